//! Quarterly realisation through the pages: entry with evidence, the
//! verification workflow, frozen approved values and corrections, locks at
//! close and reopening, the workbook, and the figures that follow.

use crate::support::{Fixture, TestApp, TestResponse, fixture, multipart, pdf_text};
use axum::http::StatusCode;
use domain::access::Role;
use domain::capaian::Quarter;
use domain::realisation::{Entry, Narrative, ReportStatus, Subject, Window};
use rust_decimal::Decimal;
use store::Actor;
use time::{Duration, OffsetDateTime};

pub(crate) fn today() -> time::Date {
    // The server's "today" is in WIB; a day either side keeps the tests off the date line.
    OffsetDateTime::now_utc().to_offset(time::UtcOffset::from_hms(7, 0, 0).unwrap()).date()
}

pub(crate) fn current_quarter() -> Quarter {
    Quarter::new(i64::from((u8::from(today().month()) - 1) / 3 + 1)).unwrap()
}

/// Sets the current quarter's window around today (open) or ending yesterday (closed).
pub(crate) async fn calendar(app: &TestApp, f: &Fixture, open: bool) {
    let today = today();
    let closes = if open { today + Duration::days(10) } else { today - Duration::days(1) };
    let window = Window::new(current_quarter(), today - Duration::days(20), closes).unwrap();
    app.store.set_reporting_calendar(f.tenant, &Actor::system("test"), today.year(), &[window]).await.unwrap();
}

pub(crate) fn base(f: &Fixture, rest: &str) -> String {
    format!("/pemda/16.03/realisasi/opd/{}{rest}", f.opd)
}

pub(crate) fn period() -> Vec<(&'static str, String)> {
    vec![("tahun", today().year().to_string()), ("tw", current_quarter().number().to_string())]
}

