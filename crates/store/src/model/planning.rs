//! Planning: the nomenclature reference list, the Renja and changes to plan elements.

use serde::Serialize;
use time::Date;

/// A version of the nomenclature reference list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NomenclatureVersion {
    pub id: String,
    pub title: String,
    pub regulation: String,
    pub issued_on: Date,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NomenclatureEntry {
    pub code: domain::nomenclature::NomenclatureCode,
    pub level: domain::nomenclature::CodeLevel,
    pub name: String,
}

/// A program, kegiatan or sub-kegiatan of an OPD's year: the Renstra's
/// indicative pagu beside the Renja budget and its change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RenjaRow {
    pub element_id: i64,
    pub plan_id: i64,
    pub kind: domain::planning::ElementKind,
    pub code: String,
    pub name: String,
    pub planned: Option<rust_decimal::Decimal>,
    pub pagu: Option<rust_decimal::Decimal>,
    pub pagu_perubahan: Option<rust_decimal::Decimal>,
}

impl RenjaRow {
    pub fn item(&self) -> domain::planning::RenjaItem {
        domain::planning::RenjaItem {
            kind: self.kind,
            code: self.code.clone(),
            name: self.name.clone(),
            planned: self.planned,
            pagu: self.pagu,
            pagu_perubahan: self.pagu_perubahan,
        }
    }

    pub fn pagu_in_force(&self) -> Option<rust_decimal::Decimal> {
        domain::planning::pagu_in_force(self.pagu, self.pagu_perubahan)
    }
}

/// The changeable parts of a plan element: its fields, its budget per year
/// and, for a Renstra sasaran, the codes of the RPJMD sasaran it supports.
#[derive(Debug, Clone, Copy)]
pub struct ElementUpdate<'a> {
    pub draft: &'a domain::planning::ElementDraft,
    pub budgets: &'a [(i32, rust_decimal::Decimal)],
    pub supports: &'a [String],
}

/// One Renja item's budget for a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenjaEntry {
    pub opd: i64,
    pub year: i32,
    pub element: i64,
    pub pagu: rust_decimal::Decimal,
    pub pagu_perubahan: Option<rust_decimal::Decimal>,
}
