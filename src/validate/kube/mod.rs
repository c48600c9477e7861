//! Validation of Kubernetes YAML streams, generated or pasted: YAML traps (`GY…`),
//! typing against k8s-openapi (`GK1xx`), values (`GK2xx`), references between the
//! objects of the stream (`GK3xx`), security and reliability policies (`GK4xx`) and
//! the Gateway API's Gateway, HTTPRoute and ReferenceGrant (`GK5xx`).
//!
//! [`validate`] reads the stream once into a tree that keeps positions
//! ([`crate::yaml::parse_stream`]), types each object (each document, and each item of
//! a `kind: List`) with its kind's schema whatever its apiVersion, indexes the objects
//! by kind, namespace, name and pod labels, and runs every check in time linear in the
//! stream, in one pass: a value of the wrong type or a missing required one hides only
//! the checks that would read it ([`Object::trusts`]). It never fails or panics: every
//! finding is a [`Diagnostic`] with a line and column.
//!
//! [`Checking`] is the same check in parts of bounded work (reading the YAML a run of
//! events at a time, typing a run of documents, each check over a run of objects),
//! for a thread that must answer between parts: [`validate`] is [`Checking`] in parts
//! as large as the stream, so the two cannot find different things.

mod api_versions;
mod gateway;
mod gateway_refs;
mod legacy;
mod names;
mod objects;
mod policies;
pub mod quantity;
mod rbac;
mod references;
mod rewrite;
mod schema;
mod syntax;
mod typed;
mod values;

use crate::budget::Budget;
use crate::validate::{Diagnostic, Location, Rule};
use crate::yaml::{NodeId, Pos, Reading, Stream};

pub use objects::{Kind, Object};

/// What to validate against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The target Kubernetes release, `1.37` (a patch or a leading `v` is ignored).
    pub kubernetes_version: String,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            kubernetes_version: "1.37".into(),
        }
    }
}

impl Options {
    /// Options for a target release such as `1.30`.
    pub fn for_version(version: &str) -> Options {
        Options {
            kubernetes_version: version.into(),
        }
    }

    /// The minor release of 1.x; the default (37) when the version does not read.
    fn minor(&self) -> u32 {
        let v = self.kubernetes_version.trim().trim_start_matches('v');
        let mut parts = v.split('.');
        match (parts.next(), parts.next().map(str::parse::<u32>)) {
            (Some("1"), Some(Ok(minor))) => minor,
            _ => 37,
        }
    }
}

/// Every rule of this validator, in id order.
pub fn rules() -> &'static [Rule] {
    RULES
}

/// Pairs of our rule id and the checkov check with the same meaning.
pub fn checkov_peers() -> &'static [(&'static str, &'static str)] {
    policies::CHECKOV_PEERS
}

/// Pairs of our rule id and a checkov check whose findings ours include, with more
/// besides (more capabilities, more sockets, every rule of a Role).
pub fn checkov_supersets() -> &'static [(&'static str, &'static str)] {
    policies::CHECKOV_SUPERSETS
}

static RULES: &[Rule] = &[
    syntax::GY001,
    syntax::GY002,
    syntax::GY003,
    syntax::GY004,
    syntax::GY005,
    objects::GK100,
    objects::GK101,
    objects::GK102,
    objects::GK103,
    api_versions::GK104,
    api_versions::GK105,
    api_versions::GK106,
    api_versions::GK107,
    api_versions::GK108,
    values::GK201,
    values::GK202,
    values::GK203,
    values::GK204,
    values::GK205,
    values::GK206,
    values::GK207,
    values::GK208,
    values::GK209,
    values::GK210,
    values::GK211,
    values::GK212,
    values::GK213,
    values::GK214,
    values::GK215,
    values::GK216,
    values::GK217,
    rewrite::GK218,
    references::GK301,
    references::GK302,
    references::GK303,
    references::GK304,
    references::GK305,
    references::GK306,
    references::GK307,
    references::GK308,
    references::GK309,
    references::GK310,
    references::GK311,
    references::GK312,
    references::GK313,
    references::GK314,
    policies::GK401,
    policies::GK402,
    policies::GK403,
    policies::GK404,
    policies::GK405,
    policies::GK406,
    policies::GK407,
    policies::GK408,
    policies::GK409,
    policies::GK410,
    policies::GK411,
    policies::GK412,
    policies::GK413,
    policies::GK414,
    policies::GK415,
    policies::GK416,
    policies::GK417,
    policies::GK418,
    policies::GK419,
    policies::GK420,
    policies::GK421,
    policies::GK422,
    policies::GK423,
    policies::GK424,
    policies::GK425,
    policies::GK426,
    policies::GK427,
    policies::GK428,
    policies::GK429,
    policies::GK430,
    policies::GK431,
    policies::GK432,
    policies::GK433,
    policies::GK434,
    policies::GK435,
    policies::GK436,
    policies::GK437,
    rbac::GK438,
    rbac::GK439,
    rbac::GK440,
    policies::GK441,
    rbac::GK442,
    rbac::GK443,
    gateway::GK501,
    gateway::GK502,
    gateway::GK503,
    gateway::GK504,
    gateway::GK505,
    gateway::GK506,
    gateway::GK507,
    gateway::GK508,
    gateway::GK509,
    gateway::GK510,
    gateway::GK511,
    gateway::GK512,
    gateway::GK513,
    gateway::GK514,
    gateway::GK515,
    gateway::GK516,
    gateway::GK517,
    gateway::GK518,
    gateway::GK519,
    gateway::GK520,
    gateway::GK521,
];

