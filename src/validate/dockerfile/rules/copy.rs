//! Rules about COPY and ADD: the right instruction, destinations Docker accepts,
//! and `--from` references that name a real, earlier stage.

use super::{replace_line, Context};
use crate::validate::dockerfile::syntax::{Args, Keyword, Transfer};
use crate::validate::{Diagnostic, Rule, Severity};

pub const DL3020: Rule = Rule {
    id: "DL3020",
    title: "use COPY instead of ADD for files and folders",
    severity: Severity::Error,
    why: "ADD also downloads URLs and unpacks archives; for plain files that hidden behaviour only surprises. COPY does exactly one thing.",
    bad_example: "FROM alpine:3.22\nADD server /app/server",
    good_example: "FROM alpine:3.22\nCOPY server /app/server",
};

pub const DL3021: Rule = Rule {
    id: "DL3021",
    title: "COPY with several sources needs a directory ending in /",
    severity: Severity::Error,
    why: "With more than one source Docker needs a directory destination and rejects the build when it does not end in `/`.",
    bad_example: "FROM golang:1.25-alpine\nWORKDIR /src\nCOPY go.mod go.sum src",
    good_example: "FROM golang:1.25-alpine\nWORKDIR /src\nCOPY go.mod go.sum ./",
};

pub const DL3022: Rule = Rule {
    id: "DL3022",
    title: "COPY --from must name an earlier stage",
    severity: Severity::Warning,
    why: "A `--from` name that is no earlier stage is read as an image name: a typo pulls `builder:latest` from a registry instead of failing.",
    bad_example: "FROM golang:1.25-alpine AS build\nFROM alpine:3.22\nCOPY --from=builder /out/server /app/server",
    good_example: "FROM golang:1.25-alpine AS build\nFROM alpine:3.22\nCOPY --from=build /out/server /app/server",
};

pub const DL3023: Rule = Rule {
    id: "DL3023",
    title: "COPY --from cannot name its own stage",
    severity: Severity::Error,
    why: "A stage cannot copy from itself; Docker reports a circular dependency.",
    bad_example: "FROM golang:1.25-alpine AS build\nCOPY --from=build /src /src",
    good_example: "FROM golang:1.25-alpine AS deps\nFROM golang:1.25-alpine AS build\nCOPY --from=deps /src /src",
};

pub const DL3045: Rule = Rule {
    id: "DL3045",
    title: "COPY to a relative destination without WORKDIR",
    severity: Severity::Warning,
    why: "A relative destination is relative to the base image's working directory, which the Dockerfile does not show and a new base image can change.",
    bad_example: "FROM golang:1.25-alpine\nCOPY . .",
    good_example: "FROM golang:1.25-alpine\nWORKDIR /src\nCOPY . .",
};

pub const DL3067: Rule = Rule {
    id: "DL3067",
    title: "do not copy a whole filesystem from another stage",
    severity: Severity::Warning,
    why: "`COPY --from=build / /` lays every file of the build stage (its OS, caches, toolchain and sources) over this one: the runtime image grows to the builder's size and ships what a multi-stage build is meant to leave behind. Copy the binary and the files it needs.",
    bad_example: "FROM golang:1.25-alpine AS build\nFROM alpine:3.22\nCOPY --from=build / /",
    good_example: "FROM golang:1.25-alpine AS build\nFROM alpine:3.22\nCOPY --from=build /out/server /app/server",
};

/// What Docker's ADD unpacks, as hadolint lists it.
const ARCHIVES: [&str; 15] = [
    ".tar", ".Z", ".bz2", ".gz", ".lz", ".lzma", ".tZ", ".tb2", ".tbz", ".tbz2", ".tgz", ".tlz",
    ".tpz", ".txz", ".xz",
];

/// At most this many earlier stage names are listed in a DL3022 message.
const SHOWN_NAMES: usize = 8;

