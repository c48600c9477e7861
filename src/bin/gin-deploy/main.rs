//! `gin-deploy`: the playground's core as a command, for teams that commit their
//! design file and regenerate the bundle in CI.
//!
//! ```text
//! gin-deploy generate DESIGN_FILE --out DIR [--deploy-only]
//!                                             write the bundle, exactly as the app's zip holds it;
//!                                             --deploy-only: for the team's own Go project, only
//!                                             the files that build and deploy it
//! gin-deploy validate [--format text|json] [--kubernetes 1.37] [--fix] [--] FILE...
//!                                             check Dockerfiles (by name) and Kubernetes YAML;
//!                                             --fix rewrites the lines that have a safe fix
//! gin-deploy schema                           print the design file's JSON Schema
//! gin-deploy migrate FILE...                  Ingress objects as Gateway API objects: YAML on
//!                                             stdout, what is lost or differs on stderr
//! gin-deploy simulate [--format text|json] [--] DESIGN_OR_MANIFESTS METHOD URL
//!                                             one request's way, hop by hop, and its status
//! gin-deploy import PROJECT_DIR               a Gin project's routes, middleware and port as a
//!                                             deploy-only design on stdout; what could not be
//!                                             resolved on stderr
//! ```
//!
//! Every file is read within the budget of its kind ([`Budget::DESIGN`] for a design,
//! [`Budget::STREAM`] for a file to validate): a file over it is refused by its size,
//! or as soon as one byte past the budget arrives from a source that does not tell
//! its size (a pipe, a link to `/dev/zero`), with the message the page gives for the
//! same paste. `generate` writes the bundle as [`write`] describes: all or nothing,
//! never through a link.
//!
//! Exit status: `generate` 0 when written, 1 otherwise; `validate` 0 when no error
//! was found, 1 when one was, 2 on bad usage or a file that could not be read;
//! `migrate` 0 when something was converted, 1 when nothing could be, 2 on bad usage
//! or a file that could not be read; `simulate` 0 when the request was followed
//! (whatever its status), 2 on bad usage or a file that could not be read or used;
//! `import` 0 when a served Gin router was found, 1 when not, 2 on bad usage or a
//! folder that could not be read.

mod import;
mod write;

use std::ffi::OsString;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use gin_deploy::budget::{Budget, ReadError, Size};
use gin_deploy::bundle::render;
use gin_deploy::design_file::read_design;
use gin_deploy::model::Project;
use gin_deploy::validate::bundle::validate_input;
use gin_deploy::validate::{apply_line_fixes, Diagnostic, Severity};

const USAGE: &str = "usage:
  gin-deploy generate DESIGN_FILE --out DIR [--deploy-only]
  gin-deploy validate [--format text|json] [--kubernetes 1.37] [--fix] [--] FILE...
  gin-deploy schema
  gin-deploy migrate FILE...
  gin-deploy simulate [--format text|json] [--] DESIGN_OR_MANIFESTS METHOD URL
  gin-deploy import PROJECT_DIR";

