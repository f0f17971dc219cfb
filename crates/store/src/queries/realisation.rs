// Quarterly realisation: the calendar, each OPD's report of a quarter with
// its entries, budget spent and evidence, verification and corrections.
// Included by backend.rs for each database. Content of a report that is no
// longer a draft is also guarded by triggers (0005_realisation.sql): the
// checks here give the user a clear message, the triggers make it hold.

use super::audit::{Change, append};
use crate::StoreError;
use crate::backend::now;
use crate::model::{
    Actor, EntrySave, EntryWritten, EvidenceInfo, IndicatorQuarterRow, LineSource, NewEvidence, Reopening, ReportHead, ReportKey, ReportLine,
    SavedEntry, SpentRow,
};
use domain::capaian::{IndicatorYear, Quarter};
use domain::planning::{Aggregation, Plausible, Polarity, ValueKind, same_indicator};
use domain::realisation::{
    ActualChange, Confirmed, Entry, EvidenceKind, Narrative, PeriodState, ReportStatus, ReportStep, Subject, Window,
    check_entry, next_status,
};
use domain::{Invalid, Reason, TenantId};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::str::FromStr;
use time::Date;

fn corrupt(what: &str) -> StoreError {
    StoreError::Database(sqlx::Error::Decode(format!("stored {what} does not parse").into()))
}

fn decimal(text: Option<&str>) -> Option<Decimal> {
    text.and_then(|t| Decimal::from_str(t).ok())
}

/// The plausible range of a line, from its value kind and the indicator's own bounds.
fn plausible(value_kind: &str, low: Option<&str>, high: Option<&str>) -> Result<Plausible> {
    let kind = ValueKind::parse(value_kind).map_err(|_| corrupt("value kind"))?;
    let bound = |text: Option<&str>| text.map(|t| domain::number::parse_canonical(t).map_err(|_| corrupt("plausible range"))).transpose();
    Ok(Plausible::of(kind, bound(low)?, bound(high)?))
}

fn quarter_of(number: i32) -> Result<Quarter> {
    Quarter::new(i64::from(number)).map_err(|_| corrupt("quarter"))
}

const REPORT_COLUMNS: &str = "id, opd_id, year, quarter, version, status, correction_reason, review_note, submitted_at,
     submitted_late, decided_at, decided_by, updated_at";

/// The year's four windows: as the pemda set them, else the usual calendar.
pub async fn calendar(pool: &Pool, tenant: TenantId, year: i32) -> Result<Vec<Window>> {
    let stored: Vec<(i32, Date, Date)> = sqlx::query_as(
        "SELECT quarter, opens_on, closes_on FROM reporting_period WHERE tenant_id = $1 AND year = $2",
    )
    .bind(tenant.0)
    .bind(year)
    .fetch_all(pool)
    .await?;
    Ok(Quarter::ALL
        .iter()
        .map(|quarter| {
            stored
                .iter()
                .find(|(q, _, _)| *q == i32::from(quarter.number()))
                .map(|(_, opens_on, closes_on)| Window { quarter: *quarter, opens_on: *opens_on, closes_on: *closes_on })
                .unwrap_or_else(|| Window::standard(year, *quarter))
        })
        .collect())
}

pub async fn set_calendar(pool: &Pool, tenant: TenantId, actor: &Actor, year: i32, windows: &[Window]) -> Result<()> {
    let before = calendar(pool, tenant, year).await?;
    let mut tx = begin_write(pool).await?;
    for window in windows {
        sqlx::query(
            "INSERT INTO reporting_period (tenant_id, year, quarter, opens_on, closes_on, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (tenant_id, year, quarter) DO UPDATE
             SET opens_on = excluded.opens_on, closes_on = excluded.closes_on, updated_at = excluded.updated_at",
        )
        .bind(tenant.0)
        .bind(year)
        .bind(i64::from(window.quarter.number()))
        .bind(window.opens_on)
        .bind(window.closes_on)
        .bind(now())
        .execute(&mut *tx)
        .await?;
    }
    let before = Some(serde_json::to_value(&before)?);
    let after = Some(serde_json::to_value(windows)?);
    let id = i64::from(year);
    append(&mut tx, Change { tenant: Some(tenant), actor, action: "update", entity: "reporting_period", entity_id: Some(id), before, after }).await?;
    tx.commit().await
}

