//! A design file, as `gin-deploy generate` and the page's "Open design" read it. A
//! design that is read generates its bundle (generators never fail), validates it,
//! and survives a share link unchanged but for its secret values.
#![no_main]

use gin_deploy::bundle::render;
use gin_deploy::design_file::{read_design, write_design};
use gin_deploy::share;
use gin_deploy::validate::bundle::validate_bundle;
use gin_deploy_fuzz::{on_page_stack, text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = text(data);
    on_page_stack(move || {
        let Ok(read) = read_design(&text) else {
            return;
        };
        let files = render(&read.design);
        validate_bundle(&read.design, &files);
        let shared = share::decode(&share::encode(&read.design)).expect("a link opens");
        assert_eq!(shared, share::without_secrets(&read.design));
        let again = read_design(&write_design(&read.design)).expect("a written design reads");
        assert_eq!(again.design, read.design);
    });
});
