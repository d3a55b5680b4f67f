//! `check --against` and `diff` with a saved Reactor API response as the previous release
//! (`testdata/diff/release/api/`, written by `testdata/diff/generate.py`): the "release" case's
//! old version (1.0.0) as a lookup, a `/versions` listing, the same listing in two pages, and a
//! `/extension_packages` listing with another extension in it. Each must give exactly what the
//! old version's folder gives, with the previous release's places in the response.

use serde_json::Value;

use crate::common::{check_json, codes, copy_dir, root, run};

const OLD: &str = "testdata/diff/release/old";
const NEW: &str = "testdata/diff/release/new";
const API: &str = "testdata/diff/release/api";

/// The saved forms of the previous release: the files given, and the one holding it.
fn forms() -> Vec<(Vec<String>, String)> {
    let file = |name: &str| format!("{API}/{name}");
    vec![
        (vec![file("lookup.json")], file("lookup.json")),
        (vec![file("versions.json")], file("versions.json")),
        (vec![file("packages.json")], file("packages.json")),
        (
            vec![file("versions.page-1.json"), file("versions.page-2.json")],
            file("versions.page-2.json"),
        ),
    ]
}

fn against_args(files: &[String]) -> Vec<&str> {
    files
        .iter()
        .flat_map(|f| ["--against", f.as_str()])
        .collect()
}

/// `(it was at FILE:LINE)` in a message: the message without it, and FILE and LINE.
fn split_old_place(message: &str) -> (String, Option<(String, usize)>) {
    let Some(start) = message.find(" (it was at ") else {
        return (message.to_owned(), None);
    };
    let rest = &message[start + " (it was at ".len()..];
    let end = rest.find(')').unwrap();
    let (file, line) = rest[..end].rsplit_once(':').unwrap();
    let without = format!("{}{}", &message[..start], &rest[end + 1..]);
    (without, Some((file.to_owned(), line.parse().unwrap())))
}

fn line_of(file: &str, line: usize) -> String {
    let text = std::fs::read_to_string(root().join(file)).unwrap();
    text.lines().nth(line - 1).unwrap().trim().to_owned()
}

#[test]
fn check_against_a_saved_response_finds_what_the_folder_finds() {
    let (folder, folder_exit) = check_json(&["--against", OLD, NEW]);
    let folder_findings = folder["extensions"][0]["diagnostics"].as_array().unwrap();
    assert!(codes(&folder).contains(&"EP601".to_owned()), "{folder}");
    for (files, holder) in forms() {
        let mut args = against_args(&files);
        args.push(NEW);
        let (report, exit) = check_json(&args);
        assert_eq!(exit, folder_exit, "{files:?}");
        let findings = report["extensions"][0]["diagnostics"].as_array().unwrap();
        assert_eq!(findings.len(), folder_findings.len(), "{files:?}: {report}");
        for (api, dir) in findings.iter().zip(folder_findings) {
            for key in [
                "code", "severity", "file", "line", "column", "end_line", "pointer",
            ] {
                assert_eq!(api[key], dir[key], "{files:?}: {key} of {api}");
            }
            let (api_message, api_at) = split_old_place(api["message"].as_str().unwrap());
            let (dir_message, dir_at) = split_old_place(dir["message"].as_str().unwrap());
            assert_eq!(api_message, dir_message, "{files:?}");
            assert_eq!(api_at.is_some(), dir_at.is_some(), "{files:?}: {api}");
            if let (Some((api_file, api_line)), Some((dir_file, dir_line))) = (api_at, dir_at) {
                // The previous release's place is in the response, at the same text.
                assert_eq!(api_file, holder, "{api}");
                assert_eq!(dir_file, format!("{OLD}/extension.json"));
                assert_eq!(
                    line_of(&api_file, api_line),
                    line_of(&dir_file, dir_line),
                    "{files:?}: {api}"
                );
            }
        }
    }
}

