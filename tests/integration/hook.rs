//! The pre-commit hook through a real `git commit`: it checks what is staged (the git index),
//! finds extpack without npx errors, says how to bypass it, and keeps a hook it replaces.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::{commit_with_hook, copy_dir, extpack, git, git_available, root};

/// `PATH` without any folder that holds an `extpack`, so the hook cannot find one there.
fn path_without_extpack() -> String {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let kept: Vec<PathBuf> = std::env::split_paths(&path)
        .filter(|dir| !dir.join("extpack").exists())
        .collect();
    std::env::join_paths(kept)
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

fn said(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// A repository holding `ext/` (the minimal web fixture), committed, with the hook installed.
fn repo_with_hook() -> Option<tempfile::TempDir> {
    if !git_available() {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &root().join("testdata/valid/web-minimal"),
        &dir.path().join("ext"),
    );
    assert!(git(dir.path(), &["init", "-q"]).status.success());
    let install = extpack()
        .current_dir(dir.path())
        .args(["hook", "install"])
        .output()
        .unwrap();
    assert_eq!(install.status.code(), Some(0), "{}", said(&install));
    assert!(git(dir.path(), &["add", "-A"]).status.success());
    let first = commit_with_hook(dir.path(), "initial");
    assert!(first.status.success(), "{}", said(&first));
    Some(dir)
}

fn manifest(repo: &Path) -> PathBuf {
    repo.join("ext/extension.json")
}

fn edit_manifest(repo: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(manifest(repo)).unwrap();
    assert!(text.contains(from));
    std::fs::write(manifest(repo), text.replace(from, to)).unwrap();
}

#[test]
fn a_broken_staged_change_is_stopped_though_the_working_tree_is_fixed() {
    let Some(repo) = repo_with_hook() else {
        eprintln!("git not found: skipped");
        return;
    };
    let repo = repo.path();
    let good = std::fs::read_to_string(manifest(repo)).unwrap();
    edit_manifest(repo, "log-message.js", "missing.js");
    assert!(git(repo, &["add", "ext/extension.json"]).status.success());
    // The working tree is fixed again, but that is not staged: the commit would record the
    // broken path.
    std::fs::write(manifest(repo), &good).unwrap();
    let blocked = commit_with_hook(repo, "broken");
    assert!(!blocked.status.success(), "{}", said(&blocked));
    let text = said(&blocked);
    assert!(
        text.contains("EP201") && text.contains("missing.js"),
        "{text}"
    );
    assert_eq!(
        text.trim_end().lines().last().unwrap(),
        "extpack stopped the commit: fix what is reported above and stage the fix, or commit once \
         without this check with `git commit --no-verify`"
    );
    let head = git(repo, &["log", "--oneline"]);
    assert_eq!(String::from_utf8_lossy(&head.stdout).lines().count(), 1);
}

#[test]
fn a_clean_staged_change_passes_though_the_working_tree_is_broken() {
    let Some(repo) = repo_with_hook() else {
        eprintln!("git not found: skipped");
        return;
    };
    let repo = repo.path();
    let lib = repo.join("ext/src/lib/actions/log-message.js");
    let mut js = std::fs::read_to_string(&lib).unwrap();
    js.push_str("// staged, fine\n");
    std::fs::write(&lib, js).unwrap();
    assert!(git(repo, &["add", "-A"]).status.success());
    // Not staged: a broken manifest and a missing view.
    edit_manifest(repo, "log-message.js", "missing.js");
    std::fs::remove_file(repo.join("ext/src/view/actions/log-message.html")).unwrap();
    let commit = commit_with_hook(repo, "clean");
    assert!(commit.status.success(), "{}", said(&commit));
}

#[test]
fn a_file_deleted_in_the_index_is_missing() {
    let Some(repo) = repo_with_hook() else {
        eprintln!("git not found: skipped");
        return;
    };
    let repo = repo.path();
    // Removed from the index only: the working tree still has it.
    assert!(
        git(
            repo,
            &["rm", "-q", "--cached", "ext/src/lib/actions/log-message.js"]
        )
        .status
        .success()
    );
    assert!(repo.join("ext/src/lib/actions/log-message.js").is_file());
    let blocked = commit_with_hook(repo, "deleted");
    assert!(!blocked.status.success());
    let text = said(&blocked);
    assert!(text.contains("EP201"), "{text}");
    assert!(text.contains("src/lib/actions/log-message.js"), "{text}");
}

#[test]
fn a_partially_staged_file_is_checked_as_staged() {
    let Some(repo) = repo_with_hook() else {
        eprintln!("git not found: skipped");
        return;
    };
    let repo = repo.path();
    // Two changes in one file; only the first (a broken version) is staged, as `git add -p`
    // would stage one hunk.
    edit_manifest(repo, "\"1.0.0\"", "\"1.0.0-Beta\"");
    assert!(git(repo, &["add", "ext/extension.json"]).status.success());
    edit_manifest(repo, "\"1.0.0-Beta\"", "\"1.0.1\"");
    edit_manifest(repo, "Log Message", "Log A Message");
    let blocked = commit_with_hook(repo, "partial");
    assert!(!blocked.status.success());
    let text = said(&blocked);
    assert!(
        text.contains("EP105") && text.contains("1.0.0-Beta"),
        "{text}"
    );
}

#[test]
fn git_ignored_build_output_is_read_from_the_working_tree_or_noted_unbuilt() {
    let Some(repo) = repo_with_hook() else {
        eprintln!("git not found: skipped");
        return;
    };
    let repo = repo.path();
    // The views and the library become build output: git-ignored `dist/`, built in the
    // working tree.
    std::fs::write(repo.join(".gitignore"), "dist/\n").unwrap();
    std::fs::create_dir_all(repo.join("ext/dist")).unwrap();
    std::fs::rename(repo.join("ext/src/view"), repo.join("ext/dist/view")).unwrap();
    std::fs::rename(repo.join("ext/src/lib"), repo.join("ext/dist/lib")).unwrap();
    edit_manifest(repo, "\"src/view/\"", "\"dist/view/\"");
    edit_manifest(repo, "src/lib/actions/", "dist/lib/actions/");
    assert!(git(repo, &["add", "-A"]).status.success());
    let built = extpack()
        .current_dir(repo)
        .args(["hook", "run", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(built.status.code(), Some(0), "{}", said(&built));
    let report: serde_json::Value = serde_json::from_slice(&built.stdout).unwrap();
    assert_eq!(
        report["extensions"][0]["diagnostics"],
        serde_json::json!([])
    );
    // Not built: one note, and the commit goes through.
    std::fs::remove_dir_all(repo.join("ext/dist")).unwrap();
    let unbuilt = extpack()
        .current_dir(repo)
        .args(["hook", "run", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(unbuilt.status.code(), Some(0), "{}", said(&unbuilt));
    let report: serde_json::Value = serde_json::from_slice(&unbuilt.stdout).unwrap();
    assert_eq!(crate::common::codes(&report), ["EP206"]);
    let note = report["extensions"][0]["diagnostics"][0]["message"]
        .as_str()
        .unwrap();
    assert!(
        note.contains("the views were not checked")
            && note.contains("`dist/lib/actions/log-message.js`"),
        "{note}"
    );
    let commit = commit_with_hook(repo, "views are build output");
    assert!(commit.status.success(), "{}", said(&commit));
}

#[test]
fn the_staged_extpack_toml_applies() {
    let Some(repo) = repo_with_hook() else {
        eprintln!("git not found: skipped");
        return;
    };
    let repo = repo.path();
    edit_manifest(repo, "log-message.js", "missing.js");
    std::fs::write(repo.join("ext/extpack.toml"), "[rules]\nEP201 = \"note\"\n").unwrap();
    assert!(git(repo, &["add", "-A"]).status.success());
    // The working tree's copy would make it an error again; the staged one decides.
    std::fs::write(
        repo.join("ext/extpack.toml"),
        "[rules]\nEP201 = \"error\"\n",
    )
    .unwrap();
    let commit = commit_with_hook(repo, "a note");
    assert!(commit.status.success(), "{}", said(&commit));
}

/// `git commit` with a `PATH` that has no extpack.
fn commit_without_extpack_on_path(repo: &Path, message: &str) -> Output {
    std::process::Command::new("git")
        .current_dir(repo)
        .env("PATH", path_without_extpack())
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(["commit", "-q", "-m", message])
        .output()
        .unwrap()
}

#[test]
fn without_extpack_on_path_the_hook_runs_the_binary_that_installed_it() {
    if !git_available() {
        eprintln!("git not found: skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    copy_dir(
        &root().join("testdata/valid/web-minimal"),
        &repo.join("ext"),
    );
    assert!(git(&repo, &["init", "-q"]).status.success());
    // A copy of the binary, outside PATH, installs the hook.
    let bin = dir.path().join("bin/extpack");
    std::fs::create_dir_all(bin.parent().unwrap()).unwrap();
    std::fs::copy(assert_cmd::cargo::cargo_bin("extpack"), &bin).unwrap();
    // A child another test thread forks while the copy is open for writing keeps it open
    // until that child execs: running the copy then fails with ETXTBSY for a moment.
    let install = (0..100)
        .find_map(|_| {
            match std::process::Command::new(&bin)
                .current_dir(&repo)
                .env("PATH", path_without_extpack())
                .args(["hook", "install"])
                .output()
            {
                Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy => {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    None
                }
                other => Some(other.unwrap()),
            }
        })
        .unwrap();
    assert_eq!(install.status.code(), Some(0), "{}", said(&install));
    let text = said(&install);
    assert!(
        text.contains("extpack is not on PATH, so it runs")
            && text.contains(&*std::fs::canonicalize(&bin).unwrap().to_string_lossy()),
        "{text}"
    );
    edit_manifest(&repo, "log-message.js", "missing.js");
    assert!(git(&repo, &["add", "-A"]).status.success());
    let blocked = commit_without_extpack_on_path(&repo, "broken");
    assert!(!blocked.status.success());
    assert!(said(&blocked).contains("EP201"), "{}", said(&blocked));

    // The binary is gone: one line says what is missing; never an npm error.
    std::fs::remove_file(&bin).unwrap();
    let stopped = commit_without_extpack_on_path(&repo, "broken");
    assert!(!stopped.status.success());
    let text = said(&stopped);
    assert_eq!(text.trim_end().lines().count(), 1, "{text}");
    assert!(
        text.starts_with("extpack: not found")
            && text.contains("npm install --save-dev extpack")
            && text.contains("git commit --no-verify")
            && !text.contains("npm error"),
        "{text}"
    );
    // Where package.json lists extpack but it is not installed, it says so.
    std::fs::write(
        repo.join("package.json"),
        r#"{"devDependencies": {"extpack": "^0.1.0"}}"#,
    )
    .unwrap();
    let text = said(&commit_without_extpack_on_path(&repo, "broken"));
    assert!(
        text.starts_with("extpack: package.json lists extpack but it is not installed")
            && !text.contains("npm error"),
        "{text}"
    );
    // Installed there, it is what runs (directly: npx would start npm first).
    let launcher = repo.join("node_modules/.bin/extpack");
    std::fs::create_dir_all(launcher.parent().unwrap()).unwrap();
    std::fs::write(
        &launcher,
        format!(
            "#!/bin/sh\necho 'from node_modules' >&2\nexec '{}' \"$@\"\n",
            assert_cmd::cargo::cargo_bin("extpack").display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&launcher, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let blocked = commit_without_extpack_on_path(&repo, "broken");
    assert!(!blocked.status.success());
    let text = said(&blocked);
    assert!(
        text.starts_with("from node_modules") && text.contains("EP201"),
        "{text}"
    );
}

#[test]
fn install_force_keeps_the_existing_hook_runs_it_first_and_uninstall_puts_it_back() {
    if !git_available() {
        eprintln!("git not found: skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    copy_dir(
        &root().join("testdata/valid/web-minimal"),
        &repo.join("ext"),
    );
    assert!(git(repo, &["init", "-q"]).status.success());
    let hook = repo.join(".git/hooks/pre-commit");
    let mine = "#!/bin/sh\necho mine ran >&2\n[ ! -f stop ]\n";
    std::fs::write(&hook, mine).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let install = |args: &[&str]| {
        extpack()
            .current_dir(repo)
            .args(["hook", "install"])
            .args(args)
            .output()
            .unwrap()
    };
    assert_eq!(install(&[]).status.code(), Some(2));
    let forced = install(&["--force"]);
    assert_eq!(forced.status.code(), Some(0), "{}", said(&forced));
    assert!(
        said(&forced).contains("pre-commit.legacy"),
        "{}",
        said(&forced)
    );
    assert_eq!(
        std::fs::read_to_string(repo.join(".git/hooks/pre-commit.legacy")).unwrap(),
        mine
    );
    // Both run: the kept hook first, and its failure stops the commit before extpack runs.
    assert!(git(repo, &["add", "-A"]).status.success());
    let commit = commit_with_hook(repo, "both");
    assert!(commit.status.success(), "{}", said(&commit));
    assert!(said(&commit).contains("mine ran"));
    std::fs::write(repo.join("stop"), "").unwrap();
    edit_manifest(repo, "log-message.js", "missing.js");
    assert!(git(repo, &["add", "-A"]).status.success());
    let stopped = commit_with_hook(repo, "stopped by mine");
    assert!(!stopped.status.success());
    assert!(!said(&stopped).contains("EP201"), "{}", said(&stopped));

    let uninstall = extpack()
        .current_dir(repo)
        .args(["hook", "uninstall"])
        .output()
        .unwrap();
    assert_eq!(uninstall.status.code(), Some(0), "{}", said(&uninstall));
    assert_eq!(std::fs::read_to_string(&hook).unwrap(), mine);
    assert!(!repo.join(".git/hooks/pre-commit.legacy").exists());
    // A hook that is not extpack's is not removed.
    let again = extpack()
        .current_dir(repo)
        .args(["hook", "uninstall"])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&hook).unwrap(), mine);
}

#[cfg(unix)]
#[test]
fn staged_symbolic_links_are_followed_inside_the_extension_only() {
    let Some(repo) = repo_with_hook() else {
        eprintln!("git not found: skipped");
        return;
    };
    let repo = repo.path();
    let actions = repo.join("ext/src/lib/actions");
    std::os::unix::fs::symlink("log-message.js", actions.join("inside.js")).unwrap();
    std::os::unix::fs::symlink("../../../../outside.js", actions.join("outside.js")).unwrap();
    std::fs::write(repo.join("outside.js"), "").unwrap();
    let text = std::fs::read_to_string(manifest(repo)).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut second = value["actions"][0].clone();
    value["actions"][0]["libPath"] = "src/lib/actions/inside.js".into();
    second["name"] = "outside".into();
    second["libPath"] = "src/lib/actions/outside.js".into();
    value["actions"].as_array_mut().unwrap().push(second);
    std::fs::write(manifest(repo), value.to_string()).unwrap();
    assert!(git(repo, &["add", "-A"]).status.success());
    let run = extpack()
        .current_dir(repo)
        .args(["hook", "run", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1), "{}", said(&run));
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let found: Vec<(String, String)> = report["extensions"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["pointer"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [("EP203".to_owned(), "/actions/1/libPath".to_owned())]
    );
}

#[test]
fn a_staged_views_folder_holding_only_a_placeholder_passes() {
    // The git index answers for placeholders as the folder does: without that, the hook
    // reported EP207 (no file in `viewBasePath`) for an extension without views.
    let Some(repo) = repo_with_hook() else {
        eprintln!("git not found: skipped");
        return;
    };
    let repo = repo.path();
    std::fs::remove_dir_all(repo.join("ext")).unwrap();
    copy_dir(
        &root().join("testdata/checks/EP207/near-miss"),
        &repo.join("ext"),
    );
    assert!(git(repo, &["add", "-A"]).status.success());
    let commit = commit_with_hook(repo, "no views");
    assert!(commit.status.success(), "{}", said(&commit));
}
