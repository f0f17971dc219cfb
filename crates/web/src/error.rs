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
    /// A body over the route's limit, in MB.
    TooLarge {
        max_mb: usize,
    },
    /// Logged in full; the user sees a generic message.
    Internal,
    /// The request took longer than the server allows.
    TimedOut,
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
            AppError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            AppError::TimedOut => StatusCode::SERVICE_UNAVAILABLE,
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
            AppError::TooLarge { .. } => "too_large",
            AppError::Internal => "internal",
            AppError::TimedOut => "timed_out",
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
            AppError::TooLarge { .. } => "error.too_large",
            AppError::Internal => "error.internal",
            AppError::TimedOut => "error.timed_out",
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

impl AppError {
    /// The field errors to show with the message: a rejected form's, or the size limit of an upload.
    pub fn fields(&self) -> Option<Invalid> {
        match self {
            AppError::Invalid(invalid) => Some(invalid.clone()),
            AppError::TooLarge { max_mb } => {
                Some(Invalid::one("file", domain::Reason::FileTooLarge { max_mb: *max_mb }))
            }
            _ => None,
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
