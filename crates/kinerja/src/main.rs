//! `kinerja`: the server and its administration commands.

mod capaian;
mod config;
mod server;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use config::{LogFormat, Settings, redact};
use domain::access::Role;
use domain::drafts::{GrantDraft, TenantDraft};
use std::io::Read;
use std::path::PathBuf;
use std::time::Instant;
use store::{Actor, Store, StoreOptions};
use web::{AppState, PasswordHasher, WebConfig};

#[derive(Parser)]
#[command(
    name = "kinerja",
    version,
    about = "Kinerja: performance accountability (SAKIP) for Indonesian regional governments"
)]
struct Cli {
    /// Database URL: `sqlite://path` (created when missing) or `postgres://user:password@host/db`.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://kinerja.db", global = true)]
    database_url: String,

    /// An optional TOML settings file (see the README).
    #[arg(long, env = "KINERJA_CONFIG", global = true)]
    config: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server. A missing or empty SQLite database is migrated and loaded with the demo pemda.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "KINERJA_LISTEN", default_value = "127.0.0.1:8080")]
        listen: String,
    },
    /// Apply pending database migrations.
    Migrate,
    /// Load the demo pemda (Kabupaten Muara Enim) into an empty database.
    Demo,
    /// Manage login accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Write a consistent copy of a live SQLite database; for PostgreSQL, print how to use pg_dump.
    Backup {
        /// The file to write (must not exist).
        file: PathBuf,
    },
    /// Audit log tools.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Capaian of a list of indicators: reads CSV or XLSX with the header
    /// indicator,unit,polarity,target,actual and writes the rows as CSV with
    /// `achievement` and `category` appended. A bad row is reported on stderr
    /// with its line; the exit code is then 2 and nothing is written to stdout.
    Capaian(capaian::CapaianArgs),
    /// Nomenclature reference data (Permendagri 90/2019 and its Kepmendagri updates).
    Nomenklatur {
        #[command(subcommand)]
        command: NomenclatureCommand,
    },
}

#[derive(Subcommand)]
enum NomenclatureCommand {
    /// Add a version of the nomenclature from a CSV or XLSX list with the
    /// columns `code,level,name`. The newest version (by date) is the one in force.
    Import {
        /// The list: .csv, or .xlsx (its first sheet).
        file: PathBuf,
        /// A short id, e.g. kepmendagri-900.1-861-2026.
        #[arg(long)]
        id: String,
        /// Title of the list.
        #[arg(long)]
        title: String,
        /// The regulation, e.g. "Kepmendagri 900.1-861/2026".
        #[arg(long)]
        regulation: String,
        /// Date of the regulation (YYYY-MM-DD).
        #[arg(long)]
        issued_on: String,
        /// Where the list was taken from.
        #[arg(long)]
        source: String,
    },
    /// List the versions and how many codes each has.
    List,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account. The password is read from standard input.
    Add {
        /// Login name (lower-case letters, digits, `.`, `-`, `_`).
        username: String,
        /// Name shown in the interface.
        #[arg(long)]
        name: String,
        /// admin_nasional, admin_pemda, operator_opd, pejabat, verifikator, evaluator or pemantau.
        #[arg(long)]
        role: String,
        /// Kemendagri code of the pemda (not for admin_nasional), e.g. 16.03.
        #[arg(long)]
        tenant: Option<String>,
        /// Id of the OPD (required for operator_opd).
        #[arg(long)]
        opd: Option<i64>,
    },
    /// Set an account's password, read from standard input; ends its sessions.
    Passwd { username: String },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Check every hash chain of the audit log and report changed or deleted entries.
    Verify,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let started = Instant::now();
    let cli = Cli::parse();
    let settings = Settings::load(cli.config.as_deref())?;
    init_logging(&settings)?;
    // An analyst's command: no database.
    if let Command::Capaian(args) = &cli.command {
        return capaian::run(args, &settings.rulebooks()?);
    }
    // The file may name the database; a flag or DATABASE_URL set explicitly wins.
    let database_url = match (&settings.database_url, std::env::var_os("DATABASE_URL")) {
        (Some(from_file), None) if cli.database_url == "sqlite://kinerja.db" => from_file.clone(),
        _ => cli.database_url.clone(),
    };
    let options = StoreOptions { max_connections: settings.max_connections, synchronous: settings.sqlite_synchronous };
    let store = Store::connect(&database_url, &options)
        .await
        .with_context(|| format!("connecting to {}", redact(&database_url)))?;
    match cli.command {
        Command::Serve { listen } => {
            let listen = settings
                .listen
                .clone()
                .filter(|_| std::env::var_os("KINERJA_LISTEN").is_none() && listen == "127.0.0.1:8080")
                .unwrap_or(listen);
            serve(store, &settings, &database_url, &listen, started).await
        }
        Command::Migrate => {
            store.migrate().await?;
            println!("Migrasi selesai ({}).", store.backend_name());
            Ok(())
        }
        Command::Demo => {
            store.migrate().await?;
            if store.count_tenants().await? > 0 {
                bail!("the database already holds a pemda; the demo loads only into an empty database");
            }
            load_demo(&store).await
        }
        Command::User { command } => user(&store, command).await,
        Command::Backup { file } => backup(&store, &file).await,
        Command::Audit { command: AuditCommand::Verify } => verify_audit(&store).await,
        Command::Nomenklatur { command } => nomenclature(&store, command).await,
        Command::Capaian(args) => capaian::run(&args, &settings.rulebooks()?),
    }
}

