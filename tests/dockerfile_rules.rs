//! The Dockerfile validator: every rule fires on a small bad file and stays quiet
//! on its fixed twin (hadolint's `ruleCatches` / `ruleCatchesNot`), the parser
//! reads each construct Docker has, no input makes it panic, our own generated
//! Dockerfiles pass, and the rule docs list every rule.

mod common;

use gin_deploy::generate::dockerfile::dockerfile;
use gin_deploy::model::{Design, Runtime};
use gin_deploy::presets::PRESETS;
use gin_deploy::validate::dockerfile::parser::parse;
use gin_deploy::validate::dockerfile::rules::hadolint;
use gin_deploy::validate::dockerfile::syntax::{Args, Command, Keyword};
use gin_deploy::validate::dockerfile::{rules, validate, Options};
use gin_deploy::validate::{Diagnostic, Location, Severity};
use proptest::prelude::*;

const PORT: Options = Options {
    expected_port: Some(8080),
};

fn line_of(d: &Diagnostic) -> u32 {
    match &d.location {
        Location::Text { line, .. } => *line,
        Location::Field { .. } => 0,
    }
}

fn report(found: &[Diagnostic]) -> String {
    found
        .iter()
        .map(Diagnostic::to_line)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The rule fires on `text` at `line`.
fn rule_catches(rule: &str, line: u32, text: &str) {
    let found = validate("Dockerfile", text, &PORT);
    assert!(
        found.iter().any(|d| d.rule == rule && line_of(d) == line),
        "{rule} should fire on line {line} of\n{text}\nfound:\n{}",
        report(&found)
    );
}

/// The rule stays quiet on `text`.
fn rule_catches_not(rule: &str, text: &str) {
    let found = validate("Dockerfile", text, &PORT);
    assert!(
        !found.iter().any(|d| d.rule == rule),
        "{rule} should not fire on\n{text}\nfound:\n{}",
        report(&found)
    );
}

/// (rule, line, text): the rule fires at that line.
const CATCHES: &[(&str, u32, &str)] = &[
    ("GD1000", 2, "FROM alpine:3.22\nFORM alpine:3.22"),
    ("GD1000", 2, "FROM golang:1.25-alpine AS build\nCOPY --form=build /a /b"),
    ("GD1000", 2, "FROM alpine:3.22\nRUN <<EOF\necho never closed"),
    ("GD1000", 1, "# escape=x\nFROM alpine:3.22"),
    ("GD1000", 1, "RUN echo no stage"),
    ("GD1000", 2, "FROM alpine:3.22\nSHELL /bin/bash -c"),
    ("GD1000", 1, "FROM alpine:3.22 AS 1st"),
    ("GD1000", 2, "FROM alpine:3.22\nENV NOVALUE"),
    ("GD1000", 2, "FROM alpine:3.22\nHEALTHCHECK --interval=5x CMD [\"/app/server\", \"-healthcheck\"]"),
    ("GD1000", 2, "FROM alpine:3.22\nHEALTHCHECK --timeout=10us CMD [\"/s\"]"),
    ("GD1000", 2, "FROM alpine:3.22\nHEALTHCHECK --retries=-1 CMD [\"/s\"]"),
    ("GD1000", 2, "FROM alpine:3.22\nHEALTHCHECK --interval=5s --interval=6s CMD [\"/s\"]"),
    ("GD1001", 3, "FROM alpine:3.22\nRUN echo a \\\n\n  b"),
    ("GD1002", 2, "FROM alpine:3.22\nENV GIN_MODE release"),
    ("GD1003", 2, "# Build\n# escape=`\nFROM alpine:3.22"),
    ("GD1004", 2, "FROM alpine:3.22\nARG a=${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-${a:-x}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}\nEXPOSE ${a}\nUSER 10001"),
    ("GD1101", 4, "FROM golang:1.25-alpine\nWORKDIR /src\nCOPY . .\nRUN go mod download\nRUN go build -o /out/s ."),
    ("GD1101", 4, "FROM golang:1.25-alpine\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/s ."),
    ("GD1102", 4, "FROM golang:1.25 AS build\nWORKDIR /src\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod go build -o /out/s .\nFROM scratch\nCOPY --from=build /out/s /s"),
    ("GD1102", 5, "FROM golang:1.25 AS build\nWORKDIR /src\nENV CGO_ENABLED=1\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod go build -o /out/s .\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/s /s"),
    ("GD1103", 2, "FROM alpine:3.22\nEXPOSE 9090"),
    ("GD1103", 1, "FROM alpine:3.22\nUSER 10001"),
    ("GD1104", 2, "FROM golang:1.25-alpine AS build\nFROM alpine:3.22\nCOPY --from=build /out/s /s"),
    ("GD1105", 2, "FROM alpine:3.22\nENV DB_PASSWORD=hunter2"),
    ("GD1105", 1, "ARG GITHUB_TOKEN=ghp_abc\nFROM alpine:3.22"),
    ("GD1107", 1, "FROM alpine:3.22\nUSER 10001"),
    ("GD1107", 3, "FROM golang:1.25-alpine AS build\nFROM gcr.io/distroless/static-debian12:nonroot@sha256:0123 AS base\nFROM alpine:3.22 AS final\nUSER 10001"),
    ("GD1107", 1, "FROM gcr.io/distroless/static-debian12:nonroot AS base\nFROM base\nUSER 10001"),
    ("GD1106", 3, "ARG VERSION=1.0.0\nFROM golang:1.25-alpine\nRUN go build -ldflags \"-X main.version=$VERSION\" ."),
    ("GD1106", 3, "FROM --platform=$BUILDPLATFORM golang:1.25-alpine\nWORKDIR /src\nRUN GOOS=linux GOARCH=$TARGETARCH go build ."),
    ("DL3000", 2, "FROM alpine:3.22\nWORKDIR app"),
    ("DL3002", 3, "FROM alpine:3.22\nUSER 10001\nUSER root"),
    ("DL3002", 2, "FROM alpine:3.22\nUSER 0:0"),
    ("DL3003", 2, "FROM alpine:3.22\nRUN cd /src && make"),
    ("DL3003", 2, "FROM alpine:3.22\nRUN if [ -d /x ]; then cd /x; fi"),
    ("DL3004", 2, "FROM alpine:3.22\nRUN sudo make install"),
    ("DL3004", 2, "FROM alpine:3.22\nONBUILD RUN sudo make install"),
    ("DL3006", 1, "FROM alpine"),
    ("DL3006", 2, "ARG BASE=alpine\nFROM $BASE"),
    ("DL3007", 1, "FROM golang:latest"),
    ("DL3008", 2, "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends git"),
    ("DL3011", 2, "FROM alpine:3.22\nEXPOSE 8080 70000"),
    ("DL3011", 2, "FROM alpine:3.22\nEXPOSE 99999999999999999999"),
    ("DL3012", 3, "FROM alpine:3.22\nHEALTHCHECK CMD [\"/s\", \"-h\"]\nHEALTHCHECK NONE"),
    ("DL3014", 2, "FROM debian:bookworm-slim\nRUN apt-get install --no-install-recommends git=1"),
    ("DL3014", 2, "FROM debian:bookworm-slim\nRUN apt-get install -q --no-install-recommends git=1"),
    ("DL3014", 2, "FROM debian:bookworm-slim\nRUN apt-get install -qqq --no-install-recommends git=1"),
    ("DL3015", 2, "FROM debian:bookworm-slim\nRUN apt-get install -y git=1"),
    ("DL3018", 2, "FROM alpine:3.22\nRUN apk add --no-cache git curl=8.14.1-r1"),
    ("DL3018", 2, "FROM alpine:3.22\nRUN apk add --no-cache git=2.49 pkg@edge"),
    ("DL3018", 2, "FROM alpine:3.22\nONBUILD RUN apk add --no-cache git"),
    ("DL3019", 2, "FROM alpine:3.22\nRUN apk add git=2.49.1-r0"),
    ("DL3019", 2, "FROM alpine:3.22\nRUN --mount=type=bind,target=/var/cache/apk apk add git=1"),
    ("DL3019", 2, "FROM alpine:3.22\nRUN --mount=type=cache,target=/etc/apk/cache apk add git=1"),
    ("DL3020", 2, "FROM alpine:3.22\nADD main.go /src/"),
    ("DL3021", 3, "FROM alpine:3.22\nWORKDIR /src\nCOPY go.mod go.sum src"),
    ("DL3022", 3, "FROM golang:1.25-alpine AS build\nFROM alpine:3.22\nCOPY --from=builder /out/s /s"),
    ("DL3023", 2, "FROM golang:1.25-alpine AS build\nCOPY --from=build /a /b"),
    ("DL3024", 2, "FROM golang:1.25-alpine AS build\nFROM alpine:3.22 AS build"),
    ("DL3025", 2, "FROM alpine:3.22\nCMD /app/server"),
    ("DL3025", 2, "FROM alpine:3.22\nHEALTHCHECK --interval=10s CMD wget -qO- localhost:8080/healthz"),
    ("DL3027", 2, "FROM debian:bookworm-slim\nRUN apt install -y git"),
    ("DL3029", 1, "FROM --platform=linux/amd64 golang:1.25-alpine"),
    ("DL3029", 1, "FROM --platform=$TARGETOS/$TARGETARCH golang:1.25-alpine"),
    ("DL3044", 2, "FROM alpine:3.22\nENV HOME_DIR=/app BIN=$HOME_DIR/bin"),
    ("DL3044", 2, "FROM alpine:3.22\nENV A=1 B=${A:-x}"),
    ("DL3044", 2, "FROM alpine:3.22\nENV G=1 H='$G'"),
    ("DL3045", 2, "FROM golang:1.25-alpine\nCOPY . ."),
    ("DL3059", 4, "FROM alpine:3.22\nRUN echo a\n# a comment does not separate them\nRUN echo b"),
    ("DL3061", 1, "LABEL a=b\nFROM alpine:3.22"),
    ("DL3062", 2, "FROM golang:1.25-alpine\nRUN go install github.com/go-task/task/v3/cmd/task@latest"),
    ("DL3062", 2, "FROM golang:1.25-alpine\nRUN go install -v golang.org/x/tools/cmd/goimports"),
    ("DL3064", 2, "FROM alpine:3.22\nARG GITHUB_TOKEN"),
    ("DL3064", 1, "ARG DB_PASSWORD\nFROM alpine:3.22"),
    ("DL3064", 2, "FROM alpine:3.22\nONBUILD ENV NPM_TOKEN=x"),
    ("DL3066", 2, "FROM gcr.io/distroless/static-debian12:nonroot\nUSER nonroot:nonroot"),
    ("DL3066", 3, "FROM alpine:3.22\nENV APP_UID=10001\nUSER ${APP_UID}"),
    ("DL3066", 3, "FROM alpine:3.22\nARG APP_UID=10001\nUSER ${APP_UID:-nonroot}"),
    ("DL3065", 1, "FROM --platform=${TARGETPLATFORM} alpine:3.22"),
    ("DL3067", 3, "FROM golang:1.25-alpine AS build\nFROM alpine:3.22\nCOPY --from=build / /"),
    ("DL4000", 2, "FROM alpine:3.22\nMAINTAINER me@example.com"),
    ("DL4001", 3, "FROM alpine:3.22\nRUN wget -q https://a/b\nRUN curl -fsSLO https://a/c"),
    ("DL4001", 3, "FROM alpine:3.22\nONBUILD RUN wget -q https://a/b\nONBUILD RUN curl -fsSLO https://a/c"),
    ("DL4003", 3, "FROM alpine:3.22\nCMD [\"a\"]\nCMD [\"b\"]"),
    ("DL4004", 3, "FROM alpine:3.22\nENTRYPOINT [\"a\"]\nENTRYPOINT [\"b\"]"),
    ("DL4005", 2, "FROM debian:bookworm-slim\nRUN ln -sf /bin/bash /bin/sh"),
    ("DL4006", 2, "FROM alpine:3.22\nRUN wget -qO- https://a/b.tgz | tar xz"),
    ("DL4006", 3, "FROM alpine:3.22\nSHELL [\"/bin/sh\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b"),
];

/// (rule, text): the rule stays quiet.
const CATCHES_NOT: &[(&str, &str)] = &[
    ("GD1000", "# syntax=docker/dockerfile:1\n# escape=\\\nFROM alpine:3.22\nrun echo lower-case keywords are fine"),
    ("GD1000", "FROM alpine:3.22\nHEALTHCHECK --interval=1h30m --timeout=500ms --start-period=0 --start-interval=1.5s --retries=0 CMD [\"/s\"]"),
    ("GD1000", "FROM alpine:3.22\nRUN --mount=type=cache,target=/a --mount=type=cache,target=/b true\nHEALTHCHECK --interval=5x NONE"),
    ("GD1001", "FROM alpine:3.22\nRUN echo a \\\n  # a comment is fine\n  b"),
    ("GD1002", "FROM alpine:3.22\nENV GIN_MODE=release PORT=8080"),
    ("GD1003", "# syntax=docker/dockerfile:1\n# escape=`\nFROM alpine:3.22"),
    ("GD1004", "FROM alpine:3.22\nARG a=${a:-${a:-${a:-x}}}\nARG b=$a$a$a$a$a$a$a$a\nEXPOSE 8080\nUSER 10001"),
    ("GD1101", "FROM golang:1.25-alpine\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /out/s ."),
    ("GD1101", "FROM golang:1.25-alpine\nWORKDIR /src\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod go build -o /out/s ."),
    ("GD1101", "FROM golang:1.25-alpine\nWORKDIR /src\nCOPY . .\nRUN go build -mod=vendor -o /out/s ."),
    ("GD1101", "FROM golang:1.25-alpine AS deps\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nFROM deps AS build\nCOPY . .\nRUN go build -o /out/s ."),
    ("GD1102", "FROM golang:1.25 AS build\nWORKDIR /src\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod CGO_ENABLED=0 go build -o /out/s .\nFROM scratch\nCOPY --from=build /out/s /s"),
    ("GD1102", "FROM golang:1.25 AS build\nENV CGO_ENABLED=0\nWORKDIR /src\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod go build -o /out/s .\nFROM scratch\nCOPY --from=build /out/s /s"),
    ("GD1102", "FROM golang:1.25 AS build\nWORKDIR /src\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod go build -o /out/s .\nFROM gcr.io/distroless/base-debian12:nonroot\nCOPY --from=build /out/s /s"),
    ("GD1103", "FROM alpine:3.22\nEXPOSE 8080/tcp 9090"),
    ("GD1103", "FROM golang:1.25-alpine AS build\nEXPOSE 9090\nFROM alpine:3.22\nEXPOSE 8080"),
    ("GD1104", "FROM alpine:3.22\nUSER 65532:65532"),
    ("GD1104", "FROM gcr.io/distroless/static-debian12:nonroot\nCOPY s /s"),
    ("GD1104", "FROM alpine:3.22 AS base\nUSER 10001\nFROM base"),
    ("GD1105", "FROM alpine:3.22\nARG GITHUB_TOKEN\nENV JWT_SECRET_FILE=/run/secrets/jwt DB_PASSWORD=${DB_PASSWORD}"),
    ("GD1107", "FROM golang:1.25-alpine AS build\nFROM scratch\nCOPY --from=build /s /s"),
    ("GD1107", "FROM alpine:3.22@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef AS base\nFROM base"),
    ("GD1107", "FROM golang:1.25-alpine\nFROM ${RUNTIME}"),
    ("GD1106", "ARG VERSION=1.0.0\nFROM golang:1.25-alpine\nARG VERSION\nRUN go build -ldflags \"-X main.version=$VERSION\" ."),
    ("GD1106", "ARG GO=1.25\nFROM golang:${GO}-alpine\nRUN echo '$GO is literal here'"),
    ("DL3000", "FROM alpine:3.22\nWORKDIR /app\nWORKDIR $HOME/x\nWORKDIR \"/quoted\""),
    ("DL3002", "FROM alpine:3.22\nUSER root\nRUN apk add --no-cache git=2.49.1-r0\nUSER 10001"),
    ("DL3003", "FROM alpine:3.22\nWORKDIR /src\nRUN echo cd && make -C /src"),
    ("DL3003", "FROM alpine:3.22\nONBUILD RUN cd /src && make"),
    ("DL3004", "FROM alpine:3.22\nRUN echo sudo"),
    ("DL3006", "FROM golang:1.25-alpine AS build\nFROM build AS test\nFROM scratch\nFROM alpine@sha256:0123\nFROM ${UNKNOWN}"),
    ("DL3007", "FROM golang:1.25-alpine"),
    ("DL3008", "FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends git=1:2.39 ./local.deb"),
    ("DL3011", "FROM alpine:3.22\nEXPOSE 8080 8000-8010/udp ${PORT}"),
    ("DL3012", "FROM alpine:3.22 AS a\nHEALTHCHECK NONE\nFROM alpine:3.22\nHEALTHCHECK NONE"),
    ("DL3014", "FROM debian:bookworm-slim\nRUN apt-get -qq install --no-install-recommends git=1"),
    ("DL3014", "FROM debian:bookworm-slim\nRUN apt-get install --quiet --quiet --no-install-recommends git=1\nRUN apt-get -q=2 install --no-install-recommends git=1 && apt-get -q -q install --no-install-recommends curl=1\nRUN apt-get install --assume-yes --no-install-recommends git=1 && apt-get install -yes --no-install-recommends curl=1"),
    ("DL3015", "FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends git=1"),
    ("DL3018", "FROM alpine:3.22\nRUN apk add --no-cache --virtual .deps git=2.49.1-r0 \"curl=8.14.1-r1\""),
    ("DL3018", "FROM alpine:3.22\nRUN apk add --no-cache git~2.49 \"pkg<1.2\" \"tool>=3\" ./local.apk https://example.com/tool.apk"),
    ("DL3019", "FROM alpine:3.22\nRUN apk --no-cache add git=2.49.1-r0"),
    ("DL3019", "FROM alpine:3.22\nRUN --mount=type=cache,target=/var/cache/apk apk add git=1\nRUN --mount=type=tmpfs,dst=/var/cache/apk/ apk add git=1\nRUN --mount=target=\"/var/cache/apk\",type=cache,sharing=locked apk add git=1"),
    ("DL3020", "FROM alpine:3.22\nADD https://example.com/tool.tgz /tmp/\nADD vendor.tar.gz /opt/"),
    ("DL3021", "FROM alpine:3.22\nCOPY go.mod go.sum /src/\nCOPY [\"a\", \"b\", \"/c/\"]"),
    ("DL3022", "FROM golang:1.25-alpine AS build\nFROM alpine:3.22\nCOPY --from=build /a /a\nCOPY --from=0 /a /b\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx"),
    ("DL3023", "FROM golang:1.25-alpine AS build\nFROM alpine:3.22\nCOPY --from=build /a /b"),
    ("DL3024", "FROM golang:1.25-alpine AS deps\nFROM golang:1.25-alpine AS build"),
    ("DL3025", "FROM alpine:3.22\nCMD [\"/app/server\"]\nENTRYPOINT [\"/app/server\"]\nHEALTHCHECK CMD [\"/app/server\", \"-healthcheck\"]"),
    ("DL3027", "FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends git=1 && echo apt"),
    ("DL3029", "FROM --platform=$BUILDPLATFORM golang:1.25-alpine"),
    ("DL3029", "FROM --platform=${BUILDPLATFORM:-linux/amd64} golang:1.25-alpine AS build\nFROM --platform=$TARGETPLATFORM alpine:3.22"),
    ("DL3044", "FROM alpine:3.22\nENV HOME_DIR=/app\nENV BIN=$HOME_DIR/bin"),
    ("DL3045", "FROM golang:1.25-alpine AS build\nWORKDIR /src\nFROM build AS test\nCOPY . .\nFROM alpine:3.22\nCOPY s /app/s"),
    ("DL3059", "FROM alpine:3.22\nRUN a && b\nRUN c\nRUN --mount=type=cache,target=/x d\nWORKDIR /x\nRUN e"),
    ("DL3061", "ARG GO=1.25\n# a comment\nFROM golang:${GO}-alpine"),
    ("DL3062", "FROM golang:1.25-alpine\nRUN go install ./cmd/server && go install golang.org/x/tools/cmd/goimports@v0.30.0 && go install ../tools/..."),
    ("DL3064", "ARG GO_VERSION=1.25\nFROM golang:${GO_VERSION}-alpine\nENV GIN_MODE=release KEY_PATH=/run/key\nRUN --mount=type=secret,id=github_token,env=GITHUB_TOKEN go mod download"),
    ("DL3066", "FROM alpine:3.22\nUSER 10001:10001"),
    ("DL3066", "FROM alpine:3.22\nARG APP_UID=10001\nUSER ${APP_UID}"),
    ("DL3065", "FROM --platform=$BUILDPLATFORM golang:1.25-alpine AS build\nFROM alpine:3.22"),
    ("DL3066", "ARG APP_UID=10001\nFROM alpine:3.22\nUSER $APP_UID:$APP_UID"),
    ("DL3067", "FROM golang:1.25-alpine AS build\nFROM alpine:3.22\nCOPY --from=build /out/ /\nCOPY --from=build / /app/\nADD / /"),
    ("DL4000", "FROM alpine:3.22\nLABEL org.opencontainers.image.authors=\"me@example.com\""),
    ("DL4001", "FROM alpine:3.22 AS a\nRUN wget -q https://a/b\nFROM alpine:3.22\nRUN curl -fsSLO https://a/c"),
    ("DL4003", "FROM alpine:3.22 AS a\nCMD [\"a\"]\nFROM alpine:3.22\nCMD [\"b\"]"),
    ("DL4004", "FROM alpine:3.22 AS a\nENTRYPOINT [\"a\"]\nFROM alpine:3.22\nENTRYPOINT [\"b\"]"),
    ("DL4005", "FROM debian:bookworm-slim\nRUN ln -sf /usr/bin/python3 /usr/bin/python"),
    ("DL4006", "FROM alpine:3.22\nSHELL [\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]\nRUN a | b\nRUN a || b\nRUN echo 'a | b'"),
];

#[test]
fn each_rule_catches() {
    for (rule, line, text) in CATCHES {
        rule_catches(rule, *line, text);
    }
}

#[test]
fn each_rule_catches_not() {
    for (rule, text) in CATCHES_NOT {
        rule_catches_not(rule, text);
    }
}

/// Rules whose firing input is too large for a table of literals: GD1005 needs a
/// file over the byte or line budget, which `tests/dockerfile_budgets.rs` builds.
const FIRES_ELSEWHERE: &[&str] = &["GD1005"];

#[test]
fn every_rule_has_a_catching_and_a_quiet_case() {
    for rule in rules().iter().filter(|r| !FIRES_ELSEWHERE.contains(&r.id)) {
        assert!(
            CATCHES.iter().any(|(id, _, _)| *id == rule.id),
            "no firing case for {}",
            rule.id
        );
        assert!(
            CATCHES_NOT.iter().any(|(id, _)| *id == rule.id),
            "no quiet case for {}",
            rule.id
        );
    }
}

#[test]
fn every_rule_documents_an_example_that_fires_and_a_fix_that_does_not() {
    for rule in rules().iter().filter(|r| !FIRES_ELSEWHERE.contains(&r.id)) {
        let bad = validate("Dockerfile", rule.bad_example, &PORT);
        assert!(
            bad.iter().any(|d| d.rule == rule.id),
            "{}'s bad example does not fire:\n{}\nfound:\n{}",
            rule.id,
            rule.bad_example,
            report(&bad)
        );
        rule_catches_not(rule.id, rule.good_example);
    }
}

/// Messages start in lower case, unless they start by naming an instruction
/// (`COPY --from=x ...`) or a variable (`$VERSION ...`).
fn lowercase_start(message: &str) -> bool {
    let first = message.split_whitespace().next().unwrap_or("");
    message.starts_with(|c: char| c.is_lowercase())
        || first.starts_with('$')
        || Keyword::parse(first) != Keyword::Unknown
}

#[test]
fn rule_ids_are_unique_and_messages_follow_the_house_style() {
    let mut ids: Vec<&str> = rules().iter().map(|r| r.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), rules().len());
    for (rule, line, text) in CATCHES {
        for d in validate("Dockerfile", text, &PORT) {
            assert!(
                lowercase_start(&d.message),
                "{rule} (line {line}): message starts with a capital: {}",
                d.message
            );
            assert!(!d.message.ends_with('.'), "trailing period: {}", d.message);
            let severity = rules().iter().find(|r| r.id == d.rule).unwrap().severity;
            assert_eq!(d.severity, severity);
        }
    }
}

