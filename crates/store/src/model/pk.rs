//! Perjanjian Kinerja: the year's list, versions, signatures and signing keys.

use domain::org::PositionLevel;
use serde::Serialize;
use time::OffsetDateTime;

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
