//! The Gateway API rules (`GK5xx`) and the typing of Gateway, HTTPRoute and
//! ReferenceGrant: each rule fires at its line and column on a small fixture and stays
//! quiet on its fixed twin, and every Gateway API object the generator writes (every
//! preset, both Gateway modes) passes clean.

mod common;

use proptest::prelude::*;

use gin_deploy::bundle::render;
use gin_deploy::model::{Design, GatewayMode};
use gin_deploy::presets::PRESETS;
use gin_deploy::validate::bundle::validate_bundle;
use gin_deploy::validate::kube::{validate, Options};
use gin_deploy::validate::{Diagnostic, Location, Severity};

fn findings(text: &str) -> Vec<Diagnostic> {
    validate("test.yaml", text, &Options::default())
}

fn at(d: &Diagnostic) -> (u32, u32) {
    match d.location {
        Location::Text { line, column, .. } => (line, column),
        Location::Field { .. } => (0, 0),
    }
}

/// Where `rule` fires in `text`, in order.
fn places(rule: &str, text: &str) -> Vec<(u32, u32)> {
    findings(text)
        .iter()
        .filter(|d| d.rule == rule)
        .map(at)
        .collect()
}

const ROUTE: &str = "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: web\n  namespace: shop\nspec:\n";
const GATEWAY: &str = "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: edge\n  namespace: shop\nspec:\n  gatewayClassName: eg\n";

/// What a fixture shows, the rule, the text, and where the rule fires first in it
/// (`None`: it stays quiet).
type Fixture = (&'static str, &'static str, String, Option<(u32, u32)>);

