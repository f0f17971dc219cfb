//! Rows as the store returns them. Views for pages and the API are built from these.

use domain::access::{Grant, Role};
use domain::org::{AssignmentKind, OpdKind, PositionLevel, TenantKind, UnitKind};
use domain::pangkat::Golongan;
use domain::{OpdId, TenantId, UserId};
use serde::Serialize;
use time::{Date, OffsetDateTime};

/// Who made a change, as recorded in the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Option<UserId>,
    pub name: String,
}

impl Actor {
    pub fn user(id: UserId, username: &str) -> Self {
        Actor { user_id: Some(id), name: username.to_owned() }
    }

    /// A change made from the command line on the server.
    pub fn system(what: &str) -> Self {
        Actor { user_id: None, name: format!("sistem:{what}") }
    }
}

/// Search and paging for list pages.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    pub search: Option<String>,
    /// 1-based.
    pub page: u32,
    pub per_page: u32,
    /// Narrows units and positions to one OPD.
    pub opd: Option<OpdId>,
}

impl ListQuery {
    pub const DEFAULT_PER_PAGE: u32 = 25;

    pub(crate) fn limit(&self) -> i64 {
        i64::from(self.per_page.clamp(1, 200))
    }

    pub(crate) fn offset(&self) -> i64 {
        i64::from(self.page.max(1) - 1) * self.limit()
    }

    pub(crate) fn pattern(&self) -> Option<String> {
        self.search.as_deref().and_then(like_pattern)
    }
}

