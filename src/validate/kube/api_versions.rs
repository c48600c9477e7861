//! Which apiVersion serves which kind in which Kubernetes release: removed and
//! deprecated APIs (with the release that removed them and the replacement), APIs
//! newer than the target release, kinds under the wrong apiVersion, and kinds we
//! cannot check.

use crate::validate::{Rule, Severity};

pub const GK104: Rule = Rule {
    id: "GK104",
    title: "apiVersion removed in the target Kubernetes release",
    severity: Severity::Error,
    why: "The API server no longer serves a removed apiVersion: `kubectl apply` fails with \
          `no matches for kind`. Move to the replacement, whose schema may differ (Ingress \
          backends became `service.name`/`service.port`). The object is still checked in \
          full, against the schema it was written for, so the move fixes everything at once.",
    bad_example: "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: web\n",
    good_example: "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  defaultBackend:\n    service:\n      name: web\n      port:\n        number: 80\n",
};

pub const GK105: Rule = Rule {
    id: "GK105",
    title: "apiVersion deprecated in the target Kubernetes release",
    severity: Severity::Warning,
    why: "A deprecated apiVersion still works but is removed in a later release; upgrading \
          the cluster then breaks the deployment. Everything else about the object is \
          checked as for the current apiVersion: the deprecation hides no other finding.",
    bad_example: "# target 1.24\napiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\n",
    good_example: "# target 1.24\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\n",
};

pub const GK106: Rule = Rule {
    id: "GK106",
    title: "kind not checked",
    severity: Severity::Info,
    why: "Custom resources and kinds outside the ones this validator types have no schema \
          here: their fields are not checked, though references to them are.",
    bad_example: "apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: web\n",
    good_example: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n",
};

pub const GK107: Rule = Rule {
    id: "GK107",
    title: "kind served under another apiVersion",
    severity: Severity::Error,
    why: "Each kind lives in one API group: a Deployment under `v1` or a Service under \
          `apps/v1` is rejected with `no matches for kind`. The object is still checked as \
          the kind it names.",
    bad_example: "apiVersion: v1\nkind: Deployment\nmetadata:\n  name: web\n",
    good_example: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n",
};

pub const GK108: Rule = Rule {
    id: "GK108",
    title: "apiVersion newer than the target Kubernetes release",
    severity: Severity::Error,
    why: "The target release does not serve this apiVersion yet: autoscaling/v2 needs \
          1.23, policy/v1 PodDisruptionBudget 1.21, networking.k8s.io/v1 Ingress 1.19.",
    bad_example: "# target 1.22\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\n",
    good_example: "# target 1.23\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\n",
};

/// A removed or deprecated apiVersion of a kind.
pub struct Retired {
    pub api_version: &'static str,
    pub kind: &'static str,
    pub deprecated_in: u32,
    pub removed_in: u32,
    pub replacement: &'static str,
}

const fn retired(
    api_version: &'static str,
    kind: &'static str,
    deprecated_in: u32,
    removed_in: u32,
    replacement: &'static str,
) -> Retired {
    Retired {
        api_version,
        kind,
        deprecated_in,
        removed_in,
        replacement,
    }
}

