//! Rulebooks: the rules of a measurement (formulas, bands, thresholds) as
//! versioned data files with their sources, so that a change of rules is a
//! new file and not a new release.
//!
//! A rulebook has a `kind` and one section of that kind. Capaian is the
//! first; the SAKIP evaluation worksheet (LKE) and the innovation index
//! will be further kinds with their own sections in the same envelope.
//! A rulebook never changes once shipped: a correction is a new file with a
//! new id, so that figures computed under the old one stay reproducible.

use crate::capaian::{Band, Bands, EfficiencyMethod, Method, NegativeFormula, StatusThresholds, ToDateRule};
use crate::org::keyed_enum;
use crate::validation::Reason;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// The rulebooks that ship inside the binary, by file name.
const BUILTIN: &[(&str, &str)] = &[
    ("rulebooks/capaian-standar-v1.toml", include_str!("../../../rulebooks/capaian-standar-v1.toml")),
    ("rulebooks/capaian-tr-batas100-v1.toml", include_str!("../../../rulebooks/capaian-tr-batas100-v1.toml")),
    ("rulebooks/capaian-standar-v2.toml", include_str!("../../../rulebooks/capaian-standar-v2.toml")),
    ("rulebooks/capaian-tr-batas100-v2.toml", include_str!("../../../rulebooks/capaian-tr-batas100-v2.toml")),
];

/// The capaian rulebook of a pemda that has not chosen one for a year.
pub const DEFAULT_CAPAIAN: &str = "capaian-standar-v2";

