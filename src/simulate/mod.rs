//! The request simulator: what happens to one HTTP request sent to the designed
//! service, hop by hop — Gateway (HTTPRoute matching and filters, [`httproute`]) or
//! Ingress (host, path, rewrite), Service, Pod, then Gin's
//! route lookup, the middleware that runs and the status that comes back.
//!
//! Everything is derived from the design, the same way the generators derive the
//! files: the Ingress rule from [`ingress::rules`], the router from
//! [`crate::validate::routes::tree`] (held to the real Gin by `tests/gin_oracle.rs`).
//! It never fails: a request the design cannot answer ends in the status a client
//! would see, and the hops say why in plain words.

pub mod gin;
pub mod httproute;
pub mod ingress;
pub mod regex;

use crate::model::{Design, Method};
use ingress::Outcome;

/// One request, as a client sends it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub method: Method,
    /// The Host header (a port is ignored).
    pub host: String,
    /// The path, with an optional `?query`.
    pub path: String,
    /// Whether a valid `Authorization: Bearer …` token comes along.
    pub bearer_token: bool,
    /// Whether the body is sent as `Content-Type: application/json`.
    pub json_body: bool,
    /// The Origin header of a browser's cross-origin request.
    pub origin: Option<String>,
    /// Whether the request comes over HTTPS (`https://`) rather than plain HTTP.
    pub https: bool,
}

impl Request {
    /// A request without token, body or Origin.
    pub fn new(method: Method, host: &str, path: &str) -> Request {
        Request {
            method,
            host: host.to_owned(),
            path: path.to_owned(),
            bearer_token: false,
            json_body: false,
            origin: None,
            https: false,
        }
    }

    pub fn get(host: &str, path: &str) -> Request {
        Request::new(Method::Get, host, path)
    }

    pub fn with_token(mut self) -> Request {
        self.bearer_token = true;
        self
    }

    pub fn with_json(mut self) -> Request {
        self.json_body = true;
        self
    }

    pub fn with_origin(mut self, origin: &str) -> Request {
        self.origin = Some(origin.to_owned());
        self
    }

    pub fn over_https(mut self) -> Request {
        self.https = true;
        self
    }

    /// The path without the query, and the query without `?`.
    fn split(&self) -> (&str, &str) {
        self.path
            .split_once('?')
            .unwrap_or((self.path.as_str(), ""))
    }
}

/// What a hop is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HopKind {
    Ingress,
    Gateway,
    Service,
    Pod,
    Middleware,
    Handler,
    Response,
}

/// Splits `scheme://host/path?query` into whether it is HTTPS, the host and the path;
/// without a scheme the request is plain HTTP.
pub fn split_url(url: &str) -> (bool, String, String) {
    let (https, rest) = match url.trim().split_once("://") {
        Some((scheme, rest)) => (scheme.eq_ignore_ascii_case("https"), rest),
        None => (false, url.trim()),
    };
    let (host, path) = match rest.find(['/', '?']) {
        Some(i) if rest.as_bytes()[i] == b'/' => (rest[..i].to_owned(), rest[i..].to_owned()),
        Some(i) => (rest[..i].to_owned(), format!("/{}", &rest[i..])),
        None => (rest.to_owned(), "/".to_owned()),
    };
    (https, host, path)
}

/// One step of the request's way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hop {
    pub kind: HopKind,
    pub title: String,
    pub detail: String,
}

/// The designed route that answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatchedRoute {
    /// Indices into `design.groups` and that group's `routes`.
    pub group: usize,
    pub route: usize,
    pub full_path: String,
    /// Parameter values, in path order (`id` = `42`).
    pub params: Vec<(String, String)>,
}

