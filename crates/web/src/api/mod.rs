//! The JSON API under `/api/v1`, for programs that integrate with Kinerja.
//! Bearer tokens only (created on the account page); documented by the
//! OpenAPI document at `/api/openapi.json` and browsable at `/api/docs`.

pub mod capaian;
mod input;
pub mod organisation;
pub mod pk;
pub mod planning;
pub mod realisation;
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
    info(title = "Kinerja API", version = "1", description = "Organisation and planning data of a pemda: perangkat daerah, units, positions, officials, the RPJMD, Renstra and Renja, the performance tree, the consistency report, capaian and its rulebooks, the Perjanjian Kinerja, quarterly realisation, and the audit log. Numbers in bodies are exact decimal text (`1234.5`), never in a locale. Authenticate with `Authorization: Bearer <token>`; tokens are created on the account page (/akun)."),
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
        capaian::opd,
        capaian::indicator,
        pk::list,
        pk::draft,
        pk::draft_all,
        pk::get,
        pk::add_row,
        pk::update_row,
        pk::delete_row,
        pk::add_budget,
        pk::update_budget,
        pk::delete_budget,
        pk::set_place,
        pk::submit,
        pk::send_back,
        pk::approve,
        pk::revoke,
        pk::amend,
        pk::pdf,
        pk::docx,
        realisation::compliance,
        realisation::calendar,
        realisation::report,
        realisation::save_entry,
        realisation::save_spent,
        realisation::add_evidence,
        realisation::delete_evidence,
        realisation::submit,
        realisation::send_back,
        realisation::approve,
        realisation::correct,
        realisation::deliver,
        realisation::evidence_file,
        audit,
    ),
    modifiers(&BearerAuth, &CommonResponses),
    security(("bearer" = [])),
    tags((name = "organisation", description = "Perangkat daerah, units, positions and officials"), (name = "planning", description = "RPJMD, Renstra and Renja, the performance tree and the consistency report"), (name = "capaian", description = "Capaian rulebooks and the pemda's capaian per year"), (name = "pk", description = "Perjanjian Kinerja: the year's agreements, drafting, rows and rencana aksi, budget, review, amendment and the documents. Signing is not offered in the API: it is an interactive act of the official in the browser, who types their password again."), (name = "realisation", description = "Quarterly realisation: the calendar, who has reported, an OPD's report with its lines and targets, entries saved with the revision the client saw (409 when stale), budget spent, evidence, verification, corrections and a whole quarter delivered at once"), (name = "access", description = "The caller and the pemda they may enter"), (name = "audit", description = "The hash-chained audit log"))
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

/// The answers every operation may give besides its own: a malformed
/// request (400), no valid token (401), a pemda or action the token may not
/// use (403), a row that does not exist (404, where the path names one), a
/// body over the limit (413) or that does not validate (422, where there is
/// a body), a defect (500) and a request that took too long (503).
struct CommonResponses;

impl Modify for CommonResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{Ref, ResponseBuilder};
        let error = |description: &str| {
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/json",
                    utoipa::openapi::content::ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("ErrorView")))
                        .build(),
                )
                .build()
        };
        for (path, item) in openapi.paths.paths.iter_mut() {
            let names_a_row = path.contains('{');
            let operations = [&mut item.get, &mut item.post, &mut item.put, &mut item.delete, &mut item.patch];
            for operation in operations.into_iter().flatten() {
                let has_body = operation.request_body.is_some();
                let responses = &mut operation.responses.responses;
                // OpenAPI requires a description on every response.
                for (status, response) in responses.iter_mut() {
                    if let utoipa::openapi::RefOr::T(response) = response
                        && response.description.is_empty()
                    {
                        response.description = match status.as_str() {
                            "200" => "The result",
                            "201" => "Created",
                            "403" => "The token's account may not do this, or not in this pemda",
                            "404" => "No such pemda or row",
                            "422" => "Does not validate: `fields` names each field and why",
                            _ => "See the status code",
                        }
                        .to_owned();
                    }
                }
                let mut add = |status: &str, description: &str| {
                    responses.entry(status.to_owned()).or_insert_with(|| error(description).into());
                };
                add("400", "Malformed request: a query parameter or body that does not parse");
                add("401", "No valid bearer token");
                add("403", "The token's account may not do this, or not in this pemda");
                if names_a_row {
                    add("404", "No such pemda or row");
                }
                if has_body {
                    add("413", "The body is over the size limit");
                    add("422", "The body does not validate: `fields` names each field and why");
                }
                add("500", "A defect; logged with the request id");
                add("503", "The request took too long and was stopped");
            }
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
#[into_params(parameter_in = Query)]
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
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// The kind of record, e.g. `opd`, `official`, `plan`, `indicator`, `pk_version`, `realisation` or `evidence`.
    pub entity: Option<String>,
    /// What was done, e.g. `create`, `update`, `delete`, `save`, `submit`, `approve`, `sign` or `reopen`.
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
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let filter = domain::audit::AuditFilter::parse(
        &text(&params.entity),
        &text(&params.action),
        &text(&params.actor),
        &text(&params.from),
        &text(&params.until),
    )?;
    let query = store::AuditQuery::of(filter, params.page.unwrap_or(1), params.per_page.unwrap_or(50).clamp(1, 200));
    Ok(Json(AuditList::from(state.store.audit_log(scope.id(), &query).await?)))
}
