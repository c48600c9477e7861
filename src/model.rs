//! The design a user builds: the single source every generated file is derived from.
//!
//! A [`Design`] is also the design file teams commit (see `docs/design-format.md`):
//! every struct takes its defaults for omitted fields, so a short file is a complete
//! design. Values typed in the page reach a design only once [`crate::fields`] accepts
//! them; a design read from a file is checked by [`crate::design_file`].

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The version of the design file layout this build writes.
pub const DESIGN_VERSION: u32 = 3;

/// One service, from its routes to the cluster objects that run it and the pipeline
/// that ships it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Design {
    pub version: u32,
    pub service: Service,
    /// Middleware every request passes, in order, before any group's own.
    pub middleware: Vec<Middleware>,
    /// Route groups; the group with the empty prefix holds top-level routes.
    pub groups: Vec<RouteGroup>,
    pub config: Config,
    pub database: Option<Database>,
    pub container: Container,
    pub cluster: Cluster,
    pub delivery: Delivery,
    /// Set when the design came from a Go project the team already has (imported,
    /// or `gin-deploy generate --deploy-only`): the Go code is the team's own, so the
    /// bundle is *deploy-only* and holds only the files that build and deploy it
    /// (Dockerfile, `.dockerignore`, `k8s/`, CI, README), no Go scaffold. Absent:
    /// the bundle includes the generated Gin scaffold.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project: Option<Project>,
}

/// The team's own Go project a deploy-only design describes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Project {
    /// The package holding `func main`, as `go build` takes it from the module root:
    /// `.` or `./` and a folder path such as `./cmd/server` (no `..`, no trailing
    /// slash). The Dockerfile builds it.
    pub main_package: String,
}

impl Default for Project {
    fn default() -> Self {
        Project {
            main_package: ".".into(),
        }
    }
}

/// The Go service itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Service {
    /// A DNS label; names the image, the Kubernetes objects and the container.
    pub name: String,
    /// The Go module path, e.g. `example.com/team/hello-gin`. Its last element
    /// follows the service name while it equals it; a file that leaves it out gets
    /// `example.com/<name>`.
    pub module: String,
    /// The Go release the module declares and the builder image carries, e.g. `1.25`.
    pub go_version: String,
    /// The port Gin listens on inside the container (overridable with `PORT`).
    pub port: u16,
    pub gin_mode: GinMode,
    /// Networks (CIDRs) of the proxies whose `X-Forwarded-For` the service believes,
    /// e.g. the ingress controller's pods. Empty: the client is the connection's
    /// peer, so no client can pick the address the rate limiter and the logs see.
    pub trusted_proxies: Vec<String>,
    /// The largest request body the service reads, in bytes; larger ones get 413.
    pub max_body_bytes: u64,
    /// How long a client may take to send a whole request, headers and body.
    pub read_timeout_seconds: u32,
    /// How long the service may take from the end of a request's headers to the end
    /// of its response; above every Timeout middleware's limit.
    pub write_timeout_seconds: u32,
    /// How long an idle keep-alive connection stays open.
    pub idle_timeout_seconds: u32,
    /// The port metrics are served on, apart from the routed listen port, when a
    /// metrics middleware is used; never reachable through the Service or Ingress.
    pub metrics_port: u16,
}

/// The body limit a new design gets: 1 MiB.
pub const DEFAULT_MAX_BODY_BYTES: u64 = 1 << 20;

/// Gin's run mode (`GIN_MODE`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum GinMode {
    Debug,
    Release,
    Test,
}

impl GinMode {
    pub fn as_str(self) -> &'static str {
        match self {
            GinMode::Debug => "debug",
            GinMode::Release => "release",
            GinMode::Test => "test",
        }
    }
}

/// Routes that share a path prefix and a middleware chain (`r.Group(prefix, ...)`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct RouteGroup {
    /// `""` for the top level, otherwise a path such as `/api/v1/user`.
    pub prefix: String,
    /// Middleware for this group only, in order, after the global chain.
    pub middleware: Vec<Middleware>,
    pub routes: Vec<Route>,
}

/// One Gin route.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Route {
    pub method: Method,
    /// The path below the group prefix, such as `/:id` or `/files/*filepath`.
    pub path: String,
    /// The Go handler function name in `controllers/`; derived from method and path when empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub handler: String,
    /// One line for the OpenAPI document.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    /// The status the generated handler answers with (200 unless set).
    #[serde(default = "default_status", skip_serializing_if = "is_default_status")]
    pub status: u16,
}

