//! References between the objects of a stream (`GK3xx`): Service selectors and target
//! ports, Ingress backends and TLS secrets, ConfigMap and Secret references, probe
//! ports, HPA targets, NetworkPolicy and PDB selectors, and duplicate objects.
//!
//! A stream is often a part of what runs in the cluster (one file of a bundle), so a
//! reference to an object that is absent is reported only when the stream holds
//! objects of that kind at all: a lone `deployment.yaml` naming a ConfigMap is fine,
//! a stream with ConfigMaps but not the named one is suspicious. The [`Index`] makes
//! every lookup a hash probe, so the checks stay linear in the stream.

use std::collections::{BTreeMap, HashMap};

use k8s_openapi::api::core::v1::{Container, Probe, Secret, Service};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::objects::{Kind, Object};
use super::values::{containers, join, selects};
use super::{Cx, Seg};
use crate::validate::{Rule, Severity};

pub const GK301: Rule = Rule {
    id: "GK301",
    title: "Service selects no pods of the stream",
    severity: Severity::Warning,
    why: "A Service whose selector matches no pod template gets no endpoints: every \
          request fails. Reported when the stream has workloads but none match.",
    bad_example: concat!("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: wbe\n  ports:\n  - port: 80\n    targetPort: http\n---\n", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n        ports:\n        - name: http\n          containerPort: 8080\n"),
    good_example: concat!("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: http\n---\n", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n        ports:\n        - name: http\n          containerPort: 8080\n"),
};

pub const GK302: Rule = Rule {
    id: "GK302",
    title: "Service targetPort names no port of the selected pods",
    severity: Severity::Error,
    why: "A named targetPort is looked up among the selected containers' ports; when no \
          container declares it, the Service has no endpoints.",
    bad_example: concat!("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: web\n---\n", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n        ports:\n        - name: http\n          containerPort: 8080\n"),
    good_example: concat!("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: http\n---\n", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n        ports:\n        - name: http\n          containerPort: 8080\n"),
};

pub const GK303: Rule = Rule {
    id: "GK303",
    title: "Service targetPort not declared by the selected pods",
    severity: Severity::Warning,
    why: "A numeric targetPort works without a containerPort declaration, but when the \
          pods declare their ports and none is this one, the Service most likely points \
          at the wrong port (80 instead of 8080).",
    bad_example: concat!("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: 80\n---\n", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n        ports:\n        - name: http\n          containerPort: 8080\n"),
    good_example: concat!("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: 8080\n---\n", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n        ports:\n        - name: http\n          containerPort: 8080\n"),
};

pub const GK304: Rule = Rule {
    id: "GK304",
    title: "Ingress backend Service not in the stream",
    severity: Severity::Warning,
    why: "An Ingress that routes to a Service that does not exist answers 503. Reported \
          when the stream has Services but not the named one.",
    bad_example: "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - name: http\n    port: 80\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  defaultBackend:\n    service:\n      name: api\n      port:\n        name: http\n",
    good_example: "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - name: http\n    port: 80\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  defaultBackend:\n    service:\n      name: web\n      port:\n        name: http\n",
};

pub const GK305: Rule = Rule {
    id: "GK305",
    title: "Ingress backend port is not a port of the Service",
    severity: Severity::Error,
    why: "The backend port must be one of the Service's ports, by number or by name; \
          otherwise the controller has nowhere to send the request.",
    bad_example: "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - name: http\n    port: 80\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  defaultBackend:\n    service:\n      name: web\n      port:\n        number: 8080\n",
    good_example: "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - name: http\n    port: 80\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  defaultBackend:\n    service:\n      name: web\n      port:\n        number: 80\n",
};

pub const GK306: Rule = Rule {
    id: "GK306",
    title: "Ingress TLS secret not in the stream",
    severity: Severity::Info,
    why: "The TLS secret may already exist in the cluster (or come from cert-manager); if \
          it does not, the controller serves its default certificate.",
    bad_example: "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  tls:\n  - hosts: [web.example.com]\n    secretName: web-tls\n",
    good_example: "apiVersion: v1\nkind: Secret\nmetadata:\n  name: web-tls\ntype: kubernetes.io/tls\ndata:\n  tls.crt: Y3J0\n  tls.key: a2V5\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  tls:\n  - hosts: [web.example.com]\n    secretName: web-tls\n",
};

pub const GK307: Rule = Rule {
    id: "GK307",
    title: "Ingress TLS secret is not a TLS secret",
    severity: Severity::Error,
    why: "Ingress controllers read `tls.crt` and `tls.key` from a Secret of type \
          `kubernetes.io/tls`; an Opaque secret or missing keys fall back to the default \
          certificate.",
    bad_example: "apiVersion: v1\nkind: Secret\nmetadata:\n  name: web-tls\ntype: Opaque\ndata:\n  cert: Y3J0\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  tls:\n  - hosts: [web.example.com]\n    secretName: web-tls\n",
    good_example: "apiVersion: v1\nkind: Secret\nmetadata:\n  name: web-tls\ntype: kubernetes.io/tls\ndata:\n  tls.crt: Y3J0\n  tls.key: a2V5\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  tls:\n  - hosts: [web.example.com]\n    secretName: web-tls\n",
};

pub const GK308: Rule = Rule {
    id: "GK308",
    title: "referenced ConfigMap or Secret not in the stream",
    severity: Severity::Warning,
    why: "A pod that needs a missing ConfigMap or Secret (envFrom, valueFrom, volumes) \
          never starts (`CreateContainerConfigError`). Reported when the stream has objects \
          of that kind but not the named one; `optional: true` silences it.",
    bad_example: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    envFrom:\n    - configMapRef:\n        name: web-config\n",
    good_example: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    envFrom:\n    - configMapRef:\n        name: web\n",
};

pub const GK309: Rule = Rule {
    id: "GK309",
    title: "referenced key not in the ConfigMap or Secret",
    severity: Severity::Error,
    why: "A `configMapKeyRef`/`secretKeyRef` or volume item naming a key the object does \
          not have stops the pod from starting, unless the reference is optional.",
    bad_example: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  LOG_LEVEL: info\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    env:\n    - name: LOG_LEVEL\n      valueFrom:\n        configMapKeyRef:\n          name: web\n          key: LOGLEVEL\n",
    good_example: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  LOG_LEVEL: info\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    env:\n    - name: LOG_LEVEL\n      valueFrom:\n        configMapKeyRef:\n          name: web\n          key: LOG_LEVEL\n",
};

pub const GK310: Rule = Rule {
    id: "GK310",
    title: "probe names a port the container does not declare",
    severity: Severity::Error,
    why: "A probe's named port is resolved among the container's own ports; an unknown \
          name makes every probe fail, so the pod never becomes ready (or is restarted).",
    bad_example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    ports:\n    - name: http\n      containerPort: 8080\n    readinessProbe:\n      httpGet:\n        path: /readyz\n        port: web\n",
    good_example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    ports:\n    - name: http\n      containerPort: 8080\n    readinessProbe:\n      httpGet:\n        path: /readyz\n        port: http\n",
};

pub const GK311: Rule = Rule {
    id: "GK311",
    title: "HorizontalPodAutoscaler target not in the stream",
    severity: Severity::Warning,
    why: "An HPA whose scaleTargetRef names no object scales nothing. Reported when the \
          stream has objects of the target's kind but not the named one.",
    bad_example: concat!("apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: api\n  maxReplicas: 5\n---\n", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n        ports:\n        - name: http\n          containerPort: 8080\n"),
    good_example: concat!("apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n  maxReplicas: 5\n---\n", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n        ports:\n        - name: http\n          containerPort: 8080\n"),
};

pub const GK312: Rule = Rule {
    id: "GK312",
    title: "NetworkPolicy selects no pods of the stream",
    severity: Severity::Warning,
    why: "A NetworkPolicy whose podSelector matches no pod protects nothing, usually \
          because of a label typo. An empty selector (all pods) is fine.",
    bad_example: concat!("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web\nspec:\n  podSelector:\n    matchLabels:\n      app: wbe\n---\n", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n        ports:\n        - name: http\n          containerPort: 8080\n"),
    good_example: concat!("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web\nspec:\n  podSelector:\n    matchLabels:\n      app: web\n---\n", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n        ports:\n        - name: http\n          containerPort: 8080\n"),
};

pub const GK313: Rule = Rule {
    id: "GK313",
    title: "PodDisruptionBudget selects no pods of the stream",
    severity: Severity::Warning,
    why: "A PodDisruptionBudget that matches no pods does not protect the workload it was \
          written for during node drains.",
    bad_example: concat!("apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels:\n      app: wbe\n---\n", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n        ports:\n        - name: http\n          containerPort: 8080\n"),
    good_example: concat!("apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels:\n      app: web\n---\n", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n        ports:\n        - name: http\n          containerPort: 8080\n"),
};

pub const GK314: Rule = Rule {
    id: "GK314",
    title: "duplicate object",
    severity: Severity::Error,
    why: "Two objects with the same group, kind, namespace and name overwrite each other: \
          the last one applied wins and the first silently disappears.",
    bad_example: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n",
    good_example: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-extra\n",
};

/// A pod template of the stream.
struct PodEntry<'o> {
    object: usize,
    namespace: Option<&'o str>,
    labels: Option<&'o BTreeMap<String, String>>,
}

/// The objects of a stream indexed for lookups by kind and name and by pod label.
pub struct Index<'o> {
    by_name: HashMap<(&'o str, &'o str), Vec<usize>>,
    kinds: HashMap<&'o str, usize>,
    pods: Vec<PodEntry<'o>>,
    by_label: HashMap<(&'o str, &'o str), Vec<usize>>,
    /// Some pod template's labels are of the wrong type: a selector that matches no
    /// pod may match those, so "selects nothing" is not said.
    unsure_labels: bool,
}

/// Two namespaces can be the same: equal, or one left to the current namespace.
fn same_namespace(a: Option<&str>, b: Option<&str>) -> bool {
    a.is_none() || b.is_none() || a == b
}

impl<'o> Index<'o> {
    pub fn new(objects: &'o [Object<'o>]) -> Index<'o> {
        let mut index = Index {
            by_name: HashMap::new(),
            kinds: HashMap::new(),
            pods: Vec::new(),
            by_label: HashMap::new(),
            unsure_labels: false,
        };
        for (i, object) in objects.iter().enumerate() {
            *index.kinds.entry(object.kind).or_default() += 1;
            if let Some(name) = object.name {
                index
                    .by_name
                    .entry((object.kind, name))
                    .or_default()
                    .push(i);
            }
            if let Some(pod) = object.pod() {
                if !object.trusts(&join(pod.metadata_path, &[Seg::K("labels")])) {
                    index.unsure_labels = true;
                }
                let p = index.pods.len();
                for (k, v) in pod.labels.iter().flat_map(|l| l.iter()) {
                    index
                        .by_label
                        .entry((k.as_str(), v.as_str()))
                        .or_default()
                        .push(p);
                }
                index.pods.push(PodEntry {
                    object: i,
                    namespace: object.namespace,
                    labels: pod.labels,
                });
            }
        }
        index
    }

    /// Whether the stream has any object of `kind`.
    pub fn has_kind(&self, kind: &str) -> bool {
        self.kinds.contains_key(kind)
    }

    /// Whether the stream has any pod template, all of them with labels as written:
    /// then a selector that matches none of them selects nothing.
    pub fn has_pods(&self) -> bool {
        !self.pods.is_empty() && !self.unsure_labels
    }

    /// The object of `kind` named `name` in a namespace compatible with `namespace`.
    pub fn find<'x>(
        &self,
        objects: &'x [Object<'x>],
        kind: &str,
        namespace: Option<&str>,
        name: &str,
    ) -> Option<&'x Object<'x>> {
        self.by_name
            .get(&(kind, name))?
            .iter()
            .map(|i| &objects[*i])
            .find(|o| same_namespace(o.namespace, namespace))
    }

    /// The indices (into the objects) of the workloads whose pods `selector` selects.
    pub fn select(&self, namespace: Option<&str>, selector: &LabelSelector) -> Vec<usize> {
        let candidates: Box<dyn Iterator<Item = usize>> = match selector
            .match_labels
            .iter()
            .flatten()
            .map(|(k, v)| self.by_label.get(&(k.as_str(), v.as_str())))
            .min_by_key(|posting| posting.map_or(0, Vec::len))
        {
            Some(None) => return Vec::new(),
            Some(Some(posting)) => Box::new(posting.iter().copied()),
            None => Box::new(0..self.pods.len()),
        };
        candidates
            .map(|p| &self.pods[p])
            .filter(|p| same_namespace(p.namespace, namespace) && selects(selector, p.labels))
            .map(|p| p.object)
            .collect()
    }

    /// Like [`Index::select`] for a plain label map (a Service selector).
    pub fn select_labels(
        &self,
        namespace: Option<&str>,
        labels: &BTreeMap<String, String>,
    ) -> Vec<usize> {
        self.select(
            namespace,
            &LabelSelector {
                match_labels: Some(labels.clone()),
                ..Default::default()
            },
        )
    }
}

/// Runs the reference checks.
pub fn check(cx: &mut Cx<'_, '_>, objects: &[Object<'_>], index: &Index<'_>) {
    duplicates(cx, objects);
    for object in objects {
        match object.typed.as_ref() {
            Some(Kind::Service(service)) => service_refs(cx, objects, index, object, service),
            Some(Kind::Ingress(ingress)) => {
                let Some(spec) = ingress.spec.as_ref() else {
                    continue;
                };
                if let Some(backend) = spec
                    .default_backend
                    .as_ref()
                    .and_then(|b| b.service.as_ref())
                {
                    // The v1beta1 shape calls the default backend `backend`.
                    let field = if object.legacy_ingress() {
                        "backend"
                    } else {
                        "defaultBackend"
                    };
                    ingress_backend(
                        cx,
                        objects,
                        index,
                        object,
                        backend,
                        &[Seg::K("spec"), Seg::K(field)],
                    );
                }
                for (r, rule) in spec.rules.iter().flatten().enumerate() {
                    for (p, path) in rule.http.iter().flat_map(|h| h.paths.iter()).enumerate() {
                        if let Some(backend) = path.backend.service.as_ref() {
                            let at = [
                                Seg::K("spec"),
                                Seg::K("rules"),
                                Seg::I(r),
                                Seg::K("http"),
                                Seg::K("paths"),
                                Seg::I(p),
                                Seg::K("backend"),
                            ];
                            ingress_backend(cx, objects, index, object, backend, &at);
                        }
                    }
                }
                for (t, tls) in spec.tls.iter().flatten().enumerate() {
                    let at = [
                        Seg::K("spec"),
                        Seg::K("tls"),
                        Seg::I(t),
                        Seg::K("secretName"),
                    ];
                    if let Some(secret) = tls.secret_name.as_deref().filter(|_| object.trusts(&at))
                    {
                        tls_secret(cx, objects, index, object, secret, &at);
                    }
                }
            }
            Some(Kind::HorizontalPodAutoscaler(hpa)) => {
                let target = &hpa.spec.scale_target_ref;
                if object.trusts(&[Seg::K("spec"), Seg::K("scaleTargetRef")])
                    && index.has_kind(&target.kind)
                    && index
                        .find(objects, &target.kind, object.namespace, &target.name)
                        .is_none()
                {
                    cx.on(
                        &GK311,
                        object.root,
                        &[Seg::K("spec"), Seg::K("scaleTargetRef"), Seg::K("name")],
                        format!(
                            "{} scales {}/{}, which is not in the stream",
                            object.display(),
                            target.kind,
                            target.name
                        ),
                    );
                }
            }
            Some(Kind::NetworkPolicy(policy)) => {
                let selector = policy.spec.as_ref().and_then(|s| s.pod_selector.as_ref());
                let trusted = object.trusts(&[Seg::K("spec"), Seg::K("podSelector")]);
                if let Some(selector) =
                    selector.filter(|s| trusted && *s != &LabelSelector::default())
                {
                    if index.has_pods() && index.select(object.namespace, selector).is_empty() {
                        cx.on(
                            &GK312,
                            object.root,
                            &[Seg::K("spec"), Seg::K("podSelector")],
                            format!("{} selects no pods of the stream", object.display()),
                        );
                    }
                }
            }
            Some(Kind::PodDisruptionBudget(pdb)) => {
                let trusted = object.trusts(&[Seg::K("spec"), Seg::K("selector")]);
                if let Some(selector) = pdb
                    .spec
                    .as_ref()
                    .and_then(|s| s.selector.as_ref())
                    .filter(|_| trusted)
                {
                    if index.has_pods() && index.select(object.namespace, selector).is_empty() {
                        cx.on(
                            &GK313,
                            object.root,
                            &[Seg::K("spec"), Seg::K("selector")],
                            format!("{} selects no pods of the stream", object.display()),
                        );
                    }
                }
            }
            _ => {}
        }
        if object.pod().is_some() {
            pod_refs(cx, objects, index, object);
        }
    }
}

fn duplicates(cx: &mut Cx<'_, '_>, objects: &[Object<'_>]) {
    let mut seen: HashMap<(&str, &str, Option<&str>, &str), usize> = HashMap::new();
    for (i, object) in objects.iter().enumerate() {
        let Some(name) = object.name else { continue };
        let key = (object.group(), object.kind, object.namespace, name);
        if let Some(first) = seen.insert(key, i) {
            let line = cx.stream.pos(objects[first].root).line;
            cx.on(
                &GK314,
                object.root,
                &[Seg::K("metadata"), Seg::K("name")],
                format!(
                    "{} is defined twice (first at line {line}); the later one replaces it",
                    object.display()
                ),
            );
        }
    }
}

/// The ports a workload's containers declare: (name, number); none when one of them
/// is a placeholder, so what the pods declare is not known.
fn declared_ports<'x>(object: &'x Object<'x>) -> Option<Vec<(Option<&'x str>, i32)>> {
    let Some(pod) = object.pod() else {
        return Some(Vec::new());
    };
    let mut ports = Vec::new();
    for (container, path, _) in containers(&pod).filter(|(_, _, init)| !init) {
        if !object.trusts(&join(&path, &[Seg::K("ports")])) {
            return None;
        }
        ports.extend(
            container
                .ports
                .iter()
                .flatten()
                .map(|p| (p.name.as_deref(), p.container_port)),
        );
    }
    Some(ports)
}

fn service_refs(
    cx: &mut Cx<'_, '_>,
    objects: &[Object<'_>],
    index: &Index<'_>,
    object: &Object<'_>,
    service: &Service,
) {
    let Some(spec) = service.spec.as_ref() else {
        return;
    };
    let Some(selector) = spec.selector.as_ref().filter(|s| !s.is_empty()) else {
        return;
    };
    if !index.has_pods() || !object.trusts(&[Seg::K("spec"), Seg::K("selector")]) {
        return;
    }
    let selected = index.select_labels(object.namespace, selector);
    if selected.is_empty() {
        cx.on(
            &GK301,
            object.root,
            &[Seg::K("spec"), Seg::K("selector")],
            format!(
                "the selector of {} matches no pod template in the stream",
                object.display()
            ),
        );
        return;
    }
    let Some(ports) = selected
        .iter()
        .map(|i| declared_ports(&objects[*i]))
        .collect::<Option<Vec<_>>>()
    else {
        return;
    };
    let ports: Vec<(Option<&str>, i32)> = ports.into_iter().flatten().collect();
    for (i, port) in spec.ports.iter().flatten().enumerate() {
        let at = [
            Seg::K("spec"),
            Seg::K("ports"),
            Seg::I(i),
            Seg::K("targetPort"),
        ];
        if !object.trusts(&[Seg::K("spec"), Seg::K("ports"), Seg::I(i)]) {
            continue;
        }
        match port.target_port.as_ref() {
            Some(IntOrString::String(name)) => {
                if !ports.iter().any(|(n, _)| *n == Some(name.as_str())) {
                    cx.on(
                        &GK302,
                        object.root,
                        &at,
                        format!(
                            "targetPort {name} of {} is not a port name of the selected pods",
                            object.display()
                        ),
                    );
                }
            }
            target => {
                let number = match target {
                    Some(IntOrString::Int(n)) => *n,
                    _ => port.port,
                };
                if !ports.is_empty() && !ports.iter().any(|(_, p)| *p == number) {
                    let declared: Vec<String> = ports.iter().map(|(_, p)| p.to_string()).collect();
                    cx.on(
                        &GK303,
                        object.root,
                        &at,
                        format!(
                            "targetPort {number} of {} is not a containerPort of the selected pods ({})",
                            object.display(),
                            declared.join(", ")
                        ),
                    );
                }
            }
        }
    }
}

fn ingress_backend(
    cx: &mut Cx<'_, '_>,
    objects: &[Object<'_>],
    index: &Index<'_>,
    object: &Object<'_>,
    backend: &k8s_openapi::api::networking::v1::IngressServiceBackend,
    at: &[Seg<'_>],
) {
    // The v1beta1 shape writes `serviceName` and `servicePort` in the backend itself.
    let (name_at, port_at) = if object.legacy_ingress() {
        (
            join(at, &[Seg::K("serviceName")]),
            join(at, &[Seg::K("servicePort")]),
        )
    } else {
        (
            join(at, &[Seg::K("service"), Seg::K("name")]),
            join(at, &[Seg::K("service"), Seg::K("port")]),
        )
    };
    if !object.trusts(at) {
        return;
    }
    let Some(target) = index.find(objects, "Service", object.namespace, &backend.name) else {
        if index.has_kind("Service") {
            cx.on(
                &GK304,
                object.root,
                &name_at,
                format!(
                    "{} routes to Service {}, which is not in the stream",
                    object.display(),
                    backend.name
                ),
            );
        }
        return;
    };
    let Some(Kind::Service(service)) = target.typed.as_ref() else {
        return;
    };
    let Some(port) = backend.port.as_ref() else {
        return;
    };
    if !target.trusts(&[Seg::K("spec"), Seg::K("ports")]) {
        return;
    }
    let ports = service
        .spec
        .as_ref()
        .and_then(|s| s.ports.as_deref())
        .unwrap_or_default();
    let found = match (&port.name, port.number) {
        (Some(name), _) => ports
            .iter()
            .any(|p| p.name.as_deref() == Some(name.as_str())),
        (None, Some(number)) => ports.iter().any(|p| p.port == number),
        (None, None) => true,
    };
    if !found {
        let wanted = port
            .name
            .clone()
            .unwrap_or_else(|| port.number.unwrap_or(0).to_string());
        let offered: Vec<String> = ports
            .iter()
            .map(|p| match &p.name {
                Some(n) => format!("{n} ({})", p.port),
                None => p.port.to_string(),
            })
            .collect();
        cx.on(
            &GK305,
            object.root,
            &port_at,
            format!(
                "{} routes to port {wanted} of Service {}, which offers {}",
                object.display(),
                backend.name,
                offered.join(", ")
            ),
        );
    }
}

fn tls_secret(
    cx: &mut Cx<'_, '_>,
    objects: &[Object<'_>],
    index: &Index<'_>,
    object: &Object<'_>,
    name: &str,
    at: &[Seg<'_>],
) {
    let Some(secret) = index.find(objects, "Secret", object.namespace, name) else {
        cx.on(
            &GK306,
            object.root,
            at,
            format!("TLS secret {name} is not in the stream; make sure it exists in the cluster"),
        );
        return;
    };
    let Some(Kind::Secret(secret)) = secret.typed.as_ref() else {
        return;
    };
    let keys = secret_keys(secret);
    let is_tls = secret.type_.as_deref() == Some("kubernetes.io/tls");
    if !is_tls || !keys.contains(&"tls.crt") || !keys.contains(&"tls.key") {
        cx.on(
            &GK307,
            object.root,
            at,
            format!(
                "TLS secret {name} is of type {} with keys {}; an Ingress needs type kubernetes.io/tls with tls.crt and tls.key",
                secret.type_.as_deref().unwrap_or("Opaque"),
                keys.join(", ")
            ),
        );
    }
}

fn secret_keys(secret: &Secret) -> Vec<&str> {
    let data = secret.data.iter().flat_map(|d| d.keys());
    let string_data = secret.string_data.iter().flat_map(|d| d.keys());
    data.chain(string_data).map(String::as_str).collect()
}

/// The keys of the ConfigMap or Secret `name`, if it is typed in the stream.
fn keys_of<'x>(
    objects: &'x [Object<'x>],
    index: &Index<'_>,
    kind: &str,
    namespace: Option<&str>,
    name: &str,
) -> Option<Vec<&'x str>> {
    match index.find(objects, kind, namespace, name)?.typed.as_ref()? {
        Kind::ConfigMap(c) => Some(
            c.data
                .iter()
                .flat_map(|d| d.keys())
                .chain(c.binary_data.iter().flat_map(|d| d.keys()))
                .map(String::as_str)
                .collect(),
        ),
        Kind::Secret(s) => Some(secret_keys(s)),
        _ => None,
    }
}

/// A reference to a ConfigMap or Secret (and maybe one of its keys) at a path.
struct Reference<'r> {
    kind: &'static str,
    name: &'r str,
    key: Option<&'r str>,
    optional: bool,
    at: Vec<Seg<'r>>,
}

fn pod_refs(cx: &mut Cx<'_, '_>, objects: &[Object<'_>], index: &Index<'_>, object: &Object<'_>) {
    let Some(pod) = object.pod() else { return };
    let mut refs: Vec<Reference<'_>> = Vec::new();
    for (container, path, init) in containers(&pod) {
        for (i, from) in container.env_from.iter().flatten().enumerate() {
            let at = join(&path, &[Seg::K("envFrom"), Seg::I(i)]);
            if let Some(c) = &from.config_map_ref {
                refs.push(Reference {
                    kind: "ConfigMap",
                    name: &c.name,
                    key: None,
                    optional: c.optional == Some(true),
                    at: join(&at, &[Seg::K("configMapRef"), Seg::K("name")]),
                });
            }
            if let Some(s) = &from.secret_ref {
                refs.push(Reference {
                    kind: "Secret",
                    name: &s.name,
                    key: None,
                    optional: s.optional == Some(true),
                    at: join(&at, &[Seg::K("secretRef"), Seg::K("name")]),
                });
            }
        }
        for (i, var) in container.env.iter().flatten().enumerate() {
            let Some(from) = var.value_from.as_ref() else {
                continue;
            };
            let at = join(&path, &[Seg::K("env"), Seg::I(i), Seg::K("valueFrom")]);
            if let Some(c) = &from.config_map_key_ref {
                refs.push(Reference {
                    kind: "ConfigMap",
                    name: &c.name,
                    key: Some(&c.key),
                    optional: c.optional == Some(true),
                    at: join(&at, &[Seg::K("configMapKeyRef"), Seg::K("key")]),
                });
            }
            if let Some(s) = &from.secret_key_ref {
                refs.push(Reference {
                    kind: "Secret",
                    name: &s.name,
                    key: Some(&s.key),
                    optional: s.optional == Some(true),
                    at: join(&at, &[Seg::K("secretKeyRef"), Seg::K("key")]),
                });
            }
        }
        if !init {
            probe_ports(cx, object, container, &path);
        }
    }
    for (v, volume) in pod.spec.volumes.iter().flatten().enumerate() {
        let at = join(pod.spec_path, &[Seg::K("volumes"), Seg::I(v)]);
        if let Some(c) = &volume.config_map {
            let optional = c.optional == Some(true);
            refs.push(Reference {
                kind: "ConfigMap",
                name: &c.name,
                key: None,
                optional,
                at: join(&at, &[Seg::K("configMap"), Seg::K("name")]),
            });
            for (i, item) in c.items.iter().flatten().enumerate() {
                refs.push(Reference {
                    kind: "ConfigMap",
                    name: &c.name,
                    key: Some(&item.key),
                    optional,
                    at: join(
                        &at,
                        &[
                            Seg::K("configMap"),
                            Seg::K("items"),
                            Seg::I(i),
                            Seg::K("key"),
                        ],
                    ),
                });
            }
        }
        if let Some(s) = &volume.secret {
            let Some(name) = s.secret_name.as_deref() else {
                continue;
            };
            let optional = s.optional == Some(true);
            refs.push(Reference {
                kind: "Secret",
                name,
                key: None,
                optional,
                at: join(&at, &[Seg::K("secret"), Seg::K("secretName")]),
            });
            for (i, item) in s.items.iter().flatten().enumerate() {
                refs.push(Reference {
                    kind: "Secret",
                    name,
                    key: Some(&item.key),
                    optional,
                    at: join(
                        &at,
                        &[Seg::K("secret"), Seg::K("items"), Seg::I(i), Seg::K("key")],
                    ),
                });
            }
        }
    }
    for r in refs
        .iter()
        .filter(|r| !r.optional && !r.name.is_empty() && object.trusts(&r.at))
    {
        match keys_of(objects, index, r.kind, object.namespace, r.name) {
            None => {
                // Only a stream that carries objects of the kind is judged. A Secret is
                // often created outside the applied manifests on purpose: the generated
                // bundle mounts one that `k8s/` never holds, so no deploy can overwrite
                // it (see `generate::kube::secret`). A stream with no Secret at all
                // therefore says nothing about the named one, while a stream that does
                // carry Secrets but not this one most likely has a typo.
                if r.key.is_none()
                    && index.has_kind(r.kind)
                    && index
                        .find(objects, r.kind, object.namespace, r.name)
                        .is_none()
                {
                    cx.on(
                        &GK308,
                        object.root,
                        &r.at,
                        format!(
                            "{} uses {} {}, which is not in the stream",
                            object.display(),
                            r.kind,
                            r.name
                        ),
                    );
                }
            }
            Some(keys) => {
                if let Some(key) = r.key.filter(|k| !keys.contains(k)) {
                    cx.on(
                        &GK309,
                        object.root,
                        &r.at,
                        format!(
                            "{} {} has no key {key} (it has {})",
                            r.kind,
                            r.name,
                            if keys.is_empty() {
                                "none".to_owned()
                            } else {
                                keys.join(", ")
                            }
                        ),
                    );
                }
            }
        }
    }
}

fn probe_ports(cx: &mut Cx<'_, '_>, object: &Object<'_>, container: &Container, path: &[Seg<'_>]) {
    if !object.trusts(&join(path, &[Seg::K("ports")])) {
        return;
    }
    let names: Vec<&str> = container
        .ports
        .iter()
        .flatten()
        .filter_map(|p| p.name.as_deref())
        .collect();
    let probes: [(&str, &Option<Probe>); 3] = [
        ("livenessProbe", &container.liveness_probe),
        ("readinessProbe", &container.readiness_probe),
        ("startupProbe", &container.startup_probe),
    ];
    for (field, probe) in probes {
        let Some(probe) = probe else { continue };
        let ports = [
            ("httpGet", probe.http_get.as_ref().map(|h| &h.port)),
            ("tcpSocket", probe.tcp_socket.as_ref().map(|t| &t.port)),
        ];
        for (handler, port) in ports {
            let at = join(path, &[Seg::K(field), Seg::K(handler), Seg::K("port")]);
            if let Some(IntOrString::String(name)) = port.filter(|_| object.trusts(&at)) {
                if !names.contains(&name.as_str()) {
                    cx.on(
                        &GK310,
                        object.root,
                        &at,
                        format!("{field} of container {} uses port {name}, which the container does not declare", container.name),
                    );
                }
            }
        }
    }
}
