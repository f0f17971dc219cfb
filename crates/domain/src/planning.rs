//! Planning documents: the RPJMD of the pemda and the Renstra of each OPD,
//! as trees of elements (misi, tujuan, sasaran, …, sub-kegiatan) carrying
//! indicators with yearly targets (sakip-rules.md §1).

use crate::nomenclature::{CodeLevel, NomenclatureCode};
use crate::number::{self, Quantity};
use crate::org::keyed_enum;
use crate::{Invalid, Locale, Reason, text};
use rust_decimal::Decimal;
use serde::Serialize;

keyed_enum! {
    /// The two medium-term plans.
    PlanKind {
        Rpjmd => "rpjmd", "RPJMD", "RPJMD (regional plan)";
        Renstra => "renstra", "Renstra PD", "Renstra (OPD strategic plan)";
    }
}

keyed_enum! {
    /// The levels of a plan, top to bottom.
    ElementKind {
        Misi => "misi", "Misi", "Mission";
        Tujuan => "tujuan", "Tujuan", "Goal";
        Sasaran => "sasaran", "Sasaran", "Objective";
        Strategi => "strategi", "Strategi", "Strategy";
        ArahKebijakan => "arah_kebijakan", "Arah Kebijakan", "Policy direction";
        Program => "program", "Program", "Program";
        Kegiatan => "kegiatan", "Kegiatan", "Activity";
        SubKegiatan => "sub_kegiatan", "Sub Kegiatan", "Sub-activity";
    }
}

keyed_enum! {
    /// Which direction of an indicator's value is good.
    Polarity {
        Higher => "higher", "Semakin tinggi semakin baik", "Higher is better";
        Lower => "lower", "Semakin rendah semakin baik", "Lower is better";
        Range => "range", "Dalam rentang", "Within a range";
    }
}

keyed_enum! {
    /// What kind of value an indicator measures.
    ValueKind {
        Number => "number", "Angka", "Number";
        Percent => "percent", "Persentase", "Percentage";
        Index => "index", "Indeks", "Index";
        Ratio => "ratio", "Rasio", "Ratio";
        Level => "level", "Kualitatif / tingkat", "Qualitative / level";
    }
}

/// The range a value of an indicator plausibly takes. A value outside it
/// is not refused outright (a growth rate may be negative, an index may
/// pass 100), but saved only when the person confirms it, and the audit
/// log keeps that they did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Plausible {
    pub low: Option<Decimal>,
    pub high: Option<Decimal>,
}

impl Plausible {
    /// The range the kind implies, with the indicator's own bounds where it sets them:
    /// a percentage 0–100, a count, index or ratio not below 0.
    pub fn of(kind: ValueKind, own_low: Option<Decimal>, own_high: Option<Decimal>) -> Plausible {
        let (low, high) = match kind {
            ValueKind::Percent => (Some(Decimal::ZERO), Some(Decimal::ONE_HUNDRED)),
            ValueKind::Number | ValueKind::Index | ValueKind::Ratio => (Some(Decimal::ZERO), None),
            ValueKind::Level => (None, None),
        };
        Plausible { low: own_low.or(low), high: own_high.or(high) }
    }

    pub fn check(&self, value: Decimal) -> Result<(), Reason> {
        let below = self.low.is_some_and(|low| value < low);
        let above = self.high.is_some_and(|high| value > high);
        if below || above { Err(Reason::Implausible { low: self.low, high: self.high }) } else { Ok(()) }
    }

    /// An indicator's own bounds as a person entered them; empty leaves the kind's.
    pub fn parse_own(low: &str, high: &str, locale: Locale) -> Result<(Option<Decimal>, Option<Decimal>), Invalid> {
        let mut invalid = Invalid::default();
        let mut bound = |field: &'static str, raw: &str| match raw.trim() {
            "" => Some(None),
            text => invalid.check(field, Quantity::IndicatorValue.parse(text, locale)).map(Some),
        };
        let (low, high) = (bound("plausible_min", low), bound("plausible_max", high));
        if let (Some(Some(low)), Some(Some(high))) = (low, high)
            && low > high
        {
            invalid.push("plausible_max", Reason::RangeReversed);
        }
        invalid.finish(|| Some((low?, high?)))
    }
}

