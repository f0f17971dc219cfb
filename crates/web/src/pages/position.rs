//! Positions (jabatan): list, create and edit.

use super::{FormErrors, ListParams, Paging, render, see_other, unprocessable};
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
    let tr = Tr(locale);
    let page = state
        .store
        .list_positions(scope.id(), &params.query(), state.today())
        .await?;
    let layout = Layout::tenant(tr, &scope, tr.t("position.title"), "position");
    let view = PositionListPage {
        paging: Paging::new(
            format!("{}/jabatan", layout.base()),
            &[("q", &params.q)],
            &page,
        ),
        layout,
        query: params.q,
        page,
        can_edit: scope.manages_some_structure(),
    };
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
    let title = tr.t(if id.is_some() {
        "position.edit"
    } else {
        "position.add"
    });
    let layout = Layout::tenant(tr, scope, title, "position");
    let base = layout.base();
    let opds: Vec<(i64, String)> = state
        .store
        .opd_options(scope.id())
        .await?
        .into_iter()
        .filter(|(opd, _)| scope.may(Permission::ManageOpdStructure(Some(OpdId(*opd)))))
        .collect();
    let units = state
        .store
        .unit_options(scope.id())
        .await?
        .into_iter()
        .filter(|(_, opd, _)| opds.iter().any(|(o, _)| o == opd))
        .collect();
    let page = PositionFormPage {
        action: id.map_or(format!("{base}/jabatan"), |id| {
            format!("{base}/jabatan/{id}")
        }),
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
    let form = PositionForm {
        opd_id: params.opd.unwrap_or_default(),
        ..PositionForm::default()
    };
    form_page(
        &state,
        Tr(locale),
        &scope,
        None,
        form,
        FormErrors::default(),
    )
    .await
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
    let result = match parse(&scope, &form) {
        Ok(draft) => state
            .store
            .create_position(scope.id(), &scope.actor(), &draft, state.today())
            .await
            .map_err(AppError::from),
        Err(error) => Err(error),
    };
    match result {
        Ok(_) => Ok(see_other(&format!("/pemda/{}/jabatan", scope.tenant.code))),
        Err(AppError::Invalid(invalid)) => Ok(unprocessable(
            form_page(
                &state,
                Tr(locale),
                &scope,
                None,
                form,
                FormErrors::from(&invalid, locale),
            )
            .await?,
        )),
        Err(other) => Err(other),
    }
}

pub async fn edit(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
) -> AppResult<Response> {
    let position = state
        .store
        .position(scope.id(), PositionId(id), state.today())
        .await?;
    scope.require(Permission::ManageOpdStructure(position.opd_id.map(OpdId)))?;
    let form = PositionForm {
        opd_id: position.opd_id.map(|o| o.to_string()).unwrap_or_default(),
        unit_id: position.unit_id.map(|u| u.to_string()).unwrap_or_default(),
        name: position.name,
        level: position.level.key().to_owned(),
    };
    form_page(
        &state,
        Tr(locale),
        &scope,
        Some(id),
        form,
        FormErrors::default(),
    )
    .await
}

pub async fn update(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
    Form(form): Form<PositionForm>,
) -> AppResult<Response> {
    let position = state
        .store
        .position(scope.id(), PositionId(id), state.today())
        .await?;
    scope.require(Permission::ManageOpdStructure(position.opd_id.map(OpdId)))?;
    let result = match parse(&scope, &form) {
        Ok(draft) => state
            .store
            .update_position(
                scope.id(),
                &scope.actor(),
                PositionId(id),
                &draft,
                state.today(),
            )
            .await
            .map_err(AppError::from),
        Err(error) => Err(error),
    };
    match result {
        Ok(_) => Ok(see_other(&format!("/pemda/{}/jabatan", scope.tenant.code))),
        Err(AppError::Invalid(invalid)) => Ok(unprocessable(
            form_page(
                &state,
                Tr(locale),
                &scope,
                Some(id),
                form,
                FormErrors::from(&invalid, locale),
            )
            .await?,
        )),
        Err(other) => Err(other),
    }
}
