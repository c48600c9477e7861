//! The Gin step: the route Gin 1.8.1 picks for a path, the middleware that runs,
//! and the status that comes back.
//!
//! Gin as the generated service configures it (`gin.New()` and the design's
//! chains): `RedirectTrailingSlash` on (301 for GET, 307 otherwise, before any
//! middleware runs), `RedirectFixedPath` and `HandleMethodNotAllowed` off (so a path
//! registered only for another method is a 404). A request no route matches still
//! runs the global chain, then Gin's 404; a group's chain runs only for its routes.

use crate::model::{join_path, Design, Method, Middleware};
use crate::simulate::{HopKind, MatchedRoute, Request, Trace};
use crate::validate::routes::tree::{Found, Router};

/// The design's routes registered in order, with their place in the design.
struct Routes {
    router: Router,
    /// (group, route, full path) by route id.
    places: Vec<(usize, usize, String)>,
    /// The first route Gin refuses at start-up.
    refused: Option<String>,
}

fn routes(design: &Design) -> Routes {
    let mut router = Router::new();
    let mut places = Vec::new();
    let mut refused = None;
    for (g, group) in design.groups.iter().enumerate() {
        for (r, route) in group.routes.iter().enumerate() {
            let path = join_path(&group.prefix, &route.path);
            if router
                .insert(route.method.as_str(), &path, places.len())
                .is_err()
                && refused.is_none()
            {
                refused = Some(format!("{} {path}", route.method.as_str()));
            }
            places.push((g, r, path));
        }
    }
    Routes {
        router,
        places,
        refused,
    }
}

/// A middleware's verdict on the request.
enum Verdict {
    Pass(String),
    Abort(u16, String),
}

fn run_middleware(m: &Middleware, request: &Request) -> Verdict {
    use Verdict::{Abort, Pass};
    match m {
        Middleware::Logger => Pass("logs the request".into()),
        Middleware::Recovery => Pass("passes; a panic after it becomes a 500".into()),
        Middleware::RequestId { header } => Pass(format!("reads or sets {header}")),
        Middleware::Cors { allow_origins, .. } => match &request.origin {
            None => Pass("no Origin header: not a cross-origin request".into()),
            Some(origin)
                if *origin == format!("http://{}", request.host)
                    || *origin == format!("https://{}", request.host) =>
            {
                Pass(format!("origin {origin} is the request's own host"))
            }
            Some(origin) if !allow_origins.iter().any(|o| o == "*" || o == origin) => Abort(
                403,
                format!("origin {origin} is not among the allowed origins: 403"),
            ),
            Some(origin) if request.method == Method::Options => Abort(
                204,
                format!("answers the preflight from {origin} with 204 and the Access-Control-Allow-* headers"),
            ),
            Some(origin) => Pass(format!("adds Access-Control-Allow-Origin: {origin}")),
        },
        Middleware::JwtAuth { header, secret_env } => {
            if request.bearer_token {
                Pass(format!(
                    "the Bearer token in {header} is valid (HS256 with {secret_env})"
                ))
            } else {
                Abort(401, format!("no Bearer token in {header}: 401"))
            }
        }
        Middleware::RateLimit {
            requests_per_second,
            burst,
        } => Pass(format!(
            "within {requests_per_second} requests a second (burst {burst}) for this client"
        )),
        Middleware::Timeout { millis } => Pass(format!("gives the handler {millis} ms")),
        Middleware::Gzip { level } => Pass(format!(
            "compresses the response at level {level} if the client accepts gzip"
        )),
        Middleware::Metrics { path } => Pass(format!("counts the request for {path}")),
        Middleware::ValidateJson => {
            if request.method.has_body() && !request.json_body {
                Abort(415, "the body is not Content-Type: application/json: 415".into())
            } else if request.method.has_body() {
                Pass("the body is JSON".into())
            } else {
                Pass(format!("{} carries no body to check", request.method.as_str()))
            }
        }
        Middleware::Custom { name } => Pass(format!(
            "{name} passes (the generated stub only calls c.Next())"
        )),
    }
}

