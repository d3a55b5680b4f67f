//! What `extpack pack` writes besides the archive, and what it prints.
//!
//! **One JSON document for every outcome** (version [`VERSION`]): the report written beside
//! the archive, and `pack --format json` on standard output whether the archive was written,
//! refused or only planned (dry run):
//!
//! ```json
//! {
//!   "version": 2,
//!   "outcome": "packed",            // or "refused", "dry-run"
//!   "archive": {"path": "…", "size": 1301, "sha256": "…"},   // null when refused;
//!                                                          // size and sha256 null in a dry run
//!   "report": "….report.json",       // null when refused, or with --no-report
//!   "entries": [{"path": "…", "size": 1858, "compressed_size": 944, "sha256": "…"}],
//!                                    // [] when refused; compressed_size and sha256 null in a dry run
//!   "extension": {…},                // the extension in the JSON v1 shape of `check`, findings included
//!   "summary": {"errors": 0, "warnings": 1}
//! }
//! ```
//!
//! For people: the dry run's listing and, with `-v`, every entry written, both aligned in
//! columns, then a summary line.

use serde::Serialize;
use serde_json::Value;

use super::json::extension_value;
use crate::diag::ExtensionReport;
use crate::output::ArchiveSummary;

/// The version of the pack document. Adding fields keeps it; changing or removing one bumps
/// it. (Version 1 was the report of a written archive alone.)
pub const VERSION: u32 = 2;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    outcome: &'static str,
    archive: Option<Archive<'a>>,
    report: Option<&'a str>,
    entries: Vec<Entry<'a>>,
    extension: Value,
    summary: Summary,
}

#[derive(Serialize)]
struct Archive<'a> {
    path: &'a str,
    size: Option<u64>,
    sha256: Option<&'a str>,
}

#[derive(Serialize)]
struct Entry<'a> {
    path: &'a str,
    size: u64,
    compressed_size: Option<u64>,
    sha256: Option<&'a str>,
}

#[derive(Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
}

