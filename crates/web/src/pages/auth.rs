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
    message: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct NextParam {
    #[serde(default)]
    next: String,
}

/// A path on this site to go to next; anything else is the home page.
/// Browsers drop tabs and line breaks from a `Location` and read `\` as
/// `/`, so `/\t/evil.example` would lead to another site: a path with any
/// control character, whitespace or backslash is refused outright.
pub fn safe_next(next: &str) -> &str {
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.chars().any(|c| c.is_control() || c.is_whitespace() || c == '\\')
        && next.parse::<axum::http::Uri>().is_ok_and(|uri| uri.scheme().is_none() && uri.authority().is_none());
    if local { next } else { "/" }
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
    let failed = |message: String, status: StatusCode| {
        let page = LoginPage {
            layout: Layout::bare(tr, tr.t("login.title")),
            next: safe_next(&form.next).to_owned(),
            username: form.username.clone(),
            message: Some(message),
        };
        render(&page, status)
    };
    let wait = |until: time::OffsetDateTime| {
        let at = domain::format::datetime(until, state.config.time_zone, locale);
        failed(tr.t("login.wait").replace("{until}", &at), StatusCode::TOO_MANY_REQUESTS)
    };
    let client = client_address(&state, &headers, peer);
    if !state.login_limiter.allow(&client) {
        return failed(tr.t("login.too_many").to_owned(), StatusCode::TOO_MANY_REQUESTS);
    }
    // Failures count per (name as typed, address): the same for names that
    // exist and names that do not, and never against the owner elsewhere.
    let pair = session::hash_secret(&format!("{}\n{client}", form.username.trim().to_lowercase()));
    let now = time::OffsetDateTime::now_utc();
    match state.store.login_blocked_until(&pair, now).await {
        Ok(Some(until)) => return wait(until),
        Ok(None) => {}
        Err(error) => return AppError::from(error).into_response(),
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
    // An unknown or inactive account still costs one Argon2 verification, so timing tells nothing.
    let stored = credentials.as_ref().filter(|c| c.active).map(|c| c.password_hash.clone());
    let matches = state.config.password_hasher.verify(form.password.clone(), stored).await;
    let user = match credentials {
        Some(user) if matches => user,
        _ => {
            tracing::info!(%client, username = %username, "login failed");
            return match state.store.login_failed(&pair, now).await {
                Ok(Some(until)) => wait(until),
                Ok(None) => failed(tr.t("login.failed").to_owned(), StatusCode::UNAUTHORIZED),
                Err(error) => AppError::from(error).into_response(),
            };
        }
    };
    let Some(secret) = session::new_secret() else {
        return AppError::Internal.into_response();
    };
    let user_id = UserId(user.id);
    let created = state.store.login_succeeded(&pair).await.and(
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
        assert_eq!(safe_next("/pemda/16.03/opd?q=dinas&page=2"), "/pemda/16.03/opd?q=dinas&page=2");
        assert_eq!(safe_next("//evil.example"), "/");
        assert_eq!(safe_next("https://evil.example"), "/");
        assert_eq!(safe_next("/\\evil.example"), "/");
        // Browsers drop the tab and follow //evil.example; a newline made a 500.
        assert_eq!(safe_next("/\t/evil.example"), "/");
        assert_eq!(safe_next("/\n/evil.example"), "/");
        assert_eq!(safe_next("/ /evil.example"), "/");
        assert_eq!(safe_next("/%2F/evil.example"), "/%2F/evil.example");
    }

    proptest::proptest! {
        /// Whatever `next` holds, the redirect stays on this site and is a valid header.
        #[test]
        fn any_next_stays_on_this_site(next in "\\PC{0,40}|/[\\PC\\t\\n\\r/\\\\:@.]{0,40}") {
            let target = safe_next(&next);
            proptest::prop_assert!(target.starts_with('/') && !target.starts_with("//"));
            proptest::prop_assert!(axum::http::HeaderValue::from_str(target).is_ok());
            let resolved = format!("https://kinerja.example{target}");
            let uri: axum::http::Uri = resolved.parse().map_err(|e| proptest::test_runner::TestCaseError::fail(format!("{e}")))?;
            proptest::prop_assert_eq!(uri.host(), Some("kinerja.example"));
            proptest::prop_assert!(!target.chars().any(|c| c.is_control() || c.is_whitespace() || c == '\\'));
        }
    }
}