#[test]
fn fixes_replace_lines_only_where_it_is_safe() {
    let fixed = |text: &str, rule: &str| {
        validate("Dockerfile", text, &PORT)
            .into_iter()
            .find(|d| d.rule == rule)
            .and_then(|d| d.fix)
            .and_then(|f| f.replacement_line)
    };
    assert_eq!(
        fixed("FROM alpine:3.22\nADD --chown=1:1 main.go /src/", "DL3020").as_deref(),
        Some("COPY --chown=1:1 main.go /src/")
    );
    assert_eq!(
        fixed("FROM alpine:3.22\n  MAINTAINER Jo \"J\"", "DL4000").as_deref(),
        Some("  LABEL org.opencontainers.image.authors=\"Jo \\\"J\\\"\"")
    );
    assert_eq!(
        fixed("FROM alpine:3.22\nEXPOSE 9090/tcp", "GD1103").as_deref(),
        Some("EXPOSE 8080/tcp")
    );
    assert_eq!(
        fixed("FROM alpine:3.22\nRUN apk add git=1", "DL3019").as_deref(),
        Some("RUN apk add --no-cache git=1")
    );
    assert_eq!(
        fixed("FROM alpine:3.22\nCMD /app/server -port 8080", "DL3025").as_deref(),
        Some("CMD [\"/app/server\", \"-port\", \"8080\"]")
    );
    assert_eq!(
        fixed("FROM alpine:3.22\nENV GIN_MODE release", "GD1002").as_deref(),
        Some("ENV GIN_MODE=\"release\"")
    );
    // Shell syntax, a continuation line or a URL make a rewrite unsafe.
    assert_eq!(
        fixed("FROM alpine:3.22\nCMD ./server && echo x", "DL3025"),
        None
    );
    assert_eq!(
        fixed("FROM alpine:3.22\nRUN apk add \\\n  git=1", "DL3019"),
        None
    );
    assert_eq!(
        fixed("FROM alpine:3.22\nADD --checksum=sha256:0 a /b", "DL3020"),
        None
    );
    // An exec form is offered only where it means the same, keeping the
    // HEALTHCHECK flags; single-quoted "JSON" becomes the JSON it was meant to be.
    assert_eq!(
        fixed(
            "FROM alpine:3.22\nHEALTHCHECK --interval=30s CMD /app/server -healthcheck",
            "DL3025"
        )
        .as_deref(),
        Some("HEALTHCHECK --interval=30s CMD [\"/app/server\", \"-healthcheck\"]")
    );
    assert_eq!(
        fixed("FROM alpine:3.22\nCMD ['/app', '-v']", "DL3025").as_deref(),
        Some("CMD [\"/app\", \"-v\"]")
    );
    for text in [
        "FROM alpine:3.22\nHEALTHCHECK CMD wget -qO- http://localhost:8080/healthz || exit 1",
        "FROM alpine:3.22\nCMD GIN_MODE=release /app/server",
        "FROM alpine:3.22\nCMD exec /app/server",
        "FROM alpine:3.22\nCMD /app/server --config=$CONFIG",
    ] {
        let found = validate("Dockerfile", text, &PORT);
        let d = found.iter().find(|d| d.rule == "DL3025").unwrap();
        assert_eq!(d.fix, None, "{text}: {:?}", d.fix);
        assert!(
            d.message.contains("no exec form means the same"),
            "{}",
            d.message
        );
    }
    let latest = validate("Dockerfile", "FROM alpine:latest", &PORT);
    let pin = latest.iter().find(|d| d.rule == "DL3007").unwrap();
    let fix = pin.fix.as_ref().unwrap();
    assert_eq!(fix.description, "pin a version such as alpine:3.22");
    assert_eq!(fix.replacement_line, None);
}

