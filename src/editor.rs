//! The editing state behind the page, as a pure reducer: [`apply`] takes the current
//! [`Editor`] and one user [`Action`] and returns the next state.
//!
//! The editor keeps the user's raw text for every field, so nothing typed is lost,
//! and admits a value into the [`Design`] only once it parses *and* the whole design
//! still passes [`check`]. While a field is invalid the design keeps its last valid
//! value, so every generated file stays well-formed. The same rule holds for every
//! other action (adding a route, enabling an autoscaler, removing a variable): one
//! that would leave the design with a problem is refused, and the reason is kept at
//! the field or control that asked for it.
//!
//! Promise: after any action, `check(&editor.design)` is empty, provided the editor
//! was created from a design that passed it (every design the page opens does: files,
//! links, presets and the autosave all go through `design_file::parse_design`).

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::design_file::{check, KUBERNETES_VERSIONS};
use crate::fields::{
    parse_cidr, parse_count_or_percent, parse_digest, parse_dns_label, parse_dns_subdomain,
    parse_env_name, parse_gateway_duration, parse_gateway_hostname, parse_go_identifier,
    parse_go_version, parse_group_prefix, parse_header_name, parse_image, parse_in_range,
    parse_list, parse_method, parse_module_path, parse_name, parse_object_name, parse_origin,
    parse_port, parse_quantity, parse_replicas, parse_route_path, FieldError,
};
use crate::model::{
    join_path, Autoscaling, CiFlavour, ConfigVar, Database, DatabaseDriver, Design, Gateway,
    GatewayMode, GinMode, Ingress, Method, Middleware, Route, RouteGroup, Runtime, ServiceType,
};
use crate::names;

/// Which middleware chain: the global one, or a route group's (by group index).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Scope {
    Global,
    Group(usize),
}

/// An editable part of one route.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RouteField {
    Method,
    /// The path below the group prefix.
    Path,
    Handler,
    Summary,
    Status,
}

/// A setting of one middleware; each applies to the kinds that have it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Setting {
    /// RequestID's response header, JWT auth's token header.
    Header,
    Origins,
    Methods,
    Headers,
    Credentials,
    MaxAge,
    SecretEnv,
    RequestsPerSecond,
    Burst,
    Millis,
    Level,
    Path,
    Name,
}

/// An editable part of one environment variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum VarField {
    Name,
    Value,
    Secret,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum DatabaseField {
    /// Whether the service has a database at all.
    Enabled,
    Driver,
    UrlEnv,
    MaxOpenConns,
    MaxIdleConns,
    ConnMaxLifetime,
    PingOnConnect,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ContainerField {
    BuilderImage,
    Runtime,
    RuntimeDigest,
    UserId,
    Ldflags,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ClusterField {
    Namespace,
    CpuRequest,
    CpuLimit,
    MemoryRequest,
    MemoryLimit,
    StartupProbe,
    ProbePeriod,
    ProbeTimeout,
    ProbeFailureThreshold,
    MaxSurge,
    MaxUnavailable,
    ServiceType,
    ServicePort,
    NodePort,
    /// The routing layer: the Gateway API, an Ingress or none (a select).
    Routing,
    IngressClass,
    IngressHost,
    IngressTlsSecret,
    IngressPathPrefix,
    /// Whether there is a HorizontalPodAutoscaler.
    Autoscaling,
    MinReplicas,
    MaxReplicas,
    CpuUtilization,
    /// Whether there is a PodDisruptionBudget.
    Pdb,
    MinAvailable,
    NetworkPolicy,
    SpreadAcrossNodes,
    KubernetesVersion,
    /// The namespace the NetworkPolicy admits to the metrics port.
    MonitoringNamespace,
    /// The ingress controller's namespace, which the NetworkPolicy admits.
    IngressControllerNamespace,
    /// Attach to an existing Gateway or generate one (a select).
    GatewayMode,
    GatewayName,
    GatewayNamespace,
    GatewaySectionName,
    GatewayClass,
    /// The HTTPRoute's hostnames, comma-separated.
    GatewayHostnames,
    GatewayTlsSecret,
    GatewayPathPrefix,
    GatewayRequestTimeout,
    /// The namespace of the Gateway's proxies, which the NetworkPolicy admits.
    GatewayControllerNamespace,
}

/// A control of the design form: a text input, a select or a checkbox, or the place
/// where an action on a list reports why it was refused. Indexes address groups,
/// routes, middleware and variables as they are in the design now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Field {
    Name,
    Port,
    Replicas,
    Image,
    /// The path of the route about to be added.
    NewRoutePath,
    Module,
    GoVersion,
    GinMode,
    Ci,
    /// The networks whose `X-Forwarded-For` the service believes, comma-separated.
    TrustedProxies,
    MaxBodyBytes,
    ReadTimeout,
    WriteTimeout,
    IdleTimeout,
    MetricsPort,
    /// The prefix of the group about to be added.
    NewGroupPrefix,
    GroupPrefix(usize),
    /// A route group as a whole: where moving or removing it, or one of its routes,
    /// reports a refusal.
    Group(usize),
    /// A route, by group index and index within the group.
    Route(usize, usize, RouteField),
    /// A middleware chain: where adding to it reports a refusal.
    Chain(Scope),
    Middleware(Scope, usize, Setting),
    /// The name of the variable about to be added.
    NewVarName,
    Var(usize, VarField),
    Database(DatabaseField),
    Container(ContainerField),
    Cluster(ClusterField),
}

impl Field {
    /// The design-file path of the value this field edits (`service.port`,
    /// `groups[1].routes[0].path`), as design checks and findings name it; `None` for
    /// the text of an item not yet added.
    pub fn path(self) -> Option<String> {
        use ClusterField as C;
        let chain = |scope: Scope| match scope {
            Scope::Global => "middleware".to_owned(),
            Scope::Group(g) => format!("groups[{g}].middleware"),
        };
        Some(match self {
            Field::Name => "service.name".into(),
            Field::Port => "service.port".into(),
            Field::Module => "service.module".into(),
            Field::GoVersion => "service.goVersion".into(),
            Field::GinMode => "service.ginMode".into(),
            Field::TrustedProxies => "service.trustedProxies".into(),
            Field::MaxBodyBytes => "service.maxBodyBytes".into(),
            Field::ReadTimeout => "service.readTimeoutSeconds".into(),
            Field::WriteTimeout => "service.writeTimeoutSeconds".into(),
            Field::IdleTimeout => "service.idleTimeoutSeconds".into(),
            Field::MetricsPort => "service.metricsPort".into(),
            Field::Replicas => "cluster.replicas".into(),
            Field::Image => "delivery.image".into(),
            Field::Ci => "delivery.ci".into(),
            Field::NewRoutePath | Field::NewGroupPrefix | Field::NewVarName => return None,
            Field::GroupPrefix(g) => format!("groups[{g}].prefix"),
            Field::Group(g) => format!("groups[{g}]"),
            Field::Route(g, r, part) => format!(
                "groups[{g}].routes[{r}].{}",
                match part {
                    RouteField::Method => "method",
                    RouteField::Path => "path",
                    RouteField::Handler => "handler",
                    RouteField::Summary => "summary",
                    RouteField::Status => "status",
                }
            ),
            Field::Chain(scope) => chain(scope),
            Field::Middleware(scope, i, setting) => format!(
                "{}[{i}].{}",
                chain(scope),
                match setting {
                    Setting::Header => "header",
                    Setting::Origins => "allowOrigins",
                    Setting::Methods => "allowMethods",
                    Setting::Headers => "allowHeaders",
                    Setting::Credentials => "allowCredentials",
                    Setting::MaxAge => "maxAgeSeconds",
                    Setting::SecretEnv => "secretEnv",
                    Setting::RequestsPerSecond => "requestsPerSecond",
                    Setting::Burst => "burst",
                    Setting::Millis => "millis",
                    Setting::Level => "level",
                    Setting::Path => "path",
                    Setting::Name => "name",
                }
            ),
            Field::Var(i, part) => format!(
                "config.vars[{i}].{}",
                match part {
                    VarField::Name => "name",
                    VarField::Value => "value",
                    VarField::Secret => "secret",
                }
            ),
            Field::Database(DatabaseField::Enabled) => "database".into(),
            Field::Database(part) => format!(
                "database.{}",
                match part {
                    DatabaseField::Driver => "driver",
                    DatabaseField::UrlEnv => "urlEnv",
                    DatabaseField::MaxOpenConns => "maxOpenConns",
                    DatabaseField::MaxIdleConns => "maxIdleConns",
                    DatabaseField::ConnMaxLifetime => "connMaxLifetimeSeconds",
                    DatabaseField::PingOnConnect | DatabaseField::Enabled => "pingOnConnect",
                }
            ),
            Field::Container(part) => format!(
                "container.{}",
                match part {
                    ContainerField::BuilderImage => "builderImage",
                    ContainerField::Runtime => "runtime",
                    ContainerField::RuntimeDigest => "runtimeDigest",
                    ContainerField::UserId => "userId",
                    ContainerField::Ldflags => "ldflags",
                }
            ),
            Field::Cluster(part) => format!(
                "cluster.{}",
                match part {
                    C::Namespace => "namespace",
                    C::CpuRequest => "resources.cpuRequest",
                    C::CpuLimit => "resources.cpuLimit",
                    C::MemoryRequest => "resources.memoryRequest",
                    C::MemoryLimit => "resources.memoryLimit",
                    C::StartupProbe => "probes.startup",
                    C::ProbePeriod => "probes.periodSeconds",
                    C::ProbeTimeout => "probes.timeoutSeconds",
                    C::ProbeFailureThreshold => "probes.failureThreshold",
                    C::MaxSurge => "maxSurge",
                    C::MaxUnavailable => "maxUnavailable",
                    C::ServiceType => "serviceType",
                    C::ServicePort => "servicePort",
                    C::NodePort => "nodePort",
                    C::Routing => "gateway",
                    C::IngressClass => "ingress.className",
                    C::IngressHost => "ingress.host",
                    C::IngressTlsSecret => "ingress.tlsSecret",
                    C::IngressPathPrefix => "ingress.pathPrefix",
                    C::Autoscaling => "autoscaling",
                    C::MinReplicas => "autoscaling.minReplicas",
                    C::MaxReplicas => "autoscaling.maxReplicas",
                    C::CpuUtilization => "autoscaling.cpuUtilization",
                    C::Pdb | C::MinAvailable => "minAvailable",
                    C::NetworkPolicy => "networkPolicy",
                    C::SpreadAcrossNodes => "spreadAcrossNodes",
                    C::KubernetesVersion => "kubernetesVersion",
                    C::MonitoringNamespace => "monitoringNamespace",
                    C::IngressControllerNamespace => "ingress.controllerNamespace",
                    C::GatewayMode => "gateway.mode",
                    C::GatewayName => "gateway.gatewayName",
                    C::GatewayNamespace => "gateway.gatewayNamespace",
                    C::GatewaySectionName => "gateway.sectionName",
                    C::GatewayClass => "gateway.className",
                    C::GatewayHostnames => "gateway.hostnames",
                    C::GatewayTlsSecret => "gateway.tlsSecret",
                    C::GatewayPathPrefix => "gateway.pathPrefix",
                    C::GatewayRequestTimeout => "gateway.requestTimeout",
                    C::GatewayControllerNamespace => "gateway.controllerNamespace",
                }
            ),
        })
    }

    /// Whether the field holds the text of something not yet added: such text has no
    /// design value to fall back to, so it is kept until the item is added.
    fn is_new_item(self) -> bool {
        matches!(
            self,
            Field::NewRoutePath | Field::NewGroupPrefix | Field::NewVarName
        )
    }

    /// The same field after the items of `list` moved as `f` says (`None`: removed).
    fn reindex(self, list: List, f: &dyn Fn(usize) -> Option<usize>) -> Option<Field> {
        Some(match (list, self) {
            (List::Groups, Field::GroupPrefix(g)) => Field::GroupPrefix(f(g)?),
            (List::Groups, Field::Group(g)) => Field::Group(f(g)?),
            (List::Groups, Field::Route(g, r, part)) => Field::Route(f(g)?, r, part),
            (List::Groups, Field::Chain(scope)) => Field::Chain(scope.reindex(f)?),
            (List::Groups, Field::Middleware(scope, i, s)) => {
                Field::Middleware(scope.reindex(f)?, i, s)
            }
            (List::Routes(group), Field::Route(g, r, part)) if g == group => {
                Field::Route(g, f(r)?, part)
            }
            (List::Chain(chain), Field::Middleware(scope, i, s)) if scope == chain => {
                Field::Middleware(scope, f(i)?, s)
            }
            (List::Vars, Field::Var(i, part)) => Field::Var(f(i)?, part),
            (_, field) => field,
        })
    }
}

impl Scope {
    fn reindex(self, f: &dyn Fn(usize) -> Option<usize>) -> Option<Scope> {
        match self {
            Scope::Global => Some(Scope::Global),
            Scope::Group(g) => f(g).map(Scope::Group),
        }
    }
}

/// A list of the design whose items an action added, removed or moved.
#[derive(Clone, Copy, Debug)]
enum List {
    Groups,
    Routes(usize),
    Chain(Scope),
    Vars,
}

/// Index changes when the item at `at` is removed.
fn removed(at: usize) -> impl Fn(usize) -> Option<usize> {
    move |i| match i.cmp(&at) {
        std::cmp::Ordering::Less => Some(i),
        std::cmp::Ordering::Equal => None,
        std::cmp::Ordering::Greater => Some(i - 1),
    }
}

/// Index changes when an item is inserted at `at`.
fn inserted(at: usize) -> impl Fn(usize) -> Option<usize> {
    move |i| Some(if i >= at { i + 1 } else { i })
}

/// Index changes when the item at `from` is taken out and put back at `to`.
fn moved(from: usize, to: usize) -> impl Fn(usize) -> Option<usize> {
    move |i| {
        Some(if i == from {
            to
        } else if from < to && i > from && i <= to {
            i - 1
        } else if to < from && i >= to && i < from {
            i + 1
        } else {
            i
        })
    }
}

/// One thing a user does to the design.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// The text of a field changed (a keystroke); keystrokes into one field make one
    /// undo step.
    Edit(Field, String),
    /// A value picked in a select; each pick is its own undo step.
    Choose(Field, String),
    /// The user left the field they were typing in: typing there again is a new
    /// undo step, and its text, if refused, falls back to what it is now.
    Leave,
    /// A checkbox was ticked or cleared.
    Toggle(Field, bool),
    /// The method picked for the route about to be added.
    SetNewRouteMethod(Method),
    /// The group the next route goes to; `None` picks the group whose prefix matches
    /// the new route's full path best.
    SetNewRouteGroup(Option<usize>),
    /// Add the route described by the new-route method, path and group.
    AddRoute,
    /// Remove a route, addressed by group index and route index within the group.
    RemoveRoute {
        group: usize,
        route: usize,
    },
    /// Move a route within its group (Gin registers routes in this order).
    MoveRoute {
        group: usize,
        from: usize,
        to: usize,
    },
    /// Move a route to the end of another group, keeping its path below the prefix
    /// (its full path changes with the group, as in Gin's `r.Group`).
    MoveRouteToGroup {
        group: usize,
        route: usize,
        to: usize,
    },
    /// Add a group with the new-group prefix.
    AddGroup,
    /// Remove a group with its routes and middleware.
    RemoveGroup(usize),
    MoveGroup {
        from: usize,
        to: usize,
    },
    /// Append a middleware (with its catalog settings) to a chain; JWT auth brings its
    /// secret variable along when the design lacks it.
    AddMiddleware {
        scope: Scope,
        middleware: Middleware,
    },
    RemoveMiddleware {
        scope: Scope,
        index: usize,
    },
    /// Take the middleware at `from` out of its chain and put it back at `to`.
    MoveMiddleware {
        scope: Scope,
        from: usize,
        to: usize,
    },
    /// Show the settings of one middleware (or none).
    SelectMiddleware(Option<(Scope, usize)>),
    /// Add a plain variable named by the new-variable name.
    AddVar,
    RemoveVar(usize),
    /// Make sure a secret variable of this name exists (creating it, empty, or marking
    /// an existing one secret).
    EnsureSecretVar(String),
    /// Replace the whole design (a preset or an imported design file); undoable. A
    /// design that fails [`check`] is not loaded.
    Load(Box<Design>),
    /// Generate the full Gin scaffold for a deploy-only design: the design stops
    /// standing for the team's own project (`project` is cleared), so the bundle gets
    /// the Go files, `go.mod`, `.env.example`, OpenAPI and `README.md` back. One undo
    /// step; nothing else of the design changes.
    FullScaffold,
    /// Start over from a saved design and the text its fields refused (a saved design
    /// the page could only read once the worker had): not an undo step, as nothing
    /// the user did in this session is replaced.
    Restore(Box<Design>, Vec<(Field, String)>),
    /// Go back to the design before the last change.
    Undo,
    /// Re-apply a change that was undone.
    Redo,
}

/// How many earlier designs undo can return to.
const HISTORY_LIMIT: usize = 100;

/// The design, the text of the fields being edited and the problems with that text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Editor {
    pub design: Design,
    pub new_route_method: Method,
    /// The group the next route goes to; `None` for the best matching prefix.
    pub new_route_group: Option<usize>,
    /// The middleware whose settings are shown.
    pub selected_middleware: Option<(Scope, usize)>,
    /// Text that differs from the design: the field being typed in, invalid text, and
    /// the text of items not yet added. Every other field shows the design's value.
    drafts: BTreeMap<Field, String>,
    errors: BTreeMap<Field, FieldError>,
    /// Earlier designs, oldest first, for undo.
    past: Vec<Design>,
    /// Undone designs, most recently undone last, for redo.
    future: Vec<Design>,
    /// The field being typed in, if the last action was a keystroke there.
    typing: Option<Typing>,
    /// What the last action undid or redid, in the page's words; `None` after any
    /// other action.
    last_step: Option<String>,
    /// Where the last action moved a middleware, in words for screen readers.
    last_move: Option<String>,
    /// The field the last action changed the design through, if it was one.
    last_field: Option<Field>,
}

/// Keystrokes into one field, from the first until the user leaves the field or does
/// anything else: they make one undo step, and text the field refuses puts the
/// design back as it was before the first keystroke, never on an intermediate one.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Typing {
    field: Field,
    /// The design before the first keystroke.
    before: Design,
    /// Whether `before` is on the undo history (it is while the typing changed the design).
    recorded: bool,
}

