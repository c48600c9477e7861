//! Saving bytes as a file through a temporary object URL and a download link.

use std::cell::RefCell;

use gloo::file::{Blob, ObjectUrl};
use wasm_bindgen::JsCast;
use web_sys::HtmlAnchorElement;

thread_local! {
    // The browser reads the object URL after the click handler returns, so the URL of
    // the latest download stays alive until the next one replaces (and revokes) it.
    static LAST_URL: RefCell<Option<ObjectUrl>> = const { RefCell::new(None) };
}

/// Offers `bytes` to the user as a download named `file_name`.
pub fn save(file_name: &str, media_type: &str, bytes: &[u8]) -> Result<(), String> {
    let url = ObjectUrl::from(Blob::new_with_options(bytes, Some(media_type)));
    let anchor: HtmlAnchorElement = gloo::utils::document()
        .create_element("a")
        .map_err(|_| "the browser refused to create a download link".to_owned())?
        .unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    LAST_URL.with(|last| *last.borrow_mut() = Some(url));
    Ok(())
}
