//! Quarterly realisation (realisasi): the reporting calendar, an OPD's
//! report for a quarter and its verification, the entries and evidence in
//! it, and the quarter targets the entries are measured against.

use crate::Locale;
use crate::capaian::Quarter;
use crate::number::Quantity;
use crate::org::keyed_enum;
use crate::planning::{Aggregation, Plausible};
use crate::validation::{Invalid, Reason};
use rust_decimal::Decimal;
use serde::Serialize;
use time::{Date, Duration, Month};

/// When an OPD may report one quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Window {
    pub quarter: Quarter,
    pub opens_on: Date,
    pub closes_on: Date,
}

keyed_enum! {
    /// Where a period stands for one OPD on a day.
    PeriodState {
        NotOpen => "not_open", "Belum dibuka", "Not open yet";
        Open => "open", "Dibuka", "Open";
        Reopened => "reopened", "Dibuka kembali", "Reopened";
        Closed => "closed", "Ditutup", "Closed";
    }
}

impl PeriodState {
    pub fn accepts_entries(self) -> bool {
        matches!(self, PeriodState::Open | PeriodState::Reopened)
    }
}

/// How many days after a quarter ends its report is due, in the usual calendar.
const DAYS_TO_REPORT: i64 = 15;

impl Window {
    pub fn new(quarter: Quarter, opens_on: Date, closes_on: Date) -> Result<Window, Reason> {
        if closes_on < opens_on {
            return Err(Reason::ClosesBeforeOpens);
        }
        Ok(Window { quarter, opens_on, closes_on })
    }

    /// The usual calendar: entry opens on the first day of the quarter's last
    /// month and closes fifteen days after the quarter ends.
    pub fn standard(year: i32, quarter: Quarter) -> Window {
        let (first, last) = quarter_days(year, quarter);
        let last_month = first.month().nth_next(2);
        let opens_on = Date::from_calendar_date(year, last_month, 1).unwrap_or(first);
        let closes_on = last.saturating_add(Duration::days(DAYS_TO_REPORT));
        Window { quarter, opens_on, closes_on }
    }

    /// The state on `today`; `reopened_until` is the last day of a
    /// reopening the pemda admin granted the OPD, if any.
    pub fn state(&self, today: Date, reopened_until: Option<Date>) -> PeriodState {
        if today < self.opens_on {
            PeriodState::NotOpen
        } else if today <= self.closes_on {
            PeriodState::Open
        } else if reopened_until.is_some_and(|until| today <= until) {
            PeriodState::Reopened
        } else {
            PeriodState::Closed
        }
    }

    /// Whether a report sent on `day` came after the closing date.
    pub fn is_late(&self, day: Date) -> bool {
        day > self.closes_on
    }
}

/// The first and last day of a quarter.
pub fn quarter_days(year: i32, quarter: Quarter) -> (Date, Date) {
    let first_month = Month::January.nth_next(quarter.number().saturating_sub(1).saturating_mul(3));
    let first = Date::from_calendar_date(year, first_month, 1).unwrap_or(Date::MIN);
    let next = match quarter.number() {
        4 => Date::from_calendar_date(year.saturating_add(1), Month::January, 1),
        _ => Date::from_calendar_date(year, first_month.nth_next(3), 1),
    };
    let last = next.ok().and_then(|d| d.previous_day()).unwrap_or(first);
    (first, last)
}

/// The latest quarter that has ended on `today` in `year`, if any.
pub fn last_ended_quarter(year: i32, today: Date) -> Option<Quarter> {
    Quarter::ALL.iter().rev().copied().find(|q| quarter_days(year, *q).1 < today)
}

keyed_enum! {
    /// An OPD's report of one quarter, through verification.
    ReportStatus {
        Draft => "draft", "Draf", "Draft";
        Submitted => "submitted", "Diajukan", "Submitted";
        Returned => "returned", "Dikembalikan", "Returned";
        Approved => "approved", "Disetujui", "Approved";
        Superseded => "superseded", "Digantikan koreksi", "Replaced by a correction";
    }
}

impl ReportStatus {
    /// Whether entries, budget and evidence may change.
    pub fn is_editable(self) -> bool {
        matches!(self, ReportStatus::Draft | ReportStatus::Returned)
    }

    /// Whether the OPD has delivered the quarter: sent to the verifier,
    /// approved, or approved and since replaced. A returned report is back
    /// with the OPD and a draft was never sent.
    pub fn counts_as_reported(self) -> bool {
        matches!(self, ReportStatus::Submitted | ReportStatus::Approved | ReportStatus::Superseded)
    }

