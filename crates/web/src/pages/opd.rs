//! Perangkat daerah: list, detail, create and edit.

use super::{FormErrors, ListParams, Paging, list_frame, render, respond};
use crate::auth::InTenant;
use crate::error::AppResult;
use crate::extract::FormBody as Form;
use crate::extract::RowId;
use crate::i18n::Tr;
use crate::layout::Layout;
use crate::middleware::Lang;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::access::Permission;
use domain::drafts::OpdDraft;
use domain::org::OpdKind;
use domain::region::{District, TenantCode, districts_of};
use domain::{Invalid, OpdId, Reason};
use serde::Deserialize;
use store::{ListQuery, Opd, Page, Position, Unit};

#[derive(Template)]
#[template(path = "opd_list.html")]
struct OpdListPage {
    layout: Layout,
    query: String,
    page: Page<Opd>,
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
    let page = state.store.list_opds(scope.id(), &params.query()).await?;
    let (layout, paging) = list_frame(Tr(locale), &scope, "opd.title", "opd", "opd", &params, &page);
    let view = OpdListPage { paging, layout, query: params.q, page, can_edit: scope.may(Permission::ManageOpds) };
    Ok(render(&view, StatusCode::OK))
}

#[derive(Template)]
#[template(path = "opd_detail.html")]
struct OpdDetailPage {
    layout: Layout,
    opd: Opd,
    updated_at: String,
    units: Vec<(usize, Unit)>,
    positions: Vec<Position>,
    can_edit: bool,
    can_edit_structure: bool,
}

/// Units in tree order (each parent followed by its children), with their depth.
fn as_tree(units: Vec<Unit>) -> Vec<(usize, Unit)> {
    fn visit(parent: Option<i64>, depth: usize, units: &[Unit], out: &mut Vec<(usize, Unit)>) {
        for unit in units.iter().filter(|u| u.parent_id == parent) {
            out.push((depth, unit.clone()));
            // Depth is bounded by the store, which refuses cycles; this guards a damaged tree.
            if depth < 16 {
                visit(Some(unit.id), depth + 1, units, out);
            }
        }
    }
    let mut tree = Vec::with_capacity(units.len());
    visit(None, 0, &units, &mut tree);
    // A unit whose parent is missing from the list still shows, at the top level.
    for unit in &units {
        if !tree.iter().any(|(_, u)| u.id == unit.id) {
            tree.push((0, unit.clone()));
        }
    }
    tree
}

