//! The labels and metadata every object of the design carries.
//!
//! One label set ties the objects together: the Deployment's pod template carries it,
//! and the Service, PodDisruptionBudget and NetworkPolicy select pods by it. Every
//! namespaced object lives in the design's namespace; every name comes from [`names`].

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};

use crate::model::Design;
use crate::names;

/// The recommended `app.kubernetes.io/name` label; the selector of every object.
pub fn selector(design: &Design) -> BTreeMap<String, String> {
    BTreeMap::from([(
        "app.kubernetes.io/name".to_owned(),
        names::of(design).app.to_owned(),
    )])
}

/// The selector as a `matchLabels` label selector.
pub fn label_selector(design: &Design) -> LabelSelector {
    LabelSelector {
        match_labels: Some(selector(design)),
        ..Default::default()
    }
}

/// Metadata of a namespaced object: its name, the design's namespace and the labels.
pub fn metadata(design: &Design, name: &str) -> ObjectMeta {
    ObjectMeta {
        name: Some(name.to_owned()),
        namespace: Some(names::of(design).namespace.to_owned()),
        labels: Some(selector(design)),
        ..Default::default()
    }
}
