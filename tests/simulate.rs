//! The request simulator, from the client through the Ingress to Gin's answer.

mod common;

use std::collections::BTreeMap;

use proptest::prelude::*;

use gin_deploy::model::{Design, Ingress, Method, Middleware, Route, RouteGroup};
use gin_deploy::presets::PRESETS;
use gin_deploy::simulate::ingress::{self, IngressPath, IngressRule, Outcome, PathType};
use gin_deploy::simulate::{simulate, HopKind, Request, Trace};
use gin_deploy::yaml::from_yaml;

const HOST: &str = "app.example.com";

fn article() -> Design {
    PRESETS[0].design().unwrap()
}

/// A design from a snippet; like a version 1 file, a snippet that names no gateway
/// has none (these predate the Gateway API default).
fn design(yaml: &str) -> Design {
    let mut design: Design = from_yaml(yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
    if !yaml.contains("gateway:") {
        design.cluster.gateway = None;
    }
    design
}

/// The default design without routing: the Service is the way in.
fn unrouted() -> Design {
    let mut design = Design::default();
    design.cluster.gateway = None;
    design
}

fn route(trace: &Trace) -> Option<&str> {
    trace.route.as_ref().map(|r| r.full_path.as_str())
}

fn details(trace: &Trace) -> String {
    trace
        .hops
        .iter()
        .map(|h| format!("{:?} {}: {}", h.kind, h.title, h.detail))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_article_ping_is_rewritten_to_slash_ping_and_answers_200() {
    let trace = simulate(
        &article(),
        &Request::get(HOST, "/service-a/ping").over_https(),
    );
    assert_eq!(trace.status, 200, "{}", details(&trace));
    assert_eq!(trace.gin_path.as_deref(), Some("/ping"));
    assert_eq!(route(&trace), Some("/ping"));
    let kinds: Vec<HopKind> = trace.hops.iter().map(|h| h.kind).collect();
    assert_eq!(
        kinds,
        [
            HopKind::Ingress,
            HopKind::Service,
            HopKind::Pod,
            HopKind::Middleware,
            HopKind::Middleware,
            HopKind::Handler,
            HopKind::Response
        ]
    );
    assert_eq!(
        trace.hops[0].detail,
        "ingress rule app.example.com /service-a(/|$)(.*) (ImplementationSpecific) matched by \
         regex ~* \"^/service-a(/|$)(.*)\"; rewrite-target /$2 gives /ping"
    );
    assert_eq!(
        trace.hops[1].detail,
        "ClusterIP Service gin-app in namespace gin-app sends port 80 to targetPort 8080 of a ready pod"
    );
    assert_eq!(trace.hops[6].title, "200 OK: from the generated handler");
}

#[test]
fn the_article_user_route_needs_a_token() {
    let design = article();
    let without = simulate(
        &design,
        &Request::get(HOST, "/service-a/api/v1/user/42").over_https(),
    );
    assert_eq!(without.status, 401, "{}", details(&without));
    assert_eq!(route(&without), Some("/api/v1/user/:id"));
    assert!(without
        .hops
        .iter()
        .any(|h| h.kind == HopKind::Middleware && h.detail.contains("no Bearer token")));
    assert!(!without.hops.iter().any(|h| h.kind == HopKind::Handler));

    let with = simulate(
        &design,
        &Request::get(HOST, "/service-a/api/v1/user/42")
            .over_https()
            .with_token(),
    );
    assert_eq!(with.status, 200, "{}", details(&with));
    let matched = with.route.unwrap();
    assert_eq!(matched.params, [("id".to_owned(), "42".to_owned())]);
    assert_eq!(with.hops.last().unwrap().title, "200 OK: from GetUser");
}

#[test]
fn the_article_create_user_checks_the_json_body_after_the_token() {
    let design = article();
    let post = |r: Request| simulate(&design, &r);
    let base = Request::new(Method::Post, HOST, "/service-a/api/v1/user").over_https();
    assert_eq!(post(base.clone()).status, 401);
    assert_eq!(post(base.clone().with_token()).status, 415);
    assert_eq!(post(base.with_token().with_json()).status, 201);
}

#[test]
fn the_bare_prefix_reaches_gin_as_slash_and_finds_nothing() {
    let trace = simulate(&article(), &Request::get(HOST, "/service-a").over_https());
    assert_eq!(trace.gin_path.as_deref(), Some("/"));
    assert_eq!(trace.status, 404, "{}", details(&trace));
    assert_eq!(trace.route, None);
}

#[test]
fn another_host_or_a_longer_first_segment_gets_the_default_backend() {
    for (host, path) in [
        ("other.example.com", "/service-a/ping"),
        (HOST, "/service-ab/ping"),
        (HOST, "/ping"),
    ] {
        let trace = simulate(&article(), &Request::get(host, path).over_https());
        assert_eq!(trace.status, 404, "{host}{path}");
        assert_eq!(trace.gin_path, None, "{host}{path}");
        assert_eq!(trace.hops.len(), 2, "{}", details(&trace));
        assert_eq!(
            trace.hops[1].title,
            "404 Not Found: ingress-nginx default backend"
        );
    }
    let trace = simulate(&article(), &Request::get("other.example.com", "/"));
    assert_eq!(
        trace.hops[0].detail,
        "the rule is for app.example.com, the request is for other.example.com"
    );
}

#[test]
fn host_case_port_and_regex_case_do_not_matter() {
    let trace = simulate(
        &article(),
        &Request::get("APP.example.com:443", "/SERVICE-A/ping?verbose=1").over_https(),
    );
    assert_eq!(trace.gin_path.as_deref(), Some("/ping"));
    assert_eq!(trace.status, 200);
}

#[test]
fn the_articles_rewrite_target_dollar_one_sends_everything_to_slashes() {
    // What the generator writes: capture 2 is the rest of the path.
    let rule = ingress::rules(&article()).unwrap();
    assert_eq!(
        rule.paths,
        [IngressPath {
            path: "/service-a(/|$)(.*)".into(),
            path_type: PathType::ImplementationSpecific
        }]
    );
    assert_eq!(rule.annotations[ingress::REWRITE_TARGET], "/$2");
    assert_eq!(rule.annotations[ingress::USE_REGEX], "true");

    // The article's /$1 is capture 1, (/|$): "/" + "/".
    let mut design = article();
    let settings = design.cluster.ingress.as_mut().unwrap();
    settings
        .annotations
        .insert(ingress::REWRITE_TARGET.into(), "/$1".into());
    let trace = simulate(
        &design,
        &Request::get(HOST, "/service-a/users/1").over_https(),
    );
    assert_eq!(trace.gin_path.as_deref(), Some("//"));
    assert_eq!(trace.status, 404);
    assert!(trace.hops[0]
        .detail
        .ends_with("rewrite-target /$1 gives //"));
    let trace = simulate(&design, &Request::get(HOST, "/service-a/ping").over_https());
    assert_eq!(trace.gin_path.as_deref(), Some("//"));
}

#[test]
fn a_rewrite_target_set_in_the_design_wins() {
    let mut design = article();
    design.groups[0]
        .routes
        .push(Route::new(Method::Get, "/v2/ping"));
    let settings = design.cluster.ingress.as_mut().unwrap();
    settings
        .annotations
        .insert(ingress::REWRITE_TARGET.into(), "/v2/$2".into());
    let trace = simulate(&design, &Request::get(HOST, "/service-a/ping").over_https());
    assert_eq!(trace.gin_path.as_deref(), Some("/v2/ping"));
    assert_eq!(route(&trace), Some("/v2/ping"));
}

/// A design whose Ingress has one `Prefix` path per group's first segment.
fn shop() -> Design {
    design(
        "groups:
- prefix: /api/v1
  routes:
  - {method: GET, path: /users/:id}
- prefix: /shop
  routes:
  - {method: GET, path: /items}
cluster:
  ingress:
    className: nginx
    host: shop.example.com
",
    )
}

#[test]
fn without_a_path_prefix_each_group_gets_a_prefix_path() {
    let rule = ingress::rules(&shop()).unwrap();
    let paths: Vec<(&str, PathType)> = rule
        .paths
        .iter()
        .map(|p| (p.path.as_str(), p.path_type))
        .collect();
    assert_eq!(
        paths,
        [("/api", PathType::Prefix), ("/shop", PathType::Prefix)]
    );
    assert!(rule.annotations.is_empty());
    // A top-level group needs `/`, which covers everything.
    let mut design = Design::default();
    design.cluster.gateway = None;
    design.cluster.ingress = Some(Ingress::default());
    assert_eq!(
        ingress::rules(&design).unwrap().paths,
        [IngressPath {
            path: "/".into(),
            path_type: PathType::Prefix
        }]
    );
}

#[test]
fn prefix_paths_match_element_by_element() {
    let shop = shop();
    let cases = [
        ("/api/v1/users/7", 200, Some("/api/v1/users/7")),
        ("/api", 404, Some("/api")),
        ("/api/", 404, Some("/api/")),
        ("/apix/v1/users/7", 404, None),
        ("/shop/items", 200, Some("/shop/items")),
        ("/shopping", 404, None),
        ("/", 404, None),
    ];
    for (path, status, gin_path) in cases {
        let trace = simulate(&shop, &Request::get("shop.example.com", path));
        assert_eq!(trace.status, status, "{path}\n{}", details(&trace));
        assert_eq!(trace.gin_path.as_deref(), gin_path, "{path}");
    }
}

#[test]
fn use_regex_on_the_host_turns_prefix_paths_into_string_prefixes() {
    // ingress-nginx enforces `~* "^path"` on every path of the host once use-regex
    // (or rewrite-target) is set: `/api` then also takes `/apix`.
    let mut shop = shop();
    let settings = shop.cluster.ingress.as_mut().unwrap();
    settings
        .annotations
        .insert(ingress::USE_REGEX.into(), "true".into());
    let trace = simulate(&shop, &Request::get("shop.example.com", "/apix/v1"));
    assert_eq!(trace.gin_path.as_deref(), Some("/apix/v1"));
    assert_eq!(trace.status, 404);
}

fn rule(paths: &[(&str, PathType)], annotations: &[(&str, &str)]) -> IngressRule {
    IngressRule {
        host: None,
        paths: paths
            .iter()
            .map(|(path, path_type)| IngressPath {
                path: (*path).into(),
                path_type: *path_type,
            })
            .collect(),
        annotations: annotations
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect::<BTreeMap<_, _>>(),
        tls: false,
    }
}

fn matched(rule: &IngressRule, path: &str) -> Option<String> {
    match ingress::route(rule, "any.example.com", path) {
        Outcome::Matched { path, .. } => Some(path.path),
        _ => None,
    }
}

#[test]
fn the_longest_match_wins_and_exact_beats_prefix() {
    let plain = rule(
        &[
            ("/", PathType::Prefix),
            ("/foo", PathType::Prefix),
            ("/foo/bar/", PathType::Prefix),
            ("/foo/bar/baz", PathType::Exact),
        ],
        &[],
    );
    for (path, want) in [
        ("/foo/bar/x", "/foo/bar/"),
        ("/foo/bar", "/foo/bar/"),
        ("/foo/barn", "/foo"),
        ("/foo/bar/baz", "/foo/bar/baz"),
        ("/foo/bar/baz/", "/foo/bar/"),
        ("/foobar", "/"),
    ] {
        assert_eq!(matched(&plain, path).as_deref(), Some(want), "{path}");
    }
    // Regex locations are tried longest first, and the first match wins.
    let regex = rule(
        &[
            ("/foo/.+", PathType::ImplementationSpecific),
            ("/foo/bar/[0-9]+", PathType::ImplementationSpecific),
        ],
        &[(ingress::USE_REGEX, "true")],
    );
    assert_eq!(
        matched(&regex, "/foo/bar/12").as_deref(),
        Some("/foo/bar/[0-9]+")
    );
    assert_eq!(matched(&regex, "/foo/baz").as_deref(), Some("/foo/.+"));
    assert_eq!(matched(&regex, "/foo"), None);
}

#[test]
fn a_regex_the_simulator_cannot_read_is_said_so() {
    let bad = rule(
        &[("/a(?i)", PathType::ImplementationSpecific)],
        &[(ingress::USE_REGEX, "true")],
    );
    assert!(matches!(
        ingress::route(&bad, "x", "/a"),
        Outcome::BadRegex { .. }
    ));
}

/// A design without Ingress: requests go straight to the Service.
fn routes_only(routes: &[(Method, &str)]) -> Design {
    Design {
        groups: vec![RouteGroup {
            prefix: String::new(),
            middleware: Vec::new(),
            routes: routes.iter().map(|(m, p)| Route::new(*m, p)).collect(),
        }],
        ..unrouted()
    }
}

#[test]
fn without_ingress_the_service_is_the_first_hop() {
    let trace = simulate(&unrouted(), &Request::get("10.0.0.1", "/healthz"));
    assert_eq!(trace.hops[0].kind, HopKind::Service);
    assert_eq!(trace.status, 200);
}

#[test]
fn trailing_slash_redirects_before_any_middleware() {
    let mut design = article();
    let trace = simulate(
        &design,
        &Request::get(HOST, "/service-a/ping/?x=1").over_https(),
    );
    assert_eq!(trace.status, 301, "{}", details(&trace));
    assert_eq!(trace.location.as_deref(), Some("/ping?x=1"));
    assert!(!trace.hops.iter().any(|h| h.kind == HopKind::Middleware));
    // Gin's Location is the rewritten path: the browser loses /service-a.
    assert!(trace
        .hops
        .last()
        .unwrap()
        .detail
        .contains("without the part the Ingress removed"));
    let trace = simulate(
        &design,
        &Request::new(Method::Post, HOST, "/service-a/api/v1/user/").over_https(),
    );
    assert_eq!(trace.status, 307);
    assert_eq!(trace.location.as_deref(), Some("/api/v1/user"));
    design.cluster.ingress = None;
    let trace = simulate(
        &design,
        &Request::get(HOST, "/api/v1/user/42/").over_https(),
    );
    assert_eq!(trace.status, 301);
    assert_eq!(trace.location.as_deref(), Some("/api/v1/user/42"));
}

#[test]
fn static_beats_parameter_beats_catch_all() {
    let design = routes_only(&[
        (Method::Get, "/users/new"),
        (Method::Get, "/users/:id"),
        (Method::Get, "/static/*filepath"),
        (Method::Get, "/:page"),
    ]);
    let cases = [
        ("/users/new", Some("/users/new"), vec![]),
        ("/users/newer", Some("/users/:id"), vec![("id", "newer")]),
        ("/users/42", Some("/users/:id"), vec![("id", "42")]),
        (
            "/static/css/app.css",
            Some("/static/*filepath"),
            vec![("filepath", "/css/app.css")],
        ),
        ("/static", Some("/:page"), vec![("page", "static")]),
        ("/about", Some("/:page"), vec![("page", "about")]),
        ("/users/42/posts", None, vec![]),
    ];
    for (path, want, params) in cases {
        let trace = simulate(&design, &Request::get("svc", path));
        assert_eq!(route(&trace), want, "{path}");
        if let Some(matched) = &trace.route {
            let params: Vec<(String, String)> = params
                .iter()
                .map(|(k, v)| ((*k).into(), (*v).into()))
                .collect();
            assert_eq!(matched.params, params, "{path}");
        }
    }
}

#[test]
fn another_method_is_404_because_gin_405_is_off() {
    let design = routes_only(&[(Method::Get, "/ping")]);
    let trace = simulate(&design, &Request::new(Method::Put, "svc", "/ping"));
    assert_eq!(trace.status, 404);
}

fn cors() -> Middleware {
    Middleware::Cors {
        allow_origins: vec!["https://web.example.com".into()],
        allow_methods: vec!["GET".into(), "POST".into()],
        allow_headers: vec!["Authorization".into()],
        allow_credentials: false,
        max_age_seconds: 600,
    }
}

fn jwt() -> Middleware {
    Middleware::JwtAuth {
        header: "Authorization".into(),
        secret_env: "JWT_SECRET".into(),
    }
}

#[test]
fn preflights_need_cors_before_auth_in_the_global_chain() {
    let preflight = Request::new(Method::Options, "api.example.com", "/orders")
        .with_origin("https://web.example.com");
    let mut design = routes_only(&[(Method::Post, "/orders")]);
    design.middleware = vec![Middleware::Recovery, cors(), jwt()];
    let trace = simulate(&design, &preflight);
    assert_eq!(trace.status, 204, "{}", details(&trace));

    design.middleware = vec![Middleware::Recovery, jwt(), cors()];
    assert_eq!(simulate(&design, &preflight).status, 401);

    design.middleware = vec![Middleware::Recovery, cors()];
    let stranger = preflight.clone().with_origin("https://evil.example.com");
    assert_eq!(simulate(&design, &stranger).status, 403);

    // CORS in the group only: the preflight matches no route and meets Gin's 404.
    design.middleware = vec![Middleware::Recovery];
    design.groups[0].middleware = vec![cors()];
    assert_eq!(simulate(&design, &preflight).status, 404);
}

#[test]
fn global_auth_answers_even_unknown_paths() {
    let mut design = routes_only(&[(Method::Get, "/orders")]);
    design.middleware = vec![Middleware::Recovery, jwt()];
    assert_eq!(
        simulate(&design, &Request::get("svc", "/nothing")).status,
        401
    );
    assert_eq!(
        simulate(&design, &Request::get("svc", "/nothing").with_token()).status,
        404
    );
}

#[test]
fn a_design_gin_refuses_never_answers() {
    let mut design = article();
    design.groups[0]
        .routes
        .push(Route::new(Method::Get, "/*any"));
    let trace = simulate(&design, &Request::get(HOST, "/service-a/ping").over_https());
    assert_eq!(trace.status, 503, "{}", details(&trace));
    assert!(trace.hops.last().unwrap().detail.contains("GET /*any"));
    assert_eq!(trace.summary(), "503 Service Unavailable");
    design.cluster.ingress = None;
    let trace = simulate(&design, &Request::get(HOST, "/ping").over_https());
    assert_eq!(trace.status, 0);
    // The page never shows a status 0: it says Gin panics at start-up.
    assert_eq!(trace.summary(), "no response: Gin panics at start-up");
}

#[test]
fn gin_1_8_1_crashes_on_some_lookups_and_the_trace_says_so() {
    // See tests/fixtures/gin/lookup-crash.routes: confirmed against the real Gin.
    let design = routes_only(&[
        (Method::Get, "/:a"),
        (Method::Get, "/b:c"),
        (Method::Get, "/bd"),
    ]);
    let trace = simulate(&design, &Request::get("svc", "/bdz"));
    assert_eq!(trace.status, 0);
    assert_eq!(
        trace.hops.last().unwrap().title,
        "no response: Gin's router crashes"
    );
}

/// A concrete path for a route pattern: parameters and catch-alls filled in.
fn concrete(pattern: &str) -> String {
    pattern
        .split('/')
        .map(|segment| match segment.as_bytes().first() {
            Some(b':') => "7",
            Some(b'*') => "rest/x",
            _ => segment,
        })
        .collect::<Vec<_>>()
        .join("/")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Through the Ingress the generator derives, with a token and a JSON body,
    /// every designed route is reached and answers its own status.
    #[test]
    fn every_designed_route_is_reachable(design in common::design()) {
        let (host, prefix) = match design.cluster.published() {
            Some(p) => {
                // A wildcard-only route answers any name under its domain.
                let wildcard = design.cluster.gateway.iter().flat_map(|g| &g.hostnames).next()
                    .and_then(|h| h.strip_prefix('*')).map(|domain| format!("x{domain}"));
                let host = p.host.map(str::to_owned).or(wildcard).unwrap_or_else(|| "svc".to_owned());
                (host, p.path_prefix.to_owned())
            }
            None => ("svc".to_owned(), String::new()),
        };
        for resolved in design.routes() {
            let path = format!("{prefix}{}", concrete(&resolved.full_path));
            let mut request = Request::new(resolved.route.method, &host, &path)
                .with_token()
                .with_json();
            // Over HTTPS where the routing layer serves it (plain HTTP is then only
            // redirected), over HTTP to a Gateway without TLS.
            request.https = design.cluster.published().is_none_or(|p| p.https);
            let trace = simulate(&design, &request);
            prop_assert_eq!(route(&trace), Some(resolved.full_path.as_str()), "{}", details(&trace));
            prop_assert_eq!(trace.status, resolved.route.status);
        }
    }
}

#[test]
fn with_tls_a_plain_http_request_gets_ingress_nginxs_308_to_https() {
    let mut design = Design::default();
    design.cluster.gateway = None;
    design.cluster.ingress = Some(Ingress {
        host: "api.example.com".into(),
        tls_secret: "api-tls".into(),
        path_prefix: "/svc".into(),
        ..Ingress::default()
    });
    // The path and query go along as sent, before the prefix is stripped.
    let plain = simulate(&design, &Request::get("api.example.com", "/svc/ping?x=1"));
    assert_eq!(plain.status, 308, "{}", show(&plain));
    assert_eq!(
        plain.location.as_deref(),
        Some("https://api.example.com/svc/ping?x=1")
    );
    assert_eq!(plain.gin_path, None);
    assert!(plain.summary().starts_with("308 Permanent Redirect"));
    let secure = simulate(
        &design,
        &Request::get("api.example.com", "/svc/ping").over_https(),
    );
    assert_eq!(secure.status, 200, "{}", show(&secure));
    assert_eq!(secure.gin_path.as_deref(), Some("/ping"));
    // ssl-redirect: "false" keeps plain HTTP.
    if let Some(ingress) = design.cluster.ingress.as_mut() {
        ingress
            .annotations
            .insert(ingress::SSL_REDIRECT.into(), "false".into());
    }
    let kept = simulate(&design, &Request::get("api.example.com", "/svc/ping"));
    assert_eq!(kept.status, 200, "{}", show(&kept));
    // Without a certificate there is nothing to redirect to.
    if let Some(ingress) = design.cluster.ingress.as_mut() {
        ingress.annotations.clear();
        ingress.tls_secret.clear();
    }
    let open = simulate(&design, &Request::get("api.example.com", "/svc/ping"));
    assert_eq!(open.status, 200, "{}", show(&open));
}

fn show(trace: &Trace) -> String {
    trace
        .hops
        .iter()
        .map(|h| format!("{}: {}", h.title, h.detail))
        .collect::<Vec<_>>()
        .join("\n")
}

fn production() -> Design {
    PRESETS[2].design().unwrap()
}

#[test]
fn a_generated_gateway_with_tls_redirects_http_and_routes_https() {
    let design = production();
    let plain = simulate(&design, &Request::get("orders.example.com", "/healthz?x=1"));
    assert_eq!(plain.hops[0].kind, HopKind::Gateway);
    assert_eq!(plain.status, 301, "{}", details(&plain));
    assert_eq!(
        plain.location.as_deref(),
        Some("https://orders.example.com/healthz?x=1")
    );
    assert!(
        plain.hops[0].title.contains("orders-https-redirect"),
        "{}",
        details(&plain)
    );
    let secure = simulate(
        &design,
        &Request::get("orders.example.com:443", "/healthz").over_https(),
    );
    assert_eq!(secure.status, 200, "{}", details(&secure));
    assert_eq!(secure.gin_path.as_deref(), Some("/healthz"));
    assert!(
        secure.hops[0].detail.contains("backend Service orders:80"),
        "{}",
        details(&secure)
    );
    // Another host: no route answers it, and the Gateway says 404.
    let other = simulate(
        &design,
        &Request::get("shop.example.com", "/healthz").over_https(),
    );
    assert_eq!(other.status, 404);
    assert_eq!(other.route, None);
}

#[test]
fn a_path_prefix_is_cut_by_the_route_as_the_ingress_cuts_it() {
    // The same design through an Ingress and through an HTTPRoute: the pods receive
    // the same path for every clean request (nginx also merges `//` and resolves dot
    // segments before it rewrites, which a Gateway leaves to its implementation: the
    // migration names that difference).
    let via_ingress = article();
    let mut via_gateway = article();
    let ingress = via_gateway.cluster.ingress.take().unwrap();
    via_gateway.cluster.gateway = Some(gin_deploy::model::Gateway {
        hostnames: vec![ingress.host.clone()],
        path_prefix: ingress.path_prefix.clone(),
        ..Default::default()
    });
    for path in [
        "/service-a",
        "/service-a/",
        "/service-a/ping",
        "/service-a/api/v1/user/42",
        "/service-a/api/v1/user/",
        "/service-ab/ping",
        "/ping",
    ] {
        let a = simulate(&via_ingress, &Request::get(HOST, path).over_https());
        let b = simulate(&via_gateway, &Request::get(HOST, path).over_https());
        assert_eq!(
            a.gin_path,
            b.gin_path,
            "{path}:\n{}\n---\n{}",
            details(&a),
            details(&b)
        );
        assert_eq!(
            a.status,
            b.status,
            "{path}:\n{}\n---\n{}",
            details(&a),
            details(&b)
        );
    }
    let trace = simulate(
        &via_gateway,
        &Request::get(HOST, "/service-a/ping").over_https(),
    );
    assert!(
        trace.hops[0]
            .detail
            .contains("URLRewrite ReplacePrefixMatch /service-a → / gives /ping"),
        "{}",
        details(&trace)
    );
}

#[test]
fn an_https_request_to_a_gateway_without_tls_finds_no_listener() {
    let mut design = production();
    design.cluster.gateway.as_mut().unwrap().tls_secret.clear();
    let trace = simulate(
        &design,
        &Request::get("orders.example.com", "/healthz").over_https(),
    );
    assert_eq!(trace.status, 0);
    assert!(trace.summary().contains("port 443"), "{}", trace.summary());
    let plain = simulate(&design, &Request::get("orders.example.com", "/healthz"));
    assert_eq!(plain.status, 200, "{}", details(&plain));
}
