//! Quarterly realisation: the reporting calendar and who has reported, an
//! OPD's report of a quarter (actuals, narratives, evidence, budget spent),
//! its verification and corrections, and the workbook for bulk entry.

use super::{FormErrors, number, percent, render, see_other, unprocessable};
use crate::app::period::{PeriodParams, chosen_period};
use crate::app::realisation::{self as use_case, Delivered, Delivery, DeliveryPart, abilities, key_today};
use crate::auth::InTenant;
use crate::error::{AppError, AppResult};
use crate::extract::{FormBody as Form, QueryParams, RowId, SubId};
use crate::i18n::Tr;
use crate::layout::Layout;
use crate::middleware::Lang;
use crate::state::AppState;
use crate::uploads::{
    MAX_UPLOAD_MB, ReportLine as ImportLine, download, report as import_report, uploaded_file, uploaded_form,
};
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use docs::realisation_workbook::{ACTUAL_COLUMN, TemplateBudget, TemplateLine, read_realisation, write_realisation};
use docs::workbook::CellError;
use domain::access::Permission;
use domain::capaian::{Quarter, reported_achievement};
use domain::planning::{ElementKind, year};
use domain::realisation::{Confirmed, Entry, PeriodState, ReportStatus, ReportStep, Subject, Window, parse_spent};
use domain::rulebook::CapaianRules;
use domain::{Invalid, Locale, OpdId, Reason, format};
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use store::{EntrySave, EvidenceInfo, ReportHead, ReportKey, SavedEntry};

/// Uploads of evidence: the file limit and room for the form around it.
pub const MAX_EVIDENCE_UPLOAD: usize = (domain::realisation::EVIDENCE_MAX_MB + 1) * 1024 * 1024;

pub struct CalendarRow {
    pub window: Window,
    pub state: PeriodState,
    pub open_field: &'static str,
    pub close_field: &'static str,
}

const WINDOW_FIELDS: [(&str, &str); 4] =
    [("opens_1", "closes_1"), ("opens_2", "closes_2"), ("opens_3", "closes_3"), ("opens_4", "closes_4")];

pub struct OpdStatus {
    pub id: i64,
    pub name: String,
    pub status: Option<ReportStatus>,
    pub version: i32,
    pub late: bool,
    pub reopened_until: Option<String>,
}

#[derive(Template)]
#[template(path = "realisation_overview.html")]
struct OverviewPage {
    layout: Layout,
    year: i32,
    quarter: Quarter,
    calendar: Vec<CalendarRow>,
    opds: Vec<OpdStatus>,
    missing: usize,
    reopenings: Vec<(String, store::Reopening)>,
    can_manage: bool,
    errors: FormErrors,
}

async fn overview_page(
    state: &AppState,
    tr: Tr,
    scope: &InTenant,
    year: i32,
    quarter: Quarter,
    errors: FormErrors,
) -> AppResult<Response> {
    let calendar = use_case::calendar(state, scope, year).await?;
    let compliance = use_case::compliance(state, scope, year, quarter).await?;
    let missing = compliance.missing();
    let opd_name = |id: i64| compliance.opds.iter().find(|o| o.opd == id).map(|o| o.name.clone()).unwrap_or_default();
    let reopenings = compliance.reopenings.iter().map(|r| (opd_name(r.opd_id), r.clone())).collect();
    let opds: Vec<OpdStatus> = compliance
        .opds
        .into_iter()
        .map(|o| OpdStatus {
            id: o.opd,
            status: o.report.as_ref().map(|r| r.status),
            version: o.report.as_ref().map_or(0, |r| r.version),
            late: o.report.as_ref().is_some_and(|r| r.submitted_late),
            reopened_until: o.reopened_until.map(|d| tr.date(&d)),
            name: o.name,
        })
        .collect();
    let view = OverviewPage {
        layout: Layout::tenant(tr, scope, tr.t("realisation.title"), "realisation"),
        year,
        quarter,
        calendar: calendar
            .into_iter()
            .zip(WINDOW_FIELDS)
            .map(|((window, state), (open_field, close_field))| CalendarRow { state, window, open_field, close_field })
            .collect(),
        opds,
        missing,
        reopenings,
        can_manage: scope.may(Permission::ManageCalendar),
        errors,
    };
    let status = if view.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok(render(&view, status))
}

impl OverviewPage {
    fn filter_action(&self) -> String {
        format!("{}/realisasi", self.layout.base())
    }
}

