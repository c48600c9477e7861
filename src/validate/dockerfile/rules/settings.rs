//! Rules about the settings an image runs with: its user, working directory,
//! command, ports, health check, environment and labels.

use std::collections::{HashMap, HashSet};

use super::{replace_line, Context};
use crate::validate::dockerfile::expand::references;
use crate::validate::dockerfile::syntax::{Args, Command, Instruction, Keyword};
use crate::validate::{Diagnostic, Rule, Severity};

pub const DL3000: Rule = Rule {
    id: "DL3000",
    title: "use an absolute WORKDIR",
    severity: Severity::Error,
    why: "A relative WORKDIR is relative to the previous one, which comes from the base image: the directory silently changes with it.",
    bad_example: "FROM golang:1.25-alpine\nWORKDIR src",
    good_example: "FROM golang:1.25-alpine\nWORKDIR /src",
};

pub const DL3002: Rule = Rule {
    id: "DL3002",
    title: "the last USER should not be root",
    severity: Severity::Warning,
    why: "A stage that ends as root runs its containers as root: a compromised server then owns the container. As in hadolint, every stage whose last USER is root is reported.",
    bad_example: "FROM alpine:3.22\nUSER root",
    good_example: "FROM alpine:3.22\nUSER root\nRUN adduser -D -u 10001 app\nUSER 10001",
};

pub const DL3011: Rule = Rule {
    id: "DL3011",
    title: "EXPOSE a valid port",
    severity: Severity::Error,
    why: "Ports run from 0 to 65535; anything else is a typo that Docker rejects.",
    bad_example: "FROM alpine:3.22\nEXPOSE 80800",
    good_example: "FROM alpine:3.22\nEXPOSE 8080",
};

pub const DL3012: Rule = Rule {
    id: "DL3012",
    title: "one HEALTHCHECK per stage",
    severity: Severity::Error,
    why: "Only the last HEALTHCHECK counts; an earlier one is dead text that misleads the reader.",
    bad_example:
        "FROM alpine:3.22\nHEALTHCHECK CMD [\"/app/server\", \"-healthcheck\"]\nHEALTHCHECK NONE",
    good_example: "FROM alpine:3.22\nHEALTHCHECK CMD [\"/app/server\", \"-healthcheck\"]",
};

pub const DL3025: Rule = Rule {
    id: "DL3025",
    title: "use JSON (exec) form for CMD, ENTRYPOINT and HEALTHCHECK",
    severity: Severity::Warning,
    why: "Shell form runs the server under `/bin/sh -c`: the shell is PID 1, SIGTERM from Kubernetes never reaches the server (so no graceful shutdown), and scratch or distroless images have no shell at all.",
    bad_example: "FROM alpine:3.22\nENTRYPOINT /app/server",
    good_example: "FROM alpine:3.22\nENTRYPOINT [\"/app/server\"]",
};

pub const DL3044: Rule = Rule {
    id: "DL3044",
    title: "do not use a variable in the ENV that defines it",
    severity: Severity::Error,
    why: "Within one ENV instruction every value is expanded before any is set, so `ENV A=1 B=$A` gives B the old (usually empty) A.",
    bad_example: "FROM alpine:3.22\nENV APP_HOME=/app APP_BIN=$APP_HOME/server",
    good_example: "FROM alpine:3.22\nENV APP_HOME=/app\nENV APP_BIN=$APP_HOME/server",
};

pub const DL3066: Rule = Rule {
    id: "DL3066",
    title: "use a numeric user id",
    severity: Severity::Info,
    why: "Kubernetes `runAsNonRoot` can only verify a numeric user; with `USER nonroot` the kubelet refuses to start the pod. A numeric uid also needs no /etc/passwd in scratch images.",
    bad_example: "FROM gcr.io/distroless/static-debian12:nonroot\nUSER nonroot:nonroot",
    good_example: "FROM gcr.io/distroless/static-debian12:nonroot\nUSER 65532:65532",
};

pub const DL4000: Rule = Rule {
    id: "DL4000",
    title: "MAINTAINER is deprecated",
    severity: Severity::Error,
    why: "MAINTAINER was replaced by labels; `LABEL org.opencontainers.image.authors` is what registries and tools read.",
    bad_example: "FROM alpine:3.22\nMAINTAINER team@example.com",
    good_example: "FROM alpine:3.22\nLABEL org.opencontainers.image.authors=\"team@example.com\"",
};

pub const DL4003: Rule = Rule {
    id: "DL4003",
    title: "one CMD per stage",
    severity: Severity::Warning,
    why: "Only the last CMD takes effect; earlier ones mislead the reader.",
    bad_example: "FROM alpine:3.22\nCMD [\"/app/server\"]\nCMD [\"/app/server\", \"-debug\"]",
    good_example: "FROM alpine:3.22\nCMD [\"/app/server\", \"-debug\"]",
};

