//! Every PK of a pemda for a year as one ZIP, built in the background with
//! a progress bar the page polls. Renders run on the document semaphore,
//! one per core, so a batch never starves other users' downloads.

use super::{YearParams, see_other};
use crate::app::pk::{ZipJob, start_zip};
use crate::auth::InTenant;
use crate::error::{AppError, AppResult};
use crate::extract::FormBody as Form;
use crate::i18n::Tr;
use crate::layout::Layout;
use crate::middleware::Lang;
use crate::pages::render;
use crate::state::AppState;
use crate::uploads::attachment;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::access::Permission;
use std::sync::Arc;

pub async fn start(
    State(state): State<AppState>,
    scope: InTenant,
    Form(form): Form<YearParams>,
) -> AppResult<Response> {
    scope.require(Permission::ViewPlanning)?;
    let year = form.year(&state)?;
    let id = start_zip(&state, scope.id(), scope.principal.user_id.0, year)?;
    Ok(see_other(&format!("/pemda/{}/pk/zip/{id}", scope.tenant.code)))
}

#[derive(Template)]
#[template(path = "pk_zip.html", blocks = ["status"])]
struct ProgressPage {
    layout: Layout,
    id: String,
    year: i32,
    done: usize,
    total: usize,
    percent: usize,
    finished: bool,
    failed: bool,
}

fn job_of(state: &AppState, scope: &InTenant, id: &str) -> AppResult<Arc<ZipJob>> {
    scope.require(Permission::ViewPlanning)?;
    state.zip_jobs.get(id, scope.id(), scope.principal.user_id.0).ok_or(AppError::NotFound)
}

async fn progress_page(
    state: AppState,
    locale: domain::Locale,
    scope: InTenant,
    id: String,
    fragment: bool,
) -> AppResult<Response> {
    let job = job_of(&state, &scope, &id)?;
    let tr = Tr(locale);
    let (done, total) = job.progress();
    let outcome = job.outcome()?;
    let view = ProgressPage {
        layout: Layout::tenant(tr, &scope, tr.t("pk.zip_title"), "pk"),
        percent: (done * 100).checked_div(total).unwrap_or(0),
        year: job.year(),
        id,
        done,
        total,
        finished: outcome == Some(true),
        failed: outcome == Some(false),
    };
    if fragment { Ok(render(&view.as_status(), StatusCode::OK)) } else { Ok(render(&view, StatusCode::OK)) }
}

pub async fn progress(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    Path((_, id)): Path<(String, String)>,
) -> AppResult<Response> {
    progress_page(state, locale, scope, id, false).await
}

/// The progress bar alone, which the page swaps in every second.
pub async fn status(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    Path((_, id)): Path<(String, String)>,
) -> AppResult<Response> {
    progress_page(state, locale, scope, id, true).await
}

pub async fn fetch(
    State(state): State<AppState>,
    scope: InTenant,
    Path((_, id)): Path<(String, String)>,
) -> AppResult<Response> {
    let job = job_of(&state, &scope, &id)?;
    let bytes = job.bytes()?.ok_or(AppError::NotFound)?;
    Ok(attachment(bytes, "application/zip", &format!("pk-{}-{}.zip", scope.tenant.code, job.year())))
}
