//! Fixes: text edits that repair a finding, shared by `check --fix`/`--diff` and the language
//! server's quick fixes.
//!
//! A fix is a title, whether it is safe (always right) or unsafe (a guess the user should
//! review), and edits on byte ranges of files inside the extension. The ranges are offsets in
//! the text the check read ([`super::SourceFile::text`]), which for `extension.json` is the
//! text after a byte order mark: [`apply_edits`] works on that text, and whoever writes the
//! file puts the mark back.

use std::ops::Range;

/// Whether a fix can be applied without review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Safety {
    /// Always right: it changes what the platform reads only in the way the finding asks.
    Safe,
    /// A likely repair that may change meaning (which of two values to keep, which key was
    /// meant): applied only with `--unsafe-fixes`.
    Unsafe,
}

impl Safety {
    pub fn as_str(self) -> &'static str {
        match self {
            Safety::Safe => "safe",
            Safety::Unsafe => "unsafe",
        }
    }
}

/// One replacement of a byte range of one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// The file, relative to the folder that holds extension.json (`extension.json`,
    /// `src/lib/actions/send.js`), `/`-separated.
    pub file: String,
    /// Byte offsets into the file's text; an empty range inserts.
    pub range: Range<usize>,
    pub replacement: String,
}

impl Edit {
    pub fn new(
        file: impl Into<String>,
        range: Range<usize>,
        replacement: impl Into<String>,
    ) -> Edit {
        Edit {
            file: file.into(),
            range,
            replacement: replacement.into(),
        }
    }

    /// Whether two edits touch the same bytes (two insertions at one offset count: their
    /// order would be a guess).
    pub fn overlaps(&self, other: &Edit) -> bool {
        self.file == other.file
            && (self.range.start < other.range.end && other.range.start < self.range.end
                || self.range.start == other.range.start)
    }
}

/// A repair of one finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What it does, as an imperative: "remove the trailing comma".
    pub title: String,
    pub safety: Safety,
    /// Non-overlapping edits, possibly in several files.
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix {
            title: title.into(),
            safety: Safety::Safe,
            edits,
        }
    }

    pub fn unsafe_(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix {
            title: title.into(),
            safety: Safety::Unsafe,
            edits,
        }
    }

    /// Whether this fix is applied when fixes up to `allowed` are asked for.
    pub fn applies_at(&self, allowed: Safety) -> bool {
        self.safety <= allowed
    }

    /// Whether any edit of this fix overlaps any edit of `other`.
    pub fn conflicts_with(&self, other: &Fix) -> bool {
        self.edits
            .iter()
            .any(|a| other.edits.iter().any(|b| a.overlaps(b)))
    }
}

/// A code whose findings carry a fix, and what the fix does.
#[derive(Debug)]
pub struct Fixable {
    pub code: &'static str,
    pub safety: Safety,
    /// What `check --fix` does, as a sentence without its subject: "removes …".
    pub what: &'static str,
}

/// Every code with a fix (`extpack explain` shows it; each has before/after fixtures under
/// `testdata/fixes/CODE/`).
pub static FIXABLE: &[Fixable] = &[
    Fixable {
        code: "EP002",
        safety: Safety::Safe,
        what: "removes comments and trailing commas, when they are all that keeps extension.json from being JSON",
    },
    Fixable {
        code: "EP003",
        safety: Safety::Unsafe,
        what: "removes the first of the two keys and keeps the last, the one the platform keeps",
    },
    Fixable {
        code: "EP101",
        safety: Safety::Safe,
        what: "writes the platform's name in lowercase (`\"Web\"` → `\"web\"`)",
    },
    Fixable {
        code: "EP103",
        safety: Safety::Unsafe,
        what: "renames an unknown key to the allowed key one letter away (`displaName` → `displayName`)",
    },
    Fixable {
        code: "EP105",
        safety: Safety::Safe,
        what: "lowercases the prerelease and build parts of a version (`1.0.0-Beta` → `1.0.0-beta`); other malformed values are not fixed",
    },
    Fixable {
        code: "EP202",
        safety: Safety::Safe,
        what: "spells the path as the file on disk, in extension.json or in the `require()` call",
    },
];

