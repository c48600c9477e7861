//! The Gin oracle: the real Gin (1.8.1, installed with Go under /usr/share/gocode)
//! must panic at start-up exactly when we report a `GR1xx` error, and must answer
//! every looked-up path with the status, route and redirect our simulator predicts.
//!
//! Cases are the route sets in `tests/fixtures/gin/*.routes` (one `METHOD PATH` per
//! line in registration order, `? METHOD PATH` for a request to look up, `#` for a
//! comment) plus a few hundred generated ones. All of them go into ONE Go program,
//! built and run once, so the whole test takes seconds. Without Go the test fails:
//! a model of Gin checked against nothing proves nothing.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use gin_deploy::model::{Design, Method, Route, RouteGroup};
use gin_deploy::simulate::{simulate, Request};
use gin_deploy::validate::{routes, Severity};

const GIN_VERSION: &str = "v1.8.1";
const RANDOM_CASES: usize = 500;
const SEED: u64 = 0x5EED_61E0_2026;

#[derive(Clone, Debug)]
struct Case {
    name: String,
    routes: Vec<(Method, String)>,
    requests: Vec<(Method, String)>,
}

fn parse_case(name: &str, text: &str) -> Case {
    let mut case = Case {
        name: name.to_owned(),
        routes: Vec::new(),
        requests: Vec::new(),
    };
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
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
        let entry = (method, path.trim().to_owned());
        if request {
            case.requests.push(entry);
        } else {
            case.routes.push(entry);
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
                    if path.is_empty() || rng.below(7) == 0 {
                        path.push('/');
                    }
                    (method(&mut rng), path)
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

fn go_pairs(pairs: &[(Method, String)]) -> String {
    pairs
        .iter()
        .map(|(m, p)| format!("{{{}, {}}}", go_string(m.as_str()), go_string(p)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The Go program: each case on a fresh `gin.New()`, registration inside
/// `recover()`, then each request through `ServeHTTP`.
fn go_program(cases: &[Case]) -> String {
    let mut table = String::new();
    for case in cases {
        table.push_str(&format!(
            "\t{{{}, []pair{{{}}}, []pair{{{}}}}},\n",
            go_string(&case.name),
            go_pairs(&case.routes),
            go_pairs(&case.requests)
        ));
    }
    format!(
        r#"package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"

	"github.com/gin-gonic/gin"
)

type pair struct{{ method, path string }}

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
		engine.Handle(r.method, r.path, func(c *gin.Context) {{ c.String(200, c.FullPath()) }})
	}}
	return engine, nil
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
		for i, r := range c.requests {{
			fmt.Printf("%s #%d\t%s\n", c.name, i, serve(engine, r))
		}}
	}}
}}
"#
    )
}

/// Runs the program once; its answers by key (`name`, `name #i`, `version`).
fn run_gin(cases: &[Case]) -> BTreeMap<String, String> {
    let dir = std::env::temp_dir().join(format!("gin-oracle-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("main.go"), go_program(cases)).unwrap();
    let output = Command::new("go")
        .args(["run", "main.go"])
        .current_dir(&dir)
        .env("GOPATH", format!("{}:/usr/share/gocode", dir.display()))
        .env("GO111MODULE", "off")
        .env("GOFLAGS", "")
        .output();
    let _ = std::fs::remove_dir_all(&dir);
    let output = output.unwrap_or_else(|e| {
        panic!(
            "the Gin oracle needs the go command (Go 1.19+ with Gin {GIN_VERSION} under \
             /usr/share/gocode: Debian's golang-go and golang-github-gin-gonic-gin-dev): {e}"
        )
    });
    assert!(
        output.status.success(),
        "the oracle program failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .filter_map(|line| line.split_once('\t'))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

fn design(case: &Case) -> Design {
    Design {
        middleware: Vec::new(),
        groups: vec![RouteGroup {
            prefix: String::new(),
            middleware: Vec::new(),
            routes: case.routes.iter().map(|(m, p)| Route::new(*m, p)).collect(),
        }],
        ..Design::default()
    }
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
         fixtures: {}/{} cases agree ({} panic in Gin), {}/{} lookups agree\n  \
         generated: {}/{} cases agree ({} panic in Gin), {}/{} lookups agree",
        f.agree,
        f.cases,
        f.panics,
        f.lookups_agree,
        f.lookups,
        r.agree,
        r.cases,
        r.panics,
        r.lookups_agree,
        r.lookups
    );
    // Both outcomes must occur, or agreement would mean little.
    assert!(f.panics > 0 && f.panics < f.cases);
    assert!(r.panics > 0 && r.panics < r.cases && r.lookups > 0);
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
