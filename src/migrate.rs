//! From Ingress to the Gateway API: pasted Ingress objects (ingress-nginx annotations
//! included) become a Gateway and HTTPRoutes, with a note for everything that cannot
//! be carried over and every place where the new objects behave differently.
//!
//! What is written, per Ingress class (one Gateway, called like the class, in the
//! first Ingress's namespace): an HTTP listener on 80 and an HTTPS listener on 443
//! per TLS host with its certificate Secret. Per Ingress host, an HTTPRoute with its
//! paths; for a TLS host (unless `ssl-redirect: "false"`) it attaches to the HTTPS
//! listener, and a second route on the HTTP listener redirects to HTTPS, as
//! ingress-nginx does. An Ingress's `defaultBackend` becomes a route without
//! hostnames that matches every path.
//!
//! Paths: `Prefix` is `PathPrefix` and `Exact` is `Exact`, both exact. With
//! `use-regex` or `rewrite-target`, ingress-nginx makes every path of the host a
//! case-insensitive regular expression anchored at the start; the path-prefix idiom
//! `/prefix(/|$)(.*)` with `rewrite-target: /$2` becomes `PathPrefix /prefix` with a
//! `URLRewrite` that replaces the prefix by `/`, and a literal path with a literal
//! target becomes `ReplaceFullPath`. Each such conversion lists its
//! [`Difference`]s: letter case (`PathPrefix` is case-sensitive), a plain nginx
//! prefix matching inside a segment, wildcard hosts matching more labels. Other
//! regular expressions are not carried over: their meaning is the implementation's.

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::budget::Budget;
use crate::gateway_api::{
    AllowedRoutes, FilterType, Gateway, GatewaySpec, GatewayTlsConfig, HttpBackendRef,
    HttpPathMatch, HttpPathModifier, HttpRequestRedirectFilter, HttpRoute, HttpRouteFilter,
    HttpRouteMatch, HttpRouteRule, HttpRouteSpec, HttpRouteTimeouts, HttpUrlRewriteFilter,
    Listener, ParentReference, PathMatchType, PathModifierType, SecretObjectReference, TlsMode, V1,
};
use crate::simulate::ingress::{IngressPath, IngressRule, PathType, REWRITE_TARGET, USE_REGEX};
use crate::yaml::{parse_stream, NodeId, Scalar, Stream};

const NGINX: &str = "nginx.ingress.kubernetes.io/";

/// Where converted objects behave differently from the Ingress on some requests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Difference {
    /// ingress-nginx's regular expression locations ignore letter case; `PathPrefix`
    /// does not: `/SERVICE-A/x` reached the Ingress's `/service-a`, not the route's.
    LetterCase { path: String },
    /// A plain nginx prefix (`ImplementationSpecific`, or a literal regex path)
    /// matched inside a segment (`/api` took `/apis`); `PathPrefix` matches whole
    /// segments.
    SegmentPrefix { path: String },
    /// An Ingress wildcard host matches one label (`a.example.com`); a Gateway API
    /// wildcard matches one or more (`a.b.example.com` too).
    WildcardDepth { host: String },
    /// ingress-nginx redirected plain HTTP with 308; the standard channel allows 301
    /// or 302, and 301 is written.
    RedirectStatus,
    /// ingress-nginx decodes `%XX`, merges `//` and resolves `.`/`..` before it matches
    /// and rewrites (and refuses some paths with 400); how a Gateway treats such paths
    /// is its implementation's (Envoy merges slashes and resolves dot segments by
    /// default, percent-decoding varies), and the route is simulated on them as sent.
    PathNormalization,
    /// A host without TLS: ingress-nginx answered HTTPS for it too, with its
    /// self-signed default certificate; the Gateway has no HTTPS listener for it.
    NoTls { host: String },
}

