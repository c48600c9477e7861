//! Every Go name and derived value of the scaffold, decided once from the design, so
//! the files that mention a handler, a group or a setting all spell it the same way.

use std::collections::HashSet;

use super::ident::{self, exported, unexported, Namer, GO_KEYWORDS, GO_PREDECLARED};
use super::quote::go_string;
use crate::model::{
    Database, DatabaseDriver, Design, Method, Middleware, Route, RouteGroup, Service,
};

/// The header the JWT middleware reads when the design leaves it empty.
const DEFAULT_AUTH_HEADER: &str = "Authorization";
/// The request id header when the design leaves it empty.
const DEFAULT_REQUEST_ID_HEADER: &str = "X-Request-ID";
/// The environment variable holding the JWT key when the design leaves it empty.
const DEFAULT_JWT_SECRET_ENV: &str = "JWT_SECRET";
/// The environment variable holding the DSN when the design leaves it empty.
const DEFAULT_DATABASE_URL_ENV: &str = "DATABASE_URL";
/// Where metrics are served when the design leaves the path empty.
const DEFAULT_METRICS_PATH: &str = "/metrics";

/// Exported names the middleware package always may hold; custom middleware and
/// extra CORS configurations are named around them.
const MIDDLEWARE_NAMES: [&str; 11] = [
    "RequestID",
    "RequestIDKey",
    "Preflight",
    "JWTAuth",
    "ClaimsKey",
    "RateLimit",
    "Timeout",
    "Metrics",
    "NewMetrics",
    "ValidateJSON",
    "CORS",
];

/// File names (without `.go`) the middleware package's own middleware use.
const MIDDLEWARE_FILES: [&str; 8] = [
    "doc",
    "requestid",
    "cors",
    "jwt",
    "ratelimit",
    "timeout",
    "metrics",
    "validatejson",
];

/// Names `Setup` in `routers/router.go` already uses: its imports and locals.
const ROUTER_NAMES: [&str; 12] = [
    "r",
    "cfg",
    "metrics",
    "trustedProxies",
    "gin",
    "gzip",
    "time",
    "config",
    "controllers",
    "middleware",
    "models",
    "Setup",
];

/// The scaffold's plan.
#[derive(Debug)]
pub struct Plan<'a> {
    pub design: &'a Design,
    /// The module path as the imports spell it.
    pub module: String,
    pub routes: Vec<PlannedRoute<'a>>,
    /// The groups that hold at least one route, in design order.
    pub groups: Vec<PlannedGroup<'a>>,
    pub config: Vec<ConfigField>,
    /// Distinct CORS settings and the function each becomes, in first-use order.
    pub cors: Vec<(&'a Middleware, String)>,
    /// Custom middleware names and the function and file each becomes.
    pub customs: Vec<Custom>,
    /// The paths metrics are served at on the metrics port; empty when no metrics
    /// middleware is used.
    pub metrics_paths: Vec<String>,
}

/// What a route's handler does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HandlerKind {
    /// `/ping`: the seed article's `{"message":"pong"}`.
    Ping,
    /// `/healthz`: `{"status":"ok"}`.
    Healthz,
    /// `/readyz`: like `/healthz`, but 503 while a designed database does not answer.
    Readyz { database: bool },
    /// Any other route: names itself and echoes its path parameters; with
    /// `body`, first binds the JSON request body.
    Echo { body: bool },
}

#[derive(Debug)]
pub struct PlannedRoute<'a> {
    pub route: &'a Route,
    /// Index into [`Plan::groups`].
    pub group: usize,
    pub full_path: String,
    /// The Go function in `controllers`.
    pub handler: String,
    pub kind: HandlerKind,
    /// The status the handler answers with when it succeeds.
    pub status: u16,
    /// Path parameter names, in path order.
    pub params: Vec<String>,
}

impl PlannedRoute<'_> {
    /// `GET /api/v1/users/:id`: how the handler names its route.
    pub fn title(&self) -> String {
        format!("{} {}", self.route.method.as_str(), self.full_path)
    }

    /// The request body type in `models`, for routes that bind one.
    pub fn request_type(&self) -> Option<String> {
        matches!(self.kind, HandlerKind::Echo { body: true })
            .then(|| format!("{}Request", self.handler))
    }
}

