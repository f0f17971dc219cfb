//! API endpoints for planning: the plans with their content, the
//! performance tree, the consistency report and the Renja. Read-only: plans
//! change through the pages and the Excel import, where the preview and the
//! validation report guard them.

use super::views::*;
use crate::app::period::chosen_year;
use crate::app::planning::{findings, tree_of};
use crate::auth::InTenant;
use crate::error::{AppError, AppResult};
use crate::extract::{QueryParams, RowId};
use crate::middleware::Lang;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use domain::access::Permission;
use serde::Deserialize;
use utoipa::IntoParams;

/// Plans of the pemda: the RPJMD and every Renstra, each version.
#[utoipa::path(get, path = "/api/v1/tenants/{kode}/plans", tag = "planning", params(("kode" = String, Path)), responses((status = 200, body = PlanList), (status = 403, body = ErrorView)))]
pub async fn list_plans(State(state): State<AppState>, scope: InTenant) -> AppResult<Json<PlanList>> {
    scope.require(Permission::ViewPlanning)?;
    let plans = state.store.plans(scope.id()).await?;
    Ok(Json(PlanList { items: plans.iter().map(PlanView::from).collect() }))
}

/// One plan with its elements, indicators, targets, budgets and links.
#[utoipa::path(get, path = "/api/v1/tenants/{kode}/plans/{id}", tag = "planning", params(("kode" = String, Path), ("id" = i64, Path)), responses((status = 200, body = PlanDetail), (status = 404, body = ErrorView)))]
pub async fn get_plan(State(state): State<AppState>, scope: InTenant, RowId(id): RowId) -> AppResult<Json<PlanDetail>> {
    scope.require(Permission::ViewPlanning)?;
    Ok(Json(PlanDetail::from(&state.store.plan(scope.id(), id).await?)))
}

#[derive(Debug, Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearParams {
    /// The year whose targets are shown (default: this year).
    #[serde(default)]
    pub year: Option<String>,
}

/// The performance tree (pohon kinerja) with the year's targets.
#[utoipa::path(get, path = "/api/v1/tenants/{kode}/tree", tag = "planning", params(("kode" = String, Path), YearParams), responses((status = 200, body = TreeView), (status = 403, body = ErrorView)))]
pub async fn tree(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    QueryParams(params): QueryParams<YearParams>,
) -> AppResult<Json<TreeView>> {
    scope.require(Permission::ViewPlanning)?;
    let year = chosen_year(&state, params.year.as_deref().unwrap_or_default());
    let (roots, unlinked, _) = tree_of(&state, &scope, year, locale).await?;
    Ok(Json(TreeView {
        year,
        nodes: roots.iter().map(TreeNodeView::from).collect(),
        unlinked: unlinked.iter().map(TreeNodeView::from).collect(),
    }))
}

/// The consistency report of the pemda's plans.
#[utoipa::path(get, path = "/api/v1/tenants/{kode}/consistency", tag = "planning", params(("kode" = String, Path)), responses((status = 200, body = ConsistencyView), (status = 403, body = ErrorView)))]
pub async fn consistency(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
) -> AppResult<Json<ConsistencyView>> {
    scope.require(Permission::ViewPlanning)?;
    let (findings, _) = findings(&state, &scope, locale).await?;
    Ok(Json(ConsistencyView {
        total: findings.len(),
        findings: findings.into_iter().map(|f| FindingView::new(f, locale)).collect(),
    }))
}

#[derive(Debug, Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RenjaParams {
    /// The OPD (required).
    pub opd: Option<i64>,
    /// The year (default: this year).
    #[serde(default)]
    pub year: Option<String>,
}

/// An OPD's Renja / DPA for a year.
#[utoipa::path(get, path = "/api/v1/tenants/{kode}/renja", tag = "planning", params(("kode" = String, Path), RenjaParams), responses((status = 200, body = RenjaView), (status = 404, body = ErrorView), (status = 422, body = ErrorView)))]
pub async fn renja(
    State(state): State<AppState>,
    scope: InTenant,
    QueryParams(params): QueryParams<RenjaParams>,
) -> AppResult<Json<RenjaView>> {
    scope.require(Permission::ViewPlanning)?;
    let opd = params.opd.ok_or_else(|| AppError::from(domain::Invalid::one("opd", domain::Reason::Required)))?;
    let year = chosen_year(&state, params.year.as_deref().unwrap_or_default());
    let items = state.store.renja(scope.id(), opd, year).await?;
    Ok(Json(RenjaView { opd_id: opd, year, items: items.into_iter().map(RenjaItemView::from).collect() }))
}
