//! The capaian engine's inputs: quarterly values, a pemda's year, generated national data.

use domain::TenantId;

/// A quarter's target and actual of one indicator, for the bulk loader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuarterValue {
    pub indicator: i64,
    pub quarter: domain::capaian::Quarter,
    pub target: Option<rust_decimal::Decimal>,
    pub actual: Option<rust_decimal::Decimal>,
}

/// One pemda's indicators for a year, by OPD (`None` for the RPJMD's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantYear {
    pub tenant: TenantId,
    pub opds: Vec<(Option<i64>, Vec<domain::capaian::IndicatorYear>)>,
}

/// The size of a generated national data set (see `Store::generate_national`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NationalSpec {
    pub tenants: i64,
    /// OPDs per pemda, each with one Renstra.
    pub opds: i64,
    /// Sasaran per OPD.
    pub sasaran: i64,
    /// Indicators per OPD, spread over its sasaran, each with four quarters.
    pub indicators: i64,
    pub year: i32,
}
