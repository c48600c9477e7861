//! The objects of a stream: each document's apiVersion, kind, name and namespace, read
//! from the tree (the items of a `kind: List` are objects of their own), and for the
//! kinds we check, the typed k8s-openapi object (or Gateway API object,
//! [`crate::gateway_api`]) with what typing found (`GK100`–`GK103`,
//! and the YAML traps `GY004`/`GY005`).
//!
//! The apiVersion is judged on its own (`GK104`–`GK108`) and never decides whether the
//! object is checked: a deprecated, removed, too new or misplaced apiVersion is typed
//! with the schema of its kind (the old Ingress and HorizontalPodAutoscaler shapes
//! with schemas of their own), so one paste shows every finding.
//!
//! Typing replaces a value of the wrong type, an invalid one and a missing required one
//! with a neutral placeholder; [`Object::untrusted`] remembers their paths so that no
//! check judges a placeholder ([`Object::trusts`]), while every other check still runs.

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, ReplicaSet, StatefulSet};
use k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler;
use k8s_openapi::api::batch::v1::{CronJob, Job};
use k8s_openapi::api::core::v1::{
    ConfigMap, Namespace, Pod, PodSpec, ReplicationController, Secret, Service, ServiceAccount,
};
use k8s_openapi::api::networking::v1::{Ingress, NetworkPolicy};
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::api::rbac::v1::{ClusterRole, ClusterRoleBinding, Role, RoleBinding};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::de::DeserializeOwned;

use super::api_versions::{self, Verdict, GK104, GK105, GK106, GK107, GK108};
use super::legacy;
use super::typed::{type_document, Finding};
use super::{gateway, syntax, Cx, Seg};
use crate::gateway_api;
use crate::validate::{Rule, Severity};
use crate::yaml::{Document, NodeId, Pos, Stream};

pub const GK100: Rule = Rule {
    id: "GK100",
    title: "document is not a Kubernetes object",
    severity: Severity::Error,
    why: "Every document of a manifest stream must be a mapping with `apiVersion` and \
          `kind`; kubectl rejects anything else before it looks at the rest.",
    bad_example: "kind: ConfigMap\nmetadata:\n  name: web\n",
    good_example: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n",
};

pub const GK101: Rule = Rule {
    id: "GK101",
    title: "unknown field",
    severity: Severity::Error,
    why: "A misspelt field is not an error to YAML, so the setting silently does nothing \
          (`imagePulPolicy: Always` leaves the default policy); kubectl's strict field \
          validation and `kubernetes-validate --strict` reject it.",
    bad_example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    imagePulPolicy: Always\n",
    good_example: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    imagePullPolicy: Always\n",
};

pub const GK102: Rule = Rule {
    id: "GK102",
    title: "value of the wrong type or out of range",
    severity: Severity::Error,
    why: "The API server decodes manifests into typed objects: a quoted `\"3\"` for \
          `replicas`, a list where a mapping belongs, a number beyond 32 bits or a Secret \
          value that is not base64 fails the apply.",
    bad_example:
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: \"3\"\n",
    good_example:
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n",
};

pub const GK103: Rule = Rule {
    id: "GK103",
    title: "missing required field",
    severity: Severity::Error,
    why: "The API server rejects an object without its required fields (`metadata.name`, \
          a container's `name`, a Deployment's `selector` and `template`, a port's number).",
    bad_example: "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - name: http\n",
    good_example: "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - name: http\n    port: 80\n",
};

