//! The command line itself: help, bad arguments, `explain`, `schema`.

use crate::common::run;

#[test]
fn help_teaches_and_exits_0() {
    let r = run(&["--help"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("check"));
    assert!(r.stdout.contains("Exit codes"));
    let r = run(&["check", "--help"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("--format"));
    assert!(r.stdout.contains("--deny-warnings"));
}

#[test]
fn bad_arguments_exit_2() {
    let r = run(&["check", "--format", "yaml"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("yaml"));
    assert_eq!(run(&["frobnicate"]).code, 2);
}

#[test]
fn version_exits_0() {
    let r = run(&["--version"]);
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout, format!("extpack {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn explain_lists_every_code() {
    let r = run(&["explain"]);
    assert_eq!(r.code, 0);
    for rule in extpack::diag::RULES.iter() {
        assert!(
            r.stdout
                .lines()
                .any(|l| l.starts_with(rule.code) && l.contains(rule.summary)),
            "{} missing from the list",
            rule.code
        );
    }
}

#[test]
fn explain_prints_a_page_case_insensitively() {
    let r = run(&["explain", "ep105"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.starts_with("# EP105 malformed-value"));
    assert!(r.stdout.contains("## Fix"));
}

#[test]
fn explain_of_an_unknown_code_exits_2() {
    let r = run(&["explain", "EP999"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("unknown code `EP999`"), "{}", r.stderr);
}

#[test]
fn schema_prints_the_bundled_schema() {
    for platform in ["web", "edge", "mobile"] {
        let r = run(&["schema", platform]);
        assert_eq!(r.code, 0);
        let expected = std::fs::read_to_string(
            crate::common::root().join(format!("schemas/extension-package-{platform}.json")),
        )
        .unwrap();
        assert_eq!(r.stdout, expected);
    }
    assert_eq!(run(&["schema", "tv"]).code, 2);
}

#[test]
fn readme_lists_every_code() {
    let readme = std::fs::read_to_string(crate::common::root().join("README.md")).unwrap();
    for rule in extpack::diag::RULES.iter() {
        let row = format!(
            "| {} | {} | {} | {} |",
            rule.code,
            rule.name,
            rule.severity.as_str(),
            rule.summary
        );
        assert!(readme.contains(&row), "README.md lacks the row `{row}`");
    }
}

#[test]
fn pack_refuses_the_report_formats_of_check_and_names_check() {
    for format in ["sarif", "github", "junit"] {
        let r = run(&[
            "pack",
            "--dry-run",
            "--format",
            format,
            "testdata/valid/web-minimal",
        ]);
        assert_eq!(r.code, 2);
        assert!(
            r.stderr
                .contains(&format!("run `extpack check --format {format}`")),
            "{}",
            r.stderr
        );
    }
    let r = run(&["pack", "--format", "yaml", "testdata/valid/web-minimal"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("expected `human` or `json`"),
        "{}",
        r.stderr
    );
}
