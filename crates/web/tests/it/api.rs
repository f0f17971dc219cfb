//! The JSON API: tokens, reads, writes, errors and the published OpenAPI document.

use crate::support::{PASSWORD, TestApp, fixture};
use axum::http::StatusCode;
use domain::access::Role;
use serde_json::json;

#[tokio::test]
async fn a_token_made_on_the_account_page_opens_the_api_until_revoked() {
    let app = TestApp::new().await;
    fixture(&app).await;
    let session = app.login("admin.pemda", PASSWORD).await;
    let page = app.post_form("/akun/token", Some(&session), &[("name", "Integrasi SIPD")]).await;
    assert_eq!(page.status, StatusCode::OK);
    let token = page.body.split("id=\"new-token\">").nth(1).and_then(|rest| rest.split('<').next()).unwrap().to_owned();
    assert!(token.starts_with("knj_"));

    let me = app.api("GET", "/api/v1/me", Some(&token), None).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["username"], "admin.pemda");
    assert_eq!(me.json()["roles"][0]["role"], "admin_pemda");

    // The secret is shown once: the account page lists only its prefix afterwards.
    let account = app.get("/akun", Some(&session)).await.body;
    assert!(!account.contains(&token) && account.contains("Integrasi SIPD"));

    let id = app.store.api_tokens(domain::UserId(me.json()["id"].as_i64().unwrap())).await.unwrap()[0].id;
    assert_eq!(
        app.post_form(&format!("/akun/token/{id}/cabut"), Some(&session), &[]).await.status,
        StatusCode::SEE_OTHER
    );
    let refused = app.api("GET", "/api/v1/me", Some(&token), None).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(refused.json()["error"], "unauthenticated");
    assert_eq!(refused.headers.get("www-authenticate").unwrap(), "Bearer");
}

