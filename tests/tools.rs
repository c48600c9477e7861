//! The independent-tools tier: every preset's bundle and a fixed sample of random
//! designs' bundles, checked by the tools teams already trust, not by our own code.
//!
//! Run with `make test` (or `cargo test --features tools --test tools`); needs the
//! project venv and the Node project `tests/tools` (`scripts/setup.sh`), Go with
//! Debian's Gin packages and kubectl. Prints one line per tool and bundle with its
//! finding count, then `tools: N passed, N failed`.
//!
//! The Gateway API objects (HTTPRoute, Gateway) are custom resources: the npm
//! validator `tests/tools/gateway-api-validate.mjs` checks them against the Gateway
//! API's schemas, and kubernetes-validate, which has schemas for the built-in kinds
//! only, gets every other object. Besides the random designs, a second sample of
//! random designs that all route through the Gateway API goes through the
//! Kubernetes-manifest tools only (kubernetes-validate, yamllint, kubectl kustomize,
//! checkov, the Gateway API validator): the Dockerfile, CI and Go checks of those
//! bundles would repeat what the first sample covers, at a few seconds a bundle.
//!
//! Deploy-only variants of the presets, the blank design and a few random designs (a
//! team's own project: no Go files) go through every tool that reads their files,
//! and real Go runs their Dockerfile's `go build` line on a project laid out as it
//! names (`deploy_only_builds`). So do the fixture projects
//! (`tests/fixtures/gin-projects/`) as the project reader imports them: their
//! deploy-only bundles through the same tools, and their Dockerfile's `go build`
//! line on the project's own sources.
//!
//! Besides the validators, three journeys guard the Secret: `kubectl kustomize k8s/`
//! must never render a Secret (the first deploy after a team created the real one
//! would overwrite it); the built server must refuse placeholder, published and short
//! keys in release mode; and the CI deploy job, run twice against a fake cluster
//! (`tests/fake-cluster/kubectl`), must create the Secret once and then leave it alone.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use gin_deploy::bundle::render;
use gin_deploy::generate::kube::secret;
use gin_deploy::model::{CiFlavour, Design, GatewayMode, Project};
use gin_deploy::presets::PRESETS;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;

/// How many random designs join the presets.
const RANDOM_DESIGNS: usize = 20;
/// How many of the random designs also go through the tools as deploy-only designs.
const DEPLOY_ONLY_RANDOM: usize = 4;
/// How many further random designs, all routed through the Gateway API, join them
/// for the Kubernetes-manifest tools.
const GATEWAY_DESIGNS: usize = 20;
/// The API group of the Gateway API objects.
const GATEWAY_API_GROUP: &str = "gateway.networking.k8s.io";

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

/// Where the tier writes bundles and journeys: `CARGO_TARGET_DIR` when set (so two
/// runs with their own target folders do not remove each other's files), else
/// `target/`.
fn scratch() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target"))
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

/// `count` designs of `strategy`, the same on every run, named `<label>-<i>-<name>`.
fn sample(
    label: &str,
    count: usize,
    strategy: impl Strategy<Value = Design>,
) -> Vec<(String, Design)> {
    let mut runner = TestRunner::deterministic();
    (0..count)
        .map(|i| {
            let design = strategy
                .new_tree(&mut runner)
                .expect("the strategy yields designs")
                .current();
            (format!("{label}-{i:02}-{}", design.service.name), design)
        })
        .collect()
}

/// The presets, the blank design, then a deterministic sample of random designs.
fn bundles(root: &Path) -> Vec<Bundle> {
    let mut designs: Vec<(String, Design)> = PRESETS
        .iter()
        .map(|p| (p.id.to_owned(), p.design().expect("presets parse")))
        .collect();
    // The page's "Blank design": one health route, nothing else to build on.
    designs.push(("blank".to_owned(), Design::blank()));
    designs.extend(sample("random", RANDOM_DESIGNS, common::design()));
    write_bundles(root, designs)
}

/// Deploy-only variants (a team's own project: `design.project`) of the presets,
/// the blank design and the first random designs, built alternately from
/// `./cmd/server` and from the module root.
fn deploy_only_bundles(root: &Path) -> Vec<Bundle> {
    let mut designs: Vec<(String, Design)> = PRESETS
        .iter()
        .map(|p| (p.id.to_owned(), p.design().expect("presets parse")))
        .collect();
    designs.push(("blank".to_owned(), Design::blank()));
    designs.extend(sample("random", DEPLOY_ONLY_RANDOM, common::design()));
    let designs = designs
        .into_iter()
        .enumerate()
        .map(|(i, (id, design))| {
            let main_package = if i % 2 == 0 { "./cmd/server" } else { "." };
            let project = Some(Project {
                main_package: main_package.to_owned(),
            });
            (format!("deploy-only-{id}"), Design { project, ..design })
        })
        .collect();
    write_bundles(root, designs)
}

/// The fixture projects (`tests/fixtures/gin-projects/`), each read by the project
/// reader into its design: the deploy-only bundle a team starting from that project
/// would download.
fn fixture_bundles(root: &Path) -> Vec<Bundle> {
    let designs = common::fixture_project_names()
        .into_iter()
        .map(|name| {
            let files = common::fixture_project(&name);
            let project = gin_deploy::goproject::read_project(&files);
            assert!(project.found_router(), "fixture {name} has a served router");
            let design = gin_deploy::goproject::design::to_design(&project, &name).design;
            (format!("{FIXTURE}{name}"), design)
        })
        .collect();
    write_bundles(root, designs)
}

/// The prefix of the fixture projects' bundle ids.
const FIXTURE: &str = "deploy-only-fixture-";

/// A deterministic sample of random designs that route through the Gateway API.
fn gateway_bundles(root: &Path) -> Vec<Bundle> {
    write_bundles(
        root,
        sample("gateway", GATEWAY_DESIGNS, common::gateway_design()),
    )
}

fn write_bundles(root: &Path, designs: Vec<(String, Design)>) -> Vec<Bundle> {
    designs
        .into_iter()
        .map(|(id, design)| {
            let bundle = Bundle {
                dir: root.join(&id),
                id,
                design,
            };
            write_bundle(&bundle);
            bundle
        })
        .collect()
}

fn write_bundle(bundle: &Bundle) {
    for file in render(&bundle.design) {
        let path = bundle.dir.join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &file.contents).unwrap();
    }
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

/// Whether a YAML document is a Gateway API object.
fn is_gateway_api(document: &serde_json::Value) -> bool {
    document["apiVersion"]
        .as_str()
        .is_some_and(|v| v.split('/').next() == Some(GATEWAY_API_GROUP))
}

/// The documents of a YAML stream as text, split at its `---` lines.
fn documents(text: &str) -> Vec<String> {
    let mut documents = vec![String::new()];
    for line in text.lines() {
        if line.trim_end() == "---" {
            documents.push(String::new());
        } else {
            let last = documents.last_mut().unwrap();
            last.push_str(line);
            last.push('\n');
        }
    }
    documents.retain(|d| !d.trim().is_empty());
    documents
}

