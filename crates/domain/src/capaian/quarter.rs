//! Quarters (triwulan) and how they make a year: sakip-rules.md §3,
//! "Aggregation across quarters".

use super::{Achievement, Method, reported_achievement};
use crate::planning::{Aggregation, Polarity};
use crate::validation::Reason;
use rust_decimal::Decimal;
use serde::Serialize;

/// A quarter of the year, 1 to 4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Quarter(u8);

impl Quarter {
    pub const ALL: [Quarter; 4] = [Quarter(1), Quarter(2), Quarter(3), Quarter(4)];
    pub const LAST: Quarter = Quarter(4);

    pub fn new(number: i64) -> Result<Quarter, Reason> {
        match number {
            1..=4 => Ok(Quarter(number as u8)),
            _ => Err(Reason::NotAQuarter),
        }
    }

    /// `1`..`4`, `TW1`..`TW4`, `Q1`..`Q4` or `TW I`..`TW IV`.
    pub fn parse(raw: &str) -> Result<Quarter, Reason> {
        let upper = raw.trim().to_uppercase();
        let bare = upper.trim_start_matches("TW").trim_start_matches('Q').trim();
        let number = match bare {
            "1" | "I" => 1,
            "2" | "II" => 2,
            "3" | "III" => 3,
            "4" | "IV" => 4,
            "" => return Err(Reason::Required),
            _ => return Err(Reason::NotAQuarter),
        };
        Ok(Quarter(number))
    }

    pub fn number(self) -> u8 {
        self.0
    }

    fn index(self) -> usize {
        usize::from(self.0 - 1)
    }
}

impl std::fmt::Display for Quarter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TW {}", ["I", "II", "III", "IV"][self.index()])
    }
}

/// The values of the quarters that have one, made into one value by the
/// indicator's kind; `None` when no quarter has a value.
pub fn aggregate(kind: Aggregation, values: impl IntoIterator<Item = Decimal>) -> Option<Decimal> {
    let mut values = values.into_iter();
    let first = values.next()?;
    let (mut total, mut count, mut last, mut max, mut min) = (first, 1u32, first, first, first);
    for value in values {
        total = total.saturating_add(value);
        count += 1;
        last = value;
        max = max.max(value);
        min = min.min(value);
    }
    match kind {
        Aggregation::Sum => Some(total),
        Aggregation::Last => Some(last),
        Aggregation::Average => total.checked_div(Decimal::from(count)),
        Aggregation::Max => Some(max),
        Aggregation::Min => Some(min),
    }
}

/// An indicator's quarterly targets (rencana aksi) and actuals for one year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Series {
    pub targets: [Option<Decimal>; 4],
    pub actuals: [Option<Decimal>; 4],
}

impl Series {
    pub fn set(&mut self, quarter: Quarter, target: Option<Decimal>, actual: Option<Decimal>) {
        self.targets[quarter.index()] = target;
        self.actuals[quarter.index()] = actual;
    }

    /// The target and actual from the first quarter up to `quarter`, each
    /// aggregated by `kind` over the quarters that have a value.
    pub fn to_date(&self, kind: Aggregation, quarter: Quarter) -> (Option<Decimal>, Option<Decimal>) {
        let upto = quarter.index() + 1;
        let target = aggregate(kind, self.targets[..upto].iter().flatten().copied());
        let actual = aggregate(kind, self.actuals[..upto].iter().flatten().copied());
        (target, actual)
    }

    /// The capaian from the start of the year up to `quarter`.
    pub fn capaian_to_date(
        &self,
        method: &Method,
        polarity: Polarity,
        kind: Aggregation,
        quarter: Quarter,
    ) -> Achievement {
        let (target, actual) = self.to_date(kind, quarter);
        reported_achievement(method, polarity, target, actual)
    }

    /// The capaian of the year: all four quarters.
    pub fn capaian_of_year(&self, method: &Method, polarity: Polarity, kind: Aggregation) -> Achievement {
        self.capaian_to_date(method, polarity, kind, Quarter::LAST)
    }

    /// The capaian of one quarter on its own.
    pub fn capaian_of_quarter(&self, method: &Method, polarity: Polarity, quarter: Quarter) -> Achievement {
        let (target, actual) = (self.targets[quarter.index()], self.actuals[quarter.index()]);
        reported_achievement(method, polarity, target, actual)
    }
}
