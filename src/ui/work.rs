//! The page's side of [`crate::work`]: sends requests to the worker and hands each
//! reply to the component that asked.
//!
//! The worker (`worker_loader.js`, built by Trunk from `src/ui/worker_main.rs`) starts on
//! the first request. Where a worker cannot start (no `Worker`, a policy that forbids
//! it, its files failing to load), the page loads the same module itself and steps
//! each job with a pause between steps, slower but never frozen. Browser tests, which
//! serve no worker files, build with the `inline-work` feature and step
//! [`crate::work::Job`] in the page directly.
//!
//! Replies of a request the page cancelled (a newer paste, a newer design) are
//! dropped; the worker stops the job as soon as it hears the cancel.

// With `inline-work` (browser tests) the worker and in-page servers are built but
// never started.
#![cfg_attr(feature = "inline-work", allow(dead_code, unused_imports))]

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::work::{from_json, Envelope, Message, Reply, Request, READY};

/// Where the worker's files are, relative to the page.
const LOADER: &str = "./worker_loader.js";
const SCRIPT: &str = "./worker.js";
const MODULE: &str = "./worker_bg.wasm";

/// What serves requests.
enum Server {
    /// Nothing asked yet.
    Idle,
    /// Asked, and the worker starts on the next turn of the event loop.
    Deferred,
    /// A Web Worker, started; its handlers live as long as it does.
    Starting(web_sys::Worker),
    /// A Web Worker that has said it listens.
    Worker(web_sys::Worker),
    /// The worker module is being loaded into the page.
    Loading,
    /// The worker module, loaded into the page: its `wasm_bindgen` namespace.
    InPage(JsValue),
    /// This module does the work itself (browser tests).
    #[cfg(feature = "inline-work")]
    Inline,
}

type Handler = Rc<dyn Fn(Reply)>;

struct Client {
    server: Server,
    next_id: u32,
    handlers: HashMap<u32, Handler>,
    /// Requests not yet answered, kept to send again if the worker fails to start.
    waiting: HashMap<u32, Request>,
    /// The bytes that go beside a waiting request (a picked archive's), kept in
    /// JavaScript: the page never copies them into its own memory.
    attachments: HashMap<u32, js_sys::Uint8Array>,
    /// Requests whose first reply has arrived.
    answered: BTreeSet<u32>,
}

thread_local! {
    static CLIENT: RefCell<Client> = RefCell::new(Client {
        server: Server::Idle,
        next_id: 1,
        handlers: HashMap::new(),
        waiting: HashMap::new(),
        attachments: HashMap::new(),
        answered: BTreeSet::new(),
    });
}

/// Whether a reply is a request's last.
fn last(reply: &Reply) -> bool {
    matches!(
        reply,
        Reply::Done { .. }
            | Reply::Imported { .. }
            | Reply::Rules { .. }
            | Reply::Design { .. }
            | Reply::Migrated { .. }
            | Reply::Simulated { .. }
            | Reply::ProjectRead { .. }
    )
}

/// Sends `request`; `on_reply` gets each of its replies, on later turns of the event
/// loop, until the last or until [`cancel`]. Returns the id to cancel it with.
pub fn request(request: Request, on_reply: impl Fn(Reply) + 'static) -> u32 {
    request_with(request, None, on_reply)
}

/// [`request`], with the bytes that go beside it ([`Request::attach`]): a picked
/// archive's, handed over as they are rather than spelled out in the JSON.
pub fn request_with(
    request: Request,
    attachment: Option<js_sys::Uint8Array>,
    on_reply: impl Fn(Reply) + 'static,
) -> u32 {
    let id = CLIENT.with(|c| {
        let mut c = c.borrow_mut();
        let id = c.next_id;
        c.next_id += 1;
        c.handlers.insert(id, Rc::new(on_reply));
        c.waiting.insert(id, request.clone());
        if let Some(bytes) = attachment {
            c.attachments.insert(id, bytes);
        }
        id
    });
    send(id, request);
    id
}

/// The bytes that go beside request `id`, if any.
fn attachment(id: u32) -> Option<js_sys::Uint8Array> {
    CLIENT.with(|c| c.borrow().attachments.get(&id).cloned())
}

/// Stops a request: no more of its replies reach its handler.
pub fn cancel(id: u32) {
    let worker = CLIENT.with(|c| {
        let mut c = c.borrow_mut();
        c.handlers.remove(&id);
        c.waiting.remove(&id);
        c.attachments.remove(&id);
        c.answered.remove(&id);
        match &c.server {
            Server::Worker(worker) => Some(worker.clone()),
            _ => None,
        }
    });
    if let Some(worker) = worker {
        post(&worker, &Message::Cancel { id }, None);
    }
}

