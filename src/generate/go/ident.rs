//! Go identifiers and file names made from user text.
//!
//! Every name is plain ASCII: an exported name must start with an upper-case letter,
//! and letters without case (CJK, for one) cannot. File names have no `_`, so no name
//! can end in `_test`, `_linux` or `_amd64` and be dropped by Go's build constraints.

use std::collections::HashSet;

/// Words Go spells in capitals inside identifiers (`UserID`, `APIKey`).
const INITIALISMS: [&str; 41] = [
    "acl", "api", "ascii", "cpu", "css", "db", "dns", "dsn", "eof", "guid", "html", "http",
    "https", "id", "ip", "json", "jwt", "lhs", "qps", "ram", "rhs", "rpc", "sla", "smtp", "sql",
    "ssh", "tcp", "tls", "ttl", "udp", "ui", "uid", "uri", "url", "utf8", "uuid", "vm", "xml",
    "xmpp", "xsrf", "xss",
];

/// Go's keywords.
pub const GO_KEYWORDS: [&str; 25] = [
    "break",
    "case",
    "chan",
    "const",
    "continue",
    "default",
    "defer",
    "else",
    "fallthrough",
    "for",
    "func",
    "go",
    "goto",
    "if",
    "import",
    "interface",
    "map",
    "package",
    "range",
    "return",
    "select",
    "struct",
    "switch",
    "type",
    "var",
];

/// Go's predeclared identifiers: legal names, but shadowing them confuses readers.
pub const GO_PREDECLARED: [&str; 39] = [
    "any",
    "append",
    "bool",
    "byte",
    "cap",
    "close",
    "comparable",
    "complex",
    "complex128",
    "complex64",
    "copy",
    "delete",
    "error",
    "false",
    "float32",
    "float64",
    "imag",
    "int",
    "int16",
    "int32",
    "int64",
    "int8",
    "iota",
    "len",
    "make",
    "new",
    "nil",
    "panic",
    "print",
    "println",
    "real",
    "recover",
    "rune",
    "string",
    "true",
    "uint",
    "uint16",
    "uint32",
    "uint64",
];

/// Whether a name is a Go keyword or predeclared identifier: never used as a local name.
pub fn reserved(name: &str) -> bool {
    GO_KEYWORDS.contains(&name) || GO_PREDECLARED.contains(&name)
}

/// The ASCII words of `text`: runs of letters and digits, also split where a lower-case
/// letter or digit meets an upper-case one (`postId` is `post`, `Id`).
pub fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for c in text.chars() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            previous_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && previous_lower && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        current.push(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// One word as part of a CamelCase name: initialisms in capitals, an all-capitals
/// word (from `DATABASE_URL`) in title case, anything else with its first letter raised.
/// Appends to `out` rather than returning a string: handler names are built from
/// these on every edit of a design with hundreds of routes.
fn push_title(out: &mut String, word: &str) {
    if INITIALISMS.iter().any(|i| i.eq_ignore_ascii_case(word)) {
        out.extend(word.chars().map(|c| c.to_ascii_uppercase()));
        return;
    }
    let keep_case = word.chars().any(|c| c.is_ascii_lowercase());
    let mut chars = word.chars();
    if let Some(first) = chars.next() {
        out.push(first.to_ascii_uppercase());
        if keep_case {
            out.push_str(chars.as_str());
        } else {
            out.extend(chars.map(|c| c.to_ascii_lowercase()));
        }
    }
}

/// The words of `text` in CamelCase (`/users/:id` gives `UsersID`); empty when
/// `text` has no ASCII letter or digit. May start with a digit.
pub fn camel(text: &str) -> String {
    let mut name = String::with_capacity(text.len());
    for word in words(text) {
        push_title(&mut name, &word);
    }
    name
}

/// An exported Go identifier for `text`, or `fallback` when `text` gives none. An
/// identifier in Go's MixedCaps (`GetUser`, `getUSER`) keeps its spelling with the
/// first letter raised; anything else (`get_user`, `JWT_SECRET`) is made CamelCase.
pub fn exported(text: &str, fallback: &str) -> String {
    let valid = text.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && text.chars().all(|c| c.is_ascii_alphanumeric())
        && text.chars().any(|c| c.is_ascii_lowercase());
    let name = if valid {
        title_first(text)
    } else {
        camel(text)
    };
    match name.chars().next() {
        None => fallback.to_owned(),
        Some(c) if c.is_ascii_digit() => format!("{fallback}{name}"),
        Some(_) => name,
    }
}

fn title_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// An unexported Go identifier for `text` in lowerCamelCase, or `fallback`.
pub fn unexported(text: &str, fallback: &str) -> String {
    let words = words(text);
    let Some((first, rest)) = words.split_first() else {
        return fallback.to_owned();
    };
    if first.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("{fallback}{}", camel(text));
    }
    let mut name = first.to_ascii_lowercase();
    for word in rest {
        push_title(&mut name, word);
    }
    name
}

/// Hands out names that are unique within one Go scope (a package, a function).
#[derive(Debug, Default)]
pub struct Namer {
    taken: HashSet<String>,
}

impl Namer {
    /// A namer for a scope that already holds `reserved`.
    pub fn new<'a>(reserved: impl IntoIterator<Item = &'a str>) -> Namer {
        Namer {
            taken: reserved.into_iter().map(str::to_owned).collect(),
        }
    }

    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Takes `name` if it is free, else the first free of `name2`, `name3`...
    pub fn unique(&mut self, name: &str) -> String {
        let mut candidate = name.to_owned();
        let mut n = 2;
        while self.taken.contains(&candidate) {
            candidate = format!("{name}{n}");
            n += 1;
        }
        self.taken.insert(candidate.clone());
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_case_spells_initialisms_and_env_names_like_go() {
        assert_eq!(camel("/users/:id"), "UsersID");
        assert_eq!(camel("DATABASE_URL"), "DatabaseURL");
        assert_eq!(camel("JWT_SECRET"), "JWTSecret");
        assert_eq!(camel("postId"), "PostID");
        assert_eq!(camel("user-profile.v2"), "UserProfileV2");
        assert_eq!(camel("HTTPServer"), "HTTPServer");
        assert_eq!(camel("/用户"), "");
    }

    #[test]
    fn exported_and_unexported_names_are_identifiers() {
        assert_eq!(exported("getUser", "H"), "GetUser");
        assert_eq!(exported("get user!", "H"), "GetUser");
        assert_eq!(exported("getUSER", "H"), "GetUSER");
        assert_eq!(exported("JWT_SECRET", "Var"), "JWTSecret");
        assert_eq!(exported("APIKEY", "Var"), "Apikey");
        assert_eq!(exported("2fa", "Handle"), "Handle2fa");
        assert_eq!(exported("", "Handle"), "Handle");
        assert_eq!(unexported("/api/v1", "group"), "apiV1");
        assert_eq!(unexported("/2024", "group"), "group2024");
        assert_eq!(unexported("/ID", "group"), "id");
    }

    #[test]
    fn namer_numbers_repeats_and_skips_reserved() {
        let mut namer = Namer::new(["DB"]);
        assert_eq!(namer.unique("DB"), "DB2");
        assert_eq!(namer.unique("X"), "X");
        assert_eq!(namer.unique("X"), "X2");
        assert_eq!(namer.unique("X"), "X3");
    }
}
