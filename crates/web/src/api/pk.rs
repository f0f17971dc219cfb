//! API endpoints for Perjanjian Kinerja: the year's agreements, one
//! agreement with its rows, rencana aksi, budget and signatures, drafting,
//! editing, the review steps, amendment, and the PDF and DOCX. They call
//! the use cases the pages call (`app::pk`), so a page and an API call
//! cannot disagree.
//!
//! Signing is not offered here: a signature is an interactive act of the
//! official in the browser, who types their password again.

use super::input::{machine_number, machine_target, year_of};
use super::views::ErrorView;
use crate::app::pk::{self as use_case, DocumentFormat, SlotFilter};
use crate::auth::InTenant;
use crate::error::AppResult;
use crate::extract::{JsonBody, QueryParams, RowId, SubId};
use crate::middleware::Lang;
use crate::state::AppState;
use crate::uploads::attachment;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use domain::pk::{BudgetRowInput, PkRowInput, Step};
use domain::{Invalid, Locale};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use store::{PkSlot, PkVersion};
use time::{Date, OffsetDateTime};
use utoipa::{IntoParams, ToSchema};

/// Filters of the year's agreements.
#[derive(Debug, Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PkListParams {
    /// The year (default: this year).
    #[serde(default)]
    pub year: Option<String>,
    /// Only positions of this OPD.
    #[serde(default)]
    pub opd: Option<i64>,
    /// Only agreements not in force yet (not drafted, drafting, in review or awaiting signatures).
    #[serde(default)]
    pub unsigned: Option<bool>,
    /// Only agreements whose next signature is the caller's.
    #[serde(default)]
    pub waiting_for_me: Option<bool>,
}

/// A position that signs a PK in the year, with its agreement if drafted.
#[derive(Serialize, ToSchema)]
pub struct PkSlotView {
    pub position_id: i64,
    pub position_name: String,
    /// `kepala_daerah`, `jpt_pratama`, `administrator`, `pengawas`, ….
    pub position_level: String,
    pub opd_id: Option<i64>,
    pub opd_name: Option<String>,
    /// The official holding the position today.
    pub holder: Option<String>,
    pub pk_id: Option<i64>,
    /// The latest version's id: the `{id}` of the other PK operations.
    pub version_id: Option<i64>,
    /// 1 for the original, 2 for the first PK Perubahan, ….
    pub number: Option<i32>,
    /// `draft`, `submitted`, `returned`, `approved`, `signed_first`, `in_force`, `replaced` or `revoked`; `null` when not drafted.
    pub status: Option<String>,
}

