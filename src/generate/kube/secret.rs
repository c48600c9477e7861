//! The Secret with a placeholder for every secret the service reads.
//!
//! The design's secret values are local development values only; the generated Secret
//! never carries them, only [`PLACEHOLDER`], for the team to fill in (or to replace
//! with a sealed or external secret). The pods mount the Secret as read-only files in
//! [`SECRETS_DIR`] rather than taking it as environment variables, which leak into
//! crash dumps and `/proc` (checkov CKV_K8S_35); the Go config reads
//! `$SECRETS_DIR/<NAME>`.

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::core::v1::Secret;

use crate::generate::kube::labels::metadata;
use crate::model::Design;
use crate::names;

/// Where the pods see the Secret's keys as files; also passed as `SECRETS_DIR`.
pub const SECRETS_DIR: &str = "/var/run/secrets/app";

/// The value of every key: obviously fake, so nobody mistakes it for a real credential
/// and an application that starts with it fails at its first use.
pub const PLACEHOLDER: &str = "REPLACE_ME";

/// The Secret's name, `<service>-secrets`.
pub fn name(design: &Design) -> String {
    names::of(design).secret
}

/// Every secret the service reads, once each: the secret config variables, the
/// database's connection string and the JWT middleware's signing key.
pub fn keys(design: &Design) -> BTreeSet<String> {
    let vars = design
        .config
        .vars
        .iter()
        .filter(|v| v.secret)
        .map(|v| v.name.as_str());
    let database = design.database.iter().map(|d| d.url_env.as_str());
    let jwt = design.jwt().map(|(_, secret_env)| secret_env);
    vars.chain(database)
        .chain(jwt)
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The Opaque Secret, or none when the service reads no secrets.
pub fn secret(design: &Design) -> Option<Secret> {
    let string_data: BTreeMap<String, String> = keys(design)
        .into_iter()
        .map(|key| (key, PLACEHOLDER.to_owned()))
        .collect();
    (!string_data.is_empty()).then(|| Secret {
        metadata: metadata(design, &name(design)),
        type_: Some("Opaque".into()),
        string_data: Some(string_data),
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ConfigVar, Database, Middleware};

    #[test]
    fn keys_gather_every_secret_once() {
        let mut design = Design::default();
        assert!(keys(&design).is_empty());
        assert!(secret(&design).is_none());
        design.config.vars = vec![
            ConfigVar {
                name: "DATABASE_URL".into(),
                value: "postgres://u:p@db/x".into(),
                secret: true,
            },
            ConfigVar {
                name: "LOG_LEVEL".into(),
                value: "info".into(),
                secret: false,
            },
        ];
        design.database = Some(Database::default());
        design.middleware.push(Middleware::JwtAuth {
            header: "Authorization".into(),
            secret_env: "JWT_SECRET".into(),
        });
        let keys: Vec<String> = keys(&design).into_iter().collect();
        assert_eq!(keys, ["DATABASE_URL", "JWT_SECRET"]);
    }
}