/// The manifests of a bundle as kubernetes-validate should see them: without the
/// Gateway API objects, for which it has no schema (it warns "Couldn't find schema",
/// which is no check). A file that holds some is copied under `filtered` without
/// them, one that holds only those is left out; a document this cannot read is
/// kept, for kubernetes-validate to report.
fn without_gateway_api(manifests: Vec<PathBuf>, filtered: &Path) -> Vec<PathBuf> {
    manifests
        .into_iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let all = documents(&text);
            let kept: Vec<&String> = all
                .iter()
                .filter(|d| {
                    !serde_saphyr::from_str::<serde_json::Value>(d)
                        .is_ok_and(|value| is_gateway_api(&value))
                })
                .collect();
            if kept.len() == all.len() {
                return Some(path);
            }
            if kept.is_empty() {
                return None;
            }
            let copy = filtered.join(path.file_name().unwrap());
            std::fs::create_dir_all(filtered).unwrap();
            let text: Vec<&str> = kept.iter().map(|d| d.as_str()).collect();
            std::fs::write(&copy, text.join("---\n")).unwrap();
            Some(copy)
        })
        .collect()
}

fn kubernetes_validate(filtered: &Path, bundles: &[Bundle], report: &mut Report) {
    for bundle in bundles {
        // kustomization.yaml is a kustomize file, not a Kubernetes object.
        let manifests = without_gateway_api(
            files(bundle, |p| {
                p.starts_with("k8s/") && p != "k8s/kustomization.yaml"
            }),
            &filtered.join(&bundle.id),
        );
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
            CiFlavour::GithubActions => ("vendor.github-workflows", ".github/workflows/ci.yml"),
            CiFlavour::GitlabCi => ("vendor.gitlab-ci", ".gitlab-ci.yml"),
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

/// The files of a bundle that must hold Gateway API objects, with how many each:
/// the HTTPRoute, with a generated Gateway that Gateway and, with its TLS secret, the
/// HTTPRoute that redirects to HTTPS; `all.yaml` holds them all again.
fn gateway_api_files(design: &Design) -> Vec<(&'static str, usize)> {
    let Some(gateway) = &design.cluster.gateway else {
        return Vec::new();
    };
    let mut files = vec![("k8s/httproute.yaml", 1)];
    if gateway.mode == GatewayMode::Generate {
        files.push(("k8s/gateway.yaml", 1));
        if !gateway.tls_secret.is_empty() {
            files.push(("k8s/httproute-redirect.yaml", 1));
        }
    }
    files.push(("k8s/all.yaml", files.len()));
    files
}

/// The Gateway API objects of every bundle that routes through the Gateway API,
/// checked by the schemas of `@kubernetes-models/gateway-api` (npm), through
/// `tests/tools/gateway-api-validate.mjs`: each file that should hold some must, and
/// every object must pass.
fn gateway_api(bundles: &[Bundle], report: &mut Report) {
    let project = repo().join("tests/tools");
    assert!(
        project
            .join("node_modules/@kubernetes-models/gateway-api")
            .is_dir(),
        "{} has no node_modules: run scripts/setup.sh",
        project.display()
    );
    let mut checked = 0;
    for bundle in bundles {
        let expected = gateway_api_files(&bundle.design);
        if expected.is_empty() {
            continue;
        }
        let out = run(Command::new("node")
            .arg(project.join("gateway-api-validate.mjs"))
            .arg("--require")
            .args(expected.iter().map(|(path, _)| bundle.dir.join(path))));
        let mut findings: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| l.replace(&format!("{}/", bundle.dir.display()), ""))
            .collect();
        let objects: usize = expected.iter().map(|(_, n)| n).sum();
        let summary = String::from_utf8_lossy(&out.stderr);
        if !summary.starts_with(&format!("checked {objects} Gateway API object(s)")) {
            findings.push(format!("expected {objects} objects: {}", summary.trim()));
        }
        if !out.status.success() && findings.is_empty() {
            findings.push(format!("exit status {}: {}", out.status, summary.trim()));
        }
        checked += 1;
        report.record("gateway-api (npm)", &bundle.id, findings);
    }
    assert!(checked > 0, "no bundle routes through the Gateway API");
}

/// The Gateway API objects `gin-deploy migrate` makes of each bundle's Ingress (and
/// of an Ingress variant of every preset that routes otherwise), checked by the same
/// npm validator: what a team applies after migrating must be as valid as what the
/// tool generates.
fn migrated(work: &Path, bundles: &[Bundle], report: &mut Report) {
    std::fs::create_dir_all(work).unwrap();
    let project = repo().join("tests/tools");
    let mut designs: Vec<(String, Design)> = bundles
        .iter()
        .filter(|b| b.design.cluster.ingress.is_some())
        .map(|b| (b.id.clone(), b.design.clone()))
        .collect();
    for preset in PRESETS {
        let mut design = preset.design().expect("presets parse");
        if design.cluster.ingress.is_none() {
            design.cluster.gateway = None;
            design.cluster.ingress = Some(gin_deploy::model::Ingress {
                host: "api.example.com".into(),
                tls_secret: "api-tls".into(),
                path_prefix: "/svc".into(),
                ..Default::default()
            });
            designs.push((format!("{}-as-ingress", preset.id), design));
        }
    }
    for (id, design) in designs {
        let files = render(&design);
        let all = files.iter().find(|f| f.path == "k8s/all.yaml").unwrap();
        let migration = gin_deploy::migrate::migrate(&all.contents);
        let path = work.join(format!("{id}.yaml"));
        std::fs::write(&path, migration.yaml()).unwrap();
        let out = run(Command::new("node")
            .arg(project.join("gateway-api-validate.mjs"))
            .arg("--require")
            .arg(&path));
        let mut findings: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_owned)
            .collect();
        if !out.status.success() && findings.is_empty() {
            findings.push(format!("exit status {}: {}", out.status, text(&out).trim()));
        }
        report.record("gateway-api (npm), migrated", &id, findings);
    }
}

