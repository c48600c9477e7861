//! The Gateway API (`GK5xx`): Gateway, HTTPRoute and ReferenceGrant of the standard
//! channel, typed with [`crate::gateway_api`] (the generator's own types), then
//! judged by the rules their CRDs' validations state (path values, filters and their
//! types, redirects, limits, listeners and TLS, durations) and by what an
//! implementation does with a route ([`super::gateway_refs`]: attachment to a
//! Gateway of the stream, backends, ReferenceGrants, an Ingress beside a route).
//!
//! Every check reads a value only where [`Object::trusts`] it, like the rest of the
//! validator, and reports at the offending node. Severities: an error when the API
//! server (a CEL rule or schema of the CRD) or the implementation rejects or ignores
//! what is written, a warning when it works but is probably not what was meant.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::Deserialize;

use super::names;
use super::objects::{Kind, Object};
use super::values::join;
use super::{Cx, Seg};
use crate::gateway_api::{
    self, duration_millis, is_duration, FilterType, Gateway, GatewaySpec, HttpHeaderFilter,
    HttpPathModifier, HttpRoute, HttpRouteFilter, HttpRouteRule, HttpRouteSpec, PathMatchType,
    PathModifierType, ReferenceGrant, ReferenceGrantSpec,
};
use crate::validate::{Rule, Severity};

/// The head of an HTTPRoute of the examples, attached to nothing in particular.
macro_rules! route {
    ($($body:literal),* $(,)?) => {
        concat!(
            "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: web\nspec:\n",
            $($body),*
        )
    };
}

/// The head of a Gateway of the examples.
macro_rules! gateway {
    ($($body:literal),* $(,)?) => {
        concat!(
            "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: web\nspec:\n  gatewayClassName: eg\n",
            $($body),*
        )
    };
}

pub const GK501: Rule = Rule {
    id: "GK501",
    title: "invalid HTTPRoute path match value",
    severity: Severity::Error,
    why: "An `Exact` or `PathPrefix` path must be an absolute, normalized path: it starts \
          with `/`, holds no `//`, `/./`, `/../`, `%2f`, `%2F` or `#`, does not end in `/.` \
          or `/..`, and uses only URL path characters. The CRD's validation rejects anything \
          else, so the route is never stored.",
    bad_example: route!(
        "  rules:\n  - matches:\n    - path:\n        type: PathPrefix\n        value: api/v1\n"
    ),
    good_example: route!(
        "  rules:\n  - matches:\n    - path:\n        type: PathPrefix\n        value: /api/v1\n"
    ),
};

pub const GK502: Rule = Rule {
    id: "GK502",
    title: "filter type does not match its settings",
    severity: Severity::Error,
    why: "A filter's `type` says which one of its settings it carries: type `URLRewrite` \
          needs `urlRewrite` and nothing else, type `RequestRedirect` needs \
          `requestRedirect`, and so on. The CRD rejects a filter whose settings are missing \
          or belong to another type.",
    bad_example: route!(
        "  rules:\n  - filters:\n    - type: URLRewrite\n      requestRedirect:\n        scheme: https\n"
    ),
    good_example: route!(
        "  rules:\n  - filters:\n    - type: RequestRedirect\n      requestRedirect:\n        scheme: https\n"
    ),
};

pub const GK503: Rule = Rule {
    id: "GK503",
    title: "conflicting or repeated filters",
    severity: Severity::Error,
    why: "A rule (or a backend) takes at most one URLRewrite, one RequestRedirect, one \
          RequestHeaderModifier and one ResponseHeaderModifier, and never a URLRewrite \
          together with a RequestRedirect: a request is either forwarded (rewritten) or \
          answered with a redirect. The CRD rejects the route.",
    bad_example: route!(
        "  rules:\n  - filters:\n    - type: RequestRedirect\n      requestRedirect:\n        scheme: https\n    - type: URLRewrite\n      urlRewrite:\n        hostname: web.example.com\n"
    ),
    good_example: route!(
        "  rules:\n  - filters:\n    - type: RequestRedirect\n      requestRedirect:\n        scheme: https\n        hostname: web.example.com\n"
    ),
};

pub const GK504: Rule = Rule {
    id: "GK504",
    title: "path rewrite or redirect that cannot apply",
    severity: Severity::Error,
    why: "`ReplacePrefixMatch` replaces the prefix a `PathPrefix` match matched, so its \
          rule must have exactly one match, of type `PathPrefix` (no matches counts as the \
          default `PathPrefix /`). A path modifier's `type` must also name the value it \
          carries: `ReplaceFullPath` with `replaceFullPath`, `ReplacePrefixMatch` with \
          `replacePrefixMatch`. The CRD rejects both.",
    bad_example: route!(
        "  rules:\n  - matches:\n    - path:\n        type: Exact\n        value: /api\n    filters:\n    - type: URLRewrite\n      urlRewrite:\n        path:\n          type: ReplacePrefixMatch\n          replacePrefixMatch: /\n"
    ),
    good_example: route!(
        "  rules:\n  - matches:\n    - path:\n        type: PathPrefix\n        value: /api\n    filters:\n    - type: URLRewrite\n      urlRewrite:\n        path:\n          type: ReplacePrefixMatch\n          replacePrefixMatch: /\n"
    ),
};

pub const GK505: Rule = Rule {
    id: "GK505",
    title: "RequestRedirect rule with backendRefs",
    severity: Severity::Error,
    why: "A rule with a RequestRedirect filter answers every request itself with a \
          redirect: no request reaches a backend. The CRD rejects a redirect rule that also \
          lists `backendRefs`; drop them (or the redirect).",
    bad_example: route!(
        "  rules:\n  - filters:\n    - type: RequestRedirect\n      requestRedirect:\n        scheme: https\n    backendRefs:\n    - name: web\n      port: 80\n"
    ),
    good_example: route!(
        "  rules:\n  - filters:\n    - type: RequestRedirect\n      requestRedirect:\n        scheme: https\n"
    ),
};

pub const GK506: Rule = Rule {
    id: "GK506",
    title: "repeated header or query parameter name",
    severity: Severity::Error,
    why: "Header names are case-insensitive and each may appear once: in a match's \
          `headers` (later entries with the same name are ignored, so the match is not \
          what it reads) and across a header modifier's `set`, `add` and `remove` (only one \
          action per header is allowed). A query parameter name appears once per match.",
    bad_example: route!(
        "  rules:\n  - filters:\n    - type: RequestHeaderModifier\n      requestHeaderModifier:\n        set:\n        - name: X-Env\n          value: prod\n        remove:\n        - x-env\n"
    ),
    good_example: route!(
        "  rules:\n  - filters:\n    - type: RequestHeaderModifier\n      requestHeaderModifier:\n        set:\n        - name: X-Env\n          value: prod\n        remove:\n        - X-Debug\n"
    ),
};

