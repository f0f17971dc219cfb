//! Achievement (capaian): how far an actual (realisasi) reaches its target,
//! as a percentage, by the rules of sakip-rules.md §3.
//!
//! Entered values are exact decimals and the arithmetic stays exact; a
//! result is rounded only when it is shown. Every input has a defined
//! result: a percentage, or none with a [`Note`] saying why, never NaN,
//! infinity or a panic.

mod band;
mod budget;
mod overview;
mod quarter;
mod rollup;

pub use band::{Band, Bands, Status, StatusThresholds};
pub use budget::{
    EfficiencyMethod, OutputCost, UnitCostEfficiency, absorption, savings_efficiency, unit_cost_efficiency,
};
pub use overview::{Overview, Standing, overview};
pub use quarter::{Quarter, Series, ToDate, ToDateRule, aggregate};
pub use rollup::{IndicatorYear, RollUp, Tally, tally_year};

use crate::Locale;
use crate::org::keyed_enum;
use crate::planning::{Polarity, Target};
use crate::validation::Reason;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

keyed_enum! {
    /// How a lower-is-better indicator is scored.
    NegativeFormula {
        Standard => "standard", "(2T − R) / T × 100", "(2T − R) / T × 100";
        Inverse => "inverse", "T / R × 100", "T / R × 100";
    }
}

keyed_enum! {
    /// How a qualitative indicator is scored against its target level.
    LevelScoring {
        Ordinal => "ordinal", "Tingkat dicapai dibanding tingkat target", "Reached level against target level";
        Reached => "reached", "Tercapai = 100, tidak tercapai = 0", "Reached = 100, not reached = 0";
    }
}

/// The formula settings of a rulebook, possibly overridden by an analyst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Method {
    pub negative: NegativeFormula,
    /// The highest capaian reported; `None` leaves it uncapped.
    pub cap: Option<Decimal>,
    /// The lowest capaian reported; `None` lets (2T − R)/T fall below zero.
    pub floor: Option<Decimal>,
    /// Which quarters capaian to date reads when one has no data yet.
    pub to_date: ToDateRule,
}

impl Method {
    pub const STANDARD: Method =
        Method { negative: NegativeFormula::Standard, cap: None, floor: None, to_date: ToDateRule::Contiguous };

    /// A method whose cap is not below its floor, reading contiguous quarters to date.
    pub fn new(negative: NegativeFormula, cap: Option<Decimal>, floor: Option<Decimal>) -> Result<Method, Reason> {
        match (cap, floor) {
            (Some(cap), Some(floor)) if cap < floor => Err(Reason::CapBelowFloor),
            _ => Ok(Method { negative, cap, floor, to_date: ToDateRule::Contiguous }),
        }
    }
}

/// Why a capaian is missing or differs from the plain formula.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Note {
    MissingTarget,
    MissingActual,
    /// A zero target cannot divide: the target counts as reached (100) or not (0).
    ZeroTarget,
    /// T/R cannot divide by a zero or negative actual and there is no cap to report instead.
    ZeroActual,
    /// A negative target: the distance from it is measured against its size.
    NegativeTarget,
    Capped,
    Floored,
    /// A number where a level was expected, or the other way round.
    KindMismatch,
    /// A level that is not on the indicator's scale.
    LevelNotOnScale,
    /// The numbers are too large to divide exactly.
    Overflow,
}

impl Note {
    pub fn message(self, locale: Locale) -> &'static str {
        match self {
            Note::MissingTarget => locale.pick("Target belum ditetapkan.", "No target has been set."),
            Note::MissingActual => locale.pick("Realisasi belum diisi.", "No actual has been reported."),
            Note::ZeroTarget => locale.pick(
                "Target 0: capaian 100 bila target tercapai, 0 bila tidak.",
                "Target 0: capaian is 100 when the target is met, 0 when it is not.",
            ),
            Note::ZeroActual => locale.pick(
                "Realisasi 0 atau negatif: rumus T/R tidak dapat dihitung tanpa batas atas.",
                "Actual 0 or negative: T/R cannot be computed without a cap.",
            ),
            Note::NegativeTarget => locale.pick(
                "Target negatif: capaian dihitung dari selisih realisasi terhadap besar target.",
                "Negative target: capaian is computed from the actual's distance to the size of the target.",
            ),
            Note::Capped => locale.pick("Dibatasi pada batas atas capaian.", "Limited to the capaian cap."),
            Note::Floored => locale.pick("Dibatasi pada batas bawah capaian.", "Limited to the capaian floor."),
            Note::KindMismatch => locale.pick(
                "Jenis realisasi tidak sesuai dengan jenis target.",
                "The actual is not of the same kind as the target.",
            ),
            Note::LevelNotOnScale => {
                locale.pick("Tingkat tidak ada dalam skala indikator.", "The level is not on the indicator's scale.")
            }
            Note::Overflow => {
                locale.pick("Angka terlalu besar untuk dihitung.", "The numbers are too large to compute.")
            }
        }
    }
}

