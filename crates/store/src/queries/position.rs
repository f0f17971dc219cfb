// Positions (jabatan). Included by backend.rs for each database.

use super::audit::{Change, record};
use crate::backend::now;
use crate::model::{Actor, ListQuery, Page, Position};
use crate::StoreError;
use domain::drafts::PositionDraft;
use domain::{Invalid, PositionId, Reason, TenantId};

async fn fetch<'e, E: sqlx::Executor<'e, Database = Db>>(
    executor: E,
    tenant: TenantId,
    id: i64,
    today: time::Date,
) -> Result<Position> {
    sqlx::query_as(
        "SELECT p.id, p.opd_id, o.name AS opd_name, p.unit_id, u.name AS unit_name, p.name, p.level, p.updated_at,
                (SELECT CASE a.kind WHEN 'plt' THEN 'Plt. ' WHEN 'plh' THEN 'Plh. ' ELSE '' END || f.name
                   FROM assignment a JOIN official f ON f.id = a.official_id
                  WHERE a.tenant_id = p.tenant_id AND a.position_id = p.id AND a.starts_on <= $3 AND (a.ends_on IS NULL OR a.ends_on >= $3)
                  ORDER BY a.starts_on DESC LIMIT 1) AS holder
         FROM job_position p LEFT JOIN opd o ON o.id = p.opd_id LEFT JOIN unit u ON u.id = p.unit_id
         WHERE p.tenant_id = $1 AND p.id = $2",
    )
    .bind(tenant.0)
    .bind(id)
    .bind(today)
    .fetch_optional(executor)
    .await?
    .ok_or(StoreError::NotFound)
}

pub async fn get(pool: &Pool, tenant: TenantId, id: PositionId, today: time::Date) -> Result<Position> {
    fetch(pool, tenant, id.0, today).await
}

pub async fn list(pool: &Pool, tenant: TenantId, query: &ListQuery, today: time::Date) -> Result<Page<Position>> {
    let pattern = query.pattern();
    let opd = query.opd.map(|o| o.0);
    let total: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM job_position p WHERE p.tenant_id = $1 AND ($2 IS NULL OR p.opd_id = $2)
           AND ($3 IS NULL OR lower(p.name) LIKE $3 ESCAPE '\\')",
    )
    .bind(tenant.0)
    .bind(opd)
    .bind(&pattern)
    .fetch_one(pool)
    .await?;
    let items = sqlx::query_as(
        "SELECT p.id, p.opd_id, o.name AS opd_name, p.unit_id, u.name AS unit_name, p.name, p.level, p.updated_at,
                (SELECT CASE a.kind WHEN 'plt' THEN 'Plt. ' WHEN 'plh' THEN 'Plh. ' ELSE '' END || f.name
                   FROM assignment a JOIN official f ON f.id = a.official_id
                  WHERE a.tenant_id = p.tenant_id AND a.position_id = p.id AND a.starts_on <= $4 AND (a.ends_on IS NULL OR a.ends_on >= $4)
                  ORDER BY a.starts_on DESC LIMIT 1) AS holder
         FROM job_position p LEFT JOIN opd o ON o.id = p.opd_id LEFT JOIN unit u ON u.id = p.unit_id
         WHERE p.tenant_id = $1 AND ($2 IS NULL OR p.opd_id = $2) AND ($3 IS NULL OR lower(p.name) LIKE $3 ESCAPE '\\')
         ORDER BY o.name IS NOT NULL, o.name,
                  CASE p.level WHEN 'kepala_daerah' THEN 0 WHEN 'wakil_kepala_daerah' THEN 1
                       WHEN 'sekretaris_daerah' THEN 2 WHEN 'jpt_pratama' THEN 3 WHEN 'camat' THEN 3
                       WHEN 'administrator' THEN 4 WHEN 'pengawas' THEN 5 ELSE 6 END,
                  p.name
         LIMIT $5 OFFSET $6",
    )
    .bind(tenant.0)
    .bind(opd)
    .bind(&pattern)
    .bind(today)
    .bind(query.limit())
    .bind(query.offset())
    .fetch_all(pool)
    .await?;
    Ok(Page { items, total, page: query.page.max(1), per_page: query.limit() as u32 })
}

/// Id and `name (OPD)` of every position, for choosers.
pub async fn options(pool: &Pool, tenant: TenantId) -> Result<Vec<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT p.id, p.name || COALESCE(' — ' || COALESCE(o.short_name, o.name), '')
         FROM job_position p LEFT JOIN opd o ON o.id = p.opd_id WHERE p.tenant_id = $1 ORDER BY o.name, p.name",
    )
    .bind(tenant.0)
    .fetch_all(pool)
    .await?)
}

async fn check_placement(tx: &mut Tx, tenant: TenantId, draft: &PositionDraft) -> Result<()> {
    if let Some(opd) = draft.opd_id {
        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM opd WHERE tenant_id = $1 AND id = $2")
            .bind(tenant.0)
            .bind(opd.0)
            .fetch_optional(&mut **tx)
            .await?;
        if found.is_none() {
            return Err(Invalid::one("opd_id", Reason::NotFound).into());
        }
    }
    if let Some(unit) = draft.unit_id {
        let unit_opd: Option<i64> = sqlx::query_scalar("SELECT opd_id FROM unit WHERE tenant_id = $1 AND id = $2")
            .bind(tenant.0)
            .bind(unit.0)
            .fetch_optional(&mut **tx)
            .await?;
        match unit_opd {
            None => return Err(Invalid::one("unit_id", Reason::NotFound).into()),
            Some(opd) if Some(opd) != draft.opd_id.map(|o| o.0) => {
                return Err(Invalid::one("unit_id", Reason::OutsideOpd).into());
            }
            Some(_) => {}
        }
    }
    Ok(())
}

pub async fn create(pool: &Pool, tenant: TenantId, actor: &Actor, draft: &PositionDraft, today: time::Date) -> Result<Position> {
    let mut tx = begin_write(pool).await?;
    check_placement(&mut tx, tenant, draft).await?;
    let at = now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO job_position (tenant_id, opd_id, unit_id, name, level, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(tenant.0)
    .bind(draft.opd_id.map(|o| o.0))
    .bind(draft.unit_id.map(|u| u.0))
    .bind(&draft.name)
    .bind(draft.level.key())
    .bind(at)
    .fetch_one(&mut *tx)
    .await?;
    let created = fetch(&mut *tx, tenant, id, today).await?;
    record(&mut tx, Change::row(Some(tenant), actor, "create", "position", id), None, Some(&created)).await?;
    tx.commit().await?;
    Ok(created)
}

pub async fn update(
    pool: &Pool,
    tenant: TenantId,
    actor: &Actor,
    id: PositionId,
    draft: &PositionDraft,
    today: time::Date,
) -> Result<Position> {
    let mut tx = begin_write(pool).await?;
    let before = fetch(&mut *tx, tenant, id.0, today).await?;
    check_placement(&mut tx, tenant, draft).await?;
    sqlx::query(
        "UPDATE job_position SET opd_id = $3, unit_id = $4, name = $5, level = $6, updated_at = $7
         WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant.0)
    .bind(id.0)
    .bind(draft.opd_id.map(|o| o.0))
    .bind(draft.unit_id.map(|u| u.0))
    .bind(&draft.name)
    .bind(draft.level.key())
    .bind(now())
    .execute(&mut *tx)
    .await?;
    let after = fetch(&mut *tx, tenant, id.0, today).await?;
    record(&mut tx, Change::row(Some(tenant), actor, "update", "position", id.0), Some(&before), Some(&after)).await?;
    tx.commit().await?;
    Ok(after)
}
