//! The three platforms an extension can target, chosen by the manifest's `platform` key.

use std::fmt;

use crate::diag::{Diagnostic, Edit, Fix, Rule, codes};
use crate::manifest::Manifest;

/// The code of this stage: no known platform stops every later check.
pub static CODES: &[&Rule] = &[&codes::EP101];

/// Where an extension runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Platform {
    Web,
    Edge,
    Mobile,
}

impl Platform {
    pub const ALL: [Platform; 3] = [Platform::Web, Platform::Edge, Platform::Mobile];

    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Web => "web",
            Platform::Edge => "edge",
            Platform::Mobile => "mobile",
        }
    }

    /// The name with its indefinite article: `a web`, `an edge`, `a mobile`.
    pub fn with_article(self) -> &'static str {
        match self {
            Platform::Web => "a web",
            Platform::Edge => "an edge",
            Platform::Mobile => "a mobile",
        }
    }

    pub fn from_name(name: &str) -> Option<Platform> {
        Platform::ALL.into_iter().find(|p| p.as_str() == name)
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The manifest's platform, or the one finding that says why it has none. Nothing else is
/// checked without a platform: every rule depends on it.
pub fn detect(manifest: &Manifest) -> Result<Platform, Box<Diagnostic>> {
    const HELP: &str = "set `\"platform\"` to \"web\" (Tags in browsers), \"edge\" (event forwarding) or \"mobile\"; it selects every other rule, so nothing else was checked";
    let diagnostic = |message: String| {
        Diagnostic::new(&codes::EP101, manifest.file.name(), message).pointer("/platform")
    };
    match manifest.get("/platform") {
        None => Err(Box::new(
            diagnostic(
                "`platform` is missing; it must be one of `web`, `edge`, `mobile`".to_owned(),
            )
            .at(manifest
                .value_location("")
                .first_line()
                .with_label("no `platform` key in this object"))
            .help(HELP),
        )),
        Some(value) => {
            if let Some(p) = value.as_str().and_then(Platform::from_name) {
                return Ok(p);
            }
            let found = value.to_string();
            let mut help = HELP.to_owned();
            let meant = value
                .as_str()
                .and_then(|s| Platform::from_name(&s.trim().to_ascii_lowercase()));
            if let Some(p) = meant {
                help = format!("did you mean `\"{p}\"`? Platform names are lowercase");
            }
            let at = manifest.value_location("/platform");
            let fix = meant.map(|p| {
                Fix::safe(
                    format!("write `\"{p}\"`"),
                    vec![Edit::new(
                        crate::source::MANIFEST_NAME,
                        at.range.clone(),
                        format!("\"{p}\""),
                    )],
                )
            });
            let d = diagnostic(format!(
                "`platform` must be one of `web`, `edge`, `mobile`; found `{found}`"
            ))
            .at(at.with_label("expected \"web\", \"edge\" or \"mobile\""))
            .help(help);
            Err(Box::new(match fix {
                Some(fix) => d.fix(fix),
                None => d,
            }))
        }
    }
}
