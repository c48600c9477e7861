//! What the page says while fields hold text the design did not take: the files,
//! diagram, simulator and downloads then show the design as it was before those
//! edits, and the user must know which fields and what they still hold.

use yew::prelude::*;

use super::{session, use_editor};
use crate::editor::{value, Editor, Field};
use crate::field_labels::label;
use crate::fields::FieldError;

/// One refused field, as the page names it: its label and the value the design
/// still holds for it.
struct Refused {
    label: String,
    text: String,
    kept: String,
    why: String,
}

fn refused(editor: &Editor) -> Vec<Refused> {
    editor
        .refused()
        .map(|(field, text, error): (Field, &str, &FieldError)| Refused {
            label: label(&editor.design, &field.path().unwrap_or_default()),
            text: text.to_owned(),
            kept: value(&editor.design, field).unwrap_or_default(),
            why: error.to_string(),
        })
        .collect()
}

/// A sentence per refused field: "Service › Go service › Listen port: "99999" is not
/// applied (…); "8080" is used".
fn sentences(editor: &Editor) -> Vec<String> {
    refused(editor)
        .into_iter()
        .map(|r| {
            let kept = if r.kept.is_empty() {
                "its earlier value is used".to_owned()
            } else {
                format!("{:?} is used", r.kept)
            };
            format!(
                "{}: {:?} is not applied ({}); {kept}",
                r.label, r.text, r.why
            )
        })
        .collect()
}

/// Whether a download may go ahead: at once when every field's text is in the design,
/// else when the user says so after being told what the download holds instead.
pub fn confirm_download(editor: &Editor, what: &str) -> bool {
    let sentences = sentences(editor);
    sentences.is_empty()
        || session::confirm(&format!(
            "Some fields hold text the design did not take:\n\n{}\n\n{what} holds the design as it was before those edits. Download it anyway?",
            sentences.join("\n")
        ))
}

/// A note over an output of the design (files, diagram, simulator) while fields hold
/// refused text; nothing otherwise.
#[function_component]
pub fn NotApplied() -> Html {
    let editor = use_editor();
    let sentences = sentences(&editor);
    if sentences.is_empty() {
        return Html::default();
    }
    html! {
        <div class="not-applied" role="status">
            <p>{ "Shown as the design was before these edits, which are not applied:" }</p>
            <ul>{ for sentences.into_iter().map(|s| html! { <li>{ s }</li> }) }</ul>
        </div>
    }
}
