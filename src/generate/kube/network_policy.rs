//! The NetworkPolicy that admits traffic to the pods only on the listen port.
//!
//! It restricts the port, not the sources: the design does not know the ingress
//! controller's namespace (ingress-nginx, traefik, a cloud load balancer...), and
//! other workloads reach the service through its ClusterIP, a NodePort Service from
//! outside the cluster. A team that knows its controller adds a `from` clause.

use k8s_openapi::api::networking::v1::{
    NetworkPolicy, NetworkPolicyIngressRule, NetworkPolicyPort, NetworkPolicySpec,
};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::generate::kube::labels::{label_selector, metadata};
use crate::model::Design;
use crate::names;

/// The NetworkPolicy, or none when `cluster.networkPolicy` is off.
pub fn network_policy(design: &Design) -> Option<NetworkPolicy> {
    design.cluster.network_policy.then(|| NetworkPolicy {
        metadata: metadata(design, names::of(design).app),
        spec: Some(NetworkPolicySpec {
            pod_selector: Some(label_selector(design)),
            policy_types: Some(vec!["Ingress".into()]),
            ingress: Some(vec![NetworkPolicyIngressRule {
                ports: Some(vec![NetworkPolicyPort {
                    protocol: Some("TCP".into()),
                    port: Some(IntOrString::Int(i32::from(design.service.port))),
                    ..Default::default()
                }]),
                ..Default::default()
            }]),
            ..Default::default()
        }),
    })
}
