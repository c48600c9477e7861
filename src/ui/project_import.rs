//! "Start from your Gin project": the page's front door for a team's existing
//! project. A folder (picked or dropped), an archive of it, or pasted Go files are
//! read in the page — nothing is uploaded — and handed to the worker, which unpacks
//! and reads them ([`crate::work::Request::ImportProject`]); the page shows what was
//! found and, on request, replaces the design with the deploy-only one, asking
//! first when that would replace changes, one Undo away.
//!
//! Files are read one at a time, each on its own turn of the event loop (the
//! browser's `Blob.text()`), with a progress line; folders the reader skips are
//! never entered, and what it does not want is never read.

use std::rc::Rc;

use js_sys::{Array, Promise, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{
    DragEvent, File, FileSystemDirectoryEntry, FileSystemEntry, FileSystemFileEntry,
    HtmlInputElement, HtmlTextAreaElement,
};
use yew::prelude::*;

use super::{use_editor, work};
use crate::editor::Action;
use crate::goproject::{skipped_folder, wanted, Intake, MAX_TOTAL_BYTES};
use crate::unpack::MAX_ARCHIVE_BYTES;
use crate::work::{ProjectFile, ProjectSummary, Reply, Request};

#[derive(Properties, PartialEq)]
pub struct ProjectImportProps {
    /// Whether the design may be replaced by the named one (asks when the user has
    /// changes); the design menu's own rule for presets.
    pub replace_asks: Callback<String, bool>,
}

/// Where the reading of a project stands.
#[derive(Clone, PartialEq)]
enum Phase {
    Idle,
    /// Files read in the page so far, of how many.
    Reading {
        done: usize,
        total: usize,
    },
    /// The worker has the files; how many it has taken in.
    Unpacking {
        files: usize,
    },
    Review {
        folder: String,
        summary: Rc<ProjectSummary>,
    },
    Failed(String),
    Used(String),
}

/// Something picked or dropped, before it is read.
enum Pick {
    /// Files of a folder, with their paths (the folder's name first).
    Files(Vec<(String, File)>),
    /// One archive file.
    Archive(File),
    /// Go files pasted as text.
    Pasted(String),
}

/// Whether a file name is an archive the worker unpacks.
fn is_archive(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.ends_with(".zip") || name.ends_with(".tar.gz") || name.ends_with(".tgz")
}

/// The folder a set of paths shares, or the archive's name without its extension:
/// it names the service when `go.mod` does not.
fn folder_of(path: &str) -> String {
    let first = path.split('/').next().unwrap_or_default();
    let lower = first.to_ascii_lowercase();
    for ext in [".tar.gz", ".tgz", ".zip"] {
        if lower.ends_with(ext) {
            return first[..first.len() - ext.len()].to_owned();
        }
    }
    if path.contains('/') {
        first.to_owned()
    } else {
        String::new()
    }
}

/// A file's path in a picked folder (`webkitRelativePath`, which web-sys does not
/// bind), or its name.
fn relative_path(file: &File) -> String {
    js_sys::Reflect::get(file, &JsValue::from_str("webkitRelativePath"))
        .ok()
        .and_then(|v| v.as_string())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| file.name())
}

/// A path below the folder it starts with (`shop/cmd/main.go` → `cmd/main.go`).
fn below_root(path: &str) -> &str {
    path.split_once('/').map_or(path, |(_, rest)| rest)
}

/// The entries of a dropped folder, every batch of its reader.
async fn folder_entries(folder: &FileSystemDirectoryEntry) -> Result<Vec<FileSystemEntry>, String> {
    let reader = folder.create_reader();
    let mut all = Vec::new();
    loop {
        let batch = Promise::new(&mut |resolve, reject| {
            if let Err(error) = reader.read_entries_with_callback_and_callback(&resolve, &reject) {
                let _ = reject.call1(&JsValue::NULL, &error);
            }
        });
        let batch: Array = JsFuture::from(batch)
            .await
            .map_err(|_| format!("the folder {} could not be read", folder.full_path()))?
            .unchecked_into();
        if batch.length() == 0 {
            return Ok(all);
        }
        all.extend(batch.iter().map(JsCast::unchecked_into::<FileSystemEntry>));
    }
}

/// The file behind a dropped folder's entry.
async fn entry_file(entry: &FileSystemFileEntry) -> Result<File, String> {
    let file = Promise::new(&mut |resolve, reject| {
        entry.file_with_callback_and_callback(&resolve, &reject);
    });
    JsFuture::from(file)
        .await
        .map(JsCast::unchecked_into)
        .map_err(|_| format!("{} could not be read", entry.full_path()))
}

