//! Settings: built-in defaults, then an optional TOML file, then `KINERJA_*`
//! environment variables, then command-line flags.

use anyhow::{Context, bail};
use domain::rulebook::Rulebooks;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The optional TOML file; every key may be left out.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub database_url: Option<String>,
    pub listen: Option<String>,
    pub log_format: Option<String>,
    pub log_filter: Option<String>,
    pub cookie_secure: Option<bool>,
    pub trust_forwarded_for: Option<bool>,
    pub session_idle_minutes: Option<u64>,
    pub max_connections: Option<u32>,
    pub rulebook_dir: Option<PathBuf>,
    pub public_url: Option<String>,
    pub signing_key_file: Option<PathBuf>,
    pub s3_endpoint: Option<String>,
    pub s3_bucket: Option<String>,
    pub s3_region: Option<String>,
    pub s3_access_key: Option<String>,
    pub http_connections: Option<usize>,
    pub http_connections_per_address: Option<usize>,
    pub header_timeout_seconds: Option<u64>,
    pub request_timeout_seconds: Option<u64>,
    pub upload_timeout_seconds: Option<u64>,
    pub metrics_allow: Option<Vec<String>>,
    pub sqlite_synchronous: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// Everything that is not a flag of one command.
#[derive(Debug, Clone)]
pub struct Settings {
    pub log_format: LogFormat,
    pub log_filter: String,
    pub cookie_secure: bool,
    pub trust_forwarded_for: bool,
    pub session_idle: Duration,
    /// `None`: the backend's default (4 for SQLite, 16 for PostgreSQL).
    pub max_connections: Option<u32>,
    /// From the file; flags and `DATABASE_URL` take precedence.
    pub database_url: Option<String>,
    pub listen: Option<String>,
    /// A folder of extra rulebooks (`*.toml`), loaded beside the shipped ones.
    pub rulebook_dir: Option<PathBuf>,
    /// The address people reach the server at, for the QR code of every PK.
    pub public_url: Option<String>,
    /// The server key that seals officials' signing keys, as 64 hex digits
    /// (`KINERJA_SIGNING_KEY`), or a file holding it.
    pub signing_key: Option<String>,
    pub signing_key_file: PathBuf,
    /// Evidence files go to this S3-compatible bucket when it is set;
    /// otherwise the database keeps them.
    pub s3: Option<store::S3Settings>,
    pub server: crate::server::Limits,
    pub request_timeout: Duration,
    pub upload_timeout: Duration,
    pub metrics: web::MetricsAccess,
    pub sqlite_synchronous: store::Synchronous,
}

