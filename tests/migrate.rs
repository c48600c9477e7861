//! Ingress → Gateway API: the converted routes answer like the Ingress. For every
//! preset in an Ingress variant, at least 200 generated requests go through the
//! simulator's ingress-nginx model and through the HTTPRoutes the migration wrote;
//! every disagreement must be one the migration names as a difference.

use gin_deploy::bundle::render;
use gin_deploy::gateway_api::PathMatchType;
use gin_deploy::migrate::{migrate, Converted, Difference, Migration};
use gin_deploy::model::{Design, Ingress};
use gin_deploy::presets::PRESETS;
use gin_deploy::simulate::httproute::{self, AttachedRoute, Incoming};
use gin_deploy::simulate::ingress::{self, Outcome};

// Requests whose path nginx would clean up (`//`, `.`/`..`, `%XX`) are among the
// generated ones; the migration names that difference, so they may disagree.

/// What a client sees, by layer.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Seen {
    /// The request reached the Service with this path.
    Forward(String),
    /// A redirect to this location, with its status.
    Redirect(u16, String),
    NotFound,
    /// nginx refused the request target.
    BadRequest,
}

fn through_ingress(converted: &[Converted], host: &str, path: &str, https: bool) -> Seen {
    for c in converted {
        match ingress::route(&c.ingress, host, path) {
            Outcome::OtherHost { .. } => continue,
            Outcome::Matched { rewritten, .. } => {
                if !https && c.ingress.redirects_to_https() {
                    return Seen::Redirect(308, format!("https://{host}{path}"));
                }
                let rewritten = if rewritten.starts_with('/') {
                    rewritten
                } else {
                    format!("/{rewritten}")
                };
                return Seen::Forward(rewritten);
            }
            Outcome::NoPath => {
                if !https && c.ingress.redirects_to_https() {
                    // ingress-nginx redirects every path of a TLS host.
                    return Seen::Redirect(308, format!("https://{host}{path}"));
                }
                return Seen::NotFound;
            }
            Outcome::BadRequest { .. } => return Seen::BadRequest,
            Outcome::BadRegex { path, reason } => panic!("{path}: {reason}"),
        }
    }
    Seen::NotFound
}

fn attached(migration: &Migration) -> Vec<AttachedRoute> {
    let mut routes = Vec::new();
    for c in &migration.converted {
        let sections: Vec<&str> = c
            .route
            .spec
            .parent_refs
            .iter()
            .filter_map(|p| p.section_name.as_deref())
            .collect();
        let https = match (
            sections.iter().any(|s| s.starts_with("https")),
            sections.contains(&"http"),
        ) {
            (true, true) => None,
            (true, false) => Some(true),
            _ => Some(false),
        };
        routes.push(AttachedRoute {
            route: c.route.clone(),
            https,
        });
        if let Some(redirect) = &c.redirect {
            routes.push(AttachedRoute {
                route: redirect.clone(),
                https: Some(false),
            });
        }
    }
    routes
}

fn through_gateway(routes: &[AttachedRoute], host: &str, path: &str, https: bool) -> Seen {
    let incoming = Incoming {
        method: "GET",
        host,
        path,
        query: "",
        headers: &[],
        https,
    };
    match httproute::route(routes, &incoming) {
        httproute::Outcome::Matched { action, .. } => match action {
            httproute::Action::Forward { path, .. } => Seen::Forward(path),
            httproute::Action::Redirect { status, location } => Seen::Redirect(status, location),
            httproute::Action::NotSimulated(why) => panic!("{why}"),
        },
        _ => Seen::NotFound,
    }
}

/// Whether a named difference explains why the two layers disagree on `path`.
fn explained(
    differences: &[Difference],
    path: &str,
    https: bool,
    ingress: &Seen,
    gateway: &Seen,
) -> bool {
    let https_only = |_: &Seen| https;
    differences.iter().any(|d| match d {
        Difference::LetterCase { path: prefix } => {
            let lower = path.to_ascii_lowercase();
            let under = |p: &str| p == prefix || p.starts_with(&format!("{prefix}/"));
            under(&lower) && !under(path)
        }
        Difference::SegmentPrefix { path: prefix } => {
            path.starts_with(prefix.as_str())
                && !matches!(path.as_bytes().get(prefix.len()), None | Some(b'/'))
        }
        Difference::RedirectStatus => matches!(
            (ingress, gateway),
            (Seen::Redirect(308, a), Seen::Redirect(301, b)) if a == b
        ),
        Difference::WildcardDepth { .. } => false,
        Difference::PathNormalization => ingress::normalize(path).ok().as_deref() != Some(path),
        Difference::NoTls { .. } => matches!(gateway, Seen::NotFound) && https_only(ingress),
    })
}

