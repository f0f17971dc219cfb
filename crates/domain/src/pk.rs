//! Perjanjian Kinerja (PermenPAN-RB 53/2014, sakip-rules.md §2): the yearly
//! agreement of one official with their superior, its rows and budget, the
//! workflow from draft to in force, the canonical content that is signed,
//! and the cascade of rows from the kepala daerah down to the pengawas.

mod canonical;
mod cascade;
mod prefill;
mod workflow;

#[cfg(test)]
mod tests;

pub use canonical::{PkDocument, SIGNATURE_FORMAT, digest_hex, public_key, sign, signatures_hold, verify};
pub use cascade::{Agreement, Coverage, RowRef, coverage};
pub use prefill::{PlanSource, prefill, share};
pub use workflow::{AmendmentReason, PkStatus, SigningParty, Step, may_amend};

use crate::capaian::aggregate;
use crate::number::Quantity;
use crate::org::{AssignmentKind, PositionLevel, keyed_enum};
use crate::planning::{Aggregation, Polarity, Target, ValueKind};
use crate::{Invalid, Locale, Reason, text};
use rust_decimal::Decimal;
use serde::Serialize;

keyed_enum! {
    /// The levels that sign a Perjanjian Kinerja, each with its own parties
    /// and lampiran columns (sakip-rules.md §2).
    PkLevel {
        KepalaDaerah => "kepala_daerah", "Kepala Daerah", "Regional head";
        KepalaOpd => "kepala_opd", "Kepala Perangkat Daerah (JPT Pratama)", "Head of OPD (senior executive)";
        Camat => "camat", "Camat", "District head (camat)";
        Administrator => "administrator", "Administrator", "Administrator";
        Pengawas => "pengawas", "Pengawas", "Supervisor (pengawas)";
    }
}

impl PkLevel {
    /// The PK level of a position; the deputy and staff sign none.
    pub fn of(position: PositionLevel) -> Option<PkLevel> {
        match position {
            PositionLevel::KepalaDaerah => Some(PkLevel::KepalaDaerah),
            PositionLevel::SekretarisDaerah | PositionLevel::JptPratama => Some(PkLevel::KepalaOpd),
            PositionLevel::Camat => Some(PkLevel::Camat),
            PositionLevel::Administrator => Some(PkLevel::Administrator),
            PositionLevel::Pengawas => Some(PkLevel::Pengawas),
            PositionLevel::WakilKepalaDaerah | PositionLevel::Pelaksana => None,
        }
    }

    /// The kepala daerah signs alone; everyone else with a superior.
    pub fn has_second_party(self) -> bool {
        self != PkLevel::KepalaDaerah
    }

    /// The order in which agreements are drafted: a superior's rows exist
    /// before the rows that support them.
    pub fn rank(self) -> u8 {
        match self {
            PkLevel::KepalaDaerah => 0,
            PkLevel::KepalaOpd | PkLevel::Camat => 1,
            PkLevel::Administrator => 2,
            PkLevel::Pengawas => 3,
        }
    }

    /// The heading of the lampiran's second column.
    pub fn goal_heading(self, locale: Locale) -> &'static str {
        match self {
            PkLevel::KepalaDaerah | PkLevel::KepalaOpd | PkLevel::Camat => {
                locale.pick("Tujuan dan Sasaran Strategis", "Strategic goals and objectives")
            }
            PkLevel::Administrator => {
                locale.pick("Sasaran Program dan Sasaran Kegiatan", "Program and activity objectives")
            }
            PkLevel::Pengawas => {
                locale.pick("Sasaran Kegiatan dan Sasaran Sub Kegiatan", "Activity and sub-activity objectives")
            }
        }
    }

    /// The heading of the budget table's first column.
    pub fn budget_heading(self, locale: Locale) -> &'static str {
        match self {
            PkLevel::Pengawas => locale.pick("Kegiatan dan Sub Kegiatan", "Activities and sub-activities"),
            _ => locale.pick("Program", "Program"),
        }
    }
}

/// One party as printed and signed: a snapshot taken when the version is
/// drafted, so later changes to the official do not alter a signed text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Party {
    pub official_id: i64,
    /// With titles: `Dr. Ahmad Saputra, S.E., M.Si.`.
    pub name: String,
    pub nip: String,
    /// `Pembina Tingkat I (IV/b)`; empty for an elected kepala daerah.
    pub pangkat: String,
    /// The position with the acting prefix: `Plt. Kepala Dinas Kesehatan`.
    pub position: String,
    pub assignment: AssignmentKind,
}

impl Party {
    pub fn position_title(kind: AssignmentKind, position: &str) -> String {
        format!("{}{position}", kind.prefix())
    }
}

/// Where a row came from in the plan: kept so the cascade and later
/// realisation can find the indicator again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowSource {
    pub indicator_id: i64,
    /// The plan element's code (a sasaran, program, kegiatan or sub-kegiatan).
    pub element_code: String,
}

