//! Layers every request passes through: locale, CSRF, metrics and error pages.

use crate::auth::session::{LOCALE_COOKIE, cookie};
use crate::error::AppError;
use crate::i18n::Tr;
use crate::layout::Layout;
use crate::pages::ErrorPage;
use crate::state::AppState;
use askama::Template;
use axum::Json;
use axum::extract::{FromRequestParts, MatchedPath, Request, State};
use axum::http::header::{ACCEPT_LANGUAGE, HOST, ORIGIN};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::Locale;
use std::convert::Infallible;
use std::time::Instant;

/// The locale of the request: the language cookie, else `Accept-Language`, else Indonesian.
#[derive(Debug, Clone, Copy)]
pub struct Lang(pub Locale);

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(*parts.extensions.get::<Lang>().unwrap_or(&Lang(Locale::Id)))
    }
}

pub async fn locale(mut request: Request, next: Next) -> Response {
    let headers = request.headers();
    let locale = cookie(headers, LOCALE_COOKIE)
        .map(Locale::from_tag)
        .or_else(|| headers.get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).map(Locale::from_tag))
        .unwrap_or_default();
    request.extensions_mut().insert(Lang(locale));
    next.run(request).await
}

/// Refuses cross-site form posts. Browsers say where a request comes from
/// in `Sec-Fetch-Site` (or at least `Origin`); a request from another site
/// that would ride on the session cookie is turned away. Requests with
/// neither header come from non-browser clients, which carry no cookie of
/// ours unless deliberately given one.
pub async fn csrf(request: Request, next: Next) -> Response {
    if is_cross_site_write(&request) {
        tracing::warn!(path = %request.uri().path(), "cross-site write refused");
        return AppError::Forbidden.into_response();
    }
    next.run(request).await
}

fn is_cross_site_write(request: &Request) -> bool {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    match (headers.get(ORIGIN).and_then(|v| v.to_str().ok()), headers.get(HOST).and_then(|v| v.to_str().ok())) {
        (Some(origin), Some(host)) => origin.split_once("://").map(|(_, rest)| rest) != Some(host),
        (Some(_), None) => true,
        (None, _) => false,
    }
}

pub async fn metrics(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = request.extensions().get::<MatchedPath>().map(|p| p.as_str().to_owned());
    let method = request.method().clone();
    let response = next.run(request).await;
    state.metrics.record(&method, route.as_deref().unwrap_or("unmatched"), response.status(), started.elapsed());
    response
}

/// The security headers of every response. The policy allows only the
/// files this server serves (the vendored htmx, ECharts and Swagger UI, our
/// own CSS and JS): no inline script or style, no framing, no other origin.
const SECURITY_HEADERS: [(&str, &str); 6] = [
    (
        "content-security-policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; \
         connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    ),
    ("x-frame-options", "DENY"),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "same-origin"),
    ("cross-origin-opener-policy", "same-origin"),
    ("permissions-policy", "camera=(), microphone=(), geolocation=(), payment=()"),
];

pub async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        if !headers.contains_key(name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    response
}

/// Ends a request that takes longer than the configured time with an error
/// page (503): a stuck request never holds a connection for good. Multipart
/// uploads get the longer upload time, for slow lines.
pub async fn request_timeout(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let upload = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/"));
    let limit = if upload { state.config.upload_timeout } else { state.config.request_timeout };
    let path = request.uri().path().to_owned();
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!(%path, seconds = limit.as_secs(), "request timed out");
            AppError::TimedOut.into_response()
        }
    }
}

/// A panic in a handler becomes the error page (500), logged with the
/// request's id by the span it ran in; the connection is answered, not dropped.
pub fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned());
    tracing::error!(panic = %message, "request panicked");
    AppError::Internal.into_response()
}

/// Writes the body of error responses: JSON for the API, a page (or a
/// redirect to the login page) for people.
pub async fn render_errors(Lang(locale): Lang, request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let path_and_query = request.uri().path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_default();
    let is_htmx = request.headers().contains_key("hx-request");
    let response = next.run(request).await;
    let Some(error) = response.extensions().get::<AppError>().cloned() else {
        return response;
    };
    let tr = Tr(locale);
    if is_api {
        let fields = error.fields().map(|f| f.localized(locale)).unwrap_or_default();
        let body = serde_json::json!({ "error": error.code(), "message": tr.t(error.message_key()), "fields": fields });
        let mut response = (error.status(), Json(body)).into_response();
        if matches!(error, AppError::Unauthenticated) {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        return response;
    }
    if matches!(error, AppError::Unauthenticated) {
        let target = format!("/masuk?next={}", percent_encode(&path_and_query));
        if is_htmx {
            let mut response = StatusCode::UNAUTHORIZED.into_response();
            if let Ok(value) = HeaderValue::from_str(&target) {
                response.headers_mut().insert("hx-redirect", value);
            }
            return response;
        }
        return Redirect::to(&target).into_response();
    }
    let page = ErrorPage {
        layout: Layout::bare(tr, tr.t(error.message_key())),
        status: error.status().as_u16(),
        message: tr.t(error.message_key()),
        fields: error.fields().map(|f| f.localized(locale)).unwrap_or_default(),
    };
    match page.render() {
        Ok(html) => (error.status(), Html(html)).into_response(),
        Err(_) => error.status().into_response(),
    }
}

/// Percent-encodes a path for use in a query string.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'/' | b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    fn post(headers: &[(&str, &str)]) -> Request {
        let mut builder = Request::builder().method("POST").uri("/pemda/16.03/opd");
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(Body::empty()).unwrap()
    }

    #[test]
    fn cross_site_writes_are_recognised() {
        assert!(!is_cross_site_write(&post(&[("sec-fetch-site", "same-origin")])));
        assert!(is_cross_site_write(&post(&[("sec-fetch-site", "cross-site")])));
        assert!(is_cross_site_write(&post(&[("sec-fetch-site", "same-site")])));
        assert!(!is_cross_site_write(&post(&[("origin", "http://kinerja.local"), ("host", "kinerja.local")])));
        assert!(is_cross_site_write(&post(&[("origin", "http://evil.example"), ("host", "kinerja.local")])));
        assert!(!is_cross_site_write(&post(&[])));
    }

    #[test]
    fn next_paths_are_encoded() {
        assert_eq!(percent_encode("/pemda/16.03/opd?q=a b&x=1"), "/pemda/16.03/opd%3Fq%3Da%20b%26x%3D1");
    }
}
