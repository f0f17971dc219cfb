//! The planning workbook: one sheet, `Rencana`, with a row per indicator
//! (or per element without one). Templates, exports and imports share the
//! layout, so an export imports back unchanged.

use crate::sheet::{TextWriter, add_guide, read_named_sheet};
use domain::cascade::{ElementContent, IndicatorContent, Plan};
use domain::number::Quantity;
use domain::planning::{ElementDraft, IndicatorDraft, IndicatorInput, Period, PlanKind, Target};
use domain::{Invalid, Locale, Reason};
use rust_xlsxwriter::{DataValidation, Format, Workbook, XlsxError};
use std::collections::HashMap;
use std::str::FromStr;

pub const SHEET: &str = "Rencana";

/// The fixed columns, left to right, before the yearly ones.
const FIXED: &[(&str, &str)] = &[
    ("kind", "Jenis"),
    ("code", "Kode"),
    ("name", "Uraian"),
    ("parent_code", "Kode Induk"),
    ("supports", "Mendukung Sasaran RPJMD"),
    ("indicator", "Indikator"),
    ("definition", "Definisi Operasional"),
    ("formula", "Rumus"),
    ("unit", "Satuan"),
    ("polarity", "Polaritas"),
    ("value_kind", "Jenis Nilai"),
    ("aggregation", "Agregasi Triwulan"),
    ("data_source", "Sumber Data"),
    ("responsible_opd", "OPD Penanggung Jawab"),
    ("is_iku", "IKU"),
    ("baseline", "Kondisi Awal"),
];
const TARGET_PREFIX: &str = "Target ";
const FINAL: &str = "Kondisi Akhir";
const BUDGET_PREFIX: &str = "Pagu ";
/// The indicator's own plausible range, last: workbooks written before
/// these columns existed still import, and keep the range the kind implies.
const PLAUSIBLE: [&str; 2] = ["Batas Wajar Bawah", "Batas Wajar Atas"];

/// A rejected cell (or row, or the header), located as a spreadsheet user sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError {
    pub sheet: String,
    /// 1-based, as Excel numbers rows.
    pub row: usize,
    /// The column header, e.g. `Kode` or `Target 2027`.
    pub column: String,
    pub reason: Reason,
}

impl CellError {
    /// The file as a whole: not a workbook, or without the expected sheet.
    pub fn whole_file(reason: Reason) -> Self {
        CellError { sheet: String::new(), row: 0, column: String::new(), reason }
    }

    pub fn message(&self, locale: Locale) -> String {
        self.reason.message(locale)
    }
}

fn headers(period: Period) -> Vec<String> {
    let mut out: Vec<String> = FIXED.iter().map(|(_, h)| (*h).to_owned()).collect();
    out.extend(period.years().map(|y| format!("{TARGET_PREFIX}{y}")));
    out.push(FINAL.to_owned());
    out.extend(period.years().map(|y| format!("{BUDGET_PREFIX}{y}")));
    out.extend(PLAUSIBLE.map(str::to_owned));
    out
}

struct Writer<'a> {
    sheet: &'a mut rust_xlsxwriter::Worksheet,
    texts: TextWriter,
    money: Format,
}

impl Writer<'_> {
    fn text(&mut self, row: u32, col: u16, text: &str) -> Result<(), XlsxError> {
        self.texts.text(self.sheet, row, col, text)
    }
}

fn level_names(kind: PlanKind) -> Vec<String> {
    domain::planning::ElementKind::of_plan(kind).map(|k| k.key().to_owned()).collect()
}

