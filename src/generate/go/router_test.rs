//! `routers/router_test.go`: handler tests through the whole router with
//! `net/http/httptest`: every designed route answers its status (401 first when it is
//! behind JWT auth, 400 for a bad JSON body), `/ping` answers the article's pong,
//! CORS preflights pass, an unknown path is not found, a body over the limit gets
//! 413, and the metrics engine serves every metrics path.

use std::fmt::Write;

use super::controllers::status_expr;
use super::format::{fill, Imports};
use super::plan::{sample_path, HandlerKind, Plan};
use super::quote::go_string;

/// The key the tests sign tokens with and hand `Setup` for every JWT setting.
const TEST_SECRET: &str = "test-only-jwt-secret";
/// A path no design registers (checked before the 404 test is written).
const UNKNOWN_PATH: &str = "/no-such-route-in-the-design";

pub fn router_test_go(plan: &Plan) -> String {
    let jwt = plan.uses_jwt();
    let mut imports = Imports::default();
    imports
        .std("net/http")
        .std("net/http/httptest")
        .std("os")
        .std("strings")
        .std("testing")
        .external("github.com/gin-gonic/gin")
        .local(&plan.module, "config");
    if jwt {
        imports.std("time").external("github.com/golang-jwt/jwt/v4");
    }

    let mut cases = String::new();
    let mut case = |method: &str, path: &str, body: &str, auth: &[String], want: String| {
        let method = format!("http.Method{}", title_case(method));
        let body = if body.is_empty() {
            "\"\"".to_owned()
        } else {
            format!("`{body}`")
        };
        if jwt {
            let auth = if auth.is_empty() {
                "nil".to_owned()
            } else {
                let headers: Vec<String> = auth.iter().map(|h| go_string(h)).collect();
                format!("[]string{{{}}}", headers.join(", "))
            };
            let _ = writeln!(
                cases,
                "\t\t{{{method}, {}, {body}, {auth}, {want}}},",
                go_string(path)
            );
        } else {
            let _ = writeln!(
                cases,
                "\t\t{{{method}, {}, {body}, {want}}},",
                go_string(path)
            );
        }
    };
    for route in &plan.routes {
        let group = plan.groups[route.group].group;
        let path = sample_path(&route.full_path);
        let method = route.route.method.as_str();
        let auth = plan.auth_headers(Some(group));
        let want = match route.kind {
            HandlerKind::Readyz { database: true } => "http.StatusServiceUnavailable".to_owned(),
            _ => status_expr(route.status),
        };
        let body = match route.kind {
            HandlerKind::Echo { body: true } => r#"{"name":"example"}"#,
            _ => "",
        };
        if !auth.is_empty() {
            case(method, &path, body, &[], "http.StatusUnauthorized".into());
        }
        case(method, &path, body, &auth, want);
        if body.is_empty() {
            continue;
        }
        case(method, &path, "{", &auth, "http.StatusBadRequest".into());
    }
    let engine_auth = plan.auth_headers(None);
    let unknown_matches = plan
        .routes
        .iter()
        .any(|r| r.full_path.trim_start_matches('/').starts_with([':', '*']));
    if !unknown_matches {
        let want = if engine_auth.is_empty() {
            "http.StatusNotFound"
        } else {
            // The engine's chain runs for unmatched paths too, JWT auth included.
            "http.StatusUnauthorized"
        };
        case("GET", UNKNOWN_PATH, "", &[], want.into());
    }

    let secret = if jwt {
        format!(
            "// testSecret signs the tests' tokens and is the JWT key Setup gets.\nconst testSecret = {}\n\n",
            go_string(TEST_SECRET)
        )
    } else {
        String::new()
    };
    let mut out = fill(
        HEADER,
        &[
            ("imports", &imports.render()),
            ("secret", &secret),
            ("jwt_fields", &jwt_fields(plan)),
        ],
    );
    out.push_str(if jwt { CASES_JWT } else { CASES });
    out.push_str(&cases);
    out.push_str(if jwt { RUN_JWT } else { RUN });
    out.push_str(&ping_test(plan));
    out.push_str(&preflight_test(plan));
    out.push_str(&metrics_test(plan));
    out.push_str(&fill(
        BODY_LIMIT,
        &[
            ("path", &go_string(UNKNOWN_PATH)),
            ("t", if jwt { "t, " } else { "" }),
            ("auth", if jwt { ", nil" } else { "" }),
        ],
    ));
    out.push_str(if jwt { SERVE_JWT } else { SERVE });
    out
}

