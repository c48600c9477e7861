//! Agreement of our Kubernetes rules with the independent tools on the fixtures of
//! `tests/fixtures/kube/`: for every mapping of docs/rules/kubernetes.md (checkov
//! check ↔ our rule, kubernetes-validate error class ↔ our rules), recall (of their
//! findings, how many we report) and precision (of ours, how many they report),
//! counted per resource, printed as a table.
//!
//! The tools' findings are recorded in `tests/fixtures/kube/expected.json`; after
//! changing a fixture, regenerate it (runs `kubernetes-validate --strict -k 1.37.0
//! FILE` and `checkov --framework kubernetes --skip-download -o json -f FILE…` once):
//!
//! ```text
//! /work/main/.venv/bin/python3 tests/fixtures/kube/regenerate.py
//! ```

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use gin_deploy::budget::Budget;
use gin_deploy::validate::kube::{checkov_peers, validate, Options};
use gin_deploy::validate::Location;
use gin_deploy::yaml::parse_stream;
use serde_json::Value;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/kube");

/// kubernetes-validate's error classes and the rules that mean the same.
const KUBERNETES_VALIDATE: &[(&str, &[&str])] = &[
    ("additional-properties", &["GK101"]),
    ("required", &["GK103"]),
    ("type", &["GK102", "GY004", "GY005"]),
    ("no-schema", &["GK104", "GK106", "GK107", "GK108"]),
];

/// One document of a fixture: `kind/name` (lowercase kind, as kubernetes-validate
/// names resources) and its lines.
struct Resource {
    id: String,
    first: u32,
    last: u32,
}

struct Fixture {
    name: String,
    resources: Vec<Resource>,
    /// (rule, line) of our findings.
    ours: Vec<(&'static str, u32)>,
    theirs: Value,
}

impl Fixture {
    fn resource_at(&self, line: u32) -> Option<usize> {
        self.resources
            .iter()
            .position(|r| (r.first..=r.last).contains(&line))
    }

    /// The resources where we report any of `rules`.
    fn ours_in(&self, rules: &[&str]) -> BTreeSet<usize> {
        self.ours
            .iter()
            .filter(|(rule, _)| rules.contains(rule))
            .filter_map(|(_, line)| self.resource_at(*line))
            .collect()
    }
}

fn fixtures() -> Vec<Fixture> {
    let expected: Value = serde_json::from_str(
        &fs::read_to_string(Path::new(FIXTURES).join("expected.json")).unwrap(),
    )
    .unwrap();
    let mut names: Vec<String> = fs::read_dir(FIXTURES)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let text = fs::read_to_string(Path::new(FIXTURES).join(&name)).unwrap();
            let stream = parse_stream(&text, &Budget::STREAM);
            let total = text.lines().count() as u32;
            let starts: Vec<u32> = stream.documents.iter().map(|d| d.pos.line).collect();
            let resources = stream
                .documents
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    let kind = stream
                        .get_str(d.root, "kind")
                        .unwrap_or_default()
                        .to_lowercase();
                    let meta = stream.get(d.root, "metadata");
                    let doc_name = meta
                        .and_then(|m| stream.get_str(m, "name"))
                        .unwrap_or_default();
                    Resource {
                        id: format!("{kind}/{doc_name}"),
                        first: d.pos.line,
                        last: starts.get(i + 1).map_or(total, |next| next - 1),
                    }
                })
                .collect();
            let ours = validate(&name, &text, &Options::for_version("1.37"))
                .into_iter()
                .filter_map(|d| match d.location {
                    Location::Text { line, .. } => Some((d.rule, line)),
                    Location::Field { .. } => None,
                })
                .collect();
            let theirs = expected[&name].clone();
            assert!(
                !theirs.is_null(),
                "{name} has no recorded findings: regenerate expected.json"
            );
            Fixture {
                name,
                resources,
                ours,
                theirs,
            }
        })
        .collect()
}

/// Counts for one mapping.
#[derive(Default)]
struct Score {
    theirs: usize,
    found: usize,
    ours: usize,
    agreed: usize,
}

fn ratio(n: usize, d: usize) -> f64 {
    if d == 0 {
        1.0
    } else {
        n as f64 / d as f64
    }
}

