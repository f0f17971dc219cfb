//! Rows as the store returns them, by feature. Views for pages and the API are built from these.

mod accounts;
mod audit;
mod capaian;
mod common;
mod organisation;
mod pk;
mod planning;
mod realisation;

pub use accounts::*;
pub use audit::*;
pub use capaian::*;
pub use common::*;
pub use organisation::*;
pub use pk::*;
pub use planning::*;
pub use realisation::*;
