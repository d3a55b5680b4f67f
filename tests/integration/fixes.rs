//! `check --fix`, `--unsafe-fixes` and `--diff`: for every fixable code, the extension in
//! `testdata/fixes/CODE/before/` becomes exactly `after/` (every byte: line endings, byte order
//! mark, final newline), a second run changes nothing, and `--diff` shows the change without
//! writing it. A file `args` beside them holds extra arguments (`--unsafe-fixes`).

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::{check_json, codes, copy_dir, extpack, root, subdirs};

/// Every file under `dir` by relative path, with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let relative = path
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(relative, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn fixture_args(code: &str) -> Vec<String> {
    std::fs::read_to_string(root().join("testdata/fixes").join(code).join("args"))
        .map(|t| t.split_whitespace().map(str::to_owned).collect())
        .unwrap_or_default()
}

struct Output {
    code: i32,
    stdout: String,
    stderr: String,
}

/// `extpack check ARGS .` in `dir`.
fn run_in(dir: &Path, args: &[&str]) -> Output {
    let mut all = args.to_vec();
    all.push(".");
    run_with(dir, &all)
}

fn run_with(dir: &Path, args: &[&str]) -> Output {
    let output = extpack()
        .current_dir(dir)
        .arg("check")
        .args(args)
        .output()
        .unwrap();
    Output {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// A copy of a fixture's `before/` in a temporary folder.
fn copy_of_before(code: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &root().join("testdata/fixes").join(code).join("before"),
        dir.path(),
    );
    dir
}

#[test]
fn every_fixable_code_has_fixtures_and_only_those() {
    let folders = subdirs(&root().join("testdata/fixes"));
    let fixable: Vec<String> = extpack::diag::fix::FIXABLE
        .iter()
        .map(|f| f.code.to_owned())
        .collect();
    assert_eq!(folders, fixable);
    for code in &fixable {
        let page = extpack::diag::rule(code).unwrap().docs;
        assert!(
            page.contains("extpack check --fix"),
            "docs/codes/{code}.md must say how --fix fixes it"
        );
    }
    for rule in extpack::diag::RULES.iter() {
        if !fixable.iter().any(|c| c == rule.code) {
            assert!(
                !rule.docs.contains("check --fix"),
                "docs/codes/{}.md speaks of --fix but the code has no fix",
                rule.code
            );
        }
    }
}

#[test]
fn fix_turns_before_into_after_byte_for_byte_and_a_second_run_changes_nothing() {
    for code in subdirs(&root().join("testdata/fixes")) {
        let before = format!("testdata/fixes/{code}/before");
        let (report, exit) = check_json(&[&before]);
        assert!(codes(&report).contains(&code), "{before}: {report}");
        assert_eq!(exit, 1, "{before}");

        let dir = copy_of_before(&code);
        let mut args: Vec<String> = vec!["--fix".into()];
        args.extend(fixture_args(&code));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let first = run_in(dir.path(), &args);
        assert_eq!(first.code, 0, "{code}: {}{}", first.stdout, first.stderr);
        assert!(first.stderr.contains("extpack: fixed "), "{}", first.stderr);
        let expected = tree(&root().join("testdata/fixes").join(&code).join("after"));
        assert_eq!(tree(dir.path()), expected, "{code}: the fixed files");

        let second = run_in(dir.path(), &args);
        assert_eq!(second.code, 0, "{code}");
        assert!(
            second.stderr.contains("fixed 0 findings in 0 files"),
            "{code}: {}",
            second.stderr
        );
        assert_eq!(tree(dir.path()), expected, "{code}: a second --fix");
    }
}

#[test]
fn diff_shows_what_fix_would_do_and_writes_nothing() {
    for code in subdirs(&root().join("testdata/fixes")) {
        let dir = copy_of_before(&code);
        let untouched = tree(dir.path());
        let mut args: Vec<String> = vec!["--diff".into()];
        args.extend(fixture_args(&code));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let diff = run_in(dir.path(), &args);
        assert_eq!(diff.code, 1, "{code}: {}", diff.stderr);
        assert!(
            diff.stdout
                .starts_with("--- a/extension.json\n+++ b/extension.json\n@@ "),
            "{code}: {}",
            diff.stdout
        );
        assert!(diff.stderr.contains("would fix "), "{}", diff.stderr);
        assert_eq!(
            tree(dir.path()),
            untouched,
            "{code}: --diff wrote something"
        );

        let after = root().join("testdata/fixes").join(&code).join("after");
        let clean = run_in(&after, &args);
        assert_eq!((clean.code, clean.stdout.as_str()), (0, ""), "{code}");
    }
}

#[test]
fn the_diff_of_a_case_fix_names_both_files() {
    let dir = copy_of_before("EP202");
    let diff = run_in(dir.path(), &["--diff"]);
    assert!(
        diff.stdout
            .contains("-      \"libPath\": \"src/lib/Actions/sendbeacon.js\",\n"),
        "{}",
        diff.stdout
    );
    assert!(
        diff.stdout
            .contains("+++ b/src/lib/actions/sendBeacon.js\n"),
        "{}",
        diff.stdout
    );
    assert!(diff.stdout.contains("+var helper = require(\"./helper\");"));
}

#[test]
fn unsafe_fixes_wait_for_unsafe_fixes() {
    for code in ["EP003", "EP103"] {
        let dir = copy_of_before(code);
        let untouched = tree(dir.path());
        let run = run_in(dir.path(), &["--fix"]);
        assert_eq!(run.code, 1, "{code}");
        assert!(run.stdout.contains(code), "{}", run.stdout);
        assert!(run.stderr.contains("fixed 0 findings"), "{}", run.stderr);
        assert_eq!(tree(dir.path()), untouched, "{code}");
    }
}

#[test]
fn unsafe_fixes_alone_fixes() {
    let dir = copy_of_before("EP003");
    let run = run_in(dir.path(), &["--unsafe-fixes"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        tree(dir.path()),
        tree(&root().join("testdata/fixes/EP003/after"))
    );
}

#[test]
fn fix_reports_what_remains_in_the_format_asked() {
    // The EP002 trigger has a double comma, which no fix removes: nothing is written.
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("testdata/checks/EP002/trigger"), dir.path());
    let untouched = tree(dir.path());
    let run = run_in(dir.path(), &["--fix", "--format", "json"]);
    assert_eq!(run.code, 1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(codes(&report), ["EP002"]);
    assert_eq!(tree(dir.path()), untouched);
}

#[test]
fn explain_says_whether_a_code_is_fixed() {
    let fixed = extpack().args(["explain", "EP101"]).output().unwrap();
    let text = String::from_utf8(fixed.stdout).unwrap();
    assert!(
        text.contains("Automatic fix: `extpack check --fix` writes the platform's name"),
        "{text}"
    );
    let unsafe_fix = extpack().args(["explain", "EP003"]).output().unwrap();
    assert!(
        String::from_utf8(unsafe_fix.stdout)
            .unwrap()
            .contains("Automatic fix (unsafe: review it)")
    );
    let none = extpack().args(["explain", "EP201"]).output().unwrap();
    assert!(
        String::from_utf8(none.stdout)
            .unwrap()
            .trim_end()
            .ends_with("Automatic fix: none.")
    );
}

#[test]
fn fix_keeps_the_permissions_of_a_file() {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let dir = copy_of_before("EP101");
        let manifest = dir.path().join("extension.json");
        std::fs::set_permissions(&manifest, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(run_in(dir.path(), &["--fix"]).code, 0);
        let mode = std::fs::metadata(&manifest).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn fixes_go_through_a_link_to_the_file_it_names() {
    #[cfg(unix)]
    {
        let dir = copy_of_before("EP101");
        let real = dir.path().join("real.json");
        std::fs::rename(dir.path().join("extension.json"), &real).unwrap();
        std::os::unix::fs::symlink("real.json", dir.path().join("extension.json")).unwrap();
        assert_eq!(run_in(dir.path(), &["--fix"]).code, 0);
        assert!(dir.path().join("extension.json").is_symlink());
        assert!(
            std::fs::read_to_string(&real)
                .unwrap()
                .contains("\"platform\": \"web\"")
        );
    }
}

#[test]
fn an_archive_is_checked_but_not_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("package.zip");
    let mut writer = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    let before = root().join("testdata/fixes/EP101/before");
    for (name, bytes) in tree(&before) {
        writer
            .start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut writer, &bytes).unwrap();
    }
    writer.finish().unwrap();
    let untouched = std::fs::read(&zip_path).unwrap();
    let run = run_with(dir.path(), &["--fix", "package.zip"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("`package.zip` is an archive: fixes are applied to extension folders only"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("EP101"), "{}", run.stdout);
    // Nor does the report offer fixes it cannot apply.
    assert!(!run.stdout.contains("fixable"), "{}", run.stdout);
    assert_eq!(std::fs::read(&zip_path).unwrap(), untouched);
}

#[test]
fn the_report_of_a_fix_never_replaces_a_file_the_run_reads() {
    let dir = copy_of_before("EP002");
    let before = tree(dir.path());
    let ran = run_in(dir.path(), &["--fix", "-o", "extension.json"]);
    assert_eq!(ran.code, 2, "{}{}", ran.stdout, ran.stderr);
    assert!(ran.stderr.contains("extension.json"), "{}", ran.stderr);
    // Refused before any fix was written: nothing changed.
    assert_eq!(tree(dir.path()), before);
}

#[test]
fn a_views_folder_holding_only_a_placeholder_passes_under_fix_too() {
    // Fixes are checked through an in-memory overlay of the folder, which must answer for
    // placeholders as the folder does (else EP207 for an extension without views).
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("testdata/checks/EP207/near-miss"), dir.path());
    let ran = run_in(dir.path(), &["--fix"]);
    assert_eq!(ran.code, 0, "{}{}", ran.stdout, ran.stderr);
}
