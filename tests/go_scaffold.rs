//! The Go scaffold: snapshots of every Go file for the default design, a rich design
//! (JWT on a group, every global middleware) and one with a database and secrets;
//! quoting of user text into Go; handler names; every designed route registered.
//!
//! That the files also pass gofmt, go vet, go build and go test is checked by the
//! tools tier with a real Go toolchain, not here.

use gin_deploy::generate::go::{files, go_string, handler_names, DEV_JWT_SECRET};
use gin_deploy::model::{
    Config, ConfigVar, Database, Design, Method, Middleware, Route, RouteGroup, Service,
};

fn route(method: Method, path: &str) -> Route {
    Route::new(method, path)
}

/// The seed article's shape with everything switched on: JWT on `/api/v1/user`, and
/// CORS, request ids, rate limit, timeout, gzip, metrics, JSON validation and a custom
/// middleware on every request.
fn rich_design() -> Design {
    let catalog = Middleware::catalog();
    let global_kinds = [
        "Recovery",
        "Logger",
        "RequestID",
        "CORS",
        "Rate limit",
        "Timeout",
        "Gzip",
        "Metrics",
        "JSON validation",
        "Custom: audit",
    ];
    let middleware = global_kinds
        .iter()
        .map(|label| {
            catalog
                .iter()
                .find(|m| m.label() == *label)
                .cloned()
                .unwrap_or_else(|| panic!("no {label} in the catalog"))
        })
        .collect();
    let mut get_user = route(Method::Get, "/:id");
    get_user.handler = "GetUser".into();
    get_user.summary = "Fetch one user".into();
    let mut create_user = route(Method::Post, "");
    create_user.summary = "Create a user".into();
    create_user.status = 201;
    let mut delete_user = route(Method::Delete, "/:id");
    delete_user.status = 204;
    let mut login = route(Method::Post, "/login");
    login.summary = "Exchange credentials for a token".into();
    Design {
        service: Service {
            name: "user-service".into(),
            module: "example.com/team/user-service".into(),
            port: 9090,
            ..Service::default()
        },
        middleware,
        groups: vec![
            RouteGroup {
                prefix: String::new(),
                middleware: Vec::new(),
                routes: vec![
                    route(Method::Get, "/ping"),
                    route(Method::Get, "/healthz"),
                    route(Method::Get, "/readyz"),
                ],
            },
            RouteGroup {
                prefix: "/api/v1".into(),
                middleware: Vec::new(),
                routes: vec![login, route(Method::Get, "/users")],
            },
            RouteGroup {
                prefix: "/api/v1/user".into(),
                middleware: vec![Middleware::JwtAuth {
                    header: "Authorization".into(),
                    secret_env: "JWT_SECRET".into(),
                }],
                routes: vec![
                    get_user,
                    create_user,
                    route(Method::Put, "/:id"),
                    route(Method::Patch, "/:id"),
                    delete_user,
                    route(Method::Get, "/files/*filepath"),
                ],
            },
            RouteGroup {
                prefix: "/api/v2".into(),
                middleware: Vec::new(),
                routes: vec![route(Method::Get, "/users")],
            },
        ],
        config: Config {
            vars: vec![
                ConfigVar {
                    name: "LOG_LEVEL".into(),
                    value: "info".into(),
                    secret: false,
                },
                ConfigVar {
                    name: "JWT_SECRET".into(),
                    value: "my-local-jwt-key".into(),
                    secret: true,
                },
            ],
        },
        ..Design::default()
    }
}

/// A PostgreSQL-backed service with secrets and a readiness route.
fn database_design() -> Design {
    let mut create = route(Method::Post, "/orders");
    create.status = 201;
    Design {
        service: Service {
            name: "orders".into(),
            module: "example.com/orders".into(),
            ..Service::default()
        },
        groups: vec![
            RouteGroup {
                prefix: String::new(),
                middleware: Vec::new(),
                routes: vec![
                    route(Method::Get, "/healthz"),
                    route(Method::Get, "/readyz"),
                ],
            },
            RouteGroup {
                prefix: "/api".into(),
                middleware: Vec::new(),
                routes: vec![route(Method::Get, "/orders/:id"), create],
            },
        ],
        config: Config {
            vars: vec![
                ConfigVar {
                    name: "LOG_LEVEL".into(),
                    value: "debug".into(),
                    secret: false,
                },
                ConfigVar {
                    name: "DATABASE_URL".into(),
                    value: "postgres://dev:dev-password@localhost:5432/orders".into(),
                    secret: true,
                },
                ConfigVar {
                    name: "PAYMENT_API_KEY".into(),
                    value: "dev-payment-key".into(),
                    secret: true,
                },
            ],
        },
        database: Some(Database::default()),
        ..Design::default()
    }
}

