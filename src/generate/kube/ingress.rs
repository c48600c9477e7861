//! The Ingress that publishes the Service under the designed host.
//!
//! Two shapes of path:
//! - Without `pathPrefix`, one `Prefix` path per first segment of the route groups'
//!   prefixes (`/api/v1/user` gives `/api`); a top-level group, or a group whose
//!   first segment is a parameter, needs `/`, which then covers everything.
//! - With `pathPrefix` (the article's `/service-a`), ingress-nginx's regex form
//!   `/service-a(/|$)(.*)` with `rewrite-target: /$2`, so the pods see paths without
//!   the prefix. The article wrote `/$1`, which rewrites every request to `/` or an
//!   empty path: capture 1 is `(/|$)`, the rest of the path is capture 2.

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::networking::v1::{
    HTTPIngressPath, HTTPIngressRuleValue, Ingress, IngressBackend, IngressRule,
    IngressServiceBackend, IngressSpec, IngressTLS, ServiceBackendPort,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::generate::kube::labels::metadata;
use crate::model::Design;
use crate::names;

/// ingress-nginx's annotation that makes paths regular expressions.
pub const USE_REGEX: &str = "nginx.ingress.kubernetes.io/use-regex";
/// ingress-nginx's annotation that rewrites the path before it reaches the pods.
pub const REWRITE_TARGET: &str = "nginx.ingress.kubernetes.io/rewrite-target";
/// What a path prefix's regex path ends with: capture 2 is the rest of the path.
pub const PREFIX_REGEX_TAIL: &str = "(/|$)(.*)";
/// The rewrite a path prefix gets unless the design sets another.
pub const PREFIX_REWRITE: &str = "/$2";

/// The `Prefix` paths that reach every designed route group.
pub fn group_paths(design: &Design) -> BTreeSet<String> {
    let paths: BTreeSet<String> = design
        .groups
        .iter()
        .filter(|g| !g.routes.is_empty())
        .map(
            |g| match g.prefix.trim_start_matches('/').split('/').next() {
                Some(first) if !first.is_empty() && !first.starts_with([':', '*']) => {
                    format!("/{first}")
                }
                _ => "/".to_owned(),
            },
        )
        .collect();
    if paths.is_empty() || paths.contains("/") {
        BTreeSet::from(["/".to_owned()])
    } else {
        paths
    }
}

/// The designed path prefix without trailing slashes; none when it is empty or `/`.
fn path_prefix(design: &Design) -> Option<&str> {
    let ingress = design.cluster.ingress.as_ref()?;
    let prefix = ingress.path_prefix.trim().trim_end_matches('/');
    (!prefix.is_empty()).then_some(prefix)
}

/// Undoes [`regex_escape`]: the path prefix a regex path was written from.
pub fn regex_unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    out
}

/// The prefix as a regular expression matching itself literally.
fn regex_escape(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let escape = r"\.+*?()[]{}|^$".contains(c);
            escape.then_some('\\').into_iter().chain([c])
        })
        .collect()
}

/// The paths with their `pathType`.
fn paths(design: &Design) -> Vec<(String, &'static str)> {
    match path_prefix(design) {
        Some(prefix) => vec![(
            format!("{}{PREFIX_REGEX_TAIL}", regex_escape(prefix)),
            "ImplementationSpecific",
        )],
        None => group_paths(design)
            .into_iter()
            .map(|path| (path, "Prefix"))
            .collect(),
    }
}

/// The design's annotations, then the two the regex path needs. `use-regex` always
/// wins, since without it the regex path matches nothing; a `rewrite-target` the user
/// set is kept (they may publish under another path), and the request simulator shows
/// what it does — the article's `/$1`, for one, sends every request to `/` or `//`.
fn annotations(design: &Design, extra: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let mut annotations = extra.clone();
    if path_prefix(design).is_some() {
        annotations.insert(USE_REGEX.into(), "true".into());
        annotations
            .entry(REWRITE_TARGET.into())
            .or_insert_with(|| PREFIX_REWRITE.into());
    }
    annotations
}

fn non_empty(text: &str) -> Option<String> {
    (!text.trim().is_empty()).then(|| text.trim().to_owned())
}

/// The Ingress, or none when the design has no `cluster.ingress`.
pub fn ingress(design: &Design) -> Option<Ingress> {
    let settings = design.cluster.ingress.as_ref()?;
    let host = non_empty(&settings.host);
    let backend = IngressBackend {
        service: Some(IngressServiceBackend {
            name: names::of(design).app.to_owned(),
            port: Some(ServiceBackendPort {
                number: Some(i32::from(design.cluster.service_port)),
                ..Default::default()
            }),
        }),
        ..Default::default()
    };
    let paths = paths(design)
        .into_iter()
        .map(|(path, path_type)| HTTPIngressPath {
            path: Some(path),
            path_type: path_type.into(),
            backend: backend.clone(),
        })
        .collect();
    let tls = non_empty(&settings.tls_secret).map(|secret_name| {
        vec![IngressTLS {
            hosts: host.clone().map(|h| vec![h]),
            secret_name: Some(secret_name),
        }]
    });
    let annotations = annotations(design, &settings.annotations);
    Some(Ingress {
        metadata: ObjectMeta {
            annotations: (!annotations.is_empty()).then_some(annotations),
            ..metadata(design, names::of(design).app)
        },
        spec: Some(IngressSpec {
            ingress_class_name: non_empty(&settings.class_name),
            rules: Some(vec![IngressRule {
                host,
                http: Some(HTTPIngressRuleValue { paths }),
            }]),
            tls,
            ..Default::default()
        }),
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Method, Route, RouteGroup};

    fn with_groups(prefixes: &[&str]) -> Design {
        Design {
            groups: prefixes
                .iter()
                .map(|prefix| RouteGroup {
                    prefix: (*prefix).into(),
                    routes: vec![Route::new(Method::Get, "/x")],
                    ..Default::default()
                })
                .collect(),
            ..Design::default()
        }
    }

    #[test]
    fn group_paths_are_first_segments_unless_something_needs_the_root() {
        let paths = |prefixes: &[&str]| -> Vec<String> {
            group_paths(&with_groups(prefixes)).into_iter().collect()
        };
        assert_eq!(
            paths(&["/api/v1", "/api/v2", "/admin/"]),
            ["/admin", "/api"]
        );
        assert_eq!(paths(&["/api/v1", ""]), ["/"]);
        assert_eq!(paths(&["/api", "/:tenant/items"]), ["/"]);
        assert_eq!(paths(&[]), ["/"]);
    }

    #[test]
    fn groups_without_routes_get_no_path() {
        let mut design = with_groups(&["/api", "/admin"]);
        design.groups[1].routes.clear();
        assert_eq!(
            group_paths(&design).into_iter().collect::<Vec<_>>(),
            ["/api"]
        );
    }

    #[test]
    fn the_prefix_regex_matches_the_prefix_literally() {
        assert_eq!(regex_escape("/service-a"), "/service-a");
        assert_eq!(regex_escape("/v1.0(x)"), r"/v1\.0\(x\)");
    }
}
