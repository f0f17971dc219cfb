//! The user interface speaks Bahasa Indonesia first, English on request.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    Id,
    En,
}

impl Locale {
    /// Reads a locale tag such as `id`, `en`, `en-US` or an `Accept-Language`
    /// entry; anything unknown falls back to Bahasa Indonesia.
    pub fn from_tag(tag: &str) -> Self {
        let primary = tag.trim().split(['-', '_', ';', ',']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("en") { Locale::En } else { Locale::Id }
    }

    pub fn tag(self) -> &'static str {
        match self {
            Locale::Id => "id",
            Locale::En => "en",
        }
    }

    /// Picks the text for this locale.
    pub fn pick<'a>(self, id: &'a str, en: &'a str) -> &'a str {
        match self {
            Locale::Id => id,
            Locale::En => en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_fall_back_to_indonesian() {
        assert_eq!(Locale::from_tag("en-US,en;q=0.9"), Locale::En);
        assert_eq!(Locale::from_tag("id"), Locale::Id);
        assert_eq!(Locale::from_tag("fr"), Locale::Id);
        assert_eq!(Locale::from_tag(""), Locale::Id);
    }
}
