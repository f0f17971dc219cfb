//! The PK as PDF and DOCX. A version in force is served exactly as issued
//! when it came into force (its SHA-256 is what the verification page
//! recognises); anything earlier is rendered on demand, marked as not in force.

use super::{download, readable, verify_url};
use crate::auth::InTenant;
use crate::error::AppResult;
use crate::extract::RowId;
use crate::state::AppState;
use axum::extract::State;
use axum::response::Response;
use docs::pk::{PkPrint, SignedBy};
use domain::TenantId;
use domain::format;
use domain::pk::PkStatus;
use store::PkVersion;

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
            let party = if s.party == "first" { "first" } else { "second" };
            (party, format::datetime(s.signed_at, zone, domain::Locale::Id), s.public_key.chars().take(8).collect())
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

/// Renders and keeps the PDF of a version that just came into force.
pub async fn issue(state: &AppState, tenant: TenantId, id: i64) -> AppResult<()> {
    let version = state.store.pk_version(tenant, id).await?;
    let prepared = prepare(state, tenant, version).await?;
    let bytes = state.render_document(move || docs::pk::render_pdf(&prepared.print())).await?;
    state.store.store_pk_pdf(tenant, id, &bytes).await?;
    Ok(())
}

pub async fn pdf(State(state): State<AppState>, scope: InTenant, RowId(id): RowId) -> AppResult<Response> {
    let version = readable(&state, &scope, id).await?;
    let (name, bytes) = pdf_bytes(&state, scope.id(), version).await?;
    Ok(download(bytes, "application/pdf", &name))
}

/// The DOCX of a version, always rendered: it is for editing, never the signed record.
pub async fn docx_bytes(state: &AppState, tenant: TenantId, version: PkVersion) -> AppResult<(String, Vec<u8>)> {
    let prepared = prepare(state, tenant, version).await?;
    let name = prepared.file_name("docx");
    let bytes = state.render_document(move || docs::pk::render_docx(&prepared.print())).await?;
    Ok((name, bytes))
}

pub async fn docx(State(state): State<AppState>, scope: InTenant, RowId(id): RowId) -> AppResult<Response> {
    let version = readable(&state, &scope, id).await?;
    let (name, bytes) = docx_bytes(&state, scope.id(), version).await?;
    Ok(download(bytes, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", &name))
}
