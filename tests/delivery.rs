//! The delivery files of the bundle: `.env.example`, `.dockerignore`, `openapi.yaml`,
//! the CI pipeline and `README.md`. Snapshots for three designs, and the promises the
//! files make: secrets never leak, `.env` values read back exactly through godotenv's
//! rules, OpenAPI paths and operation ids are right, CI deploys only the default branch.

use std::collections::{BTreeMap, HashSet};

use gin_deploy::bundle::{render, GeneratedFile};
use gin_deploy::generate::env::quote;
use gin_deploy::generate::go::DEV_JWT_SECRET;
use gin_deploy::generate::openapi::{openapi, openapi_path, PathParam};
use gin_deploy::model::{
    CiFlavour, ConfigVar, Database, Design, Ingress, Method, Middleware, Route, RouteGroup,
};
use gin_deploy::yaml::from_yaml;
use serde_json::Value;

const DELIVERY_FILES: [&str; 6] = [
    ".dockerignore",
    ".env.example",
    "openapi.yaml",
    ".github/workflows/ci.yml",
    ".gitlab-ci.yml",
    "README.md",
];

fn route(method: Method, path: &str) -> Route {
    Route::new(method, path)
}

fn var(name: &str, value: &str, secret: bool) -> ConfigVar {
    ConfigVar {
        name: name.into(),
        value: value.into(),
        secret,
    }
}

/// Plain config values that YAML 1.1 or `.env` readers would misread if written bare.
fn tricky_plain_vars() -> Vec<ConfigVar> {
    vec![
        var("FEATURE_FLAG", "on", false),
        var("ENABLE_CACHE", "yes", false),
        var("MASK", "0x10", false),
        var("NOTHING", "~", false),
        var("GREETING", "say \"hi\", it's me", false),
        var("UNICODE", "héllo wörld ✓ 你好", false),
        var("WITH_HASH", "a #b", false),
        var("WITH_DOLLAR", "$HOME/cache", false),
        var("TWO_LINES", "line one\nline two", false),
        var("EMPTY", "", false),
    ]
}

/// Secret values that must never appear in a generated file.
const SECRET_VALUES: [&str; 4] = [
    "jwt-signing-key-DO-NOT-LEAK-4f1b",
    "sk_live_DO_NOT_LEAK_9c2e",
    "p@ss \"w0rd\" DO-NOT-LEAK",
    "postgres://app:hunter2-DO-NOT-LEAK@db:5432/app",
];

/// JWT on the `/api/v1/user` group, CORS, rate limit, timeout and JSON validation
/// globally, secrets and tricky plain values, a database, TLS Ingress, ghcr.io image.
fn secured() -> Design {
    let mut design = Design::default();
    design.service.name = "user-api".into();
    design.service.module = "example.com/team/user-api".into();
    design.service.port = 9090;
    design.service.go_version = "1.24".into();
    design.middleware = vec![
        Middleware::Recovery,
        Middleware::Logger,
        Middleware::Cors {
            allow_origins: vec!["https://app.example.com".into()],
            allow_methods: vec!["GET".into(), "POST".into()],
            allow_headers: vec!["Authorization".into(), "Content-Type".into()],
            allow_credentials: false,
            max_age_seconds: 600,
        },
        Middleware::RateLimit {
            requests_per_second: 10,
            burst: 20,
        },
        Middleware::Timeout { millis: 5_000 },
        Middleware::ValidateJson,
    ];
    design.groups = vec![
        RouteGroup {
            prefix: String::new(),
            middleware: Vec::new(),
            routes: vec![route(Method::Get, "/healthz"), route(Method::Get, "/ping")],
        },
        RouteGroup {
            prefix: "/api/v1/user".into(),
            middleware: vec![Middleware::JwtAuth {
                header: "Authorization".into(),
                secret_env: "JWT_SECRET".into(),
            }],
            routes: vec![
                Route {
                    summary: "List users".into(),
                    ..route(Method::Get, "")
                },
                route(Method::Get, "/:id"),
                Route {
                    status: 201,
                    summary: "Create a user: `name` and \"email\" # required".into(),
                    ..route(Method::Post, "")
                },
                route(Method::Put, "/:id"),
                Route {
                    status: 204,
                    ..route(Method::Delete, "/:id")
                },
                route(Method::Get, "/:id/files/*filepath"),
            ],
        },
        RouteGroup {
            prefix: "/api/v2/user".into(),
            middleware: Vec::new(),
            routes: vec![route(Method::Get, "/:id"), route(Method::Head, "/:id")],
        },
    ];
    let mut vars = tricky_plain_vars();
    vars.extend([
        var("JWT_SECRET", SECRET_VALUES[0], true),
        var("API_KEY", SECRET_VALUES[1], true),
        var("DB_PASSWORD", SECRET_VALUES[2], true),
        var("DATABASE_URL", SECRET_VALUES[3], true),
        // A config entry that restates a variable the service already sets.
        var("PORT", "1234", false),
    ]);
    design.config.vars = vars;
    design.database = Some(Database::default());
    design.cluster.namespace = "users".into();
    design.cluster.gateway = None;
    design.cluster.ingress = Some(Ingress {
        host: "api.example.com".into(),
        tls_secret: "api-example-com-tls".into(),
        path_prefix: "/users-service".into(),
        ..Ingress::default()
    });
    design.delivery.image = "ghcr.io/team/user-api:2.0.0".into();
    design
}