/// Every file of the dropped entries the reader wants, skipped folders never
/// entered. A single dropped archive is an archive.
async fn dropped(entries: Vec<FileSystemEntry>) -> Result<Pick, String> {
    if let [entry] = entries.as_slice() {
        if entry.is_file() && is_archive(&entry.name()) {
            return Ok(Pick::Archive(entry_file(entry.unchecked_ref()).await?));
        }
    }
    let mut files = Vec::new();
    // (path, entry, whether it was dropped itself): a dropped folder is the
    // project's root, whatever its name; below it, what the reader skips is skipped.
    let mut stack: Vec<(String, FileSystemEntry, bool)> =
        entries.into_iter().map(|e| (e.name(), e, true)).collect();
    stack.reverse();
    while let Some((path, entry, top)) = stack.pop() {
        if entry.is_directory() {
            if !top && skipped_folder(&entry.name()) {
                continue;
            }
            // In the browser's order: the reader sorts what it reads by path.
            let inner = folder_entries(entry.unchecked_ref()).await?;
            for child in inner.into_iter().rev() {
                stack.push((format!("{path}/{}", child.name()), child, false));
            }
        } else if entry.is_file() && wanted(if top { &path } else { below_root(&path) }) {
            files.push((path, entry_file(entry.unchecked_ref()).await?));
        }
    }
    Ok(Pick::Files(files))
}

/// A `Blob.text()` or `arrayBuffer()` promise's value.
async fn settle(promise: Promise, name: &str) -> Result<JsValue, String> {
    JsFuture::from(promise)
        .await
        .map_err(|_| format!("{name} could not be read"))
}

