//! `pack` under faults: a file-size limit hit at every point of the writing, signals, a
//! `kill -9`, two runs writing the same archive at once. Whatever happens, the archive and
//! report in place are a complete pair of one run, and no temporary file stays.

#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use sha2::Digest;

use crate::common::{copy_dir, root};

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("extpack")
}

/// The sorted names in a folder.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Pseudo-random bytes (xorshift), which deflate cannot shrink: compressing them takes time.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed | 1;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        out.extend_from_slice(&state.to_le_bytes());
    }
    out.truncate(len);
    out
}

/// A copy of web-minimal at `dir` with `files` view files of `size` random bytes each.
fn extension_with_views(dir: &Path, files: usize, size: usize, seed: u64) {
    copy_dir(&root().join("testdata/valid/web-minimal"), dir);
    for i in 0..files {
        std::fs::write(
            dir.join(format!("src/view/data-{i}.bin")),
            noise(size, seed + i as u64),
        )
        .unwrap();
    }
}

/// `extpack pack EXT -o OUT/x.zip` started in the background.
fn spawn_pack(ext: &Path, out: &Path) -> Child {
    Command::new(bin())
        .arg("pack")
        .arg(ext)
        .arg("-o")
        .arg(out.join("x.zip"))
        .env_remove("CI")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits until `count` temporary files of a run are in `dir` (the run is writing).
fn wait_for_parts(dir: &Path, count: usize, child: &mut Child) {
    let start = Instant::now();
    loop {
        let parts = listing(dir).iter().filter(|n| n.ends_with(".part")).count();
        if parts >= count {
            return;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before writing"
        );
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no part appeared"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// The archive's sha256 and the one its report states.
fn pair_hashes(out: &Path) -> (String, String) {
    let archive = std::fs::read(out.join("x.zip")).unwrap();
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("x.zip.report.json")).unwrap()).unwrap();
    let actual: String = sha2::Sha256::digest(&archive)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    (
        actual,
        report["archive"]["sha256"].as_str().unwrap().to_owned(),
    )
}

#[test]
fn a_write_failing_at_any_point_leaves_the_previous_pair_untouched() {
    let work = tempfile::tempdir().unwrap();
    let ext = work.path().join("ext");
    // About 12 KiB of archive, in several entries.
    extension_with_views(&ext, 3, 4000, 7);
    let out = work.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("x.zip"), "the previous archive").unwrap();
    std::fs::write(out.join("x.zip.report.json"), "its report").unwrap();
    let before = listing(&out);
    // `ulimit -f` counts blocks of 512 bytes (POSIX sh): every block boundary of the archive
    // and of its report is hit on the way.
    let mut failures = 0;
    for blocks in 0..40 {
        let run = Command::new("sh")
            .arg("-c")
            .arg(format!("ulimit -f {blocks} && exec \"$0\" \"$@\""))
            .arg(bin())
            .args(["pack", "ext", "-o", "out/x.zip"])
            .current_dir(work.path())
            .env_remove("CI")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        if run.status.code() == Some(0) {
            // The limit let it through: from here on every size fits.
            assert!(blocks > 20, "packed under {blocks} blocks");
            break;
        }
        failures += 1;
        assert_eq!(run.status.code(), Some(2), "{blocks} blocks: {stderr}");
        assert!(
            stderr.contains("File too large"),
            "{blocks} blocks: {stderr}"
        );
        assert_eq!(stderr.matches("os error 27").count(), 1, "{stderr}");
        assert!(stderr.contains("ulimit -f"), "{stderr}");
        assert!(!stderr.contains("ZipWriter"), "{stderr}");
        assert_eq!(listing(&out), before, "{blocks} blocks");
        assert_eq!(
            std::fs::read(out.join("x.zip")).unwrap(),
            b"the previous archive"
        );
    }
    assert!(failures > 20, "{failures}");
    let (actual, stated) = pair_hashes(&out);
    assert_eq!(actual, stated);
    // Folders created for the outputs go too when nothing could be written.
    let run = Command::new("sh")
        .arg("-c")
        .arg("ulimit -f 4 && exec \"$0\" \"$@\"")
        .arg(bin())
        .args(["pack", "ext", "-o", "fresh/deeper/x.zip"])
        .current_dir(work.path())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(!work.path().join("fresh").exists());
}

#[test]
fn sigint_sigterm_and_sighup_stop_a_pack_and_leave_nothing() {
    let work = tempfile::tempdir().unwrap();
    let ext = work.path().join("ext");
    extension_with_views(&ext, 4, 512 << 10, 11);
    for (signal, code) in [
        (Signal::SIGTERM, 143),
        (Signal::SIGHUP, 129),
        (Signal::SIGINT, 130),
    ] {
        let out = work.path().join(format!("out-{code}"));
        std::fs::create_dir(&out).unwrap();
        let mut child = spawn_pack(&ext, &out);
        wait_for_parts(&out, 1, &mut child);
        kill(Pid::from_raw(i32::try_from(child.id()).unwrap()), signal).unwrap();
        let ended = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&ended.stderr);
        assert_eq!(ended.status.code(), Some(code), "{signal}: {stderr}");
        assert!(
            stderr.contains("interrupted: nothing was written"),
            "{stderr}"
        );
        assert_eq!(listing(&out), Vec::<String>::new(), "{signal}");
    }
}

