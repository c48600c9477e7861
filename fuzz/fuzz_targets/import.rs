//! "Import into design" on a pasted Dockerfile or Kubernetes stream, onto the
//! default design and a preset: the design proposed always passes the checks.
#![no_main]

use gin_deploy::design_file::check;
use gin_deploy::import::import;
use gin_deploy::model::Design;
use gin_deploy::presets::PRESETS;
use gin_deploy_fuzz::{on_page_stack, pick};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (name, text) = pick(data, &["deploy.yaml", "Dockerfile", "", "x.yaml"]);
    let preset = data.len() % 2 == 1;
    on_page_stack(move || {
        let base = if preset {
            PRESETS[0].design().expect("presets read")
        } else {
            Design::default()
        };
        let proposed = import(&base, name, &text);
        assert_eq!(
            check(&proposed.design),
            Vec::new(),
            "{:?}",
            proposed.changes
        );
    });
});
