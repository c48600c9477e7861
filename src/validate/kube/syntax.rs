//! YAML-level findings (`GY…`): syntax errors, budget breaches, duplicate keys, and
//! the YAML 1.1 traps kubectl falls into (an unquoted `on` or `0755` where a string
//! is meant).

use super::Cx;
use crate::validate::{Rule, Severity};
use crate::yaml::{ProblemKind, Scalar};

pub const GY001: Rule = Rule {
    id: "GY001",
    title: "YAML syntax error",
    severity: Severity::Error,
    why: "kubectl cannot read the stream. Reading resumes at the next `---` line, so the \
          other documents are still checked.",
    bad_example: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  a: [1, 2\n",
    good_example:
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  a: \"[1, 2]\"\n",
};

pub const GY002: Rule = Rule {
    id: "GY002",
    title: "YAML budget exceeded",
    severity: Severity::Error,
    why: "Anchors and aliases can make a few lines expand to billions of nodes (an alias \
          bomb), and deep nesting can exhaust the stack. The reader enforces budgets on \
          the whole stream (bytes, documents, nodes, the nodes aliases add, depth) and on \
          each document's size, and drops what exceeds them; each budget says which.",
    bad_example: "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n",
    good_example: "base: &base {cpu: 100m}\nrequests: *base\n",
};

pub const GY003: Rule = Rule {
    id: "GY003",
    title: "duplicate key in a mapping",
    severity: Severity::Error,
    why: "kubectl's YAML reader rejects a mapping that repeats a key; other readers keep \
          the last value silently, so the manifest means different things to different tools.",
    bad_example: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  name: api\n",
    good_example: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n",
};

pub const GY004: Rule = Rule {
    id: "GY004",
    title: "unquoted YAML 1.1 boolean where a string is expected",
    severity: Severity::Error,
    why: "kubectl reads YAML 1.1, where unquoted `on`, `off`, `yes`, `no`, `y`, `n` (and \
          `true`, `false`) are booleans. A ConfigMap value, env value, label or annotation \
          must be a string, so the apply fails with `cannot unmarshal bool into Go struct \
          field`. Quote the value.",
    bad_example:
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  FEATURE_X: on\n",
    good_example:
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  FEATURE_X: \"on\"\n",
};

pub const GY005: Rule = Rule {
    id: "GY005",
    title: "unquoted number where a string is expected",
    severity: Severity::Error,
    why: "An unquoted `0755` is the octal number 493 in YAML 1.1, `0x1F` is 31 and `1.10` \
          is 1.1: where the schema wants a string (ConfigMap data, env values, labels, \
          annotations) kubectl rejects the number, and quoting it changes its meaning back \
          to the text you wrote.",
    bad_example: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  UMASK: 0755\n",
    good_example:
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  UMASK: \"0755\"\n",
};

/// Reports what the YAML reader found.
pub fn check(cx: &mut Cx<'_, '_>) {
    for problem in &cx.stream.problems {
        let rule = match problem.kind {
            ProblemKind::Syntax => &GY001,
            ProblemKind::Budget => &GY002,
            ProblemKind::DuplicateKey => &GY003,
        };
        let message = problem.message.clone();
        cx.at(rule, problem.pos, message, None);
    }
}

/// Reports a plain scalar that YAML 1.1 reads as `reads_as` where a string is expected.
pub fn trap(
    cx: &mut Cx<'_, '_>,
    pos: crate::yaml::Pos,
    path: &str,
    text: &str,
    reads_as: Scalar<'_>,
) {
    let quoted = format!("{path}: \"{text}\"");
    // YAML 1.1's booleans and numbers hold no quote or backslash, so double quotes
    // around the text need no escapes.
    let requoted = format!("\"{text}\"");
    let fix = |cx: &mut Cx<'_, '_>, rule: &Rule, message: String| {
        let description = format!("quote it: {quoted}");
        cx.at_replacing(rule, pos, message, description, (text, &requoted));
    };
    match reads_as {
        Scalar::Bool(b) => fix(
            cx,
            &GY004,
            format!("{path} is the unquoted {text}, which kubectl reads as the boolean {b}; a string is expected"),
        ),
        Scalar::Int(i) => {
            let how = if text.trim_start_matches(['-', '+']).starts_with("0x") {
                format!("the hexadecimal number {i}")
            } else if text.len() > 1 && text.trim_start_matches(['-', '+']).starts_with('0') {
                format!("the octal number {i}")
            } else {
                format!("the number {i}")
            };
            fix(
                cx,
                &GY005,
                format!("{path} is the unquoted {text}, which kubectl reads as {how}; a string is expected"),
            )
        }
        _ => fix(
            cx,
            &GY005,
            format!("{path} is the unquoted {text}, which kubectl reads as a number; a string is expected"),
        ),
    }
}
