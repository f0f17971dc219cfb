//! Creating and changing OPDs, units, positions and officials through the pages.

use crate::support::{TestApp, fixture};
use axum::http::StatusCode;
use domain::access::Role;

#[tokio::test]
async fn an_admin_creates_an_opd_and_finds_it_by_search() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let admin = app.session_for(f.user(Role::PemdaAdmin)).await;
    let created = app
        .post_form(
            "/pemda/16.03/opd",
            Some(&admin),
            &[("name", "Dinas Perikanan"), ("short_name", "Diskan"), ("kind", "dinas")],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let detail = app.get(created.location().unwrap(), Some(&admin)).await;
    assert!(detail.body.contains("Dinas Perikanan") && detail.body.contains("Diskan"));
    let found = app.get("/pemda/16.03/opd?q=PERIKANAN", Some(&admin)).await.body;
    assert!(found.contains("Dinas Perikanan") && !found.contains("Dinas Kesehatan"));
    let duplicate =
        app.post_form("/pemda/16.03/opd", Some(&admin), &[("name", "Dinas Perikanan"), ("kind", "dinas")]).await;
    assert_eq!(duplicate.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(duplicate.body.contains("sudah digunakan"), "names the conflict");
}

#[tokio::test]
async fn a_kecamatan_needs_one_of_the_pemdas_districts() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let admin = app.session_for(f.user(Role::PemdaAdmin)).await;
    let missing =
        app.post_form("/pemda/16.03/opd", Some(&admin), &[("name", "Kecamatan Ujan Mas"), ("kind", "kecamatan")]).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.body.contains("id=\"district_code-error\""));
    let form = app.get("/pemda/16.03/opd/baru", Some(&admin)).await.body;
    assert!(form.contains("16.03.11 Ujan Mas"), "the chooser offers the pemda's own kecamatan");
    let ok = app
        .post_form(
            "/pemda/16.03/opd",
            Some(&admin),
            &[("name", "Kecamatan Ujan Mas"), ("kind", "kecamatan"), ("district_code", "16.03.11")],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn editing_an_opd_keeps_what_was_entered_when_it_fails() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let admin = app.session_for(f.user(Role::PemdaAdmin)).await;
    let path = format!("/pemda/16.03/opd/{}", f.opd);
    let bad = app
        .post_form(&path, Some(&admin), &[("name", "Dinas Kesehatan Baru"), ("kind", "bukan-jenis"), ("active", "on")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("value=\"Dinas Kesehatan Baru\"") && bad.body.contains("pilihan tidak dikenal"));
    let good = app.post_form(&path, Some(&admin), &[("name", "Dinas Kesehatan Baru"), ("kind", "dinas")]).await;
    assert_eq!(good.status, StatusCode::SEE_OTHER);
    let opd = app.store.opd(f.tenant, domain::OpdId(f.opd)).await.unwrap();
    assert_eq!(opd.name, "Dinas Kesehatan Baru");
    assert!(!opd.active, "an unticked box deactivates");
}

#[tokio::test]
async fn units_nest_inside_one_opd_without_cycles() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let admin = app.session_for(f.user(Role::PemdaAdmin)).await;
    let child = app
        .post_form(
            "/pemda/16.03/unit",
            Some(&admin),
            &[
                ("opd_id", &f.opd.to_string()),
                ("parent_id", &f.unit.to_string()),
                ("name", "Seksi Rujukan"),
                ("kind", "seksi"),
            ],
        )
        .await;
    assert_eq!(child.status, StatusCode::SEE_OTHER, "{}", child.body);
    let units = app
        .store
        .list_units(f.tenant, &store::ListQuery { page: 1, per_page: 50, ..Default::default() })
        .await
        .unwrap();
    let child_id = units.items.iter().find(|u| u.name == "Seksi Rujukan").unwrap().id;
    // The parent may not become a child of its own child.
    let cycle = app
        .post_form(
            &format!("/pemda/16.03/unit/{}", f.unit),
            Some(&admin),
            &[
                ("opd_id", &f.opd.to_string()),
                ("parent_id", &child_id.to_string()),
                ("name", "Bidang Pelayanan Kesehatan"),
                ("kind", "bidang"),
            ],
        )
        .await;
    assert_eq!(cycle.status, StatusCode::UNPROCESSABLE_ENTITY);
    // A parent from another pemda's OPD is not found.
    let foreign = app
        .post_form(
            "/pemda/16.03/unit",
            Some(&admin),
            &[("opd_id", &f.other_opd.to_string()), ("name", "Seksi Asing"), ("kind", "seksi")],
        )
        .await;
    assert_eq!(foreign.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(foreign.body.contains("tidak ditemukan di pemda ini"));
}

#[tokio::test]
async fn positions_show_their_holder_and_acting_officials() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let admin = app.session_for(f.user(Role::PemdaAdmin)).await;
    let created = app
        .post_form(
            "/pemda/16.03/jabatan",
            Some(&admin),
            &[("opd_id", &f.opd.to_string()), ("name", "Sekretaris Dinas Kesehatan"), ("level", "administrator")],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER);
    let list = app.get("/pemda/16.03/jabatan", Some(&admin)).await.body;
    assert!(list.contains("Sekretaris Dinas Kesehatan") && list.contains("kosong"), "a new position is vacant");
    let position = app
        .store
        .list_positions(
            f.tenant,
            &store::ListQuery { search: Some("Sekretaris Dinas".into()), page: 1, per_page: 5, opd: None },
            time::OffsetDateTime::now_utc().date(),
        )
        .await
        .unwrap()
        .items[0]
        .id;
    let today = time::OffsetDateTime::now_utc().date().to_string();
    let assigned = app
        .post_form(
            &format!("/pemda/16.03/pegawai/{}/penugasan", f.official),
            Some(&admin),
            &[("position_id", &position.to_string()), ("kind", "plt"), ("starts_on", &today)],
        )
        .await;
    assert_eq!(assigned.status, StatusCode::SEE_OTHER, "{}", assigned.body);
    let list = app.get("/pemda/16.03/jabatan?q=sekretaris+dinas", Some(&admin)).await.body;
    assert!(list.contains("Plt. Budi Santoso"), "{list}");
    let wrong_unit = app
        .post_form(
            "/pemda/16.03/jabatan",
            Some(&admin),
            &[("name", "Ajudan"), ("level", "pelaksana"), ("opd_id", &f.opd.to_string()), ("unit_id", "999999")],
        )
        .await;
    assert_eq!(wrong_unit.status, StatusCode::UNPROCESSABLE_ENTITY);
    let no_opd =
        app.post_form("/pemda/16.03/jabatan", Some(&admin), &[("name", "Kepala Seksi"), ("level", "pengawas")]).await;
    assert!(no_opd.body.contains("id=\"opd_id-error\""));
}