pub const GK507: Rule = Rule {
    id: "GK507",
    title: "more items than the Gateway API allows",
    severity: Severity::Error,
    why: "The CRDs bound their lists: an HTTPRoute has at most 16 hostnames, 32 \
          parentRefs and 16 rules with at most 128 matches in all; a rule at most 64 \
          matches, 16 filters and 16 backendRefs; a match or header modifier at most 16 \
          headers; a Gateway 1 to 64 listeners; a ReferenceGrant 1 to 16 `from` and `to`. \
          The API server rejects a longer list.",
    bad_example: gateway!("  listeners: []\n"),
    good_example: gateway!("  listeners:\n  - name: http\n    port: 80\n    protocol: HTTP\n"),
};

pub const GK508: Rule = Rule {
    id: "GK508",
    title: "invalid Gateway API hostname",
    severity: Severity::Error,
    why: "Route and listener hostnames are lower-case DNS names, optionally with a \
          leading `*.` wildcard label, never an IP address or a port; a redirect or \
          rewrite hostname takes no wildcard. The CRD's pattern rejects upper case and \
          stray characters, and an IP address never matches a Host header as a hostname.",
    bad_example: route!("  hostnames:\n  - Web.Example.com\n"),
    good_example: route!("  hostnames:\n  - web.example.com\n"),
};

pub const GK509: Rule = Rule {
    id: "GK509",
    title: "invalid redirect",
    severity: Severity::Error,
    why: "In the standard channel a RequestRedirect answers 301 or 302 (302 when left \
          out), with scheme `http` or `https`; 303, 307 and 308 exist only in the \
          experimental channel's CRD, which the API server of a standard installation \
          rejects.",
    bad_example: route!(
        "  rules:\n  - filters:\n    - type: RequestRedirect\n      requestRedirect:\n        scheme: https\n        statusCode: 308\n"
    ),
    good_example: route!(
        "  rules:\n  - filters:\n    - type: RequestRedirect\n      requestRedirect:\n        scheme: https\n        statusCode: 301\n"
    ),
};

pub const GK510: Rule = Rule {
    id: "GK510",
    title: "Gateway API number out of range",
    severity: Severity::Error,
    why: "Ports (listeners, parentRefs, backendRefs, redirects) are 1–65535, a \
          backendRef's weight 0–1000000, a mirror's percent 0–100; the CRD rejects \
          anything else.",
    bad_example: route!(
        "  rules:\n  - backendRefs:\n    - name: web\n      port: 80\n      weight: -1\n"
    ),
    good_example: route!(
        "  rules:\n  - backendRefs:\n    - name: web\n      port: 80\n      weight: 0\n"
    ),
};

pub const GK511: Rule = Rule {
    id: "GK511",
    title: "invalid HTTPRoute timeout",
    severity: Severity::Error,
    why: "Timeouts are Gateway API durations: one to four parts of up to five digits and \
          a unit among `h`, `m`, `s`, `ms` (`10s`, `1m30s`; no `1.5s`, no days). \
          `backendRequest` covers one call to a backend inside the request, so it may not \
          be longer than `request` (unless `request` is `0s`, no limit).",
    bad_example: route!(
        "  rules:\n  - timeouts:\n      request: 10s\n      backendRequest: 30s\n    backendRefs:\n    - name: web\n      port: 80\n"
    ),
    good_example: route!(
        "  rules:\n  - timeouts:\n      request: 30s\n      backendRequest: 10s\n    backendRefs:\n    - name: web\n      port: 80\n"
    ),
};

pub const GK512: Rule = Rule {
    id: "GK512",
    title: "duplicate listener",
    severity: Severity::Error,
    why: "A Gateway's listeners are told apart by name (routes attach by `sectionName`) \
          and serve traffic by port, protocol and hostname: two listeners with one name, \
          or with the same port, protocol and hostname, are rejected by the CRD.",
    bad_example: gateway!(
        "  listeners:\n  - name: http\n    port: 80\n    protocol: HTTP\n  - name: http\n    port: 8080\n    protocol: HTTP\n"
    ),
    good_example: gateway!(
        "  listeners:\n  - name: http\n    port: 80\n    protocol: HTTP\n  - name: http-alt\n    port: 8080\n    protocol: HTTP\n"
    ),
};

pub const GK513: Rule = Rule {
    id: "GK513",
    title: "listener TLS does not fit its protocol",
    severity: Severity::Error,
    why: "An HTTPS listener terminates TLS: it needs `tls` with mode `Terminate` (the \
          default) and a certificate in `certificateRefs`, or it never serves. `tls` on an \
          HTTP, TCP or UDP listener, `Passthrough` on HTTPS, `Terminate` without \
          certificates and a hostname on TCP or UDP are rejected by the CRD.",
    bad_example: gateway!("  listeners:\n  - name: https\n    port: 443\n    protocol: HTTPS\n"),
    good_example: gateway!(
        "  listeners:\n  - name: https\n    port: 443\n    protocol: HTTPS\n    tls:\n      certificateRefs:\n      - name: web-tls\n"
    ),
};

pub const GK514: Rule = Rule {
    id: "GK514",
    title: "Service backendRef without a port",
    severity: Severity::Error,
    why: "A backendRef to a Service (the default kind) must name the Service port to \
          send to: a Service may have several and the Gateway API picks none by itself. \
          The CRD rejects a Service reference without `port`.",
    bad_example: route!("  rules:\n  - backendRefs:\n    - name: web\n"),
    good_example: route!("  rules:\n  - backendRefs:\n    - name: web\n      port: 80\n"),
};

pub const GK515: Rule = Rule {
    id: "GK515",
    title: "parentRef names no listener of the Gateway",
    severity: Severity::Error,
    why: "A route attaches to the listener its parentRef names (`sectionName`) or to the \
          listeners on its `port`; when the Gateway of the stream has no such listener, the \
          route is not accepted (`NoMatchingParent`) and serves nothing.",
    bad_example: concat!(
        gateway!("  listeners:\n  - name: http\n    port: 80\n    protocol: HTTP\n---\n"),
        route!("  parentRefs:\n  - name: web\n    sectionName: https\n")
    ),
    good_example: concat!(
        gateway!("  listeners:\n  - name: http\n    port: 80\n    protocol: HTTP\n---\n"),
        route!("  parentRefs:\n  - name: web\n    sectionName: http\n")
    ),
};