#[test]
fn a_hangup_ignored_from_the_start_stays_ignored() {
    let work = tempfile::tempdir().unwrap();
    let ext = work.path().join("ext");
    extension_with_views(&ext, 2, 1 << 20, 13);
    let out = work.path().join("out");
    std::fs::create_dir(&out).unwrap();
    // As `nohup` starts it.
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("trap '' HUP && exec \"$0\" \"$@\"")
        .arg(bin())
        .arg("pack")
        .arg(&ext)
        .arg("-o")
        .arg(out.join("x.zip"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for_parts(&out, 1, &mut child);
    kill(
        Pid::from_raw(i32::try_from(child.id()).unwrap()),
        Signal::SIGHUP,
    )
    .unwrap();
    let ended = child.wait_with_output().unwrap();
    assert_eq!(
        ended.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ended.stderr)
    );
    assert_eq!(listing(&out), ["x.zip", "x.zip.report.json"]);
}

#[test]
fn after_a_kill_9_the_next_pack_leaves_only_the_archive_and_its_report() {
    let work = tempfile::tempdir().unwrap();
    let big = work.path().join("big");
    extension_with_views(&big, 4, 1 << 20, 17);
    let out = work.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let mut child = spawn_pack(&big, &out);
    wait_for_parts(&out, 1, &mut child);
    child.kill().unwrap();
    child.wait().unwrap();
    let left = listing(&out);
    assert!(
        left.iter()
            .any(|n| n.starts_with(".extpack-") && n.ends_with(".zip.part")),
        "{left:?}"
    );
    // The next run, of another extension, into the same folder.
    let small = work.path().join("small");
    copy_dir(&root().join("testdata/valid/web-minimal"), &small);
    let next = spawn_pack(&small, &out).wait_with_output().unwrap();
    assert_eq!(
        next.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&next.stderr)
    );
    assert_eq!(listing(&out), ["x.zip", "x.zip.report.json"]);
}

#[test]
fn a_pack_waits_for_the_lock_before_putting_its_pair_in_place() {
    let work = tempfile::tempdir().unwrap();
    let ext = work.path().join("ext");
    extension_with_views(&ext, 1, 1000, 19);
    let out = work.path().join("out");
    std::fs::create_dir(&out).unwrap();
    // Another run holds the lock of the archive's place.
    let lock = std::fs::File::create(out.join(".x.zip.extpack-lock")).unwrap();
    lock.lock().unwrap();
    let mut child = spawn_pack(&ext, &out);
    // The archive and its report are staged, and stay staged while the lock is held.
    wait_for_parts(&out, 2, &mut child);
    std::thread::sleep(Duration::from_millis(500));
    assert!(child.try_wait().unwrap().is_none(), "did not wait");
    assert!(!out.join("x.zip").exists());
    drop(lock);
    let ended = child.wait_with_output().unwrap();
    assert_eq!(
        ended.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ended.stderr)
    );
    assert_eq!(listing(&out), ["x.zip", "x.zip.report.json"]);
}

#[test]
fn two_packs_to_one_place_at_once_leave_the_pair_of_one_run() {
    let work = tempfile::tempdir().unwrap();
    let a = work.path().join("a");
    let b = work.path().join("b");
    extension_with_views(&a, 2, 100_000, 23);
    extension_with_views(&b, 2, 100_000, 29);
    let out = work.path().join("out");
    std::fs::create_dir(&out).unwrap();
    for round in 0..8 {
        let first = spawn_pack(&a, &out);
        let second = spawn_pack(&b, &out);
        for child in [first, second] {
            let ended = child.wait_with_output().unwrap();
            assert_eq!(
                ended.status.code(),
                Some(0),
                "{}",
                String::from_utf8_lossy(&ended.stderr)
            );
        }
        let (actual, stated) = pair_hashes(&out);
        assert_eq!(actual, stated, "round {round}");
        assert_eq!(listing(&out), ["x.zip", "x.zip.report.json"]);
    }
}

#[test]
fn a_failed_check_or_diff_output_names_the_file_and_the_error_once() {
    let work = tempfile::tempdir().unwrap();
    copy_dir(
        &root().join("testdata/valid/web-full"),
        &work.path().join("ext"),
    );
    for args in [
        vec!["check", "ext", "-o", "new/r.json"],
        vec!["diff", "ext", "ext", "-o", "new/d.txt"],
    ] {
        let run = Command::new("sh")
            .arg("-c")
            .arg("ulimit -f 0 && exec \"$0\" \"$@\"")
            .arg(bin())
            .args(&args)
            .current_dir(work.path())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{args:?}: {stderr}");
        let file = args[args.len() - 1];
        assert!(
            stderr.contains(&format!("cannot write `{file}`")),
            "{stderr}"
        );
        assert_eq!(stderr.matches("os error 27").count(), 1, "{stderr}");
        assert!(
            !stderr.contains(".extpack-") && !stderr.contains(".tmp"),
            "{stderr}"
        );
        assert_eq!(listing(work.path()), ["ext"], "{args:?}");
    }
}
