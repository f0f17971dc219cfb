//! Quarterly realisation: the reporting calendar and who has reported, an
//! OPD's report of a quarter (actuals, narratives, evidence, budget spent),
//! its verification and corrections, and the workbook for bulk entry.

use super::capaian::{number, percent};
use super::workbook::{ReportLine as ImportLine, download, report as import_report, uploaded_file};
use super::{FormErrors, opd_name, render, see_other, unprocessable};
use crate::auth::InTenant;
use crate::error::{AppError, AppResult};
use crate::extract::{FormBody as Form, QueryParams, RowId, SubId};
use crate::i18n::Tr;
use crate::layout::Layout;
use crate::middleware::Lang;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use docs::realisation_workbook::{TemplateBudget, TemplateLine, read_realisation, write_realisation};
use domain::access::Permission;
use domain::capaian::{Quarter, reported_achievement};
use domain::planning::{ElementKind, year};
use domain::realisation::{
    Entry, PeriodState, ReportStatus, ReportStep, Subject, Window, check_evidence, clean_file_name, last_ended_quarter,
    parse_spent,
};
use domain::{Invalid, Locale, OpdId, Reason, format};
use rust_decimal::Decimal;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::str::FromStr;
use store::{EvidenceInfo, ReportHead, ReportKey, SavedEntry};

/// Uploads of evidence: the file limit and room for the form around it.
pub const MAX_EVIDENCE_UPLOAD: usize = (domain::realisation::EVIDENCE_MAX_MB + 1) * 1024 * 1024;

#[derive(Deserialize, Default)]
pub struct PeriodParams {
    #[serde(default)]
    pub tahun: String,
    #[serde(default)]
    pub tw: String,
}

/// The year and quarter a page shows: as asked, else this year and the
/// quarter open today, else the last that ended.
pub async fn chosen_period(state: &AppState, scope: &InTenant, params: &PeriodParams) -> AppResult<(i32, Quarter)> {
    let today = state.today();
    let year = year(&params.tahun).unwrap_or(today.year());
    if let Ok(quarter) = Quarter::parse(&params.tw) {
        return Ok((year, quarter));
    }
    let calendar = state.store.reporting_calendar(scope.id(), year).await?;
    let open = calendar.iter().find(|w| w.state(today, None) == PeriodState::Open).map(|w| w.quarter);
    Ok((year, open.or_else(|| last_ended_quarter(year, today)).unwrap_or(Quarter::ALL[0])))
}

/// The latest version of each OPD's report of each quarter.
pub fn latest_by_opd(reports: &[ReportHead]) -> HashMap<(i64, Quarter), &ReportHead> {
    let mut latest: HashMap<(i64, Quarter), &ReportHead> = HashMap::new();
    for report in reports {
        let slot = latest.entry((report.opd_id, report.quarter.0)).or_insert(report);
        if report.version > slot.version {
            *slot = report;
        }
    }
    latest
}

