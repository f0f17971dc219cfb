//! Renja / DPA: the programs, kegiatan and sub-kegiatan an OPD runs in a
//! year, with the budget and its change (perubahan).

use super::{FormErrors, opd_name, render, respond, see_other};
use crate::auth::InTenant;
use crate::error::{AppError, AppResult};
use crate::extract::{FormBody as Form, QueryParams, RowId};
use crate::i18n::Tr;
use crate::layout::Layout;
use crate::middleware::Lang;
use crate::state::AppState;
use crate::uploads::{MAX_UPLOAD_MB, ReportLine, download, report, uploaded_file};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use docs::renja_workbook::{ReadRenja, read_renja, write_renja};
use docs::workbook::CellError;
use domain::access::Permission;
use domain::number::{Quantity, checked_sum};
use domain::planning::{ElementKind, RenjaBudget, RenjaItem, renja_subtotal, year};
use domain::{Invalid, Locale, OpdId, Reason};
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use store::RenjaRow;

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
    import: Option<RenjaImport>,
}

/// What an uploaded workbook gave: the validation report, or the preview
/// with the kept upload to apply.
pub struct RenjaImport {
    pub file_name: String,
    pub errors: Vec<ReportLine>,
    pub preview: Option<RenjaPreview>,
    pub batch: Option<i64>,
}

pub struct RenjaPreview {
    pub rows: usize,
    pub items: usize,
    /// Sub-kegiatan with a budget now that the file leaves empty.
    pub cleared: usize,
    pub total: String,
    pub total_perubahan: String,
}

fn items_of(rows: &[RenjaRow]) -> Vec<RenjaItem> {
    rows.iter().map(RenjaRow::item).collect()
}

fn entry(value: Option<Decimal>, locale: Locale) -> String {
    value.map(|v| domain::number::entry(v, locale)).unwrap_or_default()
}

