//! The one place that calls the YAML crate (serde-saphyr).
//!
//! serde-saphyr quotes strings YAML 1.1 readers would take for booleans or numbers
//! (`on`, `yes`, `0x10`), so what we write means the same to kubectl as to us.
//!
//! For validation, [`parse_stream`] reads a multi-document stream from
//! serde-saphyr's parser events into a [`Stream`]: a tree of nodes that keep their
//! line and column, their scalar style and their tags, so a validator can tell an
//! unquoted `on` from a quoted one and point at the exact key it talks about. It
//! never fails: syntax errors and budget breaches become [`Problem`]s, and the
//! documents read before (and after) a broken one are kept.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_saphyr::granit_parser::{self, Event, Parser, ScalarStyle, Span, StrInput};
use thiserror::Error;

use crate::budget::{Budget, Exceeded, Size};

pub mod tracked;

/// Why a value could not be written as YAML.
#[derive(Debug, Error)]
pub enum YamlError {
    /// The serializer rejected the value (for example a map with non-string keys).
    #[error("could not write YAML: {0}")]
    Write(String),
    /// The text is not YAML of the expected shape, or exceeds the parser's budget.
    #[error("could not read YAML: {0}")]
    Read(String),
}

/// Writes one value as a YAML document. Lists sit at their key's indentation, as
/// `kubectl get -o yaml` writes them (`tests/yamllint.yaml` accepts that layout).
pub fn to_yaml<T: Serialize>(value: &T) -> Result<String, YamlError> {
    serde_saphyr::to_string(value).map_err(|e| YamlError::Write(e.to_string()))
}

/// How many plain scalars [`from_yaml`] reads again as text before it gives up.
const MAX_TEXT_RETRIES: usize = 256;

/// Reads one YAML (or JSON) document into a typed value.
///
/// The text is read by [`parse_stream`] within the budget of a manifest stream
/// ([`Budget::STREAM`]; so an alias bomb fails
/// instead of exhausting memory); a syntax problem, a duplicate key, a budget
/// breach or a second document is an error with its line and column (the first of
/// them in the text), and so is a value of the wrong shape. The tree is typed through `serde_json::Value`, one deserializer for every
/// type: serde-saphyr's typed reader instantiated for the design's types made up a
/// seventh of the shipped wasm. A plain scalar that YAML 1.1 reads as a boolean or a
/// number (`on`, `0x10`) is taken as its text where the type wants a string, as a
/// typed YAML reader would. The typing ([`tracked`]) knows the path of the value
/// that did not fit, which leads back to its node for the line and column.
pub fn from_yaml<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    from_yaml_within(text, &Budget::STREAM)
}

/// [`from_yaml`] within `budget` rather than that of a manifest stream.
pub fn from_yaml_within<T: DeserializeOwned>(text: &str, budget: &Budget) -> Result<T, YamlError> {
    let stream = parse_stream(text, budget);
    let at = |pos: Pos| format!("line {} column {}", pos.line, pos.column);
    let second = stream
        .documents
        .get(1)
        .map(|d| (d.pos, "a second document, where one is expected"));
    let first_problem = stream
        .problems
        .iter()
        .map(|p| (p.pos, p.message.as_str()))
        .chain(second)
        .min_by_key(|(pos, _)| *pos);
    if let Some((pos, message)) = first_problem {
        return Err(YamlError::Read(format!("{}: {message}", at(pos))));
    }
    let root = stream.documents.first().map(|d| d.root);
    let mut as_text = HashSet::new();
    loop {
        let value = root.map_or(serde_json::Value::Null, |r| {
            json_value(&stream, r, &as_text)
        });
        let error = match tracked::from_value::<T>(&value) {
            Ok(typed) => return Ok(typed),
            Err(error) => error,
        };
        let found = root.map(|r| node_at(&stream, r, &error.path));
        let message = error.message;
        // serde_json words the one mismatch a typed YAML reader resolves by reading
        // the scalar's text as "invalid type: boolean `true`, expected a string".
        if let Some((_, value)) = found {
            let value = stream.target(value);
            let plain = matches!(
                stream.node(value).kind,
                NodeKind::Scalar {
                    style: Style::Plain,
                    tag: None,
                    ..
                }
            );
            if plain
                && message.ends_with("expected a string")
                && as_text.len() < MAX_TEXT_RETRIES
                && as_text.insert(value)
            {
                continue;
            }
        }
        let place = match found {
            Some((shown, _)) => at(stream.pos(shown)),
            None => "the document".to_owned(),
        };
        return Err(YamlError::Read(if error.path.is_empty() {
            format!("{place}: {message}")
        } else {
            format!("{place} ({}): {message}", tracked::path_text(&error.path))
        }));
    }
}

/// Every document of a stream as a JSON value (YAML 1.1 scalars, aliases expanded),
/// within the stream budget; a stream with a syntax problem gives its first.
pub fn documents_as_json(text: &str) -> Result<Vec<serde_json::Value>, YamlError> {
    let stream = parse_stream(text, &Budget::STREAM);
    if let Some(p) = stream.problems.first() {
        return Err(YamlError::Read(format!(
            "line {} column {}: {}",
            p.pos.line, p.pos.column, p.message
        )));
    }
    let none = HashSet::new();
    Ok(stream
        .documents
        .iter()
        .map(|d| json_value(&stream, d.root, &none))
        .collect())
}

