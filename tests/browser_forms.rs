//! Browser tests of the design surfaces: the real app mounted in headless Chromium,
//! driven through DOM events, checked through what the page shows (route list,
//! generated files, diagram, alerts).
//!
//! Run with wasm-bindgen-test-runner + ChromeDriver (see tests/browser.rs); natively
//! this file compiles to nothing.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{
    Element, Event, EventInit, HtmlElement, HtmlFormElement, HtmlInputElement, HtmlSelectElement,
};

wasm_bindgen_test_configure!(run_in_browser);

mod browser_support;
use browser_support::{find, mount, settle};

#[wasm_bindgen]
extern "C" {
    /// Builds the init dictionary of events web-sys builds only behind features this
    /// crate does not enable (keyboard and drag events).
    #[wasm_bindgen(js_namespace = JSON, js_name = parse)]
    fn json(text: &str) -> JsValue;

    type KeyEvent;
    #[wasm_bindgen(constructor, js_class = "KeyboardEvent")]
    fn new(kind: &str, init: &JsValue) -> KeyEvent;

    type DragEvent;
    #[wasm_bindgen(constructor, js_class = "DragEvent")]
    fn new(kind: &str, init: &JsValue) -> DragEvent;

    #[wasm_bindgen(js_namespace = JSON, js_name = stringify)]
    fn stringify(value: &JsValue) -> String;
}

#[wasm_bindgen(inline_js = "
export function record_texts(el) {
    const seen = [];
    new MutationObserver(() => seen.push(el.textContent))
        .observe(el, { childList: true, subtree: true, characterData: true });
    return seen;
}")]
extern "C" {
    /// Every text `el` shows from now on, in order: states too brief to poll for.
    fn record_texts(el: &Element) -> JsValue;
}

fn exists(root: &Element, selector: &str) -> bool {
    root.query_selector(selector).unwrap().is_some()
}

fn bubbling() -> EventInit {
    let init = EventInit::new();
    init.set_bubbles(true);
    init
}

/// Types `text` into an input the way the browser reports it: value set, `input` fired.
async fn type_into(root: &Element, selector: &str, text: &str) {
    let input: HtmlInputElement = find(root, selector).unchecked_into();
    input.set_value(text);
    input
        .dispatch_event(&Event::new_with_event_init_dict("input", &bubbling()).unwrap())
        .unwrap();
    settle().await;
}

/// Picks an option of a select: value set, `change` fired.
async fn choose(root: &Element, selector: &str, value: &str) {
    let select: HtmlSelectElement = find(root, selector).unchecked_into();
    select.set_value(value);
    select
        .dispatch_event(&Event::new_with_event_init_dict("change", &bubbling()).unwrap())
        .unwrap();
    settle().await;
}

async fn click(root: &Element, selector: &str) {
    find(root, selector).unchecked_into::<HtmlElement>().click();
    settle().await;
}

async fn submit(root: &Element, selector: &str) {
    let form: HtmlFormElement = find(root, selector).unchecked_into();
    form.request_submit().unwrap();
    settle().await;
}

fn tab_names(root: &Element) -> Vec<String> {
    let tabs = root.query_selector_all("[role=tab]").unwrap();
    (0..tabs.length())
        .filter_map(|i| tabs.item(i))
        .filter_map(|t| t.text_content())
        .collect()
}

async fn click_tab(root: &Element, name: &str) {
    let tabs = root.query_selector_all("[role=tab]").unwrap();
    let tab = (0..tabs.length())
        .filter_map(|i| tabs.item(i))
        .map(|n| n.unchecked_into::<HtmlElement>())
        .find(|t| t.text_content().as_deref() == Some(name))
        .unwrap_or_else(|| panic!("no tab named {name} in {:?}", tab_names(root)));
    tab.click();
    settle().await;
}

fn panel_text(root: &Element) -> String {
    find(root, "[role=tabpanel]")
        .text_content()
        .unwrap_or_default()
}

async fn file_text(root: &Element, name: &str) -> String {
    click_tab(root, name).await;
    panel_text(root)
}

