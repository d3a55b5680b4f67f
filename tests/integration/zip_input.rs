//! `extpack check package.zip`: archives read in place, their layout mistakes, hostile and
//! broken archives. Every archive is built here, in code (see `archive.rs`); each hostile case
//! asserts its code and that nothing was written (the archive's temporary folder, which is
//! also the run's `TMPDIR`, holds only the archive afterwards).

use std::collections::BTreeSet;
use std::path::Path;

use extpack::references::{ReferenceKind, Resolution};
use extpack::source::{ArchiveLimits, DirSource, ExtensionSource, Lookup, SourceError, ZipSource};
use serde_json::{Value, json};

use crate::archive::{self, Built, central_entries, put_u16, u16_at};
use crate::common::{extpack, root};

/// The outcome of `extpack check --format json` on a built archive.
struct Checked {
    report: Value,
    code: i32,
    stderr: String,
}

impl Checked {
    fn diagnostics(&self) -> Vec<Value> {
        self.report["extensions"][0]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    fn codes(&self) -> Vec<String> {
        self.diagnostics()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_owned())
            .collect()
    }

    /// The one finding of `code`.
    fn finding(&self, code: &str) -> Value {
        let found: Vec<Value> = self
            .diagnostics()
            .into_iter()
            .filter(|d| d["code"] == code)
            .collect();
        assert_eq!(found.len(), 1, "one {code} expected: {:#}", self.report);
        found[0].clone()
    }
}

fn check(built: &Built, extra: &[&str]) -> Checked {
    let output = extpack()
        .env("TMPDIR", built.tmp())
        .args(["check", "--format", "json"])
        .args(extra)
        .arg(built.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    Checked {
        report: serde_json::from_str(&stdout).unwrap_or(Value::Null),
        code: output.status.code().unwrap_or(-1),
        stderr,
    }
}

/// Builds the described archive, checks it, and asserts that nothing was written.
fn check_described(description: &Value, extra: &[&str]) -> Checked {
    let built = Built::from_description(description);
    let checked = check(&built, extra);
    assert_untouched(&built);
    checked
}

fn assert_untouched(built: &Built) {
    assert_eq!(
        built.leftovers(),
        Vec::<String>::new(),
        "files were written"
    );
}

/// web-minimal with extra entries.
fn minimal_with(entries: Value) -> Value {
    json!({"from": "testdata/valid/web-minimal", "entries": entries})
}

fn message(d: &Value) -> &str {
    d["message"].as_str().unwrap()
}

// --- reading in place -----------------------------------------------------------------------

#[test]
fn findings_name_the_entry_inside_the_archive_with_line_and_column() {
    let built = Built::from_description(&json!({"from": "testdata/checks/EP301/trigger"}));
    let checked = check(&built, &[]);
    assert_eq!(checked.code, 1);
    let d = checked.finding("EP301");
    assert_eq!(
        d["file"],
        format!("{}!/src/lib/actions/sendBeacon.js", built.path())
    );
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(15))
    );

    let built = Built::from_description(&json!({"from": "testdata/checks/EP105/trigger"}));
    let checked = check(&built, &[]);
    let d = checked.finding("EP105");
    assert_eq!(d["file"], format!("{}!/extension.json", built.path()));
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(3), Some(14))
    );
    assert_eq!(checked.report["extensions"][0]["path"], built.path());
    assert_untouched(&built);
}

#[test]
fn human_output_names_the_archive_entry() {
    let built = Built::from_description(&json!({"from": "testdata/checks/EP105/trigger"}));
    let output = extpack().args(["check", built.path()]).output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains(&format!("{}!/extension.json:3:14", built.path())),
        "{text}"
    );
}