pub async fn overview(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    QueryParams(params): QueryParams<PeriodParams>,
) -> AppResult<Response> {
    scope.require(Permission::ViewPlanning)?;
    let (year, quarter) = chosen_period(&state, &scope, &params).await?;
    overview_page(&state, Tr(locale), &scope, year, quarter, FormErrors::default()).await
}

#[derive(Deserialize, Default)]
pub struct CalendarForm {
    #[serde(default)]
    tahun: String,
    #[serde(default)]
    buka_1: String,
    #[serde(default)]
    tutup_1: String,
    #[serde(default)]
    buka_2: String,
    #[serde(default)]
    tutup_2: String,
    #[serde(default)]
    buka_3: String,
    #[serde(default)]
    tutup_3: String,
    #[serde(default)]
    buka_4: String,
    #[serde(default)]
    tutup_4: String,
}

fn windows(form: &CalendarForm) -> Result<Vec<Window>, Invalid> {
    let raw = [
        (&form.buka_1, &form.tutup_1),
        (&form.buka_2, &form.tutup_2),
        (&form.buka_3, &form.tutup_3),
        (&form.buka_4, &form.tutup_4),
    ];
    let mut invalid = Invalid::default();
    let mut out = Vec::new();
    for ((quarter, (opens, closes)), (open_field, close_field)) in Quarter::ALL.iter().zip(raw).zip(WINDOW_FIELDS) {
        let opens = invalid.check(open_field, domain::text::date(opens));
        let closes = invalid.check(close_field, domain::text::date(closes));
        if let (Some(opens), Some(closes)) = (opens, closes)
            && let Some(window) = invalid.check(close_field, Window::new(*quarter, opens, closes))
        {
            out.push(window);
        }
    }
    invalid.finish(|| Some(out))
}

/// Sets the year's calendar (pemda admin).
pub async fn set_calendar(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    Form(form): Form<CalendarForm>,
) -> AppResult<Response> {
    scope.require(Permission::ManageCalendar)?;
    let year = year(&form.tahun).map_err(|r| Invalid::one("tahun", r))?;
    match windows(&form) {
        Ok(windows) => {
            use_case::set_calendar(&state, &scope, year, &windows).await?;
            Ok(see_other(&format!("/pemda/{}/realisasi?tahun={year}", scope.tenant.code)))
        }
        Err(invalid) => {
            let (_, quarter) = chosen_period(&state, &scope, &PeriodParams::default()).await?;
            overview_page(&state, Tr(locale), &scope, year, quarter, FormErrors::from(&invalid, locale)).await
        }
    }
}

#[derive(Deserialize, Default)]
pub struct ReopenForm {
    #[serde(default)]
    opd: String,
    #[serde(default)]
    tahun: String,
    #[serde(default)]
    tw: String,
    #[serde(default)]
    sampai: String,
    #[serde(default)]
    alasan: String,
}

/// Reopens a closed period for one OPD, with the reason (pemda admin).
pub async fn reopen(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    Form(form): Form<ReopenForm>,
) -> AppResult<Response> {
    scope.require(Permission::ManageCalendar)?;
    let year = year(&form.tahun).map_err(|r| Invalid::one("tahun", r))?;
    let result: AppResult<Quarter> = async {
        let mut invalid = Invalid::default();
        let opd = invalid.check("opd", form.opd.trim().parse::<i64>().map_err(|_| Reason::Required));
        let quarter = invalid.check("quarter", Quarter::parse(&form.tw));
        let until = invalid.check("reopened_until", domain::text::date(&form.sampai));
        let (opd, quarter, until) = invalid.finish(|| Some((opd?, quarter?, until?)))?;
        use_case::reopen(&state, &scope, key_today(&state, opd, year, quarter), until, &form.alasan).await?;
        Ok(quarter)
    }
    .await;
    match result {
        Ok(quarter) => {
            Ok(see_other(&format!("/pemda/{}/realisasi?tahun={year}&tw={}", scope.tenant.code, quarter.number())))
        }
        Err(AppError::Invalid(invalid)) => {
            let quarter = Quarter::parse(&form.tw).unwrap_or(Quarter::ALL[0]);
            overview_page(&state, Tr(locale), &scope, year, quarter, FormErrors::from(&invalid, locale)).await
        }
        Err(other) => Err(other),
    }
}