/// Every generated file as (tab name, text), by showing each tab in turn.
async fn all_files(root: &Element) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for name in tab_names(root) {
        let text = file_text(root, &name).await;
        files.push((name, text));
    }
    files
}

fn diagram_text(root: &Element) -> String {
    find(root, ".diagram svg")
        .text_content()
        .unwrap_or_default()
}

/// Where each word first appears in the text, for checking an order.
fn positions(text: &str, words: &[&str]) -> Vec<usize> {
    words
        .iter()
        .map(|w| text.find(w).unwrap_or_else(|| panic!("{w} not in {text}")))
        .collect()
}

fn active_label() -> Option<String> {
    gloo::utils::document().active_element().and_then(|el| {
        el.get_attribute("aria-label")
            .or_else(|| el.get_attribute("id"))
    })
}

#[wasm_bindgen_test]
async fn a_new_group_and_its_route_reach_the_route_list_and_the_openapi_document() {
    let root = mount().await;
    type_into(&root, "#new-group-prefix", "/api/v2").await;
    submit(&root, "form.add-group").await;
    assert!(
        find(&root, "#group-2-heading")
            .text_content()
            .unwrap()
            .contains("/api/v2"),
        "the group is listed"
    );

    // Aim the new route at the group: the path is then below its prefix.
    click(
        &root,
        "#group-2-heading ~ .item-buttons button:nth-of-type(3)",
    )
    .await;
    let group: HtmlSelectElement = find(&root, "#new-route-group").unchecked_into();
    assert_eq!(group.value(), "2");
    choose(&root, "#new-route-method", "POST").await;
    // A half-typed parameter is explained while typing, and not added.
    type_into(&root, "#new-route-path", "/orders/:").await;
    let alert = find(&root, "#new-route-path-error");
    assert_eq!(alert.get_attribute("role").as_deref(), Some("alert"));
    assert!(
        alert
            .text_content()
            .unwrap()
            .contains("a ':' parameter needs a name"),
        "{:?}",
        alert.text_content()
    );
    type_into(&root, "#new-route-path", "/orders/:id").await;
    assert!(!exists(&root, "#new-route-path-error"));
    submit(&root, "form.add-route").await;

    assert!(exists(
        &root,
        "button[aria-label='Remove route POST /api/v2/orders/:id']"
    ));
    let list = find(&root, "#group-2-heading")
        .closest("section")
        .unwrap()
        .unwrap();
    assert!(list.text_content().unwrap().contains("/api/v2/orders/:id"));
    let openapi = file_text(&root, "openapi.yaml").await;
    assert!(openapi.contains("\"/api/v2/orders/{id}\":"), "{openapi}");
}

#[wasm_bindgen_test]
async fn a_route_is_edited_in_place_and_a_bad_path_is_refused() {
    let root = mount().await;
    // The fields of a route exist once its Edit disclosure is open.
    assert!(!exists(&root, "#route-1-0-path"));
    click(&root, "#route-1-0-edit summary").await;
    type_into(&root, "#route-1-0-path", "/members/:id").await;
    assert!(exists(
        &root,
        "button[aria-label='Remove route GET /api/v1/members/:id']"
    ));
    choose(&root, "#route-1-0-method", "DELETE").await;
    assert!(exists(
        &root,
        "button[aria-label='Remove route DELETE /api/v1/members/:id']"
    ));
    let before = file_text(&root, "openapi.yaml").await;
    type_into(&root, "#route-1-0-path", "/members/*rest/more").await;
    let error = find(&root, "#route-1-0-path-error");
    assert_eq!(error.get_attribute("role").as_deref(), Some("alert"));
    assert!(error
        .text_content()
        .unwrap()
        .contains("a '*' catch-all must be the last segment"));
    let input: HtmlInputElement = find(&root, "#route-1-0-path").unchecked_into();
    assert_eq!(input.value(), "/members/*rest/more", "the text is kept");
    assert_eq!(
        panel_text(&root),
        before,
        "the files keep the last valid path"
    );
}