/// A typed object of one of the kinds we check.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Namespace(Box<Namespace>),
    ConfigMap(Box<ConfigMap>),
    Secret(Box<Secret>),
    ServiceAccount(Box<ServiceAccount>),
    Deployment(Box<Deployment>),
    StatefulSet(Box<StatefulSet>),
    DaemonSet(Box<DaemonSet>),
    ReplicaSet(Box<ReplicaSet>),
    ReplicationController(Box<ReplicationController>),
    Job(Box<Job>),
    CronJob(Box<CronJob>),
    Pod(Box<Pod>),
    Service(Box<Service>),
    /// networking.k8s.io/v1; the v1beta1 shapes are read into it.
    Ingress(Box<Ingress>),
    /// autoscaling/v2; autoscaling/v1 and v2beta2 are read into it.
    HorizontalPodAutoscaler(Box<HorizontalPodAutoscaler>),
    PodDisruptionBudget(Box<PodDisruptionBudget>),
    NetworkPolicy(Box<NetworkPolicy>),
    Role(Box<Role>),
    ClusterRole(Box<ClusterRole>),
    RoleBinding(Box<RoleBinding>),
    ClusterRoleBinding(Box<ClusterRoleBinding>),
    /// gateway.networking.k8s.io Gateway, v1 (and v1beta1, the same shape).
    Gateway(Box<gateway_api::Gateway>),
    /// gateway.networking.k8s.io HTTPRoute, v1 (and v1beta1, the same shape).
    HttpRoute(Box<gateway_api::HttpRoute>),
    /// gateway.networking.k8s.io ReferenceGrant, v1beta1 (and v1, the same shape).
    ReferenceGrant(Box<gateway_api::ReferenceGrant>),
}

/// One object of the stream: a document, or an item of a `kind: List`.
#[derive(Clone, Debug, PartialEq)]
pub struct Object<'s> {
    pub root: NodeId,
    pub api_version: &'s str,
    pub kind: &'s str,
    pub name: Option<&'s str>,
    pub namespace: Option<&'s str>,
    /// The typed object, for the kinds we check.
    pub typed: Option<Kind>,
    /// The field paths (`spec.replicas`, `spec.template.spec.containers[0].ports[0]
    /// .containerPort`) whose typed value is a placeholder: written with the wrong type,
    /// invalid, or required and missing. Usually empty.
    pub untrusted: Vec<String>,
}

/// A pod template (or a Pod) inside an object, with the paths to its parts.
pub struct PodTemplate<'o> {
    pub labels: Option<&'o BTreeMap<String, String>>,
    pub spec: &'o PodSpec,
    /// The path of the pod spec, e.g. `spec.template.spec`.
    pub spec_path: &'static [Seg<'static>],
    /// The path of the pod's metadata, e.g. `spec.template.metadata`.
    pub metadata_path: &'static [Seg<'static>],
}

const TEMPLATE_SPEC: &[Seg<'static>] = &[Seg::K("spec"), Seg::K("template"), Seg::K("spec")];
const TEMPLATE_META: &[Seg<'static>] = &[Seg::K("spec"), Seg::K("template"), Seg::K("metadata")];
const CRON_SPEC: &[Seg<'static>] = &[
    Seg::K("spec"),
    Seg::K("jobTemplate"),
    Seg::K("spec"),
    Seg::K("template"),
    Seg::K("spec"),
];
const CRON_META: &[Seg<'static>] = &[
    Seg::K("spec"),
    Seg::K("jobTemplate"),
    Seg::K("spec"),
    Seg::K("template"),
    Seg::K("metadata"),
];
const POD_SPEC: &[Seg<'static>] = &[Seg::K("spec")];
const POD_META: &[Seg<'static>] = &[Seg::K("metadata")];

/// A field path as typing renders it: `spec.template.spec.containers[0].name`.
pub fn render(path: &[Seg<'_>]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::K(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Seg::I(i) => {
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
            }
        }
    }
    out
}

/// Whether one rendered path lies inside the other (or they are the same).
fn overlaps(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.is_empty()
        || (long.starts_with(short)
            && matches!(long.as_bytes().get(short.len()), None | Some(b'.' | b'[')))
}

/// What names an object, as its mapping says.
struct Names<'s> {
    api_version: Option<&'s str>,
    kind: Option<&'s str>,
    name: Option<&'s str>,
    namespace: Option<&'s str>,
}

impl<'s> Names<'s> {
    fn of(stream: &'s Stream<'_>, root: NodeId) -> Names<'s> {
        let metadata = stream.get(root, "metadata");
        Names {
            api_version: stream.get_str(root, "apiVersion"),
            kind: stream.get_str(root, "kind"),
            name: metadata.and_then(|m| stream.get_str(m, "name")),
            namespace: metadata.and_then(|m| stream.get_str(m, "namespace")),
        }
    }
}

