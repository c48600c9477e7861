//! Rules about the shell commands of RUN: package installs that are pinned and
//! leave no cache, no `cd`, `sudo` or `apt`, pipes that fail loudly, and layers
//! that are worth joining.

use std::collections::BTreeSet;

use super::{list, replace_line, Context};
use crate::validate::dockerfile::shell::{self, Script, SimpleCommand};
use crate::validate::dockerfile::syntax::{Args, Flag, Instruction, Keyword};
use crate::validate::{Diagnostic, Fix, Rule, Severity};

pub const DL3003: Rule = Rule {
    id: "DL3003",
    title: "use WORKDIR to switch to a directory",
    severity: Severity::Warning,
    why: "`cd` lasts only until the end of its RUN; WORKDIR states the directory for every later instruction and is visible in the image's config.",
    bad_example: "FROM golang:1.25-alpine\nRUN cd /src && go build -o /out/server .",
    good_example: "FROM golang:1.25-alpine\nWORKDIR /src\nRUN go build -o /out/server .",
};

pub const DL3004: Rule = Rule {
    id: "DL3004",
    title: "do not use sudo",
    severity: Severity::Error,
    why: "The build already runs as root until a USER says otherwise; sudo adds a setuid binary and tty-dependent behaviour. To drop privileges at run time use USER, or gosu/su-exec.",
    bad_example: "FROM alpine:3.22\nRUN sudo apk add --no-cache git=2.49.1-r0",
    good_example: "FROM alpine:3.22\nRUN apk add --no-cache git=2.49.1-r0",
};

pub const DL3008: Rule = Rule {
    id: "DL3008",
    title: "pin versions in apt-get install",
    severity: Severity::Warning,
    why: "Unpinned packages make the image depend on the day it was built; a pinned version rebuilds the same.",
    bad_example: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends ca-certificates",
    good_example: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends ca-certificates=20230311",
};

pub const DL3014: Rule = Rule {
    id: "DL3014",
    title: "use apt-get install -y",
    severity: Severity::Warning,
    why: "Without `-y` apt-get asks for confirmation, which a build cannot give; the build fails or hangs.",
    bad_example: "FROM debian:bookworm-slim\nRUN apt-get install --no-install-recommends git=1:2.39.5-0+deb12u2",
    good_example: "FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends git=1:2.39.5-0+deb12u2",
};

pub const DL3015: Rule = Rule {
    id: "DL3015",
    title: "use apt-get install --no-install-recommends",
    severity: Severity::Info,
    why: "Recommended packages are rarely needed in a container and make the image bigger, slower to pull and larger to scan.",
    bad_example: "FROM debian:bookworm-slim\nRUN apt-get install -y git=1:2.39.5-0+deb12u2",
    good_example: "FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends git=1:2.39.5-0+deb12u2",
};

pub const DL3018: Rule = Rule {
    id: "DL3018",
    title: "pin versions in apk add",
    severity: Severity::Warning,
    why: "Unpinned packages make the image depend on the day it was built; `apk add git=2.49.1-r0` rebuilds the same.",
    bad_example: "FROM alpine:3.22\nRUN apk add --no-cache ca-certificates",
    good_example: "FROM alpine:3.22\nRUN apk add --no-cache ca-certificates=20250619-r0",
};

pub const DL3019: Rule = Rule {
    id: "DL3019",
    title: "use apk add --no-cache",
    severity: Severity::Info,
    why: "Without `--no-cache` the package index stays in the layer; `--no-cache` fetches it on the fly and keeps the image small.",
    bad_example: "FROM alpine:3.22\nRUN apk add ca-certificates=20250619-r0",
    good_example: "FROM alpine:3.22\nRUN apk add --no-cache ca-certificates=20250619-r0",
};

