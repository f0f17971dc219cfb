//! For tests of this crate and of the crates that serve its documents.

use std::io::Write;
use std::process::{Command, Stdio};

/// The text of a PDF as poppler's `pdftotext` extracts it, layout kept
/// (`scripts/check` installs poppler-utils). Panics when the bytes are not a
/// PDF or the tool is missing: in a test, either is a failure.
pub fn pdf_text(pdf: &[u8]) -> String {
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    let mut child = Command::new("pdftotext")
        .args(["-layout", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("pdftotext is installed (poppler-utils)");
    child.stdin.take().expect("stdin").write_all(pdf).expect("write the PDF");
    let output = child.wait_with_output().expect("pdftotext runs");
    assert!(output.status.success(), "pdftotext failed");
    String::from_utf8(output.stdout).expect("UTF-8 text")
}
