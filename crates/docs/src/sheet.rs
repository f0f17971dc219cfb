//! Workbook cells as text, in and out: what the planning and Renja
//! workbooks and the reference-list imports share.

use calamine::{Data, Reader, Xlsx};
use domain::Reason;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use std::io::Cursor;

pub(crate) fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_owned(),
        // Shortest text that reads back as the same float: 1234.5, not 1234.5000000001.
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "ya" } else { "tidak" }.to_owned(),
        other => other.to_string(),
    }
}

/// The rows of the sheet `name` as text, from the sheet's first row (A1 when
/// it is not empty), each padded on the left so that index 0 is column A.
/// Also the 0-based index of that first row.
pub(crate) fn named_sheet_rows(bytes: &[u8], name: &'static str) -> Result<(usize, Vec<Vec<String>>), Reason> {
    let mut workbook: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|_| Reason::NotAWorkbook)?;
    let range = workbook.worksheet_range(name).map_err(|_| Reason::MissingSheet { sheet: name })?;
    let (first_row, first_col) = range.start().map_or((0, 0), |(r, c)| (r as usize, c as usize));
    let rows = range
        .rows()
        .map(|cells| {
            let mut row: Vec<String> = std::iter::repeat_n(String::new(), first_col).collect();
            row.extend(cells.iter().map(cell_text));
            row
        })
        .collect();
    Ok((first_row, rows))
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

/// The first sheet's rows as text, each with its 1-based row number; `None`
/// when the bytes are not a readable workbook.
pub fn first_sheet_rows(bytes: &[u8]) -> Option<Vec<(usize, Vec<String>)>> {
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).ok()?;
    let range = workbook.worksheet_range_at(0)?.ok()?;
    let first = range.start().map_or(0, |(row, _)| row as usize);
    Some(range.rows().enumerate().map(|(i, cells)| (first + i + 1, cells.iter().map(cell_text).collect())).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_keep_their_numbers() {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.write_string(0, 0, "code").unwrap();
        sheet.write_string(2, 0, "1.02").unwrap();
        sheet.write_number(2, 1, 7.0).unwrap();
        let rows = first_sheet_rows(&workbook.save_to_buffer().unwrap()).unwrap();
        assert_eq!(rows[0], (1, vec!["code".to_owned(), String::new()]));
        assert_eq!(rows[2], (3, vec!["1.02".to_owned(), "7".to_owned()]));
        assert!(first_sheet_rows(b"plain text").is_none());
    }
}
