//! The Renja workbook of one OPD and year: the Renstra's programs, kegiatan
//! and sub-kegiatan with the indicative pagu, the DPA pagu and the changed
//! pagu (perubahan). The download is both the template and the export; the
//! import sets the DPA and changed pagu of every sub-kegiatan, all or nothing.

use crate::sheet::{TextWriter, add_guide, read_named_sheet};
use crate::workbook::CellError;
use domain::number::Quantity;
use domain::planning::{ElementKind, RenjaBudget, RenjaItem, renja_subtotal};
use domain::{Locale, Reason};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use std::collections::{HashMap, HashSet};
use std::str::FromStr;

pub const SHEET: &str = "Renja";
const OPD_LABEL: &str = "Perangkat Daerah";
const YEAR_LABEL: &str = "Tahun";
/// Row of the column headers (0-based; row 4 in Excel), under the OPD and year.
const HEADER_ROW: usize = 3;
const COLUMNS: [&str; 6] = ["Kode", "Jenis", "Uraian", "Pagu Indikatif Renstra", "Pagu DPA", "Pagu Perubahan"];
const PAGU: usize = 4;
const CHANGED: usize = 5;

/// What an import read: the sub-kegiatan with a budget, and how many rows the sheet had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadRenja {
    pub items: Vec<RenjaBudget>,
    pub row_count: usize,
}

fn number(value: Decimal) -> f64 {
    f64::from_str(&value.normalize().to_string()).unwrap_or_default()
}

/// The workbook of `opd`'s Renja for `year`.
pub fn write_renja(opd: &str, year: i32, lines: &[RenjaItem]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold().set_background_color("#E8EEF6").set_text_wrap();
    let money = Format::new().set_num_format("#,##0.##");
    let total = Format::new().set_num_format("#,##0.##").set_italic().set_font_color("#4A5568");
    let texts = TextWriter::new();
    let sheet = workbook.add_worksheet().set_name(SHEET)?;
    sheet.write_string_with_format(0, 0, OPD_LABEL, &bold)?;
    texts.text(sheet, 0, 1, opd)?;
    sheet.write_string_with_format(1, 0, YEAR_LABEL, &bold)?;
    sheet.write_number(1, 1, f64::from(year))?;
    for (col, header) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW as u32, col as u16, *header, &bold)?;
        sheet.set_column_width(col as u16, [22, 14, 60, 20, 20, 20][col])?;
    }
    sheet.set_freeze_panes(HEADER_ROW as u32 + 1, 3)?;
    for (offset, line) in lines.iter().enumerate() {
        let row = (HEADER_ROW + 1 + offset) as u32;
        texts.text(sheet, row, 0, &line.code)?;
        texts.text(sheet, row, 1, line.kind.key())?;
        texts.text(sheet, row, 2, &line.name)?;
        if let Some(planned) = line.planned {
            sheet.write_number_with_format(row, 3, number(planned), &money)?;
        }
        // Programs and kegiatan show their sub-kegiatan's sums, for reading only.
        let (pagu, changed, format) = if line.kind == ElementKind::SubKegiatan {
            (line.pagu, line.pagu_perubahan, &money)
        } else {
            let (pagu, changed) = renja_subtotal(lines, &line.code);
            (pagu, changed, &total)
        };
        if let Some(pagu) = pagu {
            sheet.write_number_with_format(row, PAGU as u16, number(pagu), format)?;
        }
        if let Some(changed) = changed {
            sheet.write_number_with_format(row, CHANGED as u16, number(changed), format)?;
        }
    }
    add_guide(&mut workbook, GUIDE)?;
    workbook.save_to_buffer()
}

