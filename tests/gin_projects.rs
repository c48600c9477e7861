//! The Gin project importer against real Gin: every fixture under
//! `tests/fixtures/gin-projects/` is a small Gin service in a layout found in the
//! wild, and what `goproject::read_project` finds in its sources must be what Gin
//! registers when the service really starts.
//!
//! Run with `make test` (tools tier) or `cargo test --features tools --test
//! gin_projects`; needs Go with Debian's Gin 1.8.1 under `/usr/share/gocode`
//! (`scripts/setup.sh`). For every fixture:
//! - Go's side: the fixture is copied into a GOPATH (`GO111MODULE=off`, Debian's
//!   packages behind it), `go list` names its main package, one file is added to that
//!   package ([`ORACLE_GO`]: it sets `gin.DebugPrintRouteFunc`, which Gin calls for
//!   every route in debug mode with the chain's length, and stops the program when it
//!   is about to listen), and the built program runs with `GIN_MODE=debug`. What it
//!   printed must be the committed `routes.txt` (`METHOD PATH HANDLERS`, sorted) and
//!   `port.txt`, so neither can drift from real Gin. `GIN_PROJECTS_BLESS=1` rewrites
//!   both from Gin instead.
//! - Our side: the fixture's files (without `vendor/`, `node_modules/`, `.git/` and
//!   the expectation files) go to `read_project`, whose routes must be `routes.txt`,
//!   or `static-routes.txt` where the fixture registers routes the sources do not
//!   spell out; those registrations must be exactly the `unresolved.txt` lines
//!   (`FILE:LINE`; no file: none). Its port must be `port.txt` and its main package
//!   the one `go list` names. Where a fixture has `vendor/` or `node_modules/`, the
//!   importer given them too must find the same: it skips them itself.
//!
//! Prints one line per fixture (routes, disagreements), every disagreement, then
//! `gin-projects: N fixtures, M routes compared, K disagreements`.

use std::collections::BTreeSet;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use gin_deploy::goproject::{read_project, Project, SourceFile};

/// The Go file added to a fixture's main package. Its name sorts first, and its
/// package-level variable is initialised before any other of the package (and so
/// before any `init` and `main`): a route registered from an initialiser is seen too.
/// Gin's `Engine.Run` prints "Listening and serving HTTP on ADDR" before it binds,
/// so a program listening through Gin stops there, the port never taken. A program
/// with an `http.Server` of its own binds: a watcher stops it once a goroutine
/// serves, with the port read from its listening socket in `/proc`. If the bind
/// fails (the port is taken), the program's own `log.Fatal` names the address.
const ORACLE_GO: &str = r#"// Added by tests/gin_projects.rs: prints every route Gin registers and the
// address the program is about to listen on, then exits.
package main

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

var _ = ginOracleInstall()

func ginOracleInstall() bool {
	gin.DebugPrintRouteFunc = func(method, path, _ string, handlers int) {
		fmt.Fprintf(os.Stdout, "route\t%s\t%s\t%d\n", method, path, handlers)
	}
	gin.DefaultWriter = ginOracleWriter{}
	go ginOracleWatch()
	return true
}

type ginOracleWriter struct{}

func (ginOracleWriter) Write(p []byte) (int, error) {
	const listening = "Listening and serving HTTP on "
	if i := strings.Index(string(p), listening); i >= 0 {
		fmt.Fprintf(os.Stdout, "listen\t%s\n", strings.TrimSpace(string(p[i+len(listening):])))
		os.Exit(0)
	}
	return os.Stderr.Write(p)
}

func ginOracleWatch() {
	buf := make([]byte, 1<<20)
	for {
		time.Sleep(2 * time.Millisecond)
		n := runtime.Stack(buf, true)
		if strings.Contains(string(buf[:n]), "net/http.(*Server).Serve(") {
			for _, port := range ginOracleListening() {
				fmt.Fprintf(os.Stdout, "listen\t:%d\n", port)
			}
			os.Exit(0)
		}
	}
}