/// Whether an OPD has reported a quarter: sent to the verifier or approved.
pub fn has_reported(report: Option<&ReportHead>) -> bool {
    report.is_some_and(|r| {
        matches!(r.status, ReportStatus::Submitted | ReportStatus::Approved | ReportStatus::Superseded)
    })
}

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
    let today = state.today();
    let calendar = state.store.reporting_calendar(scope.id(), year).await?;
    let reports = state.store.realisation_reports(scope.id(), year).await?;
    let reopenings = state.store.reopenings(scope.id(), year).await?;
    let names = state.store.opd_options(scope.id()).await?;
    let latest = latest_by_opd(&reports);
    let reopened =
        |opd: i64| reopenings.iter().filter(|r| r.opd_id == opd && r.quarter.0 == quarter).map(|r| r.until_on).max();
    let opds: Vec<OpdStatus> = names
        .iter()
        .map(|(id, name)| {
            let report = latest.get(&(*id, quarter));
            OpdStatus {
                id: *id,
                name: name.clone(),
                status: report.map(|r| r.status),
                version: report.map_or(0, |r| r.version),
                late: report.is_some_and(|r| r.submitted_late),
                reopened_until: reopened(*id).filter(|until| *until >= today).map(|d| tr.date(&d)),
            }
        })
        .collect();
    let missing = names.iter().filter(|(id, _)| !has_reported(latest.get(&(*id, quarter)).copied())).count();
    let opd_name = |id: i64| names.iter().find(|(o, _)| *o == id).map(|(_, n)| n.clone()).unwrap_or_default();
    let view = OverviewPage {
        layout: Layout::tenant(tr, scope, tr.t("realisation.title"), "realisation"),
        year,
        quarter,
        calendar: calendar
            .into_iter()
            .zip(WINDOW_FIELDS)
            .map(|(window, (open_field, close_field))| CalendarRow {
                state: window.state(today, None),
                window,
                open_field,
                close_field,
            })
            .collect(),
        opds,
        missing,
        reopenings: reopenings.into_iter().map(|r| (opd_name(r.opd_id), r)).collect(),
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
            state.store.set_reporting_calendar(scope.id(), &scope.actor(), year, &windows).await?;
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
        let until = invalid.check("until", domain::text::date(&form.sampai));
        let (opd, quarter, until) = invalid.finish(|| Some((opd?, quarter?, until?)))?;
        let key = ReportKey { opd, year, quarter, today: state.today() };
        state.store.reopen_period(scope.id(), &scope.actor(), key, until, &form.alasan).await?;
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

/// One line of the report page.
pub struct EntryLine {
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
}

pub struct BudgetLine {
    pub kind: ElementKind,
    pub code: String,
    pub name: String,
    pub pagu: String,
    pub spent: String,
    pub spent_entry: String,
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
    lines: Vec<EntryLine>,
    budget: Vec<BudgetLine>,
    can_edit: bool,
    can_submit: bool,
    can_verify: bool,
    can_correct: bool,
    errors: FormErrors,
    /// The line an error belongs to, with what was typed.
    failed: Option<(String, EntryForm)>,
    import: Option<Vec<ImportLine>>,
}

impl ReportPage {
    fn filter_action(&self) -> String {
        format!("{}/realisasi/opd/{}", self.layout.base(), self.opd)
    }

    fn typed(&self, key: &str) -> Option<&EntryForm> {
        self.failed.as_ref().filter(|(k, _)| k == key).map(|(_, form)| form)
    }
}

struct ReportData {
    name: String,
    lines: Vec<store::ReportLine>,
    report: Option<ReportHead>,
    /// Every version of the quarter's report, the newest (`report`) first.
    versions: Vec<ReportHead>,
    entries: Vec<SavedEntry>,
    evidence: Vec<EvidenceInfo>,
    spent: Vec<(String, Decimal)>,
    renja: Vec<store::RenjaRow>,
}

async fn report_data(
    state: &AppState,
    scope: &InTenant,
    opd: i64,
    year: i32,
    quarter: Quarter,
) -> AppResult<ReportData> {
    let name = opd_name(state, scope, opd).await?;
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
    Ok(ReportData { name, lines, report, versions, entries, evidence, spent, renja })
}

#[allow(clippy::too_many_arguments)]
async fn report_page(
    state: &AppState,
    tr: Tr,
    scope: &InTenant,
    opd: i64,
    year: i32,
    quarter: Quarter,
    errors: FormErrors,
    failed: Option<(String, EntryForm)>,
    import: Option<Vec<ImportLine>>,
) -> AppResult<Response> {
    let locale = tr.0;
    let data = report_data(state, scope, opd, year, quarter).await?;
    let key = ReportKey { opd, year, quarter, today: state.today() };
    let (window, period) = state.store.period_state(scope.id(), key).await?;
    let (_, rules) = state.capaian_rules(scope.id(), year).await?;
    let entries: HashMap<Subject, SavedEntry> = data.entries.into_iter().map(|e| (e.subject, e)).collect();
    let lines = data
        .lines
        .into_iter()
        .map(|line| {
            let entry = entries.get(&line.subject).cloned();
            let target = line.target(quarter);
            let actual = entry.as_ref().and_then(|e| e.entry.actual);
            let capaian = reported_achievement(&rules.method, line.polarity, target, actual).percent;
            EntryLine {
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
                evidence: data.evidence.iter().filter(|f| f.subject == line.subject).cloned().collect(),
                entry,
                line,
            }
        })
        .collect();
    let spent: HashMap<&str, Decimal> = data.spent.iter().map(|(code, amount)| (code.as_str(), *amount)).collect();
    let budget = data
        .renja
        .iter()
        .map(|row| {
            let pagu = row.pagu_perubahan.as_deref().or(row.pagu.as_deref()).and_then(|p| Decimal::from_str(p).ok());
            let amount = if row.kind == ElementKind::SubKegiatan {
                spent.get(row.code.as_str()).copied()
            } else {
                // Programs and kegiatan show the sum of their sub-kegiatan.
                let prefix = format!("{}.", row.code);
                let sum: Decimal = spent.iter().filter(|(code, _)| code.starts_with(&prefix)).map(|(_, a)| *a).sum();
                (!sum.is_zero()).then_some(sum)
            };
            BudgetLine {
                kind: row.kind,
                code: row.code.clone(),
                name: row.name.clone(),
                pagu: pagu.map_or_else(|| "—".to_owned(), |p| format::rupiah(p, locale)),
                spent: amount.map_or_else(|| "—".to_owned(), |a| format::rupiah(a, locale)),
                spent_entry: amount.map(|a| format::entry(a, locale)).unwrap_or_default(),
            }
        })
        .collect();
    let status = data.report.as_ref().map(|r| r.status);
    let reporter = scope.may(Permission::ReportRealisation(OpdId(opd)));
    let open = period.accepts_entries();
    let view = ReportPage {
        layout: Layout::tenant(tr, scope, &format!("{} · {}", tr.t("realisation.title"), data.name), "realisation"),
        opd,
        opd_name: data.name,
        year,
        quarter,
        window,
        state: period,
        can_edit: reporter && open && status.is_none_or(ReportStatus::is_editable),
        can_submit: reporter && open && status.is_some_and(ReportStatus::is_editable),
        can_verify: scope.may(Permission::VerifyRealisation) && status == Some(ReportStatus::Submitted),
        can_correct: reporter && open && status == Some(ReportStatus::Approved),
        report: data.report,
        versions: data.versions,
        lines,
        budget,
        errors,
        failed,
        import,
    };
    let failed = !view.errors.is_empty() || view.import.as_ref().is_some_and(|i| !i.is_empty());
    Ok(render(&view, if failed { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK }))
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
    report_page(&state, Tr(locale), &scope, opd, year, quarter, FormErrors::default(), None, None).await
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
}

fn is_htmx(headers: &HeaderMap) -> bool {
    headers.contains_key("hx-request")
}

/// Saves one line of the report. From htmx, answers with the line's new
/// status and revision instead of a whole page.
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
    let result: AppResult<i64> = async {
        let revision = form.revision.trim().parse::<i64>().unwrap_or(0).max(0);
        let entry = Entry::parse(&form.actual, &form.achieved, &form.obstacles, &form.follow_up)?;
        let key = ReportKey { opd, year, quarter, today: state.today() };
        Ok(state.store.save_entry(scope.id(), &scope.actor(), key, subject, &entry, revision).await?)
    }
    .await;
    let tr = Tr(locale);
    match (result, is_htmx(&headers)) {
        (Ok(revision), true) => {
            let key = subject.key();
            let body = format!(
                "<span class=\"saved\" data-revision=\"{revision}\">{} · {}</span>\
                 <input type=\"hidden\" name=\"revision\" value=\"{revision}\" id=\"rev-{key}\" hx-swap-oob=\"true\">",
                tr.pick("Tersimpan", "Saved"),
                tr.pick("revisi", "revision"),
            );
            Ok((StatusCode::OK, axum::response::Html(body)).into_response())
        }
        (Ok(_), false) => Ok(see_other(&format!("{}#{}", report_url(&scope, opd, year, quarter), subject.key()))),
        (Err(AppError::Invalid(invalid)), true) => {
            let messages: Vec<String> = invalid
                .localized(locale)
                .into_iter()
                .map(|e| format!("{}: {}", tr.field_label(e.field), e.message))
                .collect();
            let body =
                format!("<span class=\"field-error\" role=\"alert\">{}</span>", html_escape(&messages.join("; ")));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, axum::response::Html(body)).into_response())
        }
        (Err(AppError::Invalid(invalid)), false) => {
            let errors = FormErrors::from(&invalid, locale);
            let failed = Some((subject.key(), form.clone()));
            report_page(&state, tr, &scope, opd, year, quarter, errors, failed, None).await
        }
        (Err(other), _) => Err(other),
    }
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
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
        let amount = parse_spent(&form.spent).map_err(|r| Invalid::one("spent", r))?;
        let key = ReportKey { opd, year, quarter, today: state.today() };
        Ok(state.store.save_spent(scope.id(), &scope.actor(), key, form.code.trim(), amount).await?)
    }
    .await;
    after_change(&state, locale, &scope, opd, year, quarter, result, "anggaran").await
}

