//! Reading a Kubernetes YAML stream into steps: the first object of each kind the
//! generator writes, mapped back onto the design fields it was built from.
//!
//! The stream is read with [`crate::yaml::parse_stream`], the tree the validators
//! use, so values mean what kubectl reads (YAML 1.1) and nothing here can fail.

use std::collections::BTreeMap;

use super::Plan;
use crate::fields::{
    parse_count_or_percent, parse_dns_label, parse_dns_subdomain, parse_gateway_duration,
    parse_gateway_hostname, parse_image, parse_in_range, parse_name, parse_object_name, parse_port,
    parse_quantity, parse_replicas, parse_route_path,
};
use crate::generate::kube::ingress::{
    regex_unescape, PREFIX_REGEX_TAIL, PREFIX_REWRITE, REWRITE_TARGET, USE_REGEX,
};
use crate::model::{
    Autoscaling, Cluster, GatewayMode, GinMode, Ingress, Probes, Resources, ServiceType,
};
use crate::yaml::{NodeId, Scalar, Stream};

/// The kinds a design generates; any other kind is skipped.
const KINDS: [&str; 11] = [
    "Gateway",
    "HTTPRoute",
    "Namespace",
    "ConfigMap",
    "Secret",
    "Deployment",
    "Service",
    "Ingress",
    "HorizontalPodAutoscaler",
    "PodDisruptionBudget",
    "NetworkPolicy",
];

/// One object of the stream.
struct Object<'s, 'a> {
    stream: &'s Stream<'a>,
    root: NodeId,
    /// `Kind/name`, for messages.
    display: String,
}

impl Object<'_, '_> {
    /// The node at a path of mapping keys.
    fn node(&self, path: &[&str]) -> Option<NodeId> {
        path.iter()
            .try_fold(self.root, |node, key| self.stream.get(node, key))
    }

    /// A scalar at a path, as text: integers in decimal (YAML 1.1 reads `0x10` as
    /// 16), anything else as written; none when absent, null or not a scalar.
    fn text(&self, path: &[&str]) -> Option<String> {
        self.node(path).and_then(|node| text(self.stream, node))
    }

    /// Where a path is, for messages: `Deployment/web spec.replicas`.
    fn at(&self, path: &str) -> String {
        format!("{} {path}", self.display)
    }

    fn metadata_name(&self) -> Option<String> {
        self.text(&["metadata", "name"])
    }
}

fn text(stream: &Stream<'_>, node: NodeId) -> Option<String> {
    match stream.scalar(node)? {
        Scalar::Null => None,
        Scalar::Int(n) => Some(n.to_string()),
        _ => stream.text(node).map(str::to_owned),
    }
}