/// The case-insensitive `LIKE` pattern that finds `text` anywhere, with
/// `%`, `_` and `\` escaped. Control characters are dropped: PostgreSQL
/// refuses NUL in text, and none of them can match a stored name.
pub(crate) fn like_pattern(text: &str) -> Option<String> {
    let text = text.trim();
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.to_lowercase().chars().filter(|c| !c.is_control()) {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    (pattern.len() > 2).then_some(pattern)
}

#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

impl<T> Page<T> {
    pub fn pages(&self) -> u32 {
        let per_page = i64::from(self.per_page.max(1));
        u32::try_from((self.total + per_page - 1) / per_page).unwrap_or(u32::MAX).max(1)
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Tenant {
    pub id: i64,
    pub code: String,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub kind: TenantKind,
    pub province_code: String,
    pub created_at: OffsetDateTime,
}

impl Tenant {
    pub fn tenant_id(&self) -> TenantId {
        TenantId(self.id)
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Opd {
    pub id: i64,
    pub name: String,
    pub short_name: Option<String>,
    #[sqlx(try_from = "String")]
    pub kind: OpdKind,
    pub district_code: Option<String>,
    pub active: bool,
    pub unit_count: i64,
    pub position_count: i64,
    pub updated_at: OffsetDateTime,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Unit {
    pub id: i64,
    pub opd_id: i64,
    pub opd_name: String,
    pub parent_id: Option<i64>,
    pub parent_name: Option<String>,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub kind: UnitKind,
    pub updated_at: OffsetDateTime,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Position {
    pub id: i64,
    pub opd_id: Option<i64>,
    pub opd_name: Option<String>,
    pub unit_id: Option<i64>,
    pub unit_name: Option<String>,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub level: PositionLevel,
    /// The name of whoever holds it today, if anyone.
    pub holder: Option<String>,
    pub updated_at: OffsetDateTime,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Official {
    pub id: i64,
    pub nip: String,
    pub name: String,
    pub front_titles: Option<String>,
    pub back_titles: Option<String>,
    #[sqlx(try_from = "String")]
    pub golongan: Golongan,
    /// The position held today, if any (the most recently started one).
    pub position_name: Option<String>,
    pub updated_at: OffsetDateTime,
}

impl Official {
    pub fn full_name(&self) -> String {
        domain::org::full_name(self.front_titles.as_deref(), &self.name, self.back_titles.as_deref())
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Assignment {
    pub id: i64,
    pub official_id: i64,
    pub position_id: i64,
    pub position_name: String,
    pub opd_name: Option<String>,
    #[sqlx(try_from = "String")]
    pub kind: AssignmentKind,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
    pub decree: Option<String>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct User {
    pub id: i64,
    pub tenant_id: Option<i64>,
    pub username: String,
    pub display_name: String,
    pub active: bool,
    pub created_at: OffsetDateTime,
}

/// What login needs: never leaves the store except to check a password.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Credentials {
    pub id: i64,
    pub tenant_id: Option<i64>,
    pub username: String,
    pub password_hash: String,
    pub active: bool,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct GrantRow {
    pub id: i64,
    pub user_id: i64,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub tenant_id: Option<i64>,
    pub opd_id: Option<i64>,
    pub opd_name: Option<String>,
}

impl GrantRow {
    pub fn grant(&self) -> Grant {
        Grant { role: self.role, tenant: self.tenant_id.map(TenantId), opd: self.opd_id.map(OpdId) }
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    pub created_at: OffsetDateTime,
    pub expires_at: Option<OffsetDateTime>,
    pub last_used_at: Option<OffsetDateTime>,
    pub revoked_at: Option<OffsetDateTime>,
}

/// A token to store: its secret only as a hash, and a prefix to recognise it by.
#[derive(Debug, Clone)]
pub struct NewApiToken {
    pub name: String,
    pub token_hash: String,
    pub prefix: String,
    pub expires_at: Option<OffsetDateTime>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AuditEntry {
    pub id: i64,
    pub chain: i64,
    pub seq: i64,
    pub tenant_id: Option<i64>,
    pub at: OffsetDateTime,
    pub actor_user_id: Option<i64>,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub before_value: Option<String>,
    pub after_value: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// Filters of the audit log page.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub entity: Option<String>,
    pub action: Option<String>,
    pub actor: Option<String>,
    pub from: Option<Date>,
    pub until: Option<Date>,
    pub page: u32,
    pub per_page: u32,
}

impl AuditQuery {
    /// A checked filter, at page `page` (the first for 0) of `per_page` entries.
    pub fn of(filter: domain::audit::AuditFilter, page: u32, per_page: u32) -> AuditQuery {
        let domain::audit::AuditFilter { entity, action, actor, from, until } = filter;
        AuditQuery { entity, action, actor, from, until, page: page.max(1), per_page }
    }
}

/// Counts for the home dashboard.
#[derive(Debug, Clone, Default, Serialize, sqlx::FromRow)]
pub struct TenantSummary {
    pub opds: i64,
    pub kecamatan: i64,
    pub units: i64,
    pub positions: i64,
    pub vacant_positions: i64,
    pub officials: i64,
    pub acting_assignments: i64,
    pub users: i64,
}

/// One row per grant of a user (or one row without a grant), as read with a
/// session or token: the user, their roles and a pemda's version in one query.
#[derive(sqlx::FromRow)]
pub(crate) struct UserGrantRow {
    #[sqlx(flatten)]
    user: User,
    last_seen_at: OffsetDateTime,
    grant_id: Option<i64>,
    role: Option<String>,
    grant_tenant_id: Option<i64>,
    opd_id: Option<i64>,
    opd_name: Option<String>,
    data_version: Option<i64>,
}

impl SessionUser {
    /// Gathers the rows of one user; `None` when there are none. With
    /// `versioned`, a pemda without any audit entry yet has version 0.
    pub(crate) fn from_rows(rows: Vec<UserGrantRow>, versioned: bool) -> Option<SessionUser> {
        let first = rows.first()?;
        let (user, last_seen_at) = (first.user.clone(), first.last_seen_at);
        let data_version = versioned.then(|| first.data_version.unwrap_or(0));
        let grants = rows
            .into_iter()
            .filter_map(|row| {
                Some(GrantRow {
                    id: row.grant_id?,
                    user_id: user.id,
                    role: Role::parse(row.role.as_deref()?).ok()?,
                    tenant_id: row.grant_tenant_id,
                    opd_id: row.opd_id,
                    opd_name: row.opd_name,
                })
            })
            .collect();
        Some(SessionUser { user, grants, last_seen_at, data_version })
    }
}

/// A session or token resolved to its user and roles.
#[derive(Debug, Clone)]
pub struct SessionUser {
    pub user: User,
    pub grants: Vec<GrantRow>,
    /// When the session was last marked as used, to refresh it sparingly.
    pub last_seen_at: OffsetDateTime,
    /// The data version of the pemda asked about, if one was.
    pub data_version: Option<i64>,
}

/// A version of the nomenclature reference list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NomenclatureVersion {
    pub id: String,
    pub title: String,
    pub regulation: String,
    pub issued_on: Date,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NomenclatureEntry {
    pub code: domain::nomenclature::NomenclatureCode,
    pub level: domain::nomenclature::CodeLevel,
    pub name: String,
}

/// A program, kegiatan or sub-kegiatan of an OPD's year: the Renstra's
/// indicative pagu beside the Renja budget and its change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RenjaRow {
    pub element_id: i64,
    pub plan_id: i64,
    pub kind: domain::planning::ElementKind,
    pub code: String,
    pub name: String,
    pub planned: Option<rust_decimal::Decimal>,
    pub pagu: Option<rust_decimal::Decimal>,
    pub pagu_perubahan: Option<rust_decimal::Decimal>,
}

impl RenjaRow {
    pub fn item(&self) -> domain::planning::RenjaItem {
        domain::planning::RenjaItem {
            kind: self.kind,
            code: self.code.clone(),
            name: self.name.clone(),
            planned: self.planned,
            pagu: self.pagu,
            pagu_perubahan: self.pagu_perubahan,
        }
    }

    pub fn pagu_in_force(&self) -> Option<rust_decimal::Decimal> {
        domain::planning::pagu_in_force(self.pagu, self.pagu_perubahan)
    }
}

/// The changeable parts of a plan element: its fields, its budget per year
/// and, for a Renstra sasaran, the codes of the RPJMD sasaran it supports.
#[derive(Debug, Clone, Copy)]
pub struct ElementUpdate<'a> {
    pub draft: &'a domain::planning::ElementDraft,
    pub budgets: &'a [(i32, rust_decimal::Decimal)],
    pub supports: &'a [String],
}

/// One Renja item's budget for a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenjaEntry {
    pub opd: i64,
    pub year: i32,
    pub element: i64,
    pub pagu: rust_decimal::Decimal,
    pub pagu_perubahan: Option<rust_decimal::Decimal>,
}

/// A quarter's target and actual of one indicator, for the bulk loader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuarterValue {
    pub indicator: i64,
    pub quarter: domain::capaian::Quarter,
    pub target: Option<rust_decimal::Decimal>,
    pub actual: Option<rust_decimal::Decimal>,
}

/// One pemda's indicators for a year, by OPD (`None` for the RPJMD's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantYear {
    pub tenant: TenantId,
    pub opds: Vec<(Option<i64>, Vec<domain::capaian::IndicatorYear>)>,
}

/// The size of a generated national data set (see `Store::generate_national`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NationalSpec {
    pub tenants: i64,
    /// OPDs per pemda, each with one Renstra.
    pub opds: i64,
    /// Sasaran per OPD.
    pub sasaran: i64,
    /// Indicators per OPD, spread over its sasaran, each with four quarters.
    pub indicators: i64,
    pub year: i32,
}

/// A position that signs a PK, its holder today and its agreement for the
/// year, if drafted: one line of the year's list.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct PkSlot {
    pub position_id: i64,
    pub position_name: String,
    #[sqlx(try_from = "String")]
    pub position_level: PositionLevel,
    pub opd_id: Option<i64>,
    pub opd_name: Option<String>,
    pub holder: Option<String>,
    pub pk_id: Option<i64>,
    pub version_id: Option<i64>,
    pub number: Option<i32>,
    pub status: Option<String>,
}

impl PkSlot {
    pub fn status(&self) -> Option<domain::pk::PkStatus> {
        self.status.as_deref().and_then(|s| domain::pk::PkStatus::parse(s).ok())
    }
}

/// Where a PK version stands, beside its content.
#[derive(Debug, Clone, Serialize)]
pub struct PkHeader {
    pub pk_id: i64,
    pub version_id: i64,
    pub position_id: i64,
    pub opd_id: Option<i64>,
    pub superior_position_id: Option<i64>,
    pub status: domain::pk::PkStatus,
    pub review_note: Option<String>,
    /// SHA-256 of the canonical content, fixed at approval.
    pub digest: Option<String>,
    pub canonical: Option<String>,
    pub pdf_sha256: Option<String>,
    pub updated_at: OffsetDateTime,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct PkSignature {
    #[sqlx(try_from = "String")]
    pub party: domain::pk::SigningParty,
    pub official_id: i64,
    pub user_id: i64,
    pub key_id: i64,
    pub public_key: String,
    pub signed_at: OffsetDateTime,
    pub digest: String,
    pub signature: String,
}

/// One version of a PK with everything in it.
#[derive(Debug, Clone, Serialize)]
pub struct PkVersion {
    pub header: PkHeader,
    pub content: domain::pk::PkContent,
    /// The stored ids of `content.rows` and `content.budget`, in order.
    pub row_ids: Vec<i64>,
    pub budget_ids: Vec<i64>,
    pub signatures: Vec<PkSignature>,
    /// Every version of the agreement: id, number, status.
    pub history: Vec<(i64, i32, domain::pk::PkStatus)>,
}

/// An official's signing key, without its sealed seed.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct SigningKeyInfo {
    pub id: i64,
    pub public_key: String,
    pub created_at: OffsetDateTime,
    pub retired_at: Option<OffsetDateTime>,
}

/// One version of an OPD's report of a quarter.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ReportHead {
    pub id: i64,
    pub opd_id: i64,
    pub year: i32,
    #[sqlx(try_from = "i32")]
    pub quarter: QuarterNumber,
    pub version: i32,
    #[sqlx(try_from = "String")]
    pub status: domain::realisation::ReportStatus,
    pub correction_reason: Option<String>,
    pub review_note: Option<String>,
    pub submitted_at: Option<OffsetDateTime>,
    pub submitted_late: bool,
    pub decided_at: Option<OffsetDateTime>,
    pub decided_by: Option<String>,
    pub updated_at: OffsetDateTime,
}

/// A quarter as the database keeps it (1..4), read into the domain's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct QuarterNumber(pub domain::capaian::Quarter);

impl TryFrom<i32> for QuarterNumber {
    type Error = String;
    fn try_from(value: i32) -> std::result::Result<Self, Self::Error> {
        domain::capaian::Quarter::new(i64::from(value)).map(QuarterNumber).map_err(|_| format!("quarter {value}"))
    }
}

/// A closed period opened again for one OPD.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Reopening {
    pub opd_id: i64,
    #[sqlx(try_from = "i32")]
    pub quarter: QuarterNumber,
    pub until_on: Date,
    pub reason: String,
    pub created_by: String,
    pub created_at: OffsetDateTime,
}

/// Where a report line comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum LineSource {
    Rpjmd,
    Renstra,
    Pk,
}

/// One thing an OPD reports on, with what it is measured against.
#[derive(Debug, Clone, Serialize)]
pub struct ReportLine {
    pub subject: domain::realisation::Subject,
    pub source: LineSource,
    pub element_id: Option<i64>,
    pub element_kind: String,
    pub element_code: String,
    pub element_name: String,
    pub name: String,
    pub unit: String,
    pub polarity: domain::planning::Polarity,
    pub aggregation: domain::planning::Aggregation,
    pub annual_target: Option<rust_decimal::Decimal>,
    /// The quarter targets of the PK's rencana aksi, when a PK row sets them.
    pub planned: [Option<rust_decimal::Decimal>; 4],
    /// The range an actual plausibly takes: its value kind's, or the indicator's own.
    pub plausible: domain::planning::Plausible,
}

impl ReportLine {
    pub fn target(&self, quarter: domain::capaian::Quarter) -> Option<rust_decimal::Decimal> {
        let planned = self.planned[usize::from(quarter.number() - 1)];
        domain::realisation::quarter_target(self.aggregation, self.annual_target, planned)
    }
}

/// One save of an entry: what was typed, the revision the user saw, and what they confirmed.
#[derive(Debug, Clone, Copy)]
pub struct EntrySave<'a> {
    pub subject: domain::realisation::Subject,
    pub entry: &'a domain::realisation::Entry,
    /// 0 for an entry the user saw empty.
    pub revision: i64,
    pub confirmed: domain::realisation::Confirmed,
}

/// What a save wrote: the entry as stored, in which report.
#[derive(Debug, Clone)]
pub struct EntryWritten {
    pub report: i64,
    pub saved: SavedEntry,
}

/// An entry as stored, with its revision (for saves that must not overwrite each other).
#[derive(Debug, Clone, Serialize)]
pub struct SavedEntry {
    pub subject: domain::realisation::Subject,
    pub entry: domain::realisation::Entry,
    pub revision: i64,
    pub updated_at: OffsetDateTime,
    pub updated_by: String,
}

/// An evidence file's description; the content is fetched apart.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceInfo {
    pub id: i64,
    pub report_id: i64,
    pub opd_id: i64,
    pub year: i32,
    pub quarter: domain::capaian::Quarter,
    pub version: i32,
    pub subject: domain::realisation::Subject,
    pub file_name: String,
    pub kind: domain::realisation::EvidenceKind,
    pub size: i64,
    pub sha256: String,
    /// `database` or `s3`.
    pub stored_in: String,
    pub created_by: String,
    pub created_at: OffsetDateTime,
}

/// A new evidence file; `content` is `None` when it went to the object store.
pub struct NewEvidence<'a> {
    pub subject: domain::realisation::Subject,
    pub file_name: &'a str,
    pub kind: domain::realisation::EvidenceKind,
    pub size: i64,
    pub sha256: &'a str,
    pub content: Option<&'a [u8]>,
}

/// Which report a change goes to, and the day it is made (for the calendar).
#[derive(Debug, Clone, Copy)]
pub struct ReportKey {
    pub opd: i64,
    pub year: i32,
    pub quarter: domain::capaian::Quarter,
    pub today: Date,
}

/// Budget spent per sub-kegiatan code, summed per OPD and quarter over approved reports.
#[derive(Debug, Clone, Serialize)]
pub struct SpentRow {
    pub opd_id: i64,
    pub quarter: domain::capaian::Quarter,
    pub code: String,
    pub spent: rust_decimal::Decimal,
}

/// One quarter of an indicator's history.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorQuarterRow {
    pub year: i32,
    pub quarter: domain::capaian::Quarter,
    pub target: Option<rust_decimal::Decimal>,
    pub actual: Option<rust_decimal::Decimal>,
}

/// What names an indicator on the dashboards.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct IndicatorName {
    pub id: i64,
    pub name: String,
    pub unit: String,
    pub element_id: i64,
    pub element_code: String,
    pub element_name: String,
    pub opd_id: Option<i64>,
}