/// What `kubectl apply -k k8s/` would send to the cluster, rendered by the real
/// kustomize inside kubectl: never a Secret (whatever it held would replace the one
/// the team created, on every deploy), the Deployment that mounts the Secret the
/// service reads, and every Gateway API object of the bundle.
fn kustomize(bundles: &[Bundle], report: &mut Report) {
    for bundle in bundles {
        let out = run(Command::new("/usr/bin/kubectl")
            .arg("kustomize")
            .arg(bundle.dir.join("k8s")));
        if !out.status.success() {
            report.record("kubectl kustomize", &bundle.id, vec![text(&out)]);
            continue;
        }
        let rendered = String::from_utf8_lossy(&out.stdout);
        let documents: Vec<serde_json::Value> = match serde_saphyr::from_str_multiple(&rendered) {
            Ok(documents) => documents,
            Err(e) => {
                report.record(
                    "kubectl kustomize",
                    &bundle.id,
                    vec![format!("unreadable output: {e}")],
                );
                continue;
            }
        };
        let mut findings: Vec<String> = documents
            .iter()
            .filter(|d| d["kind"] == "Secret")
            .map(|d| {
                format!(
                    "renders Secret {} with {}",
                    d["metadata"]["name"], d["stringData"]
                )
            })
            .collect();
        if rendered.contains("REPLACE_ME") {
            findings.push("renders the placeholder REPLACE_ME".into());
        }
        let design = &bundle.design;
        let pods: Vec<&serde_json::Value> = documents
            .iter()
            .filter(|d| d["kind"] == "Deployment")
            .map(|d| &d["spec"]["template"]["spec"])
            .collect();
        let mounted: Vec<&str> = pods
            .iter()
            .flat_map(|pod| pod["volumes"].as_array().into_iter().flatten())
            .filter_map(|v| v["secret"]["secretName"].as_str())
            .collect();
        // A deploy-only design's pods take the Secret's keys as environment variables.
        let from_env: std::collections::BTreeSet<&str> = pods
            .iter()
            .flat_map(|pod| pod["containers"].as_array().into_iter().flatten())
            .flat_map(|c| c["env"].as_array().into_iter().flatten())
            .filter_map(|e| e["valueFrom"]["secretKeyRef"]["name"].as_str())
            .collect();
        let (used, how): (Vec<&str>, &str) = if design.project.is_some() {
            (from_env.into_iter().collect(), "takes keys of")
        } else {
            (mounted, "mounts")
        };
        let expected: Vec<String> = if secret::keys(design).is_empty() {
            Vec::new()
        } else {
            vec![secret::name(design)]
        };
        if used != expected {
            findings.push(format!(
                "the Deployment {how} the Secrets {used:?}, not {expected:?}"
            ));
        }
        if !documents.iter().any(|d| d["kind"] == "Deployment") {
            findings.push("renders no Deployment".into());
        }
        let routing: usize = gateway_api_files(design)
            .iter()
            .filter(|(path, _)| *path != "k8s/all.yaml")
            .map(|(_, n)| n)
            .sum();
        let rendered = documents.iter().filter(|d| is_gateway_api(d)).count();
        if rendered != routing {
            findings.push(format!(
                "renders {rendered} Gateway API objects, not {routing}"
            ));
        }
        report.record("kubectl kustomize", &bundle.id, findings);
    }
}

/// The CI's own secrets in a journey, by key.
type CiSecrets = BTreeMap<String, String>;

/// A CI flavour's deploy job, run in a bundle against a fake cluster.
type DeployJob = fn(&Path, &Path, &Path, &CiSecrets) -> JobRun;

/// The outcome of one run of a deploy job: whether it succeeded, and its output.
struct JobRun {
    ok: bool,
    output: String,
}

/// A command for a deploy script, with the fake cluster first on PATH and nothing
/// else of the test's environment.
fn job_shell(shell: &[&str], script: &str, dir: &Path, cluster: &Path, bin: &Path) -> Command {
    let mut command = Command::new(shell[0]);
    command
        .args(&shell[1..])
        .arg(script)
        .current_dir(dir)
        .env_clear()
        .env(
            "PATH",
            format!(
                "{}:{}",
                bin.display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        )
        .env("HOME", cluster.join("home"))
        .env("FAKE_CLUSTER", cluster);
    command
}

/// Runs the `run:` steps of the GitHub deploy job in order, as GitHub does: each in
/// `bash -eo pipefail`, with the workflow's and the step's `env`, `${{ secrets.X }}`
/// read from `secrets` (empty when unset, as on GitHub); stops at the first failure.
fn github_deploy(dir: &Path, cluster: &Path, bin: &Path, secrets: &CiSecrets) -> JobRun {
    let workflow: serde_json::Value = gin_deploy::yaml::from_yaml(
        &std::fs::read_to_string(dir.join(".github/workflows/ci.yml")).unwrap(),
    )
    .unwrap();
    let strings = |map: &serde_json::Value| -> Vec<(String, String)> {
        map.as_object()
            .into_iter()
            .flatten()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
            .collect()
    };
    let evaluate = |value: &str| -> String {
        match value
            .strip_prefix("${{ secrets.")
            .and_then(|rest| rest.strip_suffix(" }}"))
        {
            Some("KUBE_CONFIG") => "apiVersion: v1\nkind: Config\n".to_owned(),
            Some(name) => secrets.get(name).cloned().unwrap_or_default(),
            None => {
                assert!(
                    !value.contains("${{"),
                    "an expression the journey cannot evaluate: {value}"
                );
                value.to_owned()
            }
        }
    };
    let mut output = String::new();
    for step in workflow["jobs"]["deploy"]["steps"].as_array().unwrap() {
        let Some(script) = step["run"].as_str() else {
            continue;
        };
        let cwd = dir.join(step["working-directory"].as_str().unwrap_or(""));
        let mut command = job_shell(
            &["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c"],
            script,
            &cwd,
            cluster,
            bin,
        );
        command.envs(strings(&workflow["env"]));
        command.envs(
            strings(&step["env"])
                .into_iter()
                .map(|(k, v)| (k, evaluate(&v))),
        );
        command.env("GITHUB_SHA", "0123456789abcdef0123456789abcdef01234567");
        let out = run(&mut command);
        output.push_str(&format!(
            "## {}\n{}",
            step["name"].as_str().unwrap_or("?"),
            text(&out)
        ));
        if !out.status.success() {
            return JobRun { ok: false, output };
        }
    }
    JobRun { ok: true, output }
}

/// Runs the GitLab deploy job's script as one shell session, as the runner does
/// (`set -eo pipefail`), with the pipeline's variables and, as CI/CD variables, the
/// non-empty `secrets` (GitLab leaves an unset variable out of the environment).
fn gitlab_deploy(dir: &Path, cluster: &Path, bin: &Path, secrets: &CiSecrets) -> JobRun {
    let pipeline: serde_json::Value =
        gin_deploy::yaml::from_yaml(&std::fs::read_to_string(dir.join(".gitlab-ci.yml")).unwrap())
            .unwrap();
    let script: Vec<&str> = pipeline["deploy"]["script"]
        .as_array()
        .unwrap()
        .iter()
        .map(|line| line.as_str().unwrap())
        .collect();
    let mut command = job_shell(
        &["bash", "-eo", "pipefail", "-c"],
        &script.join("\n"),
        dir,
        cluster,
        bin,
    );
    for (name, value) in pipeline["variables"].as_object().into_iter().flatten() {
        command.env(name, value.as_str().unwrap_or_default());
    }
    command.envs(secrets.iter().filter(|(_, v)| !v.is_empty()));
    command.env("CI_COMMIT_SHA", "0123456789abcdef0123456789abcdef01234567");
    command.env("KUBECONFIG", cluster.join("kubeconfig"));
    let out = run(&mut command);
    JobRun {
        ok: out.status.success(),
        output: text(&out),
    }
}

/// The fake cluster's record of calls, one per line, and empties it.
fn take_calls(cluster: &Path) -> Vec<String> {
    let path = cluster.join("calls");
    let calls = std::fs::read_to_string(&path).unwrap_or_default();
    let _ = std::fs::remove_file(&path);
    calls.lines().map(str::to_owned).collect()
}

/// The files of the Secret in the fake cluster: key → value.
fn secret_in(cluster: &Path, design: &Design) -> Option<BTreeMap<String, String>> {
    let dir = cluster
        .join("secrets")
        .join(&design.cluster.namespace)
        .join(secret::name(design));
    let entries = std::fs::read_dir(dir).ok()?;
    Some(
        entries
            .map(|e| e.unwrap())
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read_to_string(e.path()).unwrap(),
                )
            })
            .collect(),
    )
}