pub const DL3027: Rule = Rule {
    id: "DL3027",
    title: "do not use apt, use apt-get",
    severity: Severity::Warning,
    why: "apt is for people at a terminal: its output and behaviour may change between releases and it warns that it has no stable interface for scripts.",
    bad_example: "FROM debian:bookworm-slim\nRUN apt install -y git=1:2.39.5-0+deb12u2",
    good_example: "FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends git=1:2.39.5-0+deb12u2",
};

pub const DL3062: Rule = Rule {
    id: "DL3062",
    title: "pin versions in go install",
    severity: Severity::Warning,
    why: "`go install example.com/tool` or `@latest` installs whatever version is newest the day the image builds; `@v1.2.3` rebuilds the same tool. Local packages (`./cmd/server`) build from the sources and need no version.",
    bad_example: "FROM golang:1.25-alpine\nRUN go install github.com/go-task/task/v3/cmd/task@latest",
    good_example: "FROM golang:1.25-alpine\nRUN go install github.com/go-task/task/v3/cmd/task@v3.41.0",
};

pub const DL3059: Rule = Rule {
    id: "DL3059",
    title: "join consecutive RUN instructions",
    severity: Severity::Info,
    why: "Each RUN makes a layer; consecutive one-command RUNs with the same flags are cheaper as one. (As in hadolint, a RUN that already chains several commands is left alone.)",
    bad_example: "FROM alpine:3.22\nRUN apk add --no-cache git=2.49.1-r0\nRUN git config --global advice.detachedHead false",
    good_example: "FROM alpine:3.22\nRUN apk add --no-cache git=2.49.1-r0 \\\n && git config --global advice.detachedHead false",
};

pub const DL4001: Rule = Rule {
    id: "DL4001",
    title: "use either wget or curl, not both",
    severity: Severity::Warning,
    why: "Two download tools in one stage do the same job twice and both end up in the image.",
    bad_example: "FROM alpine:3.22\nRUN wget -q -O /tmp/a https://example.com/a\nCOPY x /x\nRUN curl -fsSL -o /tmp/b https://example.com/b",
    good_example: "FROM alpine:3.22\nRUN curl -fsSL -o /tmp/a https://example.com/a\nCOPY x /x\nRUN curl -fsSL -o /tmp/b https://example.com/b",
};

pub const DL4005: Rule = Rule {
    id: "DL4005",
    title: "use SHELL to change the default shell",
    severity: Severity::Warning,
    why: "Relinking /bin/sh changes the shell for everything in the image behind Docker's back; SHELL changes it for RUN only, visibly.",
    bad_example: "FROM debian:bookworm-slim\nRUN ln -sf /bin/bash /bin/sh",
    good_example: "FROM debian:bookworm-slim\nSHELL [\"/bin/bash\", \"-c\"]",
};

pub const DL4006: Rule = Rule {
    id: "DL4006",
    title: "set -o pipefail before RUN with a pipe",
    severity: Severity::Warning,
    why: "A pipeline's status is its last command's: `curl ... | tar x` succeeds even when the download failed. With `SHELL [\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]` (bash, ash or zsh) the failure stops the build.",
    bad_example: "FROM alpine:3.22\nRUN wget -qO- https://example.com/tool.tgz | tar xz -C /usr/local/bin",
    good_example: "FROM alpine:3.22\nSHELL [\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]\nRUN wget -qO- https://example.com/tool.tgz | tar xz -C /usr/local/bin",
};