    /// Approved values, and those a correction replaced, never change.
    pub fn is_frozen(self) -> bool {
        matches!(self, ReportStatus::Approved | ReportStatus::Superseded)
    }
}

keyed_enum! {
    /// A step of the verification workflow.
    ReportStep {
        Submit => "submit", "Ajukan ke verifikator", "Submit for verification";
        Return => "return", "Kembalikan untuk diperbaiki", "Return for correction";
        Approve => "approve", "Setujui", "Approve";
    }
}

/// The status a step leads to. Returning needs a note saying what to fix.
pub fn next_status(status: ReportStatus, step: ReportStep, note: &str) -> Result<ReportStatus, Reason> {
    use ReportStatus::*;
    match (status, step) {
        (Draft | Returned, ReportStep::Submit) => Ok(Submitted),
        (Submitted, ReportStep::Return) if note.trim().is_empty() => Err(Reason::Required),
        (Submitted, ReportStep::Return) => Ok(Returned),
        (Submitted, ReportStep::Approve) => Ok(Approved),
        _ => Err(Reason::StepNotAllowed),
    }
}

/// What a report line measures: a plan indicator (RPJMD or Renstra), or a
/// PK row that came from none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Subject {
    Indicator(i64),
    PkRow(i64),
}

impl Subject {
    /// `I123` or `P45`: in forms, anchors and the workbook.
    pub fn key(self) -> String {
        match self {
            Subject::Indicator(id) => format!("I{id}"),
            Subject::PkRow(id) => format!("P{id}"),
        }
    }

    pub fn parse(raw: &str) -> Result<Subject, Reason> {
        let raw = raw.trim();
        let number = |digits: &str| digits.parse::<i64>().ok().filter(|id| *id > 0).ok_or(Reason::UnknownOption);
        match raw.get(..1) {
            Some("I" | "i") => number(&raw[1..]).map(Subject::Indicator),
            Some("P" | "p") => number(&raw[1..]).map(Subject::PkRow),
            None => Err(Reason::Required),
            Some(_) => Err(Reason::UnknownOption),
        }
    }

    /// The column pair the store keeps it in.
    pub fn parts(self) -> (&'static str, i64) {
        match self {
            Subject::Indicator(id) => ("indicator", id),
            Subject::PkRow(id) => ("pk_row", id),
        }
    }

    pub fn from_parts(kind: &str, id: i64) -> Option<Subject> {
        match kind {
            "indicator" => Some(Subject::Indicator(id)),
            "pk_row" => Some(Subject::PkRow(id)),
            _ => None,
        }
    }
}

/// The narrative of an entry: what happened, what got in the way, what comes next.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Narrative {
    pub achieved: String,
    pub obstacles: String,
    pub follow_up: String,
}

/// One entry as a person typed it, checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub actual: Option<Decimal>,
    pub narrative: Narrative,
}

pub const NARRATIVE_MAX: usize = 4000;

fn narrative_text(raw: &str) -> Result<String, Reason> {
    let text = raw.trim();
    if text.chars().count() > NARRATIVE_MAX {
        return Err(Reason::TooLong { max: NARRATIVE_MAX });
    }
    Ok(text.to_owned())
}

impl Entry {
    /// An empty actual is allowed (not measured yet); anything else must be
    /// a number in the user's locale, within the range of indicator values.
    pub fn parse(
        actual: &str,
        achieved: &str,
        obstacles: &str,
        follow_up: &str,
        locale: Locale,
    ) -> Result<Entry, Invalid> {
        let mut invalid = Invalid::default();
        let actual = if actual.trim().is_empty() {
            Some(None)
        } else {
            invalid.check("actual", Quantity::IndicatorValue.parse(actual, locale)).map(Some)
        };
        let achieved = invalid.check("achieved", narrative_text(achieved));
        let obstacles = invalid.check("obstacles", narrative_text(obstacles));
        let follow_up = invalid.check("follow_up", narrative_text(follow_up));
        invalid.finish(|| {
            Some(Entry {
                actual: actual?,
                narrative: Narrative { achieved: achieved?, obstacles: obstacles?, follow_up: follow_up? },
            })
        })
    }
}

/// What a person confirmed with a save: that a saved actual is to be
/// cleared, and that a value outside the plausible range is right.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Confirmed {
    pub clear_actual: bool,
    pub implausible: bool,
}

