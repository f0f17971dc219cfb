//! An OPD's report of a quarter: what it holds, who may do what on it, and
//! every change (entries, budget spent, evidence, the verification steps,
//! corrections, a whole quarter delivered at once), and the calendar.

use crate::auth::InTenant;
use crate::error::AppResult;
use crate::state::AppState;
use domain::access::Permission;
use domain::capaian::Quarter;
use domain::planning::ElementKind;
use domain::realisation::{
    Confirmed, Entry, EvidenceKind, PeriodState, ReportStatus, ReportStep, Subject, Window, check_entry,
    clean_file_name,
};
use domain::{Invalid, OpdId, Reason};
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use store::{EntrySave, EntryWritten, EvidenceInfo, ReportHead, ReportKey, ReportLine, SavedEntry};

use super::{has_reported, latest_by_opd};

/// Everything stored about an OPD's report of a quarter.
pub struct ReportData {
    pub name: String,
    pub lines: Vec<ReportLine>,
    /// The latest version, if the OPD started one.
    pub report: Option<ReportHead>,
    /// Every version, newest first.
    pub versions: Vec<ReportHead>,
    pub entries: Vec<SavedEntry>,
    pub evidence: Vec<EvidenceInfo>,
    pub spent: Vec<(String, Decimal)>,
    pub renja: Vec<store::RenjaRow>,
    /// The quarter's reporting window and its state for this OPD today.
    pub window: Window,
    pub period: PeriodState,
}

impl ReportData {
    /// The codes of the sub-kegiatan whose spending the OPD reports.
    pub fn sub_kegiatan_codes(&self) -> HashSet<String> {
        self.renja.iter().filter(|r| r.kind == ElementKind::SubKegiatan).map(|r| r.code.clone()).collect()
    }
}

/// The report of `opd` for a quarter, for anyone who may read plans.
pub async fn report(state: &AppState, scope: &InTenant, key: ReportKey) -> AppResult<ReportData> {
    scope.require(Permission::ViewPlanning)?;
    let ReportKey { opd, year, quarter, .. } = key;
    let name = state.store.opd(scope.id(), OpdId(opd)).await?.name;
    let lines = state.store.report_lines(scope.id(), opd, year).await?;
    let versions = state.store.report_versions(scope.id(), opd, year, quarter).await?;
    let report = versions.first().cloned();
    let (entries, evidence, spent) = match &report {
        Some(r) => (
            state.store.report_entries(scope.id(), r.id).await?,
            state.store.report_evidence(scope.id(), r.id).await?,
            state.store.report_spent(scope.id(), r.id).await?,
        ),
        None => Default::default(),
    };
    let renja = state.store.renja(scope.id(), opd, year).await?;
    let (window, period) = period_state(state, scope, key).await?;
    Ok(ReportData { name, lines, report, versions, entries, evidence, spent, renja, window, period })
}

/// The quarter's reporting window and whether it takes entries from the OPD today.
pub async fn period_state(state: &AppState, scope: &InTenant, key: ReportKey) -> AppResult<(Window, PeriodState)> {
    Ok(state.store.period_state(scope.id(), key).await?)
}

/// Who may do what on a report, given its status and the period.
#[derive(Debug, Clone, Copy)]
pub struct Abilities {
    pub edit: bool,
    pub submit: bool,
    pub verify: bool,
    pub correct: bool,
}

pub fn abilities(scope: &InTenant, opd: i64, period: PeriodState, status: Option<ReportStatus>) -> Abilities {
    let reporter = scope.may(Permission::ReportRealisation(OpdId(opd)));
    let open = period.accepts_entries();
    Abilities {
        edit: reporter && open && status.is_none_or(ReportStatus::is_editable),
        submit: reporter && open && status.is_some_and(ReportStatus::is_editable),
        verify: scope.may(Permission::VerifyRealisation) && status == Some(ReportStatus::Submitted),
        correct: reporter && open && status == Some(ReportStatus::Approved),
    }
}

/// Refuses someone who does not report for `opd`.
pub fn require_reporter(scope: &InTenant, opd: i64) -> AppResult<()> {
    scope.require(Permission::ReportRealisation(OpdId(opd)))
}

/// Refuses someone who may not take `step` on a report of `opd`: the OPD
/// submits, a verifier returns or approves.
pub fn require_step(scope: &InTenant, opd: i64, step: ReportStep) -> AppResult<()> {
    match step {
        ReportStep::Submit => require_reporter(scope, opd),
        ReportStep::Return | ReportStep::Approve => scope.require(Permission::VerifyRealisation),
    }
}

/// Saves one line's actual and narrative, if the revision the user saw is
/// still the stored one (else `actual` is refused as stale).
pub async fn save_entry(
    state: &AppState,
    scope: &InTenant,
    key: ReportKey,
    save: &EntrySave<'_>,
) -> AppResult<EntryWritten> {
    require_reporter(scope, key.opd)?;
    Ok(state.store.save_entry(scope.id(), &scope.actor(), key, save).await?)
}

