// RPJMD and Renstra plans, their elements, indicators, targets and budgets.
// Included by backend.rs for each database.

use super::audit::{Change, record};
use crate::StoreError;
use crate::backend::now;
use crate::model::{Actor, ElementUpdate, RenjaEntry, RenjaRow};
use domain::cascade::{Cascade, CodeStatus, ElementContent, IndicatorContent, Plan, PlanHeader};
use domain::planning::{
    ElementDraft, ElementKind, IndicatorDraft, Period, PlanDraft, PlanKind, PlanStatus, RenjaBudget, Target, ValueKind, same_indicator,
};
use domain::{Invalid, Reason, TenantId};
use rust_decimal::Decimal;
use sqlx::Row;
use std::collections::HashMap;
use std::str::FromStr;

/// Rows per multi-row INSERT: well under both databases' bind limits.
const CHUNK: usize = 500;

#[derive(sqlx::FromRow)]
struct HeaderRow {
    id: i64,
    kind: String,
    opd_id: Option<i64>,
    opd_name: Option<String>,
    start_year: i32,
    end_year: i32,
    title: String,
    visi: Option<String>,
    revision: i32,
    status: String,
    superseded_by: Option<i64>,
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Database(sqlx::Error::Decode(format!("stored {what} does not parse").into()))
}

impl HeaderRow {
    fn header(self) -> Result<PlanHeader> {
        Ok(PlanHeader {
            id: self.id,
            kind: PlanKind::parse(&self.kind).map_err(|_| corrupt("plan kind"))?,
            opd_id: self.opd_id,
            opd_name: self.opd_name,
            period: Period { start: self.start_year, end: self.end_year },
            title: self.title,
            visi: self.visi,
            revision: self.revision,
            status: PlanStatus::parse(&self.status).map_err(|_| corrupt("plan status"))?,
            superseded: self.superseded_by.is_some(),
        })
    }
}

const HEADER_COLUMNS: &str = "SELECT p.id, p.kind, p.opd_id, o.name AS opd_name, p.start_year, p.end_year, p.title, p.visi,
        p.revision, p.status, p.superseded_by
 FROM plan p LEFT JOIN opd o ON o.tenant_id = p.tenant_id AND o.id = p.opd_id";

async fn fetch_header<'e, E: sqlx::Executor<'e, Database = Db>>(executor: E, tenant: TenantId, id: i64) -> Result<PlanHeader> {
    let sql = sqlx::AssertSqlSafe(format!("{HEADER_COLUMNS} WHERE p.tenant_id = $1 AND p.id = $2"));
    let row: Option<HeaderRow> = sqlx::query_as(sql).bind(tenant.0).bind(id).fetch_optional(executor).await?;
    row.ok_or(StoreError::NotFound)?.header()
}

/// Every plan of the pemda, newest period first, each RPJMD before its Renstra.
pub async fn headers(pool: &Pool, tenant: TenantId) -> Result<Vec<PlanHeader>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "{HEADER_COLUMNS} WHERE p.tenant_id = $1 ORDER BY p.start_year DESC, p.kind DESC, o.name, p.revision DESC"
    ));
    let rows: Vec<HeaderRow> = sqlx::query_as(sql).bind(tenant.0).fetch_all(pool).await?;
    rows.into_iter().map(HeaderRow::header).collect()
}

pub async fn header(pool: &Pool, tenant: TenantId, id: i64) -> Result<PlanHeader> {
    fetch_header(pool, tenant, id).await
}

#[derive(sqlx::FromRow)]
struct ElementRow {
    id: i64,
    plan_id: i64,
    kind: String,
    code: String,
    name: String,
    parent_code: Option<String>,
}

#[derive(sqlx::FromRow)]
struct IndicatorRow {
    id: i64,
    element_id: i64,
    name: String,
    definition: Option<String>,
    formula: Option<String>,
    unit: String,
    polarity: String,
    value_kind: String,
    aggregation: String,
    data_source: Option<String>,
    responsible_opd_id: Option<i64>,
    is_iku: bool,
    baseline: Option<String>,
    final_target: Option<String>,
    plausible_min: Option<String>,
    plausible_max: Option<String>,
}

fn stored_target(text: Option<&str>, kind: ValueKind) -> Result<Option<Target>> {
    text.map_or(Ok(None), |t| Target::from_canonical(t, kind).map_err(|_| corrupt("target")))
}

fn stored_decimal(text: Option<&str>) -> Result<Option<Decimal>> {
    text.map(|t| domain::number::parse_canonical(t).map_err(|_| corrupt("number"))).transpose()
}

impl IndicatorRow {
    fn content(self, targets: Vec<(i32, String)>) -> Result<IndicatorContent> {
        let value_kind = ValueKind::parse(&self.value_kind).map_err(|_| corrupt("value kind"))?;
        let mut parsed = Vec::with_capacity(targets.len());
        for (year, text) in targets {
            if let Some(target) = stored_target(Some(&text), value_kind)? {
                parsed.push((year, target));
            }
        }
        Ok(IndicatorContent {
            id: Some(self.id),
            draft: IndicatorDraft {
                name: self.name,
                definition: self.definition,
                formula: self.formula,
                unit: self.unit,
                polarity: domain::planning::Polarity::parse(&self.polarity).map_err(|_| corrupt("polarity"))?,
                value_kind,
                aggregation: domain::planning::Aggregation::parse(&self.aggregation)
                    .map_err(|_| corrupt("aggregation"))?,
                data_source: self.data_source,
                responsible_opd: self.responsible_opd_id,
                is_iku: self.is_iku,
                baseline: stored_target(self.baseline.as_deref(), value_kind)?,
                final_target: stored_target(self.final_target.as_deref(), value_kind)?,
                targets: parsed,
                plausible_min: stored_decimal(self.plausible_min.as_deref())?,
                plausible_max: stored_decimal(self.plausible_max.as_deref())?,
            },
        })
    }
}

