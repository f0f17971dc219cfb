//! API endpoints for quarterly realisation: the calendar, who has reported,
//! an OPD's report of a quarter, saving entries with the revision the
//! client saw, budget spent, evidence, the verification steps, corrections,
//! and a whole quarter delivered at once. They call the use cases the pages
//! call (`app::realisation`).

use super::input::{PeriodQuery, machine_number, period, year_of};
use super::views::{ErrorView, FieldErrorView, FileBytes};
use crate::app::realisation::{self as use_case, Delivered, Delivery, DeliveryPart, ItemError, abilities, key_today};
use crate::auth::InTenant;
use crate::error::{AppError, AppResult};
use crate::extract::{JsonBody, QueryParams, RowId, SubId};
use crate::i18n::Tr;
use crate::middleware::Lang;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::realisation::{Confirmed, Entry, ReportStep, Subject, Window};
use domain::{Invalid, Locale, Reason};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use store::{EntrySave, EvidenceInfo, ReportKey, SavedEntry};
use time::{Date, OffsetDateTime};
use utoipa::{IntoParams, ToSchema};

fn text(value: Decimal) -> String {
    value.normalize().to_string()
}

#[derive(Serialize, ToSchema)]
pub struct WindowView {
    pub quarter: u8,
    pub opens_on: Date,
    pub closes_on: Date,
    /// `not_open`, `open`, `reopened` or `closed`, today.
    pub state: String,
}

