//! `routers/router.go`: `Setup` builds the engine with the global middleware in the
//! designed order, serves metrics, then registers every group with its own
//! middleware and its routes.

use std::fmt::Write;

use super::format::Imports;
use super::plan::{HandlerKind, Plan};
use super::quote::go_string;
use crate::model::{join_path, Method, Middleware};

/// One route `Setup` registers, as Gin sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registration {
    pub method: Method,
    /// The full path Gin registers (the group's prefix joined with the route's path).
    pub full_path: String,
    pub origin: Origin,
}

/// Why `Setup` registers a route.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The designed route `groups[group].routes[route]`.
    Route { group: usize, route: usize },
    /// The endpoint a metrics middleware serves, at design field `field`
    /// (`middleware[2].path`).
    Metrics { field: String },
    /// The `OPTIONS` route that lets CORS preflights reach a group's own CORS
    /// middleware, at the path of the designed route `groups[group].routes[route]`.
    Preflight { group: usize, route: usize },
}

/// Each metrics middleware's path field and its path, global chain first.
fn metrics_fields(design: &crate::model::Design) -> Vec<(String, &str)> {
    let chains = std::iter::once(("middleware".to_owned(), &design.middleware)).chain(
        design
            .groups
            .iter()
            .enumerate()
            .map(|(g, group)| (format!("groups[{g}].middleware"), &group.middleware)),
    );
    let mut found = Vec::new();
    for (scope, chain) in chains {
        for (i, m) in chain.iter().enumerate() {
            if let Middleware::Metrics { path } = m {
                found.push((format!("{scope}[{i}].path"), path.trim()));
            }
        }
    }
    found
}

/// Every route [`router_go`]'s `Setup` registers, in its order: the metrics
/// endpoints on the engine, then each group's routes followed by its preflights.
/// Gin panics at start-up on the first of them its router refuses, so this is
/// what the start-up checks register.
pub fn registrations(plan: &Plan) -> Vec<Registration> {
    let design = plan.design;
    let mut all = Vec::with_capacity(plan.routes.len() + plan.metrics_paths.len());
    let declared = metrics_fields(design);
    for path in &plan.metrics_paths {
        // A metrics middleware without a path serves the default one.
        let field = declared
            .iter()
            .find(|(_, p)| p == path)
            .or_else(|| declared.iter().find(|(_, p)| p.is_empty()))
            .map_or_else(|| "middleware".to_owned(), |(field, _)| field.clone());
        all.push(Registration {
            method: Method::Get,
            full_path: join_path("", path),
            origin: Origin::Metrics { field },
        });
    }
    for group in &plan.groups {
        let g = design
            .groups
            .iter()
            .position(|d| std::ptr::eq(d, group.group))
            .unwrap_or_default();
        // The plan holds every route of a group, in the group's order.
        for (route, &index) in group.routes.iter().enumerate() {
            let planned = &plan.routes[index];
            all.push(Registration {
                method: planned.route.method,
                full_path: planned.full_path.clone(),
                origin: Origin::Route { group: g, route },
            });
        }
        for path in &group.preflight_paths {
            let route = group
                .group
                .routes
                .iter()
                .position(|r| r.path == *path)
                .unwrap_or_default();
            all.push(Registration {
                method: Method::Options,
                full_path: join_path(&group.group.prefix, path),
                origin: Origin::Preflight { group: g, route },
            });
        }
    }
    all
}

/// The registrations of a design without metrics or CORS middleware, whose `Setup`
/// registers exactly the designed routes in design order; `None` for any other.
/// The editor checks start-up conflicts on every keystroke, and planning (naming
/// every handler) costs more than the check itself on a design of a few hundred
/// routes, so the common case goes without it.
pub fn designed_only(design: &crate::model::Design) -> Option<Vec<Registration>> {
    let extra = design
        .all_middleware()
        .any(|m| matches!(m, Middleware::Metrics { .. } | Middleware::Cors { .. }));
    if extra {
        return None;
    }
    Some(
        design
            .groups
            .iter()
            .enumerate()
            .flat_map(|(g, group)| {
                group
                    .routes
                    .iter()
                    .enumerate()
                    .map(move |(r, route)| Registration {
                        method: route.method,
                        full_path: join_path(&group.prefix, &route.path),
                        origin: Origin::Route { group: g, route: r },
                    })
            })
            .collect(),
    )
}