/// Reads the stream and plans a step for every value that maps onto the design.
pub(super) fn read(stream: &Stream<'_>, plan: &mut Plan) {
    for problem in &stream.problems {
        plan.skip(format!(
            "{} (line {}): the objects there are not imported",
            problem.message, problem.pos.line
        ));
    }
    let mut first: BTreeMap<&str, Object> = BTreeMap::new();
    for doc in &stream.documents {
        let root = doc.root;
        if !stream.is_map(root) {
            plan.skip(format!(
                "the document at line {} is not a Kubernetes object: it is not imported",
                doc.pos.line
            ));
            continue;
        }
        let kind = stream.get_str(root, "kind").unwrap_or("");
        let name = stream
            .get(root, "metadata")
            .and_then(|m| stream.get_str(m, "name"))
            .unwrap_or("?");
        let display = format!("{kind}/{name}");
        match KINDS.iter().find(|k| **k == kind) {
            None if kind.is_empty() => plan.skip(format!(
                "the document at line {} has no kind: it is not imported",
                doc.pos.line
            )),
            None => plan.skip(format!(
                "kind {kind} has no place in a design: {display} is not imported"
            )),
            // The generated redirect (plain HTTP to HTTPS) is the second HTTPRoute of
            // a bundle whose Gateway has TLS: the design says it with the TLS secret.
            Some(&"HTTPRoute") if is_https_redirect(stream, root) => {}
            Some(known) if first.contains_key(known) => plan.skip(format!(
                "only the first {kind} is imported: {display} is not"
            )),
            Some(known) => {
                first.insert(
                    known,
                    Object {
                        stream,
                        root,
                        display,
                    },
                );
            }
        }
    }
    let deployment = first.get("Deployment");
    let service = first.get("Service");
    let hpa = first.get("HorizontalPodAutoscaler");
    // The name and namespace come from the workload, else from what fronts it.
    if let Some(object) = deployment.or(service) {
        if let Some(name) = object.metadata_name() {
            plan.parsed(
                "name",
                object.at("metadata.name"),
                parse_name(&name),
                |d, v| d.service.name = v,
            );
        }
    }
    let namespace = [deployment, service]
        .into_iter()
        .flatten()
        .find_map(|o| {
            o.text(&["metadata", "namespace"])
                .map(|ns| (o, ns, "metadata.namespace"))
        })
        .or_else(|| {
            let o = first.get("Namespace")?;
            Some((o, o.metadata_name()?, "metadata.name"))
        });
    if let Some((object, namespace, path)) = namespace {
        plan.parsed(
            "namespace",
            object.at(path),
            parse_dns_label("namespace", &namespace),
            |d, v| d.cluster.namespace = v,
        );
    }
    let listen_port = deployment.and_then(|d| {
        d.node(&["spec", "template", "spec", "containers"])
            .and_then(|c| stream.items(c).first().copied())
            .and_then(|c| stream.get(c, "ports"))
            .and_then(|p| stream.items(p).first().copied())
            .and_then(|p| stream.get(p, "containerPort"))
            .and_then(|p| text(stream, p))
    });
    if let Some(object) = deployment {
        read_deployment(object, plan);
    }
    if let Some(object) = service {
        read_service(object, listen_port.as_deref(), plan);
    }
    if let Some(object) = first.get("ConfigMap") {
        read_config_map(object, plan);
    }
    if let Some(object) = first.get("Secret") {
        read_secret(object, plan);
    }
    if let Some(object) = first.get("Ingress") {
        read_ingress(object, plan);
    }
    if let Some(route) = first.get("HTTPRoute") {
        let namespace = deployment
            .or(service)
            .and_then(|o| o.text(&["metadata", "namespace"]));
        read_http_route(
            route,
            first.get("Gateway"),
            first.get("NetworkPolicy"),
            namespace,
            plan,
        );
    } else if let Some(gateway) = first.get("Gateway") {
        plan.skip(format!(
            "a Gateway without an HTTPRoute to the service says nothing of the design: {} is not imported",
            gateway.display
        ));
    }
    if let Some(object) = hpa {
        read_hpa(
            object,
            deployment.is_some_and(|d| d.node(&["spec", "replicas"]).is_none()),
            plan,
        );
    }
    if let Some(object) = first.get("PodDisruptionBudget") {
        read_pdb(object, plan);
    }
    if let Some(object) = first.get("NetworkPolicy") {
        plan.set("a NetworkPolicy", object.display.clone(), |d| {
            d.cluster.network_policy = true
        });
    }
}

fn read_deployment(object: &Object, plan: &mut Plan) {
    let stream = object.stream;
    // Without replicas the count is the HPA's minimum (see `read_hpa`) or, left as
    // it is, the design's.
    if let Some(replicas) = object.text(&["spec", "replicas"]) {
        plan.parsed(
            "replicas",
            object.at("spec.replicas"),
            parse_replicas(&replicas),
            |d, v| d.cluster.replicas = v,
        );
    }
    match object.text(&["spec", "strategy", "type"]).as_deref() {
        Some("Recreate") => plan.skip(format!(
            "strategy Recreate is not imported: the design always rolls updates ({})",
            object.at("spec.strategy.type")
        )),
        _ => {
            let bounds: [(&str, Field<Cluster>); 2] = [
                ("maxSurge", |k| &mut k.max_surge),
                ("maxUnavailable", |k| &mut k.max_unavailable),
            ];
            for (key, field) in bounds {
                if let Some(bound) = object.text(&["spec", "strategy", "rollingUpdate", key]) {
                    plan.parsed(
                        key,
                        object.at(&format!("spec.strategy.rollingUpdate.{key}")),
                        parse_count_or_percent(key, &bound),
                        move |d, v| *field(&mut d.cluster) = v,
                    );
                }
            }
        }
    }
    let pod = &["spec", "template", "spec"];
    let pod_path = "spec.template.spec";
    // A pod without spread constraints says the pods are not spread; a Deployment
    // without a pod template (a fragment) says nothing about it.
    if object.node(pod).is_some_and(|n| stream.is_map(n)) {
        let spread = object
            .node(&[pod.as_slice(), &["topologySpreadConstraints"]].concat())
            .is_some_and(|n| !stream.items(n).is_empty());
        plan.set(
            format!("spreadAcrossNodes {spread}"),
            object.at(&format!("{pod_path}.topologySpreadConstraints")),
            move |d| d.cluster.spread_across_nodes = spread,
        );
    }
    if let Some(init) = object.node(&[pod.as_slice(), &["initContainers"]].concat()) {
        if !stream.items(init).is_empty() {
            plan.skip(format!(
                "init containers are not imported: the design runs one container ({})",
                object.at(&format!("{pod_path}.initContainers"))
            ));
        }
    }
    let containers = object
        .node(&[pod.as_slice(), &["containers"]].concat())
        .map(|n| stream.items(n).to_vec())
        .unwrap_or_default();
    for (i, extra) in containers.iter().enumerate().skip(1) {
        let name = stream.get_str(*extra, "name").unwrap_or("?");
        plan.skip(format!(
            "container {name} is not imported: the design runs one container ({})",
            object.at(&format!("{pod_path}.containers[{i}]"))
        ));
    }
    let user_at = |node: Option<NodeId>| {
        node.and_then(|n| stream.get(n, "securityContext"))
            .and_then(|s| stream.get(s, "runAsUser"))
            .and_then(|u| text(stream, u))
    };
    let container_user = user_at(containers.first().copied());
    let (user, user_path) = match container_user {
        Some(user) => (
            Some(user),
            format!("{pod_path}.containers[0].securityContext.runAsUser"),
        ),
        None => (
            user_at(object.node(pod)),
            format!("{pod_path}.securityContext.runAsUser"),
        ),
    };
    if let Some(user) = user {
        plan.parsed(
            "user id",
            object.at(&user_path),
            parse_in_range("user id", &user, 0_u32, 2_147_483_647),
            |d, v| d.container.user_id = v,
        );
    }
    if let Some(&container) = containers.first() {
        read_container(
            object,
            container,
            &format!("{pod_path}.containers[0]"),
            plan,
        );
    }
}

