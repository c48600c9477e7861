//! The Dockerfile parser: text in, a [`Dockerfile`] and syntax findings out.
//!
//! It reads the way BuildKit reads: parser directives only at the very top, line
//! continuations with the active escape character (comment and blank lines inside
//! a continuation are skipped), heredocs on RUN, COPY and ADD, JSON (exec) form
//! that falls back to shell form when the JSON is invalid, and `--flag` words
//! before the arguments. It never fails and never panics: whatever Docker would
//! reject becomes a `GD1000` diagnostic and parsing goes on with the next line.

use std::collections::HashSet;

use super::expand::{split_words, unquote};
use super::limits::Limits;
use super::rules::budget::file_too_large;
use super::rules::syntax::{
    EMPTY_CONTINUATION_LINE, IGNORED_DIRECTIVE, LEGACY_KEY_VALUE, SYNTAX_ERROR,
};
use super::syntax::{
    Args, Command, Comment, Dockerfile, Flag, Heredoc, Instruction, Keyword, Pair, Transfer,
};
use crate::validate::{Diagnostic, Fix};

/// Parses `text` within the default budgets; findings name `file`.
pub fn parse(file: &str, text: &str) -> (Dockerfile, Vec<Diagnostic>) {
    parse_within(file, text, &Limits::DEFAULT)
}

/// Parses `text`, unless it is over the byte or line budget: then the tree is
/// empty and the one finding says so (`GD1005`).
pub fn parse_within(file: &str, text: &str, limits: &Limits) -> (Dockerfile, Vec<Diagnostic>) {
    if let Some(too_large) = file_too_large(file, text, limits) {
        let empty = Dockerfile {
            escape: '\\',
            ..Dockerfile::default()
        };
        return (empty, vec![too_large]);
    }
    let mut parser = Parser {
        file,
        lines: text
            .split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .collect(),
        df: Dockerfile {
            escape: '\\',
            ..Dockerfile::default()
        },
        diagnostics: Vec::new(),
    };
    if let Some(first) = parser.lines.first_mut() {
        *first = first.strip_prefix('\u{feff}').unwrap_or(first);
    }
    parser.run();
    (parser.df, parser.diagnostics)
}

struct Parser<'a> {
    file: &'a str,
    lines: Vec<&'a str>,
    df: Dockerfile,
    diagnostics: Vec<Diagnostic>,
}

/// The directives BuildKit knows; any other `# key=value` ends the directive block.
const DIRECTIVES: [&str; 3] = ["syntax", "escape", "check"];

/// `# key=value` as BuildKit's directive pattern reads it.
fn directive(line: &str) -> Option<(String, String)> {
    let body = line.trim_start().strip_prefix('#')?.trim_start();
    let (key, value) = body.split_once('=')?;
    let key = key.trim_end();
    let mut chars = key.chars();
    let ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric());
    let value = value.trim();
    (ok && !value.is_empty()).then(|| (key.to_ascii_lowercase(), value.to_owned()))
}

/// The line without its continuation escape, if it ends in one: the escape
/// character last (trailing blanks allowed) and not itself escaped.
fn strip_continuation(line: &str, escape: char) -> Option<&str> {
    let t = line.trim_end_matches([' ', '\t']);
    let before = t.strip_suffix(escape)?;
    (before.is_empty() || !before.ends_with(escape)).then_some(before)
}

fn is_comment(line: &str) -> bool {
    line.trim_start().starts_with('#')
}

fn line_no(index: usize) -> u32 {
    u32::try_from(index + 1).unwrap_or(u32::MAX)
}

/// The flags each instruction accepts.
fn allowed_flags(keyword: Keyword) -> &'static [&'static str] {
    match keyword {
        Keyword::From => &["platform"],
        Keyword::Run => &["mount", "network", "security", "device"],
        Keyword::Copy => &["from", "chown", "chmod", "link", "parents", "exclude"],
        Keyword::Add => &[
            "chown",
            "chmod",
            "link",
            "checksum",
            "keep-git-dir",
            "exclude",
            "unpack",
        ],
        Keyword::Healthcheck => &[
            "interval",
            "timeout",
            "start-period",
            "start-interval",
            "retries",
        ],
        _ => &[],
    }
}

