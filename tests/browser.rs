//! Browser component tests: the real app mounted in headless Chromium, driven through
//! DOM events the way a user's typing and clicking reach it.
//!
//! Run with `make test` (wasm-bindgen-test-runner + ChromeDriver); natively this file
//! compiles to nothing.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use gin_deploy::ui::App;
use gloo::storage::Storage;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlFormElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

mod browser_support;
use browser_support::{find, mount, settle};

/// Types `text` into an input the way the browser reports it: value set, `input` fired.
async fn type_into(root: &Element, selector: &str, text: &str) {
    let input: HtmlInputElement = find(root, selector).unchecked_into();
    input.set_value(text);
    let init = EventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    settle().await;
}

/// Leaves an input the way the browser reports it: `blur` fired on it.
async fn leave(root: &Element, selector: &str) {
    find(root, selector)
        .dispatch_event(&Event::new("blur").unwrap())
        .unwrap();
    settle().await;
}

async fn click_tab(root: &Element, name: &str) {
    let tabs = root.query_selector_all("[role=tab]").unwrap();
    let tab = (0..tabs.length())
        .filter_map(|i| tabs.item(i))
        .map(|n| n.unchecked_into::<HtmlElement>())
        .find(|t| t.text_content().as_deref() == Some(name))
        .unwrap_or_else(|| panic!("no tab named {name}"));
    tab.click();
    settle().await;
}

fn panel_text(root: &Element) -> String {
    find(root, "[role=tabpanel]")
        .text_content()
        .unwrap_or_default()
}

