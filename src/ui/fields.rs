//! A labelled text input bound to one editor field, with its error shown beside it.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::use_editor;
use crate::editor::{Action, Field};

#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    pub field: Field,
    pub id: AttrValue,
    pub label: AttrValue,
    pub help: AttrValue,
    #[prop_or_default]
    pub input_mode: Option<AttrValue>,
}

#[function_component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let editor = use_editor();
    let field = props.field;
    let on_input = {
        let editor = editor.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            editor.dispatch(Action::Edit(field, input.value()));
        })
    };
    let help_id = format!("{}-help", props.id);
    let error_id = format!("{}-error", props.id);
    let error = editor.error(field);
    let described_by = match error {
        Some(_) => format!("{error_id} {help_id}"),
        None => help_id.clone(),
    };
    html! {
        <div class={classes!("field", error.is_some().then_some("invalid"))}>
            <label for={props.id.clone()}>{ &props.label }</label>
            <input id={props.id.clone()} type="text" spellcheck="false" autocomplete="off"
                inputmode={props.input_mode.clone()}
                value={editor.draft(field).into_owned()}
                aria-invalid={error.is_some().to_string()}
                aria-describedby={described_by}
                oninput={on_input} />
            if let Some(error) = error {
                <p id={error_id} class="field-error" role="alert">{ error.to_string() }</p>
            }
            <p id={help_id} class="field-help">{ &props.help }</p>
        </div>
    }
}