pub async fn detail(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
) -> AppResult<Response> {
    scope.require(Permission::ViewOrganisation)?;
    let tr = Tr(locale);
    let opd = state.store.opd(scope.id(), OpdId(id)).await?;
    let all_of_opd = ListQuery { opd: Some(OpdId(id)), page: 1, per_page: 200, search: None };
    let units = state.store.list_units(scope.id(), &all_of_opd).await?.items;
    let positions = state.store.list_positions(scope.id(), &all_of_opd, state.today()).await?.items;
    let view = OpdDetailPage {
        layout: Layout::tenant(tr, &scope, &opd.name, "opd"),
        updated_at: tr.datetime(&opd.updated_at),
        can_edit: scope.may(Permission::ManageOpds),
        can_edit_structure: scope.may(Permission::ManageOpdStructure(Some(OpdId(id)))),
        opd,
        units: as_tree(units),
        positions,
    };
    Ok(render(&view, StatusCode::OK))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: i64, parent_id: Option<i64>, name: &str) -> Unit {
        Unit {
            id,
            opd_id: 1,
            opd_name: "Dinas".into(),
            parent_id,
            parent_name: None,
            name: name.into(),
            kind: domain::org::UnitKind::Bidang,
            updated_at: time::OffsetDateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn units_are_listed_parent_first_with_their_depth() {
        let tree = as_tree(vec![
            unit(3, Some(1), "Seksi A"),
            unit(1, None, "Bidang A"),
            unit(2, None, "Bidang B"),
            unit(4, Some(3), "Sub"),
        ]);
        let shape: Vec<(usize, &str)> = tree.iter().map(|(d, u)| (*d, u.name.as_str())).collect();
        assert_eq!(shape, [(0, "Bidang A"), (1, "Seksi A"), (2, "Sub"), (0, "Bidang B")]);
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct OpdForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    short_name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    district_code: String,
    #[serde(default)]
    active: String,
}

impl OpdForm {
    fn parse(&self, tenant: &str) -> Result<OpdDraft, Invalid> {
        let code = TenantCode::parse(tenant).map_err(|r| Invalid::one("district_code", r))?;
        OpdDraft::parse(&code, &self.name, &self.short_name, &self.kind, &self.district_code)
    }

    fn of(opd: &Opd) -> Self {
        OpdForm {
            name: opd.name.clone(),
            short_name: opd.short_name.clone().unwrap_or_default(),
            kind: opd.kind.key().to_owned(),
            district_code: opd.district_code.clone().unwrap_or_default(),
            active: if opd.active { "on".into() } else { String::new() },
        }
    }
}

#[derive(Template)]
#[template(path = "opd_form.html")]
struct OpdFormPage {
    layout: Layout,
    action: String,
    cancel: String,
    form: OpdForm,
    errors: FormErrors,
    kinds: &'static [OpdKind],
    districts: Vec<&'static District>,
    editing: bool,
}

fn form_page(tr: Tr, scope: &InTenant, id: Option<i64>, form: OpdForm, errors: FormErrors) -> Response {
    let title = tr.t(if id.is_some() { "opd.edit" } else { "opd.add" });
    let layout = Layout::tenant(tr, scope, title, "opd");
    let base = layout.base();
    let page = OpdFormPage {
        action: id.map_or(format!("{base}/opd"), |id| format!("{base}/opd/{id}")),
        cancel: id.map_or(format!("{base}/opd"), |id| format!("{base}/opd/{id}")),
        layout,
        form,
        errors,
        kinds: OpdKind::ALL,
        districts: districts_of(&scope.tenant.code).collect(),
        editing: id.is_some(),
    };
    render(&page, StatusCode::OK)
}

pub async fn new(Lang(locale): Lang, scope: InTenant) -> AppResult<Response> {
    scope.require(Permission::ManageOpds)?;
    Ok(form_page(Tr(locale), &scope, None, OpdForm::default(), FormErrors::default()))
}

pub async fn create(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    Form(form): Form<OpdForm>,
) -> AppResult<Response> {
    scope.require(Permission::ManageOpds)?;
    let result: AppResult<_> = async {
        let draft = form.parse(&scope.tenant.code)?;
        Ok(state.store.create_opd(scope.id(), &scope.actor(), &draft).await?)
    }
    .await;
    respond(
        result,
        locale,
        |opd| format!("/pemda/{}/opd/{}", scope.tenant.code, opd.id),
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
    scope.require(Permission::ManageOpds)?;
    let opd = state.store.opd(scope.id(), OpdId(id)).await?;
    Ok(form_page(Tr(locale), &scope, Some(id), OpdForm::of(&opd), FormErrors::default()))
}

pub async fn update(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
    Form(form): Form<OpdForm>,
) -> AppResult<Response> {
    scope.require(Permission::ManageOpds)?;
    let active = match form.active.as_str() {
        "on" | "true" => true,
        "" | "false" => false,
        _ => return Err(Invalid::one("active", Reason::UnknownOption).into()),
    };
    let result: AppResult<_> = async {
        let draft = form.parse(&scope.tenant.code)?;
        Ok(state.store.update_opd(scope.id(), &scope.actor(), OpdId(id), &draft, active).await?)
    }
    .await;
    respond(
        result,
        locale,
        |opd| format!("/pemda/{}/opd/{}", scope.tenant.code, opd.id),
        async |errors| Ok(form_page(Tr(locale), &scope, Some(id), form, errors)),
    )
    .await
}