const GUIDE: &[&str] = &[
    "Petunjuk pengisian lembar Renja",
    "1. Unduh berkas ini dari halaman Renja / DPA untuk perangkat daerah dan tahun yang dimaksud; Perangkat Daerah dan Tahun di baris 1–2 jangan diubah.",
    "2. Isi Pagu DPA dan, bila ada perubahan anggaran, Pagu Perubahan pada baris sub kegiatan. Angka boleh memakai koma atau titik desimal.",
    "3. Baris program dan kegiatan hanya informasi: jumlahnya dihitung ulang dari sub kegiatan di bawahnya dan tidak dibaca saat impor.",
    "4. Kolom Jenis, Uraian dan Pagu Indikatif Renstra juga hanya informasi. Kode harus ada dalam Renstra perangkat daerah ini.",
    "5. Sub kegiatan dengan Pagu DPA kosong dikosongkan dari Renja tahun ini saat impor.",
    "6. Satu kesalahan saja membatalkan seluruh berkas; laporan validasi menyebut lembar, baris, kolom dan alasannya.",
];

/// Reads a Renja workbook for `opd` and `year`. `known` holds the codes of
/// the Renstra's programs, kegiatan and sub-kegiatan. Every error is
/// reported; one error means nothing of the file is used.
pub fn read_renja(
    bytes: &[u8],
    opd: &str,
    year: i32,
    known: &HashMap<String, ElementKind>,
    locale: Locale,
) -> Result<ReadRenja, Vec<CellError>> {
    let error = |row: usize, column: &str, reason: Reason| CellError {
        sheet: SHEET.into(),
        row,
        column: column.into(),
        reason,
    };
    let sheet = read_named_sheet(bytes, SHEET, locale).map_err(|reason| vec![CellError::whole_file(reason)])?;
    let cell = |row: usize, col: usize| sheet.text(row, col);
    let mut errors = Vec::new();
    if !cell(0, 1).eq_ignore_ascii_case(opd.trim()) {
        errors.push(error(1, OPD_LABEL, Reason::OtherSubject));
    }
    if cell(1, 1) != year.to_string().as_str() {
        errors.push(error(2, YEAR_LABEL, Reason::OtherSubject));
    }
    for (col, name) in COLUMNS.iter().enumerate() {
        if cell(HEADER_ROW, col) != *name {
            errors.push(error(HEADER_ROW + 1, name, Reason::HeaderMismatch));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut items = Vec::new();
    let mut seen = HashSet::new();
    let mut row_count = 0;
    for row in sheet.rows().filter(|row| *row > HEADER_ROW) {
        let line = row + 1;
        let amounts = [sheet.entry(row, PAGU), sheet.entry(row, CHANGED)];
        if sheet.is_blank(row, 0..COLUMNS.len()) {
            continue;
        }
        row_count += 1;
        let code = cell(row, 0).into_owned();
        let kind = match known.get(&code) {
            _ if code.is_empty() => Err(Reason::Required),
            None => Err(Reason::NotInPlan),
            Some(_) if !seen.insert(code.clone()) => Err(Reason::AlreadyUsed),
            Some(kind) => Ok(*kind),
        };
        let kind = match kind {
            Ok(kind) => kind,
            Err(reason) => {
                errors.push(error(line, COLUMNS[0], reason));
                continue;
            }
        };
        if kind != ElementKind::SubKegiatan {
            continue;
        }
        let parsed = amounts.map(|raw| (!raw.is_empty()).then(|| Quantity::Money.parse(&raw, locale)));
        match parsed {
            [None, None] => {}
            [None, Some(_)] => errors.push(error(line, COLUMNS[PAGU], Reason::Required)),
            [Some(Ok(pagu)), Some(Ok(changed))] => {
                items.push(RenjaBudget { code: code.to_owned(), pagu, pagu_perubahan: Some(changed) })
            }
            [Some(Ok(pagu)), None] => items.push(RenjaBudget { code: code.to_owned(), pagu, pagu_perubahan: None }),
            [pagu, changed] => {
                for (col, result) in [(PAGU, pagu), (CHANGED, changed)] {
                    if let Some(Err(reason)) = result {
                        errors.push(error(line, COLUMNS[col], reason));
                    }
                }
            }
        }
    }
    if errors.is_empty() { Ok(ReadRenja { items, row_count }) } else { Err(errors) }
}

#[cfg(test)]
mod tests;