pub const DL4004: Rule = Rule {
    id: "DL4004",
    title: "one ENTRYPOINT per stage",
    severity: Severity::Error,
    why: "Only the last ENTRYPOINT takes effect; earlier ones mislead the reader.",
    bad_example: "FROM alpine:3.22\nENTRYPOINT [\"/bin/sh\"]\nENTRYPOINT [\"/app/server\"]",
    good_example: "FROM alpine:3.22\nENTRYPOINT [\"/app/server\"]",
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let build = &ctx.build;
    for stage in &build.stages {
        let mut last_user: Option<&Instruction> = None;
        let mut first_cmd: Option<u32> = None;
        let mut first_entrypoint: Option<u32> = None;
        let mut first_healthcheck: Option<u32> = None;
        for (index, instruction) in build.body(stage) {
            match (&instruction.keyword, &instruction.args) {
                (Keyword::User, Args::Text(user)) => {
                    last_user = Some(instruction);
                    numeric_user(ctx, instruction, user, out);
                }
                (Keyword::Workdir, Args::Text(dir)) => workdir(ctx, instruction, dir, out),
                (Keyword::Expose, Args::Words(ports)) => {
                    let scope = build.scope(stage, index);
                    for port in ports {
                        let e = scope.expand(port);
                        if !e.unknown && !valid_port(&e.value) {
                            out.push(ctx.at(
                                &DL3011,
                                instruction,
                                instruction.column_of(port),
                                format!("EXPOSE {port} is not a port: ports run from 0 to 65535"),
                            ));
                            break;
                        }
                    }
                }
                (Keyword::Cmd | Keyword::Entrypoint, Args::Command(command)) => {
                    let first = if instruction.keyword == Keyword::Cmd {
                        &mut first_cmd
                    } else {
                        &mut first_entrypoint
                    };
                    repeated(ctx, instruction, first, out);
                    exec_form(ctx, instruction, command, out);
                }
                (Keyword::Healthcheck, Args::Healthcheck(command)) => {
                    repeated(ctx, instruction, &mut first_healthcheck, out);
                    if let Some(command) = command {
                        exec_form(ctx, instruction, command, out);
                    }
                }
                (Keyword::Maintainer, Args::Text(name)) => maintainer(ctx, instruction, name, out),
                _ => {}
            }
        }
        if let Some(user) = last_user {
            if let Args::Text(text) = &user.args {
                let name = text.trim_matches(|c| c == '"' || c == '\'');
                let uid = name.split(':').next().unwrap_or(name);
                if uid == "root" || uid == "0" {
                    let which = match &stage.name {
                        Some(n) => format!("stage {n}"),
                        None => format!("the stage on line {}", build.instruction(stage.from).line),
                    };
                    out.push(
                        ctx.at(
                            &DL3002,
                            user,
                            user.column_of(uid),
                            format!("the last USER of {which} is {name}, so its containers run as root: end with a non-root user such as USER 65532:65532"),
                        )
                        .with_fix("switch back to a non-root user, such as USER 65532:65532"),
                    );
                }
            }
        }
    }
    env_self_reference(ctx, out);
}

/// DL4003, DL4004 and DL3012: the second and later of a kind in one stage.
fn repeated(
    ctx: &Context,
    instruction: &Instruction,
    first: &mut Option<u32>,
    out: &mut Vec<Diagnostic>,
) {
    let rule = match instruction.keyword {
        Keyword::Cmd => &DL4003,
        Keyword::Entrypoint => &DL4004,
        _ => &DL3012,
    };
    let keyword = instruction.keyword.as_str();
    match first {
        None => *first = Some(instruction.line),
        Some(line) => out.push(
            ctx.at(
                rule,
                instruction,
                instruction.column,
                format!("this stage already has a {keyword} on line {line} and only the last one takes effect: keep one"),
            )
            .with_fix(format!("remove the earlier {keyword}")),
        ),
    }
}

/// Characters that make shell text more than plain words: with none of them,
/// exec form runs the same command.
fn plain_words(text: &str) -> bool {
    !text.is_empty()
        && text.chars().all(|c| {
            c.is_ascii_alphanumeric() || c.is_ascii_whitespace() || "-_./:=,@%+".contains(c)
        })
}

/// DL3025: shell-form CMD, ENTRYPOINT and HEALTHCHECK CMD.
fn exec_form(
    ctx: &Context,
    instruction: &Instruction,
    command: &Command,
    out: &mut Vec<Diagnostic>,
) {
    let Command::Shell(text) = command else {
        return;
    };
    let keyword = match instruction.keyword {
        Keyword::Healthcheck => "HEALTHCHECK CMD",
        k => k.as_str(),
    };
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| format!("\"{w}\""))
        .collect();
    let json = format!("[{}]", words.join(", "));
    let effect = if instruction.keyword == Keyword::Healthcheck {
        "needs /bin/sh in the image, which scratch and distroless do not have"
    } else {
        "runs under /bin/sh as PID 1, so SIGTERM never reaches the server"
    };
    let mut d = ctx
        .at(
            &DL3025,
            instruction,
            instruction.column,
            format!("{keyword} {text} is in shell form and {effect}: write {keyword} {json}"),
        )
        .with_fix(format!("write {keyword} {json}"));
    if plain_words(text) && instruction.keyword != Keyword::Healthcheck {
        d.fix = Some(replace_line(
            instruction,
            format!("write {keyword} {json}"),
            format!("{} {json}", instruction.keyword_text),
        ));
    }
    out.push(d);
}