impl Editor {
    /// An editor whose fields show the design's values. The design should pass
    /// [`check`]: the editor keeps it that way, it cannot make it so.
    pub fn new(design: Design) -> Editor {
        Editor {
            design,
            new_route_method: Method::Get,
            new_route_group: None,
            selected_middleware: None,
            drafts: BTreeMap::new(),
            errors: BTreeMap::new(),
            past: Vec::new(),
            future: Vec::new(),
            typing: None,
            last_step: None,
            last_move: None,
            last_field: None,
        }
    }

    /// Shows the design as it is, forgetting field text and errors (after a load, undo
    /// or redo the design, not the old text, is what the user sees), and lets go of
    /// selections the design no longer has.
    fn show_design(&mut self) {
        self.drafts.clear();
        self.errors.clear();
        self.typing = None;
        let groups = self.design.groups.len();
        self.new_route_group = self.new_route_group.filter(|g| *g < groups);
        self.selected_middleware = self
            .selected_middleware
            .filter(|(scope, i)| chain(&self.design, *scope).is_some_and(|c| *i < c.len()));
    }

    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }

    /// Puts a design the user had on the undo history.
    fn record(&mut self, design: Design) {
        self.past.push(design);
        if self.past.len() > HISTORY_LIMIT {
            self.past.remove(0);
        }
    }

    /// One keystroke in a text field. The text is kept whatever it is; the design
    /// takes it when the field and the whole design accept it, and otherwise goes
    /// back to how it was before the typing in this field began.
    fn type_into(&self, field: Field, text: String) -> Editor {
        let mut typing = match &self.typing {
            Some(typing) if typing.field == field => typing.clone(),
            _ => Typing {
                field,
                before: self.design.clone(),
                recorded: false,
            },
        };
        let mut candidate = typing.before.clone();
        let Some(written) = write(&mut candidate, field, &text) else {
            // A field the design does not have (a stale index): nothing to keep.
            return self.clone();
        };
        let mut next = self.clone();
        next.drafts.insert(field, text);
        match written.and_then(|()| admissible(&candidate)) {
            Ok(()) => {
                next.design = candidate;
                next.errors.remove(&field);
            }
            Err(error) => {
                next.design = typing.before.clone();
                next.errors.insert(field, error);
            }
        }
        // One undo step for the whole typing: the design before it is on the history
        // exactly while the typing has changed the design.
        let changed = next.design != typing.before;
        if changed && !typing.recorded {
            next.future.clear();
            next.record(typing.before.clone());
            typing.recorded = true;
        } else if !changed && typing.recorded {
            next.past.pop();
            typing.recorded = false;
        }
        next.typing = Some(typing);
        next.settle(Some(field));
        next
    }

    fn step(&self, back: bool) -> Editor {
        let mut next = self.clone();
        let (from, to) = if back {
            (&mut next.past, &mut next.future)
        } else {
            (&mut next.future, &mut next.past)
        };
        if let Some(design) = from.pop() {
            let left = std::mem::replace(&mut next.design, design);
            next.last_step = Some(describe_step(back, &left, &next.design));
            to.push(left);
            next.show_design();
        }
        next
    }

    /// What the last Undo or Redo changed, such as "Undid Cluster › Workload ›
    /// Replicas: 3 → 2"; `None` when the last action was another.
    pub fn last_step(&self) -> Option<&str> {
        self.last_step.as_deref()
    }

    /// Where the last action moved a middleware ("Logger moved to position 1 of 3 in
    /// the global chain"); `None` when the last action was another.
    pub fn last_move(&self) -> Option<&str> {
        self.last_move.as_deref()
    }

    /// The field whose edit made the design what it is, when the last action that
    /// changed the design was an edit of a field (the page brings the file it most
    /// affects to the front); `None` after an undo, a load or a restructuring.
    pub fn last_field(&self) -> Option<Field> {
        self.last_field
    }

    /// The text a field shows: what the user typed, or else the design's value (empty
    /// for a field the design does not have).
    pub fn draft(&self, field: Field) -> Cow<'_, str> {
        match self.drafts.get(&field) {
            Some(text) => Cow::Borrowed(text),
            None => Cow::Owned(value(&self.design, field).unwrap_or_default()),
        }
    }

    /// Whether a checkbox field is ticked in the design.
    pub fn flag(&self, field: Field) -> bool {
        flag(&self.design, field).unwrap_or(false)
    }

    /// Why the field's text (or the last action at this control) is not in the design.
    pub fn error(&self, field: Field) -> Option<&FieldError> {
        self.errors.get(&field)
    }

    /// Every field whose text is not in the design, with the reason.
    pub fn errors(&self) -> impl Iterator<Item = (Field, &FieldError)> {
        self.errors.iter().map(|(field, error)| (*field, error))
    }

    /// The design fields whose typed text the design does not hold, with the text and
    /// the reason: while there are any, the design (and everything made from it) is
    /// as it was before each of these edits began.
    pub fn refused(&self) -> impl Iterator<Item = (Field, &str, &FieldError)> {
        self.errors.iter().filter_map(|(field, error)| {
            let text = self.drafts.get(field).filter(|_| !field.is_new_item())?;
            Some((*field, text.as_str(), error))
        })
    }

    /// The text of every field that refused it, as [`Editor::restore`] takes it back
    /// (what autosave keeps for the next visit).
    pub fn refused_texts(&self) -> Vec<(Field, String)> {
        self.refused()
            .map(|(field, text, _)| (field, text.to_owned()))
            .collect()
    }

    /// Whether keystrokes are going into a field (the last action was one).
    pub fn is_typing(&self) -> bool {
        self.typing.is_some()
    }

    /// An editor of `design` whose fields show `texts` where given: text refused in an
    /// earlier session comes back into its field and is checked again (against the
    /// same design it is refused for the same reason). Restoring is not an undo step.
    pub fn restore(design: Design, texts: &[(Field, String)]) -> Editor {
        let mut editor = Editor::new(design);
        for (field, text) in texts {
            editor = apply(&editor, Action::Edit(*field, text.clone()));
            editor = apply(&editor, Action::Leave);
        }
        editor.past.clear();
        editor.future.clear();
        editor.typing = None;
        editor
    }

    /// Moves the text and errors of items of `list` along with the items.
    fn reindex(&mut self, list: List, f: &dyn Fn(usize) -> Option<usize>) {
        self.drafts = std::mem::take(&mut self.drafts)
            .into_iter()
            .filter_map(|(field, text)| Some((field.reindex(list, f)?, text)))
            .collect();
        self.errors = std::mem::take(&mut self.errors)
            .into_iter()
            .filter_map(|(field, error)| Some((field.reindex(list, f)?, error)))
            .collect();
        match list {
            List::Groups => {
                self.new_route_group = self.new_route_group.and_then(f);
                self.selected_middleware = self
                    .selected_middleware
                    .and_then(|(scope, i)| Some((scope.reindex(f)?, i)));
            }
            List::Chain(chain) => {
                self.selected_middleware = match self.selected_middleware {
                    Some((scope, i)) if scope == chain => f(i).map(|i| (scope, i)),
                    other => other,
                };
            }
            List::Routes(_) | List::Vars => {}
        }
    }

    /// Takes `candidate` as the design if it passes [`check`]; otherwise keeps the
    /// design and records the first problem at `field`. Says whether it took it.
    fn commit(&mut self, field: Field, candidate: Design) -> bool {
        match admissible(&candidate) {
            Ok(()) => {
                self.design = candidate;
                self.errors.remove(&field);
                true
            }
            Err(error) => {
                self.errors.insert(field, error);
                false
            }
        }
    }

    /// Records `error` at `field`, or commits the candidate.
    fn commit_result(&mut self, field: Field, candidate: Result<Design, FieldError>) -> bool {
        match candidate {
            Ok(design) => self.commit(field, design),
            Err(error) => {
                self.errors.insert(field, error);
                false
            }
        }
    }

    /// Text typed for an item not yet added (a route, group or variable): kept until
    /// the item is added, and checked as it is typed where that helps.
    fn new_item_text(&mut self, field: Field, text: String) {
        self.drafts.insert(field, text);
        if field == Field::NewRoutePath {
            self.check_new_route(false);
        } else {
            self.errors.remove(&field);
        }
    }

    /// A pick in a select: admitted when the design takes it, else refused at the field.
    fn pick(&mut self, field: Field, text: &str) {
        let mut candidate = self.design.clone();
        if let Some(written) = write(&mut candidate, field, text) {
            self.commit_result(field, written.map(|()| candidate));
        }
    }

    fn toggle(&mut self, field: Field, on: bool) {
        let mut candidate = self.design.clone();
        if let Some(written) = write_flag(&mut candidate, field, on) {
            self.commit_result(field, written.map(|()| candidate));
        }
    }

    /// The design with the new route added, and whether a top-level group had to be
    /// created for it (at index 0), or why the route cannot be added.
    fn with_new_route(&self) -> Result<(Design, bool), FieldError> {
        let method = self.new_route_method;
        let text = self.draft(Field::NewRoutePath);
        let mut design = self.design.clone();
        let groups = design.groups.len();
        let (group, relative) = match self.new_route_group.filter(|g| *g < groups) {
            Some(group) => (group, parse_route_path(&text)?),
            None => group_for(&mut design, &parse_route_path(&text)?),
        };
        let full = join_path(&design.groups[group].prefix, &relative);
        if design
            .routes()
            .any(|r| r.route.method == method && r.full_path == full)
        {
            return Err(FieldError::DuplicateRoute {
                method: method.as_str(),
                path: full,
            });
        }
        design.groups[group]
            .routes
            .push(Route::new(method, &relative));
        admissible(&design)?;
        let created_top_level = design.groups.len() > groups;
        Ok((design, created_top_level))
    }

    /// Checks the new route as typed (while typing, empty text is no error yet) and,
    /// when `add` is set, adds it.
    fn check_new_route(&mut self, add: bool) {
        let field = Field::NewRoutePath;
        if !add && self.draft(field).trim().is_empty() {
            self.errors.remove(&field);
            return;
        }
        match self.with_new_route() {
            Ok((design, created_top_level)) => {
                self.errors.remove(&field);
                if add {
                    if created_top_level {
                        self.reindex(List::Groups, &inserted(0));
                    }
                    self.design = design;
                    self.drafts.remove(&field);
                }
            }
            Err(error) => {
                self.errors.insert(field, error);
            }
        }
    }

    fn add_group(&mut self) {
        let field = Field::NewGroupPrefix;
        let candidate = parse_group_prefix(&self.draft(field)).and_then(|prefix| {
            if self
                .design
                .groups
                .iter()
                .any(|g| same_prefix(&g.prefix, &prefix))
            {
                return Err(FieldError::DuplicateGroup(prefix));
            }
            let mut design = self.design.clone();
            design.groups.push(RouteGroup {
                prefix,
                ..RouteGroup::default()
            });
            Ok(design)
        });
        if self.commit_result(field, candidate) {
            self.drafts.remove(&field);
        }
    }

    fn add_middleware(&mut self, scope: Scope, middleware: Middleware) {
        let field = Field::Chain(scope);
        let Some(length) = chain(&self.design, scope).map(<[Middleware]>::len) else {
            return;
        };
        let candidate = match duplicate_in(&self.design, scope, &middleware) {
            Some(chain) => Err(FieldError::DuplicateMiddleware {
                name: middleware.label(),
                chain,
            }),
            None => {
                let mut design = self.design.clone();
                if let Middleware::JwtAuth { secret_env, .. } = &middleware {
                    if !design.config.vars.iter().any(|v| v.name == *secret_env) {
                        design.config.vars.push(secret_var(secret_env));
                    }
                }
                if let Some(chain) = chain_mut(&mut design, scope) {
                    chain.push(middleware);
                }
                Ok(design)
            }
        };
        if self.commit_result(field, candidate) {
            self.selected_middleware = Some((scope, length));
        }
    }

    fn add_var(&mut self) {
        let field = Field::NewVarName;
        let candidate = parse_env_name("variable", self.draft(field).trim()).map(|name| {
            let mut design = self.design.clone();
            design.config.vars.push(ConfigVar {
                name,
                value: String::new(),
                secret: false,
            });
            design
        });
        if self.commit_result(field, candidate) {
            self.drafts.remove(&field);
        }
    }

    fn remove_var(&mut self, index: usize) {
        let Some(var) = self.design.config.vars.get(index) else {
            return;
        };
        let candidate = match var_user(&self.design, &var.name) {
            Some(user) => Err(FieldError::VarInUse {
                name: var.name.clone(),
                user,
            }),
            None => {
                let mut design = self.design.clone();
                design.config.vars.remove(index);
                Ok(design)
            }
        };
        if self.commit_result(Field::Var(index, VarField::Name), candidate) {
            self.reindex(List::Vars, &removed(index));
        }
    }

    fn ensure_secret_var(&mut self, name: &str) {
        let candidate = parse_env_name("variable", name.trim()).map(|name| {
            let mut design = self.design.clone();
            match design.config.vars.iter_mut().find(|v| v.name == name) {
                Some(var) => var.secret = true,
                None => design.config.vars.push(secret_var(&name)),
            }
            design
        });
        self.commit_result(Field::NewVarName, candidate);
    }

    /// Applies a change to one list of the design: `change` edits a copy and says how
    /// the list's indexes moved, or returns `None` when the indexes do not exist.
    fn restructure(
        &mut self,
        anchor: Field,
        list: List,
        change: impl FnOnce(&mut Design) -> Option<Box<dyn Fn(usize) -> Option<usize>>>,
    ) {
        let mut candidate = self.design.clone();
        if let Some(f) = change(&mut candidate) {
            if self.commit(anchor, candidate) {
                self.reindex(list, &*f);
            }
        }
    }

    /// After a change of the design: keep only text that differs from it (invalid
    /// text, items not yet added, and the field just typed in), and forget refusals
    /// that no text stands behind (they were about the design before this change).
    fn settle(&mut self, typed: Option<Field>) {
        let errors = &self.errors;
        self.drafts.retain(|field, _| {
            field.is_new_item() || errors.contains_key(field) || Some(*field) == typed
        });
        let drafts = &self.drafts;
        self.errors.retain(|field, _| drafts.contains_key(field));
    }
}

/// Whether opening `incoming` (a share link's design) would replace work of the user's:
/// a design other than the default, or text typed into fields that the design did
/// not take. Opening the design already shown replaces nothing.
pub fn replaces_work(editor: &Editor, incoming: &Design) -> bool {
    editor.design != *incoming
        && (editor.design != Design::default() || editor.refused().next().is_some())
}

/// Whether two group prefixes name the same group (a trailing '/' aside).
fn same_prefix(a: &str, b: &str) -> bool {
    a.trim_end_matches('/') == b.trim_end_matches('/')
}

/// A secret variable with no local value yet.
fn secret_var(name: &str) -> ConfigVar {
    ConfigVar {
        name: name.to_owned(),
        value: String::new(),
        secret: true,
    }
}

/// The first problem [`check`] finds, as the error of the field that caused it.
fn admissible(design: &Design) -> Result<(), FieldError> {
    match check(design).into_iter().next() {
        None => Ok(()),
        Some(problem) => Err(FieldError::Conflict(problem.message)),
    }
}

/// What needs this variable: a JWT middleware's key or the database URL.
fn var_user(design: &Design, name: &str) -> Option<&'static str> {
    let jwt = design
        .all_middleware()
        .any(|m| matches!(m, Middleware::JwtAuth { secret_env, .. } if secret_env == name));
    if jwt {
        Some("JWT auth")
    } else if design
        .database
        .as_ref()
        .is_some_and(|db| db.url_env == name)
    {
        Some("the database")
    } else {
        None
    }
}

/// The chain a middleware of the same kind (same name, for custom ones) already sits
/// in, among the chains that requests through `scope` pass.
fn duplicate_in(design: &Design, scope: Scope, middleware: &Middleware) -> Option<String> {
    let same = |m: &Middleware| match (m, middleware) {
        (Middleware::Custom { name: a }, Middleware::Custom { name: b }) => a == b,
        (a, b) => std::mem::discriminant(a) == std::mem::discriminant(b),
    };
    if design.middleware.iter().any(same) {
        return Some("the global chain".into());
    }
    let groups: Vec<&RouteGroup> = match scope {
        Scope::Global => design.groups.iter().collect(),
        Scope::Group(g) => design.groups.get(g).into_iter().collect(),
    };
    groups
        .into_iter()
        .find(|g| g.middleware.iter().any(same))
        .map(|g| format!("the chain of group {}", display_prefix(&g.prefix)))
}

/// A group prefix as people read it: `/` for the top level.
pub fn display_prefix(prefix: &str) -> &str {
    if prefix.is_empty() {
        "/"
    } else {
        prefix
    }
}

/// A middleware chain of the design.
pub fn chain(design: &Design, scope: Scope) -> Option<&[Middleware]> {
    match scope {
        Scope::Global => Some(&design.middleware),
        Scope::Group(g) => design.groups.get(g).map(|g| g.middleware.as_slice()),
    }
}

fn chain_mut(design: &mut Design, scope: Scope) -> Option<&mut Vec<Middleware>> {
    match scope {
        Scope::Global => Some(&mut design.middleware),
        Scope::Group(g) => design.groups.get_mut(g).map(|g| &mut g.middleware),
    }
}

/// The group a new route with this full path belongs to (the longest prefix that
/// ends at a segment boundary) and the path relative to it. A design without a
/// top-level group gets one.
fn group_for(design: &mut Design, full_path: &str) -> (usize, String) {
    let best = design
        .groups
        .iter()
        .enumerate()
        .filter(|(_, g)| !g.prefix.is_empty())
        .filter_map(|(i, g)| {
            let prefix = g.prefix.trim_end_matches('/');
            let rest = full_path.strip_prefix(prefix)?;
            // A prefix written with a trailing '/' keeps it in Gin: `/api/` cannot
            // hold `/api` itself.
            let fits = (rest.is_empty() || rest.starts_with('/'))
                && join_path(&g.prefix, rest) == full_path;
            fits.then(|| (i, prefix.len(), rest.to_owned()))
        })
        .max_by_key(|(_, len, _)| *len);
    if let Some((index, _, rest)) = best {
        return (index, rest);
    }
    let root = match design.groups.iter().position(|g| g.prefix.is_empty()) {
        Some(index) => index,
        None => {
            design.groups.insert(0, RouteGroup::default());
            0
        }
    };
    (root, full_path.to_owned())
}

impl Default for Editor {
    fn default() -> Self {
        Editor::new(Design::default())
    }
}

