//! Our own rules for Dockerfiles of Go services: a dependency layer that survives
//! source edits, a static binary for libc-less runtimes, the service's port, a
//! non-root runtime, no secrets in the image, and build args that are in scope.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::{replace_line, Context};
use crate::validate::dockerfile::expand::{expand, references, Var};
use crate::validate::dockerfile::image::ImageRef;
use crate::validate::dockerfile::shell::SimpleCommand;
use crate::validate::dockerfile::stages::Stage;
use crate::validate::dockerfile::syntax::{Args, Instruction, Keyword};
use crate::validate::{Diagnostic, Rule, Severity};

pub const DEPENDENCIES_AFTER_SOURCES: Rule = Rule {
    id: "GD1101",
    title: "download Go modules before copying the sources",
    severity: Severity::Warning,
    why: "Docker reuses a layer only while everything before it is unchanged. When `COPY . .` comes before the module download, every source edit invalidates it and each build downloads all modules again; copy go.mod and go.sum, run `go mod download`, then copy the sources (or use a BuildKit cache mount for /go/pkg/mod).",
    bad_example: "FROM golang:1.25-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN go mod download\nRUN CGO_ENABLED=0 go build -o /out/server .",
    good_example: "FROM golang:1.25-alpine AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/server .",
};

pub const CGO_WITHOUT_LIBC: Rule = Rule {
    id: "GD1102",
    title: "cgo binary on a runtime without a C library",
    severity: Severity::Warning,
    why: "With cgo on (CGO_ENABLED=1, or unset where the builder has a C compiler, as golang:*-bookworm has) `go build` links against libc. scratch and distroless/static have no libc, so the container dies at start with `exec /app/server: no such file or directory`. Build with CGO_ENABLED=0.",
    bad_example: "FROM golang:1.25-bookworm AS build\nWORKDIR /src\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod go build -o /out/server .\nFROM scratch\nCOPY --from=build /out/server /server\nUSER 65532:65532\nENTRYPOINT [\"/server\"]",
    good_example: "FROM golang:1.25-bookworm AS build\nWORKDIR /src\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod CGO_ENABLED=0 go build -o /out/server .\nFROM scratch\nCOPY --from=build /out/server /server\nUSER 65532:65532\nENTRYPOINT [\"/server\"]",
};

pub const EXPOSE_NOT_SERVICE_PORT: Rule = Rule {
    id: "GD1103",
    title: "EXPOSE matches the service's listen port",
    severity: Severity::Warning,
    why: "EXPOSE documents the port the server listens on; Kubernetes manifests, probes and `docker run -P` are written from it. A different number sends traffic and health checks to a closed port.",
    bad_example: "FROM alpine:3.22\nEXPOSE 9090",
    good_example: "FROM alpine:3.22\nEXPOSE 8080",
};

pub const FINAL_STAGE_ROOT: Rule = Rule {
    id: "GD1104",
    title: "the final stage sets no non-root USER",
    severity: Severity::Warning,
    why: "Without a USER the server runs as root (uid 0) unless the base image says otherwise; a compromised process then owns the container and Kubernetes `runAsNonRoot` rejects the pod. (DL3002 covers an explicit `USER root`.)",
    bad_example: "FROM alpine:3.22\nCOPY server /app/server\nENTRYPOINT [\"/app/server\"]",
    good_example: "FROM alpine:3.22\nCOPY server /app/server\nUSER 65532:65532\nENTRYPOINT [\"/app/server\"]",
};

pub const SECRET_IN_IMAGE: Rule = Rule {
    id: "GD1105",
    title: "secret with a literal value in ARG or ENV",
    severity: Severity::Error,
    why: "ENV values are stored in the image config and ARG values in its history: anyone who can pull the image can read them. Pass secrets at run time (a Kubernetes Secret) or to one RUN with `--mount=type=secret`.",
    bad_example: "FROM alpine:3.22\nENV JWT_SECRET=s3cr3t-value",
    good_example: "FROM alpine:3.22\nENV JWT_SECRET_FILE=/run/secrets/jwt",
};

