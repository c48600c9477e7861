//! The route list: every designed route with a remove button, and a form to add one.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::use_editor;
use crate::editor::{Action, Field};
use crate::model::{join_path, Method};

#[function_component]
pub fn Routes() -> Html {
    let editor = use_editor();
    let on_method = {
        let editor = editor.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            if let Some(method) = Method::parse(&select.value()) {
                editor.dispatch(Action::SetNewRouteMethod(method));
            }
        })
    };
    let on_path = {
        let editor = editor.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            editor.dispatch(Action::Edit(Field::NewRoutePath, input.value()));
        })
    };
    let on_submit = {
        let editor = editor.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            editor.dispatch(Action::AddRoute);
        })
    };
    let error = editor.error(Field::NewRoutePath);
    let selected = editor.new_route_method;

    html! {
        <section class="routes" aria-labelledby="routes-heading">
            <h3 id="routes-heading">{ "Routes" }</h3>
            if editor.design.routes().next().is_none() {
                <p class="empty">{ "No routes yet: add one below." }</p>
            }
            <ul class="route-list" aria-label="Routes">
                { for editor.design.groups.iter().enumerate().flat_map(|(group_index, group)| {
                    let editor = editor.clone();
                    group.routes.iter().enumerate().map(move |(route_index, route)| {
                        let full_path = join_path(&group.prefix, &route.path);
                        let method = route.method.as_str();
                        let on_remove = {
                            let editor = editor.clone();
                            Callback::from(move |_: MouseEvent| {
                                editor.dispatch(Action::RemoveRoute { group: group_index, route: route_index })
                            })
                        };
                        html! {
                            <li key={format!("{method} {full_path}")}>
                                <span class={classes!("method", format!("method-{}", method.to_ascii_lowercase()))}>{ method }</span>
                                <code class="route-path">{ &full_path }</code>
                                <button type="button" class="remove"
                                    aria-label={format!("Remove route {method} {full_path}")}
                                    onclick={on_remove}>{ "Remove" }</button>
                            </li>
                        }
                    })
                }) }
            </ul>
            <form class="add-route" onsubmit={on_submit}>
                <div class="field method-field">
                    <label for="new-route-method">{ "Method" }</label>
                    <select id="new-route-method" onchange={on_method}>
                        { for Method::ALL.iter().map(|m| html! {
                            <option value={m.as_str()} selected={*m == selected}>{ m.as_str() }</option>
                        }) }
                    </select>
                </div>
                <div class={classes!("field", "path-field", error.is_some().then_some("invalid"))}>
                    <label for="new-route-path">{ "Path" }</label>
                    <input id="new-route-path" type="text" spellcheck="false" autocomplete="off"
                        placeholder="/api/v1/users/:id"
                        value={editor.draft(Field::NewRoutePath).into_owned()}
                        aria-invalid={error.is_some().to_string()}
                        aria-describedby={error.is_some().then_some("new-route-path-error")}
                        oninput={on_path} />
                </div>
                <button type="submit">{ "Add route" }</button>
            </form>
            if let Some(error) = error {
                <p id="new-route-path-error" class="field-error" role="alert">{ error.to_string() }</p>
            }
        </section>
    }
}