/// The values a select field offers, as (value, label) pairs, in display order.
pub fn choices(design: &Design, field: Field) -> Vec<(String, String)> {
    let table = |rows: &[(&str, &str)]| -> Vec<(String, String)> {
        rows.iter()
            .map(|(value, label)| ((*value).to_owned(), (*label).to_owned()))
            .collect()
    };
    let secret_vars = || -> Vec<(String, String)> {
        design
            .config
            .vars
            .iter()
            .filter(|v| v.secret)
            .map(|v| (v.name.clone(), v.name.clone()))
            .collect()
    };
    match field {
        Field::GinMode => table(&GIN_MODES.map(|(_, value, label)| (value, label))),
        Field::Ci => table(&CI_FLAVOURS.map(|(_, value, label)| (value, label))),
        Field::Route(_, _, RouteField::Method) => {
            table(&Method::ALL.map(|m| (m.as_str(), m.as_str())))
        }
        Field::Middleware(_, _, Setting::SecretEnv) | Field::Database(DatabaseField::UrlEnv) => {
            secret_vars()
        }
        Field::Database(DatabaseField::Driver) => {
            table(&DRIVERS.map(|(_, value, label)| (value, label)))
        }
        Field::Container(ContainerField::Runtime) => {
            table(&RUNTIMES.map(|(_, value, label)| (value, label)))
        }
        Field::Cluster(ClusterField::ServiceType) => {
            table(&SERVICE_TYPES.map(|(_, value, label)| (value, label)))
        }
        Field::Cluster(ClusterField::Routing) => {
            table(&ROUTINGS.map(|(_, value, label)| (value, label)))
        }
        Field::Cluster(ClusterField::GatewayMode) => {
            table(&GATEWAY_MODES.map(|(_, value, label)| (value, label)))
        }
        Field::Cluster(ClusterField::KubernetesVersion) => {
            table(&KUBERNETES_VERSIONS.map(|v| (v, v)))
        }
        _ => Vec::new(),
    }
}

const GIN_MODES: [(GinMode, &str, &str); 3] = [
    (
        GinMode::Release,
        "release",
        "release (quiet, for production)",
    ),
    (GinMode::Debug, "debug", "debug (logs every route at start)"),
    (GinMode::Test, "test", "test"),
];

const CI_FLAVOURS: [(CiFlavour, &str, &str); 2] = [
    (CiFlavour::GithubActions, "github-actions", "GitHub Actions"),
    (CiFlavour::GitlabCi, "gitlab-ci", "GitLab CI"),
];

const DRIVERS: [(DatabaseDriver, &str, &str); 2] = [
    (DatabaseDriver::Postgres, "postgres", "PostgreSQL"),
    (DatabaseDriver::Mysql, "mysql", "MySQL"),
];

const RUNTIMES: [(Runtime, &str, &str); 3] = [
    (Runtime::Distroless, "distroless", "distroless (no shell)"),
    (Runtime::Alpine, "alpine", "alpine (a shell for debugging)"),
    (Runtime::Scratch, "scratch", "scratch (the binary only)"),
];

const SERVICE_TYPES: [(ServiceType, &str, &str); 2] = [
    (
        ServiceType::ClusterIP,
        "ClusterIP",
        "ClusterIP (inside the cluster)",
    ),
    (
        ServiceType::NodePort,
        "NodePort",
        "NodePort (a port on every node)",
    ),
];

/// The routing layer a design has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Routing {
    Gateway,
    Ingress,
    None,
}

impl Routing {
    fn of(cluster: &crate::model::Cluster) -> Routing {
        match (&cluster.ingress, &cluster.gateway) {
            (Some(_), _) => Routing::Ingress,
            (None, Some(_)) => Routing::Gateway,
            (None, None) => Routing::None,
        }
    }
}

const ROUTINGS: [(Routing, &str, &str); 3] = [
    (Routing::Gateway, "gateway", "Gateway API (HTTPRoute)"),
    (Routing::Ingress, "ingress", "Ingress (ingress-nginx)"),
    (Routing::None, "none", "None (only the Service)"),
];

const GATEWAY_MODES: [(GatewayMode, &str, &str); 2] = [
    (
        GatewayMode::Attach,
        "attach",
        "Attach to an existing Gateway",
    ),
    (
        GatewayMode::Generate,
        "generate",
        "Generate a Gateway with the bundle",
    ),
];

/// Switches the routing layer. What both layers share (host, TLS secret, path
/// prefix) comes along, so switching back and forth keeps what the user typed.
fn switch_routing(k: &mut crate::model::Cluster, to: Routing) {
    if Routing::of(k) == to {
        return;
    }
    let (host, tls, prefix) = match (&k.ingress, &k.gateway) {
        (Some(i), _) => (
            Some(i.host.clone()),
            i.tls_secret.clone(),
            i.path_prefix.clone(),
        ),
        (None, Some(g)) => (
            g.hostnames.first().filter(|h| !h.starts_with('*')).cloned(),
            g.tls_secret.clone(),
            g.path_prefix.clone(),
        ),
        (None, None) => (None, String::new(), String::new()),
    };
    k.ingress = None;
    k.gateway = None;
    match to {
        Routing::Ingress => {
            let defaults = Ingress::default();
            k.ingress = Some(Ingress {
                host: host.unwrap_or(defaults.host.clone()),
                tls_secret: tls,
                path_prefix: prefix,
                ..defaults
            });
        }
        Routing::Gateway => {
            let defaults = Gateway::default();
            k.gateway = Some(Gateway {
                hostnames: host.map_or(defaults.hostnames.clone(), |h| vec![h]),
                tls_secret: tls,
                path_prefix: prefix,
                ..defaults
            });
        }
        Routing::None => {}
    }
}

/// The text a value of a select table shows as.
fn name_of<T: Copy + PartialEq>(table: &[(T, &'static str, &'static str)], value: T) -> String {
    table
        .iter()
        .find(|(v, _, _)| *v == value)
        .map_or("", |(_, text, _)| text)
        .to_owned()
}

/// The value a select table holds for a text.
fn pick<T: Copy>(
    table: &[(T, &'static str, &'static str)],
    field: &'static str,
    text: &str,
) -> Result<T, FieldError> {
    table
        .iter()
        .find(|(_, name, _)| *name == text)
        .map(|(value, _, _)| *value)
        .ok_or_else(|| FieldError::Pattern {
            field,
            value: text.to_owned(),
            expected: "choose one of the listed values",
        })
}

/// Stores a parsed value.
fn set<T>(slot: &mut T, parsed: Result<T, FieldError>) -> Option<Result<(), FieldError>> {
    Some(parsed.map(|value| *slot = value))
}

/// Empty text, or what `parse` makes of it.
fn optional(
    text: &str,
    parse: impl FnOnce(&str) -> Result<String, FieldError>,
) -> Result<String, FieldError> {
    if text.is_empty() {
        Ok(String::new())
    } else {
        parse(text)
    }
}

/// The design's value of a text or select field, as the field shows it; `None` when
/// the design has no such field (a stale index, a section that is off, a checkbox).
pub fn value(design: &Design, field: Field) -> Option<String> {
    let service = &design.service;
    let k = &design.cluster;
    Some(match field {
        Field::Name => service.name.clone(),
        Field::Port => service.port.to_string(),
        Field::Module => service.module.clone(),
        Field::GoVersion => service.go_version.clone(),
        Field::GinMode => name_of(&GIN_MODES, service.gin_mode),
        Field::TrustedProxies => service.trusted_proxies.join(", "),
        Field::MaxBodyBytes => service.max_body_bytes.to_string(),
        Field::ReadTimeout => service.read_timeout_seconds.to_string(),
        Field::WriteTimeout => service.write_timeout_seconds.to_string(),
        Field::IdleTimeout => service.idle_timeout_seconds.to_string(),
        Field::MetricsPort => service.metrics_port.to_string(),
        Field::Replicas => k.replicas.to_string(),
        Field::Image => design.delivery.image.clone(),
        Field::Ci => name_of(&CI_FLAVOURS, design.delivery.ci),
        Field::NewRoutePath | Field::NewGroupPrefix | Field::NewVarName => String::new(),
        Field::GroupPrefix(g) => design.groups.get(g)?.prefix.clone(),
        Field::Route(g, r, part) => {
            let route = design.groups.get(g)?.routes.get(r)?;
            match part {
                RouteField::Method => route.method.as_str().to_owned(),
                RouteField::Path => route.path.clone(),
                RouteField::Handler => route.handler.clone(),
                RouteField::Summary => route.summary.clone(),
                RouteField::Status => route.status.to_string(),
            }
        }
        Field::Chain(_) | Field::Group(_) => return None,
        Field::Middleware(scope, i, setting) => {
            setting_value(chain(design, scope)?.get(i)?, setting)?
        }
        Field::Var(i, part) => {
            let var = design.config.vars.get(i)?;
            match part {
                VarField::Name => var.name.clone(),
                VarField::Value => var.value.clone(),
                VarField::Secret => return None,
            }
        }
        Field::Database(part) => {
            let db = design.database.as_ref()?;
            match part {
                DatabaseField::Driver => name_of(&DRIVERS, db.driver),
                DatabaseField::UrlEnv => db.url_env.clone(),
                DatabaseField::MaxOpenConns => db.max_open_conns.to_string(),
                DatabaseField::MaxIdleConns => db.max_idle_conns.to_string(),
                DatabaseField::ConnMaxLifetime => db.conn_max_lifetime_seconds.to_string(),
                DatabaseField::Enabled | DatabaseField::PingOnConnect => return None,
            }
        }
        Field::Container(part) => {
            let c = &design.container;
            match part {
                ContainerField::BuilderImage => c.builder_image.clone(),
                ContainerField::Runtime => name_of(&RUNTIMES, c.runtime),
                ContainerField::RuntimeDigest => c.runtime_digest.clone(),
                ContainerField::UserId => c.user_id.to_string(),
                ContainerField::Ldflags => c.ldflags.clone(),
            }
        }
        Field::Cluster(part) => cluster_value(design, part)?,
    })
}

fn setting_value(middleware: &Middleware, setting: Setting) -> Option<String> {
    Some(match (middleware, setting) {
        (Middleware::RequestId { header }, Setting::Header)
        | (Middleware::JwtAuth { header, .. }, Setting::Header) => header.clone(),
        (Middleware::Cors { allow_origins, .. }, Setting::Origins) => allow_origins.join(", "),
        (Middleware::Cors { allow_methods, .. }, Setting::Methods) => allow_methods.join(", "),
        (Middleware::Cors { allow_headers, .. }, Setting::Headers) => allow_headers.join(", "),
        (
            Middleware::Cors {
                max_age_seconds, ..
            },
            Setting::MaxAge,
        ) => max_age_seconds.to_string(),
        (Middleware::JwtAuth { secret_env, .. }, Setting::SecretEnv) => secret_env.clone(),
        (
            Middleware::RateLimit {
                requests_per_second,
                ..
            },
            Setting::RequestsPerSecond,
        ) => requests_per_second.to_string(),
        (Middleware::RateLimit { burst, .. }, Setting::Burst) => burst.to_string(),
        (Middleware::Timeout { millis }, Setting::Millis) => millis.to_string(),
        (Middleware::Gzip { level }, Setting::Level) => level.to_string(),
        (Middleware::Metrics { path }, Setting::Path) => path.clone(),
        (Middleware::Custom { name }, Setting::Name) => name.clone(),
        _ => return None,
    })
}

fn cluster_value(design: &Design, part: ClusterField) -> Option<String> {
    use ClusterField as C;
    let k = &design.cluster;
    let ingress = || k.ingress.as_ref();
    let gateway = || k.gateway.as_ref();
    let hpa = || k.autoscaling.as_ref();
    Some(match part {
        C::Namespace => k.namespace.clone(),
        C::CpuRequest => k.resources.cpu_request.clone(),
        C::CpuLimit => k.resources.cpu_limit.clone(),
        C::MemoryRequest => k.resources.memory_request.clone(),
        C::MemoryLimit => k.resources.memory_limit.clone(),
        C::ProbePeriod => k.probes.period_seconds.to_string(),
        C::ProbeTimeout => k.probes.timeout_seconds.to_string(),
        C::ProbeFailureThreshold => k.probes.failure_threshold.to_string(),
        C::MaxSurge => k.max_surge.clone(),
        C::MaxUnavailable => k.max_unavailable.clone(),
        C::ServiceType => name_of(&SERVICE_TYPES, k.service_type),
        C::ServicePort => k.service_port.to_string(),
        C::NodePort if k.service_type == ServiceType::NodePort => {
            k.node_port.map(|p| p.to_string()).unwrap_or_default()
        }
        C::NodePort => return None,
        C::IngressClass => ingress()?.class_name.clone(),
        C::IngressHost => ingress()?.host.clone(),
        C::IngressTlsSecret => ingress()?.tls_secret.clone(),
        C::IngressPathPrefix => ingress()?.path_prefix.clone(),
        C::MinReplicas => hpa()?.min_replicas.to_string(),
        C::MaxReplicas => hpa()?.max_replicas.to_string(),
        C::CpuUtilization => hpa()?.cpu_utilization.to_string(),
        C::MinAvailable => k.min_available?.to_string(),
        C::KubernetesVersion => k.kubernetes_version.clone(),
        C::MonitoringNamespace => k.monitoring_namespace.clone(),
        C::IngressControllerNamespace => ingress()?.controller_namespace.clone(),
        C::Routing => name_of(&ROUTINGS, Routing::of(k)),
        C::GatewayMode => name_of(&GATEWAY_MODES, gateway()?.mode),
        C::GatewayName => gateway()?.gateway_name.clone(),
        C::GatewayNamespace => gateway()?.gateway_namespace.clone(),
        C::GatewaySectionName => gateway()?.section_name.clone(),
        C::GatewayClass => gateway()?.class_name.clone(),
        C::GatewayHostnames => gateway()?.hostnames.join(", "),
        C::GatewayTlsSecret => gateway()?.tls_secret.clone(),
        C::GatewayPathPrefix => gateway()?.path_prefix.clone(),
        C::GatewayRequestTimeout => gateway()?.request_timeout.clone(),
        C::GatewayControllerNamespace => gateway()?.controller_namespace.clone(),
        C::StartupProbe | C::Autoscaling | C::Pdb | C::NetworkPolicy | C::SpreadAcrossNodes => {
            return None
        }
    })
}

/// Whether a checkbox field is ticked; `None` when the design has no such checkbox.
pub fn flag(design: &Design, field: Field) -> Option<bool> {
    use ClusterField as C;
    let k = &design.cluster;
    Some(match field {
        Field::Middleware(scope, i, Setting::Credentials) => match chain(design, scope)?.get(i)? {
            Middleware::Cors {
                allow_credentials, ..
            } => *allow_credentials,
            _ => return None,
        },
        Field::Var(i, VarField::Secret) => design.config.vars.get(i)?.secret,
        Field::Database(DatabaseField::Enabled) => design.database.is_some(),
        Field::Database(DatabaseField::PingOnConnect) => design.database.as_ref()?.ping_on_connect,
        Field::Cluster(C::StartupProbe) => k.probes.startup,
        Field::Cluster(C::Autoscaling) => k.autoscaling.is_some(),
        Field::Cluster(C::Pdb) => k.min_available.is_some(),
        Field::Cluster(C::NetworkPolicy) => k.network_policy,
        Field::Cluster(C::SpreadAcrossNodes) => k.spread_across_nodes,
        _ => return None,
    })
}

/// Writes a text or select field's text into the design. `None` when the design has
/// no such field; `Some(Err)` when the text is not a value the field takes. Whether
/// the design as a whole still passes its checks is the caller's question.
fn write(d: &mut Design, field: Field, text: &str) -> Option<Result<(), FieldError>> {
    let trimmed = text.trim();
    match field {
        // The namespace, module and image follow the name while they hold it.
        Field::Name => Some(parse_name(text).map(|name| names::rename(d, &name))),
        Field::Port => set(&mut d.service.port, parse_port(text)),
        Field::Module => set(&mut d.service.module, parse_module_path(trimmed)),
        Field::GoVersion => set(&mut d.service.go_version, parse_go_version(trimmed)),
        Field::GinMode => set(&mut d.service.gin_mode, pick(&GIN_MODES, "Gin mode", text)),
        Field::TrustedProxies => set(&mut d.service.trusted_proxies, parse_list(text, parse_cidr)),
        Field::MaxBodyBytes => set(
            &mut d.service.max_body_bytes,
            parse_in_range("body limit", text, 1_u32, 1 << 30).map(u64::from),
        ),
        Field::ReadTimeout => set(
            &mut d.service.read_timeout_seconds,
            parse_in_range("read timeout", text, 1_u32, 3_600),
        ),
        Field::WriteTimeout => set(
            &mut d.service.write_timeout_seconds,
            parse_in_range("write timeout", text, 1_u32, 3_600),
        ),
        Field::IdleTimeout => set(
            &mut d.service.idle_timeout_seconds,
            parse_in_range("idle timeout", text, 1_u32, 3_600),
        ),
        Field::MetricsPort => set(&mut d.service.metrics_port, parse_port(text)),
        Field::Replicas => set(&mut d.cluster.replicas, parse_replicas(text)),
        Field::Image => set(&mut d.delivery.image, parse_image(text)),
        Field::Ci => set(&mut d.delivery.ci, pick(&CI_FLAVOURS, "CI pipeline", text)),
        Field::GroupPrefix(g) => {
            d.groups.get(g)?;
            let parsed = optional(trimmed, parse_group_prefix).and_then(|prefix| {
                let taken = d
                    .groups
                    .iter()
                    .enumerate()
                    .any(|(i, other)| i != g && same_prefix(&other.prefix, &prefix));
                if taken {
                    Err(FieldError::DuplicateGroup(
                        display_prefix(&prefix).to_owned(),
                    ))
                } else {
                    Ok(prefix)
                }
            });
            set(&mut d.groups[g].prefix, parsed)
        }
        Field::Route(g, r, part) => {
            let group = d.groups.get_mut(g)?;
            let has_prefix = !group.prefix.is_empty();
            let route = group.routes.get_mut(r)?;
            match part {
                RouteField::Method => set(
                    &mut route.method,
                    Method::parse(text).ok_or_else(|| FieldError::Pattern {
                        field: "method",
                        value: text.to_owned(),
                        expected: "use GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS",
                    }),
                ),
                // Below a prefix the path may be empty: the route is the prefix itself.
                RouteField::Path => set(
                    &mut route.path,
                    if has_prefix {
                        optional(trimmed, parse_route_path)
                    } else {
                        parse_route_path(text)
                    },
                ),
                RouteField::Handler => set(
                    &mut route.handler,
                    optional(trimmed, |t| parse_go_identifier("handler", t)),
                ),
                RouteField::Summary => set(&mut route.summary, Ok(text.to_owned())),
                RouteField::Status => set(
                    &mut route.status,
                    parse_in_range("status", text, 200_u16, 599),
                ),
            }
        }
        Field::Middleware(scope, i, setting) => {
            write_setting(chain_mut(d, scope)?.get_mut(i)?, setting, trimmed)
        }
        Field::Var(i, part) => {
            let old = d.config.vars.get(i)?.name.clone();
            match part {
                VarField::Name => {
                    let parsed = parse_env_name("variable", trimmed);
                    // A renamed key variable takes its users along.
                    if let Ok(new) = &parsed {
                        rename_var_users(d, &old, new);
                    }
                    set(&mut d.config.vars[i].name, parsed)
                }
                VarField::Value if d.config.vars[i].secret => {
                    Some(Err(FieldError::SecretValue { name: old }))
                }
                VarField::Value => set(&mut d.config.vars[i].value, Ok(text.to_owned())),
                VarField::Secret => None,
            }
        }
        Field::Database(part) => {
            let db = d.database.as_mut()?;
            match part {
                DatabaseField::Driver => set(&mut db.driver, pick(&DRIVERS, "driver", text)),
                DatabaseField::UrlEnv => set(&mut db.url_env, parse_env_name("variable", trimmed)),
                DatabaseField::MaxOpenConns => set(
                    &mut db.max_open_conns,
                    parse_in_range("max open connections", text, 1_u32, 10_000),
                ),
                DatabaseField::MaxIdleConns => set(
                    &mut db.max_idle_conns,
                    parse_in_range("max idle connections", text, 0_u32, 10_000),
                ),
                DatabaseField::ConnMaxLifetime => set(
                    &mut db.conn_max_lifetime_seconds,
                    parse_in_range("connection lifetime", text, 0_u32, 86_400),
                ),
                DatabaseField::Enabled | DatabaseField::PingOnConnect => None,
            }
        }
        Field::Container(part) => {
            let c = &mut d.container;
            match part {
                ContainerField::BuilderImage => set(&mut c.builder_image, parse_image(text)),
                ContainerField::Runtime => set(&mut c.runtime, pick(&RUNTIMES, "runtime", text)),
                ContainerField::RuntimeDigest => set(&mut c.runtime_digest, parse_digest(text)),
                ContainerField::UserId => set(
                    &mut c.user_id,
                    parse_in_range("user id", text, 0_u32, 2_147_483_647),
                ),
                ContainerField::Ldflags => set(&mut c.ldflags, Ok(trimmed.to_owned())),
            }
        }
        Field::Cluster(part) => write_cluster(d, part, text),
        Field::NewRoutePath
        | Field::NewGroupPrefix
        | Field::NewVarName
        | Field::Chain(_)
        | Field::Group(_) => None,
    }
}