keyed_enum! {
    /// How the quarters of a year make the year's value.
    Aggregation {
        Sum => "sum", "Kumulatif (dijumlahkan)", "Cumulative sum";
        Last => "last", "Nilai akhir", "Last value";
        Average => "average", "Rata-rata", "Average";
        Max => "max", "Nilai tertinggi", "Maximum";
        Min => "min", "Nilai terendah", "Minimum";
    }
}

keyed_enum! {
    /// A Renstra is drafted by its OPD and approved by Bappeda.
    PlanStatus {
        Draft => "draft", "Draf", "Draft";
        Approved => "approved", "Disetujui", "Approved";
    }
}

impl ElementKind {
    /// The kind an element of this kind hangs under in a plan of `plan`:
    /// `Ok(None)` for a top-level element, `Err` where the kind has no place.
    pub fn parent_in(self, plan: PlanKind) -> Result<Option<ElementKind>, Reason> {
        use ElementKind::*;
        match (plan, self) {
            (PlanKind::Rpjmd, Misi) | (PlanKind::Renstra, Tujuan) => Ok(None),
            (PlanKind::Rpjmd, Tujuan) => Ok(Some(Misi)),
            (_, Sasaran) => Ok(Some(Tujuan)),
            (PlanKind::Rpjmd, Strategi) => Ok(Some(Sasaran)),
            (PlanKind::Rpjmd, ArahKebijakan) => Ok(Some(Strategi)),
            (PlanKind::Renstra, Program) => Ok(Some(Sasaran)),
            (PlanKind::Renstra, Kegiatan) => Ok(Some(Program)),
            (PlanKind::Renstra, SubKegiatan) => Ok(Some(Kegiatan)),
            _ => Err(Reason::NotInPlan),
        }
    }

    /// The kinds a plan of `plan` holds, top to bottom.
    pub fn of_plan(plan: PlanKind) -> impl Iterator<Item = ElementKind> {
        ElementKind::ALL.iter().copied().filter(move |k| k.parent_in(plan).is_ok())
    }

    /// The nomenclature level whose code an element of this kind carries.
    pub fn code_level(self) -> Option<CodeLevel> {
        match self {
            ElementKind::Program => Some(CodeLevel::Program),
            ElementKind::Kegiatan => Some(CodeLevel::Kegiatan),
            ElementKind::SubKegiatan => Some(CodeLevel::SubKegiatan),
            _ => None,
        }
    }

    /// Elements that carry indicators (a misi, strategi or arah kebijakan has none).
    pub fn has_indicators(self) -> bool {
        !matches!(self, ElementKind::Misi | ElementKind::Strategi | ElementKind::ArahKebijakan)
    }

    /// Elements that carry an indicative budget (pagu).
    pub fn has_budget(self) -> bool {
        self.code_level().is_some()
    }
}

/// A target (or a baseline) for one year: a number, a range, or a level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    Value { value: Decimal },
    Range { low: Decimal, high: Decimal },
    Level { level: String },
}

/// The separators accepted between the bounds of a range.
const RANGE_SEPARATORS: &[&str] = &[" - ", "–", "—", " s.d. ", " s/d "];

impl Target {
    /// Parses a target a person entered, numbers read in their locale and
    /// checked against the range of indicator values; empty is `None`. For
    /// a qualitative indicator any text is a level; otherwise it is a
    /// number or `low - high`.
    pub fn parse(raw: &str, kind: ValueKind, locale: Locale) -> Result<Option<Target>, Reason> {
        Target::read(raw, kind, |text| Quantity::IndicatorValue.parse(text, locale))
    }

    /// Reads back the text [`Target::canonical`] wrote (stored values).
    pub fn from_canonical(raw: &str, kind: ValueKind) -> Result<Option<Target>, Reason> {
        Target::read(raw, kind, number::parse_canonical)
    }