#[test]
fn zips_and_folders_can_be_mixed_and_keep_their_order() {
    let built = Built::from_description(&json!({"from": "testdata/valid/web-full",
        "skip": ["package.json", "src/view/.DS_Store"]}));
    let output = extpack()
        .args(["check", "--format", "json", "testdata/valid/edge-minimal"])
        .arg(built.path())
        .arg("testdata/checks/EP104/trigger")
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let paths: Vec<&str> = report["extensions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "testdata/valid/edge-minimal",
            built.path(),
            "testdata/checks/EP104/trigger"
        ]
    );
    assert_eq!(report["extensions"][1]["diagnostics"], json!([]));
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn the_zip_extension_is_recognised_in_any_case_and_only_for_files() {
    let built = Built::from_description(&json!({"from": "testdata/valid/web-minimal"}));
    let upper = built.dir.path().join("PACKAGE.ZIP");
    std::fs::copy(&built.zip, &upper).unwrap();
    let output = extpack()
        .args(["check", "--format", "json"])
        .arg(&upper)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    // A folder named like an archive is a folder.
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("ext.zip");
    std::fs::create_dir(&folder).unwrap();
    for file in archive::list_files(&root().join("testdata/valid/web-minimal")) {
        let to = folder.join(&file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(root().join("testdata/valid/web-minimal").join(&file), to).unwrap();
    }
    let output = extpack().args(["check"]).arg(&folder).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
}

/// The files a correct packer puts in the archive (packaging.md), computed with the library.
fn packed_files(dir: &Path) -> Vec<String> {
    let source = DirSource::open(dir).unwrap();
    let manifest = extpack::manifest::load(&source).unwrap().manifest.unwrap();
    let platform = extpack::platform::detect(&manifest).unwrap();
    let refs = extpack::references::collect(&manifest.value);
    let resolutions =
        extpack::references::resolve(&source, &refs, extpack::references::Views::Check);
    let mut files = BTreeSet::from(["extension.json".to_owned()]);
    let mut roots = Vec::new();
    for (reference, resolution) in refs.iter().zip(&resolutions) {
        assert_eq!(*resolution, Resolution::Found, "{}", reference.raw);
        let path = reference.path.clone().unwrap();
        match reference.kind {
            ReferenceKind::ViewBase => files.extend(source.files_under(&path, &[])),
            ReferenceKind::Library => {
                roots.push(path.clone());
                files.insert(path);
            }
            _ => {
                files.insert(path);
            }
        }
    }
    let graph = extpack::requires::RequireGraph::build(&source, &roots, platform).unwrap();
    files.extend(graph.files.iter().cloned());
    files.into_iter().collect()
}

#[test]
fn every_valid_fixture_packed_by_a_correct_packer_checks_clean() {
    for name in crate::common::subdirs(&root().join("testdata/valid")) {
        let dir = root().join("testdata/valid").join(&name);
        let files = packed_files(&dir);
        let skip: Vec<String> = archive::list_files(&dir)
            .into_iter()
            .filter(|f| !files.contains(f))
            .collect();
        for (dirs, stored) in [(false, false), (true, true)] {
            let mut description = json!({
                "from": format!("testdata/valid/{name}"),
                "skip": skip,
                "dirs": dirs,
            });
            if stored {
                description["stored"] = json!(true);
            }
            let checked = check_described(&description, &[]);
            assert_eq!(
                checked.diagnostics(),
                Vec::<Value>::new(),
                "{name} (dirs: {dirs})"
            );
            assert_eq!(checked.code, 0, "{name}");
        }
    }
}

/// An [`ExtensionSource`] that records every read.
struct Counting {
    inner: ZipSource,
    reads: std::sync::Mutex<Vec<String>>,
}

impl ExtensionSource for Counting {
    fn display_root(&self) -> &str {
        self.inner.display_root()
    }
    fn display_path(&self, relative: &str) -> String {
        self.inner.display_path(relative)
    }
    fn read(&self, relative: &str) -> Result<Vec<u8>, SourceError> {
        self.reads.lock().unwrap().push(relative.to_owned());
        self.inner.read(relative)
    }
    fn lookup(&self, relative: &str) -> Lookup {
        self.inner.lookup(relative)
    }
    fn files_under(&self, dir: &str, skip_dirs: &[&str]) -> Vec<String> {
        self.inner.files_under(dir, skip_dirs)
    }
    fn nested_manifests(&self) -> Vec<String> {
        self.inner.nested_manifests()
    }
    fn findings(&self, manifest_paths: &[&str]) -> Vec<extpack::diag::Diagnostic> {
        self.inner.findings(manifest_paths)
    }
    fn refused(&self) -> bool {
        self.inner.refused()
    }
    fn archive_entries(&self) -> Option<Vec<String>> {
        self.inner.archive_entries()
    }
}

#[test]
fn only_the_manifest_and_the_require_graph_are_read_each_once() {
    let dir = root().join("testdata/valid/web-full");
    let files = packed_files(&dir);
    let skip: Vec<String> = archive::list_files(&dir)
        .into_iter()
        .filter(|f| !files.contains(f))
        .collect();
    let bytes = archive::build(&json!({"from": "testdata/valid/web-full", "skip": skip}));
    let source = Counting {
        inner: ZipSource::from_bytes("package.zip", bytes, &ArchiveLimits::default()).unwrap(),
        reads: Default::default(),
    };
    let report = extpack::check_source(&source).unwrap();
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let reads = source.reads.lock().unwrap();
    let unique: BTreeSet<&String> = reads.iter().collect();
    assert_eq!(unique.len(), reads.len(), "{reads:?}");
    assert!(reads.contains(&"extension.json".to_owned()));
    assert!(
        reads.contains(&"src/lib/helpers/format.js".to_owned()),
        "{reads:?}"
    );
    // Of the views, only the HTML files `viewPath`s name (and the icon, once).
    let views: BTreeSet<&str> = reads
        .iter()
        .map(String::as_str)
        .filter(|r| r.starts_with("src/view/"))
        .collect();
    assert_eq!(
        views,
        BTreeSet::from([
            "src/view/actions/send-beacon.html",
            "src/view/conditions/path-matches.html",
            "src/view/configuration/configuration.html",
            "src/view/data-elements/page-title.html",
            "src/view/events/page-ready.html",
        ])
    );
    assert!(reads.contains(&"resources/icons/extension.svg".to_owned()));
}

// --- the views folder -------------------------------------------------------------------------

#[test]
fn a_views_folder_with_no_entry_is_missing() {
    let checked = check_described(
        &json!({"from": "testdata/valid/web-minimal",
                "skip": ["src/view/actions/log-message.html"]}),
        &[],
    );
    let d = checked.finding("EP205");
    assert!(message(&d).contains("`src/view/`"), "{d}");
    assert!(!checked.codes().contains(&"EP201".to_owned()));
}

#[test]
fn an_explicit_directory_entry_makes_the_views_folder_exist() {
    let checked = check_described(
        &json!({"from": "testdata/valid/web-minimal",
                "skip": ["src/view/actions/log-message.html"],
                "entries": [{"name": "src/view/", "dir": true}]}),
        &[],
    );
    assert!(!checked.codes().contains(&"EP205".to_owned()));
    // The folder exists; the view in it does not, and the folder holds no file entry.
    checked.finding("EP201");
    let d = checked.finding("EP207");
    assert!(message(&d).contains("`src/view/`"), "{d}");
}

#[test]
fn a_placeholder_entry_keeps_the_views_folder_of_an_archive() {
    let mut manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("testdata/valid/web-minimal/extension.json")).unwrap(),
    )
    .unwrap();
    manifest["actions"][0]
        .as_object_mut()
        .unwrap()
        .remove("viewPath");
    let checked = check_described(
        &json!({"from": "testdata/valid/web-minimal",
                "skip": ["extension.json", "src/view/actions/log-message.html"],
                "entries": [{"name": "extension.json", "text": manifest.to_string()},
                            {"name": "src/view/", "dir": true},
                            {"name": "src/view/.gitkeep", "text": ""}]}),
        &[],
    );
    assert_eq!(checked.codes(), Vec::<String>::new());
}