fn rename_var_users(design: &mut Design, old: &str, new: &str) {
    let chains = std::iter::once(&mut design.middleware)
        .chain(design.groups.iter_mut().map(|g| &mut g.middleware));
    for middleware in chains.flatten() {
        if let Middleware::JwtAuth { secret_env, .. } = middleware {
            if secret_env == old {
                *secret_env = new.to_owned();
            }
        }
    }
    if let Some(db) = design.database.as_mut().filter(|db| db.url_env == old) {
        db.url_env = new.to_owned();
    }
}

fn write_setting(
    middleware: &mut Middleware,
    setting: Setting,
    text: &str,
) -> Option<Result<(), FieldError>> {
    match (middleware, setting) {
        (Middleware::RequestId { header }, Setting::Header)
        | (Middleware::JwtAuth { header, .. }, Setting::Header) => {
            set(header, parse_header_name("header", text))
        }
        (Middleware::Cors { allow_origins, .. }, Setting::Origins) => {
            set(allow_origins, parse_list(text, parse_origin))
        }
        (Middleware::Cors { allow_methods, .. }, Setting::Methods) => {
            set(allow_methods, parse_list(text, parse_method))
        }
        (Middleware::Cors { allow_headers, .. }, Setting::Headers) => set(
            allow_headers,
            parse_list(text, |item| parse_header_name("header", item)),
        ),
        (
            Middleware::Cors {
                max_age_seconds, ..
            },
            Setting::MaxAge,
        ) => set(
            max_age_seconds,
            parse_in_range("max age", text, 0_u32, 86_400),
        ),
        (Middleware::JwtAuth { secret_env, .. }, Setting::SecretEnv) => {
            set(secret_env, parse_env_name("variable", text))
        }
        (
            Middleware::RateLimit {
                requests_per_second,
                ..
            },
            Setting::RequestsPerSecond,
        ) => set(
            requests_per_second,
            parse_in_range("requests per second", text, 1_u32, 1_000_000),
        ),
        (Middleware::RateLimit { burst, .. }, Setting::Burst) => {
            set(burst, parse_in_range("burst", text, 1_u32, 1_000_000))
        }
        (Middleware::Timeout { millis }, Setting::Millis) => {
            set(millis, parse_in_range("timeout", text, 1_u32, 3_600_000))
        }
        (Middleware::Gzip { level }, Setting::Level) => {
            set(level, parse_in_range("gzip level", text, -1_i8, 9))
        }
        (Middleware::Metrics { path }, Setting::Path) => set(path, parse_route_path(text)),
        (Middleware::Custom { name }, Setting::Name) => {
            set(name, parse_go_identifier("middleware name", text))
        }
        _ => None,
    }
}

fn write_cluster(d: &mut Design, part: ClusterField, text: &str) -> Option<Result<(), FieldError>> {
    use ClusterField as C;
    let trimmed = text.trim();
    let k = &mut d.cluster;
    let r = &mut k.resources;
    let p = &mut k.probes;
    match part {
        C::Namespace => set(&mut k.namespace, parse_dns_label("namespace", trimmed)),
        C::CpuRequest => set(&mut r.cpu_request, parse_quantity("CPU request", trimmed)),
        C::CpuLimit => set(&mut r.cpu_limit, parse_quantity("CPU limit", trimmed)),
        C::MemoryRequest => set(
            &mut r.memory_request,
            parse_quantity("memory request", trimmed),
        ),
        C::MemoryLimit => set(&mut r.memory_limit, parse_quantity("memory limit", trimmed)),
        C::ProbePeriod => set(
            &mut p.period_seconds,
            parse_in_range("period", text, 1_i32, 3_600),
        ),
        C::ProbeTimeout => set(
            &mut p.timeout_seconds,
            parse_in_range("timeout", text, 1_i32, 3_600),
        ),
        C::ProbeFailureThreshold => set(
            &mut p.failure_threshold,
            parse_in_range("failure threshold", text, 1_i32, 100),
        ),
        C::MaxSurge => set(
            &mut k.max_surge,
            parse_count_or_percent("maxSurge", trimmed),
        ),
        C::MaxUnavailable => set(
            &mut k.max_unavailable,
            parse_count_or_percent("maxUnavailable", trimmed),
        ),
        C::ServiceType => {
            let parsed = pick(&SERVICE_TYPES, "service type", text);
            // A node port means nothing to a ClusterIP Service.
            if parsed == Ok(ServiceType::ClusterIP) {
                k.node_port = None;
            }
            set(&mut k.service_type, parsed)
        }
        C::ServicePort => set(&mut k.service_port, parse_port(text)),
        C::NodePort => {
            if k.service_type != ServiceType::NodePort {
                return None;
            }
            let parsed = if trimmed.is_empty() {
                Ok(None)
            } else {
                parse_in_range("node port", text, 30_000_u16, 32_767).map(Some)
            };
            set(&mut k.node_port, parsed)
        }
        C::MonitoringNamespace => set(
            &mut k.monitoring_namespace,
            optional(trimmed, |t| parse_dns_label("namespace", t)),
        ),
        C::IngressClass
        | C::IngressHost
        | C::IngressTlsSecret
        | C::IngressPathPrefix
        | C::IngressControllerNamespace => {
            let ingress = k.ingress.as_mut()?;
            match part {
                C::IngressControllerNamespace => set(
                    &mut ingress.controller_namespace,
                    parse_dns_label("namespace", trimmed),
                ),
                C::IngressClass => set(
                    &mut ingress.class_name,
                    parse_dns_label("ingress class", trimmed),
                ),
                C::IngressHost => set(&mut ingress.host, parse_dns_subdomain("host", trimmed)),
                C::IngressTlsSecret => set(
                    &mut ingress.tls_secret,
                    optional(trimmed, |t| parse_dns_subdomain("TLS secret", t)),
                ),
                _ => set(
                    &mut ingress.path_prefix,
                    optional(trimmed, parse_route_path),
                ),
            }
        }
        C::Routing => {
            let parsed = pick(&ROUTINGS, "routing", text);
            if let Ok(to) = parsed {
                switch_routing(k, to);
            }
            Some(parsed.map(|_| ()))
        }
        C::GatewayMode
        | C::GatewayName
        | C::GatewayNamespace
        | C::GatewaySectionName
        | C::GatewayClass
        | C::GatewayHostnames
        | C::GatewayTlsSecret
        | C::GatewayPathPrefix
        | C::GatewayRequestTimeout
        | C::GatewayControllerNamespace => {
            let gateway = k.gateway.as_mut()?;
            match part {
                C::GatewayMode => set(&mut gateway.mode, pick(&GATEWAY_MODES, "Gateway", text)),
                C::GatewayName => set(
                    &mut gateway.gateway_name,
                    parse_object_name("Gateway name", trimmed),
                ),
                C::GatewayNamespace => set(
                    &mut gateway.gateway_namespace,
                    parse_dns_label("namespace", trimmed),
                ),
                C::GatewaySectionName => set(
                    &mut gateway.section_name,
                    optional(trimmed, |t| parse_dns_subdomain("listener name", t)),
                ),
                C::GatewayClass => set(
                    &mut gateway.class_name,
                    parse_object_name("GatewayClass", trimmed),
                ),
                C::GatewayHostnames => set(
                    &mut gateway.hostnames,
                    parse_list(text, parse_gateway_hostname),
                ),
                C::GatewayTlsSecret => set(
                    &mut gateway.tls_secret,
                    optional(trimmed, |t| parse_object_name("TLS secret", t)),
                ),
                C::GatewayPathPrefix => set(
                    &mut gateway.path_prefix,
                    optional(trimmed, parse_route_path),
                ),
                C::GatewayRequestTimeout => set(
                    &mut gateway.request_timeout,
                    optional(trimmed, |t| parse_gateway_duration("request timeout", t)),
                ),
                _ => set(
                    &mut gateway.controller_namespace,
                    parse_dns_label("namespace", trimmed),
                ),
            }
        }
        C::MinReplicas | C::MaxReplicas | C::CpuUtilization => {
            let hpa = k.autoscaling.as_mut()?;
            match part {
                C::MinReplicas => set(
                    &mut hpa.min_replicas,
                    parse_in_range("min replicas", text, 1_i32, 1_000),
                ),
                C::MaxReplicas => set(
                    &mut hpa.max_replicas,
                    parse_in_range("max replicas", text, 1_i32, 1_000),
                ),
                _ => set(
                    &mut hpa.cpu_utilization,
                    parse_in_range("CPU utilization", text, 1_i32, 100),
                ),
            }
        }
        C::MinAvailable => {
            k.min_available?;
            set(
                &mut k.min_available,
                parse_in_range("minAvailable", text, 0_u32, 1_000).map(Some),
            )
        }
        C::KubernetesVersion => {
            let parsed = KUBERNETES_VERSIONS
                .contains(&trimmed)
                .then(|| trimmed.to_owned())
                .ok_or_else(|| FieldError::Pattern {
                    field: "Kubernetes version",
                    value: trimmed.to_owned(),
                    expected: "choose one of the listed versions",
                });
            set(&mut k.kubernetes_version, parsed)
        }
        C::StartupProbe | C::Autoscaling | C::Pdb | C::NetworkPolicy | C::SpreadAcrossNodes => None,
    }
}

/// Ticks or clears a checkbox field. Switching a section on fills it with defaults
/// (and adds the secret variable a database needs); `None` when there is no such box.
fn write_flag(d: &mut Design, field: Field, on: bool) -> Option<Result<(), FieldError>> {
    use ClusterField as C;
    let k = &mut d.cluster;
    match field {
        Field::Middleware(scope, i, Setting::Credentials) => {
            match chain_mut(d, scope)?.get_mut(i)? {
                Middleware::Cors {
                    allow_credentials, ..
                } => set(allow_credentials, Ok(on)),
                _ => None,
            }
        }
        Field::Var(i, VarField::Secret) => {
            let name = d.config.vars.get(i)?.name.clone();
            let parsed = match var_user(d, &name) {
                Some(user) if !on => Err(FieldError::VarInUse { name, user }),
                _ => Ok(on),
            };
            // A secret's value is never kept (it would land in the autosave and an
            // exported design file); making a variable secret lets go of its value,
            // and undo brings it back.
            if parsed == Ok(true) {
                d.config.vars[i].value.clear();
            }
            set(&mut d.config.vars[i].secret, parsed)
        }
        Field::Database(DatabaseField::Enabled) => {
            if on && d.database.is_none() {
                let db = Database::default();
                if !d.config.vars.iter().any(|v| v.name == db.url_env) {
                    d.config.vars.push(secret_var(&db.url_env));
                }
                d.database = Some(db);
            } else if !on {
                d.database = None;
            }
            Some(Ok(()))
        }
        Field::Database(DatabaseField::PingOnConnect) => {
            set(&mut d.database.as_mut()?.ping_on_connect, Ok(on))
        }
        Field::Cluster(C::StartupProbe) => set(&mut k.probes.startup, Ok(on)),
        Field::Cluster(C::Autoscaling) => {
            if on != k.autoscaling.is_some() {
                k.autoscaling = on.then(|| Autoscaling {
                    min_replicas: k.replicas,
                    max_replicas: k.replicas.max(Autoscaling::default().max_replicas),
                    ..Autoscaling::default()
                });
            }
            Some(Ok(()))
        }
        Field::Cluster(C::Pdb) => {
            if on != k.min_available.is_some() {
                // One pod may always be drained; more replicas keep one pod up.
                let floor = k
                    .autoscaling
                    .as_ref()
                    .map_or(k.replicas, |h| h.min_replicas.min(k.replicas));
                k.min_available = on.then(|| u32::from(floor > 1));
            }
            Some(Ok(()))
        }
        Field::Cluster(C::NetworkPolicy) => set(&mut k.network_policy, Ok(on)),
        Field::Cluster(C::SpreadAcrossNodes) => set(&mut k.spread_across_nodes, Ok(on)),
        _ => None,
    }
}

/// The state after one action. Never panics; an out-of-range index is ignored.
/// Every change of the design is one undo step, except that keystrokes into the
/// same field merge into one.
pub fn apply(editor: &Editor, action: Action) -> Editor {
    let stepping = matches!(action, Action::Undo | Action::Redo);
    let moving = match action {
        Action::MoveMiddleware { scope, to, .. } => Some((scope, to)),
        _ => None,
    };
    let through = match &action {
        Action::Edit(field, _) | Action::Choose(field, _) | Action::Toggle(field, _) => {
            Some(*field)
        }
        Action::MoveMiddleware { scope, .. }
        | Action::AddMiddleware { scope, .. }
        | Action::RemoveMiddleware { scope, .. } => Some(Field::Chain(*scope)),
        _ => None,
    };
    let mut next = act_on(editor, action);
    if next == *editor {
        // Nothing happened: what the page last said still stands.
        return next;
    }
    if !stepping {
        next.last_step = None;
    }
    // Only a change of the design names its field. An action that leaves the design
    // as it is (leaving the field just typed in, picking the new route's method) keeps
    // the field named: the page may still be waiting for the worker's files of that
    // edit before it brings the file forward.
    if next.design != editor.design {
        next.last_field = through;
    }
    next.last_move = moving
        .filter(|_| next.design != editor.design)
        .and_then(|(scope, to)| {
            let items = chain(&next.design, scope)?;
            let where_ = match scope {
                Scope::Global => "the global chain".to_owned(),
                Scope::Group(g) => {
                    let prefix = &next.design.groups.get(g)?.prefix;
                    let shown = if prefix.is_empty() {
                        "/"
                    } else {
                        prefix.as_str()
                    };
                    format!("the chain of group {shown}")
                }
            };
            Some(format!(
                "{} moved to position {} of {} in {where_}",
                items.get(to)?.label(),
                to + 1,
                items.len()
            ))
        });
    next
}

/// How many changed fields an undo or redo names before "and N more".
const STEP_NAMES: usize = 2;

/// The words for an undo (`back`) or redo that went from `left` to `now`.
fn describe_step(back: bool, left: &Design, now: &Design) -> String {
    let verb = if back { "Undid" } else { "Redid" };
    let short = |v: &str| {
        if v.chars().count() > 40 {
            format!("{}…", v.chars().take(39).collect::<String>())
        } else {
            v.to_owned()
        }
    };
    // A list item that came or went is one change, named as the item, not field by
    // field ("Routes › Top level › GET /orders: removed").
    let mut changes: Vec<(String, String)> = Vec::new();
    for c in crate::import::changes(left, now) {
        let whole = |gone: bool| {
            let (item, _) = c.field.rsplit_once('.')?;
            item.ends_with(']').then(|| {
                let label = crate::field_labels::label(if gone { left } else { now }, item);
                (
                    item.to_owned(),
                    format!("{label}: {}", if gone { "removed" } else { "added" }),
                )
            })
        };
        let item = match (c.from.as_str(), c.to.as_str()) {
            (_, "none") => whole(true),
            ("none", _) => whole(false),
            _ => None,
        };
        match item {
            Some((path, words)) => {
                if changes.last().is_none_or(|(last, _)| *last != path) {
                    changes.push((path, words));
                }
            }
            None => changes.push((
                c.field.clone(),
                format!("{}: {} → {}", c.label, short(&c.from), short(&c.to)),
            )),
        }
    }
    let shown: Vec<&str> = changes
        .iter()
        .take(STEP_NAMES)
        .map(|(_, words)| words.as_str())
        .collect();
    match changes.len() {
        0 => format!("{verb} the last step"),
        n if n <= STEP_NAMES => format!("{verb} {}", shown.join("; ")),
        n => format!("{verb} {}; and {} more", shown.join("; "), n - STEP_NAMES),
    }
}

fn act_on(editor: &Editor, action: Action) -> Editor {
    match action {
        Action::Undo => return editor.step(true),
        Action::Redo => return editor.step(false),
        Action::Edit(field, text) if !field.is_new_item() => return editor.type_into(field, text),
        Action::Restore(design, texts) if check(&design).is_empty() => {
            return Editor::restore(*design, &texts)
        }
        _ => {}
    }
    let mut next = editor.clone();
    next.typing = None;
    change(&mut next, action);
    if next.design != editor.design {
        next.future.clear();
        next.record(editor.design.clone());
        next.settle(None);
    }
    next
}

