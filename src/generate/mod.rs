//! Generators: pure functions from a [`crate::model::Design`] to one artifact each.
//!
//! Kubernetes objects are typed `k8s-openapi` values; turning them into text is
//! [`crate::bundle`]'s job.

pub mod deployment;
pub mod dockerfile;
pub mod labels;
pub mod service;
