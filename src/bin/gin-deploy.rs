//! `gin-deploy`: the playground's core as a command, for teams that commit their
//! design file and regenerate the bundle in CI.
//!
//! ```text
//! gin-deploy generate DESIGN_FILE --out DIR   write the bundle, exactly as the app's zip holds it
//! gin-deploy schema                           print the design file's JSON Schema
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use gin_deploy::bundle::{render, GeneratedFile};
use gin_deploy::design_file::parse_design;

const USAGE: &str = "usage:
  gin-deploy generate DESIGN_FILE --out DIR
  gin-deploy schema";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("generate") => generate(&args[1..]),
        Some("schema") if args.len() == 1 => schema(),
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

fn schema() -> Result<(), String> {
    let schema = schemars::schema_for!(gin_deploy::model::Design);
    let text = serde_json::to_string_pretty(&schema).map_err(|e| e.to_string())?;
    println!("{text}");
    Ok(())
}
