//! Benchmark of the Kubernetes validator on a stream of 2,400 documents: 300 services,
//! each a generated Deployment and Service plus a ConfigMap, Ingress, HPA,
//! PodDisruptionBudget and NetworkPolicy. Prints the validator's time natively and,
//! once, the time `kubernetes-validate --strict` takes on the same stream. Then a
//! stream of 2,100 careless Deployments (a misspelt key, `latest`, no probes or
//! limits: ~18 findings each), where the cost is in the findings and their fixes.
//!
//! ```text
//! cargo run --release --example bench_kube              # ours, then kubernetes-validate once
//! cargo run --release --example bench_kube -- --ours-only
//! ```

use std::time::{Duration, Instant};

use gin_deploy::budget::Budget;
use gin_deploy::validate::kube::{validate, Options};
use gin_deploy::yaml::parse_stream;

#[path = "support/kube_stream.rs"]
mod kube_stream;
use kube_stream::stream;

fn main() {
    let (text, documents) = stream();
    let lines = text.lines().count();
    println!(
        "stream: {documents} documents, {lines} lines, {} KiB",
        text.len() / 1024
    );
    let parse = (0..15)
        .map(|_| {
            let start = Instant::now();
            let stream = parse_stream(&text, &Budget::STREAM);
            let elapsed = start.elapsed();
            assert!(stream.problems.is_empty());
            elapsed
        })
        .min()
        .unwrap_or_default();
    println!(
        "of which reading the YAML: min {:.1} ms",
        parse.as_secs_f64() * 1e3
    );
    let options = Options::default();
    let mut times: Vec<Duration> = Vec::new();
    let mut findings = 0;
    for _ in 0..15 {
        let start = Instant::now();
        findings = validate("bench.yaml", &text, &options).len();
        times.push(start.elapsed());
    }
    times.sort();
    println!(
        "gin_deploy::validate::kube::validate: median {:.1} ms, min {:.1} ms over {} runs ({findings} findings)",
        times[times.len() / 2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times.len()
    );

    let careless: Vec<String> = (0..2100)
        .map(|i| {
            format!(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-{i}\nspec:\n  replicas: 2\n  \
                 selector:\n    matchLabels:\n      app: web-{i}\n  template:\n    metadata:\n      labels:\n        \
                 app: web-{i}\n    spec:\n      containers:\n        - name: web\n          image: nginx:latest\n          \
                 imagePulPolicy: Always\n"
            )
        })
        .collect();
    let careless = careless.join("---\n");
    let mut times: Vec<Duration> = Vec::new();
    for _ in 0..9 {
        let start = Instant::now();
        findings = validate("careless.yaml", &careless, &options).len();
        times.push(start.elapsed());
    }
    times.sort();
    println!(
        "2,100 careless Deployments ({} lines): median {:.1} ms over {} runs ({findings} findings)",
        careless.lines().count(),
        times[times.len() / 2].as_secs_f64() * 1e3,
        times.len()
    );

    let tool = concat!(env!("CARGO_MANIFEST_DIR"), "/.venv/bin/kubernetes-validate");
    if std::env::args().any(|a| a == "--ours-only") {
        return;
    }
    if !std::path::Path::new(tool).exists() {
        println!("{tool} not found: skipped");
        return;
    }
    let path = std::env::temp_dir().join("bench_kube.yaml");
    std::fs::write(&path, &text).expect("temp file");
    let start = Instant::now();
    let status = std::process::Command::new(tool)
        .args(["--strict", "-k", "1.37.0"])
        .arg(&path)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
    println!(
        "kubernetes-validate --strict: {:.1} s ({status:?})",
        start.elapsed().as_secs_f64()
    );
}