fn read_container(object: &Object, container: NodeId, at: &str, plan: &mut Plan) {
    let stream = object.stream;
    let get = |path: &[&str]| {
        path.iter()
            .try_fold(container, |node, key| stream.get(node, key))
    };
    let value = |path: &[&str]| get(path).and_then(|n| text(stream, n));
    if let Some(image) = value(&["image"]) {
        plan.parsed(
            "image",
            object.at(&format!("{at}.image")),
            parse_image(&image),
            |d, v| d.delivery.image = v,
        );
    }
    let ports = get(&["ports"])
        .map(|p| stream.items(p).to_vec())
        .unwrap_or_default();
    if let Some(port) = ports.first().and_then(|p| stream.get(*p, "containerPort")) {
        if let Some(port) = text(stream, port) {
            plan.parsed(
                "port",
                object.at(&format!("{at}.ports[0].containerPort")),
                parse_port(&port),
                |d, v| d.service.port = v,
            );
        }
    }
    for (i, port) in ports.iter().enumerate().skip(1) {
        // The generated Deployment names its metrics port `metrics`.
        let named_metrics = stream
            .get(*port, "name")
            .and_then(|n| text(stream, n))
            .is_some_and(|n| n == "metrics");
        let number = stream
            .get(*port, "containerPort")
            .and_then(|n| text(stream, n));
        if let (true, Some(number)) = (named_metrics, number) {
            plan.parsed(
                "metrics port",
                object.at(&format!("{at}.ports[{i}].containerPort")),
                parse_port(&number),
                |d, v| d.service.metrics_port = v,
            );
            continue;
        }
        plan.skip(format!(
            "only the first container port is imported: the service listens on one ({})",
            object.at(&format!("{at}.ports[{i}]"))
        ));
    }
    let quantities: [(&str, &str, &str, Field<Resources>); 4] = [
        ("requests", "cpu", "CPU request", |r| &mut r.cpu_request),
        ("limits", "cpu", "CPU limit", |r| &mut r.cpu_limit),
        ("requests", "memory", "memory request", |r| {
            &mut r.memory_request
        }),
        ("limits", "memory", "memory limit", |r| &mut r.memory_limit),
    ];
    for (kind, key, what, field) in quantities {
        if let Some(quantity) = value(&["resources", kind, key]) {
            plan.parsed(
                what,
                object.at(&format!("{at}.resources.{kind}.{key}")),
                parse_quantity(what, &quantity),
                move |d, v| *field(&mut d.cluster.resources) = v,
            );
        }
    }
    // The readiness and liveness probes share the designed timings; the startup
    // probe's threshold is derived, so it is not read.
    let probe = ["readinessProbe", "livenessProbe"]
        .into_iter()
        .find(|p| get(&[p]).is_some());
    if let Some(probe) = probe {
        let timings: [(&str, &str, i32, Field<Probes, i32>); 3] = [
            ("periodSeconds", "period", 3_600, |p| &mut p.period_seconds),
            ("timeoutSeconds", "timeout", 3_600, |p| {
                &mut p.timeout_seconds
            }),
            ("failureThreshold", "failure threshold", 100, |p| {
                &mut p.failure_threshold
            }),
        ];
        for (key, what, max, field) in timings {
            if let Some(seconds) = value(&[probe, key]) {
                plan.parsed(
                    what,
                    object.at(&format!("{at}.{probe}.{key}")),
                    parse_in_range(what, &seconds, 1_i32, max),
                    move |d, v| *field(&mut d.cluster.probes) = v,
                );
            }
        }
    }
    let startup = get(&["startupProbe"]).is_some_and(|n| !stream.is_null(n));
    plan.set(
        format!("startup probe {startup}"),
        object.at(&format!("{at}.startupProbe")),
        move |d| d.cluster.probes.startup = startup,
    );
    let env = get(&["env"])
        .map(|e| stream.items(e).to_vec())
        .unwrap_or_default();
    for (i, var) in env.into_iter().enumerate() {
        let source = object.at(&format!("{at}.env[{i}]"));
        let Some(name) = stream.get(var, "name").and_then(|n| text(stream, n)) else {
            plan.skip(format!(
                "an env entry without a name is not imported ({source})"
            ));
            continue;
        };
        match name.as_str() {
            "GIN_MODE" => {
                let mode = stream.get(var, "value").and_then(|v| text(stream, v));
                match mode.as_deref().and_then(gin_mode) {
                    Some(mode) => plan.set(format!("GIN_MODE {}", mode.as_str()), source, move |d| {
                        d.service.gin_mode = mode
                    }),
                    None => plan.skip(format!(
                        "GIN_MODE {:?} is not a Gin mode: use debug, release or test ({source})",
                        mode.unwrap_or_default()
                    )),
                }
            }
            // Set by the generated files from the design itself.
            "PORT" | "SECRETS_DIR" => {}
            _ => match stream.get(var, "valueFrom") {
                Some(from) if stream.get(from, "secretKeyRef").is_some() => {
                    plan.var(&name, None, source)
                }
                Some(_) => plan.skip(format!(
                    "env {name} takes its value from another object: only plain values and secret keys are imported ({source})"
                )),
                None => {
                    let value = stream
                        .get(var, "value")
                        .and_then(|v| text(stream, v))
                        .unwrap_or_default();
                    plan.var(&name, Some(value), source)
                }
            },
        }
    }
}

