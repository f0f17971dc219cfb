//! Every route, walked by every role and by an admin of another pemda.
//! The matrix below is the access policy written out by hand; a route that
//! the router has and the matrix lacks (or the other way round) fails.

use crate::support::{Fixture, ROLES, TestApp, fixture};
use axum::http::StatusCode;
use domain::access::Role;
use domain::access::Role::*;

#[derive(Debug, Clone, Copy)]
enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in user, of any pemda.
    SignedIn,
    /// Only these roles, inside their own pemda.
    Roles(&'static [Role]),
}
use Access::*;

const READERS: &[Role] = &[NationalAdmin, PemdaAdmin, OpdOperator, Official, Verifier, Evaluator, Viewer];
const ADMINS: &[Role] = &[NationalAdmin, PemdaAdmin];
const STRUCTURE: &[Role] = &[NationalAdmin, PemdaAdmin, OpdOperator];
const AUDITORS: &[Role] = &[NationalAdmin, PemdaAdmin, Evaluator];
const NATIONAL: &[Role] = &[NationalAdmin];
const REVIEWERS: &[Role] = &[NationalAdmin, PemdaAdmin, Verifier];
/// Signing is not a role's: only an account linked to an official signs,
/// and in the fixture that is the `Official` account.
const SIGNERS: &[Role] = &[Official];

