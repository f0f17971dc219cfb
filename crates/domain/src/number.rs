//! Numbers as people type them, and the ranges entered values may take.
//!
//! One parser and one input formatter per locale, used by every form, the
//! workbook readers (for cells that hold text) and the command line. In
//! Bahasa Indonesia `.` groups thousands and `,` is the decimal mark
//! (`1.250.000,5`); in English the reverse (`1,250,000.5`).
//!
//! People also type the other locale's way (Excel habits, copied figures),
//! so an input that only the other locale's rule can read is read that way:
//! `70.35` is 70,35 for an Indonesian user, as nothing else fits. An input
//! that both rules read, differently, is never guessed: one dot followed by
//! exactly three digits (`2.500`) is 2500 by the Indonesian rule and 2,5 by
//! the English one, so it is refused with both readings in the message, in
//! either locale. Machine text (stored values, the JSON API, workbook cells
//! that hold numbers) has one form only: `.` as the decimal mark, no grouping.

use crate::Locale;
use crate::validation::Reason;
use rust_decimal::Decimal;
use std::str::FromStr;

#[derive(Debug, Clone, Copy)]
struct Marks {
    group: char,
    decimal: char,
}

fn marks(locale: Locale) -> Marks {
    match locale {
        Locale::Id => Marks { group: '.', decimal: ',' },
        Locale::En => Marks { group: ',', decimal: '.' },
    }
}

fn other(locale: Locale) -> Locale {
    match locale {
        Locale::Id => Locale::En,
        Locale::En => Locale::Id,
    }
}

/// Reads a number a person typed, by the rules of `locale` (see the module
/// documentation). Spaces (also non-breaking ones) are ignored; a leading
/// `-`, `+` or `−` gives the sign. Empty input is [`Reason::Required`].
pub fn parse(raw: &str, locale: Locale) -> Result<Decimal, Reason> {
    let cleaned: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if cleaned.is_empty() {
        return Err(Reason::Required);
    }
    let (negative, body) = match cleaned.chars().next() {
        Some('-' | '−') => (true, &cleaned[cleaned.chars().next().map_or(1, char::len_utf8)..]),
        Some('+') => (false, &cleaned[1..]),
        _ => (false, cleaned.as_str()),
    };
    let own = read(body, marks(locale));
    let foreign = read(body, marks(other(locale)));
    let value = match (own, foreign) {
        (Some(own), Some(foreign)) if own != foreign && is_ambiguous(body) => {
            let (as_id, as_en) = match locale {
                Locale::Id => (own, foreign),
                Locale::En => (foreign, own),
            };
            return Err(Reason::AmbiguousNumber { text: cleaned.clone(), as_id, as_en });
        }
        (Some(value), _) | (None, Some(value)) => value,
        (None, None) if body.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ',')) && body.len() > 28 => {
            return Err(Reason::OutOfRange { low: -LIMIT, high: LIMIT });
        }
        (None, None) => return Err(Reason::NotANumber),
    };
    // Negating a decimal flips its sign bit: it cannot overflow.
    #[allow(clippy::arithmetic_side_effects)]
    let signed = if negative { -value } else { value };
    Ok(signed)
}

/// One dot followed by exactly three digits, and no comma: `2.500`.
fn is_ambiguous(body: &str) -> bool {
    !body.contains(',')
        && body.matches('.').count() == 1
        && body.split_once('.').is_some_and(|(_, after)| after.len() == 3)
}

