//! The multi-stage Dockerfile: a Go builder stage and a distroless, non-root runtime.

use crate::model::Design;

/// Builder image, pinned to a Go minor release and an Alpine release.
pub const BUILDER_IMAGE: &str = "golang:1.25.4-alpine3.22";
/// Runtime image: distroless static (no shell, no package manager), `nonroot` variant.
pub const RUNTIME_IMAGE: &str = "gcr.io/distroless/static-debian12:nonroot";
/// The uid:gid of the `nonroot` user in distroless images.
pub const RUNTIME_USER: &str = "65532:65532";

/// Writes the Dockerfile that builds the service's static binary and runs it as non-root.
pub fn dockerfile(design: &Design) -> String {
    let port = design.service.port;
    format!(
        "# syntax=docker/dockerfile:1

# Build stage: module download first, so source edits keep the dependency layer cached.
FROM {BUILDER_IMAGE} AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# CGO off: the runtime image has no C library.
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags=\"-s -w\" -o /out/server .

# Runtime stage: distroless static, no shell, runs as the unprivileged nonroot user.
FROM {RUNTIME_IMAGE}
WORKDIR /app
COPY --from=build /out/server /app/server
ENV GIN_MODE=release PORT={port}
EXPOSE {port}
USER {RUNTIME_USER}
ENTRYPOINT [\"/app/server\"]
"
    )
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
}
