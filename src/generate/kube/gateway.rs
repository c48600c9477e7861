//! Routing through the Gateway API: the HTTPRoute that sends the design's paths to
//! the Service, on a Gateway the cluster has or on one generated here.
//!
//! - Paths: one `PathPrefix` match per first segment of the route groups' prefixes,
//!   as the Ingress does ([`super::ingress::group_paths`]); with a path prefix (the
//!   article's `/service-a`), one `PathPrefix` match on it and a `URLRewrite` filter
//!   with `ReplacePrefixMatch: /`, so the pods see paths without the prefix. This is
//!   what ingress-nginx needs a regular expression and a capture group for.
//!   `PathPrefix` matches whole segments: `/service-a` matches `/service-a` and
//!   `/service-a/x`, never `/service-ab`, as the Ingress's `(/|$)` does.
//! - A generated Gateway (`mode: generate`) is called like the service and lives in
//!   its namespace: an HTTP listener on 80 and, with a TLS secret, an HTTPS listener
//!   on 443 terminating TLS with it. Then the routing HTTPRoute attaches to the HTTPS
//!   listener only, and a second HTTPRoute on the HTTP listener answers every request
//!   with a 301 to `https` (`RequestRedirect`).
//! - Attached to an existing Gateway (`mode: attach`), TLS and redirects are the
//!   Gateway's business: the route names the Gateway, its namespace when it is not
//!   the service's, and the listener when the design names one.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::gateway_api::{
    AllowedRoutes, FilterType, Gateway, GatewaySpec, GatewayTlsConfig, HttpBackendRef,
    HttpPathMatch, HttpPathModifier, HttpRequestRedirectFilter, HttpRoute, HttpRouteFilter,
    HttpRouteMatch, HttpRouteRule, HttpRouteSpec, HttpRouteTimeouts, HttpUrlRewriteFilter,
    Listener, ParentReference, PathMatchType, PathModifierType, SecretObjectReference, TlsMode, V1,
};
use crate::generate::kube::ingress::group_paths;
use crate::generate::kube::labels::metadata;
use crate::model::{self, Design, GatewayMode};
use crate::names;

/// The generated Gateway's listener for plain HTTP.
pub const HTTP_LISTENER: &str = "http";
/// The generated Gateway's listener for HTTPS, with a TLS secret.
pub const HTTPS_LISTENER: &str = "https";
/// The most matches one HTTPRoute rule may hold (the CRD's `maxItems`); beyond it,
/// one `/` match covers every path.
const MAX_MATCHES: usize = 64;

fn settings(design: &Design) -> Option<&model::Gateway> {
    design.cluster.gateway.as_ref()
}

/// Whether the bundle's own Gateway terminates TLS (so plain HTTP only redirects).
fn terminates_tls(gateway: &model::Gateway) -> bool {
    gateway.mode == GatewayMode::Generate && !gateway.tls_secret.is_empty()
}

/// The path prefix without trailing slashes; none when it is empty or `/`.
fn path_prefix(gateway: &model::Gateway) -> Option<&str> {
    let prefix = gateway.path_prefix.trim().trim_end_matches('/');
    (!prefix.is_empty()).then_some(prefix)
}

/// The Gateway the bundle brings, for `mode: generate`.
pub fn gateway(design: &Design) -> Option<Gateway> {
    let settings = settings(design).filter(|g| g.mode == GatewayMode::Generate)?;
    let hostname = match settings.hostnames.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    };
    let mut listeners = vec![Listener {
        name: HTTP_LISTENER.into(),
        hostname: hostname.clone(),
        port: 80,
        protocol: "HTTP".into(),
        tls: None,
        allowed_routes: Some(AllowedRoutes::same_namespace()),
    }];
    if terminates_tls(settings) {
        listeners.push(Listener {
            name: HTTPS_LISTENER.into(),
            hostname,
            port: 443,
            protocol: "HTTPS".into(),
            tls: Some(GatewayTlsConfig {
                mode: Some(TlsMode::Terminate),
                certificate_refs: vec![SecretObjectReference {
                    name: settings.tls_secret.clone(),
                    ..Default::default()
                }],
                options: None,
            }),
            allowed_routes: Some(AllowedRoutes::same_namespace()),
        });
    }
    Some(Gateway {
        api_version: V1.into(),
        kind: "Gateway".into(),
        metadata: metadata(design, names::of(design).app),
        spec: GatewaySpec {
            gateway_class_name: settings.class_name.clone(),
            listeners,
            ..Default::default()
        },
    })
}

