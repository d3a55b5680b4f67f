//! Version numbers as the platform orders them: semantic-version precedence, where a
//! prerelease sorts before its release, build metadata is ignored, and a leading `v` (allowed
//! by the manifest's pattern) is not part of the number.

use std::cmp::Ordering;
use std::fmt;

/// A version as written (in a manifest or a list) and the number it stands for.
#[derive(Clone, Debug)]
pub struct VersionNumber {
    /// The text as written, `v` prefix and build metadata included.
    written: String,
    /// The number without its build metadata, so that `Ord` is semver precedence.
    number: semver::Version,
}

impl VersionNumber {
    /// Parses `text`; the error says why it is not a semantic version.
    pub fn parse(text: &str) -> Result<VersionNumber, String> {
        let bare = text.strip_prefix('v').unwrap_or(text);
        let mut number = semver::Version::parse(bare).map_err(|e| e.to_string())?;
        number.build = semver::BuildMetadata::EMPTY;
        Ok(VersionNumber {
            written: text.to_owned(),
            number,
        })
    }

    /// The text as written.
    pub fn written(&self) -> &str {
        &self.written
    }

    /// Semantic-version precedence (build metadata ignored).
    pub fn precedence(&self, other: &VersionNumber) -> Ordering {
        self.number.cmp_precedence(&other.number)
    }

    /// The next patch, minor and major release after this version, written with the `v`
    /// prefix when `with_v`. The next patch of a prerelease is its release (`2.0.0-rc.1` →
    /// `2.0.0`), which already sorts after it.
    pub fn next_releases(&self, with_v: bool) -> NextReleases {
        let n = &self.number;
        let patch = if n.pre.is_empty() {
            semver::Version::new(n.major, n.minor, n.patch + 1)
        } else {
            semver::Version::new(n.major, n.minor, n.patch)
        };
        let minor = semver::Version::new(n.major, n.minor + 1, 0);
        let major = semver::Version::new(n.major + 1, 0, 0);
        let write = |v: semver::Version| {
            if with_v {
                format!("v{v}")
            } else {
                v.to_string()
            }
        };
        NextReleases {
            patch: write(patch),
            minor: write(minor),
            major: write(major),
        }
    }

    /// Whether the text as written starts with `v`.
    pub fn has_v_prefix(&self) -> bool {
        self.written.starts_with('v')
    }
}

impl fmt::Display for VersionNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.written)
    }
}

/// Versions to suggest after a given one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NextReleases {
    pub patch: String,
    pub minor: String,
    pub major: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> VersionNumber {
        VersionNumber::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn a_prerelease_sorts_before_its_release() {
        assert_eq!(v("1.3.0-beta.1").precedence(&v("1.3.0")), Ordering::Less);
        assert_eq!(
            v("1.3.0-alpha").precedence(&v("1.3.0-beta.1")),
            Ordering::Less
        );
        assert_eq!(
            v("1.3.0-beta.2").precedence(&v("1.3.0-beta.10")),
            Ordering::Less
        );
        assert_eq!(v("1.2.9").precedence(&v("1.3.0-alpha")), Ordering::Less);
    }

    #[test]
    fn build_metadata_and_a_leading_v_are_ignored() {
        assert_eq!(v("1.2.0+build.7").precedence(&v("1.2.0")), Ordering::Equal);
        assert_eq!(v("v1.2.0").precedence(&v("1.2.0+zzz")), Ordering::Equal);
        assert_eq!(v("v1.2.0").written(), "v1.2.0");
        assert!(v("v1.2.0").has_v_prefix());
    }

    #[test]
    fn rejects_what_is_not_a_semantic_version() {
        for text in ["1.0", "", "V1.0.0", "1.0.0 ", "vv1.0.0", "01.0.0", "1.0.0-"] {
            assert!(VersionNumber::parse(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn suggests_the_next_patch_minor_and_major() {
        let next = v("1.4.2").next_releases(false);
        assert_eq!(
            next,
            NextReleases {
                patch: "1.4.3".into(),
                minor: "1.5.0".into(),
                major: "2.0.0".into()
            }
        );
        let next = v("2.0.0-rc.1+b").next_releases(true);
        assert_eq!(next.patch, "v2.0.0");
        assert_eq!(next.minor, "v2.1.0");
        assert_eq!(next.major, "v3.0.0");
    }
}
