//! Findings about input beyond the validator's budgets ([`Limits`]): a variable
//! whose value explodes, defaults nested without end, or a file too large to
//! read. They say what was not checked; everything else still is.

use super::Context;
use crate::validate::dockerfile::expand::Overflow;
use crate::validate::dockerfile::limits::Limits;
use crate::validate::{Diagnostic, Rule, Severity};

pub const EXPANSION_TOO_LARGE: Rule = Rule {
    id: "GD1004",
    title: "variable expansion too large to check",
    severity: Severity::Warning,
    why: "Each `ARG a2=$a1$a1` doubles a value: forty such lines ask for a terabyte, which no build finishes, and `${a:-${a:-…}}` can nest as deep as the file is long. The validator expands a value up to 64 KiB and 64 levels of nesting, and all values of a file up to 8 MiB; past that the value counts as unknown, the checks that need it are skipped, and every other check still runs.",
    bad_example: "FROM alpine:3.22\nARG a0=0123456789abcdef\nARG a1=$a0$a0\nARG a2=$a1$a1\nARG a3=$a2$a2\nARG a4=$a3$a3\nARG a5=$a4$a4\nARG a6=$a5$a5\nARG a7=$a6$a6\nARG a8=$a7$a7\nARG a9=$a8$a8\nARG a10=$a9$a9\nARG a11=$a10$a10\nARG a12=$a11$a11\nARG a13=$a12$a12\nUSER 65532:65532",
    good_example: "FROM alpine:3.22\nARG a0=0123456789abcdef\nARG a1=$a0$a0\nUSER 65532:65532",
};

pub const FILE_TOO_LARGE: Rule = Rule {
    id: "GD1005",
    title: "Dockerfile too large to check",
    severity: Severity::Error,
    why: "A Dockerfile over 1 MiB or 50,000 lines is generated or pasted by mistake; reading it would stall the page. It is reported and not checked at all, so a CI run does not pass it unread. (The example is a file of 50,001 lines, too long to show here: `tests/dockerfile_budgets.rs` builds it.)",
    bad_example: "FROM alpine:3.22\nRUN echo 1\nRUN echo 2\n# … 49,998 more lines",
    good_example: "FROM alpine:3.22\nRUN echo 1 \\\n && echo 2",
};

/// GD1004 for every expansion that went over a budget.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let limits = &ctx.build.limits;
    for overflowed in ctx.build.overflows() {
        let instruction = ctx.build.instruction(overflowed.instruction);
        let subject = super::shown(&overflowed.subject);
        let message = match overflowed.overflow {
            Overflow::TooLarge => format!(
                "{subject} expands to more than {} bytes, which looks like an expansion bomb: its value is not checked; build the value from fewer references",
                limits.max_expansion_bytes
            ),
            Overflow::TooDeep => format!(
                "{subject} nests ${{name:-default}} more than {} levels deep: its value is not checked; nest defaults a few levels at most",
                limits.max_expansion_depth
            ),
            Overflow::Spent => format!(
                "{subject} is where the variables of this file pass {} bytes of expanded values in all: from here on values are not expanded and the checks that need them are skipped; build values from fewer references",
                limits.max_expansion_total
            ),
        };
        out.push(ctx.at(
            &EXPANSION_TOO_LARGE,
            instruction,
            instruction.column,
            message,
        ));
    }
}

/// GD1005 when `text` is over the byte or line budget, checked before parsing.
pub fn file_too_large(file: &str, text: &str, limits: &Limits) -> Option<Diagnostic> {
    let message = if text.len() > limits.max_bytes {
        format!(
            "the Dockerfile is {} bytes, more than the {} this validator reads, so nothing in it was checked: keep a Dockerfile under {} KiB",
            text.len(),
            limits.max_bytes,
            limits.max_bytes / 1024
        )
    } else {
        let breaks = text.bytes().filter(|b| *b == b'\n').count();
        let lines = breaks + usize::from(!text.is_empty() && !text.ends_with('\n'));
        if lines <= limits.max_lines {
            return None;
        }
        format!(
            "the Dockerfile has {lines} lines, more than the {} this validator reads, so nothing in it was checked: keep a Dockerfile under {} lines",
            limits.max_lines, limits.max_lines
        )
    };
    Some(Diagnostic::at(&FILE_TOO_LARGE, file, 1, 1, message))
}
