//! What trying Kinerja as its users and as an attacker found (issue 15),
//! each as the test that failed before its fix: numbers as Indonesians type
//! them, errors that reach the field, values that are implausible or
//! cleared by accident, empty lines at submission, amounts too large to add
//! up, uploads too large to read, panics, and the response headers.

use crate::realisation::{base, calendar, current_quarter, post, redirected, save, stored_actual, today};
use crate::support::{Fixture, TestApp, TestResponse, fixture, multipart, request};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use domain::access::Role;
use domain::realisation::Subject;
use rust_decimal::Decimal;
use std::str::FromStr;

fn d(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

fn key(f: &Fixture) -> String {
    Subject::Indicator(f.indicator).key()
}

/// A save of the fixture's line with the given extra fields, as htmx sends it.
async fn htmx_save(app: &TestApp, f: &Fixture, cookie: &str, fields: &[(&str, &str)]) -> TestResponse {
    let subject = key(f);
    let year = today().year().to_string();
    let quarter = current_quarter().number().to_string();
    let mut form = vec![("tahun", year.as_str()), ("tw", quarter.as_str()), ("subject", subject.as_str())];
    form.extend_from_slice(fields);
    let mut request = request("POST", &base(f, "/isian"), Some(cookie), Some(&form));
    request.headers_mut().insert("hx-request", "true".parse().unwrap());
    app.send(request).await
}

#[tokio::test]
async fn numbers_are_read_and_shown_in_the_users_language() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    calendar(&app, &f, true).await;
    let operator = app.session_for(f.user(Role::OpdOperator)).await;

    // 2.500 is two and a half thousand to an Indonesian and two and a half to
    // an English reader: refused with both readings, never stored as 2.5.
    let ambiguous = save(&app, &f, &operator, "2.500", "0").await;
    assert_eq!(ambiguous.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(ambiguous.body.contains("2500") && ambiguous.body.contains("2,5"), "{}", ambiguous.body);
    assert!(ambiguous.body.contains(&format!("id=\"actual-{}-error\"", key(&f))), "beside the field");
    assert!(ambiguous.body.contains("value=\"2.500\""), "what was typed stays in the field");
    assert!(app.store.latest_report(f.tenant, f.opd, today().year(), current_quarter()).await.unwrap().is_none());

    // 70,35 is stored exactly and shown back as 70,35, in the field too.
    redirected(&save(&app, &f, &operator, "70,35", "0").await);
    assert_eq!(stored_actual(&app, &f).await, (Some(d("70.35")), 1));
    let query = format!("?tahun={}&tw={}", today().year(), current_quarter().number());
    let page = app.get(&base(&f, &query), Some(&operator)).await.body;
    assert!(page.contains("value=\"70,35\""), "the form shows 70,35, not 70.35");

    // The same user in English: 70.35 in the field, and 1,000,000 read as a million.
    let english = format!("{operator}; kinerja_bahasa=en");
    let page = app.get(&base(&f, &query), Some(&english)).await.body;
    assert!(page.contains("value=\"70.35\""));
    redirected(&save(&app, &f, &english, "99.5", "1").await);
    assert_eq!(stored_actual(&app, &f).await, (Some(d("99.5")), 2));
}

#[tokio::test]
async fn htmx_saves_answer_with_the_refreshed_card_or_its_errors_and_what_was_typed() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    calendar(&app, &f, true).await;
    let operator = app.session_for(f.user(Role::OpdOperator)).await;

    let saved = htmx_save(&app, &f, &operator, &[("revision", "0"), ("actual", "42,5"), ("achieved", "Naik")]).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert!(saved.body.trim_start().starts_with("<article"), "only the card: {}", saved.body);
    assert!(saved.body.contains("revisi 1"), "the saved status names the revision");
    assert!(saved.body.contains("42,50"), "the card's figures are refreshed");
    assert!(saved.body.contains("name=\"revision\" id=\"rev-") && saved.body.contains("value=\"1\""));

    // Letters and a narrative of 10 000 characters: 422, each error beside its field, nothing lost.
    let long = "catatan ".repeat(1250);
    let refused =
        htmx_save(&app, &f, &operator, &[("revision", "1"), ("actual", "empat puluh"), ("achieved", &long)]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains(&format!("id=\"actual-{}-error\"", key(&f))));
    assert!(refused.body.contains(&format!("id=\"achieved-{}-error\"", key(&f))));
    assert!(refused.body.contains("maksimal 4000 karakter"));
    assert!(refused.body.contains("value=\"empat puluh\"") && refused.body.contains(long.trim_end()));
    assert_eq!(stored_actual(&app, &f).await, (Some(d("42.5")), 1), "nothing half-written");

    // Markup typed into a narrative comes back as text.
    let markup = htmx_save(
        &app,
        &f,
        &operator,
        &[("revision", "1"), ("actual", "43"), ("achieved", "<script>alert(1)</script>")],
    )
    .await;
    assert_eq!(markup.status, StatusCode::OK);
    assert!(markup.body.contains("alert(1)") && !markup.body.contains("<script>alert"), "escaped as text");
}

