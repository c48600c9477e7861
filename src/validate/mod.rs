//! Validators: checks of generated and user-supplied files, all returning
//! [`Diagnostic`]s and never failing or panicking.
//!
//! Every rule is data ([`Rule`]: id, title, severity, why) plus the code that
//! finds it; rule ids mirror hadolint's (`DL3007`) where the meaning is the same.

pub mod bundle;
pub mod dockerfile;

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub mod kube;
pub mod routes;

/// Name parts that mark a variable as holding a secret.
const SECRET_WORDS: [&str; 9] = [
    "PASSWORD",
    "PASSWD",
    "SECRET",
    "TOKEN",
    "API_KEY",
    "APIKEY",
    "PRIVATE_KEY",
    "ACCESS_KEY",
    "CREDENTIAL",
];

/// Last name parts that make a name about a secret rather than the secret itself
/// (`SECRETS_DIR`, `TOKEN_URL`, `PASSWORD_FILE`).
const NOT_SECRET_ENDINGS: [&str; 11] = [
    "FILE", "PATH", "DIR", "URL", "URI", "ENDPOINT", "NAME", "HEADER", "TTL", "EXPIRY", "LENGTH",
];

/// Whether an environment variable or build argument name looks like it holds a
/// secret; shared by the Dockerfile and Kubernetes rules so they agree.
pub fn secret_like_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    let last = upper.rsplit('_').next().unwrap_or(&upper);
    SECRET_WORDS.iter().any(|w| upper.contains(w)) && !NOT_SECRET_ENDINGS.contains(&last)
}

/// Every rule of every validator, grouped by family (Dockerfile, Kubernetes, Gin
/// routing), for the rule docs the page shows.
pub fn all_rules() -> Vec<(&'static str, Vec<Rule>)> {
    vec![
        ("Dockerfile", dockerfile::rules().to_vec()),
        ("Kubernetes", kube::rules().to_vec()),
        ("Gin routing and middleware", routes::rules()),
    ]
}

/// How much a finding matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The file will not work, or is unsafe: a build, apply or start-up fails or
    /// exposes the service.
    Error,
    /// Works today but is fragile, slow or weaker than it should be.
    Warning,
    /// Worth knowing; nothing is wrong.
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Where a finding is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Location {
    /// A position in text the user gave: 1-based line and column.
    Text {
        file: String,
        line: u32,
        column: u32,
    },
    /// A design field, for findings on generated files (e.g. `cluster.ingress.host`).
    Field { path: String },
}

/// A documented rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// A stable id: hadolint's where the meaning matches (`DL3007`), else ours
    /// (`GD1001` Dockerfile, `GK…` Kubernetes, `GR…` Gin routing, `GY…` YAML).
    pub id: &'static str,
    pub title: &'static str,
    pub severity: Severity,
    /// Why it matters, for the rule docs.
    pub why: &'static str,
    /// A small input that fires the rule.
    pub bad_example: &'static str,
    /// The same input fixed: the rule stays quiet.
    pub good_example: &'static str,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The rule's id. Read back from JSON (a worker's reply), each id is kept once
    /// for the rest of the session: there are a few hundred at most.
    pub rule: &'static str,
    pub severity: Severity,
    /// What is wrong, the offending value and what would be right; lowercase start,
    /// no trailing period.
    pub message: String,
    pub location: Location,
    /// How to fix it, when there is a clear way.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
}

/// A suggested fix: a sentence, and where it is safe, the replacement text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    pub description: String,
    /// Replace the whole located line with this text (safe automatic fix), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replacement_line: Option<String>,
}

impl<'de> Deserialize<'de> for Diagnostic {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// A finding as JSON holds it, with an owned rule id.
        #[derive(Deserialize)]
        struct Wire {
            rule: String,
            severity: Severity,
            message: String,
            location: Location,
            #[serde(default)]
            fix: Option<Fix>,
        }
        let wire = Wire::deserialize(deserializer)?;
        Ok(Diagnostic {
            rule: intern(wire.rule),
            severity: wire.severity,
            message: wire.message,
            location: wire.location,
            fix: wire.fix,
        })
    }
}

