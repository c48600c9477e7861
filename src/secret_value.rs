//! What a real secret value is not: a placeholder someone meant to replace, or the
//! development JWT key the bundle publishes; and how long a JWT signing key must be.
//!
//! Three places judge secret values and must agree, so they read this module: the
//! generated Go service refuses such values in release mode (its placeholder check is
//! Go source rendered from [`PLACEHOLDER_WORDS`]), the Kubernetes validator reports
//! them in a Secret (`GK429`), and the bundle README names the key length.
//!
//! The list is short on purpose. A value is a placeholder only when the whole value
//! is one, so a real key that happens to contain `todo` or `xxx` is never refused.

/// The JWT signing key for local development only: `.env.example` suggests it, and a
/// token signed with it passes the generated middleware when the key variable holds
/// it. It is public, so the service refuses it in release mode and `GK429` reports
/// it in a Secret.
pub const DEV_JWT_SECRET: &str = "dev-only-insecure-jwt-secret-change-me";

/// The fewest bytes a JWT signing key may have in release mode: HS256 signs with a
/// 256-bit HMAC, and RFC 7518 (3.2) asks for a key at least that long.
pub const MIN_JWT_KEY_BYTES: usize = 32;

/// Words that stand in for a secret, compared with [`word`]: case ignored, and
/// spaces, `-`, `_` and `.` dropped, so `REPLACE_ME`, `change-me` and `To Do` match.
/// A run of three or more `x` (`xxx`, `XXXX`) is one too, as are the unfilled
/// templates `<...>` and `${...}` (see [`is_placeholder`]).
pub const PLACEHOLDER_WORDS: [&str; 6] = [
    "replaceme",
    "changeme",
    "todo",
    "fixme",
    "tbd",
    "placeholder",
];

/// The characters [`word`] drops before comparing.
pub const WORD_SEPARATORS: [char; 4] = [' ', '-', '_', '.'];

/// A value reduced for comparison with [`PLACEHOLDER_WORDS`]: surrounding space
/// trimmed, separators dropped, lower case.
pub fn word(value: &str) -> String {
    value
        .trim()
        .chars()
        .filter(|c| !WORD_SEPARATORS.contains(c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether `value` only stands in for a secret: one of [`PLACEHOLDER_WORDS`], a run
/// of three or more `x`, or a template left unfilled (`<jwt key>`, `${JWT_SECRET}`).
pub fn is_placeholder(value: &str) -> bool {
    let trimmed = value.trim();
    let template = (trimmed.starts_with('<') && trimmed.ends_with('>'))
        || (trimmed.starts_with("${") && trimmed.ends_with('}'));
    let word = word(value);
    template
        || (word.len() >= 3 && word.chars().all(|c| c == 'x'))
        || PLACEHOLDER_WORDS.contains(&word.as_str())
}

/// Why `value` cannot be a secret in production, or `None`: a placeholder, or the
/// published development key. Says nothing about length, which only matters for a
/// signing key.
pub fn unfit(value: &str) -> Option<&'static str> {
    if value == DEV_JWT_SECRET {
        Some("the published development JWT key")
    } else if is_placeholder(value) {
        Some("a placeholder")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_whole_values_in_any_case_and_spelling() {
        for value in [
            "REPLACE_ME",
            "replace-me",
            "ReplaceMe",
            "changeme",
            "CHANGE_ME",
            "change-me",
            " TODO ",
            "to-do",
            "FIXME",
            "TBD",
            "placeholder",
            "xxx",
            "XXXXXXXX",
            "x-x-x",
            "<jwt signing key>",
            "<>",
            "${JWT_SECRET}",
        ] {
            assert!(is_placeholder(value), "{value:?} is a placeholder");
        }
        for value in [
            "",
            "x",
            "xx",
            "<",
            "$JWT_SECRET",
            "todo-list-service-password",
            "my-xxx-key",
            "s3cr3t",
            "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5d2FsZG8=",
            DEV_JWT_SECRET,
        ] {
            assert!(!is_placeholder(value), "{value:?} is not a placeholder");
        }
    }

    #[test]
    fn the_dev_key_and_placeholders_are_unfit() {
        assert_eq!(
            unfit(DEV_JWT_SECRET),
            Some("the published development JWT key")
        );
        assert_eq!(unfit("REPLACE_ME"), Some("a placeholder"));
        assert_eq!(unfit("a-real-key"), None);
    }
}
