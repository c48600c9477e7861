//! The generated files: a file list (one tab per file, grouped by folder, with its
//! finding count), the selected file with line numbers, syntax colours, the lines
//! the last edit changed and the lines with findings, and the copy and download
//! buttons.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::fields::use_select_value;
use super::not_applied::confirm_download;
use super::{download, session, use_bundle, use_editor, use_selection, Bundle, Selection};
use crate::archive::ZipBuilder;
use crate::bundle::{archive_folder, archive_name, front_files, GeneratedFile};
use crate::diff::changed_lines;
use crate::editor::Action;
use crate::highlight::{spans, Language};
use crate::validate::{Location, Severity};

/// The folder a file is listed under ("" for the bundle root).
fn folder(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// Findings per file: count, and the worst severity per line.
fn findings_by_file(bundle: &Bundle) -> BTreeMap<&str, BTreeMap<u32, Severity>> {
    let mut by_file: BTreeMap<&str, BTreeMap<u32, Severity>> = BTreeMap::new();
    for d in bundle.diagnostics.iter() {
        if let Location::Text { file, line, .. } = &d.location {
            let lines = by_file.entry(file.as_str()).or_default();
            let worst = lines.entry(*line).or_insert(d.severity);
            *worst = (*worst).min(d.severity);
        }
    }
    by_file
}

fn file_view(
    file: &GeneratedFile,
    changed: &BTreeSet<usize>,
    marked: Option<&BTreeMap<u32, Severity>>,
    target: Option<u32>,
) -> Html {
    let language = Language::for_path(&file.path);
    html! {
        <pre class="code"><code>
            { for file.contents.lines().enumerate().map(|(i, line)| {
                let number = i + 1;
                let finding = marked.and_then(|m| m.get(&(number as u32)));
                let class = classes!(
                    "line",
                    changed.contains(&number).then_some("changed"),
                    finding.map(|s| format!("finding-{}", s.as_str())),
                    (target == Some(number as u32)).then_some("target"),
                );
                html! {
                    // Line numbers come from a CSS counter, so copying or reading the
                    // text never picks them up.
                    <span class={class} id={format!("line-{number}")}>
                        { for spans(language, line).into_iter().map(|(class, text)| {
                            if class.css().is_empty() {
                                html! { { text } }
                            } else {
                                html! { <span class={class.css()}>{ text }</span> }
                            }
                        }) }
                        { "\n" }
                    </span>
                }
            }) }
        </code></pre>
    }
}

/// Scrolls the file panel (not the page) so its first changed line is in view. A
/// hidden panel (narrow screens showing the design) has no layout: the view switch
/// calls this again when it shows the files.
pub fn reveal_first_change(panel: &web_sys::HtmlElement) {
    let line = panel
        .query_selector(".line.changed")
        .ok()
        .flatten()
        .and_then(|l| l.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(line) = line {
        let height = panel.client_height();
        if height == 0 {
            return;
        }
        let top = line.offset_top();
        let shown_top = panel.scroll_top();
        if top < shown_top || top > shown_top + height - 40 {
            panel.set_scroll_top((top - height / 3).max(0));
        }
        // On narrow screens the files are all there is on screen, and the panel may
        // reach past the window: the page scrolls too. On wide screens the page's
        // scroll is the design's, which the user is editing: it stays.
        let window = gloo::utils::window();
        let (width, view) = (
            window
                .inner_width()
                .ok()
                .and_then(|w| w.as_f64())
                .unwrap_or(0.0),
            window
                .inner_height()
                .ok()
                .and_then(|h| h.as_f64())
                .unwrap_or(0.0),
        );
        if width <= 900.0 && view > 0.0 {
            let rect = line.get_bounding_client_rect();
            if rect.top() < 80.0 || rect.bottom() > view - 20.0 {
                window.scroll_by_with_x_and_y(0.0, rect.top() - view / 3.0);
            }
        }
    }
}

/// A download the user asked for.
#[derive(Clone, Debug, PartialEq)]
enum Download {
    /// One file, by path.
    File(String),
    /// The whole bundle as a zip.
    Zip,
}

/// Packs `files` a slice at a time: after each ~8 ms of work it reports progress and
/// yields to the browser, so a large bundle never freezes the page. The first yield
/// comes before any work, letting the progress bar paint.
async fn build_zip(
    folder: &str,
    files: &[GeneratedFile],
    progress: impl Fn(usize, usize),
) -> Result<Vec<u8>, crate::archive::ArchiveError> {
    const SLICE_MS: f64 = 8.0;
    let now = || gloo::utils::window().performance().map_or(0.0, |p| p.now());
    let breathe = || yew::platform::time::sleep(std::time::Duration::ZERO);
    breathe().await;
    let mut archive = ZipBuilder::new(folder);
    let mut slice_start = now();
    for (i, file) in files.iter().enumerate() {
        archive.add(file)?;
        if now() - slice_start > SLICE_MS {
            progress(i + 1, files.len());
            breathe().await;
            slice_start = now();
        }
    }
    progress(files.len(), files.len());
    archive.finish()
}

/// Whether an edit brings a file forward, decided once per design.
struct FrontState {
    /// The design last rendered.
    design: crate::model::Design,
    /// The file shown when that design first rendered: a tab picked after the edit,
    /// while its files were still being made, is the user's choice and stays.
    shown: String,
    /// Whether the decision for that design is made.
    decided: bool,
    /// How many decisions have been made (what the effect that acts on one keys on).
    decisions: u64,
}

#[function_component]
pub fn Files() -> Html {
    let editor = use_editor();
    let bundle = use_bundle();
    let selection = use_selection();
    // The bundle of the design before the last edit, to highlight what that edit
    // changed: the page's files come at once and the worker's a moment later, and both
    // are compared with the last complete bundle (the worker's files in) of an
    // earlier design. Kept: (that baseline, the design of the last complete bundle,
    // the last complete bundle).
    let seen = use_mut_ref(|| (bundle.clone(), editor.design.clone(), bundle.clone()));
    let baseline = {
        let mut seen = seen.borrow_mut();
        if !bundle.checking {
            if seen.1 != editor.design {
                seen.0 = seen.2.clone();
                seen.1 = editor.design.clone();
            }
            seen.2 = bundle.clone();
        }
        if seen.1 == editor.design {
            seen.0.clone()
        } else {
            seen.2.clone()
        }
    };
    // Whether the user keeps the shown file in front whatever they edit.
    let pinned = use_state(|| false);
    let problem = use_state(|| None::<String>);
    let copied = use_state(|| false);
    // Files packed so far and in all while a zip is being built.
    let zipping = use_state(|| None::<(usize, usize)>);
    let files = &bundle.files;
    let index = files
        .iter()
        .position(|f| f.path == selection.path)
        .unwrap_or(0);
    let current = files.get(index).cloned();
    let findings = findings_by_file(&bundle);

    // Bring a line a diagnostic pointed at into view.
    use_effect_with(selection.clone(), |selection| {
        if let Some(line) = selection.line {
            if let Some(element) =
                gloo::utils::document().get_element_by_id(&format!("line-{line}"))
            {
                element.scroll_into_view();
            }
        }
    });

    // A download asked for while the worker is still making the manifests waits for
    // them: the file or zip must hold the bundle of the design shown.
    let waiting = use_state(|| None::<Download>);
    let start_download = {
        let problem = problem.clone();
        let zipping = zipping.clone();
        let name = archive_name(&editor.design);
        let folder = archive_folder(&editor.design);
        Rc::new(move |bundle: Rc<Bundle>, what: Download| match what {
            Download::File(path) => {
                if let Some(file) = bundle.files.iter().find(|f| f.path == path) {
                    problem.set(
                        download::save(
                            file.file_name(),
                            file.media_type(),
                            file.contents.as_bytes(),
                        )
                        .err(),
                    );
                }
            }
            Download::Zip => {
                zipping.set(Some((0, bundle.files.len())));
                let (problem, zipping, name) = (problem.clone(), zipping.clone(), name.clone());
                let folder = folder.clone();
                yew::platform::spawn_local(async move {
                    let result = build_zip(&folder, &bundle.files, |done, total| {
                        zipping.set(Some((done, total)))
                    })
                    .await
                    .map_err(|e| e.to_string())
                    .and_then(|bytes| download::save(&name, "application/zip", &bytes));
                    zipping.set(None);
                    problem.set(result.err());
                });
            }
        })
    };
    {
        let (waiting, start_download, bundle) =
            (waiting.clone(), start_download.clone(), bundle.clone());
        use_effect_with(
            (bundle.checking, (*waiting).clone()),
            move |(checking, wanted)| {
                if let (false, Some(what)) = (*checking, wanted.clone()) {
                    waiting.set(None);
                    start_download(bundle, what);
                }
            },
        );
    }
    let ask_download = {
        let (editor, bundle, waiting, zipping) = (
            editor.clone(),
            bundle.clone(),
            waiting.clone(),
            zipping.clone(),
        );
        Rc::new(move |what: Download| {
            let noun = match what {
                Download::File(_) => "The file",
                Download::Zip => "The bundle",
            };
            if zipping.is_some() || !confirm_download(&editor, noun) {
                return;
            }
            if bundle.checking {
                waiting.set(Some(what));
            } else {
                start_download(bundle.clone(), what);
            }
        })
    };
    let on_download_file = {
        let (ask_download, current) = (ask_download.clone(), current.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(file) = &current {
                ask_download(Download::File(file.path.clone()));
            }
        })
    };
    let on_download_bundle = Callback::from(move |_: MouseEvent| ask_download(Download::Zip));
    let on_copy = {
        let current = current.clone();
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(file) = &current {
                session::copy(&file.contents);
                copied.set(true);
            }
        })
    };
    let on_key = {
        let selection = selection.clone();
        let bundle = bundle.clone();
        Callback::from(move |event: KeyboardEvent| {
            let count = bundle.files.len();
            if count == 0 {
                return;
            }
            let next = match event.key().as_str() {
                "ArrowDown" | "ArrowRight" => (index + 1) % count,
                "ArrowUp" | "ArrowLeft" => (index + count - 1) % count,
                "Home" => 0,
                "End" => count - 1,
                _ => return,
            };
            event.prevent_default();
            selection.set(Selection {
                path: bundle.files[next].path.clone(),
                line: None,
            });
            if let Some(tab) =
                gloo::utils::document().get_element_by_id(&format!("file-tab-{next}"))
            {
                if let Some(tab) = tab.dyn_ref::<web_sys::HtmlElement>() {
                    // Focus follows the selected tab, as the ARIA tabs pattern expects.
                    let _ = tab.focus();
                }
            }
        })
    };

    let mut last_folder = None;
    let tabs = files.iter().enumerate().map(|(i, file)| {
        let heading = folder(&file.path);
        let show_heading = last_folder != Some(heading) && !heading.is_empty();
        last_folder = Some(heading);
        let is_selected = i == index;
        let count = findings.get(file.path.as_str()).map_or(0, BTreeMap::len);
        let on_select = {
            let selection = selection.clone();
            let copied = copied.clone();
            let path = file.path.clone();
            Callback::from(move |_: MouseEvent| {
                selection.set(Selection {
                    path: path.clone(),
                    line: None,
                });
                copied.set(false);
            })
        };
        html! {
            <>
                if show_heading {
                    <span class="folder" aria-hidden="true">{ format!("{heading}/") }</span>
                }
                <button type="button" role="tab" id={format!("file-tab-{i}")}
                    class={classes!((!heading.is_empty()).then_some("nested"))}
                    aria-selected={is_selected.to_string()} aria-controls="file-panel"
                    tabindex={if is_selected { "0" } else { "-1" }}
                    onclick={on_select}>
                    { &file.path }
                    if count > 0 {
                        <span class="badge" title={format!("{count} line(s) with findings")}>
                            <span class="visually-hidden">{ ", findings on " }</span>{ count }
                        </span>
                    }
                </button>
            </>
        }
    });
    let changes_of = |file: &GeneratedFile| -> BTreeSet<usize> {
        match baseline.files.iter().find(|f| f.path == file.path) {
            // A new file is all new.
            None => changed_lines("", &file.contents).into_iter().collect(),
            // The worker had not written it yet: nothing to compare with.
            Some(before) if before.contents.is_empty() => BTreeSet::new(),
            Some(before) => changed_lines(&before.contents, &file.contents)
                .into_iter()
                .collect(),
        }
    };
    let changed: BTreeSet<usize> = current.as_ref().map(changes_of).unwrap_or_default();
    // An edit brings the file it shows best to the front, unless the file shown
    // changed too or is pinned. Decided once per design, when the worker's files of
    // the design are in (until then a manifest on screen may not show its change
    // yet), and never again for that design: a tab the user picks afterwards stays
    // picked, even while the edit is still the last one.
    let front_state = use_mut_ref(|| FrontState {
        design: editor.design.clone(),
        shown: selection.path.clone(),
        decided: false,
        decisions: 0,
    });
    let (picked_since, deciding) = {
        let mut state = front_state.borrow_mut();
        if state.design != editor.design {
            state.design = editor.design.clone();
            state.shown = selection.path.clone();
            state.decided = false;
        }
        let deciding = !bundle.checking && !state.decided;
        if deciding {
            state.decided = true;
            state.decisions += 1;
        }
        (state.shown != selection.path, deciding)
    };
    let front = (deciding && !*pinned && !picked_since && changed.is_empty())
        .then(|| editor.last_field().and_then(|field| field.path()))
        .flatten()
        .and_then(|path| {
            // A file the worker had not written before the edit has no before to
            // compare with: it still comes forward, unhighlighted.
            let unknown = |f: &GeneratedFile| {
                baseline
                    .files
                    .iter()
                    .any(|b| b.path == f.path && b.contents.is_empty())
            };
            front_files(&path).iter().find_map(|wanted| {
                files
                    .iter()
                    .find(|f| f.path == *wanted && !f.contents.is_empty())
                    .filter(|f| unknown(f) || !changes_of(f).is_empty())
                    .map(|f| f.path.clone())
            })
        })
        .filter(|path| *path != selection.path);
    {
        let selection = selection.clone();
        let decision = front_state.borrow().decisions;
        use_effect_with((front, decision), move |(front, _)| {
            if let Some(path) = front {
                selection.set(Selection {
                    path: path.clone(),
                    line: None,
                });
            }
        });
    }
    // The first changed line is scrolled into the file's own view (the design pane,
    // where the user is typing, does not move).
    let panel = use_node_ref();
    {
        let panel = panel.clone();
        let first = changed.first().copied();
        use_effect_with((selection.path.clone(), first), move |(_, first)| {
            if let (Some(_), Some(panel)) = (first, panel.cast::<web_sys::HtmlElement>()) {
                reveal_first_change(&panel);
            }
        });
    }
    // The compact picker narrow embeds show instead of the list of tabs.
    let on_pick = {
        let (selection, bundle, copied) = (selection.clone(), bundle.clone(), copied.clone());
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            if let Some(file) = bundle.files.iter().find(|f| f.path == select.value()) {
                selection.set(Selection {
                    path: file.path.clone(),
                    line: None,
                });
                copied.set(false);
            }
        })
    };
    let picker = use_select_value(current.as_ref().map(|f| f.path.clone()).unwrap_or_default());
    let on_pin = {
        let pinned = pinned.clone();
        Callback::from(move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            pinned.set(input.checked());
        })
    };

    // A design of the team's own project: say plainly what the bundle is, and offer
    // the scaffold (one undoable step).
    let deploy_only = editor.design.project.as_ref().map(|project| {
        let on_full = {
            let editor = editor.clone();
            Callback::from(move |_: MouseEvent| editor.dispatch(Action::FullScaffold))
        };
        html! {
            <div class="deploy-only notice" role="note">
                <strong>{ "Deploy-only: " }</strong>
                { "your project's Go code stays yours; this bundle holds the files to build and deploy it (main package " }
                <code>{ project.main_package.clone() }</code>
                { "). " }
                <button type="button" onclick={on_full}>{ "Generate the full Gin scaffold instead" }</button>
            </div>
        }
    });

    html! {
        <div class="files-view">
            <div class="file-picker">
                <label for="file-picker">{ "File" }</label>
                <select id="file-picker" ref={picker} onchange={on_pick}>
                    { for files.iter().map(|file| {
                        let count = findings.get(file.path.as_str()).map_or(0, BTreeMap::len);
                        let text = if count > 0 {
                            format!("{} ({count} with findings)", file.path)
                        } else {
                            file.path.clone()
                        };
                        html! { <option value={file.path.clone()} selected={current.as_ref().is_some_and(|c| c.path == file.path)}>{ text }</option> }
                    }) }
                </select>
            </div>
            <div class="tabs" role="tablist" aria-label="Generated files" aria-orientation="vertical" onkeydown={on_key}>
                { for tabs }
            </div>
            <div class="file-main">
                { deploy_only.unwrap_or_default() }
                <div class="file-actions">
                    <button type="button" onclick={on_copy}>{ if *copied { "Copied" } else { "Copy" } }</button>
                    <button type="button" onclick={on_download_file}>{ "Download file" }</button>
                    <button type="button" class="primary" onclick={on_download_bundle}
                        disabled={zipping.is_some()} aria-busy={zipping.is_some().to_string()}>{ "Download bundle (.zip)" }</button>
                    <span class="zip-progress" role="status">
                        if waiting.is_some() {
                            { "Waiting for the worker's files…" }
                        }
                        if let Some((done, total)) = *zipping {
                            <progress max={total.to_string()} value={done.to_string()} aria-label="Building the zip" />
                            { format!(" Building zip: {done} of {total} files") }
                        }
                    </span>
                    <label class="check pin"><input type="checkbox" checked={*pinned} onchange={on_pin} />{ " Keep this file in front" }</label>
                    if !changed.is_empty() {
                        <span class="changed-count">{ format!("{} line(s) changed by the last edit", changed.len()) }</span>
                    }
                </div>
                if let Some(problem) = &*problem {
                    <p class="field-error" role="alert">{ problem }</p>
                }
                <div class="file-panel" role="tabpanel" id="file-panel" tabindex="0" ref={panel}
                    aria-labelledby={format!("file-tab-{index}")}>
                    if current.as_ref().is_some_and(|f| f.contents.is_empty()) && bundle.checking {
                        <p class="checking" role="status">{ "Generating this file…" }</p>
                    } else {
                        { current.as_ref().map(|file| file_view(file, &changed, findings.get(file.path.as_str()), selection.line)).unwrap_or_default() }
                    }
                </div>
            </div>
        </div>
    }
}