const MATRIX: &[(&str, &str, Access)] = &[
    ("GET", "/healthz", Public),
    ("GET", "/metrics", Public),
    ("GET", "/static/{*path}", Public),
    ("GET", "/masuk", Public),
    ("POST", "/masuk", Public),
    ("GET", "/bahasa/{lang}", Public),
    ("GET", "/api/openapi.json", Public),
    ("GET", "/api/docs", Public),
    ("GET", "/verifikasi", Public),
    ("POST", "/verifikasi", Public),
    ("GET", "/verifikasi/{code}", Public),
    ("GET", "/", SignedIn),
    ("POST", "/keluar", SignedIn),
    ("GET", "/pemda", SignedIn),
    ("POST", "/pemda", Roles(NATIONAL)),
    ("GET", "/akun", SignedIn),
    ("POST", "/akun/sandi", SignedIn),
    ("POST", "/akun/token", SignedIn),
    ("POST", "/akun/token/{id}/cabut", SignedIn),
    ("POST", "/akun/kunci", Roles(SIGNERS)),
    ("GET", "/pemda/{kode}", Roles(READERS)),
    ("GET", "/pemda/{kode}/opd", Roles(READERS)),
    ("POST", "/pemda/{kode}/opd", Roles(ADMINS)),
    ("GET", "/pemda/{kode}/opd/baru", Roles(ADMINS)),
    ("GET", "/pemda/{kode}/opd/{id}", Roles(READERS)),
    ("POST", "/pemda/{kode}/opd/{id}", Roles(ADMINS)),
    ("GET", "/pemda/{kode}/opd/{id}/ubah", Roles(ADMINS)),
    ("GET", "/pemda/{kode}/unit", Roles(READERS)),
    ("POST", "/pemda/{kode}/unit", Roles(STRUCTURE)),
    ("GET", "/pemda/{kode}/unit/baru", Roles(STRUCTURE)),
    ("POST", "/pemda/{kode}/unit/{id}", Roles(STRUCTURE)),
    ("GET", "/pemda/{kode}/unit/{id}/ubah", Roles(STRUCTURE)),
    ("GET", "/pemda/{kode}/jabatan", Roles(READERS)),
    ("POST", "/pemda/{kode}/jabatan", Roles(STRUCTURE)),
    ("GET", "/pemda/{kode}/jabatan/baru", Roles(STRUCTURE)),
    ("POST", "/pemda/{kode}/jabatan/{id}", Roles(STRUCTURE)),
    ("GET", "/pemda/{kode}/jabatan/{id}/ubah", Roles(STRUCTURE)),
    ("GET", "/pemda/{kode}/pegawai", Roles(READERS)),
    ("POST", "/pemda/{kode}/pegawai", Roles(ADMINS)),
    ("GET", "/pemda/{kode}/pegawai/baru", Roles(ADMINS)),
    ("GET", "/pemda/{kode}/pegawai/{id}", Roles(READERS)),
    ("POST", "/pemda/{kode}/pegawai/{id}", Roles(ADMINS)),
    ("GET", "/pemda/{kode}/pegawai/{id}/ubah", Roles(ADMINS)),
    ("POST", "/pemda/{kode}/pegawai/{id}/penugasan", Roles(ADMINS)),
    ("POST", "/pemda/{kode}/pegawai/{id}/penugasan/{sub}/akhiri", Roles(ADMINS)),
    ("GET", "/pemda/{kode}/pengguna", Roles(ADMINS)),
    ("POST", "/pemda/{kode}/pengguna", Roles(ADMINS)),
    ("GET", "/pemda/{kode}/pengguna/baru", Roles(ADMINS)),
    ("GET", "/pemda/{kode}/pengguna/{id}", Roles(ADMINS)),
    ("POST", "/pemda/{kode}/pengguna/{id}/peran", Roles(ADMINS)),
    ("POST", "/pemda/{kode}/pengguna/{id}/peran/{sub}/hapus", Roles(ADMINS)),
    ("POST", "/pemda/{kode}/pengguna/{id}/status", Roles(ADMINS)),
    ("POST", "/pemda/{kode}/pengguna/{id}/sandi", Roles(ADMINS)),
    ("POST", "/pemda/{kode}/pengguna/{id}/pejabat", Roles(ADMINS)),
    ("GET", "/pemda/{kode}/audit", Roles(AUDITORS)),
    ("GET", "/pemda/{kode}/rencana", Roles(READERS)),
    ("POST", "/pemda/{kode}/rencana", Roles(STRUCTURE)),
    ("GET", "/pemda/{kode}/rencana/{id}", Roles(READERS)),
    ("POST", "/pemda/{kode}/rencana/{id}", Roles(STRUCTURE)),
    ("POST", "/pemda/{kode}/rencana/{id}/setujui", Roles(ADMINS)),
    ("POST", "/pemda/{kode}/rencana/{id}/perubahan", Roles(STRUCTURE)),
    ("POST", "/pemda/{kode}/rencana/{id}/elemen", Roles(STRUCTURE)),
    ("GET", "/pemda/{kode}/rencana/{id}/elemen/{sub}", Roles(READERS)),
    ("POST", "/pemda/{kode}/rencana/{id}/elemen/{sub}", Roles(STRUCTURE)),
    ("POST", "/pemda/{kode}/rencana/{id}/elemen/{sub}/hapus", Roles(STRUCTURE)),
    ("POST", "/pemda/{kode}/rencana/{id}/elemen/{sub}/indikator", Roles(STRUCTURE)),
    ("GET", "/pemda/{kode}/rencana/{id}/indikator/{sub}", Roles(READERS)),
    ("POST", "/pemda/{kode}/rencana/{id}/indikator/{sub}", Roles(STRUCTURE)),
    ("POST", "/pemda/{kode}/rencana/{id}/indikator/{sub}/hapus", Roles(STRUCTURE)),
    ("GET", "/pemda/{kode}/rencana/{id}/unduh", Roles(READERS)),
    ("GET", "/pemda/{kode}/rencana/{id}/templat", Roles(READERS)),
    ("GET", "/pemda/{kode}/rencana/{id}/impor", Roles(STRUCTURE)),
    ("POST", "/pemda/{kode}/rencana/{id}/impor", Roles(STRUCTURE)),
    ("POST", "/pemda/{kode}/rencana/{id}/impor/{sub}", Roles(STRUCTURE)),
    ("GET", "/pemda/{kode}/renja", Roles(READERS)),
    ("POST", "/pemda/{kode}/renja/{id}", Roles(STRUCTURE)),
    ("GET", "/pemda/{kode}/renja/unduh", Roles(READERS)),
    ("POST", "/pemda/{kode}/renja/impor", Roles(STRUCTURE)),
    ("POST", "/pemda/{kode}/renja/impor/{id}", Roles(STRUCTURE)),
    ("GET", "/pemda/{kode}/aturan-capaian", Roles(READERS)),
    ("POST", "/pemda/{kode}/aturan-capaian", Roles(ADMINS)),
    ("GET", "/pemda/{kode}/pk", Roles(READERS)),
    ("POST", "/pemda/{kode}/pk", Roles(STRUCTURE)),
    ("GET", "/pemda/{kode}/pk/baru", Roles(STRUCTURE)),
    ("POST", "/pemda/{kode}/pk/semua", Roles(ADMINS)),
    ("GET", "/pemda/{kode}/pk/cakupan", Roles(READERS)),
    ("POST", "/pemda/{kode}/pk/zip", Roles(READERS)),
    ("GET", "/pemda/{kode}/pk/zip/{job}", Roles(READERS)),
    ("GET", "/pemda/{kode}/pk/zip/{job}/status", Roles(READERS)),
    ("GET", "/pemda/{kode}/pk/zip/{job}/unduh", Roles(READERS)),
    ("GET", "/pemda/{kode}/pk/{id}", Roles(READERS)),
    ("GET", "/pemda/{kode}/pk/{id}/pdf", Roles(READERS)),
    ("GET", "/pemda/{kode}/pk/{id}/docx", Roles(READERS)),
    ("POST", "/pemda/{kode}/pk/{id}/baris", Roles(STRUCTURE)),
    ("POST", "/pemda/{kode}/pk/{id}/baris/{sub}", Roles(STRUCTURE)),
    ("POST", "/pemda/{kode}/pk/{id}/baris/{sub}/hapus", Roles(STRUCTURE)),
    ("POST", "/pemda/{kode}/pk/{id}/anggaran", Roles(STRUCTURE)),
    ("POST", "/pemda/{kode}/pk/{id}/anggaran/{sub}", Roles(STRUCTURE)),
    ("POST", "/pemda/{kode}/pk/{id}/anggaran/{sub}/hapus", Roles(STRUCTURE)),
    ("POST", "/pemda/{kode}/pk/{id}/tempat", Roles(STRUCTURE)),
    ("POST", "/pemda/{kode}/pk/{id}/ajukan", Roles(STRUCTURE)),
    ("POST", "/pemda/{kode}/pk/{id}/kembalikan", Roles(REVIEWERS)),
    ("POST", "/pemda/{kode}/pk/{id}/setujui", Roles(REVIEWERS)),
    ("POST", "/pemda/{kode}/pk/{id}/tandatangani", Roles(SIGNERS)),
    ("POST", "/pemda/{kode}/pk/{id}/cabut", Roles(REVIEWERS)),
    ("POST", "/pemda/{kode}/pk/{id}/perubahan", Roles(STRUCTURE)),
    ("GET", "/pemda/{kode}/realisasi", Roles(READERS)),
    ("POST", "/pemda/{kode}/realisasi/kalender", Roles(ADMINS)),
    ("POST", "/pemda/{kode}/realisasi/buka-kembali", Roles(ADMINS)),
    ("GET", "/pemda/{kode}/realisasi/opd/{id}", Roles(READERS)),
    ("POST", "/pemda/{kode}/realisasi/opd/{id}/isian", Roles(STRUCTURE)),
    ("POST", "/pemda/{kode}/realisasi/opd/{id}/anggaran", Roles(STRUCTURE)),
    ("POST", "/pemda/{kode}/realisasi/opd/{id}/bukti", Roles(STRUCTURE)),
    ("POST", "/pemda/{kode}/realisasi/opd/{id}/bukti/{sub}/hapus", Roles(STRUCTURE)),
    ("POST", "/pemda/{kode}/realisasi/opd/{id}/ajukan", Roles(STRUCTURE)),
    ("POST", "/pemda/{kode}/realisasi/opd/{id}/kembalikan", Roles(REVIEWERS)),
    ("POST", "/pemda/{kode}/realisasi/opd/{id}/setujui", Roles(REVIEWERS)),
    ("POST", "/pemda/{kode}/realisasi/opd/{id}/koreksi", Roles(STRUCTURE)),
    ("GET", "/pemda/{kode}/realisasi/opd/{id}/templat", Roles(READERS)),
    ("POST", "/pemda/{kode}/realisasi/opd/{id}/impor", Roles(STRUCTURE)),
    ("GET", "/pemda/{kode}/bukti/{id}", Roles(READERS)),
    ("GET", "/pemda/{kode}/capaian", Roles(READERS)),
    ("GET", "/pemda/{kode}/capaian/opd/{id}", Roles(READERS)),
    ("GET", "/pemda/{kode}/capaian/indikator/{id}", Roles(READERS)),
    ("GET", "/pemda/{kode}/capaian/anggaran", Roles(READERS)),
    ("GET", "/pemda/{kode}/laporan-triwulan", Roles(READERS)),
    ("GET", "/pemda/{kode}/pohon-kinerja", Roles(READERS)),
    ("GET", "/pemda/{kode}/pohon-kinerja.svg", Roles(READERS)),
    ("GET", "/pemda/{kode}/pohon-kinerja.pdf", Roles(READERS)),
    ("GET", "/pemda/{kode}/konsistensi", Roles(READERS)),
    ("GET", "/api/v1/me", SignedIn),
    ("GET", "/api/v1/tenants", SignedIn),
    ("GET", "/api/v1/tenants/{kode}", Roles(READERS)),
    ("GET", "/api/v1/tenants/{kode}/opds", Roles(READERS)),
    ("POST", "/api/v1/tenants/{kode}/opds", Roles(ADMINS)),
    ("GET", "/api/v1/tenants/{kode}/opds/{id}", Roles(READERS)),
    ("PUT", "/api/v1/tenants/{kode}/opds/{id}", Roles(ADMINS)),
    ("GET", "/api/v1/tenants/{kode}/units", Roles(READERS)),
    ("POST", "/api/v1/tenants/{kode}/units", Roles(STRUCTURE)),
    ("GET", "/api/v1/tenants/{kode}/units/{id}", Roles(READERS)),
    ("GET", "/api/v1/tenants/{kode}/positions", Roles(READERS)),
    ("POST", "/api/v1/tenants/{kode}/positions", Roles(STRUCTURE)),
    ("GET", "/api/v1/tenants/{kode}/positions/{id}", Roles(READERS)),
    ("GET", "/api/v1/tenants/{kode}/officials", Roles(READERS)),
    ("POST", "/api/v1/tenants/{kode}/officials", Roles(ADMINS)),
    ("GET", "/api/v1/tenants/{kode}/officials/{id}", Roles(READERS)),
    ("GET", "/api/v1/tenants/{kode}/plans", Roles(READERS)),
    ("GET", "/api/v1/tenants/{kode}/plans/{id}", Roles(READERS)),
    ("GET", "/api/v1/tenants/{kode}/tree", Roles(READERS)),
    ("GET", "/api/v1/tenants/{kode}/consistency", Roles(READERS)),
    ("GET", "/api/v1/tenants/{kode}/rulebooks", Roles(READERS)),
    ("GET", "/api/v1/tenants/{kode}/capaian", Roles(READERS)),
    ("GET", "/api/v1/tenants/{kode}/renja", Roles(READERS)),
    ("GET", "/api/v1/tenants/{kode}/audit", Roles(AUDITORS)),
    ("GET", "/api/v1/tenants/{kode}/capaian/opds/{id}", Roles(READERS)),
    ("GET", "/api/v1/tenants/{kode}/capaian/indicators/{id}", Roles(READERS)),
    ("GET", "/api/v1/tenants/{kode}/pk", Roles(READERS)),
    ("POST", "/api/v1/tenants/{kode}/pk", Roles(STRUCTURE)),
    ("POST", "/api/v1/tenants/{kode}/pk/all", Roles(ADMINS)),
    ("GET", "/api/v1/tenants/{kode}/pk/{id}", Roles(READERS)),
    ("POST", "/api/v1/tenants/{kode}/pk/{id}/rows", Roles(STRUCTURE)),
    ("PUT", "/api/v1/tenants/{kode}/pk/{id}/rows/{sub}", Roles(STRUCTURE)),
    ("DELETE", "/api/v1/tenants/{kode}/pk/{id}/rows/{sub}", Roles(STRUCTURE)),
    ("POST", "/api/v1/tenants/{kode}/pk/{id}/budget", Roles(STRUCTURE)),
    ("PUT", "/api/v1/tenants/{kode}/pk/{id}/budget/{sub}", Roles(STRUCTURE)),
    ("DELETE", "/api/v1/tenants/{kode}/pk/{id}/budget/{sub}", Roles(STRUCTURE)),
    ("PUT", "/api/v1/tenants/{kode}/pk/{id}/place", Roles(STRUCTURE)),
    ("POST", "/api/v1/tenants/{kode}/pk/{id}/submit", Roles(STRUCTURE)),
    ("POST", "/api/v1/tenants/{kode}/pk/{id}/return", Roles(REVIEWERS)),
    ("POST", "/api/v1/tenants/{kode}/pk/{id}/approve", Roles(REVIEWERS)),
    ("POST", "/api/v1/tenants/{kode}/pk/{id}/revoke", Roles(REVIEWERS)),
    ("POST", "/api/v1/tenants/{kode}/pk/{id}/amend", Roles(STRUCTURE)),
    ("GET", "/api/v1/tenants/{kode}/pk/{id}/pdf", Roles(READERS)),
    ("GET", "/api/v1/tenants/{kode}/pk/{id}/docx", Roles(READERS)),
    ("GET", "/api/v1/tenants/{kode}/realisation", Roles(READERS)),
    ("GET", "/api/v1/tenants/{kode}/realisation/calendar", Roles(READERS)),
    ("GET", "/api/v1/tenants/{kode}/realisation/opds/{id}", Roles(READERS)),
    ("PUT", "/api/v1/tenants/{kode}/realisation/opds/{id}/entries", Roles(STRUCTURE)),
    ("PUT", "/api/v1/tenants/{kode}/realisation/opds/{id}/spent", Roles(STRUCTURE)),
    ("POST", "/api/v1/tenants/{kode}/realisation/opds/{id}/evidence", Roles(STRUCTURE)),
    ("DELETE", "/api/v1/tenants/{kode}/realisation/opds/{id}/evidence/{sub}", Roles(STRUCTURE)),
    ("POST", "/api/v1/tenants/{kode}/realisation/opds/{id}/submit", Roles(STRUCTURE)),
    ("POST", "/api/v1/tenants/{kode}/realisation/opds/{id}/return", Roles(REVIEWERS)),
    ("POST", "/api/v1/tenants/{kode}/realisation/opds/{id}/approve", Roles(REVIEWERS)),
    ("POST", "/api/v1/tenants/{kode}/realisation/opds/{id}/correct", Roles(STRUCTURE)),
    ("POST", "/api/v1/tenants/{kode}/realisation/opds/{id}/delivery", Roles(STRUCTURE)),
    ("GET", "/api/v1/tenants/{kode}/evidence/{id}", Roles(READERS)),
];