#[wasm_bindgen_test]
async fn keyboard_reordering_of_middleware_shows_in_the_diagram() {
    let root = mount().await;
    let order = |root: &Element| positions(&diagram_text(root), &["Recovery", "Logger"]);
    let start = order(&root);
    assert!(start[0] < start[1], "Recovery comes first by default");

    click(&root, "button[aria-label='Move Logger up']").await;
    let moved = order(&root);
    assert!(moved[1] < moved[0], "{}", diagram_text(&root));
    // Focus followed Logger to its new place (first, so its up button is disabled).
    settle().await;
    assert_eq!(active_label().as_deref(), Some("Move Logger down"));

    // Alt+ArrowDown on the focused item moves it back.
    let item = find(&root, "#mw-global-0");
    let key = KeyEvent::new(
        "keydown",
        &json(r#"{"key":"ArrowDown","altKey":true,"bubbles":true,"cancelable":true}"#),
    );
    item.dispatch_event(key.unchecked_ref::<Event>()).unwrap();
    settle().await;
    let back = order(&root);
    assert!(back[0] < back[1], "{}", diagram_text(&root));
    settle().await;
    assert_eq!(active_label().as_deref(), Some("mw-global-1"));
}

#[wasm_bindgen_test]
async fn dragging_a_middleware_onto_another_reorders_the_chain() {
    let root = mount().await;
    let init = json(r#"{"bubbles":true,"cancelable":true}"#);
    let fire = |selector: &str, kind: &str| {
        let event = DragEvent::new(kind, &init);
        find(&root, selector)
            .dispatch_event(event.unchecked_ref::<Event>())
            .unwrap();
    };
    fire("#mw-global-1", "dragstart");
    fire("#mw-global-0", "dragover");
    fire("#mw-global-0", "drop");
    fire("#mw-global-1", "dragend");
    settle().await;
    let order = positions(&diagram_text(&root), &["Recovery", "Logger"]);
    assert!(order[1] < order[0], "{}", diagram_text(&root));
}

#[wasm_bindgen_test]
async fn middleware_from_the_palette_goes_to_the_chosen_group_with_its_settings() {
    let root = mount().await;
    choose(&root, "#palette-target", "1").await;
    let add = root.query_selector_all(".palette-item button").unwrap();
    let rate_limit = (0..add.length())
        .filter_map(|i| add.item(i))
        .map(|n| n.unchecked_into::<HtmlElement>())
        .find(|b| b.text_content().as_deref() == Some("Add Rate limit to group /api/v1"))
        .expect("a palette button names what it adds and where");
    rate_limit.click();
    settle().await;
    assert!(find(&root, "#chain-group-1-heading ~ ol")
        .text_content()
        .unwrap()
        .contains("Rate limit"));
    // Adding selects it: its settings are open.
    type_into(&root, "#mw-setting-rps", "0").await;
    assert!(find(&root, "#mw-setting-rps-error")
        .text_content()
        .unwrap()
        .contains("out of range"));
    type_into(&root, "#mw-setting-rps", "25").await;
    assert!(diagram_text(&root).contains("25/s, burst 20"));
}

#[wasm_bindgen_test]
async fn choosing_the_ingress_and_setting_its_host_adds_the_ingress_manifest() {
    let root = mount().await;
    // New designs route through the Gateway API.
    assert!(tab_names(&root).contains(&"k8s/httproute.yaml".to_owned()));
    assert!(!tab_names(&root).contains(&"k8s/ingress.yaml".to_owned()));
    assert!(!exists(&root, "#cluster-ingress-host"));
    choose(&root, "#cluster-routing", "ingress").await;
    type_into(&root, "#cluster-ingress-host", "api.example.org").await;
    let ingress = file_text(&root, "k8s/ingress.yaml").await;
    assert!(ingress.contains("host: api.example.org"), "{ingress}");
    assert!(!tab_names(&root).contains(&"k8s/httproute.yaml".to_owned()));
    assert!(!exists(&root, "#cluster-gateway-hostnames"));
}

#[wasm_bindgen_test]
async fn generating_a_gateway_with_tls_adds_the_gateway_and_the_redirect_route() {
    let root = mount().await;
    type_into(&root, "#cluster-gateway-hostnames", "shop.example.org").await;
    let route = file_text(&root, "k8s/httproute.yaml").await;
    assert!(route.contains("- shop.example.org"), "{route}");
    assert!(route.contains("name: shared-gateway"), "{route}");
    choose(&root, "#cluster-gateway-mode", "generate").await;
    assert!(!exists(&root, "#cluster-gateway-name"));
    type_into(&root, "#cluster-gateway-tls-secret", "shop-tls").await;
    let gateway = file_text(&root, "k8s/gateway.yaml").await;
    assert!(gateway.contains("protocol: HTTPS"), "{gateway}");
    assert!(gateway.contains("- name: shop-tls"), "{gateway}");
    let redirect = file_text(&root, "k8s/httproute-redirect.yaml").await;
    assert!(redirect.contains("scheme: https"), "{redirect}");
    // A bad duration stays in the field with its message; the route keeps the last
    // good value (none).
    type_into(&root, "#cluster-gateway-request-timeout", "1.5s").await;
    assert!(find(&root, "#cluster-gateway-request-timeout-error")
        .text_content()
        .unwrap()
        .contains("duration"));
    let route = file_text(&root, "k8s/httproute.yaml").await;
    assert!(!route.contains("timeouts"), "{route}");
}

#[wasm_bindgen_test]
async fn a_secret_value_never_appears_in_any_generated_file() {
    let root = mount().await;
    type_into(&root, "#new-var-name", "API_KEY").await;
    submit(&root, "form.add-var").await;
    // Typed while the variable was plain, then the variable is made secret.
    type_into(&root, "#var-0-value", "s3cr3t-do-not-ship").await;
    click(&root, "#var-0-secret").await;
    // Under the load of the concurrent tests a render can take longer than a settle.
    for _ in 0..20 {
        if find(&root, "#var-0-value").tag_name() == "P" {
            break;
        }
        settle().await;
    }
    // A secret variable has no value input at all: the value is never kept.
    assert_eq!(find(&root, "#var-0-value").tag_name(), "P");
    assert!(find(&root, ".secret-note")
        .text_content()
        .unwrap()
        .contains("named here, never valued"));

    let files = all_files(&root).await;
    assert!(
        files.iter().any(|(_, text)| text.contains("API_KEY")),
        "the variable itself is in the bundle"
    );
    for (name, text) in files {
        assert!(
            !text.contains("s3cr3t-do-not-ship"),
            "{name} holds the secret"
        );
    }
}

#[wasm_bindgen_test]
async fn invalid_input_shows_an_alert_and_leaves_every_file_unchanged() {
    let root = mount().await;
    // The default design has a disruption budget, so its field is shown.
    assert!(exists(&root, "#cluster-min-available"));
    let before = all_files(&root).await;

    type_into(&root, "#cluster-cpu-limit", "lots").await;
    let alert = find(&root, "#cluster-cpu-limit-error");
    assert_eq!(alert.get_attribute("role").as_deref(), Some("alert"));
    assert!(alert.text_content().unwrap().contains("\"lots\""));

    // A value that parses but cannot work with the others: minAvailable 2 of 2 pods.
    type_into(&root, "#cluster-min-available", "2").await;
    let alert = find(&root, "#cluster-min-available-error");
    assert!(alert
        .text_content()
        .unwrap()
        .contains("minAvailable 2 is not below the 2 replica(s)"));
    let input = find(&root, "#cluster-min-available");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));

    assert_eq!(all_files(&root).await, before);
}

