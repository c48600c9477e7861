//! Older shapes of kinds we check, read into today's k8s-openapi types so that every
//! check runs on them: the v1beta1 Ingress (`backend.serviceName`/`servicePort`, no
//! required `pathType`), autoscaling/v1's HorizontalPodAutoscaler (one CPU target),
//! and what the first workload apiVersions allowed (a selector defaulted from the
//! template's labels, `rollbackTo`, `templateGeneration`).
//!
//! Versions whose schema is today's (batch/v1beta1 CronJob, autoscaling/v2beta2,
//! apps/v1beta2, policy/v1beta1 PodDisruptionBudget, rbac v1beta1) need nothing here.

use k8s_openapi::api::autoscaling::{v1 as autoscaling_v1, v2};
use k8s_openapi::api::core::v1::TypedLocalObjectReference;
use k8s_openapi::api::networking::v1::{
    HTTPIngressPath, HTTPIngressRuleValue, Ingress, IngressBackend, IngressRule,
    IngressServiceBackend, IngressSpec, IngressTLS, ServiceBackendPort,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use serde::de::IgnoredAny;
use serde::Deserialize;

use super::typed::Finding;

/// Whether an Ingress of `api_version` has the v1beta1 shape.
pub fn is_legacy_ingress(api_version: &str) -> bool {
    matches!(
        api_version,
        "extensions/v1beta1" | "networking.k8s.io/v1beta1"
    )
}

/// Whether `finding` is not one for `kind` under `api_version`, whose schema allowed
/// what today's does not.
pub fn allows(api_version: &str, kind: &str, finding: &Finding) -> bool {
    let defaults_selector = matches!(
        (api_version, kind),
        (
            "extensions/v1beta1",
            "Deployment" | "DaemonSet" | "ReplicaSet"
        ) | ("apps/v1beta1", "Deployment" | "StatefulSet")
    );
    match finding {
        Finding::Missing { field, owner, .. } => {
            (defaults_selector && *field == "selector")
                || (is_legacy_ingress(api_version)
                    && kind == "Ingress"
                    && *owner == "HTTPIngressPath"
                    && *field == "pathType")
        }
        Finding::Unknown { path, .. } => {
            (matches!(api_version, "extensions/v1beta1" | "apps/v1beta1")
                && kind == "Deployment"
                && path == "spec.rollbackTo")
                || (api_version == "extensions/v1beta1"
                    && kind == "DaemonSet"
                    && path == "spec.templateGeneration")
        }
        _ => false,
    }
}

/// A v1beta1 Ingress (extensions/v1beta1, networking.k8s.io/v1beta1).
#[derive(Deserialize)]
#[serde(rename = "Ingress")]
pub struct IngressDoc {
    #[serde(rename = "apiVersion", default)]
    _api_version: IgnoredAny,
    #[serde(rename = "kind", default)]
    _kind: IgnoredAny,
    #[serde(default)]
    metadata: ObjectMeta,
    spec: Option<LegacyIngressSpec>,
    #[serde(rename = "status", default)]
    _status: IgnoredAny,
}

#[derive(Deserialize)]
#[serde(rename = "IngressSpec", rename_all = "camelCase")]
struct LegacyIngressSpec {
    backend: Option<LegacyBackend>,
    ingress_class_name: Option<String>,
    rules: Option<Vec<LegacyRule>>,
    tls: Option<Vec<IngressTLS>>,
}

#[derive(Deserialize)]
#[serde(rename = "IngressBackend", rename_all = "camelCase")]
struct LegacyBackend {
    service_name: Option<String>,
    service_port: Option<IntOrString>,
    resource: Option<TypedLocalObjectReference>,
}

#[derive(Deserialize)]
#[serde(rename = "IngressRule")]
struct LegacyRule {
    host: Option<String>,
    http: Option<LegacyHttp>,
}

#[derive(Deserialize)]
#[serde(rename = "HTTPIngressRuleValue")]
struct LegacyHttp {
    #[serde(default)]
    paths: Vec<LegacyPath>,
}

#[derive(Deserialize)]
#[serde(rename = "HTTPIngressPath", rename_all = "camelCase")]
struct LegacyPath {
    path: Option<String>,
    path_type: Option<String>,
    #[serde(default = "no_backend")]
    backend: LegacyBackend,
}

fn no_backend() -> LegacyBackend {
    LegacyBackend {
        service_name: None,
        service_port: None,
        resource: None,
    }
}

impl LegacyBackend {
    fn into_backend(self) -> IngressBackend {
        let port = self.service_port.map(|port| match port {
            IntOrString::Int(number) => ServiceBackendPort {
                number: Some(number),
                name: None,
            },
            IntOrString::String(name) => ServiceBackendPort {
                name: Some(name),
                number: None,
            },
        });
        IngressBackend {
            service: self
                .service_name
                .map(|name| IngressServiceBackend { name, port }),
            resource: self.resource,
        }
    }
}

impl From<IngressDoc> for Ingress {
    fn from(doc: IngressDoc) -> Ingress {
        let spec = doc.spec.map(|spec| IngressSpec {
            default_backend: spec.backend.map(LegacyBackend::into_backend),
            ingress_class_name: spec.ingress_class_name,
            rules: spec.rules.map(|rules| {
                rules
                    .into_iter()
                    .map(|rule| IngressRule {
                        host: rule.host,
                        http: rule.http.map(|http| HTTPIngressRuleValue {
                            paths: http
                                .paths
                                .into_iter()
                                .map(|p| HTTPIngressPath {
                                    path: p.path,
                                    // v1beta1's default.
                                    path_type: p
                                        .path_type
                                        .unwrap_or_else(|| "ImplementationSpecific".into()),
                                    backend: p.backend.into_backend(),
                                })
                                .collect(),
                        }),
                    })
                    .collect()
            }),
            tls: spec.tls,
        });
        Ingress {
            metadata: doc.metadata,
            spec,
            status: None,
        }
    }
}

/// An autoscaling/v1 HorizontalPodAutoscaler: read with its own schema, kept as the
/// autoscaling/v2 object it stands for (`targetCPUUtilizationPercentage` is a CPU
/// utilization metric).
#[derive(Deserialize)]
#[serde(rename = "HorizontalPodAutoscaler")]
pub struct HpaV1Doc {
    #[serde(rename = "apiVersion", default)]
    _api_version: IgnoredAny,
    #[serde(rename = "kind", default)]
    _kind: IgnoredAny,
    #[serde(default)]
    metadata: ObjectMeta,
    #[serde(default)]
    spec: autoscaling_v1::HorizontalPodAutoscalerSpec,
    #[serde(rename = "status", default)]
    _status: IgnoredAny,
}

impl From<HpaV1Doc> for v2::HorizontalPodAutoscaler {
    fn from(doc: HpaV1Doc) -> v2::HorizontalPodAutoscaler {
        let spec = doc.spec;
        let target = spec.scale_target_ref;
        let metrics = spec.target_cpu_utilization_percentage.map(|percent| {
            vec![v2::MetricSpec {
                type_: "Resource".into(),
                resource: Some(v2::ResourceMetricSource {
                    name: "cpu".into(),
                    target: v2::MetricTarget {
                        type_: "Utilization".into(),
                        average_utilization: Some(percent),
                        ..Default::default()
                    },
                }),
                ..Default::default()
            }]
        });
        v2::HorizontalPodAutoscaler {
            metadata: doc.metadata,
            spec: v2::HorizontalPodAutoscalerSpec {
                scale_target_ref: v2::CrossVersionObjectReference {
                    api_version: target.api_version,
                    kind: target.kind,
                    name: target.name,
                },
                min_replicas: spec.min_replicas,
                max_replicas: spec.max_replicas,
                metrics,
                behavior: None,
            },
            status: None,
        }
    }
}