#[test]
fn diff_of_a_saved_response_lists_the_changes_of_the_folder() {
    let folder_run = run(&["diff", "--format", "json", OLD, NEW]);
    let folder: Value = serde_json::from_str(&folder_run.stdout).unwrap();
    let old_manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join(OLD).join("extension.json")).unwrap(),
    )
    .unwrap();
    for (files, holder) in forms() {
        let mut args = vec!["diff", "--format", "json"];
        args.extend(files.iter().map(String::as_str));
        args.push(NEW);
        let r = run(&args);
        assert_eq!(r.code, 0, "{files:?}: {}", r.stderr);
        let doc: Value = serde_json::from_str(&r.stdout).unwrap();
        assert_eq!(doc["old"]["path"], holder.as_str());
        for key in ["name", "platform", "version"] {
            assert_eq!(doc["old"][key], folder["old"][key], "{key}");
        }
        for key in ["new", "summary", "breaking_without_major_bump"] {
            assert_eq!(doc[key], folder[key], "{files:?}: {key}");
        }
        let response: Value =
            serde_json::from_str(&std::fs::read_to_string(root().join(&holder)).unwrap()).unwrap();
        let changes = doc["changes"].as_array().unwrap();
        let folder_changes = folder["changes"].as_array().unwrap();
        assert_eq!(changes.len(), folder_changes.len());
        for (api, dir) in changes.iter().zip(folder_changes) {
            let mut same = api.clone();
            same["old_pointer"] = dir["old_pointer"].clone();
            assert_eq!(&same, dir, "{files:?}");
            // `old_pointer` is the place in the response that holds the folder's value (the API
            // adds an `id` to each feature), or names no value where the folder's names none.
            let (Some(api_pointer), Some(dir_pointer)) =
                (api["old_pointer"].as_str(), dir["old_pointer"].as_str())
            else {
                assert_eq!(api["old_pointer"], Value::Null);
                continue;
            };
            assert!(api_pointer.contains("/attributes/"), "{api_pointer}");
            let mut at_response = response.pointer(api_pointer).cloned();
            if let Some(item) = at_response.as_mut().and_then(Value::as_object_mut) {
                item.remove("id");
            }
            assert_eq!(
                at_response.as_ref(),
                old_manifest.pointer(dir_pointer),
                "{api_pointer}"
            );
        }
    }
}

#[test]
fn one_saved_listing_serves_versions_and_against() {
    let listing = format!("{API}/versions.json");
    let (report, _) = check_json(&["--versions", &listing, "--against", &listing, NEW]);
    let found = codes(&report);
    // 1.1.0 updates the development package (EP403), and breaks 1.0.0 (EP601, EP607).
    for code in ["EP403", "EP601", "EP607"] {
        assert!(found.contains(&code.to_owned()), "{code}: {found:?}");
    }
}