#[wasm_bindgen_test]
async fn a_refused_toggle_or_pick_is_explained_and_not_shown_as_taken() {
    let root = mount().await;
    // JWT auth brings its secret key variable along.
    let add = root.query_selector_all(".palette-item button").unwrap();
    (0..add.length())
        .filter_map(|i| add.item(i))
        .map(|n| n.unchecked_into::<HtmlElement>())
        .find(|b| b.text_content().as_deref() == Some("Add JWT auth to global chain"))
        .unwrap()
        .click();
    settle().await;
    let name: HtmlInputElement = find(&root, "#var-0-name").unchecked_into();
    assert_eq!(name.value(), "JWT_SECRET");
    let secret: HtmlInputElement = find(&root, "#var-0-secret").unchecked_into();
    assert!(secret.checked());
    // The key cannot stop being secret while JWT auth uses it; a second try gets the
    // same refusal (so the same props), and must not stick either.
    for attempt in 1..=2 {
        secret.click();
        settle().await;
        assert!(
            secret.checked(),
            "refused toggle {attempt} is undone on screen"
        );
    }
    assert!(find(&root, "#var-0-secret-error")
        .text_content()
        .unwrap()
        .contains("used by JWT auth"));

    // A method that would make a second GET /ping is refused and not shown picked.
    choose(&root, "#new-route-method", "POST").await;
    type_into(&root, "#new-route-path", "/ping").await;
    submit(&root, "form.add-route").await;
    click(&root, "#route-0-2-edit summary").await;
    let method: HtmlSelectElement = find(&root, "#route-0-2-method").unchecked_into();
    for attempt in 1..=2 {
        choose(&root, "#route-0-2-method", "GET").await;
        assert_eq!(method.value(), "POST", "refused pick {attempt}");
    }
    assert!(find(&root, "#route-0-2-method-error")
        .text_content()
        .unwrap()
        .contains("route GET /ping is registered twice"));
    assert!(exists(
        &root,
        "button[aria-label='Remove route POST /ping']"
    ));
}

