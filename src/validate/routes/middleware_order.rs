//! Middleware-order mistakes (`GR2xx`): chains that start but answer some requests
//! wrongly.
//!
//! Every check looks at *effective* chains, as Gin runs them: the global chain then a
//! group's own middleware for that group's routes, and the global chain alone for
//! requests no route matches (Gin's 404 handler, which is also what answers a CORS
//! preflight `OPTIONS` when no `OPTIONS` route exists). A finding sits at the
//! middleware entry (or route) to move, and is reported once even when several
//! chains share that entry.

use std::mem::discriminant;

use crate::model::{join_path, Design, Method, Middleware, RouteGroup};
use crate::validate::routes::finding;
use crate::validate::{Diagnostic, Rule, Severity};

pub const RECOVERY_NOT_FIRST: Rule = Rule {
    id: "GR201",
    title: "Recovery is not first in the chain",
    severity: Severity::Warning,
    why: "Recovery only catches panics in the handlers after it; a panic in middleware \
          before it escapes to net/http, which drops the connection without a response \
          (ingress-nginx then answers 502). Logger alone before it is gin.Default()'s own \
          order and no finding: Logger does not panic, and wrapping Recovery it logs the \
          500 Recovery answers.",
    bad_example: "middleware:
- kind: logger
- kind: rateLimit
  requestsPerSecond: 10
  burst: 20
- kind: recovery
",
    good_example: "middleware:
- kind: recovery
- kind: logger
",
};

