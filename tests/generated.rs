//! The generated files as a whole: snapshots of every file of every preset's bundle,
//! and the listen port appearing as the same value in every file that names it.

use gin_deploy::bundle::{render, GeneratedFile};
use gin_deploy::editor::{apply, Action, Editor, Field};
use gin_deploy::model::{Design, Project};
use gin_deploy::presets::PRESETS;
use gin_deploy::validate::bundle::validate_bundle;
use gin_deploy::validate::Severity;
use gin_deploy::yaml::from_yaml;
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::Service;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

fn file<'a>(files: &'a [GeneratedFile], path: &str) -> &'a str {
    &files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path} in the bundle"))
        .contents
}

#[test]
fn every_preset_bundle_snapshot() {
    for preset in PRESETS {
        for file in render(&preset.design().unwrap()) {
            insta::assert_snapshot!(
                format!("{}__{}", preset.id, file.path.replace('/', "__")),
                file.contents
            );
        }
    }
}

/// A preset bundle's findings but the informational ones every preset has: a Secret
/// mounted that the stream does not hold (GK306), a runtime base on a tag (GD1107),
/// a rate limit that trusts no proxy (GR208).
fn unexpected_findings(design: &Design, files: &[GeneratedFile]) -> Vec<String> {
    validate_bundle(design, files)
        .into_iter()
        .filter(|d| {
            !(matches!(d.rule, "GK306" | "GD1107" | "GR208") && d.severity == Severity::Info)
        })
        .map(|d| d.to_line())
        .collect()
}

#[test]
fn no_preset_ships_a_secret_and_its_bundle_validates_clean() {
    for preset in PRESETS {
        let design = preset.design().unwrap();
        let files = render(&design);
        for file in files.iter().filter(|f| f.path.starts_with("k8s/")) {
            // Every deploy applies k8s/ again, so a Secret here would overwrite the
            // real one with whatever this file holds.
            assert!(!file.contents.contains("REPLACE_ME"), "{}", file.path);
            let documents: Vec<serde_json::Value> =
                serde_saphyr::from_str_multiple(&file.contents).unwrap();
            for document in documents {
                assert_ne!(document["kind"], "Secret", "{} of {}", file.path, preset.id);
            }
        }
        // The Deployment mounts a Secret the stream does not hold, and that is no
        // finding; the only ones left are informational: the Ingress's TLS secret,
        // created by hand as the README says, is not in the stream either, and the
        // runtime base is on a tag (no preset can know the digest of the day), and a
        // rate limit behind the Ingress trusts no proxy (no preset can know the
        // cluster's pod network either).
        assert_eq!(
            unexpected_findings(&design, &files),
            Vec::<String>::new(),
            "{}",
            preset.id
        );
    }
}

/// The main package each preset's deploy-only variant builds: the module root and
/// two `cmd/` layouts.
const MAIN_PACKAGES: [(&str, &str); 3] = [
    ("article-service", "."),
    ("minimal-public-api", "./cmd/server"),
    ("production-hardened", "./cmd/orders"),
];

/// A preset as the design of a team's own Go project.
fn deploy_only(preset: gin_deploy::presets::Preset) -> Design {
    let (_, main_package) = MAIN_PACKAGES
        .iter()
        .find(|(id, _)| *id == preset.id)
        .unwrap_or_else(|| panic!("no main package for preset {}", preset.id));
    Design {
        project: Some(Project {
            main_package: (*main_package).to_owned(),
        }),
        ..preset.design().unwrap()
    }
}

/// A deploy-only bundle's files that differ from the scaffold bundle's (all but
/// some manifests): the snapshots show what the mode changes, and only that.
#[test]
fn every_preset_deploy_only_bundle_snapshot() {
    for preset in PRESETS {
        let scaffold = render(&preset.design().unwrap());
        for file in render(&deploy_only(preset)) {
            let same = scaffold.contains(&file);
            assert!(
                !same || file.path.starts_with("k8s/"),
                "{} of {} is the scaffold's",
                file.path,
                preset.id
            );
            if !same {
                insta::assert_snapshot!(
                    format!(
                        "deploy-only-{}__{}",
                        preset.id,
                        file.path.replace('/', "__")
                    ),
                    file.contents
                );
            }
        }
    }
}

#[test]
fn every_preset_deploy_only_bundle_validates_clean_and_builds_its_main_package() {
    for preset in PRESETS {
        let design = deploy_only(preset);
        let files = render(&design);
        let main_package = &design.project.as_ref().unwrap().main_package;
        assert!(
            file(&files, "Dockerfile").contains(&format!(" -o /out/server {main_package}\n")),
            "{}",
            preset.id
        );
        // The same informational findings as the scaffold's bundle, nothing more.
        assert_eq!(
            unexpected_findings(&design, &files),
            Vec::<String>::new(),
            "{}",
            preset.id
        );
    }
}