keyed_enum! {
    /// What a save does to the actual, once checked; the audit entry names it.
    ActualChange {
        Unchanged => "unchanged", "Tidak berubah", "Unchanged";
        Set => "set", "Diisi", "Set";
        SetImplausible => "set_implausible", "Diisi di luar rentang wajar (dikonfirmasi)", "Set outside the plausible range (confirmed)";
        Cleared => "cleared", "Dikosongkan", "Cleared";
    }
}

/// Checks a save of an entry against what was saved before. Clearing a
/// saved actual is an explicit act (a blank field alone never erases a
/// value), and a value outside the indicator's plausible range is taken
/// only when confirmed. The store calls this inside the transaction.
pub fn check_entry(
    saved: Option<Decimal>,
    entry: &Entry,
    plausible: &Plausible,
    confirmed: Confirmed,
) -> Result<ActualChange, Reason> {
    match (saved, entry.actual) {
        (Some(_), None) if !confirmed.clear_actual => Err(Reason::ClearNotConfirmed),
        (Some(_), None) => Ok(ActualChange::Cleared),
        (None, None) => Ok(ActualChange::Unchanged),
        (before, Some(value)) => match plausible.check(value) {
            Ok(()) if before == Some(value) => Ok(ActualChange::Unchanged),
            Ok(()) => Ok(ActualChange::Set),
            // An implausible value already saved (and confirmed then) stays without asking again.
            Err(_) if before == Some(value) => Ok(ActualChange::Unchanged),
            Err(_) if confirmed.implausible => Ok(ActualChange::SetImplausible),
            Err(reason) => Err(reason),
        },
    }
}

/// Budget spent in the quarter on one sub-kegiatan: an amount of money in the user's locale.
pub fn parse_spent(raw: &str, locale: Locale) -> Result<Option<Decimal>, Reason> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    Quantity::Money.parse(raw, locale).map(Some)
}

/// The target of one quarter: the PK's rencana aksi when it sets one;
/// otherwise from the year's target, a quarter of it for an indicator summed
/// over the year and the whole of it for the others (each quarter is
/// measured against the level the year must reach).
pub fn quarter_target(aggregation: Aggregation, annual: Option<Decimal>, planned: Option<Decimal>) -> Option<Decimal> {
    planned.or_else(|| match aggregation {
        Aggregation::Sum => annual.and_then(|a| a.checked_div(Decimal::from(4))),
        _ => annual,
    })
}

keyed_enum! {
    /// The kinds of evidence file accepted, told apart by content.
    EvidenceKind {
        Pdf => "pdf", "PDF", "PDF";
        Png => "png", "Gambar PNG", "PNG image";
        Jpeg => "jpeg", "Gambar JPEG", "JPEG image";
        Xlsx => "xlsx", "Buku kerja Excel", "Excel workbook";
    }
}

impl EvidenceKind {
    pub fn media_type(self) -> &'static str {
        match self {
            EvidenceKind::Pdf => "application/pdf",
            EvidenceKind::Png => "image/png",
            EvidenceKind::Jpeg => "image/jpeg",
            EvidenceKind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    /// What the bytes are, by their signature. An XLSX is a ZIP holding
    /// the workbook part; any other ZIP (a DOCX, an archive) is refused.
    pub fn sniff(bytes: &[u8]) -> Option<EvidenceKind> {
        if bytes.starts_with(b"%PDF-") {
            Some(EvidenceKind::Pdf)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(EvidenceKind::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(EvidenceKind::Jpeg)
        } else if bytes.starts_with(b"PK\x03\x04") && contains(bytes, b"xl/workbook.xml") {
            Some(EvidenceKind::Xlsx)
        } else {
            None
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The largest evidence file accepted.
pub const EVIDENCE_MAX_MB: usize = 10;

/// Checks an uploaded evidence file: not empty, not too large, of an accepted kind.
pub fn check_evidence(bytes: &[u8]) -> Result<EvidenceKind, Reason> {
    if bytes.is_empty() {
        return Err(Reason::Required);
    }
    if bytes.len() > EVIDENCE_MAX_MB * 1024 * 1024 {
        return Err(Reason::FileTooLarge { max_mb: EVIDENCE_MAX_MB });
    }
    EvidenceKind::sniff(bytes).ok_or(Reason::FileType)
}

/// A file name safe to store and to send back in a header: the last path
/// segment, without control characters or quotes, at most 120 characters.
pub fn clean_file_name(raw: &str, kind: EvidenceKind) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String =
        last.chars().filter(|c| !c.is_control() && !matches!(c, '"' | ';')).take(120).collect::<String>();
    let cleaned = cleaned.trim();
    if cleaned.is_empty() { format!("bukti.{}", kind.key()) } else { cleaned.to_owned() }
}

#[cfg(test)]
mod tests;
