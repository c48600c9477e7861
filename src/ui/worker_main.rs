//! The page's Web Worker: serves [`gin_deploy::work`] requests off the main thread,
//! so the page never runs a validator itself and its first load does not carry them.
//!
//! Messages are JSON text: [`Message`]s in, [`Envelope`]s out. A job works in steps
//! of bounded work (`Job::advance_by`) and posts its replies one at a time,
//! yielding to the worker's event loop between steps now and then, so a `cancel` (a
//! newer paste) is heard before the old job has checked the whole stream or sent
//! all its findings.
//!
//! Where the page cannot start a worker it loads this same module into the page and
//! drives [`Stepper`] itself. Natively this binary does nothing: the core it serves
//! is tested natively through `work::Job`.

#[cfg(target_arch = "wasm32")]
mod web {
    use std::cell::RefCell;
    use std::collections::BTreeSet;

    use gin_deploy::ui::rust_string;
    use gin_deploy::work::{read_message, Envelope, Job, Message, Request, Step, READY};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    /// How long a job may work before it lets the event loop deliver messages (a
    /// cancel) again, in milliseconds. A turn is a message the worker posts itself
    /// ([`gin_deploy::ui::soon`]), which costs little; a zero-delay timer, nested this
    /// deep, waited at least 4 ms, so turns came only every 24 ms.
    const YIELD_EVERY_MS: f64 = 8.0;

    /// How much work a step of the worker does: four of the page's steps (it only
    /// listens for a cancel between them, and each step has a cost of its own).
    const IN_WORKER: usize = gin_deploy::work::WORK * 4;

    /// How long the page's own stepper works before it hands the page back, in
    /// milliseconds: a step or two, so that with the page's showing of a reply the
    /// task stays well under the 50 ms of a long task.
    const IN_PAGE_MS: f64 = 8.0;

    thread_local! {
        static CANCELLED: RefCell<BTreeSet<u32>> = const { RefCell::new(BTreeSet::new()) };
    }

    /// Answers messages until the page lets go of the worker.
    pub fn serve(scope: DedicatedWorkerGlobalScope) {
        let replies = scope.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            // JSON text, or `[text, Uint8Array]` when bytes travel beside it.
            let data = event.data();
            let (text, attachment) = match data.dyn_ref::<js_sys::Array>() {
                Some(parts) => (
                    rust_string(&parts.get(0)),
                    parts
                        .get(1)
                        .dyn_into::<js_sys::Uint8Array>()
                        .ok()
                        .map(|bytes| bytes.to_vec()),
                ),
                None => (rust_string(&data), None),
            };
            let Some(text) = text else {
                return;
            };
            match read_message::<Message>(&text) {
                Ok(Message::Start { id, mut request }) => {
                    if let Some(bytes) = attachment {
                        request.attach(bytes);
                    }
                    wasm_bindgen_futures::spawn_local(run(replies.clone(), id, request));
                }
                Ok(Message::Cancel { id }) => {
                    CANCELLED.with(|c| c.borrow_mut().insert(id));
                }
                // The page only sends what it serialized from the same types.
                Err(_) => {}
            }
        });
        scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // The handler lives as long as the worker.
        on_message.forget();
        let _ = scope.post_message(&JsValue::from_str(READY));
    }

    fn cancelled(id: u32) -> bool {
        CANCELLED.with(|c| c.borrow_mut().remove(&id))
    }

    async fn run(scope: DedicatedWorkerGlobalScope, id: u32, request: Request) {
        let mut job = Job::new(request);
        let mut since = js_sys::Date::now();
        loop {
            if cancelled(id) {
                return;
            }
            match job.advance_by(IN_WORKER) {
                Step::Reply(reply) => {
                    if let Ok(text) = serde_json::to_string(&Envelope { id, reply }) {
                        // Posting a string cannot fail short of the worker being closed.
                        let _ = scope.post_message(&JsValue::from_str(&text));
                    }
                }
                Step::Working => {}
                Step::Over => break,
            }
            if js_sys::Date::now() - since > YIELD_EVERY_MS {
                next_turn().await;
                since = js_sys::Date::now();
            }
        }
        // A cancel that came after the last reply is spent.
        cancelled(id);
    }

    /// Resolves on a later turn of the event loop, after pending messages.
    async fn next_turn() {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            gin_deploy::ui::soon(move || {
                let _ = resolve.call0(&JsValue::NULL);
            });
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }

    /// A job driven by the page itself when it cannot start a worker: construct it
    /// with a request's JSON (and the bytes that travel beside it, if any), then call
    /// `step` once per turn of the page's event loop until it returns nothing: each
    /// call works for at most about [`IN_PAGE_MS`] and returns one reply's JSON, or
    /// an empty string when it has nothing to send yet.
    #[wasm_bindgen]
    pub struct Stepper(Job);

    #[wasm_bindgen]
    impl Stepper {
        #[wasm_bindgen(constructor)]
        pub fn new(request: &str, attachment: Option<Vec<u8>>) -> Result<Stepper, JsValue> {
            let mut request =
                read_message::<Request>(request).map_err(|e| JsValue::from_str(&e))?;
            if let Some(bytes) = attachment {
                request.attach(bytes);
            }
            Ok(Stepper(Job::new(request)))
        }

        pub fn step(&mut self) -> Option<String> {
            let start = js_sys::Date::now();
            loop {
                match self.0.advance() {
                    Step::Reply(reply) => return serde_json::to_string(&reply).ok(),
                    Step::Over => return None,
                    Step::Working if js_sys::Date::now() - start > IN_PAGE_MS => {
                        return Some(String::new())
                    }
                    Step::Working => {}
                }
            }
        }
    }
}

fn main() {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        // Loaded into the page as the fallback, the module only exports `Stepper`.
        if let Ok(scope) = js_sys::global().dyn_into::<web_sys::DedicatedWorkerGlobalScope>() {
            web::serve(scope);
        }
    }
}