#[test]
fn the_previous_release_is_the_highest_released_version_that_succeeded() {
    // 0.9.0 (released, without `log-message`), 1.0.1 (failed) and 1.1.0 (development) are not
    // chosen: with 0.9.0 `log-message` would be an addition, with 1.1.0 nothing would change.
    let r = run(&["diff", &format!("{API}/versions.json"), NEW]);
    assert!(r.stdout.contains("1.0.0 → 1.1.0"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("the action `log-message`\n  breaking  removed"),
        "{}",
        r.stdout
    );
}

#[test]
fn the_config_file_takes_listing_pages() {
    let dir = tempfile::tempdir().unwrap();
    let ext = dir.path().join("ext");
    copy_dir(&root().join(NEW), &ext);
    let page = |n: u32| root().join(format!("{API}/versions.page-{n}.json"));
    std::fs::write(
        ext.join("extpack.toml"),
        format!("against = [{:?}, {:?}]\n", page(1), page(2)),
    )
    .unwrap();
    let (from_config, _) = check_json(&[ext.to_str().unwrap()]);
    let (from_folder, _) = check_json(&["--against", OLD, NEW]);
    assert_eq!(codes(&from_config), codes(&from_folder));
}

#[test]
fn a_page_not_given_stops_the_run() {
    let page = format!("{API}/versions.page-1.json");
    for args in [
        vec!["check", "--against", page.as_str(), NEW],
        vec!["diff", page.as_str(), NEW],
    ] {
        let r = run(&args);
        assert_eq!(r.code, 2, "{args:?}");
        assert_eq!(r.stdout, "");
        assert!(
            r.stderr.contains(
                "page 2 of this listing was not given: the previous release may be on it"
            ),
            "{}",
            r.stderr
        );
        assert!(
            r.stderr.contains("versions.page-1.json:306:20"),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn a_listing_without_a_released_package_says_what_it_holds() {
    let listing = format!("{API}/unreleased.json");
    for args in [
        vec!["check", "--against", listing.as_str(), NEW],
        vec!["diff", listing.as_str(), NEW],
    ] {
        let r = run(&args);
        assert_eq!(r.code, 2, "{args:?}");
        assert_eq!(r.stdout, "");
        // The terminal wraps the one-line message: compared without whitespace and margins.
        let bare = |text: &str| -> String {
            text.chars()
                .filter(|c| !c.is_whitespace() && *c != '│')
                .collect()
        };
        let message = format!(
            "× no released package of `fixture-extension` (web) in `{listing}`: it lists only 1.1.0 (development), 1.0.1 (private, failed) of it, and other extensions: `other-extension` (web) help:"
        );
        assert!(bare(&r.stderr).contains(&bare(&message)), "{}", r.stderr);
    }
}

#[test]
fn a_response_for_another_extension_is_the_error_of_two_folders() {
    let lookup = format!("{API}/lookup.json");
    let other = format!("{API}/other-extension.json");
    let cases = [
        (
            lookup.as_str(),
            "testdata/diff/different-extension/new",
            "`another-extension` (web)",
        ),
        (other.as_str(), NEW, "`other-extension` (web)"),
    ];
    for (old, new, named) in cases {
        for args in [vec!["diff", old, new], vec!["check", "--against", old, new]] {
            let r = run(&args);
            assert_eq!(r.code, 2, "{args:?}");
            assert_eq!(r.stdout, "", "{args:?}");
            assert!(
                r.stderr.contains("are different extensions"),
                "{}",
                r.stderr
            );
            assert!(r.stderr.contains(named), "{}", r.stderr);
        }
    }
}

#[test]
fn an_archive_of_another_extension_is_refused_too() {
    // Regression: a .zip checked --against another extension's release got no finding and
    // exit 0; folders got the fatal error.
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("other.zip");
    let r = run(&[
        "pack",
        "testdata/diff/different-extension/new",
        "-o",
        zip.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    for old in [OLD.to_owned(), format!("{API}/lookup.json")] {
        let r = run(&["check", "--against", &old, zip.to_str().unwrap()]);
        assert_eq!(r.code, 2, "{old}: {}", r.stdout);
        assert!(
            r.stderr.contains("are different extensions"),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn several_files_are_pages_of_a_listing_only() {
    let lookup = format!("{API}/lookup.json");
    let r = run(&["check", "--against", OLD, "--against", &lookup, NEW]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("several previous releases were given"),
        "{}",
        r.stderr
    );
    // A listing as NEW is a forgotten NEW.
    let page = format!("{API}/versions.page-2.json");
    let r = run(&["diff", &format!("{API}/versions.page-1.json"), &page]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("is a saved listing, not one version"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("page-1.json page-2.json ."),
        "{}",
        r.stderr
    );
}

#[test]
fn a_response_that_cannot_be_used_names_the_place() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.json");
    std::fs::write(
        &file,
        "{\"data\": {\"id\": \"EP1\", \"type\": \"extension_packages\",\n  \"attributes\": {\"name\": \"fixture-extension\", \"availability\": \"public\"}}}\n",
    )
    .unwrap();
    let r = run(&["check", "--against", file.to_str().unwrap(), NEW]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("line 2 at /data/attributes: the entry has no `version`"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("saved API response"), "{}", r.stderr);
    let manifest_copy = dir.path().join("old.json");
    std::fs::copy(root().join(OLD).join("extension.json"), &manifest_copy).unwrap();
    let r = run(&["diff", manifest_copy.to_str().unwrap(), NEW]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("it is not a saved Reactor API response"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("it looks like an extension.json"),
        "{}",
        r.stderr
    );
}

#[test]
fn findings_in_the_human_format_point_into_the_response() {
    let r = run(&["check", "--against", &format!("{API}/lookup.json"), NEW]);
    insta::assert_snapshot!("human_against_api", r.stdout);
}