func ginOracleListening() []int64 {
	inodes := map[string]bool{}
	fds, _ := os.ReadDir("/proc/self/fd")
	for _, fd := range fds {
		link, err := os.Readlink("/proc/self/fd/" + fd.Name())
		if err == nil && strings.HasPrefix(link, "socket:[") {
			inodes[strings.TrimSuffix(strings.TrimPrefix(link, "socket:["), "]")] = true
		}
	}
	var ports []int64
	for _, table := range []string{"/proc/self/net/tcp", "/proc/self/net/tcp6"} {
		text, _ := os.ReadFile(table)
		for _, line := range strings.Split(string(text), "\n")[1:] {
			f := strings.Fields(line)
			// local_address HEXIP:HEXPORT is f[1], the state f[3] (0A: LISTEN), the inode f[9].
			if len(f) > 9 && f[3] == "0A" && inodes[f[9]] {
				var port int64
				fmt.Sscanf(f[1][strings.LastIndex(f[1], ":")+1:], "%X", &port)
				ports = append(ports, port)
			}
		}
	}
	return ports
}
"#;
const ORACLE_FILE: &str = "0_gin_route_oracle.go";
/// The packages under `/usr/share/gocode` the fixtures import.
const DEPENDENCIES: [&str; 5] = [
    "github.com/gin-gonic/gin",
    "github.com/gin-contrib/cors",
    "github.com/gin-contrib/gzip",
    "github.com/golang-jwt/jwt",
    "github.com/joho/godotenv",
];
/// How long a fixture's program may take to reach its listen call.
const RUN_TIMEOUT: Duration = Duration::from_secs(60);
/// Set to rewrite `routes.txt` and `port.txt` from what Gin registered.
const BLESS: &str = "GIN_PROJECTS_BLESS";
/// A fixture's files that state what Gin and the importer must find: not part of
/// the project.
const EXPECTATIONS: [&str; 4] = [
    "routes.txt",
    "port.txt",
    "static-routes.txt",
    "unresolved.txt",
];
/// Folders a project upload leaves out; the importer skips them too.
const SKIPPED_DIRS: [&str; 2] = ["vendor", "node_modules"];

/// One registered route: method, full path, length of the handler chain.
type Route = (String, String, usize);

/// What the fixture's program did under real Gin.
struct Gin {
    routes: Vec<Route>,
    port: u16,
    /// `.` or `./cmd/server`, as `go list` names the main package.
    main_package: String,
}

// --- Go's side ----------------------------------------------------------------------