#[test]
fn a_case_mismatch_inside_the_archive_suggests_the_stored_name() {
    let checked = check_described(
        &json!({"from": "testdata/valid/web-minimal",
                "rename": {"src/lib/actions/log-message.js": "src/lib/actions/Log-Message.js"}}),
        &[],
    );
    let d = checked.finding("EP202");
    assert!(
        d["help"]
            .as_str()
            .unwrap()
            .contains("`src/lib/actions/Log-Message.js`"),
        "{d}"
    );
}

// --- layout mistakes --------------------------------------------------------------------------

#[test]
fn a_zipped_folder_is_named_and_the_extension_inside_it_is_checked() {
    let built = Built::from_description(
        &json!({"from": "testdata/checks/EP105/trigger", "folder": "my-extension", "dirs": true}),
    );
    let checked = check(&built, &[]);
    let d = checked.finding("EP010");
    assert!(message(&d).contains("`my-extension/`"), "{d}");
    assert!(
        d["help"]
            .as_str()
            .unwrap()
            .contains("cd my-extension && zip -r")
    );
    let d = checked.finding("EP105");
    assert_eq!(
        d["file"],
        format!("{}!/my-extension/extension.json", built.path())
    );
    assert_eq!(d["line"], 3);
    assert_untouched(&built);
}

