//! A small line-based syntax highlighter for the preview: comments, keys, strings and
//! keywords of YAML, Dockerfiles, Go, Markdown and `.env` files. It only classifies
//! spans; it never changes text, so what the user copies is what was generated.

/// What a span of text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    Plain,
    Comment,
    Key,
    String,
    Keyword,
    Heading,
}

impl Class {
    /// The CSS class the preview gives the span ("" for plain text).
    pub fn css(self) -> &'static str {
        match self {
            Class::Plain => "",
            Class::Comment => "tok-comment",
            Class::Key => "tok-key",
            Class::String => "tok-string",
            Class::Keyword => "tok-keyword",
            Class::Heading => "tok-heading",
        }
    }
}

/// The languages the highlighter knows, chosen from a file path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    Yaml,
    Dockerfile,
    Go,
    Markdown,
    Env,
    Text,
}

impl Language {
    pub fn for_path(path: &str) -> Language {
        let name = path.rsplit('/').next().unwrap_or(path);
        if name == "Dockerfile" {
            Language::Dockerfile
        } else if name.ends_with(".yaml") || name.ends_with(".yml") {
            Language::Yaml
        } else if name.ends_with(".go") || name == "go.mod" {
            Language::Go
        } else if name.ends_with(".md") {
            Language::Markdown
        } else if name.starts_with(".env") {
            Language::Env
        } else {
            Language::Text
        }
    }
}

/// Splits one line into classified spans that concatenate back to the line.
pub fn spans(language: Language, line: &str) -> Vec<(Class, &str)> {
    let trimmed = line.trim_start();
    let indent = &line[..line.len() - trimmed.len()];
    let whole = |class| {
        let mut out = Vec::new();
        if !indent.is_empty() {
            out.push((Class::Plain, indent));
        }
        out.push((class, trimmed));
        out
    };
    match language {
        Language::Yaml | Language::Env if trimmed.starts_with('#') => whole(Class::Comment),
        Language::Dockerfile if trimmed.starts_with('#') => whole(Class::Comment),
        Language::Go if trimmed.starts_with("//") => whole(Class::Comment),
        Language::Markdown if trimmed.starts_with('#') => whole(Class::Heading),
        Language::Yaml => yaml_line(line),
        Language::Env => match line.split_once('=') {
            Some((key, _)) => vec![(Class::Key, key), (Class::Plain, &line[key.len()..])],
            None => vec![(Class::Plain, line)],
        },
        Language::Dockerfile => {
            let word_end = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
            let word = &trimmed[..word_end];
            if !word.is_empty() && word.chars().all(|c| c.is_ascii_uppercase()) {
                let start = indent.len();
                vec![
                    (Class::Plain, indent),
                    (Class::Keyword, &line[start..start + word_end]),
                    (Class::Plain, &line[start + word_end..]),
                ]
            } else {
                vec![(Class::Plain, line)]
            }
        }
        Language::Go => go_line(line),
        Language::Markdown | Language::Text => vec![(Class::Plain, line)],
    }
}

fn yaml_line(line: &str) -> Vec<(Class, &str)> {
    // `key: value` or `- key: value`; the key ends at the first ": " or a final ':'.
    let body_start = line.len() - line.trim_start_matches([' ', '-']).len();
    let body = &line[body_start..];
    let key_end = body
        .find(": ")
        .or_else(|| body.strip_suffix(':').map(str::len));
    match key_end {
        Some(end) if !body.starts_with(['"', '\'']) || body[..end].ends_with(['"', '\'']) => {
            let value = &line[body_start + end..];
            let (sep, rest) = value.split_at(value.len().min(2));
            let rest_class = if rest.starts_with(['"', '\'']) {
                Class::String
            } else {
                Class::Plain
            };
            vec![
                (Class::Plain, &line[..body_start]),
                (Class::Key, &line[body_start..body_start + end]),
                (Class::Plain, sep),
                (rest_class, rest),
            ]
        }
        _ => vec![(Class::Plain, line)],
    }
}

fn go_line(line: &str) -> Vec<(Class, &str)> {
    let mut out = Vec::new();
    let bytes = line.as_bytes();
    let mut plain_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (class, end) = if b == b'"' || b == b'`' {
            let mut j = i + 1;
            while j < bytes.len() && bytes[j] != b {
                j += if bytes[j] == b'\\' && b == b'"' { 2 } else { 1 };
            }
            (Class::String, (j + 1).min(bytes.len()))
        } else if b == b'/' && bytes.get(i + 1) == Some(&b'/') {
            (Class::Comment, bytes.len())
        } else if b.is_ascii_alphabetic()
            && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_'))
        {
            let mut j = i;
            while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_') {
                j += 1;
            }
            if crate::generate::go::GO_KEYWORDS.contains(&&line[i..j]) {
                (Class::Keyword, j)
            } else {
                i = j;
                continue;
            }
        } else {
            i += 1;
            continue;
        };
        if plain_start < i {
            out.push((Class::Plain, &line[plain_start..i]));
        }
        out.push((class, &line[i..end]));
        i = end;
        plain_start = end;
    }
    if plain_start < line.len() {
        out.push((Class::Plain, &line[plain_start..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(language: Language, line: &str) -> String {
        spans(language, line).into_iter().map(|(_, s)| s).collect()
    }

    #[test]
    fn spans_always_rebuild_the_line() {
        for (language, line) in [
            (Language::Yaml, "  - name: \"on\""),
            (Language::Yaml, "key:"),
            (Language::Yaml, "plain text: with: colons"),
            (Language::Dockerfile, "FROM golang:1.25 AS build"),
            (
                Language::Go,
                r#"	r.GET("/ping\"x", controllers.Ping) // done"#,
            ),
            (Language::Go, "x := `raw"),
            (Language::Env, "A=b=c"),
            (Language::Markdown, "## Deploy"),
            (Language::Text, "ünïcödé ✓"),
        ] {
            assert_eq!(joined(language, line), line, "{language:?} {line}");
        }
    }

    #[test]
    fn classes_follow_the_language() {
        let yaml = spans(Language::Yaml, "  name: \"on\"");
        assert_eq!(yaml[1], (Class::Key, "name"));
        assert_eq!(yaml[3], (Class::String, "\"on\""));
        let docker = spans(Language::Dockerfile, "RUN go build");
        assert_eq!(docker[1], (Class::Keyword, "RUN"));
        let go = spans(Language::Go, "func main() { return \"x\" }");
        assert!(go.contains(&(Class::Keyword, "func")) && go.contains(&(Class::String, "\"x\"")));
        assert_eq!(Language::for_path("k8s/all.yaml"), Language::Yaml);
        assert_eq!(Language::for_path("routers/router.go"), Language::Go);
    }
}
