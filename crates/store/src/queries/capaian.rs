// Capaian: the rulebook each pemda chose per year, and the quarterly
// targets and actuals of indicators that the engine reads.
// Included by backend.rs for each database.

use super::audit::{Change, append};
use crate::StoreError;
use crate::model::{Actor, QuarterValue, TenantYear};
use domain::TenantId;
use domain::capaian::{IndicatorYear, Quarter, Series};
use domain::planning::{Aggregation, Polarity};
use domain::rulebook::RulebookKind;
use futures_util::TryStreamExt;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::str::FromStr;

/// Rows per multi-row INSERT: under both databases' bind limits.
const VALUE_CHUNK: usize = 1_000;

/// The years for which the pemda chose a rulebook of `kind`, with its id.
pub async fn rulebook_choices(pool: &Pool, tenant: TenantId, kind: RulebookKind) -> Result<Vec<(i32, String)>> {
    let rows = sqlx::query_as("SELECT year, rulebook_id FROM tenant_rulebook WHERE tenant_id = $1 AND kind = $2 ORDER BY year")
        .bind(tenant.0)
        .bind(kind.key())
        .fetch_all(pool)
        .await?;
    Ok(rows)
}

/// Every pemda's choice of a rulebook of `kind` for `year`, by pemda id.
pub async fn choices_for_year(pool: &Pool, kind: RulebookKind, year: i32) -> Result<HashMap<i64, String>> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT tenant_id, rulebook_id FROM tenant_rulebook WHERE kind = $1 AND year = $2")
            .bind(kind.key())
            .bind(year)
            .fetch_all(pool)
            .await?;
    Ok(rows.into_iter().collect())
}

