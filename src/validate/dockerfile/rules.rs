//! The Dockerfile rule catalog and what every rule check shares.
//!
//! Rules are grouped by what they look at, one module per family: `syntax`
//! (reported by the parser), `budget` (input beyond the validator's budgets),
//! `base_image` (FROM lines and stages), `copy`
//! (COPY and ADD), `run` (the shell commands of RUN), `settings` (the image's
//! runtime settings: USER, WORKDIR, CMD, EXPOSE...) and `go_service` (our own
//! checks for Go services). Ids are hadolint's where the meaning is the same.

pub mod base_image;
pub mod budget;
pub mod copy;
pub mod go_service;
pub mod hadolint;
pub mod run;
pub mod settings;
pub mod syntax;

use super::shell::{self, Script};
use super::stages::Build;
use super::syntax::{Args, Heredoc, Instruction, Keyword};
use super::Options;
use crate::validate::{Diagnostic, Fix, Rule};

/// Every Dockerfile rule: ours (`GD`) first, then hadolint's, each by id.
pub static RULES: [Rule; 49] = [
    syntax::SYNTAX_ERROR,
    syntax::EMPTY_CONTINUATION_LINE,
    syntax::LEGACY_KEY_VALUE,
    syntax::IGNORED_DIRECTIVE,
    budget::EXPANSION_TOO_LARGE,
    budget::FILE_TOO_LARGE,
    go_service::DEPENDENCIES_AFTER_SOURCES,
    go_service::CGO_WITHOUT_LIBC,
    go_service::EXPOSE_NOT_SERVICE_PORT,
    go_service::FINAL_STAGE_ROOT,
    go_service::SECRET_IN_IMAGE,
    go_service::GLOBAL_ARG_OUT_OF_SCOPE,
    go_service::RUNTIME_NOT_PINNED,
    settings::DL3000,
    settings::DL3002,
    run::DL3003,
    run::DL3004,
    base_image::DL3006,
    base_image::DL3007,
    run::DL3008,
    settings::DL3011,
    settings::DL3012,
    run::DL3014,
    run::DL3015,
    run::DL3018,
    run::DL3019,
    copy::DL3020,
    copy::DL3021,
    copy::DL3022,
    copy::DL3023,
    base_image::DL3024,
    settings::DL3025,
    run::DL3027,
    base_image::DL3029,
    settings::DL3044,
    copy::DL3045,
    run::DL3059,
    base_image::DL3061,
    run::DL3062,
    settings::DL3064,
    base_image::DL3065,
    settings::DL3066,
    copy::DL3067,
    settings::DL4000,
    run::DL4001,
    settings::DL4003,
    settings::DL4004,
    run::DL4005,
    run::DL4006,
];

/// Everything a rule check reads.
pub struct Context<'a> {
    pub file: &'a str,
    pub build: Build<'a>,
    pub options: &'a Options,
    /// The script of each RUN, by instruction index (`None` for other keywords).
    scripts: Vec<Option<Script>>,
    /// The script of each `ONBUILD RUN`, by instruction index.
    triggers: Vec<Option<Script>>,
}

impl<'a> Context<'a> {
    pub fn new(file: &'a str, build: Build<'a>, options: &'a Options) -> Context<'a> {
        let depth = build.limits.max_substitution_depth;
        let scripts = build
            .df
            .instructions
            .iter()
            .map(|i| run_script(i, &i.heredocs, depth))
            .collect();
        let triggers = build
            .df
            .instructions
            .iter()
            .map(|i| match &i.args {
                Args::Onbuild(inner) => run_script(inner, &i.heredocs, depth),
                _ => None,
            })
            .collect();
        Context {
            file,
            build,
            options,
            scripts,
            triggers,
        }
    }

    /// The commands a RUN instruction runs, heredoc scripts included.
    pub fn script(&self, index: usize) -> Option<&Script> {
        self.scripts.get(index).and_then(Option::as_ref)
    }

    /// The commands an `ONBUILD RUN` trigger will run in a later build.
    pub fn trigger(&self, index: usize) -> Option<&Script> {
        self.triggers.get(index).and_then(Option::as_ref)
    }

    /// A finding of `rule` at an instruction, at `column` on its first line.
    pub fn at(
        &self,
        rule: &Rule,
        instruction: &Instruction,
        column: u32,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::at(rule, self.file, instruction.line, column, message)
    }
}

/// Runs every rule family.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    base_image::check(ctx, out);
    copy::check(ctx, out);
    run::check(ctx, out);
    settings::check(ctx, out);
    go_service::check(ctx, out);
    // Last: the rules above may have expanded words past a budget.
    budget::check(ctx, out);
}

/// A fix that replaces the instruction's only line, keeping its indentation.
pub fn replace_line(instruction: &Instruction, description: String, line: String) -> Fix {
    Fix {
        description,
        replacement_line: instruction
            .is_single_line()
            .then(|| format!("{}{line}", instruction.indent())),
    }
}

/// The shells that read a heredoc body as a script when it is their input.
const SHELLS: [&str; 6] = ["sh", "bash", "ash", "dash", "zsh", "ksh"];

/// The script a RUN instruction runs: its command line and, when a heredoc is the
/// script itself (`RUN <<EOF` or `RUN <<EOF bash`), the heredoc bodies.
fn run_script(instruction: &Instruction, heredocs: &[Heredoc], max_depth: u32) -> Option<Script> {
    if instruction.keyword != Keyword::Run {
        return None;
    }
    let Args::Command(command) = &instruction.args else {
        return None;
    };
    let mut script = shell::parse_within(&command.text(), max_depth);
    let runs_bodies = match script.commands.first() {
        None => true,
        Some(first) => {
            SHELLS.contains(&first.basename()) && !first.has_flag("c") && script.commands.len() == 1
        }
    };
    if runs_bodies {
        for heredoc in heredocs {
            let body = shell::parse_within(&heredoc.body, max_depth);
            script.pipes += body.pipes;
            script.commands.extend(body.commands);
        }
    }
    Some(script)
}

/// At most this many characters of a value are quoted in a message.
const SHOWN: usize = 60;

/// `text`, shortened with `…` if it is long: for values in messages, which a
/// hostile file can make as long as a budget allows.
pub fn shown(text: &str) -> String {
    match text.char_indices().nth(SHOWN) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// `a`, `a and b`, `a, b and c`: for messages naming several values.
pub fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
