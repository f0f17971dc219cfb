use crate::auth::limiter::LoginLimiter;
use crate::auth::password::PasswordHasher;
use crate::error::{AppError, AppResult};
use crate::ops::Metrics;
use domain::format::TimeZone;
use domain::rulebook::Rulebooks;
use domain::{Locale, TenantId};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;
use store::{KeyVault, ReportHead, Store, StoreError, Tenant, TenantSummary};
use tokio::sync::Semaphore;

/// Settings of the HTTP layer; the binary fills them from flags, environment and file.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure`. Browsers accept secure cookies on `localhost`
    /// over plain HTTP, so this stays on except for a plain-HTTP LAN trial.
    pub cookie_secure: bool,
    /// A session ends after this long without a request.
    pub session_idle: Duration,
    /// Login attempts allowed per client address per minute.
    pub login_attempts_per_minute: u32,
    /// Take the client address from `X-Forwarded-For` (behind a reverse proxy).
    pub trust_forwarded_for: bool,
    pub time_zone: TimeZone,
    pub password_hasher: PasswordHasher,
    /// The shipped rulebooks and any added at start, checked.
    pub rulebooks: Arc<Rulebooks>,
    /// The address people reach the server at, printed in the QR code of
    /// every PK (`https://kinerja.example.go.id`).
    pub public_url: String,
    /// Seals the officials' signing keys; the same key on every instance.
    pub vault: KeyVault,
    /// Where evidence files are kept: the database, or an S3-compatible store.
    pub evidence: store::EvidenceFiles,
    /// The longest a request may take, upload bodies excepted.
    pub request_timeout: Duration,
    /// The longest a multipart upload may take (16 MB over a slow line).
    pub upload_timeout: Duration,
    /// Who may read `/metrics`; open to all when neither is set.
    pub metrics: MetricsAccess,
}

/// Limits on `/metrics`: client addresses or networks, and a bearer token;
/// either one admits a scraper.
#[derive(Debug, Clone, Default)]
pub struct MetricsAccess {
    pub networks: Vec<ipnet::IpNet>,
    pub token: Option<String>,
}

impl MetricsAccess {
    pub fn is_open(&self) -> bool {
        self.networks.is_empty() && self.token.is_none()
    }

    pub fn admits(&self, peer: Option<std::net::IpAddr>, bearer: Option<&str>) -> bool {
        let by_address = peer.is_some_and(|ip| self.networks.iter().any(|net| net.contains(&ip)));
        let by_token = self.token.as_deref().zip(bearer).is_some_and(|(token, given)| {
            use sha2::Digest;
            // Compared as digests, so the time taken says nothing about the token.
            sha2::Sha256::digest(token.as_bytes()) == sha2::Sha256::digest(given.as_bytes())
        });
        self.is_open() || by_address || by_token
    }
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            cookie_secure: true,
            session_idle: Duration::from_secs(8 * 3600),
            login_attempts_per_minute: 20,
            trust_forwarded_for: false,
            time_zone: TimeZone::Wib,
            password_hasher: PasswordHasher::default(),
            // The shipped files are checked by the domain tests: failing here is a build defect.
            rulebooks: Arc::new(Rulebooks::builtin().expect("the shipped rulebooks load")),
            public_url: "http://127.0.0.1:8080".to_owned(),
            // Only tests and trials use the default; `kinerja serve` always sets one.
            vault: KeyVault::new([0x4b; 32]),
            evidence: store::EvidenceFiles::Database,
            request_timeout: Duration::from_secs(60),
            upload_timeout: Duration::from_secs(600),
            metrics: MetricsAccess::default(),
        }
    }
}

