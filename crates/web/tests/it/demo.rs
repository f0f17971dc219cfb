//! The demo pemda loads into an empty database and is what the README promises.

use crate::support::fresh_store;
use domain::nip::Nip;
use store::ListQuery;

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

/// The case that showed a missing quarter counted as zero (issue 15): on the
/// demo as loaded on 30 November 2026, Dinas Kesehatan's capaian to date,
/// then a partial TW IV report (2 of its lines) approved. Cumulated targets
/// to TW IV against actuals without the unreported quarter made the figure
/// fall by a fifth while the trend said above 100 %; now every figure says
/// how far its data reach, and a quarter without data changes nothing.
#[tokio::test]
async fn a_partial_fourth_quarter_does_not_pull_dinas_kesehatan_down() {
    use domain::capaian::{Quarter, overview};
    use domain::realisation::{Entry, ReportStep};
    use rust_decimal::Decimal;
    let (store, _file) = fresh_store().await;
    let today = time::macros::date!(2026 - 11 - 30);
    let summary = demo::load(&store, |p| format!("plain:{p}"), today).await.unwrap();
    let tenant = summary.tenant.tenant_id();
    let dinkes = store.opd_options(tenant).await.unwrap().into_iter().find(|(_, n)| n == "Dinas Kesehatan").unwrap().0;
    let books = domain::rulebook::Rulebooks::builtin().unwrap();
    let (_, rules) = books.capaian_or_default(None);
    let figures = |years: Vec<(Option<i64>, Vec<domain::capaian::IndicatorYear>)>, upto: Quarter| {
        let own: Vec<_> = years.into_iter().filter(|(opd, _)| *opd == Some(dinkes)).collect();
        overview(rules, &own, upto)
    };
    let q3 = Quarter::new(3).unwrap();
    let before = figures(store.indicator_year(tenant, 2026).await.unwrap(), Quarter::LAST);
    let through = before.total.through.expect("the demo has approved quarters");
    assert!(through <= q3, "nothing of TW IV is approved yet");

    // Two lines of TW IV, above their targets, approved.
    let key = store::ReportKey { opd: dinkes, year: 2026, quarter: Quarter::LAST, today };
    let lines = store.report_lines(tenant, dinkes, 2026).await.unwrap();
    let entries: Vec<_> = lines
        .iter()
        .filter(|l| matches!(l.subject, domain::realisation::Subject::Indicator(_)))
        .filter_map(|l| {
            Some((
                l.subject,
                Entry { actual: Some(l.target(Quarter::LAST)? * Decimal::new(11, 1)), ..Entry::default() },
            ))
        })
        .filter(|(_, e)| e.actual.is_some_and(|a| a <= Decimal::ONE_HUNDRED))
        .take(2)
        .collect();
    assert_eq!(entries.len(), 2);
    let actor = store::Actor::system("uji");
    store.import_entries(tenant, &actor, key, &entries, &[], false).await.unwrap();
    store.report_step(tenant, &actor, key, ReportStep::Submit, "", true).await.unwrap();
    store.report_step(tenant, &actor, key, ReportStep::Approve, "", false).await.unwrap();

    let after = figures(store.indicator_year(tenant, 2026).await.unwrap(), Quarter::LAST);
    let reported: Vec<i64> = entries
        .iter()
        .filter_map(|(s, _)| match s {
            domain::realisation::Subject::Indicator(id) => Some(*id),
            _ => None,
        })
        .collect();
    for standing in &after.indicators {
        let was = before.standing(standing.indicator).unwrap();
        if reported.contains(&standing.indicator) && was.through == Some(q3) {
            // Its data now reach TW IV, with TW IV's target beside TW IV's actual.
            assert_eq!(standing.through, Some(Quarter::LAST));
        } else {
            assert_eq!((standing.to_date, standing.through), (was.to_date, was.through), "{}", standing.indicator);
        }
    }
    // The OPD's figure moves only by what the two new quarters add: above their targets, it cannot fall.
    let (before_mean, after_mean) = (before.total.mean.unwrap(), after.total.mean.unwrap());
    assert!(after_mean >= before_mean - Decimal::new(1, 2), "{before_mean} → {after_mean}");
    // And the trend at TW IV counts only the indicators whose data reach TW IV.
    assert_eq!(
        after.trend[3].1.indicators as usize,
        after.indicators.iter().filter(|s| s.through == Some(Quarter::LAST)).count()
    );
    eprintln!(
        "Dinas Kesehatan: {} ({}) before, {} ({}) after a partial TW IV",
        domain::format::percent(before_mean, domain::Locale::Id),
        before.total.coverage(domain::Locale::Id),
        domain::format::percent(after_mean, domain::Locale::Id),
        after.total.coverage(domain::Locale::Id)
    );
}