impl<'s> Object<'s> {
    /// An object read before (its root, typed value and untrusted paths), with its
    /// names read again from the stream it was read from.
    pub fn again(
        stream: &'s Stream<'_>,
        root: NodeId,
        typed: Option<Kind>,
        untrusted: Vec<String>,
    ) -> Object<'s> {
        let names = Names::of(stream, root);
        Object {
            root,
            api_version: names.api_version.unwrap_or_default(),
            kind: names.kind.unwrap_or_default(),
            name: names.name,
            namespace: names.namespace,
            typed,
            untrusted,
        }
    }
}

impl Object<'_> {
    /// The API group: `apps` for `apps/v1`, empty for the core `v1`.
    pub fn group(&self) -> &str {
        self.api_version.split_once('/').map_or("", |(g, _)| g)
    }

    /// `Kind/name` for messages.
    pub fn display(&self) -> String {
        format!("{}/{}", self.kind, self.name.unwrap_or("?"))
    }

    /// Whether the typed values at `path`, inside it and around it are what the text
    /// says: none of them is a placeholder for a value of the wrong type, an invalid
    /// value or a missing required one. A check that reads a value asks this first, so
    /// it judges what the user wrote and never a stand-in.
    pub fn trusts(&self, path: &[Seg<'_>]) -> bool {
        if self.untrusted.is_empty() {
            return true;
        }
        let path = render(path);
        !self.untrusted.iter().any(|u| overlaps(u, &path))
    }

    /// An Ingress written in the v1beta1 shape (`serviceName`, `servicePort`, `backend`).
    pub fn legacy_ingress(&self) -> bool {
        self.kind == "Ingress" && legacy::is_legacy_ingress(self.api_version)
    }

    /// The pod template of a workload, or the Pod itself.
    pub fn pod(&self) -> Option<PodTemplate<'_>> {
        let (meta, spec, spec_path, metadata_path) = match self.typed.as_ref()? {
            Kind::Deployment(d) => (
                d.spec.template.metadata.as_ref(),
                d.spec.template.spec.as_ref()?,
                TEMPLATE_SPEC,
                TEMPLATE_META,
            ),
            Kind::StatefulSet(s) => (
                s.spec.template.metadata.as_ref(),
                s.spec.template.spec.as_ref()?,
                TEMPLATE_SPEC,
                TEMPLATE_META,
            ),
            Kind::DaemonSet(d) => (
                d.spec.template.metadata.as_ref(),
                d.spec.template.spec.as_ref()?,
                TEMPLATE_SPEC,
                TEMPLATE_META,
            ),
            Kind::ReplicaSet(r) => {
                let t = r.spec.template.as_ref()?;
                (
                    t.metadata.as_ref(),
                    t.spec.as_ref()?,
                    TEMPLATE_SPEC,
                    TEMPLATE_META,
                )
            }
            Kind::ReplicationController(r) => {
                let t = r.spec.as_ref()?.template.as_ref()?;
                (
                    t.metadata.as_ref(),
                    t.spec.as_ref()?,
                    TEMPLATE_SPEC,
                    TEMPLATE_META,
                )
            }
            Kind::Job(j) => {
                let t = &j.spec.as_ref()?.template;
                (
                    t.metadata.as_ref(),
                    t.spec.as_ref()?,
                    TEMPLATE_SPEC,
                    TEMPLATE_META,
                )
            }
            Kind::CronJob(c) => {
                let t = &c.spec.job_template.spec.as_ref()?.template;
                (t.metadata.as_ref(), t.spec.as_ref()?, CRON_SPEC, CRON_META)
            }
            Kind::Pod(p) => (Some(&p.metadata), p.spec.as_ref()?, POD_SPEC, POD_META),
            _ => return None,
        };
        Some(PodTemplate {
            labels: meta.and_then(|m| m.labels.as_ref()),
            spec,
            spec_path,
            metadata_path,
        })
    }
}

