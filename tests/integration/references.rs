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

// --- library code compiles --------------------------------------------------------------------

#[test]
fn syntax_errors_are_found_in_required_files_at_their_line_and_column() {
    let dir = copy_fixture("valid/web-minimal");
    write(
        dir.path(),
        "src/lib/actions/log-message.js",
        "'use strict';\nvar format = require('./format');\nmodule.exports = function (s) { turbine.logger.log(format(s)); };\n",
    );
    write(
        dir.path(),
        "src/lib/actions/format.js",
        "module.exports = function (s) {\n  return `${s.message`;\n};\n",
    );
    // A hosted file is served as it is: not parsed.
    write(dir.path(), "src/hosted/sdk.js", "this is { not javascript");
    let manifest = dir.path().join("extension.json");
    let mut value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest).unwrap()).unwrap();
    value["hostedLibFiles"] = serde_json::json!(["src/hosted/sdk.js"]);
    std::fs::write(&manifest, value.to_string()).unwrap();
    let (report, code) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    let found = diagnostics(&report);
    assert_eq!(found.len(), 1, "{found:?}");
    let d = &found[0];
    assert_eq!(d["code"], "EP312");
    assert!(
        d["file"]
            .as_str()
            .unwrap()
            .ends_with("src/lib/actions/format.js"),
        "{d}"
    );
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(22))
    );
    assert!(
        d["help"].as_str().unwrap().contains("minification-error"),
        "{d}"
    );
}

#[test]
fn code_nested_too_deeply_is_reported_without_crashing() {
    let dir = copy_fixture("valid/web-minimal");
    let deep = format!(
        "module.exports = {}1{};\n",
        "[".repeat(200_000),
        "]".repeat(200_000)
    );
    write(dir.path(), "src/lib/actions/log-message.js", &deep);
    let (report, code) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    let d = &diagnostics(&report)[0];
    assert_eq!(d["code"], "EP312");
    assert!(
        d["message"].as_str().unwrap().contains("2000 levels"),
        "{d}"
    );
    assert_eq!(d["line"], 1);
}

#[test]
fn required_json_must_be_json_and_is_reported_at_its_place() {
    let dir = copy_fixture("valid/web-minimal");
    write(
        dir.path(),
        "src/lib/actions/log-message.js",
        "var table = require('../data/table.json');\nmodule.exports = function () { return table; };\n",
    );
    write(
        dir.path(),
        "src/lib/data/table.json",
        "{\n  // a comment\n  \"a\": 1\n}\n",
    );
    let (report, code) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    let d = &diagnostics(&report)[0];
    assert_eq!(d["code"], "EP314");
    assert!(
        d["file"]
            .as_str()
            .unwrap()
            .ends_with("src/lib/data/table.json"),
        "{d}"
    );
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(3))
    );
}

// --- the views and their folder ---------------------------------------------------------------

#[test]
fn an_empty_views_folder_is_an_error_with_the_placeholder_fix() {
    let dir = copy_fixture("checks/EP207/near-miss");
    std::fs::remove_file(dir.path().join("src/view/.gitkeep")).unwrap();
    std::fs::create_dir_all(dir.path().join("src/view/empty-sub")).unwrap();
    let (report, code) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    let d = &diagnostics(&report)[0];
    assert_eq!(d["code"], "EP207");
    assert_eq!(d["pointer"], "/viewBasePath");
    assert!(
        d["help"].as_str().unwrap().contains("`src/view/.gitkeep`"),
        "{d}"
    );
    // A file at any depth keeps it.
    write(dir.path(), "src/view/empty-sub/.keep", "");
    let (report, code) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!((code, diagnostics(&report).len()), (0, 0), "{report}");
}