/// The parent the routing HTTPRoute attaches to, on `listener` when given.
fn parent(design: &Design, settings: &model::Gateway, listener: Option<&str>) -> ParentReference {
    let names = names::of(design);
    match settings.mode {
        GatewayMode::Generate => ParentReference {
            name: names.app.to_owned(),
            section_name: listener.map(str::to_owned),
            ..Default::default()
        },
        GatewayMode::Attach => ParentReference {
            name: settings.gateway_name.clone(),
            namespace: (settings.gateway_namespace != names.namespace)
                .then(|| settings.gateway_namespace.clone()),
            section_name: (!settings.section_name.is_empty())
                .then(|| settings.section_name.clone()),
            ..Default::default()
        },
    }
}

fn prefix_match(value: &str) -> HttpRouteMatch {
    HttpRouteMatch {
        path: Some(HttpPathMatch {
            type_: Some(PathMatchType::PathPrefix),
            value: Some(value.to_owned()),
        }),
        ..Default::default()
    }
}

fn route_metadata(design: &Design, name: &str) -> ObjectMeta {
    metadata(design, name)
}

/// The HTTPRoute that sends the design's paths to the Service.
pub fn http_route(design: &Design) -> Option<HttpRoute> {
    let settings = settings(design)?;
    let names = names::of(design);
    let listener = match settings.mode {
        GatewayMode::Generate if terminates_tls(settings) => Some(HTTPS_LISTENER),
        GatewayMode::Generate => Some(HTTP_LISTENER),
        GatewayMode::Attach => None,
    };
    let (matches, filters) = match path_prefix(settings) {
        Some(prefix) => {
            let mut rewrite = HttpRouteFilter::of(FilterType::URLRewrite);
            rewrite.url_rewrite = Some(HttpUrlRewriteFilter {
                hostname: None,
                path: Some(HttpPathModifier {
                    type_: PathModifierType::ReplacePrefixMatch,
                    replace_full_path: None,
                    replace_prefix_match: Some("/".into()),
                }),
            });
            (vec![prefix_match(prefix)], vec![rewrite])
        }
        None => {
            let paths = group_paths(design);
            let matches = if paths.len() > MAX_MATCHES {
                vec![prefix_match("/")]
            } else {
                paths.iter().map(|p| prefix_match(p)).collect()
            };
            (matches, Vec::new())
        }
    };
    let timeouts = (!settings.request_timeout.is_empty()).then(|| HttpRouteTimeouts {
        request: Some(settings.request_timeout.clone()),
        backend_request: None,
    });
    Some(HttpRoute {
        api_version: V1.into(),
        kind: "HTTPRoute".into(),
        metadata: route_metadata(design, names.app),
        spec: HttpRouteSpec {
            parent_refs: vec![parent(design, settings, listener)],
            hostnames: settings.hostnames.clone(),
            rules: vec![HttpRouteRule {
                name: None,
                matches,
                filters,
                backend_refs: vec![HttpBackendRef {
                    name: names.app.to_owned(),
                    port: Some(i32::from(design.cluster.service_port)),
                    ..Default::default()
                }],
                timeouts,
            }],
        },
    })
}

