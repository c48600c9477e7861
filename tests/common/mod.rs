//! Random designs for property tests and the independent-tools tier.
//!
//! Every design this strategy yields passes `design_file::check`, and its values lean
//! on what breaks generators: YAML 1.1 booleans and numbers, quotes, backslashes,
//! unicode, shell and Go metacharacters. Route paths are built so no two routes
//! conflict in Gin's tree (each has its own first segment).
#![allow(dead_code)] // Each test crate that includes this module uses part of it.

use proptest::prelude::*;

use gin_deploy::design_file::{check, KUBERNETES_VERSIONS};
use gin_deploy::model::*;

/// Values that YAML 1.1, Go, shells, Markdown or `.env` files read specially.
pub const TRICKY: [&str; 24] = [
    "on",
    "yes",
    "NO",
    "y",
    "off",
    "0x10",
    "~",
    "null",
    "true",
    "1e3",
    "0o17",
    "012",
    "\"quoted\"",
    "it's",
    "back\\slash",
    "unicode ✓ ü 日本",
    "#not a comment",
    "$HOME and ${PATH}",
    "`tick`",
    "key: value",
    "- dash",
    "{brace} [list]",
    "*star &anchor !tag %pct @at",
    "  padded  ",
];

fn tricky() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(TRICKY.to_vec()).prop_map(String::from),
        "[a-zA-Z0-9 ._:/-]{0,12}",
    ]
}

fn dns_label() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9-]{0,10}[a-z0-9]"
}

fn middleware(jwt_env: &'static str) -> impl Strategy<Value = Middleware> {
    prop_oneof![
        Just(Middleware::Logger),
        Just(Middleware::Recovery),
        Just(Middleware::ValidateJson),
        "X-[A-Z][a-z]{1,6}-Id".prop_map(|header| Middleware::RequestId { header }),
        (
            proptest::collection::vec("https://[a-z]{1,8}\\.example\\.(com|org)", 1..3),
            any::<bool>(),
            0u32..86_400
        )
            .prop_map(|(allow_origins, allow_credentials, max_age_seconds)| {
                Middleware::Cors {
                    allow_origins,
                    allow_methods: vec!["GET".into(), "POST".into(), "OPTIONS".into()],
                    allow_headers: vec!["Authorization".into(), "Content-Type".into()],
                    allow_credentials,
                    max_age_seconds,
                }
            }),
        Just(Middleware::JwtAuth {
            header: "Authorization".into(),
            secret_env: jwt_env.into(),
        }),
        // A burst of 50 or more: the tools tier sends a few requests per group.
        (1u32..1000, 50u32..2000).prop_map(|(requests_per_second, burst)| Middleware::RateLimit {
            requests_per_second,
            burst
        }),
        (1u32..60_000).prop_map(|millis| Middleware::Timeout { millis }),
        (-1i8..=9).prop_map(|level| Middleware::Gzip { level }),
        Just(Middleware::Metrics {
            path: "/metrics".into()
        }),
        "[a-z][a-zA-Z0-9]{0,8}".prop_map(|name| Middleware::Custom {
            name: format!("mw{name}")
        }),
    ]
}

/// A chain without repeats of a kind (a design may repeat, but Gin users rarely do and
/// duplicate checks belong to the validators).
fn chain() -> impl Strategy<Value = Vec<Middleware>> {
    proptest::collection::vec(middleware("JWT_SECRET"), 0..5).prop_map(|mut list| {
        let mut seen = Vec::new();
        list.retain(|m| {
            let kind = std::mem::discriminant(m);
            let fresh = !seen.contains(&kind);
            seen.push(kind);
            fresh
        });
        list
    })
}

fn route(index: usize) -> impl Strategy<Value = Route> {
    (
        proptest::sample::select(Method::ALL.to_vec()),
        "[a-z][a-z0-9_.~-]{0,8}",
        prop_oneof![
            Just(""),
            Just("/:id"),
            Just("/:id/items"),
            Just("/*rest"),
            Just("/caf\u{e9}"),
            Just("/it's")
        ],
        tricky(),
        prop_oneof![Just(200u16), Just(201), Just(202), Just(204)],
    )
        .prop_map(move |(method, word, suffix, summary, status)| {
            let mut route = Route::new(method, &format!("/{word}{index}{suffix}"));
            route.summary = summary.trim().to_owned();
            route.status = status;
            route
        })
}

fn group(index: usize) -> impl Strategy<Value = RouteGroup> {
    (
        "[a-z]{1,6}",
        chain(),
        proptest::collection::vec(0usize..1, 1..5),
    )
        .prop_flat_map(move |(word, middleware, slots)| {
            let routes: Vec<_> = (0..slots.len()).map(|i| route(index * 10 + i)).collect();
            (
                Just(format!("/g{index}{word}/v1")),
                Just(middleware),
                routes,
            )
        })
        .prop_map(|(prefix, middleware, routes)| RouteGroup {
            prefix,
            middleware,
            routes,
        })
}