/// Opens a closed period again for one OPD until `until`, with the reason.
pub async fn reopen(pool: &Pool, tenant: TenantId, actor: &Actor, key: ReportKey, until: Date, reason: &str) -> Result<()> {
    let mut invalid = Invalid::default();
    if reason.trim().is_empty() {
        invalid.push("reason", Reason::Required);
    }
    if until < key.today {
        invalid.push("until", Reason::EndBeforeStart);
    }
    if !invalid.is_empty() {
        return Err(invalid.into());
    }
    let known: Option<i64> = sqlx::query_scalar("SELECT id FROM opd WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.0)
        .bind(key.opd)
        .fetch_optional(pool)
        .await?;
    if known.is_none() {
        return Err(Invalid::one("opd", Reason::NotFound).into());
    }
    let mut tx = begin_write(pool).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO period_reopening (tenant_id, opd_id, year, quarter, until_on, reason, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(tenant.0)
    .bind(key.opd)
    .bind(key.year)
    .bind(i64::from(key.quarter.number()))
    .bind(until)
    .bind(reason.trim())
    .bind(&actor.name)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    let after = serde_json::json!({
        "opd": key.opd, "year": key.year, "quarter": key.quarter.number(), "until": until.to_string(), "reason": reason.trim()
    });
    append(&mut tx, Change { tenant: Some(tenant), actor, action: "reopen", entity: "reporting_period", entity_id: Some(id), before: None, after: Some(after) }).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn reopenings(pool: &Pool, tenant: TenantId, year: i32) -> Result<Vec<Reopening>> {
    Ok(sqlx::query_as(
        "SELECT opd_id, quarter, until_on, reason, created_by, created_at FROM period_reopening
         WHERE tenant_id = $1 AND year = $2 ORDER BY created_at, id",
    )
    .bind(tenant.0)
    .bind(year)
    .fetch_all(pool)
    .await?)
}

/// Every version of every report of the year, by OPD, quarter and version.
pub async fn reports(pool: &Pool, tenant: TenantId, year: i32) -> Result<Vec<ReportHead>> {
    let sql = format!(
        "SELECT {REPORT_COLUMNS} FROM realisation_report WHERE tenant_id = $1 AND year = $2
         ORDER BY opd_id, quarter, version"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(tenant.0).bind(year).fetch_all(pool).await?)
}

/// The latest version of an OPD's report of a quarter, if there is one.
pub async fn latest_report(pool: &Pool, tenant: TenantId, opd: i64, year: i32, quarter: Quarter) -> Result<Option<ReportHead>> {
    Ok(versions(pool, tenant, opd, year, quarter).await?.into_iter().next())
}

/// Every version of an OPD's report of a quarter, the newest first.
pub async fn versions(pool: &Pool, tenant: TenantId, opd: i64, year: i32, quarter: Quarter) -> Result<Vec<ReportHead>> {
    let sql = format!(
        "SELECT {REPORT_COLUMNS} FROM realisation_report
         WHERE tenant_id = $1 AND opd_id = $2 AND year = $3 AND quarter = $4 ORDER BY version DESC"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(tenant.0)
        .bind(opd)
        .bind(year)
        .bind(i64::from(quarter.number()))
        .fetch_all(pool)
        .await?)
}


#[derive(sqlx::FromRow)]
struct IndicatorLineRow {
    id: i64,
    plan_kind: String,
    element_id: i64,
    element_kind: String,
    element_code: String,
    element_name: String,
    name: String,
    unit: String,
    polarity: String,
    aggregation: String,
    target: Option<String>,
    value_kind: String,
    plausible_min: Option<String>,
    plausible_max: Option<String>,
}

#[derive(sqlx::FromRow)]
struct PkLineRow {
    id: i64,
    goal: String,
    indicator: String,
    unit: String,
    polarity: String,
    aggregation: String,
    target: Option<String>,
    value_kind: String,
    plausible_min: Option<String>,
    plausible_max: Option<String>,
    q1: Option<String>,
    q2: Option<String>,
    q3: Option<String>,
    q4: Option<String>,
    source_indicator_id: Option<i64>,
    source_code: Option<String>,
}

/// What an OPD reports on in `year`: the RPJMD indicators it is responsible
/// for, its Renstra's indicators (with the PK's rencana aksi as quarter
/// targets where a PK row came from them) and the PK rows that came from no
/// plan indicator. A PK row whose indicator was re-imported under a new id
/// is matched again by element code and indicator name.
pub async fn lines(pool: &Pool, tenant: TenantId, opd: i64, year: i32) -> Result<Vec<ReportLine>> {
    lines_of(pool, tenant, opd, year, None).await
}

/// One line of the OPD's year, read by the same rules as [`lines`]; for a
/// plan indicator only its own row is read.
pub async fn line(pool: &Pool, tenant: TenantId, opd: i64, year: i32, subject: Subject) -> Result<Option<ReportLine>> {
    let only = match subject {
        Subject::Indicator(id) => Some(id),
        Subject::PkRow(_) => None,
    };
    Ok(lines_of(pool, tenant, opd, year, only).await?.into_iter().find(|l| l.subject == subject))
}

async fn lines_of(pool: &Pool, tenant: TenantId, opd: i64, year: i32, only: Option<i64>) -> Result<Vec<ReportLine>> {
    let indicators: Vec<IndicatorLineRow> = sqlx::query_as(
        "SELECT i.id, p.kind AS plan_kind, e.id AS element_id, e.kind AS element_kind, e.code AS element_code,
                e.name AS element_name, i.name, i.unit, i.polarity, i.aggregation, t.target,
                i.value_kind, i.plausible_min, i.plausible_max
         FROM indicator i
         JOIN plan_element e ON e.id = i.element_id
         JOIN plan p ON p.id = e.plan_id
         LEFT JOIN indicator_target t ON t.indicator_id = i.id AND t.year = $3
         WHERE i.tenant_id = $1 AND p.superseded_by IS NULL AND $3 BETWEEN p.start_year AND p.end_year
           AND ((p.kind = 'renstra' AND p.opd_id = $2) OR (p.kind = 'rpjmd' AND i.responsible_opd_id = $2))
           AND (i.id = $4 OR $5)
         ORDER BY CASE p.kind WHEN 'rpjmd' THEN 0 ELSE 1 END, e.position, i.position, i.id",
    )
    .bind(tenant.0)
    .bind(opd)
    .bind(year)
    .bind(only.unwrap_or(0))
    .bind(only.is_none())
    .fetch_all(pool)
    .await?;
    let mut lines = Vec::with_capacity(indicators.len());
    for row in indicators {
        lines.push(ReportLine {
            subject: Subject::Indicator(row.id),
            source: if row.plan_kind == "rpjmd" { LineSource::Rpjmd } else { LineSource::Renstra },
            element_id: Some(row.element_id),
            element_kind: row.element_kind,
            element_code: row.element_code,
            element_name: row.element_name,
            name: row.name,
            unit: row.unit,
            polarity: Polarity::parse(&row.polarity).map_err(|_| corrupt("polarity"))?,
            aggregation: Aggregation::parse(&row.aggregation).map_err(|_| corrupt("aggregation"))?,
            annual_target: decimal(row.target.as_deref()),
            planned: [None; 4],
            plausible: plausible(&row.value_kind, row.plausible_min.as_deref(), row.plausible_max.as_deref())?,
        });
    }
    let pk_rows: Vec<PkLineRow> = sqlx::query_as(
        "SELECT r.id, r.goal, r.indicator, r.unit, r.polarity, r.aggregation, r.target, r.q1, r.q2, r.q3, r.q4,
                r.source_indicator_id, r.source_code, r.value_kind, si.plausible_min, si.plausible_max
         FROM pk_row r
         LEFT JOIN indicator si ON si.id = r.source_indicator_id AND si.tenant_id = r.tenant_id
         JOIN pk_version v ON v.id = r.version_id
         JOIN pk ON pk.id = v.pk_id
         WHERE pk.tenant_id = $1 AND pk.opd_id = $2 AND pk.year = $3
           AND v.number = (SELECT MAX(w.number) FROM pk_version w WHERE w.pk_id = pk.id)
         ORDER BY pk.id, r.position",
    )
    .bind(tenant.0)
    .bind(opd)
    .bind(year)
    .fetch_all(pool)
    .await?;
    let by_id: HashMap<i64, usize> =
        lines.iter().enumerate().filter_map(|(i, l)| match l.subject { Subject::Indicator(id) => Some((id, i)), _ => None }).collect();
    for row in pk_rows {
        let planned = [&row.q1, &row.q2, &row.q3, &row.q4].map(|q| decimal(q.as_deref()));
        let matched = row.source_indicator_id.and_then(|id| by_id.get(&id).copied()).or_else(|| {
            let code = row.source_code.as_deref()?;
            lines.iter().position(|l| same_indicator((&l.element_code, &l.name), (code, &row.indicator)))
        });
        match matched {
            // The first PK to plan the indicator's quarters sets them: the head's, drafted first.
            Some(index) if lines[index].planned.iter().all(Option::is_none) => lines[index].planned = planned,
            Some(_) => {}
            None => lines.push(ReportLine {
                subject: Subject::PkRow(row.id),
                source: LineSource::Pk,
                element_id: None,
                element_kind: "pk".to_owned(),
                element_code: row.source_code.clone().unwrap_or_default(),
                element_name: row.goal,
                name: row.indicator,
                unit: row.unit,
                polarity: Polarity::parse(&row.polarity).map_err(|_| corrupt("polarity"))?,
                aggregation: Aggregation::parse(&row.aggregation).map_err(|_| corrupt("aggregation"))?,
                annual_target: decimal(row.target.as_deref()),
                planned,
                plausible: plausible(&row.value_kind, row.plausible_min.as_deref(), row.plausible_max.as_deref())?,
            }),
        }
    }
    Ok(lines)
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    subject_kind: String,
    subject_id: i64,
    actual: Option<String>,
    achieved: String,
    obstacles: String,
    follow_up: String,
    revision: i64,
    updated_at: time::OffsetDateTime,
    updated_by: String,
}

impl EntryRow {
    fn saved(self) -> Result<SavedEntry> {
        let subject = Subject::from_parts(&self.subject_kind, self.subject_id).ok_or_else(|| corrupt("subject"))?;
        let actual = match self.actual {
            Some(text) => Some(Decimal::from_str(&text).map_err(|_| corrupt("actual"))?),
            None => None,
        };
        Ok(SavedEntry {
            subject,
            entry: Entry {
                actual,
                narrative: Narrative { achieved: self.achieved, obstacles: self.obstacles, follow_up: self.follow_up },
            },
            revision: self.revision,
            updated_at: self.updated_at,
            updated_by: self.updated_by,
        })
    }
}

pub async fn entries(pool: &Pool, tenant: TenantId, report: i64) -> Result<Vec<SavedEntry>> {
    let rows: Vec<EntryRow> = sqlx::query_as(
        "SELECT subject_kind, subject_id, actual, achieved, obstacles, follow_up, revision, updated_at, updated_by
         FROM realisation WHERE tenant_id = $1 AND report_id = $2",
    )
    .bind(tenant.0)
    .bind(report)
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(EntryRow::saved).collect()
}

/// The window of the key's quarter and whether it takes entries today for
/// the OPD: what the report page shows, read the way every write checks it.
pub async fn period_state(pool: &Pool, tenant: TenantId, key: ReportKey) -> Result<(Window, PeriodState)> {
    let mut conn = pool.acquire().await?;
    window_state(&mut conn, tenant, &key).await
}

/// [`period_state`] on the caller's connection or transaction.
async fn window_state(
    conn: &mut <Db as sqlx::Database>::Connection,
    tenant: TenantId,
    key: &ReportKey,
) -> Result<(Window, PeriodState)> {
    let quarter = i64::from(key.quarter.number());
    // One round trip: the pemda's window (if it set one) and the latest reopening for the OPD.
    let (opens_on, closes_on, until): (Option<Date>, Option<Date>, Option<Date>) = sqlx::query_as(
        "SELECT (SELECT opens_on FROM reporting_period WHERE tenant_id = $1 AND year = $2 AND quarter = $3),
                (SELECT closes_on FROM reporting_period WHERE tenant_id = $1 AND year = $2 AND quarter = $3),
                (SELECT MAX(until_on) FROM period_reopening
                 WHERE tenant_id = $1 AND year = $2 AND quarter = $3 AND opd_id = $4)",
    )
    .bind(tenant.0)
    .bind(key.year)
    .bind(quarter)
    .bind(key.opd)
    .fetch_one(&mut *conn)
    .await?;
    let window = match (opens_on, closes_on) {
        (Some(opens_on), Some(closes_on)) => Window { quarter: key.quarter, opens_on, closes_on },
        _ => Window::standard(key.year, key.quarter),
    };
    Ok((window, window.state(key.today, until)))
}

/// The report that takes changes: the open version, made on first use.
/// Refuses when the period does not take entries or the report is with the
/// verifier or approved.
async fn editable_report(tx: &mut Tx, tenant: TenantId, key: &ReportKey) -> Result<i64> {
    let (_, state) = window_state(tx, tenant, key).await?;
    if !state.accepts_entries() {
        return Err(Invalid::one("period", Reason::PeriodClosed).into());
    }
    let quarter = i64::from(key.quarter.number());
    let latest = || {
        sqlx::query_as::<_, (i64, String)>(
            "SELECT id, status FROM realisation_report
             WHERE tenant_id = $1 AND opd_id = $2 AND year = $3 AND quarter = $4 ORDER BY version DESC LIMIT 1",
        )
        .bind(tenant.0)
        .bind(key.opd)
        .bind(key.year)
        .bind(quarter)
    };
    let current = match latest().fetch_optional(&mut **tx).await? {
        Some(found) => found,
        None => {
            let at = now();
            sqlx::query(
                "INSERT INTO realisation_report (tenant_id, opd_id, year, quarter, version, status, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, 1, 'draft', $5, $5)
                 ON CONFLICT (tenant_id, opd_id, year, quarter, version) DO NOTHING",
            )
            .bind(tenant.0)
            .bind(key.opd)
            .bind(key.year)
            .bind(quarter)
            .bind(at)
            .execute(&mut **tx)
            .await?;
            latest().fetch_one(&mut **tx).await?
        }
    };
    let status = ReportStatus::parse(&current.1).map_err(|_| corrupt("report status"))?;
    if status.is_frozen() {
        return Err(Invalid::one("status", Reason::ReportFrozen).into());
    }
    if !status.is_editable() {
        return Err(Invalid::one("status", Reason::StepNotAllowed).into());
    }
    Ok(current.0)
}

/// Whether `subject` is one the OPD reports on (its Renstra's, an RPJMD
/// indicator it is responsible for, or a row of one of its PKs), and the
/// range its actual plausibly takes.
async fn check_subject(tx: &mut Tx, tenant: TenantId, opd: i64, subject: Subject) -> Result<Plausible> {
    let found: Option<(String, Option<String>, Option<String>)> = match subject {
        Subject::Indicator(_) => sqlx::query_as(
            "SELECT i.value_kind, i.plausible_min, i.plausible_max
             FROM indicator i JOIN plan_element e ON e.id = i.element_id JOIN plan p ON p.id = e.plan_id
             WHERE i.tenant_id = $1 AND i.id = $2 AND (p.opd_id = $3 OR i.responsible_opd_id = $3)",
        ),
        Subject::PkRow(_) => sqlx::query_as(
            "SELECT r.value_kind, si.plausible_min, si.plausible_max
             FROM pk_row r JOIN pk_version v ON v.id = r.version_id JOIN pk ON pk.id = v.pk_id
             LEFT JOIN indicator si ON si.id = r.source_indicator_id AND si.tenant_id = r.tenant_id
             WHERE r.tenant_id = $1 AND r.id = $2 AND pk.opd_id = $3",
        ),
    }
    .bind(tenant.0)
    .bind(subject.parts().1)
    .bind(opd)
    .fetch_optional(&mut **tx)
    .await?;
    let (kind, low, high) = found.ok_or_else(|| StoreError::from(Invalid::one("subject", Reason::OutsideOpd)))?;
    plausible(&kind, low.as_deref(), high.as_deref())
}

/// The actual saved for `subject` in the report, with the entry's revision.
async fn saved_actual(tx: &mut Tx, report: i64, subject: Subject) -> Result<Option<(Option<Decimal>, i64)>> {
    let (kind, id) = subject.parts();
    let row: Option<(Option<String>, i64)> = sqlx::query_as(
        "SELECT actual, revision FROM realisation WHERE report_id = $1 AND subject_kind = $2 AND subject_id = $3",
    )
    .bind(report)
    .bind(kind)
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|(actual, revision)| Ok((actual.map(|a| Decimal::from_str(&a).map_err(|_| corrupt("actual"))).transpose()?, revision)))
        .transpose()
}

/// Saves one entry. `revision` is the one the user last saw (0 for a new
/// entry): a save over someone else's newer one is refused, never lost.
/// Clearing a saved actual and an actual outside the plausible range need
/// the confirmation the save carries (`domain::realisation::check_entry`).
/// Returns the new revision.
pub async fn save_entry(
    pool: &Pool,
    tenant: TenantId,
    actor: &Actor,
    key: ReportKey,
    save: &EntrySave<'_>,
) -> Result<EntryWritten> {
    let EntrySave { subject, entry, revision, confirmed } = *save;
    let mut tx = begin_write(pool).await?;
    let plausible = check_subject(&mut tx, tenant, key.opd, subject).await?;
    let report = editable_report(&mut tx, tenant, &key).await?;
    let saved = saved_actual(&mut tx, report, subject).await?;
    if saved.map_or(0, |(_, revision)| revision) != revision {
        return Err(Invalid::one("actual", Reason::StaleEntry).into());
    }
    let change = check_entry(saved.and_then(|(actual, _)| actual), entry, &plausible, confirmed)
        .map_err(|reason| Invalid::one("actual", reason))?;
    let (kind, id) = subject.parts();
    let actual = entry.actual.map(|a| a.normalize().to_string());
    let narrative = &entry.narrative;
    let at = now();
    let written = if revision == 0 {
        sqlx::query(
            "INSERT INTO realisation (report_id, tenant_id, subject_kind, subject_id, actual, achieved, obstacles,
                                      follow_up, revision, updated_at, updated_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $10)
             ON CONFLICT (report_id, subject_kind, subject_id) DO NOTHING",
        )
        .bind(report)
        .bind(tenant.0)
        .bind(kind)
        .bind(id)
        .bind(&actual)
        .bind(&narrative.achieved)
        .bind(&narrative.obstacles)
        .bind(&narrative.follow_up)
        .bind(at)
        .bind(&actor.name)
        .execute(&mut *tx)
        .await?
    } else {
        sqlx::query(
            "UPDATE realisation SET actual = $5, achieved = $6, obstacles = $7, follow_up = $8,
                    revision = revision + 1, updated_at = $9, updated_by = $10
             WHERE report_id = $1 AND subject_kind = $2 AND subject_id = $3 AND revision = $4",
        )
        .bind(report)
        .bind(kind)
        .bind(id)
        .bind(revision)
        .bind(&actual)
        .bind(&narrative.achieved)
        .bind(&narrative.obstacles)
        .bind(&narrative.follow_up)
        .bind(at)
        .bind(&actor.name)
        .execute(&mut *tx)
        .await?
    };
    if written.rows_affected() != 1 {
        return Err(Invalid::one("actual", Reason::StaleEntry).into());
    }
    let after = serde_json::json!({
        "subject": subject.key(), "actual": actual, "revision": revision + 1,
        "achieved": narrative.achieved, "obstacles": narrative.obstacles, "follow_up": narrative.follow_up,
        "actual_change": change.key(), "confirmed_implausible": change == ActualChange::SetImplausible,
    });
    append(&mut tx, Change { tenant: Some(tenant), actor, action: "save", entity: "realisation", entity_id: Some(report), before: None, after: Some(after) }).await?;
    tx.commit().await?;
    let stored = Entry { actual: entry.actual.map(|a| a.normalize()), narrative: narrative.clone() };
    let saved = SavedEntry { subject, entry: stored, revision: revision + 1, updated_at: at, updated_by: actor.name.clone() };
    Ok(EntryWritten { report, saved })
}

/// Writes a workbook's entries and budget spent into the open report, in
/// one transaction: all of it or nothing. A blank actual leaves a saved one
/// as it is (clearing is done on the page, explicitly); values outside
/// their plausible range need `confirmed_implausible`.
pub async fn import_entries(
    pool: &Pool,
    tenant: TenantId,
    actor: &Actor,
    key: ReportKey,
    entries: &[(Subject, Entry)],
    spent: &[(String, Decimal)],
    confirmed_implausible: bool,
) -> Result<()> {
    let mut tx = begin_write(pool).await?;
    let report = editable_report(&mut tx, tenant, &key).await?;
    let confirmed = Confirmed { clear_actual: false, implausible: confirmed_implausible };
    let mut written = Vec::with_capacity(entries.len());
    let mut implausible = 0usize;
    for (subject, entry) in entries {
        let plausible = check_subject(&mut tx, tenant, key.opd, *subject).await?;
        let saved = saved_actual(&mut tx, report, *subject).await?.and_then(|(actual, _)| actual);
        let entry = Entry { actual: entry.actual.or(saved), narrative: entry.narrative.clone() };
        let change = check_entry(saved, &entry, &plausible, confirmed).map_err(|reason| Invalid::one("actual", reason))?;
        if change == ActualChange::SetImplausible {
            implausible = implausible.saturating_add(1);
        }
        written.push((*subject, entry));
    }
    let at = now();
    for (subject, entry) in &written {
        let (kind, id) = subject.parts();
        sqlx::query(
            "INSERT INTO realisation (report_id, tenant_id, subject_kind, subject_id, actual, achieved, obstacles,
                                      follow_up, revision, updated_at, updated_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $10)
             ON CONFLICT (report_id, subject_kind, subject_id) DO UPDATE
             SET actual = excluded.actual, achieved = excluded.achieved, obstacles = excluded.obstacles,
                 follow_up = excluded.follow_up, revision = realisation.revision + 1,
                 updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        )
        .bind(report)
        .bind(tenant.0)
        .bind(kind)
        .bind(id)
        .bind(entry.actual.map(|a| a.normalize().to_string()))
        .bind(&entry.narrative.achieved)
        .bind(&entry.narrative.obstacles)
        .bind(&entry.narrative.follow_up)
        .bind(at)
        .bind(&actor.name)
        .execute(&mut *tx)
        .await?;
    }
    for (code, amount) in spent {
        write_spent(&mut tx, tenant, report, code, Some(*amount)).await?;
    }
    let after = serde_json::json!({ "entries": entries.len(), "budget": spent.len(), "confirmed_implausible": implausible });
    append(&mut tx, Change { tenant: Some(tenant), actor, action: "import", entity: "realisation", entity_id: Some(report), before: None, after: Some(after) }).await?;
    tx.commit().await?;
    Ok(())
}

async fn write_spent(tx: &mut Tx, tenant: TenantId, report: i64, code: &str, spent: Option<Decimal>) -> Result<()> {
    match spent {
        Some(amount) => sqlx::query(
            "INSERT INTO budget_realisation (report_id, tenant_id, code, spent, updated_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (report_id, code) DO UPDATE SET spent = excluded.spent, updated_at = excluded.updated_at",
        )
        .bind(report)
        .bind(tenant.0)
        .bind(code)
        .bind(amount.normalize().to_string())
        .bind(now())
        .execute(&mut **tx)
        .await?,
        None => sqlx::query("DELETE FROM budget_realisation WHERE report_id = $1 AND code = $2")
            .bind(report)
            .bind(code)
            .execute(&mut **tx)
            .await?,
    };
    Ok(())
}

pub async fn spent(pool: &Pool, tenant: TenantId, report: i64) -> Result<Vec<(String, Decimal)>> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT code, spent FROM budget_realisation WHERE tenant_id = $1 AND report_id = $2")
            .bind(tenant.0)
            .bind(report)
            .fetch_all(pool)
            .await?;
    rows.into_iter().map(|(code, text)| Ok((code, Decimal::from_str(&text).map_err(|_| corrupt("spent"))?))).collect()
}

