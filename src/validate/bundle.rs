//! Validation entry points: the design's own bundle, live as the user edits, and any
//! Dockerfile or Kubernetes YAML a user pastes, drops or names on the command line.

use crate::bundle::GeneratedFile;
use crate::model::Design;
use crate::validate::{dockerfile, kube, routes, Diagnostic, Location};

/// Every finding on a design and its generated files, design findings first. The
/// manifests are checked as the one stream `k8s/all.yaml` holds, so cross-object
/// rules see every object once.
pub fn validate_bundle(design: &Design, files: &[GeneratedFile]) -> Vec<Diagnostic> {
    let mut found = routes::validate(design);
    let kube_options = kube::Options::for_version(&design.cluster.kubernetes_version);
    for file in files {
        if file.path == DOCKERFILE {
            let options = dockerfile::Options {
                expected_port: Some(design.service.port),
            };
            found.extend(
                dockerfile::validate(&file.path, &file.contents, &options)
                    .into_iter()
                    .map(|mut d| {
                        // The design's own Dockerfile is pinned from its form field.
                        if d.rule == "GD1107" {
                            d.location = Location::Field {
                                path: "container.runtimeDigest".into(),
                            };
                        }
                        d
                    }),
            );
        } else if file.path == MANIFESTS {
            found.extend(kube::validate(&file.path, &file.contents, &kube_options));
        }
    }
    found
}

/// The bundle's Dockerfile and its manifests as one stream.
const DOCKERFILE: &str = "Dockerfile";
const MANIFESTS: &str = "k8s/all.yaml";

/// What a user-supplied file is checked as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum InputKind {
    Dockerfile,
    /// A Kubernetes YAML stream.
    Kubernetes,
}

/// Dockerfiles are recognised by name (`Dockerfile`, `Dockerfile.prod`,
/// `app.dockerfile`, `Containerfile`) or, for pasted text without a name, by a first
/// instruction of `FROM`, `ARG` or a parser directive; everything else is YAML.
pub fn input_kind(file_name: &str, text: &str) -> InputKind {
    let name = file_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(file_name)
        .to_ascii_lowercase();
    if name.starts_with("dockerfile") || name.ends_with(".dockerfile") || name == "containerfile" {
        return InputKind::Dockerfile;
    }
    if name.ends_with(".yaml") || name.ends_with(".yml") || name.ends_with(".json") {
        return InputKind::Kubernetes;
    }
    let first = text
        .lines()
        .map(str::trim)
        // Skip blank lines and comments, but not parser directives (`# syntax=`).
        .find(|l| !l.is_empty() && (!l.starts_with('#') || l.contains('=')))
        .unwrap_or("");
    let word = first
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_ascii_uppercase();
    if word == "FROM"
        || word == "ARG"
        || first.starts_with("# syntax=")
        || first.starts_with("# escape=")
    {
        InputKind::Dockerfile
    } else {
        InputKind::Kubernetes
    }
}

/// Validates one user-supplied file; `kubernetes_version` is the release manifests
/// are checked against (e.g. `1.37`).
pub fn validate_input(
    file_name: &str,
    text: &str,
    kubernetes_version: &str,
) -> (InputKind, Vec<Diagnostic>) {
    let mut checking = InputChecking::new(file_name, text.to_owned(), kubernetes_version);
    while !checking.step(usize::MAX) {}
    checking.finish()
}

/// [`validate_input`] done a part at a time ([`InputChecking::step`]): a Kubernetes
/// stream by [`kube::Checking`], a Dockerfile at once.
pub struct InputChecking {
    file_name: String,
    check: Check,
}

enum Check {
    Kubernetes(Box<kube::Checking>),
    Dockerfile {
        text: String,
        found: Vec<Diagnostic>,
    },
}

impl InputChecking {
    pub fn new(file_name: &str, text: String, kubernetes_version: &str) -> InputChecking {
        let check = match input_kind(file_name, &text) {
            InputKind::Dockerfile => Check::Dockerfile {
                found: dockerfile::validate(file_name, &text, &dockerfile::Options::default()),
                text,
            },
            InputKind::Kubernetes => Check::Kubernetes(Box::new(kube::Checking::new(
                file_name.to_owned(),
                text,
                &kube::Options::for_version(kubernetes_version),
            ))),
        };
        InputChecking {
            file_name: file_name.to_owned(),
            check,
        }
    }

    /// The text being checked.
    pub fn text(&self) -> &str {
        match &self.check {
            Check::Kubernetes(checking) => checking.text(),
            Check::Dockerfile { text, .. } => text,
        }
    }

    /// Does about `work` units of the check ([`kube::Checking::step`]); true once it
    /// is over.
    pub fn step(&mut self, work: usize) -> bool {
        match &mut self.check {
            Check::Kubernetes(checking) => checking.step(work),
            Check::Dockerfile { .. } => true,
        }
    }