/// Minor releases of 1.x; from the Kubernetes deprecated API migration guide.
const RETIRED: &[Retired] = &[
    retired("extensions/v1beta1", "Deployment", 9, 16, "apps/v1"),
    retired("extensions/v1beta1", "DaemonSet", 9, 16, "apps/v1"),
    retired("extensions/v1beta1", "ReplicaSet", 9, 16, "apps/v1"),
    retired(
        "extensions/v1beta1",
        "NetworkPolicy",
        9,
        16,
        "networking.k8s.io/v1",
    ),
    retired(
        "extensions/v1beta1",
        "PodSecurityPolicy",
        11,
        16,
        "policy/v1beta1",
    ),
    retired(
        "extensions/v1beta1",
        "Ingress",
        14,
        22,
        "networking.k8s.io/v1",
    ),
    retired("apps/v1beta1", "Deployment", 9, 16, "apps/v1"),
    retired("apps/v1beta1", "StatefulSet", 9, 16, "apps/v1"),
    retired("apps/v1beta2", "Deployment", 9, 16, "apps/v1"),
    retired("apps/v1beta2", "StatefulSet", 9, 16, "apps/v1"),
    retired("apps/v1beta2", "DaemonSet", 9, 16, "apps/v1"),
    retired("apps/v1beta2", "ReplicaSet", 9, 16, "apps/v1"),
    retired(
        "networking.k8s.io/v1beta1",
        "Ingress",
        19,
        22,
        "networking.k8s.io/v1",
    ),
    retired(
        "networking.k8s.io/v1beta1",
        "IngressClass",
        19,
        22,
        "networking.k8s.io/v1",
    ),
    retired(
        "autoscaling/v2beta1",
        "HorizontalPodAutoscaler",
        22,
        25,
        "autoscaling/v2",
    ),
    retired(
        "autoscaling/v2beta2",
        "HorizontalPodAutoscaler",
        23,
        26,
        "autoscaling/v2",
    ),
    retired("policy/v1beta1", "PodDisruptionBudget", 21, 25, "policy/v1"),
    retired(
        "policy/v1beta1",
        "PodSecurityPolicy",
        21,
        25,
        "Pod Security Admission",
    ),
    retired("batch/v1beta1", "CronJob", 21, 25, "batch/v1"),
    retired(
        "discovery.k8s.io/v1beta1",
        "EndpointSlice",
        21,
        25,
        "discovery.k8s.io/v1",
    ),
    retired("events.k8s.io/v1beta1", "Event", 22, 25, "events.k8s.io/v1"),
    retired(
        "node.k8s.io/v1beta1",
        "RuntimeClass",
        22,
        25,
        "node.k8s.io/v1",
    ),
    retired(
        "rbac.authorization.k8s.io/v1beta1",
        "Role",
        17,
        22,
        "rbac.authorization.k8s.io/v1",
    ),
    retired(
        "rbac.authorization.k8s.io/v1beta1",
        "RoleBinding",
        17,
        22,
        "rbac.authorization.k8s.io/v1",
    ),
    retired(
        "rbac.authorization.k8s.io/v1beta1",
        "ClusterRole",
        17,
        22,
        "rbac.authorization.k8s.io/v1",
    ),
    retired(
        "rbac.authorization.k8s.io/v1beta1",
        "ClusterRoleBinding",
        17,
        22,
        "rbac.authorization.k8s.io/v1",
    ),
    retired(
        "apiextensions.k8s.io/v1beta1",
        "CustomResourceDefinition",
        16,
        22,
        "apiextensions.k8s.io/v1",
    ),
    retired(
        "scheduling.k8s.io/v1beta1",
        "PriorityClass",
        14,
        22,
        "scheduling.k8s.io/v1",
    ),
    retired(
        "storage.k8s.io/v1beta1",
        "StorageClass",
        19,
        22,
        "storage.k8s.io/v1",
    ),
    retired(
        "storage.k8s.io/v1beta1",
        "CSIStorageCapacity",
        24,
        27,
        "storage.k8s.io/v1",
    ),
    retired(
        "flowcontrol.apiserver.k8s.io/v1beta2",
        "FlowSchema",
        26,
        29,
        "flowcontrol.apiserver.k8s.io/v1",
    ),
    retired(
        "flowcontrol.apiserver.k8s.io/v1beta3",
        "FlowSchema",
        29,
        32,
        "flowcontrol.apiserver.k8s.io/v1",
    ),
];

/// The apiVersions that serve a kind today, and the first 1.x release that served each
/// (the first listed is the one to move to).
const SERVED: &[(&str, &str, u32)] = &[
    ("Namespace", "v1", 0),
    ("ConfigMap", "v1", 2),
    ("Secret", "v1", 0),
    ("Service", "v1", 0),
    ("ServiceAccount", "v1", 0),
    ("Pod", "v1", 0),
    ("PersistentVolumeClaim", "v1", 0),
    ("PersistentVolume", "v1", 0),
    ("Endpoints", "v1", 0),
    ("LimitRange", "v1", 0),
    ("ResourceQuota", "v1", 0),
    ("ReplicationController", "v1", 0),
    ("Deployment", "apps/v1", 9),
    ("StatefulSet", "apps/v1", 9),
    ("DaemonSet", "apps/v1", 9),
    ("ReplicaSet", "apps/v1", 9),
    ("Job", "batch/v1", 0),
    ("CronJob", "batch/v1", 21),
    ("Ingress", "networking.k8s.io/v1", 19),
    ("IngressClass", "networking.k8s.io/v1", 19),
    ("NetworkPolicy", "networking.k8s.io/v1", 7),
    ("HorizontalPodAutoscaler", "autoscaling/v2", 23),
    // Still served beside autoscaling/v2, with one CPU target.
    ("HorizontalPodAutoscaler", "autoscaling/v1", 2),
    ("PodDisruptionBudget", "policy/v1", 21),
    ("Role", "rbac.authorization.k8s.io/v1", 8),
    ("RoleBinding", "rbac.authorization.k8s.io/v1", 8),
    ("ClusterRole", "rbac.authorization.k8s.io/v1", 8),
    ("ClusterRoleBinding", "rbac.authorization.k8s.io/v1", 8),
    ("StorageClass", "storage.k8s.io/v1", 6),
    ("PriorityClass", "scheduling.k8s.io/v1", 14),
    ("CustomResourceDefinition", "apiextensions.k8s.io/v1", 16),
    ("EndpointSlice", "discovery.k8s.io/v1", 21),
    // The Gateway API is installed as CRDs, not served by a Kubernetes release, so
    // no release is too old for it (the standard channel supports the last five).
    // Its standard channel still serves v1beta1 beside v1, in the same shape, and
    // ReferenceGrant at v1beta1 (v1 from Gateway API 1.6).
    ("Gateway", "gateway.networking.k8s.io/v1", 0),
    ("Gateway", "gateway.networking.k8s.io/v1beta1", 0),
    ("HTTPRoute", "gateway.networking.k8s.io/v1", 0),
    ("HTTPRoute", "gateway.networking.k8s.io/v1beta1", 0),
    ("ReferenceGrant", "gateway.networking.k8s.io/v1beta1", 0),
    ("ReferenceGrant", "gateway.networking.k8s.io/v1", 0),
];

