//! Go's lexical grammar: identifiers, literals (interpreted and raw strings, runes,
//! numbers), operators, comments skipped, and the automatic semicolons of the Go
//! specification ("Semicolons"), so the parser sees statements as the compiler does.

/// One token and the line it starts on (1-based).
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub kind: Kind,
    pub line: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// An identifier or keyword.
    Ident(String),
    /// An integer literal's value, when it fits.
    Int(Option<i64>),
    /// A floating-point or imaginary literal (never needed for routes).
    Float,
    /// A rune literal's value.
    Rune(char),
    /// A string literal's value, escapes decoded.
    Str(String),
    /// An operator or delimiter.
    Op(&'static str),
    /// `;`, written or inserted at a line end.
    Semi,
    Eof,
}

/// Operators longest first, so `<<=` wins over `<<` and `<`.
const OPERATORS: &[&str] = &[
    "<<=", ">>=", "&^=", "...", "&&", "||", "<-", "++", "--", "==", "!=", "<=", ">=", ":=", "+=",
    "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<", ">>", "&^", "+", "-", "*", "/", "%", "&", "|",
    "^", "<", ">", "=", "!", "~", "(", ")", "[", "]", "{", "}", ",", ".", ":",
];

/// What the tokenizer could not read: the line and why. The tokens before it are kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexError {
    pub line: u32,
    pub message: String,
}

/// The tokens of a Go source file, ending with `Eof`. A malformed literal stops the
/// file there with an error: what came before is still usable.
pub fn tokenize(text: &str) -> (Vec<Token>, Option<LexError>) {
    let mut lexer = Lexer {
        chars: text.chars().collect(),
        at: 0,
        line: 1,
        tokens: Vec::new(),
    };
    let error = lexer.run().err();
    let line = lexer.line;
    lexer.semicolon_at_line_end(line);
    lexer.tokens.push(Token {
        kind: Kind::Eof,
        line,
    });
    (lexer.tokens, error)
}

struct Lexer {
    chars: Vec<char>,
    at: usize,
    line: u32,
    tokens: Vec<Token>,
}

