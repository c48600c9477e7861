//! The request simulator: a method and URL in, each hop from the Ingress or Gateway to the Gin
//! handler out, with the status the client would see.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::use_editor;
use crate::model::{Design, Method};
use crate::simulate::{simulate, Request};

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

/// Splits `scheme://host/path?query` into whether it is HTTPS, the host and the path;
/// without a scheme the request is plain HTTP.
fn split_url(url: &str) -> (bool, String, String) {
    let (https, rest) = match url.trim().split_once("://") {
        Some((scheme, rest)) => (scheme.eq_ignore_ascii_case("https"), rest),
        None => (false, url.trim()),
    };
    let (host, path) = match rest.find(['/', '?']) {
        Some(i) if rest.as_bytes()[i] == b'/' => (rest[..i].to_owned(), rest[i..].to_owned()),
        Some(i) => (rest[..i].to_owned(), format!("/{}", &rest[i..])),
        None => (rest.to_owned(), "/".to_owned()),
    };
    (https, host, path)
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
    let (https, host, path) = split_url(&shown_url);
    let mut request = Request::new(*method, &host, &path);
    if https {
        request = request.over_https();
    }
    if *token {
        request = request.with_token();
    }
    if *json {
        request = request.with_json();
    }
    let trace = simulate(&editor.design, &request);

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
                { for trace.hops.iter().map(|hop| html! {
                    <li><strong>{ &hop.title }</strong><span>{ &hop.detail }</span></li>
                }) }
            </ol>
            <p class="trace-status" role="status">
                { trace.summary() }
                { trace.route.as_ref().map(|r| format!(" — route {}", r.full_path)).unwrap_or_default() }
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_split_into_host_and_path() {
        assert_eq!(
            split_url("https://app.example.com/service-a/ping"),
            (true, "app.example.com".into(), "/service-a/ping".into())
        );
        assert_eq!(
            split_url("app.example.com"),
            (false, "app.example.com".into(), "/".into())
        );
        assert_eq!(
            split_url("HTTP://h?x=1"),
            (false, "h".into(), "/?x=1".into())
        );
    }
}
