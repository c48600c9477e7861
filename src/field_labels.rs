//! Labels a user recognises for design field paths: `cluster.ingress.host` is
//! "Cluster › Routing › Ingress › Host", `groups[1].routes[0].path` is
//! "Routes › /api/v1 › GET /users/:id › Path".
//!
//! A label is the page's own breadcrumb to the field: the form's heading, the
//! fieldset's legend, then the control's label, spelled as `src/ui/` spells them.
//! List items are named by what the design holds there (a group by its prefix, a
//! route by method and path, a variable by its name, a middleware by its kind), so
//! [`label`] reads the design the path points into.
//!
//! Promises: every path a design's JSON form has, leaf or object, gets a label
//! built from these tables (tested by walking a design with everything enabled);
//! a path that is not a design field still gets a readable label, never the raw
//! path with its brackets.

use crate::model::{join_path, Design, Middleware};

/// The breadcrumb separator.
const SEP: &str = " › ";

/// Fields without list indexes, by design-file path: the page's breadcrumb.
const FIELDS: &[(&str, &str)] = &[
    ("version", "Design file version"),
    ("service", "Service"),
    ("service.name", "Service › Go service › Service name"),
    ("service.module", "Service › Go service › Module path"),
    ("service.goVersion", "Service › Go service › Go version"),
    ("service.port", "Service › Go service › Listen port"),
    ("service.ginMode", "Service › Go service › Gin mode"),
    (
        "service.trustedProxies",
        "Service › Abuse limits › Trusted proxies",
    ),
    (
        "service.maxBodyBytes",
        "Service › Abuse limits › Body limit (bytes)",
    ),
    (
        "service.readTimeoutSeconds",
        "Service › Abuse limits › Read timeout (s)",
    ),
    (
        "service.writeTimeoutSeconds",
        "Service › Abuse limits › Write timeout (s)",
    ),
    (
        "service.idleTimeoutSeconds",
        "Service › Abuse limits › Idle timeout (s)",
    ),
    (
        "service.metricsPort",
        "Service › Abuse limits › Metrics port",
    ),
    ("middleware", "Middleware › Global chain"),
    ("groups", "Routes"),
    ("config", "Configuration"),
    ("config.vars", "Configuration › Environment variables"),
    ("database", "Configuration › Database"),
    ("database.driver", "Configuration › Database › Driver"),
    ("database.urlEnv", "Configuration › Database › URL variable"),
    (
        "database.maxOpenConns",
        "Configuration › Database › Max open connections",
    ),
    (
        "database.maxIdleConns",
        "Configuration › Database › Max idle connections",
    ),
    (
        "database.connMaxLifetimeSeconds",
        "Configuration › Database › Connection lifetime (seconds)",
    ),
    (
        "database.pingOnConnect",
        "Configuration › Database › Ping on connect",
    ),
    ("container", "Container"),
    (
        "container.builderImage",
        "Container › Image build › Builder image",
    ),
    (
        "container.runtime",
        "Container › Image build › Runtime base",
    ),
    (
        "container.runtimeDigest",
        "Container › Image build › Runtime digest",
    ),
    ("container.userId", "Container › Image build › User id"),
    (
        "container.ldflags",
        "Container › Image build › Extra -ldflags",
    ),
    ("cluster", "Cluster"),
    ("cluster.namespace", "Cluster › Workload › Namespace"),
    ("cluster.replicas", "Cluster › Workload › Replicas"),
    (
        "cluster.kubernetesVersion",
        "Cluster › Workload › Kubernetes version",
    ),
    ("cluster.resources", "Cluster › Resources per pod"),
    (
        "cluster.resources.cpuRequest",
        "Cluster › Resources per pod › CPU request",
    ),
    (
        "cluster.resources.cpuLimit",
        "Cluster › Resources per pod › CPU limit",
    ),
    (
        "cluster.resources.memoryRequest",
        "Cluster › Resources per pod › Memory request",
    ),
    (
        "cluster.resources.memoryLimit",
        "Cluster › Resources per pod › Memory limit",
    ),
    ("cluster.probes", "Cluster › Probes"),
    ("cluster.probes.startup", "Cluster › Probes › Startup probe"),
    (
        "cluster.probes.periodSeconds",
        "Cluster › Probes › Period (seconds)",
    ),
    (
        "cluster.probes.timeoutSeconds",
        "Cluster › Probes › Timeout (seconds)",
    ),
    (
        "cluster.probes.failureThreshold",
        "Cluster › Probes › Failure threshold",
    ),
    ("cluster.maxSurge", "Cluster › Rollout › Max surge"),
    (
        "cluster.maxUnavailable",
        "Cluster › Rollout › Max unavailable",
    ),
    ("cluster.serviceType", "Cluster › Service › Service type"),
    ("cluster.servicePort", "Cluster › Service › Service port"),
    ("cluster.nodePort", "Cluster › Service › Node port"),
    ("cluster.ingress", "Cluster › Routing › Ingress"),
    (
        "cluster.ingress.className",
        "Cluster › Routing › Ingress › Ingress class",
    ),
    ("cluster.ingress.host", "Cluster › Routing › Ingress › Host"),
    (
        "cluster.ingress.tlsSecret",
        "Cluster › Routing › Ingress › TLS secret",
    ),
    (
        "cluster.ingress.pathPrefix",
        "Cluster › Routing › Ingress › Path prefix",
    ),
    (
        "cluster.ingress.annotations",
        "Cluster › Routing › Ingress › Annotations",
    ),
    (
        "cluster.ingress.controllerNamespace",
        "Cluster › Routing › Ingress › Controller namespace",
    ),
    ("cluster.gateway", "Cluster › Routing › Gateway API"),
    (
        "cluster.gateway.mode",
        "Cluster › Routing › Gateway API › Gateway",
    ),
    (
        "cluster.gateway.gatewayName",
        "Cluster › Routing › Gateway API › Gateway name",
    ),
    (
        "cluster.gateway.gatewayNamespace",
        "Cluster › Routing › Gateway API › Gateway namespace",
    ),
    (
        "cluster.gateway.sectionName",
        "Cluster › Routing › Gateway API › Listener",
    ),
    (
        "cluster.gateway.className",
        "Cluster › Routing › Gateway API › GatewayClass",
    ),
    (
        "cluster.gateway.hostnames",
        "Cluster › Routing › Gateway API › Hostnames",
    ),
    (
        "cluster.gateway.tlsSecret",
        "Cluster › Routing › Gateway API › TLS secret",
    ),
    (
        "cluster.gateway.pathPrefix",
        "Cluster › Routing › Gateway API › Path prefix",
    ),
    (
        "cluster.gateway.requestTimeout",
        "Cluster › Routing › Gateway API › Request timeout",
    ),
    (
        "cluster.gateway.controllerNamespace",
        "Cluster › Routing › Gateway API › Proxy namespace",
    ),
    (
        "cluster.autoscaling",
        "Cluster › Scaling and disruptions › Autoscale on CPU",
    ),
    (
        "cluster.autoscaling.minReplicas",
        "Cluster › Scaling and disruptions › Min replicas",
    ),
    (
        "cluster.autoscaling.maxReplicas",
        "Cluster › Scaling and disruptions › Max replicas",
    ),
    (
        "cluster.autoscaling.cpuUtilization",
        "Cluster › Scaling and disruptions › Target CPU (%)",
    ),
    (
        "cluster.minAvailable",
        "Cluster › Scaling and disruptions › Min available",
    ),
    (
        "cluster.networkPolicy",
        "Cluster › Policies › NetworkPolicy",
    ),
    (
        "cluster.monitoringNamespace",
        "Cluster › Policies › Monitoring namespace",
    ),
    (
        "cluster.spreadAcrossNodes",
        "Cluster › Policies › Spread across nodes",
    ),
    ("delivery", "Delivery"),
    ("delivery.ci", "Delivery › Pipeline and image › CI pipeline"),
    ("delivery.image", "Delivery › Pipeline and image › Image"),
    ("project", "Deploy-only"),
    ("project.mainPackage", "Deploy-only › Main package"),
];

