//! Officials (pegawai) and their assignments to positions.

use super::{FormErrors, ListParams, Paging, list_frame, render, respond, see_other};
use crate::auth::InTenant;
use crate::error::AppResult;
use crate::extract::{FormBody as Form, RowId, SubId};
use crate::i18n::Tr;
use crate::layout::Layout;
use crate::middleware::Lang;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::access::Permission;
use domain::drafts::{AssignmentDraft, OfficialDraft};
use domain::nip::Nip;
use domain::org::AssignmentKind;
use domain::pangkat::Golongan;
use domain::{AssignmentId, Invalid, OfficialId, text};
use serde::Deserialize;
use store::{Official, Page};

#[derive(Template)]
#[template(path = "official_list.html")]
struct OfficialListPage {
    layout: Layout,
    query: String,
    page: Page<Official>,
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
    let page = state.store.list_officials(scope.id(), &params.query(), state.today()).await?;
    let (layout, paging) = list_frame(Tr(locale), &scope, "official.title", "official", "pegawai", &params, &page);
    let view =
        OfficialListPage { paging, layout, query: params.q, page, can_edit: scope.may(Permission::ManageOfficials) };
    Ok(render(&view, StatusCode::OK))
}

/// An assignment as shown in the history table.
struct AssignmentRow {
    id: i64,
    position: String,
    opd: Option<String>,
    kind: &'static str,
    starts_on: String,
    ends_on: String,
    decree: String,
    open: bool,
}

#[derive(Deserialize, Default, Clone)]
pub struct AssignmentForm {
    #[serde(default)]
    position_id: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    starts_on: String,
    #[serde(default)]
    ends_on: String,
    #[serde(default)]
    decree: String,
}

#[derive(Template)]
#[template(path = "official_detail.html")]
struct OfficialDetailPage {
    layout: Layout,
    official: Official,
    nip_formatted: String,
    birth_date: String,
    assignments: Vec<AssignmentRow>,
    can_edit: bool,
    positions: Vec<(i64, String)>,
    kinds: &'static [AssignmentKind],
    form: AssignmentForm,
    errors: FormErrors,
    today_iso: String,
}

async fn detail_page(
    state: &AppState,
    tr: Tr,
    scope: &InTenant,
    id: i64,
    form: AssignmentForm,
    errors: FormErrors,
) -> AppResult<Response> {
    scope.require(Permission::ViewOrganisation)?;
    let today = state.today();
    let official = state.store.official(scope.id(), OfficialId(id), today).await?;
    let can_edit = scope.may(Permission::ManageOfficials);
    let assignments = state
        .store
        .assignments(scope.id(), OfficialId(id))
        .await?
        .into_iter()
        .map(|a| AssignmentRow {
            id: a.id,
            position: a.position_name,
            opd: a.opd_name,
            kind: a.kind.label(tr.0),
            starts_on: tr.date_short(&a.starts_on),
            ends_on: a.ends_on.map(|d| tr.date_short(&d)).unwrap_or_else(|| "—".into()),
            decree: a.decree.unwrap_or_default(),
            open: a.ends_on.is_none_or(|end| end >= today),
        })
        .collect();
    let positions = if can_edit { state.store.position_options(scope.id()).await? } else { Vec::new() };
    let nip = Nip::parse(&official.nip).ok();
    let page = OfficialDetailPage {
        layout: Layout::tenant(tr, scope, &official.full_name(), "official"),
        nip_formatted: nip.as_ref().map(Nip::formatted).unwrap_or_else(|| official.nip.clone()),
        birth_date: nip.map(|n| tr.date(&n.birth_date())).unwrap_or_default(),
        official,
        assignments,
        can_edit,
        positions,
        kinds: AssignmentKind::ALL,
        form,
        errors,
        today_iso: today.to_string(),
    };
    Ok(render(&page, StatusCode::OK))
}

pub async fn detail(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
) -> AppResult<Response> {
    let form =
        AssignmentForm { kind: "definitif".into(), starts_on: state.today().to_string(), ..AssignmentForm::default() };
    detail_page(&state, Tr(locale), &scope, id, form, FormErrors::default()).await
}

#[derive(Deserialize, Default, Clone)]
pub struct OfficialForm {
    #[serde(default)]
    nip: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    front_titles: String,
    #[serde(default)]
    back_titles: String,
    #[serde(default)]
    golongan: String,
}