/// Who is asking.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Caller {
    Anonymous,
    Member(Role),
    /// The pemda admin of another pemda.
    Outsider,
}

/// A concrete path for a route pattern, with ids from the fixture.
fn concrete(pattern: &str, f: &Fixture, token: i64) -> String {
    let id = if pattern.contains("/pk/") {
        f.pk
    } else if pattern.contains("/capaian/indikator/") || pattern.contains("/capaian/indicators/") {
        f.indicator
    } else if pattern.contains("/rencana/") || pattern.contains("/plans/") {
        f.renstra
    } else if pattern.contains("/renja/") {
        f.renstra_program
    } else if pattern.contains("/opd") {
        f.opd
    } else if pattern.contains("/unit") {
        f.unit
    } else if pattern.contains("/jabatan") || pattern.contains("/positions") {
        f.position
    } else if pattern.contains("/pegawai") || pattern.contains("/officials") {
        f.official
    } else if pattern.contains("/pengguna") {
        f.managed_user.0
    } else {
        token
    };
    let sub = if pattern.contains("/baris/") || pattern.contains("/rows/") {
        f.pk_row
    } else if pattern.contains("/anggaran/") || pattern.contains("/budget/") {
        f.pk_budget
    } else if pattern.contains("/penugasan") {
        f.assignment
    } else if pattern.contains("/elemen/") {
        f.renstra_program
    } else if pattern.contains("/indikator/") {
        f.indicator
    } else {
        f.managed_grant
    };
    pattern
        .replace("{kode}", "16.03")
        .replace("{id}", &id.to_string())
        .replace("{sub}", &sub.to_string())
        .replace("{lang}", "en")
        .replace("{job}", "0123456789abcdef01234567")
        .replace("{code}", "ABCD-EFGH-JKMN-PQRS")
        .replace("{*path}", "app.css")
}