#[test]
fn hadolint_ignore_pragmas_silence_the_next_instruction_or_the_file() {
    let text =
        "FROM alpine:3.22\n# hadolint ignore=DL3018,DL3019\nRUN apk add git\nRUN apk add curl\n";
    let found = validate("Dockerfile", text, &Options::default());
    let lines: Vec<(u32, &str)> = found.iter().map(|d| (line_of(d), d.rule)).collect();
    assert!(!lines.contains(&(3, "DL3018")) && !lines.contains(&(3, "DL3019")));
    assert!(lines.contains(&(4, "DL3018")) && lines.contains(&(4, "DL3019")));
    let global = "# hadolint global ignore=GD1104,GD1107\nFROM alpine:3.22\n";
    assert!(validate("Dockerfile", global, &Options::default()).is_empty());
}

#[test]
fn diagnostics_name_file_line_and_column() {
    let found = validate(
        "api/Dockerfile",
        "FROM alpine:3.22\n  WORKDIR  app\n",
        &PORT,
    );
    let d = found.iter().find(|d| d.rule == "DL3000").unwrap();
    assert_eq!(
        d.location,
        Location::Text {
            file: "api/Dockerfile".into(),
            line: 2,
            column: 12
        }
    );
    assert_eq!(d.severity, Severity::Error);
}

