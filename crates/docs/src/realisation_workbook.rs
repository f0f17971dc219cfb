//! The realisation workbook of one OPD and quarter: every line the OPD
//! reports on with the quarter's target, for bulk entry of actuals and
//! narratives, and the sub-kegiatan with their pagu for the budget spent.
//! The import takes all of it or nothing, like the planning workbooks.

use crate::sheet::{Sheet, TextWriter, add_guide, read_named_sheet};
use crate::workbook::CellError;
use domain::realisation::{Entry, Subject, parse_spent};
use domain::{Locale, Reason};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use std::collections::HashSet;
use std::str::FromStr;

pub const SHEET: &str = "Realisasi";
pub const BUDGET_SHEET: &str = "Anggaran";
const OPD_LABEL: &str = "Perangkat Daerah";
const YEAR_LABEL: &str = "Tahun";
const QUARTER_LABEL: &str = "Triwulan";
/// Row of the column headers (0-based; row 5 in Excel), under OPD, year and quarter.
const HEADER_ROW: usize = 4;
const COLUMNS: [&str; 9] = [
    "Kode",
    "Sasaran / Program",
    "Indikator",
    "Satuan",
    "Target Triwulan",
    "Realisasi",
    "Yang Dicapai",
    "Kendala",
    "Tindak Lanjut",
];
const BUDGET_COLUMNS: [&str; 4] = ["Kode", "Sub Kegiatan", "Pagu", "Realisasi Anggaran Triwulan"];

/// One line of the template.
pub struct TemplateLine<'a> {
    pub subject: Subject,
    pub element: &'a str,
    pub indicator: &'a str,
    pub unit: &'a str,
    pub target: Option<Decimal>,
    pub entry: Option<&'a Entry>,
}

/// One sub-kegiatan of the template's budget sheet.
pub struct TemplateBudget<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub pagu: Option<Decimal>,
    pub spent: Option<Decimal>,
}

/// What an import read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadRealisation {
    pub entries: Vec<(Subject, Entry)>,
    pub spent: Vec<(String, Decimal)>,
    /// The sheet row (1-based) of each entry, in the same order, for reports on them.
    pub rows: Vec<usize>,
}

/// The column of the actual, where a value outside its plausible range is reported.
pub const ACTUAL_COLUMN: &str = COLUMNS[5];

fn number(value: Decimal) -> f64 {
    f64::from_str(&value.normalize().to_string()).unwrap_or_default()
}

const GUIDE: &[&str] = &[
    "Petunjuk pengisian realisasi triwulan",
    "1. Unduh berkas ini dari halaman realisasi perangkat daerah untuk triwulan yang dimaksud; baris 1–3 (Perangkat Daerah, Tahun, Triwulan) jangan diubah.",
    "2. Isi kolom Realisasi dengan angka (sel angka Excel, atau teks seperti 1.250,5; titik dengan tepat tiga angka di belakangnya, mis. 2.500, ditolak karena bisa berarti 2500 atau 2,5), lalu Yang Dicapai, Kendala dan Tindak Lanjut.",
    "   Mengosongkan sel Realisasi tidak menghapus nilai yang sudah tersimpan; menghapus dilakukan di halaman realisasi.",
    "3. Kolom Kode, Sasaran / Program, Indikator, Satuan dan Target hanya informasi; Kode harus tetap seperti di templat.",
    "4. Di lembar Anggaran, isi realisasi anggaran triwulan ini untuk tiap sub kegiatan (Rupiah, tidak boleh negatif).",
    "5. Satu kesalahan saja membatalkan seluruh berkas; laporan validasi menyebut lembar, baris, kolom dan alasannya.",
    "6. Bukti dukung (PDF, gambar, Excel) diunggah di halaman realisasi, tidak lewat berkas ini.",
];