/// What runs a script: a RUN now, or an `ONBUILD RUN` trigger in a later build.
#[derive(Clone, Copy, PartialEq, Eq)]
enum When {
    Now,
    /// hadolint 2.15.1 checks triggers for sudo, apt, apt-get and apk installs,
    /// relinking /bin/sh and curl with wget (among triggers only); not for cd,
    /// pipes or joining layers.
    OnBuild,
}

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let mut previous_run: Option<(BTreeSet<String>, usize)> = None;
    let mut downloaders = Downloaders::default();
    let mut trigger_downloaders = Downloaders::default();
    let mut pipefail = false;
    for (index, instruction) in ctx.build.df.instructions.iter().enumerate() {
        match instruction.keyword {
            Keyword::From => {
                downloaders = Downloaders::default();
                trigger_downloaders = Downloaders::default();
                pipefail = false;
            }
            Keyword::Shell => {
                if let Args::Shell(words) = &instruction.args {
                    pipefail = shell_fails_pipes(words);
                }
            }
            _ => {}
        }
        if let (Some(script), Args::Onbuild(inner)) = (ctx.trigger(index), &instruction.args) {
            commands(ctx, instruction, &inner.flags, script, When::OnBuild, out);
            trigger_downloaders.check(ctx, instruction, script, out);
        }
        let Some(script) = ctx.script(index) else {
            previous_run = None;
            continue;
        };
        let flags: BTreeSet<String> = instruction
            .flags
            .iter()
            .map(|f| format!("{}={}", f.name, f.value.as_deref().unwrap_or("")))
            .collect();
        let count = script.commands.len();
        match &previous_run {
            Some((prev_flags, prev_count))
                if *prev_flags == flags && count <= 1 && *prev_count <= 1 =>
            {
                out.push(ctx.at(
                    &DL3059,
                    instruction,
                    instruction.column,
                    "RUN follows another single-command RUN with the same flags: join them with && into one layer",
                ));
            }
            _ => previous_run = Some((flags, count)),
        }
        commands(ctx, instruction, &instruction.flags, script, When::Now, out);
        downloaders.check(ctx, instruction, script, out);
        if script.pipes > 0 && !pipefail {
            out.push(
                ctx.at(
                    &DL4006,
                    instruction,
                    instruction.column_of("|"),
                    "RUN has a pipe but the shell runs without -o pipefail, so a failure before the last command goes unnoticed: set SHELL [\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"] (or bash) first",
                )
                .with_fix("add SHELL [\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"] before this RUN (bash works the same)"),
            );
        }
    }
}

/// DL4001: the download tools a stage's RUNs (or, apart, its triggers) used.
#[derive(Default)]
struct Downloaders {
    curl: bool,
    wget: bool,
}

impl Downloaders {
    /// Notes the tools `script` uses; reports each RUN that uses one once both
    /// have been seen.
    fn check(
        &mut self,
        ctx: &Context,
        instruction: &Instruction,
        script: &Script,
        out: &mut Vec<Diagnostic>,
    ) {
        let used = script
            .commands
            .iter()
            .map(|c| c.name.as_str())
            .find(|n| *n == "curl" || *n == "wget");
        for command in &script.commands {
            self.curl |= command.name == "curl";
            self.wget |= command.name == "wget";
        }
        if let (Some(tool), true) = (used, self.curl && self.wget) {
            out.push(ctx.at(
                &DL4001,
                instruction,
                instruction.column_of(tool),
                "this stage downloads with both curl and wget: pick one so only one tool ends up in the image",
            ).with_fix("use curl everywhere (or wget everywhere)"));
        }
    }
}

/// Whether a SHELL makes pipelines fail: a non-POSIX shell (PowerShell, cmd),
/// or bash, zsh or ash with `-o pipefail`.
fn shell_fails_pipes(words: &[String]) -> bool {
    let text = words.join(" ");
    if ["pwsh", "powershell", "cmd"]
        .iter()
        .any(|s| text.starts_with(s))
    {
        return true;
    }
    shell::parse(&text).commands.iter().any(|c| {
        ["bash", "zsh", "ash"].contains(&c.basename()) && c.has_flag("o") && c.has_arg("pipefail")
    })
}

/// The package arguments of `tool verb ...`, without flags and without the
/// values of the flags listed in `valued` (given as separate words).
fn packages<'c>(command: &'c SimpleCommand, verb: &str, valued: &[&str]) -> Vec<&'c str> {
    let mut packages = Vec::new();
    let mut skip_next = false;
    for arg in &command.args {
        if skip_next {
            skip_next = false;
            continue;
        }
        if arg.starts_with('-') && arg != "-" {
            let name = arg.trim_start_matches('-');
            skip_next = !name.contains('=') && valued.contains(&name);
            continue;
        }
        if arg != verb {
            packages.push(arg.as_str());
        }
    }
    packages
}

