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
pub mod testing;
pub mod tree_pdf;
pub mod tree_svg;
pub mod workbook;
