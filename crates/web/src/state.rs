use crate::auth::limiter::LoginLimiter;
use crate::auth::password::PasswordHasher;
use crate::ops::Metrics;
use domain::format::TimeZone;
use std::sync::Arc;
use std::time::Duration;
use store::Store;

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
    /// Consecutive wrong passwords before an account is locked.
    pub lockout_after: i32,
    pub lockout_for: Duration,
    /// Take the client address from `X-Forwarded-For` (behind a reverse proxy).
    pub trust_forwarded_for: bool,
    pub time_zone: TimeZone,
    pub password_hasher: PasswordHasher,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            cookie_secure: true,
            session_idle: Duration::from_secs(8 * 3600),
            login_attempts_per_minute: 20,
            lockout_after: 5,
            lockout_for: Duration::from_secs(15 * 60),
            trust_forwarded_for: false,
            time_zone: TimeZone::Wib,
            password_hasher: PasswordHasher::default(),
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<WebConfig>,
    pub(crate) metrics: Arc<Metrics>,
    pub(crate) login_limiter: Arc<LoginLimiter>,
}

impl AppState {
    pub fn new(store: Store, config: WebConfig) -> Self {
        let limiter = LoginLimiter::new(config.login_attempts_per_minute);
        AppState {
            store,
            config: Arc::new(config),
            metrics: Arc::new(Metrics::default()),
            login_limiter: Arc::new(limiter),
        }
    }

    /// Today in the pemda's time zone: assignments start and end on local days.
    pub fn today(&self) -> time::Date {
        time::OffsetDateTime::now_utc().to_offset(self.config.time_zone.offset()).date()
    }
}