/// Validates a stream of Kubernetes manifests for the target release in `options`.
pub fn validate(file_name: &str, text: &str, options: &Options) -> Vec<Diagnostic> {
    check(file_name, text, options, true).unwrap_or_default()
}

/// The findings of the first documents of a long stream, checked on their own, for
/// showing while the whole stream is checked: the documents up to the first document
/// marker (`---` at the start of a line) at or after byte `bytes`, checked with the
/// rules that read one document or one object at a time (YAML, typing, values,
/// Gateway API objects). The rules that read several objects of the stream
/// (references, policies, RBAC, Gateway API references) wait for [`validate`], as
/// does every finding after the cut. `None` when no marker follows `bytes` (the
/// stream is short enough to check whole at once), or when the opening does not read
/// as YAML: how a syntax error reads can depend on what follows it (a quote left open
/// runs on past the cut), so the whole stream's check reports it.
pub fn validate_opening(
    file_name: &str,
    text: &str,
    options: &Options,
    bytes: usize,
) -> Option<Vec<Diagnostic>> {
    let cut = opening_end(text, bytes)?;
    check(file_name, &text[..cut], options, false)
}

/// Where the first line that is a document marker starts, at or after byte `from`;
/// a marker that follows directives (`%YAML`, `%TAG`) opens their document and is
/// no place to cut.
fn opening_end(text: &str, from: usize) -> Option<usize> {
    let mut start = 0;
    let mut after_directive = false;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let marker = content
            .strip_prefix("---")
            .is_some_and(|after| after.is_empty() || after.starts_with([' ', '\t']));
        if marker && start > 0 && start >= from && !after_directive {
            return Some(start);
        }
        if content.starts_with('%') {
            after_directive = true;
        } else if !(content.trim().is_empty() || content.trim_start().starts_with('#')) {
            after_directive = false;
        }
        start += line.len();
    }
    None
}

/// Runs the checks on a stream: all of them when `whole`, else only those of one
/// document or object at a time, and only on a stream that reads as YAML (`None`).
fn check(file_name: &str, text: &str, options: &Options, whole: bool) -> Option<Vec<Diagnostic>> {
    let mut checking = Checking::start(file_name.into(), text.into(), options, whole);
    while !checking.step(usize::MAX) {}
    checking.finish()
}

/// What a part of the check does; the parts run in this order, as [`validate`]
/// runs the checks, so the findings come in the same order whatever the parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// Reading the YAML, then its syntax findings.
    Parse,
    /// Typing the objects of a run of documents.
    Objects,
    Values,
    References,
    Policies,
    Rbac,
    Gateway,
    GatewayRefs,
    /// Letting go of the typed objects.
    Release,
    /// The findings in order of place.
    Sort,
    Over,
}

/// An object read, without what it borrows from the stream: a check that runs in
/// parts keeps these between parts and makes them [`Object`]s again.
struct Kept {
    root: NodeId,
    typed: Option<Kind>,
    untrusted: Vec<String>,
}

/// A whole stream's check ([`validate`]) done a part at a time, for a thread that
/// must not be busy long: [`Checking::step`] does a bounded amount of work, and
/// the findings, once every part is done, are those [`validate`] finds.
pub struct Checking {
    file: String,
    reading: Reading,
    minor: u32,
    whole: bool,
    phase: Phase,
    /// The objects read so far.
    kept: Vec<Kept>,
    /// The next document (typing objects) or object (the checks of a run of them).
    next: usize,
    line_starts: std::cell::OnceCell<Vec<usize>>,
    diagnostics: Vec<Diagnostic>,
    /// The stream did not read as YAML and only a whole check reports that.
    refused: bool,
}

impl Checking {
    /// A check of all the rules on `text`, done by [`Checking::step`].
    pub fn new(file_name: String, text: String, options: &Options) -> Checking {
        Checking::start(file_name, text, options, true)
    }