/// Saves what a sub-kegiatan spent in the quarter; `None` clears it.
pub async fn save_spent(
    pool: &Pool,
    tenant: TenantId,
    actor: &Actor,
    key: ReportKey,
    code: &str,
    amount: Option<Decimal>,
) -> Result<()> {
    let known: Option<String> = sqlx::query_scalar(
        "SELECT e.code FROM renja_item r JOIN plan_element e ON e.id = r.element_id
         WHERE r.tenant_id = $1 AND r.opd_id = $2 AND r.year = $3 AND e.code = $4 AND e.kind = 'sub_kegiatan'",
    )
    .bind(tenant.0)
    .bind(key.opd)
    .bind(key.year)
    .bind(code)
    .fetch_optional(pool)
    .await?;
    if known.is_none() {
        return Err(Invalid::one("code", Reason::NotInPlan).into());
    }
    let mut tx = begin_write(pool).await?;
    let report = editable_report(&mut tx, tenant, &key).await?;
    write_spent(&mut tx, tenant, report, code, amount).await?;
    let after = serde_json::json!({ "code": code, "spent": amount.map(|a| a.normalize().to_string()) });
    append(&mut tx, Change { tenant: Some(tenant), actor, action: "save", entity: "budget_realisation", entity_id: Some(report), before: None, after: Some(after) }).await?;
    tx.commit().await?;
    Ok(())
}

