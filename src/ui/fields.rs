//! Labelled controls bound to one editor field: a text input, a select and a
//! checkbox, each with its error (an alert) and a one-line help with a docs link.
//!
//! A control shows what the editor holds for its field; every change goes through
//! [`crate::editor::apply`], which keeps refused text and explains the refusal.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::use_editor;
use crate::editor::{choices, Action, Field};
use crate::names::Follower;

/// A page of the Kubernetes, Gin or Go documentation a field's help links to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Doc {
    pub href: &'static str,
    /// The link text: says where it goes, so it reads well out of context.
    pub title: &'static str,
}

/// The label of a control. `context` is read by assistive technology only, after the
/// visible words: it tells apart the many "Path" inputs of a route list.
fn label(id: &AttrValue, text: &AttrValue, context: &Option<AttrValue>) -> Html {
    html! {
        <label for={id.clone()}>
            { text }
            if let Some(context) = context {
                <span class="visually-hidden">{ " " }{ context }</span>
            }
        </label>
    }
}

/// The error (if any) and the help line of a control, and the ids that describe it.
struct Described {
    described_by: Option<String>,
    below: Html,
}

fn described(
    id: &AttrValue,
    error: Option<AttrValue>,
    help: &Option<AttrValue>,
    doc: Option<Doc>,
) -> Described {
    let help_id = format!("{id}-help");
    let error_id = format!("{id}-error");
    let has_help = help.is_some() || doc.is_some();
    let ids: Vec<&str> = [
        error.is_some().then_some(error_id.as_str()),
        has_help.then_some(help_id.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let below = html! {
        <>
            if let Some(error) = error {
                <p id={error_id.clone()} class="field-error" role="alert">{ error }</p>
            }
            if has_help {
                <p id={help_id.clone()} class="field-help">
                    if let Some(help) = help { { help } }
                    if let Some(doc) = doc {
                        { " " }
                        <a href={doc.href} target="_blank" rel="noopener noreferrer">{ doc.title }</a>
                    }
                </p>
            }
        </>
    };
    Described {
        described_by: (!ids.is_empty()).then(|| ids.join(" ")),
        below,
    }
}

#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    pub field: Field,
    pub id: AttrValue,
    pub label: AttrValue,
    /// Words that name which item of a list the field belongs to (screen readers only).
    #[prop_or_default]
    pub context: Option<AttrValue>,
    #[prop_or_default]
    pub help: Option<AttrValue>,
    #[prop_or_default]
    pub doc: Option<Doc>,
    #[prop_or_default]
    pub input_mode: Option<AttrValue>,
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    /// Text shown before the input, such as the group prefix of a route path.
    #[prop_or_default]
    pub adornment: Option<AttrValue>,
}

/// A text input; every keystroke is an [`Action::Edit`], and leaving it an
/// [`Action::Leave`] (so typing there again is a new undo step).
///
/// This wrapper reads the field from the editor on every change of the design; the
/// input itself ([`TextInput`]) re-renders only when its own text or error changed,
/// which keeps an edit cheap on a page of many fields.
#[function_component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let editor = use_editor();
    let field = props.field;
    let on_input = use_callback(
        (field, editor.dispatcher()),
        |event: InputEvent, (field, dispatcher)| {
            let input: HtmlInputElement = event.target_unchecked_into();
            dispatcher.dispatch(Action::Edit(*field, input.value()));
        },
    );
    let on_leave = use_callback(editor.dispatcher(), |_: FocusEvent, dispatcher| {
        dispatcher.dispatch(Action::Leave)
    });
    html! {
        <TextInput id={props.id.clone()} label={props.label.clone()} context={props.context.clone()}
            help={props.help.clone()} doc={props.doc} input_mode={props.input_mode.clone()}
            placeholder={props.placeholder.clone()} adornment={props.adornment.clone()}
            value={AttrValue::from(editor.draft(field).into_owned())}
            error={editor.error(field).map(|e| AttrValue::from(e.to_string()))}
            on_input={on_input} on_leave={on_leave} />
    }
}

