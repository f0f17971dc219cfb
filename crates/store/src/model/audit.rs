//! The audit log as read back, and its filters.

use serde::Serialize;
use time::{Date, OffsetDateTime};

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