#[tokio::test]
async fn clearing_a_saved_actual_is_an_explicit_act() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    calendar(&app, &f, true).await;
    let operator = app.session_for(f.user(Role::OpdOperator)).await;
    redirected(&save(&app, &f, &operator, "70", "0").await);

    let blank = save(&app, &f, &operator, "", "1").await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(blank.body.contains("Kosongkan realisasi"), "{}", blank.body);
    assert_eq!(stored_actual(&app, &f).await, (Some(d("70")), 1), "a blank field alone never erases");

    let cleared = htmx_save(&app, &f, &operator, &[("revision", "1"), ("actual", ""), ("clear_actual", "ya")]).await;
    assert_eq!(cleared.status, StatusCode::OK, "{}", cleared.body);
    assert_eq!(stored_actual(&app, &f).await, (None, 2));
}

#[tokio::test]
async fn implausible_values_need_a_confirmation_that_the_audit_log_keeps() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    calendar(&app, &f, true).await;
    let operator = app.session_for(f.user(Role::OpdOperator)).await;

    // The fixture's indicator is a percentage: -5 and 150 are outside 0–100.
    for value in ["-5", "150"] {
        let refused = htmx_save(&app, &f, &operator, &[("revision", "0"), ("actual", value)]).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{value}");
        assert!(refused.body.contains("rentang wajar") && refused.body.contains("name=\"confirm_implausible\""));
    }
    assert!(app.store.latest_report(f.tenant, f.opd, today().year(), current_quarter()).await.unwrap().is_none());
    let confirmed =
        htmx_save(&app, &f, &operator, &[("revision", "0"), ("actual", "150"), ("confirm_implausible", "ya")]).await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.body);
    assert_eq!(stored_actual(&app, &f).await, (Some(d("150")), 1));
    let audit = app.store.audit_log(f.tenant, &store::AuditQuery::of(Default::default(), 1, 5)).await.unwrap();
    let entry = audit.items.iter().find(|e| e.entity == "realisation").unwrap();
    let after: serde_json::Value = serde_json::from_str(entry.after_value.as_deref().unwrap()).unwrap();
    assert_eq!(
        (after["confirmed_implausible"].as_bool(), after["actual_change"].as_str()),
        (Some(true), Some("set_implausible"))
    );
}

