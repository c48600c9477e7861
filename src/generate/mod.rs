//! Generators: pure functions from a [`crate::model::Design`] to the bundle's files.
//!
//! Each submodule owns one area of the bundle and returns finished
//! [`crate::bundle::GeneratedFile`]s; Kubernetes objects are typed `k8s-openapi`
//! values turned into text only through [`crate::yaml`].

pub mod ci;
pub mod dockerfile;
pub mod dockerignore;
pub mod env;
pub mod go;
pub mod kube;
pub mod openapi;
pub mod readme;
