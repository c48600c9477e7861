//! Writing a bundle to disk: all of it or, where that can be known beforehand,
//! nothing; never through a link.
//!
//! `--out` may be a new folder or one that already holds a team's own files (even
//! a repository root). What this promises:
//! - Nothing but the bundle's own paths is ever touched: files at other paths stay,
//!   and `--out` itself is never replaced or removed.
//! - Every file is first written into a temporary folder made for this run, so a
//!   write that fails (a full disk) leaves nothing behind.
//! - A new `--out` appears whole: the temporary folder beside it is renamed to it.
//!   In an existing `--out`, each file is moved into place with a rename, so a
//!   file is always either its old or its new version, never half written; the
//!   temporary folder is then inside `--out`, on the same file system.
//! - No link inside `--out` is followed or replaced. Before anything is written,
//!   every path the bundle would write through or to is checked; a symbolic link
//!   there (a folder `k8s` that links elsewhere, or a `Dockerfile` that does), a
//!   file where a folder is needed or a folder where a file goes refuses the whole
//!   bundle. A link at a file's own place could be replaced by the rename without
//!   following it, but the link is the team's, not ours: replacing it would
//!   silently undo their choice to share that file, so it is refused like the rest.
//!   `--out` itself may be a link: the user named it.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use gin_deploy::bundle::GeneratedFile;

/// Writes `files` under `out`; see the module documentation. The error says what
/// went wrong and what was left as it was.
pub fn write_bundle(files: &[GeneratedFile], out: &Path) -> Result<(), String> {
    // Bundle paths are ours and plain, but nothing may leave `out` even so.
    if let Some(file) = files.iter().find(|f| {
        f.path
            .split('/')
            .any(|part| matches!(part, "" | "." | "..") || part.contains('\\'))
    }) {
        return Err(format!(
            "{} is not a plain relative path; nothing was written",
            file.path
        ));
    }
    match fs::symlink_metadata(out) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => write_new(files, out),
        Err(e) => Err(format!("cannot use {}: {e}", out.display())),
        Ok(_) if out.is_dir() => write_into(files, out),
        Ok(_) => Err(format!(
            "{} is not a folder: --out names the folder the bundle is written to",
            out.display()
        )),
    }
}

/// A new `out`: the bundle is written into a temporary folder beside it, which
/// then becomes `out` in one rename.
fn write_new(files: &[GeneratedFile], out: &Path) -> Result<(), String> {
    let name = out
        .file_name()
        .ok_or_else(|| format!("{} does not name a folder", out.display()))?;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    let temp = Temp::create(&parent, &format!(".{}", name.to_string_lossy()))?;
    temp.fill(files)?;
    fs::rename(&temp.path, out).map_err(|e| {
        format!(
            "cannot move the bundle into {}: {e}; nothing was written there",
            out.display()
        )
    })?;
    temp.kept();
    Ok(())
}

/// An existing `out`: every path is checked, the bundle is written into a
/// temporary folder inside `out`, and each file is renamed into place.
fn write_into(files: &[GeneratedFile], out: &Path) -> Result<(), String> {
    let mut refusals = Vec::new();
    for file in files {
        if let Err(refusal) = check_path(out, &file.path) {
            if !refusals.contains(&refusal) {
                refusals.push(refusal);
            }
        }
    }
    if !refusals.is_empty() {
        return Err(format!(
            "nothing was written to {}:\n  {}",
            out.display(),
            refusals.join("\n  ")
        ));
    }
    // Inside `out`, so each rename stays on one file system.
    let temp = Temp::create(out, "")?;
    temp.fill(files)?;
    for (done, file) in files.iter().enumerate() {
        let moved = make_folders(out, &file.path).and_then(|target| {
            fs::rename(temp.path.join(&file.path), &target)
                .map_err(|e| format!("cannot move {} into place: {e}", target.display()))
        });
        if let Err(message) = moved {
            return Err(format!(
                "{message}; {done} of {} files were updated before it, the others were left as they were",
                files.len()
            ));
        }
    }
    Ok(())
}

