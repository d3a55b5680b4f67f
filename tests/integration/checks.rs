//! Every code has a fixture that triggers it and a near-miss that does not; valid fixtures are
//! clean; exit codes.

use extpack::diag::Severity;

use crate::archive;
use crate::built_folder;
use crate::common::{check_json, codes, root, run, subdirs};

/// The extra command-line arguments of a fixture folder: its file `args`, one argument a line
/// (paths relative to the repository root, where the tests run), or none.
fn fixture_args(folder: &str) -> Vec<String> {
    match std::fs::read_to_string(root().join(folder).join("args")) {
        Ok(text) => text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// The exit code of a fixture that triggers `rule`: 1 for an error, and for a warning when the
/// fixture's arguments deny warnings; 0 otherwise (notes never fail a run).
fn trigger_exit_code(rule: &extpack::diag::Rule, args: &[String]) -> i32 {
    let denied = args.iter().any(|a| a == "--deny-warnings");
    match rule.severity {
        Severity::Error => 1,
        Severity::Warning if denied => 1,
        Severity::Warning | Severity::Note => 0,
    }
}

/// Checks a fixture folder with its `args`. A fixture folder that holds `archive.json` is a
/// zip archive, built at test time from that description (see `archive.rs`; no binary fixture
/// is committed): the archive is checked.
fn check_fixture(folder: &str) -> (Vec<String>, i32, Vec<String>) {
    let args = fixture_args(folder);
    let mut all: Vec<&str> = args.iter().map(String::as_str).collect();
    let built = archive::fixture(&root().join(folder));
    let folder_built = built_folder::fixture(&root().join(folder));
    let target = match (&built, &folder_built) {
        (Some(b), _) => b.path(),
        (None, Some(f)) => f.path(),
        (None, None) => folder,
    };
    all.push(target);
    let (report, code) = check_json(&all);
    (codes(&report), code, args)
}

#[test]
fn every_code_is_triggered_by_its_fixture_and_not_by_its_near_miss() {
    for rule in extpack::diag::RULES.iter() {
        let trigger = format!("testdata/checks/{}/trigger", rule.code);
        let (found, code, args) = check_fixture(&trigger);
        assert!(
            found.iter().any(|c| c == rule.code),
            "{trigger} should report {} but reported {found:?}",
            rule.code
        );
        assert_eq!(code, trigger_exit_code(rule, &args), "{trigger}: exit code");

        let near_miss = format!("testdata/checks/{}/near-miss", rule.code);
        let (found, code, _) = check_fixture(&near_miss);
        assert!(
            !found.iter().any(|c| c == rule.code),
            "{near_miss} must not report {} but reported {found:?}",
            rule.code
        );
        assert_eq!(code, 0, "{near_miss} should be clean: {found:?}");
    }
}

#[test]
fn fixture_folders_name_only_known_codes() {
    for code in subdirs(&root().join("testdata/checks")) {
        assert!(
            extpack::diag::rule(&code).is_some(),
            "testdata/checks/{code} is not a registered code"
        );
    }
}

#[test]
fn valid_fixtures_have_no_findings_at_all() {
    let names = subdirs(&root().join("testdata/valid"));
    assert!(names.len() >= 6, "{names:?}");
    for name in names {
        let path = format!("testdata/valid/{name}");
        let (report, code) = check_json(&[&path]);
        assert_eq!(
            report["extensions"][0]["diagnostics"],
            serde_json::json!([]),
            "{path}"
        );
        assert_eq!(code, 0, "{path}");
    }
}

#[test]
fn missing_manifest_names_the_folder_one_level_down() {
    let (report, _) = check_json(&["testdata/checks/EP001/trigger"]);
    let d = &report["extensions"][0]["diagnostics"][0];
    assert_eq!(d["file"], "testdata/checks/EP001/trigger/extension.json");
    assert!(
        d["help"]
            .as_str()
            .unwrap()
            .contains("did you mean `testdata/checks/EP001/trigger/fixture-extension`?"),
        "{d}"
    );
}

#[test]
fn unknown_platform_is_the_only_finding() {
    let (report, _) = check_json(&["testdata/checks/EP101/trigger"]);
    assert_eq!(codes(&report), ["EP101"]);
    let d = &report["extensions"][0]["diagnostics"][0];
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("`web`, `edge`, `mobile`")
    );
    assert!(
        d["help"]
            .as_str()
            .unwrap()
            .contains("did you mean `\"web\"`")
    );
}

#[test]
fn duplicate_keys_name_both_places() {
    let (report, _) = check_json(&["testdata/checks/EP003/trigger"]);
    let d = &report["extensions"][0]["diagnostics"][0];
    assert_eq!(d["line"], 4);
    assert!(
        d["message"].as_str().unwrap().contains("first at line 3"),
        "{d}"
    );
}

#[test]
fn every_problem_is_reported_at_once_in_source_order() {
    let (report, code) = check_json(&["testdata/broken/web-many-problems"]);
    assert_eq!(code, 1);
    let lines: Vec<u64> = report["extensions"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["line"].as_u64().unwrap())
        .collect();
    assert!(lines.len() >= 8, "{lines:?}");
    assert!(lines.windows(2).all(|w| w[0] <= w[1]), "{lines:?}");
}

#[test]
fn several_paths_are_reported_in_the_order_given() {
    let (report, code) = check_json(&[
        "testdata/valid/web-minimal",
        "testdata/checks/EP104/trigger",
        "testdata/valid/edge-minimal",
    ]);
    assert_eq!(code, 1);
    let paths: Vec<&str> = report["extensions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "testdata/valid/web-minimal",
            "testdata/checks/EP104/trigger",
            "testdata/valid/edge-minimal"
        ]
    );
    assert_eq!(report["summary"]["errors"], 1);
}

