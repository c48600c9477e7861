//! Where the page's design comes from and goes to: the URL (share links and embed
//! mode), localStorage (autosave) and the clipboard.
//!
//! What it promises: a saved design is never lost. One that cannot be read (damaged,
//! or written by a newer version) is kept byte for byte under its own key before
//! anything else is saved, and the page offers it for download. A share link never
//! replaces work silently (the page asks, see `ui::LinkQuestion`), and its fragment
//! leaves the address bar once it has been answered, so a reload keeps later edits.
//! Embed mode neither reads nor writes any of this: a docs page that embeds the
//! playground cannot touch the reader's own design.

use wasm_bindgen::JsValue;

use crate::design_file::{read_design_json, ReadDesign};
use crate::editor::{Editor, Field};
use crate::model::Design;
use crate::share;
use crate::work::Unreadable as WhyUnreadable;

/// The localStorage key of the autosaved design: the design as JSON (earlier
/// versions saved a YAML design file, which the worker reads).
const AUTOSAVE_KEY: &str = "gin-deploy-playground/design";
/// The localStorage key of text typed into fields that the design refused, as JSON.
const REFUSED_TEXT_KEY: &str = "gin-deploy-playground/refused-text";
/// The prefix of the keys that keep saved designs the page could not read.
const UNREADABLE_PREFIX: &str = "gin-deploy-playground/unreadable/";
/// The prefix of the keys that say why, one per kept design.
const WHY_PREFIX: &str = "gin-deploy-playground/unreadable-why/";
/// The localStorage key of the chosen theme.
const THEME_KEY: &str = "gin-deploy-playground/theme";

/// The page's localStorage, when it can be used: it is missing or throws in sandboxed
/// frames and with storage blocked, and the page must keep working then.
fn storage() -> Option<web_sys::Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

fn get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// The sessionStorage key of where the page was scrolled when it was left: this tab
/// only, so a reload comes back to it and a new tab or a link starts at the top.
const SCROLL_KEY: &str = "gin-deploy-playground/scroll";

/// Keeps how far the page is scrolled, for a reload of this tab ([`restore_scroll`]).
pub fn keep_scroll() {
    let window = gloo::utils::window();
    if let (Ok(y), Ok(Some(tab))) = (window.scroll_y(), window.session_storage()) {
        // Whole pixels: formatting and parsing floats costs the page's module 6 KB.
        let _ = tab.set_item(SCROLL_KEY, &(y.round() as i64).to_string());
    }
}

/// Tells the browser not to restore this page's scroll position itself: it does so
/// before the app has drawn the whole page, so it lands at the top or at the bottom
/// of the first screen (711 px for 4,691), and then [`restore_scroll`] could not tell
/// that from the user's own scrolling. The browser keeps this with the history
/// entry, so it holds for the next reload of the page that says it.
pub fn own_scroll_restoring() {
    if let Ok(history) = gloo::utils::window().history() {
        let _ = history.set_scroll_restoration(web_sys::ScrollRestoration::Manual);
    }
}

/// After a reload or a back/forward visit of this tab, scrolls to where the page was
/// left ([`own_scroll_restoring`]: the browser does not). Nothing happens after
/// another kind of navigation, or when the user has scrolled meanwhile.
pub fn restore_scroll() {
    let window = gloo::utils::window();
    let Ok(Some(tab)) = window.session_storage() else {
        return;
    };
    let saved = tab.get_item(SCROLL_KEY).ok().flatten();
    let _ = tab.remove_item(SCROLL_KEY);
    let returned = window
        .performance()
        .map(|p| p.get_entries_by_type("navigation").get(0))
        .and_then(|entry| js_sys::Reflect::get(&entry, &"type".into()).ok())
        .and_then(|kind| kind.as_string())
        .is_some_and(|kind| kind == "reload" || kind == "back_forward");
    let y = saved.and_then(|y| y.parse::<i64>().ok()).filter(|y| *y > 0);
    if let (true, Some(y), Ok(0.0)) = (returned, y, window.scroll_y()) {
        window.scroll_to_with_x_and_y(0.0, y as f64);
    }
}

/// A saved design that could not be read, kept as it was.
#[derive(Clone, Debug, PartialEq)]
pub struct Unreadable {
    /// Its localStorage key.
    pub key: String,
    /// The design file text, as the page saved it.
    pub text: String,
    /// Why it could not be read.
    pub why: String,
}

