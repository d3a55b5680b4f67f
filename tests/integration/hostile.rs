//! Hostile and clumsy input (issue #17): every reproduction of a defect once found, each
//! held here. `ext` is a copy of `testdata/valid/web-minimal` in a temporary folder.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::archive::Built;
use crate::common::{copy_dir, extpack, root};

/// A copy of the minimal web extension, in a temporary folder that lives as long as it.
struct Ext {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl Ext {
    fn new() -> Ext {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ext");
        copy_dir(&root().join("testdata/valid/web-minimal"), &path);
        Ext { _dir: dir, path }
    }

    fn file(&self, relative: &str) -> PathBuf {
        self.path.join(relative)
    }

    fn write(&self, relative: &str, content: impl AsRef<[u8]>) {
        let file = self.file(relative);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, content).unwrap();
    }

    fn str(&self) -> &str {
        self.path.to_str().unwrap()
    }
}

struct Ran {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Ran {
    fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// Runs extpack with a time limit: a hang fails the test instead of the suite.
fn run(args: &[&str]) -> Ran {
    run_with(args, &[])
}

fn run_with(args: &[&str], env: &[(&str, &str)]) -> Ran {
    let mut cmd = extpack();
    cmd.args(args).timeout(Duration::from_secs(60));
    for (k, v) in env {
        cmd.env(k, v);
    }
    let output = cmd.output().unwrap();
    Ran {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn assert_no_panic(ran: &Ran) {
    assert_ne!(ran.code, 101, "panicked: {}", ran.stderr);
    assert_ne!(ran.code, -1, "killed or timed out: {}", ran.stderr);
    assert!(!ran.stderr.contains("panicked"), "{}", ran.stderr);
}

/// The longest line of a text, in characters.
fn widest_line(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

#[test]
fn a_finding_past_column_65535_is_shown_in_a_window_of_its_line() {
    let ext = Ext::new();
    ext.write("extension.json", format!("{}{{x", " ".repeat(65_536)));
    let ran = run(&["check", "--color", "never", ext.str()]);
    assert_no_panic(&ran);
    assert_eq!(ran.code, 1, "{}", ran.all());
    assert!(ran.all().contains("EP002"));
    // The header keeps the real column; the snippet is a window with an ellipsis.
    assert!(
        ran.all().contains("extension.json:1:65538]"),
        "{}",
        ran.all()
    );
    assert!(ran.all().contains('…'));
    assert!(widest_line(&ran.all()) < 400, "{}", widest_line(&ran.all()));
}

#[test]
fn a_long_one_line_library_file_is_shown_in_a_window() {
    let ext = Ext::new();
    let mut code = "var a = 1;".repeat(7_200);
    code.push_str("require(\"./nope\")");
    ext.write("src/lib/actions/log-message.js", code);
    let ran = run(&["check", "--color", "never", ext.str()]);
    assert_no_panic(&ran);
    assert_eq!(ran.code, 1);
    assert!(ran.all().contains("EP301"));
    assert!(widest_line(&ran.all()) < 400);
}

#[test]
fn a_long_one_line_manifest_with_a_finding_is_drawn_by_check_and_pack_and_in_a_zip() {
    let ext = Ext::new();
    let text = std::fs::read_to_string(ext.file("extension.json")).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut value = value;
    value["description"] = serde_json::Value::String("d".repeat(150_000));
    value["actions"][0]["libPath"] = "src/lib/actions/missing.js".into();
    ext.write("extension.json", serde_json::to_string(&value).unwrap());
    for args in [
        vec!["check", ext.str()],
        vec!["pack", "--dry-run", ext.str()],
    ] {
        let ran = run(&args);
        assert_no_panic(&ran);
        assert_eq!(ran.code, 1, "{args:?}: {}", ran.all());
        assert!(ran.all().contains("EP201"));
    }
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for name in ["extension.json", "src/view/actions/log-message.html"] {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut zip, &std::fs::read(ext.file(name)).unwrap()).unwrap();
    }
    let built = Built::new(&zip.finish().unwrap().into_inner());
    let ran = run(&["check", built.path()]);
    assert_no_panic(&ran);
    assert_eq!(ran.code, 1);
    assert!(ran.all().contains("EP201"));
}

#[test]
fn ten_thousand_nested_computed_requires_give_a_bounded_report() {
    let ext = Ext::new();
    let depth = 10_000;
    ext.write(
        "src/lib/actions/log-message.js",
        format!("{}x{}", "require(".repeat(depth), ")".repeat(depth)),
    );
    let json = run(&["check", "--format", "json", ext.str()]);
    assert_no_panic(&json);
    assert_eq!(json.code, 1);
    // Was 455 MB: each finding quoted the whole argument, and every finding was listed.
    assert!(json.stdout.len() < 200_000, "{} bytes", json.stdout.len());
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    // Beside the nesting itself (EP312: too deep to parse), 50 computed calls and one more.
    let findings: Vec<&serde_json::Value> = report["extensions"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "EP303")
        .collect();
    assert_eq!(findings.len(), extpack::diag::MAX_REPEATS + 1);
    let last = findings.last().unwrap()["message"].as_str().unwrap();
    assert!(
        last.starts_with(&format!(
            "{} more `EP303` findings",
            depth - extpack::diag::MAX_REPEATS
        )),
        "{last}"
    );
    let human = run(&["check", ext.str()]);
    assert_no_panic(&human);
    assert!(human.all().len() < 200_000);
}

#[cfg(unix)]
#[test]
fn a_link_loop_in_the_views_is_reported_and_not_followed() {
    let ext = Ext::new();
    std::os::unix::fs::symlink(".", ext.file("src/view/self")).unwrap();
    std::os::unix::fs::symlink(".", ext.file("src/view/s2")).unwrap();
    // Links to one real folder: followed once, whichever is met first.
    std::os::unix::fs::symlink("actions", ext.file("src/view/again")).unwrap();
    std::os::unix::fs::symlink("actions", ext.file("src/view/zz-again")).unwrap();
    // Two links leading to each other's folders end too.
    std::fs::create_dir_all(ext.file("src/view/a")).unwrap();
    std::fs::create_dir_all(ext.file("src/view/c")).unwrap();
    std::os::unix::fs::symlink("../c", ext.file("src/view/a/to-c")).unwrap();
    std::os::unix::fs::symlink("../a", ext.file("src/view/c/to-a")).unwrap();
    let ran = run(&["pack", "--dry-run", ext.str()]);
    assert_no_panic(&ran);
    assert_eq!(ran.code, 0, "{}", ran.all());
    assert!(!ran.all().contains("self/self"), "{}", ran.all());
    assert_eq!(ran.all().matches("EP210").count(), 2, "{}", ran.all());
    // extension.json, the library, actions/log-message.html and its copy through `again`.
    assert!(ran.all().contains("(4 entries"), "{}", ran.all());
    let check = run(&["check", ext.str()]);
    assert_eq!(check.all().matches("EP210").count(), 2);
}

#[cfg(unix)]
#[test]
fn a_manifest_linked_from_outside_is_never_read_nor_shown() {
    let ext = Ext::new();
    std::fs::remove_file(ext.file("extension.json")).unwrap();
    std::os::unix::fs::symlink("/proc/self/environ", ext.file("extension.json")).unwrap();
    let ran = run_with(&["check", ext.str()], &[("MY_CI_TOKEN", "s3cr3t-token")]);
    assert_no_panic(&ran);
    assert_eq!(ran.code, 1);
    assert!(ran.all().contains("EP203"), "{}", ran.all());
    assert!(!ran.all().contains("s3cr3t-token"), "{}", ran.all());

    // A valid manifest outside: refused by check and by pack.
    let other = Ext::new();
    std::fs::remove_file(ext.file("extension.json")).unwrap();
    std::os::unix::fs::symlink(other.file("extension.json"), ext.file("extension.json")).unwrap();
    assert_eq!(run(&["check", ext.str()]).code, 1);
    let out = tempfile::tempdir().unwrap();
    let pack = run(&["pack", ext.str(), "-o", out.path().to_str().unwrap()]);
    assert_eq!(pack.code, 1, "{}", pack.all());
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

#[test]
fn control_characters_never_reach_the_terminal() {
    let ext = Ext::new();
    let text = std::fs::read_to_string(ext.file("extension.json")).unwrap();
    // Decoded from JSON escapes: a path that would clear the screen and set the title.
    let hostile = text.replace(
        "src/lib/actions/log-message.js",
        "src/lib/\\u001b[2J\\u001b]0;pwned\\u0007x.js",
    );
    ext.write("extension.json", &hostile);
    for format in ["human", "github"] {
        let ran = run(&["check", "--color", "never", "--format", format, ext.str()]);
        assert_eq!(ran.code, 1, "{format}: {}", ran.all());
        assert!(!ran.all().contains('\u{1b}'), "{format}: {:?}", ran.all());
        assert!(!ran.all().contains('\u{7}'), "{format}");
        assert!(ran.all().contains("\\u{1b}"), "{format}: {}", ran.all());
    }
    // Raw control characters in the text itself, shown in the snippet of a parse error.
    ext.write("extension.json", "{\"name\": \"a\u{1b}[31mred\u{7}\", x}");
    let ran = run(&["check", "--color", "never", ext.str()]);
    assert_eq!(ran.code, 1);
    assert!(!ran.all().contains('\u{1b}'), "{:?}", ran.all());
    assert!(!ran.all().contains('\u{7}'));

    // An archive entry name with ESC, in EP023.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for name in [
        "extension.json",
        "src/lib/actions/log-message.js",
        "src/view/actions/log-message.html",
    ] {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        let bytes = std::fs::read(root().join("testdata/valid/web-minimal").join(name)).unwrap();
        std::io::Write::write_all(&mut zip, &bytes).unwrap();
    }
    zip.start_file(
        "notes\u{1b}[2J.txt",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    let built = Built::new(&zip.finish().unwrap().into_inner());
    let ran = run(&["check", "--color", "never", built.path()]);
    assert!(ran.all().contains("EP023"), "{}", ran.all());
    assert!(!ran.all().contains('\u{1b}'), "{:?}", ran.all());
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn a_fifo_is_never_opened_for_reading() {
    let ext = Ext::new();
    std::fs::remove_file(ext.file("extension.json")).unwrap();
    mkfifo(&ext.file("extension.json"));
    for args in [
        vec!["check", ext.str()],
        vec!["pack", "--dry-run", ext.str()],
        vec!["diff", ext.str(), ext.str()],
    ] {
        let ran = run(&args);
        assert_no_panic(&ran);
        assert_eq!(ran.code, 2, "{args:?}: {}", ran.all());
        assert!(ran.all().contains("not a regular file"), "{}", ran.all());
    }

    let ext = Ext::new();
    mkfifo(&ext.file("extpack.toml"));
    let ran = run(&["check", ext.str()]);
    assert_eq!(ran.code, 2, "{}", ran.all());
    assert!(ran.all().contains("extpack.toml"));

    // A library file that is a FIFO is a finding, not a hang.
    let ext = Ext::new();
    std::fs::remove_file(ext.file("src/lib/actions/log-message.js")).unwrap();
    mkfifo(&ext.file("src/lib/actions/log-message.js"));
    let ran = run(&["check", ext.str()]);
    assert_eq!(ran.code, 1, "{}", ran.all());
    assert!(ran.all().contains("EP201"), "{}", ran.all());
}

#[test]
fn a_wrapped_entry_count_is_not_trusted() {
    // 100,001 entries without ZIP64: the end record's 16-bit count says 34,465.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(false);
    for i in 0..100_001 {
        zip.start_file(format!("f{i}"), options).unwrap();
    }
    let mut bytes = zip.finish().unwrap().into_inner();
    // The writer switches to ZIP64 past 65,535 entries: write the short record as an old
    // writer would, with the count wrapped and no ZIP64 records.
    let eocd = bytes.windows(4).rposition(|w| w == b"PK\x05\x06").unwrap();
    let cd_size = crate::archive::u32_at(&bytes, eocd + 12);
    let cd_offset = crate::archive::u32_at(&bytes, eocd + 16);
    let zip64 = bytes.windows(4).rposition(|w| w == b"PK\x06\x06");
    let (cd_size, cd_offset) = match zip64 {
        Some(at) => {
            let size = u64::from_le_bytes(bytes[at + 40..at + 48].try_into().unwrap());
            let offset = u64::from_le_bytes(bytes[at + 48..at + 56].try_into().unwrap());
            bytes.truncate(at);
            (u32::try_from(size).unwrap(), u32::try_from(offset).unwrap())
        }
        None => {
            bytes.truncate(eocd);
            (cd_size, cd_offset)
        }
    };
    let wrapped = (100_001 % 65_536) as u16;
    bytes.extend_from_slice(b"PK\x05\x06\0\0\0\0");
    bytes.extend_from_slice(&wrapped.to_le_bytes());
    bytes.extend_from_slice(&wrapped.to_le_bytes());
    bytes.extend_from_slice(&cd_size.to_le_bytes());
    bytes.extend_from_slice(&cd_offset.to_le_bytes());
    bytes.extend_from_slice(&[0, 0]);
    let built = Built::new(&bytes);
    let ran = run(&["check", built.path()]);
    assert_no_panic(&ran);
    assert_eq!(ran.code, 1, "{}", ran.all());
    assert!(ran.all().contains("EP020"), "{}", ran.all());
    assert!(ran.all().contains("100001 entries"), "{}", ran.all());
}

#[test]
fn a_name_no_archive_can_hold_is_refused_by_pack_as_by_check() {
    let ext = Ext::new();
    ext.write("src/view/back\\slash.html", "<p>");
    let out = tempfile::tempdir().unwrap();
    let check = run(&["check", ext.str()]);
    assert_eq!(check.code, 1);
    assert!(check.all().contains("EP211"));
    let pack = run(&["pack", ext.str(), "-o", out.path().to_str().unwrap()]);
    assert_eq!(pack.code, 1, "{}", pack.all());
    assert!(pack.all().contains("EP211"));
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

#[cfg(target_os = "linux")]
#[test]
fn a_file_name_that_is_not_utf8_is_a_finding_for_check_and_pack() {
    use std::os::unix::ffi::OsStrExt;
    let ext = Ext::new();
    let name = std::ffi::OsStr::from_bytes(b"bad\xff\xfe.html");
    std::fs::write(ext.file("src/view").join(name), "<p>").unwrap();
    let check = run(&["check", ext.str()]);
    assert_eq!(check.code, 1, "{}", check.all());
    assert!(
        check.all().contains("bad\\xff\\xfe.html"),
        "{}",
        check.all()
    );
    let out = tempfile::tempdir().unwrap();
    let pack = run(&["pack", ext.str(), "-o", out.path().to_str().unwrap()]);
    assert_eq!(pack.code, 1, "{}", pack.all());
    assert!(!pack.all().contains("cannot read"), "{}", pack.all());
}

#[test]
fn a_fatal_error_with_a_snippet_is_drawn_safely_too() {
    let ext = Ext::new();
    let dir = tempfile::tempdir().unwrap();
    // A versions list whose error is past column 65,535, and one with a raw escape sequence.
    let long = dir.path().join("long.json");
    std::fs::write(&long, format!("{}{{x", " ".repeat(70_000))).unwrap();
    let raw = dir.path().join("raw.json");
    std::fs::write(&raw, "[\"1.0.0\", \"a\u{1b}[31mb\"]").unwrap();
    for list in [&long, &raw] {
        let ran = run(&["check", "--versions", list.to_str().unwrap(), ext.str()]);
        assert_no_panic(&ran);
        assert_eq!(ran.code, 2, "{}", ran.all());
        assert!(!ran.all().contains('\u{1b}'), "{:?}", ran.all());
        assert!(widest_line(&ran.all()) < 400);
    }
}
