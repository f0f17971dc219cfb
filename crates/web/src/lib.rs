//! Kinerja's HTTP layer: server-rendered pages (askama + htmx) for people and
//! a JSON API under `/api/v1` for programs, over one [`store::Store`].
//!
//! Handlers stay thin: they parse input into domain drafts, ask
//! [`domain::access::Principal::may`] for permission, and call the store.

mod api;
mod app;
mod assets;
mod auth;
mod error;
mod extract;
mod i18n;
mod layout;
mod middleware;
mod ops;
mod pages;
mod routes;
mod state;
mod uploads;

pub use auth::password::{PasswordHasher, hash_password_blocking};

/// The documents the pages serve, for the benchmarks in `benches/`.
pub mod documents {
    pub use crate::app::pk::{build_zip, docx_bytes, pdf_bytes};
}
pub use routes::{RouteInfo, route_table};
pub use state::{AppState, MetricsAccess, WebConfig};

use axum::Router;

/// The whole application: pages, API, operations endpoints and static files,
/// with the request-id, logging, locale, CSRF and error-rendering layers.
pub fn router(state: AppState) -> Router {
    routes::build(state)
}

/// The OpenAPI document served at `/api/openapi.json`.
pub fn openapi_json() -> String {
    api::openapi_document()
}
