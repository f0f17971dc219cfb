//! The pemda and its organisation: OPDs, units, positions, officials and their assignments.

use domain::TenantId;
use domain::org::{AssignmentKind, OpdKind, PositionLevel, TenantKind, UnitKind};
use domain::pangkat::Golongan;
use serde::Serialize;
use time::{Date, OffsetDateTime};

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
