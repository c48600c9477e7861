//! `.dockerignore`: keeps the build context to what `go build` needs.
//!
//! The Dockerfile copies `go.mod`, `go.sum` and then the whole context, so anything
//! left in the context lands in the build stage. Local secrets (`.env`) must never be
//! sent to the Docker daemon, and manifests, pipelines and docs only slow builds and
//! bust the layer cache.

use crate::model::Design;

/// Writes `.dockerignore`. The generated scaffold also leaves out documentation and
/// local build output. A team's own project (a deploy-only design) keeps them: it
/// may embed Markdown or a `dist` folder with `//go:embed`, or keep a package in
/// `bin` or `tmp`, and a build that cannot see them would fail.
pub fn dockerignore(design: &Design) -> String {
    let (kinds, rest) = if design.project.is_some() {
        (
            "Version control, CI and deployment",
            "DEPLOY.md\n# Editor state.\n",
        )
    } else {
        (
            "Version control, CI, deployment and documentation",
            "**/*.md\n# Local build output and editor state.\nbin\ndist\ntmp\n**/*.test\n**/*.out\n",
        )
    };
    format!(
        "# Keep the build context to the Go module: go.mod, go.sum and the sources.
# Local configuration may hold real secrets: never send it to the Docker daemon.
.env
.env.*
# {kinds} files are not build inputs.
.git
.gitignore
.github
.gitlab-ci.yml
.dockerignore
Dockerfile
k8s
{rest}.idea
.vscode
"
    )
}