/// At most this many findings about one instruction's flags.
const MAX_FLAG_FINDINGS: usize = 8;

/// Flags BuildKit lets an instruction repeat (`RUN --mount=... --mount=...`).
const REPEATABLE: [&str; 3] = ["mount", "device", "exclude"];

/// A duration as Go's `time.ParseDuration` reads it (`30s`, `1h30m`, `1.5s`,
/// `500ms`, `0`), in nanoseconds, negative ones included; `None` when Go rejects
/// it (`5x`, `5`, `5S`, ``) or it overflows.
fn go_duration(text: &str) -> Option<i128> {
    let (negative, mut rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if rest == "0" {
        return Some(0);
    }
    if rest.is_empty() {
        return None;
    }
    let mut total: f64 = 0.0;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let number = &rest[..digits];
        if number.is_empty() || number == "." || number.matches('.').count() > 1 {
            return None;
        }
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let scale: f64 = match &rest[..unit_len] {
            "ns" => 1.0,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            _ => return None,
        };
        rest = &rest[unit_len..];
        total += number.parse::<f64>().ok()? * scale;
        // Go's limit: about 292 years.
        if total > i64::MAX as f64 {
            return None;
        }
    }
    let nanos = total as i128;
    Some(if negative { -nanos } else { nanos })
}

/// Splits leading `--name[=value]` words off `text`; returns the flags and the
/// rest. A flag word ends at unquoted whitespace; `--` alone ends the flags.
fn split_flags(text: &str) -> (Vec<Flag>, &str) {
    let mut flags = Vec::new();
    let mut rest = text.trim_start();
    while let Some(after) = rest.strip_prefix("--") {
        let mut end = after.len();
        let mut quote: Option<char> = None;
        for (i, c) in after.char_indices() {
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == '"' || c == '\'' => quote = Some(c),
                None if c.is_whitespace() => {
                    end = i;
                    break;
                }
                None => {}
            }
        }
        let word = &after[..end];
        rest = after[end..].trim_start();
        if word.is_empty() {
            break;
        }
        let (name, value) = match word.split_once('=') {
            Some((n, v)) => (n, Some(v.to_owned())),
            None => (word, None),
        };
        flags.push(Flag {
            name: name.to_owned(),
            value,
        });
    }
    (flags, rest)
}

/// Exec form: a JSON array of strings, or `None` (then Docker uses shell form).
fn json_array(text: &str) -> Option<Vec<String>> {
    let t = text.trim();
    if !t.starts_with('[') || !t.ends_with(']') {
        return None;
    }
    let values: Vec<serde_json::Value> = serde_json::from_str(t).ok()?;
    values
        .into_iter()
        .map(|v| match v {
            serde_json::Value::String(s) => Some(s),
            _ => None,
        })
        .collect()
}

fn command(text: &str) -> Command {
    match json_array(text) {
        Some(words) => Command::Exec(words),
        None => Command::Shell(text.to_owned()),
    }
}

/// A heredoc opener found among the words of an instruction line.
struct Opener {
    name: String,
    strip_tabs: bool,
    expand: bool,
}

/// The heredoc openers (`<<EOF`, `<<-EOF`, `<<"EOF"`, `2<<EOF`) of a line, in
/// order: whole words only, as BuildKit finds them.
fn heredoc_openers(line: &str) -> Vec<Opener> {
    split_words(line, '\\')
        .iter()
        .filter_map(|word| {
            let after_fd = word.trim_start_matches(|c: char| c.is_ascii_digit());
            let after = after_fd.strip_prefix("<<")?;
            let (strip_tabs, rest) = match after.strip_prefix('-') {
                Some(r) => (true, r),
                None => (false, after),
            };
            if rest.is_empty() || rest.contains('<') {
                return None;
            }
            let name = unquote(rest, '\\');
            if name.is_empty() || name.chars().any(char::is_whitespace) {
                return None;
            }
            Some(Opener {
                name,
                strip_tabs,
                expand: !rest.contains(['"', '\'']),
            })
        })
        .collect()
}