fn default_status() -> u16 {
    200
}

fn is_default_status(status: &u16) -> bool {
    *status == 200
}

impl Route {
    pub fn new(method: Method, path: &str) -> Route {
        Route {
            method,
            path: path.to_owned(),
            handler: String::new(),
            summary: String::new(),
            status: default_status(),
        }
    }
}

/// The HTTP methods Gin registers with a dedicated router function.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
    Options,
}

impl Method {
    pub const ALL: [Method; 7] = [
        Method::Get,
        Method::Post,
        Method::Put,
        Method::Patch,
        Method::Delete,
        Method::Head,
        Method::Options,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
        }
    }

    /// Reads a method name in any letter case.
    pub fn parse(text: &str) -> Option<Method> {
        Method::ALL
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(text.trim()))
    }

    /// Whether a request with this method usually carries a JSON body.
    pub fn has_body(self) -> bool {
        matches!(self, Method::Post | Method::Put | Method::Patch)
    }
}

/// One middleware of the catalog, with its settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "camelCase", deny_unknown_fields)]
pub enum Middleware {
    /// Gin's request logger.
    Logger,
    /// Gin's panic recovery (answers 500 instead of crashing).
    Recovery,
    /// Reads or creates a request id and echoes it in a response header.
    #[serde(rename_all = "camelCase")]
    RequestId { header: String },
    /// Cross-origin resource sharing (gin-contrib/cors).
    #[serde(rename_all = "camelCase")]
    Cors {
        allow_origins: Vec<String>,
        allow_methods: Vec<String>,
        allow_headers: Vec<String>,
        allow_credentials: bool,
        max_age_seconds: u32,
    },
    /// Bearer-token authentication with an HMAC-signed JWT (HS256).
    #[serde(rename_all = "camelCase")]
    JwtAuth {
        /// The request header carrying `Bearer <token>`.
        header: String,
        /// The environment variable (a secret config entry) holding the signing key.
        secret_env: String,
    },
    /// A token bucket per client IP.
    #[serde(rename_all = "camelCase")]
    RateLimit {
        requests_per_second: u32,
        burst: u32,
    },
    /// Answers 503 when the handler takes longer than this many milliseconds.
    #[serde(rename_all = "camelCase")]
    Timeout { millis: u32 },
    /// Gzip response compression (gin-contrib/gzip).
    #[serde(rename_all = "camelCase")]
    Gzip { level: i8 },
    /// Request counts and latencies in the Prometheus text format, served at `path`.
    #[serde(rename_all = "camelCase")]
    Metrics { path: String },
    /// Checks that requests with a body send `Content-Type: application/json` (the
    /// article's "validation" step).
    ValidateJson,
    /// A middleware the team writes; the bundle holds a pass-through to fill in.
    #[serde(rename_all = "camelCase")]
    Custom { name: String },
}

impl Middleware {
    /// A short name for lists and diagrams.
    pub fn label(&self) -> String {
        match self {
            Middleware::Logger => "Logger".into(),
            Middleware::Recovery => "Recovery".into(),
            Middleware::RequestId { .. } => "RequestID".into(),
            Middleware::Cors { .. } => "CORS".into(),
            Middleware::JwtAuth { .. } => "JWT auth".into(),
            Middleware::RateLimit { .. } => "Rate limit".into(),
            Middleware::Timeout { .. } => "Timeout".into(),
            Middleware::Gzip { .. } => "Gzip".into(),
            Middleware::Metrics { .. } => "Metrics".into(),
            Middleware::ValidateJson => "JSON validation".into(),
            Middleware::Custom { name } => format!("Custom: {name}"),
        }
    }

    /// The catalog with default settings, in the order a palette shows it.
    pub fn catalog() -> Vec<Middleware> {
        vec![
            Middleware::Recovery,
            Middleware::Logger,
            Middleware::RequestId {
                header: "X-Request-ID".into(),
            },
            Middleware::Cors {
                allow_origins: vec!["https://app.example.com".into()],
                allow_methods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
                    .map(String::from)
                    .to_vec(),
                allow_headers: ["Authorization", "Content-Type"].map(String::from).to_vec(),
                allow_credentials: false,
                max_age_seconds: 600,
            },
            Middleware::JwtAuth {
                header: "Authorization".into(),
                secret_env: "JWT_SECRET".into(),
            },
            Middleware::RateLimit {
                requests_per_second: 10,
                burst: 20,
            },
            Middleware::Timeout { millis: 5_000 },
            Middleware::Gzip { level: 5 },
            Middleware::Metrics {
                path: "/metrics".into(),
            },
            Middleware::ValidateJson,
            Middleware::Custom {
                name: "audit".into(),
            },
        ]
    }
}