// --- The parser -----------------------------------------------------------

#[test]
fn parser_reads_directives_only_at_the_top() {
    let (df, found) = parse(
        "Dockerfile",
        "# syntax=docker/dockerfile:1\n# escape=`\nFROM alpine:3.22\nRUN echo a `\n  b\n",
    );
    assert!(found.is_empty(), "{}", report(&found));
    assert_eq!(df.syntax.as_deref(), Some("docker/dockerfile:1"));
    assert_eq!(df.escape, '`');
    assert_eq!(df.instructions[1].rest, "echo a   b");
    assert_eq!(df.instructions[1].end_line, 5);
    // After a comment, `# escape=` is a plain comment: the backslash still continues.
    let (df, found) = parse(
        "Dockerfile",
        "# hello\n# escape=`\nFROM alpine:3.22\nRUN echo a \\\n  b\n",
    );
    assert_eq!(df.escape, '\\');
    assert_eq!(df.instructions.len(), 2);
    assert_eq!(found[0].rule, "GD1003");
    let (_, found) = parse("Dockerfile", "# escape=`\n# escape=\\\nFROM alpine:3.22");
    assert_eq!(found[0].rule, "GD1000");
}

#[test]
fn parser_joins_continuations_and_skips_comments_and_blank_lines_in_them() {
    let text = "FROM alpine:3.22\nRUN apk add --no-cache \\\n    # the compiler\n    gcc=14 \\\n\n    musl-dev=1\nUSER 1\n";
    let (df, found) = parse("Dockerfile", text);
    let run = &df.instructions[1];
    assert_eq!((run.line, run.end_line), (2, 6));
    assert_eq!(run.rest, "apk add --no-cache     gcc=14     musl-dev=1");
    assert_eq!(df.instructions[2].line, 7);
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].rule, line_of(&found[0])), ("GD1001", 5));
    // An escaped escape character does not continue the line.
    let (df, _) = parse("Dockerfile", "FROM alpine:3.22\nRUN echo \\\\\nUSER 1\n");
    assert_eq!(df.instructions.len(), 3);
}

