//! `gin-deploy import` as a team runs it on its project, then `generate
//! --deploy-only` on what it printed: the built binary, its output and exit status.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use gin_deploy::design_file::parse_design;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn gin_deploy(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gin-deploy"))
        .args(args)
        .current_dir(repo())
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A fresh folder of this test's own (tests run in parallel).
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gin-deploy-import-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn a_project_imports_and_its_deploy_only_bundle_builds_its_main_package() {
    let out = gin_deploy(&["import", "tests/fixtures/gin-projects/cmd-internal"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let design = parse_design(&text(&out.stdout)).unwrap();
    assert_eq!(
        design.project.as_ref().unwrap().main_package,
        "./cmd/server"
    );
    assert_eq!(design.service.port, 8081);
    assert_eq!(design.service.module, "example.com/inventory");
    assert_eq!(design.routes().count(), 6);
    assert!(
        text(&out.stderr).contains("6 routes from"),
        "{}",
        text(&out.stderr)
    );

    let dir = scratch("deploy-only");
    let design_file = dir.join("inventory.design.yaml");
    std::fs::write(&design_file, &out.stdout).unwrap();
    let bundle = dir.join("bundle");
    let out = gin_deploy(&[
        "generate",
        design_file.to_str().unwrap(),
        "--out",
        bundle.to_str().unwrap(),
        "--deploy-only",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let dockerfile = std::fs::read_to_string(bundle.join("Dockerfile")).unwrap();
    assert!(
        dockerfile.contains("-o /out/server ./cmd/server"),
        "{dockerfile}"
    );
    assert!(
        dockerfile.contains("FROM golang:1.22-alpine"),
        "{dockerfile}"
    );
    assert!(dockerfile.contains("EXPOSE 8081"), "{dockerfile}");
    let deployment = std::fs::read_to_string(bundle.join("k8s/deployment.yaml")).unwrap();
    assert!(deployment.contains("path: /healthz"), "{deployment}");
    let mut go_files = Vec::new();
    let mut dirs = vec![bundle.clone()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "go") || p.ends_with("go.mod") {
                go_files.push(p);
            }
        }
    }
    assert_eq!(go_files, Vec::<PathBuf>::new());
}

#[test]
fn dependencies_are_skipped_unread_and_unresolved_lines_are_named() {
    let dir = scratch("skipped");
    copy_tree(&repo().join("tests/fixtures/gin-projects/dynamic"), &dir);
    // A large tree under node_modules and vendor: never opened. A file there that is
    // not even readable would stop the import if it were.
    for skipped in ["node_modules/big", "vendor/example.com/x", ".git/objects"] {
        std::fs::create_dir_all(dir.join(skipped)).unwrap();
        let file = std::fs::File::create(dir.join(skipped).join("huge.go")).unwrap();
        file.set_len(200 << 20).unwrap();
    }
    let out = gin_deploy(&["import", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("unresolved: main.go:19: `Handle` in the loop at main.go:18"),
        "{stderr}"
    );
    assert!(
        stderr.contains("unresolved: main.go:24: a GET route whose path is computed"),
        "{stderr}"
    );
    assert!(!stderr.contains("huge.go"), "{stderr}");
}

#[test]
fn no_router_exits_1_and_bad_usage_2() {
    let dir = scratch("no-router");
    std::fs::write(dir.join("go.mod"), "module example.com/tool\n\ngo 1.22\n").unwrap();
    std::fs::write(
        dir.join("main.go"),
        "package main\n\nfunc main() { println(\"hi\") }\n",
    )
    .unwrap();
    let out = gin_deploy(&["import", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("no Gin router was found"));
    assert!(out.stdout.is_empty());
    assert_eq!(gin_deploy(&["import"]).status.code(), Some(2));
    assert_eq!(gin_deploy(&["import", "a", "b"]).status.code(), Some(2));
    assert_eq!(
        gin_deploy(&["import", "tests/cli_import.rs"]).status.code(),
        Some(2)
    );
}
