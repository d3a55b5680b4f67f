//! The README stays honest: its usage block is `extpack --help`, its options table names every
//! option of `extpack check --help`, and every `extpack …` line of its `sh` blocks runs on the
//! bundled fixtures with the exit code its comment shows.

use crate::common::{root, run};

fn readme() -> String {
    std::fs::read_to_string(root().join("README.md")).unwrap()
}

/// The fenced code blocks of a Markdown text: `(info string, lines)`.
fn code_blocks(text: &str) -> Vec<(String, Vec<String>)> {
    let mut blocks = Vec::new();
    let mut open: Option<(String, Vec<String>)> = None;
    for line in text.lines() {
        let fence = line.trim_start().strip_prefix("```");
        match (&mut open, fence) {
            (None, Some(info)) => open = Some((info.trim().to_owned(), Vec::new())),
            (Some(_), Some(_)) => blocks.extend(open.take()),
            (Some((_, lines)), None) => lines.push(line.to_owned()),
            (None, None) => {}
        }
    }
    blocks
}

/// The text between `## Usage` and the next heading.
fn usage_section(text: &str) -> &str {
    let start = text.find("\n## Usage\n").unwrap();
    let rest = &text[start + 1..];
    let end = rest[3..].find("\n#").map_or(rest.len(), |e| e + 3);
    &rest[..end]
}

#[test]
fn the_usage_block_is_extpack_help() {
    let text = readme();
    let (info, lines) = code_blocks(usage_section(&text))
        .into_iter()
        .next()
        .unwrap();
    assert_eq!(info, "text");
    let help = run(&["--help"]);
    assert_eq!(help.code, 0);
    assert_eq!(
        lines.join("\n"),
        help.stdout.trim_end(),
        "README.md's usage block differs from `extpack --help` (COLUMNS=100)"
    );
}

#[test]
fn the_options_table_names_every_option_of_check() {
    let text = readme();
    let section = usage_section(&text);
    let help = run(&["check", "--help"]).stdout;
    let options: Vec<&str> = help
        .lines()
        .map(str::trim_start)
        .filter_map(|l| {
            let l = l.strip_prefix("-o, ").unwrap_or(l);
            l.strip_prefix("--")
        })
        .map(|l| l.split([' ', '=', '<']).next().unwrap())
        .filter(|o| *o != "help")
        .collect();
    assert!(options.len() >= 10, "{options:?}");
    for option in options {
        assert!(
            section.lines().any(|l| {
                l.starts_with("| `")
                    && l.split(&format!("--{option}"))
                        .skip(1)
                        .any(|after| after.starts_with([' ', '`']))
            }),
            "the options table of README.md lacks `--{option}`"
        );
    }
}

/// The exit code a README command line shows in its comment: `# … (exits 1)`.
fn shown_exit_code(line: &str) -> Option<i32> {
    let comment = &line[line.find(" #")?..];
    let at = comment.find("exits ")?;
    comment[at + "exits ".len()..]
        .chars()
        .next()?
        .to_digit(10)
        .and_then(|d| i32::try_from(d).ok())
}

#[test]
fn every_extpack_command_of_the_readme_runs_with_the_exit_code_it_shows() {
    let bin_dir = assert_cmd::cargo::cargo_bin("extpack")
        .parent()
        .unwrap()
        .to_owned();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut ran = 0;
    for (info, lines) in code_blocks(&readme()) {
        if info != "sh" {
            continue;
        }
        // Each block runs in a folder of its own, which sees the fixtures as `testdata/`, so
        // that what a command writes (an archive, a changelog) lands there.
        let dir = tempfile::tempdir().unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(root().join("testdata"), dir.path().join("testdata")).unwrap();
        for line in lines.iter().filter(|l| l.starts_with("extpack ")) {
            let expected = shown_exit_code(line)
                .unwrap_or_else(|| panic!("README.md: `{line}` shows no `(exits N)`"));
            let output = std::process::Command::new("sh")
                .current_dir(dir.path())
                .env("PATH", &path)
                .env("COLUMNS", "100")
                .env_remove("GITHUB_ACTIONS")
                .args(["-c", line])
                .output()
                .unwrap();
            assert_eq!(
                output.status.code(),
                Some(expected),
                "README.md: `{line}`\n{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
            ran += 1;
        }
    }
    assert!(
        ran >= 5,
        "only {ran} commands found in README.md's sh blocks"
    );
}

#[test]
fn exit_codes_are_read_from_comments() {
    assert_eq!(shown_exit_code("extpack check x  # bad (exits 1)"), Some(1));
    assert_eq!(shown_exit_code("extpack check x  # exits 0: fine"), Some(0));
    assert_eq!(shown_exit_code("extpack check x"), None);
}
