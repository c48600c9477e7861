//! The Gateway API step: which rule of which HTTPRoute answers a request, and what
//! its filters do (a redirect answers at once; a `URLRewrite` changes the path the
//! Service receives).
//!
//! Matching follows the HTTPRoute specification:
//! - A route answers a host when it has no hostnames or one of them matches: exactly,
//!   or as a wildcard (`*.example.com` matches any name with one or more labels in
//!   front of `.example.com`). Routes whose hostname matches exactly come before
//!   wildcard ones (the longer wildcard first), then routes without hostnames.
//! - Among the matches of the routes that answer the host, precedence goes to an
//!   `Exact` path, then the longest `PathPrefix`, then a match with a method, then
//!   the most header matches, then the most query parameter matches; then the
//!   older route by creation timestamp (when both have one), then the first by
//!   `namespace/name`; within a route, the first rule in order.
//! - `PathPrefix` matches whole path elements (`/foo` matches `/foo`, `/foo/` and
//!   `/foo/bar`, never `/foobar`); a trailing `/` in the value is ignored. A rule
//!   without matches matches every path (the CRD's default, `PathPrefix /`).
//! - `ReplacePrefixMatch` replaces the matched prefix with its value, following the
//!   table in the specification's `HTTPPathModifier` documentation.

use crate::gateway_api::{
    FilterType, HttpRoute, HttpRouteMatch, PathMatchType, PathModifierType, StringMatchType,
};
use crate::model::{Design, GatewayMode};
use crate::simulate::regex::Regex;

/// One route as the Gateway sees it: the object and the listener it attached to
/// (none: every listener of the Gateway).
#[derive(Clone, Debug, PartialEq)]
pub struct AttachedRoute {
    pub route: HttpRoute,
    /// Whether the route serves HTTPS requests, HTTP requests, or both (none).
    pub https: Option<bool>,
}

/// The routes the generator writes for the design, read from the typed objects so
/// the simulation and the manifests cannot disagree; none without `cluster.gateway`.
pub fn routes(design: &Design) -> Option<Vec<AttachedRoute>> {
    let settings = design.cluster.gateway.as_ref()?;
    let main = crate::generate::kube::gateway::http_route(design)?;
    let redirect = crate::generate::kube::gateway::redirect_route(design);
    let tls = settings.mode == GatewayMode::Generate && !settings.tls_secret.is_empty();
    let mut routes = vec![AttachedRoute {
        route: main,
        https: match settings.mode {
            GatewayMode::Generate => Some(tls),
            GatewayMode::Attach => None,
        },
    }];
    routes.extend(redirect.map(|route| AttachedRoute {
        route,
        https: Some(false),
    }));
    Some(routes)
}

/// A request as the Gateway sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Incoming<'a> {
    pub method: &'a str,
    /// The Host header, without port.
    pub host: &'a str,
    pub path: &'a str,
    /// The query string, without `?`.
    pub query: &'a str,
    pub headers: &'a [(&'a str, &'a str)],
    pub https: bool,
}

/// What the Gateway did with a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A rule matched: the route's `namespace/name`, the rule's index, how it matched,
    /// and what happens next.
    Matched {
        route: String,
        rule: usize,
        how: String,
        action: Action,
    },
    /// No route answers the host.
    NoHost,
    /// Routes answer the host, but none of their rules matches the request.
    NoMatch,
}

/// What a matched rule does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Answered by the Gateway with a redirect.
    Redirect { status: u16, location: String },
    /// Sent to the backend with this path (after any rewrite) and description of
    /// the rewrite.
    Forward {
        path: String,
        rewrite: Option<String>,
        backend: Option<(String, Option<i32>)>,
    },
    /// A filter this simulator does not follow (e.g. `ExtensionRef`).
    NotSimulated(String),
}

/// Whether a route hostname matches the host; `Some(rank)` when it does, the higher
/// the more specific (exact beats wildcard, a longer wildcard beats a shorter one).
fn host_rank(hostnames: &[String], host: &str) -> Option<usize> {
    let host = host
        .rsplit_once(':')
        .filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit()))
        .map_or(host, |(name, _)| name);
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if hostnames.is_empty() {
        return Some(0);
    }
    hostnames
        .iter()
        .filter_map(|name| {
            let name = name.to_ascii_lowercase();
            match name.strip_prefix("*.") {
                Some(suffix) => host
                    .strip_suffix(suffix)
                    .and_then(|front| front.strip_suffix('.'))
                    .filter(|front| !front.is_empty())
                    .map(|_| 1 + suffix.len()),
                None => (name == host).then_some(usize::MAX),
            }
        })
        .max()
}

