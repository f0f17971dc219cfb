//! Quarterly realisation: the calendar and who has reported (`due`), and
//! an OPD's report of a quarter with every change made to it (`report`).

mod due;
mod report;

pub use due::*;
pub use report::*;