#[tokio::test]
async fn officials_are_validated_and_their_history_is_kept() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let admin = app.session_for(f.user(Role::PemdaAdmin)).await;
    let bad = app
        .post_form(
            "/pemda/16.03/pegawai",
            Some(&admin),
            &[("nip", "19800230 200501 1 001"), ("name", "Sari Dewi"), ("golongan", "III/c")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("digit 1–8 (tanggal lahir TTTTBBHH) bukan tanggal yang sah"));
    let duplicate = app
        .post_form(
            "/pemda/16.03/pegawai",
            Some(&admin),
            &[("nip", "198001012005011001"), ("name", "Sari Dewi"), ("golongan", "III/c")],
        )
        .await;
    assert!(duplicate.body.contains("sudah digunakan"));
    let ok = app
        .post_form(
            "/pemda/16.03/pegawai",
            Some(&admin),
            &[
                ("nip", "19850312 201001 2 004"),
                ("name", "Sari Dewi"),
                ("front_titles", ""),
                ("back_titles", "S.E."),
                ("golongan", "iii/c"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let page = app.get(ok.location().unwrap(), Some(&admin)).await.body;
    assert!(
        page.contains("Sari Dewi, S.E.") && page.contains("19850312 201001 2 004") && page.contains("Penata (III/c)")
    );
    assert!(page.contains("Selasa, 12 Maret 1985"), "the birth date read from the NIP, in Indonesian");

    let history = format!("/pemda/16.03/pegawai/{}", f.official);
    let backwards = app
        .post_form(
            &format!("{history}/penugasan"),
            Some(&admin),
            &[
                ("position_id", &f.position.to_string()),
                ("kind", "plh"),
                ("starts_on", "2025-02-01"),
                ("ends_on", "2025-01-01"),
            ],
        )
        .await;
    assert_eq!(backwards.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(backwards.body.contains("tidak boleh sebelum tanggal mulai"));
    let ended = app
        .post_form(&format!("{history}/penugasan/{}/akhiri", f.assignment), Some(&admin), &[("ends_on", "2025-06-30")])
        .await;
    assert_eq!(ended.status, StatusCode::SEE_OTHER);
    let assignments = app.store.assignments(f.tenant, domain::OfficialId(f.official)).await.unwrap();
    assert_eq!(assignments[0].ends_on.map(|d| d.to_string()).as_deref(), Some("2025-06-30"));
    let page = app.get(&history, Some(&admin)).await.body;
    assert!(page.contains("30 Jun"), "the end date is shown");
}

#[tokio::test]
async fn lists_are_paged() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let admin = app.session_for(f.user(Role::PemdaAdmin)).await;
    let code = domain::region::TenantCode::parse("16.03").unwrap();
    for n in 0..30 {
        let draft = domain::drafts::OpdDraft::parse(&code, &format!("Badan Uji {n:02}"), "", "badan", "").unwrap();
        app.store.create_opd(f.tenant, &store::Actor::system("t"), &draft).await.unwrap();
    }
    let first = app.get("/pemda/16.03/opd?q=badan+uji", Some(&admin)).await.body;
    assert!(first.contains("Halaman 1 / 2") && first.contains("Badan Uji 00") && !first.contains("Badan Uji 29"));
    assert!(first.contains("page=2"), "the next link keeps the search");
    let second = app.get("/pemda/16.03/opd?q=badan+uji&page=2", Some(&admin)).await.body;
    assert!(second.contains("Badan Uji 29") && !second.contains("Badan Uji 00"));
}

#[tokio::test]
async fn dashboard_counts_follow_every_write_even_from_another_instance() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let admin = app.session_for(f.user(Role::PemdaAdmin)).await;
    let count = |body: &str, label: &str| -> i64 {
        let before_label = body.split(&format!("<span>{label}</span>")).next().unwrap();
        let value = before_label.rsplit("<span class=\"value\">").next().unwrap();
        value.split('<').next().unwrap().replace('.', "").parse().unwrap()
    };
    let first = app.get("/pemda/16.03", Some(&admin)).await.body;
    assert_eq!(count(&first, "Perangkat daerah"), 1);
    assert_eq!(count(&first, "Jabatan kosong"), 0);
    let other = app.another_instance();
    let created = crate::support::send(
        &other,
        crate::support::request(
            "POST",
            "/pemda/16.03/opd",
            Some(&admin),
            Some(&[("name", "Dinas Sosial"), ("kind", "dinas")]),
        ),
    )
    .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER);
    let position = app
        .post_form(
            "/pemda/16.03/jabatan",
            Some(&admin),
            &[("opd_id", &f.opd.to_string()), ("name", "Sekretaris Dinas"), ("level", "administrator")],
        )
        .await;
    assert_eq!(position.status, StatusCode::SEE_OTHER);
    let second = app.get("/pemda/16.03", Some(&admin)).await.body;
    assert_eq!(count(&second, "Perangkat daerah"), 2, "a write on another instance shows here at once");
    assert_eq!(count(&second, "Jabatan kosong"), 1);
}

#[tokio::test]
async fn assignments_follow_the_rules_for_definitive_and_acting_officials() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let admin = app.session_for(f.user(Role::PemdaAdmin)).await;
    let created = app
        .post_form(
            "/pemda/16.03/pegawai",
            Some(&admin),
            &[("nip", "198203042008012003"), ("name", "Lina Marlina"), ("golongan", "III/d")],
        )
        .await;
    let lina = created.location().unwrap().to_owned();
    let assign = |kind: &'static str, starts: &'static str| {
        let lina = lina.clone();
        let admin = admin.clone();
        let position = f.position.to_string();
        let app = &app;
        async move {
            app.post_form(
                &format!("{lina}/penugasan"),
                Some(&admin),
                &[("position_id", &position), ("kind", kind), ("starts_on", starts)],
            )
            .await
        }
    };
    // Budi holds the position definitively since 2024.
    let second_holder = assign("definitif", "2025-03-01").await;
    assert_eq!(second_holder.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(second_holder.body.contains("sudah dipangku pejabat definitif"));
    let acting = assign("plt", "2025-03-01").await;
    assert!(acting.body.contains("Plt. hanya untuk jabatan yang lowong"));
    let stand_in = assign("plh", "2025-03-01").await;
    assert_eq!(stand_in.status, StatusCode::SEE_OTHER, "a Plh. stands in for an absent holder");
    // Once Budi's tenure ends, Lina may be appointed.
    let ended = format!("/pemda/16.03/pegawai/{}/penugasan/{}/akhiri", f.official, f.assignment);
    assert_eq!(app.post_form(&ended, Some(&admin), &[("ends_on", "2025-12-31")]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(assign("definitif", "2026-01-01").await.status, StatusCode::SEE_OTHER);
}
