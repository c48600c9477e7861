//! The design file teams commit: reading, writing, version handling and the checks a
//! design must pass before anything is generated from it.
//!
//! The format is YAML (JSON is accepted too, being YAML), documented in
//! `docs/design-format.md` with a JSON Schema in `docs/design.schema.json`. Every
//! field has a default, so a file need only say what differs.

use std::collections::BTreeSet;

use serde::Deserialize;
use thiserror::Error;

use crate::budget::Budget;
use crate::fields::{
    parse_cidr, parse_count_or_percent, parse_digest, parse_dns_label, parse_dns_subdomain,
    parse_env_name, parse_gateway_duration, parse_gateway_hostname, parse_go_identifier,
    parse_go_version, parse_header_name, parse_image, parse_main_package, parse_module_path,
    parse_name, parse_object_name, parse_quantity, parse_route_path, FieldError,
};
use crate::model::{Design, Gateway, GatewayMode, Middleware, ServiceType, DESIGN_VERSION};
use crate::names::{self, Follower};
use crate::validate::kube::quantity;
use crate::validate::Location;
use crate::yaml::{from_yaml_within, to_yaml};

/// Kubernetes minor releases the generated manifests are checked against.
pub const KUBERNETES_VERSIONS: [&str; 5] = ["1.33", "1.34", "1.35", "1.36", "1.37"];

/// One thing wrong with a design: where (a dotted field path) and what.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    /// The field, e.g. `cluster.ingress.host` or `groups[1].routes[0].path`.
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// Why a design file could not be used.
#[derive(Debug, Error)]
pub enum DesignFileError {
    /// The text is not YAML, or not a mapping of design fields (the message has the
    /// line and column).
    #[error("the design file is not valid: {0}")]
    Syntax(String),
    /// `version` is not a whole number.
    #[error("version {0} is not a whole number: use {DESIGN_VERSION}")]
    BadVersion(String),
    /// Written by a newer release of the tool than this one.
    #[error("design version {found} is newer than this tool understands ({DESIGN_VERSION}): update gin-deploy")]
    NewerVersion { found: u64 },
    /// Parsed, but some values are not acceptable.
    #[error("the design has {} problem(s):\n{}", .0.len(), .0.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Problem>),
}

/// Reads a design file: checks its version, fills omitted fields with defaults, and
/// refuses a design that fails [`check`]. The values of secret variables are dropped
/// (see [`read_design`] for which were).
pub fn parse_design(text: &str) -> Result<Design, DesignFileError> {
    read_design(text).map(|read| read.design)
}

/// A design read from a file, and what reading it left out.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReadDesign {
    pub design: Design,
    /// Values the design does not take from a file, by field: today the values of
    /// secret variables, which files written by earlier versions may hold.
    pub dropped: Vec<Problem>,
}

/// [`parse_design`], saying what it dropped.
pub fn read_design(text: &str) -> Result<ReadDesign, DesignFileError> {
    let value: serde_json::Value = from_yaml_within(text, &Budget::DESIGN)
        .map_err(|e| DesignFileError::Syntax(e.to_string()))?;
    read_value(&value, || {
        from_yaml_within(text, &Budget::DESIGN).map_err(|e| DesignFileError::Syntax(e.to_string()))
    })
}

/// [`read_design`] for a design in JSON, as the page keeps it (autosave, share
/// links): read with `serde_json` alone, so the page's module carries no YAML reader
/// (design files in YAML go to the worker). Errors say what was wrong, not where.
pub fn read_design_json(text: &str) -> Result<ReadDesign, DesignFileError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| DesignFileError::Syntax(e.to_string()))?;
    // serde_json's own reader, without a field path: a path tracker is ~60 KB of the
    // page's module, and these texts are the page's own writing.
    read_value(&value, || {
        Design::deserialize(&value).map_err(|e| DesignFileError::Syntax(e.to_string()))
    })
}

/// The checks and fill-ins of a design file, given its generic value (what the
/// file says and leaves out) and its typed reading.
fn read_value(
    value: &serde_json::Value,
    typed: impl FnOnce() -> Result<Design, DesignFileError>,
) -> Result<ReadDesign, DesignFileError> {
    if let Some(version) = value.get("version") {
        let found = version
            .as_u64()
            .ok_or_else(|| DesignFileError::BadVersion(version.to_string()))?;
        if found > u64::from(DESIGN_VERSION) {
            return Err(DesignFileError::NewerVersion { found });
        }
        if found == 0 {
            return Err(DesignFileError::BadVersion(version.to_string()));
        }
        // Version 1 and 2 files are read as they are (version 2 added
        // `cluster.gateway`, version 3 the optional `project`), and version 1 files
        // are migrated after the typed read below; a future version that changes the
        // meaning of a field adds a step here that rewrites an N-1 `value` into N
        // before the typed read (see docs/design-format.md).
    }
    let too_large = ports_out_of_range(value);
    if !too_large.is_empty() {
        return Err(DesignFileError::Invalid(too_large));
    }
    let mut design = typed()?;
    // Version 2 added `cluster.gateway`, and new designs route through the Gateway
    // API. A version 1 file never had a gateway, and a file of any version that
    // routes through an Ingress chose it: neither gets the default gateway.
    let version = value.get("version").and_then(serde_json::Value::as_u64);
    let cluster = value.get("cluster");
    if cluster.and_then(|k| k.get("gateway")).is_none()
        && (version == Some(1)
            || cluster
                .and_then(|k| k.get("ingress"))
                .is_some_and(|i| !i.is_null()))
    {
        design.cluster.gateway = None;
    }
    design.version = DESIGN_VERSION;
    if value
        .get("cluster")
        .and_then(|c| c.get("minAvailable"))
        .is_none()
        && design.cluster.replicas < 2
        && design.cluster.autoscaling.is_none()
    {
        // The default disruption budget keeps one pod up, which one replica cannot
        // allow for: a file that asks for one replica and says nothing of a budget
        // gets none, rather than a refusal of a value it never wrote.
        design.cluster.min_available = None;
    }
    let omitted: Vec<Follower> = [
        (Follower::Namespace, ["cluster", "namespace"]),
        (Follower::Module, ["service", "module"]),
        (Follower::Image, ["delivery", "image"]),
    ]
    .into_iter()
    .filter(|(_, [section, key])| value.get(section).and_then(|s| s.get(key)).is_none())
    .map(|(follower, _)| follower)
    .collect();
    names::follow_omitted(&mut design, &omitted);
    let mut dropped = Vec::new();
    for (i, var) in design.config.vars.iter_mut().enumerate() {
        if var.secret && !var.value.is_empty() {
            var.value.clear();
            dropped.push(Problem {
                field: format!("config.vars[{i}].value"),
                message: format!(
                    "the value of secret variable {} was dropped: a design never holds secret values; set it in .env for local runs, and in the cluster's Secret",
                    var.name
                ),
            });
        }
    }
    let problems = check(&design);
    if problems.is_empty() {
        Ok(ReadDesign { design, dropped })
    } else {
        Err(DesignFileError::Invalid(problems))
    }
}

