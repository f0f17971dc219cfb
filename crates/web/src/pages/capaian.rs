//! The capaian dashboards: the pemda overview, an OPD, an indicator, the
//! budget beside capaian, and the quarterly report (Laporan Capaian Kinerja
//! Triwulan) as PDF and XLSX. Every chart has its table beside it.

use super::{money, number, percent, render, render_sized, render_text};
use crate::app::capaian::{Figures, OpdBudget, figures};
use crate::app::period::{PeriodParams, chosen_period};
use crate::auth::InTenant;
use crate::error::{AppError, AppResult};
use crate::extract::{QueryParams, RowId};
use crate::i18n::Tr;
use crate::layout::Layout;
use crate::middleware::Lang;
use crate::state::{AppState, Fragment};
use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use docs::quarterly::{Bar, BudgetRow, Figure, IndicatorRow, Labels, QuarterlyReport};
use domain::access::Permission;
use domain::capaian::{Quarter, RollUp, Standing, absorption, round};
use domain::number::checked_sum;
use domain::realisation::Subject;
use domain::{Locale, format};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;
use store::{EvidenceInfo, IndicatorName};

fn chart_number(value: Option<Decimal>) -> serde_json::Value {
    value.and_then(|v| round(v).to_f64()).map_or(serde_json::Value::Null, |v| json!(v))
}

/// A row of a chart's table: label and figures already formatted.
pub struct ChartRow {
    pub label: String,
    pub cells: Vec<String>,
    pub link: Option<String>,
}

/// A chart (an ECharts option as JSON) with the table that says the same.
pub struct Chart {
    pub id: &'static str,
    /// Pixels; a bar per category needs room to keep its label readable.
    pub height: usize,
    pub title: String,
    pub option: String,
    pub headers: Vec<String>,
    pub rows: Vec<ChartRow>,
}

fn bar_chart(
    id: &'static str,
    title: String,
    labels: &[String],
    values: Vec<serde_json::Value>,
    horizontal: bool,
) -> String {
    // Long OPD names are cut on the axis; the table beside the chart has them whole.
    let category = json!({ "type": "category", "data": labels, "inverse": horizontal, "axisLabel": { "width": 190, "overflow": "truncate" } });
    let value = json!({ "type": "value", "name": "%" });
    let (x, y) = if horizontal { (value, category) } else { (category, value) };
    json!({
        "aria": { "enabled": true },
        "title": { "text": title, "show": false },
        "grid": { "containLabel": true, "left": 8, "right": 24, "top": 16, "bottom": 8 },
        "tooltip": { "trigger": "axis" },
        "xAxis": x,
        "yAxis": y,
        "series": [{ "id": id, "type": "bar", "data": values, "itemStyle": { "color": "#2b6cb0" } }],
    })
    .to_string()
}

fn bar_height(bars: usize) -> usize {
    (bars * 22 + 60).max(320)
}

/// The columns of a table of roll-ups, after the first one naming the group.
fn roll_headers(tr: Tr, group: &str) -> Vec<String> {
    vec![
        group.to_owned(),
        "Capaian".into(),
        tr.pick("Cakupan data", "Data coverage").into(),
        tr.pick("Indikator dihitung", "Indicators counted").into(),
        tr.pick("Belum ada capaian", "Without capaian").into(),
    ]
}

/// A roll-up's figures, each naming the period its data really cover.
fn roll_cells(roll: &RollUp, locale: Locale) -> Vec<String> {
    vec![
        percent(roll.mean, locale),
        roll.coverage(locale),
        roll.indicators.to_string(),
        roll.without_capaian.to_string(),
    ]
}

