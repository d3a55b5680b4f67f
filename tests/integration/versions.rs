//! `check --versions`: the manifest's version against saved lists of published versions
//! (`testdata/versions/`), end to end.

use serde_json::Value;

use crate::common::{check_json, codes, copy_dir, extpack, root, run};

const VERSIONS: &str = "testdata/versions/kessel-test.versions.json";
const PACKAGES: &str = "testdata/versions/kessel-test.packages.json";
const LOOKUP: &str = "testdata/versions/kessel-test.lookup.json";
const PAGE_1: &str = "testdata/versions/kessel-test.versions.page-1.json";
const PAGE_2: &str = "testdata/versions/kessel-test.versions.page-2.json";
const PAGE_3: &str = "testdata/versions/kessel-test.versions.page-3.json";
const TEXT: &str = "testdata/versions/kessel-test.txt";
const ARRAY: &str = "testdata/versions/kessel-test.array.json";
const OTHER: &str = "testdata/versions/other-extension.versions.json";

/// An extension in a temporary folder: a valid minimal one of `platform` with `name` and
/// `version`.
fn extension(name: &str, version: &str, platform: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let template = root().join(format!("testdata/valid/{platform}-minimal"));
    copy_dir(&template, dir.path());
    let path = dir.path().join("extension.json");
    let mut manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    manifest["name"] = name.into();
    manifest["version"] = version.into();
    std::fs::write(&path, serde_json::to_string_pretty(&manifest).unwrap()).unwrap();
    dir
}

/// `check --format json` of one extension with lists: its findings and the exit code.
fn check(name: &str, version: &str, platform: &str, lists: &[&str]) -> (Vec<Value>, i32) {
    let ext = extension(name, version, platform);
    let mut args: Vec<&str> = Vec::new();
    for list in lists {
        args.extend(["--versions", list]);
    }
    let path = ext.path().to_str().unwrap().to_owned();
    args.push(&path);
    let (report, code) = check_json(&args);
    let findings = report["extensions"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .clone();
    (findings, code)
}

fn codes_of(findings: &[Value]) -> Vec<&str> {
    findings
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect()
}

fn message<'a>(findings: &'a [Value], code: &str) -> &'a str {
    findings
        .iter()
        .find(|d| d["code"] == code)
        .and_then(|d| d["message"].as_str())
        .unwrap_or_else(|| panic!("no {code} in {findings:?}"))
}

