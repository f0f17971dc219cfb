//! Files people send and fetch: multipart uploads with the route's limit,
//! the validation report of a workbook import, and XLSX downloads. Shared by
//! every page that takes or gives a workbook or a file.

use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use crate::state::AppState;
use axum::extract::{FromRequest, Multipart};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use docs::workbook::CellError;
use domain::{Invalid, Reason};
use std::collections::HashMap;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// Workbook uploads above this size are refused before they are read.
pub const MAX_UPLOAD_MB: usize = 16;
pub const MAX_UPLOAD: usize = MAX_UPLOAD_MB * 1024 * 1024;

pub fn download(name: String, bytes: Vec<u8>) -> Response {
    attachment(bytes, XLSX, &name)
}

/// A file to save, with its type and name.
pub fn attachment(bytes: Vec<u8>, media_type: &str, name: &str) -> Response {
    let disposition = format!("attachment; filename=\"{name}\"");
    ([(header::CONTENT_TYPE, media_type.to_owned()), (header::CONTENT_DISPOSITION, disposition)], bytes).into_response()
}

/// A row of the validation report.
pub struct ReportLine {
    pub sheet: String,
    pub row: usize,
    pub column: String,
    pub message: String,
}

/// A multipart upload: the file (field `file`) with its name made
/// printable, and the form's other fields (checkboxes beside the file).
pub struct Upload {
    pub name: String,
    pub bytes: Vec<u8>,
    pub fields: HashMap<String, String>,
}

/// Reads a multipart upload. `max_mb` is the route's limit, named in a 413.
pub async fn uploaded_form(state: &AppState, request: axum::extract::Request, max_mb: usize) -> AppResult<Upload> {
    let refused = |status: StatusCode| {
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::TooLarge { max_mb }
        } else {
            AppError::BadRequest("error.malformed_form")
        }
    };
    let mut multipart = Multipart::from_request(request, state).await.map_err(|e| refused(e.status()))?;
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut fields = HashMap::new();
    while let Some(field) = multipart.next_field().await.map_err(|e| refused(e.status()))? {
        match field.name().map(str::to_owned) {
            Some(name) if name == "file" => {
                let file_name =
                    field.file_name().unwrap_or("berkas.xlsx").chars().filter(|c| !c.is_control()).take(200).collect();
                let bytes = field.bytes().await.map_err(|e| refused(e.status()))?;
                file = Some((file_name, bytes.to_vec()));
            }
            Some(name) if fields.len() < 8 => {
                let value = field.text().await.map_err(|e| refused(e.status()))?;
                fields.insert(name, value.chars().take(200).collect());
            }
            _ => {}
        }
    }
    let (name, bytes) =
        file.filter(|(_, b)| !b.is_empty()).ok_or_else(|| AppError::from(Invalid::one("file", Reason::Required)))?;
    Ok(Upload { name, bytes, fields })
}

/// The file of a multipart upload: its name and its bytes.
pub async fn uploaded_file(
    state: &AppState,
    request: axum::extract::Request,
    max_mb: usize,
) -> AppResult<(String, Vec<u8>)> {
    uploaded_form(state, request, max_mb).await.map(|upload| (upload.name, upload.bytes))
}

/// The validation report's rows, in the user's language.
pub fn report(errors: Vec<CellError>, tr: Tr) -> Vec<ReportLine> {
    errors
        .into_iter()
        .map(|e| ReportLine { message: e.message(tr.0), sheet: e.sheet, row: e.row, column: e.column })
        .collect()
}
