//! The application layer: the use cases of each SAKIP stage that the pages,
//! the JSON API and the CLI share. A use case takes who is asking and typed
//! input, checks the permission through `domain::access`, runs the domain's
//! rules, reads or writes through the store and returns plain data; it knows
//! nothing of HTML or JSON. Pages and API handlers parse, call and render.
//!
//! Nothing here imports a page or an API handler, and no page imports
//! another page (`tests/it/layering.rs` reads the imports and fails on one).

pub mod capaian;
pub mod period;
pub mod pk;
pub mod planning;
pub mod realisation;
