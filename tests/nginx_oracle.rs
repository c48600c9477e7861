//! The real-nginx oracle for the Ingress simulator: Debian's nginx, configured with
//! the `server` and `location` blocks ingress-nginx renders for the Ingress the
//! generator writes, must hand the upstream the same request target our simulator
//! says the pods receive (`Trace::gin_path` and the query), and must answer 404 from
//! its default backend exactly when our simulator does.
//!
//! Run with `make test` (tools tier) or `cargo test --features tools --test
//! nginx_oracle`; needs nginx (`scripts/setup.sh` installs Debian's). nginx runs
//! unprivileged on loopback (`nginx -p PREFIX -c CONF`, `daemon off`, every path in
//! PREFIX); the upstream is a raw-socket echo server in this file that answers each
//! request with the request target byte for byte as it arrived, so nothing between
//! nginx and the comparison normalises a path. The client is a raw socket too.
//!
//! The renderer models only what decides which location answers and what URI goes
//! upstream, after ingress-nginx's controller and `nginx.tmpl`:
//! - `getBackendServers` gives every host a root location for the default backend
//!   (an Ingress path `/` of type Prefix takes it over), sorts the locations by path
//!   (descending, then stably by length, longest first);
//! - `updateServerLocations` turns a Prefix path `/foo` into `location /foo/` plus an
//!   exact `location = /foo`, unless the location rewrites or uses regex;
//! - `enforceRegexModifier`: when any location has `use-regex` or a `rewrite-target`
//!   other than its own path, every location of the server becomes
//!   `location ~* "^PATH"` (`buildLocation`); otherwise Exact paths are `= PATH` and
//!   the rest plain prefix locations;
//! - `buildProxyPass`: `rewrite "(?i)PATH" TARGET break;` before
//!   `proxy_pass http://upstream_balancer;` when the location rewrites;
//! - the default backend answers 404, here `return 404`, also for a host no server
//!   names (the catch-all `_` server).
//!
//! Left out, as they do not change the location or the URI: the Lua balancer (here a
//! plain `upstream upstream_balancer` on the echo server), headers, timeouts, buffers,
//! logging. Also left out: the 308 redirect to HTTPS of a host with a TLS certificate
//! (the Lua `rewrite_by_lua` / `$redirect_to_https` check): requests count as HTTPS,
//! and the simulator is asked with `Request::over_https`. Wildcard hosts
//! (`buildServerName`'s regex) are not rendered: the designs here use plain hosts.
//!
//! Prints one line per preset variant (requests, disagreements), every disagreement
//! (the request, what nginx sent upstream or answered, what we say), then
//! `nginx-oracle: N requests, M disagreements`.

use std::collections::HashSet;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use gin_deploy::generate::kube::ingress::ingress;
use gin_deploy::model::{Design, Ingress as IngressSettings};
use gin_deploy::presets::PRESETS;
use gin_deploy::simulate::{simulate, Request};
use k8s_openapi::api::networking::v1::Ingress;

/// Random requests per variant, on top of the fixed tricky ones.
const RANDOM_REQUESTS: usize = 200;
const SEED: u64 = 0x0001_9E1A_0C1E_2026;
/// The header the echo server marks its answers with: a response without it came
/// from nginx itself.
const ECHO_HEADER: &str = "x-oracle-echo";
// ingress-nginx's annotation names, spelled here rather than taken from the
// generator, so a misspelt constant there shows up as a disagreement.
const USE_REGEX: &str = "nginx.ingress.kubernetes.io/use-regex";
const REWRITE_TARGET: &str = "nginx.ingress.kubernetes.io/rewrite-target";

// --- The renderer -------------------------------------------------------------------

/// One location of the rendered server, as ingress-nginx's `ingress.Location`.
#[derive(Clone, Debug)]
struct Location {
    path: String,
    path_type: String,
    /// The default backend's root location (404), not the Service.
    default_backend: bool,
}

/// What ingress-nginx derives from one Ingress rule for its host's `server`.
struct Server {
    /// `None`: the rule has no host and lands in the catch-all `_` server.
    host: Option<String>,
    locations: Vec<Location>,
    use_regex: bool,
    rewrite_target: Option<String>,
}

/// Go's `strconv.ParseBool` true values, which `parser.GetBoolAnnotation` accepts.
fn parse_bool(text: &str) -> bool {
    matches!(text, "1" | "t" | "T" | "TRUE" | "true" | "True")
}

