//! The Namespace every other object lives in.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::Namespace;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::model::Design;
use crate::names;

/// Namespaces every cluster has, shared with workloads the design knows nothing of.
const BUILT_IN: [&str; 4] = ["default", "kube-system", "kube-public", "kube-node-lease"];

/// The design's Namespace. It enforces the `restricted` Pod Security
/// Standard: the generated pods already meet it, and the label keeps a hand-edited
/// pod (or a debug container) in the namespace from quietly running as root. A
/// built-in namespace is left unlabelled, since applying the label there would also
/// refuse other teams' pods.
pub fn namespace(design: &Design) -> Namespace {
    let name = names::of(design).namespace;
    let labels = (!BUILT_IN.contains(&name)).then(|| {
        BTreeMap::from([(
            "pod-security.kubernetes.io/enforce".to_owned(),
            "restricted".to_owned(),
        )])
    });
    Namespace {
        metadata: ObjectMeta {
            name: Some(name.to_owned()),
            labels,
            ..Default::default()
        },
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_built_in_namespace_is_not_labelled_restricted() {
        let mut design = Design::default();
        let labels = namespace(&design).metadata.labels.unwrap();
        assert_eq!(
            labels
                .get("pod-security.kubernetes.io/enforce")
                .map(String::as_str),
            Some("restricted")
        );
        design.cluster.namespace = "default".into();
        assert_eq!(namespace(&design).metadata.labels, None);
    }
}