/// The template, filled with what is already entered.
pub fn write_realisation(
    opd: &str,
    year: i32,
    quarter: &str,
    lines: &[TemplateLine<'_>],
    budget: &[TemplateBudget<'_>],
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0.00");
    let texts = TextWriter::new();
    let sheet = workbook.add_worksheet().set_name(SHEET)?;
    for (row, (label, value)) in
        [(OPD_LABEL, opd.to_owned()), (YEAR_LABEL, year.to_string()), (QUARTER_LABEL, quarter.to_owned())]
            .iter()
            .enumerate()
    {
        sheet.write_string_with_format(row as u32, 0, *label, &bold)?;
        texts.text(sheet, row as u32, 1, value)?;
    }
    for (col, name) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW as u32, col as u16, *name, &bold)?;
    }
    for (col, width) in [10, 40, 40, 12, 14, 14, 40, 40, 40].iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }
    for (index, line) in lines.iter().enumerate() {
        let row = (HEADER_ROW + 1 + index) as u32;
        texts.text(sheet, row, 0, &line.subject.key())?;
        texts.text(sheet, row, 1, line.element)?;
        texts.text(sheet, row, 2, line.indicator)?;
        texts.text(sheet, row, 3, line.unit)?;
        if let Some(target) = line.target {
            sheet.write_number(row, 4, number(target))?;
        }
        if let Some(entry) = line.entry {
            if let Some(actual) = entry.actual {
                sheet.write_number(row, 5, number(actual))?;
            }
            texts.text(sheet, row, 6, &entry.narrative.achieved)?;
            texts.text(sheet, row, 7, &entry.narrative.obstacles)?;
            texts.text(sheet, row, 8, &entry.narrative.follow_up)?;
        }
    }
    let sheet = workbook.add_worksheet().set_name(BUDGET_SHEET)?;
    for (col, name) in BUDGET_COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, &bold)?;
    }
    for (col, width) in [22, 60, 20, 26].iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }
    for (index, item) in budget.iter().enumerate() {
        let row = (index + 1) as u32;
        texts.text(sheet, row, 0, item.code)?;
        texts.text(sheet, row, 1, item.name)?;
        if let Some(pagu) = item.pagu {
            sheet.write_number_with_format(row, 2, number(pagu), &money)?;
        }
        if let Some(spent) = item.spent {
            sheet.write_number_with_format(row, 3, number(spent), &money)?;
        }
    }
    add_guide(&mut workbook, GUIDE)?;
    workbook.save_to_buffer()
}

