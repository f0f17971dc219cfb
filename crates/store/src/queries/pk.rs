// Perjanjian Kinerja: agreements, versions, rows, signatures and signing
// keys. Included by backend.rs for each database. Rows of a version that is
// no longer a draft are also guarded by triggers (0004_pk.sql): the checks
// here give the user a clear message, the triggers make it hold for anyone.

use super::audit::{Change, record};
use crate::StoreError;
use crate::backend::now;
use crate::model::{Actor, PkHeader, PkSignature, PkSlot, PkVersion, SigningKeyInfo};
use crate::vault::{KeyVault, random};
use domain::org::{AssignmentKind, PositionLevel, full_name};
use domain::pangkat::Golongan;
use domain::pk::{
    AmendmentReason, BudgetRow, Party, PkContent, PkLevel, PkRow, PkStatus, PlanSource, RowSource, Step,
    digest_hex, verification_code,
};
use domain::planning::{Aggregation, Polarity, Target, ValueKind};
use domain::{Invalid, Reason, TenantId};
use rust_decimal::Decimal;
use sqlx::Row;
use std::collections::HashMap;
use std::str::FromStr;

fn corrupt(what: &str) -> StoreError {
    StoreError::Database(sqlx::Error::Decode(format!("stored {what} does not parse").into()))
}

#[derive(sqlx::FromRow)]
struct PositionRow {
    id: i64,
    name: String,
    level: String,
    opd_id: Option<i64>,
    unit_id: Option<i64>,
}