/// A redirect back to the report after a change, or the page with the errors.
#[allow(clippy::too_many_arguments)]
async fn after_change(
    state: &AppState,
    locale: Locale,
    scope: &InTenant,
    opd: i64,
    year: i32,
    quarter: Quarter,
    result: AppResult<()>,
    anchor: &str,
) -> AppResult<Response> {
    match result {
        Ok(()) => Ok(see_other(&format!("{}#{anchor}", report_url(scope, opd, year, quarter)))),
        Err(AppError::Invalid(invalid)) => {
            let errors = FormErrors::from(&invalid, locale);
            Ok(unprocessable(report_page(state, Tr(locale), scope, opd, year, quarter, errors, None, None).await?))
        }
        Err(other) => Err(other),
    }
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
    let (name, bytes) = uploaded_file(&state, request).await?;
    let result: AppResult<()> = async {
        let kind = check_evidence(&bytes).map_err(|r| Invalid::one("file", r))?;
        let sha256 = hex::encode(Sha256::digest(&bytes));
        let elsewhere = state.config.evidence.put(scope.id(), &sha256, &bytes).await?;
        let file_name = clean_file_name(&name, kind);
        let file = store::NewEvidence {
            subject,
            file_name: &file_name,
            kind,
            size: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
            sha256: &sha256,
            content: (!elsewhere).then_some(bytes.as_slice()),
        };
        let key = ReportKey { opd, year, quarter, today: state.today() };
        state.store.add_evidence(scope.id(), &scope.actor(), key, &file).await?;
        Ok(())
    }
    .await;
    after_change(&state, locale, &scope, opd, year, quarter, result, &subject.key()).await
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
    let key = ReportKey { opd, year, quarter, today: state.today() };
    let result = state.store.delete_evidence(scope.id(), &scope.actor(), key, id).await.map_err(AppError::from);
    after_change(&state, locale, &scope, opd, year, quarter, result, "bukti").await
}

