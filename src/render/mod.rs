//! Turning reports into output. One file per format; this is the one place that chooses.

pub mod human;
pub mod json;

use std::io::{self, Write};

use crate::ExtensionReport;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Findings with source snippets, and a summary line.
    Human,
    /// The versioned JSON report (see the README for its shape).
    Json,
}

/// How the human format is drawn.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
    /// The width to wrap at, in columns.
    pub width: usize,
}

/// Writes the reports of every checked extension, in the order given.
pub fn render(
    format: Format,
    reports: &[ExtensionReport],
    style: Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::render(reports, style, out),
        Format::Json => json::render(reports, out),
    }
}