pub const GLOBAL_ARG_OUT_OF_SCOPE: Rule = Rule {
    id: "GD1106",
    title: "build arg used in a stage that does not declare it",
    severity: Severity::Warning,
    why: "An ARG before the first FROM, and the automatic TARGETOS/TARGETARCH family, are visible only in FROM lines; inside a stage they are empty until the stage repeats `ARG NAME`. A version in -ldflags or GOARCH then silently comes out empty.",
    bad_example: "ARG VERSION=1.4.2\nFROM golang:1.25-alpine AS build\nRUN go build -ldflags \"-X main.version=${VERSION}\" -o /out/server .",
    good_example: "ARG VERSION=1.4.2\nFROM golang:1.25-alpine AS build\nARG VERSION\nRUN go build -ldflags \"-X main.version=${VERSION}\" -o /out/server .",
};

pub const RUNTIME_NOT_PINNED: Rule = Rule {
    id: "GD1107",
    title: "the final stage's base image is not pinned by digest",
    severity: Severity::Info,
    why: "A tag is a name the publisher can move: `distroless/static-debian12:nonroot` and `alpine:3.22` are rebuilt and re-pushed, so two builds of the same commit can run on different bytes, and a compromised registry account can swap them. A digest (`@sha256:…`) names the bytes themselves; keep the tag in front of it for readers, and let a bot such as Renovate or Dependabot move both together.",
    bad_example: "FROM gcr.io/distroless/static-debian12:nonroot\nCOPY server /app/server\nUSER 65532:65532\nENTRYPOINT [\"/app/server\"]",
    good_example: "# the digest is an example: use the one `docker buildx imagetools inspect` prints\nFROM gcr.io/distroless/static-debian12:nonroot@sha256:6ec5aa99dc335666e79dc64e4a6c8b89c33a543a1967f20d360922a80dd21f02\nCOPY server /app/server\nUSER 65532:65532\nENTRYPOINT [\"/app/server\"]",
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let modules_first = modules_downloaded_first(ctx);
    let globals = GlobalArgs::new(ctx);
    for stage in &ctx.build.stages {
        let ready = stage.parent.is_some_and(|p| modules_first[p]);
        dependencies_after_sources(ctx, stage, ready, out);
        global_args(ctx, &globals, stage, out);
    }
    if let Some(last) = ctx.build.final_stage() {
        cgo(ctx, last, out);
        expose(ctx, last, out);
        final_user(ctx, last, out);
        runtime_pinned(ctx, last, out);
    }
    secrets(ctx, out);
}

/// `go` subcommands that resolve (and download) modules.
const MODULE_COMMANDS: [&str; 6] = ["build", "install", "test", "vet", "run", "list"];

/// The Go command of a simple command, looking through `env NAME=value go ...`;
/// returns the command's own CGO_ENABLED assignment too.
fn go_command(command: &SimpleCommand) -> Option<(Vec<&str>, Option<&str>)> {
    if command.name == "go" {
        let args = command.args.iter().map(String::as_str).collect();
        return Some((args, command.assignment("CGO_ENABLED")));
    }
    if command.basename() != "env" {
        return None;
    }
    let mut cgo = command.assignment("CGO_ENABLED");
    let mut words = command.args.iter().map(String::as_str);
    for word in words.by_ref() {
        if let Some(value) = word.strip_prefix("CGO_ENABLED=") {
            cgo = Some(value);
        } else if word.contains('=') || word.starts_with('-') {
            continue;
        } else if word == "go" {
            return Some((words.collect(), cgo));
        } else {
            return None;
        }
    }
    None
}

/// Whether a RUN keeps the module cache in a BuildKit cache mount, so a new
/// layer does not mean a new download.
fn caches_modules(instruction: &Instruction) -> bool {
    instruction.flags.iter().any(|f| {
        f.name.eq_ignore_ascii_case("mount")
            && f.value
                .as_deref()
                .is_some_and(|v| v.contains("type=cache") && v.contains("mod"))
    })
}

