//! The one place that calls the YAML crate (serde-saphyr).
//!
//! serde-saphyr quotes strings YAML 1.1 readers would take for booleans or numbers
//! (`on`, `yes`, `0x10`), so what we write means the same to kubectl as to us.

use serde::de::DeserializeOwned;
use serde::Serialize;
use thiserror::Error;

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

/// Reads one YAML document into a typed value, within serde-saphyr's default budget
/// for aliases, depth and node counts (so an alias bomb fails instead of exhausting memory).
pub fn from_yaml<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_saphyr::from_str(text).map_err(|e| YamlError::Read(e.to_string()))
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
    fn an_alias_bomb_is_refused_not_expanded() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let prev = format!("*a{}", i - 1);
            text.push_str(&format!("a{i}: &a{i} [{}]\n", vec![prev; 10].join(", ")));
        }
        let result: Result<serde_json::Value, _> = from_yaml(&text);
        assert!(matches!(result, Err(YamlError::Read(_))), "{result:?}");
    }
}
