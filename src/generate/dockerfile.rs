//! The multi-stage Dockerfile: a Go builder stage and a minimal, non-root runtime.
//!
//! For a deploy-only design (`design.project`, a team's own Go project) it builds the
//! project's main package, copies `go.sum` only when the project has one, and checks
//! health only in ways the project's binary supports: the generated scaffold's
//! `-healthcheck` flag is not among them.

use crate::generate::kube::probes::liveness_path;
use crate::model::{Design, Runtime};

/// The runtime base image of each choice, each with a pinned tag.
pub fn runtime_image(runtime: Runtime) -> &'static str {
    match runtime {
        Runtime::Distroless => "gcr.io/distroless/static-debian12:nonroot",
        Runtime::Alpine => "alpine:3.22.2",
        Runtime::Scratch => "scratch",
    }
}

/// Writes the Dockerfile that builds the service's static binary and runs it as the
/// designed non-root user, with a HEALTHCHECK that needs no shell (see [`healthcheck`]).
pub fn dockerfile(design: &Design) -> String {
    let port = design.service.port;
    let builder = &design.container.builder_image;
    let runtime = match (
        design.container.runtime,
        design.container.runtime_digest.as_str(),
    ) {
        (Runtime::Scratch, _) | (_, "") => runtime_image(design.container.runtime).to_owned(),
        (runtime, digest) => format!("{}@{digest}", runtime_image(runtime)),
    };
    let uid = design.container.user_id;
    let mut ldflags = String::from("-s -w");
    let extra = design.container.ldflags.trim();
    if !extra.is_empty() {
        ldflags.push(' ');
        ldflags.push_str(extra);
    }
    // A scratch image has no CA bundle: copy the builder's so outbound TLS works.
    let certs = if design.container.runtime == Runtime::Scratch {
        "COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\n"
    } else {
        ""
    };
    let gin_mode = design.service.gin_mode.as_str();
    let (modules, main) = match &design.project {
        Some(project) => (
            "# go.sum* may match nothing: a module without dependencies has no go.sum.\nCOPY go.mod go.sum* ./",
            project.main_package.as_str(),
        ),
        None => ("COPY go.mod go.sum ./", "."),
    };
    let healthcheck = healthcheck(design);
    format!(
        "# syntax=docker/dockerfile:1

# Build stage: module download first, so source edits keep the dependency layer cached.
FROM {builder} AS build
WORKDIR /src
{modules}
RUN go mod download
COPY . .
# CGO off: the runtime image has no C library.
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags={ldflags} -o /out/server {main}

# Runtime stage: {runtime}, running as the unprivileged user {uid}.
FROM {runtime}
WORKDIR /app
{certs}COPY --from=build /out/server /app/server
ENV GIN_MODE={gin_mode} PORT={port}
EXPOSE {port}
USER {uid}:{uid}
{healthcheck}
ENTRYPOINT [\"/app/server\"]
",
        ldflags = shell_quote(&ldflags),
    )
}

/// How often Docker checks the container, and how long it waits.
const HEALTH_TIMING: &str = "--interval=30s --timeout=3s --start-period=5s --retries=3";

/// The HEALTHCHECK of the runtime stage, with the comment that explains it.
///
/// The generated scaffold's binary asks its own health route with `-healthcheck`, so
/// no shell or HTTP client is needed. A team's own binary has no such flag: on alpine,
/// busybox `wget` asks the health route the probes use; on distroless and scratch,
/// which have no shell and no HTTP client, and without a health route, the image
/// says `HEALTHCHECK NONE` and leaves health to the Kubernetes probes (the kubelet
/// never runs a HEALTHCHECK anyway).
fn healthcheck(design: &Design) -> String {
    if design.project.is_none() {
        return format!("HEALTHCHECK {HEALTH_TIMING} CMD [\"/app/server\", \"-healthcheck\"]");
    }
    let port = design.service.port;
    let path = liveness_path(design);
    let probes = match &path {
        Some(path) => format!("liveness probe asks GET {path} on port {port}"),
        None => format!("probes connect to port {port} (the design has no health route)"),
    };
    match (design.container.runtime, path) {
        (Runtime::Alpine, Some(path)) => format!(
            "# Docker's own check (docker run, Compose) with busybox wget: your binary has no\n\
             # -healthcheck flag. Kubernetes never runs it; the Deployment's {probes}.\n\
             HEALTHCHECK {HEALTH_TIMING} CMD [\"wget\", \"-q\", \"-O\", \"/dev/null\", \"http://127.0.0.1:{port}{path}\"]"
        ),
        (runtime, _) => {
            let why = if runtime == Runtime::Alpine {
                "the design has no health route to ask".to_owned()
            } else {
                format!(
                    "{} has no shell or HTTP client,\n# and your binary has no -healthcheck flag",
                    runtime_image(runtime)
                )
            };
            format!(
                "# No Docker health check: {why}.\n\
                 # Kubernetes never runs one; the Deployment's {probes}.\n\
                 HEALTHCHECK NONE"
            )
        }
    }
}

/// Quotes a word for the shell form of `RUN` (POSIX single quotes).
fn shell_quote(word: &str) -> String {
    format!("'{}'", word.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exposes_the_listen_port_and_runs_as_non_root() {
        let mut design = Design::default();
        design.service.port = 9090;
        let text = dockerfile(&design);
        assert!(text.contains("\nEXPOSE 9090\n"));
        assert!(text.contains("\nENV GIN_MODE=release PORT=9090\n"));
        let last_from = text.rfind("\nFROM ").unwrap();
        assert!(text[last_from..].contains("\nUSER 65532:65532\n"));
        assert!(!text.contains(":latest"));
    }

    #[test]
    fn scratch_gets_ca_certificates_and_others_do_not() {
        let mut design = Design::default();
        design.container.runtime = Runtime::Scratch;
        assert!(
            dockerfile(&design).contains("COPY --from=build /etc/ssl/certs/ca-certificates.crt")
        );
        design.container.runtime = Runtime::Alpine;
        let text = dockerfile(&design);
        assert!(!text.contains("ca-certificates"));
        assert!(text.contains("\nFROM alpine:3.22.2\n"));
    }

    #[test]
    fn a_deploy_only_image_builds_the_main_package_and_asks_no_health_flag() {
        let mut design = Design {
            project: Some(crate::model::Project {
                main_package: "./cmd/server".into(),
            }),
            ..Design::default()
        };
        let text = dockerfile(&design);
        assert!(text.contains(" -o /out/server ./cmd/server\n"), "{text}");
        assert!(text.contains("\nCOPY go.mod go.sum* ./\n"), "{text}");
        assert!(!text.contains("\"-healthcheck\""), "{text}");
        // distroless: nothing in the image can ask a route.
        assert!(text.contains("\nHEALTHCHECK NONE\n"), "{text}");
        assert!(
            text.contains("liveness probe asks GET /healthz on port 8080"),
            "{text}"
        );
        // alpine: busybox wget asks the route the liveness probe asks.
        design.container.runtime = Runtime::Alpine;
        let text = dockerfile(&design);
        assert!(
            text.contains("CMD [\"wget\", \"-q\", \"-O\", \"/dev/null\", \"http://127.0.0.1:8080/healthz\"]\n"),
            "{text}"
        );
        // No health route: no check, and the probes connect to the port.
        for group in &mut design.groups {
            group
                .routes
                .retain(|r| !crate::model::HEALTH_PATHS.contains(&r.path.as_str()));
        }
        let text = dockerfile(&design);
        assert!(text.contains("\nHEALTHCHECK NONE\n"), "{text}");
        assert!(
            text.contains("probes connect to port 8080 (the design has no health route)"),
            "{text}"
        );
        // The scaffold keeps its own flag and its go.sum.
        design.project = None;
        let text = dockerfile(&design);
        assert!(text.contains("CMD [\"/app/server\", \"-healthcheck\"]"));
        assert!(text.contains("\nCOPY go.mod go.sum ./\n"));
        assert!(text.contains(" -o /out/server .\n"));
    }

    #[test]
    fn extra_ldflags_are_quoted_for_the_shell() {
        let mut design = Design::default();
        design.container.ldflags = "-X main.version=1.0 -X 'main.note=it's'".into();
        let text = dockerfile(&design);
        assert!(
            text.contains(r#"-ldflags='-s -w -X main.version=1.0 -X '\''main.note=it'\''s'\''' "#),
            "{text}"
        );
    }
}
