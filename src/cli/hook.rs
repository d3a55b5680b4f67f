//! `extpack hook install` writes a git pre-commit hook; `extpack hook run [FILES]` checks the
//! extensions that the given (or the staged) files belong to. The `.pre-commit-hooks.yaml` at
//! the repository root runs the same command for the pre-commit framework.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{CommonArgs, EXIT_OK, check_paths, write_stdout};
use crate::discover;
use crate::error::FatalError;
use crate::references::Views;
use crate::render::Format;

/// The hook script `extpack hook install` writes.
pub const HOOK_SCRIPT: &str = "#!/bin/sh
# Installed by `extpack hook install`: checks the extensions that the staged files belong to.
# Skip it once with `git commit --no-verify`.
if command -v extpack >/dev/null 2>&1; then
  exec extpack hook run
fi
exec npx --no-install extpack hook run
";

#[derive(Debug, clap::Subcommand)]
pub enum HookAction {
    /// Write a pre-commit hook into the current git repository (never replacing a different
    /// existing hook unless --force).
    Install {
        /// Replace an existing pre-commit hook.
        #[arg(long)]
        force: bool,
    },
    /// Check the extensions the given files belong to; without files, those of the files
    /// staged for commit (`git diff --cached`).
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
        HookAction::Run {
            files,
            format,
            common,
        } => run_hook(files, *format, common),
    }
}

fn git(args: &[&str]) -> Result<Vec<u8>, FatalError> {
    let output = Command::new("git")
        .args(args)
        .output()
        .map_err(|source| FatalError::Git {
            message: format!("cannot run git: {source}"),
        })?;
    if !output.status.success() {
        return Err(FatalError::Git {
            message: String::from_utf8_lossy(&output.stderr).trim().to_owned(),
        });
    }
    Ok(output.stdout)
}

fn git_line(args: &[&str]) -> Result<PathBuf, FatalError> {
    let out = git(args)?;
    Ok(PathBuf::from(String::from_utf8_lossy(&out).trim()))
}

fn install(force: bool) -> Result<u8, FatalError> {
    let hook = git_line(&["rev-parse", "--git-path", "hooks/pre-commit"])?;
    match std::fs::read_to_string(&hook) {
        Ok(existing) if existing == HOOK_SCRIPT => {
            write_stdout(
                format!(
                    "the extpack hook is already installed: {}\n",
                    hook.display()
                )
                .as_bytes(),
            )?;
            return Ok(EXIT_OK);
        }
        Ok(_) if !force => {
            return Err(FatalError::HookExists { path: hook });
        }
        _ => {}
    }
    if let Some(dir) = hook.parent() {
        std::fs::create_dir_all(dir).map_err(|source| FatalError::Write {
            path: dir.to_owned(),
            source,
        })?;
    }
    super::write_atomically(&hook, HOOK_SCRIPT.as_bytes())?;
    make_executable(&hook)?;
    write_stdout(
        format!(
            "installed the extpack pre-commit hook: {}\n",
            hook.display()
        )
        .as_bytes(),
    )?;
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

fn run_hook(
    files: &[PathBuf],
    format: Option<Format>,
    common: &CommonArgs,
) -> Result<u8, FatalError> {
    let (root, files) = if files.is_empty() {
        let top = git_line(&["rev-parse", "--show-toplevel"])?;
        let staged = git(&[
            "diff",
            "--cached",
            "--name-only",
            "--diff-filter=ACMR",
            "-z",
        ])?;
        let files: Vec<PathBuf> = staged
            .split(|b| *b == 0)
            .filter(|f| !f.is_empty())
            .map(|f| top.join(String::from_utf8_lossy(f).as_ref()))
            .collect();
        (top, files)
    } else {
        let cwd = std::env::current_dir().map_err(|source| FatalError::Read {
            path: PathBuf::from("."),
            source,
        })?;
        (cwd.clone(), files.iter().map(|f| cwd.join(f)).collect())
    };
    let extensions = discover::extensions_of(&root, &files);
    if extensions.is_empty() {
        return Ok(EXIT_OK);
    }
    // Shown relative to the current folder (git runs hooks from the top of the work tree),
    // as a user would type them.
    let cwd = std::env::current_dir().unwrap_or_default();
    let paths: Vec<PathBuf> = extensions
        .iter()
        .map(|e| match e.strip_prefix(&cwd) {
            Ok(r) if r.as_os_str().is_empty() => PathBuf::from("."),
            Ok(r) => r.to_owned(),
            Err(_) => e.clone(),
        })
        .collect();
    // Views that are build output and not built yet are not the commit's fault.
    check_paths(
        &paths,
        common,
        format,
        Views::SkipWhenUnbuilt,
        None,
        false,
        None,
    )
}
