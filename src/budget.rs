//! Input budgets: how much untrusted input one reading may take, in one type.
//!
//! Everything a user hands the playground is untrusted: a pasted or dropped file, a
//! file named on the command line (which may be a link to `/dev/zero`), a design
//! file, a share link. A few hundred bytes of YAML can ask for billions of nodes
//! through aliases, and a file can simply be huge. Each dimension that could make
//! reading slow or large has one field here, and each is checked where the input
//! enters: [`Budget::admit`] and [`Budget::read`] on the bytes before anything is
//! parsed (the command line, the paste box, share links), and
//! [`crate::yaml::parse_stream`] on documents, nodes, alias expansions and depth
//! while it reads. Going over a budget is an [`Exceeded`] with its own message,
//! never a panic, and the message is the same in the command and the page.
//!
//! Budgets are stream-wide: a stream of many documents shares one budget, so
//! splitting an alias bomb over three hundred documents does not multiply it.
//! (The Dockerfile validator's expansion budgets still live in
//! `validate::dockerfile`; they belong here too once both land.)

use std::io::Read;

use thiserror::Error;

/// What one input may hold. See the module documentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    /// The most bytes read from one input (a file, a paste, a link).
    pub bytes: usize,
    /// The most bytes one YAML document may span.
    pub document_bytes: usize,
    /// The most YAML documents in one input.
    pub documents: usize,
    /// The most YAML nodes (scalars, sequences, mappings, aliases) in one input.
    pub nodes: usize,
    /// The most nodes aliases may add to one input once they are expanded, all
    /// aliases of all documents together.
    pub alias_expansions: usize,
    /// The deepest nesting of YAML collections.
    pub depth: usize,
}

impl Budget {
    /// A pasted, dropped or named Kubernetes YAML stream or Dockerfile: room for a
    /// stream of some thousands of manifests, and a bound that keeps the worst input
    /// within about a second and some hundreds of megabytes natively.
    pub const STREAM: Budget = Budget {
        bytes: 8 * MIB,
        // The API server stores objects of up to about 1.5 MB.
        document_bytes: 3 * MIB,
        documents: 10_000,
        nodes: 1_000_000,
        alias_expansions: 100_000,
        depth: 64,
    };

    /// A design file or the design in a share link: a real design is a few
    /// kilobytes and some hundreds of nodes; these bounds are a hundred times that.
    pub const DESIGN: Budget = Budget {
        bytes: MIB,
        document_bytes: MIB,
        documents: 2,
        nodes: 50_000,
        alias_expansions: 10_000,
        depth: 32,
    };

    /// Whether an input of `size` may be read; `what` names it in the message
    /// (`deploy.yaml`, `the pasted text`).
    pub fn admit(&self, what: &str, size: Size) -> Result<(), Exceeded> {
        let over = match size {
            Size::Exactly(n) => n > self.bytes as u64,
            Size::MoreThan(n) => n >= self.bytes as u64,
        };
        if over {
            Err(Exceeded::Bytes {
                what: what.to_owned(),
                size,
                limit: self.bytes,
            })
        } else {
            Ok(())
        }
    }

    /// Reads `reader` to its end as UTF-8 text, but never more than [`Budget::bytes`]
    /// plus one byte: a larger input is refused as soon as that byte arrives, so an
    /// endless source (`/dev/zero`) costs the budget and no more.
    pub fn read(&self, what: &str, reader: impl Read) -> Result<String, ReadError> {
        let mut bytes = Vec::new();
        reader
            .take(self.bytes as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(ReadError::Io)?;
        if bytes.len() > self.bytes {
            return Err(ReadError::Exceeded(Exceeded::Bytes {
                what: what.to_owned(),
                size: Size::MoreThan(self.bytes as u64),
                limit: self.bytes,
            }));
        }
        String::from_utf8(bytes).map_err(|e| ReadError::NotText {
            offset: e.utf8_error().valid_up_to(),
        })
    }
}

const MIB: usize = 1024 * 1024;

/// How large an input is: exactly, or (for a source that does not say, such as a
/// pipe or a device) more than what was read of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Size {
    Exactly(u64),
    MoreThan(u64),
}

