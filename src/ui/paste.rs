//! "Validate your own files": paste or drop a Dockerfile or Kubernetes YAML stream and
//! see line-accurate findings. Validation waits for a pause in typing, so a large
//! paste never blocks each keystroke. "Import into design" shows what the file would
//! change in the design ([`crate::import`]) and applies it as one undoable step.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo::file::callbacks::{read_as_text, FileReader};
use gloo::file::File;
use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, HtmlTextAreaElement};
use yew::prelude::*;

use super::diagnostics::{FindingList, Same};
use super::{use_editor, work};
use crate::budget::{Budget, Size};
use crate::editor::Action;
use crate::import::Import;
use crate::validate::bundle::InputKind;
use crate::validate::{line_fixes, Diagnostic};
use crate::work::{Reply, Request};

/// The checked text and what was found in it so far.
#[derive(Clone, PartialEq, Default)]
struct Checked {
    kind: Option<InputKind>,
    diagnostics: Rc<Vec<Diagnostic>>,
    /// The worker is still checking (or fixing) the text.
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

/// A text of more lines than this is not put in the box: a browser takes a third of
/// a second and more to lay out 35,000 lines in a text area, freezing the page, and
/// nobody edits that many lines there. The box then shows its first
/// [`SHOWN_LINES`], read-only, and says so; checks, fixes and the import use all of it.
const EDIT_LINES: usize = 2_000;
const SHOWN_LINES: usize = 200;

/// How many lines `text` has, as `str::lines` counts them, by counting newline bytes
/// eight at a time: `lines().count()` took 10 ms on a 614 KB paste, and a byte at a
/// time 6 ms, on every render that showed the count.
fn line_count(text: &str) -> usize {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const NEWLINES: u64 = 0x0a0a_0a0a_0a0a_0a0a;
    let bytes = text.as_bytes();
    let mut words = bytes.chunks_exact(8);
    let mut newlines = 0;
    for word in words.by_ref() {
        let mut eight = [0; 8];
        eight.copy_from_slice(word);
        // A byte of `x` is zero where the text has '\n'; adding 0x7f within each
        // byte's low seven bits carries into its high bit unless all are zero, so
        // exactly the zero bytes are left with their high bit clear.
        let x = u64::from_ne_bytes(eight) ^ NEWLINES;
        let nonzero = ((x & LOW7) + LOW7) | x | LOW7;
        newlines += (!nonzero).count_ones() as usize;
    }
    newlines += words.remainder().iter().filter(|&&b| b == b'\n').count();
    newlines + usize::from(!text.is_empty() && !text.ends_with('\n'))
}

/// The first [`SHOWN_LINES`] of a text of more than [`EDIT_LINES`] lines; `None` when
/// the whole text fits in the box.
fn opening_lines(text: &str) -> Option<&str> {
    let mut ends = text.match_indices('\n').map(|(at, _)| at);
    let shown = ends.nth(SHOWN_LINES - 1)?;
    ends.nth(EDIT_LINES - SHOWN_LINES - 1)?;
    Some(&text[..=shown])
}

/// What the box would hold after `paste` (a `paste` event): its text with the
/// selection replaced by the clipboard's plain text, line breaks as a text area's
/// value has them. `None` when the event carries no text. The strings are joined in
/// JavaScript (the selection is counted in UTF-16 units) and cross into the module
/// once.
fn text_after_paste(paste: &Event, area: &HtmlTextAreaElement) -> Option<String> {
    let data = js_sys::Reflect::get(paste, &"clipboardData".into()).ok()?;
    let get_data: js_sys::Function = js_sys::Reflect::get(&data, &"getData".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let pasted: js_sys::JsString = get_data
        .call1(&data, &"text/plain".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let before: js_sys::JsString = js_sys::Reflect::get(area, &"value".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let length = before.length();
    let start = area
        .selection_start()
        .ok()
        .flatten()
        .unwrap_or(length)
        .min(length);
    let end = area
        .selection_end()
        .ok()
        .flatten()
        .unwrap_or(length)
        .clamp(start, length);
    let joined = before
        .slice(0, start)
        .concat(&pasted)
        .concat(&before.slice(end, length));
    let text = work::rust_string(&joined)?;
    Some(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    })
}

/// How long typing pauses before the text is checked. A paste or a drop is checked
/// at once.
const TYPING_PAUSE_MS: u32 = 300;

#[function_component]
pub fn PasteValidate() -> Html {
    let editor = use_editor();
    let text = use_state(String::new);
    let name = use_state(String::new);
    let checked = use_state(Checked::default);
    let focus_line = use_state(|| None::<u32>);
    let pending = use_mut_ref(|| None::<Timeout>);
    // The worker requests in flight: the check whose findings are shown, and an
    // import proposal. Newer text cancels both.
    let running = use_memo((), |_| Cell::new(None::<u32>));
    let importing = use_memo((), |_| Cell::new(None::<u32>));
    let reading: Rc<RefCell<Option<FileReader>>> = use_mut_ref(|| None);
    // What "Import into design" would do with the text, while the user reviews it.
    let proposal = use_state(|| None::<Rc<Import>>);
    let imported = use_state(|| None::<String>);
    // What "Convert to Gateway API" made of the pasted Ingress objects.
    let converted = use_state(|| None::<Rc<Converted>>);
    let version = editor.design.cluster.kubernetes_version.clone();

    // Sends a request whose replies are findings (a check, or a fix and its check),
    // showing them as they stream in; a fix's text replaces the pasted text.
    let ask = {
        let (checked, running, text) = (checked.clone(), running.clone(), text.clone());
        Rc::new(move |request: Request| {
            if let Some(old) = running.take() {
                work::cancel(old);
            }
            checked.set(Checked {
                busy: true,
                ..(*checked).clone()
            });
            let found = Rc::new(RefCell::new(Vec::new()));
            let seen_kind = Rc::new(Cell::new(None));
            let shown = Rc::new(Cell::new(false));
            let (checked, text) = (checked.clone(), text.clone());
            let id = work::request(request, move |reply| match reply {
                Reply::Fixed { text: fixed, .. } => text.set(fixed),
                // The first documents' findings, shown until the whole stream's come.
                Reply::Opening { kind, findings } => checked.set(Checked {
                    kind,
                    diagnostics: Rc::new(findings),
                    busy: true,
                    refused: None,
                }),
                // The first slice is shown at once; the rest with the last, since
                // showing a growing list copies it (tens of thousands of findings).
                Reply::Findings { kind, findings } => {
                    seen_kind.set(kind);
                    if !shown.replace(true) {
                        checked.set(Checked {
                            kind,
                            diagnostics: Rc::new(findings.clone()),
                            busy: true,
                            refused: None,
                        });
                    }
                    found.borrow_mut().extend(findings);
                }
                Reply::Done { .. } => checked.set(Checked {
                    kind: seen_kind.get(),
                    diagnostics: Rc::new(found.take()),
                    busy: false,
                    refused: None,
                }),
                _ => {}
            });
            running.set(Some(id));
        })
    };

    // Shows why the text is not checked, in place of findings.
    let refuse = {
        let checked = checked.clone();
        let pending = pending.clone();
        let proposal = proposal.clone();
        let imported = imported.clone();
        let converted = converted.clone();
        let (running, importing) = (running.clone(), importing.clone());
        Rc::new(move |refused: String| {
            pending.borrow_mut().take();
            // A check or import of older text must not land over the refusal.
            for id in [running.take(), importing.take()].into_iter().flatten() {
                work::cancel(id);
            }
            proposal.set(None);
            imported.set(None);
            converted.set(None);
            checked.set(Checked {
                refused: Some(refused),
                ..Checked::default()
            });
        })
    };
    let schedule = {
        let (checked, pending, proposal, imported, ask, importing) = (
            checked.clone(),
            pending.clone(),
            proposal.clone(),
            imported.clone(),
            ask.clone(),
            importing.clone(),
        );
        let converted = converted.clone();
        let refuse = refuse.clone();
        let running = running.clone();
        Rc::new(move |file_name: String, body: String, pause: u32| {
            // Text over the budget is refused where it enters, before any parsing.
            if let Err(refused) = admit(&file_name, body.len() as u64) {
                refuse(refused);
                return;
            }
            // A proposal or a check describes the text it was made from; new text
            // voids both at once, not when its own check starts: findings of the
            // older text must never land while the newer is on screen.
            for old in [importing.take(), running.take()].into_iter().flatten() {
                work::cancel(old);
            }
            proposal.set(None);
            imported.set(None);
            converted.set(None);
            checked.set(Checked {
                busy: true,
                refused: None,
                ..(*checked).clone()
            });
            let request = Request::Validate {
                name: file_name,
                text: body,
                kubernetes: version.clone(),
            };
            // A paste (no pause) is sent on the next turn: the input event's own task
            // already holds the browser's insertion of the text and taking it out of
            // the box, and the request's JSON of a 614 KB paste takes 6 ms more.
            let ask = ask.clone();
            *pending.borrow_mut() = Some(Timeout::new(pause, move || ask(request)));
        })
    };
    // The box's new text: refused over the budget, cut to its first lines when too
    // long for the box, and checked after `pause` ms.
    let take = {
        let refuse = refuse.clone();
        let text = text.clone();
        let name = name.clone();
        let schedule = schedule.clone();
        Rc::new(
            move |area: &HtmlTextAreaElement, value: String, pause: u32| {
                // Text over the budget leaves the box before the browser lays it out
                // (tens of seconds for 50 MB) or the page keeps a copy of it.
                if let Err(refused) = admit(&name, value.len() as u64) {
                    area.set_value("");
                    text.set(String::new());
                    refuse(refused);
                    return;
                }
                // A text too long for the box leaves it before the browser lays it out.
                if let Some(opening) = opening_lines(&value) {
                    area.set_value(opening);
                }
                text.set(value.clone());
                schedule((*name).clone(), value, pause);
            },
        )
    };
    // A paste that would make the text too long for the box (or over the budget) is
    // taken from the clipboard and never inserted: the browser's insertion of a
    // 614 KB paste and taking it out again cost 23-42 ms of the paste's task here.
    // A shorter paste is the browser's to insert, with its caret and undo.
    let on_paste = {
        let take = take.clone();
        Callback::from(move |e: Event| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            if area.read_only() {
                return;
            }
            let Some(value) = text_after_paste(&e, &area) else {
                return;
            };
            if opening_lines(&value).is_none() && admit("", value.len() as u64).is_ok() {
                return;
            }
            e.prevent_default();
            take(&area, value, 0);
        })
    };
    let on_input = {
        let take = take.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            let value = js_sys::Reflect::get(&area, &"value".into())
                .ok()
                .and_then(|value| work::rust_string(&value))
                .unwrap_or_default();
            // Pasted or dropped text is whole: only typing waits for a pause.
            // (Read as a property: an `input` event that is not an InputEvent has none.)
            let how = js_sys::Reflect::get(&e, &"inputType".into())
                .ok()
                .and_then(|t| t.as_string())
                .unwrap_or_default();
            let pause = match how.as_str() {
                "insertFromPaste" | "insertFromDrop" | "insertFromPasteAsQuotation" => 0,
                _ => TYPING_PAUSE_MS,
            };
            take(&area, value, pause);
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
                    schedule(file_name.clone(), body, 0);
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
    // Fixes are made by the worker, which sends the fixed text and then its findings.
    let fix = {
        let (text, name, proposal, ask) =
            (text.clone(), name.clone(), proposal.clone(), ask.clone());
        let version = editor.design.cluster.kubernetes_version.clone();
        Rc::new(move |line: Option<u32>| {
            proposal.set(None);
            ask(Request::Fix {
                name: (*name).clone(),
                text: (*text).clone(),
                kubernetes: version.clone(),
                line,
            });
        })
    };
    let on_apply = {
        let fix = fix.clone();
        Callback::from(move |(line, _): (u32, String)| fix(Some(line)))
    };
    // Lines with a safe fix (one fix per line is applied at a time), counted once
    // per list of findings, not on every render.
    let fixable = *use_memo(
        (Same(checked.diagnostics.clone()), (*name).clone()),
        |(Same(found), name)| line_fixes(name, found).len(),
    );
    let on_apply_all = Callback::from(move |_: MouseEvent| fix(None));
    let on_propose = {
        let (editor, text, name, proposal, importing) = (
            editor.clone(),
            text.clone(),
            name.clone(),
            proposal.clone(),
            importing.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let proposal = proposal.clone();
            let id = work::request(
                Request::Import {
                    base: Box::new(editor.design.clone()),
                    name: (*name).clone(),
                    text: (*text).clone(),
                },
                move |reply| {
                    if let Reply::Imported { import } = reply {
                        proposal.set(Some(Rc::new(*import)));
                    }
                },
            );
            if let Some(old) = importing.replace(Some(id)) {
                work::cancel(old);
            }
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
    let on_convert = {
        let (text, converted, importing) = (text.clone(), converted.clone(), importing.clone());
        Callback::from(move |_: MouseEvent| {
            let converted = converted.clone();
            let id = work::request(
                Request::Migrate {
                    text: (*text).clone(),
                },
                move |reply| {
                    if let Reply::Migrated {
                        yaml,
                        routes,
                        notes,
                    } = reply
                    {
                        converted.set(Some(Rc::new(Converted {
                            yaml,
                            routes,
                            notes,
                        })));
                    }
                },
            );
            if let Some(old) = importing.replace(Some(id)) {
                work::cancel(old);
            }
        })
    };
    // An Ingress among the pasted objects: the conversion is offered. Looked for
    // once per check (it is offered only when one is over), not on every render.
    let has_ingress = *use_memo(
        (Same(checked.diagnostics.clone()), checked.kind, text.len()),
        {
            let text = text.clone();
            move |(_, kind, _)| {
                // The substring search first: it skips a long text without one fast.
                *kind == Some(InputKind::Kubernetes)
                    && text.contains("kind: Ingress")
                    && text
                        .lines()
                        .any(|l| l.trim_start().trim_start_matches("- ") == "kind: Ingress")
            }
        },
    );
    let kind = match checked.kind {
        Some(InputKind::Dockerfile) => "checked as a Dockerfile",
        Some(InputKind::Kubernetes) => "checked as a Kubernetes YAML stream",
        None => "",
    };

    let long = opening_lines(&text);
    // Counted once, and only for a render that shows it (a long text, or a check).
    let lines = (long.is_some() || checked.busy).then(|| line_count(&text));
    // Back to an empty box, as if the text had been deleted and never checked.
    let on_clear = {
        let (text, name, refuse, checked) =
            (text.clone(), name.clone(), refuse.clone(), checked.clone());
        Callback::from(move |_: MouseEvent| {
            refuse(String::new());
            checked.set(Checked::default());
            text.set(String::new());
            name.set(String::new());
        })
    };
    html! {
        <div class="paste" ondrop={on_drop} ondragover={on_drag_over}>
            <label for="paste-input">{ "Paste a Dockerfile or Kubernetes YAML (or drop a file here)" }</label>
            if long.is_some() {
                <p class="paste-long" id="paste-long">
                    { format!("{} lines ({} KB): the box shows the first {SHOWN_LINES}, read-only, since the page would freeze laying out all of them. Findings, fixes and the import use every line. ",
                        lines.unwrap_or_default(), text.len().div_ceil(1024)) }
                    <button type="button" onclick={on_clear}>{ "Clear to paste or type again" }</button>
                </p>
            }
            <textarea id="paste-input" rows="10" spellcheck="false" wrap="off" value={long.unwrap_or(&text).to_owned()} oninput={on_input} onpaste={on_paste}
                readonly={long.is_some()} aria-describedby={long.is_some().then_some("paste-long")}
                placeholder={"FROM golang:1.25-alpine AS build\n…"} />
            <p class="status" role="status">
                if checked.busy {
                    <progress aria-label="Checking the pasted text" />
                }
                { if checked.busy { format!(" checking {} line(s)…", lines.unwrap_or_default()) } else if let Some(refused) = &checked.refused { refused.clone() } else if text.is_empty() { String::new() } else {
                    format!("{}{kind}: {} finding(s)", if name.is_empty() { String::new() } else { format!("{} ", *name) }, checked.diagnostics.len())
                } }
            </p>
            if !text.is_empty() && !checked.busy && checked.refused.is_none() {
                { import_view(proposal.as_deref(), on_propose, on_import, on_cancel) }
            }
            if let Some(message) = &*imported {
                <p class="import-status" role="status">{ message }</p>
            }
            if has_ingress && !checked.busy && checked.refused.is_none() {
                { convert_view(converted.as_deref(), on_convert) }
            }
            if fixable > 1 && !checked.busy {
                <p><button type="button" onclick={on_apply_all}>{ format!("Apply fixes on {fixable} lines") }</button></p>
            }
            <FindingList diagnostics={checked.diagnostics.clone()} on_open={on_open} on_apply={Some(on_apply)}
                empty={if checked.refused.is_some() { "Nothing was checked." } else if text.is_empty() { "Nothing checked yet." } else { "No findings." }} />
            if let Some(line) = *focus_line {
                // Each line carries its number (no style attribute: the page's
                // Content-Security-Policy refuses inline styles).
                <pre class="code paste-view" aria-label="Pasted text around the finding"><code>
                    { for text.lines().enumerate()
                        .filter(|(i, _)| (*i as u32 + 1).abs_diff(line) <= 3)
                        .map(|(i, l)| html! {
                            <span class={classes!("line", (i as u32 + 1 == line).then_some("target"))}
                                data-line={(i + 1).to_string()}>
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

/// What "Convert to Gateway API" made of the pasted text.
#[derive(Clone, Debug, PartialEq)]
struct Converted {
    yaml: String,
    routes: usize,
    notes: Vec<crate::migrate::Note>,
}

/// The "Convert to Gateway API" button, or the converted objects with what could not
/// be carried over (first) and where they behave differently, to copy or download.
fn convert_view(converted: Option<&Converted>, on_convert: Callback<MouseEvent>) -> Html {
    let Some(converted) = converted else {
        return html! {
            <p class="convert">
                <button type="button" onclick={on_convert}>{ "Convert to Gateway API" }</button>
                <span class="field-help">{ " ingress-nginx was retired in March 2026: shows the Gateway and HTTPRoutes this Ingress becomes, and what does not carry over." }</span>
            </p>
        };
    };
    let yaml = converted.yaml.clone();
    let on_copy = {
        let yaml = yaml.clone();
        Callback::from(move |_: MouseEvent| super::session::copy(&yaml))
    };
    let on_download = {
        let yaml = yaml.clone();
        Callback::from(move |_: MouseEvent| {
            if let Err(message) =
                super::download::save("gateway-api.yaml", "application/yaml", yaml.as_bytes())
            {
                web_sys::console::error_1(&message.into());
            }
        })
    };
    let (lost, other): (Vec<_>, Vec<_>) = converted.notes.iter().partition(|n| n.lost);
    html! {
        <section class="convert-review" aria-labelledby="convert-heading">
            <h3 id="convert-heading">{ "Convert to Gateway API" }</h3>
            <p role="status">{ if converted.routes == 0 {
                "Nothing could be converted.".to_owned()
            } else {
                format!("{} Ingress rule(s) became HTTPRoutes; {} thing(s) did not carry over.", converted.routes, lost.len())
            } }</p>
            if !lost.is_empty() {
                <p>{ "Not carried over:" }</p>
                <ul class="convert-lost">
                    { for lost.iter().map(|n| html! { <li><span class="import-field">{ &n.source }</span>{ ": " }{ &n.message }</li> }) }
                </ul>
            }
            if !other.is_empty() {
                <p>{ "Behaves differently, or needs your choice:" }</p>
                <ul class="convert-notes">
                    { for other.iter().map(|n| html! { <li><span class="import-field">{ &n.source }</span>{ ": " }{ &n.message }</li> }) }
                </ul>
            }
            if !yaml.is_empty() {
                <p class="import-buttons">
                    <button type="button" onclick={on_copy}>{ "Copy YAML" }</button>
                    <button type="button" onclick={on_download}>{ "Download gateway-api.yaml" }</button>
                </p>
                <pre class="code convert-yaml" aria-label="The Gateway API objects"><code>{ yaml }</code></pre>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::line_count;

    #[test]
    fn line_count_counts_as_lines_does() {
        let long = "line\n".repeat(1000) + "é\n\n\r\n\u{80a}\u{a0a}x";
        for text in [
            long.as_str(),
            "0123456\n01234567\n\n\n\n\n\n\n\n",
            "\x0b\x0a\u{8a}\x0a\x09\u{10a0a}",
            "",
            "\n",
            "a",
            "a\n",
            "a\nb",
            "a\nb\n",
            "\n\n",
            "a\r\nb\r\n",
            "a\r\n\r\nb",
            "\r",
            "é\nü",
        ] {
            assert_eq!(line_count(text), text.lines().count(), "{text:?}");
        }
        // Texts of every length up to 40 over an alphabet near '\n', from a fixed LCG.
        let mut seed = 7_u64;
        for len in 0..40 {
            for _ in 0..50 {
                let text: String = (0..len)
                    .map(|_| {
                        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                        ['\n', '\r', '\x0b', '\x09', 'a', '\u{8a}', '\u{a0a}']
                            [(seed >> 33) as usize % 7]
                    })
                    .collect();
                assert_eq!(line_count(&text), text.lines().count(), "{text:?}");
            }
        }
    }
}
