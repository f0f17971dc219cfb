//! The canonical content of a PK version: what is signed, and what any
//! later check recomputes from the stored rows. It is JSON with a fixed
//! field order, no ids of this database and numbers as canonical decimal
//! text, so the same agreement always gives the same bytes. The PDF is a
//! rendering of it and is never signed itself (rust-stack.md §6).

use super::{AmendmentReason, BudgetRow, Party, PkLevel, PkRow};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// Names the layout below; a change of layout is a new format.
pub const SIGNATURE_FORMAT: &str = "kinerja-pk/1";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PkDocument {
    pub format: &'static str,
    pub code: String,
    pub tenant_code: String,
    pub tenant_name: String,
    pub year: i32,
    pub version: i32,
    pub level: PkLevel,
    pub first: CanonicalParty,
    pub second: Option<CanonicalParty>,
    pub place: String,
    /// The date printed above the signatures, `YYYY-MM-DD`.
    pub date: String,
    pub rows: Vec<CanonicalRow>,
    pub budget: Vec<CanonicalBudget>,
    pub amendment: Option<CanonicalAmendment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CanonicalParty {
    pub name: String,
    pub nip: String,
    pub pangkat: String,
    pub position: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CanonicalRow {
    pub key: String,
    pub goal: String,
    pub indicator: String,
    pub unit: String,
    pub target: Option<String>,
    pub quarters: [Option<String>; 4],
    pub parent_key: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CanonicalBudget {
    pub code: String,
    pub name: String,
    pub amount: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CanonicalAmendment {
    pub reason: AmendmentReason,
    pub note: String,
}

impl From<&Party> for CanonicalParty {
    fn from(party: &Party) -> Self {
        CanonicalParty {
            name: party.name.clone(),
            nip: party.nip.clone(),
            pangkat: party.pangkat.clone(),
            position: party.position.clone(),
        }
    }
}

impl From<&PkRow> for CanonicalRow {
    fn from(row: &PkRow) -> Self {
        CanonicalRow {
            key: row.key.clone(),
            goal: row.goal.clone(),
            indicator: row.indicator.clone(),
            unit: row.unit.clone(),
            target: row.target.as_ref().map(|t| t.canonical()),
            quarters: row.quarters.map(|q| q.map(|d| d.normalize().to_string())),
            parent_key: row.parent_key.clone(),
        }
    }
}

impl From<&BudgetRow> for CanonicalBudget {
    fn from(row: &BudgetRow) -> Self {
        CanonicalBudget {
            code: row.code.clone(),
            name: row.name.clone(),
            amount: row.amount.normalize().to_string(),
            note: row.note.clone(),
        }
    }
}

impl PkDocument {
    /// The bytes that are hashed and signed.
    pub fn canonical(&self) -> Vec<u8> {
        // Plain structs, strings and options: serialization cannot fail.
        serde_json::to_vec(self).unwrap_or_default()
    }

    pub fn digest(&self) -> [u8; 32] {
        Sha256::digest(self.canonical()).into()
    }
}

pub fn digest_hex(digest: &[u8; 32]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The public key of a signer's secret seed.
pub fn public_key(seed: &[u8; 32]) -> [u8; 32] {
    SigningKey::from_bytes(seed).verifying_key().to_bytes()
}

/// Signs a version's digest with a signer's secret seed (Ed25519).
pub fn sign(seed: &[u8; 32], digest: &[u8; 32]) -> [u8; 64] {
    SigningKey::from_bytes(seed).sign(digest).to_bytes()
}

/// Whether `signature` is the holder of `public_key` signing `digest`.
pub fn verify(public_key: &[u8; 32], digest: &[u8; 32], signature: &[u8; 64]) -> bool {
    VerifyingKey::from_bytes(public_key).is_ok_and(|key| key.verify(digest, &Signature::from_bytes(signature)).is_ok())
}

/// Whether every signature holds for the content as it is now: each one by
/// its key over the digest recomputed from the content. One changed byte
/// of the content, or of a signature, makes this false.
pub fn signatures_hold(document: &PkDocument, signatures: &[([u8; 32], [u8; 64])]) -> bool {
    let digest = document.digest();
    !signatures.is_empty() && signatures.iter().all(|(key, signature)| verify(key, &digest, signature))
}
