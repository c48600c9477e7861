//! Rules about the settings an image runs with: its user, working directory,
//! command, ports, health check, environment and labels.

use std::collections::{HashMap, HashSet};

use super::{replace_line, Context};
use crate::validate::dockerfile::expand::references;
use crate::validate::dockerfile::stages::Scope;
use crate::validate::dockerfile::syntax::{Args, Command, Instruction, Keyword};
use crate::validate::{Diagnostic, Fix, Rule, Severity};

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

pub const DL3064: Rule = Rule {
    id: "DL3064",
    title: "no secrets in ARG or ENV",
    severity: Severity::Warning,
    why: "ENV values stay in the image config and ARG values in its build history, both readable by anyone who pulls the image, whether the value is a default or passed with --build-arg. Give a secret to the one RUN that needs it with `RUN --mount=type=secret`, and to the service at run time from a Kubernetes Secret. As in hadolint, names are matched against known credential variables and words such as token, secret and password.",
    bad_example: "FROM alpine:3.22\nARG GITHUB_TOKEN\nRUN --mount=type=cache,target=/go/pkg/mod go mod download",
    good_example: "FROM alpine:3.22\nRUN --mount=type=secret,id=github_token,env=GITHUB_TOKEN --mount=type=cache,target=/go/pkg/mod go mod download",
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
    // ARG names declared so far in the file, in any stage (as hadolint's DL3066
    // counts them): a USER that refers to one is left to the build.
    let mut args: HashSet<&str> = build.globals.iter().map(|p| p.key.as_str()).collect();
    for stage in &build.stages {
        let mut last_user: Option<&Instruction> = None;
        let mut first_cmd: Option<u32> = None;
        let mut first_entrypoint: Option<u32> = None;
        let mut first_healthcheck: Option<u32> = None;
        for (index, instruction) in build.body(stage) {
            match (&instruction.keyword, &instruction.args) {
                (Keyword::Arg, Args::Pairs(pairs)) => {
                    args.extend(pairs.iter().map(|p| p.key.as_str()));
                }
                (Keyword::User, Args::Text(user)) => {
                    last_user = Some(instruction);
                    numeric_user(
                        ctx,
                        &build.scope(stage, index),
                        instruction,
                        user,
                        &args,
                        out,
                    );
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
    secret_names(ctx, out);
}

/// Credential variables hadolint 2.15.1 knows by name (compared in upper case).
const KNOWN_SECRET_NAMES: [&str; 48] = [
    "ACCESS_TOKEN",
    "APPLICATION_KEY",
    "APP_SECRET",
    "AUTH_TOKEN",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "BITTREX_API_KEY",
    "BITTREX_API_SECRET",
    "CF_PASSWORD",
    "CF_USERNAME",
    "CIRCLE_TOKEN",
    "CI_DEPLOY_PASSWORD",
    "CI_DEPLOY_USER",
    "DOCKERHUB_PASSWORD",
    "DOCKER_EMAIL",
    "DOCKER_PASSWORD",
    "DOCKER_USERNAME",
    "FACEBOOK_ACCESS_TOKEN",
    "FACEBOOK_APP_ID",
    "FACEBOOK_APP_SECRET",
    "FIREBASE_API_TOKEN",
    "FIREBASE_TOKEN",
    "FOSSA_API_KEY",
    "GH_ENTERPRISE_TOKEN",
    "GH_TOKEN",
    "GITHUB_ENTERPRISE_TOKEN",
    "GITHUB_TOKEN",
    "HEROKU_API_KEY",
    "HEROKU_API_USER",
    "NPM_AUTH_TOKEN",
    "NPM_TOKEN",
    "OKTA_AUTHN_GROUPID",
    "OKTA_CLIENT_ORGURL",
    "OKTA_CLIENT_TOKEN",
    "OKTA_OAUTH2_CLIENTID",
    "OKTA_OAUTH2_CLIENTSECRET",
    "OPENAI_API_KEY",
    "OS_PASSWORD",
    "OS_USERNAME",
    "POSTGRES_PASSWORD",
    "SLACK_TOKEN",
    "STRIPE_API_KEY",
    "STRIPE_DEVICE_NAME",
    "TRAVIS_OS_NAME",
    "TRAVIS_SECURE_ENV_VARS",
    "TRAVIS_SUDO",
    "VAULT_CLIENT_KEY",
    "VAULT_TOKEN",
];

/// Words that make hadolint 2.15.1 read a name as a secret (compared in lower case).
const SECRET_NAME_WORDS: [&str; 7] = [
    "api_key",
    "client_key",
    "password",
    "private",
    "secret",
    "token",
    "username",
];

/// Go settings that hold module path patterns, not secrets, though hadolint's
/// match on "private" catches them.
const GO_MODULE_PATTERNS: [&str; 2] = ["GOPRIVATE", "GONOPRIVATE"];

/// Whether hadolint's DL3064 reads a variable name as holding a secret.
fn looks_secret(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    KNOWN_SECRET_NAMES.contains(&name.to_ascii_uppercase().as_str())
        || SECRET_NAME_WORDS.iter().any(|w| lower.contains(w))
}

/// DL3064: ARG and ENV (also as ONBUILD triggers) whose names look like secrets,
/// one finding per instruction naming them all.
fn secret_names(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for instruction in &ctx.build.df.instructions {
        let declared = match &instruction.args {
            Args::Onbuild(inner) => inner,
            _ => instruction,
        };
        let keyword = declared.keyword;
        let (Keyword::Arg | Keyword::Env, Args::Pairs(pairs)) = (keyword, &declared.args) else {
            continue;
        };
        let names: Vec<String> = pairs
            .iter()
            .filter(|p| looks_secret(&p.key))
            .map(|p| p.key.clone())
            .collect();
        let Some(first) = names.first() else {
            continue;
        };
        let (kept, instead) = if keyword == Keyword::Arg {
            (
                "build args are recorded in the image history",
                "pass it to the RUN that needs it with RUN --mount=type=secret",
            )
        } else {
            (
                "ENV values stay in the image config",
                "pass it at run time from a Kubernetes Secret",
            )
        };
        let named = if names.len() == 1 { "is" } else { "are" };
        if names
            .iter()
            .all(|n| GO_MODULE_PATTERNS.contains(&n.as_str()))
        {
            // Go's own settings that merely contain "private": say so rather
            // than call a module path a secret.
            out.push(
                ctx.at(
                    &DL3064,
                    instruction,
                    instruction.column_of(first),
                    format!(
                        "{} {} {named} read as a secret by hadolint's name match (it contains \"private\"), but Go reads module path patterns from it, which are safe in the image: silence it with # hadolint ignore=DL3064 above the line",
                        keyword.as_str(),
                        super::list(&names)
                    ),
                )
                .with_fix("add # hadolint ignore=DL3064 on the line above"),
            );
            continue;
        }
        out.push(
            ctx.at(
                &DL3064,
                instruction,
                instruction.column_of(first),
                format!(
                    "{} {} {named} named like a secret, and {kept} for anyone who pulls the image to read: {instead}",
                    keyword.as_str(),
                    super::list(&names)
                ),
            )
            .with_fix(instead),
        );
    }
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

/// Shell builtins: as the first word they are no program exec form could run.
const BUILTINS: [&str; 22] = [
    ".", "alias", "break", "builtin", "cd", "command", "continue", "eval", "exec", "exit",
    "export", "hash", "local", "read", "return", "set", "shift", "source", "trap", "ulimit",
    "umask", "unset",
];

/// An exec-form array as Dockerfiles write it: `["a", "b"]`.
fn json_words<S: AsRef<str>>(words: &[S]) -> String {
    let quoted: Vec<String> = words
        .iter()
        .map(|w| serde_json::Value::String(w.as_ref().to_owned()).to_string())
        .collect();
    format!("[{}]", quoted.join(", "))
}

/// The exec form that runs exactly what shell-form `text` runs, if there is
/// one: the text is plain words (no quotes, expansions, globs, operators or
/// redirections, no leading `NAME=value` and no builtin), so `/bin/sh -c`
/// would only split it at spaces.
fn exec_equivalent(text: &str) -> Option<String> {
    let plain = text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '\t' || "-_./:=,@%+".contains(c));
    let words: Vec<&str> = text.split_whitespace().collect();
    let first = words.first()?;
    (plain && !first.contains('=') && !BUILTINS.contains(first)).then(|| json_words(&words))
}

/// What a shell-form text written as JSON with single quotes was meant to be:
/// `['/app', '-v']` is not JSON, so Docker runs it with `/bin/sh -c` (where it
/// fails); with double quotes it is the exec form its author wrote.
fn single_quoted_json(text: &str) -> Option<String> {
    let t = text.trim();
    if !(t.starts_with('[') && t.ends_with(']') && t.contains('\'')) || t.contains(['"', '\\']) {
        return None;
    }
    let words: Vec<String> = serde_json::from_str(&t.replace('\'', "\"")).ok()?;
    (!words.is_empty()).then(|| json_words(&words))
}

/// The first piece of shell syntax in `text`, to name in a message.
fn shell_syntax(text: &str) -> String {
    for operator in [
        "&&", "||", "|", ";", "$(", "${", "$", "`", ">", "<", "&", "*", "?", "~",
    ] {
        if text.contains(operator) {
            return operator.to_owned();
        }
    }
    let first = text.split_whitespace().next().unwrap_or("");
    if first.contains('=') {
        format!("the assignment {first}")
    } else if BUILTINS.contains(&first) {
        format!("the builtin {first}")
    } else {
        "quoting".to_owned()
    }
}

/// DL3025: shell-form CMD, ENTRYPOINT and HEALTHCHECK CMD. The fix is offered
/// only where an exec form means the same (plain words), or where the author
/// clearly meant exec form and wrote single quotes.
fn exec_form(
    ctx: &Context,
    instruction: &Instruction,
    command: &Command,
    out: &mut Vec<Diagnostic>,
) {
    let Command::Shell(text) = command else {
        return;
    };
    let healthcheck = instruction.keyword == Keyword::Healthcheck;
    let keyword = match instruction.keyword {
        Keyword::Healthcheck => "HEALTHCHECK CMD",
        k => k.as_str(),
    };
    let effect = if healthcheck {
        "needs /bin/sh in the image, which scratch and distroless do not have"
    } else {
        "runs under /bin/sh as PID 1, so SIGTERM never reaches the server"
    };
    let (message, json) = if let Some(json) = single_quoted_json(text) {
        let message = format!("{keyword} {text} is not JSON (JSON strings take double quotes), so Docker runs it as a shell command, which fails; write {keyword} {json}");
        (message, Some(json))
    } else if let Some(json) = exec_equivalent(text) {
        let message =
            format!("{keyword} {text} is in shell form and {effect}: write {keyword} {json}");
        (message, Some(json))
    } else {
        let instead = if healthcheck {
            "let the server check itself, such as HEALTHCHECK CMD [\"/app/server\", \"-healthcheck\"]"
        } else {
            "move it into the program or a script that ends with exec, and write the exec form, such as CMD [\"/app/server\"]"
        };
        let message = format!(
            "{keyword} {text} is in shell form and {effect}; it uses shell syntax ({}), so no exec form means the same: {instead}",
            shell_syntax(text)
        );
        (message, None)
    };
    let mut d = ctx.at(&DL3025, instruction, instruction.column, message);
    d.fix = json.map(|json| {
        let description = format!("write {keyword} {json}");
        // Only the command is replaced: the keyword, HEALTHCHECK's flags and
        // the indentation stay as written.
        let line = instruction.first_line.trim_end();
        match line.strip_suffix(text.as_str()) {
            Some(head) if instruction.is_single_line() => Fix {
                description,
                replacement_line: Some(format!("{head}{json}")),
            },
            _ => Fix {
                description,
                replacement_line: None,
            },
        }
    });
    out.push(d);
}

/// DL3066: a user name where a numeric id belongs. As in hadolint, a USER that
/// refers to a build ARG (`USER ${APP_UID}`) is left to the build, which supplies
/// the number.
fn numeric_user(
    ctx: &Context,
    scope: &Scope,
    instruction: &Instruction,
    user: &str,
    args: &HashSet<&str>,
    out: &mut Vec<Diagnostic>,
) {
    let uid = user.split(':').next().unwrap_or(user);
    let refs = written_references(user);
    if uid.chars().all(|c| c.is_ascii_digit()) || refs.iter().any(|r| args.contains(r)) {
        return;
    }
    let expanded = scope.expand(user).value;
    let expanded_uid = expanded.split(':').next().unwrap_or("");
    let numeric = !expanded_uid.is_empty() && expanded_uid.chars().all(|c| c.is_ascii_digit());
    let (message, fix) = if refs.is_empty() || !numeric {
        (
            format!("USER {user} names the user instead of its numeric id, which Kubernetes runAsNonRoot cannot verify: use a uid such as USER 65532:65532"),
            "use the numeric uid (and gid)".to_owned(),
        )
    } else {
        (
            format!("USER {user} takes the uid from an ENV rather than a build ARG, so the Dockerfile shows no numeric user where it sets one: write USER {expanded}"),
            format!("write USER {expanded}"),
        )
    };
    out.push(
        ctx.at(&DL3066, instruction, instruction.column_of(uid), message)
            .with_fix(fix),
    );
}

/// The variables a text names the way hadolint reads them: `$NAME` (the longest
/// name) and `${NAME}`, anywhere, quotes and escapes notwithstanding; `${NAME:-x}`
/// and other operators are not counted.
fn written_references(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let name_end = |from: usize| {
        let mut i = from;
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
            i += 1;
        }
        i
    };
    let mut refs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'$' {
            i += 1;
            continue;
        }
        let braced = bytes.get(i + 1) == Some(&b'{');
        let start = i + 1 + usize::from(braced);
        let end = name_end(start);
        if end > start && (!braced || bytes.get(end) == Some(&b'}')) {
            refs.push(&text[start..end]);
        }
        i = end.max(i + 1);
    }
    refs
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
/// words that are not numbers (`$PORT` unresolved) are left alone, and numbers
/// of any length are read (`99999999999999999999` is no port).
pub fn valid_port(word: &str) -> bool {
    let port = word.split('/').next().unwrap_or(word);
    port.split('-').all(|p| {
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
            return true;
        }
        let significant = p.trim_start_matches('0');
        significant.len() <= 5 && significant.parse::<u32>().map_or(true, |n| n <= 65535)
    })
}

/// DL3044: an ENV value that refers to a name the same ENV defines (and that was
/// not defined before, by an earlier ENV or ARG anywhere in the file). A value
/// refers to a name as Docker reads it (`${NAME:-x}` too), or as hadolint does
/// (`$NAME` and `${NAME}` even in single quotes or escaped, which Docker keeps
/// literal: then the message says so).
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
        // The first (defining pair, using pair) in order, and whether Docker
        // would expand the reference.
        let mut offender: Option<(usize, usize, bool)> = None;
        for (j, user) in pairs.iter().enumerate() {
            let value = user.value.as_deref().unwrap_or("");
            let expanded = references(value, escape);
            let expanded_names: HashSet<&str> = expanded.iter().map(String::as_str).collect();
            let written = written_references(value);
            let names = expanded_names.iter().map(|r| (*r, true));
            for (name, docker) in names.chain(written.iter().map(|r| (*r, false))) {
                let Some(at) = defining.get(name) else {
                    continue;
                };
                let Some(&i) = at.iter().take(2).find(|i| **i != j) else {
                    continue;
                };
                let docker = docker || expanded_names.contains(name);
                let better = match offender {
                    None => true,
                    Some((bi, bj, _)) => (i, j) < (bi, bj),
                };
                if better {
                    offender = Some((i, j, docker));
                }
            }
        }
        if let Some((i, j, docker)) = offender {
            let (defined_here, user) = (&pairs[i], &pairs[j]);
            let message = if docker {
                format!(
                    "ENV {} uses ${} from the same ENV, where it is not set yet: define {} in an earlier ENV",
                    user.key, defined_here.key, defined_here.key
                )
            } else {
                format!(
                    "ENV {} writes ${} of the same ENV quoted or escaped, which Docker keeps literal but reads as a use of {}: define {} in an earlier ENV, or rename it",
                    user.key, defined_here.key, defined_here.key, defined_here.key
                )
            };
            out.push(
                ctx.at(
                    &DL3044,
                    instruction,
                    instruction.column_of(&user.key),
                    message,
                )
                .with_fix(format!(
                    "move {} to its own ENV line above",
                    defined_here.key
                )),
            );
        }
        defined.extend(pairs.iter().map(|p| p.key.as_str()));
    }
}
