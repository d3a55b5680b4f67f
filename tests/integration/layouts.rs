//! Real repository layouts (`testdata/layouts/`): views built into a git-ignored `dist/`,
//! libraries that require into `node_modules` or into the built folder, an empty views folder.

use crate::common::{check_json, commit_with_hook, copy_dir, extpack, git, git_available, root};

fn layout(name: &str) -> String {
    format!("testdata/layouts/{name}")
}

fn codes(report: &serde_json::Value) -> Vec<String> {
    report["extensions"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

fn packed_entries(fixture: &str) -> (i32, Vec<String>) {
    let out = tempfile::tempdir().unwrap();
    let archive = out.path().join("a.zip");
    let output = extpack()
        .args(["pack", "-o", archive.to_str().unwrap(), &layout(fixture)])
        .output()
        .unwrap();
    let code = output.status.code().unwrap_or(-1);
    if !archive.exists() {
        return (code, Vec::new());
    }
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&archive).unwrap()).unwrap();
    let names = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().unwrap().into_owned())
        .collect();
    (code, names)
}

#[test]
fn built_layouts_check_clean() {
    for name in ["webpack-built", "edge-dist-require", "empty-views"] {
        let (report, code) = check_json(&[&layout(name)]);
        assert_eq!(codes(&report), Vec::<String>::new(), "{name}");
        assert_eq!(code, 0, "{name}");
    }
}

#[test]
fn unbuilt_git_ignored_views_say_run_the_build_or_skip_them() {
    let (report, code) = check_json(&[&layout("webpack-unbuilt")]);
    assert_eq!(code, 1);
    assert_eq!(codes(&report), ["EP205"]);
    let help = report["extensions"][0]["diagnostics"][0]["help"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        help.contains("build output") && help.contains("--skip-unbuilt"),
        "{help}"
    );
    // `pack` names no flag it refuses: it needs the views.
    let packed = crate::common::run(&["pack", "--dry-run", &layout("webpack-unbuilt")]);
    assert_eq!(packed.code, 1);
    assert!(
        packed.stdout.contains("build output")
            && !packed.stdout.contains("--no-views")
            && !packed.stdout.contains("--skip-unbuilt"),
        "{}",
        packed.stdout
    );

    let (report, code) = check_json(&["--skip-unbuilt", &layout("webpack-unbuilt")]);
    assert_eq!(code, 0);
    assert_eq!(codes(&report), ["EP206"]);

    let (report, code) = check_json(&["--no-views", &layout("webpack-unbuilt")]);
    assert_eq!(code, 0);
    assert_eq!(codes(&report), ["EP206"]);
    assert_eq!(
        report["extensions"][0]["diagnostics"][0]["severity"],
        "note"
    );
}

#[test]
fn a_missing_views_folder_that_git_does_not_ignore_gets_no_build_advice() {
    let (report, _) = check_json(&["testdata/checks/EP205/trigger"]);
    let help = report["extensions"][0]["diagnostics"][0]["help"]
        .as_str()
        .unwrap();
    assert!(!help.contains("--no-views"), "{help}");
}

#[test]
fn packs_hold_exactly_the_expected_entries() {
    assert_eq!(
        packed_entries("webpack-built"),
        (
            0,
            vec![
                "dist/actions/writeHtml.html".to_owned(),
                "dist/actions/writeHtml.js".to_owned(),
                "extension.json".to_owned(),
                "node_modules/postscribe/dist/postscribe.js".to_owned(),
                "src/lib/actions/writeHtml.js".to_owned(),
            ]
        )
    );
    assert_eq!(
        packed_entries("edge-dist-require"),
        (
            0,
            vec![
                "dist/kinesis.js".to_owned(),
                "dist/view/actions/sendRecord.html".to_owned(),
                "extension.json".to_owned(),
                "src/lib/actions/sendRecord.js".to_owned(),
            ]
        )
    );
    assert_eq!(
        packed_entries("empty-views"),
        (
            0,
            vec![
                "src/view/".to_owned(),
                "extension.json".to_owned(),
                "src/lib/actions/track.js".to_owned(),
                "src/view/.doNotRemoveThisFolder".to_owned(),
            ]
        )
    );
    // pack always needs the views, whatever the config says.
    assert_eq!(packed_entries("webpack-unbuilt"), (1, Vec::new()));
}

#[test]
fn the_hook_passes_a_clean_commit_in_an_unbuilt_repository_and_blocks_a_broken_libpath() {
    if !git_available() {
        eprintln!("git not found: skipped");
        return;
    }
    let repo = tempfile::tempdir().unwrap();
    copy_dir(&root().join(layout("webpack-unbuilt")), repo.path());
    assert!(git(repo.path(), &["init", "-q"]).status.success());
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
    let commit = |message: &str| commit_with_hook(repo.path(), message);
    assert!(git(repo.path(), &["add", "-A"]).status.success());
    let clean = commit("clean");
    let said = String::from_utf8_lossy(&clean.stderr).into_owned();
    assert!(clean.status.success(), "{said}");
    assert!(
        said.contains("EP206"),
        "the hook says the views were not checked: {said}"
    );

    let manifest = repo.path().join("extension.json");
    let text = std::fs::read_to_string(&manifest)
        .unwrap()
        .replace("writeHtml.js", "writeHTML.js");
    std::fs::write(&manifest, text).unwrap();
    assert!(git(repo.path(), &["add", "-A"]).status.success());
    let blocked = commit("broken libPath");
    assert!(!blocked.status.success());
    assert!(String::from_utf8_lossy(&blocked.stderr).contains("EP202"));
}

#[test]
fn views_skip_in_the_config_applies_to_check_but_not_to_pack() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join(layout("webpack-unbuilt")), dir.path());
    std::fs::write(dir.path().join("extpack.toml"), "views = \"skip\"\n").unwrap();
    let (report, code) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!((codes(&report), code), (vec!["EP206".to_owned()], 0));
    let out = tempfile::tempdir().unwrap();
    let pack = extpack()
        .current_dir(out.path())
        .args(["pack", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(pack.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&pack.stdout).contains("EP205"));
}
