//! `.env.example`: every environment variable the service reads, ready to copy to
//! `.env` for a local run.
//!
//! Plain config values appear as designed; secrets only as placeholders, never their
//! designed value. `GIN_MODE` is debug where the design says release: the service
//! refuses those placeholders and the development JWT key in release mode. Values are written so that godotenv (which the Go service loads
//! `.env` with) reads back exactly the designed string: plain when that is safe,
//! otherwise single- or double-quoted by godotenv's own rules.

use crate::generate::go::DEV_JWT_SECRET;
use crate::model::{Design, GinMode};

/// The value every other secret gets in the example.
pub const SECRET_PLACEHOLDER: &str = "change-me";

/// Writes `.env.example`.
pub fn env_example(design: &Design) -> String {
    let mut out = String::from(
        "# Local configuration for the service: copy to .env (never commit .env).\n\
         # In the cluster the same variables come from the ConfigMap and the Secret.\n\n",
    );
    let mut written: Vec<&str> = vec!["PORT", "GIN_MODE"];
    out.push_str("# The port Gin listens on.\n");
    push_var(&mut out, "PORT", &design.service.port.to_string());
    // In release mode the service refuses the development JWT key and the placeholders
    // below, so a local run from this file uses debug mode instead.
    let local_mode = match design.service.gin_mode {
        GinMode::Release => {
            out.push_str(
                "# Gin's run mode: debug for local runs. The cluster runs in release mode, where\n\
                 # the service refuses the development key and the placeholders below.\n",
            );
            GinMode::Debug
        }
        mode => {
            out.push_str("# Gin's run mode: debug, release or test.\n");
            mode
        }
    };
    push_var(&mut out, "GIN_MODE", local_mode.as_str());

    let jwt_env = design.jwt().map(|(_, secret_env)| secret_env);
    let database_env = design.database.as_ref().map(|d| d.url_env.as_str());
    let designed = design
        .config
        .vars
        .iter()
        .map(|var| (var.name.as_str(), Some(var)));
    // The JWT key and the database URL are secrets the code reads even when the
    // design has no config entry for them.
    let implied = jwt_env
        .into_iter()
        .chain(database_env)
        .map(|name| (name, None));
    let mut previous_plain = false;
    for (name, var) in designed.chain(implied) {
        if written.contains(&name) {
            continue;
        }
        written.push(name);
        let plain_value = var.filter(|v| !v.secret).map(|v| v.value.as_str());
        let plain = plain_value.is_some()
            && is_env_name(name)
            && Some(name) != jwt_env
            && Some(name) != database_env;
        if plain && !previous_plain {
            out.push_str("\n# Plain configuration (the ConfigMap in the cluster).\n");
        }
        previous_plain = plain;
        if !is_env_name(name) {
            out.push_str(&format!(
                "\n# skipped {name:?}: not a valid environment variable name\n"
            ));
        } else if Some(name) == jwt_env {
            out.push_str(
                "\n# JWT signing key. This value is for local development only: it is public,\n\
                 # so tokens signed with it prove nothing. Production reads the key from the Secret.\n",
            );
            push_var(&mut out, name, DEV_JWT_SECRET);
        } else if Some(name) == database_env {
            out.push_str(
                "\n# Secret: the database connection string, for example\n\
                 # postgres://user:password@localhost:5432/app?sslmode=disable\n",
            );
            push_var(&mut out, name, SECRET_PLACEHOLDER);
        } else if let Some(value) = plain_value {
            push_var(&mut out, name, value);
        } else {
            out.push_str(
                "\n# Secret: set your own value here; the cluster reads it from the Secret.\n",
            );
            push_var(&mut out, name, SECRET_PLACEHOLDER);
        }
    }
    out
}