/// GitLab CI, a JWT in a custom header, no TLS, an image in GitLab's registry.
fn gitlab() -> Design {
    let mut design = Design::default();
    design.service.name = "shop".into();
    design.service.module = "gitlab.com/team/shop".into();
    design.service.port = 3000;
    design.groups = vec![
        RouteGroup {
            prefix: String::new(),
            middleware: Vec::new(),
            routes: vec![route(Method::Get, "/readyz"), route(Method::Get, "/")],
        },
        RouteGroup {
            prefix: "/admin".into(),
            middleware: vec![
                Middleware::JwtAuth {
                    header: "X-Auth-Token".into(),
                    secret_env: "ADMIN_JWT_KEY".into(),
                },
                Middleware::Timeout { millis: 2_000 },
            ],
            routes: vec![
                route(Method::Patch, "/orders/:order_id"),
                route(Method::Get, "/orders"),
            ],
        },
    ];
    design.config.vars = vec![
        var("SHOP_CURRENCY", "EUR", false),
        var("SHOP_TITLE", "Bob's shop", false),
    ];
    design.cluster.namespace = "shop".into();
    design.cluster.gateway = None;
    design.cluster.ingress = Some(Ingress {
        host: "shop.example.com".into(),
        ..Ingress::default()
    });
    design.delivery.ci = CiFlavour::GitlabCi;
    design.delivery.image = "registry.gitlab.com/team/shop:1.2.3".into();
    design
}

fn scenarios() -> [(&'static str, Design); 3] {
    [
        ("default", Design::default()),
        ("secured", secured()),
        ("gitlab", gitlab()),
    ]
}

fn file<'a>(files: &'a [GeneratedFile], path: &str) -> &'a str {
    &files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path} in the bundle"))
        .contents
}

fn delivery_files(design: &Design) -> Vec<GeneratedFile> {
    render(design)
        .into_iter()
        .filter(|f| DELIVERY_FILES.contains(&f.path.as_str()))
        .collect()
}

#[test]
fn delivery_file_snapshots() {
    for (scenario, design) in scenarios() {
        let files = delivery_files(&design);
        assert_eq!(files.len(), 5, "{scenario}");
        for file in files {
            insta::assert_snapshot!(
                format!("{scenario}__{}", file.path.replace('/', "__")),
                file.contents
            );
        }
    }
}

#[test]
fn one_pipeline_file_per_flavour() {
    let paths = |design: &Design| -> Vec<String> {
        delivery_files(design)
            .into_iter()
            .map(|f| f.path)
            .filter(|p| p.contains("ci"))
            .collect()
    };
    assert_eq!(paths(&Design::default()), [".github/workflows/ci.yml"]);
    assert_eq!(paths(&gitlab()), [".gitlab-ci.yml"]);
}

#[test]
fn secret_values_never_appear_in_delivery_files() {
    for (scenario, design) in scenarios() {
        for file in delivery_files(&design) {
            for secret in SECRET_VALUES {
                assert!(
                    !file.contents.contains(secret),
                    "{scenario}: {} leaks {secret:?}",
                    file.path
                );
            }
        }
    }
}

