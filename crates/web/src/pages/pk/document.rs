//! The PK as PDF and DOCX. A version in force is served exactly as issued
//! when it came into force (its SHA-256 is what the verification page
//! recognises); anything earlier is rendered on demand, marked as not in force.

use super::{download, readable};
use crate::app::pk::{docx_bytes, pdf_bytes};
use crate::auth::InTenant;
use crate::error::AppResult;
use crate::extract::RowId;
use crate::state::AppState;
use axum::extract::State;
use axum::response::Response;

pub async fn pdf(State(state): State<AppState>, scope: InTenant, RowId(id): RowId) -> AppResult<Response> {
    let version = readable(&state, &scope, id).await?;
    let (name, bytes) = pdf_bytes(&state, scope.id(), version).await?;
    Ok(download(bytes, "application/pdf", &name))
}

pub async fn docx(State(state): State<AppState>, scope: InTenant, RowId(id): RowId) -> AppResult<Response> {
    let version = readable(&state, &scope, id).await?;
    let (name, bytes) = docx_bytes(&state, scope.id(), version).await?;
    Ok(download(bytes, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", &name))
}
