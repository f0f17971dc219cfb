// Units inside perangkat daerah. Included by backend.rs for each database.

use super::audit::{Change, record};
use crate::backend::now;
use crate::model::{Actor, ListQuery, Page, Unit};
use crate::StoreError;
use domain::drafts::UnitDraft;
use domain::{Invalid, Reason, TenantId, UnitId};

async fn fetch<'e, E: sqlx::Executor<'e, Database = Db>>(executor: E, tenant: TenantId, id: i64) -> Result<Unit> {
    sqlx::query_as(
        "SELECT u.id, u.opd_id, o.name AS opd_name, u.parent_id, p.name AS parent_name, u.name, u.kind, u.updated_at
         FROM unit u JOIN opd o ON o.id = u.opd_id LEFT JOIN unit p ON p.id = u.parent_id
         WHERE u.tenant_id = $1 AND u.id = $2",
    )
    .bind(tenant.0)
    .bind(id)
    .fetch_optional(executor)
    .await?
    .ok_or(StoreError::NotFound)
}

pub async fn get(pool: &Pool, tenant: TenantId, id: UnitId) -> Result<Unit> {
    fetch(pool, tenant, id.0).await
}

pub async fn list(pool: &Pool, tenant: TenantId, query: &ListQuery) -> Result<Page<Unit>> {
    let pattern = query.pattern();
    let opd = query.opd.map(|o| o.0);
    let total: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM unit u WHERE u.tenant_id = $1 AND ($2 IS NULL OR u.opd_id = $2)
           AND ($3 IS NULL OR lower(u.name) LIKE $3 ESCAPE '\\')",
    )
    .bind(tenant.0)
    .bind(opd)
    .bind(&pattern)
    .fetch_one(pool)
    .await?;
    let items = sqlx::query_as(
        "SELECT u.id, u.opd_id, o.name AS opd_name, u.parent_id, p.name AS parent_name, u.name, u.kind, u.updated_at
         FROM unit u JOIN opd o ON o.id = u.opd_id LEFT JOIN unit p ON p.id = u.parent_id
         WHERE u.tenant_id = $1 AND ($2 IS NULL OR u.opd_id = $2) AND ($3 IS NULL OR lower(u.name) LIKE $3 ESCAPE '\\')
         ORDER BY o.name, COALESCE(p.name, u.name), u.parent_id IS NOT NULL, u.name
         LIMIT $4 OFFSET $5",
    )
    .bind(tenant.0)
    .bind(opd)
    .bind(&pattern)
    .bind(query.limit())
    .bind(query.offset())
    .fetch_all(pool)
    .await?;
    Ok(Page { items, total, page: query.page.max(1), per_page: query.limit() as u32 })
}

/// Id, name and OPD of every unit, for choosers.
pub async fn options(pool: &Pool, tenant: TenantId) -> Result<Vec<(i64, i64, String)>> {
    Ok(sqlx::query_as("SELECT id, opd_id, name FROM unit WHERE tenant_id = $1 ORDER BY name")
        .bind(tenant.0)
        .fetch_all(pool)
        .await?)
}

/// The OPD must be this pemda's; a parent must be in the same OPD and must
/// not be the unit itself or one of its descendants.
async fn check_placement(tx: &mut Tx, tenant: TenantId, unit: Option<i64>, draft: &UnitDraft) -> Result<()> {
    let opd_exists: Option<i64> = sqlx::query_scalar("SELECT id FROM opd WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.0)
        .bind(draft.opd_id.0)
        .fetch_optional(&mut **tx)
        .await?;
    if opd_exists.is_none() {
        return Err(Invalid::one("opd_id", Reason::NotFound).into());
    }
    let mut next = draft.parent_id.map(|p| p.0);
    let mut hops = 0;
    while let Some(ancestor) = next {
        let row: Option<(i64, Option<i64>)> =
            sqlx::query_as("SELECT opd_id, parent_id FROM unit WHERE tenant_id = $1 AND id = $2")
                .bind(tenant.0)
                .bind(ancestor)
                .fetch_optional(&mut **tx)
                .await?;
        let Some((opd_id, parent)) = row else { return Err(Invalid::one("parent_id", Reason::NotFound).into()) };
        if opd_id != draft.opd_id.0 {
            return Err(Invalid::one("parent_id", Reason::OutsideOpd).into());
        }
        hops += 1;
        if Some(ancestor) == unit || hops > 32 {
            return Err(Invalid::one("parent_id", Reason::UnknownOption).into());
        }
        next = parent;
    }
    Ok(())
}

pub async fn create(pool: &Pool, tenant: TenantId, actor: &Actor, draft: &UnitDraft) -> Result<Unit> {
    let mut tx = begin_write(pool).await?;
    check_placement(&mut tx, tenant, None, draft).await?;
    let at = now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO unit (tenant_id, opd_id, parent_id, name, kind, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(tenant.0)
    .bind(draft.opd_id.0)
    .bind(draft.parent_id.map(|p| p.0))
    .bind(&draft.name)
    .bind(draft.kind.key())
    .bind(at)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| StoreError::from(e).unique_as("name"))?;
    let created = fetch(&mut *tx, tenant, id).await?;
    record(&mut tx, Change::row(Some(tenant), actor, "create", "unit", id), None, Some(&created)).await?;
    tx.commit().await?;
    Ok(created)
}

pub async fn update(pool: &Pool, tenant: TenantId, actor: &Actor, id: UnitId, draft: &UnitDraft) -> Result<Unit> {
    let mut tx = begin_write(pool).await?;
    let before = fetch(&mut *tx, tenant, id.0).await?;
    check_placement(&mut tx, tenant, Some(id.0), draft).await?;
    sqlx::query(
        "UPDATE unit SET opd_id = $3, parent_id = $4, name = $5, kind = $6, updated_at = $7
         WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant.0)
    .bind(id.0)
    .bind(draft.opd_id.0)
    .bind(draft.parent_id.map(|p| p.0))
    .bind(&draft.name)
    .bind(draft.kind.key())
    .bind(now())
    .execute(&mut *tx)
    .await
    .map_err(|e| StoreError::from(e).unique_as("name"))?;
    let after = fetch(&mut *tx, tenant, id.0).await?;
    record(&mut tx, Change::row(Some(tenant), actor, "update", "unit", id.0), Some(&before), Some(&after)).await?;
    tx.commit().await?;
    Ok(after)
}
