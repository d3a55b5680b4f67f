//! `extpack pack`: contents, determinism, atomicity, names and the report.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::common::{extpack, root};

struct Packed {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `extpack pack` with `args` in the folder `cwd`.
fn pack_in(cwd: &Path, args: &[&str]) -> Packed {
    let output = extpack()
        .current_dir(cwd)
        .arg("pack")
        .args(args)
        .output()
        .unwrap();
    Packed {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

fn fixture(name: &str) -> String {
    root()
        .join("testdata")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn entries(archive: &Path) -> Vec<String> {
    let file = std::fs::File::open(archive).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().unwrap().into_owned())
        .collect()
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn copy_dir(from: &Path, to: &Path, reverse: bool) {
    std::fs::create_dir_all(to).unwrap();
    let mut list: Vec<_> = std::fs::read_dir(from)
        .unwrap()
        .map(|e| e.unwrap())
        .collect();
    list.sort_by_key(|e| e.file_name());
    if reverse {
        list.reverse();
    }
    for entry in list {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target, reverse);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn packs_exactly_the_files_the_platform_needs() {
    let dir = tempfile::tempdir().unwrap();
    let r = pack_in(dir.path(), &[&fixture("valid/web-full")]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let archive = dir.path().join("package-extpack-web-full-1.4.2.zip");
    let names = entries(&archive);
    assert_eq!(
        names,
        [
            "extension.json",
            "resources/icons/extension.svg",
            "src/lib/actions/send-beacon.js",
            "src/lib/conditions/path-matches.js",
            "src/lib/data-elements/page-title.js",
            "src/lib/events/page-ready.js",
            "src/lib/helpers/format.js",
            "src/lib/helpers/labels.json",
            "src/lib/hosted/vendor-plugin.js",
            "src/lib/hosted/vendor-sdk.js",
            "src/lib/main.js",
            "src/lib/shared-modules/consent.js",
            "src/lib/shared/util.js",
            "src/view/actions/send-beacon.html",
            "src/view/conditions/path-matches.html",
            "src/view/configuration/configuration.html",
            "src/view/css/view.css",
            "src/view/data-elements/page-title.html",
            "src/view/events/page-ready.html",
        ]
    );
    // No dot-files, no package.json, no ./ prefixes; the report sits beside the archive.
    assert_eq!(
        listing(dir.path()),
        [
            "package-extpack-web-full-1.4.2.zip",
            "package-extpack-web-full-1.4.2.zip.report.json"
        ]
    );
}

#[test]
fn the_archive_equals_the_dry_run_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let dry = pack_in(
        dir.path(),
        &["--dry-run", "--format", "json", &fixture("valid/edge-full")],
    );
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert_eq!(
        listing(dir.path()),
        Vec::<String>::new(),
        "a dry run writes nothing"
    );
    let plan: serde_json::Value = serde_json::from_str(&dry.stdout).unwrap();
    let planned: Vec<String> = plan["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap().to_owned())
        .collect();
    let r = pack_in(dir.path(), &[&fixture("valid/edge-full")]);
    assert_eq!(r.code, 0);
    let archive = dir.path().join(plan["archive"]["path"].as_str().unwrap());
    assert_eq!(entries(&archive), planned);
    // Every entry decompresses to the file's bytes, and the report's hashes match.
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{}.report.json", archive.display())).unwrap(),
    )
    .unwrap();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&archive).unwrap()).unwrap();
    for (i, entry) in report["entries"].as_array().unwrap().iter().enumerate() {
        let mut data = Vec::new();
        let mut file = zip.by_index(i).unwrap();
        // The report's sizes are the archive's own.
        assert_eq!(entry["size"], file.size());
        assert_eq!(entry["compressed_size"], file.compressed_size());
        file.read_to_end(&mut data).unwrap();
        drop(file);
        let on_disk = std::fs::read(
            Path::new(&fixture("valid/edge-full")).join(entry["path"].as_str().unwrap()),
        )
        .unwrap();
        assert_eq!(data, on_disk);
        use sha2::Digest;
        let sha: String = sha2::Sha256::digest(&data)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(entry["sha256"], sha);
    }
    use sha2::Digest;
    let whole: String = sha2::Sha256::digest(std::fs::read(&archive).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(report["archive"]["sha256"], whole);
    assert_eq!(
        report["archive"]["size"],
        std::fs::metadata(&archive).unwrap().len()
    );
    assert_eq!(report["extension"]["diagnostics"], serde_json::json!([]));
}

#[test]
fn the_same_extension_gives_the_same_bytes() {
    let out = tempfile::tempdir().unwrap();
    let first = out.path().join("first.zip");
    assert_eq!(
        pack_in(
            out.path(),
            &["-o", first.to_str().unwrap(), &fixture("valid/web-full")]
        )
        .code,
        0
    );
    // A copy made in the reverse order, with other modification times.
    let copy = tempfile::tempdir().unwrap();
    copy_dir(Path::new(&fixture("valid/web-full")), copy.path(), true);
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    for file in ["extension.json", "src/lib/main.js", "src/view/css/view.css"] {
        std::fs::File::options()
            .write(true)
            .open(copy.path().join(file))
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    let second = out.path().join("second.zip");
    assert_eq!(
        pack_in(
            out.path(),
            &[
                "-o",
                second.to_str().unwrap(),
                copy.path().to_str().unwrap()
            ]
        )
        .code,
        0
    );
    assert_eq!(
        std::fs::read(&first).unwrap(),
        std::fs::read(&second).unwrap()
    );
}

#[test]
fn source_date_epoch_sets_every_timestamp() {
    let dir = tempfile::tempdir().unwrap();
    let output = extpack()
        .current_dir(dir.path())
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .args(["pack", "-o", "a.zip", &fixture("valid/web-minimal")])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let mut zip =
        zip::ZipArchive::new(std::fs::File::open(dir.path().join("a.zip")).unwrap()).unwrap();
    for i in 0..zip.len() {
        let entry = zip.by_index(i).unwrap();
        let t = entry.last_modified().unwrap();
        assert_eq!(
            (t.year(), t.month(), t.day(), t.hour(), t.minute()),
            (2023, 11, 14, 22, 13)
        );
        assert_eq!(entry.unix_mode(), Some(0o100644));
    }
}

#[test]
fn errors_refuse_to_pack_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let r = pack_in(dir.path(), &[&fixture("checks/EP201/trigger")]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("EP201"), "{}", r.stdout);
    assert!(r.stdout.contains("nothing was packed"), "{}", r.stdout);
    assert_eq!(listing(dir.path()), Vec::<String>::new());
}

#[test]
fn warnings_are_printed_and_do_not_stop_packing_unless_denied() {
    let dir = tempfile::tempdir().unwrap();
    let r = pack_in(dir.path(), &[&fixture("checks/EP306/trigger")]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("EP306"));
    assert_eq!(listing(dir.path()).len(), 2);
    let denied = tempfile::tempdir().unwrap();
    let r = pack_in(
        denied.path(),
        &["--deny-warnings", &fixture("checks/EP306/trigger")],
    );
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("--deny-warnings"), "{}", r.stdout);
    assert_eq!(listing(denied.path()), Vec::<String>::new());
}

#[test]
fn output_names_a_file_or_a_folder_created_as_needed() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        pack_in(
            dir.path(),
            &["-o", "deep/er/", &fixture("valid/web-minimal")]
        )
        .code,
        0
    );
    assert_eq!(
        listing(&dir.path().join("deep/er")),
        [
            "package-extpack-web-minimal-1.0.0.zip",
            "package-extpack-web-minimal-1.0.0.zip.report.json"
        ]
    );
    assert_eq!(
        pack_in(
            dir.path(),
            &["--out", "named.ZIP", &fixture("valid/web-minimal")]
        )
        .code,
        0
    );
    assert!(dir.path().join("named.ZIP").is_file());
    assert_eq!(
        pack_in(
            dir.path(),
            &[
                "-o",
                "x.zip",
                "--report",
                "r/report.json",
                &fixture("valid/web-minimal")
            ]
        )
        .code,
        0
    );
    assert!(dir.path().join("r/report.json").is_file());
}

#[test]
fn a_folder_in_the_way_of_the_report_or_the_archive_stops_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("report.json")).unwrap();
    std::fs::create_dir(dir.path().join("folder.zip")).unwrap();
    for (args, message) in [
        (
            ["-o", "x.zip", "--report", "report.json"],
            "`report.json` is a folder, so the report cannot be written there",
        ),
        (
            ["-o", "folder.zip", "--report", "r.json"],
            "`folder.zip` is a folder, so the archive cannot be written there",
        ),
    ] {
        let mut args = args.to_vec();
        let ext = fixture("valid/web-minimal");
        args.push(&ext);
        let r = pack_in(dir.path(), &args);
        assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
        assert!(r.stderr.contains(message), "{}", r.stderr);
        assert!(r.stderr.contains("pass a file name"), "{}", r.stderr);
        // Nothing was written: no archive, no report, no temporary file.
        assert_eq!(listing(dir.path()), ["folder.zip", "report.json"]);
        assert!(listing(&dir.path().join("folder.zip")).is_empty());
    }
}