/// A route's fields, as the route form labels them.
const ROUTE_FIELDS: &[(&str, &str)] = &[
    ("method", "Method"),
    ("path", "Path"),
    ("handler", "Handler"),
    ("summary", "Summary"),
    ("status", "Status"),
];

/// A config variable's fields, as the variable list labels them.
const VAR_FIELDS: &[(&str, &str)] = &[("name", "Name"), ("value", "Value"), ("secret", "Secret")];

/// Middleware settings, as the settings panel labels them (a JWT's header is its
/// "Token header", see [`setting_label`]).
const MIDDLEWARE_SETTINGS: &[(&str, &str)] = &[
    ("header", "Header"),
    ("allowOrigins", "Allowed origins"),
    ("allowMethods", "Allowed methods"),
    ("allowHeaders", "Allowed headers"),
    ("allowCredentials", "Allow credentials"),
    ("maxAgeSeconds", "Max age (seconds)"),
    ("secretEnv", "Signing key variable"),
    ("requestsPerSecond", "Requests per second"),
    ("burst", "Burst"),
    ("millis", "Timeout (ms)"),
    ("level", "Compression level"),
    ("path", "Metrics path"),
    ("name", "Go function name"),
];

/// The label of design field `path` in `design`.
pub fn label(design: &Design, path: &str) -> String {
    known(design, path).unwrap_or_else(|| fallback(path))
}

