//! Small inputs that once took the page or a CI runner down, rebuilt from the issue
//! that reported them. Shared by the native regression tests (`tests/budgets.rs`,
//! which measure peak memory), the browser tests that paste them (`tests/browser.rs`)
//! and `examples/reproducers.rs`, which writes them out for `scripts/reproducers.sh`
//! to time the release `gin-deploy` on.

// Each user takes the inputs it needs.
#![allow(dead_code)]

/// Kubernetes Deployments in one stream.
pub const DEPLOYMENTS: usize = 300;
/// Environment variables each Deployment's anchored list holds.
const ENV_VARS: usize = 256;
/// Containers of each Deployment that alias that list.
const ALIASED_CONTAINERS: usize = 8;

/// 300 Deployments, each with an anchored list of environment variables that eight
/// containers alias: each document stays far below any per-document budget, but
/// the stream expands to millions of nodes (about 4.3 MB of text).
pub fn aliased_deployments() -> String {
    let mut text = String::new();
    for d in 0..DEPLOYMENTS {
        if d > 0 {
            text.push_str("---\n");
        }
        text.push_str(&format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-{d}\n  labels: &labels\n    app: web-{d}\nspec:\n  selector:\n    matchLabels: *labels\n  template:\n    metadata:\n      labels: *labels\n    spec:\n      containers:\n      - name: main\n        image: registry.example.com/web:1.0.{d}\n        env: &env\n"
        ));
        for v in 0..ENV_VARS {
            text.push_str(&format!(
                "        - name: SETTING_{v:04}\n          value: \"v{v}\"\n"
            ));
        }
        for c in 0..ALIASED_CONTAINERS {
            text.push_str(&format!(
                "      - name: side-{c}\n        image: registry.example.com/side:1.0\n        env: *env\n"
            ));
        }
    }
    text
}

/// Keys of the large ConfigMap.
pub const CONFIG_KEYS: usize = 50_000;

/// A ConfigMap with 50,000 keys and no alias at all (about 1.3 MB).
pub fn wide_config_map() -> String {
    let mut text =
        String::from("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n");
    for k in 0..CONFIG_KEYS {
        text.push_str(&format!("  SETTING_{k:05}: \"value {k}\"\n"));
    }
    text
}

/// Route groups of the large design.
pub const DESIGN_GROUPS: usize = 10_000;

/// A design file with 10,000 route groups and no alias at all (about 0.6 MB).
pub fn wide_design() -> String {
    let mut text = String::from("version: 1\nservice:\n  name: wide\ngroups:\n");
    for g in 0..DESIGN_GROUPS {
        text.push_str(&format!(
            "- prefix: /g{g}\n  routes:\n  - {{method: GET, path: /items}}\n"
        ));
    }
    text
}

/// The size of the large document, in bytes.
pub const LARGE_DOCUMENT_BYTES: usize = 50 * 1024 * 1024;

/// One 50 MB ConfigMap, without an alias.
pub fn large_document() -> String {
    let mut text = String::with_capacity(LARGE_DOCUMENT_BYTES + 64);
    text.push_str("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: large\ndata:\n");
    let mut k = 0;
    while text.len() < LARGE_DOCUMENT_BYTES {
        text.push_str(&format!("  k{k:08}: \"{}\"\n", "x".repeat(48)));
        k += 1;
    }
    text
}