/// One row of the lampiran: a sasaran, its indicator and the year's target,
/// with the quarterly targets of the rencana aksi.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PkRow {
    /// Stable across versions, so the cascade survives an amendment.
    pub key: String,
    pub goal: String,
    pub indicator: String,
    pub unit: String,
    pub value_kind: ValueKind,
    pub polarity: Polarity,
    pub aggregation: Aggregation,
    pub target: Option<Target>,
    /// Rencana aksi: the target of each quarter (TW I–IV).
    pub quarters: [Option<Decimal>; 4],
    /// The key of the superior's row this row supports.
    pub parent_key: Option<String>,
    pub source: Option<RowSource>,
}

/// What a user enters for one row.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct PkRowInput {
    pub goal: String,
    pub indicator: String,
    pub unit: String,
    pub value_kind: String,
    pub polarity: String,
    pub aggregation: String,
    pub target: String,
    pub q1: String,
    pub q2: String,
    pub q3: String,
    pub q4: String,
    pub parent_key: String,
}

pub const QUARTER_FIELDS: [&str; 4] = ["q1", "q2", "q3", "q4"];

impl PkRow {
    /// Parses an entered row; `key` and `source` come from the stored row.
    pub fn parse(input: &PkRowInput, key: String, source: Option<RowSource>, locale: Locale) -> Result<PkRow, Invalid> {
        let mut invalid = Invalid::default();
        let goal = invalid.check("goal", text::required_text(&input.goal, 500));
        let indicator = invalid.check("indicator", text::required_text(&input.indicator, 500));
        let unit = invalid.check("unit", text::required_text(&input.unit, 40));
        let value_kind = invalid.check("value_kind", ValueKind::parse(&input.value_kind));
        let polarity = invalid.check("polarity", Polarity::parse(&input.polarity));
        let aggregation = invalid.check("aggregation", Aggregation::parse(&input.aggregation));
        let target = match value_kind {
            Some(kind) => invalid.check("target", Target::parse(&input.target, kind, locale)),
            None => None,
        };
        if let (Some(Some(target)), Some(polarity)) = (&target, polarity) {
            let range = matches!(target, Target::Range { .. });
            if range != (polarity == Polarity::Range) && !matches!(target, Target::Level { .. }) {
                invalid.push("target", Reason::RangeMismatch);
            }
        }
        let raw = [&input.q1, &input.q2, &input.q3, &input.q4];
        let mut quarters = [None; 4];
        for (index, field) in QUARTER_FIELDS.iter().enumerate() {
            if !raw[index].trim().is_empty() {
                quarters[index] = invalid.check(field, Quantity::IndicatorValue.parse(raw[index], locale));
            }
        }
        if invalid.is_empty()
            && let (Some(Some(target)), Some(aggregation)) = (&target, aggregation)
            && let Err(reason) = check_rencana_aksi(aggregation, target, &quarters, false)
        {
            invalid.push("q4", reason);
        }
        let parent_key = text::optional_text(&input.parent_key, 40).unwrap_or(None);
        invalid.finish(|| {
            Some(PkRow {
                key,
                goal: goal?,
                indicator: indicator?,
                unit: unit?,
                value_kind: value_kind?,
                polarity: polarity?,
                aggregation: aggregation?,
                target: target?,
                quarters,
                parent_key,
                source,
            })
        })
    }

    /// Whether the row is complete enough to be submitted.
    pub fn check_complete(&self) -> Result<(), Reason> {
        let target = self.target.as_ref().ok_or(Reason::TargetMissing)?;
        check_rencana_aksi(self.aggregation, target, &self.quarters, true)
    }
}

/// Checks the rencana aksi against the annual target: the quarters,
/// aggregated the indicator's way, must give the target (or fall within a
/// range target). Qualitative targets have no quarterly numbers. While
/// drafting (`complete` false) an empty rencana aksi passes; a partial one
/// is checked only once all four quarters are entered.
pub fn check_rencana_aksi(
    aggregation: Aggregation,
    target: &Target,
    quarters: &[Option<Decimal>; 4],
    complete: bool,
) -> Result<(), Reason> {
    if matches!(target, Target::Level { .. }) {
        return Ok(());
    }
    let entered: Vec<Decimal> = quarters.iter().flatten().copied().collect();
    if entered.len() < 4 {
        return if complete { Err(Reason::RencanaAksiMissing) } else { Ok(()) };
    }
    let total = aggregate(aggregation, entered).ok_or(Reason::NotANumber)?;
    let fits = match target {
        Target::Value { value } => total == *value,
        Target::Range { low, high } => *low <= total && total <= *high,
        Target::Level { .. } => true,
    };
    if fits { Ok(()) } else { Err(Reason::RencanaAksi { aggregate: total }) }
}

/// One row of the budget table: a program (or kegiatan, sub-kegiatan) and
/// its anggaran.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BudgetRow {
    pub code: String,
    pub name: String,
    pub amount: Decimal,
    pub note: String,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct BudgetRowInput {
    pub code: String,
    pub name: String,
    pub amount: String,
    pub note: String,
}