/// A budget that an input went over, one variant per budget.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum Exceeded {
    /// The input is larger than [`Budget::bytes`]; nothing of it is read.
    #[error("{what} is {}the {} one input may be: nothing in it was checked; keep an input under {}", over(*.size), amount(*.limit), amount(*.limit))]
    Bytes {
        what: String,
        size: Size,
        limit: usize,
    },
    /// One document spans more than [`Budget::document_bytes`]; it is skipped.
    #[error("this document is {size} bytes, more than the {} one document may be: it was not checked; keep a document under {}", amount(*.limit), amount(*.limit))]
    DocumentBytes { size: usize, limit: usize },
    /// The input holds more than [`Budget::documents`] documents; the rest is not read.
    #[error("the input holds more than {limit} documents: this one and those after it were not read; keep an input to {limit} documents")]
    Documents { limit: usize },
    /// The input holds more than [`Budget::nodes`] nodes; the rest is not read.
    #[error("the input holds more than {limit} YAML nodes: the rest, from here on, was not read; keep an input under {limit} nodes")]
    Nodes { limit: usize },
    /// Aliases would add more than [`Budget::alias_expansions`] nodes to the
    /// documents of the input, all of them together; the document is skipped.
    #[error("here the nodes that aliases add to the input would pass {limit} (an alias bomb): this document was not checked; write repeated parts out or alias fewer of them")]
    AliasExpansions { limit: usize },
    /// Collections nest deeper than [`Budget::depth`]; the rest is not read.
    #[error("collections nest deeper than {limit} levels here: the rest, from here on, was not read; keep nesting within {limit} levels")]
    Depth { limit: usize },
}

/// How much over: `52428800 bytes, more than ` or `more than `.
fn over(size: Size) -> String {
    match size {
        Size::Exactly(n) => format!("{n} bytes, more than "),
        Size::MoreThan(_) => "more than ".to_owned(),
    }
}

/// A limit in bytes as people write it: `8 MiB (8388608 bytes)`.
fn amount(bytes: usize) -> String {
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB ({bytes} bytes)", bytes / MIB)
    } else if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KiB ({bytes} bytes)", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

/// Why [`Budget::read`] returned no text.
#[derive(Debug, Error)]
pub enum ReadError {
    /// The source could not be read.
    #[error("{0}")]
    Io(std::io::Error),
    /// The source is larger than the budget.
    #[error("{0}")]
    Exceeded(Exceeded),
    /// The bytes are not UTF-8 text.
    #[error("it is not UTF-8 text (byte {offset} starts an invalid sequence)")]
    NotText { offset: usize },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_input_over_the_byte_budget_is_refused_by_its_size_alone() {
        let budget = Budget {
            bytes: 10,
            ..Budget::STREAM
        };
        assert_eq!(budget.admit("a.yaml", Size::Exactly(10)), Ok(()));
        assert_eq!(
            budget.admit("a.yaml", Size::Exactly(11)).unwrap_err().to_string(),
            "a.yaml is 11 bytes, more than the 10 bytes one input may be: nothing in it was checked; keep an input under 10 bytes"
        );
        assert!(budget.admit("a.yaml", Size::MoreThan(10)).is_err());
    }

    #[test]
    fn reading_stops_one_byte_past_the_budget() {
        let budget = Budget {
            bytes: 4,
            ..Budget::STREAM
        };
        assert_eq!(budget.read("x", &b"abcd"[..]).unwrap(), "abcd");
        // An endless source: only five bytes of it are ever asked for.
        let endless = std::io::repeat(b'a');
        let err = budget.read("/dev/zero", endless).unwrap_err();
        assert_eq!(
            err.to_string(),
            "/dev/zero is more than the 4 bytes one input may be: nothing in it was checked; keep an input under 4 bytes"
        );
        assert!(matches!(
            budget.read("x", &[b'a', 0xff][..]),
            Err(ReadError::NotText { offset: 1 })
        ));
    }

    #[test]
    fn limits_read_as_people_write_them() {
        assert_eq!(amount(8 * MIB), "8 MiB (8388608 bytes)");
        assert_eq!(amount(1536), "1536 bytes");
        assert_eq!(amount(64 * 1024), "64 KiB (65536 bytes)");
    }
}
