//! Reading a team's existing Gin project: its routes, middleware and listen port,
//! from the Go sources alone (nothing is built or run, nothing leaves the browser).
//!
//! The sources are tokenized ([`token`]) and parsed ([`syntax`]) like Go, then the
//! main package is followed ([`eval`]) from `main()` through the module's own
//! functions, across files and packages, with the values Gin's router needs (engines,
//! groups and their middleware chains, path strings, environment defaults). What
//! cannot be known without running the program (routes registered in a loop, under
//! a condition, with a computed path) is reported with its file and line, never
//! guessed. [`design`] turns what was found into a design whose bundle deploys the
//! project as it is.

pub mod design;
mod eval;
pub mod syntax;
pub mod token;

use crate::model::Middleware;

/// One file of the project: its path relative to the project's root, `/`-separated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
}

/// What the reader found in a project.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Project {
    /// `module` of the root `go.mod`.
    pub module: Option<String>,
    /// `go` of the root `go.mod` (`1.22`).
    pub go_version: Option<String>,
    /// Whether the root has a `go.sum`.
    pub has_go_sum: bool,
    /// The main package serving the router: `.` or `./cmd/server`.
    pub main_package: Option<String>,
    /// Every route the served engine registers, in registration order.
    pub routes: Vec<FoundRoute>,
    /// The engine's own middleware (`Use` on the engine), in order, as it stood after
    /// the last route was registered.
    pub engine_middleware: Vec<FoundMiddleware>,
    /// The listen port (the default when it comes from the environment).
    pub port: Option<u16>,
    /// The environment variable the port can be set with, if any (`PORT`).
    pub port_env: Option<String>,
    /// Where the port was read.
    pub port_source: Option<Place>,
    /// Whether the engine sets a `NoRoute` handler.
    pub no_route: bool,
    /// The largest body the scaffold's body limit admits, when the project has it.
    pub max_body_bytes: Option<u64>,
    /// Environment variables the project reads (`os.Getenv("NAME")`), in order.
    pub env_vars: Vec<String>,
    /// What could not be resolved without running the program.
    pub unresolved: Vec<Unresolved>,
    /// How many `.go` files were read, and how many were skipped as tests.
    pub files_read: usize,
}

/// A route as Gin registers it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundRoute {
    /// `GET`, …, or any upper-case method `Handle` registers.
    pub method: String,
    /// The full path Gin registers.
    pub path: String,
    /// The chain's length, handler included (Gin's "(N handlers)").
    pub handlers: usize,
    /// The absolute base path of the group it was registered on (`/` for the engine).
    pub group: String,
    /// The path as given to the registering call, relative to `group`.
    pub relative: String,
    /// The handler's Go name (`GetUser`), empty for a function literal.
    pub handler: String,
    /// The middleware before the handler: the group's chain, then the route's own.
    pub middleware: Vec<FoundMiddleware>,
    /// How many of `middleware` are the route's own (after the group's).
    pub own_middleware: usize,
    /// Registered by `Static`, `StaticFS` or `StaticFile`.
    pub static_files: bool,
    pub place: Place,
}

/// A middleware in a chain: its Go name and what it is, as far as the reader can tell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundMiddleware {
    /// How the project names it: `gin.Logger`, `cors.New`, `middleware.Audit`.
    pub name: String,
    /// The design's middleware it is; `Custom` with the Go name when unknown.
    pub design: Middleware,
    /// Set for the scaffold's body limit (a service setting, not a middleware).
    pub body_limit: Option<u64>,
    /// HTTP basic auth (`gin.BasicAuth`): the design keeps it as a custom middleware.
    pub basic_auth: bool,
}

/// A file and line in the project.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    pub file: String,
    pub line: u32,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// Something the reader could not resolve statically.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unresolved {
    pub file: String,
    pub line: u32,
    pub what: String,
}

/// Folders never read: dependencies and version control, whatever their size.
pub const SKIPPED_DIRS: [&str; 5] = ["vendor", "node_modules", ".git", "testdata", ".idea"];

/// Whether a folder of a project, by its name, is never entered: a skipped folder or
/// one Go itself ignores (`_x`, `.x`).
pub fn skipped_folder(name: &str) -> bool {
    SKIPPED_DIRS.contains(&name) || name.starts_with('.') || name.starts_with('_')
}

/// Whether a project-relative path is left unread: under a folder
/// [`skipped_folder`] names, at any depth.
pub fn skipped(path: &str) -> bool {
    let mut parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    parts.pop();
    parts.into_iter().any(skipped_folder)
}

