//! How the image is built: builder image, runtime base, user and build flags.

use yew::prelude::*;

use super::{docs, surface};
use crate::editor::{ContainerField, Field};
use crate::ui::fields::{SelectField, TextField};

#[function_component]
pub fn ContainerForm() -> Html {
    let c = Field::Container;
    surface(
        "container-heading",
        "Container",
        "",
        html! {
            <>
            <fieldset>
                <legend>{ "Image build" }</legend>
                <TextField field={c(ContainerField::BuilderImage)} id="container-builder-image" label="Builder image"
                    help="The golang image the first Dockerfile stage compiles in, with a pinned tag."
                    doc={docs::K8S_IMAGES} />
                <SelectField field={c(ContainerField::Runtime)} id="container-runtime" label="Runtime base"
                    help="The final stage: distroless and scratch have no shell to attack; alpine has one for debugging."
                    doc={docs::K8S_IMAGES} />
                <TextField field={c(ContainerField::RuntimeDigest)} id="container-runtime-digest" label="Runtime digest"
                    placeholder="sha256:…"
                    help="Pins the runtime base so every build runs on the same bytes: the digest `docker buildx imagetools inspect` prints for it. Empty keeps the tag (Diagnostics notes it, GD1107); scratch ignores it."
                    doc={docs::K8S_IMAGES} />
                <TextField field={c(ContainerField::UserId)} id="container-user-id" label="User id" input_mode="numeric"
                    help="The non-root user the process runs as (runAsUser); 10000 or above."
                    doc={docs::K8S_SECURITY_CONTEXT} />
                <TextField field={c(ContainerField::Ldflags)} id="container-ldflags" label="Extra -ldflags"
                    placeholder="-X main.version=1.0.0"
                    help="Added to go build -ldflags after -s -w, for example to stamp a version."
                    doc={docs::GO_LINKER} />
            </fieldset>
            </>
        },
    )
}