/// The metrics paths on the engine `Metrics` builds for the metrics port.
fn metrics_test(plan: &Plan) -> String {
    if plan.metrics_paths.is_empty() {
        return String::new();
    }
    let paths: Vec<String> = plan.metrics_paths.iter().map(|p| go_string(p)).collect();
    fill(METRICS, &[("paths", &paths.join(", "))])
}

fn title_case(method: &str) -> String {
    let lower = method.to_ascii_lowercase();
    lower[..1].to_ascii_uppercase() + &lower[1..]
}

fn jwt_fields(plan: &Plan) -> String {
    let mut fields: Vec<&str> = Vec::new();
    for m in plan.design.all_middleware() {
        if let crate::model::Middleware::JwtAuth { secret_env, .. } = m {
            let field = plan.field(super::plan::jwt_secret_env(secret_env));
            if !fields.contains(&field) {
                fields.push(field);
            }
        }
    }
    fields
        .iter()
        .map(|f| format!("\tcfg.{f} = testSecret\n"))
        .collect()
}

fn ping_test(plan: &Plan) -> String {
    let Some(ping) = plan
        .routes
        .iter()
        .find(|r| r.kind == HandlerKind::Ping && r.route.method.as_str() == "GET")
    else {
        return String::new();
    };
    let auth = plan.auth_headers(Some(plan.groups[ping.group].group));
    let auth_arg = if plan.uses_jwt() {
        if auth.is_empty() {
            ", nil".to_owned()
        } else {
            let headers: Vec<String> = auth.iter().map(|h| go_string(h)).collect();
            format!(", []string{{{}}}", headers.join(", "))
        }
    } else {
        String::new()
    };
    let t = if plan.uses_jwt() { "t, " } else { "" };
    fill(
        PING,
        &[
            ("t", t),
            ("path", &go_string(&ping.full_path)),
            ("auth", &auth_arg),
        ],
    )
}

/// One preflight per group whose chain has CORS, to its first route that answers
/// preflights through that chain, from an origin the CORS settings allow.
fn preflight_test(plan: &Plan) -> String {
    let mut rows = String::new();
    for group in &plan.groups {
        if !plan.has_cors(group.group) {
            continue;
        }
        let Some(origin) = plan.design.chain(group.group).find_map(|m| match m {
            crate::model::Middleware::Cors { allow_origins, .. } => allowed_origin(allow_origins),
            _ => None,
        }) else {
            continue;
        };
        let own_cors_only = !group.preflight_paths.is_empty();
        let route = group.routes.iter().map(|&i| &plan.routes[i]).find(|r| {
            !own_cors_only
                || group
                    .preflight_paths
                    .iter()
                    .any(|p| crate::model::join_path(&group.group.prefix, p) == r.full_path)
        });
        if let Some(route) = route {
            let _ = writeln!(
                rows,
                "\t\t{{{}, {}}},",
                go_string(&sample_path(&route.full_path)),
                go_string(&origin)
            );
        }
    }
    if rows.is_empty() {
        return String::new();
    }
    let (t, auth) = if plan.uses_jwt() {
        ("t, ", ", nil")
    } else {
        ("", "")
    };
    fill(PREFLIGHT, &[("rows", &rows), ("t", t), ("auth", auth)])
}

/// An origin the CORS settings allow, for the preflight test.
fn allowed_origin(origins: &[String]) -> Option<String> {
    if origins.iter().any(|o| o == "*") {
        return Some("https://client.example".into());
    }
    origins
        .iter()
        .find(|o| !o.contains('*') && (o.starts_with("http://") || o.starts_with("https://")))
        .cloned()
}

const HEADER: &str = r#"package routers

${imports}${secret}func TestMain(m *testing.M) {
	gin.SetMode(gin.TestMode)
	os.Exit(m.Run())
}

// testConfig is the settings Setup gets in tests: no database, a known JWT key.
func testConfig() *config.Config {
	cfg := &config.Config{Port: "8080", GinMode: gin.TestMode}
${jwt_fields}	return cfg
}
"#;

const CASES: &str = r#"
// routeCase is one request and the status the router must answer it with.
type routeCase struct {
	method string
	path   string
	body   string
	want   int
}

