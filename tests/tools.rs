//! The independent-tools tier: every preset's bundle and a fixed sample of random
//! designs' bundles, checked by the tools teams already trust, not by our own code.
//!
//! Run with `make test` (or `cargo test --features tools --test tools`); needs the
//! project venv (`scripts/setup.sh`) and Go with Debian's Gin packages. Prints one
//! line per tool and bundle with its finding count, then `tools: N passed, N failed`.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use gin_deploy::bundle::render;
use gin_deploy::model::Design;
use gin_deploy::presets::PRESETS;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;

/// How many random designs join the presets.
const RANDOM_DESIGNS: usize = 20;

struct Bundle {
    id: String,
    design: Design,
    dir: PathBuf,
}

/// Findings per tool and bundle; a (tool, bundle) pair with none has passed.
#[derive(Default)]
struct Report {
    results: BTreeMap<(String, String), Vec<String>>,
}

impl Report {
    fn record(&mut self, tool: &str, bundle: &str, findings: Vec<String>) {
        self.results
            .entry((tool.to_owned(), bundle.to_owned()))
            .or_default()
            .extend(findings);
    }

    /// Prints every result and returns whether all passed.
    fn print(&self) -> bool {
        let mut passed = 0;
        let mut failed = 0;
        for ((tool, bundle), findings) in &self.results {
            println!("{tool:<24} {bundle:<28} {} finding(s)", findings.len());
            for finding in findings {
                println!("    {finding}");
            }
            if findings.is_empty() {
                passed += 1;
            } else {
                failed += 1;
            }
        }
        println!("tools: {passed} passed, {failed} failed");
        failed == 0 && passed > 0
    }
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn venv(tool: &str) -> PathBuf {
    repo().join(".venv/bin").join(tool)
}

fn run(command: &mut Command) -> Output {
    command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"))
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The presets, then a deterministic sample of random designs.
fn bundles(root: &Path) -> Vec<Bundle> {
    let mut designs: Vec<(String, Design)> = PRESETS
        .iter()
        .map(|p| (p.id.to_owned(), p.design().expect("presets parse")))
        .collect();
    let mut runner = TestRunner::deterministic();
    let strategy = common::design();
    for i in 0..RANDOM_DESIGNS {
        let design = strategy
            .new_tree(&mut runner)
            .expect("the strategy yields designs")
            .current();
        designs.push((format!("random-{i:02}-{}", design.service.name), design));
    }
    designs
        .into_iter()
        .map(|(id, design)| {
            let dir = root.join(&id);
            for file in render(&design) {
                let path = dir.join(&file.path);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, &file.contents).unwrap();
            }
            Bundle { id, design, dir }
        })
        .collect()
}

/// Files of a bundle whose path (relative to the bundle) matches.
fn files(bundle: &Bundle, keep: impl Fn(&str) -> bool) -> Vec<PathBuf> {
    render(&bundle.design)
        .into_iter()
        .filter(|f| keep(&f.path))
        .map(|f| bundle.dir.join(f.path))
        .collect()
}

fn hadolint(bundles: &[Bundle], report: &mut Report) {
    for bundle in bundles {
        let out = run(Command::new(venv("hadolint")).arg(bundle.dir.join("Dockerfile")));
        let findings: Vec<String> = text(&out).lines().map(str::to_owned).collect();
        let findings = if findings.is_empty() && !out.status.success() {
            vec![format!("exit status {}", out.status)]
        } else {
            findings
        };
        report.record("hadolint", &bundle.id, findings);
    }
}

fn kubernetes_validate(bundles: &[Bundle], report: &mut Report) {
    for bundle in bundles {
        // kustomization.yaml is a kustomize file, not a Kubernetes object.
        let manifests = files(bundle, |p| {
            p.starts_with("k8s/") && p != "k8s/kustomization.yaml"
        });
        let version = format!("{}.0", bundle.design.cluster.kubernetes_version);
        let out = run(Command::new(venv("kubernetes-validate"))
            .args(["--strict", "-k", &version])
            .args(&manifests));
        let mut findings: Vec<String> = text(&out)
            .lines()
            .filter(|l| !l.starts_with("INFO"))
            .map(str::to_owned)
            .collect();
        if !out.status.success() && findings.is_empty() {
            findings.push(format!("exit status {}", out.status));
        }
        let passed = text(&out)
            .lines()
            .filter(|l| l.starts_with("INFO") && l.contains(" passed "))
            .count();
        if passed == 0 {
            findings.push("no object was validated".into());
        }
        report.record("kubernetes-validate", &bundle.id, findings);
    }
}

fn checkov(root: &Path, bundles: &[Bundle], report: &mut Report) {
    let out = run(Command::new(venv("checkov"))
        .args([
            "--framework",
            "kubernetes",
            "dockerfile",
            "secrets",
            "--skip-download",
            "--quiet",
            "-o",
            "json",
            "-d",
        ])
        .arg(root));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("checkov printed no JSON ({e}):\n{}", text(&out)));
    let reports = match json {
        serde_json::Value::Array(list) => list,
        single => vec![single],
    };
    let mut checked = 0;
    for bundle in bundles {
        report.record("checkov", &bundle.id, Vec::new());
    }
    for framework in &reports {
        checked += framework["summary"]["passed"].as_u64().unwrap_or(0);
        for failed in framework["results"]["failed_checks"]
            .as_array()
            .into_iter()
            .flatten()
        {
            let file = failed["file_path"].as_str().unwrap_or("");
            let bundle = file.trim_start_matches('/').split('/').next().unwrap_or("");
            report.record(
                "checkov",
                bundle,
                vec![format!(
                    "{} {} {}",
                    failed["check_id"].as_str().unwrap_or("?"),
                    file,
                    failed["check_name"].as_str().unwrap_or("")
                )],
            );
        }
    }
    assert!(
        checked > 0,
        "checkov passed no check at all:\n{}",
        text(&out)
    );
}

