// Nomenclature reference data (Permendagri 90/2019 and its Kepmendagri updates).
// Included by backend.rs for each database. National data: no tenant.

use crate::backend::now;
use crate::model::{NomenclatureEntry, NomenclatureVersion};

/// Adds a version with its codes, or nothing if a version of that id exists.
/// Returns whether it was added.
pub async fn add_version(pool: &Pool, version: &NomenclatureVersion, entries: &[NomenclatureEntry]) -> Result<bool> {
    let mut tx = begin_write(pool).await?;
    let inserted = sqlx::query(
        "INSERT INTO nomenclature_version (id, title, regulation, issued_on, source, imported_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING",
    )
    .bind(&version.id)
    .bind(&version.title)
    .bind(&version.regulation)
    .bind(version.issued_on)
    .bind(&version.source)
    .bind(now())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Ok(false);
    }
    for chunk in entries.chunks(500) {
        let mut insert = sqlx::QueryBuilder::<Db>::new("INSERT INTO nomenclature (version_id, code, level, name) ");
        insert.push_values(chunk, |mut row, entry| {
            row.push_bind(&version.id).push_bind(entry.code.as_str()).push_bind(entry.level.key()).push_bind(&entry.name);
        });
        insert.build().execute(&mut *tx).await.map_err(|e| crate::StoreError::from(e).unique_as("code"))?;
    }
    tx.commit_unaudited("national reference data: a versioned code list, never changed once loaded").await?;
    Ok(true)
}

/// Every version, newest first, with its number of codes.
pub async fn versions(pool: &Pool) -> Result<Vec<(NomenclatureVersion, i64)>> {
    let rows: Vec<(String, String, String, time::Date, String, i64)> = sqlx::query_as(
        "SELECT v.id, v.title, v.regulation, v.issued_on, v.source,
                (SELECT COUNT(*) FROM nomenclature n WHERE n.version_id = v.id)
         FROM nomenclature_version v ORDER BY v.issued_on DESC, v.id DESC",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, title, regulation, issued_on, source, count)| {
            (NomenclatureVersion { id, title, regulation, issued_on, source }, count)
        })
        .collect())
}

/// Codes of the version in force under `prefix` (a bidang, a program…), for choosers.
pub async fn children(pool: &Pool, prefix: &str) -> Result<Vec<(String, String, String)>> {
    let pattern = format!("{prefix}.%");
    Ok(sqlx::query_as(
        "SELECT code, level, name FROM nomenclature WHERE version_id =
           (SELECT id FROM nomenclature_version ORDER BY issued_on DESC, id DESC LIMIT 1) AND code LIKE $1
         ORDER BY code",
    )
    .bind(pattern)
    .fetch_all(pool)
    .await?)
}