/// Why writing `relative` under `out` is refused, if it is: a link, a file where a
/// folder is needed, or a folder where the file goes. Paths that do not exist yet
/// are fine.
fn check_path(out: &Path, relative: &str) -> Result<(), String> {
    let mut at = out.to_path_buf();
    let parts: Vec<&str> = relative.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        at.push(part);
        let last = i + 1 == parts.len();
        let kind = match fs::symlink_metadata(&at) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(format!("cannot look at {}: {e}", at.display())),
            Ok(meta) => meta.file_type(),
        };
        if kind.is_symlink() {
            let target = fs::read_link(&at)
                .map(|t| format!(" (to {})", t.display()))
                .unwrap_or_default();
            let role = if last {
                "the bundle writes its file there"
            } else {
                "the bundle writes files inside it"
            };
            return Err(format!(
                "{} is a symbolic link{target}, and {role}: gin-deploy neither follows nor replaces links inside --out; remove the link or choose another --out",
                at.display()
            ));
        }
        if last && kind.is_dir() {
            return Err(format!(
                "{} is a folder where the bundle writes a file: move it away or choose another --out",
                at.display()
            ));
        }
        if !last && !kind.is_dir() {
            return Err(format!(
                "{} is a file where the bundle needs a folder: move it away or choose another --out",
                at.display()
            ));
        }
    }
    Ok(())
}

/// Creates the folders `relative` needs under `out`, each one checked again as it
/// is reached (not followed if it became a link since), and returns the file's path.
fn make_folders(out: &Path, relative: &str) -> Result<PathBuf, String> {
    let mut at = out.to_path_buf();
    let mut parts = relative.split('/').peekable();
    while let Some(part) = parts.next() {
        at.push(part);
        if parts.peek().is_none() {
            break;
        }
        match fs::symlink_metadata(&at) {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => return Err(format!("{} is no longer a folder", at.display())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                fs::create_dir(&at).map_err(|e| format!("cannot create {}: {e}", at.display()))?
            }
            Err(e) => return Err(format!("cannot look at {}: {e}", at.display())),
        }
    }
    Ok(at)
}

/// A folder made for this run, removed when dropped unless kept.
struct Temp {
    path: PathBuf,
    keep: bool,
}

impl Temp {
    /// A new, empty folder in `parent`, hidden, named `<prefix>.gin-deploy-<pid>-<n>.tmp`.
    fn create(parent: &Path, prefix: &str) -> Result<Temp, String> {
        let pid = std::process::id();
        for attempt in 0..100 {
            let path = parent.join(format!("{prefix}.gin-deploy-{pid}-{attempt}.tmp"));
            match fs::create_dir(&path) {
                Ok(()) => return Ok(Temp { path, keep: false }),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => {
                    return Err(format!(
                        "cannot create a temporary folder in {}: {e}; nothing was written",
                        parent.display()
                    ))
                }
            }
        }
        Err(format!(
            "cannot create a temporary folder in {}: every name is taken; nothing was written",
            parent.display()
        ))
    }

    /// Writes every file into the folder; on failure nothing is left of it.
    fn fill(&self, files: &[GeneratedFile]) -> Result<(), String> {
        for file in files {
            let path = self.path.join(&file.path);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).map_err(|e| {
                    format!("cannot create a temporary folder: {e}; nothing was written")
                })?;
            }
            fs::write(&path, &file.contents)
                .map_err(|e| format!("cannot write {}: {e}; nothing was written", file.path))?;
        }
        Ok(())
    }

    /// The folder became the bundle: it is not to be removed.
    fn kept(mut self) {
        self.keep = true;
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        if !self.keep {
            // Ours alone, and `remove_dir_all` does not follow links.
            let _ = fs::remove_dir_all(&self.path);
        }
    }
}