impl Server {
    fn of(ingress: &Ingress) -> Server {
        let annotations = ingress.metadata.annotations.clone().unwrap_or_default();
        let rule = ingress
            .spec
            .as_ref()
            .and_then(|s| s.rules.as_ref())
            .and_then(|rules| rules.first())
            .expect("the generated Ingress has one rule");
        // createServers: every server starts with the default backend at `/`.
        let mut locations = vec![Location {
            path: "/".into(),
            path_type: "Prefix".into(),
            default_backend: true,
        }];
        for path in rule.http.iter().flat_map(|http| &http.paths) {
            let nginx_path = path
                .path
                .clone()
                .filter(|p| !p.is_empty())
                .unwrap_or_else(|| "/".into());
            // The same path and type replaces a location (the default backend's
            // root); the same path with another type is a location of its own.
            match locations
                .iter_mut()
                .find(|l| l.path == nginx_path && l.path_type == path.path_type)
            {
                Some(existing) => existing.default_backend = false,
                None => locations.push(Location {
                    path: nginx_path,
                    path_type: path.path_type.clone(),
                    default_backend: false,
                }),
            }
        }
        // getBackendServers: by path descending, then stably by length, longest first.
        locations.sort_by(|a, b| b.path.cmp(&a.path));
        locations.sort_by_key(|l| std::cmp::Reverse(l.path.len()));
        let mut server = Server {
            host: rule.host.clone().filter(|h| !h.is_empty()),
            locations,
            use_regex: annotations.get(USE_REGEX).is_some_and(|v| parse_bool(v)),
            rewrite_target: annotations
                .get(REWRITE_TARGET)
                .filter(|t| !t.is_empty())
                .cloned(),
        };
        server.split_prefixes();
        server
    }

    /// `needsRewrite`: a target other than the location's own path.
    fn rewrites(&self, location: &Location) -> bool {
        self.rewrite_target
            .as_ref()
            .is_some_and(|t| *t != location.path)
    }

    /// `updateServerLocations`: a Prefix path `/foo` becomes `/foo/` and an exact
    /// `/foo` (unless an Exact `/foo` exists); `/` and rewriting or regex locations
    /// stay as they are.
    fn split_prefixes(&mut self) {
        let exact: HashSet<String> = self
            .locations
            .iter()
            .filter(|l| l.path_type == "Exact")
            .map(|l| l.path.clone())
            .collect();
        let mut out = Vec::new();
        for location in std::mem::take(&mut self.locations) {
            if location.path == "/"
                || location.path_type != "Prefix"
                || self.rewrites(&location)
                || self.use_regex
            {
                out.push(location);
                continue;
            }
            let mut prefix = location.clone();
            if !prefix.path.ends_with('/') {
                prefix.path.push('/');
            }
            out.push(prefix);
            if !exact.contains(&location.path) {
                out.push(Location {
                    path_type: "Exact".into(),
                    ..location
                });
            }
        }
        self.locations = out;
    }

    /// `enforceRegexModifier`.
    fn enforce_regex(&self) -> bool {
        self.use_regex || self.locations.iter().any(|l| self.rewrites(l))
    }

    /// The `location` blocks, as `nginx.tmpl` writes them with `buildLocation` and
    /// `buildProxyPass`.
    fn render_locations(&self) -> String {
        let regex = self.enforce_regex();
        let mut out = String::new();
        for location in &self.locations {
            let modifier = if regex {
                format!("~* \"^{}\"", location.path)
            } else if location.path_type == "Exact" {
                format!("= {}", location.path)
            } else {
                location.path.clone()
            };
            out.push_str(&format!("        location {modifier} {{\n"));
            if location.default_backend {
                out.push_str("            return 404;\n");
            } else {
                if self.rewrites(location) {
                    out.push_str(&format!(
                        "            rewrite \"(?i){}\" {} break;\n",
                        location.path,
                        self.rewrite_target.as_deref().unwrap_or_default()
                    ));
                }
                out.push_str("            proxy_http_version 1.1;\n");
                out.push_str("            proxy_pass http://upstream_balancer;\n");
            }
            out.push_str("        }\n");
        }
        out
    }
}

