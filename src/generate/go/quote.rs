//! Quoting user text into Go source: string literals and one-line comments.
//!
//! Names, paths, header names, origins, environment variable names and summaries
//! come from the user; whatever they hold, the generated Go must still parse, mean
//! what it says and show no hidden characters.

use std::fmt::Write;

/// `text` as a Go interpreted string literal that reads back as exactly `text`.
///
/// Printable ASCII and non-ASCII letters and digits stay as they are, so paths and
/// names stay readable; quotes, backslashes, control characters and every other
/// character (invisible or bidirectional formatting characters among them) are
/// escaped, so no input can end the literal, break the line or hide code.
pub fn go_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            ' '..='~' => out.push(c),
            c if !c.is_ascii() && c.is_alphanumeric() => out.push(c),
            c if u32::from(c) <= 0xFFFF => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => {
                let _ = write!(out, "\\U{:08x}", u32::from(c));
            }
        }
    }
    out.push('"');
    out
}

/// `text` made safe for the rest of a `//` comment line: whitespace runs become one
/// space, and control and invisible formatting characters (a newline would end the
/// comment and let the rest run as code) become spaces too.
pub fn comment_text(text: &str) -> String {
    let visible: String = text
        .chars()
        .map(|c| if is_invisible(c) { ' ' } else { c })
        .collect();
    visible.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Control characters, and the format characters that change how text around them
/// is displayed without being seen themselves (bidirectional overrides, zero-width
/// characters, line and paragraph separators, the byte order mark).
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_text_stays_on_one_visible_line() {
        assert_eq!(
            comment_text("Fetch\n}\nfunc evil() {\r\t one"),
            "Fetch } func evil() { one"
        );
        assert_eq!(comment_text("a\u{202E}b\u{200B}c\u{FEFF}"), "a b c");
        assert_eq!(comment_text("  用户  列表 "), "用户 列表");
    }
}
