//! Units of perangkat daerah (bidang, bagian, sub-bagian, seksi).

use super::{FormErrors, ListParams, Paging, list_frame, render, respond, structure_choices};
use crate::auth::InTenant;
use crate::error::{AppError, AppResult};
use crate::extract::{FormBody as Form, RowId};
use crate::i18n::Tr;
use crate::layout::Layout;
use crate::middleware::Lang;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::access::Permission;
use domain::drafts::UnitDraft;
use domain::org::UnitKind;
use domain::{OpdId, UnitId};
use serde::Deserialize;
use store::{Page, Unit};

#[derive(Template)]
#[template(path = "unit_list.html")]
struct UnitListPage {
    layout: Layout,
    query: String,
    page: Page<Unit>,
    paging: Paging,
    can_edit: bool,
}

pub async fn list(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    Query(params): Query<ListParams>,
) -> AppResult<Response> {
    scope.require(Permission::ViewOrganisation)?;
    let page = state.store.list_units(scope.id(), &params.query()).await?;
    let (layout, paging) = list_frame(Tr(locale), &scope, "unit.title", "unit", "unit", &params, &page);
    let view = UnitListPage { paging, layout, query: params.q, page, can_edit: scope.manages_some_structure() };
    Ok(render(&view, StatusCode::OK))
}

#[derive(Deserialize, Default, Clone)]
pub struct UnitForm {
    #[serde(default)]
    opd_id: String,
    #[serde(default)]
    parent_id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
}

#[derive(Template)]
#[template(path = "unit_form.html")]
struct UnitFormPage {
    layout: Layout,
    action: String,
    cancel: String,
    form: UnitForm,
    errors: FormErrors,
    kinds: &'static [UnitKind],
    opds: Vec<(i64, String)>,
    parents: Vec<(i64, i64, String)>,
}

async fn form_page(
    state: &AppState,
    tr: Tr,
    scope: &InTenant,
    id: Option<i64>,
    form: UnitForm,
    errors: FormErrors,
) -> AppResult<Response> {
    let title = tr.t(if id.is_some() { "unit.edit" } else { "unit.add" });
    let layout = Layout::tenant(tr, scope, title, "unit");
    let base = layout.base();
    let (opds, mut parents) = structure_choices(state, scope).await?;
    // A unit cannot be its own parent.
    parents.retain(|(unit, _, _)| Some(*unit) != id);
    let page = UnitFormPage {
        action: id.map_or(format!("{base}/unit"), |id| format!("{base}/unit/{id}")),
        cancel: format!("{base}/unit"),
        layout,
        form,
        errors,
        kinds: UnitKind::ALL,
        opds,
        parents,
    };
    Ok(render(&page, StatusCode::OK))
}

pub async fn new(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    Query(params): Query<ListParams>,
) -> AppResult<Response> {
    if !scope.manages_some_structure() {
        return Err(AppError::Forbidden);
    }
    let form = UnitForm { opd_id: params.opd.unwrap_or_default(), ..UnitForm::default() };
    form_page(&state, Tr(locale), &scope, None, form, FormErrors::default()).await
}

/// Parses the form and checks that the user may place a unit in the chosen OPD.
fn parse(scope: &InTenant, form: &UnitForm) -> AppResult<UnitDraft> {
    let draft = UnitDraft::parse(&form.opd_id, &form.parent_id, &form.name, &form.kind)?;
    scope.require(Permission::ManageOpdStructure(Some(draft.opd_id)))?;
    Ok(draft)
}

pub async fn create(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    Form(form): Form<UnitForm>,
) -> AppResult<Response> {
    if !scope.manages_some_structure() {
        return Err(AppError::Forbidden);
    }
    let result: AppResult<_> = async {
        let draft = parse(&scope, &form)?;
        Ok(state.store.create_unit(scope.id(), &scope.actor(), &draft).await?)
    }
    .await;
    respond(
        result,
        locale,
        |unit| format!("/pemda/{}/opd/{}", scope.tenant.code, unit.opd_id),
        async |errors| form_page(&state, Tr(locale), &scope, None, form, errors).await,
    )
    .await
}

pub async fn edit(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
) -> AppResult<Response> {
    let unit = state.store.unit(scope.id(), UnitId(id)).await?;
    scope.require(Permission::ManageOpdStructure(Some(OpdId(unit.opd_id))))?;
    let form = UnitForm {
        opd_id: unit.opd_id.to_string(),
        parent_id: unit.parent_id.map(|p| p.to_string()).unwrap_or_default(),
        name: unit.name,
        kind: unit.kind.key().to_owned(),
    };
    form_page(&state, Tr(locale), &scope, Some(id), form, FormErrors::default()).await
}

pub async fn update(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
    Form(form): Form<UnitForm>,
) -> AppResult<Response> {
    let unit = state.store.unit(scope.id(), UnitId(id)).await?;
    scope.require(Permission::ManageOpdStructure(Some(OpdId(unit.opd_id))))?;
    let result: AppResult<_> = async {
        let draft = parse(&scope, &form)?;
        Ok(state.store.update_unit(scope.id(), &scope.actor(), UnitId(id), &draft).await?)
    }
    .await;
    respond(
        result,
        locale,
        |unit| format!("/pemda/{}/opd/{}", scope.tenant.code, unit.opd_id),
        async |errors| form_page(&state, Tr(locale), &scope, Some(id), form, errors).await,
    )
    .await
}
