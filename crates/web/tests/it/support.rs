//! A fresh application per test, on SQLite (a temporary file) or, when
//! `TEST_DATABASE_URL` names a PostgreSQL server, on a new database there.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use domain::access::Role;
use domain::drafts::{AssignmentDraft, GrantDraft, OfficialDraft, OpdDraft, PositionDraft, TenantDraft, UnitDraft};
use domain::region::TenantCode;
use domain::{OpdId, TenantId, UserId};
use http_body_util::BodyExt;
use std::sync::atomic::{AtomicU64, Ordering};
use store::{Actor, Store, StoreOptions};
use tower::ServiceExt;
use web::{AppState, PasswordHasher, WebConfig};

pub const PASSWORD: &str = "kata-sandi-uji-123";

pub struct TestApp {
    pub store: Store,
    pub router: Router,
    _file: Option<TempFile>,
}

pub struct TempFile(std::path::PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.0.display()));
        }
    }
}

static NEXT: AtomicU64 = AtomicU64::new(0);

fn unique_name() -> String {
    format!("kinerja_test_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed))
}

pub fn test_config() -> WebConfig {
    WebConfig { password_hasher: PasswordHasher::fast_for_tests(), ..WebConfig::default() }
}

/// A new, migrated, empty database.
pub async fn fresh_store() -> (Store, Option<TempFile>) {
    // A test database needs no durability against a power cut: commits skip the fsync.
    let options = StoreOptions { max_connections: Some(8), synchronous: store::Synchronous::Normal };
    match std::env::var("TEST_DATABASE_URL") {
        Ok(admin_url) if !admin_url.is_empty() => {
            let name = unique_name();
            let admin = Store::connect(&admin_url, &StoreOptions { max_connections: Some(1), ..options.clone() })
                .await
                .expect("connect to TEST_DATABASE_URL");
            admin.execute_unchecked(&format!("CREATE DATABASE {name}")).await.expect("create test database");
            admin.close().await;
            let base = admin_url.rsplit_once('/').map(|(base, _)| base).unwrap_or(&admin_url);
            let store = Store::connect(&format!("{base}/{name}"), &options).await.expect("connect to test database");
            store.migrate().await.expect("migrate");
            (store, None)
        }
        _ => {
            let path = std::env::temp_dir().join(format!("{}.db", unique_name()));
            let store = Store::connect(&format!("sqlite://{}", path.display()), &options).await.expect("open sqlite");
            store.migrate().await.expect("migrate");
            (store, Some(TempFile(path)))
        }
    }
}

impl TestApp {
    pub async fn new() -> TestApp {
        TestApp::with_config(test_config()).await
    }

    pub async fn with_config(config: WebConfig) -> TestApp {
        let (store, file) = fresh_store().await;
        let router = web::router(AppState::new(store.clone(), config));
        TestApp { store, router, _file: file }
    }

    /// A second app instance over the same database, as behind a load balancer.
    pub fn another_instance(&self) -> Router {
        web::router(AppState::new(self.store.clone(), test_config()))
    }

    pub async fn send(&self, request: Request<Body>) -> TestResponse {
        send(&self.router, request).await
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> TestResponse {
        self.send(request("GET", path, cookie, None)).await
    }

    pub async fn post_form(&self, path: &str, cookie: Option<&str>, form: &[(&str, &str)]) -> TestResponse {
        self.send(request("POST", path, cookie, Some(form))).await
    }

    pub async fn api(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<serde_json::Value>,
    ) -> TestResponse {
        let mut builder = Request::builder().method(method).uri(path);
        if let Some(token) = token {
            builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let body = match body {
            Some(json) => {
                builder = builder.header(header::CONTENT_TYPE, "application/json");
                Body::from(json.to_string())
            }
            None => Body::empty(),
        };
        self.send(builder.body(body).expect("request")).await
    }

    /// Signs in through the login form and returns the session cookie (`name=value`).
    pub async fn login(&self, username: &str, password: &str) -> String {
        let response =
            self.post_form("/masuk", None, &[("username", username), ("password", password), ("next", "/")]).await;
        assert_eq!(response.status, StatusCode::SEE_OTHER, "login of {username} failed: {}", response.body);
        response.session_cookie().expect("a session cookie")
    }

    /// A session made directly in the store, without the cost of a login.
    pub async fn session_for(&self, user: UserId) -> String {
        let secret = format!("test-session-{}", unique_name());
        let now = time::OffsetDateTime::now_utc();
        let hash = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(secret.as_bytes()));
        self.store.create_session(user, &hash, now, now + time::Duration::hours(1)).await.expect("session");
        format!("kinerja_sesi={secret}")
    }

    /// An API token made directly in the store.
    pub async fn token_for(&self, user: UserId) -> String {
        let secret = format!("knj_test_{}", unique_name());
        let hash = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(secret.as_bytes()));
        self.store
            .create_api_token(
                None,
                &Actor::system("test"),
                user,
                &store::NewApiToken {
                    name: "test".into(),
                    token_hash: hash,
                    prefix: "knj_te".into(),
                    expires_at: None,
                },
            )
            .await
            .expect("token");
        secret
    }
}

pub fn request(method: &str, path: &str, cookie: Option<&str>, form: Option<&[(&str, &str)]>) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(path);
    if let Some(cookie) = cookie {
        builder = builder.header(header::COOKIE, cookie);
    }
    let body = match form {
        Some(pairs) => {
            builder = builder.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
            Body::from(encode_form(pairs))
        }
        None => Body::empty(),
    };
    builder.body(body).expect("request")
}

