//! Who is asking: the session cookie for pages, a bearer token for the API.

pub mod limiter;
pub mod password;
pub mod session;

use crate::error::AppError;
use crate::state::AppState;
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use domain::TenantId;
use domain::access::{Permission, Principal};
use std::collections::HashMap;
use store::{SessionUser, Tenant};

/// How often a session's last use is written back: not on every request.
const TOUCH_EVERY: time::Duration = time::Duration::minutes(5);

fn principal_of(found: SessionUser) -> Principal {
    Principal {
        user_id: domain::UserId(found.user.id),
        username: found.user.username,
        display_name: found.user.display_name,
        home_tenant: found.user.tenant_id.map(TenantId),
        grants: found.grants.iter().map(|g| g.grant()).collect(),
    }
}

/// Finds the signed-in user: API routes accept only bearer tokens, pages
/// only the session cookie (a browser never sends a bearer token by itself,
/// so the API needs no CSRF defence). With `tenant`, the session lookup also
/// reads that pemda's data version.
async fn authenticate(parts: &Parts, state: &AppState, tenant: Option<TenantId>) -> Result<SessionUser, AppError> {
    let now = time::OffsetDateTime::now_utc();
    let found = if parts.uri.path().starts_with("/api/") {
        let token = session::bearer(&parts.headers).ok_or(AppError::Unauthenticated)?;
        state.store.resolve_api_token(&session::hash_secret(token), now).await?
    } else {
        let secret = session::cookie(&parts.headers, session::SESSION_COOKIE).ok_or(AppError::Unauthenticated)?;
        let token_hash = session::hash_secret(secret);
        let found = state.store.resolve_session(&token_hash, now, tenant).await?;
        if let Some(found) = &found
            && now - found.last_seen_at > TOUCH_EVERY
        {
            state.store.touch_session(&token_hash, now, now + state.config.session_idle).await?;
        }
        found
    };
    found.ok_or(AppError::Unauthenticated)
}

/// The signed-in user, on routes outside a pemda.
#[derive(Debug, Clone)]
pub struct Auth(pub Principal);

impl FromRequestParts<AppState> for Auth {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        authenticate(parts, state, None).await.map(|found| Auth(principal_of(found)))
    }
}

/// The signed-in user inside one pemda, named by the `{kode}` path segment.
/// Extraction fails with 403 for a user who holds no role there.
#[derive(Debug, Clone)]
pub struct InTenant {
    pub tenant: Tenant,
    pub principal: Principal,
    /// The pemda's data version as read with the session (none for API tokens).
    pub data_version: Option<i64>,
}

impl InTenant {
    pub fn id(&self) -> TenantId {
        self.tenant.tenant_id()
    }

    pub fn may(&self, permission: Permission) -> bool {
        self.principal.may(self.id(), permission)
    }

    pub fn require(&self, permission: Permission) -> Result<(), AppError> {
        if self.may(permission) { Ok(()) } else { Err(AppError::Forbidden) }
    }

    pub fn actor(&self) -> store::Actor {
        store::Actor::user(self.principal.user_id, &self.principal.username)
    }

    /// Whether the user may change the structure of at least one OPD.
    pub fn manages_some_structure(&self) -> bool {
        self.principal.grants.iter().any(|g| self.principal.may(self.id(), Permission::ManageOpdStructure(g.opd)))
            || self.may(Permission::ManageOpds)
    }
}

impl InTenant {
    /// Whether the user may draft the PK of anyone: the kepala daerah's or
    /// an official's of an OPD they work for.
    pub fn drafts_some_pk(&self) -> bool {
        self.may(Permission::DraftPk(None))
            || self.principal.grants.iter().any(|g| g.opd.is_some_and(|o| self.may(Permission::DraftPk(Some(o)))))
    }

    /// Whether the user may change the RPJMD or at least one OPD's Renstra.
    pub fn manages_some_plan(&self) -> bool {
        self.may(Permission::ManageRpjmd)
            || self.principal.grants.iter().any(|g| g.opd.is_some_and(|o| self.may(Permission::ManageRenstra(o))))
    }
}

impl FromRequestParts<AppState> for InTenant {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Path(params) =
            Path::<HashMap<String, String>>::from_request_parts(parts, state).await.map_err(|_| AppError::NotFound)?;
        let code = params.get("kode").ok_or(AppError::NotFound)?;
        // Kemendagri codes are digits and dots; anything else names no pemda.
        let plausible = !code.is_empty() && code.len() <= 12 && code.chars().all(|c| c.is_ascii_digit() || c == '.');
        let tenant = match plausible {
            true => match state.tenant_by_code(code).await {
                Ok(tenant) => Some(tenant),
                Err(store::StoreError::NotFound) => None,
                Err(e) => return Err(e.into()),
            },
            false => None,
        };
        let found = authenticate(parts, state, tenant.as_ref().map(Tenant::tenant_id)).await?;
        let data_version = found.data_version;
        let principal = principal_of(found);
        // An unknown pemda and someone else's pemda look the same to an outsider.
        let Some(tenant) = tenant else {
            return Err(if principal.is_national_admin() && plausible {
                AppError::NotFound
            } else {
                AppError::Forbidden
            });
        };
        if !principal.may_enter(tenant.tenant_id()) {
            return Err(AppError::Forbidden);
        }
        Ok(InTenant { tenant, principal, data_version })
    }
}
