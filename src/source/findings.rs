//! The words of a folder's own findings: what the walk of a folder found that no archive can
//! hold as it is (EP210, EP211).

use crate::diag::{Diagnostic, codes};

/// EP210: a symbolic link to a folder that holds it.
pub(super) fn link_to_ancestor(shown: &str) -> Diagnostic {
    Diagnostic::new(
        &codes::EP210,
        shown,
        "a link to a folder that holds it: a loop, so it was not followed",
    )
    .help("remove the link; to share files between extensions, copy them in a build step")
}

/// EP211: a file name that cannot be stored safely in the archive.
pub(super) fn unsafe_name(shown: &str, why: &str) -> Diagnostic {
    Diagnostic::new(
        &codes::EP211,
        shown,
        format!("its name {why}, so it cannot be stored safely in the archive"),
    )
    .help("rename it with letters, digits, `-`, `_` and `.`; a backslash is read as a folder separator, and `extpack pack` refuses such a name")
}
