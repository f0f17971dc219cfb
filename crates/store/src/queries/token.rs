// API bearer tokens, created and revoked by their owner. Only a hash is stored.
// Included by backend.rs for each database.

use super::audit::{Change, record};
use crate::backend::now;
use crate::model::{Actor, ApiToken, NewApiToken, SessionUser, UserGrantRow};
use crate::StoreError;
use domain::{ApiTokenId, TenantId, UserId};
use time::OffsetDateTime;

async fn fetch<'e, E: sqlx::Executor<'e, Database = Db>>(executor: E, user: UserId, id: i64) -> Result<ApiToken> {
    sqlx::query_as(
        "SELECT id, name, prefix, created_at, expires_at, last_used_at, revoked_at FROM api_token WHERE user_id = $1 AND id = $2",
    )
    .bind(user.0)
    .bind(id)
    .fetch_optional(executor)
    .await?
    .ok_or(StoreError::NotFound)
}

pub async fn list(pool: &Pool, user: UserId) -> Result<Vec<ApiToken>> {
    Ok(sqlx::query_as(
        "SELECT id, name, prefix, created_at, expires_at, last_used_at, revoked_at FROM api_token
         WHERE user_id = $1 ORDER BY revoked_at IS NOT NULL, id DESC",
    )
    .bind(user.0)
    .fetch_all(pool)
    .await?)
}

pub async fn create(pool: &Pool, tenant: Option<TenantId>, actor: &Actor, user: UserId, token: &NewApiToken) -> Result<ApiToken> {
    let mut tx = begin_write(pool).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO api_token (user_id, name, token_hash, prefix, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(user.0)
    .bind(&token.name)
    .bind(&token.token_hash)
    .bind(&token.prefix)
    .bind(now())
    .bind(token.expires_at)
    .fetch_one(&mut *tx)
    .await?;
    let created = fetch(&mut *tx, user, id).await?;
    record(&mut tx, Change::row(tenant, actor, "create", "api_token", id), None, Some(&created)).await?;
    tx.commit().await?;
    Ok(created)
}

pub async fn revoke(pool: &Pool, tenant: Option<TenantId>, actor: &Actor, user: UserId, id: ApiTokenId) -> Result<ApiToken> {
    let mut tx = begin_write(pool).await?;
    let before = fetch(&mut *tx, user, id.0).await?;
    sqlx::query("UPDATE api_token SET revoked_at = $3 WHERE user_id = $1 AND id = $2 AND revoked_at IS NULL")
        .bind(user.0)
        .bind(id.0)
        .bind(now())
        .execute(&mut *tx)
        .await?;
    let after = fetch(&mut *tx, user, id.0).await?;
    record(&mut tx, Change::row(tenant, actor, "revoke", "api_token", id.0), Some(&before), Some(&after)).await?;
    tx.commit().await?;
    Ok(after)
}

/// The user behind a live token of an active account, with their grants, in
/// one query; notes the token's use at most once a minute.
pub async fn resolve(pool: &Pool, token_hash: &str, now: OffsetDateTime) -> Result<Option<SessionUser>> {
    let rows: Vec<UserGrantRow> = sqlx::query_as(
        "SELECT u.id, u.tenant_id, u.username, u.display_name, u.active, u.created_at,
                COALESCE(t.last_used_at, t.created_at) AS last_seen_at,
                g.id AS grant_id, g.role, g.tenant_id AS grant_tenant_id, g.opd_id, o.name AS opd_name,
                CAST(NULL AS BIGINT) AS data_version
         FROM api_token t JOIN app_user u ON u.id = t.user_id
         LEFT JOIN role_grant g ON g.user_id = u.id LEFT JOIN opd o ON o.id = g.opd_id
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2) AND u.active
         ORDER BY g.id",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_all(pool)
    .await?;
    let Some(found) = SessionUser::from_rows(rows, false) else { return Ok(None) };
    if now - found.last_seen_at > time::Duration::minutes(1) {
        sqlx::query("UPDATE api_token SET last_used_at = $2 WHERE token_hash = $1").bind(token_hash).bind(now).execute(pool).await?;
    }
    Ok(Some(found))
}
