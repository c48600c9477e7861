//! "Validate your own files": paste or drop a Dockerfile or Kubernetes YAML stream and
//! see line-accurate findings. Validation waits for a pause in typing, so a large
//! paste never blocks each keystroke. "Import into design" shows what the file would
//! change in the design ([`crate::import`]) and applies it as one undoable step.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::file::callbacks::{read_as_text, FileReader};
use gloo::file::File;
use gloo::timers::callback::Timeout;
use web_sys::{DragEvent, HtmlTextAreaElement};
use yew::prelude::*;

use super::diagnostics::FindingList;
use super::use_editor;
use crate::budget::{Budget, Size};
use crate::editor::Action;
use crate::import::{import, Import};
use crate::validate::bundle::{validate_input, InputKind};
use crate::validate::{apply_line_fix, apply_line_fixes, line_fixes, Diagnostic};

/// The checked text and what was found in it.
#[derive(Clone, PartialEq, Default)]
struct Checked {
    kind: Option<InputKind>,
    diagnostics: Vec<Diagnostic>,
    busy: bool,
    /// Why the text was not checked at all: it is over the byte budget.
    refused: Option<String>,
}

/// Whether an input of `size` bytes may be checked: the paste box takes what the
/// command line takes ([`Budget::STREAM`]), with the same message. `file_name` is
/// empty for typed or pasted text.
fn admit(file_name: &str, size: u64) -> Result<(), String> {
    let what = if file_name.is_empty() {
        "the pasted text"
    } else {
        file_name
    };
    Budget::STREAM
        .admit(what, Size::Exactly(size))
        .map_err(|e| e.to_string())
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
    // What "Import into design" would do with the text, while the user reviews it.
    let proposal = use_state(|| None::<Rc<Import>>);
    let imported = use_state(|| None::<String>);
    let version = editor.design.cluster.kubernetes_version.clone();

    // Shows why the text is not checked, in place of findings.
    let refuse = {
        let checked = checked.clone();
        let pending = pending.clone();
        let proposal = proposal.clone();
        let imported = imported.clone();
        Rc::new(move |refused: String| {
            pending.borrow_mut().take();
            proposal.set(None);
            imported.set(None);
            checked.set(Checked {
                refused: Some(refused),
                ..Checked::default()
            });
        })
    };
    let schedule = {
        let refuse = refuse.clone();
        let checked = checked.clone();
        let pending = pending.clone();
        let proposal = proposal.clone();
        let imported = imported.clone();
        Rc::new(move |file_name: String, body: String| {
            // Text over the budget is refused where it enters, before any parsing.
            if let Err(refused) = admit(&file_name, body.len() as u64) {
                refuse(refused);
                return;
            }
            // A proposal describes the text it was made from; new text voids it.
            proposal.set(None);
            imported.set(None);
            checked.set(Checked {
                busy: true,
                refused: None,
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
                    refused: None,
                });
            }));
        })
    };
    let on_input = {
        let refuse = refuse.clone();
        let text = text.clone();
        let name = name.clone();
        let schedule = schedule.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            let value = area.value();
            // Text over the budget leaves the box before the browser lays it out
            // (tens of seconds for 50 MB) or the page keeps a copy of it.
            if let Err(refused) = admit(&name, value.len() as u64) {
                area.set_value("");
                text.set(String::new());
                refuse(refused);
                return;
            }
            text.set(value.clone());
            schedule((*name).clone(), value);
        })
    };
    let on_drop = {
        let refuse = refuse.clone();
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
            // A file over the budget is refused by its size, before it is read.
            if let Err(refused) = admit(&file_name, file.size()) {
                name.set(file_name);
                text.set(String::new());
                refuse(refused);
                return;
            }
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
    // Lines with a safe fix (one fix per line is applied at a time).
    let fixable = line_fixes(&name, &checked.diagnostics).len();
    let on_apply_all = {
        let (text, name, checked, schedule) = (
            text.clone(),
            name.clone(),
            checked.clone(),
            schedule.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let (fixed, _) = apply_line_fixes(&text, &name, &checked.diagnostics);
            text.set(fixed.clone());
            schedule((*name).clone(), fixed);
        })
    };
    let on_propose = {
        let (editor, text, name, proposal) =
            (editor.clone(), text.clone(), name.clone(), proposal.clone());
        Callback::from(move |_: MouseEvent| {
            proposal.set(Some(Rc::new(import(&editor.design, &name, &text))));
        })
    };
    let on_import = {
        let (editor, proposal, imported) = (editor.clone(), proposal.clone(), imported.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(p) = &*proposal {
                editor.dispatch(Action::Load(Box::new(p.design.clone())));
                imported.set(Some(format!(
                    "imported {} change(s) into the design; Undo takes them back",
                    p.changes.len()
                )));
            }
            proposal.set(None);
        })
    };
    let on_cancel = {
        let proposal = proposal.clone();
        Callback::from(move |_: MouseEvent| proposal.set(None))
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
                { if checked.busy { format!(" checking {} line(s)…", text.lines().count()) } else if let Some(refused) = &checked.refused { refused.clone() } else if text.is_empty() { String::new() } else {
                    format!("{}{kind}: {} finding(s)", if name.is_empty() { String::new() } else { format!("{} ", *name) }, checked.diagnostics.len())
                } }
            </p>
            if !text.is_empty() && !checked.busy && checked.refused.is_none() {
                { import_view(proposal.as_deref(), on_propose, on_import, on_cancel) }
            }
            if let Some(message) = &*imported {
                <p class="import-status" role="status">{ message }</p>
            }
            if fixable > 1 && !checked.busy {
                <p><button type="button" onclick={on_apply_all}>{ format!("Apply fixes on {fixable} lines") }</button></p>
            }
            <FindingList diagnostics={checked.diagnostics.clone()} on_open={on_open} on_apply={Some(on_apply)}
                empty={if checked.refused.is_some() { "Nothing was checked." } else if text.is_empty() { "Nothing checked yet." } else { "No findings." }} />
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

/// A value in the review: an empty one says so rather than showing nothing.
fn shown(value: &str) -> &str {
    if value.is_empty() {
        "(empty)"
    } else {
        value
    }
}

/// The "Import into design" button, or the review of its proposal: each field that
/// would change by the page's label for it (its design-file path on hover), from and
/// to, and what the file holds that the design cannot take.
fn import_view(
    proposal: Option<&Import>,
    on_propose: Callback<MouseEvent>,
    on_import: Callback<MouseEvent>,
    on_cancel: Callback<MouseEvent>,
) -> Html {
    let Some(proposal) = proposal else {
        return html! {
            <p class="import">
                <button type="button" onclick={on_propose}>{ "Import into design" }</button>
                <span class="field-help">{ " Shows what this file would change in the design before anything changes." }</span>
            </p>
        };
    };
    let count = proposal.changes.len();
    html! {
        <section class="import-review" aria-labelledby="import-heading">
            <h3 id="import-heading">{ "Import into design" }</h3>
            if count == 0 {
                <p>{ "Nothing in this file changes the design." }</p>
            } else {
                <p>{ format!("{count} field(s) would change:") }</p>
                <ul class="import-changes">
                    { for proposal.changes.iter().map(|c| html! {
                        <li><span class="import-field" title={c.field.clone()}>{ &c.label }</span>{ ": " }
                            <del>{ shown(&c.from) }</del>{ " → " }<ins>{ shown(&c.to) }</ins></li>
                    }) }
                </ul>
            }
            if !proposal.skipped.is_empty() {
                <p>{ "Not imported:" }</p>
                <ul class="import-skipped">
                    { for proposal.skipped.iter().map(|s| html! { <li>{ s }</li> }) }
                </ul>
            }
            <p class="import-buttons">
                <button type="button" class="primary" onclick={on_import} disabled={count == 0}>{ "Apply to design" }</button>
                <button type="button" onclick={on_cancel}>{ "Cancel" }</button>
            </p>
        </section>
    }
}
