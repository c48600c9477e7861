//! A share link from the address bar: as typed (any text), as compressed bytes the
//! fuzzer makes up (the inflater and its bound), and as a design the fuzzer writes
//! as JSON and packs the way the page does (the design reader behind the link).
#![no_main]

use std::io::Write;

use flate2::write::DeflateEncoder;
use flate2::Compression;
use gin_deploy::share::{base64url_encode, decode};
use gin_deploy_fuzz::{on_page_stack, pick};
use libfuzzer_sys::fuzz_target;

#[derive(Clone, Copy)]
enum Mode {
    Typed,
    Compressed,
    Packed,
}

fuzz_target!(|data: &[u8]| {
    let (mode, text) = pick(data, &[Mode::Typed, Mode::Compressed, Mode::Packed]);
    let rest = data.get(1..).unwrap_or_default().to_vec();
    let fragment = match mode {
        Mode::Typed => text,
        Mode::Compressed => format!("#d1.{}", base64url_encode(&rest)),
        Mode::Packed => {
            let mut encoder = DeflateEncoder::new(Vec::new(), Compression::fast());
            encoder.write_all(&rest).expect("writing to memory");
            let packed = encoder.finish().expect("writing to memory");
            format!("d1.{}", base64url_encode(&packed))
        }
    };
    on_page_stack(move || {
        let _ = decode(&fragment);
    });
});
