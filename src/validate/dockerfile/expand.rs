//! Docker's word rules: splitting arguments into words and expanding `$VAR`,
//! `${VAR}` and `${VAR:-default}` the way the builder does for FROM, COPY, ENV,
//! EXPOSE, USER, WORKDIR and friends (RUN text is left to the shell).
//!
//! Expansion never fails: an unset variable becomes empty, as in Docker; one that
//! is declared without a value (an `ARG` given only at build time) marks the
//! result as unknown, so rules do not guess.

/// What a variable is at some point of the build.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Var {
    /// Never declared: expands to the empty string.
    Unset,
    /// Declared without a value (`ARG NAME`): only the build knows it.
    Unknown,
    Value(String),
}

/// The result of expanding a word.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expansion {
    pub value: String,
    /// Some referenced variable has no known value, so `value` is a guess.
    pub unknown: bool,
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

/// Expands one word: removes quotes and escapes and replaces variable references
/// using `lookup`.
pub fn expand(word: &str, escape: char, lookup: &dyn Fn(&str) -> Var) -> Expansion {
    let chars: Vec<char> = word.chars().collect();
    let mut out = Expansion::default();
    let mut i = 0;
    let mut quote: Option<char> = None;
    while i < chars.len() {
        let c = chars[i];
        match quote {
            Some('\'') => {
                if c == '\'' {
                    quote = None;
                } else {
                    out.value.push(c);
                }
                i += 1;
            }
            Some(_) => {
                if c == '"' {
                    quote = None;
                    i += 1;
                } else if c == escape {
                    match chars.get(i + 1) {
                        Some(&n) if n == '"' || n == '$' || n == escape => {
                            out.value.push(n);
                            i += 2;
                        }
                        _ => {
                            out.value.push(c);
                            i += 1;
                        }
                    }
                } else if c == '$' {
                    i = reference(&chars, i, escape, lookup, &mut out);
                } else {
                    out.value.push(c);
                    i += 1;
                }
            }
            None => {
                if c == '\'' || c == '"' {
                    quote = Some(c);
                    i += 1;
                } else if c == escape {
                    match chars.get(i + 1) {
                        Some(&n) => out.value.push(n),
                        None => out.value.push(c),
                    }
                    i += 2;
                } else if c == '$' {
                    i = reference(&chars, i, escape, lookup, &mut out);
                } else {
                    out.value.push(c);
                    i += 1;
                }
            }
        }
    }
    out
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

/// Reads the reference starting at `chars[start] == '$'`, appends its expansion
/// and returns the index after it.
fn reference(
    chars: &[char],
    start: usize,
    escape: char,
    lookup: &dyn Fn(&str) -> Var,
    out: &mut Expansion,
) -> usize {
    let mut i = start + 1;
    match chars.get(i) {
        Some(&c) if is_name_start(c) => {
            let from = i;
            while i < chars.len() && is_name_char(chars[i]) {
                i += 1;
            }
            let name: String = chars[from..i].iter().collect();
            let value = resolve(&name, lookup, out);
            out.value.push_str(&value.unwrap_or_default());
            i
        }
        Some('{') => {
            i += 1;
            let from = i;
            while i < chars.len() && is_name_char(chars[i]) {
                i += 1;
            }
            let name: String = chars[from..i].iter().collect();
            // The modifier (`:-`, `-`, `:+`, `+`, `:?`, `?` or a pattern operator)
            // and its word, up to the matching brace.
            let body_start = i;
            let mut depth = 1;
            while i < chars.len() {
                match chars[i] {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            let body: String = chars[body_start..i.min(chars.len())].iter().collect();
            let end = i + 1;
            if name.is_empty() {
                // `${}` or `${#...}`: nothing Docker would expand usefully.
                return end;
            }
            let value = resolve(&name, lookup, out);
            let (colon, rest) = match body.strip_prefix(':') {
                Some(r) => (true, r),
                None => (false, body.as_str()),
            };
            let set = value.is_some();
            let non_empty = value.as_deref().is_some_and(|v| !v.is_empty());
            let present = if colon { non_empty } else { set };
            let word = |w: &str, out: &mut Expansion| {
                let inner = expand(w, escape, lookup);
                out.unknown |= inner.unknown;
                out.value.push_str(&inner.value);
            };
            match rest.chars().next() {
                Some('-') => {
                    if present {
                        out.value.push_str(&value.unwrap_or_default());
                    } else {
                        word(&rest[1..], out);
                    }
                }
                Some('+') => {
                    if present {
                        word(&rest[1..], out);
                    }
                }
                _ => out.value.push_str(&value.unwrap_or_default()),
            }
            end
        }
        _ => {
            out.value.push('$');
            i
        }
    }
}

/// Looks a name up, noting unknown variables; `None` when unset.
fn resolve(name: &str, lookup: &dyn Fn(&str) -> Var, out: &mut Expansion) -> Option<String> {
    match lookup(name) {
        Var::Value(v) => Some(v),
        Var::Unknown => {
            out.unknown = true;
            Some(String::new())
        }
        Var::Unset => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(name: &str) -> Var {
        match name {
            "GO" => Var::Value("1.25".into()),
            "EMPTY" => Var::Value(String::new()),
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
    fn splits_words_at_unquoted_whitespace() {
        assert_eq!(
            split_words(r#"A="x y" B=z\ w C='q r'"#, '\\'),
            [r#"A="x y""#, r"B=z\ w", "C='q r'"]
        );
    }
}