/// The digits of `body` read with the given marks: groups of three after the
/// first, at most one decimal mark, digits on both sides of it.
fn read(body: &str, marks: Marks) -> Option<Decimal> {
    let (whole, fraction) = match body.split_once(marks.decimal) {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (body, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole.split(marks.group).next().unwrap_or_default()) || fraction.is_some_and(|f| !digits(f)) {
        return None;
    }
    let mut groups = whole.split(marks.group);
    let first = groups.next().unwrap_or_default();
    let rest: Vec<&str> = groups.collect();
    if !rest.is_empty() {
        // Grouped: 1 to 3 digits, not a lone leading zero, then groups of exactly three.
        let leading_ok = (1..=3).contains(&first.len()) && !first.starts_with('0');
        if !leading_ok || !rest.iter().all(|g| g.len() == 3 && digits(g)) {
            return None;
        }
    }
    let mut canonical: String = std::iter::once(first).chain(rest).collect();
    if let Some(fraction) = fraction {
        canonical.push('.');
        canonical.push_str(fraction);
    }
    Decimal::from_str(&canonical).ok().map(|d| d.normalize())
}

/// Machine text: an optional `-`, digits, and an optional `.` with digits;
/// what the JSON API takes and what the store keeps.
pub fn parse_canonical(raw: &str) -> Result<Decimal, Reason> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(Reason::Required);
    }
    let body = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = body.split_once('.').unwrap_or((body, "0"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(fraction) {
        return Err(Reason::NotANumber);
    }
    Decimal::from_str(text).map(|d| d.normalize()).map_err(|_| Reason::OutOfRange { low: -LIMIT, high: LIMIT })
}

/// A value as a form shows it for editing, in the user's locale: exact, no
/// thousands grouping, the locale's decimal mark (`1250000,5`). It always
/// reads back as the same value: in English a fraction of exactly three
/// digits gets a fourth (`1.2500`), as `1.250` would be ambiguous.
pub fn entry(value: Decimal, locale: Locale) -> String {
    let text = value.normalize().to_string();
    match locale {
        Locale::Id => text.replace('.', ","),
        Locale::En if text.split_once('.').is_some_and(|(_, fraction)| fraction.len() == 3) => text + "0",
        Locale::En => text,
    }
}

/// The sum of `values`, or `None` when it overflows. Entered values are
/// range-checked so that their sums never do, but stored data may predate
/// a check; figures over it are then missing, never a panic.
pub fn checked_sum(values: impl IntoIterator<Item = Decimal>) -> Option<Decimal> {
    values.into_iter().try_fold(Decimal::ZERO, Decimal::checked_add)
}

/// The largest magnitude any entered value may have: 10^15 (a thousand
/// trillion; a province's yearly budget is below 10^14).
pub const LIMIT: Decimal = Decimal::from_parts(2_764_472_320, 232_830, 0, false, 0);

/// Decimal places an indicator value may carry.
pub const VALUE_PLACES: u32 = 6;

/// What an entered number measures, and so the range it may take. A value
/// outside its range is refused on entry; nothing outside it ever reaches
/// the arithmetic, so sums of entered values stay far from overflow.
///
/// | kind | range | decimals |
/// |---|---|---|
/// | money (Rupiah: pagu, budgets, spent) | 0 … 10^15 | 2 |
/// | indicator value (targets, baselines, actuals) | −10^15 … 10^15 | 6 |
/// | percentage setting (a capaian cap or floor) | −10 000 … 10 000 | 6 |
///
/// Counts, percentages, indexes and ratios measured by an indicator are
/// indicator values; their plausible range (a percentage 0–100, a count not
/// below 0) is [`crate::planning::ValueKind::plausible`], which asks for a
/// confirmation rather than refusing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    Money,
    IndicatorValue,
    PercentSetting,
}

impl Quantity {
    pub fn range(self) -> (Decimal, Decimal) {
        match self {
            Quantity::Money => (Decimal::ZERO, LIMIT),
            Quantity::IndicatorValue => (-LIMIT, LIMIT),
            Quantity::PercentSetting => (Decimal::from(-10_000), Decimal::from(10_000)),
        }
    }

    pub fn places(self) -> u32 {
        match self {
            Quantity::Money => 2,
            Quantity::IndicatorValue | Quantity::PercentSetting => VALUE_PLACES,
        }
    }

    /// The value when it lies in this quantity's range with no more decimals than allowed.
    pub fn check(self, value: Decimal) -> Result<Decimal, Reason> {
        let (low, high) = self.range();
        if self == Quantity::Money && value.is_sign_negative() && !value.is_zero() {
            return Err(Reason::Negative);
        }
        if value < low || value > high {
            return Err(Reason::OutOfRange { low, high });
        }
        if value.normalize().scale() > self.places() {
            return Err(Reason::TooManyDecimals { max: self.places() });
        }
        Ok(value)
    }

