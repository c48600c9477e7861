//! The Secret the service reads: its name and keys, never the object itself.
//!
//! The bundle holds no Secret manifest. A Secret in `k8s/` would be applied by every
//! `kubectl apply -k k8s/`, so the first deploy after a team created the real one would
//! overwrite it with whatever the manifest holds; and the design's secret values are
//! local development values that must never leave the browser anyway. Instead the
//! Secret is created once, outside the applied manifests, and left alone by every
//! deploy: by hand with the command the bundle README gives, by the CI deploy job when
//! the cluster has none ([`crate::generate::ci`]), or by an operator (External Secrets,
//! Sealed Secrets). Until it exists the pods wait in `ContainerCreating`, which is the
//! safe failure: nothing runs with a missing or made-up key.
//!
//! The pods mount the Secret as read-only files in [`SECRETS_DIR`] rather than taking
//! it as environment variables, which leak into crash dumps and `/proc` (checkov
//! CKV_K8S_35); the Go config reads `$SECRETS_DIR/<NAME>`.

use std::collections::BTreeSet;

use crate::model::Design;
use crate::names;

/// Where the pods see the Secret's keys as files; also passed as `SECRETS_DIR`.
pub const SECRETS_DIR: &str = "/var/run/secrets/app";

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ConfigVar, Database, Middleware};

    #[test]
    fn keys_gather_every_secret_once() {
        let mut design = Design::default();
        assert!(keys(&design).is_empty());
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
