//! The audit log: every write is recorded with before and after values, the
//! chain verifies, and changed or deleted entries are found.

use crate::support::{TestApp, fixture};
use axum::http::StatusCode;
use domain::access::Role;
use domain::audit::ChainFault;

#[tokio::test]
async fn every_write_is_logged_with_who_what_and_the_values_before_and_after() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let admin = app.session_for(f.user(Role::PemdaAdmin)).await;
    let path = format!("/pemda/16.03/opd/{}", f.opd);
    assert_eq!(
        app.post_form(
            &path,
            Some(&admin),
            &[("name", "Dinas Kesehatan Daerah"), ("short_name", "Dinkes"), ("kind", "dinas"), ("active", "on")]
        )
        .await
        .status,
        StatusCode::SEE_OTHER
    );
    let log = app
        .store
        .audit_log(
            f.tenant,
            &store::AuditQuery {
                entity: Some("opd".into()),
                action: Some("update".into()),
                page: 1,
                per_page: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(log.total, 1);
    let entry = &log.items[0];
    assert_eq!(entry.actor, "admin.pemda");
    assert_eq!(entry.actor_user_id, Some(f.user(Role::PemdaAdmin).0));
    assert_eq!(entry.entity_id, Some(f.opd));
    assert!(entry.before_value.as_deref().unwrap().contains("\"name\":\"Dinas Kesehatan\""));
    assert!(entry.after_value.as_deref().unwrap().contains("\"name\":\"Dinas Kesehatan Daerah\""));

    let page = app.get("/pemda/16.03/audit?entity=opd", Some(&admin)).await.body;
    assert!(page.contains("Dinas Kesehatan Daerah") && page.contains("admin.pemda") && page.contains("ubah"));
    let by_actor = app.get("/pemda/16.03/audit?actor=tidak-ada", Some(&admin)).await.body;
    assert!(by_actor.contains("Belum ada data."));
    let today = time::OffsetDateTime::now_utc().date();
    let dated = app
        .get(&format!("/pemda/16.03/audit?from={today}&until={today}&entity=opd&action=update"), Some(&admin))
        .await
        .body;
    assert!(dated.contains("Dinas Kesehatan Daerah"));
    let yesterday = today.previous_day().unwrap();
    let before = app.get(&format!("/pemda/16.03/audit?until={yesterday}"), Some(&admin)).await.body;
    assert!(before.contains("Belum ada data."));
}

#[tokio::test]
async fn a_failed_write_leaves_neither_data_nor_an_audit_entry() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let admin = app.session_for(f.user(Role::PemdaAdmin)).await;
    let count = || async {
        app.store
            .audit_log(f.tenant, &store::AuditQuery { page: 1, per_page: 1, ..Default::default() })
            .await
            .unwrap()
            .total
    };
    let before = count().await;
    let duplicate = app
        .post_form(
            "/pemda/16.03/pegawai",
            Some(&admin),
            &[("nip", "198001012005011001"), ("name", "Orang Lain"), ("golongan", "III/a")],
        )
        .await;
    assert_eq!(duplicate.status, StatusCode::UNPROCESSABLE_ENTITY);
    let bad_unit = app
        .post_form(
            "/pemda/16.03/jabatan",
            Some(&admin),
            &[("opd_id", &f.opd.to_string()), ("unit_id", "424242"), ("name", "X"), ("level", "pengawas")],
        )
        .await;
    assert_eq!(bad_unit.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(count().await, before);
    assert_eq!(app.store.verify_audit().await.unwrap().1, vec![]);
}

#[tokio::test]
async fn the_log_cannot_be_edited_through_the_database() {
    let app = TestApp::new().await;
    fixture(&app).await;
    assert!(app.store.execute_unchecked("UPDATE audit_log SET actor = 'siapa' WHERE seq = 1").await.is_err());
    assert!(app.store.execute_unchecked("DELETE FROM audit_log WHERE seq = 1").await.is_err());
}

/// Drops the append-only guard, as someone with direct database access could.
async fn remove_guard(app: &TestApp) {
    let sql = match app.store.backend_name() {
        "sqlite" => "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;",
        _ => "DROP TRIGGER audit_log_no_change ON audit_log;",
    };
    app.store.execute_unchecked(sql).await.unwrap();
}

#[tokio::test]
async fn verification_finds_changed_and_deleted_entries() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let (entries, faults) = app.store.verify_audit().await.unwrap();
    assert!(entries > 10, "the fixture wrote {entries} entries");
    assert_eq!(faults, vec![]);
    let chain = f.tenant.0;
    remove_guard(&app).await;

    app.store.execute_unchecked(&format!("UPDATE audit_log SET after_value = replace(after_value, 'Budi', 'Bobi') WHERE chain = {chain} AND entity = 'official'")).await.unwrap();
    let (_, faults) = app.store.verify_audit().await.unwrap();
    assert!(faults.iter().any(|f| matches!(f, ChainFault::Altered { chain: c, .. } if *c == chain)), "{faults:?}");

    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let chain = f.tenant.0;
    remove_guard(&app).await;
    app.store.execute_unchecked(&format!("DELETE FROM audit_log WHERE chain = {chain} AND seq = 3")).await.unwrap();
    let (_, faults) = app.store.verify_audit().await.unwrap();
    assert_eq!(faults, vec![ChainFault::Missing { chain, after_seq: 2, found_seq: 4 }]);

    let last: i64 = app
        .store
        .audit_log(f.tenant, &store::AuditQuery { page: 1, per_page: 1, ..Default::default() })
        .await
        .unwrap()
        .items[0]
        .seq;
    app.store
        .execute_unchecked(&format!("DELETE FROM audit_log WHERE chain = {chain} AND seq = {last}"))
        .await
        .unwrap();
    let (_, faults) = app.store.verify_audit().await.unwrap();
    assert!(faults.contains(&ChainFault::Truncated { chain, last_seq: last - 1, head_seq: last }), "{faults:?}");
}

#[tokio::test]
async fn concurrent_writers_keep_one_unbroken_chain() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let admin = app.session_for(f.user(Role::PemdaAdmin)).await;
    let instances: Vec<_> = (0..4).map(|_| app.another_instance()).collect();
    let before = app.store.verify_audit().await.unwrap().0;
    let writes = (0..24).map(|n| {
        let router = instances[n % instances.len()].clone();
        let admin = admin.clone();
        tokio::spawn(async move {
            let name = format!("Badan Serentak {n:02}");
            let form = [("name", name.as_str()), ("kind", "badan")];
            crate::support::send(
                &router,
                crate::support::request("POST", "/pemda/16.03/opd", Some(&admin), Some(&form)),
            )
            .await
            .status
        })
    });
    for write in writes.collect::<Vec<_>>() {
        assert_eq!(write.await.unwrap(), StatusCode::SEE_OTHER);
    }
    let (entries, faults) = app.store.verify_audit().await.unwrap();
    assert_eq!(faults, vec![]);
    assert_eq!(entries, before + 24, "every write logged exactly once");
}
