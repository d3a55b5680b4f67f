//! What the findings and the commands say: one finding per spot, the nearest file, build
//! output, `--ignore`, `explain` by name, and wording that reads right.

use std::path::Path;

use serde_json::Value;

use crate::common::{check_json, codes, copy_dir, root, run};

fn write(dir: &Path, relative: &str, text: &str) {
    let path = dir.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A copy of a fixture, with its extension.json edited by `edit`.
fn edited(fixture: &str, edit: impl FnOnce(&mut Value)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("testdata").join(fixture), dir.path());
    let path = dir.path().join("extension.json");
    let mut manifest: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    edit(&mut manifest);
    std::fs::write(&path, serde_json::to_string_pretty(&manifest).unwrap()).unwrap();
    dir
}

fn first(report: &Value) -> &Value {
    &report["extensions"][0]["diagnostics"][0]
}

fn helps(report: &Value) -> Vec<String> {
    report["extensions"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["help"].as_str().unwrap_or("").to_owned())
        .collect()
}

// ---- One finding per spot ----

#[test]
fn a_key_the_platform_refuses_is_not_also_a_missing_file() {
    let edge = edited("valid/edge-minimal", |m| {
        m["hostedLibFiles"] = serde_json::json!(["src/lib/missing.js"]);
    });
    let (report, _) = check_json(&[edge.path().to_str().unwrap()]);
    assert_eq!(codes(&report), ["EP103"]);

    let mobile = edited("valid/mobile-minimal", |m| {
        m["actions"][0]["libPath"] = Value::from("src/lib/missing.js");
    });
    let (report, _) = check_json(&[mobile.path().to_str().unwrap()]);
    assert_eq!(codes(&report), ["EP103"]);

    let view_js = edited("valid/web-minimal", |m| {
        m["actions"][0]["viewPath"] = Value::from("actions/log-message.js");
    });
    let (report, _) = check_json(&[view_js.path().to_str().unwrap()]);
    assert_eq!(codes(&report), ["EP105"]);

    // A path the schema accepts is still looked up.
    let missing = edited("valid/web-minimal", |m| {
        m["actions"][0]["viewPath"] = Value::from("actions/missing.html");
    });
    let (report, _) = check_json(&[missing.path().to_str().unwrap()]);
    assert_eq!(codes(&report), ["EP201"]);
}

// ---- Did you mean ----

#[test]
fn a_missing_file_suggests_the_nearest_existing_one() {
    let dir = edited("valid/web-minimal", |m| {
        m["actions"][0]["libPath"] = Value::from("src/lib/action/log-message.js");
        m["actions"][0]["viewPath"] = Value::from("actions/log-message.js.html");
    });
    write(dir.path(), "src/view/actions/log-message.js.js", "");
    let (report, code) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(codes(&report), ["EP201", "EP201"]);
    let helps = helps(&report);
    assert!(
        helps[0].starts_with("did you mean `src/lib/actions/log-message.js`?"),
        "{helps:?}"
    );
    assert!(
        helps[1].starts_with("did you mean `actions/log-message.js.js`?"),
        "{helps:?}"
    );
}

#[test]
fn a_require_of_a_missing_file_suggests_the_nearest_existing_one() {
    let dir = edited("valid/web-minimal", |_| {});
    write(
        dir.path(),
        "src/lib/actions/log-message.js",
        "module.exports = require('./helper');\n",
    );
    write(
        dir.path(),
        "src/lib/actions/helpers.js",
        "module.exports = 1;\n",
    );
    let (report, code) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(codes(&report), ["EP301"]);
    assert!(
        helps(&report)[0].starts_with("did you mean `src/lib/actions/helpers.js`?"),
        "{report}"
    );
}

// ---- Build output ----

