//! Middleware: the catalog as a palette, the global and group chains in order, and
//! the settings of the selected middleware.
//!
//! A chain is reordered by drag and drop (HTML5 `draggable`), by each item's
//! "Move up" / "Move down" buttons, or with Alt+ArrowUp / Alt+ArrowDown on a focused
//! item; all three dispatch the same [`Action::MoveMiddleware`].

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::{docs, focus_later, surface, use_pending_focus};
use crate::editor::{chain, display_prefix, Action, Editor, Field, Scope, Setting};
use crate::model::Middleware;
use crate::ui::fields::{use_select_value, CheckField, SelectField, TextField};
use crate::ui::{use_editor, EditorContext};

#[wasm_bindgen]
extern "C" {
    /// A drag event seen through the one property a drag start needs. (web-sys has
    /// `DataTransfer` behind a feature this crate does not enable for three calls.)
    type DragEventData;
    #[wasm_bindgen(method, getter, js_name = dataTransfer)]
    fn data_transfer(this: &DragEventData) -> Option<DataTransfer>;

    type DataTransfer;
    #[wasm_bindgen(method, js_name = setData)]
    fn set_data(this: &DataTransfer, format: &str, data: &str);
    #[wasm_bindgen(method, setter, js_name = effectAllowed)]
    fn set_effect_allowed(this: &DataTransfer, effect: &str);
    #[wasm_bindgen(method, setter, js_name = dropEffect)]
    fn set_drop_effect(this: &DataTransfer, effect: &str);
}

fn transfer(event: &DragEvent) -> Option<DataTransfer> {
    event.unchecked_ref::<DragEventData>().data_transfer()
}

/// What each catalog entry does, in one line, and where Gin documents it.
fn describe(middleware: &Middleware) -> &'static str {
    match middleware {
        Middleware::Recovery => "Answers 500 instead of crashing on a panic; put it first.",
        Middleware::Logger => "Logs every request with status and latency.",
        Middleware::RequestId { .. } => "Gives each request an id and echoes it in a header.",
        Middleware::Cors { .. } => "Lets the listed browser origins call the API.",
        Middleware::JwtAuth { .. } => "Requires a bearer token signed with a secret key.",
        Middleware::RateLimit { .. } => "Limits requests per client IP with a token bucket.",
        Middleware::Timeout { .. } => "Answers 503 when a handler takes too long.",
        Middleware::Gzip { .. } => "Compresses responses.",
        Middleware::Metrics { .. } => "Counts requests and latencies for Prometheus.",
        Middleware::ValidateJson => "Refuses bodies that are not application/json.",
        Middleware::Custom { .. } => "A pass-through function of your own to fill in.",
    }
}

/// How a chain is named in headings and accessible names.
fn chain_title(editor: &Editor, scope: Scope) -> String {
    match scope {
        Scope::Global => "global chain".into(),
        Scope::Group(g) => format!(
            "group {}",
            display_prefix(
                editor
                    .design
                    .groups
                    .get(g)
                    .map_or("", |g| g.prefix.as_str())
            )
        ),
    }
}

/// A chain in element ids.
fn scope_id(scope: Scope) -> String {
    match scope {
        Scope::Global => "global".into(),
        Scope::Group(g) => format!("group-{g}"),
    }
}

/// The list item of a middleware, for moving focus to it.
fn item_id(scope: Scope, index: usize) -> String {
    format!("mw-{}-{index}", scope_id(scope))
}

/// The chain the palette adds to, as a select value.
fn scope_value(scope: Scope) -> String {
    match scope {
        Scope::Global => "global".into(),
        Scope::Group(g) => g.to_string(),
    }
}

