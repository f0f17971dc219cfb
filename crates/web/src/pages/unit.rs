//! Units of perangkat daerah (bidang, bagian, sub-bagian, seksi).

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
    let tr = Tr(locale);
    let page = state.store.list_units(scope.id(), &params.query()).await?;
    let layout = Layout::tenant(tr, &scope, tr.t("unit.title"), "unit");
    let view = UnitListPage {
        paging: Paging::new(
            format!("{}/unit", layout.base()),
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
    let title = tr.t(if id.is_some() {
        "unit.edit"
    } else {
        "unit.add"
    });
    let layout = Layout::tenant(tr, scope, title, "unit");
    let base = layout.base();
    let opds: Vec<(i64, String)> = state
        .store
        .opd_options(scope.id())
        .await?
        .into_iter()
        .filter(|(opd, _)| scope.may(Permission::ManageOpdStructure(Some(OpdId(*opd)))))
        .collect();
    let parents = state
        .store
        .unit_options(scope.id())
        .await?
        .into_iter()
        .filter(|(unit, opd, _)| Some(*unit) != id && opds.iter().any(|(o, _)| o == opd))
        .collect();
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
    let form = UnitForm {
        opd_id: params.opd.unwrap_or_default(),
        ..UnitForm::default()
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
    let result = match parse(&scope, &form) {
        Ok(draft) => state
            .store
            .create_unit(scope.id(), &scope.actor(), &draft)
            .await
            .map_err(AppError::from),
        Err(error) => Err(error),
    };
    match result {
        Ok(unit) => Ok(see_other(&format!(
            "/pemda/{}/opd/{}",
            scope.tenant.code, unit.opd_id
        ))),
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
    let unit = state.store.unit(scope.id(), UnitId(id)).await?;
    scope.require(Permission::ManageOpdStructure(Some(OpdId(unit.opd_id))))?;
    let form = UnitForm {
        opd_id: unit.opd_id.to_string(),
        parent_id: unit.parent_id.map(|p| p.to_string()).unwrap_or_default(),
        name: unit.name,
        kind: unit.kind.key().to_owned(),
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
    Form(form): Form<UnitForm>,
) -> AppResult<Response> {
    let unit = state.store.unit(scope.id(), UnitId(id)).await?;
    scope.require(Permission::ManageOpdStructure(Some(OpdId(unit.opd_id))))?;
    let result = match parse(&scope, &form) {
        Ok(draft) => state
            .store
            .update_unit(scope.id(), &scope.actor(), UnitId(id), &draft)
            .await
            .map_err(AppError::from),
        Err(error) => Err(error),
    };
    match result {
        Ok(unit) => Ok(see_other(&format!(
            "/pemda/{}/opd/{}",
            scope.tenant.code, unit.opd_id
        ))),
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