/// A finding of the conversion: what was not carried over, or behaves differently.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Note {
    /// `Ingress/name` and the field or annotation, e.g.
    /// `Ingress/web metadata.annotations[nginx.ingress.kubernetes.io/auth-url]`.
    pub source: String,
    pub message: String,
    /// True when something the Ingress did is lost; false for a difference or a
    /// change made on purpose.
    pub lost: bool,
}

/// One source Ingress rule (a host) as the simulator reads it, and the HTTPRoute it
/// became, with the differences between them.
#[derive(Clone, Debug, PartialEq)]
pub struct Converted {
    pub ingress: IngressRule,
    pub route: HttpRoute,
    /// The route on the HTTP listener that redirects to HTTPS, for a TLS host.
    pub redirect: Option<HttpRoute>,
    pub differences: Vec<Difference>,
    /// Whether some path of the rule was left out (then the route is not exact).
    pub incomplete: bool,
}

/// The result of a conversion.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Migration {
    pub gateways: Vec<Gateway>,
    pub converted: Vec<Converted>,
    pub notes: Vec<Note>,
}

impl Migration {
    /// Whether any object was converted.
    pub fn is_empty(&self) -> bool {
        self.converted.is_empty()
    }

    /// The objects as one YAML stream: Gateways, then each route and its redirect.
    pub fn yaml(&self) -> String {
        let mut documents: Vec<String> = self
            .gateways
            .iter()
            .filter_map(|g| crate::yaml::to_yaml(g).ok())
            .collect();
        for c in &self.converted {
            documents.extend(crate::yaml::to_yaml(&c.route).ok());
            if let Some(r) = &c.redirect {
                documents.extend(crate::yaml::to_yaml(r).ok());
            }
        }
        documents.join("---\n")
    }
}

/// A path of an Ingress with its backend.
#[derive(Clone, Debug)]
struct SourcePath {
    path: String,
    path_type: String,
    service: Option<String>,
    port: Option<Port>,
    at: String,
}

#[derive(Clone, Debug)]
enum Port {
    Number(i32),
    Name(String),
}

#[derive(Clone, Debug)]
struct SourceIngress {
    name: String,
    namespace: Option<String>,
    class: String,
    annotations: BTreeMap<String, String>,
    /// (hosts, secret) per TLS entry.
    tls: Vec<(Vec<String>, Option<String>)>,
    rules: Vec<(Option<String>, Vec<SourcePath>)>,
    default_backend: Option<SourcePath>,
}

fn scalar_text(stream: &Stream<'_>, node: NodeId) -> Option<String> {
    match stream.scalar(node)? {
        Scalar::Null => None,
        Scalar::Int(n) => Some(n.to_string()),
        _ => stream.text(node).map(str::to_owned),
    }
}

fn read_backend(stream: &Stream<'_>, node: Option<NodeId>) -> (Option<String>, Option<Port>) {
    let service = node.and_then(|b| stream.get(b, "service"));
    let name = service
        .and_then(|s| stream.get(s, "name"))
        .and_then(|n| scalar_text(stream, n));
    let port = service.and_then(|s| stream.get(s, "port")).and_then(|p| {
        match (
            stream.get(p, "number").and_then(|n| scalar_text(stream, n)),
            stream.get(p, "name").and_then(|n| scalar_text(stream, n)),
        ) {
            (Some(number), _) => number.parse().ok().map(Port::Number),
            (None, Some(name)) => Some(Port::Name(name)),
            _ => None,
        }
    });
    (name, port)
}

