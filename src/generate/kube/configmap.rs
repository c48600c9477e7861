//! The ConfigMap with the design's plain configuration, read by the pods through
//! `envFrom`.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::ConfigMap;

use crate::generate::kube::labels::metadata;
use crate::generate::kube::secret;
use crate::model::Design;
use crate::names;

/// The ConfigMap's name, `<service>-config`.
pub fn name(design: &Design) -> String {
    names::of(design).config_map
}

/// Plain variables by name. A name that is also a Secret key (the database DSN, the JWT
/// signing key) is left out: it carries credentials, so it only ever lives in the Secret.
pub fn data(design: &Design) -> BTreeMap<String, String> {
    let secret_keys = secret::keys(design);
    design
        .config
        .vars
        .iter()
        .filter(|v| !v.secret && !v.name.is_empty() && !secret_keys.contains(&v.name))
        .map(|v| (v.name.clone(), v.value.clone()))
        .collect()
}

/// The ConfigMap, or none when the design has no plain variables.
pub fn config_map(design: &Design) -> Option<ConfigMap> {
    let data = data(design);
    (!data.is_empty()).then(|| ConfigMap {
        metadata: metadata(design, &name(design)),
        data: Some(data),
        ..Default::default()
    })
}
