// Perangkat daerah. Included by backend.rs for each database.

use super::audit::{Change, record};
use crate::backend::now;
use crate::model::{Actor, ListQuery, Opd, Page};
use crate::StoreError;
use domain::drafts::OpdDraft;
use domain::{OpdId, TenantId};

async fn fetch<'e, E: sqlx::Executor<'e, Database = Db>>(executor: E, tenant: TenantId, id: i64) -> Result<Opd> {
    sqlx::query_as(
        "SELECT o.id, o.name, o.short_name, o.kind, o.district_code, o.active, o.updated_at,
                (SELECT COUNT(*) FROM unit u WHERE u.tenant_id = o.tenant_id AND u.opd_id = o.id) AS unit_count,
                (SELECT COUNT(*) FROM job_position p WHERE p.tenant_id = o.tenant_id AND p.opd_id = o.id) AS position_count
         FROM opd o WHERE o.tenant_id = $1 AND o.id = $2",
    )
    .bind(tenant.0)
    .bind(id)
    .fetch_optional(executor)
    .await?
    .ok_or(StoreError::NotFound)
}

pub async fn get(pool: &Pool, tenant: TenantId, id: OpdId) -> Result<Opd> {
    fetch(pool, tenant, id.0).await
}

pub async fn list(pool: &Pool, tenant: TenantId, query: &ListQuery) -> Result<Page<Opd>> {
    let pattern = query.pattern();
    let total: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM opd WHERE tenant_id = $1
           AND ($2 IS NULL OR lower(name) LIKE $2 ESCAPE '\\' OR lower(COALESCE(short_name, '')) LIKE $2 ESCAPE '\\')",
    )
    .bind(tenant.0)
    .bind(&pattern)
    .fetch_one(pool)
    .await?;
    let items = sqlx::query_as(
        "SELECT o.id, o.name, o.short_name, o.kind, o.district_code, o.active, o.updated_at,
                (SELECT COUNT(*) FROM unit u WHERE u.tenant_id = o.tenant_id AND u.opd_id = o.id) AS unit_count,
                (SELECT COUNT(*) FROM job_position p WHERE p.tenant_id = o.tenant_id AND p.opd_id = o.id) AS position_count
         FROM opd o WHERE o.tenant_id = $1
           AND ($2 IS NULL OR lower(o.name) LIKE $2 ESCAPE '\\' OR lower(COALESCE(o.short_name, '')) LIKE $2 ESCAPE '\\')
         ORDER BY CASE o.kind WHEN 'kecamatan' THEN 1 ELSE 0 END, o.name
         LIMIT $3 OFFSET $4",
    )
    .bind(tenant.0)
    .bind(&pattern)
    .bind(query.limit())
    .bind(query.offset())
    .fetch_all(pool)
    .await?;
    Ok(Page { items, total, page: query.page.max(1), per_page: query.limit() as u32 })
}

/// Id and name of every active OPD, for choosers.
pub async fn options(pool: &Pool, tenant: TenantId) -> Result<Vec<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT id, name FROM opd WHERE tenant_id = $1 AND active
         ORDER BY CASE kind WHEN 'kecamatan' THEN 1 ELSE 0 END, name",
    )
    .bind(tenant.0)
    .fetch_all(pool)
    .await?)
}

pub async fn create(pool: &Pool, tenant: TenantId, actor: &Actor, draft: &OpdDraft) -> Result<Opd> {
    let mut tx = begin_write(pool).await?;
    let at = now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO opd (tenant_id, name, short_name, kind, district_code, active, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, TRUE, $6, $6) RETURNING id",
    )
    .bind(tenant.0)
    .bind(&draft.name)
    .bind(&draft.short_name)
    .bind(draft.kind.key())
    .bind(&draft.district_code)
    .bind(at)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| StoreError::from(e).unique_as("name"))?;
    let created = fetch(&mut *tx, tenant, id).await?;
    record(&mut tx, Change::row(Some(tenant), actor, "create", "opd", id), None, Some(&created)).await?;
    tx.commit().await?;
    Ok(created)
}

pub async fn update(pool: &Pool, tenant: TenantId, actor: &Actor, id: OpdId, draft: &OpdDraft, active: bool) -> Result<Opd> {
    let mut tx = begin_write(pool).await?;
    let before = fetch(&mut *tx, tenant, id.0).await?;
    sqlx::query(
        "UPDATE opd SET name = $3, short_name = $4, kind = $5, district_code = $6, active = $7, updated_at = $8
         WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant.0)
    .bind(id.0)
    .bind(&draft.name)
    .bind(&draft.short_name)
    .bind(draft.kind.key())
    .bind(&draft.district_code)
    .bind(active)
    .bind(now())
    .execute(&mut *tx)
    .await
    .map_err(|e| StoreError::from(e).unique_as("name"))?;
    let after = fetch(&mut *tx, tenant, id.0).await?;
    record(&mut tx, Change::row(Some(tenant), actor, "update", "opd", id.0), Some(&before), Some(&after)).await?;
    tx.commit().await?;
    Ok(after)
}