/// Sets the rulebook of `kind` for `year`; `None` returns to the default.
pub async fn set_rulebook(
    pool: &Pool,
    tenant: TenantId,
    actor: &Actor,
    kind: RulebookKind,
    year: i32,
    rulebook: Option<&str>,
) -> Result<()> {
    let mut tx = begin_write(pool).await?;
    let before: Option<String> =
        sqlx::query_scalar("SELECT rulebook_id FROM tenant_rulebook WHERE tenant_id = $1 AND kind = $2 AND year = $3")
            .bind(tenant.0)
            .bind(kind.key())
            .bind(year)
            .fetch_optional(&mut *tx)
            .await?;
    if before.as_deref() == rulebook {
        return Ok(());
    }
    match rulebook {
        Some(id) => {
            sqlx::query(
                "INSERT INTO tenant_rulebook (tenant_id, kind, year, rulebook_id) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (tenant_id, kind, year) DO UPDATE SET rulebook_id = $4",
            )
            .bind(tenant.0)
            .bind(kind.key())
            .bind(year)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        None => {
            sqlx::query("DELETE FROM tenant_rulebook WHERE tenant_id = $1 AND kind = $2 AND year = $3")
                .bind(tenant.0)
                .bind(kind.key())
                .bind(year)
                .execute(&mut *tx)
                .await?;
        }
    }
    let state = |id: Option<&str>| serde_json::json!({ "kind": kind.key(), "year": year, "rulebook_id": id });
    let change = Change {
        tenant: Some(tenant),
        actor,
        action: "update",
        entity: "tenant_rulebook",
        entity_id: None,
        before: Some(state(before.as_deref())),
        after: Some(state(rulebook)),
    };
    append(&mut tx, change).await?;
    tx.commit().await?;
    Ok(())
}

/// Writes quarterly targets and actuals as they are, replacing what a quarter
/// held. A bulk loader for the demo, tests and benchmarks: entry by people
/// goes through the realisation workflow, which audits each change. The load
/// is one audit entry, so the pemda's data version moves and no cached
/// figure outlives it.
pub async fn load_quarter_values(
    pool: &Pool,
    tenant: TenantId,
    actor: &Actor,
    year: i32,
    values: &[QuarterValue],
) -> Result<()> {
    let mut tx = begin_write(pool).await?;
    for chunk in values.chunks(VALUE_CHUNK) {
        let mut insert: sqlx::QueryBuilder<Db> =
            sqlx::QueryBuilder::new("INSERT INTO indicator_quarter (tenant_id, year, indicator_id, quarter, target, actual) ");
        insert.push_values(chunk, |mut row, value| {
            row.push_bind(tenant.0)
                .push_bind(year)
                .push_bind(value.indicator)
                .push_bind(i32::from(value.quarter.number()))
                .push_bind(value.target.map(|t| t.normalize().to_string()))
                .push_bind(value.actual.map(|a| a.normalize().to_string()));
        });
        insert.push(
            " ON CONFLICT (tenant_id, year, indicator_id, quarter) DO UPDATE SET target = excluded.target, actual = excluded.actual",
        );
        insert.build().execute(&mut *tx).await?;
    }
    let after = serde_json::json!({ "year": year, "values": values.len() });
    let change = Change {
        tenant: Some(tenant),
        actor,
        action: "import",
        entity: "indicator_quarter",
        entity_id: None,
        before: None,
        after: Some(after),
    };
    append(&mut tx, change).await?;
    tx.commit().await?;
    Ok(())
}

/// Visits, pemda by pemda, the year's indicators of the pemda with ids in
/// `tenants`, with their quarters. The database packs each pemda's rows
/// into one text, so that rows cross the driver by the pemda rather than by
/// the quarter: the driver's cost per row, not the arithmetic, is what a
/// recompute of millions of quarters would otherwise spend its time on.
/// The quarters are read without joins; the indicators' OPD comes from a
/// query over the indicators, which are a quarter as many.
pub async fn visit_year(
    pool: &Pool,
    tenants: std::ops::Range<i64>,
    year: i32,
    mut visit: impl FnMut(TenantYear),
) -> Result<()> {
    let mut rows = sqlx::query_as::<_, (i64, String)>(
        "SELECT tenant_id,
                string_agg(indicator_id || ' ' || quarter || ' ' || COALESCE(target, '-') || ' ' || COALESCE(actual, '-'), ';')
         FROM indicator_quarter
         WHERE tenant_id >= $1 AND tenant_id < $2 AND year = $3
         GROUP BY tenant_id",
    )
    .bind(tenants.start)
    .bind(tenants.end)
    .bind(year)
    .fetch(pool);
    let meta = sqlx::query_as::<_, (i64, String)>(
        "SELECT i.tenant_id,
                string_agg(i.id || ' ' || i.element_id || ' ' || COALESCE(p.opd_id, 0) || ' ' || i.polarity || ' '
                           || i.aggregation, ';')
         FROM indicator i
         JOIN plan_element e ON e.id = i.element_id
         JOIN plan p ON p.id = e.plan_id
         WHERE i.tenant_id >= $1 AND i.tenant_id < $2
         GROUP BY i.tenant_id",
    )
    .bind(tenants.start)
    .bind(tenants.end)
    .fetch_all(pool);
    // Both queries run at once, each on a connection of its own.
    let (meta, mut next) = tokio::join!(meta, rows.try_next());
    let meta: HashMap<i64, String> = meta?.into_iter().collect();
    while let Some((tenant, values)) = next? {
        let meta = meta.get(&tenant).map(String::as_str).unwrap_or_default();
        visit(TenantYear { tenant: TenantId(tenant), opds: unpack(meta, &values)? });
        next = rows.try_next().await;
    }
    Ok(())
}

/// The lowest and highest pemda id with quarterly values in `year`.
pub async fn tenant_span(pool: &Pool, year: i32) -> Result<Option<(i64, i64)>> {
    let span: (Option<i64>, Option<i64>) =
        sqlx::query_as("SELECT MIN(tenant_id), MAX(tenant_id) FROM indicator_quarter WHERE year = $1")
            .bind(year)
            .fetch_one(pool)
            .await?;
    Ok(span.0.zip(span.1))
}

/// Plain SQL aggregates over the same rows as [`visit_year`], kept as the
/// yardstick a recompute is measured against: the sums of targets and
/// actuals per OPD (through the joins that find an indicator's OPD), or per
/// pemda (the quarters alone). Returns the number of groups.
pub async fn sum_year(pool: &Pool, tenants: std::ops::Range<i64>, year: i32, by_opd: bool) -> Result<usize> {
    let sql = if by_opd {
        "SELECT SUM(CAST(q.target AS DOUBLE PRECISION)), SUM(CAST(q.actual AS DOUBLE PRECISION))
         FROM indicator_quarter q
         JOIN indicator i ON i.id = q.indicator_id
         JOIN plan_element e ON e.id = i.element_id
         JOIN plan p ON p.id = e.plan_id
         WHERE q.tenant_id >= $1 AND q.tenant_id < $2 AND q.year = $3
         GROUP BY q.tenant_id, p.opd_id"
    } else {
        "SELECT SUM(CAST(target AS DOUBLE PRECISION)), SUM(CAST(actual AS DOUBLE PRECISION))
         FROM indicator_quarter
         WHERE tenant_id >= $1 AND tenant_id < $2 AND year = $3
         GROUP BY tenant_id"
    };
    let rows: Vec<(Option<f64>, Option<f64>)> =
        sqlx::query_as(sql).bind(tenants.start).bind(tenants.end).bind(year).fetch_all(pool).await?;
    Ok(rows.len())
}

/// Ids are already well spread: a multiplicative hash is enough, and many
/// times cheaper than the default SipHash on a million lookups.
#[derive(Default)]
struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*byte)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_i64(&mut self, id: i64) {
        self.0 = (id as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type IdMap<V> = HashMap<i64, V, std::hash::BuildHasherDefault<IdHasher>>;

fn corrupt() -> StoreError {
    StoreError::Database(sqlx::Error::Decode("stored quarterly value does not parse".into()))
}

fn number<T: FromStr>(text: Option<&str>) -> Result<T> {
    text.and_then(|t| t.parse().ok()).ok_or_else(corrupt)
}

/// One pemda's packed indicators and quarters, grouped by OPD (0 for the RPJMD's).
fn unpack(meta: &str, values: &str) -> Result<Vec<(Option<i64>, Vec<IndicatorYear>)>> {
    // (OPD, the year, whether any quarter was read) by indicator id.
    let mut indicators: IdMap<(i64, IndicatorYear, bool)> = IdMap::default();
    for record in meta.split(';').filter(|r| !r.is_empty()) {
        let mut fields = record.split(' ');
        let indicator = number(fields.next())?;
        let element = number(fields.next())?;
        let opd = number(fields.next())?;
        let polarity = Polarity::parse(fields.next().unwrap_or_default()).map_err(|_| corrupt())?;
        let aggregation = Aggregation::parse(fields.next().unwrap_or_default()).map_err(|_| corrupt())?;
        let year = IndicatorYear { indicator, element, polarity, aggregation, series: Series::default() };
        indicators.insert(indicator, (opd, year, false));
    }
    for record in values.split(';') {
        let mut fields = record.split(' ');
        let indicator: i64 = number(fields.next())?;
        let quarter = Quarter::new(number(fields.next())?).map_err(|_| corrupt())?;
        let mut value = || -> Result<Option<Decimal>> {
            match fields.next() {
                Some("-") => Ok(None),
                text => number(text).map(Some),
            }
        };
        let (target, actual) = (value()?, value()?);
        let (_, year, measured) = indicators.get_mut(&indicator).ok_or_else(corrupt)?;
        year.series.set(quarter, target, actual);
        *measured = true;
    }
    let mut opds: HashMap<i64, Vec<IndicatorYear>> = HashMap::new();
    for (opd, year, _) in indicators.into_values().filter(|(_, _, measured)| *measured) {
        opds.entry(opd).or_default().push(year);
    }
    Ok(opds.into_iter().map(|(opd, years)| ((opd != 0).then_some(opd), years)).collect())
}