/// A Gin mode by its `GIN_MODE` value.
pub(super) fn gin_mode(text: &str) -> Option<GinMode> {
    [GinMode::Debug, GinMode::Release, GinMode::Test]
        .into_iter()
        .find(|m| m.as_str() == text)
}

fn read_service(object: &Object, listen_port: Option<&str>, plan: &mut Plan) {
    let stream = object.stream;
    let port = object
        .node(&["spec", "ports"])
        .and_then(|p| stream.items(p).first().copied());
    let field = |key: &str| {
        port.and_then(|p| stream.get(p, key))
            .and_then(|n| text(stream, n))
    };
    let service_type = match object.text(&["spec", "type"]).as_deref() {
        None | Some("ClusterIP") => Some(ServiceType::ClusterIP),
        Some("NodePort") => Some(ServiceType::NodePort),
        Some(other) => {
            plan.skip(format!(
                "service type {other} is not one a design offers: use ClusterIP or NodePort ({})",
                object.at("spec.type")
            ));
            None
        }
    };
    if let Some(service_type) = service_type {
        let node_port = match (service_type, field("nodePort")) {
            (ServiceType::NodePort, Some(text)) => {
                match parse_in_range("node port", &text, 30_000_u16, 32_767) {
                    Ok(port) => Some(port),
                    Err(error) => {
                        plan.skip(format!("{error} ({})", object.at("spec.ports[0].nodePort")));
                        None
                    }
                }
            }
            _ => None,
        };
        let what = match node_port {
            Some(port) => format!("service type NodePort with node port {port}"),
            None => format!("service type {}", service_type.as_str()),
        };
        plan.set(what, object.at("spec.type"), move |d| {
            d.cluster.service_type = service_type;
            d.cluster.node_port = node_port;
        });
    }
    if let Some(port) = field("port") {
        plan.parsed(
            "service port",
            object.at("spec.ports[0].port"),
            parse_port(&port),
            |d, v| d.cluster.service_port = v,
        );
    }
    if let (Some(target), Some(listen)) = (field("targetPort"), listen_port) {
        let numeric = target.bytes().all(|b| b.is_ascii_digit());
        if numeric && target != listen {
            plan.skip(format!(
                "targetPort {target} is not imported: the design's Service always targets the listen port {listen} ({})",
                object.at("spec.ports[0].targetPort")
            ));
        }
    }
    if let Some(ports) = object.node(&["spec", "ports"]) {
        for i in 1..stream.items(ports).len() {
            plan.skip(format!(
                "only the first Service port is imported ({})",
                object.at(&format!("spec.ports[{i}]"))
            ));
        }
    }
}

