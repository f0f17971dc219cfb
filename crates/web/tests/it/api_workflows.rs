//! The PK and realisation workflows through the JSON API, each done half
//! through the API and half through the pages: both call the same use
//! cases, so what one side does the other sees and continues.

use crate::realisation::{base, calendar, current_quarter, redirected, save, status, stored_actual, today};
use crate::support::{Fixture, PASSWORD, TestApp, fixture};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use domain::access::Role;
use domain::pk::PkStatus;
use domain::realisation::ReportStatus;
use http_body_util::BodyExt;
use rust_decimal::Decimal;
use serde_json::{Value, json};
use tower::ServiceExt;

fn pk_path(f: &Fixture, rest: &str) -> String {
    format!("/api/v1/tenants/16.03/pk/{}{rest}", f.pk)
}

fn row_body(indicator: &str, quarters: [&str; 4]) -> Value {
    json!({
        "goal": "Meningkatnya mutu pelayanan kesehatan",
        "indicator": indicator,
        "unit": "%",
        "value_kind": "percent",
        "polarity": "higher",
        "aggregation": "last",
        "target": quarters[3],
        "quarters": quarters,
    })
}

/// Status, content type and bytes of a GET with a bearer token.
async fn fetch_bytes(app: &TestApp, path: &str, token: &str) -> (StatusCode, String, Vec<u8>) {
    let request = Request::get(path).header(header::AUTHORIZATION, format!("Bearer {token}")).body(Body::empty());
    let response = app.router.clone().oneshot(request.expect("request")).await.expect("response");
    let status = response.status();
    let kind = response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    (status, kind, response.into_body().collect().await.expect("body").to_bytes().to_vec())
}

#[tokio::test]
async fn a_pk_drafted_through_the_api_is_approved_on_the_page_and_signed_in_the_browser() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let operator = app.token_for(f.user(Role::OpdOperator)).await;
    let verifier = app.token_for(f.user(Role::Verifier)).await;
    let official = app.token_for(f.user(Role::Official)).await;
    let viewer = app.token_for(f.user(Role::Viewer)).await;

    let list = app.api("GET", "/api/v1/tenants/16.03/pk?year=2026&unsigned=true", Some(&operator), None).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert!(list.json()["items"].as_array().unwrap().iter().any(|s| s["version_id"] == f.pk && s["status"] == "draft"));

    // Numbers are machine text: `2.500` is two and a half, a locale's `2,5` is refused beside its field.
    let refused = app
        .api("POST", &pk_path(&f, "/rows"), Some(&operator), Some(row_body("Cakupan rujukan", ["2,5", "", "", ""])))
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert_eq!(refused.json()["fields"][0]["field"], "q1");
    let added = app
        .api(
            "POST",
            &pk_path(&f, "/rows"),
            Some(&operator),
            Some(row_body("Cakupan rujukan", ["2.500", "40", "60", "80"])),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    let rows = added.json()["rows"].as_array().unwrap().clone();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1]["quarters"], json!(["2.5", "40", "60", "80"]));
    assert_eq!(rows[1]["target"], "80");
    // A viewer reads but does not draft, and is told so before its input is judged.
    let forbidden = app.api("POST", &pk_path(&f, "/submit"), Some(&viewer), None).await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    let bad_row = row_body("Cakupan rujukan", ["1e9", "", "", ""]);
    let forbidden = app.api("POST", &pk_path(&f, "/rows"), Some(&viewer), Some(bad_row)).await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN, "{}", forbidden.body);

    let submitted = app.api("POST", &pk_path(&f, "/submit"), Some(&operator), None).await;
    assert_eq!(submitted.json()["status"], "submitted", "{}", submitted.body);
    // The page sees the API's submission and approves it.
    let verifier_page = app.session_for(f.user(Role::Verifier)).await;
    redirected(&app.post_form(&format!("/pemda/16.03/pk/{}/setujui", f.pk), Some(&verifier_page), &[]).await);
    let read = app.api("GET", &pk_path(&f, ""), Some(&verifier), None).await.json();
    assert_eq!(read["status"], "approved");
    assert_eq!(read["first"]["official_id"], f.official);

    // Waiting for the first party's signature: the official's list says so, the verifier's does not.
    let mine = app.api("GET", "/api/v1/tenants/16.03/pk?year=2026&waiting_for_me=true", Some(&official), None).await;
    assert_eq!(mine.json()["items"].as_array().unwrap().len(), 1, "{}", mine.body);
    let theirs = app.api("GET", "/api/v1/tenants/16.03/pk?year=2026&waiting_for_me=true", Some(&verifier), None).await;
    assert_eq!(theirs.json()["items"], json!([]));

    // Signing is the browser's: the first party signs on the page.
    let first = app.session_for(f.user(Role::Official)).await;
    redirected(
        &app.post_form(&format!("/pemda/16.03/pk/{}/tandatangani", f.pk), Some(&first), &[("sandi", PASSWORD)]).await,
    );
    let signed = app.api("GET", &pk_path(&f, ""), Some(&official), None).await.json();
    assert_eq!(signed["status"], "signed_first");
    rfc3339(&signed["signatures"][0]["signed_at"]);
    let (status, kind, pdf) = fetch_bytes(&app, &pk_path(&f, "/pdf"), &official).await;
    assert_eq!((status, kind.as_str()), (StatusCode::OK, "application/pdf"));
    assert!(pdf.starts_with(b"%PDF"));

    // Returned only before anyone signed; revoked only once in force: both refused now, nothing changes.
    let late_return =
        app.api("POST", &pk_path(&f, "/return"), Some(&verifier), Some(json!({ "note": "Terlambat" }))).await;
    assert_eq!(late_return.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", late_return.body);
    assert_eq!(app.store.pk_version(f.tenant, f.pk).await.unwrap().header.status, PkStatus::SignedFirst);
}

