//! `.dockerignore`: keeps the build context to what `go build` needs.
//!
//! The Dockerfile copies `go.mod`, `go.sum` and then the whole context, so anything
//! left in the context lands in the build stage. Local secrets (`.env`) must never be
//! sent to the Docker daemon, and manifests, pipelines and docs only slow builds and
//! bust the layer cache.

use crate::model::Design;

/// Writes `.dockerignore`. The file does not depend on the design yet; it takes one so
/// every bundle file has the same shape of generator.
pub fn dockerignore(_design: &Design) -> String {
    "# Keep the build context to the Go module: go.mod, go.sum and the sources.
# Local configuration may hold real secrets: never send it to the Docker daemon.
.env
.env.*
# Version control, CI, deployment and documentation files are not build inputs.
.git
.gitignore
.github
.gitlab-ci.yml
.dockerignore
Dockerfile
k8s
**/*.md
# Local build output and editor state.
bin
dist
tmp
**/*.test
**/*.out
.idea
.vscode
"
    .to_owned()
}
