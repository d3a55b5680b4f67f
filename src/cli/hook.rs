//! `extpack hook install` writes a git pre-commit hook, `extpack hook uninstall` removes it;
//! `extpack hook run [FILES]` checks the extensions that the given (or the staged) files
//! belong to. The `.pre-commit-hooks.yaml` at the repository root runs the same command for
//! the pre-commit framework.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::check::CheckRun;
use super::{CommonArgs, EXIT_OK, check_paths, write_stdout};
use crate::analysis::{Checked, analyze_staged, check_path_reading};
use crate::discover;
use crate::error::FatalError;
use crate::output::Inputs;
use crate::references::Views;
use crate::render::Format;
use crate::source::git::git_output;
use crate::source::{GitIndex, MANIFEST_NAME};

/// The line that tells extpack's own hook from any other.
const MARKER: &str = "# Installed by `extpack hook install`";

/// The name an existing hook is kept under by `hook install --force` (as the pre-commit
/// framework names it), run before extpack and put back by `hook uninstall`.
const LEGACY: &str = "pre-commit.legacy";

/// The line a blocked commit ends with.
const STOPPED: &str = "extpack stopped the commit: fix what is reported above and stage the fix, \
or commit once without this check with `git commit --no-verify`";

#[derive(Debug, clap::Subcommand)]
pub enum HookAction {
    /// Write a pre-commit hook into the current git repository. A different existing hook
    /// is never replaced: with --force it is kept as pre-commit.legacy and runs first.
    Install {
        /// Keep an existing pre-commit hook as pre-commit.legacy, run before extpack's.
        #[arg(long)]
        force: bool,
    },
    /// Remove extpack's pre-commit hook, and put back the one `install --force` kept.
    Uninstall,
    /// Check the extensions the given files belong to, as they are in the working tree;
    /// without files, those of the files staged for commit, as staged (the git index).
    Run {
        /// Changed files (the pre-commit framework passes them).
        files: Vec<PathBuf>,
        /// Output format [default: human; github in GitHub Actions].
        #[arg(long, value_enum)]
        format: Option<Format>,
        #[command(flatten)]
        common: CommonArgs,
    },
}

pub fn run(action: &HookAction) -> Result<u8, FatalError> {
    match action {
        HookAction::Install { force } => install(*force),
        HookAction::Uninstall => uninstall(),
        HookAction::Run {
            files,
            format,
            common,
        } => {
            let code = run_hook(files, *format, common)?;
            if code != EXIT_OK {
                // Nothing more can be done if standard error is gone.
                let _ = writeln!(std::io::stderr(), "{STOPPED}");
            }
            Ok(code)
        }
    }
}

fn git_line(args: &[&str]) -> Result<PathBuf, FatalError> {
    let out = git_output(Path::new("."), args)?;
    Ok(PathBuf::from(String::from_utf8_lossy(&out).trim()))
}