keyed_enum! {
    /// What a rulebook rules on.
    RulebookKind {
        Capaian => "capaian", "Capaian kinerja", "Performance achievement";
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rulebook {
    pub id: String,
    pub title: String,
    /// The regulation it follows.
    pub regulation: String,
    /// The first year it may be used for.
    pub applies_from: i32,
    pub sources: Vec<Source>,
    pub rules: Rules,
    /// The file it came from: a shipped name or a path given at start.
    pub origin: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    pub url: Option<String>,
}

/// The section of the rulebook's kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Rules {
    Capaian(CapaianRules),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CapaianRules {
    pub method: Method,
    pub bands: Bands,
    pub status: StatusThresholds,
    pub efficiency: EfficiencyMethod,
}

impl Rulebook {
    pub fn kind(&self) -> RulebookKind {
        match self.rules {
            Rules::Capaian(_) => RulebookKind::Capaian,
        }
    }

    pub fn capaian(&self) -> Option<&CapaianRules> {
        match &self.rules {
            Rules::Capaian(rules) => Some(rules),
        }
    }

    /// Refuses a year before the rulebook applies.
    pub fn check_year(&self, year: i32) -> Result<(), Reason> {
        if year < self.applies_from { Err(Reason::BeforeRulebook { from: self.applies_from }) } else { Ok(()) }
    }
}

/// A rulebook that cannot be used, with where and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("rulebook {origin}: {problem}")]
pub struct RulebookError {
    pub origin: String,
    pub problem: String,
}

/// Every rulebook the server knows: the shipped ones and those added at start.
#[derive(Debug, Clone)]
pub struct Rulebooks {
    books: Vec<Rulebook>,
    /// The position of [`DEFAULT_CAPAIAN`], which `builtin()` makes sure of.
    default_capaian: usize,
}

impl Rulebooks {
    /// The shipped rulebooks. They are checked by the same loader as any
    /// other, and by the tests, so a bad one never reaches a release.
    pub fn builtin() -> Result<Rulebooks, RulebookError> {
        let mut rulebooks = Rulebooks { books: Vec::new(), default_capaian: 0 };
        for (origin, text) in BUILTIN {
            rulebooks.add(origin, text)?;
        }
        rulebooks.default_capaian =
            rulebooks.books.iter().position(|book| book.id == DEFAULT_CAPAIAN).ok_or_else(|| RulebookError {
                origin: "rulebooks/".into(),
                problem: format!("the default `{DEFAULT_CAPAIAN}` is missing"),
            })?;
        Ok(rulebooks)
    }

    /// Parses, checks and adds one rulebook; an id already known is refused.
    pub fn add(&mut self, origin: &str, text: &str) -> Result<&Rulebook, RulebookError> {
        let fail = |problem: String| RulebookError { origin: origin.to_owned(), problem };
        let raw: RawRulebook = toml::from_str(text).map_err(|e| fail(e.to_string().trim_end().to_owned()))?;
        let book = raw.check(origin).map_err(fail)?;
        if let Some(existing) = self.get(&book.id) {
            return Err(fail(format!("id `{}` is already used by {}", book.id, existing.origin)));
        }
        self.books.push(book);
        Ok(self.books.last().unwrap_or_else(|| unreachable!("a book was just pushed")))
    }

    pub fn get(&self, id: &str) -> Option<&Rulebook> {
        self.books.iter().find(|book| book.id == id)
    }

    pub fn of_kind(&self, kind: RulebookKind) -> impl Iterator<Item = &Rulebook> {
        self.books.iter().filter(move |book| book.kind() == kind)
    }

    /// The capaian rulebook a pemda uses for `year`, given its choices as
    /// (year, rulebook id): the one chosen for that year, else the default.
    pub fn capaian_for_year(&self, choices: &[(i32, String)], year: i32) -> (&Rulebook, &CapaianRules) {
        self.capaian_or_default(chosen_for_year(choices, year))
    }

    /// The capaian rulebook `id`, or the default when `id` is `None` or unknown.
    pub fn capaian_or_default(&self, id: Option<&str>) -> (&Rulebook, &CapaianRules) {
        let chosen = id.and_then(|id| self.get(id)).and_then(|book| Some((book, book.capaian()?)));
        chosen.unwrap_or_else(|| {
            let book = &self.books[self.default_capaian];
            match &book.rules {
                Rules::Capaian(rules) => (book, rules),
            }
        })
    }
}

/// The rulebook id chosen for `year` among a pemda's choices (year, id).
pub fn chosen_for_year(choices: &[(i32, String)], year: i32) -> Option<&str> {
    choices.iter().find(|(chosen, _)| *chosen == year).map(|(_, id)| id.as_str())
}

// --- the file format -----------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRulebook {
    id: String,
    kind: String,
    title: String,
    regulation: String,
    applies_from: i32,
    sources: Vec<Source>,
    capaian: Option<RawCapaian>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCapaian {
    negative_formula: String,
    cap: Option<RawNumber>,
    floor: Option<RawNumber>,
    efficiency: String,
    /// Absent in rulebooks written before the rule was stated: contiguous,
    /// the only reading that never counts a missing quarter as zero and
    /// keeps "capaian s.d. TW n" meaning TW I to n.
    to_date: Option<String>,
    bands: Vec<RawBand>,
    status: RawStatus,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBand {
    from: Option<RawNumber>,
    label: String,
    label_en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStatus {
    on_track: RawNumber,
    at_risk: RawNumber,
}

/// TOML has integers and floats; a string keeps a decimal exact.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawNumber {
    Integer(i64),
    Float(f64),
    Text(String),
}

impl RawNumber {
    fn decimal(&self, field: &str) -> Result<Decimal, String> {
        let parsed = match self {
            RawNumber::Integer(value) => Ok(Decimal::from(*value)),
            RawNumber::Float(value) => Decimal::from_str(&value.to_string()),
            RawNumber::Text(text) => Decimal::from_str(text.trim()),
        };
        parsed.map_err(|_| format!("{field} is not a number"))
    }
}

fn required<'a>(field: &str, value: &'a str) -> Result<&'a str, String> {
    match value.trim() {
        "" => Err(format!("{field} must not be empty")),
        text => Ok(text),
    }
}

fn key<T>(field: &str, value: &str, parse: fn(&str) -> Result<T, Reason>, keys: &[&str]) -> Result<T, String> {
    parse(value).map_err(|_| format!("{field} `{value}` is not one of: {}", keys.join(", ")))
}

impl RawRulebook {
    fn check(self, origin: &str) -> Result<Rulebook, String> {
        let id_ok = (3..=60).contains(&self.id.len())
            && self.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !id_ok {
            return Err(format!("id `{}` must be 3–60 characters of a–z, 0–9 and `-`", self.id));
        }
        let kind = key("kind", &self.kind, RulebookKind::parse, &keys(RulebookKind::ALL, |k| k.key()))?;
        let title = required("title", &self.title)?.to_owned();
        let regulation = required("regulation", &self.regulation)?.to_owned();
        if !(2000..=2100).contains(&self.applies_from) {
            return Err(format!("applies_from {} is not a year between 2000 and 2100", self.applies_from));
        }
        if self.sources.is_empty() {
            return Err("sources must name at least one source".into());
        }
        for (i, source) in self.sources.iter().enumerate() {
            required(&format!("sources[{i}].title"), &source.title)?;
            if let Some(url) = &source.url
                && !(url.starts_with("https://") || url.starts_with("http://"))
            {
                return Err(format!("sources[{i}].url `{url}` is not an http(s) address"));
            }
        }
        let rules = match kind {
            RulebookKind::Capaian => {
                let section = self.capaian.ok_or("a rulebook of kind `capaian` needs a [capaian] section")?;
                Rules::Capaian(section.check()?)
            }
        };
        Ok(Rulebook {
            id: self.id,
            title,
            regulation,
            applies_from: self.applies_from,
            sources: self.sources,
            rules,
            origin: origin.to_owned(),
        })
    }
}

fn keys<T: Copy>(all: &[T], key: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|v| key(*v)).collect()
}

