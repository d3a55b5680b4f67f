//! Turning reports into output. One file per format; this is the one place that chooses.

pub mod diff;
pub mod excerpt;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod pack;
pub mod sarif;

use std::io::{self, Write};

use crate::diag::Diagnostic;
use crate::diag::ExtensionReport;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Findings with source snippets, and a summary line.
    Human,
    /// The versioned JSON report (see the README for its shape).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands: an annotation per finding.
    Github,
    /// JUnit XML, for CI test reports.
    Junit,
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
        Format::Sarif => sarif::render(reports, out),
        Format::Github => github::render(reports, out),
        Format::Junit => junit::render(reports, out),
    }
}

/// The message of a finding and, on a line of its own, its help: the text of the formats
/// that have one text field per finding.
fn message_and_help(d: &Diagnostic) -> String {
    match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    }
}