#[tokio::test]
async fn an_amendment_through_the_api_starts_a_new_version_the_page_shows() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let operator = app.token_for(f.user(Role::OpdOperator)).await;
    let verifier = app.token_for(f.user(Role::Verifier)).await;
    for (token, step) in [(&operator, "/submit"), (&verifier, "/approve")] {
        let answer = app.api("POST", &pk_path(&f, step), Some(token), None).await;
        assert_eq!(answer.status, StatusCode::OK, "{step}: {}", answer.body);
    }
    let not_yet =
        app.api("POST", &pk_path(&f, "/amend"), Some(&operator), Some(json!({ "reason": "budget_changed" }))).await;
    assert_eq!(not_yet.status, StatusCode::UNPROCESSABLE_ENTITY, "only a PK in force is amended");
    // The two parties sign in the browser.
    let sign = format!("/pemda/16.03/pk/{}/tandatangani", f.pk);
    let first = app.session_for(f.user(Role::Official)).await;
    redirected(&app.post_form(&sign, Some(&first), &[("sandi", PASSWORD)]).await);
    let head = crate::pk::account_for(&app, &f, "kadis.dinkes", "197505052000032002").await;
    redirected(&app.post_form(&sign, Some(&head), &[("sandi", PASSWORD)]).await);
    assert_eq!(app.store.pk_version(f.tenant, f.pk).await.unwrap().header.status, PkStatus::InForce);

    let unknown = app.api("POST", &pk_path(&f, "/amend"), Some(&operator), Some(json!({ "reason": "bosan" }))).await;
    assert_eq!(unknown.json()["fields"][0]["field"], "alasan");
    let amended = app
        .api(
            "POST",
            &pk_path(&f, "/amend"),
            Some(&operator),
            Some(json!({ "reason": "budget_changed", "note": "APBD-P" })),
        )
        .await;
    assert_eq!(amended.status, StatusCode::CREATED, "{}", amended.body);
    let new = amended.json();
    assert_eq!((new["number"].as_i64(), new["status"].as_str()), (Some(2), Some("draft")));
    assert_eq!(new["amendment_reason"], "budget_changed");
    let page = app
        .get(&format!("/pemda/16.03/pk/{}", new["id"]), Some(&app.session_for(f.user(Role::OpdOperator)).await))
        .await;
    assert!(page.body.contains("APBD-P"), "the page shows the API's amendment");
}

fn entry(f: &Fixture, revision: i64, actual: &str) -> Value {
    json!({
        "year": today().year(),
        "quarter": current_quarter().number(),
        "subject": format!("I{}", f.indicator),
        "revision": revision,
        "actual": actual,
        "achieved": "Imunisasi di 22 puskesmas",
    })
}

fn report_path(f: &Fixture, rest: &str) -> String {
    format!("/api/v1/tenants/16.03/realisation/opds/{}{rest}", f.opd)
}