impl RawCapaian {
    fn check(self) -> Result<CapaianRules, String> {
        let negative = key(
            "capaian.negative_formula",
            &self.negative_formula,
            NegativeFormula::parse,
            &keys(NegativeFormula::ALL, |k| k.key()),
        )?;
        let efficiency = key(
            "capaian.efficiency",
            &self.efficiency,
            EfficiencyMethod::parse,
            &keys(EfficiencyMethod::ALL, |k| k.key()),
        )?;
        let cap = self.cap.map(|cap| cap.decimal("capaian.cap")).transpose()?;
        let floor = self.floor.map(|floor| floor.decimal("capaian.floor")).transpose()?;
        if cap.is_some_and(|cap| cap <= Decimal::ZERO) {
            return Err("capaian.cap must be above 0".into());
        }
        let to_date = match &self.to_date {
            Some(raw) => key("capaian.to_date", raw, ToDateRule::parse, &keys(ToDateRule::ALL, |k| k.key()))?,
            None => ToDateRule::Contiguous,
        };
        let method = Method::new(negative, cap, floor)
            .map(|method| Method { to_date, ..method })
            .map_err(|_| "capaian.cap is below capaian.floor".to_owned())?;
        let bands = check_bands(self.bands)?;
        let on_track = self.status.on_track.decimal("capaian.status.on_track")?;
        let at_risk = self.status.at_risk.decimal("capaian.status.at_risk")?;
        if at_risk >= on_track {
            return Err(format!("capaian.status.at_risk ({at_risk}) must be below on_track ({on_track})"));
        }
        Ok(CapaianRules { method, bands, status: StatusThresholds { on_track, at_risk }, efficiency })
    }
}

fn check_bands(raw: Vec<RawBand>) -> Result<Bands, String> {
    if raw.len() < 2 {
        return Err("capaian.bands needs at least two bands".into());
    }
    let last = raw.len().saturating_sub(1);
    let mut bands = Vec::with_capacity(raw.len());
    let mut above: Option<Decimal> = None;
    for (i, band) in raw.into_iter().enumerate() {
        let field = format!("capaian.bands[{i}]");
        let from = band.from.map(|from| from.decimal(&format!("{field}.from"))).transpose()?;
        match (i == last, from) {
            (true, Some(_)) => return Err(format!("{field} is the lowest band and takes no `from`")),
            (false, None) => return Err(format!("{field}.from is missing (only the lowest band has none)")),
            _ => {}
        }
        if let (Some(from), Some(above)) = (from, above)
            && from >= above
        {
            return Err(format!("{field}.from ({from}) must be below the band above it ({above})"));
        }
        above = from;
        bands.push(Band {
            from,
            label_id: required(&format!("{field}.label"), &band.label)?.to_owned(),
            label_en: required(&format!("{field}.label_en"), &band.label_en)?.to_owned(),
        });
    }
    Ok(Bands::checked(bands))
}

#[cfg(test)]
mod tests;