/// The JSON value of a node: scalars resolved as [`Stream::scalar`] does (YAML 1.1),
/// except the nodes in `as_text`, which are their text; aliases expanded, merge keys
/// applied.
fn json_value(stream: &Stream<'_>, id: NodeId, as_text: &HashSet<NodeId>) -> serde_json::Value {
    use serde_json::Value;
    let id = stream.target(id);
    match &stream.node(id).kind {
        NodeKind::Scalar { text, .. } if as_text.contains(&id) => Value::String(text.to_string()),
        NodeKind::Scalar { text, .. } => match stream.scalar(id) {
            Some(Scalar::Null) | None => Value::Null,
            Some(Scalar::Bool(b)) => Value::Bool(b),
            Some(Scalar::Int(i)) => Value::from(i),
            Some(Scalar::Float(f)) => serde_json::Number::from_f64(f)
                .map_or_else(|| Value::String(text.to_string()), Value::Number),
            Some(Scalar::Str(s)) => Value::String(s.to_owned()),
        },
        NodeKind::Seq(items) => Value::Array(
            items
                .iter()
                .map(|item| json_value(stream, *item, as_text))
                .collect(),
        ),
        NodeKind::Map(_) => Value::Object(
            stream
                .entries(id)
                .iter()
                .map(|(k, v)| {
                    let key = stream.text(*k).unwrap_or_default().to_owned();
                    (key, json_value(stream, *v, as_text))
                })
                .collect(),
        ),
        // `target` resolved aliases above.
        NodeKind::Alias(_) => Value::Null,
    }
}

/// Where a serde error path leads from `root`: the node to show (for a mapping key,
/// the key itself, where a reader looks for an unknown or misspelt field) and the
/// value node. Stops at the last node the path can be followed to.
fn node_at(stream: &Stream<'_>, root: NodeId, path: &[tracked::Segment]) -> (NodeId, NodeId) {
    use tracked::Segment;
    let mut node = root;
    let mut shown = root;
    for segment in path {
        let next = match segment {
            Segment::Index(index) => stream
                .items(stream.target(node))
                .get(*index)
                .map(|i| (*i, *i)),
            Segment::Key(key) => stream.entry(stream.target(node), key),
        };
        let Some((key, value)) = next else {
            break;
        };
        node = value;
        shown = key;
    }
    (shown, node)
}

/// Index of a node in [`Stream::nodes`].
pub type NodeId = u32;

/// A 1-based line and column (in characters).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

/// How a scalar was written: only plain scalars are subject to type resolution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    /// Single or double quoted.
    Quoted,
    /// A literal (`|`) or folded (`>`) block.
    Block,
}

/// An explicit YAML core-schema tag on a scalar (`!!str 0755`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CoreTag {
    Str,
    Int,
    Float,
    Bool,
    Null,
    /// Any other tag (an application tag such as `!Ref`): resolved as a string.
    Other,
}

/// What a node holds.
#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind<'a> {
    Scalar {
        text: Cow<'a, str>,
        style: Style,
        tag: Option<CoreTag>,
    },
    Seq(Vec<NodeId>),
    /// Key and value nodes in document order (merge keys `<<` not yet applied).
    Map(Vec<(NodeId, NodeId)>),
    /// An alias (`*name`) of a complete node.
    Alias(NodeId),
}

/// One node of a document, with where it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Node<'a> {
    pub kind: NodeKind<'a>,
    pub pos: Pos,
    /// How many nodes this one stands for once aliases are expanded (saturating).
    pub expanded: u32,
}

/// A non-empty document of the stream.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub root: NodeId,
    /// Where the document's content starts.
    pub pos: Pos,
}

/// What went wrong while reading the stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// The text is not YAML; reading resumes at the next `---` line.
    Syntax,
    /// A [`Budget`] (bytes, document size, documents, nodes, alias expansions,
    /// depth) was exceeded; the offending document, or the rest of the stream, is
    /// dropped.
    Budget,
    /// A mapping repeats a key, which kubectl's YAML reader rejects.
    DuplicateKey,
}

/// A finding of the reader, at a position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub kind: ProblemKind,
    pub pos: Pos,
    /// Lowercase, no trailing period.
    pub message: String,
}

/// A scalar's value as kubectl's YAML 1.1 reader resolves it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Scalar<'n> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(&'n str),
}

/// A parsed multi-document stream: every node of every document in one arena.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Stream<'a> {
    pub nodes: Vec<Node<'a>>,
    pub documents: Vec<Document>,
    pub problems: Vec<Problem>,
}

const NULL_NODE: Node<'static> = Node {
    kind: NodeKind::Scalar {
        text: Cow::Borrowed(""),
        style: Style::Plain,
        tag: Some(CoreTag::Null),
    },
    pos: Pos { line: 0, column: 0 },
    expanded: 1,
};