/// Environment configuration: plain values go to `.env` and a ConfigMap; secrets are
/// named here (never valued) and read from `.env` locally and from a Secret in the
/// cluster.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Config {
    pub vars: Vec<ConfigVar>,
}

/// One environment variable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConfigVar {
    pub name: String,
    /// The value of a plain variable. Always empty for a secret one: a design never
    /// holds a secret's value (not in the page, its autosave, a design file or a
    /// link); it is set in `.env` for local runs and in the cluster's Secret.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub value: String,
    #[serde(default)]
    pub secret: bool,
}

/// A SQL database the service connects to with `database/sql`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Database {
    pub driver: DatabaseDriver,
    /// The secret config entry holding the connection string (DSN).
    pub url_env: String,
    pub max_open_conns: u32,
    pub max_idle_conns: u32,
    /// How long a connection may be reused, in seconds.
    pub conn_max_lifetime_seconds: u32,
    /// Ping the database at start-up and fail fast when it is unreachable.
    pub ping_on_connect: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DatabaseDriver {
    Postgres,
    Mysql,
}

impl Default for Database {
    fn default() -> Self {
        Database {
            driver: DatabaseDriver::Postgres,
            url_env: "DATABASE_URL".into(),
            max_open_conns: 20,
            max_idle_conns: 10,
            conn_max_lifetime_seconds: 1_800,
            ping_on_connect: true,
        }
    }
}

/// How the image is built.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Container {
    /// The builder image with a pinned tag (its Go release should match `service.goVersion`).
    pub builder_image: String,
    pub runtime: Runtime,
    /// The digest (`sha256:…`) the runtime base is pinned by, so every build runs on
    /// the same bytes; empty leaves it on its tag. `scratch` has nothing to pin and
    /// ignores it.
    pub runtime_digest: String,
    /// The numeric user the process runs as; never 0.
    pub user_id: u32,
    /// Extra `-ldflags` for `go build`, after `-s -w`.
    pub ldflags: String,
}

/// The base of the final image stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Runtime {
    /// `gcr.io/distroless/static-debian12:nonroot`: CA certificates and tzdata, no shell.
    Distroless,
    /// `alpine` with a pinned tag: a shell for debugging.
    Alpine,
    /// An empty image: only the binary and the CA certificates copied in.
    Scratch,
}

impl Runtime {
    /// The name the design file uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Runtime::Distroless => "distroless",
            Runtime::Alpine => "alpine",
            Runtime::Scratch => "scratch",
        }
    }
}

/// How the cluster runs the service.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Cluster {
    /// The namespace of every object; follows the service name while it equals it,
    /// and a file that leaves it out gets the service name.
    pub namespace: String,
    pub replicas: i32,
    pub resources: Resources,
    pub probes: Probes,
    /// Rolling update bounds, as counts or percentages (`25%`).
    pub max_surge: String,
    pub max_unavailable: String,
    pub service_type: ServiceType,
    /// The Service's port; the pods' port is always `service.port`.
    pub service_port: u16,
    /// The fixed node port for a NodePort Service (30000-32767), or none to let the cluster pick.
    pub node_port: Option<u16>,
    /// Routing through an Ingress (ingress-nginx); at most one of `ingress` and
    /// `gateway` is set, and neither means the Service is the way in.
    pub ingress: Option<Ingress>,
    /// Routing through the Gateway API: an HTTPRoute on an existing or a generated
    /// Gateway. New designs start with it.
    pub gateway: Option<Gateway>,
    pub autoscaling: Option<Autoscaling>,
    /// Pods that must stay up during voluntary disruptions; a PodDisruptionBudget when set.
    pub min_available: Option<u32>,
    /// A NetworkPolicy that admits only traffic to the listen port: from the ingress
    /// controller's namespace when an Ingress routes to a ClusterIP Service, from
    /// anywhere otherwise.
    pub network_policy: bool,
    /// The namespace Prometheus scrapes from (e.g. `monitoring`); the NetworkPolicy
    /// admits it to the metrics port. Empty: no source is admitted there.
    pub monitoring_namespace: String,
    /// Spread pods across nodes (`topologySpreadConstraints` on the hostname).
    pub spread_across_nodes: bool,
    /// The Kubernetes minor release the manifests target, e.g. `1.37`.
    pub kubernetes_version: String,
}

