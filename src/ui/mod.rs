//! The Yew front end: the only part of the crate (with `main.rs`) that touches the DOM.
//!
//! State lives in one [`Editor`] held by `use_reducer` and shared through a context;
//! every change goes through [`crate::editor::apply`], so the page does exactly what
//! the natively tested reducer does.

mod design_io;
mod diagnostics;
mod diagram;
mod download;
mod fields;
mod files;
mod forms;
mod not_applied;
mod paste;
mod project_import;
mod routes;
mod rules;
mod session;
mod simulator;
mod toolbar;
mod work;
#[cfg(feature = "inline-work")]
pub use work::pending as pending_work;
/// For the worker's binary, which reads the page's long texts the same way and takes
/// its turns the same way.
pub use work::{rust_string, soon};

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::bundle::{go_view, page_files, with_manifests, GeneratedFile};
use crate::editor::{apply, replaces_work, Action, Editor, Field};
use crate::validate::Diagnostic;
use crate::work::Reply;
use design_io::DesignMenu;
use diagnostics::Diagnostics;
use diagram::Diagram;
use fields::TextField;
use files::Files;
use not_applied::NotApplied;
use paste::PasteValidate;
use routes::Routes;
use rules::RuleDocs;
use simulator::Simulator;
use toolbar::Toolbar;

impl Reducible for Editor {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        // Leaving a field nobody typed in changes nothing: keep the same state, so
        // nothing re-renders on every blur.
        if action == Action::Leave && !self.is_typing() {
            return self;
        }
        Rc::new(apply(&self, action))
    }
}

/// The editor state every component reads and dispatches to.
pub type EditorContext = UseReducerHandle<Editor>;

/// The files generated from the current design and the findings on them: the page
/// makes most files at once, the worker a little later the manifests and findings.
/// Shared by the file view, the diagnostics and the counts.
pub struct Bundle {
    pub files: Rc<Vec<GeneratedFile>>,
    pub diagnostics: Rc<Vec<Diagnostic>>,
    /// The manifests and findings are of an earlier design (empty at first): the
    /// worker is making and checking the current one's.
    pub checking: bool,
}

/// A shared [`Bundle`]; equal when it holds the same files and findings, so
/// consumers re-render only when one of them changed.
#[derive(Clone)]
pub struct BundleContext(pub Rc<Bundle>);

impl PartialEq for BundleContext {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (&self.0, &other.0);
        Rc::ptr_eq(&a.files, &b.files)
            && Rc::ptr_eq(&a.diagnostics, &b.diagnostics)
            && a.checking == b.checking
    }
}

/// The manifests and findings the worker last sent for the bundle, and the design
/// they are of (they are current while it is the design shown).
#[derive(Clone, PartialEq)]
struct Checked {
    manifests: Rc<Vec<GeneratedFile>>,
    diagnostics: Rc<Vec<Diagnostic>>,
    design: Option<Rc<crate::model::Design>>,
}

/// The file (and line) the file view shows; diagnostics select it too.
#[derive(Clone, Debug, PartialEq)]
pub struct Selection {
    pub path: String,
    pub line: Option<u32>,
}

pub type SelectionContext = UseStateHandle<Selection>;

#[hook]
fn use_bundle() -> Rc<Bundle> {
    use_context::<BundleContext>()
        .expect("components are rendered inside App's BundleContext provider")
        .0
}

#[hook]
fn use_selection() -> SelectionContext {
    use_context::<SelectionContext>()
        .expect("components are rendered inside App's SelectionContext provider")
}

/// Reads the shared editor; components below [`App`] always have one.
#[hook]
fn use_editor() -> EditorContext {
    use_context::<EditorContext>()
        .expect("components are rendered inside App's EditorContext provider")
}

/// What the page says when a share link's design has been opened.
const LINK_OPENED: &str =
    "opened the design from the link; Undo goes back to the design you had (secret variables are never part of a link)";

/// Whether the page reads its start from the URL and storage and autosaves.
#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// On for the real page; tests turn it off so several apps in one browser page
    /// do not share (and race on) one autosave.
    #[prop_or(true)]
    pub persist: bool,
}