/// Whether COPY/ADD brings in the whole build context.
fn copies_context(instruction: &Instruction) -> bool {
    let Args::Transfer(t) = &instruction.args else {
        return false;
    };
    instruction.flag("from").is_none()
        && t.sources
            .iter()
            .any(|s| matches!(s.trim_matches('"'), "." | "./" | "*" | "./*"))
}

/// Per stage, whether it has downloaded the modules before copying the sources,
/// itself or in a stage it is built on (whose module cache it inherits): one pass
/// in order, as a parent always comes before its child.
fn modules_downloaded_first(ctx: &Context) -> Vec<bool> {
    let mut first = Vec::with_capacity(ctx.build.stages.len());
    for stage in &ctx.build.stages {
        let mut downloads = false;
        for (index, instruction) in ctx.build.body(stage) {
            if copies_context(instruction) {
                break;
            }
            downloads = ctx.script(index).is_some_and(|script| {
                script.commands.iter().any(|c| {
                    go_command(c).is_some_and(|(args, _)| args.starts_with(&["mod", "download"]))
                })
            });
            if downloads {
                break;
            }
        }
        first.push(downloads || stage.parent.is_some_and(|p| first[p]));
    }
    first
}

/// GD1101 for one stage; `modules_ready` when a parent stage downloaded them.
fn dependencies_after_sources(
    ctx: &Context,
    stage: &Stage,
    mut modules_ready: bool,
    out: &mut Vec<Diagnostic>,
) {
    let mut sources: Option<&Instruction> = None;
    for (index, instruction) in ctx.build.body(stage) {
        if sources.is_none() && copies_context(instruction) {
            sources = Some(instruction);
            continue;
        }
        let Some(script) = ctx.script(index) else {
            continue;
        };
        for command in &script.commands {
            let Some((args, _)) = go_command(command) else {
                continue;
            };
            let download = args.first() == Some(&"mod") && args.get(1) == Some(&"download");
            let resolves = args.first().is_some_and(|a| MODULE_COMMANDS.contains(a))
                && !args.iter().any(|a| a.contains("-mod=vendor"));
            let Some(copy) = sources else {
                modules_ready |= download;
                continue;
            };
            if modules_ready || caches_modules(instruction) || !(download || resolves) {
                continue;
            }
            let what = if download {
                "go mod download"
            } else {
                "go build"
            };
            let verb = args.first().copied().unwrap_or("build");
            let message = if download {
                format!("{what} runs after `{}` on line {}, so every source edit downloads all modules again: copy go.mod and go.sum and run go mod download before copying the sources", copy.first_line.trim(), copy.line)
            } else {
                format!("go {verb} downloads modules right after `{}` on line {}, so every source edit downloads them again: copy go.mod and go.sum and run go mod download before copying the sources", copy.first_line.trim(), copy.line)
            };
            out.push(
                ctx.at(
                    &DEPENDENCIES_AFTER_SOURCES,
                    instruction,
                    instruction.column_of("go"),
                    message,
                )
                .with_fix("COPY go.mod go.sum ./ then RUN go mod download, before COPY . ."),
            );
            return;
        }
    }
}

/// The root image a stage is built on, following `FROM stage` links.
fn root_image(ctx: &Context, stage: &Stage) -> Option<ImageRef> {
    let mut current = stage;
    for _ in 0..=ctx.build.stages.len() {
        match current.parent {
            Some(p) => current = &ctx.build.stages[p],
            None => return (!current.image.unknown).then(|| ImageRef::parse(&current.image.value)),
        }
    }
    None
}