/// What the target release makes of an apiVersion and kind.
pub enum Verdict {
    /// Served and current.
    Current,
    Deprecated(&'static Retired),
    Removed(&'static Retired),
    /// Served from this 1.x release on, later than the target.
    TooNew(u32),
    /// A kind we know, under an apiVersion that never served it: the right one.
    WrongGroup(&'static str),
    /// A kind we do not know (a custom resource, most likely).
    Unknown,
}

/// Judges `api_version`/`kind` for target release 1.`minor`.
pub fn verdict(api_version: &str, kind: &str, minor: u32) -> Verdict {
    if let Some(r) = RETIRED
        .iter()
        .find(|r| r.api_version == api_version && r.kind == kind)
    {
        return if minor >= r.removed_in {
            Verdict::Removed(r)
        } else if minor >= r.deprecated_in {
            Verdict::Deprecated(r)
        } else {
            Verdict::Current
        };
    }
    if let Some((_, _, since)) = SERVED
        .iter()
        .find(|(k, served, _)| *k == kind && *served == api_version)
    {
        return if minor < *since {
            Verdict::TooNew(*since)
        } else {
            Verdict::Current
        };
    }
    match SERVED.iter().find(|(k, _, _)| *k == kind) {
        // A Gateway of another group (Istio's `networking.istio.io` Gateway) is that
        // project's own kind, not a misplaced Gateway API one.
        Some((_, served, _))
            if !served.starts_with(crate::gateway_api::GROUP)
                || api_version.starts_with(&format!("{}/", crate::gateway_api::GROUP)) =>
        {
            Verdict::WrongGroup(served)
        }
        _ => Verdict::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removed_and_deprecated_depend_on_the_target() {
        assert!(matches!(
            verdict("extensions/v1beta1", "Ingress", 37),
            Verdict::Removed(Retired { removed_in: 22, .. })
        ));
        assert!(matches!(
            verdict("extensions/v1beta1", "Ingress", 20),
            Verdict::Deprecated(_)
        ));
        assert!(matches!(
            verdict("autoscaling/v2", "HorizontalPodAutoscaler", 22),
            Verdict::TooNew(23)
        ));
        assert!(matches!(
            verdict("v1", "Deployment", 37),
            Verdict::WrongGroup("apps/v1")
        ));
        assert!(matches!(
            verdict("example.com/v1", "Widget", 37),
            Verdict::Unknown
        ));
        assert!(matches!(
            verdict("autoscaling/v1", "HorizontalPodAutoscaler", 37),
            Verdict::Current
        ));
    }

    #[test]
    fn gateway_api_kinds_belong_to_their_group_only() {
        for (api_version, kind) in [
            ("gateway.networking.k8s.io/v1", "Gateway"),
            ("gateway.networking.k8s.io/v1beta1", "HTTPRoute"),
            ("gateway.networking.k8s.io/v1beta1", "ReferenceGrant"),
        ] {
            assert!(matches!(verdict(api_version, kind, 20), Verdict::Current));
        }
        assert!(matches!(
            verdict("gateway.networking.k8s.io/v1alpha2", "HTTPRoute", 37),
            Verdict::WrongGroup("gateway.networking.k8s.io/v1")
        ));
        assert!(matches!(
            verdict("networking.istio.io/v1beta1", "Gateway", 37),
            Verdict::Unknown
        ));
    }
}
