//! The bundle: every generated file of a design, with its path in the download.
//!
//! A deploy-only design (`design.project`: the team's own Go project) gets only the
//! files that build and deploy that project: the Dockerfile, `.dockerignore`, `k8s/`,
//! the CI file and a README of its own, [`README_DEPLOY_ONLY`]. No Go file, `go.mod`,
//! `.env.example` (the project's configuration is its own) or `openapi.yaml` (it
//! would describe the routes the design knows, not necessarily all the project
//! serves, and teams that publish one generate it from their code).

use serde::Serialize;

use crate::generate::{
    ci, dockerfile::dockerfile, dockerignore::dockerignore, env::env_example, kube,
    openapi::openapi, readme::readme,
};
use crate::model::Design;
use crate::yaml::to_yaml;

/// One generated file, addressed by its path inside the bundle.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct GeneratedFile {
    /// A relative path with `/` separators, e.g. `k8s/service.yaml`.
    pub path: String,
    pub contents: String,
}

impl GeneratedFile {
    /// The last path segment: the name a single-file download is saved under.
    pub fn file_name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }

    /// The media type a browser should be told when the file is downloaded alone.
    pub fn media_type(&self) -> &'static str {
        // Browsers add ".txt" to a text/plain download whose name has no matching
        // extension (Dockerfile, go.mod), so everything but YAML is a plain byte stream.
        if self.path.ends_with(".yaml") || self.path.ends_with(".yml") {
            "application/yaml"
        } else {
            "application/octet-stream"
        }
    }
}

/// A Kubernetes object as a YAML file. Serializing a typed object only fails on a bug
/// in the object model; the file then says so instead of the page panicking.
pub fn manifest<T: Serialize>(path: &str, object: &T) -> GeneratedFile {
    let contents = to_yaml(object).unwrap_or_else(|e| format!("# {e}\n"));
    GeneratedFile {
        path: path.to_owned(),
        contents,
    }
}

/// The README of a bundle with the Go scaffold.
pub const README: &str = "README.md";
/// The README of a deploy-only bundle: its files go into the team's project, whose
/// own `README.md` they must not replace.
pub const README_DEPLOY_ONLY: &str = "DEPLOY.md";

/// The path of the design's bundle README.
pub fn readme_path(design: &Design) -> &'static str {
    if design.project.is_some() {
        README_DEPLOY_ONLY
    } else {
        README
    }
}

/// Every file of the design, in the order the preview tabs show them.
pub fn render(design: &Design) -> Vec<GeneratedFile> {
    assemble(design, go_files(design), kube::files(design))
}

/// [`render`] with the Go files' contents left empty, given their paths: the
/// worker's rendering. The page has made the Go files; the README lists them, and
/// nothing the worker writes or checks reads their contents, so the worker's module
/// carries no Go generator.
pub fn render_with_go_paths(design: &Design, go_paths: &[String]) -> Vec<GeneratedFile> {
    let go = go_paths.iter().map(|path| GeneratedFile {
        path: path.clone(),
        contents: String::new(),
    });
    assemble(design, go.collect(), kube::files(design))
}

/// The generated Go scaffold of a design (or of its [`go_view`]): none for a
/// deploy-only design, whose Go code is the team's own.
pub fn go_files(design: &Design) -> Vec<GeneratedFile> {
    if design.project.is_some() {
        Vec::new()
    } else {
        crate::generate::go::files(design)
    }
}

/// The paths after the manifests and the small files, all written by the worker:
/// OpenAPI (not in a deploy-only bundle), CI and README.
fn last_paths(design: &Design) -> Vec<&'static str> {
    let openapi = design.project.is_none().then_some("openapi.yaml");
    openapi
        .into_iter()
        .chain([ci::path(design), readme_path(design)])
        .collect()
}

/// The small files the page writes itself, after the manifests: `.dockerignore`,
/// and `.env.example` for the Go scaffold.
fn small_files(design: &Design) -> Vec<GeneratedFile> {
    let mut files = vec![GeneratedFile {
        path: ".dockerignore".into(),
        contents: dockerignore(design),
    }];
    if design.project.is_none() {
        files.push(GeneratedFile {
            path: ".env.example".into(),
            contents: env_example(design),
        });
    }
    files
}

