//! The small regular-expression engine the Ingress step needs: ingress-nginx turns
//! paths into case-insensitive nginx locations (`location ~* "^/service-a(/|$)(.*)"`)
//! and rewrites with their capture groups.
//!
//! It is a backtracking matcher with PCRE's leftmost-first choices (alternatives in
//! order, greedy quantifiers by default), which is what decides the captures `$1`,
//! `$2` nginx substitutes. It covers the RE2 subset Kubernetes admits in Ingress
//! paths that such paths use: literals and escapes, `.`, classes (`[a-z]`, `\d`,
//! `\w`, `\s`), groups (capturing, `(?:…)`, named), `|`, `^`, `$` and the
//! quantifiers `* + ? {n} {n,} {n,m}` (lazy with `?`). Anything else is refused with
//! a reason rather than guessed. A step budget keeps pathological patterns from
//! hanging the page: over budget counts as no match.

/// The most matching steps one match may take.
const STEP_BUDGET: usize = 200_000;

#[derive(Clone, Debug, PartialEq)]
enum ClassItem {
    Range(char, char),
    Digit(bool),
    Word(bool),
    Space(bool),
}

#[derive(Clone, Debug, PartialEq)]
enum Node {
    Char(char),
    Any,
    Class {
        items: Vec<ClassItem>,
        negated: bool,
    },
    Start,
    End,
    Group {
        alternatives: Vec<Vec<Node>>,
        capture: Option<usize>,
    },
    Repeat {
        node: Box<Node>,
        min: u32,
        max: Option<u32>,
        greedy: bool,
    },
}

/// A compiled, case-insensitive pattern.
#[derive(Clone, Debug, PartialEq)]
pub struct Regex {
    root: Vec<Vec<Node>>,
    groups: usize,
}

/// The span of each capture group (index 0 is the whole match).
pub type Captures = Vec<Option<(usize, usize)>>;

struct Parser<'a> {
    chars: &'a [char],
    at: usize,
    groups: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn alternatives(&mut self) -> Result<Vec<Vec<Node>>, String> {
        let mut alternatives = vec![self.sequence()?];
        while self.eat('|') {
            alternatives.push(self.sequence()?);
        }
        Ok(alternatives)
    }

    fn sequence(&mut self) -> Result<Vec<Node>, String> {
        let mut nodes = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            nodes.push(self.quantified(atom)?);
        }
        Ok(nodes)
    }

    fn number(&mut self) -> Option<u32> {
        let start = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.at += 1;
        }
        let digits: String = self.chars[start..self.at].iter().collect();
        digits.parse().ok()
    }

    fn quantified(&mut self, atom: Node) -> Result<Node, String> {
        let (min, max) = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => {
                let save = self.at;
                self.at += 1;
                let Some(min) = self.number() else {
                    // RE2 reads a '{' that starts no repetition as a literal.
                    self.at = save;
                    return Ok(atom);
                };
                let max = if self.eat(',') {
                    if self.peek() == Some('}') {
                        None
                    } else {
                        Some(self.number().ok_or("a repetition {n,m} needs a number m")?)
                    }
                } else {
                    Some(min)
                };
                if self.peek() != Some('}') {
                    return Err("a repetition {n,m} is not closed with '}'".into());
                }
                if max.is_some_and(|max| max < min) {
                    return Err(format!(
                        "repetition {{{min},…}} has its maximum below {min}"
                    ));
                }
                (min, max)
            }
            _ => return Ok(atom),
        };
        self.at += 1;
        if matches!(atom, Node::Start | Node::End) {
            return Err("an anchor cannot be repeated".into());
        }
        let greedy = !self.eat('?');
        if matches!(self.peek(), Some('*' | '+' | '?' | '{')) {
            return Err("a quantifier cannot follow another one".into());
        }
        Ok(Node::Repeat {
            node: Box::new(atom),
            min,
            max,
            greedy,
        })
    }

    fn escape(&mut self) -> Result<ClassOrChar, String> {
        let c = self.peek().ok_or("the pattern ends with a lone '\\'")?;
        self.at += 1;
        Ok(match c {
            'd' => ClassOrChar::Class(ClassItem::Digit(true)),
            'D' => ClassOrChar::Class(ClassItem::Digit(false)),
            'w' => ClassOrChar::Class(ClassItem::Word(true)),
            'W' => ClassOrChar::Class(ClassItem::Word(false)),
            's' => ClassOrChar::Class(ClassItem::Space(true)),
            'S' => ClassOrChar::Class(ClassItem::Space(false)),
            'n' => ClassOrChar::Char('\n'),
            't' => ClassOrChar::Char('\t'),
            c if c.is_ascii_punctuation() => ClassOrChar::Char(c),
            c => {
                return Err(format!(
                    "the escape \\{c} is not supported by this simulator"
                ))
            }
        })
    }

    fn class(&mut self) -> Result<Node, String> {
        let negated = self.eat('^');
        let mut items = Vec::new();
        let mut first = true;
        loop {
            let c = self.peek().ok_or("a character class '[' is not closed")?;
            if c == ']' && !first {
                self.at += 1;
                break;
            }
            first = false;
            self.at += 1;
            let low = if c == '\\' {
                match self.escape()? {
                    ClassOrChar::Class(item) => {
                        items.push(item);
                        continue;
                    }
                    ClassOrChar::Char(c) => c,
                }
            } else {
                c
            };
            if self.peek() == Some('-') && self.chars.get(self.at + 1).is_some_and(|&n| n != ']') {
                self.at += 1;
                let high = self.peek().ok_or("a character class '[' is not closed")?;
                self.at += 1;
                let high = if high == '\\' {
                    match self.escape()? {
                        ClassOrChar::Char(c) => c,
                        ClassOrChar::Class(_) => {
                            return Err("a class range cannot end in \\d, \\w or \\s".into())
                        }
                    }
                } else {
                    high
                };
                if high < low {
                    return Err(format!("class range {low}-{high} is reversed"));
                }
                items.push(ClassItem::Range(low, high));
            } else {
                items.push(ClassItem::Range(low, low));
            }
        }
        Ok(Node::Class { items, negated })
    }

    fn atom(&mut self) -> Result<Node, String> {
        let c = self.peek().ok_or("the pattern ends too early")?;
        self.at += 1;
        Ok(match c {
            '.' => Node::Any,
            '^' => Node::Start,
            '$' => Node::End,
            '[' => self.class()?,
            '\\' => match self.escape()? {
                ClassOrChar::Char(c) => Node::Char(c),
                ClassOrChar::Class(item) => Node::Class {
                    items: vec![item],
                    negated: false,
                },
            },
            '(' => {
                let capture = if self.eat('?') {
                    if self.eat(':') {
                        None
                    } else if self.eat('P') || self.peek() == Some('<') {
                        if !self.eat('<') {
                            return Err("a named group is written (?P<name>…)".into());
                        }
                        while self.peek().is_some_and(|c| c != '>') {
                            self.at += 1;
                        }
                        if !self.eat('>') {
                            return Err("a group name is not closed with '>'".into());
                        }
                        self.groups += 1;
                        Some(self.groups)
                    } else {
                        return Err(
                            "group flags such as (?i) are not supported by this simulator".into(),
                        );
                    }
                } else {
                    self.groups += 1;
                    Some(self.groups)
                };
                let alternatives = self.alternatives()?;
                if !self.eat(')') {
                    return Err("a group '(' is not closed".into());
                }
                Node::Group {
                    alternatives,
                    capture,
                }
            }
            ')' => return Err("a ')' closes no group".into()),
            '*' | '+' | '?' => return Err(format!("'{c}' repeats nothing")),
            c => Node::Char(c),
        })
    }
}

