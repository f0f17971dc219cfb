//! Laporan Capaian Kinerja Triwulan, for one OPD or the whole pemda, as PDF
//! (typst) and XLSX. The caller formats every figure; this module lays out.

use crate::pdf::{self, PdfError, Template};
use crate::sheet::TextWriter;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use serde::Serialize;

const TEMPLATE: Template = Template { name: "quarterly.typ", source: include_str!("../templates/quarterly.typ") };

#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    pub label: String,
    pub value: String,
}

/// One bar of a chart: the value in percent, and the figure printed beside it.
#[derive(Debug, Clone, Serialize)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub text: String,
    pub colour: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorRow {
    pub group: String,
    pub indicator: String,
    pub target: String,
    pub actual: String,
    pub capaian: String,
    pub band: String,
    pub status: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct BudgetRow {
    pub name: String,
    pub pagu: String,
    pub spent: String,
    pub absorption: String,
    pub capaian: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Labels {
    pub page: String,
    pub empty: String,
    pub by_group: String,
    pub trend: String,
    pub bands: String,
    pub indicators: String,
    pub budget: String,
    /// No., group, indicator, target, actual, capaian, band, status.
    pub columns: [String; 8],
    /// Name, pagu, spent, absorption, capaian.
    pub budget_columns: [String; 5],
}

#[derive(Debug, Clone, Serialize)]
pub struct QuarterlyReport {
    pub lang: &'static str,
    pub title: String,
    pub subtitle: String,
    pub printed: String,
    pub labels: Labels,
    pub summary: Vec<Figure>,
    pub groups: Vec<Bar>,
    pub trend: Vec<Bar>,
    pub bands: Vec<Bar>,
    pub rows: Vec<IndicatorRow>,
    pub budget: Vec<BudgetRow>,
}

pub fn render_pdf(report: &QuarterlyReport) -> Result<Vec<u8>, PdfError> {
    pdf::render(&TEMPLATE, report)
}

/// The same report as a workbook: a summary sheet with the chart figures,
/// the indicators and the budget.
pub fn render_xlsx(report: &QuarterlyReport) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let texts = TextWriter::new();
    let summary = workbook.add_worksheet().set_name("Ringkasan")?;
    summary.set_column_width(0, 50)?;
    summary.set_column_width(1, 24)?;
    summary.write_string_with_format(0, 0, &report.title, &bold)?;
    texts.text(summary, 1, 0, &report.subtitle)?;
    let mut row = 3u32;
    for figure in &report.summary {
        texts.text(summary, row, 0, &figure.label)?;
        texts.text(summary, row, 1, &figure.value)?;
        row += 1;
    }
    for (title, bars) in [
        (&report.labels.by_group, &report.groups),
        (&report.labels.trend, &report.trend),
        (&report.labels.bands, &report.bands),
    ] {
        row += 1;
        summary.write_string_with_format(row, 0, title, &bold)?;
        row += 1;
        for bar in bars {
            texts.text(summary, row, 0, &bar.label)?;
            texts.text(summary, row, 1, &bar.text)?;
            row += 1;
        }
    }
    let sheet = workbook.add_worksheet().set_name("Capaian")?;
    for (col, name) in report.labels.columns.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, name, &bold)?;
    }
    for (col, width) in [5, 40, 50, 14, 14, 12, 18, 16].iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }
    for (index, r) in report.rows.iter().enumerate() {
        let row = (index + 1) as u32;
        sheet.write_number(row, 0, (index + 1) as f64)?;
        for (col, text) in
            [&r.group, &r.indicator, &r.target, &r.actual, &r.capaian, &r.band, &r.status].iter().enumerate()
        {
            texts.text(sheet, row, col as u16 + 1, text)?;
        }
    }
    let sheet = workbook.add_worksheet().set_name("Anggaran")?;
    for (col, name) in report.labels.budget_columns.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, name, &bold)?;
    }
    for (col, width) in [50, 22, 22, 14, 14].iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }
    for (index, b) in report.budget.iter().enumerate() {
        let row = (index + 1) as u32;
        for (col, text) in [&b.name, &b.pagu, &b.spent, &b.absorption, &b.capaian].iter().enumerate() {
            texts.text(sheet, row, col as u16, text)?;
        }
    }
    workbook.save_to_buffer()
}
