//! A pasted or named Kubernetes YAML stream: validated as the page and the command
//! do, then every safe fix applied and the result validated again. Every finding
//! must point into the text. The stream's opening (its first documents, checked on
//! their own while the page waits for the whole) finds nothing the whole does not.
#![no_main]

use gin_deploy::validate::bundle::{input_kind, validate_input, InputKind};
use gin_deploy::validate::kube::{validate_opening, Options};
use gin_deploy::validate::{apply_line_fixes, Location};
use gin_deploy_fuzz::{on_page_stack, pick};
use libfuzzer_sys::fuzz_target;

/// The number of lines of `text` with YAML's line breaks: CR LF, CR or LF.
fn yaml_lines(text: &str) -> u32 {
    1 + text.replace("\r\n", "\n").matches(['\r', '\n']).count() as u32
}

fuzz_target!(|data: &[u8]| {
    let (release, text) = pick(data, &["1.37", "1.24", "1.33"]);
    on_page_stack(move || {
        let (_, found) = validate_input("deploy.yaml", &text, release);
        // Lines as YAML counts them: a lone CR ends a line too (YAML 1.2 §5.4), and
        // the parser's positions follow the spec. (The page's text area turns every
        // CR into LF before anything sees it.)
        let lines = yaml_lines(&text);
        for d in &found {
            if let Location::Text { line, column, .. } = &d.location {
                assert!(*line >= 1 && *column >= 1, "{d:?}");
                assert!(*line <= lines.max(1), "{d:?} past the last line {lines}");
            }
        }
        if input_kind("deploy.yaml", &text) == InputKind::Kubernetes {
            // Cut after the first document, wherever it ends.
            let options = Options::for_version(release);
            if let Some(opening) = validate_opening("deploy.yaml", &text, &options, 1) {
                for d in &opening {
                    assert!(found.contains(d), "{d:?} is in the opening only");
                }
            }
        }
        let (fixed, _) = apply_line_fixes(&text, "deploy.yaml", &found);
        validate_input("deploy.yaml", &fixed, release);
    });
});
