//! The NetworkPolicy that admits traffic to the pods only on the listen port, and on
//! the metrics port only from the designed monitoring namespace.
//!
//! When an Ingress or an HTTPRoute routes to a ClusterIP Service, the listen port
//! admits only the namespace of the ingress controller or the Gateway's proxies
//! (`cluster.ingress.controllerNamespace`, `cluster.gateway.controllerNamespace`,
//! matched by the `kubernetes.io/metadata.name` label every namespace carries):
//! nothing else in the cluster can bypass the routing layer. Without one, or behind a NodePort
//! Service, clients come from wherever the cluster's nodes forward them, which no
//! selector names, so the listen port admits every source.

use std::collections::BTreeMap;

use k8s_openapi::api::networking::v1::{
    NetworkPolicy, NetworkPolicyIngressRule, NetworkPolicyPeer, NetworkPolicyPort,
    NetworkPolicySpec,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::generate::kube::labels::{label_selector, metadata};
use crate::model::{Design, ServiceType};
use crate::names;

/// The label the API server sets on every namespace to its own name.
const NAMESPACE_NAME_LABEL: &str = "kubernetes.io/metadata.name";

/// The NetworkPolicy, or none when `cluster.networkPolicy` is off.
pub fn network_policy(design: &Design) -> Option<NetworkPolicy> {
    let cluster = &design.cluster;
    if !cluster.network_policy {
        return None;
    }
    let controller = cluster
        .routing_namespace()
        .filter(|_| cluster.service_type == ServiceType::ClusterIP);
    let mut rules = vec![rule(design.service.port, controller)];
    if design.serves_metrics() && !cluster.monitoring_namespace.is_empty() {
        rules.push(rule(
            design.service.metrics_port,
            Some(&cluster.monitoring_namespace),
        ));
    }
    Some(NetworkPolicy {
        metadata: metadata(design, names::of(design).app),
        spec: Some(NetworkPolicySpec {
            pod_selector: Some(label_selector(design)),
            policy_types: Some(vec!["Ingress".into()]),
            ingress: Some(rules),
            ..Default::default()
        }),
    })
}

/// Admits TCP to `port` from the namespace `from`, or from every source.
fn rule(port: u16, from: Option<&str>) -> NetworkPolicyIngressRule {
    NetworkPolicyIngressRule {
        from: from.map(|namespace| {
            vec![NetworkPolicyPeer {
                namespace_selector: Some(LabelSelector {
                    match_labels: Some(BTreeMap::from([(
                        NAMESPACE_NAME_LABEL.to_owned(),
                        namespace.to_owned(),
                    )])),
                    ..Default::default()
                }),
                ..Default::default()
            }]
        }),
        ports: Some(vec![NetworkPolicyPort {
            protocol: Some("TCP".into()),
            port: Some(IntOrString::Int(i32::from(port))),
            ..Default::default()
        }]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Ingress, Middleware};

    fn sources(policy: &NetworkPolicy) -> Vec<(i32, Option<String>)> {
        policy
            .spec
            .as_ref()
            .unwrap()
            .ingress
            .as_ref()
            .unwrap()
            .iter()
            .map(|rule| {
                let port = match rule.ports.as_ref().unwrap()[0].port {
                    Some(IntOrString::Int(port)) => port,
                    _ => panic!("a numeric port"),
                };
                let namespace = rule.from.as_ref().map(|peers| {
                    peers[0]
                        .namespace_selector
                        .as_ref()
                        .unwrap()
                        .match_labels
                        .as_ref()
                        .unwrap()[NAMESPACE_NAME_LABEL]
                        .clone()
                });
                (port, namespace)
            })
            .collect()
    }

    #[test]
    fn behind_an_ingress_only_the_controller_namespace_reaches_the_listen_port() {
        let mut design = Design::default();
        design.cluster.gateway = None;
        design.cluster.ingress = Some(Ingress::default());
        let policy = network_policy(&design).unwrap();
        assert_eq!(sources(&policy), [(8080, Some("ingress-nginx".into()))]);
        design
            .cluster
            .ingress
            .as_mut()
            .unwrap()
            .controller_namespace = "traefik".into();
        let policy = network_policy(&design).unwrap();
        assert_eq!(sources(&policy), [(8080, Some("traefik".into()))]);
        // Behind a Gateway, its proxies' namespace.
        design.cluster.ingress = None;
        design.cluster.gateway = Some(crate::model::Gateway {
            controller_namespace: "envoy-gateway-system".into(),
            ..Default::default()
        });
        let policy = network_policy(&design).unwrap();
        assert_eq!(
            sources(&policy),
            [(8080, Some("envoy-gateway-system".into()))]
        );
    }

    #[test]
    fn without_an_ingress_or_behind_a_node_port_every_source_reaches_the_listen_port() {
        let mut design = Design::default();
        design.cluster.ingress = None;
        design.cluster.gateway = None;
        assert_eq!(sources(&network_policy(&design).unwrap()), [(8080, None)]);
        design.cluster.gateway = None;
        design.cluster.ingress = Some(Ingress::default());
        design.cluster.service_type = ServiceType::NodePort;
        assert_eq!(sources(&network_policy(&design).unwrap()), [(8080, None)]);
    }

    #[test]
    fn the_metrics_port_admits_the_monitoring_namespace_only() {
        let mut design = Design::default();
        design.cluster.ingress = None;
        design.cluster.gateway = None;
        design.middleware.push(Middleware::Metrics {
            path: "/metrics".into(),
        });
        // No monitoring namespace designed: nothing reaches the metrics port.
        assert_eq!(sources(&network_policy(&design).unwrap()), [(8080, None)]);
        design.cluster.monitoring_namespace = "monitoring".into();
        assert_eq!(
            sources(&network_policy(&design).unwrap()),
            [(8080, None), (9090, Some("monitoring".into()))]
        );
        design.cluster.network_policy = false;
        assert!(network_policy(&design).is_none());
    }
}
