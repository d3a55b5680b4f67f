//! Repositories: `check --all`, the git pre-commit hook, completions and the man page.

use crate::common::{commit_with_hook, copy_dir, extpack, git, git_available, root};

/// A monorepo: two extensions, one copy in node_modules and one in a git-ignored folder.
fn monorepo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = root().join("testdata");
    copy_dir(
        &fixtures.join("valid/web-minimal"),
        &dir.path().join("packages/good"),
    );
    copy_dir(
        &fixtures.join("checks/EP201/trigger"),
        &dir.path().join("packages/broken"),
    );
    copy_dir(
        &fixtures.join("checks/EP201/trigger"),
        &dir.path().join("node_modules/dep"),
    );
    copy_dir(
        &fixtures.join("checks/EP201/trigger"),
        &dir.path().join("out/copy"),
    );
    std::fs::write(dir.path().join(".gitignore"), "out/\n").unwrap();
    dir
}

#[test]
fn check_all_finds_every_extension_and_ends_with_a_table() {
    let repo = monorepo();
    let output = extpack()
        .current_dir(repo.path())
        .args(["check", "--all", "."])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("in 2 extensions"), "{stdout}");
    let table: Vec<&str> = stdout
        .lines()
        .skip_while(|l| !l.starts_with("extension"))
        .collect();
    assert_eq!(table.len(), 3, "{stdout}");
    assert!(
        table[1].starts_with("./packages/broken") && table[1].ends_with("1         0"),
        "{table:?}"
    );
    assert!(
        table[2].starts_with("./packages/good") && table[2].ends_with("0         0"),
        "{table:?}"
    );
    assert!(
        !stdout.contains("node_modules") && !stdout.contains("out/copy"),
        "{stdout}"
    );

    let empty = tempfile::tempdir().unwrap();
    let output = extpack()
        .args(["check", "--all"])
        .arg(empty.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn hook_run_checks_only_the_extensions_of_the_given_files() {
    let repo = monorepo();
    let run = |files: &[&str]| {
        extpack()
            .current_dir(repo.path())
            .args(["hook", "run", "--format", "json"])
            .args(files)
            .output()
            .unwrap()
    };
    let good = run(&["packages/good/src/lib/actions/log-message.js", "README.md"]);
    assert_eq!(good.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&good.stdout).unwrap();
    assert_eq!(report["extensions"].as_array().unwrap().len(), 1);
    assert_eq!(report["extensions"][0]["path"], "packages/good");
    let broken = run(&["packages/broken/extension.json"]);
    assert_eq!(broken.status.code(), Some(1));
    let nothing = run(&["docs/notes.md"]);
    assert_eq!(nothing.status.code(), Some(0));
    assert!(nothing.stdout.is_empty());
}

#[test]
fn the_installed_hook_blocks_a_commit_that_breaks_an_extension() {
    if !git_available() {
        eprintln!("git not found: skipped");
        return;
    }
    let repo = monorepo();
    std::fs::remove_dir_all(repo.path().join("packages/broken")).unwrap();
    assert!(git(repo.path(), &["init", "-q"]).status.success());
    let install = extpack()
        .current_dir(repo.path())
        .args(["hook", "install"])
        .output()
        .unwrap();
    assert_eq!(
        install.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&install.stderr)
    );
    let hook = repo.path().join(".git/hooks/pre-commit");
    assert!(
        std::fs::read_to_string(&hook)
            .unwrap()
            .contains("extpack hook run")
    );
    // Installing again is fine; over a different hook it refuses unless --force.
    assert_eq!(
        extpack()
            .current_dir(repo.path())
            .args(["hook", "install"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(0)
    );
    std::fs::write(&hook, "#!/bin/sh\necho mine\n").unwrap();
    assert_eq!(
        extpack()
            .current_dir(repo.path())
            .args(["hook", "install"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        std::fs::read_to_string(&hook).unwrap(),
        "#!/bin/sh\necho mine\n"
    );
    assert_eq!(
        extpack()
            .current_dir(repo.path())
            .args(["hook", "install", "--force"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(0)
    );

    // The hook finds extpack on PATH.
    let commit = |message: &str| commit_with_hook(repo.path(), message);
    assert!(git(repo.path(), &["add", "-A"]).status.success());
    let clean = commit("clean");
    assert!(
        clean.status.success(),
        "{}{}",
        String::from_utf8_lossy(&clean.stdout),
        String::from_utf8_lossy(&clean.stderr)
    );

    let manifest = repo.path().join("packages/good/extension.json");
    let text = std::fs::read_to_string(&manifest)
        .unwrap()
        .replace("log-message.js", "missing.js");
    std::fs::write(&manifest, text).unwrap();
    assert!(git(repo.path(), &["add", "-A"]).status.success());
    let blocked = commit("broken");
    assert!(!blocked.status.success());
    // git sends a hook's output to standard error.
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&blocked.stdout),
        String::from_utf8_lossy(&blocked.stderr)
    );
    assert!(said.contains("EP201"), "{said}");
}

#[test]
fn completions_and_man_page_come_from_the_command_line_definitions() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = extpack().args(["completions", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("extpack") && text.contains("deny-warnings"),
            "{shell}"
        );
    }
    let man = extpack().arg("man").output().unwrap();
    assert_eq!(man.status.code(), Some(0));
    let text = String::from_utf8(man.stdout).unwrap();
    assert!(
        text.starts_with(".ie") || text.contains(".TH extpack"),
        "{}",
        &text[..200.min(text.len())]
    );
}