async fn page(
    state: &AppState,
    tr: Tr,
    scope: &InTenant,
    opd: Option<i64>,
    year: i32,
    errors: FormErrors,
    import: Option<RenjaImport>,
) -> AppResult<Response> {
    let opds = state.store.opd_options(scope.id()).await?;
    let rows = match opd {
        Some(opd) => state.store.renja(scope.id(), opd, year).await?,
        None => Vec::new(),
    };
    let show = |d: Option<Decimal>| d.map_or_else(|| "—".to_owned(), |d| domain::format::rupiah(d, tr.0));
    let items = items_of(&rows);
    // Totals over sub-kegiatan: the level the DPA budgets.
    let subs = items.iter().filter(|i| i.kind == ElementKind::SubKegiatan);
    let total = checked_sum(subs.clone().filter_map(|i| i.pagu));
    let total_perubahan = checked_sum(subs.filter_map(RenjaItem::pagu_in_force));
    let lines = rows
        .iter()
        .zip(&items)
        .map(|(row, item)| {
            // Programs and kegiatan show the sums of their sub-kegiatan.
            let (pagu, changed) = if item.kind == ElementKind::SubKegiatan {
                (item.pagu, item.pagu_perubahan)
            } else {
                renja_subtotal(&items, &item.code)
            };
            RenjaLine {
                element_id: row.element_id,
                kind: item.kind,
                planned: show(item.planned),
                pagu: show(pagu),
                pagu_perubahan: show(changed),
                pagu_entry: entry(item.pagu, tr.0),
                perubahan_entry: entry(item.pagu_perubahan, tr.0),
                code: item.code.clone(),
                name: item.name.clone(),
            }
        })
        .collect();
    let view = RenjaPage {
        layout: Layout::tenant(tr, scope, tr.t("renja.title"), "planning"),
        can_edit: opd.is_some_and(|o| scope.may(Permission::ManageRenstra(OpdId(o)))),
        opds,
        opd,
        year,
        lines,
        total: show(total),
        total_perubahan: show(total_perubahan),
        errors,
        import,
    };
    let rejected = view.import.as_ref().is_some_and(|i| !i.errors.is_empty());
    Ok(render(&view, if rejected { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK }))
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
    page(&state, Tr(locale), &scope, opd, year, FormErrors::default(), None).await
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

fn amounts(form: &RenjaForm, locale: Locale) -> Result<(Decimal, Option<Decimal>), Invalid> {
    let mut invalid = Invalid::default();
    let pagu = invalid.check("pagu", Quantity::Money.parse(&form.pagu, locale));
    let changed = if form.pagu_perubahan.trim().is_empty() {
        Some(None)
    } else {
        invalid.check("pagu_perubahan", Quantity::Money.parse(&form.pagu_perubahan, locale)).map(Some)
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
        return Err(AppError::Forbidden);
    }
    let opd: i64 = form.opd.trim().parse().map_err(|_| Invalid::one("opd", Reason::NotFound))?;
    scope.require(Permission::ManageRenstra(OpdId(opd)))?;
    let year = year(&form.tahun).map_err(|r| Invalid::one("tahun", r))?;
    let result: AppResult<_> = async {
        let (pagu, changed) = amounts(&form, locale)?;
        let entry = store::RenjaEntry { opd, year, element, pagu, pagu_perubahan: changed };
        Ok(state.store.set_renja(scope.id(), &scope.actor(), &entry).await?)
    }
    .await;
    respond(
        result,
        locale,
        |()| format!("/pemda/{}/renja?opd={opd}&tahun={year}#item-{element}", scope.tenant.code),
        async |errors| page(&state, Tr(locale), &scope, Some(opd), year, errors, None).await,
    )
    .await
}

/// The OPD and year a workbook route works on; the OPD is required.
fn chosen_opd(state: &AppState, params: &RenjaParams) -> AppResult<(i64, i32)> {
    match chosen(state, params) {
        (Some(opd), year) => Ok((opd, year)),
        (None, _) => Err(Invalid::one("opd", Reason::Required).into()),
    }
}

/// The Renja as a workbook: with its budgets, it is the export; before any
/// budget is entered, the template.
pub async fn export(
    State(state): State<AppState>,
    scope: InTenant,
    QueryParams(params): QueryParams<RenjaParams>,
) -> AppResult<Response> {
    scope.require(Permission::ViewPlanning)?;
    let (opd, year) = chosen_opd(&state, &params)?;
    let name = opd_name(&state, &scope, opd).await?;
    let rows = state.store.renja(scope.id(), opd, year).await?;
    if rows.is_empty() {
        return Err(AppError::NotFound);
    }
    let lines = items_of(&rows);
    let bytes = state.render_document(move || write_renja(&name, year, &lines)).await?;
    Ok(download(format!("renja-{}-{opd}-{year}.xlsx", scope.tenant.code), bytes))
}

/// Reads an uploaded Renja workbook against the OPD's Renstra in force.
async fn check(
    state: &AppState,
    scope: &InTenant,
    (opd, year): (i64, i32),
    bytes: Vec<u8>,
    locale: Locale,
) -> AppResult<(Vec<RenjaRow>, Result<ReadRenja, Vec<CellError>>)> {
    let name = opd_name(state, scope, opd).await?;
    let rows = state.store.renja(scope.id(), opd, year).await?;
    if rows.is_empty() {
        return Err(Invalid::one("opd", Reason::NotInPlan).into());
    }
    let known: HashMap<String, ElementKind> = rows.iter().map(|r| (r.code.clone(), r.kind)).collect();
    let read = state.read_upload(move || read_renja(&bytes, &name, year, &known, locale)).await?;
    Ok((rows, read))
}

fn preview(rows: &[RenjaRow], read: &ReadRenja, locale: Locale) -> RenjaPreview {
    let in_file: HashSet<&str> = read.items.iter().map(|i| i.code.as_str()).collect();
    let cleared = rows.iter().filter(|r| r.pagu.is_some() && !in_file.contains(r.code.as_str())).count();
    let total = checked_sum(read.items.iter().map(|i| i.pagu));
    let changed = checked_sum(read.items.iter().map(RenjaBudget::pagu_in_force));
    let show = |d: Option<Decimal>| d.map_or_else(|| "—".to_owned(), |d| domain::format::rupiah(d, locale));
    RenjaPreview {
        rows: read.row_count,
        items: read.items.len(),
        cleared,
        total: show(total),
        total_perubahan: show(changed),
    }
}

/// Receives a Renja workbook, validates it, keeps it and shows the preview
/// on the Renja page.
pub async fn upload(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    QueryParams(params): QueryParams<RenjaParams>,
    request: axum::extract::Request,
) -> AppResult<Response> {
    if !scope.manages_some_plan() {
        return Err(AppError::Forbidden);
    }
    let (opd, year) = chosen_opd(&state, &params)?;
    scope.require(Permission::ManageRenstra(OpdId(opd)))?;
    // Read only once the user may: a refused upload is not even parsed.
    let (file_name, bytes) = uploaded_file(&state, request, MAX_UPLOAD_MB).await?;
    let tr = Tr(locale);
    let import = match check(&state, &scope, (opd, year), bytes.clone(), locale).await? {
        (_, Err(errors)) => RenjaImport { file_name, errors: report(errors, tr), preview: None, batch: None },
        (rows, Ok(read)) => {
            let plan = rows[0].plan_id;
            let batch =
                state.store.save_import(scope.id(), scope.principal.user_id.0, plan, &file_name, &bytes).await?;
            let preview = preview(&rows, &read, locale);
            RenjaImport { file_name, errors: Vec::new(), preview: Some(preview), batch: Some(batch) }
        }
    };
    page(&state, tr, &scope, Some(opd), year, FormErrors::default(), Some(import)).await
}

/// Applies a previewed upload: checked again (the Renstra may have changed
/// since), then written in one transaction.
pub async fn apply(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(batch): RowId,
    QueryParams(params): QueryParams<RenjaParams>,
) -> AppResult<Response> {
    if !scope.manages_some_plan() {
        return Err(AppError::Forbidden);
    }
    let (opd, year) = chosen_opd(&state, &params)?;
    scope.require(Permission::ManageRenstra(OpdId(opd)))?;
    let (plan, _, bytes) = state.store.pending_import(scope.id(), scope.principal.user_id.0, batch).await?;
    let (rows, read) = check(&state, &scope, (opd, year), bytes, locale).await?;
    if rows[0].plan_id != plan {
        return Err(AppError::NotFound);
    }
    let read = read.map_err(|errors| {
        let reason = errors.into_iter().next().map_or(Reason::HeaderMismatch, |e| e.reason);
        Invalid::one("file", reason)
    })?;
    state.store.replace_renja(scope.id(), &scope.actor(), opd, year, &read.items).await?;
    state.store.mark_imported(scope.id(), batch).await?;
    Ok(see_other(&format!("/pemda/{}/renja?opd={opd}&tahun={year}", scope.tenant.code)))
}
