//! `kustomization.yaml`: the per-object manifests as one kustomize base.
//!
//! Kustomize's own types are not part of `k8s-openapi`, so this is a plain serde
//! struct with the fields we write.

use serde::Serialize;

use crate::model::Design;
use crate::names;

/// The kustomize configuration file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Kustomization {
    pub api_version: &'static str,
    pub kind: &'static str,
    pub namespace: String,
    /// The object files, relative to `kustomization.yaml`, in apply order.
    pub resources: Vec<String>,
}

/// The kustomization listing `resources` in the design's namespace.
pub fn kustomization(design: &Design, resources: Vec<String>) -> Kustomization {
    Kustomization {
        api_version: "kustomize.config.k8s.io/v1beta1",
        kind: "Kustomization",
        namespace: names::of(design).namespace.to_owned(),
        resources,
    }
}