impl<'a> Stream<'a> {
    /// The node, following an alias to its target.
    pub fn node(&self, id: NodeId) -> &Node<'a> {
        let id = self.target(id);
        self.nodes.get(id as usize).unwrap_or(&NULL_NODE)
    }

    /// The node an alias stands for (aliases only name complete, non-alias nodes).
    pub fn target(&self, id: NodeId) -> NodeId {
        match self.nodes.get(id as usize).map(|n| &n.kind) {
            Some(NodeKind::Alias(target)) => *target,
            _ => id,
        }
    }

    /// Where the node itself (not its alias target) starts.
    pub fn pos(&self, id: NodeId) -> Pos {
        self.nodes
            .get(id as usize)
            .map(|n| n.pos)
            .unwrap_or_default()
    }

    /// The scalar's text as written, if the node is a scalar.
    pub fn text(&self, id: NodeId) -> Option<&str> {
        match &self.node(id).kind {
            NodeKind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// The scalar's value under YAML 1.1, as kubectl reads it; `None` for collections.
    pub fn scalar(&self, id: NodeId) -> Option<Scalar<'_>> {
        match &self.node(id).kind {
            NodeKind::Scalar { text, style, tag } => Some(resolve(text, *style, *tag)),
            _ => None,
        }
    }

    /// Whether the node is null (or missing, empty, `~`).
    pub fn is_null(&self, id: NodeId) -> bool {
        matches!(self.scalar(id), Some(Scalar::Null))
    }

    /// A sequence's items; empty for anything else.
    pub fn items(&self, id: NodeId) -> &[NodeId] {
        match &self.node(id).kind {
            NodeKind::Seq(items) => items,
            _ => &[],
        }
    }

    /// Whether the node is a mapping.
    pub fn is_map(&self, id: NodeId) -> bool {
        matches!(self.node(id).kind, NodeKind::Map(_))
    }

    /// A mapping's entries with merge keys (`<<: *base`) applied: explicit keys win
    /// over merged ones. Empty for anything else.
    pub fn entries(&self, id: NodeId) -> Cow<'_, [(NodeId, NodeId)]> {
        let NodeKind::Map(entries) = &self.node(id).kind else {
            return Cow::Borrowed(&[]);
        };
        let is_merge = |k: NodeId| {
            matches!(&self.node(k).kind,
                NodeKind::Scalar { text, style: Style::Plain, .. } if text == "<<")
        };
        if !entries.iter().any(|(k, _)| is_merge(*k)) {
            return Cow::Borrowed(entries);
        }
        let mut merged: Vec<(NodeId, NodeId)> = Vec::with_capacity(entries.len());
        let mut sources: Vec<NodeId> = Vec::new();
        for (k, v) in entries {
            if is_merge(*k) {
                match &self.node(*v).kind {
                    NodeKind::Seq(items) => sources.extend(items.iter().copied()),
                    _ => sources.push(*v),
                }
            } else {
                merged.push((*k, *v));
            }
        }
        let mut seen: HashSet<&str> = merged.iter().filter_map(|(k, _)| self.text(*k)).collect();
        for source in sources {
            // Only one level of merging: a merged mapping's own `<<` keys are not
            // followed, which keeps this linear in the size of the mapping.
            if let NodeKind::Map(extra) = &self.node(source).kind {
                for (k, v) in extra {
                    if self.text(*k).is_none_or(|key| seen.insert(key)) {
                        merged.push((*k, *v));
                    }
                }
            }
        }
        Cow::Owned(merged)
    }

    /// The key and value nodes of `key` in a mapping.
    pub fn entry(&self, map: NodeId, key: &str) -> Option<(NodeId, NodeId)> {
        self.entries(map)
            .iter()
            .find(|(k, _)| self.text(*k) == Some(key))
            .copied()
    }

    /// The value node of `key` in a mapping.
    pub fn get(&self, map: NodeId, key: &str) -> Option<NodeId> {
        self.entry(map, key).map(|(_, v)| v)
    }

    /// The value of `key` if it is a non-empty string scalar.
    pub fn get_str(&self, map: NodeId, key: &str) -> Option<&str> {
        let v = self.get(map, key)?;
        match self.scalar(v)? {
            Scalar::Str(s) if !s.is_empty() => Some(s),
            _ => None,
        }
    }
}

/// Resolves a scalar the way YAML 1.1 (go-yaml v2, which kubectl uses) does.
fn resolve<'n>(text: &'n str, style: Style, tag: Option<CoreTag>) -> Scalar<'n> {
    match tag {
        Some(CoreTag::Str) | Some(CoreTag::Other) => return Scalar::Str(text),
        Some(CoreTag::Null) => return Scalar::Null,
        Some(CoreTag::Bool) => return plain_bool(text).map_or(Scalar::Str(text), Scalar::Bool),
        Some(CoreTag::Int) | Some(CoreTag::Float) => {
            return plain_number(text).unwrap_or(Scalar::Str(text))
        }
        None => {}
    }
    if style != Style::Plain {
        return Scalar::Str(text);
    }
    if matches!(text, "" | "~" | "null" | "Null" | "NULL") {
        return Scalar::Null;
    }
    if let Some(b) = plain_bool(text) {
        return Scalar::Bool(b);
    }
    plain_number(text).unwrap_or(Scalar::Str(text))
}

/// YAML 1.1 booleans: `y`, `yes`, `on`, `true` and their negatives, in the three
/// spellings the spec lists (`yes`, `Yes`, `YES`).
pub fn plain_bool(text: &str) -> Option<bool> {
    match text {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            Some(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            Some(false)
        }
        _ => None,
    }
}

/// YAML 1.1 numbers as go-yaml v2 reads them: underscores ignored, `0x` hex, `0o`
/// and leading-zero octal, `0b` binary, decimal, and floats with `.inf`/`.nan`.
fn plain_number(text: &str) -> Option<Scalar<'static>> {
    let first = text.as_bytes().first()?;
    if !(first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.')) {
        return None;
    }
    match text {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Some(Scalar::Float(f64::INFINITY))
        }
        "-.inf" | "-.Inf" | "-.INF" => return Some(Scalar::Float(f64::NEG_INFINITY)),
        ".nan" | ".NaN" | ".NAN" => return Some(Scalar::Float(f64::NAN)),
        _ => {}
    }
    let plain: String = text.chars().filter(|c| *c != '_').collect();
    let (negative, digits) = match plain.as_bytes().first() {
        Some(b'-') => (true, &plain[1..]),
        Some(b'+') => (false, &plain[1..]),
        _ => (false, plain.as_str()),
    };
    let radix_digits = if let Some(hex) = digits.strip_prefix("0x") {
        Some((hex, 16))
    } else if let Some(oct) = digits.strip_prefix("0o") {
        Some((oct, 8))
    } else if let Some(bin) = digits.strip_prefix("0b") {
        Some((bin, 2))
    } else if digits.len() > 1
        && digits.starts_with('0')
        && digits.bytes().all(|b| b.is_ascii_digit())
    {
        digits
            .bytes()
            .all(|b| (b'0'..=b'7').contains(&b))
            .then_some((&digits[1..], 8))
    } else if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        Some((digits, 10))
    } else {
        None
    };
    if let Some((body, radix)) = radix_digits {
        if !body.is_empty() {
            if let Ok(v) = i64::from_str_radix(body, radix) {
                return Some(Scalar::Int(if negative { -v } else { v }));
            }
        }
    }
    is_yaml_float(&plain)
        .then(|| plain.parse::<f64>().ok())
        .flatten()
        .map(Scalar::Float)
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn is_yaml_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

enum Frame {
    Seq {
        id: NodeId,
        anchor: usize,
        items: Vec<NodeId>,
    },
    Map {
        id: NodeId,
        anchor: usize,
        entries: Vec<(NodeId, NodeId)>,
        key: Option<NodeId>,
    },
}