impl Lexer {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.at + ahead).copied()
    }

    fn push(&mut self, kind: Kind, line: u32) {
        self.tokens.push(Token { kind, line });
    }

    fn fail<T>(&self, line: u32, message: &str) -> Result<T, LexError> {
        Err(LexError {
            line,
            message: message.to_owned(),
        })
    }

    /// The specification's rule: a line's last token, when it is an identifier, a
    /// literal, `break`/`continue`/`fallthrough`/`return`, `++`, `--`, `)`, `]` or
    /// `}`, is followed by a semicolon.
    fn semicolon_at_line_end(&mut self, line: u32) {
        let wants = match self.tokens.last().map(|t| &t.kind) {
            Some(Kind::Ident(_) | Kind::Int(_) | Kind::Float | Kind::Rune(_) | Kind::Str(_)) => {
                true
            }
            Some(Kind::Op(op)) => matches!(*op, "++" | "--" | ")" | "]" | "}"),
            _ => false,
        };
        if wants {
            self.push(Kind::Semi, line);
        }
    }

    fn run(&mut self) -> Result<(), LexError> {
        while let Some(c) = self.peek(0) {
            let line = self.line;
            match c {
                '\n' => {
                    self.semicolon_at_line_end(line);
                    self.line += 1;
                    self.at += 1;
                }
                c if c.is_whitespace() => self.at += 1,
                '/' if self.peek(1) == Some('/') => {
                    while self.peek(0).is_some_and(|c| c != '\n') {
                        self.at += 1;
                    }
                }
                '/' if self.peek(1) == Some('*') => {
                    self.at += 2;
                    let mut newline = false;
                    loop {
                        match self.peek(0) {
                            None => return self.fail(line, "comment not terminated"),
                            Some('*') if self.peek(1) == Some('/') => {
                                self.at += 2;
                                break;
                            }
                            Some('\n') => {
                                newline = true;
                                self.line += 1;
                                self.at += 1;
                            }
                            Some(_) => self.at += 1,
                        }
                    }
                    // A general comment spanning lines acts like a newline.
                    if newline {
                        self.semicolon_at_line_end(line);
                    }
                }
                c if c.is_alphabetic() || c == '_' => {
                    let start = self.at;
                    while self
                        .peek(0)
                        .is_some_and(|c| c.is_alphanumeric() || c == '_')
                    {
                        self.at += 1;
                    }
                    let word: String = self.chars[start..self.at].iter().collect();
                    self.push(Kind::Ident(word), line);
                }
                c if c.is_ascii_digit()
                    || (c == '.' && self.peek(1).is_some_and(|d| d.is_ascii_digit())) =>
                {
                    let kind = self.number();
                    self.push(kind, line);
                }
                ';' => {
                    self.at += 1;
                    self.push(Kind::Semi, line);
                }
                '"' => {
                    let value = self.interpreted()?;
                    self.push(Kind::Str(value), line);
                }
                '`' => {
                    self.at += 1;
                    let mut value = String::new();
                    loop {
                        match self.peek(0) {
                            None => return self.fail(line, "raw string not terminated"),
                            Some('`') => break,
                            Some(c) => {
                                if c == '\n' {
                                    self.line += 1;
                                }
                                // Carriage returns are discarded from raw strings.
                                if c != '\r' {
                                    value.push(c);
                                }
                                self.at += 1;
                            }
                        }
                    }
                    self.at += 1;
                    self.push(Kind::Str(value), line);
                }
                '\'' => {
                    self.at += 1;
                    let value = match self.peek(0) {
                        Some('\\') => self.escape('\'')?,
                        Some(c) if c != '\n' && c != '\'' => {
                            self.at += 1;
                            Some(c)
                        }
                        _ => return self.fail(line, "malformed rune literal"),
                    };
                    if self.peek(0) != Some('\'') {
                        return self.fail(line, "rune literal not terminated");
                    }
                    self.at += 1;
                    self.push(Kind::Rune(value.unwrap_or('\u{fffd}')), line);
                }
                _ => {
                    let Some(op) = OPERATORS
                        .iter()
                        .find(|op| op.chars().enumerate().all(|(i, o)| self.peek(i) == Some(o)))
                    else {
                        return self.fail(line, &format!("unexpected character {c:?}"));
                    };
                    self.at += op.chars().count();
                    self.push(Kind::Op(op), line);
                }
            }
        }
        Ok(())
    }

    /// A number literal (decimal, `0x`, `0o`, `0b`, legacy octal, `_` separators,
    /// floats with exponents, imaginary `i`).
    fn number(&mut self) -> Kind {
        let start = self.at;
        let mut float = false;
        let radix = match (self.peek(0), self.peek(1)) {
            (Some('0'), Some('x' | 'X')) => 16,
            (Some('0'), Some('o' | 'O')) => 8,
            (Some('0'), Some('b' | 'B')) => 2,
            _ => 10,
        };
        if radix != 10 {
            self.at += 2;
        }
        loop {
            match self.peek(0) {
                Some(c) if c.is_ascii_hexdigit() || c == '_' => {
                    if radix == 10 && matches!(c, 'e' | 'E') {
                        float = true;
                        self.at += 1;
                        if matches!(self.peek(0), Some('+' | '-')) {
                            self.at += 1;
                        }
                        continue;
                    }
                    if radix != 16 && c.is_ascii_alphabetic() {
                        break;
                    }
                    self.at += 1;
                }
                Some('.') => {
                    float = true;
                    self.at += 1;
                }
                Some('p' | 'P') if radix == 16 => {
                    float = true;
                    self.at += 1;
                    if matches!(self.peek(0), Some('+' | '-')) {
                        self.at += 1;
                    }
                }
                _ => break,
            }
        }
        if self.peek(0) == Some('i') {
            self.at += 1;
            return Kind::Float;
        }
        if float {
            return Kind::Float;
        }
        let text: String = self.chars[start..self.at]
            .iter()
            .filter(|c| **c != '_')
            .collect();
        let value = match radix {
            10 if text.len() > 1 && text.starts_with('0') => {
                i64::from_str_radix(&text[1..], 8).ok()
            }
            10 => text.parse().ok(),
            _ => i64::from_str_radix(&text[2..], radix).ok(),
        };
        Kind::Int(value)
    }

    /// An interpreted string literal, the opening quote under the cursor.
    fn interpreted(&mut self) -> Result<String, LexError> {
        let line = self.line;
        self.at += 1;
        let mut value = String::new();
        loop {
            match self.peek(0) {
                None | Some('\n') => return self.fail(line, "string literal not terminated"),
                Some('"') => {
                    self.at += 1;
                    return Ok(value);
                }
                Some('\\') => {
                    if let Some(c) = self.escape('"')? {
                        value.push(c);
                    }
                }
                Some(c) => {
                    value.push(c);
                    self.at += 1;
                }
            }
        }
    }

    /// One escape sequence, the backslash under the cursor. Byte escapes that are no
    /// character on their own (`\xff`) read as U+FFFD: paths and ports never hold them.
    fn escape(&mut self, quote: char) -> Result<Option<char>, LexError> {
        let line = self.line;
        self.at += 1;
        let Some(c) = self.peek(0) else {
            return self.fail(line, "escape sequence not terminated");
        };
        self.at += 1;
        let simple = match c {
            'a' => Some('\u{7}'),
            'b' => Some('\u{8}'),
            'f' => Some('\u{c}'),
            'n' => Some('\n'),
            'r' => Some('\r'),
            't' => Some('\t'),
            'v' => Some('\u{b}'),
            '\\' => Some('\\'),
            c if c == quote => Some(c),
            _ => None,
        };
        if simple.is_some() {
            return Ok(simple);
        }
        let (digits, radix) = match c {
            'x' => (2, 16),
            'u' => (4, 16),
            'U' => (8, 16),
            '0'..='7' => {
                self.at -= 1;
                (3, 8)
            }
            _ => return self.fail(line, &format!("unknown escape sequence \\{c}")),
        };
        let mut code: u32 = 0;
        for _ in 0..digits {
            let Some(d) = self.peek(0).and_then(|d| d.to_digit(radix)) else {
                return self.fail(line, "malformed escape sequence");
            };
            code = code * radix + d;
            self.at += 1;
        }
        Ok(Some(char::from_u32(code).unwrap_or('\u{fffd}')))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Kind> {
        let (tokens, error) = tokenize(text);
        assert_eq!(error, None);
        tokens.into_iter().map(|t| t.kind).collect()
    }

    fn ident(s: &str) -> Kind {
        Kind::Ident(s.into())
    }

    #[test]
    fn comments_and_strings_hide_what_looks_like_code() {
        let text = "// r.GET(\"/a\")\n/* r.GET(\"/b\") */ x := `r.GET(\"/c\")` + \"\\\"/d\"";
        assert_eq!(
            kinds(text),
            vec![
                ident("x"),
                Kind::Op(":="),
                Kind::Str("r.GET(\"/c\")".into()),
                Kind::Op("+"),
                Kind::Str("\"/d".into()),
                Kind::Semi,
                Kind::Eof
            ]
        );
    }

    #[test]
    fn semicolons_are_inserted_where_go_inserts_them() {
        assert_eq!(
            kinds("a(\n)\nreturn\nb +\nc"),
            vec![
                ident("a"),
                Kind::Op("("),
                Kind::Op(")"),
                Kind::Semi,
                ident("return"),
                Kind::Semi,
                ident("b"),
                Kind::Op("+"),
                ident("c"),
                Kind::Semi,
                Kind::Eof
            ]
        );
        // A comment spanning lines ends the line like a newline does.
        assert_eq!(kinds("a /*\n*/ b")[1], Kind::Semi);
    }

    #[test]
    fn literals_decode() {
        assert_eq!(
            kinds("'\\n' '\\'' 'é' \"\\x41\\u00e9\\101\" 0x1F 0o17 017 1_000 1.5 2i 0b11 1e3")
                [..12],
            [
                Kind::Rune('\n'),
                Kind::Rune('\''),
                Kind::Rune('é'),
                Kind::Str("AéA".into()),
                Kind::Int(Some(31)),
                Kind::Int(Some(15)),
                Kind::Int(Some(15)),
                Kind::Int(Some(1000)),
                Kind::Float,
                Kind::Float,
                Kind::Int(Some(3)),
                Kind::Float,
            ]
        );
        let (tokens, _) = tokenize("a\n\n`x\ny`\nb");
        assert_eq!(
            tokens.iter().find(|t| t.kind == ident("b")).unwrap().line,
            5
        );
    }

    #[test]
    fn malformed_input_stops_with_a_line() {
        let (tokens, error) = tokenize("a\n\"open\nb");
        assert_eq!(error.unwrap().line, 2);
        assert_eq!(tokens[0].kind, ident("a"));
        assert_eq!(tokenize("x := 'ab'").1.unwrap().line, 1);
        assert!(tokenize("a $ b").1.is_some());
    }
}