/// One line of the report: its figures, what was entered, and the form to
/// change it. The page shows one per line; a save from htmx answers with
/// the line's card alone, refreshed, or with its errors and what was typed.
pub struct EntryCard {
    pub line: store::ReportLine,
    /// `rpjmd`, `renstra` or `pk`.
    pub source: &'static str,
    pub key: String,
    pub target: String,
    pub actual: String,
    pub capaian: String,
    pub band_rank: Option<usize>,
    pub entry: Option<SavedEntry>,
    pub evidence: Vec<EvidenceInfo>,
    /// What the form holds: what was typed when a save was refused, else the saved entry in the user's locale.
    pub form: EntryForm,
    /// The revision the form carries: the saved entry's, 0 for none.
    pub revision: i64,
    pub errors: FormErrors,
    /// Set right after a save, to say so with the new revision.
    pub saved_revision: Option<i64>,
    /// Whether the refusal asks to confirm a value outside the plausible range.
    pub asks_plausible: bool,
}

impl EntryCard {
    /// The line has no actual yet: the submit step and the verifier list it.
    pub fn is_empty(&self) -> bool {
        self.entry.as_ref().is_none_or(|e| e.entry.actual.is_none())
    }

    pub fn has_actual(&self) -> bool {
        !self.is_empty()
    }

    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }

    /// Errors of no field the card shows (the period, the report's status).
    pub fn other_errors(&self) -> impl Iterator<Item = &domain::validation::LocalizedFieldError> {
        const SHOWN: [&str; 5] = ["actual", "achieved", "obstacles", "follow_up", "file"];
        self.errors.items.iter().filter(|e| !SHOWN.contains(&e.field))
    }
}

/// A line's card: the figures and the form as `typed` (a refused save, with
/// why), or as saved with the errors of a refused upload beside it.
fn entry_card(
    line: store::ReportLine,
    entry: Option<SavedEntry>,
    evidence: Vec<EvidenceInfo>,
    (quarter, rules, locale): (Quarter, &CapaianRules, Locale),
    refused: Option<(Option<EntryForm>, &Invalid)>,
) -> EntryCard {
    let target = line.target(quarter);
    let actual = entry.as_ref().and_then(|e| e.entry.actual);
    let capaian = reported_achievement(&rules.method, line.polarity, target, actual).percent;
    let revision = entry.as_ref().map_or(0, |e| e.revision);
    let (typed, invalid) = match refused {
        Some((typed, invalid)) => (typed, Some(invalid)),
        None => (None, None),
    };
    let asks_plausible = typed.as_ref().is_some_and(|form| !form.confirm_implausible.is_empty())
        || invalid.and_then(|i| i.for_field("actual")).is_some_and(|e| matches!(e.reason, Reason::Implausible { .. }));
    let form = typed.unwrap_or_else(|| {
        let saved = entry.as_ref().map(|e| &e.entry);
        EntryForm {
            actual: actual.map(|a| domain::number::entry(a, locale)).unwrap_or_default(),
            achieved: saved.map(|e| e.narrative.achieved.clone()).unwrap_or_default(),
            obstacles: saved.map(|e| e.narrative.obstacles.clone()).unwrap_or_default(),
            follow_up: saved.map(|e| e.narrative.follow_up.clone()).unwrap_or_default(),
            ..EntryForm::default()
        }
    });
    let errors = invalid.map(|i| FormErrors::from(i, locale)).unwrap_or_default();
    EntryCard {
        source: match line.source {
            store::LineSource::Rpjmd => "rpjmd",
            store::LineSource::Renstra => "renstra",
            store::LineSource::Pk => "pk",
        },
        key: line.subject.key(),
        target: number(target, locale),
        actual: number(actual, locale),
        capaian: percent(capaian, locale),
        band_rank: capaian.map(|c| rules.bands.rank(c)),
        form,
        revision,
        errors,
        saved_revision: None,
        asks_plausible,
        evidence,
        entry,
        line,
    }
}

pub struct BudgetLine {
    pub kind: ElementKind,
    pub code: String,
    pub name: String,
    pub pagu: String,
    pub spent: String,
    /// The amount as the form shows it: saved, or what was typed when refused.
    pub spent_entry: String,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "realisation_report.html")]
struct ReportPage {
    layout: Layout,
    opd: i64,
    opd_name: String,
    year: i32,
    quarter: Quarter,
    window: Window,
    state: PeriodState,
    report: Option<ReportHead>,
    versions: Vec<ReportHead>,
    cards: Vec<EntryCard>,
    budget: Vec<BudgetLine>,
    can_edit: bool,
    can_submit: bool,
    can_verify: bool,
    can_correct: bool,
    errors: FormErrors,
    import: Option<Vec<ImportLine>>,
    /// The import found values outside their plausible range: offer to confirm them.
    import_asks_plausible: bool,
}