#[test]
fn an_output_inside_the_views_folder_is_refused_before_it_could_be_packed() {
    let ext = tempfile::tempdir().unwrap();
    copy_dir(Path::new(&fixture("valid/web-minimal")), ext.path(), false);
    let before = listing(&ext.path().join("src/view"));
    for args in [
        vec!["-o", "src/view/out.zip", "."],
        vec!["-o", "src/view/deeper/", "."],
        vec!["-o", "x.zip", "--report", "src/view/report.json", "."],
    ] {
        let r = pack_in(ext.path(), &args);
        assert_eq!(r.code, 2, "{args:?}: {}{}", r.stdout, r.stderr);
        assert!(
            r.stderr.contains("the views folder this run packs"),
            "{}",
            r.stderr
        );
        assert_eq!(listing(&ext.path().join("src/view")), before);
        assert!(!ext.path().join("x.zip").exists());
    }
    // A dot-name there is never packed, and the extension's root is not the views folder.
    for args in [
        vec!["-o", "src/view/.out.zip", "."],
        vec!["-o", "out.zip", "."],
    ] {
        let r = pack_in(ext.path(), &args);
        assert_eq!(r.code, 0, "{args:?}: {}{}", r.stdout, r.stderr);
    }
    let names = entries(&ext.path().join("out.zip"));
    assert!(!names.iter().any(|n| n.contains("out.zip")), "{names:?}");
}