/// The stored entry of one line in the report being written, if any.
pub async fn current_entry(
    state: &AppState,
    scope: &InTenant,
    key: ReportKey,
    subject: Subject,
) -> AppResult<Option<SavedEntry>> {
    let Some(report) = state.store.latest_report(scope.id(), key.opd, key.year, key.quarter).await? else {
        return Ok(None);
    };
    Ok(state.store.report_entries(scope.id(), report.id).await?.into_iter().find(|e| e.subject == subject))
}

/// What one sub-kegiatan spent in the quarter; `None` clears it.
pub async fn save_spent(
    state: &AppState,
    scope: &InTenant,
    key: ReportKey,
    code: &str,
    amount: Option<Decimal>,
) -> AppResult<()> {
    require_reporter(scope, key.opd)?;
    Ok(state.store.save_spent(scope.id(), &scope.actor(), key, code.trim(), amount).await?)
}

/// Keeps one evidence file for a line; its type is judged by its content,
/// never by its name. The file as kept.
pub async fn add_evidence(
    state: &AppState,
    scope: &InTenant,
    key: ReportKey,
    subject: Subject,
    name: &str,
    bytes: Vec<u8>,
) -> AppResult<EvidenceInfo> {
    require_reporter(scope, key.opd)?;
    // Parsing and decoding the file is CPU work on untrusted bytes: off the async workers.
    let (kind, bytes) = state.read_upload(move || (docs::evidence::inspect(&bytes), bytes)).await?;
    let kind: EvidenceKind = kind.map_err(|r| Invalid::one("file", r))?;
    let sha256 = hex::encode(Sha256::digest(&bytes));
    let elsewhere = state.config.evidence.put(scope.id(), &sha256, &bytes).await?;
    let file_name = clean_file_name(name, kind);
    let file = store::NewEvidence {
        subject,
        file_name: &file_name,
        kind,
        size: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
        sha256: &sha256,
        content: (!elsewhere).then_some(bytes.as_slice()),
    };
    let id = state.store.add_evidence(scope.id(), &scope.actor(), key, &file).await?;
    Ok(state.store.evidence(scope.id(), id).await?)
}

pub async fn delete_evidence(state: &AppState, scope: &InTenant, key: ReportKey, id: i64) -> AppResult<()> {
    require_reporter(scope, key.opd)?;
    Ok(state.store.delete_evidence(scope.id(), &scope.actor(), key, id).await?)
}

/// An evidence file with its content, from the database or the object store.
pub async fn evidence_file(state: &AppState, scope: &InTenant, id: i64) -> AppResult<(EvidenceInfo, Vec<u8>)> {
    scope.require(Permission::ViewPlanning)?;
    let file = state.store.evidence(scope.id(), id).await?;
    let bytes = state.config.evidence.get(&state.store, scope.id(), &file).await?;
    Ok((file, bytes))
}

/// Submits (the OPD), returns or approves (a verifier) the open version;
/// the status afterwards. Submitting with lines left empty needs `confirm_empty`.
pub async fn step(
    state: &AppState,
    scope: &InTenant,
    key: ReportKey,
    step: ReportStep,
    note: &str,
    confirm_empty: bool,
) -> AppResult<ReportStatus> {
    require_step(scope, key.opd, step)?;
    Ok(state.store.report_step(scope.id(), &scope.actor(), key, step, note, confirm_empty).await?)
}

/// Starts a correction of approved values: a new version, with the reason. Its id.
pub async fn correct(state: &AppState, scope: &InTenant, key: ReportKey, reason: &str) -> AppResult<i64> {
    require_reporter(scope, key.opd)?;
    Ok(state.store.correct_report(scope.id(), &scope.actor(), key, reason).await?)
}

/// A whole quarter delivered at once: from a workbook or from the API.
pub struct Delivery {
    pub entries: Vec<(Subject, Entry)>,
    pub spent: Vec<(String, Decimal)>,
    /// The values outside their plausible range are right.
    pub confirmed_implausible: bool,
}

/// Which list of a delivery an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryPart {
    Entries,
    Spent,
}

/// Why one item of a delivery was refused: the list, its position (from 0)
/// and the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemError {
    pub part: DeliveryPart,
    pub index: usize,
    pub field: &'static str,
    pub reason: Reason,
}

/// A delivery saved, or refused with every item at fault.
#[derive(Debug)]
pub enum Delivered {
    Saved,
    Refused(Vec<ItemError>),
}

/// Checks a delivery against the report (every line and sub-kegiatan known,
/// none twice, each actual plausible unless confirmed, by the rule the store
/// enforces on single saves) and saves all of it in one transaction, or
/// nothing.
pub async fn deliver(state: &AppState, scope: &InTenant, key: ReportKey, delivery: &Delivery) -> AppResult<Delivered> {
    require_reporter(scope, key.opd)?;
    let data = report(state, scope, key).await?;
    let errors = check_delivery(&data, delivery);
    if !errors.is_empty() {
        return Ok(Delivered::Refused(errors));
    }
    let Delivery { entries, spent, confirmed_implausible } = delivery;
    state.store.import_entries(scope.id(), &scope.actor(), key, entries, spent, *confirmed_implausible).await?;
    Ok(Delivered::Saved)
}

