//! Planning workbooks: export, template, and import with a preview and a
//! validation report. An import replaces the plan's content, all or nothing.

use super::{plan_path, render, see_other};
use crate::app::planning::editable_plan;
use crate::auth::InTenant;
use crate::error::{AppError, AppResult};
use crate::extract::{RowId, SubId};
use crate::i18n::Tr;
use crate::layout::Layout;
use crate::middleware::Lang;
use crate::state::AppState;
use crate::uploads::{MAX_UPLOAD_MB, ReportLine, download, report, uploaded_file};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use docs::workbook::{CellError, ReadPlan, code_column, read_plan, write_plan};
use domain::access::Permission;
use domain::cascade::{Plan, PlanHeader};
use domain::{Invalid, Reason};
use std::collections::HashMap;

async fn opd_names(state: &AppState, scope: &InTenant) -> AppResult<Vec<(i64, String)>> {
    Ok(state.store.opd_options(scope.id()).await?)
}

fn file_stem(header: &PlanHeader, scope: &InTenant) -> String {
    format!("{}-{}-{}-{}", header.kind.key(), scope.tenant.code, header.period.start, header.period.end)
}

fn xlsx_of(plan: &Plan, opds: &[(i64, String)]) -> AppResult<Vec<u8>> {
    let names: HashMap<i64, String> = opds.iter().cloned().collect();
    write_plan(plan, &names).map_err(|error| {
        tracing::error!(%error, "workbook failed");
        AppError::Internal
    })
}

/// The plan as a workbook, in the import layout.
pub async fn export(State(state): State<AppState>, scope: InTenant, RowId(id): RowId) -> AppResult<Response> {
    scope.require(Permission::ViewPlanning)?;
    let plan = state.store.plan(scope.id(), id).await?;
    let bytes = xlsx_of(&plan, &opd_names(&state, &scope).await?)?;
    Ok(download(format!("{}.xlsx", file_stem(&plan.header, &scope)), bytes))
}

/// The empty workbook for the plan's kind and period.
pub async fn template(State(state): State<AppState>, scope: InTenant, RowId(id): RowId) -> AppResult<Response> {
    scope.require(Permission::ViewPlanning)?;
    let header = state.store.plan_header(scope.id(), id).await?;
    let name = format!("templat-{}.xlsx", file_stem(&header, &scope));
    let bytes = xlsx_of(&Plan { header, elements: Vec::new() }, &[])?;
    Ok(download(name, bytes))
}

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    layout: Layout,
    plan: PlanHeader,
    label: String,
    /// Set once a file was read: its name and what it holds.
    file_name: Option<String>,
    errors: Vec<ReportLine>,
    preview: Option<Preview>,
    batch: Option<i64>,
    existing: usize,
}

pub struct Preview {
    pub rows: usize,
    pub elements: usize,
    pub indicators: usize,
    pub targets: usize,
    /// Counts per element kind.
    pub kinds: Vec<(String, usize)>,
    pub sample: Vec<(String, String, String)>,
}

fn preview(read: &ReadPlan, tr: Tr) -> Preview {
    let mut kinds: Vec<(String, usize)> = Vec::new();
    for kind in domain::planning::ElementKind::ALL {
        let count = read.elements.iter().filter(|e| e.draft.kind == *kind).count();
        if count > 0 {
            kinds.push((kind.label(tr.0).to_owned(), count));
        }
    }
    Preview {
        rows: read.row_count,
        elements: read.elements.len(),
        indicators: read.elements.iter().map(|e| e.indicators.len()).fold(0, usize::saturating_add),
        targets: read
            .elements
            .iter()
            .flat_map(|e| &e.indicators)
            .map(|i| i.draft.targets.len())
            .fold(0, usize::saturating_add),
        kinds,
        sample: read
            .elements
            .iter()
            .take(12)
            .map(|e| (e.draft.kind.label(tr.0).to_owned(), e.draft.code.clone(), e.draft.name.clone()))
            .collect(),
    }
}

/// What checking an upload gave: the report, or the preview and the kept batch.
struct Checked {
    name: String,
    errors: Vec<ReportLine>,
    preview: Option<Preview>,
    batch: Option<i64>,
}