/// Budget spent in the approved reports of the year, per OPD, quarter and sub-kegiatan.
pub async fn year_spent(pool: &Pool, tenant: TenantId, year: i32) -> Result<Vec<SpentRow>> {
    let rows: Vec<(i64, i32, String, String)> = sqlx::query_as(
        "SELECT r.opd_id, r.quarter, b.code, b.spent FROM budget_realisation b
         JOIN realisation_report r ON r.id = b.report_id
         WHERE r.tenant_id = $1 AND r.year = $2 AND r.status = 'approved'",
    )
    .bind(tenant.0)
    .bind(year)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(opd_id, quarter, code, spent)| {
            Ok(SpentRow {
                opd_id,
                quarter: quarter_of(quarter)?,
                code,
                spent: Decimal::from_str(&spent).map_err(|_| corrupt("spent"))?,
            })
        })
        .collect()
}

#[derive(sqlx::FromRow)]
struct EvidenceRow {
    id: i64,
    report_id: i64,
    opd_id: i64,
    year: i32,
    quarter: i32,
    version: i32,
    subject_kind: String,
    subject_id: i64,
    file_name: String,
    kind: String,
    size: i64,
    sha256: String,
    stored_in: String,
    created_by: String,
    created_at: time::OffsetDateTime,
}

