//! The registry of diagnostic codes. Codes are stable and never reused; each has a page under
//! `docs/codes/` (shown by `extpack explain CODE`) and fixtures under `testdata/checks/CODE/`.
//!
//! To add a code: one line in [`RULES`], its page `docs/codes/EPxxx.md` (headings *What it
//! checks*, *Why*, *Example*, *Fix*), and the fixtures `testdata/checks/EPxxx/trigger/` and
//! `testdata/checks/EPxxx/near-miss/`. Unit and integration tests enforce all three.

use super::Severity;

/// The project's home, named by the SARIF output and the documentation. Cargo.toml's
/// `repository` is the one place it is written.
pub const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// Static metadata of one diagnostic code.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// `EP` and three digits: `EP0xx` input, parsing and archives, `EP1xx` schema, `EP2xx`
    /// files and paths, `EP3xx` requires and semantics, `EP4xx` versions, `EP6xx` changes
    /// since the previous release.
    pub code: &'static str,
    /// A short kebab-case name.
    pub name: &'static str,
    /// The severity a finding of this code has unless configured otherwise.
    pub severity: Severity,
    /// One line: what the code reports.
    pub summary: &'static str,
    /// The full page in Markdown.
    pub docs: &'static str,
}

impl Rule {
    /// The text under a `## heading` of the docs page, without the heading, up to the next
    /// heading: `rule.section("What it checks")`.
    pub fn section(&self, heading: &str) -> Option<&'static str> {
        let marker = format!("\n## {heading}\n");
        let rest = &self.docs[self.docs.find(&marker)? + marker.len()..];
        let end = rest.find("\n## ").unwrap_or(rest.len());
        Some(rest[..end].trim())
    }
}

macro_rules! rules {
    ($( $code:ident $name:literal $severity:ident $summary:literal; )*) => {
        $(
            #[doc = $summary]
            pub static $code: Rule = Rule {
                code: stringify!($code),
                name: $name,
                severity: Severity::$severity,
                summary: $summary,
                docs: include_str!(concat!("../../docs/codes/", stringify!($code), ".md")),
            };
        )*
        /// Every code extpack can report, in code order.
        pub static RULES: &[&Rule] = &[ $( &$code, )* ];
    };
}

