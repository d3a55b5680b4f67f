//! The platform's version rules (README, "Checking the version against published versions"),
//! applied to one manifest.
//!
//! - Only entries of the manifest's `name` *and* platform count (entries of the plain-text and
//!   JSON-array forms belong to whatever extension is checked).
//! - Ordering counts every `private`, `public` or released-without-detail entry, discontinued or
//!   not, whatever its `status`: a released package's version is taken. A `development` entry
//!   never counts for ordering, whatever its status: it is replaced by the upload (`failed`
//!   ones included: a failed package may be uploaded again until it succeeds).
//! - At most one ordering finding per manifest: equal to a released version (EP402) comes
//!   before lower than the highest (EP401); only when the version is greater than every
//!   released one does the update of a development package get its note (EP403).

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use super::VersionList;
use super::messages;
use super::model::{Availability, Entry, Form, ListFile, Package};
use super::number::VersionNumber;
use crate::diag::Diagnostic;
use crate::manifest::Manifest;
use crate::platform::Platform;

/// Every `--versions` finding for one manifest: missing listing pages, then the version against
/// the released ones. The manifest's `name` and `version` are left to the schema check when they
/// are missing or malformed.
pub fn check(list: &VersionList, manifest: &Manifest, platform: Platform) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = list
        .incomplete_listings()
        .iter()
        .map(messages::incomplete_listing)
        .collect();
    let Some(name) = manifest.top_level_str("name") else {
        return out;
    };
    let package = Package {
        name: name.to_owned(),
        platform,
    };
    let relevant: Vec<&Entry> = list
        .entries()
        .iter()
        .filter(|e| belongs_to(e, &package))
        .collect();
    if relevant.is_empty() {
        out.push(messages::no_matching_package(
            manifest,
            &package,
            &names_and_platforms(list),
            !list.incomplete_listings().is_empty(),
        ));
        return out;
    }
    out.extend(
        partial_sources(list, &package)
            .into_iter()
            .map(|f| messages::partial_listing(f, &package)),
    );
    let Some(Ok(candidate)) = manifest.top_level_str("version").map(VersionNumber::parse) else {
        return out;
    };
    out.extend(ordering(manifest, &candidate, &relevant, &package));
    out
}

fn belongs_to(entry: &Entry, package: &Package) -> bool {
    entry.package.as_ref().is_none_or(|p| p == package)
}

/// The package names in the lists, each with its platforms, sorted.
fn names_and_platforms(list: &VersionList) -> Vec<(String, Vec<String>)> {
    let mut names: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for p in list.entries().iter().filter_map(|e| e.package.as_ref()) {
        names
            .entry(p.name.as_str())
            .or_default()
            .insert(p.platform.as_str());
    }
    names
        .into_iter()
        .map(|(n, ps)| (n.to_owned(), ps.into_iter().map(str::to_owned).collect()))
        .collect()
}

/// The files that may lack older versions and hold entries of the package, unless a
/// `/versions` listing of the package was given as well.
fn partial_sources<'a>(list: &'a VersionList, package: &Package) -> Vec<&'a ListFile> {
    let holds = |f: &ListFile| f.entries.iter().any(|e| belongs_to(e, package));
    if list
        .files()
        .iter()
        .any(|f| f.form == Form::VersionsListing && holds(f))
    {
        return Vec::new();
    }
    list.files()
        .iter()
        .filter(|f| f.form.may_be_partial() && holds(f))
        .collect()
}

fn ordering(
    manifest: &Manifest,
    candidate: &VersionNumber,
    relevant: &[&Entry],
    package: &Package,
) -> Option<Diagnostic> {
    let released: Vec<&Entry> = relevant
        .iter()
        .copied()
        .filter(|e| e.availability.is_released())
        .collect();
    if let Some(highest) = released.iter().copied().max_by(|a, b| rank(a, b)) {
        let same = released
            .iter()
            .copied()
            .filter(|e| e.version.precedence(candidate).is_eq())
            .max_by(|a, b| rank(a, b));
        if let Some(same) = same {
            return Some(messages::already_released(
                manifest, candidate, same, highest, package,
            ));
        }
        if candidate.precedence(&highest.version).is_lt() {
            return Some(messages::not_greater(manifest, candidate, highest, package));
        }
    }
    let developments: Vec<&Entry> = relevant
        .iter()
        .copied()
        .filter(|e| e.availability == Availability::Development)
        .collect();
    (!developments.is_empty())
        .then(|| messages::updates_development(manifest, candidate, &developments, package))
}

/// Orders entries so that the maximum is the one to name: the highest precedence; among equal
/// versions public before private before released-without-detail; then the one given first.
fn rank(a: &Entry, b: &Entry) -> Ordering {
    let given = |e: &Entry| (e.file_index, e.location.range.start);
    a.version
        .precedence(&b.version)
        .then(availability_rank(a.availability).cmp(&availability_rank(b.availability)))
        .then(given(b).cmp(&given(a)))
}