/// A rule id read from text, as the `&'static str` every finding holds: the first
/// reading of each id is leaked once, and later ones reuse it.
fn intern(id: String) -> &'static str {
    use std::cell::RefCell;
    use std::collections::BTreeSet;
    thread_local! {
        static IDS: RefCell<BTreeSet<&'static str>> = const { RefCell::new(BTreeSet::new()) };
    }
    IDS.with(|ids| {
        let mut ids = ids.borrow_mut();
        match ids.get(id.as_str()) {
            Some(kept) => *kept,
            None => {
                let kept: &'static str = Box::leak(id.into_boxed_str());
                ids.insert(kept);
                kept
            }
        }
    })
}

/// Applies a whole-line fix ([`Fix::replacement_line`]): the text with its 1-based
/// `line` replaced, every other line and the final newline kept. A line that does
/// not exist changes nothing.
pub fn apply_line_fix(text: &str, line: u32, replacement: &str) -> String {
    replace_lines(text, &BTreeMap::from([(line, replacement)])).0
}

/// The whole-line fixes among `diagnostics` that are about `file`, by line: one per
/// line, the first finding on a line winning.
pub fn line_fixes<'d>(file: &str, diagnostics: &'d [Diagnostic]) -> BTreeMap<u32, &'d str> {
    let mut fixes = BTreeMap::new();
    for d in diagnostics {
        let (Location::Text { file: at, line, .. }, Some(fix)) = (&d.location, &d.fix) else {
            continue;
        };
        if let (true, Some(replacement)) = (at == file, &fix.replacement_line) {
            fixes.entry(*line).or_insert(replacement.as_str());
        }
    }
    fixes
}

/// Applies every whole-line fix among `diagnostics` that is about `file` ([`line_fixes`];
/// the text is validated again afterwards, so a fix that lost its line is not lost).
/// Returns the text and how many lines changed.
pub fn apply_line_fixes(text: &str, file: &str, diagnostics: &[Diagnostic]) -> (String, usize) {
    replace_lines(text, &line_fixes(file, diagnostics))
}

/// The text with each 1-based line in `fixes` replaced, in one pass (a pasted stream
/// can have thousands of fixes), and how many lines changed. A line that ended in
/// `\r\n` still does: fixing a line of a CRLF file leaves its line ending alone.
fn replace_lines(text: &str, fixes: &BTreeMap<u32, &str>) -> (String, usize) {
    let mut changed = 0;
    let lines: Vec<Cow<'_, str>> = text
        .split('\n')
        .enumerate()
        .map(|(index, line)| {
            let (body, cr) = match line.strip_suffix('\r') {
                Some(body) => (body, "\r"),
                None => (line, ""),
            };
            match fixes.get(&(index as u32 + 1)) {
                Some(replacement) => {
                    let replacement = replacement.strip_suffix('\r').unwrap_or(replacement);
                    if replacement == body {
                        Cow::Borrowed(line)
                    } else {
                        changed += 1;
                        Cow::Owned(format!("{replacement}{cr}"))
                    }
                }
                None => Cow::Borrowed(line),
            }
        })
        .collect();
    (lines.join("\n"), changed)
}

