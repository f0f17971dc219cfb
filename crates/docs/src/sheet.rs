//! Plain rows of text from the first sheet of a workbook, for reference
//! lists (such as the nomenclature) that arrive as XLSX instead of CSV.

use calamine::{Data, Reader, Xlsx};
use std::io::Cursor;

/// The first sheet's rows as text, each with its 1-based row number; `None`
/// when the bytes are not a readable workbook.
pub fn first_sheet_rows(bytes: &[u8]) -> Option<Vec<(usize, Vec<String>)>> {
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).ok()?;
    let range = workbook.worksheet_range_at(0)?.ok()?;
    let first = range.start().map_or(0, |(row, _)| row as usize);
    Some(
        range
            .rows()
            .enumerate()
            .map(|(i, cells)| {
                let text = cells
                    .iter()
                    .map(|c| match c {
                        Data::Empty => String::new(),
                        Data::String(s) => s.trim().to_owned(),
                        other => other.to_string(),
                    })
                    .collect();
                (first + i + 1, text)
            })
            .collect(),
    )
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
