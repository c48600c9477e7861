//! A small reader of POSIX shell text, enough for rules about RUN commands: the
//! simple commands a script runs (in lists, pipelines, subshells, `if`/`for`
//! bodies and `$(...)` substitutions), their leading `NAME=value` assignments,
//! their arguments with quotes removed, and whether the script has a pipe.
//!
//! It is not a shell: it never expands anything and it tolerates broken input
//! (an unclosed quote simply ends the text) without failing or panicking.

use super::limits::Limits;

/// One simple command: `CGO_ENABLED=0 go build -o /out .`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SimpleCommand {
    /// Leading `NAME=value` words.
    pub assignments: Vec<(String, String)>,
    /// The command word as written (quotes removed): `go`, `/usr/bin/sudo`.
    pub name: String,
    /// The remaining words, quotes removed, redirections left out.
    pub args: Vec<String>,
}

impl SimpleCommand {
    /// The flags among the arguments, the way hadolint counts them: `-abc` gives
    /// `a`, `b`, `c`; `--name=value` gives `name`.
    pub fn flags(&self) -> Vec<&str> {
        let mut flags = Vec::new();
        for arg in &self.args {
            if arg == "-" || arg == "--" {
                continue;
            }
            if let Some(long) = arg.strip_prefix("--") {
                flags.push(long.split('=').next().unwrap_or(long));
            } else if let Some(short) = arg.strip_prefix('-') {
                for (i, c) in short.char_indices() {
                    flags.push(&short[i..i + c.len_utf8()]);
                }
            }
        }
        flags
    }

    pub fn has_flag(&self, name: &str) -> bool {
        self.flags().contains(&name)
    }

    pub fn has_arg(&self, arg: &str) -> bool {
        self.args.iter().any(|a| a == arg)
    }

    /// `name` with any directory removed: `/bin/bash` is `bash`.
    pub fn basename(&self) -> &str {
        self.name.rsplit('/').next().unwrap_or(&self.name)
    }

    /// The arguments that are not flags.
    pub fn operands(&self) -> impl Iterator<Item = &str> {
        self.args
            .iter()
            .map(String::as_str)
            .filter(|a| !a.starts_with('-') || *a == "-")
    }

