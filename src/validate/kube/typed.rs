//! Typing a document against k8s-openapi: a serde `Deserializer` over the YAML tree
//! of [`crate::yaml::Stream`].
//!
//! Reading the tree directly (instead of going through `serde_json::Value`) means
//! every finding knows its node, so its line and column, and serde's view of the
//! schema comes for free: `deserialize_struct` names the struct and all its fields
//! (unknown keys, near-miss suggestions, required fields from [`super::schema`]), and
//! the method a type calls says what it expects (`deserialize_string` for a string:
//! an unquoted `on` there is the YAML 1.1 trap). The typing recovers: a value of the
//! wrong type is reported and replaced by a neutral one, and an error that serde
//! cannot recover from masks its node and the document is typed again.

use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, Visitor};

use super::schema;
use crate::yaml::{NodeId, NodeKind, Scalar, Stream, Style};

/// What the typing found, each at a node.
#[derive(Clone, Debug, PartialEq)]
pub enum Finding {
    /// A key the struct does not have.
    Unknown {
        key: NodeId,
        path: String,
        field: String,
        owner: &'static str,
        suggestion: Option<&'static str>,
    },
    /// A value of the wrong type.
    WrongType {
        node: NodeId,
        path: String,
        expected: &'static str,
        found: String,
    },
    /// An unquoted scalar that YAML 1.1 reads as a boolean or number where a string
    /// is expected.
    Trap {
        node: NodeId,
        path: String,
        text: String,
        reads_as: Scalar<'static>,
    },
    /// A required field that is absent or null; `node` is the mapping.
    Missing {
        node: NodeId,
        path: String,
        field: &'static str,
        owner: &'static str,
    },
    /// A value serde rejected (out of range, bad base64, bad timestamp).
    Invalid {
        node: NodeId,
        path: String,
        message: String,
    },
}

/// The result of typing one document.
pub struct Typed<T> {
    /// The object, unless the document could not be typed at all.
    pub value: Option<T>,
    /// Every finding; the paths of wrong-typed, invalid and missing values are where
    /// the object holds a placeholder.
    pub findings: Vec<Finding>,
}

/// How many times a document is typed again after an unrecoverable error.
const MAX_ATTEMPTS: usize = 8;

/// Types the document rooted at `root` as `T`.
pub fn type_document<T: DeserializeOwned>(stream: &Stream<'_>, root: NodeId) -> Typed<T> {
    let mut masked = HashSet::new();
    let mut fatal = Vec::new();
    let mut last = Vec::new();
    for _ in 0..MAX_ATTEMPTS {
        let cx = Cx {
            stream,
            masked: &masked,
            findings: RefCell::new(Vec::new()),
        };
        let result = T::deserialize(De {
            cx: &cx,
            node: root,
            path: Path::ROOT,
        });
        let findings = cx.findings.into_inner();
        match result {
            Ok(value) => {
                fatal.extend(findings);
                return Typed {
                    value: Some(value),
                    findings: fatal,
                };
            }
            Err(error) => {
                last = findings;
                let node = error.node.unwrap_or(root);
                fatal.push(Finding::Invalid {
                    node,
                    path: error.path.unwrap_or_default(),
                    message: error.message,
                });
                if node == root || !masked.insert(node) {
                    break;
                }
            }
        }
    }
    fatal.extend(last);
    Typed {
        value: None,
        findings: fatal,
    }
}

struct Cx<'c, 'a> {
    stream: &'c Stream<'a>,
    masked: &'c HashSet<NodeId>,
    findings: RefCell<Vec<Finding>>,
}

impl Cx<'_, '_> {
    fn push(&self, finding: Finding) {
        self.findings.borrow_mut().push(finding);
    }
}

/// The field path of a node, as a linked list on the stack: rendered only when a
/// finding needs it.
#[derive(Clone, Copy)]
struct Path<'p> {
    parent: Option<&'p Path<'p>>,
    seg: Seg<'p>,
}

#[derive(Clone, Copy)]
enum Seg<'p> {
    Root,
    Key(&'p str),
    Index(usize),
}

impl Path<'_> {
    const ROOT: Path<'static> = Path {
        parent: None,
        seg: Seg::Root,
    };

    fn render(&self) -> String {
        let mut segs = Vec::new();
        let mut at = Some(self);
        while let Some(p) = at {
            segs.push(p.seg);
            at = p.parent;
        }
        let mut out = String::new();
        for seg in segs.iter().rev() {
            match seg {
                Seg::Root => {}
                Seg::Key(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                Seg::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        out
    }
}

/// A serde error that remembers the innermost node it came from.
#[derive(Debug)]
pub struct DeError {
    message: String,
    node: Option<NodeId>,
    path: Option<String>,
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError {
            message: msg.to_string(),
            node: None,
            path: None,
        }
    }
}

#[derive(Clone, Copy)]
struct De<'c, 'a, 'p> {
    cx: &'c Cx<'c, 'a>,
    node: NodeId,
    path: Path<'p>,
}

