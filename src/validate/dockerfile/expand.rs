//! Docker's word rules: splitting arguments into words and expanding `$VAR`,
//! `${VAR}` and `${VAR:-default}` the way the builder does for FROM, COPY, ENV,
//! EXPOSE, USER, WORKDIR and friends (RUN text is left to the shell).
//!
//! Expansion never fails: an unset variable becomes empty, as in Docker; one that
//! is declared without a value (an `ARG` given only at build time) marks the
//! result as unknown, so rules do not guess. It is linear in the text and the
//! value produced, and bounded by the budgets in [`Limits`]: past them the
//! result is unknown and says which budget ran out.

use std::rc::Rc;

use super::limits::Limits;

/// What a variable is at some point of the build.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Var {
    /// Never declared: expands to the empty string.
    Unset,
    /// Declared without a value (`ARG NAME`): only the build knows it.
    Unknown,
    /// Shared, so looking a variable up costs the same whatever its length:
    /// only what an expansion writes out is paid for (and budgeted).
    Value(Rc<str>),
}

/// Why an expansion stopped before the end of its word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overflow {
    /// The value grew past [`Limits::max_expansion_bytes`].
    TooLarge,
    /// `${name:-word}` words nested deeper than [`Limits::max_expansion_depth`].
    TooDeep,
    /// Earlier expansions of the file used up [`Limits::max_expansion_total`].
    Spent,
}

/// The result of expanding a word.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expansion {
    pub value: String,
    /// Some referenced variable has no known value, or the expansion went over a
    /// budget, so `value` is a guess.
    pub unknown: bool,
    /// The budget the expansion went over, if it did (then `unknown` is set and
    /// `value` is cut short).
    pub overflow: Option<Overflow>,
}

impl Expansion {
    /// A value nobody can know because a budget ran out.
    pub fn over(overflow: Overflow) -> Expansion {
        Expansion {
            value: String::new(),
            unknown: true,
            overflow: Some(overflow),
        }
    }
}

/// Splits ENV/LABEL/ARG arguments into words at unquoted whitespace, keeping quotes
/// and escapes in the words for [`expand`] to resolve (BuildKit's `parseWords`).
pub fn split_words(text: &str, escape: char) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == escape && quote != Some('\'') {
            word.push(c);
            if let Some(next) = chars.next() {
                word.push(next);
            }
            continue;
        }
        match quote {
            Some(q) if c == q => quote = None,
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c.is_whitespace() => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                continue;
            }
            _ => {}
        }
        word.push(c);
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// Expands one word within the default budgets ([`Limits::DEFAULT`]): removes
/// quotes and escapes and replaces variable references using `lookup`.
pub fn expand(word: &str, escape: char, lookup: &dyn Fn(&str) -> Var) -> Expansion {
    let limits = Limits::DEFAULT;
    expand_within(
        word,
        escape,
        lookup,
        limits.max_expansion_bytes,
        limits.max_expansion_depth,
    )
}

/// Expands one word, producing at most `max_bytes` and following `${name:-word}`
/// nesting at most `max_depth` deep; past either the result is unknown and says
/// which budget it went over.
///
/// One pass from left to right, without recursion: an open `${name<op>word}`
/// is a frame on a stack that remembers whether its word is used (a default
/// whose variable is set is skipped, not expanded) and the quoting around it, so
/// time is linear in the word and the value produced, however deep the nesting.
pub fn expand_within(
    word: &str,
    escape: char,
    lookup: &dyn Fn(&str) -> Var,
    max_bytes: usize,
    max_depth: usize,
) -> Expansion {
    let mut expander = Expander {
        chars: word.chars().collect(),
        escape,
        lookup,
        max_bytes,
        out: Expansion::default(),
        active: true,
    };
    expander.run(max_depth);
    expander.out
}

/// An open `${name<op>word}` while its word is read.
struct Frame {
    /// Whether text was being kept before the frame opened.
    parent_active: bool,
    /// The quoting around the `${`, restored at the closing brace.
    outer_quote: Option<char>,
}

struct Expander<'l> {
    chars: Vec<char>,
    escape: char,
    lookup: &'l dyn Fn(&str) -> Var,
    max_bytes: usize,
    out: Expansion,
    /// Whether text read now is kept (false inside a word that is not used).
    active: bool,
}

/// Stops reading the word: a budget ran out.
struct Stop;