/// The paths of the files the worker writes: the manifests, and the files written
/// through the YAML serializer or from the whole bundle (OpenAPI, CI, README).
pub fn worker_paths(design: &Design) -> Vec<String> {
    let mut paths = kube::paths(design);
    paths.extend(last_paths(design).into_iter().map(str::to_owned));
    paths
}

/// The files of [`worker_paths`] out of the whole bundle, `render(design)`.
pub fn worker_files(design: &Design, whole: &[GeneratedFile]) -> Vec<GeneratedFile> {
    let paths = worker_paths(design);
    whole
        .iter()
        .filter(|f| paths.contains(&f.path))
        .cloned()
        .collect()
}

/// [`render`] with the contents of the [`worker_paths`] left empty: the page's own
/// rendering. The serializers and the long templates are the biggest part of the
/// generators, so they live in the worker, which writes those files when it checks
/// the bundle (`work::Request::Bundle`); [`with_manifests`] puts them in. The page
/// calls no generator of those files, so its module does not carry them.
pub fn render_without_manifests(design: &Design) -> Vec<GeneratedFile> {
    page_files(design, &go_files(design))
}

/// What the Go scaffold reads of a design: the design with the container, cluster
/// and delivery settings (which only the Dockerfile, manifests and CI read) put back
/// to their defaults. The page regenerates the Go files only when this changes, so
/// an edit of replicas or an image costs no Go generation.
pub fn go_view(design: &Design) -> Design {
    Design {
        container: Default::default(),
        cluster: Default::default(),
        delivery: Default::default(),
        ..design.clone()
    }
}

/// [`render_without_manifests`] with the Go files already made ([`go_files`] of
/// [`go_view`]).
pub fn page_files(design: &Design, go: &[GeneratedFile]) -> Vec<GeneratedFile> {
    let empty = |path: &str| GeneratedFile {
        path: path.to_owned(),
        contents: String::new(),
    };
    let mut files = vec![GeneratedFile {
        path: "Dockerfile".into(),
        contents: dockerfile(design),
    }];
    files.extend(go.iter().cloned());
    files.extend(kube::paths(design).iter().map(|p| empty(p)));
    files.extend(small_files(design));
    files.extend(last_paths(design).into_iter().map(empty));
    files
}

/// The files of [`render_without_manifests`] with the worker's manifests in place.
pub fn with_manifests(files: &[GeneratedFile], manifests: &[GeneratedFile]) -> Vec<GeneratedFile> {
    files
        .iter()
        .map(|file| {
            manifests
                .iter()
                .find(|m| m.path == file.path)
                .unwrap_or(file)
                .clone()
        })
        .collect()
}

/// The bundle in tab order around the given Go files and manifests.
fn assemble(
    design: &Design,
    go: Vec<GeneratedFile>,
    manifests: Vec<GeneratedFile>,
) -> Vec<GeneratedFile> {
    let openapi = design.project.is_none().then(|| GeneratedFile {
        path: "openapi.yaml".into(),
        contents: openapi(design),
    });
    let mut files: Vec<GeneratedFile> = vec![GeneratedFile {
        path: "Dockerfile".into(),
        contents: dockerfile(design),
    }]
    .into_iter()
    .chain(go)
    .chain(manifests)
    .chain(small_files(design))
    .chain(openapi)
    .chain(ci::files(design))
    .collect();
    // The README lists every other file, so it is written last.
    let contents = readme(design, &files);
    files.push(GeneratedFile {
        path: readme_path(design).into(),
        contents,
    });
    files
}

/// The one top-level folder of the bundle archive: the service's name.
pub fn archive_folder(design: &Design) -> String {
    crate::names::of(design).app.to_owned()
}

/// The name of the downloaded bundle archive, after the folder it holds.
pub fn archive_name(design: &Design) -> String {
    format!("{}.zip", archive_folder(design))
}