#[test]
fn a_views_folder_without_views_is_packed_with_its_placeholder() {
    let dir = tempfile::tempdir().unwrap();
    let r = pack_in(
        dir.path(),
        &["-o", "a.zip", &fixture("checks/EP205/near-miss")],
    );
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(
        entries(&dir.path().join("a.zip")),
        [
            "src/view/",
            "extension.json",
            "src/lib/actions/sendBeacon.js",
            "src/view/.doNotRemoveThisFolder"
        ]
    );
    // The placeholder is chosen over macOS's metadata, and only one is packed.
    let ext = tempfile::tempdir().unwrap();
    copy_dir(
        Path::new(&fixture("checks/EP205/near-miss")),
        ext.path(),
        false,
    );
    std::fs::write(ext.path().join("src/view/.DS_Store"), "\0").unwrap();
    std::fs::write(ext.path().join("src/view/.gitkeep"), "").unwrap();
    let r = pack_in(ext.path(), &["-o", "b.zip", "."]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let names = entries(&ext.path().join("b.zip"));
    assert_eq!(
        names
            .iter()
            .filter(|n| n.starts_with("src/view/"))
            .collect::<Vec<_>>(),
        ["src/view/", "src/view/.doNotRemoveThisFolder"]
    );
}

#[test]
fn a_views_folder_with_no_file_at_all_refuses_to_pack() {
    let ext = tempfile::tempdir().unwrap();
    copy_dir(
        Path::new(&fixture("checks/EP205/near-miss")),
        ext.path(),
        false,
    );
    std::fs::remove_file(ext.path().join("src/view/.doNotRemoveThisFolder")).unwrap();
    let r = pack_in(ext.path(), &["-o", "a.zip", "."]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stdout.contains("EP207"), "{}", r.stdout);
    assert!(!ext.path().join("a.zip").exists());
}

#[cfg(unix)]
#[test]
fn links_inside_the_extension_are_stored_as_regular_files() {
    let ext = tempfile::tempdir().unwrap();
    copy_dir(Path::new(&fixture("valid/web-minimal")), ext.path(), false);
    std::os::unix::fs::symlink(
        ext.path().join("src/view/actions/log-message.html"),
        ext.path().join("src/view/alias.html"),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    assert_eq!(
        pack_in(out.path(), &["-o", "a.zip", ext.path().to_str().unwrap()]).code,
        0
    );
    let mut zip =
        zip::ZipArchive::new(std::fs::File::open(out.path().join("a.zip")).unwrap()).unwrap();
    let entry = zip.by_name("src/view/alias.html").unwrap();
    assert!(!entry.is_symlink());
    assert!(entry.is_file());
    assert_eq!(
        entry.size(),
        std::fs::metadata(ext.path().join("src/view/actions/log-message.html"))
            .unwrap()
            .len()
    );
}

#[test]
fn other_tools_accept_the_archive() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        pack_in(dir.path(), &["-o", "a.zip", &fixture("valid/web-full")]).code,
        0
    );
    let archive: PathBuf = dir.path().join("a.zip");
    let python = std::process::Command::new("python3")
        .args([
            "-c",
            "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(len(z.namelist()))",
        ])
        .arg(&archive)
        .output();
    match python {
        Ok(out) => {
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "19");
        }
        Err(_) => eprintln!("python3 not found: skipped the zipfile check"),
    }
    if let Ok(out) = std::process::Command::new("unzip")
        .arg("-tq")
        .arg(&archive)
        .output()
    {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    } else {
        eprintln!("unzip not found: skipped the unzip -t check");
    }
}

