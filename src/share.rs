//! Share links: a design packed into a URL fragment, and back.
//!
//! The fragment is `d1.` followed by the design as JSON, deflated and base64url
//! encoded. The `d1` tag names the link format, so a later format can tell old links
//! apart and keep opening them. Secret values are removed before encoding: a link
//! carries which variables are secret, never what they hold.

use std::io::{Read, Write};

use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;
use thiserror::Error;

use crate::budget::Budget;
use crate::design_file::{read_design_json, DesignFileError};
use crate::model::Design;

/// The tag of the link format this build writes.
const FORMAT: &str = "d1.";
/// The most a link may inflate to: the byte budget of a design file. A design is a
/// few kilobytes, so anything larger is corrupt or hostile.
const MAX_INFLATED: u64 = Budget::DESIGN.bytes as u64;

/// Why a share link did not open.
#[derive(Debug, Error)]
pub enum ShareError {
    /// The fragment does not start with a format tag this build knows.
    #[error("this link was made by a newer or unknown version of the playground (it does not start with {FORMAT})")]
    UnknownFormat,
    /// The text after the tag is not base64url.
    #[error("the link is damaged: {0}")]
    Damaged(&'static str),
    /// The packed design is larger than any real design.
    #[error("the link holds more than {MAX_INFLATED} bytes of design: it is not a design link")]
    TooLarge,
    /// The packed text is not an acceptable design.
    #[error("the link's design cannot be used: {0}")]
    Design(#[from] DesignFileError),
}

/// The design without secret values.
pub fn without_secrets(design: &Design) -> Design {
    let mut shared = design.clone();
    for var in shared.config.vars.iter_mut().filter(|v| v.secret) {
        var.value.clear();
    }
    shared
}

/// Packs a design (minus secret values) into a URL-fragment-safe string.
pub fn encode(design: &Design) -> String {
    let json = serde_json::to_vec(&without_secrets(design)).unwrap_or_default();
    let mut encoder = DeflateEncoder::new(Vec::new(), Compression::best());
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(&json);
    let packed = encoder.finish().unwrap_or_default();
    format!("{FORMAT}{}", base64url_encode(&packed))
}

/// Unpacks a share fragment (with or without its leading `#`).
/// Whether a URL fragment is shaped like a share link (`d1.…`, or a later format
/// `dN.…`), rather than an in-page anchor such as `#rule-GK101`.
pub fn is_link(fragment: &str) -> bool {
    let body = fragment.trim_start_matches('#');
    body.strip_prefix('d')
        .and_then(|rest| rest.split_once('.'))
        .is_some_and(|(version, _)| {
            !version.is_empty() && version.bytes().all(|b| b.is_ascii_digit())
        })
}

pub fn decode(fragment: &str) -> Result<Design, ShareError> {
    let body = fragment
        .trim_start_matches('#')
        .strip_prefix(FORMAT)
        .ok_or(ShareError::UnknownFormat)?;
    let packed = base64url_decode(body).ok_or(ShareError::Damaged("it is not base64url text"))?;
    let mut json = Vec::new();
    DeflateDecoder::new(packed.as_slice())
        .take(MAX_INFLATED + 1)
        .read_to_end(&mut json)
        .map_err(|_| ShareError::Damaged("its compressed data is corrupt"))?;
    if json.len() as u64 > MAX_INFLATED {
        return Err(ShareError::TooLarge);
    }
    let text = String::from_utf8(json).map_err(|_| ShareError::Damaged("it is not UTF-8 text"))?;
    Ok(read_design_json(&text)?.design)
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Unpadded base64url (RFC 4648 §5), as share links and JWTs use it.
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

/// The bytes of unpadded base64url text; `None` for anything else.
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    // A table, not a search of the alphabet: the worker decodes archives of megabytes.
    const VALUES: [u8; 256] = {
        let mut values = [255u8; 256];
        let mut i = 0;
        while i < 64 {
            values[ALPHABET[i] as usize] = i as u8;
            i += 1;
        }
        values
    };
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for byte in text.bytes() {
        let value = match VALUES[byte as usize] {
            255 => return None,
            value => u32::from(value),
        };
        buffer = buffer << 6 | value;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    // A lone 6-bit group cannot come from whole bytes.
    (text.len() % 4 != 1).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ConfigVar;
    use crate::presets::PRESETS;

    #[test]
    fn base64url_round_trips_every_length() {
        for len in 0..40 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            let text = base64url_encode(&bytes);
            assert!(text.bytes().all(|b| ALPHABET.contains(&b)));
            assert_eq!(base64url_decode(&text), Some(bytes));
        }
        assert_eq!(base64url_encode(b"hi?"), "aGk_");
        assert_eq!(base64url_decode("a"), None);
        assert_eq!(base64url_decode("a+b="), None);
    }

    #[test]
    fn presets_round_trip_through_links() {
        for preset in PRESETS {
            let design = preset.design().unwrap();
            let link = encode(&design);
            assert!(link.starts_with("d1."));
            assert_eq!(
                decode(&format!("#{link}")).unwrap(),
                without_secrets(&design),
                "{}",
                preset.id
            );
        }
    }

    #[test]
    fn links_are_told_from_page_anchors() {
        assert!(is_link(&format!("#{}", encode(&Design::default()))));
        assert!(is_link("d2.future"));
        for anchor in ["#rule-GK101", "#", "", "#d.x", "#dx.1", "#files"] {
            assert!(!is_link(anchor), "{anchor}");
        }
    }

    #[test]
    fn secret_values_never_enter_a_link() {
        let mut design = Design::default();
        design.config.vars.push(ConfigVar {
            name: "API_TOKEN".into(),
            value: "super-secret-value".into(),
            secret: true,
        });
        let decoded = decode(&encode(&design)).unwrap();
        assert_eq!(decoded.config.vars[0].name, "API_TOKEN");
        assert!(decoded.config.vars[0].secret);
        assert_eq!(decoded.config.vars[0].value, "");
        let inflated = {
            let body = base64url_decode(&encode(&design)[3..]).unwrap();
            let mut text = String::new();
            DeflateDecoder::new(body.as_slice())
                .read_to_string(&mut text)
                .unwrap();
            text
        };
        assert!(!inflated.contains("super-secret-value"));
    }

    #[test]
    fn bad_links_are_explained() {
        assert!(matches!(decode("#x1.abc"), Err(ShareError::UnknownFormat)));
        assert!(matches!(decode("d1.@@@"), Err(ShareError::Damaged(_))));
        assert!(matches!(decode("d1.AAAA"), Err(ShareError::Damaged(_))));
        // A deflate bomb: 4 MiB of zeros packs into a few kilobytes.
        let mut encoder = DeflateEncoder::new(Vec::new(), Compression::best());
        encoder.write_all(&vec![b' '; 4 << 20]).unwrap();
        let bomb = format!("d1.{}", base64url_encode(&encoder.finish().unwrap()));
        assert!(matches!(decode(&bomb), Err(ShareError::TooLarge)));
        // A valid packing of an invalid design.
        let mut encoder = DeflateEncoder::new(Vec::new(), Compression::best());
        encoder
            .write_all(br#"{"service":{"name":"Bad Name"}}"#)
            .unwrap();
        let invalid = format!("d1.{}", base64url_encode(&encoder.finish().unwrap()));
        assert!(matches!(decode(&invalid), Err(ShareError::Design(_))));
    }
}
