//! What the API takes, turned into what the pages' forms send, so that one
//! set of domain rules checks both. Numbers arrive as exact machine text
//! (`1234.5`, `-3`), never in a locale; they are written back in the form
//! the domain's parsers read, which always reads as the same value.

use crate::app::period::{PeriodParams, chosen_period};
use crate::auth::InTenant;
use crate::error::AppResult;
use crate::state::AppState;
use domain::capaian::Quarter;
use domain::planning::{Target, ValueKind};
use domain::{Invalid, Locale, Reason};
use serde::Deserialize;
use utoipa::IntoParams;

/// Machine text as the domain reads an entered number; empty stays empty.
pub fn machine_number(raw: &str) -> Result<String, Reason> {
    if raw.trim().is_empty() {
        return Ok(String::new());
    }
    domain::number::parse_canonical(raw).map(|value| domain::number::entry(value, Locale::Id))
}

/// A target as machine text (`12.5`, `10 - 20`, or a level's text) as the
/// domain reads an entered one. An unknown value kind passes the text on,
/// for the row's own check to name the kind.
pub fn machine_target(raw: &str, value_kind: &str) -> Result<String, Reason> {
    let Ok(kind) = ValueKind::parse(value_kind) else {
        return Ok(raw.to_owned());
    };
    Ok(Target::from_canonical(raw, kind)?.map(|target| target.entry(Locale::Id)).unwrap_or_default())
}

/// The year asked for (`year`), checked; this year when none is given.
pub fn year_of(state: &AppState, raw: Option<&str>) -> AppResult<i32> {
    match raw.map(str::trim).filter(|r| !r.is_empty()) {
        Some(raw) => Ok(domain::planning::year(raw).map_err(|r| Invalid::one("year", r))?),
        None => Ok(state.today().year()),
    }
}

/// `year` and `quarter` of a report.
#[derive(Debug, Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// The year (default: this year).
    #[serde(default)]
    pub year: Option<String>,
    /// 1–4.
    #[serde(default)]
    pub quarter: Option<String>,
}

impl PeriodQuery {
    /// The period asked for, checked; without one, this year's quarter open
    /// today, else the last that ended (as the pages choose).
    pub async fn period(&self, state: &AppState, scope: &InTenant) -> AppResult<(i32, Quarter)> {
        let year = year_of(state, self.year.as_deref())?;
        let quarter = match self.quarter.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
            Some(raw) => raw,
            None => {
                let asked = PeriodParams { tahun: year.to_string(), tw: String::new() };
                return chosen_period(state, scope, &asked).await;
            }
        };
        Ok((year, Quarter::parse(quarter).map_err(|r| Invalid::one("quarter", r))?))
    }
}

pub fn period(state: &AppState, year: Option<&str>, quarter: &str) -> AppResult<(i32, Quarter)> {
    let year = year_of(state, year)?;
    let quarter = Quarter::parse(quarter).map_err(|r| Invalid::one("quarter", r))?;
    Ok((year, quarter))
}