/// The content of the plans picked by `only` (one plan) or, without it, of
/// every plan in force: five queries whatever the number of plans.
async fn contents(pool: &Pool, tenant: TenantId, only: Option<i64>) -> Result<HashMap<i64, Vec<ElementContent>>> {
    const PLANS: &str = "SELECT id FROM plan WHERE tenant_id = $1 AND (($2 IS NULL AND superseded_by IS NULL) OR id = $2)";
    let elements: Vec<ElementRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT e.id, e.plan_id, e.kind, e.code, e.name, parent.code AS parent_code
         FROM plan_element e LEFT JOIN plan_element parent ON parent.id = e.parent_id
         WHERE e.tenant_id = $1 AND e.plan_id IN ({PLANS}) ORDER BY e.plan_id, e.position, e.id"
    )))
    .bind(tenant.0)
    .bind(only)
    .fetch_all(pool)
    .await?;
    let indicators: Vec<IndicatorRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT i.id, i.element_id, i.name, i.definition, i.formula, i.unit, i.polarity, i.value_kind, i.aggregation,
                i.data_source, i.responsible_opd_id, i.is_iku, i.baseline, i.final_target, i.plausible_min, i.plausible_max
         FROM indicator i JOIN plan_element e ON e.id = i.element_id
         WHERE i.tenant_id = $1 AND e.plan_id IN ({PLANS}) ORDER BY i.element_id, i.position, i.id"
    )))
    .bind(tenant.0)
    .bind(only)
    .fetch_all(pool)
    .await?;
    let targets: Vec<(i64, i32, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT t.indicator_id, t.year, t.target FROM indicator_target t
         JOIN indicator i ON i.id = t.indicator_id JOIN plan_element e ON e.id = i.element_id
         WHERE t.tenant_id = $1 AND e.plan_id IN ({PLANS}) ORDER BY t.indicator_id, t.year"
    )))
    .bind(tenant.0)
    .bind(only)
    .fetch_all(pool)
    .await?;
    let budgets: Vec<(i64, i32, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT b.element_id, b.year, b.pagu FROM element_budget b JOIN plan_element e ON e.id = b.element_id
         WHERE b.tenant_id = $1 AND e.plan_id IN ({PLANS}) ORDER BY b.element_id, b.year"
    )))
    .bind(tenant.0)
    .bind(only)
    .fetch_all(pool)
    .await?;
    let supports: Vec<(i64, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT s.element_id, s.rpjmd_code FROM element_support s JOIN plan_element e ON e.id = s.element_id
         WHERE s.tenant_id = $1 AND e.plan_id IN ({PLANS}) ORDER BY s.element_id, s.rpjmd_code"
    )))
    .bind(tenant.0)
    .bind(only)
    .fetch_all(pool)
    .await?;

    let mut targets_of: HashMap<i64, Vec<(i32, String)>> = HashMap::new();
    for (indicator, year, target) in targets {
        targets_of.entry(indicator).or_default().push((year, target));
    }
    let mut indicators_of: HashMap<i64, Vec<IndicatorContent>> = HashMap::new();
    for row in indicators {
        let element = row.element_id;
        let targets = targets_of.remove(&row.id).unwrap_or_default();
        indicators_of.entry(element).or_default().push(row.content(targets)?);
    }
    let mut budgets_of: HashMap<i64, Vec<(i32, Decimal)>> = HashMap::new();
    for (element, year, pagu) in budgets {
        let pagu = Decimal::from_str(&pagu).map_err(|_| corrupt("pagu"))?;
        budgets_of.entry(element).or_default().push((year, pagu));
    }
    let mut supports_of: HashMap<i64, Vec<String>> = HashMap::new();
    for (element, code) in supports {
        supports_of.entry(element).or_default().push(code);
    }
    let mut by_plan: HashMap<i64, Vec<ElementContent>> = HashMap::new();
    for row in elements {
        let kind = ElementKind::parse(&row.kind).map_err(|_| corrupt("element kind"))?;
        by_plan.entry(row.plan_id).or_default().push(ElementContent {
            id: Some(row.id),
            draft: ElementDraft { kind, code: row.code, name: row.name, parent_code: row.parent_code },
            indicators: indicators_of.remove(&row.id).unwrap_or_default(),
            budgets: budgets_of.remove(&row.id).unwrap_or_default(),
            supports: supports_of.remove(&row.id).unwrap_or_default(),
        });
    }
    Ok(by_plan)
}

/// One plan with everything in it.
pub async fn load(pool: &Pool, tenant: TenantId, id: i64) -> Result<Plan> {
    let header = fetch_header(pool, tenant, id).await?;
    let elements = contents(pool, tenant, Some(id)).await?.remove(&id).unwrap_or_default();
    Ok(Plan { header, elements })
}

/// The RPJMD in force: the current revision of the latest period.
pub async fn rpjmd_in_force(pool: &Pool, tenant: TenantId) -> Result<Option<Plan>> {
    let id: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM plan WHERE tenant_id = $1 AND kind = 'rpjmd' AND superseded_by IS NULL
         ORDER BY start_year DESC LIMIT 1",
    )
    .bind(tenant.0)
    .fetch_optional(pool)
    .await?;
    match id {
        Some(id) => load(pool, tenant, id).await.map(Some),
        None => Ok(None),
    }
}

/// The RPJMD in force (the latest period's current revision) and the
/// current Renstra of every OPD whose period overlaps it.
pub async fn cascade(pool: &Pool, tenant: TenantId) -> Result<Cascade> {
    let sql = sqlx::AssertSqlSafe(format!(
        "{HEADER_COLUMNS} WHERE p.tenant_id = $1 AND p.superseded_by IS NULL ORDER BY p.start_year DESC, o.name"
    ));
    let rows: Vec<HeaderRow> = sqlx::query_as(sql).bind(tenant.0).fetch_all(pool).await?;
    let headers = rows.into_iter().map(HeaderRow::header).collect::<Result<Vec<_>>>()?;
    let mut contents = contents(pool, tenant, None).await?;
    let mut take = |header: PlanHeader| Plan { elements: contents.remove(&header.id).unwrap_or_default(), header };
    let rpjmd_header = headers.iter().find(|h| h.kind == PlanKind::Rpjmd).cloned();
    let span = rpjmd_header.as_ref().map(|h| h.period);
    let renstra = headers
        .into_iter()
        .filter(|h| h.kind == PlanKind::Renstra)
        .filter(|h| span.is_none_or(|s| h.period.start <= s.end && h.period.end >= s.start))
        .map(&mut take)
        .collect();
    Ok(Cascade { rpjmd: rpjmd_header.map(take), renstra })
}

async fn writable(tx: &mut Tx, tenant: TenantId, id: i64) -> Result<PlanHeader> {
    let header = fetch_header(&mut **tx, tenant, id).await?;
    if header.superseded {
        return Err(Invalid::one("plan", Reason::Superseded).into());
    }
    Ok(header)
}