func TestRoutesAnswerTheirDesignedStatus(t *testing.T) {
	cases := []routeCase{
"#;

const CASES_JWT: &str = r#"
// routeCase is one request and the status the router must answer it with.
type routeCase struct {
	method string
	path   string
	body   string
	auth   []string // headers that carry a valid bearer token
	want   int
}

func TestRoutesAnswerTheirDesignedStatus(t *testing.T) {
	cases := []routeCase{
"#;

const RUN: &str = r#"	}
	for _, tc := range cases {
		w := serve(tc.method, tc.path, tc.body, nil)
		if w.Code != tc.want {
			t.Errorf("%s %s with body %q: status %d, want %d; body %s", tc.method, tc.path, tc.body, w.Code, tc.want, w.Body)
		}
	}
}
"#;

const RUN_JWT: &str = r#"	}
	for _, tc := range cases {
		w := serve(t, tc.method, tc.path, tc.body, tc.auth, nil)
		if w.Code != tc.want {
			t.Errorf("%s %s with body %q and tokens in %v: status %d, want %d; body %s", tc.method, tc.path, tc.body, tc.auth, w.Code, tc.want, w.Body)
		}
	}
}
"#;

const PING: &str = r#"
func TestPingAnswersPong(t *testing.T) {
	w := serve(${t}http.MethodGet, ${path}, ""${auth}, nil)
	if got, want := w.Body.String(), `{"message":"pong"}`; got != want {
		t.Errorf("GET /ping: body %s, want %s", got, want)
	}
}
"#;

const PREFLIGHT: &str = r#"
func TestCORSPreflightsAreAllowed(t *testing.T) {
	cases := []struct {
		path   string
		origin string
	}{
${rows}	}
	for _, tc := range cases {
		header := http.Header{"Origin": {tc.origin}, "Access-Control-Request-Method": {http.MethodGet}}
		w := serve(${t}http.MethodOptions, tc.path, ""${auth}, header)
		if w.Code != http.StatusNoContent || w.Header().Get("Access-Control-Allow-Origin") == "" {
			t.Errorf("preflight to %s from %s: status %d, Access-Control-Allow-Origin %q", tc.path, tc.origin, w.Code, w.Header().Get("Access-Control-Allow-Origin"))
		}
	}
}
"#;

const METRICS: &str = r#"
func TestMetricsAreServedForTheMetricsPort(t *testing.T) {
	for _, path := range []string{${paths}} {
		w := httptest.NewRecorder()
		Metrics().ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "http_requests_total") {
			t.Errorf("GET %s on the metrics engine: status %d, body %s", path, w.Code, w.Body)
		}
	}
}
"#;

const BODY_LIMIT: &str = r#"
func TestBodiesOverTheLimitAreRefused(t *testing.T) {
	w := serve(${t}http.MethodPost, ${path}, strings.Repeat("x", maxBodyBytes+1)${auth}, nil)
	if w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("a body of %d bytes: status %d, want 413", maxBodyBytes+1, w.Code)
	}
}
"#;

const SERVE: &str = r#"
// serve sends one request through a new engine, so no rate limit carries over from
// one request to the next.
func serve(method, path, body string, header http.Header) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, "/", strings.NewReader(body))
	// The path is set as Gin matches it, so designed paths with characters a URL
	// would escape are requested as designed.
	req.URL.Path = path
	req.Host = "service.test"
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for name, values := range header {
		req.Header[name] = values
	}
	w := httptest.NewRecorder()
	Setup(testConfig()).ServeHTTP(w, req)
	return w
}
"#;

const SERVE_JWT: &str = r#"
// serve sends one request through a new engine, so no rate limit carries over from
// one request to the next, with a valid token in each header of auth.
func serve(t *testing.T, method, path, body string, auth []string, header http.Header) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, "/", strings.NewReader(body))
	// The path is set as Gin matches it, so designed paths with characters a URL
	// would escape are requested as designed.
	req.URL.Path = path
	req.Host = "service.test"
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for name, values := range header {
		req.Header[name] = values
	}
	for _, name := range auth {
		req.Header.Set(name, "Bearer "+token(t))
	}
	w := httptest.NewRecorder()
	Setup(testConfig()).ServeHTTP(w, req)
	return w
}

// token is an HS256 token signed with testSecret that expires in an hour.
func token(t *testing.T) string {
	t.Helper()
	claims := jwt.RegisteredClaims{ExpiresAt: jwt.NewNumericDate(time.Now().Add(time.Hour))}
	signed, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte(testSecret))
	if err != nil {
		t.Fatal(err)
	}
	return signed
}
"#;