/// A fix that is only a sentence.
fn hint(text: &str) -> Option<Fix> {
    Some(Fix {
        description: text.to_owned(),
        replacement_line: None,
    })
}

fn is(command: &SimpleCommand, name: &str, verb: &str) -> bool {
    command.name == name && command.has_arg(verb)
}

/// Whether apt-get will not stop to ask: `-y`, `--yes` or `--assume-yes`, or
/// quiet level 2 (`-qq`, `-q -q`, `--quiet --quiet`, `-q=2`), which implies
/// `-y`. Counted as hadolint 2.15.1 counts: exactly two `q` letters, or exactly
/// two `--quiet`, or `-q=2`; a lone `-q` only hides progress and still asks.
fn assumes_yes(command: &SimpleCommand) -> bool {
    let flags = command.flags();
    let count = |name: &str| flags.iter().filter(|f| **f == name).count();
    flags
        .iter()
        .any(|f| matches!(*f, "y" | "yes" | "assume-yes"))
        || count("q") == 2
        || count("quiet") == 2
        || command.has_arg("-q=2")
}

/// Whether an apk package argument pins what it installs: a version
/// constraint (`git=2.49.1-r0`, `git~2.49`, `"git<3"`) or a package file
/// (`./tool.apk`, a URL ending in `.apk`).
fn apk_pinned(package: &str) -> bool {
    package.contains(['=', '~', '<', '>']) || package.ends_with(".apk")
}

/// Whether a RUN keeps apk's package index out of the layer with a cache or
/// tmpfs mount on /var/cache/apk (or below), as `--no-cache` would.
fn mounts_apk_cache(flags: &[Flag]) -> bool {
    flags
        .iter()
        .filter(|f| f.name.eq_ignore_ascii_case("mount"))
        .filter_map(|f| f.value.as_deref())
        .any(|mount| {
            let mut kind = "bind";
            let mut target = "";
            for option in mount.split(',') {
                match option.split_once('=') {
                    Some(("type", v)) => kind = v,
                    Some(("target" | "dst" | "destination", v)) => target = v,
                    _ => {}
                }
            }
            let target = target.trim_matches(|c| c == '"' || c == '\'');
            let target = match target.trim_end_matches('/') {
                "" => target,
                trimmed => trimmed,
            };
            matches!(kind, "cache" | "tmpfs")
                && (target == "/var/cache/apk" || target.starts_with("/var/cache/apk/"))
        })
}