// ------------------------------------------------------------------ .env

/// godotenv v1.5.1's `parseBytes` (parser.go), ported line by line, so the test reads
/// `.env` the way the Go service will.
mod godotenv {
    use std::collections::BTreeMap;

    fn is_space(c: char) -> bool {
        matches!(
            c,
            '\t' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{85}' | '\u{a0}'
        )
    }

    pub fn parse(src: &str) -> Result<BTreeMap<String, String>, String> {
        let src = src.replace("---\n", "\n").replace("\r\n", "\n");
        let mut out = BTreeMap::new();
        let mut cutset = src.as_str();
        while let Some(statement) = statement_start(cutset) {
            let (key, left) = key_name(statement)?;
            let (value, left) = var_value(left, &out)?;
            out.insert(key, value);
            cutset = left;
        }
        Ok(out)
    }

    fn statement_start(src: &str) -> Option<&str> {
        let src = &src[src.find(|c: char| !c.is_whitespace())?..];
        if !src.starts_with('#') {
            return Some(src);
        }
        statement_start(&src[src.find('\n')?..])
    }

    fn key_name(src: &str) -> Result<(String, &str), String> {
        let mut src = src.trim_start_matches(is_space);
        if let Some(trimmed) = src.strip_prefix("export") {
            if trimmed.starts_with(is_space) {
                src = trimmed.trim_start_matches(is_space);
            }
        }
        let mut key = "";
        let mut offset = 0;
        for (i, byte) in src.bytes().enumerate() {
            let c = char::from(byte);
            if is_space(c) {
                continue;
            }
            match c {
                '=' | ':' => {
                    key = &src[..i];
                    offset = i + 1;
                    break;
                }
                '_' => {}
                c if c.is_alphanumeric() || c == '.' => {}
                c => return Err(format!("unexpected character {c:?} in variable name")),
            }
        }
        if src.is_empty() {
            return Err("zero length string".into());
        }
        Ok((
            key.trim_end().to_owned(),
            src[offset..].trim_start_matches(is_space),
        ))
    }

    fn var_value<'a>(
        src: &'a str,
        vars: &BTreeMap<String, String>,
    ) -> Result<(String, &'a str), String> {
        let quote = match src.chars().next() {
            Some(q @ ('"' | '\'')) => q,
            _ => {
                let end = src.find(['\n', '\r']).unwrap_or(src.len());
                let line: Vec<char> = src[..end].chars().collect();
                let mut end_of_var = line.len();
                for i in (1..line.len()).rev() {
                    if line[i] == '#' && is_space(line[i - 1]) {
                        end_of_var = i;
                        break;
                    }
                }
                let value: String = line[..end_of_var].iter().collect();
                return Ok((
                    expand_variables(value.trim_matches(is_space), vars),
                    &src[end..],
                ));
            }
        };
        let bytes = src.as_bytes();
        for i in 1..bytes.len() {
            if char::from(bytes[i]) != quote || bytes[i - 1] == b'\\' {
                continue;
            }
            let value = src[..i].trim_end_matches(quote).trim_start_matches(quote);
            let value = if quote == '"' {
                expand_variables(&expand_escapes(value), vars)
            } else {
                value.to_owned()
            };
            return Ok((value, &src[i + 1..]));
        }
        Err(format!("unterminated quoted value {src}"))
    }

    /// `\\.` (no newline) with `\n` and `\r` decoded, then `\\([^$])` → `$1`.
    fn expand_escapes(value: &str) -> String {
        let chars: Vec<char> = value.chars().collect();
        let mut first = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if chars[i] == '\\' && i + 1 < chars.len() && chars[i + 1] != '\n' {
                match chars[i + 1] {
                    'n' => first.push('\n'),
                    'r' => first.push('\r'),
                    c => first.extend(['\\', c]),
                }
                i += 2;
            } else {
                first.push(chars[i]);
                i += 1;
            }
        }
        let mut out = String::new();
        let mut i = 0;
        while i < first.len() {
            if first[i] == '\\' && i + 1 < first.len() && first[i + 1] != '$' {
                out.push(first[i + 1]);
                i += 2;
            } else {
                out.push(first[i]);
                i += 1;
            }
        }
        out
    }

    /// `(\\)?(\$)(\()?\{?([A-Z0-9_]+)?\}?`, leftmost-first, as `expandVariables` uses it
    /// (unknown names read as empty; this test has no process environment to consult).
    fn expand_variables(value: &str, vars: &BTreeMap<String, String>) -> String {
        let chars: Vec<char> = value.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        while i < chars.len() {
            let escaped = chars[i] == '\\' && chars.get(i + 1) == Some(&'$');
            if !escaped && chars[i] != '$' {
                out.push(chars[i]);
                i += 1;
                continue;
            }
            let start = i;
            i += if escaped { 2 } else { 1 };
            if chars.get(i) == Some(&'(') {
                i += 1;
            }
            if chars.get(i) == Some(&'{') {
                i += 1;
            }
            let name_start = i;
            while chars
                .get(i)
                .is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '_')
            {
                i += 1;
            }
            let name: String = chars[name_start..i].iter().collect();
            if chars.get(i) == Some(&'}') {
                i += 1;
            }
            let matched: String = chars[start..i].iter().collect();
            if escaped {
                out.push_str(&matched[1..]);
            } else if !name.is_empty() {
                out.push_str(vars.get(&name).map_or("", String::as_str));
            } else {
                out.push_str(&matched);
            }
        }
        out
    }
}