    fn read(
        raw: &str,
        kind: ValueKind,
        number: impl Fn(&str) -> Result<Decimal, Reason>,
    ) -> Result<Option<Target>, Reason> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        if kind == ValueKind::Level {
            return text::required_text(raw, 60).map(|level| Some(Target::Level { level }));
        }
        for separator in RANGE_SEPARATORS {
            if let Some((low, high)) = raw.split_once(separator) {
                let (low, high) = (number(low)?, number(high)?);
                if low > high {
                    return Err(Reason::RangeReversed);
                }
                return Ok(Some(Target::Range { low, high }));
            }
        }
        number(raw).map(|value| Some(Target::Value { value }))
    }

    /// The text that parses back to this target: what is stored and exported.
    pub fn canonical(&self) -> String {
        match self {
            Target::Value { value } => value.normalize().to_string(),
            Target::Range { low, high } => format!("{} - {}", low.normalize(), high.normalize()),
            Target::Level { level } => level.clone(),
        }
    }

    /// The text a form shows for editing: the locale's decimal mark, no
    /// thousands grouping (a grouping dot would read back as a decimal mark).
    pub fn entry(&self, locale: crate::Locale) -> String {
        let entry = |d: &Decimal| number::entry(*d, locale);
        match self {
            Target::Value { value } => entry(value),
            Target::Range { low, high } => format!("{} - {}", entry(low), entry(high)),
            Target::Level { level } => level.clone(),
        }
    }

    /// For people: Indonesian or English number format, as entered precision.
    pub fn display(&self, locale: crate::Locale) -> String {
        let show = |d: &Decimal| crate::format::decimal(*d, d.normalize().scale().min(4), locale);
        match self {
            Target::Value { value } => show(value),
            Target::Range { low, high } => format!("{} – {}", show(low), show(high)),
            Target::Level { level } => level.clone(),
        }
    }
}

/// The years a medium-term plan covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub start: i32,
    pub end: i32,
}

impl Period {
    pub const MAX_YEARS: i32 = 10;

    pub fn parse(start: &str, end: &str) -> Result<Period, Invalid> {
        let mut invalid = Invalid::default();
        let start = invalid.check("start_year", year(start));
        let end = invalid.check("end_year", year(end));
        if let (Some(start), Some(end)) = (start, end) {
            if end < start {
                invalid.push("end_year", Reason::EndBeforeStart);
            } else if end.saturating_sub(start) >= Period::MAX_YEARS {
                invalid.push("end_year", Reason::TooManyYears { max: Period::MAX_YEARS as usize });
            }
        }
        invalid.finish(|| Some(Period { start: start?, end: end? }))
    }

    pub fn years(self) -> impl Iterator<Item = i32> {
        self.start..=self.end
    }

    pub fn contains(self, year: i32) -> bool {
        (self.start..=self.end).contains(&year)
    }
}

/// A plan year: four digits within the range any plan can reach.
pub fn year(raw: &str) -> Result<i32, Reason> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(Reason::Required);
    }
    raw.parse::<i32>().ok().filter(|y| (2000..=2100).contains(y)).ok_or(Reason::NotAYear)
}

/// The code of an element: its nomenclature code for program, kegiatan and
/// sub-kegiatan, a short reference such as `S1.2` for the others.
pub fn element_code(kind: ElementKind, raw: &str) -> Result<String, Reason> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(Reason::Required);
    }
    if let Some(level) = kind.code_level() {
        let code = NomenclatureCode::parse(raw)?;
        if code.level() != level {
            return Err(Reason::CodeLevel);
        }
        return Ok(code.as_str().to_owned());
    }
    if raw.len() > 20 || !raw.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')) {
        return Err(Reason::BadCharacters);
    }
    Ok(raw.to_owned())
}

/// A new plan, or the changed header of one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanDraft {
    pub kind: PlanKind,
    /// The OPD of a Renstra; none for the RPJMD.
    pub opd_id: Option<i64>,
    pub period: Period,
    pub title: String,
    pub visi: Option<String>,
}