impl EvidenceRow {
    fn info(self) -> Result<EvidenceInfo> {
        Ok(EvidenceInfo {
            id: self.id,
            report_id: self.report_id,
            opd_id: self.opd_id,
            year: self.year,
            quarter: quarter_of(self.quarter)?,
            version: self.version,
            subject: Subject::from_parts(&self.subject_kind, self.subject_id).ok_or_else(|| corrupt("subject"))?,
            file_name: self.file_name,
            kind: EvidenceKind::parse(&self.kind).map_err(|_| corrupt("evidence kind"))?,
            size: self.size,
            sha256: self.sha256,
            stored_in: self.stored_in,
            created_by: self.created_by,
            created_at: self.created_at,
        })
    }
}

const EVIDENCE_SELECT: &str = "SELECT f.id, f.report_id, r.opd_id, r.year, r.quarter, r.version, f.subject_kind,
        f.subject_id, f.file_name, f.kind, f.size, f.sha256, f.stored_in, f.created_by, f.created_at
     FROM evidence f JOIN realisation_report r ON r.id = f.report_id";

pub async fn add_evidence(pool: &Pool, tenant: TenantId, actor: &Actor, key: ReportKey, file: &NewEvidence<'_>) -> Result<i64> {
    let mut tx = begin_write(pool).await?;
    check_subject(&mut tx, tenant, key.opd, file.subject).await?;
    let report = editable_report(&mut tx, tenant, &key).await?;
    if let Some(content) = file.content {
        sqlx::query(
            "INSERT INTO evidence_blob (tenant_id, sha256, content) VALUES ($1, $2, $3)
             ON CONFLICT (tenant_id, sha256) DO NOTHING",
        )
        .bind(tenant.0)
        .bind(file.sha256)
        .bind(content)
        .execute(&mut *tx)
        .await?;
    }
    let (kind, subject_id) = file.subject.parts();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO evidence (tenant_id, report_id, subject_kind, subject_id, file_name, kind, size, sha256,
                               stored_in, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(tenant.0)
    .bind(report)
    .bind(kind)
    .bind(subject_id)
    .bind(file.file_name)
    .bind(file.kind.key())
    .bind(file.size)
    .bind(file.sha256)
    .bind(if file.content.is_some() { "database" } else { "s3" })
    .bind(&actor.name)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    let after = serde_json::json!({
        "subject": file.subject.key(), "file_name": file.file_name, "kind": file.kind.key(), "size": file.size, "sha256": file.sha256
    });
    append(&mut tx, Change { tenant: Some(tenant), actor, action: "upload", entity: "evidence", entity_id: Some(id), before: None, after: Some(after) }).await?;
    tx.commit().await?;
    Ok(id)
}

/// The evidence files of one line of a report.
pub async fn line_evidence(pool: &Pool, tenant: TenantId, report: i64, subject: Subject) -> Result<Vec<EvidenceInfo>> {
    let sql = format!(
        "{EVIDENCE_SELECT} WHERE f.tenant_id = $1 AND f.report_id = $2 AND f.subject_kind = $3 AND f.subject_id = $4 ORDER BY f.id"
    );
    let (kind, id) = subject.parts();
    let rows: Vec<EvidenceRow> =
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(tenant.0).bind(report).bind(kind).bind(id).fetch_all(pool).await?;
    rows.into_iter().map(EvidenceRow::info).collect()
}

pub async fn report_evidence(pool: &Pool, tenant: TenantId, report: i64) -> Result<Vec<EvidenceInfo>> {
    let sql = format!("{EVIDENCE_SELECT} WHERE f.tenant_id = $1 AND f.report_id = $2 ORDER BY f.id");
    let rows: Vec<EvidenceRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(tenant.0).bind(report).fetch_all(pool).await?;
    rows.into_iter().map(EvidenceRow::info).collect()
}

/// Every evidence file of a subject, in every report that is not replaced.
pub async fn subject_evidence(pool: &Pool, tenant: TenantId, subject: Subject) -> Result<Vec<EvidenceInfo>> {
    let sql = format!(
        "{EVIDENCE_SELECT} WHERE f.tenant_id = $1 AND f.subject_kind = $2 AND f.subject_id = $3
           AND r.status <> 'superseded' ORDER BY r.year DESC, r.quarter DESC, f.id"
    );
    let (kind, id) = subject.parts();
    let rows: Vec<EvidenceRow> =
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(tenant.0).bind(kind).bind(id).fetch_all(pool).await?;
    rows.into_iter().map(EvidenceRow::info).collect()
}

pub async fn evidence(pool: &Pool, tenant: TenantId, id: i64) -> Result<EvidenceInfo> {
    let sql = format!("{EVIDENCE_SELECT} WHERE f.tenant_id = $1 AND f.id = $2");
    let row: Option<EvidenceRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(tenant.0).bind(id).fetch_optional(pool).await?;
    row.ok_or(StoreError::NotFound)?.info()
}

pub async fn evidence_content(pool: &Pool, tenant: TenantId, sha256: &str) -> Result<Option<Vec<u8>>> {
    Ok(sqlx::query_scalar("SELECT content FROM evidence_blob WHERE tenant_id = $1 AND sha256 = $2")
        .bind(tenant.0)
        .bind(sha256)
        .fetch_optional(pool)
        .await?)
}

/// Removes an evidence file from the open report. The content stays: an
/// earlier, approved version may still point to it.
pub async fn delete_evidence(pool: &Pool, tenant: TenantId, actor: &Actor, key: ReportKey, id: i64) -> Result<()> {
    let file = evidence(pool, tenant, id).await?;
    if file.opd_id != key.opd || file.year != key.year || file.quarter != key.quarter {
        return Err(StoreError::NotFound);
    }
    let mut tx = begin_write(pool).await?;
    let report = editable_report(&mut tx, tenant, &key).await?;
    if report != file.report_id {
        return Err(Invalid::one("status", Reason::ReportFrozen).into());
    }
    sqlx::query("DELETE FROM evidence WHERE tenant_id = $1 AND id = $2").bind(tenant.0).bind(id).execute(&mut *tx).await?;
    let before = serde_json::json!({ "subject": file.subject.key(), "file_name": file.file_name, "sha256": file.sha256 });
    append(&mut tx, Change { tenant: Some(tenant), actor, action: "delete", entity: "evidence", entity_id: Some(id), before: Some(before), after: None }).await?;
    tx.commit().await?;
    Ok(())
}

/// Submits, returns or approves the open version of a report. Submitting
/// needs the period open for the OPD and marks a report sent after the
/// closing date as late. Approving freezes the values, replaces an earlier
/// approved version and hands the indicators' figures to the capaian engine.
/// Submitting with lines that have no actual needs `confirm_empty`.
pub async fn step(
    pool: &Pool,
    tenant: TenantId,
    actor: &Actor,
    key: ReportKey,
    step: ReportStep,
    note: &str,
    confirm_empty: bool,
) -> Result<ReportStatus> {
    let report = latest_report(pool, tenant, key.opd, key.year, key.quarter).await?.ok_or(StoreError::NotFound)?;
    let to = next_status(report.status, step, note).map_err(|reason| {
        let field = if reason == Reason::Required { "note" } else { "status" };
        Invalid::one(field, reason)
    })?;
    let lines = lines(pool, tenant, key.opd, key.year).await?;
    let mut tx = begin_write(pool).await?;
    let at = now();
    let mut empty = 0usize;
    match step {
        ReportStep::Submit => {
            let (window, state) = window_state(&mut tx, tenant, &key).await?;
            if !state.accepts_entries() {
                return Err(Invalid::one("period", Reason::PeriodClosed).into());
            }
            empty = empty_lines(&mut tx, report.id, &lines).await?.len();
            if empty > 0 && !confirm_empty {
                return Err(Invalid::one("confirm_empty", Reason::EmptyLines { count: empty }).into());
            }
            let updated = sqlx::query(
                "UPDATE realisation_report SET status = $3, submitted_at = $4, submitted_late = $5, updated_at = $4
                 WHERE tenant_id = $1 AND id = $2 AND status = $6",
            )
            .bind(tenant.0)
            .bind(report.id)
            .bind(to.key())
            .bind(at)
            .bind(window.is_late(key.today))
            .bind(report.status.key())
            .execute(&mut *tx)
            .await?;
            // The status was read before the transaction: a submit that
            // lost the race to another changes nothing and says so.
            if updated.rows_affected() != 1 {
                return Err(Invalid::one("status", Reason::StepNotAllowed).into());
            }
        }
        ReportStep::Return | ReportStep::Approve => {
            if to == ReportStatus::Approved {
                sqlx::query(
                    "UPDATE realisation_report SET status = 'superseded', updated_at = $5
                     WHERE tenant_id = $1 AND opd_id = $2 AND year = $3 AND quarter = $4 AND status = 'approved'",
                )
                .bind(tenant.0)
                .bind(key.opd)
                .bind(key.year)
                .bind(i64::from(key.quarter.number()))
                .bind(at)
                .execute(&mut *tx)
                .await?;
            }
            let updated = sqlx::query(
                "UPDATE realisation_report SET status = $3, review_note = $4, decided_at = $5, decided_by = $6, updated_at = $5
                 WHERE tenant_id = $1 AND id = $2 AND status = 'submitted'",
            )
            .bind(tenant.0)
            .bind(report.id)
            .bind(to.key())
            .bind(Some(note.trim()).filter(|n| !n.is_empty()))
            .bind(at)
            .bind(&actor.name)
            .execute(&mut *tx)
            .await?;
            if updated.rows_affected() != 1 {
                return Err(Invalid::one("status", Reason::StepNotAllowed).into());
            }
        }
    }
    if to == ReportStatus::Approved {
        publish(&mut tx, tenant, &key, report.id, &lines).await?;
    }
    let before = serde_json::json!({ "status": report.status.key() });
    let after = serde_json::json!({
        "status": to.key(), "note": note.trim(), "quarter": key.quarter.number(), "year": key.year, "empty_lines": empty,
    });
    let (before, after) = (Some(before), Some(after));
    let change = Change { tenant: Some(tenant), actor, action: step.key(), entity: "realisation_report", entity_id: Some(report.id), before, after };
    append(&mut tx, change).await?;
    tx.commit().await?;
    Ok(to)
}

/// The lines of `lines` that have no actual in the report.
async fn empty_lines(tx: &mut Tx, report: i64, lines: &[ReportLine]) -> Result<Vec<Subject>> {
    let filled: Vec<(String, i64)> =
        sqlx::query_as("SELECT subject_kind, subject_id FROM realisation WHERE report_id = $1 AND actual IS NOT NULL")
            .bind(report)
            .fetch_all(&mut **tx)
            .await?;
    let filled: std::collections::HashSet<Subject> =
        filled.iter().filter_map(|(kind, id)| Subject::from_parts(kind, *id)).collect();
    Ok(lines.iter().map(|l| l.subject).filter(|s| !filled.contains(s)).collect())
}

/// Writes an approved report's indicator figures where the capaian engine
/// reads them: the quarter's target and the approved actual of every plan
/// indicator the OPD reports on.
async fn publish(tx: &mut Tx, tenant: TenantId, key: &ReportKey, report: i64, lines: &[ReportLine]) -> Result<()> {
    let actuals: HashMap<i64, Option<String>> = sqlx::query_as::<_, (i64, Option<String>)>(
        "SELECT subject_id, actual FROM realisation WHERE report_id = $1 AND subject_kind = 'indicator'",
    )
    .bind(report)
    .fetch_all(&mut **tx)
    .await?
    .into_iter()
    .collect();
    for line in lines {
        let Subject::Indicator(indicator) = line.subject else { continue };
        sqlx::query(
            "INSERT INTO indicator_quarter (tenant_id, year, indicator_id, quarter, target, actual)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (tenant_id, year, indicator_id, quarter) DO UPDATE SET target = excluded.target, actual = excluded.actual",
        )
        .bind(tenant.0)
        .bind(key.year)
        .bind(indicator)
        .bind(i64::from(key.quarter.number()))
        .bind(line.target(key.quarter).map(|t| t.normalize().to_string()))
        .bind(actuals.get(&indicator).cloned().flatten())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Starts a correction of an approved report: a new draft version with the
/// approved content copied in, and the reason. The approved version stays in
/// force until the correction is approved.
pub async fn correct(pool: &Pool, tenant: TenantId, actor: &Actor, key: ReportKey, reason: &str) -> Result<i64> {
    if reason.trim().is_empty() {
        return Err(Invalid::one("reason", Reason::Required).into());
    }
    let report = latest_report(pool, tenant, key.opd, key.year, key.quarter).await?.ok_or(StoreError::NotFound)?;
    match report.status {
        ReportStatus::Approved => {}
        ReportStatus::Draft | ReportStatus::Submitted | ReportStatus::Returned => {
            return Err(Invalid::one("reason", Reason::CorrectionOpen).into());
        }
        ReportStatus::Superseded => return Err(Invalid::one("status", Reason::StepNotAllowed).into()),
    }
    let mut tx = begin_write(pool).await?;
    let (_, state) = window_state(&mut tx, tenant, &key).await?;
    if !state.accepts_entries() {
        return Err(Invalid::one("period", Reason::PeriodClosed).into());
    }
    let at = now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO realisation_report (tenant_id, opd_id, year, quarter, version, status, correction_reason, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7, $7) RETURNING id",
    )
    .bind(tenant.0)
    .bind(key.opd)
    .bind(key.year)
    .bind(i64::from(key.quarter.number()))
    .bind(report.version + 1)
    .bind(reason.trim())
    .bind(at)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| StoreError::from(e).unique_as("reason"))?;
    for copy in [
        "INSERT INTO realisation (report_id, tenant_id, subject_kind, subject_id, actual, achieved, obstacles, follow_up,
                                  revision, updated_at, updated_by)
         SELECT $2, tenant_id, subject_kind, subject_id, actual, achieved, obstacles, follow_up, 1, updated_at, updated_by
         FROM realisation WHERE report_id = $1",
        "INSERT INTO budget_realisation (report_id, tenant_id, code, spent, updated_at)
         SELECT $2, tenant_id, code, spent, updated_at FROM budget_realisation WHERE report_id = $1",
        "INSERT INTO evidence (tenant_id, report_id, subject_kind, subject_id, file_name, kind, size, sha256, stored_in,
                               created_by, created_at)
         SELECT tenant_id, $2, subject_kind, subject_id, file_name, kind, size, sha256, stored_in, created_by, created_at
         FROM evidence WHERE report_id = $1 ORDER BY id",
    ] {
        sqlx::query(copy).bind(report.id).bind(id).execute(&mut *tx).await?;
    }
    let after = serde_json::json!({ "version": report.version + 1, "reason": reason.trim(), "replaces": report.id });
    append(&mut tx, Change { tenant: Some(tenant), actor, action: "correct", entity: "realisation_report", entity_id: Some(id), before: None, after: Some(after) }).await?;
    tx.commit().await?;
    Ok(id)
}

