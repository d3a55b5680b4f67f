//! Markup extpack reads without a full parser: the start tags of an HTML view (to find the
//! scripts, stylesheets and images it loads) and the first element of an SVG icon. Both are
//! single linear passes that never fail: any text, however broken, gives an answer.

pub mod svg;
pub mod tags;
