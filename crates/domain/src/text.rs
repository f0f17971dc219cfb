//! Validated free-text values: names, titles, codes.

use crate::Reason;

/// Trims a required single-line text field and checks its length in characters.
pub fn required_text(raw: &str, max: usize) -> Result<String, Reason> {
    let value = collapse_spaces(raw);
    if value.is_empty() {
        return Err(Reason::Required);
    }
    if value.chars().count() > max {
        return Err(Reason::TooLong { max });
    }
    if value.chars().any(char::is_control) {
        return Err(Reason::BadCharacters);
    }
    Ok(value)
}

/// Like [`required_text`], but an empty field is `None`.
pub fn optional_text(raw: &str, max: usize) -> Result<Option<String>, Reason> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    required_text(raw, max).map(Some)
}

/// A person's name without titles: letters, spaces and the punctuation
/// Indonesian names use (apostrophe, hyphen, dot for initials).
pub fn person_name(raw: &str) -> Result<String, Reason> {
    let value = required_text(raw, 100)?;
    if value.chars().count() < 2 {
        return Err(Reason::TooShort { min: 2 });
    }
    if !value.chars().all(|c| c.is_alphabetic() || matches!(c, ' ' | '\'' | '-' | '.' | ',')) {
        return Err(Reason::BadCharacters);
    }
    Ok(value)
}

/// Academic or religious titles (gelar), e.g. `Dr. Ir. H.` or `S.E., M.Si.`.
pub fn titles(raw: &str) -> Result<Option<String>, Reason> {
    let Some(value) = optional_text(raw, 60)? else {
        return Ok(None);
    };
    if !value.chars().all(|c| c.is_alphanumeric() || matches!(c, ' ' | '.' | ',' | '-' | '(' | ')' | '&')) {
        return Err(Reason::BadCharacters);
    }
    Ok(Some(value))
}

/// A login name: lower-case ASCII letters, digits, dot, dash and underscore.
pub fn username(raw: &str) -> Result<String, Reason> {
    let value = raw.trim().to_ascii_lowercase();
    if value.is_empty() {
        return Err(Reason::Required);
    }
    if value.len() < 3 {
        return Err(Reason::TooShort { min: 3 });
    }
    if value.len() > 40 {
        return Err(Reason::TooLong { max: 40 });
    }
    if !value.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')) {
        return Err(Reason::BadCharacters);
    }
    Ok(value)
}

/// Passwords are checked for length only (NIST SP 800-63B): no composition rules.
pub fn new_password(raw: &str) -> Result<String, Reason> {
    if raw.is_empty() {
        return Err(Reason::Required);
    }
    let length = raw.chars().count();
    if length < 10 {
        return Err(Reason::TooShort { min: 10 });
    }
    if length > 128 {
        return Err(Reason::TooLong { max: 128 });
    }
    Ok(raw.to_owned())
}

/// Parses an ISO date (`2024-01-31`) from a form field.
pub fn date(raw: &str) -> Result<time::Date, Reason> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(Reason::Required);
    }
    time::Date::parse(raw, time::macros::format_description!("[year]-[month]-[day]")).map_err(|_| Reason::NotADate)
}

pub fn optional_date(raw: &str) -> Result<Option<time::Date>, Reason> {
    if raw.trim().is_empty() { Ok(None) } else { date(raw).map(Some) }
}

fn collapse_spaces(raw: &str) -> String {
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_accept_indonesian_forms_and_reject_digits() {
        assert_eq!(person_name("  Siti   Nur'aini ").as_deref(), Ok("Siti Nur'aini"));
        assert_eq!(person_name("R. A. Kartini").as_deref(), Ok("R. A. Kartini"));
        assert_eq!(person_name("Budi 2"), Err(Reason::BadCharacters));
        assert_eq!(person_name(" "), Err(Reason::Required));
        assert_eq!(person_name("A"), Err(Reason::TooShort { min: 2 }));
    }

    #[test]
    fn usernames_are_normalised() {
        assert_eq!(username(" Admin.Bappeda ").as_deref(), Ok("admin.bappeda"));
        assert_eq!(username("ab"), Err(Reason::TooShort { min: 3 }));
        assert_eq!(username("a b c"), Err(Reason::BadCharacters));
    }

    #[test]
    fn dates_are_iso() {
        assert_eq!(date("2023-01-20"), Ok(time::macros::date!(2023 - 01 - 20)));
        assert_eq!(date("20/01/2023"), Err(Reason::NotADate));
        assert_eq!(date("2023-02-30"), Err(Reason::NotADate));
        assert_eq!(optional_date(""), Ok(None));
    }
}