pub const CORS_AFTER_AUTH: Rule = Rule {
    id: "GR202",
    title: "CORS runs after JWT auth",
    severity: Severity::Error,
    why: "a browser's preflight `OPTIONS` request never carries the Authorization \
          header; when JWT auth runs first it answers 401, the preflight fails and \
          the browser blocks the real request.",
    bad_example: "middleware:
- kind: jwtAuth
  header: Authorization
  secretEnv: JWT_SECRET
- kind: cors
  allowOrigins: [https://app.example.com]
  allowMethods: [GET, POST]
  allowHeaders: [Authorization, Content-Type]
  allowCredentials: false
  maxAgeSeconds: 600
groups:
- prefix: /api
  routes:
  - {method: GET, path: /orders}
",
    good_example: "middleware:
- kind: cors
  allowOrigins: [https://app.example.com]
  allowMethods: [GET, POST]
  allowHeaders: [Authorization, Content-Type]
  allowCredentials: false
  maxAgeSeconds: 600
- kind: jwtAuth
  header: Authorization
  secretEnv: JWT_SECRET
groups:
- prefix: /api
  routes:
  - {method: GET, path: /orders}
",
};

pub const CORS_ONLY_IN_GROUP: Rule = Rule {
    id: "GR203",
    title: "CORS in a group never sees the preflight",
    severity: Severity::Error,
    why: "Gin runs a group's middleware only for requests that match one of its \
          routes. A preflight is an `OPTIONS` request; without an `OPTIONS` route it \
          matches nothing and gets Gin's 404 through the global chain only, so the \
          group's CORS never answers it and the browser blocks every request that \
          needs a preflight (PUT, PATCH, DELETE, JSON bodies, an Authorization header).",
    bad_example: "groups:
- prefix: /api
  middleware:
  - kind: cors
    allowOrigins: [https://app.example.com]
    allowMethods: [GET, POST]
    allowHeaders: [Content-Type]
    allowCredentials: false
    maxAgeSeconds: 600
  routes:
  - {method: POST, path: /orders}
",
    good_example: "middleware:
- kind: cors
  allowOrigins: [https://app.example.com]
  allowMethods: [GET, POST]
  allowHeaders: [Content-Type]
  allowCredentials: false
  maxAgeSeconds: 600
groups:
- prefix: /api
  routes:
  - {method: POST, path: /orders}
",
};

pub const HEALTH_BEHIND_AUTH: Rule = Rule {
    id: "GR204",
    title: "health route behind auth",
    severity: Severity::Error,
    why: "the kubelet's HTTP probes send no token: a probe path behind JWT auth gets \
          401, which counts as a failure, so the pod never becomes ready (readiness) \
          or is restarted over and over (liveness).",
    bad_example: "middleware:
- kind: jwtAuth
  header: Authorization
  secretEnv: JWT_SECRET
groups:
- routes:
  - {method: GET, path: /healthz}
",
    good_example: "groups:
- routes:
  - {method: GET, path: /healthz}
- prefix: /api
  middleware:
  - kind: jwtAuth
    header: Authorization
    secretEnv: JWT_SECRET
  routes:
  - {method: GET, path: /orders}
",
};

pub const RATE_LIMIT_AFTER_AUTH: Rule = Rule {
    id: "GR205",
    title: "rate limit runs after JWT auth",
    severity: Severity::Warning,
    why: "requests JWT auth rejects never reach a limiter placed after it, so a flood \
          of bad or missing tokens (credential guessing, a broken client retrying) is \
          never throttled and costs a signature check each; limit first so rejected \
          traffic is cheap and bounded.",
    bad_example: "middleware:
- kind: jwtAuth
  header: Authorization
  secretEnv: JWT_SECRET
- kind: rateLimit
  requestsPerSecond: 10
  burst: 20
groups:
- prefix: /api
  routes:
  - {method: GET, path: /orders}
",
    good_example: "middleware:
- kind: rateLimit
  requestsPerSecond: 10
  burst: 20
- kind: jwtAuth
  header: Authorization
  secretEnv: JWT_SECRET
groups:
- prefix: /api
  routes:
  - {method: GET, path: /orders}
",
};

pub const DUPLICATE_MIDDLEWARE: Rule = Rule {
    id: "GR206",
    title: "middleware twice in one chain",
    severity: Severity::Warning,
    why: "the same middleware twice in a chain does its work twice: two log lines per \
          request, two rate-limit tokens spent, gzip over gzip; usually a group \
          repeats what the global chain already has.",
    bad_example: "middleware:
- kind: logger
groups:
- prefix: /api
  middleware:
  - kind: logger
  routes:
  - {method: GET, path: /orders}
",
    good_example: "middleware:
- kind: logger
groups:
- prefix: /api
  routes:
  - {method: GET, path: /orders}
",
};

pub const VALIDATE_JSON_WITHOUT_BODIES: Rule = Rule {
    id: "GR207",
    title: "JSON validation on routes without bodies",
    severity: Severity::Info,
    why: "JSON validation checks the Content-Type of requests with a body (POST, PUT, \
          PATCH); in a chain whose routes take no body it never has anything to check.",
    bad_example: "groups:
- prefix: /reports
  middleware:
  - kind: validateJson
  routes:
  - {method: GET, path: /daily}
",
    good_example: "groups:
- prefix: /reports
  middleware:
  - kind: validateJson
  routes:
  - {method: GET, path: /daily}
  - {method: POST, path: /daily}
",
};

pub const RATE_LIMIT_SEES_THE_PROXY: Rule = Rule {
    id: "GR208",
    title: "rate limit behind an Ingress or a Gateway that trusts no proxy",
    severity: Severity::Info,
    why: "with no trusted proxies the limiter keys each request on the connection's \
          peer, which behind an ingress controller or a Gateway is always one of its \
          proxy pods: every client then shares a few buckets, and one busy client gets \
          everybody 429s. List the proxies' pod network (narrowly: any pod inside a \
          trusted range can claim to be any client) in service.trustedProxies, so \
          X-Forwarded-For names the real client.",
    bad_example: "middleware:
- kind: rateLimit
  requestsPerSecond: 10
  burst: 20
cluster:
  ingress:
    host: api.example.com
",
    good_example: "service:
  trustedProxies: [10.42.0.0/16]
middleware:
- kind: rateLimit
  requestsPerSecond: 10
  burst: 20
cluster:
  ingress:
    host: api.example.com
",
};

/// The `GR2xx` rules.
pub const RULES: [Rule; 8] = [
    RECOVERY_NOT_FIRST,
    CORS_AFTER_AUTH,
    CORS_ONLY_IN_GROUP,
    HEALTH_BEHIND_AUTH,
    RATE_LIMIT_AFTER_AUTH,
    DUPLICATE_MIDDLEWARE,
    VALIDATE_JSON_WITHOUT_BODIES,
    RATE_LIMIT_SEES_THE_PROXY,
];

/// Paths the kubelet is pointed at: the generators' health paths and `/livez`.
pub const PROBE_PATHS: [&str; 4] = ["/healthz", "/readyz", "/livez", "/ping"];

/// One middleware entry of an effective chain, with its design field.
struct Entry<'a> {
    at: String,
    middleware: &'a Middleware,
}

/// A chain as Gin runs it, and whose it is.
struct Chain<'a> {
    /// `the global chain` or `group /api`.
    owner: String,
    entries: Vec<Entry<'a>>,
}

impl Chain<'_> {
    fn position(&self, is: impl Fn(&Middleware) -> bool) -> Option<usize> {
        self.entries.iter().position(|e| is(e.middleware))
    }
}

fn is_jwt(m: &Middleware) -> bool {
    matches!(m, Middleware::JwtAuth { .. })
}

fn is_cors(m: &Middleware) -> bool {
    matches!(m, Middleware::Cors { .. })
}

fn group_name(group: &RouteGroup) -> String {
    if group.prefix.is_empty() {
        "the top-level group".to_owned()
    } else {
        format!("group {}", group.prefix)
    }
}

/// The global chain alone, then every group's effective chain.
fn chains(design: &Design) -> Vec<Chain<'_>> {
    let global: Vec<Entry> = design
        .middleware
        .iter()
        .enumerate()
        .map(|(i, middleware)| Entry {
            at: format!("middleware[{i}]"),
            middleware,
        })
        .collect();
    let mut chains = vec![Chain {
        owner: "the global chain".to_owned(),
        entries: global,
    }];
    for (g, group) in design.groups.iter().enumerate() {
        let mut entries: Vec<Entry> = design
            .middleware
            .iter()
            .enumerate()
            .map(|(i, middleware)| Entry {
                at: format!("middleware[{i}]"),
                middleware,
            })
            .collect();
        entries.extend(
            group
                .middleware
                .iter()
                .enumerate()
                .map(|(i, middleware)| Entry {
                    at: format!("groups[{g}].middleware[{i}]"),
                    middleware,
                }),
        );
        chains.push(Chain {
            owner: group_name(group),
            entries,
        });
    }
    chains
}