fn fixtures() -> Vec<Fixture> {
    let route = |body: &str| format!("{ROUTE}{body}");
    let gateway = |body: &str| format!("{GATEWAY}{body}");
    let both = |g: &str, r: &str| format!("{GATEWAY}{g}---\n{ROUTE}{r}");
    vec![
        // GK501
        ("exact path with a double slash", "GK501",
         route("  rules:\n  - matches:\n    - path:\n        type: Exact\n        value: /api//v1\n"), Some((11, 9))),
        ("prefix path ending in /..", "GK501",
         route("  rules:\n  - matches:\n    - path:\n        value: /api/..\n"), Some((10, 9))),
        ("encoded slash", "GK501",
         route("  rules:\n  - matches:\n    - path:\n        value: /a%2Fb\n"), Some((10, 9))),
        ("a regular expression is not a path", "GK501",
         route("  rules:\n  - matches:\n    - path:\n        type: RegularExpression\n        value: ^/api/v[0-9]+$\n"), None),
        ("a normal prefix", "GK501",
         route("  rules:\n  - matches:\n    - path:\n        value: /api/v1\n"), None),
        // GK502
        ("RequestRedirect type without its settings", "GK502",
         route("  rules:\n  - filters:\n    - type: RequestRedirect\n"), Some((9, 7))),
        ("a header modifier with a redirect beside it", "GK502",
         route("  rules:\n  - filters:\n    - type: RequestHeaderModifier\n      requestHeaderModifier:\n        set:\n        - name: X-A\n          value: b\n      requestRedirect:\n        scheme: https\n"), Some((9, 7))),
        ("a filter whose type matches", "GK502",
         route("  rules:\n  - filters:\n    - type: URLRewrite\n      urlRewrite:\n        hostname: web.example.com\n"), None),
        // GK503
        ("two URLRewrite filters", "GK503",
         route("  rules:\n  - filters:\n    - type: URLRewrite\n      urlRewrite:\n        hostname: a.example.com\n    - type: URLRewrite\n      urlRewrite:\n        hostname: b.example.com\n"), Some((12, 7))),
        ("two mirrors are allowed", "GK503",
         route("  rules:\n  - filters:\n    - type: RequestMirror\n      requestMirror:\n        backendRef:\n          name: a\n          port: 80\n    - type: RequestMirror\n      requestMirror:\n        backendRef:\n          name: b\n          port: 80\n"), None),
        // GK504
        ("ReplacePrefixMatch in a rule of two matches", "GK504",
         route("  rules:\n  - matches:\n    - path:\n        value: /a\n    - path:\n        value: /b\n    filters:\n    - type: URLRewrite\n      urlRewrite:\n        path:\n          type: ReplacePrefixMatch\n          replacePrefixMatch: /\n"), Some((8, 5))),
        ("ReplacePrefixMatch in a backendRef's filter", "GK504",
         route("  rules:\n  - matches:\n    - path:\n        type: Exact\n        value: /a\n    backendRefs:\n    - name: web\n      port: 80\n      filters:\n      - type: URLRewrite\n        urlRewrite:\n          path:\n            type: ReplacePrefixMatch\n            replacePrefixMatch: /\n"), Some((10, 9))),
        ("a modifier type without its value", "GK504",
         route("  rules:\n  - filters:\n    - type: URLRewrite\n      urlRewrite:\n        path:\n          type: ReplaceFullPath\n          replacePrefixMatch: /\n"), Some((12, 11))),
        ("ReplacePrefixMatch with the default match", "GK504",
         route("  rules:\n  - filters:\n    - type: URLRewrite\n      urlRewrite:\n        path:\n          type: ReplacePrefixMatch\n          replacePrefixMatch: /v2\n"), None),
        // GK505
        ("redirect and backends", "GK505",
         route("  rules:\n  - filters:\n    - type: RequestRedirect\n      requestRedirect:\n        statusCode: 301\n    backendRefs:\n    - name: web\n      port: 80\n"), Some((12, 5))),
        ("a redirect alone", "GK505",
         route("  rules:\n  - filters:\n    - type: RequestRedirect\n      requestRedirect:\n        statusCode: 301\n"), None),
        // GK506
        ("a header matched twice, in two cases", "GK506",
         route("  rules:\n  - matches:\n    - headers:\n      - name: X-Env\n        value: a\n      - name: x-env\n        value: b\n"), Some((12, 9))),
        ("two query parameters of one name", "GK506",
         route("  rules:\n  - matches:\n    - queryParams:\n      - name: v\n        value: a\n      - name: v\n        value: b\n"), Some((12, 9))),
        ("headers of different names", "GK506",
         route("  rules:\n  - matches:\n    - headers:\n      - name: X-Env\n        value: a\n      - name: X-Region\n        value: b\n"), None),
        // GK507
        ("seventeen hostnames", "GK507",
         route(&format!("  hostnames:\n{}", (0..17).map(|i| format!("  - h{i}.example.com\n")).collect::<String>())), Some((7, 3))),
        ("sixteen hostnames", "GK507",
         route(&format!("  hostnames:\n{}", (0..16).map(|i| format!("  - h{i}.example.com\n")).collect::<String>())), None),
        ("a ReferenceGrant without to", "GK507",
         "apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata:\n  name: g\nspec:\n  from:\n  - group: gateway.networking.k8s.io\n    kind: HTTPRoute\n    namespace: shop\n  to: []\n".into(), Some((10, 3))),
        // GK508
        ("an IP address as a route hostname", "GK508",
         route("  hostnames:\n  - 10.0.0.1\n"), Some((8, 5))),
        ("a wildcard in a redirect hostname", "GK508",
         route("  rules:\n  - filters:\n    - type: RequestRedirect\n      requestRedirect:\n        hostname: \"*.example.com\"\n"), Some((11, 9))),
        ("a listener hostname with a port", "GK508",
         gateway("  listeners:\n  - name: http\n    port: 80\n    protocol: HTTP\n    hostname: web.example.com:80\n"), Some((12, 5))),
        ("a wildcard route hostname", "GK508",
         route("  hostnames:\n  - \"*.example.com\"\n"), None),
        // GK509
        ("a redirect to ftp", "GK509",
         route("  rules:\n  - filters:\n    - type: RequestRedirect\n      requestRedirect:\n        scheme: ftp\n"), Some((11, 9))),
        ("a 302 redirect", "GK509",
         route("  rules:\n  - filters:\n    - type: RequestRedirect\n      requestRedirect:\n        statusCode: 302\n"), None),
        // GK510
        ("listener port 0", "GK510",
         gateway("  listeners:\n  - name: http\n    port: 0\n    protocol: HTTP\n"), Some((10, 5))),
        ("a weight over a million", "GK510",
         route("  rules:\n  - backendRefs:\n    - name: web\n      port: 80\n      weight: 1000001\n"), Some((11, 7))),
        ("a parentRef port of 70000", "GK510",
         route("  parentRefs:\n  - name: edge\n    port: 70000\n"), Some((9, 5))),
        // GK511
        ("a timeout in days", "GK511",
         route("  rules:\n  - timeouts:\n      request: 1d\n"), Some((9, 7))),
        ("no request limit lets the backend take longer", "GK511",
         route("  rules:\n  - timeouts:\n      request: 0s\n      backendRequest: 30s\n"), None),
        // GK512
        ("two listeners on one port, protocol and hostname", "GK512",
         gateway("  listeners:\n  - name: a\n    port: 80\n    protocol: HTTP\n  - name: b\n    port: 80\n    protocol: HTTP\n"), Some((13, 5))),
        ("two listeners told apart by hostname", "GK512",
         gateway("  listeners:\n  - name: a\n    port: 80\n    protocol: HTTP\n    hostname: a.example.com\n  - name: b\n    port: 80\n    protocol: HTTP\n    hostname: b.example.com\n"), None),
        // GK513
        ("tls on an HTTP listener", "GK513",
         gateway("  listeners:\n  - name: http\n    port: 80\n    protocol: HTTP\n    tls:\n      certificateRefs:\n      - name: web-tls\n"), Some((12, 5))),
        ("passthrough on HTTPS", "GK513",
         gateway("  listeners:\n  - name: https\n    port: 443\n    protocol: HTTPS\n    tls:\n      mode: Passthrough\n"), Some((13, 7))),
        ("terminate without certificates", "GK513",
         gateway("  listeners:\n  - name: https\n    port: 443\n    protocol: HTTPS\n    tls:\n      mode: Terminate\n"), Some((12, 5))),
        ("passthrough on a TLS listener", "GK513",
         gateway("  listeners:\n  - name: tls\n    port: 443\n    protocol: TLS\n    tls:\n      mode: Passthrough\n"), None),
        // GK514
        ("a mirror to a Service without a port", "GK514",
         route("  rules:\n  - filters:\n    - type: RequestMirror\n      requestMirror:\n        backendRef:\n          name: shadow\n"), Some((11, 9))),
        ("a backend of another kind needs no port", "GK514",
         route("  rules:\n  - backendRefs:\n    - group: example.com\n      kind: Bucket\n      name: assets\n"), None),
        // GK515
        ("a port no listener listens on", "GK515",
         both("  listeners:\n  - name: http\n    port: 80\n    protocol: HTTP\n", "  parentRefs:\n  - name: edge\n    port: 8080\n"), Some((21, 5))),
        ("a parent in another namespace that the stream does not hold", "GK515",
         route("  parentRefs:\n  - name: shared\n    namespace: gateway-system\n    sectionName: https\n"), None),
        // GK516
        ("exact hostnames that differ", "GK516",
         both("  listeners:\n  - name: http\n    port: 80\n    protocol: HTTP\n    hostname: a.example.com\n", "  parentRefs:\n  - name: edge\n  hostnames:\n  - b.example.com\n"), Some((22, 3))),
        ("one of two listeners accepts the hostname", "GK516",
         both("  listeners:\n  - name: a\n    port: 80\n    protocol: HTTP\n    hostname: a.example.com\n  - name: b\n    port: 80\n    protocol: HTTP\n    hostname: b.example.com\n", "  parentRefs:\n  - name: edge\n  hostnames:\n  - b.example.com\n"), None),
        // GK517
        ("a TLS listener takes no HTTPRoute", "GK517",
         both("  listeners:\n  - name: tls\n    port: 443\n    protocol: TLS\n    tls:\n      mode: Passthrough\n", "  parentRefs:\n  - name: edge\n    sectionName: tls\n"), Some((22, 5))),
        ("a selector the route's Namespace does not match", "GK517",
         format!("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    team: shop\n---\napiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: edge\n  namespace: infra\nspec:\n  gatewayClassName: eg\n  listeners:\n  - name: http\n    port: 80\n    protocol: HTTP\n    allowedRoutes:\n      namespaces:\n        from: Selector\n        selector:\n          matchLabels:\n            shared-gateway: \"true\"\n---\n{ROUTE}  parentRefs:\n  - name: edge\n    namespace: infra\n"), Some((33, 5))),
        ("a selector matching the Namespace's own name label", "GK517",
         format!("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\napiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: edge\n  namespace: infra\nspec:\n  gatewayClassName: eg\n  listeners:\n  - name: http\n    port: 80\n    protocol: HTTP\n    allowedRoutes:\n      namespaces:\n        from: Selector\n        selector:\n          matchLabels:\n            kubernetes.io/metadata.name: shop\n---\n{ROUTE}  parentRefs:\n  - name: edge\n    namespace: infra\n"), None),
        ("a selector without the Namespace in the stream", "GK517",
         format!("apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: edge\n  namespace: infra\nspec:\n  gatewayClassName: eg\n  listeners:\n  - name: http\n    port: 80\n    protocol: HTTP\n    allowedRoutes:\n      namespaces:\n        from: Selector\n        selector:\n          matchLabels:\n            shared-gateway: \"true\"\n---\n{ROUTE}  parentRefs:\n  - name: edge\n    namespace: infra\n"), None),
        // GK518
        ("a Service of another namespace says nothing of this one", "GK518",
         format!("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: other\nspec:\n  ports:\n  - port: 80\n---\n{ROUTE}  rules:\n  - backendRefs:\n    - name: api\n      port: 80\n"), None),
        ("a Service of the route's namespace", "GK518",
         format!("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  ports:\n  - port: 80\n---\n{ROUTE}  rules:\n  - backendRefs:\n    - name: api\n      port: 80\n"), Some((18, 7))),
        // GK519
        ("a port the Service does not have", "GK519",
         format!("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  ports:\n  - name: http\n    port: 80\n---\n{ROUTE}  rules:\n  - backendRefs:\n    - name: web\n      port: 81\n"), Some((20, 7))),
        // GK520
        ("a grant for another kind", "GK520",
         format!("{ROUTE}  rules:\n  - backendRefs:\n    - name: web\n      namespace: backends\n      port: 80\n---\napiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata:\n  name: g\n  namespace: backends\nspec:\n  from:\n  - group: gateway.networking.k8s.io\n    kind: GRPCRoute\n    namespace: shop\n  to:\n  - group: \"\"\n    kind: Service\n"), Some((10, 7))),
        ("a grant naming the Service", "GK520",
         format!("{ROUTE}  rules:\n  - backendRefs:\n    - name: web\n      namespace: backends\n      port: 80\n---\napiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata:\n  name: g\n  namespace: backends\nspec:\n  from:\n  - group: gateway.networking.k8s.io\n    kind: HTTPRoute\n    namespace: shop\n  to:\n  - group: \"\"\n    kind: Service\n    name: web\n"), None),
        ("a certificate in another namespace", "GK520",
         gateway("  listeners:\n  - name: https\n    port: 443\n    protocol: HTTPS\n    tls:\n      certificateRefs:\n      - name: wildcard\n        namespace: certs\n"), Some((15, 9))),
        // GK521
        ("host-less Ingress and route", "GK521",
         format!("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  defaultBackend:\n    service:\n      name: web\n      port:\n        number: 80\n---\n{ROUTE}  rules:\n  - backendRefs:\n    - name: web\n      port: 80\n"), Some((7, 3))),
        ("different hosts", "GK521",
         format!("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  rules:\n  - host: old.example.com\n    http:\n      paths:\n      - path: /\n        pathType: Prefix\n        backend:\n          service:\n            name: web\n            port:\n              number: 80\n---\n{ROUTE}  hostnames:\n  - new.example.com\n  rules:\n  - backendRefs:\n    - name: web\n      port: 80\n"), None),
    ]
}