/// The files an edit of the design field at `path` (as [`crate::editor::Field::path`]
/// names it) shows best, most telling first: the page brings the first one the edit
/// changed to the front. The most specific prefix wins.
pub fn front_files(path: &str) -> &'static [&'static str] {
    const DEPLOYMENT: &str = "k8s/deployment.yaml";
    const GATEWAY: &str = "k8s/gateway.yaml";
    const ROUTE: &str = "k8s/httproute.yaml";
    const FRONT: &[(&str, &[&str])] = &[
        ("service.port", &["Dockerfile", DEPLOYMENT]),
        (
            "service.metricsPort",
            &[DEPLOYMENT, "k8s/networkpolicy.yaml"],
        ),
        ("service.name", &[DEPLOYMENT]),
        ("service.module", &["go.mod"]),
        ("service.goVersion", &["go.mod", "Dockerfile"]),
        ("service.ginMode", &["Dockerfile"]),
        ("service", &["main.go", "config/config.go"]),
        ("cluster.namespace", &["k8s/namespace.yaml"]),
        (
            "cluster.ingress.controllerNamespace",
            &["k8s/networkpolicy.yaml"],
        ),
        ("cluster.ingress", &["k8s/ingress.yaml"]),
        (
            "cluster.gateway.controllerNamespace",
            &["k8s/networkpolicy.yaml"],
        ),
        ("cluster.gateway.mode", &[GATEWAY, ROUTE]),
        ("cluster.gateway.className", &[GATEWAY]),
        (
            "cluster.gateway.tlsSecret",
            &[GATEWAY, "k8s/httproute-redirect.yaml"],
        ),
        // The routing select: the layer switched to is what changed.
        ("cluster.gateway", &[ROUTE, "k8s/ingress.yaml", GATEWAY]),
        (
            "cluster.autoscaling",
            &["k8s/horizontalpodautoscaler.yaml", DEPLOYMENT],
        ),
        ("cluster.minAvailable", &["k8s/poddisruptionbudget.yaml"]),
        ("cluster.networkPolicy", &["k8s/networkpolicy.yaml"]),
        ("cluster.monitoringNamespace", &["k8s/networkpolicy.yaml"]),
        ("cluster.serviceType", &["k8s/service.yaml"]),
        ("cluster.servicePort", &["k8s/service.yaml"]),
        ("cluster.nodePort", &["k8s/service.yaml"]),
        ("cluster.kubernetesVersion", &[DEPLOYMENT]),
        ("cluster", &[DEPLOYMENT]),
        ("container", &["Dockerfile"]),
        (
            "config",
            &["k8s/configmap.yaml", ".env.example", DEPLOYMENT],
        ),
        ("database", &["config/database.go", "config/config.go"]),
        (
            "delivery.image",
            &[
                DEPLOYMENT,
                crate::generate::ci::GITHUB_PATH,
                crate::generate::ci::GITLAB_PATH,
            ],
        ),
        (
            "delivery",
            &[
                crate::generate::ci::GITHUB_PATH,
                crate::generate::ci::GITLAB_PATH,
            ],
        ),
        ("groups", &["routers/router.go", "openapi.yaml"]),
        ("middleware", &["routers/router.go"]),
    ];
    FRONT
        .iter()
        .filter(|(prefix, _)| {
            path.strip_prefix(prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
        })
        .max_by_key(|(prefix, _)| prefix.len())
        .map_or(&[], |(_, files)| files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets::PRESETS;

    #[test]
    fn the_go_files_read_nothing_outside_their_view_of_the_design() {
        let mut designs: Vec<Design> = PRESETS.iter().map(|p| p.design().unwrap()).collect();
        designs.push(Design::default());
        for design in designs {
            let mut changed = design.clone();
            changed.cluster.replicas = 7;
            changed.cluster.namespace = "elsewhere".into();
            changed.delivery.image = "registry.example.com/other/x:9.9.9".into();
            changed.container.user_id = 40_000;
            for d in [&design, &changed] {
                assert_eq!(
                    crate::generate::go::files(d),
                    crate::generate::go::files(&go_view(d))
                );
            }
        }
    }

    #[test]
    fn an_edit_brings_forward_the_file_it_shows_best() {
        assert_eq!(
            front_files("service.port"),
            ["Dockerfile", "k8s/deployment.yaml"]
        );
        assert_eq!(front_files("cluster.ingress.host"), ["k8s/ingress.yaml"]);
        assert_eq!(
            front_files("cluster.ingress.controllerNamespace"),
            ["k8s/networkpolicy.yaml"]
        );
        assert_eq!(front_files("cluster.replicas")[0], "k8s/deployment.yaml");
        assert_eq!(
            front_files("groups[1].routes[0].path")[0],
            "routers/router.go"
        );
        assert_eq!(front_files("config.vars[0].value")[0], "k8s/configmap.yaml");
        assert_eq!(front_files("container.runtimeDigest"), ["Dockerfile"]);
        // A prefix is a whole part of the path: servicePort is not service.
        assert_eq!(front_files("cluster.servicePort"), ["k8s/service.yaml"]);
        assert!(front_files("unknown").is_empty());
        // Every file named is one some design writes.
        let mut written = std::collections::BTreeSet::new();
        for preset in PRESETS {
            let mut design = preset.design().unwrap();
            written.extend(render(&design).into_iter().map(|f| f.path));
            design.delivery.ci = crate::model::CiFlavour::GitlabCi;
            design.database = Some(crate::model::Database::default());
            written.extend(render(&design).into_iter().map(|f| f.path));
        }
        for path in [
            "service.port",
            "service.metricsPort",
            "service.name",
            "service.module",
            "service.goVersion",
            "service.ginMode",
            "service.maxBodyBytes",
            "cluster.namespace",
            "cluster.ingress.controllerNamespace",
            "cluster.ingress.host",
            "cluster.autoscaling.minReplicas",
            "cluster.minAvailable",
            "cluster.networkPolicy",
            "cluster.monitoringNamespace",
            "cluster.serviceType",
            "cluster.kubernetesVersion",
            "cluster.replicas",
            "container.userId",
            "config.vars[0].name",
            "database.maxOpenConns",
            "delivery.image",
            "delivery.ci",
            "groups[0].prefix",
            "middleware[0]",
        ] {
            for file in front_files(path) {
                assert!(written.contains(*file), "{path}: no design writes {file}");
            }
        }
    }

    /// Every preset and the default design, each also as a deploy-only design.
    fn designs_both_ways() -> Vec<Design> {
        let mut designs: Vec<Design> = PRESETS.iter().map(|p| p.design().unwrap()).collect();
        designs.push(Design::default());
        let deploy_only: Vec<Design> = designs
            .iter()
            .map(|d| Design {
                project: Some(crate::model::Project {
                    main_package: "./cmd/server".into(),
                }),
                ..d.clone()
            })
            .collect();
        designs.extend(deploy_only);
        designs
    }

    #[test]
    fn a_deploy_only_bundle_holds_the_deployment_files_only() {
        for design in designs_both_ways()
            .into_iter()
            .filter(|d| d.project.is_some())
        {
            let paths: Vec<String> = render(&design).into_iter().map(|f| f.path).collect();
            let mut expected = vec!["Dockerfile".to_owned()];
            expected.extend(kube::paths(&design));
            expected.extend([".dockerignore", ci::path(&design), "DEPLOY.md"].map(str::to_owned));
            assert_eq!(paths, expected, "{}", design.service.name);
            assert!(go_files(&design).is_empty());
        }
        // The scaffold's bundle keeps everything, README.md included.
        let paths: Vec<String> = render(&Design::default())
            .into_iter()
            .map(|f| f.path)
            .collect();
        for path in [
            "main.go",
            "go.mod",
            ".env.example",
            "openapi.yaml",
            "README.md",
        ] {
            assert!(paths.iter().any(|p| p == path), "{path}");
        }
    }

    #[test]
    fn the_page_rendering_with_the_workers_manifests_is_the_whole_bundle() {
        for design in designs_both_ways() {
            let whole = render(&design);
            let page = render_without_manifests(&design);
            // The page's own way: the Go files of the design's Go view.
            assert_eq!(page_files(&design, &go_files(&go_view(&design))), page);
            let paths =
                |files: &[GeneratedFile]| files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
            assert_eq!(paths(&page), paths(&whole));
            let worker = worker_paths(&design);
            for file in &page {
                assert_eq!(
                    file.contents.is_empty(),
                    worker.contains(&file.path),
                    "{}",
                    file.path
                );
            }
            assert_eq!(with_manifests(&page, &worker_files(&design, &whole)), whole);
            // The worker's way: the page's Go paths, no Go generated.
            let go_paths = paths(&go_files(&design));
            let worker_whole = render_with_go_paths(&design, &go_paths);
            assert_eq!(
                worker_files(&design, &worker_whole),
                worker_files(&design, &whole)
            );
            assert_eq!(
                crate::validate::bundle::validate_bundle(&design, &worker_whole),
                crate::validate::bundle::validate_bundle(&design, &whole)
            );
        }
    }
}
