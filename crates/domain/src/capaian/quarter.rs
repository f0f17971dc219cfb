//! Quarters (triwulan) and how they make a year: sakip-rules.md §3,
//! "Aggregation across quarters".

use super::{Achievement, Method, reported_achievement};
use crate::org::keyed_enum;
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
        usize::from(self.0.saturating_sub(1))
    }
}

impl std::fmt::Display for Quarter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TW {}", ["I", "II", "III", "IV"][self.index()])
    }
}

/// The values of the quarters that have one, made into one value by the
/// indicator's kind; `None` when no quarter has a value, or when a sum
/// overflows (only stored values beyond what entry allows can do that).
pub fn aggregate(kind: Aggregation, values: impl IntoIterator<Item = Decimal>) -> Option<Decimal> {
    let mut values = values.into_iter();
    let first = values.next()?;
    let (mut total, mut count, mut last, mut max, mut min) = (Some(first), 1u32, first, first, first);
    for value in values {
        total = total.and_then(|t| t.checked_add(value));
        count = count.saturating_add(1);
        last = value;
        max = max.max(value);
        min = min.min(value);
    }
    match kind {
        Aggregation::Sum => total,
        Aggregation::Last => Some(last),
        Aggregation::Average => total?.checked_div(Decimal::from(count)),
        Aggregation::Max => Some(max),
        Aggregation::Min => Some(min),
    }
}

keyed_enum! {
    /// Which quarters capaian to date reads when one has no approved actual.
    /// A quarter without an actual is never a zero: it is left out, and the
    /// figure says up to which quarter its data reach ("data s.d. TW II").
    ToDateRule {
        Contiguous => "contiguous",
            "Triwulan berurutan sejak TW I: berhenti pada triwulan pertama yang bertarget tetapi belum berdata",
            "Consecutive quarters from TW I: stops at the first quarter with a target but no data";
        Reported => "reported",
            "Triwulan yang berdata saja, masing-masing dengan targetnya",
            "Only the quarters with data, each with its own target";
    }
}

/// What capaian to date is computed from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ToDate {
    pub target: Option<Decimal>,
    pub actual: Option<Decimal>,
    /// The last quarter whose actual is counted: the data reach this far.
    pub through: Option<Quarter>,
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
    /// aggregated by `kind`, over the quarters `rule` counts. A quarter with
    /// neither target nor actual expects nothing and is passed over; one
    /// with a target and no actual is a gap, which `rule` handles.
    pub fn to_date(&self, kind: Aggregation, quarter: Quarter, rule: ToDateRule) -> ToDate {
        let mut counted = [false; 4];
        let mut through = None;
        for q in Quarter::ALL.into_iter().take_while(|q| *q <= quarter) {
            let i = q.index();
            match (self.targets[i], self.actuals[i]) {
                (_, Some(_)) => {
                    counted[i] = true;
                    through = Some(q);
                }
                (Some(_), None) if rule == ToDateRule::Contiguous => break,
                _ => {}
            }
        }
        let pick = |values: [Option<Decimal>; 4]| {
            values.into_iter().zip(counted).filter(|(_, counted)| *counted).filter_map(|(value, _)| value)
        };
        let (target, actual) = match through {
            Some(_) => (aggregate(kind, pick(self.targets)), aggregate(kind, pick(self.actuals))),
            // Nothing reported yet: the target to date, and no actual.
            None => (aggregate(kind, self.targets[..=quarter.index()].iter().flatten().copied()), None),
        };
        ToDate { target, actual, through }
    }

    /// The capaian from the start of the year up to `quarter`, by the method's rule for quarters without data.
    pub fn capaian_to_date(
        &self,
        method: &Method,
        polarity: Polarity,
        kind: Aggregation,
        quarter: Quarter,
    ) -> Achievement {
        let to_date = self.to_date(kind, quarter, method.to_date);
        reported_achievement(method, polarity, to_date.target, to_date.actual)
    }

    /// The capaian of the year: all four quarters, as far as their data reach.
    pub fn capaian_of_year(&self, method: &Method, polarity: Polarity, kind: Aggregation) -> Achievement {
        self.capaian_to_date(method, polarity, kind, Quarter::LAST)
    }

    /// The capaian of one quarter on its own.
    pub fn capaian_of_quarter(&self, method: &Method, polarity: Polarity, quarter: Quarter) -> Achievement {
        let (target, actual) = (self.targets[quarter.index()], self.actuals[quarter.index()]);
        reported_achievement(method, polarity, target, actual)
    }
}