pub(crate) async fn post(app: &TestApp, path: &str, cookie: &str, extra: &[(&'static str, &str)]) -> TestResponse {
    let mut form: Vec<(&str, String)> = period();
    form.extend(extra.iter().map(|(k, v)| (*k, (*v).to_owned())));
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.post_form(path, Some(cookie), &pairs).await
}

pub(crate) async fn save(app: &TestApp, f: &Fixture, cookie: &str, actual: &str, revision: &str) -> TestResponse {
    let subject = Subject::Indicator(f.indicator).key();
    let fields = [
        ("subject", subject.as_str()),
        ("revision", revision),
        ("actual", actual),
        ("achieved", "Imunisasi di 22 puskesmas"),
        ("obstacles", "Vaksin terlambat"),
        ("follow_up", "Koordinasi dengan provinsi"),
    ];
    post(app, &base(f, "/isian"), cookie, &fields).await
}

pub(crate) async fn status(app: &TestApp, f: &Fixture) -> Option<(ReportStatus, i32)> {
    let report = app.store.latest_report(f.tenant, f.opd, today().year(), current_quarter()).await.unwrap();
    report.map(|r| (r.status, r.version))
}

pub(crate) async fn stored_actual(app: &TestApp, f: &Fixture) -> (Option<Decimal>, i64) {
    let report = app.store.latest_report(f.tenant, f.opd, today().year(), current_quarter()).await.unwrap().unwrap();
    let entries = app.store.report_entries(f.tenant, report.id).await.unwrap();
    let entry = entries.into_iter().find(|e| e.subject == Subject::Indicator(f.indicator)).unwrap();
    (entry.entry.actual, entry.revision)
}

pub(crate) fn redirected(response: &TestResponse) {
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
}

#[tokio::test]
async fn a_report_goes_through_verification_and_approved_values_freeze() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    calendar(&app, &f, true).await;
    let operator = app.session_for(f.user(Role::OpdOperator)).await;
    let verifier = app.session_for(f.user(Role::Verifier)).await;

    redirected(&save(&app, &f, &operator, "12,5", "0").await);
    assert_eq!(stored_actual(&app, &f).await, (Some(Decimal::new(125, 1)), 1));
    // A save over a revision someone else already replaced is refused, and nothing is lost.
    let stale = save(&app, &f, &operator, "99", "0").await;
    assert_eq!(stale.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(stale.body.contains("sudah diubah orang lain"), "{}", stale.body);
    assert_eq!(stored_actual(&app, &f).await, (Some(Decimal::new(125, 1)), 1));
    // Not a number: refused with the typed value kept.
    let bad = save(&app, &f, &operator, "dua belas", "1").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("dua belas"));

    // Evidence: the type is judged by content, not by name.
    let query = format!("?tahun={}&tw={}&subject=I{}", today().year(), current_quarter().number(), f.indicator);
    let evidence = docs::testing::sample_pdf();
    let pdf = app.send(multipart(&base(&f, &format!("/bukti{query}")), Some(&operator), "foto.pdf", &evidence)).await;
    redirected(&pdf);
    let fake =
        app.send(multipart(&base(&f, &format!("/bukti{query}")), Some(&operator), "bukti.pdf", b"MZ not a pdf")).await;
    assert_eq!(fake.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The magic bytes of a PDF in front of something else are not a PDF either.
    let magic = app
        .send(multipart(&base(&f, &format!("/bukti{query}")), Some(&operator), "b.pdf", b"%PDF-1.4 MZ\x90\x00\n%%EOF"))
        .await;
    assert_eq!(magic.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(magic.body.contains("id=\"file-I"), "the error sits beside the line's file field");
    assert!(
        magic.body.contains("name=\"actual\" inputmode=\"decimal\" value=\"12,5\""),
        "the saved entry stays in the form"
    );
    let report = app.store.latest_report(f.tenant, f.opd, today().year(), current_quarter()).await.unwrap().unwrap();
    let files = app.store.report_evidence(f.tenant, report.id).await.unwrap();
    assert_eq!(files.len(), 1);
    let fetched = crate::support::download(&app, &format!("/pemda/16.03/bukti/{}", files[0].id), &verifier).await;
    assert_eq!(fetched, evidence, "served byte for byte");

    // Only the OPD's side submits; the verifier neither enters nor submits.
    assert_eq!(save(&app, &f, &verifier, "1", "1").await.status, StatusCode::FORBIDDEN);
    assert_eq!(post(&app, &base(&f, "/setujui"), &operator, &[]).await.status, StatusCode::FORBIDDEN);
    redirected(&post(&app, &base(&f, "/ajukan"), &operator, &[("confirm_empty", "ya")]).await);
    assert_eq!(status(&app, &f).await, Some((ReportStatus::Submitted, 1)));
    assert_eq!(save(&app, &f, &operator, "13", "1").await.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Returning needs a note; the operator fixes and submits again.
    assert_eq!(
        post(&app, &base(&f, "/kembalikan"), &verifier, &[("note", " ")]).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    redirected(&post(&app, &base(&f, "/kembalikan"), &verifier, &[("note", "Bukti kurang lengkap")]).await);
    assert_eq!(status(&app, &f).await, Some((ReportStatus::Returned, 1)));
    let page = app
        .get(&base(&f, &format!("?tahun={}&tw={}", today().year(), current_quarter().number())), Some(&operator))
        .await;
    assert!(page.body.contains("Bukti kurang lengkap"));
    redirected(&save(&app, &f, &operator, "14", "1").await);
    redirected(&post(&app, &base(&f, "/ajukan"), &operator, &[("confirm_empty", "ya")]).await);
    redirected(&post(&app, &base(&f, "/setujui"), &verifier, &[]).await);
    assert_eq!(status(&app, &f).await, Some((ReportStatus::Approved, 1)));

    // The approved actual reaches the engine's quarters.
    let history = app.store.indicator_history(f.tenant, f.indicator).await.unwrap();
    let quarter = history.iter().find(|h| h.year == today().year() && h.quarter == current_quarter()).unwrap();
    assert_eq!(quarter.actual, Some(Decimal::from(14)));

    // Approved values are frozen, in the pages and in the database.
    let frozen = save(&app, &f, &operator, "15", "2").await;
    assert_eq!(frozen.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(frozen.body.contains("dibekukan"), "{}", frozen.body);
    let tamper = app
        .store
        .execute_unchecked(&format!("UPDATE realisation SET actual = '99' WHERE report_id = {}", report.id))
        .await;
    assert!(tamper.is_err(), "the database must refuse to change approved values");
    assert!(
        app.store.execute_unchecked(&format!("DELETE FROM realisation_report WHERE id = {}", report.id)).await.is_err()
    );

    // A correction is a new version with a reason; the old one stays until the new one is approved.
    assert_eq!(
        post(&app, &base(&f, "/koreksi"), &operator, &[("note", "")]).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    redirected(&post(&app, &base(&f, "/koreksi"), &operator, &[("note", "Salah ketik realisasi")]).await);
    assert_eq!(status(&app, &f).await, Some((ReportStatus::Draft, 2)));
    assert_eq!(stored_actual(&app, &f).await, (Some(Decimal::from(14)), 1));
    redirected(&save(&app, &f, &operator, "16", "1").await);
    redirected(&post(&app, &base(&f, "/ajukan"), &operator, &[("confirm_empty", "ya")]).await);
    redirected(&post(&app, &base(&f, "/setujui"), &verifier, &[]).await);
    let reports = app.store.realisation_reports(f.tenant, today().year()).await.unwrap();
    let versions: Vec<(i32, ReportStatus)> = reports.iter().map(|r| (r.version, r.status)).collect();
    assert_eq!(versions, [(1, ReportStatus::Superseded), (2, ReportStatus::Approved)]);
    let history = app.store.indicator_history(f.tenant, f.indicator).await.unwrap();
    assert!(history.iter().any(|h| h.actual == Some(Decimal::from(16))));
    // The evidence came along into the correction.
    let latest = app.store.latest_report(f.tenant, f.opd, today().year(), current_quarter()).await.unwrap().unwrap();
    assert_eq!(app.store.report_evidence(f.tenant, latest.id).await.unwrap().len(), 1);

    // Dashboards and the quarterly report read the approved figures.
    let q = format!("tahun={}&tw={}", today().year(), current_quarter().number());
    let dashboard = app.get(&format!("/pemda/16.03/capaian?{q}"), Some(&verifier)).await;
    assert_eq!(dashboard.status, StatusCode::OK);
    assert!(dashboard.body.contains("data-chart"));
    let indicator = app.get(&format!("/pemda/16.03/capaian/indikator/{}", f.indicator), Some(&verifier)).await;
    assert!(indicator.body.contains("foto.pdf"), "{}", indicator.body);
    let pdf =
        crate::support::download(&app, &format!("/pemda/16.03/laporan-triwulan?{q}&opd={}", f.opd), &verifier).await;
    let text = pdf_text(&pdf);
    assert!(text.contains("LAPORAN CAPAIAN KINERJA"), "{text}");
    let xlsx =
        crate::support::download(&app, &format!("/pemda/16.03/laporan-triwulan?{q}&format=xlsx"), &verifier).await;
    assert!(xlsx.starts_with(b"PK"));

    // A Renstra re-import writes the indicators anew (new ids on PostgreSQL); their approved figures follow them.
    let plan = app.store.plan(f.tenant, f.renstra).await.unwrap();
    app.store.replace_plan_content(f.tenant, &Actor::system("test"), f.renstra, &plan.elements).await.unwrap();
    let mut followed = false;
    for line in app.store.report_lines(f.tenant, f.opd, today().year()).await.unwrap() {
        let Subject::Indicator(id) = line.subject else { continue };
        let history = app.store.indicator_history(f.tenant, id).await.unwrap();
        followed |= history
            .iter()
            .any(|h| h.year == today().year() && h.quarter == current_quarter() && h.actual == Some(Decimal::from(16)));
    }
    assert!(followed, "the approved actual follows its indicator through the re-import");
}

#[tokio::test]
async fn entries_lock_at_close_and_an_admin_reopens_one_opd() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    calendar(&app, &f, false).await;
    let operator = app.session_for(f.user(Role::OpdOperator)).await;
    let admin = app.session_for(f.user(Role::PemdaAdmin)).await;
    let closed = save(&app, &f, &operator, "10", "0").await;
    assert_eq!(closed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(closed.body.contains("tidak dibuka"), "{}", closed.body);

    let tomorrow = (today() + Duration::days(1)).to_string();
    let opd = f.opd.to_string();
    let path = "/pemda/16.03/realisasi/buka-kembali";
    let refused = post(&app, path, &admin, &[("opd", &opd), ("sampai", &tomorrow), ("alasan", "")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        post(&app, path, &operator, &[("opd", &opd), ("sampai", &tomorrow), ("alasan", "x")]).await.status,
        StatusCode::FORBIDDEN
    );
    redirected(
        &post(&app, path, &admin, &[("opd", &opd), ("sampai", &tomorrow), ("alasan", "Server kantor mati")]).await,
    );
    redirected(&save(&app, &f, &operator, "10", "0").await);
    redirected(&post(&app, &base(&f, "/ajukan"), &operator, &[("confirm_empty", "ya")]).await);
    let report = app.store.latest_report(f.tenant, f.opd, today().year(), current_quarter()).await.unwrap().unwrap();
    assert!(report.submitted_late, "a report sent after the closing date is late");
    let log = app
        .store
        .audit_log(
            f.tenant,
            &store::AuditQuery {
                action: Some("reopen".into()),
                page: 1,
                per_page: 50,
                entity: None,
                actor: None,
                from: None,
                until: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(log.items.len(), 1);
    let overview = app
        .get(
            &format!("/pemda/16.03/realisasi?tahun={}&tw={}", today().year(), current_quarter().number()),
            Some(&admin),
        )
        .await;
    assert!(overview.body.contains("Server kantor mati"));
    assert!(overview.body.contains("Terlambat"));
}

#[tokio::test]
async fn the_workbook_saves_all_of_it_or_nothing() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    calendar(&app, &f, true).await;
    let operator = app.session_for(f.user(Role::OpdOperator)).await;
    let q = format!("?tahun={}&tw={}", today().year(), current_quarter().number());
    let template = crate::support::download(&app, &base(&f, &format!("/templat{q}")), &operator).await;
    assert!(template.starts_with(b"PK"));
    let opd = app.store.opd(f.tenant, domain::OpdId(f.opd)).await.unwrap();
    let entry = Entry {
        actual: Some(Decimal::new(775, 1)),
        narrative: Narrative { achieved: "Naik".into(), ..Default::default() },
    };
    let line = |subject| docs::realisation_workbook::TemplateLine {
        subject,
        element: "SD1",
        indicator: "x",
        unit: "%",
        target: None,
        entry: Some(&entry),
    };
    let quarter = current_quarter().to_string();
    let bad = docs::realisation_workbook::write_realisation(
        &opd.name,
        today().year(),
        &quarter,
        &[line(Subject::Indicator(f.indicator)), line(Subject::Indicator(999_999))],
        &[],
    )
    .unwrap();
    let refused = app.send(multipart(&base(&f, &format!("/impor{q}")), Some(&operator), "isi.xlsx", &bad)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(app.store.latest_report(f.tenant, f.opd, today().year(), current_quarter()).await.unwrap().is_none());
    let good = docs::realisation_workbook::write_realisation(
        &opd.name,
        today().year(),
        &quarter,
        &[line(Subject::Indicator(f.indicator))],
        &[],
    )
    .unwrap();
    redirected(&app.send(multipart(&base(&f, &format!("/impor{q}")), Some(&operator), "isi.xlsx", &good)).await);
    assert_eq!(stored_actual(&app, &f).await.0, Some(Decimal::new(775, 1)));
}

/// Evidence in an S3-compatible store: the check script starts one (moto) and
/// names it in `TEST_S3_ENDPOINT`; without it this test says so and passes.
#[tokio::test]
async fn evidence_goes_to_the_s3_store_when_one_is_configured() {
    let Ok(endpoint) = std::env::var("TEST_S3_ENDPOINT") else {
        eprintln!("TEST_S3_ENDPOINT not set: the S3 evidence store is not exercised");
        return;
    };
    let bucket = format!("bukti-{}", std::process::id());
    let created = reqwest::Client::new().put(format!("{endpoint}/{bucket}")).send().await.expect("create bucket");
    assert!(created.status().is_success(), "bucket: {}", created.status());
    let settings = store::S3Settings {
        endpoint,
        bucket,
        region: "us-east-1".into(),
        access_key: "test".into(),
        secret_key: "test".into(),
    };
    let config =
        web::WebConfig { evidence: store::EvidenceFiles::s3(&settings).unwrap(), ..crate::support::test_config() };
    let app = TestApp::with_config(config).await;
    let f = fixture(&app).await;
    calendar(&app, &f, true).await;
    let operator = app.session_for(f.user(Role::OpdOperator)).await;
    let query = format!("?tahun={}&tw={}&subject=I{}", today().year(), current_quarter().number(), f.indicator);
    let image = docs::testing::sample_png();
    redirected(&app.send(multipart(&base(&f, &format!("/bukti{query}")), Some(&operator), "foto.png", &image)).await);
    let report = app.store.latest_report(f.tenant, f.opd, today().year(), current_quarter()).await.unwrap().unwrap();
    let files = app.store.report_evidence(f.tenant, report.id).await.unwrap();
    assert_eq!(files[0].stored_in, "s3");
    assert!(app.store.evidence_content(f.tenant, &files[0].sha256).await.unwrap().is_none(), "nothing in the database");
    // Another instance with the same settings serves the same file.
    let fetched = crate::support::download(&app, &format!("/pemda/16.03/bukti/{}", files[0].id), &operator).await;
    assert_eq!(fetched, image);
}

/// A form post: path, session cookie and the fields beside the period.
type Step = (String, String, Vec<(&'static str, String)>);

/// Sends every step at once, each from its own task; the answers' statuses.
async fn at_once(app: &TestApp, steps: &[Step]) -> Vec<StatusCode> {
    let mut tasks = tokio::task::JoinSet::new();
    for (path, cookie, fields) in steps {
        let mut form = period();
        form.extend(fields.iter().cloned());
        let (router, path, cookie) = (app.router.clone(), path.clone(), cookie.clone());
        tasks.spawn(async move {
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            crate::support::send(&router, crate::support::request("POST", &path, Some(&cookie), Some(&pairs)))
                .await
                .status
        });
    }
    let mut answers = Vec::new();
    while let Some(answer) = tasks.join_next().await {
        answers.push(answer.expect("task"));
    }
    answers
}

/// How many audit entries of `action` the report workflow wrote.
async fn audited(app: &TestApp, f: &Fixture, action: &str) -> usize {
    let query = store::AuditQuery {
        action: Some(action.into()),
        entity: Some("realisation_report".into()),
        page: 1,
        per_page: 100,
        actor: None,
        from: None,
        until: None,
    };
    app.store.audit_log(f.tenant, &query).await.unwrap().items.len()
}

fn winners(answers: &[StatusCode]) -> usize {
    assert!(
        answers.iter().all(|s| *s == StatusCode::SEE_OTHER || *s == StatusCode::UNPROCESSABLE_ENTITY),
        "every loser is told, none fails: {answers:?}"
    );
    answers.iter().filter(|s| **s == StatusCode::SEE_OTHER).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_steps_let_exactly_one_win_and_audit_only_what_happened() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    calendar(&app, &f, true).await;
    let operator = app.session_for(f.user(Role::OpdOperator)).await;
    let verifier = app.session_for(f.user(Role::Verifier)).await;
    redirected(&save(&app, &f, &operator, "12", "0").await);
    let confirm = || vec![("confirm_empty", "ya".to_owned())];

    // Eight submits of one draft at once: one submits, seven are told.
    let submits: Vec<_> = (0..8).map(|_| (base(&f, "/ajukan"), operator.clone(), confirm())).collect();
    assert_eq!(winners(&at_once(&app, &submits).await), 1);
    assert_eq!(status(&app, &f).await, Some((ReportStatus::Submitted, 1)));
    assert_eq!(audited(&app, &f, "submit").await, 1);

    // Approvals and returns race: exactly one decision stands, and only it is in the log.
    let mut decisions: Vec<_> = (0..4).map(|_| (base(&f, "/setujui"), verifier.clone(), vec![])).collect();
    decisions.extend(
        (0..4).map(|_| (base(&f, "/kembalikan"), verifier.clone(), vec![("note", "Lengkapi bukti".to_owned())])),
    );
    assert_eq!(winners(&at_once(&app, &decisions).await), 1);
    let (approved, returned) = (audited(&app, &f, "approve").await, audited(&app, &f, "return").await);
    assert_eq!(approved + returned, 1, "approve {approved}, return {returned}");
    let expected = if approved == 1 { ReportStatus::Approved } else { ReportStatus::Returned };
    assert_eq!(status(&app, &f).await, Some((expected, 1)));

    // From either outcome, one more round to an approved report, then
    // corrections at once: one new version.
    if expected == ReportStatus::Returned {
        redirected(&post(&app, &base(&f, "/ajukan"), &operator, &[("confirm_empty", "ya")]).await);
        redirected(&post(&app, &base(&f, "/setujui"), &verifier, &[]).await);
    }
    let corrections: Vec<_> =
        (0..6).map(|_| (base(&f, "/koreksi"), operator.clone(), vec![("note", "Salah ketik".to_owned())])).collect();
    assert_eq!(winners(&at_once(&app, &corrections).await), 1);
    assert_eq!(status(&app, &f).await, Some((ReportStatus::Draft, 2)));
    assert_eq!(audited(&app, &f, "correct").await, 1);
    let (_, faults) = app.store.verify_audit().await.unwrap();
    assert!(faults.is_empty(), "the audit chain stays whole: {faults:?}");
}

#[tokio::test]
async fn reminders_follow_permissions_not_role_names() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    calendar(&app, &f, true).await;
    let home = |cookie: String| {
        let app = &app;
        async move { app.get("/pemda/16.03", Some(&cookie)).await.body }
    };
    let operator = app.session_for(f.user(Role::OpdOperator)).await;
    let admin = app.session_for(f.user(Role::PemdaAdmin)).await;
    let verifier = app.session_for(f.user(Role::Verifier)).await;
    let official = app.session_for(f.user(Role::Official)).await;

    assert!(home(operator.clone()).await.contains("belum dilaporkan"), "the OPD's operator is reminded to report");
    assert!(!home(admin.clone()).await.contains("belum dilaporkan"), "an admin who may report for any OPD is not");
    // The year's reports are kept per data version: the submit below must show at once.
    assert!(!home(admin.clone()).await.contains("menunggu verifikasi"), "nothing waits yet");
    redirected(&save(&app, &f, &operator, "12", "0").await);
    redirected(&post(&app, &base(&f, "/ajukan"), &operator, &[("confirm_empty", "ya")]).await);
    assert!(!home(operator).await.contains("belum dilaporkan"), "a submitted report counts as reported");
    // Whoever may verify is told a report waits: the verifier, and the pemda admin who holds the permission too.
    for cookie in [verifier, admin] {
        assert!(home(cookie).await.contains("1 laporan realisasi menunggu verifikasi"));
    }
    assert!(!home(official).await.contains("menunggu verifikasi"), "an official may not verify");
}