#[test]
fn an_ordering_error_shows_the_manifest_and_the_list_entry() {
    let r = run(&[
        "check",
        "--versions",
        VERSIONS,
        "testdata/checks/EP401/trigger",
    ]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout
            .contains("╭─[testdata/checks/EP401/trigger/extension.json:3:14]"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("╭─[testdata/versions/kessel-test.versions.json:148:20]"),
        "{}",
        r.stdout
    );
    insta::assert_snapshot!("human_version_not_greater", r.stdout);
}

#[test]
fn lower_than_the_highest_names_it_its_availability_and_its_place() {
    let (found, code) = check("kessel-test", "1.2.5", "web", &[VERSIONS]);
    assert_eq!(codes_of(&found), ["EP401"]);
    assert_eq!(code, 1);
    let d = &found[0];
    assert_eq!(d["pointer"], "/version");
    assert_eq!(d["line"], 3);
    let m = d["message"].as_str().unwrap();
    assert!(
        m.contains("not greater than `1.3.0-beta.1` (private, discontinued)"),
        "{m}"
    );
    assert!(
        m.contains("(listed in `testdata/versions/kessel-test.versions.json` line 148)"),
        "{m}"
    );
    assert_eq!(
        d["help"],
        "set `version` greater than `1.3.0-beta.1`: `1.3.0` (next patch), `1.4.0` (next minor) or `2.0.0` (next major); a discontinued version stays taken"
    );
}

#[test]
fn prereleases_sort_before_their_release() {
    let (found, _) = check("kessel-test", "1.3.0-alpha.1", "web", &[VERSIONS]);
    assert_eq!(codes_of(&found), ["EP401"]);
    let (found, code) = check("kessel-test", "1.3.0-beta.2", "web", &[VERSIONS]);
    assert_eq!(codes_of(&found), ["EP403"]);
    assert_eq!(code, 0);
}

#[test]
fn a_released_version_is_frozen_whatever_its_v_or_build() {
    let (found, code) = check("kessel-test", "1.2.0", "web", &[VERSIONS]);
    assert_eq!(codes_of(&found), ["EP402"]);
    assert_eq!(code, 1);
    let m = message(&found, "EP402");
    assert!(m.contains("already released as `v1.2.0` (private)"), "{m}");
    assert!(m.contains("that version is frozen"), "{m}");
    assert!(
        m.contains("the highest released version is `1.3.0-beta.1`"),
        "{m}"
    );
    let (found, _) = check("kessel-test", "v1.1.0", "web", &[VERSIONS]);
    assert!(
        message(&found, "EP402").contains("(public, discontinued)"),
        "{found:?}"
    );
    let (found, _) = check("kessel-test", "1.3.0-beta.1+build.7", "web", &[VERSIONS]);
    assert_eq!(codes_of(&found), ["EP402"]);
    // The help keeps the manifest's `v`.
    let (found, _) = check("kessel-test", "v1.0.0", "web", &[VERSIONS]);
    assert!(
        found[0]["help"]
            .as_str()
            .unwrap()
            .contains("`v1.3.0` (next patch)")
    );
}

#[test]
fn a_failed_development_package_does_not_count_and_is_updated() {
    // 1.3.0 is lower than the failed development package 1.4.0: accepted.
    let (found, code) = check("kessel-test", "1.3.0", "web", &[VERSIONS]);
    assert_eq!(codes_of(&found), ["EP403"]);
    assert_eq!(code, 0);
    assert_eq!(found[0]["severity"], "note");
    let m = message(&found, "EP403");
    assert!(
        m.contains("updates the development package `1.4.0` (EPk000000000000000000000000000005, development, status failed)"),
        "{m}"
    );
    assert!(m.contains("may be uploaded again until it succeeds"), "{m}");
}

#[test]
fn the_later_copy_of_an_entry_wins_and_a_versions_listing_silences_the_note() {
    // The plain listing was saved after 1.4.0 was uploaded again: it is pending there.
    let (found, code) = check("kessel-test", "1.3.0", "web", &[VERSIONS, PACKAGES]);
    assert_eq!(codes_of(&found), ["EP403"]);
    assert_eq!(code, 0);
    let m = message(&found, "EP403");
    assert!(m.contains("status pending"), "{m}");
    assert!(m.contains("had not finished"), "{m}");
}

#[test]
fn a_plain_listing_or_a_lookup_is_said_to_be_partial() {
    let (found, code) = check("kessel-test", "1.3.0", "web", &[PACKAGES]);
    assert_eq!(codes_of(&found), ["EP403", "EP406"]);
    assert_eq!(code, 0);
    let note = found.iter().find(|d| d["code"] == "EP406").unwrap();
    assert_eq!(note["file"], PACKAGES);
    assert_eq!(note["pointer"], Value::Null);
    assert!(
        note["message"]
            .as_str()
            .unwrap()
            .contains("may hold only the latest version of each package"),
        "{note}"
    );
    assert!(
        note["help"]
            .as_str()
            .unwrap()
            .contains("GET /extension_packages/{id}/versions")
    );
    let (found, code) = check("kessel-test", "1.2.5", "web", &[LOOKUP]);
    assert_eq!(codes_of(&found), ["EP401", "EP406"]);
    assert_eq!(code, 1);
    assert!(message(&found, "EP406").contains("a lookup of one package"));
}

#[test]
fn entries_of_another_platform_are_another_package() {
    // The plain listing has kessel-test 5.0.0 (public) and 5.1.0 (development) on edge.
    let (found, _) = check("kessel-test", "2.0.0", "web", &[PACKAGES]);
    assert_eq!(codes_of(&found), ["EP403", "EP406"]);
    assert!(message(&found, "EP403").contains("`1.4.0`"));
    let (found, code) = check("kessel-test", "4.0.0", "edge", &[PACKAGES]);
    assert_eq!(codes_of(&found), ["EP401", "EP406"]);
    assert_eq!(code, 1);
    assert!(message(&found, "EP401").contains("`5.0.0` (public)"));
    // A development package on edge is not updated by a web upload.
    let (found, _) = check(
        "kessel-test",
        "1.1.0",
        "web",
        &["testdata/versions/kessel-test.edge-development.json"],
    );
    assert_eq!(codes_of(&found), ["EP406"]);
    // Only on edge: nothing to compare a web extension with.
    let (found, _) = check("kessel-other", "1.0.0", "edge", &[PACKAGES]);
    assert_eq!(codes_of(&found), ["EP404"]);
    assert!(message(&found, "EP404").contains("`kessel-other` only on web, not on edge"));
}

#[test]
fn a_list_of_another_extension_is_a_warning() {
    let (found, code) = check("kessel-test", "1.0.0", "web", &[OTHER]);
    assert_eq!(codes_of(&found), ["EP404"]);
    assert_eq!(code, 0);
    let d = &found[0];
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["pointer"], "/name");
    assert!(
        d["message"].as_str().unwrap().contains(
            "no entry of the versions list is named `kessel-test` (it lists `kessel-other`)"
        ),
        "{d}"
    );
    let (found, _) = check(
        "kessel-test",
        "1.0.0",
        "web",
        &["testdata/versions/empty.json"],
    );
    assert!(message(&found, "EP404").contains("holds no packages at all"));
    let ext = extension("kessel-test", "1.0.0", "web");
    let r = run(&[
        "check",
        "--deny-warnings",
        "--versions",
        OTHER,
        ext.path().to_str().unwrap(),
    ]);
    assert_eq!(r.code, 1);
}

