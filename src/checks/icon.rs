//! The icon is SVG content: the catalog shows it as an SVG image, and the schema only looks
//! at the name's `.svg`.

use super::{Check, Context};
use crate::diag::{Diagnostic, Rule, codes};
use crate::markup::svg::{Sniffed, sniff};
use crate::references::{ReferenceKind, Resolution};

/// Checks the file `iconPath` names.
pub struct IconCheck;

impl Check for IconCheck {
    fn codes(&self) -> &'static [&'static Rule] {
        static CODES: &[&Rule] = &[&codes::EP208];
        CODES
    }

    fn run(&self, cx: &Context<'_>) -> Vec<Diagnostic> {
        cx.references
            .iter()
            .zip(cx.resolutions)
            .filter(|(r, res)| r.kind == ReferenceKind::Icon && **res == Resolution::Found)
            .filter_map(|(r, _)| {
                let path = r.path.as_ref().ok()?;
                // A file that cannot be read is reported where reading is.
                let bytes = cx.source.read(path).ok()?;
                let what = match sniff(&bytes) {
                    Sniffed::Svg => return None,
                    Sniffed::Empty => "an empty file".to_owned(),
                    Sniffed::Binary(format) => format!("a {format} file"),
                    Sniffed::Html => "an HTML page".to_owned(),
                    Sniffed::Other(start) => format!("a file that starts with `{start}`"),
                };
                Some(not_svg(cx, &r.raw, &r.pointer, &what))
            })
            .collect()
    }
}

/// EP208: the icon is `what` instead of SVG.
fn not_svg(cx: &Context<'_>, raw: &str, pointer: &str, what: &str) -> Diagnostic {
    Diagnostic::new(
        &codes::EP208,
        cx.manifest.file.name(),
        format!("the icon `{raw}` (`iconPath`) is not SVG content: it is {what}"),
    )
    .at_pointer(cx.manifest, pointer, "not an SVG image")
    .help("the catalog shows the icon as an SVG image, whatever its name: export it as plain SVG (an `<svg>` root element, not compressed) and save it under this name")
}
