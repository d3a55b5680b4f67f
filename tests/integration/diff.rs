//! `extpack diff` and `check --against` on the fixture pairs of `testdata/diff/`.

use crate::common::{codes, copy_dir, run};

fn pair(case: &str) -> (String, String) {
    (
        format!("testdata/diff/{case}/old"),
        format!("testdata/diff/{case}/new"),
    )
}

fn against_codes(case: &str) -> (Vec<String>, i32) {
    let (old, new) = pair(case);
    let r = run(&["check", "--format", "json", "--against", &old, &new]);
    let report: serde_json::Value = serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("{case}: not JSON ({e}): {}{}", r.stdout, r.stderr));
    let mut found = codes(&report);
    found.sort();
    (found, r.code)
}

#[test]
fn every_rule_has_a_case_and_the_near_misses_stay_quiet() {
    let cases: &[(&str, &[&str], i32)] = &[
        ("feature-removed", &["EP601", "EP607"], 0),
        ("shared-module-removed", &["EP602", "EP607"], 0),
        ("configuration-removed", &["EP603", "EP607"], 0),
        ("settings-required", &["EP604", "EP607"], 0),
        ("settings-dropped-closed", &["EP604", "EP607"], 0),
        ("settings-closed", &["EP604", "EP607"], 0),
        ("settings-type", &["EP604", "EP607"], 0),
        ("settings-enum-removed", &["EP604", "EP607"], 0),
        ("settings-enum-added", &["EP604", "EP607"], 0),
        ("settings-minimum", &["EP604", "EP607"], 0),
        ("settings-max-length", &["EP604", "EP607"], 0),
        ("settings-pattern", &["EP604", "EP607"], 0),
        ("settings-format", &["EP604", "EP607"], 0),
        ("settings-nested", &["EP604", "EP607"], 0),
        ("settings-review", &["EP605"], 0),
        ("transform-changed", &["EP606"], 0),
        ("transform-removed", &["EP606"], 0),
        ("major-bump", &["EP601"], 0),
        ("zero-minor-bump", &["EP601"], 0),
        ("zero-patch-bump", &["EP601", "EP607"], 0),
        ("version-not-greater", &["EP608"], 1),
        ("compatible", &[], 0),
    ];
    for (case, expected, exit) in cases {
        let (found, code) = against_codes(case);
        assert_eq!(found, *expected, "{case}");
        assert_eq!(code, *exit, "{case}: exit code");
    }
}

#[test]
fn the_compatible_case_lists_changes_but_none_breaks() {
    let (old, new) = pair("compatible");
    let r = run(&["diff", "--format", "json", &old, &new]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let changes = doc["changes"].as_array().unwrap();
    assert!(changes.len() >= 6, "{changes:?}");
    assert!(
        changes.iter().all(|c| c["breaking"] == "compatible"),
        "{changes:?}"
    );
    assert_eq!(doc["breaking_without_major_bump"], false);
}

#[test]
fn findings_point_into_the_new_manifest_and_name_the_old_one() {
    let (old, new) = pair("release");
    let r = run(&["check", "--format", "json", "--against", &old, &new]);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let ds = report["extensions"][0]["diagnostics"].as_array().unwrap();
    let pointers: Vec<(&str, &str)> = ds
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), d["pointer"].as_str().unwrap()))
        .collect();
    assert!(pointers.contains(&("EP601", "/actions")), "{pointers:?}");
    assert!(
        pointers.contains(&("EP604", "/actions/0/schema/properties/delay/minimum")),
        "{pointers:?}"
    );
    assert!(
        pointers.contains(&("EP604", "/actions/0/schema/required/1")),
        "{pointers:?}"
    );
    assert!(pointers.contains(&("EP607", "/version")), "{pointers:?}");
    let removed = ds.iter().find(|d| d["code"] == "EP601").unwrap();
    assert_eq!(removed["file"], "testdata/diff/release/new/extension.json");
    assert!(
        removed["message"]
            .as_str()
            .unwrap()
            .contains("testdata/diff/release/old/extension.json:85"),
        "{removed}"
    );
}

#[test]
fn a_removed_array_is_reported_on_the_top_level() {
    let (old, new) = pair("shared-module-removed");
    let r = run(&["check", "--format", "json", "--against", &old, &new]);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let d = report["extensions"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "EP602")
        .unwrap()
        .clone();
    assert_eq!(d["pointer"], "");
    assert_eq!(
        (d["line"].as_u64(), d["end_line"].as_u64()),
        (Some(1), Some(1))
    );
}

#[test]
fn breaking_without_a_major_bump_fails_with_deny_warnings() {
    let (old, new) = pair("feature-removed");
    let r = run(&["check", "--deny-warnings", "--against", &old, &new]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let (old, new) = pair("major-bump");
    let r = run(&["check", "--deny-warnings", "--against", &old, &new]);
    assert_eq!(r.code, 0, "{}", r.stdout);
}

#[test]
fn different_extensions_are_one_error_and_nothing_else() {
    let (old, new) = pair("different-extension");
    for args in [
        vec!["diff", old.as_str(), new.as_str()],
        vec!["check", "--against", old.as_str(), new.as_str()],
    ] {
        let r = run(&args);
        assert_eq!(r.code, 2, "{args:?}");
        assert_eq!(r.stdout, "", "{args:?}");
        assert!(
            r.stderr.contains("are different extensions"),
            "{}",
            r.stderr
        );
        assert!(
            r.stderr.contains("`another-extension` (web)"),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn a_release_without_a_usable_manifest_is_fatal() {
    let r = run(&[
        "diff",
        "testdata/checks/EP002/trigger",
        "testdata/diff/release/new",
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("cannot compare"), "{}", r.stderr);
    let r = run(&[
        "diff",
        "testdata/does-not-exist",
        "testdata/diff/release/new",
    ]);
    assert_eq!(r.code, 2);
}

#[test]
fn against_in_the_config_file_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let root = crate::common::root();
    let ext = dir.path().join("ext");
    copy_dir(&root.join("testdata/diff/feature-removed/new"), &ext);
    let old = root.join("testdata/diff/feature-removed/old");
    std::fs::write(
        ext.join("extpack.toml"),
        format!("against = {:?}\n", old.to_string_lossy()),
    )
    .unwrap();
    let r = run(&["check", "--format", "json", ext.to_str().unwrap()]);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let mut found = codes(&report);
    found.sort();
    assert_eq!(found, ["EP601", "EP607"]);
}

#[test]
fn diff_in_every_format() {
    let (old, new) = pair("release");
    for (format, name) in [
        ("human", "diff_human"),
        ("json", "diff_json"),
        ("markdown", "diff_markdown"),
    ] {
        let r = run(&["diff", "--format", format, &old, &new]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        insta::assert_snapshot!(name, r.stdout);
    }
}

#[test]
fn against_findings_in_the_human_format() {
    let (old, new) = pair("feature-removed");
    let r = run(&["check", "--against", &old, &new]);
    insta::assert_snapshot!("human_against", r.stdout);
}