/// Port and status numbers beyond what their fields hold (a `u16`), reported with the
/// field's own range rather than the reader's "expected u16".
fn ports_out_of_range(value: &serde_json::Value) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut number =
        |field: String, what: &str, found: Option<&serde_json::Value>, min: i64, max: i64| {
            if let Some(n) = found.and_then(serde_json::Value::as_i64) {
                if !(0..=i64::from(u16::MAX)).contains(&n) {
                    problems.push(Problem {
                        field,
                        message: format!("{what} {n} is out of range: use {min} to {max}"),
                    });
                }
            }
        };
    let at = |path: &[&str]| path.iter().try_fold(value, |v, key| v.get(key));
    number(
        "service.port".into(),
        "port",
        at(&["service", "port"]),
        1,
        65_535,
    );
    number(
        "cluster.servicePort".into(),
        "service port",
        at(&["cluster", "servicePort"]),
        1,
        65_535,
    );
    number(
        "cluster.nodePort".into(),
        "node port",
        at(&["cluster", "nodePort"]),
        30_000,
        32_767,
    );
    let groups = value.get("groups").and_then(serde_json::Value::as_array);
    for (g, group) in groups.into_iter().flatten().enumerate() {
        let routes = group.get("routes").and_then(serde_json::Value::as_array);
        for (r, route) in routes.into_iter().flatten().enumerate() {
            number(
                format!("groups[{g}].routes[{r}].status"),
                "status",
                route.get("status"),
                200,
                599,
            );
        }
    }
    problems
}

/// Writes a design as a design file.
pub fn write_design(design: &Design) -> String {
    // A design is plain data with string keys; writing it cannot fail short of a bug,
    // and then the file says so rather than the page panicking.
    to_yaml(design).unwrap_or_else(|e| format!("# {e}\n"))
}

/// Collects problems while walking a design.
#[derive(Default)]
struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    fn field<T>(&mut self, field: impl Into<String>, result: Result<T, FieldError>) {
        if let Err(error) = result {
            self.say(field, error.to_string());
        }
    }

    fn say(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            field: field.into(),
            message: message.into(),
        });
    }

    fn range(&mut self, field: &str, what: &str, value: i64, min: i64, max: i64) {
        if !(min..=max).contains(&value) {
            self.say(
                field,
                format!("{what} {value} is out of range: use {min} to {max}"),
            );
        }
    }

    fn no_control(&mut self, field: &str, what: &str, text: &str) {
        if text.chars().any(char::is_control) {
            self.say(
                field,
                format!("{what} {text:?} contains a line break or control character"),
            );
        }
    }
}

/// Every problem with a design, in field order. An empty list means every generator
/// can run on it and produce valid files.
pub fn check(design: &Design) -> Vec<Problem> {
    let mut c = Checker::default();
    let s = &design.service;
    c.field("service.name", parse_name(&s.name));
    c.field("service.module", parse_module_path(&s.module));
    c.field("service.goVersion", parse_go_version(&s.go_version));
    c.range("service.port", "port", s.port.into(), 1, 65_535);
    check_abuse_limits(&mut c, design);
    check_middleware(&mut c, "middleware", &design.middleware, design);
    check_routes(&mut c, design);
    check_config(&mut c, design);
    check_container(&mut c, design);
    check_cluster(&mut c, design);
    c.field("delivery.image", parse_image(&design.delivery.image));
    if let Some(project) = &design.project {
        c.field(
            "project.mainPackage",
            parse_main_package(&project.main_package),
        );
    }
    check_white_space(&mut c, design);
    c.problems
}

/// A value is what the generators write, so one with white space at either end (a
/// folded YAML scalar's newline, a pasted trailing space) is refused rather than
/// checked trimmed and written raw: `FROM golang:1.25 ` would break the Dockerfile's
/// next line, `" /ping"` registers `/ /ping` in Gin.
///
/// Free text is exempt, as it is written as typed and white space may be meant: a
/// config value, a route summary, an annotation value, extra ldflags.
fn check_white_space(c: &mut Checker, design: &Design) {
    fn free_text(path: &str) -> bool {
        path.starts_with("cluster.ingress.annotations.")
            || path == "container.ldflags"
            || (path.starts_with("config.vars[") && path.ends_with("].value"))
            || (path.starts_with("groups[") && path.ends_with("].summary"))
    }
    fn walk(c: &mut Checker, path: String, value: &serde_json::Value) {
        match value {
            serde_json::Value::String(text) if text.trim() != text && !free_text(&path) => c.say(
                path,
                format!(
                    "value {text:?} has white space at its start or end: use {:?}",
                    text.trim()
                ),
            ),
            serde_json::Value::Object(map) => {
                for (key, item) in map {
                    let at = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    walk(c, at, item);
                }
            }
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(c, format!("{path}[{i}]"), item);
                }
            }
            _ => {}
        }
    }
    // A design is plain data with string keys: it always has a JSON form.
    if let Ok(value) = serde_json::to_value(design) {
        walk(c, String::new(), &value);
    }
}

fn check_routes(c: &mut Checker, design: &Design) {
    // Gin's start-up panics (a route registered twice, two parameter names at one
    // position, a catch-all beside other routes…) come from the router model every
    // routing consumer shares, registering what the generated router registers.
    // Each sits at the field of the later route; they are merged in as the walk
    // reaches that field, and any left (at a metrics middleware's path) follow.
    let mut conflicts = crate::validate::routes::conflicts::check(design);
    for (g, group) in design.groups.iter().enumerate() {
        if !group.prefix.is_empty() {
            let base = crate::model::gin_join("/", &group.prefix);
            gin_path(
                c,
                format!("groups[{g}].prefix"),
                "prefix",
                &group.prefix,
                &base,
            );
        }
        check_middleware(
            c,
            &format!("groups[{g}].middleware"),
            &group.middleware,
            design,
        );
        for (r, route) in group.routes.iter().enumerate() {
            let at = format!("groups[{g}].routes[{r}]");
            let path_at = format!("{at}.path");
            let full = crate::model::join_path(&group.prefix, &route.path);
            let before = c.problems.len();
            if !route.path.is_empty() {
                gin_path(c, path_at.clone(), "path", &route.path, &full);
            }
            // A path that is malformed already says why; the full path and the
            // router's reading of the same text would only repeat it. White space
            // around the path or prefix is refused once, where it is.
            let padded = route.path.trim() != route.path || group.prefix.trim() != group.prefix;
            if c.problems.len() == before && !padded {
                c.field(path_at.clone(), parse_route_path(&full));
            }
            let malformed = c.problems.len() > before;
            let here = |d: &crate::validate::Diagnostic| matches!(&d.location, Location::Field { path } if *path == path_at);
            if conflicts.iter().any(here) {
                let (found, rest): (Vec<_>, Vec<_>) = conflicts.into_iter().partition(here);
                conflicts = rest;
                if !malformed {
                    for conflict in found {
                        c.say(path_at.clone(), startup_problem(&conflict));
                    }
                }
            }
            if !route.handler.is_empty() {
                c.field(
                    format!("{at}.handler"),
                    parse_go_identifier("handler", &route.handler),
                );
            }
            c.no_control(&format!("{at}.summary"), "summary", &route.summary);
            c.range(
                &format!("{at}.status"),
                "status",
                route.status.into(),
                200,
                599,
            );
        }
    }
    for conflict in conflicts {
        if let Location::Field { path } = &conflict.location {
            // A malformed path there is reported already.
            if !c.problems.iter().any(|p| p.field == *path) {
                c.say(path.clone(), startup_problem(&conflict));
            }
        }
    }
}