fn snapshot_all(scenario: &str, design: &Design) {
    for file in files(design) {
        insta::assert_snapshot!(
            format!("{scenario}__{}", file.path.replace('/', "__")),
            file.contents
        );
    }
}

fn contents(design: &Design, path: &str) -> String {
    files(design)
        .into_iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path} in the scaffold"))
        .contents
}

#[test]
fn default_design_scaffold_snapshots() {
    let design = Design::default();
    let paths: Vec<String> = files(&design).into_iter().map(|f| f.path).collect();
    assert_eq!(
        paths,
        [
            "go.mod",
            "main.go",
            "config/config.go",
            "routers/router.go",
            "routers/router_test.go",
            "controllers/doc.go",
            "controllers/root.go",
            "controllers/apiv1.go",
            "models/models.go",
            "middleware/doc.go",
            "middleware/bodylimit.go",
        ]
    );
    snapshot_all("default", &design);
}

#[test]
fn rich_design_scaffold_snapshots() {
    snapshot_all("rich", &rich_design());
}

#[test]
fn database_design_scaffold_snapshots() {
    snapshot_all("database", &database_design());
}

#[test]
fn go_string_escapes_what_would_break_or_hide_code() {
    for (text, literal) in [
        ("/api/v1/users/:id", r#""/api/v1/users/:id""#),
        (r#"a"b\c"#, r#""a\"b\\c""#),
        ("line\nbreak\r\ttab", r#""line\nbreak\r\ttab""#),
        ("\u{1}\u{7f}", r#""\u0001\u007f""#),
        ("/用户/ünïcode", r#""/用户/ünïcode""#),
        ("snow☃man", r#""snow\u2603man""#),
        ("smile😀", r#""smile\U0001f600""#),
        (
            "rtl\u{202E}override\u{FEFF}",
            r#""rtl\u202eoverride\ufeff""#,
        ),
        ("`backtick` ${x}", r#""`backtick` ${x}""#),
        ("", r#""""#),
    ] {
        assert_eq!(go_string(text), literal, "{text:?}");
    }
}

#[test]
fn handler_names_are_derived_from_method_and_path() {
    assert_eq!(
        handler_names(&Design::default()),
        ["GetPing", "GetHealthz", "GetUsersByID"]
    );
    assert_eq!(
        handler_names(&rich_design()),
        [
            "GetPing",
            "GetHealthz",
            "GetReadyz",
            "PostLogin",
            "GetUsers",
            "GetUser",
            "PostAPIV1User",
            "PutAPIV1UserByID",
            "PatchAPIV1UserByID",
            "DeleteAPIV1UserByID",
            "GetFilesByFilepath",
            "GetAPIV2Users",
        ]
    );
}

#[test]
fn handler_names_stay_unique_and_valid_go_identifiers() {
    let mut design = Design::default();
    let mut first = route(Method::Get, "/a");
    first.handler = "getUser".into();
    let mut second = route(Method::Get, "/b");
    second.handler = "getUser".into();
    let mut keyword = route(Method::Get, "/c");
    keyword.handler = "func".into();
    let mut unusable = route(Method::Get, "/d");
    unusable.handler = "用户 ☃".into();
    design.groups = vec![
        RouteGroup {
            prefix: "/v1".into(),
            middleware: Vec::new(),
            routes: vec![route(Method::Get, "/users"), first, second],
        },
        RouteGroup {
            prefix: "/v2".into(),
            middleware: Vec::new(),
            // Derives GetUsers like /v1/users, then GetV2Users from the full path.
            routes: vec![route(Method::Get, "/users"), keyword, unusable],
        },
        RouteGroup {
            prefix: "/v2/".into(),
            middleware: Vec::new(),
            // The same full path again: numbered.
            routes: vec![
                route(Method::Get, "/users"),
                route(Method::Get, "/"),
                route(Method::Get, "/用户/:id"),
            ],
        },
    ];
    let names = handler_names(&design);
    assert_eq!(
        names,
        [
            "GetUsers",
            "GetUser",
            "GetUser2",
            "GetV2Users",
            "Func",
            "Handle",
            "GetV2Users2",
            "GetV2",
            "GetV2ByID",
        ]
    );
    for (i, name) in names.iter().enumerate() {
        assert!(name.starts_with(|c: char| c.is_ascii_uppercase()), "{name}");
        assert!(name.chars().all(|c| c.is_ascii_alphanumeric()), "{name}");
        assert!(!names[..i].contains(name), "{name} twice");
    }
}

#[test]
fn every_designed_route_is_registered_with_its_handler() {
    for design in [Design::default(), rich_design(), database_design()] {
        let router = contents(&design, "routers/router.go");
        let handlers = handler_names(&design);
        for (r, handler) in design.routes().zip(&handlers) {
            let registration = format!(
                ".{}({}, controllers.{handler}",
                r.route.method.as_str(),
                go_string(&r.route.path)
            );
            assert_eq!(
                router.matches(&registration).count(),
                1,
                "{registration} in\n{router}"
            );
            if !r.group.prefix.is_empty() {
                assert!(
                    router.contains(&format!("r.Group({}", go_string(&r.group.prefix))),
                    "group {} in\n{router}",
                    r.group.prefix
                );
            }
            let defined = files(&design)
                .iter()
                .filter(|f| f.path.starts_with("controllers/"))
                .map(|f| f.contents.matches(&format!("\nfunc {handler}(")).count())
                .sum::<usize>();
            assert_eq!(defined, 1, "func {handler} defined {defined} times");
        }
        assert_eq!(router.matches("controllers.").count(), handlers.len());
    }
}

#[test]
fn secret_values_never_reach_the_go_source() {
    for design in [rich_design(), database_design()] {
        for file in files(&design) {
            for var in design.config.vars.iter().filter(|v| v.secret) {
                assert!(
                    !file.contents.contains(&var.value),
                    "{} holds the value of {}",
                    file.path,
                    var.name
                );
            }
        }
    }
}

#[test]
fn user_text_cannot_end_a_comment_or_a_literal() {
    let mut design = Design::default();
    let evil = "x\n}\nfunc evil() {\n\"";
    design.service.name = evil.into();
    design.groups[0].routes[0].summary = evil.into();
    design.groups[1].prefix = evil.into();
    design.config.vars.push(ConfigVar {
        name: evil.into(),
        value: evil.into(),
        secret: false,
    });
    for file in files(&design) {
        assert!(
            !file.contents.contains("\nfunc evil()"),
            "{}:\n{}",
            file.path,
            file.contents
        );
    }
}

#[test]
fn go_mod_requires_what_the_code_imports() {
    let default = contents(&Design::default(), "go.mod");
    assert_eq!(
        default,
        "module example.com/hello-gin\n\ngo 1.25\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.10.1\n\tgithub.com/joho/godotenv v1.5.1\n)\n"
    );
    let rich = contents(&rich_design(), "go.mod");
    for module in [
        "github.com/gin-contrib/cors ",
        "github.com/gin-contrib/gzip ",
        "github.com/golang-jwt/jwt/v4 ",
    ] {
        assert!(rich.contains(module), "{module} in\n{rich}");
    }
    assert!(contents(&database_design(), "go.mod").contains("github.com/lib/pq "));
}

#[test]
fn healthcheck_probes_the_designed_probe_path_or_dials() {
    let main = contents(&Design::default(), "main.go");
    assert!(main.contains(r#"client.Get("http://127.0.0.1:" + port + "/healthz")"#));
    let mut no_health = Design::default();
    no_health.groups[0].routes.clear();
    let main = contents(&no_health, "main.go");
    assert!(main.contains(r#"net.DialTimeout("tcp", "127.0.0.1:"+port, 2*time.Second)"#));
}

#[test]
fn config_warns_when_the_jwt_key_is_the_development_key() {
    let config = contents(&rich_design(), "config/config.go");
    assert!(config.contains(&format!(
        "const devJWTSecret = {}",
        go_string(DEV_JWT_SECRET)
    )));
    assert!(config.contains("if cfg.JWTSecret == devJWTSecret {"));
    assert!(!contents(&Design::default(), "config/config.go").contains("devJWTSecret"));
}