fn read_config_map(object: &Object, plan: &mut Plan) {
    let stream = object.stream;
    if let Some(data) = object.node(&["data"]) {
        for (key, value) in stream.entries(data).iter() {
            let Some(name) = text(stream, *key) else {
                continue;
            };
            let value = text(stream, *value).unwrap_or_default();
            plan.var(&name, Some(value), object.at(&format!("data.{name}")));
        }
    }
    if object.node(&["binaryData"]).is_some() {
        plan.skip(format!(
            "binaryData is not imported: config variables hold text ({})",
            object.at("binaryData")
        ));
    }
}

fn read_secret(object: &Object, plan: &mut Plan) {
    let stream = object.stream;
    let mut keys = 0;
    for section in ["data", "stringData"] {
        if let Some(map) = object.node(&[section]) {
            for (key, _) in stream.entries(map).iter() {
                if let Some(name) = text(stream, *key) {
                    keys += 1;
                    plan.var(&name, None, object.at(&format!("{section}.{name}")));
                }
            }
        }
    }
    if keys > 0 {
        plan.skip(format!(
            "secret values are never imported: the keys of {} become secret variables with empty values; set local values in the config form",
            object.display
        ));
    }
}

/// A field of a part of the design, for tables of similar fields.
type Field<T, V = String> = fn(&mut T) -> &mut V;

/// One value an Ingress sets in `cluster.ingress`.
type IngressSetting = Box<dyn Fn(&mut Ingress)>;

fn read_ingress(object: &Object, plan: &mut Plan) {
    let stream = object.stream;
    let mut settings: Vec<IngressSetting> = Vec::new();
    if let Some(class) = object.text(&["spec", "ingressClassName"]) {
        match parse_dns_label("ingress class", &class) {
            Ok(class) => settings.push(Box::new(move |i| i.class_name = class.clone())),
            Err(error) => plan.skip(format!("{error} ({})", object.at("spec.ingressClassName"))),
        }
    }
    let rules = object
        .node(&["spec", "rules"])
        .map(|r| stream.items(r).to_vec())
        .unwrap_or_default();
    for i in 1..rules.len() {
        plan.skip(format!(
            "only the first Ingress rule is imported: a design publishes one host ({})",
            object.at(&format!("spec.rules[{i}]"))
        ));
    }
    let rule = rules.first().copied();
    if let Some(host) = rule
        .and_then(|r| stream.get(r, "host"))
        .and_then(|h| text(stream, h))
    {
        match parse_dns_subdomain("host", &host) {
            Ok(host) => settings.push(Box::new(move |i| i.host = host.clone())),
            Err(error) => plan.skip(format!("{error} ({})", object.at("spec.rules[0].host"))),
        }
    }
    let tls_secret = object
        .node(&["spec", "tls"])
        .and_then(|t| stream.items(t).first().copied())
        .and_then(|t| stream.get(t, "secretName"))
        .and_then(|s| text(stream, s));
    match tls_secret {
        Some(secret) => match parse_dns_subdomain("TLS secret", &secret) {
            Ok(secret) => settings.push(Box::new(move |i| i.tls_secret = secret.clone())),
            Err(error) => plan.skip(format!("{error} ({})", object.at("spec.tls[0].secretName"))),
        },
        None => settings.push(Box::new(|i| i.tls_secret = String::new())),
    }
    let paths: Vec<(String, String)> = rule
        .and_then(|r| stream.get(r, "http"))
        .and_then(|h| stream.get(h, "paths"))
        .map(|p| stream.items(p).to_vec())
        .unwrap_or_default()
        .into_iter()
        .map(|p| {
            let get = |key| {
                stream
                    .get(p, key)
                    .and_then(|n| text(stream, n))
                    .unwrap_or_default()
            };
            (get("path"), get("pathType"))
        })
        .collect();
    let prefix = match paths.as_slice() {
        [(path, kind)] if kind != "Prefix" && kind != "Exact" => {
            path.strip_suffix(PREFIX_REGEX_TAIL).map(regex_unescape)
        }
        _ => None,
    };
    match &prefix {
        Some(prefix) => match parse_route_path(prefix) {
            Ok(prefix) => settings.push(Box::new(move |i| i.path_prefix = prefix.clone())),
            Err(error) => plan.skip(format!(
                "{error} ({})",
                object.at("spec.rules[0].http.paths[0].path")
            )),
        },
        None => {
            settings.push(Box::new(|i| i.path_prefix = String::new()));
            if paths.iter().any(|(_, kind)| kind != "Prefix") {
                plan.skip(format!(
                    "Ingress paths other than Prefix are not imported: a design publishes its route groups, or everything under one path prefix written as {PREFIX_REGEX_TAIL} ({})",
                    object.at("spec.rules[0].http.paths")
                ));
            }
        }
    }
    let mut annotations: BTreeMap<String, String> = object
        .node(&["metadata", "annotations"])
        .map(|a| {
            stream
                .entries(a)
                .iter()
                .filter_map(|(k, v)| {
                    Some((text(stream, *k)?, text(stream, *v).unwrap_or_default()))
                })
                .collect()
        })
        .unwrap_or_default();
    // The annotations the generator adds for a path prefix are not the user's.
    if prefix.is_some() {
        annotations.remove(USE_REGEX);
        if annotations.get(REWRITE_TARGET).map(String::as_str) == Some(PREFIX_REWRITE) {
            annotations.remove(REWRITE_TARGET);
        }
    }
    settings.push(Box::new(move |i| i.annotations = annotations.clone()));
    plan.set("an Ingress", object.display.clone(), move |d| {
        // A design routes through one layer: the pasted Ingress is the one it says.
        d.cluster.gateway = None;
        let ingress = d.cluster.ingress.get_or_insert_with(Ingress::default);
        for setting in &settings {
            setting(ingress);
        }
    });
}

