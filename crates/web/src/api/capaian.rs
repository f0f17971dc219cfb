//! API endpoints for capaian: the rulebooks and the pemda's choice per
//! year, and the pemda's capaian for a year recomputed from its quarters.

use super::input::PeriodQuery;
use crate::app::capaian::{Figures, figures};
use crate::app::period::chosen_year;
use crate::auth::InTenant;
use crate::error::{AppError, AppResult};
use crate::extract::QueryParams;
use crate::extract::RowId;
use crate::middleware::Lang;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use domain::access::Permission;
use domain::capaian::{RollUp, Standing};
use domain::rulebook::{CapaianRules, Rulebook, RulebookKind};
use rust_decimal::Decimal;
use serde::Serialize;
use utoipa::ToSchema;

use super::planning::YearParams;
use super::views::ErrorView;

/// The capaian rulebooks this server knows, and the pemda's choice per year.
#[derive(Serialize, ToSchema)]
pub struct RulebooksView {
    /// The rulebook used for a year without a choice.
    pub default_id: String,
    /// Years with a chosen rulebook.
    pub choices: Vec<RulebookChoiceView>,
    pub rulebooks: Vec<RulebookView>,
}

#[derive(Serialize, ToSchema)]
pub struct RulebookChoiceView {
    pub year: i32,
    pub rulebook_id: String,
}

/// A capaian rulebook. Numbers are exact decimal text.
#[derive(Serialize, ToSchema)]
pub struct RulebookView {
    pub id: String,
    pub title: String,
    pub regulation: String,
    pub applies_from: i32,
    pub sources: Vec<SourceView>,
    /// `standard` ((2T − R)/T × 100) or `inverse` (T/R × 100), for lower-is-better indicators.
    pub negative_formula: String,
    pub cap: Option<String>,
    pub floor: Option<String>,
    /// `savings` or `unit_cost`.
    pub efficiency: String,
    /// How capaian to date treats a quarter without data: `contiguous`
    /// (TW I up to the first quarter with a target and no data) or
    /// `reported` (only quarters with data, each against its own target).
    pub to_date: String,
    /// Highest first; the last has no lower bound.
    pub bands: Vec<BandView>,
    pub on_track_from: String,
    pub at_risk_from: String,
}

