//! `openapi.yaml`: an OpenAPI 3.0.3 document of every designed route.
//!
//! The document says only what the design makes true: Gin's `:name` and `*name`
//! wildcards become path parameters, routes behind JWT auth carry the bearer security
//! scheme and a 401, and the statuses middleware answers with (429 for the rate limit,
//! 503 for the timeout, 415 for JSON validation) appear where that middleware runs.
//! Operations are keyed by unique `operationId`s. The document is typed structs
//! written by [`crate::yaml`].

use std::collections::{HashMap, HashSet};

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{json, Value};

use crate::generate::ci::image_tag;
use crate::model::{Design, Method, Middleware};
use crate::names;
use crate::yaml::to_yaml;

/// The name of the security scheme of routes behind JWT auth.
pub const SECURITY_SCHEME: &str = "bearerAuth";

/// Writes the OpenAPI document.
pub fn openapi(design: &Design) -> String {
    // Serializing these structs only fails on a bug; the file then says so.
    to_yaml(&document(design)).unwrap_or_else(|e| format!("# {e}\n"))
}

/// A Gin route path as an OpenAPI path template, with the names of its parameters:
/// `/users/:id` is `/users/{id}`, and the catch-all `/files/*path` is `/files/{path}`.
pub fn openapi_path(gin_path: &str) -> (String, Vec<PathParam>) {
    let mut params: Vec<PathParam> = Vec::new();
    let segments: Vec<String> = gin_path
        .split('/')
        .map(|segment| match segment.find([':', '*']) {
            Some(at) if at + 1 < segment.len() => {
                let name = &segment[at + 1..];
                if !params.iter().any(|p| p.name == name) {
                    params.push(PathParam {
                        name: name.to_owned(),
                        catch_all: segment[at..].starts_with('*'),
                    });
                }
                format!("{}{{{name}}}", &segment[..at])
            }
            _ => segment.to_owned(),
        })
        .collect();
    let mut path = segments.join("/");
    // Gin refuses a path without a leading slash; OpenAPI requires one.
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    (path, params)
}

/// One path parameter of a converted Gin path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathParam {
    pub name: String,
    /// A `*name` catch-all, which matches the rest of the path, slashes included.
    pub catch_all: bool,
}

/// A map that keeps insertion order (paths in design order, statuses ascending).
struct Ordered<V>(Vec<(String, V)>);

impl<V: Serialize> Serialize for Ordered<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

#[derive(serde::Serialize)]
struct Document {
    openapi: &'static str,
    info: Value,
    servers: Vec<Value>,
    paths: Ordered<Ordered<Operation>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    components: Option<Value>,
}

// The per-route parts are typed rather than `json!` values: a design of hundreds of
// routes builds them on every edit. Fields are in alphabetical order, the order the
// document's keys have always had.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Operation {
    operation_id: String,
    summary: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    parameters: Vec<Parameter>,
    #[serde(skip_serializing_if = "Option::is_none")]
    request_body: Option<RequestBody>,
    responses: Ordered<Response>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    security: Vec<Ordered<Vec<&'static str>>>,
}

#[derive(serde::Serialize)]
struct Parameter {
    description: &'static str,
    #[serde(rename = "in")]
    location: &'static str,
    name: String,
    required: bool,
    schema: Schema,
}

/// `{ type: object }` or `{ type: string }`.
#[derive(serde::Serialize)]
struct Schema {
    #[serde(rename = "type")]
    kind: &'static str,
}

/// `application/json` content with an object schema.
#[derive(serde::Serialize)]
struct JsonContent {
    #[serde(rename = "application/json")]
    json: MediaType,
}

#[derive(serde::Serialize)]
struct MediaType {
    schema: Schema,
}

impl JsonContent {
    fn object() -> JsonContent {
        JsonContent {
            json: MediaType {
                schema: Schema { kind: "object" },
            },
        }
    }
}

#[derive(serde::Serialize)]
struct RequestBody {
    content: JsonContent,
    required: bool,
}

#[derive(serde::Serialize)]
struct Response {
    #[serde(skip_serializing_if = "Option::is_none")]
    content: Option<JsonContent>,
    description: String,
}