fn opd_chart(figures: &Figures, tr: Tr, base: &str) -> Chart {
    let locale = tr.0;
    let mut opds: Vec<&(Option<i64>, RollUp)> = figures.overview.opds.iter().collect();
    opds.sort_by_key(|(_, roll)| std::cmp::Reverse(roll.mean));
    let labels: Vec<String> = opds.iter().map(|(opd, _)| figures.opd_name(*opd, locale)).collect();
    let values = opds.iter().map(|(_, roll)| chart_number(roll.mean)).collect();
    let title = tr.pick("Capaian per perangkat daerah", "Capaian per OPD").to_owned();
    Chart {
        id: "per-opd",
        height: bar_height(opds.len()),
        option: bar_chart("per-opd", title.clone(), &labels, values, true),
        title,
        headers: roll_headers(tr, tr.pick("Perangkat daerah", "OPD")),
        rows: opds
            .iter()
            .zip(labels)
            .map(|((opd, roll), label)| ChartRow {
                label,
                cells: roll_cells(roll, locale),
                link: opd.map(|id| {
                    format!("{base}/capaian/opd/{id}?tahun={}&tw={}", figures.year, figures.quarter.number())
                }),
            })
            .collect(),
    }
}

fn band_chart(figures: &Figures, tr: Tr) -> Chart {
    let locale = tr.0;
    let bands = figures.rules.bands.all();
    let title = tr.pick("Sebaran indikator per kategori", "Indicators per band").to_owned();
    let data: Vec<serde_json::Value> = bands
        .iter()
        .zip(&figures.overview.bands)
        .map(|(band, count)| json!({ "name": band.label(locale), "value": count }))
        .collect();
    let option = json!({
        "aria": { "enabled": true },
        "tooltip": { "trigger": "item" },
        "legend": { "bottom": 0 },
        "series": [{ "id": "bands", "type": "pie", "radius": ["35%", "65%"], "data": data }],
    })
    .to_string();
    Chart {
        id: "bands",
        height: 320,
        title,
        option,
        headers: vec![tr.pick("Kategori", "Band").into(), tr.pick("Jumlah indikator", "Indicators").into(), "%".into()],
        rows: bands
            .iter()
            .zip(figures.overview.bands.iter().zip(figures.overview.band_shares()))
            .map(|(band, (count, share))| ChartRow {
                label: band.label(locale).to_owned(),
                cells: vec![count.to_string(), format::percent(round(share), locale)],
                link: None,
            })
            .collect(),
    }
}

fn trend_chart(trend: &[(Quarter, RollUp)], tr: Tr) -> Chart {
    let locale = tr.0;
    let labels: Vec<String> = trend.iter().map(|(q, _)| q.to_string()).collect();
    let title = tr.pick("Tren capaian s.d. triwulan", "Capaian to date by quarter").to_owned();
    let option = json!({
        "aria": { "enabled": true },
        "tooltip": { "trigger": "axis" },
        "grid": { "containLabel": true, "left": 8, "right": 24, "top": 16, "bottom": 8 },
        "xAxis": { "type": "category", "data": labels },
        "yAxis": { "type": "value", "name": "%" },
        "series": [{ "id": "trend", "type": "line", "data": trend.iter().map(|(_, r)| chart_number(r.mean)).collect::<Vec<_>>(), "label": { "show": true } }],
    })
    .to_string();
    Chart {
        id: "trend",
        height: 320,
        title,
        option,
        headers: roll_headers(tr, tr.pick("Triwulan", "Quarter")),
        rows: trend
            .iter()
            .zip(labels)
            .map(|((_, roll), label)| ChartRow { label, cells: roll_cells(roll, locale), link: None })
            .collect(),
    }
}

/// An indicator line of a table: names, figures, band and status.
pub struct StandingRow {
    pub id: i64,
    pub opd: String,
    pub element: String,
    pub name: String,
    pub unit: String,
    pub target: String,
    pub actual: String,
    pub capaian: String,
    pub band: String,
    pub band_rank: Option<usize>,
    pub status: String,
    /// The last quarter whose data count, or a dash.
    pub through: String,
}

