//! `gin-deploy generate` as teams run it in CI: the built binary on a design file.
//! A design Gin would refuse at start-up exits 1 with every problem on stderr and
//! writes nothing; a sound one writes the bundle.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fresh, empty folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gin-deploy-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn generate(design: &Path, out: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gin-deploy"))
        .arg("generate")
        .arg(design)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

/// Every file below `dir`, relative to it.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&at) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(path.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    found
}

#[test]
fn a_design_gin_would_panic_on_exits_1_and_writes_nothing() {
    let dir = scratch("conflict");
    let design = dir.join("design.yaml");
    std::fs::write(
        &design,
        "version: 1
groups:
- routes:
  - {method: GET, path: /healthz}
- prefix: /users
  routes:
  - {method: GET, path: /:id}
  - {method: GET, path: /:name/posts}
- routes:
  - {method: GET, path: /*any}
",
    )
    .unwrap();
    let out = dir.join("bundle");
    let result = generate(&design, &out);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    for needle in [
        "the design has 2 problem(s)",
        "groups[1].routes[1].path: parameter :name in GET /users/:name/posts conflicts with parameter :id of GET /users/:id",
        "(GR102)",
        "groups[2].routes[0].path: catch-all *any in GET /*any conflicts with",
        "(GR103)",
    ] {
        assert!(stderr.contains(needle), "{needle:?} in:\n{stderr}");
    }
    assert!(
        result.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&result.stdout)
    );
    assert!(!out.exists(), "{:?}", files_under(&out));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_trailing_slash_duplicate_exits_1_and_writes_nothing_even_into_an_existing_folder() {
    let dir = scratch("slash");
    let design = dir.join("design.yaml");
    // Gin joins `/api/` + "" and `/api/` + `/` to the same /api/.
    std::fs::write(
        &design,
        "groups:\n- prefix: /api/\n  routes:\n  - {method: GET, path: ''}\n  - {method: GET, path: /}\n",
    )
    .unwrap();
    let out = dir.join("bundle");
    std::fs::create_dir_all(&out).unwrap();
    let result = generate(&design, &out);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("groups[0].routes[1].path: route GET /api/ is registered twice"),
        "{stderr}"
    );
    assert_eq!(files_under(&out), Vec::<PathBuf>::new());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_sound_design_with_a_trailing_slash_prefix_is_written() {
    let dir = scratch("sound");
    let design = dir.join("design.yaml");
    std::fs::write(
        &design,
        "groups:\n- routes:\n  - {method: GET, path: /healthz}\n- prefix: /api/\n  routes:\n  - {method: GET, path: ''}\n  - {method: GET, path: /users/:id}\n",
    )
    .unwrap();
    let out = dir.join("bundle");
    let result = generate(&design, &out);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let openapi = std::fs::read_to_string(out.join("openapi.yaml")).unwrap();
    assert!(openapi.contains("\n  /api/:\n"), "{openapi}");
    assert!(openapi.contains("\n  \"/api/users/{id}\":\n"), "{openapi}");
    let _ = std::fs::remove_dir_all(&dir);
}