fn cgo(ctx: &Context, last: &Stage, out: &mut Vec<Diagnostic>) {
    let build = &ctx.build;
    let Some(runtime) = root_image(ctx, last) else {
        return;
    };
    if !runtime.lacks_libc() {
        return;
    }
    let mut checked = BTreeSet::new();
    for (index, instruction) in build.body(last) {
        let Some(from) = instruction.flag("from") else {
            continue;
        };
        let value = build.scope(last, index).expand(from);
        let Some(source) = build.stage_named(&value.value) else {
            continue;
        };
        if source >= last.index || !checked.insert(source) {
            continue;
        }
        let stage = &build.stages[source];
        for (run_index, run) in build.body(stage) {
            let Some(script) = ctx.script(run_index) else {
                continue;
            };
            let mut exported: Option<&str> = None;
            for command in &script.commands {
                if command.name == "export" {
                    for arg in &command.args {
                        if let Some(v) = arg.strip_prefix("CGO_ENABLED=") {
                            exported = Some(v);
                        }
                    }
                }
                let Some((args, inline)) = go_command(command) else {
                    continue;
                };
                if !matches!(args.first(), Some(&"build" | &"install"))
                    || args.iter().any(|a| a.contains("-static"))
                {
                    continue;
                }
                let setting = match inline.or(exported) {
                    Some(v) => Var::Value(v.into()),
                    None => build.scope(stage, run_index).get("CGO_ENABLED"),
                };
                let state = match &setting {
                    Var::Value(v) if v.as_ref() == "0" => continue,
                    Var::Unknown => continue,
                    Var::Value(v) if v.starts_with('$') => continue,
                    Var::Value(v) => format!("builds with CGO_ENABLED={}", super::shown(v)),
                    Var::Unset => "leaves CGO_ENABLED unset, so it links against libc whenever the builder has a C compiler".to_owned(),
                };
                let runtime_name = match &runtime.tag {
                    Some(tag) => format!("{}:{tag}", runtime.name),
                    None => runtime.name.clone(),
                };
                out.push(
                    ctx.at(
                        &CGO_WITHOUT_LIBC,
                        run,
                        run.column_of("go"),
                        format!("go {} {state}, but the binary runs on {runtime_name}, which has no C library: set CGO_ENABLED=0", args.first().copied().unwrap_or("build")),
                    )
                    .with_fix("prefix the build with CGO_ENABLED=0 (or ENV CGO_ENABLED=0 in the build stage)"),
                );
            }
        }
    }
}

fn expose(ctx: &Context, last: &Stage, out: &mut Vec<Diagnostic>) {
    let Some(expected) = ctx.options.expected_port else {
        return;
    };
    let build = &ctx.build;
    let mut exposes = Vec::new();
    for (index, instruction) in build.body(last) {
        if let Args::Words(words) = &instruction.args {
            if instruction.keyword == Keyword::Expose {
                let scope = build.scope(last, index);
                let ports: Vec<String> = words.iter().map(|w| scope.expand(w).value).collect();
                let unknown = words.iter().any(|w| scope.expand(w).unknown);
                exposes.push((instruction, ports, unknown));
            }
        }
    }
    let matches = |port: &String| {
        let number = port.split('/').next().unwrap_or(port);
        match number.split_once('-') {
            Some((lo, hi)) => match (lo.parse::<u32>(), hi.parse::<u32>()) {
                (Ok(lo), Ok(hi)) => (lo..=hi).contains(&u32::from(expected)),
                _ => false,
            },
            None => number.parse::<u32>().ok() == Some(u32::from(expected)),
        }
    };
    if exposes
        .iter()
        .any(|(_, ports, unknown)| *unknown || ports.iter().any(matches))
    {
        return;
    }
    if exposes.is_empty() {
        let from = build.instruction(last.from);
        out.push(
            ctx.at(
                &EXPOSE_NOT_SERVICE_PORT,
                from,
                from.column,
                format!("the final stage exposes no port: add EXPOSE {expected}, the service's listen port"),
            )
            .with_fix(format!("add EXPOSE {expected}")),
        );
        return;
    }
    for (instruction, ports, _) in exposes {
        let shown = ports.join(" ");
        let mut d = ctx.at(
            &EXPOSE_NOT_SERVICE_PORT,
            instruction,
            instruction.column_of(ports.first().map_or("", String::as_str)),
            format!("EXPOSE {shown} does not match the service's listen port {expected}: write EXPOSE {expected}"),
        );
        let protocol = ports
            .first()
            .and_then(|p| p.split_once('/'))
            .map(|(_, proto)| format!("/{proto}"))
            .unwrap_or_default();
        d.fix = Some(if ports.len() == 1 {
            replace_line(
                instruction,
                format!("write EXPOSE {expected}"),
                format!("{} {expected}{protocol}", instruction.keyword_text),
            )
        } else {
            crate::validate::Fix {
                description: format!("add {expected} to EXPOSE"),
                replacement_line: None,
            }
        });
        out.push(d);
    }
}

