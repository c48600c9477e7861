//! The request simulator: a method and URL in, each hop from the Ingress or Gateway to the Gin
//! handler out, with the status the client would see. The worker follows the request
//! (the simulator, its regex engine and the routing objects stay out of the page's
//! module); a newer request cancels the older, and the last trace stays on screen
//! until the next one arrives.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::{use_editor, work};
use crate::model::{Design, Method};
use crate::work::{Reply, Request, SimulatedHop};

/// A URL the simulator starts with: the host and prefix of the design's routing
/// layer, if any.
fn example_url(design: &Design) -> String {
    match design.cluster.published() {
        Some(published) => {
            let scheme = if published.https { "https" } else { "http" };
            let host = published.host.unwrap_or("app.example.com");
            format!("{scheme}://{host}{}/ping", published.path_prefix)
        }
        None => format!("http://{}/ping", design.service.name),
    }
}

#[function_component]
pub fn Simulator() -> Html {
    let editor = use_editor();
    let method = use_state(|| Method::Get);
    let url = use_state(|| None::<String>);
    let token = use_state(|| false);
    let json = use_state(|| false);
    let shown_url = (*url)
        .clone()
        .unwrap_or_else(|| example_url(&editor.design));
    let trace = use_state(|| None::<(Rc<Vec<SimulatedHop>>, String)>);
    {
        let trace = trace.clone();
        use_effect_with(
            (
                editor.design.clone(),
                *method,
                shown_url.clone(),
                *token,
                *json,
            ),
            move |(design, method, url, token, json)| {
                let request = work::request(
                    Request::Simulate {
                        design: Box::new(design.clone()),
                        method: *method,
                        url: url.clone(),
                        token: *token,
                        json: *json,
                    },
                    move |reply| {
                        if let Reply::Simulated { hops, status } = reply {
                            trace.set(Some((Rc::new(hops), status)));
                        }
                    },
                );
                move || work::cancel(request)
            },
        );
    }
    let (hops, status) = match &*trace {
        Some((hops, status)) => (hops.clone(), status.clone()),
        None => (Rc::new(Vec::new()), "following the request…".to_owned()),
    };

    let on_method = {
        let method = method.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Some(m) = Method::parse(&select.value()) {
                method.set(m);
            }
        })
    };
    let on_url = {
        let url = url.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            url.set(Some(input.value()));
        })
    };
    let toggle = |state: UseStateHandle<bool>| Callback::from(move |_: Event| state.set(!*state));

    html! {
        <div class="simulator">
            <div class="simulator-inputs">
                <div class="field">
                    <label for="sim-method">{ "Request method" }</label>
                    <select id="sim-method" onchange={on_method}>
                        { for Method::ALL.iter().map(|m| html! {
                            <option value={m.as_str()} selected={*m == *method}>{ m.as_str() }</option>
                        }) }
                    </select>
                </div>
                <div class="field url-field">
                    <label for="sim-url">{ "Request URL" }</label>
                    <input id="sim-url" type="text" spellcheck="false" value={shown_url.clone()} oninput={on_url} />
                </div>
                <label class="check"><input type="checkbox" checked={*token} onchange={toggle(token.clone())} />{ " Send a valid bearer token" }</label>
                <label class="check"><input type="checkbox" checked={*json} onchange={toggle(json.clone())} />{ " Send a JSON body" }</label>
            </div>
            <ol class="trace" aria-label="Request trace">
                { for hops.iter().map(|hop| html! {
                    <li><strong>{ &hop.title }</strong><span>{ &hop.detail }</span></li>
                }) }
            </ol>
            <p class="trace-status" role="status">{ status }</p>
        </div>
    }
}
