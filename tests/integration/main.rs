//! End-to-end tests: the `extpack` binary on the fixtures in `testdata/`.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "tests fail loudly on broken fixtures"
)]

mod against_api;
mod archive;
mod built_folder;
mod checks;
mod code_outputs;
mod common;
mod config;
mod diff;
mod faults;
mod fixes;
mod formats;
mod hook;
mod hostile;
mod layers;
mod layouts;
mod lsp;
mod messages;
mod outputs;
mod pack;
mod readme;
mod references;
mod repos;
mod schema_rules;
mod usage;
mod versions;
mod watch;
mod zip_input;