impl WindowView {
    fn of(window: &Window, state: domain::realisation::PeriodState) -> WindowView {
        WindowView {
            quarter: window.quarter.number(),
            opens_on: window.opens_on,
            closes_on: window.closes_on,
            state: state.key().to_owned(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct CalendarView {
    pub year: i32,
    pub windows: Vec<WindowView>,
}

/// The year's reporting calendar: when each quarter opens and closes, and its state today.
#[utoipa::path(get, operation_id = "realisation_calendar", path = "/api/v1/tenants/{kode}/realisation/calendar", tag = "realisation", params(("kode" = String, Path), ("year" = Option<String>, Query, description = "The year (default: this year)")), responses((status = 200, body = CalendarView), (status = 403, body = ErrorView), (status = 422, body = ErrorView)))]
pub async fn calendar(
    State(state): State<AppState>,
    scope: InTenant,
    QueryParams(params): QueryParams<PeriodQuery>,
) -> AppResult<Json<CalendarView>> {
    let year = year_of(&state, params.year.as_deref())?;
    let windows = use_case::calendar(&state, &scope, year).await?;
    Ok(Json(CalendarView { year, windows: windows.iter().map(|(w, s)| WindowView::of(w, *s)).collect() }))
}

/// One OPD's report of the quarter, as far as it went.
#[derive(Serialize, ToSchema)]
pub struct OpdComplianceView {
    pub opd_id: i64,
    pub name: String,
    /// The latest version's status; `null` when not started.
    pub status: Option<String>,
    pub version: Option<i32>,
    /// Submitted or approved: counts as reported.
    pub reported: bool,
    /// Submitted after the period closed.
    pub late: bool,
    /// The period is open again for this OPD until this day.
    pub reopened_until: Option<Date>,
}

#[derive(Serialize, ToSchema)]
pub struct ComplianceView {
    pub year: i32,
    pub quarter: u8,
    /// How many OPD have not reported.
    pub missing: usize,
    pub opds: Vec<OpdComplianceView>,
}

/// Who has reported the quarter: every OPD with its report's status.
#[utoipa::path(get, operation_id = "realisation_compliance", path = "/api/v1/tenants/{kode}/realisation", tag = "realisation", params(("kode" = String, Path), PeriodQuery), responses((status = 200, body = ComplianceView), (status = 403, body = ErrorView), (status = 422, body = ErrorView)))]
pub async fn compliance(
    State(state): State<AppState>,
    scope: InTenant,
    QueryParams(params): QueryParams<PeriodQuery>,
) -> AppResult<Json<ComplianceView>> {
    let (year, quarter) = params.period(&state, &scope).await?;
    let compliance = use_case::compliance(&state, &scope, year, quarter).await?;
    Ok(Json(ComplianceView {
        year,
        quarter: quarter.number(),
        missing: compliance.missing(),
        opds: compliance
            .opds
            .into_iter()
            .map(|o| OpdComplianceView {
                opd_id: o.opd,
                status: o.report.as_ref().map(|r| r.status.key().to_owned()),
                version: o.report.as_ref().map(|r| r.version),
                late: o.report.as_ref().is_some_and(|r| r.submitted_late),
                reported: o.reported,
                reopened_until: o.reopened_until,
                name: o.name,
            })
            .collect(),
    }))
}

/// A line's saved entry. Numbers are exact decimal text.
#[derive(Serialize, ToSchema)]
pub struct EntryView {
    pub actual: Option<String>,
    pub achieved: String,
    pub obstacles: String,
    pub follow_up: String,
    /// Send it back with the next save of the line: a save over a newer one is refused (409).
    pub revision: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub updated_by: String,
}

impl From<&SavedEntry> for EntryView {
    fn from(saved: &SavedEntry) -> Self {
        let n = &saved.entry.narrative;
        EntryView {
            actual: saved.entry.actual.map(text),
            achieved: n.achieved.clone(),
            obstacles: n.obstacles.clone(),
            follow_up: n.follow_up.clone(),
            revision: saved.revision,
            updated_at: saved.updated_at,
            updated_by: saved.updated_by.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct EvidenceView {
    pub id: i64,
    pub subject: String,
    pub file_name: String,
    /// `pdf`, `png`, `jpeg` or `xlsx`, judged by the content.
    pub kind: String,
    pub size: i64,
    pub sha256: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Where the file is fetched.
    pub url: String,
}

impl EvidenceView {
    fn of(scope: &InTenant, file: &EvidenceInfo) -> EvidenceView {
        EvidenceView {
            id: file.id,
            subject: file.subject.key(),
            file_name: file.file_name.clone(),
            kind: file.kind.key().to_owned(),
            size: file.size,
            sha256: file.sha256.clone(),
            created_at: file.created_at,
            url: format!("/api/v1/tenants/{}/evidence/{}", scope.tenant.code, file.id),
        }
    }
}

/// One thing the OPD reports on, with its target for the quarter and what was entered.
#[derive(Serialize, ToSchema)]
pub struct LineView {
    /// `indicator:<id>` or `pk_row:<id>`: what a save names.
    pub subject: String,
    /// `rpjmd`, `renstra` or `pk`.
    pub source: String,
    pub element_code: String,
    pub element_name: String,
    pub indicator: String,
    pub unit: String,
    pub polarity: String,
    pub annual_target: Option<String>,
    /// The quarter's target: the rencana aksi's, else from the annual target by the aggregation.
    pub target: Option<String>,
    pub entry: Option<EntryView>,
    pub evidence: Vec<EvidenceView>,
}

#[derive(Serialize, ToSchema)]
pub struct BudgetLineView {
    /// A sub-kegiatan code.
    pub code: String,
    pub name: String,
    /// The pagu in force (the changed pagu, else the pagu).
    pub pagu: Option<String>,
    /// Spent in the quarter, as entered.
    pub spent: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ReportHeadView {
    pub id: i64,
    pub version: i32,
    /// `draft`, `submitted`, `returned`, `approved` or `superseded`.
    pub status: String,
    #[serde(with = "time::serde::rfc3339::option")]
    pub submitted_at: Option<OffsetDateTime>,
    pub submitted_late: bool,
    pub review_note: Option<String>,
    pub correction_reason: Option<String>,
}

/// What the caller may do on the report now.
#[derive(Serialize, ToSchema)]
pub struct AbilitiesView {
    pub edit: bool,
    pub submit: bool,
    pub verify: bool,
    pub correct: bool,
}

/// An OPD's report of a quarter.
#[derive(Serialize, ToSchema)]
pub struct ReportView {
    pub opd_id: i64,
    pub opd_name: String,
    pub year: i32,
    pub quarter: u8,
    pub period: WindowView,
    /// The latest version; `null` before the first save.
    pub report: Option<ReportHeadView>,
    pub may: AbilitiesView,
    pub lines: Vec<LineView>,
    pub budget: Vec<BudgetLineView>,
}

async fn report_view(state: &AppState, scope: &InTenant, key: ReportKey) -> AppResult<Json<ReportView>> {
    let data = use_case::report(state, scope, key).await?;
    let (window, period) = (data.window, data.period);
    let mut entries: HashMap<Subject, SavedEntry> = data.entries.into_iter().map(|e| (e.subject, e)).collect();
    let spent: HashMap<String, Decimal> = data.spent.into_iter().collect();
    let can = abilities(scope, key.opd, period, data.report.as_ref().map(|r| r.status));
    Ok(Json(ReportView {
        opd_id: key.opd,
        opd_name: data.name,
        year: key.year,
        quarter: key.quarter.number(),
        period: WindowView::of(&window, period),
        may: AbilitiesView { edit: can.edit, submit: can.submit, verify: can.verify, correct: can.correct },
        report: data.report.map(|r| ReportHeadView {
            id: r.id,
            version: r.version,
            status: r.status.key().to_owned(),
            submitted_at: r.submitted_at,
            submitted_late: r.submitted_late,
            review_note: r.review_note,
            correction_reason: r.correction_reason,
        }),
        lines: data
            .lines
            .iter()
            .map(|line| LineView {
                subject: line.subject.key(),
                source: match line.source {
                    store::LineSource::Rpjmd => "rpjmd",
                    store::LineSource::Renstra => "renstra",
                    store::LineSource::Pk => "pk",
                }
                .to_owned(),
                element_code: line.element_code.clone(),
                element_name: line.element_name.clone(),
                indicator: line.name.clone(),
                unit: line.unit.clone(),
                polarity: line.polarity.key().to_owned(),
                annual_target: line.annual_target.map(text),
                target: line.target(key.quarter).map(text),
                entry: entries.remove(&line.subject).as_ref().map(EntryView::from),
                evidence: data
                    .evidence
                    .iter()
                    .filter(|f| f.subject == line.subject)
                    .map(|f| EvidenceView::of(scope, f))
                    .collect(),
            })
            .collect(),
        budget: data
            .renja
            .iter()
            .filter(|r| r.kind == domain::planning::ElementKind::SubKegiatan)
            .map(|r| BudgetLineView {
                code: r.code.clone(),
                name: r.name.clone(),
                pagu: r.pagu_in_force().map(text),
                spent: spent.get(&r.code).copied().map(text),
            })
            .collect(),
    }))
}

/// An OPD's report of a quarter: its lines with targets and entries, evidence, budget and status.
#[utoipa::path(get, operation_id = "realisation_report", path = "/api/v1/tenants/{kode}/realisation/opds/{id}", tag = "realisation", params(("kode" = String, Path), ("id" = i64, Path, description = "The OPD id"), PeriodQuery), responses((status = 200, body = ReportView), (status = 404, body = ErrorView), (status = 422, body = ErrorView)))]
pub async fn report(
    State(state): State<AppState>,
    scope: InTenant,
    RowId(opd): RowId,
    QueryParams(params): QueryParams<PeriodQuery>,
) -> AppResult<Json<ReportView>> {
    let (year, quarter) = params.period(&state, &scope).await?;
    report_view(&state, &scope, key_today(&state, opd, year, quarter)).await
}

/// One line's entry. The actual is exact decimal text; a blank actual keeps the saved one unless `clear_actual`.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct EntryBody {
    pub year: i32,
    /// 1–4.
    pub quarter: u8,
    /// The line's `subject`.
    pub subject: String,
    /// The entry's `revision` as last read; 0 for a line without an entry.
    pub revision: i64,
    pub actual: String,
    pub achieved: String,
    pub obstacles: String,
    pub follow_up: String,
    /// Clear the saved actual.
    pub clear_actual: bool,
    /// The actual is right although outside the indicator's plausible range.
    pub confirm_implausible: bool,
}

/// A save over an entry someone changed since the client read it.
#[derive(Serialize, ToSchema)]
pub struct StaleView {
    /// `stale`.
    pub error: String,
    pub message: String,
    /// The entry as it is now: show it, and save again with its revision.
    pub current: Option<EntryView>,
}

/// Saves one line's actual and narrative. A save carrying an older revision
/// than the stored one is refused with 409 and the current entry.
#[utoipa::path(put, operation_id = "realisation_save_entry", path = "/api/v1/tenants/{kode}/realisation/opds/{id}/entries", tag = "realisation", params(("kode" = String, Path), ("id" = i64, Path, description = "The OPD id")), request_body = EntryBody, responses((status = 200, body = EntryView), (status = 404, body = ErrorView), (status = 409, body = StaleView), (status = 422, body = ErrorView)))]
pub async fn save_entry(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(opd): RowId,
    JsonBody(body): JsonBody<EntryBody>,
) -> AppResult<Response> {
    use_case::require_reporter(&scope, opd)?;
    let (year, quarter) = period(&state, Some(&body.year.to_string()), &body.quarter.to_string())?;
    let key = key_today(&state, opd, year, quarter);
    let subject = Subject::parse(&body.subject).map_err(|r| Invalid::one("subject", r))?;
    let actual = machine_number(&body.actual).map_err(|r| Invalid::one("actual", r))?;
    let entry = Entry::parse(&actual, &body.achieved, &body.obstacles, &body.follow_up, Locale::Id)?;
    let confirmed = Confirmed { clear_actual: body.clear_actual, implausible: body.confirm_implausible };
    let save = EntrySave { subject, entry: &entry, revision: body.revision.max(0), confirmed };
    match use_case::save_entry(&state, &scope, key, &save).await {
        Ok(written) => Ok(Json(EntryView::from(&written.saved)).into_response()),
        Err(AppError::Invalid(invalid))
            if invalid.for_field("actual").is_some_and(|e| e.reason == Reason::StaleEntry) =>
        {
            let current = use_case::current_entry(&state, &scope, key, subject).await?;
            let stale = StaleView {
                error: "stale".into(),
                message: Reason::StaleEntry.message(locale),
                current: current.as_ref().map(EntryView::from),
            };
            Ok((StatusCode::CONFLICT, Json(stale)).into_response())
        }
        Err(other) => Err(other),
    }
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct SpentBody {
    pub year: i32,
    pub quarter: u8,
    /// A sub-kegiatan code of the OPD's Renja.
    pub code: String,
    /// Rupiah, exact decimal text; empty clears it.
    pub amount: String,
}

#[derive(Serialize, ToSchema)]
pub struct SpentView {
    pub code: String,
    pub amount: Option<String>,
}

/// Sets what one sub-kegiatan spent in the quarter.
#[utoipa::path(put, operation_id = "realisation_save_spent", path = "/api/v1/tenants/{kode}/realisation/opds/{id}/spent", tag = "realisation", params(("kode" = String, Path), ("id" = i64, Path, description = "The OPD id")), request_body = SpentBody, responses((status = 200, body = SpentView), (status = 404, body = ErrorView), (status = 422, body = ErrorView)))]
pub async fn save_spent(
    State(state): State<AppState>,
    scope: InTenant,
    RowId(opd): RowId,
    JsonBody(body): JsonBody<SpentBody>,
) -> AppResult<Json<SpentView>> {
    use_case::require_reporter(&scope, opd)?;
    let (year, quarter) = period(&state, Some(&body.year.to_string()), &body.quarter.to_string())?;
    let amount = machine_number(&body.amount)
        .and_then(|typed| domain::realisation::parse_spent(&typed, Locale::Id))
        .map_err(|r| Invalid::one("spent", r))?;
    use_case::save_spent(&state, &scope, key_today(&state, opd, year, quarter), &body.code, amount).await?;
    Ok(Json(SpentView { code: body.code.trim().to_owned(), amount: amount.map(text) }))
}

/// Where an evidence file goes.
#[derive(Debug, Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EvidenceQuery {
    #[serde(default)]
    pub year: Option<String>,
    /// 1–4.
    #[serde(default)]
    pub quarter: Option<String>,
    /// The line's `subject`.
    #[serde(default)]
    pub subject: String,
    /// The file's name; its type is judged by the content, not by the name.
    #[serde(default)]
    pub name: String,
}

/// Adds an evidence file (PDF, PNG, JPEG or XLSX, at most 10 MB) to a line; the body is the file.
#[utoipa::path(post, operation_id = "realisation_add_evidence", path = "/api/v1/tenants/{kode}/realisation/opds/{id}/evidence", tag = "realisation", params(("kode" = String, Path), ("id" = i64, Path, description = "The OPD id"), EvidenceQuery), request_body(content = FileBytes, content_type = "application/octet-stream"), responses((status = 201, body = EvidenceView), (status = 404, body = ErrorView), (status = 422, body = ErrorView)))]
pub async fn add_evidence(
    State(state): State<AppState>,
    scope: InTenant,
    RowId(opd): RowId,
    QueryParams(params): QueryParams<EvidenceQuery>,
    request: axum::extract::Request,
) -> AppResult<(StatusCode, Json<EvidenceView>)> {
    use_case::require_reporter(&scope, opd)?;
    let (year, quarter) = period(&state, params.year.as_deref(), params.quarter.as_deref().unwrap_or_default())?;
    let subject = Subject::parse(&params.subject).map_err(|r| Invalid::one("subject", r))?;
    let max_mb = domain::realisation::EVIDENCE_MAX_MB;
    let body = axum::body::to_bytes(request.into_body(), max_mb * 1024 * 1024)
        .await
        .map_err(|_| AppError::TooLarge { max_mb })?;
    let key = key_today(&state, opd, year, quarter);
    let file = use_case::add_evidence(&state, &scope, key, subject, &params.name, body.to_vec()).await?;
    Ok((StatusCode::CREATED, Json(EvidenceView::of(&scope, &file))))
}

/// Removes an evidence file from a report still being written.
#[utoipa::path(delete, operation_id = "realisation_delete_evidence", path = "/api/v1/tenants/{kode}/realisation/opds/{id}/evidence/{sub}", tag = "realisation", params(("kode" = String, Path), ("id" = i64, Path, description = "The OPD id"), ("sub" = i64, Path, description = "The evidence id"), PeriodQuery), responses((status = 204, description = "Removed"), (status = 404, body = ErrorView), (status = 422, body = ErrorView)))]
pub async fn delete_evidence(
    State(state): State<AppState>,
    scope: InTenant,
    RowId(opd): RowId,
    SubId(id): SubId,
    QueryParams(params): QueryParams<PeriodQuery>,
) -> AppResult<StatusCode> {
    use_case::require_reporter(&scope, opd)?;
    let (year, quarter) = params.period(&state, &scope).await?;
    use_case::delete_evidence(&state, &scope, key_today(&state, opd, year, quarter), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An evidence file's content, with its type.
#[utoipa::path(get, operation_id = "realisation_evidence_file", path = "/api/v1/tenants/{kode}/evidence/{id}", tag = "realisation", params(("kode" = String, Path), ("id" = i64, Path, description = "The evidence id")), responses((status = 200, content((FileBytes = "application/pdf"), (FileBytes = "image/png"), (FileBytes = "image/jpeg"), (FileBytes = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))), (status = 404, body = ErrorView)))]
pub async fn evidence_file(State(state): State<AppState>, scope: InTenant, RowId(id): RowId) -> AppResult<Response> {
    let (file, bytes) = use_case::evidence_file(&state, &scope, id).await?;
    Ok(([(header::CONTENT_TYPE, file.kind.media_type())], bytes).into_response())
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct StepBody {
    pub year: i32,
    pub quarter: u8,
    /// Required to return, and the reason of a correction.
    pub note: String,
    /// Submit although some lines have no actual.
    pub confirm_empty: bool,
}

async fn take_step(
    state: &AppState,
    scope: &InTenant,
    opd: i64,
    body: &StepBody,
    step: ReportStep,
) -> AppResult<Json<ReportView>> {
    use_case::require_step(scope, opd, step)?;
    let (year, quarter) = period(state, Some(&body.year.to_string()), &body.quarter.to_string())?;
    let key = key_today(state, opd, year, quarter);
    use_case::step(state, scope, key, step, &body.note, body.confirm_empty).await?;
    report_view(state, scope, key).await
}

/// Submits the report for verification (the OPD).
#[utoipa::path(post, operation_id = "realisation_submit", path = "/api/v1/tenants/{kode}/realisation/opds/{id}/submit", tag = "realisation", params(("kode" = String, Path), ("id" = i64, Path, description = "The OPD id")), request_body = StepBody, responses((status = 200, body = ReportView), (status = 404, body = ErrorView), (status = 422, body = ErrorView)))]
pub async fn submit(
    State(state): State<AppState>,
    scope: InTenant,
    RowId(opd): RowId,
    JsonBody(body): JsonBody<StepBody>,
) -> AppResult<Json<ReportView>> {
    take_step(&state, &scope, opd, &body, ReportStep::Submit).await
}

/// Returns a submitted report for correction, with a note (a verifier).
#[utoipa::path(post, operation_id = "realisation_send_back", path = "/api/v1/tenants/{kode}/realisation/opds/{id}/return", tag = "realisation", params(("kode" = String, Path), ("id" = i64, Path, description = "The OPD id")), request_body = StepBody, responses((status = 200, body = ReportView), (status = 404, body = ErrorView), (status = 422, body = ErrorView)))]
pub async fn send_back(
    State(state): State<AppState>,
    scope: InTenant,
    RowId(opd): RowId,
    JsonBody(body): JsonBody<StepBody>,
) -> AppResult<Json<ReportView>> {
    take_step(&state, &scope, opd, &body, ReportStep::Return).await
}

/// Approves a submitted report: its values count for capaian (a verifier).
#[utoipa::path(post, operation_id = "realisation_approve", path = "/api/v1/tenants/{kode}/realisation/opds/{id}/approve", tag = "realisation", params(("kode" = String, Path), ("id" = i64, Path, description = "The OPD id")), request_body = StepBody, responses((status = 200, body = ReportView), (status = 404, body = ErrorView), (status = 422, body = ErrorView)))]
pub async fn approve(
    State(state): State<AppState>,
    scope: InTenant,
    RowId(opd): RowId,
    JsonBody(body): JsonBody<StepBody>,
) -> AppResult<Json<ReportView>> {
    take_step(&state, &scope, opd, &body, ReportStep::Approve).await
}

/// Starts a correction of an approved report: a new version; `note` is the reason.
#[utoipa::path(post, operation_id = "realisation_correct", path = "/api/v1/tenants/{kode}/realisation/opds/{id}/correct", tag = "realisation", params(("kode" = String, Path), ("id" = i64, Path, description = "The OPD id")), request_body = StepBody, responses((status = 200, body = ReportView), (status = 404, body = ErrorView), (status = 422, body = ErrorView)))]
pub async fn correct(
    State(state): State<AppState>,
    scope: InTenant,
    RowId(opd): RowId,
    JsonBody(body): JsonBody<StepBody>,
) -> AppResult<Json<ReportView>> {
    use_case::require_reporter(&scope, opd)?;
    let (year, quarter) = period(&state, Some(&body.year.to_string()), &body.quarter.to_string())?;
    let key = key_today(&state, opd, year, quarter);
    use_case::correct(&state, &scope, key, &body.note).await?;
    report_view(&state, &scope, key).await
}

/// One line of a delivery. The actual is exact decimal text; blank keeps a saved one.
#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct DeliveredEntry {
    pub subject: String,
    pub actual: String,
    pub achieved: String,
    pub obstacles: String,
    pub follow_up: String,
}

#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct DeliveredSpent {
    pub code: String,
    /// Rupiah, exact decimal text.
    pub amount: String,
}

/// A whole quarter of an OPD at once, as the workbook delivers it.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct DeliveryBody {
    pub year: i32,
    pub quarter: u8,
    pub entries: Vec<DeliveredEntry>,
    pub spent: Vec<DeliveredSpent>,
    /// The actuals outside their plausible range are right.
    pub confirm_implausible: bool,
}

/// The most items one delivery takes: more than any OPD reports on.
const DELIVERY_MAX_ITEMS: usize = 5_000;

/// Reads a delivery's items by the same rules as a form or a workbook
/// row; every item at fault is named.
fn parse_delivery(body: &DeliveryBody) -> Result<Delivery, Vec<ItemError>> {
    let mut errors = Vec::new();
    let mut entries = Vec::new();
    for (index, item) in body.entries.iter().enumerate() {
        let mut refuse = |field, reason| errors.push(ItemError { part: DeliveryPart::Entries, index, field, reason });
        let subject = Subject::parse(&item.subject).map_err(|r| refuse("subject", r)).ok();
        let actual = machine_number(&item.actual).map_err(|r| refuse("actual", r)).ok();
        let Some(actual) = actual else { continue };
        match Entry::parse(&actual, &item.achieved, &item.obstacles, &item.follow_up, Locale::Id) {
            Ok(entry) => entries.extend(subject.map(|s| (s, entry))),
            Err(invalid) => invalid.0.into_iter().for_each(|f| refuse(f.field, f.reason)),
        }
    }
    let mut spent = Vec::new();
    for (index, item) in body.spent.iter().enumerate() {
        let amount = machine_number(&item.amount)
            .and_then(|typed| domain::realisation::parse_spent(&typed, Locale::Id))
            .and_then(|amount| amount.ok_or(Reason::Required));
        match amount {
            Ok(amount) => spent.push((item.code.trim().to_owned(), amount)),
            Err(reason) => errors.push(ItemError { part: DeliveryPart::Spent, index, field: "amount", reason }),
        }
    }
    if errors.is_empty() {
        Ok(Delivery { entries, spent, confirmed_implausible: body.confirm_implausible })
    } else {
        Err(errors)
    }
}

/// A refused delivery: 422 naming each item's field (`entries[3].actual`).
fn refused(errors: Vec<ItemError>, locale: Locale) -> Response {
    let fields = errors
        .into_iter()
        .map(|e| {
            let list = match e.part {
                DeliveryPart::Entries => "entries",
                DeliveryPart::Spent => "spent",
            };
            FieldErrorView { field: format!("{list}[{}].{}", e.index, e.field), message: e.reason.message(locale) }
        })
        .collect();
    let body = ErrorView { error: "invalid".into(), message: Tr(locale).t("error.invalid").to_owned(), fields };
    (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
}

/// Delivers a whole quarter's actuals, narratives and budget spent of an
/// OPD in one call, with the validation of the workbook import: all of it
/// is saved, or nothing, with every item at fault named.
#[utoipa::path(post, operation_id = "realisation_deliver", path = "/api/v1/tenants/{kode}/realisation/opds/{id}/delivery", tag = "realisation", params(("kode" = String, Path), ("id" = i64, Path, description = "The OPD id")), request_body = DeliveryBody, responses((status = 200, body = ReportView), (status = 404, body = ErrorView), (status = 422, body = ErrorView)))]
pub async fn deliver(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(opd): RowId,
    JsonBody(body): JsonBody<DeliveryBody>,
) -> AppResult<Response> {
    use_case::require_reporter(&scope, opd)?;
    let (year, quarter) = period(&state, Some(&body.year.to_string()), &body.quarter.to_string())?;
    if body.entries.len() + body.spent.len() > DELIVERY_MAX_ITEMS {
        return Err(Invalid::one("entries", Reason::TooManyItems { max: DELIVERY_MAX_ITEMS }).into());
    }
    let key = key_today(&state, opd, year, quarter);
    let delivery = match parse_delivery(&body) {
        Ok(delivery) => delivery,
        Err(errors) => return Ok(refused(errors, locale)),
    };
    match use_case::deliver(&state, &scope, key, &delivery).await? {
        Delivered::Saved => Ok(report_view(&state, &scope, key).await?.into_response()),
        Delivered::Refused(errors) => Ok(refused(errors, locale)),
    }
}