#[wasm_bindgen_test]
async fn building_the_zip_shows_progress_and_gives_the_button_back() {
    let root = mount().await;
    let status = find(&root, ".zip-progress");
    let seen = record_texts(&status);
    let button: HtmlElement = find(&root, ".file-actions button.primary").unchecked_into();
    assert_eq!(
        button.text_content().as_deref(),
        Some("Download bundle (.zip)")
    );
    button.click();
    settle().await;
    settle().await;
    let seen = stringify(&seen);
    assert!(
        seen.contains("Building zip: 0 of "),
        "progress shown: {seen}"
    );
    assert!(
        !button.has_attribute("disabled"),
        "the button is usable again"
    );
    assert_eq!(status.text_content().as_deref(), Some(""), "progress gone");
    assert!(!exists(&root, ".file-main .field-error"), "no error");
}

#[wasm_bindgen_test]
async fn a_route_moves_to_another_group_from_its_edit_panel() {
    let root = mount().await;
    click(&root, "#route-1-0-edit summary").await;
    assert!(exists(
        &root,
        "button[aria-label='Remove route GET /api/v1/users/:id']"
    ));
    // Group 0 is the root group: the route keeps its path below the prefix.
    choose(&root, "#route-1-0-group", "0").await;
    assert!(exists(
        &root,
        "button[aria-label='Remove route GET /users/:id']"
    ));
    assert!(!exists(
        &root,
        "button[aria-label='Remove route GET /api/v1/users/:id']"
    ));
    // Focus stayed with the moved route, now the last of the root group.
    settle().await;
    assert_eq!(
        active_label().as_deref(),
        Some("Move route GET /users/:id up")
    );
    let router = file_text(&root, "routers/router.go").await;
    assert!(router.contains("r.GET(\"/users/:id\""), "{router}");
}

/// A box of the diagram leads to the field that edits what it shows: the Gateway to
/// the Gateway it attaches to, the Service to its port; where narrow screens show one part of the
/// page at a time, the design is shown first.
#[wasm_bindgen_test]
async fn diagram_boxes_focus_the_fields_they_show() {
    let root = mount().await;
    for (node, field) in [
        ("gateway", "cluster-gateway-name"),
        ("service", "cluster-service-port"),
        ("pods", "replicas"),
    ] {
        let files: HtmlInputElement = find(&root, "#view-files").unchecked_into();
        files.set_checked(true);
        find(&root, &format!(".diagram .node.{node}"))
            .dispatch_event(&Event::new_with_event_init_dict("click", &bubbling()).unwrap())
            .unwrap();
        settle().await;
        assert_eq!(active_label().as_deref(), Some(field), "the {node} box");
        let design: HtmlInputElement = find(&root, "#view-design").unchecked_into();
        assert!(design.checked(), "the {node} box shows the design");
    }
}
