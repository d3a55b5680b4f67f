//! Where outputs may go: never over a file the run reads or packs, never at another output of
//! the run, never through a link, pipe or device, and with a clear message when a folder above
//! is a file. Each refusal exits 2 and writes nothing.

use std::path::Path;

use crate::common::{copy_dir, extpack, root};

struct Ran {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs extpack with `args` in the folder `cwd`.
fn run_in(cwd: &Path, args: &[&str]) -> Ran {
    let output = extpack().current_dir(cwd).args(args).output().unwrap();
    Ran {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A folder holding a copy of `testdata/valid/web-minimal` as `ext`.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &root().join("testdata/valid/web-minimal"),
        &dir.path().join("ext"),
    );
    dir
}

/// Every file below `dir` with its content, sorted.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            let name = path.strip_prefix(base).unwrap().display().to_string();
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                out.push((format!("{name}/"), Vec::new()));
                walk(base, &path, out);
            } else if kind.is_file() {
                out.push((name, std::fs::read(&path).unwrap()));
            } else {
                out.push((format!("{name} (special)"), Vec::new()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Runs `args` in `dir` and checks that it was refused (exit 2) with `message`, and that
/// nothing below `dir` changed.
fn refused(dir: &Path, args: &[&str], message: &str) -> Ran {
    let before = snapshot(dir);
    let r = run_in(dir, args);
    assert_eq!(r.code, 2, "{args:?}:\n{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains(message), "{args:?}:\n{}", r.stderr);
    assert!(r.stderr.contains("nothing was written"), "{}", r.stderr);
    assert_eq!(snapshot(dir), before, "{args:?} changed files");
    r
}

#[test]
fn pack_never_writes_over_a_file_it_packs() {
    let dir = workspace();
    let ext = dir.path().join("ext");
    std::fs::write(ext.join("src/view/assets.zip"), "the user's own zip").unwrap();
    refused(
        dir.path(),
        &["pack", "ext", "-o", "ext/src/view/assets.zip"],
        "would be written over `ext/src/view/assets.zip`, a file this run packs",
    );
    for report in [
        "ext/extension.json",
        "ext/src/lib/actions/log-message.js",
        "ext/./src/../extension.json",
    ] {
        refused(
            dir.path(),
            &["pack", "ext", "-o", "out/", "--report", report],
            "a file this run packs",
        );
    }
    // A dry run says so too, without writing anything.
    refused(
        dir.path(),
        &["pack", "ext", "--dry-run", "--report", "ext/extension.json"],
        "a file this run packs",
    );
}

#[test]
fn pack_never_writes_over_its_configuration_or_versions_list() {
    let dir = workspace();
    std::fs::write(
        dir.path().join("ext/extpack.toml"),
        "deny-warnings = false\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("versions.json"), "[\"0.9.0\"]").unwrap();
    refused(
        dir.path(),
        &["pack", "ext", "--report", "ext/extpack.toml"],
        "a file this run reads",
    );
    refused(
        dir.path(),
        &[
            "pack",
            "ext",
            "--versions",
            "versions.json",
            "--report",
            "versions.json",
        ],
        "a file this run reads",
    );
}

#[test]
fn the_archive_and_the_report_cannot_share_a_place() {
    let dir = workspace();
    let r = refused(
        dir.path(),
        &["pack", "ext", "-o", "o/x.zip", "--report", "o/./x.zip"],
        "the archive and the report would both be written to `o/./x.zip`",
    );
    assert!(!r.stdout.contains("packed"), "{}", r.stdout);
}

#[test]
fn check_never_writes_over_what_it_checks() {
    let dir = workspace();
    refused(
        dir.path(),
        &["check", "ext", "-o", "ext/extension.json"],
        "a file this run reads",
    );
    refused(
        dir.path(),
        &["check", "ext", "-o", "ext/src/lib/actions/log-message.js"],
        "a file this run reads",
    );
    refused(
        dir.path(),
        &[
            "check",
            "ext/extension.json",
            "-o",
            "ext/src/view/actions/log-message.html",
        ],
        "a file this run reads",
    );
    // The archive being checked.
    let packed = run_in(dir.path(), &["pack", "ext", "-o", "v.zip", "--no-report"]);
    assert_eq!(packed.code, 0, "{}", packed.stderr);
    refused(
        dir.path(),
        &["check", "v.zip", "-o", "v.zip"],
        "would be written over `v.zip`, a file this run reads",
    );
    // The previous release given with --against, and a --config file.
    refused(
        dir.path(),
        &["check", "ext", "--against", "v.zip", "-o", "v.zip"],
        "a file this run reads",
    );
    std::fs::write(dir.path().join("c.toml"), "").unwrap();
    refused(
        dir.path(),
        &["check", "ext", "--config", "c.toml", "-o", "c.toml"],
        "a file this run reads",
    );
    // A report beside the extension's files is fine, again and again.
    for _ in 0..2 {
        let r = run_in(dir.path(), &["check", "ext", "-o", "ext/report.txt"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
}

#[test]
fn diff_never_writes_over_a_release_it_compares() {
    let dir = workspace();
    copy_dir(&dir.path().join("ext"), &dir.path().join("old"));
    refused(
        dir.path(),
        &["diff", "old", "ext", "-o", "ext/extension.json"],
        "would be written over `ext/extension.json`, a file this run reads",
    );
    refused(
        dir.path(),
        &[
            "diff",
            "old/extension.json",
            "ext",
            "-o",
            "old/extension.json",
        ],
        "a file this run reads",
    );
}

#[cfg(unix)]
#[test]
fn links_pipes_and_devices_at_an_output_are_refused() {
    let dir = workspace();
    std::fs::write(dir.path().join("elsewhere.zip"), "not mine to replace").unwrap();
    std::os::unix::fs::symlink("elsewhere.zip", dir.path().join("link.zip")).unwrap();
    refused(
        dir.path(),
        &["pack", "ext", "-o", "link.zip"],
        "`link.zip` is a symbolic link (to a file), so the archive cannot be written there",
    );
    refused(
        dir.path(),
        &["check", "ext", "-o", "link.zip"],
        "`link.zip` is a symbolic link (to a file), so the report cannot be written there",
    );
    let fifo = std::process::Command::new("mkfifo")
        .arg(dir.path().join("pipe"))
        .status()
        .unwrap();
    assert!(fifo.success());
    refused(
        dir.path(),
        &["check", "ext", "-o", "pipe"],
        "`pipe` is a named pipe (FIFO), so the report cannot be written there",
    );
    refused(
        dir.path(),
        &["pack", "ext", "-o", "x.zip", "--report", "pipe"],
        "`pipe` is a named pipe (FIFO), so the report cannot be written there",
    );
    refused(
        dir.path(),
        &["diff", "ext", "ext", "-o", "/dev/null"],
        "`/dev/null` is a character device",
    );
}

/// `-o >(cat)`: bash passes a `/dev/fd/N` path, a link to a pipe.
#[cfg(unix)]
#[test]
fn process_substitution_is_refused_with_a_clear_message() {
    if std::process::Command::new("bash")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: no bash");
        return;
    }
    let dir = workspace();
    let bin = assert_cmd::cargo::cargo_bin("extpack");
    let out = std::process::Command::new("bash")
        .current_dir(dir.path())
        .arg("-c")
        .arg(format!("'{}' check ext -o >(cat)", bin.display()))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("is a symbolic link (to a named pipe (FIFO))"),
        "{stderr}"
    );
    assert!(
        !stderr.contains(".extpack-") && !stderr.contains(".tmp"),
        "{stderr}"
    );
}

#[test]
fn a_file_where_a_folder_must_be_is_said_plainly() {
    let dir = workspace();
    std::fs::write(dir.path().join("plain"), "a file").unwrap();
    for (args, what) in [
        (vec!["pack", "ext", "-o", "plain/x.zip"], "archive"),
        (vec!["pack", "ext", "-o", "plain/deeper/"], "archive"),
        (vec!["check", "ext", "-o", "plain/r.json"], "report"),
        (vec!["diff", "ext", "ext", "-o", "plain/d.txt"], "output"),
    ] {
        let r = refused(
            dir.path(),
            &args,
            &format!("`plain` is a file, so the {what} `plain/"),
        );
        assert!(!r.stderr.contains("os error"), "{}", r.stderr);
    }
}

#[test]
fn check_and_diff_create_a_missing_output_folder_as_pack_does() {
    let dir = workspace();
    for (args, file) in [
        (vec!["check", "ext", "-o", "new/a/r.json"], "new/a/r.json"),
        (
            vec!["diff", "ext", "ext", "-o", "new/b/d.txt"],
            "new/b/d.txt",
        ),
        (vec!["pack", "ext", "-o", "new/c/"], "new/c"),
    ] {
        let r = run_in(dir.path(), &args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert!(dir.path().join(file).exists(), "{args:?}");
    }
}

#[test]
fn a_folder_named_extension_json_is_the_same_error_as_its_parent() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("d/extension.json")).unwrap();
    let parent = run_in(dir.path(), &["check", "d"]);
    let named = run_in(dir.path(), &["check", "d/extension.json"]);
    assert_eq!(parent.code, 2, "{}{}", parent.stdout, parent.stderr);
    assert_eq!(named.code, 2, "{}{}", named.stdout, named.stderr);
    assert_eq!(named.stderr, parent.stderr);
    assert!(!named.stdout.contains("EP001"), "{}", named.stdout);
}

/// Every source file of the crate and its tests, as text.
fn sources(dir: &Path, out: &mut String) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push_str(&std::fs::read_to_string(&path).unwrap());
        }
    }
}

#[test]
fn every_test_the_readme_safety_section_names_exists() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme.find("### Safety").unwrap();
    let section = &readme[start..];
    let section = &section[..section[4..].find("\n### ").map_or(section.len(), |e| e + 4)];
    let mut code = String::new();
    sources(&root().join("src"), &mut code);
    sources(&root().join("tests"), &mut code);
    let named: Vec<&str> = section
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|t| {
            t.contains('_')
                && t.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
        .collect();
    assert!(named.len() > 10, "{named:?}");
    for name in named {
        assert!(
            code.contains(&format!("fn {name}(")),
            "README names `{name}`, no such test"
        );
    }
}