rules! {
    EP001 "manifest-not-found" Error "extension.json is missing from the extension folder";
    EP002 "invalid-json" Error "extension.json is not valid JSON";
    EP003 "duplicate-key" Error "a key appears twice in the same JSON object";
    EP004 "not-utf8" Error "extension.json is not UTF-8 text";
    EP005 "manifest-not-object" Error "the top level of extension.json is not an object";
    EP010 "archive-nested-folder" Error "extension.json is inside one top-level folder of the archive instead of at its root";
    EP011 "archive-manifest-missing" Error "the archive has no extension.json at its root";
    EP012 "archive-entry-spelling" Error "archive entries are stored with a `./` prefix, `\\` separators or empty segments";
    EP013 "unsafe-entry-name" Error "an archive entry name is absolute, climbs out with `..`, names a drive or holds a NUL byte";
    EP014 "duplicate-entry" Error "two archive entries have the same name and different contents";
    EP015 "symlink-entry" Error "an archive entry is a symbolic link";
    EP016 "encrypted-entry" Error "an archive entry is encrypted";
    EP017 "unsupported-compression" Error "an archive entry is compressed with a method other than deflate or stored";
    EP018 "entry-size-mismatch" Error "an archive entry's data is not the size its header declares";
    EP019 "archive-too-large" Error "the archive's entries declare more uncompressed bytes than the limit (a guard, `--max-archive-bytes`)";
    EP020 "too-many-entries" Error "the archive holds more entries than the limit (a guard, `--max-archive-entries`)";
    EP021 "compression-ratio" Error "an archive entry is compressed more than 100:1, as zip bombs are";
    EP022 "overlapping-entries" Error "the data of two archive entries overlap";
    EP023 "unused-entries" Warning "archive entries that nothing uses would be uploaded for nothing";
    EP024 "entry-count-mismatch" Error "the archive's end record declares another number of entries than its central directory holds";
    EP030 "invalid-config" Error "extpack.toml is not valid TOML, or a setting has a value it cannot take";
    EP031 "unknown-config-key" Warning "extpack.toml has a key or a code that extpack does not know";
    EP101 "unknown-platform" Error "`platform` is missing or not one of web, edge, mobile";
    EP102 "missing-required-key" Error "a key the platform requires is missing";
    EP103 "unknown-key" Error "a key the platform does not allow at that place";
    EP104 "wrong-type" Error "a value has the wrong JSON type";
    EP105 "malformed-value" Error "a value does not have the form the platform requires";
    EP106 "empty-value" Error "a string or list is empty (or too short) where the platform needs content";
    EP107 "too-long" Error "a string or list is longer than the platform allows";
    EP108 "value-not-allowed" Error "a value is not one of the values the platform allows";
    EP201 "missing-file" Error "a file the manifest points at does not exist";
    EP202 "case-mismatch" Error "a path differs in letter case from the file on disk";
    EP203 "path-outside" Error "a path leaves the extension folder (`..`, absolute, or a link to outside)";
    EP204 "folder-instead-of-file" Error "a path names a folder where a file is needed, or a file where a folder is needed";
    EP205 "views-folder-missing" Error "the `viewBasePath` folder does not exist";
    EP206 "views-not-checked" Note "the views, or unbuilt build output, were not looked up (`--no-views`, `--skip-unbuilt`, the pre-commit hook)";
    EP207 "views-folder-empty" Error "the `viewBasePath` folder holds no file";
    EP208 "icon-not-svg" Warning "the file `iconPath` names is not SVG content";
    EP209 "view-link-missing" Warning "a view links a relative file that is not in the package";
    EP210 "link-loop" Warning "a symbolic link to a folder that holds it: a loop, not followed";
    EP211 "unsafe-file-name" Error "a file name that cannot be stored safely in the archive (a backslash, a control character, not UTF-8)";
    EP301 "require-not-found" Error "a relative `require()` names a file that does not exist";
    EP302 "require-not-resolvable" Error "a `require()` names a module the platform cannot provide";
    EP303 "computed-require" Error "a `require()` argument is not a string literal";
    EP304 "duplicate-name" Error "two features of one type, or two shared modules, have the same name";
    EP305 "hosted-file-collision" Error "two `hostedLibFiles` have the same file name";
    EP306 "custom-code-transform" Warning "a `customCode` transform, which the platform's processing rejects";
    EP307 "duplicate-transform" Error "two transforms of one feature (or of the configuration) share a `propertyPath`";
    EP308 "missing-exchange-url" Note "no `exchangeUrl`, which a public release needs (a warning with `--public`)";
    EP309 "invalid-settings-schema" Error "an embedded settings `schema` is not a valid JSON Schema";
    EP310 "unknown-schema-draft" Warning "an embedded settings `schema` names an unknown `$schema` draft";
    EP311 "unused-file" Warning "a JavaScript file beside the library modules that nothing uses (with `--unused-files`)";
    EP312 "library-syntax-error" Error "a library module does not parse as JavaScript (the platform's `minification-error`)";
    EP313 "es-module-syntax" Error "a library module uses `import`/`export`, but library modules are CommonJS";
    EP314 "invalid-json-module" Error "a `.json` file reached by `require()` is not valid JSON";
    EP315 "empty-view" Warning "a view the manifest names is an empty file";
    EP316 "view-without-bridge" Warning "a view never loads the extension bridge script";
    EP317 "duplicate-entry-same-bytes" Warning "an archive entry is stored more than once with the same bytes (Adobe's packager does this)";
    EP318 "dot-slash-entry" Warning "an archive entry is stored with the `./` prefix the manifest spells its path with (Adobe's packager does this)";
    EP401 "version-not-greater" Error "the version is lower than the highest private or public version already published";
    EP402 "version-already-released" Error "the version equals a private or public version, which is frozen";
    EP403 "updates-development-package" Note "the upload will update the existing development package of the same name";
    EP404 "package-not-in-versions-list" Warning "the versions list has no package with the manifest's name and platform";
    EP405 "incomplete-listing" Warning "pages of a saved API listing are missing, so versions on them were not compared";
    EP406 "partial-listing" Note "the version was compared with a listing that may hold only the latest versions";
    EP601 "feature-removed" Note "a feature of the previous release is gone (with `--against`)";
    EP602 "shared-module-removed" Note "a shared module of the previous release is gone (with `--against`)";
    EP603 "configuration-removed" Note "the previous release had a `configuration` and this one has none (with `--against`)";
    EP604 "settings-narrowed" Note "a settings schema rejects settings the previous release accepted (with `--against`)";
    EP605 "settings-changed-review" Note "a settings schema changed in a way extpack cannot judge (with `--against`)";
    EP606 "transform-changed" Warning "a transform of a feature was removed or changed since the previous release (with `--against`)";
    EP607 "breaking-without-major-bump" Warning "breaking changes since the previous release, but the same major version (with `--against`)";
    EP608 "version-not-increased" Error "the version is not greater than the previous release's (with `--against`)";
}