/// Marks the plan changed. A change to a Renstra sends it back to draft:
/// Bappeda approves what it saw.
async fn touch(tx: &mut Tx, tenant: TenantId, header: &PlanHeader) -> Result<()> {
    let status = if header.kind == PlanKind::Renstra { "draft" } else { header.status.key() };
    sqlx::query("UPDATE plan SET updated_at = $3, status = $4 WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.0)
        .bind(header.id)
        .bind(now())
        .bind(status)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn check_opd(tx: &mut Tx, tenant: TenantId, field: &'static str, opd: Option<i64>) -> Result<()> {
    if let Some(opd) = opd {
        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM opd WHERE tenant_id = $1 AND id = $2")
            .bind(tenant.0)
            .bind(opd)
            .fetch_optional(&mut **tx)
            .await?;
        if found.is_none() {
            return Err(Invalid::one(field, Reason::NotFound).into());
        }
    }
    Ok(())
}

pub async fn create(pool: &Pool, tenant: TenantId, actor: &Actor, draft: &PlanDraft) -> Result<PlanHeader> {
    let mut tx = begin_write(pool).await?;
    check_opd(&mut tx, tenant, "opd", draft.opd_id).await?;
    let at = now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO plan (tenant_id, kind, opd_id, start_year, end_year, title, visi, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(tenant.0)
    .bind(draft.kind.key())
    .bind(draft.opd_id)
    .bind(draft.period.start)
    .bind(draft.period.end)
    .bind(&draft.title)
    .bind(&draft.visi)
    .bind(at)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| StoreError::from(e).unique_as("start_year"))?;
    let created = fetch_header(&mut *tx, tenant, id).await?;
    record(&mut tx, Change::row(Some(tenant), actor, "create", "plan", id), None, Some(&created)).await?;
    tx.commit().await?;
    Ok(created)
}

pub async fn update(pool: &Pool, tenant: TenantId, actor: &Actor, id: i64, draft: &PlanDraft) -> Result<PlanHeader> {
    let mut tx = begin_write(pool).await?;
    let before = writable(&mut tx, tenant, id).await?;
    sqlx::query(
        "UPDATE plan SET start_year = $3, end_year = $4, title = $5, visi = $6, updated_at = $7
         WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant.0)
    .bind(id)
    .bind(draft.period.start)
    .bind(draft.period.end)
    .bind(&draft.title)
    .bind(&draft.visi)
    .bind(now())
    .execute(&mut *tx)
    .await
    .map_err(|e| StoreError::from(e).unique_as("start_year"))?;
    touch(&mut tx, tenant, &before).await?;
    let after = fetch_header(&mut *tx, tenant, id).await?;
    record(&mut tx, Change::row(Some(tenant), actor, "update", "plan", id), Some(&before), Some(&after)).await?;
    tx.commit().await?;
    Ok(after)
}

/// Bappeda approves a Renstra as it stands.
pub async fn approve(pool: &Pool, tenant: TenantId, actor: &Actor, id: i64) -> Result<PlanHeader> {
    let mut tx = begin_write(pool).await?;
    let before = writable(&mut tx, tenant, id).await?;
    if before.kind != PlanKind::Renstra {
        return Err(Invalid::one("plan", Reason::NotInPlan).into());
    }
    sqlx::query("UPDATE plan SET status = 'approved', updated_at = $3 WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.0)
        .bind(id)
        .bind(now())
        .execute(&mut *tx)
        .await?;
    let after = fetch_header(&mut *tx, tenant, id).await?;
    record(&mut tx, Change::row(Some(tenant), actor, "approve", "plan", id), Some(&before), Some(&after)).await?;
    tx.commit().await?;
    Ok(after)
}

/// A revision (perubahan): a copy of the plan under the next revision
/// number, which replaces it; the replaced plan stays readable.
pub async fn revise(pool: &Pool, tenant: TenantId, actor: &Actor, id: i64, note: &str) -> Result<PlanHeader> {
    let old = load(pool, tenant, id).await?;
    let mut tx = begin_write(pool).await?;
    let before = writable(&mut tx, tenant, id).await?;
    let at = now();
    // The copy takes the plan's place in the unique index only once the
    // original is marked replaced, so the original is first parked on itself.
    sqlx::query("UPDATE plan SET superseded_by = id WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.0)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let new_id: i64 = sqlx::query_scalar(
        "INSERT INTO plan (tenant_id, kind, opd_id, start_year, end_year, title, visi, revision, revision_note,
                           status, created_at, updated_at)
         SELECT tenant_id, kind, opd_id, start_year, end_year, title, visi, revision + 1, $3, 'draft', $4, $4
         FROM plan WHERE tenant_id = $1 AND id = $2 RETURNING id",
    )
    .bind(tenant.0)
    .bind(id)
    .bind(note)
    .bind(at)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query("UPDATE plan SET superseded_by = $3, updated_at = $4 WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.0)
        .bind(id)
        .bind(new_id)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    write_content(&mut tx, tenant, new_id, &old.elements).await?;
    let after = fetch_header(&mut *tx, tenant, new_id).await?;
    record(&mut tx, Change::row(Some(tenant), actor, "revise", "plan", id), Some(&before), Some(&after)).await?;
    tx.commit().await?;
    Ok(after)
}

/// Replaces everything in a plan by `elements`, all or nothing (a workbook import).
pub async fn replace_content(
    pool: &Pool,
    tenant: TenantId,
    actor: &Actor,
    id: i64,
    elements: &[ElementContent],
) -> Result<PlanHeader> {
    let mut tx = begin_write(pool).await?;
    let header = writable(&mut tx, tenant, id).await?;
    let before = counts(&mut tx, tenant, id).await?;
    // Renja items follow their element by code; those whose code is gone go with it.
    let renja: Vec<(String, i64, i32, String, Option<String>)> = sqlx::query_as(
        "SELECT e.code, r.opd_id, r.year, r.pagu, r.pagu_perubahan FROM renja_item r
         JOIN plan_element e ON e.id = r.element_id WHERE r.tenant_id = $1 AND e.plan_id = $2",
    )
    .bind(tenant.0)
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    sqlx::query(
        "DELETE FROM renja_item WHERE tenant_id = $1 AND element_id IN (SELECT id FROM plan_element WHERE tenant_id = $1 AND plan_id = $2)",
    )
    .bind(tenant.0)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let figures = FollowedIndicators::take(&mut tx, tenant, id).await?;
    clear_content(&mut tx, tenant, id).await?;
    write_content(&mut tx, tenant, id, elements).await?;
    figures.restore(&mut tx, tenant, id).await?;
    let at = now();
    for (code, opd, year, pagu, changed) in &renja {
        sqlx::query(
            "INSERT INTO renja_item (tenant_id, opd_id, year, element_id, pagu, pagu_perubahan, updated_at)
             SELECT $1, $2, $3, id, $4, $5, $6 FROM plan_element
             WHERE tenant_id = $1 AND plan_id = $7 AND code = $8 AND kind IN ('program', 'kegiatan', 'sub_kegiatan')",
        )
        .bind(tenant.0)
        .bind(opd)
        .bind(year)
        .bind(pagu)
        .bind(changed)
        .bind(at)
        .bind(id)
        .bind(code)
        .execute(&mut *tx)
        .await?;
    }
    touch(&mut tx, tenant, &header).await?;
    let after = counts(&mut tx, tenant, id).await?;
    record(&mut tx, Change::row(Some(tenant), actor, "import", "plan", id), Some(&before), Some(&after)).await?;
    tx.commit().await?;
    fetch_header(pool, tenant, id).await
}

/// What hangs on a plan's indicators from realisation: the engine's quarterly
/// figures and the entries of reports still being worked on. A re-import
/// gives every indicator a new id; these follow their indicator by element
/// code and indicator name, like the Renja follows its element by code.
/// Entries of approved reports are frozen and keep the old id.
struct FollowedIndicators {
    /// Old id, element code and name of every indicator of the plan.
    indicators: Vec<(i64, String, String)>,
    quarters: Vec<QuarterRow>,
}

/// An indicator_quarter row: indicator, year, quarter, target, actual.
type QuarterRow = (i64, i32, i32, Option<String>, Option<String>);

impl FollowedIndicators {
    async fn take(tx: &mut Tx, tenant: TenantId, plan: i64) -> Result<FollowedIndicators> {
        let indicators: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT i.id, e.code, i.name FROM indicator i JOIN plan_element e ON e.id = i.element_id
             WHERE i.tenant_id = $1 AND e.plan_id = $2",
        )
        .bind(tenant.0)
        .bind(plan)
        .fetch_all(&mut **tx)
        .await?;
        const OF_PLAN: &str = "SELECT i.id FROM indicator i JOIN plan_element e ON e.id = i.element_id WHERE i.tenant_id = $1 AND e.plan_id = $2";
        let quarters = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT indicator_id, year, quarter, target, actual FROM indicator_quarter WHERE tenant_id = $1 AND indicator_id IN ({OF_PLAN})"
        )))
        .bind(tenant.0)
        .bind(plan)
        .fetch_all(&mut **tx)
        .await?;
        sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM indicator_quarter WHERE tenant_id = $1 AND indicator_id IN ({OF_PLAN})")))
            .bind(tenant.0)
            .bind(plan)
            .execute(&mut **tx)
            .await?;
        Ok(FollowedIndicators { indicators, quarters })
    }

    async fn restore(&self, tx: &mut Tx, tenant: TenantId, plan: i64) -> Result<()> {
        let fresh: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT i.id, e.code, i.name FROM indicator i JOIN plan_element e ON e.id = i.element_id
             WHERE i.tenant_id = $1 AND e.plan_id = $2 ORDER BY i.id",
        )
        .bind(tenant.0)
        .bind(plan)
        .fetch_all(&mut **tx)
        .await?;
        let new_id = |old: i64| {
            let (_, code, name) = self.indicators.iter().find(|(id, _, _)| *id == old)?;
            fresh.iter().find(|(_, c, n)| same_indicator((c, n), (code, name))).map(|(id, _, _)| *id)
        };
        for (old, year, quarter, target, actual) in &self.quarters {
            let Some(id) = new_id(*old) else { continue };
            sqlx::query(
                "INSERT INTO indicator_quarter (tenant_id, year, indicator_id, quarter, target, actual) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(tenant.0)
            .bind(year)
            .bind(id)
            .bind(quarter)
            .bind(target)
            .bind(actual)
            .execute(&mut **tx)
            .await?;
        }
        for (old, _, _) in &self.indicators {
            let Some(id) = new_id(*old) else { continue };
            sqlx::query(
                "UPDATE realisation SET subject_id = $3
                 WHERE tenant_id = $1 AND subject_kind = 'indicator' AND subject_id = $2
                   AND report_id IN (SELECT id FROM realisation_report WHERE tenant_id = $1 AND status IN ('draft', 'returned'))",
            )
            .bind(tenant.0)
            .bind(old)
            .bind(id)
            .execute(&mut **tx)
            .await?;
        }
        Ok(())
    }
}

