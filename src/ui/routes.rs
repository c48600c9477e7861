//! The route tree: route groups (prefixes) holding routes, each route with its method
//! badge, full path and an editor for its parts; forms to add a route and a group.
//!
//! Paths are checked as they are typed: the field shows why Gin would refuse the
//! path, and only a valid path reaches the design.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::fields::{use_select_value, SelectField, TextField};
use super::forms::{docs, focus_later, surface, use_pending_focus};
use super::use_editor;
use crate::editor::{display_prefix, Action, Editor, Field, RouteField};
use crate::model::{join_path, Method, RouteGroup};

/// The value of the group select that means "the best matching prefix".
const BEST_MATCH: &str = "best";

#[function_component]
pub fn Routes() -> Html {
    let editor = use_editor();
    let focus_scope = use_pending_focus("routes");
    let on_method = {
        let editor = editor.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            if let Some(method) = Method::parse(&select.value()) {
                editor.dispatch(Action::SetNewRouteMethod(method));
            }
        })
    };
    let on_group = {
        let editor = editor.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            editor.dispatch(Action::SetNewRouteGroup(select.value().parse().ok()));
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
    let on_add_group = {
        let editor = editor.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            editor.dispatch(Action::AddGroup);
        })
    };
    let error = editor.error(Field::NewRoutePath);
    let selected = editor.new_route_method;
    let method_node = use_select_value(selected.as_str().to_owned());
    let target = editor
        .new_route_group
        .filter(|g| *g < editor.design.groups.len());
    let group_value = target.map_or_else(|| BEST_MATCH.to_owned(), |g| g.to_string());
    let group_node = use_select_value(group_value);
    let target_prefix = target.map(|g| editor.design.groups[g].prefix.clone());
    let path_help = match &target_prefix {
        None => "The full path; the route joins the group whose prefix matches it best.".to_owned(),
        Some(prefix) => format!("The path below {}.", display_prefix(prefix)),
    };
    let group_errors: Vec<Option<AttrValue>> = (0..editor.design.groups.len())
        .map(|g| editor.error(Field::Group(g)).map(|e| e.to_string().into()))
        .collect();
    let described_by = match error {
        Some(_) => "new-route-path-error new-route-path-help",
        None => "new-route-path-help",
    };

    surface(
        "routes-heading",
        "Routes",
        "routes",
        html! {
            <>
            <p class="field-help">
                { "Groups share a path prefix and a middleware chain. Paths take :param and *wildcard segments. " }
                <a href={docs::GIN_GROUPS.href} target="_blank" rel="noopener noreferrer">{ docs::GIN_GROUPS.title }</a>
                { " " }
                <a href={docs::GIN_PARAMS.href} target="_blank" rel="noopener noreferrer">{ docs::GIN_PARAMS.title }</a>
            </p>
            <div class="route-tree" ref={focus_scope}>
            if editor.design.routes().next().is_none() {
                <p class="empty">{ "No routes yet: add one below." }</p>
            }
            <Groups groups={editor.design.groups.clone()} errors={group_errors} dispatcher={editor.dispatcher()} />
            <form class="add-route" onsubmit={on_submit}>
                <div class="field method-field">
                    <label for="new-route-method">{ "Method" }</label>
                    <select id="new-route-method" ref={method_node} onchange={on_method}>
                        { for Method::ALL.iter().map(|m| html! {
                            <option value={m.as_str()} selected={*m == selected}>{ m.as_str() }</option>
                        }) }
                    </select>
                </div>
                <div class="field group-field">
                    <label for="new-route-group">{ "Group" }</label>
                    <select id="new-route-group" ref={group_node} onchange={on_group}>
                        <option value={BEST_MATCH} selected={target.is_none()}>{ "best matching prefix" }</option>
                        { for editor.design.groups.iter().enumerate().map(|(g, group)| html! {
                            <option value={g.to_string()} selected={target == Some(g)}>{ display_prefix(&group.prefix) }</option>
                        }) }
                    </select>
                </div>
                <div class={classes!("field", "path-field", error.is_some().then_some("invalid"))}>
                    <label for="new-route-path">{ "Path" }</label>
                    <div class="with-adornment">
                        if let Some(prefix) = target_prefix.as_deref().filter(|p| !p.is_empty()) {
                            <span class="adornment" aria-hidden="true">{ prefix }</span>
                        }
                        <input id="new-route-path" type="text" spellcheck="false" autocomplete="off"
                            placeholder={if target.is_some() { "/:id" } else { "/api/v1/users/:id" }}
                            value={editor.draft(Field::NewRoutePath).into_owned()}
                            aria-invalid={error.is_some().to_string()}
                            aria-describedby={described_by}
                            oninput={on_path} />
                    </div>
                </div>
                <button type="submit">{ "Add route" }</button>
            </form>
            if let Some(error) = error {
                <p id="new-route-path-error" class="field-error" role="alert">{ error.to_string() }</p>
            }
            <p id="new-route-path-help" class="field-help">{ path_help }</p>
            <form class="add-group" onsubmit={on_add_group}>
                <TextField field={Field::NewGroupPrefix} id="new-group-prefix" label="New group prefix"
                    placeholder="/api/v2" help="r.Group(prefix): routes and middleware below a shared path."
                    doc={docs::GIN_GROUPS} />
                <button type="submit">{ "Add group" }</button>
            </form>
            </div>
            </>
        },
    )
}