/// A short description of what a node holds, for messages.
fn describe(stream: &Stream<'_>, node: NodeId) -> String {
    match stream.scalar(node) {
        None if stream.is_map(node) => "a mapping".into(),
        None => "a list".into(),
        Some(Scalar::Null) => "null".into(),
        Some(Scalar::Bool(b)) => format!("the boolean {b}"),
        Some(Scalar::Int(_)) | Some(Scalar::Float(_)) => {
            format!("the number {}", stream.text(node).unwrap_or_default())
        }
        Some(Scalar::Str(s)) => format!("the string {s:?}"),
    }
}

fn static_scalar(s: Scalar<'_>) -> Scalar<'static> {
    match s {
        Scalar::Null => Scalar::Null,
        Scalar::Bool(b) => Scalar::Bool(b),
        Scalar::Int(i) => Scalar::Int(i),
        Scalar::Float(f) => Scalar::Float(f),
        Scalar::Str(_) => Scalar::Str(""),
    }
}

impl<'c, 'a, 'p> De<'c, 'a, 'p> {
    fn stream(&self) -> &'c Stream<'a> {
        self.cx.stream
    }

    fn locate<T>(&self, result: Result<T, DeError>) -> Result<T, DeError> {
        result.map_err(|e| self.place(e))
    }

    /// Gives an error without a place this node's.
    #[inline(never)]
    fn place(&self, mut e: DeError) -> DeError {
        if e.node.is_none() {
            e.node = Some(self.node);
            e.path = Some(self.path.render());
        }
        e
    }

    fn wrong(&self, expected: &'static str) {
        self.cx.push(Finding::WrongType {
            node: self.node,
            path: self.path.render(),
            expected,
            found: describe(self.stream(), self.node),
        });
    }

    fn is_plain_untagged(&self) -> bool {
        matches!(
            self.stream().node(self.node).kind,
            NodeKind::Scalar {
                style: Style::Plain,
                tag: None,
                ..
            }
        )
    }

    // The scalar readers below are generic over every visitor; what they find is
    // worked out out of line (`*_value`), so each instance is only the visit call.

    fn string<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let text = self.string_value();
        self.locate(visitor.visit_str(text))
    }

    /// The text a string field gets: a trap or a wrong type is reported, and the
    /// node's text (or nothing) stands in.
    #[inline(never)]
    fn string_value(&self) -> &'c str {
        let stream = self.stream();
        match stream.scalar(self.node) {
            Some(Scalar::Str(s)) => s,
            Some(Scalar::Null) => "",
            Some(other) => {
                let text = stream.text(self.node).unwrap_or_default();
                if self.is_plain_untagged() {
                    self.cx.push(Finding::Trap {
                        node: self.node,
                        path: self.path.render(),
                        text: text.to_owned(),
                        reads_as: static_scalar(other),
                    });
                } else {
                    self.wrong("a string");
                }
                text
            }
            None => {
                self.wrong("a string");
                ""
            }
        }
    }

    fn integer<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let value = self.integer_value();
        self.locate(visitor.visit_i64(value))
    }

    #[inline(never)]
    fn bool_value(&self) -> bool {
        match self.stream().scalar(self.node) {
            Some(Scalar::Bool(b)) => b,
            Some(Scalar::Null) => false,
            _ => {
                self.wrong("a boolean");
                false
            }
        }
    }

    /// Reports a node that is neither the collection expected (a mapping when
    /// `mapping`, else a list) nor null.
    #[inline(never)]
    fn expect_collection(&self, mapping: bool) {
        let stream = self.stream();
        let fits = if mapping {
            stream.is_map(self.node)
        } else {
            matches!(stream.node(self.node).kind, NodeKind::Seq(_))
        };
        if !fits && !stream.is_null(self.node) {
            self.wrong(if mapping { "a mapping" } else { "a list" });
        }
    }

    #[inline(never)]
    fn integer_value(&self) -> i64 {
        match self.stream().scalar(self.node) {
            Some(Scalar::Int(i)) => i,
            Some(Scalar::Float(f)) if f.fract() == 0.0 && f.abs() < 9.0e15 => f as i64,
            Some(Scalar::Null) => 0,
            Some(Scalar::Str(s)) => {
                self.wrong("an integer");
                s.trim().parse().unwrap_or(0)
            }
            _ => {
                self.wrong("an integer");
                0
            }
        }
    }

    fn float<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let value = self.float_value();
        self.locate(visitor.visit_f64(value))
    }

    #[inline(never)]
    fn float_value(&self) -> f64 {
        match self.stream().scalar(self.node) {
            Some(Scalar::Int(i)) => i as f64,
            Some(Scalar::Float(f)) => f,
            Some(Scalar::Null) => 0.0,
            _ => {
                self.wrong("a number");
                0.0
            }
        }
    }

    /// What serde's view of struct `name` says about the mapping: unknown keys and
    /// missing required fields. Kept out of line: `deserialize_struct` is generic over
    /// every visitor (a hundred and more k8s-openapi structs), and this part is not.
    #[inline(never)]
    fn check_struct(&self, name: &'static str, fields: &'static [&'static str]) {
        let stream = self.stream();
        if stream.is_map(self.node) {
            let entries = stream.entries(self.node);
            for (k, _) in entries.iter() {
                let key = stream.text(*k).unwrap_or_default();
                if !fields.contains(&key) {
                    let path = Path {
                        parent: Some(&self.path),
                        seg: Seg::Key(key),
                    };
                    self.cx.push(Finding::Unknown {
                        key: *k,
                        path: path.render(),
                        field: key.to_owned(),
                        owner: name,
                        suggestion: suggest(key, fields),
                    });
                }
            }
            for field in schema::required(name) {
                let present = entries
                    .iter()
                    .any(|(k, v)| stream.text(*k) == Some(field) && !stream.is_null(*v));
                if !present {
                    self.cx.push(Finding::Missing {
                        node: self.node,
                        path: self.path.render(),
                        field,
                        owner: name,
                    });
                }
            }
        } else if !stream.is_null(self.node) {
            self.wrong("a mapping");
        }
    }

    fn entries(self, fields: Option<&'static [&'static str]>) -> MapDe<'c, 'a, 'p> {
        MapDe {
            de: self,
            entries: self.stream().entries(self.node),
            fields,
            next: 0,
            value: None,
        }
    }
}

