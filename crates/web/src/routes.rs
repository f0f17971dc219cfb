//! Every route, registered through one table so that the access-matrix test
//! can see them all: a route added without a matrix entry fails that test.

use crate::state::AppState;
use crate::{api, assets, middleware, ops, pages};
use axum::Router;
use axum::handler::Handler;
use axum::http::{HeaderName, Request};
use axum::routing::{MethodFilter, on};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tower::ServiceBuilder;
use tower_http::LatencyUnit;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Get,
    Post,
    Put,
    Delete,
}

impl Verb {
    pub fn as_str(self) -> &'static str {
        match self {
            Verb::Get => "GET",
            Verb::Post => "POST",
            Verb::Put => "PUT",
            Verb::Delete => "DELETE",
        }
    }

    fn filter(self) -> MethodFilter {
        match self {
            Verb::Get => MethodFilter::GET,
            Verb::Post => MethodFilter::POST,
            Verb::Put => MethodFilter::PUT,
            Verb::Delete => MethodFilter::DELETE,
        }
    }
}

/// One registered route, for the access-matrix test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteInfo {
    pub method: &'static str,
    pub path: &'static str,
}

struct Routes {
    router: Router<AppState>,
    table: Vec<RouteInfo>,
}

impl Routes {
    fn add<H, T>(mut self, verb: Verb, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.table.push(RouteInfo { method: verb.as_str(), path });
        self.router = self.router.route(path, on(verb.filter(), handler));
        self
    }

    /// A route that receives files: a larger body limit than the default 2 MB.
    fn add_upload<H, T>(self, path: &'static str, handler: H, limit: usize) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add(Verb::Post, path, handler.layer(axum::extract::DefaultBodyLimit::max(limit)))
    }
}

