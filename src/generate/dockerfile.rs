//! The multi-stage Dockerfile: a Go builder stage and a minimal, non-root runtime.

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
/// designed non-root user, with a HEALTHCHECK that needs no shell (the binary checks
/// its own health route with `-healthcheck`).
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
    format!(
        "# syntax=docker/dockerfile:1

# Build stage: module download first, so source edits keep the dependency layer cached.
FROM {builder} AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# CGO off: the runtime image has no C library.
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags={ldflags} -o /out/server .

# Runtime stage: {runtime}, running as the unprivileged user {uid}.
FROM {runtime}
WORKDIR /app
{certs}COPY --from=build /out/server /app/server
ENV GIN_MODE={gin_mode} PORT={port}
EXPOSE {port}
USER {uid}:{uid}
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 CMD [\"/app/server\", \"-healthcheck\"]
ENTRYPOINT [\"/app/server\"]
",
        ldflags = shell_quote(&ldflags),
    )
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
