//! The rule docs, browsable in the page: every rule's id, severity, title, why it
//! matters, and an example that fires and one that does not. Findings link here.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::validate::all_rules;

#[function_component]
pub fn RuleDocs() -> Html {
    let families = use_memo((), |_| all_rules());
    let filter = use_state(String::new);
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            filter.set(input.value());
        })
    };
    let needle = filter.trim().to_ascii_lowercase();
    html! {
        <div class="rule-docs">
            <label for="rule-filter">{ "Find a rule (id or words)" }</label>
            <input id="rule-filter" type="search" value={(*filter).clone()} oninput={on_filter} placeholder="DL3007, latest, probe…" />
            { for families.iter().map(|(family, rules)| {
                let shown: Vec<_> = rules
                    .iter()
                    .filter(|r| needle.is_empty()
                        || r.id.to_ascii_lowercase().contains(&needle)
                        || r.title.to_ascii_lowercase().contains(&needle)
                        || r.why.to_ascii_lowercase().contains(&needle))
                    .collect();
                html! {
                    <details open={!needle.is_empty()}>
                        <summary>{ format!("{family} ({} of {} rules)", shown.len(), rules.len()) }</summary>
                        { for shown.into_iter().map(|r| html! {
                            <article class="rule" id={format!("rule-{}", r.id)}>
                                <h3><code>{ r.id }</code>{ " " }<span class={classes!("severity", r.severity.as_str())}>{ r.severity.as_str() }</span>{ " " }{ r.title }</h3>
                                <p>{ r.why }</p>
                                <div class="examples">
                                    <div><span class="label">{ "fires" }</span><pre>{ r.bad_example }</pre></div>
                                    <div><span class="label">{ "quiet" }</span><pre>{ r.good_example }</pre></div>
                                </div>
                            </article>
                        }) }
                    </details>
                }
            }) }
        </div>
    }
}