#[derive(Serialize, ToSchema)]
pub struct SourceView {
    pub title: String,
    pub url: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct BandView {
    pub from: Option<String>,
    pub label: String,
    pub label_en: String,
}

fn text(value: Decimal) -> String {
    value.normalize().to_string()
}

impl RulebookView {
    fn of(book: &Rulebook) -> Option<RulebookView> {
        let rules = book.capaian()?;
        Some(RulebookView {
            id: book.id.clone(),
            title: book.title.clone(),
            regulation: book.regulation.clone(),
            applies_from: book.applies_from,
            sources: book.sources.iter().map(|s| SourceView { title: s.title.clone(), url: s.url.clone() }).collect(),
            negative_formula: rules.method.negative.key().into(),
            cap: rules.method.cap.map(text),
            floor: rules.method.floor.map(text),
            efficiency: rules.efficiency.key().into(),
            to_date: rules.method.to_date.key().into(),
            bands: rules
                .bands
                .all()
                .iter()
                .map(|b| BandView { from: b.from.map(text), label: b.label_id.clone(), label_en: b.label_en.clone() })
                .collect(),
            on_track_from: text(rules.status.on_track),
            at_risk_from: text(rules.status.at_risk),
        })
    }
}

/// The capaian rulebooks and the pemda's choice per year.
#[utoipa::path(get, path = "/api/v1/tenants/{kode}/rulebooks", tag = "capaian", params(("kode" = String, Path)), responses((status = 200, body = RulebooksView), (status = 403, body = ErrorView)))]
pub async fn rulebooks(State(state): State<AppState>, scope: InTenant) -> AppResult<Json<RulebooksView>> {
    scope.require(Permission::ViewPlanning)?;
    let choices = state.store.rulebook_choices(scope.id(), RulebookKind::Capaian).await?;
    Ok(Json(RulebooksView {
        default_id: domain::rulebook::DEFAULT_CAPAIAN.into(),
        choices: choices.into_iter().map(|(year, rulebook_id)| RulebookChoiceView { year, rulebook_id }).collect(),
        rulebooks: state.config.rulebooks.of_kind(RulebookKind::Capaian).filter_map(RulebookView::of).collect(),
    }))
}

/// The pemda's capaian for a year: the year's capaian of every indicator
/// with quarterly values, rolled up per OPD and for the pemda.
#[derive(Serialize, ToSchema)]
pub struct CapaianView {
    pub year: i32,
    /// The rulebook the figures follow.
    pub rulebook_id: String,
    pub total: RollUpView,
    pub opds: Vec<OpdCapaianView>,
}

/// A roll-up: the mean capaian (exact decimal text; none without any
/// capaian) and the number of indicators behind it.
#[derive(Serialize, ToSchema)]
pub struct RollUpView {
    pub mean: Option<String>,
    pub weighted_mean: Option<String>,
    /// The mean rounded half-up to two decimals, as reports print it.
    pub mean_rounded: Option<String>,
    /// The rulebook's category of the mean.
    pub category: Option<String>,
    pub indicators: u32,
    pub without_capaian: u32,
    /// The last quarter (1–4) whose approved data the figure counts; `null`
    /// when there are none. A quarter without data is never counted as zero.
    pub data_through: Option<u8>,
    /// The same for the indicator whose data stop earliest.
    pub data_through_earliest: Option<u8>,
}

impl RollUpView {
    fn of(rollup: &RollUp, rules: &CapaianRules) -> RollUpView {
        RollUpView {
            mean: rollup.mean.map(text),
            weighted_mean: rollup.weighted_mean.map(text),
            mean_rounded: rollup.mean.map(|m| format!("{:.2}", domain::capaian::round(m))),
            category: rollup.mean.map(|m| rules.bands.of(m).label_id.clone()),
            indicators: rollup.indicators,
            without_capaian: rollup.without_capaian,
            data_through: rollup.through.map(|q| q.number()),
            data_through_earliest: rollup.through_earliest.map(|q| q.number()),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct OpdCapaianView {
    /// `null` for the RPJMD's own indicators.
    pub opd_id: Option<i64>,
    pub total: RollUpView,
}

/// The pemda's capaian for a year, recomputed from its quarterly values.
#[utoipa::path(get, path = "/api/v1/tenants/{kode}/capaian", tag = "capaian", params(("kode" = String, Path), YearParams), responses((status = 200, body = CapaianView), (status = 403, body = ErrorView)))]
pub async fn capaian(
    State(state): State<AppState>,
    scope: InTenant,
    QueryParams(params): QueryParams<YearParams>,
) -> AppResult<Json<CapaianView>> {
    scope.require(Permission::ViewPlanning)?;
    let year = chosen_year(&state, params.year.as_deref().unwrap_or_default());
    let rulebooks = &state.config.rulebooks;
    let computed = state.store.tenant_capaian(scope.id(), year, rulebooks).await?;
    let (book, rules) = rulebooks.capaian_or_default(Some(&computed.rulebook));
    let view = |rollup: &RollUp| RollUpView::of(rollup, rules);
    Ok(Json(CapaianView {
        year,
        rulebook_id: book.id.clone(),
        total: view(&computed.total),
        opds: computed.opds.iter().map(|opd| OpdCapaianView { opd_id: opd.opd, total: view(&opd.total) }).collect(),
    }))
}

/// One indicator's capaian to date at the end of the quarter.
#[derive(Serialize, ToSchema)]
pub struct StandingView {
    pub indicator_id: i64,
    pub indicator: String,
    pub unit: String,
    pub element_code: String,
    /// Target and actual from the start of the year over the quarters the rulebook counts; exact decimal text.
    pub target: Option<String>,
    pub actual: Option<String>,
    /// The last quarter whose approved data are counted; `null` without any.
    pub data_through: Option<u8>,
    /// Capaian to date in percent, exact; `null` when it cannot be computed.
    pub capaian: Option<String>,
    /// The rulebook's band of the capaian.
    pub category: Option<String>,
    /// `on_track`, `at_risk` or `off_track`.
    pub status: Option<String>,
}

impl StandingView {
    fn of(standing: &Standing, figures: &Figures) -> StandingView {
        let name = figures.indicators.get(&standing.indicator);
        StandingView {
            indicator_id: standing.indicator,
            indicator: name.map(|n| n.name.clone()).unwrap_or_default(),
            unit: name.map(|n| n.unit.clone()).unwrap_or_default(),
            element_code: figures.element_code(standing.element),
            target: standing.target.map(text),
            actual: standing.actual.map(text),
            data_through: standing.through.map(|q| q.number()),
            capaian: standing.to_date.percent.map(text),
            category: standing.band.and_then(|b| figures.rules.bands.all().get(b)).map(|b| b.label_id.clone()),
            status: standing.status.map(|s| s.key().to_owned()),
        }
    }
}

/// An OPD's capaian to date at the end of a quarter.
#[derive(Serialize, ToSchema)]
pub struct OpdFiguresView {
    pub opd_id: i64,
    pub opd_name: String,
    pub year: i32,
    pub quarter: u8,
    pub rulebook_id: String,
    pub total: RollUpView,
    pub indicators: Vec<StandingView>,
}

/// An OPD's capaian to date: its roll-up and each indicator, with the period the data cover.
#[utoipa::path(get, path = "/api/v1/tenants/{kode}/capaian/opds/{id}", tag = "capaian", params(("kode" = String, Path), ("id" = i64, Path, description = "The OPD id"), PeriodQuery), responses((status = 200, body = OpdFiguresView), (status = 404, body = ErrorView), (status = 422, body = ErrorView)))]
pub async fn opd(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(opd): RowId,
    QueryParams(params): QueryParams<PeriodQuery>,
) -> AppResult<Json<OpdFiguresView>> {
    scope.require(Permission::ViewPlanning)?;
    let (year, quarter) = params.period(&state, &scope).await?;
    let figures = figures(&state, &scope, year, quarter).await?;
    if !figures.opd_names.contains_key(&opd) {
        return Err(AppError::NotFound);
    }
    let own = figures.opd_overview(opd);
    Ok(Json(OpdFiguresView {
        opd_id: opd,
        opd_name: figures.opd_name(Some(opd), locale),
        year,
        quarter: quarter.number(),
        rulebook_id: figures.rulebook.clone(),
        total: RollUpView::of(&own.total, &figures.rules),
        indicators: own.indicators.iter().map(|s| StandingView::of(s, &figures)).collect(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct QuarterValueView {
    pub year: i32,
    pub quarter: u8,
    pub target: Option<String>,
    pub actual: Option<String>,
}

/// One indicator: its capaian to date at the end of the quarter and its approved quarters.
#[derive(Serialize, ToSchema)]
pub struct IndicatorFiguresView {
    pub year: i32,
    pub quarter: u8,
    pub opd_id: Option<i64>,
    pub element_code: String,
    pub element_name: String,
    /// `null` when the indicator has no target or data in the year.
    pub standing: Option<StandingView>,
    /// Every quarter with a target or an approved actual, oldest first.
    pub history: Vec<QuarterValueView>,
}

/// One indicator's capaian to date and its history of targets and actuals.
#[utoipa::path(get, path = "/api/v1/tenants/{kode}/capaian/indicators/{id}", tag = "capaian", params(("kode" = String, Path), ("id" = i64, Path, description = "The indicator id"), PeriodQuery), responses((status = 200, body = IndicatorFiguresView), (status = 404, body = ErrorView), (status = 422, body = ErrorView)))]
pub async fn indicator(
    State(state): State<AppState>,
    scope: InTenant,
    RowId(indicator): RowId,
    QueryParams(params): QueryParams<PeriodQuery>,
) -> AppResult<Json<IndicatorFiguresView>> {
    scope.require(Permission::ViewPlanning)?;
    let (year, quarter) = params.period(&state, &scope).await?;
    let figures = figures(&state, &scope, year, quarter).await?;
    let name = match figures.indicators.get(&indicator) {
        Some(name) => name.clone(),
        None => {
            let names = state.store.indicator_names(scope.id()).await?;
            names.into_iter().find(|n| n.id == indicator).ok_or(AppError::NotFound)?
        }
    };
    let history = state.store.indicator_history(scope.id(), indicator).await?;
    Ok(Json(IndicatorFiguresView {
        year,
        quarter: quarter.number(),
        opd_id: name.opd_id,
        element_code: name.element_code,
        element_name: name.element_name,
        standing: figures
            .overview
            .indicators
            .iter()
            .find(|s| s.indicator == indicator)
            .map(|s| StandingView::of(s, &figures)),
        history: history
            .iter()
            .map(|h| QuarterValueView {
                year: h.year,
                quarter: h.quarter.number(),
                target: h.target.map(text),
                actual: h.actual.map(text),
            })
            .collect(),
    }))
}