/// CPU and memory per container, as Kubernetes quantities.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Resources {
    pub cpu_request: String,
    pub cpu_limit: String,
    pub memory_request: String,
    pub memory_limit: String,
}

/// Probe settings; probe paths are always designed routes outside auth.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Probes {
    /// Add a startup probe so slow starts are not killed by the liveness probe.
    pub startup: bool,
    pub period_seconds: i32,
    pub timeout_seconds: i32,
    pub failure_threshold: i32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum ServiceType {
    ClusterIP,
    NodePort,
}

impl ServiceType {
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceType::ClusterIP => "ClusterIP",
            ServiceType::NodePort => "NodePort",
        }
    }
}

/// An Ingress in front of the Service.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Ingress {
    /// The IngressClass, e.g. `nginx`.
    pub class_name: String,
    pub host: String,
    /// A `kubernetes.io/tls` Secret with the certificate for `host`; no TLS when empty.
    pub tls_secret: String,
    /// An external path prefix the service is published under, e.g. `/service-a`.
    /// With ingress-nginx this becomes the regex `/service-a(/|$)(.*)` and the
    /// `rewrite-target: /$2` annotation, so the pods see paths without the prefix.
    pub path_prefix: String,
    /// Further annotations, copied as they are.
    pub annotations: BTreeMap<String, String>,
    /// The namespace the ingress controller runs in; the NetworkPolicy admits it
    /// (by `kubernetes.io/metadata.name`) and no other source.
    pub controller_namespace: String,
}

/// An HTTPRoute (Gateway API) in front of the Service, on a Gateway the cluster has
/// or on one the bundle generates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Gateway {
    /// Attach to an existing Gateway, or generate one with the bundle.
    pub mode: GatewayMode,
    /// The existing Gateway's name (attach mode).
    pub gateway_name: String,
    /// The existing Gateway's namespace (attach mode); its listener must allow
    /// routes from the service's namespace.
    pub gateway_namespace: String,
    /// The listener of the existing Gateway to attach to; empty: every listener that
    /// accepts the route.
    pub section_name: String,
    /// The GatewayClass of a generated Gateway, e.g. `eg` (Envoy Gateway).
    pub class_name: String,
    /// The DNS names the route answers; empty: every name its listeners accept.
    pub hostnames: Vec<String>,
    /// With a generated Gateway: a `kubernetes.io/tls` Secret in the service's
    /// namespace for an HTTPS listener, and plain HTTP then only redirects to HTTPS.
    pub tls_secret: String,
    /// An external path prefix the service is published under, e.g. `/service-a`;
    /// a `URLRewrite` filter (`ReplacePrefixMatch: /`) takes it off before the pods.
    pub path_prefix: String,
    /// The longest a request may take, as a Gateway API duration (`10s`); empty: the
    /// implementation's default.
    pub request_timeout: String,
    /// The namespace the Gateway's proxy pods run in; the NetworkPolicy admits it (by
    /// `kubernetes.io/metadata.name`) and no other source.
    pub controller_namespace: String,
}

/// Whether the bundle brings its own Gateway.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum GatewayMode {
    /// An HTTPRoute on a Gateway the cluster already has (a platform team's shared one).
    Attach,
    /// A Gateway of the design's own, in the service's namespace.
    Generate,
}

impl GatewayMode {
    pub fn as_str(self) -> &'static str {
        match self {
            GatewayMode::Attach => "attach",
            GatewayMode::Generate => "generate",
        }
    }
}

/// A HorizontalPodAutoscaler on CPU utilisation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Autoscaling {
    pub min_replicas: i32,
    pub max_replicas: i32,
    pub cpu_utilization: i32,
}

/// Where the image goes and which pipeline builds it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Delivery {
    pub ci: CiFlavour,
    /// The image the pipeline pushes and the manifests run, with a pinned tag or
    /// digest, e.g. `registry.example.com/team/hello-gin:0.1.0`. The repository's last
    /// segment follows the service name while it equals it; a file that leaves the
    /// image out gets `registry.example.com/<name>:0.1.0`.
    pub image: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CiFlavour {
    GithubActions,
    GitlabCi,
}

