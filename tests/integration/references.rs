//! Referenced files and the require graph, on extensions built in temporary folders.

use std::path::Path;

use crate::common::{check_json, copy_dir, root};

/// Copies a fixture folder into a temporary folder.
fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("testdata").join(name), dir.path());
    dir
}

fn write(dir: &Path, relative: &str, text: &str) {
    let path = dir.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn diagnostics(report: &serde_json::Value) -> Vec<serde_json::Value> {
    report["extensions"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn require_findings_point_into_the_javascript_file() {
    let (report, code) = check_json(&["testdata/checks/EP301/trigger"]);
    assert_eq!(code, 1);
    let d = &diagnostics(&report)[0];
    assert_eq!(d["code"], "EP301");
    assert_eq!(
        d["file"],
        "testdata/checks/EP301/trigger/src/lib/actions/sendBeacon.js"
    );
    // `var helpers = require('./helpers');` — the call starts at column 15 of line 2.
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(15))
    );
    assert_eq!(d["end_column"], 35);
    assert_eq!(d["pointer"], serde_json::Value::Null);
    assert!(
        d["help"].as_str().unwrap().contains("`./helpers/index.js`"),
        "{d}"
    );
}

#[test]
fn every_missing_file_is_reported_at_once() {
    let dir = copy_fixture("valid/web-full");
    for file in [
        "src/lib/main.js",
        "resources/icons/extension.svg",
        "src/lib/hosted/vendor-sdk.js",
        "src/lib/shared-modules/consent.js",
        "src/view/actions/send-beacon.html",
    ] {
        std::fs::remove_file(dir.path().join(file)).unwrap();
    }
    let (report, code) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    let pointers: Vec<String> = diagnostics(&report)
        .iter()
        .filter(|d| d["code"] == "EP201")
        .map(|d| d["pointer"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(pointers.len(), 5, "{pointers:?}");
    for p in [
        "/main",
        "/iconPath",
        "/hostedLibFiles/0",
        "/sharedModules/0/libPath",
    ] {
        assert!(pointers.iter().any(|x| x == p), "{p} not in {pointers:?}");
    }
}

#[test]
fn a_missing_views_folder_is_one_finding_not_one_per_view() {
    let dir = copy_fixture("valid/web-full");
    std::fs::remove_dir_all(dir.path().join("src/view")).unwrap();
    let (report, _) = check_json(&[dir.path().to_str().unwrap()]);
    let codes: Vec<String> = diagnostics(&report)
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes, ["EP205"]);
}

#[test]
fn edge_library_modules_may_require_relative_paths_only() {
    let dir = copy_fixture("valid/edge-minimal");
    let lib = std::fs::read_dir(dir.path().join("src/lib/actions"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let mut text = std::fs::read_to_string(&lib).unwrap();
    text.push_str("\nvar p = require('@adobe/reactor-promise');\n");
    std::fs::write(&lib, text).unwrap();
    let (report, code) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    let d = &diagnostics(&report)[0];
    assert_eq!(d["code"], "EP302");
    assert!(d["message"].as_str().unwrap().contains("on edge"), "{d}");
    assert!(
        d["help"].as_str().unwrap().contains("relative paths only"),
        "{d}"
    );
}

#[test]
fn requires_are_followed_recursively_and_cycles_are_fine() {
    let dir = copy_fixture("checks/EP201/near-miss");
    write(
        dir.path(),
        "src/lib/actions/sendBeacon.js",
        "var a = require('./a');\nmodule.exports = a;\n",
    );
    write(
        dir.path(),
        "src/lib/actions/a.js",
        "module.exports = require('../b.js');\n",
    );
    write(
        dir.path(),
        "src/lib/b.js",
        "var back = require('./actions/a.js');\nvar gone = require('./gone');\n",
    );
    let (report, code) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    let found = diagnostics(&report);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0]["file"].as_str().unwrap().ends_with("src/lib/b.js"));
    assert_eq!(found[0]["line"], 2);
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("`src/lib/gone.js`")
    );
}

#[test]
fn requires_into_node_modules_inside_the_extension_are_followed() {
    let dir = copy_fixture("checks/EP201/near-miss");
    write(
        dir.path(),
        "src/lib/actions/sendBeacon.js",
        "var p = require('../../../node_modules/postscribe/dist/postscribe.js');\n",
    );
    let (report, _) = check_json(&[dir.path().to_str().unwrap()]);
    let found = diagnostics(&report);
    assert_eq!(found[0]["code"], "EP301", "{found:?}");
    write(
        dir.path(),
        "node_modules/postscribe/dist/postscribe.js",
        "module.exports = 1;\n",
    );
    let (report, code) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(diagnostics(&report), Vec::<serde_json::Value>::new());
    assert_eq!(code, 0);
}

#[cfg(unix)]
#[test]
fn links_that_leave_the_extension_are_errors() {
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "shared.js", "module.exports = 1;\n");
    let dir = copy_fixture("checks/EP201/near-miss");
    let lib = dir.path().join("src/lib/actions/sendBeacon.js");
    std::fs::remove_file(&lib).unwrap();
    std::os::unix::fs::symlink(outside.path().join("shared.js"), &lib).unwrap();
    let (report, code) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    let d = &diagnostics(&report)[0];
    assert_eq!(d["code"], "EP203");
    assert!(
        d["message"].as_str().unwrap().contains("symbolic link"),
        "{d}"
    );
}

#[test]
fn settings_schema_errors_point_inside_the_embedded_schema() {
    let (report, _) = check_json(&["testdata/checks/EP309/trigger"]);
    let d = &diagnostics(&report)[0];
    assert_eq!(d["code"], "EP309");
    assert_eq!(d["pointer"], "/actions/0/schema/properties/delay/type");
    assert!(d["message"].as_str().unwrap().contains("draft-04"), "{d}");
}