impl Expander<'_> {
    fn run(&mut self, max_depth: usize) {
        let mut stack: Vec<Frame> = Vec::new();
        let mut quote: Option<char> = None;
        let mut i = 0;
        let n = self.chars.len();
        while i < n {
            let c = self.chars[i];
            let step = if quote.is_none() && c == '}' && !stack.is_empty() {
                if let Some(frame) = stack.pop() {
                    self.active = frame.parent_active;
                    quote = frame.outer_quote;
                }
                Ok(i + 1)
            } else {
                match quote {
                    Some('\'') => {
                        if c == '\'' {
                            quote = None;
                            Ok(i + 1)
                        } else {
                            self.emit(c).map(|()| i + 1)
                        }
                    }
                    Some(_) => {
                        if c == '"' {
                            quote = None;
                            Ok(i + 1)
                        } else if c == self.escape {
                            match self.chars.get(i + 1) {
                                Some(&next)
                                    if next == '"' || next == '$' || next == self.escape =>
                                {
                                    self.emit(next).map(|()| i + 2)
                                }
                                _ => self.emit(c).map(|()| i + 1),
                            }
                        } else if c == '$' {
                            self.dollar(i, &mut stack, &mut quote, max_depth)
                        } else {
                            self.emit(c).map(|()| i + 1)
                        }
                    }
                    None => {
                        if c == '\'' || c == '"' {
                            quote = Some(c);
                            Ok(i + 1)
                        } else if c == self.escape {
                            let kept = self.chars.get(i + 1).copied().unwrap_or(c);
                            self.emit(kept).map(|()| i + 2)
                        } else if c == '$' {
                            self.dollar(i, &mut stack, &mut quote, max_depth)
                        } else {
                            self.emit(c).map(|()| i + 1)
                        }
                    }
                }
            };
            match step {
                Ok(next) => i = next,
                Err(Stop) => return,
            }
        }
    }

    fn over(&mut self, overflow: Overflow) -> Stop {
        self.out.unknown = true;
        self.out.overflow = Some(overflow);
        Stop
    }

    fn emit(&mut self, c: char) -> Result<(), Stop> {
        if !self.active {
            return Ok(());
        }
        if self.out.value.len() + c.len_utf8() > self.max_bytes {
            return Err(self.over(Overflow::TooLarge));
        }
        self.out.value.push(c);
        Ok(())
    }

    fn emit_str(&mut self, text: &str) -> Result<(), Stop> {
        if self.out.value.len() + text.len() > self.max_bytes {
            return Err(self.over(Overflow::TooLarge));
        }
        self.out.value.push_str(text);
        Ok(())
    }

    /// The variable's value, noting unknown variables; `None` when unset.
    fn resolve(&mut self, name: &str) -> Option<Rc<str>> {
        match (self.lookup)(name) {
            Var::Value(v) => Some(v),
            Var::Unknown => {
                self.out.unknown = true;
                Some(Rc::from(""))
            }
            Var::Unset => None,
        }
    }

    fn name_end(&self, from: usize) -> usize {
        let mut i = from;
        while i < self.chars.len() && is_name_char(self.chars[i]) {
            i += 1;
        }
        i
    }

    /// Reads the reference starting at `chars[start] == '$'` and returns the
    /// index after what it consumed; an opened `${name<op>` pushes a frame whose
    /// word the main loop reads.
    fn dollar(
        &mut self,
        start: usize,
        stack: &mut Vec<Frame>,
        quote: &mut Option<char>,
        max_depth: usize,
    ) -> Result<usize, Stop> {
        let i = start + 1;
        match self.chars.get(i) {
            Some(&c) if is_name_start(c) => {
                let end = self.name_end(i);
                if self.active {
                    let name: String = self.chars[i..end].iter().collect();
                    if let Some(value) = self.resolve(&name) {
                        self.emit_str(&value)?;
                    }
                }
                Ok(end)
            }
            Some('{') => {
                let end = self.name_end(i + 1);
                let name: String = self.chars[i + 1..end].iter().collect();
                let (colon, op, after) = match (self.chars.get(end), self.chars.get(end + 1)) {
                    (Some(':'), Some(&op @ ('-' | '+' | '?'))) => (true, Some(op), end + 2),
                    (Some(&op @ ('-' | '+' | '?')), _) => (false, Some(op), end + 1),
                    (Some('}'), _) if !name.is_empty() => {
                        if self.active {
                            if let Some(value) = self.resolve(&name) {
                                self.emit_str(&value)?;
                            }
                        }
                        return Ok(end + 1);
                    }
                    // The end of the text: `${NAME` is read as `${NAME}`.
                    (None, _) => {
                        if self.active && !name.is_empty() {
                            if let Some(value) = self.resolve(&name) {
                                self.emit_str(&value)?;
                            }
                        }
                        return Ok(end);
                    }
                    _ => (false, None, end),
                };
                // Whether the word after the operator is used.
                let mut word_used = false;
                if self.active && !name.is_empty() {
                    let value = self.resolve(&name);
                    let present = if colon {
                        value.as_deref().is_some_and(|v| !v.is_empty())
                    } else {
                        value.is_some()
                    };
                    match op {
                        Some('-') if !present => word_used = true,
                        Some('+') => word_used = present,
                        // `${NAME?msg}`, pattern operators (`#`, `%`, `/`) and the
                        // like: the value, the rest of the braces skipped.
                        _ => self.emit_str(value.as_deref().unwrap_or(""))?,
                    }
                }
                // `${}` and `${#...}` expand to nothing useful: their text is skipped.
                stack.push(Frame {
                    parent_active: self.active,
                    outer_quote: *quote,
                });
                if stack.len() > max_depth {
                    return Err(self.over(Overflow::TooDeep));
                }
                self.active = self.active && word_used;
                *quote = None;
                Ok(after)
            }
            _ => {
                self.emit('$')?;
                Ok(i)
            }
        }
    }
}

