//! The Gin oracle: the real Gin (1.8.1, installed with Go under /usr/share/gocode)
//! must panic at start-up exactly when we report a `GR1xx` error, and must answer
//! every looked-up path with the status, route and redirect our simulator predicts.
//!
//! Cases are the route sets in `tests/fixtures/gin/*.routes` (one `METHOD PATH` per
//! line in registration order, `""` for an empty path; `group P [Q…]` registers the
//! routes after it on `engine.Group(P).Group(Q)…` until the next `group` line, a bare
//! `group` goes back to the engine; `? METHOD PATH` for a request to look up, `#` for
//! a comment) plus a few hundred generated ones. Where Gin starts, the full paths it
//! registered (`engine.Routes()`) must be the ones `model::join_path` computes. All
//! of them go into ONE Go program, built and run once, so the whole test takes
//! seconds. Without Go the test fails: a model of Gin checked against nothing proves
//! nothing.
//!
//! A second test builds a generated bundle whose design has trailing-slash and
//! empty group prefixes, runs its own `go test` (the generated router test requests
//! the paths our model computes) and lists the routes its `routers.Setup` registers.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use gin_deploy::bundle::render;
use gin_deploy::design_file::parse_design;
use gin_deploy::generate::go::registrations;
use gin_deploy::model::{gin_join, join_path, Design, Method, Route, RouteGroup};
use gin_deploy::simulate::{simulate, Request};
use gin_deploy::validate::{routes, Severity};

const GIN_VERSION: &str = "v1.8.1";
const RANDOM_CASES: usize = 500;
const SEED: u64 = 0x5EED_61E0_2026;

/// One route as registered: the chain of group prefixes it is registered under
/// (empty: on the engine), its method and its relative path.
#[derive(Clone, Debug)]
struct Registration {
    groups: Vec<String>,
    method: Method,
    path: String,
}

#[derive(Clone, Debug)]
struct Case {
    name: String,
    routes: Vec<Registration>,
    requests: Vec<(Method, String)>,
}

/// A path as a fixture writes it: `""` is the empty path.
fn fixture_path(text: &str) -> String {
    match text.trim() {
        "\"\"" => String::new(),
        path => path.to_owned(),
    }
}

fn parse_case(name: &str, text: &str) -> Case {
    let mut case = Case {
        name: name.to_owned(),
        routes: Vec::new(),
        requests: Vec::new(),
    };
    let mut groups: Vec<String> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(rest) = line.strip_prefix("group") {
            groups = rest.split_whitespace().map(fixture_path).collect();
            continue;
        }
        let (request, line) = match line.strip_prefix('?') {
            Some(rest) => (true, rest.trim_start()),
            None => (false, line),
        };
        let (method, path) = line
            .split_once(' ')
            .unwrap_or_else(|| panic!("{name}: {line:?} is not METHOD PATH"));
        let method =
            Method::parse(method).unwrap_or_else(|| panic!("{name}: unknown method {method}"));
        if request {
            case.requests.push((method, path.trim().to_owned()));
        } else {
            case.routes.push(Registration {
                groups: groups.clone(),
                method,
                path: fixture_path(path),
            });
        }
    }
    case
}

fn fixtures() -> Vec<Case> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gin");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "routes"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|file| {
            let name = file.file_stem().unwrap().to_string_lossy();
            parse_case(&name, &std::fs::read_to_string(file).unwrap())
        })
        .collect()
}