/// A repository (a `.git` folder is all `.gitignore` needs) whose build writes `dist/`: the
/// views and four library files are build output, none of it built.
fn unbuilt_repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::fs::write(dir.path().join(".gitignore"), "dist/\n").unwrap();
    let ext = dir.path().join("ext");
    copy_dir(&root().join("testdata/valid/web-minimal"), &ext);
    std::fs::remove_dir_all(ext.join("src/view")).unwrap();
    let path = ext.join("extension.json");
    let mut manifest: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    manifest["viewBasePath"] = Value::from("dist/view/");
    let action = manifest["actions"][0].clone();
    let actions: Vec<Value> = (1..=4)
        .map(|i| {
            let mut a = action.clone();
            a["name"] = Value::from(format!("action-{i}"));
            a["libPath"] = Value::from(format!("dist/lib/action-{i}.js"));
            a
        })
        .collect();
    manifest["actions"] = Value::from(actions);
    std::fs::write(&path, serde_json::to_string_pretty(&manifest).unwrap()).unwrap();
    dir
}

#[test]
fn unbuilt_library_output_gets_build_advice_and_one_note_when_skipped() {
    let repo = unbuilt_repository();
    let ext = repo.path().join("ext");
    let ext = ext.to_str().unwrap();
    let (report, code) = check_json(&[ext]);
    assert_eq!(code, 1);
    assert_eq!(
        codes(&report),
        ["EP205", "EP201", "EP201", "EP201", "EP201"]
    );
    for help in &helps(&report)[1..] {
        assert!(
            help.contains("git ignores `dist/lib/action-")
                && help.contains("build output")
                && help.contains("--skip-unbuilt"),
            "{help}"
        );
    }

    for flag in ["--skip-unbuilt", "--no-views"] {
        let (report, code) = check_json(&[flag, ext]);
        assert_eq!(code, 0, "{flag}");
        assert_eq!(codes(&report), ["EP206"], "{flag}");
        let note = first(&report);
        assert_eq!(note["severity"], "note");
        let message = note["message"].as_str().unwrap();
        assert!(
            message.contains("the views were not checked")
                && message.contains("nor were 4 files the manifest names")
                && message.contains("`dist/lib/action-1.js`"),
            "{message}"
        );
    }

    // A missing file that git does not ignore stays an error.
    let path = repo.path().join("ext/extension.json");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("dist/lib/action-4.js", "src/lib/missing.js");
    std::fs::write(&path, text).unwrap();
    let (report, code) = check_json(&["--skip-unbuilt", ext]);
    assert_eq!(code, 1);
    assert_eq!(codes(&report), ["EP206", "EP201"]);

    // `pack` needs the files, and names no flag it would refuse.
    let packed = run(&["pack", "--dry-run", ext]);
    assert_eq!(packed.code, 1);
    assert!(
        packed.stdout.contains("git ignores `dist/lib/action-1.js`")
            && !packed.stdout.contains("--skip-unbuilt")
            && !packed.stdout.contains("--no-views"),
        "{}",
        packed.stdout
    );
}

