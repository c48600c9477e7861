//! The browser entry point: mounts the app. All logic lives in the library.

fn main() {
    yew::Renderer::<gin_deploy::ui::App>::new().render();
}