pub const GK516: Rule = Rule {
    id: "GK516",
    title: "route hostnames match no hostname of its listeners",
    severity: Severity::Error,
    why: "When both a listener and a route name hostnames, the route serves only the \
          names both accept (`*.example.com` accepts `web.example.com`, not \
          `example.com`); with none in common the route is not accepted \
          (`NoMatchingListenerHostname`).",
    bad_example: concat!(
        gateway!("  listeners:\n  - name: http\n    port: 80\n    protocol: HTTP\n    hostname: \"*.example.com\"\n---\n"),
        route!("  parentRefs:\n  - name: web\n  hostnames:\n  - web.example.org\n")
    ),
    good_example: concat!(
        gateway!("  listeners:\n  - name: http\n    port: 80\n    protocol: HTTP\n    hostname: \"*.example.com\"\n---\n"),
        route!("  parentRefs:\n  - name: web\n  hostnames:\n  - web.example.com\n")
    ),
};

pub const GK517: Rule = Rule {
    id: "GK517",
    title: "listener does not admit the route",
    severity: Severity::Error,
    why: "A listener admits routes from its own namespace unless `allowedRoutes` says \
          `All` or a `Selector` the route's Namespace matches, and only the route kinds of \
          its protocol (HTTPRoute on HTTP and HTTPS) or of `allowedRoutes.kinds`. A route \
          the listener does not admit is not attached (`NotAllowedByListeners`). A \
          Selector is judged only when the stream holds the route's Namespace.",
    bad_example: concat!(
        "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: web\n  namespace: infra\nspec:\n  gatewayClassName: eg\n  listeners:\n  - name: http\n    port: 80\n    protocol: HTTP\n---\n",
        "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  parentRefs:\n  - name: web\n    namespace: infra\n"
    ),
    good_example: concat!(
        "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: web\n  namespace: infra\nspec:\n  gatewayClassName: eg\n  listeners:\n  - name: http\n    port: 80\n    protocol: HTTP\n    allowedRoutes:\n      namespaces:\n        from: All\n---\n",
        "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  parentRefs:\n  - name: web\n    namespace: infra\n"
    ),
};

pub const GK518: Rule = Rule {
    id: "GK518",
    title: "HTTPRoute backend Service not in the stream",
    severity: Severity::Warning,
    why: "A backendRef to a Service that does not exist gets the route's requests \
          answered with 500 (`BackendNotFound`). Reported when the stream has Services in \
          that namespace but not the named one.",
    bad_example: concat!(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n---\n",
        route!("  rules:\n  - backendRefs:\n    - name: api\n      port: 80\n")
    ),
    good_example: concat!(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n---\n",
        route!("  rules:\n  - backendRefs:\n    - name: web\n      port: 80\n")
    ),
};

pub const GK519: Rule = Rule {
    id: "GK519",
    title: "HTTPRoute backend port is not a port of the Service",
    severity: Severity::Error,
    why: "A backendRef's `port` is a Service port (`port`, not `targetPort`); when the \
          Service has no such port the backend is invalid and its share of requests gets \
          500.",
    bad_example: concat!(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n    targetPort: 8080\n---\n",
        route!("  rules:\n  - backendRefs:\n    - name: web\n      port: 8080\n")
    ),
    good_example: concat!(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n    targetPort: 8080\n---\n",
        route!("  rules:\n  - backendRefs:\n    - name: web\n      port: 80\n")
    ),
};

pub const GK520: Rule = Rule {
    id: "GK520",
    title: "cross-namespace reference without a ReferenceGrant",
    severity: Severity::Warning,
    why: "An HTTPRoute's backendRef or a Gateway's certificateRef into another namespace \
          is honoured only when a ReferenceGrant in that namespace allows it (from \
          HTTPRoute or Gateway in the referring namespace, to that kind, and that name if \
          it names one); otherwise the reference is refused (`RefNotPermitted`). Reported \
          when the stream holds no such ReferenceGrant: it may exist in the cluster \
          already. Attaching a route to a Gateway in another namespace needs none.",
    bad_example: "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  rules:\n  - backendRefs:\n    - name: web\n      namespace: backends\n      port: 80\n",
    good_example: "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  rules:\n  - backendRefs:\n    - name: web\n      namespace: backends\n      port: 80\n---\napiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata:\n  name: shop-routes\n  namespace: backends\nspec:\n  from:\n  - group: gateway.networking.k8s.io\n    kind: HTTPRoute\n    namespace: shop\n  to:\n  - group: \"\"\n    kind: Service\n",
};

pub const GK521: Rule = Rule {
    id: "GK521",
    title: "Service routed by both an Ingress and an HTTPRoute for one host",
    severity: Severity::Warning,
    why: "During a move from Ingress to the Gateway API both routing layers answer the \
          same name, each with its own rules, TLS and timeouts, and DNS decides which one a \
          client reaches. Fine for a cut-over, surprising if it stays: remove the Ingress \
          once the route works.",
    bad_example: concat!(
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  rules:\n  - host: web.example.com\n    http:\n      paths:\n      - path: /\n        pathType: Prefix\n        backend:\n          service:\n            name: web\n            port:\n              number: 80\n---\n",
        route!("  hostnames:\n  - web.example.com\n  rules:\n  - backendRefs:\n    - name: web\n      port: 80\n")
    ),
    good_example: route!(
        "  hostnames:\n  - web.example.com\n  rules:\n  - backendRefs:\n    - name: web\n      port: 80\n"
    ),
};

/// A Gateway as written, `status` accepted unchecked (see `objects::without_status`).
#[derive(Deserialize)]
#[serde(rename = "Gateway")]
pub(super) struct GatewayDoc {
    #[serde(rename = "apiVersion", default)]
    api_version: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    metadata: ObjectMeta,
    #[serde(default)]
    spec: GatewaySpec,
    #[serde(rename = "status", default)]
    _status: serde::de::IgnoredAny,
}

impl From<GatewayDoc> for Gateway {
    fn from(doc: GatewayDoc) -> Gateway {
        Gateway {
            api_version: doc.api_version,
            kind: doc.kind,
            metadata: doc.metadata,
            spec: doc.spec,
        }
    }
}

