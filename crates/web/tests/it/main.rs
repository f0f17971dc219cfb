//! Integration tests through the router, on SQLite by default and on
//! PostgreSQL when `TEST_DATABASE_URL` is set (scripts/check runs both).

mod access;
mod api;
mod api_workflows;
mod audit;
mod auth;
mod bad_input;
mod capaian;
mod demo;
mod layering;
mod organisation;
mod pk;
mod planning;
mod realisation;
mod schema;
mod support;
mod trust;
