//! Users, their grants, API tokens, and who a session or token belongs to.

use domain::access::{Grant, Role};
use domain::{OpdId, TenantId};
use serde::Serialize;
use time::OffsetDateTime;

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
