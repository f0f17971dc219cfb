//! The capaian figures of a pemda, year and quarter: the engine's overview,
//! who has reported, budget beside capaian with the rulebook's efficiency
//! method. Computed once per data version and shared by the dashboards, the
//! quarterly report, the performance tree and the API.

use super::realisation::{has_reported, latest_by_opd};
use crate::auth::InTenant;
use crate::error::AppResult;
use crate::state::AppState;
use domain::capaian::{EfficiencyMethod, IndicatorYear, Overview, Quarter, absorption, overview, savings_efficiency};
use domain::realisation::ReportStatus;
use domain::rulebook::CapaianRules;
use domain::{Locale, TenantId};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::sync::Arc;
use store::IndicatorName;

/// Budget beside capaian for one OPD, to date. A sum is `None` only when
/// stored amounts beyond what entry allows overflow it.
#[derive(Debug, Clone)]
pub struct OpdBudget {
    pub opd: i64,
    pub pagu: Option<Decimal>,
    pub spent: Option<Decimal>,
    pub absorption: Option<Decimal>,
    pub capaian: Option<Decimal>,
    pub efficiency: Option<Decimal>,
}

/// Everything the dashboards of one pemda, year and quarter show, computed
/// once per data version.
pub struct Figures {
    pub year: i32,
    pub quarter: Quarter,
    pub rulebook: String,
    pub rules: CapaianRules,
    pub overview: Overview,
    pub opd_names: HashMap<i64, String>,
    pub indicators: HashMap<i64, IndicatorName>,
    /// Code and name of every plan element that has indicators.
    pub elements: HashMap<i64, (String, String)>,
    /// The year's indicators by OPD, as read for the overview, for the OPD pages.
    years: Vec<(Option<i64>, Vec<IndicatorYear>)>,
    pub opd_count: usize,
    pub reported: usize,
    pub late: usize,
    /// The latest report of each OPD for the quarter: its status and whether it came late.
    pub statuses: HashMap<i64, (ReportStatus, bool)>,
    pub budget: Vec<OpdBudget>,
}

impl Figures {
    pub fn opd_name(&self, opd: Option<i64>, locale: Locale) -> String {
        match opd {
            Some(id) => self.opd_names.get(&id).cloned().unwrap_or_else(|| format!("OPD {id}")),
            None => locale.pick("RPJMD (Pemda)", "RPJMD (pemda)").to_owned(),
        }
    }

    /// The overview of one OPD's indicators alone.
    pub fn opd_overview(&self, opd: i64) -> Overview {
        let own: Vec<_> = self.years.iter().filter(|(o, _)| *o == Some(opd)).cloned().collect();
        overview(&self.rules, &own, self.quarter)
    }

    /// `code name` of an element, or its id when it is unknown.
    pub fn element_label(&self, id: i64) -> String {
        self.elements.get(&id).map_or_else(|| format!("#{id}"), |(code, name)| format!("{code} {name}"))
    }

    pub fn element_code(&self, id: i64) -> String {
        self.elements.get(&id).map(|(code, _)| code.clone()).unwrap_or_default()
    }

    pub fn band_label(&self, rank: Option<usize>, locale: Locale) -> String {
        rank.and_then(|r| self.rules.bands.all().get(r)).map_or_else(|| "—".to_owned(), |b| b.label(locale).to_owned())
    }
}

async fn compute(state: &AppState, tenant: TenantId, year: i32, quarter: Quarter) -> AppResult<Figures> {
    let (rulebook, rules) = state.capaian_rules(tenant, year, None).await?;
    let years = state.store.indicator_year(tenant, year).await?;
    let overview = overview(&rules, &years, quarter);
    let opd_names: HashMap<i64, String> = state.store.opd_options(tenant).await?.into_iter().collect();
    let indicators: HashMap<i64, IndicatorName> =
        state.store.indicator_names(tenant).await?.into_iter().map(|i| (i.id, i)).collect();
    let elements =
        indicators.values().map(|i| (i.element_id, (i.element_code.clone(), i.element_name.clone()))).collect();
    let reports = state.store.realisation_reports(tenant, year).await?;
    let latest = latest_by_opd(&reports);
    let reported = opd_names.keys().filter(|id| has_reported(latest.get(&(**id, quarter)).copied())).count();
    let late = opd_names.keys().filter(|id| latest.get(&(**id, quarter)).is_some_and(|r| r.submitted_late)).count();
    let statuses = latest
        .iter()
        .filter(|((_, q), _)| *q == quarter)
        .map(|((opd, _), report)| (*opd, (report.status, report.submitted_late)))
        .collect();
    let add = |total: &mut Option<Decimal>, amount: Decimal| *total = total.and_then(|t| t.checked_add(amount));
    let mut pagu: HashMap<i64, Option<Decimal>> = HashMap::new();
    for (opd, _, amount) in state.store.year_pagu(tenant, year).await? {
        add(pagu.entry(opd).or_insert(Some(Decimal::ZERO)), amount);
    }
    let mut spent: HashMap<i64, Option<Decimal>> = HashMap::new();
    for row in state.store.year_spent(tenant, year).await?.into_iter().filter(|r| r.quarter <= quarter) {
        add(spent.entry(row.opd_id).or_insert(Some(Decimal::ZERO)), row.spent);
    }
    let capaian: HashMap<i64, Option<Decimal>> =
        overview.opds.iter().filter_map(|(opd, roll)| opd.map(|id| (id, roll.mean))).collect();
    let mut budget: Vec<OpdBudget> = pagu
        .iter()
        .map(|(opd, pagu)| {
            let spent = spent.get(opd).copied().unwrap_or(Some(Decimal::ZERO));
            let capaian = capaian.get(opd).copied().flatten();
            let both = pagu.zip(spent);
            let efficiency = match rules.efficiency {
                EfficiencyMethod::Savings => {
                    capaian.zip(both).and_then(|(c, (pagu, spent))| savings_efficiency(c, pagu, spent))
                }
                // Unit cost needs planned and actual output volumes per sub-kegiatan, not entered yet.
                EfficiencyMethod::UnitCost => None,
            };
            let absorption = both.and_then(|(pagu, spent)| absorption(pagu, spent));
            OpdBudget { opd: *opd, pagu: *pagu, spent, absorption, capaian, efficiency }
        })
        .collect();
    budget.sort_by_key(|b| b.opd);
    Ok(Figures {
        year,
        quarter,
        rulebook,
        rules,
        overview,
        opd_count: opd_names.len(),
        opd_names,
        indicators,
        elements,
        years,
        reported,
        late,
        statuses,
        budget,
    })
}

/// Cached figures by pemda, year and quarter number, with the data version they were computed at.
pub type FiguresCache = crate::state::Versioned<(TenantId, i32, u8), Arc<Figures>>;

/// The figures, from the cache while the pemda's data version has not moved.
pub async fn figures(state: &AppState, scope: &InTenant, year: i32, quarter: Quarter) -> AppResult<Arc<Figures>> {
    let version = state.data_version(scope.id(), scope.data_version).await?;
    let key = (scope.id(), year, quarter.number());
    let compute = async { compute(state, scope.id(), year, quarter).await.map(Arc::new) };
    state.figures.through(key, Some(version), compute).await
}
