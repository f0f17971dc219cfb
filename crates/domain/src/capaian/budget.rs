//! Budget absorption (serapan) and efficiency (efisiensi), shown beside
//! capaian: sakip-rules.md §3, "Efisiensi". No SAKIP regulation fixes an
//! efficiency formula, so the rulebook picks one of the two in use.

use crate::org::keyed_enum;
use crate::validation::Reason;
use rust_decimal::Decimal;
use serde::Serialize;

keyed_enum! {
    /// How efficiency is computed.
    EfficiencyMethod {
        Savings => "savings", "Penghematan anggaran bila target tercapai", "Budget saved when the target is met";
        UnitCost => "unit_cost", "Biaya per keluaran dibanding rencana", "Cost per output against plan";
    }
}

/// Realisasi anggaran / pagu × 100; `None` without a positive pagu.
pub fn absorption(pagu: Decimal, spent: Decimal) -> Option<Decimal> {
    if pagu <= Decimal::ZERO {
        return None;
    }
    spent.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(pagu)
}

/// (1 − realisasi/pagu) × 100, only when the target was met (capaian ≥ 100):
/// money left over from missing the target is not efficiency.
pub fn savings_efficiency(capaian: Decimal, pagu: Decimal, spent: Decimal) -> Option<Decimal> {
    if capaian < Decimal::ONE_HUNDRED {
        return None;
    }
    Decimal::ONE_HUNDRED.checked_sub(absorption(pagu, spent)?)
}

/// The planned and actual money and volume of one output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutputCost {
    pub pagu: Decimal,
    pub spent: Decimal,
    pub target_volume: Decimal,
    pub actual_volume: Decimal,
}

/// E and the efficiency score of the unit-cost method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct UnitCostEfficiency {
    /// E = mean of (1 − (spent/actual volume) / (pagu/target volume)) × 100.
    pub efficiency: Decimal,
    /// Nilai efisiensi = 50 + E/20 × 50, in percent.
    pub score: Decimal,
    /// Outputs left out: no volume or no pagu to divide by.
    pub skipped: u32,
}

/// The unit-cost method over the outputs that can be divided.
pub fn unit_cost_efficiency(outputs: &[OutputCost]) -> Option<UnitCostEfficiency> {
    let hundred = Decimal::ONE_HUNDRED;
    let mut total = Decimal::ZERO;
    let (mut counted, mut skipped) = (0u32, 0u32);
    for output in outputs {
        let ratio = (|| {
            let actual_unit = output.spent.checked_div(output.actual_volume)?;
            let planned_unit = output.pagu.checked_div(output.target_volume)?;
            let relative = actual_unit.checked_div(planned_unit)?;
            Decimal::ONE.checked_sub(relative)?.checked_mul(hundred)
        })();
        match ratio {
            Some(value) => {
                total = total.saturating_add(value);
                counted = counted.saturating_add(1);
            }
            None => skipped = skipped.saturating_add(1),
        }
    }
    let efficiency = total.checked_div(Decimal::from(counted))?;
    let score =
        Decimal::from(50).checked_add(efficiency.checked_div(Decimal::from(20))?.checked_mul(Decimal::from(50))?)?;
    Some(UnitCostEfficiency { efficiency, score, skipped })
}
