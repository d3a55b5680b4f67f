//! End-to-end tests: the `extpack` binary on the fixtures in `testdata/`.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "tests fail loudly on broken fixtures"
)]

mod archive;
mod checks;
mod common;
mod formats;
mod references;
mod schema_rules;
mod usage;
mod zip_input;