/// Reads the object of a document (or each item of a List there), reporting what
/// typing found.
pub fn read_document<'s>(cx: &mut Cx<'s, '_>, doc: &Document, objects: &mut Vec<Object<'s>>) {
    read_root(cx, doc.root, doc.pos, "document", objects);
}

/// The fields of a List besides its items (`kubectl get -o yaml` writes them).
const LIST_FIELDS: &[&str] = &["apiVersion", "kind", "metadata", "items"];

/// Whether the mapping at `root` is a List of objects: `kind: List`, or a typed list
/// such as `DeploymentList`, which kubectl applies item by item.
fn is_list(stream: &Stream<'_>, root: NodeId) -> bool {
    match stream.get_str(root, "kind") {
        Some("List") => true,
        Some(kind) => kind.ends_with("List") && stream.get(root, "items").is_some(),
        None => false,
    }
}

/// Reads the object at `root`, or each item of a List there; `place` names `root` in
/// messages ("document", "item of List").
fn read_root<'s>(
    cx: &mut Cx<'s, '_>,
    root: NodeId,
    pos: Pos,
    place: &str,
    objects: &mut Vec<Object<'s>>,
) {
    let stream: &'s Stream<'_> = cx.stream;
    if !stream.is_map(root) || !is_list(stream, root) {
        if let Some(object) = read_object(cx, root, pos, place) {
            objects.push(object);
        }
        return;
    }
    let kind = stream.get_str(root, "kind").unwrap_or("List");
    for (k, _) in stream.entries(root).iter() {
        let key = stream.text(*k).unwrap_or_default();
        if !LIST_FIELDS.contains(&key) {
            let suggestion = super::typed::suggest(key, LIST_FIELDS);
            let message = match suggestion {
                Some(s) => format!("{key} is not a field of {kind}; did you mean {s}"),
                None => format!("{key} is not a field of {kind}, which holds only items"),
            };
            cx.at(&GK101, stream.pos(*k), message, None);
        }
    }
    let Some((items_key, items)) = stream.entry(root, "items") else {
        return;
    };
    if !stream.is_null(items) && stream.scalar(items).is_some() || stream.is_map(items) {
        cx.at(
            &GK102,
            stream.pos(items_key),
            format!("items of {kind} must be a list of objects"),
            None,
        );
        return;
    }
    let place = format!("item of {kind}");
    for &item in stream.items(items) {
        read_root(cx, item, stream.pos(item), &place, objects);
    }
}

/// Reads one object, or reports why the node is not one.
fn read_object<'s>(cx: &mut Cx<'s, '_>, root: NodeId, pos: Pos, place: &str) -> Option<Object<'s>> {
    let stream: &'s Stream<'_> = cx.stream;
    if !stream.is_map(root) {
        let what = if stream.scalar(root).is_some() {
            "a scalar"
        } else {
            "a list"
        };
        cx.at(
            &GK100,
            pos,
            format!("this {place} is {what}, not a Kubernetes object with apiVersion and kind"),
            None,
        );
        return None;
    }
    let Names {
        api_version,
        kind,
        name,
        namespace,
    } = Names::of(stream, root);
    let (Some(api_version), Some(kind)) = (api_version, kind) else {
        let missing = match (api_version, kind) {
            (None, None) => "apiVersion and kind",
            (None, _) => "apiVersion",
            _ => "kind",
        };
        cx.at(
            &GK100,
            pos,
            format!("this {place} has no {missing}, so it is not a Kubernetes object"),
            None,
        );
        return None;
    };
    let metadata = stream.get(root, "metadata");
    let generate_name = metadata.and_then(|m| stream.get_str(m, "generateName"));
    if name.is_none() && generate_name.is_none() {
        cx.on(
            &GK103,
            root,
            &[Seg::K("metadata")],
            format!("{kind} has no metadata.name, which every object requires"),
        );
    }
    let mut object = Object {
        root,
        api_version,
        kind,
        name,
        namespace,
        typed: None,
        untrusted: Vec::new(),
    };
    let verdict = api_versions::verdict(api_version, kind, cx.minor);
    judge_api_version(cx, &object, &verdict);
    // Whatever the verdict says of the apiVersion, the object says what it says: type
    // it with its kind's schema and run every check, unless the kind is unknown.
    if !matches!(verdict, Verdict::Unknown) {
        let typed = type_object(cx, &mut object);
        if !typed && matches!(verdict, Verdict::Current | Verdict::TooNew(_)) {
            cx.on(
                &GK106,
                object.root,
                &[Seg::K("kind")],
                format!("{kind} is not type-checked by this validator: its fields are not checked"),
            );
        }
    }
    Some(object)
}