/// An indicator's quarters over every year the engine has figures for.
pub async fn indicator_history(pool: &Pool, tenant: TenantId, indicator: i64) -> Result<Vec<IndicatorQuarterRow>> {
    let rows: Vec<(i32, i32, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT year, quarter, target, actual FROM indicator_quarter
         WHERE tenant_id = $1 AND indicator_id = $2 ORDER BY year, quarter",
    )
    .bind(tenant.0)
    .bind(indicator)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(year, quarter, target, actual)| {
            Ok(IndicatorQuarterRow {
                year,
                quarter: quarter_of(quarter)?,
                target: decimal(target.as_deref()),
                actual: decimal(actual.as_deref()),
            })
        })
        .collect()
}

/// The pemda's indicators of `year` with their quarters, grouped by the OPD
/// whose plan holds them (`None`: the RPJMD), as the capaian engine reads them.
pub async fn indicator_year(pool: &Pool, tenant: TenantId, year: i32) -> Result<Vec<(Option<i64>, Vec<IndicatorYear>)>> {
    let mut opds = Vec::new();
    super::capaian::visit_year(pool, tenant.0..tenant.0 + 1, year, |found| opds = found.opds).await?;
    opds.sort_by_key(|(opd, _)| *opd);
    Ok(opds)
}