/// Paths the generators treat as health endpoints, in order of preference for probes.
pub const HEALTH_PATHS: [&str; 3] = ["/healthz", "/readyz", "/ping"];

/// A route with its group, as Gin registers it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolvedRoute<'a> {
    pub group: &'a RouteGroup,
    pub route: &'a Route,
    /// The group prefix joined with the route path.
    pub full_path: String,
}

/// The full path Gin 1.8.1 registers for a route of a group, as the generated
/// `routers/router.go` registers it: `r.Group(prefix)` (or the engine itself for a
/// top-level group) then `GET(path)`. A group's base path is `joinPaths("/", prefix)`
/// (the engine's base is `/`) and the route's is `joinPaths(base, path)`, so a
/// trailing slash on either side survives: `/api/` with `""` is `/api/`, and `/api`
/// with `""` is `/api`.
///
/// Go's `path.Join` inside `joinPaths` also cleans `.`, `..` and `//` away; that is
/// modelled too, so the model is exact for any input, but
/// [`crate::design_file::check`] refuses such paths (a route would be served at a
/// path other than the one the design shows and the generated names come from).
pub fn join_path(prefix: &str, path: &str) -> String {
    let plain = |p: &str| p.is_empty() || (p.starts_with('/') && !cleaned_by_gin(p));
    if !(plain(prefix) && plain(path)) {
        return gin_join(&gin_join("/", prefix), path);
    }
    // The common case, without cleaning (the editor checks every route on each
    // keystroke): `path.Join` would only drop the prefix's trailing slash, and
    // `joinPaths` puts back the one the route path ends with.
    match (prefix, path) {
        ("", "") => "/".to_owned(),
        (prefix, "") => prefix.to_owned(),
        (prefix, path) => format!("{}{path}", prefix.trim_end_matches('/')),
    }
}

/// Gin's `joinPaths(absolutePath, relativePath)` (`utils.go`).
pub fn gin_join(absolute: &str, relative: &str) -> String {
    if relative.is_empty() {
        return absolute.to_owned();
    }
    // `path.Join` skips empty elements before cleaning.
    let joined = if absolute.is_empty() {
        relative.to_owned()
    } else {
        format!("{absolute}/{relative}")
    };
    let mut full = go_clean(&joined);
    if relative.ends_with('/') && !full.ends_with('/') {
        full.push('/');
    }
    full
}

/// Go's `path.Clean`: one '/' between segments, `.` dropped, `..` eating the segment
/// before it (and nothing at the root), no trailing '/' but on `/` itself.
fn go_clean(path: &str) -> String {
    if path.is_empty() {
        return ".".to_owned();
    }
    let rooted = path.starts_with('/');
    let mut segments: Vec<&str> = Vec::new();
    // How many leading `..` a relative path keeps: they cannot be eaten.
    let mut kept_parents = 0;
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if segments.len() > kept_parents {
                    segments.pop();
                } else if !rooted {
                    segments.push("..");
                    kept_parents += 1;
                }
            }
            _ => segments.push(segment),
        }
    }
    let body = segments.join("/");
    match (rooted, body.is_empty()) {
        (true, _) => format!("/{body}"),
        (false, true) => ".".to_owned(),
        (false, false) => body,
    }
}

/// Whether Go's `path.Join` would rewrite this path: it has a `.` or `..` segment or
/// an empty one (`//`) before its end.
pub fn cleaned_by_gin(path: &str) -> bool {
    path.contains("//") || path.split('/').any(|s| s == "." || s == "..")
}

impl Design {
    /// A design to start from nothing: the service, its health route and the
    /// Recovery and Logger every chain starts with; no other route, variable,
    /// database or routing object.
    pub fn blank() -> Design {
        let defaults = Design::default();
        Design {
            cluster: Cluster {
                gateway: None,
                ..defaults.cluster
            },
            groups: vec![RouteGroup {
                prefix: String::new(),
                middleware: Vec::new(),
                routes: vec![Route::new(Method::Get, "/healthz")],
            }],
            ..defaults
        }
    }

    /// The image repository without tag or digest, where the pipeline pushes.
    pub fn image_repository(&self) -> &str {
        crate::names::repository_of(&self.delivery.image)
    }

