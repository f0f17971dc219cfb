//! One error type for every handler. `IntoResponse` only sets the status and
//! attaches the error; the `render_errors` middleware, which knows the
//! locale and whether the request was for the API, writes the body.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::Invalid;
use store::StoreError;

#[derive(Debug, Clone)]
pub enum AppError {
    /// No valid session or token.
    Unauthenticated,
    /// Signed in, but not allowed.
    Forbidden,
    NotFound,
    /// Input that names fields and reasons.
    Invalid(Invalid),
    /// A malformed request: the key of a message in the i18n table.
    BadRequest(&'static str),
    /// Logged in full; the user sees a generic message.
    Internal,
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A stable machine-readable code for API clients.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated => "unauthenticated",
            AppError::Forbidden => "forbidden",
            AppError::NotFound => "not_found",
            AppError::Invalid(_) => "invalid",
            AppError::BadRequest(_) => "bad_request",
            AppError::Internal => "internal",
        }
    }

    /// The key of the human message in the i18n table.
    pub fn message_key(&self) -> &'static str {
        match self {
            AppError::Unauthenticated => "error.unauthenticated",
            AppError::Forbidden => "error.forbidden",
            AppError::NotFound => "error.not_found",
            AppError::Invalid(_) => "error.invalid",
            AppError::BadRequest(key) => key,
            AppError::Internal => "error.internal",
        }
    }
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Invalid(invalid) => AppError::Invalid(invalid),
            other => {
                tracing::error!(error = %other, "store failure");
                AppError::Internal
            }
        }
    }
}

impl From<Invalid> for AppError {
    fn from(invalid: Invalid) -> Self {
        AppError::Invalid(invalid)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let mut response = self.status().into_response();
        response.extensions_mut().insert(self);
        response
    }
}
