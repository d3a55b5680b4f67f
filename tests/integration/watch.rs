//! `check --watch`: a save gives a new report, a burst of saves one report, Ctrl-C exits 0.

#![cfg(unix)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::common::{copy_dir, root};

/// The reports the watcher prints: each ends with the summary line.
struct Reports {
    lines: mpsc::Receiver<String>,
}

impl Reports {
    /// The next whole report, or a failure after `timeout`.
    fn next(&self, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        let mut report = String::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = self
                .lines
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no report within {timeout:?}; so far: {report}"));
            report.push_str(&line);
            report.push('\n');
            if line.contains(" in 1 extension") {
                return report;
            }
        }
    }

    /// How many reports come within `wait`.
    fn count(&self, wait: Duration) -> usize {
        let deadline = Instant::now() + wait;
        let mut n = 0;
        while let Ok(line) = self
            .lines
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            n += usize::from(line.contains(" in 1 extension"));
        }
        n
    }
}

fn watch(folder: &std::path::Path) -> (Child, Reports) {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("extpack"))
        .args(["check", "--watch"])
        .arg(folder)
        .env("COLUMNS", "100")
        .env_remove("GITHUB_ACTIONS")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (sender, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    (child, Reports { lines })
}

fn wait_for_exit(child: &mut Child, timeout: Duration) -> Option<i32> {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    None
}

#[test]
fn a_save_gives_a_new_report_a_burst_one_and_ctrl_c_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("testdata/fixes/EP101/after"), dir.path());
    let manifest = dir.path().join("extension.json");
    let clean = std::fs::read_to_string(&manifest).unwrap();
    let (mut child, reports) = watch(dir.path());

    let first = reports.next(Duration::from_secs(20));
    assert!(
        first.contains("0 errors, 0 warnings in 1 extension"),
        "{first}"
    );

    std::fs::write(&manifest, clean.replace("\"web\"", "\"Web\"")).unwrap();
    let second = reports.next(Duration::from_secs(20));
    assert!(second.contains("EP101"), "{second}");
    assert!(
        second.contains("1 error, 0 warnings in 1 extension"),
        "{second}"
    );

    // Ten saves at once: one report (two at most, should the machine pause mid-burst).
    for _ in 0..10 {
        std::fs::write(&manifest, &clean).unwrap();
    }
    let burst = reports.count(Duration::from_secs(3));
    assert!((1..=2).contains(&burst), "{burst} reports for one burst");

    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(wait_for_exit(&mut child, Duration::from_secs(10)), Some(0));
}
