//! `extpack.toml`: per-extension settings, read from the extension's root (or `--config FILE`).
//!
//! ```toml
//! # View files that must not be packed (globs over paths inside the extension).
//! exclude = ["**/*.map", "**/*.test.js"]
//! # Fail on warnings too.
//! deny-warnings = true
//! # The published versions to compare `version` with (relative to this file).
//! versions = ["published-versions.json"]
//! # Do not look up the views in `check` (they are build output); `pack` always does.
//! views = "skip"
//! # Meant for a public release: a missing exchangeUrl (EP308) is a warning, not a note.
//! release = "public"
//! # The previous release: breaking changes since it are findings (relative to this file): a
//! # folder, extension.json, a .zip, or saved API responses (several pages of a listing).
//! against = "../releases/my-extension-1.4.0"
//!
//! [rules]
//! EP308 = "off"      # or "note", "warning", "error"
//! ```
//!
//! Unknown keys and bad values are findings (EP030, EP031) with a span in the file; the
//! rest of the file still applies.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, Location, Rule, Severity, SourceFile, codes, rule};

/// The codes of reading `extpack.toml`.
pub static CODES: &[&Rule] = &[&codes::EP030, &codes::EP031];

/// The file name looked for at the extension root.
pub const CONFIG_NAME: &str = "extpack.toml";

/// What a `[rules]` entry sets a code to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleLevel {
    Off,
    Severity(Severity),
}

/// The settings of one extension.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Globs of files under `viewBasePath` that are not packed.
    pub exclude: Vec<String>,
    exclude_set: Option<GlobSet>,
    pub deny_warnings: bool,
    /// Versions lists, resolved against the config file's folder.
    pub versions: Vec<PathBuf>,
    /// Severity overrides by code.
    pub rules: BTreeMap<&'static str, RuleLevel>,
    /// `views = "skip"`: `check` does not look up the views (their schema rules still apply).
    pub skip_views: bool,
    /// The previous release to compare with (a folder, extension.json, a .zip, or saved API
    /// responses: several pages of a listing), resolved against the config file's folder.
    pub against: Vec<PathBuf>,
    /// `release = "public"`: the extension is meant for a public release.
    pub public_release: bool,
}

/// A config file and what was wrong in it.
#[derive(Debug, Default)]
pub struct LoadedConfig {
    pub config: Config,
    pub diagnostics: Vec<Diagnostic>,
}

impl Config {
    /// Whether a path inside the extension is excluded from packing.
    pub fn is_excluded(&self, path: &str) -> bool {
        self.exclude_set
            .as_ref()
            .is_some_and(|set| set.is_match(path))
    }

    /// Applies the `[rules]` overrides: changes severities, drops what is off. This is the one
    /// place where severities change.
    pub fn apply(&self, diagnostics: &mut Vec<Diagnostic>) {
        if self.rules.is_empty() {
            return;
        }
        diagnostics.retain_mut(|d| match self.rules.get(d.rule.code) {
            Some(RuleLevel::Off) => false,
            Some(RuleLevel::Severity(s)) => {
                d.severity = *s;
                true
            }
            None => true,
        });
    }
}

