//! Extractors whose failures become [`AppError`]s, so that malformed ids and
//! bodies get the same localized 4xx answers as everything else.

use crate::error::AppError;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use std::collections::HashMap;

async fn path_number<S: Send + Sync>(parts: &mut Parts, state: &S, name: &str) -> Result<i64, AppError> {
    let Path(params) =
        Path::<HashMap<String, String>>::from_request_parts(parts, state).await.map_err(|_| AppError::NotFound)?;
    // A row id that is not a positive number cannot exist: that is a 404, not a 400.
    params.get(name).and_then(|v| v.parse().ok()).filter(|id| *id > 0).ok_or(AppError::NotFound)
}

/// The `{id}` path segment.
pub struct RowId(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for RowId {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        path_number(parts, state, "id").await.map(RowId)
    }
}

/// The `{sub}` path segment: a row under `{id}` (an assignment, a role grant).
pub struct SubId(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for SubId {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        path_number(parts, state, "sub").await.map(SubId)
    }
}

/// A JSON body; a malformed one is a 400 with a localized message.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        axum::Json::<T>::from_request(request, state)
            .await
            .map(|axum::Json(value)| JsonBody(value))
            .map_err(|rejection| too_large(rejection.status()).unwrap_or(AppError::BadRequest("error.malformed_json")))
    }
}

/// A form body; a body that is not a form is a 400 with a localized message.
pub struct FormBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for FormBody<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        axum::Form::<T>::from_request(request, state)
            .await
            .map(|axum::Form(value)| FormBody(value))
            .map_err(|rejection| too_large(rejection.status()).unwrap_or(AppError::BadRequest("error.malformed_form")))
    }
}

/// The body limit of forms and JSON bodies: axum's default.
pub const MAX_FORM_MB: usize = 2;

/// A body refused for its size is a 413 that names the limit, not a malformed form.
pub fn too_large(status: axum::http::StatusCode) -> Option<AppError> {
    (status == axum::http::StatusCode::PAYLOAD_TOO_LARGE).then_some(AppError::TooLarge { max_mb: MAX_FORM_MB })
}

/// The peer address, when the server was started with connect info (not in
/// router tests, which call the service directly).
pub struct PeerAddr(pub Option<std::net::SocketAddr>);

impl<S: Send + Sync> FromRequestParts<S> for PeerAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let info = parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>();
        Ok(PeerAddr(info.map(|c| c.0)))
    }
}

/// Query parameters; ones that do not fit (`?page=abc`) are a 400 with a localized message.
pub struct QueryParams<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for QueryParams<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(value)| QueryParams(value))
            .map_err(|_| AppError::BadRequest("error.malformed_query"))
    }
}
