//! Gin Deploy Playground: design a Go Gin service and generate what it takes to run
//! it on Kubernetes.
//!
//! Everything outside [`ui`] is the pure core: plain Rust with no DOM access, tested
//! natively. [`ui`] is the Yew front end that wraps the core; `main.rs` only mounts it.

pub mod archive;
pub mod budget;
pub mod bundle;
pub mod design_file;
pub mod diagram;
pub mod diff;
pub mod editor;
pub mod field_labels;
pub mod fields;
pub mod gateway_api;
pub mod generate;
pub mod goproject;
pub mod highlight;
pub mod import;
pub mod migrate;
pub mod model;
pub mod names;
pub mod presets;
pub mod secret_value;
pub mod share;
pub mod simulate;
pub mod ui;
pub mod unpack;
pub mod validate;
pub mod work;
pub mod yaml;
