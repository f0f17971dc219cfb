//! Static files, compiled into the binary: no CDN, no files beside the binary.

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

struct Asset {
    path: &'static str,
    content_type: &'static str,
    body: &'static [u8],
}

macro_rules! asset {
    ($path:literal, $type:literal) => {
        Asset { path: $path, content_type: $type, body: include_bytes!(concat!("../static/", $path)) }
    };
}

const ASSETS: &[Asset] = &[
    asset!("app.css", "text/css; charset=utf-8"),
    asset!("app.js", "text/javascript; charset=utf-8"),
    asset!("vendor/htmx/htmx.min.js", "text/javascript; charset=utf-8"),
    asset!("vendor/echarts/echarts.min.js", "text/javascript; charset=utf-8"),
    asset!("charts.js", "text/javascript; charset=utf-8"),
    asset!("vendor/swagger-ui/swagger-ui-bundle.js", "text/javascript; charset=utf-8"),
    asset!("vendor/swagger-ui/swagger-ui.css", "text/css; charset=utf-8"),
    asset!("api-docs.js", "text/javascript; charset=utf-8"),
    asset!("favicon.svg", "image/svg+xml"),
];

pub async fn serve(Path(path): Path<String>) -> Response {
    match ASSETS.iter().find(|a| a.path == path) {
        Some(asset) => {
            ([(header::CONTENT_TYPE, asset.content_type), (header::CACHE_CONTROL, "public, max-age=86400")], asset.body)
                .into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
