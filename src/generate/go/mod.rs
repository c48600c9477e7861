//! The Go scaffold.
