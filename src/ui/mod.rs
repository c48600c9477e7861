//! The Yew front end: the only part of the crate (with `main.rs`) that touches the DOM.
//!
//! State lives in one [`Editor`] held by `use_reducer` and shared through a context;
//! every change goes through [`crate::editor::apply`], so the page does exactly what
//! the natively tested reducer does.

mod design_io;
mod download;
mod fields;
mod files;
mod routes;

use std::rc::Rc;

use yew::prelude::*;

use crate::editor::{apply, Action, Editor, Field};
use design_io::DesignMenu;
use fields::TextField;
use files::Files;
use routes::Routes;

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
    let editor = use_reducer(Editor::default);

    // Mark the first full render so tests and load-time measurements can wait for it.
    use_effect_with((), |_| {
        if let Some(root) = gloo::utils::document().document_element() {
            // Failing to set a marker attribute only affects measurement, never the user.
            let _ = root.set_attribute("data-app-ready", "true");
        }
    });

    html! {
        <ContextProvider<EditorContext> context={editor}>
            <header class="app-header">
                <h1>{ "Gin Deploy Playground" }</h1>
                <p class="tagline">{ "Design a Gin service, preview its Dockerfile and Kubernetes manifests, download the bundle. Everything runs in your browser." }</p>
                <DesignMenu />
            </header>
            <main class="layout">
                <section class="panel design" aria-labelledby="design-heading">
                    <h2 id="design-heading">{ "Design" }</h2>
                    <TextField field={Field::Name} id="service-name" label="Service name"
                        help="Names the Deployment, Service and container. Lowercase letters, digits and '-'." />
                    <TextField field={Field::Port} id="listen-port" label="Listen port" input_mode="numeric"
                        help="The port Gin listens on; EXPOSE, containerPort, targetPort and probes follow it." />
                    <TextField field={Field::Replicas} id="replicas" label="Replicas" input_mode="numeric"
                        help="How many pods the Deployment runs." />
                    <TextField field={Field::Image} id="image" label="Image"
                        help="The image the cluster pulls, with a pinned tag or digest." />
                    <Routes />
                </section>
                <section class="panel files" aria-labelledby="files-heading">
                    <h2 id="files-heading">{ "Generated files" }</h2>
                    <Files />
                </section>
            </main>
        </ContextProvider<EditorContext>>
    }
}