impl BudgetRow {
    pub fn parse(input: &BudgetRowInput, locale: Locale) -> Result<BudgetRow, Invalid> {
        let mut invalid = Invalid::default();
        let code = invalid.check("code", text::optional_text(&input.code, 40));
        let name = invalid.check("name", text::required_text(&input.name, 500));
        let amount = invalid.check("amount", Quantity::Money.parse(&input.amount, locale));
        let note = invalid.check("note", text::optional_text(&input.note, 200));
        invalid.finish(|| {
            Some(BudgetRow {
                code: code?.unwrap_or_default(),
                name: name?,
                amount: amount?,
                note: note?.unwrap_or_default(),
            })
        })
    }
}

/// The printed header of a budget table: the sum of its rows; `None` only
/// if stored amounts went past what entry allows and the sum overflows.
pub fn budget_total(rows: &[BudgetRow]) -> Option<Decimal> {
    crate::number::checked_sum(rows.iter().map(|r| r.amount))
}

/// A random-looking, unambiguous verification code (Crockford base32)
/// from 10 random bytes: 16 characters, grouped by 4 for reading aloud.
pub fn verification_code(random: [u8; 10]) -> String {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut bits: u128 = 0;
    for byte in random {
        bits = (bits << 8) | u128::from(byte);
    }
    let mut code = String::with_capacity(19);
    for index in 0..16 {
        if index > 0 && index % 4 == 0 {
            code.push('-');
        }
        let shift = 15usize.saturating_sub(index).saturating_mul(5);
        code.push(char::from(ALPHABET[((bits >> shift) & 31) as usize]));
    }
    code
}

/// Normalises a code typed or scanned by a person: case, `O`/`I`/`L`
/// confusions and missing dashes.
pub fn parse_verification_code(raw: &str) -> Result<String, Reason> {
    let cleaned: String = raw
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect();
    if cleaned.len() != 16 || cleaned.contains('U') {
        return Err(Reason::NotACode);
    }
    let mut code = String::with_capacity(19);
    for (index, c) in cleaned.chars().enumerate() {
        if index > 0 && index % 4 == 0 {
            code.push('-');
        }
        code.push(c);
    }
    Ok(code)
}

/// Everything a version says: what is printed, signed and verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PkContent {
    pub code: String,
    pub tenant_code: String,
    pub tenant_name: String,
    pub year: i32,
    pub number: i32,
    pub level: PkLevel,
    pub first: Party,
    pub second: Option<Party>,
    pub place: String,
    pub date: time::Date,
    pub rows: Vec<PkRow>,
    pub budget: Vec<BudgetRow>,
    pub amendment: Option<(AmendmentReason, String)>,
}

impl PkContent {
    pub fn document(&self) -> PkDocument {
        use canonical::{CanonicalAmendment, CanonicalParty};
        PkDocument {
            format: SIGNATURE_FORMAT,
            code: self.code.clone(),
            tenant_code: self.tenant_code.clone(),
            tenant_name: self.tenant_name.clone(),
            year: self.year,
            version: self.number,
            level: self.level,
            first: CanonicalParty::from(&self.first),
            second: self.second.as_ref().map(CanonicalParty::from),
            place: self.place.clone(),
            date: self.date.to_string(),
            rows: self.rows.iter().map(Into::into).collect(),
            budget: self.budget.iter().map(Into::into).collect(),
            amendment: self
                .amendment
                .as_ref()
                .map(|(reason, note)| CanonicalAmendment { reason: *reason, note: note.clone() }),
        }
    }

    /// Whether `official` is one of the two parties.
    pub fn is_party(&self, official: i64) -> bool {
        self.first.official_id == official || self.second.as_ref().is_some_and(|p| p.official_id == official)
    }

    /// The side `official` signs as while the version is at `status`, if it
    /// is their turn: the first party once approved, the second after them.
    pub fn signing_party(&self, status: PkStatus, official: i64) -> Option<SigningParty> {
        match status {
            PkStatus::Approved if self.first.official_id == official => Some(SigningParty::First),
            PkStatus::SignedFirst if self.second.as_ref().is_some_and(|p| p.official_id == official) => {
                Some(SigningParty::Second)
            }
            _ => None,
        }
    }

    /// The party who signs on `side`; a kepala daerah's PK has only the first.
    pub fn party(&self, side: SigningParty) -> &Party {
        match side {
            SigningParty::First => &self.first,
            SigningParty::Second => self.second.as_ref().unwrap_or(&self.first),
        }
    }

    /// Checks a version before it goes for review: at least one row, each
    /// with its target and a rencana aksi that adds up.
    pub fn check_complete(&self) -> Result<(), Invalid> {
        let mut invalid = Invalid::default();
        if self.rows.is_empty() {
            invalid.push("rows", Reason::Required);
        }
        for row in &self.rows {
            if let Err(reason) = row.check_complete() {
                invalid.push("rows", reason);
                break;
            }
        }
        if invalid.is_empty() { Ok(()) } else { Err(invalid) }
    }
}
