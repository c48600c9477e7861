//! Typing a `serde_json::Value` with the path of the value that did not fit.
//!
//! `yaml::from_yaml` reads a design file's tree into a `Value`, types it with this
//! deserializer, and follows the path back to the node for a line and column; the
//! worker reads its messages with it too (`work::read_message`), so its module
//! carries one typed reader of the design. It replaced serde_json's deserializer of
//! values under serde_path_to_error's wrapping, plus serde_json's reader of text for
//! the messages: 8 KB brotli less in the worker. What keeps it small: the path
//! bookkeeping is in functions of their own, steps borrow their keys, the error is
//! one word, and each method a type asks for takes only the values it can be.

use std::cell::RefCell;
use std::fmt;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Unexpected, Visitor};
use serde_json::Value;

/// One step from a value into a part of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    /// An item of a list.
    Index(usize),
    /// A key of a mapping (the key itself, where the key is what failed).
    Key(String),
}

/// Why a value could not be typed, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// From the root to the value (or key) that did not fit; empty for the root.
    pub path: Vec<Segment>,
    /// serde's own words, such as "invalid type: string \"x\", expected u16".
    pub message: String,
}

/// The path as people read it: `inner[1].port`, or `.` for the root.
pub fn path_text(path: &[Segment]) -> String {
    if path.is_empty() {
        return ".".to_owned();
    }
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
            Segment::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
        }
    }
    out
}

/// Types `value` as `T`, or says which part of it did not fit and why.
pub fn from_value<T: DeserializeOwned>(value: &Value) -> Result<T, Failure> {
    let cx = Cx {
        path: RefCell::new(Vec::new()),
        failed_at: RefCell::new(None),
    };
    let result = T::deserialize(De { value, cx: &cx });
    result.map_err(|Error(message)| Failure {
        path: cx.failed_at.take().unwrap_or_default(),
        message: *message,
    })
}

/// The error of this deserializer: serde's message, nothing more. Boxed, so that
/// a `Result` of it is small: every type's reading passes one along.
#[derive(Debug)]
#[allow(clippy::box_collection)] // One word, where a String is three: measured ~7 KB brotli.
struct Error(Box<String>);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Error(Box::new(message.to_string()))
    }
}

/// Where the deserializer is, and where the first error arose.
struct Cx<'a> {
    path: RefCell<Vec<Step<'a>>>,
    failed_at: RefCell<Option<Vec<Segment>>>,
}

/// A [`Segment`] borrowed from the value, while the deserializer is there.
#[derive(Clone, Copy)]
enum Step<'a> {
    Index(usize),
    Key(&'a str),
}

impl<'a> Cx<'a> {
    /// Runs `f` one step deeper; the deepest step an error passes through is where
    /// it arose. The bookkeeping is in functions of their own: this one is
    /// instantiated for every type read, and should stay small.
    fn within<T>(&self, step: Step<'a>, f: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
        self.enter(step);
        let result = f();
        self.leave(result.is_err());
        result
    }

    #[inline(never)]
    fn enter(&self, step: Step<'a>) {
        self.path.borrow_mut().push(step);
    }

    #[inline(never)]
    fn leave(&self, failed: bool) {
        let mut path = self.path.borrow_mut();
        if failed && self.failed_at.borrow().is_none() {
            let owned = path
                .iter()
                .map(|step| match *step {
                    Step::Index(i) => Segment::Index(i),
                    Step::Key(key) => Segment::Key(key.to_owned()),
                })
                .collect();
            *self.failed_at.borrow_mut() = Some(owned);
        }
        path.pop();
    }
}

/// What a value is, in the words of serde's messages.
fn unexpected(value: &Value) -> Unexpected<'_> {
    match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Unexpected::Unsigned(u),
            (None, Some(i)) => Unexpected::Signed(i),
            _ => Unexpected::Float(n.as_f64().unwrap_or_default()),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

#[derive(Clone, Copy)]
struct De<'a> {
    value: &'a Value,
    cx: &'a Cx<'a>,
}