#[function_component]
pub fn MiddlewareForm() -> Html {
    let editor = use_editor();
    let focus_scope = use_pending_focus("middleware");
    let target = use_state(|| Scope::Global);
    // The item being dragged; kept outside Yew state because drag events fire
    // many times a second and need no re-render.
    let dragging = use_mut_ref(|| None::<(Scope, usize)>);
    let drop_target = use_state(|| None::<(Scope, usize)>);

    let groups = editor.design.groups.len();
    let target_scope = match *target {
        Scope::Group(g) if g >= groups => Scope::Global,
        scope => scope,
    };
    let target_node = use_select_value(scope_value(target_scope));
    let on_target = {
        let target = target.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            target.set(select.value().parse().map_or(Scope::Global, Scope::Group));
        })
    };
    let target_title = chain_title(&editor, target_scope);
    let palette = Middleware::catalog().into_iter().map(|middleware| {
        let name = middleware.label();
        let description = describe(&middleware);
        let on_add = {
            let editor = editor.clone();
            Callback::from(move |_: MouseEvent| {
                editor.dispatch(Action::AddMiddleware {
                    scope: target_scope,
                    middleware: middleware.clone(),
                })
            })
        };
        html! {
            <li class="palette-item">
                <span class="mw-name">{ &name }</span>
                <span class="field-help">{ description }</span>
                <button type="button" onclick={on_add}>
                    { "Add " }<span class="visually-hidden">{ format!("{name} ") }</span>{ format!("to {target_title}") }
                </button>
            </li>
        }
    });

    let scopes = std::iter::once(Scope::Global).chain((0..groups).map(Scope::Group));
    let chains = scopes
        .map(|scope| chain_view(&editor, scope, &dragging, &drop_target))
        .collect::<Html>();

    surface(
        "middleware",
        "Middleware",
        "middleware",
        html! {
            <>
            <p class="visually-hidden" role="status">{ editor.last_move().unwrap_or_default() }</p>
            <p class="field-help" id="middleware-help">
                { "Requests pass the global chain, then their group's chain, in this order. Reorder by dragging an item, with its Move buttons, or with Alt+Arrow Up/Down on a focused item. " }
                <a href={docs::GIN_MIDDLEWARE.href} target="_blank" rel="noopener noreferrer">{ docs::GIN_MIDDLEWARE.title }</a>
            </p>
            <div class="middleware-layout" ref={focus_scope}>
                <div class="chains">
                    { chains }
                    <div class="palette" role="group" aria-labelledby="palette-heading">
                        <h4 id="palette-heading">{ "Catalog" }</h4>
                        <div class="field">
                            <label for="palette-target">{ "Add to" }</label>
                            <select id="palette-target" ref={target_node} onchange={on_target}>
                                <option value="global" selected={target_scope == Scope::Global}>{ "global chain" }</option>
                                { for editor.design.groups.iter().enumerate().map(|(g, group)| html! {
                                    <option value={g.to_string()} selected={target_scope == Scope::Group(g)}>
                                        { format!("group {}", display_prefix(&group.prefix)) }
                                    </option>
                                }) }
                            </select>
                        </div>
                        <ul class="palette-list">{ for palette }</ul>
                    </div>
                </div>
                <Settings />
            </div>
            </>
        },
    )
}