fn availability_rank(a: Availability) -> u8 {
    match a {
        Availability::Public => 3,
        Availability::Private => 2,
        Availability::Released => 1,
        Availability::Development => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse::parse;
    use super::*;

    fn manifest(name: &str, version: &str) -> Manifest {
        let text = format!(r#"{{"name": "{name}", "version": "{version}", "platform": "web"}}"#);
        crate::manifest::parse("extension.json".into(), text.as_bytes())
            .manifest
            .unwrap_or_else(|| panic!("manifest"))
    }

    /// A list of `(name, platform, version, availability, extra attributes)`.
    fn api_list(form_url: Option<&str>, items: &[(&str, &str, &str, &str, &str)]) -> String {
        let items: Vec<String> = items
            .iter()
            .map(|(name, platform, version, availability, extra)| {
                format!(
                    r#"{{"id": "EP-{name}-{platform}-{version}", "type": "extension_packages", "attributes": {{"name": "{name}", "platform": "{platform}", "version": "{version}", "availability": "{availability}"{extra}}}}}"#
                )
            })
            .collect();
        let links = form_url.map_or(String::new(), |u| {
            format!(r#", "links": {{"self": "{u}"}}"#)
        });
        format!(r#"{{"data": [{}]{links}}}"#, items.join(",\n"))
    }

    const VERSIONS_URL: Option<&str> =
        Some("https://reactor.adobe.io/extension_packages/EP0/versions");

    fn list(texts: &[&str]) -> VersionList {
        let files = texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                parse(&format!("list{i}"), t.as_bytes(), i).unwrap_or_else(|e| panic!("{e}"))
            })
            .collect();
        VersionList::from_files(files)
    }

    fn findings(list: &VersionList, name: &str, version: &str) -> Vec<Diagnostic> {
        check(list, &manifest(name, version), Platform::Web)
    }

    fn codes(found: &[Diagnostic]) -> Vec<&str> {
        found.iter().map(Diagnostic::code).collect()
    }

    fn history() -> VersionList {
        list(&[&api_list(
            VERSIONS_URL,
            &[
                ("kessel-test", "web", "1.0.0", "public", ""),
                (
                    "kessel-test",
                    "web",
                    "1.1.0",
                    "public",
                    r#", "discontinued": true"#,
                ),
                ("kessel-test", "web", "v1.2.0", "private", ""),
                (
                    "kessel-test",
                    "web",
                    "1.3.0-beta.1",
                    "private",
                    r#", "discontinued": true"#,
                ),
                (
                    "kessel-test",
                    "web",
                    "1.4.0",
                    "development",
                    r#", "status": "failed""#,
                ),
                ("kessel-test", "edge", "5.0.0", "public", ""),
                ("kessel-other", "web", "9.0.0", "public", ""),
            ],
        )])
    }

    #[test]
    fn lower_than_the_highest_released_names_it() {
        let found = findings(&history(), "kessel-test", "1.2.5");
        assert_eq!(codes(&found), ["EP401"]);
        let d = &found[0];
        assert!(
            d.message.starts_with("version `1.2.5` is not greater than `1.3.0-beta.1` (private, discontinued), the highest released version of `kessel-test` on web (listed in `list0` line 4)"),
            "{}",
            d.message
        );
        assert_eq!(
            d.help.as_deref(),
            Some(
                "set `version` greater than `1.3.0-beta.1`: `1.3.0` (next patch), `1.4.0` (next minor) or `2.0.0` (next major); a discontinued version stays taken"
            )
        );
        assert_eq!(d.related.len(), 1);
        let related = &d.related[0];
        assert_eq!(
            &related.file.text()[related.range.clone()],
            "\"1.3.0-beta.1\""
        );
        let primary = d.primary.as_ref().map(|l| &l.file.text()[l.range.clone()]);
        assert_eq!(primary, Some("\"1.2.5\""));
    }

    #[test]
    fn a_prerelease_before_the_highest_is_lower() {
        assert_eq!(
            codes(&findings(&history(), "kessel-test", "1.3.0-alpha")),
            ["EP401"]
        );
    }

    #[test]
    fn equal_to_a_released_version_is_frozen() {
        let found = findings(&history(), "kessel-test", "1.2.0");
        assert_eq!(codes(&found), ["EP402"]);
        assert!(
            found[0]
                .message
                .contains("is already released as `v1.2.0` (private)"),
            "{}",
            found[0].message
        );
        assert!(found[0].message.contains("that version is frozen"));
        assert!(
            found[0]
                .message
                .contains("the highest released version is `1.3.0-beta.1`")
        );
        // Build metadata and a `v` are not part of the number.
        for same in ["v1.1.0", "1.3.0-beta.1+build.7"] {
            assert_eq!(
                codes(&findings(&history(), "kessel-test", same)),
                ["EP402"],
                "{same}"
            );
        }
        let top = findings(&history(), "kessel-test", "1.3.0-beta.1");
        assert!(!top[0].message.contains("highest released version is"));
    }

    #[test]
    fn greater_than_every_released_one_updates_the_development_package() {
        for candidate in ["1.3.0", "1.3.0-beta.2", "1.3.1"] {
            let found = findings(&history(), "kessel-test", candidate);
            assert_eq!(codes(&found), ["EP403"], "{candidate}");
            assert!(
                found[0].message.contains("updates the development package `1.4.0` (EP-kessel-test-web-1.4.0, development, status failed)"),
                "{}",
                found[0].message
            );
            assert!(
                found[0]
                    .message
                    .contains("failed package may be uploaded again")
            );
        }
    }

    #[test]
    fn other_platforms_and_names_are_ignored() {
        // 5.0.0 (edge) and 9.0.0 (another name) would make 2.0.0 too low.
        assert_eq!(
            codes(&findings(&history(), "kessel-test", "2.0.0")),
            ["EP403"]
        );
        let edge_dev = list(&[&api_list(
            VERSIONS_URL,
            &[
                ("kessel-test", "web", "1.0.0", "public", ""),
                ("kessel-test", "edge", "1.5.0", "development", ""),
            ],
        )]);
        assert!(findings(&edge_dev, "kessel-test", "1.1.0").is_empty());
    }

    #[test]
    fn released_entries_count_whatever_their_status() {
        let odd = list(&[&api_list(
            VERSIONS_URL,
            &[(
                "kessel-test",
                "web",
                "2.0.0",
                "private",
                r#", "status": "failed""#,
            )],
        )]);
        let found = findings(&odd, "kessel-test", "1.9.0");
        assert_eq!(codes(&found), ["EP401"]);
        assert!(found[0].message.contains("(private, status failed)"));
    }

    #[test]
    fn several_development_packages_are_all_named() {
        let two = list(&[&api_list(
            VERSIONS_URL,
            &[
                (
                    "kessel-test",
                    "web",
                    "1.0.0",
                    "development",
                    r#", "status": "pending""#,
                ),
                ("kessel-test", "web", "1.1.0", "development", ""),
            ],
        )]);
        let found = findings(&two, "kessel-test", "0.1.0");
        assert_eq!(codes(&found), ["EP403"]);
        assert!(
            found[0]
                .message
                .contains("one of the 2 development packages"),
            "{}",
            found[0].message
        );
        assert_eq!(found[0].related.len(), 2);
    }

    #[test]
    fn a_list_of_other_names_is_probably_another_extension() {
        let found = findings(&history(), "kessel-new", "1.0.0");
        assert_eq!(codes(&found), ["EP404"]);
        assert!(found[0].message.contains("no entry of the versions list is named `kessel-new` (it lists `kessel-other`, `kessel-test`)"), "{}", found[0].message);
        let edge = check(
            &history(),
            &manifest("kessel-other", "1.0.0"),
            Platform::Edge,
        );
        assert!(
            edge[0]
                .message
                .contains("has `kessel-other` only on web, not on edge"),
            "{}",
            edge[0].message
        );
        let empty = list(&[r#"{"data": []}"#]);
        let found = findings(&empty, "kessel-test", "1.0.0");
        assert!(found[0].message.contains("holds no packages at all"));
    }

    #[test]
    fn a_plain_listing_gets_a_note_unless_a_versions_listing_is_given_too() {
        let plain = api_list(None, &[("kessel-test", "web", "1.0.0", "public", "")]);
        let found = findings(&list(&[&plain]), "kessel-test", "1.1.0");
        assert_eq!(codes(&found), ["EP406"]);
        assert!(
            found[0]
                .message
                .contains("may hold only the latest version")
        );
        let complete = api_list(
            VERSIONS_URL,
            &[("kessel-test", "web", "0.9.0", "public", "")],
        );
        assert!(findings(&list(&[&plain, &complete]), "kessel-test", "1.1.0").is_empty());
        // A plain listing of other packages only says nothing about this one.
        let others = api_list(None, &[("kessel-other", "web", "1.0.0", "public", "")]);
        assert!(findings(&list(&[&others, &complete]), "kessel-test", "1.1.0").is_empty());
    }

    #[test]
    fn plain_lists_belong_to_the_extension_checked() {
        let text = list(&["1.0.0 public\nv2.0.0\n"]);
        let found = findings(&text, "any-name", "v2.0.0");
        assert_eq!(codes(&found), ["EP402"]);
        assert!(
            found[0].message.contains("already released (released)"),
            "{}",
            found[0].message
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some(
                "set `version` greater than `v2.0.0`: `v2.0.1` (next patch), `v2.1.0` (next minor) or `v3.0.0` (next major)"
            )
        );
        let array = list(&[r#"["1.0.0", "1.5.0-rc.1"]"#]);
        assert_eq!(codes(&findings(&array, "x", "1.5.0-rc.0")), ["EP401"]);
        assert!(findings(&array, "x", "1.5.0").is_empty());
    }

    #[test]
    fn a_malformed_manifest_version_is_left_to_the_schema_check() {
        assert!(findings(&history(), "kessel-test", "1.0").is_empty());
    }
}