fn standing_row(figures: &Figures, standing: &Standing, locale: Locale) -> StandingRow {
    let name = figures.indicators.get(&standing.indicator);
    StandingRow {
        id: standing.indicator,
        opd: figures.opd_name(standing.opd, locale),
        element: figures.element_label(standing.element),
        name: name.map(|n| n.name.clone()).unwrap_or_else(|| format!("#{}", standing.indicator)),
        unit: name.map(|n| n.unit.clone()).unwrap_or_default(),
        target: number(standing.target, locale),
        actual: number(standing.actual, locale),
        capaian: percent(standing.to_date.percent, locale),
        band: figures.band_label(standing.band, locale),
        band_rank: standing.band,
        status: standing.status.map_or_else(|| "—".to_owned(), |s| s.label(locale).to_owned()),
        through: standing.through.map_or_else(|| "—".to_owned(), |q| q.to_string()),
    }
}

#[derive(Template)]
#[template(path = "capaian_overview.html")]
struct OverviewPage {
    layout: Layout,
    body: Arc<str>,
}

/// What the overview shows below the navigation: the pemda's figures only,
/// so it is rendered once per data version and locale and kept.
#[derive(Template)]
#[template(path = "capaian_overview_body.html")]
struct OverviewBody {
    tr: Tr,
    base: String,
    title: String,
    year: i32,
    quarter: Quarter,
    /// How far the data behind the figures reach.
    coverage: String,
    rulebook: String,
    summary: Vec<(String, String)>,
    charts: Vec<Chart>,
    off_track: Vec<StandingRow>,
    off_track_total: usize,
}

/// The figures at the top of a page or report: of the pemda, or of one OPD.
fn summary(
    figures: &Figures,
    opd: Option<i64>,
    total: &RollUp,
    budget: &[&OpdBudget],
    tr: Tr,
) -> Vec<(String, String)> {
    let locale = tr.0;
    let sum = |amounts: Option<Vec<Decimal>>| amounts.and_then(checked_sum);
    let pagu = sum(budget.iter().map(|b| b.pagu).collect());
    let spent = sum(budget.iter().map(|b| b.spent).collect());
    let mut out = vec![
        (tr.pick("Capaian rata-rata", "Mean capaian").into(), percent(total.mean, locale)),
        (tr.pick("Cakupan data", "Data coverage").into(), total.coverage(locale)),
        (tr.pick("Indikator dihitung", "Indicators counted").into(), total.indicators.to_string()),
    ];
    match opd {
        None => {
            let reported = format!("{} / {}", figures.reported, figures.opd_count);
            out.push((tr.pick("OPD sudah melapor", "OPDs reported").into(), reported));
            out.push((tr.pick("Laporan terlambat", "Late reports").into(), figures.late.to_string()));
        }
        Some(id) => {
            let status = match figures.statuses.get(&id) {
                Some((status, true)) => format!("{} ({})", status.label(locale), tr.pick("terlambat", "late")),
                Some((status, false)) => status.label(locale).to_owned(),
                None => tr.pick("Belum melapor", "Not reported").to_owned(),
            };
            out.push((tr.pick("Status laporan", "Report status").into(), status));
        }
    }
    let absorbed = pagu.zip(spent).and_then(|(pagu, spent)| absorption(pagu, spent));
    out.push((tr.pick("Serapan anggaran", "Budget absorption").into(), percent(absorbed, locale)));
    out
}

impl OverviewBody {
    fn filter_action(&self) -> String {
        format!("{}/capaian", self.base)
    }
}

pub async fn overview_page(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    QueryParams(params): QueryParams<PeriodParams>,
) -> AppResult<Response> {
    scope.require(Permission::ViewPlanning)?;
    let tr = Tr(locale);
    let (year, quarter) = chosen_period(&state, &scope, &params).await?;
    let layout = Layout::tenant(tr, &scope, tr.t("capaian.title"), "capaian");
    let version = state.data_version(scope.id(), scope.data_version).await?;
    let key = (scope.id(), Fragment::CapaianOverview { year, quarter: quarter.number() }, locale);
    let body = state
        .fragments
        .through(key, Some(version), async {
            let figures = figures(&state, &scope, year, quarter).await?;
            let body = overview_body(&figures, year, quarter, layout.base(), layout.title.clone(), tr);
            render_text(&body, OverviewBody::SIZE_HINT).map(Arc::from)
        })
        .await?;
    let size = body.len().saturating_add(OverviewPage::SIZE_HINT);
    Ok(render_sized(&OverviewPage { layout, body }, size, StatusCode::OK))
}

