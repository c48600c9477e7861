//! A pasted or named Dockerfile: validated as the page and the command do, then
//! every safe fix applied and the result validated again.
#![no_main]

use gin_deploy::validate::apply_line_fixes;
use gin_deploy::validate::bundle::validate_input;
use gin_deploy_fuzz::{on_page_stack, pick};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (name, text) = pick(data, &["Dockerfile", "build/Dockerfile.prod", ""]);
    on_page_stack(move || {
        let (_, found) = validate_input(name, &text, "1.37");
        let (fixed, _) = apply_line_fixes(&text, name, &found);
        validate_input(name, &fixed, "1.37");
    });
});
