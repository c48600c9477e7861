//! `gin-deploy generate` as teams run it in CI: the built binary on a design file.
//! A design Gin would refuse at start-up exits 1 with every problem on stderr and
//! writes nothing; a sound one writes the bundle, or with `--deploy-only` the files
//! that build and deploy a team's own project.

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

/// A small sound design.
const DESIGN: &str = "service:\n  name: web\n";

/// Every entry directly in `dir` whose name starts with `.` and holds `gin-deploy`:
/// temporary folders a run left behind.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.') && name.contains("gin-deploy"))
        .collect()
}

#[test]
fn a_new_folder_appears_whole_and_no_temporary_folder_is_left() {
    let dir = scratch("new");
    let design = dir.join("design.yaml");
    std::fs::write(&design, DESIGN).unwrap();
    let out = dir.join("deep/bundle");
    let result = generate(&design, &out);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let written = files_under(&out);
    assert!(
        written.contains(&PathBuf::from("k8s/all.yaml")),
        "{written:?}"
    );
    assert!(
        written.contains(&PathBuf::from("Dockerfile")),
        "{written:?}"
    );
    assert_eq!(leftovers(&dir.join("deep")), Vec::<String>::new());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_existing_folder_keeps_the_teams_own_files() {
    let dir = scratch("existing");
    let design = dir.join("design.yaml");
    std::fs::write(&design, DESIGN).unwrap();
    let out = dir.join("repo");
    std::fs::create_dir_all(out.join("k8s")).unwrap();
    std::fs::write(out.join("NOTES.md"), "ours\n").unwrap();
    std::fs::write(out.join("k8s/extra.yaml"), "ours too\n").unwrap();
    std::fs::write(out.join("Dockerfile"), "FROM old\n").unwrap();
    let result = generate(&design, &out);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(out.join("NOTES.md")).unwrap(),
        "ours\n"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("k8s/extra.yaml")).unwrap(),
        "ours too\n"
    );
    let dockerfile = std::fs::read_to_string(out.join("Dockerfile")).unwrap();
    assert!(
        dockerfile.contains("FROM golang:"),
        "regenerated: {dockerfile}"
    );
    assert!(out.join("k8s/all.yaml").is_file());
    assert_eq!(leftovers(&out), Vec::<String>::new());
    assert_eq!(leftovers(&dir), Vec::<String>::new());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn links_inside_the_folder_are_neither_followed_nor_replaced_and_nothing_is_written() {
    let dir = scratch("links");
    let design = dir.join("design.yaml");
    std::fs::write(&design, DESIGN).unwrap();
    let elsewhere = dir.join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let shared = dir.join("shared.Dockerfile");
    std::fs::write(&shared, "FROM shared\n").unwrap();
    let out = dir.join("repo");
    std::fs::create_dir_all(&out).unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("k8s")).unwrap();
    std::os::unix::fs::symlink(&shared, out.join("Dockerfile")).unwrap();
    let result = generate(&design, &out);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    for needle in [
        format!("nothing was written to {}", out.display()),
        format!(
            "{} is a symbolic link (to {}), and the bundle writes files inside it",
            out.join("k8s").display(),
            elsewhere.display()
        ),
        format!(
            "{} is a symbolic link (to {}), and the bundle writes its file there",
            out.join("Dockerfile").display(),
            shared.display()
        ),
        "gin-deploy neither follows nor replaces links inside --out".into(),
    ] {
        assert!(stderr.contains(&needle), "{needle:?} in:\n{stderr}");
    }
    assert_eq!(files_under(&elsewhere), Vec::<PathBuf>::new());
    assert_eq!(std::fs::read_to_string(&shared).unwrap(), "FROM shared\n");
    let entries: Vec<_> = std::fs::read_dir(&out).unwrap().collect();
    assert_eq!(entries.len(), 2, "only the two links: {entries:?}");
    assert!(std::fs::symlink_metadata(out.join("Dockerfile"))
        .unwrap()
        .file_type()
        .is_symlink());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_path_the_bundle_cannot_take_refuses_it_before_anything_is_written() {
    // Once the first files were written before k8s/all.yaml failed, leaving half a
    // bundle behind.
    let dir = scratch("half");
    let design = dir.join("design.yaml");
    std::fs::write(&design, DESIGN).unwrap();
    let out = dir.join("repo");
    std::fs::create_dir_all(out.join("k8s/all.yaml")).unwrap();
    let result = generate(&design, &out);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{} is a folder where the bundle writes a file",
            out.join("k8s/all.yaml").display()
        )),
        "{stderr}"
    );
    assert_eq!(files_under(&out), Vec::<PathBuf>::new());
    assert_eq!(leftovers(&out), Vec::<String>::new());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn secret_values_a_design_file_held_are_dropped_and_said() {
    let dir = scratch("dropped");
    let design = dir.join("design.yaml");
    std::fs::write(
        &design,
        "service:\n  name: web\nconfig:\n  vars:\n  - {name: API_KEY, value: s3cr3t-value-from-an-old-file, secret: true}\n",
    )
    .unwrap();
    let out = dir.join("bundle");
    let result = generate(&design, &out);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "gin-deploy: note: {}: config.vars[0].value: the value of secret variable API_KEY was dropped",
            design.display()
        )),
        "{stderr}"
    );
    for file in files_under(&out) {
        let text = std::fs::read_to_string(out.join(&file)).unwrap();
        assert!(!text.contains("s3cr3t-value"), "{file:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_design_that_links_to_dev_zero_is_refused_within_the_budget() {
    let dir = scratch("zero");
    let design = dir.join("design.yaml");
    std::os::unix::fs::symlink("/dev/zero", &design).unwrap();
    let out = dir.join("bundle");
    // 64 MiB of address space: reading the link to its end ran out of memory.
    let result = Command::new("bash")
        .arg("-c")
        .arg("ulimit -v 65536; exec \"$@\"")
        .arg("bash")
        .arg(env!("CARGO_BIN_EXE_gin-deploy"))
        .arg("generate")
        .arg(&design)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr,
        format!("gin-deploy: {} is more than the 1 MiB (1048576 bytes) one input may be: nothing in it was checked; keep an input under 1 MiB (1048576 bytes)\n", design.display())
    );
    assert!(!out.exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn options_end_at_a_double_dash() {
    let dir = scratch("dashes");
    let design = dir.join("-design.yaml");
    std::fs::write(&design, DESIGN).unwrap();
    let out = dir.join("bundle");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_gin-deploy"))
            .current_dir(&dir)
            .args(args)
            .output()
            .unwrap()
    };
    let result = run(&["generate", "--out", "bundle", "--", "-design.yaml"]);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(out.join("Dockerfile").is_file());
    let result = run(&["generate", "--out", "bundle", "-design.yaml"]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1));
    assert!(
        stderr.starts_with("gin-deploy: unknown option \"-design.yaml\" for generate"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `gin-deploy generate … --deploy-only`, run in `dir`.
fn generate_deploy_only(design: &Path, out: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gin-deploy"))
        .arg("generate")
        .arg(design)
        .arg("--out")
        .arg(out)
        .arg("--deploy-only")
        .output()
        .unwrap()
}

/// The team's journey: the deployment files go into the repository root, next to
/// their own code and README, which stay exactly as they were.
#[test]
fn deploy_only_writes_the_deployment_files_beside_the_teams_own_code() {
    let dir = scratch("deploy-only");
    let design = dir.join("design.yaml");
    std::fs::write(&design, DESIGN).unwrap();
    let repo = dir.join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    let own = [
        ("go.mod", "module example.com/web\n\ngo 1.24\n"),
        ("main.go", "package main\n\nfunc main() {}\n"),
        ("README.md", "# Our service\n"),
    ];
    for (path, text) in own {
        std::fs::write(repo.join(path), text).unwrap();
    }
    let result = generate_deploy_only(&design, &repo);
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(
        stdout.contains("(deploy-only: no Go files; the Dockerfile builds .)"),
        "{stdout}"
    );
    for (path, text) in own {
        assert_eq!(
            std::fs::read_to_string(repo.join(path)).unwrap(),
            text,
            "{path}"
        );
    }
    let mut written: Vec<String> = files_under(&repo)
        .into_iter()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .filter(|p| !own.iter().any(|(path, _)| path == p))
        .collect();
    written.sort();
    assert!(
        written.iter().all(|p| !p.ends_with(".go")
            && p != "go.sum"
            && p != ".env.example"
            && p != "openapi.yaml"),
        "{written:?}"
    );
    for path in [
        ".dockerignore",
        ".github/workflows/ci.yml",
        "DEPLOY.md",
        "Dockerfile",
        "k8s/deployment.yaml",
        "k8s/kustomization.yaml",
    ] {
        assert!(written.iter().any(|p| p == path), "{path} in {written:?}");
    }
    let dockerfile = std::fs::read_to_string(repo.join("Dockerfile")).unwrap();
    assert!(dockerfile.contains(" -o /out/server .\n"), "{dockerfile}");
    assert_eq!(leftovers(&repo), Vec::<String>::new());
    let _ = std::fs::remove_dir_all(&dir);
}

/// A design that names its project's main package is deploy-only with or without
/// the flag, and the flag keeps the package it names.
#[test]
fn a_designs_own_main_package_is_kept() {
    let dir = scratch("main-package");
    let design = dir.join("design.yaml");
    std::fs::write(
        &design,
        "version: 3\nservice:\n  name: web\nproject:\n  mainPackage: ./cmd/api\n",
    )
    .unwrap();
    for (name, result) in [
        ("plain", generate(&design, &dir.join("plain"))),
        ("flag", generate_deploy_only(&design, &dir.join("flag"))),
    ] {
        assert_eq!(
            result.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&result.stderr)
        );
        let out = dir.join(name);
        let dockerfile = std::fs::read_to_string(out.join("Dockerfile")).unwrap();
        assert!(
            dockerfile.contains(" -o /out/server ./cmd/api\n"),
            "{name}: {dockerfile}"
        );
        assert!(!out.join("go.mod").exists(), "{name}");
        assert!(out.join("DEPLOY.md").is_file(), "{name}");
    }
    // A main package outside the module is refused by its field, and nothing written.
    std::fs::write(&design, "project:\n  mainPackage: ../api\n").unwrap();
    let out = dir.join("refused");
    let result = generate_deploy_only(&design, &out);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert!(
        stderr
            .contains("project.mainPackage: main package \"../api\" is not a folder of the module"),
        "{stderr}"
    );
    assert!(!out.exists());
    let _ = std::fs::remove_dir_all(&dir);
}
