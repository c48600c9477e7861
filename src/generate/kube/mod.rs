//! The Kubernetes manifests: one file per object under `k8s/`, named after its kind,
//! the same objects as one stream in `k8s/all.yaml`, and `k8s/kustomization.yaml`.
//!
//! Each object has its own module with a function from the design to a typed
//! `k8s-openapi` value; objects the design does not ask for are left out. Every
//! namespaced object lives in the design's namespace (see [`labels::metadata`] and [`crate::names`]).
//!
//! Deliberately absent: the Secret the pods mount. Whatever `kubectl apply -k k8s/`
//! applies, every deploy applies again, so a Secret here would overwrite the real one
//! a team created; [`secret`] explains how it reaches the cluster instead.

pub mod configmap;
pub mod deployment;
pub mod hpa;
pub mod ingress;
pub mod kustomization;
pub mod labels;
pub mod namespace;
pub mod network_policy;
pub mod pdb;
pub mod probes;
pub mod secret;
pub mod service;

use k8s_openapi::Resource;
use serde::Serialize;

use crate::bundle::{manifest, GeneratedFile};
use crate::model::Design;

/// The directory of the manifests inside the bundle.
const DIR: &str = "k8s";

/// An object's file: `k8s/<kind in lower case>.yaml`.
fn object<T: Resource + Serialize>(object: &T) -> GeneratedFile {
    manifest(&format!("{DIR}/{}.yaml", T::KIND.to_lowercase()), object)
}

/// One file per object, in the order `kubectl apply` needs them: the Namespace
/// first, then what the pods reference, the pods, and what refers to them.
fn objects(design: &Design) -> Vec<GeneratedFile> {
    [
        Some(object(&namespace::namespace(design))),
        configmap::config_map(design).map(|o| object(&o)),
        Some(object(&deployment::deployment(design))),
        Some(object(&service::service(design))),
        ingress::ingress(design).map(|o| object(&o)),
        hpa::hpa(design).map(|o| object(&o)),
        pdb::pdb(design).map(|o| object(&o)),
        network_policy::network_policy(design).map(|o| object(&o)),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Every manifest file of the design: the objects, `all.yaml`, `kustomization.yaml`.
pub fn files(design: &Design) -> Vec<GeneratedFile> {
    let objects = objects(design);
    // Each document is a complete YAML text ending in a newline; a stream is its
    // documents with `---` lines between them.
    let stream = objects
        .iter()
        .map(|f| f.contents.as_str())
        .collect::<Vec<_>>()
        .join("---\n");
    let resources = objects.iter().map(|f| f.file_name().to_owned()).collect();
    let kustomization = manifest(
        &format!("{DIR}/kustomization.yaml"),
        &kustomization::kustomization(design, resources),
    );
    let all = GeneratedFile {
        path: format!("{DIR}/all.yaml"),
        contents: stream,
    };
    objects.into_iter().chain([all, kustomization]).collect()
}