/// The workbook of a plan; with no elements it is the empty template.
pub fn write_plan(plan: &Plan, opd_names: &HashMap<i64, String>) -> Result<Vec<u8>, XlsxError> {
    let period = plan.header.period;
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold().set_background_color("#E8EEF6").set_text_wrap();
    let sheet = workbook.add_worksheet().set_name(SHEET)?;
    let columns = headers(period);
    for (col, header) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, header, &bold)?;
        sheet.set_column_width(col as u16, if col == 2 || col == 5 { 48 } else { 16 })?;
    }
    sheet.set_freeze_panes(1, 3)?;
    let last = 10_000;
    let lists: [(usize, Vec<String>); 4] = [
        (0, level_names(plan.header.kind)),
        (9, domain::planning::Polarity::ALL.iter().map(|p| p.key().to_owned()).collect()),
        (10, domain::planning::ValueKind::ALL.iter().map(|p| p.key().to_owned()).collect()),
        (11, domain::planning::Aggregation::ALL.iter().map(|p| p.key().to_owned()).collect()),
    ];
    for (col, values) in lists {
        let validation = DataValidation::new().allow_list_strings(&values)?;
        sheet.add_data_validation(1, col as u16, last, col as u16, &validation)?;
    }
    let years: Vec<i32> = period.years().collect();
    let target_col = FIXED.len() as u16;
    let final_col = target_col + years.len() as u16;
    let budget_col = final_col + 1;
    let mut out = Writer { sheet, texts: TextWriter::new(), money: Format::new().set_num_format("#,##0.##") };
    let mut row = 1u32;
    for (_, element) in plan.in_tree_order() {
        let draft = &element.draft;
        let indicators: Vec<Option<&IndicatorContent>> =
            if element.indicators.is_empty() { vec![None] } else { element.indicators.iter().map(Some).collect() };
        for (index, indicator) in indicators.into_iter().enumerate() {
            out.text(row, 0, draft.kind.key())?;
            out.text(row, 1, &draft.code)?;
            out.text(row, 2, &draft.name)?;
            out.text(row, 3, draft.parent_code.as_deref().unwrap_or_default())?;
            out.text(row, 4, &element.supports.join("; "))?;
            if let Some(indicator) = indicator {
                let i = &indicator.draft;
                let opd = i.responsible_opd.and_then(|o| opd_names.get(&o)).map(String::as_str).unwrap_or_default();
                let cells: [&str; 10] = [
                    &i.name,
                    i.definition.as_deref().unwrap_or_default(),
                    i.formula.as_deref().unwrap_or_default(),
                    &i.unit,
                    i.polarity.key(),
                    i.value_kind.key(),
                    i.aggregation.key(),
                    i.data_source.as_deref().unwrap_or_default(),
                    opd,
                    if i.is_iku { "ya" } else { "tidak" },
                ];
                for (offset, cell) in cells.iter().enumerate() {
                    out.text(row, 5 + offset as u16, cell)?;
                }
                // The English entry form reads back the same in either locale (`12.1250`, never `12.125`).
                let text = |t: &Target| t.entry(Locale::En);
                out.text(row, 15, &i.baseline.as_ref().map(text).unwrap_or_default())?;
                for (year, target) in &i.targets {
                    if let Some(offset) = years.iter().position(|y| y == year) {
                        out.text(row, target_col + offset as u16, &text(target))?;
                    }
                }
                out.text(row, final_col, &i.final_target.as_ref().map(text).unwrap_or_default())?;
                let plausible_col = budget_col + years.len() as u16;
                for (offset, bound) in [i.plausible_min, i.plausible_max].into_iter().enumerate() {
                    if let Some(bound) = bound {
                        out.text(row, plausible_col + offset as u16, &domain::number::entry(bound, Locale::En))?;
                    }
                }
            }
            // The budget is the element's: written once, on its first row.
            if index == 0 {
                for (year, pagu) in &element.budgets {
                    if let Some(offset) = years.iter().position(|y| y == year) {
                        let value = f64::from_str(&pagu.normalize().to_string()).unwrap_or_default();
                        out.sheet.write_number_with_format(row, budget_col + offset as u16, value, &out.money)?;
                    }
                }
            }
            row += 1;
        }
    }
    add_guide(&mut workbook, GUIDE)?;
    workbook.save_to_buffer()
}

const GUIDE: &[&str] = &[
    "Petunjuk pengisian lembar Rencana",
    "1. Satu baris untuk setiap indikator. Elemen dengan beberapa indikator ditulis pada beberapa baris dengan Jenis, Kode, Uraian dan Kode Induk yang sama.",
    "2. Jenis: misi, tujuan, sasaran, strategi, arah_kebijakan (RPJMD); tujuan, sasaran, program, kegiatan, sub_kegiatan (Renstra).",
    "3. Kode program/kegiatan/sub kegiatan mengikuti nomenklatur Permendagri 90/2019 yang berlaku, mis. 1.02.02.2.01.0001. Kode lain bebas, mis. T1, S1.2.",
    "4. Kode Induk: kode elemen di atasnya pada lembar ini (kosong untuk misi RPJMD dan tujuan Renstra).",
    "5. Mendukung Sasaran RPJMD (khusus sasaran Renstra): kode sasaran RPJMD, dipisah titik koma.",
    "6. Polaritas: higher (semakin tinggi semakin baik), lower (semakin rendah semakin baik), range (dalam rentang).",
    "7. Target: angka (12,5 atau 12.5; titik dengan tepat tiga angka di belakangnya, mis. 2.500, ditolak karena bisa berarti 2500 atau 2,5), rentang (10 - 12) untuk polaritas range, atau tingkat kualitatif untuk jenis nilai level.",
    "8. Pagu diisi sekali pada baris pertama elemen program/kegiatan/sub kegiatan.",
    "9. Satu kesalahan saja membatalkan seluruh berkas; laporan validasi menyebut lembar, baris, kolom dan alasannya.",
    "10. Batas Wajar Bawah/Atas (boleh kosong): rentang realisasi yang wajar; nilai di luar rentang ini diminta konfirmasi saat diisi. Kosong: persentase 0–100, angka/indeks/rasio tidak negatif.",
];