/// One chain: its items in order, each draggable and movable by keyboard.
fn chain_view(
    editor: &EditorContext,
    scope: Scope,
    dragging: &Rc<RefCell<Option<(Scope, usize)>>>,
    drop_target: &UseStateHandle<Option<(Scope, usize)>>,
) -> Html {
    let items = chain(&editor.design, scope).unwrap_or_default();
    let title = chain_title(editor, scope);
    let heading_id = format!("chain-{}-heading", scope_id(scope));
    let count = items.len();
    let selected = editor.selected_middleware;
    let error = editor.error(Field::Chain(scope)).map(ToString::to_string);
    let rows = items.iter().enumerate().map(|(i, middleware)| {
        let label = middleware.label();
        // Names in the global chain are short ("Move Logger up"); group chains say
        // which group, since a group may repeat a name another group has.
        let who = match scope {
            Scope::Global => label.clone(),
            Scope::Group(_) => format!("{label} in {title}"),
        };
        let move_to = |to: usize, button: &'static str| {
            let editor = editor.clone();
            Callback::from(move |_: MouseEvent| {
                editor.dispatch(Action::MoveMiddleware { scope, from: i, to });
                let other = if button == "up" { "down" } else { "up" };
                focus_later("middleware", 
                    format!("{}-{button}", item_id(scope, to)),
                    Some(format!("{}-{other}", item_id(scope, to))),
                );
            })
        };
        let on_key = {
            let editor = editor.clone();
            Callback::from(move |event: KeyboardEvent| {
                if !event.alt_key() {
                    return;
                }
                let to = match event.key().as_str() {
                    "ArrowUp" if i > 0 => i - 1,
                    "ArrowDown" if i + 1 < count => i + 1,
                    _ => return,
                };
                event.prevent_default();
                editor.dispatch(Action::MoveMiddleware { scope, from: i, to });
                focus_later("middleware", item_id(scope, to), None);
            })
        };
        let on_drag_start = {
            let dragging = dragging.clone();
            let label = label.clone();
            Callback::from(move |event: DragEvent| {
                *dragging.borrow_mut() = Some((scope, i));
                if let Some(data) = transfer(&event) {
                    // Firefox starts a drag only when it carries some data.
                    data.set_data("text/plain", &label);
                    data.set_effect_allowed("move");
                }
            })
        };
        let on_drag_over = {
            let dragging = dragging.clone();
            let drop_target = drop_target.clone();
            Callback::from(move |event: DragEvent| {
                // Only items of the same chain accept the drop.
                if matches!(*dragging.borrow(), Some((from_scope, _)) if from_scope == scope) {
                    event.prevent_default();
                    if let Some(data) = transfer(&event) {
                        data.set_drop_effect("move");
                    }
                    if *drop_target != Some((scope, i)) {
                        drop_target.set(Some((scope, i)));
                    }
                }
            })
        };
        let on_drop = {
            let dragging = dragging.clone();
            let drop_target = drop_target.clone();
            let editor = editor.clone();
            Callback::from(move |event: DragEvent| {
                event.prevent_default();
                if let Some((from_scope, from)) = dragging.borrow_mut().take() {
                    if from_scope == scope {
                        editor.dispatch(Action::MoveMiddleware { scope, from, to: i });
                    }
                }
                drop_target.set(None);
            })
        };
        let on_drag_end = {
            let dragging = dragging.clone();
            let drop_target = drop_target.clone();
            Callback::from(move |_: DragEvent| {
                dragging.borrow_mut().take();
                drop_target.set(None);
            })
        };
        let is_selected = selected == Some((scope, i));
        let on_select = {
            let editor = editor.clone();
            Callback::from(move |_: MouseEvent| {
                editor.dispatch(Action::SelectMiddleware((!is_selected).then_some((scope, i))));
            })
        };
        let on_remove = {
            let editor = editor.clone();
            Callback::from(move |_: MouseEvent| {
                editor.dispatch(Action::RemoveMiddleware { scope, index: i })
            })
        };
        let id = item_id(scope, i);
        html! {
            <li key={i.to_string()} id={id.clone()} tabindex="0" draggable="true"
                class={classes!(
                    "chain-item",
                    is_selected.then_some("selected"),
                    (**drop_target == Some((scope, i))).then_some("drop-target"),
                )}
                aria-describedby="middleware-help"
                aria-keyshortcuts="Alt+ArrowUp Alt+ArrowDown"
                onkeydown={on_key} ondragstart={on_drag_start} ondragover={on_drag_over}
                ondrop={on_drop} ondragend={on_drag_end}>
                <span class="grip" aria-hidden="true">{ "⠿" }</span>
                <span class="position" aria-hidden="true">{ i + 1 }</span>
                <span class="mw-name">{ &label }</span>
                <span class="item-buttons">
                    <button type="button" id={format!("{id}-up")} class="icon" aria-label={format!("Move {who} up")}
                        disabled={i == 0} onclick={move_to(i.saturating_sub(1), "up")}>{ "↑" }</button>
                    <button type="button" id={format!("{id}-down")} class="icon" aria-label={format!("Move {who} down")}
                        disabled={i + 1 == count} onclick={move_to((i + 1).min(count.saturating_sub(1)), "down")}>{ "↓" }</button>
                    <button type="button" aria-pressed={is_selected.to_string()} aria-controls="middleware-settings"
                        onclick={on_select}>
                        { "Settings" }<span class="visually-hidden">{ format!(" of {who}") }</span>
                    </button>
                    <button type="button" class="remove" onclick={on_remove}>
                        { "Remove" }<span class="visually-hidden">{ format!(" {who}") }</span>
                    </button>
                </span>
            </li>
        }
    });
    html! {
        <div class="chain" role="group" aria-labelledby={heading_id.clone()}>
            <h4 id={heading_id}>{ capitalize(&title) }</h4>
            if let Some(error) = error {
                <p class="field-error" role="alert">{ error }</p>
            }
            if count == 0 {
                <p class="empty">{ "None yet: add from the catalog below." }</p>
            } else {
                <ol class="chain-list">{ for rows }</ol>
            }
        </div>
    }
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The settings of the selected middleware.
#[function_component]
fn Settings() -> Html {
    let editor = use_editor();
    let selected = editor.selected_middleware.and_then(|(scope, i)| {
        chain(&editor.design, scope)
            .and_then(|c| c.get(i))
            .map(|m| (scope, i, m.clone()))
    });
    let body = match selected {
        None => html! {
            <p class="empty">{ "Choose Settings on a middleware to change how it behaves." }</p>
        },
        Some((scope, i, middleware)) => {
            let f = |setting| Field::Middleware(scope, i, setting);
            let title = format!("{} ({})", middleware.label(), chain_title(&editor, scope));
            let fields = match &middleware {
                Middleware::Logger | Middleware::Recovery | Middleware::ValidateJson => html! {
                    <p class="empty">{ format!("{} has no settings.", middleware.label()) }</p>
                },
                Middleware::RequestId { .. } => html! {
                    <TextField field={f(Setting::Header)} id="mw-setting-header" label="Header"
                        help="The request header read for an incoming id and set on the response."
                        doc={docs::GIN_MIDDLEWARE} />
                },
                Middleware::Cors { .. } => html! {
                    <>
                        <TextField field={f(Setting::Origins)} id="mw-setting-origins" label="Allowed origins"
                            help="Comma-separated scheme and host, such as https://app.example.com, or *."
                            doc={docs::GIN_MIDDLEWARE} />
                        <TextField field={f(Setting::Methods)} id="mw-setting-methods" label="Allowed methods"
                            help="Comma-separated, such as GET, POST." />
                        <TextField field={f(Setting::Headers)} id="mw-setting-headers" label="Allowed headers"
                            help="Request headers browsers may send, such as Authorization, Content-Type." />
                        <CheckField field={f(Setting::Credentials)} id="mw-setting-credentials" label="Allow credentials"
                            help="Let browsers send cookies; not allowed with origin *." />
                        <TextField field={f(Setting::MaxAge)} id="mw-setting-max-age" label="Max age (seconds)"
                            input_mode="numeric" help="How long browsers may cache a preflight answer." />
                    </>
                },
                Middleware::JwtAuth { .. } => {
                    let has_default = editor
                        .design
                        .config
                        .vars
                        .iter()
                        .any(|v| v.secret && v.name == "JWT_SECRET");
                    let on_create = {
                        let editor = editor.clone();
                        Callback::from(move |_: MouseEvent| {
                            editor.dispatch(Action::EnsureSecretVar("JWT_SECRET".into()))
                        })
                    };
                    html! {
                        <>
                            <TextField field={f(Setting::Header)} id="mw-setting-header" label="Token header"
                                help="The header carrying Bearer <token>, usually Authorization."
                                doc={docs::GIN_MIDDLEWARE} />
                            <SelectField field={f(Setting::SecretEnv)} id="mw-setting-secret-env" label="Signing key variable"
                                help="A secret variable holding the HMAC key; the cluster mounts it from a Secret."
                                doc={docs::K8S_SECRET} />
                            if !has_default {
                                <button type="button" onclick={on_create}>{ "Create JWT_SECRET as a secret variable" }</button>
                            }
                        </>
                    }
                }
                Middleware::RateLimit { .. } => html! {
                    <div class="field-pair">
                        <TextField field={f(Setting::RequestsPerSecond)} id="mw-setting-rps" label="Requests per second"
                            input_mode="numeric" help="The steady rate each client IP may send." doc={docs::GIN_MIDDLEWARE} />
                        <TextField field={f(Setting::Burst)} id="mw-setting-burst" label="Burst"
                            input_mode="numeric" help="Requests allowed at once above the rate." />
                    </div>
                },
                Middleware::Timeout { .. } => html! {
                    <TextField field={f(Setting::Millis)} id="mw-setting-millis" label="Timeout (ms)"
                        input_mode="numeric" help="After this many milliseconds the client gets 503."
                        doc={docs::GIN_MIDDLEWARE} />
                },
                Middleware::Gzip { .. } => html! {
                    <TextField field={f(Setting::Level)} id="mw-setting-level" label="Compression level"
                        help="-1 for the default, 0 for none, 1 (fastest) to 9 (smallest)."
                        doc={docs::GIN_MIDDLEWARE} />
                },
                Middleware::Metrics { .. } => html! {
                    <TextField field={f(Setting::Path)} id="mw-setting-path" label="Metrics path"
                        help="Where Prometheus scrapes the counters, such as /metrics."
                        doc={docs::GIN_MIDDLEWARE} />
                },
                Middleware::Custom { .. } => html! {
                    <TextField field={f(Setting::Name)} id="mw-setting-name" label="Go function name"
                        help="The function in middleware/ that the bundle declares for you to fill in."
                        doc={docs::GIN_CUSTOM_MIDDLEWARE} />
                },
            };
            html! {
                <>
                    <h4 id="middleware-settings-heading">{ format!("Settings: {title}") }</h4>
                    { fields }
                </>
            }
        }
    };
    html! {
        <aside class="settings" id="middleware-settings" aria-label="Middleware settings">
            { body }
        </aside>
    }
}