/// Whether the reader wants this file at all: Go sources (tests excluded), `go.mod`
/// and `go.sum`.
pub fn wanted(path: &str) -> bool {
    if skipped(path) {
        return false;
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    (name.ends_with(".go") && !name.ends_with("_test.go")) || name == "go.mod" || name == "go.sum"
}

/// The most files of a project read (Go sources, `go.mod`, `go.sum`).
pub const MAX_FILES: usize = 5_000;
/// The largest single file read; a bigger one (generated code, usually) is skipped.
pub const MAX_FILE_BYTES: u64 = 1 << 20;
/// The most bytes read from one project in all.
pub const MAX_TOTAL_BYTES: u64 = 32 << 20;

/// What the reader does with the next file of a project, so the page and the
/// command read within the same bounds.
#[derive(Debug, Default)]
pub struct Intake {
    files: usize,
    bytes: u64,
    /// Files left out, with why: shown with the result.
    pub skipped: Vec<String>,
}

impl Intake {
    /// Whether to read the file at `path` of `size` bytes. `Err` ends the reading:
    /// the project is larger than the reader takes.
    pub fn admit(&mut self, path: &str, size: u64) -> Result<bool, String> {
        if !wanted(path) {
            return Ok(false);
        }
        if size > MAX_FILE_BYTES {
            self.skipped.push(format!(
                "{path}: {size} bytes, over the {MAX_FILE_BYTES}-byte limit for one file"
            ));
            return Ok(false);
        }
        self.files += 1;
        self.bytes += size;
        if self.files > MAX_FILES {
            return Err(format!(
                "the project has more than {MAX_FILES} Go files: choose the service's own folder"
            ));
        }
        if self.bytes > MAX_TOTAL_BYTES {
            return Err(format!(
                "the project's Go files are over {} MiB: choose the service's own folder",
                MAX_TOTAL_BYTES >> 20
            ));
        }
        Ok(true)
    }
}

impl Project {
    /// Whether a served Gin engine was found.
    pub fn found_router(&self) -> bool {
        self.port_source.is_some() || !self.routes.is_empty()
    }
}

/// Reads a project. Files the reader does not want are ignored; paths may carry a
/// common leading folder (a dropped folder's name, an archive's top directory),
/// which is removed when every file shares it.
pub fn read_project(files: &[SourceFile]) -> Project {
    let root = common_root(files);
    let mut files: Vec<SourceFile> = files
        .iter()
        .filter_map(|f| {
            let path = f.path.strip_prefix(&root).unwrap_or(&f.path);
            wanted(path).then(|| SourceFile {
                path: path.to_owned(),
                text: f.text.clone(),
            })
        })
        .collect();
    // Go reads a package's files in name order (init order, and which of two
    // declarations a broken package keeps): so does the reader, whatever order the
    // files came in.
    files.sort_by(|a, b| a.path.cmp(&b.path));
    eval::read(&files)
}

/// The folder every path starts with (`shop/`), when there is one and no `go.mod`
/// sits above it.
fn common_root(files: &[SourceFile]) -> String {
    let mut root: Option<String> = None;
    for f in files {
        let path = f.path.trim_start_matches("./");
        let Some((first, _)) = path.split_once('/') else {
            return String::new();
        };
        match &root {
            None => root = Some(first.to_owned()),
            Some(r) if r == first => {}
            Some(_) => return String::new(),
        }
    }
    root.map(|r| format!("{r}/")).unwrap_or_default()
}

/// `module` and `go` of a `go.mod`.
pub fn read_go_mod(text: &str) -> (Option<String>, Option<String>) {
    let mut module = None;
    let mut go = None;
    for line in text.lines() {
        let line = line.split("//").next().unwrap_or("").trim();
        let mut words = line.split_whitespace();
        match (words.next(), words.next()) {
            (Some("module"), Some(path)) => module = Some(path.trim_matches('"').to_owned()),
            (Some("go"), Some(version)) => go = Some(version.to_owned()),
            _ => {}
        }
    }
    (module, go)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dependencies_and_tests_are_not_read() {
        assert!(skipped("vendor/github.com/x/y.go"));
        assert!(skipped("web/node_modules/a/b.js"));
        assert!(skipped(".git/HEAD"));
        assert!(skipped("internal/_old/a.go"));
        assert!(!skipped("internal/vendors/a.go"));
        assert!(!wanted("main_test.go"));
        assert!(wanted("cmd/server/main.go"));
        assert!(wanted("go.mod"));
        assert!(!wanted("README.md"));
    }

    #[test]
    fn go_mod_module_and_version() {
        let (m, v) = read_go_mod("// c\nmodule example.com/shop // x\n\ngo 1.22.1\nrequire x v1\n");
        assert_eq!(m.as_deref(), Some("example.com/shop"));
        assert_eq!(v.as_deref(), Some("1.22.1"));
    }

    #[test]
    fn a_shared_top_folder_is_the_root() {
        let f = |p: &str| SourceFile {
            path: p.into(),
            text: String::new(),
        };
        assert_eq!(common_root(&[f("shop/go.mod"), f("shop/main.go")]), "shop/");
        assert_eq!(common_root(&[f("go.mod"), f("a/main.go")]), "");
    }
}
