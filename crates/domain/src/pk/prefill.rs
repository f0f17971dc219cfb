//! A new PK starts from the plan, so nothing is typed twice: the kepala
//! daerah's from the RPJMD sasaran, a kepala OPD's or camat's from the
//! Renstra sasaran, an administrator's from programs and their kegiatan, a
//! pengawas's from kegiatan and their sub-kegiatan; budgets from the Renja.
//! Each row is linked to the superior's row it supports where the plan says
//! so, and the rencana aksi starts as the annual target spread by the
//! indicator's aggregation.

use super::{BudgetRow, PkLevel, PkRow, RowSource};
use crate::cascade::{ElementContent, Plan};
use crate::planning::{Aggregation, ElementKind, RenjaItem, Target, renja_subtotal};
use rust_decimal::Decimal;

/// The plan a PK is drafted from.
pub struct PlanSource<'a> {
    pub plan: &'a Plan,
    pub year: i32,
    /// The Renja items of the OPD for the year (empty for the kepala daerah).
    pub renja: &'a [RenjaItem],
    /// For an administrator, the codes of their programs; for a pengawas,
    /// of their kegiatan. Ignored at the higher levels, which take all sasaran.
    pub chosen: &'a [String],
    /// The superior's rows, to link each new row to the one it supports.
    pub superior_rows: &'a [PkRow],
}

/// The rows and budget a new PK starts with.
pub fn prefill(level: PkLevel, source: &PlanSource<'_>) -> (Vec<PkRow>, Vec<BudgetRow>) {
    let plan = source.plan;
    let elements: Vec<&ElementContent> = match level {
        PkLevel::KepalaDaerah | PkLevel::KepalaOpd | PkLevel::Camat => {
            plan.elements.iter().filter(|e| e.draft.kind == ElementKind::Sasaran).collect()
        }
        PkLevel::Administrator | PkLevel::Pengawas => {
            let (top, below) = match level {
                PkLevel::Administrator => (ElementKind::Program, ElementKind::Kegiatan),
                _ => (ElementKind::Kegiatan, ElementKind::SubKegiatan),
            };
            let mut picked = Vec::new();
            for element in plan.elements.iter().filter(|e| e.draft.kind == top) {
                if source.chosen.contains(&element.draft.code) {
                    picked.push(element);
                    picked.extend(plan.children(&element.draft.code).filter(|c| c.draft.kind == below));
                }
            }
            picked
        }
    };
    let rows = elements
        .iter()
        .flat_map(|element| {
            element.indicators.iter().filter_map(move |indicator| {
                let id = indicator.id?;
                let draft = &indicator.draft;
                let target = draft.targets.iter().find(|(y, _)| *y == source.year).map(|(_, t)| t.clone());
                Some(PkRow {
                    key: format!("i{id}"),
                    goal: element.draft.name.clone(),
                    indicator: draft.name.clone(),
                    unit: draft.unit.clone(),
                    value_kind: draft.value_kind,
                    polarity: draft.polarity,
                    aggregation: draft.aggregation,
                    quarters: target.as_ref().map(|t| spread(draft.aggregation, t)).unwrap_or([None; 4]),
                    target,
                    parent_key: parent_key(plan, element, source.superior_rows),
                    source: Some(RowSource { indicator_id: id, element_code: element.draft.code.clone() }),
                })
            })
        })
        .collect();
    (rows, budget(level, source))
}

/// The superior row that an element's indicator supports: the first row of
/// the element above it (a Renstra sasaran's supported RPJMD sasaran, a
/// kegiatan's program, a program's sasaran), or of the element itself when
/// the superior holds it too.
fn parent_key(plan: &Plan, element: &ElementContent, superior_rows: &[PkRow]) -> Option<String> {
    let row_of = |code: &str| {
        superior_rows.iter().find(|r| r.source.as_ref().is_some_and(|s| s.element_code == code)).map(|r| r.key.clone())
    };
    let mut candidates: Vec<&str> = Vec::new();
    if element.draft.kind == ElementKind::Sasaran {
        candidates.extend(element.supports.iter().map(String::as_str));
    }
    let mut current = element;
    while let Some(parent) = current.draft.parent_code.as_deref().and_then(|code| plan.element(code)) {
        candidates.push(&current.draft.code);
        candidates.push(&parent.draft.code);
        current = parent;
    }
    candidates.into_iter().find_map(row_of)
}

/// Quarterly targets that aggregate to the annual one: the target each
/// quarter for last, average, max and min; a quarter of it (the remainder
/// on TW IV) for a cumulative sum. Ranges and levels are left to people.
pub(super) fn spread(aggregation: Aggregation, target: &Target) -> [Option<Decimal>; 4] {
    let Target::Value { value } = target else { return [None; 4] };
    match aggregation {
        Aggregation::Sum => {
            let Some(quarter) = value.checked_div(Decimal::from(4)).map(|q| q.round_dp(2)) else { return [None; 4] };
            let last = quarter.checked_mul(Decimal::from(3)).and_then(|three| value.checked_sub(three));
            let quarter = Some(quarter.normalize());
            [quarter, quarter, quarter, last.map(|l| l.normalize())]
        }
        Aggregation::Last | Aggregation::Average | Aggregation::Max | Aggregation::Min => [Some(*value); 4],
    }
}

fn budget(level: PkLevel, source: &PlanSource<'_>) -> Vec<BudgetRow> {
    let kinds: &[ElementKind] = match level {
        PkLevel::KepalaDaerah => return Vec::new(),
        PkLevel::KepalaOpd | PkLevel::Camat | PkLevel::Administrator => &[ElementKind::Program],
        PkLevel::Pengawas => &[ElementKind::Kegiatan, ElementKind::SubKegiatan],
    };
    let mine = |code: &str| match level {
        PkLevel::Administrator => source.chosen.iter().any(|c| c == code),
        PkLevel::Pengawas => source.chosen.iter().any(|c| code == c || code.starts_with(&format!("{c}."))),
        _ => true,
    };
    source
        .renja
        .iter()
        .filter(|item| kinds.contains(&item.kind) && mine(&item.code))
        .filter_map(|item| {
            let amount = match item.kind {
                ElementKind::SubKegiatan => item.pagu_in_force(),
                _ => {
                    let (pagu, changed) = renja_subtotal(source.renja, &item.code);
                    changed.or(pagu)
                }
            }?;
            Some(BudgetRow { code: item.code.clone(), name: item.name.clone(), amount, note: String::new() })
        })
        .collect()
}

/// The share of `items` that the `index`-th of `holders` officials takes
/// when a pemda drafts every PK at once: every `holders`-th item, so the
/// programs of an OPD spread evenly over its administrators and each
/// administrator's kegiatan over the pengawas under them.
pub fn share(items: &[String], holders: usize, index: usize) -> Vec<String> {
    if holders == 0 {
        return Vec::new();
    }
    items.iter().skip(index).step_by(holders).cloned().collect()
}
