//! Starting points and the design file: load a preset, export the design, import one.
//!
//! An imported file replaces the design only when it parses and passes every check;
//! otherwise the problems are listed and the current design stays as it is.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::file::callbacks::{read_as_text, FileReader};
use gloo::file::File;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::fields::use_select_value;
use super::not_applied::confirm_download;
use super::project_import::ProjectImport;
use super::{download, session, use_editor, work};
use crate::budget::{Budget, Size};
use crate::design_file::write_design;
use crate::editor::Action;
use crate::model::Design;
use crate::presets::{find, PRESETS};
use crate::work::{Reply, Request};

/// What the last load, import or export did, for the status line.
#[derive(Clone, PartialEq)]
enum Status {
    Idle,
    Done(String),
    Failed(String),
}

/// The value of the menu's "Custom" entry.
const CUSTOM: &str = "custom";

/// Whether replacing the design with another would lose changes the user made:
/// the design is neither the one last loaded nor the page's own start.
fn has_changes(design: &Design, loaded: Option<&Design>) -> bool {
    design != &Design::default() && Some(design) != loaded
}

#[function_component]
pub fn DesignMenu() -> Html {
    let editor = use_editor();
    // The preset picked in the menu, until it is loaded.
    let picked = use_state(|| None::<String>);
    // The preset last loaded and its design: the menu says "Custom" once the design
    // is no longer that.
    let loaded = use_state(|| None::<(&'static str, Design)>);
    let status = use_state(|| Status::Idle);
    let custom = loaded
        .as_ref()
        .is_none_or(|(_, design)| *design != editor.design);
    let shown = match (&*picked, &*loaded) {
        (Some(id), _) => id.clone(),
        (None, Some((id, _))) if !custom => (*id).to_owned(),
        // The page's own start is no preset, and no change of the user's either.
        _ if editor.design == Design::default() => String::new(),
        _ => CUSTOM.to_owned(),
    };
    // "Load preset" loads what the menu shows, read when it is pressed; the browser
    // keeps a pick on screen across renders, so the menu is set by hand.
    let menu = use_select_value(shown.clone());
    {
        // A pick not loaded is forgotten once the design changes: the menu then says
        // what the design is.
        let picked = picked.clone();
        use_effect_with(editor.design.clone(), move |_| picked.set(None));
    }
    let replace_asks = {
        let (editor, loaded) = (editor.clone(), loaded.clone());
        move |what: &str| {
            !has_changes(&editor.design, loaded.as_ref().map(|(_, d)| d))
                || session::confirm(&format!(
                    "Replace your design with {what}? Undo brings yours back."
                ))
        }
    };
    let on_replace_asks = {
        let replace_asks = replace_asks.clone();
        Callback::from(move |what: String| replace_asks(&what))
    };
    // The browser reads an imported file asynchronously; the reader must outlive the
    // change handler, so it is kept here until it reports.
    let reading = use_mut_ref(|| None::<FileReader>);

    let on_preset_change = {
        let picked = picked.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            picked.set(Some(select.value()));
        })
    };
    let on_load_preset = {
        let editor = editor.clone();
        let (picked, loaded, status) = (picked.clone(), loaded.clone(), status.clone());
        let replace_asks = replace_asks.clone();
        let menu = menu.clone();
        Callback::from(move |_: MouseEvent| {
            let preset = menu
                .cast::<HtmlSelectElement>()
                .map(|select| select.value())
                .unwrap_or_default();
            match find(&preset) {
                // Presets are design files in YAML, which the worker reads.
                Some(found) => {
                    if !replace_asks(&format!("the preset \"{}\"", found.title)) {
                        return;
                    }
                    let (editor, picked, loaded, status) = (
                        editor.clone(),
                        picked.clone(),
                        loaded.clone(),
                        status.clone(),
                    );
                    work::request(
                        Request::Preset {
                            id: found.id.to_owned(),
                        },
                        move |reply| match reply {
                            Reply::Design { read: Ok(read) } => {
                                loaded.set(Some((found.id, read.design.clone())));
                                picked.set(None);
                                editor.dispatch(Action::Load(Box::new(read.design)));
                                status.set(Status::Done(format!(
                                    "loaded preset \"{}\"",
                                    found.title
                                )));
                            }
                            Reply::Design { read: Err(e) } => status.set(Status::Failed(e.message)),
                            _ => {}
                        },
                    );
                }
                None => status.set(Status::Failed("choose a preset to load first".into())),
            }
        })
    };
    let on_blank = {
        let editor = editor.clone();
        let (picked, loaded, status) = (picked.clone(), loaded.clone(), status.clone());
        Callback::from(move |_: MouseEvent| {
            if !replace_asks("a blank design") {
                return;
            }
            loaded.set(None);
            picked.set(None);
            editor.dispatch(Action::Load(Box::new(Design::blank())));
            status.set(Status::Done(
                "started a blank design: one health route, nothing else".into(),
            ));
        })
    };
    let on_export = {
        let editor = editor.clone();
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            if !confirm_download(&editor, "The design file") {
                return;
            }
            let text = write_design(&editor.design);
            let name = format!("{}.design.yaml", editor.design.service.name);
            match download::save(&name, "application/yaml", text.as_bytes()) {
                Ok(()) => status.set(Status::Done(format!("exported {name}"))),
                Err(e) => status.set(Status::Failed(e)),
            }
        })
    };
    let on_import = {
        let editor = editor.clone();
        let status = status.clone();
        let reading = reading.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            // Clearing the input lets the same file be chosen again after a fix.
            input.set_value("");
            let file = File::from(file);
            let name = file.name();
            // A file over the design budget is refused by its size, before it is read.
            if let Err(e) = Budget::DESIGN.admit(&name, Size::Exactly(file.size())) {
                status.set(Status::Failed(format!(
                    "{name} was not imported, the design is unchanged: {e}"
                )));
                return;
            }
            let editor = editor.clone();
            let status = status.clone();
            let slot: Rc<RefCell<Option<FileReader>>> = reading.clone();
            let reader = read_as_text(&file, move |result| {
                match result {
                    // The worker reads design files (YAML).
                    Ok(text) => {
                        work::request(Request::ReadDesign { text }, move |reply| match reply {
                            Reply::Design { read: Ok(read) } => {
                                editor.dispatch(Action::Load(Box::new(read.design)));
                                let dropped: Vec<String> =
                                    read.dropped.iter().map(ToString::to_string).collect();
                                status.set(Status::Done(if dropped.is_empty() {
                                    format!("imported {name}")
                                } else {
                                    format!("imported {name}; {}", dropped.join("; "))
                                }));
                            }
                            Reply::Design { read: Err(e) } => status.set(Status::Failed(format!(
                                "{name} was not imported, the design is unchanged: {}",
                                e.message
                            ))),
                            _ => {}
                        });
                    }
                    Err(e) => status.set(Status::Failed(format!("{name} could not be read: {e}"))),
                }
                slot.borrow_mut().take();
            });
            *reading.borrow_mut() = Some(reader);
        })
    };

    html! {
        <div class="design-menu" role="group" aria-label="Design file">
            <label for="preset">{ "Preset" }</label>
            <select id="preset" ref={menu} onchange={on_preset_change}>
                if shown == CUSTOM {
                    <option value={CUSTOM} selected=true disabled=true>{ "Custom (your changes)" }</option>
                }
                if shown.is_empty() {
                    <option value="" selected=true disabled=true>{ "Choose a preset…" }</option>
                }
                { for PRESETS.iter().map(|p| html! {
                    <option value={p.id} selected={shown == p.id}>{ p.title }</option>
                }) }
            </select>
            <button type="button" onclick={on_load_preset}>{ "Load preset" }</button>
            <button type="button" onclick={on_blank}>{ "Blank design" }</button>
            <button type="button" onclick={on_export}>{ "Export design" }</button>
            <input id="import-design" class="visually-hidden" type="file" accept=".yaml,.yml,.json" onchange={on_import} />
            <label class="button-like" for="import-design">{ "Import design" }</label>
            { match &*status {
                Status::Idle => html! {},
                Status::Done(message) => html! { <p class="status" role="status">{ message }</p> },
                Status::Failed(message) => html! { <pre class="field-error" role="alert">{ message }</pre> },
            } }
            <ProjectImport replace_asks={on_replace_asks} />
        </div>
    }
}
