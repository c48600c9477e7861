//! Benchmark of `design_file::check`, which the editor runs on every keystroke, on a
//! design with 200 routes in 10 groups (static segments, parameters, a catch-all per
//! group, group middleware), then the same with a metrics endpoint and CORS on every
//! group (so the check plans the routes the generated router adds). Prints the
//! median and worst time of one check.
//!
//! ```text
//! cargo run --release --example bench_check
//! ```

use std::time::{Duration, Instant};

use gin_deploy::design_file::check;
use gin_deploy::model::{Design, Method, Middleware, Route, RouteGroup};

const GROUPS: usize = 10;
const ROUTES_PER_GROUP: usize = 20;
const RUNS: usize = 501;

fn design() -> Design {
    let mut design = Design::default();
    design.groups.clear();
    for g in 0..GROUPS {
        let routes = (0..ROUTES_PER_GROUP)
            .map(|r| {
                let method = [Method::Get, Method::Post, Method::Put, Method::Delete][r % 4];
                let path = match r % 5 {
                    0 => format!("/items{r}"),
                    1 => format!("/items{r}/:id"),
                    2 => format!("/items{r}/:id/parts/:part"),
                    3 => format!("/items{r}/search/"),
                    _ if r == ROUTES_PER_GROUP - 1 => "/files/*path".to_owned(),
                    _ => format!("/items{r}/:id/history"),
                };
                Route::new(method, &path)
            })
            .collect();
        design.groups.push(RouteGroup {
            prefix: format!("/api/v{g}"),
            middleware: vec![Middleware::Timeout { millis: 2_000 }],
            routes,
        });
    }
    design
}

/// The median and worst time of one `check`, in microseconds.
fn time(design: &Design) -> (f64, f64) {
    let problems = check(design);
    assert!(problems.is_empty(), "{problems:#?}");
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(check(std::hint::black_box(design)));
            start.elapsed()
        })
        .collect();
    times.sort();
    (
        times[RUNS / 2].as_secs_f64() * 1e6,
        times[RUNS - 1].as_secs_f64() * 1e6,
    )
}

fn main() {
    let plain = design();
    let routes = plain.routes().count();
    // With a metrics endpoint and CORS on every group, the router registers routes
    // of its own, and the check plans them as the generator does.
    let mut extras = plain.clone();
    extras.middleware.push(Middleware::Metrics {
        path: "/metrics".into(),
    });
    let cors = Middleware::catalog()
        .into_iter()
        .find(|m| matches!(m, Middleware::Cors { .. }))
        .expect("the catalog has CORS");
    for group in &mut extras.groups {
        group.middleware.push(cors.clone());
    }
    for (name, design) in [("plain", &plain), ("metrics and CORS", &extras)] {
        let (median, worst) = time(design);
        println!(
            "check on {routes} routes in {} groups, {name}: median {median:.1} µs, worst {worst:.1} µs ({RUNS} runs)",
            design.groups.len(),
        );
    }
}
