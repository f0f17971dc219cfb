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

#[tokio::test]
async fn wrong_passwords_lock_the_account_for_a_while() {
    let app = TestApp::new().await;
    fixture(&app).await;
    for attempt in 1..=4 {
        let response =
            app.post_form("/masuk", None, &[("username", "pemantau"), ("password", "salah-salah-salah")]).await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED, "attempt {attempt}");
        assert!(response.body.contains("Nama pengguna atau kata sandi salah"));
    }
    let fifth = app.post_form("/masuk", None, &[("username", "pemantau"), ("password", "salah-salah-salah")]).await;
    assert_eq!(fifth.status, StatusCode::FORBIDDEN);
    assert!(fifth.body.contains("dikunci sementara"));
    let right = app.post_form("/masuk", None, &[("username", "pemantau"), ("password", PASSWORD)]).await;
    assert_eq!(right.status, StatusCode::FORBIDDEN, "the right password does not open a locked account");
    assert!(right.set_cookie().is_none());
}

#[tokio::test]
async fn unknown_users_get_the_same_answer_as_wrong_passwords() {
    let app = TestApp::new().await;
    fixture(&app).await;
    let unknown = app.post_form("/masuk", None, &[("username", "tidak.ada"), ("password", "apa-saja-123")]).await;
    let wrong = app.post_form("/masuk", None, &[("username", "pemantau"), ("password", "apa-saja-123")]).await;
    assert_eq!(unknown.status, wrong.status);
    assert!(unknown.body.contains("Nama pengguna atau kata sandi salah"));
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