impl ReportPage {
    fn filter_action(&self) -> String {
        format!("{}/realisasi/opd/{}", self.layout.base(), self.opd)
    }

    /// The lines without an actual: listed at the submit step and for the verifier.
    fn empty_cards(&self) -> Vec<&EntryCard> {
        self.cards.iter().filter(|c| c.is_empty()).collect()
    }
}

/// One line's card alone: what an htmx save answers with.
#[derive(Template)]
#[template(path = "realisation_entry.html")]
struct EntryFragment {
    layout: Layout,
    opd: i64,
    year: i32,
    quarter: Quarter,
    can_edit: bool,
    card: EntryCard,
}

/// What the page shows besides the stored report: a refused form, with
/// what was typed and why, shown beside its fields.
#[derive(Default)]
struct Refused {
    errors: FormErrors,
    /// The line a refused save or evidence upload belongs to, with what was
    /// typed (none for an upload: the form shows what is saved) and why.
    entry: Option<(Subject, Option<EntryForm>, Invalid)>,
    /// The sub-kegiatan whose budget spent was refused, with what was typed.
    spent: Option<(String, String)>,
    import: Option<Vec<ImportLine>>,
    import_asks_plausible: bool,
}

async fn report_page(
    state: &AppState,
    tr: Tr,
    scope: &InTenant,
    (opd, year, quarter): (i64, i32, Quarter),
    refused: Refused,
) -> AppResult<Response> {
    let locale = tr.0;
    let key = key_today(state, opd, year, quarter);
    let data = use_case::report(state, scope, key).await?;
    let (window, period) = (data.window, data.period);
    let (_, rules) = state.capaian_rules(scope.id(), year, scope.data_version).await?;
    let mut entries: HashMap<Subject, SavedEntry> = data.entries.into_iter().map(|e| (e.subject, e)).collect();
    let mut refused_entry = refused.entry;
    let cards = data
        .lines
        .into_iter()
        .map(|line| {
            let typed = refused_entry.take_if(|(subject, _, _)| *subject == line.subject);
            let evidence = data.evidence.iter().filter(|f| f.subject == line.subject).cloned().collect();
            let typed = typed.as_ref().map(|(_, form, invalid)| (form.clone(), invalid));
            entry_card(line.clone(), entries.remove(&line.subject), evidence, (quarter, &rules, locale), typed)
        })
        .collect();
    let mut budget = budget_lines(&data.renja, &data.spent, locale);
    if let Some((code, typed)) = refused.spent
        && let Some(line) = budget.iter_mut().find(|b| b.code == code)
    {
        line.spent_entry = typed;
        line.error = refused.errors.get("spent").map(str::to_owned);
    }
    let status = data.report.as_ref().map(|r| r.status);
    let can = abilities(scope, opd, period, status);
    let view = ReportPage {
        layout: Layout::tenant(tr, scope, &format!("{} · {}", tr.t("realisation.title"), data.name), "realisation"),
        opd,
        opd_name: data.name,
        year,
        quarter,
        window,
        state: period,
        can_edit: can.edit,
        can_submit: can.submit,
        can_verify: can.verify,
        can_correct: can.correct,
        report: data.report,
        versions: data.versions,
        cards,
        budget,
        errors: refused.errors,
        import: refused.import,
        import_asks_plausible: refused.import_asks_plausible,
    };
    let failed = !view.errors.is_empty()
        || view.import.as_ref().is_some_and(|i| !i.is_empty())
        || view.cards.iter().any(|c| !c.errors.is_empty());
    Ok(render(&view, if failed { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK }))
}

/// The Renja's budget with what was spent: sub-kegiatan as entered,
/// programs and kegiatan as the sums of their sub-kegiatan.
fn budget_lines(renja: &[store::RenjaRow], spent: &[(String, Decimal)], locale: Locale) -> Vec<BudgetLine> {
    let spent: HashMap<&str, Decimal> = spent.iter().map(|(code, amount)| (code.as_str(), *amount)).collect();
    let money = |d: Option<Decimal>| d.map_or_else(|| "—".to_owned(), |d| format::rupiah(d, locale));
    renja
        .iter()
        .map(|row| {
            let pagu = row.pagu_in_force();
            let amount = if row.kind == ElementKind::SubKegiatan {
                spent.get(row.code.as_str()).copied()
            } else {
                let prefix = format!("{}.", row.code);
                let under: Vec<Decimal> =
                    spent.iter().filter(|(code, _)| code.starts_with(&prefix)).map(|(_, a)| *a).collect();
                // Stored amounts too large to add up show as missing, never as a crash.
                (!under.is_empty()).then(|| domain::number::checked_sum(under)).flatten()
            };
            BudgetLine {
                kind: row.kind,
                code: row.code.clone(),
                name: row.name.clone(),
                pagu: money(pagu),
                spent: money(amount),
                spent_entry: amount.map(|a| domain::number::entry(a, locale)).unwrap_or_default(),
                error: None,
            }
        })
        .collect()
}