impl Diagnostic {
    /// A finding of `rule` at a text position, with the rule's severity.
    pub fn at(
        rule: &Rule,
        file: &str,
        line: u32,
        column: u32,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            rule: rule.id,
            severity: rule.severity,
            message: message.into(),
            location: Location::Text {
                file: file.to_owned(),
                line,
                column,
            },
            fix: None,
        }
    }

    /// The 1-based line of a finding in text, if it is in text.
    pub fn line(&self) -> Option<u32> {
        match self.location {
            Location::Text { line, .. } => Some(line),
            Location::Field { .. } => None,
        }
    }

    /// Adds a fix suggestion.
    pub fn with_fix(mut self, description: impl Into<String>) -> Diagnostic {
        self.fix = Some(Fix {
            description: description.into(),
            replacement_line: None,
        });
        self
    }

    /// `file:line:column: severity[RULE]: message`, as compilers print findings.
    pub fn to_line(&self) -> String {
        let place = match &self.location {
            Location::Text { file, line, column } => format!("{file}:{line}:{column}"),
            Location::Field { path } => format!("design:{path}"),
        };
        format!(
            "{place}: {}[{}]: {}",
            self.severity.as_str(),
            self.rule,
            self.message
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: Rule = Rule {
        id: "DL3007",
        title: "using latest is prone to errors",
        severity: Severity::Warning,
        why: "a moving tag changes under you",
        bad_example: "FROM alpine:latest",
        good_example: "FROM alpine:3.22.2",
    };

    #[test]
    fn a_line_fix_replaces_one_line_and_keeps_the_rest() {
        assert_eq!(apply_line_fix("a\nb\nc\n", 2, "B"), "a\nB\nc\n");
        assert_eq!(apply_line_fix("a", 1, "A"), "A");
        assert_eq!(apply_line_fix("a\nb", 9, "X"), "a\nb");
        assert_eq!(apply_line_fix("a\nb", 0, "X"), "a\nb");
    }

    #[test]
    fn a_line_fix_keeps_the_line_ending_of_a_crlf_file() {
        assert_eq!(apply_line_fix("a\r\nb\r\nc\r\n", 2, "B"), "a\r\nB\r\nc\r\n");
        assert_eq!(apply_line_fix("a\r\nb\r\n", 1, "A\r"), "A\r\nb\r\n");
        assert_eq!(apply_line_fix("a\r\nb", 2, "B"), "a\r\nB");
        let unchanged = replace_lines("a\r\nb\r\n", &BTreeMap::from([(1, "a")]));
        assert_eq!(unchanged, ("a\r\nb\r\n".to_owned(), 0));
    }

    #[test]
    fn line_fixes_apply_once_per_line_and_only_to_their_file() {
        let at = |file: &str, line: u32, replacement: &str| {
            let mut d = Diagnostic::at(&RULE, file, line, 1, "m").with_fix("f");
            d.fix.as_mut().unwrap().replacement_line = Some(replacement.into());
            d
        };
        let found = [
            at("Dockerfile", 1, "FROM alpine:3.22.2"),
            at("Dockerfile", 1, "FROM alpine:3.21.0"),
            at("other", 2, "X"),
            at("Dockerfile", 3, "USER 65532"),
            Diagnostic::at(&RULE, "Dockerfile", 2, 1, "no fix"),
        ];
        let text = "FROM alpine:latest\nRUN true\nUSER root\n";
        assert_eq!(
            apply_line_fixes(text, "Dockerfile", &found),
            ("FROM alpine:3.22.2\nRUN true\nUSER 65532\n".to_owned(), 2)
        );
        assert_eq!(
            apply_line_fixes(text, "elsewhere", &found),
            (text.to_owned(), 0)
        );
    }

    #[test]
    fn applying_a_dockerfile_fix_silences_its_rule() {
        let text = "FROM golang:1.25.4-alpine3.22\nMAINTAINER team@example.com\n";
        let found = dockerfile::validate("Dockerfile", text, &dockerfile::Options::default());
        let maintainer = found
            .iter()
            .find(|d| d.rule == "DL4000")
            .expect("DL4000 fires");
        let (Location::Text { line, .. }, Some(replacement)) = (
            &maintainer.location,
            maintainer
                .fix
                .as_ref()
                .and_then(|f| f.replacement_line.clone()),
        ) else {
            panic!("DL4000 offers a line fix: {maintainer:?}");
        };
        let fixed = apply_line_fix(text, *line, &replacement);
        let after = dockerfile::validate("Dockerfile", &fixed, &dockerfile::Options::default());
        assert!(after.iter().all(|d| d.rule != "DL4000"), "{fixed}");
    }

    #[test]
    fn every_rule_is_documented_once_with_examples() {
        let mut ids = std::collections::BTreeSet::new();
        for (_, rules) in all_rules() {
            for rule in rules {
                assert!(ids.insert(rule.id), "{} is defined twice", rule.id);
                assert!(
                    !rule.why.is_empty() && !rule.bad_example.is_empty(),
                    "{}",
                    rule.id
                );
            }
        }
        assert!(ids.len() > 100, "{} rules", ids.len());
    }

    #[test]
    fn a_diagnostic_prints_like_a_compiler_message() {
        let d = Diagnostic::at(
            &RULE,
            "Dockerfile",
            3,
            1,
            "image alpine:latest uses the moving tag latest: pin a version",
        )
        .with_fix("pin a version such as alpine:3.22.2");
        assert_eq!(
            d.to_line(),
            "Dockerfile:3:1: warning[DL3007]: image alpine:latest uses the moving tag latest: pin a version"
        );
        assert_eq!(
            d.fix.unwrap().description,
            "pin a version such as alpine:3.22.2"
        );
    }
}
