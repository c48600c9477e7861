//! The Service in front of the pods: cluster port 80 to the listen port.

use k8s_openapi::api::core::v1::{Service, ServicePort, ServiceSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::generate::kube::labels::selector;
use crate::model::Design;

/// The port clients inside the cluster use; the pods listen on the design's port.
pub const SERVICE_PORT: i32 = 80;

/// A ClusterIP Service selecting the Deployment's pods.
pub fn service(design: &Design) -> Service {
    Service {
        metadata: ObjectMeta {
            name: Some(design.service.name.clone()),
            labels: Some(selector(design)),
            ..Default::default()
        },
        spec: Some(ServiceSpec {
            type_: Some("ClusterIP".into()),
            selector: Some(selector(design)),
            ports: Some(vec![ServicePort {
                name: Some("http".into()),
                port: SERVICE_PORT,
                target_port: Some(IntOrString::Int(i32::from(design.service.port))),
                protocol: Some("TCP".into()),
                ..Default::default()
            }]),
            ..Default::default()
        }),
        ..Default::default()
    }
}