pub async fn report(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(opd): RowId,
    QueryParams(params): QueryParams<PeriodParams>,
) -> AppResult<Response> {
    scope.require(Permission::ViewPlanning)?;
    let (year, quarter) = chosen_period(&state, &scope, &params).await?;
    report_page(&state, Tr(locale), &scope, (opd, year, quarter), Refused::default()).await
}

/// The period of a form: year and quarter, both required.
fn period_of(tahun: &str, tw: &str) -> AppResult<(i32, Quarter)> {
    let mut invalid = Invalid::default();
    let year = invalid.check("tahun", year(tahun));
    let quarter = invalid.check("quarter", Quarter::parse(tw));
    Ok(invalid.finish(|| Some((year?, quarter?)))?)
}

fn report_url(scope: &InTenant, opd: i64, year: i32, quarter: Quarter) -> String {
    format!("/pemda/{}/realisasi/opd/{opd}?tahun={year}&tw={}", scope.tenant.code, quarter.number())
}

#[derive(Deserialize, Default, Clone)]
pub struct EntryForm {
    #[serde(default)]
    pub tahun: String,
    #[serde(default)]
    pub tw: String,
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub revision: String,
    #[serde(default)]
    pub actual: String,
    #[serde(default)]
    pub achieved: String,
    #[serde(default)]
    pub obstacles: String,
    #[serde(default)]
    pub follow_up: String,
    /// A checkbox: clear the saved actual (a blank field alone never does).
    #[serde(default)]
    pub clear_actual: String,
    /// A checkbox: the value is right although outside the plausible range.
    #[serde(default)]
    pub confirm_implausible: String,
}

impl EntryForm {
    fn confirmed(&self) -> Confirmed {
        Confirmed { clear_actual: !self.clear_actual.is_empty(), implausible: !self.confirm_implausible.is_empty() }
    }
}

fn is_htmx(headers: &HeaderMap) -> bool {
    headers.contains_key("hx-request")
}

/// Saves one line of the report. From htmx it answers with the line's card
/// alone: refreshed after a save, or with the errors beside the fields and
/// what was typed (422, which the page's htmx swaps in).
pub async fn save_entry(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(opd): RowId,
    headers: HeaderMap,
    Form(form): Form<EntryForm>,
) -> AppResult<Response> {
    scope.require(Permission::ReportRealisation(OpdId(opd)))?;
    let (year, quarter) = period_of(&form.tahun, &form.tw)?;
    let subject = Subject::parse(&form.subject).map_err(|r| Invalid::one("subject", r))?;
    let key = ReportKey { opd, year, quarter, today: state.today() };
    let result: AppResult<store::EntryWritten> = async {
        let revision = form.revision.trim().parse::<i64>().unwrap_or(0).max(0);
        let entry = Entry::parse(&form.actual, &form.achieved, &form.obstacles, &form.follow_up, locale)?;
        let save = EntrySave { subject, entry: &entry, revision, confirmed: form.confirmed() };
        use_case::save_entry(&state, &scope, key, &save).await
    }
    .await;
    let tr = Tr(locale);
    let invalid = match result {
        Ok(written) if is_htmx(&headers) => return saved_card(&state, tr, &scope, key, written).await,
        Ok(_) => return Ok(see_other(&format!("{}#{}", report_url(&scope, opd, year, quarter), subject.key()))),
        Err(AppError::Invalid(invalid)) => invalid,
        Err(other) => return Err(other),
    };
    if is_htmx(&headers) {
        return refused_card(&state, tr, &scope, key, subject, (Some(form), &invalid)).await;
    }
    let errors = FormErrors::from(&invalid, locale);
    let refused = Refused { errors, entry: Some((subject, Some(form), invalid)), ..Refused::default() };
    report_page(&state, tr, &scope, (opd, year, quarter), refused).await
}