/// Reads a realisation workbook for `opd`, `year` and `quarter`. `subjects`
/// are the lines the OPD reports on, `codes` its sub-kegiatan. Every error
/// is reported; one error means nothing of the file is used.
pub fn read_realisation(
    bytes: &[u8],
    opd: &str,
    year: i32,
    quarter: &str,
    subjects: &HashSet<Subject>,
    codes: &HashSet<String>,
    locale: Locale,
) -> Result<ReadRealisation, Vec<CellError>> {
    let sheet = read_named_sheet(bytes, SHEET, locale).map_err(|reason| vec![CellError::whole_file(reason)])?;
    let cell = |row: usize, col: usize| sheet.text(row, col);
    let error = |sheet: &str, row: usize, column: &str, reason: Reason| CellError {
        sheet: sheet.into(),
        row,
        column: column.into(),
        reason,
    };
    let mut errors = Vec::new();
    for (row, label, expected) in
        [(0, OPD_LABEL, opd.to_owned()), (1, YEAR_LABEL, year.to_string()), (2, QUARTER_LABEL, quarter.to_owned())]
    {
        if !cell(row, 1).eq_ignore_ascii_case(expected.trim()) {
            errors.push(error(SHEET, row + 1, label, Reason::OtherSubject));
        }
    }
    for (col, name) in COLUMNS.iter().enumerate() {
        if cell(HEADER_ROW, col) != *name {
            errors.push(error(SHEET, HEADER_ROW + 1, name, Reason::HeaderMismatch));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut entries = Vec::new();
    let mut rows = Vec::new();
    let mut seen = HashSet::new();
    for row in sheet.rows().filter(|row| *row > HEADER_ROW) {
        if sheet.is_blank(row, 0..COLUMNS.len()) {
            continue;
        }
        let line = row + 1;
        let subject = match Subject::parse(&cell(row, 0)) {
            Ok(subject) if !subjects.contains(&subject) => Err(Reason::NotInPlan),
            Ok(subject) if !seen.insert(subject) => Err(Reason::AlreadyUsed),
            other => other,
        };
        let subject = subject.map_err(|reason| errors.push(error(SHEET, line, COLUMNS[0], reason))).ok();
        let entry = Entry::parse(&sheet.entry(row, 5), &cell(row, 6), &cell(row, 7), &cell(row, 8), locale).map_err(
            |invalid| {
                for field in invalid.0 {
                    let column = match field.field {
                        "actual" => COLUMNS[5],
                        "achieved" => COLUMNS[6],
                        "obstacles" => COLUMNS[7],
                        _ => COLUMNS[8],
                    };
                    errors.push(error(SHEET, line, column, field.reason));
                }
            },
        );
        if let (Some(subject), Ok(entry)) = (subject, entry) {
            entries.push((subject, entry));
            rows.push(line);
        }
    }
    let spent = match read_named_sheet(bytes, BUDGET_SHEET, locale) {
        Ok(budget) => read_budget(&budget, codes, &mut errors),
        Err(reason) => {
            errors.push(CellError::whole_file(reason));
            Vec::new()
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ReadRealisation { entries, spent, rows })
}

fn read_budget(sheet: &Sheet, codes: &HashSet<String>, errors: &mut Vec<CellError>) -> Vec<(String, Decimal)> {
    let cell = |row: usize, col: usize| sheet.text(row, col);
    let error = |row: usize, column: &str, reason: Reason| CellError {
        sheet: BUDGET_SHEET.into(),
        row,
        column: column.into(),
        reason,
    };
    for (col, name) in BUDGET_COLUMNS.iter().enumerate() {
        if cell(0, col) != *name {
            errors.push(error(1, name, Reason::HeaderMismatch));
            return Vec::new();
        }
    }
    let mut spent = Vec::new();
    let mut seen = HashSet::new();
    for row in sheet.rows().filter(|row| *row > 0) {
        let code = cell(row, 0);
        let code = code.as_ref();
        if code.is_empty() && sheet.is_blank(row, 3..4) {
            continue;
        }
        let line = row + 1;
        if !codes.contains(code) {
            errors.push(error(line, BUDGET_COLUMNS[0], Reason::NotInPlan));
            continue;
        }
        if !seen.insert(code.to_owned()) {
            errors.push(error(line, BUDGET_COLUMNS[0], Reason::AlreadyUsed));
            continue;
        }
        match parse_spent(&sheet.entry(row, 3), sheet.locale()) {
            Ok(Some(amount)) => spent.push((code.to_owned(), amount)),
            Ok(None) => {}
            Err(reason) => errors.push(error(line, BUDGET_COLUMNS[3], reason)),
        }
    }
    spent
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::realisation::Narrative;

    fn template() -> Vec<u8> {
        let entry = Entry { actual: Some(Decimal::new(875, 1)), narrative: Narrative::default() };
        let lines = [
            TemplateLine {
                subject: Subject::Indicator(7),
                element: "Meningkatnya derajat kesehatan",
                indicator: "Cakupan imunisasi",
                unit: "%",
                target: Some(Decimal::from(90)),
                entry: Some(&entry),
            },
            TemplateLine {
                subject: Subject::PkRow(3),
                element: "Sasaran",
                indicator: "Lain",
                unit: "dok",
                target: None,
                entry: None,
            },
        ];
        let budget =
            [TemplateBudget { code: "1.02.02.2.01.0001", name: "Sub", pagu: Some(Decimal::from(1000)), spent: None }];
        write_realisation("Dinas Kesehatan", 2026, "TW III", &lines, &budget).unwrap()
    }

    fn known() -> (HashSet<Subject>, HashSet<String>) {
        (
            [Subject::Indicator(7), Subject::PkRow(3)].into_iter().collect(),
            ["1.02.02.2.01.0001".to_owned()].into_iter().collect(),
        )
    }

    #[test]
    fn the_template_reads_back_with_what_was_entered() {
        let (subjects, codes) = known();
        let read =
            read_realisation(&template(), "Dinas Kesehatan", 2026, "TW III", &subjects, &codes, Locale::Id).unwrap();
        assert_eq!(read.entries.len(), 2);
        assert_eq!(read.entries[0].1.actual, Some(Decimal::new(875, 1)));
        assert_eq!(read.entries[1].1.actual, None);
        assert!(read.spent.is_empty());
    }

    #[test]
    fn another_quarter_or_an_unknown_code_refuses_the_whole_file() {
        let (subjects, codes) = known();
        let errors =
            read_realisation(&template(), "Dinas Kesehatan", 2026, "TW II", &subjects, &codes, Locale::Id).unwrap_err();
        assert_eq!(errors[0].reason, Reason::OtherSubject);
        let only_pk: HashSet<Subject> = [Subject::PkRow(3)].into_iter().collect();
        let errors =
            read_realisation(&template(), "Dinas Kesehatan", 2026, "TW III", &only_pk, &codes, Locale::Id).unwrap_err();
        assert_eq!((errors[0].row, errors[0].reason.clone()), (6, Reason::NotInPlan));
        assert_eq!(
            read_realisation(b"not a workbook", "x", 2026, "TW I", &subjects, &codes, Locale::Id).unwrap_err()[0]
                .reason,
            Reason::NotAWorkbook
        );
    }
}