/// The request's way and its outcome.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Trace {
    pub hops: Vec<Hop>,
    /// The status the client sees; 0 when no response comes back at all (the
    /// connection is refused or closed).
    pub status: u16,
    pub route: Option<MatchedRoute>,
    /// The path as the client sent it, without the query.
    pub requested_path: String,
    /// The path the pods receive, after any Ingress rewrite; none when the request
    /// never reaches them.
    pub gin_path: Option<String>,
    /// The Location header of a redirect.
    pub location: Option<String>,
}

impl Trace {
    fn hop(&mut self, kind: HopKind, title: impl Into<String>, detail: impl Into<String>) {
        self.hops.push(Hop {
            kind,
            title: title.into(),
            detail: detail.into(),
        });
    }

    /// Adds a sentence to the last hop's detail.
    fn note(&mut self, text: impl AsRef<str>) {
        if let Some(hop) = self.hops.last_mut() {
            if !hop.detail.is_empty() {
                hop.detail.push_str("; ");
            }
            hop.detail.push_str(text.as_ref());
        }
    }

    /// The outcome in a few words, as the page shows it: the status and its reason,
    /// or, when no response comes back (status 0), why not: a client never sees a
    /// status 0.
    pub fn summary(&self) -> String {
        match (self.status, self.hops.last()) {
            (0, Some(last)) => last.title.clone(),
            (0, None) => "no response".into(),
            (status, _) => format!("{status} {}", reason(status)),
        }
    }

    /// Ends the trace with the response hop.
    fn finish(&mut self, status: u16, title: impl Into<String>, detail: impl Into<String>) {
        self.status = status;
        let title = title.into();
        let title = if status == 0 {
            format!("no response: {title}")
        } else {
            format!("{status} {}: {title}", reason(status))
        };
        self.hop(HopKind::Response, title, detail);
    }
}

/// The reason phrase of the statuses the simulator produces.
pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        301 => "Moved Permanently",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        415 => "Unsupported Media Type",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// Follows `request` through the designed service.
pub fn simulate(design: &Design, request: &Request) -> Trace {
    let (path, query) = request.split();
    let mut trace = Trace {
        requested_path: path.to_owned(),
        ..Trace::default()
    };
    let method = request.method.as_str();
    let proxy = match (&design.cluster.ingress, &design.cluster.gateway) {
        (Some(_), _) => Some("ingress-nginx"),
        (None, Some(_)) => Some("the Gateway"),
        (None, None) => None,
    };
    let gateway_path = match httproute::routes(design) {
        None => None,
        Some(routes) => match through_gateway(&routes, request, path, query, &mut trace) {
            Some(path) => Some(path),
            None => return trace,
        },
    };
    let pod_path = match ingress::rules(design) {
        None => gateway_path.unwrap_or_else(|| path.to_owned()),
        Some(rule) => {
            let outcome = ingress::route(&rule, &request.host, path);
            let title = format!("Ingress {}", rule.host.as_deref().unwrap_or("(any host)"));
            match through_ingress(&title, &rule, outcome, request, path, &mut trace) {
                Some(rewritten) => rewritten,
                None => return trace,
            }
        }
    };
    let pod_path = if pod_path.starts_with('/') {
        pod_path
    } else {
        // nginx hands the upstream an absolute path.
        format!("/{pod_path}")
    };
    let cluster = &design.cluster;
    let names = crate::names::of(design);
    let name = names.app;
    trace.hop(
        HopKind::Service,
        format!("Service {name}:{}", cluster.service_port),
        format!(
            "{} Service {name} in namespace {} sends port {} to targetPort {} of a ready pod",
            cluster.service_type.as_str(),
            names.namespace,
            cluster.service_port,
            design.service.port
        ),
    );
    trace.hop(
        HopKind::Pod,
        format!("Pod {name} (one of {})", cluster.replicas),
        format!(
            "Gin listens on :{} in {} mode and receives {method} {pod_path}",
            design.service.port,
            design.service.gin_mode.as_str()
        ),
    );
    trace.gin_path = Some(pod_path.clone());
    // Go's server decodes the path (URL.Path) and Gin looks routes up in it, since
    // UseRawPath is off by default; a malformed escape is Go's 400.
    let Some(decoded) = percent_decode(&pod_path) else {
        trace.finish(
            400,
            "Go's HTTP server refuses the request",
            format!("{pod_path} has a malformed percent escape, so net/http answers 400 before Gin runs"),
        );
        return trace;
    };
    if decoded != pod_path {
        trace.note(format!("Gin looks up the decoded path {decoded}"));
    }
    gin::serve(design, request, &decoded, query, proxy, &mut trace);
    trace
}