#[test]
fn each_rule_fires_at_its_place_and_stays_quiet_on_its_twin() {
    let mut wrong = Vec::new();
    for (what, rule, text, expected) in fixtures() {
        let found = places(rule, &text);
        if found.first().copied() != expected {
            wrong.push(format!(
                "{what}: {rule} expected at {expected:?}, found at {found:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn every_gateway_rule_has_a_firing_fixture_here() {
    // Quiet twins of every rule are its good example, which tests/kube_rules.rs runs.
    let fixtures = fixtures();
    for rule in gin_deploy::validate::kube::rules()
        .iter()
        .filter(|r| r.id.starts_with("GK5"))
    {
        assert!(
            fixtures
                .iter()
                .any(|(_, r, _, at)| *r == rule.id && at.is_some()),
            "{} has no firing fixture",
            rule.id
        );
    }
}

#[test]
fn gateway_api_kinds_are_typed_with_line_and_column() {
    // An unknown field with a suggestion, a value of the wrong type and a missing
    // required field, each at its node; no GK106.
    let text =
        format!("{GATEWAY}  listeners:\n  - name: http\n    protocl: HTTP\n    port: \"80\"\n");
    let found = findings(&text);
    let rules: Vec<(&str, (u32, u32))> = found.iter().map(|d| (d.rule, at(d))).collect();
    assert!(rules.contains(&("GK101", (10, 5))), "{rules:?}");
    assert!(rules.contains(&("GK102", (11, 11))), "{rules:?}");
    assert!(rules.contains(&("GK103", (9, 5))), "{rules:?}");
    assert!(!rules.iter().any(|(r, _)| *r == "GK106"), "{rules:?}");
    let unknown = found.iter().find(|d| d.rule == "GK101").unwrap();
    assert!(
        unknown.message.contains("did you mean protocol"),
        "{}",
        unknown.message
    );
}

#[test]
fn a_value_outside_a_closed_enumeration_names_the_allowed_ones() {
    let text = format!(
        "{ROUTE}  rules:\n  - matches:\n    - path:\n        type: Prefix\n        value: /api\n"
    );
    let found = findings(&text);
    let d = found.iter().find(|d| d.rule == "GK102").expect("GK102");
    assert_eq!(at(d), (10, 15));
    assert!(
        d.message
            .contains("\"Prefix\" is not one of Exact, PathPrefix, RegularExpression"),
        "{}",
        d.message
    );
    // The placeholder is not judged again: no path finding, no second report.
    assert_eq!(
        found.iter().filter(|d| d.rule.starts_with("GK5")).count(),
        0,
        "{found:?}"
    );
}

#[test]
fn a_status_is_accepted_and_v1beta1_is_served() {
    let text = "apiVersion: gateway.networking.k8s.io/v1beta1\nkind: HTTPRoute\nmetadata:\n  name: web\nspec:\n  rules:\n  - backendRefs:\n    - name: web\n      port: 80\nstatus:\n  parents: []\n";
    assert_eq!(findings(text), Vec::<Diagnostic>::new());
}

#[test]
fn kinds_of_the_same_name_in_other_groups_are_not_gateway_api_kinds() {
    let istio = "apiVersion: networking.istio.io/v1beta1\nkind: Gateway\nmetadata:\n  name: web\nspec:\n  selector:\n    istio: ingressgateway\n";
    let rules: Vec<&str> = findings(istio).iter().map(|d| d.rule).collect();
    assert_eq!(rules, ["GK106"]);
    let old = "apiVersion: gateway.networking.k8s.io/v1alpha2\nkind: HTTPRoute\nmetadata:\n  name: web\nspec: {}\n";
    let rules: Vec<&str> = findings(old).iter().map(|d| d.rule).collect();
    assert_eq!(rules, ["GK107"]);
}

#[test]
fn fixes_say_what_to_do() {
    let text = format!("{ROUTE}  rules:\n  - backendRefs:\n    - name: web\n");
    let d = findings(&text)
        .into_iter()
        .find(|d| d.rule == "GK514")
        .unwrap();
    assert!(d.fix.unwrap().description.contains("port"));
}

/// Every design the presets hold, and the default and a generated Gateway with TLS.
fn designs() -> Vec<(String, Design)> {
    let mut designs = vec![("default".to_owned(), Design::default())];
    for preset in PRESETS {
        designs.push((
            preset.id.to_owned(),
            preset.design().expect("presets parse"),
        ));
    }
    designs
}

#[test]
fn generated_gateway_api_objects_pass_clean() {
    let mut modes = Vec::new();
    for (name, design) in designs() {
        if let Some(gateway) = &design.cluster.gateway {
            modes.push(gateway.mode);
        }
        let files = render(&design);
        let all = files
            .iter()
            .find(|f| f.path == "k8s/all.yaml")
            .expect("all.yaml");
        let found: Vec<String> = validate(
            "k8s/all.yaml",
            &all.contents,
            &Options::for_version(&design.cluster.kubernetes_version),
        )
        .into_iter()
        .filter(|d| d.rule.starts_with("GK5") || d.rule == "GK106" || d.severity != Severity::Info)
        .map(|d| d.to_line())
        .collect();
        assert_eq!(found, Vec::<String>::new(), "{name}");
        let bundle: Vec<String> = validate_bundle(&design, &files)
            .into_iter()
            .filter(|d| d.rule.starts_with("GK5") || d.rule == "GK106")
            .map(|d| d.to_line())
            .collect();
        assert_eq!(bundle, Vec::<String>::new(), "{name}");
    }
    // The presets cover both ways of routing through the Gateway API.
    assert!(modes.contains(&GatewayMode::Attach), "{modes:?}");
    assert!(modes.contains(&GatewayMode::Generate), "{modes:?}");
}

#[test]
fn a_generated_gateway_with_tls_types_and_attaches_its_routes() {
    let design = PRESETS
        .iter()
        .find(|p| p.id == "production-hardened")
        .unwrap()
        .design()
        .unwrap();
    let files = render(&design);
    let all = &files
        .iter()
        .find(|f| f.path == "k8s/all.yaml")
        .unwrap()
        .contents;
    assert!(all.contains("kind: Gateway"), "{all}");
    assert!(all.contains("RequestRedirect"), "{all}");
    // Break the HTTPS listener's name: the route's sectionName no longer resolves,
    // which shows the routes are checked against the generated Gateway.
    let broken = all.replacen("name: https", "name: secure", 1);
    let found = validate("all.yaml", &broken, &Options::default());
    assert!(found.iter().any(|d| d.rule == "GK515"), "{found:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Whatever the design routes through the Gateway API (attached or generated,
    /// with or without TLS, hostnames, a path prefix, a timeout), its manifests carry
    /// no Gateway API finding, and no Gateway API object goes untyped.
    #[test]
    fn any_gateway_design_generates_clean_gateway_api_objects(design in common::gateway_design()) {
        let files = render(&design);
        let all = &files.iter().find(|f| f.path == "k8s/all.yaml").unwrap().contents;
        let found: Vec<String> = validate("k8s/all.yaml", all, &Options::for_version(&design.cluster.kubernetes_version))
            .into_iter()
            .filter(|d| d.rule.starts_with("GK5") || d.rule == "GK106")
            .map(|d| d.to_line())
            .collect();
        prop_assert!(found.is_empty(), "{found:?}\n{all}");
    }
}