/// Expands with no variables known: every reference counts as unset.
pub fn unquote(word: &str, escape: char) -> String {
    expand(word, escape, &|_| Var::Unset).value
}

/// The names of the variables a text refers to (outside single quotes), in order.
pub fn references(text: &str, escape: char) -> Vec<String> {
    let names = std::cell::RefCell::new(Vec::new());
    expand(text, escape, &|name| {
        names.borrow_mut().push(name.to_owned());
        Var::Unknown
    });
    names.into_inner()
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(name: &str) -> Var {
        match name {
            "GO" => Var::Value("1.25".into()),
            "EMPTY" => Var::Value("".into()),
            "LATER" => Var::Unknown,
            _ => Var::Unset,
        }
    }

    fn x(word: &str) -> String {
        expand(word, '\\', &vars).value
    }

    #[test]
    fn expands_plain_braced_and_default_forms() {
        assert_eq!(x("golang:$GO-alpine"), "golang:1.25-alpine");
        assert_eq!(x("golang:${GO}"), "golang:1.25");
        assert_eq!(x("${NOPE:-3.22}"), "3.22");
        assert_eq!(x("${EMPTY:-d}"), "d");
        assert_eq!(x("${EMPTY-d}"), "");
        assert_eq!(x("${GO:+set}"), "set");
        assert_eq!(x("${NOPE:+set}"), "");
        assert_eq!(x("${NOPE:-${GO}}"), "1.25");
    }

    #[test]
    fn quotes_and_escapes_follow_docker() {
        assert_eq!(x(r#""a b""#), "a b");
        assert_eq!(x("'$GO'"), "$GO");
        assert_eq!(x(r#""$GO""#), "1.25");
        assert_eq!(x(r"\$GO"), "$GO");
        assert_eq!(x(r#""\"q\"""#), "\"q\"");
        assert_eq!(expand("`$GO", '`', &vars).value, "$GO");
        assert_eq!(x("cost$"), "cost$");
        assert_eq!(x("${GO"), "1.25");
    }

    #[test]
    fn unset_is_empty_and_unknown_is_flagged() {
        let e = expand("$NOPE/$LATER", '\\', &vars);
        assert_eq!(e.value, "/");
        assert!(e.unknown);
        assert!(!expand("$NOPE", '\\', &vars).unknown);
        assert_eq!(
            references("a $X '${Y}' \"${Z:-$W}\"", '\\'),
            ["X", "Z", "W"]
        );
    }

    #[test]
    fn defaults_nest_without_recursion_up_to_the_depth_budget() {
        let nested =
            |levels: usize| format!("{}x{}", "${NOPE:-".repeat(levels), "}".repeat(levels));
        assert_eq!(expand_within(&nested(64), '\\', &vars, 1024, 64).value, "x");
        let deep = expand_within(&nested(10_000), '\\', &vars, 1024, 64);
        assert!(deep.unknown);
        assert_eq!(deep.overflow, Some(Overflow::TooDeep));
        // A `}` in quotes belongs to the default; the text after the braces stays.
        assert_eq!(x(r#"${NOPE:-"a}b"}c"#), "a}bc");
    }

    #[test]
    fn values_stop_at_the_size_budget() {
        let big = |name: &str| match name {
            "A" => Var::Value("a".repeat(40).into()),
            _ => Var::Unset,
        };
        assert_eq!(expand_within("$A", '\\', &big, 64, 8).value.len(), 40);
        let twice = expand_within("$A$A", '\\', &big, 64, 8);
        assert_eq!(
            (twice.unknown, twice.overflow),
            (true, Some(Overflow::TooLarge))
        );
    }

    #[test]
    fn a_skipped_default_is_not_looked_up() {
        let asked = std::cell::RefCell::new(Vec::new());
        let lookup = |name: &str| {
            asked.borrow_mut().push(name.to_owned());
            vars(name)
        };
        assert_eq!(
            expand("${GO:-$LATER}${NOPE:+$LATER}", '\\', &lookup).value,
            "1.25"
        );
        assert_eq!(asked.into_inner(), ["GO", "NOPE"]);
    }

    #[test]
    fn splits_words_at_unquoted_whitespace() {
        assert_eq!(
            split_words(r#"A="x y" B=z\ w C='q r'"#, '\\'),
            [r#"A="x y""#, r"B=z\ w", "C='q r'"]
        );
    }
}