#[derive(Debug)]
pub struct PlannedGroup<'a> {
    pub group: &'a RouteGroup,
    /// The local variable `Setup` holds the group in; `None` when the group is the
    /// top level without middleware of its own, whose routes go on the engine.
    pub var: Option<String>,
    /// The file in `controllers/` holding the group's handlers, without `.go`.
    pub file: String,
    /// Indices into [`Plan::routes`].
    pub routes: Vec<usize>,
    /// Group-relative paths that get an `OPTIONS` route so CORS preflights reach this
    /// group's own CORS middleware (an unmatched request runs only the global chain).
    pub preflight_paths: Vec<String>,
}

/// One setting of `config.Config`.
#[derive(Debug)]
pub struct ConfigField {
    pub env: String,
    pub field: String,
    /// Read with the secret reader (environment, then `$SECRETS_DIR/NAME`) instead of
    /// the environment with a designed default.
    pub secret: bool,
    /// The designed value of a plain variable: the default when the environment has none.
    pub default: String,
    /// The service cannot start without it (a JWT key, a database DSN).
    pub required: bool,
    /// A JWT middleware signs with it.
    pub jwt_key: bool,
}

#[derive(Debug)]
pub struct Custom {
    pub name: String,
    pub function: String,
    pub file: String,
}

