//! Recomputing capaian from the database: every indicator's year, rolled up
//! into elements, OPDs and pemda, each pemda under the rulebook it chose.

use crate::backend::{postgres, sqlite};
use crate::model::TenantYear;
use crate::{Result, Store, StoreError};
use domain::TenantId;
use domain::capaian::{RollUp, Tally, tally_year};
use domain::rulebook::{RulebookKind, Rulebooks};
use serde::Serialize;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

/// The year's capaian of every pemda with quarterly values.
#[derive(Debug, Clone, Serialize)]
pub struct CapaianYear {
    pub year: i32,
    pub tenants: Vec<TenantCapaian>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TenantCapaian {
    pub tenant: TenantId,
    pub rulebook: String,
    pub total: RollUp,
    /// By OPD id; `None` holds the RPJMD's indicators.
    pub opds: Vec<OpdCapaian>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OpdCapaian {
    pub opd: Option<i64>,
    pub total: RollUp,
    /// By plan element (sasaran, program, …) id.
    pub elements: Vec<(i64, RollUp)>,
}

impl Store {
    /// Recomputes the capaian of `year` for all pemda, spread over `parts`
    /// tasks that each read a range of pemda ids.
    pub async fn recompute_capaian(&self, year: i32, rulebooks: &Rulebooks, parts: usize) -> Result<CapaianYear> {
        let choices = Arc::new(self.rulebook_choices_for_year(RulebookKind::Capaian, year).await?);
        let rulebooks = Arc::new(rulebooks.clone());
        let parts = self
            .in_parts(year, parts, move |store, range| {
                let (choices, rulebooks) = (choices.clone(), rulebooks.clone());
                async move { store.recompute_range(range, year, &choices, &rulebooks).await }
            })
            .await?;
        let mut tenants: Vec<TenantCapaian> = parts.into_iter().flatten().collect();
        tenants.sort_by_key(|t| t.tenant.0);
        Ok(CapaianYear { year, tenants })
    }

    /// The capaian of one pemda for `year`, under the rulebook it chose for
    /// that year; no OPDs and empty roll-ups when it has no quarterly values.
    pub async fn tenant_capaian(&self, tenant: TenantId, year: i32, rulebooks: &Rulebooks) -> Result<TenantCapaian> {
        let chosen = self.rulebook_choices(tenant, RulebookKind::Capaian).await?;
        let choices: HashMap<i64, String> =
            domain::rulebook::chosen_for_year(&chosen, year).map(|id| (tenant.0, id.to_owned())).into_iter().collect();
        let mut tenants = self.recompute_range(tenant.0..tenant.0 + 1, year, &choices, rulebooks).await?;
        Ok(tenants.pop().unwrap_or_else(|| {
            let (book, _) = rulebooks.capaian_or_default(choices.get(&tenant.0).map(String::as_str));
            TenantCapaian { tenant, rulebook: book.id.clone(), total: Tally::default().finish(), opds: Vec::new() }
        }))
    }

    async fn recompute_range(
        &self,
        range: Range<i64>,
        year: i32,
        choices: &HashMap<i64, String>,
        rulebooks: &Rulebooks,
    ) -> Result<Vec<TenantCapaian>> {
        let mut tenants = Vec::new();
        let visit = |year: TenantYear| {
            let (book, rules) = rulebooks.capaian_or_default(choices.get(&year.tenant.0).map(String::as_str));
            let mut total = Tally::default();
            let mut opds: Vec<OpdCapaian> = year
                .opds
                .into_iter()
                .map(|(opd, mut indicators)| {
                    let (elements, tally) = tally_year(&rules.method, &mut indicators);
                    total.merge(&tally);
                    let elements = elements.into_iter().map(|(id, tally)| (id, tally.finish())).collect();
                    OpdCapaian { opd, total: tally.finish(), elements }
                })
                .collect();
            opds.sort_by_key(|o| o.opd);
            tenants.push(TenantCapaian { tenant: year.tenant, rulebook: book.id.clone(), total: total.finish(), opds });
        };
        match self {
            Store::Sqlite(pool) => sqlite::capaian::visit_year(pool, range, year, visit).await?,
            Store::Postgres(pool) => postgres::capaian::visit_year(pool, range, year, visit).await?,
        }
        Ok(tenants)
    }

    /// The yardstick for [`Store::recompute_capaian`]: a plain SQL aggregate
    /// over the same rows (sums per OPD, or per pemda), one query per part.
    pub async fn sum_quarters(&self, year: i32, parts: usize, by_opd: bool) -> Result<usize> {
        let groups = self
            .in_parts(year, parts, move |store, range| async move {
                match &store {
                    Store::Sqlite(pool) => sqlite::capaian::sum_year(pool, range, year, by_opd).await,
                    Store::Postgres(pool) => postgres::capaian::sum_year(pool, range, year, by_opd).await,
                }
            })
            .await?;
        Ok(groups.into_iter().fold(0, usize::saturating_add))
    }

    /// Runs `job` at once on each of about `parts` ranges of the pemda ids
    /// that have quarterly values in `year`, each on a task of its own.
    async fn in_parts<T, Job, Run>(&self, year: i32, parts: usize, job: Job) -> Result<Vec<T>>
    where
        T: Send + 'static,
        Job: Fn(Store, Range<i64>) -> Run,
        Run: Future<Output = Result<T>> + Send + 'static,
    {
        let Some((low, high)) = self.quarter_tenant_span(year).await? else { return Ok(Vec::new()) };
        let tasks: Vec<_> =
            split(low..high + 1, parts).into_iter().map(|range| tokio::spawn(job(self.clone(), range))).collect();
        let mut results = Vec::with_capacity(tasks.len());
        for task in tasks {
            results.push(task.await.map_err(|e| StoreError::Task(e.to_string()))??);
        }
        Ok(results)
    }
}

/// `ids` in at most `parts` ranges of about the same width.
fn split(ids: Range<i64>, parts: usize) -> Vec<Range<i64>> {
    let width = ids.end - ids.start;
    let parts = i64::try_from(parts).unwrap_or(1).clamp(1, width.max(1));
    let step = (width + parts - 1) / parts;
    (0..parts)
        .map(|i| ids.start + i * step..(ids.start + (i + 1) * step).min(ids.end))
        .filter(|range| !range.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn parts_cover_every_id_once() {
        for (low, high, parts) in [(1, 550, 2), (1, 1, 4), (3, 10, 3), (1, 7, 7), (5, 6, 16)] {
            let ranges = split(low..high + 1, parts);
            let ids: Vec<i64> = ranges.iter().flat_map(|r| r.clone()).collect();
            assert_eq!(ids, (low..=high).collect::<Vec<_>>(), "{low}..={high} in {parts}");
            assert!(ranges.len() <= parts);
        }
    }
}