async fn position_row(pool: &Pool, tenant: TenantId, id: i64) -> Result<PositionRow> {
    sqlx::query_as("SELECT id, name, level, opd_id, unit_id FROM job_position WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.0)
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or(StoreError::NotFound)
}

#[derive(sqlx::FromRow)]
struct HolderRow {
    official_id: i64,
    nip: String,
    name: String,
    front_titles: Option<String>,
    back_titles: Option<String>,
    golongan: String,
    kind: String,
}

/// The official who holds the position on `on`: the latest assignment that
/// covers the day, so a Plh. standing in for an absent holder signs.
async fn holder(pool: &Pool, tenant: TenantId, position: &PositionRow, on: time::Date) -> Result<Option<Party>> {
    let row: Option<HolderRow> = sqlx::query_as(
        "SELECT f.id AS official_id, f.nip, f.name, f.front_titles, f.back_titles, f.golongan, a.kind
         FROM assignment a JOIN official f ON f.id = a.official_id
         WHERE a.tenant_id = $1 AND a.position_id = $2 AND a.starts_on <= $3 AND (a.ends_on IS NULL OR a.ends_on >= $3)
         ORDER BY a.starts_on DESC, a.id DESC LIMIT 1",
    )
    .bind(tenant.0)
    .bind(position.id)
    .bind(on)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let assignment = AssignmentKind::parse(&row.kind).map_err(|_| corrupt("assignment kind"))?;
    // An elected kepala daerah is printed without NIP and pangkat.
    let elected = position.level == PositionLevel::KepalaDaerah.key();
    let pangkat = match Golongan::parse(&row.golongan) {
        Ok(g) if !elected => format!("{} ({})", g.pangkat(), g.code()),
        _ => String::new(),
    };
    Ok(Some(Party {
        official_id: row.official_id,
        name: full_name(row.front_titles.as_deref(), &row.name, row.back_titles.as_deref()),
        nip: if elected { String::new() } else { row.nip },
        pangkat,
        position: Party::position_title(assignment, &position.name),
        assignment,
    }))
}

/// The position a PK of `position` is signed with: the kepala daerah for
/// the head of an OPD or a camat; the OPD's head for an administrator; the
/// administrator of the parent unit for a pengawas (the OPD's head when the
/// unit hangs directly under it).
async fn superior_position(pool: &Pool, tenant: TenantId, position: &PositionRow, level: PkLevel) -> Result<Option<i64>> {
    const HEAD: &str = "SELECT id FROM job_position WHERE tenant_id = $1 AND opd_id = $2 AND unit_id IS NULL
                          AND level IN ('jpt_pratama', 'sekretaris_daerah', 'camat') ORDER BY id LIMIT 1";
    let head = || sqlx::query_scalar::<_, i64>(HEAD).bind(tenant.0).bind(position.opd_id);
    Ok(match level {
        PkLevel::KepalaDaerah => None,
        PkLevel::KepalaOpd | PkLevel::Camat => sqlx::query_scalar(
            "SELECT id FROM job_position WHERE tenant_id = $1 AND level = 'kepala_daerah' ORDER BY id LIMIT 1",
        )
        .bind(tenant.0)
        .fetch_optional(pool)
        .await?,
        PkLevel::Administrator => head().fetch_optional(pool).await?,
        PkLevel::Pengawas => {
            let above: Option<i64> = sqlx::query_scalar(
                "SELECT p.id FROM unit u JOIN job_position p ON p.unit_id = u.parent_id AND p.tenant_id = u.tenant_id
                 WHERE u.tenant_id = $1 AND u.id = $2 AND p.level = 'administrator' ORDER BY p.id LIMIT 1",
            )
            .bind(tenant.0)
            .bind(position.unit_id)
            .fetch_optional(pool)
            .await?;
            match above {
                Some(id) => Some(id),
                None => head().fetch_optional(pool).await?,
            }
        }
    })
}

fn place_of(tenant_name: &str) -> String {
    ["Kabupaten ", "Kota ", "Provinsi "]
        .iter()
        .find_map(|prefix| tenant_name.strip_prefix(prefix))
        .unwrap_or(tenant_name)
        .to_owned()
}

async fn tenant_names(pool: &Pool, tenant: TenantId) -> Result<(String, String)> {
    sqlx::query_as("SELECT code, name FROM tenant WHERE id = $1")
        .bind(tenant.0)
        .fetch_optional(pool)
        .await?
        .ok_or(StoreError::NotFound)
}

/// The rows of the latest version of the PK of `position` in `year` (none
/// when it has no PK yet): the rows a subordinate's rows may point to.
pub async fn position_rows(pool: &Pool, tenant: TenantId, position: i64, year: i32) -> Result<Vec<PkRow>> {
    let latest: Option<i64> = sqlx::query_scalar(
        "SELECT v.id FROM pk_version v JOIN pk ON pk.id = v.pk_id
         WHERE pk.tenant_id = $1 AND pk.position_id = $2 AND pk.year = $3 ORDER BY v.number DESC LIMIT 1",
    )
    .bind(tenant.0)
    .bind(position)
    .bind(year)
    .fetch_optional(pool)
    .await?;
    match latest {
        Some(version) => Ok(load_rows(pool, tenant, version).await?.1),
        None => Ok(Vec::new()),
    }
}


/// Starts the PK of `position` for `year` from the plan: the holder and
/// the superior's holder on `today` as parties, rows and budget prefilled
/// (see `domain::pk::prefill`). `chosen` names an administrator's programs
/// or a pengawas's kegiatan.
pub async fn create(
    pool: &Pool,
    tenant: TenantId,
    actor: &Actor,
    position: i64,
    year: i32,
    chosen: &[String],
    today: time::Date,
) -> Result<i64> {
    let row = position_row(pool, tenant, position).await?;
    let position_level = PositionLevel::parse(&row.level).map_err(|_| corrupt("position level"))?;
    let level = PkLevel::of(position_level).ok_or_else(|| Invalid::one("position", Reason::NoAgreement))?;
    let first = holder(pool, tenant, &row, today).await?.ok_or_else(|| Invalid::one("position", Reason::Vacant))?;
    let superior = superior_position(pool, tenant, &row, level).await?;
    let second = match superior {
        Some(id) => {
            let superior_row = position_row(pool, tenant, id).await?;
            Some(holder(pool, tenant, &superior_row, today).await?.ok_or_else(|| Invalid::one("second_party", Reason::Vacant))?)
        }
        None if level.has_second_party() => return Err(Invalid::one("second_party", Reason::NotFound).into()),
        None => None,
    };
    let superior_rows = match superior {
        Some(id) => position_rows(pool, tenant, id, year).await?,
        None => Vec::new(),
    };
    let plan = match (level, row.opd_id) {
        (PkLevel::KepalaDaerah, _) => super::planning::rpjmd_in_force(pool, tenant).await?,
        (_, Some(opd)) => {
            match renstra_for(pool, tenant, opd, year).await? {
                Some(id) => Some(super::planning::load(pool, tenant, id).await?),
                None => None,
            }
        }
        (_, None) => None,
    };
    let renja = match row.opd_id {
        Some(opd) if level != PkLevel::KepalaDaerah => super::planning::renja(pool, tenant, opd, year).await?.iter().map(crate::model::RenjaRow::item).collect(),
        _ => Vec::new(),
    };
    let (rows, budget) = match &plan {
        Some(plan) => domain::pk::prefill(
            level,
            &PlanSource { plan, year, renja: &renja, chosen, superior_rows: &superior_rows },
        ),
        None => (Vec::new(), Vec::new()),
    };
    let (_, tenant_name) = tenant_names(pool, tenant).await?;

    let mut tx = begin_write(pool).await?;
    let at = now();
    let pk_id: i64 = sqlx::query_scalar(
        "INSERT INTO pk (tenant_id, year, position_id, opd_id, level, superior_position_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(tenant.0)
    .bind(year)
    .bind(position)
    .bind(row.opd_id)
    .bind(level.key())
    .bind(superior)
    .bind(at)
    .fetch_one(&mut *tx)
    .await
    .map_err(StoreError::from)
    .map_err(|e| e.unique_as("position"))?;
    let version = insert_version(&mut tx, tenant, pk_id, 1, &first, second.as_ref(), &place_of(&tenant_name), today, None).await?;
    write_rows(&mut tx, tenant, version, &rows).await?;
    write_budget(&mut tx, tenant, version, &budget).await?;
    let after = serde_json::json!({
        "year": year, "position": row.name, "level": level.key(), "first": first.name,
        "second": second.as_ref().map(|p| p.name.clone()), "rows": rows.len(), "budget": budget.len(),
    });
    let change = Change { tenant: Some(tenant), actor, action: "create", entity: "pk", entity_id: Some(version), before: None, after: None };
    record(&mut tx, change, None, Some(&after)).await?;
    tx.commit().await?;
    Ok(version)
}

#[allow(clippy::too_many_arguments)]
async fn insert_version(
    tx: &mut Tx,
    tenant: TenantId,
    pk_id: i64,
    number: i32,
    first: &Party,
    second: Option<&Party>,
    place: &str,
    date: time::Date,
    amendment: Option<(AmendmentReason, &str)>,
) -> Result<i64> {
    let code = verification_code(random::<10>()?);
    let at = now();
    Ok(sqlx::query_scalar(
        "INSERT INTO pk_version (tenant_id, pk_id, number, status, code, first_party, second_party, place, signed_on,
                                 amendment_reason, amendment_note, created_at, updated_at)
         VALUES ($1, $2, $3, 'draft', $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
    )
    .bind(tenant.0)
    .bind(pk_id)
    .bind(number)
    .bind(code)
    .bind(serde_json::to_string(first)?)
    .bind(second.map(serde_json::to_string).transpose()?)
    .bind(place)
    .bind(date)
    .bind(amendment.map(|(reason, _)| reason.key()))
    .bind(amendment.map(|(_, note)| note))
    .bind(at)
    .fetch_one(&mut **tx)
    .await?)
}

fn quarter_text(value: Option<Decimal>) -> Option<String> {
    value.map(|d| d.normalize().to_string())
}

async fn write_rows(tx: &mut Tx, tenant: TenantId, version: i64, rows: &[PkRow]) -> Result<()> {
    for (position, row) in rows.iter().enumerate() {
        insert_row(tx, tenant, version, i32::try_from(position).unwrap_or(i32::MAX), row).await?;
    }
    Ok(())
}

async fn insert_row(tx: &mut Tx, tenant: TenantId, version: i64, position: i32, row: &PkRow) -> Result<i64> {
    let query = sqlx::query(
        "INSERT INTO pk_row (tenant_id, version_id, position, row_key, goal, indicator, unit, value_kind, polarity,
                             aggregation, target, q1, q2, q3, q4, parent_key, source_indicator_id, source_code)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id",
    )
    .bind(tenant.0)
    .bind(version)
    .bind(position)
    .bind(&row.key);
    Ok(bind_row(query, row)
        .bind(row.source.as_ref().map(|s| s.indicator_id))
        .bind(row.source.as_ref().map(|s| s.element_code.clone()))
        .fetch_one(&mut **tx)
        .await?
        .try_get(0)?)
}

/// Binds a row's editable fields, in the column order both the insert and
/// the update list them after their own leading parameters.
fn bind_row<'q>(
    query: sqlx::query::Query<'q, Db, <Db as sqlx::Database>::Arguments>,
    row: &'q PkRow,
) -> sqlx::query::Query<'q, Db, <Db as sqlx::Database>::Arguments> {
    query
        .bind(&row.goal)
        .bind(&row.indicator)
        .bind(&row.unit)
        .bind(row.value_kind.key())
        .bind(row.polarity.key())
        .bind(row.aggregation.key())
        .bind(row.target.as_ref().map(Target::canonical))
        .bind(quarter_text(row.quarters[0]))
        .bind(quarter_text(row.quarters[1]))
        .bind(quarter_text(row.quarters[2]))
        .bind(quarter_text(row.quarters[3]))
        .bind(&row.parent_key)
}