impl<'a> Plan<'a> {
    pub fn new(design: &'a Design) -> Plan<'a> {
        let module = crate::names::of(design)
            .module
            .trim()
            .trim_end_matches('/')
            .to_owned();
        let (groups, routes) = plan_routes(design);
        let config = plan_config(design);
        let mut middleware_names = Namer::new(MIDDLEWARE_NAMES);
        let mut cors: Vec<(&Middleware, String)> = Vec::new();
        for m in design.all_middleware() {
            if matches!(m, Middleware::Cors { .. }) && !cors.iter().any(|(seen, _)| *seen == m) {
                let function = if cors.is_empty() {
                    "CORS".to_owned()
                } else {
                    middleware_names.unique("CORS")
                };
                cors.push((m, function));
            }
        }
        let mut files = Namer::new(MIDDLEWARE_FILES);
        let mut customs: Vec<Custom> = Vec::new();
        for m in design.all_middleware() {
            if let Middleware::Custom { name } = m {
                if !customs.iter().any(|c| &c.name == name) {
                    let function = middleware_names.unique(&exported(name, "Custom"));
                    let file = files.unique(&function.to_ascii_lowercase());
                    customs.push(Custom {
                        name: name.clone(),
                        function,
                        file,
                    });
                }
            }
        }
        let mut metrics_paths: Vec<String> = Vec::new();
        for m in design.all_middleware() {
            if let Middleware::Metrics { path } = m {
                let path = non_empty(path, DEFAULT_METRICS_PATH).to_owned();
                // Metrics have an engine of their own (on the metrics port), so a
                // designed route at the same path does not clash with them.
                if !metrics_paths.contains(&path) {
                    metrics_paths.push(path);
                }
            }
        }
        Plan {
            design,
            module,
            routes,
            groups,
            config,
            cors,
            customs,
            metrics_paths,
        }
    }

    pub fn service(&self) -> &Service {
        &self.design.service
    }

    pub fn database(&self) -> Option<&Database> {
        self.design.database.as_ref()
    }

    /// Whether any chain uses a middleware for which `pred` holds.
    pub fn uses(&self, pred: impl Fn(&Middleware) -> bool) -> bool {
        self.design.all_middleware().any(pred)
    }

    pub fn uses_jwt(&self) -> bool {
        self.uses(|m| matches!(m, Middleware::JwtAuth { .. }))
    }

    /// Whether the routes need the `middleware` package's preflight handler.
    pub fn uses_preflight(&self) -> bool {
        self.groups.iter().any(|g| !g.preflight_paths.is_empty())
    }

    /// The `config.Config` field of the environment variable `env`.
    pub fn field(&self, env: &str) -> &str {
        self.config
            .iter()
            .find(|f| f.env == env)
            .map(|f| f.field.as_str())
            .unwrap_or("")
    }

    /// The `config.Config` field the database DSN is read into.
    pub fn database_url_field(&self) -> Option<&str> {
        self.database()
            .map(|db| self.field(non_empty(&db.url_env, DEFAULT_DATABASE_URL_ENV)))
    }

    /// The expression `Setup` passes to `Use` or `Group` for `m`. gofmt drops the
    /// spaces around `*` inside a call with several arguments: `nested` says the
    /// expression is one of several.
    pub fn middleware_call(&self, m: &Middleware, nested: bool) -> String {
        match m {
            Middleware::Logger => "gin.Logger()".into(),
            Middleware::Recovery => "gin.Recovery()".into(),
            Middleware::RequestId { header } => format!(
                "middleware.RequestID({})",
                go_string(non_empty(header, DEFAULT_REQUEST_ID_HEADER))
            ),
            Middleware::Cors { .. } => {
                let function = self
                    .cors
                    .iter()
                    .find(|(seen, _)| *seen == m)
                    .map_or("CORS", |(_, f)| f.as_str());
                format!("middleware.{function}()")
            }
            Middleware::JwtAuth { header, secret_env } => format!(
                "middleware.JWTAuth({}, []byte(cfg.{}))",
                go_string(jwt_header(header)),
                self.field(jwt_secret_env(secret_env))
            ),
            Middleware::RateLimit {
                requests_per_second,
                burst,
            } => {
                // The Go middleware refuses a bucket that never admits a request.
                format!(
                    "middleware.RateLimit({}, {})",
                    (*requests_per_second).max(1),
                    (*burst).max(1)
                )
            }
            Middleware::Timeout { millis } => {
                let times = if nested { "*" } else { " * " };
                if millis % 1000 == 0 {
                    format!("middleware.Timeout({}{times}time.Second)", millis / 1000)
                } else {
                    format!("middleware.Timeout({millis}{times}time.Millisecond)")
                }
            }
            // compress/gzip accepts -2 (Huffman only) to 9; gin-contrib/gzip panics
            // outside that range.
            Middleware::Gzip { level } => format!("gzip.Gzip({})", (*level).clamp(-2, 9)),
            Middleware::Metrics { .. } => "metrics.Middleware()".into(),
            Middleware::ValidateJson => "middleware.ValidateJSON()".into(),
            Middleware::Custom { name } => {
                let function = self
                    .customs
                    .iter()
                    .find(|c| &c.name == name)
                    .map_or("Custom", |c| c.function.as_str());
                format!("middleware.{function}()")
            }
        }
    }

    /// The JWT headers a request through `group` must carry a token in (one per JWT
    /// middleware of its chain), or none for the engine-level chain with `None`.
    pub fn auth_headers(&self, group: Option<&RouteGroup>) -> Vec<String> {
        let chain: Vec<&Middleware> = match group {
            Some(group) => self.design.chain(group).collect(),
            None => self.design.middleware.iter().collect(),
        };
        let mut headers: Vec<String> = Vec::new();
        for m in chain {
            if let Middleware::JwtAuth { header, .. } = m {
                let header = jwt_header(header).to_owned();
                if !headers.contains(&header) {
                    headers.push(header);
                }
            }
        }
        headers
    }

    /// Whether `group`'s chain (global and its own) answers CORS preflights.
    pub fn has_cors(&self, group: &RouteGroup) -> bool {
        self.design
            .chain(group)
            .any(|m| matches!(m, Middleware::Cors { .. }))
    }

    /// The Go version `go.mod` declares: the designed one when it reads as a Go
    /// release (`1.25`, `1.25.4`), else the default, so `go.mod` always parses.
    pub fn go_version(&self) -> String {
        let version = self.service().go_version.trim();
        let parts: Vec<&str> = version.split('.').collect();
        let numeric = |p: &&str| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit());
        if (2..=3).contains(&parts.len()) && parts.iter().all(numeric) {
            version.to_owned()
        } else {
            Service::default().go_version
        }
    }

    pub fn driver(&self) -> Option<DatabaseDriver> {
        self.database().map(|db| db.driver)
    }
}

pub fn jwt_header(header: &str) -> &str {
    non_empty(header, DEFAULT_AUTH_HEADER)
}

pub fn jwt_secret_env(secret_env: &str) -> &str {
    non_empty(secret_env, DEFAULT_JWT_SECRET_ENV)
}

fn non_empty<'s>(value: &'s str, default: &'s str) -> &'s str {
    if value.trim().is_empty() {
        default
    } else {
        value.trim()
    }
}

