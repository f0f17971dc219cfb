//! Roll-up of indicator capaian into sasaran, OPD and pemda figures.

use super::{Method, Series};
use crate::planning::{Aggregation, Polarity};
use rust_decimal::Decimal;
use serde::Serialize;

/// A running tally of indicator capaian. Tallies merge, so a pemda's figure
/// is the merge of its OPDs' and always counts the same indicators.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    sum: Decimal,
    weighted_sum: Decimal,
    weights: Decimal,
    counted: u32,
    without_capaian: u32,
}

impl Tally {
    /// Adds one indicator; one without a capaian is counted as such and left
    /// out of the means. A weight of zero or less leaves it out of the weighted mean.
    pub fn add(&mut self, capaian: Option<Decimal>, weight: Decimal) {
        let Some(capaian) = capaian else {
            self.without_capaian += 1;
            return;
        };
        self.sum = self.sum.saturating_add(capaian);
        self.counted += 1;
        if weight.is_sign_positive() && !weight.is_zero() {
            self.weighted_sum = self.weighted_sum.saturating_add(capaian.saturating_mul(weight));
            self.weights = self.weights.saturating_add(weight);
        }
    }

    pub fn merge(&mut self, other: &Tally) {
        self.sum = self.sum.saturating_add(other.sum);
        self.weighted_sum = self.weighted_sum.saturating_add(other.weighted_sum);
        self.weights = self.weights.saturating_add(other.weights);
        self.counted += other.counted;
        self.without_capaian += other.without_capaian;
    }

    pub fn finish(&self) -> RollUp {
        RollUp {
            mean: self.sum.checked_div(Decimal::from(self.counted)),
            weighted_mean: self.weighted_sum.checked_div(self.weights),
            indicators: self.counted,
            without_capaian: self.without_capaian,
        }
    }
}

/// The capaian of a group of indicators, with the number behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RollUp {
    /// The plain mean; `None` when no indicator has a capaian.
    pub mean: Option<Decimal>,
    /// The mean weighted by the indicators' weights (bobot).
    pub weighted_mean: Option<Decimal>,
    /// Indicators with a capaian, behind the means.
    pub indicators: u32,
    /// Indicators without one (no target or no actual yet).
    pub without_capaian: u32,
}

/// One indicator's year, as the engine reads it from the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorYear {
    pub indicator: i64,
    /// The plan element (sasaran, program, …) the indicator measures.
    pub element: i64,
    pub polarity: Polarity,
    pub aggregation: Aggregation,
    pub series: Series,
}

/// The year's capaian of a group of indicators (one OPD's, say), tallied
/// per element and for the whole group. Every indicator weighs one until
/// indicators carry a weight (bobot).
pub fn tally_year(method: &Method, indicators: &mut [IndicatorYear]) -> (Vec<(i64, Tally)>, Tally) {
    indicators.sort_unstable_by_key(|i| (i.element, i.indicator));
    let mut elements: Vec<(i64, Tally)> = Vec::new();
    let mut group = Tally::default();
    for indicator in indicators.iter() {
        let capaian = indicator.series.capaian_of_year(method, indicator.polarity, indicator.aggregation).percent;
        match elements.last_mut() {
            Some((element, tally)) if *element == indicator.element => tally.add(capaian, Decimal::ONE),
            _ => {
                let mut tally = Tally::default();
                tally.add(capaian, Decimal::ONE);
                elements.push((indicator.element, tally));
            }
        }
        group.add(capaian, Decimal::ONE);
    }
    (elements, group)
}