fn overview_body(figures: &Figures, year: i32, quarter: Quarter, base: String, title: String, tr: Tr) -> OverviewBody {
    let locale = tr.0;
    // The page lists the first fifty and says how many there are.
    let off_track_total = figures.overview.off_track().count();
    let off_track: Vec<StandingRow> =
        figures.overview.off_track().take(50).map(|s| standing_row(figures, s, locale)).collect();
    let budget: Vec<&OpdBudget> = figures.budget.iter().collect();
    OverviewBody {
        year,
        quarter,
        coverage: figures.overview.total.coverage(locale),
        rulebook: figures.rulebook.clone(),
        summary: summary(figures, None, &figures.overview.total, &budget, tr),
        charts: vec![opd_chart(figures, tr, &base), band_chart(figures, tr), trend_chart(&figures.overview.trend, tr)],
        off_track_total,
        off_track,
        tr,
        base,
        title,
    }
}

#[derive(Template)]
#[template(path = "capaian_opd.html")]
struct OpdPage {
    layout: Layout,
    opd: i64,
    name: String,
    year: i32,
    quarter: Quarter,
    coverage: String,
    summary: Vec<(String, String)>,
    charts: Vec<Chart>,
    rows: Vec<StandingRow>,
}

impl OpdPage {
    fn filter_action(&self) -> String {
        format!("{}/capaian/opd/{}", self.layout.base(), self.opd)
    }
}

pub async fn opd_page(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(opd): RowId,
    QueryParams(params): QueryParams<PeriodParams>,
) -> AppResult<Response> {
    scope.require(Permission::ViewPlanning)?;
    let tr = Tr(locale);
    let (year, quarter) = chosen_period(&state, &scope, &params).await?;
    let figures = figures(&state, &scope, year, quarter).await?;
    let name = figures.opd_names.get(&opd).cloned().ok_or(AppError::NotFound)?;
    let mine = figures.opd_overview(opd);
    let rows: Vec<StandingRow> = mine.indicators.iter().map(|s| standing_row(&figures, s, locale)).collect();
    let mut elements: Vec<(String, RollUp)> =
        mine.elements.iter().map(|(id, roll)| (figures.element_label(*id), *roll)).collect();
    elements.sort_by(|a, b| a.0.cmp(&b.0));
    let labels: Vec<String> = elements.iter().map(|(l, _)| l.clone()).collect();
    let title = tr.pick("Capaian per sasaran / program", "Capaian per sasaran / programme").to_owned();
    let element_chart = Chart {
        id: "per-element",
        height: bar_height(elements.len()),
        option: bar_chart(
            "per-element",
            title.clone(),
            &labels,
            elements.iter().map(|(_, r)| chart_number(r.mean)).collect(),
            true,
        ),
        title,
        headers: roll_headers(tr, tr.pick("Sasaran / program", "Sasaran / programme")),
        rows: elements
            .iter()
            .map(|(label, roll)| ChartRow { label: label.clone(), cells: roll_cells(roll, locale), link: None })
            .collect(),
    };
    let budget: Vec<&OpdBudget> = figures.budget.iter().filter(|b| b.opd == opd).collect();
    let view = OpdPage {
        layout: Layout::tenant(tr, &scope, &format!("{} · {name}", tr.t("capaian.title")), "capaian"),
        opd,
        name,
        year,
        quarter,
        coverage: mine.total.coverage(locale),
        summary: summary(&figures, Some(opd), &mine.total, &budget, tr),
        charts: vec![element_chart, trend_chart(&mine.trend, tr)],
        rows,
    };
    Ok(render(&view, StatusCode::OK))
}

