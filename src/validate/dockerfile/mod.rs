//! Dockerfile validation: a real parser and best-practice rules.
//!
//! [`validate`] parses the text (never failing: what Docker would reject is a
//! `GD1000` finding), works out stages and variable scope, and runs every rule in
//! [`rules()`]. Rules that mean what a hadolint rule means carry its id (`DL3007`);
//! ours are `GD1xxx`. Findings can be silenced the way hadolint users already do:
//! `# hadolint ignore=DL3018,GD1104` on the lines just before an instruction, or
//! `# hadolint global ignore=...` anywhere.
//!
//! Hostile input is bounded by [`Limits`]: a file too large is reported and not
//! read (`GD1005`), an expansion too large or too deep counts as unknown and is
//! reported (`GD1004`), and every pass over the file is linear in its size.
//!
//! Module map: `syntax` (the tree), `parser` (text to tree), `expand` (Docker's
//! word and `$VAR` rules), `shell` (reading RUN commands), `image` (image
//! references), `stages` (stages and scope), `limits` (the input budgets),
//! `rules` (the catalog, by family).

pub mod expand;
pub mod image;
pub mod limits;
pub mod parser;
pub mod rules;
pub mod shell;
pub mod stages;
pub mod syntax;

use std::collections::{HashMap, HashSet};

use super::{Diagnostic, Location, Rule};
pub use limits::Limits;
use syntax::Dockerfile;

/// What the caller knows beyond the text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// The port the service listens on, when known (the design's port): the final
    /// stage should EXPOSE it (`GD1103`).
    pub expected_port: Option<u16>,
}

/// Every Dockerfile rule this validator knows.
pub fn rules() -> &'static [Rule] {
    &rules::RULES
}

/// Parses and checks a Dockerfile within the default budgets ([`Limits::DEFAULT`]);
/// findings name `file_name` and come sorted by line and column.
pub fn validate(file_name: &str, text: &str, options: &Options) -> Vec<Diagnostic> {
    validate_within(file_name, text, options, &Limits::DEFAULT)
}

/// [`validate`] within the given budgets.
pub fn validate_within(
    file_name: &str,
    text: &str,
    options: &Options,
    limits: &Limits,
) -> Vec<Diagnostic> {
    let (dockerfile, mut diagnostics) = parser::parse_within(file_name, text, limits);
    let build = stages::Build::with_limits(&dockerfile, *limits);
    let ctx = rules::Context::new(file_name, build, options);
    rules::check(&ctx, &mut diagnostics);
    let ignored = Ignores::new(&dockerfile);
    diagnostics.retain(|d| !ignored.covers(d));
    diagnostics.sort_by(|a, b| position(a).cmp(&position(b)).then(a.rule.cmp(b.rule)));
    diagnostics
}

fn position(d: &Diagnostic) -> (u32, u32) {
    match &d.location {
        Location::Text { line, column, .. } => (*line, *column),
        Location::Field { .. } => (0, 0),
    }
}

/// `# hadolint ignore=...` pragmas: rule ids silenced for a span of lines.
struct Ignores {
    global: HashSet<String>,
    /// Per rule id, the (first line, last line) spans it is silenced on, in order
    /// and without overlap (each is one instruction's lines), so a finding is
    /// looked up with a binary search.
    spans: HashMap<String, Vec<(u32, u32)>>,
}

impl Ignores {
    fn new(dockerfile: &Dockerfile) -> Ignores {
        let mut ignores = Ignores {
            global: HashSet::new(),
            spans: HashMap::new(),
        };
        let mut previous_end = 0;
        let mut comments = dockerfile.comments.iter().peekable();
        for instruction in &dockerfile.instructions {
            while let Some(comment) = comments.next_if(|c| c.line < instruction.line) {
                let Some((global, ids)) = pragma(&comment.text) else {
                    continue;
                };
                if global {
                    ignores.global.extend(ids);
                } else if comment.line > previous_end {
                    for id in ids {
                        let spans = ignores.spans.entry(id).or_default();
                        let span = (instruction.line, instruction.end_line);
                        if spans.last() != Some(&span) {
                            spans.push(span);
                        }
                    }
                }
            }
            previous_end = instruction.end_line;
        }
        for comment in comments {
            if let Some((true, ids)) = pragma(&comment.text) {
                ignores.global.extend(ids);
            }
        }
        ignores
    }

    fn covers(&self, d: &Diagnostic) -> bool {
        let (line, _) = position(d);
        if self.global.contains(d.rule) {
            return true;
        }
        let Some(spans) = self.spans.get(d.rule) else {
            return false;
        };
        let after = spans.partition_point(|(from, _)| *from <= line);
        after > 0 && line <= spans[after - 1].1
    }
}

/// Reads `hadolint [global] ignore=ID,ID` from a comment's text.
fn pragma(text: &str) -> Option<(bool, Vec<String>)> {
    let rest = text.strip_prefix("hadolint")?.trim_start();
    let (global, rest) = match rest.strip_prefix("global") {
        Some(r) => (true, r.trim_start()),
        None => (false, rest),
    };
    let ids = rest
        .strip_prefix("ignore")?
        .trim_start()
        .strip_prefix('=')?;
    let ids = ids
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
        .collect();
    Some((global, ids))
}
