//! Benchmark of the Kubernetes validator on a stream of ~2,100 documents: 300 services,
//! each a generated Deployment and Service plus a ConfigMap, Ingress, HPA,
//! PodDisruptionBudget and NetworkPolicy. Prints the validator's time natively and,
//! once, the time `kubernetes-validate --strict` takes on the same stream.
//!
//! ```text
//! cargo run --release --example bench_kube              # ours, then kubernetes-validate once
//! cargo run --release --example bench_kube -- --ours-only
//! ```

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

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
use gin_deploy::validate::kube::{validate, Options};
use gin_deploy::yaml::{parse_stream, to_yaml, Limits};

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

/// 300 services' manifests as one stream.
fn stream() -> (String, usize) {
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

fn main() {
    let (text, documents) = stream();
    let lines = text.lines().count();
    println!(
        "stream: {documents} documents, {lines} lines, {} KiB",
        text.len() / 1024
    );
    let parse = (0..15)
        .map(|_| {
            let start = Instant::now();
            let stream = parse_stream(&text, &Limits::default());
            let elapsed = start.elapsed();
            assert!(stream.problems.is_empty());
            elapsed
        })
        .min()
        .unwrap_or_default();
    println!(
        "of which reading the YAML: min {:.1} ms",
        parse.as_secs_f64() * 1e3
    );
    let options = Options::default();
    let mut times: Vec<Duration> = Vec::new();
    let mut findings = 0;
    for _ in 0..15 {
        let start = Instant::now();
        findings = validate("bench.yaml", &text, &options).len();
        times.push(start.elapsed());
    }
    times.sort();
    println!(
        "gin_deploy::validate::kube::validate: median {:.1} ms, min {:.1} ms over {} runs ({findings} findings)",
        times[times.len() / 2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times.len()
    );

    let tool = "/work/main/.venv/bin/kubernetes-validate";
    if std::env::args().any(|a| a == "--ours-only") {
        return;
    }
    if !std::path::Path::new(tool).exists() {
        println!("{tool} not found: skipped");
        return;
    }
    let path = std::env::temp_dir().join("bench_kube.yaml");
    std::fs::write(&path, &text).expect("temp file");
    let start = Instant::now();
    let status = std::process::Command::new(tool)
        .args(["--strict", "-k", "1.37.0"])
        .arg(&path)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
    println!(
        "kubernetes-validate --strict: {:.1} s ({status:?})",
        start.elapsed().as_secs_f64()
    );
}