/// Runs a go command in GOPATH mode against Debian's packages (behind `gopath`).
fn go(gopath: &Path, dir: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("go")
        .args(args)
        .current_dir(dir)
        .env("GOPATH", format!("{}:/usr/share/gocode", gopath.display()))
        .env("GO111MODULE", "off")
        .env("GOFLAGS", "")
        .output()
        .map_err(|e| {
            format!(
                "cannot run go ({e}): the tools tier needs Go 1.19+ with Debian's \
                 golang-github-gin-gonic-gin-dev (scripts/setup.sh)"
            )
        })?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    if output.status.success() {
        Ok(stdout)
    } else {
        Err(format!(
            "go {} failed:\n{stdout}{}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// The module path `go.mod` declares.
fn module_path(fixture: &Path) -> String {
    let go_mod = std::fs::read_to_string(fixture.join("go.mod")).expect("a fixture has go.mod");
    go_mod
        .lines()
        .find_map(|l| l.trim().strip_prefix("module "))
        .expect("go.mod declares its module")
        .trim()
        .to_owned()
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Builds the fixture with [`ORACLE_GO`] in its main package and runs it until it
/// is about to listen.
fn run_gin(fixture: &Path, scratch: &Path) -> Result<Gin, String> {
    let module = module_path(fixture);
    let gopath = scratch.join("gopath");
    let root = gopath.join("src").join(&module);
    copy_tree(fixture, &root);

    let listing = go(
        &gopath,
        &root,
        &["list", "-f", "{{.Name}} {{.ImportPath}}", "./..."],
    )?;
    let mains: Vec<&str> = listing
        .lines()
        .filter_map(|l| l.strip_prefix("main "))
        .collect();
    let [main_import] = mains[..] else {
        return Err(format!("go list finds main packages {mains:?}, not one"));
    };
    let main_package = match main_import.strip_prefix(&module) {
        Some("") => ".".to_owned(),
        Some(rest) => format!(".{rest}"),
        None => return Err(format!("main package {main_import} outside {module}")),
    };
    std::fs::write(root.join(&main_package).join(ORACLE_FILE), ORACLE_GO).unwrap();
    let binary = scratch.join("server");
    go(
        &gopath,
        &root,
        &["build", "-o", binary.to_str().unwrap(), main_import],
    )?;

    // An empty working directory and environment: no .env, no PORT, no APP_ENV.
    let cwd = scratch.join("run");
    std::fs::create_dir_all(&cwd).unwrap();
    let (stdout_path, stderr_path) = (scratch.join("stdout"), scratch.join("stderr"));
    let mut child = Command::new(&binary)
        .current_dir(&cwd)
        .env_clear()
        .env("GIN_MODE", "debug")
        .stdin(Stdio::null())
        .stdout(File::create(&stdout_path).unwrap())
        .stderr(File::create(&stderr_path).unwrap())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > RUN_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "the program did not reach its listen call within {RUN_TIMEOUT:?}"
            ));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stdout = std::fs::read_to_string(&stdout_path).unwrap();
    let stderr = std::fs::read_to_string(&stderr_path).unwrap();

    let mut routes = Vec::new();
    let mut ports = BTreeSet::new();
    for line in stdout.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        match fields[..] {
            ["route", method, path, handlers] => routes.push((
                method.to_owned(),
                path.to_owned(),
                handlers.parse().unwrap(),
            )),
            ["listen", address] => {
                ports.insert(port_of(address)?);
            }
            _ => {}
        }
    }
    // The program's own http.Server found its port taken: the routes were all
    // registered (they come before the listen call) and the error names the address.
    if !status.success() {
        let taken = stderr
            .split("listen tcp ")
            .nth(1)
            .and_then(|rest| rest.split_once(": bind: address already in use"))
            .map(|(address, _)| address);
        match taken {
            Some(address) => {
                ports.insert(port_of(address)?);
            }
            None => return Err(format!("the program failed ({status}):\n{stderr}")),
        }
    }
    let [port] = ports.iter().copied().collect::<Vec<_>>()[..] else {
        return Err(format!(
            "the program listens on {ports:?}, not one port:\n{stdout}{stderr}"
        ));
    };
    if routes.is_empty() {
        return Err(format!(
            "the program printed no route (does it set release mode?):\n{stderr}"
        ));
    }
    routes.sort();
    Ok(Gin {
        routes,
        port,
        main_package,
    })
}

/// The port of a listen address (`:9090`, `0.0.0.0:7070`).
fn port_of(address: &str) -> Result<u16, String> {
    address
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .ok_or_else(|| format!("no port in listen address {address:?}"))
}

// --- Expectations -------------------------------------------------------------------

fn parse_routes(text: &str) -> Vec<Route> {
    let mut routes: Vec<Route> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split(' ').collect();
            let [method, path, handlers] = fields[..] else {
                panic!("a route line is METHOD PATH HANDLERS, not {line:?}");
            };
            (
                method.to_owned(),
                path.to_owned(),
                handlers.parse().unwrap(),
            )
        })
        .collect();
    routes.sort();
    routes
}

fn format_routes(routes: &[Route]) -> String {
    routes
        .iter()
        .map(|(method, path, handlers)| format!("{method} {path} {handlers}\n"))
        .collect()
}

fn format_route((method, path, handlers): &Route) -> String {
    format!("{method} {path} ({handlers} handlers)")
}

/// A committed expectation file, if the fixture has it.
fn expectation(fixture: &Path, name: &str) -> Option<String> {
    std::fs::read_to_string(fixture.join(name)).ok()
}