#[test]
fn missing_pages_are_named_and_overlapping_pages_count_once() {
    let (found, code) = check("kessel-test", "1.3.0", "web", &[PAGE_1]);
    assert_eq!(codes_of(&found), ["EP405"]);
    assert_eq!(code, 0);
    let d = &found[0];
    assert_eq!(d["file"], PAGE_1);
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .starts_with("`testdata/versions/kessel-test.versions.page-1.json` is page 1 of 3 of a `/versions` listing; pages 2 and 3 were not given"),
        "{d}"
    );
    let (found, _) = check("kessel-test", "1.3.0", "web", &[PAGE_1, PAGE_3]);
    let m = message(&found, "EP405");
    assert!(m.contains("pages 1 and 3 of 3"), "{m}");
    assert!(m.contains("page 2 was not given"), "{m}");
    // Every page, in any order: complete. 1.4.0 is on pages 2 and 3 and counts once.
    let (found, code) = check("kessel-test", "1.3.0", "web", &[PAGE_3, PAGE_1, PAGE_2]);
    assert_eq!(codes_of(&found), ["EP403"]);
    assert_eq!(code, 0);
    assert!(
        message(&found, "EP403").contains("updates the development package `1.4.0`"),
        "{found:?}"
    );
    // The highest released version is on page 3: without it the order looks fine.
    let (found, _) = check("kessel-test", "1.2.5", "web", &[PAGE_1, PAGE_2]);
    assert_eq!(codes_of(&found), ["EP403", "EP405"]);
    let (found, _) = check("kessel-test", "1.2.5", "web", &[PAGE_1, PAGE_2, PAGE_3]);
    assert_eq!(codes_of(&found), ["EP401"]);
}

#[test]
fn a_plain_text_list_has_words_comments_and_bare_versions() {
    let (found, _) = check("kessel-test", "1.2.0", "web", &[TEXT]);
    assert_eq!(codes_of(&found), ["EP402"]);
    assert!(message(&found, "EP402").contains("(private)"));
    assert!(message(&found, "EP402").contains("`testdata/versions/kessel-test.txt` line 6"));
    let (found, _) = check("kessel-test", "v1.2.0-rc.2", "web", &[TEXT]);
    assert_eq!(codes_of(&found), ["EP401"]);
    let (found, code) = check("kessel-test", "1.2.1", "web", &[TEXT]);
    assert_eq!(codes_of(&found), ["EP403"]);
    assert_eq!(code, 0);
    // Plain lists have no names: they belong to the extension checked.
    let (found, _) = check("any-name", "0.9.0", "edge", &[TEXT]);
    assert_eq!(codes_of(&found), ["EP401"]);
}

