//! The kubelet's probes of the service's container.
//!
//! Probes only ever hit designed `GET` routes outside auth, so the server never
//! answers them with 404 or 401: readiness prefers `/readyz`, liveness `/healthz`
//! (a liveness check should not fail when a dependency is down, a readiness check
//! should), each falling back to the route [`Design::probe_path`] picks. A design
//! without any health route gets a TCP check of the listen port instead of an
//! invented path.

use k8s_openapi::api::core::v1::{HTTPGetAction, Probe, TCPSocketAction};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::model::{Design, Method};

/// How many periods the startup probe waits for the first answer: with the default
/// 10 s period, five minutes (the example of the Kubernetes documentation).
pub const STARTUP_FAILURE_THRESHOLD: i32 = 30;

/// The probes of the container.
pub struct Probes {
    pub readiness: Probe,
    pub liveness: Probe,
    /// Present when `cluster.probes.startup` is set; it holds off the other two until
    /// the server answers, so a slow start is not killed by the liveness probe.
    pub startup: Option<Probe>,
}

/// `path` when the design registers it as a `GET` route outside auth.
fn designed(design: &Design, path: &str) -> Option<String> {
    design
        .routes()
        .find(|r| {
            r.route.method == Method::Get && r.full_path == path && !design.requires_auth(r.group)
        })
        .map(|r| r.full_path)
}

/// The path the readiness probe asks, if any health route is designed.
pub fn readiness_path(design: &Design) -> Option<String> {
    designed(design, "/readyz").or_else(|| design.probe_path())
}

/// The path the liveness and startup probes ask, if any health route is designed.
pub fn liveness_path(design: &Design) -> Option<String> {
    designed(design, "/healthz").or_else(|| design.probe_path())
}

/// One probe of the listen port: an HTTP GET of `path`, or a TCP connect without one.
fn probe(design: &Design, path: Option<String>, failure_threshold: i32) -> Probe {
    let port = IntOrString::Int(i32::from(design.service.port));
    let (http_get, tcp_socket) = match path {
        Some(path) => (
            Some(HTTPGetAction {
                path: Some(path),
                port,
                ..Default::default()
            }),
            None,
        ),
        None => (
            None,
            Some(TCPSocketAction {
                port,
                ..Default::default()
            }),
        ),
    };
    let timings = &design.cluster.probes;
    Probe {
        http_get,
        tcp_socket,
        period_seconds: Some(timings.period_seconds),
        timeout_seconds: Some(timings.timeout_seconds),
        failure_threshold: Some(failure_threshold),
        ..Default::default()
    }
}

/// The readiness, liveness and (when designed) startup probes. Without a startup
/// probe, readiness waits 2 s and liveness 10 s before their first check so a
/// starting server is not restarted; with one, the startup probe does that waiting.
pub fn probes(design: &Design) -> Probes {
    let timings = &design.cluster.probes;
    let startup = timings.startup.then(|| {
        probe(
            design,
            liveness_path(design),
            STARTUP_FAILURE_THRESHOLD.max(timings.failure_threshold),
        )
    });
    let delay = |seconds: i32| startup.is_none().then_some(seconds);
    let (ready, live) = (readiness_path(design), liveness_path(design));
    // When both probes ask the same thing, liveness waits twice as long before it
    // acts: a pod that is only busy leaves rotation first, and is restarted only if
    // it stays unanswering (as the Kubernetes probe docs advise; GK434).
    let live_threshold = if ready == live {
        timings.failure_threshold.saturating_mul(2)
    } else {
        timings.failure_threshold
    };
    Probes {
        readiness: Probe {
            initial_delay_seconds: delay(2),
            ..probe(design, ready, timings.failure_threshold)
        },
        liveness: Probe {
            initial_delay_seconds: delay(10),
            ..probe(design, live, live_threshold)
        },
        startup,
    }
}