impl<'de> de::Deserializer<'de> for De<'_, '_, '_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let stream = self.stream();
        let result = match stream.scalar(self.node) {
            Some(Scalar::Null) => visitor.visit_unit(),
            Some(Scalar::Bool(b)) => visitor.visit_bool(b),
            Some(Scalar::Int(i)) => visitor.visit_i64(i),
            Some(Scalar::Float(f)) => visitor.visit_f64(f),
            Some(Scalar::Str(s)) => visitor.visit_str(s),
            None if stream.is_map(self.node) => visitor.visit_map(self.entries(None)),
            None => visitor.visit_seq(SeqDe { de: self, next: 0 }),
        };
        self.locate(result)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let value = self.bool_value();
        self.locate(visitor.visit_bool(value))
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.integer(visitor)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.integer(visitor)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.integer(visitor)
    }
    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.integer(visitor)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.integer(visitor)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.integer(visitor)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.integer(visitor)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.integer(visitor)
    }
    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.float(visitor)
    }
    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.float(visitor)
    }
    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.string(visitor)
    }
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.string(visitor)
    }
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.string(visitor)
    }
    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.string(visitor)
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.string(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let result = if self.stream().is_null(self.node) {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        };
        self.locate(result)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.locate(visitor.visit_unit())
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.locate(visitor.visit_unit())
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.locate(visitor.visit_newtype_struct(self))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.expect_collection(false);
        let result = visitor.visit_seq(SeqDe { de: self, next: 0 });
        self.locate(result)
    }
    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.expect_collection(true);
        let result = visitor.visit_map(self.entries(None));
        self.locate(result)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.check_struct(name, fields);
        let result = visitor.visit_map(self.entries(Some(fields)));
        self.locate(result)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        _variants: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, DeError> {
        self.locate(Err(de::Error::custom(format!(
            "{name} cannot be read from YAML here"
        ))))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let text = self.stream().text(self.node).unwrap_or_default();
        self.locate(visitor.visit_str(text))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }
}

struct SeqDe<'c, 'a, 'p> {
    de: De<'c, 'a, 'p>,
    next: usize,
}

impl<'de> de::SeqAccess<'de> for SeqDe<'_, '_, '_> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        let items = self.de.stream().items(self.de.node);
        while let Some(item) = items.get(self.next).copied() {
            let index = self.next;
            self.next += 1;
            if !self.de.cx.masked.is_empty() && self.de.cx.masked.contains(&item) {
                continue;
            }
            let de = De {
                cx: self.de.cx,
                node: item,
                path: Path {
                    parent: Some(&self.de.path),
                    seg: Seg::Index(index),
                },
            };
            return seed.deserialize(de).map(Some);
        }
        Ok(None)
    }
}