/// Reads every document of `text` within `budget`. Never fails: see
/// [`Stream::problems`]. A text over the byte budget is not read at all.
pub fn parse_stream<'a>(text: &'a str, budget: &Budget) -> Stream<'a> {
    let mut reading = StreamReader::new(text, budget);
    while !reading.read_some(usize::MAX) {}
    reading.finish()
}

/// A stream read a part at a time, for a thread that must not be busy for long: each
/// [`StreamReader::read_some`] takes a bounded number of the parser's events, and
/// the stream read in parts is the stream [`parse_stream`] reads at once.
pub struct StreamReader<'a, 'b> {
    reader: Reader<'a, 'b>,
    /// The parser over `rest`, `None` before the first part and after a syntax error.
    parser: Option<Parser<'a, StrInput<'a>>>,
    /// The text the parser reads: the whole of it, or what follows a syntax error.
    rest: &'a str,
    /// The lines before `rest`.
    line_offset: u32,
    over: bool,
}

impl<'a, 'b> StreamReader<'a, 'b> {
    /// Starts reading `text` within `budget`; a text over the byte budget is refused
    /// here, with that problem.
    pub fn new(text: &'a str, budget: &'b Budget) -> StreamReader<'a, 'b> {
        let mut reader = Reader {
            stream: Stream::default(),
            budget,
            frames: Vec::new(),
            anchors: HashMap::new(),
            doc: None,
            documents: 0,
            expansions: 0,
            aliases_spent: false,
        };
        let admitted = budget.admit("the YAML text", Size::Exactly(text.len() as u64));
        if let Err(exceeded) = &admitted {
            reader.problem(
                ProblemKind::Budget,
                Pos { line: 1, column: 1 },
                exceeded.to_string(),
            );
        }
        StreamReader {
            reader,
            parser: None,
            rest: text,
            line_offset: 0,
            over: admitted.is_err(),
        }
    }

    /// Reads on for at most `events` of the parser's events; true once the stream
    /// has been read to its end (or to a budget that stops it).
    pub fn read_some(&mut self, events: usize) -> bool {
        let mut left = events;
        while !self.over {
            let budget = self.reader.budget;
            let parser = self
                .parser
                .get_or_insert_with(|| parser_of(self.rest, budget));
            match self.reader.read(parser, self.line_offset, &mut left) {
                Flow::Paused => return false,
                Flow::Done | Flow::Stop => self.over = true,
                Flow::Resume { error_line } => {
                    self.parser = None;
                    // Resume at the next `---` line after the error, so one broken
                    // document does not hide the others.
                    match next_document_start(self.rest, error_line.max(1)) {
                        Some((skipped, at)) => {
                            self.rest = &self.rest[at..];
                            self.line_offset += skipped;
                        }
                        None => self.over = true,
                    }
                }
            }
        }
        true
    }

    /// The stream read so far.
    pub fn stream(&self) -> &Stream<'a> {
        &self.reader.stream
    }

    /// The stream read so far, to keep.
    pub fn finish(self) -> Stream<'a> {
        self.reader.stream
    }
}

self_cell::self_cell!(
    struct ReadingCell {
        owner: String,
        #[not_covariant]
        dependent: Parsing,
    }
);

type Parsing<'t> = StreamReader<'t, 'static>;

/// A text of its own read a part at a time ([`StreamReader`] over a text it keeps),
/// for work that must stop between parts and go on later.
pub struct Reading(ReadingCell);

impl Reading {
    pub fn new(text: String, budget: &'static Budget) -> Reading {
        Reading(ReadingCell::new(text, |text| {
            StreamReader::new(text, budget)
        }))
    }

    pub fn text(&self) -> &str {
        self.0.borrow_owner()
    }

    /// [`StreamReader::read_some`].
    pub fn read_some(&mut self, events: usize) -> bool {
        self.0
            .with_dependent_mut(|_, reader| reader.read_some(events))
    }

    /// Runs `f` on the text and the stream read so far.
    pub fn with<R>(&self, f: impl for<'t, 's> FnOnce(&'t str, &'s Stream<'t>) -> R) -> R {
        self.0
            .with_dependent(|text, reader| f(text, reader.stream()))
    }
}

/// A parser of `text` whose nesting limits are the depth budget.
fn parser_of<'a>(text: &'a str, budget: &Budget) -> Parser<'a, StrInput<'a>> {
    let mut options = granit_parser::Options::default();
    options.set_emit_comments(false);
    // The parser nests flow and block collections apart, and may see a flow
    // collection open before we get its event; either limit is the depth budget.
    options.flow_nesting_limit = budget.depth + 1;
    options.block_nesting_limit = budget.depth + 1;
    Parser::new_from_str_with_options(text, options)
}

/// The byte offset of the first line at or after line `after + 1` (1-based) that
/// starts a document, and how many lines precede it.
fn next_document_start(text: &str, after: u32) -> Option<(u32, usize)> {
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let number = index as u32 + 1;
        if number > after {
            let body = line.trim_end_matches(['\n', '\r']);
            if body == "---" || body.starts_with("--- ") {
                return Some((index as u32, offset));
            }
        }
        offset += line.len();
    }
    None
}

enum Flow {
    Done,
    /// The events allowed for this part are spent.
    Paused,
    Stop,
    Resume {
        error_line: u32,
    },
}

struct OpenDocument {
    pos: Pos,
    start_byte: usize,
    /// The first node of the document in [`Stream::nodes`].
    first_node: usize,
    root: Option<NodeId>,
    /// Set when the document broke a rule that drops it (a recursive alias).
    dropped: bool,
    /// Nodes that aliases of this document added.
    expansions: usize,
}