#[wasm_bindgen]
extern "C" {
    /// The browser's `TextEncoder`, taking a JavaScript string as it is (web-sys's
    /// binding takes a Rust `&str`).
    #[wasm_bindgen(js_name = TextEncoder)]
    type Utf8Encoder;
    #[wasm_bindgen(constructor, js_class = "TextEncoder")]
    fn new() -> Utf8Encoder;
    #[wasm_bindgen(method, js_class = "TextEncoder", js_name = encode)]
    fn encode(this: &Utf8Encoder, text: &JsValue) -> js_sys::Uint8Array;
}

/// A JavaScript string as a Rust one (`None` for anything else). wasm-bindgen
/// copies a string in with a JavaScript loop a character at a time until the first
/// non-ASCII one: 7 ms for a 614 KB paste. A long one goes through the browser's
/// `TextEncoder` and one copy instead.
pub fn rust_string(value: &JsValue) -> Option<String> {
    const LONG: u32 = 4096;
    let text = value.dyn_ref::<js_sys::JsString>()?;
    if text.length() < LONG {
        return value.as_string();
    }
    // TextEncoder writes UTF-8, a lone surrogate as U+FFFD, as `as_string` does.
    String::from_utf8(Utf8Encoder::new().encode(value).to_vec()).ok()
}

/// Posts `message` as JSON text, or, with bytes beside it (a picked archive's), as
/// `[text, Uint8Array]`: the browser copies the bytes to the worker as they are,
/// where JSON would have the page spell them out as text.
fn post(worker: &web_sys::Worker, message: &Message, attachment: Option<&js_sys::Uint8Array>) {
    let Ok(text) = serde_json::to_string(message) else {
        return;
    };
    // Posting to a live worker does not fail; a dead one errors later.
    let _ = match attachment {
        Some(bytes) => worker.post_message(&js_sys::Array::of2(&JsValue::from_str(&text), bytes)),
        None => worker.post_message(&JsValue::from_str(&text)),
    };
}

/// Hands a reply to its handler; forgets the request after its last reply.
fn deliver(id: u32, reply: Reply) {
    let handler = CLIENT.with(|c| {
        let mut c = c.borrow_mut();
        c.waiting.remove(&id);
        c.attachments.remove(&id);
        if last(&reply) {
            c.answered.remove(&id);
            c.handlers.remove(&id)
        } else {
            c.answered.insert(id);
            c.handlers.get(&id).cloned()
        }
    });
    if let Some(handler) = handler {
        handler(reply);
    }
}

fn send(id: u32, request: Request) {
    enum Route {
        Worker(web_sys::Worker),
        InPage(JsValue),
        Later,
        #[cfg(feature = "inline-work")]
        Inline,
    }
    let route = CLIENT.with(|c| {
        let mut c = c.borrow_mut();
        if matches!(c.server, Server::Idle) {
            c.server = start_soon();
        }
        match &c.server {
            Server::Worker(worker) => Route::Worker(worker.clone()),
            Server::InPage(namespace) => Route::InPage(namespace.clone()),
            Server::Idle | Server::Deferred | Server::Loading | Server::Starting(_) => Route::Later,
            #[cfg(feature = "inline-work")]
            Server::Inline => Route::Inline,
        }
    });
    match route {
        Route::Worker(worker) => post(
            &worker,
            &Message::Start { id, request },
            attachment(id).as_ref(),
        ),
        Route::InPage(namespace) => step_in_page(namespace, id, request),
        // Sent once the module has loaded (it is in `waiting`).
        Route::Later => {}
        #[cfg(feature = "inline-work")]
        Route::Inline => {
            let mut request = request;
            if let Some(bytes) = attachment(id) {
                request.attach(bytes.to_vec());
            }
            step_inline(id, crate::work::Job::new(request))
        }
    }
}

#[cfg(feature = "inline-work")]
fn start_soon() -> Server {
    Server::Inline
}

/// Starts the worker on the next turn of the event loop. The first request comes
/// from the effects of the page's first render, and creating a Worker takes the main
/// thread 8 ms (measured in Chromium here): the page is shown and answers input
/// first, while the worker's files load no later than they would have.
#[cfg(not(feature = "inline-work"))]
fn start_soon() -> Server {
    Timeout::new(0, || {
        let server = start();
        CLIENT.with(|c| {
            let mut c = c.borrow_mut();
            if matches!(c.server, Server::Deferred) {
                c.server = server;
            }
        });
    })
    .forget();
    Server::Deferred
}

