//! Managing the accounts of a pemda and their roles (pemda admins).

use super::{FormErrors, ListParams, Paging, list_frame, render, respond, see_other, unprocessable};
use crate::auth::InTenant;
use crate::error::{AppError, AppResult};
use crate::extract::{FormBody as Form, RowId, SubId};
use crate::i18n::Tr;
use crate::layout::Layout;
use crate::middleware::Lang;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::access::{Permission, Role};
use domain::drafts::{GrantDraft, UserDraft};
use domain::{Invalid, Reason, UserId, text};
use serde::Deserialize;
use store::{GrantRow, Page, User};

/// Roles a pemda admin can give: everything but national admin.
const GRANTABLE: &[Role] =
    &[Role::PemdaAdmin, Role::OpdOperator, Role::Official, Role::Verifier, Role::Evaluator, Role::Viewer];

#[derive(Template)]
#[template(path = "user_list.html")]
struct UserListPage {
    layout: Layout,
    query: String,
    page: Page<User>,
    paging: Paging,
}

pub async fn list(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    Query(params): Query<ListParams>,
) -> AppResult<Response> {
    scope.require(Permission::ManageUsers)?;
    let page = state.store.list_users(scope.id(), &params.query()).await?;
    let (layout, paging) = list_frame(Tr(locale), &scope, "user.title", "user", "pengguna", &params, &page);
    let view = UserListPage { paging, layout, query: params.q, page };
    Ok(render(&view, StatusCode::OK))
}

#[derive(Deserialize, Default, Clone)]
pub struct UserForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    opd_id: String,
}

#[derive(Template)]
#[template(path = "user_form.html")]
struct UserFormPage {
    layout: Layout,
    form: UserForm,
    errors: FormErrors,
    roles: &'static [Role],
    opds: Vec<(i64, String)>,
}

async fn form_page(
    state: &AppState,
    tr: Tr,
    scope: &InTenant,
    form: UserForm,
    errors: FormErrors,
) -> AppResult<Response> {
    let page = UserFormPage {
        layout: Layout::tenant(tr, scope, tr.t("user.add"), "user"),
        form: UserForm { password: String::new(), ..form },
        errors,
        roles: GRANTABLE,
        opds: state.store.opd_options(scope.id()).await?,
    };
    Ok(render(&page, StatusCode::OK))
}

pub async fn new(State(state): State<AppState>, Lang(locale): Lang, scope: InTenant) -> AppResult<Response> {
    scope.require(Permission::ManageUsers)?;
    form_page(&state, Tr(locale), &scope, UserForm::default(), FormErrors::default()).await
}

pub async fn create(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    Form(form): Form<UserForm>,
) -> AppResult<Response> {
    scope.require(Permission::ManageUsers)?;
    let result: AppResult<_> = async {
        let draft = UserDraft::parse(&form.username, &form.display_name, &form.password, &form.role, &form.opd_id)?;
        let hash = state.config.password_hasher.hash(draft.password.clone()).await.ok_or(AppError::Internal)?;
        let (tenant, actor) = (Some(scope.id()), scope.actor());
        Ok(state.store.create_user(tenant, &actor, &draft.username, &draft.display_name, &hash, &draft.grant).await?)
    }
    .await;
    let rerender = async |errors| form_page(&state, Tr(locale), &scope, form, errors).await;
    respond(result, locale, |user| format!("/pemda/{}/pengguna/{}", scope.tenant.code, user.id), rerender).await
}

#[derive(Template)]
#[template(path = "user_detail.html")]
struct UserDetailPage {
    layout: Layout,
    user: User,
    created_at: String,
    grants: Vec<GrantRow>,
    roles: &'static [Role],
    opds: Vec<(i64, String)>,
    form: UserForm,
    errors: FormErrors,
    notice: Option<&'static str>,
    /// The official the account signs PKs as: name and NIP.
    official: Option<(String, String)>,
}

async fn detail_page(
    state: &AppState,
    tr: Tr,
    scope: &InTenant,
    id: i64,
    errors: FormErrors,
    notice: Option<&'static str>,
) -> AppResult<Response> {
    scope.require(Permission::ManageUsers)?;
    let user = state.store.user(scope.id(), UserId(id)).await?;
    let grants = state.store.grants(UserId(id)).await?;
    let official = match state.store.official_of_user(id).await? {
        Some(official) => {
            let official = state.store.official(scope.id(), domain::OfficialId(official), state.today()).await?;
            Some((official.name, official.nip))
        }
        None => None,
    };
    let page = UserDetailPage {
        official,
        layout: Layout::tenant(tr, scope, &user.display_name, "user"),
        created_at: tr.datetime(&user.created_at),
        user,
        grants,
        roles: GRANTABLE,
        opds: state.store.opd_options(scope.id()).await?,
        form: UserForm::default(),
        errors,
        notice,
    };
    Ok(render(&page, StatusCode::OK))
}