#[test]
fn godotenv_port_reads_its_own_documented_cases() {
    let parsed = godotenv::parse(
        "# comment\nexport A=plain # trailing\nB='single $A'\nC=\"double \\\"q\\\" \\n $A \\$A\"\nD: yaml-ish\n",
    )
    .unwrap();
    assert_eq!(parsed["A"], "plain");
    assert_eq!(parsed["B"], "single $A");
    assert_eq!(parsed["C"], "double \"q\" \n plain $A");
    assert_eq!(parsed["D"], "yaml-ish");
}

#[test]
fn env_quoting_round_trips_every_short_tricky_value() {
    let alphabet = [
        'a', 'X', ' ', '\t', '#', '\'', '"', '\\', '$', '{', '=', '-', '\n', '\r', 'é',
    ];
    let mut values = vec![String::new()];
    let mut frontier = values.clone();
    for _ in 0..3 {
        frontier = frontier
            .iter()
            .flat_map(|v| alphabet.iter().map(move |c| format!("{v}{c}")))
            .collect();
        values.extend(frontier.iter().cloned());
    }
    let mut unwritable = 0;
    for value in &values {
        match quote(value) {
            Some(quoted) => {
                let parsed = godotenv::parse(&format!("BEFORE=1\nK={quoted}\nAFTER=2\n"))
                    .unwrap_or_else(|e| panic!("{value:?} as {quoted:?}: {e}"));
                assert_eq!(parsed.get("K"), Some(value), "{value:?} as {quoted:?}");
                assert_eq!(
                    parsed.get("AFTER").map(String::as_str),
                    Some("2"),
                    "{value:?}"
                );
                assert_eq!(parsed.len(), 3, "{value:?} as {quoted:?}");
            }
            None => {
                // Only values no godotenv syntax carries: single quotes are out (a `'`,
                // a line break or a trailing `\`), so are double quotes (a trailing `"`
                // or `\`), and so is a bare value (a line break, a leading quote, or
                // spaces and comments godotenv would trim).
                unwritable += 1;
                assert!(
                    value.contains(['\'', '\n', '\r']) || value.ends_with('\\'),
                    "{value:?}"
                );
                assert!(value.ends_with(['"', '\\']), "{value:?}");
                assert!(
                    value.contains(['\n', '\r', ' ', '\t']) || value.starts_with(['\'', '"']),
                    "{value:?}"
                );
            }
        }
    }
    println!("{unwritable} of {} values cannot be written", values.len());
    for writable in ["it's \"quoted\"", "a'b\\", "C:\\dir\\", "say \"hi\""] {
        assert!(quote(writable).is_some(), "{writable:?}");
    }
}

