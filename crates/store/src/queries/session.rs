// Login sessions, kept in the database so that any app instance can serve any user.
// Included by backend.rs for each database.

use crate::model::{SessionUser, UserGrantRow};
use domain::{TenantId, UserId};
use time::OffsetDateTime;

pub async fn create(pool: &Pool, user: UserId, token_hash: &str, now: OffsetDateTime, expires_at: OffsetDateTime) -> Result<()> {
    sqlx::query("INSERT INTO user_session (token_hash, user_id, created_at, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $3)")
        .bind(token_hash)
        .bind(user.0)
        .bind(now)
        .bind(expires_at)
        .execute(pool)
        .await?;
    Ok(())
}

/// The user behind a live session of an active account, with their grants
/// and, when a pemda is named, that pemda's data version: one query, as this
/// runs on every page request.
pub async fn resolve(
    pool: &Pool,
    token_hash: &str,
    now: OffsetDateTime,
    tenant: Option<TenantId>,
) -> Result<Option<SessionUser>> {
    let rows: Vec<UserGrantRow> = sqlx::query_as(
        "SELECT u.id, u.tenant_id, u.username, u.display_name, u.active, u.created_at, s.last_seen_at,
                g.id AS grant_id, g.role, g.tenant_id AS grant_tenant_id, g.opd_id, o.name AS opd_name,
                (SELECT seq FROM audit_head WHERE chain = $3) AS data_version
         FROM user_session s JOIN app_user u ON u.id = s.user_id
         LEFT JOIN role_grant g ON g.user_id = u.id LEFT JOIN opd o ON o.id = g.opd_id
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active
         ORDER BY g.id",
    )
    .bind(token_hash)
    .bind(now)
    .bind(tenant.map(|t| t.0))
    .fetch_all(pool)
    .await?;
    Ok(SessionUser::from_rows(rows, tenant.is_some()))
}

/// Marks a session as used and pushes its idle expiry out.
pub async fn touch(pool: &Pool, token_hash: &str, now: OffsetDateTime, expires_at: OffsetDateTime) -> Result<()> {
    sqlx::query("UPDATE user_session SET last_seen_at = $2, expires_at = $3 WHERE token_hash = $1")
        .bind(token_hash)
        .bind(now)
        .bind(expires_at)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn delete(pool: &Pool, token_hash: &str) -> Result<()> {
    sqlx::query("DELETE FROM user_session WHERE token_hash = $1").bind(token_hash).execute(pool).await?;
    Ok(())
}

pub async fn purge_expired(pool: &Pool, now: OffsetDateTime) -> Result<u64> {
    Ok(sqlx::query("DELETE FROM user_session WHERE expires_at <= $1").bind(now).execute(pool).await?.rows_affected())
}