/// The per-RUN command rules, for a RUN or (the rules hadolint applies to
/// them) an `ONBUILD RUN` trigger; `flags` are the RUN's own.
fn commands(
    ctx: &Context,
    instruction: &Instruction,
    flags: &[Flag],
    script: &Script,
    when: When,
    out: &mut Vec<Diagnostic>,
) {
    // Once per RUN, not per apk command: a RUN can have many of each.
    let apk_cache = mounts_apk_cache(flags);
    let mut no_cache_reported = false;
    let mut seen = BTreeSet::new();
    let mut report = |rule: &Rule, command: &SimpleCommand, message: String, fix: Option<Fix>| {
        if seen.insert(rule.id) {
            let mut d = ctx.at(
                rule,
                instruction,
                instruction.column_of(&command.name),
                message,
            );
            d.fix = fix;
            out.push(d);
        }
    };
    for command in &script.commands {
        match command.name.as_str() {
            "cd" if when == When::Now => {
                let target = command.operands().next().unwrap_or("/dir").to_owned();
                report(
                    &DL3003,
                    command,
                    format!("RUN changes directory with cd {target}, which lasts only for this RUN: use WORKDIR {target}"),
                    hint(&format!("use WORKDIR {target} before the RUN")),
                );
            }
            "sudo" => report(
                &DL3004,
                command,
                "RUN uses sudo, but the build already runs as root until a USER line: drop sudo"
                    .to_owned(),
                None,
            ),
            "apt" => report(
                &DL3027,
                command,
                format!(
                    "RUN uses apt {}, which has no stable interface for scripts: use apt-get",
                    command.args.first().map_or("", String::as_str)
                ),
                hint("use apt-get (or apt-cache)"),
            ),
            _ => {}
        }
        if is(command, "apt-get", "install") {
            let unpinned: Vec<String> = packages(command, "install", &["t", "target-release"])
                .into_iter()
                .filter(|p| !(p.contains('=') || p.contains('/') || p.ends_with(".deb")))
                .map(str::to_owned)
                .collect();
            if !unpinned.is_empty() {
                report(
                    &DL3008,
                    command,
                    format!(
                        "apt-get install leaves {} unpinned: pin each as package=version",
                        list(&unpinned)
                    ),
                    hint("pin versions, such as git=1:2.39.5-0+deb12u2"),
                );
            }
            if !assumes_yes(command) {
                report(
                    &DL3014,
                    command,
                    "apt-get install without -y (or quiet level 2, -qq) waits for a confirmation a build cannot give: add -y".to_owned(),
                    hint("add -y"),
                );
            }
            if !command.has_flag("no-install-recommends")
                && !command.has_arg("APT::Install-Recommends=false")
            {
                report(
                    &DL3015,
                    command,
                    "apt-get install without --no-install-recommends also installs recommended packages: add --no-install-recommends".to_owned(),
                    hint("add --no-install-recommends"),
                );
            }
        }
        if is(command, "apk", "add") {
            let unpinned: Vec<String> =
                packages(command, "add", &["t", "virtual", "repository", "X"])
                    .into_iter()
                    .filter(|p| !apk_pinned(p))
                    .map(str::to_owned)
                    .collect();
            if !unpinned.is_empty() {
                report(
                    &DL3018,
                    command,
                    format!(
                        "apk add leaves {} unpinned: pin each as package=version",
                        list(&unpinned)
                    ),
                    hint("pin versions, such as git=2.49.1-r0"),
                );
            }
            // Reported once per RUN, so its fix (which reads the whole line) is
            // worked out once too.
            if !command.has_flag("no-cache") && !apk_cache && !no_cache_reported {
                no_cache_reported = true;
                let text = instruction.first_line.trim();
                let fix = if text.matches("apk add ").count() == 1 {
                    replace_line(
                        instruction,
                        "use apk add --no-cache".to_owned(),
                        text.replacen("apk add ", "apk add --no-cache ", 1),
                    )
                } else {
                    Fix {
                        description: "use apk add --no-cache".to_owned(),
                        replacement_line: None,
                    }
                };
                report(
                    &DL3019,
                    command,
                    "apk add without --no-cache leaves the package index in the layer: use apk add --no-cache".to_owned(),
                    Some(fix),
                );
            }
        }
        if command.name == "go" && command.has_arg("install") {
            // As hadolint reads them: every word that is no flag, flag values
            // included; local paths need no version, and @latest is none.
            let unpinned: Vec<String> = command
                .operands()
                .filter(|p| *p != "install" && !p.starts_with(['.', '/']))
                .filter(|p| !p.contains('@') || p.ends_with("@latest"))
                .map(str::to_owned)
                .collect();
            if !unpinned.is_empty() {
                report(
                    &DL3062,
                    command,
                    format!(
                        "go install {} installs whatever version is newest when the image builds: pin a version such as @v1.2.3",
                        list(&unpinned)
                    ),
                    hint("pin a version: go install example.com/tool@v1.2.3"),
                );
            }
        }
        if command.name == "ln" && command.has_arg("/bin/sh") {
            report(
                &DL4005,
                command,
                "RUN relinks /bin/sh, changing the shell for the whole image: use SHELL to choose the shell for RUN".to_owned(),
                hint("use SHELL [\"/bin/bash\", \"-c\"]"),
            );
        }
    }
}
