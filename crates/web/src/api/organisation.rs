//! API endpoints for perangkat daerah, units, positions and officials.
//! The same drafts and permissions as the pages; only the encoding differs.

use super::ListParams;
use super::views::*;
use crate::auth::InTenant;
use crate::error::{AppError, AppResult};
use crate::extract::{JsonBody, QueryParams, RowId};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use domain::access::Permission;
use domain::drafts::{OfficialDraft, OpdDraft, PositionDraft, UnitDraft};
use domain::region::TenantCode;
use domain::{Invalid, OfficialId, OpdId, PositionId, UnitId};

fn id_text(id: Option<i64>) -> String {
    id.map(|id| id.to_string()).unwrap_or_default()
}

fn opd_draft(scope: &InTenant, input: &OpdInput) -> Result<OpdDraft, Invalid> {
    let code = TenantCode::parse(&scope.tenant.code).map_err(|r| Invalid::one("district_code", r))?;
    OpdDraft::parse(&code, &input.name, &input.short_name, &input.kind, &input.district_code)
}

/// Perangkat daerah of the pemda, kecamatan last.
#[utoipa::path(get, path = "/api/v1/tenants/{kode}/opds", tag = "organisation", params(("kode" = String, Path), ListParams), responses((status = 200, body = OpdList), (status = 403, body = ErrorView)))]
pub async fn list_opds(
    State(state): State<AppState>,
    scope: InTenant,
    QueryParams(params): QueryParams<ListParams>,
) -> AppResult<Json<OpdList>> {
    scope.require(Permission::ViewOrganisation)?;
    Ok(Json(OpdList::from(state.store.list_opds(scope.id(), &params.query()).await?)))
}

#[utoipa::path(get, path = "/api/v1/tenants/{kode}/opds/{id}", tag = "organisation", params(("kode" = String, Path), ("id" = i64, Path)), responses((status = 200, body = OpdView), (status = 404, body = ErrorView)))]
pub async fn get_opd(State(state): State<AppState>, scope: InTenant, RowId(id): RowId) -> AppResult<Json<OpdView>> {
    scope.require(Permission::ViewOrganisation)?;
    Ok(Json(OpdView::from(state.store.opd(scope.id(), OpdId(id)).await?)))
}

#[utoipa::path(post, path = "/api/v1/tenants/{kode}/opds", tag = "organisation", params(("kode" = String, Path)), request_body = OpdInput, responses((status = 201, body = OpdView), (status = 403, body = ErrorView), (status = 422, body = ErrorView)))]
pub async fn create_opd(
    State(state): State<AppState>,
    scope: InTenant,
    JsonBody(input): JsonBody<OpdInput>,
) -> AppResult<(StatusCode, Json<OpdView>)> {
    scope.require(Permission::ManageOpds)?;
    let draft = opd_draft(&scope, &input)?;
    let created = state.store.create_opd(scope.id(), &scope.actor(), &draft).await?;
    Ok((StatusCode::CREATED, Json(OpdView::from(created))))
}

#[utoipa::path(put, path = "/api/v1/tenants/{kode}/opds/{id}", tag = "organisation", params(("kode" = String, Path), ("id" = i64, Path)), request_body = OpdInput, responses((status = 200, body = OpdView), (status = 404, body = ErrorView), (status = 422, body = ErrorView)))]
pub async fn update_opd(
    State(state): State<AppState>,
    scope: InTenant,
    RowId(id): RowId,
    JsonBody(input): JsonBody<OpdInput>,
) -> AppResult<Json<OpdView>> {
    scope.require(Permission::ManageOpds)?;
    let draft = opd_draft(&scope, &input)?;
    let updated =
        state.store.update_opd(scope.id(), &scope.actor(), OpdId(id), &draft, input.active.unwrap_or(true)).await?;
    Ok(Json(OpdView::from(updated)))
}

#[utoipa::path(get, path = "/api/v1/tenants/{kode}/units", tag = "organisation", params(("kode" = String, Path), ListParams), responses((status = 200, body = UnitList), (status = 403, body = ErrorView)))]
pub async fn list_units(
    State(state): State<AppState>,
    scope: InTenant,
    QueryParams(params): QueryParams<ListParams>,
) -> AppResult<Json<UnitList>> {
    scope.require(Permission::ViewOrganisation)?;
    Ok(Json(UnitList::from(state.store.list_units(scope.id(), &params.query()).await?)))
}

#[utoipa::path(get, path = "/api/v1/tenants/{kode}/units/{id}", tag = "organisation", params(("kode" = String, Path), ("id" = i64, Path)), responses((status = 200, body = UnitView), (status = 404, body = ErrorView)))]
pub async fn get_unit(State(state): State<AppState>, scope: InTenant, RowId(id): RowId) -> AppResult<Json<UnitView>> {
    scope.require(Permission::ViewOrganisation)?;
    Ok(Json(UnitView::from(state.store.unit(scope.id(), UnitId(id)).await?)))
}