/// A group prefix or route path: valid Gin syntax, and nothing Go's `path.Join`
/// would rewrite. Gin cleans `.` and `..` segments away when it joins a group and a
/// route, so the route would be served at `registered` while the page, the
/// generated handler names and the Ingress read the path as written; refusing it
/// keeps one path everywhere.
fn gin_path(c: &mut Checker, field: String, what: &str, text: &str, registered: &str) {
    match parse_route_path(text) {
        Err(error) => c.say(field, error.to_string()),
        Ok(_) if crate::model::cleaned_by_gin(text) => c.say(
            field,
            format!("{what} {text:?} has a '.' or '..' segment, which Gin removes when it joins paths: it would register {registered}; write the path without them"),
        ),
        Ok(_) => {}
    }
}

/// A `GR1xx` start-up conflict as a field problem: the finding, what to do, its rule.
fn startup_problem(conflict: &crate::validate::Diagnostic) -> String {
    match &conflict.fix {
        Some(fix) => format!(
            "{}; {} ({})",
            conflict.message, fix.description, conflict.rule
        ),
        None => format!("{} ({})", conflict.message, conflict.rule),
    }
}

fn check_middleware(c: &mut Checker, at: &str, chain: &[Middleware], design: &Design) {
    let secret = |name: &str| {
        design
            .config
            .vars
            .iter()
            .any(|v| v.secret && v.name == name)
    };
    for (i, middleware) in chain.iter().enumerate() {
        let at = format!("{at}[{i}]");
        match middleware {
            Middleware::Logger | Middleware::Recovery | Middleware::ValidateJson => {}
            Middleware::RequestId { header } => {
                c.field(format!("{at}.header"), parse_header_name("header", header))
            }
            Middleware::Cors {
                allow_origins,
                allow_methods,
                allow_headers,
                allow_credentials,
                ..
            } => {
                if allow_origins.is_empty() {
                    c.say(
                        format!("{at}.allowOrigins"),
                        "CORS has no allowed origin: add one such as https://app.example.com",
                    );
                }
                for (o, origin) in allow_origins.iter().enumerate() {
                    let ok = origin == "*"
                        || ((origin.starts_with("https://") || origin.starts_with("http://"))
                            && !origin.ends_with('/')
                            && !origin.chars().any(|ch| {
                                ch.is_whitespace() || ch.is_control() || ch == '"' || ch == '\\'
                            }));
                    if !ok {
                        c.say(format!("{at}.allowOrigins[{o}]"), format!("origin {origin:?} is not valid: use scheme and host without a trailing '/', such as https://app.example.com, or *"));
                    }
                }
                if *allow_credentials && allow_origins.iter().any(|o| o == "*") {
                    c.say(format!("{at}.allowCredentials"), "CORS cannot allow credentials for origin *: browsers reject it; list the origins instead");
                }
                for (m, method) in allow_methods.iter().enumerate() {
                    if crate::model::Method::parse(method).is_none() {
                        c.say(format!("{at}.allowMethods[{m}]"), format!("method {method:?} is not one Gin routes: use GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS"));
                    }
                }
                for (h, header) in allow_headers.iter().enumerate() {
                    c.field(
                        format!("{at}.allowHeaders[{h}]"),
                        parse_header_name("header", header),
                    );
                }
            }
            Middleware::JwtAuth { header, secret_env } => {
                c.field(format!("{at}.header"), parse_header_name("header", header));
                c.field(
                    format!("{at}.secretEnv"),
                    parse_env_name("variable", secret_env),
                );
                if !secret(secret_env) {
                    c.say(format!("{at}.secretEnv"), format!("JWT key variable {secret_env} is not a secret config var: add it under config.vars with secret: true"));
                }
            }
            Middleware::RateLimit {
                requests_per_second,
                burst,
            } => {
                c.range(
                    &format!("{at}.requestsPerSecond"),
                    "requests per second",
                    (*requests_per_second).into(),
                    1,
                    1_000_000,
                );
                c.range(
                    &format!("{at}.burst"),
                    "burst",
                    (*burst).into(),
                    1,
                    1_000_000,
                );
            }
            Middleware::Timeout { millis } => c.range(
                &format!("{at}.millis"),
                "timeout",
                (*millis).into(),
                1,
                3_600_000,
            ),
            Middleware::Gzip { level } => {
                c.range(&format!("{at}.level"), "gzip level", (*level).into(), -1, 9)
            }
            Middleware::Metrics { path } => c.field(format!("{at}.path"), parse_route_path(path)),
            Middleware::Custom { name } => c.field(
                format!("{at}.name"),
                parse_go_identifier("middleware name", name),
            ),
        }
    }
}

/// What keeps the service's resources its own: the proxies it believes, the body
/// and time a client may take, and the metrics port.
fn check_abuse_limits(c: &mut Checker, design: &Design) {
    let s = &design.service;
    for (i, proxy) in s.trusted_proxies.iter().enumerate() {
        c.field(format!("service.trustedProxies[{i}]"), parse_cidr(proxy));
    }
    c.range(
        "service.maxBodyBytes",
        "body limit",
        i64::try_from(s.max_body_bytes).unwrap_or(i64::MAX),
        1,
        MAX_BODY_BYTES,
    );
    for (field, what, value) in [
        (
            "service.readTimeoutSeconds",
            "read timeout",
            s.read_timeout_seconds,
        ),
        (
            "service.writeTimeoutSeconds",
            "write timeout",
            s.write_timeout_seconds,
        ),
        (
            "service.idleTimeoutSeconds",
            "idle timeout",
            s.idle_timeout_seconds,
        ),
    ] {
        c.range(field, what, value.into(), 1, 3_600);
    }
    // The server cuts a response off at the write timeout: a Timeout middleware with a
    // longer limit could never answer its 503.
    let write_millis = u64::from(s.write_timeout_seconds) * 1_000;
    let longest = design
        .all_middleware()
        .filter_map(|m| match m {
            Middleware::Timeout { millis } => Some(*millis),
            _ => None,
        })
        .max();
    if let Some(millis) = longest.filter(|&m| u64::from(m) >= write_millis) {
        c.say(
            "service.writeTimeoutSeconds",
            format!(
                "write timeout {} s does not exceed the Timeout middleware's {millis} ms, which could then never answer: use at least {} s",
                s.write_timeout_seconds,
                u64::from(millis) / 1_000 + 1
            ),
        );
    }
    c.range(
        "service.metricsPort",
        "metrics port",
        s.metrics_port.into(),
        1,
        65_535,
    );
    if design.serves_metrics() && s.metrics_port == s.port {
        c.say(
            "service.metricsPort",
            format!(
                "metrics port {} is the listen port: metrics need a port of their own, such as {}",
                s.metrics_port,
                if s.port == 9090 { 9091 } else { 9090 }
            ),
        );
    }
}

