//! The landing pages: where to go after login, the pemda list and a pemda's dashboard.

use super::{FormErrors, ListParams, Paging, render, respond, see_other};
use crate::app::realisation::{Reminder, reminders};
use crate::auth::{Auth, InTenant};
use crate::error::AppResult;
use crate::extract::FormBody as Form;
use crate::i18n::Tr;
use crate::layout::Layout;
use crate::middleware::Lang;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::access::{Permission, Principal};
use domain::drafts::TenantDraft;
use serde::Deserialize;
use store::{Page, Tenant, TenantSummary};

/// Users of one pemda land on its dashboard; national accounts on the list.
pub async fn root(State(state): State<AppState>, Auth(principal): Auth) -> AppResult<Response> {
    let home = principal.home_tenant.or_else(|| principal.grants.iter().find_map(|g| g.tenant));
    match home {
        Some(tenant) if !principal.is_national_admin() => {
            let tenant = state.store.tenant(tenant).await?;
            Ok(see_other(&format!("/pemda/{}", tenant.code)))
        }
        _ => Ok(see_other("/pemda")),
    }
}

#[derive(Template)]
#[template(path = "tenants.html")]
struct TenantsPage {
    layout: Layout,
    query: String,
    page: Page<Tenant>,
    paging: Paging,
    code: String,
    errors: FormErrors,
}

async fn tenants_page(state: &AppState, tr: Tr, principal: &Principal, params: &ListParams) -> AppResult<TenantsPage> {
    let visible = principal.visible_tenants();
    let page = state.store.list_tenants(visible.as_deref(), &params.query()).await?;
    Ok(TenantsPage {
        layout: Layout::user(tr, principal, tr.t("tenants.title"), "tenants"),
        query: params.q.clone(),
        paging: Paging::new("/pemda".into(), &[("q", &params.q)], &page),
        page,
        code: String::new(),
        errors: FormErrors::default(),
    })
}

pub async fn tenants(
    State(state): State<AppState>,
    Lang(locale): Lang,
    Auth(principal): Auth,
    Query(params): Query<ListParams>,
) -> AppResult<Response> {
    let page = tenants_page(&state, Tr(locale), &principal, &params).await?;
    Ok(render(&page, StatusCode::OK))
}

#[derive(Deserialize)]
pub struct TenantForm {
    #[serde(default)]
    code: String,
}

/// Registers a pemda from its Kemendagri code (national admins only).
pub async fn create_tenant(
    State(state): State<AppState>,
    Lang(locale): Lang,
    Auth(principal): Auth,
    Form(form): Form<TenantForm>,
) -> AppResult<Response> {
    if !principal.is_national_admin() {
        return Err(crate::error::AppError::Forbidden);
    }
    let actor = store::Actor::user(principal.user_id, &principal.username);
    let result: AppResult<_> =
        async { Ok(state.store.create_tenant(&actor, &TenantDraft::parse(&form.code)?).await?) }.await;
    let rerender = async |errors| {
        let mut page = tenants_page(&state, Tr(locale), &principal, &ListParams::default()).await?;
        page.code = form.code.clone();
        page.errors = errors;
        Ok(render(&page, StatusCode::OK))
    };
    respond(result, locale, |tenant| format!("/pemda/{}", tenant.code), rerender).await
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    layout: Layout,
    tenant_name: String,
    kind: &'static str,
    code: String,
    today: String,
    summary: TenantSummary,
    /// Each stage of the cycle: title, description and, once built, where it lives.
    modules: [(&'static str, &'static str, Option<&'static str>); 6],
    reminders: Vec<ReminderLine>,
}

/// A line on the home page: what is due, and where to do it.
struct ReminderLine {
    text: String,
    link: String,
}

fn reminder_line(reminder: Reminder, base: &str, tr: Tr) -> ReminderLine {
    match reminder {
        Reminder::NotReported { opd, opd_name, year, quarter, due } => ReminderLine {
            text: format!(
                "{} {quarter} {year} · {opd_name}: {} {}",
                tr.pick("Realisasi", "Realisation"),
                tr.pick("belum dilaporkan, batas", "not reported yet, due"),
                tr.date(&due)
            ),
            link: format!("{base}/realisasi/opd/{opd}?tahun={year}&tw={}", quarter.number()),
        },
        Reminder::Waiting { count, year } => ReminderLine {
            text: format!(
                "{count} {}",
                tr.pick("laporan realisasi menunggu verifikasi", "realisation reports wait for verification")
            ),
            link: format!("{base}/realisasi?tahun={year}"),
        },
    }
}

pub async fn dashboard(State(state): State<AppState>, Lang(locale): Lang, scope: InTenant) -> AppResult<Response> {
    scope.require(Permission::ViewOrganisation)?;
    let tr = Tr(locale);
    let today = state.today();
    let summary = state.tenant_summary(scope.id(), scope.data_version).await?;
    let base = format!("/pemda/{}", scope.tenant.code);
    let reminders = reminders(&state, &scope).await?.into_iter().map(|r| reminder_line(r, &base, tr)).collect();
    let page = DashboardPage {
        reminders,
        layout: Layout::tenant(tr, &scope, tr.t("dashboard.title"), "home"),
        tenant_name: scope.tenant.name.clone(),
        kind: scope.tenant.kind.label(locale),
        code: scope.tenant.code.clone(),
        today: tr.date(&today),
        summary,
        modules: [
            ("module.planning", "module.planning_text", Some("/rencana")),
            ("module.pk", "module.pk_text", Some("/pk")),
            ("module.realisation", "module.realisation_text", Some("/realisasi")),
            ("module.reports", "module.reports_text", None),
            ("module.evaluation", "module.evaluation_text", None),
            ("module.innovation", "module.innovation_text", None),
        ],
    };
    Ok(render(&page, StatusCode::OK))
}
