//! Quarterly realisation: reports, lines, entries, evidence and budget spent.

use serde::Serialize;
use time::{Date, OffsetDateTime};

/// One version of an OPD's report of a quarter.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ReportHead {
    pub id: i64,
    pub opd_id: i64,
    pub year: i32,
    #[sqlx(try_from = "i32")]
    pub quarter: QuarterNumber,
    pub version: i32,
    #[sqlx(try_from = "String")]
    pub status: domain::realisation::ReportStatus,
    pub correction_reason: Option<String>,
    pub review_note: Option<String>,
    pub submitted_at: Option<OffsetDateTime>,
    pub submitted_late: bool,
    pub decided_at: Option<OffsetDateTime>,
    pub decided_by: Option<String>,
    pub updated_at: OffsetDateTime,
}

/// A quarter as the database keeps it (1..4), read into the domain's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct QuarterNumber(pub domain::capaian::Quarter);

impl TryFrom<i32> for QuarterNumber {
    type Error = String;
    fn try_from(value: i32) -> std::result::Result<Self, Self::Error> {
        domain::capaian::Quarter::new(i64::from(value)).map(QuarterNumber).map_err(|_| format!("quarter {value}"))
    }
}

/// A closed period opened again for one OPD.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Reopening {
    pub opd_id: i64,
    #[sqlx(try_from = "i32")]
    pub quarter: QuarterNumber,
    pub until_on: Date,
    pub reason: String,
    pub created_by: String,
    pub created_at: OffsetDateTime,
}

/// Where a report line comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum LineSource {
    Rpjmd,
    Renstra,
    Pk,
}

/// One thing an OPD reports on, with what it is measured against.
#[derive(Debug, Clone, Serialize)]
pub struct ReportLine {
    pub subject: domain::realisation::Subject,
    pub source: LineSource,
    pub element_id: Option<i64>,
    pub element_kind: String,
    pub element_code: String,
    pub element_name: String,
    pub name: String,
    pub unit: String,
    pub polarity: domain::planning::Polarity,
    pub aggregation: domain::planning::Aggregation,
    pub annual_target: Option<rust_decimal::Decimal>,
    /// The quarter targets of the PK's rencana aksi, when a PK row sets them.
    pub planned: [Option<rust_decimal::Decimal>; 4],
    /// The range an actual plausibly takes: its value kind's, or the indicator's own.
    pub plausible: domain::planning::Plausible,
}

impl ReportLine {
    pub fn target(&self, quarter: domain::capaian::Quarter) -> Option<rust_decimal::Decimal> {
        let planned = self.planned[usize::from(quarter.number() - 1)];
        domain::realisation::quarter_target(self.aggregation, self.annual_target, planned)
    }
}

/// One save of an entry: what was typed, the revision the user saw, and what they confirmed.
#[derive(Debug, Clone, Copy)]
pub struct EntrySave<'a> {
    pub subject: domain::realisation::Subject,
    pub entry: &'a domain::realisation::Entry,
    /// 0 for an entry the user saw empty.
    pub revision: i64,
    pub confirmed: domain::realisation::Confirmed,
}

/// What a save wrote: the entry as stored, in which report.
#[derive(Debug, Clone)]
pub struct EntryWritten {
    pub report: i64,
    pub saved: SavedEntry,
}

/// An entry as stored, with its revision (for saves that must not overwrite each other).
#[derive(Debug, Clone, Serialize)]
pub struct SavedEntry {
    pub subject: domain::realisation::Subject,
    pub entry: domain::realisation::Entry,
    pub revision: i64,
    pub updated_at: OffsetDateTime,
    pub updated_by: String,
}

/// An evidence file's description; the content is fetched apart.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceInfo {
    pub id: i64,
    pub report_id: i64,
    pub opd_id: i64,
    pub year: i32,
    pub quarter: domain::capaian::Quarter,
    pub version: i32,
    pub subject: domain::realisation::Subject,
    pub file_name: String,
    pub kind: domain::realisation::EvidenceKind,
    pub size: i64,
    pub sha256: String,
    /// `database` or `s3`.
    pub stored_in: String,
    pub created_by: String,
    pub created_at: OffsetDateTime,
}

/// A new evidence file; `content` is `None` when it went to the object store.
pub struct NewEvidence<'a> {
    pub subject: domain::realisation::Subject,
    pub file_name: &'a str,
    pub kind: domain::realisation::EvidenceKind,
    pub size: i64,
    pub sha256: &'a str,
    pub content: Option<&'a [u8]>,
}

/// Which report a change goes to, and the day it is made (for the calendar).
#[derive(Debug, Clone, Copy)]
pub struct ReportKey {
    pub opd: i64,
    pub year: i32,
    pub quarter: domain::capaian::Quarter,
    pub today: Date,
}

/// Budget spent per sub-kegiatan code, summed per OPD and quarter over approved reports.
#[derive(Debug, Clone, Serialize)]
pub struct SpentRow {
    pub opd_id: i64,
    pub quarter: domain::capaian::Quarter,
    pub code: String,
    pub spent: rust_decimal::Decimal,
}

/// One quarter of an indicator's history.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorQuarterRow {
    pub year: i32,
    pub quarter: domain::capaian::Quarter,
    pub target: Option<rust_decimal::Decimal>,
    pub actual: Option<rust_decimal::Decimal>,
}

/// What names an indicator on the dashboards.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct IndicatorName {
    pub id: i64,
    pub name: String,
    pub unit: String,
    pub element_id: i64,
    pub element_code: String,
    pub element_name: String,
    pub opd_id: Option<i64>,
}