impl Settings {
    pub fn load(file: Option<&Path>) -> anyhow::Result<Settings> {
        let file_config = match file {
            Some(path) => {
                let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
                toml::from_str::<FileConfig>(&text).with_context(|| format!("parsing {}", path.display()))?
            }
            None => FileConfig::default(),
        };
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let log_format = match env("KINERJA_LOG_FORMAT").or(file_config.log_format).as_deref() {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => bail!("log_format must be `text` or `json`, not `{other}`"),
        };
        let seconds = |env_name: &str, from_file: Option<u64>, default: u64| -> anyhow::Result<Duration> {
            let value = parse_env(env_name)?.or(from_file).unwrap_or(default);
            if value == 0 {
                bail!("{env_name} must be at least 1 second");
            }
            Ok(Duration::from_secs(value))
        };
        let metrics_allow = match env("KINERJA_METRICS_ALLOW") {
            Some(list) => list.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect(),
            None => file_config.metrics_allow.clone().unwrap_or_default(),
        };
        let networks = metrics_allow
            .iter()
            .map(|entry| {
                entry
                    .parse::<ipnet::IpNet>()
                    .or_else(|_| entry.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                    .map_err(|_| {
                        anyhow::anyhow!("metrics_allow: `{entry}` is not an address or a network (10.0.0.0/8)")
                    })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let sqlite_synchronous =
            match env("KINERJA_SQLITE_SYNCHRONOUS").or(file_config.sqlite_synchronous.clone()).as_deref() {
                None | Some("full") => store::Synchronous::Full,
                Some("normal") => store::Synchronous::Normal,
                Some(other) => bail!("sqlite_synchronous must be `full` or `normal`, not `{other}`"),
            };
        let trust_forwarded_for =
            parse_env("KINERJA_TRUST_FORWARDED_FOR")?.or(file_config.trust_forwarded_for).unwrap_or(false);
        Ok(Settings {
            server: crate::server::Limits {
                connections: parse_env("KINERJA_HTTP_CONNECTIONS")?.or(file_config.http_connections).unwrap_or(1024),
                // Behind a reverse proxy every connection comes from the proxy's address.
                per_address: parse_env("KINERJA_HTTP_CONNECTIONS_PER_ADDRESS")?
                    .or(file_config.http_connections_per_address)
                    .unwrap_or(if trust_forwarded_for { 0 } else { 256 }),
                header_timeout: seconds("KINERJA_HEADER_TIMEOUT_SECONDS", file_config.header_timeout_seconds, 15)?,
            },
            request_timeout: seconds("KINERJA_REQUEST_TIMEOUT_SECONDS", file_config.request_timeout_seconds, 60)?,
            upload_timeout: seconds("KINERJA_UPLOAD_TIMEOUT_SECONDS", file_config.upload_timeout_seconds, 600)?,
            metrics: web::MetricsAccess { networks, token: env("KINERJA_METRICS_TOKEN") },
            sqlite_synchronous,
            log_format,
            log_filter: env("KINERJA_LOG").or(file_config.log_filter).unwrap_or_else(|| "info,sqlx=warn".into()),
            cookie_secure: parse_env("KINERJA_COOKIE_SECURE")?.or(file_config.cookie_secure).unwrap_or(true),
            trust_forwarded_for,
            session_idle: Duration::from_secs(
                60 * parse_env("KINERJA_SESSION_IDLE_MINUTES")?.or(file_config.session_idle_minutes).unwrap_or(480),
            ),
            max_connections: parse_env("KINERJA_MAX_CONNECTIONS")?.or(file_config.max_connections),
            database_url: file_config.database_url,
            listen: file_config.listen,
            rulebook_dir: env("KINERJA_RULEBOOK_DIR").map(PathBuf::from).or(file_config.rulebook_dir),
            public_url: env("KINERJA_PUBLIC_URL").or(file_config.public_url),
            signing_key: env("KINERJA_SIGNING_KEY"),
            signing_key_file: env("KINERJA_SIGNING_KEY_FILE")
                .map(PathBuf::from)
                .or(file_config.signing_key_file)
                .unwrap_or_else(|| PathBuf::from("kinerja-signing.key")),
            s3: match env("KINERJA_S3_BUCKET").or(file_config.s3_bucket) {
                None => None,
                Some(bucket) => Some(store::S3Settings {
                    endpoint: env("KINERJA_S3_ENDPOINT").or(file_config.s3_endpoint).unwrap_or_default(),
                    bucket,
                    region: env("KINERJA_S3_REGION").or(file_config.s3_region).unwrap_or_else(|| "us-east-1".into()),
                    access_key: env("KINERJA_S3_ACCESS_KEY").or(file_config.s3_access_key).unwrap_or_default(),
                    // A secret stays out of files that get copied around: environment only.
                    secret_key: env("KINERJA_S3_SECRET_KEY").unwrap_or_default(),
                }),
            },
        })
    }

    /// The shipped rulebooks and those in `rulebook_dir`, each checked; one
    /// bad file stops the start with its name and the problem.
    pub fn rulebooks(&self) -> anyhow::Result<Rulebooks> {
        let mut rulebooks = Rulebooks::builtin()?;
        let Some(dir) = &self.rulebook_dir else { return Ok(rulebooks) };
        let entries = std::fs::read_dir(dir).with_context(|| format!("reading rulebook_dir {}", dir.display()))?;
        let mut files: Vec<PathBuf> = entries
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|e| e == "toml"))
            .collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
            rulebooks.add(&file.display().to_string(), &text)?;
        }
        Ok(rulebooks)
    }
}

fn parse_env<T: std::str::FromStr>(name: &str) -> anyhow::Result<Option<T>> {
    match std::env::var(name) {
        Ok(value) if !value.is_empty() => {
            value.parse().map(Some).map_err(|_| anyhow::anyhow!("{name}=`{value}` is not a valid value"))
        }
        _ => Ok(None),
    }
}

/// The URL without its password, for logs and messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

impl Settings {
    /// The server key that seals signing keys: from `KINERJA_SIGNING_KEY`, or
    /// from `signing_key_file`, which is created (readable by the owner only)
    /// on the first start. Every instance of one deployment needs the same key:
    /// without it no official can sign, and signatures already made still verify.
    pub fn vault(&self) -> anyhow::Result<store::KeyVault> {
        if let Some(hex) = &self.signing_key {
            return store::KeyVault::from_hex(hex).context("KINERJA_SIGNING_KEY");
        }
        let path = &self.signing_key_file;
        if !path.exists() {
            let key = store::KeyVault::generate_hex()?;
            write_private(path, &key).with_context(|| format!("creating {}", path.display()))?;
            eprintln!(
                "Kunci server untuk tanda tangan elektronik dibuat di {}; simpan salinannya dengan aman.",
                path.display()
            );
        }
        let hex = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        store::KeyVault::from_hex(&hex).with_context(|| format!("{} holds no valid key", path.display()))
    }
}

fn write_private(path: &Path, content: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    std::io::Write::write_all(&mut options.open(path)?, content.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(redact("postgres://kinerja:rahasia@db:5432/kinerja"), "postgres://kinerja:***@db:5432/kinerja");
        assert_eq!(redact("sqlite://kinerja.db"), "sqlite://kinerja.db");
    }

    #[test]
    fn unknown_file_keys_are_rejected() {
        assert!(toml::from_str::<FileConfig>("listen = \"0.0.0.0:80\"\nfoo = 1").is_err());
        assert!(toml::from_str::<FileConfig>("listen = \"0.0.0.0:80\"\ncookie_secure = false").is_ok());
    }
}
