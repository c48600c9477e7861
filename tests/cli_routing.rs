//! `gin-deploy simulate` and `gin-deploy migrate` as scripts run them: the built
//! binary, its output and its exit status.

use std::path::PathBuf;
use std::process::{Command, Output};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn gin_deploy(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gin-deploy"))
        .args(args)
        .current_dir(repo())
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A file in a fresh folder of its own, `test` naming the test that writes it (tests
/// run in parallel: two writing one folder would remove each other's files).
fn scratch_file(test: &str, name: &str, contents: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "gin-deploy-routing-{}-{test}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

/// The article's generated manifests, for the test `test`.
fn article_manifests(test: &str) -> PathBuf {
    let design = gin_deploy::presets::PRESETS[0].design().unwrap();
    let files = gin_deploy::bundle::render(&design);
    let all = files.iter().find(|f| f.path == "k8s/all.yaml").unwrap();
    scratch_file(test, "all.yaml", &all.contents)
}

#[test]
fn simulate_follows_a_design_hop_by_hop_and_exits_0_whatever_the_status() {
    let out = gin_deploy(&[
        "simulate",
        "presets/production-hardened.yaml",
        "GET",
        "https://orders.example.com/api/v1/products/7",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Gateway: HTTPRoute shop/orders"), "{text}");
    assert!(
        text.contains("route GET /api/v1/products/:id matches with id=7"),
        "{text}"
    );
    assert!(text.trim_end().ends_with("=> 200 OK"), "{text}");
    // Plain HTTP gets the Gateway's redirect: a status, so still exit 0.
    let out = gin_deploy(&[
        "simulate",
        "--format",
        "json",
        "presets/production-hardened.yaml",
        "POST",
        "http://orders.example.com/api/v1/orders?x=1",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["status"], 301);
    assert_eq!(
        json["location"],
        "https://orders.example.com/api/v1/orders?x=1"
    );
    assert_eq!(json["hops"][0]["kind"], "gateway");
}

#[test]
fn simulate_reads_manifests_up_to_the_service() {
    let manifests = article_manifests("simulate");
    let out = gin_deploy(&[
        "simulate",
        manifests.to_str().unwrap(),
        "GET",
        "https://app.example.com/service-a//ping",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    // nginx merges `//` before it rewrites (merge_slashes is on in ingress-nginx),
    // so capture 2 of (/|$)(.*) is `ping`.
    assert!(text.contains("reaches the Service as GET /ping"), "{text}");
}

#[test]
fn simulate_refuses_bad_usage_with_2() {
    for args in [
        vec!["simulate"],
        vec!["simulate", "presets/article-service.yaml", "GET"],
        vec![
            "simulate",
            "presets/article-service.yaml",
            "BREW",
            "http://a/",
        ],
        vec![
            "simulate",
            "--format",
            "xml",
            "presets/article-service.yaml",
            "GET",
            "http://a/",
        ],
        vec![
            "simulate",
            "presets/article-service.yaml",
            "GET",
            "ftp://a/",
        ],
        vec!["simulate", "no/such/file.yaml", "GET", "http://a/"],
    ] {
        let out = gin_deploy(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).is_empty(), "{args:?}");
    }
}

#[test]
fn migrate_writes_gateway_api_yaml_and_notes_and_exits_1_when_nothing_converts() {
    let manifests = article_manifests("migrate");
    let out = gin_deploy(&["migrate", manifests.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let yaml = stdout(&out);
    for expected in [
        "kind: Gateway",
        "kind: HTTPRoute",
        "ReplacePrefixMatch",
        "scheme: https",
    ] {
        assert!(yaml.contains(expected), "{expected} in\n{yaml}");
    }
    let notes = stderr(&out);
    assert!(notes.contains("letter case"), "{notes}");
    // What it wrote reads back as clean Gateway API objects.
    let migrated = scratch_file("migrate", "migrated.yaml", &yaml);
    let check = gin_deploy(&["validate", migrated.to_str().unwrap()]);
    assert!(check.status.success(), "{}", stdout(&check));
    // Nothing to convert: exit 1 and say so.
    let service = scratch_file(
        "migrate",
        "service.yaml",
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n",
    );
    let out = gin_deploy(&["migrate", service.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("nothing could be converted"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out), "");
    assert_eq!(gin_deploy(&["migrate"]).status.code(), Some(2));
}