impl Response {
    fn described(description: impl Into<String>) -> Response {
        Response {
            content: None,
            description: description.into(),
        }
    }
}

fn document(design: &Design) -> Document {
    let mut paths: Vec<(String, Ordered<Operation>)> = Vec::new();
    // Where each path is in `paths`, and the operation ids taken so far.
    let mut path_index: HashMap<String, usize> = HashMap::new();
    let mut used_ids: HashSet<String> = HashSet::new();
    let mut any_auth = false;
    for resolved in design.routes() {
        let route = resolved.route;
        let (path, params) = openapi_path(&resolved.full_path);
        let index = *path_index.entry(path.clone()).or_insert_with(|| {
            paths.push((path, Ordered(Vec::new())));
            paths.len() - 1
        });
        let method = route.method.as_str().to_ascii_lowercase();
        let operations = &mut paths[index].1 .0;
        // Gin panics on a second handler for the same method and path; the route
        // validator reports it, and the document keeps the first.
        if operations.iter().any(|(m, _)| *m == method) {
            continue;
        }
        let auth = design.requires_auth(resolved.group);
        any_auth |= auth;
        let operation_id = unique_id(
            &mut used_ids,
            &[
                if !route.handler.is_empty() {
                    route.handler.clone()
                } else if route.path.split('/').all(str::is_empty) {
                    // `GET ""` in a group reads better as the group's path than as `getRoot`.
                    derived_id(route.method, &resolved.full_path)
                } else {
                    derived_id(route.method, &route.path)
                },
                derived_id(route.method, &resolved.full_path),
            ],
        );
        let summary = if route.summary.trim().is_empty() {
            format!("{} {}", route.method.as_str(), resolved.full_path)
        } else {
            route.summary.clone()
        };
        let request_body = route.method.has_body().then(|| RequestBody {
            content: JsonContent::object(),
            required: true,
        });
        let chain: Vec<&Middleware> = design.chain(resolved.group).collect();
        operations.push((
            method,
            Operation {
                operation_id,
                summary,
                parameters: params.iter().map(parameter).collect(),
                request_body,
                responses: responses(route.method, route.status, &chain),
                security: if auth {
                    vec![Ordered(vec![(SECURITY_SCHEME.to_owned(), Vec::new())])]
                } else {
                    Vec::new()
                },
            },
        ));
    }

    Document {
        openapi: "3.0.3",
        info: json!({
            "title": names::of(design).app,
            "description": format!(
                "The HTTP API of {}, generated by Gin Deploy Playground from the service design.",
                names::of(design).module
            ),
            "version": image_tag(design).unwrap_or("0.0.0"),
        }),
        servers: servers(design),
        paths: Ordered(paths),
        components: (any_auth && design.jwt().is_some())
            .then(|| json!({ "securitySchemes": { SECURITY_SCHEME: security_scheme(design) } })),
    }
}

fn servers(design: &Design) -> Vec<Value> {
    let mut servers = vec![json!({
        "url": format!("http://localhost:{}", design.service.port),
        "description": "a local run (go run . or docker run)",
    })];
    if let Some(published) = design.cluster.published() {
        if let Some(host) = published.host {
            let scheme = if published.https { "https" } else { "http" };
            servers.push(json!({
                "url": format!("{scheme}://{host}{}", published.path_prefix),
                "description": format!("the cluster, through {}", published.through),
            }));
        }
    }
    servers
}

/// HTTP bearer when the token travels in `Authorization`; otherwise the truthful
/// description is an API key in the designed header.
fn security_scheme(design: &Design) -> Value {
    let header = design.jwt().map_or("Authorization", |(header, _)| header);
    if header.eq_ignore_ascii_case("Authorization") {
        json!({
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "an HS256-signed JWT",
        })
    } else {
        json!({
            "type": "apiKey",
            "in": "header",
            "name": header,
            "description": "`Bearer <token>` with an HS256-signed JWT",
        })
    }
}

fn parameter(param: &PathParam) -> Parameter {
    let description = if param.catch_all {
        "the rest of the path after the prefix, slashes included (Gin passes it with a leading /)"
    } else {
        "one path segment"
    };
    Parameter {
        description,
        location: "path",
        name: param.name.clone(),
        required: true,
        schema: Schema { kind: "string" },
    }
}