#[tokio::test]
async fn the_matrix_covers_every_route_and_nothing_else() {
    let routes = web::route_table();
    let missing: Vec<_> = routes
        .iter()
        .filter(|r| !MATRIX.iter().any(|(m, p, _)| *m == r.method && *p == r.path))
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert!(missing.is_empty(), "routes without an entry in the access matrix: {missing:#?}");
    let stale: Vec<_> = MATRIX
        .iter()
        .filter(|(m, p, _)| !routes.iter().any(|r| r.method == *m && r.path == *p))
        .map(|(m, p, _)| format!("{m} {p}"))
        .collect();
    assert!(stale.is_empty(), "matrix entries for routes that do not exist: {stale:#?}");
}

#[tokio::test]
async fn every_route_allows_and_forbids_as_the_matrix_says() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let mut callers = vec![Caller::Anonymous, Caller::Outsider];
    callers.extend(ROLES.iter().map(|r| Caller::Member(*r)));
    let mut failures = Vec::new();
    let mut checked = 0;
    for (method, pattern, access) in MATRIX {
        let is_api = pattern.starts_with("/api/v1");
        for caller in &callers {
            let user = match caller {
                Caller::Anonymous => None,
                Caller::Member(role) => Some(f.user(*role)),
                Caller::Outsider => Some(f.other_admin),
            };
            // A fresh session (or token) per request: some routes sign out or change the password.
            let (cookie, token) = match user {
                Some(user) if is_api => (None, Some(app.token_for(user).await)),
                Some(user) => (Some(app.session_for(user).await), None),
                None => (None, None),
            };
            let own_token = match user {
                Some(user) => app.store.api_tokens(user).await.unwrap().first().map(|t| t.id).unwrap_or(1),
                None => 1,
            };
            let path = concrete(pattern, &f, own_token);
            let response = if is_api {
                let body = (*method != "GET").then(|| serde_json::json!({}));
                app.api(method, &path, token.as_deref(), body).await
            } else if *method == "GET" {
                app.get(&path, cookie.as_deref()).await
            } else {
                app.post_form(&path, cookie.as_deref(), &[]).await
            };
            let status = response.status;
            let sent_to_login = response.location().is_some_and(|l| l.starts_with("/masuk?next="));
            let allowed = match (access, caller) {
                (Public, _) => true,
                (_, Caller::Anonymous) => false,
                (SignedIn, _) => true,
                (Roles(_), Caller::Outsider) => false,
                (Roles(roles), Caller::Member(role)) => roles.contains(role),
            };
            let ok = if status.is_server_error() {
                false
            } else if matches!(access, Public) {
                true
            } else if allowed {
                status != StatusCode::FORBIDDEN && status != StatusCode::UNAUTHORIZED && !sent_to_login
            } else if *caller == Caller::Anonymous {
                if is_api { status == StatusCode::UNAUTHORIZED } else { sent_to_login }
            } else {
                status == StatusCode::FORBIDDEN
            };
            checked += 1;
            if !ok {
                failures.push(format!(
                    "{method} {path} as {caller:?}: expected {}, got {status} {}",
                    if allowed { "allowed" } else { "forbidden" },
                    response.location().unwrap_or("")
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {checked} checks failed:\n{}", failures.len(), failures.join("\n"));
}

#[tokio::test]
async fn rows_of_another_pemda_are_not_found_through_ones_own_pemda() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let outsider = app.session_for(f.other_admin).await;
    for path in [
        format!("/pemda/16.71/opd/{}", f.opd),
        format!("/pemda/16.71/opd/{}/ubah", f.opd),
        format!("/pemda/16.71/unit/{}/ubah", f.unit),
        format!("/pemda/16.71/jabatan/{}/ubah", f.position),
        format!("/pemda/16.71/pegawai/{}", f.official),
        format!("/pemda/16.71/pengguna/{}", f.managed_user.0),
    ] {
        assert_eq!(app.get(&path, Some(&outsider)).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    // And the outsider's own OPD is there, so the 404s above are about tenancy.
    assert_eq!(app.get(&format!("/pemda/16.71/opd/{}", f.other_opd), Some(&outsider)).await.status, StatusCode::OK);
    let token = app.token_for(f.other_admin).await;
    let response = app.api("GET", &format!("/api/v1/tenants/16.71/opds/{}", f.opd), Some(&token), None).await;
    assert_eq!(response.status, StatusCode::NOT_FOUND);
    let listed = app.api("GET", "/api/v1/tenants/16.71/officials", Some(&token), None).await.json();
    assert_eq!(listed["total"], 0, "no official of 16.03 leaks into 16.71");
}

#[tokio::test]
async fn an_operator_manages_only_units_of_its_own_opd() {
    let app = TestApp::new().await;
    let f = fixture(&app).await;
    let operator = app.session_for(f.user(OpdOperator)).await;
    let other = app
        .store
        .create_opd(
            f.tenant,
            &store::Actor::system("t"),
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
    let own = app
        .post_form(
            "/pemda/16.03/unit",
            Some(&operator),
            &[("opd_id", &f.opd.to_string()), ("name", "Seksi Baru"), ("kind", "seksi")],
        )
        .await;
    assert_eq!(own.status, StatusCode::SEE_OTHER, "{}", own.body);
    let foreign = app
        .post_form(
            "/pemda/16.03/unit",
            Some(&operator),
            &[("opd_id", &other.id.to_string()), ("name", "Seksi Lain"), ("kind", "seksi")],
        )
        .await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    let units = app
        .store
        .list_units(
            f.tenant,
            &store::ListQuery { opd: Some(domain::OpdId(other.id)), page: 1, per_page: 10, search: None },
        )
        .await
        .unwrap();
    assert_eq!(units.total, 0, "nothing was written for the forbidden OPD");
}