/// Sends an evidence file, from the database or the object store.
pub async fn evidence_file(State(state): State<AppState>, scope: InTenant, RowId(id): RowId) -> AppResult<Response> {
    scope.require(Permission::ViewPlanning)?;
    let file = state.store.evidence(scope.id(), id).await?;
    let bytes = state.config.evidence.get(&state.store, scope.id(), &file).await?;
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
    let key = ReportKey { opd, year, quarter, today: state.today() };
    let result = state.store.report_step(scope.id(), &scope.actor(), key, step, &form.note).await.map(|_| ());
    after_change(state, locale, scope, opd, year, quarter, result.map_err(AppError::from), "status").await
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
    let key = ReportKey { opd, year, quarter, today: state.today() };
    let result = state.store.correct_report(scope.id(), &scope.actor(), key, &form.note).await.map(|_| ());
    after_change(&state, locale, &scope, opd, year, quarter, result.map_err(AppError::from), "status").await
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
    let data = report_data(&state, &scope, opd, year, quarter).await?;
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
                    pagu: r.pagu_perubahan.as_deref().or(r.pagu.as_deref()).and_then(|p| Decimal::from_str(p).ok()),
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
    let (_, bytes) = uploaded_file(&state, request).await?;
    let data = report_data(&state, &scope, opd, year, quarter).await?;
    let subjects: HashSet<Subject> = data.lines.iter().map(|l| l.subject).collect();
    let codes: HashSet<String> =
        data.renja.iter().filter(|r| r.kind == ElementKind::SubKegiatan).map(|r| r.code.clone()).collect();
    let tr = Tr(locale);
    match read_realisation(&bytes, &data.name, year, &quarter.to_string(), &subjects, &codes) {
        Ok(read) => {
            let key = ReportKey { opd, year, quarter, today: state.today() };
            let result = state.store.import_entries(scope.id(), &scope.actor(), key, &read.entries, &read.spent).await;
            after_change(&state, locale, &scope, opd, year, quarter, result.map_err(AppError::from), "impor").await
        }
        Err(errors) => {
            let lines = import_report(errors, tr);
            report_page(&state, tr, &scope, opd, year, quarter, FormErrors::default(), None, Some(lines)).await
        }
    }
}