/// The whole nginx.conf: the catch-all server, then the Ingress host's server.
fn render_conf(server: &Server, prefix: &Path, port: u16, echo_port: u16) -> String {
    let p = prefix.display();
    let catch_all = match server.host {
        None => server.render_locations(),
        Some(_) => "        location / {\n            return 404;\n        }\n".to_owned(),
    };
    let host_server = match &server.host {
        None => String::new(),
        Some(host) => format!(
            "    server {{\n        listen 127.0.0.1:{port};\n        server_name {host};\n{}    }}\n",
            server.render_locations()
        ),
    };
    format!(
        "daemon off;
master_process off;
worker_processes 1;
pid {p}/nginx.pid;
error_log {p}/error.log info;
events {{
    worker_connections 64;
}}
http {{
    access_log off;
    client_body_temp_path {p}/client-body;
    proxy_temp_path {p}/proxy;
    fastcgi_temp_path {p}/fastcgi;
    uwsgi_temp_path {p}/uwsgi;
    scgi_temp_path {p}/scgi;
    upstream upstream_balancer {{
        server 127.0.0.1:{echo_port};
    }}
    server {{
        listen 127.0.0.1:{port} default_server;
        server_name _;
{catch_all}    }}
{host_server}}}
"
    )
}

// --- nginx, the echo server and the client ------------------------------------------

fn nginx_binary() -> Option<PathBuf> {
    let candidates = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .chain([PathBuf::from("/usr/sbin")]);
    candidates
        .map(|dir| dir.join("nginx"))
        .find(|file| file.is_file())
}

/// A running nginx, stopped when dropped.
struct Nginx {
    child: Child,
    port: u16,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
        .port()
}

fn start_nginx(binary: &Path, prefix: &Path, server: &Server, echo_port: u16) -> Nginx {
    let _ = std::fs::remove_dir_all(prefix);
    std::fs::create_dir_all(prefix).unwrap();
    let port = free_port();
    let conf = prefix.join("nginx.conf");
    std::fs::write(&conf, render_conf(server, prefix, port, echo_port)).unwrap();
    let error_log = prefix.join("error.log");
    let mut child = Command::new(binary)
        .arg("-p")
        .arg(prefix)
        .arg("-e")
        .arg(&error_log)
        .arg("-c")
        .arg(&conf)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("nginx starts");
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = child.try_wait() {
            panic!(
                "nginx exited ({status}) with {}:\n{}",
                conf.display(),
                std::fs::read_to_string(&error_log).unwrap_or_default()
            );
        }
        assert!(Instant::now() < deadline, "nginx did not listen in 10 s");
        std::thread::sleep(Duration::from_millis(20));
    }
    Nginx { child, port }
}

/// Reads a request's or response's head: everything up to the blank line.
fn read_head(stream: &mut TcpStream) -> Vec<u8> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 65_536 {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => break,
        }
    }
    head
}

/// The upstream: answers every request with 200 and the request target exactly as
/// it arrived (the first line's middle token), never decoding or merging anything.
fn start_echo() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let head = read_head(&mut stream);
            let line = head.split(|&b| b == b'\r').next().unwrap_or_default();
            let first = line.iter().position(|&b| b == b' ');
            let last = line.iter().rposition(|&b| b == b' ');
            let target = match (first, last) {
                (Some(first), Some(last)) if first < last => &line[first + 1..last],
                _ => line,
            };
            let mut response = format!(
                "HTTP/1.1 200 OK\r\n{ECHO_HEADER}: 1\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                target.len()
            )
            .into_bytes();
            response.extend_from_slice(target);
            let _ = stream.write_all(&response);
        }
    });
    port
}

/// What came back for a request.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Outcome {
    /// The pods (the echo) received this path, and this query (empty: none).
    Upstream { path: String, query: String },
    /// No location of the Service answered: the default backend's 404.
    DefaultBackend,
    /// Any other answer: nginx's own status, or the simulator's.
    Status(u16),
}

impl Outcome {
    fn upstream(target: &str) -> Outcome {
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        Outcome::Upstream {
            path: path.to_owned(),
            query: query.to_owned(),
        }
    }
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outcome::Upstream { path, query } if query.is_empty() => {
                write!(f, "upstream gets {path}")
            }
            Outcome::Upstream { path, query } => write!(f, "upstream gets {path}?{query}"),
            Outcome::DefaultBackend => write!(f, "404 from the default backend"),
            Outcome::Status(status) => write!(f, "status {status}"),
        }
    }
}