struct Reader<'a, 'b> {
    stream: Stream<'a>,
    budget: &'b Budget,
    frames: Vec<Frame>,
    anchors: HashMap<usize, NodeId>,
    doc: Option<OpenDocument>,
    /// Documents begun so far, broken ones included.
    documents: usize,
    /// Nodes that aliases added so far, all documents kept together.
    expansions: usize,
    /// Set once a document would have taken the expansions over the budget.
    aliases_spent: bool,
}

impl<'a> Reader<'a, '_> {
    /// Reads documents from `parser` until the text ends, a syntax error (to resume
    /// after), a budget that stops the stream or `left` events have been read (to
    /// go on with the same parser). Every other cost is bounded by the budgets
    /// checked here: events and anchors by nodes, scalar bytes by bytes.
    fn read(
        &mut self,
        parser: &mut Parser<'a, StrInput<'a>>,
        line_offset: u32,
        left: &mut usize,
    ) -> Flow {
        let budget = self.budget;
        let at = |span: &Span| Pos {
            line: span.start.line() as u32 + line_offset,
            column: span.start.col() as u32 + 1,
        };
        loop {
            if *left == 0 {
                return Flow::Paused;
            }
            *left -= 1;
            let Some(item) = parser.next() else {
                return Flow::Done;
            };
            let (event, span) = match item {
                Ok(pair) => pair,
                Err(error) => {
                    let marker = error.marker();
                    let pos = Pos {
                        line: marker.line() as u32 + line_offset,
                        column: marker.col() as u32 + 1,
                    };
                    // The parser's own nesting limits are the depth budget too.
                    if *error.kind() == granit_parser::ErrorKind::RecursionLimitExceeded {
                        return self.stop(
                            pos,
                            Exceeded::Depth {
                                limit: budget.depth,
                            },
                        );
                    }
                    // A document broken before it began still counts, so a stream
                    // of broken documents is bounded like any other.
                    if self.doc.is_none() {
                        if let Err(flow) = self.begin_document(pos) {
                            return flow;
                        }
                    }
                    self.problem(ProblemKind::Syntax, pos, error.info());
                    self.discard();
                    return Flow::Resume {
                        error_line: marker.line() as u32,
                    };
                }
            };
            let pos = at(&span);
            match event {
                Event::DocumentStart(..) => {
                    if let Err(flow) = self.begin_document(pos) {
                        return flow;
                    }
                    self.doc = Some(OpenDocument {
                        pos,
                        start_byte: span.start.byte_offset().unwrap_or(0),
                        first_node: self.stream.nodes.len(),
                        root: None,
                        dropped: false,
                        expansions: 0,
                    });
                }
                Event::DocumentEnd => {
                    let end = span.end.byte_offset().unwrap_or(0);
                    let Some(doc) = self.doc.as_ref() else {
                        continue;
                    };
                    let size = end.saturating_sub(doc.start_byte);
                    if size > budget.document_bytes {
                        let exceeded = Exceeded::DocumentBytes {
                            size,
                            limit: budget.document_bytes,
                        };
                        self.problem(ProblemKind::Budget, doc.pos, exceeded.to_string());
                        self.discard();
                    } else if let (Some(root), false) = (doc.root, doc.dropped) {
                        if self.stream.is_null(root) {
                            self.discard();
                        } else {
                            let pos = self.stream.pos(root);
                            self.stream.documents.push(Document { root, pos });
                            self.doc = None;
                        }
                    } else {
                        self.discard();
                    }
                }
                Event::Scalar(text, style, anchor, tag) => {
                    let style = match style {
                        ScalarStyle::Plain => Style::Plain,
                        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => Style::Quoted,
                        _ => Style::Block,
                    };
                    let tag = tag.map(|t| match t.core_suffix() {
                        Some("str") => CoreTag::Str,
                        Some("int") => CoreTag::Int,
                        Some("float") => CoreTag::Float,
                        Some("bool") => CoreTag::Bool,
                        Some("null") => CoreTag::Null,
                        _ => CoreTag::Other,
                    });
                    let id = match self.push(NodeKind::Scalar { text, style, tag }, pos, 1) {
                        Ok(id) => id,
                        Err(flow) => return flow,
                    };
                    self.anchor(anchor, id);
                    self.attach(id);
                }
                Event::Alias(anchor) => {
                    let kind = match self.anchors.get(&anchor) {
                        Some(target) => NodeKind::Alias(*target),
                        // The anchor's node is still open: a recursive alias.
                        None => {
                            if !self.doc.as_ref().is_some_and(|d| d.dropped) {
                                self.problem(
                                    ProblemKind::Budget,
                                    pos,
                                    "recursive alias: a node cannot contain itself".into(),
                                );
                            }
                            self.drop_document();
                            NodeKind::Scalar {
                                text: Cow::Borrowed(""),
                                style: Style::Plain,
                                tag: Some(CoreTag::Null),
                            }
                        }
                    };
                    let expanded = match kind {
                        NodeKind::Alias(target) => self.stream.nodes[target as usize].expanded,
                        _ => 1,
                    };
                    // The nodes the alias stands for once expanded count against the
                    // budget of the whole stream. The document that would go over it
                    // is dropped and gives its share back, and the budget is spent:
                    // reading resumes at the next document, and from then on only
                    // documents without aliases are kept. So a stream of bombs costs
                    // the reading of each document up to its first alias.
                    let total = self.expansions.saturating_add(expanded as usize);
                    if self.aliases_spent || total > budget.alias_expansions {
                        self.aliases_spent = true;
                        let exceeded = Exceeded::AliasExpansions {
                            limit: budget.alias_expansions,
                        };
                        self.problem(ProblemKind::Budget, pos, exceeded.to_string());
                        self.discard();
                        return Flow::Resume {
                            error_line: span.start.line() as u32,
                        };
                    }
                    self.expansions = total;
                    if let Some(doc) = self.doc.as_mut() {
                        doc.expansions += expanded as usize;
                    }
                    let id = match self.push(kind, pos, expanded) {
                        Ok(id) => id,
                        Err(flow) => return flow,
                    };
                    self.attach(id);
                }
                Event::SequenceStart(_, anchor, _) | Event::MappingStart(_, anchor, _) => {
                    let is_map = matches!(event, Event::MappingStart(..));
                    let kind = if is_map {
                        NodeKind::Map(Vec::new())
                    } else {
                        NodeKind::Seq(Vec::new())
                    };
                    let id = match self.push(kind, pos, 1) {
                        Ok(id) => id,
                        Err(flow) => return flow,
                    };
                    if self.frames.len() >= budget.depth {
                        return self.stop(
                            pos,
                            Exceeded::Depth {
                                limit: budget.depth,
                            },
                        );
                    }
                    self.frames.push(if is_map {
                        Frame::Map {
                            id,
                            anchor,
                            entries: Vec::new(),
                            key: None,
                        }
                    } else {
                        Frame::Seq {
                            id,
                            anchor,
                            items: Vec::new(),
                        }
                    });
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    let Some(frame) = self.frames.pop() else {
                        continue;
                    };
                    let (id, anchor) = match frame {
                        Frame::Seq { id, anchor, items } => {
                            let expanded = items.iter().fold(1u32, |sum, i| {
                                sum.saturating_add(self.stream.nodes[*i as usize].expanded)
                            });
                            let node = &mut self.stream.nodes[id as usize];
                            node.expanded = expanded;
                            node.kind = NodeKind::Seq(items);
                            (id, anchor)
                        }
                        Frame::Map {
                            id,
                            anchor,
                            entries,
                            ..
                        } => {
                            self.duplicate_keys(&entries);
                            let expanded = entries.iter().fold(1u32, |sum, (k, v)| {
                                sum.saturating_add(self.stream.nodes[*k as usize].expanded)
                                    .saturating_add(self.stream.nodes[*v as usize].expanded)
                            });
                            let node = &mut self.stream.nodes[id as usize];
                            node.expanded = expanded;
                            node.kind = NodeKind::Map(entries);
                            (id, anchor)
                        }
                    };
                    self.anchor(anchor, id);
                    self.attach(id);
                }
                _ => {}
            }
        }
    }

    /// Counts a document against the budget.
    fn begin_document(&mut self, pos: Pos) -> Result<(), Flow> {
        self.documents += 1;
        self.anchors.clear();
        if self.documents > self.budget.documents {
            return Err(self.stop(
                pos,
                Exceeded::Documents {
                    limit: self.budget.documents,
                },
            ));
        }
        Ok(())
    }

    fn push(&mut self, kind: NodeKind<'a>, pos: Pos, expanded: u32) -> Result<NodeId, Flow> {
        if self.stream.nodes.len() >= self.budget.nodes {
            return Err(self.stop(
                pos,
                Exceeded::Nodes {
                    limit: self.budget.nodes,
                },
            ));
        }
        let id = self.stream.nodes.len() as NodeId;
        self.stream.nodes.push(Node {
            kind,
            pos,
            expanded,
        });
        Ok(id)
    }

    /// Names node `id` by its anchor (0: none) until the anchor is named again or
    /// the document ends; anchors are bounded by nodes.
    fn anchor(&mut self, anchor: usize, id: NodeId) {
        if anchor != 0 {
            self.anchors.insert(anchor, id);
        }
    }

    fn attach(&mut self, id: NodeId) {
        match self.frames.last_mut() {
            Some(Frame::Seq { items, .. }) => items.push(id),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                Some(k) => entries.push((k, id)),
                None => *key = Some(id),
            },
            None => {
                if let Some(doc) = self.doc.as_mut() {
                    doc.root = Some(id);
                }
            }
        }
    }

    fn duplicate_keys(&mut self, entries: &[(NodeId, NodeId)]) {
        let nodes = &self.stream.nodes;
        let key = |k: NodeId| match &nodes[k as usize].kind {
            NodeKind::Scalar { text, .. } if text != "<<" => Some(text.as_ref()),
            _ => None,
        };
        let mut duplicates = Vec::new();
        if entries.len() <= 16 {
            // Small mappings, nearly all of them: compare pairs without allocating.
            for (i, (k, _)) in entries.iter().enumerate() {
                if let Some(text) = key(*k) {
                    if entries[..i]
                        .iter()
                        .any(|(other, _)| key(*other) == Some(text))
                    {
                        duplicates.push((nodes[*k as usize].pos, text.to_owned()));
                    }
                }
            }
        } else {
            let mut seen: HashSet<&str> = HashSet::with_capacity(entries.len());
            for (k, _) in entries {
                if let Some(text) = key(*k) {
                    if !seen.insert(text) {
                        duplicates.push((nodes[*k as usize].pos, text.to_owned()));
                    }
                }
            }
        }
        for (pos, key) in duplicates {
            self.problem(
                ProblemKind::DuplicateKey,
                pos,
                format!("key {key} appears twice in this mapping: kubectl rejects duplicate keys"),
            );
        }
    }

    /// Forgets the open document: its nodes (nothing refers to them once it is
    /// gone) and the alias expansions it took from the budget.
    fn discard(&mut self) {
        self.frames.clear();
        if let Some(doc) = self.doc.take() {
            self.expansions -= doc.expansions;
            self.stream.nodes.truncate(doc.first_node);
        }
    }

    fn drop_document(&mut self) {
        if let Some(doc) = self.doc.as_mut() {
            doc.dropped = true;
        }
    }

    /// Reports a budget that stops reading: the rest of the stream is dropped.
    fn stop(&mut self, pos: Pos, exceeded: Exceeded) -> Flow {
        self.problem(ProblemKind::Budget, pos, exceeded.to_string());
        Flow::Stop
    }

    fn problem(&mut self, kind: ProblemKind, pos: Pos, message: String) {
        self.stream.problems.push(Problem { kind, pos, message });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn yaml_1_1_booleans_and_numbers_stay_strings() {
        let map: BTreeMap<&str, &str> = [
            ("a", "on"),
            ("b", "yes"),
            ("c", "0x10"),
            ("d", "~"),
            ("e", "NO"),
        ]
        .into_iter()
        .collect();
        let text = to_yaml(&map).unwrap();
        for line in text.lines() {
            let value = line.split_once(": ").unwrap().1;
            assert!(
                value.starts_with(['"', '\'']),
                "unquoted scalar in {line:?}"
            );
        }
        let back: BTreeMap<String, String> = from_yaml(&text).unwrap();
        assert_eq!(back.get("a").map(String::as_str), Some("on"));
    }

    #[test]
    fn typed_reads_take_plain_look_alikes_as_text_where_a_string_is_wanted() {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Row {
            name: String,
            count: u16,
            on: bool,
        }
        let row: Row = from_yaml("name: yes\ncount: 0x10\non: on\n").unwrap();
        assert_eq!(
            row,
            Row {
                name: "yes".into(),
                count: 16,
                on: true
            }
        );
        let rows: Vec<Row> = from_yaml("- {name: 0755, count: 1, on: no}\n").unwrap();
        assert_eq!(rows[0].name, "0755", "the text, not the octal number");
    }

    #[test]
    fn typed_read_errors_name_line_column_and_path() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)] // Only the errors are looked at.
        struct Outer {
            inner: Vec<Inner>,
        }
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Inner {
            port: u16,
        }
        let err = |text: &str| from_yaml::<Outer>(text).unwrap_err().to_string();
        assert_eq!(
            err("inner:\n  - port: 80\n  - prot: 81\n"),
            "could not read YAML: line 3 column 5 (inner[1].prot): unknown field `prot`, expected `port`"
        );
        assert_eq!(
            err("inner:\n  - port: eighty\n"),
            "could not read YAML: line 2 column 5 (inner[0].port): invalid type: string \"eighty\", expected u16"
        );
        assert_eq!(
            err("inner: []\n---\ninner: []\n"),
            "could not read YAML: line 3 column 1: a second document, where one is expected"
        );
        assert!(err("inner: [\n").starts_with("could not read YAML: line 1 column "));
    }

    #[test]
    fn an_alias_bomb_is_refused_not_expanded() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let prev = format!("*a{}", i - 1);
            text.push_str(&format!("a{i}: &a{i} [{}]\n", vec![prev; 10].join(", ")));
        }
        let result: Result<serde_json::Value, _> = from_yaml(&text);
        assert!(matches!(result, Err(YamlError::Read(_))), "{result:?}");
    }

    /// The messages of the stream's budget problems.
    fn budget_problems(stream: &Stream<'_>) -> Vec<(u32, String)> {
        stream
            .problems
            .iter()
            .filter(|p| p.kind == ProblemKind::Budget)
            .map(|p| (p.pos.line, p.message.clone()))
            .collect()
    }

    #[test]
    fn alias_expansions_are_counted_across_the_whole_stream() {
        // Each document adds 40 nodes through aliases: within a budget of 100 for
        // two documents, over it on the third, however small each one is. The third
        // is dropped and the budget spent: a fourth without aliases is still read,
        // a fifth with one small alias is dropped too.
        let document = "base: &b [1, 2, 3, 4, 5, 6, 7, 8, 9]\nx: [*b, *b, *b, *b]\n";
        let budget = Budget {
            alias_expansions: 100,
            ..Budget::STREAM
        };
        let (two_text, three_text) = (
            [document; 2].join("---\n"),
            format!(
                "{}---\nplain: [1, 2]\n---\nsmall: [&s 1, *s]\n",
                [document; 3].join("---\n")
            ),
        );
        let two = parse_stream(&two_text, &budget);
        assert_eq!(budget_problems(&two), []);
        assert_eq!(two.documents.len(), 2);
        let three = parse_stream(&three_text, &budget);
        let message = "here the nodes that aliases add to the input would pass 100 (an alias bomb): this document was not checked; write repeated parts out or alias fewer of them";
        assert_eq!(
            budget_problems(&three),
            [(8, message.to_owned()), (12, message.to_owned())]
        );
        let kept: Vec<u32> = three.documents.iter().map(|d| d.pos.line).collect();
        assert_eq!(kept, [1, 4, 10], "the third document is dropped");
        let without = format!("{two_text}---\nplain: [1, 2]\n");
        assert_eq!(
            three.nodes.len(),
            parse_stream(&without, &budget).nodes.len(),
            "nothing of the dropped document is kept"
        );
    }

    #[test]
    fn a_large_node_without_aliases_is_not_an_alias_bomb() {
        let budget = Budget {
            alias_expansions: 10,
            ..Budget::STREAM
        };
        let wide: String = (0..1000).map(|k| format!("k{k}: v\n")).collect();
        let stream = parse_stream(&wide, &budget);
        assert_eq!(stream.problems, []);
        assert_eq!(stream.entries(stream.documents[0].root).len(), 1000);
    }

    #[test]
    fn each_budget_has_its_own_message() {
        let small = Budget {
            bytes: 64,
            document_bytes: 16,
            documents: 2,
            nodes: 8,
            alias_expansions: 4,
            depth: 3,
        };
        let cases = [
            (
                "a: 1\n".repeat(20),
                "the YAML text is 100 bytes, more than the 64 bytes one input may be: nothing in it was checked; keep an input under 64 bytes",
            ),
            (
                "a: '12345678901234567890'\n".into(),
                "this document is 26 bytes, more than the 16 bytes one document may be: it was not checked; keep a document under 16 bytes",
            ),
            (
                "a\n---\nb\n---\nc\n".into(),
                "the input holds more than 2 documents: this one and those after it were not read; keep an input to 2 documents",
            ),
            (
                "[1, 2, 3, 4, 5, 6, 7, 8]".into(),
                "the input holds more than 8 YAML nodes: the rest, from here on, was not read; keep an input under 8 nodes",
            ),
            (
                "[&a [1, 2], *a, *a]".into(),
                "here the nodes that aliases add to the input would pass 4 (an alias bomb): this document was not checked; write repeated parts out or alias fewer of them",
            ),
            (
                "[[[[1]]]]".into(),
                "collections nest deeper than 3 levels here: the rest, from here on, was not read; keep nesting within 3 levels",
            ),
        ];
        for (text, message) in cases {
            let stream = parse_stream(&text, &small);
            let found: Vec<String> = budget_problems(&stream)
                .into_iter()
                .map(|(_, m)| m)
                .collect();
            assert_eq!(found, [message], "{text}");
        }
    }

    #[test]
    fn a_text_over_the_byte_budget_gets_that_one_problem_only() {
        // A large document whose root has many nodes: once it got the document size
        // problem and an alias-bomb problem too.
        let budget = Budget {
            bytes: 1000,
            ..Budget::STREAM
        };
        let text: String = (0..200).map(|k| format!("k{k}: v\n")).collect();
        let stream = parse_stream(&text, &budget);
        assert_eq!(stream.problems.len(), 1, "{:?}", stream.problems);
        assert!(stream.problems[0]
            .message
            .starts_with("the YAML text is 1490 bytes"));
        assert_eq!(stream.nodes, []);
    }

    #[test]
    fn broken_documents_count_against_the_document_budget() {
        let budget = Budget {
            documents: 3,
            ..Budget::STREAM
        };
        let text = "]\n---\n".repeat(10);
        let stream = parse_stream(&text, &budget);
        let kinds: Vec<ProblemKind> = stream.problems.iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            [
                ProblemKind::Syntax,
                ProblemKind::Syntax,
                ProblemKind::Syntax,
                ProblemKind::Budget
            ]
        );
    }

    #[test]
    fn a_recursive_alias_is_reported_once_per_document() {
        let stream = parse_stream("a: &a [*a, *a, *a]\n---\nb: &b [*b]\n", &Budget::STREAM);
        let lines: Vec<u32> = budget_problems(&stream)
            .into_iter()
            .map(|(l, _)| l)
            .collect();
        assert_eq!(lines, [1, 3]);
        assert_eq!(stream.documents, []);
    }

    #[test]
    fn design_files_read_within_their_own_budget() {
        let deep = format!("{}1{}", "[".repeat(40), "]".repeat(40));
        let err = from_yaml_within::<serde_json::Value>(&deep, &Budget::DESIGN).unwrap_err();
        assert!(err.to_string().contains("deeper than 32 levels"), "{err}");
        assert!(from_yaml::<serde_json::Value>(&deep).is_ok());
    }

    #[test]
    fn a_stream_keeps_positions_styles_and_documents() {
        let text = "a: 1\n---\n# empty\n---\nkind: x\nlist:\n  - 'on'\n  - on\n";
        let stream = parse_stream(text, &Budget::STREAM);
        assert!(stream.problems.is_empty(), "{:?}", stream.problems);
        assert_eq!(stream.documents.len(), 2, "the empty document is skipped");
        let root = stream.documents[1].root;
        let kind = stream.entry(root, "kind").unwrap().0;
        assert_eq!(stream.pos(kind), Pos { line: 5, column: 1 });
        let items = stream.items(stream.get(root, "list").unwrap());
        assert_eq!(stream.scalar(items[0]), Some(Scalar::Str("on")));
        assert_eq!(stream.scalar(items[1]), Some(Scalar::Bool(true)));
        assert_eq!(stream.pos(items[1]), Pos { line: 8, column: 5 });
    }

    #[test]
    fn yaml_1_1_numbers_resolve_as_kubectl_reads_them() {
        let cases = [
            ("0755", Scalar::Int(493)),
            ("0x1F", Scalar::Int(31)),
            ("-0b101", Scalar::Int(-5)),
            ("1_000", Scalar::Int(1000)),
            ("1.10", Scalar::Float(1.1)),
            ("1e3", Scalar::Float(1000.0)),
            ("08", Scalar::Float(8.0)),
            ("1.2.3", Scalar::Str("1.2.3")),
            ("v1", Scalar::Str("v1")),
            ("~", Scalar::Null),
            ("Yes", Scalar::Bool(true)),
            ("yEs", Scalar::Str("yEs")),
        ];
        for (text, expected) in cases {
            assert_eq!(resolve(text, Style::Plain, None), expected, "{text}");
        }
        assert_eq!(resolve("0755", Style::Quoted, None), Scalar::Str("0755"));
        assert_eq!(
            resolve("on", Style::Plain, Some(CoreTag::Str)),
            Scalar::Str("on")
        );
    }

    #[test]
    fn reading_resumes_after_a_syntax_error_and_budgets_are_findings() {
        let text = "a: [1\n---\nb: 2\n---\nc: {d: 3\n---\ne: 4\n";
        let stream = parse_stream(text, &Budget::STREAM);
        assert_eq!(stream.documents.len(), 2);
        let kinds: Vec<ProblemKind> = stream.problems.iter().map(|p| p.kind).collect();
        assert_eq!(kinds, [ProblemKind::Syntax, ProblemKind::Syntax]);

        let budget = Budget {
            documents: 2,
            ..Budget::STREAM
        };
        let stream = parse_stream("a: 1\n---\nb: 2\n---\nc: 3\n", &budget);
        assert_eq!(stream.documents.len(), 2);
        assert_eq!(stream.problems[0].kind, ProblemKind::Budget);
        assert_eq!(stream.problems[0].pos.line, 4);
    }

    #[test]
    fn duplicate_keys_and_merge_keys() {
        let text = "base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n  y: 4\n";
        let stream = parse_stream(text, &Budget::STREAM);
        assert_eq!(stream.problems.len(), 1);
        assert_eq!(stream.problems[0].kind, ProblemKind::DuplicateKey);
        assert_eq!(stream.problems[0].pos, Pos { line: 5, column: 3 });
        let m = stream.get(stream.documents[0].root, "m").unwrap();
        let x = stream.get(m, "x").unwrap();
        assert_eq!(stream.scalar(x), Some(Scalar::Int(1)));
        assert_eq!(
            stream.scalar(stream.get(m, "y").unwrap()),
            Some(Scalar::Int(3))
        );
    }
}