/// The largest body limit a design may set: 1 GiB.
const MAX_BODY_BYTES: i64 = 1 << 30;

fn check_config(c: &mut Checker, design: &Design) {
    let mut names = BTreeSet::new();
    for (i, var) in design.config.vars.iter().enumerate() {
        c.field(
            format!("config.vars[{i}].name"),
            parse_env_name("variable", &var.name),
        );
        if ["PORT", "GIN_MODE", "SECRETS_DIR", "METRICS_PORT"].contains(&var.name.as_str()) {
            c.say(
                format!("config.vars[{i}].name"),
                format!(
                    "variable {} is set by the generated files: choose another name",
                    var.name
                ),
            );
        }
        if !names.insert(var.name.as_str()) {
            c.say(
                format!("config.vars[{i}].name"),
                format!("variable {} is defined twice", var.name),
            );
        }
        c.no_control(&format!("config.vars[{i}].value"), "value", &var.value);
        if var.secret && !var.value.is_empty() {
            c.field(
                format!("config.vars[{i}].value"),
                Err::<(), _>(FieldError::SecretValue {
                    name: var.name.clone(),
                }),
            );
        }
    }
    if let Some(db) = &design.database {
        c.field("database.urlEnv", parse_env_name("variable", &db.url_env));
        if !design
            .config
            .vars
            .iter()
            .any(|v| v.secret && v.name == db.url_env)
        {
            c.say("database.urlEnv", format!("database URL variable {} is not a secret config var: add it under config.vars with secret: true", db.url_env));
        }
        c.range(
            "database.maxOpenConns",
            "max open connections",
            db.max_open_conns.into(),
            1,
            10_000,
        );
        if db.max_idle_conns > db.max_open_conns {
            c.say(
                "database.maxIdleConns",
                format!(
                    "max idle connections {} exceeds max open connections {}: use at most {}",
                    db.max_idle_conns, db.max_open_conns, db.max_open_conns
                ),
            );
        }
    }
}

fn check_container(c: &mut Checker, design: &Design) {
    let container = &design.container;
    c.field(
        "container.builderImage",
        parse_image(&container.builder_image),
    );
    // The official golang images build with GOTOOLCHAIN=local: a module whose go.mod
    // (the scaffold's, or a team's own project's) declares a newer Go release than the
    // builder carries does not build at all.
    let go = &design.service.go_version;
    if let (Some(builder), Some(wanted)) =
        (golang_release(&container.builder_image), go_release(go))
    {
        if builder < wanted {
            c.say(
                "container.builderImage",
                format!(
                    "builder image {:?} carries Go {}.{}, older than the service's Go version {go}: use a golang:{go} image such as golang:{go}-alpine, or a lower Go version",
                    container.builder_image, builder.0, builder.1
                ),
            );
        }
    }
    match parse_digest(&container.runtime_digest) {
        Err(error) => c.say("container.runtimeDigest", error.to_string()),
        // White space around it is refused like any value's, below.
        Ok(digest) if container.runtime_digest.trim_start().starts_with('@') => c.say(
            "container.runtimeDigest",
            format!("write the digest as {digest:?}, without the leading @"),
        ),
        Ok(_) => {}
    }
    // Ids below 10000 may belong to a user on the node (checkov CKV_K8S_40).
    if container.user_id < 10_000 {
        c.say(
            "container.userId",
            format!(
                "user id {} may collide with a user on the node: use 10000 or above, such as 65532",
                container.user_id
            ),
        );
    }
    c.no_control("container.ldflags", "ldflags", &container.ldflags);
}

/// A Go release `1.25` (or `1.25.4`) as (major, minor).
fn go_release(text: &str) -> Option<(u32, u32)> {
    let mut parts = text.split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    Some((major, minor))
}

/// The Go release an official golang image's tag names (`golang:1.25.4-alpine3.22`,
/// `docker.io/library/golang:1.25@sha256:…`); `None` for other images and tags.
fn golang_release(image: &str) -> Option<(u32, u32)> {
    let image = image.split('@').next()?;
    let (repository, tag) = image.rsplit_once(':')?;
    if repository.rsplit('/').next()? != "golang" || repository.contains(':') {
        return None;
    }
    go_release(tag.split('-').next()?)
}

/// An external path prefix (Ingress or HTTPRoute): a path without parameters or a
/// trailing '/'; empty for none.
fn check_path_prefix(c: &mut Checker, field: &str, prefix: &str) {
    if prefix.is_empty() {
        return;
    }
    let ok = parse_route_path(prefix).is_ok()
        && prefix.len() > 1
        && !prefix.ends_with('/')
        && !prefix.contains([':', '*']);
    if !ok {
        c.say(field, format!("path prefix {prefix:?} is not valid: use a path such as /service-a, without parameters or a trailing '/'"));
    }
}

fn check_gateway(c: &mut Checker, gateway: &Gateway) {
    const AT: &str = "cluster.gateway";
    match gateway.mode {
        GatewayMode::Attach => {
            c.field(
                format!("{AT}.gatewayName"),
                parse_object_name("Gateway name", &gateway.gateway_name),
            );
            c.field(
                format!("{AT}.gatewayNamespace"),
                parse_dns_label("namespace", &gateway.gateway_namespace),
            );
            if !gateway.section_name.is_empty() {
                c.field(
                    format!("{AT}.sectionName"),
                    parse_dns_subdomain("listener name", &gateway.section_name),
                );
            }
        }
        GatewayMode::Generate => {
            c.field(
                format!("{AT}.className"),
                parse_object_name("GatewayClass", &gateway.class_name),
            );
            if !gateway.tls_secret.is_empty() {
                c.field(
                    format!("{AT}.tlsSecret"),
                    parse_object_name("TLS secret", &gateway.tls_secret),
                );
            }
        }
    }
    if gateway.hostnames.len() > 16 {
        c.say(
            format!("{AT}.hostnames"),
            format!(
                "{} hostnames: an HTTPRoute takes at most 16",
                gateway.hostnames.len()
            ),
        );
    }
    for (i, host) in gateway.hostnames.iter().enumerate() {
        c.field(format!("{AT}.hostnames[{i}]"), parse_gateway_hostname(host));
    }
    check_path_prefix(c, &format!("{AT}.pathPrefix"), &gateway.path_prefix);
    if !gateway.request_timeout.is_empty() {
        c.field(
            format!("{AT}.requestTimeout"),
            parse_gateway_duration("request timeout", &gateway.request_timeout),
        );
    }
    c.field(
        format!("{AT}.controllerNamespace"),
        parse_dns_label("namespace", &gateway.controller_namespace),
    );
}