/// The pagu of every sub-kegiatan in the year's Renja (the changed pagu when
/// there is one), per OPD and code.
pub async fn year_pagu(pool: &Pool, tenant: TenantId, year: i32) -> Result<Vec<(i64, String, Decimal)>> {
    let rows: Vec<(i64, String, String, Option<String>)> = sqlx::query_as(
        "SELECT r.opd_id, e.code, r.pagu, r.pagu_perubahan FROM renja_item r
         JOIN plan_element e ON e.id = r.element_id
         WHERE r.tenant_id = $1 AND r.year = $2 AND e.kind = 'sub_kegiatan'",
    )
    .bind(tenant.0)
    .bind(year)
    .fetch_all(pool)
    .await?;
    let amount = |text: &str| Decimal::from_str(text).map_err(|_| corrupt("pagu"));
    rows.into_iter()
        .map(|(opd, code, pagu, changed)| {
            let budget = domain::planning::RenjaBudget { code, pagu: amount(&pagu)?, pagu_perubahan: changed.as_deref().map(amount).transpose()? };
            let pagu = budget.pagu_in_force();
            Ok((opd, budget.code, pagu))
        })
        .collect()
}

/// Every indicator of the pemda: id, name, unit, the element it measures and its plan's OPD.
pub async fn indicator_names(pool: &Pool, tenant: TenantId) -> Result<Vec<crate::model::IndicatorName>> {
    Ok(sqlx::query_as(
        "SELECT i.id, i.name, i.unit, e.id AS element_id, e.code AS element_code, e.name AS element_name, p.opd_id
         FROM indicator i JOIN plan_element e ON e.id = i.element_id JOIN plan p ON p.id = e.plan_id
         WHERE i.tenant_id = $1 AND p.superseded_by IS NULL",
    )
    .bind(tenant.0)
    .fetch_all(pool)
    .await?)
}