/// The path with `%XX` escapes decoded as Go's `url.PathUnescape` does; none for a
/// malformed escape. Bytes that do not form UTF-8 are shown as U+FFFD.
fn percent_decode(path: &str) -> Option<String> {
    if !path.contains('%') {
        return Some(path.to_owned());
    }
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(String::from_utf8_lossy(&out).into_owned())
}

/// The Ingress's part, for a rule that answers the host: the path the Service
/// receives, or none when ingress-nginx answered itself (a redirect to HTTPS, its
/// default backend's 404, a 400), which finishes the trace.
fn through_ingress(
    title: &str,
    rule: &ingress::IngressRule,
    outcome: Outcome,
    request: &Request,
    path: &str,
    trace: &mut Trace,
) -> Option<String> {
    match outcome {
        Outcome::Matched {
            path: matched,
            how,
            rewrite,
            rewritten,
        } => {
            let mut detail = format!(
                "ingress rule {} {} ({}) matched by {how}",
                rule.host.as_deref().unwrap_or("(any host)"),
                matched.path,
                matched.path_type.as_str()
            );
            if !request.https && rule.redirects_to_https() {
                trace.hop(HopKind::Ingress, title, detail);
                // ingress-nginx's `return 308 https://$best_http_host$request_uri`:
                // the path and query as sent, before any rewrite.
                let location = format!("https://{}{}", request.host, request.path);
                trace.location = Some(location.clone());
                trace.finish(
                    308,
                    "ingress-nginx redirects to HTTPS",
                    format!("the Ingress has a TLS certificate for this host, so a plain HTTP request is sent to {location} (ssl-redirect: \"false\" turns this off)"),
                );
                return None;
            }
            if let Some(rewrite) = rewrite {
                detail.push_str(&format!("; {rewrite} gives {rewritten}"));
            }
            trace.hop(HopKind::Ingress, title, detail);
            Some(rewritten)
        }
        Outcome::OtherHost { rule_host } => {
            trace.hop(
                HopKind::Ingress,
                "Ingress: no rule for this host",
                format!(
                    "the rule is for {rule_host}, the request is for {}",
                    request.host
                ),
            );
            trace.finish(
                404,
                "ingress-nginx default backend",
                "no Ingress rule matches, so ingress-nginx's default backend answers",
            );
            None
        }
        Outcome::NoPath => {
            let paths: Vec<&str> = rule.paths.iter().map(|p| p.path.as_str()).collect();
            trace.hop(
                HopKind::Ingress,
                "Ingress: no path matches",
                format!("{path} matches none of {}", paths.join(", ")),
            );
            trace.finish(
                404,
                "ingress-nginx default backend",
                "no Ingress path matches, so ingress-nginx's default backend answers",
            );
            None
        }
        Outcome::BadRequest { reason } => {
            trace.hop(HopKind::Ingress, "ingress-nginx: bad request", reason);
            trace.finish(
                400,
                "ingress-nginx refuses the request",
                "nginx refuses a request target it cannot read before it looks for a location",
            );
            None
        }
        Outcome::BadRegex { path: bad, reason } => {
            trace.hop(
                HopKind::Ingress,
                "Ingress: path not simulated",
                format!("the path regex {bad} cannot be simulated: {reason}"),
            );
            trace.finish(
                0,
                "not simulated",
                "the Ingress path is a regex this simulator does not read",
            );
            None
        }
    }
}