#[tokio::test]
async fn a_report_with_empty_lines_is_submitted_only_when_confirmed_and_the_verifier_sees_them() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    calendar(&app, &f, true).await;
    // A second indicator on the same sasaran, left empty.
    let input = domain::planning::IndicatorInput {
        name: "Persentase desa UCI".into(),
        unit: "%".into(),
        polarity: "higher".into(),
        value_kind: "percent".into(),
        aggregation: "last".into(),
        targets: vec![(today().year(), "90".into())],
        ..Default::default()
    };
    let period = domain::planning::Period { start: 2025, end: 2029 };
    let draft = domain::planning::IndicatorDraft::parse(&input, period, domain::Locale::Id).unwrap();
    let actor = store::Actor::system("test");
    app.store.add_indicator(f.tenant, &actor, f.renstra, f.renstra_sasaran, &draft).await.unwrap();
    let operator = app.session_for(f.user(Role::OpdOperator)).await;
    let verifier = app.session_for(f.user(Role::Verifier)).await;
    redirected(&save(&app, &f, &operator, "80", "0").await);

    let lines = app.store.report_lines(f.tenant, f.opd, today().year()).await.unwrap().len();
    let asked = post(&app, &base(&f, "/ajukan"), &operator, &[]).await;
    assert_eq!(asked.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(asked.body.contains("id=\"empty-lines\"") && asked.body.contains("Persentase desa UCI"), "{}", asked.body);
    assert!(asked.body.contains("id=\"confirm_empty-error\""));
    redirected(&post(&app, &base(&f, "/ajukan"), &operator, &[("confirm_empty", "ya")]).await);

    let query = format!("?tahun={}&tw={}", today().year(), current_quarter().number());
    let seen = app.get(&base(&f, &query), Some(&verifier)).await.body;
    let counted = format!("{} dari {lines} indikator belum diisi", lines - 1);
    assert!(seen.contains("id=\"empty-lines\"") && seen.contains(&counted), "{seen}");
    assert!(seen.contains("Belum diisi"), "the empty line is marked");
    let audit = app.store.audit_log(f.tenant, &store::AuditQuery::of(Default::default(), 1, 5)).await.unwrap();
    let submitted = audit.items.iter().find(|e| e.action == "submit").unwrap();
    let empty = format!("\"empty_lines\":{}", lines - 1);
    assert!(submitted.after_value.as_deref().unwrap().contains(&empty));
}

/// A sub-kegiatan with a DPA pagu, so that budget spent can be entered.
async fn with_budget(app: &TestApp, f: &Fixture) -> i64 {
    use domain::planning::{ElementDraft, PlanKind};
    let actor = store::Actor::system("test");
    let mut last = 0;
    for (kind, code, parent) in
        [("kegiatan", "1.02.02.2.01", "1.02.02"), ("sub_kegiatan", "1.02.02.2.01.0001", "1.02.02.2.01")]
    {
        let draft = ElementDraft::parse(PlanKind::Renstra, kind, code, &format!("Uraian {code}"), parent).unwrap();
        last = app.store.add_element(f.tenant, &actor, f.renstra, &draft).await.unwrap();
    }
    let entry =
        store::RenjaEntry { opd: f.opd, year: today().year(), element: last, pagu: d("1000000"), pagu_perubahan: None };
    app.store.set_renja(f.tenant, &actor, &entry).await.unwrap();
    last
}

#[tokio::test]
async fn amounts_too_large_are_refused_and_stored_ones_never_break_the_page() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    calendar(&app, &f, true).await;
    with_budget(&app, &f).await;
    let operator = app.session_for(f.user(Role::OpdOperator)).await;
    let verifier = app.session_for(f.user(Role::Verifier)).await;
    let huge = "50000000000000000000000000000";
    let refused =
        post(&app, &base(&f, "/anggaran"), &operator, &[("code", "1.02.02.2.01.0001"), ("spent", huge)]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("id=\"spent-1.02.02.2.01.0001-error\"") && refused.body.contains("di luar rentang"));
    assert!(refused.body.contains(&format!("value=\"{huge}\"")), "what was typed stays");

    // Amounts stored before the range was checked (two of 5×10^28 overflow a sum): the page still opens.
    redirected(
        &post(&app, &base(&f, "/anggaran"), &operator, &[("code", "1.02.02.2.01.0001"), ("spent", "1000")]).await,
    );
    let report = app.store.latest_report(f.tenant, f.opd, today().year(), current_quarter()).await.unwrap().unwrap();
    for code in ["1.02.02.2.01.0002", "1.02.02.2.01.0003"] {
        let sql = format!(
            "INSERT INTO budget_realisation (report_id, tenant_id, code, spent, updated_at)
             VALUES ({}, {}, '{code}', '50000000000000000000000000000', '2026-01-01T00:00:00Z')",
            report.id, f.tenant.0
        );
        app.store.execute_unchecked(&sql).await.unwrap();
    }
    let query = format!("?tahun={}&tw={}", today().year(), current_quarter().number());
    for cookie in [&operator, &verifier] {
        let page = app.get(&base(&f, &query), Some(cookie)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    }
}

