//! Rules about FROM lines and stages: pinned base images, unique stage names,
//! platform flags and what may come before the first FROM.

use super::Context;
use crate::validate::dockerfile::image::{suggested_tag, ImageRef};
use crate::validate::dockerfile::syntax::{Instruction, Keyword};
use crate::validate::{Diagnostic, Rule, Severity};

pub const DL3006: Rule = Rule {
    id: "DL3006",
    title: "tag the base image explicitly",
    severity: Severity::Warning,
    why: "An image without a tag means `:latest`, which moves: the same Dockerfile builds a different image next month, and a Go toolchain or libc change can break the build or the binary.",
    bad_example: "FROM golang AS build",
    good_example: "FROM golang:1.25-alpine AS build",
};

pub const DL3007: Rule = Rule {
    id: "DL3007",
    title: "do not use the latest tag",
    severity: Severity::Warning,
    why: "`latest` is a moving tag: builds are not reproducible and a rollback does not roll the base image back.",
    bad_example: "FROM alpine:latest",
    good_example: "FROM alpine:3.22",
};

pub const DL3024: Rule = Rule {
    id: "DL3024",
    title: "stage names must be unique",
    severity: Severity::Error,
    why: "Two stages with one name make `COPY --from=name` and `--target name` ambiguous; Docker rejects the file.",
    bad_example: "FROM golang:1.25-alpine AS build\nFROM golang:1.25-alpine AS build",
    good_example: "FROM golang:1.25-alpine AS deps\nFROM golang:1.25-alpine AS build",
};

pub const DL3029: Rule = Rule {
    id: "DL3029",
    title: "do not pin --platform on FROM",
    severity: Severity::Warning,
    why: "A literal platform (`--platform=linux/amd64`) makes the image wrong on every other architecture; use `$BUILDPLATFORM`/`$TARGETPLATFORM` or pass `--platform` to `docker build`.",
    bad_example: "FROM --platform=linux/amd64 golang:1.25-alpine AS build",
    good_example: "FROM --platform=$BUILDPLATFORM golang:1.25-alpine AS build",
};

pub const DL3065: Rule = Rule {
    id: "DL3065",
    title: "--platform=$TARGETPLATFORM on FROM is redundant",
    severity: Severity::Warning,
    why: "A stage is built for the target platform unless FROM says otherwise, so `--platform=$TARGETPLATFORM` repeats the default and hides the stages that really differ (a builder on `$BUILDPLATFORM`).",
    bad_example: "FROM --platform=$TARGETPLATFORM alpine:3.22",
    good_example: "FROM alpine:3.22",
};

pub const DL3061: Rule = Rule {
    id: "DL3061",
    title: "only ARG may come before the first FROM",
    severity: Severity::Error,
    why: "Every instruction but ARG needs a stage, and a stage starts with FROM; Docker rejects anything else before it.",
    bad_example: "LABEL team=payments\nFROM alpine:3.22",
    good_example: "FROM alpine:3.22\nLABEL team=payments",
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    before_first_from(ctx, out);
    let build = &ctx.build;
    for stage in &build.stages {
        let from = build.instruction(stage.from);
        if stage.parent.is_some() || stage.image.unknown || stage.image.value.is_empty() {
            // Built on another stage, or on an image only the build knows.
        } else {
            image_tag(ctx, stage.from, &stage.image_raw, &stage.image.value, out);
        }
        if let Some(platform) = from.flag("platform") {
            platform_flag(ctx, from, platform, out);
        }
        if let Some(name) = &stage.name {
            let first = build
                .stage_named(name)
                .filter(|first| *first < stage.index)
                .map(|first| &build.stages[first]);
            if let Some(first) = first {
                let line = build.instruction(first.from).line;
                let column = from.column_of(name);
                out.push(
                    ctx.at(
                        &DL3024,
                        from,
                        column,
                        format!("stage name {name} is already used by the stage on line {line}: give each stage its own name"),
                    ),
                );
            }
        }
    }
}

/// DL3029 and DL3065 for a FROM's `--platform`. As in hadolint, a value that
/// names `BUILDPLATFORM` or `TARGETPLATFORM` is left alone; anything else, other
/// variables included, fixes a platform the build does not choose.
fn platform_flag(ctx: &Context, from: &Instruction, platform: &str, out: &mut Vec<Diagnostic>) {
    let column = from.column_of("--platform");
    if platform == "$TARGETPLATFORM" || platform == "${TARGETPLATFORM}" {
        out.push(
            ctx.at(
                &DL3065,
                from,
                column,
                format!("FROM --platform={platform} repeats the default, as every stage is built for the target platform: remove --platform"),
            )
            .with_fix("remove --platform=$TARGETPLATFORM"),
        );
        return;
    }
    if platform.contains("BUILDPLATFORM") || platform.contains("TARGETPLATFORM") {
        return;
    }
    let message = if platform.contains('$') {
        format!("FROM --platform={platform} takes the platform from variables other than $BUILDPLATFORM or $TARGETPLATFORM, so the Dockerfile does not show it follows the build: use --platform=$BUILDPLATFORM for a cross-compiling builder, or leave it to docker build --platform")
    } else {
        format!("FROM --platform={platform} pins one platform for every build: use --platform=$BUILDPLATFORM for a cross-compiling builder, or leave it to docker build --platform")
    };
    out.push(
        ctx.at(&DL3029, from, column, message)
            .with_fix("remove --platform or use $BUILDPLATFORM / $TARGETPLATFORM"),
    );
}

/// DL3006 and DL3007 for one FROM line.
fn image_tag(ctx: &Context, index: usize, raw: &str, image: &str, out: &mut Vec<Diagnostic>) {
    let from = ctx.build.instruction(index);
    let reference = ImageRef::parse(image);
    if reference.is_scratch() || reference.digest.is_some() {
        return;
    }
    let column = from.column_of(raw);
    let example = match suggested_tag(reference.short_name()) {
        Some(tag) => format!("{}:{tag}", reference.name),
        None => format!("{}:<version>", reference.name),
    };
    match reference.tag.as_deref() {
        None => out.push(
            ctx.at(
                &DL3006,
                from,
                column,
                format!("image {image} has no tag, so it means {image}:latest and changes under you: pin a version such as {example}"),
            )
            .with_fix(format!("pin a version such as {example}")),
        ),
        Some("latest") => out.push(
            ctx.at(
                &DL3007,
                from,
                column,
                format!("image {image} uses the moving tag latest: pin a version such as {example}"),
            )
            .with_fix(format!("pin a version such as {example}")),
        ),
        Some(_) => {}
    }
}

/// DL3061: instructions other than ARG before the first FROM.
fn before_first_from(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for instruction in &ctx.build.df.instructions {
        match instruction.keyword {
            Keyword::From => break,
            Keyword::Arg | Keyword::Unknown => {}
            keyword => out.push(
                ctx.at(
                    &DL3061,
                    instruction,
                    instruction.column,
                    format!("{} comes before the first FROM: only ARG may precede FROM, so start the stage first", keyword.as_str()),
                ),
            ),
        }
    }
}
