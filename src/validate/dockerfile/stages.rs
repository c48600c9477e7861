//! Build stages and variable scope: which instructions belong to which `FROM`,
//! what each stage is built on, and what `$VAR` means at a given instruction.
//!
//! Scope follows Docker: ARGs declared before the first FROM are usable in FROM
//! lines only, unless a stage declares them again (`ARG NAME`); a stage built
//! on an earlier stage (`FROM build AS test`) inherits that stage's ENV.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::expand::{expand_within, Expansion, Overflow, Var};
use super::image::ImageRef;
use super::limits::Limits;
use super::syntax::{Args, Dockerfile, Instruction, Keyword, Pair};

/// Build arguments every build defines in the global scope.
const PREDEFINED: [&str; 8] = [
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
];

/// One `FROM` and the instructions up to the next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stage {
    pub index: usize,
    /// The FROM instruction's index in [`Dockerfile::instructions`].
    pub from: usize,
    /// The indices of the instructions after FROM that belong to this stage.
    pub body: Range<usize>,
    /// The `AS` name, lower-cased as Docker compares it.
    pub name: Option<String>,
    /// The image as written on the FROM line.
    pub image_raw: String,
    /// The image with global ARGs expanded (`unknown` when one has no default).
    pub image: Expansion,
    /// The earlier stage this one starts from, when FROM names one.
    pub parent: Option<usize>,
}

impl Stage {
    /// The base image reference, unless the stage starts from another stage.
    pub fn base(&self) -> Option<ImageRef> {
        self.parent
            .is_none()
            .then(|| ImageRef::parse(&self.image.value))
    }
}

/// An expansion that went over a budget: where, and what was being expanded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Overflowed {
    /// The instruction's index in [`Dockerfile::instructions`].
    pub instruction: usize,
    pub overflow: Overflow,
    /// What was expanded: `ARG a17`, `EXPOSE $PORTS`.
    pub subject: String,
}

/// One value a stage gives a variable.
#[derive(Clone, Debug)]
struct Declaration {
    /// The declaring instruction's index.
    at: usize,
    value: Var,
    /// Set by ENV (which a child stage inherits), not ARG.
    env: bool,
}

/// A Dockerfile with its stages worked out.
///
/// Variable scope is computed once, in one pass over the file: each stage keeps,
/// per name, the values it gives that name in order, so the scope at any
/// instruction is a binary search away and nothing is recomputed per rule.
/// Expanded values count against [`Limits::max_expansion_total`]; expansions
/// that go over a budget are kept in [`Build::overflows`] for `GD1004`.
pub struct Build<'a> {
    pub df: &'a Dockerfile,
    pub stages: Vec<Stage>,
    /// ARGs declared before the first FROM, in order.
    pub globals: Vec<Pair>,
    pub limits: Limits,
    /// The global ARGs' values, each expanded with the ones before it.
    global_values: HashMap<String, Var>,
    /// Per stage: every name the stage declares, with its values in order.
    declared: Vec<HashMap<String, Vec<Declaration>>>,
    /// The first stage of each (lower-case) name.
    names: HashMap<String, usize>,
    /// Bytes all expansions may still produce.
    remaining: Cell<usize>,
    overflows: RefCell<Overflows>,
}

/// The overflows found so far, and what is already reported.
#[derive(Default)]
struct Overflows {
    list: Vec<Overflowed>,
    /// Instructions with a reported overflow (one each).
    instructions: HashSet<usize>,
    /// Whether the file's budget running out is reported.
    spent: bool,
}