/// xorshift64*: a fixed, dependency-free sequence, so failures reproduce.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Route sets built from few names, so they collide often: shared prefixes,
/// parameters of two names, catch-alls, trailing slashes, some malformed wildcards.
fn random_cases(seed: u64, count: usize) -> Vec<Case> {
    const STATIC: [&str; 7] = ["a", "b", "ab", "abc", "users", "new", "x"];
    const PARAM: [&str; 3] = [":id", ":name", ":x"];
    const CATCH_ALL: [&str; 2] = ["*all", "*rest"];
    const ODD: [&str; 5] = ["a:id", "v:x", ":", "*", "ab*x"];
    const REQUEST: [&str; 10] = [
        "a", "b", "ab", "abc", "users", "new", "x", "42", "ne", "abcd",
    ];
    // Group prefixes, with and without their trailing slash, nested or not.
    const GROUPS: [&[&str]; 8] = [
        &[],
        &[],
        &["/a"],
        &["/a/"],
        &["/users/"],
        &["/users", ":id"],
        &["/a/", "b/"],
        &[""],
    ];
    let mut rng = Rng(seed);
    let method = |rng: &mut Rng| {
        if rng.below(4) == 0 {
            Method::Post
        } else {
            Method::Get
        }
    };
    (0..count)
        .map(|i| {
            let routes = (0..2 + rng.below(5))
                .map(|_| {
                    let segments = 1 + rng.below(3);
                    let mut path = String::new();
                    if rng.below(20) > 0 {
                        for s in 0..segments {
                            let last = s + 1 == segments;
                            let roll = rng.below(100);
                            let segment = match roll {
                                0..=57 => rng.pick(&STATIC),
                                58..=84 => rng.pick(&PARAM),
                                85..=93 if last => rng.pick(&CATCH_ALL),
                                85..=93 => rng.pick(&PARAM),
                                _ => rng.pick(&ODD),
                            };
                            path.push('/');
                            path.push_str(segment);
                        }
                    }
                    let groups: Vec<String> = if rng.below(3) == 0 {
                        GROUPS[rng.below(GROUPS.len())]
                            .iter()
                            .map(|p| p.to_string())
                            .collect()
                    } else {
                        Vec::new()
                    };
                    // Below a group the empty path is the group's own path.
                    if (path.is_empty() && groups.is_empty()) || rng.below(7) == 0 {
                        path.push('/');
                    }
                    Registration {
                        groups,
                        method: method(&mut rng),
                        path,
                    }
                })
                .collect();
            let requests = (0..5)
                .map(|_| {
                    let mut path = String::new();
                    for _ in 0..rng.below(5) {
                        path.push('/');
                        path.push_str(rng.pick(&REQUEST));
                    }
                    if path.is_empty() || rng.below(5) == 0 {
                        path.push('/');
                    }
                    (method(&mut rng), path)
                })
                .collect();
            Case {
                name: format!("random-{i:04}"),
                routes,
                requests,
            }
        })
        .collect()
}

