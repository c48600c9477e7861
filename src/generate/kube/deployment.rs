//! The Deployment that runs the service's pods.
//!
//! What it promises:
//! - The pods pass checkov's kubernetes framework: hardened pod and container
//!   security contexts, requests and limits, probes, `imagePullPolicy: Always`, no
//!   service account token, secrets as files. The one exception is CKV_K8S_43 (image
//!   by digest) for an image pinned by tag, skipped with a reason on the Deployment,
//!   since the digest is only known once the pipeline has built the image.
//! - A deploy-only design runs the team's own binary, which reads its secrets with
//!   `os.Getenv` rather than from `$SECRETS_DIR`: its container takes each key of the
//!   Secret as the environment variable of the same name (`secretKeyRef`), and the
//!   Deployment skips CKV_K8S_35 (secrets as files) with that reason. The bundle's
//!   README says how to move to files.
//! - With an HPA the Deployment leaves `replicas` out: the HPA owns the count, and a
//!   `replicas` in the manifest would reset it to that value on every `kubectl apply`
//!   (the Kubernetes HPA documentation's advice). The API server then starts one pod
//!   and the HPA raises it to its minimum within one sync period.
//! - The listen port is `service.port` everywhere: `containerPort`, `PORT`, probes.

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{
    Deployment, DeploymentSpec, DeploymentStrategy, RollingUpdateDeployment,
};
use k8s_openapi::api::core::v1::{
    Capabilities, ConfigMapEnvSource, Container, ContainerPort, EmptyDirVolumeSource,
    EnvFromSource, EnvVar, EnvVarSource, PodSecurityContext, PodSpec, PodTemplateSpec,
    ResourceRequirements, SeccompProfile, SecretKeySelector, SecretVolumeSource, SecurityContext,
    TopologySpreadConstraint, Volume, VolumeMount,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::generate::kube::labels::{label_selector, metadata, selector};
use crate::generate::kube::probes::probes;
use crate::generate::kube::{configmap, secret};
use crate::model::Design;
use crate::names;

/// The checkov annotation that skips the digest check for an image pinned by tag.
pub const DIGEST_SKIP_ANNOTATION: (&str, &str) = (
    "checkov.io/skip1",
    "CKV_K8S_43=image is pinned by tag; digests are known only after the pipeline builds",
);

/// The checkov annotation that skips the secrets-as-files check for a deploy-only
/// design with secrets: the team's own code reads them from the environment.
pub const SECRET_ENV_SKIP_ANNOTATION: (&str, &str) = (
    "checkov.io/skip2",
    "CKV_K8S_35=the project's own code reads its secrets from environment variables",
);

/// The size of the pods' writable `/tmp`: the root filesystem is read-only, and Go's
/// `multipart` spills large uploads to `os.TempDir()`.
const TMP_SIZE_LIMIT: &str = "64Mi";

fn quantities(pairs: [(&str, &str); 2]) -> BTreeMap<String, Quantity> {
    pairs
        .into_iter()
        .map(|(k, v)| (k.to_owned(), Quantity(v.to_owned())))
        .collect()
}

/// A rolling-update bound: `25%` stays a percentage, `1` becomes a count.
fn int_or_percent(text: &str) -> IntOrString {
    let text = text.trim();
    match text.parse::<i32>() {
        Ok(n) => IntOrString::Int(n),
        Err(_) => IntOrString::String(text.to_owned()),
    }
}

fn is_zero(bound: &IntOrString) -> bool {
    match bound {
        IntOrString::Int(n) => *n == 0,
        IntOrString::String(s) => s.trim_end_matches('%').parse::<i32>() == Ok(0),
    }
}

/// RollingUpdate with the designed bounds. Both bounds at zero would never make
/// progress and the API server refuses them, so a surge of one pod is allowed then.
fn strategy(design: &Design) -> DeploymentStrategy {
    let max_unavailable = int_or_percent(&design.cluster.max_unavailable);
    let mut max_surge = int_or_percent(&design.cluster.max_surge);
    if is_zero(&max_surge) && is_zero(&max_unavailable) {
        max_surge = IntOrString::Int(1);
    }
    DeploymentStrategy {
        type_: Some("RollingUpdate".into()),
        rolling_update: Some(RollingUpdateDeployment {
            max_surge: Some(max_surge),
            max_unavailable: Some(max_unavailable),
        }),
    }
}

/// The listen port, and the metrics port (named `metrics` for Prometheus' pod
/// discovery) when the service serves metrics; the Service routes only the first.
fn ports(design: &Design) -> Vec<ContainerPort> {
    let mut ports = vec![ContainerPort {
        name: Some("http".into()),
        container_port: i32::from(design.service.port),
        protocol: Some("TCP".into()),
        ..Default::default()
    }];
    if design.serves_metrics() {
        ports.push(ContainerPort {
            name: Some("metrics".into()),
            container_port: i32::from(design.service.metrics_port),
            protocol: Some("TCP".into()),
            ..Default::default()
        });
    }
    ports
}

fn env(name: &str, value: impl Into<String>) -> EnvVar {
    EnvVar {
        name: name.to_owned(),
        value: Some(value.into()),
        ..Default::default()
    }
}

/// The service's container: the image, the listen port, plain config from the
/// ConfigMap, secrets as read-only files, probes, resources and a locked-down
/// security context.
fn container(design: &Design, has_secret: bool) -> Container {
    let names = names::of(design);
    let port = i32::from(design.service.port);
    let resources = &design.cluster.resources;
    let probes = probes(design);
    let mut env_vars = vec![
        env("PORT", port.to_string()),
        env("GIN_MODE", design.service.gin_mode.as_str()),
    ];
    let mut mounts = vec![VolumeMount {
        name: "tmp".into(),
        mount_path: "/tmp".into(),
        ..Default::default()
    }];
    if has_secret && secrets_as_env(design) {
        env_vars.extend(secret::keys(design).into_iter().map(|key| EnvVar {
            value_from: Some(EnvVarSource {
                secret_key_ref: Some(SecretKeySelector {
                    name: secret::name(design),
                    key: key.clone(),
                    // Not optional, as the volume of the scaffold's pods is not: the
                    // pods wait for the Secret rather than start without a key.
                    optional: Some(false),
                }),
                ..Default::default()
            }),
            name: key,
            ..Default::default()
        }));
    } else if has_secret {
        env_vars.push(env("SECRETS_DIR", secret::SECRETS_DIR));
        mounts.push(VolumeMount {
            name: "secrets".into(),
            mount_path: secret::SECRETS_DIR.into(),
            read_only: Some(true),
            ..Default::default()
        });
    }
    let env_from = configmap::config_map(design).map(|config_map| {
        vec![EnvFromSource {
            config_map_ref: Some(ConfigMapEnvSource {
                name: config_map.metadata.name.unwrap_or_default(),
                ..Default::default()
            }),
            ..Default::default()
        }]
    });
    Container {
        name: names.app.to_owned(),
        image: Some(names.image.to_owned()),
        // A tag can be pushed again; Always makes every pod run what the tag names now.
        image_pull_policy: Some("Always".into()),
        ports: Some(ports(design)),
        env: Some(env_vars),
        env_from,
        resources: Some(ResourceRequirements {
            requests: Some(quantities([
                ("cpu", &resources.cpu_request),
                ("memory", &resources.memory_request),
            ])),
            limits: Some(quantities([
                ("cpu", &resources.cpu_limit),
                ("memory", &resources.memory_limit),
            ])),
            ..Default::default()
        }),
        readiness_probe: Some(probes.readiness),
        liveness_probe: Some(probes.liveness),
        startup_probe: probes.startup,
        security_context: Some(SecurityContext {
            allow_privilege_escalation: Some(false),
            privileged: Some(false),
            read_only_root_filesystem: Some(true),
            run_as_non_root: Some(true),
            capabilities: Some(Capabilities {
                drop: Some(vec!["ALL".into()]),
                ..Default::default()
            }),
            ..Default::default()
        }),
        volume_mounts: Some(mounts),
        ..Default::default()
    }
}

fn volumes(design: &Design, has_secret: bool) -> Vec<Volume> {
    let mut volumes = vec![Volume {
        name: "tmp".into(),
        empty_dir: Some(EmptyDirVolumeSource {
            size_limit: Some(Quantity(TMP_SIZE_LIMIT.into())),
            ..Default::default()
        }),
        ..Default::default()
    }];
    if has_secret && !secrets_as_env(design) {
        volumes.push(Volume {
            name: "secrets".into(),
            // Not optional: the Secret is created outside the manifests (see
            // `secret`), and until it exists the pods wait rather than start without
            // their keys.
            secret: Some(SecretVolumeSource {
                secret_name: Some(secret::name(design)),
                // Owner and group read only; the files belong to the pod's fsGroup,
                // which is the service's user.
                default_mode: Some(0o440),
                ..Default::default()
            }),
            ..Default::default()
        });
    }
    volumes
}

/// One pod per node where possible, counted per rollout revision
/// (`pod-template-hash`) so old pods do not skew a new ReplicaSet's placement. A
/// preference, not a rule: a rollout never waits for a free node.
fn spread(design: &Design) -> Option<Vec<TopologySpreadConstraint>> {
    design.cluster.spread_across_nodes.then(|| {
        vec![TopologySpreadConstraint {
            max_skew: 1,
            topology_key: "kubernetes.io/hostname".into(),
            when_unsatisfiable: "ScheduleAnyway".into(),
            label_selector: Some(label_selector(design)),
            match_label_keys: Some(vec!["pod-template-hash".into()]),
            ..Default::default()
        }]
    })
}

/// Whether the container takes the Secret as environment variables: a deploy-only
/// design's own code reads them there (see the module documentation).
pub fn secrets_as_env(design: &Design) -> bool {
    design.project.is_some()
}

/// Whether the image names a digest, which makes CKV_K8S_43 pass on its own.
pub fn pinned_by_digest(design: &Design) -> bool {
    names::of(design).image.contains("@sha256:")
}

/// The Deployment of the service's pods.
pub fn deployment(design: &Design) -> Deployment {
    let has_secret = !secret::keys(design).is_empty();
    let user = i64::from(design.container.user_id);
    let skips: BTreeMap<String, String> = [
        (!pinned_by_digest(design)).then_some(DIGEST_SKIP_ANNOTATION),
        (has_secret && secrets_as_env(design)).then_some(SECRET_ENV_SKIP_ANNOTATION),
    ]
    .into_iter()
    .flatten()
    .map(|(key, value)| (key.to_owned(), value.to_owned()))
    .collect();
    let annotations = (!skips.is_empty()).then_some(skips);
    Deployment {
        metadata: ObjectMeta {
            annotations,
            ..metadata(design, names::of(design).app)
        },
        spec: DeploymentSpec {
            replicas: design
                .cluster
                .autoscaling
                .is_none()
                .then_some(design.cluster.replicas),
            selector: label_selector(design),
            strategy: Some(strategy(design)),
            template: PodTemplateSpec {
                metadata: Some(ObjectMeta {
                    labels: Some(selector(design)),
                    ..Default::default()
                }),
                spec: Some(PodSpec {
                    automount_service_account_token: Some(false),
                    security_context: Some(PodSecurityContext {
                        run_as_non_root: Some(true),
                        run_as_user: Some(user),
                        run_as_group: Some(user),
                        fs_group: Some(user),
                        seccomp_profile: Some(SeccompProfile {
                            type_: "RuntimeDefault".into(),
                            ..Default::default()
                        }),
                        ..Default::default()
                    }),
                    containers: vec![container(design, has_secret)],
                    volumes: Some(volumes(design, has_secret)),
                    topology_spread_constraints: spread(design),
                    ..Default::default()
                }),
            },
            ..Default::default()
        },
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bounds(surge: &str, unavailable: &str) -> (IntOrString, IntOrString) {
        let mut design = Design::default();
        design.cluster.max_surge = surge.into();
        design.cluster.max_unavailable = unavailable.into();
        let rolling = strategy(&design).rolling_update.unwrap();
        (rolling.max_surge.unwrap(), rolling.max_unavailable.unwrap())
    }

    #[test]
    fn rolling_bounds_are_counts_or_percentages() {
        assert_eq!(
            bounds("25%", "1"),
            (IntOrString::String("25%".into()), IntOrString::Int(1))
        );
        assert_eq!(
            bounds(" 2 ", "10%"),
            (IntOrString::Int(2), IntOrString::String("10%".into()))
        );
    }

    #[test]
    fn a_deploy_only_pod_takes_its_secrets_as_environment_variables() {
        let mut design = Design::default();
        design.config.vars.push(crate::model::ConfigVar {
            name: "API_KEY".into(),
            value: String::new(),
            secret: true,
        });
        let scaffold = deployment(&design);
        let pod = scaffold.spec.template.spec.as_ref().unwrap();
        assert!(pod
            .volumes
            .as_ref()
            .unwrap()
            .iter()
            .any(|v| v.name == "secrets"));
        assert!(!scaffold
            .metadata
            .annotations
            .as_ref()
            .unwrap()
            .contains_key("checkov.io/skip2"));

        design.project = Some(crate::model::Project::default());
        let own = deployment(&design);
        let pod = own.spec.template.spec.as_ref().unwrap();
        assert!(!pod
            .volumes
            .as_ref()
            .unwrap()
            .iter()
            .any(|v| v.name == "secrets"));
        let env = pod.containers[0].env.as_ref().unwrap();
        assert!(!env.iter().any(|e| e.name == "SECRETS_DIR"));
        let key = env.iter().find(|e| e.name == "API_KEY").unwrap();
        let from = key
            .value_from
            .as_ref()
            .unwrap()
            .secret_key_ref
            .as_ref()
            .unwrap();
        assert_eq!(
            (from.name.as_str(), from.key.as_str()),
            ("hello-gin-secrets", "API_KEY")
        );
        assert_eq!(
            own.metadata.annotations.as_ref().unwrap()["checkov.io/skip2"],
            SECRET_ENV_SKIP_ANNOTATION.1
        );
        // Without secrets there is nothing to skip.
        design.config.vars.clear();
        assert!(!deployment(&design)
            .metadata
            .annotations
            .unwrap()
            .contains_key("checkov.io/skip2"));
    }

    #[test]
    fn rolling_bounds_are_never_both_zero() {
        for (surge, unavailable) in [("0", "0"), ("0%", "0"), ("0", "0%")] {
            assert_eq!(bounds(surge, unavailable).0, IntOrString::Int(1));
        }
        assert_eq!(bounds("0", "1").0, IntOrString::Int(0));
    }
}
