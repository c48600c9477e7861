//! One panel of findings on the design and its generated files; a finding in a file
//! opens that file at its line, a finding on a design field moves focus to the field.

use std::rc::Rc;

use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{by_id, use_bundle, use_editor, use_selection, Selection};
use crate::validate::{Diagnostic, Location};

/// A finding's place as people read it: `Dockerfile:3:1` or `design: cluster.replicas`.
pub fn place(d: &Diagnostic) -> String {
    match &d.location {
        Location::Text { file, line, column } => format!("{file}:{line}:{column}"),
        Location::Field { path } => format!("design: {path}"),
    }
}

/// Where a design field is edited on the page: the id of its control and, when the
/// control lives behind a closed disclosure (a route's fields), the id of the
/// `<details>` to open first.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldTarget {
    pub open: Option<String>,
    pub focus: String,
}

/// The control that edits design field `path` (as findings name it), if the page has
/// one. Keep in step with the ids in `routes.rs` and `forms/middleware.rs`.
pub fn field_target(path: &str) -> Option<FieldTarget> {
    let plain = |id: &str| {
        Some(FieldTarget {
            open: None,
            focus: id.to_owned(),
        })
    };
    match path {
        "service.name" => return plain("service-name"),
        "service.port" => return plain("listen-port"),
        "cluster.replicas" => return plain("replicas"),
        "delivery.image" => return plain("image"),
        "container.runtimeDigest" => return plain("container-runtime-digest"),
        "service.trustedProxies" => return plain("service-trusted-proxies"),
        _ => {}
    }
    let parts: Vec<&str> = path.split('.').collect();
    let index = |part: &str, name: &str| -> Option<usize> {
        part.strip_prefix(name)?
            .strip_prefix('[')?
            .strip_suffix(']')?
            .parse()
            .ok()
    };
    match parts.as_slice() {
        [mw] => plain(&format!("mw-global-{}", index(mw, "middleware")?)),
        [group, "prefix"] => plain(&format!("group-{}-prefix", index(group, "groups")?)),
        [group, mw] => {
            let (g, i) = (index(group, "groups")?, index(mw, "middleware")?);
            plain(&format!("mw-group-{g}-{i}"))
        }
        [group, route, field] => {
            let (g, r) = (index(group, "groups")?, index(route, "routes")?);
            let control = match *field {
                "method" | "path" | "handler" | "summary" | "status" => *field,
                _ => return None,
            };
            Some(FieldTarget {
                open: Some(format!("route-{g}-{r}-edit")),
                focus: format!("route-{g}-{r}-{control}"),
            })
        }
        _ => None,
    }
}

/// Moves focus to `target` inside the app that holds `from` (a page may hold several
/// apps, as the browser tests do), showing the design first where narrow screens show
/// one part of the page at a time, and unfolding the surface that holds the field. A
/// route's fields exist only once its disclosure is open and the app has re-rendered,
/// so focusing retries for a short while.
pub fn focus_field(from: &web_sys::Element, target: FieldTarget) {
    let Some(root) = from.closest(".layout").ok().flatten() else {
        return;
    };
    if let Some(design) =
        by_id(&root, "view-design").and_then(|el| el.dyn_into::<HtmlInputElement>().ok())
    {
        design.set_checked(true);
    }
    if let Some(details) = target.open.as_deref().and_then(|id| by_id(&root, id)) {
        // Setting `open` fires the disclosure's toggle event, which renders its fields.
        let _ = details.set_attribute("open", "");
    }
    fn attempt(root: web_sys::Element, id: String, tries_left: u32) {
        match by_id(&root, &id) {
            Some(element) => {
                if let Ok(Some(folded)) = element.closest("details:not([open])") {
                    let _ = folded.set_attribute("open", "");
                }
                element.scroll_into_view();
                let _ = element.focus();
            }
            None if tries_left > 0 => {
                Timeout::new(20, move || attempt(root, id, tries_left - 1)).forget();
            }
            None => {}
        }
    }
    attempt(root, target.focus, 25);
}