fn init_logging(settings: &Settings) -> anyhow::Result<()> {
    let filter =
        tracing_subscriber::EnvFilter::try_new(&settings.log_filter).context("KINERJA_LOG is not a valid filter")?;
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    match settings.log_format {
        LogFormat::Json => builder.json().flatten_event(true).with_current_span(true).with_span_list(false).init(),
        LogFormat::Text => builder.compact().init(),
    }
    Ok(())
}

async fn serve(
    store: Store,
    settings: &Settings,
    database_url: &str,
    listen: &str,
    started: Instant,
) -> anyhow::Result<()> {
    store.migrate().await.context("migrating the database")?;
    if matches!(store, Store::Sqlite(_)) && store.count_tenants().await? == 0 {
        load_demo(&store).await?;
    }
    let config = WebConfig {
        cookie_secure: settings.cookie_secure,
        trust_forwarded_for: settings.trust_forwarded_for,
        session_idle: settings.session_idle,
        rulebooks: std::sync::Arc::new(settings.rulebooks()?),
        public_url: settings.public_url.clone().unwrap_or_else(|| format!("http://{listen}")),
        vault: settings.vault()?,
        evidence: match &settings.s3 {
            Some(s3) => store::EvidenceFiles::s3(s3).context("configuring the S3 store for evidence")?,
            None => store::EvidenceFiles::Database,
        },
        request_timeout: settings.request_timeout,
        upload_timeout: settings.upload_timeout,
        metrics: settings.metrics.clone(),
        ..WebConfig::default()
    };
    let state = AppState::new(store.clone(), config);
    let app = web::router(state);
    let open_files = server::raise_open_file_limit();
    if open_files > 0 && (open_files as usize) < settings.server.connections.saturating_add(64) {
        tracing::warn!(
            open_files,
            connections = settings.server.connections,
            "the open-file limit is below the connection cap"
        );
    }
    let listener = tokio::net::TcpListener::bind(listen).await.with_context(|| format!("listening on {listen}"))?;
    let address = listener.local_addr()?;
    tracing::info!(%address, database = %redact(database_url), ready_ms = started.elapsed().as_millis() as u64, "kinerja is ready");
    println!("Kinerja berjalan di http://{address}/  (database: {})", redact(database_url));
    tokio::spawn(purge_sessions(store.clone()));
    server::run(listener, app, settings.server, shutdown_signal()).await?;
    store.close().await;
    Ok(())
}

