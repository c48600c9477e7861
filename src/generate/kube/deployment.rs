//! The Deployment that runs the service's pods.

use k8s_openapi::api::apps::v1::{Deployment, DeploymentSpec};
use k8s_openapi::api::core::v1::{
    Capabilities, Container, ContainerPort, EnvVar, HTTPGetAction, PodSecurityContext, PodSpec,
    PodTemplateSpec, Probe, ResourceRequirements, SeccompProfile, SecurityContext, TCPSocketAction,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use std::collections::BTreeMap;

use crate::generate::kube::labels::selector;
use crate::model::Design;

fn quantities(pairs: &[(&str, &str)]) -> BTreeMap<String, Quantity> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), Quantity((*v).to_owned())))
        .collect()
}

/// Probes hit the first designed health route; a design without one falls back to a
/// TCP check of the listen port rather than inventing a path the server would 404.
fn probe(design: &Design, initial_delay: i32) -> Probe {
    let port = IntOrString::Int(i32::from(design.service.port));
    let (http_get, tcp_socket) = match design.probe_path() {
        Some(path) => (
            Some(HTTPGetAction {
                path: Some(path),
                port,
                ..Default::default()
            }),
            None,
        ),
        None => (
            None,
            Some(TCPSocketAction {
                port,
                ..Default::default()
            }),
        ),
    };
    Probe {
        http_get,
        tcp_socket,
        initial_delay_seconds: Some(initial_delay),
        period_seconds: Some(10),
        timeout_seconds: Some(2),
        failure_threshold: Some(3),
        ..Default::default()
    }
}

/// The Deployment: hardened pod and container security settings, resource requests and
/// limits, readiness and liveness probes, and the listen port passed in as `PORT`.
pub fn deployment(design: &Design) -> Deployment {
    let name = &design.service.name;
    let labels = selector(design);
    let port = i32::from(design.service.port);
    let container = Container {
        name: name.clone(),
        image: Some(design.delivery.image.clone()),
        image_pull_policy: Some("IfNotPresent".into()),
        ports: Some(vec![ContainerPort {
            name: Some("http".into()),
            container_port: port,
            protocol: Some("TCP".into()),
            ..Default::default()
        }]),
        env: Some(vec![
            EnvVar {
                name: "PORT".into(),
                value: Some(port.to_string()),
                ..Default::default()
            },
            EnvVar {
                name: "GIN_MODE".into(),
                value: Some("release".into()),
                ..Default::default()
            },
        ]),
        resources: Some(ResourceRequirements {
            requests: Some(quantities(&[("cpu", "100m"), ("memory", "128Mi")])),
            limits: Some(quantities(&[("cpu", "500m"), ("memory", "256Mi")])),
            ..Default::default()
        }),
        readiness_probe: Some(probe(design, 2)),
        liveness_probe: Some(probe(design, 10)),
        security_context: Some(SecurityContext {
            allow_privilege_escalation: Some(false),
            read_only_root_filesystem: Some(true),
            run_as_non_root: Some(true),
            capabilities: Some(Capabilities {
                drop: Some(vec!["ALL".into()]),
                ..Default::default()
            }),
            ..Default::default()
        }),
        ..Default::default()
    };
    Deployment {
        metadata: ObjectMeta {
            name: Some(name.clone()),
            labels: Some(labels.clone()),
            ..Default::default()
        },
        spec: DeploymentSpec {
            replicas: Some(design.cluster.replicas),
            selector: LabelSelector {
                match_labels: Some(labels.clone()),
                ..Default::default()
            },
            template: PodTemplateSpec {
                metadata: Some(ObjectMeta {
                    labels: Some(labels),
                    ..Default::default()
                }),
                spec: Some(PodSpec {
                    automount_service_account_token: Some(false),
                    security_context: Some(PodSecurityContext {
                        run_as_non_root: Some(true),
                        run_as_user: Some(i64::from(design.container.user_id)),
                        run_as_group: Some(i64::from(design.container.user_id)),
                        seccomp_profile: Some(SeccompProfile {
                            type_: "RuntimeDefault".into(),
                            ..Default::default()
                        }),
                        ..Default::default()
                    }),
                    containers: vec![container],
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

    fn only_container(deployment: &Deployment) -> &Container {
        let pod = deployment.spec.template.spec.as_ref().unwrap();
        assert_eq!(pod.containers.len(), 1);
        &pod.containers[0]
    }

    #[test]
    fn probes_use_a_designed_health_route() {
        let design = Design::default();
        let deployment = deployment(&design);
        let probe = only_container(&deployment)
            .readiness_probe
            .as_ref()
            .unwrap();
        assert_eq!(
            probe.http_get.as_ref().unwrap().path.as_deref(),
            Some("/healthz")
        );
    }

    #[test]
    fn probes_fall_back_to_tcp_without_a_health_route() {
        let mut design = Design::default();
        for group in &mut design.groups {
            group
                .routes
                .retain(|r| r.path != "/healthz" && r.path != "/ping");
        }
        let deployment = deployment(&design);
        let probe = only_container(&deployment).liveness_probe.as_ref().unwrap();
        assert!(probe.http_get.is_none());
        assert_eq!(
            probe.tcp_socket.as_ref().unwrap().port,
            IntOrString::Int(i32::from(design.service.port))
        );
    }

    #[test]
    fn runs_the_designed_image_with_the_designed_replicas() {
        let mut design = Design::default();
        design.cluster.replicas = 5;
        design.delivery.image = "example.org/x:2".into();
        let deployment = deployment(&design);
        assert_eq!(deployment.spec.replicas, Some(5));
        assert_eq!(
            only_container(&deployment).image.as_deref(),
            Some("example.org/x:2")
        );
    }
}
