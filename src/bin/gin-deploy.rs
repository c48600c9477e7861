//! `gin-deploy`: the playground's core as a command, for teams that commit their
//! design file and regenerate the bundle in CI.
//!
//! ```text
//! gin-deploy generate DESIGN_FILE --out DIR   write the bundle, exactly as the app's zip holds it
//! gin-deploy validate [--format text|json] [--kubernetes 1.37] FILE...
//!                                             check Dockerfiles (by name) and Kubernetes YAML;
//!                                             exit 1 when any error is found
//! gin-deploy schema                           print the design file's JSON Schema
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use gin_deploy::bundle::{render, GeneratedFile};
use gin_deploy::design_file::parse_design;
use gin_deploy::validate::bundle::validate_input;
use gin_deploy::validate::Severity;

const USAGE: &str = "usage:
  gin-deploy generate DESIGN_FILE --out DIR
  gin-deploy validate [--format text|json] [--kubernetes 1.37] FILE...
  gin-deploy schema";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("generate") => generate(&args[1..]),
        Some("schema") if args.len() == 1 => schema(),
        Some("validate") => return validate(&args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(format!("unrecognised arguments\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("gin-deploy: {message}");
            ExitCode::FAILURE
        }
    }
}

fn generate(args: &[String]) -> Result<(), String> {
    let (design_path, out) = match args {
        [design, flag, out] if flag == "--out" => (PathBuf::from(design), PathBuf::from(out)),
        [flag, out, design] if flag == "--out" => (PathBuf::from(design), PathBuf::from(out)),
        _ => {
            return Err(format!(
                "generate needs a design file and --out DIR\n{USAGE}"
            ))
        }
    };
    let text = std::fs::read_to_string(&design_path)
        .map_err(|e| format!("cannot read {}: {e}", design_path.display()))?;
    let design = parse_design(&text).map_err(|e| format!("{}: {e}", design_path.display()))?;
    let files = render(&design);
    write_files(&files, &out)?;
    println!("wrote {} files to {}", files.len(), out.display());
    Ok(())
}

/// Writes each file under `out`, creating folders as needed.
fn write_files(files: &[GeneratedFile], out: &Path) -> Result<(), String> {
    for file in files {
        let path = out.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, &file.contents)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

/// Validates files; exit 0 when no error was found, 1 when one was, 2 on bad usage or
/// an unreadable file.
fn validate(args: &[String]) -> ExitCode {
    let mut json = false;
    let mut version = "1.37".to_owned();
    let mut paths = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--format" => match rest.next().map(String::as_str) {
                Some("json") => json = true,
                Some("text") => json = false,
                other => {
                    return usage_error(&format!("--format takes text or json, not {other:?}"))
                }
            },
            "--kubernetes" => match rest.next() {
                Some(v) => version = v.clone(),
                None => return usage_error("--kubernetes needs a version such as 1.37"),
            },
            path => paths.push(path.to_owned()),
        }
    }
    if paths.is_empty() {
        return usage_error("validate needs at least one file");
    }
    let mut all = Vec::new();
    for path in &paths {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("gin-deploy: cannot read {path}: {e}");
                return ExitCode::from(2);
            }
        };
        let (_, found) = validate_input(path, &text, &version);
        all.extend(found);
    }
    let errors = all.iter().filter(|d| d.severity == Severity::Error).count();
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&all).unwrap_or_else(|_| "[]".into())
        );
    } else {
        for d in &all {
            println!("{}", d.to_line());
            if let Some(fix) = &d.fix {
                println!("    fix: {}", fix.description);
            }
        }
        let warnings = all
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count();
        println!(
            "{} file(s): {errors} error(s), {warnings} warning(s), {} info",
            paths.len(),
            all.len() - errors - warnings
        );
    }
    if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("gin-deploy: {message}\n{USAGE}");
    ExitCode::from(2)
}

fn schema() -> Result<(), String> {
    let schema = schemars::schema_for!(gin_deploy::model::Design);
    let text = serde_json::to_string_pretty(&schema).map_err(|e| e.to_string())?;
    println!("{text}");
    Ok(())
}
