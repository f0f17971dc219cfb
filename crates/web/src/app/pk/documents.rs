//! Perjanjian Kinerja: its documents (the PDF as issued, the DOCX for
//! editing), the verification address printed on them, and the ZIP of every
//! PK of a year built in the background.
//!
//! Zip jobs live in the memory of the instance that started them, for an
//! hour; behind a load balancer the progress page needs sticky sessions.

use crate::error::{AppError, AppResult};
use crate::state::AppState;
use docs::pk::{PkPrint, SignedBy};
use domain::TenantId;
use domain::format;
use domain::pk::PkStatus;
use futures_util::StreamExt;
use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use store::PkVersion;

/// The public address where anyone checks a PK by its code.
pub fn verify_url(state: &AppState, code: &str) -> String {
    format!("{}/verifikasi/{code}", state.config.public_url.trim_end_matches('/'))
}

/// Everything a rendering needs, owned, so it can move to a blocking thread.
pub struct Prepared {
    version: PkVersion,
    opd_name: Option<String>,
    signed: Vec<(&'static str, String, String)>,
    verify_url: String,
}

impl Prepared {
    pub fn print(&self) -> PkPrint<'_> {
        PkPrint {
            content: &self.version.content,
            status: self.version.header.status,
            opd_name: self.opd_name.as_deref(),
            signed: self
                .signed
                .iter()
                .map(|(party, at, key)| SignedBy { party, at: at.clone(), key: key.clone() })
                .collect(),
            verify_url: self.verify_url.clone(),
            logo: None,
        }
    }

    pub fn file_name(&self, extension: &str) -> String {
        let content = &self.version.content;
        let position: String = content
            .first
            .position
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
            .collect();
        let position = position.split('-').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-");
        let suffix = if content.number > 1 { format!("-perubahan-{}", content.number - 1) } else { String::new() };
        format!("pk-{}-{position}{suffix}.{extension}", content.year)
    }
}

pub async fn prepare(state: &AppState, tenant: TenantId, version: PkVersion) -> AppResult<Prepared> {
    let zone = state.config.time_zone;
    let opd_name = match version.header.opd_id {
        Some(opd) => Some(state.store.opd(tenant, domain::OpdId(opd)).await?.name),
        None => None,
    };
    let signed = version
        .signatures
        .iter()
        .map(|s| {
            (
                s.party.key(),
                format::datetime(s.signed_at, zone, domain::Locale::Id),
                s.public_key.chars().take(8).collect(),
            )
        })
        .collect();
    Ok(Prepared { verify_url: verify_url(state, &version.content.code), opd_name, signed, version })
}

/// The PDF of a version: the issued bytes once in force, else a fresh rendering.
pub async fn pdf_bytes(state: &AppState, tenant: TenantId, version: PkVersion) -> AppResult<(String, Vec<u8>)> {
    let id = version.header.version_id;
    let issued = match version.header.status {
        PkStatus::InForce | PkStatus::Replaced | PkStatus::Revoked => state.store.pk_issued_pdf(tenant, id).await?,
        _ => None,
    };
    let prepared = prepare(state, tenant, version).await?;
    let name = prepared.file_name("pdf");
    if let Some(bytes) = issued {
        return Ok((name, bytes));
    }
    let bytes = state.render_document(move || docs::pk::render_pdf(&prepared.print())).await?;
    Ok((name, bytes))
}

/// The two forms of a PK document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentFormat {
    /// The record: the issued copy once in force.
    Pdf,
    /// For editing outside Kinerja; never the signed record.
    Docx,
}

impl DocumentFormat {
    pub fn media_type(self) -> &'static str {
        match self {
            DocumentFormat::Pdf => "application/pdf",
            DocumentFormat::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        }
    }
}

/// A version's document for someone who may read it: its file name and bytes.
pub async fn document(
    state: &AppState,
    scope: &crate::auth::InTenant,
    id: i64,
    format: DocumentFormat,
) -> AppResult<(String, Vec<u8>)> {
    let version = super::read(state, scope, id).await?;
    match format {
        DocumentFormat::Pdf => pdf_bytes(state, scope.id(), version).await,
        DocumentFormat::Docx => docx_bytes(state, scope.id(), version).await,
    }
}

/// Renders and keeps the PDF of a version that just came into force.
pub async fn issue(state: &AppState, tenant: TenantId, id: i64) -> AppResult<()> {
    let version = state.store.pk_version(tenant, id).await?;
    let prepared = prepare(state, tenant, version).await?;
    let bytes = state.render_document(move || docs::pk::render_pdf(&prepared.print())).await?;
    state.store.store_pk_pdf(tenant, id, &bytes).await?;
    Ok(())
}

/// The DOCX of a version, always rendered: it is for editing, never the signed record.
pub async fn docx_bytes(state: &AppState, tenant: TenantId, version: PkVersion) -> AppResult<(String, Vec<u8>)> {
    let prepared = prepare(state, tenant, version).await?;
    let name = prepared.file_name("docx");
    let bytes = state.render_document(move || docs::pk::render_docx(&prepared.print())).await?;
    Ok((name, bytes))
}

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

impl ZipJob {
    pub fn year(&self) -> i32 {
        self.year
    }

    /// Documents rendered so far, and how many there are.
    pub fn progress(&self) -> (usize, usize) {
        (self.done.load(Ordering::Relaxed), self.total.load(Ordering::Relaxed))
    }

    /// `None` while running, then whether the ZIP was built.
    pub fn outcome(&self) -> AppResult<Option<bool>> {
        Ok(self.result.lock().map_err(|_| AppError::Internal)?.as_ref().map(Result::is_ok))
    }

    /// The finished ZIP, if it was built.
    pub fn bytes(&self) -> AppResult<Option<Vec<u8>>> {
        Ok(match self.result.lock().map_err(|_| AppError::Internal)?.as_ref() {
            Some(Ok(bytes)) => Some(bytes.clone()),
            _ => None,
        })
    }
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

    /// A job of this user in this pemda; another's is not found.
    pub fn get(&self, id: &str, tenant: TenantId, user: i64) -> Option<Arc<ZipJob>> {
        let jobs = self.0.lock().ok()?;
        jobs.get(id).filter(|j| j.tenant == tenant && j.user == user).cloned()
    }
}

/// Starts building the ZIP of `year` for `user` in the background; the id
/// to follow it by.
pub fn start_zip(state: &AppState, tenant: TenantId, user: i64, year: i32) -> AppResult<String> {
    let mut random = [0u8; 12];
    getrandom::fill(&mut random).map_err(|_| AppError::Internal)?;
    let id = hex::encode(random);
    let job = Arc::new(ZipJob {
        tenant,
        user,
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
    Ok(id)
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
    // Zipping is blocking work like a render, and waits its turn with them.
    state
        .render_document(move || {
            let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            // PDFs are compressed already; storing them keeps the ZIP fast.
            let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
            for (name, bytes) in files {
                zip.start_file(name, options)?;
                zip.write_all(&bytes)?;
            }
            zip.finish().map(|cursor| cursor.into_inner())
        })
        .await
}