fn checkov_score(fixtures: &[Fixture], ours: &'static str, theirs: &str) -> Score {
    let mut score = Score::default();
    for f in fixtures {
        let failed: Vec<(u32, u32)> = f.theirs["checkov"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["check"] == theirs)
            .map(|c| {
                (
                    c["lines"][0].as_u64().unwrap() as u32,
                    c["lines"][1].as_u64().unwrap() as u32,
                )
            })
            .collect();
        let mine = f.ours_in(&[ours]);
        for (first, last) in &failed {
            score.theirs += 1;
            if f.ours
                .iter()
                .any(|(rule, line)| *rule == ours && (first..=last).contains(&line))
            {
                score.found += 1;
            } else {
                println!("  missed {theirs} in {} at lines {first}-{last}", f.name);
            }
        }
        for r in mine {
            score.ours += 1;
            let res = &f.resources[r];
            if failed
                .iter()
                .any(|(first, last)| *first <= res.last && *last >= res.first)
            {
                score.agreed += 1;
            } else {
                println!("  extra {ours} in {} at {}", f.name, res.id);
            }
        }
    }
    score
}

fn kubernetes_validate_score(fixtures: &[Fixture], class: &str, rules: &[&str]) -> Score {
    let mut score = Score::default();
    for f in fixtures {
        let findings = f.theirs["kubernetes-validate"].as_array().unwrap();
        let mine = f.ours_in(rules);
        for finding in findings.iter().filter(|x| x["category"] == class) {
            score.theirs += 1;
            let resource = finding["resource"].as_str().unwrap();
            // A resource without a schema is named by kind only.
            let hit = f.resources.iter().enumerate().any(|(i, r)| {
                (r.id == resource || r.id.split('/').next() == Some(resource)) && mine.contains(&i)
            });
            if hit {
                score.found += 1;
            } else {
                println!("  missed {class} in {} at {resource}", f.name);
            }
        }
        for r in mine {
            score.ours += 1;
            let res = &f.resources[r];
            let kind = res.id.split('/').next().unwrap_or_default();
            if findings
                .iter()
                .any(|x| x["resource"] == res.id.as_str() || x["resource"] == kind)
            {
                score.agreed += 1;
            } else {
                println!("  extra {class} in {} at {}", f.name, res.id);
            }
        }
    }
    score
}

#[test]
fn agreement_with_checkov_and_kubernetes_validate() {
    let fixtures = fixtures();
    assert!(fixtures.len() >= 25, "{} fixtures", fixtures.len());
    let mut rows: Vec<(String, String, Score)> = Vec::new();
    for (ours, theirs) in checkov_peers() {
        rows.push((
            theirs.to_string(),
            ours.to_string(),
            checkov_score(&fixtures, ours, theirs),
        ));
    }
    for (class, rules) in KUBERNETES_VALIDATE {
        rows.push((
            format!("kubernetes-validate {class}"),
            rules.join(" "),
            kubernetes_validate_score(&fixtures, class, rules),
        ));
    }
    println!(
        "\n{:<38} {:<22} {:>6} {:>7} {:>5} {:>9}",
        "theirs", "ours", "their", "recall", "ours", "precision"
    );
    let mut total = Score::default();
    for (theirs, ours, s) in &rows {
        println!(
            "{theirs:<38} {ours:<22} {:>6} {:>7.2} {:>5} {:>9.2}",
            s.theirs,
            ratio(s.found, s.theirs),
            s.ours,
            ratio(s.agreed, s.ours)
        );
        total.theirs += s.theirs;
        total.found += s.found;
        total.ours += s.ours;
        total.agreed += s.agreed;
    }
    let (recall, precision) = (
        ratio(total.found, total.theirs),
        ratio(total.agreed, total.ours),
    );
    println!(
        "{:<38} {:<22} {:>6} {:>7.2} {:>5} {:>9.2}",
        "overall", "", total.theirs, recall, total.ours, precision
    );
    assert!(
        total.theirs > 250,
        "the fixtures exercise the peers: {} findings",
        total.theirs
    );
    assert!(
        recall >= 0.9 && precision >= 0.9,
        "recall {recall:.2}, precision {precision:.2}"
    );
    for (theirs, ours, s) in &rows {
        assert!(
            ratio(s.found, s.theirs) >= 0.75 && ratio(s.agreed, s.ours) >= 0.75,
            "{theirs} ↔ {ours} agrees too little"
        );
    }
}
