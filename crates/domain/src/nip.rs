//! NIP (Nomor Induk Pegawai), the 18-digit civil servant number.
//!
//! Layout (Peraturan Kepala BKN 22/2007): `YYYYMMDD` birth date, `YYYYMM`
//! appointment (TMT CPNS), one sex digit (1 male, 2 female) and a three-digit
//! sequence number. Parsing says which of these parts is wrong.

use crate::Locale;
use serde::{Deserialize, Serialize};
use time::{Date, Month};

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Nip(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    Male,
    Female,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NipError {
    /// Not exactly 18 digits (spaces are allowed and ignored).
    Length {
        digits: usize,
    },
    NotDigits,
    /// Digits 1–8 are not a real calendar date.
    BirthDate,
    /// Digits 9–14 are not a year and month.
    AppointmentMonth,
    /// The appointment is before the 18th birthday.
    AppointmentTooEarly,
    /// Digit 15 is not 1 or 2.
    SexDigit,
    /// Digits 16–18 are `000`.
    Sequence,
}

impl NipError {
    pub fn message(&self, locale: Locale) -> String {
        match (self, locale) {
            (NipError::Length { digits }, Locale::Id) => {
                format!("NIP harus 18 digit, bukan {digits}")
            }
            (NipError::Length { digits }, Locale::En) => {
                format!("a NIP has 18 digits, not {digits}")
            }
            (NipError::NotDigits, l) => l.pick("NIP hanya boleh berisi angka", "a NIP may contain digits only").into(),
            (NipError::BirthDate, l) => l
                .pick(
                    "digit 1–8 (tanggal lahir TTTTBBHH) bukan tanggal yang sah",
                    "digits 1–8 (birth date YYYYMMDD) are not a valid date",
                )
                .into(),
            (NipError::AppointmentMonth, l) => l
                .pick(
                    "digit 9–14 (TMT CPNS TTTTBB) bukan tahun dan bulan yang sah",
                    "digits 9–14 (appointment YYYYMM) are not a valid year and month",
                )
                .into(),
            (NipError::AppointmentTooEarly, l) => l
                .pick(
                    "digit 9–14 (TMT CPNS) sebelum pegawai berusia 18 tahun",
                    "digits 9–14 (appointment) fall before the 18th birthday",
                )
                .into(),
            (NipError::SexDigit, l) => l
                .pick(
                    "digit 15 (jenis kelamin) harus 1 (pria) atau 2 (wanita)",
                    "digit 15 (sex) must be 1 (male) or 2 (female)",
                )
                .into(),
            (NipError::Sequence, l) => {
                l.pick("digit 16–18 (nomor urut) tidak boleh 000", "digits 16–18 (sequence) must not be 000").into()
            }
        }
    }
}

impl Nip {
    pub fn parse(raw: &str) -> Result<Nip, NipError> {
        let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        if !compact.chars().all(|c| c.is_ascii_digit()) {
            return Err(NipError::NotDigits);
        }
        if compact.len() != 18 {
            return Err(NipError::Length { digits: compact.len() });
        }
        let number = |range: std::ops::Range<usize>| -> u32 {
            // Safe: every character was checked to be an ASCII digit above.
            compact[range]
                .bytes()
                .fold(0u32, |acc, b| acc.saturating_mul(10).saturating_add(u32::from(b.saturating_sub(b'0'))))
        };
        let birth = birth_date(number(0..4), number(4..6), number(6..8)).ok_or(NipError::BirthDate)?;
        let (appointed_year, appointed_month) = (number(8..12), number(12..14));
        if !(1..=12).contains(&appointed_month) || !(1900..=2999).contains(&appointed_year) {
            return Err(NipError::AppointmentMonth);
        }
        let months = |year: u32, month: u32| year.saturating_mul(12).saturating_add(month);
        let adult_from = months((birth.year() as u32).saturating_add(18), u32::from(u8::from(birth.month())));
        if months(appointed_year, appointed_month) < adult_from {
            return Err(NipError::AppointmentTooEarly);
        }
        if !matches!(number(14..15), 1 | 2) {
            return Err(NipError::SexDigit);
        }
        if number(15..18) == 0 {
            return Err(NipError::Sequence);
        }
        Ok(Nip(compact))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn birth_date(&self) -> Date {
        let n = |r: std::ops::Range<usize>| self.0[r].parse::<u32>().unwrap_or_default();
        // A parsed Nip always holds a valid birth date.
        birth_date(n(0..4), n(4..6), n(6..8)).unwrap_or(Date::MIN)
    }

    pub fn sex(&self) -> Sex {
        if &self.0[14..15] == "2" { Sex::Female } else { Sex::Male }
    }

    /// The conventional printed form: `19700101 199503 1 001`.
    pub fn formatted(&self) -> String {
        format!("{} {} {} {}", &self.0[0..8], &self.0[8..14], &self.0[14..15], &self.0[15..18])
    }
}

fn birth_date(year: u32, month: u32, day: u32) -> Option<Date> {
    if !(1900..=2999).contains(&year) {
        return None;
    }
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?).ok()
}

impl TryFrom<String> for Nip {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Nip::parse(&value).map_err(|e| e.message(Locale::En))
    }
}

