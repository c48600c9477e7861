//! `gin-deploy`: the playground's core as a command, for teams that commit their
//! design file and regenerate the bundle in CI.
//!
//! ```text
//! gin-deploy generate DESIGN_FILE --out DIR   write the bundle, exactly as the app's zip holds it
//! gin-deploy validate [--format text|json] [--kubernetes 1.37] [--fix] FILE...
//!                                             check Dockerfiles (by name) and Kubernetes YAML;
//!                                             --fix rewrites the lines that have a safe fix;
//!                                             exit 1 when any error is (still) found
//! gin-deploy schema                           print the design file's JSON Schema
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use gin_deploy::bundle::{render, GeneratedFile};
use gin_deploy::design_file::parse_design;
use gin_deploy::validate::bundle::validate_input;
use gin_deploy::validate::{apply_line_fixes, Severity};

const USAGE: &str = "usage:
  gin-deploy generate DESIGN_FILE --out DIR
  gin-deploy validate [--format text|json] [--kubernetes 1.37] [--fix] FILE...
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
    let mut fix = false;
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
            "--fix" => fix = true,
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
        let (_, mut found) = validate_input(path, &text, &version);
        if fix {
            match fix_file(path, text, found, &version) {
                Ok(remaining) => found = remaining,
                Err(message) => {
                    eprintln!("gin-deploy: {message}");
                    return ExitCode::from(2);
                }
            }
        }
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

/// How many rounds of fixing one file may take: a fix can reveal a finding that has
/// a fix of its own on the same line.
const FIX_ROUNDS: usize = 4;

/// Applies the safe line fixes to the file at `path`, writes it back if anything
/// changed (saying so on stderr, so JSON output stays clean) and returns what is
/// still found in it.
fn fix_file(
    path: &str,
    mut text: String,
    mut found: Vec<gin_deploy::validate::Diagnostic>,
    version: &str,
) -> Result<Vec<gin_deploy::validate::Diagnostic>, String> {
    let mut total = 0;
    for _ in 0..FIX_ROUNDS {
        let (fixed, changed) = apply_line_fixes(&text, path, &found);
        if changed == 0 {
            break;
        }
        total += changed;
        text = fixed;
        found = validate_input(path, &text, version).1;
    }
    if total > 0 {
        std::fs::write(path, &text).map_err(|e| format!("cannot write {path}: {e}"))?;
        eprintln!("gin-deploy: fixed {total} line(s) in {path}");
    }
    Ok(found)
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