    fn start(file: String, text: String, options: &Options, whole: bool) -> Checking {
        Checking {
            file,
            reading: Reading::new(text, &Budget::STREAM),
            minor: options.minor(),
            whole,
            phase: Phase::Parse,
            kept: Vec::new(),
            next: 0,
            line_starts: std::cell::OnceCell::new(),
            diagnostics: Vec::new(),
            refused: false,
        }
    }

    /// The text being checked.
    pub fn text(&self) -> &str {
        self.reading.text()
    }

    /// Does about `work` units of the check, a unit being what typing one node of an
    /// object costs (reading four YAML events, or checking eight nodes, costs about
    /// as much); true once it is over, which a step of its own says.
    pub fn step(&mut self, work: usize) -> bool {
        if self.phase == Phase::Over {
            return true;
        }
        if self.phase == Phase::Parse {
            if !self.reading.read_some(work.saturating_mul(4)) {
                return false;
            }
            if !self.whole && self.reading.with(|_, stream| !stream.problems.is_empty()) {
                self.refused = true;
                self.phase = Phase::Over;
                return false;
            }
        }
        let Checking {
            file,
            reading,
            minor,
            whole,
            phase,
            kept,
            next,
            line_starts,
            diagnostics,
            refused: _,
        } = self;
        reading.with(|text, stream| {
            let mut cx = Cx {
                file,
                text,
                line_starts: std::mem::take(line_starts),
                stream,
                minor: *minor,
                diagnostics: std::mem::take(diagnostics),
            };
            let mut objects: Vec<Object<'_>> = std::mem::take(kept)
                .into_iter()
                .map(|k| Object::again(stream, k.root, k.typed, k.untrusted))
                .collect();
            let done = match *phase {
                Phase::Parse => {
                    syntax::check(&mut cx);
                    true
                }
                Phase::Objects => {
                    let documents = &stream.documents;
                    let end = run_of(stream, documents.len(), |i| documents[i].root, *next, work);
                    for doc in &documents[*next..end] {
                        objects::read_document(&mut cx, doc, &mut objects);
                    }
                    *next = end;
                    end == documents.len()
                }
                Phase::Values | Phase::Policies | Phase::Gateway => {
                    // These read a node many times faster than typing reads it,
                    // and the policies index the whole stream for each run.
                    let start = *next;
                    let roots = |i: usize| objects[i].root;
                    let end = run_of(stream, objects.len(), roots, start, work.saturating_mul(8));
                    let run = start..end;
                    match *phase {
                        Phase::Values => values::check(&mut cx, &objects[run]),
                        Phase::Gateway => gateway::check(&mut cx, &objects[run]),
                        _ => {
                            let index = references::Index::new(&objects);
                            policies::check(&mut cx, &objects, &index, run);
                        }
                    }
                    *next = end;
                    end == objects.len()
                }
                Phase::References | Phase::Rbac | Phase::GatewayRefs => {
                    let index = references::Index::new(&objects);
                    match *phase {
                        Phase::References => references::check(&mut cx, &objects, &index),
                        Phase::Rbac => rbac::check(&mut cx, &objects, &index),
                        _ => gateway_refs::check(&mut cx, &objects, &index),
                    }
                    true
                }
                Phase::Release => {
                    objects.clear();
                    true
                }
                Phase::Sort => {
                    cx.diagnostics.sort_by_key(|d| match &d.location {
                        Location::Text { line, column, .. } => (*line, *column),
                        Location::Field { .. } => (0, 0),
                    });
                    true
                }
                Phase::Over => true,
            };
            if done {
                *next = 0;
                *phase = following(*phase, *whole);
            }
            *kept = objects
                .into_iter()
                .map(|o| Kept {
                    root: o.root,
                    typed: o.typed,
                    untrusted: o.untrusted,
                })
                .collect();
            *line_starts = cx.line_starts;
            *diagnostics = cx.diagnostics;
        });
        false
    }

    /// The findings, in order of line and column; `None` for a check of the
    /// opening of a stream that did not read as YAML.
    pub fn finish(self) -> Option<Vec<Diagnostic>> {
        (!self.refused).then_some(self.diagnostics)
    }
}

/// The part after `phase`; a check that is not `whole` skips the rules that read
/// several objects.
fn following(phase: Phase, whole: bool) -> Phase {
    let next = match phase {
        Phase::Parse => Phase::Objects,
        Phase::Objects => Phase::Values,
        Phase::Values => Phase::References,
        Phase::References => Phase::Policies,
        Phase::Policies => Phase::Rbac,
        Phase::Rbac => Phase::Gateway,
        Phase::Gateway => Phase::GatewayRefs,
        Phase::GatewayRefs => Phase::Release,
        Phase::Release => Phase::Sort,
        Phase::Sort | Phase::Over => Phase::Over,
    };
    match next {
        Phase::References | Phase::Policies | Phase::Rbac | Phase::GatewayRefs if !whole => {
            following(next, whole)
        }
        _ => next,
    }
}

