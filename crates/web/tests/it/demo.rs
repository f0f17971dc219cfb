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
    assert!(counts.officials >= 500 && counts.vacant_positions > 0 && counts.acting_assignments > 0, "{counts:?}");
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
    let slots = store.pk_slots(tenant, today.year(), None, today).await.unwrap();
    let drafted = slots.iter().filter(|s| s.version_id.is_some()).count();
    assert!(drafted >= 500, "this year's PK drafted for at least 500 officials: {drafted}");
}

#[tokio::test]
async fn the_demo_plans_cover_the_rpjmd_every_opd_and_this_years_renja() {
    let (store, _file) = fresh_store().await;
    let today = time::OffsetDateTime::now_utc().date();
    let summary = demo::load(&store, |p| format!("plain:{p}"), today).await.unwrap();
    let tenant = summary.tenant.tenant_id();
    let cascade = store.cascade(tenant).await.unwrap();
    let rpjmd = cascade.rpjmd.expect("an RPJMD in force");
    let count = |kind| rpjmd.elements.iter().filter(|e| e.draft.kind == kind).count();
    use domain::planning::ElementKind::*;
    assert_eq!((count(Misi), count(Tujuan), count(Sasaran)), (5, 10, 20));
    assert!((35..=45).contains(&rpjmd.indicator_count()));
    assert_eq!(cascade.renstra.len(), summary.opds, "a Renstra for every OPD and kecamatan");
    let dinkes = store.opd_options(tenant).await.unwrap().into_iter().find(|(_, n)| n == "Dinas Kesehatan").unwrap().0;
    let renja = store.renja(tenant, dinkes, 2026).await.unwrap();
    assert!(renja.iter().any(|r| r.pagu.is_some() && r.pagu_perubahan.is_some()), "budgets and a few changes");
    let statuses = store.code_statuses(tenant).await.unwrap();
    assert!(statuses.values().all(|s| *s == domain::cascade::CodeStatus::Current), "the demo uses codes in force");
}