#[function_component]
pub fn ProjectImport(props: &ProjectImportProps) -> Html {
    let editor = use_editor();
    let phase = use_state(|| Phase::Idle);
    // Each pick gets a number; an older read stops when a newer one begins.
    let generation = use_mut_ref(|| 0u32);
    let request = use_mut_ref(|| None::<u32>);
    let paste = use_node_ref();

    // Reads what was picked, a file per turn of the event loop, then hands it to the
    // worker.
    let start = {
        let (phase, generation, request) = (phase.clone(), generation.clone(), request.clone());
        Rc::new(move |pick: Result<Pick, String>| {
            let mine = {
                let mut generation = generation.borrow_mut();
                *generation = generation.wrapping_add(1);
                *generation
            };
            if let Some(old) = request.borrow_mut().take() {
                work::cancel(old);
            }
            let (phase, request, generation) = (phase.clone(), request.clone(), generation.clone());
            spawn_local(async move {
                let current = || *generation.borrow() == mine;
                let (folder, files, archive) = match read(pick, &phase, &current).await {
                    Ok(Some(read)) => read,
                    Ok(None) => return,
                    Err(message) => {
                        phase.set(Phase::Failed(message));
                        return;
                    }
                };
                if !current() {
                    return;
                }
                phase.set(Phase::Unpacking { files: 0 });
                let shown = phase.clone();
                let id = work::request_with(
                    Request::ImportProject {
                        folder: folder.clone(),
                        files,
                    },
                    archive,
                    move |reply| match reply {
                        Reply::ProjectProgress { files } => shown.set(Phase::Unpacking { files }),
                        Reply::ProjectRead { summary } if !summary.error.is_empty() => {
                            shown.set(Phase::Failed(summary.error));
                        }
                        Reply::ProjectRead { summary } => shown.set(Phase::Review {
                            folder: if folder.is_empty() {
                                "the pasted files".to_owned()
                            } else {
                                folder.clone()
                            },
                            summary: Rc::new(*summary),
                        }),
                        _ => {}
                    },
                );
                *request.borrow_mut() = Some(id);
            });
        })
    };

    let on_folder = {
        let start = start.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let Some(list) = input.files() else {
                return;
            };
            let files: Vec<(String, File)> = (0..list.length())
                .filter_map(|i| list.get(i))
                .map(|file| (relative_path(&file), file))
                .collect();
            input.set_value("");
            start(Ok(Pick::Files(files)));
        })
    };
    let on_archive = {
        let start = start.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let Some(file) = input.files().and_then(|list| list.get(0)) else {
                return;
            };
            input.set_value("");
            start(Ok(Pick::Archive(file)));
        })
    };
    let on_drag_over = Callback::from(|event: DragEvent| event.prevent_default());
    let on_drop = {
        let (start, phase) = (start.clone(), phase.clone());
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            let Some(transfer) = event.data_transfer() else {
                return;
            };
            // Entries must be taken while the drop event lasts.
            let items = transfer.items();
            let entries: Vec<FileSystemEntry> = (0..items.length())
                .filter_map(|i| items.get(i))
                .filter_map(|item| item.webkit_get_as_entry().ok().flatten())
                .collect();
            if entries.is_empty() {
                // Without entries (a drag from a source that gives none), the files
                // themselves: one archive, or Go files by their names.
                let files: Vec<File> = transfer
                    .files()
                    .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
                    .unwrap_or_default();
                match files.as_slice() {
                    [] => phase.set(Phase::Failed(
                        "nothing that was dropped is a folder or a file".into(),
                    )),
                    [one] if is_archive(&one.name()) => start(Ok(Pick::Archive(one.clone()))),
                    _ => start(Ok(Pick::Files(
                        files.into_iter().map(|f| (f.name(), f)).collect(),
                    ))),
                }
                return;
            }
            phase.set(Phase::Reading { done: 0, total: 0 });
            let start = start.clone();
            spawn_local(async move { start(dropped(entries).await) });
        })
    };
    let on_paste = {
        let (paste, phase, start) = (paste.clone(), phase.clone(), start.clone());
        Callback::from(move |_: MouseEvent| {
            let text = paste
                .cast::<HtmlTextAreaElement>()
                .map(|area| area.value())
                .unwrap_or_default();
            if text.trim().is_empty() {
                phase.set(Phase::Failed(
                    "paste a Go file (or several, each after a line like -- cmd/server/main.go --) first".into(),
                ));
                return;
            }
            start(Ok(Pick::Pasted(text)));
        })
    };
    let on_use = {
        let (editor, phase, replace_asks) =
            (editor.clone(), phase.clone(), props.replace_asks.clone());
        Callback::from(move |_: MouseEvent| {
            let Phase::Review { folder, summary } = &*phase else {
                return;
            };
            let Some(design) = summary.design.clone() else {
                return;
            };
            if !replace_asks.emit(format!("the deploy-only design read from {folder}")) {
                return;
            }
            editor.dispatch(Action::Load(design));
            phase.set(Phase::Used(format!(
                "the design is now the deploy-only design read from {folder}: the bundle holds its Dockerfile, k8s/ and CI, no Go files; Undo brings your design back"
            )));
        })
    };

    html! {
        <details class="project-import">
            <summary>{ "Start from your Gin project" }</summary>
            <p class="hint">{ "Pick or drop your project's folder (the one with go.mod), a .zip or .tar.gz of it, or paste its Go files. Nothing is uploaded: the files are read in this page, and vendor/, node_modules/ and .git/ are never read." }</p>
            <div class="project-pickers">
                <input id="project-folder" class="visually-hidden" type="file" webkitdirectory=true multiple=true onchange={on_folder} />
                <label class="button-like" for="project-folder">{ "Choose project folder" }</label>
                <input id="project-archive" class="visually-hidden" type="file" accept=".zip,.tar.gz,.tgz" onchange={on_archive} />
                <label class="button-like" for="project-archive">{ "Choose .zip or .tar.gz" }</label>
            </div>
            <div class="project-drop" ondragover={on_drag_over} ondrop={on_drop}>
                { "…or drop the project's folder or archive here" }
            </div>
            <label for="project-paste">{ "…or paste Go files (several: each after a line like -- cmd/server/main.go --)" }</label>
            <textarea id="project-paste" class="project-paste" rows="6" spellcheck="false" ref={paste} />
            <button type="button" onclick={on_paste}>{ "Read pasted files" }</button>
            { view(&phase, on_use) }
        </details>
    }
}

/// What was read of a pick: the folder's name, the files, and an archive's bytes.
type Picked = (String, Vec<ProjectFile>, Option<Uint8Array>);

