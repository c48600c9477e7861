//! Build stages and variable scope: which instructions belong to which `FROM`,
//! what each stage is built on, and what `$VAR` means at a given instruction.
//!
//! Scope follows Docker: ARGs declared before the first FROM are usable in FROM
//! lines only, unless a stage declares them again (`ARG NAME`); a stage built
//! on an earlier stage (`FROM build AS test`) inherits that stage's ENV.

use std::collections::BTreeMap;
use std::ops::Range;

use super::expand::{expand, Expansion, Var};
use super::image::ImageRef;
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

/// A Dockerfile with its stages worked out.
pub struct Build<'a> {
    pub df: &'a Dockerfile,
    pub stages: Vec<Stage>,
    /// ARGs declared before the first FROM, in order.
    pub globals: Vec<Pair>,
    /// The global ARGs' values, each expanded with the ones before it.
    global_values: BTreeMap<String, Var>,
}

impl<'a> Build<'a> {
    pub fn new(df: &'a Dockerfile) -> Build<'a> {
        let froms: Vec<usize> = df
            .instructions
            .iter()
            .enumerate()
            .filter(|(_, i)| i.keyword == Keyword::From)
            .map(|(n, _)| n)
            .collect();
        let globals: Vec<Pair> = df
            .instructions
            .iter()
            .take(froms.first().copied().unwrap_or(df.instructions.len()))
            .filter_map(|i| match &i.args {
                Args::Pairs(pairs) if i.keyword == Keyword::Arg => Some(pairs.clone()),
                _ => None,
            })
            .flatten()
            .collect();
        let mut global_values = BTreeMap::new();
        for pair in &globals {
            let var = match &pair.value {
                Some(raw) => {
                    let e = expand(raw, df.escape, &|n| global_lookup(&global_values, n));
                    if e.unknown {
                        Var::Unknown
                    } else {
                        Var::Value(e.value)
                    }
                }
                None => Var::Unknown,
            };
            global_values.insert(pair.key.clone(), var);
        }
        let mut build = Build {
            df,
            stages: Vec::new(),
            globals,
            global_values,
        };
        for (index, &from) in froms.iter().enumerate() {
            let end = froms
                .get(index + 1)
                .copied()
                .unwrap_or(df.instructions.len());
            let (image_raw, alias) = match &df.instructions[from].args {
                Args::From { image, alias } => (image.clone(), alias.clone()),
                _ => (String::new(), None),
            };
            let image = expand(&image_raw, df.escape, &|n| build.global(n));
            let parent = build.stage_named(&image.value).filter(|p| *p < index);
            build.stages.push(Stage {
                index,
                from,
                body: from + 1..end,
                name: alias.map(|a| a.to_ascii_lowercase()),
                image_raw,
                image,
                parent,
            });
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
        if let Some(stage) = self
            .stages
            .iter()
            .find(|s| s.name.as_deref() == Some(&lower))
        {
            return Some(stage.index);
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
    pub fn scope(&self, stage: &Stage, index: usize) -> Scope {
        self.scope_within(stage, index, 0)
    }

    /// [`Build::scope`], following at most [`MAX_PARENTS`] parent stages.
    fn scope_within(&self, stage: &Stage, index: usize, depth: usize) -> Scope {
        let mut vars = match stage.parent {
            Some(parent) if depth < MAX_PARENTS => {
                let p = &self.stages[parent];
                self.env_of(p, p.body.end, depth + 1)
            }
            _ => BTreeMap::new(),
        };
        for (n, instruction) in self.body(stage) {
            if n >= index {
                break;
            }
            self.declare(instruction, &mut vars);
        }
        Scope {
            vars,
            escape: self.df.escape,
        }
    }

    /// Only the ENV values a stage ends with (what a child stage inherits).
    fn env_of(&self, stage: &Stage, index: usize, depth: usize) -> BTreeMap<String, Var> {
        let scope = self.scope_within(stage, index, depth);
        let mut env = BTreeMap::new();
        for (_, instruction) in self.body(stage) {
            if instruction.keyword == Keyword::Env {
                if let Args::Pairs(pairs) = &instruction.args {
                    for pair in pairs {
                        if let Some(v) = scope.vars.get(&pair.key) {
                            env.insert(pair.key.clone(), v.clone());
                        }
                    }
                }
            }
        }
        env
    }

    fn declare(&self, instruction: &Instruction, vars: &mut BTreeMap<String, Var>) {
        let Args::Pairs(pairs) = &instruction.args else {
            return;
        };
        for pair in pairs {
            let var = match (instruction.keyword, &pair.value) {
                (Keyword::Arg | Keyword::Env, Some(raw)) => {
                    let e = expand(raw, self.df.escape, &|n| lookup(vars, n));
                    if e.unknown {
                        Var::Unknown
                    } else {
                        Var::Value(e.value)
                    }
                }
                (Keyword::Arg, None) => match vars.get(&pair.key) {
                    Some(existing) => existing.clone(),
                    None => match self.global(&pair.key) {
                        Var::Unset => Var::Unknown,
                        global => global,
                    },
                },
                _ => continue,
            };
            // An ARG does not override an ENV of the same name.
            let env_set = instruction.keyword == Keyword::Arg && vars.contains_key(&pair.key);
            if !env_set || instruction.keyword == Keyword::Env {
                vars.insert(pair.key.clone(), var);
            }
        }
    }
}

/// How many `FROM stage` links scope follows; deeper chains are not real builds.
const MAX_PARENTS: usize = 16;

fn global_lookup(globals: &BTreeMap<String, Var>, name: &str) -> Var {
    match globals.get(name) {
        Some(var) => var.clone(),
        None if PREDEFINED.contains(&name) => Var::Unknown,
        None => Var::Unset,
    }
}

fn lookup(vars: &BTreeMap<String, Var>, name: &str) -> Var {
    vars.get(name).cloned().unwrap_or(Var::Unset)
}

/// Variables visible at one instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    pub vars: BTreeMap<String, Var>,
    escape: char,
}

impl Scope {
    pub fn get(&self, name: &str) -> Var {
        lookup(&self.vars, name)
    }

    pub fn expand(&self, word: &str) -> Expansion {
        expand(word, self.escape, &|n| self.get(n))
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
}
