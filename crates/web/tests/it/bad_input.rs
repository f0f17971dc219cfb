//! Malformed requests get 4xx, never 5xx; unknown ids get 404.

use crate::support::{TestApp, fixture, request};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use domain::access::Role;

#[tokio::test]
async fn unknown_and_malformed_ids_are_not_found() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let admin = app.session_for(f.user(Role::PemdaAdmin)).await;
    for path in [
        "/pemda/16.03/opd/999999",
        "/pemda/16.03/opd/abc",
        "/pemda/16.03/opd/-1",
        "/pemda/16.03/opd/99999999999999999999999",
        "/pemda/16.03/unit/0/ubah",
        "/pemda/16.03/pegawai/1.5",
        "/pemda/16.03/pengguna/999999",
        "/pemda/16.03/tidak-ada",
        "/tidak/ada/sama/sekali",
    ] {
        let response = app.get(path, Some(&admin)).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{path}");
        assert!(response.body.contains("Data tidak ditemukan"), "{path} renders the error page");
    }
    // A pemda code nobody may enter looks forbidden, whether or not it exists.
    assert_eq!(app.get("/pemda/99.99/opd", Some(&admin)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/pemda/16.03%00/opd", Some(&admin)).await.status, StatusCode::FORBIDDEN);
    // Control characters in a search find nothing odd and break nothing (PostgreSQL refuses NUL).
    for query in ["q=%00", "q=%25", "q=_", "q=%5C", "page=-3", "page=abc", "q=kes%00ehatan"] {
        let response = app.get(&format!("/pemda/16.03/opd?{query}"), Some(&admin)).await;
        assert_eq!(response.status, StatusCode::OK, "{query}");
    }
    let literal_percent = app.get("/pemda/16.03/opd?q=%25", Some(&admin)).await.body;
    assert!(literal_percent.contains("Belum ada data."), "% is searched for, not a wildcard");
    // Filters that do not fit are named beside their fields, never silently ignored.
    let audit = app.get("/pemda/16.03/audit?actor=%00&from=kemarin&entity=%00", Some(&admin)).await;
    assert_eq!(audit.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(audit.body.contains("id=\"from-error\"") && audit.body.contains("id=\"entity-error\""), "{}", audit.body);
}

#[tokio::test]
async fn odd_bodies_and_parameters_never_cause_a_server_error() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let admin = app.session_for(f.user(Role::NationalAdmin)).await;
    let token = app.token_for(f.user(Role::NationalAdmin)).await;
    let long = "x".repeat(10_000);
    let odd_values = [
        "",
        " ",
        "0",
        "-1",
        "9223372036854775808",
        "1e9",
        "null",
        "'; DROP TABLE opd; --",
        "<script>alert(1)</script>",
        "%00",
        "ä¸\u{0}",
        long.as_str(),
    ];
    let fields = [
        "name",
        "short_name",
        "kind",
        "district_code",
        "opd_id",
        "unit_id",
        "parent_id",
        "level",
        "nip",
        "golongan",
        "front_titles",
        "back_titles",
        "position_id",
        "starts_on",
        "ends_on",
        "decree",
        "username",
        "display_name",
        "password",
        "role",
        "active",
        "new_password",
        "code",
    ];
    let mut checked = 0;
    for route in web::route_table().iter().filter(|r| r.method != "GET" && !r.path.contains("keluar")) {
        let path = route
            .path
            .replace("{kode}", "16.03")
            .replace("{id}", &f.opd.to_string())
            .replace("{sub}", &f.assignment.to_string());
        for value in odd_values {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|field| (*field, value)).collect();
            let response = if path.starts_with("/api/") {
                let body: serde_json::Map<String, serde_json::Value> =
                    fields.iter().map(|f| (f.to_string(), serde_json::Value::String(value.to_owned()))).collect();
                app.api(route.method, &path, Some(&token), Some(serde_json::Value::Object(body))).await
            } else {
                app.send(request(route.method, &path, Some(&admin), Some(&pairs))).await
            };
            assert!(!response.status.is_server_error(), "{} {path} with {value:?}: {}", route.method, response.status);
            checked += 1;
        }
        // A body that is not a form at all.
        let garbage = Request::builder()
            .method(route.method)
            .uri(&path)
            .header("cookie", &admin)
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(vec![0xff, 0xfe, 0x00, b'=', b'&', b'%']))
            .unwrap();
        let response = app.send(garbage).await;
        assert!(
            response.status.is_client_error() || response.status.is_redirection(),
            "{} {path} with garbage: {}",
            route.method,
            response.status
        );
    }
    assert!(checked > 100);
    // Nothing odd made it in: the names in the pemda are still the fixture's.
    let opds =
        app.store.list_opds(f.tenant, &store::ListQuery { page: 1, per_page: 50, ..Default::default() }).await.unwrap();
    assert!(
        opds.items.iter().all(|o| !o.name.contains("DROP") && !o.name.contains("<script>")),
        "{:?}",
        opds.items.iter().map(|o| &o.name).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn text_longer_than_allowed_is_rejected_by_name() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let admin = app.session_for(f.user(Role::PemdaAdmin)).await;
    let long = "Dinas ".repeat(50);
    let response = app.post_form("/pemda/16.03/opd", Some(&admin), &[("name", &long), ("kind", "dinas")]).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains("maksimal 200 karakter"));
}

#[tokio::test]
async fn responses_carry_a_request_id_and_health_checks_the_database() {
    let app = TestApp::new().await;
    let health = app.get("/healthz", None).await;
    assert_eq!(health.status, StatusCode::OK);
    assert_eq!(health.json()["status"], "ok");
    let id = health.headers.get("x-request-id").expect("request id").to_str().unwrap().to_owned();
    let next = app.get("/healthz", None).await;
    assert_ne!(next.headers.get("x-request-id").unwrap().to_str().unwrap(), id);
    let metrics = app.get("/metrics", None).await;
    assert!(
        metrics.body.contains("kinerja_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 2"),
        "{}",
        metrics.body
    );
    app.store.close().await;
    assert_eq!(app.get("/healthz", None).await.status, StatusCode::SERVICE_UNAVAILABLE);
}