/// Reads a pick in the page: a folder's wanted files as text, one per turn, within
/// the intake's bounds (what it refuses by size goes as [`ProjectFile::Unread`], so
/// the worker says why); an archive by name, its bytes apart (they travel beside
/// the request). `Ok(None)` when a newer pick took over.
async fn read(
    pick: Result<Pick, String>,
    phase: &UseStateHandle<Phase>,
    current: &dyn Fn() -> bool,
) -> Result<Option<Picked>, String> {
    match pick? {
        Pick::Pasted(text) => {
            if text.len() as u64 > MAX_TOTAL_BYTES {
                return Err(format!(
                    "the pasted text is over {} MiB: pick the project's folder instead",
                    MAX_TOTAL_BYTES >> 20
                ));
            }
            Ok(Some((
                String::new(),
                vec![ProjectFile::Pasted { text }],
                None,
            )))
        }
        Pick::Archive(file) => {
            let name = file.name();
            if file.size() > MAX_ARCHIVE_BYTES as f64 {
                return Err(format!(
                    "{name} is over the {} MiB an archive may be: archive the service's own folder without its dependencies",
                    MAX_ARCHIVE_BYTES >> 20
                ));
            }
            phase.set(Phase::Reading { done: 0, total: 1 });
            let buffer = settle(file.array_buffer(), &name).await?;
            // The bytes stay out of this module's memory: they go to the worker
            // beside the request.
            Ok(Some((
                folder_of(&name),
                vec![ProjectFile::Archive {
                    name,
                    bytes: Vec::new(),
                }],
                Some(Uint8Array::new(&buffer)),
            )))
        }
        Pick::Files(files) => {
            let folder = files.first().map(|(p, _)| folder_of(p)).unwrap_or_default();
            // Paths go below the chosen folder, so the reader judges them by the
            // project's own folders (a chosen folder named `_work` or `.svc` is read
            // like any other); the folder's name travels apart.
            let rooted = !folder.is_empty()
                && files
                    .iter()
                    .all(|(p, _)| p.strip_prefix(&folder).is_some_and(|r| r.starts_with('/')));
            let files: Vec<(String, File)> = files
                .into_iter()
                .map(|(p, f)| match rooted {
                    true => (below_root(&p).to_owned(), f),
                    false => (p, f),
                })
                .collect();
            let mut intake = Intake::default();
            let mut wanted_files = Vec::new();
            let mut out = Vec::new();
            for (path, file) in files {
                let size = file.size() as u64;
                match intake.admit(&path, size) {
                    Err(message) => return Err(message),
                    Ok(true) => wanted_files.push((path, file)),
                    Ok(false) if wanted(&path) => out.push(ProjectFile::Unread { path, size }),
                    Ok(false) => {}
                }
            }
            let total = wanted_files.len();
            phase.set(Phase::Reading { done: 0, total });
            for (done, (path, file)) in wanted_files.into_iter().enumerate() {
                let text = settle(file.text(), &path).await?;
                if !current() {
                    return Ok(None);
                }
                out.push(ProjectFile::Source {
                    path,
                    text: text.as_string().unwrap_or_default(),
                });
                phase.set(Phase::Reading {
                    done: done + 1,
                    total,
                });
            }
            Ok(Some((folder, out, None)))
        }
    }
}

/// The progress line, the failure, or the review.
fn view(phase: &Phase, on_use: Callback<MouseEvent>) -> Html {
    match phase {
        Phase::Idle => html! {},
        Phase::Reading { total: 0, .. } => {
            html! { <p class="status" role="status">{ "Looking for Go files…" }</p> }
        }
        Phase::Reading { done, total } => html! {
            <p class="status" role="status">{ format!("Reading files… {done} of {total}") }</p>
        },
        Phase::Unpacking { files } => html! {
            <p class="status" role="status">{ format!("Reading the project… {files} files taken in") }</p>
        },
        Phase::Failed(message) => html! {
            <p class="field-error" role="alert">{ format!("{message}; the design is unchanged") }</p>
        },
        Phase::Used(message) => html! { <p class="status" role="status">{ message }</p> },
        Phase::Review { folder, summary } => review(folder, summary, on_use),
    }
}

fn review(folder: &str, summary: &ProjectSummary, on_use: Callback<MouseEvent>) -> Html {
    let list = |title: &str, items: &[String]| {
        if items.is_empty() {
            return html! {};
        }
        html! {
            <>
                <h4>{ title }</h4>
                <ul>{ for items.iter().map(|item| html! { <li>{ item }</li> }) }</ul>
            </>
        }
    };
    html! {
        <section class="project-review" aria-labelledby="project-review-heading">
            <h3 id="project-review-heading">{ format!("Read from {folder}") }</h3>
            if summary.design.is_some() {
                <p class="project-headline" role="status">{ &summary.headline }</p>
            } else {
                <p class="field-error" role="alert">{ &summary.headline }</p>
            }
            <p class="hint">{ &summary.read }</p>
            if !summary.routes.is_empty() {
                <ul class="project-routes" aria-label="Routes found">
                    { for summary.routes.iter().map(|r| html! { <li><code>{ r }</code></li> }) }
                </ul>
            }
            { list("Not resolved (read these by hand)", &summary.unresolved) }
            { list("Notes", &summary.notes) }
            { list("Skipped", &summary.skipped) }
            if summary.design.is_some() {
                <button type="button" class="primary" onclick={on_use}>{ "Use as deploy-only design" }</button>
            }
        </section>
    }
}