#[test]
fn default_design_bundle_paths() {
    let files = render(&Design::default());
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "Dockerfile",
            "go.mod",
            "main.go",
            "config/config.go",
            "routers/router.go",
            "routers/router_test.go",
            "controllers/doc.go",
            "controllers/root.go",
            "controllers/apiv1.go",
            "models/models.go",
            "middleware/doc.go",
            "middleware/bodylimit.go",
            "k8s/namespace.yaml",
            "k8s/deployment.yaml",
            "k8s/service.yaml",
            "k8s/httproute.yaml",
            "k8s/poddisruptionbudget.yaml",
            "k8s/networkpolicy.yaml",
            "k8s/all.yaml",
            "k8s/kustomization.yaml",
            ".dockerignore",
            ".env.example",
            "openapi.yaml",
            ".github/workflows/ci.yml",
            "README.md"
        ]
    );
}

/// Every place the listen port shows up, read back from the generated text.
fn ports_named(files: &[GeneratedFile]) -> Vec<(String, i64)> {
    let mut found = Vec::new();
    for line in file(files, "Dockerfile").lines() {
        if let Some(port) = line.strip_prefix("EXPOSE ") {
            found.push(("Dockerfile EXPOSE".into(), port.parse().unwrap()));
        }
    }
    let deployment: Deployment = from_yaml(file(files, "k8s/deployment.yaml")).unwrap();
    let pod = deployment.spec.template.spec.unwrap();
    for container in &pod.containers {
        for port in container.ports.iter().flatten() {
            found.push(("containerPort".into(), port.container_port.into()));
        }
        for env in container.env.iter().flatten().filter(|e| e.name == "PORT") {
            found.push((
                "env PORT".into(),
                env.value.as_deref().unwrap().parse().unwrap(),
            ));
        }
        for (which, probe) in [
            ("readiness", &container.readiness_probe),
            ("liveness", &container.liveness_probe),
        ] {
            let probe = probe.as_ref().unwrap();
            let port = probe
                .http_get
                .as_ref()
                .map(|h| &h.port)
                .or(probe.tcp_socket.as_ref().map(|t| &t.port))
                .unwrap();
            match port {
                IntOrString::Int(p) => found.push((format!("{which} probe port"), (*p).into())),
                IntOrString::String(name) => panic!("{which} probe uses named port {name}"),
            }
        }
    }
    let service: Service = from_yaml(file(files, "k8s/service.yaml")).unwrap();
    for port in service.spec.unwrap().ports.unwrap() {
        match port.target_port.unwrap() {
            IntOrString::Int(p) => found.push(("Service targetPort".into(), p.into())),
            IntOrString::String(name) => panic!("targetPort is the name {name}"),
        }
    }
    found
}

#[test]
fn listen_port_appears_identically_everywhere() {
    for port in ["1", "1024", "8080", "9090", "65535"] {
        let editor = apply(&Editor::default(), Action::Edit(Field::Port, port.into()));
        let found = ports_named(&render(&editor.design));
        let places: Vec<&str> = found.iter().map(|(place, _)| place.as_str()).collect();
        assert_eq!(
            places,
            [
                "Dockerfile EXPOSE",
                "containerPort",
                "env PORT",
                "readiness probe port",
                "liveness probe port",
                "Service targetPort"
            ]
        );
        for (place, value) in &found {
            assert_eq!(value.to_string(), port, "{place}");
        }
    }
}

#[test]
fn rejected_port_leaves_every_file_as_it_was() {
    let editor = apply(&Editor::default(), Action::Edit(Field::Port, "9090".into()));
    // Leaving the field settles 9090; a refused edit after that keeps it.
    let editor = apply(&editor, Action::Leave);
    let before = render(&editor.design);
    for bad in ["0", "70000", "abc", ""] {
        let after = apply(&editor, Action::Edit(Field::Port, bad.into()));
        assert!(after.error(Field::Port).is_some(), "{bad}");
        assert_eq!(render(&after.design), before, "{bad}");
    }
}

#[test]
fn service_selector_matches_the_pod_labels() {
    let files = render(&Design::default());
    let deployment: Deployment = from_yaml(file(&files, "k8s/deployment.yaml")).unwrap();
    let service: Service = from_yaml(file(&files, "k8s/service.yaml")).unwrap();
    let pod_labels = deployment.spec.template.metadata.unwrap().labels.unwrap();
    let selector = service.spec.unwrap().selector.unwrap();
    assert!(!selector.is_empty());
    for (key, value) in &selector {
        assert_eq!(pod_labels.get(key), Some(value), "{key}");
    }
    assert_eq!(deployment.spec.selector.match_labels.unwrap(), selector);
}

#[test]
fn the_blank_design_passes_its_checks_and_its_bundle_has_no_errors_or_warnings() {
    let design = Design::blank();
    assert_eq!(gin_deploy::design_file::check(&design), []);
    let routes: Vec<String> = design.routes().map(|r| r.route.path.clone()).collect();
    assert_eq!(routes, ["/healthz"]);
    let found: Vec<String> = validate_bundle(&design, &render(&design))
        .into_iter()
        .filter(|d| d.severity != Severity::Info)
        .map(|d| d.to_line())
        .collect();
    assert_eq!(found, Vec::<String>::new());
}