fn final_user(ctx: &Context, last: &Stage, out: &mut Vec<Diagnostic>) {
    let build = &ctx.build;
    let mut current = last;
    for _ in 0..=build.stages.len() {
        if build.body(current).any(|(_, i)| i.keyword == Keyword::User) {
            return;
        }
        match current.parent {
            Some(p) => current = &build.stages[p],
            None => break,
        }
    }
    let Some(image) = root_image(ctx, last) else {
        return;
    };
    if image.runs_as_non_root() {
        return;
    }
    let from = build.instruction(last.from);
    let shown = &current.image.value;
    out.push(
        ctx.at(
            &FINAL_STAGE_ROOT,
            from,
            from.column,
            format!("the final stage sets no USER, so the service runs as root, the default of {shown}: add a non-root USER such as USER 65532:65532 before ENTRYPOINT"),
        )
        .with_fix("add USER 65532:65532 after the last COPY or RUN"),
    );
}

fn runtime_pinned(ctx: &Context, last: &Stage, out: &mut Vec<Diagnostic>) {
    let Some(image) = root_image(ctx, last) else {
        return;
    };
    // An image named by a variable nobody set is no image to pin (DL3006's ground).
    if image.name.is_empty()
        || image.name.contains('$')
        || image.is_scratch()
        || image.digest.is_some()
    {
        return;
    }
    // The FROM line that names the image (the final stage may build on another stage).
    let mut current = last;
    for _ in 0..=ctx.build.stages.len() {
        match current.parent {
            Some(p) => current = &ctx.build.stages[p],
            None => break,
        }
    }
    let from = ctx.build.instruction(current.from);
    out.push(ctx.at(
        &RUNTIME_NOT_PINNED,
        from,
        from.column,
        format!(
            "the image the service runs on, {}, is a tag its publisher can move: pin it by digest (FROM {}@sha256:…, the digest `docker buildx imagetools inspect {}` prints) so every build runs on the same bytes",
            current.image.value, current.image.value, current.image.value
        ),
    ));
}

fn secrets(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let escape = ctx.build.df.escape;
    for instruction in &ctx.build.df.instructions {
        if !matches!(instruction.keyword, Keyword::Env | Keyword::Arg) {
            continue;
        }
        let Args::Pairs(pairs) = &instruction.args else {
            continue;
        };
        for pair in pairs {
            let Some(raw) = &pair.value else {
                continue;
            };
            // What is left once every reference is gone: a literal part.
            let literal = expand(raw, escape, &|_| Var::Value("".into())).value;
            if literal.trim().is_empty() || !crate::validate::secret_like_name(&pair.key) {
                continue;
            }
            let key = &pair.key;
            let message = if instruction.keyword == Keyword::Env {
                format!("ENV {key} holds a literal secret, readable by anyone who pulls the image: remove it and pass it at run time (a Kubernetes Secret)")
            } else {
                format!("ARG {key} has a literal default, which is recorded in the image history: drop the default and pass the secret with RUN --mount=type=secret")
            };
            out.push(
                ctx.at(
                    &SECRET_IN_IMAGE,
                    instruction,
                    instruction.column_of(key),
                    message,
                )
                .with_fix("inject the value at run time from a Secret, never in the Dockerfile"),
            );
        }
    }
}

/// Automatic build args that a stage sees only after declaring them.
const AUTOMATIC: [&str; 8] = [
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
];

/// The global ARGs by name, with the line of the first that declares each.
struct GlobalArgs<'a> {
    lines: HashMap<&'a str, u32>,
}

