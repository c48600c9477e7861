//! What the fuzz targets share: how raw bytes become the text a user would hand
//! the playground, and the stack the page runs on.

/// The stack a wasm32 page runs with (Rust's default for the target): recursion
/// that fits natively but not there would trap the page, so every input is checked
/// on a thread with no more stack than that.
const PAGE_STACK: usize = 1024 * 1024;

/// Runs `check` on a thread with the page's stack. A panic or a stack overflow in
/// it takes the process down, which libFuzzer reports as a crash with the input.
pub fn on_page_stack(check: impl FnOnce() + Send + 'static) {
    let worker = std::thread::Builder::new()
        .stack_size(PAGE_STACK)
        .spawn(check)
        .expect("a thread starts");
    if let Err(panic) = worker.join() {
        std::panic::resume_unwind(panic);
    }
}

/// The bytes as text, invalid UTF-8 replaced: the page and the command only ever
/// see text.
pub fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// The first byte picks one of `choices` (a file name, a mode), the rest is the input.
pub fn pick<'c, T>(data: &[u8], choices: &'c [T]) -> (&'c T, String) {
    match data.split_first() {
        Some((first, rest)) => (&choices[*first as usize % choices.len()], text(rest)),
        None => (&choices[0], String::new()),
    }
}