/// How many elements, indicators, targets and Renja items a plan holds: what an import's audit entry records.
async fn counts(tx: &mut Tx, tenant: TenantId, plan: i64) -> Result<serde_json::Value> {
    let (elements, renja, indicators, targets): (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM plan_element WHERE tenant_id = $1 AND plan_id = $2),
                (SELECT COUNT(*) FROM renja_item r JOIN plan_element e ON e.id = r.element_id WHERE r.tenant_id = $1 AND e.plan_id = $2),
                (SELECT COUNT(*) FROM indicator i JOIN plan_element e ON e.id = i.element_id WHERE i.tenant_id = $1 AND e.plan_id = $2),
                (SELECT COUNT(*) FROM indicator_target t JOIN indicator i ON i.id = t.indicator_id
                   JOIN plan_element e ON e.id = i.element_id WHERE t.tenant_id = $1 AND e.plan_id = $2)",
    )
    .bind(tenant.0)
    .bind(plan)
    .fetch_one(&mut **tx)
    .await?;
    Ok(serde_json::json!({ "elements": elements, "indicators": indicators, "targets": targets, "renja_items": renja }))
}

async fn clear_content(tx: &mut Tx, tenant: TenantId, plan: i64) -> Result<()> {
    const ELEMENTS: &str = "SELECT id FROM plan_element WHERE tenant_id = $1 AND plan_id = $2";
    for sql in [
        format!(
            "DELETE FROM indicator_target WHERE tenant_id = $1 AND indicator_id IN
               (SELECT id FROM indicator WHERE tenant_id = $1 AND element_id IN ({ELEMENTS}))"
        ),
        format!("DELETE FROM indicator WHERE tenant_id = $1 AND element_id IN ({ELEMENTS})"),
        format!("DELETE FROM element_budget WHERE tenant_id = $1 AND element_id IN ({ELEMENTS})"),
        format!("DELETE FROM element_support WHERE tenant_id = $1 AND element_id IN ({ELEMENTS})"),
        // Children go before their parents: clear the links first.
        "UPDATE plan_element SET parent_id = NULL WHERE tenant_id = $1 AND plan_id = $2".to_owned(),
        "DELETE FROM plan_element WHERE tenant_id = $1 AND plan_id = $2".to_owned(),
    ] {
        sqlx::query(sqlx::AssertSqlSafe(sql)).bind(tenant.0).bind(plan).execute(&mut **tx).await?;
    }
    Ok(())
}