/// Whether `path` lies under the prefix, element by element.
fn prefix_matches(prefix: &str, path: &str) -> bool {
    let prefix = prefix.trim_end_matches('/');
    if prefix.is_empty() {
        return true;
    }
    match path.strip_prefix(prefix) {
        Some(rest) => rest.is_empty() || rest.starts_with('/'),
        None => false,
    }
}

/// The precedence of one match that matched: higher is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Precedence {
    host: usize,
    exact: bool,
    prefix_len: usize,
    method: bool,
    headers: usize,
    query: usize,
}

fn query_value<'q>(query: &'q str, name: &str) -> Option<&'q str> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('=').or(Some((pair, ""))))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// Whether the whole of `value` matches the regular expression. The dialect is the
/// implementation's (RE2 for Envoy); this engine is nginx's PCRE subset and ignores
/// letter case, so regular expression matches are an approximation.
fn regex_matches(pattern: &str, value: &str) -> bool {
    Regex::new(&format!("({pattern})$")).is_ok_and(|re| re.match_start(value).is_some())
}

fn string_matches(kind: Option<StringMatchType>, pattern: &str, value: &str) -> bool {
    match kind.unwrap_or(StringMatchType::Exact) {
        StringMatchType::Exact => pattern == value,
        StringMatchType::RegularExpression => regex_matches(pattern, value),
    }
}

/// Whether one match matches the request; its precedence when it does.
fn matches(m: &HttpRouteMatch, request: &Incoming<'_>, host: usize) -> Option<Precedence> {
    let (exact, prefix_len) = match &m.path {
        None => (false, 1),
        Some(path) => match path.kind() {
            PathMatchType::Exact => (path.value() == request.path).then_some((true, 0))?,
            PathMatchType::PathPrefix => prefix_matches(path.value(), request.path)
                .then(|| (false, path.value().trim_end_matches('/').len().max(1)))?,
            PathMatchType::RegularExpression => {
                regex_matches(path.value(), request.path).then(|| (false, path.value().len()))?
            }
        },
    };
    if let Some(method) = m.method {
        if method.as_str() != request.method {
            return None;
        }
    }
    for header in &m.headers {
        let value = request
            .headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(&header.name))
            .map(|(_, v)| *v)?;
        if !string_matches(header.type_, &header.value, value) {
            return None;
        }
    }
    for param in &m.query_params {
        let value = query_value(request.query, &param.name)?;
        if !string_matches(param.type_, &param.value, value) {
            return None;
        }
    }
    Some(Precedence {
        host,
        exact,
        prefix_len,
        method: m.method.is_some(),
        headers: m.headers.len(),
        query: m.query_params.len(),
    })
}

/// The path after `ReplacePrefixMatch`: the matched prefix replaced by `replacement`.
pub fn replace_prefix(path: &str, prefix: &str, replacement: &str) -> String {
    let prefix = prefix.trim_end_matches('/');
    let rest = path.get(prefix.len()..).unwrap_or("");
    let replacement = replacement.trim_end_matches('/');
    match (replacement.is_empty(), rest.is_empty()) {
        (true, true) => "/".to_owned(),
        (true, false) => rest.to_owned(),
        (false, _) => format!("{replacement}{rest}"),
    }
}

/// Whether route `a` goes before route `b` on a tie: the older by creation
/// timestamp when both have one (objects read from the cluster), else the first by
/// `namespace/name` (objects not yet created, as in a bundle or a paste).
fn older(a: &HttpRoute, b: &HttpRoute) -> bool {
    let key = |r: &HttpRoute| {
        format!(
            "{}/{}",
            r.metadata.namespace.as_deref().unwrap_or("default"),
            r.metadata.name.as_deref().unwrap_or("")
        )
    };
    match (
        &a.metadata.creation_timestamp,
        &b.metadata.creation_timestamp,
    ) {
        (Some(ta), Some(tb)) if ta != tb => ta.0 < tb.0,
        _ => key(a) < key(b),
    }
}