/// Collects findings, one per rule and field.
#[derive(Default)]
struct Findings(Vec<Diagnostic>);

impl Findings {
    fn add(&mut self, rule: &Rule, at: &str, message: String, fix: &str) {
        let seen = self.0.iter().any(|d| {
            d.rule == rule.id
                && matches!(&d.location, crate::validate::Location::Field { path } if path == at)
        });
        if !seen {
            self.0.push(finding(rule, at, message).with_fix(fix));
        }
    }
}

/// Every middleware-order finding of the design.
pub fn check(design: &Design) -> Vec<Diagnostic> {
    let mut found = Findings::default();
    let chains = chains(design);
    for chain in &chains {
        recovery_first(&mut found, chain);
        order_after_auth(&mut found, chain);
        duplicates(&mut found, chain);
    }
    cors_in_groups(&mut found, design);
    health_behind_auth(&mut found, design);
    validate_json_without_bodies(&mut found, design);
    rate_limit_behind_proxy(&mut found, design);
    found.0
}

fn recovery_first(found: &mut Findings, chain: &Chain) {
    let Some(at) = chain.position(|m| matches!(m, Middleware::Recovery)) else {
        return;
    };
    // Logger before Recovery is gin.Default()'s order, on purpose: Logger cannot
    // panic, and from outside it logs the 500 Recovery answers.
    if chain.entries[..at]
        .iter()
        .all(|e| matches!(e.middleware, Middleware::Logger))
    {
        return;
    }
    let before: Vec<String> = chain.entries[..at]
        .iter()
        .map(|e| e.middleware.label())
        .collect();
    found.add(
        &RECOVERY_NOT_FIRST,
        &chain.entries[at].at,
        format!(
            "the Recovery middleware comes after {} in {}: a panic there is not recovered and the connection drops without a response",
            before.join(", "),
            chain.owner
        ),
        "move Recovery to the start of the global chain",
    );
}

/// CORS and rate limiting placed after JWT auth.
fn order_after_auth(found: &mut Findings, chain: &Chain) {
    let Some(jwt) = chain.position(is_jwt) else {
        return;
    };
    let jwt_at = &chain.entries[jwt].at;
    for entry in &chain.entries[jwt + 1..] {
        match entry.middleware {
            Middleware::Cors { .. } => found.add(
                &CORS_AFTER_AUTH,
                &entry.at,
                format!(
                    "the CORS middleware ({}) runs after JWT auth ({jwt_at}) in {}: a preflight OPTIONS request carries no token and gets 401, so browsers block the real request",
                    entry.at, chain.owner
                ),
                "move CORS before JWT auth",
            ),
            Middleware::RateLimit { .. } => found.add(
                &RATE_LIMIT_AFTER_AUTH,
                &entry.at,
                format!(
                    "the rate limit ({}) runs after JWT auth ({jwt_at}) in {}: requests rejected with 401 are never limited",
                    entry.at, chain.owner
                ),
                "move the rate limit before JWT auth",
            ),
            _ => {}
        }
    }
}

/// Whether two entries are the same middleware (custom ones by name).
fn same_kind(a: &Middleware, b: &Middleware) -> bool {
    match (a, b) {
        (Middleware::Custom { name: x }, Middleware::Custom { name: y }) => x == y,
        _ => discriminant(a) == discriminant(b),
    }
}

