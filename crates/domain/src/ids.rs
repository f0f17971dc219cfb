//! Typed row identifiers, so that an OPD id can never be passed where a unit id is expected.

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

id_type!(
    /// A pemda (tenant) row.
    TenantId,
    /// A perangkat daerah (OPD) row.
    OpdId,
    /// A unit (bidang, bagian, sub-bagian, seksi) inside an OPD.
    UnitId,
    /// A position (jabatan).
    PositionId,
    /// An official (pegawai).
    OfficialId,
    /// An assignment of an official to a position over a dated period.
    AssignmentId,
    /// A login account.
    UserId,
    /// An API bearer token.
    ApiTokenId,
);