fn responses(method: Method, status: u16, chain: &[&Middleware]) -> Ordered<Response> {
    let mut responses: Vec<(u16, Response)> = Vec::new();
    let mut add = |code: u16, response: Response| {
        if !responses.iter().any(|(c, _)| *c == code) {
            responses.push((code, response));
        }
    };
    let has_content = method != Method::Head && !matches!(status, 100..=199 | 204 | 304);
    add(
        status,
        Response {
            content: has_content.then(JsonContent::object),
            description: reason(status),
        },
    );
    if method.has_body() {
        add(
            400,
            Response::described("the request body is not a valid JSON object"),
        );
    }
    for middleware in chain {
        match middleware {
            Middleware::JwtAuth { header, .. } => add(
                401,
                Response::described(format!("the {header} header has no valid bearer token")),
            ),
            Middleware::ValidateJson if method.has_body() => add(
                415,
                Response::described("the request body is not sent as application/json"),
            ),
            Middleware::RateLimit {
                requests_per_second,
                burst,
            } => add(
                429,
                Response::described(format!(
                    "too many requests from this client IP (more than {requests_per_second} per second, bursts of {burst})"
                )),
            ),
            Middleware::Timeout { millis } => add(
                503,
                Response::described(format!("the handler did not finish within {millis} ms")),
            ),
            _ => {}
        }
    }
    responses.sort_by_key(|(code, _)| *code);
    Ordered(
        responses
            .into_iter()
            .map(|(code, response)| (code.to_string(), response))
            .collect(),
    )
}

fn reason(status: u16) -> String {
    let phrase = match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        404 => "Not Found",
        409 => "Conflict",
        _ => return format!("status {status}"),
    };
    phrase.to_owned()
}

/// `getUsersById` from `GET /users/:id`: the method, then each path word, wildcards as
/// `By<Name>`; `getRoot` for `/`.
fn derived_id(method: Method, path: &str) -> String {
    let mut id = method.as_str().to_ascii_lowercase();
    let before = id.len();
    for segment in path.split('/') {
        if let Some(name) = segment.strip_prefix([':', '*']) {
            id.push_str("By");
            push_camel(&mut id, name);
        } else {
            push_camel(&mut id, segment);
        }
    }
    if id.len() == before {
        id.push_str("Root");
    }
    id
}

/// Appends the words of `text` (runs of letters and digits) capitalised.
fn push_camel(out: &mut String, text: &str) {
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
}

/// The first candidate not taken yet, else the last one with a number appended.
fn unique_id(used: &mut HashSet<String>, candidates: &[String]) -> String {
    let id = candidates
        .iter()
        .find(|c| !c.is_empty() && !used.contains(c.as_str()))
        .cloned()
        .unwrap_or_else(|| {
            let base = candidates.last().cloned().unwrap_or_default();
            (2..)
                .map(|n| format!("{base}{n}"))
                .find(|c| !used.contains(c.as_str()))
                .unwrap_or(base)
        });
    used.insert(id.clone());
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_ids_read_as_method_and_path_words() {
        assert_eq!(derived_id(Method::Get, "/users/:id"), "getUsersById");
        assert_eq!(derived_id(Method::Get, "/"), "getRoot");
        assert_eq!(
            derived_id(Method::Post, "/files/*file_path"),
            "postFilesByFilePath"
        );
        assert_eq!(
            derived_id(Method::Delete, "/api/v1/user-profiles"),
            "deleteApiV1UserProfiles"
        );
    }

    #[test]
    fn unique_id_falls_back_to_later_candidates_then_numbers() {
        let mut used = HashSet::new();
        let c = |a: &str, b: &str| [a.to_owned(), b.to_owned()];
        assert_eq!(unique_id(&mut used, &c("getX", "getApiX")), "getX");
        assert_eq!(unique_id(&mut used, &c("getX", "getApiX")), "getApiX");
        assert_eq!(unique_id(&mut used, &c("getX", "getApiX")), "getApiX2");
        assert_eq!(unique_id(&mut used, &c("", "getY")), "getY");
    }
}
