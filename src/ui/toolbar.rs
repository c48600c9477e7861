//! The toolbar: undo and redo, share link, embed snippet and theme.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::{session, use_editor};
use crate::editor::Action;

/// What the share and embed buttons produced, shown for manual copying.
#[derive(Clone, PartialEq)]
enum Output {
    None,
    Link(String),
    Snippet(String),
}

#[function_component]
pub fn Toolbar() -> Html {
    let editor = use_editor();
    let output = use_state(|| Output::None);
    let theme = use_state(session::saved_theme);

    let on_undo = {
        let editor = editor.clone();
        Callback::from(move |_: MouseEvent| editor.dispatch(Action::Undo))
    };
    let on_redo = {
        let editor = editor.clone();
        Callback::from(move |_: MouseEvent| editor.dispatch(Action::Redo))
    };
    let on_share = {
        let editor = editor.clone();
        let output = output.clone();
        Callback::from(move |_: MouseEvent| {
            let link = session::share_url(&editor.design);
            session::copy(&link);
            output.set(Output::Link(link));
        })
    };
    let on_embed = {
        let editor = editor.clone();
        let output = output.clone();
        Callback::from(move |_: MouseEvent| {
            let snippet = session::embed_snippet(&editor.design);
            session::copy(&snippet);
            output.set(Output::Snippet(snippet));
        })
    };
    let on_theme = {
        let theme = theme.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            session::set_theme(&select.value(), !session::is_embed());
            theme.set(select.value());
        })
    };

    html! {
        <div class="toolbar" role="toolbar" aria-label="Playground">
            <button type="button" onclick={on_undo} disabled={!editor.can_undo()} aria-keyshortcuts="Control+Z">{ "Undo" }</button>
            <button type="button" onclick={on_redo} disabled={!editor.can_redo()} aria-keyshortcuts="Control+Shift+Z">{ "Redo" }</button>
            // Always in the page, so screen readers hear each new text.
            <span class="last-step" role="status">{ editor.last_step().unwrap_or_default() }</span>
            <button type="button" onclick={on_share}>{ "Share link" }</button>
            <button type="button" onclick={on_embed}>{ "Copy embed snippet" }</button>
            <label for="theme">{ "Theme" }</label>
            <select id="theme" onchange={on_theme}>
                { for [("system", "System"), ("light", "Light"), ("dark", "Dark")].into_iter().map(|(value, label)| html! {
                    <option value={value} selected={*theme == value}>{ label }</option>
                }) }
            </select>
            { match &*output {
                Output::None => html! {},
                Output::Link(link) => html! {
                    <div class="share-output">
                        <label for="share-output">{ "Link to this design (copied; secret values are never put in a link)" }</label>
                        <input id="share-output" type="text" readonly=true value={link.clone()} />
                    </div>
                },
                Output::Snippet(snippet) => html! {
                    <div class="share-output">
                        <label for="share-output">{ "Embed snippet (copied)" }</label>
                        <input id="share-output" type="text" readonly=true value={snippet.clone()} />
                    </div>
                },
            } }
        </div>
    }
}
