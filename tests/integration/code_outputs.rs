//! The full human output of every code's trigger fixture, one snapshot per code (as ruff and
//! zizmor keep one per rule), so that a change of wording, span or help shows up in review.

use crate::archive;
use crate::built_folder;
use crate::common::{extpack, root};

/// The human report of a trigger fixture: standard error and output together, with the path
/// of a zip built at test time replaced by a fixed name.
fn human_output(folder: &str) -> (String, i32) {
    let args: Vec<String> = std::fs::read_to_string(root().join(folder).join("args"))
        .map(|text| {
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let built = archive::fixture(&root().join(folder));
    let folder_built = built_folder::fixture(&root().join(folder));
    let target = match (&built, &folder_built) {
        (Some(b), _) => b.path(),
        (None, Some(f)) => f.path(),
        (None, None) => folder,
    };
    let output = extpack()
        .arg("check")
        .args(&args)
        .arg(target)
        .output()
        .unwrap();
    let mut text = String::from_utf8(output.stdout).unwrap();
    text.push_str(&String::from_utf8(output.stderr).unwrap());
    if let Some(built) = &built {
        text = text.replace(built.path(), &format!("{folder}.zip"));
    }
    if let Some(built) = &folder_built {
        text = text.replace(built.path(), folder);
    }
    (text, output.status.code().unwrap_or(-1))
}

#[test]
fn every_code_has_its_full_human_output_pinned() {
    for rule in extpack::diag::RULES.iter() {
        let folder = format!("testdata/checks/{}/trigger", rule.code);
        let (text, code) = human_output(&folder);
        insta::with_settings!({ snapshot_suffix => rule.code, prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!("trigger", format!("exit code {code}\n{text}"));
        });
    }
}
