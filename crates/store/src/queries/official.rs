// Officials (pegawai) and their assignments to positions. Included by backend.rs for each database.

use super::audit::{Change, record};
use crate::backend::now;
use crate::model::{Actor, Assignment, ListQuery, Official, Page};
use crate::StoreError;
use domain::drafts::{AssignmentDraft, OfficialDraft};
use domain::org::{AssignmentKind, Tenure, check_tenure};
use domain::{AssignmentId, Invalid, OfficialId, Reason, TenantId};

async fn fetch<'e, E: sqlx::Executor<'e, Database = Db>>(
    executor: E,
    tenant: TenantId,
    id: i64,
    today: time::Date,
) -> Result<Official> {
    sqlx::query_as(
        "SELECT f.id, f.nip, f.name, f.front_titles, f.back_titles, f.golongan, f.updated_at,
                (SELECT CASE a.kind WHEN 'plt' THEN 'Plt. ' WHEN 'plh' THEN 'Plh. ' ELSE '' END || p.name
                   FROM assignment a JOIN job_position p ON p.id = a.position_id
                  WHERE a.tenant_id = f.tenant_id AND a.official_id = f.id AND a.starts_on <= $3 AND (a.ends_on IS NULL OR a.ends_on >= $3)
                  ORDER BY a.starts_on DESC LIMIT 1) AS position_name
         FROM official f WHERE f.tenant_id = $1 AND f.id = $2",
    )
    .bind(tenant.0)
    .bind(id)
    .bind(today)
    .fetch_optional(executor)
    .await?
    .ok_or(StoreError::NotFound)
}

pub async fn get(pool: &Pool, tenant: TenantId, id: OfficialId, today: time::Date) -> Result<Official> {
    fetch(pool, tenant, id.0, today).await
}

pub async fn list(pool: &Pool, tenant: TenantId, query: &ListQuery, today: time::Date) -> Result<Page<Official>> {
    let pattern = query.pattern();
    let total: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM official WHERE tenant_id = $1
           AND ($2 IS NULL OR lower(name) LIKE $2 ESCAPE '\\' OR nip LIKE $2 ESCAPE '\\')",
    )
    .bind(tenant.0)
    .bind(&pattern)
    .fetch_one(pool)
    .await?;
    let items = sqlx::query_as(
        "SELECT f.id, f.nip, f.name, f.front_titles, f.back_titles, f.golongan, f.updated_at,
                (SELECT CASE a.kind WHEN 'plt' THEN 'Plt. ' WHEN 'plh' THEN 'Plh. ' ELSE '' END || p.name
                   FROM assignment a JOIN job_position p ON p.id = a.position_id
                  WHERE a.tenant_id = f.tenant_id AND a.official_id = f.id AND a.starts_on <= $3 AND (a.ends_on IS NULL OR a.ends_on >= $3)
                  ORDER BY a.starts_on DESC LIMIT 1) AS position_name
         FROM official f WHERE f.tenant_id = $1
           AND ($2 IS NULL OR lower(f.name) LIKE $2 ESCAPE '\\' OR f.nip LIKE $2 ESCAPE '\\')
         ORDER BY f.golongan DESC, f.name LIMIT $4 OFFSET $5",
    )
    .bind(tenant.0)
    .bind(&pattern)
    .bind(today)
    .bind(query.limit())
    .bind(query.offset())
    .fetch_all(pool)
    .await?;
    Ok(Page { items, total, page: query.page.max(1), per_page: query.limit() as u32 })
}

pub async fn create(pool: &Pool, tenant: TenantId, actor: &Actor, draft: &OfficialDraft, today: time::Date) -> Result<Official> {
    let mut tx = begin_write(pool).await?;
    let at = now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO official (tenant_id, nip, name, front_titles, back_titles, golongan, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(tenant.0)
    .bind(draft.nip.as_str())
    .bind(&draft.name)
    .bind(&draft.front_titles)
    .bind(&draft.back_titles)
    .bind(draft.golongan.code())
    .bind(at)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| StoreError::from(e).unique_as("nip"))?;
    let created = fetch(&mut *tx, tenant, id, today).await?;
    record(&mut tx, Change::row(Some(tenant), actor, "create", "official", id), None, Some(&created)).await?;
    tx.commit().await?;
    Ok(created)
}

pub async fn update(
    pool: &Pool,
    tenant: TenantId,
    actor: &Actor,
    id: OfficialId,
    draft: &OfficialDraft,
    today: time::Date,
) -> Result<Official> {
    let mut tx = begin_write(pool).await?;
    let before = fetch(&mut *tx, tenant, id.0, today).await?;
    sqlx::query(
        "UPDATE official SET nip = $3, name = $4, front_titles = $5, back_titles = $6, golongan = $7, updated_at = $8
         WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant.0)
    .bind(id.0)
    .bind(draft.nip.as_str())
    .bind(&draft.name)
    .bind(&draft.front_titles)
    .bind(&draft.back_titles)
    .bind(draft.golongan.code())
    .bind(now())
    .execute(&mut *tx)
    .await
    .map_err(|e| StoreError::from(e).unique_as("nip"))?;
    let after = fetch(&mut *tx, tenant, id.0, today).await?;
    record(&mut tx, Change::row(Some(tenant), actor, "update", "official", id.0), Some(&before), Some(&after)).await?;
    tx.commit().await?;
    Ok(after)
}

