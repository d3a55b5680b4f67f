//! Where outputs may go, decided before anything is written: a regular file or nothing at the
//! path, folders (or nothing) above it, no other output of the run at the same place, and no
//! file the run reads or packs there.
//!
//! Places are compared as the file system sees them, not as spelled: an existing output is the
//! same file as an input when both are one device and inode (on Unix; elsewhere when their
//! canonical paths are equal), and two outputs are at one place when their canonical folders
//! and names are equal.

use std::fs::Metadata;
use std::path::{Path, PathBuf};

use super::folder_of;
use crate::source::MANIFEST_NAME;

/// Why an output cannot be written where it was asked to go. Nothing has been written.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum OutputError {
    #[error("`{}` is a folder, so the {what} cannot be written there", path.display())]
    #[diagnostic(help(
        "nothing was written: pass a file name (`-o report.json`, `--report name.json`); with `pack`, a folder given with `-o` receives the archive's default name"
    ))]
    FolderInTheWay { path: PathBuf, what: &'static str },

    #[error("`{}` is {kind}, so the {what} cannot be written there", path.display())]
    #[diagnostic(help(
        "nothing was written: extpack writes an output to a temporary file beside it and renames it into place, which needs a regular file or nothing at that path; pass another path (`check` and `diff` write to standard output without `-o`)"
    ))]
    NotAFile {
        path: PathBuf,
        kind: String,
        what: &'static str,
    },

    #[error("`{}` is a file, so the {what} `{}` cannot be written inside it", parent.display(), path.display())]
    #[diagnostic(help(
        "nothing was written: the folders above an output must be folders (missing ones are created)"
    ))]
    ParentIsAFile {
        path: PathBuf,
        parent: PathBuf,
        what: &'static str,
    },

    #[error("the {first} and the {second} would both be written to `{}`", path.display())]
    #[diagnostic(help("nothing was written: give them different paths"))]
    SameOutput {
        path: PathBuf,
        first: &'static str,
        second: &'static str,
    },

    #[error("{}", overwrites(output, input, what, verb))]
    #[diagnostic(help(
        "nothing was written: extpack never writes over a file it reads or packs; write the {what} to another path"
    ))]
    OverwritesInput {
        output: PathBuf,
        input: PathBuf,
        what: &'static str,
        verb: &'static str,
    },

    #[error("the {what} `{}` would be inside `{}`, the views folder this run packs", path.display(), folder.display())]
    #[diagnostic(help(
        "nothing was written: a file there would be packed into the next archive; write the {what} outside the views folder (`-o dist/`)"
    ))]
    InsidePackedFolder {
        path: PathBuf,
        folder: PathBuf,
        what: &'static str,
    },
}

fn overwrites(output: &Path, input: &Path, what: &str, verb: &str) -> String {
    if output == input {
        format!(
            "the {what} would be written over `{}`, a file this run {verb}",
            input.display()
        )
    } else {
        format!(
            "the {what} `{}` is `{}`, a file this run {verb}",
            output.display(),
            input.display()
        )
    }
}

/// One output of a run.
#[derive(Clone, Copy, Debug)]
pub struct Output<'a> {
    pub path: &'a Path,
    /// What it is, for messages: `archive`, `report`, `output`.
    pub what: &'static str,
}

/// The files a run reads or packs, which none of its outputs may replace.
#[derive(Debug, Default)]
pub struct Inputs {
    files: Vec<(PathBuf, &'static str)>,
}

impl Inputs {
    /// A file the run reads.
    pub fn read(&mut self, path: impl Into<PathBuf>) {
        self.files.push((path.into(), "reads"));
    }

    /// A file the run packs.
    pub fn packed(&mut self, path: impl Into<PathBuf>) {
        self.files.push((path.into(), "packs"));
    }

    /// A release the run reads (`--against`, `diff`): a folder's extension.json, or the file
    /// given (an extension.json or an archive).
    pub fn release(&mut self, path: &Path) {
        if path.is_dir() {
            self.read(path.join(MANIFEST_NAME));
        } else {
            self.read(path);
        }
    }

