//! Benchmark of the Dockerfile validator against hadolint on the same set of files:
//! the agreement fixtures and every preset's generated Dockerfile, copied until there
//! are 1,000 files.
//!
//! ```text
//! cargo run --release --example bench_dockerfile
//! ```

use std::time::Instant;

use gin_deploy::bundle::render;
use gin_deploy::presets::PRESETS;
use gin_deploy::validate::dockerfile::{validate, Options};

const FILES: usize = 1_000;

fn main() {
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/dockerfile");
    let mut sources: Vec<String> = std::fs::read_dir(fixtures)
        .expect("fixtures folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "Dockerfile"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    for preset in PRESETS {
        let design = preset.design().expect("presets parse");
        sources.extend(
            render(&design)
                .into_iter()
                .filter(|f| f.path == "Dockerfile")
                .map(|f| f.contents),
        );
    }
    let files: Vec<String> = sources.iter().cycle().take(FILES).cloned().collect();
    let lines: usize = files.iter().map(|f| f.lines().count()).sum();
    println!(
        "set: {FILES} Dockerfiles ({} distinct), {lines} lines",
        sources.len()
    );

    let mut runs = Vec::new();
    let mut findings = 0;
    for _ in 0..10 {
        let start = Instant::now();
        findings = files
            .iter()
            .map(|text| validate("Dockerfile", text, &Options::default()).len())
            .sum::<usize>();
        runs.push(start.elapsed());
    }
    runs.sort();
    let ours = runs[runs.len() / 2].as_secs_f64();
    println!("gin_deploy::validate::dockerfile::validate: median {:.1} ms over {} runs ({findings} findings)", ours * 1e3, runs.len());

    let hadolint = concat!(env!("CARGO_MANIFEST_DIR"), "/.venv/bin/hadolint");
    if !std::path::Path::new(hadolint).exists() {
        println!("{hadolint} not found: run scripts/setup.sh");
        return;
    }
    let dir = std::env::temp_dir().join(format!("bench-dockerfile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let paths: Vec<_> = files
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let path = dir.join(format!("{i:04}.Dockerfile"));
            std::fs::write(&path, text).expect("temp file");
            path
        })
        .collect();
    let start = Instant::now();
    let status = std::process::Command::new(hadolint)
        .arg("--no-fail")
        .args(&paths)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
    let theirs = start.elapsed().as_secs_f64();
    println!(
        "hadolint on the same {FILES} files: {:.1} s ({status:?})",
        theirs
    );
    println!("ratio: hadolint takes {:.0}x as long", theirs / ours);
    let _ = std::fs::remove_dir_all(&dir);
}
