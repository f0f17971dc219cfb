//! Server-rendered pages, one module per resource.

pub mod account;
pub mod audit;
pub mod auth;
pub mod capaian;
pub mod home;
pub mod official;
pub mod opd;
pub mod pk;
pub mod planning;
pub mod position;
pub mod realisation;
pub mod renja;
pub mod rulebook;
pub mod tree;
pub mod unit;
pub mod user;
pub mod verify;
pub mod workbook;

use crate::error::{AppError, AppResult};
use crate::layout::Layout;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use domain::capaian::round;
use domain::validation::LocalizedFieldError;
use domain::{Invalid, Locale, format};
use rust_decimal::Decimal;
use serde::Deserialize;
use store::{ListQuery, Page};

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub layout: Layout,
    pub status: u16,
    pub message: &'static str,
    pub fields: Vec<LocalizedFieldError>,
}

/// Renders a template, as a 200 page or with the given status.
pub fn render<T: Template>(template: &T, status: StatusCode) -> Response {
    render_sized(template, T::SIZE_HINT, status)
}

/// Renders a template whose output is about `size` bytes (one that wraps a
/// kept fragment knows it), so the page is written without regrowing.
pub fn render_sized(template: &impl Template, size: usize, status: StatusCode) -> Response {
    match render_text(template, size) {
        Ok(html) => (status, Html(html)).into_response(),
        Err(error) => error.into_response(),
    }
}

/// A template as text, about `size` bytes; a failure is logged and answered as a 500.
pub fn render_text(template: &impl Template, size: usize) -> AppResult<String> {
    let mut text = String::with_capacity(size);
    template.render_into(&mut text).map_err(|error| {
        tracing::error!(%error, "template failed");
        AppError::Internal
    })?;
    Ok(text)
}

/// Field errors of a form, shown beside each field and in a summary at the top.
#[derive(Debug, Clone, Default)]
pub struct FormErrors {
    pub items: Vec<LocalizedFieldError>,
}

impl FormErrors {
    pub fn from(invalid: &Invalid, locale: Locale) -> Self {
        FormErrors { items: invalid.localized(locale) }
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.items.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// A form re-rendered with its field errors answers 422, so tests and tools see the failure.
pub fn unprocessable(mut response: Response) -> Response {
    *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    response
}

/// The answer to a form post: on success a redirect to `success(value)`, on
/// field errors the form again (422) with the errors beside the fields.
pub async fn respond<T>(
    result: Result<T, AppError>,
    locale: Locale,
    success: impl FnOnce(T) -> String,
    rerender: impl AsyncFnOnce(FormErrors) -> Result<Response, AppError>,
) -> Result<Response, AppError> {
    match result {
        Ok(value) => Ok(see_other(&success(value))),
        Err(AppError::Invalid(invalid)) => Ok(unprocessable(rerender(FormErrors::from(&invalid, locale)).await?)),
        Err(other) => Err(other),
    }
}

/// The layout and paging of a list page of a pemda.
pub fn list_frame<T>(
    tr: crate::i18n::Tr,
    scope: &crate::auth::InTenant,
    title_key: &'static str,
    section: &'static str,
    segment: &str,
    params: &ListParams,
    page: &Page<T>,
) -> (Layout, Paging) {
    let layout = Layout::tenant(tr, scope, tr.t(title_key), section);
    let paging = Paging::new(format!("{}/{segment}", layout.base()), &[("q", &params.q)], page);
    (layout, paging)
}

/// The OPDs whose structure the user may change, and their units: the
/// choices of the unit and position forms.
pub async fn structure_choices(
    state: &crate::state::AppState,
    scope: &crate::auth::InTenant,
) -> Result<(Vec<(i64, String)>, Vec<(i64, i64, String)>), AppError> {
    use domain::access::Permission;
    let opds: Vec<(i64, String)> = state
        .store
        .opd_options(scope.id())
        .await?
        .into_iter()
        .filter(|(opd, _)| scope.may(Permission::ManageOpdStructure(Some(domain::OpdId(*opd)))))
        .collect();
    let units = state
        .store
        .unit_options(scope.id())
        .await?
        .into_iter()
        .filter(|(_, opd, _)| opds.iter().any(|(o, _)| o == opd))
        .collect();
    Ok((opds, units))
}

/// `?q=…&page=…` of list pages.
#[derive(Debug, Deserialize, Default)]
pub struct ListParams {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub page: Option<String>,
    #[serde(default)]
    pub opd: Option<String>,
}

impl ListParams {
    pub fn query(&self) -> ListQuery {
        ListQuery {
            search: Some(self.q.clone()).filter(|q| !q.trim().is_empty()),
            // A page that is not a number is the first page, not an error.
            page: self.page.as_deref().and_then(|p| p.parse().ok()).unwrap_or(1).max(1),
            per_page: ListQuery::DEFAULT_PER_PAGE,
            opd: self.opd.as_deref().and_then(|o| o.parse().ok()).map(domain::OpdId),
        }
    }
}

/// Pagination links that keep the search and filters.
#[derive(Debug, Clone)]
pub struct Paging {
    pub path: String,
    /// The encoded query string without the page, e.g. `q=dinas&`.
    filters: String,
    pub page: u32,
    pub pages: u32,
    pub total: i64,
}

impl Paging {
    pub fn new<T>(path: String, filters: &[(&str, &str)], page: &Page<T>) -> Self {
        let filters = filters
            .iter()
            .filter(|(_, value)| !value.is_empty())
            .map(|(key, value)| format!("{key}={}&", crate::middleware::percent_encode(value)))
            .collect();
        Paging { path, filters, page: page.page, pages: page.pages(), total: page.total }
    }

    pub fn link(&self, page: u32) -> String {
        format!("{}?{}page={page}", self.path, self.filters)
    }
}

/// The name of one of the pemda's OPDs; not found for another pemda's.
pub async fn opd_name(
    state: &crate::state::AppState,
    scope: &crate::auth::InTenant,
    opd: i64,
) -> Result<String, AppError> {
    Ok(state.store.opd(scope.id(), domain::OpdId(opd)).await?.name)
}

/// Redirect after a successful POST (303 so the browser follows with GET).
pub fn see_other(location: &str) -> Response {
    axum::response::Redirect::to(location).into_response()
}

/// A capaian or share for display (half-up, two places), or a dash when there is none.
pub fn percent(value: Option<Decimal>, locale: Locale) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format::percent(round(v), locale))
}

/// Rupiah for display, or a dash when there is none.
pub fn money(value: Option<Decimal>, locale: Locale) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format::rupiah(v, locale))
}

/// An entered figure for display, or a dash when there is none.
pub fn number(value: Option<Decimal>, locale: Locale) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format::number(v, locale))
}

/// Where a plan is shown.
pub fn plan_path(scope: &crate::auth::InTenant, id: i64) -> String {
    format!("/pemda/{}/rencana/{id}", scope.tenant.code)
}
