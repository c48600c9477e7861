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
    let mut files: Vec<GeneratedFile> = vec![GeneratedFile {
        path: "Dockerfile".into(),
        contents: dockerfile(design),
    }]
    .into_iter()
    .chain(crate::generate::go::files(design))
    .chain(kube::files(design))
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

/// The name of the downloaded bundle archive.
pub fn archive_name(design: &Design) -> String {
    format!("{}.zip", crate::names::of(design).app)
}
