//! The year and quarter a view is about, when the user did not say.

use crate::auth::InTenant;
use crate::error::AppResult;
use crate::state::AppState;
use domain::capaian::Quarter;
use domain::planning::year;
use domain::realisation::{PeriodState, last_ended_quarter};
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct PeriodParams {
    #[serde(default)]
    pub tahun: String,
    #[serde(default)]
    pub tw: String,
}

/// The year and quarter a page shows: as asked, else this year and the
/// quarter open today, else the last that ended.
pub async fn chosen_period(state: &AppState, scope: &InTenant, params: &PeriodParams) -> AppResult<(i32, Quarter)> {
    let today = state.today();
    let year = year(&params.tahun).unwrap_or(today.year());
    if let Ok(quarter) = Quarter::parse(&params.tw) {
        return Ok((year, quarter));
    }
    let calendar = state.reporting_calendar(scope.id(), year, scope.data_version).await?;
    let open = calendar.iter().find(|w| w.state(today, None) == PeriodState::Open).map(|w| w.quarter);
    Ok((year, open.or_else(|| last_ended_quarter(year, today)).unwrap_or(Quarter::ALL[0])))
}

/// The year asked for, else this year.
pub fn chosen_year(state: &AppState, raw: &str) -> i32 {
    year(raw).unwrap_or_else(|_| state.today().year())
}