    /// Every route with its group and full path, in registration order.
    pub fn routes(&self) -> impl Iterator<Item = ResolvedRoute<'_>> {
        self.groups.iter().flat_map(|group| {
            group.routes.iter().map(move |route| ResolvedRoute {
                group,
                route,
                full_path: join_path(&group.prefix, &route.path),
            })
        })
    }

    /// The whole middleware chain a route's requests pass, global first.
    pub fn chain<'a>(&'a self, group: &'a RouteGroup) -> impl Iterator<Item = &'a Middleware> {
        self.middleware.iter().chain(group.middleware.iter())
    }

    /// Whether requests to routes of this group need a token.
    pub fn requires_auth(&self, group: &RouteGroup) -> bool {
        self.chain(group)
            .any(|m| matches!(m, Middleware::JwtAuth { .. }))
    }

    /// The path the kubelet probes: the first designed `GET` health route outside auth.
    pub fn probe_path(&self) -> Option<String> {
        HEALTH_PATHS.into_iter().find_map(|health| {
            self.routes()
                .find(|r| {
                    r.route.method == Method::Get
                        && r.full_path == health
                        && !self.requires_auth(r.group)
                })
                .map(|r| r.full_path)
        })
    }

    /// The JWT middleware's settings, if any group or the global chain uses it.
    pub fn jwt(&self) -> Option<(&str, &str)> {
        self.middleware
            .iter()
            .chain(self.groups.iter().flat_map(|g| g.middleware.iter()))
            .find_map(|m| match m {
                Middleware::JwtAuth { header, secret_env } => {
                    Some((header.as_str(), secret_env.as_str()))
                }
                _ => None,
            })
    }

    /// Every middleware used anywhere, global chain first.
    /// Whether a metrics middleware is used, so the service serves metrics on
    /// `service.metricsPort`.
    pub fn serves_metrics(&self) -> bool {
        self.all_middleware()
            .any(|m| matches!(m, Middleware::Metrics { .. }))
    }

    pub fn all_middleware(&self) -> impl Iterator<Item = &Middleware> {
        self.middleware
            .iter()
            .chain(self.groups.iter().flat_map(|g| g.middleware.iter()))
    }
}

impl Default for Design {
    fn default() -> Self {
        Design {
            version: DESIGN_VERSION,
            service: Service::default(),
            middleware: vec![Middleware::Recovery, Middleware::Logger],
            groups: vec![
                RouteGroup {
                    prefix: String::new(),
                    middleware: Vec::new(),
                    routes: vec![
                        Route::new(Method::Get, "/ping"),
                        Route::new(Method::Get, "/healthz"),
                    ],
                },
                RouteGroup {
                    prefix: "/api/v1".into(),
                    middleware: Vec::new(),
                    routes: vec![Route::new(Method::Get, "/users/:id")],
                },
            ],
            config: Config::default(),
            database: None,
            container: Container::default(),
            cluster: Cluster::default(),
            delivery: Delivery::default(),
            project: None,
        }
    }
}

impl Default for Service {
    fn default() -> Self {
        Service {
            name: "hello-gin".into(),
            module: "example.com/hello-gin".into(),
            go_version: "1.25".into(),
            port: 8080,
            gin_mode: GinMode::Release,
            trusted_proxies: Vec::new(),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            read_timeout_seconds: 15,
            write_timeout_seconds: 30,
            idle_timeout_seconds: 60,
            metrics_port: 9090,
        }
    }
}

impl Default for Container {
    fn default() -> Self {
        Container {
            builder_image: "golang:1.25.4-alpine3.22".into(),
            runtime: Runtime::Distroless,
            runtime_digest: String::new(),
            user_id: 65_532,
            ldflags: String::new(),
        }
    }
}

impl Cluster {
    /// The namespace of the routing layer's proxies: the ingress controller's or the
    /// Gateway's; none without routing.
    pub fn routing_namespace(&self) -> Option<&str> {
        match (&self.ingress, &self.gateway) {
            (Some(ingress), _) => Some(&ingress.controller_namespace),
            (None, Some(gateway)) => Some(&gateway.controller_namespace),
            (None, None) => None,
        }
    }
}

/// How clients outside the cluster reach the service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Published<'a> {
    /// "the Ingress" or "the Gateway", for sentences.
    pub through: &'static str,
    /// The host clients use; none when the route answers any.
    pub host: Option<&'a str>,
    /// The external path prefix, without a trailing '/'; empty for none.
    pub path_prefix: &'a str,
    /// Whether clients use HTTPS: an Ingress or a generated Gateway with a TLS secret,
    /// or an existing Gateway (a shared Gateway terminates TLS for its routes).
    pub https: bool,
}