impl PlanDraft {
    pub fn parse(kind: &str, opd: &str, start: &str, end: &str, title: &str, visi: &str) -> Result<Self, Invalid> {
        let mut invalid = Invalid::default();
        let kind = invalid.check("kind", PlanKind::parse(kind));
        let opd_id = invalid.check("opd", crate::drafts::optional_id(opd));
        match (kind, opd_id) {
            (Some(PlanKind::Renstra), Some(None)) => invalid.push("opd", Reason::Required),
            (Some(PlanKind::Rpjmd), Some(Some(_))) => invalid.push("opd", Reason::NotInPlan),
            _ => {}
        }
        let period = match Period::parse(start, end) {
            Ok(period) => Some(period),
            Err(errors) => {
                invalid.0.extend(errors.0);
                None
            }
        };
        let title = invalid.check("title", text::optional_text(title, 200));
        let visi = invalid.check("visi", text::optional_text(visi, 1000));
        invalid.finish(|| {
            let (kind, period) = (kind?, period?);
            let title =
                title?.unwrap_or_else(|| format!("{} {}–{}", kind.label(crate::Locale::Id), period.start, period.end));
            Some(PlanDraft { kind, opd_id: opd_id?, period, title, visi: visi? })
        })
    }
}

/// A new or changed plan element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ElementDraft {
    pub kind: ElementKind,
    pub code: String,
    pub name: String,
    /// The code of the parent element in the same plan.
    pub parent_code: Option<String>,
}

impl ElementDraft {
    pub fn parse(plan: PlanKind, kind: &str, code: &str, name: &str, parent_code: &str) -> Result<Self, Invalid> {
        let mut invalid = Invalid::default();
        let kind = invalid.check("kind", ElementKind::parse(kind).and_then(|k| k.parent_in(plan).map(|_| k)));
        let code = kind.and_then(|k| invalid.check("code", element_code(k, code)));
        let name = invalid.check("name", text::required_text(name, 500));
        let parent_code = text::optional_text(parent_code, 40);
        let parent_code = invalid.check("parent_code", parent_code);
        if let (Some(kind), Some(parent)) = (kind, &parent_code) {
            match kind.parent_in(plan) {
                Ok(None) if parent.is_some() => invalid.push("parent_code", Reason::NotInPlan),
                Ok(Some(_)) if parent.is_none() => invalid.push("parent_code", Reason::Required),
                _ => {}
            }
        }
        // A kegiatan's code extends its program's, a sub-kegiatan's its kegiatan's.
        if let (Some(kind), Some(code), Some(Some(parent))) = (kind, &code, &parent_code)
            && kind.code_level().is_some_and(|level| level != CodeLevel::Program)
            && NomenclatureCode::parse(code).ok().and_then(|c| c.parent()).is_some_and(|p| p.as_str() != parent)
        {
            invalid.push("code", Reason::CodeOutsideParent);
        }
        invalid.finish(|| Some(ElementDraft { kind: kind?, code: code?, name: name?, parent_code: parent_code? }))
    }
}

/// A new or changed indicator with its targets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorDraft {
    pub name: String,
    pub definition: Option<String>,
    pub formula: Option<String>,
    pub unit: String,
    pub polarity: Polarity,
    pub value_kind: ValueKind,
    pub aggregation: Aggregation,
    pub data_source: Option<String>,
    /// The name of the responsible OPD, as the store resolves it.
    pub responsible_opd: Option<i64>,
    pub is_iku: bool,
    pub baseline: Option<Target>,
    pub final_target: Option<Target>,
    /// A target per year of the plan's period that has one.
    pub targets: Vec<(i32, Target)>,
    /// The indicator's own plausible range; `None` keeps what its kind implies.
    pub plausible_min: Option<Decimal>,
    pub plausible_max: Option<Decimal>,
}