/// The designs with an Ingress: the article as it is, every other preset with an
/// Ingress under a path prefix and without one.
fn variants() -> Vec<(String, Design)> {
    let mut out = Vec::new();
    for preset in PRESETS {
        let design = preset.design().unwrap();
        if design.cluster.ingress.is_some() {
            out.push((preset.id.to_owned(), design));
            continue;
        }
        for (suffix, prefix, tls) in [("prefix", "/svc", "web-tls"), ("plain", "", "")] {
            let mut d = design.clone();
            d.cluster.gateway = None;
            d.cluster.ingress = Some(Ingress {
                host: "api.example.com".into(),
                path_prefix: prefix.into(),
                tls_secret: tls.into(),
                ..Ingress::default()
            });
            assert_eq!(gin_deploy::design_file::check(&d), []);
            out.push((format!("{}-{suffix}", preset.id), d));
        }
    }
    out
}

/// Request paths for a design: its routes with parameters filled in, under the
/// prefix, and the tricky neighbours of each.
fn paths(design: &Design) -> Vec<String> {
    let prefix = design
        .cluster
        .ingress
        .as_ref()
        .map(|i| i.path_prefix.trim_end_matches('/').to_owned())
        .unwrap_or_default();
    let mut out = vec![
        "/".to_owned(),
        format!("{prefix}"),
        format!("{prefix}/"),
        format!("{prefix}x"),
        format!("{prefix}x/ping"),
        format!("{}/ping", prefix.to_ascii_uppercase()),
        format!("{prefix}//ping"),
        format!("//{}", prefix.trim_start_matches('/')),
        "/nothing/here".to_owned(),
        "/%2e%2e/ping".to_owned(),
    ];
    for r in design.routes() {
        let concrete: String = r
            .full_path
            .split('/')
            .map(|s| match s.as_bytes().first() {
                Some(b':') => "42",
                Some(b'*') => "a/b",
                _ => s,
            })
            .collect::<Vec<_>>()
            .join("/");
        let p = if concrete.is_empty() {
            "/".to_owned()
        } else {
            concrete
        };
        for variant in [
            format!("{prefix}{p}"),
            format!("{prefix}{p}/"),
            format!("{prefix}/{p}"),
            format!("{prefix}{}", p.to_ascii_uppercase()),
            format!("{}{p}", prefix.to_ascii_uppercase()),
            format!("{prefix}{p}/./x"),
            format!("{prefix}{p}/../x"),
            format!("{prefix}{}", p.replace('/', "//")),
            format!("{prefix}x{p}"),
            p.clone(),
        ] {
            out.push(variant);
        }
    }
    // And paths from a fixed pseudo-random walk over awkward segments, half of them
    // under the prefix.
    const SEGMENTS: [&str; 12] = [
        "api",
        "v1",
        "users",
        "42",
        "",
        "PING",
        "a.b",
        "%2F",
        "..",
        ".",
        "healthz",
        "Service-A",
    ];
    // Clean ones too: both layers must agree on those.
    const CLEAN: [&str; 8] = [
        "api",
        "v1",
        "users",
        "42",
        "PING",
        "healthz",
        "Service-A",
        "x_y",
    ];
    let mut seed: u64 = 0x5eed;
    for i in 0..240 {
        let mut path = if i % 2 == 0 {
            prefix.clone()
        } else {
            String::new()
        };
        for _ in 0..1 + i % 4 {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let pick = (seed >> 33) as usize;
            path.push('/');
            path.push_str(if i % 3 == 0 {
                SEGMENTS[pick % SEGMENTS.len()]
            } else {
                CLEAN[pick % CLEAN.len()]
            });
        }
        out.push(path);
    }
    out.retain(|p| p.starts_with('/'));
    out.sort();
    out.dedup();
    out
}

