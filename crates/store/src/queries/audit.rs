// Append-only, hash-chained audit log. Included by backend.rs for each database.

use crate::backend::now;
use crate::model::{Actor, AuditEntry, AuditQuery, Page};
use domain::TenantId;
use domain::audit::{AuditContent, ChainFault, ChainWalker, GENESIS, StoredEntry, entry_hash};

/// One change to record.
pub struct Change<'a> {
    pub tenant: Option<TenantId>,
    pub actor: &'a Actor,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<i64>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

pub fn at_text(at: time::OffsetDateTime) -> String {
    let format = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z"
    );
    at.to_offset(time::UtcOffset::UTC).format(&format).unwrap_or_default()
}

/// Records a change inside the caller's write transaction.
pub async fn append(tx: &mut Tx, change: Change<'_>) -> Result<()> {
    tx.mark_audited();
    let chain = change.tenant.map_or(0, |t| t.0);
    // The UPDATE locks the chain head until commit, so entries of one chain are
    // numbered and linked one at a time, even across app instances. A chain's
    // first entry finds no head and starts it from the genesis hash.
    let advance = || sqlx::query_as("UPDATE audit_head SET seq = seq + 1 WHERE chain = $1 RETURNING seq, hash").bind(chain);
    let (seq, prev_hash): (i64, String) = match advance().fetch_optional(&mut **tx).await? {
        Some(head) => head,
        None => {
            sqlx::query("INSERT INTO audit_head (chain, seq, hash) VALUES ($1, 0, $2) ON CONFLICT (chain) DO NOTHING")
                .bind(chain)
                .bind(GENESIS)
                .execute(&mut **tx)
                .await?;
            advance().fetch_one(&mut **tx).await?
        }
    };
    let at = now();
    let at_string = at_text(at);
    let before = change.before.map(|v| v.to_string());
    let after = change.after.map(|v| v.to_string());
    let content = AuditContent {
        chain,
        seq,
        at: &at_string,
        actor_user_id: change.actor.user_id.map(|u| u.0),
        actor: &change.actor.name,
        action: change.action,
        entity: change.entity,
        entity_id: change.entity_id,
        before: before.as_deref(),
        after: after.as_deref(),
    };
    let hash = entry_hash(&prev_hash, &content);
    sqlx::query("UPDATE audit_head SET hash = $2 WHERE chain = $1")
        .bind(chain)
        .bind(&hash)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO audit_log (chain, seq, tenant_id, at, actor_user_id, actor, action, entity, entity_id,
                                before_value, after_value, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(chain)
    .bind(seq)
    .bind(change.tenant.map(|t| t.0))
    .bind(at)
    .bind(content.actor_user_id)
    .bind(&change.actor.name)
    .bind(change.action)
    .bind(change.entity)
    .bind(change.entity_id)
    .bind(&before)
    .bind(&after)
    .bind(&prev_hash)
    .bind(&hash)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// How many entries the pemda's chain holds. Every write to a pemda's data
/// appends to its chain, so this number changes exactly when the data does.
pub async fn version(pool: &Pool, tenant: TenantId) -> Result<i64> {
    let seq: Option<i64> =
        sqlx::query_scalar("SELECT seq FROM audit_head WHERE chain = $1").bind(tenant.0).fetch_optional(pool).await?;
    Ok(seq.unwrap_or(0))
}

pub async fn list(pool: &Pool, tenant: TenantId, query: &AuditQuery) -> Result<Page<AuditEntry>> {
    let per_page = query.per_page.clamp(1, 200);
    let offset = i64::from(query.page.max(1) - 1) * i64::from(per_page);
    let from = query.from.map(|d| d.midnight().assume_utc());
    let until = query.until.and_then(|d| d.next_day()).map(|d| d.midnight().assume_utc());
    let actor = query.actor.as_deref().and_then(crate::model::like_pattern);
    let total: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE tenant_id = $1
           AND ($2 IS NULL OR entity = $2) AND ($3 IS NULL OR action = $3)
           AND ($4 IS NULL OR lower(actor) LIKE $4 ESCAPE '\\') AND ($5 IS NULL OR at >= $5) AND ($6 IS NULL OR at < $6)",
    )
    .bind(tenant.0)
    .bind(&query.entity)
    .bind(&query.action)
    .bind(&actor)
    .bind(from)
    .bind(until)
    .fetch_one(pool)
    .await?;
    let items = sqlx::query_as(
        "SELECT id, chain, seq, tenant_id, at, actor_user_id, actor, action, entity, entity_id,
                before_value, after_value, prev_hash, hash
         FROM audit_log WHERE tenant_id = $1
           AND ($2 IS NULL OR entity = $2) AND ($3 IS NULL OR action = $3)
           AND ($4 IS NULL OR lower(actor) LIKE $4 ESCAPE '\\') AND ($5 IS NULL OR at >= $5) AND ($6 IS NULL OR at < $6)
         ORDER BY id DESC LIMIT $7 OFFSET $8",
    )
    .bind(tenant.0)
    .bind(&query.entity)
    .bind(&query.action)
    .bind(&actor)
    .bind(from)
    .bind(until)
    .bind(i64::from(per_page))
    .bind(offset)
    .fetch_all(pool)
    .await?;
    Ok(Page { items, total, page: query.page.max(1), per_page })
}

/// Walks every chain and reports entries that were changed or deleted.
pub async fn verify(pool: &Pool) -> Result<(i64, Vec<ChainFault>)> {
    let mut heads: Vec<(i64, i64, String)> =
        sqlx::query_as("SELECT chain, seq, hash FROM audit_head ORDER BY chain").fetch_all(pool).await?;
    let logged: Vec<i64> = sqlx::query_scalar("SELECT DISTINCT chain FROM audit_log").fetch_all(pool).await?;
    for chain in logged {
        if !heads.iter().any(|(c, _, _)| *c == chain) {
            heads.push((chain, 0, GENESIS.to_owned()));
        }
    }
    let mut checked = 0;
    let mut faults = Vec::new();
    for (chain, head_seq, head_hash) in heads {
        let entries: Vec<AuditEntry> = sqlx::query_as(
            "SELECT id, chain, seq, tenant_id, at, actor_user_id, actor, action, entity, entity_id,
                    before_value, after_value, prev_hash, hash
             FROM audit_log WHERE chain = $1 ORDER BY seq",
        )
        .bind(chain)
        .fetch_all(pool)
        .await?;
        let mut walker = ChainWalker::new(chain);
        for entry in &entries {
            let at = at_text(entry.at);
            walker.visit(&StoredEntry {
                content: AuditContent {
                    chain: entry.chain,
                    seq: entry.seq,
                    at: &at,
                    actor_user_id: entry.actor_user_id,
                    actor: &entry.actor,
                    action: &entry.action,
                    entity: &entry.entity,
                    entity_id: entry.entity_id,
                    before: entry.before_value.as_deref(),
                    after: entry.after_value.as_deref(),
                },
                prev_hash: &entry.prev_hash,
                hash: &entry.hash,
            });
        }
        checked += entries.len() as i64;
        faults.extend(walker.finish(head_seq, &head_hash));
    }
    Ok((checked, faults))
}

impl<'a> Change<'a> {
    /// A change of one row, before its values are known.
    pub fn row(tenant: Option<TenantId>, actor: &'a Actor, action: &'a str, entity: &'a str, entity_id: i64) -> Self {
        Change { tenant, actor, action, entity, entity_id: Some(entity_id), before: None, after: None }
    }
}

/// Records a change of one row, given its states before and after.
pub async fn record<T: serde::Serialize>(tx: &mut Tx, change: Change<'_>, before: Option<&T>, after: Option<&T>) -> Result<()> {
    let before = before.map(serde_json::to_value).transpose()?;
    let after = after.map(serde_json::to_value).transpose()?;
    append(tx, Change { before, after, ..change }).await
}