#[derive(Properties, PartialEq)]
struct GroupsProps {
    groups: Vec<RouteGroup>,
    /// Why moving or removing a group, or one of its routes, was refused, by group.
    errors: Vec<Option<AttrValue>>,
    dispatcher: UseReducerDispatcher<Editor>,
}

/// Every group and its routes: a component of its own, so that an edit elsewhere on
/// the page (replicas, the image) compares the groups and redraws none of them.
#[function_component]
fn Groups(props: &GroupsProps) -> Html {
    html! {
        { for props.groups.iter().enumerate().map(|(g, group)| group_view(props, g, group)) }
    }
}

/// One group: its heading and buttons, its prefix and its routes.
fn group_view(props: &GroupsProps, g: usize, group: &RouteGroup) -> Html {
    let count = props.groups.len();
    let shown = display_prefix(&group.prefix).to_owned();
    let name = format!("group {shown}");
    let heading_id = format!("group-{g}-heading");
    let move_to = |to: usize, button: &'static str| {
        let dispatcher = props.dispatcher.clone();
        Callback::from(move |_: MouseEvent| {
            dispatcher.dispatch(Action::MoveGroup { from: g, to });
            let other = if button == "up" { "down" } else { "up" };
            focus_later(
                "routes",
                format!("group-{to}-{button}"),
                Some(format!("group-{to}-{other}")),
            );
        })
    };
    let on_add_here = {
        let dispatcher = props.dispatcher.clone();
        Callback::from(move |_: MouseEvent| {
            dispatcher.dispatch(Action::SetNewRouteGroup(Some(g)));
            focus_later("routes", "new-route-path".into(), None);
        })
    };
    let on_remove = {
        let dispatcher = props.dispatcher.clone();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::RemoveGroup(g)))
    };
    let error = props.errors.get(g).cloned().flatten();
    html! {
        <section key={g.to_string()} class="route-group" aria-labelledby={heading_id.clone()}>
            <div class="group-head">
                <h4 id={heading_id}>
                    if group.prefix.is_empty() { { "Top level " } } else { { "Group " } }
                    <code>{ &shown }</code>
                </h4>
                <span class="item-buttons">
                    <button type="button" id={format!("group-{g}-up")} class="icon" aria-label={format!("Move {name} up")}
                        disabled={g == 0} onclick={move_to(g.saturating_sub(1), "up")}>{ "↑" }</button>
                    <button type="button" id={format!("group-{g}-down")} class="icon" aria-label={format!("Move {name} down")}
                        disabled={g + 1 == count} onclick={move_to((g + 1).min(count.saturating_sub(1)), "down")}>{ "↓" }</button>
                    <button type="button" onclick={on_add_here}>
                        { "Add route" }<span class="visually-hidden">{ format!(" to {name}") }</span>{ " here" }
                    </button>
                    <button type="button" class="remove" onclick={on_remove}>
                        { "Remove" }<span class="visually-hidden">{ format!(" {name} and its routes") }</span>
                    </button>
                </span>
            </div>
            if let Some(error) = error {
                <p class="field-error" role="alert">{ error }</p>
            }
            <TextField field={Field::GroupPrefix(g)} id={format!("group-{g}-prefix")} label="Prefix"
                context={format!("of {name}")} placeholder="empty for the top level"
                help="Renaming moves every route of the group." doc={docs::GIN_GROUPS} />
            if group.routes.is_empty() {
                <p class="empty">{ "No routes in this group." }</p>
            } else {
                <ul class="route-list" aria-label={format!("Routes of {name}")}>
                    { for group.routes.iter().enumerate().map(|(r, route)| html! {
                        <RouteItem key={r} group={g} route={r} count={group.routes.len()}
                            method={route.method}
                            full_path={AttrValue::from(join_path(&group.prefix, &route.path))}
                            prefix={(!group.prefix.is_empty()).then(|| AttrValue::from(group.prefix.clone()))}
                            dispatcher={props.dispatcher.clone()} />
                    }) }
                </ul>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct RouteItemProps {
    group: usize,
    route: usize,
    /// How many routes the group has (the last one cannot move down).
    count: usize,
    method: Method,
    full_path: AttrValue,
    prefix: Option<AttrValue>,
    dispatcher: UseReducerDispatcher<Editor>,
}

/// One route: method badge, full path, move and remove buttons, and its fields. A
/// component of its own, so that an edit elsewhere does not redraw every route.
#[function_component]
fn RouteItem(props: &RouteItemProps) -> Html {
    let (g, r, count) = (props.group, props.route, props.count);
    let method = props.method.as_str();
    let who = format!("{method} {}", props.full_path);
    let id = format!("route-{g}-{r}");
    let move_to = |to: usize, button: &'static str| {
        let dispatcher = props.dispatcher.clone();
        let id = format!("route-{g}-{to}");
        Callback::from(move |_: MouseEvent| {
            dispatcher.dispatch(Action::MoveRoute {
                group: g,
                from: r,
                to,
            });
            let other = if button == "up" { "down" } else { "up" };
            focus_later(
                "routes",
                format!("{id}-{button}"),
                Some(format!("{id}-{other}")),
            );
        })
    };
    let on_remove = {
        let dispatcher = props.dispatcher.clone();
        Callback::from(move |_: MouseEvent| {
            dispatcher.dispatch(Action::RemoveRoute { group: g, route: r })
        })
    };
    html! {
        <li class="route">
            <div class="route-head">
                <span class={classes!("method", format!("method-{}", method.to_ascii_lowercase()))}>{ method }</span>
                <code class="route-path">{ &props.full_path }</code>
                <span class="item-buttons">
                    <button type="button" id={format!("{id}-up")} class="icon" aria-label={format!("Move route {who} up")}
                        disabled={r == 0} onclick={move_to(r.saturating_sub(1), "up")}>{ "↑" }</button>
                    <button type="button" id={format!("{id}-down")} class="icon" aria-label={format!("Move route {who} down")}
                        disabled={r + 1 == count} onclick={move_to((r + 1).min(count.saturating_sub(1)), "down")}>{ "↓" }</button>
                    <button type="button" class="remove"
                        aria-label={format!("Remove route {who}")}
                        onclick={on_remove}>{ "Remove" }</button>
                </span>
            </div>
            <RouteEdit group={g} route={r} who={who} prefix={props.prefix.clone()} />
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct RouteEditProps {
    group: usize,
    route: usize,
    /// The route as people name it, such as `GET /ping`.
    who: AttrValue,
    prefix: Option<AttrValue>,
}

/// The fields of one route, behind a disclosure. They exist only while it is open:
/// a design of hundreds of routes would otherwise re-render thousands of inputs on
/// every keystroke anywhere on the page. A closed one does not read the editor
/// either, so an edit elsewhere does not redraw it at all.
#[function_component]
fn RouteEdit(props: &RouteEditProps) -> Html {
    let open = use_state(|| false);
    let on_toggle = {
        let open = open.clone();
        Callback::from(move |event: Event| {
            let details: web_sys::Element = event.target_unchecked_into();
            open.set(details.has_attribute("open"));
        })
    };
    let id = format!("route-{}-{}", props.group, props.route);
    html! {
        <details class="route-edit" id={format!("{id}-edit")} ontoggle={on_toggle}>
            <summary>{ "Edit" }<span class="visually-hidden">{ format!(" route {}", props.who) }</span></summary>
            if *open {
                <RouteFields group={props.group} route={props.route} who={props.who.clone()} prefix={props.prefix.clone()} />
            }
        </details>
    }
}

/// The fields of an open [`RouteEdit`].
#[function_component]
fn RouteFields(props: &RouteEditProps) -> Html {
    let (g, r) = (props.group, props.route);
    let id = format!("route-{g}-{r}");
    let field = |part| Field::Route(g, r, part);
    let context = format!("of route {}", props.who);
    let editor = use_editor();
    let group_node = use_select_value(g.to_string());
    let on_group = {
        let editor = editor.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            let Ok(to) = select.value().parse::<usize>() else {
                return;
            };
            if to == g {
                return;
            }
            let at = editor
                .design
                .groups
                .get(to)
                .map_or(0, |group| group.routes.len());
            editor.dispatch(Action::MoveRouteToGroup {
                group: g,
                route: r,
                to,
            });
            // The route is now the last of its new group: keep focus with it.
            let moved = format!("route-{to}-{at}");
            focus_later(
                "routes",
                format!("{moved}-up"),
                Some(format!("{moved}-down")),
            );
        })
    };
    html! {
        <>
            <div class="field-pair">
                <SelectField field={field(RouteField::Method)} id={format!("{id}-method")} label="Method"
                    context={context.clone()} />
                <TextField field={field(RouteField::Path)} id={format!("{id}-path")} label="Path"
                    context={context.clone()} adornment={props.prefix.clone()}
                    help="Below the group prefix; :name and *name capture segments." doc={docs::GIN_PARAMS} />
            </div>
            <div class="field">
                <label for={format!("{id}-group")}>{ "Group" }<span class="visually-hidden">{ format!(" {context}") }</span></label>
                <select id={format!("{id}-group")} ref={group_node} onchange={on_group}
                    aria-describedby={format!("{id}-group-help")}>
                    { for editor.design.groups.iter().enumerate().map(|(i, group)| html! {
                        <option value={i.to_string()} selected={i == g}>{ display_prefix(&group.prefix) }</option>
                    }) }
                </select>
                <p id={format!("{id}-group-help")} class="field-help">{ "Moves the route to the end of that group; its path below the prefix stays." }</p>
            </div>
            <TextField field={field(RouteField::Handler)} id={format!("{id}-handler")} label="Handler"
                context={context.clone()} placeholder="derived from method and path"
                help="The Go function in controllers/ that answers." doc={docs::GIN_QUICKSTART} />
            <TextField field={field(RouteField::Summary)} id={format!("{id}-summary")} label="Summary"
                context={context.clone()} help="One line for the OpenAPI document." />
            <TextField field={field(RouteField::Status)} id={format!("{id}-status")} label="Status"
                context={context} input_mode="numeric" help="The status the generated handler answers with." />
        </>
    }
}