/// Writes elements (parents before children, level by level), then their
/// indicators, targets, budgets and links, in multi-row INSERTs.
pub(crate) async fn write_content(tx: &mut Tx, tenant: TenantId, plan: i64, elements: &[ElementContent]) -> Result<()> {
    let at = now();
    let index: HashMap<&str, &ElementContent> = elements.iter().map(|e| (e.draft.code.as_str(), e)).collect();
    let depth_of = |element: &ElementContent| {
        let mut depth = 0;
        let mut current = element;
        while let Some(parent) = current.draft.parent_code.as_deref().and_then(|c| index.get(c)) {
            depth += 1;
            current = parent;
            if depth > 8 {
                break;
            }
        }
        depth
    };
    let mut levels: Vec<Vec<(usize, &ElementContent)>> = Vec::new();
    for (position, element) in elements.iter().enumerate() {
        let depth = depth_of(element);
        if levels.len() <= depth {
            levels.resize_with(depth + 1, Vec::new);
        }
        levels[depth].push((position, element));
    }
    let mut ids: HashMap<String, i64> = HashMap::with_capacity(elements.len());
    for level in &levels {
        for chunk in level.chunks(CHUNK) {
            let mut insert = sqlx::QueryBuilder::<Db>::new(
                "INSERT INTO plan_element (tenant_id, plan_id, parent_id, kind, code, name, position, created_at, updated_at) ",
            );
            insert.push_values(chunk, |mut row, (position, element)| {
                let parent = element.draft.parent_code.as_deref().and_then(|c| ids.get(c)).copied();
                row.push_bind(tenant.0)
                    .push_bind(plan)
                    .push_bind(parent)
                    .push_bind(element.draft.kind.key())
                    .push_bind(element.draft.code.clone())
                    .push_bind(element.draft.name.clone())
                    .push_bind(*position as i64)
                    .push_bind(at)
                    .push_bind(at);
            });
            insert.build().execute(&mut **tx).await.map_err(|e| StoreError::from(e).unique_as("code"))?;
        }
        let stored: Vec<(String, i64)> =
            sqlx::query_as("SELECT code, id FROM plan_element WHERE tenant_id = $1 AND plan_id = $2")
                .bind(tenant.0)
                .bind(plan)
                .fetch_all(&mut **tx)
                .await?;
        ids.extend(stored);
    }

    let indicators: Vec<(i64, &IndicatorDraft)> = elements
        .iter()
        .flat_map(|e| {
            let element = ids.get(&e.draft.code).copied().unwrap_or_default();
            e.indicators.iter().map(move |i| (element, &i.draft))
        })
        .collect();
    let first_position: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(i.position), 0) + 1 FROM indicator i JOIN plan_element e ON e.id = i.element_id
         WHERE i.tenant_id = $1 AND e.plan_id = $2",
    )
    .bind(tenant.0)
    .bind(plan)
    .fetch_one(&mut **tx)
    .await?;
    for (offset, chunk) in indicators.chunks(CHUNK).enumerate() {
        let mut insert = sqlx::QueryBuilder::<Db>::new(
            "INSERT INTO indicator (tenant_id, element_id, position, name, definition, formula, unit, polarity, value_kind,
                                    aggregation, data_source, responsible_opd_id, is_iku, baseline, final_target,
                                    plausible_min, plausible_max, created_at, updated_at) ",
        );
        insert.push_values(chunk.iter().enumerate(), |mut row, (i, (element, draft))| {
            row.push_bind(tenant.0)
                .push_bind(*element)
                .push_bind(first_position + (offset * CHUNK + i) as i64)
                .push_bind(draft.name.clone())
                .push_bind(draft.definition.clone())
                .push_bind(draft.formula.clone())
                .push_bind(draft.unit.clone())
                .push_bind(draft.polarity.key())
                .push_bind(draft.value_kind.key())
                .push_bind(draft.aggregation.key())
                .push_bind(draft.data_source.clone())
                .push_bind(draft.responsible_opd)
                .push_bind(draft.is_iku)
                .push_bind(draft.baseline.as_ref().map(Target::canonical))
                .push_bind(draft.final_target.as_ref().map(Target::canonical))
                .push_bind(draft.plausible_min.map(canonical))
                .push_bind(draft.plausible_max.map(canonical))
                .push_bind(at)
                .push_bind(at);
        });
        insert.build().execute(&mut **tx).await?;
    }
    let indicator_ids: HashMap<i64, i64> = sqlx::query_as(
        "SELECT i.position, i.id FROM indicator i JOIN plan_element e ON e.id = i.element_id
         WHERE i.tenant_id = $1 AND e.plan_id = $2 AND i.position >= $3",
    )
    .bind(tenant.0)
    .bind(plan)
    .bind(first_position)
    .fetch_all(&mut **tx)
    .await?
    .into_iter()
    .collect();
    let targets: Vec<(i64, i32, String)> = indicators
        .iter()
        .enumerate()
        .filter_map(|(i, (_, draft))| indicator_ids.get(&(first_position + i as i64)).map(|id| (*id, *draft)))
        .flat_map(|(id, draft)| draft.targets.iter().map(move |(year, t)| (id, *year, t.canonical())))
        .collect();
    for chunk in targets.chunks(CHUNK) {
        let mut insert = sqlx::QueryBuilder::<Db>::new("INSERT INTO indicator_target (indicator_id, tenant_id, year, target) ");
        insert.push_values(chunk, |mut row, (id, year, target)| {
            row.push_bind(*id).push_bind(tenant.0).push_bind(*year).push_bind(target.clone());
        });
        insert.build().execute(&mut **tx).await?;
    }
    let budgets: Vec<(i64, i32, String)> = elements
        .iter()
        .filter_map(|e| ids.get(&e.draft.code).map(|id| (*id, e)))
        .flat_map(|(id, e)| e.budgets.iter().map(move |(year, pagu)| (id, *year, pagu.normalize().to_string())))
        .collect();
    for chunk in budgets.chunks(CHUNK) {
        let mut insert = sqlx::QueryBuilder::<Db>::new("INSERT INTO element_budget (element_id, tenant_id, year, pagu) ");
        insert.push_values(chunk, |mut row, (id, year, pagu)| {
            row.push_bind(*id).push_bind(tenant.0).push_bind(*year).push_bind(pagu.clone());
        });
        insert.build().execute(&mut **tx).await?;
    }
    let supports: Vec<(i64, &str)> = elements
        .iter()
        .filter_map(|e| ids.get(&e.draft.code).map(|id| (*id, e)))
        .flat_map(|(id, e)| e.supports.iter().map(move |code| (id, code.as_str())))
        .collect();
    for chunk in supports.chunks(CHUNK) {
        let mut insert = sqlx::QueryBuilder::<Db>::new("INSERT INTO element_support (element_id, tenant_id, rpjmd_code) ");
        insert.push_values(chunk, |mut row, (id, code)| {
            row.push_bind(*id).push_bind(tenant.0).push_bind(code.to_string());
        });
        insert.build().execute(&mut **tx).await?;
    }
    Ok(())
}

/// The element of a plan named by id, with its kind.
async fn element_of(tx: &mut Tx, tenant: TenantId, plan: i64, id: i64) -> Result<ElementContent> {
    let row: Option<ElementRow> = sqlx::query_as(
        "SELECT e.id, e.plan_id, e.kind, e.code, e.name, parent.code AS parent_code
         FROM plan_element e LEFT JOIN plan_element parent ON parent.id = e.parent_id
         WHERE e.tenant_id = $1 AND e.plan_id = $2 AND e.id = $3",
    )
    .bind(tenant.0)
    .bind(plan)
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    let row = row.ok_or(StoreError::NotFound)?;
    let kind = ElementKind::parse(&row.kind).map_err(|_| corrupt("element kind"))?;
    Ok(ElementContent {
        id: Some(row.id),
        draft: ElementDraft { kind, code: row.code, name: row.name, parent_code: row.parent_code },
        indicators: Vec::new(),
        budgets: Vec::new(),
        supports: Vec::new(),
    })
}

/// The id of the parent named in a draft, checked to be of the right kind;
/// and the code checked against the nomenclature in force.
async fn placement(tx: &mut Tx, tenant: TenantId, header: &PlanHeader, draft: &ElementDraft) -> Result<Option<i64>> {
    let mut invalid = Invalid::default();
    if draft.kind.code_level().is_some() {
        let known: Option<String> = sqlx::query_scalar(
            "SELECT n.code FROM nomenclature n WHERE n.code = $1 AND n.version_id =
               (SELECT id FROM nomenclature_version ORDER BY issued_on DESC, id DESC LIMIT 1)",
        )
        .bind(&draft.code)
        .fetch_optional(&mut **tx)
        .await?;
        if known.is_none() {
            invalid.push("code", Reason::UnknownCode);
        }
    }
    let parent = match &draft.parent_code {
        None => None,
        Some(code) => {
            let found: Option<(i64, String)> =
                sqlx::query_as("SELECT id, kind FROM plan_element WHERE tenant_id = $1 AND plan_id = $2 AND code = $3")
                    .bind(tenant.0)
                    .bind(header.id)
                    .bind(code)
                    .fetch_optional(&mut **tx)
                    .await?;
            match found {
                None => {
                    invalid.push("parent_code", Reason::NotFound);
                    None
                }
                Some((id, kind)) => {
                    let expected = draft.kind.parent_in(header.kind).ok().flatten();
                    if expected.map(|k| k.key()) != Some(kind.as_str()) {
                        invalid.push("parent_code", Reason::WrongParent);
                    }
                    Some(id)
                }
            }
        }
    };
    if !invalid.is_empty() {
        return Err(invalid.into());
    }
    Ok(parent)
}

pub async fn add_element(pool: &Pool, tenant: TenantId, actor: &Actor, plan: i64, draft: &ElementDraft) -> Result<i64> {
    let mut tx = begin_write(pool).await?;
    let header = writable(&mut tx, tenant, plan).await?;
    let parent = placement(&mut tx, tenant, &header, draft).await?;
    let at = now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO plan_element (tenant_id, plan_id, parent_id, kind, code, name, position, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6,
                 (SELECT COALESCE(MAX(position), 0) + 1 FROM plan_element WHERE tenant_id = $1 AND plan_id = $2), $7, $7)
         RETURNING id",
    )
    .bind(tenant.0)
    .bind(plan)
    .bind(parent)
    .bind(draft.kind.key())
    .bind(&draft.code)
    .bind(&draft.name)
    .bind(at)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| StoreError::from(e).unique_as("code"))?;
    touch(&mut tx, tenant, &header).await?;
    let created = element_of(&mut tx, tenant, plan, id).await?;
    record(&mut tx, Change::row(Some(tenant), actor, "create", "plan_element", id), None, Some(&created)).await?;
    tx.commit().await?;
    Ok(id)
}

