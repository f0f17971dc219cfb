//! Kinerja's documents: the planning workbook (XLSX, read and written) and
//! the performance tree as a diagram (SVG).

pub mod sheet;
pub mod tree_svg;
pub mod workbook;
