//! `routers/router.go`: `Setup` builds the engine: the client IP from the designed
//! trusted proxies only, the body limit, the global middleware in the designed order,
//! then every group with its own middleware and its routes. `Metrics` serves the
//! metrics middleware's series on an engine of its own, for the metrics port.

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
    /// The `OPTIONS` route that lets CORS preflights reach a group's own CORS
    /// middleware, at the path of the designed route `groups[group].routes[route]`.
    Preflight { group: usize, route: usize },
}

/// Every route [`router_go`]'s `Setup` registers, in its order: each group's routes
/// followed by its preflights. Gin panics at start-up on the first of them its
/// router refuses, so this is what the start-up checks register. Metrics are served
/// by another engine on their own port, so they take no part.
pub fn registrations(plan: &Plan) -> Vec<Registration> {
    let design = plan.design;
    let mut all = Vec::with_capacity(plan.routes.len());
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

/// The registrations of a design without CORS middleware, whose `Setup` registers
/// exactly the designed routes in design order; `None` for any other. The editor
/// checks start-up conflicts on every keystroke, and planning (naming every
/// handler) costs more than the check itself on a design of a few hundred routes,
/// so the common case goes without it.
pub fn designed_only(design: &crate::model::Design) -> Option<Vec<Registration>> {
    let extra = design
        .all_middleware()
        .any(|m| matches!(m, Middleware::Cors { .. }));
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
        .local(&plan.module, "config")
        .local(&plan.module, "middleware");
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
    for m in &emitted {
        match m {
            Middleware::Gzip { .. } => {
                imports.external("github.com/gin-contrib/gzip");
            }
            Middleware::Timeout { .. } => {
                imports.std("time");
            }
            _ => {}
        }
    }
    let metrics = !plan.metrics_paths.is_empty();
    if metrics {
        imports.std("net/http");
    }

    let mut body = String::new();
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

    let proxies = &plan.service().trusted_proxies;
    let trusted = if proxies.is_empty() {
        "// trustedProxies are the networks whose X-Forwarded-For header ClientIP believes\n\
// (service.trustedProxies in the design): none, so the client is the connection's\n\
// peer and no client can pick the IP the rate limiter and the logs see. List the\n\
// ingress controller's pod network here when the service runs behind one.\n\
var trustedProxies []string\n"
            .to_owned()
    } else {
        let list: Vec<String> = proxies.iter().map(|p| go_string(p)).collect();
        format!(
            "// trustedProxies are the networks whose X-Forwarded-For header ClientIP believes\n\
// (service.trustedProxies in the design); a request from any other address is its\n\
// own client, whatever the header says.\n\
var trustedProxies = []string{{{}}}\n",
            list.join(", ")
        )
    };
    let metrics_go = if metrics {
        let mut routes = String::new();
        for path in &plan.metrics_paths {
            let _ = writeln!(routes, "\tm.GET({}, metrics.Serve)", go_string(path));
        }
        format!(
            "\n// metrics holds the series the Metrics middleware records.\n\
var metrics = middleware.NewMetrics()\n\n\
// Metrics serves the metrics on the metrics port, apart from the routed one: the\n\
// Service and the Ingress never reach them.\n\
func Metrics() http.Handler {{\n\
\tm := gin.New()\n\
{routes}\treturn m\n}}\n"
        )
    } else {
        String::new()
    };
    format!(
        "// Package routers maps the designed routes to their handlers.\npackage routers\n\n{imports}\
{trusted}\n\
// maxBodyBytes is the largest request body the service reads (service.maxBodyBytes).\n\
const maxBodyBytes = {max_body}\n\n\
// Setup builds the engine: the body limit first, so no middleware reads an oversized\n\
// body, then the global middleware in the designed order, then every route group\n\
// with its own middleware and routes.\n\
func Setup(cfg *config.Config) *gin.Engine {{\n\
\tr := gin.New()\n\
\tif err := r.SetTrustedProxies(trustedProxies); err != nil {{\n\
\t\tpanic(err)\n\
\t}}\n\
\tr.Use(middleware.BodyLimit(maxBodyBytes))\n\
{body}\treturn r\n}}\n{metrics_go}",
        imports = imports.render(),
        max_body = plan.service().max_body_bytes,
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
        // `Metrics` registers on an engine of its own, after `Setup`.
        let setup = router_go
            .split("\nfunc Metrics(")
            .next()
            .unwrap_or_default();
        setup
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
        assert!(extras >= 2, "preflights are among the cases");
    }

    #[test]
    fn without_cors_the_designed_routes_are_all_there_is() {
        for mut design in designs() {
            let plain = |m: &Middleware| !matches!(m, Middleware::Cors { .. });
            design.middleware.retain(plain);
            for group in &mut design.groups {
                group.middleware.retain(plain);
            }
            assert_eq!(
                designed_only(&design),
                Some(registrations(&Plan::new(&design)))
            );
        }
        assert_eq!(designed_only(&designs().swap_remove(PRESETS.len())), None);
    }

    #[test]
    fn metrics_are_served_apart_from_the_routed_engine() {
        let mut design = Design::default();
        design.groups[1].middleware.push(Middleware::Metrics {
            path: "/stats".into(),
        });
        let plan = Plan::new(&design);
        assert!(registrations(&plan).iter().all(|r| r.full_path != "/stats"));
        let go = router_go(&plan);
        let (setup, metrics) = go.split_once("\nfunc Metrics() http.Handler {").unwrap();
        assert!(!setup.contains("\"/stats\""), "{setup}");
        assert!(
            metrics.contains("\tm.GET(\"/stats\", metrics.Serve)\n"),
            "{metrics}"
        );
    }

    #[test]
    fn the_client_ip_comes_from_the_designed_proxies_only() {
        let mut design = Design::default();
        let go = router_go(&Plan::new(&design));
        assert!(go.contains("\nvar trustedProxies []string\n"), "{go}");
        assert!(go.contains("r.SetTrustedProxies(trustedProxies)"));
        design.service.trusted_proxies = vec!["10.42.0.0/16".into(), "fd00::/8".into()];
        let go = router_go(&Plan::new(&design));
        assert!(
            go.contains("\nvar trustedProxies = []string{\"10.42.0.0/16\", \"fd00::/8\"}\n"),
            "{go}"
        );
    }

    #[test]
    fn the_body_limit_comes_before_every_designed_middleware() {
        let mut design = Design::default();
        design.service.max_body_bytes = 4096;
        let go = router_go(&Plan::new(&design));
        assert!(go.contains("\nconst maxBodyBytes = 4096\n"), "{go}");
        let limit = go
            .find("r.Use(middleware.BodyLimit(maxBodyBytes))")
            .unwrap();
        let designed = go.find("gin.Recovery()").unwrap();
        assert!(limit < designed, "{go}");
    }
}