/// Whether the HTTPRoute only redirects to HTTPS, as the generated
/// `<app>-https-redirect` does.
fn is_https_redirect(stream: &Stream<'_>, root: NodeId) -> bool {
    let rules = stream
        .get(root, "spec")
        .and_then(|s| stream.get(s, "rules"))
        .map(|r| stream.items(r).to_vec())
        .unwrap_or_default();
    let [rule] = rules.as_slice() else {
        return false;
    };
    let filters = stream
        .get(*rule, "filters")
        .map(|f| stream.items(f).to_vec())
        .unwrap_or_default();
    stream.get(*rule, "backendRefs").is_none()
        && filters.len() == 1
        && stream.get_str(filters[0], "type") == Some("RequestRedirect")
        && stream
            .get(filters[0], "requestRedirect")
            .and_then(|r| stream.get_str(r, "scheme"))
            == Some("https")
}

/// One value an HTTPRoute (and its Gateway) sets in `cluster.gateway`.
type GatewaySetting = Box<dyn Fn(&mut crate::model::Gateway)>;

/// Reads the HTTPRoute to the service into `cluster.gateway`: the parent Gateway (a
/// generated one when the paste holds it: its class and TLS secret; else the one to
/// attach to), the hostnames, a path prefix cut by `ReplacePrefixMatch: /`, the
/// request timeout, and the proxies' namespace the NetworkPolicy admits.
fn read_http_route(
    route: &Object,
    gateway: Option<&Object>,
    policy: Option<&Object>,
    namespace: Option<String>,
    plan: &mut Plan,
) {
    let stream = route.stream;
    let mut settings: Vec<GatewaySetting> = Vec::new();
    let items = |node: Option<NodeId>| node.map(|n| stream.items(n).to_vec()).unwrap_or_default();
    let get = |node: NodeId, key: &str| stream.get(node, key).and_then(|n| text(stream, n));
    let parents = items(route.node(&["spec", "parentRefs"]));
    for i in 1..parents.len() {
        plan.skip(format!(
            "only the first parentRef is imported: a design attaches to one Gateway ({})",
            route.at(&format!("spec.parentRefs[{i}]"))
        ));
    }
    let route_namespace = route.text(&["metadata", "namespace"]).or(namespace);
    if let Some(parent) = parents.first().copied() {
        let name = get(parent, "name").unwrap_or_default();
        let parent_namespace = get(parent, "namespace").or_else(|| route_namespace.clone());
        let generated = gateway.filter(|g| {
            g.metadata_name().as_deref() == Some(name.as_str())
                && g.text(&["metadata", "namespace"])
                    .or_else(|| route_namespace.clone())
                    == parent_namespace
        });
        match generated {
            Some(gw) => {
                settings.push(Box::new(|g| g.mode = GatewayMode::Generate));
                match gw
                    .text(&["spec", "gatewayClassName"])
                    .map(|c| parse_object_name("GatewayClass", &c))
                {
                    Some(Ok(class)) => {
                        settings.push(Box::new(move |g| g.class_name = class.clone()))
                    }
                    Some(Err(error)) => {
                        plan.skip(format!("{error} ({})", gw.at("spec.gatewayClassName")))
                    }
                    None => {}
                }
                let tls = items(gw.node(&["spec", "listeners"]))
                    .into_iter()
                    .find_map(|l| {
                        let refs = stream
                            .get(l, "tls")
                            .and_then(|t| stream.get(t, "certificateRefs"))?;
                        get(stream.items(refs).first().copied()?, "name")
                    });
                match tls.map(|t| parse_object_name("TLS secret", &t)) {
                    Some(Ok(secret)) => {
                        settings.push(Box::new(move |g| g.tls_secret = secret.clone()))
                    }
                    Some(Err(error)) => plan.skip(format!("{error} ({})", gw.at("spec.listeners"))),
                    None => settings.push(Box::new(|g| g.tls_secret = String::new())),
                }
            }
            None => {
                settings.push(Box::new(|g| g.mode = GatewayMode::Attach));
                match parse_object_name("Gateway name", &name) {
                    Ok(name) => settings.push(Box::new(move |g| g.gateway_name = name.clone())),
                    Err(error) => {
                        plan.skip(format!("{error} ({})", route.at("spec.parentRefs[0].name")))
                    }
                }
                if let Some(ns) = parent_namespace {
                    match parse_dns_label("namespace", &ns) {
                        Ok(ns) => {
                            settings.push(Box::new(move |g| g.gateway_namespace = ns.clone()))
                        }
                        Err(error) => plan.skip(format!(
                            "{error} ({})",
                            route.at("spec.parentRefs[0].namespace")
                        )),
                    }
                }
                let section = get(parent, "sectionName").unwrap_or_default();
                match optional_text(&section, |t| parse_dns_subdomain("listener name", t)) {
                    Ok(section) => {
                        settings.push(Box::new(move |g| g.section_name = section.clone()))
                    }
                    Err(error) => plan.skip(format!(
                        "{error} ({})",
                        route.at("spec.parentRefs[0].sectionName")
                    )),
                }
            }
        }
    }
    let hostnames: Vec<String> = items(route.node(&["spec", "hostnames"]))
        .into_iter()
        .filter_map(|h| text(stream, h))
        .collect();
    match hostnames
        .iter()
        .map(|h| parse_gateway_hostname(h))
        .collect::<Result<Vec<_>, _>>()
    {
        Ok(hostnames) => settings.push(Box::new(move |g| g.hostnames = hostnames.clone())),
        Err(error) => plan.skip(format!("{error} ({})", route.at("spec.hostnames"))),
    }
    let rules = items(route.node(&["spec", "rules"]));
    for i in 1..rules.len() {
        plan.skip(format!(
            "only the first rule is imported: a design routes its paths to one Service ({})",
            route.at(&format!("spec.rules[{i}]"))
        ));
    }
    if let Some(rule) = rules.first().copied() {
        let matches = items(stream.get(rule, "matches"));
        let prefix_of = |m: NodeId| {
            let path = stream.get(m, "path")?;
            (get(path, "type").as_deref().unwrap_or("PathPrefix") == "PathPrefix")
                .then(|| get(path, "value").unwrap_or_else(|| "/".into()))
        };
        let rewrite = items(stream.get(rule, "filters"))
            .into_iter()
            .find_map(|f| {
                let path = stream
                    .get(f, "urlRewrite")
                    .and_then(|u| stream.get(u, "path"))?;
                (get(path, "type").as_deref() == Some("ReplacePrefixMatch"))
                    .then(|| get(path, "replacePrefixMatch").unwrap_or_default())
            });
        let prefix = match (matches.as_slice(), rewrite.as_deref()) {
            ([one], Some("/")) => prefix_of(*one),
            _ => None,
        };
        match prefix {
            Some(prefix) => match parse_route_path(&prefix) {
                Ok(prefix) => settings.push(Box::new(move |g| g.path_prefix = prefix.clone())),
                Err(error) => plan.skip(format!(
                    "{error} ({})",
                    route.at("spec.rules[0].matches[0].path.value")
                )),
            },
            None => {
                settings.push(Box::new(|g| g.path_prefix = String::new()));
                if rewrite.is_some() || matches.iter().any(|m| prefix_of(*m).is_none()) {
                    plan.skip(format!(
                        "matches other than PathPrefix, and rewrites other than a path prefix cut to /, are not imported: a design publishes its route groups, or everything under one path prefix ({})",
                        route.at("spec.rules[0]")
                    ));
                }
            }
        }
        let timeout = stream
            .get(rule, "timeouts")
            .and_then(|t| get(t, "request"))
            .unwrap_or_default();
        match optional_text(&timeout, |t| parse_gateway_duration("request timeout", t)) {
            Ok(timeout) => settings.push(Box::new(move |g| g.request_timeout = timeout.clone())),
            Err(error) => plan.skip(format!(
                "{error} ({})",
                route.at("spec.rules[0].timeouts.request")
            )),
        }
    }
    // The proxies' namespace is the one the NetworkPolicy admits to the listen port.
    let admitted = policy.and_then(|p| {
        let rule = items(p.node(&["spec", "ingress"])).first().copied()?;
        let from = items(stream.get(rule, "from")).first().copied()?;
        let labels = stream
            .get(from, "namespaceSelector")
            .and_then(|s| stream.get(s, "matchLabels"))?;
        get(labels, "kubernetes.io/metadata.name")
    });
    if let Some(ns) = admitted {
        if let Ok(ns) = parse_dns_label("namespace", &ns) {
            settings.push(Box::new(move |g| g.controller_namespace = ns.clone()));
        }
    }
    plan.set("an HTTPRoute", route.display.clone(), move |d| {
        // A design routes through one layer: the pasted route is the one it says.
        d.cluster.ingress = None;
        let gateway = d.cluster.gateway.get_or_insert_with(Default::default);
        for setting in &settings {
            setting(gateway);
        }
    });
}