#[tokio::test]
async fn a_workbook_with_a_cell_at_the_end_of_excel_is_a_422_naming_the_limit() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    calendar(&app, &f, true).await;
    let operator = app.session_for(f.user(Role::OpdOperator)).await;
    let cells = r#"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#;
    let sheet = docs::testing::sheet_xml("A1", cells);
    let bomb = docs::testing::raw_workbook_named("Realisasi", &sheet, &[]);
    let query = format!("?tahun={}&tw={}", today().year(), current_quarter().number());
    let refused = app.send(multipart(&base(&f, &format!("/impor{query}")), Some(&operator), "isi.xlsx", &bomb)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("melebihi batas 100.000 baris"), "{}", refused.body);
    // The plan import shares the reader.
    let admin = app.session_for(f.user(Role::PemdaAdmin)).await;
    let bomb = docs::testing::raw_workbook_named("Rencana", &sheet, &[]);
    let plan =
        app.send(multipart(&format!("/pemda/16.03/rencana/{}/impor", f.rpjmd), Some(&admin), "r.xlsx", &bomb)).await;
    assert_eq!(plan.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(plan.body.contains("melebihi batas 100.000 baris"));
}

#[tokio::test]
async fn an_oversized_upload_is_a_413_that_names_the_limit() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    calendar(&app, &f, true).await;
    let operator = app.session_for(f.user(Role::OpdOperator)).await;
    let query = format!("?tahun={}&tw={}&subject={}", today().year(), current_quarter().number(), key(&f));
    let big = vec![b'x'; 12 * 1024 * 1024];
    let response = app.send(multipart(&base(&f, &format!("/bukti{query}")), Some(&operator), "besar.pdf", &big)).await;
    assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(response.body.contains("10 MB"), "{}", response.body);
    // A form over 2 MB too: 413, not 400 "malformed form".
    let long = "x".repeat(3 * 1024 * 1024);
    let form = post(&app, &base(&f, "/isian"), &operator, &[("subject", &key(&f)), ("achieved", &long)]).await;
    assert_eq!(form.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::new().await;
    fixture(&app).await;
    for path in ["/masuk", "/static/app.css", "/tidak-ada", "/api/openapi.json"] {
        let response = app.get(path, None).await;
        let csp = response.headers.get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or_default();
        assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}");
        assert_eq!(response.headers.get("x-frame-options").unwrap(), "DENY", "{path}");
        assert_eq!(response.headers.get("referrer-policy").unwrap(), "same-origin", "{path}");
        assert_eq!(response.headers.get("x-content-type-options").unwrap(), "nosniff", "{path}");
    }
}

#[tokio::test]
async fn metrics_can_be_limited_to_a_token() {
    let config = web::WebConfig {
        metrics: web::MetricsAccess { networks: Vec::new(), token: Some("rahasia-metrik".into()) },
        ..crate::support::test_config()
    };
    let app = TestApp::with_config(config).await;
    assert_eq!(app.get("/metrics", None).await.status, StatusCode::FORBIDDEN);
    let mut scrape = Request::builder().uri("/metrics").header(header::AUTHORIZATION, "Bearer rahasia-metrik");
    scrape = scrape.method("GET");
    let response = app.send(scrape.body(Body::empty()).unwrap()).await;
    assert_eq!(response.status, StatusCode::OK);
    assert!(response.body.contains("kinerja_http_requests_total"));
    // Open by default, as before.
    let open = TestApp::new().await;
    assert_eq!(open.get("/metrics", None).await.status, StatusCode::OK);
}