#[derive(Template)]
#[template(path = "capaian_indicator.html")]
struct IndicatorPage {
    layout: Layout,
    name: IndicatorName,
    opd: String,
    chart: Chart,
    evidence: Vec<EvidenceInfo>,
}

pub async fn indicator_page(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(indicator): RowId,
) -> AppResult<Response> {
    scope.require(Permission::ViewPlanning)?;
    let tr = Tr(locale);
    let names = state.store.indicator_names(scope.id()).await?;
    let name = names.into_iter().find(|n| n.id == indicator).ok_or(AppError::NotFound)?;
    let history = state.store.indicator_history(scope.id(), indicator).await?;
    let labels: Vec<String> = history.iter().map(|h| format!("{} {}", h.quarter, h.year)).collect();
    let option = json!({
        "aria": { "enabled": true },
        "tooltip": { "trigger": "axis" },
        "legend": { "bottom": 0 },
        "grid": { "containLabel": true, "left": 8, "right": 24, "top": 16, "bottom": 32 },
        "xAxis": { "type": "category", "data": labels },
        "yAxis": { "type": "value", "name": name.unit },
        "series": [
            { "id": "target", "name": "Target", "type": "line", "data": history.iter().map(|h| h.target.and_then(|v| v.to_f64())).collect::<Vec<_>>() },
            { "id": "actual", "name": tr.pick("Realisasi", "Actual"), "type": "bar", "data": history.iter().map(|h| h.actual.and_then(|v| v.to_f64())).collect::<Vec<_>>() },
        ],
    })
    .to_string();
    let chart = Chart {
        id: "history",
        height: 320,
        title: tr.pick("Target dan realisasi per triwulan", "Targets and actuals by quarter").into(),
        option,
        headers: vec![tr.pick("Triwulan", "Quarter").into(), "Target".into(), tr.pick("Realisasi", "Actual").into()],
        rows: history
            .iter()
            .zip(labels)
            .map(|(h, label)| ChartRow {
                label,
                cells: vec![number(h.target, locale), number(h.actual, locale)],
                link: None,
            })
            .collect(),
    };
    let opd = match name.opd_id {
        Some(id) => state
            .store
            .opd_options(scope.id())
            .await?
            .into_iter()
            .find(|(o, _)| *o == id)
            .map(|(_, n)| n)
            .unwrap_or_default(),
        None => "RPJMD".to_owned(),
    };
    let evidence = state.store.subject_evidence(scope.id(), Subject::Indicator(indicator)).await?;
    let view = IndicatorPage {
        layout: Layout::tenant(tr, &scope, &format!("{} · {}", tr.t("capaian.title"), name.name), "capaian"),
        name,
        opd,
        chart,
        evidence,
    };
    Ok(render(&view, StatusCode::OK))
}

pub struct BudgetLine {
    pub name: String,
    pub link: String,
    pub pagu: String,
    pub spent: String,
    pub absorption: String,
    pub capaian: String,
    pub efficiency: String,
}

#[derive(Template)]
#[template(path = "capaian_budget.html")]
struct BudgetPage {
    layout: Layout,
    year: i32,
    quarter: Quarter,
    method: String,
    chart: Chart,
    lines: Vec<BudgetLine>,
}

impl BudgetPage {
    fn filter_action(&self) -> String {
        format!("{}/capaian/anggaran", self.layout.base())
    }
}

fn budget_lines(figures: &Figures, locale: Locale, base: &str) -> Vec<BudgetLine> {
    figures
        .budget
        .iter()
        .map(|b| BudgetLine {
            name: figures.opd_name(Some(b.opd), locale),
            link: format!("{base}/capaian/opd/{}?tahun={}&tw={}", b.opd, figures.year, figures.quarter.number()),
            pagu: money(b.pagu, locale),
            spent: money(b.spent, locale),
            absorption: percent(b.absorption, locale),
            capaian: percent(b.capaian, locale),
            efficiency: percent(b.efficiency, locale),
        })
        .collect()
}