async fn write_budget(tx: &mut Tx, tenant: TenantId, version: i64, rows: &[BudgetRow]) -> Result<()> {
    for (position, row) in rows.iter().enumerate() {
        insert_budget(tx, tenant, version, i32::try_from(position).unwrap_or(i32::MAX), row).await?;
    }
    Ok(())
}

async fn insert_budget(tx: &mut Tx, tenant: TenantId, version: i64, position: i32, row: &BudgetRow) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO pk_budget (tenant_id, version_id, position, code, name, amount, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(tenant.0)
    .bind(version)
    .bind(position)
    .bind(&row.code)
    .bind(&row.name)
    .bind(row.amount.normalize().to_string())
    .bind(&row.note)
    .fetch_one(&mut **tx)
    .await?)
}

#[derive(sqlx::FromRow)]
struct RowRow {
    version_id: i64,
    id: i64,
    row_key: String,
    goal: String,
    indicator: String,
    unit: String,
    value_kind: String,
    polarity: String,
    aggregation: String,
    target: Option<String>,
    q1: Option<String>,
    q2: Option<String>,
    q3: Option<String>,
    q4: Option<String>,
    parent_key: Option<String>,
    source_indicator_id: Option<i64>,
    source_code: Option<String>,
}

impl RowRow {
    fn row(self) -> Result<(i64, PkRow)> {
        let value_kind = ValueKind::parse(&self.value_kind).map_err(|_| corrupt("value kind"))?;
        let decimal = |text: Option<String>| -> Result<Option<Decimal>> {
            text.map(|t| Decimal::from_str(&t).map_err(|_| corrupt("quarter target"))).transpose()
        };
        let target = match self.target {
            Some(text) => Target::from_canonical(&text, value_kind).map_err(|_| corrupt("pk target"))?,
            None => None,
        };
        Ok((
            self.id,
            PkRow {
                key: self.row_key,
                goal: self.goal,
                indicator: self.indicator,
                unit: self.unit,
                value_kind,
                polarity: Polarity::parse(&self.polarity).map_err(|_| corrupt("polarity"))?,
                aggregation: Aggregation::parse(&self.aggregation).map_err(|_| corrupt("aggregation"))?,
                target,
                quarters: [decimal(self.q1)?, decimal(self.q2)?, decimal(self.q3)?, decimal(self.q4)?],
                parent_key: self.parent_key,
                source: match (self.source_indicator_id, self.source_code) {
                    (Some(indicator_id), Some(element_code)) => Some(RowSource { indicator_id, element_code }),
                    _ => None,
                },
            },
        ))
    }
}

async fn load_rows<'e, E: sqlx::Executor<'e, Database = Db>>(executor: E, tenant: TenantId, version: i64) -> Result<(Vec<i64>, Vec<PkRow>)> {
    let rows: Vec<RowRow> = sqlx::query_as(
        "SELECT version_id, id, row_key, goal, indicator, unit, value_kind, polarity, aggregation, target, q1, q2, q3, q4,
                parent_key, source_indicator_id, source_code
         FROM pk_row WHERE tenant_id = $1 AND version_id = $2 ORDER BY position, id",
    )
    .bind(tenant.0)
    .bind(version)
    .fetch_all(executor)
    .await?;
    let mut ids = Vec::with_capacity(rows.len());
    let mut parsed = Vec::with_capacity(rows.len());
    for row in rows {
        let (id, row) = row.row()?;
        ids.push(id);
        parsed.push(row);
    }
    Ok((ids, parsed))
}

#[derive(sqlx::FromRow)]
struct VersionRow {
    id: i64,
    pk_id: i64,
    number: i32,
    status: String,
    code: String,
    first_party: String,
    second_party: Option<String>,
    place: String,
    signed_on: time::Date,
    amendment_reason: Option<String>,
    amendment_note: Option<String>,
    review_note: Option<String>,
    canonical: Option<String>,
    digest: Option<String>,
    pdf_sha256: Option<String>,
    updated_at: time::OffsetDateTime,
    year: i32,
    position_id: i64,
    opd_id: Option<i64>,
    level: String,
    superior_position_id: Option<i64>,
    tenant_code: String,
    tenant_name: String,
}

const VERSION_COLUMNS: &str = "SELECT v.id, v.pk_id, v.number, v.status, v.code, v.first_party, v.second_party, v.place,
        v.signed_on, v.amendment_reason, v.amendment_note, v.review_note, v.canonical, v.digest, v.pdf_sha256,
        v.updated_at, pk.year, pk.position_id, pk.opd_id, pk.level, pk.superior_position_id,
        t.code AS tenant_code, t.name AS tenant_name
 FROM pk_version v JOIN pk ON pk.id = v.pk_id JOIN tenant t ON t.id = pk.tenant_id";