/// An HTTPRoute as written, `status` accepted unchecked.
#[derive(Deserialize)]
#[serde(rename = "HTTPRoute")]
pub(super) struct HttpRouteDoc {
    #[serde(rename = "apiVersion", default)]
    api_version: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    metadata: ObjectMeta,
    #[serde(default)]
    spec: HttpRouteSpec,
    #[serde(rename = "status", default)]
    _status: serde::de::IgnoredAny,
}

impl From<HttpRouteDoc> for HttpRoute {
    fn from(doc: HttpRouteDoc) -> HttpRoute {
        HttpRoute {
            api_version: doc.api_version,
            kind: doc.kind,
            metadata: doc.metadata,
            spec: doc.spec,
        }
    }
}

/// A ReferenceGrant as written (it has no status; the field is refused like any other
/// unknown one would be, so it is not listed).
#[derive(Deserialize)]
#[serde(rename = "ReferenceGrant")]
pub(super) struct ReferenceGrantDoc {
    #[serde(rename = "apiVersion", default)]
    api_version: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    metadata: ObjectMeta,
    #[serde(default)]
    spec: ReferenceGrantSpec,
}

impl From<ReferenceGrantDoc> for ReferenceGrant {
    fn from(doc: ReferenceGrantDoc) -> ReferenceGrant {
        ReferenceGrant {
            api_version: doc.api_version,
            kind: doc.kind,
            metadata: doc.metadata,
            spec: doc.spec,
        }
    }
}

/// Runs the checks of each Gateway API object on its own.
pub fn check(cx: &mut Cx<'_, '_>, objects: &[Object<'_>]) {
    for object in objects {
        match object.typed.as_ref() {
            Some(Kind::HttpRoute(route)) => http_route(cx, object, &route.spec),
            Some(Kind::Gateway(gateway)) => gateway_spec(cx, object, &gateway.spec),
            Some(Kind::ReferenceGrant(grant)) => {
                let spec = [Seg::K("spec")];
                for (field, len) in [("from", grant.spec.from.len()), ("to", grant.spec.to.len())] {
                    limit(
                        cx,
                        object,
                        &join(&spec, &[Seg::K(field)]),
                        len,
                        1,
                        16,
                        "a ReferenceGrant",
                    );
                }
            }
            _ => {}
        }
    }
}

/// Reports a list at `path` whose length is outside `min..=max`.
fn limit(
    cx: &mut Cx<'_, '_>,
    object: &Object<'_>,
    path: &[Seg<'_>],
    len: usize,
    min: usize,
    max: usize,
    owner: &str,
) {
    if (min..=max).contains(&len) || !object.trusts(path) {
        return;
    }
    let field = super::objects::render(path);
    let message = if len < min {
        format!("{field} is empty; {owner} needs at least {min}")
    } else {
        format!("{field} has {len} items; {owner} takes at most {max}")
    };
    cx.on(&GK507, object.root, path, message);
}

/// Reports a number at `path` outside `range`.
fn in_range(
    cx: &mut Cx<'_, '_>,
    object: &Object<'_>,
    path: &[Seg<'_>],
    what: &str,
    value: i32,
    range: std::ops::RangeInclusive<i32>,
) {
    if !range.contains(&value) && object.trusts(path) {
        cx.on(
            &GK510,
            object.root,
            path,
            format!(
                "{what} {value} is outside {}-{}",
                range.start(),
                range.end()
            ),
        );
    }
}

/// Why `host` is not a Gateway API hostname (`wildcard`: a leading `*.` is allowed).
pub(super) fn hostname_problem(host: &str, wildcard: bool) -> Option<String> {
    if host.parse::<std::net::IpAddr>().is_ok() {
        return Some("it is an IP address; hostnames here are DNS names".into());
    }
    if host.contains(':') {
        return Some("it holds a port or a colon; hostnames take no port".into());
    }
    let name = match host.strip_prefix("*.") {
        Some(_) if !wildcard => {
            return Some("a wildcard is not allowed here, only a precise hostname".into())
        }
        Some(rest) => rest,
        None => host,
    };
    if name.contains('*') {
        return Some("`*` may only stand alone as the first label, as in `*.example.com`".into());
    }
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        return Some("hostnames are written in lower case".into());
    }
    names::dns1123_subdomain(name)
}

/// The path-match value problems of the CRD's validations, for `Exact` and `PathPrefix`.
pub(super) fn path_problem(value: &str) -> Option<String> {
    if !value.starts_with('/') {
        return Some("it must start with '/'".into());
    }
    for bad in ["//", "/./", "/../", "%2f", "%2F", "#"] {
        if value.contains(bad) {
            return Some(format!("it must not contain '{bad}'"));
        }
    }
    for bad in ["/..", "/."] {
        if value.ends_with(bad) {
            return Some(format!("it must not end with '{bad}'"));
        }
    }
    if value.len() > 1024 {
        return Some(format!("it has {} characters, more than 1024", value.len()));
    }
    let bytes = value.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let hex = bytes.get(i + 1..i + 3);
            if !hex.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) {
                return Some("'%' must start an escape of two hex digits".into());
            }
            i += 3;
            continue;
        }
        if !(b.is_ascii_alphanumeric() || b"-/._~!$&'()*+,;=:@".contains(&b)) {
            let c = value[i..].chars().next().unwrap_or('?');
            return Some(format!(
                "{c:?} is not a URL path character; escape it as %XX"
            ));
        }
        i += 1;
    }
    None
}

fn http_route(cx: &mut Cx<'_, '_>, object: &Object<'_>, spec: &HttpRouteSpec) {
    let s = [Seg::K("spec")];
    let owner = "an HTTPRoute";
    limit(
        cx,
        object,
        &join(&s, &[Seg::K("hostnames")]),
        spec.hostnames.len(),
        0,
        16,
        owner,
    );
    limit(
        cx,
        object,
        &join(&s, &[Seg::K("parentRefs")]),
        spec.parent_refs.len(),
        0,
        32,
        owner,
    );
    limit(
        cx,
        object,
        &join(&s, &[Seg::K("rules")]),
        spec.rules.len(),
        0,
        16,
        owner,
    );
    let matches: usize = spec.rules.iter().map(|r| r.matches.len().max(1)).sum();
    let rules_at = join(&s, &[Seg::K("rules")]);
    if matches > 128 && object.trusts(&rules_at) {
        cx.on(
            &GK507,
            object.root,
            &rules_at,
            format!(
                "the rules of {} hold {matches} matches in all; an HTTPRoute takes at most 128",
                object.display()
            ),
        );
    }
    for (i, host) in spec.hostnames.iter().enumerate() {
        let at = join(&s, &[Seg::K("hostnames"), Seg::I(i)]);
        if let Some(why) = hostname_problem(host, true).filter(|_| object.trusts(&at)) {
            cx.on(
                &GK508,
                object.root,
                &at,
                format!("hostname {host:?} is invalid: {why}"),
            );
        }
    }
    for (i, parent) in spec.parent_refs.iter().enumerate() {
        if let Some(port) = parent.port {
            let at = join(&s, &[Seg::K("parentRefs"), Seg::I(i), Seg::K("port")]);
            in_range(cx, object, &at, "parentRef port", port, 1..=65535);
        }
    }
    for (i, rule) in spec.rules.iter().enumerate() {
        let at = join(&s, &[Seg::K("rules"), Seg::I(i)]);
        if object.trusts(&at) {
            http_rule(cx, object, rule, &at);
        }
    }
}