/// The state the page opens with, and what it has to tell or ask the user.
#[derive(Default)]
pub struct Start {
    pub editor: Editor,
    pub notice: Option<String>,
    /// The design of a share link in the address bar, not yet opened.
    pub link: Option<Design>,
    /// Saved designs that could not be read.
    pub unreadable: Vec<Unreadable>,
    /// A design saved by an earlier version, as a YAML design file, for the worker
    /// to read: until it has, nothing may be saved over it.
    pub legacy: Option<Legacy>,
}

/// A saved design in the earlier YAML format, with the text its fields refused.
#[derive(Clone, Debug, PartialEq)]
pub struct Legacy {
    /// What storage holds, byte for byte.
    pub raw: String,
    /// The design file text in it.
    pub text: String,
    pub refused: Vec<(Field, String)>,
}

/// The design file text of a saved value: the page saves the text itself; earlier
/// versions saved it as a JSON string.
fn saved_text(raw: &str) -> String {
    serde_json::from_str::<String>(raw).unwrap_or_else(|_| raw.to_owned())
}

/// Why a saved design could not be read, in words for the page.
pub fn unreadable_why(error: &WhyUnreadable) -> String {
    match error.newer {
        Some(found) => format!(
            "it was saved by a newer version of the playground (design version {found}; this page reads up to version {})",
            crate::model::DESIGN_VERSION
        ),
        None => error.message.clone(),
    }
}

/// Keeps an unreadable saved value, byte for byte, under a key of its own, with why
/// beside it; `None` when storage refuses (the value then stays where it was, under
/// the autosave key, and autosave must not overwrite it: autosave is turned off).
pub fn keep_unreadable(raw: &str, why: &str) -> Option<String> {
    let stamp = js_sys_now();
    let key = format!("{UNREADABLE_PREFIX}{stamp}");
    let storage = storage()?;
    let kept = storage.set_item(&key, raw).is_ok();
    if !kept {
        AUTOSAVE_OFF.with(|off| off.set(true));
        return None;
    }
    let _ = storage.set_item(&format!("{WHY_PREFIX}{stamp}"), why);
    Some(key)
}

fn js_sys_now() -> u64 {
    // Milliseconds since the epoch, unique enough for a key made at most once a load.
    gloo::utils::window()
        .performance()
        .map_or(0.0, |p| p.time_origin() + p.now()) as u64
}

/// Every kept unreadable design, oldest first.
pub fn unreadable() -> Vec<Unreadable> {
    let Some(storage) = storage() else {
        return Vec::new();
    };
    let length = storage.length().unwrap_or(0);
    let mut kept: Vec<Unreadable> = (0..length)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|key| key.starts_with(UNREADABLE_PREFIX))
        .filter_map(|key| {
            let raw = storage.get_item(&key).ok().flatten()?;
            let why_key = key.replacen(UNREADABLE_PREFIX, WHY_PREFIX, 1);
            let why = storage
                .get_item(&why_key)
                .ok()
                .flatten()
                .unwrap_or_else(|| "it could not be read".into());
            Some(Unreadable {
                key,
                text: saved_text(&raw),
                why,
            })
        })
        .collect();
    kept.sort_by(|a, b| a.key.cmp(&b.key));
    kept
}

/// Lets go of a kept unreadable design.
pub fn discard_unreadable(key: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(key);
        let _ = storage.remove_item(&key.replacen(UNREADABLE_PREFIX, WHY_PREFIX, 1));
    }
}

/// What the page says when a saved design held values of secret variables.
pub const SECRET_VALUES_DROPPED: &str = "your saved design held values of secret variables; the page no longer keeps them: set them in .env for local runs and in the cluster's Secret";

/// What the page says when its saved design could not be read.
pub fn unreadable_notice(why: &str, kept: bool) -> String {
    if kept {
        format!("your saved design could not be opened, so the page starts from the default design; the saved one is kept as it was, see below ({why})")
    } else {
        format!("your saved design could not be opened and could not be copied aside, so this session will not save over it ({why})")
    }
}

