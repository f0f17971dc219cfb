//! Login, sessions across instances, logout, lockout, rate limits, CSRF and password changes.

use crate::support::{PASSWORD, TestApp, fixture, request, send, test_config};
use axum::http::StatusCode;
use domain::access::Role;

#[tokio::test]
async fn login_sets_a_secure_session_cookie_and_lands_on_the_pemda() {
    let app = TestApp::new().await;
    fixture(&app).await;
    let response =
        app.post_form("/masuk", None, &[("username", "admin.pemda"), ("password", PASSWORD), ("next", "")]).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    let cookie = response.set_cookie().unwrap();
    for flag in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
        assert!(cookie.contains(flag), "{flag} missing in {cookie}");
    }
    let session = response.session_cookie().unwrap();
    let root = app.get("/", Some(&session)).await;
    assert_eq!(root.location(), Some("/pemda/16.03"));
    let home = app.get("/pemda/16.03", Some(&session)).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("Kabupaten Muara Enim"));
}

#[tokio::test]
async fn a_session_made_on_one_instance_works_on_another_and_logout_ends_it_everywhere() {
    let app = TestApp::new().await;
    fixture(&app).await;
    let session = app.login("admin.pemda", PASSWORD).await;
    let second = app.another_instance();
    assert_eq!(send(&second, request("GET", "/pemda/16.03/opd", Some(&session), None)).await.status, StatusCode::OK);
    let logout = send(&second, request("POST", "/keluar", Some(&session), Some(&[]))).await;
    assert_eq!(logout.location(), Some("/masuk"));
    assert!(logout.set_cookie().unwrap().contains("Max-Age=0"));
    let after = app.get("/pemda/16.03/opd", Some(&session)).await;
    assert_eq!(after.status, StatusCode::SEE_OTHER);
    assert_eq!(after.location(), Some("/masuk?next=/pemda/16.03/opd"));
}

/// Signs in from a client address (behind a trusted proxy).
async fn login_from(app: &TestApp, address: &str, username: &str, password: &str) -> crate::support::TestResponse {
    let mut post = request("POST", "/masuk", None, Some(&[("username", username), ("password", password)]));
    post.headers_mut().insert("x-forwarded-for", address.parse().unwrap());
    app.send(post).await
}