/// Packs a folder into `dir` and returns the archive's path and the dry run's entry list.
fn pack_with_plan(dir: &Path, fixture_path: &str) -> (PathBuf, Vec<String>) {
    let dry = pack_in(dir, &["--dry-run", "--format", "json", fixture_path]);
    assert_eq!(dry.code, 0, "{fixture_path}: {}{}", dry.stdout, dry.stderr);
    let plan: serde_json::Value = serde_json::from_str(&dry.stdout).unwrap();
    let planned = plan["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap().to_owned())
        .collect();
    let archive = dir.join("round-trip.zip");
    let r = pack_in(dir, &["-o", archive.to_str().unwrap(), fixture_path]);
    assert_eq!(r.code, 0, "{fixture_path}: {}{}", r.stdout, r.stderr);
    (archive, planned)
}

#[test]
fn every_packed_fixture_checks_clean_as_an_archive() {
    let mut fixtures: Vec<String> = crate::common::subdirs(&root().join("testdata/valid"))
        .into_iter()
        .map(|n| format!("valid/{n}"))
        .collect();
    fixtures.extend(
        ["webpack-built", "edge-dist-require", "empty-views"].map(|n| format!("layouts/{n}")),
    );
    for name in fixtures {
        let dir = tempfile::tempdir().unwrap();
        let (archive, planned) = pack_with_plan(dir.path(), &fixture(&name));
        assert_eq!(entries(&archive), planned, "{name}");
        let (report, code) = crate::common::check_json(&[archive.to_str().unwrap()]);
        assert_eq!(
            report["extensions"][0]["diagnostics"],
            serde_json::json!([]),
            "{name}: the archive extpack made must check clean"
        );
        assert_eq!(code, 0, "{name}");
    }
}

#[test]
fn diff_and_against_read_the_previous_release_from_its_archive() {
    let dir = tempfile::tempdir().unwrap();
    let (old_zip, _) = pack_with_plan(dir.path(), &fixture("valid/web-full"));
    let new = tempfile::tempdir().unwrap();
    crate::common::copy_dir(Path::new(&fixture("valid/web-full")), new.path());
    let manifest = new.path().join("extension.json");
    let mut value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest).unwrap()).unwrap();
    value["version"] = serde_json::json!("1.5.0");
    value["actions"].as_array_mut().unwrap().clear();
    std::fs::write(&manifest, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    let diff = extpack()
        .args([
            "diff",
            "--format",
            "json",
            old_zip.to_str().unwrap(),
            new.path().to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(
        diff.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&diff.stderr)
    );
    let changes: serde_json::Value = serde_json::from_slice(&diff.stdout).unwrap();
    assert!(changes.to_string().contains("send-beacon"), "{changes}");
    let (report, code) = crate::common::check_json(&[
        "--against",
        old_zip.to_str().unwrap(),
        new.path().to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{report}");
    let codes: Vec<&str> = report["extensions"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"EP601") && codes.contains(&"EP607"),
        "{codes:?}"
    );
}

/// The top-level keys of a JSON document, in order.
fn keys(value: &serde_json::Value) -> Vec<String> {
    value.as_object().unwrap().keys().cloned().collect()
}

#[test]
fn json_has_one_versioned_shape_for_every_outcome_with_the_findings() {
    let dir = tempfile::tempdir().unwrap();
    // EP306 is a warning: packed, with the finding in every document.
    let warned = fixture("checks/EP306/trigger");
    let run_json = |args: &[&str]| {
        let r = pack_in(dir.path(), args);
        let value: serde_json::Value = serde_json::from_str(&r.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {}{}", r.stdout, r.stderr));
        (value, r.code)
    };
    let (packed, code) = run_json(&["--format", "json", "-o", "a.zip", &warned]);
    assert_eq!(code, 0);
    let (dry, code) = run_json(&["--format", "json", "--dry-run", "-o", "b.zip", &warned]);
    assert_eq!(code, 0);
    let (refused, code) = run_json(&[
        "--format",
        "json",
        "--deny-warnings",
        "-o",
        "c.zip",
        &warned,
    ]);
    assert_eq!(code, 1);
    let shape = [
        "version",
        "outcome",
        "archive",
        "report",
        "entries",
        "extension",
        "summary",
    ];
    for (document, outcome) in [
        (&packed, "packed"),
        (&dry, "dry-run"),
        (&refused, "refused"),
    ] {
        assert_eq!(keys(document), shape, "{document}");
        assert_eq!(document["version"], 2);
        assert_eq!(document["outcome"], outcome);
        assert_eq!(document["summary"]["warnings"], 1, "{document}");
        let codes: Vec<&str> = document["extension"]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap())
            .collect();
        assert_eq!(codes, ["EP306"], "{outcome}");
    }
    // The report beside the archive is the same document.
    let beside: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("a.zip.report.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(beside, packed);
    assert_eq!(packed["archive"]["path"], "a.zip");
    assert_eq!(packed["report"], "a.zip.report.json");
    assert_eq!(dry["archive"]["path"], "b.zip");
    assert_eq!(dry["archive"]["sha256"], serde_json::Value::Null);
    assert_eq!(dry["report"], "b.zip.report.json");
    let planned: Vec<&serde_json::Value> = dry["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["path"])
        .collect();
    let written: Vec<&serde_json::Value> = packed["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["path"])
        .collect();
    assert_eq!(planned, written);
    assert_eq!(refused["archive"], serde_json::Value::Null);
    assert_eq!(refused["entries"], serde_json::json!([]));
    assert_eq!(listing(dir.path()), ["a.zip", "a.zip.report.json"]);
}

#[test]
fn verbose_lines_are_aligned_like_the_dry_run() {
    let dir = tempfile::tempdir().unwrap();
    let r = pack_in(
        dir.path(),
        &["-v", "-o", "a.zip", &fixture("valid/web-full")],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let entries: Vec<&str> = r.stdout.lines().filter(|l| l.contains(" → ")).collect();
    assert!(entries.len() > 3, "{}", r.stdout);
    let arrows: Vec<usize> = entries
        .iter()
        .map(|l| l.chars().position(|c| c == '→').unwrap())
        .collect();
    assert!(arrows.iter().all(|a| *a == arrows[0]), "{}", r.stdout);
    let lengths: Vec<usize> = entries.iter().map(|l| l.chars().count()).collect();
    assert!(lengths.iter().all(|n| *n == lengths[0]), "{}", r.stdout);
    let dry = pack_in(dir.path(), &["--dry-run", &fixture("valid/web-full")]);
    let dry_width = dry.stdout.lines().next().unwrap().chars().count();
    assert_eq!(arrows[0], dry_width + 1, "{}\n{}", dry.stdout, r.stdout);
}

#[test]
fn no_report_writes_the_archive_alone() {
    let dir = tempfile::tempdir().unwrap();
    let r = pack_in(
        dir.path(),
        &["--no-report", "-o", "a.zip", &fixture("valid/web-minimal")],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stdout.contains("report:"), "{}", r.stdout);
    assert_eq!(listing(dir.path()), ["a.zip"]);
    let json = pack_in(
        dir.path(),
        &[
            "--no-report",
            "--format",
            "json",
            "-o",
            "b.zip",
            &fixture("valid/web-minimal"),
        ],
    );
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(value["report"], serde_json::Value::Null);
    assert_eq!(listing(dir.path()), ["a.zip", "b.zip"]);
    let both = pack_in(
        dir.path(),
        &[
            "--no-report",
            "--report",
            "r.json",
            &fixture("valid/web-minimal"),
        ],
    );
    assert_eq!(both.code, 2, "{}", both.stderr);
}