/// A list of findings; `on_open` is called with the file and line of a text finding.
#[derive(Properties)]
pub struct FindingListProps {
    /// Compared by address: a list of tens of thousands of findings is neither
    /// copied nor compared item by item on every render of its owner.
    pub diagnostics: Rc<Vec<Diagnostic>>,
    pub on_open: Callback<(String, u32)>,
    pub empty: AttrValue,
    /// Applies a safe fix: the line number and its replacement. Without it, fixes are
    /// only described.
    #[prop_or_default]
    pub on_apply: Option<Callback<(u32, String)>>,
}

impl PartialEq for FindingListProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.diagnostics, &other.diagnostics)
            && self.on_open == other.on_open
            && self.empty == other.empty
            && self.on_apply == other.on_apply
    }
}

/// A list of findings by address, as a hook's dependency.
pub(super) struct Same(pub(super) Rc<Vec<Diagnostic>>);

impl PartialEq for Same {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// How many findings a list shows at first and adds per "Show more": a pasted stream
/// of thousands of manifests can have tens of thousands, and rendering them all
/// would freeze the page for seconds.
const PAGE: usize = 200;

/// How many findings one render adds to the list: the rest come a task later each.
/// Creating a page of 200 findings' elements in one render was a 54-71 ms task on a
/// slow afternoon of this 2-core machine, at the end of a big paste's check.
const STEP: usize = 50;

/// "DL3007 ×3, GK101 ×2": how many findings each rule has, most first.
fn by_rule(diagnostics: &[Diagnostic]) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for d in diagnostics {
        match counts.iter_mut().find(|(rule, _)| *rule == d.rule) {
            Some((_, n)) => *n += 1,
            None => counts.push((d.rule, 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    counts
        .iter()
        .map(|(rule, n)| format!("{rule} ×{n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[function_component]
pub fn FindingList(props: &FindingListProps) -> Html {
    let shown = use_state(|| PAGE);
    let grown = use_state(|| (0_usize, 0_usize));
    // A new list (another paste, another edit) starts from the first page again.
    {
        let shown = shown.clone();
        use_effect_with(props.diagnostics.len(), move |_| shown.set(PAGE));
    }
    let summary = use_memo(Same(props.diagnostics.clone()), |Same(d)| {
        (d.len() > PAGE).then(|| format!("{} findings by rule: {}", d.len(), by_rule(d)))
    });
    let total = props.diagnostics.len();
    let wanted = (*shown).min(total);
    // How many of this list (by address) are already in the page; a list that just
    // arrived starts with a step's worth.
    let address = Rc::as_ptr(&props.diagnostics) as usize;
    let limit = match *grown {
        (list, count) if list == address => count.min(wanted),
        _ => STEP.min(wanted),
    };
    {
        let grown = grown.clone();
        use_effect_with(
            (address, limit, wanted),
            move |&(address, limit, wanted)| {
                let more = (limit < wanted)
                    .then(|| Timeout::new(0, move || grown.set((address, limit + STEP))));
                move || drop(more)
            },
        );
    }
    if props.diagnostics.is_empty() {
        return html! { <p class="empty">{ &props.empty }</p> };
    }
    let on_more = {
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| shown.set(*shown + PAGE))
    };
    html! {
        <>
        if let Some(summary) = &*summary {
            <p class="findings-summary">{ summary }</p>
        }
        <ul class="findings">
            { for props.diagnostics[..limit].iter().map(|d| {
                let open = match &d.location {
                    Location::Text { file, line, .. } => {
                        let on_open = props.on_open.clone();
                        let target = (file.clone(), *line);
                        Some(Callback::from(move |_: MouseEvent| on_open.emit(target.clone())))
                    }
                    Location::Field { path } => field_target(path).map(|target| {
                        Callback::from(move |event: MouseEvent| {
                            if let Some(from) = event.target_dyn_into::<web_sys::Element>() {
                                focus_field(&from, target.clone());
                            }
                        })
                    }),
                };
                html! {
                    <li class={classes!("finding", d.severity.as_str())}>
                        <span class="severity">{ d.severity.as_str() }</span>
                        <a class="rule" href={format!("#rule-{}", d.rule)} title="what this rule checks and why"><code>{ d.rule }</code></a>
                        <span class="message">{ &d.message }</span>
                        if let Some(open) = open {
                            <button type="button" class="link" onclick={open}>{ place(d) }</button>
                        } else {
                            <span class="place">{ place(d) }</span>
                        }
                        if let Some(fix) = &d.fix {
                            <span class="fix">{ format!("fix: {}", fix.description) }</span>
                        }
                        { apply_button(d, props.on_apply.as_ref()) }
                    </li>
                }
            }) }
        </ul>
        if limit < total {
            <p class="findings-more">
                <button type="button" onclick={on_more}>
                    { format!("Show {} more", PAGE.min(total - limit)) }
                </button>
                { format!(" ({} of {total} shown)", limit) }
            </p>
        }
        </>
    }
}

/// An "Apply fix" button for a finding whose fix safely replaces its whole line.
fn apply_button(d: &Diagnostic, on_apply: Option<&Callback<(u32, String)>>) -> Html {
    let (Some(on_apply), Some(fix), Location::Text { line, .. }) = (on_apply, &d.fix, &d.location)
    else {
        return Html::default();
    };
    let Some(replacement) = fix.replacement_line.clone() else {
        return Html::default();
    };
    let on_apply = on_apply.clone();
    let line = *line;
    let label = format!("Apply fix for {} on line {line}", d.rule);
    html! {
        <button type="button" class="apply-fix" aria-label={label}
            onclick={Callback::from(move |_: MouseEvent| on_apply.emit((line, replacement.clone())))}>
            { "Apply fix" }
        </button>
    }
}

#[function_component]
pub fn Diagnostics() -> Html {
    let bundle = use_bundle();
    let editor = use_editor();
    let selection = use_selection();
    // Text the design refused is listed first: until it is fixed, everything below
    // is about the design as it was before those edits.
    let refused: Vec<Html> = editor
        .refused()
        .map(|(field, text, error)| {
            let path = field.path().unwrap_or_default();
            let place = crate::field_labels::label(&editor.design, &path);
            let focus = field_target(&path).map(|target| {
                Callback::from(move |event: MouseEvent| {
                    if let Some(from) = event.target_dyn_into::<web_sys::Element>() {
                        focus_field(&from, target.clone());
                    }
                })
            });
            html! {
                <li class="finding error not-applied-finding">
                    <span class="severity">{ "error" }</span>
                    <span class="message">{ format!("{text:?} is not applied: {error}") }</span>
                    if let Some(focus) = focus {
                        <button type="button" class="link" onclick={focus} title={path.clone()}>{ place }</button>
                    } else {
                        <span class="place" title={path.clone()}>{ place }</span>
                    }
                </li>
            }
        })
        .collect();
    let on_open = Callback::from(move |(path, line): (String, u32)| {
        selection.set(Selection {
            path,
            line: Some(line),
        });
        if let Some(panel) = gloo::utils::document().get_element_by_id("files-heading") {
            panel.scroll_into_view();
        }
    });
    let empty = if refused.is_empty() {
        "No findings: the design and every generated file pass every rule."
    } else {
        "No findings on the design as it was before the edits above."
    };
    html! {
        <>
        if !refused.is_empty() {
            <ul class="findings not-applied-list" aria-label="Edits not applied">{ for refused }</ul>
        }
        <div class="bundle-findings" aria-busy={bundle.checking.to_string()}>
            if bundle.checking {
                <p class="checking" role="status">{ "Checking the design's files…" }</p>
            }
            <FindingList diagnostics={bundle.diagnostics.clone()} on_open={on_open} empty={empty} />
        </div>
        </>
    }
}
