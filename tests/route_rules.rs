//! The Gin routing rules (`GR1xx` start-up conflicts, `GR2xx` middleware order):
//! each rule's own bad example makes it fire and its good example keeps every rule
//! quiet, then the cases the examples do not cover.

mod common;

use std::collections::BTreeSet;

use gin_deploy::model::{Design, Method, Middleware, Route, RouteGroup};
use gin_deploy::presets::PRESETS;
use gin_deploy::validate::routes::{rules, validate};
use gin_deploy::validate::{Diagnostic, Location, Severity};
use gin_deploy::yaml::from_yaml;
use proptest::prelude::*;

/// A design from a rule example; like a version 1 file, an example that names no
/// gateway has none.
fn design(yaml: &str) -> Design {
    let mut design: Design = from_yaml(yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
    if !yaml.contains("gateway:") {
        design.cluster.gateway = None;
    }
    design
}

fn ids(found: &[Diagnostic]) -> Vec<&'static str> {
    found.iter().map(|d| d.rule).collect()
}

fn at(d: &Diagnostic) -> &str {
    match &d.location {
        Location::Field { path } => path,
        Location::Text { .. } => panic!("routing findings sit at design fields: {d:?}"),
    }
}

#[test]
fn every_rule_catches_its_bad_example_and_not_its_good_one() {
    for rule in rules() {
        let bad = validate(&design(rule.bad_example));
        assert!(
            ids(&bad).contains(&rule.id),
            "{} does not fire on its bad example: {bad:#?}",
            rule.id
        );
        let good = validate(&design(rule.good_example));
        assert_eq!(good, [], "{}'s good example is not clean", rule.id);
    }
}

#[test]
fn rules_have_unique_ordered_ids_and_say_why() {
    let rules = rules();
    let ids: Vec<&str> = rules.iter().map(|r| r.id).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(ids, sorted);
    for rule in &rules {
        assert!(rule.id.starts_with("GR1") || rule.id.starts_with("GR2"));
        assert!(!rule.title.is_empty() && rule.why.len() > 40, "{}", rule.id);
        // Start-up conflicts panic: nothing less than an error.
        if rule.id.starts_with("GR1") {
            assert_eq!(rule.severity, Severity::Error, "{}", rule.id);
        }
    }
}

#[test]
fn messages_are_lowercase_sentences_without_a_full_stop() {
    for rule in rules() {
        for d in validate(&design(rule.bad_example)) {
            let first = d.message.chars().next().unwrap();
            assert!(!first.is_uppercase(), "{}", d.message);
            assert!(!d.message.ends_with('.'), "{}", d.message);
            assert!(d.fix.is_some(), "{} has no fix", d.rule);
        }
    }
}

#[test]
fn every_rule_is_documented() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules/routes.md"))
        .unwrap();
    for rule in rules() {
        assert!(
            doc.contains(&format!("## {}: {}", rule.id, rule.title)),
            "docs/rules/routes.md lacks {} ({})",
            rule.id,
            rule.title
        );
        for example in [rule.bad_example, rule.good_example] {
            assert!(
                doc.contains(example),
                "docs/rules/routes.md lacks {}'s example:\n{example}",
                rule.id
            );
        }
    }
}

#[test]
fn a_conflict_sits_at_the_later_route_and_names_the_earlier_one() {
    let found = validate(&design(
        "groups:
- prefix: /api
  routes:
  - {method: GET, path: /users/:id}
- prefix: /api/users
  routes:
  - {method: GET, path: /:name/posts}
",
    ));
    assert_eq!(ids(&found), ["GR102"]);
    assert_eq!(at(&found[0]), "groups[1].routes[0].path");
    assert_eq!(
        found[0].message,
        "parameter :name in GET /api/users/:name/posts conflicts with parameter :id of \
         GET /api/users/:id (groups[0].routes[0].path): one position holds one parameter \
         name, so Gin panics at start-up"
    );
    assert_eq!(
        found[0].fix.as_ref().unwrap().description,
        "name it :id in both routes"
    );
}

