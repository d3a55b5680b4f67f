//! `check --against OLD` (or `against = "…"` in extpack.toml): the breaking changes since the
//! previous release, as findings on the new extension.json (EP601–EP608).
//!
//! The comparison is [`crate::diff::compare`]; this file only turns its changes into findings.
//! EP601–EP605 state facts (what was removed or narrowed) and stay notes: whether the release
//! may break is decided by the version, in EP607 (a warning, so `--deny-warnings` fails on it)
//! and EP608 (an error: the previous release's version is frozen).

use std::cmp::Ordering;

use super::{Check, Context};
use crate::diag::{Diagnostic, Location, Rule, codes};
use crate::diff::{self, Breaking, Change, ChangeKind, ManifestDiff, Release, Side, Subject};
use crate::manifest::Manifest;
use crate::versions::VersionNumber;

/// Compares the extension with the previous release, when one is given.
pub struct AgainstCheck;

impl Check for AgainstCheck {
    fn codes(&self) -> &'static [&'static Rule] {
        static CODES: &[&Rule] = &[
            &codes::EP601,
            &codes::EP602,
            &codes::EP603,
            &codes::EP604,
            &codes::EP605,
            &codes::EP606,
            &codes::EP607,
            &codes::EP608,
        ];
        CODES
    }

    fn run(&self, cx: &Context<'_>) -> Vec<Diagnostic> {
        let Some(previous) = cx.options.against else {
            return Vec::new();
        };
        let m = cx.manifest;
        let (Some(name), Some(platform), Some(version)) = (
            m.top_level_str("name"),
            m.top_level_str("platform"),
            m.top_level_str("version"),
        ) else {
            // The schema check reports what is missing; there is nothing to compare by.
            return Vec::new();
        };
        // A listing without a release of this extension is a fatal error of `analysis`.
        let Some(old) = previous.release_for(name, platform) else {
            return Vec::new();
        };
        let side = Side {
            path: cx.source.display_root().to_owned(),
            name: name.to_owned(),
            platform: platform.to_owned(),
            version: version.to_owned(),
        };
        if !old.side.is_same_extension(&side) {
            // A fatal error of `analyze_path`; a library caller gets no findings.
            return Vec::new();
        }
        findings(&diff::compare(old, side, m), old, m)
    }
}

/// The findings of a comparison.
pub fn findings(d: &ManifestDiff, old: &Release, new: &Manifest) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = d
        .changes
        .iter()
        .filter_map(|c| change(c, d, old, new))
        .collect();
    if d.breaking_without_major_bump() {
        out.push(no_major_bump(d, new));
    }
    if matches!(d.version_order(), Some(Ordering::Less | Ordering::Equal)) {
        out.push(not_greater(d, new));
    }
    out
}

fn rule_of(c: &Change) -> Option<&'static Rule> {
    Some(match (c.kind, &c.subject, c.breaking) {
        (ChangeKind::Removed, Subject::Feature { .. }, _) => &codes::EP601,
        (ChangeKind::Removed, Subject::SharedModule { .. }, _) => &codes::EP602,
        (ChangeKind::Removed, Subject::Configuration, _) => &codes::EP603,
        (ChangeKind::Settings, _, Breaking::Yes) => &codes::EP604,
        (ChangeKind::Settings | ChangeKind::Added, _, Breaking::Review) => &codes::EP605,
        (ChangeKind::TransformRemoved | ChangeKind::TransformChanged, _, _) => &codes::EP606,
        _ => return None,
    })
}

/// The place of a pointer; objects and arrays are cut to their first line.
fn spot(m: &Manifest, pointer: &str) -> Location {
    let location = m.value_location(pointer);
    match m.get(pointer) {
        Some(v) if v.is_object() || v.is_array() => location.first_line(),
        _ => location,
    }
}