fn http_rule(cx: &mut Cx<'_, '_>, object: &Object<'_>, rule: &HttpRouteRule, at: &[Seg<'_>]) {
    let owner = "an HTTPRoute rule";
    limit(
        cx,
        object,
        &join(at, &[Seg::K("matches")]),
        rule.matches.len(),
        0,
        64,
        owner,
    );
    limit(
        cx,
        object,
        &join(at, &[Seg::K("filters")]),
        rule.filters.len(),
        0,
        16,
        owner,
    );
    limit(
        cx,
        object,
        &join(at, &[Seg::K("backendRefs")]),
        rule.backend_refs.len(),
        0,
        16,
        owner,
    );
    for (m, route_match) in rule.matches.iter().enumerate() {
        let m_at = join(at, &[Seg::K("matches"), Seg::I(m)]);
        if let Some(path) = route_match.path.as_ref() {
            let value_at = join(&m_at, &[Seg::K("path"), Seg::K("value")]);
            let checked = matches!(
                path.kind(),
                PathMatchType::Exact | PathMatchType::PathPrefix
            );
            if let Some(why) = path_problem(path.value())
                .filter(|_| checked && object.trusts(&join(&m_at, &[Seg::K("path")])))
            {
                cx.on(
                    &GK501,
                    object.root,
                    &value_at,
                    format!(
                        "path {:?} of a {} match is invalid: {why}",
                        path.value(),
                        match path.kind() {
                            PathMatchType::Exact => "Exact",
                            _ => "PathPrefix",
                        }
                    ),
                );
            }
        }
        let headers = join(&m_at, &[Seg::K("headers")]);
        limit(
            cx,
            object,
            &headers,
            route_match.headers.len(),
            0,
            16,
            "a match",
        );
        let names = route_match.headers.iter().map(|h| h.name.as_str());
        repeated(cx, object, &headers, names, true, "header");
        let params = join(&m_at, &[Seg::K("queryParams")]);
        limit(
            cx,
            object,
            &params,
            route_match.query_params.len(),
            0,
            16,
            "a match",
        );
        let names = route_match.query_params.iter().map(|q| q.name.as_str());
        repeated(cx, object, &params, names, false, "query parameter");
    }
    filters(cx, object, &rule.filters, &join(at, &[Seg::K("filters")]));
    let redirect = rule
        .filters
        .iter()
        .position(|f| f.type_ == FilterType::RequestRedirect || f.request_redirect.is_some());
    let backends_at = join(at, &[Seg::K("backendRefs")]);
    if let Some(f) = redirect.filter(|_| !rule.backend_refs.is_empty()) {
        cx.on_fix(
            &GK505,
            object.root,
            &backends_at,
            format!(
                "this rule answers with a redirect (filter {}) and also lists backendRefs, which no request reaches; the API server rejects the pair",
                f + 1
            ),
            "remove backendRefs from the redirect rule, or the RequestRedirect filter".into(),
        );
    }
    for (b, backend) in rule.backend_refs.iter().enumerate() {
        let b_at = join(&backends_at, &[Seg::I(b)]);
        if !object.trusts(&b_at) {
            continue;
        }
        if let Some(port) = backend.port {
            in_range(
                cx,
                object,
                &join(&b_at, &[Seg::K("port")]),
                "backendRef port",
                port,
                1..=65535,
            );
        }
        if let Some(weight) = backend.weight {
            in_range(
                cx,
                object,
                &join(&b_at, &[Seg::K("weight")]),
                "backendRef weight",
                weight,
                0..=1_000_000,
            );
        }
        service_port(
            cx,
            object,
            backend.group.as_deref(),
            backend.kind.as_deref(),
            &backend.name,
            backend.port,
            &b_at,
        );
        let f_at = join(&b_at, &[Seg::K("filters")]);
        limit(
            cx,
            object,
            &f_at,
            backend.filters.len(),
            0,
            16,
            "a backendRef",
        );
        filters(cx, object, &backend.filters, &f_at);
    }
    prefix_rewrite(cx, object, rule, at);
    if let Some(timeouts) = rule.timeouts.as_ref() {
        let t_at = join(at, &[Seg::K("timeouts")]);
        if object.trusts(&t_at) {
            for (field, value) in [
                ("request", &timeouts.request),
                ("backendRequest", &timeouts.backend_request),
            ] {
                if let Some(value) = value.as_deref().filter(|v| !is_duration(v)) {
                    cx.on(
                        &GK511,
                        object.root,
                        &join(&t_at, &[Seg::K(field)]),
                        format!("timeout {field} {value:?} is not a Gateway API duration such as 10s, 1m30s or 500ms"),
                    );
                }
            }
            let request = timeouts.request.as_deref().and_then(duration_millis);
            let backend = timeouts
                .backend_request
                .as_deref()
                .and_then(duration_millis);
            if let (Some(request), Some(backend)) = (request, backend) {
                if request != 0 && backend > request {
                    cx.on_fix(
                        &GK511,
                        object.root,
                        &join(&t_at, &[Seg::K("backendRequest")]),
                        format!(
                            "backendRequest {} is longer than request {}, which covers it",
                            timeouts.backend_request.as_deref().unwrap_or_default(),
                            timeouts.request.as_deref().unwrap_or_default()
                        ),
                        "make backendRequest at most the request timeout".into(),
                    );
                }
            }
        }
    }
}