fn period_query() -> String {
    format!("?year={}&quarter={}", today().year(), current_quarter().number())
}

#[tokio::test]
async fn a_quarter_entered_through_the_api_is_submitted_on_the_page_and_approved_through_the_api() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    calendar(&app, &f, true).await;
    let operator = app.token_for(f.user(Role::OpdOperator)).await;
    let verifier = app.token_for(f.user(Role::Verifier)).await;

    let report = app.api("GET", &report_path(&f, &period_query()), Some(&operator), None).await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.body);
    let report = report.json();
    assert_eq!((report["may"]["edit"].as_bool(), report["period"]["state"].as_str()), (Some(true), Some("open")));
    let subject = format!("I{}", f.indicator);
    assert!(
        report["lines"].as_array().unwrap().iter().any(|l| l["subject"] == subject.as_str() && l["entry"].is_null())
    );

    let saved = app.api("PUT", &report_path(&f, "/entries"), Some(&operator), Some(entry(&f, 0, "12.5"))).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert_eq!((saved.json()["actual"].as_str(), saved.json()["revision"].as_i64()), (Some("12.5"), Some(1)));
    rfc3339(&saved.json()["updated_at"]);
    // The page's form still shows revision 0: its save is refused as stale, by the same rule.
    let page = app.session_for(f.user(Role::OpdOperator)).await;
    assert_eq!(save(&app, &f, &page, "99", "0").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    // And so is the API's own stale save: 409 with what is stored now.
    let stale = app.api("PUT", &report_path(&f, "/entries"), Some(&operator), Some(entry(&f, 0, "13"))).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    assert_eq!(stale.json()["current"]["actual"], "12.5");
    assert_eq!(stale.json()["current"]["revision"], 1);
    let local = app.api("PUT", &report_path(&f, "/entries"), Some(&operator), Some(entry(&f, 1, "12,5"))).await;
    assert_eq!(local.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(local.json()["fields"][0]["field"], "actual");
    assert_eq!(stored_actual(&app, &f).await, (Some(Decimal::new(125, 1)), 1));

    // The page submits what the API entered; the verifier approves through the API.
    redirected(&crate::realisation::post(&app, &base(&f, "/ajukan"), &page, &[("confirm_empty", "1")]).await);
    assert_eq!(status(&app, &f).await.map(|(s, _)| s), Some(ReportStatus::Submitted));
    let approve = json!({ "year": today().year(), "quarter": current_quarter().number() });
    let by_operator = app.api("POST", &report_path(&f, "/approve"), Some(&operator), Some(approve.clone())).await;
    assert_eq!(by_operator.status, StatusCode::FORBIDDEN, "an OPD does not approve its own report");
    let approved = app.api("POST", &report_path(&f, "/approve"), Some(&verifier), Some(approve)).await;
    assert_eq!(approved.json()["report"]["status"], "approved", "{}", approved.body);
    rfc3339(&approved.json()["report"]["submitted_at"]);

    let compliance =
        app.api("GET", &format!("/api/v1/tenants/16.03/realisation{}", period_query()), Some(&verifier), None).await;
    let row = compliance.json()["opds"].as_array().unwrap().iter().find(|o| o["opd_id"] == f.opd).cloned().unwrap();
    assert_eq!((row["reported"].as_bool(), row["status"].as_str()), (Some(true), Some("approved")));
    let figures = app
        .api("GET", &format!("/api/v1/tenants/16.03/capaian/opds/{}{}", f.opd, period_query()), Some(&verifier), None)
        .await;
    assert_eq!(figures.status, StatusCode::OK, "{}", figures.body);
    let standing =
        figures.json()["indicators"].as_array().unwrap().iter().find(|s| s["indicator_id"] == f.indicator).cloned();
    assert_eq!(standing.map(|s| s["actual"].clone()), Some(json!("12.5")), "the approved actual counts for capaian");
    let indicator = app
        .api(
            "GET",
            &format!("/api/v1/tenants/16.03/capaian/indicators/{}{}", f.indicator, period_query()),
            Some(&verifier),
            None,
        )
        .await
        .json();
    assert!(indicator["history"].as_array().unwrap().iter().any(|h| h["actual"] == "12.5"));
}

#[tokio::test]
async fn a_delivery_saves_the_whole_quarter_or_nothing_and_names_each_item_at_fault() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    calendar(&app, &f, true).await;
    let operator = app.token_for(f.user(Role::OpdOperator)).await;
    let subject = format!("I{}", f.indicator);
    let delivery = |entries: Value| json!({ "year": today().year(), "quarter": current_quarter().number(), "entries": entries, "spent": [] });

    let faulty = delivery(json!([
        { "subject": subject, "actual": "30", "obstacles": "Hujan" },
        { "subject": "I999999", "actual": "1" },
        { "subject": subject, "actual": "dua" },
    ]));
    let refused = app.api("POST", &report_path(&f, "/delivery"), Some(&operator), Some(faulty)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    let fields: Vec<String> =
        refused.json()["fields"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_owned()).collect();
    assert_eq!(fields, ["entries[2].actual"], "the unparsable item is named first, before anything is looked up");
    let unknown = delivery(json!([{ "subject": subject, "actual": "30" }, { "subject": "I999999", "actual": "1" }]));
    let refused = app.api("POST", &report_path(&f, "/delivery"), Some(&operator), Some(unknown)).await;
    assert_eq!(refused.json()["fields"][0]["field"], "entries[1].subject", "{}", refused.body);
    let twice = delivery(json!([{ "subject": subject, "actual": "30" }, { "subject": subject, "actual": "31" }]));
    let refused = app.api("POST", &report_path(&f, "/delivery"), Some(&operator), Some(twice)).await;
    assert_eq!(refused.json()["fields"][0]["field"], "entries[1].subject");
    assert!(status(&app, &f).await.is_none(), "nothing of a refused delivery was written");

    let good = delivery(json!([{ "subject": subject, "actual": "30", "follow_up": "Sweeping" }]));
    let saved = app.api("POST", &report_path(&f, "/delivery"), Some(&operator), Some(good)).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert_eq!(stored_actual(&app, &f).await.0, Some(Decimal::from(30)));
    let line =
        saved.json()["lines"].as_array().unwrap().iter().find(|l| l["subject"] == subject.as_str()).cloned().unwrap();
    assert_eq!(line["entry"]["follow_up"], "Sweeping");
}

#[tokio::test]
async fn evidence_sent_through_the_api_is_judged_by_its_content_and_served_back() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    calendar(&app, &f, true).await;
    let operator = app.token_for(f.user(Role::OpdOperator)).await;
    let path = format!(
        "{}?year={}&quarter={}&subject=I{}&name=laporan.pdf",
        report_path(&f, "/evidence"),
        today().year(),
        current_quarter().number(),
        f.indicator
    );
    let upload = |bytes: Vec<u8>| {
        Request::post(path.as_str())
            .header(header::AUTHORIZATION, format!("Bearer {operator}"))
            .header(header::CONTENT_TYPE, "application/octet-stream")
            .body(Body::from(bytes))
            .expect("request")
    };
    let fake = app.send(upload(b"MZ not a pdf at all".to_vec())).await;
    assert_eq!(fake.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", fake.body);
    assert_eq!(fake.json()["fields"][0]["field"], "file");
    let pdf = docs::testing::sample_pdf();
    let stored = app.send(upload(pdf.clone())).await;
    assert_eq!(stored.status, StatusCode::CREATED, "{}", stored.body);
    let file = stored.json();
    assert_eq!(file["kind"], "pdf");
    rfc3339(&file["created_at"]);
    let (status, kind, bytes) = fetch_bytes(&app, file["url"].as_str().unwrap(), &operator).await;
    assert_eq!((status, kind.as_str(), bytes == pdf), (StatusCode::OK, "application/pdf", true));

    let delete = format!("{}/{}{}", report_path(&f, "/evidence"), file["id"], period_query());
    assert_eq!(app.api("DELETE", &delete, Some(&operator), None).await.status, StatusCode::NO_CONTENT);
    assert_eq!(fetch_bytes(&app, file["url"].as_str().unwrap(), &operator).await.0, StatusCode::NOT_FOUND);
}

/// Times in the API are RFC 3339, as its document says (`format: date-time`),
/// never the `time` crate's display form.
fn rfc3339(value: &serde_json::Value) {
    let text = value.as_str().unwrap_or_default();
    let parsed = time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339);
    assert!(parsed.is_ok(), "not an RFC 3339 time: {value}");
}