fn read_ingresses(stream: &Stream<'_>) -> (Vec<SourceIngress>, BTreeMap<(String, String), i32>) {
    let mut ingresses = Vec::new();
    // Service ports by (service, port name), to resolve named backend ports.
    let mut ports = BTreeMap::new();
    for doc in &stream.documents {
        let root = doc.root;
        if !stream.is_map(root) {
            continue;
        }
        let kind = stream.get_str(root, "kind").unwrap_or("");
        let metadata = stream.get(root, "metadata");
        let name = metadata
            .and_then(|m| stream.get(m, "name"))
            .and_then(|n| scalar_text(stream, n))
            .unwrap_or_else(|| "ingress".into());
        let spec = stream.get(root, "spec");
        if kind == "Service" {
            for port in spec
                .and_then(|s| stream.get(s, "ports"))
                .map(|p| stream.items(p).to_vec())
                .unwrap_or_default()
            {
                let port_name = stream
                    .get(port, "name")
                    .and_then(|n| scalar_text(stream, n));
                let number = stream
                    .get(port, "port")
                    .and_then(|n| scalar_text(stream, n))
                    .and_then(|n| n.parse().ok());
                if let (Some(port_name), Some(number)) = (port_name, number) {
                    ports.insert((name.clone(), port_name), number);
                }
            }
            continue;
        }
        if kind != "Ingress" {
            continue;
        }
        let namespace = metadata
            .and_then(|m| stream.get(m, "namespace"))
            .and_then(|n| scalar_text(stream, n));
        let annotations = metadata
            .and_then(|m| stream.get(m, "annotations"))
            .map(|a| {
                stream
                    .entries(a)
                    .iter()
                    .filter_map(|(k, v)| {
                        Some((
                            scalar_text(stream, *k)?,
                            scalar_text(stream, *v).unwrap_or_default(),
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let class = spec
            .and_then(|s| stream.get(s, "ingressClassName"))
            .and_then(|c| scalar_text(stream, c))
            .unwrap_or_else(|| "nginx".into());
        let items =
            |node: Option<NodeId>| node.map(|n| stream.items(n).to_vec()).unwrap_or_default();
        let tls = items(spec.and_then(|s| stream.get(s, "tls")))
            .into_iter()
            .map(|t| {
                let hosts = items(stream.get(t, "hosts"))
                    .into_iter()
                    .filter_map(|h| scalar_text(stream, h))
                    .collect();
                let secret = stream
                    .get(t, "secretName")
                    .and_then(|s| scalar_text(stream, s));
                (hosts, secret)
            })
            .collect();
        let display = format!("Ingress/{name}");
        let rules = items(spec.and_then(|s| stream.get(s, "rules")))
            .into_iter()
            .enumerate()
            .map(|(i, rule)| {
                let host = stream
                    .get(rule, "host")
                    .and_then(|h| scalar_text(stream, h));
                let paths = items(
                    stream
                        .get(rule, "http")
                        .and_then(|h| stream.get(h, "paths")),
                )
                .into_iter()
                .enumerate()
                .map(|(j, p)| {
                    let (service, port) = read_backend(stream, stream.get(p, "backend"));
                    SourcePath {
                        path: stream
                            .get(p, "path")
                            .and_then(|n| scalar_text(stream, n))
                            .unwrap_or_else(|| "/".into()),
                        path_type: stream
                            .get(p, "pathType")
                            .and_then(|n| scalar_text(stream, n))
                            .unwrap_or_else(|| "ImplementationSpecific".into()),
                        service,
                        port,
                        at: format!("{display} spec.rules[{i}].http.paths[{j}]"),
                    }
                })
                .collect();
                (host, paths)
            })
            .collect();
        let default_backend = spec.and_then(|s| stream.get(s, "defaultBackend")).map(|b| {
            let (service, port) = read_backend(stream, Some(b));
            SourcePath {
                path: "/".into(),
                path_type: "Prefix".into(),
                service,
                port,
                at: format!("{display} spec.defaultBackend"),
            }
        });
        ingresses.push(SourceIngress {
            name,
            namespace,
            class,
            annotations,
            tls,
            rules,
            default_backend,
        });
    }
    (ingresses, ports)
}

/// Whether the text has no regular expression syntax: a literal path.
fn literal(text: &str) -> bool {
    !text.contains([
        '\\', '.', '+', '*', '?', '(', ')', '[', ']', '{', '}', '|', '^', '$',
    ])
}

/// Undoes the escaping of a literal written as a regular expression (`/v1\.0`).
fn unescape(text: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push(chars.next()?),
            c if "+*?()[]{}|^$.".contains(c) => return None,
            c => out.push(c),
        }
    }
    Some(out)
}

/// The path-prefix idiom: `PREFIX(/|$)(.*)` with `rewrite-target: /$2`.
fn prefix_idiom(path: &str, target: &str) -> Option<String> {
    let prefix = path.strip_suffix("(/|$)(.*)")?;
    (target == "/$2").then_some(())?;
    unescape(prefix).filter(|p| p.starts_with('/') && p.len() > 1)
}

fn path_match(kind: PathMatchType, value: &str) -> HttpRouteMatch {
    HttpRouteMatch {
        path: Some(HttpPathMatch {
            type_: Some(kind),
            value: Some(value.to_owned()),
        }),
        ..Default::default()
    }
}

fn rewrite(modifier: HttpPathModifier) -> HttpRouteFilter {
    let mut filter = HttpRouteFilter::of(FilterType::URLRewrite);
    filter.url_rewrite = Some(HttpUrlRewriteFilter {
        hostname: None,
        path: Some(modifier),
    });
    filter
}

/// Annotations with what becomes of them; the ones this converter reads itself
/// (rewrite, regex, redirects, timeouts) are handled where they are used.
fn annotation_note(key: &str, value: &str) -> Option<(String, bool)> {
    let name = key.strip_prefix(NGINX)?;
    let (message, lost) = match name {
        "use-regex" | "rewrite-target" | "ssl-redirect" | "force-ssl-redirect"
        | "proxy-read-timeout" | "proxy-send-timeout" | "proxy-connect-timeout" => return None,
        "backend-protocol" if value.eq_ignore_ascii_case("HTTP") => return None,
        "backend-protocol" => (
            format!("backend-protocol {value} is not carried over: HTTPS to the pods needs a BackendTLSPolicy, gRPC a GRPCRoute"),
            true,
        ),
        "enable-cors" | "cors-allow-origin" | "cors-allow-methods" | "cors-allow-headers"
        | "cors-allow-credentials" | "cors-max-age" | "cors-expose-headers" => (
            format!("{name} is not carried over: the standard HTTPRoute has no CORS filter; let the service answer CORS (the design's CORS middleware)"),
            true,
        ),
        n if n.starts_with("auth-") => (
            format!("{name} is not carried over: the Gateway API has no standard authentication; use your implementation's policy (e.g. Envoy Gateway's SecurityPolicy) or the service's JWT middleware"),
            true,
        ),
        "configuration-snippet" | "server-snippet" | "location-snippet" | "stream-snippet" => (
            format!("{name} is raw nginx configuration: it has no Gateway API equivalent and is not carried over"),
            true,
        ),
        "proxy-body-size" => (
            format!("proxy-body-size {value} is not carried over: body limits are an implementation policy; the service's own body limit still answers 413"),
            true,
        ),
        n if n.starts_with("limit-") => (
            format!("{name} is not carried over: rate limits are an implementation policy (e.g. Envoy Gateway's BackendTrafficPolicy) or the service's rate-limit middleware"),
            true,
        ),
        _ => (
            format!("{name} is not carried over: this converter knows no Gateway API equivalent"),
            true,
        ),
    };
    Some((message, lost))
}

/// Seconds as an nginx timeout annotation gives them, as a Gateway API duration.
fn seconds(value: &str) -> Option<String> {
    let n: u32 = value.trim().trim_end_matches('s').parse().ok()?;
    (n > 0 && n <= 99_999).then(|| format!("{n}s"))
}

/// The rules of the Ingress objects of a stream as the simulator reads them (every
/// path, convertible or not), with the `namespace/name` of their Ingress.
pub fn ingress_rules(text: &str) -> Vec<(String, IngressRule)> {
    let stream = parse_stream(text, &Budget::STREAM);
    let (ingresses, _) = read_ingresses(&stream);
    let mut out = Vec::new();
    for ingress in &ingresses {
        for (host, paths) in &ingress.rules {
            let tls = host.as_ref().is_some_and(|h| {
                ingress
                    .tls
                    .iter()
                    .any(|(hosts, _)| hosts.is_empty() || hosts.contains(h))
            });
            out.push((
                format!(
                    "{}/{}",
                    ingress.namespace.as_deref().unwrap_or("default"),
                    ingress.name
                ),
                simulated(host, paths, &ingress.annotations, tls),
            ));
        }
    }
    out
}

/// An Ingress rule as the simulator reads it.
fn simulated(
    host: &Option<String>,
    paths: &[SourcePath],
    annotations: &BTreeMap<String, String>,
    tls: bool,
) -> IngressRule {
    IngressRule {
        host: host.as_ref().map(|h| h.to_ascii_lowercase()),
        paths: paths
            .iter()
            .map(|p| IngressPath {
                path: p.path.clone(),
                path_type: match p.path_type.as_str() {
                    "Exact" => PathType::Exact,
                    "Prefix" => PathType::Prefix,
                    _ => PathType::ImplementationSpecific,
                },
            })
            .collect(),
        annotations: annotations
            .iter()
            .filter(|(k, _)| {
                [
                    USE_REGEX,
                    REWRITE_TARGET,
                    crate::simulate::ingress::SSL_REDIRECT,
                ]
                .contains(&k.as_str())
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        tls,
    }
}

/// A Gateway to write, per Ingress class: its namespace and its TLS hosts with
/// their certificate Secrets.
type GatewayPlan = (Option<String>, Vec<(String, String)>);

/// Converts the Ingress objects of a YAML stream. Objects of other kinds are read
/// only for the ports of Services (to resolve named backend ports).
pub fn migrate(text: &str) -> Migration {
    let stream = parse_stream(text, &Budget::STREAM);
    let (ingresses, service_ports) = read_ingresses(&stream);
    let mut migration = Migration::default();
    for problem in &stream.problems {
        migration.notes.push(Note {
            source: format!("line {}", problem.pos.line),
            message: format!("{}: the objects there are not converted", problem.message),
            lost: true,
        });
    }
    let mut gateways: BTreeMap<String, GatewayPlan> = BTreeMap::new();
    for ingress in &ingresses {
        let display = format!("Ingress/{}", ingress.name);
        let note = |migration: &mut Migration, at: &str, message: String, lost: bool| {
            migration.notes.push(Note {
                source: if at.is_empty() {
                    display.clone()
                } else {
                    format!("{display} {at}")
                },
                message,
                lost,
            });
        };
        for (key, value) in &ingress.annotations {
            if let Some((message, lost)) = annotation_note(key, value) {
                note(
                    &mut migration,
                    &format!("metadata.annotations[{key}]"),
                    message,
                    lost,
                );
            }
        }
        let annotation = |name: &str| ingress.annotations.get(&format!("{NGINX}{name}"));
        let target = annotation("rewrite-target").cloned();
        let regex = target.is_some()
            || annotation("use-regex").is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
        let ssl_redirect = annotation("ssl-redirect").is_none_or(|v| v.trim() != "false");
        let force_redirect = annotation("force-ssl-redirect").is_some_and(|v| v.trim() == "true");
        let timeout = annotation("proxy-read-timeout").and_then(|v| seconds(v));
        if let Some(t) = &timeout {
            note(
                &mut migration,
                &format!("metadata.annotations[{NGINX}proxy-read-timeout]"),
                format!("proxy-read-timeout became timeouts.backendRequest {t}: nginx bounded the wait between two reads, the route bounds the whole backend request"),
                false,
            );
        }
        let (gateway_namespace, tls_hosts) = gateways
            .entry(ingress.class.clone())
            .or_insert_with(|| (ingress.namespace.clone(), Vec::new()));
        let same_namespace = *gateway_namespace == ingress.namespace;
        let mut hosts: Vec<(Option<String>, Vec<SourcePath>)> = ingress.rules.clone();
        if let Some(default) = &ingress.default_backend {
            hosts.push((None, vec![default.clone()]));
        }
        let many = hosts.len() > 1;
        for (host, paths) in &hosts {
            let secret = host.as_ref().and_then(|h| {
                ingress
                    .tls
                    .iter()
                    .find(|(hosts, _)| hosts.is_empty() || hosts.contains(h))
                    .map(|(_, s)| s.clone())
            });
            let tls = secret.is_some();
            let listener = match (&secret, host) {
                (Some(secret), Some(host)) => {
                    let name = format!("https-{}", host.replace(['.', '*'], "-").trim_matches('-'));
                    if let Some(secret) = secret {
                        if !tls_hosts.iter().any(|(h, _)| h == host) {
                            tls_hosts.push((host.clone(), secret.clone()));
                        }
                    } else {
                        note(&mut migration, "spec.tls", format!("the TLS entry for {host} names no secret (ingress-nginx serves its default certificate): give the Gateway's listener a certificate"), true);
                    }
                    name
                }
                _ => "http".to_owned(),
            };
            let mut matches_rules: Vec<HttpRouteRule> = Vec::new();
            let mut differences = Vec::new();
            let mut incomplete = false;
            for p in paths {
                let backend = match (&p.service, &p.port) {
                    (Some(service), Some(Port::Number(n))) => Some((service.clone(), *n)),
                    (Some(service), Some(Port::Name(port))) => {
                        match service_ports.get(&(service.clone(), port.clone())) {
                            Some(n) => Some((service.clone(), *n)),
                            None => {
                                note(&mut migration, "", format!("{}: the Service port named {port:?} is not in the paste, and a backendRef needs its number", p.at), true);
                                None
                            }
                        }
                    }
                    _ => {
                        note(
                            &mut migration,
                            "",
                            format!("{}: the backend is not a Service with a port", p.at),
                            true,
                        );
                        None
                    }
                };
                let Some((service, port)) = backend else {
                    incomplete = true;
                    continue;
                };
                let (matched, filters) = if regex {
                    match (&target, literal(&p.path)) {
                        (Some(target), _) if prefix_idiom(&p.path, target).is_some() => {
                            let prefix = prefix_idiom(&p.path, target).unwrap_or_default();
                            differences.push(Difference::LetterCase {
                                path: prefix.clone(),
                            });
                            (
                                path_match(PathMatchType::PathPrefix, &prefix),
                                vec![rewrite(HttpPathModifier {
                                    type_: PathModifierType::ReplacePrefixMatch,
                                    replace_full_path: None,
                                    replace_prefix_match: Some("/".into()),
                                })],
                            )
                        }
                        (Some(target), true) if !target.contains('$') => {
                            differences.push(Difference::LetterCase {
                                path: p.path.clone(),
                            });
                            differences.push(Difference::SegmentPrefix {
                                path: p.path.clone(),
                            });
                            (
                                path_match(PathMatchType::PathPrefix, &p.path),
                                vec![rewrite(HttpPathModifier {
                                    type_: PathModifierType::ReplaceFullPath,
                                    replace_full_path: Some(target.clone()),
                                    replace_prefix_match: None,
                                })],
                            )
                        }
                        (None, true) => {
                            differences.push(Difference::LetterCase {
                                path: p.path.clone(),
                            });
                            differences.push(Difference::SegmentPrefix {
                                path: p.path.clone(),
                            });
                            (path_match(PathMatchType::PathPrefix, &p.path), Vec::new())
                        }
                        _ => {
                            note(&mut migration, "", format!(
                                "{}: the regular expression path {:?}{} is not carried over: Gateway API regular expressions are implementation-specific; write it as PathPrefix matches",
                                p.at,
                                p.path,
                                target.as_ref().map(|t| format!(" with rewrite-target {t}")).unwrap_or_default()
                            ), true);
                            incomplete = true;
                            continue;
                        }
                    }
                } else {
                    match p.path_type.as_str() {
                        "Exact" => (path_match(PathMatchType::Exact, &p.path), Vec::new()),
                        "Prefix" => (path_match(PathMatchType::PathPrefix, &p.path), Vec::new()),
                        _ => {
                            differences.push(Difference::SegmentPrefix {
                                path: p.path.clone(),
                            });
                            (path_match(PathMatchType::PathPrefix, &p.path), Vec::new())
                        }
                    }
                };
                let backend = HttpBackendRef {
                    name: service,
                    namespace: None,
                    port: Some(port),
                    ..Default::default()
                };
                // Paths to the same backend with no filters share one rule.
                match matches_rules.iter_mut().find(|r| {
                    r.filters.is_empty()
                        && filters.is_empty()
                        && r.backend_refs == [backend.clone()]
                }) {
                    Some(rule) if rule.matches.len() < 64 => rule.matches.push(matched),
                    _ => matches_rules.push(HttpRouteRule {
                        name: None,
                        matches: vec![matched],
                        filters,
                        backend_refs: vec![backend],
                        timeouts: timeout.clone().map(|t| HttpRouteTimeouts {
                            request: None,
                            backend_request: Some(t),
                        }),
                    }),
                }
            }
            if matches_rules.is_empty() {
                continue;
            }
            if let Some(h) = host.as_deref().filter(|h| h.starts_with("*.")) {
                differences.push(Difference::WildcardDepth { host: h.to_owned() });
            }
            differences.push(Difference::PathNormalization);
            if !tls {
                differences.push(Difference::NoTls {
                    host: host.clone().unwrap_or_else(|| "every host".into()),
                });
            }
            let route_name = if many {
                match host {
                    Some(h) => format!(
                        "{}-{}",
                        ingress.name,
                        h.replace(['.', '*'], "-").trim_matches('-')
                    ),
                    None => format!("{}-default", ingress.name),
                }
            } else {
                ingress.name.clone()
            };
            let parent = |section: &str| ParentReference {
                name: ingress.class.clone(),
                namespace: (!same_namespace)
                    .then(|| gateway_namespace.clone())
                    .flatten(),
                section_name: Some(section.to_owned()),
                ..Default::default()
            };
            let metadata = |name: String| ObjectMeta {
                name: Some(name),
                namespace: ingress.namespace.clone(),
                ..Default::default()
            };
            let hostnames: Vec<String> = host.iter().cloned().collect();
            let redirects = (tls && ssl_redirect) || force_redirect;
            let route = HttpRoute {
                api_version: V1.into(),
                kind: "HTTPRoute".into(),
                metadata: metadata(route_name.clone()),
                spec: HttpRouteSpec {
                    parent_refs: if tls && !redirects {
                        vec![parent(&listener), parent("http")]
                    } else {
                        vec![parent(&listener)]
                    },
                    hostnames: hostnames.clone(),
                    rules: matches_rules,
                },
            };
            let redirect = redirects.then(|| {
                differences.push(Difference::RedirectStatus);
                let mut filter = HttpRouteFilter::of(FilterType::RequestRedirect);
                filter.request_redirect = Some(HttpRequestRedirectFilter {
                    scheme: Some("https".into()),
                    status_code: Some(301),
                    ..Default::default()
                });
                HttpRoute {
                    api_version: V1.into(),
                    kind: "HTTPRoute".into(),
                    metadata: metadata(format!("{route_name}-https-redirect")),
                    spec: HttpRouteSpec {
                        parent_refs: vec![parent("http")],
                        hostnames: hostnames.clone(),
                        rules: vec![HttpRouteRule {
                            filters: vec![filter],
                            ..Default::default()
                        }],
                    },
                }
            });
            migration.converted.push(Converted {
                ingress: simulated(host, paths, &ingress.annotations, tls),
                route,
                redirect,
                differences,
                incomplete,
            });
        }
    }
    for (class, (namespace, tls_hosts)) in gateways {
        let mut listeners = vec![Listener {
            name: "http".into(),
            hostname: None,
            port: 80,
            protocol: "HTTP".into(),
            tls: None,
            allowed_routes: Some(AllowedRoutes::same_namespace()),
        }];
        for (host, secret) in tls_hosts {
            listeners.push(Listener {
                name: format!("https-{}", host.replace(['.', '*'], "-").trim_matches('-')),
                hostname: Some(host),
                port: 443,
                protocol: "HTTPS".into(),
                tls: Some(GatewayTlsConfig {
                    mode: Some(TlsMode::Terminate),
                    certificate_refs: vec![SecretObjectReference {
                        name: secret,
                        ..Default::default()
                    }],
                    options: None,
                }),
                allowed_routes: Some(AllowedRoutes::same_namespace()),
            });
        }
        migration.notes.push(Note {
            source: format!("Gateway/{class}"),
            message: format!(
                "the Gateway is named after the IngressClass {class} and admits routes from its own namespace; set gatewayClassName to your implementation's class (eg for Envoy Gateway, cilium, istio…), or attach the routes to a Gateway you have"
            ),
            lost: false,
        });
        migration.gateways.push(Gateway {
            api_version: V1.into(),
            kind: "Gateway".into(),
            metadata: ObjectMeta {
                name: Some(class.clone()),
                namespace,
                ..Default::default()
            },
            spec: GatewaySpec {
                gateway_class_name: class,
                listeners,
                ..Default::default()
            },
        });
    }
    if ingresses.is_empty() {
        migration.notes.push(Note {
            source: "the input".into(),
            message: "no Ingress to convert".into(),
            lost: false,
        });
    }
    for converted in &migration.converted {
        for difference in &converted.differences {
            let message = match difference {
                Difference::LetterCase { path } => format!("{path} matched regardless of letter case in ingress-nginx (a regex location); the route's PathPrefix is case-sensitive"),
                Difference::SegmentPrefix { path } => format!("{path} was a plain prefix in ingress-nginx ({path}x matched too); PathPrefix matches whole path segments"),
                Difference::WildcardDepth { host } => format!("{host} matched one more label in the Ingress; in the Gateway API it matches any number of labels"),
                Difference::PathNormalization => "ingress-nginx decoded %XX escapes, merged // and resolved ./.. segments before matching and rewriting (and refused some such paths with 400); the Gateway's implementation decides this for itself: test paths that are not already clean".into(),
                Difference::NoTls { host } => format!("{host} has no TLS: ingress-nginx also answered HTTPS for it, with its self-signed default certificate; the Gateway serves it over plain HTTP only (add a certificate to serve HTTPS)"),
                Difference::RedirectStatus => "plain HTTP is redirected with 301 (ingress-nginx used 308, which the standard channel does not offer): clients may turn a redirected POST into a GET".into(),
            };
            let source = format!(
                "HTTPRoute/{}",
                converted.route.metadata.name.as_deref().unwrap_or("")
            );
            if !migration
                .notes
                .iter()
                .any(|n| n.source == source && n.message == message)
            {
                migration.notes.push(Note {
                    source,
                    message,
                    lost: false,
                });
            }
        }
    }
    migration
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prefix_idiom_becomes_a_prefix_rewrite() {
        assert_eq!(
            prefix_idiom("/service-a(/|$)(.*)", "/$2"),
            Some("/service-a".into())
        );
        assert_eq!(
            prefix_idiom(r"/v1\.0(/|$)(.*)", "/$2"),
            Some("/v1.0".into())
        );
        assert_eq!(prefix_idiom("/service-a(/|$)(.*)", "/$1"), None);
        assert_eq!(prefix_idiom("/a.*(/|$)(.*)", "/$2"), None);
    }

    #[test]
    fn nothing_to_convert_says_so() {
        let m = migrate("apiVersion: v1\nkind: Service\nmetadata: {name: web}\n");
        assert!(m.is_empty());
        assert_eq!(m.notes[0].message, "no Ingress to convert");
    }
}