impl Cluster {
    /// The routing layer's public address, none without one.
    pub fn published(&self) -> Option<Published<'_>> {
        if let Some(ingress) = &self.ingress {
            return Some(Published {
                through: "the Ingress",
                host: Some(ingress.host.as_str()).filter(|h| !h.is_empty()),
                path_prefix: ingress.path_prefix.trim_end_matches('/'),
                https: !ingress.tls_secret.is_empty(),
            });
        }
        let gateway = self.gateway.as_ref()?;
        Some(Published {
            through: "the Gateway",
            host: gateway
                .hostnames
                .iter()
                .find(|h| !h.starts_with('*'))
                .map(String::as_str),
            path_prefix: gateway.path_prefix.trim_end_matches('/'),
            https: match gateway.mode {
                GatewayMode::Attach => true,
                GatewayMode::Generate => !gateway.tls_secret.is_empty(),
            },
        })
    }
}

impl Default for Cluster {
    fn default() -> Self {
        Cluster {
            namespace: "hello-gin".into(),
            replicas: 2,
            resources: Resources::default(),
            probes: Probes::default(),
            max_surge: "25%".into(),
            max_unavailable: "0".into(),
            service_type: ServiceType::ClusterIP,
            service_port: 80,
            node_port: None,
            ingress: None,
            gateway: Some(Gateway::default()),
            autoscaling: None,
            // Two replicas by default, so one may be drained at a time.
            min_available: Some(1),
            network_policy: true,
            monitoring_namespace: String::new(),
            spread_across_nodes: false,
            kubernetes_version: "1.37".into(),
        }
    }
}

impl Default for Resources {
    fn default() -> Self {
        Resources {
            cpu_request: "100m".into(),
            cpu_limit: "500m".into(),
            memory_request: "128Mi".into(),
            memory_limit: "256Mi".into(),
        }
    }
}

impl Default for Probes {
    fn default() -> Self {
        Probes {
            startup: false,
            period_seconds: 10,
            timeout_seconds: 2,
            failure_threshold: 3,
        }
    }
}

impl Default for Ingress {
    fn default() -> Self {
        Ingress {
            class_name: "nginx".into(),
            host: "app.example.com".into(),
            tls_secret: String::new(),
            path_prefix: String::new(),
            annotations: BTreeMap::new(),
            controller_namespace: "ingress-nginx".into(),
        }
    }
}

impl Default for Gateway {
    fn default() -> Self {
        Gateway {
            mode: GatewayMode::Attach,
            gateway_name: "shared-gateway".into(),
            gateway_namespace: "gateway-system".into(),
            section_name: String::new(),
            class_name: "eg".into(),
            hostnames: vec!["app.example.com".into()],
            tls_secret: String::new(),
            path_prefix: String::new(),
            request_timeout: String::new(),
            controller_namespace: "gateway-system".into(),
        }
    }
}

impl Default for Autoscaling {
    fn default() -> Self {
        Autoscaling {
            min_replicas: 2,
            max_replicas: 10,
            cpu_utilization: 70,
        }
    }
}