impl IndicatorDraft {
    /// The range an actual of this indicator plausibly takes.
    pub fn plausible(&self) -> Plausible {
        Plausible::of(self.value_kind, self.plausible_min, self.plausible_max)
    }
}

/// The raw text of an indicator, from a form, a JSON body or a spreadsheet row.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct IndicatorInput {
    pub name: String,
    pub definition: String,
    pub formula: String,
    pub unit: String,
    pub polarity: String,
    pub value_kind: String,
    pub aggregation: String,
    pub data_source: String,
    pub responsible_opd: String,
    pub is_iku: String,
    pub baseline: String,
    pub final_target: String,
    /// Year and entered target text.
    #[serde(skip)]
    pub targets: Vec<(i32, String)>,
    pub plausible_min: String,
    pub plausible_max: String,
}

/// The field name of the target for `year` among the years of `period`.
pub fn target_field(period: Period, year: i32) -> &'static str {
    const FIELDS: [&str; Period::MAX_YEARS as usize] = [
        "target_1",
        "target_2",
        "target_3",
        "target_4",
        "target_5",
        "target_6",
        "target_7",
        "target_8",
        "target_9",
        "target_10",
    ];
    usize::try_from(year.saturating_sub(period.start)).ok().and_then(|i| FIELDS.get(i)).copied().unwrap_or("targets")
}

/// `ya`/`yes`/`on`/`true`/`1` is true; empty and their opposites are false.
pub fn flag(raw: &str) -> Result<bool, Reason> {
    match raw.trim().to_lowercase().as_str() {
        "ya" | "y" | "yes" | "on" | "true" | "1" => Ok(true),
        "" | "tidak" | "t" | "no" | "off" | "false" | "0" => Ok(false),
        _ => Err(Reason::UnknownOption),
    }
}

impl IndicatorDraft {
    pub fn parse(input: &IndicatorInput, period: Period, locale: Locale) -> Result<Self, Invalid> {
        let mut invalid = Invalid::default();
        let name = invalid.check("name", text::required_text(&input.name, 300));
        let definition = invalid.check("definition", text::optional_text(&input.definition, 1000));
        let formula = invalid.check("formula", text::optional_text(&input.formula, 500));
        let unit = invalid.check("unit", text::required_text(&input.unit, 40));
        let polarity = invalid.check("polarity", Polarity::parse(&input.polarity));
        let value_kind = invalid.check("value_kind", ValueKind::parse(&input.value_kind));
        let aggregation = invalid.check("aggregation", Aggregation::parse(&input.aggregation));
        let data_source = invalid.check("data_source", text::optional_text(&input.data_source, 200));
        let responsible_opd = invalid.check("responsible_opd", crate::drafts::optional_id(&input.responsible_opd));
        let is_iku = invalid.check("is_iku", flag(&input.is_iku));
        let kind = value_kind.unwrap_or(ValueKind::Number);
        let plausible = match Plausible::parse_own(&input.plausible_min, &input.plausible_max, locale) {
            Ok(bounds) => Some(bounds),
            Err(errors) => {
                invalid.0.extend(errors.0);
                None
            }
        };
        let baseline = invalid.check("baseline", Target::parse(&input.baseline, kind, locale));
        let final_target = invalid.check("final_target", Target::parse(&input.final_target, kind, locale));
        let mut targets = Vec::new();
        for (year, raw) in &input.targets {
            let field = target_field(period, *year);
            if !period.contains(*year) {
                invalid.push(field, Reason::OutsidePeriod);
                continue;
            }
            if let Some(Some(target)) = invalid.check(field, Target::parse(raw, kind, locale)) {
                targets.push((*year, target));
            }
        }
        // A range target only makes sense for an indicator judged by a range, and back.
        if let Some(polarity) = polarity {
            for (year, target) in &targets {
                let is_range = matches!(target, Target::Range { .. });
                if is_range != (polarity == Polarity::Range) && kind != ValueKind::Level {
                    invalid.push(target_field(period, *year), Reason::RangeMismatch);
                }
            }
        }
        invalid.finish(|| {
            Some(IndicatorDraft {
                name: name?,
                definition: definition?,
                formula: formula?,
                unit: unit?,
                polarity: polarity?,
                value_kind: value_kind?,
                aggregation: aggregation?,
                data_source: data_source?,
                responsible_opd: responsible_opd?,
                is_iku: is_iku?,
                baseline: baseline?,
                final_target: final_target?,
                targets,
                plausible_min: plausible?.0,
                plausible_max: plausible?.1,
            })
        })
    }
}