enum ClassOrChar {
    Class(ClassItem),
    Char(char),
}

/// Case-insensitive equality of two characters (nginx's `~*`).
fn same(a: char, b: char) -> bool {
    a == b || a.to_lowercase().eq(b.to_lowercase())
}

impl ClassItem {
    fn contains(&self, c: char) -> bool {
        match *self {
            ClassItem::Range(low, high) => {
                let within = |c: char| (low..=high).contains(&c);
                within(c) || c.to_lowercase().any(within) || c.to_uppercase().any(within)
            }
            ClassItem::Digit(yes) => c.is_ascii_digit() == yes,
            ClassItem::Word(yes) => (c.is_ascii_alphanumeric() || c == '_') == yes,
            ClassItem::Space(yes) => c.is_ascii_whitespace() == yes,
        }
    }
}

struct Matcher<'a> {
    text: &'a [char],
    captures: Captures,
    steps: usize,
}

type Next<'k, 'a> = &'k mut dyn FnMut(&mut Matcher<'a>, usize) -> bool;

impl<'a> Matcher<'a> {
    fn sequence(&mut self, nodes: &[Node], at: usize, next: Next<'_, 'a>) -> bool {
        match nodes.split_first() {
            None => next(self, at),
            Some((first, rest)) => self.node(first, at, &mut |m, at| m.sequence(rest, at, next)),
        }
    }

    fn node(&mut self, node: &Node, at: usize, next: Next<'_, 'a>) -> bool {
        self.steps += 1;
        if self.steps > STEP_BUDGET {
            return false;
        }
        let here = self.text.get(at).copied();
        match node {
            Node::Char(c) => here.is_some_and(|h| same(h, *c)) && next(self, at + 1),
            Node::Any => here.is_some_and(|h| h != '\n') && next(self, at + 1),
            Node::Class { items, negated } => {
                here.is_some_and(|h| items.iter().any(|i| i.contains(h)) != *negated)
                    && next(self, at + 1)
            }
            Node::Start => at == 0 && next(self, at),
            Node::End => at == self.text.len() && next(self, at),
            Node::Group {
                alternatives,
                capture,
            } => alternatives.iter().any(|alternative| {
                self.sequence(alternative, at, &mut |m, end| match capture {
                    Some(i) => {
                        let old = m.captures[*i];
                        m.captures[*i] = Some((at, end));
                        next(m, end) || {
                            m.captures[*i] = old;
                            false
                        }
                    }
                    None => next(m, end),
                })
            }),
            Node::Repeat {
                node,
                min,
                max,
                greedy,
            } => self.repeat(node, (*min, *max, *greedy), 0, at, next),
        }
    }