fn main() -> ExitCode {
    // Paths need not be UTF-8; options are.
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    let result = match args.first().and_then(|a| a.to_str()) {
        Some("generate") => generate(&args[1..]),
        Some("schema") if args.len() == 1 => schema(),
        Some("validate") => return validate(&args[1..]),
        Some("migrate") => return migrate(&args[1..]),
        Some("simulate") => return simulate(&args[1..]),
        Some("import") => return import::import(&args[1..], USAGE),
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

/// One command-line word: an option (before `--`) or an operand.
enum Arg<'a> {
    Option(&'a str),
    Operand(&'a OsString),
}

/// Splits options from operands: `--` ends the options, and a lone `-` or any word
/// after `--` is an operand even if it starts with `-`.
fn words(args: &[OsString]) -> impl Iterator<Item = Arg<'_>> {
    let mut options_done = false;
    args.iter().filter_map(move |arg| {
        if options_done {
            return Some(Arg::Operand(arg));
        }
        match arg.to_str() {
            Some("--") => {
                options_done = true;
                None
            }
            Some(word) if word.starts_with('-') && word != "-" => Some(Arg::Option(word)),
            _ => Some(Arg::Operand(arg)),
        }
    })
}

/// The value of an option given as `--name value` or `--name=value`.
fn option_value<'a>(
    word: &'a str,
    name: &str,
    rest: &mut impl Iterator<Item = Arg<'a>>,
) -> Option<Result<String, String>> {
    if word == name {
        Some(match rest.next() {
            Some(Arg::Operand(value)) => Ok(value.to_string_lossy().into_owned()),
            Some(Arg::Option(value)) => Ok(value.to_owned()),
            None => Err(format!("{name} needs a value")),
        })
    } else {
        word.strip_prefix(name)
            .and_then(|v| v.strip_prefix('='))
            .map(|v| Ok(v.to_owned()))
    }
}

fn generate(args: &[OsString]) -> Result<(), String> {
    let mut design_path = None;
    let mut out = None;
    let mut deploy_only = false;
    let mut rest = words(args);
    while let Some(arg) = rest.next() {
        match arg {
            Arg::Option("--deploy-only") => deploy_only = true,
            Arg::Option(word) => match option_value(word, "--out", &mut rest) {
                Some(value) => out = Some(PathBuf::from(value?)),
                None => return Err(format!("unknown option {word:?} for generate\n{USAGE}")),
            },
            Arg::Operand(path) if design_path.is_none() => design_path = Some(PathBuf::from(path)),
            Arg::Operand(extra) => {
                return Err(format!(
                    "generate takes one design file, not also {:?}\n{USAGE}",
                    extra.to_string_lossy()
                ))
            }
        }
    }
    let (Some(design_path), Some(out)) = (design_path, out) else {
        return Err(format!(
            "generate needs a design file and --out DIR\n{USAGE}"
        ));
    };
    let text = read_input(&design_path, &Budget::DESIGN)?;
    let read = read_design(&text).map_err(|e| format!("{}: {e}", design_path.display()))?;
    // The file held values a design never takes: say so, as the page does.
    for note in &read.dropped {
        eprintln!("gin-deploy: note: {}: {note}", design_path.display());
    }
    let mut design = read.design;
    // A design of the team's own project keeps its main package; any other design
    // is taken to be built from the module root.
    if deploy_only && design.project.is_none() {
        design.project = Some(Project::default());
    }
    let files = render(&design);
    write::write_bundle(&files, &out)?;
    match &design.project {
        Some(project) => println!(
            "wrote {} files to {} (deploy-only: no Go files; the Dockerfile builds {})",
            files.len(),
            out.display(),
            project.main_package
        ),
        None => println!("wrote {} files to {}", files.len(), out.display()),
    }
    Ok(())
}

/// Reads a file named on the command line within `budget`: refused by its size when
/// it has one, otherwise one byte past the budget. The message names the file.
fn read_input(path: &Path, budget: &Budget) -> Result<String, String> {
    let shown = path.display().to_string();
    let cannot = |why: &dyn std::fmt::Display| format!("cannot read {shown}: {why}");
    let file = File::open(path).map_err(|e| cannot(&e))?;
    let meta = file.metadata().map_err(|e| cannot(&e))?;
    if meta.is_dir() {
        return Err(cannot(&"it is a folder"));
    }
    if meta.is_file() {
        budget
            .admit(&shown, Size::Exactly(meta.len()))
            .map_err(|e| e.to_string())?;
    }
    budget.read(&shown, file).map_err(|e| match e {
        ReadError::Exceeded(exceeded) => exceeded.to_string(),
        other => cannot(&other),
    })
}

/// What `validate` was asked to do.
struct ValidateArgs {
    json: bool,
    fix: bool,
    release: String,
    paths: Vec<PathBuf>,
}

fn validate_args(args: &[OsString]) -> Result<ValidateArgs, String> {
    let mut parsed = ValidateArgs {
        json: false,
        fix: false,
        release: "1.37".to_owned(),
        paths: Vec::new(),
    };
    let mut rest = words(args);
    while let Some(arg) = rest.next() {
        let word = match arg {
            Arg::Operand(path) => {
                parsed.paths.push(PathBuf::from(path));
                continue;
            }
            Arg::Option(word) => word,
        };
        if word == "--fix" {
            parsed.fix = true;
        } else if let Some(value) = option_value(word, "--format", &mut rest) {
            parsed.json = match value?.as_str() {
                "json" => true,
                "text" => false,
                other => return Err(format!("--format takes text or json, not {other:?}")),
            };
        } else if let Some(value) = option_value(word, "--kubernetes", &mut rest) {
            let value = value?;
            parsed.release = kubernetes_release(&value).ok_or_else(|| {
                format!("--kubernetes takes a release such as 1.37 (1.N, optionally with a patch or a leading v), not {value:?}")
            })?;
        } else {
            return Err(format!("unknown option {word:?} for validate"));
        }
    }
    if parsed.paths.is_empty() {
        return Err("validate needs at least one file".into());
    }
    Ok(parsed)
}

/// A Kubernetes release as `1.N`, from `1.N`, `1.N.P` or either with a leading `v`.
fn kubernetes_release(text: &str) -> Option<String> {
    let number = |s: &str| !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = text.strip_prefix('v').unwrap_or(text).split('.').collect();
    match parts.as_slice() {
        ["1", minor] | ["1", minor, _] if number(minor) && parts[2..].iter().all(|p| number(p)) => {
            Some(format!("1.{}", minor.parse::<u32>().ok()?))
        }
        _ => None,
    }
}

/// Validates files; exit 0 when no error was found, 1 when one was, 2 on bad usage or
/// a file that could not be read (the others are still checked and reported).
fn validate(args: &[OsString]) -> ExitCode {
    let args = match validate_args(args) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("gin-deploy: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut all = Vec::new();
    let mut unread = 0;
    for path in &args.paths {
        let text = match read_input(path, &Budget::STREAM) {
            Ok(text) => text,
            Err(message) => {
                eprintln!("gin-deploy: {message}");
                unread += 1;
                continue;
            }
        };
        let name = path.to_string_lossy();
        let (_, mut found) = validate_input(&name, &text, &args.release);
        if args.fix {
            match fix_file(path, &name, text, found, &args.release) {
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
    if args.json {
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
        let not_read = if unread > 0 {
            format!("; {unread} file(s) not read")
        } else {
            String::new()
        };
        println!(
            "{} file(s): {errors} error(s), {warnings} warning(s), {} info{not_read}",
            args.paths.len() - unread,
            all.len() - errors - warnings
        );
    }
    if unread > 0 {
        ExitCode::from(2)
    } else if errors > 0 {
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
    path: &Path,
    name: &str,
    mut text: String,
    mut found: Vec<Diagnostic>,
    release: &str,
) -> Result<Vec<Diagnostic>, String> {
    let mut total = 0;
    for _ in 0..FIX_ROUNDS {
        let (fixed, changed) = apply_line_fixes(&text, name, &found);
        if changed == 0 {
            break;
        }
        total += changed;
        text = fixed;
        found = validate_input(name, &text, release).1;
    }
    if total > 0 {
        std::fs::write(path, &text).map_err(|e| format!("cannot write {name}: {e}"))?;
        eprintln!("gin-deploy: fixed {total} line(s) in {name}");
    }
    Ok(found)
}

fn schema() -> Result<(), String> {
    let schema = schemars::schema_for!(gin_deploy::model::Design);
    let text = serde_json::to_string_pretty(&schema).map_err(|e| e.to_string())?;
    println!("{text}");
    Ok(())
}

/// Converts the Ingress objects of the files: the Gateway API objects on stdout, one
/// note per line on stderr (`lost:` for what is not carried over, `note:` for
/// where the new objects answer differently).
fn migrate(args: &[OsString]) -> ExitCode {
    let mut paths = Vec::new();
    for arg in words(args) {
        match arg {
            Arg::Operand(path) => paths.push(PathBuf::from(path)),
            Arg::Option(word) => {
                eprintln!("gin-deploy: unknown option {word:?} for migrate\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    if paths.is_empty() {
        eprintln!("gin-deploy: migrate needs at least one file\n{USAGE}");
        return ExitCode::from(2);
    }
    let mut texts = Vec::new();
    for path in &paths {
        match read_input(path, &Budget::STREAM) {
            Ok(text) => texts.push(text),
            Err(message) => {
                eprintln!("gin-deploy: {message}");
                return ExitCode::from(2);
            }
        }
    }
    // One stream, so a named Service port in one file resolves a backend in another.
    let stream = texts
        .iter()
        .map(|t| t.trim_end_matches('\n'))
        .collect::<Vec<_>>()
        .join("\n---\n");
    let migration = gin_deploy::migrate::migrate(&stream);
    for note in &migration.notes {
        let kind = if note.lost { "lost" } else { "note" };
        eprintln!("gin-deploy: {kind}: {}: {}", note.source, note.message);
    }
    if migration.is_empty() {
        eprintln!("gin-deploy: nothing could be converted");
        return ExitCode::FAILURE;
    }
    print!("{}", migration.yaml());
    ExitCode::SUCCESS
}

/// What `simulate` was asked.
struct SimulateArgs {
    json: bool,
    path: PathBuf,
    method: gin_deploy::model::Method,
    url: String,
}

fn simulate_args(args: &[OsString]) -> Result<SimulateArgs, String> {
    let mut json = false;
    let mut operands = Vec::new();
    let mut rest = words(args);
    while let Some(arg) = rest.next() {
        match arg {
            Arg::Operand(word) => operands.push(word),
            Arg::Option(word) => match option_value(word, "--format", &mut rest) {
                Some(value) => {
                    json = match value?.as_str() {
                        "json" => true,
                        "text" => false,
                        other => return Err(format!("--format takes text or json, not {other:?}")),
                    }
                }
                None => return Err(format!("unknown option {word:?} for simulate")),
            },
        }
    }
    let [path, method, url] = operands.as_slice() else {
        return Err("simulate needs a design file or manifests, a method and a URL".into());
    };
    let method_text = method.to_string_lossy();
    let method = gin_deploy::model::Method::ALL
        .into_iter()
        .find(|m| m.as_str().eq_ignore_ascii_case(&method_text))
        .ok_or_else(|| format!("{method_text:?} is not a method a design routes (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS)"))?;
    Ok(SimulateArgs {
        json,
        path: PathBuf::from(path),
        method,
        url: url.to_string_lossy().into_owned(),
    })
}

/// `scheme://host/path?query` as a request; plain HTTP without a scheme.
fn request_of(
    method: gin_deploy::model::Method,
    url: &str,
) -> Result<gin_deploy::simulate::Request, String> {
    let (https, rest) = match url.split_once("://") {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("https") => (true, rest),
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => (false, rest),
        Some((scheme, _)) => {
            return Err(format!("the URL's scheme is {scheme:?}: use http or https"))
        }
        None => (false, url),
    };
    let (host, path) = match rest.find(['/', '?']) {
        Some(i) if rest.as_bytes()[i] == b'/' => (&rest[..i], rest[i..].to_owned()),
        Some(i) => (&rest[..i], format!("/{}", &rest[i..])),
        None => (rest, "/".to_owned()),
    };
    if host.is_empty() {
        return Err(format!("the URL {url:?} has no host"));
    }
    let mut request = gin_deploy::simulate::Request::new(method, host, &path);
    request.https = https;
    Ok(request)
}

/// Follows one request: through the design (a design file), or through the routing
/// objects of a manifest stream up to the Service.
fn simulate(args: &[OsString]) -> ExitCode {
    let usage = |message: String| {
        eprintln!("gin-deploy: {message}\n{USAGE}");
        ExitCode::from(2)
    };
    let args = match simulate_args(args) {
        Ok(args) => args,
        Err(message) => return usage(message),
    };
    let request = match request_of(args.method, &args.url) {
        Ok(request) => request,
        Err(message) => return usage(message),
    };
    let text = match read_input(&args.path, &Budget::STREAM) {
        Ok(text) => text,
        Err(message) => {
            eprintln!("gin-deploy: {message}");
            return ExitCode::from(2);
        }
    };
    let shown = args.path.display();
    // Manifests say what they are; anything else is read as a design file.
    let manifests = gin_deploy::yaml::documents_as_json(&text).is_ok_and(|documents| {
        documents
            .iter()
            .any(|d| d.get("apiVersion").is_some() && d.get("kind").is_some())
    });
    let trace = if manifests {
        match gin_deploy::simulate::simulate_manifests(&text, &request) {
            Ok(trace) => trace,
            Err(message) => {
                eprintln!("gin-deploy: {shown}: {message}");
                return ExitCode::from(2);
            }
        }
    } else {
        match gin_deploy::design_file::read_design(&text) {
            Ok(read) => gin_deploy::simulate::simulate(&read.design, &request),
            Err(e) => {
                eprintln!("gin-deploy: {shown}: {e}");
                return ExitCode::from(2);
            }
        }
    };
    if args.json {
        let hops: Vec<serde_json::Value> = trace
            .hops
            .iter()
            .map(|h| {
                serde_json::json!({
                    "kind": format!("{:?}", h.kind).to_lowercase(),
                    "title": h.title,
                    "detail": h.detail,
                })
            })
            .collect();
        let out = serde_json::json!({
            "request": { "method": request.method.as_str(), "host": request.host, "path": request.path, "https": request.https },
            "hops": hops,
            "status": (trace.status != 0).then_some(trace.status),
            "summary": trace.summary(),
            "upstreamPath": trace.gin_path,
            "location": trace.location,
            "route": trace.route.as_ref().map(|r| r.full_path.clone()),
        });
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
    } else {
        let scheme = if request.https { "https" } else { "http" };
        println!(
            "{} {scheme}://{}{}",
            request.method.as_str(),
            request.host,
            request.path
        );
        for hop in &trace.hops {
            println!("  {}", hop.title);
            if !hop.detail.is_empty() {
                println!("      {}", hop.detail);
            }
        }
        println!("=> {}", trace.summary());
    }
    ExitCode::SUCCESS
}