/// Sends `GET target` for `host` to nginx over a raw socket, as HTTP/1.1.
fn through_nginx(port: u16, host: &str, target: &str) -> Outcome {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("nginx accepts");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let request = format!("GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status: u16 = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let from_echo = head.lines().any(|l| {
        l.to_ascii_lowercase()
            .starts_with(&format!("{ECHO_HEADER}:"))
    });
    match (from_echo, status) {
        (true, _) => Outcome::upstream(body),
        (false, 404) => Outcome::DefaultBackend,
        (false, status) => Outcome::Status(status),
    }
}

/// The simulator's answer: what the pods receive (the query travels on unchanged),
/// or the Ingress's 404.
fn simulated(design: &Design, host: &str, target: &str) -> Outcome {
    let trace = simulate(design, &Request::get(host, target).over_https());
    let query = target.split_once('?').map_or("", |(_, q)| q);
    match trace.gin_path {
        Some(path) => Outcome::Upstream {
            path,
            query: query.to_owned(),
        },
        None if trace.status == 404 => Outcome::DefaultBackend,
        None => Outcome::Status(trace.status),
    }
}

// --- The requests -------------------------------------------------------------------

/// xorshift64*: a fixed sequence, so a disagreement reproduces.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const PARAM_VALUES: [&str; 6] = ["42", "abc", "x.y", "A-b_c~", "caf%C3%A9", "1,2"];
const QUERIES: [&str; 7] = [
    "?a=1",
    "?",
    "?q=a/b",
    "?q=%2F&x=..",
    "?a=1?b=2",
    "?x=//y",
    "?Q=UPPER",
];

