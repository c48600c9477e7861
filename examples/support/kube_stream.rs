//! A realistic 2,400-document manifest stream for the validator benchmarks (native
//! `examples/bench_kube.rs` and the in-browser `tests/bench_browser.rs`): 300
//! services, each a generated Deployment and Service plus a ConfigMap, Ingress, HPA,
//! PodDisruptionBudget and NetworkPolicy.

use std::collections::BTreeMap;

use k8s_openapi::api::autoscaling::v2::{
    CrossVersionObjectReference, HorizontalPodAutoscaler, HorizontalPodAutoscalerSpec, MetricSpec,
    MetricTarget, ResourceMetricSource,
};
use k8s_openapi::api::core::v1::ConfigMap;
use k8s_openapi::api::networking::v1::{
    HTTPIngressPath, HTTPIngressRuleValue, Ingress, IngressBackend, IngressRule,
    IngressServiceBackend, IngressSpec, IngressTLS, NetworkPolicy, NetworkPolicyIngressRule,
    NetworkPolicyPort, NetworkPolicySpec, ServiceBackendPort,
};
use k8s_openapi::api::policy::v1::{PodDisruptionBudget, PodDisruptionBudgetSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use gin_deploy::bundle::render;
use gin_deploy::model::Design;
use gin_deploy::yaml::to_yaml;

const SERVICES: usize = 300;

fn meta(name: &str, namespace: &str) -> ObjectMeta {
    ObjectMeta {
        name: Some(name.into()),
        namespace: Some(namespace.into()),
        labels: Some(labels(name)),
        ..Default::default()
    }
}

fn labels(name: &str) -> BTreeMap<String, String> {
    BTreeMap::from([("app.kubernetes.io/name".to_owned(), name.to_owned())])
}

fn selector(name: &str) -> LabelSelector {
    LabelSelector {
        match_labels: Some(labels(name)),
        ..Default::default()
    }
}

/// The companions of one generated service, as typed objects: (kind, YAML).
fn companions(name: &str, namespace: &str) -> Vec<(&'static str, String)> {
    let config = ConfigMap {
        metadata: meta(name, namespace),
        data: Some(BTreeMap::from([
            ("LOG_LEVEL".to_owned(), "info".to_owned()),
            ("TIMEOUT".to_owned(), "30s".to_owned()),
            ("FEATURE_X".to_owned(), "on".to_owned()),
        ])),
        ..Default::default()
    };
    let ingress = Ingress {
        metadata: meta(name, namespace),
        spec: Some(IngressSpec {
            ingress_class_name: Some("nginx".into()),
            tls: Some(vec![IngressTLS {
                hosts: Some(vec![format!("{name}.example.com")]),
                secret_name: Some(format!("{name}-tls")),
            }]),
            rules: Some(vec![IngressRule {
                host: Some(format!("{name}.example.com")),
                http: Some(HTTPIngressRuleValue {
                    paths: vec![HTTPIngressPath {
                        path: Some("/api/v1".into()),
                        path_type: "Prefix".into(),
                        backend: IngressBackend {
                            service: Some(IngressServiceBackend {
                                name: name.into(),
                                port: Some(ServiceBackendPort {
                                    name: Some("http".into()),
                                    ..Default::default()
                                }),
                            }),
                            ..Default::default()
                        },
                    }],
                }),
            }]),
            ..Default::default()
        }),
        ..Default::default()
    };
    let hpa = HorizontalPodAutoscaler {
        metadata: meta(name, namespace),
        spec: HorizontalPodAutoscalerSpec {
            scale_target_ref: CrossVersionObjectReference {
                api_version: Some("apps/v1".into()),
                kind: "Deployment".into(),
                name: name.into(),
            },
            min_replicas: Some(2),
            max_replicas: 10,
            metrics: Some(vec![MetricSpec {
                type_: "Resource".into(),
                resource: Some(ResourceMetricSource {
                    name: "cpu".into(),
                    target: MetricTarget {
                        type_: "Utilization".into(),
                        average_utilization: Some(70),
                        ..Default::default()
                    },
                }),
                ..Default::default()
            }]),
            ..Default::default()
        },
        ..Default::default()
    };
    let pdb = PodDisruptionBudget {
        metadata: meta(name, namespace),
        spec: Some(PodDisruptionBudgetSpec {
            min_available: Some(IntOrString::Int(1)),
            selector: Some(selector(name)),
            ..Default::default()
        }),
        ..Default::default()
    };
    let policy = NetworkPolicy {
        metadata: meta(name, namespace),
        spec: Some(NetworkPolicySpec {
            pod_selector: Some(selector(name)),
            policy_types: Some(vec!["Ingress".into()]),
            ingress: Some(vec![NetworkPolicyIngressRule {
                ports: Some(vec![NetworkPolicyPort {
                    port: Some(IntOrString::Int(8080)),
                    ..Default::default()
                }]),
                ..Default::default()
            }]),
            ..Default::default()
        }),
    };
    [
        ("ConfigMap", to_yaml(&config)),
        ("Ingress", to_yaml(&ingress)),
        ("HorizontalPodAutoscaler", to_yaml(&hpa)),
        ("PodDisruptionBudget", to_yaml(&pdb)),
        ("NetworkPolicy", to_yaml(&policy)),
    ]
    .into_iter()
    .map(|(kind, r)| (kind, r.expect("typed objects serialize")))
    .collect()
}

/// 300 services' manifests as one stream, and its document count.
pub fn stream() -> (String, usize) {
    let mut documents = Vec::new();
    for i in 0..SERVICES {
        let mut design = Design::default();
        design.service.name = format!("svc-{i:03}");
        let namespace = format!("team-{}", i % 12);
        design.cluster.namespace = namespace.clone();
        let generated = render(&design).into_iter().filter(|f| {
            f.path.starts_with("k8s/")
                && f.path != "k8s/all.yaml"
                && f.path != "k8s/kustomization.yaml"
        });
        let generated: Vec<String> = generated.map(|f| f.contents).collect();
        // The generator may already write some of these kinds; add only the others.
        let missing: Vec<String> = companions(&design.service.name, &namespace)
            .into_iter()
            .filter(|(kind, _)| {
                let line = format!("kind: {kind}\n");
                !generated.iter().any(|g| g.contains(&line))
            })
            .map(|(_, yaml)| yaml)
            .collect();
        documents.extend(generated);
        documents.extend(missing);
    }
    let count = documents.len();
    (documents.join("---\n"), count)
}