impl<'a> Document<'a> {
    fn new(outcome: &'static str, report: &ExtensionReport) -> Document<'a> {
        let counts = report.counts();
        Document {
            version: VERSION,
            outcome,
            archive: None,
            report: None,
            entries: Vec::new(),
            extension: extension_value(report),
            summary: Summary {
                errors: counts.errors,
                warnings: counts.warnings,
            },
        }
    }

    fn text(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// The document of a written archive: the report beside it, and `--format json`.
pub fn report(
    archive_path: &str,
    report_path: Option<&str>,
    summary: &ArchiveSummary,
    report: &ExtensionReport,
) -> String {
    let mut document = Document::new("packed", report);
    document.archive = Some(Archive {
        path: archive_path,
        size: Some(summary.size),
        sha256: Some(&summary.sha256),
    });
    document.report = report_path;
    document.entries = summary
        .entries
        .iter()
        .map(|e| Entry {
            path: &e.path,
            size: e.size,
            compressed_size: Some(e.compressed_size),
            sha256: Some(&e.sha256),
        })
        .collect();
    document.text()
}

/// The document of a pack the checks refused: the findings, nothing written.
pub fn refused_json(report: &ExtensionReport) -> String {
    Document::new("refused", report).text()
}

/// What a dry run would write.
pub struct Plan<'a> {
    pub target: &'a str,
    pub report: Option<&'a str>,
    /// Folder entries (`src/view/`), then files with their sizes, in archive order.
    pub folders: &'a [String],
    pub files: &'a [String],
    pub sizes: &'a [u64],
}

/// The document of a dry run: the target and every entry with its size, and the findings.
pub fn dry_run_json(plan: &Plan<'_>, report: &ExtensionReport) -> String {
    let mut document = Document::new("dry-run", report);
    document.archive = Some(Archive {
        path: plan.target,
        size: None,
        sha256: None,
    });
    document.report = plan.report;
    document.entries = plan
        .folders
        .iter()
        .map(|f| Entry {
            path: f,
            size: 0,
            compressed_size: None,
            sha256: None,
        })
        .chain(plan.files.iter().zip(plan.sizes).map(|(f, s)| Entry {
            path: f,
            size: *s,
            compressed_size: None,
            sha256: None,
        }))
        .collect();
    document.text()
}

/// The width of the size columns.
const NUMBER: usize = 12;

/// The dry run for a person: every entry with its size, aligned, then what would be written.
pub fn dry_run_human(plan: &Plan<'_>) -> String {
    let mut out = String::new();
    let width = name_width(plan.folders.iter().chain(plan.files));
    for folder in plan.folders {
        out.push_str(&format!("{folder:<width$}  {:>NUMBER$}\n", "folder"));
    }
    for (file, size) in plan.files.iter().zip(plan.sizes) {
        out.push_str(&format!("{file:<width$}  {size:>NUMBER$}\n"));
    }
    let total: u64 = plan.sizes.iter().sum();
    out.push_str(&format!(
        "dry run: would write {} ({} entries, {total} bytes before compression)\n",
        plan.target,
        plan.files.len() + plan.folders.len()
    ));
    out
}

/// A written archive for a person: with `verbose`, every entry (its size, then its size in
/// the archive, aligned as the dry run's); then the summary line and where the report is.
pub fn written_human(
    target: &str,
    report_path: Option<&str>,
    summary: &ArchiveSummary,
    verbose: bool,
) -> String {
    let mut out = String::new();
    if verbose {
        let width = name_width(summary.entries.iter().map(|e| &e.path));
        for e in &summary.entries {
            if e.path.ends_with('/') {
                out.push_str(&format!("{:<width$}  {:>NUMBER$}\n", e.path, "folder"));
            } else {
                out.push_str(&format!(
                    "{:<width$}  {:>NUMBER$} → {:>NUMBER$}\n",
                    e.path, e.size, e.compressed_size
                ));
            }
        }
    }
    let content: u64 = summary.entries.iter().map(|e| e.size).sum();
    out.push_str(&format!(
        "packed {} entries ({content} bytes) into {target} ({} bytes, sha256 {})\n",
        summary.entries.len(),
        summary.size,
        summary.sha256,
    ));
    if let Some(report_path) = report_path {
        out.push_str(&format!("report: {report_path}\n"));
    }
    out
}

/// The width of the name column: the longest name, in characters.
fn name_width<'a>(names: impl Iterator<Item = &'a String>) -> usize {
    names.map(|n| n.chars().count()).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::EntryRecord;

    fn record(path: &str, size: u64, compressed_size: u64) -> EntryRecord {
        EntryRecord {
            path: path.to_owned(),
            size,
            compressed_size,
            sha256: "0".repeat(64),
        }
    }

    #[test]
    fn verbose_lines_are_aligned_in_columns() {
        let summary = ArchiveSummary {
            entries: vec![
                record("src/view/", 0, 0),
                record("extension.json", 1858, 944),
                record("src/lib/actions/a-long-name.js", 12, 12),
            ],
            sha256: "f".repeat(64),
            size: 2000,
        };
        let text = written_human("x.zip", None, &summary, true);
        let lines: Vec<&str> = text.lines().take(3).collect();
        let end = lines[0].chars().count();
        assert!(lines.iter().all(|l| !l.ends_with(' ')), "{text}");
        // The size column ends at the same place on every line, the arrows line up.
        let size_ends: Vec<usize> = lines
            .iter()
            .map(|l| l.split(" →").next().unwrap().chars().count())
            .collect();
        assert_eq!(size_ends, [end, end, end], "{text}");
        let arrows: Vec<Option<usize>> = lines[1..].iter().map(|l| l.find('→')).collect();
        assert_eq!(arrows[0], arrows[1], "{text}");
        assert!(!text.contains("report:"), "{text}");
    }
}
