//! The figures the dashboards and the quarterly report show: a year's
//! indicators read up to a quarter, rolled up per OPD and per element, the
//! trend by quarter, the spread across bands and the indicators off track.

use super::{Achievement, IndicatorYear, Quarter, RollUp, Status, Tally, reported_achievement};
use crate::rulebook::CapaianRules;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::HashMap;

/// One indicator up to the chosen quarter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Standing {
    pub indicator: i64,
    pub element: i64,
    pub opd: Option<i64>,
    /// Target and actual from the start of the year, aggregated by the
    /// indicator's kind over the quarters the rulebook's rule counts.
    pub target: Option<Decimal>,
    pub actual: Option<Decimal>,
    /// The last quarter whose data are counted ("data s.d. TW II").
    pub through: Option<Quarter>,
    pub to_date: Achievement,
    /// The band's rank (0 = top) when there is a capaian.
    pub band: Option<usize>,
    pub status: Option<Status>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Overview {
    pub upto: Quarter,
    pub total: RollUp,
    /// By OPD id, in the order given; `None` holds RPJMD indicators.
    pub opds: Vec<(Option<i64>, RollUp)>,
    pub elements: HashMap<i64, RollUp>,
    /// The capaian to date at the end of each quarter up to `upto`, each
    /// counting only the indicators whose data reach that quarter.
    pub trend: Vec<(Quarter, RollUp)>,
    /// How many indicators fall in each band, top band first.
    pub bands: Vec<usize>,
    pub indicators: Vec<Standing>,
}

impl Overview {
    pub fn off_track(&self) -> impl Iterator<Item = &Standing> {
        self.indicators.iter().filter(|s| s.status == Some(Status::OffTrack))
    }

    /// The share of the indicators in each band, in percent, top band
    /// first; all zero when no indicator has a band yet (no division by zero).
    pub fn band_shares(&self) -> Vec<Decimal> {
        let total = self.bands.iter().fold(0usize, |sum, count| sum.saturating_add(*count));
        self.bands
            .iter()
            .map(|count| {
                Decimal::from(*count)
                    .checked_mul(Decimal::ONE_HUNDRED)
                    .and_then(|share| share.checked_div(Decimal::from(total)))
                    .unwrap_or(Decimal::ZERO)
            })
            .collect()
    }

    pub fn standing(&self, indicator: i64) -> Option<&Standing> {
        self.indicators.iter().find(|s| s.indicator == indicator)
    }
}

/// Every figure of the year up to `upto`, each indicator weighing one.
pub fn overview(rules: &CapaianRules, opds: &[(Option<i64>, Vec<IndicatorYear>)], upto: Quarter) -> Overview {
    let method = &rules.method;
    let mut bands: Vec<usize> = vec![0; rules.bands.all().len()];
    let mut total = Tally::default();
    let mut trend = vec![Tally::default(); usize::from(upto.number())];
    let mut elements: HashMap<i64, Tally> = HashMap::new();
    let mut indicators = Vec::new();
    let mut by_opd = Vec::with_capacity(opds.len());
    for (opd, years) in opds {
        let mut tally = Tally::default();
        for year in years {
            let counted = year.series.to_date(year.aggregation, upto, method.to_date);
            let to_date = reported_achievement(method, year.polarity, counted.target, counted.actual);
            tally.add(to_date.percent, Decimal::ONE, counted.through);
            elements.entry(year.element).or_default().add(to_date.percent, Decimal::ONE, counted.through);
            for (quarter, slot) in Quarter::ALL.iter().zip(trend.iter_mut()) {
                let at = year.series.to_date(year.aggregation, *quarter, method.to_date);
                // A quarter the indicator's data do not reach is not a zero in the trend: it is left out.
                if at.through == Some(*quarter) {
                    let capaian = reported_achievement(method, year.polarity, at.target, at.actual);
                    slot.add(capaian.percent, Decimal::ONE, at.through);
                }
            }
            let band = to_date.percent.map(|p| rules.bands.rank(p));
            if let Some(rank) = band
                && let Some(count) = bands.get_mut(rank)
            {
                *count = count.saturating_add(1);
            }
            indicators.push(Standing {
                indicator: year.indicator,
                element: year.element,
                opd: *opd,
                target: counted.target,
                actual: counted.actual,
                through: counted.through,
                to_date,
                band,
                status: to_date.percent.map(|p| rules.status.status(p)),
            });
        }
        total.merge(&tally);
        by_opd.push((*opd, tally.finish()));
    }
    Overview {
        upto,
        total: total.finish(),
        opds: by_opd,
        elements: elements.into_iter().map(|(id, tally)| (id, tally.finish())).collect(),
        trend: Quarter::ALL.iter().copied().zip(trend.iter().map(Tally::finish)).collect(),
        bands,
        indicators,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capaian::Series;
    use crate::planning::{Aggregation, Polarity};
    use crate::rulebook::Rulebooks;

    fn year(indicator: i64, element: i64, targets: [i64; 4], actuals: [Option<i64>; 4]) -> IndicatorYear {
        let mut series = Series::default();
        for (quarter, (target, actual)) in Quarter::ALL.iter().zip(targets.iter().zip(actuals)) {
            series.set(*quarter, Some(Decimal::from(*target)), actual.map(Decimal::from));
        }
        IndicatorYear { indicator, element, polarity: Polarity::Higher, aggregation: Aggregation::Sum, series }
    }

    #[test]
    fn figures_read_up_to_the_chosen_quarter() {
        let books = Rulebooks::builtin().unwrap();
        let (_, rules) = books.capaian_or_default(None);
        let opds = vec![
            (Some(1), vec![year(10, 100, [10, 10, 10, 10], [Some(10), Some(10), Some(10), None])]),
            (Some(2), vec![year(20, 200, [10, 10, 10, 10], [Some(5), Some(0), None, None])]),
        ];
        let q2 = overview(rules, &opds, Quarter::ALL[1]);
        assert_eq!(q2.opds[0].1.mean, Some(Decimal::ONE_HUNDRED));
        // 5 of 20 by the end of TW II.
        assert_eq!(q2.standing(20).and_then(|s| s.to_date.percent), Some(Decimal::from(25)));
        assert_eq!(q2.total.mean, Some(Decimal::new(625, 1)));
        assert_eq!(q2.off_track().map(|s| s.indicator).collect::<Vec<_>>(), [20]);
        assert_eq!(q2.bands.iter().fold(0usize, |a, b| a.saturating_add(*b)), 2);
        assert_eq!(q2.trend.len(), 2);
        assert_eq!(q2.trend[0].1.mean, Some(Decimal::from(75)));
        // TW III: the second OPD has no actual, so it counts in no quarter's trend.
        let q3 = overview(rules, &opds, Quarter::ALL[2]);
        assert_eq!(q3.trend[2].1.indicators, 1);
        assert_eq!(q3.elements[&100].mean, Some(Decimal::ONE_HUNDRED));
    }
}
