//! Values the API server validates beyond their types (`GK2xx`): names, labels,
//! selectors, ports, resource quantities, probe settings, Service ports, HPA bounds,
//! restart policies, topology spread constraints, repeated port and env var names, and
//! an Ingress rewrite that drops the request path ([`super::rewrite`]).
//!
//! Each check reads a value only where [`Object::trusts`] it: a value of the wrong
//! type or a missing required one is reported by typing and never judged again as
//! the placeholder that stands in for it, while every independent check still runs.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{Container, Probe};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, LabelSelectorRequirement};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::objects::{Kind, Object, PodTemplate};
use super::{names, quantity, Cx, Seg};
use crate::validate::{Rule, Severity};
use crate::yaml::{NodeId, Scalar};

pub const GK201: Rule = Rule {
    id: "GK201",
    title: "invalid name",
    severity: Severity::Error,
    why: "Names become DNS names and path segments: most objects need a DNS-1123 \
          subdomain, Namespaces, containers and volumes a DNS-1123 label, and Services an \
          RFC 1035 label (starting with a letter). The API server rejects anything else.",
    bad_example:
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: 1-Web\nspec:\n  ports:\n  - port: 80\n",
    good_example:
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web-1\nspec:\n  ports:\n  - port: 80\n",
};

pub const GK202: Rule = Rule {
    id: "GK202",
    title: "invalid label or annotation key, or label value",
    severity: Severity::Error,
    why: "Label keys are an optional DNS-subdomain prefix and a name of at most 63 \
          characters; label values at most 63 letters, digits, `-`, `_`, `.`. Spaces, \
          slashes in values or long values are rejected.",
    bad_example:
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  labels:\n    app: my web\n",
    good_example:
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  labels:\n    app: my-web\n",
};

pub const GK203: Rule = Rule {
    id: "GK203",
    title: "invalid label selector",
    severity: Severity::Error,
    why: "A selector's expressions take the operators In, NotIn (with values), Exists \
          and DoesNotExist (without); a workload's selector may not be empty.",
    bad_example: "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  maxUnavailable: 1\n  selector:\n    matchExpressions:\n    - key: app\n      operator: Equals\n      values: [web]\n",
    good_example: "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  maxUnavailable: 1\n  selector:\n    matchExpressions:\n    - key: app\n      operator: In\n      values: [web]\n",
};

pub const GK204: Rule = Rule {
    id: "GK204",
    title: "selector does not match the pod template's labels",
    severity: Severity::Error,
    why: "A Deployment, StatefulSet or DaemonSet must select the pods it creates: the API \
          server rejects `selector does not match template labels`.",
    bad_example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: api\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n",
    good_example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n",
};

pub const GK205: Rule = Rule {
    id: "GK205",
    title: "port number out of range",
    severity: Severity::Error,
    why: "Ports are 1–65535; a Service nodePort must fall in the cluster's NodePort range \
          (30000–32767 by default).",
    bad_example: "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n    targetPort: 70000\n",
    good_example: "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n    targetPort: 8080\n",
};

pub const GK206: Rule = Rule {
    id: "GK206",
    title: "invalid named port",
    severity: Severity::Error,
    why: "A port name (IANA_SVC_NAME) has at most 15 lowercase letters, digits and single \
          hyphens, with at least one letter; a longer name is rejected, and a `targetPort` \
          or probe port that is not a valid name can never match one.",
    bad_example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    ports:\n    - name: http-metrics-port\n      containerPort: 9090\n",
    good_example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    ports:\n    - name: metrics\n      containerPort: 9090\n",
};

pub const GK207: Rule = Rule {
    id: "GK207",
    title: "invalid resource quantity",
    severity: Severity::Error,
    why: "Quantities follow Kubernetes' own grammar: a number and a suffix among m, k, M, \
          G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei or an exponent. `1GB`, `512mi` or `1 Gi` are \
          rejected; negative requests too.",
    bad_example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    resources:\n      limits:\n        memory: 512MB\n",
    good_example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    resources:\n      limits:\n        memory: 512Mi\n",
};

pub const GK208: Rule = Rule {
    id: "GK208",
    title: "resource request above its limit",
    severity: Severity::Error,
    why: "The API server rejects a container whose request exceeds its limit for the same \
          resource (`must be less than or equal to cpu limit`).",
    bad_example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    resources:\n      requests:\n        cpu: \"2\"\n      limits:\n        cpu: 500m\n",
    good_example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    resources:\n      requests:\n        cpu: 250m\n      limits:\n        cpu: 500m\n",
};

pub const GK209: Rule = Rule {
    id: "GK209",
    title: "probe without exactly one handler",
    severity: Severity::Error,
    why: "A probe needs exactly one of httpGet, tcpSocket, grpc or exec: none or several \
          are rejected (`may not specify more than 1 handler type`).",
    bad_example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    readinessProbe:\n      periodSeconds: 10\n",
    good_example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    readinessProbe:\n      tcpSocket:\n        port: 80\n      periodSeconds: 10\n",
};