async fn import_page(
    state: &AppState,
    tr: Tr,
    scope: &InTenant,
    plan: PlanHeader,
    file: Option<Checked>,
) -> AppResult<Response> {
    let existing = state.store.plan(scope.id(), plan.id).await?.elements.len();
    let (file_name, errors, preview, batch) = match file {
        Some(Checked { name, errors, preview, batch }) => (Some(name), errors, preview, batch),
        None => (None, Vec::new(), None, None),
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let label = plan.label(tr.0);
    let view = ImportPage {
        layout: Layout::tenant(tr, scope, tr.t("excel.import"), "planning"),
        label,
        plan,
        file_name,
        errors,
        preview,
        batch,
        existing,
    };
    Ok(render(&view, status))
}

pub async fn form(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
) -> AppResult<Response> {
    let header = editable_plan(&state, &scope, id).await?;
    import_page(&state, Tr(locale), &scope, header, None).await
}

/// Reads a workbook and checks everything a write would: structure, values,
/// OPD names and nomenclature codes.
pub async fn check(
    state: &AppState,
    scope: &InTenant,
    header: &PlanHeader,
    bytes: Vec<u8>,
    locale: domain::Locale,
) -> AppResult<Result<ReadPlan, Vec<CellError>>> {
    let opds = opd_names(state, scope).await?;
    let (kind, period) = (header.kind, header.period);
    let read = match state.read_upload(move || read_plan(&bytes, kind, period, &opds, locale)).await? {
        Ok(read) => read,
        Err(errors) => return Ok(Err(errors)),
    };
    let codes: Vec<String> =
        read.elements.iter().filter(|e| e.draft.kind.code_level().is_some()).map(|e| e.draft.code.clone()).collect();
    let known = state.store.current_codes(&codes).await?;
    let mut errors: Vec<CellError> = codes
        .iter()
        .filter(|code| !known.contains_key(*code))
        .map(|code| CellError {
            sheet: docs::workbook::SHEET.into(),
            row: read.rows.get(code).copied().unwrap_or_default(),
            column: code_column().into(),
            reason: Reason::UnknownCode,
        })
        .collect();
    if errors.is_empty() {
        Ok(Ok(read))
    } else {
        errors.sort_by_key(|e| e.row);
        Ok(Err(errors))
    }
}

/// Receives the file, validates it, keeps it, and shows the preview.
pub async fn upload(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
    request: axum::extract::Request,
) -> AppResult<Response> {
    let header = editable_plan(&state, &scope, id).await?;
    // Read only once the user may: a refused upload is not even parsed.
    let (name, bytes) = uploaded_file(&state, request, MAX_UPLOAD_MB).await?;
    let tr = Tr(locale);
    match check(&state, &scope, &header, bytes.clone(), locale).await? {
        Err(errors) => {
            let checked = Checked { name, errors: report(errors, tr), preview: None, batch: None };
            import_page(&state, tr, &scope, header, Some(checked)).await
        }
        Ok(read) => {
            let batch = state.store.save_import(scope.id(), scope.principal.user_id.0, id, &name, &bytes).await?;
            let shown = preview(&read, tr);
            let checked = Checked { name, errors: Vec::new(), preview: Some(shown), batch: Some(batch) };
            import_page(&state, tr, &scope, header, Some(checked)).await
        }
    }
}

/// Applies a previewed upload: checked again (the plan or the codes may
/// have changed since), then written in one transaction.
pub async fn apply(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
    SubId(batch): SubId,
) -> AppResult<Response> {
    let header = editable_plan(&state, &scope, id).await?;
    let (plan, _, bytes) = state.store.pending_import(scope.id(), scope.principal.user_id.0, batch).await?;
    if plan != id {
        return Err(AppError::NotFound);
    }
    let read = check(&state, &scope, &header, bytes, locale)
        .await?
        .map_err(|_| Invalid::one("file", Reason::HeaderMismatch))?;
    state.store.replace_plan_content(scope.id(), &scope.actor(), id, &read.elements).await?;
    state.store.mark_imported(scope.id(), batch).await?;
    Ok(see_other(&plan_path(&scope, id)))
}