/// The closest known keyword to a misspelt one, if it is close.
fn suggestion(word: &str) -> Option<&'static str> {
    // No keyword is within two edits of a word over 13 characters; this also
    // keeps a megabyte-long "word" from costing a megabyte-squared comparison.
    if word.len() > 13 {
        return None;
    }
    let upper = word.to_ascii_uppercase();
    Keyword::KNOWN
        .iter()
        .map(|(name, _)| (distance(&upper, name), *name))
        .filter(|(d, name)| *d <= 2 && *d < name.len())
        .min_by_key(|(d, _)| *d)
        .map(|(_, name)| name)
}

/// Levenshtein distance, for suggestions only (short words).
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// Stage names BuildKit accepts (after lower-casing): a letter, then letters,
/// digits, `-`, `_` and `.`.
fn valid_stage_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let mut chars = lower.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c))
}

/// Where an instruction starts, for building it and its findings.
struct Place<'l> {
    line: u32,
    column: u32,
    first_line: &'l str,
}

impl<'a> Parser<'a> {
    fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn syntax(&mut self, line: u32, column: u32, message: String) {
        let d = Diagnostic::at(&SYNTAX_ERROR, self.file, line, column, message);
        self.report(d);
    }

    fn run(&mut self) {
        let mut directives_open = true;
        let mut seen: Vec<String> = Vec::new();
        let mut i = 0;
        while i < self.lines.len() {
            let raw = self.lines[i];
            let line = line_no(i);
            if directives_open {
                match directive(raw) {
                    Some((key, value)) if DIRECTIVES.contains(&key.as_str()) => {
                        self.directive(&key, &value, line, &mut seen);
                        self.df.comments.push(Comment {
                            line,
                            text: raw.trim_start()[1..].trim().to_owned(),
                        });
                        i += 1;
                        continue;
                    }
                    _ => directives_open = false,
                }
            }
            let trimmed = raw.trim_start();
            if trimmed.is_empty() {
                i += 1;
                continue;
            }
            if let Some(body) = trimmed.strip_prefix('#') {
                if let Some((key, value)) = directive(raw) {
                    if key == "escape" || key == "syntax" {
                        let d = Diagnostic::at(
                            &IGNORED_DIRECTIVE,
                            self.file,
                            line,
                            1,
                            format!(
                                "parser directive `# {key}={value}` is ignored here: directives only count on the first lines, before any comment, blank line or instruction"
                            ),
                        )
                        .with_fix("move it to the very first line of the file");
                        self.report(d);
                    }
                }
                self.df.comments.push(Comment {
                    line,
                    text: body.trim().to_owned(),
                });
                i += 1;
                continue;
            }
            i = self.instruction(i);
        }
        self.finish();
    }

    fn directive(&mut self, key: &str, value: &str, line: u32, seen: &mut Vec<String>) {
        if seen.iter().any(|k| k == key) {
            self.syntax(
                line,
                1,
                format!("parser directive `{key}` appears twice: keep only the first"),
            );
            return;
        }
        seen.push(key.to_owned());
        match key {
            "escape" => match value {
                "\\" => self.df.escape = '\\',
                "`" => self.df.escape = '`',
                other => self.syntax(
                    line,
                    1,
                    format!("escape directive `{other}` is not valid: use \\ or `"),
                ),
            },
            "syntax" => self.df.syntax = Some(value.to_owned()),
            _ => {}
        }
    }