fn routes() -> Routes {
    use Verb::{Delete, Get, Post, Put};
    use api::organisation as org_api;
    use pages::*;
    Routes { router: Router::new(), table: Vec::new() }
        // Open to everyone.
        .add(Get, "/healthz", ops::healthz)
        .add(Get, "/metrics", ops::metrics)
        .add(Get, "/static/{*path}", assets::serve)
        .add(Get, "/masuk", auth::login_page)
        .add(Post, "/masuk", auth::login)
        .add(Get, "/bahasa/{lang}", auth::switch_language)
        .add(Get, "/api/openapi.json", api::openapi_json)
        .add(Get, "/api/docs", api::docs)
        .add(Get, "/verifikasi", verify::form)
        .add_upload("/verifikasi", verify::upload, crate::uploads::MAX_UPLOAD)
        .add(Get, "/verifikasi/{code}", verify::show)
        // Any signed-in user.
        .add(Get, "/", home::root)
        .add(Post, "/keluar", auth::logout)
        .add(Get, "/pemda", home::tenants)
        .add(Post, "/pemda", home::create_tenant)
        .add(Get, "/akun", account::page)
        .add(Post, "/akun/sandi", account::change_password)
        .add(Post, "/akun/token", account::create_token)
        .add(Post, "/akun/token/{id}/cabut", account::revoke_token)
        .add(Post, "/akun/kunci", account::rotate_key)
        // Inside one pemda.
        .add(Get, "/pemda/{kode}", home::dashboard)
        .add(Get, "/pemda/{kode}/opd", opd::list)
        .add(Post, "/pemda/{kode}/opd", opd::create)
        .add(Get, "/pemda/{kode}/opd/baru", opd::new)
        .add(Get, "/pemda/{kode}/opd/{id}", opd::detail)
        .add(Post, "/pemda/{kode}/opd/{id}", opd::update)
        .add(Get, "/pemda/{kode}/opd/{id}/ubah", opd::edit)
        .add(Get, "/pemda/{kode}/unit", unit::list)
        .add(Post, "/pemda/{kode}/unit", unit::create)
        .add(Get, "/pemda/{kode}/unit/baru", unit::new)
        .add(Post, "/pemda/{kode}/unit/{id}", unit::update)
        .add(Get, "/pemda/{kode}/unit/{id}/ubah", unit::edit)
        .add(Get, "/pemda/{kode}/jabatan", position::list)
        .add(Post, "/pemda/{kode}/jabatan", position::create)
        .add(Get, "/pemda/{kode}/jabatan/baru", position::new)
        .add(Post, "/pemda/{kode}/jabatan/{id}", position::update)
        .add(Get, "/pemda/{kode}/jabatan/{id}/ubah", position::edit)
        .add(Get, "/pemda/{kode}/pegawai", official::list)
        .add(Post, "/pemda/{kode}/pegawai", official::create)
        .add(Get, "/pemda/{kode}/pegawai/baru", official::new)
        .add(Get, "/pemda/{kode}/pegawai/{id}", official::detail)
        .add(Post, "/pemda/{kode}/pegawai/{id}", official::update)
        .add(Get, "/pemda/{kode}/pegawai/{id}/ubah", official::edit)
        .add(Post, "/pemda/{kode}/pegawai/{id}/penugasan", official::assign)
        .add(Post, "/pemda/{kode}/pegawai/{id}/penugasan/{sub}/akhiri", official::end_assignment)
        .add(Get, "/pemda/{kode}/pengguna", user::list)
        .add(Post, "/pemda/{kode}/pengguna", user::create)
        .add(Get, "/pemda/{kode}/pengguna/baru", user::new)
        .add(Get, "/pemda/{kode}/pengguna/{id}", user::detail)
        .add(Post, "/pemda/{kode}/pengguna/{id}/peran", user::add_grant)
        .add(Post, "/pemda/{kode}/pengguna/{id}/peran/{sub}/hapus", user::remove_grant)
        .add(Post, "/pemda/{kode}/pengguna/{id}/status", user::set_active)
        .add(Post, "/pemda/{kode}/pengguna/{id}/sandi", user::reset_password)
        .add(Post, "/pemda/{kode}/pengguna/{id}/pejabat", user::link_official)
        .add(Get, "/pemda/{kode}/audit", audit::list)
        .add(Get, "/pemda/{kode}/rencana", planning::list)
        .add(Post, "/pemda/{kode}/rencana", planning::create)
        .add(Get, "/pemda/{kode}/rencana/{id}", planning::detail)
        .add(Post, "/pemda/{kode}/rencana/{id}", planning::update)
        .add(Post, "/pemda/{kode}/rencana/{id}/setujui", planning::approve)
        .add(Post, "/pemda/{kode}/rencana/{id}/perubahan", planning::revise)
        .add(Post, "/pemda/{kode}/rencana/{id}/elemen", planning::add_element)
        .add(Get, "/pemda/{kode}/rencana/{id}/elemen/{sub}", planning::element)
        .add(Post, "/pemda/{kode}/rencana/{id}/elemen/{sub}", planning::update_element)
        .add(Post, "/pemda/{kode}/rencana/{id}/elemen/{sub}/hapus", planning::delete_element)
        .add(Post, "/pemda/{kode}/rencana/{id}/elemen/{sub}/indikator", planning::add_indicator)
        .add(Get, "/pemda/{kode}/rencana/{id}/indikator/{sub}", planning::indicator)
        .add(Post, "/pemda/{kode}/rencana/{id}/indikator/{sub}", planning::update_indicator)
        .add(Post, "/pemda/{kode}/rencana/{id}/indikator/{sub}/hapus", planning::delete_indicator)
        .add(Get, "/pemda/{kode}/rencana/{id}/unduh", workbook::export)
        .add(Get, "/pemda/{kode}/rencana/{id}/templat", workbook::template)
        .add(Get, "/pemda/{kode}/rencana/{id}/impor", workbook::form)
        .add_upload("/pemda/{kode}/rencana/{id}/impor", workbook::upload, crate::uploads::MAX_UPLOAD)
        .add(Post, "/pemda/{kode}/rencana/{id}/impor/{sub}", workbook::apply)
        .add(Get, "/pemda/{kode}/renja", renja::show)
        .add(Post, "/pemda/{kode}/renja/{id}", renja::save)
        .add(Get, "/pemda/{kode}/renja/unduh", renja::export)
        .add_upload("/pemda/{kode}/renja/impor", renja::upload, crate::uploads::MAX_UPLOAD)
        .add(Post, "/pemda/{kode}/renja/impor/{id}", renja::apply)
        .add(Get, "/pemda/{kode}/aturan-capaian", rulebook::show)
        .add(Post, "/pemda/{kode}/aturan-capaian", rulebook::choose)
        .add(Get, "/pemda/{kode}/pk", pk::list)
        .add(Post, "/pemda/{kode}/pk", pk::create)
        .add(Get, "/pemda/{kode}/pk/baru", pk::new)
        .add(Post, "/pemda/{kode}/pk/semua", pk::create_all)
        .add(Get, "/pemda/{kode}/pk/cakupan", pk::coverage)
        .add(Post, "/pemda/{kode}/pk/zip", pk::batch::start)
        .add(Get, "/pemda/{kode}/pk/zip/{job}", pk::batch::progress)
        .add(Get, "/pemda/{kode}/pk/zip/{job}/status", pk::batch::status)
        .add(Get, "/pemda/{kode}/pk/zip/{job}/unduh", pk::batch::fetch)
        .add(Get, "/pemda/{kode}/pk/{id}", pk::detail)
        .add(Get, "/pemda/{kode}/pk/{id}/pdf", pk::document::pdf)
        .add(Get, "/pemda/{kode}/pk/{id}/docx", pk::document::docx)
        .add(Post, "/pemda/{kode}/pk/{id}/baris", pk::add_row)
        .add(Post, "/pemda/{kode}/pk/{id}/baris/{sub}", pk::update_row)
        .add(Post, "/pemda/{kode}/pk/{id}/baris/{sub}/hapus", pk::delete_row)
        .add(Post, "/pemda/{kode}/pk/{id}/anggaran", pk::add_budget)
        .add(Post, "/pemda/{kode}/pk/{id}/anggaran/{sub}", pk::update_budget)
        .add(Post, "/pemda/{kode}/pk/{id}/anggaran/{sub}/hapus", pk::delete_budget)
        .add(Post, "/pemda/{kode}/pk/{id}/tempat", pk::set_place)
        .add(Post, "/pemda/{kode}/pk/{id}/ajukan", pk::submit)
        .add(Post, "/pemda/{kode}/pk/{id}/kembalikan", pk::send_back)
        .add(Post, "/pemda/{kode}/pk/{id}/setujui", pk::approve)
        .add(Post, "/pemda/{kode}/pk/{id}/tandatangani", pk::sign)
        .add(Post, "/pemda/{kode}/pk/{id}/cabut", pk::revoke)
        .add(Post, "/pemda/{kode}/pk/{id}/perubahan", pk::amend)
        .add(Get, "/pemda/{kode}/realisasi", realisation::overview)
        .add(Post, "/pemda/{kode}/realisasi/kalender", realisation::set_calendar)
        .add(Post, "/pemda/{kode}/realisasi/buka-kembali", realisation::reopen)
        .add(Get, "/pemda/{kode}/realisasi/opd/{id}", realisation::report)
        .add(Post, "/pemda/{kode}/realisasi/opd/{id}/isian", realisation::save_entry)
        .add(Post, "/pemda/{kode}/realisasi/opd/{id}/anggaran", realisation::save_spent)
        .add_upload(
            "/pemda/{kode}/realisasi/opd/{id}/bukti",
            realisation::upload_evidence,
            realisation::MAX_EVIDENCE_UPLOAD,
        )
        .add(Post, "/pemda/{kode}/realisasi/opd/{id}/bukti/{sub}/hapus", realisation::delete_evidence)
        .add(Post, "/pemda/{kode}/realisasi/opd/{id}/ajukan", realisation::submit)
        .add(Post, "/pemda/{kode}/realisasi/opd/{id}/kembalikan", realisation::send_back)
        .add(Post, "/pemda/{kode}/realisasi/opd/{id}/setujui", realisation::approve)
        .add(Post, "/pemda/{kode}/realisasi/opd/{id}/koreksi", realisation::correct)
        .add(Get, "/pemda/{kode}/realisasi/opd/{id}/templat", realisation::template)
        .add_upload("/pemda/{kode}/realisasi/opd/{id}/impor", realisation::import, crate::uploads::MAX_UPLOAD)
        .add(Get, "/pemda/{kode}/bukti/{id}", realisation::evidence_file)
        .add(Get, "/pemda/{kode}/capaian", capaian::overview_page)
        .add(Get, "/pemda/{kode}/capaian/opd/{id}", capaian::opd_page)
        .add(Get, "/pemda/{kode}/capaian/indikator/{id}", capaian::indicator_page)
        .add(Get, "/pemda/{kode}/capaian/anggaran", capaian::budget_page)
        .add(Get, "/pemda/{kode}/laporan-triwulan", capaian::quarterly_report)
        .add(Get, "/pemda/{kode}/pohon-kinerja", tree::page)
        .add(Get, "/pemda/{kode}/pohon-kinerja.svg", tree::svg)
        .add(Get, "/pemda/{kode}/pohon-kinerja.pdf", tree::pdf)
        .add(Get, "/pemda/{kode}/konsistensi", tree::report)
        // The JSON API.
        .add(Get, "/api/v1/me", api::me)
        .add(Get, "/api/v1/tenants", api::tenants)
        .add(Get, "/api/v1/tenants/{kode}", api::tenant)
        .add(Get, "/api/v1/tenants/{kode}/opds", org_api::list_opds)
        .add(Post, "/api/v1/tenants/{kode}/opds", org_api::create_opd)
        .add(Get, "/api/v1/tenants/{kode}/opds/{id}", org_api::get_opd)
        .add(Put, "/api/v1/tenants/{kode}/opds/{id}", org_api::update_opd)
        .add(Get, "/api/v1/tenants/{kode}/units", org_api::list_units)
        .add(Post, "/api/v1/tenants/{kode}/units", org_api::create_unit)
        .add(Get, "/api/v1/tenants/{kode}/units/{id}", org_api::get_unit)
        .add(Get, "/api/v1/tenants/{kode}/positions", org_api::list_positions)
        .add(Post, "/api/v1/tenants/{kode}/positions", org_api::create_position)
        .add(Get, "/api/v1/tenants/{kode}/positions/{id}", org_api::get_position)
        .add(Get, "/api/v1/tenants/{kode}/officials", org_api::list_officials)
        .add(Post, "/api/v1/tenants/{kode}/officials", org_api::create_official)
        .add(Get, "/api/v1/tenants/{kode}/officials/{id}", org_api::get_official)
        .add(Get, "/api/v1/tenants/{kode}/plans", api::planning::list_plans)
        .add(Get, "/api/v1/tenants/{kode}/plans/{id}", api::planning::get_plan)
        .add(Get, "/api/v1/tenants/{kode}/tree", api::planning::tree)
        .add(Get, "/api/v1/tenants/{kode}/consistency", api::planning::consistency)
        .add(Get, "/api/v1/tenants/{kode}/renja", api::planning::renja)
        .add(Get, "/api/v1/tenants/{kode}/rulebooks", api::capaian::rulebooks)
        .add(Get, "/api/v1/tenants/{kode}/capaian", api::capaian::capaian)
        .add(Get, "/api/v1/tenants/{kode}/capaian/opds/{id}", api::capaian::opd)
        .add(Get, "/api/v1/tenants/{kode}/capaian/indicators/{id}", api::capaian::indicator)
        .add(Get, "/api/v1/tenants/{kode}/audit", api::audit)
        .add(Get, "/api/v1/tenants/{kode}/pk", api::pk::list)
        .add(Post, "/api/v1/tenants/{kode}/pk", api::pk::draft)
        .add(Post, "/api/v1/tenants/{kode}/pk/all", api::pk::draft_all)
        .add(Get, "/api/v1/tenants/{kode}/pk/{id}", api::pk::get)
        .add(Post, "/api/v1/tenants/{kode}/pk/{id}/rows", api::pk::add_row)
        .add(Put, "/api/v1/tenants/{kode}/pk/{id}/rows/{sub}", api::pk::update_row)
        .add(Delete, "/api/v1/tenants/{kode}/pk/{id}/rows/{sub}", api::pk::delete_row)
        .add(Post, "/api/v1/tenants/{kode}/pk/{id}/budget", api::pk::add_budget)
        .add(Put, "/api/v1/tenants/{kode}/pk/{id}/budget/{sub}", api::pk::update_budget)
        .add(Delete, "/api/v1/tenants/{kode}/pk/{id}/budget/{sub}", api::pk::delete_budget)
        .add(Put, "/api/v1/tenants/{kode}/pk/{id}/place", api::pk::set_place)
        .add(Post, "/api/v1/tenants/{kode}/pk/{id}/submit", api::pk::submit)
        .add(Post, "/api/v1/tenants/{kode}/pk/{id}/return", api::pk::send_back)
        .add(Post, "/api/v1/tenants/{kode}/pk/{id}/approve", api::pk::approve)
        .add(Post, "/api/v1/tenants/{kode}/pk/{id}/revoke", api::pk::revoke)
        .add(Post, "/api/v1/tenants/{kode}/pk/{id}/amend", api::pk::amend)
        .add(Get, "/api/v1/tenants/{kode}/pk/{id}/pdf", api::pk::pdf)
        .add(Get, "/api/v1/tenants/{kode}/pk/{id}/docx", api::pk::docx)
        .add(Get, "/api/v1/tenants/{kode}/realisation", api::realisation::compliance)
        .add(Get, "/api/v1/tenants/{kode}/realisation/calendar", api::realisation::calendar)
        .add(Get, "/api/v1/tenants/{kode}/realisation/opds/{id}", api::realisation::report)
        .add(Put, "/api/v1/tenants/{kode}/realisation/opds/{id}/entries", api::realisation::save_entry)
        .add(Put, "/api/v1/tenants/{kode}/realisation/opds/{id}/spent", api::realisation::save_spent)
        .add_upload(
            "/api/v1/tenants/{kode}/realisation/opds/{id}/evidence",
            api::realisation::add_evidence,
            realisation::MAX_EVIDENCE_UPLOAD,
        )
        .add(Delete, "/api/v1/tenants/{kode}/realisation/opds/{id}/evidence/{sub}", api::realisation::delete_evidence)
        .add(Post, "/api/v1/tenants/{kode}/realisation/opds/{id}/submit", api::realisation::submit)
        .add(Post, "/api/v1/tenants/{kode}/realisation/opds/{id}/return", api::realisation::send_back)
        .add(Post, "/api/v1/tenants/{kode}/realisation/opds/{id}/approve", api::realisation::approve)
        .add(Post, "/api/v1/tenants/{kode}/realisation/opds/{id}/correct", api::realisation::correct)
        .add(Post, "/api/v1/tenants/{kode}/realisation/opds/{id}/delivery", api::realisation::deliver)
        .add(Get, "/api/v1/tenants/{kode}/evidence/{id}", api::realisation::evidence_file)
}