impl EntryFragment {
    fn new(tr: Tr, scope: &InTenant, key: ReportKey, can_edit: bool, card: EntryCard) -> EntryFragment {
        let ReportKey { opd, year, quarter, .. } = key;
        EntryFragment { layout: Layout::tenant(tr, scope, "", "realisation"), opd, year, quarter, can_edit, card }
    }
}

/// The card of a line just saved, for htmx. The save went through, so the
/// period is open, the report editable and the user may edit it: only the
/// line and its evidence are read again, which keeps a save cheap.
async fn saved_card(
    state: &AppState,
    tr: Tr,
    scope: &InTenant,
    key: ReportKey,
    written: store::EntryWritten,
) -> AppResult<Response> {
    let subject = written.saved.subject;
    let line = state.store.report_line(scope.id(), key.opd, key.year, subject).await?.ok_or(AppError::NotFound)?;
    let evidence = state.store.line_evidence(scope.id(), written.report, subject).await?;
    let (_, rules) = state.capaian_rules(scope.id(), key.year, scope.data_version).await?;
    let revision = written.saved.revision;
    let mut card = entry_card(line, Some(written.saved), evidence, (key.quarter, &rules, tr.0), None);
    card.saved_revision = Some(revision);
    Ok(render(&EntryFragment::new(tr, scope, key, true, card), StatusCode::OK))
}

/// The card of a line whose save or upload was refused, for htmx: the
/// errors beside the fields and what was typed (422).
async fn refused_card(
    state: &AppState,
    tr: Tr,
    scope: &InTenant,
    key: ReportKey,
    subject: Subject,
    typed: (Option<EntryForm>, &Invalid),
) -> AppResult<Response> {
    let ReportKey { opd, year, quarter, .. } = key;
    let line = state.store.report_line(scope.id(), opd, year, subject).await?.ok_or(AppError::NotFound)?;
    let report = state.store.report_versions(scope.id(), opd, year, quarter).await?.into_iter().next();
    let (entry, evidence) = match &report {
        Some(r) => (
            state.store.report_entries(scope.id(), r.id).await?.into_iter().find(|e| e.subject == subject),
            state.store.line_evidence(scope.id(), r.id, subject).await?,
        ),
        None => (None, Vec::new()),
    };
    let (_, period) = use_case::period_state(state, scope, key).await?;
    let (_, rules) = state.capaian_rules(scope.id(), year, scope.data_version).await?;
    let card = entry_card(line, entry, evidence, (quarter, &rules, tr.0), Some(typed));
    let can_edit = abilities(scope, opd, period, report.map(|r| r.status)).edit;
    Ok(render(&EntryFragment::new(tr, scope, key, can_edit, card), StatusCode::UNPROCESSABLE_ENTITY))
}

#[derive(Deserialize, Default)]
pub struct SpentForm {
    #[serde(default)]
    tahun: String,
    #[serde(default)]
    tw: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    spent: String,
}

/// Saves what one sub-kegiatan spent in the quarter.
pub async fn save_spent(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(opd): RowId,
    Form(form): Form<SpentForm>,
) -> AppResult<Response> {
    scope.require(Permission::ReportRealisation(OpdId(opd)))?;
    let (year, quarter) = period_of(&form.tahun, &form.tw)?;
    let result: AppResult<()> = async {
        let amount = parse_spent(&form.spent, locale).map_err(|r| Invalid::one("spent", r))?;
        use_case::save_spent(&state, &scope, key_today(&state, opd, year, quarter), &form.code, amount).await
    }
    .await;
    let refused =
        |_: Invalid| Refused { spent: Some((form.code.trim().to_owned(), form.spent.clone())), ..Refused::default() };
    after_change(&state, locale, &scope, (opd, year, quarter), result, "anggaran", refused).await
}

/// A redirect back to the report after a change, or the page (422) with
/// the errors and what was typed, which `refused` places beside its fields.
async fn after_change(
    state: &AppState,
    locale: Locale,
    scope: &InTenant,
    (opd, year, quarter): (i64, i32, Quarter),
    result: AppResult<()>,
    anchor: &str,
    refused: impl FnOnce(Invalid) -> Refused,
) -> AppResult<Response> {
    match result {
        Ok(()) => Ok(see_other(&format!("{}#{anchor}", report_url(scope, opd, year, quarter)))),
        Err(AppError::Invalid(invalid)) => {
            let errors = FormErrors::from(&invalid, locale);
            let refused = Refused { errors, ..refused(invalid) };
            Ok(unprocessable(report_page(state, Tr(locale), scope, (opd, year, quarter), refused).await?))
        }
        Err(other) => Err(other),
    }
}