impl OfficialForm {
    fn parse(&self) -> Result<OfficialDraft, Invalid> {
        OfficialDraft::parse(&self.nip, &self.name, &self.front_titles, &self.back_titles, &self.golongan)
    }
}

#[derive(Template)]
#[template(path = "official_form.html")]
struct OfficialFormPage {
    layout: Layout,
    action: String,
    cancel: String,
    form: OfficialForm,
    errors: FormErrors,
    golongan: &'static [Golongan],
}

fn form_page(tr: Tr, scope: &InTenant, id: Option<i64>, form: OfficialForm, errors: FormErrors) -> Response {
    let title = tr.t(if id.is_some() { "official.edit" } else { "official.add" });
    let layout = Layout::tenant(tr, scope, title, "official");
    let base = layout.base();
    let page = OfficialFormPage {
        action: id.map_or(format!("{base}/pegawai"), |id| format!("{base}/pegawai/{id}")),
        cancel: id.map_or(format!("{base}/pegawai"), |id| format!("{base}/pegawai/{id}")),
        layout,
        form,
        errors,
        golongan: Golongan::ALL,
    };
    render(&page, StatusCode::OK)
}

pub async fn new(Lang(locale): Lang, scope: InTenant) -> AppResult<Response> {
    scope.require(Permission::ManageOfficials)?;
    Ok(form_page(Tr(locale), &scope, None, OfficialForm::default(), FormErrors::default()))
}

pub async fn create(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    Form(form): Form<OfficialForm>,
) -> AppResult<Response> {
    scope.require(Permission::ManageOfficials)?;
    let result: AppResult<_> = async {
        let draft = form.parse()?;
        Ok(state.store.create_official(scope.id(), &scope.actor(), &draft, state.today()).await?)
    }
    .await;
    respond(
        result,
        locale,
        |official| format!("/pemda/{}/pegawai/{}", scope.tenant.code, official.id),
        async |errors| Ok(form_page(Tr(locale), &scope, None, form, errors)),
    )
    .await
}

pub async fn edit(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
) -> AppResult<Response> {
    scope.require(Permission::ManageOfficials)?;
    let official = state.store.official(scope.id(), OfficialId(id), state.today()).await?;
    let form = OfficialForm {
        nip: official.nip,
        name: official.name,
        front_titles: official.front_titles.unwrap_or_default(),
        back_titles: official.back_titles.unwrap_or_default(),
        golongan: official.golongan.code().to_owned(),
    };
    Ok(form_page(Tr(locale), &scope, Some(id), form, FormErrors::default()))
}

pub async fn update(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
    Form(form): Form<OfficialForm>,
) -> AppResult<Response> {
    scope.require(Permission::ManageOfficials)?;
    let result: AppResult<_> = async {
        let draft = form.parse()?;
        Ok(state.store.update_official(scope.id(), &scope.actor(), OfficialId(id), &draft, state.today()).await?)
    }
    .await;
    respond(
        result,
        locale,
        |_| format!("/pemda/{}/pegawai/{id}", scope.tenant.code),
        async |errors| Ok(form_page(Tr(locale), &scope, Some(id), form, errors)),
    )
    .await
}

pub async fn assign(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
    Form(form): Form<AssignmentForm>,
) -> AppResult<Response> {
    scope.require(Permission::ManageOfficials)?;
    let result: AppResult<_> = async {
        let draft =
            AssignmentDraft::parse(&form.position_id, &form.kind, &form.starts_on, &form.ends_on, &form.decree)?;
        Ok(state.store.assign(scope.id(), &scope.actor(), OfficialId(id), &draft).await?)
    }
    .await;
    let rerender = async |errors| detail_page(&state, Tr(locale), &scope, id, form, errors).await;
    respond(result, locale, |_| format!("/pemda/{}/pegawai/{id}", scope.tenant.code), rerender).await
}

#[derive(Deserialize)]
pub struct EndForm {
    #[serde(default)]
    ends_on: String,
}

pub async fn end_assignment(
    State(state): State<AppState>,
    scope: InTenant,
    RowId(id): RowId,
    SubId(assignment): SubId,
    Form(form): Form<EndForm>,
) -> AppResult<Response> {
    scope.require(Permission::ManageOfficials)?;
    let ends_on = text::date(&form.ends_on).map_err(|reason| Invalid::one("ends_on", reason))?;
    state.store.end_assignment(scope.id(), &scope.actor(), OfficialId(id), AssignmentId(assignment), ends_on).await?;
    Ok(see_other(&format!("/pemda/{}/pegawai/{id}", scope.tenant.code)))
}