fn config_vars() -> impl Strategy<Value = Vec<ConfigVar>> {
    proptest::collection::vec((tricky(), any::<bool>()), 0..6).prop_map(|vars| {
        vars.into_iter()
            .enumerate()
            .map(|(i, (value, secret))| ConfigVar {
                name: format!("VAR_{i}"),
                // A distinctive secret value, so a test can prove it never leaks.
                value: if secret {
                    format!("s3cret-{i}-{value}")
                } else {
                    value
                },
                secret,
            })
            .collect()
    })
}

/// How requests reach the Service: `cluster.ingress` and `cluster.gateway`, at most
/// one of them set.
type Routing = (Option<Ingress>, Option<Gateway>);

fn path_prefix() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just(""), Just("/service-a"), Just("/svc"), Just("/api/v2")]
}

fn ingress() -> impl Strategy<Value = Ingress> {
    (dns_label(), any::<bool>(), path_prefix()).prop_map(|(host, tls, prefix)| Ingress {
        host: format!("{host}.example.com"),
        tls_secret: if tls {
            format!("{host}-tls")
        } else {
            String::new()
        },
        path_prefix: prefix.into(),
        ..Ingress::default()
    })
}

/// Gateway API routing in the service's `namespace`: attached to an existing
/// Gateway (in another namespace or the service's own, on a named listener or not)
/// or with a Gateway of its own (with or without a TLS secret); hostnames none, one
/// or several, wildcards among them; a path prefix and a request timeout or not.
fn gateway(namespace: String) -> impl Strategy<Value = Gateway> {
    (
        prop_oneof![Just(GatewayMode::Attach), Just(GatewayMode::Generate)],
        (
            dns_label(),
            prop_oneof![
                Just("gateway-system".to_owned()),
                Just(namespace),
                dns_label()
            ],
            prop_oneof![Just(""), Just("https"), Just("web.public")],
        ),
        (
            prop_oneof![Just("eg"), Just("istio"), Just("cilium"), Just("nginx")],
            proptest::option::of(dns_label()),
        ),
        proptest::collection::vec(
            prop_oneof![
                dns_label().prop_map(|h| format!("{h}.example.com")),
                dns_label().prop_map(|h| format!("*.{h}.example.org")),
                Just("*.example.com".to_owned()),
            ],
            0..4,
        ),
        (
            path_prefix(),
            prop_oneof![Just(""), Just("10s"), Just("500ms"), Just("1m30s")],
            prop_oneof![Just("gateway-system"), Just("envoy-gateway-system")],
        ),
    )
        .prop_map(
            |(mode, (name, gateway_namespace, section), (class, tls), hosts, more)| {
                let (prefix, timeout, controller) = more;
                let mut hostnames: Vec<String> = Vec::new();
                for host in hosts {
                    if !hostnames.contains(&host) {
                        hostnames.push(host);
                    }
                }
                Gateway {
                    mode,
                    gateway_name: name,
                    gateway_namespace,
                    section_name: section.into(),
                    class_name: class.into(),
                    hostnames,
                    tls_secret: tls.map(|t| format!("{t}-tls")).unwrap_or_default(),
                    path_prefix: prefix.into(),
                    request_timeout: timeout.into(),
                    controller_namespace: controller.into(),
                }
            },
        )
}

/// Any routing: none, an Ingress or the Gateway API (twice as likely, new designs'
/// default).
fn any_routing(namespace: String) -> BoxedStrategy<Routing> {
    prop_oneof![
        1 => Just((None, None)),
        1 => ingress().prop_map(|i| (Some(i), None)),
        2 => gateway(namespace).prop_map(|g| (None, Some(g))),
    ]
    .boxed()
}

/// Gateway API routing only.
fn gateway_routing(namespace: String) -> BoxedStrategy<Routing> {
    gateway(namespace).prop_map(|g| (None, Some(g))).boxed()
}

