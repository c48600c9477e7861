//! The Yew front end: the only part of the crate (with `main.rs`) that touches the DOM.
//!
//! State lives in one [`Editor`] held by `use_reducer` and shared through a context;
//! every change goes through [`crate::editor::apply`], so the page does exactly what
//! the natively tested reducer does.

mod design_io;
mod diagram;
mod download;
mod fields;
mod files;
mod forms;
mod routes;
mod session;
mod toolbar;

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::editor::{apply, Action, Editor, Field};
use design_io::DesignMenu;
use diagram::Diagram;
use fields::TextField;
use files::Files;
use routes::Routes;
use toolbar::Toolbar;

impl Reducible for Editor {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(apply(&self, action))
    }
}

/// The editor state every component reads and dispatches to.
pub type EditorContext = UseReducerHandle<Editor>;

/// Reads the shared editor; components below [`App`] always have one.
#[hook]
fn use_editor() -> EditorContext {
    use_context::<EditorContext>()
        .expect("components are rendered inside App's EditorContext provider")
}

/// The whole page.
#[function_component]
pub fn App() -> Html {
    let start = use_memo((), |_| session::start());
    let editor = use_reducer({
        let design = start.design.clone();
        move || Editor::new(design)
    });
    let save_problem = use_state(|| None::<String>);

    // Mark the first full render so tests and load-time measurements can wait for it,
    // and apply the saved theme.
    use_effect_with((), |_| {
        if let Some(root) = gloo::utils::document().document_element() {
            // Failing to set a marker attribute only affects measurement, never the user.
            let _ = root.set_attribute("data-app-ready", "true");
        }
        session::set_theme(&session::saved_theme());
    });

    // Autosave every change of the design.
    {
        let save_problem = save_problem.clone();
        use_effect_with(editor.design.clone(), move |design| {
            save_problem.set(session::autosave(design).err());
        });
    }

    // Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y) undo and redo, except while typing in a text
    // field, where the browser's own text undo is what the user expects.
    {
        let editor = editor.clone();
        use_effect_with((), move |_| {
            let listener = gloo::events::EventListener::new(
                &gloo::utils::document(),
                "keydown",
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

    if session::is_embed() {
        let open = session::share_url(&editor.design);
        return html! {
            <ContextProvider<EditorContext> context={editor}>
                <header class="app-header embed-header">
                    <h1>{ "Gin Deploy Playground" }</h1>
                    <a class="open-full" href={open} target="_blank" rel="noopener">{ "Open in playground" }</a>
                </header>
                <main class="layout embed">
                    <section class="panel" aria-labelledby="diagram-heading">
                        <h2 id="diagram-heading">{ "Request path" }</h2>
                        <Diagram />
                    </section>
                    <section class="panel files" aria-labelledby="files-heading">
                        <h2 id="files-heading">{ "Generated files" }</h2>
                        <Files />
                    </section>
                </main>
            </ContextProvider<EditorContext>>
        };
    }

    html! {
        <ContextProvider<EditorContext> context={editor}>
            <header class="app-header">
                <h1>{ "Gin Deploy Playground" }</h1>
                <p class="tagline">{ "Design a Gin service, preview its Dockerfile and Kubernetes manifests, download the bundle. Everything runs in your browser." }</p>
                <DesignMenu />
                <Toolbar />
                if let Some(notice) = &start.notice {
                    <p class="notice" role="status">{ notice }</p>
                }
                if let Some(problem) = &*save_problem {
                    <p class="field-error" role="alert">{ problem }</p>
                }
            </header>
            <main class="layout">
                <section class="panel design" aria-labelledby="design-heading">
                    <h2 id="design-heading">{ "Design" }</h2>
                    <forms::ServiceForm>
                        <TextField field={Field::Name} id="service-name" label="Service name"
                            help="Names the Deployment, Service and container. Lowercase letters, digits and '-'."
                            doc={forms::docs::K8S_SERVICE} />
                        <TextField field={Field::Port} id="listen-port" label="Listen port" input_mode="numeric"
                            help="The port Gin listens on; EXPOSE, containerPort, targetPort and probes follow it."
                            doc={forms::docs::GIN_QUICKSTART} />
                    </forms::ServiceForm>
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
                    </forms::DeliveryForm>
                </section>
                <div class="column">
                    <section class="panel" aria-labelledby="diagram-heading">
                        <h2 id="diagram-heading">{ "Request path" }</h2>
                        <Diagram />
                    </section>
                    <section class="panel files" aria-labelledby="files-heading">
                        <h2 id="files-heading">{ "Generated files" }</h2>
                        <Files />
                    </section>
                </div>
            </main>
        </ContextProvider<EditorContext>>
    }
}
