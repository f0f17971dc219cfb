// Failed logins per (name, client address) pair, shared by every instance.
// The pair is stored as a hash: the same for names that exist and names
// that do not. Included by backend.rs for each database.

use time::OffsetDateTime;

/// Failures older than this no longer count towards a wait.
const FORGET_AFTER: time::Duration = time::Duration::hours(1);

/// Until when the pair must wait, if it must.
pub async fn blocked_until(pool: &Pool, pair_hash: &str, now: OffsetDateTime) -> Result<Option<OffsetDateTime>> {
    let until: Option<Option<OffsetDateTime>> =
        sqlx::query_scalar("SELECT blocked_until FROM login_throttle WHERE pair_hash = $1")
            .bind(pair_hash)
            .fetch_optional(pool)
            .await?;
    Ok(until.flatten().filter(|until| *until > now))
}

/// Counts a failed login of the pair; returns until when it must now wait, if it must.
pub async fn failed(pool: &Pool, pair_hash: &str, now: OffsetDateTime) -> Result<Option<OffsetDateTime>> {
    let mut tx = begin_write(pool).await?;
    let failures: i32 = sqlx::query_scalar(
        "INSERT INTO login_throttle (pair_hash, failures, updated_at) VALUES ($1, 1, $2)
         ON CONFLICT (pair_hash) DO UPDATE
         SET failures = CASE WHEN login_throttle.updated_at < $3 THEN 1 ELSE login_throttle.failures + 1 END,
             updated_at = excluded.updated_at
         RETURNING failures",
    )
    .bind(pair_hash)
    .bind(now)
    .bind(now - FORGET_AFTER)
    .fetch_one(&mut *tx)
    .await?;
    let until = domain::access::login_backoff(u32::try_from(failures).unwrap_or(u32::MAX)).map(|wait| now + wait);
    sqlx::query("UPDATE login_throttle SET blocked_until = $2 WHERE pair_hash = $1")
        .bind(pair_hash)
        .bind(until)
        .execute(&mut *tx)
        .await?;
    tx.commit_unaudited("a login throttle counter").await?;
    Ok(until)
}

/// A successful login forgets the pair's failures.
pub async fn cleared(pool: &Pool, pair_hash: &str) -> Result<()> {
    sqlx::query("DELETE FROM login_throttle WHERE pair_hash = $1").bind(pair_hash).execute(pool).await?;
    Ok(())
}

/// Removes pairs that no longer wait and whose failures are forgotten.
pub async fn purge(pool: &Pool, now: OffsetDateTime) -> Result<u64> {
    Ok(sqlx::query("DELETE FROM login_throttle WHERE updated_at < $1 AND (blocked_until IS NULL OR blocked_until < $2)")
        .bind(now - FORGET_AFTER)
        .bind(now)
        .execute(pool)
        .await?
        .rows_affected())
}
