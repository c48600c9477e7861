//! `middleware/`: the body limit every service applies, and one file per middleware
//! the design uses that Gin itself does not provide (`gin.Logger()`, `gin.Recovery()`
//! and gin-contrib/gzip are called from the router directly).
//!
//! The files that take their settings as arguments are copied verbatim from
//! `verbatim/`, which holds them in gofmt's form; CORS settings are baked into their
//! own functions, and each custom middleware gets a pass-through to fill in.

use std::fmt::Write;

use super::format::{aligned, Imports};
use super::plan::Plan;
use super::quote::{comment_text, go_string};
use crate::model::Middleware;

const REQUEST_ID: &str = include_str!("verbatim/requestid.go");
const JWT: &str = include_str!("verbatim/jwt.go");
const RATE_LIMIT: &str = include_str!("verbatim/ratelimit.go");
const TIMEOUT: &str = include_str!("verbatim/timeout.go");
const METRICS: &str = include_str!("verbatim/metrics.go");
const VALIDATE_JSON: &str = include_str!("verbatim/validatejson.go");
const BODY_LIMIT: &str = include_str!("verbatim/bodylimit.go");

/// `(path, contents)` of every middleware file: the package doc, the body limit,
/// then the designed middleware's.
pub fn files(plan: &Plan) -> Vec<(String, String)> {
    let uses = |pred: fn(&Middleware) -> bool| plan.uses(pred);
    let mut files: Vec<(String, String)> = Vec::new();
    let mut add = |name: &str, contents: String| {
        files.push((format!("middleware/{name}.go"), contents));
    };
    add("bodylimit", BODY_LIMIT.to_owned());
    if uses(|m| matches!(m, Middleware::RequestId { .. })) {
        add("requestid", REQUEST_ID.to_owned());
    }
    if !plan.cors.is_empty() {
        add("cors", cors_go(plan));
    }
    if uses(|m| matches!(m, Middleware::JwtAuth { .. })) {
        add("jwt", JWT.to_owned());
    }
    if uses(|m| matches!(m, Middleware::RateLimit { .. })) {
        add("ratelimit", RATE_LIMIT.to_owned());
    }
    if uses(|m| matches!(m, Middleware::Timeout { .. })) {
        add("timeout", TIMEOUT.to_owned());
    }
    if uses(|m| matches!(m, Middleware::Metrics { .. })) {
        add("metrics", METRICS.to_owned());
    }
    if uses(|m| matches!(m, Middleware::ValidateJson)) {
        add("validatejson", VALIDATE_JSON.to_owned());
    }
    for custom in &plan.customs {
        add(&custom.file, custom_go(&custom.name, &custom.function));
    }
    files.insert(
        0,
        (
            "middleware/doc.go".to_owned(),
            "// Package middleware holds the service's own middleware: what Gin and\n\
// gin-contrib do not provide, and the custom middleware to fill in.\npackage middleware\n"
                .to_owned(),
        ),
    );
    files
}

