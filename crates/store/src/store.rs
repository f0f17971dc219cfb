//! The `Store` handle: one pool, picked once at start-up from the URL.

use crate::Result;
use crate::backend::{postgres, sqlite};
use crate::model::*;
use domain::audit::ChainFault;
use domain::drafts::{AssignmentDraft, GrantDraft, OfficialDraft, OpdDraft, PositionDraft, TenantDraft, UnitDraft};
use domain::rulebook::RulebookKind;
use domain::{ApiTokenId, AssignmentId, OfficialId, OpdId, PositionId, TenantId, UnitId, UserId};
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;
use time::{Date, OffsetDateTime};

#[derive(Clone, Debug)]
pub enum Store {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

#[derive(Clone, Debug, Default)]
pub struct StoreOptions {
    /// Pool size; `None` picks the backend's default.
    pub max_connections: Option<u32>,
    /// How SQLite makes commits durable.
    pub synchronous: Synchronous,
}

/// When an SQLite commit reaches the disk. Both survive a crash of the
/// process; they differ on a power cut or a crash of the machine.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Synchronous {
    /// Every commit is on disk (fsync of the WAL) before the user is told
    /// it was saved: an acknowledged save survives a power cut.
    #[default]
    Full,
    /// The WAL is synced at checkpoints only: faster, but the last commits
    /// can be lost on a power cut.
    Normal,
}

/// Each SQLite connection runs on a thread of its own; past a few, threads
/// only take turns on the cores (measured in BENCHMARKS.md).
const SQLITE_CONNECTIONS: u32 = 4;
const POSTGRES_CONNECTIONS: u32 = 16;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

impl Store {
    /// Connects to `sqlite://path` (created when missing) or `postgres://…`.
    pub async fn connect(url: &str, options: &StoreOptions) -> Result<Store> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new()
                .max_connections(options.max_connections.unwrap_or(POSTGRES_CONNECTIONS))
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await?;
            return Ok(Store::Postgres(pool));
        }
        let connect = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(match options.synchronous {
                Synchronous::Full => SqliteSynchronous::Full,
                Synchronous::Normal => SqliteSynchronous::Normal,
            })
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(options.max_connections.unwrap_or(SQLITE_CONNECTIONS))
            // A connection to a local file cannot drop the way a network one
            // can; pinging it before each use would double every query's cost.
            .test_before_acquire(false)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(connect)
            .await?;
        Ok(Store::Sqlite(pool))
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            Store::Sqlite(_) => "sqlite",
            Store::Postgres(_) => "postgres",
        }
    }

    /// Applies pending migrations. Safe to run from several instances at once
    /// on PostgreSQL (sqlx holds an advisory lock while migrating).
    pub async fn migrate(&self) -> Result<()> {
        match self {
            Store::Sqlite(pool) => SQLITE_MIGRATIONS.run(pool).await?,
            Store::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await?,
        }
        for (version, entries) in crate::reference::shipped_nomenclature()? {
            self.add_nomenclature_version(&version, &entries).await?;
        }
        Ok(())
    }

    /// Checks that the database answers.
    pub async fn ping(&self) -> Result<()> {
        match self {
            Store::Sqlite(pool) => sqlx::query("SELECT 1").execute(pool).await.map(|_| ())?,
            Store::Postgres(pool) => sqlx::query("SELECT 1").execute(pool).await.map(|_| ())?,
        }
        Ok(())
    }

    /// Every `(table, column)` of the schema, to compare the two backends.
    pub async fn columns(&self) -> Result<Vec<(String, String)>> {
        match self {
            Store::Sqlite(pool) => sqlite::columns(pool).await,
            Store::Postgres(pool) => postgres::columns(pool).await,
        }
    }

    /// Writes a consistent copy of a live SQLite database to `path`.
    /// PostgreSQL is backed up with `pg_dump`, outside the application.
    pub async fn backup_sqlite(&self, path: &str) -> Result<bool> {
        match self {
            Store::Sqlite(pool) => sqlite::backup(pool, path).await.map(|()| true),
            Store::Postgres(_) => Ok(false),
        }
    }

    pub async fn close(&self) {
        match self {
            Store::Sqlite(pool) => pool.close().await,
            Store::Postgres(pool) => pool.close().await,
        }
    }

    pub fn pool_size(&self) -> (u32, usize) {
        match self {
            Store::Sqlite(pool) => (pool.size(), pool.num_idle()),
            Store::Postgres(pool) => (pool.size(), pool.num_idle()),
        }
    }

    /// Runs raw SQL; for tests that must tamper with what the application never changes.
    #[doc(hidden)]
    pub async fn execute_unchecked(&self, sql: &str) -> Result<u64> {
        let sql = sqlx::AssertSqlSafe(sql.to_owned());
        Ok(match self {
            Store::Sqlite(pool) => sqlx::raw_sql(sql).execute(pool).await?.rows_affected(),
            Store::Postgres(pool) => sqlx::raw_sql(sql).execute(pool).await?.rows_affected(),
        })
    }
}