/// The deploy job of one bundle, as a team lives it: the first deploy creates the
/// Secret from the CI secrets; the team rotates nothing, the CI secrets change, and
/// the second deploy must leave the Secret exactly as it was, writing no Secret in
/// any way; and on a fresh cluster a missing CI secret fails the job by name before
/// anything is applied.
fn deploy_journey(
    design: &Design,
    dir: &Path,
    cluster_root: &Path,
    bin: &Path,
    deploy: DeployJob,
) -> Vec<String> {
    let mut findings = Vec::new();
    let keys: Vec<String> = secret::keys(design).into_iter().collect();
    // Values a shell would mangle if they ever passed through one unquoted.
    let ci_secrets = |round: &str| -> CiSecrets {
        keys.iter()
            .map(|k| (k.clone(), format!("{round} {k} it's \"$HOME\" *  ✓ -- end")))
            .collect()
    };
    let cluster = cluster_root.join("cluster");
    std::fs::create_dir_all(cluster.join("home")).unwrap();
    let overwrites = cluster.join("overwrites");

    let first = ci_secrets("first");
    let run1 = deploy(dir, &cluster, bin, &first);
    let calls1 = take_calls(&cluster);
    if !run1.ok {
        findings.push(format!("the first deploy failed:\n{}", run1.output));
        return findings;
    }
    let position =
        |calls: &[String], prefix: &str| calls.iter().position(|c| c.starts_with(prefix));
    let creates = |calls: &[String]| {
        calls
            .iter()
            .filter(|c| c.starts_with("kubectl create"))
            .count()
    };
    let Some(applied) = position(&calls1, "kubectl apply -k k8s/") else {
        findings.push(format!("the first deploy applied nothing: {calls1:?}"));
        return findings;
    };
    if keys.is_empty() {
        if calls1.iter().any(|c| c.contains("secret")) {
            findings.push(format!(
                "a service without secrets touched a Secret: {calls1:?}"
            ));
        }
        return findings;
    }
    match (position(&calls1, "kubectl apply -f k8s/namespace.yaml"), position(&calls1, "kubectl create secret generic")) {
        (Some(namespace), Some(created)) if namespace < created && created < applied => {}
        _ => findings.push(format!("the first deploy did not create the namespace, then the Secret, then apply: {calls1:?}")),
    }
    if creates(&calls1) != 1 {
        findings.push(format!(
            "the first deploy created {} objects: {calls1:?}",
            creates(&calls1)
        ));
    }
    if secret_in(&cluster, design) != Some(first.clone()) {
        findings.push(format!(
            "the first deploy created the Secret {:?}, not {first:?}",
            secret_in(&cluster, design)
        ));
    }
    for value in first.values() {
        if calls1.iter().any(|c| c.contains(value.as_str())) {
            findings.push(format!(
                "a CI secret appeared in a command's arguments: {calls1:?}"
            ));
        }
    }

    let run2 = deploy(dir, &cluster, bin, &ci_secrets("second"));
    let calls2 = take_calls(&cluster);
    if !run2.ok {
        findings.push(format!("the second deploy failed:\n{}", run2.output));
    }
    if creates(&calls2) != 0 || position(&calls2, "kubectl apply -k k8s/").is_none() {
        findings.push(format!(
            "the second deploy did not just apply the manifests: {calls2:?}"
        ));
    }
    if !run2.output.contains("left as it is") {
        findings.push(format!(
            "the second deploy did not say it left the Secret alone:\n{}",
            run2.output
        ));
    }
    if secret_in(&cluster, design) != Some(first.clone()) {
        findings.push(format!(
            "the second deploy changed the Secret to {:?}",
            secret_in(&cluster, design)
        ));
    }
    if let Ok(written) = std::fs::read_to_string(&overwrites) {
        findings.push(format!("a deploy wrote a Secret: {written}"));
    }

    let fresh = cluster_root.join("fresh");
    std::fs::create_dir_all(fresh.join("home")).unwrap();
    let mut incomplete = first.clone();
    let missing = keys.last().unwrap();
    incomplete.insert(missing.clone(), String::new());
    let run3 = deploy(dir, &fresh, bin, &incomplete);
    let calls3 = take_calls(&fresh);
    if run3.ok {
        findings.push(format!(
            "a deploy without the CI secret {missing} succeeded:\n{}",
            run3.output
        ));
    }
    if !run3.output.contains(&format!(" {missing}")) {
        findings.push(format!(
            "a deploy without the CI secret {missing} failed without naming it:\n{}",
            run3.output
        ));
    }
    if creates(&calls3) != 0 || position(&calls3, "kubectl apply -k").is_some() {
        findings.push(format!(
            "a deploy without the CI secret {missing} went on: {calls3:?}"
        ));
    }
    findings
}

/// The deploy job of every bundle twice against a fake cluster: the presets in both
/// CI flavours, the random designs in their own.
fn deploy_twice(root: &Path, bundles: &[Bundle], report: &mut Report) {
    let bin = root.join("fake-bin");
    std::fs::create_dir_all(&bin).unwrap();
    let fake = repo().join("tests/fake-cluster/kubectl");
    for tool in ["kubectl", "kustomize", "apk"] {
        std::os::unix::fs::symlink(&fake, bin.join(tool)).unwrap();
    }
    let preset = |id: &str| PRESETS.iter().any(|p| p.id == id);
    for bundle in bundles {
        let flavours = if preset(&bundle.id) {
            vec![CiFlavour::GithubActions, CiFlavour::GitlabCi]
        } else {
            vec![bundle.design.delivery.ci]
        };
        for flavour in flavours {
            let (tool, deploy): (&str, DeployJob) = match flavour {
                CiFlavour::GithubActions => ("deploy twice (github)", github_deploy),
                CiFlavour::GitlabCi => ("deploy twice (gitlab)", gitlab_deploy),
            };
            let mut design = bundle.design.clone();
            design.delivery.ci = flavour;
            let variant = Bundle {
                id: format!("{}-{}", bundle.id, flavour_name(flavour)),
                dir: root.join(format!("journey-{}-{}", bundle.id, flavour_name(flavour))),
                design,
            };
            write_bundle(&variant);
            let findings = deploy_journey(
                &variant.design,
                &variant.dir,
                &variant.dir.join(".cluster"),
                &bin,
                deploy,
            );
            report.record(tool, &bundle.id, findings);
        }
    }
}

fn flavour_name(flavour: CiFlavour) -> &'static str {
    match flavour {
        CiFlavour::GithubActions => "github",
        CiFlavour::GitlabCi => "gitlab",
    }
}

