//! Workbook cells in and out: what every workbook import shares (the plan,
//! Renja and realisation workbooks, the nomenclature list, `kinerja capaian`).
//!
//! An uploaded workbook is untrusted: a ZIP can unpack to gigabytes, and a
//! sheet can name a cell at `XFD1048576`, which a dense reader would turn
//! into half a terabyte of memory. So the package is measured before any
//! XML is parsed (parts, and their real unpacked size, counted while
//! inflating rather than taken from the headers), and the sheet is read
//! cell by cell, sparse, refusing a declared or real size beyond
//! [`LIMITS`] before anything grows. A refusal names the limit.

use calamine::{Data, DataRef, Reader, Xlsx};
use domain::validation::WorkbookLimit;
use domain::{Locale, Reason};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::str::FromStr;

/// The most any imported workbook may hold. The largest real file is the
/// national nomenclature list: about 35 000 rows of three cells.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Rows of a sheet (the last row that holds a value).
    pub rows: u32,
    /// Columns of a sheet (the last column that holds a value).
    pub columns: u32,
    /// Cells that hold a value, in the sheet read.
    pub cells: usize,
    /// The whole package unpacked, in bytes.
    pub unpacked_bytes: u64,
    /// Parts (files) in the package.
    pub parts: usize,
}

pub const LIMITS: Limits =
    Limits { rows: 100_000, columns: 200, cells: 200_000, unpacked_bytes: 64 * 1024 * 1024, parts: 1_000 };

/// One cell as the workbook holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// A number cell, exactly as its shortest decimal form.
    Number(Decimal),
}

impl Cell {
    fn of(value: DataRef<'_>) -> Option<Cell> {
        let text = match value {
            DataRef::Empty => return None,
            DataRef::String(s) => s.trim().to_owned(),
            DataRef::SharedString(s) => s.trim().to_owned(),
            // The shortest text that reads back as the same float: 1234.5, not 1234.5000000001.
            DataRef::Float(f) => match Decimal::from_str(&format!("{f}")) {
                Ok(number) => return Some(Cell::Number(number.normalize())),
                Err(_) => format!("{f}"),
            },
            DataRef::Int(i) => return Some(Cell::Number(Decimal::from(i))),
            DataRef::Bool(b) => if b { "ya" } else { "tidak" }.to_owned(),
            other => Data::from(other).to_string(),
        };
        (!text.is_empty()).then_some(Cell::Text(text))
    }
}

/// The cells of one sheet that hold a value, by 0-based row and column.
#[derive(Debug, Clone)]
pub struct Sheet {
    rows: BTreeMap<u32, Vec<(u32, Cell)>>,
    locale: Locale,
}

impl Sheet {
    fn cell(&self, row: usize, col: usize) -> Option<&Cell> {
        let cells = self.rows.get(&u32::try_from(row).ok()?)?;
        let col = u32::try_from(col).ok()?;
        cells.binary_search_by_key(&col, |(c, _)| *c).ok().map(|i| &cells[i].1)
    }

    /// A cell as text; a number as its plain decimal form (`1.02`), as codes
    /// typed into a number cell read back. Empty when the cell holds nothing.
    pub fn text(&self, row: usize, col: usize) -> Cow<'_, str> {
        match self.cell(row, col) {
            None => Cow::Borrowed(""),
            Some(Cell::Text(text)) => Cow::Borrowed(text),
            Some(Cell::Number(number)) => Cow::Owned(number.to_string()),
        }
    }

    /// A cell meant as a number, as text the user's locale reads back
    /// exactly: a number cell in the locale's entry form, text as typed.
    pub fn entry(&self, row: usize, col: usize) -> Cow<'_, str> {
        match self.cell(row, col) {
            Some(Cell::Number(number)) => Cow::Owned(domain::number::entry(*number, self.locale)),
            _ => self.text(row, col),
        }
    }

    /// The rows that hold a value, 0-based, in order.
    pub fn rows(&self) -> impl Iterator<Item = usize> + '_ {
        self.rows.keys().map(|row| *row as usize)
    }

    /// One past the last column of `row` that holds a value.
    pub fn width(&self, row: usize) -> usize {
        let cells = u32::try_from(row).ok().and_then(|row| self.rows.get(&row));
        cells.and_then(|cells| cells.last()).map_or(0, |(col, _)| (*col as usize).saturating_add(1))
    }

    /// Whether the columns `cols` of `row` hold nothing.
    pub fn is_blank(&self, row: usize, cols: std::ops::Range<usize>) -> bool {
        cols.into_iter().all(|col| self.cell(row, col).is_none())
    }

    /// The locale text cells are read in.
    pub fn locale(&self) -> Locale {
        self.locale
    }
}

