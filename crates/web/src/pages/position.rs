//! Positions (jabatan): list, create and edit.

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
use domain::drafts::PositionDraft;
use domain::org::PositionLevel;
use domain::{OpdId, PositionId};
use serde::Deserialize;
use store::{Page, Position};

#[derive(Template)]
#[template(path = "position_list.html")]
struct PositionListPage {
    layout: Layout,
    query: String,
    page: Page<Position>,
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
    let page = state.store.list_positions(scope.id(), &params.query(), state.today()).await?;
    let (layout, paging) = list_frame(Tr(locale), &scope, "position.title", "position", "jabatan", &params, &page);
    let view = PositionListPage { paging, layout, query: params.q, page, can_edit: scope.manages_some_structure() };
    Ok(render(&view, StatusCode::OK))
}

#[derive(Deserialize, Default, Clone)]
pub struct PositionForm {
    #[serde(default)]
    opd_id: String,
    #[serde(default)]
    unit_id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    level: String,
}

#[derive(Template)]
#[template(path = "position_form.html")]
struct PositionFormPage {
    layout: Layout,
    action: String,
    cancel: String,
    form: PositionForm,
    errors: FormErrors,
    levels: &'static [PositionLevel],
    opds: Vec<(i64, String)>,
    units: Vec<(i64, i64, String)>,
}

async fn form_page(
    state: &AppState,
    tr: Tr,
    scope: &InTenant,
    id: Option<i64>,
    form: PositionForm,
    errors: FormErrors,
) -> AppResult<Response> {
    let title = tr.t(if id.is_some() { "position.edit" } else { "position.add" });
    let layout = Layout::tenant(tr, scope, title, "position");
    let base = layout.base();
    let (opds, units) = structure_choices(state, scope).await?;
    let page = PositionFormPage {
        action: id.map_or(format!("{base}/jabatan"), |id| format!("{base}/jabatan/{id}")),
        cancel: format!("{base}/jabatan"),
        layout,
        form,
        errors,
        levels: PositionLevel::ALL,
        opds,
        units,
    };
    Ok(render(&page, StatusCode::OK))
}

pub async fn new(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    Query(params): Query<super::ListParams>,
) -> AppResult<Response> {
    if !scope.manages_some_structure() {
        return Err(AppError::Forbidden);
    }
    let form = PositionForm { opd_id: params.opd.unwrap_or_default(), ..PositionForm::default() };
    form_page(&state, Tr(locale), &scope, None, form, FormErrors::default()).await
}

/// Parses the form and checks that the user may place a position there;
/// positions outside any OPD (kepala daerah) are for pemda admins.
fn parse(scope: &InTenant, form: &PositionForm) -> AppResult<PositionDraft> {
    let draft = PositionDraft::parse(&form.opd_id, &form.unit_id, &form.name, &form.level)?;
    scope.require(Permission::ManageOpdStructure(draft.opd_id))?;
    Ok(draft)
}

pub async fn create(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    Form(form): Form<PositionForm>,
) -> AppResult<Response> {
    if !scope.manages_some_structure() {
        return Err(AppError::Forbidden);
    }
    let result: AppResult<_> = async {
        let draft = parse(&scope, &form)?;
        Ok(state.store.create_position(scope.id(), &scope.actor(), &draft, state.today()).await?)
    }
    .await;
    respond(
        result,
        locale,
        |_| format!("/pemda/{}/jabatan", scope.tenant.code),
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
    let position = state.store.position(scope.id(), PositionId(id), state.today()).await?;
    scope.require(Permission::ManageOpdStructure(position.opd_id.map(OpdId)))?;
    let form = PositionForm {
        opd_id: position.opd_id.map(|o| o.to_string()).unwrap_or_default(),
        unit_id: position.unit_id.map(|u| u.to_string()).unwrap_or_default(),
        name: position.name,
        level: position.level.key().to_owned(),
    };
    form_page(&state, Tr(locale), &scope, Some(id), form, FormErrors::default()).await
}

pub async fn update(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
    Form(form): Form<PositionForm>,
) -> AppResult<Response> {
    let position = state.store.position(scope.id(), PositionId(id), state.today()).await?;
    scope.require(Permission::ManageOpdStructure(position.opd_id.map(OpdId)))?;
    let result: AppResult<_> = async {
        let draft = parse(&scope, &form)?;
        Ok(state.store.update_position(scope.id(), &scope.actor(), PositionId(id), &draft, state.today()).await?)
    }
    .await;
    let rerender = async |errors| form_page(&state, Tr(locale), &scope, Some(id), form, errors).await;
    respond(result, locale, |_| format!("/pemda/{}/jabatan", scope.tenant.code), rerender).await
}