/// One version with its rows, budget, signatures and the agreement's history.
async fn assemble(conn: &mut <Db as sqlx::Database>::Connection, tenant: TenantId, row: VersionRow) -> Result<PkVersion> {
    let (row_ids, rows) = load_rows(&mut *conn, tenant, row.id).await?;
    let budget: Vec<(i64, String, String, String, String)> = sqlx::query_as(
        "SELECT id, code, name, amount, note FROM pk_budget WHERE tenant_id = $1 AND version_id = $2 ORDER BY position, id",
    )
    .bind(tenant.0)
    .bind(row.id)
    .fetch_all(&mut *conn)
    .await?;
    let mut budget_ids = Vec::with_capacity(budget.len());
    let mut budget_rows = Vec::with_capacity(budget.len());
    for (id, code, name, amount, note) in budget {
        budget_ids.push(id);
        let amount = Decimal::from_str(&amount).map_err(|_| corrupt("pk budget"))?;
        budget_rows.push(BudgetRow { code, name, amount, note });
    }
    let signatures: Vec<PkSignature> = sqlx::query_as(
        "SELECT s.party, s.official_id, s.user_id, s.key_id, k.public_key, s.signed_at, s.digest, s.signature
         FROM pk_signature s JOIN signing_key k ON k.id = s.key_id
         WHERE s.tenant_id = $1 AND s.version_id = $2 ORDER BY s.signed_at, s.id",
    )
    .bind(tenant.0)
    .bind(row.id)
    .fetch_all(&mut *conn)
    .await?;
    let history: Vec<(i64, i32, String)> =
        sqlx::query_as("SELECT id, number, status FROM pk_version WHERE tenant_id = $1 AND pk_id = $2 ORDER BY number")
            .bind(tenant.0)
            .bind(row.pk_id)
            .fetch_all(&mut *conn)
            .await?;
    let status = |s: &str| PkStatus::parse(s).map_err(|_| corrupt("pk status"));
    let amendment = match (row.amendment_reason.as_deref(), row.amendment_note) {
        (Some(reason), note) => Some((
            AmendmentReason::parse(reason).map_err(|_| corrupt("amendment reason"))?,
            note.unwrap_or_default(),
        )),
        _ => None,
    };
    Ok(PkVersion {
        header: PkHeader {
            pk_id: row.pk_id,
            version_id: row.id,
            position_id: row.position_id,
            opd_id: row.opd_id,
            superior_position_id: row.superior_position_id,
            status: status(&row.status)?,
            review_note: row.review_note,
            digest: row.digest,
            canonical: row.canonical,
            pdf_sha256: row.pdf_sha256,
            updated_at: row.updated_at,
        },
        content: PkContent {
            code: row.code,
            tenant_code: row.tenant_code,
            tenant_name: row.tenant_name,
            year: row.year,
            number: row.number,
            level: PkLevel::parse(&row.level).map_err(|_| corrupt("pk level"))?,
            first: serde_json::from_str(&row.first_party)?,
            second: row.second_party.as_deref().map(serde_json::from_str).transpose()?,
            place: row.place,
            date: row.signed_on,
            rows,
            budget: budget_rows,
            amendment,
        },
        row_ids,
        budget_ids,
        signatures,
        history: history
            .into_iter()
            .map(|(id, number, s)| Ok((id, number, status(&s)?)))
            .collect::<Result<Vec<_>>>()?,
    })
}

pub async fn get(pool: &Pool, tenant: TenantId, version: i64) -> Result<PkVersion> {
    let mut conn = pool.acquire().await?;
    let sql = sqlx::AssertSqlSafe(format!("{VERSION_COLUMNS} WHERE v.tenant_id = $1 AND v.id = $2"));
    let row: VersionRow =
        sqlx::query_as(sql).bind(tenant.0).bind(version).fetch_optional(&mut *conn).await?.ok_or(StoreError::NotFound)?;
    assemble(&mut conn, tenant, row).await
}

/// A version by its verification code, in any pemda: the public check.
pub async fn by_code(pool: &Pool, code: &str) -> Result<(TenantId, PkVersion)> {
    let mut conn = pool.acquire().await?;
    let sql = sqlx::AssertSqlSafe(format!("{VERSION_COLUMNS} WHERE v.code = $1"));
    let row: VersionRow = sqlx::query_as(sql).bind(code).fetch_optional(&mut *conn).await?.ok_or(StoreError::NotFound)?;
    let tenant: i64 = sqlx::query_scalar("SELECT tenant_id FROM pk_version WHERE id = $1").bind(row.id).fetch_one(&mut *conn).await?;
    let tenant = TenantId(tenant);
    Ok((tenant, assemble(&mut conn, tenant, row).await?))
}

/// The verification code of the issued PDF with this SHA-256, if any.
pub async fn code_of_pdf(pool: &Pool, sha256: &str) -> Result<Option<String>> {
    Ok(sqlx::query_scalar("SELECT code FROM pk_version WHERE pdf_sha256 = $1").bind(sha256).fetch_optional(pool).await?)
}

