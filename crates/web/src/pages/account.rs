//! One's own account: password and API tokens.

use super::{FormErrors, render, see_other, unprocessable};
use crate::auth::Auth;
use crate::auth::session::{self, SESSION_COOKIE, TOKEN_PREFIX, set_cookie};
use crate::error::{AppError, AppResult};
use crate::extract::{FormBody as Form, RowId};
use crate::i18n::Tr;
use crate::layout::Layout;
use crate::middleware::Lang;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::access::Principal;
use domain::{ApiTokenId, Invalid, Reason, text};
use serde::Deserialize;

struct TokenRow {
    id: i64,
    name: String,
    prefix: String,
    created_at: String,
    last_used_at: String,
    revoked: bool,
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    layout: Layout,
    username: String,
    roles: Vec<&'static str>,
    tokens: Vec<TokenRow>,
    errors: FormErrors,
    notice: Option<&'static str>,
    new_token: Option<String>,
    /// The signing keys of the official the account signs as.
    keys: Option<Vec<KeyRow>>,
}

struct KeyRow {
    public_key: String,
    created_at: String,
    retired_at: Option<String>,
}

async fn account_page(
    state: &AppState,
    tr: Tr,
    principal: &Principal,
    errors: FormErrors,
    notice: Option<&'static str>,
    new_token: Option<String>,
) -> AppResult<Response> {
    let tokens = state
        .store
        .api_tokens(principal.user_id)
        .await?
        .into_iter()
        .map(|t| TokenRow {
            id: t.id,
            name: t.name,
            prefix: t.prefix,
            created_at: tr.datetime(&t.created_at),
            last_used_at: t.last_used_at.map(|at| tr.datetime(&at)).unwrap_or_else(|| "—".into()),
            revoked: t.revoked_at.is_some(),
        })
        .collect();
    let keys = match (principal.home_tenant, state.store.official_of_user(principal.user_id.0).await?) {
        (Some(tenant), Some(official)) => Some(
            state
                .store
                .signing_keys(tenant, official)
                .await?
                .into_iter()
                .map(|k| KeyRow {
                    public_key: k.public_key,
                    created_at: tr.datetime(&k.created_at),
                    retired_at: k.retired_at.map(|at| tr.datetime(&at)),
                })
                .collect(),
        ),
        _ => None,
    };
    let page = AccountPage {
        keys,
        layout: Layout::user(tr, principal, tr.t("account.title"), "account"),
        username: principal.username.clone(),
        roles: principal.roles().map(|r| r.label(tr.0)).collect(),
        tokens,
        errors,
        notice,
        new_token,
    };
    Ok(render(&page, StatusCode::OK))
}

#[derive(Deserialize, Default)]
pub struct NoticeParam {
    #[serde(default)]
    saved: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    Lang(locale): Lang,
    Auth(principal): Auth,
    Query(params): Query<NoticeParam>,
) -> AppResult<Response> {
    let notice = params.saved.map(|_| Tr(locale).t("form.saved"));
    account_page(&state, Tr(locale), &principal, FormErrors::default(), notice, None).await
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    confirm_password: String,
}

fn actor(principal: &Principal) -> store::Actor {
    store::Actor::user(principal.user_id, &principal.username)
}

/// Changes one's own password after checking the current one. Every other
/// session of the account ends; this one continues with a fresh cookie.
pub async fn change_password(
    State(state): State<AppState>,
    Lang(locale): Lang,
    Auth(principal): Auth,
    Form(form): Form<PasswordForm>,
) -> AppResult<Response> {
    let tr = Tr(locale);
    let stored = state.store.credentials(&principal.username).await?.map(|c| c.password_hash);
    let mut invalid = Invalid::default();
    if !state.config.password_hasher.verify(form.current_password.clone(), stored).await {
        invalid.push("current_password", Reason::WrongPassword);
    }
    let new_password = invalid.check("new_password", text::new_password(&form.new_password));
    if new_password.is_some() && form.new_password != form.confirm_password {
        invalid.push("confirm_password", Reason::PasswordMismatch);
    }
    let Some(new_password) = new_password.filter(|_| invalid.is_empty()) else {
        let errors = FormErrors::from(&invalid, locale);
        return Ok(unprocessable(account_page(&state, tr, &principal, errors, None, None).await?));
    };
    let hash = state.config.password_hasher.hash(new_password).await.ok_or(AppError::Internal)?;
    state.store.set_password(None, &actor(&principal), principal.user_id, &hash).await?;
    let secret = session::new_secret().ok_or(AppError::Internal)?;
    let now = time::OffsetDateTime::now_utc();
    state
        .store
        .create_session(principal.user_id, &session::hash_secret(&secret), now, now + state.config.session_idle)
        .await?;
    let cookie = set_cookie(SESSION_COOKIE, &secret, state.config.session_idle.as_secs(), state.config.cookie_secure);
    Ok(([(header::SET_COOKIE, cookie)], see_other("/akun?saved=1")).into_response())
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    name: String,
}

/// Creates an API token and shows its secret once; only its hash is kept.
pub async fn create_token(
    State(state): State<AppState>,
    Lang(locale): Lang,
    Auth(principal): Auth,
    Form(form): Form<TokenForm>,
) -> AppResult<Response> {
    let tr = Tr(locale);
    let name = match text::required_text(&form.name, 80) {
        Ok(name) => name,
        Err(reason) => {
            let errors = FormErrors::from(&Invalid::one("name", reason), locale);
            return Ok(unprocessable(account_page(&state, tr, &principal, errors, None, None).await?));
        }
    };
    let secret = format!("{TOKEN_PREFIX}{}", session::new_secret().ok_or(AppError::Internal)?);
    let prefix: String = secret.chars().take(TOKEN_PREFIX.len() + 6).collect();
    let token = store::NewApiToken { name, token_hash: session::hash_secret(&secret), prefix, expires_at: None };
    state.store.create_api_token(principal.home_tenant, &actor(&principal), principal.user_id, &token).await?;
    account_page(&state, tr, &principal, FormErrors::default(), Some(tr.t("token.created")), Some(secret)).await
}

pub async fn revoke_token(
    State(state): State<AppState>,
    Auth(principal): Auth,
    RowId(id): RowId,
) -> AppResult<Response> {
    state.store.revoke_api_token(principal.home_tenant, &actor(&principal), principal.user_id, ApiTokenId(id)).await?;
    Ok(see_other("/akun?saved=1"))
}

/// Retires the signing key of the official the account signs as and makes a
/// new one. Signatures made before keep verifying with the old public key.
pub async fn rotate_key(State(state): State<AppState>, Auth(principal): Auth) -> AppResult<Response> {
    let tenant = principal.home_tenant.ok_or(AppError::Forbidden)?;
    let official = state.store.official_of_user(principal.user_id.0).await?.ok_or(AppError::Forbidden)?;
    state.store.rotate_signing_key(tenant, &actor(&principal), &state.config.vault, official).await?;
    Ok(see_other("/akun?saved=1"))
}