#[derive(Properties, PartialEq)]
struct TextInputProps {
    id: AttrValue,
    label: AttrValue,
    context: Option<AttrValue>,
    help: Option<AttrValue>,
    doc: Option<Doc>,
    input_mode: Option<AttrValue>,
    placeholder: Option<AttrValue>,
    adornment: Option<AttrValue>,
    value: AttrValue,
    error: Option<AttrValue>,
    on_input: Callback<InputEvent>,
    on_leave: Callback<FocusEvent>,
}

#[function_component]
fn TextInput(props: &TextInputProps) -> Html {
    let invalid = props.error.is_some();
    let Described {
        described_by,
        below,
    } = described(&props.id, props.error.clone(), &props.help, props.doc);
    let input = html! {
        <input id={props.id.clone()} type="text" spellcheck="false" autocomplete="off"
            inputmode={props.input_mode.clone()}
            placeholder={props.placeholder.clone()}
            value={props.value.clone()}
            aria-invalid={invalid.to_string()}
            aria-describedby={described_by}
            oninput={props.on_input.clone()} onblur={props.on_leave.clone()} />
    };
    html! {
        <div class={classes!("field", invalid.then_some("invalid"))}>
            { label(&props.id, &props.label, &props.context) }
            if let Some(adornment) = &props.adornment {
                <div class="with-adornment">
                    <span class="adornment" aria-hidden="true">{ adornment }</span>
                    { input }
                </div>
            } else {
                { input }
            }
            { below }
        </div>
    }
}

/// Keeps a select showing `value`. A browser leaves a select on the option the user
/// picked even when the page re-renders with another one selected, so when the
/// editor refuses a pick the select is put back by hand after each render.
#[hook]
pub fn use_select_value(value: String) -> NodeRef {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect(move || {
            if let Some(select) = node.cast::<HtmlSelectElement>() {
                if select.value() != value {
                    select.set_value(&value);
                }
            }
        });
    }
    node
}

/// What a select or checkbox bound to one editor field is told: the field, its
/// control id and label, and optional context, help and docs link.
#[derive(Properties, PartialEq)]
pub struct BoundFieldProps {
    pub field: Field,
    pub id: AttrValue,
    pub label: AttrValue,
    #[prop_or_default]
    pub context: Option<AttrValue>,
    #[prop_or_default]
    pub help: Option<AttrValue>,
    #[prop_or_default]
    pub doc: Option<Doc>,
}

/// A select of the values [`choices`] offers for the field; a pick is an
/// [`Action::Choose`]. Like [`TextField`], a wrapper around a part that re-renders only
/// when what it shows changed.
#[function_component]
pub fn SelectField(props: &BoundFieldProps) -> Html {
    let editor = use_editor();
    let field = props.field;
    let on_pick = use_callback(
        (field, editor.dispatcher()),
        |picked: String, (field, dispatcher)| dispatcher.dispatch(Action::Choose(*field, picked)),
    );
    html! {
        <SelectInput id={props.id.clone()} label={props.label.clone()} context={props.context.clone()}
            help={props.help.clone()} doc={props.doc}
            value={AttrValue::from(editor.draft(field).into_owned())}
            options={choices(&editor.design, field)}
            error={editor.error(field).map(|e| AttrValue::from(e.to_string()))}
            on_pick={on_pick} />
    }
}

#[derive(Properties, PartialEq)]
struct SelectInputProps {
    id: AttrValue,
    label: AttrValue,
    context: Option<AttrValue>,
    help: Option<AttrValue>,
    doc: Option<Doc>,
    value: AttrValue,
    options: Vec<(String, String)>,
    error: Option<AttrValue>,
    on_pick: Callback<String>,
}