/// A capaian in percent, or none, with the reason when there is one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Achievement {
    pub percent: Option<Decimal>,
    pub note: Option<Note>,
}

impl Achievement {
    fn of(percent: Decimal) -> Self {
        Achievement { percent: Some(percent), note: None }
    }

    fn noted(percent: Decimal, note: Note) -> Self {
        Achievement { percent: Some(percent), note: Some(note) }
    }

    fn none(note: Note) -> Self {
        Achievement { percent: None, note: Some(note) }
    }

    /// The percentage rounded half-up to two decimals, as reports print it.
    pub fn rounded(&self) -> Option<Decimal> {
        self.percent.map(round)
    }
}

/// Half-up (away from zero) to two decimals: the only rounding capaian gets.
pub fn round(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// What was reached: a number, or a level for a qualitative indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actual<'a> {
    Value(Decimal),
    Level(&'a str),
}

/// How a qualitative indicator is judged: its levels from lowest to highest.
#[derive(Debug, Clone, Copy, Default)]
pub struct LevelRule<'a> {
    pub scale: &'a [String],
    pub scoring: Option<LevelScoring>,
}

/// The capaian of one indicator in one period.
pub fn achievement(
    method: &Method,
    polarity: Polarity,
    levels: LevelRule<'_>,
    target: Option<&Target>,
    actual: Option<Actual<'_>>,
) -> Achievement {
    let Some(target) = target else { return Achievement::none(Note::MissingTarget) };
    let Some(actual) = actual else { return Achievement::none(Note::MissingActual) };
    let raw = match (target, actual) {
        (Target::Value { value }, Actual::Value(actual)) => score(method.negative, polarity, *value, actual),
        (Target::Range { low, high }, Actual::Value(actual)) => score_range(method.negative, *low, *high, actual),
        (Target::Level { level }, Actual::Level(reached)) => score_level(levels, level, reached),
        _ => Achievement::none(Note::KindMismatch),
    };
    limit(method, raw)
}

/// The capaian of a numeric target, the engine's hot path.
pub fn value_achievement(method: &Method, polarity: Polarity, target: Decimal, actual: Decimal) -> Achievement {
    limit(method, score(method.negative, polarity, target, actual))
}

/// The capaian of a numeric target where either value may not be there yet.
pub fn reported_achievement(
    method: &Method,
    polarity: Polarity,
    target: Option<Decimal>,
    actual: Option<Decimal>,
) -> Achievement {
    match (target, actual) {
        (None, _) => Achievement::none(Note::MissingTarget),
        (_, None) => Achievement::none(Note::MissingActual),
        (Some(target), Some(actual)) => value_achievement(method, polarity, target, actual),
    }
}

/// Applies the cap and the floor; a note from the formula wins over theirs.
fn limit(method: &Method, mut result: Achievement) -> Achievement {
    let Some(percent) = result.percent else {
        // T/R grows without bound as R falls to zero: the cap is its value there.
        return match (result.note, method.cap) {
            (Some(Note::ZeroActual), Some(cap)) => Achievement::noted(cap, Note::Capped),
            _ => result,
        };
    };
    if let Some(cap) = method.cap.filter(|cap| percent > *cap) {
        result = Achievement { percent: Some(cap), note: result.note.or(Some(Note::Capped)) };
    } else if let Some(floor) = method.floor.filter(|floor| percent < *floor) {
        result = Achievement { percent: Some(floor), note: result.note.or(Some(Note::Floored)) };
    }
    result
}

fn score(negative: NegativeFormula, polarity: Polarity, target: Decimal, actual: Decimal) -> Achievement {
    match polarity {
        Polarity::Higher => higher(target, actual),
        Polarity::Lower => lower(negative, target, actual),
        // A single number for a range indicator is a range of one point.
        Polarity::Range => score_range(negative, target, target, actual),
    }
}