#[tokio::test]
async fn failed_logins_slow_down_one_name_from_one_address_and_lock_nobody_out() {
    let app = TestApp::with_config(web::WebConfig { trust_forwarded_for: true, ..test_config() }).await;
    fixture(&app).await;
    let attacker = "203.0.113.9";
    // A real name and one that does not exist answer alike, attempt by attempt.
    for attempt in 1..=4 {
        for name in ["pemantau", "tidak.ada"] {
            let response = login_from(&app, attacker, name, "salah-salah-salah").await;
            assert_eq!(response.status, StatusCode::UNAUTHORIZED, "{name}, attempt {attempt}");
            assert!(response.body.contains("Nama pengguna atau kata sandi salah"));
        }
    }
    let real = login_from(&app, attacker, "pemantau", "salah-salah-salah").await;
    let unknown = login_from(&app, attacker, "tidak.ada", "salah-salah-salah").await;
    assert_eq!((real.status, unknown.status), (StatusCode::TOO_MANY_REQUESTS, StatusCode::TOO_MANY_REQUESTS));
    assert!(real.body.contains("Coba lagi setelah"));
    // The pages differ only in the name typed back into the field.
    assert_eq!(real.body.replace("pemantau", "NAMA"), unknown.body.replace("tidak.ada", "NAMA"));
    // From that address the pair waits, even with the right password...
    let waiting = login_from(&app, attacker, "pemantau", PASSWORD).await;
    assert_eq!(waiting.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(waiting.set_cookie().is_none());
    // ...while the owner, on their own address, signs in as usual.
    let owner = login_from(&app, "198.51.100.7", "pemantau", PASSWORD).await;
    assert_eq!(owner.status, StatusCode::SEE_OTHER, "five anonymous requests lock nobody out");
    assert!(owner.session_cookie().is_some());
}

#[tokio::test]
async fn api_tokens_end_for_good_with_a_password_change_a_reset_or_a_deactivation() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let admin = app.session_for(f.user(Role::PemdaAdmin)).await;
    let me = |token: String| {
        let app = &app;
        async move { app.api("GET", "/api/v1/me", Some(&token), None).await.status }
    };

    // The owner changes the password: the token stops working.
    let viewer = app.login("pemantau", PASSWORD).await;
    let token = app.token_for(f.user(Role::Viewer)).await;
    assert_eq!(me(token.clone()).await, StatusCode::OK);
    let new = "frasa-baru-yang-panjang";
    let changed = app
        .post_form(
            "/akun/sandi",
            Some(&viewer),
            &[("current_password", PASSWORD), ("new_password", new), ("confirm_password", new)],
        )
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER);
    assert_eq!(me(token).await, StatusCode::UNAUTHORIZED);

    // An admin resets the password: the same.
    let token = app.token_for(f.managed_user).await;
    let reset = format!("/pemda/16.03/pengguna/{}/sandi", f.managed_user.0);
    let done = app.post_form(&reset, Some(&admin), &[("new_password", new), ("confirm_password", new)]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(me(token).await, StatusCode::UNAUTHORIZED);

    // Deactivated and reactivated: the token stays dead.
    let token = app.token_for(f.managed_user).await;
    let status = format!("/pemda/16.03/pengguna/{}/status", f.managed_user.0);
    assert_eq!(app.post_form(&status, Some(&admin), &[("active", "false")]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(me(token.clone()).await, StatusCode::UNAUTHORIZED);
    assert_eq!(app.post_form(&status, Some(&admin), &[("active", "true")]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(me(token).await, StatusCode::UNAUTHORIZED, "reactivation does not revive a token");
}

#[tokio::test]
async fn the_language_switch_returns_only_to_a_path_of_this_site() {
    let app = TestApp::new().await;
    for (next, expected) in [
        ("/pemda/16.03", "/pemda/16.03"),
        ("/%09/evil.example", "/"),
        ("//evil.example", "/"),
        ("/%0d%0aSet-Cookie:%20x=1", "/"),
        ("/%5Cevil.example", "/"),
        ("https://evil.example", "/"),
    ] {
        let response = app.get(&format!("/bahasa/en?next={next}"), None).await;
        assert_eq!(response.status, StatusCode::SEE_OTHER, "{next}");
        assert_eq!(response.location(), Some(expected), "{next}");
    }
}

#[tokio::test]
async fn login_attempts_are_rate_limited_per_address() {
    let app = TestApp::with_config(web::WebConfig { login_attempts_per_minute: 3, ..test_config() }).await;
    fixture(&app).await;
    for _ in 0..3 {
        let response = app.post_form("/masuk", None, &[("username", "nobody"), ("password", "x")]).await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    }
    let limited = app.post_form("/masuk", None, &[("username", "admin.pemda"), ("password", PASSWORD)]).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn the_login_page_never_redirects_to_another_site() {
    let app = TestApp::new().await;
    fixture(&app).await;
    let response = app
        .post_form("/masuk", None, &[("username", "admin.pemda"), ("password", PASSWORD), ("next", "//evil.example/")])
        .await;
    assert_eq!(response.location(), Some("/"));
}

#[tokio::test]
async fn cross_site_form_posts_are_refused_and_change_nothing() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let session = app.session_for(f.user(Role::PemdaAdmin)).await;
    let mut forged =
        request("POST", "/pemda/16.03/opd", Some(&session), Some(&[("name", "Dinas Palsu"), ("kind", "dinas")]));
    forged.headers_mut().insert("sec-fetch-site", "cross-site".parse().unwrap());
    assert_eq!(app.send(forged).await.status, StatusCode::FORBIDDEN);
    let mut foreign_origin =
        request("POST", "/pemda/16.03/opd", Some(&session), Some(&[("name", "Dinas Palsu"), ("kind", "dinas")]));
    foreign_origin.headers_mut().insert("origin", "https://evil.example".parse().unwrap());
    foreign_origin.headers_mut().insert("host", "kinerja.muaraenimkab.go.id".parse().unwrap());
    assert_eq!(app.send(foreign_origin).await.status, StatusCode::FORBIDDEN);
    let mut same_origin =
        request("POST", "/pemda/16.03/opd", Some(&session), Some(&[("name", "Dinas Asli"), ("kind", "dinas")]));
    same_origin.headers_mut().insert("sec-fetch-site", "same-origin".parse().unwrap());
    assert_eq!(app.send(same_origin).await.status, StatusCode::SEE_OTHER);
    let list = app.get("/pemda/16.03/opd", Some(&session)).await.body;
    assert!(!list.contains("Dinas Palsu") && list.contains("Dinas Asli"));
}

#[tokio::test]
async fn changing_the_password_needs_the_old_one_and_ends_other_sessions() {
    let app = TestApp::new().await;
    fixture(&app).await;
    let first = app.login("pemantau", PASSWORD).await;
    let second = app.login("pemantau", PASSWORD).await;
    let wrong = app
        .post_form(
            "/akun/sandi",
            Some(&first),
            &[
                ("current_password", "bukan-ini-123"),
                ("new_password", "frasa-baru-yang-panjang"),
                ("confirm_password", "frasa-baru-yang-panjang"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("kata sandi salah"));
    let mismatch = app
        .post_form(
            "/akun/sandi",
            Some(&first),
            &[
                ("current_password", PASSWORD),
                ("new_password", "frasa-baru-yang-panjang"),
                ("confirm_password", "lain"),
            ],
        )
        .await;
    assert!(mismatch.body.contains("konfirmasi kata sandi tidak sama"));
    let changed = app
        .post_form(
            "/akun/sandi",
            Some(&first),
            &[
                ("current_password", PASSWORD),
                ("new_password", "frasa-baru-yang-panjang"),
                ("confirm_password", "frasa-baru-yang-panjang"),
            ],
        )
        .await;
    assert_eq!(changed.location(), Some("/akun?saved=1"));
    let renewed = changed.session_cookie().unwrap();
    assert_eq!(app.get("/akun", Some(&renewed)).await.status, StatusCode::OK);
    assert_eq!(app.get("/akun", Some(&second)).await.status, StatusCode::SEE_OTHER, "the other session ended");
    app.login("pemantau", "frasa-baru-yang-panjang").await;
}

#[tokio::test]
async fn a_deactivated_account_is_signed_out_at_once() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let admin = app.session_for(f.user(Role::PemdaAdmin)).await;
    let staff = app.login("staf.dinkes", PASSWORD).await;
    let path = format!("/pemda/16.03/pengguna/{}/status", f.managed_user.0);
    assert_eq!(app.post_form(&path, Some(&admin), &[("active", "false")]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get("/pemda/16.03", Some(&staff)).await.status, StatusCode::SEE_OTHER);
    let again = app.post_form("/masuk", None, &[("username", "staf.dinkes"), ("password", PASSWORD)]).await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);
    let own = format!("/pemda/16.03/pengguna/{}/status", f.user(Role::PemdaAdmin).0);
    assert_eq!(app.post_form(&own, Some(&admin), &[("active", "false")]).await.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn pages_speak_english_when_asked() {
    let app = TestApp::new().await;
    fixture(&app).await;
    let switch = app.get("/bahasa/en?next=/masuk", None).await;
    assert_eq!(switch.location(), Some("/masuk"));
    let cookie = switch.session_cookie().unwrap();
    assert_eq!(cookie, "kinerja_bahasa=en");
    let page = app.get("/masuk", Some(&cookie)).await;
    assert!(page.body.contains("Sign in to Kinerja") && page.body.contains("lang=\"en\""));
    let default = app.get("/masuk", None).await;
    assert!(default.body.contains("Masuk ke Kinerja") && default.body.contains("lang=\"id\""));
}

#[tokio::test]
async fn an_idle_session_expires() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let secret = "sesi-kedaluwarsa-uji";
    let hash = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(secret.as_bytes()));
    let long_ago = time::OffsetDateTime::now_utc() - time::Duration::hours(10);
    app.store.create_session(f.user(Role::Viewer), &hash, long_ago, long_ago + time::Duration::hours(8)).await.unwrap();
    let response = app.get("/pemda/16.03", Some(&format!("kinerja_sesi={secret}"))).await;
    assert_eq!(response.location(), Some("/masuk?next=/pemda/16.03"));
    assert_eq!(app.store.purge_sessions(time::OffsetDateTime::now_utc()).await.unwrap(), 1);
}
