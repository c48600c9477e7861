//! The rule docs, browsable in the page: every rule's id, severity, title, why it
//! matters, and an example that fires and one that does not. Findings link here.
//!
//! A family's rules are rendered only while its disclosure is open (or a filter
//! matches them): all of them are two thirds of the page's elements, which the first
//! render would otherwise pay for. A link to `#rule-<id>` opens the family first and
//! then scrolls to the rule.

use std::collections::BTreeSet;
use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::work;
use crate::work::{Reply, Request, RuleDoc, RuleFamily};

/// The family holding the rule a `#rule-<id>` fragment names.
fn family_of(families: &[RuleFamily], hash: &str) -> Option<String> {
    let id = hash.strip_prefix("#rule-")?;
    families
        .iter()
        .find(|f| f.rules.iter().any(|r| r.id == id))
        .map(|f| f.name.clone())
}

fn rule_view(r: &RuleDoc) -> Html {
    html! {
        <article class="rule" id={format!("rule-{}", r.id)}>
            <h3><code>{ &r.id }</code>{ " " }<span class={classes!("severity", r.severity.as_str())}>{ r.severity.as_str() }</span>{ " " }{ &r.title }</h3>
            <p>{ &r.why }</p>
            <div class="examples">
                <div><span class="label">{ "fires" }</span><pre>{ &r.bad_example }</pre></div>
                <div><span class="label">{ "quiet" }</span><pre>{ &r.good_example }</pre></div>
            </div>
        </article>
    }
}

#[function_component]
pub fn RuleDocs() -> Html {
    // The docs are the worker's: they come with its module, not the page's.
    let families = use_state(|| Rc::new(Vec::<RuleFamily>::new()));
    {
        let families = families.clone();
        use_effect_with((), move |_| {
            let id = work::request(Request::Rules, move |reply| {
                if let Reply::Rules { families: docs } = reply {
                    families.set(Rc::new(docs));
                }
            });
            move || work::cancel(id)
        });
    }
    let families = (*families).clone();
    let filter = use_state(String::new);
    let open = use_state(BTreeSet::<String>::new);
    // The rule a fragment asked for, to scroll to once its family is rendered.
    let wanted = use_mut_ref(|| None::<String>);
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            filter.set(input.value());
        })
    };

    // Follow `#rule-<id>` fragments: at start-up and whenever a finding's link is
    // followed.
    {
        let (families, open, wanted) = (families.clone(), open.clone(), wanted.clone());
        use_effect_with(families.len(), move |_| {
            let follow = move || {
                let hash = gloo::utils::window().location().hash().unwrap_or_default();
                if let Some(family) = family_of(&families, &hash) {
                    let mut now = (*open).clone();
                    now.insert(family);
                    open.set(now);
                    *wanted.borrow_mut() = Some(hash[1..].to_owned());
                }
            };
            follow();
            let listener =
                gloo::events::EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                    follow()
                });
            move || drop(listener)
        });
    }
    // After a render that opened the family, bring the wanted rule into view.
    {
        let wanted = wanted.clone();
        use_effect(move || {
            let id = wanted.borrow_mut().take();
            if let Some(id) = id {
                match gloo::utils::document().get_element_by_id(&id) {
                    Some(element) => element.scroll_into_view(),
                    // Not rendered yet: try after the next render.
                    None => *wanted.borrow_mut() = Some(id),
                }
            }
        });
    }

    let needle = filter.trim().to_ascii_lowercase();
    html! {
        <div class="rule-docs" aria-busy={families.is_empty().to_string()}>
            <label for="rule-filter">{ "Find a rule (id or words)" }</label>
            <input id="rule-filter" type="search" value={(*filter).clone()} oninput={on_filter} placeholder="DL3007, latest, probe…" />
            if families.is_empty() {
                <p class="checking" role="status">{ "Loading the rule docs…" }</p>
            }
            { for families.iter().map(|f| {
                let (family, rules) = (f.name.clone(), &f.rules);
                let shown: Vec<_> = rules
                    .iter()
                    .filter(|r| needle.is_empty()
                        || r.id.to_ascii_lowercase().contains(&needle)
                        || r.title.to_ascii_lowercase().contains(&needle)
                        || r.why.to_ascii_lowercase().contains(&needle))
                    .collect();
                let filtering = !needle.is_empty();
                let is_open = filtering || open.contains(&family);
                let on_toggle = {
                    let (open, family) = (open.clone(), family.clone());
                    Callback::from(move |event: Event| {
                        // A filter opens every family for as long as it is typed; only
                        // the user's own toggles are remembered.
                        if filtering {
                            return;
                        }
                        let details: web_sys::Element = event.target_unchecked_into();
                        let now_open = details.has_attribute("open");
                        if now_open != open.contains(&family) {
                            let mut next = (*open).clone();
                            if now_open {
                                next.insert(family.clone());
                            } else {
                                next.remove(&family);
                            }
                            open.set(next);
                        }
                    })
                };
                html! {
                    <details open={is_open} ontoggle={on_toggle}>
                        <summary>{ format!("{family} ({} of {} rules)", shown.len(), rules.len()) }</summary>
                        if is_open {
                            { for shown.into_iter().map(rule_view) }
                        }
                    </details>
                }
            }) }
        </div>
    }
}
