//! Writes the hostile inputs of `support/hostile.rs` into a folder, for
//! `scripts/reproducers.sh` to run the release `gin-deploy` on.
//!
//! ```text
//! cargo run --release --example reproducers -- DIR
//! ```

use std::path::PathBuf;

#[path = "support/hostile.rs"]
mod hostile;

fn main() {
    let Some(dir) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: reproducers DIR");
        std::process::exit(2);
    };
    std::fs::create_dir_all(&dir).expect("the folder can be created");
    for (name, text) in [
        ("aliased-deployments.yaml", hostile::aliased_deployments()),
        ("wide-configmap.yaml", hostile::wide_config_map()),
        ("wide-design.yaml", hostile::wide_design()),
        ("large-document.yaml", hostile::large_document()),
    ] {
        std::fs::write(dir.join(name), text).expect("the file can be written");
    }
}