/// The Gateway's part: the path the Service receives, or none when the Gateway
/// answered itself (a redirect, no route), which finishes the trace.
fn through_gateway(
    routes: &[httproute::AttachedRoute],
    request: &Request,
    path: &str,
    query: &str,
    trace: &mut Trace,
) -> Option<String> {
    let host = request
        .host
        .rsplit_once(':')
        .filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit()))
        .map_or(request.host.as_str(), |(host, _)| host);
    let incoming = httproute::Incoming {
        method: request.method.as_str(),
        host,
        path,
        query,
        headers: &[],
        https: request.https,
    };
    let scheme = if request.https { "HTTPS" } else { "HTTP" };
    if request.https && routes.iter().all(|r| r.https == Some(false)) {
        trace.hop(
            HopKind::Gateway,
            "Gateway: no HTTPS listener",
            "the generated Gateway listens for plain HTTP on port 80 only (no TLS secret in the design)",
        );
        trace.finish(
            0,
            "nothing listens on port 443",
            "an HTTPS request finds no listener: the connection is refused; set a TLS secret for an HTTPS listener",
        );
        return None;
    }
    match httproute::route(routes, &incoming) {
        httproute::Outcome::Matched {
            route,
            rule,
            how,
            action,
        } => {
            let title = format!("Gateway: HTTPRoute {route}");
            let mut detail = format!("{scheme} request for {host} matched rule {rule} by {how}");
            match action {
                httproute::Action::Redirect { status, location } => {
                    trace.hop(HopKind::Gateway, title, detail);
                    trace.location = Some(location.clone());
                    trace.finish(
                        status,
                        "the Gateway redirects",
                        format!("a RequestRedirect filter sends the client to {location}"),
                    );
                    None
                }
                httproute::Action::Forward {
                    path: to,
                    rewrite,
                    backend,
                } => {
                    if let Some(rewrite) = rewrite {
                        detail.push_str(&format!("; {rewrite} gives {to}"));
                    }
                    if let Some((name, port)) = backend {
                        let port = port.map(|p| format!(":{p}")).unwrap_or_default();
                        detail.push_str(&format!("; backend Service {name}{port}"));
                    }
                    trace.hop(HopKind::Gateway, title, detail);
                    Some(to)
                }
                httproute::Action::NotSimulated(why) => {
                    trace.hop(HopKind::Gateway, title, detail);
                    trace.finish(0, "not simulated", why);
                    None
                }
            }
        }
        httproute::Outcome::NoHost => {
            trace.hop(
                HopKind::Gateway,
                "Gateway: no HTTPRoute for this host",
                format!("no route attached to the {scheme} listener answers {host}"),
            );
            trace.finish(
                404,
                "the Gateway answers",
                "no route matches, so the Gateway answers 404",
            );
            None
        }
        httproute::Outcome::NoMatch => {
            trace.hop(
                HopKind::Gateway,
                "Gateway: no rule matches",
                format!("the routes for {host} have no rule matching {path}"),
            );
            trace.finish(
                404,
                "the Gateway answers",
                "no route matches, so the Gateway answers 404",
            );
            None
        }
    }
}

