//! The demo pemda loads into an empty database and is what the README promises.

use crate::support::fresh_store;
use domain::nip::Nip;
use store::{ListQuery, demo};

#[tokio::test]
async fn the_demo_is_muara_enim_with_its_22_kecamatan() {
    let (store, _file) = fresh_store().await;
    let today = time::OffsetDateTime::now_utc().date();
    let summary = demo::load(&store, |p| format!("plain:{p}"), today).await.unwrap();
    let tenant = summary.tenant.tenant_id();
    assert_eq!(summary.tenant.name, "Kabupaten Muara Enim");
    let counts = store.tenant_summary(tenant, today).await.unwrap();
    assert_eq!(counts.kecamatan, 22);
    assert!((28..=40).contains(&counts.opds), "about 30 OPD, got {}", counts.opds);
    assert!(counts.officials > 300 && counts.vacant_positions > 0 && counts.acting_assignments > 0, "{counts:?}");
    let all = ListQuery { page: 1, per_page: 200, ..Default::default() };
    let mut page = 1;
    loop {
        let officials = store.list_officials(tenant, &ListQuery { page, ..all.clone() }, today).await.unwrap();
        for official in &officials.items {
            assert!(Nip::parse(&official.nip).is_ok(), "{}", official.nip);
        }
        if page >= officials.pages() {
            break;
        }
        page += 1;
    }
    for account in demo::ACCOUNTS {
        assert!(store.credentials(account.username).await.unwrap().is_some(), "{}", account.username);
    }
    let (entries, faults) = store.verify_audit().await.unwrap();
    assert!(entries > 1000 && faults.is_empty());
}