#[test]
fn a_json_array_counts_every_version_as_released() {
    let (found, _) = check("kessel-test", "1.2.0", "web", &[ARRAY]);
    assert_eq!(codes_of(&found), ["EP402"]);
    assert!(message(&found, "EP402").contains("already released as `1.2.0+build.5` (released)"));
    let (found, code) = check("kessel-test", "1.2.1", "web", &[ARRAY]);
    assert!(found.is_empty(), "{found:?}");
    assert_eq!(code, 0);
}

#[test]
fn standard_input_is_a_list_too() {
    let ext = extension("kessel-test", "1.0.0", "web");
    let output = extpack()
        .args(["check", "--format", "json", "--versions", "-"])
        .arg(ext.path())
        .write_stdin("# from a pipe\n1.0.0 public\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(codes(&report), ["EP402"]);
    assert!(
        report["extensions"][0]["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("`<stdin>` line 2")
    );
}

#[test]
fn one_list_serves_every_extension_checked() {
    let a = extension("kessel-test", "1.2.5", "web");
    let b = extension("kessel-test", "2.0.0", "web");
    let (report, code) = check_json(&[
        "--versions",
        VERSIONS,
        a.path().to_str().unwrap(),
        b.path().to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    let per_extension: Vec<Vec<&str>> = report["extensions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            e["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["code"].as_str().unwrap())
                .collect()
        })
        .collect();
    assert_eq!(per_extension, [vec!["EP401"], vec!["EP403"]]);
}

#[test]
fn without_versions_nothing_is_compared() {
    let (report, code) = check_json(&["testdata/checks/EP401/trigger"]);
    assert_eq!(codes(&report), Vec::<String>::new());
    assert_eq!(code, 0);
}

#[test]
fn a_list_that_cannot_be_used_exits_2_with_its_place() {
    let cases = [
        (
            "testdata/versions/no-such-list.json",
            "`testdata/versions/no-such-list.json`: it cannot be read",
        ),
        (
            "testdata/versions/bad/invalid.json",
            "`testdata/versions/bad/invalid.json` line 3: it is not valid JSON: trailing comma",
        ),
        (
            "testdata/versions/bad/api-error.json",
            "an API error response, not a list: Unauthorized: Oauth token is not valid",
        ),
        (
            "testdata/versions/bad/missing-version.json",
            "line 44 at /data/1/attributes: the entry has no `version`",
        ),
        (
            "testdata/versions/bad/not-semver.json",
            "at /data/1/attributes/version: `1.2` is not a semantic version",
        ),
        (
            "testdata/versions/bad/unknown-availability.json",
            "at /data/1/attributes/availability: unknown availability `released`",
        ),
        (
            "testdata/versions/bad/extensions-not-packages.json",
            "at /data/0/type: this entry is a `extensions` resource",
        ),
        (
            "testdata/versions/bad/unknown-availability.txt",
            "`testdata/versions/bad/unknown-availability.txt` line 2: unknown availability `Public`",
        ),
        (
            "testdata/versions/bad/not-semver.txt",
            "`testdata/versions/bad/not-semver.txt` line 3: `1.1` is not a semantic version",
        ),
        (
            "testdata/versions/bad/array-with-number.json",
            "line 2 at /1: an array of versions holds only version strings; found a number",
        ),
    ];
    for (list, expected) in cases {
        let r = run(&[
            "check",
            "--versions",
            VERSIONS,
            "--versions",
            list,
            "testdata/checks/EP401/trigger",
        ]);
        assert_eq!(r.code, 2, "{list}: {}", r.stderr);
        assert!(
            r.stdout.is_empty(),
            "{list}: no report when a list is unusable"
        );
        let stderr = r.stderr.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            stderr.contains(expected),
            "{list}:\n{}\nlacks {expected}",
            r.stderr
        );
        assert!(!stderr.contains("panicked"));
    }
}

#[test]
fn a_bad_entry_is_shown_in_its_file() {
    let r = run(&[
        "check",
        "--versions",
        "testdata/versions/bad/not-semver.json",
        "testdata/checks/EP401/trigger",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("testdata/versions/bad/not-semver.json:72:20"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("help:"), "{}", r.stderr);
}

#[test]
fn help_documents_the_option() {
    let r = run(&["check", "--help"]);
    assert!(r.stdout.contains("--versions <FILE>"), "{}", r.stdout);
    assert!(r.stdout.contains("/extension_packages/{id}/versions"));
}