#[utoipa::path(post, path = "/api/v1/tenants/{kode}/units", tag = "organisation", params(("kode" = String, Path)), request_body = UnitInput, responses((status = 201, body = UnitView), (status = 403, body = ErrorView), (status = 422, body = ErrorView)))]
pub async fn create_unit(
    State(state): State<AppState>,
    scope: InTenant,
    JsonBody(input): JsonBody<UnitInput>,
) -> AppResult<(StatusCode, Json<UnitView>)> {
    if !scope.manages_some_structure() {
        return Err(AppError::Forbidden);
    }
    let draft = UnitDraft::parse(&id_text(input.opd_id), &id_text(input.parent_id), &input.name, &input.kind)?;
    scope.require(Permission::ManageOpdStructure(Some(draft.opd_id)))?;
    let created = state.store.create_unit(scope.id(), &scope.actor(), &draft).await?;
    Ok((StatusCode::CREATED, Json(UnitView::from(created))))
}

#[utoipa::path(get, path = "/api/v1/tenants/{kode}/positions", tag = "organisation", params(("kode" = String, Path), ListParams), responses((status = 200, body = PositionList), (status = 403, body = ErrorView)))]
pub async fn list_positions(
    State(state): State<AppState>,
    scope: InTenant,
    QueryParams(params): QueryParams<ListParams>,
) -> AppResult<Json<PositionList>> {
    scope.require(Permission::ViewOrganisation)?;
    Ok(Json(PositionList::from(state.store.list_positions(scope.id(), &params.query(), state.today()).await?)))
}

#[utoipa::path(get, path = "/api/v1/tenants/{kode}/positions/{id}", tag = "organisation", params(("kode" = String, Path), ("id" = i64, Path)), responses((status = 200, body = PositionView), (status = 404, body = ErrorView)))]
pub async fn get_position(
    State(state): State<AppState>,
    scope: InTenant,
    RowId(id): RowId,
) -> AppResult<Json<PositionView>> {
    scope.require(Permission::ViewOrganisation)?;
    Ok(Json(PositionView::from(state.store.position(scope.id(), PositionId(id), state.today()).await?)))
}

#[utoipa::path(post, path = "/api/v1/tenants/{kode}/positions", tag = "organisation", params(("kode" = String, Path)), request_body = PositionInput, responses((status = 201, body = PositionView), (status = 403, body = ErrorView), (status = 422, body = ErrorView)))]
pub async fn create_position(
    State(state): State<AppState>,
    scope: InTenant,
    JsonBody(input): JsonBody<PositionInput>,
) -> AppResult<(StatusCode, Json<PositionView>)> {
    if !scope.manages_some_structure() {
        return Err(AppError::Forbidden);
    }
    let draft = PositionDraft::parse(&id_text(input.opd_id), &id_text(input.unit_id), &input.name, &input.level)?;
    scope.require(Permission::ManageOpdStructure(draft.opd_id))?;
    let created = state.store.create_position(scope.id(), &scope.actor(), &draft, state.today()).await?;
    Ok((StatusCode::CREATED, Json(PositionView::from(created))))
}

#[utoipa::path(get, path = "/api/v1/tenants/{kode}/officials", tag = "organisation", params(("kode" = String, Path), ListParams), responses((status = 200, body = OfficialList), (status = 403, body = ErrorView)))]
pub async fn list_officials(
    State(state): State<AppState>,
    scope: InTenant,
    QueryParams(params): QueryParams<ListParams>,
) -> AppResult<Json<OfficialList>> {
    scope.require(Permission::ViewOrganisation)?;
    Ok(Json(OfficialList::from(state.store.list_officials(scope.id(), &params.query(), state.today()).await?)))
}

#[utoipa::path(get, path = "/api/v1/tenants/{kode}/officials/{id}", tag = "organisation", params(("kode" = String, Path), ("id" = i64, Path)), responses((status = 200, body = OfficialDetail), (status = 404, body = ErrorView)))]
pub async fn get_official(
    State(state): State<AppState>,
    scope: InTenant,
    RowId(id): RowId,
) -> AppResult<Json<OfficialDetail>> {
    scope.require(Permission::ViewOrganisation)?;
    let official = state.store.official(scope.id(), OfficialId(id), state.today()).await?;
    let assignments = state.store.assignments(scope.id(), OfficialId(id)).await?;
    Ok(Json(OfficialDetail {
        official: OfficialView::from(official),
        assignments: assignments.into_iter().map(AssignmentView::from).collect(),
    }))
}

#[utoipa::path(post, path = "/api/v1/tenants/{kode}/officials", tag = "organisation", params(("kode" = String, Path)), request_body = OfficialInput, responses((status = 201, body = OfficialView), (status = 403, body = ErrorView), (status = 422, body = ErrorView)))]
pub async fn create_official(
    State(state): State<AppState>,
    scope: InTenant,
    JsonBody(input): JsonBody<OfficialInput>,
) -> AppResult<(StatusCode, Json<OfficialView>)> {
    scope.require(Permission::ManageOfficials)?;
    let draft =
        OfficialDraft::parse(&input.nip, &input.name, &input.front_titles, &input.back_titles, &input.golongan)?;
    let created = state.store.create_official(scope.id(), &scope.actor(), &draft, state.today()).await?;
    Ok((StatusCode::CREATED, Json(OfficialView::from(created))))
}