#[function_component]
fn SelectInput(props: &SelectInputProps) -> Html {
    let node = use_select_value(props.value.to_string());
    // The select goes back to the editor's value at once; if the editor takes the
    // pick, the next render shows it. A refused pick then never lingers on screen,
    // even when the refusal (and so these props) is the same as the last one.
    let on_change = {
        let (value, on_pick) = (props.value.clone(), props.on_pick.clone());
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            let picked = select.value();
            select.set_value(&value);
            on_pick.emit(picked);
        })
    };
    let invalid = props.error.is_some();
    let Described {
        described_by,
        below,
    } = described(&props.id, props.error.clone(), &props.help, props.doc);
    html! {
        <div class={classes!("field", invalid.then_some("invalid"))}>
            { label(&props.id, &props.label, &props.context) }
            <select id={props.id.clone()} ref={node} onchange={on_change}
                aria-invalid={invalid.to_string()} aria-describedby={described_by}>
                { for props.options.iter().map(|(value, text)| {
                    let selected = *value == *props.value;
                    html! { <option value={value.clone()} selected={selected}>{ text }</option> }
                }) }
            </select>
            { below }
        </div>
    }
}

/// A checkbox; ticking or clearing it is an [`Action::Toggle`]. Like [`TextField`], a
/// wrapper around a part that re-renders only when what it shows changed.
#[function_component]
pub fn CheckField(props: &BoundFieldProps) -> Html {
    let editor = use_editor();
    let field = props.field;
    let on_toggle = use_callback(
        (field, editor.dispatcher()),
        |on: bool, (field, dispatcher)| dispatcher.dispatch(Action::Toggle(*field, on)),
    );
    html! {
        <CheckInput id={props.id.clone()} label={props.label.clone()} context={props.context.clone()}
            help={props.help.clone()} doc={props.doc}
            checked={editor.flag(field)}
            error={editor.error(field).map(|e| AttrValue::from(e.to_string()))}
            on_toggle={on_toggle} />
    }
}

#[derive(Properties, PartialEq)]
struct CheckInputProps {
    id: AttrValue,
    label: AttrValue,
    context: Option<AttrValue>,
    help: Option<AttrValue>,
    doc: Option<Doc>,
    checked: bool,
    error: Option<AttrValue>,
    on_toggle: Callback<bool>,
}

#[function_component]
fn CheckInput(props: &CheckInputProps) -> Html {
    // As with a select: the box shows the editor's state until the editor takes the
    // change, so a refused toggle never stays ticked.
    let on_change = {
        let (checked, on_toggle) = (props.checked, props.on_toggle.clone());
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            input.set_checked(checked);
            on_toggle.emit(!checked);
        })
    };
    let invalid = props.error.is_some();
    let Described {
        described_by,
        below,
    } = described(&props.id, props.error.clone(), &props.help, props.doc);
    html! {
        <div class={classes!("field", "check", invalid.then_some("invalid"))}>
            <div class="check-row">
                <input id={props.id.clone()} type="checkbox" checked={props.checked}
                    aria-invalid={invalid.to_string()} aria-describedby={described_by}
                    onchange={on_change} />
                { label(&props.id, &props.label, &props.context) }
            </div>
            { below }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct FollowsNameProps {
    pub follower: Follower,
    /// The field the follower is edited in.
    pub field: Field,
}

/// Says whether a name field follows the service name and, when it was set by hand,
/// offers to make it follow again (one undo step).
#[function_component]
pub fn FollowsName(props: &FollowsNameProps) -> Html {
    let editor = use_editor();
    let design = &editor.design;
    if props.follower.follows(design) {
        return html! { <p class="follows" data-follows="true">{ "Follows the service name." }</p> };
    }
    let derived = props.follower.derived(design);
    let on_follow = {
        let (dispatcher, field, derived) = (editor.dispatcher(), props.field, derived.clone());
        Callback::from(move |_: MouseEvent| {
            dispatcher.dispatch(Action::Choose(field, derived.clone()))
        })
    };
    html! {
        <p class="follows" data-follows="false">
            { "Set by hand. " }
            <button type="button" class="link" onclick={on_follow}>
                { format!("Follow the service name ({derived})") }
            </button>
        </p>
    }
}