/// Pastes `text` into the paste box and waits for the debounced check.
async fn paste(root: &Element, text: &str) {
    let area: web_sys::HtmlTextAreaElement = find(root, "#paste-input").unchecked_into();
    area.set_value(text);
    let init = EventInit::new();
    init.set_bubbles(true);
    area.dispatch_event(&Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    yew::platform::time::sleep(Duration::from_millis(450)).await;
    settle().await;
}

#[wasm_bindgen_test]
async fn editing_the_port_changes_the_service_preview() {
    let root = mount().await;
    click_tab(&root, "k8s/service.yaml").await;
    assert!(
        panel_text(&root).contains("targetPort: 8080"),
        "{}",
        panel_text(&root)
    );
    type_into(&root, "#listen-port", "9090").await;
    assert!(
        panel_text(&root).contains("targetPort: 9090"),
        "{}",
        panel_text(&root)
    );
    click_tab(&root, "Dockerfile").await;
    assert!(panel_text(&root).contains("EXPOSE 9090"));
}

#[wasm_bindgen_test]
async fn an_out_of_range_port_is_explained_and_keeps_the_preview_valid() {
    let root = mount().await;
    type_into(&root, "#listen-port", "9090").await;
    leave(&root, "#listen-port").await;
    type_into(&root, "#listen-port", "70000").await;
    let alert = find(&root, "#listen-port-error");
    assert_eq!(alert.get_attribute("role").as_deref(), Some("alert"));
    assert_eq!(
        alert.text_content().as_deref(),
        Some("port 70000 is out of range: use 1 to 65535")
    );
    let input = find(&root, "#listen-port");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(input.unchecked_into::<HtmlInputElement>().value(), "70000");
    assert!(
        panel_text(&root).contains("EXPOSE 9090"),
        "{}",
        panel_text(&root)
    );
}

#[wasm_bindgen_test]
async fn a_service_name_that_is_not_a_dns_label_is_refused() {
    let root = mount().await;
    click_tab(&root, "k8s/service.yaml").await;
    type_into(&root, "#service-name", "Hello_Gin").await;
    let message = find(&root, "#service-name-error").text_content().unwrap();
    assert!(
        message.contains("\"Hello_Gin\" is not a valid DNS label"),
        "{message}"
    );
    assert!(panel_text(&root).contains("name: hello-gin"));
}

#[wasm_bindgen_test]
async fn routes_can_be_added_and_removed() {
    let root = mount().await;
    type_into(&root, "#new-route-path", "/api/v1/orders/:id").await;
    let form: HtmlFormElement = find(&root, "form.add-route").unchecked_into();
    form.request_submit().unwrap();
    settle().await;
    let remove: HtmlElement = find(
        &root,
        "button[aria-label='Remove route GET /api/v1/orders/:id']",
    )
    .unchecked_into();
    remove.click();
    settle().await;
    assert!(root
        .query_selector("button[aria-label='Remove route GET /api/v1/orders/:id']")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn removing_the_health_route_switches_probes_to_tcp() {
    let root = mount().await;
    click_tab(&root, "k8s/deployment.yaml").await;
    assert!(panel_text(&root).contains("path: /healthz"));
    for route in ["GET /healthz", "GET /ping"] {
        let button: HtmlElement =
            find(&root, &format!("button[aria-label='Remove route {route}']")).unchecked_into();
        button.click();
        settle().await;
    }
    let text = panel_text(&root);
    assert!(!text.contains("httpGet"), "{text}");
    assert!(text.contains("tcpSocket"), "{text}");
}

#[wasm_bindgen_test]
async fn loading_a_preset_replaces_the_design_and_its_fields() {
    let root = mount().await;
    let select: web_sys::HtmlSelectElement = find(&root, "#preset").unchecked_into();
    select.set_value("production-hardened");
    let init = EventInit::new();
    init.set_bubbles(true);
    select
        .dispatch_event(&Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
    settle().await;
    button(&root, "Load preset").click();
    settle().await;
    let name: HtmlInputElement = find(&root, "#service-name").unchecked_into();
    assert_eq!(name.value(), "orders");
    assert!(find(&root, "[role=status]")
        .text_content()
        .unwrap()
        .contains("Production-hardened"));
    assert!(root
        .query_selector("button[aria-label='Remove route DELETE /api/v1/orders/:id']")
        .unwrap()
        .is_some());
}

fn button(root: &Element, name: &str) -> HtmlElement {
    let buttons = root.query_selector_all("button").unwrap();
    (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .map(|n| n.unchecked_into::<HtmlElement>())
        .find(|b| b.text_content().as_deref() == Some(name))
        .unwrap_or_else(|| panic!("no button {name}"))
}

#[wasm_bindgen_test]
async fn a_refused_keystroke_shows_the_design_from_before_the_typing_and_says_so() {
    let root = mount().await;
    for text in ["9", "99", "999", "9999", "99999"] {
        type_into(&root, "#listen-port", text).await;
    }
    click_tab(&root, "Dockerfile").await;
    assert!(
        panel_text(&root).contains("EXPOSE 8080"),
        "{}",
        panel_text(&root)
    );
    let note = find(&root, ".files .not-applied")
        .text_content()
        .unwrap_or_default();
    assert!(
        note.contains("Listen port: \"99999\" is not applied"),
        "{note}"
    );
    assert!(note.contains("\"8080\" is used"), "{note}");
    // Back to a valid port: the note goes and the files follow.
    type_into(&root, "#listen-port", "9999").await;
    assert!(root.query_selector(".not-applied").unwrap().is_none());
    assert!(
        panel_text(&root).contains("EXPOSE 9999"),
        "{}",
        panel_text(&root)
    );
}

#[wasm_bindgen_test]
async fn undo_and_redo_buttons_restore_the_design_and_its_fields() {
    let root = mount().await;
    assert!(button(&root, "Undo").has_attribute("disabled"));
    type_into(&root, "#replicas", "5").await;
    type_into(&root, "#listen-port", "9090").await;
    button(&root, "Undo").click();
    settle().await;
    let port: HtmlInputElement = find(&root, "#listen-port").unchecked_into();
    assert_eq!(port.value(), "8080");
    let replicas: HtmlInputElement = find(&root, "#replicas").unchecked_into();
    assert_eq!(replicas.value(), "5");
    button(&root, "Redo").click();
    settle().await;
    let port: HtmlInputElement = find(&root, "#listen-port").unchecked_into();
    assert_eq!(port.value(), "9090");
}

#[wasm_bindgen_test]
async fn the_diagram_follows_the_design() {
    let root = mount().await;
    let svg_text = |root: &Element| {
        find(root, ".diagram svg")
            .text_content()
            .unwrap_or_default()
    };
    assert!(svg_text(&root).contains("Pods ×2"), "{}", svg_text(&root));
    type_into(&root, "#replicas", "7").await;
    assert!(svg_text(&root).contains("Pods ×7"));
    type_into(&root, "#listen-port", "9191").await;
    assert!(
        svg_text(&root).contains("ClusterIP 80 → 9191"),
        "{}",
        svg_text(&root)
    );
}

#[wasm_bindgen_test]
async fn edits_are_autosaved_for_the_next_visit() {
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    settle().await;
    type_into(&root, "#service-name", "saved-service").await;
    let saved = gloo::storage::LocalStorage::raw()
        .get_item("gin-deploy-playground/design")
        .unwrap()
        .unwrap();
    assert!(saved.contains("\"name\":\"saved-service\""), "{saved}");
    // A second app in the same browser starts from the saved design.
    let second = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&second).unwrap();
    yew::Renderer::<App>::with_root(second.clone()).render();
    settle().await;
    let name: HtmlInputElement = find(&second, "#service-name").unchecked_into();
    assert_eq!(name.value(), "saved-service");
}

#[wasm_bindgen_test]
async fn the_simulator_traces_the_articles_rewrite() {
    let root = mount().await;
    let select: web_sys::HtmlSelectElement = find(&root, "#preset").unchecked_into();
    select.set_value("article-service");
    button(&root, "Load preset").click();
    settle().await;
    type_into(
        &root,
        "#sim-url",
        "https://app.example.com/service-a/api/v1/user/42",
    )
    .await;
    let trace = find(&root, ".trace").text_content().unwrap();
    assert!(trace.contains("/$2"), "{trace}");
    let status = find(&root, ".trace-status").text_content().unwrap();
    assert!(status.starts_with("401"), "{status}");
    type_into(&root, "#sim-url", "https://app.example.com/service-a/ping").await;
    let status = find(&root, ".trace-status").text_content().unwrap();
    assert!(
        status.starts_with("200") && status.contains("/ping"),
        "{status}"
    );
}

/// Adds a middleware from the palette to the global chain.
async fn add_to_global_chain(root: &Element, name: &str) {
    let wanted = format!("Add {name} to global chain");
    let buttons = root.query_selector_all(".palette-item button").unwrap();
    let button = (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .map(|n| n.unchecked_into::<HtmlElement>())
        .find(|b| b.text_content().as_deref() == Some(wanted.as_str()))
        .unwrap_or_else(|| panic!("no palette button {wanted:?}"));
    button.click();
    settle().await;
}

/// The first finding of the diagnostics panel that names `rule`.
fn finding_of(root: &Element, rule: &str) -> Element {
    let all = root.query_selector_all(".finding").unwrap();
    (0..all.length())
        .filter_map(|i| all.item(i))
        .map(|n| n.unchecked_into::<Element>())
        .find(|f| f.text_content().unwrap_or_default().contains(rule))
        .unwrap_or_else(|| panic!("no {rule} finding"))
}

#[wasm_bindgen_test]
async fn a_design_mistake_shows_in_the_diagnostics_panel_and_leads_to_its_field() {
    let root = mount().await;
    let panel = |root: &Element| find(root, "#diagnostics-heading").text_content().unwrap();
    // The default runtime base is on a tag: one note, which leads to the digest field.
    assert_eq!(panel(&root), "Diagnostics (1)");
    let note: HtmlElement = finding_of(&root, "GD1107")
        .query_selector("button.link")
        .unwrap()
        .expect("the note links to its field")
        .unchecked_into();
    note.click();
    settle().await;
    let active = gloo::utils::document().active_element().expect("focus");
    assert_eq!(active.id(), "container-runtime-digest");
    type_into(
        &root,
        "#container-runtime-digest",
        &format!("sha256:{}", "ab".repeat(32)),
    )
    .await;
    assert_eq!(panel(&root), "Diagnostics (0)");
    click_tab(&root, "Dockerfile").await;
    let dockerfile = panel_text(&root);
    assert!(
        dockerfile.contains(&format!("nonroot@sha256:{}", "ab".repeat(32))),
        "{dockerfile}"
    );
    // /api/v1/users/:id and /api/v1/users/:name: Gin panics at start-up (GR102), so
    // the route never enters the design; its field says why.
    type_into(&root, "#new-route-path", "/api/v1/users/:name").await;
    let form: HtmlFormElement = find(&root, "form.add-route").unchecked_into();
    form.request_submit().unwrap();
    settle().await;
    let refused = find(&root, "#new-route-path-error").text_content().unwrap();
    assert!(
        refused.contains("GET /api/v1/users/:id") && refused.contains("(GR102)"),
        "{refused}"
    );
    assert_eq!(panel(&root), "Diagnostics (0)");
    // A mistake a design can hold: JWT auth in front of the health routes (GR204).
    add_to_global_chain(&root, "JWT auth").await;
    assert_ne!(panel(&root), "Diagnostics (0)");
    let finding = finding_of(&root, "GR204");
    // The finding names a route field, which sits behind the route's closed "Edit"
    // disclosure: following it opens the disclosure and focuses the path input.
    let place: HtmlElement = finding
        .query_selector("button.link")
        .unwrap()
        .expect("the finding links to its field")
        .unchecked_into();
    assert!(place.text_content().unwrap().starts_with("design: groups["));
    place.click();
    settle().await;
    let active = gloo::utils::document()
        .active_element()
        .expect("something has focus");
    assert!(root.contains(Some(&active)), "focus left this app");
    assert!(active.id().ends_with("-path"), "focused #{}", active.id());
    let value = active.unchecked_into::<HtmlInputElement>().value();
    assert!(
        ["/ping", "/healthz"].contains(&value.as_str()),
        "focused path {value}"
    );
}

#[wasm_bindgen_test]
async fn pasted_text_gets_line_accurate_findings() {
    let root = mount().await;
    paste(
        &root,
        "FROM golang:1.25 AS build\nRUN go build -o /app .\nFROM alpine:latest\n",
    )
    .await;
    let findings = find(&root, ".paste .findings").text_content().unwrap();
    assert!(findings.contains("DL3007"), "{findings}");
    assert!(findings.contains(":3:6"), "{findings}");
    assert!(find(&root, ".paste .status")
        .text_content()
        .unwrap()
        .contains("checked as a Dockerfile"));
}

#[wasm_bindgen_test]
async fn rule_docs_are_browsable_and_findings_link_to_them() {
    let root = mount().await;
    type_into(&root, "#rule-filter", "DL3007").await;
    let rule = find(&root, "#rule-DL3007").text_content().unwrap();
    assert!(rule.contains("latest"), "{rule}");
    assert!(
        root.query_selector("#rule-DL3002").unwrap().is_none(),
        "the filter hides other rules"
    );
    // A finding's rule id links to its doc.
    add_to_global_chain(&root, "JWT auth").await;
    let link: HtmlElement = finding_of(&root, "GR204")
        .query_selector("a.rule")
        .unwrap()
        .expect("the finding links to its rule")
        .unchecked_into();
    assert_eq!(link.get_attribute("href").as_deref(), Some("#rule-GR204"));
    // The routing family's rules are not rendered until asked for; following the
    // link renders them.
    type_into(&root, "#rule-filter", "").await;
    assert!(root.query_selector("#rule-GR204").unwrap().is_none());
    link.click();
    settle().await;
    assert!(find(&root, "#rule-GR204")
        .text_content()
        .unwrap()
        .contains("GR204"));
}

#[wasm_bindgen_test]
async fn a_safe_fix_is_applied_to_pasted_text() {
    let root = mount().await;
    paste(
        &root,
        "FROM golang:1.25.4-alpine3.22\nMAINTAINER team@example.com\n",
    )
    .await;
    let apply: HtmlElement =
        find(&root, "button[aria-label='Apply fix for DL4000 on line 2']").unchecked_into();
    apply.click();
    yew::platform::time::sleep(Duration::from_millis(450)).await;
    settle().await;
    let area: web_sys::HtmlTextAreaElement = find(&root, "#paste-input").unchecked_into();
    assert!(!area.value().contains("MAINTAINER"), "{}", area.value());
    assert!(
        area.value()
            .contains("LABEL org.opencontainers.image.authors"),
        "{}",
        area.value()
    );
    let findings = find(&root, ".paste").text_content().unwrap();
    assert!(!findings.contains("DL4000"), "{findings}");
}

#[wasm_bindgen_test]
async fn the_page_reports_its_first_screen_and_then_the_whole_page() {
    let root = mount().await;
    let html = gloo::utils::document().document_element().unwrap();
    for marker in ["data-app-shown", "data-app-ready"] {
        assert_eq!(
            html.get_attribute(marker).as_deref(),
            Some("true"),
            "{marker}"
        );
    }
    // The parts that come after the first screen are there once the page is ready.
    for id in [
        "replicas",
        "image",
        "routes-heading",
        "rules-heading",
        "paste-input",
    ] {
        find(&root, &format!("[id='{id}']"));
    }
}

#[wasm_bindgen_test]
async fn a_pasted_deployment_is_reviewed_then_imported_into_the_design_and_undone() {
    let root = mount().await;
    paste(
        &root,
        "apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders
spec:
  replicas: 5
  selector:
    matchLabels:
      app: orders
  template:
    metadata:
      labels:
        app: orders
    spec:
      containers:
        - name: orders
          image: registry.example.com/orders:1.4.2
          ports:
            - containerPort: 9000
",
    )
    .await;
    button(&root, "Import into design").click();
    settle().await;
    // Nothing changes before the user agrees; the review says what would.
    let replicas = || {
        find(&root, "#replicas")
            .unchecked_into::<HtmlInputElement>()
            .value()
    };
    assert_eq!(replicas(), "2");
    let review = find(&root, ".import-review").text_content().unwrap();
    for needle in [
        "Cluster › Workload › Replicas: 2 → 5",
        "Service › Go service › Service name: hello-gin → orders",
        "Service › Go service › Listen port: 8080 → 9000",
    ] {
        assert!(review.contains(needle), "{needle} in {review}");
    }
    button(&root, "Apply to design").click();
    settle().await;
    assert_eq!(replicas(), "5");
    let name: HtmlInputElement = find(&root, "#service-name").unchecked_into();
    assert_eq!(name.value(), "orders");
    assert!(find(&root, ".import-status")
        .text_content()
        .unwrap()
        .starts_with("imported "));
    // One undo step takes the whole import back.
    button(&root, "Undo").click();
    settle().await;
    assert_eq!(replicas(), "2");
}

#[wasm_bindgen_test]
async fn every_safe_fix_of_a_paste_is_applied_at_once() {
    let root = mount().await;
    paste(
        &root,
        "FROM golang:1.25.4-alpine3.22\nMAINTAINER team@example.com\nADD main.go /app/\n",
    )
    .await;
    button(&root, "Apply fixes on 2 lines").click();
    yew::platform::time::sleep(Duration::from_millis(450)).await;
    settle().await;
    let area: web_sys::HtmlTextAreaElement = find(&root, "#paste-input").unchecked_into();
    assert_eq!(
        area.value(),
        "FROM golang:1.25.4-alpine3.22\nLABEL org.opencontainers.image.authors=\"team@example.com\"\nCOPY main.go /app/\n"
    );
    let findings = find(&root, ".paste").text_content().unwrap();
    assert!(
        !findings.contains("DL4000") && !findings.contains("DL3020"),
        "{findings}"
    );
}

#[wasm_bindgen_test]
async fn a_paste_with_hundreds_of_findings_lists_them_a_page_at_a_time() {
    let root = mount().await;
    let stream: Vec<String> = (0..20)
        .map(|i| {
            format!(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-{i}\nspec:\n  selector:\n    \
                 matchLabels:\n      app: web-{i}\n  template:\n    metadata:\n      labels:\n        app: web-{i}\n    \
                 spec:\n      containers:\n        - name: web\n          image: nginx:latest\n"
            )
        })
        .collect();
    paste(&root, &stream.join("---\n")).await;
    let status = find(&root, ".paste .status").text_content().unwrap();
    let total: usize = status
        .rsplit(": ")
        .next()
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a finding count in {status}"));
    assert!(total > 200, "{status}");
    let items = || {
        root.query_selector_all(".paste .findings li")
            .unwrap()
            .length()
    };
    // The list fills a step at a time, a task each.
    for _ in 0..20 {
        if items() == 200 {
            break;
        }
        settle().await;
    }
    assert_eq!(items(), 200);
    assert!(find(&root, ".paste .findings-summary")
        .text_content()
        .unwrap()
        .contains("×20"));
    button(&root, &format!("Show {} more", (total - 200).min(200))).click();
    // Rendering 200 more findings takes a while when other tests' apps in the same
    // page are busy too: wait for it rather than for a fixed time.
    for _ in 0..20 {
        if items() as usize == total.min(400) {
            break;
        }
        settle().await;
    }
    assert_eq!(items() as usize, total.min(400));
}

#[path = "../examples/support/hostile.rs"]
mod hostile;

/// Pastes `text` and waits, up to a minute, until the check is done: a debug wasm
/// build takes seconds on a stream of megabytes. Returns the status line.
async fn paste_and_wait(root: &Element, text: &str) -> String {
    paste(root, text).await;
    for _ in 0..240 {
        let status = find(root, ".paste .status").text_content().unwrap();
        if !status.contains("checking") {
            // The finding list renders after the status line.
            settle().await;
            return status;
        }
        yew::platform::time::sleep(Duration::from_millis(250)).await;
    }
    panic!("the paste is still being checked after a minute");
}

#[wasm_bindgen_test]
async fn hostile_pastes_get_their_own_message_and_the_page_keeps_working() {
    let root = mount().await;
    // 50 MB: refused by its size before anything parses it, as the command refuses it.
    let large = hostile::large_document();
    let status = paste_and_wait(&root, &large).await;
    assert_eq!(
        status.trim(),
        format!("the pasted text is {} bytes, more than the 8 MiB (8388608 bytes) one input may be: nothing in it was checked; keep an input under 8 MiB (8388608 bytes)", large.len())
    );
    drop(large);
    let panel = find(&root, ".paste").text_content().unwrap();
    assert!(panel.contains("Nothing was checked."), "{panel}");
    assert!(!panel.contains("Import into design"), "{panel}");
    let area: web_sys::HtmlTextAreaElement = find(&root, "#paste-input").unchecked_into();
    assert_eq!(area.value(), "", "the refused text left the box");

    // Aliases shared across 300 Deployments: one budget for the stream.
    let status = paste_and_wait(&root, &hostile::aliased_deployments()).await;
    assert!(status.contains("finding(s)"), "{status}");
    // Nine Deployments fit the budget and are checked; each later one is GY002 (the
    // list shows findings by line, so those come after the first page).
    let summary = find(&root, ".paste .findings-summary")
        .text_content()
        .unwrap();
    assert!(
        summary.contains(&format!("GY002 ×{}", hostile::DEPLOYMENTS - 9)),
        "{summary}"
    );

    // Wide, but no alias anywhere: not a bomb.
    for text in [hostile::wide_config_map(), hostile::wide_design()] {
        let status = paste_and_wait(&root, &text).await;
        assert!(status.contains("finding(s)"), "{status}");
        let findings = find(&root, ".paste").text_content().unwrap();
        assert!(
            !findings.contains("alias"),
            "{}",
            &findings[..findings.len().min(2000)]
        );
    }

    // And the page still answers a small paste.
    let status = paste_and_wait(&root, "FROM alpine:latest\n").await;
    assert!(status.contains("checked as a Dockerfile"), "{status}");
}

#[wasm_bindgen_test]
async fn a_pasted_ingress_converts_to_gateway_api_objects_with_what_is_lost() {
    let root = mount().await;
    paste(
        &root,
        "apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/use-regex: \"true\"
    nginx.ingress.kubernetes.io/rewrite-target: /$2
    nginx.ingress.kubernetes.io/auth-url: https://auth.example.com/check
spec:
  ingressClassName: nginx
  tls:
  - hosts: [shop.example.com]
    secretName: shop-tls
  rules:
  - host: shop.example.com
    http:
      paths:
      - path: /shop(/|$)(.*)
        pathType: ImplementationSpecific
        backend:
          service: {name: web, port: {number: 80}}
",
    )
    .await;
    // No conversion until asked; the panel says what it would do.
    assert!(root.query_selector(".convert-review").unwrap().is_none());
    button(&root, "Convert to Gateway API").click();
    settle().await;
    let review = find(&root, ".convert-review").text_content().unwrap();
    assert!(
        review.contains("1 Ingress rule(s) became HTTPRoutes"),
        "{review}"
    );
    assert!(review.contains("auth-url is not carried over"), "{review}");
    assert!(review.contains("letter case"), "{review}");
    let yaml = find(&root, ".convert-yaml").text_content().unwrap();
    for expected in [
        "kind: Gateway",
        "kind: HTTPRoute",
        "value: /shop",
        "replacePrefixMatch: /",
        "scheme: https",
    ] {
        assert!(yaml.contains(expected), "{expected} in {yaml}");
    }
    // New text voids the conversion.
    paste(
        &root,
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n",
    )
    .await;
    assert!(root.query_selector(".convert-review").unwrap().is_none());
    assert!(!root
        .text_content()
        .unwrap()
        .contains("Convert to Gateway API"));
}

/// Long strings from the page (a pasted text, a worker's reply) reach Rust whole,
/// through `TextEncoder`, as short ones do through wasm-bindgen's own copy.
#[wasm_bindgen_test]
fn strings_from_the_page_arrive_whole_whatever_their_length() {
    use gin_deploy::ui::rust_string;
    use wasm_bindgen::JsValue;
    let ascii = "kind: Deployment\n".repeat(2000);
    let mixed = format!("{}é→😀{}", "x".repeat(5000), "ü".repeat(3000));
    for text in ["", "short", "é😀", ascii.as_str(), mixed.as_str()] {
        assert_eq!(rust_string(&JsValue::from_str(text)).as_deref(), Some(text));
    }
    // A lone surrogate reads as U+FFFD, short or long.
    let lone = js_sys::JsString::from_char_code1(0xD800);
    let long_lone = js_sys::JsString::from(ascii.as_str()).concat(&lone);
    assert_eq!(rust_string(&lone.into()).as_deref(), Some("\u{FFFD}"));
    assert_eq!(
        rust_string(&long_lone.into()),
        Some(format!("{ascii}\u{FFFD}"))
    );
    assert_eq!(rust_string(&JsValue::from_f64(1.0)), None);
}