/// A backend (or mirror) reference to a Service needs a port.
fn service_port(
    cx: &mut Cx<'_, '_>,
    object: &Object<'_>,
    group: Option<&str>,
    kind: Option<&str>,
    name: &str,
    port: Option<i32>,
    at: &[Seg<'_>],
) {
    let service = group.unwrap_or("").is_empty() && kind.unwrap_or("Service") == "Service";
    if service && port.is_none() {
        cx.on_fix(
            &GK514,
            object.root,
            at,
            format!("backendRef to Service {name} names no port"),
            format!(
                "add the Service port to send to, e.g. `port: 80`, under the reference to {name}"
            ),
        );
    }
}

/// Reports names that repeat in a list of named entries at `at` (case-insensitively
/// for headers).
fn repeated<'n>(
    cx: &mut Cx<'_, '_>,
    object: &Object<'_>,
    at: &[Seg<'_>],
    names: impl Iterator<Item = &'n str>,
    headers: bool,
    what: &str,
) {
    if !object.trusts(at) {
        return;
    }
    let mut seen: Vec<String> = Vec::new();
    for (i, name) in names.enumerate() {
        let key = if headers {
            name.to_ascii_lowercase()
        } else {
            name.to_owned()
        };
        if seen.contains(&key) {
            cx.on(
                &GK506,
                object.root,
                &join(at, &[Seg::I(i), Seg::K("name")]),
                format!("{what} {name} is matched twice in one match; only the first entry counts"),
            );
        }
        seen.push(key);
    }
}

/// The checks of a list of filters at `at` (a rule's or a backendRef's).
fn filters(cx: &mut Cx<'_, '_>, object: &Object<'_>, filters: &[HttpRouteFilter], at: &[Seg<'_>]) {
    let mut counts = [0usize; 6];
    for (i, filter) in filters.iter().enumerate() {
        let f_at = join(at, &[Seg::I(i)]);
        if !object.trusts(&f_at) {
            continue;
        }
        counts[filter.type_ as usize] += 1;
        let wanted = filter.type_.field();
        let set = filter.set_fields();
        let others: Vec<&str> = set.iter().copied().filter(|f| *f != wanted).collect();
        if !set.contains(&wanted) || !others.is_empty() {
            let message = match (set.contains(&wanted), others.as_slice()) {
                (false, []) => format!("a filter of type {} needs {wanted}, which is missing", filter.type_.as_str()),
                (_, others) => format!(
                    "a filter of type {} carries {}, which belongs to another type; type {} takes {wanted} only",
                    filter.type_.as_str(),
                    others.join(" and "),
                    filter.type_.as_str()
                ),
            };
            let fix = match others.as_slice() {
                [one] if !set.contains(&wanted) => {
                    let t = FilterType::ALLOWED
                        .iter()
                        .find(|t| field_of(t) == Some(*one))
                        .copied()
                        .unwrap_or("the type of its settings");
                    format!("set type: {t}, or replace {one} with {wanted}")
                }
                _ => format!("keep {wanted} and remove the other settings"),
            };
            cx.on_fix(
                &GK502,
                object.root,
                &join(&f_at, &[Seg::K("type")]),
                message,
                fix,
            );
        }
        if let Some(m) = filter.request_header_modifier.as_ref() {
            header_filter(
                cx,
                object,
                m,
                &join(&f_at, &[Seg::K("requestHeaderModifier")]),
            );
        }
        if let Some(m) = filter.response_header_modifier.as_ref() {
            header_filter(
                cx,
                object,
                m,
                &join(&f_at, &[Seg::K("responseHeaderModifier")]),
            );
        }
        if let Some(r) = filter.request_redirect.as_ref() {
            let r_at = join(&f_at, &[Seg::K("requestRedirect")]);
            if let Some(code) = r.status_code.filter(|c| *c != 301 && *c != 302) {
                let code_at = join(&r_at, &[Seg::K("statusCode")]);
                if object.trusts(&code_at) {
                    cx.on_fix(
                        &GK509,
                        object.root,
                        &code_at,
                        format!("redirect statusCode {code} is not 301 or 302, the codes of the standard channel"),
                        "use 301 (permanent) or 302 (temporary)".into(),
                    );
                }
            }
            if let Some(scheme) = r
                .scheme
                .as_deref()
                .filter(|s| *s != "http" && *s != "https")
            {
                cx.on(
                    &GK509,
                    object.root,
                    &join(&r_at, &[Seg::K("scheme")]),
                    format!("redirect scheme {scheme:?} is not http or https"),
                );
            }
            if let Some(port) = r.port {
                in_range(
                    cx,
                    object,
                    &join(&r_at, &[Seg::K("port")]),
                    "redirect port",
                    port,
                    1..=65535,
                );
            }
            precise_hostname(
                cx,
                object,
                r.hostname.as_deref(),
                &join(&r_at, &[Seg::K("hostname")]),
            );
            path_modifier(cx, object, r.path.as_ref(), &join(&r_at, &[Seg::K("path")]));
        }
        if let Some(r) = filter.url_rewrite.as_ref() {
            let r_at = join(&f_at, &[Seg::K("urlRewrite")]);
            precise_hostname(
                cx,
                object,
                r.hostname.as_deref(),
                &join(&r_at, &[Seg::K("hostname")]),
            );
            path_modifier(cx, object, r.path.as_ref(), &join(&r_at, &[Seg::K("path")]));
        }
        if let Some(m) = filter.request_mirror.as_ref() {
            let m_at = join(&f_at, &[Seg::K("requestMirror")]);
            let b = &m.backend_ref;
            let b_at = join(&m_at, &[Seg::K("backendRef")]);
            if object.trusts(&b_at) {
                service_port(
                    cx,
                    object,
                    b.group.as_deref(),
                    b.kind.as_deref(),
                    &b.name,
                    b.port,
                    &b_at,
                );
                if let Some(port) = b.port {
                    in_range(
                        cx,
                        object,
                        &join(&b_at, &[Seg::K("port")]),
                        "mirror port",
                        port,
                        1..=65535,
                    );
                }
            }
            if let Some(percent) = m.percent {
                in_range(
                    cx,
                    object,
                    &join(&m_at, &[Seg::K("percent")]),
                    "mirror percent",
                    percent,
                    0..=100,
                );
            }
        }
    }
    if !object.trusts(at) {
        return;
    }
    let count = |t: FilterType| counts[t as usize];
    if count(FilterType::URLRewrite) > 0 && count(FilterType::RequestRedirect) > 0 {
        let second = filters
            .iter()
            .enumerate()
            .filter(|(_, f)| {
                matches!(
                    f.type_,
                    FilterType::URLRewrite | FilterType::RequestRedirect
                )
            })
            .nth(1)
            .map_or(0, |(i, _)| i);
        cx.on_fix(
            &GK503,
            object.root,
            &join(at, &[Seg::I(second), Seg::K("type")]),
            "a URLRewrite and a RequestRedirect in one list: a request is either forwarded or redirected, not both".into(),
            "keep one of the two filters; a redirect can change the hostname and path itself".into(),
        );
    }
    for t in [
        FilterType::RequestHeaderModifier,
        FilterType::ResponseHeaderModifier,
        FilterType::RequestRedirect,
        FilterType::URLRewrite,
    ] {
        if count(t) > 1 {
            let second = filters
                .iter()
                .enumerate()
                .filter(|(_, f)| f.type_ == t)
                .nth(1)
                .map_or(0, |(i, _)| i);
            cx.on_fix(
                &GK503,
                object.root,
                &join(at, &[Seg::I(second), Seg::K("type")]),
                format!(
                    "filter {} appears {} times; it may appear once",
                    t.as_str(),
                    count(t)
                ),
                format!("merge the {} filters into one", t.as_str()),
            );
        }
    }
}