/// One item of an OPD's Renja for a year: a program, kegiatan or
/// sub-kegiatan of its Renstra with the indicative, DPA and changed pagu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenjaItem {
    pub kind: ElementKind,
    pub code: String,
    pub name: String,
    /// The Renstra's indicative pagu for the year.
    pub planned: Option<Decimal>,
    pub pagu: Option<Decimal>,
    pub pagu_perubahan: Option<Decimal>,
}

/// Whether two indicators, each named by its element's code and its own
/// name, are the same one: what a re-import or a PK row is matched by when
/// ids differ. Case and surrounding spaces do not count; the code does.
pub fn same_indicator((code, name): (&str, &str), (other_code, other_name): (&str, &str)) -> bool {
    code == other_code && name.trim().to_lowercase() == other_name.trim().to_lowercase()
}

/// The budget in force: the changed pagu (perubahan) after a budget change,
/// else the DPA pagu.
pub fn pagu_in_force(pagu: Option<Decimal>, pagu_perubahan: Option<Decimal>) -> Option<Decimal> {
    pagu_perubahan.or(pagu)
}

impl RenjaItem {
    pub fn pagu_in_force(&self) -> Option<Decimal> {
        pagu_in_force(self.pagu, self.pagu_perubahan)
    }
}

impl RenjaBudget {
    pub fn pagu_in_force(&self) -> Decimal {
        self.pagu_perubahan.unwrap_or(self.pagu)
    }
}

/// The DPA pagu and changed pagu of a program or kegiatan: the sums over the
/// sub-kegiatan under it (their codes extend its code), the level the DPA
/// budgets. After a budget change, a sub-kegiatan without a changed pagu
/// counts with its pagu; without any change there is no changed sum.
pub fn renja_subtotal(items: &[RenjaItem], code: &str) -> (Option<Decimal>, Option<Decimal>) {
    let under: Vec<&RenjaItem> = items
        .iter()
        .filter(|item| {
            item.kind == ElementKind::SubKegiatan
                && item.code.len() > code.len()
                && item.code.starts_with(code)
                && item.code.as_bytes()[code.len()] == b'.'
        })
        .collect();
    let pagu = under.iter().any(|i| i.pagu.is_some()).then(|| number::checked_sum(under.iter().filter_map(|i| i.pagu)));
    let changed = under
        .iter()
        .any(|i| i.pagu_perubahan.is_some())
        .then(|| number::checked_sum(under.iter().filter_map(|i| i.pagu_in_force())));
    (pagu.flatten(), changed.flatten())
}