/// Inside the range is 100; outside, the nearer bound is the target, with
/// the direction that leads back into the range counting as better.
fn score_range(negative: NegativeFormula, low: Decimal, high: Decimal, actual: Decimal) -> Achievement {
    if actual > high {
        lower(negative, high, actual)
    } else if actual < low {
        higher(low, actual)
    } else {
        Achievement::of(Decimal::ONE_HUNDRED)
    }
}

fn higher(target: Decimal, actual: Decimal) -> Achievement {
    if target.is_sign_positive() && !target.is_zero() {
        ratio(actual, target)
    } else if target.is_zero() {
        reached_or_not(actual >= target)
    } else {
        // 100 + (R − T)/|T| × 100: the same as R/T × 100 for a positive T,
        // and still rising with R when T is negative.
        distance(actual.checked_sub(target), target)
    }
}

fn lower(negative: NegativeFormula, target: Decimal, actual: Decimal) -> Achievement {
    if target.is_zero() {
        return reached_or_not(actual <= target);
    }
    if target.is_sign_negative() {
        return distance(target.checked_sub(actual), target);
    }
    match negative {
        NegativeFormula::Standard => match target.checked_add(target).and_then(|twice| twice.checked_sub(actual)) {
            Some(numerator) => ratio(numerator, target),
            None => Achievement::none(Note::Overflow),
        },
        NegativeFormula::Inverse if actual.is_sign_positive() && !actual.is_zero() => ratio(target, actual),
        // T/R grows without bound as R falls to zero: only a cap gives it a value.
        NegativeFormula::Inverse => Achievement::none(Note::ZeroActual),
    }
}

/// numerator / denominator × 100, exact to 28 significant digits.
fn ratio(numerator: Decimal, denominator: Decimal) -> Achievement {
    match numerator.checked_mul(Decimal::ONE_HUNDRED).and_then(|n| n.checked_div(denominator)) {
        Some(percent) => Achievement::of(percent),
        None => Achievement::none(Note::Overflow),
    }
}

/// 100 + gain / |target| × 100, for a negative target; `None` is an overflow.
fn distance(gain: Option<Decimal>, target: Decimal) -> Achievement {
    match gain.and_then(|gain| ratio(gain, target.abs()).percent).and_then(|p| p.checked_add(Decimal::ONE_HUNDRED)) {
        Some(percent) => Achievement::noted(percent, Note::NegativeTarget),
        None => Achievement::none(Note::Overflow),
    }
}

fn reached_or_not(reached: bool) -> Achievement {
    Achievement::noted(if reached { Decimal::ONE_HUNDRED } else { Decimal::ZERO }, Note::ZeroTarget)
}

fn score_level(rule: LevelRule<'_>, target: &str, reached: &str) -> Achievement {
    let rank = |level: &str| rule.scale.iter().position(|l| l.trim().eq_ignore_ascii_case(level.trim()));
    match (rule.scoring.unwrap_or(LevelScoring::Reached), rank(target), rank(reached)) {
        (LevelScoring::Ordinal, Some(target), Some(reached)) => {
            ratio(Decimal::from(reached.saturating_add(1)), Decimal::from(target.saturating_add(1)))
        }
        (LevelScoring::Reached, Some(target), Some(reached)) => {
            Achievement::of(if reached >= target { Decimal::ONE_HUNDRED } else { Decimal::ZERO })
        }
        // Without a scale a level is reached only when it is the target level itself.
        (LevelScoring::Reached, None, None) if rule.scale.is_empty() => {
            let same = target.trim().eq_ignore_ascii_case(reached.trim());
            Achievement::of(if same { Decimal::ONE_HUNDRED } else { Decimal::ZERO })
        }
        _ => Achievement::none(Note::LevelNotOnScale),
    }
}

/// Parses a cap or floor entered by a person: a number in their locale, or `none`.
pub fn parse_limit(raw: &str, locale: Locale) -> Result<Option<Decimal>, Reason> {
    match raw.trim().to_lowercase().as_str() {
        "" | "none" | "tidak" | "tanpa" => Ok(None),
        _ => crate::number::Quantity::PercentSetting.parse(raw, locale).map(Some),
    }
}

#[cfg(test)]
mod tests;
