//! What every browser test file does: mount a fresh app, let it render, find nodes.
#![allow(dead_code)] // Each test crate that includes this module uses part of it.

use std::time::Duration;

use gin_deploy::ui::{App, AppProps};
use web_sys::Element;

/// Mounts a fresh app in its own container and waits for the first render. Tests run
/// concurrently in one page, so each app keeps its own state, unsaved.
pub async fn mount() -> Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root_and_props(root.clone(), AppProps { persist: false }).render();
    settle().await;
    root
}

/// Lets Yew's scheduler run the renders queued by the last event. Each design change
/// regenerates and revalidates the bundle, slowly in a debug wasm build shared by
/// concurrent tests, so this waits generously.
pub async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(150)).await;
}

pub fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}