#[test]
fn the_manifest_file_itself_can_be_named() {
    let (report, code) = check_json(&["testdata/valid/web-minimal/extension.json"]);
    assert_eq!(code, 0);
    assert_eq!(
        report["extensions"][0]["path"],
        "testdata/valid/web-minimal"
    );
}

#[test]
fn a_path_that_does_not_exist_exits_2_with_a_reason() {
    let r = run(&["check", "testdata/no-such-extension"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("`testdata/no-such-extension` does not exist"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("panicked"));
}

#[test]
fn a_file_that_is_not_a_manifest_exits_2() {
    let r = run(&["check", "Cargo.toml"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("is not an extension folder"),
        "{}",
        r.stderr
    );
}

#[test]
fn one_unreadable_path_among_good_ones_still_reports_the_others() {
    let r = run(&[
        "check",
        "--format",
        "json",
        "testdata/valid/web-minimal",
        "nope",
    ]);
    assert_eq!(r.code, 2);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let extensions = report["extensions"].as_array().unwrap();
    assert_eq!(extensions.len(), 2);
    assert_eq!(extensions[0]["diagnostics"], serde_json::json!([]));
    assert_eq!(extensions[1]["error"], "`nope` does not exist");
    assert!(r.stderr.contains("`nope` does not exist"));
}

#[test]
fn output_file_receives_the_report_and_stdout_stays_empty() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.json");
    let r = run(&[
        "check",
        "--format",
        "json",
        "--output",
        out.to_str().unwrap(),
        "testdata/checks/EP104/trigger",
    ]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.is_empty());
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(report["summary"]["errors"], 1);
    // Only the report is left in the folder: the temporary file was renamed into place.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn a_closed_pipe_is_not_a_crash() {
    use std::process::{Command, Stdio};
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("extpack"))
        .current_dir(root())
        .args(["check", "testdata/broken/web-many-problems"])
        .args(std::iter::repeat_n("testdata/broken/web-many-problems", 40))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(1), "{stderr}");
}

/// A source that counts how often each file is read.
struct CountingSource {
    inner: extpack::source::DirSource,
    reads: std::sync::Mutex<std::collections::BTreeMap<String, usize>>,
}

impl extpack::source::ExtensionSource for CountingSource {
    fn display_root(&self) -> &str {
        self.inner.display_root()
    }
    fn display_path(&self, relative: &str) -> String {
        self.inner.display_path(relative)
    }
    fn read(&self, relative: &str) -> Result<Vec<u8>, extpack::source::SourceError> {
        *self
            .reads
            .lock()
            .unwrap()
            .entry(relative.to_owned())
            .or_default() += 1;
        self.inner.read(relative)
    }
    fn lookup(&self, relative: &str) -> extpack::source::Lookup {
        self.inner.lookup(relative)
    }
    fn files_under(&self, dir: &str, skip_dirs: &[&str]) -> Vec<String> {
        self.inner.files_under(dir, skip_dirs)
    }
    fn nested_manifests(&self) -> Vec<String> {
        self.inner.nested_manifests()
    }
}

#[test]
fn every_file_is_read_at_most_once_and_only_the_named_views() {
    let source = CountingSource {
        inner: extpack::source::DirSource::open(&root().join("testdata/valid/web-full")).unwrap(),
        reads: Default::default(),
    };
    let report = extpack::check_source(&source).unwrap();
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let reads = source.reads.lock().unwrap();
    assert!(reads.values().all(|n| *n == 1), "{reads:?}");
    // The manifest, the library modules and what they require, the icon, and of the views
    // folder only the HTML files `viewPath`s name (not its stylesheet, not `.DS_Store`).
    assert!(reads.contains_key("extension.json"));
    assert!(reads.contains_key("src/lib/helpers/format.js"), "{reads:?}");
    assert!(
        reads.contains_key("resources/icons/extension.svg"),
        "{reads:?}"
    );
    let views: Vec<&str> = reads
        .keys()
        .map(String::as_str)
        .filter(|k| k.starts_with("src/view/"))
        .collect();
    assert_eq!(
        views,
        [
            "src/view/actions/send-beacon.html",
            "src/view/conditions/path-matches.html",
            "src/view/configuration/configuration.html",
            "src/view/data-elements/page-title.html",
            "src/view/events/page-ready.html",
        ]
    );
}
