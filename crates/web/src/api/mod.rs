//! The JSON API under `/api/v1`, for programs that integrate with Kinerja.
//! Bearer tokens only (created on the account page); documented by the
//! OpenAPI document at `/api/openapi.json` and browsable at `/api/docs`.

pub mod capaian;
pub mod organisation;
pub mod planning;
pub mod views;

use crate::auth::{Auth, InTenant};
use crate::error::AppResult;
use crate::extract::QueryParams;
use crate::middleware::Lang;
use crate::state::AppState;
use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use domain::access::Permission;
use serde::Deserialize;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{IntoParams, Modify, OpenApi};
use views::*;

#[derive(OpenApi)]
#[openapi(
    info(title = "Kinerja API", version = "1", description = "Organisation and planning data of a pemda: perangkat daerah, units, positions, officials, the RPJMD, Renstra and Renja, the performance tree, the consistency report, capaian and its rulebooks, and the audit log. Authenticate with `Authorization: Bearer <token>`; tokens are created on the account page (/akun)."),
    paths(
        me,
        tenants,
        tenant,
        organisation::list_opds,
        organisation::create_opd,
        organisation::get_opd,
        organisation::update_opd,
        organisation::list_units,
        organisation::create_unit,
        organisation::get_unit,
        organisation::list_positions,
        organisation::create_position,
        organisation::get_position,
        organisation::list_officials,
        organisation::create_official,
        organisation::get_official,
        planning::list_plans,
        planning::get_plan,
        planning::tree,
        planning::consistency,
        planning::renja,
        capaian::rulebooks,
        capaian::capaian,
        audit,
    ),
    modifiers(&BearerAuth),
    security(("bearer" = [])),
    tags((name = "organisation", description = "Perangkat daerah, units, positions and officials"), (name = "planning", description = "RPJMD, Renstra and Renja, the performance tree and the consistency report"), (name = "capaian", description = "Capaian rulebooks and the pemda's capaian per year"), (name = "access", description = "The caller and the pemda they may enter"), (name = "audit", description = "The hash-chained audit log"))
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme("bearer", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
        }
    }
}

pub fn openapi_document() -> String {
    ApiDoc::openapi().to_pretty_json().unwrap_or_default()
}

pub async fn openapi_json() -> Response {
    ([(axum::http::header::CONTENT_TYPE, "application/json")], openapi_document()).into_response()
}

#[derive(Template)]
#[template(path = "api_docs.html")]
struct ApiDocsPage {
    lang: &'static str,
}

pub async fn docs(Lang(locale): Lang) -> Response {
    match (ApiDocsPage { lang: locale.tag() }).render() {
        Ok(html) => Html(html).into_response(),
        Err(_) => crate::error::AppError::Internal.into_response(),
    }
}

/// Search and paging parameters of list endpoints.
#[derive(Debug, Deserialize, Default, IntoParams)]
pub struct ListParams {
    /// Text to search for in names (and NIP for officials).
    #[serde(default)]
    pub q: Option<String>,
    /// 1-based page number.
    #[serde(default)]
    pub page: Option<u32>,
    /// Rows per page, at most 200 (default 25).
    #[serde(default)]
    pub per_page: Option<u32>,
    /// Only rows of this OPD (units and positions).
    #[serde(default)]
    pub opd: Option<i64>,
}

impl ListParams {
    pub fn query(&self) -> store::ListQuery {
        store::ListQuery {
            search: self.q.clone().filter(|q| !q.trim().is_empty()),
            page: self.page.unwrap_or(1).max(1),
            per_page: self.per_page.unwrap_or(store::ListQuery::DEFAULT_PER_PAGE).clamp(1, 200),
            opd: self.opd.map(domain::OpdId),
        }
    }
}

/// The caller: account and roles.
#[utoipa::path(get, path = "/api/v1/me", tag = "access", responses((status = 200, body = MeView), (status = 401, body = ErrorView)))]
pub async fn me(Auth(principal): Auth) -> Json<MeView> {
    Json(MeView::from(&principal))
}

/// The pemda the caller may enter.
#[utoipa::path(get, path = "/api/v1/tenants", tag = "access", params(ListParams), responses((status = 200, body = TenantList), (status = 401, body = ErrorView)))]
pub async fn tenants(
    State(state): State<AppState>,
    Auth(principal): Auth,
    QueryParams(params): QueryParams<ListParams>,
) -> AppResult<Json<TenantList>> {
    let visible = principal.visible_tenants();
    let page = state.store.list_tenants(visible.as_deref(), &params.query()).await?;
    Ok(Json(TenantList::from(page)))
}

/// One pemda with counts of its organisation.
#[utoipa::path(get, path = "/api/v1/tenants/{kode}", tag = "access", params(("kode" = String, Path, description = "Kemendagri code, e.g. 16.03")), responses((status = 200, body = TenantDetail), (status = 403, body = ErrorView)))]
pub async fn tenant(State(state): State<AppState>, scope: InTenant) -> AppResult<Json<TenantDetail>> {
    scope.require(Permission::ViewOrganisation)?;
    let summary = state.tenant_summary(scope.id(), scope.data_version).await?;
    Ok(Json(TenantDetail { tenant: TenantView::from(scope.tenant), summary: SummaryView::from(summary) }))
}

/// Filters of the audit log.
#[derive(Debug, Deserialize, Default, IntoParams)]
pub struct AuditParams {
    /// `opd`, `unit`, `position`, `official`, `assignment`, `user`, `role_grant`, `api_token` or `tenant`.
    pub entity: Option<String>,
    /// `create`, `update`, `delete`, `password`, `lock` or `revoke`.
    pub action: Option<String>,
    /// Part of the actor's username.
    pub actor: Option<String>,
    /// First day, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD`.
    pub until: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

/// Audit entries of a pemda, newest first.
#[utoipa::path(get, path = "/api/v1/tenants/{kode}/audit", tag = "audit", params(("kode" = String, Path), AuditParams), responses((status = 200, body = AuditList), (status = 403, body = ErrorView), (status = 422, body = ErrorView)))]
pub async fn audit(
    State(state): State<AppState>,
    scope: InTenant,
    QueryParams(params): QueryParams<AuditParams>,
) -> AppResult<Json<AuditList>> {
    scope.require(Permission::ViewAudit)?;
    let mut invalid = domain::Invalid::default();
    let one_of = |value: Option<String>, allowed: &[&str]| match value.filter(|v| !v.is_empty()) {
        Some(v) if !allowed.contains(&v.as_str()) => Err(domain::Reason::UnknownOption),
        other => Ok(other),
    };
    let entity = invalid.check("entity", one_of(params.entity, domain::audit::ENTITIES));
    let action = invalid.check("action", one_of(params.action, domain::audit::ACTIONS));
    let from = invalid.check("from", domain::text::optional_date(params.from.as_deref().unwrap_or("")));
    let until = invalid.check("until", domain::text::optional_date(params.until.as_deref().unwrap_or("")));
    if !invalid.is_empty() {
        return Err(invalid.into());
    }
    let query = store::AuditQuery {
        entity: entity.flatten(),
        action: action.flatten(),
        actor: params.actor.filter(|a| !a.trim().is_empty()),
        from: from.flatten(),
        until: until.flatten(),
        page: params.page.unwrap_or(1).max(1),
        per_page: params.per_page.unwrap_or(50).clamp(1, 200),
    };
    Ok(Json(AuditList::from(state.store.audit_log(scope.id(), &query).await?)))
}
