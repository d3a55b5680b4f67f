//! extpack checks and packages Adobe Experience Platform Tags (Reactor) extensions offline.
//!
//! The pipeline of one extension ([`analysis`]):
//!
//! 1. [`source`]: an [`source::ExtensionSource`] gives access to the extension's files — a
//!    folder ([`source::DirSource`]) or a zip archive read in place ([`source::ZipSource`]) —
//!    so no check reads the filesystem directly;
//! 2. [`manifest`]: `extension.json` is parsed with the byte span of every key and value;
//! 3. [`platform`]: the manifest's `platform` selects the rules;
//! 4. [`references`] and [`requires`]: every path the manifest names, looked up once, and the
//!    files the library modules reach with `require()`, each read once;
//! 5. [`checks`]: every check runs on all of that and reports [`diag::Diagnostic`]s; with
//!    [`Options::versions`] (`--versions`, loaded once by [`versions::load`]) that includes the
//!    version against those already published, and with [`Options::against`] (loaded once by
//!    [`release::load`]: a folder, a `.zip` or saved API responses) the breaking changes since
//!    the previous release ([`diff`]);
//! 6. [`config`]: `extpack.toml`'s overrides are applied to the findings;
//! 7. [`render`]: the findings of every extension are written as text, JSON, SARIF, GitHub
//!    workflow commands or JUnit XML; [`pack`] writes the archive and its report instead.
//!
//! `main.rs` only parses the command line and calls [`cli::run`]. This file holds nothing but
//! the modules and the names re-exported for library callers; `tests/integration/layers.rs`
//! keeps the modules' imports free of cycles.

pub mod analysis;
pub mod checks;
pub mod cli;
pub mod config;
pub mod diag;
pub mod diff;
pub mod discover;
pub mod error;
pub mod fixes;
pub mod gitignore;
pub mod js;
pub mod lsp;
pub mod manifest;
pub mod markup;
pub mod output;
pub mod pack;
pub mod paths;
pub mod platform;
pub mod references;
pub mod release;
pub mod render;
pub mod requires;
pub mod schemas;
pub mod source;
pub mod versions;

pub use analysis::{
    Analysis, CheckedFolder, analyze, analyze_folder, analyze_path, analyze_staged, check_path,
    check_path_with, check_source, check_source_with,
};
pub use checks::Options;
pub use diag::{ExtensionReport, REPOSITORY};
