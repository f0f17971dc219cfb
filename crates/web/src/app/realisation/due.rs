//! Quarterly realisation: who has reported, and what is due for whom.

use crate::auth::InTenant;
use crate::error::AppResult;
use crate::state::AppState;
use domain::OpdId;
use domain::access::Permission;
use domain::capaian::Quarter;
use domain::realisation::{PeriodState, ReportStatus};
use std::collections::HashMap;
use store::ReportHead;

/// The latest version of each OPD's report of each quarter.
pub fn latest_by_opd(reports: &[ReportHead]) -> HashMap<(i64, Quarter), &ReportHead> {
    let mut latest: HashMap<(i64, Quarter), &ReportHead> = HashMap::new();
    for report in reports {
        let slot = latest.entry((report.opd_id, report.quarter.0)).or_insert(report);
        if report.version > slot.version {
            *slot = report;
        }
    }
    latest
}

/// Whether an OPD has reported a quarter, by its latest report.
pub fn has_reported(report: Option<&ReportHead>) -> bool {
    report.is_some_and(|r| r.status.counts_as_reported())
}

/// Something due that the user can act on.
pub enum Reminder {
    /// An OPD the user reports for has not reported a quarter open now.
    NotReported { opd: i64, opd_name: String, year: i32, quarter: Quarter, due: time::Date },
    /// Reports of the year wait for someone who may verify.
    Waiting { count: usize, year: i32 },
}

/// What is due for the user this year: the open quarters not yet reported
/// by the OPDs they report for, and the reports waiting when they may
/// verify. Decided by permissions, read in one query for the reports.
pub async fn reminders(state: &AppState, scope: &InTenant) -> AppResult<Vec<Reminder>> {
    let reporting = scope.principal.reporting_opds(scope.id());
    let verifies = scope.may(Permission::VerifyRealisation);
    if reporting.is_empty() && !verifies {
        return Ok(Vec::new());
    }
    let today = state.today();
    let year = today.year();
    let mut out = Vec::new();
    let reports = state.year_reports(scope.id(), year, scope.data_version).await?;
    if !reporting.is_empty() {
        let latest = latest_by_opd(&reports);
        let calendar = state.reporting_calendar(scope.id(), year, scope.data_version).await?;
        for window in calendar.iter().filter(|w| w.state(today, None) == PeriodState::Open) {
            for OpdId(opd) in &reporting {
                if !has_reported(latest.get(&(*opd, window.quarter)).copied()) {
                    let opd_name = state.store.opd(scope.id(), OpdId(*opd)).await?.name;
                    out.push(Reminder::NotReported {
                        opd: *opd,
                        opd_name,
                        year,
                        quarter: window.quarter,
                        due: window.closes_on,
                    });
                }
            }
        }
    }
    if verifies {
        let count = reports.iter().filter(|r| r.status == ReportStatus::Submitted).count();
        if count > 0 {
            out.push(Reminder::Waiting { count, year });
        }
    }
    Ok(out)
}