#[test]
fn parser_reads_heredocs() {
    let text = "FROM alpine:3.22\nRUN <<EOF\napk add --no-cache git\nEOF\nRUN <<-\"END\" sh\n\techo $HOME\n\tEND\nCOPY <<A <<B /etc/\nalpha\nA\nbeta\nB\nRUN [\"echo\", \"<<EOF\"]\nUSER 1\n";
    let (df, found) = parse("Dockerfile", text);
    assert!(found.is_empty(), "{}", report(&found));
    let keywords: Vec<Keyword> = df.instructions.iter().map(|i| i.keyword).collect();
    assert_eq!(
        keywords,
        [
            Keyword::From,
            Keyword::Run,
            Keyword::Run,
            Keyword::Copy,
            Keyword::Run,
            Keyword::User
        ]
    );
    let first = &df.instructions[1];
    assert_eq!(first.heredocs[0].body, "apk add --no-cache git\n");
    assert_eq!((first.line, first.end_line), (2, 4));
    let chomped = &df.instructions[2].heredocs[0];
    assert_eq!(chomped.name, "END");
    assert!(chomped.strip_tabs && !chomped.expand);
    assert_eq!(chomped.body, "echo $HOME\n");
    let copy = &df.instructions[3];
    assert_eq!(copy.heredocs.len(), 2);
    assert_eq!(copy.heredocs[1].body, "beta\n");
    assert!(
        df.instructions[4].heredocs.is_empty(),
        "JSON form has no heredocs"
    );
    // A heredoc script is read for commands.
    rule_catches("DL3018", 2, text);
}