    /// Reads the instruction starting at line index `start`; returns the index of
    /// the line after it.
    fn instruction(&mut self, start: usize) -> usize {
        let escape = self.df.escape;
        let raw = self.lines[start];
        let trimmed = raw.trim_start();
        let column =
            u32::try_from(raw.chars().count() - trimmed.chars().count() + 1).unwrap_or(u32::MAX);
        let line = line_no(start);
        let mut i = start + 1;
        let mut joined = String::new();
        match strip_continuation(trimmed, escape) {
            None => joined.push_str(trimmed),
            Some(head) => {
                joined.push_str(head);
                let mut empty_line = None;
                let mut open = true;
                while open && i < self.lines.len() {
                    let next = self.lines[i];
                    i += 1;
                    if is_comment(next) {
                        continue;
                    }
                    if next.trim().is_empty() {
                        empty_line.get_or_insert(line_no(i - 1));
                        continue;
                    }
                    match strip_continuation(next, escape) {
                        Some(part) => joined.push_str(part),
                        None => {
                            joined.push_str(next);
                            open = false;
                        }
                    }
                }
                if let Some(empty) = empty_line {
                    let d = Diagnostic::at(
                        &EMPTY_CONTINUATION_LINE,
                        self.file,
                        empty,
                        1,
                        format!(
                            "empty line inside the continued instruction that starts on line {line}: BuildKit warns and will reject it"
                        ),
                    )
                    .with_fix("remove the blank line or end the instruction before it");
                    self.report(d);
                }
            }
        }
        let joined = joined.trim().to_owned();
        let place = Place {
            line,
            column,
            first_line: raw,
        };
        let mut instruction = self.build(&joined, &place);
        // Heredoc bodies follow the instruction line.
        let host = match &instruction.args {
            Args::Onbuild(inner) => inner.keyword,
            _ => instruction.keyword,
        };
        let exec_form = match &instruction.args {
            Args::Command(c) => c.is_exec(),
            Args::Transfer(t) => t.json,
            Args::Onbuild(inner) => match &inner.args {
                Args::Command(c) => c.is_exec(),
                Args::Transfer(t) => t.json,
                _ => false,
            },
            _ => false,
        };
        // Most lines have no `<<` at all: then there is no opener to look for.
        if matches!(host, Keyword::Run | Keyword::Copy | Keyword::Add)
            && !exec_form
            && joined.contains("<<")
        {
            let after_keyword = joined
                .split_once(char::is_whitespace)
                .map_or("", |(_, r)| r);
            for opener in heredoc_openers(after_keyword) {
                let body_line = line_no(i);
                let mut body = String::new();
                let mut terminated = false;
                while i < self.lines.len() {
                    let text = self.lines[i];
                    i += 1;
                    let candidate = if opener.strip_tabs {
                        text.trim_start_matches('\t')
                    } else {
                        text
                    };
                    if candidate == opener.name {
                        terminated = true;
                        break;
                    }
                    body.push_str(candidate);
                    body.push('\n');
                }
                if !terminated {
                    self.syntax(
                        line,
                        column,
                        format!(
                            "heredoc <<{} is never closed: end it with a line holding only {}",
                            opener.name, opener.name
                        ),
                    );
                }
                instruction.heredocs.push(Heredoc {
                    name: opener.name,
                    strip_tabs: opener.strip_tabs,
                    expand: opener.expand,
                    body,
                    line: body_line,
                });
            }
        }
        instruction.end_line = line_no(i.saturating_sub(1)).max(line);
        self.df.instructions.push(instruction);
        i
    }

    /// Builds an instruction from its joined text (keyword first).
    fn build(&mut self, text: &str, place: &Place) -> Instruction {
        let (keyword_text, after) = match text.split_once(char::is_whitespace) {
            Some((k, r)) => (k, r.trim_start()),
            None => (text, ""),
        };
        let keyword = Keyword::parse(keyword_text);
        let (flags, rest) = if keyword == Keyword::Onbuild {
            (Vec::new(), after)
        } else {
            split_flags(after)
        };
        let mut instruction = Instruction {
            keyword,
            keyword_text: keyword_text.to_owned(),
            flags,
            args: Args::Invalid,
            heredocs: Vec::new(),
            line: place.line,
            column: place.column,
            end_line: place.line,
            first_line: place.first_line.to_owned(),
            rest: rest.to_owned(),
        };
        if keyword == Keyword::Unknown {
            let hint = suggestion(keyword_text)
                .map(|k| format!(": did you mean {k}"))
                .unwrap_or_else(|| ": use one of FROM, RUN, COPY, ENV, ...".to_owned());
            self.syntax(
                place.line,
                place.column,
                format!("unknown instruction {keyword_text}{hint}"),
            );
            return instruction;
        }
        self.check_flags(&instruction);
        instruction.args = self.args(keyword, rest, place);
        instruction
    }