impl<'a> de::Deserializer<'a> for De<'a> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => visitor.visit_u64(u),
                (None, Some(i)) => visitor.visit_i64(i),
                _ => visitor.visit_f64(n.as_f64().unwrap_or_default()),
            },
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Array(items) => visit_array(items, self.cx, visitor),
            Value::Object(entries) => visit_object(entries, self.cx, visitor),
        }
    }

    // The methods below are what a type asks for. Each takes only the values that
    // can be what it asks for, and says "invalid type" of the rest, as
    // `deserialize_any` and the visitor would: going through `deserialize_any`
    // instantiated every visitor's sequence and mapping paths, ~65 KB raw.

    fn deserialize_bool<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Bool(b) => visitor.visit_bool(*b),
            other => Err(de::Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    fn deserialize_str<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::String(s) => visitor.visit_borrowed_str(s),
            other => Err(de::Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    fn deserialize_string<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_char<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_seq<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Array(items) => visit_array(items, self.cx, visitor),
            other => Err(de::Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    fn deserialize_map<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Object(entries) => visit_object(entries, self.cx, visitor),
            other => Err(de::Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.value {
            Value::Array(items) => visit_array(items, self.cx, visitor),
            Value::Object(entries) => visit_object(entries, self.cx, visitor),
            other => Err(de::Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_unit(),
            other => Err(de::Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.value {
            Value::String(s) => visitor.visit_enum(s.as_str().into_deserializer()),
            Value::Object(entries) => {
                let mut only = entries.iter();
                match (only.next(), only.next()) {
                    (Some((variant, value)), None) => visitor.visit_enum(Enum {
                        variant,
                        value,
                        cx: self.cx,
                    }),
                    _ => Err(de::Error::invalid_value(
                        Unexpected::Map,
                        &"map with a single key",
                    )),
                }
            }
            other => Err(de::Error::invalid_type(unexpected(other), &"string or map")),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        <W: Visitor<'a>>
        i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64
        bytes byte_buf tuple tuple_struct
    }
}

/// A list's items to `visitor`, which must take them all.
fn visit_array<'a, V: Visitor<'a>>(
    items: &'a [Value],
    cx: &'a Cx<'a>,
    visitor: V,
) -> Result<V::Value, Error> {
    let mut seq = Seq {
        items: items.iter().enumerate(),
        cx,
    };
    let value = visitor.visit_seq(&mut seq)?;
    match seq.items.len() {
        0 => Ok(value),
        _ => Err(de::Error::invalid_length(
            items.len(),
            &"fewer elements in array",
        )),
    }
}

/// A mapping's entries to `visitor`, which must take them all.
fn visit_object<'a, V: Visitor<'a>>(
    entries: &'a serde_json::Map<String, Value>,
    cx: &'a Cx<'a>,
    visitor: V,
) -> Result<V::Value, Error> {
    let mut map = Map {
        entries: entries.iter(),
        value: None,
        cx,
    };
    let value = visitor.visit_map(&mut map)?;
    match map.entries.len() {
        0 => Ok(value),
        _ => Err(de::Error::invalid_length(
            entries.len(),
            &"fewer elements in map",
        )),
    }
}

struct Seq<'a> {
    items: std::iter::Enumerate<std::slice::Iter<'a, Value>>,
    cx: &'a Cx<'a>,
}

impl<'a> de::SeqAccess<'a> for Seq<'a> {
    type Error = Error;

    fn next_element_seed<S: DeserializeSeed<'a>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Error> {
        let Some((index, value)) = self.items.next() else {
            return Ok(None);
        };
        let cx = self.cx;
        cx.within(Step::Index(index), || seed.deserialize(De { value, cx }))
            .map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct Map<'a> {
    entries: serde_json::map::Iter<'a>,
    /// The entry whose key was read last.
    value: Option<(&'a String, &'a Value)>,
    cx: &'a Cx<'a>,
}

impl<'a> de::MapAccess<'a> for Map<'a> {
    type Error = Error;

    fn next_key_seed<S: DeserializeSeed<'a>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Error> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some((key, value));
        self.cx
            .within(Step::Key(key), || {
                seed.deserialize(BorrowedStrDeserializer::new(key))
            })
            .map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'a>>(&mut self, seed: S) -> Result<S::Value, Error> {
        let Some((key, value)) = self.value.take() else {
            return Err(de::Error::custom("a value asked for before its key"));
        };
        let cx = self.cx;
        cx.within(Step::Key(key), || seed.deserialize(De { value, cx }))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// A variant written as a mapping of one key, `{variant: content}`.
struct Enum<'a> {
    variant: &'a String,
    value: &'a Value,
    cx: &'a Cx<'a>,
}

impl<'a> de::EnumAccess<'a> for Enum<'a> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<S: DeserializeSeed<'a>>(self, seed: S) -> Result<(S::Value, Self), Error> {
        let variant = self.cx.within(Step::Key(self.variant), || {
            seed.deserialize(BorrowedStrDeserializer::new(self.variant))
        })?;
        Ok((variant, self))
    }
}

impl<'a> de::VariantAccess<'a> for Enum<'a> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        self.cx
            .within(Step::Key(self.variant), || match self.value {
                Value::Null => Ok(()),
                other => Err(de::Error::invalid_type(unexpected(other), &"unit variant")),
            })
    }

    fn newtype_variant_seed<S: DeserializeSeed<'a>>(self, seed: S) -> Result<S::Value, Error> {
        let (value, cx) = (self.value, self.cx);
        cx.within(Step::Key(self.variant), || {
            seed.deserialize(De { value, cx })
        })
    }

    fn tuple_variant<V: Visitor<'a>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        let (value, cx) = (self.value, self.cx);
        cx.within(Step::Key(self.variant), || {
            de::Deserializer::deserialize_seq(De { value, cx }, visitor)
        })
    }

    fn struct_variant<V: Visitor<'a>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let (value, cx) = (self.value, self.cx);
        cx.within(Step::Key(self.variant), || {
            de::Deserializer::deserialize_map(De { value, cx }, visitor)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug, PartialEq)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    struct Outer {
        inner: Vec<Inner>,
        #[serde(default)]
        mode: Option<Mode>,
        #[serde(default)]
        kinds: Vec<Kind>,
    }

    #[derive(Deserialize, Debug, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Inner {
        port: u16,
    }

    #[derive(Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "lowercase")]
    enum Mode {
        Debug,
        Release,
    }

    #[derive(Deserialize, Debug, PartialEq)]
    #[serde(tag = "kind", rename_all = "camelCase", deny_unknown_fields)]
    enum Kind {
        Cors { origins: Vec<String> },
        Logger,
    }

    fn read(json: &str) -> Result<Outer, Failure> {
        from_value(&serde_json::from_str::<Value>(json).unwrap())
    }

    /// What serde_json's own deserializer of values says of the same value.
    fn serde_json_says(json: &str) -> String {
        serde_json::from_str::<Value>(json)
            .and_then(Outer::deserialize)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn a_value_that_fits_reads_as_serde_json_reads_it() {
        let json = r#"{"inner":[{"port":80},{"port":8080}],"mode":"release","kinds":[{"kind":"cors","origins":["a"]},{"kind":"logger"}]}"#;
        let ours = read(json).unwrap();
        assert_eq!(
            ours,
            Outer::deserialize(serde_json::from_str::<Value>(json).unwrap()).unwrap()
        );
        assert_eq!(ours.mode, Some(Mode::Release));
        assert_eq!(ours.kinds.len(), 2);
    }

    #[test]
    fn a_failure_names_the_path_and_serde_s_own_message() {
        for (json, path) in [
            (r#"{"inner":[{"port":80},{"prot":81}]}"#, "inner[1].prot"),
            (r#"{"inner":[{"port":"eighty"}]}"#, "inner[0].port"),
            (r#"{"inner":[{"port":70000}]}"#, "inner[0].port"),
            (r#"{"inner":[{}]}"#, "inner[0]"),
            (r#"{"inner":[],"mode":"loud"}"#, "mode"),
            (r#"{"inner":[],"mode":7}"#, "mode"),
            (
                r#"{"inner":[],"kinds":[{"kind":"cors","origins":"a"}]}"#,
                "kinds[0]",
            ),
            (r#"{"inner":[],"other":1}"#, "other"),
            (r#"{"inner":{}}"#, "inner"),
            (r#"{"inner":[5]}"#, "inner[0]"),
            (r#"{"inner":[{"port":true}]}"#, "inner[0].port"),
            (r#"{"inner":[{"port":-1}]}"#, "inner[0].port"),
            (r#"{"inner":[{"port":1.5}]}"#, "inner[0].port"),
            (r#"{"inner":[],"kinds":[{"kind":7}]}"#, "kinds[0].kind"),
            (
                r#"{"inner":[],"kinds":[{"kind":"cors","origins":[true]}]}"#,
                "kinds[0]",
            ),
            (r#"{}"#, "."),
            (r#"[]"#, "."),
        ] {
            let failure = read(json).unwrap_err();
            assert_eq!(path_text(&failure.path), path, "{json}");
            assert_eq!(failure.message, serde_json_says(json), "{json}");
        }
    }
}