/// Follows `request` through the routing objects of a manifest stream to a Service:
/// the HTTPRoutes (attached to the listeners of the Gateways in the stream, when they
/// are there) or else the Ingresses. What the Service's pods answer is the design's,
/// so the trace ends where the request reaches the Service. An error when the stream
/// cannot be read or holds no HTTPRoute or Ingress.
pub fn simulate_manifests(text: &str, request: &Request) -> Result<Trace, String> {
    use crate::gateway_api::{Gateway, HttpRoute};
    let documents = crate::yaml::documents_as_json(text).map_err(|e| e.to_string())?;
    let kind_of = |d: &serde_json::Value| d.get("kind").and_then(|k| k.as_str()).map(str::to_owned);
    let namespace_of = |meta: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta| {
        meta.namespace.clone().unwrap_or_else(|| "default".into())
    };
    let gateways: Vec<Gateway> = documents
        .iter()
        .filter(|d| kind_of(d).as_deref() == Some("Gateway"))
        .filter_map(|d| serde_json::from_value(d.clone()).ok())
        .collect();
    let mut routes = Vec::new();
    for document in documents
        .iter()
        .filter(|d| kind_of(d).as_deref() == Some("HTTPRoute"))
    {
        let route: HttpRoute = serde_json::from_value(document.clone()).map_err(|e| {
            format!("an HTTPRoute cannot be read: {e} (gin-deploy validate says where)")
        })?;
        let route_namespace = namespace_of(&route.metadata);
        // Which listeners the route is on: HTTPS, HTTP or (unknown) both.
        let protocols: Vec<Option<bool>> = route
            .spec
            .parent_refs
            .iter()
            .map(|parent| {
                let namespace = parent
                    .namespace
                    .clone()
                    .unwrap_or_else(|| route_namespace.clone());
                let gateway = gateways.iter().find(|g| {
                    g.metadata.name.as_deref() == Some(parent.name.as_str())
                        && namespace_of(&g.metadata) == namespace
                })?;
                let section = parent.section_name.as_deref()?;
                let listener = gateway.spec.listeners.iter().find(|l| l.name == section)?;
                Some(listener.protocol == "HTTPS")
            })
            .collect();
        let https = match protocols.as_slice() {
            [first, rest @ ..] if rest.iter().all(|p| p == first) => *first,
            _ => None,
        };
        routes.push(httproute::AttachedRoute { route, https });
    }
    let (path, query) = request.split();
    let mut trace = Trace {
        requested_path: path.to_owned(),
        ..Trace::default()
    };
    let method = request.method.as_str();
    if !routes.is_empty() {
        let Some(upstream) = through_gateway(&routes, request, path, query, &mut trace) else {
            return Ok(trace);
        };
        reach_service(&mut trace, method, upstream);
        return Ok(trace);
    }
    let rules = crate::migrate::ingress_rules(text);
    if rules.is_empty() {
        return Err("the file holds no HTTPRoute or Ingress to route the request".into());
    }
    for (name, rule) in &rules {
        let outcome = ingress::route(rule, &request.host, path);
        if matches!(outcome, Outcome::OtherHost { .. }) {
            continue;
        }
        let title = format!("Ingress {name}");
        if let Some(rewritten) = through_ingress(&title, rule, outcome, request, path, &mut trace) {
            let upstream = if rewritten.starts_with('/') {
                rewritten
            } else {
                format!("/{rewritten}")
            };
            reach_service(&mut trace, method, upstream);
        }
        return Ok(trace);
    }
    trace.hop(
        HopKind::Ingress,
        "Ingress: no rule for this host",
        format!("no Ingress rule is for {}", request.host),
    );
    trace.finish(
        404,
        "ingress-nginx default backend",
        "no Ingress rule matches, so ingress-nginx's default backend answers",
    );
    Ok(trace)
}

/// The last hop of a manifest simulation: the request reaches the Service.
fn reach_service(trace: &mut Trace, method: &str, upstream: String) {
    trace.hop(
        HopKind::Service,
        format!("reaches the Service as {method} {upstream}"),
        "what the pods answer is the service's: simulate its design file for the rest of the way",
    );
    trace.gin_path = Some(upstream);
}

#[cfg(test)]
mod url_tests {
    use super::split_url;

    #[test]
    fn urls_split_into_host_and_path() {
        assert_eq!(
            split_url("https://app.example.com/service-a/ping"),
            (true, "app.example.com".into(), "/service-a/ping".into())
        );
        assert_eq!(
            split_url("app.example.com"),
            (false, "app.example.com".into(), "/".into())
        );
        assert_eq!(
            split_url("HTTP://h?x=1"),
            (false, "h".into(), "/?x=1".into())
        );
    }
}