/// What every request handler reaches: one pointer to what the instance
/// shares, so handing the state to a handler or a layer is one count.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What one instance shares between requests: the store, the settings and
/// what it keeps in memory.
pub struct Shared {
    pub store: Store,
    pub config: WebConfig,
    pub(crate) metrics: Metrics,
    pub(crate) login_limiter: LoginLimiter,
    /// Pemda rows by code. A pemda is never changed or removed once
    /// registered, so each instance may keep the ones it has read; every
    /// request inside a pemda needs its row.
    tenants: RwLock<HashMap<String, Tenant>>,
    /// The last dashboard counts of each pemda, by day.
    summaries: Versioned<(TenantId, time::Date), TenantSummary>,
    /// Document renders running at once: one per core, so a queue of PDFs
    /// never starves the blocking pool that password hashing also uses.
    renders: Semaphore,
    /// Uploads being read (workbooks, evidence files) at once: half the
    /// cores, so parsing never takes every core from the other requests.
    uploads: Semaphore,
    /// Each pemda's rulebook choices (year, rulebook id), with the data
    /// version they were read at: every save answers with figures under them.
    rulebook_choices: Versioned<TenantId, Vec<(i32, String)>>,
    /// Each pemda's reporting calendar of a year: every page about a period
    /// without one named chooses the quarter open today from it.
    calendars: Versioned<(TenantId, i32), Vec<domain::realisation::Window>>,
    /// Every version of every OPD's reports of a pemda's year: each dashboard
    /// view reads who has reported and what waits for a verifier from it.
    reports: Versioned<(TenantId, i32), YearReports>,
    /// Parts of pages that show only a pemda's data (no one user's), as
    /// rendered for a locale: a view while the data version stays only
    /// copies them into its layout.
    pub(crate) fragments: Versioned<(TenantId, Fragment, Locale), Arc<str>>,
    /// The last capaian figures of each pemda, year and quarter, with the data version they were computed at.
    pub(crate) figures: crate::app::capaian::FiguresCache,
    /// Batch ZIP builds under way or finished, by job id.
    pub(crate) zip_jobs: crate::app::pk::ZipJobs,
}

/// Values read from the database, each kept with the pemda's data version
/// it was read at and served until that version moves (any write, on any
/// instance, moves it: every write appends to the pemda's audit chain).
pub(crate) struct Versioned<K, V>(RwLock<HashMap<K, (i64, V)>>);

impl<K, V> Default for Versioned<K, V> {
    fn default() -> Self {
        Versioned(RwLock::default())
    }
}

impl<K: Eq + std::hash::Hash, V: Clone> Versioned<K, V> {
    pub(crate) fn get(&self, key: &K, version: i64) -> Option<V> {
        let cache = self.0.read().ok()?;
        cache.get(key).filter(|(at, _)| *at == version).map(|(_, value)| value.clone())
    }

    pub(crate) fn put(&self, key: K, version: i64, value: V) {
        if let Ok(mut cache) = self.0.write() {
            cache.insert(key, (version, value));
        }
    }

    /// The value kept for `version`, else what `load` reads, kept when the
    /// version is known (`None`: the caller did not read it, so nothing is kept).
    pub(crate) async fn through<E, F>(&self, key: K, version: Option<i64>, load: F) -> Result<V, E>
    where
        F: Future<Output = Result<V, E>>,
    {
        if let Some(value) = version.and_then(|version| self.get(&key, version)) {
            return Ok(value);
        }
        let value = load.await?;
        if let Some(version) = version {
            self.put(key, version, value.clone());
        }
        Ok(value)
    }
}

/// Every version of every OPD's reports of a year, shared by the views that read them.
pub type YearReports = Arc<Vec<ReportHead>>;

/// A page part kept in [`AppState::fragments`]: which page, and for which period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Fragment {
    CapaianOverview { year: i32, quarter: u8 },
}

impl AppState {
    pub fn new(store: Store, config: WebConfig) -> Self {
        let limiter = LoginLimiter::new(config.login_attempts_per_minute);
        AppState(Arc::new(Shared {
            store,
            config,
            metrics: Metrics::default(),
            login_limiter: limiter,
            tenants: Default::default(),
            summaries: Default::default(),
            rulebook_choices: Default::default(),
            calendars: Default::default(),
            reports: Default::default(),
            fragments: Default::default(),
            zip_jobs: Default::default(),
            figures: Default::default(),
            renders: Semaphore::new(cores()),
            uploads: Semaphore::new((cores() / 2).max(1)),
        }))
    }

    pub async fn tenant_by_code(&self, code: &str) -> Result<Tenant, StoreError> {
        if let Some(tenant) = self.tenants.read().ok().and_then(|cache| cache.get(code).cloned()) {
            return Ok(tenant);
        }
        let tenant = self.store.tenant_by_code(code).await?;
        if let Ok(mut cache) = self.tenants.write() {
            cache.insert(code.to_owned(), tenant.clone());
        }
        Ok(tenant)
    }