#[test]
fn macos_metadata_beside_a_zipped_folder_does_not_hide_it() {
    let checked = check_described(
        &json!({"from": "testdata/valid/web-minimal", "folder": "ext",
                "entries": [{"name": "__MACOSX/ext/._extension.json", "text": "junk"}]}),
        &[],
    );
    checked.finding("EP010");
}

#[test]
fn an_archive_without_a_manifest_is_reported_alone() {
    let checked = check_described(
        &json!({"entries": [
            {"name": "a/extension.json", "text": "{}"},
            {"name": "b/extension.json", "text": "{}"}]}),
        &[],
    );
    assert_eq!(checked.codes(), ["EP011"]);
    let d = checked.finding("EP011");
    assert!(
        d["help"].as_str().unwrap().contains("`a/extension.json`"),
        "{d}"
    );
    assert_eq!(checked.code, 1);
}

#[test]
fn an_empty_archive_has_no_manifest() {
    let checked = check_described(&json!({"entries": []}), &[]);
    assert_eq!(checked.codes(), ["EP011"]);
}

#[test]
fn dot_slash_and_backslash_names_are_reported_once_and_read_as_meant() {
    let checked = check_described(
        &json!({"from": "testdata/valid/web-minimal", "rename": {
            "extension.json": "./extension.json",
            "src/lib/actions/log-message.js": "src\\lib\\actions\\log-message.js"}}),
        &[],
    );
    assert_eq!(checked.codes(), ["EP012"], "{:#}", checked.report);
    let d = checked.finding("EP012");
    assert!(message(&d).contains("`./extension.json`"), "{d}");
    assert!(
        message(&d).contains("src\\lib\\actions\\log-message.js"),
        "{d}"
    );
}

// --- archives written by Adobe's packager ---------------------------------------------------

/// The icon named `./resources/icon.svg` in the manifest and kept under the views folder too,
/// and a library file stored twice: what `@adobe/reactor-packager` 4.4.0 writes.
fn as_adobes_packager_writes(extra: Value) -> Value {
    let icon = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
    let lib = std::fs::read_to_string(
        root().join("testdata/valid/web-minimal/src/lib/actions/log-message.js"),
    )
    .unwrap();
    let mut manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("testdata/valid/web-minimal/extension.json")).unwrap(),
    )
    .unwrap();
    manifest["iconPath"] = json!("./src/view/icon.svg");
    // Extra entries first: of two copies, the last is read.
    let mut entries = extra.as_array().cloned().unwrap_or_default();
    entries.extend([
        json!({"name": "extension.json", "text": manifest.to_string()}),
        json!({"name": "src/view/icon.svg", "text": icon}),
        json!({"name": "./src/view/icon.svg", "text": icon}),
        json!({"name": "src/lib/actions/log-message.js", "text": lib}),
    ]);
    json!({"from": "testdata/valid/web-minimal", "skip": ["extension.json"], "entries": entries})
}

#[test]
fn an_archive_written_by_adobes_packager_passes_with_warnings() {
    let checked = check_described(&as_adobes_packager_writes(json!([])), &[]);
    assert_eq!(checked.codes(), ["EP317", "EP318"], "{:#}", checked.report);
    assert_eq!(checked.code, 0);
    let same = checked.finding("EP317");
    assert!(
        message(&same).contains("`src/lib/actions/log-message.js`"),
        "{same}"
    );
    assert!(message(&same).contains("`src/view/icon.svg`"), "{same}");
    assert_eq!(same["severity"], "warning");
    let spelled = checked.finding("EP318");
    assert!(
        message(&spelled).contains("`./src/view/icon.svg`"),
        "{spelled}"
    );
}

#[test]
fn the_other_layout_mistakes_stay_errors_beside_the_packagers_quirks() {
    // Different bytes under one name, a `./` name the manifest does not spell so, and
    // `./extension.json`.
    let checked = check_described(
        &as_adobes_packager_writes(json!([
            {"name": "src/lib/actions/log-message.js", "text": "module.exports = 2;"},
            {"name": "./src/lib/extra.js", "text": "module.exports = 1;"},
            {"name": "./extension.json", "text": "{}"}
        ])),
        &[],
    );
    assert_eq!(checked.code, 1);
    let different = checked.finding("EP014");
    assert!(
        message(&different).contains("`src/lib/actions/log-message.js`")
            && message(&different).contains("`extension.json`"),
        "{different}"
    );
    let respelled = checked.finding("EP012");
    assert!(
        message(&respelled).contains("`./src/lib/extra.js`"),
        "{respelled}"
    );
    assert!(
        message(&respelled).contains("`./extension.json`"),
        "{respelled}"
    );
    assert!(!message(&respelled).contains("icon.svg"), "{respelled}");
    checked.finding("EP317");
    checked.finding("EP318");
}