/// The issued PDF of a version in force, replaced or revoked.
pub async fn issued_pdf(pool: &Pool, tenant: TenantId, version: i64) -> Result<Option<Vec<u8>>> {
    Ok(sqlx::query_scalar("SELECT pdf FROM pk_version WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.0)
        .bind(version)
        .fetch_optional(pool)
        .await?
        .flatten())
}

/// Keeps the PDF issued when a version came into force; written once.
pub async fn store_pdf(pool: &Pool, tenant: TenantId, version: i64, pdf: &[u8]) -> Result<()> {
    use sha2::Digest;
    let sha = hex::encode(sha2::Sha256::digest(pdf));
    sqlx::query(
        "UPDATE pk_version SET pdf = $3, pdf_sha256 = $4
         WHERE tenant_id = $1 AND id = $2 AND pdf IS NULL AND status IN ('in_force', 'replaced', 'revoked')",
    )
    .bind(tenant.0)
    .bind(version)
    .bind(pdf)
    .bind(sha)
    .execute(pool)
    .await?;
    Ok(())
}

/// Every position of the pemda that signs a PK (optionally of one OPD), its
/// holder today and the latest version of its agreement for `year`.
pub async fn slots(pool: &Pool, tenant: TenantId, year: i32, opd: Option<i64>, today: time::Date) -> Result<Vec<PkSlot>> {
    Ok(sqlx::query_as(
        "SELECT p.id AS position_id, p.name AS position_name, p.level AS position_level, p.opd_id, o.name AS opd_name,
                (SELECT CASE a.kind WHEN 'plt' THEN 'Plt. ' WHEN 'plh' THEN 'Plh. ' ELSE '' END || f.name
                   FROM assignment a JOIN official f ON f.id = a.official_id
                  WHERE a.tenant_id = p.tenant_id AND a.position_id = p.id AND a.starts_on <= $4
                    AND (a.ends_on IS NULL OR a.ends_on >= $4)
                  ORDER BY a.starts_on DESC, a.id DESC LIMIT 1) AS holder,
                pk.id AS pk_id, v.id AS version_id, v.number, v.status
         FROM job_position p
         LEFT JOIN opd o ON o.id = p.opd_id
         LEFT JOIN pk ON pk.tenant_id = p.tenant_id AND pk.position_id = p.id AND pk.year = $2
         LEFT JOIN pk_version v ON v.pk_id = pk.id
              AND v.number = (SELECT MAX(number) FROM pk_version WHERE pk_id = pk.id)
         WHERE p.tenant_id = $1 AND ($3 IS NULL OR p.opd_id = $3)
           AND p.level IN ('kepala_daerah', 'sekretaris_daerah', 'jpt_pratama', 'camat', 'administrator', 'pengawas')
         ORDER BY CASE p.level WHEN 'kepala_daerah' THEN 0 WHEN 'sekretaris_daerah' THEN 1 WHEN 'jpt_pratama' THEN 1
                  WHEN 'camat' THEN 1 WHEN 'administrator' THEN 2 ELSE 3 END, o.name, p.id",
    )
    .bind(tenant.0)
    .bind(year)
    .bind(opd)
    .bind(today)
    .fetch_all(pool)
    .await?)
}

/// The current rows of every agreement of the year, for the cascade: the
/// version in force or, before that, the latest one.
pub async fn year_rows(pool: &Pool, tenant: TenantId, year: i32) -> Result<Vec<(i64, i64, PkLevel, Option<i64>, Vec<PkRow>)>> {
    let pks: Vec<(i64, i64, String, Option<i64>, i64)> = sqlx::query_as(
        "SELECT pk.id, pk.position_id, pk.level, sup.id, v.id
         FROM pk JOIN pk_version v ON v.pk_id = pk.id
         LEFT JOIN pk sup ON sup.tenant_id = pk.tenant_id AND sup.year = pk.year AND sup.position_id = pk.superior_position_id
         WHERE pk.tenant_id = $1 AND pk.year = $2
           AND v.number = (SELECT MAX(number) FROM pk_version WHERE pk_id = pk.id AND status <> 'revoked')
         ORDER BY pk.id",
    )
    .bind(tenant.0)
    .bind(year)
    .fetch_all(pool)
    .await?;
    // Every row of the year's versions in one query; rows of earlier
    // versions (amendments) are few and dropped here.
    let all: Vec<RowRow> = sqlx::query_as(
        "SELECT r.version_id, r.id, r.row_key, r.goal, r.indicator, r.unit, r.value_kind, r.polarity, r.aggregation,
                r.target, r.q1, r.q2, r.q3, r.q4, r.parent_key, r.source_indicator_id, r.source_code
         FROM pk_row r JOIN pk_version v ON v.id = r.version_id JOIN pk ON pk.id = v.pk_id
         WHERE pk.tenant_id = $1 AND pk.year = $2 ORDER BY r.version_id, r.position, r.id",
    )
    .bind(tenant.0)
    .bind(year)
    .fetch_all(pool)
    .await?;
    let mut rows_of: HashMap<i64, Vec<PkRow>> = HashMap::new();
    for row in all {
        let version = row.version_id;
        rows_of.entry(version).or_default().push(row.row()?.1);
    }
    pks.into_iter()
        .map(|(pk_id, position, level, superior, version)| {
            let level = PkLevel::parse(&level).map_err(|_| corrupt("pk level"))?;
            Ok((pk_id, position, level, superior, rows_of.remove(&version).unwrap_or_default()))
        })
        .collect()
}

async fn editable(tx: &mut Tx, tenant: TenantId, version: i64) -> Result<()> {
    let status: String = sqlx::query_scalar("SELECT status FROM pk_version WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.0)
        .bind(version)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    if PkStatus::parse(&status).map_err(|_| corrupt("pk status"))?.editable() {
        Ok(())
    } else {
        Err(Invalid::one("status", Reason::StepNotAllowed).into())
    }
}

async fn touch(tx: &mut Tx, tenant: TenantId, version: i64) -> Result<()> {
    sqlx::query("UPDATE pk_version SET updated_at = $3 WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.0)
        .bind(version)
        .bind(now())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Adds a row (`row_id` = `None`) or replaces one, in a version being drafted.
pub async fn save_row(pool: &Pool, tenant: TenantId, actor: &Actor, version: i64, row_id: Option<i64>, row: &PkRow) -> Result<i64> {
    let mut tx = begin_write(pool).await?;
    editable(&mut tx, tenant, version).await?;
    let before = match row_id {
        Some(id) => {
            let (ids, rows) = load_rows(&mut *tx, tenant, version).await?;
            let index = ids.iter().position(|i| *i == id).ok_or(StoreError::NotFound)?;
            Some(rows[index].clone())
        }
        None => None,
    };
    let id = match row_id {
        Some(id) => {
            let query = sqlx::query(
                "UPDATE pk_row SET goal = $4, indicator = $5, unit = $6, value_kind = $7, polarity = $8, aggregation = $9,
                        target = $10, q1 = $11, q2 = $12, q3 = $13, q4 = $14, parent_key = $15
                 WHERE tenant_id = $1 AND version_id = $2 AND id = $3",
            )
            .bind(tenant.0)
            .bind(version)
            .bind(id);
            bind_row(query, row).execute(&mut *tx).await?;
            id
        }
        None => {
            let position: i32 = sqlx::query_scalar("SELECT COALESCE(MAX(position) + 1, 0) FROM pk_row WHERE version_id = $1")
                .bind(version)
                .fetch_one(&mut *tx)
                .await?;
            let key = format!("m{}", hex::encode(random::<4>()?));
            insert_row(&mut tx, tenant, version, position, &PkRow { key, ..row.clone() }).await?
        }
    };
    touch(&mut tx, tenant, version).await?;
    let action = if row_id.is_some() { "update" } else { "create" };
    let change = Change { tenant: Some(tenant), actor, action, entity: "pk_row", entity_id: Some(id), before: None, after: None };
    record(&mut tx, change, before.as_ref(), Some(row)).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn delete_row(pool: &Pool, tenant: TenantId, actor: &Actor, version: i64, row_id: i64) -> Result<()> {
    let mut tx = begin_write(pool).await?;
    editable(&mut tx, tenant, version).await?;
    let (ids, rows) = load_rows(&mut *tx, tenant, version).await?;
    let index = ids.iter().position(|i| *i == row_id).ok_or(StoreError::NotFound)?;
    sqlx::query("DELETE FROM pk_row WHERE tenant_id = $1 AND version_id = $2 AND id = $3")
        .bind(tenant.0)
        .bind(version)
        .bind(row_id)
        .execute(&mut *tx)
        .await?;
    touch(&mut tx, tenant, version).await?;
    let change = Change { tenant: Some(tenant), actor, action: "delete", entity: "pk_row", entity_id: Some(row_id), before: None, after: None };
    record(&mut tx, change, Some(&rows[index]), None).await?;
    tx.commit().await?;
    Ok(())
}

/// Adds a budget row (`row_id` = `None`) or replaces one.
pub async fn save_budget(pool: &Pool, tenant: TenantId, actor: &Actor, version: i64, row_id: Option<i64>, row: &BudgetRow) -> Result<i64> {
    let mut tx = begin_write(pool).await?;
    editable(&mut tx, tenant, version).await?;
    let id = match row_id {
        Some(id) => {
            let updated = sqlx::query(
                "UPDATE pk_budget SET code = $4, name = $5, amount = $6, note = $7 WHERE tenant_id = $1 AND version_id = $2 AND id = $3",
            )
            .bind(tenant.0)
            .bind(version)
            .bind(id)
            .bind(&row.code)
            .bind(&row.name)
            .bind(row.amount.normalize().to_string())
            .bind(&row.note)
            .execute(&mut *tx)
            .await?;
            if updated.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            id
        }
        None => {
            let position: i32 = sqlx::query_scalar("SELECT COALESCE(MAX(position) + 1, 0) FROM pk_budget WHERE version_id = $1")
                .bind(version)
                .fetch_one(&mut *tx)
                .await?;
            insert_budget(&mut tx, tenant, version, position, row).await?
        }
    };
    touch(&mut tx, tenant, version).await?;
    let action = if row_id.is_some() { "update" } else { "create" };
    let change = Change { tenant: Some(tenant), actor, action, entity: "pk_budget", entity_id: Some(id), before: None, after: None };
    record(&mut tx, change, None, Some(row)).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn delete_budget(pool: &Pool, tenant: TenantId, actor: &Actor, version: i64, row_id: i64) -> Result<()> {
    let mut tx = begin_write(pool).await?;
    editable(&mut tx, tenant, version).await?;
    let deleted = sqlx::query("DELETE FROM pk_budget WHERE tenant_id = $1 AND version_id = $2 AND id = $3")
        .bind(tenant.0)
        .bind(version)
        .bind(row_id)
        .execute(&mut *tx)
        .await?;
    if deleted.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    touch(&mut tx, tenant, version).await?;
    let change = Change { tenant: Some(tenant), actor, action: "delete", entity: "pk_budget", entity_id: Some(row_id), before: None, after: None };
    record::<()>(&mut tx, change, None, None).await?;
    tx.commit().await?;
    Ok(())
}

/// Sets the place and date printed above the signatures.
pub async fn set_place(pool: &Pool, tenant: TenantId, actor: &Actor, version: i64, place: &str, date: time::Date) -> Result<()> {
    let mut tx = begin_write(pool).await?;
    editable(&mut tx, tenant, version).await?;
    sqlx::query("UPDATE pk_version SET place = $3, signed_on = $4, updated_at = $5 WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.0)
        .bind(version)
        .bind(place)
        .bind(date)
        .bind(now())
        .execute(&mut *tx)
        .await?;
    let after = serde_json::json!({ "place": place, "date": date.to_string() });
    let change = Change { tenant: Some(tenant), actor, action: "update", entity: "pk_version", entity_id: Some(version), before: None, after: None };
    record(&mut tx, change, None, Some(&after)).await?;
    tx.commit().await?;
    Ok(())
}

async fn set_status(tx: &mut Tx, tenant: TenantId, version: i64, from: PkStatus, to: PkStatus) -> Result<()> {
    let updated = sqlx::query("UPDATE pk_version SET status = $4, updated_at = $5 WHERE tenant_id = $1 AND id = $2 AND status = $3")
        .bind(tenant.0)
        .bind(version)
        .bind(from.key())
        .bind(to.key())
        .bind(now())
        .execute(&mut **tx)
        .await?;
    if updated.rows_affected() == 1 {
        Ok(())
    } else {
        // Someone else moved it first.
        Err(Invalid::one("status", Reason::StepNotAllowed).into())
    }
}

/// Submits, returns (with `note`), approves or revokes a version. Approval
/// fixes the canonical content and its digest, which the signers sign.
pub async fn step(pool: &Pool, tenant: TenantId, actor: &Actor, version: i64, step: Step, note: &str) -> Result<PkStatus> {
    let current = get(pool, tenant, version).await?;
    let from = current.header.status;
    let solo = !current.content.level.has_second_party();
    let to = from.after(step, solo).map_err(|reason| Invalid::one("status", reason))?;
    if matches!(step, Step::SignFirst | Step::SignSecond | Step::Replace) {
        return Err(Invalid::one("status", Reason::StepNotAllowed).into());
    }
    if step == Step::Submit {
        current.content.check_complete()?;
    }
    if matches!(step, Step::Return | Step::Revoke) && note.trim().is_empty() {
        return Err(Invalid::one("note", Reason::Required).into());
    }
    let mut tx = begin_write(pool).await?;
    set_status(&mut tx, tenant, version, from, to).await?;
    match step {
        Step::Approve => {
            let document = current.content.document();
            sqlx::query("UPDATE pk_version SET canonical = $3, digest = $4, review_note = NULL WHERE tenant_id = $1 AND id = $2")
                .bind(tenant.0)
                .bind(version)
                .bind(String::from_utf8_lossy(&document.canonical()).into_owned())
                .bind(digest_hex(&document.digest()))
                .execute(&mut *tx)
                .await?;
        }
        Step::Return => {
            sqlx::query("UPDATE pk_version SET canonical = NULL, digest = NULL, review_note = $3 WHERE tenant_id = $1 AND id = $2")
                .bind(tenant.0)
                .bind(version)
                .bind(note.trim())
                .execute(&mut *tx)
                .await?;
        }
        Step::Revoke => {
            sqlx::query("UPDATE pk_version SET review_note = $3 WHERE tenant_id = $1 AND id = $2")
                .bind(tenant.0)
                .bind(version)
                .bind(note.trim())
                .execute(&mut *tx)
                .await?;
        }
        _ => {}
    }
    let before = serde_json::json!({ "status": from.key() });
    let after = serde_json::json!({ "status": to.key(), "note": note.trim() });
    let change = Change { tenant: Some(tenant), actor, action: to.key(), entity: "pk_version", entity_id: Some(version), before: None, after: None };
    record(&mut tx, change, Some(&before), Some(&after)).await?;
    tx.commit().await?;
    Ok(to)
}

/// The official's active signing key, made on first use.
async fn active_key(tx: &mut Tx, tenant: TenantId, vault: &KeyVault, official: i64) -> Result<(i64, [u8; 32])> {
    let row: Option<(i64, String)> = sqlx::query_as(
        "SELECT id, sealed_seed FROM signing_key WHERE tenant_id = $1 AND official_id = $2 AND retired_at IS NULL",
    )
    .bind(tenant.0)
    .bind(official)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some((id, sealed)) = row {
        return Ok((id, vault.open(&sealed)?));
    }
    let seed = random::<32>()?;
    let id = insert_key(tx, tenant, vault, official, &seed).await?;
    Ok((id, seed))
}

async fn insert_key(tx: &mut Tx, tenant: TenantId, vault: &KeyVault, official: i64, seed: &[u8; 32]) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO signing_key (tenant_id, official_id, public_key, sealed_seed, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(tenant.0)
    .bind(official)
    .bind(hex::encode(domain::pk::public_key(seed)))
    .bind(vault.seal(seed)?)
    .bind(now())
    .fetch_one(&mut **tx)
    .await?)
}

/// Retires the official's active key and makes a new one; signatures made
/// with the old key keep verifying with its public half.
pub async fn rotate_key(pool: &Pool, tenant: TenantId, actor: &Actor, vault: &KeyVault, official: i64) -> Result<i64> {
    let mut tx = begin_write(pool).await?;
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM official WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.0)
        .bind(official)
        .fetch_optional(&mut *tx)
        .await?;
    exists.ok_or(StoreError::NotFound)?;
    sqlx::query("UPDATE signing_key SET retired_at = $3 WHERE tenant_id = $1 AND official_id = $2 AND retired_at IS NULL")
        .bind(tenant.0)
        .bind(official)
        .bind(now())
        .execute(&mut *tx)
        .await?;
    let id = insert_key(&mut tx, tenant, vault, official, &random::<32>()?).await?;
    let after = serde_json::json!({ "official": official, "key": id });
    let change = Change { tenant: Some(tenant), actor, action: "rotate", entity: "signing_key", entity_id: Some(id), before: None, after: None };
    record(&mut tx, change, None, Some(&after)).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn keys(pool: &Pool, tenant: TenantId, official: i64) -> Result<Vec<SigningKeyInfo>> {
    Ok(sqlx::query_as(
        "SELECT id, public_key, created_at, retired_at FROM signing_key WHERE tenant_id = $1 AND official_id = $2 ORDER BY id DESC",
    )
    .bind(tenant.0)
    .bind(official)
    .fetch_all(pool)
    .await?)
}

/// Signs a version as its first or second party. The content is read again
/// and must still give the digest fixed at approval; a version that comes
/// into force replaces the one in force before it.
pub async fn sign(pool: &Pool, tenant: TenantId, actor: &Actor, vault: &KeyVault, version: i64, official: i64) -> Result<PkStatus> {
    let current = get(pool, tenant, version).await?;
    let solo = !current.content.level.has_second_party();
    let party = current
        .content
        .signing_party(current.header.status, official)
        .ok_or_else(|| Invalid::one("status", Reason::StepNotAllowed))?;
    let from = current.header.status;
    let to = from.after(party.step(), solo).map_err(|reason| Invalid::one("status", reason))?;
    let digest = current.content.document().digest();
    if current.header.digest.as_deref() != Some(digest_hex(&digest).as_str()) {
        tracing::error!(version, "pk content differs from the approved digest");
        return Err(Invalid::one("status", Reason::Tampered).into());
    }
    let user = actor.user_id.ok_or(StoreError::NotFound)?;
    let mut tx = begin_write(pool).await?;
    let (key_id, seed) = active_key(&mut tx, tenant, vault, official).await?;
    let signature = domain::pk::sign(&seed, &digest);
    set_status(&mut tx, tenant, version, from, to).await?;
    sqlx::query(
        "INSERT INTO pk_signature (tenant_id, version_id, party, official_id, user_id, key_id, signed_at, digest, signature)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(tenant.0)
    .bind(version)
    .bind(party.key())
    .bind(official)
    .bind(user.0)
    .bind(key_id)
    .bind(now())
    .bind(digest_hex(&digest))
    .bind(hex::encode(signature))
    .execute(&mut *tx)
    .await?;
    if to == PkStatus::InForce {
        sqlx::query(
            "UPDATE pk_version SET status = 'replaced', updated_at = $4
             WHERE tenant_id = $1 AND pk_id = $2 AND id <> $3 AND status = 'in_force'",
        )
        .bind(tenant.0)
        .bind(current.header.pk_id)
        .bind(version)
        .bind(now())
        .execute(&mut *tx)
        .await?;
    }
    let after = serde_json::json!({ "status": to.key(), "party": party, "key": key_id, "digest": digest_hex(&digest) });
    let change = Change { tenant: Some(tenant), actor, action: "sign", entity: "pk_version", entity_id: Some(version), before: None, after: None };
    record(&mut tx, change, None, Some(&after)).await?;
    tx.commit().await?;
    Ok(to)
}

/// Starts a PK Perubahan from the version in force: the same rows and
/// budget, today's holders as parties, and the reason.
pub async fn amend(
    pool: &Pool,
    tenant: TenantId,
    actor: &Actor,
    version: i64,
    reason: AmendmentReason,
    note: &str,
    today: time::Date,
) -> Result<i64> {
    let current = get(pool, tenant, version).await?;
    domain::pk::may_amend(current.header.status, current.history.iter().map(|(_, _, status)| *status))
        .map_err(|reason| Invalid::one("status", reason))?;
    let note = domain::text::required_text(note, 1000).map_err(|r| Invalid::one("note", r))?;
    let position = position_row(pool, tenant, current.header.position_id).await?;
    let first = holder(pool, tenant, &position, today).await?.ok_or_else(|| Invalid::one("position", Reason::Vacant))?;
    let second = match current.header.superior_position_id {
        Some(id) => {
            let superior = position_row(pool, tenant, id).await?;
            Some(holder(pool, tenant, &superior, today).await?.ok_or_else(|| Invalid::one("second_party", Reason::Vacant))?)
        }
        None => None,
    };
    let number = current.history.iter().map(|(_, n, _)| *n).max().unwrap_or(0) + 1;
    let mut tx = begin_write(pool).await?;
    let id = insert_version(
        &mut tx,
        tenant,
        current.header.pk_id,
        number,
        &first,
        second.as_ref(),
        &current.content.place,
        today,
        Some((reason, &note)),
    )
    .await?;
    write_rows(&mut tx, tenant, id, &current.content.rows).await?;
    write_budget(&mut tx, tenant, id, &current.content.budget).await?;
    let after = serde_json::json!({ "number": number, "reason": reason.key(), "note": note, "replaces": version });
    let change = Change { tenant: Some(tenant), actor, action: "amend", entity: "pk_version", entity_id: Some(id), before: None, after: None };
    record(&mut tx, change, None, Some(&after)).await?;
    tx.commit().await?;
    Ok(id)
}

/// The official an account signs as, if any.
pub async fn official_of_user(pool: &Pool, user: i64) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT official_id FROM app_user WHERE id = $1").bind(user).fetch_optional(pool).await?.flatten())
}

/// Links an account to the official with this NIP, whom it then signs as,
/// or unlinks it (`None`).
pub async fn link_official(pool: &Pool, tenant: TenantId, actor: &Actor, user: i64, nip: Option<&str>) -> Result<()> {
    let mut tx = begin_write(pool).await?;
    let official: Option<i64> = match nip {
        Some(nip) => Some(
            sqlx::query_scalar("SELECT id FROM official WHERE tenant_id = $1 AND nip = $2")
                .bind(tenant.0)
                .bind(nip)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(|| Invalid::one("nip", Reason::NotFound))?,
        ),
        None => None,
    };
    let updated = sqlx::query("UPDATE app_user SET official_id = $3 WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.0)
        .bind(user)
        .bind(official)
        .execute(&mut *tx)
        .await?;
    if updated.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    let after = serde_json::json!({ "official": official, "nip": nip });
    let change = Change { tenant: Some(tenant), actor, action: "update", entity: "app_user_official", entity_id: Some(user), before: None, after: None };
    record(&mut tx, change, None, Some(&after)).await?;
    tx.commit().await?;
    Ok(())
}

/// Drafts, from the plan, the PK of every position of the pemda that has
/// none for `year` and a holder today, superiors first so that each row can
/// link to the one it supports. An OPD's programs are shared out among its
/// administrators and each administrator's kegiatan among the pengawas
/// under them (see `domain::pk::share`); people then adjust the drafts.
/// Returns how many were made.
pub async fn create_all(pool: &Pool, tenant: TenantId, actor: &Actor, year: i32, today: time::Date) -> Result<usize> {
    use domain::planning::ElementKind;
    let slots = slots(pool, tenant, year, None, today).await?;
    let mut plans: HashMap<i64, Option<domain::cascade::Plan>> = HashMap::new();
    let mut programs_of_admin: HashMap<i64, Vec<String>> = HashMap::new();
    let mut superiors: HashMap<i64, Option<i64>> = HashMap::new();
    let mut made = 0;
    for slot in slots.iter().filter(|s| s.holder.is_some()) {
        let row = position_row(pool, tenant, slot.position_id).await?;
        let Some(level) = PkLevel::of(slot.position_level) else { continue };
        superiors.insert(slot.position_id, superior_position(pool, tenant, &row, level).await?);
        let plan = match slot.opd_id {
            Some(opd) if matches!(level, PkLevel::Administrator | PkLevel::Pengawas) => {
                if let std::collections::hash_map::Entry::Vacant(entry) = plans.entry(opd) {
                    entry.insert(match renstra_for(pool, tenant, opd, year).await? {
                        Some(id) => Some(super::planning::load(pool, tenant, id).await?),
                        None => None,
                    });
                }
                plans.get(&opd).and_then(Option::as_ref)
            }
            _ => None,
        };
        let siblings = |wanted: PositionLevel, superior: Option<i64>| -> Vec<i64> {
            slots
                .iter()
                .filter(|s| s.position_level == wanted && s.opd_id == slot.opd_id && s.holder.is_some())
                .filter(|s| {
                    wanted == PositionLevel::Administrator || superiors.get(&s.position_id).copied().flatten() == superior
                })
                .map(|s| s.position_id)
                .collect()
        };
        let codes = |plan: &domain::cascade::Plan, kind: ElementKind, parents: Option<&[String]>| -> Vec<String> {
            plan.elements
                .iter()
                .filter(|e| e.draft.kind == kind)
                .filter(|e| parents.is_none_or(|p| e.draft.parent_code.as_ref().is_some_and(|c| p.contains(c))))
                .map(|e| e.draft.code.clone())
                .collect()
        };
        let chosen = match (level, plan) {
            (PkLevel::Administrator, Some(plan)) => {
                let admins = siblings(PositionLevel::Administrator, None);
                let index = admins.iter().position(|id| *id == slot.position_id).unwrap_or(0);
                let mine = domain::pk::share(&codes(plan, ElementKind::Program, None), admins.len(), index);
                programs_of_admin.insert(slot.position_id, mine.clone());
                mine
            }
            (PkLevel::Pengawas, Some(plan)) => {
                let superior = superiors.get(&slot.position_id).copied().flatten();
                let programs = superior.and_then(|s| programs_of_admin.get(&s)).cloned().unwrap_or_default();
                let peers = siblings(PositionLevel::Pengawas, superior);
                let index = peers.iter().position(|id| *id == slot.position_id).unwrap_or(0);
                domain::pk::share(&codes(plan, ElementKind::Kegiatan, Some(&programs)), peers.len(), index)
            }
            _ => Vec::new(),
        };
        if slot.pk_id.is_some() {
            continue;
        }
        match create(pool, tenant, actor, slot.position_id, year, &chosen, today).await {
            Ok(_) => made += 1,
            // A superior position left vacant: that PK waits for a holder.
            Err(StoreError::Invalid(_)) => {}
            Err(other) => return Err(other),
        }
    }
    Ok(made)
}

/// The OPD's Renstra in force for `year`.
async fn renstra_for(pool: &Pool, tenant: TenantId, opd: i64, year: i32) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM plan WHERE tenant_id = $1 AND opd_id = $2 AND kind = 'renstra' AND superseded_by IS NULL
           AND start_year <= $3 AND end_year >= $3 ORDER BY start_year DESC LIMIT 1",
    )
    .bind(tenant.0)
    .bind(opd)
    .bind(year)
    .fetch_optional(pool)
    .await?)
}