#[test]
fn converted_routes_answer_like_the_ingress_on_every_generated_request() {
    for (name, design) in variants() {
        let files = render(&design);
        let all = files.iter().find(|f| f.path == "k8s/all.yaml").unwrap();
        let migration = migrate(&all.contents);
        assert!(!migration.is_empty(), "{name}: nothing converted");
        assert!(
            migration.converted.iter().all(|c| !c.incomplete),
            "{name}: {:#?}",
            migration.notes
        );
        assert!(
            migration.notes.iter().all(|n| !n.lost),
            "{name}: the generated Ingress loses something: {:#?}",
            migration.notes
        );
        // What the migration writes is clean to our own validator too.
        let errors: Vec<String> = gin_deploy::validate::kube::validate(
            "migrated.yaml",
            &migration.yaml(),
            &Default::default(),
        )
        .into_iter()
        .filter(|d| d.severity != gin_deploy::validate::Severity::Info)
        .map(|d| d.to_line())
        .collect();
        assert_eq!(
            errors,
            Vec::<String>::new(),
            "{name}:\n{}",
            migration.yaml()
        );
        let routes = attached(&migration);
        let differences: Vec<Difference> = migration
            .converted
            .iter()
            .flat_map(|c| c.differences.clone())
            .collect();
        let host = design.cluster.ingress.as_ref().unwrap().host.clone();
        let mut requests = 0;
        let mut explained_count = 0;
        let mut unexplained = Vec::new();
        let paths = paths(&design);
        for path in &paths {
            let upper = host.to_ascii_uppercase();
            let with_port = format!("{host}:443");
            for (host, https) in [
                (host.as_str(), true),
                (host.as_str(), false),
                (upper.as_str(), true),
                (with_port.as_str(), true),
                ("other.example.com", true),
            ] {
                requests += 1;
                let a = through_ingress(&migration.converted, host, path, https);
                let b = through_gateway(&routes, host, path, https);
                if a == b {
                    continue;
                }
                if explained(&differences, path, https, &a, &b) {
                    explained_count += 1;
                } else {
                    unexplained.push(format!(
                        "{host} {path} https={https}: ingress {a:?}, route {b:?}"
                    ));
                }
            }
        }
        println!(
            "{name}: {requests} requests, {} answered alike, {explained_count} differ as the migration says, {} unexplained",
            requests - explained_count - unexplained.len(),
            unexplained.len()
        );
        assert!(requests >= 200, "{name}: only {requests} requests");
        // At least 200 of them where the migration promises the same answer.
        assert!(
            requests - explained_count >= 200,
            "{name}: only {} requests agree",
            requests - explained_count
        );
        assert!(
            unexplained.is_empty(),
            "{name}:\n{}",
            unexplained.join("\n")
        );
    }
}

#[test]
fn the_article_prefix_becomes_a_prefix_match_and_a_prefix_rewrite() {
    let article = PRESETS[0].design().unwrap();
    let files = render(&article);
    let all = files.iter().find(|f| f.path == "k8s/all.yaml").unwrap();
    let migration = migrate(&all.contents);
    let rule = &migration.converted[0].route.spec.rules[0];
    let path = rule.matches[0].path.as_ref().unwrap();
    assert_eq!(path.type_, Some(PathMatchType::PathPrefix));
    assert_eq!(path.value(), "/service-a");
    let modifier = rule.filters[0]
        .url_rewrite
        .as_ref()
        .unwrap()
        .path
        .as_ref()
        .unwrap();
    assert_eq!(modifier.replace_prefix_match.as_deref(), Some("/"));
    // TLS: the route serves HTTPS, a second one redirects plain HTTP.
    assert!(migration.converted[0].redirect.is_some());
    let yaml = migration.yaml();
    for kind in [
        "kind: Gateway",
        "kind: HTTPRoute",
        "certificateRefs",
        "ReplacePrefixMatch",
    ] {
        assert!(yaml.contains(kind), "{kind} in\n{yaml}");
    }
    // What differs is said: letter case, and the redirect status.
    let said: Vec<&str> = migration.notes.iter().map(|n| n.message.as_str()).collect();
    assert!(said.iter().any(|m| m.contains("letter case")), "{said:#?}");
    assert!(said.iter().any(|m| m.contains("308")), "{said:#?}");
}

#[test]
fn what_cannot_be_carried_over_is_named_with_its_reason() {
    let paste = r#"apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/use-regex: "true"
    nginx.ingress.kubernetes.io/backend-protocol: GRPC
    nginx.ingress.kubernetes.io/enable-cors: "true"
    nginx.ingress.kubernetes.io/auth-url: https://auth.example.com/check
    nginx.ingress.kubernetes.io/configuration-snippet: 'more_set_headers "X-Y: z";'
    nginx.ingress.kubernetes.io/proxy-read-timeout: "120"
spec:
  ingressClassName: nginx
  rules:
  - host: shop.example.com
    http:
      paths:
      - path: /api/v[0-9]+
        pathType: ImplementationSpecific
        backend:
          service: {name: web, port: {number: 80}}
      - path: /static
        pathType: ImplementationSpecific
        backend:
          service: {name: web, port: {number: 80}}
      - path: /files
        pathType: ImplementationSpecific
        backend:
          service: {name: web, port: {name: http}}
"#;
    let migration = migrate(paste);
    let lost: Vec<String> = migration
        .notes
        .iter()
        .filter(|n| n.lost)
        .map(|n| format!("{}: {}", n.source, n.message))
        .collect();
    for expected in [
        "backend-protocol GRPC",
        "enable-cors",
        "auth-url",
        "configuration-snippet",
        "/api/v[0-9]+",
        "named \"http\"",
    ] {
        assert!(
            lost.iter().any(|l| l.contains(expected)),
            "{expected} in {lost:#?}"
        );
    }
    // The timeout comes along, with what it now means.
    assert!(migration.yaml().contains("backendRequest: 120s"));
    // Only /static could be written, and the route says it is incomplete.
    assert_eq!(migration.converted.len(), 1);
    assert!(migration.converted[0].incomplete);
    assert_eq!(migration.converted[0].route.spec.rules[0].matches.len(), 1);
}