/// `text` quoted for sh: inside single quotes, with `'` written as `'\''`.
fn sh_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// The hook script. It runs the hook kept by `install --force` first, then extpack: from
/// `PATH`; else from `node_modules` where `package.json` lists extpack; else the binary that
/// installed the hook (`installer`); else it says what is missing, in one line.
pub fn script(installer: Option<&Path>) -> String {
    let mut text = format!(
        "#!/bin/sh
{MARKER}: checks the extensions that the staged files belong to, as staged.
# Skip it once with `git commit --no-verify`; remove it with `extpack hook uninstall`.
hooks=$(dirname \"$0\")
if [ -x \"$hooks/{LEGACY}\" ]; then
  \"$hooks/{LEGACY}\" \"$@\" || exit $?
fi
if command -v extpack >/dev/null 2>&1; then
  exec extpack hook run
fi
listed=no
if [ -f package.json ] && grep -q '\"extpack\"' package.json; then
  listed=yes
  if [ -x node_modules/.bin/extpack ]; then
    exec node_modules/.bin/extpack hook run
  fi
fi
"
    );
    if let Some(path) = installer {
        let quoted = sh_quote(&path.to_string_lossy());
        text.push_str(&format!(
            "if [ -x {quoted} ]; then\n  exec {quoted} hook run\nfi\n"
        ));
    }
    text.push_str(
        "if [ $listed = yes ]; then
  echo 'extpack: package.json lists extpack but it is not installed: run `npm install` (or commit once without the check: `git commit --no-verify`)' >&2
else
  echo 'extpack: not found (not on PATH, not in package.json): install it with `npm install --save-dev extpack` or `cargo install extpack`, or remove the hook with `rm \"$(git rev-parse --git-path hooks/pre-commit)\"`; `git commit --no-verify` commits once without it' >&2
fi
exit 1
",
    );
    text
}

/// Where `extpack` is on `PATH`, if it is.
fn on_path() -> Option<PathBuf> {
    let name = if cfg!(windows) {
        "extpack.exe"
    } else {
        "extpack"
    };
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

fn hook_paths() -> Result<(PathBuf, PathBuf), FatalError> {
    let hook = git_line(&["rev-parse", "--git-path", "hooks/pre-commit"])?;
    let legacy = hook.with_file_name(LEGACY);
    Ok((hook, legacy))
}

fn is_ours(text: &str) -> bool {
    text.lines().nth(1).is_some_and(|l| l.starts_with(MARKER))
}

fn rename(from: &Path, to: &Path) -> Result<(), FatalError> {
    std::fs::rename(from, to).map_err(|source| FatalError::Write {
        path: to.to_owned(),
        source,
    })
}

fn install(force: bool) -> Result<u8, FatalError> {
    let (hook, legacy) = hook_paths()?;
    let installer = std::env::current_exe()
        .ok()
        .and_then(|p| std::fs::canonicalize(p).ok());
    let script = script(installer.as_deref());
    let mut said = Vec::new();
    match std::fs::read(&hook) {
        Ok(existing) if existing == script.as_bytes() => {
            write_stdout(
                format!(
                    "the extpack hook is already installed: {}\n",
                    hook.display()
                )
                .as_bytes(),
            )?;
            return Ok(EXIT_OK);
        }
        Ok(existing) if is_ours(&String::from_utf8_lossy(&existing)) => {}
        Ok(_) if !force => return Err(FatalError::HookExists { path: hook }),
        Ok(_) if legacy.exists() => return Err(FatalError::LegacyHookExists { path: legacy }),
        Ok(_) => {
            rename(&hook, &legacy)?;
            said.push(format!(
                "the hook that was there is now {} and runs first; `extpack hook uninstall` puts it back",
                legacy.display()
            ));
        }
        Err(_) => {}
    }
    if let Some(dir) = hook.parent() {
        std::fs::create_dir_all(dir).map_err(|source| FatalError::Write {
            path: dir.to_owned(),
            source,
        })?;
    }
    super::write_atomically(&hook, script.as_bytes())?;
    make_executable(&hook)?;
    let runs = match (on_path(), &installer) {
        (Some(found), _) => format!("it runs `extpack` from PATH ({})", found.display()),
        (None, Some(installer)) => format!(
            "extpack is not on PATH, so it runs {} (the binary that installed it), unless package.json lists extpack",
            installer.display()
        ),
        (None, None) => {
            "it runs `extpack` from PATH, or from node_modules where package.json lists it"
                .to_owned()
        }
    };
    let mut text = format!(
        "installed the extpack pre-commit hook: {}\n{runs}\n",
        hook.display()
    );
    for line in said {
        text.push_str(&line);
        text.push('\n');
    }
    write_stdout(text.as_bytes())?;
    Ok(EXIT_OK)
}

fn uninstall() -> Result<u8, FatalError> {
    let (hook, legacy) = hook_paths()?;
    let mut text = String::new();
    match std::fs::read(&hook) {
        Ok(existing) if is_ours(&String::from_utf8_lossy(&existing)) => {
            std::fs::remove_file(&hook).map_err(|source| FatalError::Write {
                path: hook.clone(),
                source,
            })?;
            text.push_str(&format!(
                "removed the extpack pre-commit hook: {}\n",
                hook.display()
            ));
        }
        Ok(_) => return Err(FatalError::HookNotOurs { path: hook }),
        Err(_) if !legacy.exists() => {
            text.push_str("no extpack pre-commit hook is installed\n");
        }
        Err(_) => {}
    }
    if legacy.exists() {
        rename(&legacy, &hook)?;
        text.push_str(&format!(
            "put back the hook that was there before: {}\n",
            hook.display()
        ));
    }
    write_stdout(text.as_bytes())?;
    Ok(EXIT_OK)
}

fn make_executable(path: &Path) -> Result<(), FatalError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).map_err(
            |source| FatalError::Write {
                path: path.to_owned(),
                source,
            },
        )?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// `path` as the user would type it from `cwd`.
fn shown(path: &Path, cwd: &Path) -> PathBuf {
    match path.strip_prefix(cwd) {
        Ok(r) if r.as_os_str().is_empty() => PathBuf::from("."),
        Ok(r) => r.to_owned(),
        Err(_) => path.to_owned(),
    }
}

fn run_hook(
    files: &[PathBuf],
    format: Option<Format>,
    common: &CommonArgs,
) -> Result<u8, FatalError> {
    let cwd = std::env::current_dir()
        .and_then(std::fs::canonicalize)
        .map_err(|source| FatalError::Read {
            path: PathBuf::from("."),
            source,
        })?;
    // Views that are build output and not built yet are not the commit's fault.
    let views = Views::SkipWhenUnbuilt;
    if !files.is_empty() {
        // The files the pre-commit framework passes, in the working tree (which it has made
        // equal to the index by stashing what is not staged).
        let files: Vec<PathBuf> = files.iter().map(|f| cwd.join(f)).collect();
        let paths: Vec<PathBuf> = discover::extensions_of(&cwd, &files)
            .iter()
            .map(|e| shown(e, &cwd))
            .collect();
        if paths.is_empty() {
            return Ok(EXIT_OK);
        }
        return check_paths(&CheckRun {
            paths: &paths,
            common,
            format,
            views,
            output: None,
            table: false,
            against: None,
            releases: &[],
            skip_flags_accepted: false,
            check_one: &check_path_reading,
        });
    }
    let top = git_line(&["rev-parse", "--show-toplevel"])?;
    // Every staged change, deletions included (a deleted file can break its extension), and
    // a rename as a deletion and an addition (both extensions are checked).
    let changed = git_output(
        &top,
        &["diff", "--cached", "--name-only", "--no-renames", "-z"],
    )?;
    let index = Arc::new(GitIndex::read(&top)?);
    let top = index.top().to_owned();
    let changed: Vec<PathBuf> = changed
        .split(|b| *b == 0)
        .filter(|f| !f.is_empty())
        .map(|f| top.join(String::from_utf8_lossy(f).as_ref()))
        .collect();
    let folder_of = |dir: &Path| -> Option<String> {
        let relative = dir.strip_prefix(&top).ok()?;
        Some(crate::paths::display(relative))
    };
    let staged_manifest = |dir: &Path| {
        folder_of(dir).is_some_and(|folder| {
            let manifest = if folder.is_empty() {
                MANIFEST_NAME.to_owned()
            } else {
                format!("{folder}/{MANIFEST_NAME}")
            };
            index.has_file(&manifest)
        })
    };
    let extensions = discover::extensions_of_with(&top, &changed, &staged_manifest);
    if extensions.is_empty() {
        return Ok(EXIT_OK);
    }
    // Shown relative to the current folder (git runs hooks from the top of the work tree),
    // as a user would type them.
    let folders: HashMap<PathBuf, String> = extensions
        .iter()
        .filter_map(|e| Some((shown(e, &cwd), folder_of(e)?)))
        .collect();
    let paths: Vec<PathBuf> = extensions.iter().map(|e| shown(e, &cwd)).collect();
    let check_staged = |path: &Path, options: &crate::checks::Options<'_>| {
        let folder = folders.get(path).map_or("", String::as_str);
        // The hook writes no file: what the check read needs no keeping.
        analyze_staged(&index.extension(folder, path), options).map(|c| Checked {
            report: c.analysis.report,
            inputs: Inputs::default(),
        })
    };
    check_paths(&CheckRun {
        paths: &paths,
        common,
        format,
        views,
        output: None,
        table: false,
        against: None,
        releases: &[],
        skip_flags_accepted: false,
        check_one: &check_staged,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_quotes_the_installers_path_and_is_recognised() {
        let text = script(Some(Path::new("/opt/it's here/extpack")));
        assert!(text.contains(r"exec '/opt/it'\''s here/extpack' hook run"));
        assert!(is_ours(&text));
        assert!(!is_ours("#!/bin/sh\necho mine\n"));
        assert!(!script(None).contains("/extpack' hook run"));
    }
}