#[test]
fn only_unbuilt_library_files_make_a_note_of_their_own() {
    let repo = unbuilt_repository();
    std::fs::create_dir_all(repo.path().join("ext/dist/view/actions")).unwrap();
    // A built view as the platform wants it: it loads the extension bridge (EP315, EP316).
    std::fs::write(
        repo.path().join("ext/dist/view/actions/log-message.html"),
        "<script src=\"https://assets.adobedtm.com/activation/reactor/extensionbridge/extensionbridge.min.js\"></script>\n",
    )
    .unwrap();
    let ext = repo.path().join("ext");
    let (report, code) = check_json(&["--skip-unbuilt", ext.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(codes(&report), ["EP206"]);
    let note = first(&report);
    assert_eq!(note["pointer"], "/actions/0/libPath");
    assert!(
        note["message"]
            .as_str()
            .unwrap()
            .starts_with("4 files the manifest names are not built yet where git ignores them"),
        "{note}"
    );
}

// ---- --ignore ----

#[test]
fn ignore_drops_codes_by_code_or_name_on_check_and_pack() {
    let (report, code) = check_json(&["testdata/broken/web-many-problems"]);
    assert_eq!(code, 1);
    assert!(codes(&report).contains(&"EP105".to_owned()));
    let (report, _) = check_json(&[
        "--ignore",
        "EP105,missing-exchange-url",
        "--ignore",
        "ep102",
        "testdata/broken/web-many-problems",
    ]);
    let found = codes(&report);
    assert!(
        !found
            .iter()
            .any(|c| ["EP105", "EP308", "EP102"].contains(&c.as_str())),
        "{found:?}"
    );
    assert!(!found.is_empty());

    let warning = "testdata/checks/EP306/trigger";
    let r = run(&["pack", "--dry-run", "--deny-warnings", warning]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let r = run(&[
        "pack",
        "--dry-run",
        "--deny-warnings",
        "--ignore",
        "EP306",
        warning,
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);

    let r = run(&["check", "--ignore", "EP999", "testdata/valid/web-minimal"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("unknown code `EP999`"), "{}", r.stderr);
}

// ---- explain and fatal errors ----

#[test]
fn explain_takes_names_and_lines_up_its_list() {
    let by_name = run(&["explain", "missing-file"]);
    assert_eq!(by_name.code, 0);
    assert_eq!(by_name.stdout, run(&["explain", "EP201"]).stdout);

    let list = run(&["explain"]).stdout;
    let columns: Vec<usize> = extpack::diag::RULES
        .iter()
        .map(|rule| {
            let line = list.lines().find(|l| l.starts_with(rule.code)).unwrap();
            line.find(rule.summary).unwrap()
        })
        .collect();
    assert!(
        columns.windows(2).all(|w| w[0] == w[1]),
        "summaries start at different columns: {columns:?}"
    );
}

#[test]
fn fatal_errors_show_no_internal_labels() {
    let r = run(&["check", "nope"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("`nope` does not exist"), "{}", r.stderr);
    assert!(!r.stderr.contains("extpack::"), "{}", r.stderr);
    // The errors of outputs too (a report over the manifest it checks), and of releases.
    let dir = tempfile::tempdir().unwrap();
    crate::common::copy_dir(
        &crate::common::root().join("testdata/valid/web-minimal"),
        dir.path(),
    );
    let manifest = dir.path().join("extension.json");
    for args in [
        vec![
            "check",
            dir.path().to_str().unwrap(),
            "-o",
            manifest.to_str().unwrap(),
        ],
        vec![
            "check",
            "--against",
            "testdata/diff/release/api/unreleased.json",
            "testdata/diff/release/new",
        ],
    ] {
        let r = run(&args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(!r.stderr.contains("extpack::"), "{args:?}: {}", r.stderr);
    }
}

// ---- Wording ----

#[test]
fn a_comment_in_extension_json_is_named_a_comment() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "extension.json",
        "{\n  // the name\n  \"name\": \"x\"\n}\n",
    );
    let (report, code) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(codes(&report), ["EP002"]);
    let d = first(&report);
    assert_eq!(
        d["message"],
        "extension.json is not valid JSON: comments are not allowed in JSON"
    );
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(3))
    );
}

#[test]
fn messages_read_right() {
    let artifact = edited("valid/mobile-minimal", |m| {
        let text = serde_json::to_string(m).unwrap().replace(
            "com.example.extpack:minimal-extension:1.0.0",
            "com.example.extpack:minimal-extension:one",
        );
        *m = serde_json::from_str(&text).unwrap();
    });
    let (report, _) = check_json(&[artifact.path().to_str().unwrap()]);
    let text = report.to_string();
    assert!(text.contains("EP105"), "{text}");
    assert!(
        !text.contains("A-z") && !text.contains("[ \\\\ ]"),
        "{text}"
    );

    let schema = edited("valid/web-minimal", |m| {
        m["actions"][0]["schema"]["required"] = serde_json::json!([]);
    });
    let (report, _) = check_json(&[schema.path().to_str().unwrap()]);
    let d = first(&report);
    assert_eq!(d["code"], "EP309");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("must have at least 1 item;"),
        "{d}"
    );
    assert!(
        d["help"]
            .as_str()
            .unwrap()
            .starts_with("an error although the platform accepts the upload"),
        "{d}"
    );
}

#[test]
fn urls_and_code_spans_are_never_cut_by_wrapping() {
    let r = run(&["check", "testdata/checks/EP105/trigger"]);
    assert!(r.stdout.contains("`1.0.0-Beta.1`"), "{}", r.stdout);
    let r = run(&["check", "testdata/checks/EP308/trigger"]);
    assert!(
        r.stdout
            .contains("\"https://www.adobeexchange.com/experiencecloud.details.100000.html\""),
        "{}",
        r.stdout
    );
}