/// Routes `request` through `routes`.
pub fn route(routes: &[AttachedRoute], request: &Incoming<'_>) -> Outcome {
    let mut best: Option<(Precedence, usize, usize, usize)> = None;
    let mut any_host = false;
    for (r, attached) in routes.iter().enumerate() {
        if attached.https.is_some_and(|https| https != request.https) {
            continue;
        }
        let spec = &attached.route.spec;
        let Some(host) = host_rank(&spec.hostnames, request.host) else {
            continue;
        };
        any_host = true;
        for (i, rule) in spec.rules.iter().enumerate() {
            let found = if rule.matches.is_empty() {
                matches(&HttpRouteMatch::default(), request, host).map(|p| (p, 0))
            } else {
                rule.matches
                    .iter()
                    .enumerate()
                    .filter_map(|(j, m)| matches(m, request, host).map(|p| (p, j)))
                    .max_by_key(|(p, _)| *p)
            };
            let Some((precedence, j)) = found else {
                continue;
            };
            // On a tie within a route the earlier rule stays; between routes the
            // older one wins, then the first by `namespace/name`.
            let better = match &best {
                None => true,
                Some((p, br, ..)) => {
                    precedence > *p
                        || (precedence == *p
                            && *br != r
                            && older(&routes[r].route, &routes[*br].route))
                }
            };
            if better {
                best = Some((precedence, r, i, j));
            }
        }
    }
    let Some((precedence, r, i, j)) = best else {
        return if any_host {
            Outcome::NoMatch
        } else {
            Outcome::NoHost
        };
    };
    let meta = &routes[r].route.metadata;
    let key = format!(
        "{}/{}",
        meta.namespace.as_deref().unwrap_or("default"),
        meta.name.as_deref().unwrap_or("")
    );
    let rule = &routes[r].route.spec.rules[i];
    let matched = rule.matches.get(j);
    let how = match matched.and_then(|m| m.path.as_ref()) {
        Some(path) => format!(
            "{} {}{}",
            match path.kind() {
                PathMatchType::Exact => "Exact",
                PathMatchType::PathPrefix => "PathPrefix",
                PathMatchType::RegularExpression => "RegularExpression",
            },
            path.value(),
            if precedence.method {
                " and its method"
            } else {
                ""
            }
        ),
        None => "PathPrefix / (every path)".to_owned(),
    };
    let action = act(rule, matched, request);
    Outcome::Matched {
        route: key,
        rule: i,
        how,
        action,
    }
}

/// What the rule's filters do to the request.
fn act(
    rule: &crate::gateway_api::HttpRouteRule,
    matched: Option<&HttpRouteMatch>,
    request: &Incoming<'_>,
) -> Action {
    let prefix = matched
        .and_then(|m| m.path.as_ref())
        .filter(|p| p.kind() == PathMatchType::PathPrefix)
        .map_or("/", |p| p.value());
    let mut path = request.path.to_owned();
    let mut rewrite = None;
    for filter in &rule.filters {
        match filter.type_ {
            FilterType::RequestRedirect => {
                let Some(redirect) = &filter.request_redirect else {
                    continue;
                };
                let scheme = redirect
                    .scheme
                    .clone()
                    .unwrap_or_else(|| if request.https { "https" } else { "http" }.into());
                let host = redirect
                    .hostname
                    .clone()
                    .unwrap_or_else(|| request.host.to_owned());
                let port = redirect.port.map(|p| format!(":{p}")).unwrap_or_default();
                let target = match redirect.path.as_ref() {
                    Some(m) => modify(m, &path, prefix),
                    None => path.clone(),
                };
                let query = if request.query.is_empty() {
                    String::new()
                } else {
                    format!("?{}", request.query)
                };
                return Action::Redirect {
                    status: redirect.status_code.map_or(302, |s| s as u16),
                    location: format!("{scheme}://{host}{port}{target}{query}"),
                };
            }
            FilterType::URLRewrite => {
                if let Some(m) = filter.url_rewrite.as_ref().and_then(|u| u.path.as_ref()) {
                    let rewritten = modify(m, &path, prefix);
                    rewrite = Some(match m.type_ {
                        PathModifierType::ReplacePrefixMatch => format!(
                            "URLRewrite ReplacePrefixMatch {} → {}",
                            prefix,
                            m.replace_prefix_match.as_deref().unwrap_or("/")
                        ),
                        PathModifierType::ReplaceFullPath => format!(
                            "URLRewrite ReplaceFullPath {}",
                            m.replace_full_path.as_deref().unwrap_or("/")
                        ),
                    });
                    path = rewritten;
                }
            }
            FilterType::RequestHeaderModifier
            | FilterType::ResponseHeaderModifier
            | FilterType::RequestMirror => {}
            FilterType::ExtensionRef => {
                return Action::NotSimulated(
                    "an ExtensionRef filter does what its implementation says".into(),
                )
            }
        }
    }
    let backend = rule.backend_refs.first().map(|b| (b.name.clone(), b.port));
    Action::Forward {
        path,
        rewrite,
        backend,
    }
}