struct MapDe<'c, 'a, 'p> {
    de: De<'c, 'a, 'p>,
    entries: std::borrow::Cow<'c, [(NodeId, NodeId)]>,
    /// A struct's fields: other keys are skipped (they are reported as unknown).
    fields: Option<&'static [&'static str]>,
    next: usize,
    value: Option<(NodeId, NodeId)>,
}

impl<'c> MapDe<'c, '_, '_> {
    /// Moves to the next entry serde should see (a struct's own fields, nothing
    /// masked) and returns its key node and text. Out of line: `next_key_seed` is
    /// generic over every struct's field type.
    #[inline(never)]
    fn next_entry(&mut self) -> Option<(NodeId, &'c str)> {
        let stream = self.de.stream();
        while let Some((k, v)) = self.entries.get(self.next).copied() {
            self.next += 1;
            let key = stream.text(k).unwrap_or_default();
            let wanted = self.fields.is_none_or(|fields| fields.contains(&key));
            let masked = self.de.cx.masked;
            if !wanted || (!masked.is_empty() && (masked.contains(&v) || masked.contains(&k))) {
                continue;
            }
            self.value = Some((k, v));
            return Some((k, key));
        }
        None
    }
}

impl<'de> de::MapAccess<'de> for MapDe<'_, '_, '_> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let Some((k, key)) = self.next_entry() else {
            return Ok(None);
        };
        seed.deserialize(KeyDe { text: key })
            .map(Some)
            .map_err(|mut e| {
                e.node.get_or_insert(k);
                e
            })
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let Some((k, v)) = self.value.take() else {
            return Err(de::Error::custom("a value was asked for before its key"));
        };
        let key = self.de.stream().text(k).unwrap_or_default();
        let de = De {
            cx: self.de.cx,
            node: v,
            path: Path {
                parent: Some(&self.de.path),
                seg: Seg::Key(key),
            },
        };
        seed.deserialize(de)
    }
}

/// A mapping key: always its text (kubectl turns non-string keys into strings).
struct KeyDe<'k> {
    text: &'k str,
}

impl<'de> de::Deserializer<'de> for KeyDe<'_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_str(self.text)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// The field closest to a misspelt key, if it is close enough to be a typo.
pub fn suggest(key: &str, fields: &[&'static str]) -> Option<&'static str> {
    let lower = key.to_ascii_lowercase();
    let limit = (key.chars().count() / 4).clamp(1, 3);
    fields
        .iter()
        .map(|f| (edit_distance(&lower, &f.to_ascii_lowercase()), *f))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, f)| f)
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == *cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::Budget;
    use crate::yaml::parse_stream;
    use k8s_openapi::api::core::v1::{ConfigMap, Container};

    fn typed<T: DeserializeOwned>(text: &str) -> Typed<T> {
        let stream = parse_stream(text, &Budget::STREAM);
        type_document(&stream, stream.documents[0].root)
    }

    #[test]
    fn a_misspelt_field_is_unknown_with_a_suggestion() {
        let t = typed::<Container>("name: app\nimage: x:1\nimagePulPolicy: Always\n");
        assert!(matches!(
            &t.findings[..],
            [Finding::Unknown { field, suggestion: Some("imagePullPolicy"), .. }] if field == "imagePulPolicy"
        ));
    }

    #[test]
    fn an_unquoted_on_in_a_string_map_is_a_trap_and_keeps_its_text() {
        let t = typed::<ConfigMap>(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  FLAG: on\n",
        );
        assert_eq!(t.value.unwrap().data.unwrap()["FLAG"], "on");
        assert!(matches!(
            &t.findings[..],
            [Finding::Trap { reads_as: Scalar::Bool(true), path, .. }] if path == "data.FLAG"
        ));
    }

    #[test]
    fn wrong_types_are_all_reported_and_out_of_range_values_masked() {
        let t = typed::<Container>(
            "name: app\nports:\n- containerPort: \"80\"\n- containerPort: 99999999999\nstdin: maybe\n",
        );
        let kinds: Vec<&str> = t
            .findings
            .iter()
            .map(|f| match f {
                Finding::WrongType { path, .. } | Finding::Invalid { path, .. } => path.as_str(),
                _ => "",
            })
            .collect();
        assert!(kinds.contains(&"ports[0].containerPort"), "{kinds:?}");
        assert!(kinds.contains(&"ports[1].containerPort"), "{kinds:?}");
        assert!(kinds.contains(&"stdin"), "{kinds:?}");
    }

    #[test]
    fn suggestions_need_a_close_match() {
        assert_eq!(
            suggest("imagePulPolicy", &["imagePullPolicy", "image"]),
            Some("imagePullPolicy")
        );
        assert_eq!(
            suggest("containerport", &["containerPort"]),
            Some("containerPort")
        );
        assert_eq!(suggest("banana", &["image", "name"]), None);
    }
}