/// Looks a code up by its code, case-insensitively (`ep102` finds `EP102`), or by its name
/// (`missing-file` finds `EP201`).
pub fn rule(code_or_name: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| {
        r.code.eq_ignore_ascii_case(code_or_name) || r.name.eq_ignore_ascii_case(code_or_name)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::path::Path;

    #[test]
    fn codes_are_unique_well_formed_and_sorted() {
        let mut seen = HashSet::new();
        for r in RULES.iter() {
            assert!(seen.insert(r.code), "duplicate code {}", r.code);
            assert!(
                r.code.len() == 5
                    && r.code.starts_with("EP")
                    && r.code[2..].bytes().all(|b| b.is_ascii_digit()),
                "malformed code {}",
                r.code
            );
        }
        assert!(RULES.windows(2).all(|w| w[0].code < w[1].code));
        let names: HashSet<_> = RULES.iter().map(|r| r.name).collect();
        assert_eq!(names.len(), RULES.len(), "rule names must be unique");
    }

    #[test]
    fn every_code_has_a_complete_page() {
        for r in RULES.iter() {
            assert!(
                r.docs.starts_with(&format!("# {} {}\n", r.code, r.name)),
                "docs/codes/{}.md must start with `# {} {}`",
                r.code,
                r.code,
                r.name
            );
            for heading in ["## What it checks", "## Why", "## Example", "## Fix"] {
                assert!(
                    r.docs.contains(heading),
                    "docs/codes/{}.md lacks `{heading}`",
                    r.code
                );
            }
        }
    }

    #[test]
    fn every_code_has_a_trigger_and_a_near_miss_fixture() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/checks");
        for r in RULES.iter() {
            for kind in ["trigger", "near-miss"] {
                let dir = root.join(r.code).join(kind);
                assert!(dir.is_dir(), "missing fixture {}", dir.display());
            }
        }
    }

    #[test]
    fn sections_are_the_text_under_their_heading() {
        let what = EP301.section("What it checks").unwrap_or_default();
        assert!(
            what.starts_with("That every relative `require()`"),
            "{what}"
        );
        assert!(what.ends_with("file."), "{what}");
        assert!(!what.contains("## "));
        let fix = EP301.section("Fix").unwrap_or_default();
        assert!(fix.starts_with("Require the file itself"), "{fix}");
        assert_eq!(EP301.section("What"), None);
        assert_eq!(EP301.section("Nowhere"), None);
        for r in RULES.iter() {
            assert!(r.section("What it checks").is_some_and(|s| !s.is_empty()));
        }
    }

    #[test]
    fn lookup_ignores_case() {
        assert_eq!(rule("ep102").map(|r| r.code), Some("EP102"));
        assert_eq!(rule("missing-file").map(|r| r.code), Some("EP201"));
        assert!(rule("EP999").is_none());
    }
}
