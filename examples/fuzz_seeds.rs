//! Writes the seed inputs of the fuzz targets (`fuzz/fuzz_targets/`) into
//! `DIR/<target>/`: every rule's bad and good example, the test fixtures, the
//! presets, their bundles' Dockerfiles and manifests, and share links. Targets
//! that read a first byte as a choice (a file name, a release, a mode) get seeds
//! that start with one. `scripts/fuzz.sh` runs this before fuzzing.
//!
//! ```text
//! cargo run --example fuzz_seeds -- DIR
//! ```

use std::path::{Path, PathBuf};

use gin_deploy::bundle::render;
use gin_deploy::presets::PRESETS;
use gin_deploy::share;
use gin_deploy::validate::{dockerfile, kube};

fn main() {
    let Some(dir) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: fuzz_seeds DIR");
        std::process::exit(2);
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dockerfiles: Vec<String> = dockerfile::rules()
        .iter()
        .flat_map(|r| [r.bad_example, r.good_example])
        .map(str::to_owned)
        .collect();
    let mut manifests: Vec<String> = kube::rules()
        .iter()
        .flat_map(|r| [r.bad_example, r.good_example])
        .map(str::to_owned)
        .collect();
    for (folder, into) in [
        ("tests/fixtures/dockerfile", &mut dockerfiles),
        ("tests/fixtures/kube", &mut manifests),
    ] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join(folder))
            .map(|entries| entries.filter_map(|e| Some(e.ok()?.path())).collect())
            .unwrap_or_default();
        paths.sort();
        into.extend(paths.iter().filter_map(|p| std::fs::read_to_string(p).ok()));
    }
    let mut designs = Vec::new();
    let mut links = Vec::new();
    // Go sources: the fixture projects' and the scaffolds'.
    let mut go_sources: Vec<String> = Vec::new();
    let mut dirs = vec![root.join("tests/fixtures/gin-projects")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "go") {
                go_sources.extend(std::fs::read_to_string(&path).ok());
            }
        }
    }
    for preset in PRESETS {
        designs.push(preset.text().to_owned());
        let Ok(design) = preset.design() else {
            continue;
        };
        links.push(share::encode(&design));
        for file in render(&design) {
            match file.path.as_str() {
                "Dockerfile" => dockerfiles.push(file.contents),
                "k8s/all.yaml" => manifests.push(file.contents),
                "main.go" | "routers/router.go" => go_sources.push(file.contents),
                _ => {}
            }
        }
    }
    // The first byte: the file name, release or mode the target picks with it.
    let chosen = |choice: u8, texts: &[String]| -> Vec<Vec<u8>> {
        texts
            .iter()
            .map(|t| [&[choice][..], t.as_bytes()].concat())
            .collect()
    };
    let raw = |texts: &[String]| -> Vec<Vec<u8>> {
        texts.iter().map(|t| t.as_bytes().to_vec()).collect()
    };
    let import = [chosen(0, &manifests), chosen(1, &dockerfiles)].concat();
    for (target, seeds) in [
        ("dockerfile", chosen(0, &dockerfiles)),
        ("kubernetes", chosen(0, &manifests)),
        ("design", raw(&designs)),
        ("share_link", chosen(0, &links)),
        ("import", import),
        ("go_project", raw(&go_sources)),
    ] {
        let folder = dir.join(target);
        std::fs::create_dir_all(&folder).expect("the folder can be created");
        for (i, seed) in seeds.iter().enumerate() {
            std::fs::write(folder.join(format!("seed-{i:03}")), seed).expect("the seed is written");
        }
        println!("{target}: {} seeds", seeds.len());
    }
}