/// DL3066: a user name where a numeric id belongs.
fn numeric_user(ctx: &Context, instruction: &Instruction, user: &str, out: &mut Vec<Diagnostic>) {
    let uid = user.split(':').next().unwrap_or(user);
    if uid.chars().all(|c| c.is_ascii_digit()) {
        return;
    }
    out.push(
        ctx.at(
            &DL3066,
            instruction,
            instruction.column_of(uid),
            format!("USER {user} names the user instead of its numeric id, which Kubernetes runAsNonRoot cannot verify: use a uid such as USER 65532:65532"),
        )
        .with_fix("use the numeric uid (and gid)"),
    );
}

/// DL3000: a relative WORKDIR.
fn workdir(ctx: &Context, instruction: &Instruction, dir: &str, out: &mut Vec<Diagnostic>) {
    let path = dir.trim_matches(|c| c == '"' || c == '\'');
    let mut chars = path.chars();
    let windows =
        chars.next().is_some_and(|c| c.is_ascii_alphabetic()) && chars.next() == Some(':');
    if path.starts_with('/') || path.starts_with('$') || windows {
        return;
    }
    out.push(
        ctx.at(
            &DL3000,
            instruction,
            instruction.column_of(dir),
            format!("WORKDIR {dir} is relative, so where it points depends on the base image: use an absolute path such as /{path}"),
        )
        .with_fix(format!("use an absolute path such as /{path}")),
    );
}

/// DL4000: MAINTAINER, with the label that replaces it.
fn maintainer(ctx: &Context, instruction: &Instruction, name: &str, out: &mut Vec<Diagnostic>) {
    let inner = name
        .strip_prefix('"')
        .and_then(|n| n.strip_suffix('"'))
        .unwrap_or(name);
    let value = inner.replace('\\', "\\\\").replace('"', "\\\"");
    let label = format!("LABEL org.opencontainers.image.authors=\"{value}\"");
    let mut d = ctx.at(
        &DL4000,
        instruction,
        instruction.column,
        format!("MAINTAINER {name} is deprecated: use {label}"),
    );
    d.fix = Some(replace_line(instruction, format!("use {label}"), label));
    out.push(d);
}

/// Whether an EXPOSE word (`8080`, `8080/tcp`, `8000-8010`) names valid ports;
/// words that are not numbers (`$PORT` unresolved) are left alone.
pub fn valid_port(word: &str) -> bool {
    let port = word.split('/').next().unwrap_or(word);
    port.split('-').all(|p| match p.parse::<u64>() {
        Ok(n) => n <= 65535,
        Err(_) => true,
    })
}

/// DL3044: an ENV value that refers to a name the same ENV defines (and that was
/// not defined before, by an earlier ENV or ARG anywhere in the file).
///
/// Linear in the pairs: the names each value refers to are read once, and the
/// pairs that define a name are looked up, not scanned.
fn env_self_reference(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let escape = ctx.build.df.escape;
    let mut defined: HashSet<&str> = HashSet::new();
    for instruction in &ctx.build.df.instructions {
        let Args::Pairs(pairs) = &instruction.args else {
            continue;
        };
        match instruction.keyword {
            Keyword::Arg => {
                defined.extend(pairs.iter().map(|p| p.key.as_str()));
                continue;
            }
            Keyword::Env => {}
            _ => continue,
        }
        // The pairs defining each name that is new here, in order.
        let mut defining: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, pair) in pairs.iter().enumerate() {
            if !defined.contains(pair.key.as_str()) {
                defining.entry(pair.key.as_str()).or_default().push(i);
            }
        }
        // The first (defining pair, using pair) in order.
        let mut offender: Option<(usize, usize)> = None;
        for (j, user) in pairs.iter().enumerate() {
            let names = references(user.value.as_deref().unwrap_or(""), escape);
            for name in names.iter().collect::<HashSet<_>>() {
                let Some(at) = defining.get(name.as_str()) else {
                    continue;
                };
                let Some(&i) = at.iter().take(2).find(|i| **i != j) else {
                    continue;
                };
                if offender.is_none_or(|best| (i, j) < best) {
                    offender = Some((i, j));
                }
            }
        }
        if let Some((i, j)) = offender {
            let (defined_here, user) = (&pairs[i], &pairs[j]);
            out.push(
                ctx.at(
                    &DL3044,
                    instruction,
                    instruction.column_of(&user.key),
                    format!(
                        "ENV {} uses ${} from the same ENV, where it is not set yet: define {} in an earlier ENV",
                        user.key, defined_here.key, defined_here.key
                    ),
                )
                .with_fix(format!("move {} to its own ENV line above", defined_here.key)),
            );
        }
        defined.extend(pairs.iter().map(|p| p.key.as_str()));
    }
}