pub async fn budget_page(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    QueryParams(params): QueryParams<PeriodParams>,
) -> AppResult<Response> {
    scope.require(Permission::ViewPlanning)?;
    let tr = Tr(locale);
    let (year, quarter) = chosen_period(&state, &scope, &params).await?;
    let figures = figures(&state, &scope, year, quarter).await?;
    let layout = Layout::tenant(tr, &scope, tr.pick("Anggaran dan capaian", "Budget and capaian"), "capaian");
    let lines = budget_lines(&figures, locale, &layout.base());
    let points: Vec<serde_json::Value> = figures
        .budget
        .iter()
        .map(|b| json!({ "name": figures.opd_name(Some(b.opd), locale), "value": [chart_number(b.absorption), chart_number(b.capaian)] }))
        .collect();
    let option = json!({
        "aria": { "enabled": true },
        "tooltip": { "trigger": "item" },
        "grid": { "containLabel": true, "left": 8, "right": 24, "top": 24, "bottom": 8 },
        "xAxis": { "type": "value", "name": tr.pick("Serapan %", "Absorption %") },
        "yAxis": { "type": "value", "name": "Capaian %" },
        "series": [{ "id": "budget", "type": "scatter", "symbolSize": 12, "data": points }],
    })
    .to_string();
    let chart = Chart {
        id: "budget",
        height: 420,
        title: tr.pick("Serapan anggaran dan capaian per OPD", "Absorption and capaian per OPD").into(),
        option,
        headers: Vec::new(),
        rows: Vec::new(),
    };
    let view =
        BudgetPage { layout, year, quarter, method: figures.rules.efficiency.label(locale).to_owned(), chart, lines };
    Ok(render(&view, StatusCode::OK))
}

#[derive(Deserialize, Default)]
pub struct ReportParams {
    #[serde(default)]
    tahun: String,
    #[serde(default)]
    tw: String,
    #[serde(default)]
    opd: String,
    #[serde(default)]
    format: String,
}

fn bar(label: String, value: Option<Decimal>, text: String, colour: &'static str) -> Bar {
    Bar { label, value: value.and_then(|v| v.to_f64()).unwrap_or(0.0).max(0.0), text, colour }
}

