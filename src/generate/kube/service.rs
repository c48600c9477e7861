//! The Service in front of the pods: `cluster.servicePort` to the listen port.

use k8s_openapi::api::core::v1::{Service, ServicePort, ServiceSpec};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::generate::kube::labels::{metadata, selector};
use crate::model::{Design, ServiceType};
use crate::names;

/// The Service selecting the Deployment's pods, of the designed type; a NodePort
/// Service gets the designed node port, or one the cluster picks.
pub fn service(design: &Design) -> Service {
    let cluster = &design.cluster;
    let node_port = match cluster.service_type {
        ServiceType::NodePort => cluster.node_port.map(i32::from),
        ServiceType::ClusterIP => None,
    };
    Service {
        metadata: metadata(design, names::of(design).app),
        spec: Some(ServiceSpec {
            type_: Some(cluster.service_type.as_str().into()),
            selector: Some(selector(design)),
            ports: Some(vec![ServicePort {
                name: Some("http".into()),
                port: i32::from(cluster.service_port),
                target_port: Some(IntOrString::Int(i32::from(design.service.port))),
                node_port,
                protocol: Some("TCP".into()),
                ..Default::default()
            }]),
            ..Default::default()
        }),
        ..Default::default()
    }
}
