//! End-to-end tests: the `extpack` binary on the fixtures in `testdata/`.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "tests fail loudly on broken fixtures"
)]

mod archive;
mod built_folder;
mod checks;
mod code_outputs;
mod common;
mod config;
mod diff;
mod fixes;
mod formats;
mod hostile;
mod layers;
mod layouts;
mod lsp;
mod pack;
mod references;
mod repos;
mod schema_rules;
mod usage;
mod versions;
mod watch;
mod zip_input;