pub const GK210: Rule = Rule {
    id: "GK210",
    title: "probe setting out of range",
    severity: Severity::Error,
    why: "Probe delays, timeouts, periods and thresholds may not be negative, and a \
          liveness or startup probe's successThreshold must be 1.",
    bad_example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    livenessProbe:\n      tcpSocket:\n        port: 80\n      successThreshold: 2\n",
    good_example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    livenessProbe:\n      tcpSocket:\n        port: 80\n      successThreshold: 1\n",
};

pub const GK211: Rule = Rule {
    id: "GK211",
    title: "probe timing that does not do what it says",
    severity: Severity::Warning,
    why: "A timeout as long as the period makes probes overlap, and a threshold of 0 is \
          silently replaced by the default: both usually hide a mistake.",
    bad_example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    readinessProbe:\n      tcpSocket:\n        port: 80\n      timeoutSeconds: 10\n      periodSeconds: 10\n",
    good_example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    readinessProbe:\n      tcpSocket:\n        port: 80\n      timeoutSeconds: 2\n      periodSeconds: 10\n",
};

pub const GK212: Rule = Rule {
    id: "GK212",
    title: "Service ports missing, unnamed or repeated",
    severity: Severity::Error,
    why: "A Service needs ports (unless it is headless or ExternalName); with more than \
          one, each needs a unique name, and a port and protocol may appear only once.",
    bad_example: "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n  - port: 443\n",
    good_example: "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - name: http\n    port: 80\n  - name: https\n    port: 443\n",
};

pub const GK213: Rule = Rule {
    id: "GK213",
    title: "HorizontalPodAutoscaler replica bounds",
    severity: Severity::Error,
    why: "minReplicas must be at least 1 and at most maxReplicas; the API server rejects \
          other bounds.",
    bad_example: "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n  minReplicas: 5\n  maxReplicas: 3\n",
    good_example: "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n  minReplicas: 2\n  maxReplicas: 5\n",
};

pub const GK214: Rule = Rule {
    id: "GK214",
    title: "restartPolicy the kind does not allow",
    severity: Severity::Error,
    why: "A Job's or CronJob's pods must say what to do when they finish: `OnFailure` or \
          `Never`. Left out, it defaults to `Always`, which the API server rejects \
          (`Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\"`); \
          Deployments, StatefulSets, DaemonSets, ReplicaSets and ReplicationControllers \
          take only `Always`.",
    bad_example: "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\nspec:\n  template:\n    spec:\n      restartPolicy: Always\n      containers:\n      - name: migrate\n        image: migrate:1.0\n",
    good_example: "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\nspec:\n  template:\n    spec:\n      restartPolicy: OnFailure\n      containers:\n      - name: migrate\n        image: migrate:1.0\n",
};

pub const GK215: Rule = Rule {
    id: "GK215",
    title: "port name repeated in a container",
    severity: Severity::Error,
    why: "Port names are how Services, probes and NetworkPolicies refer to a port; the API \
          server rejects a container that names two ports alike (`Duplicate value`).",
    bad_example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    ports:\n    - name: http\n      containerPort: 8080\n    - name: http\n      containerPort: 9090\n",
    good_example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    ports:\n    - name: http\n      containerPort: 8080\n    - name: metrics\n      containerPort: 9090\n",
};

pub const GK216: Rule = Rule {
    id: "GK216",
    title: "invalid topology spread constraint",
    severity: Severity::Error,
    why: "The scheduler's spread constraints are validated when the object is applied: \
          `maxSkew` and `minDomains` must be greater than zero, `whenUnsatisfiable` is \
          `DoNotSchedule` or `ScheduleAnyway` (spelt exactly), `minDomains` only goes with \
          `DoNotSchedule`, and a topologyKey and whenUnsatisfiable pair may appear once.",
    bad_example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  topologySpreadConstraints:\n  - maxSkew: 0\n    topologyKey: kubernetes.io/hostname\n    whenUnsatisfiable: ScheduleAnyway\n  containers:\n  - name: web\n    image: nginx:1.27\n",
    good_example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  topologySpreadConstraints:\n  - maxSkew: 1\n    topologyKey: kubernetes.io/hostname\n    whenUnsatisfiable: ScheduleAnyway\n  containers:\n  - name: web\n    image: nginx:1.27\n",
};

pub const GK217: Rule = Rule {
    id: "GK217",
    title: "env var defined twice in a container",
    severity: Severity::Warning,
    why: "The container sees only the last of two env entries with one name, and \
          `kubectl apply` may drop one of them when it merges (the API server warns: \
          `hides previous definition`); one of the two values is a mistake. Peer: kube-score \
          environment-variable-key-duplication.",
    bad_example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    env:\n    - name: LOG_LEVEL\n      value: info\n    - name: LOG_LEVEL\n      value: debug\n",
    good_example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    env:\n    - name: LOG_LEVEL\n      value: debug\n",
};