/// Measures the package before any of it is parsed: the number of parts
/// and their real unpacked size.
fn check_package(bytes: &[u8], limits: &Limits) -> Result<(), Reason> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| Reason::NotAWorkbook)?;
    if archive.len() > limits.parts {
        return Err(Reason::WorkbookLimit(WorkbookLimit::Parts(limits.parts)));
    }
    let too_large = Reason::WorkbookLimit(WorkbookLimit::UnpackedMb(limits.unpacked_bytes / (1024 * 1024)));
    let mut unpacked = 0u64;
    for index in 0..archive.len() {
        let part = archive.by_index(index).map_err(|_| Reason::NotAWorkbook)?;
        let room = limits.unpacked_bytes.saturating_sub(unpacked);
        if part.size() > room {
            return Err(too_large);
        }
        // Headers can lie about the size: count what inflating really gives.
        let read = std::io::copy(&mut part.take(room.saturating_add(1)), &mut std::io::sink())
            .map_err(|_| Reason::NotAWorkbook)?;
        unpacked = unpacked.saturating_add(read);
        if unpacked > limits.unpacked_bytes {
            return Err(too_large);
        }
    }
    Ok(())
}

/// Whether a position lies inside the limits (0-based row and column).
fn check_position(row: u32, col: u32, limits: &Limits) -> Result<(), Reason> {
    if row >= limits.rows {
        return Err(Reason::WorkbookLimit(WorkbookLimit::Rows(limits.rows)));
    }
    if col >= limits.columns {
        return Err(Reason::WorkbookLimit(WorkbookLimit::Columns(limits.columns)));
    }
    Ok(())
}

fn open<'a>(bytes: &'a [u8], limits: &Limits) -> Result<Xlsx<Cursor<&'a [u8]>>, Reason> {
    check_package(bytes, limits)?;
    calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|_| Reason::NotAWorkbook)
}

fn read_cells(
    workbook: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    limits: &Limits,
    locale: Locale,
) -> Result<Sheet, Reason> {
    let mut reader = workbook.worksheet_cells_reader(name).map_err(|_| Reason::NotAWorkbook)?;
    let declared = reader.dimensions();
    if declared.end != (0, 0) || declared.start != (0, 0) {
        check_position(declared.end.0, declared.end.1, limits)?;
    }
    let mut rows: BTreeMap<u32, Vec<(u32, Cell)>> = BTreeMap::new();
    let mut count = 0usize;
    while let Some(found) = reader.next_cell().map_err(|_| Reason::NotAWorkbook)? {
        let (row, col) = found.get_position();
        let Some(cell) = Cell::of(found.get_value().clone()) else { continue };
        check_position(row, col, limits)?;
        count += 1;
        if count > limits.cells {
            return Err(Reason::WorkbookLimit(WorkbookLimit::Cells(limits.cells)));
        }
        rows.entry(row).or_default().push((col, cell));
    }
    for cells in rows.values_mut() {
        cells.sort_by_key(|(col, _)| *col);
        cells.dedup_by_key(|(col, _)| *col);
    }
    Ok(Sheet { rows, locale })
}

/// Runs a parser of untrusted bytes. The fuzz tests found that calamine
/// 0.38 subtracts without checking on a reversed `<dimension ref="B5:A1">`,
/// which panics in a debug build (and wraps, then meets our limits, in a
/// release one): whatever a parser trips on is a file it cannot read, not a crash.
pub(crate) fn guarded<T>(read: impl FnOnce() -> Result<T, Reason>) -> Result<T, Reason> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).unwrap_or(Err(Reason::NotAWorkbook))
}

/// The sheet `name` of a workbook; text cells meant as numbers are read in `locale`.
pub fn read_named_sheet(bytes: &[u8], name: &'static str, locale: Locale) -> Result<Sheet, Reason> {
    guarded(|| {
        let mut workbook = open(bytes, &LIMITS)?;
        if !workbook.sheet_names().iter().any(|n| n == name) {
            return Err(Reason::MissingSheet { sheet: name });
        }
        read_cells(&mut workbook, name, &LIMITS, locale)
    })
}

/// The first sheet of a workbook.
pub fn read_first_sheet(bytes: &[u8], locale: Locale) -> Result<Sheet, Reason> {
    read_first_sheet_within(bytes, locale, &LIMITS)
}

fn read_first_sheet_within(bytes: &[u8], locale: Locale, limits: &Limits) -> Result<Sheet, Reason> {
    guarded(|| {
        let mut workbook = open(bytes, limits)?;
        let name = workbook.sheet_names().into_iter().next().ok_or(Reason::NotAWorkbook)?;
        read_cells(&mut workbook, &name, limits, locale)
    })
}

/// Whether the bytes are a workbook that imports would read (evidence files).
pub fn is_readable_workbook(bytes: &[u8]) -> Result<(), Reason> {
    read_first_sheet(bytes, Locale::Id).map(|_| ())
}

/// Adds the guide sheet (`Petunjuk`), one line of `lines` per row.
pub(crate) fn add_guide(workbook: &mut Workbook, lines: &[&str]) -> Result<(), XlsxError> {
    let guide = workbook.add_worksheet().set_name("Petunjuk")?;
    guide.set_column_width(0, 110)?;
    for (row, text) in lines.iter().enumerate() {
        guide.write_string(row as u32, 0, *text)?;
    }
    Ok(())
}

/// Writes text cells so that no spreadsheet takes them for a formula: text
/// starting with `=`, `+`, `-`, `@`, tab or return gets Excel's quote prefix,
/// shown and kept as text.
pub(crate) struct TextWriter {
    quoted: Format,
}