#[test]
fn copies_compressed_differently_are_compared_by_their_bytes() {
    // The same text stored once deflated (the fixture's copy) and once stored.
    let lib = std::fs::read_to_string(
        root().join("testdata/valid/web-minimal/src/lib/actions/log-message.js"),
    )
    .unwrap();
    let checked = check_described(
        &minimal_with(
            json!([{"name": "src/lib/actions/log-message.js", "text": lib, "method": "stored"}]),
        ),
        &[],
    );
    assert_eq!(checked.codes(), ["EP317"], "{:#}", checked.report);
    // One byte changed: different.
    let checked = check_described(
        &minimal_with(
            json!([{"name": "src/lib/actions/log-message.js", "text": lib.replace("log(", "log (")}]),
        ),
        &[],
    );
    assert_eq!(checked.codes(), ["EP014"], "{:#}", checked.report);
}

// --- hostile archives: one test per case ----------------------------------------------------

#[test]
fn an_absolute_entry_name_is_refused() {
    let checked = check_described(
        &minimal_with(json!([{"name": "/etc/cron.d/x", "text": "x"}])),
        &[],
    );
    assert!(message(&checked.finding("EP013")).contains("`/etc/cron.d/x`"));
    assert_eq!(checked.code, 1);
}

#[test]
fn a_parent_segment_in_an_entry_name_is_refused() {
    let checked = check_described(
        &minimal_with(json!([{"name": "src/../../../home/ci/.bashrc", "text": "x"}])),
        &[],
    );
    assert!(message(&checked.finding("EP013")).contains("../../../home"));
    // The rest of the archive is still checked, and clean.
    assert_eq!(checked.codes(), ["EP013"]);
}

#[test]
fn a_backslash_parent_segment_is_refused_too() {
    let checked = check_described(
        &minimal_with(json!([{"name": "..\\..\\evil.js", "text": "x"}])),
        &[],
    );
    checked.finding("EP013");
}

#[test]
fn a_drive_letter_in_an_entry_name_is_refused() {
    let checked = check_described(
        &minimal_with(json!([{"name": "C:/Windows/evil.js", "text": "x"}])),
        &[],
    );
    checked.finding("EP013");
}

#[test]
fn a_nul_byte_in_an_entry_name_is_refused_and_shown_escaped() {
    let checked = check_described(
        &minimal_with(json!([{"name": "src/a\u{0}.js", "text": "x"}])),
        &[],
    );
    let d = checked.finding("EP013");
    assert!(message(&d).contains("src/a\\u{0}.js"), "{d}");
}

#[test]
fn duplicate_entry_names_are_reported() {
    let checked = check_described(
        &minimal_with(json!([{"name": "extension.json", "text": "{\"evil\": true}"}])),
        &[],
    );
    let d = checked.finding("EP014");
    assert!(message(&d).contains("`extension.json`"), "{d}");
}

#[test]
fn names_that_collide_once_respelled_are_duplicates() {
    let checked = check_described(
        &minimal_with(json!([{"name": "./extension.json", "text": "{}"}])),
        &[],
    );
    checked.finding("EP014");
    checked.finding("EP012");
    // The same bytes: a warning, but `./extension.json` is still an error.
    let manifest =
        std::fs::read_to_string(root().join("testdata/valid/web-minimal/extension.json")).unwrap();
    let checked = check_described(
        &minimal_with(json!([{"name": "./extension.json", "text": manifest}])),
        &[],
    );
    assert_eq!(checked.codes(), ["EP012", "EP317"], "{:#}", checked.report);
}

#[test]
fn a_symlink_entry_is_refused_and_not_followed() {
    let checked = check_described(
        &json!({"from": "testdata/valid/web-minimal",
                "skip": ["src/lib/actions/log-message.js"],
                "entries": [{"name": "src/lib/actions/log-message.js", "symlink": "/etc/passwd"}]}),
        &[],
    );
    let d = checked.finding("EP015");
    assert!(
        message(&d).contains("`src/lib/actions/log-message.js`"),
        "{d}"
    );
    // Left out: the library module the manifest names is missing.
    checked.finding("EP201");
}

