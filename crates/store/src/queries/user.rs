// Accounts and their role grants. Included by backend.rs for each database.

use super::audit::{Change, append, record};
use crate::backend::now;
use crate::model::{Actor, Credentials, GrantRow, ListQuery, Page, User};
use crate::StoreError;
use domain::drafts::GrantDraft;
use domain::{Invalid, Reason, TenantId, UserId};


async fn fetch<'e, E: sqlx::Executor<'e, Database = Db>>(executor: E, id: i64) -> Result<User> {
    sqlx::query_as(
        "SELECT id, tenant_id, username, display_name, active, created_at FROM app_user WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(executor)
    .await?
    .ok_or(StoreError::NotFound)
}

/// A user of this pemda (national accounts are not listed under any pemda).
pub async fn get(pool: &Pool, tenant: TenantId, id: UserId) -> Result<User> {
    let user = fetch(pool, id.0).await?;
    if user.tenant_id != Some(tenant.0) {
        return Err(StoreError::NotFound);
    }
    Ok(user)
}

/// Any account by id, for the account's own pages.
pub async fn own(pool: &Pool, id: UserId) -> Result<User> {
    fetch(pool, id.0).await
}

pub async fn credentials(pool: &Pool, username: &str) -> Result<Option<Credentials>> {
    Ok(sqlx::query_as(
        "SELECT id, tenant_id, username, password_hash, active FROM app_user WHERE username = $1",
    )
    .bind(username)
    .fetch_optional(pool)
    .await?)
}

pub async fn list(pool: &Pool, tenant: TenantId, query: &ListQuery) -> Result<Page<User>> {
    let pattern = query.pattern();
    let total: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM app_user WHERE tenant_id = $1
           AND ($2 IS NULL OR lower(username) LIKE $2 ESCAPE '\\' OR lower(display_name) LIKE $2 ESCAPE '\\')",
    )
    .bind(tenant.0)
    .bind(&pattern)
    .fetch_one(pool)
    .await?;
    let items = sqlx::query_as(
        "SELECT id, tenant_id, username, display_name, active, created_at FROM app_user
         WHERE tenant_id = $1
           AND ($2 IS NULL OR lower(username) LIKE $2 ESCAPE '\\' OR lower(display_name) LIKE $2 ESCAPE '\\')
         ORDER BY username LIMIT $3 OFFSET $4",
    )
    .bind(tenant.0)
    .bind(&pattern)
    .bind(query.limit())
    .bind(query.offset())
    .fetch_all(pool)
    .await?;
    Ok(Page { items, total, page: query.page.max(1), per_page: query.limit() as u32 })
}

pub async fn grants(pool: &Pool, user: UserId) -> Result<Vec<GrantRow>> {
    Ok(sqlx::query_as(
        "SELECT g.id, g.user_id, g.role, g.tenant_id, g.opd_id, o.name AS opd_name
         FROM role_grant g LEFT JOIN opd o ON o.id = g.opd_id WHERE g.user_id = $1 ORDER BY g.id",
    )
    .bind(user.0)
    .fetch_all(pool)
    .await?)
}

async fn insert_grant(tx: &mut Tx, tenant: Option<TenantId>, user: i64, grant: &GrantDraft) -> Result<i64> {
    if let (Some(tenant), Some(opd)) = (tenant, grant.opd_id) {
        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM opd WHERE tenant_id = $1 AND id = $2")
            .bind(tenant.0)
            .bind(opd.0)
            .fetch_optional(&mut **tx)
            .await?;
        if found.is_none() {
            return Err(Invalid::one("opd_id", Reason::NotFound).into());
        }
    }
    let id: i64 = sqlx::query_scalar("INSERT INTO role_grant (user_id, role, tenant_id, opd_id) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(user)
        .bind(grant.role.key())
        .bind(tenant.map(|t| t.0))
        .bind(grant.opd_id.map(|o| o.0))
        .fetch_one(&mut **tx)
        .await
        .map_err(|e| StoreError::from(e).unique_as("role"))?;
    Ok(id)
}

/// Creates an account with its first role. `tenant` is `None` only for national admins.
pub async fn create(
    pool: &Pool,
    tenant: Option<TenantId>,
    actor: &Actor,
    username: &str,
    display_name: &str,
    password_hash: &str,
    grant: &GrantDraft,
) -> Result<User> {
    let mut tx = begin_write(pool).await?;
    let at = now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO app_user (tenant_id, username, display_name, password_hash, active, created_at, password_changed_at)
         VALUES ($1, $2, $3, $4, TRUE, $5, $5) RETURNING id",
    )
    .bind(tenant.map(|t| t.0))
    .bind(username)
    .bind(display_name)
    .bind(password_hash)
    .bind(at)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| StoreError::from(e).unique_as("username"))?;
    insert_grant(&mut tx, tenant, id, grant).await?;
    let created = fetch(&mut *tx, id).await?;
    let after = serde_json::json!({ "user": &created, "role": grant.role.key(), "opd_id": grant.opd_id });
    append(&mut tx, Change { tenant, actor, action: "create", entity: "user", entity_id: Some(id), before: None, after: Some(after) })
        .await?;
    tx.commit().await?;
    Ok(created)
}