#[derive(Deserialize, Default)]
pub struct NoticeParam {
    #[serde(default)]
    saved: Option<String>,
}

pub async fn detail(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
    Query(params): Query<NoticeParam>,
) -> AppResult<Response> {
    let notice = params.saved.map(|_| Tr(locale).t("form.saved"));
    detail_page(&state, Tr(locale), &scope, id, FormErrors::default(), notice).await
}

/// The user's page, saying the change was saved.
fn saved_page(scope: &InTenant, id: i64) -> String {
    format!("/pemda/{}/pengguna/{id}?saved=1", scope.tenant.code)
}

fn back_to(scope: &InTenant, id: i64) -> Response {
    see_other(&saved_page(scope, id))
}

#[derive(Deserialize)]
pub struct GrantForm {
    #[serde(default)]
    role: String,
    #[serde(default)]
    opd_id: String,
}

pub async fn add_grant(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
    Form(form): Form<GrantForm>,
) -> AppResult<Response> {
    scope.require(Permission::ManageUsers)?;
    let result: AppResult<_> = async {
        let grant = GrantDraft::parse(&form.role, &form.opd_id)?;
        Ok(state.store.add_grant(scope.id(), &scope.actor(), UserId(id), &grant).await?)
    }
    .await;
    let rerender = async |errors| detail_page(&state, Tr(locale), &scope, id, errors, None).await;
    respond(result, locale, |()| saved_page(&scope, id), rerender).await
}

pub async fn remove_grant(
    State(state): State<AppState>,
    scope: InTenant,
    RowId(id): RowId,
    SubId(grant): SubId,
) -> AppResult<Response> {
    scope.require(Permission::ManageUsers)?;
    state.store.remove_grant(scope.id(), &scope.actor(), UserId(id), grant).await?;
    Ok(back_to(&scope, id))
}

#[derive(Deserialize)]
pub struct ActiveForm {
    #[serde(default)]
    active: String,
}

pub async fn set_active(
    State(state): State<AppState>,
    scope: InTenant,
    RowId(id): RowId,
    Form(form): Form<ActiveForm>,
) -> AppResult<Response> {
    scope.require(Permission::ManageUsers)?;
    let active = match form.active.as_str() {
        "true" => true,
        "false" => false,
        "" => return Err(Invalid::one("active", Reason::Required).into()),
        _ => return Err(Invalid::one("active", Reason::UnknownOption).into()),
    };
    if UserId(id) == scope.principal.user_id && !active {
        // Locking oneself out would leave the pemda without the admin who did it.
        return Err(AppError::BadRequest("user.cannot_deactivate_self"));
    }
    state.store.set_user_active(scope.id(), &scope.actor(), UserId(id), active).await?;
    Ok(back_to(&scope, id))
}

#[derive(Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    new_password: String,
}

pub async fn reset_password(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
    Form(form): Form<ResetForm>,
) -> AppResult<Response> {
    scope.require(Permission::ManageUsers)?;
    let password = match text::new_password(&form.new_password) {
        Ok(password) => password,
        Err(reason) => {
            let errors = FormErrors::from(&Invalid::one("new_password", reason), locale);
            return Ok(unprocessable(detail_page(&state, Tr(locale), &scope, id, errors, None).await?));
        }
    };
    let hash = state.config.password_hasher.hash(password).await.ok_or(AppError::Internal)?;
    state.store.set_password(Some(scope.id()), &scope.actor(), UserId(id), &hash).await?;
    Ok(back_to(&scope, id))
}

#[derive(Deserialize)]
pub struct OfficialForm {
    #[serde(default)]
    nip: String,
}

/// Links the account to the official it signs PKs as; an empty NIP unlinks.
pub async fn link_official(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
    Form(form): Form<OfficialForm>,
) -> AppResult<Response> {
    scope.require(Permission::ManageUsers)?;
    let nip = form.nip.trim();
    let nip = match nip {
        "" => None,
        raw => match domain::nip::Nip::parse(raw) {
            Ok(nip) => Some(nip.to_string()),
            Err(error) => {
                let errors = FormErrors::from(&Invalid::one("nip", Reason::Nip(error)), locale);
                return Ok(unprocessable(detail_page(&state, Tr(locale), &scope, id, errors, None).await?));
            }
        },
    };
    match state.store.link_official(scope.id(), &scope.actor(), id, nip.as_deref()).await {
        Ok(()) => Ok(back_to(&scope, id)),
        Err(store::StoreError::Invalid(invalid)) => {
            let errors = FormErrors::from(&invalid, locale);
            Ok(unprocessable(detail_page(&state, Tr(locale), &scope, id, errors, None).await?))
        }
        Err(other) => Err(other.into()),
    }
}
