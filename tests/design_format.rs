//! The design file as teams use it: the committed JSON Schema matches the model, the
//! presets and a minimal file parse, and `gin-deploy generate` writes exactly the
//! bundle the app zips, or fails clearly.

use std::path::{Path, PathBuf};
use std::process::Command;

use gin_deploy::bundle::render;
use gin_deploy::design_file::parse_design;
use gin_deploy::presets::PRESETS;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn gin_deploy(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gin-deploy"))
        .args(args)
        .output()
        .expect("gin-deploy runs")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gin-deploy-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn committed_schema_matches_the_model() {
    let out = gin_deploy(&["schema"]);
    assert!(out.status.success());
    let committed = std::fs::read_to_string(repo().join("docs/design.schema.json")).unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        committed,
        "docs/design.schema.json is stale: run `cargo run --bin gin-deploy -- schema > docs/design.schema.json`"
    );
}

#[test]
fn generate_writes_the_same_files_as_the_app() {
    for preset in PRESETS {
        let dir = temp_dir(preset.id);
        let design_path = repo().join(format!("presets/{}.yaml", preset.id));
        let out = gin_deploy(&[
            "generate",
            design_path.to_str().unwrap(),
            "--out",
            dir.to_str().unwrap(),
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let expected = render(&parse_design(preset.text()).unwrap());
        for file in &expected {
            let written = std::fs::read_to_string(dir.join(&file.path)).unwrap();
            assert_eq!(written, file.contents, "{}: {}", preset.id, file.path);
        }
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert_eq!(
            stdout.trim(),
            format!("wrote {} files to {}", expected.len(), dir.display())
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

#[test]
fn generate_refuses_a_bad_design_with_its_problems_and_writes_nothing() {
    let dir = temp_dir("bad");
    let design_path = dir.join("bad.yaml");
    std::fs::write(
        &design_path,
        "version: 1\nservice:\n  name: Bad_Name\ncluster:\n  replicas: 0\n  minAvailable: null\n",
    )
    .unwrap();
    let out_dir = dir.join("out");
    let out = gin_deploy(&[
        "generate",
        design_path.to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("the design has 2 problem(s)"), "{stderr}");
    assert!(
        stderr.contains("service.name: name \"Bad_Name\" is not a valid DNS label"),
        "{stderr}"
    );
    assert!(
        stderr.contains("cluster.replicas: replicas 0 is out of range: use 1 to 1000"),
        "{stderr}"
    );
    assert!(!out_dir.exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn generate_explains_missing_files_and_bad_arguments() {
    let out = gin_deploy(&["generate", "/no/such/design.yaml", "--out", "/tmp/unused"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .starts_with("gin-deploy: cannot read /no/such/design.yaml"));
    let out = gin_deploy(&["generate", "design.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr).unwrap().contains("usage:"));
}

#[test]
fn validate_reports_line_accurate_findings_and_exits_by_severity() {
    let dir = temp_dir("validate");
    let dockerfile = dir.join("Dockerfile");
    std::fs::write(&dockerfile, "FROM golang:1.25 AS build\nRUN go build -o /app .\nFROM alpine:latest\nCOPY --from=build /app /app\nCMD /app\n").unwrap();
    let manifest = dir.join("deploy.yaml");
    std::fs::write(
        &manifest,
        "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: web\n",
    )
    .unwrap();
    let out = gin_deploy(&[
        "validate",
        dockerfile.to_str().unwrap(),
        manifest.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "an error (removed apiVersion) makes the exit status 1"
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains(&format!("{}:3:6: warning[DL3007]", dockerfile.display())),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("{}:1:", manifest.display())),
        "{stdout}"
    );
    assert!(stdout.contains("2 file(s): "), "{stdout}");
    let json = gin_deploy(&["validate", "--format", "json", dockerfile.to_str().unwrap()]);
    let parsed: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(parsed
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["rule"] == "DL3007" && d["location"]["line"] == 3));
    assert_eq!(json.status.code(), Some(0), "warnings alone exit 0");
    let bundle = dir.join("bundle");
    let preset = repo().join("presets/article-service.yaml");
    assert!(gin_deploy(&[
        "generate",
        preset.to_str().unwrap(),
        "--out",
        bundle.to_str().unwrap()
    ])
    .status
    .success());
    let clean = gin_deploy(&[
        "validate",
        bundle.join("Dockerfile").to_str().unwrap(),
        bundle.join("k8s/all.yaml").to_str().unwrap(),
    ]);
    assert_eq!(
        clean.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&clean.stdout)
    );
    assert_eq!(gin_deploy(&["validate"]).status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_json_design_file_is_read_too() {
    let design =
        parse_design(r#"{"version": 1, "service": {"name": "from-json", "port": 9000}}"#).unwrap();
    assert_eq!(
        (design.service.name.as_str(), design.service.port),
        ("from-json", 9000)
    );
}

#[test]
fn validate_fix_rewrites_the_lines_with_safe_fixes_and_reports_the_rest() {
    let dir = temp_dir("validate-fix");
    let dockerfile = dir.join("Dockerfile");
    std::fs::write(
        &dockerfile,
        "FROM golang:1.25.4-alpine3.22\nMAINTAINER team@example.com\nCOPY . /app\n",
    )
    .unwrap();
    let manifest = dir.join("cm.yaml");
    std::fs::write(
        &manifest,
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: a\n  labels:\n    legacy: yes\ndata:\n  A: \"1\"\n",
    )
    .unwrap();
    let out = gin_deploy(&[
        "validate",
        "--fix",
        "--format",
        "json",
        dockerfile.to_str().unwrap(),
        manifest.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("fixed 1 line(s) in"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&dockerfile).unwrap(),
        "FROM golang:1.25.4-alpine3.22\nLABEL org.opencontainers.image.authors=\"team@example.com\"\nCOPY . /app\n"
    );
    assert!(std::fs::read_to_string(&manifest)
        .unwrap()
        .contains("    legacy: \"yes\"\n"));
    // What is left has no automatic fix, and the JSON on stdout is still JSON.
    let left: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules: Vec<&str> = left
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert!(
        !rules.contains(&"DL4000") && !rules.contains(&"GY004"),
        "{rules:?}"
    );
    // Without --fix nothing is written.
    std::fs::write(
        &manifest,
        "kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: x\n  labels: {a: on}\n",
    )
    .unwrap();
    gin_deploy(&["validate", manifest.to_str().unwrap()]);
    assert!(std::fs::read_to_string(&manifest)
        .unwrap()
        .contains("{a: on}"));
}