impl<'a> GlobalArgs<'a> {
    fn new(ctx: &Context<'a>) -> GlobalArgs<'a> {
        let mut lines = HashMap::new();
        let df = ctx.build.df;
        for instruction in df
            .instructions
            .iter()
            .take_while(|i| i.keyword != Keyword::From)
        {
            if let (Keyword::Arg, Args::Pairs(pairs)) = (instruction.keyword, &instruction.args) {
                for pair in pairs {
                    lines.entry(pair.key.as_str()).or_insert(instruction.line);
                }
            }
        }
        GlobalArgs { lines }
    }
}

/// The names a text assigns (`NAME=`), so `RUN VERSION=1 go build` or
/// `ENV VERSION=$VERSION` is not read as using a global VERSION.
fn assigned(text: &str) -> HashSet<&str> {
    let bytes = text.as_bytes();
    let mut names = HashSet::new();
    let mut start = None;
    for (i, b) in bytes.iter().enumerate() {
        if b.is_ascii_alphanumeric() || *b == b'_' {
            start.get_or_insert(i);
            continue;
        }
        if let (Some(from), b'=') = (start, b) {
            names.insert(&text[from..i]);
        }
        start = None;
    }
    names
}

/// The column of the first `$NAME` or `${NAME` of each name on an instruction's
/// first line, found in one pass.
fn reference_columns(line: &str) -> HashMap<&str, u32> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let is_name = |at: usize| {
        chars
            .get(at)
            .is_some_and(|(_, c)| c.is_ascii_alphanumeric() || *c == '_')
    };
    let mut columns = HashMap::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].1 != '$' {
            i += 1;
            continue;
        }
        let mut start = i + 1;
        if chars.get(start).is_some_and(|(_, c)| *c == '{') {
            start += 1;
        }
        let mut end = start;
        while is_name(end) {
            end += 1;
        }
        if end > start {
            let to = chars.get(end).map_or(line.len(), |(at, _)| *at);
            let column = u32::try_from(start + 1).unwrap_or(u32::MAX);
            columns.entry(&line[chars[start].0..to]).or_insert(column);
        }
        i = end.max(i + 1);
    }
    columns
}

fn global_args(ctx: &Context, globals: &GlobalArgs, stage: &Stage, out: &mut Vec<Diagnostic>) {
    let build = &ctx.build;
    let escape = build.df.escape;
    let mut reported = HashSet::new();
    for (index, instruction) in build.body(stage) {
        let texts: Vec<&str> = match instruction.keyword {
            Keyword::Run => {
                let mut texts = vec![instruction.rest.as_str()];
                texts.extend(
                    instruction
                        .heredocs
                        .iter()
                        .filter(|h| h.expand)
                        .map(|h| h.body.as_str()),
                );
                texts
            }
            Keyword::Copy
            | Keyword::Add
            | Keyword::Env
            | Keyword::Label
            | Keyword::Expose
            | Keyword::User
            | Keyword::Workdir
            | Keyword::Volume
            | Keyword::Stopsignal => vec![instruction.rest.as_str()],
            _ => continue,
        };
        let scope = build.scope(stage, index);
        let mut columns: Option<HashMap<&str, u32>> = None;
        // A text without `$` refers to no variable (most RUN lines).
        for text in texts.into_iter().filter(|t| t.contains('$')) {
            let assigned = assigned(text);
            for name in references(text, escape) {
                let global = globals.lines.get(name.as_str());
                let automatic = AUTOMATIC.contains(&name.as_str());
                if (global.is_none() && !automatic)
                    || assigned.contains(name.as_str())
                    || reported.contains(&name)
                    || scope.get(&name) != Var::Unset
                {
                    continue;
                }
                let origin = match global {
                    Some(line) => format!("is declared before the first FROM (line {line}), so it is visible only in FROM lines"),
                    None => "is an automatic build arg, visible in a stage only once declared"
                        .to_owned(),
                };
                let column = *columns
                    .get_or_insert_with(|| reference_columns(&instruction.first_line))
                    .get(name.as_str())
                    .unwrap_or(&instruction.column);
                out.push(
                    ctx.at(
                        &GLOBAL_ARG_OUT_OF_SCOPE,
                        instruction,
                        column,
                        format!("${name} {origin}: here it is empty; add ARG {name} in this stage before using it"),
                    )
                    .with_fix(format!("add ARG {name} at the start of the stage")),
                );
                reported.insert(name);
            }
        }
    }
}
