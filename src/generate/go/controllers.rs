//! `controllers/`: one handler per designed route, one file per route group.
//!
//! Health routes get real handlers (`/ping` answers the seed article's pong,
//! `/readyz` pings a designed database); every other handler answers the designed
//! status with a body naming its route and echoing its path parameters, after
//! binding a JSON body for POST, PUT and PATCH.

use std::fmt::Write;

use super::format::{aligned, Imports};
use super::plan::{HandlerKind, Plan, PlannedRoute};
use super::quote::{comment_text, go_string};

/// `(path, contents)` of every controllers file; none when no route is designed.
pub fn files(plan: &Plan) -> Vec<(String, String)> {
    if plan.routes.is_empty() {
        return Vec::new();
    }
    let mut files = vec![(
        "controllers/doc.go".to_owned(),
        "// Package controllers holds one handler per designed route: fill in the logic\n\
// where the scaffold answers with a body naming the route.\npackage controllers\n"
            .to_owned(),
    )];
    for group in &plan.groups {
        let mut imports = Imports::default();
        imports.external("github.com/gin-gonic/gin");
        let mut handlers = Vec::new();
        for &index in &group.routes {
            handlers.push(handler(plan, &plan.routes[index], &mut imports));
        }
        files.push((
            format!("controllers/{}.go", group.file),
            format!(
                "package controllers\n\n{}{}",
                imports.render(),
                handlers.join("\n")
            ),
        ));
    }
    files
}

/// `text` ending in a full stop unless it already ends a sentence, then a newline.
fn sentence(text: &str) -> String {
    if text.ends_with(['.', '!', '?']) {
        format!("{text}\n")
    } else {
        format!("{text}.\n")
    }
}

/// The status as a net/http constant where there is one.
pub fn status_expr(status: u16) -> String {
    match status_name(status) {
        Some(name) => format!("http.Status{name}"),
        None => status.to_string(),
    }
}

fn status_name(status: u16) -> Option<&'static str> {
    Some(match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInfo",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        300 => "MultipleChoices",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "RequestEntityTooLarge",
        414 => "RequestURITooLong",
        415 => "UnsupportedMediaType",
        416 => "RequestedRangeNotSatisfiable",
        417 => "ExpectationFailed",
        418 => "Teapot",
        421 => "MisdirectedRequest",
        422 => "UnprocessableEntity",
        423 => "Locked",
        424 => "FailedDependency",
        425 => "TooEarly",
        426 => "UpgradeRequired",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        431 => "RequestHeaderFieldsTooLarge",
        451 => "UnavailableForLegalReasons",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        505 => "HTTPVersionNotSupported",
        506 => "VariantAlsoNegotiates",
        507 => "InsufficientStorage",
        508 => "LoopDetected",
        510 => "NotExtended",
        511 => "NetworkAuthenticationRequired",
        _ => return None,
    })
}

fn handler(plan: &Plan, route: &PlannedRoute, imports: &mut Imports) -> String {
    let status = status_expr(route.status);
    if status.starts_with("http.") {
        imports.std("net/http");
    }
    let name = &route.handler;
    let title = comment_text(&route.title());
    let summary = match comment_text(&route.route.summary) {
        summary if summary.is_empty() => String::new(),
        summary => format!(": {summary}"),
    };
    let doc = sentence(&format!("// {name} answers {title}{summary}"));
    match route.kind {
        HandlerKind::Ping => format!(
            "{doc}func {name}(c *gin.Context) {{\n\tc.JSON({status}, gin.H{{\"message\": \"pong\"}})\n}}\n"
        ),
        HandlerKind::Healthz | HandlerKind::Readyz { database: false } => format!(
            "{doc}func {name}(c *gin.Context) {{\n\tc.JSON({status}, gin.H{{\"status\": \"ok\"}})\n}}\n"
        ),
        HandlerKind::Readyz { database: true } => {
            imports
                .std("context")
                .std("database/sql")
                .std("log")
                .std("net/http")
                .std("time");
            format!(
                "// {name} returns the handler of {title}{summary}: 503 while db is\n\
// missing or does not answer a ping within 2 s, so Kubernetes sends no traffic to\n\
// a pod that cannot serve it.\n\
func {name}(db *sql.DB) gin.HandlerFunc {{\n\
\treturn func(c *gin.Context) {{\n\
\t\tif db == nil {{\n\
\t\t\tc.JSON(http.StatusServiceUnavailable, gin.H{{\"status\": \"unavailable\"}})\n\
\t\t\treturn\n\
\t\t}}\n\
\t\tctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)\n\
\t\tdefer cancel()\n\
\t\tif err := db.PingContext(ctx); err != nil {{\n\
\t\t\tlog.Printf(\"readiness: database: %v\", err)\n\
\t\t\tc.JSON(http.StatusServiceUnavailable, gin.H{{\"status\": \"unavailable\"}})\n\
\t\t\treturn\n\
\t\t}}\n\
\t\tc.JSON({status}, gin.H{{\"status\": \"ok\"}})\n\
\t}}\n\
}}\n"
            )
        }
        HandlerKind::Echo { body } => {
            imports.local(&plan.module, "models");
            let mut rows = vec![("Route".to_owned(), go_string(&route.title()))];
            if !route.params.is_empty() {
                let params: Vec<String> = route
                    .params
                    .iter()
                    .map(|p| format!("{}: c.Param({})", go_string(p), go_string(p)))
                    .collect();
                rows.push((
                    "Params".to_owned(),
                    format!("map[string]string{{{}}}", params.join(", ")),
                ));
            }
            let mut out = format!("{doc}func {name}(c *gin.Context) {{\n");
            if body {
                imports.std("net/http");
                let request = route.request_type().unwrap_or_default();
                let _ = write!(
                    out,
                    "\tvar body models.{request}\n\
\tif err := c.ShouldBindJSON(&body); err != nil {{\n\
\t\tc.JSON(http.StatusBadRequest, models.ErrorResponse{{Error: err.Error()}})\n\
\t\treturn\n\
\t}}\n"
                );
                rows.push(("Body".to_owned(), "body".to_owned()));
            }
            let _ = write!(
                out,
                "\tc.JSON({status}, models.RouteResponse{{\n{}\t}})\n}}\n",
                aligned("\t\t", &rows, ":", ",")
            );
            out
        }
    }
}