/// Removes expired sessions and forgotten login failures once an hour.
async fn purge_sessions(store: Store) {
    let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        every_hour.tick().await;
        let now = time::OffsetDateTime::now_utc();
        match store.purge_sessions(now).await {
            Ok(removed) => tracing::debug!(removed, "expired sessions removed"),
            Err(error) => tracing::warn!(%error, "could not remove expired sessions"),
        }
        if let Err(error) = store.purge_login_throttle(now).await {
            tracing::warn!(%error, "could not remove old login failures");
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

async fn load_demo(store: &Store) -> anyhow::Result<()> {
    let hasher = PasswordHasher::default();
    let today = time::OffsetDateTime::now_utc().to_offset(domain::format::TimeZone::Wib.offset()).date();
    let summary =
        demo::load(store, |password| web::hash_password_blocking(&hasher, password).unwrap_or_default(), today)
            .await
            .context("loading the demo pemda")?;
    println!(
        "Pemda demo dimuat: {} ({}), {} perangkat daerah, {} jabatan.",
        summary.tenant.name, summary.tenant.code, summary.opds, summary.positions
    );
    println!("Akun demo (nama pengguna / kata sandi / peran):");
    for account in demo::ACCOUNTS {
        println!("  {:<18} {:<24} {}", account.username, account.password, account.role.label(domain::Locale::Id));
    }
    Ok(())
}

fn read_password() -> anyhow::Result<String> {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).context("reading the password from standard input")?;
    let password = input.trim_end_matches(['\r', '\n']).to_owned();
    domain::text::new_password(&password)
        .map_err(|reason| anyhow::anyhow!("password: {}", reason.message(domain::Locale::En)))
}

async fn user(store: &Store, command: UserCommand) -> anyhow::Result<()> {
    store.migrate().await?;
    let actor = Actor::system("cli");
    match command {
        UserCommand::Add { username, name, role, tenant, opd } => {
            let username = domain::text::username(&username)
                .map_err(|r| anyhow::anyhow!("username: {}", r.message(domain::Locale::En)))?;
            let grant = GrantDraft {
                role: Role::parse(&role).map_err(|_| anyhow::anyhow!("unknown role `{role}`"))?,
                opd_id: opd.map(domain::OpdId),
            };
            grant.role.check_scope(grant.opd_id).map_err(|r| anyhow::anyhow!("{}", r.message(domain::Locale::En)))?;
            let tenant = match (grant.role, tenant) {
                (Role::NationalAdmin, None) => None,
                (Role::NationalAdmin, Some(_)) => {
                    bail!("a national admin belongs to no pemda: leave out --tenant")
                }
                (_, None) => bail!("--tenant is required for this role"),
                (_, Some(code)) => Some(match store.tenant_by_code(&code).await {
                    Ok(tenant) => tenant.tenant_id(),
                    Err(store::StoreError::NotFound) => {
                        let draft = TenantDraft::parse(&code).map_err(|e| anyhow::anyhow!("{e}"))?;
                        store.create_tenant(&actor, &draft).await?.tenant_id()
                    }
                    Err(error) => return Err(error.into()),
                }),
            };
            let password = read_password()?;
            let hash =
                web::hash_password_blocking(&PasswordHasher::default(), &password).context("hashing the password")?;
            let user = store
                .create_user(tenant, &actor, &username, &name, &hash, &grant)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("Pengguna {} dibuat (id {}).", user.username, user.id);
        }
        UserCommand::Passwd { username } => {
            let credentials = store
                .credentials(&username.to_ascii_lowercase())
                .await?
                .with_context(|| format!("no account `{username}`"))?;
            let password = read_password()?;
            let hash =
                web::hash_password_blocking(&PasswordHasher::default(), &password).context("hashing the password")?;
            store.set_password(None, &actor, domain::UserId(credentials.id), &hash).await?;
            println!("Kata sandi {} diganti; semua sesinya diakhiri.", credentials.username);
        }
    }
    Ok(())
}

async fn backup(store: &Store, file: &std::path::Path) -> anyhow::Result<()> {
    if file.exists() {
        bail!("{} already exists; choose a new file name", file.display());
    }
    let path = file.to_str().context("the backup path must be valid UTF-8")?;
    if store.backup_sqlite(path).await? {
        println!("Salinan database ditulis ke {}.", file.display());
    } else {
        println!("PostgreSQL dicadangkan dengan pg_dump, tanpa menghentikan server:");
        println!("  pg_dump --format=custom --file={} \"$DATABASE_URL\"", file.display());
        println!("Pemulihan: pg_restore --clean --if-exists --dbname=\"$DATABASE_URL\" {}", file.display());
    }
    Ok(())
}

async fn verify_audit(store: &Store) -> anyhow::Result<()> {
    let (entries, faults) = store.verify_audit().await?;
    if faults.is_empty() {
        println!("Log audit utuh: {entries} entri diperiksa, tidak ada yang diubah atau dihapus.");
        return Ok(());
    }
    eprintln!("Log audit RUSAK: {} masalah dalam {entries} entri:", faults.len());
    for fault in &faults {
        eprintln!("  {fault}");
    }
    std::process::exit(1);
}

async fn nomenclature(store: &Store, command: NomenclatureCommand) -> anyhow::Result<()> {
    let NomenclatureCommand::Import { file, id, title, regulation, issued_on, source } = command else {
        for (version, count) in store.nomenclature_versions().await? {
            println!(
                "{}  {}  {}  {count} kode  ({})",
                version.id, version.issued_on, version.regulation, version.title
            );
        }
        return Ok(());
    };
    let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
    let is_xlsx = file.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let parsed = if is_xlsx {
        let sheet = docs::sheet::read_first_sheet(&bytes, domain::Locale::Id).map_err(|reason| {
            anyhow::anyhow!("not a readable XLSX workbook: {}", reason.message(domain::Locale::En))
        })?;
        let mut rows = sheet.rows();
        let header_ok = rows.next().is_some_and(|header| {
            [0, 1, 2].map(|col| sheet.text(header, col).trim().to_owned()) == ["code", "level", "name"]
        });
        if !header_ok {
            bail!("the first row must be the header code,level,name");
        }
        store::reference::nomenclature_rows(
            rows.map(|row| (row.saturating_add(1), [0, 1, 2].map(|col| sheet.text(row, col).into_owned()))),
        )
    } else {
        store::reference::nomenclature_csv(&String::from_utf8(bytes).context("the CSV is not UTF-8")?)
    };
    let entries = match parsed {
        Ok(entries) => entries,
        Err(errors) => {
            for error in &errors {
                eprintln!(
                    "{}: baris {}, kolom {}: {}",
                    file.display(),
                    error.line,
                    error.field,
                    error.reason.message(domain::Locale::Id)
                );
            }
            std::process::exit(2);
        }
    };
    let issued_on = domain::text::date(&issued_on)
        .map_err(|r| anyhow::anyhow!("--issued-on: {}", r.message(domain::Locale::En)))?;
    let version = store::NomenclatureVersion { id: id.clone(), title, regulation, issued_on, source };
    if store.add_nomenclature_version(&version, &entries).await? {
        println!("Nomenklatur {id}: {} kode ditambahkan.", entries.len());
        Ok(())
    } else {
        bail!("a version with the id {id} already exists")
    }
}