pub async fn add_grant(pool: &Pool, tenant: TenantId, actor: &Actor, user: UserId, grant: &GrantDraft) -> Result<()> {
    let mut tx = begin_write(pool).await?;
    let target = fetch(&mut *tx, user.0).await?;
    if target.tenant_id != Some(tenant.0) {
        return Err(StoreError::NotFound);
    }
    let id = insert_grant(&mut tx, Some(tenant), user.0, grant).await?;
    let after = serde_json::json!({ "user_id": user.0, "role": grant.role.key(), "opd_id": grant.opd_id });
    append(&mut tx, Change { tenant: Some(tenant), actor, action: "create", entity: "role_grant", entity_id: Some(id), before: None, after: Some(after) })
        .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn remove_grant(pool: &Pool, tenant: TenantId, actor: &Actor, user: UserId, grant: i64) -> Result<()> {
    let mut tx = begin_write(pool).await?;
    let before: Option<GrantRow> = sqlx::query_as(
        "SELECT g.id, g.user_id, g.role, g.tenant_id, g.opd_id, o.name AS opd_name
         FROM role_grant g LEFT JOIN opd o ON o.id = g.opd_id WHERE g.id = $1 AND g.user_id = $2 AND g.tenant_id = $3",
    )
    .bind(grant)
    .bind(user.0)
    .bind(tenant.0)
    .fetch_optional(&mut *tx)
    .await?;
    let before = before.ok_or(StoreError::NotFound)?;
    sqlx::query("DELETE FROM role_grant WHERE id = $1").bind(grant).execute(&mut *tx).await?;
    record(&mut tx, Change::row(Some(tenant), actor, "delete", "role_grant", grant), Some(&before), None).await?;
    tx.commit().await?;
    Ok(())
}

/// Ends every session of the account and revokes its API tokens for good:
/// a token is never revived by a later reactivation or password.
async fn sign_out_everywhere(tx: &mut Tx, user: i64) -> Result<()> {
    sqlx::query("DELETE FROM user_session WHERE user_id = $1").bind(user).execute(&mut **tx).await?;
    sqlx::query("UPDATE api_token SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL")
        .bind(user)
        .bind(now())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Activates or deactivates an account; deactivation ends its sessions and revokes its tokens at once.
pub async fn set_active(pool: &Pool, tenant: TenantId, actor: &Actor, user: UserId, active: bool) -> Result<User> {
    let mut tx = begin_write(pool).await?;
    let before = fetch(&mut *tx, user.0).await?;
    if before.tenant_id != Some(tenant.0) {
        return Err(StoreError::NotFound);
    }
    sqlx::query("UPDATE app_user SET active = $2 WHERE id = $1").bind(user.0).bind(active).execute(&mut *tx).await?;
    if !active {
        sign_out_everywhere(&mut tx, user.0).await?;
    }
    let after = fetch(&mut *tx, user.0).await?;
    record(&mut tx, Change::row(Some(tenant), actor, "update", "user", user.0), Some(&before), Some(&after)).await?;
    tx.commit().await?;
    Ok(after)
}

/// Replaces the password hash, ends every session of the account and revokes its tokens.
pub async fn set_password(pool: &Pool, tenant: Option<TenantId>, actor: &Actor, user: UserId, password_hash: &str) -> Result<()> {
    let mut tx = begin_write(pool).await?;
    let target = fetch(&mut *tx, user.0).await?;
    if tenant.is_some() && target.tenant_id != tenant.map(|t| t.0) {
        return Err(StoreError::NotFound);
    }
    sqlx::query(
        "UPDATE app_user SET password_hash = $2, password_changed_at = $3 WHERE id = $1",
    )
    .bind(user.0)
    .bind(password_hash)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    sign_out_everywhere(&mut tx, user.0).await?;
    // The hash itself is never logged: the entry says only that it changed.
    append(
        &mut tx,
        Change { tenant: target.tenant_id.map(TenantId), actor, action: "password", entity: "user", entity_id: Some(user.0), before: None, after: None },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