/// Where Debian's Go packages live (Gin 1.8.1 and friends).
const DEBIAN_GOPATH: &str = "/usr/share/gocode";

/// A Go command in GOPATH mode against Debian's packages.
fn go(gopath: &Path, dir: &Path, args: &[&str]) -> Output {
    run(Command::new(args[0])
        .args(&args[1..])
        .current_dir(dir)
        .env("GOPATH", format!("{}:{DEBIAN_GOPATH}", gopath.display()))
        .env("GO111MODULE", "off")
        .env("GOFLAGS", "-mod=mod")
        .env("GOTOOLCHAIN", "local"))
}

/// Copies a bundle's Go sources into `gopath/src/<module>` and returns that folder.
fn go_tree(bundle: &Bundle, gopath: &Path) -> PathBuf {
    let dir = gopath.join("src").join(&bundle.design.service.module);
    for path in files(bundle, |p| p == "go.mod" || p.ends_with(".go")) {
        let relative = path.strip_prefix(&bundle.dir).unwrap();
        let target = dir.join(relative);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&path, &target).unwrap();
    }
    dir
}

/// The `go build` of a deploy-only Dockerfile, run by real Go on a project laid out
/// as it says: a fixture project's bundle builds that project's own sources; for the
/// others the preset's own scaffold stands in for the team's code, its `main.go`
/// moved into the main package the design names. The command is the
/// Dockerfile's `RUN … go build …` line itself, writing to a scratch file instead of
/// `/out/server`, so a main package the Dockerfile names wrongly fails here.
fn deploy_only_builds(root: &Path, bundles: &[Bundle], report: &mut Report) {
    for bundle in bundles.iter().filter(|b| b.id.starts_with("deploy-only-")) {
        let Some(project) = &bundle.design.project else {
            continue;
        };
        let gopath = root.join(format!("gopath-{}", bundle.id));
        let dir = gopath.join("src").join(&bundle.design.service.module);
        let scaffold = Design {
            project: None,
            ..bundle.design.clone()
        };
        let sources: Vec<(String, String)> = match bundle.id.strip_prefix(FIXTURE) {
            Some(name) => common::fixture_project(name)
                .into_iter()
                .filter(|f| gin_deploy::goproject::wanted(&f.path))
                .map(|f| (f.path, f.text))
                .collect(),
            None => render(&scaffold)
                .into_iter()
                .filter(|f| f.path == "go.mod" || f.path.ends_with(".go"))
                .map(|f| (f.path, f.contents))
                .collect(),
        };
        let fixture = bundle.id.starts_with(FIXTURE);
        for (path, contents) in sources {
            let path = match path.as_str() {
                "main.go" if !fixture => format!("{}/main.go", project.main_package),
                _ => path,
            };
            let target = dir.join(path);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(&target, contents).unwrap();
        }
        let dockerfile = std::fs::read_to_string(bundle.dir.join("Dockerfile")).unwrap();
        let Some(line) = dockerfile
            .lines()
            .find(|l| l.starts_with("RUN ") && l.contains(" go build "))
        else {
            report.record(
                "go build (Dockerfile)",
                &bundle.id,
                vec!["no RUN … go build line".into()],
            );
            continue;
        };
        let binary = gopath.join("server");
        let command = line
            .trim_start_matches("RUN ")
            .replace("/out/server", binary.to_str().unwrap());
        let out = go(&gopath, &dir, &["sh", "-c", &command]);
        let findings = if out.status.success() && binary.is_file() {
            Vec::new()
        } else {
            text(&out).lines().map(str::to_owned).collect()
        };
        report.record("go build (Dockerfile)", &bundle.id, findings);
    }
}

/// The JWT signing key the tools tier gives the server in release mode: 48 bytes, as
/// `openssl rand -base64 36` prints them. Release mode refuses the development key.
const RELEASE_JWT_KEY: &str = "q5T0dVqk8mY3fQ2xZ7rL1wN9cB4hJ6sA0pE2uR8tK3vG5yX7";