#[test]
fn each_view_file_is_judged_once_and_links_resolve_from_its_folder() {
    let dir = copy_fixture("valid/web-minimal");
    let bridge = "<script src=\"https://assets.adobedtm.com/activation/reactor/extensionbridge/extensionbridge.min.js\"></script>";
    write(
        dir.path(),
        "src/view/actions/log-message.html",
        &format!(
            "<!DOCTYPE html><html><head>{bridge}\n<link rel=stylesheet href=\"../CSS/view.css\">\n<script src=\"../.build/x.js\"></script>\n<!-- <img src=\"commented.png\"> -->\n</head><body><img src='../img/'></body></html>\n"
        ),
    );
    write(dir.path(), "src/view/css/view.css", "");
    write(dir.path(), "src/view/.build/x.js", "");
    std::fs::create_dir_all(dir.path().join("src/view/img")).unwrap();
    // A second viewPath naming the same file (with a fragment): one file, judged once.
    let manifest = dir.path().join("extension.json");
    let mut value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest).unwrap()).unwrap();
    let mut second = value["actions"][0].clone();
    second["name"] = serde_json::json!("log-message-2");
    second["viewPath"] = serde_json::json!("actions/log-message.html#second");
    value["actions"].as_array_mut().unwrap().push(second);
    std::fs::write(&manifest, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    let (report, code) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{report}");
    let found = diagnostics(&report);
    let messages: Vec<&str> = found
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(found.len(), 3, "{messages:#?}");
    assert!(found.iter().all(|d| d["code"] == "EP209"), "{messages:#?}");
    assert!(
        messages[0].contains("`src/view/css/view.css` exists"),
        "{messages:#?}"
    );
    assert!(messages[1].contains("begin with `.`"), "{messages:#?}");
    assert!(messages[2].contains("a folder"), "{messages:#?}");
    assert_eq!(
        (found[0]["line"].as_u64(), found[0]["column"].as_u64()),
        (Some(2), Some(28))
    );

    // With a `<base href>`, relative links are not judged; the bridge still is.
    write(
        dir.path(),
        "src/view/actions/log-message.html",
        "<html><head><base href=\"https://cdn.example.com/\"><link rel=stylesheet href=\"x.css\"></head></html>",
    );
    let (report, _) = check_json(&[dir.path().to_str().unwrap()]);
    let codes: Vec<String> = diagnostics(&report)
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes, ["EP316"]);
}

#[test]
fn two_transforms_of_the_configuration_on_one_property_are_an_error() {
    let (report, code) = check_json(&["testdata/valid/web-full"]);
    assert_eq!(code, 0, "{report}");
    let dir = copy_fixture("valid/web-full");
    let manifest = dir.path().join("extension.json");
    let mut value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest).unwrap()).unwrap();
    let property = "accountId";
    value["configuration"]["transforms"] = serde_json::json!([
        {"type": "function", "propertyPath": property, "parameters": ["value"]},
        {"type": "file", "propertyPath": property}
    ]);
    std::fs::write(&manifest, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    let (report, code) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    let d = diagnostics(&report)
        .into_iter()
        .find(|d| d["code"] == "EP307")
        .unwrap();
    assert_eq!(d["severity"], "error");
    assert_eq!(d["pointer"], "/configuration/transforms/1/propertyPath");
    let message = d["message"].as_str().unwrap();
    assert!(
        message.contains("`configuration.transforms[0]` (`function`)")
            && message.contains("`configuration.transforms[1]` (`file`)"),
        "{message}"
    );
    assert!(
        d["help"]
            .as_str()
            .unwrap()
            .contains("extension-package-transform-definition-error"),
        "{d}"
    );
}

#[test]
fn a_linked_file_that_extpack_toml_excludes_is_not_in_the_package() {
    let dir = copy_fixture("checks/EP209/near-miss");
    let (report, code) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!((code, diagnostics(&report).len()), (0, 0), "{report}");
    write(dir.path(), "extpack.toml", "exclude = [\"**/*.css\"]\n");
    let (report, _) = check_json(&[dir.path().to_str().unwrap()]);
    let found = diagnostics(&report);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["code"], "EP209");
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("`exclude` glob"),
        "{found:?}"
    );
}