/// A line on the home page: what is due, and where to do it.
pub struct Reminder {
    pub text: String,
    pub link: String,
}

/// Reminders for the home page: an operator's open quarters not reported
/// yet, and a verifier's reports waiting. Other roles read nothing here.
pub async fn reminders(state: &AppState, scope: &InTenant, tr: Tr) -> AppResult<Vec<Reminder>> {
    use domain::access::Role;
    let operated: Vec<i64> = scope
        .principal
        .grants
        .iter()
        .filter(|g| g.role == Role::OpdOperator && g.tenant == Some(scope.id()))
        .filter_map(|g| g.opd.map(|o| o.0))
        .collect();
    let verifies = scope.principal.roles().any(|r| r == Role::Verifier);
    if operated.is_empty() && !verifies {
        return Ok(Vec::new());
    }
    let today = state.today();
    let year = today.year();
    let mut out = Vec::new();
    let base = format!("/pemda/{}", scope.tenant.code);
    if !operated.is_empty() {
        let calendar = state.store.reporting_calendar(scope.id(), year).await?;
        for window in calendar.iter().filter(|w| w.state(today, None) == PeriodState::Open) {
            for opd in &operated {
                let report = state.store.latest_report(scope.id(), *opd, year, window.quarter).await?;
                if !has_reported(report.as_ref()) {
                    let name = opd_name(state, scope, *opd).await?;
                    out.push(Reminder {
                        text: format!(
                            "{} {} {year} · {name}: {} {}",
                            tr.pick("Realisasi", "Realisation"),
                            window.quarter,
                            tr.pick("belum dilaporkan, batas", "not reported yet, due"),
                            tr.date(&window.closes_on)
                        ),
                        link: format!("{base}/realisasi/opd/{opd}?tahun={year}&tw={}", window.quarter.number()),
                    });
                }
            }
        }
    }
    if verifies {
        let reports = state.store.realisation_reports(scope.id(), year).await?;
        let waiting = reports.iter().filter(|r| r.status == ReportStatus::Submitted).count();
        if waiting > 0 {
            out.push(Reminder {
                text: format!(
                    "{waiting} {}",
                    tr.pick("laporan realisasi menunggu verifikasi", "realisation reports wait for verification")
                ),
                link: format!("{base}/realisasi?tahun={year}"),
            });
        }
    }
    Ok(out)
}
