//! The audit log's hash chain.
//!
//! Each entry's hash covers the previous entry's hash and the entry's own
//! canonical content, so changing or deleting any entry breaks every hash
//! after it. Entries are chained per pemda (chain 0 holds national events) so
//! that pemda do not wait on each other's writes.

use crate::{Invalid, Reason};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The content of one audit entry, as hashed.
#[derive(Debug, Clone, Serialize)]
pub struct AuditContent<'a> {
    pub chain: i64,
    pub seq: i64,
    /// RFC 3339 in UTC with microseconds, so both databases give back the same text.
    pub at: &'a str,
    pub actor_user_id: Option<i64>,
    pub actor: &'a str,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<i64>,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
}

/// The kinds of record the log speaks of, as stored in its `entity` column.
pub const ENTITIES: &[&str] = &[
    "tenant",
    "opd",
    "unit",
    "position",
    "official",
    "assignment",
    "user",
    "role_grant",
    "api_token",
    "plan",
    "plan_element",
    "indicator",
    "renja_item",
    "tenant_rulebook",
    "pk",
    "pk_version",
    "pk_row",
    "pk_budget",
    "signing_key",
    "app_user_official",
    "reporting_period",
    "realisation_report",
    "realisation",
    "budget_realisation",
    "evidence",
    "indicator_quarter",
];

/// What was done, as stored in the `action` column.
pub const ACTIONS: &[&str] = &[
    "create",
    "update",
    "delete",
    "password",
    "lock",
    "revoke",
    "approve",
    "revise",
    "import",
    "save",
    "upload",
    "submit",
    "return",
    "reopen",
    "correct",
    "submitted",
    "returned",
    "approved",
    "revoked",
    "sign",
    "amend",
    "rotate",
];

/// What the audit log may be filtered by; every part is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub entity: Option<String>,
    pub action: Option<String>,
    pub actor: Option<String>,
    pub from: Option<time::Date>,
    pub until: Option<time::Date>,
}

impl AuditFilter {
    /// Checks filters as a page or an API client gave them: an unknown
    /// entity or action, or a date that is not one, is named, never ignored.
    pub fn parse(entity: &str, action: &str, actor: &str, from: &str, until: &str) -> Result<AuditFilter, Invalid> {
        let mut invalid = Invalid::default();
        let one_of = |value: &str, allowed: &[&str]| match value.trim() {
            "" => Ok(None),
            v if allowed.contains(&v) => Ok(Some(v.to_owned())),
            _ => Err(Reason::UnknownOption),
        };
        let entity = invalid.check("entity", one_of(entity, ENTITIES));
        let action = invalid.check("action", one_of(action, ACTIONS));
        let from = invalid.check("from", crate::text::optional_date(from));
        let until = invalid.check("until", crate::text::optional_date(until));
        if let (Some(Some(from)), Some(Some(until))) = (from, until)
            && until < from
        {
            invalid.push("until", Reason::EndBeforeStart);
        }
        let actor = Some(actor.trim().to_owned()).filter(|a| !a.is_empty());
        invalid.finish(|| Some(AuditFilter { entity: entity?, action: action?, actor, from: from?, until: until? }))
    }
}

/// The hash of the first entry's predecessor.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Hex SHA-256 of the previous hash and the entry's canonical JSON.
pub fn entry_hash(previous: &str, content: &AuditContent<'_>) -> String {
    let mut hasher = Sha256::new();
    hasher.update(previous.as_bytes());
    hasher.update(b"\n");
    // Field order is fixed by the struct, so the serialisation is canonical.
    hasher.update(serde_json::to_vec(content).unwrap_or_default());
    hex(&hasher.finalize())
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len().saturating_mul(2));
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 15)] as char);
    }
    out
}

/// A problem found while walking a chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ChainFault {
    /// The entry's content no longer matches its hash.
    Altered { chain: i64, seq: i64 },
    /// One or more entries before this one are missing.
    Missing { chain: i64, after_seq: i64, found_seq: i64 },
    /// The entry does not link to its predecessor's hash.
    Unlinked { chain: i64, seq: i64 },
    /// The chain head records more entries than there are.
    Truncated { chain: i64, last_seq: i64, head_seq: i64 },
}

impl std::fmt::Display for ChainFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChainFault::Altered { chain, seq } => {
                write!(f, "chain {chain}: entry {seq} was changed")
            }
            ChainFault::Missing { chain, after_seq, found_seq } => {
                write!(
                    f,
                    "chain {chain}: entries {}..{} are missing",
                    after_seq.saturating_add(1),
                    found_seq.saturating_sub(1)
                )
            }
            ChainFault::Unlinked { chain, seq } => {
                write!(f, "chain {chain}: entry {seq} does not link to the entry before it")
            }
            ChainFault::Truncated { chain, last_seq, head_seq } => {
                write!(f, "chain {chain}: entries {}..{head_seq} were deleted from the end", last_seq.saturating_add(1))
            }
        }
    }
}