fn yamllint(bundles: &[Bundle], report: &mut Report) {
    let config = repo().join("tests/yamllint.yaml");
    for bundle in bundles {
        let yaml = files(bundle, |p| p.ends_with(".yaml") || p.ends_with(".yml"));
        let out = run(Command::new(venv("yamllint"))
            .arg("-c")
            .arg(&config)
            .args(["-f", "parsable", "--strict"])
            .args(&yaml));
        let mut findings: Vec<String> = text(&out).lines().map(str::to_owned).collect();
        if !out.status.success() && findings.is_empty() {
            findings.push(format!("exit status {}", out.status));
        }
        report.record("yamllint", &bundle.id, findings);
    }
}

fn openapi_spec_validator(bundles: &[Bundle], report: &mut Report) {
    for bundle in bundles {
        let out =
            run(Command::new(venv("openapi-spec-validator")).arg(bundle.dir.join("openapi.yaml")));
        let findings = if out.status.success() && text(&out).contains(": OK") {
            Vec::new()
        } else {
            text(&out).lines().map(str::to_owned).collect()
        };
        report.record("openapi-spec-validator", &bundle.id, findings);
    }
}

fn ci_schema(bundles: &[Bundle], report: &mut Report) {
    for bundle in bundles {
        let (schema, file) = match bundle.design.delivery.ci {
            gin_deploy::model::CiFlavour::GithubActions => {
                ("vendor.github-workflows", ".github/workflows/ci.yml")
            }
            gin_deploy::model::CiFlavour::GitlabCi => ("vendor.gitlab-ci", ".gitlab-ci.yml"),
        };
        let out = run(Command::new(venv("check-jsonschema"))
            .args(["--builtin-schema", schema])
            .arg(bundle.dir.join(file)));
        let findings = if out.status.success() {
            Vec::new()
        } else {
            text(&out).lines().map(str::to_owned).collect()
        };
        report.record("check-jsonschema", &bundle.id, findings);
    }
}

fn main() {
    let root = repo().join("target/tools-check");
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    let bundles = bundles(&root);
    println!(
        "checking {} bundles ({} presets, {RANDOM_DESIGNS} random designs) in {}",
        bundles.len(),
        PRESETS.len(),
        root.display()
    );
    let mut report = Report::default();
    hadolint(&bundles, &mut report);
    kubernetes_validate(&bundles, &mut report);
    yamllint(&bundles, &mut report);
    openapi_spec_validator(&bundles, &mut report);
    ci_schema(&bundles, &mut report);
    checkov(&root, &bundles, &mut report);
    if !report.print() {
        std::process::exit(1);
    }
}
