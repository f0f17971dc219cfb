//! The PK as PDF and DOCX. A version in force is served exactly as issued
//! when it came into force (its SHA-256 is what the verification page
//! recognises); anything earlier is rendered on demand, marked as not in force.

use crate::app::pk::{DocumentFormat, document};
use crate::auth::InTenant;
use crate::error::AppResult;
use crate::extract::RowId;
use crate::state::AppState;
use crate::uploads::attachment;
use axum::extract::State;
use axum::response::Response;

async fn send(state: &AppState, scope: &InTenant, id: i64, format: DocumentFormat) -> AppResult<Response> {
    let (name, bytes) = document(state, scope, id, format).await?;
    Ok(attachment(bytes, format.media_type(), &name))
}

pub async fn pdf(State(state): State<AppState>, scope: InTenant, RowId(id): RowId) -> AppResult<Response> {
    send(&state, &scope, id, DocumentFormat::Pdf).await
}

pub async fn docx(State(state): State<AppState>, scope: InTenant, RowId(id): RowId) -> AppResult<Response> {
    send(&state, &scope, id, DocumentFormat::Docx).await
}