/// Runs a chain, adding a hop per middleware. When one aborts, finishes the trace
/// with its status and says so.
fn run_chain<'a>(
    chain: impl Iterator<Item = &'a Middleware>,
    request: &Request,
    trace: &mut Trace,
) -> bool {
    for m in chain {
        match run_middleware(m, request) {
            Verdict::Pass(detail) => trace.hop(HopKind::Middleware, m.label(), detail),
            Verdict::Abort(status, detail) => {
                trace.hop(HopKind::Middleware, m.label(), detail);
                trace.finish(
                    status,
                    format!("from {}", m.label()),
                    format!("{} stops the chain: nothing after it runs", m.label()),
                );
                return true;
            }
        }
    }
    false
}

/// Serves `path` (what the pod receives) in the design's Gin engine, finishing the
/// trace. `proxy` (ingress-nginx, the Gateway) decides what the client sees when no
/// response comes: the proxy's 502 or 503, or without one no response at all.
pub(crate) fn serve(
    design: &Design,
    request: &Request,
    path: &str,
    query: &str,
    proxy: Option<&str>,
    trace: &mut Trace,
) {
    let behind_ingress = proxy.is_some();
    let no_response = if behind_ingress { 502 } else { 0 };
    let routes = routes(design);
    if let Some(refused) = routes.refused {
        let status = if behind_ingress { 503 } else { 0 };
        trace.finish(
            status,
            "Gin panics at start-up",
            format!(
                "registering {refused} panics (see the GR1xx findings), so the container exits and no pod is ready{}",
                match proxy {
                    Some(proxy) => format!("; {proxy} finds no endpoint and answers 503"),
                    None => "; the connection is refused".to_owned(),
                }
            ),
        );
        return;
    }
    let method = request.method.as_str();
    let found = match routes.router.lookup(method, path) {
        Ok(found) => found,
        Err(_) => {
            trace.finish(
                no_response,
                "Gin's router crashes",
                format!("Gin 1.8.1 runs out of its backtracking stack looking up {path} (parameters inside a segment); net/http closes the connection"),
            );
            return;
        }
    };
    match found {
        Found {
            route: Some(id),
            params,
            ..
        } => {
            let (g, r, full_path) = routes.places[id].clone();
            let group = &design.groups[g];
            let route = &group.routes[r];
            let shown: Vec<String> = params.iter().map(|(k, v)| format!("{k}={v}")).collect();
            trace.note(if shown.is_empty() {
                format!("route {method} {full_path} matches")
            } else {
                format!(
                    "route {method} {full_path} matches with {}",
                    shown.join(", ")
                )
            });
            trace.route = Some(MatchedRoute {
                group: g,
                route: r,
                full_path: full_path.clone(),
                params,
            });
            if run_chain(design.chain(group), request, trace) {
                return;
            }
            let handler = if route.handler.is_empty() {
                "the generated handler".to_owned()
            } else {
                route.handler.clone()
            };
            trace.hop(
                HopKind::Handler,
                handler.clone(),
                format!("handles {method} {full_path}"),
            );
            trace.finish(
                route.status,
                format!("from {handler}"),
                format!("{handler} answers with the route's status {}", route.status),
            );
        }
        Found { tsr: true, .. } if path != "/" => {
            let target = match path.strip_suffix('/') {
                Some(without) if path.len() > 1 => without.to_owned(),
                _ => format!("{path}/"),
            };
            let status = if request.method == Method::Get {
                301
            } else {
                307
            };
            let location = if query.is_empty() {
                target.clone()
            } else {
                format!("{target}?{query}")
            };
            let mut detail = format!(
                "no route for {method} {path}, but {target} has one: Gin redirects there before any middleware runs"
            );
            if path != trace.requested_path {
                detail.push_str(&format!(
                    "; the Location is the path after the Ingress rewrite, so the browser asks for {location} without the part the Ingress removed"
                ));
            }
            trace.location = Some(location);
            trace.finish(status, "trailing-slash redirect", detail);
        }
        Found { .. } => {
            trace.note(format!(
                "no route matches {method} {path}; Gin's 404 handler runs the global chain"
            ));
            if run_chain(design.middleware.iter(), request, trace) {
                return;
            }
            trace.finish(
                404,
                "no route",
                format!("404 page not found for {method} {path}"),
            );
        }
    }
}