/// How findings of `code` are fixed, if they are.
pub fn fixable(code: &str) -> Option<&'static Fixable> {
    FIXABLE.iter().find(|f| f.code == code)
}

/// The line `extpack explain CODE` adds about fixing.
pub fn explain_line(code: &str) -> String {
    match fixable(code) {
        Some(f) if f.safety == Safety::Safe => {
            format!("Automatic fix: `extpack check --fix` {}.", f.what)
        }
        Some(f) => format!(
            "Automatic fix (unsafe: review it): `extpack check --fix --unsafe-fixes` {}.",
            f.what
        ),
        None => "Automatic fix: none.".to_owned(),
    }
}

/// Why edits could not be applied to a text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("an edit of `{file}` reaches past its end or splits a character ({start}..{end})")]
    OutOfRange {
        file: String,
        start: usize,
        end: usize,
    },
    #[error("two edits of `{file}` overlap at byte {at}")]
    Overlap { file: String, at: usize },
}

/// `text` with `edits` (all of one file) applied, back to front so that each range still
/// means the bytes it was made for. Everything outside the ranges is kept byte for byte.
pub fn apply_edits(text: &str, edits: &[&Edit]) -> Result<String, EditError> {
    let mut sorted: Vec<&Edit> = edits.to_vec();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    for pair in sorted.windows(2) {
        if pair[0].overlaps(pair[1]) {
            return Err(EditError::Overlap {
                file: pair[1].file.clone(),
                at: pair[1].range.start,
            });
        }
    }
    let mut out = text.to_owned();
    for edit in sorted.iter().rev() {
        let Range { start, end } = edit.range;
        if start > end
            || end > out.len()
            || !out.is_char_boundary(start)
            || !out.is_char_boundary(end)
        {
            return Err(EditError::OutOfRange {
                file: edit.file.clone(),
                start,
                end,
            });
        }
        out.replace_range(start..end, &edit.replacement);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_apply_back_to_front_and_keep_the_rest() {
        let text = "{\r\n  \"a\": 1,\r\n}\r\n";
        let comma = text.find(",\r\n}").unwrap();
        let a = Edit::new("e.json", comma..comma + 1, "");
        let b = Edit::new("e.json", 6..7, "b");
        assert_eq!(
            apply_edits(text, &[&a, &b]).unwrap(),
            "{\r\n  \"b\": 1\r\n}\r\n"
        );
    }

    #[test]
    fn overlapping_or_out_of_range_edits_are_refused() {
        let a = Edit::new("f", 0..3, "x");
        let b = Edit::new("f", 2..4, "y");
        assert!(matches!(
            apply_edits("abcdef", &[&a, &b]),
            Err(EditError::Overlap { .. })
        ));
        let far = Edit::new("f", 4..9, "");
        assert!(matches!(
            apply_edits("abc", &[&far]),
            Err(EditError::OutOfRange { .. })
        ));
        let split = Edit::new("f", 1..2, "");
        assert!(apply_edits("é", &[&split]).is_err());
        // Adjacent edits are fine; two insertions at one place are not.
        let c = Edit::new("f", 3..4, "");
        assert_eq!(apply_edits("abcdef", &[&a, &c]).unwrap(), "xef");
        let i1 = Edit::new("f", 1..1, "x");
        let i2 = Edit::new("f", 1..1, "y");
        assert!(apply_edits("ab", &[&i1, &i2]).is_err());
    }

    #[test]
    fn unsafe_fixes_apply_only_when_asked() {
        let fix = Fix::unsafe_("rename", vec![]);
        assert!(!fix.applies_at(Safety::Safe));
        assert!(fix.applies_at(Safety::Unsafe));
        assert!(Fix::safe("x", vec![]).applies_at(Safety::Safe));
    }
}
