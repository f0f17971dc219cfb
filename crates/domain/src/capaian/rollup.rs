//! Roll-up of indicator capaian into sasaran, OPD and pemda figures.

use super::{Method, Quarter, Series};
use crate::Locale;
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
    /// A sum went past what a decimal holds (only stored values beyond what
    /// entry allows can do that): the means are then missing, never wrong.
    overflowed: bool,
    through_latest: Option<Quarter>,
    through_earliest: Option<Quarter>,
}

impl Tally {
    /// Adds one indicator, whose data reach `through`; one without a
    /// capaian is counted as such and left out of the means. A weight of
    /// zero or less leaves it out of the weighted mean.
    pub fn add(&mut self, capaian: Option<Decimal>, weight: Decimal, through: Option<Quarter>) {
        let Some(capaian) = capaian else {
            self.without_capaian = self.without_capaian.saturating_add(1);
            return;
        };
        self.counted = self.counted.saturating_add(1);
        self.accumulate(capaian, None);
        if weight.is_sign_positive() && !weight.is_zero() {
            let weighted = capaian.checked_mul(weight);
            self.accumulate(Decimal::ZERO, Some((weighted, weight)));
        }
        self.note_through(through, through);
    }

    /// Adds to the sum, or to the weighted sum and the weights; notes an overflow.
    fn accumulate(&mut self, value: Decimal, weighted: Option<(Option<Decimal>, Decimal)>) {
        let sums = match weighted {
            None => self.sum.checked_add(value).map(|sum| (sum, self.weighted_sum, self.weights)),
            Some((product, weight)) => product
                .and_then(|p| self.weighted_sum.checked_add(p))
                .zip(self.weights.checked_add(weight))
                .map(|(weighted_sum, weights)| (self.sum, weighted_sum, weights)),
        };
        match sums {
            Some((sum, weighted_sum, weights)) => {
                (self.sum, self.weighted_sum, self.weights) = (sum, weighted_sum, weights)
            }
            None => self.overflowed = true,
        }
    }

    fn note_through(&mut self, latest: Option<Quarter>, earliest: Option<Quarter>) {
        self.through_latest = self.through_latest.max(latest);
        self.through_earliest = match (self.through_earliest, earliest) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }

    pub fn merge(&mut self, other: &Tally) {
        self.counted = self.counted.saturating_add(other.counted);
        self.without_capaian = self.without_capaian.saturating_add(other.without_capaian);
        self.overflowed |= other.overflowed;
        self.accumulate(other.sum, None);
        self.accumulate(Decimal::ZERO, Some((Some(other.weighted_sum), other.weights)));
        self.note_through(other.through_latest, other.through_earliest);
    }

    pub fn finish(&self) -> RollUp {
        let mean = |sum: Decimal, count: Decimal| if self.overflowed { None } else { sum.checked_div(count) };
        RollUp {
            mean: mean(self.sum, Decimal::from(self.counted)),
            weighted_mean: mean(self.weighted_sum, self.weights),
            indicators: self.counted,
            without_capaian: self.without_capaian,
            through: self.through_latest,
            through_earliest: self.through_earliest,
        }
    }
}

/// The capaian of a group of indicators, with the number behind it and
/// how far its data reach.
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
    /// The last quarter any counted indicator has data for: the figure
    /// covers the year up to here ("data s.d. TW II").
    pub through: Option<Quarter>,
    /// The last quarter of the indicator whose data stop earliest; below
    /// `through` when some indicators lag behind.
    pub through_earliest: Option<Quarter>,
}

impl RollUp {
    /// How far the figure's data reach, for people: `data s.d. TW II`, with
    /// the lagging indicators named when some stop earlier.
    pub fn coverage(&self, locale: Locale) -> String {
        match (self.through, self.through_earliest, locale) {
            (None, _, l) => l.pick("belum ada data", "no data yet").to_owned(),
            (Some(through), Some(earliest), Locale::Id) if earliest < through => {
                format!("data s.d. {through} (sebagian indikator baru s.d. {earliest})")
            }
            (Some(through), Some(earliest), Locale::En) if earliest < through => {
                format!("data up to {through} (some indicators only up to {earliest})")
            }
            (Some(through), _, Locale::Id) => format!("data s.d. {through}"),
            (Some(through), _, Locale::En) => format!("data up to {through}"),
        }
    }
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
        let through = indicator.series.to_date(indicator.aggregation, Quarter::LAST, method.to_date).through;
        match elements.last_mut() {
            Some((element, tally)) if *element == indicator.element => tally.add(capaian, Decimal::ONE, through),
            _ => {
                let mut tally = Tally::default();
                tally.add(capaian, Decimal::ONE, through);
                elements.push((indicator.element, tally));
            }
        }
        group.add(capaian, Decimal::ONE, through);
    }
    (elements, group)
}