/// What an import read: the plan's content, and the row each element code first appears on.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadPlan {
    pub elements: Vec<ElementContent>,
    pub rows: HashMap<String, usize>,
    /// Rows of the sheet, header excluded.
    pub row_count: usize,
}

/// Reads a workbook for a plan of `kind` over `period`. OPD names are
/// matched case-insensitively against `opds`. Every error is reported; one
/// error means nothing of the file is used.
pub fn read_plan(
    bytes: &[u8],
    kind: PlanKind,
    period: Period,
    opds: &[(i64, String)],
    locale: Locale,
) -> Result<ReadPlan, Vec<CellError>> {
    let error = |row: usize, column: &str, reason: Reason| CellError {
        sheet: SHEET.into(),
        row,
        column: column.into(),
        reason,
    };
    let sheet = read_named_sheet(bytes, SHEET, locale).map_err(|reason| vec![CellError::whole_file(reason)])?;
    if sheet.rows().next() != Some(0) {
        return Err(vec![error(1, "", Reason::HeaderMismatch)]);
    }
    let expected = headers(period);
    let plausible_col = expected.len() - PLAUSIBLE.len();
    let has_plausible = !sheet.is_blank(0, plausible_col..expected.len());
    let mut header_errors = Vec::new();
    for (col, name) in expected.iter().enumerate() {
        if (col < plausible_col || has_plausible) && sheet.text(0, col).trim() != name.as_str() {
            header_errors.push(error(1, name, Reason::HeaderMismatch));
        }
    }
    if !header_errors.is_empty() {
        return Err(header_errors);
    }
    let years: Vec<i32> = period.years().collect();
    let target_col = FIXED.len();
    let final_col = target_col + years.len();
    let budget_col = final_col + 1;
    let opd_by_name: HashMap<String, i64> = opds.iter().map(|(id, name)| (name.to_lowercase(), *id)).collect();

    let mut errors = Vec::new();
    let mut elements: Vec<ElementContent> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut first_rows: HashMap<String, usize> = HashMap::new();
    let mut row_count = 0usize;
    for row in sheet.rows().skip(1) {
        let line = row.saturating_add(1);
        row_count = row_count.saturating_add(1);
        let get = |col: usize| sheet.text(row, col);
        let number = |col: usize| sheet.entry(row, col);
        let column_of = |field: &str| -> String {
            FIXED.iter().find(|(f, _)| *f == field).map(|(_, h)| (*h).to_owned()).unwrap_or_else(|| {
                years
                    .iter()
                    .position(|y| domain::planning::target_field(period, *y) == field)
                    .map(|i| expected[target_col + i].clone())
                    .unwrap_or_else(|| field.to_owned())
            })
        };
        let draft = match ElementDraft::parse(kind, &get(0), &get(1), &get(2), &get(3)) {
            Ok(draft) => draft,
            Err(invalid) => {
                located(&mut errors, line, invalid, &|f| if f == "kind" { FIXED[0].1.into() } else { column_of(f) });
                continue;
            }
        };
        let supports: Vec<String> =
            get(4).split(';').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect();
        let may_support = kind == PlanKind::Renstra && draft.kind == domain::planning::ElementKind::Sasaran;
        if !supports.is_empty() && !may_support {
            errors.push(error(line, FIXED[4].1, Reason::NotInPlan));
        }
        let mut budgets = Vec::new();
        for (i, year) in years.iter().enumerate() {
            let raw = number(budget_col + i);
            if raw.is_empty() {
                continue;
            }
            match Quantity::Money.parse(&raw, locale) {
                Ok(amount) if draft.kind.has_budget() => budgets.push((*year, amount)),
                Ok(_) => errors.push(error(line, &expected[budget_col + i], Reason::NotInPlan)),
                Err(reason) => errors.push(error(line, &expected[budget_col + i], reason)),
            }
        }
        let indicator = if get(5).is_empty() {
            None
        } else {
            let responsible = get(13);
            let responsible = responsible.as_ref();
            let responsible_opd = if responsible.is_empty() {
                String::new()
            } else if let Some(id) = opd_by_name.get(&responsible.to_lowercase()) {
                id.to_string()
            } else {
                errors.push(error(line, FIXED[13].1, Reason::NotFound));
                String::new()
            };
            let input = IndicatorInput {
                name: get(5).into(),
                definition: get(6).into(),
                formula: get(7).into(),
                unit: get(8).into(),
                polarity: get(9).into(),
                value_kind: get(10).into(),
                aggregation: get(11).into(),
                data_source: get(12).into(),
                responsible_opd,
                is_iku: get(14).into(),
                baseline: number(15).into(),
                final_target: number(final_col).into(),
                targets: years
                    .iter()
                    .enumerate()
                    .map(|(i, y)| (*y, number(target_col + i).into_owned()))
                    .filter(|(_, t)| !t.is_empty())
                    .collect(),
                plausible_min: number(plausible_col).into(),
                plausible_max: number(plausible_col + 1).into(),
            };
            match IndicatorDraft::parse(&input, period, locale) {
                Ok(draft) => Some(draft),
                Err(invalid) => {
                    let rename = |f: &str| match f {
                        "name" => FIXED[5].1.to_owned(),
                        "final_target" => FINAL.to_owned(),
                        "plausible_min" => PLAUSIBLE[0].to_owned(),
                        "plausible_max" => PLAUSIBLE[1].to_owned(),
                        other => column_of(other),
                    };
                    located(&mut errors, line, invalid, &rename);
                    None
                }
            }
        };
        if indicator.is_some() && !draft.kind.has_indicators() {
            errors.push(error(line, FIXED[5].1, Reason::NotInPlan));
        }
        match index.get(&draft.code) {
            Some(&at) => {
                // A further row of the same element: it must say the same.
                let existing = &mut elements[at];
                if existing.draft != draft || (!supports.is_empty() && supports != existing.supports) {
                    errors.push(error(line, FIXED[1].1, Reason::AlreadyUsed));
                }
                if !budgets.is_empty() {
                    if existing.budgets.is_empty() {
                        existing.budgets = budgets;
                    } else {
                        errors.push(error(line, &expected[budget_col], Reason::AlreadyUsed));
                    }
                }
                existing.indicators.extend(indicator.map(|draft| IndicatorContent { id: None, draft }));
            }
            None => {
                index.insert(draft.code.clone(), elements.len());
                first_rows.insert(draft.code.clone(), line);
                elements.push(ElementContent {
                    id: None,
                    indicators: indicator.map(|draft| IndicatorContent { id: None, draft }).into_iter().collect(),
                    budgets,
                    supports,
                    draft,
                });
            }
        }
    }
    // Parents must be in the file, of the level above.
    for element in &elements {
        if let Some(parent) = &element.draft.parent_code {
            let line = first_rows.get(&element.draft.code).copied().unwrap_or_default();
            match index.get(parent).map(|&i| elements[i].draft.kind) {
                None => errors.push(error(line, FIXED[3].1, Reason::NotFound)),
                Some(found) if element.draft.kind.parent_in(kind) != Ok(Some(found)) => {
                    errors.push(error(line, FIXED[3].1, Reason::WrongParent))
                }
                Some(_) => {}
            }
        }
    }
    if errors.is_empty() {
        Ok(ReadPlan { elements, rows: first_rows, row_count })
    } else {
        errors.sort_by_key(|e| e.row);
        Err(errors)
    }
}

/// Adds the field errors of one row, each under its column's header.
fn located(errors: &mut Vec<CellError>, row: usize, invalid: Invalid, column: &dyn Fn(&str) -> String) {
    errors.extend(invalid.0.into_iter().map(|e| CellError {
        sheet: SHEET.into(),
        row,
        column: column(e.field),
        reason: e.reason,
    }));
}

/// The column a nomenclature problem is reported in.
pub fn code_column() -> &'static str {
    FIXED[1].1
}

#[cfg(test)]
mod tests;
