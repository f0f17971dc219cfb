//! Indonesian formatting of numbers, money and dates, used by every page,
//! report and export so that `62,97`, `Rp 1.234.567` and
//! `Jumat, 20 Januari 2023` look the same everywhere.
//!
//! Values are rounded here, for display only, half away from zero
//! ("half-up" as Indonesian reports round).

use crate::Locale;
use rust_decimal::{Decimal, RoundingStrategy};
use time::{Date, OffsetDateTime, UtcOffset};

const DAYS_ID: [&str; 7] = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"];
const DAYS_EN: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTHS_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

struct Separators {
    thousands: char,
    decimal: char,
}

fn separators(locale: Locale) -> Separators {
    match locale {
        Locale::Id => Separators { thousands: '.', decimal: ',' },
        Locale::En => Separators { thousands: ',', decimal: '.' },
    }
}

/// A measured value with two decimals: `62,97`, `1.234,50`.
pub fn number(value: Decimal, locale: Locale) -> String {
    decimal(value, 2, locale)
}

/// A value with `places` decimals, rounded half away from zero.
pub fn decimal(value: Decimal, places: u32, locale: Locale) -> String {
    let rounded = value.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
    let text = format!("{:.*}", places as usize, rounded.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let sep = separators(locale);
    let mut out = String::with_capacity(text.len().saturating_add(whole.len() / 3).saturating_add(1));
    if rounded.is_sign_negative() && !rounded.is_zero() {
        out.push('-');
    }
    group_thousands(whole, sep.thousands, &mut out);
    if !fraction.is_empty() {
        out.push(sep.decimal);
        out.push_str(fraction);
    }
    out
}

/// A whole number with thousands separators: `1.234`.
pub fn integer(value: i64, locale: Locale) -> String {
    decimal(Decimal::from(value), 0, locale)
}

/// Rupiah, rounded to whole rupiah: `Rp 1.234.567`, `-Rp 5.000`.
pub fn rupiah(value: Decimal, locale: Locale) -> String {
    let amount = decimal(value.abs(), 0, locale);
    let negative = value.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero) < Decimal::ZERO;
    if negative { format!("-Rp {amount}") } else { format!("Rp {amount}") }
}

/// A percentage with two decimals: `62,97%`.
pub fn percent(value: Decimal, locale: Locale) -> String {
    format!("{}%", number(value, locale))
}

/// `Jumat, 20 Januari 2023`.
pub fn date(value: Date, locale: Locale) -> String {
    let weekday = value.weekday().number_days_from_monday() as usize;
    let day_name = match locale {
        Locale::Id => DAYS_ID[weekday],
        Locale::En => DAYS_EN[weekday],
    };
    format!("{day_name}, {}", date_short(value, locale))
}

/// `20 Januari 2023`.
pub fn date_short(value: Date, locale: Locale) -> String {
    let month = usize::from(u8::from(value.month())).saturating_sub(1);
    let month_name = match locale {
        Locale::Id => MONTHS_ID[month],
        Locale::En => MONTHS_EN[month],
    };
    format!("{} {month_name} {}", value.day(), value.year())
}

/// `20 Januari 2023 14.05 WIB`, shown in the pemda's time zone.
pub fn datetime(value: OffsetDateTime, zone: TimeZone, locale: Locale) -> String {
    let local = value.to_offset(zone.offset());
    let time_sep = match locale {
        Locale::Id => '.',
        Locale::En => ':',
    };
    format!(
        "{} {:02}{time_sep}{:02} {}",
        date_short(local.date(), locale),
        local.hour(),
        local.minute(),
        zone.abbreviation()
    )
}

/// Indonesia's three time zones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimeZone {
    #[default]
    Wib,
    Wita,
    Wit,
}

impl TimeZone {
    pub fn offset(self) -> UtcOffset {
        let hours = match self {
            TimeZone::Wib => 7,
            TimeZone::Wita => 8,
            TimeZone::Wit => 9,
        };
        UtcOffset::from_hms(hours, 0, 0).unwrap_or(UtcOffset::UTC)
    }

    pub fn abbreviation(self) -> &'static str {
        match self {
            TimeZone::Wib => "WIB",
            TimeZone::Wita => "WITA",
            TimeZone::Wit => "WIT",
        }
    }
}

fn group_thousands(digits: &str, separator: char, out: &mut String) {
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && digits.len().saturating_sub(i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::d;
    use proptest::prelude::*;
    use time::macros::{date, datetime};

    #[test]
    fn numbers_use_indonesian_separators_and_round_half_up() {
        assert_eq!(number(d("62.97"), Locale::Id), "62,97");
        assert_eq!(number(d("62.975"), Locale::Id), "62,98");
        assert_eq!(number(d("62.965"), Locale::Id), "62,97");
        assert_eq!(number(d("-0.005"), Locale::Id), "-0,01");
        assert_eq!(number(d("-0.004"), Locale::Id), "0,00");
        assert_eq!(number(d("1234567.5"), Locale::Id), "1.234.567,50");
        assert_eq!(number(d("1234567.5"), Locale::En), "1,234,567.50");
        assert_eq!(integer(1_000, Locale::Id), "1.000");
        assert_eq!(integer(999, Locale::Id), "999");
        assert_eq!(percent(d("101.456"), Locale::Id), "101,46%");
    }

    #[test]
    fn money_is_whole_rupiah() {
        assert_eq!(rupiah(d("1234567"), Locale::Id), "Rp 1.234.567");
        assert_eq!(rupiah(d("1234567.5"), Locale::Id), "Rp 1.234.568");
        assert_eq!(rupiah(d("-5000"), Locale::Id), "-Rp 5.000");
        assert_eq!(rupiah(d("0.4"), Locale::Id), "Rp 0");
        assert_eq!(rupiah(d("1234567"), Locale::En), "Rp 1,234,567");
    }

    #[test]
    fn dates_name_the_day_and_month() {
        assert_eq!(date(date!(2023 - 01 - 20), Locale::Id), "Jumat, 20 Januari 2023");
        assert_eq!(date(date!(2023 - 01 - 20), Locale::En), "Friday, 20 January 2023");
        assert_eq!(date(date!(2024 - 08 - 17), Locale::Id), "Sabtu, 17 Agustus 2024");
        assert_eq!(datetime(datetime!(2023-01-20 07:05 UTC), TimeZone::Wib, Locale::Id), "20 Januari 2023 14.05 WIB");
        assert_eq!(datetime(datetime!(2023-01-20 23:30 UTC), TimeZone::Wit, Locale::En), "21 January 2023 08:30 WIT");
    }

    proptest! {
        #[test]
        fn english_and_indonesian_differ_only_in_separators(units in any::<i64>(), scale in 0u32..4) {
            let value = Decimal::new(units, scale);
            let swapped: String = number(value, Locale::En)
                .chars()
                .map(|c| match c { ',' => '.', '.' => ',', c => c })
                .collect();
            prop_assert_eq!(number(value, Locale::Id), swapped);
        }

        #[test]
        fn every_date_formats(days in -100_000i32..100_000) {
            let value = date!(2000 - 01 - 01) + time::Duration::days(days.into());
            let text = date(value, Locale::Id);
            prop_assert!(text.ends_with(&value.year().to_string()));
        }
    }
}
