//! `gin-deploy import DIR`: a team's Gin project read into a deploy-only design.

use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use gin_deploy::design_file::write_design;
use gin_deploy::goproject::design::to_design;
use gin_deploy::goproject::{read_project, skipped_folder, Intake, SourceFile};

/// Reads the project in the folder: the design on stdout, what could not be resolved
/// and what the design leaves out on stderr. Exit 0 when a Gin router was found, 1
/// when not, 2 on bad usage or a folder that cannot be read.
pub fn import(args: &[OsString], usage: &str) -> ExitCode {
    let dir = match args {
        [dir] if !dir.to_string_lossy().starts_with('-') => PathBuf::from(dir),
        _ => {
            eprintln!("gin-deploy: import needs one folder\n{usage}");
            return ExitCode::from(2);
        }
    };
    if !dir.is_dir() {
        eprintln!("gin-deploy: {} is not a folder", dir.display());
        return ExitCode::from(2);
    }
    let mut intake = Intake::default();
    let mut files = Vec::new();
    if let Err(message) = collect(&dir, &dir, &mut intake, &mut files) {
        eprintln!("gin-deploy: {message}");
        return ExitCode::from(2);
    }
    for skipped in &intake.skipped {
        eprintln!("gin-deploy: skipped: {skipped}");
    }
    let project = read_project(&files);
    for u in &project.unresolved {
        match u.line {
            0 => eprintln!("gin-deploy: unresolved: {}: {}", u.file, u.what),
            line => eprintln!("gin-deploy: unresolved: {}:{line}: {}", u.file, u.what),
        }
    }
    if !project.found_router() {
        eprintln!(
            "gin-deploy: no Gin router was found in {} ({} Go files read)",
            dir.display(),
            project.files_read
        );
        return ExitCode::FAILURE;
    }
    let folder = dir
        .canonicalize()
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let imported = to_design(&project, &folder);
    for note in &imported.notes {
        eprintln!("gin-deploy: note: {note}");
    }
    eprintln!(
        "gin-deploy: {} routes from {} Go files, main package {}",
        project.routes.len(),
        project.files_read,
        project.main_package.as_deref().unwrap_or(".")
    );
    print!("{}", write_design(&imported.design));
    ExitCode::SUCCESS
}

/// Every file of the project the reader wants, skipped folders never entered and
/// links never followed.
fn collect(
    root: &Path,
    dir: &Path,
    intake: &mut Intake,
    files: &mut Vec<SourceFile>,
) -> Result<(), String> {
    let cannot =
        |path: &Path, e: &dyn std::fmt::Display| format!("cannot read {}: {e}", path.display());
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| cannot(dir, &e))?
        .filter_map(Result::ok)
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| cannot(&path, &e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if kind.is_dir() {
            if !skipped_folder(&name) {
                collect(root, &path, intake, files)?;
            }
            continue;
        }
        if !kind.is_file() {
            continue;
        }
        let relative = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        let size = entry.metadata().map_err(|e| cannot(&path, &e))?.len();
        if !intake.admit(&relative, size)? {
            continue;
        }
        let mut bytes = Vec::new();
        std::fs::File::open(&path)
            .and_then(|f| {
                f.take(gin_deploy::goproject::MAX_FILE_BYTES + 1)
                    .read_to_end(&mut bytes)
            })
            .map_err(|e| cannot(&path, &e))?;
        // Go sources are UTF-8; a stray byte elsewhere must not stop the reading.
        let text = String::from_utf8_lossy(&bytes).into_owned();
        files.push(SourceFile {
            path: relative,
            text,
        });
    }
    Ok(())
}