#[test]
fn an_encrypted_entry_is_refused() {
    let checked = check_described(
        &json!({"from": "testdata/valid/web-minimal",
                "patch": {"src/lib/actions/log-message.js": {"encrypted": true}}}),
        &[],
    );
    checked.finding("EP016");
    checked.finding("EP201");
}

#[test]
fn an_unsupported_compression_method_is_named() {
    let checked = check_described(
        &minimal_with(
            json!([{"name": "src/view/a.html", "text": "x", "method": "stored", "method_id": 9}]),
        ),
        &[],
    );
    let d = checked.finding("EP017");
    assert!(message(&d).contains("Deflate64"), "{d}");
}

#[test]
fn data_longer_than_the_declared_size_is_never_read_past_it() {
    let built = Built::from_description(&json!({"from": "testdata/valid/web-minimal",
        "patch": {"src/lib/actions/log-message.js": {"declared_size": 3}}}));
    let checked = check(&built, &[]);
    let d = checked.finding("EP018");
    assert_eq!(
        d["file"],
        format!("{}!/src/lib/actions/log-message.js", built.path())
    );
    assert!(message(&d).contains("declares 3 bytes"), "{d}");
    assert_eq!(checked.code, 1);
    assert_untouched(&built);
}

#[test]
fn data_shorter_than_the_declared_size_is_reported() {
    let checked = check_described(
        &json!({"from": "testdata/valid/web-minimal",
                "patch": {"extension.json": {"declared_size": 900_000}}}),
        &[],
    );
    let d = checked.finding("EP018");
    assert!(message(&d).contains("declares 900000 bytes"), "{d}");
    // Without a manifest nothing else can be said, and nothing else is claimed.
    assert_eq!(checked.codes(), ["EP018"]);
}

#[test]
fn total_declared_size_over_the_limit_refuses_the_archive() {
    let checked = check_described(
        &minimal_with(json!([{"name": "src/view/page.html", "text": "x".repeat(5000)}])),
        &["--max-archive-bytes", "4KiB"],
    );
    assert_eq!(checked.codes(), ["EP019"]);
    assert!(message(&checked.finding("EP019")).contains("4.0 KiB"));
}

#[test]
fn a_lying_total_size_cannot_get_past_the_limit() {
    // 3 GiB declared by one small entry: refused by the default guard, nothing decompressed.
    let checked = check_described(
        &json!({"from": "testdata/valid/web-minimal",
                "entries": [{"name": "src/view/a.bin", "text": "x", "method": "stored",
                             "declared_size": 3_221_225_472_u64}]}),
        &[],
    );
    assert!(
        checked.codes().contains(&"EP019".to_owned()),
        "{:?}",
        checked.codes()
    );
}

#[test]
fn more_entries_than_the_limit_refuses_the_archive() {
    let checked = check_described(
        &json!({"from": "testdata/valid/web-minimal", "dirs": true}),
        &["--max-archive-entries", "5"],
    );
    assert_eq!(checked.codes(), ["EP020"]);
    assert!(message(&checked.finding("EP020")).contains("holds 8 entries"));
}

#[test]
fn the_declared_entry_count_is_judged_before_the_directory_is_parsed() {
    let mut bytes = archive::build(&json!({"from": "testdata/valid/web-minimal"}));
    let eocd = (0..bytes.len() - 21)
        .rev()
        .find(|&i| &bytes[i..i + 4] == b"PK\x05\x06")
        .unwrap();
    put_u16(&mut bytes, eocd + 8, 60_000);
    put_u16(&mut bytes, eocd + 10, 60_000);
    let built = Built::new(&bytes);
    let checked = check(&built, &["--max-archive-entries", "1000"]);
    assert_eq!(checked.codes(), ["EP020"]);
    assert!(message(&checked.finding("EP020")).contains("60000"));
    assert_untouched(&built);
}

#[test]
fn a_zip_bomb_entry_is_refused_by_its_ratio() {
    let checked = check_described(
        &minimal_with(json!([{"name": "src/view/blank.png", "zeros": 20_000_000}])),
        &[],
    );
    assert_eq!(checked.codes(), ["EP021"]);
    assert!(message(&checked.finding("EP021")).contains("`src/view/blank.png"));
}