/// Changes an element's code, name and parent (its kind stays), its budget
/// and, for a Renstra sasaran, the RPJMD sasaran it supports.
pub async fn update_element(
    pool: &Pool,
    tenant: TenantId,
    actor: &Actor,
    plan: i64,
    id: i64,
    change: ElementUpdate<'_>,
) -> Result<()> {
    let ElementUpdate { draft, budgets, supports } = change;
    let mut tx = begin_write(pool).await?;
    let header = writable(&mut tx, tenant, plan).await?;
    let mut before = element_of(&mut tx, tenant, plan, id).await?;
    if before.draft.kind != draft.kind {
        return Err(Invalid::one("kind", Reason::NotInPlan).into());
    }
    if budgets.iter().any(|(year, _)| !header.period.contains(*year)) {
        return Err(Invalid::one("budget", Reason::OutsidePeriod).into());
    }
    let parent = placement(&mut tx, tenant, &header, draft).await?;
    if parent == Some(id) {
        return Err(Invalid::one("parent_code", Reason::WrongParent).into());
    }
    before.budgets = sqlx::query_as::<_, (i32, String)>(
        "SELECT year, pagu FROM element_budget WHERE tenant_id = $1 AND element_id = $2 ORDER BY year",
    )
    .bind(tenant.0)
    .bind(id)
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .filter_map(|(year, pagu)| Decimal::from_str(&pagu).ok().map(|p| (year, p)))
    .collect();
    before.supports = sqlx::query_scalar("SELECT rpjmd_code FROM element_support WHERE tenant_id = $1 AND element_id = $2 ORDER BY rpjmd_code")
        .bind(tenant.0)
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
    sqlx::query(
        "UPDATE plan_element SET code = $3, name = $4, parent_id = $5, updated_at = $6 WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant.0)
    .bind(id)
    .bind(&draft.code)
    .bind(&draft.name)
    .bind(parent)
    .bind(now())
    .execute(&mut *tx)
    .await
    .map_err(|e| StoreError::from(e).unique_as("code"))?;
    for sql in ["DELETE FROM element_budget WHERE tenant_id = $1 AND element_id = $2", "DELETE FROM element_support WHERE tenant_id = $1 AND element_id = $2"] {
        sqlx::query(sql).bind(tenant.0).bind(id).execute(&mut *tx).await?;
    }
    for (year, pagu) in budgets {
        sqlx::query("INSERT INTO element_budget (element_id, tenant_id, year, pagu) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(tenant.0)
            .bind(*year)
            .bind(pagu.normalize().to_string())
            .execute(&mut *tx)
            .await?;
    }
    for code in supports {
        sqlx::query("INSERT INTO element_support (element_id, tenant_id, rpjmd_code) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(tenant.0)
            .bind(code)
            .execute(&mut *tx)
            .await?;
    }
    touch(&mut tx, tenant, &header).await?;
    let mut after = element_of(&mut tx, tenant, plan, id).await?;
    after.budgets = budgets.to_vec();
    after.supports = supports.to_vec();
    record(&mut tx, Change::row(Some(tenant), actor, "update", "plan_element", id), Some(&before), Some(&after)).await?;
    tx.commit().await?;
    Ok(())
}

/// Deletes an element without children, with its indicators, budget and links.
pub async fn delete_element(pool: &Pool, tenant: TenantId, actor: &Actor, plan: i64, id: i64) -> Result<()> {
    let mut tx = begin_write(pool).await?;
    let header = writable(&mut tx, tenant, plan).await?;
    let before = element_of(&mut tx, tenant, plan, id).await?;
    let children: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM plan_element WHERE tenant_id = $1 AND parent_id = $2)
              + (SELECT COUNT(*) FROM renja_item WHERE tenant_id = $1 AND element_id = $2)",
    )
    .bind(tenant.0)
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    if children > 0 {
        return Err(Invalid::one("element", Reason::HasChildren).into());
    }
    for sql in [
        "DELETE FROM indicator_target WHERE tenant_id = $1 AND indicator_id IN (SELECT id FROM indicator WHERE element_id = $2)",
        "DELETE FROM indicator_quarter WHERE tenant_id = $1 AND indicator_id IN (SELECT id FROM indicator WHERE element_id = $2)",
        "DELETE FROM indicator WHERE tenant_id = $1 AND element_id = $2",
        "DELETE FROM element_budget WHERE tenant_id = $1 AND element_id = $2",
        "DELETE FROM element_support WHERE tenant_id = $1 AND element_id = $2",
        "DELETE FROM plan_element WHERE tenant_id = $1 AND id = $2",
    ] {
        sqlx::query(sql).bind(tenant.0).bind(id).execute(&mut *tx).await?;
    }
    touch(&mut tx, tenant, &header).await?;
    record(&mut tx, Change::row(Some(tenant), actor, "delete", "plan_element", id), Some(&before), None).await?;
    tx.commit().await?;
    Ok(())
}

/// The indicator's element, checked to be in the plan and to carry indicators.
async fn indicator_element(tx: &mut Tx, tenant: TenantId, plan: i64, element: i64) -> Result<ElementContent> {
    let found = element_of(tx, tenant, plan, element).await?;
    if !found.draft.kind.has_indicators() {
        return Err(Invalid::one("element", Reason::NotInPlan).into());
    }
    Ok(found)
}

async fn write_targets(tx: &mut Tx, tenant: TenantId, indicator: i64, draft: &IndicatorDraft) -> Result<()> {
    sqlx::query("DELETE FROM indicator_target WHERE tenant_id = $1 AND indicator_id = $2")
        .bind(tenant.0)
        .bind(indicator)
        .execute(&mut **tx)
        .await?;
    for (year, target) in &draft.targets {
        sqlx::query("INSERT INTO indicator_target (indicator_id, tenant_id, year, target) VALUES ($1, $2, $3, $4)")
            .bind(indicator)
            .bind(tenant.0)
            .bind(*year)
            .bind(target.canonical())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

async fn fetch_indicator(tx: &mut Tx, tenant: TenantId, element: i64, id: i64) -> Result<IndicatorContent> {
    let row: Option<IndicatorRow> = sqlx::query_as(
        "SELECT id, element_id, name, definition, formula, unit, polarity, value_kind, aggregation, data_source,
                responsible_opd_id, is_iku, baseline, final_target, plausible_min, plausible_max
         FROM indicator WHERE tenant_id = $1 AND element_id = $2 AND id = $3",
    )
    .bind(tenant.0)
    .bind(element)
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    let targets = sqlx::query_as("SELECT year, target FROM indicator_target WHERE tenant_id = $1 AND indicator_id = $2 ORDER BY year")
        .bind(tenant.0)
        .bind(id)
        .fetch_all(&mut **tx)
        .await?;
    row.ok_or(StoreError::NotFound)?.content(targets)
}

pub async fn add_indicator(
    pool: &Pool,
    tenant: TenantId,
    actor: &Actor,
    plan: i64,
    element: i64,
    draft: &IndicatorDraft,
) -> Result<i64> {
    let mut tx = begin_write(pool).await?;
    let header = writable(&mut tx, tenant, plan).await?;
    indicator_element(&mut tx, tenant, plan, element).await?;
    check_opd(&mut tx, tenant, "responsible_opd", draft.responsible_opd).await?;
    let at = now();
    let query = sqlx::query(
        "INSERT INTO indicator (tenant_id, element_id, position, created_at, updated_at, name, definition, formula, unit,
                                polarity, value_kind, aggregation, data_source, responsible_opd_id, is_iku, baseline, final_target,
                                plausible_min, plausible_max)
         VALUES ($1, $2, (SELECT COALESCE(MAX(i.position), 0) + 1 FROM indicator i JOIN plan_element e ON e.id = i.element_id
                          WHERE i.tenant_id = $1 AND e.plan_id = $3),
                 $4, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
         RETURNING id",
    )
    .bind(tenant.0)
    .bind(element)
    .bind(plan)
    .bind(at);
    let id: i64 = bind_indicator(query, draft).fetch_one(&mut *tx).await?.try_get(0)?;
    write_targets(&mut tx, tenant, id, draft).await?;
    touch(&mut tx, tenant, &header).await?;
    let created = fetch_indicator(&mut tx, tenant, element, id).await?;
    record(&mut tx, Change::row(Some(tenant), actor, "create", "indicator", id), None, Some(&created)).await?;
    tx.commit().await?;
    Ok(id)
}

/// Binds an indicator's fields, in the column order both the insert and the
/// update list them after their own leading parameters.
fn bind_indicator<'q>(
    query: sqlx::query::Query<'q, Db, <Db as sqlx::Database>::Arguments>,
    draft: &'q IndicatorDraft,
) -> sqlx::query::Query<'q, Db, <Db as sqlx::Database>::Arguments> {
    query
        .bind(&draft.name)
        .bind(&draft.definition)
        .bind(&draft.formula)
        .bind(&draft.unit)
        .bind(draft.polarity.key())
        .bind(draft.value_kind.key())
        .bind(draft.aggregation.key())
        .bind(&draft.data_source)
        .bind(draft.responsible_opd)
        .bind(draft.is_iku)
        .bind(draft.baseline.as_ref().map(Target::canonical))
        .bind(draft.final_target.as_ref().map(Target::canonical))
        .bind(draft.plausible_min.map(canonical))
        .bind(draft.plausible_max.map(canonical))
}

/// A decimal as the store keeps it: the shortest exact text, `.` as the mark.
fn canonical(value: Decimal) -> String {
    value.normalize().to_string()
}

pub async fn update_indicator(
    pool: &Pool,
    tenant: TenantId,
    actor: &Actor,
    plan: i64,
    element: i64,
    id: i64,
    draft: &IndicatorDraft,
) -> Result<()> {
    let mut tx = begin_write(pool).await?;
    let header = writable(&mut tx, tenant, plan).await?;
    indicator_element(&mut tx, tenant, plan, element).await?;
    check_opd(&mut tx, tenant, "responsible_opd", draft.responsible_opd).await?;
    let before = fetch_indicator(&mut tx, tenant, element, id).await?;
    let query = sqlx::query(
        "UPDATE indicator SET updated_at = $3, name = $4, definition = $5, formula = $6, unit = $7, polarity = $8,
                value_kind = $9, aggregation = $10, data_source = $11, responsible_opd_id = $12, is_iku = $13,
                baseline = $14, final_target = $15, plausible_min = $16, plausible_max = $17
         WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant.0)
    .bind(id)
    .bind(now());
    bind_indicator(query, draft).execute(&mut *tx).await?;
    write_targets(&mut tx, tenant, id, draft).await?;
    touch(&mut tx, tenant, &header).await?;
    let after = fetch_indicator(&mut tx, tenant, element, id).await?;
    record(&mut tx, Change::row(Some(tenant), actor, "update", "indicator", id), Some(&before), Some(&after)).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn delete_indicator(pool: &Pool, tenant: TenantId, actor: &Actor, plan: i64, element: i64, id: i64) -> Result<()> {
    let mut tx = begin_write(pool).await?;
    let header = writable(&mut tx, tenant, plan).await?;
    indicator_element(&mut tx, tenant, plan, element).await?;
    let before = fetch_indicator(&mut tx, tenant, element, id).await?;
    // The engine's quarterly figures go with the indicator; the approved reports keep their entries.
    for sql in [
        "DELETE FROM indicator_target WHERE tenant_id = $1 AND indicator_id = $2",
        "DELETE FROM indicator_quarter WHERE tenant_id = $1 AND indicator_id = $2",
        "DELETE FROM indicator WHERE tenant_id = $1 AND id = $2",
    ] {
        sqlx::query(sql).bind(tenant.0).bind(id).execute(&mut *tx).await?;
    }
    touch(&mut tx, tenant, &header).await?;
    record(&mut tx, Change::row(Some(tenant), actor, "delete", "indicator", id), Some(&before), None).await?;
    tx.commit().await?;
    Ok(())
}

/// Whether each nomenclature code used by the plans in force is in the
/// newest version, only in older ones, or in none.
pub async fn code_statuses(pool: &Pool, tenant: TenantId) -> Result<HashMap<String, CodeStatus>> {
    let rows: Vec<(String, bool, bool)> = sqlx::query_as(
        "SELECT e.code,
                EXISTS (SELECT 1 FROM nomenclature n WHERE n.code = e.code AND n.version_id =
                        (SELECT id FROM nomenclature_version ORDER BY issued_on DESC, id DESC LIMIT 1)),
                EXISTS (SELECT 1 FROM nomenclature n WHERE n.code = e.code)
         FROM plan_element e JOIN plan p ON p.id = e.plan_id
         WHERE e.tenant_id = $1 AND p.superseded_by IS NULL AND e.kind IN ('program', 'kegiatan', 'sub_kegiatan')
         GROUP BY e.code",
    )
    .bind(tenant.0)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(code, current, known)| {
            let status = match (current, known) {
                (true, _) => CodeStatus::Current,
                (false, true) => CodeStatus::Retired,
                (false, false) => CodeStatus::Unknown,
            };
            (code, status)
        })
        .collect())
}