#[test]
fn parser_tells_exec_form_from_shell_form() {
    let (df, _) = parse(
        "Dockerfile",
        "FROM alpine:3.22\nCMD [\"/app/server\", \"-port\", \"8080\"]\nCMD [\"/app/server\", -port]\nENTRYPOINT [ ]\n",
    );
    assert_eq!(
        df.instructions[1].args,
        Args::Command(Command::Exec(vec![
            "/app/server".into(),
            "-port".into(),
            "8080".into()
        ]))
    );
    assert_eq!(
        df.instructions[2].args,
        Args::Command(Command::Shell("[\"/app/server\", -port]".into()))
    );
    assert_eq!(
        df.instructions[3].args,
        Args::Command(Command::Exec(Vec::new()))
    );
}

#[test]
fn parser_reads_flags() {
    let (df, found) = parse(
        "Dockerfile",
        "FROM --platform=$BUILDPLATFORM golang:1.25-alpine AS build\nRUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build .\nFROM alpine:3.22\nCOPY --from=build --chown=65532:65532 /out/s /s\n",
    );
    assert!(found.is_empty(), "{}", report(&found));
    assert_eq!(df.instructions[0].flag("platform"), Some("$BUILDPLATFORM"));
    assert_eq!(df.instructions[1].flags.len(), 2);
    assert_eq!(df.instructions[1].rest, "go build .");
    assert_eq!(df.instructions[3].flag("from"), Some("build"));
    assert_eq!(df.instructions[3].flag("chown"), Some("65532:65532"));
}