#[test]
fn env_example_reads_back_as_designed_with_placeholders_for_secrets() {
    let design = secured();
    let parsed = godotenv::parse(file(&render(&design), ".env.example")).unwrap();
    for var in tricky_plain_vars() {
        assert_eq!(parsed.get(&var.name), Some(&var.value), "{}", var.name);
    }
    assert_eq!(parsed["PORT"], "9090");
    // The design runs in release mode, where the service refuses the development key
    // and placeholders below: a local run from the example uses debug mode.
    assert_eq!(parsed["GIN_MODE"], "debug");
    assert_eq!(parsed["JWT_SECRET"], DEV_JWT_SECRET);
    for secret in ["API_KEY", "DB_PASSWORD", "DATABASE_URL"] {
        assert_eq!(parsed[secret], "change-me", "{secret}");
    }
    let expected: HashSet<&str> = design
        .config
        .vars
        .iter()
        .map(|v| v.name.as_str())
        .chain(["GIN_MODE"])
        .collect();
    let found: HashSet<&str> = parsed.keys().map(String::as_str).collect();
    assert_eq!(found, expected);
}

#[test]
fn env_example_adds_the_jwt_key_and_database_url_the_design_implies() {
    let mut design = gitlab();
    design.database = Some(Database::default());
    let text = file(&render(&design), ".env.example").to_owned();
    let parsed = godotenv::parse(&text).unwrap();
    assert_eq!(parsed["ADMIN_JWT_KEY"], DEV_JWT_SECRET);
    assert_eq!(parsed["DATABASE_URL"], "change-me");
    let comment = text
        .lines()
        .take_while(|l| !l.starts_with("ADMIN_JWT_KEY="))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(comment.contains("for local development only"), "{comment}");
}

// ------------------------------------------------------------------ OpenAPI

#[test]
fn gin_paths_become_openapi_templates() {
    let param = |name: &str, catch_all| PathParam {
        name: name.into(),
        catch_all,
    };
    for (gin, path, params) in [
        ("/ping", "/ping", vec![]),
        ("/", "/", vec![]),
        ("/users/:id", "/users/{id}", vec![param("id", false)]),
        (
            "/files/*filepath",
            "/files/{filepath}",
            vec![param("filepath", true)],
        ),
        (
            "/orgs/:org/repos/:repo",
            "/orgs/{org}/repos/{repo}",
            vec![param("org", false), param("repo", false)],
        ),
        ("/api/v1/user", "/api/v1/user", vec![]),
        ("ping", "/ping", vec![]),
    ] {
        assert_eq!(openapi_path(gin), (path.to_owned(), params), "{gin}");
    }
}

fn operations(document: &Value) -> Vec<(String, String, &Value)> {
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            found.push((path.clone(), method.clone(), operation));
        }
    }
    found
}

#[test]
fn operation_ids_are_unique_even_when_derived_names_collide() {
    let mut design = secured();
    // Same route below different groups, and an explicit handler name equal to a
    // derived one.
    design.groups.push(RouteGroup {
        prefix: "/api/v3/user".into(),
        middleware: Vec::new(),
        routes: vec![
            route(Method::Get, "/:id"),
            Route {
                handler: "getById".into(),
                ..route(Method::Get, "/other/:id")
            },
        ],
    });
    let document: Value = from_yaml(&openapi(&design)).unwrap();
    let ids: Vec<&str> = operations(&document)
        .iter()
        .map(|(_, _, op)| op["operationId"].as_str().unwrap())
        .collect();
    let unique: HashSet<&&str> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    assert_eq!(ids.len(), design.routes().count());
    assert!(ids.contains(&"getById"), "{ids:?}");
    assert!(ids.contains(&"getApiV2UserById"), "{ids:?}");
}