fn check_cluster(c: &mut Checker, design: &Design) {
    let k = &design.cluster;
    c.field(
        "cluster.namespace",
        parse_dns_label("namespace", &k.namespace),
    );
    let max_replicas = 1_000;
    c.range(
        "cluster.replicas",
        "replicas",
        k.replicas.into(),
        1,
        max_replicas,
    );
    for (field, value) in [
        ("cluster.resources.cpuRequest", &k.resources.cpu_request),
        ("cluster.resources.cpuLimit", &k.resources.cpu_limit),
        (
            "cluster.resources.memoryRequest",
            &k.resources.memory_request,
        ),
        ("cluster.resources.memoryLimit", &k.resources.memory_limit),
    ] {
        c.field(field, parse_quantity("quantity", value));
    }
    // The API server refuses a container whose request exceeds its limit, and a
    // zero limit leaves no room to run.
    let resources = &k.resources;
    for (what, request, limit, at) in [
        (
            "CPU",
            &resources.cpu_request,
            &resources.cpu_limit,
            "cluster.resources.cpuLimit",
        ),
        (
            "memory",
            &resources.memory_request,
            &resources.memory_limit,
            "cluster.resources.memoryLimit",
        ),
    ] {
        let (Ok(r), Ok(l)) = (quantity::parse(request), quantity::parse(limit)) else {
            continue;
        };
        if l <= 0.0 {
            c.say(at, format!("{what} limit {limit} leaves the container nothing: use at least the request {request}"));
        } else if r > l {
            c.say(at, format!("{what} limit {limit} is below the request {request}: the API server refuses it; use a limit of at least {request}"));
        }
    }
    c.range(
        "cluster.probes.periodSeconds",
        "period",
        k.probes.period_seconds.into(),
        1,
        3_600,
    );
    c.range(
        "cluster.probes.timeoutSeconds",
        "timeout",
        k.probes.timeout_seconds.into(),
        1,
        3_600,
    );
    c.range(
        "cluster.probes.failureThreshold",
        "failure threshold",
        k.probes.failure_threshold.into(),
        1,
        100,
    );
    c.field(
        "cluster.maxSurge",
        parse_count_or_percent("maxSurge", &k.max_surge),
    );
    c.field(
        "cluster.maxUnavailable",
        parse_count_or_percent("maxUnavailable", &k.max_unavailable),
    );
    let zero = |v: &str| v.trim_end_matches('%').parse::<u64>() == Ok(0);
    if zero(&k.max_surge) && zero(&k.max_unavailable) {
        c.say("cluster.maxUnavailable", "maxSurge and maxUnavailable are both 0: a rollout could never progress; allow a surge of 1 or 25%");
    }
    c.range(
        "cluster.servicePort",
        "service port",
        k.service_port.into(),
        1,
        65_535,
    );
    match (k.service_type, k.node_port) {
        (ServiceType::NodePort, Some(port)) => {
            c.range("cluster.nodePort", "node port", port.into(), 30_000, 32_767)
        }
        (ServiceType::ClusterIP, Some(port)) => c.say(
            "cluster.nodePort",
            format!("node port {port} needs serviceType NodePort"),
        ),
        _ => {}
    }
    if !k.monitoring_namespace.is_empty() {
        c.field(
            "cluster.monitoringNamespace",
            parse_dns_label("namespace", &k.monitoring_namespace),
        );
    }
    if let Some(ingress) = &k.ingress {
        c.field(
            "cluster.ingress.className",
            parse_dns_label("ingress class", &ingress.class_name),
        );
        c.field(
            "cluster.ingress.host",
            parse_dns_subdomain("host", &ingress.host),
        );
        c.field(
            "cluster.ingress.controllerNamespace",
            parse_dns_label("namespace", &ingress.controller_namespace),
        );
        if !ingress.tls_secret.is_empty() {
            c.field(
                "cluster.ingress.tlsSecret",
                parse_object_name("TLS secret", &ingress.tls_secret),
            );
        }
        check_path_prefix(c, "cluster.ingress.pathPrefix", &ingress.path_prefix);
        for (key, value) in &ingress.annotations {
            let name = key.rsplit('/').next().unwrap_or(key);
            if name.is_empty() || key.chars().any(|ch| ch.is_whitespace() || ch.is_control()) {
                c.say(
                    format!("cluster.ingress.annotations.{key}"),
                    format!("annotation key {key:?} is not valid"),
                );
            }
            c.no_control(
                &format!("cluster.ingress.annotations.{key}"),
                "annotation",
                value,
            );
        }
    }
    if let Some(gateway) = &k.gateway {
        if k.ingress.is_some() {
            c.say(
                "cluster.gateway",
                "a design routes through an Ingress or the Gateway API, not both: remove cluster.ingress or cluster.gateway",
            );
        }
        check_gateway(c, gateway);
    }
    if let Some(hpa) = &k.autoscaling {
        c.range(
            "cluster.autoscaling.minReplicas",
            "min replicas",
            hpa.min_replicas.into(),
            1,
            max_replicas,
        );
        c.range(
            "cluster.autoscaling.maxReplicas",
            "max replicas",
            hpa.max_replicas.into(),
            hpa.min_replicas.max(1).into(),
            max_replicas,
        );
        c.range(
            "cluster.autoscaling.cpuUtilization",
            "CPU utilization",
            hpa.cpu_utilization.into(),
            1,
            100,
        );
    }
    if let Some(min) = k.min_available {
        let floor = k
            .autoscaling
            .as_ref()
            .map_or(k.replicas, |h| h.min_replicas.min(k.replicas));
        if floor < 2 {
            c.say("cluster.minAvailable", format!("minAvailable {min} with {floor} replica would block every node drain: turn the disruption budget off, or run 2 or more replicas"));
        } else if i64::from(min) >= i64::from(floor) {
            c.say("cluster.minAvailable", format!("minAvailable {min} is not below the {floor} replica(s) that can be running: node drains would block; use at most {}", floor - 1));
        }
    }
    if !KUBERNETES_VERSIONS.contains(&k.kubernetes_version.as_str()) {
        c.say(
            "cluster.kubernetesVersion",
            format!(
                "Kubernetes version {:?} is not supported: use one of {}",
                k.kubernetes_version,
                KUBERNETES_VERSIONS.join(", ")
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ConfigVar, Ingress, Method, Route, RouteGroup};

    #[test]
    fn the_default_design_has_no_problems_and_round_trips() {
        let design = Design::default();
        assert_eq!(check(&design), []);
        assert_eq!(parse_design(&write_design(&design)).unwrap(), design);
    }

    #[test]
    fn omitted_fields_take_their_defaults() {
        let design = parse_design("version: 2\nservice:\n  name: orders\n").unwrap();
        assert_eq!(design.service.name, "orders");
        assert_eq!(design.service.port, Design::default().service.port);
        let cluster = crate::model::Cluster {
            namespace: "orders".into(),
            ..Design::default().cluster
        };
        assert_eq!(design.cluster, cluster);
        assert!(design.cluster.gateway.is_some());
    }

    #[test]
    fn version_1_files_and_files_with_an_ingress_get_no_default_gateway() {
        let gateway = |text: &str| parse_design(text).unwrap().cluster.gateway;
        // Version 1 had no gateway: a file without routing keeps none.
        assert_eq!(gateway("version: 1\nservice:\n  name: orders\n"), None);
        // A file that routes through an Ingress chose it, in either version.
        for version in [1, 2] {
            let design = parse_design(&format!(
                "version: {version}\ncluster:\n  ingress:\n    host: a.example.com\n"
            ))
            .unwrap();
            assert_eq!(design.cluster.gateway, None);
            assert_eq!(design.cluster.ingress.unwrap().host, "a.example.com");
        }
        // A version 2 file that leaves routing out gets the default Gateway API route;
        // one that names a gateway keeps it in any version.
        assert!(gateway("version: 2\n").is_some());
        let named = gateway("version: 1\ncluster:\n  gateway:\n    gatewayName: edge\n").unwrap();
        assert_eq!(named.gateway_name, "edge");
        // Both layers at once is refused at cluster.gateway.
        let both = parse_design(
            "version: 2\ncluster:\n  ingress: {host: a.example.com}\n  gateway: {hostnames: [a.example.com]}\n",
        );
        match both {
            Err(DesignFileError::Invalid(problems)) => {
                assert_eq!(problems[0].field, "cluster.gateway");
                assert!(
                    problems[0].message.contains("not both"),
                    "{}",
                    problems[0].message
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_builder_image_carries_at_least_the_services_go_release() {
        assert_eq!(golang_release("golang:1.25.4-alpine3.22"), Some((1, 25)));
        assert_eq!(
            golang_release("docker.io/library/golang:1.9@sha256:abc"),
            Some((1, 9))
        );
        assert_eq!(golang_release("golang:alpine"), None);
        assert_eq!(golang_release("registry.example.com/go-builder:1.30"), None);
        assert_eq!(golang_release("localhost:5000/golang"), None);
        let mut design = Design::default();
        design.service.go_version = "1.24".into();
        assert_eq!(check(&design), []);
        design.service.go_version = "1.26".into();
        let problems = check(&design);
        assert_eq!(problems[0].field, "container.builderImage");
        assert_eq!(
            problems[0].message,
            "builder image \"golang:1.25.4-alpine3.22\" carries Go 1.25, older than the service's Go version 1.26: use a golang:1.26 image such as golang:1.26-alpine, or a lower Go version"
        );
        design.container.builder_image = "golang:1.26-alpine3.22".into();
        assert_eq!(check(&design), []);
        // 1.100 is newer than 1.26, not older.
        design.container.builder_image = "golang:1.100.1".into();
        assert_eq!(check(&design), []);
    }

    #[test]
    fn a_project_is_read_checked_and_written_back() {
        // Version 1 and 2 files never had one; they read as before, without it.
        for version in [1, 2] {
            let design = parse_design(&format!("version: {version}\n")).unwrap();
            assert_eq!(design.project, None);
            assert_eq!(design.version, DESIGN_VERSION);
            assert!(!write_design(&design).contains("project"));
        }
        let design = parse_design("version: 3\nproject:\n  mainPackage: ./cmd/server\n").unwrap();
        assert_eq!(
            design.project,
            Some(crate::model::Project {
                main_package: "./cmd/server".into()
            })
        );
        assert_eq!(parse_design(&write_design(&design)).unwrap(), design);
        // An empty project block means the module root.
        let root = parse_design("version: 3\nproject: {}\n").unwrap();
        assert_eq!(root.project.unwrap().main_package, ".");
        match parse_design("version: 3\nproject:\n  mainPackage: ../server\n") {
            Err(DesignFileError::Invalid(problems)) => {
                assert_eq!(problems[0].field, "project.mainPackage");
                assert_eq!(
                    problems[0].message,
                    "main package \"../server\" is not a folder of the module: start it with ./ as go build takes a folder, such as ./cmd/server, or write . for the module root"
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn gateway_fields_are_checked_by_field() {
        let problems = |gateway: &str| -> Vec<String> {
            match parse_design(&format!("version: 2\ncluster:\n  gateway: {gateway}\n")) {
                Err(DesignFileError::Invalid(problems)) => {
                    problems.into_iter().map(|p| p.field).collect()
                }
                other => panic!("{gateway}: {other:?}"),
            }
        };
        assert_eq!(
            problems("{gatewayName: Edge_1}"),
            ["cluster.gateway.gatewayName"]
        );
        assert_eq!(
            problems("{hostnames: [10.0.0.1]}"),
            ["cluster.gateway.hostnames[0]"]
        );
        assert_eq!(
            problems("{requestTimeout: 1.5s}"),
            ["cluster.gateway.requestTimeout"]
        );
        assert_eq!(
            problems("{pathPrefix: /a/:id}"),
            ["cluster.gateway.pathPrefix"]
        );
        assert_eq!(
            problems("{mode: generate, className: '', tlsSecret: Bad}"),
            ["cluster.gateway.className", "cluster.gateway.tlsSecret"]
        );
        assert_eq!(
            problems("{controllerNamespace: ''}"),
            ["cluster.gateway.controllerNamespace"]
        );
    }

    #[test]
    fn omitted_names_follow_the_files_service_name() {
        let design = parse_design("version: 1\nservice:\n  name: orders\n").unwrap();
        assert_eq!(design.cluster.namespace, "orders");
        assert_eq!(design.service.module, "example.com/orders");
        assert_eq!(design.delivery.image, "registry.example.com/orders:0.1.0");
        let design = parse_design(
            "service:\n  name: orders\ncluster:\n  namespace: shop\ndelivery:\n  image: ghcr.io/a/b:1\n",
        )
        .unwrap();
        assert_eq!(design.cluster.namespace, "shop");
        assert_eq!(design.delivery.image, "ghcr.io/a/b:1");
        assert_eq!(design.service.module, "example.com/orders");
    }

    #[test]
    fn secret_values_are_dropped_from_files_and_said() {
        let text = "config:\n  vars:\n  - {name: API_KEY, value: hunter2, secret: true}\n  - {name: LOG_LEVEL, value: debug}\n";
        let read = read_design(text).unwrap();
        assert_eq!(read.design.config.vars[0].value, "");
        assert_eq!(read.design.config.vars[1].value, "debug");
        assert_eq!(read.dropped.len(), 1);
        assert_eq!(read.dropped[0].field, "config.vars[0].value");
        assert!(read.dropped[0].message.contains("API_KEY"));
        assert!(!write_design(&read.design).contains("hunter2"));
        // A design that holds one anyway (built in code) fails its checks.
        let mut design = read.design;
        design.config.vars[0].value = "hunter2".into();
        assert_eq!(check(&design)[0].field, "config.vars[0].value");
    }

    /// `(file, the field its one problem is at, words of the message)`.
    fn refused(text: &str) -> (String, String) {
        match read_design(text) {
            Err(DesignFileError::Invalid(problems)) => {
                assert_eq!(problems.len(), 1, "{problems:?}");
                (problems[0].field.clone(), problems[0].message.clone())
            }
            Err(DesignFileError::BadVersion(v)) => ("version".into(), v),
            other => panic!("{text:?} was not refused: {other:?}"),
        }
    }

    #[test]
    fn values_with_white_space_around_them_are_refused_not_written_raw() {
        for (text, field) in [
            (
                "container:\n  builderImage: >\n    golang:1.25.4-alpine3.22\n",
                "container.builderImage",
            ),
            (
                "delivery:\n  image: 'registry.example.com/x:1 '\n",
                "delivery.image",
            ),
            (
                "groups:\n- routes:\n  - {method: GET, path: ' /ping'}\n",
                "groups[0].routes[0].path",
            ),
            ("service:\n  name: ' orders'\n", "service.name"),
            (
                &format!(
                    "container:\n  runtimeDigest: 'sha256:{}\n'\n",
                    "ab".repeat(32)
                ),
                "container.runtimeDigest",
            ),
        ] {
            let (at, message) = refused(text);
            assert_eq!(at, field, "{text}");
            assert!(message.contains("white space"), "{message}");
        }
    }

    #[test]
    fn a_runtime_digest_is_sha256_and_lowercase_hex_or_nothing() {
        let hex = "0123456789abcdef".repeat(4);
        let ok = format!("container:\n  runtimeDigest: sha256:{hex}\n");
        assert_eq!(
            read_design(&ok).unwrap().design.container.runtime_digest,
            format!("sha256:{hex}")
        );
        for bad in [
            format!("sha256:{}", hex.to_uppercase()),
            format!("sha256:{}", &hex[1..]),
            format!("sha512:{hex}"),
            hex.clone(),
        ] {
            let (at, message) = refused(&format!("container:\n  runtimeDigest: '{bad}'\n"));
            assert_eq!(at, "container.runtimeDigest", "{bad}");
            assert!(
                message.contains("sha256:") && message.contains("64 lowercase hex"),
                "{bad}: {message}"
            );
        }
        let (at, message) = refused(&format!("container:\n  runtimeDigest: '@sha256:{hex}'\n"));
        assert_eq!(at, "container.runtimeDigest");
        assert!(message.contains("without the leading @"), "{message}");
    }

    #[test]
    fn design_numbers_and_names_are_judged_as_kubernetes_judges_them() {
        // A Secret name is a DNS subdomain: one long part is fine (67 characters).
        let long = "a".repeat(67);
        let text = format!("cluster:\n  ingress:\n    tlsSecret: {long}\n");
        assert!(read_design(&text).is_ok());
        assert_eq!(refused("version: 0\n").0, "version");
        assert_eq!(
            refused("service:\n  port: 70000\n"),
            (
                "service.port".into(),
                "port 70000 is out of range: use 1 to 65535".into()
            )
        );
        // One replica and no word of a budget: no budget, rather than a refusal.
        let one = read_design("cluster:\n  replicas: 1\n").unwrap().design;
        assert_eq!(one.cluster.min_available, None);
        let (at, message) = refused("cluster:\n  replicas: 1\n  minAvailable: 1\n");
        assert_eq!(at, "cluster.minAvailable");
        assert!(
            message.contains("turn the disruption budget off, or run 2 or more replicas"),
            "{message}"
        );
        let (at, message) = refused("cluster:\n  resources: {cpuRequest: '2', cpuLimit: 500m}\n");
        assert_eq!(at, "cluster.resources.cpuLimit");
        assert_eq!(message, "CPU limit 500m is below the request 2: the API server refuses it; use a limit of at least 2");
        let (at, _) = refused("cluster:\n  resources: {memoryLimit: '0'}\n");
        assert_eq!(at, "cluster.resources.memoryLimit");
    }

    #[test]
    fn json_designs_read_as_design_files_do() {
        for preset in crate::presets::PRESETS {
            let design = preset.design().unwrap();
            let json = serde_json::to_string(&design).unwrap();
            assert_eq!(
                read_design_json(&json).unwrap().design,
                design,
                "{}",
                preset.id
            );
        }
        let json = r#"{"service":{"name":"orders"},"config":{"vars":[{"name":"K","value":"v","secret":true}]}}"#;
        let read = read_design_json(json).unwrap();
        assert_eq!(read.design.cluster.namespace, "orders");
        assert_eq!(read.dropped.len(), 1);
        let err = read_design_json(r#"{"service":{"port":"x"}}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("invalid type"), "{err}");
        assert!(matches!(
            read_design_json("version: 1"),
            Err(DesignFileError::Syntax(_))
        ));
    }

    #[test]
    fn unknown_fields_are_named_with_their_line() {
        let err = parse_design("version: 1\nservice:\n  name: orders\n  prot: 8080\n").unwrap_err();
        let text = err.to_string();
        assert!(text.contains("prot"), "{text}");
        assert!(text.contains('4'), "{text}");
    }

    #[test]
    fn a_newer_version_is_refused_with_advice() {
        let err = parse_design("version: 7\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "design version 7 is newer than this tool understands (3): update gin-deploy"
        );
        assert!(matches!(
            parse_design("version: one\n"),
            Err(DesignFileError::BadVersion(_))
        ));
    }

    #[test]
    fn bad_values_are_each_reported_at_their_field() {
        let mut design = Design::default();
        design.service.port = 0;
        design.cluster.namespace = "Team A".into();
        design.cluster.gateway = None;
        design.cluster.ingress = Some(Ingress {
            host: "bad host".into(),
            ..Ingress::default()
        });
        design.middleware.push(Middleware::JwtAuth {
            header: "Authorization".into(),
            secret_env: "JWT_SECRET".into(),
        });
        design.config.vars.push(ConfigVar {
            name: "PORT".into(),
            value: "1".into(),
            secret: false,
        });
        let fields: Vec<String> = check(&design).into_iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            [
                "service.port",
                "middleware[2].secretEnv",
                "config.vars[0].name",
                "cluster.namespace",
                "cluster.ingress.host"
            ]
        );
    }

    #[test]
    fn low_user_ids_are_refused() {
        let mut design = Design::default();
        design.container.user_id = 1000;
        let problems = check(&design);
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].message,
            "user id 1000 may collide with a user on the node: use 10000 or above, such as 65532"
        );
    }

    #[test]
    fn a_pdb_that_would_block_drains_is_refused() {
        let mut design = Design::default();
        design.cluster.replicas = 2;
        design.cluster.min_available = Some(2);
        let problems = check(&design);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, "cluster.minAvailable");
        design.cluster.min_available = Some(1);
        assert_eq!(check(&design), []);
    }

    fn routes_design(groups: &[(&str, &[(Method, &str)])]) -> Design {
        Design {
            groups: groups
                .iter()
                .map(|(prefix, routes)| RouteGroup {
                    prefix: (*prefix).to_owned(),
                    middleware: Vec::new(),
                    routes: routes.iter().map(|(m, p)| Route::new(*m, p)).collect(),
                })
                .collect(),
            ..Design::default()
        }
    }

    #[test]
    fn routes_gin_refuses_at_start_up_are_problems_at_the_later_route() {
        let design = routes_design(&[
            ("", &[(Method::Get, "/healthz")]),
            (
                "/users",
                &[(Method::Get, "/:id"), (Method::Get, "/:name/posts")],
            ),
            ("", &[(Method::Get, "/*any")]),
        ]);
        let problems = check(&design);
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(
            fields,
            ["groups[1].routes[1].path", "groups[2].routes[0].path"],
            "{problems:#?}"
        );
        assert_eq!(
            problems[0].message,
            "parameter :name in GET /users/:name/posts conflicts with parameter :id of GET /users/:id (groups[1].routes[0].path): one position holds one parameter name, so Gin panics at start-up; name it :id in both routes (GR102)"
        );
        assert!(
            problems[1].message.contains("GET /healthz")
                && problems[1].message.ends_with("(GR103)"),
            "{}",
            problems[1].message
        );
        let text = write_design(&design);
        assert!(matches!(parse_design(&text), Err(DesignFileError::Invalid(p)) if p == problems));
    }

    #[test]
    fn abuse_limits_are_checked_by_field() {
        let mut design = Design::default();
        design.service.trusted_proxies = vec!["10.0.0.0/8".into(), "0.0.0.0/0".into()];
        design.service.max_body_bytes = 0;
        design.service.idle_timeout_seconds = 0;
        design
            .middleware
            .push(Middleware::Timeout { millis: 30_000 });
        design.middleware.push(Middleware::Metrics {
            path: "/metrics".into(),
        });
        design.service.metrics_port = design.service.port;
        design.cluster.monitoring_namespace = "Monitoring".into();
        design.cluster.gateway = None;
        design.cluster.ingress = Some(Ingress {
            controller_namespace: String::new(),
            ..Ingress::default()
        });
        let problems: Vec<(String, String)> = check(&design)
            .into_iter()
            .map(|p| (p.field, p.message))
            .collect();
        let fields: Vec<&str> = problems.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            fields,
            [
                "service.trustedProxies[1]",
                "service.maxBodyBytes",
                "service.idleTimeoutSeconds",
                "service.writeTimeoutSeconds",
                "service.metricsPort",
                "cluster.monitoringNamespace",
                "cluster.ingress.controllerNamespace",
            ],
            "{problems:#?}"
        );
        assert_eq!(
            problems[3].1,
            "write timeout 30 s does not exceed the Timeout middleware's 30000 ms, which could then never answer: use at least 31 s"
        );
        assert_eq!(
            problems[4].1,
            "metrics port 8080 is the listen port: metrics need a port of their own, such as 9090"
        );
        // Without a metrics middleware the metrics port is unused, so it may be anything.
        let mut design = Design::default();
        design.service.metrics_port = design.service.port;
        assert_eq!(check(&design), Vec::new());
    }

    #[test]
    fn abuse_limits_survive_the_design_file() {
        let mut design = Design::default();
        design.service.trusted_proxies = vec!["10.42.0.0/16".into()];
        design.service.max_body_bytes = 4096;
        design.service.read_timeout_seconds = 5;
        design.service.write_timeout_seconds = 20;
        design.service.idle_timeout_seconds = 90;
        design.service.metrics_port = 9100;
        design.cluster.monitoring_namespace = "monitoring".into();
        design.cluster.gateway = None;
        design.cluster.ingress = Some(Ingress {
            controller_namespace: "traefik".into(),
            ..Ingress::default()
        });
        assert_eq!(parse_design(&write_design(&design)).unwrap(), design);
    }

    #[test]
    fn routes_the_generated_router_adds_take_part_in_the_start_up_checks() {
        // Metrics have an engine of their own on the metrics port: a catch-all on the
        // routed engine does not clash with them.
        let mut design = routes_design(&[("", &[(Method::Get, "/*any")])]);
        design.middleware.push(Middleware::Metrics {
            path: "/metrics".into(),
        });
        assert_eq!(check(&design), Vec::new());
        // Groups with their own CORS get OPTIONS routes for preflights; GET and POST
        // do not clash here, their preflights do.
        let cors = Middleware::catalog()
            .into_iter()
            .find(|m| matches!(m, Middleware::Cors { .. }))
            .unwrap();
        let mut design = routes_design(&[
            ("/api", &[(Method::Get, "/users/:id")]),
            ("/api", &[(Method::Post, "/users/:name/x")]),
        ]);
        for group in &mut design.groups {
            group.middleware.push(cors.clone());
        }
        let problems = check(&design);
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert_eq!(problems[0].field, "groups[1].routes[0].path");
        assert!(
            problems[0].message.starts_with(
                "parameter :name in OPTIONS /api/users/:name/x (the CORS preflight route the router adds) conflicts with parameter :id of OPTIONS /api/users/:id (the CORS preflight route the router adds for groups[0].routes[0].path)"
            ),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn a_trailing_slash_prefix_joins_as_gin_joins_it() {
        // Gin keeps the group's slash: "" is /api/, and so is "/" under it.
        let design = routes_design(&[("/api/", &[(Method::Get, ""), (Method::Get, "/")])]);
        let problems = check(&design);
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert_eq!(problems[0].field, "groups[0].routes[1].path");
        assert!(
            problems[0]
                .message
                .starts_with("route GET /api/ is registered twice, first as GET /api/ (groups[0].routes[0].path)"),
            "{}",
            problems[0].message
        );
        // Without the slash the two are /api and /api/: both fine.
        let design = routes_design(&[("/api", &[(Method::Get, ""), (Method::Get, "/")])]);
        assert_eq!(check(&design), []);
    }

    #[test]
    fn a_malformed_path_is_reported_once_not_again_as_a_conflict() {
        let design = routes_design(&[("", &[(Method::Get, "/users/:")])]);
        let problems = check(&design);
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert_eq!(problems[0].field, "groups[0].routes[0].path");
        assert!(!problems[0].message.contains("GR1"), "{problems:#?}");
    }

    #[test]
    fn dot_segments_gin_would_clean_away_are_refused() {
        let design = routes_design(&[("/api/./v1", &[(Method::Get, "/users/../admin")])]);
        let problems = check(&design);
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "groups[0].prefix: prefix \"/api/./v1\" has a '.' or '..' segment, which Gin removes when it joins paths: it would register /api/v1; write the path without them",
                "groups[0].routes[0].path: path \"/users/../admin\" has a '.' or '..' segment, which Gin removes when it joins paths: it would register /api/v1/admin; write the path without them",
            ]
        );
        let fine = routes_design(&[("/v1.2", &[(Method::Get, "/a..b/.well-known")])]);
        assert_eq!(check(&fine), []);
    }

    #[test]
    fn garbage_is_a_syntax_error_not_a_panic() {
        for text in ["", "[", "- a\n- b\n", "service: 3\n", "\u{0}"] {
            let result = parse_design(text);
            if text.is_empty() {
                // An empty file is an empty mapping or null; either way not a design we can read.
                assert!(result.is_err() || result.unwrap() == Design::default());
            } else {
                assert!(
                    matches!(result, Err(DesignFileError::Syntax(_))),
                    "{text:?}"
                );
            }
        }
    }
}
