// A generated national data set for benchmarks and load tests: many pemda,
// each with OPDs, a Renstra per OPD, sasaran, indicators and their quarters.
// It writes explicit ids and no audit entries, so it runs only on an empty database.
// Included by backend.rs for each database.

use crate::backend::now;
use crate::model::NationalSpec;

/// Rows per multi-row INSERT: under both databases' bind limits.
const ROWS: usize = 2_000;

async fn insert_rows<T>(
    tx: &mut Tx,
    head: &'static str,
    rows: &[T],
    bind: impl Fn(&mut sqlx::query_builder::Separated<'_, Db, &'static str>, &T) + Copy,
) -> Result<()> {
    for chunk in rows.chunks(ROWS) {
        let mut insert: sqlx::QueryBuilder<Db> = sqlx::QueryBuilder::new(head);
        insert.push_values(chunk, |mut row, value| bind(&mut row, value));
        insert.build().execute(&mut **tx).await?;
    }
    Ok(())
}

/// Fills an empty database with `spec`; returns the number of quarterly rows.
pub async fn national(pool: &Pool, spec: &NationalSpec) -> Result<u64> {
    let at = now();
    let mut quarters = 0;
    for tenant in 1..=spec.tenants {
        let mut tx = begin_write(pool).await?;
        sqlx::query(
            "INSERT INTO tenant (id, code, name, kind, province_code, created_at) VALUES ($1, $2, $3, 'kabupaten', '99', $4)",
        )
        .bind(tenant)
        .bind(format!("99.{tenant:04}"))
        .bind(format!("Kabupaten Sintetis {tenant}"))
        .bind(at)
        .execute(&mut *tx)
        .await?;
        let opds: Vec<i64> = (0..spec.opds).map(|o| (tenant - 1) * spec.opds + o + 1).collect();
        insert_rows(&mut tx, "INSERT INTO opd (id, tenant_id, name, kind, created_at, updated_at) ", &opds, |row, opd| {
            row.push_bind(*opd).push_bind(tenant).push_bind(format!("Dinas {opd}")).push_bind("dinas").push_bind(at).push_bind(at);
        })
        .await?;
        insert_rows(
            &mut tx,
            "INSERT INTO plan (id, tenant_id, kind, opd_id, start_year, end_year, title, status, created_at, updated_at) ",
            &opds,
            |row, opd| {
                row.push_bind(*opd)
                    .push_bind(tenant)
                    .push_bind("renstra")
                    .push_bind(*opd)
                    .push_bind(spec.year - 1)
                    .push_bind(spec.year + 3)
                    .push_bind(format!("Renstra {opd}"))
                    .push_bind("approved")
                    .push_bind(at)
                    .push_bind(at);
            },
        )
        .await?;
        let elements: Vec<(i64, i64, i64)> = opds
            .iter()
            .flat_map(|opd| (0..spec.sasaran).map(move |s| (*opd, (opd - 1) * spec.sasaran + s + 1, s)))
            .collect();
        insert_rows(
            &mut tx,
            "INSERT INTO plan_element (id, tenant_id, plan_id, kind, code, name, position, created_at, updated_at) ",
            &elements,
            |row, (plan, id, position)| {
                row.push_bind(*id)
                    .push_bind(tenant)
                    .push_bind(*plan)
                    .push_bind("sasaran")
                    .push_bind(format!("S{position}"))
                    .push_bind(format!("Sasaran {id}"))
                    .push_bind(*position)
                    .push_bind(at)
                    .push_bind(at);
            },
        )
        .await?;
        let indicators: Vec<(i64, i64)> = opds
            .iter()
            .flat_map(|opd| {
                (0..spec.indicators).map(move |k| {
                    let element = (opd - 1) * spec.sasaran + k % spec.sasaran + 1;
                    ((opd - 1) * spec.indicators + k + 1, element)
                })
            })
            .collect();
        insert_rows(
            &mut tx,
            "INSERT INTO indicator (id, tenant_id, element_id, position, name, unit, polarity, value_kind, aggregation, created_at, updated_at) ",
            &indicators,
            |row, (id, element)| {
                row.push_bind(*id)
                    .push_bind(tenant)
                    .push_bind(*element)
                    .push_bind(*id % 1000)
                    .push_bind(format!("Indikator {id}"))
                    .push_bind("%")
                    .push_bind(if id % 5 == 0 { "lower" } else { "higher" })
                    .push_bind("percent")
                    .push_bind(if id % 3 == 0 { "sum" } else { "last" })
                    .push_bind(at)
                    .push_bind(at);
            },
        )
        .await?;
        let values: Vec<(i64, i32)> = indicators.iter().flat_map(|(id, _)| (1..=4).map(move |q| (*id, q))).collect();
        insert_rows(
            &mut tx,
            "INSERT INTO indicator_quarter (tenant_id, year, indicator_id, quarter, target, actual) ",
            &values,
            |row, (id, quarter)| {
                let (target, actual) = synthetic_value(*id, *quarter);
                row.push_bind(tenant).push_bind(spec.year).push_bind(*id).push_bind(*quarter).push_bind(target).push_bind(actual);
            },
        )
        .await?;
        quarters += values.len() as u64;
        tx.commit_unaudited("a generated benchmark data set on an empty database").await?;
    }
    Ok(quarters)
}

/// A plausible target and actual, spread by the ids; every 17th indicator
/// has not reported its last quarter yet.
fn synthetic_value(indicator: i64, quarter: i32) -> (String, Option<String>) {
    let target = format!("{}.{:02}", 50 + indicator % 50, indicator % 100);
    let swing = (indicator * 7 + i64::from(quarter) * 13) % 60;
    let actual = (indicator % 17 != 0 || quarter < 4).then(|| format!("{}.{:02}", 30 + swing + indicator % 40, (indicator * 3) % 100));
    (target, actual)
}