/// Generates `Store` methods that forward to the same query function of the chosen backend.
macro_rules! delegate {
    ($( $(#[$doc:meta])* $name:ident => $module:ident :: $function:ident ( $($arg:ident : $ty:ty),* ) -> $ret:ty; )*) => {
        impl Store { $(
            $(#[$doc])*
            pub async fn $name(&self, $($arg: $ty),*) -> Result<$ret> {
                match self {
                    Store::Sqlite(pool) => sqlite::$module::$function(pool, $($arg),*).await,
                    Store::Postgres(pool) => postgres::$module::$function(pool, $($arg),*).await,
                }
            }
        )* }
    };
}

delegate! {
    create_tenant => tenant::create(actor: &Actor, draft: &TenantDraft) -> Tenant;
    tenant_by_code => tenant::by_code(code: &str) -> Tenant;
    tenant => tenant::get(id: TenantId) -> Tenant;
    /// Tenants, all of them (`only` = `None`) or those with the given ids.
    list_tenants => tenant::list(only: Option<&[i64]>, query: &ListQuery) -> Page<Tenant>;
    count_tenants => tenant::count() -> i64;
    tenant_summary => tenant::summary(tenant: TenantId, today: Date) -> TenantSummary;

    opd => opd::get(tenant: TenantId, id: OpdId) -> Opd;
    list_opds => opd::list(tenant: TenantId, query: &ListQuery) -> Page<Opd>;
    opd_options => opd::options(tenant: TenantId) -> Vec<(i64, String)>;
    create_opd => opd::create(tenant: TenantId, actor: &Actor, draft: &OpdDraft) -> Opd;
    update_opd => opd::update(tenant: TenantId, actor: &Actor, id: OpdId, draft: &OpdDraft, active: bool) -> Opd;

    unit => unit::get(tenant: TenantId, id: UnitId) -> Unit;
    list_units => unit::list(tenant: TenantId, query: &ListQuery) -> Page<Unit>;
    unit_options => unit::options(tenant: TenantId) -> Vec<(i64, i64, String)>;
    create_unit => unit::create(tenant: TenantId, actor: &Actor, draft: &UnitDraft) -> Unit;
    update_unit => unit::update(tenant: TenantId, actor: &Actor, id: UnitId, draft: &UnitDraft) -> Unit;

    position => position::get(tenant: TenantId, id: PositionId, today: Date) -> Position;
    list_positions => position::list(tenant: TenantId, query: &ListQuery, today: Date) -> Page<Position>;
    position_options => position::options(tenant: TenantId) -> Vec<(i64, String)>;
    create_position => position::create(tenant: TenantId, actor: &Actor, draft: &PositionDraft, today: Date) -> Position;
    update_position => position::update(tenant: TenantId, actor: &Actor, id: PositionId, draft: &PositionDraft, today: Date) -> Position;

    official => official::get(tenant: TenantId, id: OfficialId, today: Date) -> Official;
    list_officials => official::list(tenant: TenantId, query: &ListQuery, today: Date) -> Page<Official>;
    create_official => official::create(tenant: TenantId, actor: &Actor, draft: &OfficialDraft, today: Date) -> Official;
    update_official => official::update(tenant: TenantId, actor: &Actor, id: OfficialId, draft: &OfficialDraft, today: Date) -> Official;
    assignments => official::assignments(tenant: TenantId, official: OfficialId) -> Vec<Assignment>;
    assign => official::assign(tenant: TenantId, actor: &Actor, official: OfficialId, draft: &AssignmentDraft) -> Assignment;
    end_assignment => official::end_assignment(tenant: TenantId, actor: &Actor, official: OfficialId, id: AssignmentId, ends_on: Date) -> Assignment;

    user => user::get(tenant: TenantId, id: UserId) -> User;
    own_user => user::own(id: UserId) -> User;
    credentials => user::credentials(username: &str) -> Option<Credentials>;
    list_users => user::list(tenant: TenantId, query: &ListQuery) -> Page<User>;
    grants => user::grants(user: UserId) -> Vec<GrantRow>;
    /// Creates an account with its first role; `tenant` is `None` only for national admins.
    create_user => user::create(tenant: Option<TenantId>, actor: &Actor, username: &str, display_name: &str, password_hash: &str, grant: &GrantDraft) -> User;
    add_grant => user::add_grant(tenant: TenantId, actor: &Actor, user: UserId, grant: &GrantDraft) -> ();
    remove_grant => user::remove_grant(tenant: TenantId, actor: &Actor, user: UserId, grant: i64) -> ();
    set_user_active => user::set_active(tenant: TenantId, actor: &Actor, user: UserId, active: bool) -> User;
    set_password => user::set_password(tenant: Option<TenantId>, actor: &Actor, user: UserId, password_hash: &str) -> ();
    login_blocked_until => throttle::blocked_until(pair_hash: &str, now: OffsetDateTime) -> Option<OffsetDateTime>;
    login_failed => throttle::failed(pair_hash: &str, now: OffsetDateTime) -> Option<OffsetDateTime>;
    login_succeeded => throttle::cleared(pair_hash: &str) -> ();
    purge_login_throttle => throttle::purge(now: OffsetDateTime) -> u64;

    create_session => session::create(user: UserId, token_hash: &str, now: OffsetDateTime, expires_at: OffsetDateTime) -> ();
    /// The session's user and grants, and the data version of `tenant` if one is named.
    resolve_session => session::resolve(token_hash: &str, now: OffsetDateTime, tenant: Option<TenantId>) -> Option<SessionUser>;
    touch_session => session::touch(token_hash: &str, now: OffsetDateTime, expires_at: OffsetDateTime) -> ();
    delete_session => session::delete(token_hash: &str) -> ();
    purge_sessions => session::purge_expired(now: OffsetDateTime) -> u64;

    api_tokens => token::list(user: UserId) -> Vec<ApiToken>;
    create_api_token => token::create(tenant: Option<TenantId>, actor: &Actor, user: UserId, token: &NewApiToken) -> ApiToken;
    revoke_api_token => token::revoke(tenant: Option<TenantId>, actor: &Actor, user: UserId, id: ApiTokenId) -> ApiToken;
    resolve_api_token => token::resolve(token_hash: &str, now: OffsetDateTime) -> Option<SessionUser>;

    plans => planning::headers(tenant: TenantId) -> Vec<domain::cascade::PlanHeader>;
    plan_header => planning::header(tenant: TenantId, id: i64) -> domain::cascade::PlanHeader;
    plan => planning::load(tenant: TenantId, id: i64) -> domain::cascade::Plan;
    rpjmd_in_force => planning::rpjmd_in_force(tenant: TenantId) -> Option<domain::cascade::Plan>;
    /// The RPJMD in force and the current Renstra of every OPD.
    cascade => planning::cascade(tenant: TenantId) -> domain::cascade::Cascade;
    create_plan => planning::create(tenant: TenantId, actor: &Actor, draft: &domain::planning::PlanDraft) -> domain::cascade::PlanHeader;
    update_plan => planning::update(tenant: TenantId, actor: &Actor, id: i64, draft: &domain::planning::PlanDraft) -> domain::cascade::PlanHeader;
    approve_plan => planning::approve(tenant: TenantId, actor: &Actor, id: i64) -> domain::cascade::PlanHeader;
    /// Starts a revision (perubahan) that replaces the plan; the old one stays readable.
    revise_plan => planning::revise(tenant: TenantId, actor: &Actor, id: i64, note: &str) -> domain::cascade::PlanHeader;
    /// Replaces a plan's whole content, all or nothing.
    replace_plan_content => planning::replace_content(tenant: TenantId, actor: &Actor, id: i64, elements: &[domain::cascade::ElementContent]) -> domain::cascade::PlanHeader;
    add_element => planning::add_element(tenant: TenantId, actor: &Actor, plan: i64, draft: &domain::planning::ElementDraft) -> i64;
    update_element => planning::update_element(tenant: TenantId, actor: &Actor, plan: i64, id: i64, change: ElementUpdate<'_>) -> ();
    delete_element => planning::delete_element(tenant: TenantId, actor: &Actor, plan: i64, id: i64) -> ();
    add_indicator => planning::add_indicator(tenant: TenantId, actor: &Actor, plan: i64, element: i64, draft: &domain::planning::IndicatorDraft) -> i64;
    update_indicator => planning::update_indicator(tenant: TenantId, actor: &Actor, plan: i64, element: i64, id: i64, draft: &domain::planning::IndicatorDraft) -> ();
    delete_indicator => planning::delete_indicator(tenant: TenantId, actor: &Actor, plan: i64, element: i64, id: i64) -> ();
    code_statuses => planning::code_statuses(tenant: TenantId) -> std::collections::HashMap<String, domain::cascade::CodeStatus>;
    /// Which of `codes` the nomenclature in force holds, with their names.
    current_codes => planning::current_codes(codes: &[String]) -> std::collections::HashMap<String, String>;
    renja => planning::renja(tenant: TenantId, opd: i64, year: i32) -> Vec<RenjaRow>;
    set_renja => planning::set_renja(tenant: TenantId, actor: &Actor, entry: &RenjaEntry) -> ();
    /// Replaces an OPD's Renja for a year (a workbook import), all or nothing.
    replace_renja => planning::replace_renja(tenant: TenantId, actor: &Actor, opd: i64, year: i32, budgets: &[domain::planning::RenjaBudget]) -> ();
    save_import => planning::save_import(tenant: TenantId, user: i64, plan: i64, file_name: &str, content: &[u8]) -> i64;
    pending_import => planning::pending_import(tenant: TenantId, user: i64, id: i64) -> (i64, String, Vec<u8>);
    mark_imported => planning::mark_imported(tenant: TenantId, id: i64) -> ();

    /// The years for which the pemda chose a rulebook of a kind, with its id.
    rulebook_choices => capaian::rulebook_choices(tenant: TenantId, kind: RulebookKind) -> Vec<(i32, String)>;
    /// Sets a year's rulebook; `None` returns to the default.
    set_rulebook => capaian::set_rulebook(tenant: TenantId, actor: &Actor, kind: RulebookKind, year: i32, rulebook: Option<&str>) -> ();
    rulebook_choices_for_year => capaian::choices_for_year(kind: RulebookKind, year: i32) -> std::collections::HashMap<i64, String>;
    load_quarter_values => capaian::load_quarter_values(tenant: TenantId, actor: &Actor, year: i32, values: &[QuarterValue]) -> ();
    quarter_tenant_span => capaian::tenant_span(year: i32) -> Option<(i64, i64)>;
    /// Fills an empty database with a generated national data set, for
    /// benchmarks; returns the number of quarterly rows.
    #[cfg(feature = "synthetic")]
    generate_national => synthetic::national(spec: &NationalSpec) -> u64;

    /// Drafts the PK of a position for a year from the plan; returns the version id.
    create_pk => pk::create(tenant: TenantId, actor: &Actor, position: i64, year: i32, chosen: &[String], today: Date) -> i64;
    /// Drafts every missing PK of the year; returns how many were made.
    create_all_pks => pk::create_all(tenant: TenantId, actor: &Actor, year: i32, today: Date) -> usize;
    pk_version => pk::get(tenant: TenantId, version: i64) -> PkVersion;
    /// A version by its verification code, in any pemda.
    pk_by_code => pk::by_code(code: &str) -> (TenantId, PkVersion);
    pk_code_of_pdf => pk::code_of_pdf(sha256: &str) -> Option<String>;
    pk_issued_pdf => pk::issued_pdf(tenant: TenantId, version: i64) -> Option<Vec<u8>>;
    store_pk_pdf => pk::store_pdf(tenant: TenantId, version: i64, pdf: &[u8]) -> ();
    pk_position_rows => pk::position_rows(tenant: TenantId, position: i64, year: i32) -> Vec<domain::pk::PkRow>;
    pk_slots => pk::slots(tenant: TenantId, year: i32, opd: Option<i64>, today: Date) -> Vec<PkSlot>;
    /// `(pk, position, level, superior pk, rows)` of every current agreement of the year.
    pk_year_rows => pk::year_rows(tenant: TenantId, year: i32) -> Vec<(i64, i64, domain::pk::PkLevel, Option<i64>, Vec<domain::pk::PkRow>)>;
    save_pk_row => pk::save_row(tenant: TenantId, actor: &Actor, version: i64, row_id: Option<i64>, row: &domain::pk::PkRow) -> i64;
    delete_pk_row => pk::delete_row(tenant: TenantId, actor: &Actor, version: i64, row_id: i64) -> ();
    save_pk_budget => pk::save_budget(tenant: TenantId, actor: &Actor, version: i64, row_id: Option<i64>, row: &domain::pk::BudgetRow) -> i64;
    delete_pk_budget => pk::delete_budget(tenant: TenantId, actor: &Actor, version: i64, row_id: i64) -> ();
    set_pk_place => pk::set_place(tenant: TenantId, actor: &Actor, version: i64, place: &str, date: Date) -> ();
    /// Submit, return, approve or revoke.
    pk_step => pk::step(tenant: TenantId, actor: &Actor, version: i64, step: domain::pk::Step, note: &str) -> domain::pk::PkStatus;
    sign_pk => pk::sign(tenant: TenantId, actor: &Actor, vault: &crate::KeyVault, version: i64, official: i64) -> domain::pk::PkStatus;
    amend_pk => pk::amend(tenant: TenantId, actor: &Actor, version: i64, reason: domain::pk::AmendmentReason, note: &str, today: Date) -> i64;
    rotate_signing_key => pk::rotate_key(tenant: TenantId, actor: &Actor, vault: &crate::KeyVault, official: i64) -> i64;
    signing_keys => pk::keys(tenant: TenantId, official: i64) -> Vec<SigningKeyInfo>;
    official_of_user => pk::official_of_user(user: i64) -> Option<i64>;
    link_official => pk::link_official(tenant: TenantId, actor: &Actor, user: i64, nip: Option<&str>) -> ();

    /// The year's four reporting windows: as set, else the usual calendar.
    reporting_calendar => realisation::calendar(tenant: TenantId, year: i32) -> Vec<domain::realisation::Window>;
    set_reporting_calendar => realisation::set_calendar(tenant: TenantId, actor: &Actor, year: i32, windows: &[domain::realisation::Window]) -> ();
    reopen_period => realisation::reopen(tenant: TenantId, actor: &Actor, key: ReportKey, until: Date, reason: &str) -> ();
    reopenings => realisation::reopenings(tenant: TenantId, year: i32) -> Vec<Reopening>;
    /// Every version of every report of the year.
    realisation_reports => realisation::reports(tenant: TenantId, year: i32) -> Vec<ReportHead>;
    latest_report => realisation::latest_report(tenant: TenantId, opd: i64, year: i32, quarter: domain::capaian::Quarter) -> Option<ReportHead>;
    /// Every version of an OPD's report of a quarter, the newest first.
    report_versions => realisation::versions(tenant: TenantId, opd: i64, year: i32, quarter: domain::capaian::Quarter) -> Vec<ReportHead>;
    /// The quarter's window and whether it takes the OPD's entries on the key's day.
    period_state => realisation::period_state(tenant: TenantId, key: ReportKey) -> (domain::realisation::Window, domain::realisation::PeriodState);
    /// What an OPD reports on in a year, with the targets.
    report_lines => realisation::lines(tenant: TenantId, opd: i64, year: i32) -> Vec<ReportLine>;
    report_line => realisation::line(tenant: TenantId, opd: i64, year: i32, subject: domain::realisation::Subject) -> Option<ReportLine>;
    report_entries => realisation::entries(tenant: TenantId, report: i64) -> Vec<SavedEntry>;
    /// Saves one entry over revision `revision` (0: new); returns the new revision.
    save_entry => realisation::save_entry(tenant: TenantId, actor: &Actor, key: ReportKey, save: &EntrySave<'_>) -> EntryWritten;
    import_entries => realisation::import_entries(tenant: TenantId, actor: &Actor, key: ReportKey, entries: &[(domain::realisation::Subject, domain::realisation::Entry)], spent: &[(String, rust_decimal::Decimal)], confirmed_implausible: bool) -> ();
    report_spent => realisation::spent(tenant: TenantId, report: i64) -> Vec<(String, rust_decimal::Decimal)>;
    save_spent => realisation::save_spent(tenant: TenantId, actor: &Actor, key: ReportKey, code: &str, amount: Option<rust_decimal::Decimal>) -> ();
    year_spent => realisation::year_spent(tenant: TenantId, year: i32) -> Vec<SpentRow>;
    add_evidence => realisation::add_evidence(tenant: TenantId, actor: &Actor, key: ReportKey, file: &NewEvidence<'_>) -> i64;
    report_evidence => realisation::report_evidence(tenant: TenantId, report: i64) -> Vec<EvidenceInfo>;
    line_evidence => realisation::line_evidence(tenant: TenantId, report: i64, subject: domain::realisation::Subject) -> Vec<EvidenceInfo>;
    subject_evidence => realisation::subject_evidence(tenant: TenantId, subject: domain::realisation::Subject) -> Vec<EvidenceInfo>;
    evidence => realisation::evidence(tenant: TenantId, id: i64) -> EvidenceInfo;
    evidence_content => realisation::evidence_content(tenant: TenantId, sha256: &str) -> Option<Vec<u8>>;
    delete_evidence => realisation::delete_evidence(tenant: TenantId, actor: &Actor, key: ReportKey, id: i64) -> ();
    /// Submit, return or approve the open version of a report.
    report_step => realisation::step(tenant: TenantId, actor: &Actor, key: ReportKey, step: domain::realisation::ReportStep, note: &str, confirm_empty: bool) -> domain::realisation::ReportStatus;
    /// Starts a correction of an approved report; returns the new version's id.
    correct_report => realisation::correct(tenant: TenantId, actor: &Actor, key: ReportKey, reason: &str) -> i64;
    indicator_history => realisation::indicator_history(tenant: TenantId, indicator: i64) -> Vec<IndicatorQuarterRow>;
    /// The year's indicators with their quarters, by the OPD whose plan holds them.
    indicator_year => realisation::indicator_year(tenant: TenantId, year: i32) -> Vec<(Option<i64>, Vec<domain::capaian::IndicatorYear>)>;

    year_pagu => realisation::year_pagu(tenant: TenantId, year: i32) -> Vec<(i64, String, rust_decimal::Decimal)>;
    indicator_names => realisation::indicator_names(tenant: TenantId) -> Vec<IndicatorName>;

    add_nomenclature_version => nomenclature::add_version(version: &NomenclatureVersion, entries: &[NomenclatureEntry]) -> bool;
    nomenclature_versions => nomenclature::versions() -> Vec<(NomenclatureVersion, i64)>;
    nomenclature_children => nomenclature::children(prefix: &str) -> Vec<(String, String, String)>;

    audit_log => audit::list(tenant: TenantId, query: &AuditQuery) -> Page<AuditEntry>;
    /// A number that changes whenever anything of the pemda is written (its audit chain length).
    data_version => audit::version(tenant: TenantId) -> i64;
    /// Walks every audit chain; returns the number of entries checked and the faults found.
    verify_audit => audit::verify() -> (i64, Vec<ChainFault>);
}