fn cluster(
    name: String,
    routing: fn(String) -> BoxedStrategy<Routing>,
) -> impl Strategy<Value = Cluster> {
    (
        (
            1i32..6,
            any::<bool>(),
            proptest::option::of(30_000u16..32_768),
            1u16..=65_535,
        ),
        routing(format!("ns-{name}")),
        proptest::option::of((1i32..4, 0i32..8, 1i32..100)),
        (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
        proptest::sample::select(KUBERNETES_VERSIONS.to_vec()),
    )
        .prop_map(
            move |(
                (replicas, node_port_type, node_port, service_port),
                (ingress, gateway),
                hpa,
                flags,
                version,
            )| {
                let (pdb, _, spread, startup) = flags;
                let autoscaling = hpa.map(|(min, extra, cpu)| Autoscaling {
                    min_replicas: min,
                    max_replicas: min + extra,
                    cpu_utilization: cpu,
                });
                let floor = autoscaling
                    .as_ref()
                    .map_or(replicas, |h| h.min_replicas.min(replicas));
                Cluster {
                    namespace: format!("ns-{name}"),
                    replicas,
                    service_type: if node_port_type {
                        ServiceType::NodePort
                    } else {
                        ServiceType::ClusterIP
                    },
                    node_port: if node_port_type { node_port } else { None },
                    service_port,
                    ingress,
                    gateway,
                    autoscaling,
                    min_available: (pdb && floor > 1).then(|| (floor - 1) as u32),
                    // The tools tier demands zero checkov findings; turning the
                    // NetworkPolicy off is a choice checkov rightly flags
                    // (CKV2_K8S_6), so random designs keep it on.
                    network_policy: true,
                    spread_across_nodes: spread,
                    probes: Probes {
                        startup,
                        ..Probes::default()
                    },
                    kubernetes_version: version.into(),
                    ..Cluster::default()
                }
            },
        )
}

/// Any design, valid by construction.
pub fn design() -> impl Strategy<Value = Design> {
    designs(any_routing)
}

/// Any design that routes through the Gateway API.
pub fn gateway_design() -> impl Strategy<Value = Design> {
    designs(gateway_routing)
}

fn designs(routing: fn(String) -> BoxedStrategy<Routing>) -> impl Strategy<Value = Design> {
    (
        dns_label(),
        1u16..=65_535,
        chain(),
        (0usize..4).prop_flat_map(|n| (0..n).map(group).collect::<Vec<_>>()),
        (any::<bool>(), any::<bool>()),
        config_vars(),
        (
            any::<bool>(),
            proptest::sample::select(vec![Runtime::Distroless, Runtime::Alpine, Runtime::Scratch]),
            any::<bool>(),
        ),
        (
            10_000u32..65_535,
            prop_oneof![
                Just(""),
                Just("-X main.version=1.0"),
                Just("-X 'main.note=it is'")
            ],
        ),
        any::<bool>(),
    )
        .prop_flat_map(
            move |(
                name,
                port,
                global,
                groups,
                (health, database),
                vars,
                (gitlab, runtime, pinned),
                (uid, ldflags),
                digest,
            )| {
                cluster(name.clone(), routing).prop_map(move |cluster| {
                    let mut design = Design::default();
                    design.service.name = name.clone();
                    design.service.module = format!("example.com/team/{name}");
                    design.service.port = port;
                    design.middleware = global.clone();
                    design.groups = groups.clone();
                    let mut top = RouteGroup::default();
                    top.routes.push(Route::new(Method::Get, "/ping"));
                    if health {
                        top.routes.push(Route::new(Method::Get, "/healthz"));
                    }
                    design.groups.insert(0, top);
                    design.config.vars = vars.clone();
                    if design
                        .all_middleware()
                        .any(|m| matches!(m, Middleware::JwtAuth { .. }))
                    {
                        design.config.vars.push(ConfigVar {
                            name: "JWT_SECRET".into(),
                            value: "s3cret-jwt".into(),
                            secret: true,
                        });
                    }
                    if database {
                        design.config.vars.push(ConfigVar {
                            name: "DATABASE_URL".into(),
                            value: "s3cret-postgres://u:p@db/app".into(),
                            secret: true,
                        });
                        design.database = Some(Database::default());
                    }
                    design.container.runtime = runtime;
                    if pinned {
                        design.container.runtime_digest = format!("sha256:{}", "cd".repeat(32));
                    }
                    design.container.user_id = uid;
                    design.container.ldflags = ldflags.to_owned();
                    design.delivery.ci = if gitlab {
                        CiFlavour::GitlabCi
                    } else {
                        CiFlavour::GithubActions
                    };
                    design.delivery.image = if digest {
                        format!(
                            "registry.example.com/team/{name}@sha256:{}",
                            "ab".repeat(32)
                        )
                    } else {
                        format!("registry.example.com/team/{name}:1.{port}.0")
                    };
                    design.cluster = cluster.clone();
                    design
                })
            },
        )
        .prop_filter("the design passes every check", |design| {
            check(design).is_empty()
        })
}

/// The fixture Gin projects (`tests/fixtures/gin-projects/`), by folder name, sorted.
pub fn fixture_project_names() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gin-projects");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let e = e.unwrap();
            e.path()
                .is_dir()
                .then(|| e.file_name().to_string_lossy().into_owned())
        })
        .collect();
    names.sort();
    names
}

/// A fixture project's text files, paths relative to its folder (`/`-separated),
/// sorted, `vendor/` and `node_modules/` included: the reader skips them itself.
pub fn fixture_project(name: &str) -> Vec<gin_deploy::goproject::SourceFile> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/gin-projects")
        .join(name);
    let mut files = Vec::new();
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                let relative = path.strip_prefix(&root).unwrap();
                files.push(gin_deploy::goproject::SourceFile {
                    path: relative.to_string_lossy().replace('\\', "/"),
                    text,
                });
            }
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}
