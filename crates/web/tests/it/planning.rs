//! Planning through the pages: who may change which plan, the rules an
//! element and an indicator must follow, revisions, the tree and the
//! consistency report, the Renja, and the Excel round trip.

use crate::support::{Fixture, TestApp, TestResponse, download, fixture, pdf_text};

fn multipart_xlsx(path: &str, cookie: &str, file: &[u8]) -> Request<Body> {
    crate::support::multipart(path, Some(cookie), "rencana.xlsx", file)
}
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use domain::access::Role;
use domain::cascade::Plan;

fn plan_path(_: &Fixture, plan: i64) -> String {
    format!("/pemda/16.03/rencana/{plan}")
}

/// The content of a plan without ids, for comparing two pemda.
fn content(plan: &Plan) -> Vec<domain::cascade::ElementContent> {
    let mut elements = plan.elements.clone();
    for e in &mut elements {
        e.id = None;
        for i in &mut e.indicators {
            i.id = None;
        }
    }
    elements
}

#[tokio::test]
async fn an_operator_edits_only_its_own_renstra_and_every_change_is_audited() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let operator = app.session_for(f.user(Role::OpdOperator)).await;
    let added = app
        .post_form(
            &format!("{}/elemen", plan_path(&f, f.renstra)),
            Some(&operator),
            &[
                ("kind", "kegiatan"),
                ("parent_code", "1.02.02"),
                ("code", "1.02.02.2.01"),
                ("name", "Penyediaan fasilitas"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let rpjmd = app
        .post_form(
            &format!("{}/elemen", plan_path(&f, f.rpjmd)),
            Some(&operator),
            &[("kind", "tujuan"), ("code", "T2"), ("name", "X"), ("parent_code", "M1")],
        )
        .await;
    assert_eq!(rpjmd.status, StatusCode::FORBIDDEN, "Bappeda edits the RPJMD");
    let actor = store::Actor::system("uji");
    let code = domain::region::TenantCode::parse("16.03").unwrap();
    let school = app
        .store
        .create_opd(
            f.tenant,
            &actor,
            &domain::drafts::OpdDraft::parse(&code, "Dinas Pendidikan", "", "dinas", "").unwrap(),
        )
        .await
        .unwrap();
    let draft = domain::planning::PlanDraft::parse("renstra", &school.id.to_string(), "2025", "2029", "", "").unwrap();
    let other = app.store.create_plan(f.tenant, &actor, &draft).await.unwrap();
    let refused = app
        .post_form(
            &format!("{}/elemen", plan_path(&f, other.id)),
            Some(&operator),
            &[("kind", "tujuan"), ("code", "TD1"), ("name", "X")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "another OPD's Renstra");
    let log = app
        .store
        .audit_log(
            f.tenant,
            &store::AuditQuery { entity: Some("plan_element".into()), page: 1, per_page: 50, ..Default::default() },
        )
        .await
        .unwrap();
    assert!(
        log.items.iter().any(|e| e.actor == "operator.opd" && e.action == "create"),
        "the operator's change is in the audit log"
    );
}

#[tokio::test]
async fn codes_parents_and_targets_are_checked_on_entry() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let admin = app.session_for(f.user(Role::PemdaAdmin)).await;
    let path = format!("{}/elemen", plan_path(&f, f.renstra));
    type Case<'a> = (&'a [(&'a str, &'a str)], &'a str, &'a str);
    let cases: [Case; 4] = [
        (
            &[("kind", "kegiatan"), ("parent_code", "1.02.02"), ("code", "1.02.02.2.99"), ("name", "X")],
            "code",
            "nomenklatur yang berlaku",
        ),
        (
            &[("kind", "kegiatan"), ("parent_code", "1.02.02"), ("code", "1.02.2.2.01"), ("name", "X")],
            "code",
            "segmen ke-3",
        ),
        (&[("kind", "kegiatan"), ("parent_code", "SD1"), ("code", "1.02.02.2.01"), ("name", "X")], "code", "induknya"),
        (
            &[("kind", "program"), ("parent_code", "TD1"), ("code", "1.02.03"), ("name", "X")],
            "parent_code",
            "tingkatan",
        ),
    ];
    for (form, field, message) in cases {
        let response = app.post_form(&path, Some(&admin), form).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{form:?}");
        assert!(response.body.contains(&format!("id=\"{field}-error\"")), "{form:?} names {field}");
        assert!(response.body.contains(message), "{form:?}: {message}");
    }
    let indicator = format!("{}/elemen/{}/indikator", plan_path(&f, f.renstra), f.renstra_sasaran);
    let bad = app
        .post_form(
            &indicator,
            Some(&admin),
            &[
                ("name", "Cakupan"),
                ("unit", "%"),
                ("polarity", "higher"),
                ("value_kind", "percent"),
                ("aggregation", "sum"),
                ("target_2", "85,5 - 90"),
                ("target_3", "abc"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("id=\"target_2-error\"") && bad.body.contains("id=\"target_3-error\""),
        "both targets are named"
    );
    let plan = app.store.plan(f.tenant, f.renstra).await.unwrap();
    assert_eq!(plan.indicator_count(), 1, "nothing was saved");
}

#[tokio::test]
async fn an_approved_renstra_returns_to_draft_when_changed_and_a_revision_keeps_the_old_one_readable() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let admin = app.session_for(f.user(Role::PemdaAdmin)).await;
    let operator = app.session_for(f.user(Role::OpdOperator)).await;
    let approve = format!("{}/setujui", plan_path(&f, f.renstra));
    assert_eq!(app.post_form(&approve, Some(&operator), &[]).await.status, StatusCode::FORBIDDEN, "Bappeda approves");
    assert_eq!(app.post_form(&approve, Some(&admin), &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.store.plan_header(f.tenant, f.renstra).await.unwrap().status.key(), "approved");
    let changed = app
        .post_form(
            &format!("{}/elemen/{}", plan_path(&f, f.renstra), f.renstra_program),
            Some(&operator),
            &[
                ("code", "1.02.02"),
                ("name", "Program kesehatan"),
                ("parent_code", "SD1"),
                ("budget_1", "1.500.000.000"),
                ("budget_2", "1.650.000.000,50"),
            ],
        )
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    let plan = app.store.plan(f.tenant, f.renstra).await.unwrap();
    assert_eq!(plan.header.status.key(), "draft", "a change needs approval again");
    let program = plan.element("1.02.02").unwrap();
    assert_eq!(program.budgets[1].1.to_string(), "1650000000.5", "entered amounts are exact");

    let revised = app
        .post_form(
            &format!("{}/perubahan", plan_path(&f, f.rpjmd)),
            Some(&admin),
            &[("note", "Pergantian kepala daerah")],
        )
        .await;
    assert_eq!(revised.status, StatusCode::SEE_OTHER);
    let new_path = revised.location().unwrap().to_owned();
    assert_ne!(new_path, plan_path(&f, f.rpjmd));
    let old = app.get(&plan_path(&f, f.rpjmd), Some(&admin)).await;
    assert_eq!(old.status, StatusCode::OK);
    assert!(
        old.body.contains("hanya dapat dibaca") && old.body.contains("Uraian S1"),
        "the old version stays readable"
    );
    let refused = app
        .post_form(
            &format!("{}/elemen", plan_path(&f, f.rpjmd)),
            Some(&admin),
            &[("kind", "misi"), ("code", "M2"), ("name", "X")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "the replaced version is read-only");
    let new = app.get(&new_path, Some(&admin)).await.body;
    assert!(new.contains("Uraian S1") && new.contains("Perubahan 1"));
    // The Renstra sasaran still supports S1 of the revision: links go by code.
    let tree = app.get("/pemda/16.03/pohon-kinerja?tahun=2025", Some(&admin)).await.body;
    assert!(tree.contains("Uraian SD1") && !tree.contains("belum terhubung"), "SD1 hangs under S1");
}

#[tokio::test]
async fn the_tree_and_the_consistency_report_read_the_cascade() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let viewer = app.session_for(f.user(Role::Viewer)).await;
    let tree = app.get("/pemda/16.03/pohon-kinerja?tahun=2026", Some(&viewer)).await;
    assert_eq!(tree.status, StatusCode::OK);
    let body = &tree.body;
    let order = ["Uraian T1", "Uraian S1", "Uraian SD1", "Uraian 1.02.02"]
        .map(|t| body.find(t).unwrap_or_else(|| panic!("{t} missing")));
    assert!(order.windows(2).all(|w| w[0] < w[1]), "tujuan, sasaran, OPD sasaran, program in that order");
    assert!(body.contains("Dinas Kesehatan") && body.contains("<b>85</b>"), "the OPD and the 2026 target show");
    let searched = app.get("/pemda/16.03/pohon-kinerja?q=cakupan", Some(&viewer)).await.body;
    assert!(searched.contains("Uraian SD1") && !searched.contains("Uraian 1.02.02\n"), "{searched}");
    let svg = app.get("/pemda/16.03/pohon-kinerja.svg", Some(&viewer)).await;
    assert_eq!(svg.headers.get(header::CONTENT_TYPE).unwrap(), "image/svg+xml; charset=utf-8");
    assert!(svg.body.starts_with("<svg") && svg.body.contains("Uraian SD1"));
    let pdf = pdf_text(&download(&app, "/pemda/16.03/pohon-kinerja.pdf?tahun=2026", &viewer).await);
    let order = ["Uraian T1", "Uraian S1", "Uraian SD1", "Uraian 1.02.02"]
        .map(|t| pdf.find(t).unwrap_or_else(|| panic!("{t} missing from the PDF:\n{pdf}")));
    assert!(order.windows(2).all(|w| w[0] < w[1]), "the PDF keeps the tree's order");
    assert!(pdf.contains("Dinas Kesehatan") && pdf.contains("Tahun 2026") && pdf.contains("Halaman 1 / 1"), "{pdf}");
    let nothing = pdf_text(&download(&app, "/pemda/16.03/pohon-kinerja.pdf?q=tidak-ada-xyz", &viewer).await);
    assert!(nothing.contains("Tidak ada simpul yang sesuai") && nothing.contains("tidak-ada-xyz"), "{nothing}");
    assert!(!nothing.contains("Uraian T1"), "the PDF follows the search");

    let report = app.get("/pemda/16.03/konsistensi", Some(&viewer)).await.body;
    // S1 is supported; the sasaran has an indicator missing 2027–2029 targets; the program has none of its own.
    assert!(report.contains("id=\"missing_target\""), "missing targets are listed");
    assert!(report.contains("2027, 2028, 2029"));
    assert!(!report.contains("id=\"unsupported_sasaran\""), "S1 is supported by SD1");
}

#[tokio::test]
async fn the_renja_keeps_the_year_budget_and_its_change() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let operator = app.session_for(f.user(Role::OpdOperator)).await;
    let viewer = app.session_for(f.user(Role::Viewer)).await;
    let path = format!("/pemda/16.03/renja/{}", f.renstra_program);
    let opd = f.opd.to_string();
    let form =
        [("opd", opd.as_str()), ("tahun", "2026"), ("pagu", "1.250.000.000"), ("pagu_perubahan", "1.100.000.000,25")];
    assert_eq!(app.post_form(&path, Some(&viewer), &form).await.status, StatusCode::FORBIDDEN);
    let saved = app.post_form(&path, Some(&operator), &form).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let rows = app.store.renja(f.tenant, f.opd, 2026).await.unwrap();
    let row = rows.iter().find(|r| r.element_id == f.renstra_program).unwrap();
    let text = |d: Option<rust_decimal::Decimal>| d.map(|d| d.to_string());
    assert_eq!((text(row.pagu), text(row.pagu_perubahan)), (Some("1250000000".into()), Some("1100000000.25".into())));
    let outside =
        app.post_form(&path, Some(&operator), &[("opd", opd.as_str()), ("tahun", "2031"), ("pagu", "1")]).await;
    assert_eq!(outside.status, StatusCode::NOT_FOUND, "no Renstra covers 2031");
    let negative =
        app.post_form(&path, Some(&operator), &[("opd", opd.as_str()), ("tahun", "2026"), ("pagu", "-5")]).await;
    assert_eq!(negative.status, StatusCode::UNPROCESSABLE_ENTITY);
}

/// Adds kegiatan 1.02.02.2.01 with sub-kegiatan 0001 and 0002 under the fixture's program.
async fn with_sub_kegiatan(app: &TestApp, f: &Fixture) {
    use domain::planning::{ElementDraft, PlanKind};
    let actor = store::Actor::system("test");
    for (kind, code, parent) in [
        ("kegiatan", "1.02.02.2.01", "1.02.02"),
        ("sub_kegiatan", "1.02.02.2.01.0001", "1.02.02.2.01"),
        ("sub_kegiatan", "1.02.02.2.01.0002", "1.02.02.2.01"),
    ] {
        let draft = ElementDraft::parse(PlanKind::Renstra, kind, code, &format!("Uraian {code}"), parent).unwrap();
        app.store.add_element(f.tenant, &actor, f.renstra, &draft).await.unwrap();
    }
}

fn renja_sheet(pagu: &[(&str, &str, Option<&str>)]) -> Vec<u8> {
    use docs::renja_workbook::write_renja;
    use domain::planning::{ElementKind, RenjaItem};
    let amount = |a: &str| domain::number::parse(a, domain::Locale::Id).unwrap();
    let lines: Vec<RenjaItem> = pagu
        .iter()
        .map(|(code, pagu, changed)| RenjaItem {
            kind: ElementKind::SubKegiatan,
            code: (*code).into(),
            name: String::new(),
            planned: None,
            pagu: (!pagu.is_empty()).then(|| amount(pagu)),
            pagu_perubahan: changed.map(amount),
        })
        .collect();
    write_renja("Dinas Kesehatan", 2026, &lines).unwrap()
}

#[tokio::test]
async fn a_renja_workbook_is_checked_previewed_and_applied_as_a_whole() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    with_sub_kegiatan(&app, &f).await;
    let operator = app.session_for(f.user(Role::OpdOperator)).await;
    let viewer = app.session_for(f.user(Role::Viewer)).await;
    let query = format!("opd={}&tahun=2026", f.opd);
    let upload = format!("/pemda/16.03/renja/impor?{query}");

    // The template lists the Renstra's items, ready to fill.
    let template = download(&app, &format!("/pemda/16.03/renja/unduh?{query}"), &viewer).await;
    let known = app.store.renja(f.tenant, f.opd, 2026).await.unwrap();
    let known: std::collections::HashMap<String, domain::planning::ElementKind> =
        known.into_iter().map(|r| (r.code, r.kind)).collect();
    let empty =
        docs::renja_workbook::read_renja(&template, "Dinas Kesehatan", 2026, &known, domain::Locale::Id).unwrap();
    assert_eq!((empty.row_count, empty.items.len()), (4, 0), "program, kegiatan and two sub-kegiatan, no budget yet");

    let refused = app.send(multipart_xlsx(&upload, &viewer, &template)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "a reader cannot import");

    // One bad cell rejects the file and changes nothing.
    let bad = renja_sheet(&[("1.02.02.2.01.0001", "1000000", None), ("1.02.02.2.01.0002", "-1", None)]);
    let rejected = app.send(multipart_xlsx(&upload, &operator, &bad)).await;
    assert_eq!(rejected.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(rejected.body.contains("id=\"validation-report\"") && rejected.body.contains("tidak boleh negatif"));
    let stored = app.store.renja(f.tenant, f.opd, 2026).await.unwrap();
    assert!(stored.iter().all(|r| r.pagu.is_none()), "nothing was written");
    let wrong_year = renja_sheet(&[]);
    let other = app
        .send(multipart_xlsx(&format!("/pemda/16.03/renja/impor?opd={}&tahun=2027", f.opd), &operator, &wrong_year))
        .await;
    assert!(other.body.contains("tahun lain"), "a 2026 workbook does not import into 2027");

    let good = renja_sheet(&[
        ("1.02.02.2.01.0001", "1500000000,5", Some("1750000000")),
        ("1.02.02.2.01.0002", "250000000", None),
    ]);
    let previewed = app.send(multipart_xlsx(&upload, &operator, &good)).await;
    assert_eq!(previewed.status, StatusCode::OK, "{}", previewed.body);
    assert!(
        previewed.body.contains("id=\"preview\"")
            && previewed.body.contains("<dd>Rp 1.750.000.001</dd>")
            && previewed.body.contains("<dd>Rp 2.000.000.000</dd>"),
        "{}",
        previewed.body
    );
    let batch =
        previewed.body.split("/renja/impor/").nth(1).and_then(|rest| rest.split('?').next()).unwrap().to_owned();
    assert!(
        app.store.renja(f.tenant, f.opd, 2026).await.unwrap().iter().all(|r| r.pagu.is_none()),
        "a preview writes nothing"
    );

    let applied = app.post_form(&format!("/pemda/16.03/renja/impor/{batch}?{query}"), Some(&operator), &[]).await;
    assert_eq!(applied.status, StatusCode::SEE_OTHER, "{}", applied.body);
    let stored = app.store.renja(f.tenant, f.opd, 2026).await.unwrap();
    let text = |d: Option<rust_decimal::Decimal>| d.map(|d| d.to_string());
    let budgets: Vec<(&str, Option<String>, Option<String>)> = stored
        .iter()
        .filter(|r| r.pagu.is_some())
        .map(|r| (r.code.as_str(), text(r.pagu), text(r.pagu_perubahan)))
        .collect();
    assert_eq!(
        budgets,
        [
            ("1.02.02.2.01.0001", Some("1500000000.5".into()), Some("1750000000".into())),
            ("1.02.02.2.01.0002", Some("250000000".into()), None)
        ]
    );
    let page = app.get(&format!("/pemda/16.03/renja?{query}"), Some(&viewer)).await.body;
    let program = page.split("class=\"kind-program\"").nth(1).unwrap();
    let program = program.split("</tr>").next().unwrap();
    assert!(program.contains("Rp 1.750.000.001") && program.contains("Rp 2.000.000.000"), "{program}");
    let again = app.post_form(&format!("/pemda/16.03/renja/impor/{batch}?{query}"), Some(&operator), &[]).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND, "an upload applies once");

    // The export reads back as what was imported, and the import is one audit entry.
    let exported = download(&app, &format!("/pemda/16.03/renja/unduh?{query}"), &viewer).await;
    let read =
        docs::renja_workbook::read_renja(&exported, "Dinas Kesehatan", 2026, &known, domain::Locale::Id).unwrap();
    let good_read =
        docs::renja_workbook::read_renja(&good, "Dinas Kesehatan", 2026, &known, domain::Locale::Id).unwrap();
    assert_eq!(read.items, good_read.items);
    let audit = app.get("/pemda/16.03/audit", Some(&app.session_for(f.user(Role::PemdaAdmin)).await)).await.body;
    assert!(audit.contains("renja_items"), "the import is audited");
}

/// Golden test of the round trip: the exported workbook, imported into an
/// empty Renstra of another pemda, gives the same plan.
#[tokio::test]
async fn an_exported_renstra_imports_into_an_empty_pemda_unchanged() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let admin = app.session_for(f.user(Role::PemdaAdmin)).await;
    let bytes = download(&app, &format!("{}/unduh", plan_path(&f, f.renstra)), &admin).await;

    let other = app.session_for(f.other_admin).await;
    let target = app
        .store
        .create_plan(
            f.other_tenant,
            &store::Actor::system("uji"),
            &domain::planning::PlanDraft::parse("renstra", &f.other_opd.to_string(), "2025", "2029", "", "").unwrap(),
        )
        .await
        .unwrap();
    let import = format!("/pemda/16.71/rencana/{}/impor", target.id);
    let preview: TestResponse = app.send(multipart_xlsx(&import, &other, &bytes)).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert!(preview.body.contains("id=\"preview\""));
    assert!(app.store.plan(f.other_tenant, target.id).await.unwrap().elements.is_empty(), "a preview changes nothing");
    let batch = preview.body.split(&format!("{import}/")).nth(1).and_then(|s| s.split('"').next()).unwrap().to_owned();
    // Only the uploader applies the upload.
    let stranger = app.session_for(f.user(Role::NationalAdmin)).await;
    assert_eq!(app.post_form(&format!("{import}/{batch}"), Some(&stranger), &[]).await.status, StatusCode::NOT_FOUND);
    let applied = app.post_form(&format!("{import}/{batch}"), Some(&other), &[]).await;
    assert_eq!(applied.status, StatusCode::SEE_OTHER, "{}", applied.body);
    let original = app.store.plan(f.tenant, f.renstra).await.unwrap();
    let copy = app.store.plan(f.other_tenant, target.id).await.unwrap();
    assert_eq!(content(&copy), content(&original));
    assert_eq!(
        app.post_form(&format!("{import}/{batch}"), Some(&other), &[]).await.status,
        StatusCode::NOT_FOUND,
        "applied once"
    );
}