#[test]
fn openapi_declares_path_params_auth_and_middleware_statuses() {
    let design = secured();
    let document: Value = from_yaml(&openapi(&design)).unwrap();
    assert_eq!(document["openapi"], "3.0.3");
    let by_route: BTreeMap<(String, String), &Value> = operations(&document)
        .into_iter()
        .map(|(path, method, op)| ((method, path), op))
        .collect();
    let op = |method: &str, path: &str| by_route[&(method.to_owned(), path.to_owned())];
    let statuses = |op: &Value| -> Vec<String> {
        op["responses"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };

    let files = op("get", "/api/v1/user/{id}/files/{filepath}");
    let params: Vec<&str> = files["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(params, ["id", "filepath"]);
    assert!(files["parameters"][1]["description"]
        .as_str()
        .unwrap()
        .contains("slashes"));
    assert_eq!(files["security"], serde_json::json!([{ "bearerAuth": [] }]));
    assert_eq!(statuses(files), ["200", "401", "429", "503"]);

    let create = op("post", "/api/v1/user");
    assert_eq!(statuses(create), ["201", "400", "401", "415", "429", "503"]);
    assert_eq!(
        create["requestBody"]["content"]["application/json"]["schema"]["type"],
        "object"
    );
    assert!(create["summary"].as_str().unwrap().contains("`name`"));

    let health = op("get", "/healthz");
    assert!(health.get("security").is_none());
    assert_eq!(statuses(health), ["200", "429", "503"]);
    assert!(op("delete", "/api/v1/user/{id}")["responses"]["204"]
        .get("content")
        .is_none());
    assert!(op("head", "/api/v2/user/{id}")["responses"]["200"]
        .get("content")
        .is_none());

    let scheme = &document["components"]["securitySchemes"]["bearerAuth"];
    assert_eq!(scheme["type"], "http");
    assert_eq!(scheme["scheme"], "bearer");
    assert_eq!(scheme["bearerFormat"], "JWT");
    let servers: Vec<&str> = document["servers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["url"].as_str().unwrap())
        .collect();
    assert_eq!(
        servers,
        [
            "http://localhost:9090",
            "https://api.example.com/users-service"
        ]
    );
    assert_eq!(document["info"]["version"], "2.0.0");
}

#[test]
fn a_jwt_in_another_header_is_an_api_key_scheme() {
    let document: Value = from_yaml(&openapi(&gitlab())).unwrap();
    let scheme = &document["components"]["securitySchemes"]["bearerAuth"];
    assert_eq!(scheme["type"], "apiKey");
    assert_eq!(scheme["in"], "header");
    assert_eq!(scheme["name"], "X-Auth-Token");
    let default: Value = from_yaml(&openapi(&Design::default())).unwrap();
    assert!(default.get("components").is_none());
}

// ------------------------------------------------------------------ CI

fn github(design: &Design) -> Value {
    from_yaml(file(&render(design), ".github/workflows/ci.yml")).unwrap()
}

#[test]
fn github_workflow_vets_tests_builds_and_deploys_only_the_default_branch() {
    let design = secured();
    let workflow = github(&design);
    // YAML 1.1 would read a bare `on` key as `true`; it must stay the string.
    assert!(workflow.get("on").is_some(), "{workflow:#}");
    assert_eq!(
        workflow["permissions"],
        serde_json::json!({"contents": "read"})
    );
    assert_eq!(workflow["env"]["IMAGE_REPOSITORY"], "ghcr.io/team/user-api");
    assert_eq!(workflow["env"]["IMAGE_TAG"], "2.0.0");
    assert_eq!(workflow["env"]["NAMESPACE"], "users");
    let jobs = &workflow["jobs"];
    assert_eq!(jobs["test"]["needs"], serde_json::json!(["vet"]));
    assert_eq!(jobs["build"]["needs"], serde_json::json!(["test"]));
    assert_eq!(jobs["deploy"]["needs"], serde_json::json!(["build"]));

    let steps = |job: &str| jobs[job]["steps"].as_array().unwrap().clone();
    let runs = |job: &str| -> String {
        steps(job)
            .iter()
            .filter_map(|s| s["run"].as_str().map(str::to_owned))
            .collect()
    };
    for step in ["vet", "test", "build", "deploy"]
        .iter()
        .flat_map(|j| steps(j))
    {
        if let Some(uses) = step["uses"].as_str() {
            let (_, version) = uses.split_once('@').unwrap();
            assert!(version.starts_with('v'), "{uses} is not pinned");
        }
        if step["uses"] == "actions/setup-go@v5" {
            assert_eq!(step["with"]["go-version"], "1.24");
        }
    }
    assert!(runs("vet").contains("gofmt -l ."));
    assert!(runs("vet").contains("go vet ./..."));
    assert!(runs("test").contains("go test ./..."));

    let build = &jobs["build"];
    assert_eq!(build["permissions"]["packages"], "write");
    let push = steps("build")
        .into_iter()
        .find(|s| s["uses"] == "docker/build-push-action@v6")
        .unwrap();
    let tags = push["with"]["tags"].as_str().unwrap();
    assert!(tags.contains("${{ env.IMAGE_REPOSITORY }}:${{ github.sha }}"));
    assert!(tags.contains("${{ env.IMAGE_REPOSITORY }}:${{ env.IMAGE_TAG }}"));
    assert!(push["with"]["push"]
        .as_str()
        .unwrap()
        .contains("github.event.repository.default_branch"));

    let deploy = &jobs["deploy"];
    assert!(deploy["if"]
        .as_str()
        .unwrap()
        .contains("github.ref_name == github.event.repository.default_branch"));
    let deploy_runs = runs("deploy");
    assert!(deploy_runs
        .contains("kustomize edit set image \"$IMAGE_REPOSITORY=$IMAGE_REPOSITORY:$GITHUB_SHA\""));
    assert!(deploy_runs.contains("kubectl apply -k k8s/ --namespace \"$NAMESPACE\""));
    // Design values reach scripts only through the environment.
    assert!(!deploy_runs.contains("users"), "{deploy_runs}");

    // The Secret is created before the manifests are applied, from CI secrets named
    // like its keys, and only when the cluster has none (the tools tier runs it).
    let names: Vec<String> = steps("deploy")
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_owned())
        .collect();
    let at = |name: &str| names.iter().position(|n| n == name).unwrap();
    assert!(at("Apply the namespace") < at("Create the Secret when the cluster has none"));
    assert!(at("Create the Secret when the cluster has none") < at("Apply the manifests"));
    let create = &steps("deploy")[at("Create the Secret when the cluster has none")];
    assert_eq!(
        create["env"],
        serde_json::json!({
            "API_KEY": "${{ secrets.API_KEY }}",
            "DATABASE_URL": "${{ secrets.DATABASE_URL }}",
            "DB_PASSWORD": "${{ secrets.DB_PASSWORD }}",
            "JWT_SECRET": "${{ secrets.JWT_SECRET }}",
        })
    );
    let script = create["run"].as_str().unwrap();
    assert!(script.contains("--ignore-not-found"), "{script}");
    assert!(script.contains("kubectl create secret generic"), "{script}");
    assert!(!script.contains("kubectl apply"), "{script}");
    assert!(!script.contains("--from-literal"), "{script}");
    assert_eq!(workflow["env"]["SECRET_NAME"], "user-api-secrets");
    assert_eq!(
        workflow["env"]["SECRET_KEYS"],
        "API_KEY DATABASE_URL DB_PASSWORD JWT_SECRET"
    );
}

#[test]
fn a_service_without_secrets_deploys_without_a_secret_step() {
    let workflow = github(&Design::default());
    assert!(workflow["env"].get("SECRET_NAME").is_none());
    let names: Vec<&str> = workflow["jobs"]["deploy"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(!names.iter().any(|n| n.contains("Secret")), "{names:?}");
}

#[test]
fn github_workflow_uses_registry_secrets_outside_ghcr() {
    let workflow = github(&Design::default());
    let build = &workflow["jobs"]["build"];
    assert!(build.get("permissions").is_none());
    let login = build["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["uses"] == "docker/login-action@v3")
        .unwrap();
    assert_eq!(login["with"]["registry"], "registry.example.com");
    assert_eq!(
        login["with"]["password"],
        "${{ secrets.REGISTRY_PASSWORD }}"
    );
}

#[test]
fn gitlab_pipeline_runs_the_stages_and_deploys_only_the_default_branch() {
    let design = gitlab();
    let pipeline: Value = from_yaml(file(&render(&design), ".gitlab-ci.yml")).unwrap();
    assert_eq!(
        pipeline["stages"],
        serde_json::json!(["vet", "test", "build", "deploy"])
    );
    assert_eq!(pipeline["vet"]["image"], "golang:1.25");
    assert_eq!(pipeline["test"]["image"], "golang:1.25");
    assert_eq!(
        pipeline["build"]["services"],
        serde_json::json!(["docker:28-dind"])
    );
    assert_eq!(pipeline["variables"]["IMAGE_TAG"], "1.2.3");
    assert_eq!(pipeline["variables"]["REGISTRY"], "registry.gitlab.com");
    let script = |job: &str| -> String {
        pipeline[job]["script"]
            .as_array()
            .unwrap()
            .iter()
            .map(|line| line.as_str().unwrap())
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(script("build").contains("--tag \"$IMAGE_REPOSITORY:$CI_COMMIT_SHA\""));
    assert!(script("build").contains("--tag \"$IMAGE_REPOSITORY:$IMAGE_TAG\""));
    assert!(script("build").contains("if [ \"$CI_COMMIT_BRANCH\" = \"$CI_DEFAULT_BRANCH\" ]"));
    assert_eq!(
        pipeline["deploy"]["rules"],
        serde_json::json!([{ "if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH" }])
    );
    assert!(script("deploy").contains("$IMAGE_REPOSITORY:$CI_COMMIT_SHA"));
    assert!(script("deploy").contains("kubectl apply -k k8s/"));

    // The Secret comes from masked CI/CD variables named like its keys, which the
    // pipeline must not shadow with variables of its own.
    let deploy = script("deploy");
    let namespace = deploy.find("kubectl apply -f k8s/namespace.yaml").unwrap();
    let create = deploy.find("kubectl create secret generic").unwrap();
    let apply = deploy.find("kubectl apply -k k8s/").unwrap();
    assert!(namespace < create && create < apply, "{deploy}");
    assert_eq!(pipeline["variables"]["SECRET_NAME"], "shop-secrets");
    assert_eq!(pipeline["variables"]["SECRET_KEYS"], "ADMIN_JWT_KEY");
    assert!(pipeline["variables"].get("ADMIN_JWT_KEY").is_none());
    assert!(pipeline["deploy"].get("variables").is_none());
}

// ------------------------------------------------------------------ README

#[test]
fn readme_lists_every_file_and_uses_the_designed_port_and_image() {
    let design = secured();
    let files = render(&design);
    let readme = file(&files, "README.md");
    for f in &files {
        assert!(readme.contains(&format!("- `{}`", f.path)), "{}", f.path);
    }
    assert!(readme.contains("docker build -t ghcr.io/team/user-api:2.0.0 .\n"));
    assert!(readme
        .contains("docker run --rm -p 9090:9090 --env-file .env ghcr.io/team/user-api:2.0.0\n"));
    assert!(readme.contains("curl -i http://localhost:9090/healthz\n"));
    assert!(readme.contains("kubectl apply -k k8s/\n"));
    assert!(readme.contains("go mod tidy"));
    assert!(readme.contains(DEV_JWT_SECRET));
    assert!(readme.contains("create secret tls api-example-com-tls"));
}

#[test]
fn readme_says_how_the_secret_reaches_the_cluster() {
    let readme = file(&render(&secured()), "README.md").to_owned();
    assert!(
        readme.contains("## How secrets reach the cluster"),
        "{readme}"
    );
    assert!(!readme.contains("secret.yaml"), "{readme}");
    // By hand: every key from a file in a private directory, the JWT key random.
    assert!(readme.contains("dir=\"$(mktemp -d)\""), "{readme}");
    assert!(readme.contains("openssl rand -base64 48 | tr -d '\\n' > \"$dir\"/JWT_SECRET\n"));
    for key in ["API_KEY", "DATABASE_URL", "DB_PASSWORD"] {
        assert!(
            readme.contains(&format!("printf '%s' \"$value\" > \"$dir\"/{key} ")),
            "{key}"
        );
    }
    assert!(readme.contains(
        "kubectl --namespace users create secret generic user-api-secrets --from-file=\"$dir\"\n"
    ));
    // Rotation replaces the Secret and restarts the pods.
    assert!(readme.contains("--dry-run=client --output yaml | kubectl apply -f -"));
    assert!(readme.contains("kubectl --namespace users rollout restart deployment/user-api"));
    // CI and operators.
    assert!(readme.contains("`gh secret set NAME --env production`"));
    assert!(readme.contains("External Secrets"));
    assert!(readme.contains("Sealed Secrets"));
    assert!(!file(&render(&Design::default()), "README.md").contains("How secrets reach"));
}

#[test]
fn readme_keeps_odd_design_strings_inside_their_code() {
    let mut design = Design::default();
    design.service.module = "example.com/``odd`\nname".into();
    design.delivery.image = "registry.example.com/it's:1".into();
    let readme = file(&render(&design), "README.md").to_owned();
    assert!(
        readme.contains("module ```example.com/``odd` name```"),
        "{readme}"
    );
    assert!(readme.contains("docker build -t 'registry.example.com/it'\\''s:1' ."));
}
