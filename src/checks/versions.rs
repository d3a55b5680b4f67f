//! The manifest's version against the versions already published (`--versions`); the rules
//! live in [`crate::versions`], so that `pack` can apply them without running every check.

use super::{Check, Context};
use crate::diag::{Diagnostic, Rule, codes};

/// Runs the version rules when lists were given.
pub struct VersionsCheck;

impl Check for VersionsCheck {
    fn codes(&self) -> &'static [&'static Rule] {
        static CODES: &[&Rule] = &[
            &codes::EP401,
            &codes::EP402,
            &codes::EP403,
            &codes::EP404,
            &codes::EP405,
            &codes::EP406,
        ];
        CODES
    }

    fn run(&self, cx: &Context<'_>) -> Vec<Diagnostic> {
        cx.options.versions.map_or_else(Vec::new, |list| {
            crate::versions::check(list, cx.manifest, cx.platform)
        })
    }
}