/// Empty text is no value; anything else must parse.
fn optional_text(
    text: &str,
    parse: impl Fn(&str) -> Result<String, crate::fields::FieldError>,
) -> Result<String, crate::fields::FieldError> {
    if text.is_empty() {
        Ok(String::new())
    } else {
        parse(text)
    }
}

fn read_hpa(object: &Object, replicas_from_hpa: bool, plan: &mut Plan) {
    let stream = object.stream;
    // Kubernetes' default minimum is 1.
    let min = object
        .text(&["spec", "minReplicas"])
        .unwrap_or_else(|| "1".into());
    let min = match parse_in_range("min replicas", &min, 1_i32, 1_000) {
        Ok(min) => Some(min),
        Err(error) => {
            plan.skip(format!("{error} ({})", object.at("spec.minReplicas")));
            None
        }
    };
    let max = object.text(&["spec", "maxReplicas"]).and_then(|max| {
        parse_in_range("max replicas", &max, 1_i32, 1_000)
            .map_err(|error| plan.skip(format!("{error} ({})", object.at("spec.maxReplicas"))))
            .ok()
    });
    let metrics = object
        .node(&["spec", "metrics"])
        .map(|m| stream.items(m).to_vec())
        .unwrap_or_default();
    let mut cpu = None;
    for (i, metric) in metrics.iter().enumerate() {
        let at = |path: &str| object.at(&format!("spec.metrics[{i}]{path}"));
        let resource = stream.get(*metric, "resource");
        let name = resource
            .and_then(|r| stream.get(r, "name"))
            .and_then(|n| text(stream, n));
        let utilization = resource
            .and_then(|r| stream.get(r, "target"))
            .and_then(|t| stream.get(t, "averageUtilization"))
            .and_then(|u| text(stream, u));
        match (name.as_deref(), utilization) {
            (Some("cpu"), Some(value)) if cpu.is_none() => {
                match parse_in_range("CPU utilization", &value, 1_i32, 100) {
                    Ok(value) => cpu = Some(value),
                    Err(error) => plan.skip(format!(
                        "{error} ({})",
                        at(".resource.target.averageUtilization")
                    )),
                }
            }
            _ => plan.skip(format!(
                "only a CPU utilization target is imported: a design scales on CPU ({})",
                at("")
            )),
        }
    }
    let what = format!(
        "autoscaling {}-{} at {}% CPU",
        min.map_or("?".into(), |v| v.to_string()),
        max.map_or("?".into(), |v| v.to_string()),
        cpu.map_or("?".into(), |v| v.to_string())
    );
    plan.set(what, object.display.clone(), move |d| {
        let mut a = d
            .cluster
            .autoscaling
            .clone()
            .unwrap_or_else(Autoscaling::default);
        if let Some(min) = min {
            a.min_replicas = min;
        }
        if let Some(max) = max {
            a.max_replicas = max;
        }
        if let Some(cpu) = cpu {
            a.cpu_utilization = cpu;
        }
        d.cluster.autoscaling = Some(a);
    });
    // The generated Deployment leaves replicas to the HPA; the fewest pods it runs
    // is the HPA's minimum, which is what `cluster.replicas` then stands for.
    if let (true, Some(min)) = (replicas_from_hpa, min) {
        plan.set(
            format!("replicas {min}"),
            object.at("spec.minReplicas"),
            move |d| d.cluster.replicas = min,
        );
    }
}

fn read_pdb(object: &Object, plan: &mut Plan) {
    match object.text(&["spec", "minAvailable"]) {
        Some(min) if min.ends_with('%') => plan.skip(format!(
            "minAvailable {min} is not imported: a design counts pods, not percentages ({})",
            object.at("spec.minAvailable")
        )),
        Some(min) => plan.parsed(
            "minAvailable",
            object.at("spec.minAvailable"),
            parse_in_range("minAvailable", &min, 0_u32, 1_000),
            |d, v| d.cluster.min_available = Some(v),
        ),
        None => plan.skip(format!(
            "a budget without minAvailable is not imported: minAvailable is the only budget a design holds ({})",
            object.display
        )),
    }
}
