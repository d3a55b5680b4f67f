//! The previous release that `diff` and `check --against` compare with: opened and parsed
//! once per run, before any extension is checked. Comparing is [`crate::diff`]'s; this module
//! only loads and tells whether two sides are the same extension.

use std::path::Path;

use crate::diff::{Release, Side};
use crate::error::FatalError;
use crate::manifest;
use crate::source::{self, MANIFEST_NAME};

/// Opens the extension at `path` (a folder or a zip archive) and parses its
/// manifest. A release to compare with must be usable: a manifest that cannot be parsed, or
/// lacks `name`, `platform` or `version`, is a [`FatalError`], since comparing with half a
/// release would pass changes that break.
pub fn load(path: &Path) -> Result<Release, FatalError> {
    let source = source::open(path)?;
    let display = source.display_path(MANIFEST_NAME);
    let loaded = manifest::load(&*source)?;
    let unusable = |reason: String| FatalError::UnusableManifest {
        path: display.clone(),
        reason,
    };
    let Some(manifest) = loaded.manifest else {
        let reason = loaded.diagnostics.first().map_or_else(
            || "no usable extension.json".to_owned(),
            |d| d.message.clone(),
        );
        return Err(unusable(reason));
    };
    let field = |key: &str| {
        manifest
            .top_level_str(key)
            .map(str::to_owned)
            .ok_or_else(|| unusable(format!("extension.json has no string `{key}`")))
    };
    let side = Side {
        path: source.display_root().to_owned(),
        name: field("name")?,
        platform: field("platform")?,
        version: field("version")?,
    };
    Ok(Release { side, manifest })
}

/// Fails unless both sides are the same extension (`name` and `platform`).
pub fn same_extension(old: &Side, new: &Side) -> Result<(), FatalError> {
    if old.is_same_extension(new) {
        Ok(())
    } else {
        Err(FatalError::DifferentExtensions {
            old: Box::new(old.clone()),
            new: Box::new(new.clone()),
        })
    }
}
