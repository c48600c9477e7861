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
pub mod gateway;
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

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler;
use k8s_openapi::api::core::v1::{ConfigMap, Namespace, Service};
use k8s_openapi::api::networking::v1::{Ingress, NetworkPolicy};
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::Resource;

use crate::bundle::{manifest, GeneratedFile};
use crate::gateway_api::{Gateway, HttpRoute};
use crate::model::Design;

/// The directory of the manifests inside the bundle.
const DIR: &str = "k8s";

/// One object of the design, typed.
enum Object {
    Namespace(Namespace),
    ConfigMap(ConfigMap),
    Deployment(Box<Deployment>),
    Service(Service),
    Ingress(Ingress),
    Gateway(Box<Gateway>),
    HttpRoute(Box<HttpRoute>),
    /// The HTTPRoute that redirects plain HTTP to HTTPS, in a file of its own.
    RedirectRoute(Box<HttpRoute>),
    Hpa(HorizontalPodAutoscaler),
    Pdb(PodDisruptionBudget),
    NetworkPolicy(NetworkPolicy),
}

impl Object {
    fn kind(&self) -> &'static str {
        match self {
            Object::Namespace(_) => Namespace::KIND,
            Object::ConfigMap(_) => ConfigMap::KIND,
            Object::Deployment(_) => Deployment::KIND,
            Object::Service(_) => Service::KIND,
            Object::Ingress(_) => Ingress::KIND,
            Object::Gateway(_) => "Gateway",
            Object::HttpRoute(_) | Object::RedirectRoute(_) => "HTTPRoute",
            Object::Hpa(_) => HorizontalPodAutoscaler::KIND,
            Object::Pdb(_) => PodDisruptionBudget::KIND,
            Object::NetworkPolicy(_) => NetworkPolicy::KIND,
        }
    }

    /// The object's file: `k8s/<kind in lower case>.yaml`.
    fn path(&self) -> String {
        match self {
            Object::RedirectRoute(_) => format!("{DIR}/httproute-redirect.yaml"),
            _ => format!("{DIR}/{}.yaml", self.kind().to_lowercase()),
        }
    }

    fn file(&self) -> GeneratedFile {
        let path = self.path();
        match self {
            Object::Namespace(o) => manifest(&path, o),
            Object::ConfigMap(o) => manifest(&path, o),
            Object::Deployment(o) => manifest(&path, o.as_ref()),
            Object::Service(o) => manifest(&path, o),
            Object::Ingress(o) => manifest(&path, o),
            Object::Gateway(o) => manifest(&path, o.as_ref()),
            Object::HttpRoute(o) | Object::RedirectRoute(o) => manifest(&path, o.as_ref()),
            Object::Hpa(o) => manifest(&path, o),
            Object::Pdb(o) => manifest(&path, o),
            Object::NetworkPolicy(o) => manifest(&path, o),
        }
    }
}

/// The objects, in the order `kubectl apply` needs them: the Namespace first, then
/// what the pods reference, the pods, and what refers to them.
fn objects(design: &Design) -> Vec<Object> {
    [
        Some(Object::Namespace(namespace::namespace(design))),
        configmap::config_map(design).map(Object::ConfigMap),
        Some(Object::Deployment(Box::new(deployment::deployment(design)))),
        Some(Object::Service(service::service(design))),
        ingress::ingress(design).map(Object::Ingress),
        gateway::gateway(design).map(|g| Object::Gateway(Box::new(g))),
        gateway::http_route(design).map(|r| Object::HttpRoute(Box::new(r))),
        gateway::redirect_route(design).map(|r| Object::RedirectRoute(Box::new(r))),
        hpa::hpa(design).map(Object::Hpa),
        pdb::pdb(design).map(Object::Pdb),
        network_policy::network_policy(design).map(Object::NetworkPolicy),
    ]
    .into_iter()
    .flatten()
    .collect()
}

const ALL: &str = "k8s/all.yaml";
const KUSTOMIZATION: &str = "k8s/kustomization.yaml";

/// The paths [`files`] writes, without writing them: what the page lists while the
/// worker (which carries the serializers, out of the page's first load) makes them.
/// Decided from the design alone, in [`objects`]' order, so that the page's module
/// carries none of the object builders (`tests/kube.rs` holds the two together on
/// random designs).
pub fn paths(design: &Design) -> Vec<String> {
    let k = &design.cluster;
    let generated_gateway = k
        .gateway
        .as_ref()
        .is_some_and(|g| g.mode == crate::model::GatewayMode::Generate);
    let redirect =
        generated_gateway && k.gateway.as_ref().is_some_and(|g| !g.tls_secret.is_empty());
    [
        (true, "namespace"),
        (!configmap::data(design).is_empty(), "configmap"),
        (true, "deployment"),
        (true, "service"),
        (k.ingress.is_some(), "ingress"),
        (generated_gateway, "gateway"),
        (k.gateway.is_some(), "httproute"),
        (redirect, "httproute-redirect"),
        (hpa::bounds(design).is_some(), "horizontalpodautoscaler"),
        (pdb::min_available(design).is_some(), "poddisruptionbudget"),
        (k.network_policy, "networkpolicy"),
    ]
    .into_iter()
    .filter(|(present, _)| *present)
    .map(|(_, name)| format!("{DIR}/{name}.yaml"))
    .chain([ALL.to_owned(), KUSTOMIZATION.to_owned()])
    .collect()
}

/// Every manifest file of the design: the objects, `all.yaml`, `kustomization.yaml`.
pub fn files(design: &Design) -> Vec<GeneratedFile> {
    let objects: Vec<GeneratedFile> = objects(design).iter().map(Object::file).collect();
    // Each document is a complete YAML text ending in a newline; a stream is its
    // documents with `---` lines between them.
    let stream = objects
        .iter()
        .map(|f| f.contents.as_str())
        .collect::<Vec<_>>()
        .join("---\n");
    let resources = objects.iter().map(|f| f.file_name().to_owned()).collect();
    let kustomization = manifest(
        KUSTOMIZATION,
        &kustomization::kustomization(design, resources),
    );
    let all = GeneratedFile {
        path: ALL.to_owned(),
        contents: stream,
    };
    objects.into_iter().chain([all, kustomization]).collect()
}