    /// Parses what a person typed and checks it against the range.
    pub fn parse(self, raw: &str, locale: Locale) -> Result<Decimal, Reason> {
        self.check(parse(raw, locale)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::d;
    use proptest::prelude::*;

    #[test]
    fn the_limit_is_ten_to_the_fifteenth() {
        assert_eq!(LIMIT, d("1000000000000000"));
    }

    #[test]
    fn indonesian_reads_dots_as_thousands_and_comma_as_decimal() {
        let id = |s| parse(s, Locale::Id);
        assert_eq!(id("1.000.000"), Ok(d("1000000")));
        assert_eq!(id("1.250.000,5"), Ok(d("1250000.5")));
        assert_eq!(id("70,35"), Ok(d("70.35")));
        assert_eq!(id("-0,5"), Ok(d("-0.5")));
        assert_eq!(id("2500"), Ok(d("2500")));
        assert_eq!(id(" 1 250 000 "), Ok(d("1250000")));
        // Only the English rule reads these, so they are read that way.
        assert_eq!(id("70.35"), Ok(d("70.35")));
        assert_eq!(id("1,234.5"), Ok(d("1234.5")));
        // A comma with three digits is a decimal mark in Indonesian: no dot, no ambiguity.
        assert_eq!(id("1,125"), Ok(d("1.125")));
    }

    #[test]
    fn english_reads_commas_as_thousands_and_dot_as_decimal() {
        let en = |s| parse(s, Locale::En);
        assert_eq!(en("1,000,000"), Ok(d("1000000")));
        assert_eq!(en("2,500"), Ok(d("2500")));
        assert_eq!(en("70.35"), Ok(d("70.35")));
        assert_eq!(en("1.234.567"), Ok(d("1234567")));
        assert_eq!(en("1.2500"), Ok(d("1.25")));
    }

    #[test]
    fn one_dot_and_three_digits_is_never_guessed() {
        for locale in [Locale::Id, Locale::En] {
            assert_eq!(
                parse("2.500", locale),
                Err(Reason::AmbiguousNumber { text: "2.500".into(), as_id: d("2500"), as_en: d("2.5") })
            );
            assert!(matches!(parse("1.000", locale), Err(Reason::AmbiguousNumber { .. })));
            assert!(matches!(parse("-12.345", locale), Err(Reason::AmbiguousNumber { .. })));
        }
        // A leading zero cannot start a group: 0.500 has one reading.
        assert_eq!(parse("0.500", Locale::Id), Ok(d("0.5")));
        assert_eq!(parse("1234.567", Locale::Id), Ok(d("1234.567")));
    }

    #[test]
    fn garbage_is_not_a_number() {
        for raw in ["abc", "1,2,3", "1.2.3,4,5", ".5", "5.", "1..2", "--1", "1-", "12.34.5", "0x10", "1e5", "NaN"] {
            assert_eq!(parse(raw, Locale::Id), Err(Reason::NotANumber), "{raw}");
        }
        assert_eq!(parse("  ", Locale::Id), Err(Reason::Required));
        assert!(matches!(parse(&"9".repeat(40), Locale::Id), Err(Reason::OutOfRange { .. })));
    }

    #[test]
    fn machine_text_has_one_form() {
        assert_eq!(parse_canonical("2.500"), Ok(d("2.5")));
        assert_eq!(parse_canonical("-1250000.5"), Ok(d("-1250000.5")));
        assert_eq!(parse_canonical("1,5"), Err(Reason::NotANumber));
        assert_eq!(parse_canonical("1.000.000"), Err(Reason::NotANumber));
        assert_eq!(parse_canonical(""), Err(Reason::Required));
    }

    #[test]
    fn quantities_have_ranges() {
        assert_eq!(Quantity::Money.check(d("-1")), Err(Reason::Negative));
        assert!(matches!(Quantity::Money.check(Decimal::MAX), Err(Reason::OutOfRange { .. })));
        assert_eq!(Quantity::Money.check(d("1.005")), Err(Reason::TooManyDecimals { max: 2 }));
        assert_eq!(Quantity::Money.check(LIMIT), Ok(LIMIT));
        assert_eq!(Quantity::IndicatorValue.check(d("-5")), Ok(d("-5")));
        assert!(Quantity::IndicatorValue.parse("50.000.000.000.000.000", Locale::Id).is_err());
    }

    proptest! {
        #[test]
        fn entry_reads_back_in_every_locale(units in any::<i64>(), scale in 0u32..8) {
            let value = Decimal::new(units, scale);
            for locale in [Locale::Id, Locale::En] {
                prop_assert_eq!(parse(&entry(value, locale), locale), Ok(value.normalize()));
            }
        }

        #[test]
        fn displayed_numbers_read_back_as_the_rounded_value(units in -1_000_000_000_000i64..1_000_000_000_000, scale in 0u32..6) {
            let value = Decimal::new(units, scale);
            for locale in [Locale::Id, Locale::En] {
                let shown = crate::format::number(value, locale);
                prop_assert_eq!(parse(&shown, locale), Ok(crate::capaian::round(value).normalize()));
                // Two decimals after the locale's mark, and groups of three before it.
                let (whole, fraction) = shown.trim_start_matches('-').split_once(marks(locale).decimal).unwrap();
                prop_assert_eq!(fraction.len(), 2);
                prop_assert!(whole.split(marks(locale).group).skip(1).all(|group| group.len() == 3));
            }
        }

        #[test]
        fn parsing_never_panics(raw in "\\PC{0,40}", id in any::<bool>()) {
            let _ = parse(&raw, if id { Locale::Id } else { Locale::En });
            let _ = parse_canonical(&raw);
        }

        #[test]
        fn digit_soup_never_panics(raw in "[-+0-9.,]{0,40}") {
            let _ = parse(&raw, Locale::Id);
            let _ = parse(&raw, Locale::En);
        }
    }
}
