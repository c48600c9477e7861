//! A Go source, as the page's and `gin-deploy import`'s project reader takes it: the
//! reader never panics or runs long, and what it reads becomes a design that passes
//! the design's own checks and generates its (deploy-only) bundle.
#![no_main]

use gin_deploy::bundle::render;
use gin_deploy::design_file::check;
use gin_deploy::goproject::design::to_design;
use gin_deploy::goproject::{read_project, SourceFile};
use gin_deploy_fuzz::{on_page_stack, text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = text(data);
    on_page_stack(move || {
        let files = [
            SourceFile {
                path: "go.mod".into(),
                text: "module example.com/fuzz\n\ngo 1.22\n".into(),
            },
            SourceFile {
                path: "main.go".into(),
                text,
            },
        ];
        let project = read_project(&files);
        let imported = to_design(&project, "fuzz");
        assert_eq!(check(&imported.design), vec![]);
        render(&imported.design);
    });
});
