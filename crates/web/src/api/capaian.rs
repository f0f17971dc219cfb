//! API endpoints for capaian: the rulebooks and the pemda's choice per
//! year, and the pemda's capaian for a year recomputed from its quarters.

use crate::app::period::chosen_year;
use crate::auth::InTenant;
use crate::error::AppResult;
use crate::extract::QueryParams;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use domain::access::Permission;
use domain::capaian::RollUp;
use domain::rulebook::{Rulebook, RulebookKind};
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
    let view = |rollup: &RollUp| RollUpView {
        mean: rollup.mean.map(text),
        weighted_mean: rollup.weighted_mean.map(text),
        mean_rounded: rollup.mean.map(|m| format!("{:.2}", domain::capaian::round(m))),
        category: rollup.mean.map(|m| rules.bands.of(m).label_id.clone()),
        indicators: rollup.indicators,
        without_capaian: rollup.without_capaian,
        data_through: rollup.through.map(|q| q.number()),
        data_through_earliest: rollup.through_earliest.map(|q| q.number()),
    };
    Ok(Json(CapaianView {
        year,
        rulebook_id: book.id.clone(),
        total: view(&computed.total),
        opds: computed.opds.iter().map(|opd| OpdCapaianView { opd_id: opd.opd, total: view(&opd.total) }).collect(),
    }))
}