/// An HS256 JWT signed with the key the server runs with.
fn token() -> String {
    use gin_deploy::share::base64url_encode as b64;
    use hmac::{Hmac, Mac};
    let exp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 3600;
    let signing_input = format!(
        "{}.{}",
        b64(br#"{"alg":"HS256","typ":"JWT"}"#),
        b64(format!(r#"{{"sub":"tools-tier","exp":{exp}}}"#).as_bytes())
    );
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(RELEASE_JWT_KEY.as_bytes()).unwrap();
    mac.update(signing_input.as_bytes());
    format!("{signing_input}.{}", b64(&mac.finalize().into_bytes()))
}

/// A response's status and headers (names lowercased).
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
}

/// One HTTP/1.1 request over a fresh loopback connection.
fn request(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: Option<&str>,
) -> Result<Response, String> {
    let mut text = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    let body = body.unwrap_or("");
    if !body.is_empty() {
        text.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    text.push_str("\r\n");
    text.push_str(body);
    send(port, text.as_bytes())
}

/// Sends `raw` over a fresh loopback connection and reads the response to its end.
fn send(port: u16, raw: &[u8]) -> Result<Response, String> {
    use std::io::{Read, Write};
    let mut stream =
        std::net::TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    stream.write_all(raw).map_err(|e| e.to_string())?;
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let raw = String::from_utf8_lossy(&raw);
    let head = raw.split("\r\n\r\n").next().unwrap_or("");
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("no HTTP status in {head:?}"))?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Ok(Response { status, headers })
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A request path for a Gin route: parameters and catch-alls filled in.
fn concrete(path: &str) -> String {
    path.split('/')
        .map(|segment| match segment.chars().next() {
            Some(':') => "42".to_owned(),
            Some('*') => "a/b".to_owned(),
            _ => segment.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The environment the cluster gives the pod: plain config, the secrets (a random
/// 48-byte JWT key), and an unreachable database; and the ports, free ones here.
fn server_env(design: &Design, port: u16, metrics_port: u16) -> Vec<(String, String)> {
    let mut env = vec![
        ("PORT".to_owned(), port.to_string()),
        ("METRICS_PORT".to_owned(), metrics_port.to_string()),
        ("GIN_MODE".to_owned(), "release".to_owned()),
    ];
    let jwt_keys: Vec<&str> = design
        .all_middleware()
        .filter_map(|m| match m {
            gin_deploy::model::Middleware::JwtAuth { secret_env, .. } => Some(secret_env.as_str()),
            _ => None,
        })
        .collect();
    let db = design
        .database
        .as_ref()
        .map(|d| (d.url_env.clone(), d.driver));
    for var in &design.config.vars {
        let value = if jwt_keys.contains(&var.name.as_str()) {
            RELEASE_JWT_KEY.to_owned()
        } else if let Some((_, driver)) = db.as_ref().filter(|(name, _)| *name == var.name) {
            match driver {
                gin_deploy::model::DatabaseDriver::Postgres => {
                    "postgres://tools:tools@127.0.0.1:1/tools?sslmode=disable".to_owned()
                }
                gin_deploy::model::DatabaseDriver::Mysql => {
                    "tools:tools@tcp(127.0.0.1:1)/tools".to_owned()
                }
            }
        } else if var.secret {
            "tools-tier-secret".to_owned()
        } else {
            var.value.clone()
        };
        env.push((var.name.clone(), value));
    }
    env
}

/// A running server, stopped when dropped.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// How a launched server ended up.
enum Launch {
    Listening(Server),
    /// It exited by itself, with this status and output.
    Exited(std::process::ExitStatus, String),
    /// Neither within 10 s.
    Silent,
}

/// Starts the built server with exactly `env` in `dir` and waits until it accepts
/// connections on `port` or exits.
fn launch(binary: &Path, env: Vec<(String, String)>, dir: &Path, port: u16, log: &Path) -> Launch {
    let log_file = std::fs::File::create(log).unwrap();
    let child = Command::new(binary)
        .env_clear()
        .envs(env)
        .current_dir(dir)
        .stdout(log_file.try_clone().unwrap())
        .stderr(log_file)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
    let mut server = Server(child);
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Launch::Listening(server);
        }
        if let Ok(Some(status)) = server.0.try_wait() {
            return Launch::Exited(status, std::fs::read_to_string(log).unwrap_or_default());
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    Launch::Silent
}

/// Starts the built server as the cluster would and waits until it accepts
/// connections, or reports why not.
fn start(
    binary: &Path,
    design: &Design,
    port: u16,
    metrics_port: u16,
    log: &Path,
) -> Result<Server, String> {
    let dir = log.parent().unwrap();
    match launch(
        binary,
        server_env(design, port, metrics_port),
        dir,
        port,
        log,
    ) {
        Launch::Listening(server) => Ok(server),
        Launch::Exited(status, output) => {
            Err(format!("server exited with {status}: {}", output.trim()))
        }
        Launch::Silent => Err("server did not listen within 10 s".into()),
    }
}

/// In release mode the server must refuse to start, naming the variable, when its
/// JWT key is a placeholder, shorter than 32 bytes or the published development key,
/// or its database URL is a placeholder.
fn release_refusals(binary: &Path, design: &Design, log: &Path) -> Vec<String> {
    let mut cases: Vec<(String, &str, &str)> = Vec::new();
    if let Some((_, key)) = design.jwt() {
        cases.push((key.to_owned(), "REPLACE_ME", "placeholder"));
        cases.push((key.to_owned(), "0123456789abcdef", "16 bytes long"));
        cases.push((
            key.to_owned(),
            gin_deploy::generate::go::DEV_JWT_SECRET,
            "published development key",
        ));
    }
    if let Some(database) = &design.database {
        cases.push((database.url_env.clone(), "changeme", "placeholder"));
    }
    let mut findings = Vec::new();
    for (name, value, why) in cases {
        let port = free_port();
        let mut env = server_env(design, port, free_port());
        env.retain(|(k, _)| *k != name);
        env.push((name.clone(), value.to_owned()));
        let what = format!("GIN_MODE=release {name}={value:?}");
        match launch(binary, env, log.parent().unwrap(), port, log) {
            Launch::Exited(status, output) if !status.success() => {
                if !output.contains(&name) || !output.contains(why) {
                    findings.push(format!(
                        "{what}: refused without naming {name} ({why}): {}",
                        output.trim()
                    ));
                }
            }
            Launch::Exited(status, output) => {
                findings.push(format!("{what}: exited with {status}: {}", output.trim()))
            }
            Launch::Listening(_) => findings.push(format!("{what}: the server started")),
            Launch::Silent => findings.push(format!("{what}: neither started nor exited")),
        }
    }
    findings
}

/// The README's local run: `cp .env.example .env` and start, with nothing else in the
/// environment but the ports. The example's development key must be accepted there.
fn local_run(binary: &Path, bundle: &Bundle, gopath: &Path) -> Vec<String> {
    let dir = gopath.join("local-run");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(bundle.dir.join(".env.example"), dir.join(".env")).unwrap();
    let port = free_port();
    let env = vec![
        ("PORT".to_owned(), port.to_string()),
        ("METRICS_PORT".to_owned(), free_port().to_string()),
    ];
    match launch(binary, env, &dir, port, &dir.join("server.log")) {
        Launch::Listening(_) => Vec::new(),
        Launch::Exited(status, output) => vec![format!(
            "a run from .env.example exited with {status}: {}",
            output.trim()
        )],
        Launch::Silent => vec!["a run from .env.example did not listen within 10 s".into()],
    }
}

/// Every designed route answers as designed; unknown paths 404; CORS preflights pass.
fn check_routes(design: &Design, port: u16, metrics_port: u16, token: &str) -> Vec<String> {
    let mut findings = Vec::new();
    let mut expect = |what: String,
                      result: Result<Response, String>,
                      ok: &dyn Fn(u16) -> bool,
                      wanted: &str| match result {
        Ok(response) if ok(response.status) => {}
        Ok(response) => findings.push(format!(
            "{what}: got {} but wanted {wanted}",
            response.status
        )),
        Err(e) => findings.push(format!("{what}: {e}")),
    };
    let auth = [("Authorization", format!("Bearer {token}"))];
    for r in design.routes() {
        let method = r.route.method.as_str();
        let path = concrete(&r.full_path);
        let body = r.route.method.has_body().then_some(r#"{"name":"tools"}"#);
        let expected = if design.database.is_some() && r.full_path == "/readyz" {
            503 // The tools tier gives the server no reachable database.
        } else {
            r.route.status
        };
        if design.requires_auth(r.group) {
            expect(
                format!("{method} {path} without a token"),
                request(port, method, &path, &[], body),
                &|s| s == 401,
                "401",
            );
            expect(
                format!("{method} {path} with a token"),
                request(port, method, &path, &auth, body),
                &|s| s == expected,
                &expected.to_string(),
            );
        } else {
            expect(
                format!("{method} {path}"),
                request(port, method, &path, &[], body),
                &|s| s == expected,
                &expected.to_string(),
            );
        }
    }
    // Gin runs the global chain for unmatched paths too: global auth answers 401 first.
    let unknown = "/no-such-route-tools-tier";
    let global_auth = design
        .middleware
        .iter()
        .any(|m| matches!(m, gin_deploy::model::Middleware::JwtAuth { .. }));
    if global_auth {
        expect(
            format!("GET {unknown} without a token"),
            request(port, "GET", unknown, &[], None),
            &|s| s == 401,
            "401",
        );
        expect(
            format!("GET {unknown} with a token"),
            request(port, "GET", unknown, &auth, None),
            &|s| s == 404,
            "404",
        );
    } else {
        expect(
            format!("GET {unknown}"),
            request(port, "GET", unknown, &[], None),
            &|s| s == 404,
            "404",
        );
    }
    for m in design.all_middleware() {
        if let gin_deploy::model::Middleware::Metrics { path } = m {
            let path = if path.is_empty() { "/metrics" } else { path };
            expect(
                format!("GET {path} on the metrics port"),
                request(metrics_port, "GET", path, &[], None),
                &|s| s == 200,
                "200",
            );
        }
    }
    // A preflight from an allowed origin, to a route of every group CORS covers.
    for group in &design.groups {
        let origin = design.chain(group).find_map(|m| match m {
            gin_deploy::model::Middleware::Cors { allow_origins, .. } => {
                allow_origins.first().cloned()
            }
            _ => None,
        });
        let (Some(origin), Some(route)) = (origin, group.routes.first()) else {
            continue;
        };
        let path = concrete(&gin_deploy::model::join_path(&group.prefix, &route.path));
        let headers = [
            ("Origin", origin.clone()),
            ("Access-Control-Request-Method", "GET".to_owned()),
        ];
        match request(port, "OPTIONS", &path, &headers, None) {
            Ok(response) if (200..300).contains(&response.status)
                && response.headers.iter().any(|(k, v)| k == "access-control-allow-origin" && (v == &origin || v == "*")) => {}
            Ok(response) => findings.push(format!("preflight OPTIONS {path} from {origin}: status {} without an allowing Access-Control-Allow-Origin", response.status)),
            Err(e) => findings.push(format!("preflight OPTIONS {path}: {e}")),
        }
    }
    findings
}

/// gofmt, go vet, go build, go test on each bundle, then the built server on loopback.
fn go_checks(root: &Path, bundles: &[Bundle], report: &mut Report) {
    let token = token();
    for bundle in bundles {
        let gopath = root.join(format!("gopath-{}", bundle.id));
        let dir = go_tree(bundle, &gopath);
        let gofmt = go(&gopath, &dir, &["gofmt", "-l", "."]);
        let unformatted: Vec<String> = text(&gofmt)
            .lines()
            .map(|l| format!("not gofmt-clean: {l}"))
            .collect();
        report.record(
            "gofmt",
            &bundle.id,
            if gofmt.status.success() {
                unformatted
            } else {
                vec![text(&gofmt)]
            },
        );
        for (tool, args) in [
            ("go vet", vec!["go", "vet", "./..."]),
            ("go test", vec!["go", "test", "./..."]),
        ] {
            let out = go(&gopath, &dir, &args);
            let findings = if out.status.success() {
                Vec::new()
            } else {
                text(&out).lines().map(str::to_owned).collect()
            };
            report.record(tool, &bundle.id, findings);
        }
        let binary = match build_server(&gopath, &dir) {
            Ok(binary) => binary,
            Err(findings) => {
                report.record("go build", &bundle.id, findings);
                continue;
            }
        };
        report.record("go build", &bundle.id, Vec::new());
        let log = gopath.join("server.log");
        let port = free_port();
        let metrics_port = free_port();
        let design = &bundle.design;
        report.record(
            "gin server (refusals)",
            &bundle.id,
            release_refusals(&binary, design, &log),
        );
        // A database the example cannot reach is the user's to set (the README
        // says so); the run from .env.example is judged without one.
        if design.database.is_none() {
            report.record(
                "gin server (.env)",
                &bundle.id,
                local_run(&binary, bundle, &gopath),
            );
        }
        if design.database.as_ref().is_some_and(|d| d.ping_on_connect) {
            // With no reachable database the server must fail fast, saying why.
            let findings = match start(&binary, design, port, metrics_port, &log) {
                Ok(_) => vec![
                    "started although its database is unreachable and pingOnConnect is on".into(),
                ],
                Err(why) if why.contains("database") => Vec::new(),
                Err(why) => vec![format!(
                    "failed for another reason than the database: {why}"
                )],
            };
            report.record("gin server (db down)", &bundle.id, findings);
            // The routes are checked on the same design without the start-up ping:
            // nothing else differs, and /readyz must then report the database down.
            let mut variant = design.clone();
            if let Some(db) = variant.database.as_mut() {
                db.ping_on_connect = false;
            }
            let variant = Bundle {
                id: format!("{}-noping", bundle.id),
                dir: root.join(format!("{}-noping", bundle.id)),
                design: variant,
            };
            write_bundle(&variant);
            let gopath = root.join(format!("gopath-{}", variant.id));
            let dir = go_tree(&variant, &gopath);
            let build = go(
                &gopath,
                &dir,
                &["go", "build", "-o", binary.to_str().unwrap(), "."],
            );
            let findings = if !build.status.success() {
                text(&build).lines().map(str::to_owned).collect()
            } else {
                match start(&binary, &variant.design, port, metrics_port, &log) {
                    Ok(_server) => check_routes(&variant.design, port, metrics_port, &token),
                    Err(why) => vec![why],
                }
            };
            report.record("gin server", &bundle.id, findings);
            continue;
        }
        let findings = match start(&binary, design, port, metrics_port, &log) {
            Ok(_server) => check_routes(design, port, metrics_port, &token),
            Err(why) => vec![why],
        };
        report.record("gin server", &bundle.id, findings);
    }
}

/// The requests a client may make before the abuse design's rate limit answers 429.
const ABUSE_BURST: u32 = 5;

/// A design that invites abuse: a global rate limit of `ABUSE_BURST` requests, a
/// metrics middleware, a 1 KiB body limit, a 1 s read timeout and a route that reads a
/// body; `trusted` lists the proxies whose X-Forwarded-For it believes.
fn abuse_design(trusted: &[&str]) -> Design {
    use gin_deploy::model::{Method, Middleware, Route};
    let mut design = Design::default();
    design.service.name = "abuse".into();
    design.service.module = "example.com/abuse".into();
    design.service.trusted_proxies = trusted.iter().map(|t| (*t).to_owned()).collect();
    design.service.max_body_bytes = 1024;
    design.service.read_timeout_seconds = 1;
    design.middleware.push(Middleware::RateLimit {
        requests_per_second: 1,
        burst: ABUSE_BURST,
    });
    design.middleware.push(Middleware::Metrics {
        path: "/metrics".into(),
    });
    design.groups[0]
        .routes
        .push(Route::new(Method::Post, "/items"));
    design
}

/// Builds the abuse design with `trusted` proxies and returns the server binary.
fn abuse_build(root: &Path, id: &str, trusted: &[&str]) -> Result<(Design, PathBuf), Vec<String>> {
    let bundle = Bundle {
        id: id.to_owned(),
        dir: root.join(id),
        design: abuse_design(trusted),
    };
    write_bundle(&bundle);
    let gopath = root.join(format!("gopath-{id}"));
    let dir = go_tree(&bundle, &gopath);
    let binary = build_server(&gopath, &dir)?;
    Ok((bundle.design, binary))
}

/// `go build`s the service in `dir` to `gopath/server`; the compiler's lines if it
/// fails.
fn build_server(gopath: &Path, dir: &Path) -> Result<PathBuf, Vec<String>> {
    let binary = gopath.join("server");
    let build = go(
        gopath,
        dir,
        &["go", "build", "-o", binary.to_str().unwrap(), "."],
    );
    if build.status.success() {
        Ok(binary)
    } else {
        Err(text(&build).lines().map(str::to_owned).collect())
    }
}

/// The statuses of `ABUSE_BURST + 1` requests to /ping, each with the
/// X-Forwarded-For `xff(i)`, on a freshly started server.
fn burst(
    binary: &Path,
    design: &Design,
    log: &Path,
    xff: impl Fn(u32) -> String,
) -> Result<Vec<u16>, String> {
    let port = free_port();
    let _server = start(binary, design, port, free_port(), log)?;
    (0..=ABUSE_BURST)
        .map(|i| {
            request(port, "GET", "/ping", &[("X-Forwarded-For", xff(i))], None).map(|r| r.status)
        })
        .collect()
}

/// Whether a connection that sent `partial` is closed by the server within 5 s (the
/// design's read timeout is 1 s).
fn cut_off(port: u16, partial: &str) -> Result<(), String> {
    use std::io::{Read, Write};
    let mut stream =
        std::net::TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(5)))
        .unwrap();
    stream
        .write_all(partial.as_bytes())
        .map_err(|e| e.to_string())?;
    let started = std::time::Instant::now();
    let mut sink = Vec::new();
    match stream.read_to_end(&mut sink) {
        Ok(_) => Ok(()),
        Err(e) => Err(format!(
            "the connection was still open after {:.1} s ({e})",
            started.elapsed().as_secs_f64()
        )),
    }
}

/// The generated service against abuse, for real: a client cannot dodge the rate
/// limit with made-up X-Forwarded-For headers unless the design trusts its address
/// as a proxy (and then the header is honoured, so the check is not vacuous); a body
/// over the limit gets 413, declared or chunked, and one within it does not; metrics
/// answer on the metrics port and not on the routed one; a client that sends its
/// request slowly is cut off by the read timeout.
fn abuse(root: &Path, report: &mut Report) {
    let log = root.join("abuse.log");
    let distinct = |i: u32| format!("203.0.113.{}", i + 1);
    let limited = |statuses: &[u16]| statuses.last() == Some(&429);

    let mut findings = Vec::new();
    match abuse_build(root, "abuse-untrusted", &[]) {
        Err(build) => findings.extend(build),
        Ok((design, binary)) => {
            match burst(&binary, &design, &log, distinct) {
                Ok(statuses) if limited(&statuses) => {}
                Ok(statuses) => findings.push(format!("{} requests with distinct X-Forwarded-For headers and no trusted proxy: statuses {statuses:?}, the last not 429", ABUSE_BURST + 1)),
                Err(e) => findings.push(e),
            }
            findings.extend(limits(&binary, &design, &log));
        }
    }
    report.record("gin server (abuse)", "untrusted", findings);

    let mut findings = Vec::new();
    match abuse_build(root, "abuse-trusted", &["127.0.0.0/8"]) {
        Err(build) => findings.extend(build),
        Ok((design, binary)) => {
            match burst(&binary, &design, &log, distinct) {
                Ok(statuses) if statuses.iter().all(|&s| s == 200) => {}
                Ok(statuses) => findings.push(format!("{} requests from a trusted proxy for distinct clients: statuses {statuses:?}, not all 200", ABUSE_BURST + 1)),
                Err(e) => findings.push(e),
            }
            match burst(&binary, &design, &log, |_| "203.0.113.7".to_owned()) {
                Ok(statuses) if limited(&statuses) => {}
                Ok(statuses) => findings.push(format!("{} requests from a trusted proxy for one client: statuses {statuses:?}, the last not 429", ABUSE_BURST + 1)),
                Err(e) => findings.push(e),
            }
        }
    }
    report.record("gin server (abuse)", "trusted-proxy", findings);
}

/// The body limit, the metrics port and the read timeout of the abuse design.
fn limits(binary: &Path, design: &Design, log: &Path) -> Vec<String> {
    let mut findings = Vec::new();
    let (port, metrics_port) = (free_port(), free_port());
    let _server = match start(binary, design, port, metrics_port, log) {
        Ok(server) => server,
        Err(e) => return vec![e],
    };
    let mut expect = |what: &str, result: Result<Response, String>, wanted: u16| match result {
        Ok(r) if r.status == wanted => {}
        Ok(r) => findings.push(format!("{what}: status {}, wanted {wanted}", r.status)),
        Err(e) => findings.push(format!("{what}: {e}")),
    };
    let small = r#"{"name":"tools"}"#;
    let large = format!(r#"{{"name":"{}"}}"#, "x".repeat(2048));
    expect(
        "POST /items with a small body",
        request(port, "POST", "/items", &[], Some(small)),
        200,
    );
    expect(
        "POST /items with a 2 KiB body",
        request(port, "POST", "/items", &[], Some(&large)),
        413,
    );
    let chunked = format!(
        "POST /items HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{large}\r\n0\r\n\r\n",
        large.len()
    );
    expect(
        "POST /items with a chunked 2 KiB body",
        send(port, chunked.as_bytes()),
        413,
    );
    expect(
        "GET /metrics on the routed port",
        request(port, "GET", "/metrics", &[], None),
        404,
    );
    expect(
        "GET /metrics on the metrics port",
        request(metrics_port, "GET", "/metrics", &[], None),
        200,
    );
    for (what, partial) in [
        ("headers sent slowly", "GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\n".to_owned()),
        (
            "a body sent slowly",
            "POST /items HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\"".to_owned(),
        ),
    ] {
        if let Err(e) = cut_off(port, &partial) {
            findings.push(format!("{what}: {e}"));
        }
    }
    findings
}

fn main() {
    let root = scratch().join("tools-check");
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    let mut all = bundles(&root);
    let full = all.len();
    all.extend(deploy_only_bundles(&root));
    all.extend(fixture_bundles(&root));
    let built = all.len();
    all.extend(gateway_bundles(&root));
    // The scaffold bundles every tool checks; `with_deploy_only` adds the deploy-only
    // bundles (no Go, OpenAPI or deploy journey); `all` adds those only the manifest
    // tools check.
    let bundles = &all[..full];
    let with_deploy_only = &all[..built];
    println!(
        "checking {} bundles ({} presets, the blank design, {RANDOM_DESIGNS} random designs; {} deploy-only variants and fixture projects; {GATEWAY_DESIGNS} random designs with Gateway API routing for the manifest tools) in {}",
        all.len(),
        PRESETS.len(),
        built - full,
        root.display()
    );
    let mut report = Report::default();
    hadolint(with_deploy_only, &mut report);
    // Files rewritten for the tools and the journeys' fake clusters and bundle
    // variants live outside the folder checkov reads, so it judges the bundles only.
    let work = scratch().join("tools-work");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();
    kubernetes_validate(&work.join("without-gateway-api"), &all, &mut report);
    yamllint(&all, &mut report);
    openapi_spec_validator(bundles, &mut report);
    ci_schema(with_deploy_only, &mut report);
    kustomize(&all, &mut report);
    gateway_api(&all, &mut report);
    migrated(&work.join("migrated"), bundles, &mut report);
    deploy_twice(&work.join("journeys"), bundles, &mut report);
    checkov(&root, &all, &mut report);
    go_checks(&root, bundles, &mut report);
    deploy_only_builds(&root, with_deploy_only, &mut report);
    abuse(&root, &mut report);
    if !report.print() {
        std::process::exit(1);
    }
}