/// Reports what the target release makes of the object's apiVersion.
fn judge_api_version(cx: &mut Cx<'_, '_>, object: &Object<'_>, verdict: &Verdict) {
    let (root, api_version, kind) = (object.root, object.api_version, object.kind);
    let at_kind = &[Seg::K("apiVersion")];
    match verdict {
        Verdict::Current => {}
        Verdict::Removed(r) => cx.on_fix(
            &GK104,
            root,
            at_kind,
            format!(
                "{api_version} {kind} was removed in Kubernetes 1.{}; the target 1.{} does not serve it",
                r.removed_in, cx.minor
            ),
            format!("use {}", r.replacement),
        ),
        Verdict::Deprecated(r) => cx.on_fix(
            &GK105,
            root,
            at_kind,
            format!(
                "{api_version} {kind} is deprecated since 1.{} and removed in 1.{}",
                r.deprecated_in, r.removed_in
            ),
            format!("use {}", r.replacement),
        ),
        Verdict::TooNew(since) => cx.on(
            &GK108,
            root,
            at_kind,
            format!(
                "{api_version} {kind} is served from Kubernetes 1.{since}; the target is 1.{}",
                cx.minor
            ),
        ),
        Verdict::WrongGroup(served) => cx.on_fix(
            &GK107,
            root,
            at_kind,
            format!("{kind} is served under {served}, not {api_version}"),
            format!("use apiVersion: {served}"),
        ),
        Verdict::Unknown => cx.on(
            &GK106,
            root,
            &[Seg::K("kind")],
            format!("{api_version} {kind} is not a kind this validator knows (a custom resource?): its fields are not checked"),
        ),
    }
}

/// Kinds with a `status` are typed through a struct of their own without it, then
/// assembled into the k8s-openapi object: `status` is written by the cluster, the
/// checks never read it, and its types' deserializers (a Pod's status alone holds
/// container statuses, conditions and times) would ship in the page for nothing. A
/// `status` in a manifest is accepted as it is, unchecked.
macro_rules! without_status {
    ($($doc:ident ($name:literal): $object:ident, $spec:ty;)*) => {$(
        #[derive(serde::Deserialize)]
        #[serde(rename = $name)]
        struct $doc {
            // apiVersion, kind and status are named so that they are not unknown
            // fields; their values are checked elsewhere or not at all.
            #[serde(rename = "apiVersion", default)]
            _api_version: serde::de::IgnoredAny,
            #[serde(rename = "kind", default)]
            _kind: serde::de::IgnoredAny,
            #[serde(default)]
            metadata: ObjectMeta,
            #[serde(default)]
            spec: $spec,
            #[serde(rename = "status", default)]
            _status: serde::de::IgnoredAny,
        }

        impl From<$doc> for $object {
            fn from(doc: $doc) -> $object {
                $object {
                    metadata: doc.metadata,
                    spec: doc.spec,
                    status: None,
                }
            }
        }
    )*};
}