fn change(next: &mut Editor, action: Action) {
    match action {
        // Typing in a design field is `type_into`; this is text for a new item.
        Action::Edit(field, text) => next.new_item_text(field, text),
        Action::Choose(field, text) => next.pick(field, &text),
        Action::Leave => {}
        Action::Toggle(field, on) => next.toggle(field, on),
        Action::SetNewRouteMethod(method) => {
            next.new_route_method = method;
            next.check_new_route(false);
        }
        Action::SetNewRouteGroup(group) => {
            next.new_route_group = group.filter(|g| *g < next.design.groups.len());
            next.check_new_route(false);
        }
        Action::AddRoute => next.check_new_route(true),
        Action::RemoveRoute { group, route } => {
            next.restructure(Field::Group(group), List::Routes(group), |d| {
                let routes = &mut d.groups.get_mut(group)?.routes;
                (route < routes.len()).then(|| {
                    routes.remove(route);
                    Box::new(removed(route)) as Box<dyn Fn(usize) -> Option<usize>>
                })
            })
        }
        Action::MoveRoute { group, from, to } => {
            next.restructure(Field::Group(group), List::Routes(group), |d| {
                let routes = &mut d.groups.get_mut(group)?.routes;
                move_item(routes, from, to)
            })
        }
        Action::MoveRouteToGroup { group, route, to } => {
            next.restructure(Field::Group(group), List::Routes(group), |d| {
                if to == group || to >= d.groups.len() || route >= d.groups.get(group)?.routes.len()
                {
                    return None;
                }
                let moved = d.groups[group].routes.remove(route);
                d.groups[to].routes.push(moved);
                Some(Box::new(removed(route)) as Box<dyn Fn(usize) -> Option<usize>>)
            })
        }
        Action::AddGroup => next.add_group(),
        Action::RemoveGroup(group) => next.restructure(Field::Group(group), List::Groups, |d| {
            (group < d.groups.len()).then(|| {
                d.groups.remove(group);
                Box::new(removed(group)) as Box<dyn Fn(usize) -> Option<usize>>
            })
        }),
        Action::MoveGroup { from, to } => next.restructure(Field::Group(from), List::Groups, |d| {
            move_item(&mut d.groups, from, to)
        }),
        Action::AddMiddleware { scope, middleware } => next.add_middleware(scope, middleware),
        Action::RemoveMiddleware { scope, index } => {
            next.restructure(Field::Chain(scope), List::Chain(scope), |d| {
                let chain = chain_mut(d, scope)?;
                (index < chain.len()).then(|| {
                    chain.remove(index);
                    Box::new(removed(index)) as Box<dyn Fn(usize) -> Option<usize>>
                })
            })
        }
        Action::MoveMiddleware { scope, from, to } => {
            next.restructure(Field::Chain(scope), List::Chain(scope), |d| {
                move_item(chain_mut(d, scope)?, from, to)
            })
        }
        Action::SelectMiddleware(selected) => {
            next.selected_middleware = selected
                .filter(|(scope, i)| chain(&next.design, *scope).is_some_and(|c| *i < c.len()));
        }
        Action::AddVar => next.add_var(),
        Action::RemoveVar(index) => next.remove_var(index),
        Action::EnsureSecretVar(name) => next.ensure_secret_var(&name),
        Action::Load(design) => {
            if check(&design).is_empty() {
                next.design = *design;
                next.show_design();
            }
        }
        Action::FullScaffold => next.design.project = None,
        Action::Undo | Action::Redo | Action::Restore(..) => {}
    }
}