/// Starts a Web Worker, or, where none can start, loads its module into the page.
#[cfg(not(feature = "inline-work"))]
fn start() -> Server {
    match web_sys::Worker::new(LOADER) {
        Ok(worker) => {
            let on_message =
                Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|event: web_sys::MessageEvent| {
                    let Some(text) = rust_string(&event.data()) else {
                        return;
                    };
                    if text == READY {
                        ready();
                    } else if let Some(Envelope { id, reply }) = from_json(&text) {
                        deliver(id, reply);
                    }
                });
            worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            on_message.forget();
            // A worker whose files fail to load or whose module fails to start
            // reports an error event: serve from the page instead.
            let on_error =
                Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(|event: web_sys::ErrorEvent| {
                    event.prevent_default();
                    fall_back();
                });
            worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            on_error.forget();
            Server::Starting(worker)
        }
        Err(_) => {
            load_in_page();
            Server::Loading
        }
    }
}

/// The worker listens: send it every request that waited.
#[cfg(not(feature = "inline-work"))]
fn ready() {
    let (worker, waiting) = CLIENT.with(|c| {
        let mut c = c.borrow_mut();
        let worker = match std::mem::replace(&mut c.server, Server::Idle) {
            Server::Starting(worker) | Server::Worker(worker) => worker,
            other => {
                c.server = other;
                return (None, Vec::new());
            }
        };
        c.server = Server::Worker(worker.clone());
        let mut waiting: Vec<(u32, Request)> =
            c.waiting.iter().map(|(id, r)| (*id, r.clone())).collect();
        waiting.sort_by_key(|(id, _)| *id);
        (Some(worker), waiting)
    });
    if let Some(worker) = worker {
        for (id, request) in waiting {
            post(
                &worker,
                &Message::Start { id, request },
                attachment(id).as_ref(),
            );
        }
    }
}

/// The worker failed: load its module into the page and send again what it had not
/// begun to answer. What it had begun is dropped (its handlers keep what they got).
#[cfg(not(feature = "inline-work"))]
fn fall_back() {
    let dead = CLIENT.with(|c| {
        let mut c = c.borrow_mut();
        let answered: Vec<u32> = c.answered.iter().copied().collect();
        for id in answered {
            c.handlers.remove(&id);
        }
        c.answered.clear();
        match std::mem::replace(&mut c.server, Server::Loading) {
            Server::Starting(worker) | Server::Worker(worker) => Some(worker),
            other => {
                c.server = other;
                None
            }
        }
    });
    if let Some(worker) = dead {
        worker.terminate();
        load_in_page();
    }
}

#[wasm_bindgen]
extern "C" {
    /// The no-modules loader `worker.js` defines in the page: it instantiates the
    /// module and resolves to its exports, which it also sets as its own properties.
    #[wasm_bindgen(thread_local_v2, js_name = wasm_bindgen)]
    static WORKER_NAMESPACE: JsValue;
}

/// Adds `worker.js` to the page, instantiates its module, then sends every request
/// that waited.
#[cfg(not(feature = "inline-work"))]
fn load_in_page() {
    let document = gloo::utils::document();
    let Ok(script) = document.create_element("script") else {
        return;
    };
    let script: web_sys::HtmlScriptElement = script.unchecked_into();
    script.set_src(SCRIPT);
    let on_load = Closure::once_into_js(move || {
        let namespace = WORKER_NAMESPACE.with(JsValue::clone);
        let Ok(init) = namespace.clone().dyn_into::<js_sys::Function>() else {
            return;
        };
        let Ok(started) = init.call1(&JsValue::NULL, &JsValue::from_str(MODULE)) else {
            return;
        };
        let Ok(started) = started.dyn_into::<js_sys::Promise>() else {
            return;
        };
        wasm_bindgen_futures::spawn_local(async move {
            if wasm_bindgen_futures::JsFuture::from(started).await.is_err() {
                return;
            }
            let waiting: Vec<(u32, Request)> = CLIENT.with(|c| {
                let mut c = c.borrow_mut();
                c.server = Server::InPage(namespace.clone());
                let mut waiting: Vec<(u32, Request)> =
                    c.waiting.iter().map(|(id, r)| (*id, r.clone())).collect();
                waiting.sort_by_key(|(id, _)| *id);
                waiting
            });
            for (id, request) in waiting {
                step_in_page(namespace.clone(), id, request);
            }
        });
    });
    script.set_onload(Some(on_load.unchecked_ref()));
    if let Some(head) = document.head() {
        let _ = head.append_child(&script);
    }
}

