//! The output formats, every one snapshot-tested on one shared fixture, and the properties
//! their consumers (GitHub code scanning, GitHub Actions, JUnit readers) rely on.

use std::path::Path;

use serde_json::Value;

use crate::common::{check_json, extpack, root, run};

/// The fixture every format is rendered from: many problems in extension.json, a clean
/// extension, a finding in a JavaScript file, and a finding without a position.
const SHARED: &[&str] = &[
    "testdata/broken/web-many-problems",
    "testdata/valid/web-minimal",
    "testdata/checks/EP301/trigger",
    "testdata/checks/EP001/trigger",
];

/// `extpack check --format FORMAT` on the shared fixture.
fn shared(format: &str) -> String {
    let mut args = vec!["check", "--format", format];
    args.extend_from_slice(SHARED);
    let r = run(&args);
    assert_eq!(r.code, 1, "{}", r.stderr);
    r.stdout
}

/// A notes-only run: the version updates a development package (EP403).
fn notes(format: &str) -> String {
    let r = run(&[
        "check",
        "--format",
        format,
        "--versions",
        "testdata/versions/kessel-test.versions.json",
        "testdata/checks/EP403/trigger",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
}

/// `extpack check` of a manifest with awkward text, in a folder with a space and a comma,
/// from `cwd` (a temporary folder that holds it).
fn awkward(format: &str, cwd: &Path) -> String {
    let dir = cwd.join("my ext, v2");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("extension.json"),
        "{\n  \"name\": \"awkward\",\n  \"platform\": \"web\",\n  \"odd<&>\\\"'\\u0001:,%0A\": 1\n}\n",
    )
    .unwrap();
    let output = extpack()
        .current_dir(cwd)
        .args(["check", "--format", format, "my ext, v2"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    String::from_utf8(output.stdout).unwrap()
}

// ---- human and JSON ----

#[test]
fn human_output_snapshot() {
    insta::assert_snapshot!("human_shared", shared("human"));
}

#[test]
fn json_output_snapshot() {
    insta::assert_snapshot!("json_shared", shared("json"));
}

#[test]
fn json_has_the_documented_v1_shape() {
    let (report, _) = check_json(&[
        "testdata/broken/web-many-problems",
        "testdata/valid/web-full",
    ]);
    assert_eq!(report["version"], 1);
    let keys = |v: &Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    assert_eq!(keys(&report), ["version", "extensions", "summary"]);
    assert_eq!(
        keys(&report["summary"]),
        ["errors", "warnings", "unchecked"]
    );
    let extension = &report["extensions"][0];
    assert_eq!(
        keys(extension),
        [
            "path",
            "name",
            "version",
            "platform",
            "diagnostics",
            "error"
        ]
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

// ---- SARIF ----

/// The SARIF output with the rules' documentation pages replaced by their names: the pages
/// are compared with the registry in their own test, and a snapshot of 35 pages would
/// change with every edit of one.
fn sarif_for_snapshot(text: &str) -> String {
    let mut log: Value = serde_json::from_str(text).unwrap();
    for rule in log["runs"][0]["tool"]["driver"]["rules"]
        .as_array_mut()
        .unwrap()
    {
        let page = format!("[docs/codes/{}.md]", rule["id"].as_str().unwrap());
        rule["help"]["text"] = Value::from(page.clone());
        rule["help"]["markdown"] = Value::from(page);
    }
    serde_json::to_string_pretty(&log).unwrap()
}

#[test]
fn sarif_output_snapshot() {
    insta::assert_snapshot!("sarif_shared", sarif_for_snapshot(&shared("sarif")));
}

fn is_positive(v: &Value) -> bool {
    v.as_u64().is_some_and(|n| n >= 1)
}

/// Every property GitHub code scanning requires, with its type, and the results against
/// the JSON report of the same run.
#[test]
fn sarif_has_what_github_code_scanning_requires() {
    let log: Value = serde_json::from_str(&shared("sarif")).unwrap();
    assert!(log["$schema"].as_str().unwrap().starts_with("https://"));
    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "extpack");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(
        driver["informationUri"],
        "https://github.com/extpack/extpack"
    );
    assert_eq!(driver["informationUri"], extpack::REPOSITORY);
    assert_eq!(run["columnKind"], "unicodeCodePoints");

    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), extpack::diag::RULES.len());
    for (rule, expected) in rules.iter().zip(extpack::diag::RULES.iter()) {
        assert_eq!(rule["id"], expected.code);
        let name = rule["name"].as_str().unwrap();
        assert!(
            name.starts_with(|c: char| c.is_ascii_uppercase())
                && name.chars().all(|c| c.is_ascii_alphanumeric()),
            "{name}"
        );
        assert_eq!(
            name.to_lowercase(),
            expected.name.replace('-', ""),
            "{name}"
        );
        assert_eq!(rule["shortDescription"]["text"], expected.summary);
        let full = rule["fullDescription"]["text"].as_str().unwrap();
        let section = expected.section("What it checks").unwrap();
        assert_eq!(
            full.split_whitespace().collect::<Vec<_>>(),
            section.split_whitespace().collect::<Vec<_>>()
        );
        assert_eq!(rule["help"]["text"], expected.docs);
        assert_eq!(rule["help"]["markdown"], expected.docs);
        assert_eq!(
            rule["defaultConfiguration"]["level"],
            expected.severity.as_str()
        );
    }

    let base_ids = run["originalUriBaseIds"].as_object().unwrap();
    let (json, _) = check_json(SHARED);
    let findings: Vec<&Value> = json["extensions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["diagnostics"].as_array().unwrap())
        .collect();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), findings.len());
    assert!(results.len() >= 13);
    for (result, finding) in results.iter().zip(findings) {
        let rule_id = result["ruleId"].as_str().unwrap();
        assert_eq!(rule_id, finding["code"]);
        let index = usize::try_from(result["ruleIndex"].as_u64().unwrap()).unwrap();
        assert_eq!(rules[index]["id"], rule_id);
        assert_eq!(result["level"], finding["severity"]);
        let message = result["message"]["text"].as_str().unwrap();
        assert!(message.starts_with(finding["message"].as_str().unwrap()));
        if let Some(help) = finding["help"].as_str() {
            assert!(message.ends_with(&format!("\nhelp: {help}")), "{message}");
        }
        let locations = result["locations"].as_array().unwrap();
        assert_eq!(locations.len(), 1);
        let physical = &locations[0]["physicalLocation"];
        let artifact = &physical["artifactLocation"];
        assert_eq!(artifact["uri"], finding["file"]);
        let base = artifact["uriBaseId"].as_str().unwrap();
        assert!(base_ids.contains_key(base));
        let region = &physical["region"];
        if finding["line"].is_null() {
            assert!(region.is_null(), "{result}");
        } else {
            for key in ["startLine", "startColumn", "endLine", "endColumn"] {
                assert!(is_positive(&region[key]), "{key} in {result}");
            }
            assert_eq!(region["startLine"], finding["line"]);
            assert_eq!(region["startColumn"], finding["column"]);
            assert_eq!(region["endLine"], finding["end_line"]);
            assert_eq!(region["endColumn"], finding["end_column"]);
        }
    }
    // The shared fixture has a finding without a position (EP001) and one in a JS file.
    assert!(
        results
            .iter()
            .any(|r| r["locations"][0]["physicalLocation"]["region"].is_null())
    );
    assert!(results.iter().any(|r| {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with(".js")
    }));
}

#[test]
fn sarif_is_deterministic_and_names_no_machine_path() {
    let first = shared("sarif");
    assert_eq!(first, shared("sarif"));
    let root = root().to_string_lossy().into_owned();
    assert!(!first.contains(&root), "an absolute path in the output");
    assert!(!first.contains("\"file:"), "an absolute URI in the output");
}

#[test]
fn sarif_uris_are_relative_to_the_current_folder_and_encoded() {
    // An absolute path under the current folder becomes relative to it.
    let absolute = root().join("testdata/checks/EP105/trigger");
    let r = run(&["check", "--format", "sarif", absolute.to_str().unwrap()]);
    let log: Value = serde_json::from_str(&r.stdout).unwrap();
    let artifact =
        &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(
        artifact["uri"],
        "testdata/checks/EP105/trigger/extension.json"
    );
    assert_eq!(artifact["uriBaseId"], "%SRCROOT%");

    let dir = tempfile::tempdir().unwrap();
    let log: Value = serde_json::from_str(&awkward("sarif", dir.path())).unwrap();
    for result in log["runs"][0]["results"].as_array().unwrap() {
        assert_eq!(
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "my%20ext,%20v2/extension.json"
        );
    }
}

#[test]
fn sarif_clean_run_has_an_empty_result_list() {
    let r = run(&["check", "--format", "sarif", "testdata/valid/web-minimal"]);
    assert_eq!(r.code, 0);
    let log: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
    assert_eq!(
        log["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .len(),
        extpack::diag::RULES.len()
    );
}

/// Validation against the OASIS SARIF 2.1.0 schema. The schema is not part of the
/// repository and tests never use the network: `.ci/run` downloads it from a package
/// registry (`tests/sarif-schema.sh`) and names it in `EXTPACK_SARIF_SCHEMA`. Without the
/// variable this test says so and checks nothing else.
#[test]
fn sarif_validates_against_the_oasis_schema() {
    let Some(path) = std::env::var_os("EXTPACK_SARIF_SCHEMA") else {
        eprintln!(
            "skipped: EXTPACK_SARIF_SCHEMA is not set (tests/sarif-schema.sh downloads the \
             schema; .ci/run sets it)"
        );
        return;
    };
    let schema: Value = serde_json::from_slice(&std::fs::read(&path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", Path::new(&path).display()));
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let clean = run(&["check", "--format", "sarif", "testdata/valid/web-minimal"]).stdout;
    let unchecked = run(&[
        "check",
        "--format",
        "sarif",
        "nope",
        "testdata/valid/web-minimal",
    ])
    .stdout;
    for (name, text) in [
        ("shared fixture", shared("sarif")),
        ("notes", notes("sarif")),
        ("clean", clean),
        ("a path that cannot be checked", unchecked),
    ] {
        let log: Value = serde_json::from_str(&text).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
    // The schema really judges: a wrong level is refused. (Its `uri-reference` format is not
    // a draft-04 format, so URIs are checked by `sarif_uris_are_relative_…` instead.)
    let mut broken: Value = serde_json::from_str(&shared("sarif")).unwrap();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&broken));
}

// ---- GitHub workflow commands ----

#[test]
fn github_output_snapshot() {
    insta::assert_snapshot!("github_shared", shared("github"));
}

#[test]
fn github_output_is_one_command_per_finding_and_nothing_else() {
    let out = shared("github");
    let (json, _) = check_json(SHARED);
    let findings: Vec<&Value> = json["extensions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["diagnostics"].as_array().unwrap())
        .collect();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), findings.len());
    for (line, finding) in lines.iter().zip(findings) {
        let command = match finding["severity"].as_str().unwrap() {
            "error" => "::error ",
            "warning" => "::warning ",
            _ => "::notice ",
        };
        assert!(line.starts_with(command), "{line}");
        let file = format!("file={},", finding["file"].as_str().unwrap());
        assert!(line.contains(&file), "{line}");
        assert!(line.contains(&format!(",title={}::", finding["code"].as_str().unwrap())));
        if finding["line"].is_null() {
            assert!(!line.contains("line="), "{line}");
        } else {
            let position = format!(
                ",line={},col={},endLine={},endColumn={},",
                finding["line"], finding["column"], finding["end_line"], finding["end_column"]
            );
            assert!(line.contains(&position), "{line}");
        }
    }
    assert!(
        run(&["check", "--format", "github", "testdata/valid/web-minimal"])
            .stdout
            .is_empty()
    );
}

#[test]
fn github_output_escapes_messages_and_properties() {
    let dir = tempfile::tempdir().unwrap();
    let out = awkward("github", dir.path());
    assert!(out.lines().count() >= 3);
    for line in out.lines() {
        assert!(
            line.starts_with("::") && line.contains(" file=my ext%2C v2/extension.json,"),
            "{line}"
        );
    }
    // The key `odd<&>"'\u0001:,%0A`: `%` is escaped in the message, so `%0A` stays text.
    let unknown = out.lines().find(|l| l.contains("title=EP103")).unwrap();
    assert!(unknown.contains(":,%250A"), "{unknown}");
    assert!(!out.contains('\r'));
}

#[test]
fn github_actions_chooses_the_github_format() {
    let in_actions = |args: &[&str]| {
        let output = extpack()
            .env("GITHUB_ACTIONS", "true")
            .args(args)
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    let out = in_actions(&["check", "testdata/checks/EP105/trigger"]);
    assert!(
        out.starts_with("::error file=testdata/checks/EP105/trigger/extension.json,line=3,col=14,"),
        "{out}"
    );
    let human = in_actions(&[
        "check",
        "--format",
        "human",
        "testdata/checks/EP105/trigger",
    ]);
    assert!(
        human.ends_with("1 error, 0 warnings in 1 extension\n"),
        "{human}"
    );
    // Workflow commands take effect on standard output only: a report file stays human.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.txt");
    in_actions(&[
        "check",
        "-o",
        file.to_str().unwrap(),
        "testdata/checks/EP105/trigger",
    ]);
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(
        written.ends_with("1 error, 0 warnings in 1 extension\n"),
        "{written}"
    );
}

// ---- JUnit XML ----

#[test]
fn junit_output_snapshot() {
    insta::assert_snapshot!("junit_shared", shared("junit"));
}

fn attr<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> &'a str {
    node.attribute(name)
        .unwrap_or_else(|| panic!("<{}> lacks {name}", node.tag_name().name()))
}

fn count(node: roxmltree::Node<'_, '_>, name: &str) -> usize {
    attr(node, name).parse().unwrap()
}

#[test]
fn junit_parses_and_counts_add_up() {
    let xml = shared("junit");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(
        suites.iter().map(|s| attr(*s, "name")).collect::<Vec<_>>(),
        SHARED
    );
    let (mut tests, mut failures) = (0, 0);
    for suite in &suites {
        let cases: Vec<_> = suite
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .collect();
        let failed = cases
            .iter()
            .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
            .count();
        assert_eq!(count(*suite, "tests"), cases.len());
        assert_eq!(count(*suite, "failures"), failed);
        assert_eq!(count(*suite, "errors"), 0);
        for case in &cases {
            attr(*case, "classname");
            attr(*case, "name");
            if let Some(failure) = case.children().find(|n| n.has_tag_name("failure")) {
                assert!(["error", "warning"].contains(&attr(failure, "type")));
                let message = attr(failure, "message");
                assert!(failure.text().unwrap().starts_with(message));
            }
        }
        if failed == 0 {
            assert!(cases.iter().any(|c| attr(*c, "name") == "extpack check"));
        }
        tests += cases.len();
        failures += failed;
    }
    assert_eq!(count(root, "tests"), tests);
    assert_eq!(count(root, "failures"), failures);
    // web-many-problems: 10 errors, all failures, and a note (EP308) that passes;
    // web-minimal passes.
    assert_eq!(count(suites[0], "failures"), 10);
    assert_eq!(count(suites[1], "failures"), 0);
    let js = suites[2]
        .children()
        .find(|n| n.has_tag_name("testcase"))
        .unwrap();
    assert_eq!(
        attr(js, "name"),
        "EP301 testdata/checks/EP301/trigger/src/lib/actions/sendBeacon.js:2:15"
    );
}

#[test]
fn junit_escapes_markup_and_drops_what_xml_cannot_hold() {
    let dir = tempfile::tempdir().unwrap();
    let xml = awkward("junit", dir.path());
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let failure = doc
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .find(|n| attr(*n, "message").contains("odd"))
        .unwrap();
    // The key was `odd<&>"'\u0001:,%0A`: U+0001 has no place in XML 1.0 and is dropped.
    assert!(
        attr(failure, "message").contains("`odd<&>\"':,%0A`"),
        "{}",
        attr(failure, "message")
    );
    assert!(!xml.contains('\u{1}'));
}

// ---- notes ----

#[test]
fn notes_are_notices_note_results_and_passing_cases() {
    let github = notes("github");
    assert!(github.starts_with("::notice file="), "{github}");
    assert!(github.contains("title=EP403::"));

    let sarif: Value = serde_json::from_str(&notes("sarif")).unwrap();
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "EP403");
    assert_eq!(result["level"], "note");

    let xml = notes("junit");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let suite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .unwrap();
    assert_eq!(count(suite, "failures"), 0);
    let note = suite
        .children()
        .find(|n| n.has_tag_name("testcase") && attr(*n, "name").starts_with("EP403 "))
        .unwrap();
    let out = note
        .children()
        .find(|n| n.has_tag_name("system-out"))
        .unwrap();
    assert!(out.text().unwrap().contains("development package"));
    assert!(
        suite
            .children()
            .any(|n| n.has_tag_name("testcase") && attr(n, "name") == "extpack check")
    );
}

// ---- A path that cannot be checked ----

/// `extpack check --format FORMAT nope testdata/valid/web-minimal`: exit 2, and the output.
fn with_a_missing_path(format: &str) -> String {
    let r = run(&[
        "check",
        "--format",
        format,
        "nope",
        "testdata/valid/web-minimal",
    ]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("`nope` does not exist"), "{}", r.stderr);
    r.stdout
}

#[test]
fn a_path_that_cannot_be_checked_is_named_in_every_format() {
    let json: Value = serde_json::from_str(&with_a_missing_path("json")).unwrap();
    let extensions = json["extensions"].as_array().unwrap();
    assert_eq!(extensions.len(), 2);
    assert_eq!(extensions[0]["path"], "nope");
    assert_eq!(extensions[0]["error"], "`nope` does not exist");
    assert_eq!(extensions[0]["diagnostics"], serde_json::json!([]));
    assert_eq!(extensions[1]["error"], Value::Null);
    assert_eq!(json["summary"]["unchecked"], 1);

    let sarif: Value = serde_json::from_str(&with_a_missing_path("sarif")).unwrap();
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notification = &invocation["toolExecutionNotifications"][0];
    assert_eq!(notification["level"], "error");
    assert_eq!(
        notification["message"]["text"],
        "could not be checked: `nope` does not exist"
    );
    assert_eq!(
        notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "nope"
    );
    let clean: Value = serde_json::from_str(
        &run(&["check", "--format", "sarif", "testdata/valid/web-minimal"]).stdout,
    )
    .unwrap();
    assert_eq!(
        clean["runs"][0]["invocations"][0],
        serde_json::json!({"executionSuccessful": true})
    );

    let junit = with_a_missing_path("junit");
    let doc = roxmltree::Document::parse(&junit).unwrap();
    let suites = doc.root_element();
    assert_eq!(attr(suites, "errors"), "1");
    assert_eq!(attr(suites, "tests"), "2");
    let error = doc.descendants().find(|n| n.has_tag_name("error")).unwrap();
    assert_eq!(
        attr(error, "message"),
        "could not be checked: `nope` does not exist"
    );
    assert_eq!(attr(error.parent().unwrap(), "classname"), "nope");

    assert_eq!(
        with_a_missing_path("github"),
        "::error file=nope,title=extpack::could not be checked: `nope` does not exist\n"
    );

    let human = with_a_missing_path("human");
    assert_eq!(
        human.lines().last().unwrap(),
        "0 errors, 0 warnings in 1 extension; 1 path could not be checked"
    );
}
