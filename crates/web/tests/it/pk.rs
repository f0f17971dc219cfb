//! Perjanjian Kinerja through the pages: the workflow from draft to in
//! force, who may edit, review and sign, the database guards on a signed
//! version, tampering, amendments, the public verification page, the PDF
//! and the batch ZIP.

use crate::support::{Fixture, PASSWORD, TestApp, TestResponse, download, fixture, multipart, pdf_text, pk_row_input};
use axum::http::StatusCode;
use domain::access::Role;
use domain::drafts::GrantDraft;
use domain::pk::PkStatus;
use domain::{OpdId, UserId};
use store::{Actor, PkVersion};

fn path(f: &Fixture, rest: &str) -> String {
    format!("/pemda/16.03/pk/{}{rest}", f.pk)
}

async fn version(app: &TestApp, f: &Fixture, id: i64) -> PkVersion {
    app.store.pk_version(f.tenant, id).await.expect("pk version")
}

fn row_form(indicator: &str, target: &str) -> Vec<(&'static str, String)> {
    let input = pk_row_input(indicator, target);
    vec![
        ("goal", input.goal),
        ("indicator", input.indicator),
        ("unit", input.unit),
        ("value_kind", input.value_kind),
        ("polarity", input.polarity),
        ("aggregation", input.aggregation),
        ("target", input.target),
        ("q1", input.q1),
        ("q2", input.q2),
        ("q3", input.q3),
        ("q4", input.q4),
    ]
}

async fn post(app: &TestApp, path: &str, cookie: &str, form: &[(&str, String)]) -> TestResponse {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.post_form(path, Some(cookie), &pairs).await
}

fn redirected(response: &TestResponse) {
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
}

/// An account for an official, found by NIP, with the `Official` role.
pub(crate) async fn account_for(app: &TestApp, f: &Fixture, username: &str, nip: &str) -> String {
    let hash = web::hash_password_blocking(&web::PasswordHasher::fast_for_tests(), PASSWORD).unwrap();
    let grant = GrantDraft { role: Role::Official, opd_id: Some(OpdId(f.opd)) };
    let actor = Actor::system("test");
    let user = app.store.create_user(Some(f.tenant), &actor, username, "Pejabat", &hash, &grant).await.unwrap();
    app.store.link_official(f.tenant, &actor, user.id, Some(nip)).await.unwrap();
    app.session_for(UserId(user.id)).await
}

/// The fixture's PK taken to `approved` through the pages.
async fn approved(app: &TestApp, f: &Fixture) {
    let operator = app.session_for(f.user(Role::OpdOperator)).await;
    let verifier = app.session_for(f.user(Role::Verifier)).await;
    redirected(&app.post_form(&path(f, "/ajukan"), Some(&operator), &[]).await);
    redirected(&app.post_form(&path(f, "/setujui"), Some(&verifier), &[]).await);
}

/// Both parties sign: the administrator (the fixture's `Official` account), then the kepala dinas.
async fn in_force(app: &TestApp, f: &Fixture) -> String {
    approved(app, f).await;
    let first = app.session_for(f.user(Role::Official)).await;
    redirected(&app.post_form(&path(f, "/tandatangani"), Some(&first), &[("sandi", PASSWORD)]).await);
    let head = account_for(app, f, "kadis.dinkes", "197505052000032002").await;
    redirected(&app.post_form(&path(f, "/tandatangani"), Some(&head), &[("sandi", PASSWORD)]).await);
    head
}