impl<'a> Build<'a> {
    pub fn new(df: &'a Dockerfile) -> Build<'a> {
        Build::with_limits(df, Limits::DEFAULT)
    }

    pub fn with_limits(df: &'a Dockerfile, limits: Limits) -> Build<'a> {
        let first_from = df
            .instructions
            .iter()
            .position(|i| i.keyword == Keyword::From)
            .unwrap_or(df.instructions.len());
        let mut build = Build {
            df,
            stages: Vec::new(),
            globals: Vec::new(),
            limits,
            global_values: HashMap::new(),
            declared: Vec::new(),
            names: HashMap::new(),
            remaining: Cell::new(limits.max_expansion_total),
            overflows: RefCell::new(Overflows::default()),
        };
        for (index, instruction) in df.instructions[..first_from].iter().enumerate() {
            let Args::Pairs(pairs) = &instruction.args else {
                continue;
            };
            if instruction.keyword != Keyword::Arg {
                continue;
            }
            for pair in pairs {
                let var = match &pair.value {
                    Some(raw) => {
                        let e =
                            build.expand_at(index, raw, &|| format!("ARG {}", pair.key), &|n| {
                                global_lookup(&build.global_values, n)
                            });
                        known(e)
                    }
                    None => Var::Unknown,
                };
                build.global_values.insert(pair.key.clone(), var);
                build.globals.push(pair.clone());
            }
        }
        let froms: Vec<usize> = (first_from..df.instructions.len())
            .filter(|n| df.instructions[*n].keyword == Keyword::From)
            .collect();
        for (index, &from) in froms.iter().enumerate() {
            let end = froms
                .get(index + 1)
                .copied()
                .unwrap_or(df.instructions.len());
            let (image_raw, alias) = match &df.instructions[from].args {
                Args::From { image, alias } => (image.clone(), alias.clone()),
                _ => (String::new(), None),
            };
            let image = build.expand_at(from, &image_raw, &|| format!("FROM {image_raw}"), &|n| {
                build.global(n)
            });
            let parent = build.stage_named(&image.value).filter(|p| *p < index);
            let name = alias.map(|a| a.to_ascii_lowercase());
            if let Some(name) = &name {
                build.names.entry(name.clone()).or_insert(index);
            }
            build.stages.push(Stage {
                index,
                from,
                body: from + 1..end,
                name,
                image_raw,
                image,
                parent,
            });
            build.declared.push(HashMap::new());
            for n in from + 1..end {
                build.declare(index, n);
            }
        }
        build
    }

    pub fn instruction(&self, index: usize) -> &'a Instruction {
        &self.df.instructions[index]
    }

    /// The stage's instructions after its FROM, with their indices.
    pub fn body(&self, stage: &Stage) -> impl Iterator<Item = (usize, &'a Instruction)> {
        let df = self.df;
        stage.body.clone().map(move |n| (n, &df.instructions[n]))
    }

    pub fn final_stage(&self) -> Option<&Stage> {
        self.stages.last()
    }

    /// The stage with this name (case-insensitive) or index number.
    pub fn stage_named(&self, name: &str) -> Option<usize> {
        let lower = name.to_ascii_lowercase();
        if let Some(index) = self.names.get(&lower) {
            return Some(*index);
        }
        lower
            .parse::<usize>()
            .ok()
            .filter(|n| *n < self.stages.len())
    }

    /// A global (pre-FROM) ARG's value as FROM lines see it.
    pub fn global(&self, name: &str) -> Var {
        global_lookup(&self.global_values, name)
    }

    /// The variables in scope just before instruction `index` of `stage`.
    pub fn scope(&self, stage: &Stage, index: usize) -> Scope<'_, 'a> {
        Scope {
            build: self,
            stage: stage.index,
            index,
        }
    }

    /// The expansions that went over a budget, in the order they happened.
    pub fn overflows(&self) -> Vec<Overflowed> {
        self.overflows.borrow().list.clone()
    }

    /// Expands `word` for instruction `at`, within the per-word budgets and what
    /// is left of the file's; records the first overflow of each instruction,
    /// naming it with `subject` (only built then).
    fn expand_at(
        &self,
        at: usize,
        word: &str,
        subject: &dyn Fn() -> String,
        lookup: &dyn Fn(&str) -> Var,
    ) -> Expansion {
        // Only variables make a value longer than its text, so only words with a
        // `$` draw on the file's budget.
        let amplifies = word.contains('$');
        let remaining = self.remaining.get();
        let max_bytes = if amplifies {
            self.limits.max_expansion_bytes.min(remaining)
        } else {
            self.limits.max_expansion_bytes
        };
        let mut e = if amplifies && remaining == 0 {
            Expansion::over(Overflow::Spent)
        } else {
            expand_within(
                word,
                self.df.escape,
                lookup,
                max_bytes,
                self.limits.max_expansion_depth,
            )
        };
        if e.overflow == Some(Overflow::TooLarge) && max_bytes < self.limits.max_expansion_bytes {
            // Cut short by the file's budget rather than the word's own.
            e.overflow = Some(Overflow::Spent);
        }
        if amplifies {
            self.remaining.set(remaining.saturating_sub(e.value.len()));
        }
        if let Some(overflow) = e.overflow {
            let mut overflows = self.overflows.borrow_mut();
            let reported = if overflow == Overflow::Spent {
                // The file's budget runs out once: later words are just unknown.
                overflows.spent
            } else {
                !overflows.instructions.insert(at)
            };
            if !reported {
                overflows.spent |= overflow == Overflow::Spent;
                overflows.list.push(Overflowed {
                    instruction: at,
                    overflow,
                    subject: subject(),
                });
            }
        }
        e
    }

    /// The value a variable has in `stage` just before instruction `index`:
    /// the stage's own last declaration before it, else what the stage inherits.
    fn lookup(&self, stage: usize, index: usize, name: &str) -> Var {
        if let Some(values) = self.declared[stage].get(name) {
            let before = values.partition_point(|d| d.at < index);
            if before > 0 {
                return values[before - 1].value.clone();
            }
        }
        self.inherited(stage, name)
    }

    /// The ENV value a stage inherits from the stages it is built on.
    fn inherited(&self, stage: usize, name: &str) -> Var {
        let mut current = self.stages[stage].parent;
        for _ in 0..self.limits.max_stage_parents {
            let Some(parent) = current else {
                break;
            };
            if let Some(last) = self.declared[parent].get(name).and_then(|v| v.last()) {
                if last.env {
                    return last.value.clone();
                }
            }
            current = self.stages[parent].parent;
        }
        Var::Unset
    }

    /// Records the ARG and ENV values of instruction `n` of `stage`.
    fn declare(&mut self, stage: usize, n: usize) {
        let instruction = &self.df.instructions[n];
        let Args::Pairs(pairs) = &instruction.args else {
            return;
        };
        let keyword = instruction.keyword;
        if !matches!(keyword, Keyword::Arg | Keyword::Env) {
            return;
        }
        for pair in pairs {
            // Later pairs of one instruction see the earlier ones.
            let current = |name: &str| self.lookup(stage, n + 1, name);
            let existing = current(&pair.key);
            let value = match &pair.value {
                Some(raw) => {
                    let subject = || format!("{} {}", keyword.as_str(), pair.key);
                    known(self.expand_at(n, raw, &subject, &current))
                }
                None if keyword == Keyword::Arg => match &existing {
                    Var::Unset => match self.global(&pair.key) {
                        Var::Unset => Var::Unknown,
                        global => global,
                    },
                    existing => existing.clone(),
                },
                None => continue,
            };
            // An ARG does not override a variable already set.
            if keyword == Keyword::Arg && existing != Var::Unset {
                continue;
            }
            self.declared[stage]
                .entry(pair.key.clone())
                .or_default()
                .push(Declaration {
                    at: n,
                    value,
                    env: keyword == Keyword::Env,
                });
        }
    }
}

/// The value an expansion gives a variable: unknown when anything in it is.
fn known(e: Expansion) -> Var {
    if e.unknown {
        Var::Unknown
    } else {
        Var::Value(e.value.into())
    }
}

fn global_lookup(globals: &HashMap<String, Var>, name: &str) -> Var {
    match globals.get(name) {
        Some(var) => var.clone(),
        None if PREDEFINED.contains(&name) => Var::Unknown,
        None => Var::Unset,
    }
}

/// Variables visible at one instruction.
#[derive(Clone, Copy)]
pub struct Scope<'b, 'a> {
    build: &'b Build<'a>,
    stage: usize,
    index: usize,
}

impl Scope<'_, '_> {
    pub fn get(&self, name: &str) -> Var {
        self.build.lookup(self.stage, self.index, name)
    }