impl From<PkSlot> for PkSlotView {
    fn from(slot: PkSlot) -> Self {
        PkSlotView {
            status: slot.status().map(|s| s.key().to_owned()),
            position_id: slot.position_id,
            position_name: slot.position_name,
            position_level: slot.position_level.key().to_owned(),
            opd_id: slot.opd_id,
            opd_name: slot.opd_name,
            holder: slot.holder,
            pk_id: slot.pk_id,
            version_id: slot.version_id,
            number: slot.number,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PkSlotList {
    pub year: i32,
    pub items: Vec<PkSlotView>,
}

/// The year's agreements, position by position.
#[utoipa::path(get, operation_id = "pk_list", path = "/api/v1/tenants/{kode}/pk", tag = "pk", params(("kode" = String, Path), PkListParams), responses((status = 200, body = PkSlotList), (status = 403, body = ErrorView), (status = 422, body = ErrorView)))]
pub async fn list(
    State(state): State<AppState>,
    scope: InTenant,
    QueryParams(params): QueryParams<PkListParams>,
) -> AppResult<Json<PkSlotList>> {
    let year = year_of(&state, params.year.as_deref())?;
    let filter = SlotFilter {
        opd: params.opd,
        unsigned: params.unsigned.unwrap_or(false),
        waiting_for_me: params.waiting_for_me.unwrap_or(false),
    };
    let slots = use_case::slots(&state, &scope, year, filter).await?;
    Ok(Json(PkSlotList { year, items: slots.into_iter().map(PkSlotView::from).collect() }))
}

/// A party to the agreement.
#[derive(Serialize, ToSchema)]
pub struct PartyView {
    pub official_id: i64,
    pub name: String,
    pub nip: String,
    pub pangkat: String,
    pub position: String,
}

/// A row: a sasaran, its indicator and target, and the rencana aksi.
#[derive(Serialize, ToSchema)]
pub struct PkRowView {
    pub id: i64,
    /// Stable across versions; a subordinate's row names it as `parent_key`.
    pub key: String,
    pub goal: String,
    pub indicator: String,
    pub unit: String,
    pub value_kind: String,
    pub polarity: String,
    pub aggregation: String,
    /// Exact decimal text (`12.5`), a range (`10 - 20`) or, for a qualitative indicator, the level.
    pub target: Option<String>,
    /// The rencana aksi: TW I–IV, exact decimal text.
    pub quarters: Vec<Option<String>>,
    pub parent_key: Option<String>,
    /// Why the row keeps the PK from being submitted, in the request's language.
    pub problem: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct PkBudgetView {
    pub id: i64,
    pub code: String,
    pub name: String,
    /// Rupiah, exact decimal text.
    pub amount: String,
    pub note: String,
}

#[derive(Serialize, ToSchema)]
pub struct PkSignatureView {
    /// `first` or `second`.
    pub party: String,
    pub official_id: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub signed_at: OffsetDateTime,
    /// The Ed25519 public key, hex.
    pub public_key: String,
}

#[derive(Serialize, ToSchema)]
pub struct PkVersionRef {
    pub id: i64,
    pub number: i32,
    pub status: String,
}

/// One version of a PK with everything in it.
#[derive(Serialize, ToSchema)]
pub struct PkView {
    pub id: i64,
    pub pk_id: i64,
    /// The code printed on the document and checked at `verify_url`.
    pub code: String,
    pub year: i32,
    pub number: i32,
    /// `kepala_daerah`, `jpt_pratama`, `administrator` or `pengawas`.
    pub level: String,
    pub status: String,
    pub position_id: i64,
    pub opd_id: Option<i64>,
    pub first: PartyView,
    /// None for the kepala daerah's own PK.
    pub second: Option<PartyView>,
    pub place: String,
    pub date: Date,
    pub rows: Vec<PkRowView>,
    pub budget: Vec<PkBudgetView>,
    /// The budget's sum, exact decimal text; none if it does not add up within range.
    pub budget_total: Option<String>,
    pub review_note: Option<String>,
    /// Why this PK Perubahan was made (`official_replaced`, `strategy_changed`, `budget_changed`, `priority_changed`) and the note.
    pub amendment_reason: Option<String>,
    pub amendment_note: Option<String>,
    pub signatures: Vec<PkSignatureView>,
    /// Every version of the agreement, oldest first.
    pub versions: Vec<PkVersionRef>,
    pub verify_url: String,
}

fn text(value: Decimal) -> String {
    value.normalize().to_string()
}

impl PkView {
    fn of(state: &AppState, version: PkVersion, locale: Locale) -> PkView {
        let content = version.content;
        let party = |p: &domain::pk::Party| PartyView {
            official_id: p.official_id,
            name: p.name.clone(),
            nip: p.nip.clone(),
            pangkat: p.pangkat.clone(),
            position: p.position.clone(),
        };
        PkView {
            id: version.header.version_id,
            pk_id: version.header.pk_id,
            verify_url: use_case::verify_url(state, &content.code),
            code: content.code.clone(),
            year: content.year,
            number: content.number,
            level: content.level.key().to_owned(),
            status: version.header.status.key().to_owned(),
            position_id: version.header.position_id,
            opd_id: version.header.opd_id,
            first: party(&content.first),
            second: content.second.as_ref().map(party),
            place: content.place.clone(),
            date: content.date,
            rows: content
                .rows
                .iter()
                .zip(&version.row_ids)
                .map(|(row, id)| PkRowView {
                    id: *id,
                    key: row.key.clone(),
                    goal: row.goal.clone(),
                    indicator: row.indicator.clone(),
                    unit: row.unit.clone(),
                    value_kind: row.value_kind.key().to_owned(),
                    polarity: row.polarity.key().to_owned(),
                    aggregation: row.aggregation.key().to_owned(),
                    target: row.target.as_ref().map(domain::planning::Target::canonical),
                    quarters: row.quarters.iter().map(|q| q.map(text)).collect(),
                    parent_key: row.parent_key.clone(),
                    problem: row.check_complete().err().map(|r| r.message(locale)),
                })
                .collect(),
            budget_total: domain::pk::budget_total(&content.budget).map(text),
            budget: content
                .budget
                .iter()
                .zip(&version.budget_ids)
                .map(|(row, id)| PkBudgetView {
                    id: *id,
                    code: row.code.clone(),
                    name: row.name.clone(),
                    amount: text(row.amount),
                    note: row.note.clone(),
                })
                .collect(),
            review_note: version.header.review_note,
            amendment_reason: content.amendment.as_ref().map(|(reason, _)| reason.key().to_owned()),
            amendment_note: content.amendment.map(|(_, note)| note),
            signatures: version
                .signatures
                .into_iter()
                .map(|s| PkSignatureView {
                    party: s.party.key().to_owned(),
                    official_id: s.official_id,
                    signed_at: s.signed_at,
                    public_key: s.public_key,
                })
                .collect(),
            versions: version
                .history
                .into_iter()
                .map(|(id, number, status)| PkVersionRef { id, number, status: status.key().to_owned() })
                .collect(),
        }
    }
}

/// The version as it stands now.
async fn view_of(state: &AppState, scope: &InTenant, id: i64, locale: Locale) -> AppResult<Json<PkView>> {
    Ok(Json(PkView::of(state, use_case::read(state, scope, id).await?, locale)))
}

/// One version of a PK.
#[utoipa::path(get, operation_id = "pk_get", path = "/api/v1/tenants/{kode}/pk/{id}", tag = "pk", params(("kode" = String, Path), ("id" = i64, Path, description = "The version id")), responses((status = 200, body = PkView), (status = 404, body = ErrorView)))]
pub async fn get(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
) -> AppResult<Json<PkView>> {
    view_of(&state, &scope, id, locale).await
}

/// What drafts one PK.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct DraftInput {
    pub position_id: i64,
    pub year: i32,
    /// The program (for an administrator) or kegiatan (for a pengawas) codes the position answers for.
    pub elements: Vec<String>,
}

/// Drafts the PK of a position from the plan: rows from its Renstra or
/// the chosen programs or kegiatan, the budget from the Renja.
#[utoipa::path(post, operation_id = "pk_draft", path = "/api/v1/tenants/{kode}/pk", tag = "pk", params(("kode" = String, Path)), request_body = DraftInput, responses((status = 201, body = PkView), (status = 403, body = ErrorView), (status = 404, body = ErrorView), (status = 422, body = ErrorView)))]
pub async fn draft(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    JsonBody(input): JsonBody<DraftInput>,
) -> AppResult<(StatusCode, Json<PkView>)> {
    let id = use_case::draft(&state, &scope, input.position_id, input.year, &input.elements).await?;
    Ok((StatusCode::CREATED, view_of(&state, &scope, id, locale).await?))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct DraftAllInput {
    pub year: i32,
}

#[derive(Serialize, ToSchema)]
pub struct DraftedView {
    /// How many PKs were drafted.
    pub drafted: usize,
}

/// Drafts every PK of the year not drafted yet (pemda admin).
#[utoipa::path(post, operation_id = "pk_draft_all", path = "/api/v1/tenants/{kode}/pk/all", tag = "pk", params(("kode" = String, Path)), request_body = DraftAllInput, responses((status = 200, body = DraftedView), (status = 403, body = ErrorView), (status = 422, body = ErrorView)))]
pub async fn draft_all(
    State(state): State<AppState>,
    scope: InTenant,
    JsonBody(input): JsonBody<DraftAllInput>,
) -> AppResult<Json<DraftedView>> {
    Ok(Json(DraftedView { drafted: use_case::draft_all(&state, &scope, input.year).await? }))
}

/// A row as the API takes it. Numbers are exact decimal text (`12.5`).
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct PkRowBody {
    pub goal: String,
    pub indicator: String,
    pub unit: String,
    /// `number`, `percent`, `index`, `ratio`, `rupiah` or `level`.
    pub value_kind: String,
    /// `higher`, `lower` or `range`.
    pub polarity: String,
    /// `sum`, `last`, `average` or `max`: how the quarters make the year.
    pub aggregation: String,
    /// A number (`12.5`), a range (`10 - 20`) or, for `level`, the level's text.
    pub target: String,
    /// The rencana aksi, TW I–IV: four texts, empty for a quarter without one.
    pub quarters: [String; 4],
    /// The superior's row this row supports.
    pub parent_key: String,
}

impl PkRowBody {
    /// The same input a form sends, so the row is checked by the same rules.
    fn input(&self) -> Result<PkRowInput, Invalid> {
        let mut invalid = Invalid::default();
        let target = invalid.check("target", machine_target(&self.target, &self.value_kind));
        let mut quarters: [Option<String>; 4] = Default::default();
        for (index, field) in domain::pk::QUARTER_FIELDS.iter().enumerate() {
            quarters[index] = invalid.check(field, machine_number(&self.quarters[index]));
        }
        invalid.finish(|| {
            let [q1, q2, q3, q4] = quarters;
            Some(PkRowInput {
                goal: self.goal.clone(),
                indicator: self.indicator.clone(),
                unit: self.unit.clone(),
                value_kind: self.value_kind.clone(),
                polarity: self.polarity.clone(),
                aggregation: self.aggregation.clone(),
                target: target?,
                q1: q1?,
                q2: q2?,
                q3: q3?,
                q4: q4?,
                parent_key: self.parent_key.clone(),
            })
        })
    }
}

/// Adds a row to a draft.
#[utoipa::path(post, operation_id = "pk_add_row", path = "/api/v1/tenants/{kode}/pk/{id}/rows", tag = "pk", params(("kode" = String, Path), ("id" = i64, Path)), request_body = PkRowBody, responses((status = 201, body = PkView), (status = 404, body = ErrorView), (status = 422, body = ErrorView)))]
pub async fn add_row(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
    JsonBody(body): JsonBody<PkRowBody>,
) -> AppResult<(StatusCode, Json<PkView>)> {
    use_case::draftable(&state, &scope, id).await?;
    use_case::save_row(&state, &scope, id, None, &body.input()?, Locale::Id).await?;
    Ok((StatusCode::CREATED, view_of(&state, &scope, id, locale).await?))
}

/// Changes a row of a draft.
#[utoipa::path(put, operation_id = "pk_update_row", path = "/api/v1/tenants/{kode}/pk/{id}/rows/{sub}", tag = "pk", params(("kode" = String, Path), ("id" = i64, Path), ("sub" = i64, Path, description = "The row id")), request_body = PkRowBody, responses((status = 200, body = PkView), (status = 404, body = ErrorView), (status = 422, body = ErrorView)))]
pub async fn update_row(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
    SubId(row): SubId,
    JsonBody(body): JsonBody<PkRowBody>,
) -> AppResult<Json<PkView>> {
    use_case::draftable(&state, &scope, id).await?;
    use_case::save_row(&state, &scope, id, Some(row), &body.input()?, Locale::Id).await?;
    view_of(&state, &scope, id, locale).await
}

/// Removes a row of a draft.
#[utoipa::path(delete, operation_id = "pk_delete_row", path = "/api/v1/tenants/{kode}/pk/{id}/rows/{sub}", tag = "pk", params(("kode" = String, Path), ("id" = i64, Path), ("sub" = i64, Path)), responses((status = 200, body = PkView), (status = 404, body = ErrorView), (status = 422, body = ErrorView)))]
pub async fn delete_row(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
    SubId(row): SubId,
) -> AppResult<Json<PkView>> {
    use_case::delete_row(&state, &scope, id, row).await?;
    view_of(&state, &scope, id, locale).await
}

/// A budget row; the amount is Rupiah as exact decimal text.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct PkBudgetBody {
    pub code: String,
    pub name: String,
    pub amount: String,
    pub note: String,
}

impl PkBudgetBody {
    fn input(&self) -> Result<BudgetRowInput, Invalid> {
        let amount = machine_number(&self.amount).map_err(|r| Invalid::one("amount", r))?;
        Ok(BudgetRowInput { code: self.code.clone(), name: self.name.clone(), amount, note: self.note.clone() })
    }
}

/// Adds a budget row to a draft.
#[utoipa::path(post, operation_id = "pk_add_budget", path = "/api/v1/tenants/{kode}/pk/{id}/budget", tag = "pk", params(("kode" = String, Path), ("id" = i64, Path)), request_body = PkBudgetBody, responses((status = 201, body = PkView), (status = 404, body = ErrorView), (status = 422, body = ErrorView)))]
pub async fn add_budget(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
    JsonBody(body): JsonBody<PkBudgetBody>,
) -> AppResult<(StatusCode, Json<PkView>)> {
    use_case::draftable(&state, &scope, id).await?;
    use_case::save_budget(&state, &scope, id, None, &body.input()?, Locale::Id).await?;
    Ok((StatusCode::CREATED, view_of(&state, &scope, id, locale).await?))
}

/// Changes a budget row of a draft.
#[utoipa::path(put, operation_id = "pk_update_budget", path = "/api/v1/tenants/{kode}/pk/{id}/budget/{sub}", tag = "pk", params(("kode" = String, Path), ("id" = i64, Path), ("sub" = i64, Path, description = "The budget row id")), request_body = PkBudgetBody, responses((status = 200, body = PkView), (status = 404, body = ErrorView), (status = 422, body = ErrorView)))]
pub async fn update_budget(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
    SubId(row): SubId,
    JsonBody(body): JsonBody<PkBudgetBody>,
) -> AppResult<Json<PkView>> {
    use_case::draftable(&state, &scope, id).await?;
    use_case::save_budget(&state, &scope, id, Some(row), &body.input()?, Locale::Id).await?;
    view_of(&state, &scope, id, locale).await
}

/// Removes a budget row of a draft.
#[utoipa::path(delete, operation_id = "pk_delete_budget", path = "/api/v1/tenants/{kode}/pk/{id}/budget/{sub}", tag = "pk", params(("kode" = String, Path), ("id" = i64, Path), ("sub" = i64, Path)), responses((status = 200, body = PkView), (status = 404, body = ErrorView), (status = 422, body = ErrorView)))]
pub async fn delete_budget(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
    SubId(row): SubId,
) -> AppResult<Json<PkView>> {
    use_case::delete_budget(&state, &scope, id, row).await?;
    view_of(&state, &scope, id, locale).await
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct PlaceBody {
    /// Where it is signed, e.g. `Muara Enim`.
    pub place: String,
    /// `YYYY-MM-DD`.
    pub date: String,
}

/// Sets where and when a draft is signed.
#[utoipa::path(put, operation_id = "pk_set_place", path = "/api/v1/tenants/{kode}/pk/{id}/place", tag = "pk", params(("kode" = String, Path), ("id" = i64, Path)), request_body = PlaceBody, responses((status = 200, body = PkView), (status = 404, body = ErrorView), (status = 422, body = ErrorView)))]
pub async fn set_place(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
    JsonBody(body): JsonBody<PlaceBody>,
) -> AppResult<Json<PkView>> {
    use_case::set_place(&state, &scope, id, &body.place, &body.date).await?;
    view_of(&state, &scope, id, locale).await
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct NoteBody {
    /// Required to return or revoke; ignored otherwise.
    pub note: String,
}

async fn take_step(
    state: &AppState,
    scope: &InTenant,
    id: i64,
    step: Step,
    note: &str,
    locale: Locale,
) -> AppResult<Json<PkView>> {
    use_case::step(state, scope, id, step, note).await?;
    view_of(state, scope, id, locale).await
}

/// Submits a draft for review (its drafters).
#[utoipa::path(post, operation_id = "pk_submit", path = "/api/v1/tenants/{kode}/pk/{id}/submit", tag = "pk", params(("kode" = String, Path), ("id" = i64, Path)), responses((status = 200, body = PkView), (status = 404, body = ErrorView), (status = 422, body = ErrorView)))]
pub async fn submit(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
) -> AppResult<Json<PkView>> {
    take_step(&state, &scope, id, Step::Submit, "", locale).await
}

/// Approves a submitted PK for signing (a reviewer).
#[utoipa::path(post, operation_id = "pk_approve", path = "/api/v1/tenants/{kode}/pk/{id}/approve", tag = "pk", params(("kode" = String, Path), ("id" = i64, Path)), responses((status = 200, body = PkView), (status = 404, body = ErrorView), (status = 422, body = ErrorView)))]
pub async fn approve(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
) -> AppResult<Json<PkView>> {
    take_step(&state, &scope, id, Step::Approve, "", locale).await
}

/// Returns a PK to its drafters with a note, before anyone signed (a reviewer).
#[utoipa::path(post, operation_id = "pk_send_back", path = "/api/v1/tenants/{kode}/pk/{id}/return", tag = "pk", params(("kode" = String, Path), ("id" = i64, Path)), request_body = NoteBody, responses((status = 200, body = PkView), (status = 404, body = ErrorView), (status = 422, body = ErrorView)))]
pub async fn send_back(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
    JsonBody(body): JsonBody<NoteBody>,
) -> AppResult<Json<PkView>> {
    take_step(&state, &scope, id, Step::Return, &body.note, locale).await
}

/// Revokes a PK in force, with the reason (a reviewer).
#[utoipa::path(post, operation_id = "pk_revoke", path = "/api/v1/tenants/{kode}/pk/{id}/revoke", tag = "pk", params(("kode" = String, Path), ("id" = i64, Path)), request_body = NoteBody, responses((status = 200, body = PkView), (status = 404, body = ErrorView), (status = 422, body = ErrorView)))]
pub async fn revoke(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
    JsonBody(body): JsonBody<NoteBody>,
) -> AppResult<Json<PkView>> {
    take_step(&state, &scope, id, Step::Revoke, &body.note, locale).await
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct AmendBody {
    /// `official_replaced`, `strategy_changed`, `budget_changed` or `priority_changed`.
    pub reason: String,
    pub note: String,
}

/// Starts a PK Perubahan from the version in force: a new draft version.
#[utoipa::path(post, operation_id = "pk_amend", path = "/api/v1/tenants/{kode}/pk/{id}/amend", tag = "pk", params(("kode" = String, Path), ("id" = i64, Path)), request_body = AmendBody, responses((status = 201, body = PkView), (status = 404, body = ErrorView), (status = 422, body = ErrorView)))]
pub async fn amend(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
    JsonBody(body): JsonBody<AmendBody>,
) -> AppResult<(StatusCode, Json<PkView>)> {
    let new = use_case::amend(&state, &scope, id, &body.reason, &body.note).await?;
    Ok((StatusCode::CREATED, view_of(&state, &scope, new, locale).await?))
}

async fn send(state: &AppState, scope: &InTenant, id: i64, format: DocumentFormat) -> AppResult<Response> {
    let (name, bytes) = use_case::document(state, scope, id, format).await?;
    Ok(attachment(bytes, format.media_type(), &name))
}

/// The PDF: the issued copy once in force (its SHA-256 is what the verification page knows), else a fresh rendering.
#[utoipa::path(get, operation_id = "pk_pdf", path = "/api/v1/tenants/{kode}/pk/{id}/pdf", tag = "pk", params(("kode" = String, Path), ("id" = i64, Path)), responses((status = 200, content_type = "application/pdf", body = super::views::FileBytes), (status = 404, body = ErrorView)))]
pub async fn pdf(State(state): State<AppState>, scope: InTenant, RowId(id): RowId) -> AppResult<Response> {
    send(&state, &scope, id, DocumentFormat::Pdf).await
}

/// The DOCX, for editing outside Kinerja; never the signed record.
#[utoipa::path(get, operation_id = "pk_docx", path = "/api/v1/tenants/{kode}/pk/{id}/docx", tag = "pk", params(("kode" = String, Path), ("id" = i64, Path)), responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", body = super::views::FileBytes), (status = 404, body = ErrorView)))]
pub async fn docx(State(state): State<AppState>, scope: InTenant, RowId(id): RowId) -> AppResult<Response> {
    send(&state, &scope, id, DocumentFormat::Docx).await
}
