//! Properties over random designs (see `common::design`): whatever the user designs,
//! the bundle stays well-formed and consistent, and secrets stay out of it.

mod common;

use gin_deploy::bundle::render;
use gin_deploy::design_file::{check, parse_design, write_design};
use gin_deploy::model::{Design, Project};
use gin_deploy::share;
use gin_deploy::validate::bundle::validate_bundle;
use gin_deploy::validate::Severity;
use gin_deploy::yaml::from_yaml;
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::Service;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use proptest::prelude::*;

/// Dockerfile instructions; every line of a generated Dockerfile starts with one, or
/// is a comment or blank.
const INSTRUCTIONS: [&str; 12] = [
    "FROM",
    "WORKDIR",
    "COPY",
    "RUN",
    "ENV",
    "EXPOSE",
    "USER",
    "HEALTHCHECK",
    "ENTRYPOINT",
    "CMD",
    "ARG",
    "LABEL",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// The page regenerates the Go files only when their view of the design changes:
    /// that view must hold everything they read.
    #[test]
    fn the_go_files_are_the_go_files_of_their_view(design in common::design()) {
        prop_assert_eq!(
            gin_deploy::generate::go::files(&design),
            gin_deploy::generate::go::files(&gin_deploy::bundle::go_view(&design))
        );
    }

    #[test]
    fn design_files_round_trip(design in common::design()) {
        prop_assert_eq!(parse_design(&write_design(&design)).unwrap(), design);
    }

    #[test]
    fn share_links_round_trip_without_secrets(design in common::design()) {
        let link = share::encode(&design);
        prop_assert_eq!(share::decode(&link).unwrap(), share::without_secrets(&design));
        for var in design.config.vars.iter().filter(|v| v.secret) {
            prop_assert!(!link.contains(&var.value));
        }
    }

    #[test]
    fn every_yaml_file_parses_and_the_port_is_one_value(design in common::design()) {
        let files = render(&design);
        for file in files.iter().filter(|f| f.path.ends_with(".yaml") || f.path.ends_with(".yml")) {
            for doc in file.contents.split("\n---\n") {
                let parsed: Result<serde_json::Value, _> = from_yaml(doc);
                prop_assert!(parsed.is_ok(), "{} does not parse: {:?}\n{}", file.path, parsed.err(), file.contents);
            }
        }
        let text = |path: &str| files.iter().find(|f| f.path == path).map(|f| f.contents.clone()).unwrap();
        let port = i32::from(design.service.port);
        let expose = format!("\nEXPOSE {port}\n");
        prop_assert!(text("Dockerfile").contains(&expose));
        let deployment: Deployment = from_yaml(&text("k8s/deployment.yaml")).unwrap();
        let container = &deployment.spec.template.spec.as_ref().unwrap().containers[0];
        prop_assert_eq!(container.ports.as_ref().unwrap()[0].container_port, port);
        for probe in [&container.readiness_probe, &container.liveness_probe].into_iter().flatten() {
            let probe_port = probe.http_get.as_ref().map(|h| &h.port).or(probe.tcp_socket.as_ref().map(|t| &t.port));
            prop_assert_eq!(probe_port, Some(&IntOrString::Int(port)));
        }
        let service: Service = from_yaml(&text("k8s/service.yaml")).unwrap();
        let target = service.spec.unwrap().ports.unwrap()[0].target_port.clone();
        prop_assert_eq!(target, Some(IntOrString::Int(port)));
    }

    #[test]
    fn dockerfile_lines_are_all_instructions(design in common::design()) {
        let files = render(&design);
        let dockerfile = &files.iter().find(|f| f.path == "Dockerfile").unwrap().contents;
        for line in dockerfile.lines() {
            let word = line.split_whitespace().next().unwrap_or("");
            prop_assert!(word.is_empty() || word.starts_with('#') || INSTRUCTIONS.contains(&word), "stray line {:?}", line);
        }
    }

    #[test]
    fn no_secret_object_or_placeholder_reaches_the_manifests(design in common::design()) {
        // Every deploy applies k8s/ again, so a Secret there would overwrite the real one.
        for file in render(&design).iter().filter(|f| f.path.starts_with("k8s/")) {
            prop_assert!(!file.contents.contains("REPLACE_ME"), "{} holds REPLACE_ME", file.path);
            let documents: Vec<serde_json::Value> = serde_saphyr::from_str_multiple(&file.contents).unwrap();
            for document in documents {
                prop_assert_ne!(&document["kind"], "Secret", "{} holds a Secret", file.path);
            }
        }
    }

    /// A deploy-only bundle holds none of the Go scaffold, builds the design's main
    /// package, and gives our own validators nothing to say that the scaffold's bundle
    /// of the same design does not.
    #[test]
    fn a_deploy_only_bundle_has_no_go_code_and_builds_the_main_package(
        design in common::design(),
        main_package in prop_oneof![
            Just(".".to_owned()),
            "[a-z][a-z0-9_-]{0,8}(/[a-z][a-z0-9._-]{0,8}){0,2}".prop_map(|p| format!("./{p}")),
        ],
    ) {
        let own = Design {
            project: Some(Project { main_package: main_package.clone() }),
            ..design.clone()
        };
        prop_assert_eq!(check(&own), Vec::new());
        let files = render(&own);
        for file in &files {
            prop_assert!(
                !file.path.ends_with(".go")
                    && !["go.mod", "go.sum", ".env.example", "openapi.yaml", "README.md"]
                        .contains(&file.path.as_str()),
                "{} is in a deploy-only bundle", file.path
            );
        }
        let dockerfile = &files.iter().find(|f| f.path == "Dockerfile").unwrap().contents;
        let build = dockerfile.lines().find(|l| l.contains(" go build ")).unwrap();
        prop_assert!(build.ends_with(&format!(" -o /out/server {main_package}")), "{}", build);
        // The scaffold's health flag is not the project's.
        prop_assert!(!dockerfile.lines().any(|l| l.starts_with("HEALTHCHECK") && l.contains("-healthcheck")));
        let serious = |design: &Design| -> std::collections::BTreeSet<&'static str> {
            validate_bundle(design, &render(design))
                .into_iter()
                .filter(|d| d.severity != Severity::Info)
                .map(|d| d.rule)
                .collect()
        };
        let (scaffold, deploy_only) = (serious(&design), serious(&own));
        prop_assert!(deploy_only.is_subset(&scaffold), "{:?} beyond {:?}", deploy_only, scaffold);
    }

    #[test]
    fn secret_values_never_reach_a_generated_file(design in common::design()) {
        for file in render(&design) {
            for var in design.config.vars.iter().filter(|v| v.secret) {
                prop_assert!(!file.contents.contains(&var.value), "{} holds the value of {}", file.path, var.name);
            }
        }
    }
}