/// A file upload in the field `file`, as a browser sends it.
pub fn multipart(path: &str, cookie: Option<&str>, file_name: &str, file: &[u8]) -> Request<Body> {
    let boundary = "kinerjaBoundary7MA4YWxk";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut builder = Request::builder()
        .method("POST")
        .uri(path)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"));
    if let Some(cookie) = cookie {
        builder = builder.header(header::COOKIE, cookie);
    }
    builder.body(Body::from(body)).expect("request")
}

/// The bytes of a successful download.
pub async fn download(app: &TestApp, path: &str, cookie: &str) -> Vec<u8> {
    let response = app.router.clone().oneshot(request("GET", path, Some(cookie), None)).await.expect("response");
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.into_body().collect().await.expect("body").to_bytes().to_vec()
}

pub fn encode_form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| {
            let encode = |s: &str| {
                s.bytes()
                    .map(|b| match b {
                        b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
                        b' ' => "+".to_string(),
                        _ => format!("%{b:02X}"),
                    })
                    .collect::<String>()
            };
            format!("{}={}", encode(k), encode(v))
        })
        .collect::<Vec<_>>()
        .join("&")
}

pub async fn send(router: &Router, request: Request<Body>) -> TestResponse {
    let response = router.clone().oneshot(request).await.expect("response");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.expect("body").to_bytes();
    TestResponse { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl TestResponse {
    pub fn location(&self) -> Option<&str> {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok())
    }

    pub fn set_cookie(&self) -> Option<&str> {
        self.headers.get(header::SET_COOKIE).and_then(|v| v.to_str().ok())
    }

    pub fn session_cookie(&self) -> Option<String> {
        self.set_cookie().and_then(|c| c.split(';').next()).map(str::to_owned)
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// A small pemda with one of everything and one account per role, plus a
/// pemda admin of another pemda.
pub struct Fixture {
    pub tenant: TenantId,
    /// Palembang (16.71), whose admin is `other_admin` and whose OPD is `other_opd`.
    pub other_tenant: TenantId,
    pub opd: i64,
    pub other_opd: i64,
    pub unit: i64,
    pub position: i64,
    pub official: i64,
    pub assignment: i64,
    pub users: Vec<(Role, UserId)>,
    pub other_admin: UserId,
    /// An account that is managed in the tests (not one of the actors).
    pub managed_user: UserId,
    pub managed_grant: i64,
    /// The RPJMD 2025–2029, with misi M1, tujuan T1 and sasaran S1.
    pub rpjmd: i64,
    /// The Renstra of `opd`, with tujuan TD1, sasaran SD1 (supporting S1) and program 1.02.02.
    pub renstra: i64,
    pub renstra_sasaran: i64,
    pub renstra_program: i64,
    /// An indicator of SD1.
    pub indicator: i64,
    /// The kepala dinas (head of `opd`) and the bupati, with their positions.
    pub head_position: i64,
    pub head: i64,
    pub bupati_position: i64,
    pub bupati: i64,
    /// The draft PK 2026 of `official` (the `Official` account) with the head:
    /// its version, one row and one budget row.
    pub pk: i64,
    pub pk_row: i64,
    pub pk_budget: i64,
}

impl Fixture {
    pub fn user(&self, role: Role) -> UserId {
        self.users.iter().find(|(r, _)| *r == role).map(|(_, u)| *u).expect("fixture user")
    }
}

pub const ROLES: [Role; 7] = [
    Role::NationalAdmin,
    Role::PemdaAdmin,
    Role::OpdOperator,
    Role::Official,
    Role::Verifier,
    Role::Evaluator,
    Role::Viewer,
];

pub async fn fixture(app: &TestApp) -> Fixture {
    let store = &app.store;
    let actor = Actor::system("fixture");
    let today = time::OffsetDateTime::now_utc().date();
    let tenant = store.create_tenant(&actor, &TenantDraft::parse("16.03").unwrap()).await.unwrap().tenant_id();
    let other_tenant = store.create_tenant(&actor, &TenantDraft::parse("16.71").unwrap()).await.unwrap().tenant_id();
    let code = TenantCode::parse("16.03").unwrap();
    let opd = store
        .create_opd(tenant, &actor, &OpdDraft::parse(&code, "Dinas Kesehatan", "Dinkes", "dinas", "").unwrap())
        .await
        .unwrap()
        .id;
    let other_opd = store
        .create_opd(
            other_tenant,
            &actor,
            &OpdDraft::parse(&TenantCode::parse("16.71").unwrap(), "Dinas Kesehatan", "Dinkes", "dinas", "").unwrap(),
        )
        .await
        .unwrap()
        .id;
    let unit = store
        .create_unit(
            tenant,
            &actor,
            &UnitDraft::parse(&opd.to_string(), "", "Bidang Pelayanan Kesehatan", "bidang").unwrap(),
        )
        .await
        .unwrap()
        .id;
    let position = store
        .create_position(
            tenant,
            &actor,
            &PositionDraft::parse(
                &opd.to_string(),
                &unit.to_string(),
                "Kepala Bidang Pelayanan Kesehatan",
                "administrator",
            )
            .unwrap(),
            today,
        )
        .await
        .unwrap()
        .id;
    let official = store
        .create_official(
            tenant,
            &actor,
            &OfficialDraft::parse("198001012005011001", "Budi Santoso", "dr.", "M.Kes.", "IV/a").unwrap(),
            today,
        )
        .await
        .unwrap()
        .id;
    let assignment = store
        .assign(
            tenant,
            &actor,
            domain::OfficialId(official),
            &AssignmentDraft::parse(&position.to_string(), "definitif", "2024-01-02", "", "").unwrap(),
        )
        .await
        .unwrap()
        .id;
    let hash = web::hash_password_blocking(&PasswordHasher::fast_for_tests(), PASSWORD).unwrap();
    let mut users = Vec::new();
    for role in ROLES {
        let opd_id = (role == Role::OpdOperator || role == Role::Official).then_some(OpdId(opd));
        let in_tenant = (role != Role::NationalAdmin).then_some(tenant);
        let user = store
            .create_user(
                in_tenant,
                &actor,
                &role.key().replace('_', "."),
                "Pengguna Uji",
                &hash,
                &GrantDraft { role, opd_id },
            )
            .await
            .unwrap();
        users.push((role, UserId(user.id)));
    }
    let other_admin = store
        .create_user(
            Some(other_tenant),
            &actor,
            "admin.palembang",
            "Admin Palembang",
            &hash,
            &GrantDraft { role: Role::PemdaAdmin, opd_id: None },
        )
        .await
        .unwrap();
    let managed = store
        .create_user(
            Some(tenant),
            &actor,
            "staf.dinkes",
            "Staf Dinkes",
            &hash,
            &GrantDraft { role: Role::Viewer, opd_id: None },
        )
        .await
        .unwrap();
    let managed_grant = store.grants(UserId(managed.id)).await.unwrap()[0].id;
    let (rpjmd, renstra, renstra_sasaran, renstra_program, indicator) = plans(store, tenant, &actor, opd).await;
    let official_user = users.iter().find(|(r, _)| *r == Role::Official).map(|(_, u)| u.0).expect("official user");
    store.link_official(tenant, &actor, official_user, Some("198001012005011001")).await.expect("link official");
    let head = appoint(
        store,
        tenant,
        &actor,
        Some(opd),
        "Kepala Dinas Kesehatan",
        "jpt_pratama",
        "197505052000032002",
        "Siti Aminah",
    )
    .await;
    let bupati =
        appoint(store, tenant, &actor, None, "Bupati Muara Enim", "kepala_daerah", "196801011990031003", "Ahmad Yani")
            .await;
    let pk = store.create_pk(tenant, &actor, position, 2026, &[], today).await.expect("draft pk");
    let row = domain::pk::PkRow::parse(
        &pk_row_input("Cakupan pelayanan rujukan", "90"),
        String::new(),
        None,
        domain::Locale::Id,
    )
    .expect("pk row");
    let pk_row = store.save_pk_row(tenant, &actor, pk, None, &row).await.expect("row");
    let budget = domain::pk::BudgetRow::parse(
        &domain::pk::BudgetRowInput {
            code: "1.02.02".into(),
            name: "Program Pemenuhan Upaya Kesehatan".into(),
            amount: "1500000000".into(),
            note: "APBD".into(),
        },
        domain::Locale::Id,
    )
    .expect("budget row");
    let pk_budget = store.save_pk_budget(tenant, &actor, pk, None, &budget).await.expect("budget");
    Fixture {
        head_position: head.0,
        head: head.1,
        bupati_position: bupati.0,
        bupati: bupati.1,
        pk,
        pk_row,
        pk_budget,
        other_tenant,
        rpjmd,
        renstra,
        renstra_sasaran,
        renstra_program,
        indicator,
        tenant,

        opd,
        other_opd,
        unit,
        position,
        official,
        assignment,
        users,
        other_admin: UserId(other_admin.id),
        managed_user: UserId(managed.id),
        managed_grant,
    }
}

/// A complete PK row: a percentage reached by the last quarter.
pub fn pk_row_input(indicator: &str, target: &str) -> domain::pk::PkRowInput {
    domain::pk::PkRowInput {
        goal: "Meningkatnya mutu pelayanan kesehatan".into(),
        indicator: indicator.into(),
        unit: "%".into(),
        value_kind: "percent".into(),
        polarity: "higher".into(),
        aggregation: "last".into(),
        target: target.into(),
        q1: "70".into(),
        q2: "75".into(),
        q3: "80".into(),
        q4: target.into(),
        parent_key: String::new(),
    }
}

/// A position and the official holding it since 2024: `(position, official)`.
#[allow(clippy::too_many_arguments)]
async fn appoint(
    store: &Store,
    tenant: TenantId,
    actor: &Actor,
    opd: Option<i64>,
    name: &str,
    level: &str,
    nip: &str,
    person: &str,
) -> (i64, i64) {
    let today = time::OffsetDateTime::now_utc().date();
    let opd = opd.map(|o| o.to_string()).unwrap_or_default();
    let position = store
        .create_position(tenant, actor, &PositionDraft::parse(&opd, "", name, level).unwrap(), today)
        .await
        .unwrap()
        .id;
    let official = store
        .create_official(tenant, actor, &OfficialDraft::parse(nip, person, "", "", "IV/c").unwrap(), today)
        .await
        .unwrap()
        .id;
    store
        .assign(
            tenant,
            actor,
            domain::OfficialId(official),
            &AssignmentDraft::parse(&position.to_string(), "definitif", "2024-01-02", "", "").unwrap(),
        )
        .await
        .unwrap();
    (position, official)
}

/// A small cascade: an RPJMD sasaran and the Renstra sasaran and program under it.
async fn plans(store: &store::Store, tenant: TenantId, actor: &store::Actor, opd: i64) -> (i64, i64, i64, i64, i64) {
    use domain::planning::{ElementDraft, IndicatorDraft, IndicatorInput, Period, PlanDraft, PlanKind};
    let period = Period { start: 2025, end: 2029 };
    let rpjmd = store
        .create_plan(tenant, actor, &PlanDraft::parse("rpjmd", "", "2025", "2029", "", "Maju").unwrap())
        .await
        .unwrap()
        .id;
    for (kind, code, parent) in [("misi", "M1", ""), ("tujuan", "T1", "M1"), ("sasaran", "S1", "T1")] {
        let draft = ElementDraft::parse(PlanKind::Rpjmd, kind, code, &format!("Uraian {code}"), parent).unwrap();
        store.add_element(tenant, actor, rpjmd, &draft).await.unwrap();
    }
    let renstra = store
        .create_plan(tenant, actor, &PlanDraft::parse("renstra", &opd.to_string(), "2025", "2029", "", "").unwrap())
        .await
        .unwrap()
        .id;
    let mut ids = Vec::new();
    for (kind, code, parent) in [("tujuan", "TD1", ""), ("sasaran", "SD1", "TD1"), ("program", "1.02.02", "SD1")] {
        let draft = ElementDraft::parse(PlanKind::Renstra, kind, code, &format!("Uraian {code}"), parent).unwrap();
        ids.push(store.add_element(tenant, actor, renstra, &draft).await.unwrap());
    }
    let sasaran = ElementDraft::parse(PlanKind::Renstra, "sasaran", "SD1", "Uraian SD1", "TD1").unwrap();
    let change = store::ElementUpdate { draft: &sasaran, budgets: &[], supports: &["S1".to_owned()] };
    store.update_element(tenant, actor, renstra, ids[1], change).await.unwrap();
    let input = IndicatorInput {
        name: "Cakupan pelayanan kesehatan".into(),
        unit: "%".into(),
        polarity: "higher".into(),
        value_kind: "percent".into(),
        aggregation: "last".into(),
        targets: vec![(2025, "80".into()), (2026, "85".into())],
        ..IndicatorInput::default()
    };
    let indicator = store
        .add_indicator(
            tenant,
            actor,
            renstra,
            ids[1],
            &IndicatorDraft::parse(&input, period, domain::Locale::Id).unwrap(),
        )
        .await
        .unwrap();
    (rpjmd, renstra, ids[1], ids[2], indicator)
}

pub use docs::testing::pdf_text;