/// A path from static segments and more.
pub(crate) fn join<'p>(base: &[Seg<'p>], more: &[Seg<'p>]) -> Vec<Seg<'p>> {
    let mut path = Vec::with_capacity(base.len() + more.len());
    path.extend_from_slice(base);
    path.extend_from_slice(more);
    path
}

/// Every container of a pod (init containers too) with its path.
pub(crate) fn containers<'o>(
    pod: &PodTemplate<'o>,
) -> impl Iterator<Item = (&'o Container, Vec<Seg<'static>>, bool)> + 'o {
    let spec_path = pod.spec_path;
    let init = pod
        .spec
        .init_containers
        .iter()
        .flatten()
        .enumerate()
        .map(move |(i, c)| {
            (
                c,
                join(spec_path, &[Seg::K("initContainers"), Seg::I(i)]),
                true,
            )
        });
    let main = pod.spec.containers.iter().enumerate().map(move |(i, c)| {
        (
            c,
            join(spec_path, &[Seg::K("containers"), Seg::I(i)]),
            false,
        )
    });
    main.chain(init)
}

/// Runs the value checks on every object.
pub fn check(cx: &mut Cx<'_, '_>, objects: &[Object<'_>]) {
    for object in objects {
        labels(cx, object);
        name(cx, object);
        if let Some(pod) = object.pod() {
            pod_values(cx, object, &pod);
        }
        let spec_selector = [Seg::K("spec"), Seg::K("selector")];
        match object.typed.as_ref() {
            Some(Kind::Deployment(d)) => {
                workload_selector(cx, object, Some(&d.spec.selector), true)
            }
            Some(Kind::StatefulSet(s)) => {
                workload_selector(cx, object, Some(&s.spec.selector), true)
            }
            Some(Kind::DaemonSet(d)) => workload_selector(cx, object, Some(&d.spec.selector), true),
            Some(Kind::ReplicaSet(r)) => {
                workload_selector(cx, object, Some(&r.spec.selector), true)
            }
            Some(Kind::ReplicationController(r)) => {
                // A ReplicationController's selector is a label map, defaulted from the
                // template's labels when left out.
                let selector = r.spec.as_ref().and_then(|s| s.selector.clone());
                let selector = selector
                    .filter(|s| !s.is_empty())
                    .map(|labels| LabelSelector {
                        match_labels: Some(labels),
                        ..Default::default()
                    });
                workload_selector(cx, object, selector.as_ref(), false)
            }
            Some(Kind::Job(j)) => {
                let selector = j.spec.as_ref().and_then(|s| s.selector.as_ref());
                workload_selector(cx, object, selector, false)
            }
            Some(Kind::PodDisruptionBudget(p)) => {
                if let Some(selector) = p.spec.as_ref().and_then(|s| s.selector.as_ref()) {
                    if object.trusts(&spec_selector) {
                        selector_syntax(cx, object, selector, &spec_selector);
                    }
                }
            }
            Some(Kind::NetworkPolicy(n)) => {
                let at = [Seg::K("spec"), Seg::K("podSelector")];
                if let Some(selector) = n.spec.as_ref().and_then(|s| s.pod_selector.as_ref()) {
                    if object.trusts(&at) {
                        selector_syntax(cx, object, selector, &at);
                    }
                }
            }
            Some(Kind::Service(_)) => service_ports(cx, object),
            Some(Kind::Ingress(ingress)) => super::rewrite::check(cx, object, ingress),
            Some(Kind::HorizontalPodAutoscaler(h)) => {
                let spec = &h.spec;
                let min_at = [Seg::K("spec"), Seg::K("minReplicas")];
                let max_at = [Seg::K("spec"), Seg::K("maxReplicas")];
                let min = spec.min_replicas.unwrap_or(1);
                if object.trusts(&min_at)
                    && object.trusts(&max_at)
                    && (min < 1 || min > spec.max_replicas)
                {
                    cx.on(
                        &GK213,
                        object.root,
                        &min_at,
                        format!(
                            "minReplicas {min} must be at least 1 and at most maxReplicas {}",
                            spec.max_replicas
                        ),
                    );
                }
            }
            _ => {}
        }
    }
}

fn name(cx: &mut Cx<'_, '_>, object: &Object<'_>) {
    let Some(name) = object.name else { return };
    let (why, what) = match object.kind {
        "Namespace" => (names::dns1123_label(name), "a DNS-1123 label"),
        "Service" => (names::rfc1035_label(name), "an RFC 1035 label"),
        _ => (names::dns1123_subdomain(name), "a DNS-1123 subdomain"),
    };
    if let Some(why) = why {
        cx.on(
            &GK201,
            object.root,
            &[Seg::K("metadata"), Seg::K("name")],
            format!("{} name {name:?} is not {what}: {why}", object.kind),
        );
    }
}

/// Label keys and values, annotation keys, and selector label maps, read from the
/// tree so even untyped objects are checked.
fn labels(cx: &mut Cx<'_, '_>, object: &Object<'_>) {
    let mut maps: Vec<(Vec<Seg<'static>>, bool)> = vec![
        (vec![Seg::K("metadata"), Seg::K("labels")], true),
        (vec![Seg::K("metadata"), Seg::K("annotations")], false),
    ];
    if let Some(pod) = object.pod() {
        maps.push((join(pod.metadata_path, &[Seg::K("labels")]), true));
        maps.push((join(pod.metadata_path, &[Seg::K("annotations")]), false));
    }
    match object.kind {
        "Service" => maps.push((vec![Seg::K("spec"), Seg::K("selector")], true)),
        "NetworkPolicy" => maps.push((
            vec![Seg::K("spec"), Seg::K("podSelector"), Seg::K("matchLabels")],
            true,
        )),
        _ => maps.push((
            vec![Seg::K("spec"), Seg::K("selector"), Seg::K("matchLabels")],
            true,
        )),
    }
    let stream = cx.stream;
    for (path, with_values) in maps {
        let Some(map) = node_at(cx, object.root, &path) else {
            continue;
        };
        for (k, v) in stream.entries(map).iter() {
            let key = stream.text(*k).unwrap_or_default();
            if let Some(why) = names::qualified_name(key) {
                let what = if with_values { "label" } else { "annotation" };
                cx.at(
                    &GK202,
                    stream.pos(*k),
                    format!("{what} key {key:?} is invalid: {why}"),
                    None,
                );
            }
            if with_values {
                if let Some(Scalar::Str(value)) = stream.scalar(*v) {
                    if let Some(why) = names::label_value(value) {
                        cx.at(
                            &GK202,
                            stream.pos(*v),
                            format!("label value {value:?} of {key} is invalid: {why}"),
                            None,
                        );
                    }
                }
            }
        }
    }
}

/// The node at `path`, if every step exists.
pub(crate) fn node_at(cx: &Cx<'_, '_>, root: NodeId, path: &[Seg<'_>]) -> Option<NodeId> {
    let mut node = root;
    for seg in path {
        node = match seg {
            Seg::K(k) => cx.stream.get(node, k)?,
            Seg::I(i) => *cx.stream.items(node).get(*i)?,
        };
    }
    Some(node)
}

fn selector_syntax(
    cx: &mut Cx<'_, '_>,
    object: &Object<'_>,
    selector: &LabelSelector,
    at: &[Seg<'_>],
) {
    for (i, expr) in selector.match_expressions.iter().flatten().enumerate() {
        let path = join(at, &[Seg::K("matchExpressions"), Seg::I(i)]);
        let values = expr.values.as_ref().map_or(0, Vec::len);
        let problem = match expr.operator.as_str() {
            "In" | "NotIn" if values == 0 => {
                Some(format!("operator {} needs values", expr.operator))
            }
            "Exists" | "DoesNotExist" if values > 0 => {
                Some(format!("operator {} takes no values", expr.operator))
            }
            "In" | "NotIn" | "Exists" | "DoesNotExist" => None,
            other => Some(format!(
                "operator {other:?} is not one of In, NotIn, Exists, DoesNotExist"
            )),
        };
        if let Some(problem) = problem {
            cx.on(
                &GK203,
                object.root,
                &join(&path, &[Seg::K("operator")]),
                format!("selector expression on {}: {problem}", expr.key),
            );
        }
        if let Some(why) = names::qualified_name(&expr.key) {
            cx.on(
                &GK202,
                object.root,
                &join(&path, &[Seg::K("key")]),
                format!("selector key {:?} is invalid: {why}", expr.key),
            );
        }
    }
}

/// Whether one selector expression holds for `labels`.
fn expression_holds(e: &LabelSelectorRequirement, labels: &BTreeMap<String, String>) -> bool {
    let values = e.values.as_deref().unwrap_or_default();
    match e.operator.as_str() {
        "In" => labels.get(&e.key).is_some_and(|v| values.contains(v)),
        "NotIn" => labels.get(&e.key).is_none_or(|v| !values.contains(v)),
        "Exists" => labels.contains_key(&e.key),
        "DoesNotExist" => !labels.contains_key(&e.key),
        _ => false,
    }
}

/// Whether `selector` selects pods labelled `labels` (an empty selector selects all).
pub(crate) fn selects(selector: &LabelSelector, labels: Option<&BTreeMap<String, String>>) -> bool {
    let empty = BTreeMap::new();
    let labels = labels.unwrap_or(&empty);
    let by_labels = selector
        .match_labels
        .iter()
        .flatten()
        .all(|(k, v)| labels.get(k) == Some(v));
    by_labels
        && selector
            .match_expressions
            .iter()
            .flatten()
            .all(|e| expression_holds(e, labels))
}

/// What of `selector` pods labelled `labels` fail, each as "it wants app=web, the
/// template has app=api".
fn unmet(selector: &LabelSelector, labels: Option<&BTreeMap<String, String>>) -> Vec<String> {
    let empty = BTreeMap::new();
    let labels = labels.unwrap_or(&empty);
    let has = |key: &str| match labels.get(key) {
        Some(value) => format!("the template has {key}={value}"),
        None => format!("the template has no {key} label"),
    };
    let mut unmet = Vec::new();
    for (k, v) in selector.match_labels.iter().flatten() {
        if labels.get(k) != Some(v) {
            unmet.push(format!("it wants {k}={v}, {}", has(k)));
        }
    }
    for e in selector.match_expressions.iter().flatten() {
        if !expression_holds(e, labels) {
            let values = e.values.as_deref().unwrap_or_default();
            let wanted = if values.is_empty() {
                format!("{} {}", e.key, e.operator)
            } else {
                format!("{} {} ({})", e.key, e.operator, values.join(", "))
            };
            unmet.push(format!("it wants {wanted}, {}", has(&e.key)));
        }
    }
    unmet
}

fn workload_selector(
    cx: &mut Cx<'_, '_>,
    object: &Object<'_>,
    selector: Option<&LabelSelector>,
    required: bool,
) {
    let at = [Seg::K("spec"), Seg::K("selector")];
    let Some(selector) = selector else { return };
    if !object.trusts(&at) {
        return;
    }
    selector_syntax(cx, object, selector, &at);
    let empty = selector
        .match_labels
        .as_ref()
        .is_none_or(BTreeMap::is_empty)
        && selector
            .match_expressions
            .as_ref()
            .is_none_or(Vec::is_empty);
    if empty {
        if required {
            cx.on(
                &GK203,
                object.root,
                &at,
                format!(
                    "{} has an empty selector, which the API server rejects",
                    object.display()
                ),
            );
        }
        return;
    }
    let Some(pod) = object.pod() else { return };
    if object.trusts(&join(pod.metadata_path, &[Seg::K("labels")]))
        && !selects(selector, pod.labels)
    {
        cx.on(
            &GK204,
            object.root,
            &at,
            format!(
                "the selector of {} does not match its template labels: {}",
                object.display(),
                unmet(selector, pod.labels).join("; ")
            ),
        );
    }
}

fn pod_values(cx: &mut Cx<'_, '_>, object: &Object<'_>, pod: &PodTemplate<'_>) {
    for (i, volume) in pod.spec.volumes.iter().flatten().enumerate() {
        let at = join(
            pod.spec_path,
            &[Seg::K("volumes"), Seg::I(i), Seg::K("name")],
        );
        if volume.name.is_empty() || !object.trusts(&at) {
            continue;
        }
        if let Some(why) = names::dns1123_label(&volume.name) {
            cx.on(
                &GK201,
                object.root,
                &at,
                format!(
                    "volume name {:?} is not a DNS-1123 label: {why}",
                    volume.name
                ),
            );
        }
    }
    restart_policy(cx, object, pod);
    spread_constraints(cx, object, pod);
    for (container, path, init) in containers(pod) {
        let name_at = join(&path, &[Seg::K("name")]);
        if !container.name.is_empty() && object.trusts(&name_at) {
            if let Some(why) = names::dns1123_label(&container.name) {
                cx.on(
                    &GK201,
                    object.root,
                    &name_at,
                    format!(
                        "container name {:?} is not a DNS-1123 label: {why}",
                        container.name
                    ),
                );
            }
        }
        container_ports(cx, object, container, &path);
        env_names(cx, object, container, &path);
        resources(cx, object, container, &path);
        if !init {
            for (field, probe) in [
                ("livenessProbe", &container.liveness_probe),
                ("readinessProbe", &container.readiness_probe),
                ("startupProbe", &container.startup_probe),
            ] {
                if let Some(probe) = probe {
                    probe_values(cx, object, probe, &join(&path, &[Seg::K(field)]), field);
                }
            }
        }
    }
}

fn container_ports(
    cx: &mut Cx<'_, '_>,
    object: &Object<'_>,
    container: &Container,
    path: &[Seg<'_>],
) {
    let mut named: Vec<(&str, usize)> = Vec::new();
    for (i, port) in container.ports.iter().flatten().enumerate() {
        let at = join(path, &[Seg::K("ports"), Seg::I(i)]);
        port_range(
            cx,
            object,
            &join(&at, &[Seg::K("containerPort")]),
            "containerPort",
            port.container_port,
        );
        if let Some(host) = port.host_port.filter(|p| *p != 0) {
            port_range(
                cx,
                object,
                &join(&at, &[Seg::K("hostPort")]),
                "hostPort",
                host,
            );
        }
        let name_at = join(&at, &[Seg::K("name")]);
        let Some(name) = port.name.as_deref().filter(|n| !n.is_empty()) else {
            continue;
        };
        if !object.trusts(&name_at) {
            continue;
        }
        if let Some(why) = names::iana_svc_name(name) {
            cx.on(
                &GK206,
                object.root,
                &name_at,
                format!("port name {name:?} is invalid: {why}"),
            );
        } else if let Some((_, first)) = named.iter().find(|(n, _)| *n == name) {
            cx.on(
                &GK215,
                object.root,
                &name_at,
                format!(
                    "port name {name} of container {} is already the name of ports[{first}] (Duplicate value: {name:?}); give each port its own name",
                    container.name
                ),
            );
        } else {
            named.push((name, i));
        }
    }
}

fn env_names(cx: &mut Cx<'_, '_>, object: &Object<'_>, container: &Container, path: &[Seg<'_>]) {
    let env = container.env.as_deref().unwrap_or_default();
    if env.len() < 2 {
        return;
    }
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, var) in env.iter().enumerate() {
        let at = join(path, &[Seg::K("env"), Seg::I(i), Seg::K("name")]);
        if var.name.is_empty() || !object.trusts(&at) {
            continue;
        }
        if let Some(first) = seen.insert(&var.name, i) {
            cx.on(
                &GK217,
                object.root,
                &at,
                format!(
                    "env var {} of container {} hides its previous definition at env[{first}], which may be dropped when using apply; keep one",
                    var.name, container.name
                ),
            );
        }
    }
}

/// `GK214`: the restart policies each kind takes.
fn restart_policy(cx: &mut Cx<'_, '_>, object: &Object<'_>, pod: &PodTemplate<'_>) {
    let at = join(pod.spec_path, &[Seg::K("restartPolicy")]);
    if !object.trusts(&at) {
        return;
    }
    let allowed: &[&str] = match object.typed {
        Some(Kind::Job(_)) | Some(Kind::CronJob(_)) => &["OnFailure", "Never"],
        Some(Kind::Pod(_)) => &["Always", "OnFailure", "Never"],
        _ => &["Always"],
    };
    let supported = allowed
        .iter()
        .map(|p| format!("{p:?}"))
        .collect::<Vec<_>>()
        .join(", ");
    match pod.spec.restart_policy.as_deref() {
        None if !allowed.contains(&"Always") => cx.on(
            &GK214,
            object.root,
            pod.spec_path,
            format!(
                "{} has no restartPolicy, so it defaults to Always, which the API server rejects for a {}: supported values: {supported}",
                object.display(),
                object.kind
            ),
        ),
        Some(policy) if !allowed.contains(&policy) => cx.on(
            &GK214,
            object.root,
            &at,
            format!(
                "restartPolicy {policy:?} of {} is an unsupported value for a {}: supported values: {supported}",
                object.display(),
                object.kind
            ),
        ),
        _ => {}
    }
}

/// `GK216`: what the API server validates in topology spread constraints.
fn spread_constraints(cx: &mut Cx<'_, '_>, object: &Object<'_>, pod: &PodTemplate<'_>) {
    const WHEN: [&str; 2] = ["DoNotSchedule", "ScheduleAnyway"];
    const POLICIES: [&str; 2] = ["Honor", "Ignore"];
    let constraints = pod
        .spec
        .topology_spread_constraints
        .as_deref()
        .unwrap_or_default();
    for (i, c) in constraints.iter().enumerate() {
        let at = join(
            pod.spec_path,
            &[Seg::K("topologySpreadConstraints"), Seg::I(i)],
        );
        let field = |name: &'static str| join(&at, &[Seg::K(name)]);
        let report = |cx: &mut Cx<'_, '_>, name: &'static str, message: String| {
            if object.trusts(&field(name)) {
                cx.on(
                    &GK216,
                    object.root,
                    &field(name),
                    format!("topologySpreadConstraints[{i}].{name} {message}"),
                );
            }
        };
        if c.max_skew <= 0 {
            report(
                cx,
                "maxSkew",
                format!("{} must be greater than zero", c.max_skew),
            );
        }
        if let Some(min) = c.min_domains {
            if min <= 0 {
                report(cx, "minDomains", format!("{min} must be greater than zero"));
            } else if c.when_unsatisfiable != "DoNotSchedule" {
                report(
                    cx,
                    "minDomains",
                    format!(
                        "{min} can only be used if whenUnsatisfiable=DoNotSchedule, not {:?}",
                        c.when_unsatisfiable
                    ),
                );
            }
        }
        let when = c.when_unsatisfiable.as_str();
        if !WHEN.contains(&when) {
            let near = WHEN
                .iter()
                .find(|w| w.eq_ignore_ascii_case(when))
                .map_or_else(String::new, |w| format!("; did you mean {w}"));
            report(
                cx,
                "whenUnsatisfiable",
                format!("{when:?} is an unsupported value: supported values: \"DoNotSchedule\", \"ScheduleAnyway\"{near}"),
            );
        }
        if c.topology_key.is_empty() {
            report(cx, "topologyKey", "can not be empty".into());
        }
        for (name, policy) in [
            ("nodeAffinityPolicy", &c.node_affinity_policy),
            ("nodeTaintsPolicy", &c.node_taints_policy),
        ] {
            if let Some(policy) = policy.as_deref().filter(|p| !POLICIES.contains(p)) {
                report(
                    cx,
                    name,
                    format!("{policy:?} is an unsupported value: supported values: \"Honor\", \"Ignore\""),
                );
            }
        }
        let repeated = constraints[..i].iter().position(|earlier| {
            earlier.topology_key == c.topology_key
                && earlier.when_unsatisfiable == c.when_unsatisfiable
        });
        if let (Some(first), false) = (repeated, c.topology_key.is_empty()) {
            report(
                cx,
                "topologyKey",
                format!(
                    "{:?} with whenUnsatisfiable {when} repeats topologySpreadConstraints[{first}] (Duplicate value)",
                    c.topology_key
                ),
            );
        }
    }
}

/// Reports a port number outside 1–65535, unless it is a placeholder.
fn port_range(cx: &mut Cx<'_, '_>, object: &Object<'_>, path: &[Seg<'_>], what: &str, port: i32) {
    if !(1..=65535).contains(&port) && object.trusts(path) {
        cx.on(
            &GK205,
            object.root,
            path,
            format!("{what} {port} is outside 1-65535"),
        );
    }
}