impl From<Nip> for String {
    fn from(nip: Nip) -> String {
        nip.0
    }
}

impl std::fmt::Display for Nip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_a_valid_nip_with_spaces() {
        let nip = Nip::parse("19700815 199503 1 002").unwrap();
        assert_eq!(nip.as_str(), "197008151995031002");
        assert_eq!(nip.formatted(), "19700815 199503 1 002");
        assert_eq!(nip.birth_date(), time::macros::date!(1970 - 08 - 15));
        assert_eq!(nip.sex(), Sex::Male);
    }

    #[test]
    fn names_the_wrong_part() {
        assert_eq!(Nip::parse("1970081519950310"), Err(NipError::Length { digits: 16 }));
        assert_eq!(Nip::parse("19700815199503100A"), Err(NipError::NotDigits));
        assert_eq!(Nip::parse("197002301995031002"), Err(NipError::BirthDate));
        assert_eq!(Nip::parse("197008151995131002"), Err(NipError::AppointmentMonth));
        assert_eq!(Nip::parse("197008151980031002"), Err(NipError::AppointmentTooEarly));
        assert_eq!(Nip::parse("197008151995033002"), Err(NipError::SexDigit));
        assert_eq!(Nip::parse("197008151995031000"), Err(NipError::Sequence));
    }

    #[test]
    fn leap_days_are_birth_dates_only_in_leap_years() {
        assert!(Nip::parse("200002292020012001").is_ok());
        assert_eq!(Nip::parse("190002291925012001"), Err(NipError::BirthDate));
    }

    #[test]
    fn messages_point_at_the_digits() {
        assert!(NipError::SexDigit.message(Locale::Id).contains("digit 15"));
        assert!(NipError::BirthDate.message(Locale::En).contains("digits 1–8"));
    }

    fn valid_parts() -> impl Strategy<Value = (Date, u32, u32, u32, u32)> {
        (1940i32..2005, 1u8..=12, 1u8..=28, 0u32..30, 1u32..=12, 1u32..=2, 1u32..=999).prop_map(
            |(y, m, d, after, am, sex, seq)| {
                let birth = Date::from_calendar_date(y, Month::try_from(m).unwrap(), d).unwrap();
                (birth, y as u32 + 19 + after, am, sex, seq)
            },
        )
    }

    proptest! {
        #[test]
        fn every_well_formed_nip_parses_and_round_trips((birth, ay, am, sex, seq) in valid_parts()) {
            let raw = format!("{:04}{:02}{:02}{:04}{:02}{}{:03}",
                birth.year(), u8::from(birth.month()), birth.day(), ay, am, sex, seq);
            let nip = Nip::parse(&raw).unwrap();
            prop_assert_eq!(nip.as_str(), raw.as_str());
            prop_assert_eq!(nip.birth_date(), birth);
            prop_assert_eq!(Nip::parse(&nip.formatted()).unwrap(), nip);
        }

        #[test]
        fn any_string_parses_or_fails_without_panicking(raw in "\\PC{0,30}") {
            let _ = Nip::parse(&raw);
        }

        #[test]
        fn changing_the_sex_digit_to_anything_else_is_caught(digit in prop::sample::select(vec!['0','3','4','5','6','7','8','9'])) {
            let mut raw: Vec<char> = "197008151995031002".chars().collect();
            raw[14] = digit;
            let raw: String = raw.into_iter().collect();
            prop_assert_eq!(Nip::parse(&raw), Err(NipError::SexDigit));
        }
    }
}