/// `middleware/cors.go`: one function per distinct CORS configuration of the design,
/// plus the preflight handler when a group carries CORS of its own.
fn cors_go(plan: &Plan) -> String {
    let mut imports = Imports::default();
    imports
        .external("github.com/gin-contrib/cors")
        .external("github.com/gin-gonic/gin");
    let mut functions = Vec::new();
    for (m, function) in &plan.cors {
        let Middleware::Cors {
            allow_origins,
            allow_methods,
            allow_headers,
            allow_credentials,
            max_age_seconds,
        } = m
        else {
            continue;
        };
        let origins = Origins::sort(allow_origins);
        let mut rows: Vec<(String, String)> = Vec::new();
        if origins.all {
            rows.push(("AllowAllOrigins".into(), "true".into()));
        } else if origins.usable.is_empty() {
            rows.push((
                "AllowOriginFunc".into(),
                "func(string) bool { return false }".into(),
            ));
        } else {
            rows.push(("AllowOrigins".into(), string_slice(&origins.usable)));
            if origins.wildcard {
                rows.push(("AllowWildcard".into(), "true".into()));
            }
        }
        rows.push(("AllowMethods".into(), string_slice(allow_methods)));
        rows.push(("AllowHeaders".into(), string_slice(allow_headers)));
        rows.push(("AllowCredentials".into(), allow_credentials.to_string()));
        if *max_age_seconds > 0 {
            imports.std("time");
            rows.push(("MaxAge".into(), format!("{max_age_seconds} * time.Second")));
        }
        let mut notes = String::new();
        for origin in &origins.skipped {
            let _ = writeln!(
                notes,
                "\t// Left out {}: cors.New panics on an origin without http:// or https://\n\t// or with more than one *.",
                comment_text(&go_string(origin))
            );
        }
        if !origins.all && origins.usable.is_empty() {
            notes.push_str(
                "\t// No designed origin is usable: every cross-origin request is refused.\n",
            );
        }
        functions.push(format!(
            "// {function} answers cross-origin requests and preflights from the designed\n\
// origins, with the designed methods, headers and cache time.\n\
func {function}() gin.HandlerFunc {{\n\
{notes}\treturn cors.New(cors.Config{{\n{}\t}})\n}}\n",
            aligned("\t\t", &rows, ":", ",")
        ));
    }
    if plan.uses_preflight() {
        imports.std("net/http");
        functions.push(
            "// Preflight answers an OPTIONS request the CORS middleware before it let through\n\
// (one that is not a CORS preflight). Groups with CORS of their own register it, so\n\
// preflights reach their chain instead of the engine's 404 handlers.\n\
func Preflight(c *gin.Context) {\n\tc.Status(http.StatusNoContent)\n}\n"
                .to_owned(),
        );
    }
    format!(
        "package middleware\n\n{}{}",
        imports.render(),
        functions.join("\n")
    )
}

/// The designed origins as gin-contrib/cors accepts them.
struct Origins {
    /// `*` was designed: every origin is allowed.
    all: bool,
    usable: Vec<String>,
    /// A usable origin holds one `*` (`https://*.example.com`).
    wildcard: bool,
    /// Origins cors.New would panic on: no http(s) scheme and no `*`, or several `*`.
    skipped: Vec<String>,
}

impl Origins {
    fn sort(origins: &[String]) -> Origins {
        let mut sorted = Origins {
            all: false,
            usable: Vec::new(),
            wildcard: false,
            skipped: Vec::new(),
        };
        for origin in origins {
            let stars = origin.matches('*').count();
            if origin == "*" {
                sorted.all = true;
            } else if stars == 1 {
                sorted.wildcard = true;
                sorted.usable.push(origin.clone());
            } else if stars == 0
                && (origin.starts_with("http://") || origin.starts_with("https://"))
            {
                sorted.usable.push(origin.clone());
            } else {
                sorted.skipped.push(origin.clone());
            }
        }
        sorted
    }
}

fn string_slice(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|s| go_string(s)).collect();
    format!("[]string{{{}}}", items.join(", "))
}

/// A custom middleware: a pass-through with the place for its logic marked.
fn custom_go(name: &str, function: &str) -> String {
    let mut imports = Imports::default();
    imports.external("github.com/gin-gonic/gin");
    let name = comment_text(&go_string(name));
    format!(
        "package middleware\n\n{}\
// {function} is the designed custom middleware {name}. It passes every request on\n\
// until you give it logic.\n\
func {function}() gin.HandlerFunc {{\n\
\treturn func(c *gin.Context) {{\n\
\t\t// Before c.Next: inspect or change the request; call c.AbortWithStatusJSON to\n\
\t\t// answer it here instead of the handler.\n\
\t\tc.Next()\n\
\t\t// After c.Next: the handler has answered; read c.Writer.Status() to act on it.\n\
\t}}\n\
}}\n",
        imports.render()
    )
}