/// How many requests still wait for their last reply (browser tests wait for none).
#[cfg(feature = "inline-work")]
pub fn pending() -> usize {
    CLIENT.with(|c| c.borrow().handlers.len())
}

/// Whether the page still wants replies to `id`.
fn wanted(id: u32) -> bool {
    CLIENT.with(|c| c.borrow().handlers.contains_key(&id))
}

/// Callbacks waiting for a turn of the page's event loop, and the channel whose
/// messages give them one.
struct Turns {
    port: web_sys::MessagePort,
    waiting: std::collections::VecDeque<Box<dyn FnOnce()>>,
}

thread_local! {
    static TURNS: RefCell<Option<Turns>> = const { RefCell::new(None) };
}

/// Runs `f` in a task of its own, after the tasks already queued (input, rendering,
/// in a worker the page's messages): a message posted to this global itself, since a
/// chain of zero-delay timers waits at least 4 ms a link (a paste's check is about a
/// hundred links).
pub fn soon(f: impl FnOnce() + 'static) {
    let port = TURNS.with(|turns| {
        let mut turns = turns.borrow_mut();
        if turns.is_none() {
            let channel = web_sys::MessageChannel::new().ok()?;
            let on_message = Closure::<dyn FnMut()>::new(|| {
                let next = TURNS.with(|t| t.borrow_mut().as_mut()?.waiting.pop_front());
                if let Some(next) = next {
                    next();
                }
            });
            channel
                .port1()
                .set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            // The handler lives as long as the page.
            on_message.forget();
            *turns = Some(Turns {
                port: channel.port2(),
                waiting: std::collections::VecDeque::new(),
            });
        }
        turns.as_ref().map(|t| t.port.clone())
    });
    match port {
        Some(port) if port.post_message(&JsValue::NULL).is_ok() => TURNS.with(|turns| {
            if let Some(turns) = turns.borrow_mut().as_mut() {
                turns.waiting.push_back(Box::new(f));
            }
        }),
        // No channel: a timer's turn, later but as sure.
        _ => {
            Timeout::new(0, f).forget();
        }
    }
}

/// Runs a job in the page through the loaded worker module: one step per turn of the
/// event loop, so input and rendering go on between steps.
fn step_in_page(namespace: JsValue, id: u32, request: Request) {
    let Ok(json) = serde_json::to_string(&request) else {
        return;
    };
    let stepper = js_sys::Reflect::get(&namespace, &JsValue::from_str("Stepper"))
        .ok()
        .and_then(|class| class.dyn_into::<js_sys::Function>().ok())
        .and_then(|class| {
            let attachment = attachment(id).map_or(JsValue::UNDEFINED, JsValue::from);
            let arguments = js_sys::Array::of2(&JsValue::from_str(&json), &attachment);
            js_sys::Reflect::construct(&class, &arguments).ok()
        });
    let Some(stepper) = stepper else {
        return;
    };
    let step = js_sys::Reflect::get(&stepper, &JsValue::from_str("step"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(step) = step else {
        return;
    };
    fn turn(stepper: JsValue, step: js_sys::Function, id: u32) {
        soon(move || {
            if !wanted(id) {
                return;
            }
            // One reply's JSON, nothing when the job is over, or an empty string
            // when it worked and has nothing to send yet.
            let text = step.call0(&stepper).ok().and_then(|r| rust_string(&r));
            match text {
                Some(text) if text.is_empty() => turn(stepper, step, id),
                Some(text) => {
                    if let Some(reply) = from_json::<Reply>(&text) {
                        let more = !last(&reply);
                        // Shown in a task of its own: a step and the rendering of
                        // what it found could come to more than 50 ms together.
                        soon(move || deliver(id, reply));
                        if more {
                            turn(stepper, step, id);
                        }
                    }
                }
                None => {}
            }
        })
    }
    turn(stepper, step, id);
}

/// Runs a job in this module, one step per turn of the event loop (browser tests).
#[cfg(feature = "inline-work")]
fn step_inline(id: u32, mut job: crate::work::Job) {
    Timeout::new(0, move || {
        if !wanted(id) {
            return;
        }
        match job.advance() {
            crate::work::Step::Reply(reply) => {
                let more = !last(&reply);
                deliver(id, reply);
                if more {
                    step_inline(id, job);
                }
            }
            crate::work::Step::Working => step_inline(id, job),
            crate::work::Step::Over => {}
        }
    })
    .forget();
}