/// The standalone page's start: the saved design with the text its fields refused,
/// and a share link in the fragment to ask about. A design saved by an earlier
/// version (YAML) is handed back as [`Start::legacy`] for the worker to read.
pub fn start() -> Start {
    let mut notices = Vec::new();
    let mut design = Design::default();
    let mut legacy = None;
    let texts: Vec<(Field, String)> = get(REFUSED_TEXT_KEY)
        .and_then(|raw| crate::work::from_json(&raw))
        .unwrap_or_default();
    if let Some(raw) = get(AUTOSAVE_KEY) {
        if raw.trim_start().starts_with('{') {
            match read_design_json(&raw) {
                Ok(ReadDesign {
                    design: saved,
                    dropped,
                }) => {
                    design = saved;
                    if !dropped.is_empty() {
                        notices.push(SECRET_VALUES_DROPPED.to_owned());
                    }
                }
                Err(error) => {
                    let why = unreadable_why(&error.into());
                    let kept = keep_unreadable(&raw, &why).is_some();
                    notices.push(unreadable_notice(&why, kept));
                }
            }
        } else {
            legacy = Some(Legacy {
                text: saved_text(&raw),
                raw,
                refused: texts.clone(),
            });
        }
    }
    let editor = Editor::restore(design, if legacy.is_some() { &[] } else { &texts });
    let link = match link_in_address() {
        Some(Ok(design)) => Some(design),
        Some(Err(e)) => {
            notices.push(format!(
                "the link could not be opened, your own design is shown: {e}"
            ));
            remove_fragment();
            None
        }
        None => None,
    };
    Start {
        editor,
        notice: (!notices.is_empty()).then(|| notices.join("; ")),
        link,
        unreadable: unreadable(),
        legacy,
    }
}

/// Embed mode's start: the design in the fragment (or the default), and nothing from
/// storage.
pub fn start_embedded() -> Start {
    match link_in_address() {
        Some(Ok(design)) => Start {
            editor: Editor::new(design),
            ..Start::default()
        },
        Some(Err(e)) => Start {
            notice: Some(format!("the embedded design could not be opened: {e}")),
            ..Start::default()
        },
        None => Start::default(),
    }
}

/// The design a share link in the address bar holds, if there is one; in-page
/// anchors (`#rule-GK101`) are not links.
pub fn link_in_address() -> Option<Result<Design, String>> {
    let fragment = gloo::utils::window().location().hash().unwrap_or_default();
    share::is_link(&fragment).then(|| share::decode(&fragment).map_err(|e| e.to_string()))
}

/// Takes the share link out of the address bar without a reload or a history entry,
/// so a reload shows the user's design rather than opening the link again.
pub fn remove_fragment() {
    let window = gloo::utils::window();
    let location = window.location();
    let url = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

thread_local! {
    // Set when a saved design could not be read nor kept aside: saving would destroy it.
    static AUTOSAVE_OFF: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Saves the design, and the text its fields refused, for the next visit. Storage
/// can be full or disabled (private mode); the page keeps working and says so.
pub fn autosave(design: &Design, refused: &[(Field, String)]) -> Result<(), String> {
    if AUTOSAVE_OFF.with(std::cell::Cell::get) {
        return Err("autosave is off: the saved design could not be read nor kept aside, and saving would replace it (export your design to keep it)".into());
    }
    let Some(storage) = storage() else {
        return Err("autosave failed: this browser blocks storage for the page, so changes will not survive a reload (export the design to keep it)".into());
    };
    let failed = |e: JsValue| {
        format!(
            "autosave failed, changes will not survive a reload: {}",
            e.as_string()
                .unwrap_or_else(|| "storage refused the write".into())
        )
    };
    let json = serde_json::to_string(design).unwrap_or_default();
    storage.set_item(AUTOSAVE_KEY, &json).map_err(failed)?;
    if refused.is_empty() {
        storage.remove_item(REFUSED_TEXT_KEY).map_err(failed)
    } else {
        let json = serde_json::to_string(refused).unwrap_or_default();
        storage.set_item(REFUSED_TEXT_KEY, &json).map_err(failed)
    }
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
    get(THEME_KEY)
        .map(|raw| saved_text(&raw))
        .unwrap_or_else(|| "system".into())
}

/// Applies a theme, and remembers it unless `remember` is off (embed mode).
pub fn set_theme(theme: &str, remember: bool) {
    if let Some(root) = gloo::utils::document().document_element() {
        let _ = root.set_attribute("data-theme", theme);
    }
    if remember {
        if let Some(storage) = storage() {
            let _ = storage.set_item(THEME_KEY, theme);
        }
    }
}

/// Asks the user a yes/no question in the browser's own dialog; `false` when the
/// browser cannot show one.
pub fn confirm(question: &str) -> bool {
    gloo::utils::window()
        .confirm_with_message(question)
        .unwrap_or(false)
}