fn modify(m: &crate::gateway_api::HttpPathModifier, path: &str, prefix: &str) -> String {
    match m.type_ {
        PathModifierType::ReplaceFullPath => {
            m.replace_full_path.clone().unwrap_or_else(|| "/".into())
        }
        PathModifierType::ReplacePrefixMatch => replace_prefix(
            path,
            prefix,
            m.replace_prefix_match.as_deref().unwrap_or("/"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replace_prefix_follows_the_specification_table() {
        // (path, prefix, replacement, result) from HTTPPathModifier's documentation.
        for (path, prefix, replacement, result) in [
            ("/foo/bar", "/foo", "/xyz", "/xyz/bar"),
            ("/foo/bar", "/foo", "/xyz/", "/xyz/bar"),
            ("/foo/bar", "/foo/", "/xyz", "/xyz/bar"),
            ("/foo/bar", "/foo/", "/xyz/", "/xyz/bar"),
            ("/foo", "/foo", "/xyz", "/xyz"),
            ("/foo/", "/foo", "/xyz", "/xyz/"),
            ("/foo/bar", "/foo", "", "/bar"),
            ("/foo/", "/foo", "", "/"),
            ("/foo", "/foo", "", "/"),
            ("/foo/", "/foo", "/", "/"),
            ("/foo", "/foo", "/", "/"),
        ] {
            assert_eq!(
                replace_prefix(path, prefix, replacement),
                result,
                "{path} {prefix} {replacement}"
            );
        }
    }

    fn route_of(name: &str, path: &str, exact: bool) -> AttachedRoute {
        use crate::gateway_api::{HttpPathMatch, HttpRouteRule, HttpRouteSpec};
        let kind = if exact {
            PathMatchType::Exact
        } else {
            PathMatchType::PathPrefix
        };
        let mut route = HttpRoute::default();
        route.metadata.name = Some(name.into());
        route.spec = HttpRouteSpec {
            rules: vec![HttpRouteRule {
                matches: vec![HttpRouteMatch {
                    path: Some(HttpPathMatch {
                        type_: Some(kind),
                        value: Some(path.into()),
                    }),
                    ..Default::default()
                }],
                ..Default::default()
            }],
            ..Default::default()
        };
        AttachedRoute { route, https: None }
    }

    fn winner(routes: &[AttachedRoute], path: &str) -> String {
        let request = Incoming {
            method: "GET",
            host: "a",
            path,
            query: "",
            headers: &[],
            https: true,
        };
        match route(routes, &request) {
            Outcome::Matched { route, .. } => route,
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn exact_beats_prefix_longest_prefix_wins_and_ties_go_by_name() {
        let routes = [
            route_of("b", "/api", false),
            route_of("c", "/api/v1", false),
            route_of("z", "/api/v1/users", true),
            route_of("a", "/api", false),
        ];
        assert_eq!(winner(&routes, "/api/v1/users"), "default/z");
        assert_eq!(winner(&routes, "/api/v1/users/7"), "default/c");
        // `a` and `b` tie on /api: the first by name wins, whatever the order.
        assert_eq!(winner(&routes, "/api/x"), "default/a");
        assert_eq!(winner(&routes, "/other"), "NoMatch");
    }

    #[test]
    fn prefixes_match_whole_elements() {
        assert!(prefix_matches("/foo", "/foo"));
        assert!(prefix_matches("/foo", "/foo/"));
        assert!(prefix_matches("/foo/", "/foo/bar"));
        assert!(!prefix_matches("/foo", "/foobar"));
        assert!(prefix_matches("/", "/anything"));
    }

    #[test]
    fn exact_hosts_beat_wildcards_which_need_a_label() {
        let names = |n: &[&str]| n.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(host_rank(&names(&[]), "a.example.com"), Some(0));
        assert!(host_rank(&names(&["*.example.com"]), "example.com").is_none());
        assert!(host_rank(&names(&["*.example.com"]), "a.b.example.com").is_some());
        assert!(
            host_rank(&names(&["a.example.com"]), "a.example.com")
                > host_rank(&names(&["*.example.com"]), "a.example.com")
        );
        assert!(host_rank(&names(&["b.example.com"]), "a.example.com").is_none());
    }
}