/// The year's budget of one Renja sub-kegiatan, named by its code: the DPA
/// pagu and, after a budget change, the changed pagu (perubahan).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RenjaBudget {
    pub code: String,
    pub pagu: Decimal,
    pub pagu_perubahan: Option<Decimal>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn an_indicator_is_the_same_by_code_and_name_whatever_the_case() {
        assert!(same_indicator(("1.02", "Angka Kematian Ibu"), ("1.02", " angka kematian ibu ")));
        assert!(same_indicator(("1.02", "Cakupan ÉLÉMEN"), ("1.02", "cakupan élémen")), "beyond ASCII too");
        assert!(!same_indicator(("1.02", "Angka Kematian Ibu"), ("1.03", "Angka Kematian Ibu")));
        assert!(!same_indicator(("1.02", "Angka Kematian Ibu"), ("1.02", "Angka Kematian Bayi")));
    }

    #[test]
    fn the_pagu_in_force_is_the_changed_one_when_there_is_one() {
        let (pagu, changed) = (Decimal::from(100), Decimal::from(80));
        assert_eq!(pagu_in_force(Some(pagu), Some(changed)), Some(changed));
        assert_eq!(pagu_in_force(Some(pagu), None), Some(pagu));
        assert_eq!(pagu_in_force(None, None), None);
        let budget = RenjaBudget { code: "1".into(), pagu, pagu_perubahan: Some(changed) };
        assert_eq!(budget.pagu_in_force(), changed);
    }

    #[test]
    fn a_renja_subtotal_sums_only_the_sub_kegiatan_under_the_code() {
        let item = |kind, code: &str, pagu: Option<i64>| RenjaItem {
            kind,
            code: code.into(),
            name: String::new(),
            planned: None,
            pagu: pagu.map(Decimal::from),
            pagu_perubahan: None,
        };
        let items = [
            item(ElementKind::Program, "1.02.02", Some(999)),
            item(ElementKind::Kegiatan, "1.02.02.2.01", Some(999)),
            item(ElementKind::SubKegiatan, "1.02.02.2.01.0001", Some(100)),
            item(ElementKind::SubKegiatan, "1.02.02.2.01.0002", None),
            item(ElementKind::SubKegiatan, "1.02.02.2.010.0001", Some(7)),
            item(ElementKind::SubKegiatan, "1.02.02.2.02.0001", Some(20)),
        ];
        let d = |n: i64| Some(Decimal::from(n));
        assert_eq!(renja_subtotal(&items, "1.02.02.2.01"), (d(100), None), "2.010 is not under 2.01");
        assert_eq!(renja_subtotal(&items, "1.02.02"), (d(127), None));
        assert_eq!(renja_subtotal(&items, "1.02.03"), (None, None));
        let mut changed = items.to_vec();
        changed[5].pagu_perubahan = Some(Decimal::from(30));
        // The others keep their pagu in the changed sum.
        assert_eq!(renja_subtotal(&changed, "1.02.02"), (d(127), d(137)));
    }

    #[test]
    fn targets_parse_by_shape() {
        let t = |s: &str| Target::parse(s, ValueKind::Percent, Locale::Id);
        assert_eq!(t("10,5"), Ok(Some(Target::Value { value: Decimal::new(105, 1) })));
        assert_eq!(t("2 - 3"), Ok(Some(Target::Range { low: Decimal::from(2), high: Decimal::from(3) })));
        assert_eq!(t("-1 - 1"), Ok(Some(Target::Range { low: Decimal::from(-1), high: Decimal::from(1) })));
        assert_eq!(t("3 - 2"), Err(Reason::RangeReversed));
        assert_eq!(t(""), Ok(None));
        assert_eq!(t("Baik"), Err(Reason::NotANumber));
        assert_eq!(
            Target::parse("Baik", ValueKind::Level, Locale::Id),
            Ok(Some(Target::Level { level: "Baik".into() }))
        );
        assert!(matches!(t("2.500"), Err(Reason::AmbiguousNumber { .. })));
        assert!(matches!(t("5.000.000.000.000.000"), Err(Reason::OutOfRange { .. })));
    }

    #[test]
    fn elements_hang_where_the_plan_puts_them() {
        assert_eq!(ElementKind::Misi.parent_in(PlanKind::Rpjmd), Ok(None));
        assert_eq!(ElementKind::Sasaran.parent_in(PlanKind::Renstra), Ok(Some(ElementKind::Tujuan)));
        assert_eq!(ElementKind::Program.parent_in(PlanKind::Rpjmd), Err(Reason::NotInPlan));
        let kinds: Vec<_> = ElementKind::of_plan(PlanKind::Renstra).collect();
        assert_eq!(kinds.first(), Some(&ElementKind::Tujuan));
        assert_eq!(kinds.last(), Some(&ElementKind::SubKegiatan));
    }

    #[test]
    fn element_codes_follow_the_nomenclature() {
        let ok = ElementDraft::parse(PlanKind::Renstra, "kegiatan", "1.02.02.2.01", "Penyediaan", "1.02.02");
        assert!(ok.is_ok());
        let wrong_parent = ElementDraft::parse(PlanKind::Renstra, "kegiatan", "1.02.02.2.01", "X", "1.02.03");
        assert_eq!(wrong_parent.unwrap_err().0[0].reason, Reason::CodeOutsideParent);
        let wrong_level = ElementDraft::parse(PlanKind::Renstra, "program", "1.02.02.2.01", "X", "S1");
        assert_eq!(wrong_level.unwrap_err().0[0].reason, Reason::CodeLevel);
        let root_with_parent = ElementDraft::parse(PlanKind::Rpjmd, "misi", "M1", "Misi", "X");
        assert_eq!(root_with_parent.unwrap_err().0[0].field, "parent_code");
        let orphan = ElementDraft::parse(PlanKind::Rpjmd, "sasaran", "S1", "Sasaran", "");
        assert_eq!(orphan.unwrap_err().0[0].reason, Reason::Required);
    }

    fn input(targets: &[(i32, &str)]) -> IndicatorInput {
        IndicatorInput {
            name: "Persentase penduduk miskin".into(),
            unit: "%".into(),
            polarity: "lower".into(),
            value_kind: "percent".into(),
            aggregation: "last".into(),
            baseline: "12,55".into(),
            targets: targets.iter().map(|(y, t)| (*y, (*t).to_owned())).collect(),
            ..IndicatorInput::default()
        }
    }

    #[test]
    fn indicators_check_targets_against_the_period() {
        let period = Period { start: 2025, end: 2029 };
        let draft = IndicatorDraft::parse(&input(&[(2025, "12,1"), (2026, "11,6")]), period, Locale::Id).unwrap();
        assert_eq!(draft.targets.len(), 2);
        assert_eq!(draft.baseline, Some(Target::Value { value: Decimal::new(1255, 2) }));
        let outside = IndicatorDraft::parse(&input(&[(2031, "9")]), period, Locale::Id).unwrap_err();
        assert_eq!(outside.0[0].reason, Reason::OutsidePeriod);
        let range = IndicatorDraft::parse(&input(&[(2027, "9 - 10")]), period, Locale::Id).unwrap_err();
        assert_eq!((range.0[0].field, &range.0[0].reason), ("target_3", &Reason::RangeMismatch));
    }

    #[test]
    fn periods_are_bounded() {
        assert!(Period::parse("2025", "2029").is_ok());
        assert_eq!(Period::parse("2029", "2025").unwrap_err().0[0].reason, Reason::EndBeforeStart);
        assert_eq!(Period::parse("2025", "2040").unwrap_err().0[0].reason, Reason::TooManyYears { max: 10 });
        assert_eq!(Period::parse("25", "2029").unwrap_err().0[0].reason, Reason::NotAYear);
    }

    proptest! {
        #[test]
        fn canonical_targets_parse_back(mantissa in -10_000_000_000i64..10_000_000_000, scale in 0u32..6, width in 0i64..1_000_000) {
            let low = Decimal::new(mantissa, scale);
            for target in [Target::Value { value: low }, Target::Range { low, high: low + Decimal::new(width, scale) }] {
                let parsed = Target::from_canonical(&target.canonical(), ValueKind::Number).unwrap().unwrap();
                prop_assert_eq!(parsed.canonical(), target.canonical());
            }
        }

        #[test]
        fn entered_text_parses_back(mantissa in -10_000_000_000i64..10_000_000_000, scale in 0u32..6, width in 0i64..1_000) {
            let low = Decimal::new(mantissa, scale);
            for target in [Target::Value { value: low }, Target::Range { low, high: low + Decimal::new(width, scale) }] {
                for locale in [crate::Locale::Id, crate::Locale::En] {
                    let parsed = Target::parse(&target.entry(locale), ValueKind::Number, locale).unwrap().unwrap();
                    prop_assert_eq!(parsed.canonical(), target.canonical());
                }
            }
        }
    }
}