/// A port given as a number or a name (targetPort, probe ports).
fn int_or_name(
    cx: &mut Cx<'_, '_>,
    object: &Object<'_>,
    path: &[Seg<'_>],
    what: &str,
    port: &IntOrString,
) {
    match port {
        IntOrString::Int(n) => port_range(cx, object, path, what, *n),
        IntOrString::String(name) => {
            if let Some(why) = names::iana_svc_name(name).filter(|_| object.trusts(path)) {
                cx.on(
                    &GK206,
                    object.root,
                    path,
                    format!("{what} {name:?} is not a valid port name: {why}"),
                );
            }
        }
    }
}

fn resources(cx: &mut Cx<'_, '_>, object: &Object<'_>, container: &Container, path: &[Seg<'_>]) {
    let Some(resources) = container.resources.as_ref() else {
        return;
    };
    let mut parsed: [BTreeMap<&str, f64>; 2] = [BTreeMap::new(), BTreeMap::new()];
    for (slot, (field, map)) in [
        ("requests", &resources.requests),
        ("limits", &resources.limits),
    ]
    .into_iter()
    .enumerate()
    {
        for (resource, q) in map.iter().flatten() {
            let at = join(
                path,
                &[Seg::K("resources"), Seg::K(field), Seg::K(resource)],
            );
            if !object.trusts(&at) {
                continue;
            }
            match quantity::parse(&q.0) {
                Ok(v) if v < 0.0 => cx.on(
                    &GK207,
                    object.root,
                    &at,
                    format!("{field}.{resource} {} is negative", q.0),
                ),
                Ok(v) => {
                    parsed[slot].insert(resource.as_str(), v);
                }
                Err(why) => cx.on(
                    &GK207,
                    object.root,
                    &at,
                    format!("{field}.{resource} is not a quantity: {why}"),
                ),
            }
        }
    }
    let [requests, limits] = parsed;
    for (resource, request) in &requests {
        if let Some(limit) = limits.get(resource) {
            if request > limit {
                cx.on(
                    &GK208,
                    object.root,
                    &join(
                        path,
                        &[Seg::K("resources"), Seg::K("requests"), Seg::K(resource)],
                    ),
                    format!(
                        "container {} requests {resource} {} above its limit {}",
                        container.name,
                        quantity_text(&resources.requests, resource),
                        quantity_text(&resources.limits, resource)
                    ),
                );
            }
        }
    }
}