    /// The value an assignment gives `name` for this command, if it sets one.
    pub fn assignment(&self, name: &str) -> Option<&str> {
        self.assignments
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What a script runs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Script {
    /// Every simple command with a name, in the order they run: the commands of
    /// a `$(...)` substitution come before the command that uses its output.
    pub commands: Vec<SimpleCommand>,
    /// How many `|` or `|&` pipes the script has.
    pub pipes: usize,
}

/// Reads a script, following substitutions as deep as [`Limits::DEFAULT`] allows.
pub fn parse(text: &str) -> Script {
    parse_within(text, Limits::DEFAULT.max_substitution_depth)
}

/// Reads a script, following `$(...)` and backquote substitutions at most
/// `max_depth` deep; deeper text is still consumed, just not read for commands.
pub fn parse_within(text: &str, max_depth: u32) -> Script {
    let chars: Vec<char> = text.chars().collect();
    let mut reader = Reader {
        chars: &chars,
        pos: 0,
        script: Script::default(),
        depth: 0,
        max_depth,
    };
    reader.list();
    reader.script
}

#[derive(Debug, PartialEq)]
enum Token {
    Word(String),
    /// `&&`, `||`, `;`, `;;`, `&`, `(`, `)`.
    Separator,
    /// A line break: heredoc bodies start after it.
    Newline,
    Pipe,
    /// A redirection operator; the next word is its target, not an argument.
    Redirect {
        heredoc: Option<bool>,
    },
    End,
}

/// Words that open or close shell constructs rather than name a command.
const RESERVED: [&str; 14] = [
    "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}", "esac",
    "time",
];

struct Reader<'c> {
    chars: &'c [char],
    pos: usize,
    script: Script,
    depth: u32,
    max_depth: u32,
}

impl Reader<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.pos + offset).copied()
    }

    /// Reads commands until the end of the text.
    fn list(&mut self) {
        let mut current = SimpleCommand::default();
        let mut words: Vec<String> = Vec::new();
        let mut pending_heredocs: Vec<(String, bool)> = Vec::new();
        let mut in_for = false;
        let mut case_depth = 0u32;
        loop {
            let token = self.token();
            match token {
                Token::Word(word) => {
                    if in_for {
                        continue;
                    }
                    if words.is_empty() && current.name.is_empty() {
                        if current.assignments.is_empty() && word == "esac" {
                            case_depth = case_depth.saturating_sub(1);
                            continue;
                        }
                        if current.assignments.is_empty() && RESERVED.contains(&word.as_str()) {
                            continue;
                        }
                        if current.assignments.is_empty() && (word == "for" || word == "select") {
                            in_for = true;
                            continue;
                        }
                        if current.assignments.is_empty() && word == "case" {
                            case_depth += 1;
                            in_for = true;
                            continue;
                        }
                        if case_depth > 0 && self.next_is_close_paren() {
                            // A `pattern)` of a case statement.
                            self.pos += 1;
                            continue;
                        }
                        if let Some((name, value)) = assignment(&word) {
                            current.assignments.push((name, value));
                            continue;
                        }
                        current.name = word;
                    } else {
                        words.push(word);
                    }
                }
                Token::Redirect { heredoc } => {
                    // The target word belongs to the redirection.
                    if let Token::Word(target) = self.token() {
                        if let Some(strip) = heredoc {
                            pending_heredocs.push((target, strip));
                        }
                    }
                }
                Token::Pipe | Token::Separator | Token::Newline | Token::End => {
                    if token == Token::Pipe {
                        self.script.pipes += 1;
                    }
                    in_for = false;
                    if current.name.is_empty() {
                        current = SimpleCommand::default();
                        words.clear();
                    } else {
                        current.args = std::mem::take(&mut words);
                        self.script.commands.push(std::mem::take(&mut current));
                    }
                    if token == Token::Newline {
                        // Heredoc bodies are data for their command, not commands.
                        for (delimiter, strip) in std::mem::take(&mut pending_heredocs) {
                            self.skip_heredoc_body(&delimiter, strip);
                        }
                    }
                    if token == Token::End {
                        break;
                    }
                }
            }
        }
    }

    fn next_is_close_paren(&self) -> bool {
        let mut p = self.pos;
        while self.chars.get(p).is_some_and(|c| *c == ' ' || *c == '\t') {
            p += 1;
        }
        self.chars.get(p) == Some(&')')
    }

    /// Moves past one heredoc body and its terminator line; the reader sits at the
    /// start of the body's first line.
    fn skip_heredoc_body(&mut self, delimiter: &str, strip: bool) {
        let delimiter = delimiter.replace(['"', '\''], "");
        while self.pos < self.chars.len() {
            let start = self.pos;
            while self.peek().is_some_and(|c| c != '\n') {
                self.pos += 1;
            }
            let line: String = self.chars[start..self.pos].iter().collect();
            if self.peek() == Some('\n') {
                self.pos += 1;
            }
            let candidate = if strip {
                line.trim_start_matches('\t')
            } else {
                line.as_str()
            };
            if candidate == delimiter {
                return;
            }
        }
    }

    fn skip_blanks(&mut self) {
        loop {
            match self.peek() {
                Some(' ' | '\t' | '\r') => self.pos += 1,
                // A backslash-newline joins lines.
                Some('\\') if self.peek_at(1) == Some('\n') => self.pos += 2,
                Some('#') => {
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.pos += 1;
                    }
                }
                _ => return,
            }
        }
    }

    fn token(&mut self) -> Token {
        self.skip_blanks();
        let Some(c) = self.peek() else {
            return Token::End;
        };
        match c {
            '\n' => {
                self.pos += 1;
                Token::Newline
            }
            ';' | '(' | ')' => {
                self.pos += 1;
                if c == ';' && self.peek() == Some(';') {
                    self.pos += 1;
                }
                Token::Separator
            }
            '&' => {
                self.pos += 1;
                match self.peek() {
                    Some('&') => {
                        self.pos += 1;
                        Token::Separator
                    }
                    Some('>') => {
                        self.pos += 1;
                        if self.peek() == Some('>') {
                            self.pos += 1;
                        }
                        Token::Redirect { heredoc: None }
                    }
                    _ => Token::Separator,
                }
            }
            '|' => {
                self.pos += 1;
                match self.peek() {
                    Some('|') => {
                        self.pos += 1;
                        Token::Separator
                    }
                    Some('&') => {
                        self.pos += 1;
                        Token::Pipe
                    }
                    _ => Token::Pipe,
                }
            }
            '<' | '>' => self.redirect(),
            d if d.is_ascii_digit() && self.is_fd_redirect() => {
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.pos += 1;
                }
                self.redirect()
            }
            _ => Token::Word(self.word()),
        }
    }

    /// Digits directly followed by `<` or `>`: a file-descriptor redirection.
    fn is_fd_redirect(&self) -> bool {
        let mut p = self.pos;
        while self.chars.get(p).is_some_and(char::is_ascii_digit) {
            p += 1;
        }
        matches!(self.chars.get(p), Some('<' | '>'))
    }

    fn redirect(&mut self) -> Token {
        let first = self.peek();
        self.pos += 1;
        if first == Some('<') && self.peek() == Some('<') {
            self.pos += 1;
            if self.peek() == Some('<') {
                self.pos += 1;
                return Token::Redirect { heredoc: None };
            }
            let strip = self.peek() == Some('-');
            if strip {
                self.pos += 1;
            }
            return Token::Redirect {
                heredoc: Some(strip),
            };
        }
        if matches!(self.peek(), Some('>' | '&' | '|')) {
            self.pos += 1;
        }
        Token::Redirect { heredoc: None }
    }

    /// Reads one word, removing quotes; substitutions inside are read for
    /// commands and kept as written.
    fn word(&mut self) -> String {
        let mut word = String::new();
        while let Some(c) = self.peek() {
            match c {
                ' ' | '\t' | '\r' | '\n' | ';' | '&' | '|' | '<' | '>' | '(' | ')' => break,
                '\\' => {
                    self.pos += 1;
                    match self.peek() {
                        Some('\n') => self.pos += 1,
                        Some(n) => {
                            word.push(n);
                            self.pos += 1;
                        }
                        None => word.push('\\'),
                    }
                }
                '\'' => {
                    self.pos += 1;
                    while let Some(n) = self.peek() {
                        self.pos += 1;
                        if n == '\'' {
                            break;
                        }
                        word.push(n);
                    }
                }
                '"' => {
                    self.pos += 1;
                    self.double_quoted(&mut word);
                }
                '$' => self.dollar(&mut word),
                '`' => {
                    self.pos += 1;
                    let start = self.pos;
                    while self.peek().is_some_and(|n| n != '`') {
                        if self.peek() == Some('\\') {
                            self.pos += 1;
                        }
                        self.pos += 1;
                    }
                    let end = self.pos.min(self.chars.len());
                    self.pos = (self.pos + 1).min(self.chars.len());
                    self.nested(start..end);
                    word.push('`');
                    word.extend(&self.chars[start..end]);
                    word.push('`');
                }
                _ => {
                    word.push(c);
                    self.pos += 1;
                }
            }
        }
        word
    }

    fn double_quoted(&mut self, word: &mut String) {
        while let Some(c) = self.peek() {
            match c {
                '"' => {
                    self.pos += 1;
                    return;
                }
                '\\' => {
                    self.pos += 1;
                    match self.peek() {
                        Some(n @ ('"' | '\\' | '$' | '`')) => {
                            word.push(n);
                            self.pos += 1;
                        }
                        Some('\n') => self.pos += 1,
                        _ => word.push('\\'),
                    }
                }
                '$' => self.dollar(word),
                _ => {
                    word.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    /// `$(...)`, `$((...))`, `${...}`, `$name` or a lone `$`.
    fn dollar(&mut self, word: &mut String) {
        let start = self.pos;
        self.pos += 1;
        match self.peek() {
            Some('(') => {
                let arithmetic = self.peek_at(1) == Some('(');
                self.pos += 1;
                let inner_start = self.pos;
                let inner_end = self.skip_balanced('(', ')');
                if !arithmetic {
                    self.nested(inner_start..inner_end);
                }
            }
            Some('{') => {
                self.pos += 1;
                self.skip_balanced('{', '}');
            }
            _ => {}
        }
        let text: String = self.chars[start..self.pos.min(self.chars.len())]
            .iter()
            .collect();
        word.push_str(&text);
    }

    /// Moves past the closer matching an opener just consumed, minding quotes;
    /// returns the index of the closer (or the end).
    fn skip_balanced(&mut self, open: char, close: char) -> usize {
        let mut depth = 1;
        while let Some(c) = self.peek() {
            match c {
                '\\' => self.pos += 1,
                '\'' => {
                    self.pos += 1;
                    while self.peek().is_some_and(|n| n != '\'') {
                        self.pos += 1;
                    }
                }
                '"' => {
                    self.pos += 1;
                    while self.peek().is_some_and(|n| n != '"') {
                        if self.peek() == Some('\\') {
                            self.pos += 1;
                        }
                        self.pos += 1;
                    }
                }
                c if c == open => depth += 1,
                c if c == close => {
                    depth -= 1;
                    if depth == 0 {
                        let at = self.pos;
                        self.pos += 1;
                        return at;
                    }
                }
                _ => {}
            }
            self.pos += 1;
        }
        self.pos = self.chars.len();
        self.chars.len()
    }

    /// Reads a substitution's text (a range of this reader's characters, read
    /// in place rather than copied) for its commands and pipes.
    fn nested(&mut self, inner: std::ops::Range<usize>) {
        if self.depth >= self.max_depth {
            return;
        }
        let mut reader = Reader {
            chars: &self.chars[inner],
            pos: 0,
            script: Script::default(),
            depth: self.depth + 1,
            max_depth: self.max_depth,
        };
        reader.list();
        self.script.pipes += reader.script.pipes;
        self.script.commands.extend(reader.script.commands);
    }
}

/// `NAME=value` with a valid shell name.
fn assignment(word: &str) -> Option<(String, String)> {
    let (name, value) = word.split_once('=')?;
    let mut chars = name.chars();
    let ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    ok.then(|| (name.to_owned(), value.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        parse(text).commands.into_iter().map(|c| c.name).collect()
    }

    #[test]
    fn finds_commands_in_lists_pipelines_and_substitutions() {
        assert_eq!(
            names("apk add git && cd /src; go build ./... || exit 1"),
            ["apk", "cd", "go", "exit"]
        );
        assert_eq!(names("curl -s x | sh"), ["curl", "sh"]);
        // Substitutions run before the command that uses their output.
        assert_eq!(
            names("echo $(cd /x && pwd) `uname`"),
            ["cd", "pwd", "uname", "echo"]
        );
        assert_eq!(
            names("if [ -f x ]; then cd /x; else true; fi"),
            ["[", "cd", "true"]
        );
        assert_eq!(names("for f in a b; do rm $f; done"), ["rm"]);
        assert_eq!(names("(cd /x && make)"), ["cd", "make"]);
        assert_eq!(names("echo 'a | b' \"c && d\""), ["echo"]);
    }

    #[test]
    fn separates_assignments_quotes_and_redirections() {
        let script =
            parse("CGO_ENABLED=0 GOOS=linux go build -o \"/out/server\" . 2>&1 >/dev/null");
        let go = &script.commands[0];
        assert_eq!(go.name, "go");
        assert_eq!(go.assignment("CGO_ENABLED"), Some("0"));
        assert_eq!(go.args, ["build", "-o", "/out/server", "."]);
        assert_eq!(script.pipes, 0);
    }

    #[test]
    fn counts_pipes_but_not_or_lists() {
        assert_eq!(parse("a | b |& c").pipes, 2);
        assert_eq!(parse("a || b").pipes, 0);
        assert_eq!(parse("x=$(a | b)").pipes, 1);
    }

    #[test]
    fn reads_flags_like_hadolint() {
        let c = &parse("apk add --no-cache -Uv curl=8.0 --virtual=.deps").commands[0];
        assert_eq!(c.flags(), ["no-cache", "U", "v", "virtual"]);
        assert!(c.has_flag("no-cache"));
        assert_eq!(c.operands().collect::<Vec<_>>(), ["add", "curl=8.0"]);
    }

    #[test]
    fn heredoc_bodies_are_data_not_commands() {
        let script = parse("cat <<EOF > /etc/conf\nline | not a pipe\nEOF\necho done");
        assert_eq!(script.pipes, 0);
        assert_eq!(
            names("cat <<-EOF > /etc/conf\n\trm -rf /\n\tEOF\necho done"),
            ["cat", "echo"]
        );
    }

    #[test]
    fn never_panics_on_broken_text() {
        for text in [
            "'",
            "\"",
            "$(",
            "${",
            "`",
            "a |",
            "<<",
            "2>",
            "\\",
            "case x in a) b;; esac",
        ] {
            parse(text);
        }
    }
}