/// Every registered route.
pub fn route_table() -> Vec<RouteInfo> {
    routes().table
}

/// Request ids: a random per-process prefix and a counter, cheap and unique across instances.
#[derive(Clone)]
struct RequestIds {
    prefix: Arc<str>,
    next: Arc<AtomicU64>,
}

impl RequestIds {
    fn new() -> Self {
        let mut bytes = [0u8; 4];
        // Without randomness the ids are still unique within this instance.
        let _ = getrandom::fill(&mut bytes);
        RequestIds { prefix: hex::encode(bytes).into(), next: Arc::new(AtomicU64::new(1)) }
    }
}

impl MakeRequestId for RequestIds {
    fn make_request_id<B>(&mut self, _: &Request<B>) -> Option<RequestId> {
        let id = format!("{}-{}", self.prefix, self.next.fetch_add(1, Ordering::Relaxed));
        id.parse().ok().map(RequestId::new)
    }
}

pub fn build(state: AppState) -> Router {
    layered(routes().router, state)
}

/// The layers every route runs inside, outermost first: request id, trace
/// span, metrics, security headers, locale, error pages, CSRF, the request
/// timeout and, innermost, the panic catcher (so its 500 gets the error page).
fn layered(router: Router<AppState>, state: AppState) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    // Every line logged while a request runs carries its id, through this span.
    let trace = TraceLayer::new_for_http()
        .make_span_with(|request: &Request<_>| {
            let id = request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", method = %request.method(), path = %request.uri().path(), request_id = %id)
        })
        .on_request(())
        .on_response(DefaultOnResponse::new().level(Level::INFO).latency_unit(LatencyUnit::Micros));
    router
        .fallback(|| async { crate::error::AppError::NotFound })
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(request_id.clone(), RequestIds::new()))
                .layer(trace)
                .layer(PropagateRequestIdLayer::new(request_id))
                .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::metrics))
                .layer(axum::middleware::from_fn(middleware::security_headers))
                .layer(axum::middleware::from_fn(middleware::locale))
                .layer(axum::middleware::from_fn(middleware::render_errors))
                .layer(axum::middleware::from_fn(middleware::csrf))
                .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::request_timeout))
                .layer(CatchPanicLayer::custom(middleware::panic_response)),
        )
        .with_state(state)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::WebConfig;
    use axum::body::Body;
    use axum::routing::get;
    use tower::ServiceExt;

    async fn app(route: Router<AppState>, config: WebConfig) -> Router {
        let store = store::Store::connect("sqlite::memory:", &store::StoreOptions::default()).await.unwrap();
        layered(route, AppState::new(store, config))
    }

    async fn body(response: axum::response::Response) -> String {
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    #[tokio::test]
    async fn a_panic_is_answered_with_the_error_page_and_the_request_id() {
        let panicking = Router::new().route(
            "/meledak",
            get(|| async {
                if true {
                    panic!("Addition overflowed");
                }
                "tidak sampai"
            }),
        );
        let response = app(panicking, WebConfig::default())
            .await
            .oneshot(Request::get("/meledak").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), axum::http::StatusCode::INTERNAL_SERVER_ERROR);
        assert!(response.headers().contains_key("x-request-id"));
        assert!(response.headers().contains_key("content-security-policy"));
        assert!(body(response).await.contains("Terjadi kesalahan"), "the error page, not a dropped connection");
    }

    #[tokio::test]
    async fn a_request_over_its_time_is_stopped_with_a_page() {
        let slow = Router::new().route(
            "/lambat",
            get(|| async {
                tokio::time::sleep(std::time::Duration::from_secs(5)).await;
                "selesai"
            }),
        );
        let config = WebConfig { request_timeout: std::time::Duration::from_millis(50), ..WebConfig::default() };
        let response =
            app(slow, config).await.oneshot(Request::get("/lambat").body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(response.status(), axum::http::StatusCode::SERVICE_UNAVAILABLE);
        assert!(body(response).await.contains("terlalu lama"));
    }
}