without_status! {
    NamespaceDoc("Namespace"): Namespace, Option<k8s_openapi::api::core::v1::NamespaceSpec>;
    DeploymentDoc("Deployment"): Deployment, k8s_openapi::api::apps::v1::DeploymentSpec;
    StatefulSetDoc("StatefulSet"): StatefulSet, k8s_openapi::api::apps::v1::StatefulSetSpec;
    DaemonSetDoc("DaemonSet"): DaemonSet, k8s_openapi::api::apps::v1::DaemonSetSpec;
    ReplicaSetDoc("ReplicaSet"): ReplicaSet, k8s_openapi::api::apps::v1::ReplicaSetSpec;
    ReplicationControllerDoc("ReplicationController"): ReplicationController, Option<k8s_openapi::api::core::v1::ReplicationControllerSpec>;
    JobDoc("Job"): Job, Option<k8s_openapi::api::batch::v1::JobSpec>;
    CronJobDoc("CronJob"): CronJob, k8s_openapi::api::batch::v1::CronJobSpec;
    PodDoc("Pod"): Pod, Option<PodSpec>;
    ServiceDoc("Service"): Service, Option<k8s_openapi::api::core::v1::ServiceSpec>;
    IngressDoc("Ingress"): Ingress, Option<k8s_openapi::api::networking::v1::IngressSpec>;
    HpaDoc("HorizontalPodAutoscaler"): HorizontalPodAutoscaler, k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscalerSpec;
    PdbDoc("PodDisruptionBudget"): PodDisruptionBudget, Option<k8s_openapi::api::policy::v1::PodDisruptionBudgetSpec>;
}

/// Types the object as `D` and keeps it as the k8s-openapi `T`: `D` is `T` itself
/// for kinds without a status, else the kind's document struct (or an older shape
/// of the kind, [`legacy`]). Findings the object's apiVersion allows are dropped.
fn type_as<D: DeserializeOwned, T: From<D>>(
    cx: &mut Cx<'_, '_>,
    object: &mut Object<'_>,
    wrap: fn(Box<T>) -> Kind,
) {
    let typed = type_document::<D>(cx.stream, object.root);
    for finding in typed.findings {
        if legacy::allows(object.api_version, object.kind, &finding) {
            if let Finding::Missing { path, field, .. } = &finding {
                // A legacy default (a selector taken from the template's labels): the
                // value is still unknown here.
                object.untrusted.push(join_path(path, field));
            }
            continue;
        }
        match &finding {
            Finding::WrongType { path, .. } | Finding::Invalid { path, .. } => {
                object.untrusted.push(path.clone())
            }
            Finding::Missing { path, field, .. } => object.untrusted.push(join_path(path, field)),
            Finding::Unknown { .. } | Finding::Trap { .. } => {}
        }
        report(cx, finding);
    }
    if typed.value.is_none() {
        object.untrusted.push(String::new());
    }
    object.typed = typed.value.map(|v| wrap(Box::new(T::from(v))));
}

fn join_path(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_owned()
    } else {
        format!("{path}.{field}")
    }
}