#[tokio::test]
async fn the_api_does_not_accept_the_session_cookie() {
    let app = TestApp::new().await;
    fixture(&app).await;
    let session = app.login("admin.pemda", PASSWORD).await;
    let response = app.get("/api/v1/me", Some(&session)).await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn organisation_data_is_read_and_written_through_the_api() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let token = app.token_for(f.user(Role::PemdaAdmin)).await;
    let created = app
        .api(
            "POST",
            "/api/v1/tenants/16.03/opds",
            Some(&token),
            Some(json!({ "name": "Badan Riset Daerah", "short_name": "BRIDA", "kind": "badan" })),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let opd = created.json();
    assert_eq!(opd["kind"], "badan");
    let id = opd["id"].as_i64().unwrap();

    let updated = app
        .api(
            "PUT",
            &format!("/api/v1/tenants/16.03/opds/{id}"),
            Some(&token),
            Some(json!({ "name": "Badan Riset dan Inovasi Daerah", "kind": "badan", "active": false })),
        )
        .await;
    assert_eq!(updated.status, StatusCode::OK);
    assert_eq!(updated.json()["active"], false);

    let unit = app
        .api(
            "POST",
            "/api/v1/tenants/16.03/units",
            Some(&token),
            Some(json!({ "opd_id": id, "name": "Bidang Riset", "kind": "bidang" })),
        )
        .await;
    assert_eq!(unit.status, StatusCode::CREATED);
    let position = app
        .api("POST", "/api/v1/tenants/16.03/positions", Some(&token), Some(json!({ "opd_id": id, "unit_id": unit.json()["id"], "name": "Kepala Bidang Riset", "level": "administrator" })))
        .await;
    assert_eq!(position.status, StatusCode::CREATED);
    let official = app
        .api("POST", "/api/v1/tenants/16.03/officials", Some(&token), Some(json!({ "nip": "199001012015031002", "name": "Andi Wijaya", "back_titles": "S.Si.", "golongan": "III/b" })))
        .await;
    assert_eq!(official.status, StatusCode::CREATED);
    assert_eq!(official.json()["pangkat"], "Penata Muda Tingkat I");
    assert_eq!(official.json()["full_name"], "Andi Wijaya, S.Si.");

    let list = app.api("GET", "/api/v1/tenants/16.03/opds?q=riset&per_page=5", Some(&token), None).await.json();
    assert_eq!(list["total"], 1);
    assert_eq!(list["per_page"], 5);
    let detail =
        app.api("GET", &format!("/api/v1/tenants/16.03/officials/{}", f.official), Some(&token), None).await.json();
    assert_eq!(detail["assignments"][0]["kind"], "definitif");
    let summary = app.api("GET", "/api/v1/tenants/16.03", Some(&token), None).await.json();
    assert_eq!(summary["tenant"]["name"], "Kabupaten Muara Enim");
    assert_eq!(summary["summary"]["units"], 2);
    let audit = app.api("GET", "/api/v1/tenants/16.03/audit?entity=opd&action=update", Some(&token), None).await.json();
    assert_eq!(audit["total"], 1);
    assert!(audit["items"][0]["before"].as_str().unwrap().contains("Badan Riset Daerah"));
}

#[tokio::test]
async fn plans_the_tree_the_consistency_report_and_the_renja_are_read_through_the_api() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let token = app.token_for(f.user(Role::Viewer)).await;
    let plans = app.api("GET", "/api/v1/tenants/16.03/plans", Some(&token), None).await.json();
    let kinds: Vec<&str> = plans["items"].as_array().unwrap().iter().map(|p| p["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"rpjmd") && kinds.contains(&"renstra"), "{plans}");

    let renstra =
        app.api("GET", &format!("/api/v1/tenants/16.03/plans/{}", f.renstra), Some(&token), None).await.json();
    assert_eq!(renstra["plan"]["opd_id"], f.opd);
    let codes: Vec<&str> =
        renstra["elements"].as_array().unwrap().iter().map(|e| e["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["TD1", "SD1", "1.02.02"], "elements in tree order");
    let sasaran = &renstra["elements"][1];
    assert_eq!(sasaran["supports"], json!(["S1"]));
    assert_eq!(sasaran["indicators"][0]["polarity"], "higher");
    assert_eq!(
        sasaran["indicators"][0]["targets"],
        json!([{ "year": 2025, "target": "80" }, { "year": 2026, "target": "85" }])
    );

    let tree = app.api("GET", "/api/v1/tenants/16.03/tree?year=2026", Some(&token), None).await.json();
    assert_eq!(tree["year"], 2026);
    let tujuan = &tree["nodes"][0];
    assert_eq!((tujuan["kind"].as_str(), tujuan["code"].as_str()), (Some("tujuan"), Some("T1")));
    let opd_sasaran = &tujuan["children"][0]["children"][0];
    assert_eq!(opd_sasaran["code"], "SD1");
    assert_eq!(opd_sasaran["indicators"][0]["target"], "85");
    assert_eq!(opd_sasaran["children"][0]["code"], "1.02.02");

    let report = app.api("GET", "/api/v1/tenants/16.03/consistency", Some(&token), None).await.json();
    let kinds: Vec<&str> = report["findings"].as_array().unwrap().iter().map(|f| f["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"missing_target"), "{report}");
    assert_eq!(report["total"].as_u64().unwrap() as usize, kinds.len());

    let renja =
        app.api("GET", &format!("/api/v1/tenants/16.03/renja?opd={}&year=2026", f.opd), Some(&token), None).await;
    assert_eq!(renja.status, StatusCode::OK);
    assert_eq!(renja.json()["items"][0]["code"], "1.02.02");
    let without_opd = app.api("GET", "/api/v1/tenants/16.03/renja", Some(&token), None).await;
    assert_eq!(without_opd.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(without_opd.json()["fields"][0]["field"], "opd");
}

#[tokio::test]
async fn api_errors_name_the_fields_in_the_callers_language() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let token = app.token_for(f.user(Role::PemdaAdmin)).await;
    let invalid = app
        .api(
            "POST",
            "/api/v1/tenants/16.03/officials",
            Some(&token),
            Some(json!({ "nip": "19900101201503100", "name": "", "golongan": "III/b" })),
        )
        .await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = invalid.json();
    assert_eq!(body["error"], "invalid");
    assert_eq!(body["fields"][0]["field"], "nip");
    assert_eq!(body["fields"][0]["message"], "NIP harus 18 digit, bukan 17");
    assert_eq!(body["fields"][1]["field"], "name");

    let mut english = axum::http::Request::builder()
        .method("POST")
        .uri("/api/v1/tenants/16.03/officials")
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .header("accept-language", "en-GB,en;q=0.9")
        .body(axum::body::Body::from(
            json!({ "nip": "19900101201503100", "name": "Andi", "golongan": "III/b" }).to_string(),
        ))
        .unwrap();
    english.headers_mut().insert("x-test", "1".parse().unwrap());
    let response = app.send(english).await;
    assert_eq!(response.json()["fields"][0]["message"], "a NIP has 18 digits, not 17");

    let malformed = app
        .send(
            axum::http::Request::builder()
                .method("POST")
                .uri("/api/v1/tenants/16.03/opds")
                .header("authorization", format!("Bearer {token}"))
                .header("content-type", "application/json")
                .body(axum::body::Body::from("{\"name\": "))
                .unwrap(),
        )
        .await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    assert_eq!(malformed.json()["error"], "bad_request");

    for query in ["entity=%00", "entity=bukan", "action=hapus-semua", "from=kemarin"] {
        let response = app.api("GET", &format!("/api/v1/tenants/16.03/audit?{query}"), Some(&token), None).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
    }
    let paged = app.api("GET", "/api/v1/tenants/16.03/opds?page=abc", Some(&token), None).await;
    assert_eq!(paged.status, StatusCode::BAD_REQUEST);
    assert_eq!(paged.json()["error"], "bad_request");
    let search = app.api("GET", "/api/v1/tenants/16.03/officials?q=%00budi", Some(&token), None).await;
    assert_eq!(search.status, StatusCode::OK);

    let missing = app.api("GET", "/api/v1/tenants/16.03/opds/987654", Some(&token), None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.json()["message"], "Data tidak ditemukan");
}

#[tokio::test]
async fn the_openapi_document_matches_its_snapshot_and_documents_every_api_route() {
    let spec = web::openapi_json();
    let parsed: serde_json::Value = serde_json::from_str(&spec).unwrap();
    for route in web::route_table().iter().filter(|r| r.path.starts_with("/api/v1")) {
        let operation = &parsed["paths"][route.path][route.method.to_lowercase()];
        assert!(operation.is_object(), "{} {} is not in the OpenAPI document", route.method, route.path);
    }
    assert_eq!(parsed["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
    insta::assert_snapshot!("openapi", spec);

    let app = TestApp::new().await;
    let served = app.get("/api/openapi.json", None).await;
    assert_eq!(served.body, spec);
    let docs = app.get("/api/docs", None).await;
    assert!(docs.body.contains("/static/vendor/swagger-ui/swagger-ui-bundle.js"));
    let bundle = app.get("/static/vendor/swagger-ui/swagger-ui-bundle.js", None).await;
    assert_eq!(bundle.status, StatusCode::OK);
    assert!(bundle.body.len() > 100_000, "the docs UI is served from the binary, not a CDN");
}