#[test]
fn overlapping_entries_refuse_the_archive() {
    let checked = check_described(
        &minimal_with(json!([{"name": "src/view/copy.html", "text": "",
                              "same_offset_as": "src/lib/actions/log-message.js"}])),
        &[],
    );
    assert_eq!(checked.codes(), ["EP022"]);
}

#[test]
fn a_local_header_that_reaches_into_the_next_entry_is_caught_when_read() {
    // The central directory looks sane; the local header of the library module claims an
    // extra field that runs past the next entry.
    let checked = check_described(
        &json!({"from": "testdata/valid/web-minimal",
                "patch": {"src/lib/actions/log-message.js": {"local_extra_len": 60_000}}}),
        &[],
    );
    assert_eq!(checked.codes(), ["EP022"], "{:#}", checked.report);
    assert!(message(&checked.finding("EP022")).contains("runs into the next entry"));
}

#[test]
fn a_truncated_archive_exits_2_with_one_line() {
    let bytes = archive::build(&json!({"from": "testdata/valid/web-minimal"}));
    for cut in [bytes.len() / 2, bytes.len() - 10] {
        let built = Built::new(&bytes[..cut]);
        let checked = check(&built, &[]);
        assert_eq!(checked.code, 2, "{}", checked.stderr);
        assert!(
            checked.stderr.contains("is not a readable zip archive"),
            "{}",
            checked.stderr
        );
        assert_untouched(&built);
    }
}

#[test]
fn a_file_that_is_not_a_zip_exits_2() {
    let built = Built::new(b"{\"name\": \"this is JSON, not a zip\"}\n");
    let checked = check(&built, &[]);
    assert_eq!(checked.code, 2);
    assert!(
        checked.stderr.contains("not a zip archive"),
        "{}",
        checked.stderr
    );
    assert_untouched(&built);
}

#[test]
fn an_empty_file_exits_2() {
    let built = Built::new(b"");
    let checked = check(&built, &[]);
    assert_eq!(checked.code, 2);
    assert!(
        checked.stderr.contains("the file is empty"),
        "{}",
        checked.stderr
    );
    assert_untouched(&built);
}

#[test]
fn corrupt_entry_data_exits_2() {
    let mut bytes = archive::build(&json!({"from": "testdata/valid/web-minimal",
        "entries": [{"name": "src/lib/actions/extra.js", "text": "x"}]}));
    let entries = central_entries(&bytes);
    let manifest = entries
        .iter()
        .find(|e| e.name == b"extension.json")
        .unwrap();
    let data = manifest.local
        + 30
        + usize::from(u16_at(&bytes, manifest.local + 26))
        + usize::from(u16_at(&bytes, manifest.local + 28));
    bytes[data + 5] ^= 0xFF;
    let built = Built::new(&bytes);
    let checked = check(&built, &[]);
    assert_eq!(checked.code, 2, "{:#}", checked.report);
    assert!(checked.stderr.contains("corrupt"), "{}", checked.stderr);
    assert_untouched(&built);
}

// --- entries uploaded for nothing -----------------------------------------------------------

#[test]
fn unused_entries_are_one_warning_and_dot_files_under_the_views_count() {
    let checked = check_described(
        &json!({"from": "testdata/valid/web-full", "dirs": true,
                "entries": [{"name": "test/a.test.js", "text": ""}]}),
        &[],
    );
    assert_eq!(checked.codes(), ["EP023"]);
    let d = checked.finding("EP023");
    assert_eq!(d["severity"], "warning");
    assert!(
        message(&d).contains("3 entries")
            && message(&d).contains("`package.json`")
            && message(&d).contains("`src/view/.DS_Store`")
            && message(&d).contains("`test/a.test.js`"),
        "{d}"
    );
    assert_eq!(checked.code, 0);
}

// --- the command line -------------------------------------------------------------------------

#[test]
fn help_explains_the_guards() {
    let r = crate::common::run(&["check", "--help"]);
    assert!(r.stdout.contains("--max-archive-bytes"));
    assert!(r.stdout.contains("--max-archive-entries"));
    assert!(r.stdout.contains("not a platform rule"));
    let r = crate::common::run(&["check", "--max-archive-bytes", "lots", "."]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("byte count"), "{}", r.stderr);
}
