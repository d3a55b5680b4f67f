//! The human and JSON formats, snapshot-tested on one fixture with many problems.

use crate::common::{check_json, extpack, run};

#[test]
fn human_output_snapshot() {
    let r = run(&["check", "testdata/broken/web-many-problems"]);
    assert_eq!(r.code, 1);
    insta::assert_snapshot!("human_many_problems", r.stdout);
}

#[test]
fn json_output_snapshot() {
    let r = run(&[
        "check",
        "--format",
        "json",
        "testdata/broken/web-many-problems",
    ]);
    assert_eq!(r.code, 1);
    insta::assert_snapshot!("json_many_problems", r.stdout);
}

#[test]
fn json_has_the_documented_v1_shape() {
    let (report, _) = check_json(&[
        "testdata/broken/web-many-problems",
        "testdata/valid/web-full",
    ]);
    assert_eq!(report["version"], 1);
    let keys =
        |v: &serde_json::Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    assert_eq!(keys(&report), ["version", "extensions", "summary"]);
    assert_eq!(keys(&report["summary"]), ["errors", "warnings"]);
    let extension = &report["extensions"][0];
    assert_eq!(
        keys(extension),
        ["path", "name", "version", "platform", "diagnostics"]
    );
    assert_eq!(extension["platform"], "web");
    for d in extension["diagnostics"].as_array().unwrap() {
        assert_eq!(
            keys(d),
            [
                "code",
                "severity",
                "message",
                "file",
                "line",
                "column",
                "end_line",
                "end_column",
                "pointer",
                "help"
            ]
        );
        assert!(d["code"].as_str().unwrap().starts_with("EP"));
        assert!(["error", "warning", "note"].contains(&d["severity"].as_str().unwrap()));
        assert!(d["line"].as_u64().unwrap() >= 1);
        assert!(d["column"].as_u64().unwrap() >= 1);
        assert!(d["end_line"].as_u64().unwrap() >= d["line"].as_u64().unwrap());
        assert!(
            d["pointer"].as_str().unwrap().is_empty()
                || d["pointer"].as_str().unwrap().starts_with('/')
        );
    }
    assert_eq!(
        report["extensions"][1]["diagnostics"],
        serde_json::json!([])
    );
}

#[test]
fn positions_point_at_the_value() {
    let (report, _) = check_json(&["testdata/checks/EP105/trigger"]);
    let d = &report["extensions"][0]["diagnostics"][0];
    assert_eq!(d["pointer"], "/version");
    // `  "version": "1.0.0-Beta",` — the value starts at column 14 of line 3.
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(3), Some(14))
    );
    assert_eq!(
        (d["end_line"].as_u64(), d["end_column"].as_u64()),
        (Some(3), Some(26))
    );
    assert!(d["help"].as_str().unwrap().contains("lowercase"));
}

#[test]
fn no_colour_unless_asked_and_never_with_no_color() {
    let plain = run(&["check", "testdata/checks/EP104/trigger"]);
    assert!(!plain.stdout.contains('\u{1b}'));
    let forced = run(&[
        "check",
        "--color",
        "always",
        "testdata/checks/EP104/trigger",
    ]);
    assert!(forced.stdout.contains('\u{1b}'));
    let output = extpack()
        .env("NO_COLOR", "1")
        .args(["check", "testdata/checks/EP104/trigger"])
        .output()
        .unwrap();
    assert!(!String::from_utf8(output.stdout).unwrap().contains('\u{1b}'));
}

#[test]
fn human_output_ends_with_a_summary_line() {
    let r = run(&[
        "check",
        "testdata/valid/web-minimal",
        "testdata/checks/EP104/trigger",
    ]);
    assert!(
        r.stdout.ends_with("1 error, 0 warnings in 2 extensions\n"),
        "{}",
        r.stdout
    );
    let clean = run(&["check", "testdata/valid/web-minimal"]);
    assert_eq!(clean.stdout, "0 errors, 0 warnings in 1 extension\n");
    assert_eq!(clean.code, 0);
}