fn check_delivery(data: &ReportData, delivery: &Delivery) -> Vec<ItemError> {
    let mut errors = Vec::new();
    let confirmed = Confirmed { clear_actual: false, implausible: delivery.confirmed_implausible };
    let saved: HashMap<Subject, Option<Decimal>> = data.entries.iter().map(|e| (e.subject, e.entry.actual)).collect();
    let lines: HashMap<Subject, &ReportLine> = data.lines.iter().map(|l| (l.subject, l)).collect();
    let mut seen = HashSet::new();
    for (index, (subject, entry)) in delivery.entries.iter().enumerate() {
        let mut refuse = |field, reason| errors.push(ItemError { part: DeliveryPart::Entries, index, field, reason });
        let Some(line) = lines.get(subject) else {
            refuse("subject", Reason::NotInPlan);
            continue;
        };
        if !seen.insert(*subject) {
            refuse("subject", Reason::AlreadyUsed);
            continue;
        }
        // A blank actual keeps the saved one, as the store does.
        let before = saved.get(subject).copied().flatten();
        let kept = Entry { actual: entry.actual.or(before), narrative: entry.narrative.clone() };
        if let Err(reason) = check_entry(before, &kept, &line.plausible, confirmed) {
            refuse("actual", reason);
        }
    }
    let codes = data.sub_kegiatan_codes();
    let mut seen = HashSet::new();
    for (index, (code, _)) in delivery.spent.iter().enumerate() {
        let mut refuse = |reason| errors.push(ItemError { part: DeliveryPart::Spent, index, field: "code", reason });
        if !codes.contains(code) {
            refuse(Reason::NotInPlan);
        } else if !seen.insert(code.as_str()) {
            refuse(Reason::AlreadyUsed);
        }
    }
    errors
}

/// The year's reporting calendar, each window with its state today.
pub async fn calendar(state: &AppState, scope: &InTenant, year: i32) -> AppResult<Vec<(Window, PeriodState)>> {
    scope.require(Permission::ViewPlanning)?;
    let today = state.today();
    let windows = state.reporting_calendar(scope.id(), year, scope.data_version).await?;
    Ok(windows.into_iter().map(|w| (w.state(today, None), w)).map(|(period, w)| (w, period)).collect())
}

/// Sets the year's calendar (pemda admin).
pub async fn set_calendar(state: &AppState, scope: &InTenant, year: i32, windows: &[Window]) -> AppResult<()> {
    scope.require(Permission::ManageCalendar)?;
    Ok(state.store.set_reporting_calendar(scope.id(), &scope.actor(), year, windows).await?)
}

/// Reopens a closed period for one OPD until a day, with the reason (pemda admin).
pub async fn reopen(
    state: &AppState,
    scope: &InTenant,
    key: ReportKey,
    until: time::Date,
    reason: &str,
) -> AppResult<()> {
    scope.require(Permission::ManageCalendar)?;
    Ok(state.store.reopen_period(scope.id(), &scope.actor(), key, until, reason).await?)
}

/// Where one OPD stands for a quarter.
pub struct OpdCompliance {
    pub opd: i64,
    pub name: String,
    /// The latest report's, if any.
    pub report: Option<ReportHead>,
    pub reported: bool,
    /// The period is open again for the OPD until this day (today or later).
    pub reopened_until: Option<time::Date>,
}

/// Every OPD's report of a quarter, and the reopenings of the year.
pub struct Compliance {
    pub opds: Vec<OpdCompliance>,
    pub reopenings: Vec<store::Reopening>,
}

impl Compliance {
    /// How many OPD have not reported.
    pub fn missing(&self) -> usize {
        self.opds.iter().filter(|o| !o.reported).count()
    }
}

pub async fn compliance(state: &AppState, scope: &InTenant, year: i32, quarter: Quarter) -> AppResult<Compliance> {
    scope.require(Permission::ViewPlanning)?;
    let today = state.today();
    let reports = state.year_reports(scope.id(), year, scope.data_version).await?;
    let reopenings = state.store.reopenings(scope.id(), year).await?;
    let names = state.store.opd_options(scope.id()).await?;
    let latest = latest_by_opd(&reports);
    let opds = names
        .into_iter()
        .map(|(opd, name)| {
            let report = latest.get(&(opd, quarter)).copied();
            let reopened_until = reopenings
                .iter()
                .filter(|r| r.opd_id == opd && r.quarter.0 == quarter)
                .map(|r| r.until_on)
                .max()
                .filter(|until| *until >= today);
            OpdCompliance { opd, name, reported: has_reported(report), report: report.cloned(), reopened_until }
        })
        .collect();
    Ok(Compliance { opds, reopenings })
}

/// The key of a change made today.
pub fn key_today(state: &AppState, opd: i64, year: i32, quarter: Quarter) -> ReportKey {
    ReportKey { opd, year, quarter, today: state.today() }
}