/// The filter type whose own field is `field`.
fn field_of(t: &str) -> Option<&'static str> {
    [
        FilterType::RequestHeaderModifier,
        FilterType::ResponseHeaderModifier,
        FilterType::RequestMirror,
        FilterType::RequestRedirect,
        FilterType::URLRewrite,
        FilterType::ExtensionRef,
    ]
    .into_iter()
    .find(|f| f.as_str() == t)
    .map(FilterType::field)
}

fn header_filter(cx: &mut Cx<'_, '_>, object: &Object<'_>, m: &HttpHeaderFilter, at: &[Seg<'_>]) {
    if !object.trusts(at) {
        return;
    }
    for (field, len) in [
        ("set", m.set.len()),
        ("add", m.add.len()),
        ("remove", m.remove.len()),
    ] {
        limit(
            cx,
            object,
            &join(at, &[Seg::K(field)]),
            len,
            0,
            16,
            "a header modifier",
        );
    }
    let entries = m
        .set
        .iter()
        .enumerate()
        .map(|(i, h)| ("set", i, h.name.as_str(), true))
        .chain(
            m.add
                .iter()
                .enumerate()
                .map(|(i, h)| ("add", i, h.name.as_str(), true)),
        )
        .chain(
            m.remove
                .iter()
                .enumerate()
                .map(|(i, h)| ("remove", i, h.as_str(), false)),
        );
    let mut seen: Vec<(String, &str)> = Vec::new();
    for (field, i, name, named) in entries {
        let key = name.to_ascii_lowercase();
        if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
            let place = if named {
                join(at, &[Seg::K(field), Seg::I(i), Seg::K("name")])
            } else {
                join(at, &[Seg::K(field), Seg::I(i)])
            };
            cx.on(
                &GK506,
                object.root,
                &place,
                format!("header {name} is already in {first} of this modifier; header names are case-insensitive and take one action each"),
            );
        } else {
            seen.push((key, field));
        }
    }
}

fn precise_hostname(cx: &mut Cx<'_, '_>, object: &Object<'_>, host: Option<&str>, at: &[Seg<'_>]) {
    if let Some(host) = host {
        if let Some(why) = hostname_problem(host, false).filter(|_| object.trusts(at)) {
            cx.on(
                &GK508,
                object.root,
                at,
                format!("hostname {host:?} is invalid: {why}"),
            );
        }
    }
}

fn path_modifier(
    cx: &mut Cx<'_, '_>,
    object: &Object<'_>,
    path: Option<&HttpPathModifier>,
    at: &[Seg<'_>],
) {
    let Some(path) = path.filter(|_| object.trusts(at)) else {
        return;
    };
    let (wanted, other) = match path.type_ {
        PathModifierType::ReplaceFullPath => {
            ("replaceFullPath", path.replace_prefix_match.is_some())
        }
        PathModifierType::ReplacePrefixMatch => {
            ("replacePrefixMatch", path.replace_full_path.is_some())
        }
    };
    let has = match path.type_ {
        PathModifierType::ReplaceFullPath => path.replace_full_path.is_some(),
        PathModifierType::ReplacePrefixMatch => path.replace_prefix_match.is_some(),
    };
    let type_name = match path.type_ {
        PathModifierType::ReplaceFullPath => "ReplaceFullPath",
        PathModifierType::ReplacePrefixMatch => "ReplacePrefixMatch",
    };
    if !has || other {
        cx.on(
            &GK504,
            object.root,
            &join(at, &[Seg::K("type")]),
            format!("a path modifier of type {type_name} takes {wanted} and no other value"),
        );
    }
}

/// Whether a filter list replaces the prefix match.
fn replaces_prefix(filters: &[HttpRouteFilter]) -> bool {
    filters.iter().any(|f| {
        let paths = [
            f.url_rewrite.as_ref().and_then(|r| r.path.as_ref()),
            f.request_redirect.as_ref().and_then(|r| r.path.as_ref()),
        ];
        paths.into_iter().flatten().any(|p| {
            p.type_ == PathModifierType::ReplacePrefixMatch && p.replace_prefix_match.is_some()
        })
    })
}

/// `ReplacePrefixMatch` needs exactly one `PathPrefix` match in its rule.
fn prefix_rewrite(cx: &mut Cx<'_, '_>, object: &Object<'_>, rule: &HttpRouteRule, at: &[Seg<'_>]) {
    let used = replaces_prefix(&rule.filters)
        || rule
            .backend_refs
            .iter()
            .any(|b| replaces_prefix(&b.filters));
    if !used || !object.trusts(&join(at, &[Seg::K("matches")])) {
        return;
    }
    let problem = match rule.matches.as_slice() {
        // No matches is the default PathPrefix `/`.
        [] => None,
        [one] => match one.path.as_ref().map(|p| p.kind()) {
            None | Some(PathMatchType::PathPrefix) => None,
            Some(kind) => Some((
                join(at, &[Seg::K("matches"), Seg::I(0), Seg::K("path"), Seg::K("type")]),
                format!(
                    "ReplacePrefixMatch replaces a PathPrefix match, and the match of this rule is {}",
                    if kind == PathMatchType::Exact { "Exact" } else { "RegularExpression" }
                ),
            )),
        },
        more => Some((
            join(at, &[Seg::K("matches")]),
            format!(
                "ReplacePrefixMatch needs exactly one PathPrefix match in its rule, and this rule has {}",
                more.len()
            ),
        )),
    };
    if let Some((place, message)) = problem {
        cx.on_fix(
            &GK504,
            object.root,
            &place,
            message,
            "give the rewrite a rule of its own with one PathPrefix match, or use ReplaceFullPath"
                .into(),
        );
    }
}