/// The codes among `codes` that the nomenclature in force holds, with their names.
pub async fn current_codes(pool: &Pool, codes: &[String]) -> Result<HashMap<String, String>> {
    let mut found = HashMap::new();
    for chunk in codes.chunks(CHUNK) {
        let mut select = sqlx::QueryBuilder::<Db>::new(
            "SELECT code, name FROM nomenclature WHERE version_id =
               (SELECT id FROM nomenclature_version ORDER BY issued_on DESC, id DESC LIMIT 1) AND code IN (",
        );
        let mut list = select.separated(", ");
        for code in chunk {
            list.push_bind(code.clone());
        }
        select.push(")");
        let rows: Vec<(String, String)> = select.build_query_as().fetch_all(pool).await?;
        found.extend(rows);
    }
    Ok(found)
}

/// The programs, kegiatan and sub-kegiatan of the OPD's Renstra in force for
/// `year`, with the Renstra's indicative pagu and the Renja's budget.
pub async fn renja(pool: &Pool, tenant: TenantId, opd: i64, year: i32) -> Result<Vec<RenjaRow>> {
    type Raw = (i64, i64, String, String, String, Option<String>, Option<String>, Option<String>);
    let rows: Vec<Raw> = sqlx::query_as(
        "SELECT e.id AS element_id, e.plan_id, e.kind, e.code, e.name, b.pagu AS planned, r.pagu, r.pagu_perubahan
         FROM plan p JOIN plan_element e ON e.plan_id = p.id AND e.tenant_id = p.tenant_id
         LEFT JOIN element_budget b ON b.element_id = e.id AND b.year = $3
         LEFT JOIN renja_item r ON r.element_id = e.id AND r.year = $3
         WHERE p.tenant_id = $1 AND p.opd_id = $2 AND p.kind = 'renstra' AND p.superseded_by IS NULL
           AND p.start_year <= $3 AND p.end_year >= $3 AND e.kind IN ('program', 'kegiatan', 'sub_kegiatan')
         ORDER BY e.code",
    )
    .bind(tenant.0)
    .bind(opd)
    .bind(year)
    .fetch_all(pool)
    .await?;
    let amount = |text: Option<String>| text.map(|t| Decimal::from_str(&t).map_err(|_| corrupt("pagu"))).transpose();
    rows.into_iter()
        .map(|(element_id, plan_id, kind, code, name, planned, pagu, pagu_perubahan)| {
            Ok(RenjaRow {
                element_id,
                plan_id,
                kind: ElementKind::parse(&kind).map_err(|_| corrupt("element kind"))?,
                code,
                name,
                planned: amount(planned)?,
                pagu: amount(pagu)?,
                pagu_perubahan: amount(pagu_perubahan)?,
            })
        })
        .collect()
}

/// Sets the year's budget of one Renja item (and its changed budget, if any).
pub async fn set_renja(pool: &Pool, tenant: TenantId, actor: &Actor, entry: &RenjaEntry) -> Result<()> {
    let RenjaEntry { opd, year, element, pagu, pagu_perubahan } = *entry;
    let mut tx = begin_write(pool).await?;
    let belongs: Option<i64> = sqlx::query_scalar(
        "SELECT e.id FROM plan_element e JOIN plan p ON p.id = e.plan_id
         WHERE e.tenant_id = $1 AND e.id = $2 AND p.opd_id = $3 AND p.superseded_by IS NULL
           AND p.start_year <= $4 AND p.end_year >= $4 AND e.kind IN ('program', 'kegiatan', 'sub_kegiatan')",
    )
    .bind(tenant.0)
    .bind(element)
    .bind(opd)
    .bind(year)
    .fetch_optional(&mut *tx)
    .await?;
    if belongs.is_none() {
        return Err(StoreError::NotFound);
    }
    let before: Option<(String, Option<String>)> =
        sqlx::query_as("SELECT pagu, pagu_perubahan FROM renja_item WHERE tenant_id = $1 AND element_id = $2 AND year = $3")
            .bind(tenant.0)
            .bind(element)
            .bind(year)
            .fetch_optional(&mut *tx)
            .await?;
    let pagu_text = pagu.normalize().to_string();
    let changed_text = pagu_perubahan.map(|p| p.normalize().to_string());
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO renja_item (tenant_id, opd_id, year, element_id, pagu, pagu_perubahan, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (element_id, year) DO UPDATE SET pagu = $5, pagu_perubahan = $6, updated_at = $7
         RETURNING id",
    )
    .bind(tenant.0)
    .bind(opd)
    .bind(year)
    .bind(element)
    .bind(&pagu_text)
    .bind(&changed_text)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    let after = serde_json::json!({ "element_id": element, "year": year, "pagu": pagu_text, "pagu_perubahan": changed_text });
    let before = before.map(|(p, c)| serde_json::json!({ "element_id": element, "year": year, "pagu": p, "pagu_perubahan": c }));
    let action = if before.is_some() { "update" } else { "create" };
    record(&mut tx, Change::row(Some(tenant), actor, action, "renja_item", id), before.as_ref(), Some(&after)).await?;
    tx.commit().await?;
    Ok(())
}

/// Replaces an OPD's Renja for a year by `budgets` (a workbook import), all
/// or nothing, with one audit entry on the Renstra it belongs to.
pub async fn replace_renja(
    pool: &Pool,
    tenant: TenantId,
    actor: &Actor,
    opd: i64,
    year: i32,
    budgets: &[RenjaBudget],
) -> Result<()> {
    let mut tx = begin_write(pool).await?;
    let plan: i64 = sqlx::query_scalar(
        "SELECT id FROM plan WHERE tenant_id = $1 AND opd_id = $2 AND kind = 'renstra' AND superseded_by IS NULL
           AND start_year <= $3 AND end_year >= $3",
    )
    .bind(tenant.0)
    .bind(opd)
    .bind(year)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(StoreError::NotFound)?;
    let before: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM renja_item WHERE tenant_id = $1 AND year = $3
           AND element_id IN (SELECT id FROM plan_element WHERE tenant_id = $1 AND plan_id = $2)",
    )
    .bind(tenant.0)
    .bind(plan)
    .bind(year)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "DELETE FROM renja_item WHERE tenant_id = $1 AND year = $3
           AND element_id IN (SELECT id FROM plan_element WHERE tenant_id = $1 AND plan_id = $2)",
    )
        .bind(tenant.0)
        .bind(plan)
        .bind(year)
        .execute(&mut *tx)
        .await?;
    let at = now();
    for budget in budgets {
        let written = sqlx::query(
            "INSERT INTO renja_item (tenant_id, opd_id, year, element_id, pagu, pagu_perubahan, updated_at)
             SELECT $1, $2, $3, id, $4, $5, $6 FROM plan_element
             WHERE tenant_id = $1 AND plan_id = $7 AND code = $8 AND kind = 'sub_kegiatan'",
        )
        .bind(tenant.0)
        .bind(opd)
        .bind(year)
        .bind(budget.pagu.normalize().to_string())
        .bind(budget.pagu_perubahan.map(|p| p.normalize().to_string()))
        .bind(at)
        .bind(plan)
        .bind(&budget.code)
        .execute(&mut *tx)
        .await?;
        // The Renstra changed between the check and the write.
        if written.rows_affected() != 1 {
            return Err(Invalid::one("file", Reason::NotInPlan).into());
        }
    }
    let summary = |items: i64| serde_json::json!({ "renja_year": year, "renja_items": items });
    let after = summary(budgets.len() as i64);
    record(&mut tx, Change::row(Some(tenant), actor, "import", "plan", plan), Some(&summary(before)), Some(&after))
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Keeps an uploaded workbook until it is applied or dropped.
pub async fn save_import(pool: &Pool, tenant: TenantId, user: i64, plan: i64, file_name: &str, content: &[u8]) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO import_batch (tenant_id, user_id, plan_id, file_name, content, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(tenant.0)
    .bind(user)
    .bind(plan)
    .bind(file_name)
    .bind(content)
    .bind(now())
    .fetch_one(pool)
    .await?)
}

/// An upload not yet applied, by the user who made it: `(plan, file name, content)`.
pub async fn pending_import(pool: &Pool, tenant: TenantId, user: i64, id: i64) -> Result<(i64, String, Vec<u8>)> {
    sqlx::query_as(
        "SELECT plan_id, file_name, content FROM import_batch
         WHERE tenant_id = $1 AND user_id = $2 AND id = $3 AND applied_at IS NULL",
    )
    .bind(tenant.0)
    .bind(user)
    .bind(id)
    .fetch_optional(pool)
    .await?
    .ok_or(StoreError::NotFound)
}

pub async fn mark_imported(pool: &Pool, tenant: TenantId, id: i64) -> Result<()> {
    sqlx::query("UPDATE import_batch SET applied_at = $3 WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.0)
        .bind(id)
        .bind(now())
        .execute(pool)
        .await?;
    Ok(())
}
