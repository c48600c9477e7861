//! "Validate your own files": paste or drop a Dockerfile or Kubernetes YAML stream and
//! see line-accurate findings. Validation waits for a pause in typing, so a large
//! paste never blocks each keystroke.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::file::callbacks::{read_as_text, FileReader};
use gloo::file::File;
use gloo::timers::callback::Timeout;
use web_sys::{DragEvent, HtmlTextAreaElement};
use yew::prelude::*;

use super::diagnostics::FindingList;
use super::use_editor;
use crate::validate::bundle::{validate_input, InputKind};
use crate::validate::{apply_line_fix, Diagnostic};

/// The checked text and what was found in it.
#[derive(Clone, PartialEq, Default)]
struct Checked {
    kind: Option<InputKind>,
    diagnostics: Vec<Diagnostic>,
    busy: bool,
}

#[function_component]
pub fn PasteValidate() -> Html {
    let editor = use_editor();
    let text = use_state(String::new);
    let name = use_state(String::new);
    let checked = use_state(Checked::default);
    let focus_line = use_state(|| None::<u32>);
    let pending = use_mut_ref(|| None::<Timeout>);
    let reading: Rc<RefCell<Option<FileReader>>> = use_mut_ref(|| None);
    let version = editor.design.cluster.kubernetes_version.clone();

    let schedule = {
        let checked = checked.clone();
        let pending = pending.clone();
        Rc::new(move |file_name: String, body: String| {
            checked.set(Checked {
                busy: true,
                ..(*checked).clone()
            });
            let checked = checked.clone();
            let version = version.clone();
            *pending.borrow_mut() = Some(Timeout::new(300, move || {
                let (kind, diagnostics) = validate_input(&file_name, &body, &version);
                checked.set(Checked {
                    kind: Some(kind),
                    diagnostics,
                    busy: false,
                });
            }));
        })
    };
    let on_input = {
        let text = text.clone();
        let name = name.clone();
        let schedule = schedule.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            let value = area.value();
            text.set(value.clone());
            schedule((*name).clone(), value);
        })
    };
    let on_drop = {
        let text = text.clone();
        let name = name.clone();
        let schedule = schedule.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            let Some(file) = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|f| f.get(0))
            else {
                return;
            };
            let file = File::from(file);
            let file_name = file.name();
            let text = text.clone();
            let name = name.clone();
            let schedule = schedule.clone();
            let slot = reading.clone();
            let reader = read_as_text(&file, move |result| {
                if let Ok(body) = result {
                    name.set(file_name.clone());
                    text.set(body.clone());
                    schedule(file_name.clone(), body);
                }
                slot.borrow_mut().take();
            });
            *reading.borrow_mut() = Some(reader);
        })
    };
    let on_drag_over = Callback::from(|e: DragEvent| e.prevent_default());
    let on_open = {
        let focus_line = focus_line.clone();
        Callback::from(move |(_, line): (String, u32)| focus_line.set(Some(line)))
    };
    let on_apply = {
        let text = text.clone();
        let name = name.clone();
        let schedule = schedule.clone();
        Callback::from(move |(line, replacement): (u32, String)| {
            let fixed = apply_line_fix(&text, line, &replacement);
            text.set(fixed.clone());
            schedule((*name).clone(), fixed);
        })
    };
    let kind = match checked.kind {
        Some(InputKind::Dockerfile) => "checked as a Dockerfile",
        Some(InputKind::Kubernetes) => "checked as a Kubernetes YAML stream",
        None => "",
    };

    html! {
        <div class="paste" ondrop={on_drop} ondragover={on_drag_over}>
            <label for="paste-input">{ "Paste a Dockerfile or Kubernetes YAML (or drop a file here)" }</label>
            <textarea id="paste-input" rows="10" spellcheck="false" value={(*text).clone()} oninput={on_input}
                placeholder={"FROM golang:1.25-alpine AS build\n…"} />
            <p class="status" role="status">
                if checked.busy {
                    <progress aria-label="Checking the pasted text" />
                }
                { if checked.busy { format!(" checking {} line(s)…", text.lines().count()) } else if text.is_empty() { String::new() } else {
                    format!("{}{kind}: {} finding(s)", if name.is_empty() { String::new() } else { format!("{} ", *name) }, checked.diagnostics.len())
                } }
            </p>
            <FindingList diagnostics={checked.diagnostics.clone()} on_open={on_open} on_apply={Some(on_apply)}
                empty={if text.is_empty() { "Nothing checked yet." } else { "No findings." }} />
            if let Some(line) = *focus_line {
                <pre class="code paste-view" aria-label="Pasted text around the finding"
                    style={format!("counter-reset: line {}", line.saturating_sub(4))}><code>
                    { for text.lines().enumerate()
                        .filter(|(i, _)| (*i as u32 + 1).abs_diff(line) <= 3)
                        .map(|(i, l)| html! {
                            <span class={classes!("line", (i as u32 + 1 == line).then_some("target"))}>
                                { l }{ "\n" }
                            </span>
                        }) }
                </code></pre>
            }
        </div>
    }
}