/// One stored entry as read back for verification.
pub struct StoredEntry<'a> {
    pub content: AuditContent<'a>,
    pub prev_hash: &'a str,
    pub hash: &'a str,
}

/// Walks one chain in `seq` order, carrying what the next entry must link to.
#[derive(Debug)]
pub struct ChainWalker {
    chain: i64,
    last_seq: i64,
    last_hash: String,
    pub faults: Vec<ChainFault>,
}

impl ChainWalker {
    pub fn new(chain: i64) -> Self {
        ChainWalker { chain, last_seq: 0, last_hash: GENESIS.to_owned(), faults: Vec::new() }
    }

    pub fn visit(&mut self, entry: &StoredEntry<'_>) {
        let chain = self.chain;
        let seq = entry.content.seq;
        if Some(seq) != self.last_seq.checked_add(1) {
            self.faults.push(ChainFault::Missing { chain, after_seq: self.last_seq, found_seq: seq });
        } else if entry.prev_hash != self.last_hash {
            self.faults.push(ChainFault::Unlinked { chain, seq });
        }
        if entry_hash(entry.prev_hash, &entry.content) != entry.hash {
            self.faults.push(ChainFault::Altered { chain, seq });
        }
        self.last_seq = seq;
        self.last_hash = entry.hash.to_owned();
    }

    /// Compares the end of the walk with the chain head kept beside the log.
    pub fn finish(mut self, head_seq: i64, head_hash: &str) -> Vec<ChainFault> {
        if head_seq > self.last_seq || (head_seq == self.last_seq && head_hash != self.last_hash) {
            self.faults.push(ChainFault::Truncated { chain: self.chain, last_seq: self.last_seq, head_seq });
        }
        self.faults
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(seq: i64, after: &str) -> AuditContent<'_> {
        AuditContent {
            chain: 1,
            seq,
            at: "2026-01-01T00:00:00.000000Z",
            actor_user_id: Some(1),
            actor: "admin",
            action: "create",
            entity: "opd",
            entity_id: Some(seq),
            before: None,
            after: Some(after),
        }
    }

    fn build(n: i64) -> Vec<(String, String, String)> {
        let mut prev = GENESIS.to_owned();
        (1..=n)
            .map(|seq| {
                let after = format!("{{\"n\":{seq}}}");
                let hash = entry_hash(&prev, &content(seq, &after));
                let row = (after, prev.clone(), hash.clone());
                prev = hash;
                row
            })
            .collect()
    }

    fn walk(rows: &[(i64, &(String, String, String))], head: (i64, &str)) -> Vec<ChainFault> {
        let mut walker = ChainWalker::new(1);
        for (seq, (after, prev, hash)) in rows {
            walker.visit(&StoredEntry { content: content(*seq, after), prev_hash: prev, hash });
        }
        walker.finish(head.0, head.1)
    }

    #[test]
    fn an_intact_chain_verifies() {
        let rows = build(5);
        let indexed: Vec<_> = rows.iter().enumerate().map(|(i, r)| (i as i64 + 1, r)).collect();
        assert_eq!(walk(&indexed, (5, &rows[4].2)), vec![]);
    }

    #[test]
    fn a_changed_entry_is_found() {
        let mut rows = build(3);
        rows[1].0 = "{\"n\":99}".into();
        let indexed: Vec<_> = rows.iter().enumerate().map(|(i, r)| (i as i64 + 1, r)).collect();
        assert_eq!(walk(&indexed, (3, &rows[2].2)), vec![ChainFault::Altered { chain: 1, seq: 2 }]);
    }

    #[test]
    fn deleted_entries_are_found_in_the_middle_and_at_the_end() {
        let rows = build(4);
        let without_second: Vec<_> = [(1, &rows[0]), (3, &rows[2]), (4, &rows[3])].to_vec();
        assert_eq!(
            walk(&without_second, (4, &rows[3].2)),
            vec![ChainFault::Missing { chain: 1, after_seq: 1, found_seq: 3 }]
        );
        let without_last: Vec<_> = [(1, &rows[0]), (2, &rows[1]), (3, &rows[2])].to_vec();
        assert_eq!(
            walk(&without_last, (4, &rows[3].2)),
            vec![ChainFault::Truncated { chain: 1, last_seq: 3, head_seq: 4 }]
        );
    }
}
