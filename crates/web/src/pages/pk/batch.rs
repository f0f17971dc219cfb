//! Every PK of a pemda for a year as one ZIP, built in the background with
//! a progress bar the page polls. Renders run on the document semaphore,
//! one per core, so a batch never starves other users' downloads.
//!
//! Jobs live in the memory of the instance that started them, for an hour;
//! behind a load balancer the progress page needs sticky sessions.

use super::document::pdf_bytes;
use super::{YearParams, download, see_other};
use crate::auth::InTenant;
use crate::error::{AppError, AppResult};
use crate::extract::FormBody as Form;
use crate::i18n::Tr;
use crate::layout::Layout;
use crate::middleware::Lang;
use crate::pages::render;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::TenantId;
use domain::access::Permission;
use futures_util::StreamExt;
use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const KEEP_FOR: Duration = Duration::from_secs(3600);

pub struct ZipJob {
    tenant: TenantId,
    user: i64,
    year: i32,
    started: Instant,
    total: AtomicUsize,
    done: AtomicUsize,
    result: Mutex<Option<Result<Vec<u8>, ()>>>,
}

#[derive(Default)]
pub struct ZipJobs(Mutex<HashMap<String, Arc<ZipJob>>>);

impl ZipJobs {
    fn insert(&self, id: String, job: Arc<ZipJob>) {
        if let Ok(mut jobs) = self.0.lock() {
            jobs.retain(|_, j| j.started.elapsed() < KEEP_FOR);
            jobs.insert(id, job);
        }
    }

    fn get(&self, id: &str, tenant: TenantId, user: i64) -> Option<Arc<ZipJob>> {
        let jobs = self.0.lock().ok()?;
        jobs.get(id).filter(|j| j.tenant == tenant && j.user == user).cloned()
    }
}

/// Renders every PK of the year (the latest version of each) into one ZIP,
/// counting each finished document in `done`. Used by the page and the benchmark.
pub async fn build_zip(
    state: &AppState,
    tenant: TenantId,
    year: i32,
    total: &AtomicUsize,
    done: &AtomicUsize,
) -> AppResult<Vec<u8>> {
    let slots = state.store.pk_slots(tenant, year, None, state.today()).await?;
    let versions: Vec<i64> = slots.iter().filter_map(|s| s.version_id).collect();
    total.store(versions.len(), Ordering::Relaxed);
    let parallel = std::thread::available_parallelism().map_or(2, |n| n.get());
    let mut files: Vec<(String, Vec<u8>)> = futures_util::stream::iter(versions)
        .map(|id| async move {
            let version = state.store.pk_version(tenant, id).await?;
            let folder =
                version.header.opd_id.map_or_else(|| "00-kepala-daerah".to_owned(), |opd| format!("opd-{opd}"));
            let (name, bytes) = pdf_bytes(state, tenant, version).await?;
            done.fetch_add(1, Ordering::Relaxed);
            Ok::<_, AppError>((format!("{folder}/{id}-{name}"), bytes))
        })
        .buffer_unordered(parallel)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<AppResult<_>>()?;
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let zipped = tokio::task::spawn_blocking(move || {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        // PDFs are compressed already; storing them keeps the ZIP fast.
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for (name, bytes) in files {
            zip.start_file(name, options)?;
            zip.write_all(&bytes)?;
        }
        zip.finish().map(|cursor| cursor.into_inner())
    })
    .await;
    match zipped {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(error)) => {
            tracing::error!(%error, "zip failed");
            Err(AppError::Internal)
        }
        Err(error) => {
            tracing::error!(%error, "zip task stopped");
            Err(AppError::Internal)
        }
    }
}

pub async fn start(
    State(state): State<AppState>,
    scope: InTenant,
    Form(form): Form<YearParams>,
) -> AppResult<Response> {
    scope.require(Permission::ViewPlanning)?;
    let year = form.year(&state)?;
    let mut random = [0u8; 12];
    getrandom::fill(&mut random).map_err(|_| AppError::Internal)?;
    let id = hex::encode(random);
    let job = Arc::new(ZipJob {
        tenant: scope.id(),
        user: scope.principal.user_id.0,
        year,
        started: Instant::now(),
        total: AtomicUsize::new(0),
        done: AtomicUsize::new(0),
        result: Mutex::new(None),
    });
    state.zip_jobs.insert(id.clone(), job.clone());
    let worker = state.clone();
    tokio::spawn(async move {
        let result = build_zip(&worker, job.tenant, job.year, &job.total, &job.done).await.map_err(|_| ());
        if let Ok(mut slot) = job.result.lock() {
            *slot = Some(result);
        }
    });
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
    let (done, total) = (job.done.load(Ordering::Relaxed), job.total.load(Ordering::Relaxed));
    let outcome = job.result.lock().map_err(|_| AppError::Internal)?.as_ref().map(Result::is_ok);
    let view = ProgressPage {
        layout: Layout::tenant(tr, &scope, tr.t("pk.zip_title"), "pk"),
        percent: (done * 100).checked_div(total).unwrap_or(0),
        year: job.year,
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
    let bytes = match job.result.lock().map_err(|_| AppError::Internal)?.as_ref() {
        Some(Ok(bytes)) => bytes.clone(),
        _ => return Err(AppError::NotFound),
    };
    Ok(download(bytes, "application/zip", &format!("pk-{}-{}.zip", scope.tenant.code, job.year)))
}
