//! Where the page's design comes from and goes to: the URL (share links and embed
//! mode), localStorage (autosave) and the clipboard.

use gloo::storage::{LocalStorage, Storage};

use crate::design_file::{parse_design, write_design};
use crate::model::Design;
use crate::share;

/// The localStorage key of the autosaved design.
const AUTOSAVE_KEY: &str = "gin-deploy-playground/design";
/// The localStorage key of the chosen theme.
const THEME_KEY: &str = "gin-deploy-playground/theme";

/// Whether localStorage can be used: it is missing or throws in sandboxed frames and
/// with storage blocked, and gloo's accessors panic then, so every use asks first.
fn storage_available() -> bool {
    matches!(gloo::utils::window().local_storage(), Ok(Some(_)))
}

/// The design the page opens with, and a note when a link could not be used.
pub struct Start {
    pub design: Design,
    pub notice: Option<String>,
}

/// A share link in the fragment wins; then the autosaved design; then the default.
/// A bad link never replaces the autosave: the user keeps their work and is told why.
pub fn start() -> Start {
    let fragment = gloo::utils::window().location().hash().unwrap_or_default();
    let saved = || {
        storage_available()
            .then(|| LocalStorage::get::<String>(AUTOSAVE_KEY).ok())
            .flatten()
            .and_then(|text| parse_design(&text).ok())
            .unwrap_or_default()
    };
    if fragment.len() > 1 {
        match share::decode(&fragment) {
            Ok(design) => Start {
                design,
                notice: Some("opened the design from the link; secret values are never part of a link, so secret variables are empty".into()),
            },
            Err(e) => Start {
                design: saved(),
                notice: Some(format!("the link could not be opened, your saved design is shown instead: {e}")),
            },
        }
    } else {
        Start {
            design: saved(),
            notice: None,
        }
    }
}

/// Saves the design for the next visit. Storage can be full or disabled (private
/// mode); the page keeps working and says so.
pub fn autosave(design: &Design) -> Result<(), String> {
    if !storage_available() {
        return Err("autosave failed: this browser blocks storage for the page, so changes will not survive a reload (export the design to keep it)".into());
    }
    LocalStorage::set(AUTOSAVE_KEY, write_design(design))
        .map_err(|e| format!("autosave failed, changes will not survive a reload: {e}"))
}

/// Whether the page was opened as an embed (`?embed=1`).
pub fn is_embed() -> bool {
    let search = gloo::utils::window()
        .location()
        .search()
        .unwrap_or_default();
    search
        .trim_start_matches('?')
        .split('&')
        .any(|pair| pair == "embed=1" || pair == "embed=true")
}

/// The page's address without query or fragment.
fn base_url() -> String {
    let location = gloo::utils::window().location();
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_default();
    format!("{origin}{path}")
}

/// A link that opens this design in the full playground.
pub fn share_url(design: &Design) -> String {
    format!("{}#{}", base_url(), share::encode(design))
}

/// A link that opens this design in embed mode.
pub fn embed_url(design: &Design) -> String {
    format!("{}?embed=1#{}", base_url(), share::encode(design))
}

/// The `<iframe>` markup for embedding this design in documentation.
pub fn embed_snippet(design: &Design) -> String {
    let title = format!("Gin Deploy Playground: {}", design.service.name);
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"640\" style=\"border:0\" loading=\"lazy\"></iframe>",
        embed_url(design).replace('&', "&amp;").replace('"', "&quot;"),
        title.replace('&', "&amp;").replace('"', "&quot;"),
    )
}

/// Puts text on the clipboard; the promise's outcome is not awaited (the text is
/// also shown on the page for manual copying).
pub fn copy(text: &str) {
    let _ = gloo::utils::window()
        .navigator()
        .clipboard()
        .write_text(text);
}

/// The theme the user picked last time ("system", "light" or "dark").
pub fn saved_theme() -> String {
    storage_available()
        .then(|| LocalStorage::get::<String>(THEME_KEY).ok())
        .flatten()
        .unwrap_or_else(|| "system".into())
}

/// Applies and remembers a theme.
pub fn set_theme(theme: &str) {
    if let Some(root) = gloo::utils::document().document_element() {
        let _ = root.set_attribute("data-theme", theme);
    }
    if storage_available() {
        let _ = LocalStorage::set(THEME_KEY, theme);
    }
}