#[test]
fn parser_reads_arg_env_and_stages_with_expansion() {
    let text = "ARG GO_VERSION=1.25\nARG RUNTIME\nFROM golang:${GO_VERSION}-alpine AS Build\nENV A=1 B=\"two words\" C=${MISSING:-fallback}\nFROM ${RUNTIME:-alpine:3.22}\n";
    let (df, found) = parse("Dockerfile", text);
    assert!(found.is_empty(), "{}", report(&found));
    let build = gin_deploy::validate::dockerfile::stages::Build::new(&df);
    assert_eq!(build.stages[0].image.value, "golang:1.25-alpine");
    assert_eq!(build.stages[0].name.as_deref(), Some("build"));
    // RUNTIME has no default: only the build knows it.
    assert!(build.stages[1].image.unknown);
    let scope = build.scope(&build.stages[0], 4);
    assert_eq!(scope.expand("$B").value, "two words");
    assert_eq!(scope.expand("${C}").value, "fallback");
    assert_eq!(scope.expand("${A:+set}").value, "set");
}

#[test]
fn parser_recovers_from_unknown_instructions_and_keeps_positions() {
    let text = "\u{feff}FROM alpine:3.22\r\n  COPPY a b\r\n\tUSER 1\r\n";
    let (df, found) = parse("Dockerfile", text);
    assert_eq!(df.instructions.len(), 3);
    assert_eq!(df.instructions[1].keyword, Keyword::Unknown);
    assert_eq!(
        found[0].message,
        "unknown instruction COPPY: did you mean COPY"
    );
    assert_eq!(
        found[0].location,
        Location::Text {
            file: "Dockerfile".into(),
            line: 2,
            column: 3
        }
    );
    assert_eq!((df.instructions[2].line, df.instructions[2].column), (3, 2));
    let (df, found) = parse("Dockerfile", "");
    assert!(df.instructions.is_empty());
    assert_eq!(found[0].rule, "GD1000");
}

#[test]
fn parser_reads_onbuild_triggers() {
    let (df, found) = parse(
        "Dockerfile",
        "FROM alpine:3.22\nONBUILD COPY . /src\nONBUILD ONBUILD RUN x\n",
    );
    let Args::Onbuild(inner) = &df.instructions[1].args else {
        panic!("{:?}", df.instructions[1].args);
    };
    assert_eq!(inner.keyword, Keyword::Copy);
    assert_eq!(found.len(), 1, "{}", report(&found));
}

// --- No input makes it panic ------------------------------------------------

const FRAGMENTS: &[&str] = &[
    "FROM alpine:3.22",
    "FROM golang:1.25 AS build",
    "FROM build",
    "FROM ${X:-scratch} AS b",
    "ARG A=1",
    "ARG",
    "ENV A=$A B=${A:-x}",
    "ENV K v",
    "RUN a | b",
    "RUN <<EOF",
    "RUN <<-'E' sh",
    "EOF",
    "\tE",
    "COPY --from=build /a /b",
    "COPY . .",
    "COPY <<X /x",
    "X",
    "ADD x.tgz /",
    "WORKDIR rel",
    "USER root",
    "USER",
    "CMD x",
    "CMD [\"x\"",
    "ENTRYPOINT [\"a\",",
    "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]",
    "HEALTHCHECK",
    "HEALTHCHECK CMD",
    "EXPOSE 99999999999999999999",
    "ONBUILD",
    "ONBUILD RUN cd /",
    "# escape=`",
    "# syntax=x",
    "# hadolint ignore=DL3006",
    "\\",
    "`",
    "RUN echo \\",
    "RUN echo `",
    "",
    "   ",
    "$(",
    "${",
    "'",
    "\"",
    "--",
    "RUN --mount=type=cache,target=/go/pkg/mod go build",
    "RUN apk add",
    "RUN apt-get install",
    "RUN CGO_ENABLED=1 go build",
    "LABEL",
    "STOPSIGNAL",
    "VOLUME []",
    "RUN case x in a) b;; esac",
    "RUN $(($((",
    "RUN `a `b` c`",
    "ü 日本 ✓",
    "FROM scratch\r",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let text = String::from_utf8_lossy(&bytes);
        let lines = u32::try_from(text.split('\n').count()).unwrap();
        for d in validate("Dockerfile", &text, &PORT) {
            prop_assert!(line_of(&d) >= 1 && line_of(&d) <= lines.max(1));
        }
    }

    #[test]
    fn random_line_soup_never_panics(
        parts in proptest::collection::vec(proptest::sample::select(FRAGMENTS), 0..40),
        separators in proptest::collection::vec(proptest::sample::select(&["\n", "\r\n", " ", " \\\n", "\n\n"][..]), 40),
    ) {
        let mut text = String::new();
        for (part, sep) in parts.iter().zip(separators.iter().cycle()) {
            text.push_str(part);
            text.push_str(sep);
        }
        let lines = u32::try_from(text.split('\n').count()).unwrap();
        for d in validate("Dockerfile", &text, &PORT) {
            prop_assert!(line_of(&d) >= 1 && line_of(&d) <= lines);
        }
    }

    #[test]
    fn any_designs_dockerfile_passes(design in common::design()) {
        let text = dockerfile(&design);
        let found = validate("Dockerfile", &text, &Options { expected_port: Some(design.service.port) });
        prop_assert!(found.iter().all(|d| unpinned_and_said(&design, d)), "{}\n{}", text, report(&found));
    }
}

// --- Our own output -----------------------------------------------------------

/// The one finding a generated Dockerfile may carry: the note that its runtime base
/// is on a tag, where the design gives no digest for it (a digest cannot be looked up
/// for the user, and a made-up one would fail the build).
fn unpinned_and_said(design: &Design, d: &Diagnostic) -> bool {
    d.rule == "GD1107"
        && design.container.runtime_digest.is_empty()
        && design.container.runtime != Runtime::Scratch
}

