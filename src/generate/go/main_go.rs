//! `main.go`: loads the settings, builds the router, serves on `:PORT` with the
//! designed read, write and idle timeouts (and metrics, when designed, on
//! `:METRICS_PORT`), shuts down gracefully on SIGTERM, and answers `-healthcheck` for
//! images without a shell.

use super::format::{fill, Imports};
use super::plan::Plan;
use super::quote::{comment_text, go_string};

pub fn main_go(plan: &Plan) -> String {
    let probe = plan.design.probe_path();
    let mut imports = Imports::default();
    imports
        .std("context")
        .std("errors")
        .std("flag")
        .std("log")
        .std("net/http")
        .std("os")
        .std("os/signal")
        .std("syscall")
        .std("time")
        .external("github.com/gin-gonic/gin")
        .local(&plan.module, "config")
        .local(&plan.module, "routers");
    if probe.is_none() {
        imports.std("net");
    }
    let database = match plan.database_url_field() {
        Some(field) => fill(DATABASE, &[("field", field)]),
        None => String::new(),
    };
    let (usage, check) = match &probe {
        Some(path) => (
            format!("GET {path} on PORT"),
            fill(
                CHECK_HTTP,
                &[("path", &comment_text(path)), ("url", &go_string(path))],
            ),
        ),
        None => ("connect to PORT".to_owned(), CHECK_TCP.to_owned()),
    };
    let usage = go_string(&format!(
        "{usage} and exit 0 when the server answers, 1 when not (for HEALTHCHECK in images without a shell)"
    ));
    let service = plan.service();
    let seconds = |s: u32| format!("{s} * time.Second");
    // A client gets the whole read timeout for its request, but no more than 10 s for
    // the headers, which are small.
    let read_header = service.read_timeout_seconds.min(10);
    let metrics = !plan.metrics_paths.is_empty();
    fill(
        MAIN,
        &[
            ("read_header", &seconds(read_header)),
            ("read", &seconds(service.read_timeout_seconds)),
            ("write", &seconds(service.write_timeout_seconds)),
            ("idle", &seconds(service.idle_timeout_seconds)),
            ("metrics_start", if metrics { METRICS_START } else { "" }),
            ("metrics_stop", if metrics { METRICS_STOP } else { "" }),
            ("name", &comment_text(&plan.service().name)),
            ("imports", &imports.render()),
            ("usage", &usage),
            ("database", &database),
            ("check", &check),
        ],
    )
}

const MAIN: &str = r#"// Command ${name} is the service's entry point: it reads the settings, builds the
// router and serves until SIGTERM.
package main

${imports}// shutdownTimeout bounds how long in-flight requests may finish after SIGTERM; keep
// it below the pod's terminationGracePeriodSeconds (30 s unless set).
const shutdownTimeout = 10 * time.Second

// The servers' timeouts (service.readTimeoutSeconds, writeTimeoutSeconds and
// idleTimeoutSeconds in the design): a client that sends its request or reads its
// response slowly, or idles, holds a connection no longer than these.
const (
	readHeaderTimeout = ${read_header}
	readTimeout       = ${read}
	writeTimeout      = ${write}
	idleTimeout       = ${idle}
)

func main() {
	healthcheck := flag.Bool("healthcheck", false, ${usage})
	flag.Parse()
	if *healthcheck {
		os.Exit(checkHealth(config.Port()))
	}

	cfg, err := config.Load()
	if err != nil {
		log.Fatalf("config: %v", err)
	}
	gin.SetMode(cfg.GinMode)
${database}
	srv := &http.Server{
		Addr:              ":" + cfg.Port,
		Handler:           routers.Setup(cfg),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
	}
	go func() {
		log.Printf("listening on %s", srv.Addr)
		if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Fatalf("listen: %v", err)
		}
	}()
${metrics_start}
	// Kubernetes sends SIGTERM before it stops a pod: stop accepting connections and
	// let the requests in flight finish.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	log.Print("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		log.Printf("shutdown: %v", err)
	}
${metrics_stop}}
${check}"#;

const METRICS_START: &str = r#"
	// Metrics have a port of their own, which neither the Service nor the Ingress
	// routes to: only what may reach the pod on it (Prometheus) reads them.
	metricsSrv := &http.Server{
		Addr:              ":" + config.MetricsPort(),
		Handler:           routers.Metrics(),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
	}
	go func() {
		log.Printf("serving metrics on %s", metricsSrv.Addr)
		if err := metricsSrv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Fatalf("metrics: %v", err)
		}
	}()
"#;

const METRICS_STOP: &str = r#"	if err := metricsSrv.Shutdown(shutdownCtx); err != nil {
		log.Printf("metrics shutdown: %v", err)
	}
"#;

const DATABASE: &str = r#"
	db, err := config.OpenDatabase(cfg.${field})
	if err != nil {
		log.Fatalf("database: %v", err)
	}
	defer db.Close()
	cfg.DB = db
"#;

const CHECK_HTTP: &str = r#"
// checkHealth asks the server on port for ${path} and returns the exit status: 0
// for a 2xx answer within 2 s, 1 otherwise.
func checkHealth(port string) int {
	client := &http.Client{Timeout: 2 * time.Second}
	resp, err := client.Get("http://127.0.0.1:" + port + ${url})
	if err != nil {
		log.Printf("healthcheck: %v", err)
		return 1
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		log.Printf("healthcheck: %s", resp.Status)
		return 1
	}
	return 0
}
"#;

const CHECK_TCP: &str = r#"
// checkHealth connects to the server on port (the design has no health route
// outside auth to ask) and returns the exit status: 0 when it accepts within 2 s,
// 1 otherwise.
func checkHealth(port string) int {
	conn, err := net.DialTimeout("tcp", "127.0.0.1:"+port, 2*time.Second)
	if err != nil {
		log.Printf("healthcheck: %v", err)
		return 1
	}
	conn.Close()
	return 0
}
"#;
