//! The report written beside an archive: every entry with its size, compressed size and
//! SHA-256, the archive's own SHA-256, and the findings of the checks (the JSON v1 shape of
//! `check --format json` for one extension).

use serde::Serialize;
use serde_json::Value;

use super::archive::ArchiveSummary;
use crate::diag::Counts;
use crate::diag::ExtensionReport;
use crate::render::json::extension_value;

/// The version of the report's shape.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    archive: Archive<'a>,
    entries: Vec<Entry<'a>>,
    extension: Value,
    summary: Summary,
}

#[derive(Serialize)]
struct Archive<'a> {
    path: &'a str,
    size: u64,
    sha256: &'a str,
}

#[derive(Serialize)]
struct Entry<'a> {
    path: &'a str,
    size: u64,
    compressed_size: u64,
    sha256: &'a str,
}

#[derive(Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
}

/// The report as JSON text (with a final newline).
pub fn render(archive_path: &str, summary: &ArchiveSummary, report: &ExtensionReport) -> String {
    let counts: Counts = report.counts();
    let value = Report {
        version: VERSION,
        archive: Archive {
            path: archive_path,
            size: summary.size,
            sha256: &summary.sha256,
        },
        entries: summary
            .entries
            .iter()
            .map(|e| Entry {
                path: &e.path,
                size: e.size,
                compressed_size: e.compressed_size,
                sha256: &e.sha256,
            })
            .collect(),
        extension: extension_value(report),
        summary: Summary {
            errors: counts.errors,
            warnings: counts.warnings,
        },
    };
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}
