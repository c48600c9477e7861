//! Draws the request-path diagram ([`crate::diagram`]) as SVG. Clicking a box, or
//! pressing Enter on it, moves focus to the field that edits it (showing the design
//! first on narrow screens).

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::diagnostics::{focus_field, FieldTarget};
use super::use_editor;
use crate::diagram::{layout, Node};

fn node_view(node: &Node) -> Html {
    let lines: Vec<&str> = node.detail.lines().collect();
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
            <rect x={node.x.to_string()} y={node.y.to_string()} width={node.width.to_string()}
                height={node.height.to_string()} rx="6" />
            <text x={(node.x + 8).to_string()} y={(node.y + 17).to_string()} class="title">{ &node.title }</text>
            { for lines.iter().enumerate().map(|(i, line)| html! {
                <text x={(node.x + 8).to_string()} y={(node.y + 33 + 14 * i as u32).to_string()} class="detail">{ *line }</text>
            }) }
        </g>
    }
}

#[function_component]
pub fn Diagram() -> Html {
    let editor = use_editor();
    let diagram = use_memo(editor.design.clone(), layout);
    let edges = diagram.edges.iter().map(|edge| {
        let (a, b) = (&diagram.nodes[edge.from], &diagram.nodes[edge.to]);
        // Same row: right side to left side; otherwise bottom to top.
        let (x1, y1, x2, y2) = if a.y == b.y {
            (a.x + a.width, a.y + a.height / 2, b.x, b.y + b.height / 2)
        } else {
            (a.x + a.width / 2, a.y + a.height, b.x + b.width / 2, b.y)
        };
        html! {
            <line x1={x1.to_string()} y1={y1.to_string()} x2={x2.to_string()} y2={y2.to_string()} marker-end="url(#arrow)" />
        }
    });
    html! {
        <figure class="diagram">
            <svg viewBox={format!("0 0 {} {}", diagram.width, diagram.height)} width={diagram.width.to_string()}
                role="group" aria-label="Request path: client, ingress, service, pods, middleware and handlers">
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
