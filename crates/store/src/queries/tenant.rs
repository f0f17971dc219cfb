// Pemda (tenants). Included by backend.rs for each database.

use super::audit::{Change, record};
use crate::backend::now;
use crate::model::{Actor, ListQuery, Page, Tenant, TenantSummary};
use crate::StoreError;
use domain::TenantId;
use domain::drafts::TenantDraft;


pub async fn create(pool: &Pool, actor: &Actor, draft: &TenantDraft) -> Result<Tenant> {
    let region = draft.code.region();
    let mut tx = begin_write(pool).await?;
    let tenant: Tenant = sqlx::query_as(
        "INSERT INTO tenant (code, name, kind, province_code, created_at) VALUES ($1, $2, $3, $4, $5)
         RETURNING id, code, name, kind, province_code, created_at",
    )
    .bind(draft.code.as_str())
    .bind(&region.name)
    .bind(region.kind.key())
    .bind(&region.province_code)
    .bind(now())
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| StoreError::from(e).unique_as("code"))?;
    record(&mut tx, Change::row(Some(tenant.tenant_id()), actor, "create", "tenant", tenant.id), None, Some(&tenant)).await?;
    tx.commit().await?;
    Ok(tenant)
}

pub async fn by_code(pool: &Pool, code: &str) -> Result<Tenant> {
    sqlx::query_as("SELECT id, code, name, kind, province_code, created_at FROM tenant WHERE code = $1")
        .bind(code)
        .fetch_optional(pool)
        .await?
        .ok_or(StoreError::NotFound)
}

pub async fn get(pool: &Pool, id: TenantId) -> Result<Tenant> {
    sqlx::query_as("SELECT id, code, name, kind, province_code, created_at FROM tenant WHERE id = $1")
        .bind(id.0)
        .fetch_optional(pool)
        .await?
        .ok_or(StoreError::NotFound)
}

/// Tenants by id: a national admin passes `None` to see them all.
pub async fn list(pool: &Pool, only: Option<&[i64]>, query: &ListQuery) -> Result<Page<Tenant>> {
    let pattern = query.pattern();
    let tenants: Vec<Tenant> = sqlx::query_as(
        "SELECT id, code, name, kind, province_code, created_at FROM tenant
         WHERE ($1 IS NULL OR lower(name) LIKE $1 ESCAPE '\\' OR code LIKE $1 ESCAPE '\\')
         ORDER BY code",
    )
    .bind(&pattern)
    .fetch_all(pool)
    .await?;
    let visible: Vec<Tenant> = match only {
        Some(ids) => tenants.into_iter().filter(|t| ids.contains(&t.id)).collect(),
        None => tenants,
    };
    let total = visible.len() as i64;
    let items = visible.into_iter().skip(query.offset() as usize).take(query.limit() as usize).collect();
    Ok(Page { items, total, page: query.page.max(1), per_page: query.limit() as u32 })
}

pub async fn count(pool: &Pool) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM tenant").fetch_one(pool).await?)
}

pub async fn summary(pool: &Pool, tenant: TenantId, today: time::Date) -> Result<TenantSummary> {
    Ok(sqlx::query_as(
        "SELECT
           (SELECT COUNT(*) FROM opd WHERE tenant_id = $1 AND active AND kind <> 'kecamatan') AS opds,
           (SELECT COUNT(*) FROM opd WHERE tenant_id = $1 AND active AND kind = 'kecamatan') AS kecamatan,
           (SELECT COUNT(*) FROM unit WHERE tenant_id = $1) AS units,
           (SELECT COUNT(*) FROM job_position WHERE tenant_id = $1) AS positions,
           (SELECT COUNT(*) FROM job_position WHERE tenant_id = $1)
             - (SELECT COUNT(DISTINCT position_id) FROM assignment WHERE tenant_id = $1 AND starts_on <= $2
                  AND (ends_on IS NULL OR ends_on >= $2)) AS vacant_positions,
           (SELECT COUNT(*) FROM official WHERE tenant_id = $1) AS officials,
           (SELECT COUNT(*) FROM assignment WHERE tenant_id = $1 AND kind <> 'definitif' AND starts_on <= $2
               AND (ends_on IS NULL OR ends_on >= $2)) AS acting_assignments,
           (SELECT COUNT(*) FROM app_user WHERE tenant_id = $1 AND active) AS users",
    )
    .bind(tenant.0)
    .bind(today)
    .fetch_one(pool)
    .await?)
}