/// Types the object with its kind's schema; false for kinds we do not type.
fn type_object(cx: &mut Cx<'_, '_>, object: &mut Object<'_>) -> bool {
    match (object.kind, object.api_version) {
        ("Ingress", version) if legacy::is_legacy_ingress(version) => {
            type_as::<legacy::IngressDoc, _>(cx, object, Kind::Ingress)
        }
        ("HorizontalPodAutoscaler", "autoscaling/v1") => {
            type_as::<legacy::HpaV1Doc, _>(cx, object, Kind::HorizontalPodAutoscaler)
        }
        ("HorizontalPodAutoscaler", "autoscaling/v2beta1") => {
            // Its metrics (`targetAverageUtilization`…) are neither autoscaling/v2's
            // nor v1's; no schema of it ships here.
            cx.on(
                &GK106,
                object.root,
                &[Seg::K("apiVersion")],
                "autoscaling/v2beta1 HorizontalPodAutoscaler is not type-checked: its metrics differ from autoscaling/v2's, which the fix moves to".into(),
            );
        }
        ("Namespace", _) => type_as::<NamespaceDoc, _>(cx, object, Kind::Namespace),
        ("ConfigMap", _) => type_as::<ConfigMap, _>(cx, object, Kind::ConfigMap),
        ("Secret", _) => type_as::<Secret, _>(cx, object, Kind::Secret),
        ("ServiceAccount", _) => type_as::<ServiceAccount, _>(cx, object, Kind::ServiceAccount),
        ("Deployment", _) => type_as::<DeploymentDoc, _>(cx, object, Kind::Deployment),
        ("StatefulSet", _) => type_as::<StatefulSetDoc, _>(cx, object, Kind::StatefulSet),
        ("DaemonSet", _) => type_as::<DaemonSetDoc, _>(cx, object, Kind::DaemonSet),
        ("ReplicaSet", _) => type_as::<ReplicaSetDoc, _>(cx, object, Kind::ReplicaSet),
        ("ReplicationController", _) => {
            type_as::<ReplicationControllerDoc, _>(cx, object, Kind::ReplicationController)
        }
        ("Job", _) => type_as::<JobDoc, _>(cx, object, Kind::Job),
        ("CronJob", _) => type_as::<CronJobDoc, _>(cx, object, Kind::CronJob),
        ("Pod", _) => type_as::<PodDoc, _>(cx, object, Kind::Pod),
        ("Service", _) => type_as::<ServiceDoc, _>(cx, object, Kind::Service),
        ("Ingress", _) => type_as::<IngressDoc, _>(cx, object, Kind::Ingress),
        ("HorizontalPodAutoscaler", _) => {
            type_as::<HpaDoc, _>(cx, object, Kind::HorizontalPodAutoscaler)
        }
        ("PodDisruptionBudget", _) => type_as::<PdbDoc, _>(cx, object, Kind::PodDisruptionBudget),
        ("NetworkPolicy", _) => type_as::<NetworkPolicy, _>(cx, object, Kind::NetworkPolicy),
        ("Role", _) => type_as::<Role, _>(cx, object, Kind::Role),
        ("ClusterRole", _) => type_as::<ClusterRole, _>(cx, object, Kind::ClusterRole),
        ("RoleBinding", _) => type_as::<RoleBinding, _>(cx, object, Kind::RoleBinding),
        ("ClusterRoleBinding", _) => {
            type_as::<ClusterRoleBinding, _>(cx, object, Kind::ClusterRoleBinding)
        }
        // Other projects have kinds of these names (Istio's Gateway): only the Gateway
        // API group's are typed as the Gateway API's.
        ("Gateway", _) if object.group() == gateway_api::GROUP => {
            type_as::<gateway::GatewayDoc, _>(cx, object, Kind::Gateway)
        }
        ("HTTPRoute", _) if object.group() == gateway_api::GROUP => {
            type_as::<gateway::HttpRouteDoc, _>(cx, object, Kind::HttpRoute)
        }
        ("ReferenceGrant", _) if object.group() == gateway_api::GROUP => {
            type_as::<gateway::ReferenceGrantDoc, _>(cx, object, Kind::ReferenceGrant)
        }
        _ => return false,
    }
    true
}

fn report(cx: &mut Cx<'_, '_>, finding: Finding) {
    let stream = cx.stream;
    match finding {
        Finding::Unknown {
            key,
            path,
            field,
            owner,
            suggestion,
        } => match suggestion {
            Some(s) => cx.at_replacing(
                &GK101,
                stream.pos(key),
                format!("{path} is not a field of {owner}; did you mean {s}"),
                format!("rename {field} to {s}"),
                (&field, s),
            ),
            None => cx.at(
                &GK101,
                stream.pos(key),
                format!("{path} is not a field of {owner}"),
                None,
            ),
        },
        Finding::WrongType {
            node,
            path,
            expected,
            found,
        } => cx.at(
            &GK102,
            stream.pos(node),
            format!("{path} must be {expected}, not {found}"),
            None,
        ),
        Finding::Invalid {
            node,
            path,
            message,
        } => cx.at(
            &GK102,
            stream.pos(node),
            format!("{path} is invalid: {message}"),
            None,
        ),
        Finding::Missing {
            node,
            path,
            field,
            owner,
        } => {
            let place = if path.is_empty() {
                owner.to_owned()
            } else {
                format!("{owner} at {path}")
            };
            cx.at(
                &GK103,
                stream.pos(node),
                format!("{place} has no {field}, which is required"),
                None,
            )
        }
        Finding::Trap {
            node,
            path,
            text,
            reads_as,
        } => syntax::trap(cx, stream.pos(node), &path, &text, reads_as),
    }
}
