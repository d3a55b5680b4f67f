//! `extpack.toml`: severity overrides, deny-warnings, excludes for pack, `--config`.

use crate::common::{check_json, copy_dir, extpack, root};

/// A copy of a fixture with an extpack.toml.
fn with_config(fixture: &str, config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("testdata").join(fixture), dir.path());
    std::fs::write(dir.path().join("extpack.toml"), config).unwrap();
    dir
}

fn codes_and_severities(report: &serde_json::Value) -> Vec<(String, String)> {
    report["extensions"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn rules_turn_codes_off_or_change_their_severity() {
    let base = "checks/EP308/trigger";
    let (report, code) = check_json(&[&root().join("testdata").join(base).to_string_lossy()]);
    assert_eq!(
        codes_and_severities(&report),
        [("EP308".into(), "note".into())]
    );
    assert_eq!(code, 0);

    let off = with_config(base, "[rules]\nEP308 = \"off\"\n");
    let (report, code) = check_json(&[off.path().to_str().unwrap()]);
    assert_eq!(
        codes_and_severities(&report),
        Vec::<(String, String)>::new()
    );
    assert_eq!(code, 0);

    let error = with_config(base, "[rules]\nEP308 = \"error\"\n");
    let (report, code) = check_json(&[error.path().to_str().unwrap()]);
    assert_eq!(
        codes_and_severities(&report),
        [("EP308".into(), "error".into())]
    );
    assert_eq!(code, 1);
}

#[test]
fn deny_warnings_in_the_config_fails_on_warnings() {
    let dir = with_config(
        "checks/EP308/trigger",
        "deny-warnings = true\nrelease = \"public\"\n",
    );
    let (report, code) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(
        codes_and_severities(&report),
        [("EP308".into(), "warning".into())]
    );
    assert_eq!(code, 1);
}

#[test]
fn a_private_extension_without_a_listing_passes_deny_warnings() {
    let dir = with_config("checks/EP308/trigger", "deny-warnings = true\n");
    let (report, code) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(
        codes_and_severities(&report),
        [("EP308".into(), "note".into())]
    );
    assert_eq!(code, 0);
    let trigger = root().join("testdata/checks/EP308/trigger");
    let trigger = trigger.to_str().unwrap();
    let (_, code) = check_json(&["--deny-warnings", trigger]);
    assert_eq!(code, 0);
    let (report, code) = check_json(&["--deny-warnings", "--public", trigger]);
    assert_eq!(
        codes_and_severities(&report),
        [("EP308".into(), "warning".into())]
    );
    assert_eq!(code, 1);
    let private = with_config("checks/EP308/trigger", "release = \"private\"\n");
    let (_, code) = check_json(&["--deny-warnings", private.path().to_str().unwrap()]);
    assert_eq!(code, 0);
}

#[test]
fn a_config_file_given_on_the_command_line_replaces_the_extensions_own() {
    let dir = with_config("checks/EP308/trigger", "[rules]\nEP308 = \"error\"\n");
    let other = tempfile::tempdir().unwrap();
    let config = other.path().join("ci.toml");
    std::fs::write(&config, "[rules]\nEP308 = \"off\"\n").unwrap();
    let (report, code) = check_json(&[
        "--config",
        config.to_str().unwrap(),
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(
        codes_and_severities(&report),
        Vec::<(String, String)>::new()
    );
    assert_eq!(code, 0);
    let missing = extpack()
        .args([
            "check",
            "--config",
            "no-such.toml",
            "testdata/valid/web-minimal",
        ])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn excluded_view_files_are_not_packed_but_referenced_views_always_are() {
    let dir = with_config(
        "valid/web-full",
        "exclude = [\"**/*.css\", \"src/view/actions/*.html\"]\n",
    );
    let out = tempfile::tempdir().unwrap();
    let output = extpack()
        .current_dir(out.path())
        .args([
            "pack",
            "--dry-run",
            "--format",
            "json",
            dir.path().to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let plan: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let paths: Vec<&str> = plan["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert!(!paths.contains(&"src/view/css/view.css"), "{paths:?}");
    // The action's view is referenced by the manifest: excluding it would break the package.
    assert!(
        paths.contains(&"src/view/actions/send-beacon.html"),
        "{paths:?}"
    );
    assert!(!paths.contains(&"extpack.toml"));
}

#[test]
fn the_configs_versions_list_is_used_when_none_is_given() {
    let dir = with_config("valid/web-minimal", "versions = \"published.txt\"\n");
    std::fs::write(dir.path().join("published.txt"), "2.0.0 public\n").unwrap();
    let (report, code) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        codes_and_severities(&report).contains(&("EP401".into(), "error".into())),
        "{report}"
    );
}