/// The disagreements between two sorted route lists, `ours` named `who`.
fn route_diff(who: &str, ours: &[Route], wanted: &[Route], wanted_from: &str) -> Vec<String> {
    let mut out = Vec::new();
    for route in wanted.iter().filter(|r| !ours.contains(r)) {
        out.push(format!(
            "{who} misses {} ({wanted_from})",
            format_route(route)
        ));
    }
    for route in ours.iter().filter(|r| !wanted.contains(r)) {
        out.push(format!(
            "{who} has {}, not in {wanted_from}",
            format_route(route)
        ));
    }
    // Same set, a route twice.
    if out.is_empty() && ours.len() != wanted.len() {
        out.push(format!(
            "{who} lists {} routes, {wanted_from} {}",
            ours.len(),
            wanted.len()
        ));
    }
    out
}

/// Real Gin against the committed `routes.txt` and `port.txt` (or, blessing,
/// rewrites them).
fn check_gin(fixture: &Path, gin: &Gin) -> Vec<String> {
    if std::env::var_os(BLESS).is_some() {
        std::fs::write(fixture.join("routes.txt"), format_routes(&gin.routes)).unwrap();
        std::fs::write(fixture.join("port.txt"), format!("{}\n", gin.port)).unwrap();
    }
    let committed = parse_routes(&expectation(fixture, "routes.txt").unwrap_or_default());
    let mut out = route_diff("real Gin", &gin.routes, &committed, "routes.txt");
    let port = expectation(fixture, "port.txt").unwrap_or_default();
    if port.trim() != gin.port.to_string() {
        out.push(format!(
            "real Gin listens on port {}, port.txt says {:?}",
            gin.port,
            port.trim()
        ));
    }
    out
}

// --- Our side -----------------------------------------------------------------------

/// The fixture's files as the importer gets them: relative `/`-separated paths,
/// without `.git`, the expectation files and, when `skip`, [`SKIPPED_DIRS`].
fn project_files(fixture: &Path, skip: bool) -> Vec<SourceFile> {
    fn walk(root: &Path, dir: &Path, skip: bool, out: &mut Vec<SourceFile>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            let relative = path.strip_prefix(root).unwrap();
            let name = path.file_name().unwrap().to_str().unwrap();
            if path.is_dir() {
                if name != ".git" && !(skip && SKIPPED_DIRS.contains(&name)) {
                    walk(root, &path, skip, out);
                }
            } else if !(dir == root && EXPECTATIONS.contains(&name)) {
                out.push(SourceFile {
                    path: relative
                        .components()
                        .map(|c| c.as_os_str().to_str().unwrap())
                        .collect::<Vec<_>>()
                        .join("/"),
                    text: std::fs::read_to_string(&path).unwrap(),
                });
            }
        }
    }
    let mut out = Vec::new();
    walk(fixture, fixture, skip, &mut out);
    out
}

fn found_routes(project: &Project) -> Vec<Route> {
    let mut routes: Vec<Route> = project
        .routes
        .iter()
        .map(|r| (r.method.clone(), r.path.clone(), r.handlers))
        .collect();
    routes.sort();
    routes
}

fn unresolved_lines(project: &Project) -> BTreeSet<String> {
    project
        .unresolved
        .iter()
        .map(|u| format!("{}:{}", u.file, u.line))
        .collect()
}

