//! Agreement of our Kubernetes rules with the independent tools on the fixtures of
//! `tests/fixtures/kube/`: for every mapping of docs/rules/kubernetes.md (checkov
//! check ↔ our rule, kubernetes-validate error class ↔ our rules), recall (of their
//! findings, how many we report) and precision (of ours, how many they report),
//! counted per resource (the items of a `kind: List` are resources of their own),
//! printed as a table. Where our rule finds more than the checkov check by design
//! (`checkov_supersets`), only recall is measured; where the peer is wrong on purpose
//! ([`DELIBERATE`]), the case is printed with its reason and left out of recall.
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
use gin_deploy::validate::kube::{checkov_peers, checkov_supersets, validate, Options};
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

/// Findings of a peer that are wrong, and why: (fixture, peer check or
/// kubernetes-validate class, the peer's resource, why). They are printed, not counted.
const DELIBERATE: &[(&str, &str, &str, &str)] = &[
    (
        "31-list.yaml",
        "no-schema",
        "list",
        "kubernetes-validate has no schema for kind List; kubectl applies a List, and we check its items",
    ),
    (
        "32-service-account-token.yaml",
        "CKV_K8S_38",
        "Deployment.shop.web",
        "checkov reads only the pod; its ServiceAccount web, in the same file, sets automountServiceAccountToken: false, so no token is mounted",
    ),
];

fn deliberate(fixture: &str, check: &str, resource: &str) -> Option<&'static str> {
    DELIBERATE
        .iter()
        .find(|(f, c, r, _)| *f == fixture && *c == check && *r == resource)
        .map(|(_, _, _, why)| *why)
}

/// One object of a fixture: `kind/name` (lowercase kind, as kubernetes-validate
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

/// The object at `root` spanning lines `first..=last`, or each item of a List there.
fn push_resources(
    stream: &gin_deploy::yaml::Stream<'_>,
    root: gin_deploy::yaml::NodeId,
    first: u32,
    last: u32,
    out: &mut Vec<Resource>,
) {
    let kind = stream.get_str(root, "kind").unwrap_or_default();
    let items = stream.get(root, "items").filter(|_| kind.ends_with("List"));
    if let Some(items) = items {
        let items = stream.items(items);
        for (i, item) in items.iter().enumerate() {
            let start = stream.pos(*item).line;
            let end = items
                .get(i + 1)
                .map_or(last, |next| stream.pos(*next).line - 1);
            push_resources(stream, *item, start, end, out);
        }
        return;
    }
    let meta = stream.get(root, "metadata");
    let name = meta
        .and_then(|m| stream.get_str(m, "name"))
        .unwrap_or_default();
    out.push(Resource {
        id: format!("{}/{name}", kind.to_lowercase()),
        first,
        last,
    });
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
            let mut resources = Vec::new();
            for (i, d) in stream.documents.iter().enumerate() {
                let last = starts.get(i + 1).map_or(total, |next| next - 1);
                push_resources(&stream, d.root, d.pos.line, last, &mut resources);
            }
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
        let mut failed: Vec<(u32, u32)> = Vec::new();
        for c in f.theirs["checkov"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["check"] == theirs)
        {
            let lines = (
                c["lines"][0].as_u64().unwrap() as u32,
                c["lines"][1].as_u64().unwrap() as u32,
            );
            let resource = c["resource"].as_str().unwrap_or_default();
            match deliberate(&f.name, theirs, resource) {
                Some(why) => println!("  deliberate: {theirs} in {} at {resource}: {why}", f.name),
                None => failed.push(lines),
            }
        }
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
            let resource = finding["resource"].as_str().unwrap();
            if let Some(why) = deliberate(&f.name, class, resource) {
                println!("  deliberate: {class} in {} at {resource}: {why}", f.name);
                continue;
            }
            score.theirs += 1;
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
    // Ours find more than these by design: their recall counts, their precision is
    // printed for information.
    let mut supersets: Vec<(String, String, Score)> = Vec::new();
    for (ours, theirs) in checkov_supersets() {
        supersets.push((
            theirs.to_string(),
            format!("{ours} (superset)"),
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
    for (theirs, ours, s) in &supersets {
        println!(
            "{theirs:<38} {ours:<22} {:>6} {:>7.2} {:>5} {:>9.2}",
            s.theirs,
            ratio(s.found, s.theirs),
            s.ours,
            ratio(s.agreed, s.ours)
        );
        total.theirs += s.theirs;
        total.found += s.found;
    }
    let (recall, precision) = (
        ratio(total.found, total.theirs),
        ratio(total.agreed, total.ours),
    );
    println!(
        "{:<38} {:<22} {:>6} {:>7.2} {:>5} {:>9.2}",
        "overall", "", total.theirs, recall, total.ours, precision
    );
    println!(
        "found {} of their {} findings; {} of our {} agreed",
        total.found, total.theirs, total.agreed, total.ours
    );
    assert!(
        total.theirs > 250,
        "the fixtures exercise the peers: {} findings",
        total.theirs
    );
    assert!(
        recall >= 0.98 && precision >= 0.9,
        "recall {recall:.3}, precision {precision:.3}"
    );
    for (theirs, ours, s) in &rows {
        assert!(
            ratio(s.found, s.theirs) >= 0.75 && ratio(s.agreed, s.ours) >= 0.75,
            "{theirs} ↔ {ours} agrees too little"
        );
    }
    for (theirs, ours, s) in &supersets {
        assert!(
            s.theirs > 0 && ratio(s.found, s.theirs) >= 0.98,
            "{theirs} ⊆ {ours}: recall too low"
        );
    }
}