pub fn router_go(plan: &Plan) -> String {
    let mut imports = Imports::default();
    imports
        .external("github.com/gin-gonic/gin")
        .local(&plan.module, "config");
    if !plan.routes.is_empty() {
        imports.local(&plan.module, "controllers");
    }
    // Only what Setup really calls may be imported: Go rejects unused imports, and a
    // group without routes is not registered at all.
    let emitted: Vec<&Middleware> = plan
        .design
        .middleware
        .iter()
        .chain(plan.groups.iter().flat_map(|g| g.group.middleware.iter()))
        .collect();
    let metrics = !plan.metrics_paths.is_empty()
        || emitted
            .iter()
            .any(|m| matches!(m, Middleware::Metrics { .. }));
    let mut needs_middleware_package = metrics || plan.uses_preflight();
    for m in &emitted {
        match m {
            Middleware::Gzip { .. } => {
                imports.external("github.com/gin-contrib/gzip");
            }
            Middleware::Timeout { .. } => {
                imports.std("time");
                needs_middleware_package = true;
            }
            Middleware::Logger | Middleware::Recovery => {}
            _ => needs_middleware_package = true,
        }
    }
    if needs_middleware_package {
        imports.local(&plan.module, "middleware");
    }

    let mut body = String::new();
    if metrics {
        body.push_str("\tmetrics := middleware.NewMetrics()\n");
    }
    let nested = plan.design.middleware.len() > 1;
    let global: Vec<String> = plan
        .design
        .middleware
        .iter()
        .map(|m| plan.middleware_call(m, nested))
        .collect();
    match global.as_slice() {
        [] => {}
        [one] => {
            let _ = writeln!(body, "\tr.Use({one})");
        }
        many => {
            body.push_str("\tr.Use(\n");
            for call in many {
                let _ = writeln!(body, "\t\t{call},");
            }
            body.push_str("\t)\n");
        }
    }
    for path in &plan.metrics_paths {
        let _ = writeln!(body, "\tr.GET({}, metrics.Serve)", go_string(path));
    }

    for group in &plan.groups {
        body.push('\n');
        let registrar = match &group.var {
            None => "r".to_owned(),
            Some(var) => {
                let mut args = vec![go_string(&group.group.prefix)];
                args.extend(
                    group
                        .group
                        .middleware
                        .iter()
                        .map(|m| plan.middleware_call(m, true)),
                );
                let _ = writeln!(body, "\t{var} := r.Group({})", args.join(", "));
                var.clone()
            }
        };
        // A group variable gets the braces Gin's documentation shows; routes on the
        // engine stay at the function's level.
        let indent = if group.var.is_some() {
            body.push_str("\t{\n");
            "\t\t"
        } else {
            "\t"
        };
        for &index in &group.routes {
            let route = &plan.routes[index];
            let handler = match route.kind {
                HandlerKind::Readyz { database: true } => {
                    format!("controllers.{}(cfg.DB)", route.handler)
                }
                _ => format!("controllers.{}", route.handler),
            };
            let _ = writeln!(
                body,
                "{indent}{registrar}.{}({}, {handler})",
                route.route.method.as_str(),
                go_string(&route.route.path)
            );
        }
        if !group.preflight_paths.is_empty() {
            let _ = writeln!(
                body,
                "{indent}// Preflights match no route otherwise, and the engine's 404 chain lacks this\n{indent}// group's CORS middleware."
            );
            for path in &group.preflight_paths {
                let _ = writeln!(
                    body,
                    "{indent}{registrar}.OPTIONS({}, middleware.Preflight)",
                    go_string(path)
                );
            }
        }
        if group.var.is_some() {
            body.push_str("\t}\n");
        }
    }

    format!(
        "// Package routers maps the designed routes to their handlers.\npackage routers\n\n{imports}\
// trustedProxies are the networks whose X-Forwarded-For header ClientIP believes:\n\
// the private ranges an ingress controller and the cluster's pods use. Trusting every\n\
// address would let any client pick the IP the rate limiter and the logs see.\n\
var trustedProxies = []string{{\"10.0.0.0/8\", \"172.16.0.0/12\", \"192.168.0.0/16\", \"127.0.0.0/8\", \"fc00::/7\", \"::1/128\"}}\n\n\
// Setup builds the engine: the global middleware in the designed order, then every\n\
// route group with its own middleware and routes.\n\
func Setup(cfg *config.Config) *gin.Engine {{\n\
\tr := gin.New()\n\
\tif err := r.SetTrustedProxies(trustedProxies); err != nil {{\n\
\t\tpanic(err)\n\
\t}}\n\
{body}\treturn r\n}}\n",
        imports = imports.render()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Design, Route, RouteGroup};
    use crate::presets::PRESETS;

    /// The `METHOD path` of every registration call in `router.go`, in order, the
    /// path as the call spells it (relative to its group).
    fn calls(router_go: &str) -> Vec<(String, String)> {
        router_go
            .lines()
            .filter_map(|line| {
                let (_, call) = line.trim().split_once('.')?;
                let (method, rest) = call.split_once("(\"")?;
                let method = Method::parse(method).filter(|m| m.as_str() == method)?;
                let (path, _) = rest.split_once('"')?;
                Some((method.as_str().to_owned(), path.to_owned()))
            })
            .collect()
    }

    fn designs() -> Vec<Design> {
        let mut designs: Vec<Design> = PRESETS.iter().map(|p| p.design().unwrap()).collect();
        let mut cors_groups = Design::default();
        let cors = Middleware::catalog()
            .into_iter()
            .find(|m| matches!(m, Middleware::Cors { .. }))
            .unwrap();
        cors_groups.groups.push(RouteGroup {
            prefix: "/v2/".into(),
            middleware: vec![cors],
            routes: vec![
                Route::new(Method::Get, ""),
                Route::new(Method::Post, "/items/:id"),
                Route::new(Method::Get, "/items/:id"),
            ],
        });
        cors_groups.middleware.push(Middleware::Metrics {
            path: "/internal/metrics".into(),
        });
        designs.push(cors_groups);
        designs.push(Design::default());
        designs
    }

    #[test]
    fn registrations_are_the_calls_setup_makes_in_its_order() {
        let mut extras = 0;
        for design in designs() {
            let plan = Plan::new(&design);
            let registered = registrations(&plan);
            let made = calls(&router_go(&plan));
            assert_eq!(registered.len(), made.len(), "{made:?}");
            for (r, (method, path)) in registered.iter().zip(&made) {
                assert_eq!(r.method.as_str(), method);
                let prefix = match r.origin {
                    Origin::Route { group, .. } | Origin::Preflight { group, .. } => {
                        design.groups[group].prefix.as_str()
                    }
                    Origin::Metrics { .. } => "",
                };
                assert_eq!(r.full_path, join_path(prefix, path), "{r:?}");
                if let Origin::Route { group, route } = r.origin {
                    assert_eq!(design.groups[group].routes[route].path, *path);
                }
            }
            extras += registered
                .iter()
                .filter(|r| !matches!(r.origin, Origin::Route { .. }))
                .count();
        }
        assert!(extras >= 3, "metrics and preflights are among the cases");
    }

    #[test]
    fn without_metrics_or_cors_the_designed_routes_are_all_there_is() {
        for mut design in designs() {
            let plain =
                |m: &Middleware| !matches!(m, Middleware::Metrics { .. } | Middleware::Cors { .. });
            design.middleware.retain(plain);
            for group in &mut design.groups {
                group.middleware.retain(plain);
            }
            assert_eq!(
                designed_only(&design),
                Some(registrations(&Plan::new(&design)))
            );
        }
        assert_eq!(
            designed_only(
                &designs()
                    .pop()
                    .map(|mut d| {
                        d.middleware.push(Middleware::Metrics {
                            path: "/metrics".into(),
                        });
                        d
                    })
                    .unwrap()
            ),
            None
        );
    }

    #[test]
    fn a_metrics_endpoint_names_the_middleware_that_serves_it() {
        let mut design = Design::default();
        design.groups[1].middleware.push(Middleware::Metrics {
            path: "/stats".into(),
        });
        let registered = registrations(&Plan::new(&design));
        assert_eq!(
            registered[0],
            Registration {
                method: Method::Get,
                full_path: "/stats".into(),
                origin: Origin::Metrics {
                    field: "groups[1].middleware[0].path".into()
                },
            }
        );
    }
}