/// A refusal shown only in the page's summary and beside the field it names.
fn summary(_: Invalid) -> Refused {
    Refused::default()
}

#[derive(Deserialize, Default)]
pub struct EvidenceParams {
    #[serde(default)]
    tahun: String,
    #[serde(default)]
    tw: String,
    #[serde(default)]
    subject: String,
}

/// Receives one evidence file for a line; the type is judged by content.
pub async fn upload_evidence(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(opd): RowId,
    QueryParams(params): QueryParams<EvidenceParams>,
    request: axum::extract::Request,
) -> AppResult<Response> {
    scope.require(Permission::ReportRealisation(OpdId(opd)))?;
    let (year, quarter) = period_of(&params.tahun, &params.tw)?;
    let subject = Subject::parse(&params.subject).map_err(|r| Invalid::one("subject", r))?;
    let (name, bytes) = uploaded_file(&state, request, domain::realisation::EVIDENCE_MAX_MB).await?;
    let key = key_today(&state, opd, year, quarter);
    let result = use_case::add_evidence(&state, &scope, key, subject, &name, bytes).await.map(|_| ());
    let refused = |invalid| Refused { entry: Some((subject, None, invalid)), ..Refused::default() };
    after_change(&state, locale, &scope, (opd, year, quarter), result, &subject.key(), refused).await
}

pub async fn delete_evidence(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(opd): RowId,
    SubId(id): SubId,
    Form(params): Form<EvidenceParams>,
) -> AppResult<Response> {
    scope.require(Permission::ReportRealisation(OpdId(opd)))?;
    let (year, quarter) = period_of(&params.tahun, &params.tw)?;
    let result = use_case::delete_evidence(&state, &scope, key_today(&state, opd, year, quarter), id).await;
    after_change(&state, locale, &scope, (opd, year, quarter), result, "bukti", summary).await
}