#[tokio::test]
async fn a_workbook_with_any_error_changes_nothing_and_the_report_locates_it() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let admin = app.session_for(f.user(Role::PemdaAdmin)).await;
    let before = app.store.plan(f.tenant, f.renstra).await.unwrap();
    // A workbook of another period: every target and budget column is off.
    let mut wrong = before.clone();
    wrong.header.period = domain::planning::Period { start: 2026, end: 2030 };
    let bytes = docs::workbook::write_plan(&wrong, &Default::default()).unwrap();
    let response = app.send(multipart_xlsx(&format!("{}/impor", plan_path(&f, f.renstra)), &admin, &bytes)).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        response.body.contains("<td>Rencana</td><td class=\"num\">1</td><td>Target 2025</td>"),
        "sheet, row, column"
    );
    // A code the nomenclature does not hold, found after the structure checks.
    let mut unknown = before.clone();
    if let Some(program) = unknown.elements.iter_mut().find(|e| e.draft.code == "1.02.02") {
        program.draft.code = "1.02.77".into();
    }
    let bytes = docs::workbook::write_plan(&unknown, &Default::default()).unwrap();
    let response = app.send(multipart_xlsx(&format!("{}/impor", plan_path(&f, f.renstra)), &admin, &bytes)).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        response.body.contains("<td>Kode</td><td>kode tidak ada dalam nomenklatur yang berlaku</td>"),
        "{}",
        response.body
    );
    assert_eq!(app.store.plan(f.tenant, f.renstra).await.unwrap(), before, "nothing changed");
}