/// A Go interpreted string literal holding `text`'s bytes.
fn go_string(text: &str) -> String {
    let mut out = String::from("\"");
    for b in text.bytes() {
        match b {
            b'"' | b'\\' => {
                out.push('\\');
                out.push(b as char);
            }
            0x20..=0x7e => out.push(b as char),
            _ => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out.push('"');
    out
}

fn go_requests(pairs: &[(Method, String)]) -> String {
    pairs
        .iter()
        .map(|(m, p)| format!("{{nil, {}, {}}}", go_string(m.as_str()), go_string(p)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn go_routes(routes: &[Registration]) -> String {
    routes
        .iter()
        .map(|r| {
            let groups: Vec<String> = r.groups.iter().map(|g| go_string(g)).collect();
            format!(
                "{{[]string{{{}}}, {}, {}}}",
                groups.join(", "),
                go_string(r.method.as_str()),
                go_string(&r.path)
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The Go program: each case on a fresh `gin.New()`, registration inside
/// `recover()`, then the registered routes and each request through `ServeHTTP`.
fn go_program(cases: &[Case]) -> String {
    let mut table = String::new();
    for case in cases {
        table.push_str(&format!(
            "\t{{{}, []pair{{{}}}, []pair{{{}}}}},\n",
            go_string(&case.name),
            go_routes(&case.routes),
            go_requests(&case.requests)
        ));
    }
    format!(
        r#"package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"
)

// pair is a route (under its chain of group prefixes) or a request (no groups).
type pair struct {{
	groups       []string
	method, path string
}}

type testCase struct {{
	name     string
	routes   []pair
	requests []pair
}}

var cases = []testCase{{
{table}}}

func register(routes []pair) (engine *gin.Engine, failure interface{{}}) {{
	defer func() {{ failure = recover() }}()
	engine = gin.New()
	for _, r := range routes {{
		group := &engine.RouterGroup
		for _, prefix := range r.groups {{
			group = group.Group(prefix)
		}}
		group.Handle(r.method, r.path, func(c *gin.Context) {{ c.String(200, c.FullPath()) }})
	}}
	return engine, nil
}}

// registered lists the engine's routes as sorted "METHOD PATH" lines joined by " | ".
func registered(engine *gin.Engine) string {{
	var all []string
	for _, r := range engine.Routes() {{
		all = append(all, r.Method+" "+r.Path)
	}}
	sort.Strings(all)
	return strings.Join(all, " | ")
}}

func serve(engine *gin.Engine, r pair) (out string) {{
	defer func() {{
		if recover() != nil {{
			out = "panic"
		}}
	}}()
	w := httptest.NewRecorder()
	req := &http.Request{{Method: r.method, URL: &url.URL{{Path: r.path}}, Header: http.Header{{}}, Host: "example.com", RequestURI: r.path}}
	engine.ServeHTTP(w, req)
	switch w.Code {{
	case 200:
		return "200 " + w.Body.String()
	case 301, 307:
		return fmt.Sprintf("%d %s", w.Code, w.Header().Get("Location"))
	}}
	return fmt.Sprint(w.Code)
}}

func main() {{
	gin.SetMode(gin.ReleaseMode)
	fmt.Printf("version\t%s\n", gin.Version)
	for _, c := range cases {{
		engine, failure := register(c.routes)
		if failure != nil {{
			fmt.Printf("%s\tpanic\n", c.name)
			continue
		}}
		fmt.Printf("%s\tok\n", c.name)
		fmt.Printf("%s routes\t%s\n", c.name, registered(engine))
		for i, r := range c.requests {{
			fmt.Printf("%s #%d\t%s\n", c.name, i, serve(engine, r))
		}}
	}}
}}
"#
    )
}

/// Runs a go command in GOPATH mode against Debian's packages (and `gopath`), and
/// returns its output once it succeeded.
fn go(gopath: &Path, dir: &Path, args: &[&str]) -> String {
    let output = Command::new("go")
        .args(args)
        .current_dir(dir)
        .env("GOPATH", format!("{}:/usr/share/gocode", gopath.display()))
        .env("GO111MODULE", "off")
        .env("GOFLAGS", "")
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "the Gin oracle needs the go command (Go 1.19+ with Gin {GIN_VERSION} under \
                 /usr/share/gocode: Debian's golang-go and golang-github-gin-gonic-gin-dev): {e}"
            )
        });
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "go {} failed:\n{stdout}\n{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// A fresh scratch folder, removed when dropped.
struct Scratch(std::path::PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("gin-oracle-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs the program once; its answers by key (`name`, `name #i`, `name routes`,
/// `version`).
fn run_gin(cases: &[Case]) -> BTreeMap<String, String> {
    let dir = Scratch::new("cases");
    std::fs::write(dir.0.join("main.go"), go_program(cases)).unwrap();
    go(&dir.0, &dir.0, &["run", "main.go"])
        .lines()
        .filter_map(|line| line.split_once('\t'))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

/// The design of a case: consecutive routes under the same groups form one route
/// group. A design's groups do not nest, so a nested chain becomes the one prefix
/// Gin computes for it (`gin_join` along the chain); a single prefix is kept as
/// written, for `join_path` to join.
fn design(case: &Case) -> Design {
    let mut groups: Vec<(Vec<String>, RouteGroup)> = Vec::new();
    for r in &case.routes {
        if groups.last().is_none_or(|(chain, _)| *chain != r.groups) {
            let prefix = match r.groups.as_slice() {
                [] => String::new(),
                [one] => one.clone(),
                chain => chain
                    .iter()
                    .fold("/".to_owned(), |base, p| gin_join(&base, p)),
            };
            groups.push((
                r.groups.clone(),
                RouteGroup {
                    prefix,
                    middleware: Vec::new(),
                    routes: Vec::new(),
                },
            ));
        }
        if let Some((_, group)) = groups.last_mut() {
            group.routes.push(Route::new(r.method, &r.path));
        }
    }
    let mut design = Design {
        middleware: Vec::new(),
        groups: groups.into_iter().map(|(_, g)| g).collect(),
        ..Design::default()
    };
    // Requests go straight to the Service: no routing layer in front.
    design.cluster.gateway = None;
    design
}

/// The full paths our model registers, as the Go program lists them.
fn our_routes(design: &Design) -> String {
    let mut all: Vec<String> = design
        .routes()
        .map(|r| format!("{} {}", r.route.method.as_str(), r.full_path))
        .collect();
    all.sort();
    all.join(" | ")
}

/// `panic` when we report a start-up error, else `ok`.
fn our_start(design: &Design) -> &'static str {
    let refused = routes::validate(design)
        .iter()
        .any(|d| d.rule.starts_with("GR1") && d.severity == Severity::Error);
    if refused {
        "panic"
    } else {
        "ok"
    }
}

/// Our simulator's answer in the Go program's words.
fn our_answer(design: &Design, (method, path): &(Method, String)) -> String {
    let trace = simulate(design, &Request::new(*method, "example.com", path));
    match trace.status {
        0 => "panic".to_owned(),
        200 => format!(
            "200 {}",
            trace.route.map(|r| r.full_path).unwrap_or_default()
        ),
        301 | 307 => format!("{} {}", trace.status, trace.location.unwrap_or_default()),
        status => status.to_string(),
    }
}

#[derive(Default)]
struct Tally {
    cases: usize,
    agree: usize,
    panics: usize,
    /// Cases that started, whose registered full paths were compared.
    joins: usize,
    joins_agree: usize,
    lookups: usize,
    lookups_agree: usize,
    differences: Vec<String>,
}

fn compare(cases: &[Case], gin: &BTreeMap<String, String>) -> Tally {
    let mut tally = Tally::default();
    for case in cases {
        let design = design(case);
        let theirs = gin.get(&case.name).map_or("missing", String::as_str);
        let ours = our_start(&design);
        tally.cases += 1;
        if theirs == "panic" {
            tally.panics += 1;
        }
        if theirs == ours {
            tally.agree += 1;
        } else {
            tally.differences.push(format!(
                "{}: Gin {theirs}, we {ours}; routes {:?}",
                case.name, case.routes
            ));
            continue;
        }
        if ours == "panic" {
            continue;
        }
        let theirs = gin.get(&format!("{} routes", case.name));
        let theirs = theirs.map_or("missing", String::as_str);
        let ours = our_routes(&design);
        tally.joins += 1;
        if theirs == ours {
            tally.joins_agree += 1;
        } else {
            tally.differences.push(format!(
                "{}: Gin registered [{theirs}], we [{ours}]; routes {:?}",
                case.name, case.routes
            ));
        }
        for (i, request) in case.requests.iter().enumerate() {
            let theirs = gin.get(&format!("{} #{i}", case.name));
            let theirs = theirs.map_or("missing", String::as_str);
            let ours = our_answer(&design, request);
            tally.lookups += 1;
            if theirs == ours {
                tally.lookups_agree += 1;
            } else {
                tally.differences.push(format!(
                    "{}: {} {} -> Gin {theirs:?}, we {ours:?}; routes {:?}",
                    case.name,
                    request.0.as_str(),
                    request.1,
                    case.routes
                ));
            }
        }
    }
    tally
}

#[test]
fn real_gin_panics_and_routes_exactly_as_we_predict() {
    let fixtures = fixtures();
    assert!(
        fixtures.len() >= 30,
        "only {} fixture cases",
        fixtures.len()
    );
    let seed = std::env::var("GIN_ORACLE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(SEED);
    let generated = random_cases(seed, RANDOM_CASES);
    let all: Vec<Case> = fixtures.into_iter().chain(generated).collect();
    let gin = run_gin(&all);
    assert_eq!(
        gin.get("version").map(String::as_str),
        Some(GIN_VERSION),
        "the model follows Gin {GIN_VERSION}"
    );
    let (fixed, random): (Vec<Case>, Vec<Case>) = all
        .into_iter()
        .partition(|c| !c.name.starts_with("random-"));
    let f = compare(&fixed, &gin);
    let r = compare(&random, &gin);
    println!(
        "gin oracle (Gin {GIN_VERSION}, seed {seed:#x}):\n  \
         fixtures: {}/{} cases agree ({} panic in Gin), {}/{} full path sets agree, {}/{} lookups agree\n  \
         generated: {}/{} cases agree ({} panic in Gin), {}/{} full path sets agree, {}/{} lookups agree",
        f.agree,
        f.cases,
        f.panics,
        f.joins_agree,
        f.joins,
        f.lookups_agree,
        f.lookups,
        r.agree,
        r.cases,
        r.panics,
        r.joins_agree,
        r.joins,
        r.lookups_agree,
        r.lookups
    );
    // Both outcomes must occur, or agreement would mean little.
    assert!(f.panics > 0 && f.panics < f.cases && f.joins > 0);
    assert!(r.panics > 0 && r.panics < r.cases && r.lookups > 0 && r.joins > 0);
    let differences: Vec<&String> = f.differences.iter().chain(&r.differences).collect();
    assert!(
        differences.is_empty(),
        "{} disagreements with Gin:\n{}",
        differences.len(),
        differences
            .iter()
            .take(30)
            .map(|d| d.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// A design whose groups Gin joins in every way the generated router registers
/// them: routes on the engine, a trailing-slash prefix with its own middleware
/// (`r.Group("/api/", …)`), a prefix without one, and `r.Group("", …)`; with the
/// routes the router adds itself, a metrics endpoint and CORS preflights.
const ROUTER_DESIGN: &str = "version: 1
middleware:
- {kind: recovery}
- {kind: metrics, path: /internal/metrics}
groups:
- routes:
  - {method: GET, path: /healthz}
  - {method: GET, path: /}
- prefix: /api/
  middleware: [{kind: requestId, header: X-Request-ID}]
  routes:
  - {method: GET, path: ''}
  - {method: GET, path: /users/}
  - {method: POST, path: /users}
  - {method: GET, path: /users/:id}
- prefix: /v2
  middleware:
  - kind: cors
    allowOrigins: [https://app.example.com]
    allowMethods: [GET, POST]
    allowHeaders: [Content-Type]
    allowCredentials: false
    maxAgeSeconds: 600
  routes:
  - {method: GET, path: ''}
  - {method: GET, path: /}
  - {method: POST, path: /items/:id}
- prefix: ''
  middleware: [{kind: timeout, millis: 2000}]
  routes:
  - {method: GET, path: /ping}
";

/// Lists what the bundle's `routers.Setup` registers, from inside its own package.
const LIST_ROUTES_TEST: &str = r#"package routers

import (
	"fmt"
	"sort"
	"strings"
	"testing"
)

func TestOracleRegisteredRoutes(t *testing.T) {
	var all []string
	for _, r := range Setup(testConfig()).Routes() {
		all = append(all, r.Method+" "+r.Path)
	}
	sort.Strings(all)
	fmt.Printf("registered\t%s\n", strings.Join(all, " | "))
}
"#;

#[test]
fn the_generated_router_registers_the_full_paths_we_compute() {
    let design = parse_design(ROUTER_DESIGN).unwrap_or_else(|e| panic!("{e}"));
    let gopath = Scratch::new("bundle");
    let dir = gopath.0.join("src").join(&design.service.module);
    for file in render(&design) {
        if file.path == "go.mod" || file.path.ends_with(".go") {
            let target = dir.join(&file.path);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(&target, &file.contents).unwrap();
        }
    }
    std::fs::write(dir.join("routers/oracle_routes_test.go"), LIST_ROUTES_TEST).unwrap();
    // The bundle's own router test requests every route at the path our model
    // computes and expects its designed status; it must pass against real Gin.
    let output = go(&gopath.0, &dir, &["test", "-v", "./routers/"]);
    let registered = output
        .lines()
        .find_map(|line| line.strip_prefix("registered\t"))
        .unwrap_or_else(|| panic!("no route list in:\n{output}"));
    // What the router registers beyond the designed routes is what the start-up
    // checks register too.
    let mut ours: Vec<String> = registrations(&design)
        .iter()
        .map(|r| format!("{} {}", r.method.as_str(), r.full_path))
        .collect();
    ours.sort();
    assert_eq!(registered, ours.join(" | "));
    // Metrics have an engine of their own on the metrics port; preflights are Setup's.
    assert!(
        !registered.contains("/internal/metrics") && registered.contains("OPTIONS /v2/items/:id"),
        "{registered}"
    );
    // The joins this design is about, spelled out.
    let registered: Vec<&str> = registered.split(" | ").collect();
    for (prefix, path, full) in [
        ("/api/", "", "/api/"),
        ("/api/", "/users/", "/api/users/"),
        ("/v2", "", "/v2"),
        ("/v2", "/", "/v2/"),
        ("", "/ping", "/ping"),
    ] {
        assert_eq!(join_path(prefix, path), full);
        assert!(
            registered.contains(&format!("GET {full}").as_str()),
            "{full} in {registered:?}"
        );
    }
}
