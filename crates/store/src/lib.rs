//! Kinerja's persistence over SQLite (one pemda on a laptop-class server) or
//! PostgreSQL (a province or the nation, several app instances).
//!
//! The SQL in `queries/` is written once, in the dialect both databases share,
//! and compiled for each backend (see `backend.rs`). Every function takes the
//! tenant first and filters on it, and every write records an audit entry in
//! the same transaction, so a failed request leaves nothing half-written. A
//! write transaction (`backend::Write`) refuses to commit without its audit
//! entry; the few writes that are not a pemda's data (sessions, the login
//! throttle, API token use, shipped reference data, the issued PDF of a
//! signed PK, pending workbook uploads) say so where they commit or do not
//! open a write transaction at all.

mod backend;
pub mod capaian;
mod error;
pub mod model;
pub mod objects;
pub mod reference;
mod store;
pub mod vault;

pub use capaian::{CapaianYear, OpdCapaian, TenantCapaian};
pub use error::StoreError;
pub use model::*;
pub use objects::{EvidenceFiles, S3Settings};
pub use store::{Store, StoreOptions, Synchronous};
pub use vault::{KeyVault, VaultError};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