/// The importer against the committed expectations and the main package `go list`
/// names (`None`: Go failed, already a disagreement).
fn check_importer(fixture: &Path, main_package: Option<&str>) -> Vec<String> {
    let project = read_project(&project_files(fixture, true));
    let mut out = Vec::new();

    let all = parse_routes(&expectation(fixture, "routes.txt").unwrap_or_default());
    let (wanted, wanted_from) = match expectation(fixture, "static-routes.txt") {
        Some(text) => {
            let known = parse_routes(&text);
            for route in known.iter().filter(|r| !all.contains(r)) {
                out.push(format!(
                    "static-routes.txt has {}, not in routes.txt",
                    format_route(route)
                ));
            }
            (known, "static-routes.txt")
        }
        None => (all, "routes.txt"),
    };
    out.extend(route_diff(
        "the importer",
        &found_routes(&project),
        &wanted,
        wanted_from,
    ));

    let port: Option<u16> = expectation(fixture, "port.txt").and_then(|p| p.trim().parse().ok());
    if project.port != port {
        out.push(format!(
            "the importer finds port {:?}, port.txt says {port:?}",
            project.port
        ));
    }
    if let Some(main_package) = main_package {
        if project.main_package.as_deref() != Some(main_package) {
            out.push(format!(
                "the importer finds main package {:?}, go list {main_package:?}",
                project.main_package
            ));
        }
    }

    let wanted_unresolved: BTreeSet<String> = expectation(fixture, "unresolved.txt")
        .unwrap_or_default()
        .lines()
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect();
    let found_unresolved = unresolved_lines(&project);
    for line in wanted_unresolved.difference(&found_unresolved) {
        out.push(format!(
            "the importer does not report {line} as unresolved (unresolved.txt)"
        ));
    }
    for item in &project.unresolved {
        let line = format!("{}:{}", item.file, item.line);
        if !wanted_unresolved.contains(&line) {
            out.push(format!(
                "the importer reports {line} as unresolved ({}), not in unresolved.txt",
                item.what
            ));
        }
    }

    // Given vendor/ and node_modules/ as well, the importer must leave them out.
    if SKIPPED_DIRS.iter().any(|d| fixture.join(d).is_dir()) {
        let everything = read_project(&project_files(fixture, false));
        let same = found_routes(&everything) == found_routes(&project)
            && everything.port == project.port
            && everything.main_package == project.main_package
            && unresolved_lines(&everything) == found_unresolved;
        if !same {
            out.push(
                "given vendor/ and node_modules/ too, the importer finds something else".into(),
            );
        }
    }
    out
}

// --- The run ------------------------------------------------------------------------

fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gin-projects");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("go.mod").is_file())
        .collect();
    out.sort();
    out
}

fn main() {
    let scratch = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("gin-projects");
    let _ = std::fs::remove_dir_all(&scratch);
    let fixtures = fixtures();
    let started = Instant::now();
    // Gin and the packages the fixtures import, compiled once into Go's build cache
    // before the fixtures build at once (each would compile them again on a cold
    // cache).
    let warm = scratch.join("warm-up");
    std::fs::create_dir_all(&warm).unwrap();
    if let Err(e) = go(&warm, &warm, &[&["build"], &DEPENDENCIES[..]].concat()) {
        println!("{e}");
        println!(
            "gin-projects: {} fixtures, 0 routes compared, 1 disagreements",
            fixtures.len()
        );
        std::process::exit(1);
    }
    // Go builds and runs every fixture at once; the importer runs after.
    let runs: Vec<Result<Gin, String>> = std::thread::scope(|s| {
        let handles: Vec<_> = fixtures
            .iter()
            .map(|fixture| {
                let scratch = scratch.join(fixture.file_name().unwrap());
                s.spawn(move || run_gin(fixture, &scratch))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let go_seconds = started.elapsed().as_secs_f64();

    let mut compared = 0;
    let mut disagreements = 0;
    for (fixture, run) in fixtures.iter().zip(&runs) {
        let mut found = Vec::new();
        let main_package = match run {
            Ok(gin) => {
                found.extend(check_gin(fixture, gin));
                Some(gin.main_package.as_str())
            }
            Err(e) => {
                found.push(format!("real Gin: {e}"));
                None
            }
        };
        found.extend(check_importer(fixture, main_package));
        let routes = parse_routes(&expectation(fixture, "routes.txt").unwrap_or_default()).len();
        println!(
            "{:<24} {routes:>3} routes, {} disagreement(s)",
            fixture.file_name().unwrap().to_string_lossy(),
            found.len()
        );
        for line in &found {
            println!("    {line}");
        }
        compared += routes;
        disagreements += found.len();
    }
    println!(
        "gin-projects: {} fixtures, {compared} routes compared, {disagreements} disagreements \
         ({go_seconds:.1} s Go, {:.1} s in all)",
        fixtures.len(),
        started.elapsed().as_secs_f64()
    );
    if disagreements > 0 {
        std::process::exit(1);
    }
}
