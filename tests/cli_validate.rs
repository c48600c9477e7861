//! `gin-deploy validate` as CI runs it: the built binary on files that are empty,
//! huge, endless, not text, or named after options, and on options with values it
//! does not take. Bad usage and files that cannot be read exit 2; findings exit 1.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fresh, empty folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("gin-deploy-validate-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn validate_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gin-deploy"))
        .current_dir(dir)
        .arg("validate")
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const CONFIG_MAP: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  namespace: web\ndata:\n  A: \"1\"\n";

#[test]
fn a_kubernetes_release_that_does_not_read_is_bad_usage() {
    let dir = scratch("release");
    std::fs::write(dir.join("cm.yaml"), CONFIG_MAP).unwrap();
    for bad in ["abc", "2.0", "", "1.", "1.x", "1.37.x", "1.37.1.1"] {
        let out = validate_in(&dir, &["--kubernetes", bad, "cm.yaml"]);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        let stderr = text(&out.stderr);
        assert!(
            stderr.starts_with(&format!(
                "gin-deploy: --kubernetes takes a release such as 1.37 (1.N, optionally with a patch or a leading v), not {bad:?}"
            )),
            "{stderr}"
        );
        assert!(out.stdout.is_empty(), "nothing was checked");
    }
    for good in ["1.30", "v1.30", "1.30.2", "--kubernetes=1.33"] {
        let args: &[&str] = if good.starts_with("--") {
            &[good, "cm.yaml"]
        } else {
            &["--kubernetes", good, "cm.yaml"]
        };
        let out = validate_in(&dir, args);
        assert_eq!(out.status.code(), Some(0), "{good}: {}", text(&out.stderr));
    }
    let out = validate_in(&dir, &["cm.yaml", "--kubernetes"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).starts_with("gin-deploy: --kubernetes needs a value"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_format_that_is_not_text_or_json_is_named_as_given() {
    let dir = scratch("format");
    std::fs::write(dir.join("cm.yaml"), CONFIG_MAP).unwrap();
    let out = validate_in(&dir, &["--format", "xml", "cm.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with("gin-deploy: --format takes text or json, not \"xml\"\n"),
        "{stderr}"
    );
    assert!(!stderr.contains("Some("), "{stderr}");
    let out = validate_in(&dir, &["--fromat", "json", "cm.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).starts_with("gin-deploy: unknown option \"--fromat\" for validate"));
    let out = validate_in(&dir, &["--format=json", "cm.yaml"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let parsed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(parsed.is_array());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_double_dash_ends_the_options_and_is_no_file() {
    let dir = scratch("dashes");
    std::fs::write(dir.join("--fix"), CONFIG_MAP).unwrap();
    let out = validate_in(&dir, &["--"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).starts_with("gin-deploy: validate needs at least one file"),
        "{}",
        text(&out.stderr)
    );
    // A file named like an option is checked, not taken as the option.
    let out = validate_in(&dir, &["--", "--fix"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("1 file(s): 0 error(s)"),
        "{}",
        text(&out.stdout)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_yaml_file_without_any_object_fails_the_check() {
    let dir = scratch("empty");
    std::fs::write(dir.join("empty.yaml"), "").unwrap();
    std::fs::write(dir.join("comments.yaml"), "# to do\n---\n").unwrap();
    let out = validate_in(&dir, &["empty.yaml", "comments.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    for file in ["empty.yaml", "comments.yaml"] {
        assert!(
            stdout.contains(&format!(
                "{file}:1:1: error[GK100]: the stream holds no Kubernetes object"
            )),
            "{stdout}"
        );
    }
    assert!(stdout.contains("2 file(s): 2 error(s)"), "{stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn fixing_a_crlf_file_keeps_every_line_ending() {
    let dir = scratch("crlf");
    let manifest = "apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: web\r\n  namespace: web\r\n  labels:\r\n    legacy: yes\r\ndata:\r\n  A: \"1\"\r\n";
    std::fs::write(dir.join("cm.yaml"), manifest).unwrap();
    let out = validate_in(&dir, &["--fix", "cm.yaml"]);
    assert!(
        text(&out.stderr).contains("fixed 1 line(s) in cm.yaml"),
        "{}",
        text(&out.stderr)
    );
    let fixed = std::fs::read_to_string(dir.join("cm.yaml")).unwrap();
    assert_eq!(fixed, manifest.replace("legacy: yes", "legacy: \"yes\""));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn files_over_the_budget_endless_or_not_text_are_refused_and_the_others_checked() {
    let dir = scratch("unreadable");
    std::fs::write(dir.join("cm.yaml"), CONFIG_MAP).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.yaml")).unwrap();
    let large = std::fs::File::create(dir.join("large.yaml")).unwrap();
    large.set_len(50 * 1024 * 1024).unwrap();
    std::fs::write(dir.join("binary.yaml"), b"kind: \xff\xfe\n").unwrap();
    // 64 MiB of address space: reading the link to /dev/zero to its end ran out of it.
    let out = Command::new("bash")
        .current_dir(&dir)
        .arg("-c")
        .arg("ulimit -v 65536; exec \"$@\"")
        .arg("bash")
        .arg(env!("CARGO_BIN_EXE_gin-deploy"))
        .args([
            "validate",
            "zero.yaml",
            "large.yaml",
            "binary.yaml",
            "cm.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "gin-deploy: zero.yaml is more than the 8 MiB (8388608 bytes) one input may be: nothing in it was checked; keep an input under 8 MiB (8388608 bytes)
gin-deploy: large.yaml is 52428800 bytes, more than the 8 MiB (8388608 bytes) one input may be: nothing in it was checked; keep an input under 8 MiB (8388608 bytes)
gin-deploy: cannot read binary.yaml: it is not UTF-8 text (byte 6 starts an invalid sequence)
"
    );
    assert_eq!(
        text(&out.stdout),
        "1 file(s): 0 error(s), 0 warning(s), 0 info; 3 file(s) not read\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