    /// What the file was checked as, and the findings.
    pub fn finish(self) -> (InputKind, Vec<Diagnostic>) {
        match self.check {
            Check::Dockerfile { found, .. } => (InputKind::Dockerfile, found),
            Check::Kubernetes(checking) => {
                let nothing = holds_nothing(checking.text());
                let mut found = checking.finish().unwrap_or_default();
                if found.is_empty() && nothing {
                    // An empty file passes every rule, but kubectl refuses it: a CI step
                    // that checks a file truncated to nothing must not pass.
                    if let Some(rule) = kube::rules().iter().find(|r| r.id == "GK100") {
                        found.push(Diagnostic::at(
                            rule,
                            &self.file_name,
                            1,
                            1,
                            "the stream holds no Kubernetes object, only blank lines, comments or document markers: kubectl apply refuses it (no objects passed to apply); add the manifests or leave the file out",
                        ));
                    }
                }
                (InputKind::Kubernetes, found)
            }
        }
    }
}

/// Whether YAML text holds no document: every line blank, a comment or a
/// document marker.
fn holds_nothing(text: &str) -> bool {
    text.lines().all(|line| {
        let line = line.trim();
        line.is_empty()
            || line.starts_with('#')
            || line == "..."
            || line == "---"
            || line.starts_with("--- #")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::render;
    use crate::model::Middleware;
    use crate::presets::PRESETS;
    use crate::validate::{Location, Severity};

    #[test]
    fn presets_have_no_errors_or_warnings() {
        for preset in PRESETS {
            let design = preset.design().unwrap();
            let found: Vec<String> = validate_bundle(&design, &render(&design))
                .into_iter()
                .filter(|d| d.severity != Severity::Info)
                .map(|d| d.to_line())
                .collect();
            assert_eq!(found, Vec::<String>::new(), "{}", preset.id);
        }
    }

    #[test]
    fn a_design_mistake_is_reported_at_its_field() {
        let mut design = Design::default();
        design.middleware.insert(0, Middleware::Gzip { level: 5 });
        let found = validate_bundle(&design, &render(&design));
        let recovery = found
            .iter()
            .find(|d| d.rule == "GR201")
            .expect("recovery-first rule fires");
        assert!(
            matches!(&recovery.location, Location::Field { path } if path.starts_with("middleware"))
        );
    }

    #[test]
    fn inputs_are_recognised_by_name_then_content() {
        for (name, text, kind) in [
            ("Dockerfile", "", InputKind::Dockerfile),
            ("build/Dockerfile.prod", "", InputKind::Dockerfile),
            ("app.dockerfile", "", InputKind::Dockerfile),
            ("deploy.yaml", "FROM x", InputKind::Kubernetes),
            (
                "",
                "# syntax=docker/dockerfile:1\nFROM golang:1.25",
                InputKind::Dockerfile,
            ),
            (
                "",
                "# build image\nARG GO=1.25\nFROM golang:${GO}",
                InputKind::Dockerfile,
            ),
            ("", "apiVersion: v1\nkind: Service", InputKind::Kubernetes),
            ("", "", InputKind::Kubernetes),
        ] {
            assert_eq!(input_kind(name, text), kind, "{name:?} {text:?}");
        }
    }

    #[test]
    fn a_yaml_file_without_an_object_is_an_error_and_one_with_objects_is_not() {
        for text in ["", "\n\n", "# nothing yet\n---\n...\n", "--- # empty\n"] {
            let (kind, found) = validate_input("deploy.yaml", text, "1.37");
            assert_eq!(kind, InputKind::Kubernetes);
            let rules: Vec<&str> = found.iter().map(|d| d.rule).collect();
            assert_eq!(rules, ["GK100"], "{text:?}");
            assert!(found[0]
                .message
                .starts_with("the stream holds no Kubernetes object"));
        }
        let cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n";
        let found = validate_input("deploy.yaml", cm, "1.37").1;
        assert!(found.iter().all(|d| d.rule != "GK100"), "{found:?}");
    }

    #[test]
    fn pasted_files_get_line_accurate_findings() {
        let (kind, found) = validate_input("", "FROM alpine:latest\nRUN echo hi\n", "1.37");
        assert_eq!(kind, InputKind::Dockerfile);
        let latest = found.iter().find(|d| d.rule == "DL3007").unwrap();
        assert!(matches!(latest.location, Location::Text { line: 1, .. }));
        let yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n        imagePulPolicy: Always\n";
        let (kind, found) = validate_input("pasted.yaml", yaml, "1.37");
        assert_eq!(kind, InputKind::Kubernetes);
        let typo = found
            .iter()
            .find(|d| d.message.contains("imagePulPolicy"))
            .unwrap();
        assert!(
            matches!(typo.location, Location::Text { line: 15, .. }),
            "{typo:?}"
        );
        assert!(
            typo.message.contains("imagePullPolicy")
                || typo
                    .fix
                    .as_ref()
                    .is_some_and(|f| f.description.contains("imagePullPolicy"))
        );
    }
}
