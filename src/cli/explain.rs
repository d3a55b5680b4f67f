//! The `explain` command: what a code means, or the list of every code.

use super::EXIT_OK;
use super::terminal::write_stdout;
use crate::diag::{RULES, rule};
use crate::error::FatalError;

pub(super) fn explain(code: Option<&str>) -> Result<u8, FatalError> {
    let text = match code {
        Some(code) => {
            let rule = rule(code).ok_or_else(|| FatalError::UnknownCode {
                code: code.to_owned(),
            })?;
            format!(
                "{}\n\n{}\n",
                rule.docs.trim_end(),
                crate::diag::fix::explain_line(rule.code)
            )
        }
        None => {
            let mut text = String::new();
            let name_width = RULES.iter().map(|r| r.name.len()).max().unwrap_or(0);
            for r in RULES.iter() {
                text.push_str(&format!(
                    "{}  {:<8} {:<name_width$}  {}\n",
                    r.code,
                    r.severity.as_str(),
                    r.name,
                    r.summary
                ));
            }
            text.push_str(
                "\n`extpack explain CODE` (or its name) shows what a code checks, why, an example and the fix.\n",
            );
            text
        }
    };
    write_stdout(text.as_bytes())?;
    Ok(EXIT_OK)
}
