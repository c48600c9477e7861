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

/// Lets Yew's scheduler run the renders queued by the last event, then waits until
/// the work it asked for (manifests, checks: run in this module, a step per turn of
/// the event loop, under `inline-work`) has answered and rendered. Tests run
/// concurrently in one page, so this waits for everyone's work, up to 30 s.
pub async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(150)).await;
    for _ in 0..1500 {
        if gin_deploy::ui::pending_work() == 0 {
            break;
        }
        yew::platform::time::sleep(Duration::from_millis(20)).await;
    }
    yew::platform::time::sleep(Duration::from_millis(50)).await;
}

pub fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}
