//! `models/models.go`: the JSON bodies the handlers bind and answer with.

use std::fmt::Write;

use super::plan::{HandlerKind, Plan};
use super::quote::comment_text;

/// The models file; none when no handler uses a model (only health routes).
pub fn models_go(plan: &Plan) -> Option<String> {
    if !plan
        .routes
        .iter()
        .any(|r| matches!(r.kind, HandlerKind::Echo { .. }))
    {
        return None;
    }
    let mut out = String::from(MODELS);
    for route in &plan.routes {
        if let Some(request) = route.request_type() {
            let _ = write!(
                out,
                "\n// {request} is the JSON body of {}. Name is a placeholder:\n\
// replace it with the fields the endpoint really takes.\n\
type {request} struct {{\n\
\tName string `json:\"name\" binding:\"required\"`\n\
}}\n",
                comment_text(&route.title())
            );
        }
    }
    Some(out)
}

const MODELS: &str = r#"// Package models holds the request and response bodies of the service's handlers.
package models

// RouteResponse is what the scaffold's handlers answer until they hold real logic:
// the route that matched, its path parameters and the JSON body it accepted.
type RouteResponse struct {
	Route  string            `json:"route"`
	Params map[string]string `json:"params,omitempty"`
	Body   any               `json:"body,omitempty"`
}

// ErrorResponse is the body of an answer that reports a bad request.
type ErrorResponse struct {
	Error string `json:"error"`
}
"#;
