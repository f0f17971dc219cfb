//! Login and logout.

use super::render;
use crate::auth::session::{self, SESSION_COOKIE, set_cookie};
use crate::error::AppError;
use crate::extract::FormBody as Form;
use crate::extract::PeerAddr;
use crate::i18n::Tr;
use crate::layout::Layout;
use crate::middleware::Lang;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use domain::UserId;
use serde::Deserialize;
use std::net::SocketAddr;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    layout: Layout,
    next: String,
    username: String,
    message: Option<&'static str>,
}

#[derive(Deserialize, Default)]
pub struct NextParam {
    #[serde(default)]
    next: String,
}

/// Only local paths are followed after login, never another site.
fn safe_next(next: &str) -> &str {
    if next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/\\") { next } else { "/" }
}

pub async fn login_page(Lang(locale): Lang, Query(params): Query<NextParam>) -> Response {
    let tr = Tr(locale);
    let page = LoginPage {
        layout: Layout::bare(tr, tr.t("login.title")),
        next: safe_next(&params.next).to_owned(),
        username: String::new(),
        message: None,
    };
    render(&page, StatusCode::OK)
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

fn client_address(state: &AppState, headers: &HeaderMap, peer: Option<SocketAddr>) -> String {
    if state.config.trust_forwarded_for
        && let Some(forwarded) = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok())
        && let Some(first) = forwarded.split(',').next()
    {
        return first.trim().to_owned();
    }
    peer.map(|p| p.ip().to_string()).unwrap_or_else(|| "local".to_owned())
}

pub async fn login(
    State(state): State<AppState>,
    Lang(locale): Lang,
    PeerAddr(peer): PeerAddr,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let tr = Tr(locale);
    let failed = |key: &'static str, status: StatusCode| {
        let page = LoginPage {
            layout: Layout::bare(tr, tr.t("login.title")),
            next: safe_next(&form.next).to_owned(),
            username: form.username.clone(),
            message: Some(tr.t(key)),
        };
        render(&page, status)
    };
    let client = client_address(&state, &headers, peer);
    if !state.login_limiter.allow(&client) {
        return failed("login.too_many", StatusCode::TOO_MANY_REQUESTS);
    }
    // A name that cannot be a username is answered like an unknown one.
    let username = domain::text::username(&form.username).unwrap_or_default();
    let credentials = match username.is_empty() {
        true => None,
        false => match state.store.credentials(&username).await {
            Ok(found) => found,
            Err(error) => return AppError::from(error).into_response(),
        },
    };
    let now = time::OffsetDateTime::now_utc();
    if credentials.as_ref().and_then(|c| c.locked_until).is_some_and(|until| until > now) {
        return failed("login.locked", StatusCode::FORBIDDEN);
    }
    let stored = credentials.as_ref().filter(|c| c.active).map(|c| c.password_hash.clone());
    let matches = state.config.password_hasher.verify(form.password.clone(), stored).await;
    let user = match credentials {
        Some(user) if matches => user,
        known => {
            tracing::info!(%client, username = %username, "login failed");
            if let Some(known) = known {
                let lock_until = now + state.config.lockout_for;
                match state.store.login_failed(UserId(known.id), state.config.lockout_after, lock_until).await {
                    Ok(true) => return failed("login.locked", StatusCode::FORBIDDEN),
                    Ok(false) => {}
                    Err(error) => return AppError::from(error).into_response(),
                }
            }
            return failed("login.failed", StatusCode::UNAUTHORIZED);
        }
    };
    let Some(secret) = session::new_secret() else {
        return AppError::Internal.into_response();
    };
    let user_id = UserId(user.id);
    let created = state.store.login_succeeded(user_id).await.and(
        state.store.create_session(user_id, &session::hash_secret(&secret), now, now + state.config.session_idle).await,
    );
    if let Err(error) = created {
        return AppError::from(error).into_response();
    }
    tracing::info!(user = %user.username, "login");
    let cookie = set_cookie(SESSION_COOKIE, &secret, state.config.session_idle.as_secs(), state.config.cookie_secure);
    ([(header::SET_COOKIE, cookie)], Redirect::to(safe_next(&form.next))).into_response()
}

/// Ends the session; only a signed-in user has one to end.
pub async fn logout(State(state): State<AppState>, _: crate::auth::Auth, headers: HeaderMap) -> Response {
    if let Some(secret) = session::cookie(&headers, SESSION_COOKIE)
        && let Err(error) = state.store.delete_session(&session::hash_secret(secret)).await
    {
        return AppError::from(error).into_response();
    }
    let cookie = set_cookie(SESSION_COOKIE, "", 0, state.config.cookie_secure);
    ([(header::SET_COOKIE, cookie)], Redirect::to("/masuk")).into_response()
}

/// Switches the interface language and returns to the page the user was on.
pub async fn switch_language(
    State(state): State<AppState>,
    axum::extract::Path(lang): axum::extract::Path<String>,
    Query(params): Query<NextParam>,
) -> Response {
    let locale = domain::Locale::from_tag(&lang);
    let cookie = set_cookie(session::LOCALE_COOKIE, locale.tag(), 365 * 24 * 3600, state.config.cookie_secure);
    ([(header::SET_COOKIE, cookie)], Redirect::to(safe_next(&params.next))).into_response()
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(safe_next("/pemda/16.03"), "/pemda/16.03");
        assert_eq!(safe_next("//evil.example"), "/");
        assert_eq!(safe_next("https://evil.example"), "/");
        assert_eq!(safe_next("/\\evil.example"), "/");
    }
}