impl Default for AppProps {
    fn default() -> Self {
        AppProps { persist: true }
    }
}

/// The whole page.
#[function_component]
pub fn App(props: &AppProps) -> Html {
    let persist = props.persist;
    let embed = use_memo((), |_| session::is_embed());
    let embed = *embed;
    let start = use_memo(persist, move |persist| match (*persist, embed) {
        (false, _) => session::Start::default(),
        (true, true) => session::start_embedded(),
        (true, false) => session::start(),
    });
    let editor = use_reducer({
        let editor = start.editor.clone();
        move || editor
    });
    let notice = use_state(|| start.notice.clone());
    let link = use_state(|| start.link.clone());
    let unreadable = use_state(|| start.unreadable.clone());
    // A design saved by an earlier version (YAML) is read by the worker; until then
    // nothing is saved over it, and no link is opened over it.
    let restoring = use_state(|| start.legacy.is_some());
    {
        let (editor, notice, unreadable, restoring) = (
            editor.clone(),
            notice.clone(),
            unreadable.clone(),
            restoring.clone(),
        );
        let legacy = start.legacy.clone();
        use_effect_with((), move |_| {
            if let Some(legacy) = legacy {
                work::request(
                    crate::work::Request::ReadDesign {
                        text: legacy.text.clone(),
                    },
                    move |reply| {
                        let Reply::Design { read } = reply else {
                            return;
                        };
                        match read {
                            Ok(read) => {
                                if !read.dropped.is_empty() {
                                    notice.set(Some(session::SECRET_VALUES_DROPPED.into()));
                                }
                                editor.dispatch(Action::Restore(
                                    Box::new(read.design),
                                    legacy.refused.clone(),
                                ));
                            }
                            Err(error) => {
                                let why = session::unreadable_why(&error);
                                let kept = session::keep_unreadable(&legacy.raw, &why).is_some();
                                notice.set(Some(session::unreadable_notice(&why, kept)));
                                unreadable.set(session::unreadable());
                            }
                        }
                        restoring.set(false);
                    },
                );
            }
        });
    }
    let save_problem = use_state(|| None::<String>);
    // The Go files follow only their view of the design: an edit of replicas, the
    // image or the container costs no Go generation (and a deploy-only design none).
    let go = use_memo(go_view(&editor.design), crate::bundle::go_files);
    let files = use_memo((editor.design.clone(), go.clone()), |(design, go)| {
        page_files(design, go)
    });
    let checked = use_state(|| Checked {
        manifests: Rc::new(Vec::new()),
        diagnostics: Rc::new(Vec::new()),
        design: None,
    });
    // The worker makes each design's manifests and checks its bundle; a newer
    // design cancels the work on an older one.
    {
        let checked = checked.clone();
        // The Go files of this render are of the design the effect runs for.
        let go = go.clone();
        // Keyed on the design: many edits (replicas, probes, resources) change no
        // file the page writes, only the worker's.
        use_effect_with(editor.design.clone(), move |design| {
            let of = Rc::new(design.clone());
            let manifests = Rc::new(std::cell::RefCell::new(Vec::new()));
            let found = Rc::new(std::cell::RefCell::new(Vec::new()));
            let request = work::request(
                crate::work::Request::Bundle {
                    design: Box::new(design.clone()),
                    go_paths: go.iter().map(|f| f.path.clone()).collect(),
                },
                move |reply| match reply {
                    Reply::Manifests { files } => *manifests.borrow_mut() = files,
                    Reply::Findings { findings, .. } => found.borrow_mut().extend(findings),
                    Reply::Done { .. } => checked.set(Checked {
                        manifests: Rc::new(manifests.take()),
                        diagnostics: Rc::new(found.take()),
                        design: Some(of.clone()),
                    }),
                    _ => {}
                },
            );
            move || work::cancel(request)
        });
    }
    let shown = use_memo(
        (files.clone(), checked.manifests.clone()),
        |(files, manifests)| with_manifests(files, manifests),
    );
    let bundle = BundleContext(Rc::new(Bundle {
        files: shown,
        diagnostics: checked.diagnostics.clone(),
        // The render right after an edit still holds the last design's check: that is
        // no check of this one.
        checking: checked.design.as_deref() != Some(&editor.design),
    }));
    let selection = use_state(|| Selection {
        path: "Dockerfile".into(),
        line: None,
    });

    // Narrow screens show one part of the page at a time (static/style.css); the
    // browser holds which, so switching re-renders nothing. The page opens on the design.
    let design_view = use_node_ref();

    // The first render mounts the first screen at 1280×900: the header, the service
    // section, and the generated files with their findings (~230 of the page's ~850
    // elements). Creating all of them in one render was most of the time from the
    // wasm's arrival to the first paint (a trace: a 64–92 ms render, then 50–70 ms of
    // style and layout). The route tree, the middleware and the other design sections,
    // and the diagram, simulator, paste box and rules below the files come in a task
    // of their own once the first screen has been painted. An embedded page (diagram,
    // files, simulator) is small and mounts at once.
    let whole = use_state(|| embed);
    // Whether this page keeps anything in the browser (the design, the scroll
    // position): not an embedded one, nor one the browser tests mount.
    let keeps = persist && !embed;
    // Mark the first screen (`data-app-shown`) and the whole page (`data-app-ready`),
    // so tests and load-time measurements can wait for them, and apply the saved theme.
    {
        let design_view = design_view.clone();
        use_effect_with((), move |_| {
            if let Some(radio) = design_view.cast::<web_sys::HtmlInputElement>() {
                radio.set_checked(true);
            }
            mark("data-app-shown");
            if keeps {
                session::own_scroll_restoring();
            }
            session::set_theme(&session::saved_theme(), !embed);
        });
    }
    {
        let handle = whole.clone();
        use_effect_with(*whole, move |&whole| {
            if whole {
                if keeps {
                    session::restore_scroll();
                }
                mark("data-app-ready");
            } else {
                work::soon(move || handle.set(true));
            }
        });
    }

    // Autosave every change of the design and of the text its fields refused; an
    // embedded page never touches the reader's own saved design.
    //
    // Yew runs effects after a render, and on a busy machine it yields to the browser
    // between a render and its effects: a reload or a closed tab in that gap would
    // lose the last edit. So the page saves again when it is hidden or left, from the
    // editor's current state (Yew's handles read the latest dispatched state).
    {
        let save = {
            let (editor, restoring, save_problem) =
                (editor.clone(), restoring.clone(), save_problem.clone());
            Rc::new(move || {
                if keeps && !*restoring {
                    let refused = editor.refused_texts();
                    save_problem.set(session::autosave(&editor.design, &refused).err());
                }
            })
        };
        {
            let save = save.clone();
            let refused = editor.refused_texts();
            use_effect_with((editor.design.clone(), refused, *restoring), move |_| {
                save()
            });
        }
        use_effect_with((), move |_| {
            let window = gloo::utils::window();
            let on_hide = {
                let save = save.clone();
                gloo::events::EventListener::new(&window, "pagehide", move |_| {
                    save();
                    if keeps {
                        session::keep_scroll();
                    }
                })
            };
            let on_hidden = gloo::events::EventListener::new(
                &gloo::utils::document(),
                "visibilitychange",
                move |_| {
                    if gloo::utils::document().hidden() {
                        save();
                    }
                },
            );
            move || drop((on_hide, on_hidden))
        });
    }

    // A share link pasted into the address bar of the open page arrives as a
    // hashchange: the page and the address bar must not disagree.
    {
        let (editor, link, notice) = (editor.clone(), link.clone(), notice.clone());
        use_effect_with((), move |_| {
            let listener = persist.then(|| {
                gloo::events::EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                    match session::link_in_address() {
                        Some(Ok(design)) if embed => {
                            editor.dispatch(Action::Load(Box::new(design)))
                        }
                        Some(Ok(design)) => link.set(Some(design)),
                        Some(Err(e)) => {
                            notice.set(Some(format!(
                                "the link could not be opened, your own design is shown: {e}"
                            )));
                            if !embed {
                                session::remove_fragment();
                            }
                        }
                        None => {}
                    }
                })
            });
            move || drop(listener)
        });
    }

    // A link's design opens at once when nothing would be lost (or it is the design
    // already shown); otherwise the question below waits for the user.
    {
        let (editor, link, notice) = (editor.clone(), link.clone(), notice.clone());
        use_effect_with(
            ((*link).clone(), editor.design.clone(), *restoring),
            move |(incoming, _, restoring)| {
                let Some(incoming) = incoming.as_ref().filter(|_| !restoring) else {
                    return;
                };
                if *incoming == editor.design {
                    notice.set(Some("the link holds the design you already have".into()));
                } else if !replaces_work(&editor, incoming) {
                    editor.dispatch(Action::Load(Box::new(incoming.clone())));
                    notice.set(Some(LINK_OPENED.into()));
                } else {
                    return;
                }
                link.set(None);
                session::remove_fragment();
            },
        );
    }

    // Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y) undo and redo, except while typing in a text
    // field, where the browser's own text undo is what the user expects.
    {
        let editor = editor.clone();
        use_effect_with((), move |_| {
            // Not passive: the shortcut replaces the browser's own action.
            let options = gloo::events::EventListenerOptions::enable_prevent_default();
            let listener = gloo::events::EventListener::new_with_options(
                &gloo::utils::document(),
                "keydown",
                options,
                move |event| {
                    let event: &KeyboardEvent = event.unchecked_ref();
                    if !(event.ctrl_key() || event.meta_key()) {
                        return;
                    }
                    let typing = event
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                        .is_some_and(|el| {
                            matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                        });
                    if typing {
                        return;
                    }
                    let action =
                        match (event.key().to_ascii_lowercase().as_str(), event.shift_key()) {
                            ("z", false) => Action::Undo,
                            ("z", true) | ("y", false) => Action::Redo,
                            _ => return,
                        };
                    event.prevent_default();
                    editor.dispatch(action);
                },
            );
            move || drop(listener)
        });
    }

    let providers = |body: Html| {
        html! {
            <ContextProvider<EditorContext> context={editor.clone()}>
            <ContextProvider<BundleContext> context={bundle.clone()}>
            <ContextProvider<SelectionContext> context={selection.clone()}>
                { body }
            </ContextProvider<SelectionContext>>
            </ContextProvider<BundleContext>>
            </ContextProvider<EditorContext>>
        }
    };
    let diagram = panel(
        "diagram-heading",
        "Request path",
        Some("in-diagram"),
        html! { <><NotApplied /><Diagram /></> },
    );
    let files = panel(
        "files-heading",
        "Generated files",
        Some("files in-files"),
        html! { <><NotApplied /><Files /></> },
    );
    let simulator = panel(
        "simulator-heading",
        "Request simulator",
        Some("in-diagram"),
        html! { <><NotApplied /><Simulator /></> },
    );

    if embed {
        let open = session::share_url(&editor.design);
        return providers(html! {
            <>
                <header class="app-header embed-header">
                    <h1>{ "Gin Deploy Playground" }</h1>
                    <a class="open-full" href={open} target="_blank" rel="noopener">{ "Open in playground" }</a>
                    if let Some(notice) = &*notice {
                        <p class="notice" role="status">{ notice }</p>
                    }
                </header>
                <main class="layout embed">
                    { diagram }
                    { files }
                    { simulator }
                </main>
            </>
        });
    }

    let question = (*link)
        .clone()
        .filter(|l| !*restoring && replaces_work(&editor, l))
        .map(|incoming| {
        let on_open = {
            let (editor, link, notice) = (editor.clone(), link.clone(), notice.clone());
            let incoming = incoming.clone();
            Callback::from(move |_: MouseEvent| {
                editor.dispatch(Action::Load(Box::new(incoming.clone())));
                notice.set(Some(LINK_OPENED.into()));
                link.set(None);
                session::remove_fragment();
            })
        };
        let on_keep = {
            let (link, notice) = (link.clone(), notice.clone());
            Callback::from(move |_: MouseEvent| {
                notice.set(Some("kept your design; the link's design was not opened".into()));
                link.set(None);
                session::remove_fragment();
            })
        };
        html! {
            <section class="link-question" role="alertdialog" aria-labelledby="link-question-title" aria-describedby="link-question-text">
                <h2 id="link-question-title">{ "Open the shared design?" }</h2>
                <p id="link-question-text">{ format!(
                    "This link holds the design \u{201c}{}\u{201d}. Your own design \u{201c}{}\u{201d} is saved in this browser; opening the link replaces it on the page (Undo brings it back).",
                    incoming.service.name, editor.design.service.name
                ) }</p>
                <button type="button" class="primary" onclick={on_open}>{ "Open the link's design" }</button>
                <button type="button" onclick={on_keep}>{ "Keep my design" }</button>
            </section>
        }
    });
    let kept = unreadable.iter().map(|kept| {
        let on_download = {
            let text = kept.text.clone();
            Callback::from(move |_: MouseEvent| {
                let _ = download::save("unreadable.design.yaml", "application/yaml", text.as_bytes());
            })
        };
        let on_discard = {
            let (unreadable, key) = (unreadable.clone(), kept.key.clone());
            Callback::from(move |_: MouseEvent| {
                if session::confirm("Discard the saved design that could not be opened? It cannot be brought back.") {
                    session::discard_unreadable(&key);
                    unreadable.set(unreadable.iter().filter(|k| k.key != key).cloned().collect());
                }
            })
        };
        html! {
            <div class="unreadable" role="alert">
                <p>{ format!("A saved design could not be opened: {}. It is kept in this browser exactly as it was saved.", kept.why) }</p>
                <button type="button" onclick={on_download}>{ "Download the saved design" }</button>
                <button type="button" onclick={on_discard}>{ "Discard it" }</button>
            </div>
        }
    });

    // A switch of part starts at that part's top, the switch staying in sight.
    let on_view = Callback::from(|event: Event| {
        if let Some(main) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest(".layout").ok().flatten())
        {
            main.scroll_into_view();
            // A file panel hidden until now scrolls to its change only now.
            if let Some(panel) = by_id(&main, "file-panel") {
                files::reveal_first_change(&panel);
            }
        }
    });
    // The skip link: on narrow screens the files are behind the Files switch, so it
    // turns that on first; then focus goes to the files' heading.
    let on_skip = Callback::from(|event: MouseEvent| {
        event.prevent_default();
        let Some(root) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest(".app-header").ok().flatten())
            .and_then(|header| header.parent_element())
        else {
            return;
        };
        if let Some(radio) = by_id(&root, "view-files") {
            if let Ok(radio) = radio.dyn_into::<web_sys::HtmlInputElement>() {
                radio.set_checked(true);
            }
        }
        if let Some(heading) = by_id(&root, "files-heading") {
            let _ = heading.focus();
            heading.scroll_into_view();
        }
    });
    // The section index: each link unfolds its section, then goes to its heading.
    let on_section = Callback::from(|event: MouseEvent| {
        let Some(link) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("a").ok().flatten())
        else {
            return;
        };
        if let Some(id) = link
            .get_attribute("href")
            .and_then(|h| h.strip_prefix('#').map(str::to_owned))
        {
            event.prevent_default();
            diagnostics::focus_field(
                &link,
                diagnostics::FieldTarget {
                    open: None,
                    focus: id,
                },
            );
        }
    });
    let diagnostics_title = format!(
        "Diagnostics ({})",
        bundle.0.diagnostics.len() + editor.refused().count()
    );
    providers(html! {
        <>
            <header class="app-header">
                <a class="skip-link" href="#files-heading" onclick={on_skip}>{ "Skip to the generated files" }</a>
                <h1>{ "Gin Deploy Playground" }</h1>
                <p class="tagline">{ "Design a Gin service, preview its Dockerfile and Kubernetes manifests, download the bundle. Everything runs in your browser." }</p>
                <DesignMenu />
                <Toolbar />
                if let Some(notice) = &*notice {
                    <p class="notice" role="status">{ notice }</p>
                }
                if *restoring {
                    <p class="notice" role="status">{ "Opening your saved design…" }</p>
                }
                { for question }
                { for kept }
                if let Some(problem) = &*save_problem {
                    <p class="field-error" role="alert">{ problem }</p>
                }
            </header>
            <main class="layout">
                <div class="view-switch" role="radiogroup" aria-label="Show" onchange={on_view}>
                    <input type="radio" name="view" id="view-design" class="visually-hidden" ref={design_view} />
                    <label for="view-design">{ "Design" }</label>
                    <input type="radio" name="view" id="view-files" class="visually-hidden" />
                    <label for="view-files">{ "Files" }</label>
                    <input type="radio" name="view" id="view-diagram" class="visually-hidden" />
                    <label for="view-diagram">{ "Diagram" }</label>
                </div>
                <section class="panel design" aria-labelledby="design-heading">
                    <h2 id="design-heading">{ "Design" }</h2>
                    <nav class="section-index" aria-label="Design sections" onclick={on_section}>
                        { for [
                            ("service-heading", "Service"),
                            ("routes-heading", "Routes"),
                            ("middleware", "Middleware"),
                            ("config-heading", "Configuration"),
                            ("container-heading", "Container"),
                            ("cluster-heading", "Cluster"),
                            ("delivery-heading", "Delivery"),
                        ].into_iter().map(|(id, title)| html! {
                            <a href={format!("#{id}")}>{ title }</a>
                        }) }
                    </nav>
                    <forms::ServiceForm>
                        <TextField field={Field::Name} id="service-name" label="Service name"
                            help="Names the Deployment, Service and container. Lowercase letters, digits and '-'."
                            doc={forms::docs::K8S_SERVICE} />
                        <TextField field={Field::Port} id="listen-port" label="Listen port" input_mode="numeric"
                            help="The port Gin listens on; EXPOSE, containerPort, targetPort and probes follow it."
                            doc={forms::docs::GIN_QUICKSTART} />
                    </forms::ServiceForm>
                    if *whole {
                        <Routes />
                        <forms::MiddlewareForm />
                        <forms::ConfigForm />
                        <forms::ContainerForm />
                        <forms::ClusterForm>
                            <TextField field={Field::Replicas} id="replicas" label="Replicas" input_mode="numeric"
                                help="How many pods the Deployment runs."
                                doc={forms::docs::K8S_DEPLOYMENT} />
                        </forms::ClusterForm>
                        <forms::DeliveryForm>
                            <TextField field={Field::Image} id="image" label="Image"
                                help="The image the cluster pulls, with a pinned tag or digest."
                                doc={forms::docs::K8S_IMAGES} />
                            <fields::FollowsName follower={crate::names::Follower::Image} field={Field::Image} />
                        </forms::DeliveryForm>
                    }
                </section>
                <div class="column">
                    { files }
                    { panel("diagnostics-heading", &diagnostics_title, Some("in-files"), html! { <Diagnostics /> }) }
                    if *whole {
                        { diagram }
                        { simulator }
                        { panel("paste-heading", "Validate your own files", Some("in-files"), html! { <PasteValidate /> }) }
                        { panel("rules-heading", "Rules", Some("in-files"), html! { <RuleDocs /> }) }
                    }
                </div>
            </main>
        </>
    })
}

/// Sets a marker attribute on `<html>` (`data-app-shown`, `data-app-ready`: tests
/// wait for them) and a performance mark of the same name without `data-`
/// (`app-shown`: its time is when this ran, not when an observer got round to it).
/// Failing to set either only affects tests and measurement, never the user.
fn mark(attribute: &str) {
    if let Some(performance) = gloo::utils::window().performance() {
        let _ = performance.mark(attribute.trim_start_matches("data-"));
    }
    if let Some(root) = gloo::utils::document().document_element() {
        let _ = root.set_attribute(attribute, "true");
    }
}

/// The element with `id` inside `scope`: ids are unique only within one app, and a
/// page may hold several (the browser tests mount one per test).
fn by_id(scope: &web_sys::Element, id: &str) -> Option<web_sys::HtmlElement> {
    scope
        .query_selector(&format!("[id='{id}']"))
        .ok()
        .flatten()
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
}

/// A titled section of the page; its heading names it for assistive technology.
fn panel(heading_id: &'static str, title: &str, class: Option<&'static str>, body: Html) -> Html {
    html! {
        <section class={classes!("panel", class)} aria-labelledby={heading_id}>
            <h2 id={heading_id} tabindex="-1">{ title }</h2>
            { body }
        </section>
    }
}
