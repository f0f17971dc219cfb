//! Perjanjian Kinerja: drafting, review, signing and amendment of the
//! year's agreements (`workflow`), and their documents (`documents`).

mod documents;
mod workflow;

pub use documents::*;
pub use workflow::*;