fn change(c: &Change, d: &ManifestDiff, old: &Release, new: &Manifest) -> Option<Diagnostic> {
    let rule = rule_of(c)?;
    let new_pointer = c.new_pointer.as_deref().unwrap_or("");
    let old_at = c
        .old_pointer
        .as_deref()
        .map(|p| spot(&old.manifest, p).with_label(format!("in {}", d.old.version)));
    let where_old = old_at
        .as_ref()
        .map(|l| {
            format!(
                " (it was at {}:{})",
                l.file.name(),
                l.file.position(l.range.start).line
            )
        })
        .unwrap_or_default();
    let (message, label, help) = wording(rule, c, d, &where_old);
    let mut diagnostic = Diagnostic::new(rule, new.file.name(), message)
        .at(spot(new, new_pointer).with_label(label))
        .pointer(new_pointer)
        .help(help);
    if let Some(at) = old_at {
        diagnostic = diagnostic.related(at);
    }
    Some(diagnostic)
}

/// Message, label and help of a change's finding.
fn wording(rule: &Rule, c: &Change, d: &ManifestDiff, where_old: &str) -> (String, String, String) {
    let subject = c.subject.describe();
    let old = &d.old.version;
    match rule.code {
        "EP601" => (
            format!("{subject} of {old} was removed{where_old}: rules that use it break when a property upgrades"),
            "removed from here".to_owned(),
            "keep it (it may do nothing new), or release a new major version and say so in the release notes".to_owned(),
        ),
        "EP602" => (
            format!("{subject} of {old} was removed{where_old}: other extensions that get it with `getSharedModule` break"),
            "removed from here".to_owned(),
            "keep the shared module, or release a new major version and say so in the release notes".to_owned(),
        ),
        "EP603" => (
            format!("the configuration of {old} was removed{where_old}: the settings properties saved for the extension are lost"),
            "`configuration` removed".to_owned(),
            "keep `configuration` (its view may ignore old settings), or release a new major version".to_owned(),
        ),
        "EP604" => (
            format!("settings of {subject}: `{}`: {}; settings saved with {old} may now be rejected{where_old}", display_setting(c), c.what),
            "narrower than before".to_owned(),
            "accept what the previous version accepted (relax the schema and handle old values in the library), or release a new major version".to_owned(),
        ),
        "EP605" => (
            format!("settings of {subject}: `{}`: {} — extpack cannot tell whether settings saved with {old} still match{where_old}", display_setting(c), c.what),
            "changed".to_owned(),
            "check that settings saved with the previous version are still valid; `[rules] EP605 = \"off\"` once reviewed".to_owned(),
        ),
        _ => (
            format!("the transform of `{}` in {subject}: {}{where_old}; the library now receives settings saved with {old} in another form", c.setting, c.what),
            "transform changed".to_owned(),
            "make sure the library module handles the settings in both forms".to_owned(),
        ),
    }
}

fn display_setting(c: &Change) -> &str {
    if c.setting.is_empty() {
        "(the settings object)"
    } else {
        &c.setting
    }
}

fn no_major_bump(d: &ManifestDiff, new: &Manifest) -> Diagnostic {
    let list: Vec<String> = d.breaking().map(Change::sentence).collect();
    let next = VersionNumber::parse(&d.old.version)
        .map(|v| {
            let n = v.next_releases(v.has_v_prefix());
            if v.written().trim_start_matches('v').starts_with("0.") {
                n.minor
            } else {
                n.major
            }
        })
        .unwrap_or_default();
    Diagnostic::new(
        &codes::EP607,
        new.file.name(),
        format!(
            "breaking change{} without a major version bump ({} → {}): {}",
            if list.len() == 1 { "" } else { "s" },
            d.old.version,
            d.new.version,
            list.join("; ")
        ),
    )
    .at(spot(new, "/version").with_label("same major version"))
    .pointer("/version")
    .help(format!(
        "release this as {next}, or undo the breaking changes"
    ))
}

fn not_greater(d: &ManifestDiff, new: &Manifest) -> Diagnostic {
    let next = VersionNumber::parse(&d.old.version)
        .map(|v| v.next_releases(v.has_v_prefix()).patch)
        .unwrap_or_default();
    Diagnostic::new(
        &codes::EP608,
        new.file.name(),
        format!(
            "the version {} is not greater than {} of the previous release ({}); that version is frozen",
            d.new.version, d.old.version, d.old.path
        ),
    )
    .at(spot(new, "/version").with_label("not greater"))
    .pointer("/version")
    .help(format!("raise the version, e.g. to {next}"))
}