/// Reads a config file; `None` when it does not exist.
pub fn load(path: &Path, display: String) -> Result<Option<LoadedConfig>, std::io::Error> {
    // A FIFO named extpack.toml is refused, never waited on.
    let text = crate::source::read_regular_file(path).and_then(|bytes| {
        String::from_utf8(bytes)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
    });
    match text {
        Ok(text) => {
            let base = path.parent().unwrap_or(Path::new(""));
            Ok(Some(parse(display, text, base)))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Parses config text. `base` is the folder relative paths are resolved against.
pub fn parse(display: String, text: String, base: &Path) -> LoadedConfig {
    let file = Arc::new(SourceFile::new(display, text));
    let mut out = LoadedConfig::default();
    let table = match DeTable::parse(file.text()) {
        Ok(table) => table,
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            out.diagnostics.push(
                Diagnostic::new(
                    &codes::EP030,
                    file.name(),
                    format!("{} is not valid TOML: {}", file.name(), e.message().trim()),
                )
                .at(Location::new(&file, span).with_label("here"))
                .help("fix the TOML syntax; see the README's configuration example"),
            );
            return out;
        }
    };
    let mut p = Parser {
        file: &file,
        out: &mut out,
    };
    for (key, value) in table.get_ref() {
        let at = value.span();
        match key.get_ref().as_ref() {
            "exclude" => p.exclude(value),
            "deny-warnings" => match value.get_ref() {
                DeValue::Boolean(b) => p.out.config.deny_warnings = *b,
                _ => p.bad_value(at, "`deny-warnings` must be true or false"),
            },
            "versions" => p.versions(value, base),
            "views" => match value.get_ref() {
                DeValue::String(v) if v.as_ref() == "skip" => p.out.config.skip_views = true,
                DeValue::String(v) if v.as_ref() == "check" => p.out.config.skip_views = false,
                _ => p.bad_value(at, "`views` must be \"check\" or \"skip\""),
            },
            "rules" => p.rules(value),
            "release" => match value.get_ref() {
                DeValue::String(v) if v.as_ref() == "public" => p.out.config.public_release = true,
                DeValue::String(v) if v.as_ref() == "private" => {
                    p.out.config.public_release = false;
                }
                _ => p.bad_value(at, "`release` must be \"public\" or \"private\""),
            },
            "against" => p.against(value, base),
            other => p.unknown_key(
                key.span(),
                other,
                "",
                &[
                    "exclude",
                    "deny-warnings",
                    "versions",
                    "views",
                    "against",
                    "release",
                    "rules",
                ],
            ),
        }
    }
    crate::diag::sort_and_dedup(&mut out.diagnostics);
    out
}

struct Parser<'a> {
    file: &'a Arc<SourceFile>,
    out: &'a mut LoadedConfig,
}

impl Parser<'_> {
    fn bad_value(&mut self, span: Range<usize>, message: &str) {
        self.out.diagnostics.push(
            Diagnostic::new(&codes::EP030, self.file.name(), message.to_owned())
                .at(Location::new(self.file, span).with_label("invalid value"))
                .help("see the README's configuration example; this setting was ignored"),
        );
    }

    fn unknown_key(&mut self, span: Range<usize>, key: &str, table: &str, allowed: &[&str]) {
        let place = if table.is_empty() {
            "the top level".to_owned()
        } else {
            format!("[{table}]")
        };
        self.out.diagnostics.push(
            Diagnostic::new(
                &codes::EP031,
                self.file.name(),
                format!("unknown key `{key}` in {place} of {}", self.file.name()),
            )
            .at(Location::new(self.file, span).with_label("unknown key"))
            .help(format!(
                "the keys are {}; this one was ignored",
                allowed
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        );
    }

    /// A string or an array of strings.
    fn strings(&mut self, value: &Spanned<DeValue<'_>>, what: &str) -> Vec<(String, Range<usize>)> {
        match value.get_ref() {
            DeValue::String(s) => vec![(s.to_string(), value.span())],
            DeValue::Array(items) => {
                let mut found = Vec::new();
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::String(s) => found.push((s.to_string(), item.span())),
                        _ => self.bad_value(item.span(), &format!("`{what}` must hold strings")),
                    }
                }
                found
            }
            _ => {
                self.bad_value(
                    value.span(),
                    &format!("`{what}` must be a string or an array of strings"),
                );
                Vec::new()
            }
        }
    }

    fn exclude(&mut self, value: &Spanned<DeValue<'_>>) {
        let mut builder = GlobSetBuilder::new();
        for (pattern, span) in self.strings(value, "exclude") {
            let glob: Result<Glob, _> = globset::GlobBuilder::new(&pattern)
                .literal_separator(true)
                .build();
            match glob {
                Ok(glob) => {
                    builder.add(glob);
                    self.out.config.exclude.push(pattern);
                }
                Err(e) => self.bad_value(
                    span,
                    &format!("`{pattern}` is not a valid glob: {}", e.kind()),
                ),
            }
        }
        self.out.config.exclude_set = builder.build().ok();
    }

    fn versions(&mut self, value: &Spanned<DeValue<'_>>, base: &Path) {
        for (path, _) in self.strings(value, "versions") {
            self.out.config.versions.push(base.join(path));
        }
    }

    fn against(&mut self, value: &Spanned<DeValue<'_>>, base: &Path) {
        for (path, _) in self.strings(value, "against") {
            self.out.config.against.push(base.join(path));
        }
    }

    fn rules(&mut self, value: &Spanned<DeValue<'_>>) {
        let DeValue::Table(table) = value.get_ref() else {
            self.bad_value(
                value.span(),
                "`rules` must be a table: `[rules]` then `EP308 = \"off\"`",
            );
            return;
        };
        for (key, level) in table {
            let code = key.get_ref().as_ref();
            let Some(rule) = rule(code) else {
                self.out.diagnostics.push(
                    Diagnostic::new(
                        &codes::EP031,
                        self.file.name(),
                        format!("unknown code `{code}` in [rules] of {}", self.file.name()),
                    )
                    .at(Location::new(self.file, key.span()).with_label("no such code"))
                    .help("`extpack explain` lists every code; this line was ignored"),
                );
                continue;
            };
            let parsed = match level.get_ref() {
                DeValue::String(s) => match s.as_ref() {
                    "off" => Some(RuleLevel::Off),
                    "note" => Some(RuleLevel::Severity(Severity::Note)),
                    "warning" => Some(RuleLevel::Severity(Severity::Warning)),
                    "error" => Some(RuleLevel::Severity(Severity::Error)),
                    _ => None,
                },
                _ => None,
            };
            match parsed {
                Some(l) => {
                    self.out.config.rules.insert(rule.code, l);
                }
                None => self.bad_value(
                    level.span(),
                    &format!(
                        "`{}` must be \"off\", \"note\", \"warning\" or \"error\"",
                        rule.code
                    ),
                ),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> LoadedConfig {
        parse("extpack.toml".into(), text.into(), Path::new("ext"))
    }

    #[test]
    fn reads_every_setting() {
        let loaded = parsed(
            "exclude = [\"**/*.map\"]\ndeny-warnings = true\nversions = \"v.json\"\nrelease = \"public\"\n[rules]\nEP308 = \"off\"\nep306 = \"error\"\n",
        );
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let c = loaded.config;
        assert!(c.is_excluded("src/view/app.js.map"));
        assert!(!c.is_excluded("src/view/app.js"));
        assert!(c.deny_warnings);
        assert!(c.public_release);
        assert_eq!(c.versions, [Path::new("ext/v.json")]);
        assert_eq!(c.rules.get("EP308"), Some(&RuleLevel::Off));
        assert_eq!(
            c.rules.get("EP306"),
            Some(&RuleLevel::Severity(Severity::Error))
        );
    }

    #[test]
    fn reports_unknown_keys_and_bad_values_at_their_place() {
        let text =
            "exlude = []\ndeny-warnings = \"yes\"\n[rules]\nEP999 = \"off\"\nEP308 = \"loud\"\n";
        let loaded = parsed(text);
        let found: Vec<(&str, usize)> = loaded
            .diagnostics
            .iter()
            .map(|d| {
                let at = d.primary.as_ref().unwrap();
                (d.code(), at.file.position(at.range.start).line)
            })
            .collect();
        assert_eq!(
            found,
            [("EP031", 1), ("EP030", 2), ("EP031", 4), ("EP030", 5)]
        );
    }

    #[test]
    fn against_is_relative_to_the_file() {
        let c = parsed("against = \"../old\"\n").config;
        assert_eq!(c.against, [Path::new("ext/../old")]);
        let c = parsed("against = [\"p1.json\", \"p2.json\"]\n").config;
        assert_eq!(
            c.against,
            [Path::new("ext/p1.json"), Path::new("ext/p2.json")]
        );
        let loaded = parsed("against = 1\n");
        assert_eq!(loaded.diagnostics[0].code(), "EP030");
    }

    #[test]
    fn reports_syntax_errors() {
        let loaded = parsed("exclude = [\n");
        assert_eq!(loaded.diagnostics.len(), 1);
        assert_eq!(loaded.diagnostics[0].code(), "EP030");
    }

    #[test]
    fn overrides_change_severity_and_drop_what_is_off() {
        let c = parsed("[rules]\nEP308 = \"off\"\nEP306 = \"error\"\n").config;
        let mut ds = vec![
            Diagnostic::new(&codes::EP308, "x", "a"),
            Diagnostic::new(&codes::EP306, "x", "b"),
            Diagnostic::new(&codes::EP201, "x", "c"),
        ];
        c.apply(&mut ds);
        let got: Vec<(&str, Severity)> = ds.iter().map(|d| (d.code(), d.severity)).collect();
        assert_eq!(
            got,
            [("EP306", Severity::Error), ("EP201", Severity::Error)]
        );
    }
}