async fn fetch_assignment<'e, E: sqlx::Executor<'e, Database = Db>>(
    executor: E,
    tenant: TenantId,
    id: i64,
) -> Result<Assignment> {
    sqlx::query_as(
        "SELECT a.id, a.official_id, a.position_id, p.name AS position_name, o.name AS opd_name,
                a.kind, a.starts_on, a.ends_on, a.decree
         FROM assignment a JOIN job_position p ON p.id = a.position_id LEFT JOIN opd o ON o.id = p.opd_id
         WHERE a.tenant_id = $1 AND a.id = $2",
    )
    .bind(tenant.0)
    .bind(id)
    .fetch_optional(executor)
    .await?
    .ok_or(StoreError::NotFound)
}

/// An official's assignments, the latest first.
pub async fn assignments(pool: &Pool, tenant: TenantId, official: OfficialId) -> Result<Vec<Assignment>> {
    Ok(sqlx::query_as(
        "SELECT a.id, a.official_id, a.position_id, p.name AS position_name, o.name AS opd_name,
                a.kind, a.starts_on, a.ends_on, a.decree
         FROM assignment a JOIN job_position p ON p.id = a.position_id LEFT JOIN opd o ON o.id = p.opd_id
         WHERE a.tenant_id = $1 AND a.official_id = $2 ORDER BY a.starts_on DESC, a.id DESC",
    )
    .bind(tenant.0)
    .bind(official.0)
    .fetch_all(pool)
    .await?)
}

pub async fn assign(
    pool: &Pool,
    tenant: TenantId,
    actor: &Actor,
    official: OfficialId,
    draft: &AssignmentDraft,
) -> Result<Assignment> {
    let mut tx = begin_write(pool).await?;
    let official_found: Option<i64> = sqlx::query_scalar("SELECT id FROM official WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.0)
        .bind(official.0)
        .fetch_optional(&mut *tx)
        .await?;
    if official_found.is_none() {
        return Err(StoreError::NotFound);
    }
    let position_found: Option<i64> = sqlx::query_scalar("SELECT id FROM job_position WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.0)
        .bind(draft.position_id.0)
        .fetch_optional(&mut *tx)
        .await?;
    if position_found.is_none() {
        return Err(Invalid::one("position_id", Reason::NotFound).into());
    }
    let related: Vec<(i64, i64, String, time::Date, Option<time::Date>)> = sqlx::query_as(
        "SELECT official_id, position_id, kind, starts_on, ends_on FROM assignment
         WHERE tenant_id = $1 AND (position_id = $2 OR official_id = $3)",
    )
    .bind(tenant.0)
    .bind(draft.position_id.0)
    .bind(official.0)
    .fetch_all(&mut *tx)
    .await?;
    let tenure = |official, position, kind, starts_on, ends_on| Tenure { official, position, kind, starts_on, ends_on };
    let existing: Vec<Tenure> = related
        .into_iter()
        .filter_map(|(o, p, kind, start, end)| Some(tenure(o, p, AssignmentKind::parse(&kind).ok()?, start, end)))
        .collect();
    let new = tenure(official.0, draft.position_id.0, draft.kind, draft.starts_on, draft.ends_on);
    check_tenure(&new, &existing).map_err(|reason| Invalid::one("position_id", reason))?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO assignment (tenant_id, official_id, position_id, kind, starts_on, ends_on, decree, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(tenant.0)
    .bind(official.0)
    .bind(draft.position_id.0)
    .bind(draft.kind.key())
    .bind(draft.starts_on)
    .bind(draft.ends_on)
    .bind(&draft.decree)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    let created = fetch_assignment(&mut *tx, tenant, id).await?;
    record(&mut tx, Change::row(Some(tenant), actor, "create", "assignment", id), None, Some(&created)).await?;
    tx.commit().await?;
    Ok(created)
}

/// Ends an open assignment on the given day.
pub async fn end_assignment(
    pool: &Pool,
    tenant: TenantId,
    actor: &Actor,
    official: OfficialId,
    id: AssignmentId,
    ends_on: time::Date,
) -> Result<Assignment> {
    let mut tx = begin_write(pool).await?;
    let before = fetch_assignment(&mut *tx, tenant, id.0).await?;
    if before.official_id != official.0 {
        return Err(StoreError::NotFound);
    }
    if ends_on < before.starts_on {
        return Err(Invalid::one("ends_on", Reason::EndBeforeStart).into());
    }
    sqlx::query("UPDATE assignment SET ends_on = $3 WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.0)
        .bind(id.0)
        .bind(ends_on)
        .execute(&mut *tx)
        .await?;
    let after = fetch_assignment(&mut *tx, tenant, id.0).await?;
    record(&mut tx, Change::row(Some(tenant), actor, "update", "assignment", id.0), Some(&before), Some(&after)).await?;
    tx.commit().await?;
    Ok(after)
}
