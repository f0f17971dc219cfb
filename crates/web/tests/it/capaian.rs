//! Capaian through the router: choosing a rulebook per year, and the
//! pemda's capaian recomputed from its quarters under that rulebook.

use crate::support::{TestApp, fixture};
use axum::http::StatusCode;
use domain::access::Role;
use domain::capaian::Quarter;
use rust_decimal::Decimal;
use store::QuarterValue;

const PAGE: &str = "/pemda/16.03/aturan-capaian";

#[tokio::test]
async fn a_pemda_admin_chooses_the_rulebook_of_a_year_and_it_is_audited() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let admin = app.session_for(f.user(Role::PemdaAdmin)).await;
    let viewer = app.session_for(f.user(Role::Viewer)).await;

    let page = app.get(PAGE, Some(&viewer)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Capaian kinerja – rumus standar nasional"), "the shipped rulebooks are listed");
    assert!(page.body.contains("Sangat Rendah") && page.body.contains("≥ 91,00"), "with their bands");
    assert!(!page.body.contains("id=\"rulebook-choice\""), "a viewer has no form");
    let refused = app.post_form(PAGE, Some(&viewer), &[("tahun", "2026"), ("aturan", "capaian-tr-batas100-v1")]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let too_early = app.post_form(PAGE, Some(&admin), &[("tahun", "2010"), ("aturan", "capaian-tr-batas100-v1")]).await;
    assert_eq!(too_early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(too_early.body.contains("aturan ini baru berlaku mulai tahun 2015"), "{}", too_early.body);
    let unknown = app.post_form(PAGE, Some(&admin), &[("tahun", "2026"), ("aturan", "buatan-sendiri")]).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    let bad_year = app.post_form(PAGE, Some(&admin), &[("tahun", "dua ribu"), ("aturan", "")]).await;
    assert_eq!(bad_year.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(app.store.rulebook_choices(f.tenant, domain::rulebook::RulebookKind::Capaian).await.unwrap().is_empty());

    let chosen = app.post_form(PAGE, Some(&admin), &[("tahun", "2026"), ("aturan", "capaian-tr-batas100-v1")]).await;
    assert_eq!(chosen.status, StatusCode::SEE_OTHER);
    let choices = app.store.rulebook_choices(f.tenant, domain::rulebook::RulebookKind::Capaian).await.unwrap();
    assert_eq!(choices, [(2026, "capaian-tr-batas100-v1".to_string())]);
    let other = app.store.rulebook_choices(f.other_tenant, domain::rulebook::RulebookKind::Capaian).await.unwrap();
    assert!(other.is_empty(), "the choice is the pemda's own");

    let back = app.post_form(PAGE, Some(&admin), &[("tahun", "2026"), ("aturan", "")]).await;
    assert_eq!(back.status, StatusCode::SEE_OTHER);
    assert!(app.store.rulebook_choices(f.tenant, domain::rulebook::RulebookKind::Capaian).await.unwrap().is_empty());
    let log = app
        .store
        .audit_log(
            f.tenant,
            &store::AuditQuery { entity: Some("tenant_rulebook".into()), page: 1, per_page: 10, ..Default::default() },
        )
        .await
        .unwrap();
    assert_eq!(log.items.len(), 2, "choosing and returning to the default are both audited");
}

#[tokio::test]
async fn the_api_recomputes_capaian_under_the_chosen_rulebook() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let token = app.token_for(f.user(Role::Viewer)).await;
    let d = |text: &str| Some(text.parse::<Decimal>().unwrap());
    let quarter = |q| Quarter::new(q).unwrap();
    let values = [
        QuarterValue { indicator: f.indicator, quarter: quarter(1), target: d("80"), actual: d("70") },
        QuarterValue { indicator: f.indicator, quarter: quarter(2), target: d("80"), actual: d("90") },
        QuarterValue { indicator: f.indicator, quarter: quarter(3), target: d("80"), actual: None },
        QuarterValue { indicator: f.indicator, quarter: quarter(4), target: d("80"), actual: d("100") },
    ];
    let before = app.store.data_version(f.tenant).await.unwrap();
    app.store.load_quarter_values(f.tenant, &store::Actor::system("test"), 2026, &values).await.unwrap();
    assert_eq!(
        app.store.data_version(f.tenant).await.unwrap(),
        before + 1,
        "the load is audited, so cached figures go"
    );

    let standard = app.api("GET", "/api/v1/tenants/16.03/capaian?year=2026", Some(&token), None).await.json();
    assert_eq!(standard["rulebook_id"], "capaian-standar-v2");
    // The indicator's kind is "last value". TW III has a target and no actual: it is not a zero,
    // and capaian to date stops before it (data s.d. TW II): 90 against 80, not TW IV's 100.
    assert_eq!(standard["total"]["mean"], "112.5");
    assert_eq!(standard["total"]["mean_rounded"], "112.50");
    assert_eq!(standard["total"]["data_through"], 2);
    assert_eq!(standard["total"]["category"], "Sangat Tinggi");
    assert_eq!(standard["total"]["indicators"], 1);
    assert_eq!(standard["opds"][0]["opd_id"], f.opd);

    let admin = app.session_for(f.user(Role::PemdaAdmin)).await;
    app.post_form(PAGE, Some(&admin), &[("tahun", "2026"), ("aturan", "capaian-tr-batas100-v1")]).await;
    let capped = app.api("GET", "/api/v1/tenants/16.03/capaian?year=2026", Some(&token), None).await.json();
    assert_eq!(capped["rulebook_id"], "capaian-tr-batas100-v1");
    assert_eq!(capped["total"]["mean"], "100", "the variant caps capaian at 100");

    let other_year = app.api("GET", "/api/v1/tenants/16.03/capaian?year=2025", Some(&token), None).await.json();
    assert_eq!(other_year["rulebook_id"], "capaian-standar-v2");
    assert_eq!(other_year["total"]["indicators"], 0);
    assert!(other_year["total"]["mean"].is_null());

    let books = app.api("GET", "/api/v1/tenants/16.03/rulebooks", Some(&token), None).await.json();
    assert_eq!(books["default_id"], "capaian-standar-v2");
    assert_eq!(books["choices"][0]["rulebook_id"], "capaian-tr-batas100-v1");
    assert_eq!(books["rulebooks"][1]["cap"], "100");
    assert_eq!(books["rulebooks"][0]["bands"][0]["from"], "91");

    let outsider = app.token_for(f.other_admin).await;
    let refused = app.api("GET", "/api/v1/tenants/16.03/capaian?year=2026", Some(&outsider), None).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_overview_kept_between_views_follows_every_write_and_the_locale() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let admin = app.session_for(f.user(Role::PemdaAdmin)).await;
    let overview = "/pemda/16.03/capaian?tahun=2026&tw=1";
    let english = |cookie: &str| {
        let mut request = crate::support::request("GET", overview, Some(cookie), None);
        request.headers_mut().insert("accept-language", axum::http::HeaderValue::from_static("en"));
        request
    };

    let before = app.get(overview, Some(&admin)).await;
    assert_eq!(before.status, StatusCode::OK);
    assert!(before.body.contains("Capaian rata-rata") && !before.body.contains("capaian-tr-batas100-v1"));
    let in_english = app.send(english(&admin)).await;
    assert!(in_english.body.contains("Mean capaian") && !in_english.body.contains("Capaian rata-rata"));

    // Any write moves the data version, and the next view shows it.
    let chosen = app.post_form(PAGE, Some(&admin), &[("tahun", "2026"), ("aturan", "capaian-tr-batas100-v1")]).await;
    assert_eq!(chosen.status, StatusCode::SEE_OTHER);
    let after = app.get(overview, Some(&admin)).await;
    assert!(after.body.contains("<code>capaian-tr-batas100-v1</code>"), "{}", after.body);
    assert!(app.send(english(&admin)).await.body.contains("<code>capaian-tr-batas100-v1</code>"));
    let again = app.get(overview, Some(&admin)).await;
    assert!(again.body.contains("Capaian rata-rata"), "the Indonesian page is kept apart from the English one");
}