    fn repeat(
        &mut self,
        node: &Node,
        bounds: (u32, Option<u32>, bool),
        count: u32,
        at: usize,
        next: Next<'_, 'a>,
    ) -> bool {
        let (min, max, greedy) = bounds;
        if count < min {
            return self.node(node, at, &mut |m, end| {
                m.repeat(node, bounds, count + 1, end, next)
            });
        }
        let may_grow = max.is_none_or(|max| count < max);
        // An iteration that consumes nothing would loop forever; it ends the repeat.
        let grow = |m: &mut Matcher<'a>, next: Next<'_, 'a>| {
            may_grow
                && m.node(node, at, &mut |m, end| {
                    end != at && m.repeat(node, bounds, count + 1, end, next)
                })
        };
        // Greedy tries one more iteration before stopping; lazy the other way round.
        (greedy && grow(self, next)) || next(self, at) || (!greedy && grow(self, next))
    }
}

impl Regex {
    /// Compiles `pattern`, or says what this engine cannot read in it.
    pub fn new(pattern: &str) -> Result<Regex, String> {
        let chars: Vec<char> = pattern.chars().collect();
        let mut parser = Parser {
            chars: &chars,
            at: 0,
            groups: 0,
        };
        let root = parser.alternatives()?;
        if parser.at != chars.len() {
            return Err("a ')' closes no group".into());
        }
        Ok(Regex {
            root,
            groups: parser.groups,
        })
    }

    /// Matches at the start of `text` (nginx's `~* "^…"`), ignoring letter case.
    /// The captures are in bytes of `text`, index 0 being the whole match.
    pub fn match_start(&self, text: &str) -> Option<Captures> {
        let chars: Vec<char> = text.chars().collect();
        let mut m = Matcher {
            text: &chars,
            captures: vec![None; self.groups + 1],
            steps: 0,
        };
        let matched = self.root.iter().any(|alternative| {
            m.sequence(alternative, 0, &mut |m, end| {
                m.captures[0] = Some((0, end));
                true
            })
        });
        if !matched {
            return None;
        }
        // Char positions to byte offsets, so callers can slice `text`.
        let offsets: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        Some(
            m.captures
                .into_iter()
                .map(|span| span.map(|(s, e)| (offsets[s], offsets[e])))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(pattern: &str, text: &str) -> Option<Vec<String>> {
        let re = Regex::new(pattern).unwrap();
        re.match_start(text).map(|caps| {
            caps.iter()
                .map(|c| c.map_or(String::new(), |(s, e)| text[s..e].to_owned()))
                .collect()
        })
    }

    #[test]
    fn the_ingress_prefix_pattern_captures_like_pcre() {
        let p = "/service-a(/|$)(.*)";
        assert_eq!(
            groups(p, "/service-a/users/1"),
            Some(vec![
                "/service-a/users/1".into(),
                "/".into(),
                "users/1".into()
            ])
        );
        assert_eq!(
            groups(p, "/service-a"),
            Some(vec!["/service-a".into(), String::new(), String::new()])
        );
        assert_eq!(groups(p, "/service-ab/ping"), None);
        assert_eq!(
            groups(p, "/SERVICE-A/x").map(|g| g[2].clone()),
            Some("x".into())
        );
    }

    #[test]
    fn classes_quantifiers_and_laziness() {
        assert!(groups("/v[0-9]+/", "/v12/x").is_some());
        assert!(groups("/v\\d{2}$", "/v1").is_none());
        assert_eq!(groups("/(a+?)(a*)", "/aaa").unwrap()[1], "a");
        assert_eq!(groups("/(?:x|y)(?P<n>z)", "/yz").unwrap()[1], "z");
        assert!(groups("/[^/]+$", "/abc").is_some());
        assert!(groups("/[^/]+$", "/a/c").is_none());
        assert!(groups("/a{2,3}x", "/aaax").is_some());
        assert!(groups("/é+", "/ÉÉ").is_some());
    }

    #[test]
    fn unsupported_or_broken_patterns_are_refused_with_a_reason() {
        for pattern in [
            "/(a", "/a)", "/[a", "*a", "/(?i)a", "/\\bx", "/a{3,1}", "/a**",
        ] {
            assert!(Regex::new(pattern).is_err(), "{pattern}");
        }
    }

    #[test]
    fn catastrophic_patterns_stop_at_the_budget() {
        let re = Regex::new("(a*)*b").unwrap();
        assert_eq!(re.match_start(&"a".repeat(40)), None);
    }
}