fn gateway_spec(cx: &mut Cx<'_, '_>, object: &Object<'_>, spec: &GatewaySpec) {
    let s = [Seg::K("spec")];
    let listeners_at = join(&s, &[Seg::K("listeners")]);
    limit(
        cx,
        object,
        &listeners_at,
        spec.listeners.len(),
        1,
        64,
        "a Gateway",
    );
    limit(
        cx,
        object,
        &join(&s, &[Seg::K("addresses")]),
        spec.addresses.len(),
        0,
        16,
        "a Gateway",
    );
    let mut names: Vec<&str> = Vec::new();
    let mut keys: Vec<(i32, String, Option<&str>)> = Vec::new();
    for (i, listener) in spec.listeners.iter().enumerate() {
        let at = join(&listeners_at, &[Seg::I(i)]);
        if !object.trusts(&at) {
            continue;
        }
        in_range(
            cx,
            object,
            &join(&at, &[Seg::K("port")]),
            "listener port",
            listener.port,
            1..=65535,
        );
        if names.contains(&listener.name.as_str()) {
            cx.on(
                &GK512,
                object.root,
                &join(&at, &[Seg::K("name")]),
                format!(
                    "listener name {} is used twice; listener names are unique within a Gateway",
                    listener.name
                ),
            );
        }
        names.push(&listener.name);
        let protocol = listener.protocol.to_ascii_uppercase();
        let key = (
            listener.port,
            listener.protocol.clone(),
            listener.hostname.as_deref(),
        );
        if keys.contains(&key) {
            cx.on(
                &GK512,
                object.root,
                &join(&at, &[Seg::K("port")]),
                format!(
                    "listener {} has the port ({}), protocol ({}) and hostname ({}) of an earlier listener; no request could tell them apart",
                    listener.name,
                    listener.port,
                    listener.protocol,
                    listener.hostname.as_deref().unwrap_or("any")
                ),
            );
        }
        keys.push(key);
        if let Some(host) = listener.hostname.as_deref() {
            let h_at = join(&at, &[Seg::K("hostname")]);
            if matches!(protocol.as_str(), "TCP" | "UDP") {
                cx.on(
                    &GK513,
                    object.root,
                    &h_at,
                    format!(
                        "listener {} ({}) has a hostname, which {} cannot match",
                        listener.name, listener.protocol, listener.protocol
                    ),
                );
            } else if let Some(why) = hostname_problem(host, true) {
                cx.on(
                    &GK508,
                    object.root,
                    &h_at,
                    format!("listener hostname {host:?} is invalid: {why}"),
                );
            }
        }
        limit(
            cx,
            object,
            &join(&at, &[Seg::K("allowedRoutes"), Seg::K("kinds")]),
            listener
                .allowed_routes
                .as_ref()
                .map_or(0, |a| a.kinds.len()),
            0,
            8,
            "a listener",
        );
        listener_tls(cx, object, listener, &protocol, &at);
    }
}

fn listener_tls(
    cx: &mut Cx<'_, '_>,
    object: &Object<'_>,
    listener: &gateway_api::Listener,
    protocol: &str,
    at: &[Seg<'_>],
) {
    let tls_at = join(at, &[Seg::K("tls")]);
    let name = &listener.name;
    match (protocol, listener.tls.as_ref()) {
        ("HTTP" | "TCP" | "UDP", Some(_)) => cx.on_fix(
            &GK513,
            object.root,
            &tls_at,
            format!(
                "listener {name} is {} and has tls, which only HTTPS and TLS listeners take",
                listener.protocol
            ),
            "use protocol HTTPS (port 443) to terminate TLS, or remove tls".into(),
        ),
        ("HTTPS", None) => cx.on_fix(
            &GK513,
            object.root,
            &join(at, &[Seg::K("protocol")]),
            format!("HTTPS listener {name} has no tls, so it has no certificate to serve"),
            "add tls.certificateRefs naming a kubernetes.io/tls Secret".into(),
        ),
        ("TLS", tls) if tls.and_then(|t| t.mode).is_none() => cx.on(
            &GK513,
            object.root,
            if tls.is_some() { &tls_at[..] } else { at },
            format!("TLS listener {name} must set tls.mode (Terminate or Passthrough)"),
        ),
        (_, Some(tls)) if object.trusts(&tls_at) => {
            let mode = tls.mode.unwrap_or(gateway_api::TlsMode::Terminate);
            if protocol == "HTTPS" && mode == gateway_api::TlsMode::Passthrough {
                cx.on_fix(
                    &GK513,
                    object.root,
                    &join(&tls_at, &[Seg::K("mode")]),
                    format!("HTTPS listener {name} has tls mode Passthrough; an HTTPS listener terminates TLS"),
                    "use mode Terminate, or protocol TLS for passthrough".into(),
                );
            } else if mode == gateway_api::TlsMode::Terminate
                && tls.certificate_refs.is_empty()
                && tls.options.as_ref().is_none_or(|o| o.is_empty())
            {
                cx.on_fix(
                    &GK513,
                    object.root,
                    &tls_at,
                    format!("listener {name} terminates TLS without certificateRefs"),
                    "add certificateRefs naming a kubernetes.io/tls Secret".into(),
                );
            }
            limit(
                cx,
                object,
                &join(&tls_at, &[Seg::K("certificateRefs")]),
                tls.certificate_refs.len(),
                0,
                64,
                "a listener",
            );
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_values_follow_the_crd() {
        for good in ["/", "/api/v1", "/a%20b", "/~user", "/a.b"] {
            assert_eq!(path_problem(good), None, "{good}");
        }
        for bad in [
            "api", "//", "/a//b", "/a/./b", "/a/../b", "/a%2fb", "/a%2Fb", "/a#b", "/a/.", "/a/..",
            "/a b", "/%zz",
        ] {
            assert!(path_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn hostnames_are_lower_case_dns_names_with_an_optional_wildcard() {
        assert_eq!(hostname_problem("web.example.com", true), None);
        assert_eq!(hostname_problem("*.example.com", true), None);
        assert!(hostname_problem("*.example.com", false).is_some());
        assert!(hostname_problem("10.0.0.1", true).is_some());
        assert!(hostname_problem("Web.example.com", true).is_some());
        assert!(hostname_problem("a.*.example.com", true).is_some());
        assert!(hostname_problem("web.example.com:443", true).is_some());
    }
}
