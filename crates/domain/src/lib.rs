//! Kinerja's domain: the types and rules of regional performance accountability.
//!
//! Nothing here does IO or async work. Values are parsed at the boundary into
//! the types below (`Nip`, `TenantCode`, `Golongan`, …) so that code further in
//! never has to re-check them.

// Entered values reach the arithmetic here; an overflow must be a defined
// result (`checked_*`) or provably impossible (`saturating_*`), never a panic.
#![cfg_attr(not(test), deny(clippy::arithmetic_side_effects))]

pub mod access;
pub mod audit;
pub mod capaian;
pub mod cascade;
pub mod drafts;
pub mod format;
pub mod ids;
pub mod locale;
pub mod nip;
pub mod nomenclature;
pub mod number;
pub mod org;
pub mod pangkat;
pub mod pk;
pub mod planning;
pub mod realisation;
pub mod region;
pub mod rulebook;
pub mod text;
pub mod validation;

pub use ids::*;
pub use locale::Locale;
pub use validation::{FieldError, Invalid, Reason};

/// A decimal written in a test, as it would be typed in the API.
#[cfg(test)]
pub(crate) fn d(text: &str) -> rust_decimal::Decimal {
    text.parse().expect("a decimal literal in a test")
}
