//! The parts of gofmt's layout that depend on the design: import blocks and aligned
//! columns. Everything else the generators write is already in gofmt's form.

use std::collections::BTreeSet;

use super::quote::go_string;

/// A file's imports in three groups: the standard library, other modules, and the
/// service's own packages. gofmt sorts each group by path; an empty group is left out.
#[derive(Debug, Default)]
pub struct Imports {
    std: BTreeSet<(String, String)>,
    external: BTreeSet<(String, String)>,
    local: BTreeSet<(String, String)>,
}

impl Imports {
    pub fn std(&mut self, path: &str) -> &mut Self {
        self.std.insert((path.to_owned(), String::new()));
        self
    }

    pub fn external(&mut self, path: &str) -> &mut Self {
        self.external.insert((path.to_owned(), String::new()));
        self
    }

    /// An import for its side effect only (`_ "github.com/lib/pq"`).
    pub fn external_blank(&mut self, path: &str) -> &mut Self {
        self.external.insert((path.to_owned(), "_".to_owned()));
        self
    }

    /// One of the service's packages, below the module path.
    pub fn local(&mut self, module: &str, package: &str) -> &mut Self {
        let path = format!("{}/{package}", module.trim_end_matches('/'));
        self.local.insert((path, String::new()));
        self
    }

    /// The `import (...)` declaration followed by a blank line, or nothing.
    pub fn render(&self) -> String {
        let groups: Vec<String> = [&self.std, &self.external, &self.local]
            .into_iter()
            .filter(|group| !group.is_empty())
            .map(|group| {
                group
                    .iter()
                    .map(|(path, name)| match name.as_str() {
                        "" => format!("\t{}\n", go_string(path)),
                        name => format!("\t{name} {}\n", go_string(path)),
                    })
                    .collect()
            })
            .collect();
        if groups.is_empty() {
            String::new()
        } else {
            format!("import (\n{})\n\n", groups.join("\n"))
        }
    }
}

/// Lines of `indent`, key, separator, padding and value, with the values aligned one
/// space after the longest key and separator, as gofmt aligns consecutive one-line
/// `Key: value,` elements of a composite literal (keys here are short identifiers,
/// below the length at which gofmt stops aligning).
pub fn aligned(indent: &str, rows: &[(String, String)], separator: &str, end: &str) -> String {
    let width = rows
        .iter()
        .map(|(key, _)| key.chars().count())
        .max()
        .unwrap_or(0);
    rows.iter()
        .map(|(key, value)| {
            let pad = " ".repeat(width - key.chars().count() + 1);
            format!("{indent}{key}{separator}{pad}{value}{end}\n")
        })
        .collect()
}

/// `template` with each `${name}` replaced by its value in one pass, so a value that
/// itself holds `${...}` is never replaced again. Unknown names stay as they are.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let value = after.find('}').and_then(|end| {
            let name = &after[..end];
            values
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value, end))
        });
        match value {
            Some((value, end)) => {
                out.push_str(value);
                rest = &after[end + 1..];
            }
            None => {
                out.push_str("${");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_once() {
        assert_eq!(
            fill("a ${x} b ${y} ${z}", &[("x", "${y}"), ("y", "2")]),
            "a ${y} b 2 ${z}"
        );
    }

    #[test]
    fn imports_are_grouped_and_sorted_like_gofmt() {
        let mut imports = Imports::default();
        imports
            .std("net/http")
            .std("context")
            .external("github.com/gin-gonic/gin")
            .external_blank("github.com/lib/pq")
            .local("example.com/app/", "config");
        assert_eq!(
            imports.render(),
            "import (\n\t\"context\"\n\t\"net/http\"\n\n\t\"github.com/gin-gonic/gin\"\n\t_ \"github.com/lib/pq\"\n\n\t\"example.com/app/config\"\n)\n\n"
        );
        assert_eq!(Imports::default().render(), "");
    }

    #[test]
    fn aligned_values_start_one_space_after_the_longest_key() {
        let rows = [
            ("Port".to_owned(), "a".to_owned()),
            ("GinMode".to_owned(), "b".to_owned()),
        ];
        assert_eq!(
            aligned("\t", &rows, ":", ","),
            "\tPort:    a,\n\tGinMode: b,\n"
        );
    }
}