/// The handler name of every route, in registration order: the designed name made a
/// valid exported Go identifier, or one derived from the method and the route's path
/// (`GET /users/:id` gives `GetUsersByID`). A name already taken is derived again
/// from the full path (group prefix included), and numbered if that is taken too.
pub fn handler_names(design: &Design) -> Vec<String> {
    let mut namer = Namer::default();
    design
        .routes()
        .map(|r| {
            let designed = r.route.handler.trim();
            if !designed.is_empty() {
                return namer.unique(&exported(designed, "Handle"));
            }
            // A route path of parameters only (`/:id`) or none says too little alone.
            // (A path gives no words exactly when it has no ASCII letter or digit.)
            let says_enough = sample_static(&r.route.path)
                .chars()
                .any(|c| c.is_ascii_alphanumeric());
            let short = match says_enough {
                true => derived_name(r.route.method, &r.route.path),
                false => derived_name(r.route.method, &r.full_path),
            };
            if !namer.is_taken(&short) {
                return namer.unique(&short);
            }
            namer.unique(&derived_name(r.route.method, &r.full_path))
        })
        .collect()
}

/// The static segments of a path, parameters left out.
fn sample_static(path: &str) -> String {
    path.split('/')
        .filter(|segment| !segment.starts_with([':', '*']))
        .collect::<Vec<_>>()
        .join("/")
}

/// `Get` + the path's words, a parameter's after `By`; `GetRoot` for `/`.
fn derived_name(method: Method, path: &str) -> String {
    let mut name = ident::camel(method.as_str());
    let mut has_words = false;
    for segment in path.split('/') {
        let (by, text) = match segment.strip_prefix([':', '*']) {
            Some(param) => (true, param),
            None => (false, segment),
        };
        let words = ident::camel(text);
        if words.is_empty() {
            continue;
        }
        if by {
            name.push_str("By");
        }
        name.push_str(&words);
        has_words = true;
    }
    if !has_words {
        name.push_str("Root");
    }
    name
}

/// The parameter names of a Gin path: after each `:` or `*`, up to the next `/`.
pub fn path_params(path: &str) -> Vec<String> {
    let mut params: Vec<String> = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find([':', '*']) {
        let after = &rest[start + 1..];
        let end = after.find('/').unwrap_or(after.len());
        let name = after[..end].to_owned();
        if !name.is_empty() && !params.contains(&name) {
            params.push(name);
        }
        rest = &after[end..];
    }
    params
}

/// A path with its parameters filled in with their own names, as a test requests it:
/// `/users/:id` becomes `/users/id`, `/files/*path` becomes `/files/path`.
pub fn sample_path(path: &str) -> String {
    path.replace([':', '*'], "")
}