/// Sends an evidence file, from the database or the object store.
pub async fn evidence_file(State(state): State<AppState>, scope: InTenant, RowId(id): RowId) -> AppResult<Response> {
    let (file, bytes) = use_case::evidence_file(&state, &scope, id).await?;
    let disposition = format!("inline; filename=\"{}\"", file.file_name.replace(['"', '\\'], "_"));
    Ok((
        [
            (header::CONTENT_TYPE, file.kind.media_type().to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::HeaderName::from_static("x-content-type-options"), "nosniff".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Deserialize, Default)]
pub struct StepForm {
    #[serde(default)]
    tahun: String,
    #[serde(default)]
    tw: String,
    #[serde(default)]
    note: String,
    /// A checkbox: submit although some lines have no actual.
    #[serde(default)]
    confirm_empty: String,
}

async fn take_step(
    state: &AppState,
    locale: Locale,
    scope: &InTenant,
    opd: i64,
    form: &StepForm,
    step: ReportStep,
) -> AppResult<Response> {
    let (year, quarter) = period_of(&form.tahun, &form.tw)?;
    let key = key_today(state, opd, year, quarter);
    let confirm_empty = !form.confirm_empty.is_empty();
    let result = use_case::step(state, scope, key, step, &form.note, confirm_empty).await.map(|_| ());
    after_change(state, locale, scope, (opd, year, quarter), result, "status", summary).await
}

pub async fn submit(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(opd): RowId,
    Form(form): Form<StepForm>,
) -> AppResult<Response> {
    scope.require(Permission::ReportRealisation(OpdId(opd)))?;
    take_step(&state, locale, &scope, opd, &form, ReportStep::Submit).await
}

pub async fn send_back(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(opd): RowId,
    Form(form): Form<StepForm>,
) -> AppResult<Response> {
    scope.require(Permission::VerifyRealisation)?;
    take_step(&state, locale, &scope, opd, &form, ReportStep::Return).await
}

pub async fn approve(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(opd): RowId,
    Form(form): Form<StepForm>,
) -> AppResult<Response> {
    scope.require(Permission::VerifyRealisation)?;
    take_step(&state, locale, &scope, opd, &form, ReportStep::Approve).await
}

/// Starts a correction of approved values: a new version with a reason.
pub async fn correct(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(opd): RowId,
    Form(form): Form<StepForm>,
) -> AppResult<Response> {
    scope.require(Permission::ReportRealisation(OpdId(opd)))?;
    let (year, quarter) = period_of(&form.tahun, &form.tw)?;
    let result = use_case::correct(&state, &scope, key_today(&state, opd, year, quarter), &form.note).await.map(|_| ());
    after_change(&state, locale, &scope, (opd, year, quarter), result, "status", summary).await
}

/// The workbook for bulk entry, with what is already entered.
pub async fn template(
    State(state): State<AppState>,
    scope: InTenant,
    RowId(opd): RowId,
    QueryParams(params): QueryParams<PeriodParams>,
) -> AppResult<Response> {
    scope.require(Permission::ViewPlanning)?;
    let (year, quarter) = period_of(&params.tahun, &params.tw)?;
    let data = use_case::report(&state, &scope, key_today(&state, opd, year, quarter)).await?;
    let entries: HashMap<Subject, Entry> = data.entries.into_iter().map(|e| (e.subject, e.entry)).collect();
    let spent: HashMap<String, Decimal> = data.spent.into_iter().collect();
    let bytes = state
        .render_document(move || {
            let lines: Vec<TemplateLine<'_>> = data
                .lines
                .iter()
                .map(|l| TemplateLine {
                    subject: l.subject,
                    element: &l.element_name,
                    indicator: &l.name,
                    unit: &l.unit,
                    target: l.target(quarter),
                    entry: entries.get(&l.subject),
                })
                .collect();
            let budget: Vec<TemplateBudget<'_>> = data
                .renja
                .iter()
                .filter(|r| r.kind == ElementKind::SubKegiatan)
                .map(|r| TemplateBudget {
                    code: &r.code,
                    name: &r.name,
                    pagu: r.pagu_in_force(),
                    spent: spent.get(&r.code).copied(),
                })
                .collect();
            write_realisation(&data.name, year, &quarter.to_string(), &lines, &budget)
        })
        .await?;
    Ok(download(format!("realisasi-{}-{opd}-{year}-tw{}.xlsx", scope.tenant.code, quarter.number()), bytes))
}

/// Reads a filled workbook and saves all of it, or nothing with the report of every error.
pub async fn import(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(opd): RowId,
    QueryParams(params): QueryParams<PeriodParams>,
    request: axum::extract::Request,
) -> AppResult<Response> {
    scope.require(Permission::ReportRealisation(OpdId(opd)))?;
    let (year, quarter) = period_of(&params.tahun, &params.tw)?;
    let upload = uploaded_form(&state, request, MAX_UPLOAD_MB).await?;
    let confirmed = upload.fields.get("confirm_implausible").is_some_and(|v| !v.is_empty());
    let key = key_today(&state, opd, year, quarter);
    let data = use_case::report(&state, &scope, key).await?;
    let subjects: HashSet<Subject> = data.lines.iter().map(|l| l.subject).collect();
    let codes = data.sub_kegiatan_codes();
    let tr = Tr(locale);
    let (name, label, bytes) = (data.name.clone(), quarter.to_string(), upload.bytes);
    let read =
        state.read_upload(move || read_realisation(&bytes, &name, year, &label, &subjects, &codes, locale)).await?;
    let refused = |lines, asks| Refused { import: Some(lines), import_asks_plausible: asks, ..Refused::default() };
    let read = match read {
        Ok(read) => read,
        Err(errors) => {
            return report_page(&state, tr, &scope, (opd, year, quarter), refused(import_report(errors, tr), false))
                .await;
        }
    };
    let delivery = Delivery { entries: read.entries, spent: read.spent, confirmed_implausible: confirmed };
    match use_case::deliver(&state, &scope, key, &delivery).await {
        Ok(Delivered::Saved) => {
            after_change(&state, locale, &scope, (opd, year, quarter), Ok(()), "impor", summary).await
        }
        Ok(Delivered::Refused(errors)) => {
            let asks = errors.iter().any(|e| matches!(e.reason, Reason::Implausible { .. }));
            // Each refused value is named with its row of the workbook.
            let cells = errors
                .into_iter()
                .map(|e| match (e.part, read.rows.get(e.index)) {
                    (DeliveryPart::Entries, Some(row)) => CellError {
                        sheet: docs::realisation_workbook::SHEET.into(),
                        row: *row,
                        column: ACTUAL_COLUMN.into(),
                        reason: e.reason,
                    },
                    _ => CellError::whole_file(e.reason),
                })
                .collect();
            report_page(&state, tr, &scope, (opd, year, quarter), refused(import_report(cells, tr), asks)).await
        }
        Err(other) => after_change(&state, locale, &scope, (opd, year, quarter), Err(other), "impor", summary).await,
    }
}