fn duplicates(found: &mut Findings, chain: &Chain) {
    for (i, entry) in chain.entries.iter().enumerate() {
        if let Some(first) = chain.entries[..i]
            .iter()
            .find(|e| same_kind(e.middleware, entry.middleware))
        {
            found.add(
                &DUPLICATE_MIDDLEWARE,
                &entry.at,
                format!(
                    "middleware {} ({}) repeats {} in {}: it runs twice for every request",
                    entry.middleware.label(),
                    entry.at,
                    first.at,
                    chain.owner
                ),
                "remove the second one",
            );
        }
    }
}

/// Whether a browser sends a preflight before a cross-origin request to this route:
/// methods other than GET, HEAD and POST always, POST with its JSON body, and any
/// request carrying the Authorization header.
fn needs_preflight(method: Method, behind_auth: bool) -> bool {
    behind_auth || !matches!(method, Method::Get | Method::Head)
}

fn cors_in_groups(found: &mut Findings, design: &Design) {
    if design.middleware.iter().any(is_cors) {
        return;
    }
    let options_paths: Vec<String> = design
        .routes()
        .filter(|r| r.route.method == Method::Options)
        .map(|r| r.full_path)
        .collect();
    for (g, group) in design.groups.iter().enumerate() {
        let Some(cors) = group.middleware.iter().position(is_cors) else {
            continue;
        };
        let behind_auth = design.requires_auth(group);
        let unanswered = group.routes.iter().find_map(|route| {
            let path = join_path(&group.prefix, &route.path);
            (needs_preflight(route.method, behind_auth) && !options_paths.contains(&path))
                .then(|| format!("{} {path}", route.method.as_str()))
        });
        if let Some(route) = unanswered {
            found.add(
                &CORS_ONLY_IN_GROUP,
                &format!("groups[{g}].middleware[{cors}]"),
                format!(
                    "the CORS middleware is only in {}: the preflight OPTIONS request for {route} matches no route and gets 404 without CORS headers, so browsers block it",
                    group_name(group)
                ),
                "move CORS to the global chain",
            );
        }
    }
}

fn health_behind_auth(found: &mut Findings, design: &Design) {
    for (g, group) in design.groups.iter().enumerate() {
        if !design.requires_auth(group) {
            continue;
        }
        for (r, route) in group.routes.iter().enumerate() {
            let path = join_path(&group.prefix, &route.path);
            if route.method == Method::Get && PROBE_PATHS.contains(&path.as_str()) {
                found.add(
                    &HEALTH_BEHIND_AUTH,
                    &format!("groups[{g}].routes[{r}].path"),
                    format!(
                        "health route GET {path} is behind JWT auth in {}: the kubelet's probe sends no token and gets 401",
                        group_name(group)
                    ),
                    "move the route to a group without JWT auth, and JWT auth out of the global chain",
                );
            }
        }
    }
}

fn rate_limit_behind_proxy(found: &mut Findings, design: &Design) {
    let limited = design
        .all_middleware()
        .any(|m| matches!(m, Middleware::RateLimit { .. }));
    let proxy = match (&design.cluster.ingress, &design.cluster.gateway) {
        (Some(ingress), _) => format!("the {} ingress controller", ingress.class_name),
        (None, Some(_)) => "the Gateway's proxies".to_owned(),
        (None, None) => return,
    };
    if limited && design.service.trusted_proxies.is_empty() {
        found.add(
            &RATE_LIMIT_SEES_THE_PROXY,
            "service.trustedProxies",
            format!(
                "requests reach the service through {proxy}, and no proxy is trusted: the rate limit sees the proxy's pods as the clients, so all clients share their buckets"
            ),
            "list the proxy pods' network in Trusted proxies",
        );
    }
}

fn validate_json_without_bodies(found: &mut Findings, design: &Design) {
    if let Some(i) = design
        .middleware
        .iter()
        .position(|m| matches!(m, Middleware::ValidateJson))
    {
        let any_routes = design.routes().next().is_some();
        if any_routes && !design.routes().any(|r| r.route.method.has_body()) {
            found.add(
                &VALIDATE_JSON_WITHOUT_BODIES,
                &format!("middleware[{i}]"),
                "the JSON validation middleware is in the global chain, but no route takes a body (POST, PUT or PATCH)".to_owned(),
                "remove it, or keep it for body routes you will add",
            );
        }
    }
    for (g, group) in design.groups.iter().enumerate() {
        let Some(i) = group
            .middleware
            .iter()
            .position(|m| matches!(m, Middleware::ValidateJson))
        else {
            continue;
        };
        if !group.routes.is_empty() && !group.routes.iter().any(|r| r.method.has_body()) {
            found.add(
                &VALIDATE_JSON_WITHOUT_BODIES,
                &format!("groups[{g}].middleware[{i}]"),
                format!(
                    "the JSON validation middleware is in {}, whose routes take no body (POST, PUT or PATCH)",
                    group_name(group)
                ),
                "remove it from this group",
            );
        }
    }
}
