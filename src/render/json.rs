//! The JSON format, version 1. These types are the frozen public shape documented in the
//! README; they are not the internal types, which may change freely.

use std::io::{self, Write};

use serde::Serialize;

use crate::diag::ExtensionReport;
use crate::diag::{Counts, Diagnostic, Location};

/// The version of the JSON shape. Adding fields keeps it; changing or removing one bumps it.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    extensions: Vec<Extension<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Extension<'a> {
    path: &'a str,
    name: Option<&'a str>,
    version: Option<&'a str>,
    platform: Option<&'a str>,
    diagnostics: Vec<Finding<'a>>,
    /// Why the path could not be checked; `null` when it was.
    error: Option<&'a str>,
}

#[derive(Serialize)]
struct Finding<'a> {
    code: &'a str,
    severity: &'a str,
    message: &'a str,
    file: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    pointer: Option<&'a str>,
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
    /// Paths that could not be checked.
    unchecked: usize,
}

fn finding(d: &Diagnostic) -> Finding<'_> {
    let (start, end) = d.primary.as_ref().map(Location::positions).unzip();
    Finding {
        code: d.code(),
        severity: d.severity.as_str(),
        message: &d.message,
        file: &d.file,
        line: start.map(|p| p.line),
        column: start.map(|p| p.column),
        end_line: end.map(|p| p.line),
        end_column: end.map(|p| p.column),
        pointer: d.pointer.as_deref(),
        help: d.help.as_deref(),
    }
}

fn extension(r: &ExtensionReport) -> Extension<'_> {
    Extension {
        path: &r.path,
        name: r.name.as_deref(),
        version: r.version.as_deref(),
        platform: r.platform.as_deref(),
        diagnostics: r.diagnostics.iter().map(finding).collect(),
        error: r.unchecked.as_deref(),
    }
}

/// One extension in the v1 shape, for reports that embed it (the pack report).
pub fn extension_value(report: &ExtensionReport) -> serde_json::Value {
    serde_json::to_value(extension(report)).unwrap_or_default()
}

pub fn render(reports: &[ExtensionReport], out: &mut dyn Write) -> io::Result<()> {
    let total = reports
        .iter()
        .fold(Counts::default(), |acc, r| acc + r.counts());
    let report = Report {
        version: VERSION,
        extensions: reports.iter().map(extension).collect(),
        summary: Summary {
            errors: total.errors,
            warnings: total.warnings,
            unchecked: reports.iter().filter(|r| r.unchecked.is_some()).count(),
        },
    };
    serde_json::to_writer_pretty(&mut *out, &report).map_err(io::Error::other)?;
    writeln!(out)
}