/// Laporan Capaian Kinerja Triwulan, for the pemda or one OPD (`opd`), as PDF or XLSX (`format=xlsx`).
pub async fn quarterly_report(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    QueryParams(params): QueryParams<ReportParams>,
) -> AppResult<Response> {
    scope.require(Permission::ViewPlanning)?;
    let tr = Tr(locale);
    let period = PeriodParams { tahun: params.tahun.clone(), tw: params.tw.clone() };
    let (year, quarter) = chosen_period(&state, &scope, &period).await?;
    let figures = figures(&state, &scope, year, quarter).await?;
    let opd: Option<i64> = params.opd.trim().parse().ok();
    let (scope_name, view) = match opd {
        Some(id) => {
            let name = figures.opd_names.get(&id).cloned().ok_or(AppError::NotFound)?;
            (name, figures.opd_overview(id))
        }
        None => (scope.tenant.name.clone(), figures.overview.clone()),
    };
    let mut elements: Vec<(&i64, &RollUp)> = view.elements.iter().collect();
    elements.sort_by_key(|(id, _)| figures.element_code(**id));
    let groups: Vec<Bar> = match opd {
        Some(_) => elements
            .into_iter()
            .map(|(id, roll)| bar(figures.element_code(*id), roll.mean, percent(roll.mean, locale), "#2b6cb0"))
            .collect(),
        None => view
            .opds
            .iter()
            .map(|(o, roll)| bar(figures.opd_name(*o, locale), roll.mean, percent(roll.mean, locale), "#2b6cb0"))
            .collect(),
    };
    let budget: Vec<&OpdBudget> = figures.budget.iter().filter(|b| opd.is_none_or(|id| b.opd == id)).collect();
    let report = QuarterlyReport {
        lang: locale.pick("id", "en"),
        title: format!(
            "{} {quarter} {} {year}",
            tr.pick("Laporan Capaian Kinerja", "Performance Report"),
            tr.pick("Tahun", "Year")
        ),
        subtitle: format!("{scope_name} · {}", view.total.coverage(locale)),
        printed: format!(
            "{} {} · {}",
            tr.pick("Dicetak", "Printed"),
            format::datetime(time::OffsetDateTime::now_utc(), state.config.time_zone, locale),
            scope.principal.username
        ),
        labels: Labels {
            page: tr.pick("Halaman", "Page").into(),
            empty: tr.pick("Belum ada data.", "No data yet.").into(),
            by_group: if opd.is_some() {
                tr.pick("Capaian per sasaran / program", "Capaian per sasaran")
            } else {
                tr.pick("Capaian per perangkat daerah", "Capaian per OPD")
            }
            .into(),
            trend: tr.pick("Tren capaian s.d. triwulan", "Capaian to date by quarter").into(),
            bands: tr.pick("Sebaran indikator per kategori", "Indicators per band").into(),
            indicators: tr.pick("Capaian indikator", "Indicator capaian").into(),
            budget: tr.pick("Serapan anggaran", "Budget absorption").into(),
            columns: [
                "No.",
                tr.pick("Perangkat daerah / sasaran", "OPD / sasaran"),
                tr.pick("Indikator", "Indicator"),
                "Target",
                tr.pick("Realisasi", "Actual"),
                "Capaian",
                tr.pick("Kategori", "Band"),
                "Status",
            ]
            .map(String::from),
            budget_columns: [
                tr.pick("Perangkat daerah", "OPD"),
                "Pagu",
                tr.pick("Realisasi", "Spent"),
                tr.pick("Serapan", "Absorption"),
                "Capaian",
            ]
            .map(String::from),
        },
        summary: summary(&figures, opd, &view.total, &budget, tr)
            .into_iter()
            .map(|(label, value)| Figure { label, value })
            .collect(),
        groups,
        trend: view
            .trend
            .iter()
            .map(|(q, roll)| bar(q.to_string(), roll.mean, percent(roll.mean, locale), "#2f855a"))
            .collect(),
        bands: figures
            .rules
            .bands
            .all()
            .iter()
            .zip(view.bands.iter().zip(view.band_shares()))
            .map(|(band, (count, share))| bar(band.label(locale).to_owned(), Some(share), count.to_string(), "#b7791f"))
            .collect(),
        rows: view
            .indicators
            .iter()
            .map(|s| {
                let row = standing_row(&figures, s, locale);
                IndicatorRow {
                    group: if opd.is_some() { row.element } else { row.opd },
                    indicator: format!("{} ({})", row.name, row.unit),
                    target: row.target,
                    actual: row.actual,
                    capaian: row.capaian,
                    band: row.band,
                    status: row.status,
                }
            })
            .collect(),
        budget: budget
            .iter()
            .map(|b| BudgetRow {
                name: figures.opd_name(Some(b.opd), locale),
                pagu: money(b.pagu, locale),
                spent: money(b.spent, locale),
                absorption: percent(b.absorption, locale),
                capaian: percent(b.capaian, locale),
            })
            .collect(),
    };
    let stem = format!(
        "laporan-triwulan-{}-{year}-tw{}{}",
        scope.tenant.code,
        quarter.number(),
        opd.map(|o| format!("-opd{o}")).unwrap_or_default()
    );
    if params.format == "xlsx" {
        let bytes = state.render_document(move || docs::quarterly::render_xlsx(&report)).await?;
        return Ok(crate::uploads::download(format!("{stem}.xlsx"), bytes));
    }
    let bytes = state.render_document(move || docs::quarterly::render_pdf(&report)).await?;
    let disposition = format!("attachment; filename=\"{stem}.pdf\"");
    Ok(([(header::CONTENT_TYPE, "application/pdf".to_owned()), (header::CONTENT_DISPOSITION, disposition)], bytes)
        .into_response())
}
