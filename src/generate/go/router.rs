//! `routers/router.go`: `Setup` builds the engine with the global middleware in the
//! designed order, serves metrics, then registers every group with its own
//! middleware and its routes.

use std::fmt::Write;

use super::format::Imports;
use super::plan::{HandlerKind, Plan};
use super::quote::go_string;
use crate::model::Middleware;

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