#[test]
fn static_segments_beside_parameters_are_fine_since_gin_1_8() {
    let found = validate(&design(
        "groups:
- routes:
  - {method: GET, path: /users/:id}
  - {method: GET, path: /users/new}
  - {method: GET, path: /users/:id/posts}
",
    ));
    assert_eq!(found, []);
}

#[test]
fn every_refused_route_is_reported_not_only_the_first() {
    let found = validate(&design(
        "groups:
- routes:
  - {method: GET, path: /src/x}
  - {method: GET, path: /src/*filepath}
  - {method: GET, path: '/files/:'}
  - {method: POST, path: /src/*filepath}
  - {method: GET, path: /src/x}
",
    ));
    let places: Vec<(&str, &str)> = found.iter().map(|d| (d.rule, at(d))).collect();
    assert_eq!(
        places,
        [
            ("GR103", "groups[0].routes[1].path"),
            ("GR105", "groups[0].routes[2].path"),
            ("GR101", "groups[0].routes[4].path"),
        ]
    );
}

#[test]
fn a_prefix_keeps_its_trailing_slash_as_gin_joins_it() {
    // `/api/` + "" is /api/, and so is `/api/` + `/`: Gin panics on the second.
    let found = validate(&design(
        "groups:
- prefix: /api/
  routes:
  - {method: GET, path: ''}
  - {method: GET, path: /}
",
    ));
    assert_eq!(ids(&found), ["GR101"]);
    assert_eq!(at(&found[0]), "groups[0].routes[1].path");
    assert!(
        found[0]
            .message
            .starts_with("route GET /api/ is registered twice"),
        "{}",
        found[0].message
    );
    // Without the slash, "" is /api and "/" is /api/: two routes. Under a
    // trailing-slash prefix `/x` and a top-level `/api/x` are one.
    let found = validate(&design(
        "groups:
- prefix: /api
  routes:
  - {method: GET, path: ''}
  - {method: GET, path: /}
- prefix: /v1/
  routes:
  - {method: GET, path: /x}
- routes:
  - {method: GET, path: /v1/x}
",
    ));
    assert_eq!(ids(&found), ["GR101"]);
    assert_eq!(at(&found[0]), "groups[2].routes[0].path");
}

#[test]
fn a_catch_all_registered_twice_is_named_a_repeat() {
    let found = validate(&design(
        "groups:
- routes:
  - {method: GET, path: /static/*filepath}
- prefix: /static
  routes:
  - {method: GET, path: /*filepath}
",
    ));
    assert_eq!(ids(&found), ["GR101"]);
}

#[test]
fn shared_middleware_findings_are_reported_once() {
    let found = validate(&design(
        "middleware:
- kind: logger
- kind: logger
groups:
- prefix: /a
  routes: [{method: GET, path: /x}]
- prefix: /b
  routes: [{method: GET, path: /y}]
",
    ));
    assert_eq!(ids(&found), ["GR206"]);
    assert_eq!(at(&found[0]), "middleware[1]");
}

#[test]
fn recovery_in_a_group_behind_global_middleware_is_not_first() {
    let found = validate(&design(
        "middleware:
- kind: logger
- kind: gzip
  level: 5
groups:
- prefix: /a
  middleware: [{kind: recovery}]
  routes: [{method: GET, path: /x}]
",
    ));
    assert_eq!(ids(&found), ["GR201"]);
    assert_eq!(at(&found[0]), "groups[0].middleware[0]");
    assert!(
        found[0].message.contains("Logger, Gzip"),
        "{}",
        found[0].message
    );
}

#[test]
fn logger_then_recovery_is_gin_defaults_order_and_no_finding() {
    // gin.Default() is gin.New() with Logger(), Recovery(): Logger wraps Recovery so
    // the 500 of a recovered panic is logged. Only Loggers before Recovery are fine.
    for chain in [
        "middleware:\n- kind: logger\n- kind: recovery\n",
        "middleware:\n- kind: logger\ngroups:\n- prefix: /a\n  middleware: [{kind: recovery}]\n  routes: [{method: GET, path: /x}]\n",
    ] {
        let found = validate(&design(chain));
        assert!(!ids(&found).contains(&"GR201"), "{chain}: {found:?}");
    }
}

#[test]
fn cors_in_a_group_after_global_auth_is_after_auth_and_out_of_the_preflight() {
    let found = validate(&design(
        "middleware:
- kind: recovery
- kind: jwtAuth
  header: Authorization
  secretEnv: JWT_SECRET
groups:
- prefix: /api
  middleware:
  - kind: cors
    allowOrigins: ['*']
    allowMethods: [GET]
    allowHeaders: [Authorization]
    allowCredentials: false
    maxAgeSeconds: 60
  routes: [{method: GET, path: /orders}]
",
    ));
    assert_eq!(ids(&found), ["GR202", "GR203"]);
    assert!(found.iter().all(|d| at(d) == "groups[0].middleware[0]"));
}

#[test]
fn group_cors_is_fine_for_simple_requests_or_with_options_routes() {
    let cors = "  - kind: cors
    allowOrigins: ['*']
    allowMethods: [GET, PUT]
    allowHeaders: [Content-Type]
    allowCredentials: false
    maxAgeSeconds: 60
";
    let simple = format!(
        "groups:\n- prefix: /api\n  middleware:\n{cors}  routes: [{{method: GET, path: /orders}}]\n"
    );
    assert_eq!(validate(&design(&simple)), []);
    let with_options = format!(
        "groups:\n- prefix: /api\n  middleware:\n{cors}  routes:\n  - {{method: PUT, path: /orders/:id}}\n  - {{method: OPTIONS, path: /orders/:id}}\n"
    );
    assert_eq!(validate(&design(&with_options)), []);
}

#[test]
fn only_get_probe_paths_behind_auth_are_flagged() {
    let d = Design {
        groups: vec![RouteGroup {
            prefix: String::new(),
            middleware: vec![Middleware::JwtAuth {
                header: "Authorization".into(),
                secret_env: "JWT_SECRET".into(),
            }],
            routes: ["/healthz", "/readyz", "/livez", "/ping", "/status"]
                .into_iter()
                .map(|p| Route::new(Method::Get, p))
                .chain([Route::new(Method::Post, "/ping")])
                .collect(),
        }],
        ..Design::default()
    };
    let found = validate(&d);
    let flagged: Vec<&str> = found.iter().filter(|f| f.rule == "GR204").map(at).collect();
    assert_eq!(
        flagged,
        [
            "groups[0].routes[0].path",
            "groups[0].routes[1].path",
            "groups[0].routes[2].path",
            "groups[0].routes[3].path"
        ]
    );
}

#[test]
fn validate_json_is_quiet_with_any_body_route_and_on_empty_groups() {
    let found = validate(&design(
        "middleware:
- kind: recovery
- kind: validateJson
groups:
- prefix: /a
  middleware: [{kind: validateJson}]
- prefix: /b
  routes: [{method: PATCH, path: /x}]
",
    ));
    // The group's repeat of the global validation is a duplicate, nothing more.
    assert_eq!(ids(&found), ["GR206"]);
}

#[test]
fn custom_middleware_repeats_only_by_name() {
    let found = validate(&design(
        "middleware:
- kind: recovery
- {kind: custom, name: audit}
- {kind: custom, name: tenant}
- {kind: custom, name: audit}
",
    ));
    assert_eq!(ids(&found), ["GR206"]);
    assert_eq!(at(&found[0]), "middleware[3]");
}

#[test]
fn presets_start_and_the_articles_chains_are_clean() {
    for preset in PRESETS {
        let design = preset.design().unwrap();
        let errors: BTreeSet<&str> = validate(&design)
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.rule)
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", preset.id);
    }
    assert_eq!(validate(&PRESETS[0].design().unwrap()), []);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// The design strategy gives every route a first segment of its own, so Gin
    /// starts: no GR1xx finding.
    #[test]
    fn designs_without_shared_positions_start(design in common::design()) {
        let refused: Vec<Diagnostic> = validate(&design)
            .into_iter()
            .filter(|d| d.rule.starts_with("GR1"))
            .collect();
        prop_assert_eq!(refused, Vec::<Diagnostic>::new());
    }
}