/// The HTTPRoute on the generated Gateway's HTTP listener that redirects every
/// request to HTTPS with a 301, when that Gateway terminates TLS.
pub fn redirect_route(design: &Design) -> Option<HttpRoute> {
    let settings = settings(design).filter(|g| terminates_tls(g))?;
    let names = names::of(design);
    let mut redirect = HttpRouteFilter::of(FilterType::RequestRedirect);
    redirect.request_redirect = Some(HttpRequestRedirectFilter {
        scheme: Some("https".into()),
        status_code: Some(301),
        ..Default::default()
    });
    Some(HttpRoute {
        api_version: V1.into(),
        kind: "HTTPRoute".into(),
        metadata: route_metadata(design, &names.redirect_route),
        spec: HttpRouteSpec {
            parent_refs: vec![parent(design, settings, Some(HTTP_LISTENER))],
            hostnames: settings.hostnames.clone(),
            rules: vec![HttpRouteRule {
                filters: vec![redirect],
                ..Default::default()
            }],
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Gateway as Settings;

    fn design(settings: Settings) -> Design {
        let mut design = Design::default();
        design.cluster.gateway = Some(settings);
        design
    }

    #[test]
    fn attaching_names_the_gateway_and_brings_none() {
        let d = design(Settings::default());
        assert!(gateway(&d).is_none());
        assert!(redirect_route(&d).is_none());
        let route = http_route(&d).unwrap();
        let parent = &route.spec.parent_refs[0];
        assert_eq!(parent.name, "shared-gateway");
        assert_eq!(parent.namespace.as_deref(), Some("gateway-system"));
        assert_eq!(parent.section_name, None);
        let backend = &route.spec.rules[0].backend_refs[0];
        assert_eq!(backend.name, d.service.name);
        assert_eq!(backend.port, Some(80));
    }

    #[test]
    fn a_generated_gateway_with_tls_serves_https_and_redirects_http() {
        let d = design(Settings {
            mode: GatewayMode::Generate,
            tls_secret: "app-tls".into(),
            ..Settings::default()
        });
        let gw = gateway(&d).unwrap();
        let listeners: Vec<_> = gw
            .spec
            .listeners
            .iter()
            .map(|l| (l.name.as_str(), l.port))
            .collect();
        assert_eq!(listeners, [("http", 80), ("https", 443)]);
        assert_eq!(
            gw.spec.listeners[1].tls.as_ref().unwrap().certificate_refs[0].name,
            "app-tls"
        );
        let route = http_route(&d).unwrap();
        assert_eq!(
            route.spec.parent_refs[0].section_name.as_deref(),
            Some("https")
        );
        assert_eq!(route.spec.parent_refs[0].namespace, None);
        let redirect = redirect_route(&d).unwrap();
        assert_eq!(
            redirect.spec.parent_refs[0].section_name.as_deref(),
            Some("http")
        );
        let filter = &redirect.spec.rules[0].filters[0];
        assert_eq!(filter.type_, FilterType::RequestRedirect);
        assert_eq!(
            filter.request_redirect.as_ref().unwrap().status_code,
            Some(301)
        );
        assert!(redirect.spec.rules[0].backend_refs.is_empty());
    }

    #[test]
    fn a_path_prefix_is_one_match_and_a_prefix_rewrite() {
        let d = design(Settings {
            path_prefix: "/service-a".into(),
            request_timeout: "15s".into(),
            ..Settings::default()
        });
        let rule = &http_route(&d).unwrap().spec.rules[0];
        assert_eq!(rule.matches.len(), 1);
        assert_eq!(rule.matches[0].path.as_ref().unwrap().value(), "/service-a");
        let rewrite = rule.filters[0]
            .url_rewrite
            .as_ref()
            .unwrap()
            .path
            .as_ref()
            .unwrap();
        assert_eq!(rewrite.type_, PathModifierType::ReplacePrefixMatch);
        assert_eq!(rewrite.replace_prefix_match.as_deref(), Some("/"));
        assert_eq!(
            rule.timeouts.as_ref().unwrap().request.as_deref(),
            Some("15s")
        );
    }
}