/// The text of one quantity of a requests or limits map.
fn quantity_text(map: &Option<BTreeMap<String, Quantity>>, resource: &str) -> String {
    map.as_ref()
        .and_then(|m| m.get(resource))
        .map_or_else(String::new, |q| q.0.clone())
}

fn probe_values(
    cx: &mut Cx<'_, '_>,
    object: &Object<'_>,
    probe: &Probe,
    path: &[Seg<'_>],
    field: &str,
) {
    let trusted = |name: &str| object.trusts(&join(path, &[Seg::K(name)]));
    let handlers = [
        ("httpGet", probe.http_get.is_some()),
        ("tcpSocket", probe.tcp_socket.is_some()),
        ("grpc", probe.grpc.is_some()),
        ("exec", probe.exec.is_some()),
    ];
    let count = handlers.iter().filter(|(_, set)| *set).count();
    if count != 1 && handlers.iter().all(|(name, _)| trusted(name)) {
        let how_many = match count {
            0 => "no handler".to_owned(),
            n => format!("{n} handlers"),
        };
        cx.on(
            &GK209,
            object.root,
            path,
            format!(
                "{field} has {how_many}; it needs exactly one of httpGet, tcpSocket, grpc or exec"
            ),
        );
    }
    if let Some(get) = &probe.http_get {
        int_or_name(
            cx,
            object,
            &join(path, &[Seg::K("httpGet"), Seg::K("port")]),
            "probe port",
            &get.port,
        );
    }
    if let Some(tcp) = &probe.tcp_socket {
        int_or_name(
            cx,
            object,
            &join(path, &[Seg::K("tcpSocket"), Seg::K("port")]),
            "probe port",
            &tcp.port,
        );
    }
    if let Some(grpc) = &probe.grpc {
        port_range(
            cx,
            object,
            &join(path, &[Seg::K("grpc"), Seg::K("port")]),
            "probe port",
            grpc.port,
        );
    }
    for (name, value) in [
        ("initialDelaySeconds", probe.initial_delay_seconds),
        ("timeoutSeconds", probe.timeout_seconds),
        ("periodSeconds", probe.period_seconds),
        ("successThreshold", probe.success_threshold),
        ("failureThreshold", probe.failure_threshold),
    ] {
        if !trusted(name) {
            continue;
        }
        let at = join(path, &[Seg::K(name)]);
        match value {
            Some(v) if v < 0 => cx.on(
                &GK210,
                object.root,
                &at,
                format!("{field}.{name} {v} is negative"),
            ),
            Some(0) if name.ends_with("Threshold") || name == "periodSeconds" => cx.on(
                &GK211,
                object.root,
                &at,
                format!("{field}.{name} 0 is replaced by the default; set the value you mean"),
            ),
            _ => {}
        }
    }
    if field != "readinessProbe"
        && trusted("successThreshold")
        && probe.success_threshold.is_some_and(|s| s > 1)
    {
        cx.on(
            &GK210,
            object.root,
            &join(path, &[Seg::K("successThreshold")]),
            format!("{field}.successThreshold must be 1"),
        );
    }
    let timeout = probe.timeout_seconds.unwrap_or(1);
    let period = probe.period_seconds.unwrap_or(10);
    if timeout >= period && period > 0 && trusted("timeoutSeconds") && trusted("periodSeconds") {
        cx.on(
            &GK211,
            object.root,
            &join(path, &[Seg::K("timeoutSeconds")]),
            format!("{field}.timeoutSeconds {timeout} is not shorter than periodSeconds {period}, so probes overlap"),
        );
    }
}

fn service_ports(cx: &mut Cx<'_, '_>, object: &Object<'_>) {
    let Some(Kind::Service(service)) = object.typed.as_ref() else {
        return;
    };
    let Some(spec) = service.spec.as_ref() else {
        return;
    };
    let ports = spec.ports.as_deref().unwrap_or_default();
    let kind = spec.type_.as_deref().unwrap_or("ClusterIP");
    let headless = spec.cluster_ip.as_deref() == Some("None");
    if ports.is_empty()
        && kind != "ExternalName"
        && !headless
        && object.trusts(&[Seg::K("spec"), Seg::K("ports")])
    {
        cx.on(
            &GK212,
            object.root,
            &[Seg::K("spec")],
            format!("{} has no ports", object.display()),
        );
    }
    for (i, port) in ports.iter().enumerate() {
        let at = [Seg::K("spec"), Seg::K("ports"), Seg::I(i)];
        port_range(cx, object, &join(&at, &[Seg::K("port")]), "port", port.port);
        if let Some(target) = &port.target_port {
            int_or_name(
                cx,
                object,
                &join(&at, &[Seg::K("targetPort")]),
                "targetPort",
                target,
            );
        }
        if let Some(node_port) = port.node_port.filter(|p| *p != 0) {
            let node_port_at = join(&at, &[Seg::K("nodePort")]);
            if !(30000..=32767).contains(&node_port) && object.trusts(&node_port_at) {
                cx.on(
                    &GK205,
                    object.root,
                    &node_port_at,
                    format!(
                        "nodePort {node_port} is outside the default NodePort range 30000-32767"
                    ),
                );
            }
        }
        if !object.trusts(&at) {
            continue;
        }
        if ports.len() > 1 && port.name.as_deref().unwrap_or_default().is_empty() {
            cx.on(
                &GK212,
                object.root,
                &at,
                format!(
                    "port {} needs a name: the Service has {} ports",
                    port.port,
                    ports.len()
                ),
            );
        }
        let earlier = &ports[..i];
        if let Some(name) = port.name.as_deref().filter(|n| !n.is_empty()) {
            if earlier.iter().any(|p| p.name.as_deref() == Some(name)) {
                cx.on(
                    &GK212,
                    object.root,
                    &join(&at, &[Seg::K("name")]),
                    format!("port name {name} is used twice"),
                );
            }
        }
        let protocol = port.protocol.as_deref().unwrap_or("TCP");
        if earlier
            .iter()
            .any(|p| p.port == port.port && p.protocol.as_deref().unwrap_or("TCP") == protocol)
        {
            cx.on(
                &GK212,
                object.root,
                &join(&at, &[Seg::K("port")]),
                format!("port {}/{protocol} is listed twice", port.port),
            );
        }
    }
}
