//! `extpack diff` output: human text grouped by subject, the versioned JSON document, and
//! Markdown for release notes.

use std::cmp::Ordering;
use std::io::{self, Write};

use serde::Serialize;

use crate::diag::text::escape_controls;
use crate::diff::{Breaking, Change, ManifestDiff, Side};

/// The output formats of `extpack diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// Changes grouped by feature, breaking ones marked.
    Human,
    /// The versioned JSON document (see the README for its shape).
    Json,
    /// Release notes: breaking changes, changes to review, other changes.
    Markdown,
}

/// The version of the JSON shape of `extpack diff`.
pub const VERSION: u32 = 1;

pub fn render(diff: &ManifestDiff, format: DiffFormat, out: &mut dyn Write) -> io::Result<()> {
    match format {
        // Names and values come from the manifests: nothing in them may act on a terminal.
        DiffFormat::Human => out.write_all(escape_controls(&human(diff)).as_bytes()),
        DiffFormat::Json => json(diff, out),
        DiffFormat::Markdown => out.write_all(escape_controls(&markdown(diff)).as_bytes()),
    }
}

fn tag(b: Breaking) -> &'static str {
    match b {
        Breaking::Yes => "breaking  ",
        Breaking::Review => "review    ",
        Breaking::No => "          ",
    }
}

/// One line about the versions when they are not in order, or break without a major bump.
fn version_notice(diff: &ManifestDiff) -> Option<String> {
    match diff.version_order() {
        Some(Ordering::Less | Ordering::Equal) => Some(format!(
            "warning: the new version {} is not greater than the old version {}",
            diff.new.version, diff.old.version
        )),
        _ if diff.breaking_without_major_bump() => Some(format!(
            "warning: breaking changes without a major version bump ({} → {})",
            diff.old.version, diff.new.version
        )),
        _ => None,
    }
}

fn counts(diff: &ManifestDiff) -> (usize, usize, usize) {
    let n = |b| diff.changes.iter().filter(|c| c.breaking == b).count();
    (n(Breaking::Yes), n(Breaking::Review), n(Breaking::No))
}

/// The human format: a heading, then each subject with its changes.
pub fn human(diff: &ManifestDiff) -> String {
    let mut out = format!(
        "{} ({}) {} → {}\n  old: {}\n  new: {}\n",
        diff.new.name,
        diff.new.platform,
        diff.old.version,
        diff.new.version,
        diff.old.path,
        diff.new.path
    );
    let mut subject = None;
    for change in &diff.changes {
        if subject != Some(&change.subject) {
            out.push_str(&format!("\n{}\n", change.subject.describe()));
            subject = Some(&change.subject);
        }
        let setting = if change.setting.is_empty() {
            String::new()
        } else {
            format!("`{}`: ", change.setting)
        };
        out.push_str(&format!(
            "  {}{setting}{}\n",
            tag(change.breaking),
            change.what
        ));
    }
    let (breaking, review, compatible) = counts(diff);
    out.push_str(&format!(
        "\n{} {}: {breaking} breaking, {review} to review, {compatible} compatible\n",
        diff.changes.len(),
        if diff.changes.len() == 1 {
            "change"
        } else {
            "changes"
        }
    ));
    if let Some(notice) = version_notice(diff) {
        out.push_str(&notice);
        out.push('\n');
    }
    out
}

/// Markdown for release notes: a heading per class of change, a bullet per change.
pub fn markdown(diff: &ManifestDiff) -> String {
    let mut out = format!(
        "## {} {}\n\nChanges since {}.\n",
        diff.new.name, diff.new.version, diff.old.version
    );
    let sections = [
        (
            Breaking::Yes,
            "Breaking changes",
            "Rules and settings saved with the previous version stop working after the upgrade:",
        ),
        (
            Breaking::Review,
            "Changes to review",
            "These may affect saved settings:",
        ),
        (Breaking::No, "Other changes", ""),
    ];
    for (class, heading, intro) in sections {
        let items: Vec<&Change> = diff
            .changes
            .iter()
            .filter(|c| c.breaking == class)
            .collect();
        if items.is_empty() {
            continue;
        }
        out.push_str(&format!("\n### {heading}\n\n"));
        if !intro.is_empty() {
            out.push_str(intro);
            out.push_str("\n\n");
        }
        for c in items {
            out.push_str(&format!("- {}\n", capitalized(&c.sentence())));
        }
    }
    if diff.changes.is_empty() {
        out.push_str("\nNo changes that affect users of the extension.\n");
    }
    out
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    old: &'a Side,
    new: &'a Side,
    /// Whether breaking changes come without a major version bump.
    breaking_without_major_bump: bool,
    summary: Summary,
    changes: Vec<ChangeDto<'a>>,
}

#[derive(Serialize)]
struct Summary {
    breaking: usize,
    review: usize,
    compatible: usize,
}

#[derive(Serialize)]
struct ChangeDto<'a> {
    subject: &'static str,
    name: Option<&'a str>,
    kind: &'static str,
    breaking: &'static str,
    setting: Option<&'a str>,
    message: &'a str,
    old_pointer: Option<&'a str>,
    new_pointer: Option<&'a str>,
}

fn json(diff: &ManifestDiff, out: &mut dyn Write) -> io::Result<()> {
    let (breaking, review, compatible) = counts(diff);
    let doc = Document {
        version: VERSION,
        old: &diff.old,
        new: &diff.new,
        breaking_without_major_bump: diff.breaking_without_major_bump(),
        summary: Summary {
            breaking,
            review,
            compatible,
        },
        changes: diff
            .changes
            .iter()
            .map(|c| ChangeDto {
                subject: c.subject.kind(),
                name: c.subject.name(),
                kind: c.kind.as_str(),
                breaking: c.breaking.as_str(),
                setting: (!c.setting.is_empty()).then_some(c.setting.as_str()),
                message: &c.what,
                old_pointer: c.old_pointer.as_deref(),
                new_pointer: c.new_pointer.as_deref(),
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::other)?;
    writeln!(out)
}