    /// Unknown, repeated and (on HEALTHCHECK) ill-formed flags. Docker stops at
    /// the first; here each problem with a flag is reported once, and at most
    /// [`MAX_FLAG_FINDINGS`] per instruction, so a line of a hundred thousand
    /// flags costs no more than a few.
    fn check_flags(&mut self, instruction: &Instruction) {
        let allowed = allowed_flags(instruction.keyword);
        // BuildKit reads the flags of `HEALTHCHECK NONE` not at all.
        let none = instruction
            .rest
            .split_whitespace()
            .next()
            .is_some_and(|w| w.eq_ignore_ascii_case("none"));
        let check_values = instruction.keyword == Keyword::Healthcheck && !none;
        let mut seen: HashSet<String> = HashSet::new();
        let mut repeated: HashSet<String> = HashSet::new();
        let before = self.diagnostics.len();
        for flag in &instruction.flags {
            if self.diagnostics.len() - before >= MAX_FLAG_FINDINGS {
                break;
            }
            let name = flag.name.to_ascii_lowercase();
            let first = seen.insert(name.clone());
            if allowed.contains(&name.as_str()) {
                if first {
                    if check_values {
                        self.healthcheck_flag(instruction, flag);
                    }
                } else if !REPEATABLE.contains(&name.as_str()) && repeated.insert(name.clone()) {
                    let column = instruction.column_of(&format!("--{}", flag.name));
                    self.syntax(
                        instruction.line,
                        column,
                        format!(
                            "{} sets --{name} twice, which BuildKit rejects: keep one",
                            instruction.keyword.as_str()
                        ),
                    );
                }
                continue;
            }
            if !first {
                continue;
            }
            let known = if allowed.is_empty() {
                format!("{} takes no flags", instruction.keyword.as_str())
            } else {
                let list: Vec<String> = allowed.iter().map(|a| format!("--{a}")).collect();
                format!("{} takes {}", instruction.keyword.as_str(), list.join(", "))
            };
            let column = instruction.column_of(&format!("--{}", flag.name));
            self.syntax(
                instruction.line,
                column,
                format!("unknown flag --{}: {known}", flag.name),
            );
        }
    }

    /// A HEALTHCHECK flag's value as BuildKit reads it: durations for Go's
    /// `time.ParseDuration` that are 0 or at least 1ms, and a whole number of
    /// retries that is not negative.
    fn healthcheck_flag(&mut self, instruction: &Instruction, flag: &Flag) {
        let name = flag.name.to_ascii_lowercase();
        let column = instruction.column_of(&format!("--{}", flag.name));
        let problem = match (name.as_str(), flag.value.as_deref()) {
            (_, None) => Some(format!(
                "HEALTHCHECK --{name} needs a value, such as --{name}={}",
                if name == "retries" { "3" } else { "30s" }
            )),
            ("retries", Some(value)) => match value.parse::<i32>() {
                Ok(n) if n < 0 => Some(format!(
                    "HEALTHCHECK --retries={value} is negative: write a count such as --retries=3"
                )),
                Ok(_) => None,
                Err(_) => Some(format!(
                    "HEALTHCHECK --retries={value} is not a whole number: write a count such as --retries=3"
                )),
            },
            (_, Some(value)) => match go_duration(value) {
                None => Some(format!(
                    "HEALTHCHECK --{name}={value} is not a duration: write a number and a unit (ns, us, ms, s, m or h), such as --{name}=30s"
                )),
                Some(nanos) if nanos != 0 && nanos < 1_000_000 => Some(format!(
                    "HEALTHCHECK --{name}={value} is less than 1ms, the least Docker accepts: use 1ms or more, or 0s for the default"
                )),
                Some(_) => None,
            },
        };
        if let Some(message) = problem {
            self.syntax(instruction.line, column, message);
        }
    }

