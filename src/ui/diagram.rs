//! Draws the request-path diagram ([`crate::diagram`]) as SVG. Clicking a box, or
//! pressing Enter on it, moves focus to the field that edits it (showing the design
//! first on narrow screens).

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::diagnostics::{focus_field, FieldTarget};
use super::use_editor;
use crate::diagram::{layout, Node};

fn node_view(node: &Node) -> Html {
    let lines = node.shown_detail();
    // The full text, for a cut line: the tooltip and what assistive technology reads.
    let full = if node.detail.is_empty() {
        node.title.clone()
    } else {
        format!("{}: {}", node.title, node.detail.replace('\n', ", "))
    };
    let edits = node.edits;
    let activate = move |event: &Event| {
        let from = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        if let (Some(id), Some(from)) = (edits, from) {
            let target = FieldTarget {
                open: None,
                focus: id.to_owned(),
            };
            focus_field(&from, target);
        }
    };
    let on_click = Callback::from(move |event: MouseEvent| activate(&event));
    let on_key = Callback::from(move |event: KeyboardEvent| {
        if event.key() == "Enter" || event.key() == " " {
            event.prevent_default();
            activate(&event);
        }
    });
    html! {
        <g class={classes!("node", node.kind.as_str())} role={edits.map(|_| "button")}
            tabindex={edits.map(|_| "0")}
            onclick={on_click} onkeydown={on_key}>
            <title>{ full }</title>
            <rect x={node.x.to_string()} y={node.y.to_string()} width={node.width.to_string()}
                height={node.height.to_string()} rx="6" />
            <text x={(node.x + 8).to_string()} y={(node.y + 17).to_string()} class="title">{ node.shown_title() }</text>
            { for lines.iter().enumerate().map(|(i, line)| html! {
                <text x={(node.x + 8).to_string()} y={(node.y + 33 + 14 * i as u32).to_string()} class="detail">{ line.clone() }</text>
            }) }
        </g>
    }
}

#[function_component]
pub fn Diagram() -> Html {
    let editor = use_editor();
    let diagram = use_memo(editor.design.clone(), layout);
    let edges = diagram.edges.iter().map(|edge| {
        let points = diagram
            .route(edge)
            .iter()
            .map(|(x, y)| format!("{x},{y}"))
            .collect::<Vec<_>>()
            .join(" ");
        html! {
            <polyline points={points} fill="none" marker-end="url(#arrow)" />
        }
    });
    html! {
        <figure class="diagram">
            <svg viewBox={format!("0 0 {} {}", diagram.width, diagram.height)} width={diagram.width.to_string()}
                role="group" aria-label="Request path: client, routing, service, pods, middleware and handlers">
                <defs>
                    <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z" />
                    </marker>
                </defs>
                <g class="edges">{ for edges }</g>
                { for diagram.nodes.iter().map(node_view) }
            </svg>
        </figure>
    }
}
