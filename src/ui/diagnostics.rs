//! One panel of findings on the design and its generated files; a finding in a file
//! opens that file at its line.

use yew::prelude::*;

use super::{use_bundle, use_selection, Selection};
use crate::validate::{Diagnostic, Location};

/// A finding's place as people read it: `Dockerfile:3:1` or `design: cluster.replicas`.
pub fn place(d: &Diagnostic) -> String {
    match &d.location {
        Location::Text { file, line, column } => format!("{file}:{line}:{column}"),
        Location::Field { path } => format!("design: {path}"),
    }
}

/// A list of findings; `on_open` is called with the file and line of a text finding.
#[derive(Properties, PartialEq)]
pub struct FindingListProps {
    pub diagnostics: Vec<Diagnostic>,
    pub on_open: Callback<(String, u32)>,
    pub empty: AttrValue,
    /// Applies a safe fix: the line number and its replacement. Without it, fixes are
    /// only described.
    #[prop_or_default]
    pub on_apply: Option<Callback<(u32, String)>>,
}

#[function_component]
pub fn FindingList(props: &FindingListProps) -> Html {
    if props.diagnostics.is_empty() {
        return html! { <p class="empty">{ &props.empty }</p> };
    }
    html! {
        <ul class="findings">
            { for props.diagnostics.iter().map(|d| {
                let open = match &d.location {
                    Location::Text { file, line, .. } => {
                        let on_open = props.on_open.clone();
                        let target = (file.clone(), *line);
                        Some(Callback::from(move |_: MouseEvent| on_open.emit(target.clone())))
                    }
                    Location::Field { .. } => None,
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
    let selection = use_selection();
    let on_open = Callback::from(move |(path, line): (String, u32)| {
        selection.set(Selection {
            path,
            line: Some(line),
        });
        if let Some(panel) = gloo::utils::document().get_element_by_id("files-heading") {
            panel.scroll_into_view();
        }
    });
    html! {
        <FindingList diagnostics={bundle.diagnostics.clone()} on_open={on_open}
            empty="No findings: the design and every generated file pass every rule." />
    }
}