/// ADD flags that COPY also takes: only then is swapping the keyword safe.
const COPY_COMPATIBLE_FLAGS: [&str; 4] = ["chown", "chmod", "link", "exclude"];

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let build = &ctx.build;
    let inherited = inherited_workdirs(ctx);
    let first_names: Vec<(usize, &str)> = build
        .stages
        .iter()
        .filter_map(|s| s.name.as_deref().map(|name| (s.index, name)))
        .take(SHOWN_NAMES + 1)
        .collect();
    for stage in &build.stages {
        let mut workdir = inherited[stage.index];
        for (index, instruction) in build.body(stage) {
            if instruction.keyword == Keyword::Workdir {
                workdir = true;
            }
            let Args::Transfer(transfer) = &instruction.args else {
                continue;
            };
            let dest = unquote_ends(&transfer.dest);
            if instruction.keyword == Keyword::Add {
                add_not_copy(ctx, index, transfer, out);
                continue;
            }
            if transfer.sources.len() > 1 && !dest.ends_with('/') {
                let mut d = ctx.at(
                    &DL3021,
                    instruction,
                    instruction.column_of(&transfer.dest),
                    format!(
                        "COPY of {} sources to {} needs a directory destination ending in /: write {}/",
                        transfer.sources.len(),
                        transfer.dest,
                        transfer.dest
                    ),
                );
                let text = instruction.first_line.trim();
                if !transfer.json && text.ends_with(transfer.dest.as_str()) {
                    d.fix = Some(replace_line(
                        instruction,
                        format!("write {}/", transfer.dest),
                        format!("{text}/"),
                    ));
                }
                out.push(d);
            }
            if let Some(raw) = instruction.flag("from") {
                from_reference(ctx, &first_names, stage.index, index, raw, out);
                whole_filesystem(ctx, index, raw, transfer, out);
            }
            if !workdir && !absolute(&dest) {
                out.push(
                    ctx.at(
                        &DL3045,
                        instruction,
                        instruction.column_of(&transfer.dest),
                        format!("COPY to the relative destination {} with no WORKDIR in this stage lands wherever the base image's working directory is: set WORKDIR (such as WORKDIR /app) first, or use an absolute path", transfer.dest),
                    )
                    .with_fix("add WORKDIR /app before this COPY"),
                );
            }
        }
    }
}

/// DL3067: `COPY --from=<stage or image> / /`.
fn whole_filesystem(
    ctx: &Context,
    index: usize,
    from: &str,
    transfer: &Transfer,
    out: &mut Vec<Diagnostic>,
) {
    let root = |path: &str| unquote_ends(path) == "/";
    if !root(&transfer.dest) || !transfer.sources.iter().any(|s| root(s)) {
        return;
    }
    let instruction = ctx.build.instruction(index);
    out.push(
        ctx.at(
            &DL3067,
            instruction,
            instruction.column,
            format!("COPY --from={from} / / copies the whole filesystem of {from} over this stage: copy only what the stage needs, such as COPY --from={from} /out/server /app/server"),
        )
        .with_fix("copy the binary and the files it needs, not /"),
    );
}

/// Per stage, whether it starts with a WORKDIR set by a stage it is built on:
/// one pass in order, as a parent always comes before its child.
fn inherited_workdirs(ctx: &Context) -> Vec<bool> {
    let build = &ctx.build;
    let mut sets = Vec::with_capacity(build.stages.len());
    let mut inherited: Vec<bool> = Vec::with_capacity(build.stages.len());
    for stage in &build.stages {
        let from_parent = stage.parent.is_some_and(|p| sets[p] || inherited[p]);
        inherited.push(from_parent);
        sets.push(
            build
                .body(stage)
                .any(|(_, i)| i.keyword == Keyword::Workdir),
        );
    }
    inherited
}

/// Drops surrounding quotes, as hadolint reads paths.
fn unquote_ends(path: &str) -> String {
    path.trim_matches(|c| c == '"' || c == '\'').to_owned()
}

/// Absolute on Linux or Windows, or a variable (which may well be absolute).
fn absolute(path: &str) -> bool {
    let mut chars = path.chars();
    path.starts_with('/')
        || path.starts_with('$')
        || (chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.next() == Some(':')
            && matches!(chars.next(), Some('/' | '\\')))
}