impl TextWriter {
    pub(crate) fn new() -> Self {
        TextWriter { quoted: Format::new().set_quote_prefix() }
    }

    pub(crate) fn text(&self, sheet: &mut Worksheet, row: u32, col: u16, text: &str) -> Result<(), XlsxError> {
        if text.is_empty() {
            return Ok(());
        }
        if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            sheet.write_string_with_format(row, col, text, &self.quoted)?;
        } else {
            sheet.write_string(row, col, text)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{raw_workbook, sheet_xml};

    fn workbook(fill: impl FnOnce(&mut Worksheet)) -> Vec<u8> {
        let mut workbook = Workbook::new();
        fill(workbook.add_worksheet());
        workbook.save_to_buffer().unwrap()
    }

    #[test]
    fn cells_keep_their_places_and_kinds() {
        let bytes = workbook(|sheet| {
            sheet.write_string(0, 0, "code").unwrap();
            sheet.write_string(2, 0, "1.02").unwrap();
            sheet.write_number(2, 1, 1.125).unwrap();
            sheet.write_number(2, 2, 2500.0).unwrap();
        });
        let sheet = read_first_sheet(&bytes, Locale::Id).unwrap();
        assert_eq!(sheet.rows().collect::<Vec<_>>(), [0, 2]);
        assert_eq!(sheet.text(2, 0), "1.02");
        assert_eq!(sheet.text(2, 1), "1.125");
        // A number cell reads back exactly in the user's locale, never as an ambiguous text.
        assert_eq!(sheet.entry(2, 1), "1,125");
        assert_eq!(domain::number::parse(&sheet.entry(2, 1), Locale::Id), Ok(Decimal::new(1125, 3)));
        assert_eq!(sheet.entry(2, 2), "2500");
        assert_eq!(sheet.text(1, 0), "");
        assert!(sheet.is_blank(1, 0..5));
        assert_eq!(read_first_sheet(b"plain text", Locale::Id).unwrap_err(), Reason::NotAWorkbook);
    }

    #[test]
    fn a_hand_written_sheet_reads() {
        let bytes = raw_workbook(&sheet_xml("A1:B2", r#"<row r="2"><c r="B2"><v>7</v></c></row>"#), &[]);
        let sheet = read_first_sheet(&bytes, Locale::Id).unwrap();
        assert_eq!(sheet.entry(1, 1), "7");
    }

    #[test]
    fn the_last_cell_of_excel_is_refused_before_anything_grows() {
        // The file that aborted the server: one cell at XFD1048576.
        let cells = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#;
        let lying = raw_workbook(&sheet_xml("A1", cells), &[]);
        assert_eq!(
            read_first_sheet(&lying, Locale::Id).unwrap_err(),
            Reason::WorkbookLimit(WorkbookLimit::Rows(100_000))
        );
        let declared = raw_workbook(&sheet_xml("A1:XFD1048576", ""), &[]);
        assert_eq!(
            read_first_sheet(&declared, Locale::Id).unwrap_err(),
            Reason::WorkbookLimit(WorkbookLimit::Rows(100_000))
        );
        let wide = raw_workbook(&sheet_xml("A1", r#"<row r="1"><c r="ZZ1"><v>1</v></c></row>"#), &[]);
        assert_eq!(
            read_first_sheet(&wide, Locale::Id).unwrap_err(),
            Reason::WorkbookLimit(WorkbookLimit::Columns(200))
        );
    }

    #[test]
    fn too_many_cells_or_bytes_are_refused() {
        let small = Limits { rows: 1_000, columns: 10, cells: 50, unpacked_bytes: 64 * 1024, parts: 20 };
        let cells: String = (1..=60).map(|r| format!(r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"#)).collect();
        let many = raw_workbook(&sheet_xml("A1:A60", &cells), &[]);
        assert_eq!(
            read_first_sheet_within(&many, Locale::Id, &small).unwrap_err(),
            Reason::WorkbookLimit(WorkbookLimit::Cells(50))
        );
        // A part that inflates past the limit (a ZIP bomb in miniature).
        let bomb = raw_workbook(&sheet_xml("A1", ""), &[("xl/filler.xml", vec![b' '; 200 * 1024])]);
        assert!(bomb.len() < 20 * 1024);
        assert_eq!(
            read_first_sheet_within(&bomb, Locale::Id, &small).unwrap_err(),
            Reason::WorkbookLimit(WorkbookLimit::UnpackedMb(0))
        );
        let parts: Vec<(String, Vec<u8>)> = (0..30).map(|i| (format!("xl/p{i}.xml"), Vec::new())).collect();
        let parts: Vec<(&str, Vec<u8>)> = parts.iter().map(|(n, c)| (n.as_str(), c.clone())).collect();
        let crowded = raw_workbook(&sheet_xml("A1", ""), &parts);
        assert_eq!(
            read_first_sheet_within(&crowded, Locale::Id, &small).unwrap_err(),
            Reason::WorkbookLimit(WorkbookLimit::Parts(20))
        );
    }
}