#[test]
fn generated_dockerfiles_have_no_findings_but_the_unpinned_runtime_note() {
    let mut designs = vec![("default".to_owned(), Design::default())];
    for preset in PRESETS {
        designs.push((preset.id.to_owned(), preset.design().unwrap()));
    }
    for (name, mut design) in designs {
        let options = Options {
            expected_port: Some(design.service.port),
        };
        let text = dockerfile(&design);
        let found = validate("Dockerfile", &text, &options);
        let unpinned = design.container.runtime != Runtime::Scratch;
        let expected: &[&str] = if unpinned { &["GD1107"] } else { &[] };
        let rules: Vec<&str> = found.iter().map(|d| d.rule).collect();
        assert_eq!(rules, expected, "{name}:\n{text}\n{}", report(&found));

        // With a digest in the design the runtime is pinned and the note goes.
        design.container.runtime_digest = format!("sha256:{}", "0f".repeat(32));
        let text = dockerfile(&design);
        let found = validate("Dockerfile", &text, &options);
        assert!(
            found.is_empty(),
            "{name} pinned:\n{text}\n{}",
            report(&found)
        );
        if unpinned {
            assert!(text.contains(&format!("@sha256:{}\nWORKDIR /app", "0f".repeat(32))));
        }
    }
}

// --- The rule docs --------------------------------------------------------------

const DOC: &str = include_str!("../docs/rules/dockerfile.md");

/// Escapes text for an HTML code span inside a Markdown table cell.
fn cell(text: &str) -> String {
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "&#124;")
        .replace('\n', "<br>");
    format!("<code>{escaped}</code>")
}

/// The rule table as `docs/rules/dockerfile.md` must hold it, from `rules()`.
fn rule_table() -> String {
    let mut table = String::from(
        "| id | severity | title | why | bad example | good example |\n| --- | --- | --- | --- | --- | --- |\n",
    );
    for rule in rules() {
        table.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            rule.id,
            rule.severity.as_str(),
            rule.title.replace('|', "\\|"),
            rule.why.replace('|', "\\|"),
            cell(rule.bad_example),
            cell(rule.good_example),
        ));
    }
    table
}

/// The hadolint table as `docs/rules/dockerfile.md` must hold it: the ids we
/// mirror, then every one we do not, with why.
fn hadolint_table() -> String {
    let mirrored: Vec<&str> = rules()
        .iter()
        .map(|r| r.id)
        .filter(|id| id.starts_with("DL"))
        .collect();
    let mut table = String::from("| hadolint | ours | note |\n| --- | --- | --- |\n");
    table.push_str(&format!(
        "| {} | the same id | mirrored: same trigger, same instruction line, re-derived from hadolint 2.15.1's output; differences below |\n",
        mirrored.join(", ")
    ));
    for entry in hadolint::NOT_MIRRORED {
        let ids: Vec<&str> = entry
            .ids
            .iter()
            .map(|id| if *id == "SC" { "SC (ShellCheck)" } else { id })
            .collect();
        table.push_str(&format!(
            "| {} | {} | not mirrored: {} |\n",
            ids.join(", "),
            entry.ours.unwrap_or("—"),
            entry.why.replace('|', "\\|")
        ));
    }
    table
}

/// The text between two markers of the doc, or `None` without them.
fn section<'d>(doc: &'d str, begin: &str, end: &str) -> Option<&'d str> {
    doc.split_once(begin)
        .and_then(|(_, rest)| rest.split_once(end))
        .map(|(table, _)| table)
}

#[test]
fn rule_docs_list_every_rule() {
    const SECTIONS: [(&str, &str); 2] = [
        (
            "<!-- rules:begin (generated by tests/dockerfile_rules.rs) -->\n",
            "<!-- rules:end -->",
        ),
        (
            "<!-- hadolint:begin (generated by tests/dockerfile_rules.rs) -->\n",
            "<!-- hadolint:end -->",
        ),
    ];
    let expected = [rule_table(), hadolint_table()];
    let stale = SECTIONS
        .iter()
        .zip(&expected)
        .any(|((begin, end), table)| section(DOC, begin, end) != Some(table.as_str()));
    if stale && std::env::var_os("UPDATE_RULE_DOCS").is_some() {
        let mut doc = DOC.to_owned();
        for ((begin, end), table) in SECTIONS.iter().zip(&expected) {
            let (head, rest) = doc.split_once(begin).expect("begin marker");
            let (_, tail) = rest.split_once(end).expect("end marker");
            doc = format!("{head}{begin}{table}{end}{tail}");
        }
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules/dockerfile.md");
        std::fs::write(path, doc).unwrap();
        return;
    }
    for ((begin, end), table) in SECTIONS.iter().zip(&expected) {
        assert_eq!(
            section(DOC, begin, end),
            Some(table.as_str()),
            "docs/rules/dockerfile.md is out of date: run UPDATE_RULE_DOCS=1 cargo test --test dockerfile_rules rule_docs"
        );
    }
    for rule in rules() {
        assert!(
            DOC.contains(&format!("| {} |", rule.id)),
            "{} missing",
            rule.id
        );
    }
}

#[test]
fn every_hadolint_id_is_mirrored_or_explained() {
    let mirrored: Vec<&str> = rules()
        .iter()
        .map(|r| r.id)
        .filter(|id| id.starts_with("DL"))
        .collect();
    let explained: Vec<&str> = hadolint::NOT_MIRRORED
        .iter()
        .flat_map(|e| e.ids.iter().copied())
        .collect();
    for id in hadolint::HADOLINT_IDS {
        let times =
            usize::from(mirrored.contains(&id)) + explained.iter().filter(|e| **e == id).count();
        assert_eq!(times, 1, "{id} must be mirrored or explained, once");
    }
    for id in mirrored.iter().chain(&explained) {
        assert!(
            hadolint::HADOLINT_IDS.contains(id),
            "{id} is no hadolint 2.15.1 rule"
        );
    }
}
