//! The Dockerfile syntax tree the parser builds and the rules read.
//!
//! It keeps what Docker keeps (instructions with their flags and arguments,
//! heredoc bodies, the escape character) plus where each instruction is, so every
//! finding can name a line and column. Values are stored as written; `expand`
//! turns them into what Docker would use.

/// A parsed Dockerfile: its parser directives and its instructions in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dockerfile {
    /// The active escape character: `\` unless a `# escape=` directive chose `` ` ``.
    pub escape: char,
    /// The `# syntax=` directive's value, if any.
    pub syntax: Option<String>,
    pub instructions: Vec<Instruction>,
    /// Every comment line outside a heredoc, in order (pragmas live there).
    pub comments: Vec<Comment>,
}

/// One comment line: the text after `#`, trimmed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    pub line: u32,
    pub text: String,
}

/// The instruction keywords Docker knows, and the rest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Keyword {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
    Unknown,
}

impl Keyword {
    /// Every known keyword, in upper case as documented.
    pub const KNOWN: [(&'static str, Keyword); 18] = [
        ("ADD", Keyword::Add),
        ("ARG", Keyword::Arg),
        ("CMD", Keyword::Cmd),
        ("COPY", Keyword::Copy),
        ("ENTRYPOINT", Keyword::Entrypoint),
        ("ENV", Keyword::Env),
        ("EXPOSE", Keyword::Expose),
        ("FROM", Keyword::From),
        ("HEALTHCHECK", Keyword::Healthcheck),
        ("LABEL", Keyword::Label),
        ("MAINTAINER", Keyword::Maintainer),
        ("ONBUILD", Keyword::Onbuild),
        ("RUN", Keyword::Run),
        ("SHELL", Keyword::Shell),
        ("STOPSIGNAL", Keyword::Stopsignal),
        ("USER", Keyword::User),
        ("VOLUME", Keyword::Volume),
        ("WORKDIR", Keyword::Workdir),
    ];

    /// The keyword for a word, case-insensitively (Docker accepts `run` and `Run`).
    pub fn parse(word: &str) -> Keyword {
        Keyword::KNOWN
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(word))
            .map_or(Keyword::Unknown, |&(_, k)| k)
    }

    /// The documented spelling, `?` for an unknown keyword.
    pub fn as_str(self) -> &'static str {
        Keyword::KNOWN
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("?", |(name, _)| name)
    }
}

/// One instruction, possibly spanning several lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instruction {
    pub keyword: Keyword,
    /// The keyword as written (`run`, `FORM`...).
    pub keyword_text: String,
    /// The `--name[=value]` words between the keyword and the arguments.
    pub flags: Vec<Flag>,
    /// What the arguments mean for this keyword.
    pub args: Args,
    /// Heredoc bodies (`<<EOF` ... `EOF`) attached to RUN, COPY or ADD.
    pub heredocs: Vec<Heredoc>,
    /// 1-based line of the keyword.
    pub line: u32,
    /// 1-based column of the keyword (in characters).
    pub column: u32,
    /// 1-based line of the instruction's last line (heredoc terminator included).
    pub end_line: u32,
    /// The first physical line exactly as written, for columns and safe fixes.
    pub first_line: String,
    /// The arguments after the flags, continuation lines joined, as written.
    pub rest: String,
}

impl Instruction {
    /// The value of `--name=value`, if the flag is present (`Some("")` for `--name`).
    pub fn flag(&self, name: &str) -> Option<&str> {
        self.flags
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(name))
            .map(|f| f.value.as_deref().unwrap_or(""))
    }

    /// The 1-based column where `needle` first appears on the instruction's first
    /// line at or after the keyword, or the keyword's column when it is not there
    /// (it may sit on a continuation line).
    pub fn column_of(&self, needle: &str) -> u32 {
        let start = self
            .first_line
            .char_indices()
            .nth(self.column.saturating_sub(1) as usize)
            .map_or(0, |(i, _)| i);
        match self.first_line.get(start..).and_then(|s| s.find(needle)) {
            Some(at) if !needle.is_empty() => {
                let byte = start + at;
                self.first_line[..byte].chars().count() as u32 + 1
            }
            _ => self.column,
        }
    }

    /// Whether the instruction sits on one line alone, so a replacement line can
    /// stand in for all of it.
    pub fn is_single_line(&self) -> bool {
        self.line == self.end_line
    }

    /// The first line's leading whitespace, to keep indentation in a replacement.
    pub fn indent(&self) -> &str {
        let trimmed = self.first_line.trim_start();
        &self.first_line[..self.first_line.len() - trimmed.len()]
    }
}

/// A `--name` or `--name=value` instruction flag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flag {
    pub name: String,
    pub value: Option<String>,
}

/// A heredoc attached to an instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heredoc {
    /// The delimiter word, quotes removed (`EOF`).
    pub name: String,
    /// `<<-`: leading tabs are stripped from the body and the terminator.
    pub strip_tabs: bool,
    /// False when the delimiter was quoted: the body is taken literally.
    pub expand: bool,
    /// The body, each line ending in `\n`.
    pub body: String,
    /// 1-based line of the body's first line.
    pub line: u32,
}

/// A command in exec (JSON) or shell form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// `["executable", "arg"]`: run directly, no shell.
    Exec(Vec<String>),
    /// Plain text handed to the shell (`/bin/sh -c` unless SHELL changed it).
    Shell(String),
}

impl Command {
    /// The command as one line of shell text: exec-form words joined by spaces,
    /// which is how hadolint reads them too.
    pub fn text(&self) -> String {
        match self {
            Command::Exec(words) => words.join(" "),
            Command::Shell(text) => text.clone(),
        }
    }

    pub fn is_exec(&self) -> bool {
        matches!(self, Command::Exec(_))
    }
}

/// `key=value` of ENV and LABEL, or `name[=default]` of ARG, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pair {
    pub key: String,
    /// The raw value (quotes and `$` references included); `None` for `ARG name`.
    pub value: Option<String>,
}

/// The sources and destination of COPY or ADD.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transfer {
    pub sources: Vec<String>,
    pub dest: String,
    /// Written in JSON form.
    pub json: bool,
}

/// The arguments of an instruction, read the way its keyword reads them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Args {
    /// `FROM image [AS name]`.
    From {
        image: String,
        alias: Option<String>,
    },
    /// RUN, CMD and ENTRYPOINT.
    Command(Command),
    /// SHELL: always exec form.
    Shell(Vec<String>),
    /// `HEALTHCHECK CMD ...` (`Some`) or `HEALTHCHECK NONE` (`None`).
    Healthcheck(Option<Command>),
    /// COPY and ADD.
    Transfer(Transfer),
    /// ENV, LABEL and ARG.
    Pairs(Vec<Pair>),
    /// EXPOSE and VOLUME: the words (or JSON items for VOLUME).
    Words(Vec<String>),
    /// USER, WORKDIR, STOPSIGNAL, MAINTAINER: the whole text.
    Text(String),
    /// ONBUILD's trigger instruction.
    Onbuild(Box<Instruction>),
    /// An unknown keyword, or arguments the parser rejected (already reported).
    Invalid,
}
