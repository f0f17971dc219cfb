//! Kinerja's documents: the Perjanjian Kinerja (PDF and DOCX), the planning
//! workbook (XLSX, read and written), the
//! performance tree as a diagram (SVG) and as a printable outline (PDF), and
//! the typst renderer behind every PDF.

pub mod evidence;
pub mod pdf;
pub mod pk;
pub mod quarterly;
pub mod realisation_workbook;
pub mod renja_workbook;
pub mod sheet;
/// Test helpers, built for this crate's tests and, through the `testing`
/// feature, for the tests of the crates that serve its documents.
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod tree_pdf;
pub mod tree_svg;
pub mod workbook;
