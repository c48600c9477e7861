//! The Dockerfile validator's input budgets, in one place.
//!
//! A pasted or named Dockerfile is untrusted text: a 400-byte chain of
//! `ARG a2=$a1$a1` doubles its value on every line, `${a:-${a:-…}}` nests as deep
//! as the file is long, and a file can simply be huge. Every dimension that could
//! make validation slow or large is bounded here and checked where the input
//! enters: the file's size when it is parsed (`GD1005`), each expansion's size and
//! nesting and all expansions together in [`super::expand`] and
//! [`super::stages`] (`GD1004`), stage inheritance in scope lookups, and
//! `$(...)` nesting in the shell reader. Going over a budget is a finding with
//! its own message, never a failure, and checking goes on with what is left.

/// What one validation may read and produce.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The largest file checked, in bytes; a larger one is reported, not read.
    pub max_bytes: usize,
    /// The most lines checked; a longer file is reported, not read.
    pub max_lines: usize,
    /// The longest value one word may expand to, in bytes (`ARG`, `ENV`, `FROM`,
    /// `EXPOSE`, ... values); a longer one counts as unknown.
    pub max_expansion_bytes: usize,
    /// The deepest nesting of `${name:-word}` words expanded.
    pub max_expansion_depth: usize,
    /// The most bytes all expansions of one file may produce together; after
    /// that, values count as unknown.
    pub max_expansion_total: usize,
    /// How many `FROM <stage>` links a variable lookup follows to find inherited
    /// ENV values.
    pub max_stage_parents: usize,
    /// How deep `$(...)` and backquote substitutions in RUN are read for commands.
    pub max_substitution_depth: u32,
}

impl Limits {
    /// Room for any Dockerfile a person writes (the largest public ones have some
    /// thousands of lines), and a bound that keeps the worst input within about a
    /// hundred milliseconds and some tens of megabytes natively.
    pub const DEFAULT: Limits = Limits {
        max_bytes: 1024 * 1024,
        max_lines: 50_000,
        max_expansion_bytes: 64 * 1024,
        max_expansion_depth: 64,
        max_expansion_total: 8 * 1024 * 1024,
        max_stage_parents: 16,
        max_substitution_depth: 16,
    };
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::DEFAULT
    }
}