impl Default for Delivery {
    fn default() -> Self {
        Delivery {
            ci: CiFlavour::GithubActions,
            image: "registry.example.com/hello-gin:0.1.0".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtime_names_are_the_design_file_names() {
        for runtime in [Runtime::Distroless, Runtime::Alpine, Runtime::Scratch] {
            assert_eq!(
                serde_json::to_value(runtime).unwrap(),
                serde_json::Value::from(runtime.as_str())
            );
        }
    }

    #[test]
    fn probe_path_prefers_healthz_and_skips_other_methods_and_auth() {
        let mut design = Design::default();
        assert_eq!(design.probe_path().as_deref(), Some("/healthz"));
        design.groups[0].routes.retain(|r| r.path != "/healthz");
        assert_eq!(design.probe_path().as_deref(), Some("/ping"));
        design.groups[0].middleware.push(Middleware::JwtAuth {
            header: "Authorization".into(),
            secret_env: "JWT_SECRET".into(),
        });
        assert_eq!(design.probe_path(), None);
        design.groups[0].middleware.clear();
        design.groups[0].routes = vec![Route::new(Method::Post, "/ping")];
        assert_eq!(design.probe_path(), None);
    }

    #[test]
    fn joined_paths_match_gin_groups() {
        for (prefix, path, full) in [
            ("", "/ping", "/ping"),
            ("", "", "/"),
            ("", "/", "/"),
            ("/api/v1", "/users/:id", "/api/v1/users/:id"),
            ("/api/v1/", "/users", "/api/v1/users"),
            ("/api", "", "/api"),
            ("/api", "/", "/api/"),
            // Gin keeps the group's trailing slash when the route adds nothing...
            ("/api/", "", "/api/"),
            // ...so this is the same route as the one above.
            ("/api/", "/", "/api/"),
            ("/api/", "/users/", "/api/users/"),
            ("/", "", "/"),
            ("/", "/x", "/x"),
            // path.Join cleans what it joins.
            ("/api", "/../x", "/x"),
            ("/api/./v1", "/users", "/api/v1/users"),
            ("/api", "/a/../", "/api/"),
            ("/..", "/x", "/x"),
            ("/static", "/*filepath", "/static/*filepath"),
        ] {
            assert_eq!(join_path(prefix, path), full, "{prefix:?} + {path:?}");
        }
    }

    #[test]
    fn the_shortcut_for_plain_paths_is_gin_join_itself() {
        let parts = [
            "",
            "/",
            "//",
            "/api",
            "/api/",
            "/api//",
            "/a/./b",
            "/a/..",
            "/.",
            "api",
            "x/",
            "/users/:id",
            "/*all",
            "/static/",
            "/..",
            "/a.b",
        ];
        for prefix in parts {
            for path in parts {
                assert_eq!(
                    join_path(prefix, path),
                    gin_join(&gin_join("/", prefix), path),
                    "{prefix:?} + {path:?}"
                );
            }
        }
    }

    #[test]
    fn gin_join_nests_like_groups_of_groups() {
        // r.Group("/api/").Group("v1/") then GET(""): each step is joinPaths.
        let api = gin_join("/", "/api/");
        assert_eq!(api, "/api/");
        let v1 = gin_join(&api, "v1/");
        assert_eq!(v1, "/api/v1/");
        assert_eq!(gin_join(&v1, ""), "/api/v1/");
        assert_eq!(gin_join(&gin_join(&api, "/v1"), ""), "/api/v1");
    }

    #[test]
    fn go_clean_follows_path_clean() {
        // Cases from Go's path/path_test.go.
        for (input, clean) in [
            ("", "."),
            ("abc", "abc"),
            ("abc/def", "abc/def"),
            ("a/b/c", "a/b/c"),
            (".", "."),
            ("..", ".."),
            ("../..", "../.."),
            ("../../abc", "../../abc"),
            ("/abc", "/abc"),
            ("/", "/"),
            ("abc/", "abc"),
            ("abc/def/", "abc/def"),
            ("/abc/def/", "/abc/def"),
            ("abc//def//ghi", "abc/def/ghi"),
            ("//abc", "/abc"),
            ("///abc", "/abc"),
            ("//abc//", "/abc"),
            ("abc/./def", "abc/def"),
            ("/./abc/def", "/abc/def"),
            ("abc/.", "abc"),
            ("abc/def/ghi/../jkl", "abc/def/jkl"),
            ("abc/def/../ghi/../jkl", "abc/jkl"),
            ("abc/def/..", "abc"),
            ("abc/def/../..", "."),
            ("/abc/def/../..", "/"),
            ("abc/def/../../..", ".."),
            ("/abc/def/../../..", "/"),
            ("abc/def/../../../ghi/jkl/../../../mno", "../../mno"),
            ("abc/./../def", "def"),
            ("abc//./../def", "def"),
            ("abc/../../././../def", "../../def"),
        ] {
            assert_eq!(go_clean(input), clean, "{input:?}");
        }
    }

    #[test]
    fn cleaned_paths_are_told_apart() {
        for path in ["/a/./b", "/a/..", "/../x", "/a//b", "//a", "."] {
            assert!(cleaned_by_gin(path), "{path}");
        }
        for path in ["", "/", "/a/", "/a/b", "/a.b/..c", "/:id", "/*all"] {
            assert!(!cleaned_by_gin(path), "{path}");
        }
    }

    #[test]
    fn method_parse_accepts_any_case_and_rejects_unknown() {
        assert_eq!(Method::parse("get"), Some(Method::Get));
        assert_eq!(Method::parse(" Delete "), Some(Method::Delete));
        assert_eq!(Method::parse("BREW"), None);
    }
}
