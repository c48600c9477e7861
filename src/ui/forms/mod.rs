//! The design surfaces of the page: one collapsible section per part of the design
//! (service, middleware, configuration, container, cluster, delivery), each a set of
//! fieldsets whose fields explain themselves in one line and link to the docs.
//!
//! The route tree lives in `ui::routes`; the shared controls in `ui::fields`. Every
//! change goes through `editor::apply` like everything else on the page.

mod cluster;
mod config;
mod container;
mod delivery;
pub mod docs;
mod middleware;
mod service;

pub use cluster::ClusterForm;
pub use config::ConfigForm;
pub use container::ContainerForm;
pub use delivery::DeliveryForm;
pub use middleware::MiddlewareForm;
pub use service::ServiceForm;

use std::cell::RefCell;

use yew::prelude::*;

/// A section of the design form that the user can fold away: `id` is its heading's
/// id, which labels it. A plain function, not a component: a component would compare
/// its whole body with the last one on every render before drawing it anyway.
pub fn surface(id: &'static str, title: &'static str, class: &'static str, body: Html) -> Html {
    html! {
        <section class={classes!("surface", (!class.is_empty()).then_some(class))} aria-labelledby={id}>
            <details open=true>
                <summary>
                    <h3 id={id} tabindex="-1">{ title }</h3>
                </summary>
                <div class="surface-body">{ body }</div>
            </details>
        </section>
    }
}

thread_local! {
    /// Where keyboard focus goes once the page has re-rendered: the part of the page
    /// that carries it out, an id, and another for when that element is missing or
    /// disabled.
    static PENDING_FOCUS: RefCell<Option<FocusRequest>> = const { RefCell::new(None) };
}

/// Moves keyboard focus to the element with this id once the page has re-rendered,
/// or to `fallback` when that one is missing or disabled. Lists are keyed by
/// position, so after a move the element that held focus shows another item: focus
/// has to follow the item to where it went. The move happens in the effect of
/// [`use_pending_focus`], that is after Yew has updated the DOM (a timer could fire
/// in the middle of a long render).
pub fn focus_later(part: &'static str, id: String, fallback: Option<String>) {
    PENDING_FOCUS.with(|pending| *pending.borrow_mut() = Some((part, id, fallback)));
}

type FocusRequest = (&'static str, String, Option<String>);

/// Carries out the [`focus_later`] requests made for `part` after each render of the
/// calling component, looking for the element inside the returned node (a page may
/// hold more than one app, as the browser tests do, and ids are unique only in one).
#[hook]
pub fn use_pending_focus(part: &'static str) -> NodeRef {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect(move || {
            let Some(scope) = node.cast::<web_sys::Element>() else {
                return;
            };
            let request = PENDING_FOCUS.with(|pending| {
                let mut pending = pending.borrow_mut();
                match pending.as_ref() {
                    Some((owner, _, _)) if *owner == part => pending.take(),
                    _ => None,
                }
            });
            let Some((_, id, fallback)) = request else {
                return;
            };
            let usable =
                |id: &str| super::by_id(&scope, id).filter(|el| !el.has_attribute("disabled"));
            if let Some(element) = usable(&id).or_else(|| fallback.as_deref().and_then(usable)) {
                // Focus is a convenience: if the browser refuses, the move still happened.
                let _ = element.focus();
            }
        });
    }
    node
}
