//! In-browser benchmark (not a test: it asserts nothing and runs only with
//! `make bench`): the Kubernetes validator on the ~2,100-document stream, and the core
//! work of one edit on a design of 200 routes in 20 groups (reducer, every generated
//! file, every diagnostic, the diagram), in headless Chromium on the release build.
#![cfg(target_arch = "wasm32")]

use gin_deploy::bundle::render;
use gin_deploy::diagram::layout;
use gin_deploy::editor::{apply, Action, Editor, Field};
use gin_deploy::model::{Design, Method, Route, RouteGroup};
use gin_deploy::validate::bundle::validate_bundle;
use gin_deploy::validate::kube::{validate, Options};
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

#[path = "../examples/support/kube_stream.rs"]
mod kube_stream;

wasm_bindgen_test_configure!(run_in_browser);

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

fn percentile(times: &mut [f64], p: f64) -> f64 {
    times.sort_by(f64::total_cmp);
    times[((times.len() - 1) as f64 * p).round() as usize]
}

#[wasm_bindgen_test]
fn kube_stream_validation() {
    let (text, documents) = kube_stream::stream();
    let mut times: Vec<f64> = (0..9)
        .map(|_| {
            let start = now();
            let found = validate("bench.yaml", &text, &Options::default()).len();
            std::hint::black_box(found);
            now() - start
        })
        .collect();
    console_log!(
        "browser: kube validate, {documents} documents, {} lines: median {:.1} ms, min {:.1} ms over {} runs",
        text.lines().count(),
        percentile(&mut times, 0.5),
        percentile(&mut times, 0.0),
        times.len()
    );
}

#[wasm_bindgen_test]
fn one_edit_on_a_200_route_design() {
    let mut design = Design {
        groups: (0..20)
            .map(|g| RouteGroup {
                prefix: format!("/api/v1/g{g}"),
                middleware: Vec::new(),
                routes: (0..10)
                    .map(|r| Route::new(Method::Get, &format!("/r{r}/:id")))
                    .collect(),
            })
            .collect(),
        ..Design::default()
    };
    design.groups[0]
        .routes
        .push(Route::new(Method::Get, "/healthz"));
    let mut editor = Editor::new(design);
    let mut edit = |i: usize| {
        let start = now();
        editor = apply(&editor, Action::Edit(Field::Port, (8000 + i).to_string()));
        let files = render(&editor.design);
        let found = validate_bundle(&editor.design, &files);
        let diagram = layout(&editor.design);
        std::hint::black_box((files.len(), found.len(), diagram.nodes.len()));
        now() - start
    };
    // V8 first runs wasm from its baseline compiler and moves hot functions to the
    // optimising one as they run: the first edits of a session are slower, so they
    // are reported apart from the steady state.
    const FIRST: usize = 30;
    let mut first: Vec<f64> = (0..FIRST).map(&mut edit).collect();
    let mut steady: Vec<f64> = (FIRST..FIRST + 120).map(&mut edit).collect();
    let very_first = first[0];
    console_log!(
        "browser: one edit (reducer + every file + diagnostics + diagram) on 200 routes in 20 groups: \
         first {} edits p50 {:.1} ms, max {:.1} ms (the very first {:.1} ms); next {} edits p50 {:.1} ms, p95 {:.1} ms",
        FIRST,
        percentile(&mut first, 0.5),
        percentile(&mut first, 1.0),
        very_first,
        steady.len(),
        percentile(&mut steady, 0.5),
        percentile(&mut steady, 0.95),
    );
}
