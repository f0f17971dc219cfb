// Login sessions, kept in the database so that any app instance can serve any user.
// Included by backend.rs for each database.

use crate::model::{SessionUser, User};
use domain::UserId;
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

#[derive(sqlx::FromRow)]
struct SessionRow {
    #[sqlx(flatten)]
    user: User,
    last_seen_at: OffsetDateTime,
}

/// The user behind a live session of an active account.
pub async fn resolve(pool: &Pool, token_hash: &str, now: OffsetDateTime) -> Result<Option<SessionUser>> {
    let row: Option<SessionRow> = sqlx::query_as(
        "SELECT u.id, u.tenant_id, u.username, u.display_name, u.active, u.locked_until, u.created_at, s.last_seen_at
         FROM user_session s JOIN app_user u ON u.id = s.user_id
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(pool)
    .await?;
    let Some(SessionRow { user, last_seen_at }) = row else {
        return Ok(None);
    };
    let grants = super::user::grants(pool, UserId(user.id)).await?;
    Ok(Some(SessionUser { user, grants, last_seen_at }))
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
