//! Renja / DPA: the programs, kegiatan and sub-kegiatan an OPD runs in a
//! year, with the budget and its change (perubahan).

use super::{FormErrors, render, respond};
use crate::auth::InTenant;
use crate::error::AppResult;
use crate::extract::{FormBody as Form, QueryParams, RowId};
use crate::i18n::Tr;
use crate::layout::Layout;
use crate::middleware::Lang;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use domain::access::Permission;
use domain::planning::{ElementKind, parse_decimal, year};
use domain::{Invalid, Locale, OpdId, Reason};
use rust_decimal::Decimal;
use serde::Deserialize;
use std::str::FromStr;

#[derive(Deserialize, Default)]
pub struct RenjaParams {
    #[serde(default)]
    opd: String,
    #[serde(default)]
    tahun: String,
}

pub struct RenjaLine {
    pub element_id: i64,
    pub kind: ElementKind,
    pub code: String,
    pub name: String,
    pub planned: String,
    pub pagu: String,
    pub pagu_perubahan: String,
    /// The entered values, for the form.
    pub pagu_entry: String,
    pub perubahan_entry: String,
}

#[derive(Template)]
#[template(path = "renja.html")]
struct RenjaPage {
    layout: Layout,
    opds: Vec<(i64, String)>,
    opd: Option<i64>,
    year: i32,
    lines: Vec<RenjaLine>,
    total: String,
    total_perubahan: String,
    can_edit: bool,
    errors: FormErrors,
}

fn amount(text: &Option<String>) -> Option<Decimal> {
    text.as_deref().and_then(|t| Decimal::from_str(t).ok())
}

fn entry(value: Option<Decimal>, locale: Locale) -> String {
    value.map(|v| domain::format::entry(v, locale)).unwrap_or_default()
}

async fn page(
    state: &AppState,
    tr: Tr,
    scope: &InTenant,
    opd: Option<i64>,
    year: i32,
    errors: FormErrors,
) -> AppResult<Response> {
    let opds = state.store.opd_options(scope.id()).await?;
    let rows = match opd {
        Some(opd) => state.store.renja(scope.id(), opd, year).await?,
        None => Vec::new(),
    };
    let show = |d: Option<Decimal>| d.map_or_else(|| "—".to_owned(), |d| domain::format::rupiah(d, tr.0));
    // Totals over sub-kegiatan: the level the DPA budgets.
    let subs = rows.iter().filter(|r| r.kind == ElementKind::SubKegiatan);
    let total: Decimal = subs.clone().filter_map(|r| amount(&r.pagu)).sum();
    let total_perubahan: Decimal = subs.filter_map(|r| amount(&r.pagu_perubahan).or(amount(&r.pagu))).sum();
    let lines = rows
        .into_iter()
        .map(|r| RenjaLine {
            element_id: r.element_id,
            kind: r.kind,
            planned: show(amount(&r.planned)),
            pagu: show(amount(&r.pagu)),
            pagu_perubahan: show(amount(&r.pagu_perubahan)),
            pagu_entry: entry(amount(&r.pagu), tr.0),
            perubahan_entry: entry(amount(&r.pagu_perubahan), tr.0),
            code: r.code,
            name: r.name,
        })
        .collect();
    let view = RenjaPage {
        layout: Layout::tenant(tr, scope, tr.t("renja.title"), "planning"),
        can_edit: opd.is_some_and(|o| scope.may(Permission::ManageRenstra(OpdId(o)))),
        opds,
        opd,
        year,
        lines,
        total: domain::format::rupiah(total, tr.0),
        total_perubahan: domain::format::rupiah(total_perubahan, tr.0),
        errors,
    };
    Ok(render(&view, StatusCode::OK))
}

fn chosen(state: &AppState, params: &RenjaParams) -> (Option<i64>, i32) {
    let opd = params.opd.trim().parse().ok();
    let year = year(&params.tahun).unwrap_or_else(|_| state.today().year());
    (opd, year)
}

pub async fn show(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    QueryParams(params): QueryParams<RenjaParams>,
) -> AppResult<Response> {
    scope.require(Permission::ViewPlanning)?;
    let (opd, year) = chosen(&state, &params);
    page(&state, Tr(locale), &scope, opd, year, FormErrors::default()).await
}

#[derive(Deserialize, Default)]
pub struct RenjaForm {
    #[serde(default)]
    opd: String,
    #[serde(default)]
    tahun: String,
    #[serde(default)]
    pagu: String,
    #[serde(default)]
    pagu_perubahan: String,
}

fn amounts(form: &RenjaForm) -> Result<(Decimal, Option<Decimal>), Invalid> {
    let mut invalid = Invalid::default();
    let non_negative = |d: Decimal| if d < Decimal::ZERO { Err(Reason::NotANumber) } else { Ok(d) };
    let pagu = invalid.check("pagu", parse_decimal(&form.pagu).and_then(non_negative));
    let changed = if form.pagu_perubahan.trim().is_empty() {
        Some(None)
    } else {
        invalid.check("pagu_perubahan", parse_decimal(&form.pagu_perubahan).and_then(non_negative)).map(Some)
    };
    invalid.finish(|| Some((pagu?, changed?)))
}

/// Saves the budget of one item (`{id}` is the plan element).
pub async fn save(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(element): RowId,
    Form(form): Form<RenjaForm>,
) -> AppResult<Response> {
    if !scope.manages_some_plan() {
        return Err(crate::error::AppError::Forbidden);
    }
    let opd: i64 = form.opd.trim().parse().map_err(|_| Invalid::one("opd", Reason::NotFound))?;
    scope.require(Permission::ManageRenstra(OpdId(opd)))?;
    let year = year(&form.tahun).map_err(|r| Invalid::one("tahun", r))?;
    let result: AppResult<_> = async {
        let (pagu, changed) = amounts(&form)?;
        let entry = store::RenjaEntry { opd, year, element, pagu, pagu_perubahan: changed };
        Ok(state.store.set_renja(scope.id(), &scope.actor(), &entry).await?)
    }
    .await;
    respond(
        result,
        locale,
        |()| format!("/pemda/{}/renja?opd={opd}&tahun={year}#item-{element}", scope.tenant.code),
        async |errors| page(&state, Tr(locale), &scope, Some(opd), year, errors).await,
    )
    .await
}