    /// The pemda's organisation counts. They are recounted only when the
    /// pemda's data version moved (any write, on any instance) or the day changed.
    /// `known_version` is the version read with the session, when it was.
    pub async fn tenant_summary(
        &self,
        tenant: TenantId,
        known_version: Option<i64>,
    ) -> Result<TenantSummary, StoreError> {
        let today = self.today();
        let version = self.data_version(tenant, known_version).await?;
        self.summaries.through((tenant, today), Some(version), self.store.tenant_summary(tenant, today)).await
    }

    /// The pemda's data version: `known` when it was read with the session, else read now.
    pub async fn data_version(&self, tenant: TenantId, known: Option<i64>) -> Result<i64, StoreError> {
        match known {
            Some(version) => Ok(version),
            None => self.store.data_version(tenant).await,
        }
    }

    /// The capaian rules the pemda chose for `year` (the default when it
    /// chose none), with the rulebook's id. Choices are read again only when
    /// the pemda's data version moved; `known_version` is the one read with
    /// the session, when it was.
    pub async fn capaian_rules(
        &self,
        tenant: TenantId,
        year: i32,
        known_version: Option<i64>,
    ) -> Result<(String, domain::rulebook::CapaianRules), StoreError> {
        let read = self.store.rulebook_choices(tenant, domain::rulebook::RulebookKind::Capaian);
        let choices = self.rulebook_choices.through(tenant, known_version, read).await?;
        let (book, rules) = self.config.rulebooks.capaian_for_year(&choices, year);
        Ok((book.id.clone(), rules.clone()))
    }

    /// The pemda's reporting calendar of `year`, read again only when its
    /// data version moved; `known_version` as for [`AppState::capaian_rules`].
    pub async fn reporting_calendar(
        &self,
        tenant: TenantId,
        year: i32,
        known_version: Option<i64>,
    ) -> Result<Vec<domain::realisation::Window>, StoreError> {
        self.calendars.through((tenant, year), known_version, self.store.reporting_calendar(tenant, year)).await
    }

    /// Every version of every OPD's reports of `year`, read again only when
    /// the pemda's data version moved; `known_version` as for [`AppState::capaian_rules`].
    pub async fn year_reports(
        &self,
        tenant: TenantId,
        year: i32,
        known_version: Option<i64>,
    ) -> Result<YearReports, StoreError> {
        let read = async { self.store.realisation_reports(tenant, year).await.map(Arc::new) };
        self.reports.through((tenant, year), known_version, read).await
    }

    /// Today in the pemda's time zone: assignments start and end on local days.
    pub fn today(&self) -> time::Date {
        time::OffsetDateTime::now_utc().to_offset(self.config.time_zone.offset()).date()
    }

    /// Reads an uploaded file (a workbook, an evidence file) off the async
    /// workers and a few at a time, so one large upload never stalls anyone
    /// else's requests. The readers bound their own work (`docs::sheet::LIMITS`).
    pub async fn read_upload<T: Send + 'static>(&self, read: impl FnOnce() -> T + Send + 'static) -> AppResult<T> {
        let _permit = self.uploads.acquire().await.map_err(|_| AppError::Internal)?;
        tokio::task::spawn_blocking(read).await.map_err(|error| {
            tracing::error!(%error, "reading an upload stopped");
            AppError::Internal
        })
    }

    /// Runs a CPU-bound document render (PDF, workbook) off the async runtime.
    /// A failure is a defect, logged in full; the user sees a generic error.
    pub async fn render_document<T, E>(&self, job: impl FnOnce() -> Result<T, E> + Send + 'static) -> AppResult<T>
    where
        T: Send + 'static,
        E: std::fmt::Display + Send + 'static,
    {
        let _permit = self.renders.acquire().await.map_err(|_| AppError::Internal)?;
        match tokio::task::spawn_blocking(job).await {
            Ok(Ok(document)) => Ok(document),
            Ok(Err(error)) => {
                tracing::error!(%error, "document render failed");
                Err(AppError::Internal)
            }
            Err(error) => {
                tracing::error!(%error, "document render stopped");
                Err(AppError::Internal)
            }
        }
    }
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}