/// The path with parameter names blanked: two paths with the same shape are the same
/// route to Gin's tree.
fn path_shape(path: &str) -> String {
    path.split('/')
        .map(|segment| match segment.chars().next() {
            Some(c @ (':' | '*')) => c.to_string(),
            _ => segment.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Status codes Go's net/http refuses (outside 100-999) or treats as informational
/// (1xx) cannot end a response: the handler answers 200 instead, and the validator
/// reports the designed value.
fn answerable(status: u16) -> u16 {
    if (200..=599).contains(&status) {
        status
    } else {
        200
    }
}

fn plan_routes(design: &Design) -> (Vec<PlannedGroup<'_>>, Vec<PlannedRoute<'_>>) {
    let handlers = handler_names(design);
    let mut vars = Namer::new(
        GO_KEYWORDS
            .into_iter()
            .chain(GO_PREDECLARED)
            .chain(ROUTER_NAMES),
    );
    let mut files = Namer::new(["doc"]);
    let mut groups: Vec<PlannedGroup> = Vec::new();
    let mut routes: Vec<PlannedRoute> = Vec::new();
    let mut handlers = handlers.into_iter();
    let mut preflight_shapes: Vec<String> = Vec::new();
    let global_cors = design
        .middleware
        .iter()
        .any(|m| matches!(m, Middleware::Cors { .. }));
    for group in &design.groups {
        let names: Vec<String> = handlers.by_ref().take(group.routes.len()).collect();
        if group.routes.is_empty() {
            continue;
        }
        let on_engine = group.prefix.is_empty() && group.middleware.is_empty();
        let var = (!on_engine).then(|| {
            let name = match unexported(&group.prefix, "group") {
                name if group.prefix.is_empty() || name.is_empty() => "root".to_owned(),
                name if ident::reserved(&name) || ROUTER_NAMES.contains(&name.as_str()) => {
                    format!("{name}Group")
                }
                name => name,
            };
            vars.unique(&name)
        });
        let stem = ident::camel(&group.prefix).to_ascii_lowercase();
        let file = files.unique(if stem.is_empty() { "root" } else { &stem });
        let index = groups.len();
        let mut planned = PlannedGroup {
            group,
            var,
            file,
            routes: Vec::new(),
            preflight_paths: Vec::new(),
        };
        let own_cors = !global_cors
            && group
                .middleware
                .iter()
                .any(|m| matches!(m, Middleware::Cors { .. }));
        for (route, handler) in group.routes.iter().zip(names) {
            let full_path = crate::model::join_path(&group.prefix, &route.path);
            let kind = match full_path.as_str() {
                "/ping" => HandlerKind::Ping,
                "/healthz" => HandlerKind::Healthz,
                "/readyz" => HandlerKind::Readyz {
                    database: design.database.is_some(),
                },
                _ => HandlerKind::Echo {
                    body: route.method.has_body(),
                },
            };
            if own_cors {
                let shape = path_shape(&full_path);
                let designed_options = group.routes.iter().any(|r| {
                    r.method == Method::Options && path_shape(&r.path) == path_shape(&route.path)
                });
                if !designed_options && !preflight_shapes.contains(&shape) {
                    preflight_shapes.push(shape);
                    planned.preflight_paths.push(route.path.clone());
                }
            }
            planned.routes.push(routes.len());
            routes.push(PlannedRoute {
                route,
                group: index,
                params: path_params(&full_path),
                full_path,
                handler,
                kind,
                status: answerable(route.status),
            });
        }
        groups.push(planned);
    }
    (groups, routes)
}

fn plan_config(design: &Design) -> Vec<ConfigField> {
    let jwt_keys: Vec<&str> = design
        .all_middleware()
        .filter_map(|m| match m {
            Middleware::JwtAuth { secret_env, .. } => Some(jwt_secret_env(secret_env)),
            _ => None,
        })
        .collect();
    let mut required = jwt_keys.clone();
    if let Some(db) = &design.database {
        required.push(non_empty(&db.url_env, DEFAULT_DATABASE_URL_ENV));
    }
    let mut names = Namer::new(["Port", "GinMode", "DB"]);
    let mut fields: Vec<ConfigField> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    let designed = design
        .config
        .vars
        .iter()
        .map(|v| (v.name.trim(), v.secret, v.value.as_str()));
    // Settings the middleware and database need are read even when the design's
    // config does not list them, always as secrets.
    let referenced = required.iter().map(|name| (*name, true, ""));
    for (env, secret, value) in designed.chain(referenced) {
        // PORT and GIN_MODE are the service's own fields.
        if env.is_empty()
            || ["PORT", "GIN_MODE", "METRICS_PORT"].contains(&env)
            || !seen.insert(env)
        {
            continue;
        }
        let required = required.contains(&env);
        fields.push(ConfigField {
            env: env.to_owned(),
            field: names.unique(&exported(env, "Var")),
            secret: secret || required,
            default: if secret || required {
                String::new()
            } else {
                value.to_owned()
            },
            required,
            jwt_key: jwt_keys.contains(&env),
        });
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_and_sample_paths_follow_gin_syntax() {
        assert_eq!(path_params("/users/:id/files/*path"), ["id", "path"]);
        assert_eq!(path_params("/a/:x/b/:x"), ["x"]);
        assert!(path_params("/ping").is_empty());
        assert_eq!(
            sample_path("/users/:id/files/*path"),
            "/users/id/files/path"
        );
        assert_eq!(path_shape("/users/:id/*rest"), "/users/:/*");
    }

    #[test]
    fn derived_names_read_like_go() {
        assert_eq!(derived_name(Method::Get, "/users/:id"), "GetUsersByID");
        assert_eq!(derived_name(Method::Post, "/"), "PostRoot");
        assert_eq!(
            derived_name(Method::Delete, "/files/*filepath"),
            "DeleteFilesByFilepath"
        );
    }

    #[test]
    fn invalid_statuses_answer_200() {
        assert_eq!(answerable(201), 201);
        assert_eq!(answerable(101), 200);
        assert_eq!(answerable(0), 200);
        assert_eq!(answerable(600), 200);
    }
}