    /// Every file of `other` too.
    pub fn extend(&mut self, other: Inputs) {
        self.files.extend(other.files);
    }
}

/// Refuses outputs that cannot be written where asked: something other than a regular file at
/// the path, a file where a folder must be, two outputs at one place, or an output that would
/// replace a file the run reads or packs.
pub fn check_outputs(outputs: &[Output<'_>], inputs: &Inputs) -> Result<(), OutputError> {
    for output in outputs {
        check_place(output)?;
    }
    for (i, first) in outputs.iter().enumerate() {
        for second in &outputs[i + 1..] {
            if place(first.path) == place(second.path) {
                return Err(OutputError::SameOutput {
                    path: second.path.to_owned(),
                    first: first.what,
                    second: second.what,
                });
            }
        }
    }
    // Only an output that exists can be an input; most do not, and then no input is looked at.
    let existing: Vec<(&Output<'_>, FileId)> = outputs
        .iter()
        .filter_map(|o| Some((o, FileId::of(o.path)?)))
        .collect();
    if existing.is_empty() {
        return Ok(());
    }
    for (input, verb) in &inputs.files {
        let Some(id) = FileId::of(input) else {
            continue;
        };
        if let Some((output, _)) = existing.iter().find(|(_, o)| *o == id) {
            return Err(OutputError::OverwritesInput {
                output: output.path.to_owned(),
                input: input.clone(),
                what: output.what,
                verb,
            });
        }
    }
    Ok(())
}

/// Where a file is or would be: its folder canonicalised (or made absolute when it does not
/// exist yet) and its name.
pub fn place(path: &Path) -> PathBuf {
    let folder = folder_of(path);
    let folder = std::fs::canonicalize(folder)
        .or_else(|_| std::path::absolute(folder))
        .unwrap_or_else(|_| folder.to_owned());
    match path.file_name() {
        Some(name) => folder.join(name),
        None => folder,
    }
}

/// Refuses a path where no regular file can be put: a folder, a link, a pipe, a socket or a
/// device there, or a file where one of its folders must be.
fn check_place(output: &Output<'_>) -> Result<(), OutputError> {
    let path = output.path;
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_file() => Ok(()),
        Ok(m) if m.is_dir() => Err(OutputError::FolderInTheWay {
            path: path.to_owned(),
            what: output.what,
        }),
        Ok(m) => Err(OutputError::NotAFile {
            path: path.to_owned(),
            kind: kind_of(&m, path),
            what: output.what,
        }),
        Err(_) => check_folders(output),
    }
}

/// Refuses a file where a folder above `output` must be.
fn check_folders(output: &Output<'_>) -> Result<(), OutputError> {
    for folder in output.path.ancestors().skip(1) {
        let folder = if folder.as_os_str().is_empty() {
            Path::new(".")
        } else {
            folder
        };
        match std::fs::metadata(folder) {
            Ok(m) if m.is_dir() => return Ok(()),
            Ok(_) => {
                return Err(OutputError::ParentIsAFile {
                    path: output.path.to_owned(),
                    parent: folder.to_owned(),
                    what: output.what,
                });
            }
            // Not there yet (created when writing), or below a file: look further up.
            Err(_) => {}
        }
    }
    Ok(())
}

/// What a non-regular file is, for a message: "a named pipe (FIFO)", "a symbolic link (to a
/// folder)".
fn kind_of(metadata: &Metadata, path: &Path) -> String {
    let file_type = metadata.file_type();
    if file_type.is_symlink() {
        return match std::fs::metadata(path) {
            Ok(target) if target.is_file() => "a symbolic link (to a file)".to_owned(),
            Ok(target) => format!("a symbolic link (to {})", kind_of(&target, path)),
            Err(_) => "a symbolic link (to nothing)".to_owned(),
        };
    }
    if file_type.is_dir() {
        return "a folder".to_owned();
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)".to_owned();
        }
        if file_type.is_socket() {
            return "a socket".to_owned();
        }
        if file_type.is_char_device() {
            return "a character device".to_owned();
        }
        if file_type.is_block_device() {
            return "a block device".to_owned();
        }
    }
    "not a regular file".to_owned()
}

/// The identity of an existing file, links followed.
#[derive(Debug, PartialEq, Eq)]
struct FileId(#[cfg(unix)] (u64, u64), #[cfg(not(unix))] PathBuf);

impl FileId {
    fn of(path: &Path) -> Option<FileId> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let m = std::fs::metadata(path).ok()?;
            Some(FileId((m.dev(), m.ino())))
        }
        #[cfg(not(unix))]
        {
            std::fs::canonicalize(path).ok().map(FileId)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out<'a>(path: &'a Path, what: &'static str) -> Output<'a> {
        Output { path, what }
    }

    #[test]
    fn an_output_over_an_input_is_refused_however_it_is_spelled() {
        let dir = tempfile::tempdir().unwrap();
        let ext = dir.path().join("ext");
        std::fs::create_dir(&ext).unwrap();
        std::fs::write(ext.join("extension.json"), "{}").unwrap();
        let mut inputs = Inputs::default();
        inputs.release(&ext);
        let spelled = dir.path().join("ext/../ext/./extension.json");
        let error = check_outputs(&[out(&spelled, "report")], &inputs).unwrap_err();
        assert!(
            matches!(&error, OutputError::OverwritesInput { verb: "reads", .. }),
            "{error:?}"
        );
        assert!(
            error.to_string().contains("a file this run reads"),
            "{error}"
        );
        // Beside it is fine, and so is a path that does not exist yet.
        let beside = ext.join("report.json");
        check_outputs(&[out(&beside, "report")], &inputs).unwrap();
        std::fs::write(&beside, "old").unwrap();
        check_outputs(&[out(&beside, "report")], &inputs).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn links_pipes_and_files_in_the_way_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("plain");
        std::fs::write(&file, "x").unwrap();
        let link = dir.path().join("link.zip");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        let inputs = Inputs::default();
        let error = check_outputs(&[out(&link, "archive")], &inputs).unwrap_err();
        assert!(
            error.to_string().contains("is a symbolic link (to a file)"),
            "{error}"
        );
        let inside = file.join("deeper/x.zip");
        let error = check_outputs(&[out(&inside, "archive")], &inputs).unwrap_err();
        assert!(
            matches!(error, OutputError::ParentIsAFile { .. }),
            "{error}"
        );
        let error = check_outputs(&[out(Path::new("/dev/null"), "output")], &inputs).unwrap_err();
        assert!(
            error.to_string().contains("is a character device"),
            "{error}"
        );
    }

    #[test]
    fn two_outputs_at_one_place_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("x.zip");
        let b = dir.path().join("sub/../x.zip");
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let error = check_outputs(&[out(&a, "archive"), out(&b, "report")], &Inputs::default())
            .unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("the archive and the report would both be written to"),
            "{error}"
        );
    }
}