/// DL3020: ADD of plain local files.
fn add_not_copy(ctx: &Context, index: usize, transfer: &Transfer, out: &mut Vec<Diagnostic>) {
    let instruction = ctx.build.instruction(index);
    let plain: Vec<&String> = transfer
        .sources
        .iter()
        .filter(|s| {
            let s = unquote_ends(s);
            !(s.starts_with("http://")
                || s.starts_with("https://")
                || ARCHIVES.iter().any(|ext| s.ends_with(ext)))
        })
        .collect();
    let Some(first) = plain.first() else {
        return;
    };
    let mut d = ctx.at(
        &DL3020,
        instruction,
        instruction.column,
        format!("ADD {first} copies a local file or folder: use COPY, which only copies (ADD also fetches URLs and unpacks archives)"),
    );
    let urls = plain.iter().any(|s| s.contains("://") || s.contains('@'));
    let flags_ok = instruction
        .flags
        .iter()
        .all(|f| COPY_COMPATIBLE_FLAGS.contains(&f.name.to_ascii_lowercase().as_str()));
    let text = instruction.first_line.trim();
    let keyword_len = instruction.keyword_text.len();
    if plain.len() == transfer.sources.len() && !urls && flags_ok && text.len() >= keyword_len {
        d.fix = Some(replace_line(
            instruction,
            "use COPY".to_owned(),
            format!("COPY{}", &text[keyword_len..]),
        ));
    } else {
        d = d.with_fix("use COPY for local files");
    }
    out.push(d);
}

/// DL3022 and DL3023 for one `COPY --from=` value.
///
/// `first_names` are the first stage names of the file (with their stages), enough
/// to list the earlier ones in a message without a scan per COPY.
fn from_reference(
    ctx: &Context,
    first_names: &[(usize, &str)],
    stage: usize,
    index: usize,
    raw: &str,
    out: &mut Vec<Diagnostic>,
) {
    let build = &ctx.build;
    let instruction = build.instruction(index);
    let scope = build.scope(&build.stages[stage], index);
    let expanded = scope.expand(raw);
    if expanded.unknown {
        return;
    }
    let value = expanded.value.to_ascii_lowercase();
    let column = instruction.column_of("--from");
    let own = &build.stages[stage];
    if own.name.as_deref() == Some(value.as_str()) || value == stage.to_string() {
        out.push(ctx.at(
            &DL3023,
            instruction,
            column,
            format!("COPY --from={raw} copies from the stage it is in: name an earlier stage"),
        ));
        return;
    }
    let image = value.contains(':') || value.contains('@');
    let number = !value.is_empty() && value.chars().all(|c| c.is_ascii_digit());
    if image || number {
        return;
    }
    // The first stage of that name: earlier is fine, later is a stage defined
    // further down (a name is never a number, so this is a name lookup).
    let named = build.stage_named(&value);
    if named.is_some_and(|s| s < stage) {
        return;
    }
    let later = named.is_some_and(|s| s > stage);
    let message = if later {
        format!(
            "COPY --from={raw} names a stage defined further down: move that stage above this one"
        )
    } else if value.is_empty() {
        format!("COPY --from={raw} expands to nothing: name an earlier stage")
    } else {
        let mut names: Vec<String> = first_names
            .iter()
            .filter(|(index, _)| *index < stage)
            .map(|(_, name)| (*name).to_owned())
            .collect();
        if names.len() > SHOWN_NAMES {
            names.truncate(SHOWN_NAMES);
            names.push("more".to_owned());
        }
        let known = if names.is_empty() {
            "no earlier stage has a name".to_owned()
        } else {
            format!("earlier stages are {}", super::list(&names))
        };
        format!("COPY --from={raw} names no earlier stage ({known}): fix the name, or if {value} is an image give it a tag such as {value}:1.0")
    };
    out.push(ctx.at(&DL3022, instruction, column, message));
}
