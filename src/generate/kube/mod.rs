//! The Kubernetes manifests: one file per object under `k8s/`, the same objects as one
//! stream in `k8s/all.yaml`, and `k8s/kustomization.yaml`.

pub mod deployment;
pub mod labels;
pub mod service;

use crate::bundle::{manifest, GeneratedFile};
use crate::model::Design;

/// Every manifest file of the design.
pub fn files(design: &Design) -> Vec<GeneratedFile> {
    vec![
        manifest("k8s/deployment.yaml", &deployment::deployment(design)),
        manifest("k8s/service.yaml", &service::service(design)),
    ]
}
