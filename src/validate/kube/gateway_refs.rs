//! The Gateway API across the objects of a stream: whether an HTTPRoute attaches to
//! the Gateway of the stream it names (`GK515`–`GK517`), whether its backend
//! Services exist and have its ports (`GK518`, `GK519`), whether a reference into
//! another namespace has its ReferenceGrant (`GK520`), and a Service that an Ingress
//! and an HTTPRoute both route for one host (`GK521`).
//!
//! Like the other references, what is absent is judged only where the stream could
//! hold it: a route that names a Gateway of another namespace which the stream does
//! not hold (a platform team's shared Gateway) is not reported, a missing Service
//! only when the stream has Services in its namespace.

use std::collections::BTreeMap;

use super::gateway::{GK515, GK516, GK517, GK518, GK519, GK520, GK521};
use super::objects::{Kind, Object};
use super::references::Index;
use super::values::{join, selects};
use super::{Cx, Seg};
use crate::gateway_api::{
    BackendObjectReference, FromNamespaces, Gateway, HttpRoute, Listener, ParentReference,
    ReferenceGrant, GROUP,
};

/// Two namespaces are known to differ only when both are written.
fn differ(a: Option<&str>, b: Option<&str>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if a != b)
}

/// Runs the cross-object checks of the Gateway API objects.
pub fn check(cx: &mut Cx<'_, '_>, objects: &[Object<'_>], index: &Index<'_>) {
    let grants: Vec<(Option<&str>, &ReferenceGrant)> = objects
        .iter()
        .filter(|o| o.trusts(&[Seg::K("spec")]))
        .filter_map(|o| match o.typed.as_ref() {
            Some(Kind::ReferenceGrant(g)) => Some((o.namespace, g.as_ref())),
            _ => None,
        })
        .collect();
    let service_namespaces: Vec<Option<&str>> = objects
        .iter()
        .filter(|o| o.kind == "Service")
        .map(|o| o.namespace)
        .collect();
    let cx_grants = Grants { grants: &grants };
    for object in objects {
        match object.typed.as_ref() {
            Some(Kind::HttpRoute(route)) => {
                for (i, parent) in route.spec.parent_refs.iter().enumerate() {
                    let at = [Seg::K("spec"), Seg::K("parentRefs"), Seg::I(i)];
                    if object.trusts(&at) && object.trusts(&[Seg::K("spec"), Seg::K("hostnames")]) {
                        attachment(cx, objects, index, object, route, parent, &at);
                    }
                }
                backends(
                    cx,
                    objects,
                    index,
                    &service_namespaces,
                    &cx_grants,
                    object,
                    route,
                );
            }
            Some(Kind::Gateway(gateway)) => certificates(cx, &cx_grants, object, gateway),
            _ => {}
        }
    }
    ingress_overlap(cx, objects);
}

/// Why a listener does not take a route, if it does not.
enum Refusal {
    Kind(String),
    Namespace(String),
    Hostname,
}

/// Whether the wildcard-or-exact hostnames `a` and `b` accept a common name.
pub(super) fn intersect(a: &str, b: &str) -> bool {
    match (a.strip_prefix("*."), b.strip_prefix("*.")) {
        (None, None) => a == b,
        (Some(suffix), None) => b.ends_with(&format!(".{suffix}")),
        (None, Some(suffix)) => a.ends_with(&format!(".{suffix}")),
        (Some(x), Some(y)) => {
            x == y || x.ends_with(&format!(".{y}")) || y.ends_with(&format!(".{x}"))
        }
    }
}

/// What `listener` of `gateway` makes of `route`: `None` when it attaches.
fn refusal(
    objects: &[Object<'_>],
    index: &Index<'_>,
    gateway: &Object<'_>,
    listener: &Listener,
    route: &Object<'_>,
    hostnames: &[String],
) -> Option<Refusal> {
    let allowed = listener.allowed_routes.as_ref();
    let kinds = allowed.map(|a| a.kinds.as_slice()).unwrap_or_default();
    let takes_http_routes = if kinds.is_empty() {
        matches!(
            listener.protocol.to_ascii_uppercase().as_str(),
            "HTTP" | "HTTPS"
        )
    } else {
        kinds
            .iter()
            .any(|k| k.kind == "HTTPRoute" && k.group.as_deref().unwrap_or(GROUP) == GROUP)
    };
    if !takes_http_routes {
        let what = if kinds.is_empty() {
            format!("its protocol {}", listener.protocol)
        } else {
            let names: Vec<&str> = kinds.iter().map(|k| k.kind.as_str()).collect();
            format!("allowedRoutes.kinds ({})", names.join(", "))
        };
        return Some(Refusal::Kind(format!(
            "listener {} of {} takes no HTTPRoute: {what}",
            listener.name,
            gateway.display()
        )));
    }
    let namespaces = allowed.and_then(|a| a.namespaces.as_ref());
    match namespaces
        .and_then(|n| n.from)
        .unwrap_or(FromNamespaces::Same)
    {
        FromNamespaces::All => {}
        FromNamespaces::Same => {
            if differ(gateway.namespace, route.namespace) {
                return Some(Refusal::Namespace(format!(
                    "listener {} of {} admits routes from its own namespace {} only, and {} is in {}",
                    listener.name,
                    gateway.display(),
                    gateway.namespace.unwrap_or_default(),
                    route.display(),
                    route.namespace.unwrap_or_default()
                )));
            }
        }
        FromNamespaces::Selector => {
            // Judged only when the stream holds the route's Namespace.
            let selector = namespaces.and_then(|n| n.selector.as_ref());
            let namespace = route
                .namespace
                .and_then(|ns| index.find(objects, "Namespace", None, ns));
            if let (Some(selector), Some(namespace)) = (selector, namespace) {
                if let Some(Kind::Namespace(ns)) = namespace.typed.as_ref() {
                    let mut labels: BTreeMap<String, String> =
                        ns.metadata.labels.clone().unwrap_or_default();
                    // The API server labels every Namespace with its name.
                    labels.insert(
                        "kubernetes.io/metadata.name".into(),
                        namespace.name.unwrap_or_default().into(),
                    );
                    if namespace.trusts(&[Seg::K("metadata"), Seg::K("labels")])
                        && !selects(selector, Some(&labels))
                    {
                        return Some(Refusal::Namespace(format!(
                            "listener {} of {} admits routes from namespaces its selector matches, and Namespace {} does not match it",
                            listener.name,
                            gateway.display(),
                            namespace.name.unwrap_or_default()
                        )));
                    }
                }
            }
        }
    }
    if let Some(host) = listener.hostname.as_deref() {
        if !hostnames.is_empty() && !hostnames.iter().any(|h| intersect(host, h)) {
            return Some(Refusal::Hostname);
        }
    }
    None
}

fn attachment(
    cx: &mut Cx<'_, '_>,
    objects: &[Object<'_>],
    index: &Index<'_>,
    object: &Object<'_>,
    route: &HttpRoute,
    parent: &ParentReference,
    at: &[Seg<'_>],
) {
    if parent.group.as_deref().unwrap_or(GROUP) != GROUP
        || parent.kind.as_deref().unwrap_or("Gateway") != "Gateway"
    {
        return;
    }
    let namespace = parent.namespace.as_deref().or(object.namespace);
    let Some(target) = index.find(objects, "Gateway", namespace, &parent.name) else {
        return;
    };
    let Some(Kind::Gateway(gateway)) = target.typed.as_ref() else {
        return;
    };
    if !target.trusts(&[Seg::K("spec"), Seg::K("listeners")]) {
        return;
    }
    let gateway: &Gateway = gateway;
    let listeners = &gateway.spec.listeners;
    let names = || {
        let names: Vec<&str> = listeners.iter().map(|l| l.name.as_str()).collect();
        names.join(", ")
    };
    if let Some(section) = parent.section_name.as_deref() {
        if !listeners.iter().any(|l| l.name == section) {
            cx.on(
                &GK515,
                object.root,
                &join(at, &[Seg::K("sectionName")]),
                format!(
                    "{} attaches to listener {section} of {}, which has listeners {}",
                    object.display(),
                    target.display(),
                    names()
                ),
            );
            return;
        }
    }
    let candidates: Vec<&Listener> = listeners
        .iter()
        .filter(|l| parent.section_name.as_deref().is_none_or(|s| l.name == s))
        .filter(|l| parent.port.is_none_or(|p| l.port == p))
        .collect();
    if candidates.is_empty() {
        cx.on(
            &GK515,
            object.root,
            &join(at, &[Seg::K("port")]),
            format!(
                "{} attaches to port {} of {}, where no listener{} listens",
                object.display(),
                parent.port.unwrap_or_default(),
                target.display(),
                parent
                    .section_name
                    .as_deref()
                    .map(|s| format!(" named {s}"))
                    .unwrap_or_default()
            ),
        );
        return;
    }
    let hostnames = &route.spec.hostnames;
    let refusals: Vec<Refusal> = candidates
        .iter()
        .map(|l| refusal(objects, index, target, l, object, hostnames))
        .collect::<Option<Vec<_>>>()
        .unwrap_or_default();
    if refusals.is_empty() {
        return;
    }
    if refusals.iter().any(|r| matches!(r, Refusal::Hostname)) {
        let theirs: Vec<&str> = candidates
            .iter()
            .filter_map(|l| l.hostname.as_deref())
            .collect();
        cx.on(
            &GK516,
            object.root,
            &[Seg::K("spec"), Seg::K("hostnames")],
            format!(
                "the hostnames of {} ({}) match none of the listeners of {} it attaches to ({})",
                object.display(),
                hostnames.join(", "),
                target.display(),
                theirs.join(", ")
            ),
        );
        return;
    }
    let why = match &refusals[0] {
        Refusal::Kind(why) | Refusal::Namespace(why) => why.clone(),
        Refusal::Hostname => String::new(),
    };
    let fix = match &refusals[0] {
        Refusal::Namespace(_) => "let the listener admit the route's namespace (allowedRoutes.namespaces.from: All, or a Selector that matches it)",
        _ => "attach to an HTTP or HTTPS listener",
    };
    cx.on_fix(&GK517, object.root, at, why, fix.into());
}

/// The ReferenceGrants of the stream.
struct Grants<'g> {
    grants: &'g [(Option<&'g str>, &'g ReferenceGrant)],
}

impl Grants<'_> {
    /// Whether a grant in `to_namespace` lets `from_kind` objects of `from_namespace`
    /// refer to the `to_group`/`to_kind` named `to_name`.
    fn allow(
        &self,
        from_kind: &str,
        from_namespace: &str,
        to_namespace: &str,
        to_group: &str,
        to_kind: &str,
        to_name: &str,
    ) -> bool {
        self.grants.iter().any(|(ns, grant)| {
            ns.is_none_or(|ns| ns == to_namespace)
                && grant.spec.from.iter().any(|f| {
                    f.group == GROUP && f.kind == from_kind && f.namespace == from_namespace
                })
                && grant.spec.to.iter().any(|t| {
                    t.group == to_group
                        && t.kind == to_kind
                        && t.name.as_deref().is_none_or(|n| n == to_name)
                })
        })
    }
}

#[allow(clippy::too_many_arguments)]
fn grant(
    cx: &mut Cx<'_, '_>,
    grants: &Grants<'_>,
    object: &Object<'_>,
    from_namespace: &str,
    reference: &BackendObjectReference,
    default_kind: &str,
    to_namespace: &str,
    at: &[Seg<'_>],
) {
    let group = reference.group.as_deref().unwrap_or("");
    let kind = reference.kind.as_deref().unwrap_or(default_kind);
    if grants.allow(
        object.kind,
        from_namespace,
        to_namespace,
        group,
        kind,
        &reference.name,
    ) {
        return;
    }
    let group_text = if group.is_empty() { "\"\"" } else { group };
    cx.on_fix(
        &GK520,
        object.root,
        &join(at, &[Seg::K("namespace")]),
        format!(
            "{} in {from_namespace} refers to {kind} {}/{}; without a ReferenceGrant in {to_namespace} the reference is refused, and the stream has none that allows it",
            object.display(),
            to_namespace,
            reference.name
        ),
        format!(
            "add a ReferenceGrant in namespace {to_namespace} from {{group: {GROUP}, kind: {}, namespace: {from_namespace}}} to {{group: {group_text}, kind: {kind}}}",
            object.kind
        ),
    );
}

fn backends(
    cx: &mut Cx<'_, '_>,
    objects: &[Object<'_>],
    index: &Index<'_>,
    service_namespaces: &[Option<&str>],
    grants: &Grants<'_>,
    object: &Object<'_>,
    route: &HttpRoute,
) {
    for (r, rule) in route.spec.rules.iter().enumerate() {
        for (b, backend) in rule.backend_refs.iter().enumerate() {
            let at = [
                Seg::K("spec"),
                Seg::K("rules"),
                Seg::I(r),
                Seg::K("backendRefs"),
                Seg::I(b),
            ];
            if !object.trusts(&at) {
                continue;
            }
            let reference = BackendObjectReference {
                group: backend.group.clone(),
                kind: backend.kind.clone(),
                name: backend.name.clone(),
                namespace: backend.namespace.clone(),
                port: backend.port,
            };
            let namespace = backend.namespace.as_deref().or(object.namespace);
            if let (Some(to), Some(from)) = (backend.namespace.as_deref(), object.namespace) {
                if to != from {
                    grant(cx, grants, object, from, &reference, "Service", to, &at);
                }
            }
            let is_service = backend.group.as_deref().unwrap_or("").is_empty()
                && backend.kind.as_deref().unwrap_or("Service") == "Service";
            if !is_service {
                continue;
            }
            let Some(target) = index.find(objects, "Service", namespace, &backend.name) else {
                let compatible = service_namespaces.iter().any(|ns| !differ(*ns, namespace));
                if compatible {
                    cx.on(
                        &GK518,
                        object.root,
                        &join(&at, &[Seg::K("name")]),
                        format!(
                            "{} routes to Service {}, which is not in the stream",
                            object.display(),
                            backend.name
                        ),
                    );
                }
                continue;
            };
            let (Some(Kind::Service(service)), Some(port)) = (target.typed.as_ref(), backend.port)
            else {
                continue;
            };
            if !target.trusts(&[Seg::K("spec"), Seg::K("ports")]) {
                continue;
            }
            let ports = service
                .spec
                .as_ref()
                .and_then(|s| s.ports.as_deref())
                .unwrap_or_default();
            if !ports.iter().any(|p| p.port == port) {
                let offered: Vec<String> = ports
                    .iter()
                    .map(|p| match &p.name {
                        Some(n) => format!("{n} ({})", p.port),
                        None => p.port.to_string(),
                    })
                    .collect();
                let targets = ports.iter().any(|p| {
                    matches!(
                        p.target_port,
                        Some(k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::Int(t)) if t == port
                    )
                });
                let hint = if targets {
                    "; a backendRef names the Service port, not the targetPort"
                } else {
                    ""
                };
                cx.on(
                    &GK519,
                    object.root,
                    &join(&at, &[Seg::K("port")]),
                    format!(
                        "{} routes to port {port} of Service {}, which offers {}{hint}",
                        object.display(),
                        backend.name,
                        if offered.is_empty() {
                            "no port".into()
                        } else {
                            offered.join(", ")
                        }
                    ),
                );
            }
        }
    }
}

fn certificates(cx: &mut Cx<'_, '_>, grants: &Grants<'_>, object: &Object<'_>, gateway: &Gateway) {
    let Some(from) = object.namespace else { return };
    for (l, listener) in gateway.spec.listeners.iter().enumerate() {
        let Some(tls) = listener.tls.as_ref() else {
            continue;
        };
        for (c, cert) in tls.certificate_refs.iter().enumerate() {
            let at = [
                Seg::K("spec"),
                Seg::K("listeners"),
                Seg::I(l),
                Seg::K("tls"),
                Seg::K("certificateRefs"),
                Seg::I(c),
            ];
            let Some(to) = cert.namespace.as_deref().filter(|to| *to != from) else {
                continue;
            };
            if !object.trusts(&at) {
                continue;
            }
            let reference = BackendObjectReference {
                group: cert.group.clone(),
                kind: cert.kind.clone(),
                name: cert.name.clone(),
                namespace: cert.namespace.clone(),
                port: None,
            };
            grant(cx, grants, object, from, &reference, "Secret", to, &at);
        }
    }
}

/// A Service an Ingress routes, for one host (or none).
struct Routed<'o> {
    namespace: Option<&'o str>,
    service: &'o str,
    host: Option<&'o str>,
    object: usize,
    at: Vec<Seg<'static>>,
}

fn ingress_overlap(cx: &mut Cx<'_, '_>, objects: &[Object<'_>]) {
    let mut routes: Vec<(Option<&str>, &str, Option<&str>, usize)> = Vec::new();
    for (o, object) in objects.iter().enumerate() {
        let Some(Kind::HttpRoute(route)) = object.typed.as_ref() else {
            continue;
        };
        if !object.trusts(&[Seg::K("spec")]) {
            continue;
        }
        for rule in &route.spec.rules {
            for backend in &rule.backend_refs {
                let is_service = backend.group.as_deref().unwrap_or("").is_empty()
                    && backend.kind.as_deref().unwrap_or("Service") == "Service";
                if !is_service {
                    continue;
                }
                let namespace = backend.namespace.as_deref().or(object.namespace);
                if route.spec.hostnames.is_empty() {
                    routes.push((namespace, &backend.name, None, o));
                }
                for host in &route.spec.hostnames {
                    routes.push((namespace, &backend.name, Some(host), o));
                }
            }
        }
    }
    if routes.is_empty() {
        return;
    }
    let mut routed: Vec<Routed<'_>> = Vec::new();
    for (o, object) in objects.iter().enumerate() {
        let Some(Kind::Ingress(ingress)) = object.typed.as_ref() else {
            continue;
        };
        let Some(spec) = ingress.spec.as_ref() else {
            continue;
        };
        if !object.trusts(&[Seg::K("spec")]) {
            continue;
        }
        let default_field = if object.legacy_ingress() {
            "backend"
        } else {
            "defaultBackend"
        };
        if let Some(service) = spec
            .default_backend
            .as_ref()
            .and_then(|b| b.service.as_ref())
        {
            routed.push(Routed {
                namespace: object.namespace,
                service: &service.name,
                host: None,
                object: o,
                at: vec![Seg::K("spec"), Seg::K(default_field)],
            });
        }
        for (r, rule) in spec.rules.iter().flatten().enumerate() {
            for path in rule.http.iter().flat_map(|h| h.paths.iter()) {
                if let Some(service) = path.backend.service.as_ref() {
                    let at = match rule.host {
                        Some(_) => vec![Seg::K("spec"), Seg::K("rules"), Seg::I(r), Seg::K("host")],
                        None => vec![Seg::K("spec"), Seg::K("rules"), Seg::I(r)],
                    };
                    routed.push(Routed {
                        namespace: object.namespace,
                        service: &service.name,
                        host: rule.host.as_deref(),
                        object: o,
                        at,
                    });
                }
            }
        }
    }
    let mut reported: Vec<(usize, &str, Option<&str>)> = Vec::new();
    for entry in &routed {
        let Some((_, _, _, route)) = routes.iter().find(|(ns, service, host, _)| {
            *service == entry.service && !differ(*ns, entry.namespace) && *host == entry.host
        }) else {
            continue;
        };
        let key = (entry.object, entry.service, entry.host);
        if reported.contains(&key) {
            continue;
        }
        reported.push(key);
        let ingress = &objects[entry.object];
        let host = entry
            .host
            .map_or_else(|| "every host".to_owned(), |h| h.to_owned());
        cx.on_fix(
            &GK521,
            ingress.root,
            &entry.at,
            format!(
                "Service {} is routed for {host} by both {} and {}: two routing layers answer the same name",
                entry.service,
                ingress.display(),
                objects[*route].display()
            ),
            format!(
                "once {} works, remove {} (a migration keeps both only until DNS points at the Gateway)",
                objects[*route].display(),
                ingress.display()
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::intersect;

    #[test]
    fn hostnames_intersect_by_the_wildcard_rules_of_the_spec() {
        assert!(intersect("web.example.com", "web.example.com"));
        assert!(intersect("*.example.com", "web.example.com"));
        assert!(intersect("*.example.com", "a.b.example.com"));
        assert!(!intersect("*.example.com", "example.com"));
        assert!(intersect("web.example.com", "*.example.com"));
        assert!(intersect("*.example.com", "*.b.example.com"));
        assert!(!intersect("*.example.com", "*.example.org"));
        assert!(!intersect("web.example.com", "api.example.com"));
    }
}