    fn args(&mut self, keyword: Keyword, rest: &str, place: &Place) -> Args {
        let (line, column) = (place.line, place.column);
        let name = keyword.as_str();
        let missing = |parser: &mut Self, what: &str| {
            parser.syntax(line, column, format!("{name} needs {what}"));
            Args::Invalid
        };
        match keyword {
            Keyword::From => {
                let words: Vec<&str> = rest.split_whitespace().collect();
                match words.as_slice() {
                    [] => missing(self, "an image, such as golang:1.25-alpine"),
                    [image] => Args::From {
                        image: (*image).to_owned(),
                        alias: None,
                    },
                    [image, as_word, alias] if as_word.eq_ignore_ascii_case("as") => {
                        if !valid_stage_name(alias) {
                            self.syntax(
                                line,
                                column,
                                format!(
                                    "stage name {alias} is not valid: start with a letter and use only letters, digits, dots, dashes and underscores"
                                ),
                            );
                        }
                        Args::From {
                            image: (*image).to_owned(),
                            alias: Some((*alias).to_owned()),
                        }
                    }
                    _ => {
                        self.syntax(
                            line,
                            column,
                            format!("FROM takes an image and an optional `AS name`, not `{rest}`"),
                        );
                        Args::Invalid
                    }
                }
            }
            Keyword::Run => {
                if rest.trim().is_empty() {
                    return missing(self, "a command");
                }
                Args::Command(command(rest))
            }
            Keyword::Cmd | Keyword::Entrypoint => Args::Command(command(rest)),
            Keyword::Shell => match json_array(rest) {
                Some(words) if !words.is_empty() => Args::Shell(words),
                _ => {
                    self.syntax(
                        line,
                        column,
                        format!(
                            "SHELL must be a JSON array such as [\"/bin/sh\", \"-c\"], not `{rest}`"
                        ),
                    );
                    Args::Invalid
                }
            },
            Keyword::Healthcheck => {
                let (word, tail) = match rest.split_once(char::is_whitespace) {
                    Some((w, t)) => (w, t.trim_start()),
                    None => (rest, ""),
                };
                if word.eq_ignore_ascii_case("none") && tail.is_empty() {
                    Args::Healthcheck(None)
                } else if word.eq_ignore_ascii_case("cmd") && !tail.is_empty() {
                    Args::Healthcheck(Some(command(tail)))
                } else {
                    missing(self, "NONE or CMD followed by a command")
                }
            }
            Keyword::Copy | Keyword::Add => {
                let (words, json) = match json_array(rest) {
                    Some(words) => (words, true),
                    None => (rest.split_whitespace().map(str::to_owned).collect(), false),
                };
                match words.split_last() {
                    Some((dest, sources)) if !sources.is_empty() => Args::Transfer(Transfer {
                        sources: sources.to_vec(),
                        dest: dest.clone(),
                        json,
                    }),
                    _ => missing(self, "at least one source and a destination"),
                }
            }
            Keyword::Env | Keyword::Label => self.pairs(keyword, rest, place),
            Keyword::Arg => {
                let words = split_words(rest, self.df.escape);
                if words.is_empty() {
                    return missing(self, "a name, such as ARG GO_VERSION=1.25");
                }
                Args::Pairs(
                    words
                        .into_iter()
                        .map(|w| match w.split_once('=') {
                            Some((k, v)) => Pair {
                                key: k.to_owned(),
                                value: Some(v.to_owned()),
                            },
                            None => Pair {
                                key: w,
                                value: None,
                            },
                        })
                        .collect(),
                )
            }
            Keyword::Expose => {
                let words: Vec<String> = rest.split_whitespace().map(str::to_owned).collect();
                if words.is_empty() {
                    return missing(self, "a port, such as EXPOSE 8080");
                }
                Args::Words(words)
            }
            Keyword::Volume => {
                let words = json_array(rest)
                    .unwrap_or_else(|| rest.split_whitespace().map(str::to_owned).collect());
                if words.is_empty() {
                    return missing(self, "a path");
                }
                Args::Words(words)
            }
            Keyword::User | Keyword::Workdir | Keyword::Stopsignal | Keyword::Maintainer => {
                if rest.trim().is_empty() {
                    let what = match keyword {
                        Keyword::User => "a user, such as USER 65532:65532",
                        Keyword::Workdir => "a path, such as WORKDIR /app",
                        Keyword::Stopsignal => "a signal, such as SIGTERM",
                        _ => "a name",
                    };
                    return missing(self, what);
                }
                Args::Text(rest.trim().to_owned())
            }
            Keyword::Onbuild => {
                if rest.trim().is_empty() {
                    return missing(self, "an instruction to run later");
                }
                // Docker rejects a trigger that is itself ONBUILD: it is read no
                // further, so `ONBUILD ONBUILD ONBUILD …` costs one level, not one
                // copy of the rest of the line per word.
                let trigger = rest.split_whitespace().next().unwrap_or("");
                let inner = if Keyword::parse(trigger) == Keyword::Onbuild {
                    Instruction {
                        keyword: Keyword::Onbuild,
                        keyword_text: trigger.to_owned(),
                        flags: Vec::new(),
                        args: Args::Invalid,
                        heredocs: Vec::new(),
                        line: place.line,
                        column: place.column,
                        end_line: place.line,
                        first_line: String::new(),
                        rest: String::new(),
                    }
                } else {
                    self.build(rest, place)
                };
                if matches!(
                    inner.keyword,
                    Keyword::Onbuild | Keyword::From | Keyword::Maintainer
                ) {
                    self.syntax(
                        line,
                        column,
                        format!("ONBUILD cannot trigger {}", inner.keyword.as_str()),
                    );
                }
                Args::Onbuild(Box::new(inner))
            }
            Keyword::Unknown => Args::Invalid,
        }
    }

