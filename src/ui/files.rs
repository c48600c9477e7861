//! The generated files: one tab per file, its text, and the download buttons.

use yew::prelude::*;

use super::{download, use_editor};
use crate::archive::zip;
use crate::bundle::{archive_name, render};

#[function_component]
pub fn Files() -> Html {
    let editor = use_editor();
    let files = use_memo(editor.design.clone(), render);
    let selected = use_state(|| 0_usize);
    let problem = use_state(|| None::<String>);
    let index = (*selected).min(files.len().saturating_sub(1));

    let on_download_file = {
        let files = files.clone();
        let problem = problem.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(file) = files.get(index) {
                problem.set(
                    download::save(
                        file.file_name(),
                        file.media_type(),
                        file.contents.as_bytes(),
                    )
                    .err(),
                );
            }
        })
    };
    let on_download_bundle = {
        let files = files.clone();
        let problem = problem.clone();
        let name = archive_name(&editor.design);
        Callback::from(move |_: MouseEvent| {
            let result = zip(&files)
                .map_err(|e| e.to_string())
                .and_then(|bytes| download::save(&name, "application/zip", &bytes));
            problem.set(result.err());
        })
    };
    let on_key = {
        let selected = selected.clone();
        let count = files.len();
        Callback::from(move |event: KeyboardEvent| {
            let next = match event.key().as_str() {
                "ArrowRight" => (index + 1) % count,
                "ArrowLeft" => (index + count - 1) % count,
                "Home" => 0,
                "End" => count - 1,
                _ => return,
            };
            event.prevent_default();
            selected.set(next);
            if let Some(tab) =
                gloo::utils::document().get_element_by_id(&format!("file-tab-{next}"))
            {
                use wasm_bindgen::JsCast;
                if let Some(tab) = tab.dyn_ref::<web_sys::HtmlElement>() {
                    // Focus follows the selected tab, as the ARIA tabs pattern expects.
                    let _ = tab.focus();
                }
            }
        })
    };

    let tabs = files.iter().enumerate().map(|(i, file)| {
        let selected = selected.clone();
        let is_selected = i == index;
        html! {
            <button type="button" role="tab" id={format!("file-tab-{i}")}
                aria-selected={is_selected.to_string()} aria-controls="file-panel"
                tabindex={if is_selected { "0" } else { "-1" }}
                onclick={Callback::from(move |_: MouseEvent| selected.set(i))}>
                { &file.path }
            </button>
        }
    });
    let contents = files
        .get(index)
        .map(|f| f.contents.clone())
        .unwrap_or_default();

    html! {
        <>
            <div class="tabs" role="tablist" aria-label="Generated files" onkeydown={on_key}>
                { for tabs }
            </div>
            <div class="file-actions">
                <button type="button" onclick={on_download_file}>{ "Download file" }</button>
                <button type="button" class="primary" onclick={on_download_bundle}>{ "Download bundle (.zip)" }</button>
            </div>
            if let Some(problem) = &*problem {
                <p class="field-error" role="alert">{ problem }</p>
            }
            <div class="file-panel" role="tabpanel" id="file-panel" tabindex="0"
                aria-labelledby={format!("file-tab-{index}")}>
                <pre><code>{ contents }</code></pre>
            </div>
        </>
    }
}