/// The end of the run of items (documents, objects) from `start` whose nodes come to
/// about `work`, at least one item: of `len` items, item `i` starts at node `root(i)`
/// and runs to the next one's root, the last to the end of the stream.
fn run_of(
    stream: &Stream<'_>,
    len: usize,
    root: impl Fn(usize) -> NodeId,
    start: usize,
    work: usize,
) -> usize {
    let mut end = start;
    let mut spent = 0usize;
    while end < len && (end == start || spent < work) {
        let next_root = if end + 1 < len {
            root(end + 1) as usize
        } else {
            stream.nodes.len()
        };
        spent = spent.saturating_add(next_root.saturating_sub(root(end) as usize));
        end += 1;
    }
    end
}

/// One step of a field path inside an object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seg<'p> {
    /// A mapping key.
    K(&'p str),
    /// A list index.
    I(usize),
}

/// The state of one validation: the stream and the findings so far.
pub(crate) struct Cx<'s, 'a> {
    file: &'s str,
    /// The text of the stream, for fixes that rewrite one of its lines.
    text: &'s str,
    /// Where each line of `text` starts, computed the first time a fix needs a line
    /// (looking lines up by scanning would make a stream of many fixes quadratic).
    line_starts: std::cell::OnceCell<Vec<usize>>,
    stream: &'s Stream<'a>,
    /// The target release, 1.`minor`.
    minor: u32,
    diagnostics: Vec<Diagnostic>,
}

impl Cx<'_, '_> {
    /// Reports `rule` at a position.
    fn at(&mut self, rule: &Rule, pos: Pos, message: String, fix: Option<String>) {
        let mut d = Diagnostic::at(rule, self.file, pos.line.max(1), pos.column.max(1), message);
        if let Some(fix) = fix {
            d = d.with_fix(fix);
        }
        self.diagnostics.push(d);
    }

    /// Reports `rule` at `pos` with a fix that puts `new` in place of `old`. The fix
    /// is automatic (a whole-line replacement) only when the line holds `old` exactly
    /// at `pos`; otherwise it is only described.
    fn at_replacing(
        &mut self,
        rule: &Rule,
        pos: Pos,
        message: String,
        description: String,
        (old, new): (&str, &str),
    ) {
        let replacement = pos
            .line
            .checked_sub(1)
            .and_then(|index| self.line(index as usize))
            .and_then(|line| {
                let start = match pos.column.checked_sub(1)? as usize {
                    0 => 0,
                    n => line.char_indices().nth(n)?.0,
                };
                let rest = line.get(start..)?.strip_prefix(old)?;
                Some(format!("{}{new}{rest}", &line[..start]))
            });
        self.at(rule, pos, message, Some(description));
        if let Some(fix) = self.diagnostics.last_mut().and_then(|d| d.fix.as_mut()) {
            fix.replacement_line = replacement;
        }
    }

    /// The 0-based `index`th line of the text, without its `\n`.
    fn line(&self, index: usize) -> Option<&str> {
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(at, _)| at + 1))
                .collect()
        });
        let start = *starts.get(index)?;
        let end = starts
            .get(index + 1)
            .map_or(self.text.len(), |next| next - 1);
        self.text.get(start..end)
    }

    /// Reports `rule` at the deepest existing node of `path` under `root`.
    fn on(&mut self, rule: &Rule, root: NodeId, path: &[Seg<'_>], message: String) {
        let pos = locate(self.stream, root, path);
        self.at(rule, pos, message, None);
    }

    /// Like [`Cx::on`], with a fix.
    fn on_fix(
        &mut self,
        rule: &Rule,
        root: NodeId,
        path: &[Seg<'_>],
        message: String,
        fix: String,
    ) {
        let pos = locate(self.stream, root, path);
        self.at(rule, pos, message, Some(fix));
    }
}

/// The position of the deepest node of `path` that exists: a key's position for a
/// mapping entry, an item's for a list entry.
pub(crate) fn locate(stream: &Stream<'_>, root: NodeId, path: &[Seg<'_>]) -> Pos {
    let mut node = root;
    let mut pos = stream.pos(root);
    for seg in path {
        match seg {
            Seg::K(key) => match stream.entry(node, key) {
                Some((k, v)) => {
                    pos = stream.pos(k);
                    node = v;
                }
                None => break,
            },
            Seg::I(i) => match stream.items(node).get(*i) {
                Some(item) => {
                    pos = stream.pos(*item);
                    node = *item;
                }
                None => break,
            },
        }
    }
    pos
}
