//! Extension folders built at test time, for fixtures git cannot hold portably: symbolic
//! links and file names with a backslash or a control character.
//!
//! A fixture folder under `testdata/checks/CODE/` that holds `folder.json` is built in a
//! temporary folder and that is checked (the `args` file still applies). The description:
//!
//! ```json
//! {
//!   "from": "testdata/valid/web-minimal",            // copy this folder (crate-relative)
//!   "files": {"src/view/back\\slash.html": "<p>"},   // then write these files
//!   "links": {"src/view/self": "."}                  // and make these symbolic links
//! }
//! ```

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{copy_dir, root};

/// A folder built from a description; removed when dropped.
pub struct BuiltFolder {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl BuiltFolder {
    pub fn path(&self) -> &str {
        self.path.to_str().unwrap()
    }
}

/// The folder `dir/folder.json` describes, built; `None` when there is no such file.
pub fn fixture(dir: &Path) -> Option<BuiltFolder> {
    let text = std::fs::read_to_string(dir.join("folder.json")).ok()?;
    let description: Value = serde_json::from_str(&text).unwrap();
    let temp = tempfile::tempdir().unwrap();
    let path = temp.path().join("ext");
    copy_dir(&root().join(description["from"].as_str().unwrap()), &path);
    for (name, content) in description["files"].as_object().into_iter().flatten() {
        let file = path.join(name);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, content.as_str().unwrap()).unwrap();
    }
    for (name, target) in description["links"].as_object().into_iter().flatten() {
        std::os::unix::fs::symlink(target.as_str().unwrap(), path.join(name)).unwrap();
    }
    Some(BuiltFolder { _dir: temp, path })
}
