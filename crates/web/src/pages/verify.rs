//! The public verification page that the QR code on every PK opens: what
//! the agreement says, who signed it and when, and whether it still holds.
//! Anyone may also upload a PDF to learn whether it is a genuine,
//! unaltered Kinerja PK. No sign-in: the people checking are outside the pemda.

use super::render;
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use crate::layout::Layout;
use crate::middleware::Lang;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::format;
use domain::pk::{PkStatus, parse_verification_code, signatures_hold};
use serde::Deserialize;
use sha2::Digest;
use store::{PkVersion, StoreError};

/// What an uploaded file turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upload {
    /// Byte for byte the PDF issued for this version.
    Genuine,
    /// Names a Kinerja PK but is not the issued file: edited or re-saved.
    Altered,
    /// Not a PDF issued by Kinerja.
    Unknown,
}

pub struct SignedLine {
    pub role: &'static str,
    pub name: String,
    pub position: String,
    pub at: String,
}

#[derive(Template)]
#[template(path = "verify.html")]
struct VerifyPage {
    layout: Layout,
    code: String,
    found: Option<Found>,
    upload: Option<Upload>,
    error: Option<String>,
}

struct Found {
    tenant_name: String,
    year: i32,
    number: i32,
    position: String,
    first: String,
    second: Option<String>,
    rows: usize,
    status: PkStatus,
    status_label: &'static str,
    /// Every signature holds over the content as stored now.
    intact: bool,
    signed: Vec<SignedLine>,
}

fn found(state: &AppState, tr: Tr, version: &PkVersion) -> Found {
    let content = &version.content;
    let keys: Vec<([u8; 32], [u8; 64])> = version
        .signatures
        .iter()
        .filter_map(|s| {
            let key: [u8; 32] = hex::decode(&s.public_key).ok()?.try_into().ok()?;
            let signature: [u8; 64] = hex::decode(&s.signature).ok()?.try_into().ok()?;
            Some((key, signature))
        })
        .collect();
    let complete = keys.len() == version.signatures.len();
    let intact = version.signatures.is_empty() || complete && signatures_hold(&content.document(), &keys);
    Found {
        tenant_name: content.tenant_name.clone(),
        year: content.year,
        number: content.number,
        position: content.first.position.clone(),
        first: content.first.name.clone(),
        second: content.second.as_ref().map(|p| format!("{} ({})", p.name, p.position)),
        rows: content.rows.len(),
        status: version.header.status,
        status_label: version.header.status.label(tr.0),
        intact,
        signed: version
            .signatures
            .iter()
            .map(|s| {
                let party = content.party(s.party);
                SignedLine {
                    role: s.party.label(tr.0),
                    name: party.name.clone(),
                    position: party.position.clone(),
                    at: format::datetime(s.signed_at, state.config.time_zone, tr.0),
                }
            })
            .collect(),
    }
}

async fn page(
    state: &AppState,
    tr: Tr,
    code: String,
    upload: Option<Upload>,
    error: Option<String>,
) -> AppResult<Response> {
    let found = if code.is_empty() {
        None
    } else {
        match state.store.pk_by_code(&code).await {
            Ok((_, version)) => Some(found(state, tr, &version)),
            Err(StoreError::NotFound) => None,
            Err(other) => return Err(other.into()),
        }
    };
    let status =
        if !code.is_empty() && found.is_none() && upload.is_none() { StatusCode::NOT_FOUND } else { StatusCode::OK };
    let view = VerifyPage { layout: Layout::bare(tr, tr.t("verify.title")), code, found, upload, error };
    Ok(render(&view, status))
}

#[derive(Debug, Deserialize, Default)]
pub struct CodeQuery {
    #[serde(default)]
    kode: String,
}

/// The form, or the result for `?kode=`.
pub async fn form(
    State(state): State<AppState>,
    Lang(locale): Lang,
    Query(query): Query<CodeQuery>,
) -> AppResult<Response> {
    let tr = Tr(locale);
    if query.kode.trim().is_empty() {
        return page(&state, tr, String::new(), None, None).await;
    }
    match parse_verification_code(&query.kode) {
        Ok(code) => page(&state, tr, code, None, None).await,
        Err(reason) => page(&state, tr, String::new(), None, Some(reason.message(locale))).await,
    }
}

pub async fn show(State(state): State<AppState>, Lang(locale): Lang, Path(code): Path<String>) -> AppResult<Response> {
    let code = parse_verification_code(&code).map_err(|_| AppError::NotFound)?;
    page(&state, Tr(locale), code, None, None).await
}

/// Looks for the verification code that every PK PDF carries in its
/// metadata (typst writes the keywords uncompressed), so an altered copy
/// can still be named.
fn claimed_code(pdf: &[u8]) -> Option<String> {
    let marker = b"kinerja-pk";
    let start = pdf.windows(marker.len()).position(|w| w == marker)?;
    let tail = &pdf[start..pdf.len().min(start + 200)];
    let text = String::from_utf8_lossy(tail);
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|t| t.len() == 19)
        .find_map(|t| parse_verification_code(t).ok())
}

pub async fn upload(
    State(state): State<AppState>,
    Lang(locale): Lang,
    request: axum::extract::Request,
) -> AppResult<Response> {
    let tr = Tr(locale);
    let (_, bytes) = crate::uploads::uploaded_file(&state, request, crate::uploads::MAX_UPLOAD_MB).await?;
    let sha = hex::encode(sha2::Sha256::digest(&bytes));
    if let Some(code) = state.store.pk_code_of_pdf(&sha).await? {
        return page(&state, tr, code, Some(Upload::Genuine), None).await;
    }
    let claimed = bytes.starts_with(b"%PDF-").then(|| claimed_code(&bytes)).flatten();
    match claimed {
        Some(code) => page(&state, tr, code, Some(Upload::Altered), None).await,
        None => page(&state, tr, String::new(), Some(Upload::Unknown), None).await,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_claimed_code_is_read_from_the_metadata() {
        let pdf = b"%PDF-1.7 ... /Keywords (kinerja-pk, 7K2M-9QXA-0000-ABCD) ...";
        assert_eq!(super::claimed_code(pdf).as_deref(), Some("7K2M-9QXA-0000-ABCD"));
        assert_eq!(super::claimed_code(b"%PDF-1.7 nothing"), None);
    }
}