/// One step of a field path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part<'p> {
    Key(&'p str),
    Index(usize),
}

/// The steps of `groups[1].routes[0].path`; an Ingress annotation's key (which has
/// dots of its own) is one step. None when the path is not of that form.
fn parts(path: &str) -> Option<Vec<Part<'_>>> {
    let mut parts = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('[') {
            let (digits, tail) = after.split_once(']')?;
            parts.push(Part::Index(digits.parse().ok()?));
            rest = tail.strip_prefix('.').unwrap_or(tail);
            continue;
        }
        if parts.last() == Some(&Part::Key("annotations")) {
            parts.push(Part::Key(rest));
            break;
        }
        let end = rest.find(['.', '[']).unwrap_or(rest.len());
        parts.push(Part::Key(&rest[..end]));
        rest = &rest[end..];
        rest = rest.strip_prefix('.').unwrap_or(rest);
    }
    Some(parts)
}

fn table(table: &[(&str, &'static str)], key: &str) -> Option<&'static str> {
    table
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, label)| *label)
}

fn known(design: &Design, path: &str) -> Option<String> {
    if let Some(label) = table(FIELDS, path) {
        return Some(label.to_owned());
    }
    use Part::{Index, Key};
    match parts(path)?.as_slice() {
        [Key("cluster"), Key("ingress"), Key("annotations"), Key(key)] => Some(format!(
            "{}{SEP}Annotation {key}",
            table(FIELDS, "cluster.ingress")?
        )),
        [Key("cluster"), Key("gateway"), Key("hostnames"), Index(i)] => Some(format!(
            "{}{SEP}Hostname {}",
            table(FIELDS, "cluster.gateway.hostnames")?,
            i + 1
        )),
        [Key("service"), Key("trustedProxies"), Index(i)] => Some(format!(
            "{}{SEP}Proxy {}",
            table(FIELDS, "service.trustedProxies")?,
            i + 1
        )),
        [Key("groups"), Index(g), rest @ ..] => group(design, *g, rest),
        [Key("middleware"), Index(i), rest @ ..] => {
            middleware(&design.middleware, "Global chain", *i, rest)
        }
        [Key("config"), Key("vars"), Index(i), rest @ ..] => {
            let var = match design.config.vars.get(*i) {
                Some(var) if !var.name.trim().is_empty() => var.name.trim().to_owned(),
                _ => format!("Variable {}", i + 1),
            };
            let base = format!("{}{SEP}{var}", table(FIELDS, "config.vars")?);
            match rest {
                [] => Some(base),
                [Key(field)] => Some(format!("{base}{SEP}{}", table(VAR_FIELDS, field)?)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// `Routes › /api/v1 …` for the parts of route group `g`.
fn group(design: &Design, g: usize, rest: &[Part]) -> Option<String> {
    use Part::{Index, Key};
    let group = design.groups.get(g);
    let name = match group.map(|group| group.prefix.as_str()) {
        Some("") => "Top level".to_owned(),
        Some(prefix) => prefix.to_owned(),
        None => format!("Group {}", g + 1),
    };
    let base = format!("Routes{SEP}{name}");
    match rest {
        [] => Some(base),
        [Key("prefix")] => Some(format!("{base}{SEP}Prefix")),
        [Key("routes")] => Some(format!("{base}{SEP}Routes")),
        [Key("routes"), Index(r), fields @ ..] => {
            let route = match group.and_then(|group| Some((group, group.routes.get(*r)?))) {
                // Below a prefix an empty path is the prefix itself: name it in full.
                Some((group, route)) if route.path.is_empty() => {
                    format!("{} {}", route.method.as_str(), join_path(&group.prefix, ""))
                }
                Some((_, route)) => format!("{} {}", route.method.as_str(), route.path),
                None => format!("Route {}", r + 1),
            };
            let base = format!("{base}{SEP}{route}");
            match fields {
                [] => Some(base),
                [Key(field)] => Some(format!("{base}{SEP}{}", table(ROUTE_FIELDS, field)?)),
                _ => None,
            }
        }
        [Key("middleware"), more @ ..] => {
            let chain = group.map_or(&[][..], |group| group.middleware.as_slice());
            // The middleware form names a group's chain by its prefix, `/` at the top.
            let title = match group.map(|group| group.prefix.as_str()) {
                Some("") => "Group /".to_owned(),
                Some(prefix) => format!("Group {prefix}"),
                None => format!("Group {}", g + 1),
            };
            match more {
                [] => Some(format!("Middleware{SEP}{title}")),
                [Index(i), rest @ ..] => middleware(chain, &title, *i, rest),
                _ => None,
            }
        }
        _ => None,
    }
}

/// `Middleware › Global chain › CORS …` for the parts of item `i` of a chain.
fn middleware(chain: &[Middleware], title: &str, i: usize, rest: &[Part]) -> Option<String> {
    use Part::{Index, Key};
    let item = chain.get(i);
    let name = item.map_or_else(|| format!("Middleware {}", i + 1), Middleware::label);
    let base = format!("Middleware{SEP}{title}{SEP}{name}");
    match rest {
        // The kind is what the item is: its name says it.
        [] | [Key("kind")] => Some(base),
        [Key(setting)] => Some(format!("{base}{SEP}{}", setting_label(item, setting)?)),
        [Key(setting), Index(n)] => Some(format!(
            "{base}{SEP}{}{SEP}{}",
            setting_label(item, setting)?,
            n + 1
        )),
        _ => None,
    }
}

fn setting_label(item: Option<&Middleware>, setting: &str) -> Option<&'static str> {
    match (item, setting) {
        (Some(Middleware::JwtAuth { .. }), "header") => Some("Token header"),
        _ => table(MIDDLEWARE_SETTINGS, setting),
    }
}

/// A readable label for a path no table knows: its keys as words, list indexes
/// counted from 1.
fn fallback(path: &str) -> String {
    let words: Vec<String> = match parts(path) {
        Some(parts) => parts
            .iter()
            .map(|part| match part {
                Part::Key(key) => words(key),
                Part::Index(i) => (i + 1).to_string(),
            })
            .collect(),
        None => vec![words(path)],
    };
    words.join(SEP)
}

/// `maxAgeSeconds` as "Max age seconds".
fn words(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for (i, c) in key.chars().enumerate() {
        if i == 0 {
            out.push(c.to_ascii_uppercase());
        } else if c.is_ascii_uppercase() {
            out.push(' ');
            out.push(c.to_ascii_lowercase());
        } else if matches!(c, '[' | ']') {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Autoscaling, ConfigVar, Database, Ingress, Method, Route, RouteGroup};
    use serde_json::Value;

    /// A design with every optional part on, every list non-empty and every
    /// middleware kind in a chain.
    fn everything() -> Design {
        let mut design = Design {
            middleware: Middleware::catalog(),
            ..Design::default()
        };
        design.middleware.push(Middleware::Custom {
            name: "audit".into(),
        });
        design.groups.push(RouteGroup {
            prefix: "/v2/".into(),
            middleware: Middleware::catalog(),
            routes: vec![
                Route::new(Method::Get, ""),
                Route::new(Method::Post, "/items"),
            ],
        });
        design.config.vars.push(ConfigVar {
            name: "LOG_LEVEL".into(),
            value: "info".into(),
            secret: false,
        });
        design.database = Some(Database::default());
        design.cluster.node_port = Some(30_080);
        design.cluster.gateway = None;
        design.cluster.ingress = Some(Ingress {
            annotations: [(
                "nginx.ingress.kubernetes.io/proxy-body-size".to_owned(),
                "8m".to_owned(),
            )]
            .into(),
            ..Ingress::default()
        });
        design.cluster.autoscaling = Some(Autoscaling::default());
        design.cluster.min_available = Some(1);
        design.service.trusted_proxies = vec!["10.0.0.0/8".into()];
        design.project = Some(crate::model::Project::default());
        design
    }

    /// Every path of a JSON value, objects and lists included, as `changes` writes
    /// them.
    fn paths(path: String, value: &Value, out: &mut Vec<(String, bool)>) {
        let join = |key: &str| {
            if path.is_empty() {
                key.to_owned()
            } else {
                format!("{path}.{key}")
            }
        };
        match value {
            Value::Object(map) => {
                for (key, value) in map {
                    paths(join(key), value, out);
                }
            }
            Value::Array(items) => {
                for (i, value) in items.iter().enumerate() {
                    paths(format!("{path}[{i}]"), value, out);
                }
            }
            _ => {}
        }
        if !path.is_empty() {
            out.push((path, !matches!(value, Value::Object(_) | Value::Array(_))));
        }
    }

    #[test]
    fn every_path_of_a_design_has_a_label_from_the_tables() {
        let design = everything();
        let mut all = Vec::new();
        paths(
            String::new(),
            &serde_json::to_value(&design).unwrap(),
            &mut all,
        );
        let leaves = all.iter().filter(|(_, leaf)| *leaf).count();
        assert!(leaves > 120, "only {leaves} leaves");
        for (path, _) in &all {
            let label = known(&design, path);
            let Some(label) = label else {
                panic!("no label for {path}");
            };
            assert_ne!(label, *path);
            assert!(!label.contains(['[', ']']), "{path}: {label}");
            assert!(
                label.chars().next().is_some_and(|c| c.is_uppercase()),
                "{path}: {label}"
            );
        }
    }

    #[test]
    fn labels_follow_the_page() {
        let design = everything();
        let groups = design.groups.len();
        let v2 = groups - 1;
        for (path, expected) in [
            ("cluster.replicas", "Cluster › Workload › Replicas"),
            ("service.port", "Service › Go service › Listen port"),
            ("delivery.image", "Delivery › Pipeline and image › Image"),
            ("cluster.ingress.host", "Cluster › Routing › Ingress › Host"),
            (
                "cluster.ingress.annotations.nginx.ingress.kubernetes.io/proxy-body-size",
                "Cluster › Routing › Ingress › Annotation nginx.ingress.kubernetes.io/proxy-body-size",
            ),
            (
                "groups[1].routes[0].path",
                "Routes › /api/v1 › GET /users/:id › Path",
            ),
            (
                "groups[0].routes[1].status",
                "Routes › Top level › GET /healthz › Status",
            ),
            (
                &format!("groups[{v2}].routes[0].handler"),
                "Routes › /v2/ › GET /v2/ › Handler",
            ),
            (
                "config.vars[0].name",
                "Configuration › Environment variables › LOG_LEVEL › Name",
            ),
            ("middleware[0]", "Middleware › Global chain › Recovery"),
            ("middleware[0].kind", "Middleware › Global chain › Recovery"),
            (
                "middleware[3].allowOrigins[0]",
                "Middleware › Global chain › CORS › Allowed origins › 1",
            ),
            (
                &format!("groups[{v2}].middleware[4].header"),
                "Middleware › Group /v2/ › JWT auth › Token header",
            ),
            ("database.urlEnv", "Configuration › Database › URL variable"),
        ] {
            assert_eq!(label(&design, path), expected, "{path}");
        }
        assert_eq!(design.middleware[3].label(), "CORS");
        assert_eq!(design.groups[v2].middleware[4].label(), "JWT auth");
    }

    #[test]
    fn items_the_design_no_longer_has_are_counted_from_one() {
        let design = Design::default();
        assert_eq!(
            label(&design, "config.vars[4].value"),
            "Configuration › Environment variables › Variable 5 › Value"
        );
        assert_eq!(
            label(&design, "groups[7].routes[2].path"),
            "Routes › Group 8 › Route 3 › Path"
        );
    }

    #[test]
    fn unknown_paths_still_read_as_words() {
        let design = Design::default();
        assert_eq!(
            label(&design, "cluster.newThing[2].maxAge"),
            "Cluster › New thing › 3 › Max age"
        );
        assert_eq!(label(&design, "a[b"), "A b");
    }
}
