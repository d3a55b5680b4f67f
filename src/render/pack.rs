//! What `extpack pack` writes besides the archive: the report beside it (every entry with its
//! size, compressed size and SHA-256, the archive's own SHA-256, and the findings of the checks
//! in the JSON v1 shape of `check --format json` for one extension), and what it prints: the
//! dry run's listing (human and JSON) and the summary of a written archive.

use serde::Serialize;
use serde_json::Value;

use super::json::extension_value;
use crate::diag::Counts;
use crate::diag::ExtensionReport;
use crate::output::ArchiveSummary;

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
pub fn report(archive_path: &str, summary: &ArchiveSummary, report: &ExtensionReport) -> String {
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

#[derive(Serialize)]
struct DryRun<'a> {
    version: u32,
    target: &'a str,
    entries: Vec<DryRunEntry<'a>>,
}

#[derive(Serialize)]
struct DryRunEntry<'a> {
    path: &'a str,
    size: u64,
}

/// The dry run in JSON: the target and every entry with its size, in archive order (the
/// folders, then the files with their sizes).
pub fn dry_run_json(target: &str, folders: &[String], files: &[String], sizes: &[u64]) -> Vec<u8> {
    let entries = folders
        .iter()
        .map(|f| DryRunEntry { path: f, size: 0 })
        .chain(
            files
                .iter()
                .zip(sizes)
                .map(|(f, s)| DryRunEntry { path: f, size: *s }),
        )
        .collect();
    let value = DryRun {
        version: 1,
        target,
        entries,
    };
    let mut text = serde_json::to_vec_pretty(&value).unwrap_or_default();
    text.push(b'\n');
    text
}

/// The dry run for a person: every entry with its size, aligned, then what would be written.
pub fn dry_run_human(target: &str, folders: &[String], files: &[String], sizes: &[u64]) -> String {
    let mut out = String::new();
    let width = files.iter().map(String::len).max().unwrap_or(0);
    for folder in folders {
        out.push_str(&format!("{folder:<width$}  {:>12}\n", "folder"));
    }
    for (file, size) in files.iter().zip(sizes) {
        out.push_str(&format!("{file:<width$}  {size:>12}\n"));
    }
    let total: u64 = sizes.iter().sum();
    out.push_str(&format!(
        "dry run: would write {target} ({} entries, {total} bytes before compression)\n",
        files.len() + folders.len()
    ));
    out
}

/// A written archive for a person: with `verbose`, every entry; then the summary line and
/// where the report is.
pub fn written_human(
    target: &str,
    report_path: &str,
    summary: &ArchiveSummary,
    verbose: bool,
) -> String {
    let mut out = String::new();
    if verbose {
        for e in &summary.entries {
            out.push_str(&format!(
                "{}  {} → {} bytes\n",
                e.path, e.size, e.compressed_size
            ));
        }
    }
    let content: u64 = summary.entries.iter().map(|e| e.size).sum();
    out.push_str(&format!(
        "packed {} entries ({content} bytes) into {target} ({} bytes, sha256 {})\nreport: {report_path}\n",
        summary.entries.len(),
        summary.size,
        summary.sha256,
    ));
    out
}
