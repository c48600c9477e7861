//! The bundle: every generated file of a design, with its path in the download.

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

/// Every file of the design, in the order the preview tabs show them.
pub fn render(design: &Design) -> Vec<GeneratedFile> {
    assemble(design, kube::files(design))
}

/// The paths of the files the worker writes: the manifests, and the files written
/// through the YAML serializer or from the whole bundle (OpenAPI, CI, README).
pub fn worker_paths(design: &Design) -> Vec<String> {
    let mut paths = kube::paths(design);
    paths.extend(
        ["openapi.yaml", ci::path(design), "README.md"]
            .into_iter()
            .map(str::to_owned),
    );
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
    page_files(design, &crate::generate::go::files(design))
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

/// [`render_without_manifests`] with the Go files already made (of [`go_view`]).
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
    files.extend(
        [
            (".dockerignore", dockerignore(design)),
            (".env.example", env_example(design)),
        ]
        .map(|(path, contents)| GeneratedFile {
            path: path.into(),
            contents,
        }),
    );
    files.extend(["openapi.yaml", ci::path(design), "README.md"].map(empty));
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

/// The bundle in tab order around the given manifests.
fn assemble(design: &Design, manifests: Vec<GeneratedFile>) -> Vec<GeneratedFile> {
    let mut files: Vec<GeneratedFile> = vec![GeneratedFile {
        path: "Dockerfile".into(),
        contents: dockerfile(design),
    }]
    .into_iter()
    .chain(crate::generate::go::files(design))
    .chain(manifests)
    .chain(
        [
            (".dockerignore", dockerignore(design)),
            (".env.example", env_example(design)),
            ("openapi.yaml", openapi(design)),
        ]
        .map(|(path, contents)| GeneratedFile {
            path: path.into(),
            contents,
        }),
    )
    .chain(ci::files(design))
    .collect();
    // The README lists every other file, so it is written last.
    let contents = readme(design, &files);
    files.push(GeneratedFile {
        path: "README.md".into(),
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

    #[test]
    fn the_page_rendering_with_the_workers_manifests_is_the_whole_bundle() {
        let mut designs: Vec<Design> = PRESETS.iter().map(|p| p.design().unwrap()).collect();
        designs.push(Design::default());
        for design in designs {
            let whole = render(&design);
            let page = render_without_manifests(&design);
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
        }
    }
}