    /// ENV and LABEL: `key=value ...`, or the legacy `key value` form.
    fn pairs(&mut self, keyword: Keyword, rest: &str, place: &Place) -> Args {
        let name = keyword.as_str();
        let words = split_words(rest, self.df.escape);
        let Some(first) = words.first() else {
            self.syntax(
                place.line,
                place.column,
                format!("{name} needs key=value pairs"),
            );
            return Args::Invalid;
        };
        if !first.contains('=') {
            let Some((key, value)) = rest.trim().split_once(char::is_whitespace) else {
                self.syntax(
                    place.line,
                    place.column,
                    format!("{name} {first} has no value: write {name} {first}=value"),
                );
                return Args::Invalid;
            };
            let value = value.trim();
            let mut d = Diagnostic::at(
                &LEGACY_KEY_VALUE,
                self.file,
                place.line,
                place.column,
                format!("{name} {key} {value} uses the legacy space-separated form: write {name} {key}=value"),
            )
            .with_fix(format!("write {name} {key}=\"{value}\""));
            let keyword_text = place.first_line.split_whitespace().next().unwrap_or("");
            let single = !value.contains(['"', '\'', '\\', '`', '$'])
                && keyword_text.eq_ignore_ascii_case(name)
                && strip_continuation(place.first_line, self.df.escape).is_none();
            if single {
                let indent = &place.first_line
                    [..place.first_line.len() - place.first_line.trim_start().len()];
                d.fix = Some(Fix {
                    description: format!("write {name} {key}=\"{value}\""),
                    replacement_line: Some(format!("{indent}{keyword_text} {key}=\"{value}\"")),
                });
            }
            self.report(d);
            return Args::Pairs(vec![Pair {
                key: key.to_owned(),
                value: Some(value.to_owned()),
            }]);
        }
        let mut pairs = Vec::new();
        for word in words {
            match word.split_once('=') {
                Some((k, v)) if !k.is_empty() => pairs.push(Pair {
                    key: k.to_owned(),
                    value: Some(v.to_owned()),
                }),
                _ => self.syntax(
                    place.line,
                    place.column,
                    format!("{name} word `{word}` is not key=value: write it as KEY=value"),
                ),
            }
        }
        Args::Pairs(pairs)
    }

    fn finish(&mut self) {
        if self.df.instructions.is_empty() {
            self.syntax(
                1,
                1,
                "the file has no instructions: a Dockerfile needs at least FROM".to_owned(),
            );
        } else if !self
            .df
            .instructions
            .iter()
            .any(|i| i.keyword == Keyword::From)
        {
            let first = &self.df.instructions[0];
            let (line, column) = (first.line, first.column);
            self.syntax(
                line,
                column,
                "the file has no FROM instruction, so there is no stage to build: start with FROM and a base image".to_owned(),
            );
        }
    }
}