/// Moves an item within a list, returning how indexes changed; `None` for indexes
/// out of range or no move at all.
fn move_item<T>(
    items: &mut Vec<T>,
    from: usize,
    to: usize,
) -> Option<Box<dyn Fn(usize) -> Option<usize>>> {
    if from == to || from >= items.len() || to >= items.len() {
        return None;
    }
    let item = items.remove(from);
    items.insert(to, item);
    Some(Box::new(moved(from, to)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ConfigVar, Database, DatabaseDriver};

    fn edit(editor: &Editor, field: Field, text: &str) -> Editor {
        apply(editor, Action::Edit(field, text.into()))
    }

    #[test]
    fn leaving_a_field_keeps_it_named_as_the_last_edit() {
        // The page brings a file forward once the worker's files of the edit are in;
        // a click elsewhere before then must not lose which field it was.
        let typed = edit(&Editor::default(), Field::Port, "9292");
        assert_eq!(typed.last_field(), Some(Field::Port));
        let left = apply(&typed, Action::Leave);
        assert_ne!(left, typed, "leaving ends the undo step of the typing");
        assert_eq!(left.last_field(), Some(Field::Port));
        let picked = apply(&left, Action::SetNewRouteMethod(Method::Post));
        assert_eq!(picked.last_field(), Some(Field::Port));
        // What changes the design without a field names none.
        let undone = apply(&picked, Action::Undo);
        assert_ne!(undone.design, picked.design);
        assert_eq!(undone.last_field(), None);
    }

    #[test]
    fn a_valid_port_enters_the_design() {
        let editor = edit(&Editor::default(), Field::Port, "9090");
        assert_eq!(editor.design.service.port, 9090);
        assert_eq!(editor.error(Field::Port), None);
    }

    #[test]
    fn abuse_limits_are_edited_in_the_page_and_checked_as_the_file_is() {
        // Each accepted value is left (blur) before the next edit of its field: a
        // refusal falls back to the design from before the typing began.
        let editor = apply(
            &edit(
                &Editor::default(),
                Field::TrustedProxies,
                "10.42.0.0/16, fd00::/8",
            ),
            Action::Leave,
        );
        assert_eq!(
            editor.design.service.trusted_proxies,
            ["10.42.0.0/16", "fd00::/8"]
        );
        let every = edit(&editor, Field::TrustedProxies, "0.0.0.0/0");
        assert_eq!(every.design, editor.design);
        assert!(every.error(Field::TrustedProxies).is_some());
        let body = apply(&edit(&editor, Field::MaxBodyBytes, "4096"), Action::Leave);
        assert_eq!(body.design.service.max_body_bytes, 4096);
        assert!(edit(&body, Field::MaxBodyBytes, "0")
            .error(Field::MaxBodyBytes)
            .is_some());
        let metrics = edit(&body, Field::MetricsPort, "9100");
        assert_eq!(metrics.design.service.metrics_port, 9100);
        assert!(edit(&body, Field::MetricsPort, "70000")
            .error(Field::MetricsPort)
            .is_some());
        let idle = edit(&body, Field::IdleTimeout, "90");
        assert_eq!(idle.design.service.idle_timeout_seconds, 90);
        let none = edit(
            &idle,
            Field::Cluster(ClusterField::MonitoringNamespace),
            "monitoring",
        );
        assert_eq!(none.design.cluster.monitoring_namespace, "monitoring");
    }

    #[test]
    fn refused_typing_falls_back_to_the_value_before_the_typing_began() {
        // Typing 99999 passes through 9999, a valid port the user never meant.
        let typed = ["9", "99", "999", "9999", "99999"]
            .into_iter()
            .fold(Editor::default(), |e, text| edit(&e, Field::Port, text));
        assert_eq!(typed.draft(Field::Port), "99999");
        assert_eq!(typed.design.service.port, 8080);
        assert_eq!(typed.design, Design::default());
        let refused: Vec<_> = typed.refused().map(|(f, text, _)| (f, text)).collect();
        assert_eq!(refused, [(Field::Port, "99999")]);
        // Nothing changed, so there is nothing to undo.
        assert!(!typed.can_undo());
        // Back to a valid text in the same typing: one undo step to 8080.
        let fixed = edit(&typed, Field::Port, "9999");
        assert_eq!(fixed.design.service.port, 9999);
        assert_eq!(apply(&fixed, Action::Undo).design.service.port, 8080);
        assert_eq!(fixed.refused().count(), 0);
    }

    #[test]
    fn an_invalid_port_keeps_the_text_and_the_last_valid_design() {
        let editor = edit(&Editor::default(), Field::Port, "9090");
        // The user left the field: 9090 is theirs now, and a later refused edit keeps it.
        let editor = apply(&editor, Action::Leave);
        let editor = edit(&editor, Field::Port, "70000");
        assert_eq!(editor.draft(Field::Port), "70000");
        assert_eq!(editor.design.service.port, 9090);
        assert_eq!(
            editor
                .error(Field::Port)
                .map(ToString::to_string)
                .as_deref(),
            Some("port 70000 is out of range: use 1 to 65535")
        );
        let fixed = edit(&editor, Field::Port, "8081");
        assert_eq!(fixed.error(Field::Port), None);
        assert_eq!(fixed.design.service.port, 8081);
    }

    #[test]
    fn each_field_reaches_its_design_value() {
        let mut editor = Editor::default();
        for (field, text) in [
            (Field::Name, "orders"),
            (Field::Replicas, "4"),
            (Field::Image, "example.org/orders:1.0.0"),
        ] {
            editor = edit(&editor, field, text);
        }
        assert_eq!(editor.design.service.name, "orders");
        assert_eq!(editor.design.cluster.replicas, 4);
        assert_eq!(editor.design.delivery.image, "example.org/orders:1.0.0");
        assert_eq!(editor.errors().count(), 0);
    }

    #[test]
    fn routes_join_the_group_with_the_longest_matching_prefix() {
        let editor = apply(&Editor::default(), Action::SetNewRouteMethod(Method::Post));
        let editor = edit(&editor, Field::NewRoutePath, "/api/v1/users");
        let editor = apply(&editor, Action::AddRoute);
        let api = &editor.design.groups[1];
        assert_eq!(api.prefix, "/api/v1");
        assert_eq!(api.routes.last(), Some(&Route::new(Method::Post, "/users")));
        assert_eq!(editor.draft(Field::NewRoutePath), "");
        // "/api/v10" shares characters with "/api/v1" but not a segment boundary.
        let editor = apply(
            &edit(&editor, Field::NewRoutePath, "/api/v10"),
            Action::AddRoute,
        );
        assert_eq!(
            editor.design.groups[0].routes.last(),
            Some(&Route::new(Method::Post, "/api/v10"))
        );
    }

    #[test]
    fn a_new_route_joins_a_trailing_slash_group_only_where_gin_would_put_it() {
        let mut design = Design::default();
        design.groups[1].prefix = "/api/v1/".into();
        let editor = Editor::new(design);
        let add = |path: &str| apply(&edit(&editor, Field::NewRoutePath, path), Action::AddRoute);
        // Under `/api/v1/` the empty path is `/api/v1/`, so `/api/v1` is top level.
        let bare = add("/api/v1");
        assert_eq!(
            bare.design.groups[0].routes.last(),
            Some(&Route::new(Method::Get, "/api/v1"))
        );
        let slash = add("/api/v1/");
        assert_eq!(
            slash.design.groups[1].routes.last(),
            Some(&Route::new(Method::Get, "/"))
        );
        let users = add("/api/v1/users");
        assert_eq!(
            users.design.groups[1].routes.last(),
            Some(&Route::new(Method::Get, "/users"))
        );
    }

    #[test]
    fn a_design_without_a_top_level_group_gets_one() {
        let mut design = Design::default();
        design.groups.remove(0);
        let editor = apply(
            &edit(&Editor::new(design), Field::NewRoutePath, "/ping"),
            Action::AddRoute,
        );
        assert_eq!(editor.design.groups[0].prefix, "");
        assert_eq!(
            editor.design.groups[0].routes,
            [Route::new(Method::Get, "/ping")]
        );
    }

    #[test]
    fn a_duplicate_or_malformed_route_is_refused_with_a_reason() {
        let before = edit(&Editor::default(), Field::NewRoutePath, "/api/v1/users/:id");
        let after = apply(&before, Action::AddRoute);
        assert_eq!(after.design, before.design);
        assert_eq!(after.draft(Field::NewRoutePath), "/api/v1/users/:id");
        assert!(matches!(
            after.error(Field::NewRoutePath),
            Some(FieldError::DuplicateRoute { .. })
        ));
        let bad = apply(&edit(&after, Field::NewRoutePath, "ping"), Action::AddRoute);
        assert!(matches!(
            bad.error(Field::NewRoutePath),
            Some(FieldError::BadRoutePath { .. })
        ));
    }

    #[test]
    fn a_route_gin_would_panic_on_is_refused_naming_both_routes() {
        let before = edit(
            &Editor::default(),
            Field::NewRoutePath,
            "/api/v1/users/:name/posts",
        );
        let after = apply(&before, Action::AddRoute);
        assert_eq!(after.design, before.design);
        assert_eq!(
            after.draft(Field::NewRoutePath),
            "/api/v1/users/:name/posts"
        );
        let message = match after.error(Field::NewRoutePath) {
            Some(FieldError::Conflict(message)) => message.clone(),
            other => panic!("a start-up conflict, not {other:?}"),
        };
        assert!(
            message.contains("GET /api/v1/users/:name/posts")
                && message.contains("GET /api/v1/users/:id")
                && message.ends_with("(GR102)"),
            "{message}"
        );
        // The same parameter name is no conflict.
        let fine = apply(
            &edit(
                &Editor::default(),
                Field::NewRoutePath,
                "/api/v1/users/:id/posts",
            ),
            Action::AddRoute,
        );
        assert_eq!(fine.error(Field::NewRoutePath), None);
        assert_eq!(fine.design.groups[1].routes.len(), 2);
    }

    #[test]
    fn removing_a_route_ignores_stale_indexes() {
        let editor = Editor::default();
        let removed = apply(&editor, Action::RemoveRoute { group: 0, route: 0 });
        assert_eq!(
            removed.design.groups[0].routes.len(),
            editor.design.groups[0].routes.len() - 1
        );
        assert_eq!(
            apply(
                &removed,
                Action::RemoveRoute {
                    group: 0,
                    route: 99
                }
            ),
            removed
        );
        assert_eq!(
            apply(
                &removed,
                Action::RemoveRoute {
                    group: 99,
                    route: 0
                }
            ),
            removed
        );
    }

    #[test]
    fn undo_and_redo_say_what_they_changed_in_the_pages_words() {
        let three = apply(
            &edit(&Editor::default(), Field::Replicas, "3"),
            Action::Leave,
        );
        assert_eq!(three.last_step(), None);
        let undone = apply(&three, Action::Undo);
        assert_eq!(
            undone.last_step(),
            Some("Undid Cluster › Workload › Replicas: 3 → 2")
        );
        let redone = apply(&undone, Action::Redo);
        assert_eq!(
            redone.last_step(),
            Some("Redid Cluster › Workload › Replicas: 2 → 3")
        );
        // Any other change forgets it; an undo with nothing to undo says nothing.
        assert_eq!(edit(&redone, Field::Replicas, "4").last_step(), None);
        assert_eq!(apply(&Editor::default(), Action::Undo).last_step(), None);
        // A route added and undone is named by its method and path.
        let added = apply(
            &edit(&Editor::default(), Field::NewRoutePath, "/orders"),
            Action::AddRoute,
        );
        let message = apply(&added, Action::Undo).last_step().unwrap().to_owned();
        assert_eq!(message, "Undid Routes › Top level › GET /orders: removed");
    }

    #[test]
    fn undo_and_redo_walk_the_history_and_typing_is_one_step() {
        let start = Editor::default();
        let typed = ["9", "90", "909", "9090"]
            .into_iter()
            .fold(start.clone(), |e, text| edit(&e, Field::Port, text));
        let renamed = edit(&typed, Field::Name, "orders");
        assert!(renamed.can_undo() && !renamed.can_redo());
        let back = apply(&renamed, Action::Undo);
        assert_eq!(back.design.service.name, "hello-gin");
        assert_eq!(back.design.service.port, 9090);
        let back = apply(&back, Action::Undo);
        assert_eq!(back.design, start.design);
        assert_eq!(back.draft(Field::Port), "8080");
        assert!(!back.can_undo());
        let forward = apply(&apply(&back, Action::Redo), Action::Redo);
        assert_eq!(forward.design, renamed.design);
        assert_eq!(forward.draft(Field::Name), "orders");
        // A new change after undo drops the redo branch.
        let branched = edit(&apply(&forward, Action::Undo), Field::Replicas, "5");
        assert!(!branched.can_redo());
    }

    #[test]
    fn invalid_text_and_failed_actions_make_no_undo_step() {
        let editor = edit(&Editor::default(), Field::Port, "70000");
        assert!(!editor.can_undo());
        let editor = apply(&editor, Action::AddRoute);
        assert!(!editor.can_undo());
        assert_eq!(apply(&editor, Action::Undo).design, editor.design);
        // The first valid text after an invalid one is its own step.
        let fixed = edit(&editor, Field::Port, "9090");
        assert_eq!(apply(&fixed, Action::Undo).design.service.port, 8080);
    }

    #[test]
    fn history_is_bounded() {
        let mut editor = Editor::default();
        for i in 0..(HISTORY_LIMIT + 20) {
            let field = if i % 2 == 0 {
                Field::Port
            } else {
                Field::Replicas
            };
            editor = edit(&editor, field, &(i % 900 + 1).to_string());
        }
        assert_eq!(editor.past.len(), HISTORY_LIMIT);
    }

    #[test]
    fn a_loaded_design_can_be_undone() {
        let preset = crate::presets::PRESETS[2].design().unwrap();
        let editor = apply(&Editor::default(), Action::Load(Box::new(preset)));
        assert_eq!(apply(&editor, Action::Undo).design, Design::default());
    }

    #[test]
    fn the_full_scaffold_is_one_undoable_step_away_from_deploy_only() {
        let own = Design {
            project: Some(crate::model::Project {
                main_package: "./cmd/server".into(),
            }),
            ..Design::default()
        };
        let editor = apply(&Editor::default(), Action::Load(Box::new(own.clone())));
        let scaffold = apply(&editor, Action::FullScaffold);
        assert_eq!(
            scaffold.design,
            Design {
                project: None,
                ..own.clone()
            }
        );
        let undone = apply(&scaffold, Action::Undo);
        assert_eq!(undone.design, own);
        assert_eq!(
            undone.last_step(),
            Some("Undid Deploy-only › Main package: none → ./cmd/server")
        );
        // On a design that is no project's, it changes nothing and records nothing.
        let again = apply(&scaffold, Action::FullScaffold);
        assert_eq!(again.design, scaffold.design);
        assert_eq!(apply(&again, Action::Undo).design, own);
    }

    #[test]
    fn loading_a_design_resets_the_fields_to_it() {
        let mut design = Design::default();
        design.service.port = 7000;
        let editor = edit(&Editor::default(), Field::Port, "abc");
        let loaded = apply(&editor, Action::Load(Box::new(design.clone())));
        assert_eq!(loaded.design, design);
        assert_eq!(loaded.draft(Field::Port), "7000");
        assert_eq!(loaded.errors().count(), 0);
    }

    fn act(editor: &Editor, actions: impl IntoIterator<Item = Action>) -> Editor {
        actions
            .into_iter()
            .fold(editor.clone(), |e, action| apply(&e, action))
    }

    fn message(editor: &Editor, field: Field) -> String {
        editor
            .error(field)
            .map(ToString::to_string)
            .unwrap_or_default()
    }

    #[test]
    fn service_fields_and_selects_reach_the_design() {
        let editor = act(
            &Editor::default(),
            [
                Action::Edit(Field::Module, "example.org/team/orders".into()),
                Action::Edit(Field::GoVersion, "1.24".into()),
                Action::Choose(Field::GinMode, "debug".into()),
                Action::Choose(Field::Ci, "gitlab-ci".into()),
                Action::Choose(Field::Container(ContainerField::Runtime), "alpine".into()),
            ],
        );
        let d = &editor.design;
        assert_eq!(d.service.module, "example.org/team/orders");
        assert_eq!(d.service.go_version, "1.24");
        assert_eq!(d.service.gin_mode, GinMode::Debug);
        assert_eq!(d.delivery.ci, CiFlavour::GitlabCi);
        assert_eq!(d.container.runtime, Runtime::Alpine);
        assert_eq!(editor.draft(Field::GinMode), "debug");
        // Each pick is its own step, unlike keystrokes.
        let back = act(&editor, [Action::Undo, Action::Undo]);
        assert_eq!(back.design.service.gin_mode, GinMode::Debug);
        assert_eq!(back.design.delivery.ci, CiFlavour::GithubActions);
        let refused = apply(&editor, Action::Choose(Field::GinMode, "fast".into()));
        assert_eq!(refused.design, editor.design);
        assert!(message(&refused, Field::GinMode).contains("\"fast\""));
    }

    #[test]
    fn every_text_field_shows_its_design_value_until_typed_in() {
        let design = crate::presets::PRESETS[0].design().unwrap();
        let editor = Editor::new(design.clone());
        assert_eq!(
            editor.draft(Field::Cluster(ClusterField::Namespace)),
            design.cluster.namespace
        );
        assert_eq!(
            editor.draft(Field::Route(1, 0, RouteField::Path)),
            design.groups[1].routes[0].path
        );
        assert_eq!(editor.draft(Field::Route(9, 0, RouteField::Path)), "");
        let typed = edit(&editor, Field::Cluster(ClusterField::Namespace), "team-b");
        assert_eq!(typed.design.cluster.namespace, "team-b");
        assert_eq!(
            typed.draft(Field::Cluster(ClusterField::Namespace)),
            "team-b"
        );
    }

    #[test]
    fn cluster_fields_parse_and_refuse_with_reasons() {
        let editor = act(
            &Editor::default(),
            [
                Action::Edit(Field::Cluster(ClusterField::CpuRequest), "250m".into()),
                Action::Edit(Field::Cluster(ClusterField::MemoryLimit), "1Gi".into()),
                Action::Edit(Field::Cluster(ClusterField::ProbePeriod), "15".into()),
                Action::Edit(Field::Cluster(ClusterField::MaxSurge), "1".into()),
                Action::Edit(Field::Cluster(ClusterField::ServicePort), "8081".into()),
                Action::Choose(
                    Field::Cluster(ClusterField::KubernetesVersion),
                    "1.35".into(),
                ),
                Action::Toggle(Field::Cluster(ClusterField::StartupProbe), true),
                Action::Toggle(Field::Cluster(ClusterField::NetworkPolicy), false),
                Action::Toggle(Field::Cluster(ClusterField::SpreadAcrossNodes), true),
            ],
        );
        let k = &editor.design.cluster;
        assert_eq!(k.resources.cpu_request, "250m");
        assert_eq!(k.resources.memory_limit, "1Gi");
        assert_eq!(k.probes.period_seconds, 15);
        assert_eq!(k.max_surge, "1");
        assert_eq!(k.service_port, 8081);
        assert_eq!(k.kubernetes_version, "1.35");
        assert!(k.probes.startup && !k.network_policy && k.spread_across_nodes);
        // maxSurge 0 with maxUnavailable 0 could never roll out: the check says so.
        let stuck = edit(&editor, Field::Cluster(ClusterField::MaxSurge), "0");
        assert_eq!(stuck.design.cluster.max_surge, "1");
        assert!(message(&stuck, Field::Cluster(ClusterField::MaxSurge)).contains("both 0"));
        let bad = edit(&editor, Field::Cluster(ClusterField::CpuLimit), "lots");
        assert!(message(&bad, Field::Cluster(ClusterField::CpuLimit)).contains("\"lots\""));
        let old = apply(
            &editor,
            Action::Choose(
                Field::Cluster(ClusterField::KubernetesVersion),
                "1.20".into(),
            ),
        );
        assert_eq!(old.design.cluster.kubernetes_version, "1.35");
    }

    #[test]
    fn a_node_port_needs_a_node_port_service_and_goes_with_it() {
        let cluster = |f| Field::Cluster(f);
        let before = Editor::default();
        assert_eq!(
            apply(
                &before,
                Action::Edit(cluster(ClusterField::NodePort), "30080".into())
            ),
            before,
            "a ClusterIP Service has no node port field"
        );
        let editor = act(
            &before,
            [
                Action::Choose(cluster(ClusterField::ServiceType), "NodePort".into()),
                Action::Edit(cluster(ClusterField::NodePort), "30080".into()),
            ],
        );
        assert_eq!(editor.design.cluster.node_port, Some(30_080));
        let low = edit(&editor, cluster(ClusterField::NodePort), "8080");
        assert_eq!(
            message(&low, cluster(ClusterField::NodePort)),
            "node port 8080 is out of range: use 30000 to 32767"
        );
        let back = act(
            &editor,
            [
                Action::Choose(cluster(ClusterField::ServiceType), "ClusterIP".into()),
                Action::Choose(cluster(ClusterField::ServiceType), "NodePort".into()),
            ],
        );
        assert_eq!(back.design.cluster.node_port, None);
        // The text typed earlier is not shown over the design's (empty) value.
        assert_eq!(back.draft(cluster(ClusterField::NodePort)), "");
    }

    #[test]
    fn ingress_switches_on_with_defaults_and_checks_its_fields() {
        let ingress = |f| Field::Cluster(f);
        let editor = act(
            &Editor::default(),
            [
                Action::Choose(ingress(ClusterField::Routing), "ingress".into()),
                Action::Edit(ingress(ClusterField::IngressHost), "api.example.org".into()),
                Action::Edit(ingress(ClusterField::IngressTlsSecret), "api-tls".into()),
                Action::Edit(ingress(ClusterField::IngressPathPrefix), "/orders".into()),
            ],
        );
        assert_eq!(editor.design.cluster.gateway, None);
        let got = editor.design.cluster.ingress.clone().unwrap();
        assert_eq!(got.host, "api.example.org");
        assert_eq!(got.tls_secret, "api-tls");
        assert_eq!(got.path_prefix, "/orders");
        let bad = edit(
            &apply(&editor, Action::Leave),
            ingress(ClusterField::IngressPathPrefix),
            "/orders/:id",
        );
        assert_eq!(bad.design, editor.design);
        assert!(
            message(&bad, ingress(ClusterField::IngressPathPrefix)).contains("without parameters")
        );
        let off = apply(
            &editor,
            Action::Choose(ingress(ClusterField::Routing), "none".into()),
        );
        assert_eq!(off.design.cluster.ingress, None);
        assert_eq!(off.design.cluster.gateway, None);
        assert_eq!(off.draft(ingress(ClusterField::IngressHost)), "");
    }

    #[test]
    fn switching_routing_layers_carries_host_tls_and_prefix_both_ways() {
        let f = Field::Cluster;
        let editor = act(
            &Editor::default(),
            [
                Action::Choose(f(ClusterField::Routing), "ingress".into()),
                Action::Edit(f(ClusterField::IngressHost), "shop.example.org".into()),
                Action::Edit(f(ClusterField::IngressTlsSecret), "shop-tls".into()),
                Action::Edit(f(ClusterField::IngressPathPrefix), "/shop".into()),
                Action::Leave,
                Action::Choose(f(ClusterField::Routing), "gateway".into()),
            ],
        );
        let gateway = editor.design.cluster.gateway.clone().unwrap();
        assert_eq!(editor.design.cluster.ingress, None);
        assert_eq!(gateway.hostnames, ["shop.example.org"]);
        assert_eq!(gateway.tls_secret, "shop-tls");
        assert_eq!(gateway.path_prefix, "/shop");
        assert_eq!(editor.draft(f(ClusterField::Routing)), "gateway");
        assert_eq!(
            editor.draft(f(ClusterField::GatewayHostnames)),
            "shop.example.org"
        );
        // Gateway fields are parsed and checked like the others.
        let editor = act(
            &editor,
            [
                Action::Choose(f(ClusterField::GatewayMode), "generate".into()),
                Action::Edit(
                    f(ClusterField::GatewayHostnames),
                    "shop.example.org, *.shop.example.org".into(),
                ),
                Action::Edit(f(ClusterField::GatewayRequestTimeout), "1m30s".into()),
                Action::Leave,
            ],
        );
        let gateway = editor.design.cluster.gateway.clone().unwrap();
        assert_eq!(gateway.mode, GatewayMode::Generate);
        assert_eq!(
            gateway.hostnames,
            ["shop.example.org", "*.shop.example.org"]
        );
        assert_eq!(gateway.request_timeout, "1m30s");
        for (field, text, says) in [
            (ClusterField::GatewayRequestTimeout, "1.5s", "duration"),
            (ClusterField::GatewayHostnames, "10.0.0.1", "not an IP"),
            (
                ClusterField::GatewayPathPrefix,
                "/shop/:id",
                "without parameters",
            ),
        ] {
            let bad = act(
                &editor,
                [Action::Edit(f(field), text.into()), Action::Leave],
            );
            assert_eq!(bad.design, editor.design, "{field:?}");
            assert!(
                message(&bad, f(field)).contains(says),
                "{field:?}: {}",
                message(&bad, f(field))
            );
        }
        // And back: the Ingress gets the first hostname, TLS and prefix again.
        let back = apply(
            &editor,
            Action::Choose(f(ClusterField::Routing), "ingress".into()),
        );
        let ingress = back.design.cluster.ingress.clone().unwrap();
        assert_eq!(ingress.host, "shop.example.org");
        assert_eq!(ingress.tls_secret, "shop-tls");
        assert_eq!(ingress.path_prefix, "/shop");
        assert_eq!(back.design.cluster.gateway, None);
        // One undo brings the Gateway API design back.
        assert_eq!(apply(&back, Action::Undo).design, editor.design);
    }

    #[test]
    fn a_pdb_that_would_block_drains_is_refused_at_the_field_that_causes_it() {
        let cluster = |f| Field::Cluster(f);
        let editor = act(
            &Editor::default(),
            [
                Action::Edit(Field::Replicas, "3".into()),
                Action::Toggle(cluster(ClusterField::Pdb), true),
            ],
        );
        assert_eq!(editor.design.cluster.min_available, Some(1));
        let editor = edit(&editor, cluster(ClusterField::MinAvailable), "2");
        assert_eq!(editor.design.cluster.min_available, Some(2));
        let editor = apply(&editor, Action::Leave);
        let too_many = edit(&editor, cluster(ClusterField::MinAvailable), "3");
        assert_eq!(too_many.design.cluster.min_available, Some(2));
        assert_eq!(too_many.draft(cluster(ClusterField::MinAvailable)), "3");
        assert_eq!(
            message(&too_many, cluster(ClusterField::MinAvailable)),
            "minAvailable 3 is not below the 3 replica(s) that can be running: node drains would block; use at most 2"
        );
        let fewer = edit(&editor, Field::Replicas, "2");
        assert_eq!(fewer.design.cluster.replicas, 3);
        assert!(message(&fewer, Field::Replicas)
            .starts_with("minAvailable 2 is not below the 2 replica(s)"));
        // An autoscaler that may go down to 2 pods conflicts too, so it starts at the
        // replica count, and a lower minimum is refused.
        let hpa = apply(
            &editor,
            Action::Toggle(cluster(ClusterField::Autoscaling), true),
        );
        assert_eq!(
            hpa.design
                .cluster
                .autoscaling
                .as_ref()
                .map(|h| h.min_replicas),
            Some(3)
        );
        let low = edit(&hpa, cluster(ClusterField::MinReplicas), "2");
        assert_eq!(low.design, hpa.design);
        assert!(message(&low, cluster(ClusterField::MinReplicas)).starts_with("minAvailable 2"));
        let max = edit(&hpa, cluster(ClusterField::MaxReplicas), "2");
        assert_eq!(
            message(&max, cluster(ClusterField::MaxReplicas)),
            "max replicas 2 is out of range: use 3 to 1000"
        );
    }

    #[test]
    fn route_groups_are_added_renamed_moved_and_removed() {
        let editor = act(
            &Editor::default(),
            [
                Action::Edit(Field::NewGroupPrefix, "/api/v2/".into()),
                Action::AddGroup,
            ],
        );
        assert_eq!(editor.design.groups[2].prefix, "/api/v2");
        assert_eq!(editor.draft(Field::NewGroupPrefix), "");
        let twice = act(
            &editor,
            [
                Action::Edit(Field::NewGroupPrefix, "/api/v2".into()),
                Action::AddGroup,
            ],
        );
        assert_eq!(twice.design, editor.design);
        assert_eq!(
            message(&twice, Field::NewGroupPrefix),
            "group /api/v2 already exists: add the routes to that group instead"
        );
        let root = act(
            &editor,
            [
                Action::Edit(Field::NewGroupPrefix, "/".into()),
                Action::AddGroup,
            ],
        );
        assert!(matches!(
            root.error(Field::NewGroupPrefix),
            Some(FieldError::Pattern { .. })
        ));

        let renamed = edit(&editor, Field::GroupPrefix(1), "/api/v1beta");
        assert_eq!(renamed.design.groups[1].prefix, "/api/v1beta");
        let clash = edit(&editor, Field::GroupPrefix(1), "/api/v2");
        assert_eq!(clash.design, editor.design);
        assert!(matches!(
            clash.error(Field::GroupPrefix(1)),
            Some(FieldError::DuplicateGroup(_))
        ));

        let moved = apply(&clash, Action::MoveGroup { from: 1, to: 2 });
        assert_eq!(moved.design.groups[1].prefix, "/api/v2");
        assert_eq!(moved.design.groups[2].prefix, "/api/v1");
        // The refused text moved with its group.
        assert_eq!(moved.draft(Field::GroupPrefix(2)), "/api/v2");
        assert!(moved.error(Field::GroupPrefix(2)).is_some());
        assert_eq!(
            apply(&moved, Action::MoveGroup { from: 2, to: 3 }).design,
            moved.design
        );

        let removed = apply(&moved, Action::RemoveGroup(2));
        assert_eq!(removed.design.groups.len(), 2);
        assert!(removed
            .design
            .routes()
            .all(|r| !r.full_path.starts_with("/api/v1")));
        assert_eq!(removed.errors().count(), 0, "the text went with its group");
        assert_eq!(apply(&removed, Action::Undo).design, moved.design);
    }

    #[test]
    fn routes_can_go_to_a_chosen_group_below_its_prefix() {
        let editor = act(
            &Editor::default(),
            [
                Action::SetNewRouteGroup(Some(1)),
                Action::SetNewRouteMethod(Method::Delete),
                Action::Edit(Field::NewRoutePath, "/users/:id".into()),
                Action::AddRoute,
            ],
        );
        assert_eq!(
            editor.design.groups[1].routes[1],
            Route::new(Method::Delete, "/users/:id")
        );
        // The same path with GET is the existing route: refused live, while typing.
        let typing = act(
            &editor,
            [
                Action::SetNewRouteMethod(Method::Get),
                Action::Edit(Field::NewRoutePath, "/users/:id".into()),
            ],
        );
        assert!(matches!(
            typing.error(Field::NewRoutePath),
            Some(FieldError::DuplicateRoute { .. })
        ));
        let typing = edit(&typing, Field::NewRoutePath, "/files/*path/x");
        assert_eq!(message(&typing, Field::NewRoutePath), "path \"/files/*path/x\" is not a valid Gin route: a '*' catch-all must be the last segment");
        let typing = edit(&typing, Field::NewRoutePath, "");
        assert_eq!(
            typing.error(Field::NewRoutePath),
            None,
            "an empty field is no error until Add"
        );
        assert_eq!(
            apply(&typing, Action::SetNewRouteGroup(Some(7))).new_route_group,
            None
        );
    }

    #[test]
    fn a_route_is_edited_in_place_and_checked_as_typed() {
        let editor = Editor::default();
        let route = |part| Field::Route(1, 0, part);
        let editor = act(
            &editor,
            [
                Action::Edit(route(RouteField::Path), "/members/:id".into()),
                Action::Choose(route(RouteField::Method), "PUT".into()),
                Action::Edit(route(RouteField::Handler), "UpdateMember".into()),
                Action::Edit(route(RouteField::Summary), "Replace a member".into()),
                Action::Edit(route(RouteField::Status), "204".into()),
            ],
        );
        let got = &editor.design.groups[1].routes[0];
        assert_eq!(
            (got.method, got.path.as_str(), got.handler.as_str()),
            (Method::Put, "/members/:id", "UpdateMember")
        );
        assert_eq!(
            (got.summary.as_str(), got.status),
            ("Replace a member", 204)
        );
        let bad = edit(&editor, route(RouteField::Path), "/members/:");
        assert_eq!(bad.design, editor.design);
        assert_eq!(bad.draft(route(RouteField::Path)), "/members/:");
        assert!(matches!(
            bad.error(route(RouteField::Path)),
            Some(FieldError::BadRoutePath { .. })
        ));
        // Below a prefix an empty path means the prefix itself.
        assert_eq!(
            edit(&editor, route(RouteField::Path), "").design.groups[1].routes[0].path,
            ""
        );
        // Top-level routes need a path; a clash with another route is named.
        let clash = edit(&editor, Field::Route(0, 0, RouteField::Path), "/healthz");
        assert!(
            matches!(clash.error(Field::Route(0, 0, RouteField::Path)), Some(FieldError::Conflict(m)) if m.contains("route GET /healthz is registered twice") && m.ends_with("(GR101)"))
        );
        assert!(edit(&editor, route(RouteField::Status), "700")
            .error(route(RouteField::Status))
            .is_some());
        assert!(edit(&editor, route(RouteField::Handler), "func")
            .error(route(RouteField::Handler))
            .is_some());
    }

    #[test]
    fn routes_move_within_their_group_and_their_text_moves_along() {
        let editor = edit(
            &Editor::default(),
            Field::Route(0, 0, RouteField::Status),
            "99",
        );
        let moved = apply(
            &editor,
            Action::MoveRoute {
                group: 0,
                from: 0,
                to: 1,
            },
        );
        assert_eq!(moved.design.groups[0].routes[0].path, "/healthz");
        assert_eq!(moved.design.groups[0].routes[1].path, "/ping");
        assert_eq!(moved.draft(Field::Route(0, 1, RouteField::Status)), "99");
        assert!(moved
            .error(Field::Route(0, 1, RouteField::Status))
            .is_some());
        assert_eq!(moved.draft(Field::Route(0, 0, RouteField::Status)), "200");
        assert_eq!(
            apply(
                &moved,
                Action::MoveRoute {
                    group: 0,
                    from: 1,
                    to: 5
                }
            ),
            moved
        );
        assert_eq!(
            apply(
                &moved,
                Action::MoveRoute {
                    group: 4,
                    from: 0,
                    to: 1
                }
            ),
            moved
        );
    }

    #[test]
    fn a_route_moves_to_another_group_keeping_its_path_below_the_prefix() {
        let editor = Editor::default();
        assert_eq!(editor.design.groups[1].prefix, "/api/v1");
        let (from, user) = (0, editor.design.groups[0].routes.len() - 1);
        let path = editor.design.groups[from].routes[user].path.clone();
        let moved = apply(
            &editor,
            Action::MoveRouteToGroup {
                group: from,
                route: user,
                to: 1,
            },
        );
        assert_eq!(moved.design.groups[0].routes.len(), user);
        let last = moved.design.groups[1].routes.last().unwrap();
        assert_eq!(last.path, path);
        // One step to undo; a move to the same group or a group that is not there is
        // no change at all.
        assert_eq!(apply(&moved, Action::Undo).design, editor.design);
        for to in [from, 9] {
            let same = Action::MoveRouteToGroup {
                group: from,
                route: 0,
                to,
            };
            assert_eq!(apply(&editor, same), editor);
        }
    }

    #[test]
    fn middleware_is_added_moved_selected_and_removed() {
        let editor = apply(
            &Editor::default(),
            Action::AddMiddleware {
                scope: Scope::Global,
                middleware: Middleware::Gzip { level: 5 },
            },
        );
        assert_eq!(editor.design.middleware.len(), 3);
        assert_eq!(editor.selected_middleware, Some((Scope::Global, 2)));
        let moved = apply(
            &editor,
            Action::MoveMiddleware {
                scope: Scope::Global,
                from: 2,
                to: 0,
            },
        );
        let labels: Vec<String> = moved
            .design
            .middleware
            .iter()
            .map(Middleware::label)
            .collect();
        assert_eq!(labels, ["Gzip", "Recovery", "Logger"]);
        // A screen reader hears where it went; the next action forgets it.
        assert_eq!(
            moved.last_move(),
            Some("Gzip moved to position 1 of 3 in the global chain")
        );
        assert_eq!(edit(&moved, Field::Replicas, "4").last_move(), None);
        assert_eq!(
            moved.selected_middleware,
            Some((Scope::Global, 0)),
            "the selection follows"
        );
        let twice = apply(
            &moved,
            Action::AddMiddleware {
                scope: Scope::Group(1),
                middleware: Middleware::Logger,
            },
        );
        assert_eq!(twice.design, moved.design);
        assert_eq!(
            message(&twice, Field::Chain(Scope::Group(1))),
            "Logger is already in the global chain: Gin would run it twice on the same request"
        );
        let selected = apply(&moved, Action::SelectMiddleware(Some((Scope::Global, 2))));
        assert_eq!(selected.selected_middleware, Some((Scope::Global, 2)));
        assert_eq!(
            apply(&moved, Action::SelectMiddleware(Some((Scope::Group(1), 0)))).selected_middleware,
            None
        );
        let removed = apply(
            &selected,
            Action::RemoveMiddleware {
                scope: Scope::Global,
                index: 2,
            },
        );
        assert_eq!(removed.design.middleware.len(), 2);
        assert_eq!(removed.selected_middleware, None);
        assert_eq!(
            apply(
                &removed,
                Action::MoveMiddleware {
                    scope: Scope::Global,
                    from: 0,
                    to: 0
                }
            ),
            removed
        );
    }

    #[test]
    fn group_chains_get_their_own_middleware() {
        let editor = act(
            &Editor::default(),
            [
                Action::AddMiddleware {
                    scope: Scope::Group(1),
                    middleware: Middleware::Timeout { millis: 5_000 },
                },
                Action::AddMiddleware {
                    scope: Scope::Group(1),
                    middleware: Middleware::ValidateJson,
                },
                Action::MoveMiddleware {
                    scope: Scope::Group(1),
                    from: 1,
                    to: 0,
                },
            ],
        );
        let labels: Vec<String> = editor.design.groups[1]
            .middleware
            .iter()
            .map(Middleware::label)
            .collect();
        assert_eq!(labels, ["JSON validation", "Timeout"]);
        let global = apply(
            &editor,
            Action::AddMiddleware {
                scope: Scope::Global,
                middleware: Middleware::ValidateJson,
            },
        );
        assert_eq!(message(&global, Field::Chain(Scope::Global)), "JSON validation is already in the chain of group /api/v1: Gin would run it twice on the same request");
        // Removing the group takes its chain, and the selection, along.
        let gone = apply(
            &apply(
                &editor,
                Action::SelectMiddleware(Some((Scope::Group(1), 1))),
            ),
            Action::RemoveGroup(1),
        );
        assert_eq!(gone.selected_middleware, None);
    }

    #[test]
    fn middleware_settings_are_parsed_and_checked() {
        let cors = Middleware::catalog()
            .into_iter()
            .find(|m| matches!(m, Middleware::Cors { .. }))
            .unwrap();
        let editor = apply(
            &Editor::default(),
            Action::AddMiddleware {
                scope: Scope::Global,
                middleware: cors,
            },
        );
        let setting = |s| Field::Middleware(Scope::Global, 2, s);
        let editor = act(
            &editor,
            [
                Action::Edit(
                    setting(Setting::Origins),
                    "https://a.example.com, http://localhost:3000".into(),
                ),
                Action::Edit(setting(Setting::Methods), "get, post".into()),
                Action::Edit(setting(Setting::Headers), "Authorization".into()),
                Action::Edit(setting(Setting::MaxAge), "120".into()),
                Action::Toggle(setting(Setting::Credentials), true),
            ],
        );
        assert_eq!(
            editor.design.middleware[2],
            Middleware::Cors {
                allow_origins: vec![
                    "https://a.example.com".into(),
                    "http://localhost:3000".into()
                ],
                allow_methods: vec!["GET".into(), "POST".into()],
                allow_headers: vec!["Authorization".into()],
                allow_credentials: true,
                max_age_seconds: 120,
            }
        );
        let typing = edit(&editor, setting(Setting::Methods), "get, post");
        assert_eq!(typing.draft(setting(Setting::Methods)), "get, post");
        assert_eq!(editor.draft(setting(Setting::Methods)), "GET, POST");
        // Credentials for any origin is what browsers refuse.
        let star = edit(&editor, setting(Setting::Origins), "*");
        assert_eq!(star.design, editor.design);
        assert!(
            message(&star, setting(Setting::Origins)).starts_with("CORS cannot allow credentials")
        );
        let brew = edit(&editor, setting(Setting::Methods), "GET, BREW");
        assert!(message(&brew, setting(Setting::Methods)).contains("\"BREW\""));
        // A setting the middleware does not have is no field at all.
        assert_eq!(edit(&editor, setting(Setting::Burst), "5"), editor);
        assert!(edit(
            &editor,
            Field::Middleware(Scope::Global, 0, Setting::Name),
            "x"
        )
        .errors()
        .next()
        .is_none());
    }

    #[test]
    fn each_kind_of_middleware_setting_reaches_the_design() {
        let mut editor = Editor::default();
        for middleware in Middleware::catalog() {
            editor = apply(
                &editor,
                Action::AddMiddleware {
                    scope: Scope::Group(1),
                    middleware,
                },
            );
        }
        // Recovery and Logger are global already.
        let chain = &editor.design.groups[1].middleware;
        let at = |label: &str| {
            chain
                .iter()
                .position(|m| m.label().starts_with(label))
                .unwrap()
        };
        let field = |label: &str, s| Field::Middleware(Scope::Group(1), at(label), s);
        let gzip_level = field("Gzip", Setting::Level);
        let edits = [
            (field("RequestID", Setting::Header), "X-Trace-ID"),
            (field("JWT auth", Setting::Header), "X-Token"),
            (field("Rate limit", Setting::RequestsPerSecond), "50"),
            (field("Rate limit", Setting::Burst), "100"),
            (field("Timeout", Setting::Millis), "2500"),
            (field("Gzip", Setting::Level), "-1"),
            (field("Metrics", Setting::Path), "/internal/metrics"),
            (field("Custom", Setting::Name), "Audit"),
        ];
        for (field, text) in edits {
            editor = edit(&editor, field, text);
            assert_eq!(editor.error(field), None, "{field:?}");
            assert_eq!(value(&editor.design, field).as_deref(), Some(text));
        }
        let gzip = edit(&editor, gzip_level, "12");
        assert_eq!(
            message(&gzip, gzip_level),
            "gzip level 12 is out of range: use -1 to 9"
        );
    }

    #[test]
    fn jwt_auth_brings_its_secret_and_keeps_it() {
        let jwt = Middleware::JwtAuth {
            header: "Authorization".into(),
            secret_env: "JWT_SECRET".into(),
        };
        let editor = apply(
            &Editor::default(),
            Action::AddMiddleware {
                scope: Scope::Group(1),
                middleware: jwt,
            },
        );
        assert_eq!(
            editor.design.config.vars,
            [ConfigVar {
                name: "JWT_SECRET".into(),
                value: String::new(),
                secret: true
            }]
        );
        assert_eq!(
            choices(
                &editor.design,
                Field::Middleware(Scope::Group(1), 0, Setting::SecretEnv)
            ),
            [("JWT_SECRET".to_owned(), "JWT_SECRET".to_owned())]
        );
        let removed = apply(&editor, Action::RemoveVar(0));
        assert_eq!(removed.design, editor.design);
        assert_eq!(message(&removed, Field::Var(0, VarField::Name)), "variable JWT_SECRET is used by JWT auth: point JWT auth at another secret variable first");
        let plain = apply(
            &editor,
            Action::Toggle(Field::Var(0, VarField::Secret), false),
        );
        assert_eq!(plain.design, editor.design);
        assert!(plain.error(Field::Var(0, VarField::Secret)).is_some());
        // Renaming the key variable takes the middleware along.
        let renamed = edit(&editor, Field::Var(0, VarField::Name), "TOKEN_KEY");
        assert_eq!(
            renamed.design.groups[1].middleware[0],
            Middleware::JwtAuth {
                header: "Authorization".into(),
                secret_env: "TOKEN_KEY".into()
            }
        );
        // Pointing it at a plain variable is refused; at a secret one, taken.
        let two = act(
            &renamed,
            [
                Action::Edit(Field::NewVarName, "OTHER".into()),
                Action::AddVar,
            ],
        );
        let plain = apply(
            &two,
            Action::Choose(
                Field::Middleware(Scope::Group(1), 0, Setting::SecretEnv),
                "OTHER".into(),
            ),
        );
        assert!(message(
            &plain,
            Field::Middleware(Scope::Group(1), 0, Setting::SecretEnv)
        )
        .contains("not a secret config var"));
        let created = act(
            &two,
            [
                Action::EnsureSecretVar("JWT_SECRET".into()),
                Action::Choose(
                    Field::Middleware(Scope::Group(1), 0, Setting::SecretEnv),
                    "JWT_SECRET".into(),
                ),
            ],
        );
        assert_eq!(created.design.config.vars.len(), 3);
        assert!(created.design.config.vars[2].secret);
        assert_eq!(created.design.jwt(), Some(("Authorization", "JWT_SECRET")));
        let again = apply(&created, Action::EnsureSecretVar("OTHER".into()));
        assert!(
            again.design.config.vars[1].secret,
            "an existing variable is made secret"
        );
        assert_eq!(again.design.config.vars.len(), 3);
    }

    #[test]
    fn variables_are_added_edited_and_removed() {
        let editor = act(
            &Editor::default(),
            [
                Action::Edit(Field::NewVarName, "LOG_LEVEL".into()),
                Action::AddVar,
                Action::Edit(Field::Var(0, VarField::Value), "debug".into()),
                Action::Edit(Field::NewVarName, "API_KEY".into()),
                Action::AddVar,
                Action::Toggle(Field::Var(1, VarField::Secret), true),
                Action::Edit(Field::Var(1, VarField::Value), "s3cr3t".into()),
            ],
        );
        assert_eq!(
            editor.design.config.vars,
            [
                ConfigVar {
                    name: "LOG_LEVEL".into(),
                    value: "debug".into(),
                    secret: false
                },
                ConfigVar {
                    name: "API_KEY".into(),
                    value: String::new(),
                    secret: true
                },
            ]
        );
        // A secret's value never enters the design (nor its autosave or exports).
        assert!(matches!(
            editor.error(Field::Var(1, VarField::Value)),
            Some(FieldError::SecretValue { .. })
        ));
        // Making a valued variable secret lets go of the value; undo brings it back.
        let hidden = apply(
            &editor,
            Action::Toggle(Field::Var(0, VarField::Secret), true),
        );
        assert_eq!(hidden.design.config.vars[0].value, "");
        assert_eq!(
            apply(&hidden, Action::Undo).design.config.vars[0].value,
            "debug"
        );
        assert_eq!(editor.draft(Field::NewVarName), "");
        let twice = act(
            &editor,
            [
                Action::Edit(Field::NewVarName, "API_KEY".into()),
                Action::AddVar,
            ],
        );
        assert_eq!(
            message(&twice, Field::NewVarName),
            "variable API_KEY is defined twice"
        );
        let reserved = act(
            &editor,
            [
                Action::Edit(Field::NewVarName, "PORT".into()),
                Action::AddVar,
            ],
        );
        assert!(message(&reserved, Field::NewVarName).contains("set by the generated files"));
        let bad_name = edit(&editor, Field::Var(0, VarField::Name), "1LEVEL");
        assert!(bad_name.error(Field::Var(0, VarField::Name)).is_some());
        let removed = apply(&bad_name, Action::RemoveVar(0));
        assert_eq!(removed.design.config.vars.len(), 1);
        assert_eq!(
            removed.error(Field::Var(0, VarField::Name)),
            None,
            "the refused text went with its variable"
        );
        // The refused secret value moved along with API_KEY to index 0.
        assert!(removed.error(Field::Var(0, VarField::Value)).is_some());
        assert_eq!(removed.errors().count(), 1);
        assert_eq!(removed.draft(Field::Var(0, VarField::Name)), "API_KEY");
    }

    #[test]
    fn a_database_brings_its_secret_url_and_checks_its_pool() {
        let db = |f| Field::Database(f);
        let editor = apply(
            &Editor::default(),
            Action::Toggle(db(DatabaseField::Enabled), true),
        );
        assert_eq!(editor.design.database, Some(Database::default()));
        assert_eq!(
            editor.design.config.vars,
            [ConfigVar {
                name: "DATABASE_URL".into(),
                value: String::new(),
                secret: true
            }]
        );
        let editor = act(
            &editor,
            [
                Action::Choose(db(DatabaseField::Driver), "mysql".into()),
                Action::Edit(db(DatabaseField::MaxOpenConns), "40".into()),
                Action::Edit(db(DatabaseField::MaxIdleConns), "40".into()),
                Action::Edit(db(DatabaseField::ConnMaxLifetime), "600".into()),
                Action::Toggle(db(DatabaseField::PingOnConnect), false),
            ],
        );
        let got = editor.design.database.clone().unwrap();
        assert_eq!(
            (got.driver, got.max_open_conns, got.max_idle_conns),
            (DatabaseDriver::Mysql, 40, 40)
        );
        assert_eq!(
            (got.conn_max_lifetime_seconds, got.ping_on_connect),
            (600, false)
        );
        let idle = edit(&editor, db(DatabaseField::MaxIdleConns), "41");
        assert_eq!(
            message(&idle, db(DatabaseField::MaxIdleConns)),
            "max idle connections 41 exceeds max open connections 40: use at most 40"
        );
        let off = apply(&editor, Action::Toggle(db(DatabaseField::Enabled), false));
        assert_eq!(off.design.database, None);
        assert_eq!(apply(&off, Action::RemoveVar(0)).design.config.vars, []);
    }

    #[test]
    fn container_fields_reach_the_design_and_low_user_ids_are_refused() {
        let c = |f| Field::Container(f);
        let editor = act(
            &Editor::default(),
            [
                Action::Edit(
                    c(ContainerField::BuilderImage),
                    "golang:1.25.5-alpine3.22".into(),
                ),
                Action::Edit(c(ContainerField::UserId), "20000".into()),
                Action::Edit(c(ContainerField::Ldflags), "-X main.version=1.0.0".into()),
            ],
        );
        let got = &editor.design.container;
        assert_eq!(got.builder_image, "golang:1.25.5-alpine3.22");
        assert_eq!(got.user_id, 20_000);
        assert_eq!(got.ldflags, "-X main.version=1.0.0");
        let root = edit(&editor, c(ContainerField::UserId), "0");
        assert!(message(&root, c(ContainerField::UserId)).starts_with("user id 0 may collide"));
        let latest = edit(&editor, c(ContainerField::BuilderImage), "golang:latest");
        assert!(matches!(
            latest.error(c(ContainerField::BuilderImage)),
            Some(FieldError::UnpinnedImage(_))
        ));
        // A digest copied with its @ is taken; anything but sha256 and 64 lowercase
        // hex digits is refused and the design keeps the last digest.
        let digest = format!("sha256:{}", "9f".repeat(32));
        let pinned = edit(
            &editor,
            c(ContainerField::RuntimeDigest),
            &format!("@{digest}"),
        );
        assert_eq!(pinned.design.container.runtime_digest, digest);
        let pinned = apply(&pinned, Action::Leave);
        let bad = edit(&pinned, c(ContainerField::RuntimeDigest), "sha256:9F");
        assert!(matches!(
            bad.error(c(ContainerField::RuntimeDigest)),
            Some(FieldError::BadDigest(_))
        ));
        assert_eq!(bad.design.container.runtime_digest, digest);
        let cleared = edit(&pinned, c(ContainerField::RuntimeDigest), "");
        assert_eq!(cleared.design.container.runtime_digest, "");
    }

    #[test]
    fn a_design_that_fails_its_checks_is_not_loaded() {
        let mut bad = Design::default();
        bad.cluster.namespace = "Not A Label".into();
        let editor = Editor::default();
        assert_eq!(apply(&editor, Action::Load(Box::new(bad))), editor);
    }

    #[test]
    fn refusals_of_actions_are_forgotten_after_the_next_change() {
        let refused = apply(
            &Editor::default(),
            Action::AddMiddleware {
                scope: Scope::Global,
                middleware: Middleware::Logger,
            },
        );
        assert!(refused.error(Field::Chain(Scope::Global)).is_some());
        let typed = edit(&refused, Field::Port, "9090");
        assert_eq!(typed.error(Field::Chain(Scope::Global)), None);
    }

    #[test]
    fn a_link_replaces_work_only_when_there_is_some() {
        let preset = crate::presets::PRESETS[0].design().unwrap();
        let fresh = Editor::default();
        assert!(!replaces_work(&fresh, &preset));
        let typed = edit(&fresh, Field::Port, "99999");
        assert!(replaces_work(&typed, &preset), "refused text is work too");
        let renamed = edit(&fresh, Field::Name, "orders");
        assert!(replaces_work(&renamed, &preset));
        assert!(!replaces_work(&renamed, &renamed.design));
    }

    #[test]
    fn refused_text_comes_back_after_a_restore_and_the_design_stays() {
        let typed = edit(&Editor::default(), Field::Port, "99999");
        let saved: Vec<(Field, String)> = typed
            .refused()
            .map(|(field, text, _)| (field, text.to_owned()))
            .collect();
        let restored = Editor::restore(typed.design.clone(), &saved);
        assert_eq!(restored.design, typed.design);
        assert_eq!(restored.draft(Field::Port), "99999");
        assert_eq!(
            restored.error(Field::Port).map(ToString::to_string),
            typed.error(Field::Port).map(ToString::to_string)
        );
        assert!(!restored.can_undo());
    }

    #[test]
    fn renaming_the_service_carries_the_names_that_follow_it() {
        let editor = act(
            &Editor::default(),
            ["s", "se", "service", "service-", "service-a"]
                .map(|t| Action::Edit(Field::Name, t.into())),
        );
        let d = &editor.design;
        assert_eq!(d.service.name, "service-a");
        assert_eq!(d.cluster.namespace, "service-a");
        assert_eq!(d.service.module, "example.com/service-a");
        assert_eq!(d.delivery.image, "registry.example.com/service-a:0.1.0");
        // One undo step takes the name and its followers back together.
        assert_eq!(apply(&editor, Action::Undo).design, Design::default());
        // A namespace set by hand no longer follows.
        let shop = act(
            &editor,
            [
                Action::Leave,
                Action::Edit(Field::Cluster(ClusterField::Namespace), "shop".into()),
                Action::Leave,
                Action::Edit(Field::Name, "orders".into()),
            ],
        );
        assert_eq!(shop.design.cluster.namespace, "shop");
        assert_eq!(
            shop.design.delivery.image,
            "registry.example.com/orders:0.1.0"
        );
    }

    #[test]
    fn every_field_path_names_a_value_of_the_design_file() {
        let mut design = crate::presets::PRESETS[2].design().unwrap();
        design.cluster.service_type = ServiceType::NodePort;
        design.cluster.node_port = Some(30_080);
        // Both routing layers, so every field has its value (no valid design has both).
        design.cluster.gateway = None;
        design.cluster.ingress = Some(Ingress::default());
        design.cluster.gateway = Some(Gateway::default());
        let json = serde_json::to_value(&design).unwrap();
        let lookup = |path: &str| {
            path.split('.').try_fold(&json, |value, part| {
                let (key, index) = match part.split_once('[') {
                    Some((key, rest)) => (key, rest.trim_end_matches(']').parse::<usize>().ok()),
                    None => (part, None),
                };
                let value = value.get(key)?;
                match index {
                    Some(i) => value.get(i),
                    None => Some(value),
                }
            })
        };
        let mut fields = vec![
            Field::Name,
            Field::Port,
            Field::Module,
            Field::GoVersion,
            Field::GinMode,
            Field::TrustedProxies,
            Field::MaxBodyBytes,
            Field::ReadTimeout,
            Field::WriteTimeout,
            Field::IdleTimeout,
            Field::MetricsPort,
            Field::Replicas,
            Field::Image,
            Field::Ci,
            Field::GroupPrefix(1),
            Field::Group(1),
            Field::Chain(Scope::Global),
            Field::Chain(Scope::Group(1)),
        ];
        fields.extend(
            [
                RouteField::Method,
                RouteField::Path,
                RouteField::Handler,
                RouteField::Summary,
            ]
            .map(|part| Field::Route(1, 0, part)),
        );
        fields.extend(
            [VarField::Name, VarField::Value, VarField::Secret].map(|part| Field::Var(0, part)),
        );
        fields.extend(
            [
                DatabaseField::Enabled,
                DatabaseField::Driver,
                DatabaseField::UrlEnv,
                DatabaseField::MaxOpenConns,
                DatabaseField::MaxIdleConns,
                DatabaseField::ConnMaxLifetime,
                DatabaseField::PingOnConnect,
            ]
            .map(Field::Database),
        );
        fields.extend(
            [
                ContainerField::BuilderImage,
                ContainerField::Runtime,
                ContainerField::RuntimeDigest,
                ContainerField::UserId,
                ContainerField::Ldflags,
            ]
            .map(Field::Container),
        );
        use ClusterField as C;
        fields.extend(
            [
                C::Namespace,
                C::CpuRequest,
                C::CpuLimit,
                C::MemoryRequest,
                C::MemoryLimit,
                C::StartupProbe,
                C::ProbePeriod,
                C::ProbeTimeout,
                C::ProbeFailureThreshold,
                C::MaxSurge,
                C::MaxUnavailable,
                C::ServiceType,
                C::ServicePort,
                C::NodePort,
                C::Routing,
                C::IngressClass,
                C::IngressHost,
                C::IngressTlsSecret,
                C::Autoscaling,
                C::MinReplicas,
                C::MaxReplicas,
                C::CpuUtilization,
                C::Pdb,
                C::MinAvailable,
                C::NetworkPolicy,
                C::SpreadAcrossNodes,
                C::KubernetesVersion,
                C::MonitoringNamespace,
                C::IngressControllerNamespace,
                C::GatewayMode,
                C::GatewayName,
                C::GatewayNamespace,
                C::GatewaySectionName,
                C::GatewayClass,
                C::GatewayHostnames,
                C::GatewayTlsSecret,
                C::GatewayPathPrefix,
                C::GatewayRequestTimeout,
                C::GatewayControllerNamespace,
            ]
            .map(Field::Cluster),
        );
        for field in fields {
            let path = field.path().unwrap();
            assert!(
                lookup(&path).is_some(),
                "{field:?}: {path} is not in the design file"
            );
        }
        for field in [
            Field::NewRoutePath,
            Field::NewGroupPrefix,
            Field::NewVarName,
        ] {
            assert_eq!(field.path(), None);
        }
    }
}

/// Random sequences of actions, valid and not, against the editor's promises.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use crate::bundle::render;
    use proptest::prelude::*;
    use proptest::sample::select;

    /// Text that some field takes and most refuse.
    const TEXTS: [&str; 59] = [
        "",
        " ",
        "gateway",
        "ingress",
        "none",
        "attach",
        "generate",
        "30s",
        "*.example.com",
        "0",
        "1",
        "2",
        "3",
        "-1",
        "9",
        "204",
        "30080",
        "70000",
        "abc",
        "/",
        "/x",
        "/api",
        "/api/v1",
        "/api/v1/",
        "/users/:id",
        "/files/*path",
        "/a//b",
        "/:",
        "JWT_SECRET",
        "DATABASE_URL",
        "FOO",
        "PORT",
        "1X",
        "*",
        "https://a.example.com",
        "GET, POST",
        "BREW",
        "X-Request-ID",
        "nginx",
        "app.example.com",
        "25%",
        "100m",
        "1Gi",
        "hello-gin",
        "Hello",
        "debug",
        "alpine",
        "NodePort",
        "ClusterIP",
        "gitlab-ci",
        "1.35",
        "mysql",
        "PUT",
        "golang:1.25.4-alpine3.22",
        "registry.example.com/x:1",
        "x:latest",
        "é",
        "a\nb",
        "\u{0}",
    ];

    const CLUSTER: [ClusterField; 39] = [
        ClusterField::Namespace,
        ClusterField::CpuRequest,
        ClusterField::CpuLimit,
        ClusterField::MemoryRequest,
        ClusterField::MemoryLimit,
        ClusterField::StartupProbe,
        ClusterField::ProbePeriod,
        ClusterField::ProbeTimeout,
        ClusterField::ProbeFailureThreshold,
        ClusterField::MaxSurge,
        ClusterField::MaxUnavailable,
        ClusterField::ServiceType,
        ClusterField::ServicePort,
        ClusterField::NodePort,
        ClusterField::Routing,
        ClusterField::IngressClass,
        ClusterField::IngressHost,
        ClusterField::IngressTlsSecret,
        ClusterField::IngressPathPrefix,
        ClusterField::GatewayMode,
        ClusterField::GatewayName,
        ClusterField::GatewayNamespace,
        ClusterField::GatewaySectionName,
        ClusterField::GatewayClass,
        ClusterField::GatewayHostnames,
        ClusterField::GatewayTlsSecret,
        ClusterField::GatewayPathPrefix,
        ClusterField::GatewayRequestTimeout,
        ClusterField::GatewayControllerNamespace,
        ClusterField::IngressControllerNamespace,
        ClusterField::Autoscaling,
        ClusterField::MinReplicas,
        ClusterField::MaxReplicas,
        ClusterField::CpuUtilization,
        ClusterField::Pdb,
        ClusterField::MinAvailable,
        ClusterField::NetworkPolicy,
        ClusterField::SpreadAcrossNodes,
        ClusterField::KubernetesVersion,
    ];

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => select(TEXTS.to_vec()).prop_map(String::from),
            1 => ".{0,12}",
        ]
    }

    fn index() -> impl Strategy<Value = usize> {
        0..4_usize
    }

    fn scope() -> impl Strategy<Value = Scope> {
        prop_oneof![Just(Scope::Global), index().prop_map(Scope::Group)]
    }

    fn field() -> impl Strategy<Value = Field> {
        let route = select(vec![
            RouteField::Method,
            RouteField::Path,
            RouteField::Handler,
            RouteField::Summary,
            RouteField::Status,
        ]);
        let setting = select(vec![
            Setting::Header,
            Setting::Origins,
            Setting::Methods,
            Setting::Headers,
            Setting::Credentials,
            Setting::MaxAge,
            Setting::SecretEnv,
            Setting::RequestsPerSecond,
            Setting::Burst,
            Setting::Millis,
            Setting::Level,
            Setting::Path,
            Setting::Name,
        ]);
        let var = select(vec![VarField::Name, VarField::Value, VarField::Secret]);
        let database = select(vec![
            DatabaseField::Enabled,
            DatabaseField::Driver,
            DatabaseField::UrlEnv,
            DatabaseField::MaxOpenConns,
            DatabaseField::MaxIdleConns,
            DatabaseField::ConnMaxLifetime,
            DatabaseField::PingOnConnect,
        ]);
        let container = select(vec![
            ContainerField::BuilderImage,
            ContainerField::Runtime,
            ContainerField::RuntimeDigest,
            ContainerField::UserId,
            ContainerField::Ldflags,
        ]);
        prop_oneof![
            select(vec![
                Field::Name,
                Field::Port,
                Field::Replicas,
                Field::Image,
                Field::NewRoutePath,
                Field::Module,
                Field::GoVersion,
                Field::GinMode,
                Field::Ci,
                Field::NewGroupPrefix,
                Field::NewVarName,
            ]),
            index().prop_map(Field::GroupPrefix),
            index().prop_map(Field::Group),
            (index(), index(), route).prop_map(|(g, r, part)| Field::Route(g, r, part)),
            scope().prop_map(Field::Chain),
            (scope(), index(), setting).prop_map(|(s, i, part)| Field::Middleware(s, i, part)),
            (index(), var).prop_map(|(i, part)| Field::Var(i, part)),
            database.prop_map(Field::Database),
            container.prop_map(Field::Container),
            select(CLUSTER.to_vec()).prop_map(Field::Cluster),
        ]
    }

    fn action() -> impl Strategy<Value = Action> {
        prop_oneof![
            6 => (field(), text()).prop_map(|(f, t)| Action::Edit(f, t)),
            2 => (field(), text()).prop_map(|(f, t)| Action::Choose(f, t)),
            3 => (field(), any::<bool>()).prop_map(|(f, on)| Action::Toggle(f, on)),
            1 => select(Method::ALL.to_vec()).prop_map(Action::SetNewRouteMethod),
            1 => proptest::option::of(index()).prop_map(Action::SetNewRouteGroup),
            2 => Just(Action::AddRoute),
            1 => (index(), index()).prop_map(|(group, route)| Action::RemoveRoute { group, route }),
            1 => (index(), index(), index()).prop_map(|(group, from, to)| Action::MoveRoute { group, from, to }),
            1 => (index(), index(), index()).prop_map(|(group, route, to)| Action::MoveRouteToGroup { group, route, to }),
            2 => Just(Action::AddGroup),
            1 => index().prop_map(Action::RemoveGroup),
            1 => (index(), index()).prop_map(|(from, to)| Action::MoveGroup { from, to }),
            2 => (scope(), select(Middleware::catalog()))
                .prop_map(|(scope, middleware)| Action::AddMiddleware { scope, middleware }),
            1 => (scope(), index()).prop_map(|(scope, index)| Action::RemoveMiddleware { scope, index }),
            2 => (scope(), index(), index()).prop_map(|(scope, from, to)| Action::MoveMiddleware { scope, from, to }),
            1 => proptest::option::of((scope(), index())).prop_map(Action::SelectMiddleware),
            1 => Just(Action::AddVar),
            1 => index().prop_map(Action::RemoveVar),
            1 => text().prop_map(Action::EnsureSecretVar),
            1 => (0..crate::presets::PRESETS.len())
                .prop_map(|i| Action::Load(Box::new(crate::presets::PRESETS[i].design().unwrap()))),
            // A preset as the design of a team's own project, and back to the scaffold.
            1 => (0..crate::presets::PRESETS.len()).prop_map(|i| Action::Load(Box::new(Design {
                project: Some(crate::model::Project { main_package: "./cmd/server".into() }),
                ..crate::presets::PRESETS[i].design().unwrap()
            }))),
            1 => Just(Action::FullScaffold),
            1 => Just(Action::Undo),
            1 => Just(Action::Redo),
            2 => Just(Action::Leave),
        ]
    }

    /// Fields whose text is typed one keystroke at a time in the sessions below.
    const TYPED: [Field; 7] = [
        Field::Name,
        Field::Port,
        Field::Replicas,
        Field::Image,
        Field::Module,
        Field::Cluster(ClusterField::ServicePort),
        Field::Cluster(ClusterField::CpuRequest),
    ];

    /// Typing into one field, keystroke by keystroke: the prefixes of a text, then
    /// perhaps backspaces down to a shorter prefix, then leaving the field.
    fn typing() -> impl Strategy<Value = (Field, Vec<String>)> {
        (select(TYPED.to_vec()), text(), any::<prop::sample::Index>()).prop_map(
            |(field, target, back)| {
                let ends: Vec<usize> = target
                    .char_indices()
                    .map(|(i, _)| i)
                    .skip(1)
                    .chain([target.len()])
                    .collect();
                let mut keystrokes: Vec<String> =
                    ends.iter().map(|&end| target[..end].to_owned()).collect();
                if !ends.is_empty() {
                    let shorter = ends[back.index(ends.len())];
                    keystrokes.extend(
                        ends.iter()
                            .rev()
                            .skip(1)
                            .take_while(|&&end| end >= shorter)
                            .map(|&end| target[..end].to_owned()),
                    );
                }
                (field, keystrokes)
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        /// However the user types, with refused text on the way or at the end, the
        /// design is at every keystroke either the design they had before this typing
        /// began or that design with the field's current text, never one holding an
        /// earlier keystroke; so every bundle a download would hold is the bundle of a
        /// design the user actually had.
        #[test]
        fn refused_keystrokes_never_leave_a_value_nobody_typed(
            sessions in proptest::collection::vec(typing(), 1..10)
        ) {
            let mut editor = Editor::default();
            let mut had = editor.design.clone();
            for (field, keystrokes) in sessions {
                for text in keystrokes {
                    editor = apply(&editor, Action::Edit(field, text.clone()));
                    let with_text = apply(&Editor::new(had.clone()), Action::Edit(field, text.clone()));
                    let expected = if with_text.error(field).is_none() { &with_text.design } else { &had };
                    prop_assert_eq!(&editor.design, expected, "{:?} {:?}", field, text);
                }
                editor = apply(&editor, Action::Leave);
                // What a download now holds: the bundle of the design before this
                // typing when its text was refused, else of that design with the text.
                let refused = editor.refused().any(|(f, _, _)| f == field);
                if refused {
                    prop_assert_eq!(render(&editor.design), render(&had));
                }
                had = editor.design.clone();
            }
        }

        /// Whatever the user does, the design passes every check, nothing panics, and
        /// what was typed into a field is what the field shows.
        #[test]
        fn random_actions_keep_the_design_valid_and_the_text_typed(
            actions in proptest::collection::vec(action(), 1..60)
        ) {
            let mut editor = Editor::default();
            // The field being typed into and the design from before the typing began,
            // while the editor says keystrokes are going into a field.
            let mut typing: Option<(Field, Design)> = None;
            for action in actions {
                if let Action::Edit(field, _) = &action {
                    if typing.as_ref().map(|(at, _)| at) != Some(field) {
                        typing = Some((*field, editor.design.clone()));
                    }
                }
                let typed = match &action {
                    Action::Edit(field, text)
                        if field.is_new_item() || value(&editor.design, *field).is_some() =>
                    {
                        Some((*field, text.clone()))
                    }
                    _ => None,
                };
                let before = editor.design.clone();
                editor = apply(&editor, action.clone());
                let problems = check(&editor.design);
                prop_assert!(problems.is_empty(), "{:?} left {:?}", action, problems);
                if let Some((field, text)) = typed {
                    prop_assert_eq!(editor.draft(field), text.as_str(), "{:?}", field);
                }
                let history = matches!(action, Action::Undo | Action::Redo);
                // Typing that brings the field back to where it started (a module
                // path typed, then emptied to follow the name again) leaves nothing
                // to undo.
                let back_to_start = matches!(action, Action::Edit(..))
                    && typing.as_ref().is_some_and(|(_, start)| *start == editor.design);
                if editor.design != before && !history && !back_to_start {
                    prop_assert!(editor.can_undo());
                }
                if !editor.is_typing() {
                    typing = None;
                }
            }
        }
    }
}