#[tokio::test]
async fn an_agreement_goes_from_draft_through_review_to_in_force_and_every_step_is_audited() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let operator = app.session_for(f.user(Role::OpdOperator)).await;
    let verifier = app.session_for(f.user(Role::Verifier)).await;

    let page = app.get(&path(&f, ""), Some(&operator)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Budi Santoso") && page.body.contains("Siti Aminah"), "both parties are shown");

    // A row whose quarters overshoot a "last value" target cannot be saved.
    let mut bad = row_form("Persentase puskesmas terakreditasi", "80");
    bad.retain(|(k, _)| *k != "q4");
    bad.push(("q4", "95".into()));
    let refused = post(&app, &path(&f, "/baris"), &operator, &bad).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("Persentase puskesmas terakreditasi") && refused.body.contains(r#"value="95""#),
        "the form keeps what was entered"
    );
    redirected(
        &post(&app, &path(&f, "/baris"), &operator, &row_form("Persentase puskesmas terakreditasi", "80")).await,
    );
    assert_eq!(version(&app, &f, f.pk).await.content.rows.len(), 2);

    redirected(&app.post_form(&path(&f, "/ajukan"), Some(&operator), &[]).await);
    assert_eq!(version(&app, &f, f.pk).await.header.status, PkStatus::Submitted);
    let frozen = post(&app, &path(&f, "/baris"), &operator, &row_form("Baris terlambat", "50")).await;
    assert_eq!(frozen.status, StatusCode::UNPROCESSABLE_ENTITY, "a submitted PK is not edited");

    let without_note = app.post_form(&path(&f, "/kembalikan"), Some(&verifier), &[]).await;
    assert_eq!(without_note.status, StatusCode::UNPROCESSABLE_ENTITY, "returning needs a note");
    redirected(
        &app.post_form(&path(&f, "/kembalikan"), Some(&verifier), &[("catatan", "Target triwulan I terlalu rendah")])
            .await,
    );
    let returned = version(&app, &f, f.pk).await;
    assert_eq!(returned.header.status, PkStatus::Returned);
    assert!(app.get(&path(&f, ""), Some(&operator)).await.body.contains("Target triwulan I terlalu rendah"));

    let row = format!("/baris/{}", f.pk_row);
    redirected(&post(&app, &path(&f, &row), &operator, &row_form("Cakupan pelayanan rujukan", "92")).await);
    redirected(&app.post_form(&path(&f, "/ajukan"), Some(&operator), &[]).await);
    redirected(&app.post_form(&path(&f, "/setujui"), Some(&verifier), &[]).await);
    let approved = version(&app, &f, f.pk).await;
    assert_eq!(approved.header.status, PkStatus::Approved);
    assert!(approved.header.digest.is_some(), "approval fixes the digest the parties sign");

    // The second party cannot sign before the first.
    let head = account_for(&app, &f, "kadis.dinkes", "197505052000032002").await;
    let early = app.post_form(&path(&f, "/tandatangani"), Some(&head), &[("sandi", PASSWORD)]).await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    let first = app.session_for(f.user(Role::Official)).await;
    let wrong = app.post_form(&path(&f, "/tandatangani"), Some(&first), &[("sandi", "bukan-sandinya")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY, "signing asks for the password again");
    assert_eq!(version(&app, &f, f.pk).await.header.status, PkStatus::Approved);
    redirected(&app.post_form(&path(&f, "/tandatangani"), Some(&first), &[("sandi", PASSWORD)]).await);
    assert_eq!(version(&app, &f, f.pk).await.header.status, PkStatus::SignedFirst);
    redirected(&app.post_form(&path(&f, "/tandatangani"), Some(&head), &[("sandi", PASSWORD)]).await);
    let signed = version(&app, &f, f.pk).await;
    assert_eq!(signed.header.status, PkStatus::InForce);
    assert_eq!(signed.signatures.len(), 2);
    assert!(signed.signatures.iter().all(|s| s.signature.len() == 128 && s.public_key.len() == 64));
    let signers: Vec<(&str, i64)> = signed.signatures.iter().map(|s| (s.party.key(), s.official_id)).collect();
    assert_eq!(signers, [("first", f.official), ("second", f.head)]);

    let log = app
        .store
        .audit_log(
            f.tenant,
            &store::AuditQuery { entity: Some("pk_version".into()), page: 1, per_page: 50, ..Default::default() },
        )
        .await
        .unwrap();
    let mut actions: Vec<&str> = log.items.iter().map(|e| e.action.as_str()).collect();
    actions.reverse();
    for step in ["submitted", "returned", "submitted", "approved", "sign", "sign"] {
        let at = actions.iter().position(|a| *a == step).unwrap_or_else(|| panic!("{step} audited: {actions:?}"));
        actions.drain(..=at);
    }
}

#[tokio::test]
async fn only_the_owning_opd_edits_only_reviewers_approve_and_only_the_two_parties_sign() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let hash = web::hash_password_blocking(&web::PasswordHasher::fast_for_tests(), PASSWORD).unwrap();
    let other_opd = app
        .store
        .create_opd(
            f.tenant,
            &Actor::system("t"),
            &domain::drafts::OpdDraft::parse(
                &domain::region::TenantCode::parse("16.03").unwrap(),
                "Dinas Pendidikan",
                "",
                "dinas",
                "",
            )
            .unwrap(),
        )
        .await
        .unwrap();
    let stranger = app
        .store
        .create_user(
            Some(f.tenant),
            &Actor::system("t"),
            "operator.disdik",
            "Operator Disdik",
            &hash,
            &GrantDraft { role: Role::OpdOperator, opd_id: Some(OpdId(other_opd.id)) },
        )
        .await
        .unwrap();
    let stranger = app.session_for(UserId(stranger.id)).await;
    let edit = post(&app, &path(&f, "/baris"), &stranger, &row_form("Dari OPD lain", "10")).await;
    assert_eq!(edit.status, StatusCode::FORBIDDEN);
    assert_eq!(app.post_form(&path(&f, "/ajukan"), Some(&stranger), &[]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(version(&app, &f, f.pk).await.content.rows.len(), 1, "nothing was written");
    let operator = app.session_for(f.user(Role::OpdOperator)).await;
    redirected(&app.post_form(&path(&f, "/ajukan"), Some(&operator), &[]).await);
    assert_eq!(
        app.post_form(&path(&f, "/setujui"), Some(&operator), &[]).await.status,
        StatusCode::FORBIDDEN,
        "no self-approval"
    );
    let verifier = app.session_for(f.user(Role::Verifier)).await;
    redirected(&app.post_form(&path(&f, "/setujui"), Some(&verifier), &[]).await);

    // The bupati signs PKs, but not this one; an admin is nobody's party.
    let bupati = account_for(&app, &f, "bupati", "196801011990031003").await;
    assert_eq!(
        app.store.official_of_user(app.store.credentials("bupati").await.unwrap().unwrap().id).await.unwrap(),
        Some(f.bupati)
    );
    let admin = app.session_for(f.user(Role::PemdaAdmin)).await;
    for cookie in [&bupati, &admin] {
        let response = app.post_form(&path(&f, "/tandatangani"), Some(cookie), &[("sandi", PASSWORD)]).await;
        assert_eq!(response.status, StatusCode::FORBIDDEN);
    }
    assert_eq!(version(&app, &f, f.pk).await.signatures.len(), 0);
}

#[tokio::test]
async fn a_signed_version_cannot_be_changed_in_the_database() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    in_force(&app, &f).await;
    let v = f.pk;
    for sql in [
        format!("UPDATE pk_row SET target = '1' WHERE version_id = {v}"),
        format!("DELETE FROM pk_row WHERE version_id = {v}"),
        format!(
            "INSERT INTO pk_row (tenant_id, version_id, position, row_key, goal, indicator, unit, value_kind, polarity, aggregation) SELECT tenant_id, {v}, 9, 'x', 'g', 'i', '%', 'percent', 'higher', 'last' FROM pk_version WHERE id = {v}"
        ),
        format!("UPDATE pk_budget SET amount = '1' WHERE version_id = {v}"),
        format!("UPDATE pk_version SET place = 'Palembang' WHERE id = {v}"),
        format!("UPDATE pk_version SET first_party = '{{}}' WHERE id = {v}"),
        format!("UPDATE pk_version SET status = 'draft' WHERE id = {v}"),
        format!("UPDATE pk_version SET pdf = NULL WHERE id = {v}"),
        format!("DELETE FROM pk_version WHERE id = {v}"),
        format!("UPDATE pk_signature SET signature = 'ab' WHERE version_id = {v}"),
        format!("DELETE FROM pk_signature WHERE version_id = {v}"),
    ] {
        assert!(app.store.execute_unchecked(&sql).await.is_err(), "the database refused: {sql}");
    }
    let operator = app.session_for(f.user(Role::OpdOperator)).await;
    let through_page =
        post(&app, &path(&f, &format!("/baris/{}", f.pk_row)), &operator, &row_form("Diubah", "1")).await;
    assert_eq!(through_page.status, StatusCode::UNPROCESSABLE_ENTITY);
    let after = version(&app, &f, v).await;
    assert_eq!(after.header.status, PkStatus::InForce);
    assert_eq!(after.content.rows[0].indicator, "Cakupan pelayanan rujukan");
}

/// Drops the guards, as someone with direct database access could.
async fn remove_guards(app: &TestApp) {
    let sql = match app.store.backend_name() {
        "sqlite" => "DROP TRIGGER pk_row_frozen_update;",
        _ => "DROP TRIGGER pk_row_frozen ON pk_row;",
    };
    app.store.execute_unchecked(sql).await.unwrap();
}

#[tokio::test]
async fn a_changed_row_breaks_the_signatures_and_stops_signing() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let code = version(&app, &f, f.pk).await.content.code;
    in_force(&app, &f).await;
    let page = app.get(&format!("/verifikasi/{code}"), None).await;
    assert!(page.body.contains(r#"data-intact="true""#), "{}", page.body);
    remove_guards(&app).await;
    app.store.execute_unchecked(&format!("UPDATE pk_row SET target = '99' WHERE id = {}", f.pk_row)).await.unwrap();
    let page = app.get(&format!("/verifikasi/{code}"), None).await;
    assert!(page.body.contains(r#"data-intact="false""#), "a changed target fails verification");

    // A version changed between approval and signing cannot be signed.
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    approved(&app, &f).await;
    remove_guards(&app).await;
    app.store
        .execute_unchecked(&format!("UPDATE pk_row SET indicator = 'Lain' WHERE id = {}", f.pk_row))
        .await
        .unwrap();
    let first = app.session_for(f.user(Role::Official)).await;
    let refused = app.post_form(&path(&f, "/tandatangani"), Some(&first), &[("sandi", PASSWORD)]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(version(&app, &f, f.pk).await.signatures.len(), 0);
}

#[tokio::test]
async fn the_verification_page_and_upload_tell_genuine_from_altered() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let code = version(&app, &f, f.pk).await.content.code;
    let before = app.get(&format!("/verifikasi/{code}"), None).await;
    assert!(before.body.contains(r#"data-status="draft""#));
    let head = in_force(&app, &f).await;

    let page = app.get(&format!("/verifikasi/{code}"), None).await;
    assert_eq!(page.status, StatusCode::OK);
    for expected in
        [r#"data-status="in_force""#, r#"data-intact="true""#, "Budi Santoso", "Siti Aminah", "Kabupaten Muara Enim"]
    {
        assert!(page.body.contains(expected), "{expected} on the page");
    }
    let by_query = app.get(&format!("/verifikasi?kode={}", code.to_lowercase().replace('-', "")), None).await;
    assert!(by_query.body.contains(r#"data-status="in_force""#), "a code typed in lower case without dashes is found");
    assert_eq!(app.get("/verifikasi/ABCD-EFGH-JKMN-PQRS", None).await.status, StatusCode::NOT_FOUND);

    let pdf = download(&app, &path(&f, "/pdf"), &head).await;
    let again = download(&app, &path(&f, "/pdf"), &head).await;
    assert_eq!(pdf, again, "the issued PDF is served as issued");
    let text = pdf_text(&pdf);
    for expected in [
        "PERJANJIAN KINERJA TAHUN 2026",
        "KABUPATEN MUARA ENIM",
        "Budi Santoso",
        "198001012005011001",
        "Siti Aminah",
        "197505052000032002",
        "Cakupan pelayanan rujukan",
        "1.500.000.000",
        "Jumlah",
        &code,
        "Halaman 1 dari",
    ] {
        assert!(text.contains(expected), "{expected} in the PDF:\n{text}");
    }

    let genuine = app.send(multipart("/verifikasi", None, "pk.pdf", &pdf)).await;
    assert!(genuine.body.contains(r#"data-result="genuine""#), "{}", genuine.body);
    let mut altered = pdf.clone();
    let at = altered.len() / 2;
    altered[at] ^= 0x20;
    let altered = app.send(multipart("/verifikasi", None, "pk.pdf", &altered)).await;
    assert!(altered.body.contains(r#"data-result="altered""#), "{}", altered.body);
    assert!(altered.body.contains(&code), "an altered copy still names its PK");
    let unknown = app.send(multipart("/verifikasi", None, "lain.pdf", b"%PDF-1.7 bukan dari Kinerja")).await;
    assert!(unknown.body.contains(r#"data-result="unknown""#));

    let docx = download(&app, &path(&f, "/docx"), &head).await;
    assert!(docx.starts_with(b"PK"), "a DOCX is a ZIP");
}

#[tokio::test]
async fn an_amendment_replaces_the_agreement_and_the_old_one_stays_readable() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let old_code = version(&app, &f, f.pk).await.content.code;
    in_force(&app, &f).await;
    let operator = app.session_for(f.user(Role::OpdOperator)).await;
    let no_reason = app.post_form(&path(&f, "/perubahan"), Some(&operator), &[("catatan", "APBD Perubahan")]).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    let created = app
        .post_form(
            &path(&f, "/perubahan"),
            Some(&operator),
            &[("alasan", "strategy_changed"), ("catatan", "APBD Perubahan")],
        )
        .await;
    redirected(&created);
    let new_id: i64 =
        created.location().and_then(|l| l.rsplit('/').next()).and_then(|id| id.parse().ok()).expect("new version");
    let second = app
        .post_form(&path(&f, "/perubahan"), Some(&operator), &[("alasan", "priority_changed"), ("catatan", "x")])
        .await;
    assert_eq!(second.status, StatusCode::UNPROCESSABLE_ENTITY, "one amendment at a time");

    let amendment = version(&app, &f, new_id).await;
    assert_eq!(amendment.content.number, 2);
    assert_eq!(amendment.header.status, PkStatus::Draft);
    assert_eq!(amendment.content.rows.len(), 1, "the amendment starts from the agreement in force");
    assert_ne!(amendment.content.code, old_code);
    assert_eq!(
        version(&app, &f, f.pk).await.header.status,
        PkStatus::InForce,
        "the old one holds until the new one is signed"
    );

    let row = amendment.row_ids[0];
    let new_path = format!("/pemda/16.03/pk/{new_id}");
    redirected(
        &post(&app, &format!("{new_path}/baris/{row}"), &operator, &row_form("Cakupan pelayanan rujukan", "95")).await,
    );
    let verifier = app.session_for(f.user(Role::Verifier)).await;
    redirected(&app.post_form(&format!("{new_path}/ajukan"), Some(&operator), &[]).await);
    redirected(&app.post_form(&format!("{new_path}/setujui"), Some(&verifier), &[]).await);
    let first = app.session_for(f.user(Role::Official)).await;
    redirected(&app.post_form(&format!("{new_path}/tandatangani"), Some(&first), &[("sandi", PASSWORD)]).await);
    let head = app.login("kadis.dinkes", PASSWORD).await;
    redirected(&app.post_form(&format!("{new_path}/tandatangani"), Some(&head), &[("sandi", PASSWORD)]).await);

    assert_eq!(version(&app, &f, new_id).await.header.status, PkStatus::InForce);
    let old = version(&app, &f, f.pk).await;
    assert_eq!(old.header.status, PkStatus::Replaced);
    assert_eq!(old.content.rows[0].target.as_ref().map(|t| t.entry(domain::Locale::Id)).as_deref(), Some("90"));
    let page = app.get(&format!("/verifikasi/{old_code}"), None).await;
    assert!(page.body.contains(r#"data-status="replaced""#) && page.body.contains(r#"data-intact="true""#));
    assert_eq!(
        app.get(&path(&f, ""), Some(&operator)).await.status,
        StatusCode::OK,
        "the earlier version stays readable"
    );

    let verifier_revokes =
        app.post_form(&format!("{new_path}/cabut"), Some(&verifier), &[("catatan", "Pejabat diberhentikan")]).await;
    redirected(&verifier_revokes);
    let code = version(&app, &f, new_id).await.content.code;
    assert!(app.get(&format!("/verifikasi/{code}"), None).await.body.contains(r#"data-status="revoked""#));
}

#[tokio::test]
async fn a_rotated_key_signs_from_then_on_and_old_signatures_still_hold() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let official = app.session_for(f.user(Role::Official)).await;
    redirected(&app.post_form("/akun/kunci", Some(&official), &[]).await);
    redirected(&app.post_form("/akun/kunci", Some(&official), &[]).await);
    let keys = app.store.signing_keys(f.tenant, f.official).await.unwrap();
    assert_eq!(keys.len(), 2);
    assert_eq!(keys.iter().filter(|k| k.retired_at.is_none()).count(), 1, "one active key");
    let active = keys.iter().find(|k| k.retired_at.is_none()).map(|k| k.public_key.clone()).unwrap();
    in_force(&app, &f).await;
    let signed = version(&app, &f, f.pk).await;
    assert_eq!(signed.signatures[0].public_key, active);
    redirected(&app.post_form("/akun/kunci", Some(&official), &[]).await);
    let code = signed.content.code;
    assert!(app.get(&format!("/verifikasi/{code}"), None).await.body.contains(r#"data-intact="true""#));
    assert_eq!(
        app.post_form("/akun/kunci", Some(&app.session_for(f.user(Role::Viewer)).await), &[]).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_year_list_shows_who_has_not_signed_and_the_zip_holds_every_pk() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let admin = app.session_for(f.user(Role::PemdaAdmin)).await;
    redirected(&app.post_form("/pemda/16.03/pk/semua", Some(&admin), &[("tahun", "2026")]).await);
    let slots = app.store.pk_slots(f.tenant, 2026, None, time::OffsetDateTime::now_utc().date()).await.unwrap();
    let mut positions: Vec<i64> = slots.iter().map(|s| s.position_id).collect();
    positions.sort_unstable();
    assert_eq!(
        positions,
        [f.position, f.head_position, f.bupati_position],
        "the administrator, kepala dinas and bupati"
    );
    assert!(slots.iter().all(|s| s.version_id.is_some()), "every official has a draft");
    let unsigned = app.get("/pemda/16.03/pk?tahun=2026&belum=1", Some(&admin)).await;
    assert!(unsigned.body.contains("Budi Santoso") && unsigned.body.contains("Ahmad Yani"));

    in_force(&app, &f).await;
    let unsigned = app.get("/pemda/16.03/pk?tahun=2026&belum=1", Some(&admin)).await;
    assert!(!unsigned.body.contains("Budi Santoso"), "a PK in force leaves the unsigned list");
    assert!(unsigned.body.contains("Ahmad Yani"));

    let started = app.post_form("/pemda/16.03/pk/zip", Some(&admin), &[("tahun", "2026")]).await;
    redirected(&started);
    let progress = started.location().expect("progress page").to_owned();
    let mut finished = false;
    for _ in 0..200 {
        let status = app.get(&format!("{progress}/status"), Some(&admin)).await;
        assert_eq!(status.status, StatusCode::OK);
        if status.body.contains("data-finished=\"true\"") {
            finished = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(finished, "the ZIP was built");
    let other = app.session_for(f.user(Role::Viewer)).await;
    assert_eq!(
        app.get(&format!("{progress}/unduh"), Some(&other)).await.status,
        StatusCode::NOT_FOUND,
        "a job is its starter's"
    );
    let bytes = download(&app, &format!("{progress}/unduh"), &admin).await;
    let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP");
    assert_eq!(archive.len(), 3);
    assert!(archive.file_names().all(|n| n.ends_with(".pdf")));
}

#[tokio::test]
async fn a_pk_drafted_from_the_renstra_does_not_hold_the_plan_back() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let today = time::OffsetDateTime::now_utc().date();
    let head_pk = app.store.create_pk(f.tenant, &Actor::system("t"), f.head_position, 2026, &[], today).await.unwrap();
    let drafted = version(&app, &f, head_pk).await;
    let sourced =
        drafted.content.rows.iter().find(|r| r.source.as_ref().is_some_and(|s| s.indicator_id == f.indicator));
    let row = sourced.expect("the Renstra indicator prefilled the kepala dinas's PK");
    assert_eq!(row.target.as_ref().map(|t| t.entry(domain::Locale::Id)).as_deref(), Some("85"), "the 2026 target");
    let admin = app.session_for(f.user(Role::PemdaAdmin)).await;
    let removed = app
        .post_form(&format!("/pemda/16.03/rencana/{}/indikator/{}/hapus", f.renstra, f.indicator), Some(&admin), &[])
        .await;
    redirected(&removed);
    assert_eq!(
        version(&app, &f, head_pk).await.content.rows.len(),
        drafted.content.rows.len(),
        "the PK keeps its copy"
    );
}