/// The design's route paths with their parameters filled in.
fn route_paths(design: &Design, rng: &mut Rng) -> Vec<String> {
    let mut paths: Vec<String> = design
        .routes()
        .map(|r| {
            r.full_path
                .split('/')
                .map(|segment| match segment.chars().next() {
                    Some(':') => rng.pick(&PARAM_VALUES).to_owned(),
                    Some('*') => "a/b".to_owned(),
                    _ => segment.to_owned(),
                })
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect();
    paths.dedup();
    paths
}

/// Indices of the `/` characters of `path` (before any query).
fn slashes(path: &str) -> Vec<usize> {
    path.char_indices()
        .take_while(|(_, c)| *c != '?')
        .filter(|(_, c)| *c == '/')
        .map(|(i, _)| i)
        .collect()
}

/// Changes `path` one tricky way.
fn mutate(rng: &mut Rng, path: &str, prefix: &str) -> String {
    // Every target starts with `/` and no mutation encodes or drops the first one.
    let at_slash = |rng: &mut Rng| {
        let s = slashes(path);
        s[rng.below(s.len())]
    };
    match rng.below(9) {
        0 => format!("{path}/"),
        1 => {
            let i = at_slash(rng);
            format!("{}/{}", &path[..i], &path[i..])
        }
        2 => {
            let i = at_slash(rng);
            format!("{}./{}", &path[..=i], &path[i + 1..])
        }
        3 => {
            let i = at_slash(rng);
            let climb = rng.pick(&["x/../", "../", "./../", "%2e%2e/", "x/%2E%2E/"]);
            format!("{}{climb}{}", &path[..=i], &path[i + 1..])
        }
        4 => {
            let letters: Vec<usize> = path
                .char_indices()
                .filter(|(_, c)| c.is_ascii_lowercase())
                .map(|(i, _)| i)
                .collect();
            if letters.is_empty() || rng.below(4) == 0 {
                path.to_ascii_uppercase()
            } else {
                let i = letters[rng.below(letters.len())];
                format!(
                    "{}{}{}",
                    &path[..i],
                    path[i..=i].to_ascii_uppercase(),
                    &path[i + 1..]
                )
            }
        }
        5 => {
            // Never the leading `/`, nor a character of an escape already there.
            let escapes: Vec<usize> = path.match_indices('%').map(|(i, _)| i).collect();
            let plain: Vec<usize> = path
                .char_indices()
                .skip(1)
                .filter(|(_, c)| c.is_ascii_alphanumeric() || *c == '/' || *c == '-')
                .map(|(i, _)| i)
                .filter(|i| !escapes.iter().any(|e| (*e..e + 3).contains(i)))
                .collect();
            let i = plain[rng.below(plain.len())];
            let byte = path.as_bytes()[i];
            let code = if rng.below(2) == 0 {
                format!("%{byte:02X}")
            } else {
                format!("%{byte:02x}")
            };
            format!("{}{code}{}", &path[..i], &path[i + 1..])
        }
        6 => format!("{path}{}", rng.pick(&QUERIES)),
        7 if !prefix.is_empty() => {
            // The prefix as a substring, or written in another case.
            let rest = path.strip_prefix(prefix).unwrap_or(path);
            let prefix = match rng.below(3) {
                0 => format!("{prefix}x"),
                1 => prefix.to_ascii_uppercase(),
                _ => format!("{prefix}/"),
            };
            format!("{prefix}{rest}")
        }
        _ => format!("/{path}"),
    }
}

/// The fixed tricky requests, then random mutations of route paths, all distinct.
fn requests(design: &Design, prefix: &str, host: &str, seed: u64) -> Vec<(String, String)> {
    let mut rng = Rng(seed);
    let routes = route_paths(design, &mut rng);
    let external: Vec<String> = routes.iter().map(|r| format!("{prefix}{r}")).collect();
    let first = external.first().cloned().unwrap_or_else(|| "/".into());
    let mut targets = Vec::new();
    for (route, ext) in routes.iter().zip(&external) {
        targets.extend([
            ext.clone(),
            format!("{ext}/"),
            format!("{ext}?a=1&b=c"),
            format!("{prefix}{}", route.to_ascii_uppercase()),
            format!("{}{route}", prefix.to_ascii_uppercase()),
            format!("{prefix}/{route}"),
            format!("/{ext}"),
            format!("{prefix}/.{route}"),
            format!("{prefix}/x/..{route}"),
            format!("{prefix}/..{route}"),
        ]);
    }
    // The path prefix, or without one the first segment of the first route (the
    // Ingress path it falls under), and the rest of the first route after it.
    let stem = match prefix {
        "" => format!("/{}", first[1..].split('/').next().unwrap_or_default()),
        prefix => prefix.to_owned(),
    };
    let tail = first
        .strip_prefix(stem.as_str())
        .unwrap_or(&first)
        .to_owned();
    let tail_rest = tail.trim_start_matches('/');
    targets.extend([
        stem.clone(),
        format!("{stem}/"),
        format!("{stem}//"),
        format!("{stem}?x=1"),
        format!("{stem}/?x=1"),
        format!("{stem}x"),
        format!("{stem}b{tail}"),
        format!("{stem}-b{tail}"),
        format!("{stem}/."),
        format!("{stem}/.."),
        format!("{stem}/%2e%2e/{tail_rest}"),
        format!("{stem}%2F{tail_rest}"),
        format!("{stem}/{}", tail_rest.replace('/', "%2F")),
        format!("{stem}/caf%C3%A9"),
        format!("{stem}/café"),
        format!("{stem}/a%20b"),
        format!("{stem}/a+b"),
        format!("{stem}/%25"),
        format!("{stem}/%41"),
        format!("{stem}/%2561"),
        format!("{stem}/%zz"),
        format!("{stem}/a%00b"),
        format!(
            "{stem}/%21%22%24%26%27%28%29%2A%2B%2C%3A%3B%3C%3D%3E%40%5B%5C%5D%5E%60%7B%7C%7D%7E"
        ),
        format!("{stem}/%01%09%1F%7F%FF"),
        format!("{stem}/a%3Fb"),
        format!("{stem}/a%23b"),
        format!("{stem}/a\\b"),
        format!("{stem}/..a"),
        format!("{stem};x{tail}"),
        format!("{stem}{tail};x"),
        format!("/%{:02X}{}{tail}", stem.as_bytes()[1], &stem[2..]),
        "/".into(),
        "/?x".into(),
        "/unknown".into(),
        "/..".into(),
        format!("/..{first}"),
        format!("/%2e%2e{first}"),
        format!("/./{}", first.trim_start_matches('/')),
    ]);
    let mut requests: Vec<(String, String)> = targets
        .into_iter()
        .filter(|t| t.starts_with('/'))
        .map(|t| (host.to_owned(), t))
        .collect();
    requests.push(("other.example.com".into(), first.clone()));
    requests.push((format!("{}:80", host.to_ascii_uppercase()), first.clone()));
    let mut seen = HashSet::new();
    requests.retain(|r| seen.insert(r.clone()));
    let wanted = requests.len() + RANDOM_REQUESTS;
    for _ in 0..RANDOM_REQUESTS * 50 {
        if requests.len() == wanted {
            break;
        }
        let mut target = external[rng.below(external.len())].clone();
        for _ in 0..=rng.below(3) {
            target = mutate(&mut rng, &target, prefix);
        }
        let request = (host.to_owned(), target);
        if seen.insert(request.clone()) {
            requests.push(request);
        }
    }
    requests
}

// --- The variants -------------------------------------------------------------------

struct Variant {
    name: String,
    design: Design,
}

impl Variant {
    fn settings(&self) -> &IngressSettings {
        self.design.cluster.ingress.as_ref().expect("an Ingress")
    }

    /// The path prefix as the Ingress publishes it (`/service-a`), or empty.
    fn prefix(&self) -> String {
        self.settings()
            .path_prefix
            .trim()
            .trim_end_matches('/')
            .to_owned()
    }
}

/// Every preset with its own Ingress where it has one, else under `/svc`; each also
/// without a path prefix, and, where route groups other than the root's exist, with
/// those only (so the Ingress has Prefix paths such as `/api`).
fn variants() -> Vec<Variant> {
    let mut out = Vec::new();
    for preset in PRESETS {
        let mut design = preset.design().expect("presets parse");
        let id = preset.id;
        let prefixed = match design.cluster.ingress {
            Some(_) => format!("{id} (as designed)"),
            None => {
                design.cluster.gateway = None;
                design.cluster.ingress = Some(IngressSettings {
                    host: "oracle.example.com".into(),
                    path_prefix: "/svc".into(),
                    ..IngressSettings::default()
                });
                format!("{id} + Ingress /svc")
            }
        };
        if id == "minimal-public-api" {
            // A prefix with a regex metacharacter, escaped in the Ingress path.
            let mut dotted = design.clone();
            if let Some(ingress) = dotted.cluster.ingress.as_mut() {
                ingress.path_prefix = "/v1.0".into();
            }
            out.push(Variant {
                name: format!("{id} + Ingress /v1.0"),
                design: dotted,
            });
        }
        let mut plain = design.clone();
        if let Some(ingress) = plain.cluster.ingress.as_mut() {
            ingress.path_prefix.clear();
        }
        let mut grouped = plain.clone();
        grouped
            .groups
            .retain(|g| !g.prefix.trim_matches('/').is_empty());
        out.push(Variant {
            name: prefixed,
            design,
        });
        out.push(Variant {
            name: format!("{id} + Ingress, no prefix"),
            design: plain,
        });
        if grouped.routes().next().is_some() {
            out.push(Variant {
                name: format!("{id} + Ingress, no prefix, groups only"),
                design: grouped,
            });
        }
    }
    out
}

fn main() {
    let Some(binary) = nginx_binary() else {
        println!("nginx not found on PATH or in /usr/sbin (scripts/setup.sh installs it)");
        println!("nginx-oracle: 0 requests, 1 disagreements");
        std::process::exit(1);
    };
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("nginx-oracle");
    let echo_port = start_echo();
    let started = Instant::now();
    let mut total = 0;
    let mut disagreements = 0;
    for (index, variant) in variants().iter().enumerate() {
        let generated = ingress(&variant.design).expect("the variant has an Ingress");
        let server = Server::of(&generated);
        let host = server
            .host
            .clone()
            .unwrap_or_else(|| "any.example.com".into());
        let nginx = start_nginx(&binary, &root.join(index.to_string()), &server, echo_port);
        let requests = requests(
            &variant.design,
            &variant.prefix(),
            &host,
            SEED ^ index as u64,
        );
        let mut found = Vec::new();
        for (host, target) in &requests {
            let real = through_nginx(nginx.port, host, target);
            let ours = simulated(&variant.design, host, target);
            if real != ours {
                found.push(format!(
                    "    GET {target} (Host: {host}): nginx: {real}; simulator: {ours}"
                ));
            }
        }
        drop(nginx);
        println!(
            "{:<54} {:>4} requests, {} disagreement(s)",
            variant.name,
            requests.len(),
            found.len()
        );
        if !found.is_empty() {
            for line in server.render_locations().lines() {
                println!("    | {line}");
            }
            for line in &found {
                println!("{line}");
            }
        }
        total += requests.len();
        disagreements += found.len();
    }
    println!(
        "nginx-oracle: {total} requests, {disagreements} disagreements ({:.1} s)",
        started.elapsed().as_secs_f64()
    );
    if disagreements > 0 {
        std::process::exit(1);
    }
}