fn push_var(out: &mut String, name: &str, value: &str) {
    match quote(value) {
        Some(quoted) => {
            out.push_str(name);
            out.push('=');
            out.push_str(&quoted);
            out.push('\n');
        }
        None => {
            out.push_str(
                "# the designed value cannot be written in .env syntax; set it in the environment\n",
            );
            out.push_str(name);
            out.push_str("=\n");
        }
    }
}

/// A POSIX environment variable name, which every consumer (godotenv, Docker's
/// `--env-file`, Kubernetes env) accepts.
pub fn is_env_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Writes a value so godotenv (v1.5) reads back exactly `value`, or `None` for the few
/// values no godotenv syntax can carry (a line break or a leading quote together with a
/// trailing `"` or `\`).
///
/// godotenv reads an unquoted value to the end of the line, trims spaces, cuts a ` #`
/// comment and expands `$NAME` (`\$` is a literal `$`); a `'...'` value is literal but
/// cannot hold `'` or end in `\`; a `"..."` value unescapes `\n`, `\r`, `\\`, `\"` and
/// `\$` but cannot end in `"` or `\` (its quote trimming and terminator search would
/// eat them). Every form avoids a line ending in `---`, which godotenv drops as a YAML
/// document marker.
pub fn quote(value: &str) -> Option<String> {
    let plain_char = |c: char| c.is_ascii_alphanumeric() || "_-.,:/@+=%".contains(c);
    if value.chars().all(plain_char) && !value.ends_with('-') {
        return Some(value.to_owned());
    }
    if !value.contains(['\'', '\n', '\r']) && !value.ends_with('\\') {
        return Some(format!("'{value}'"));
    }
    if !value.ends_with(['"', '\\']) {
        return Some(double_quoted(value));
    }
    bare(value)
}

/// The double-quoted form, for values that do not end in `"` or `\`.
fn double_quoted(value: &str) -> String {
    let mut quoted = String::with_capacity(value.len() + 2);
    quoted.push('"');
    for c in value.chars() {
        match c {
            '\\' => quoted.push_str("\\\\"),
            '"' => quoted.push_str("\\\""),
            '$' => quoted.push_str("\\$"),
            '\n' => quoted.push_str("\\n"),
            '\r' => quoted.push_str("\\r"),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// The unquoted form with every `$` escaped, for one-line values that godotenv's
/// trimming and ` #` comment cutting leave alone and that do not open with a quote.
fn bare(value: &str) -> Option<String> {
    // godotenv's `isSpace`: what it trims around an unquoted value.
    let space = |c: char| {
        matches!(
            c,
            '\t' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{85}' | '\u{a0}'
        )
    };
    let chars: Vec<char> = value.chars().collect();
    let comment = chars.windows(2).any(|w| space(w[0]) && w[1] == '#');
    let fits = !value.contains(['\n', '\r'])
        && !value.starts_with(['\'', '"'])
        && !value.starts_with(space)
        && !value.ends_with(space)
        && !value.ends_with('-')
        && !comment;
    fits.then(|| value.replace('$', "\\$"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_values_stay_plain_and_others_are_quoted() {
        assert_eq!(quote("8080").as_deref(), Some("8080"));
        assert_eq!(
            quote("postgres://db:5432/app").as_deref(),
            Some("postgres://db:5432/app")
        );
        assert_eq!(quote("").as_deref(), Some(""));
        assert_eq!(quote("a b #c").as_deref(), Some("'a b #c'"));
        assert_eq!(quote("it's").as_deref(), Some("\"it's\""));
        assert_eq!(quote("a---").as_deref(), Some("'a---'"));
        assert_eq!(quote("it's $5\"").as_deref(), Some("it's \\$5\""));
        assert_eq!(quote("'quoted\"").as_deref(), None);
    }

    #[test]
    fn env_names_are_posix_names() {
        assert!(is_env_name("JWT_SECRET"));
        assert!(is_env_name("_x1"));
        assert!(!is_env_name("1X"));
        assert!(!is_env_name("A-B"));
        assert!(!is_env_name(""));
    }
}
