//! The test harness: an `extpack` command with a scrubbed environment, run from the crate root
//! so that paths in the output are the same on every machine.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `extpack` with no colour, a fixed width, and no CI variables.
pub fn extpack() -> Command {
    let mut cmd = Command::cargo_bin("extpack").unwrap();
    cmd.current_dir(root())
        .env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .env_remove("CI")
        .env_remove("GITHUB_ACTIONS")
        .env("COLUMNS", "100");
    cmd
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(args: &[&str]) -> Run {
    let output = extpack().args(args).output().unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// `extpack check --format json` on paths: the parsed report and the exit code.
pub fn check_json(paths: &[&str]) -> (serde_json::Value, i32) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(paths);
    let run = run(&args);
    let report = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", run.stdout, run.stderr));
    (report, run.code)
}

/// The codes reported for the first extension of a JSON report.
pub fn codes(report: &serde_json::Value) -> Vec<String> {
    report["extensions"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

/// The sorted names of the sub-folders of a folder.
pub fn subdirs(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Copies a folder recursively (files and folders only).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Whether a `git` binary is available (the hook tests need one).
pub fn git_available() -> bool {
    std::process::Command::new("git")
        .arg("--version")
        .output()
        .is_ok()
}

/// Runs git in `repo` with a throwaway identity.
pub fn git(repo: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new("git")
        .current_dir(repo)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .output()
        .unwrap()
}

/// `git commit` in `repo` with the extpack under test first on PATH, so that an installed
/// pre-commit hook runs it.
pub fn commit_with_hook(repo: &Path, message: &str) -> std::process::Output {
    let bin_dir = assert_cmd::cargo::cargo_bin("extpack")
        .parent()
        .unwrap()
        .to_owned();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    std::process::Command::new("git")
        .current_dir(repo)
        .env("PATH", path)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(["commit", "-q", "-m", message])
        .output()
        .unwrap()
}