    /// Expands a word of the instruction the scope is for.
    pub fn expand(&self, word: &str) -> Expansion {
        let subject = || {
            let keyword = self.build.df.instructions.get(self.index);
            format!("{} {word}", keyword.map_or("", |i| i.keyword.as_str()))
        };
        self.build
            .expand_at(self.index, word, &subject, &|n| self.get(n))
    }
}

#[cfg(test)]
mod tests {
    use super::super::parser::parse;
    use super::*;

    #[test]
    fn global_args_reach_from_lines_and_stages_inherit_env() {
        let (df, _) = parse(
            "Dockerfile",
            "ARG GO=1.25\nFROM golang:${GO}-alpine AS build\nENV CGO_ENABLED=0\nARG GO\nFROM build AS test\nRUN go test\n",
        );
        let build = Build::new(&df);
        assert_eq!(build.stages.len(), 2);
        assert_eq!(build.stages[0].image.value, "golang:1.25-alpine");
        assert_eq!(build.stages[1].parent, Some(0));
        let scope = build.scope(&build.stages[0], 4);
        assert_eq!(scope.get("GO"), Var::Value("1.25".into()));
        let test = build.scope(&build.stages[1], 5);
        assert_eq!(test.get("CGO_ENABLED"), Var::Value("0".into()));
        assert_eq!(test.get("GO"), Var::Unset);
    }

    #[test]
    fn scope_is_the_state_before_the_instruction_and_env_passes_through_every_stage() {
        let (df, _) = parse(
            "Dockerfile",
            "FROM alpine:3.22 AS base\nENV A=1\nARG B=2\nENV A=3\nFROM base AS mid\nRUN true\nFROM mid\nRUN true\n",
        );
        let build = Build::new(&df);
        let base = &build.stages[0];
        assert_eq!(build.scope(base, 1).get("A"), Var::Unset);
        assert_eq!(build.scope(base, 2).get("A"), Var::Value("1".into()));
        assert_eq!(build.scope(base, 4).get("A"), Var::Value("3".into()));
        // The grandchild sees the ENV of the stage its parent is built on; no ARG.
        let last = &build.stages[2];
        assert_eq!(build.scope(last, 7).get("A"), Var::Value("3".into()));
        assert_eq!(build.scope(last, 7).get("B"), Var::Unset);
    }
}
