//! The labels that tie a Service's selector to the pods of its Deployment.

use std::collections::BTreeMap;

use crate::model::Design;

/// The recommended `app.kubernetes.io/name` label; the selector of every object.
pub fn selector(design: &Design) -> BTreeMap<String, String> {
    BTreeMap::from([(
        "app.kubernetes.io/name".to_owned(),
        design.service.name.clone(),
    )])
}
