//! Importing pasted files into a design: the round trip through the generated
//! bundle, one fixture per mapping and per refusal, and random input.

mod common;

use gin_deploy::bundle::render;
use gin_deploy::design_file::check;
use gin_deploy::import::{import, Import};
use gin_deploy::model::*;
use gin_deploy::presets::PRESETS;
use proptest::prelude::*;

fn file<'d>(files: &'d [gin_deploy::bundle::GeneratedFile], path: &str) -> &'d str {
    &files.iter().find(|f| f.path == path).unwrap().contents
}

/// The default design with none of the optional cluster objects (routing,
/// autoscaling, disruption budget, NetworkPolicy). An import changes only what the
/// pasted objects say, so a kind a bundle does not generate stays as the base has
/// it; from this base, what comes back on is exactly what the manifests hold.
fn blank() -> Design {
    let mut design = Design::default();
    let k = &mut design.cluster;
    k.ingress = None;
    k.gateway = None;
    k.autoscaling = None;
    k.min_available = None;
    k.network_policy = false;
    design
}

/// The default design without a routing layer, so a pasted Ingress turns one on.
fn unrouted() -> Design {
    let mut design = Design::default();
    design.cluster.gateway = None;
    design
}

/// Imports a design's `k8s/all.yaml` into [`blank`], then its Dockerfile.
fn round_trip(design: &Design) -> (Design, Vec<String>) {
    let files = render(design);
    let kube = import(&blank(), "all.yaml", file(&files, "k8s/all.yaml"));
    let docker = import(&kube.design, "Dockerfile", file(&files, "Dockerfile"));
    let skipped = kube.skipped.into_iter().chain(docker.skipped).collect();
    (docker.design, skipped)
}

/// What the import can know of a design: every field it maps copied from `design`
/// onto [`blank`], plain config variables sorted by name. Everything else must stay
/// as it is there. Secret variables cannot come back: the manifests hold no Secret
/// (it is created outside them, so no deploy overwrites it), and the Deployment
/// mounts it whole, without naming its keys.
fn importable(design: &Design) -> Design {
    let mut expected = blank();
    let (s, c, k) = (&design.service, &design.container, &design.cluster);
    expected.service.name = s.name.clone();
    expected.service.port = s.port;
    expected.service.gin_mode = s.gin_mode;
    // The Go version is read from the builder image's tag, so it comes back only
    // when the two agree (a design may leave them apart; the validators warn).
    let tag = c.builder_image.rsplit(':').next().unwrap_or("");
    if tag == s.go_version || tag.starts_with(&format!("{}.", s.go_version)) {
        expected.service.go_version = s.go_version.clone();
    }
    expected.container = c.clone();
    // scratch has nothing to pin: its Dockerfile carries no digest to read back.
    if c.runtime == Runtime::Scratch {
        expected.container.runtime_digest.clear();
    }
    expected.delivery.image = design.delivery.image.clone();
    let mut vars: Vec<ConfigVar> = design
        .config
        .vars
        .iter()
        .filter(|v| !v.secret)
        .cloned()
        .collect();
    vars.sort_by(|a, b| a.name.cmp(&b.name));
    expected.config.vars = vars;
    expected.cluster = Cluster {
        // With an HPA the Deployment leaves replicas out; the HPA minimum stands in.
        replicas: k
            .autoscaling
            .as_ref()
            .map_or(k.replicas, |a| a.min_replicas),
        // The Kubernetes release is a choice of the validator, not in any manifest.
        kubernetes_version: expected.cluster.kubernetes_version.clone(),
        // The manifests say what the chosen Gateway mode uses; the other mode's
        // fields stay at their defaults.
        gateway: k.gateway.clone().map(|mut g| {
            let defaults = Gateway::default();
            // The proxies' namespace shows only in a NetworkPolicy that admits it.
            if !(k.network_policy && k.service_type == ServiceType::ClusterIP) {
                g.controller_namespace = defaults.controller_namespace.clone();
            }
            match g.mode {
                GatewayMode::Attach => Gateway {
                    class_name: defaults.class_name,
                    tls_secret: defaults.tls_secret,
                    ..g
                },
                GatewayMode::Generate => Gateway {
                    gateway_name: defaults.gateway_name,
                    gateway_namespace: defaults.gateway_namespace,
                    section_name: defaults.section_name,
                    ..g
                },
            }
        }),
        ..k.clone()
    };
    expected
}

fn sorted_vars(mut design: Design) -> Design {
    design.config.vars.sort_by(|a, b| a.name.cmp(&b.name));
    design
}

#[test]
fn every_preset_comes_back_from_its_manifests_and_dockerfile() {
    for preset in PRESETS {
        let design = preset.design().unwrap();
        let (imported, skipped) = round_trip(&design);
        assert_eq!(sorted_vars(imported), importable(&design), "{}", preset.id);
        // The generated files hold nothing a design cannot say.
        assert_eq!(skipped, Vec::<String>::new(), "{}", preset.id);
    }
}

#[test]
fn settings_no_preset_uses_come_back_too() {
    let mut design = Design::default();
    design.service.gin_mode = GinMode::Debug;
    design.container.runtime = Runtime::Scratch;
    design.container.user_id = 20_000;
    design.container.ldflags = "-X 'main.note=it is' -X main.version=1.0".into();
    design.config.vars.push(ConfigVar {
        name: "GREETING".into(),
        value: "  padded: yes  ".into(),
        secret: false,
    });
    let k = &mut design.cluster;
    k.gateway = None;
    k.replicas = 5;
    k.max_surge = "0".into();
    k.max_unavailable = "20%".into();
    k.probes = Probes {
        startup: true,
        period_seconds: 7,
        timeout_seconds: 4,
        failure_threshold: 6,
    };
    k.service_type = ServiceType::NodePort;
    k.node_port = Some(31_000);
    k.service_port = 8_443;
    k.min_available = Some(4);
    k.network_policy = false;
    k.ingress = Some(Ingress {
        class_name: "public".into(),
        host: "shop.example.com".into(),
        tls_secret: String::new(),
        path_prefix: "/shop.v1".into(),
        // A rewrite the user chose is theirs; the generated `use-regex` is not.
        annotations: [
            ("nginx.ingress.kubernetes.io/rewrite-target", "/$1"),
            ("nginx.ingress.kubernetes.io/proxy-body-size", "8m"),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .into(),
        ..Ingress::default()
    });
    assert_eq!(check(&design), []);
    let (imported, skipped) = round_trip(&design);
    assert_eq!(sorted_vars(imported), importable(&design));
    assert_eq!(skipped, Vec::<String>::new());
}

#[test]
fn gateway_routes_come_back_in_both_modes() {
    for gateway in [
        Gateway {
            mode: GatewayMode::Generate,
            class_name: "cilium".into(),
            hostnames: vec!["shop.example.com".into(), "*.shop.example.com".into()],
            tls_secret: "shop-tls".into(),
            path_prefix: "/shop".into(),
            request_timeout: "1m30s".into(),
            controller_namespace: "kube-system".into(),
            ..Gateway::default()
        },
        Gateway {
            gateway_name: "edge".into(),
            gateway_namespace: "platform".into(),
            section_name: "https".into(),
            hostnames: Vec::new(),
            ..Gateway::default()
        },
    ] {
        let mut design = Design::default();
        design.cluster.gateway = Some(gateway);
        assert_eq!(check(&design), []);
        let (imported, skipped) = round_trip(&design);
        assert_eq!(sorted_vars(imported), importable(&design));
        assert_eq!(skipped, Vec::<String>::new());
    }
}

#[test]
fn an_http_route_pasted_over_an_ingress_switches_the_routing_layer() {
    let mut base = unrouted();
    base.cluster.ingress = Some(Ingress::default());
    let result = import(
        &base,
        "route.yaml",
        "apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: web
  namespace: shop
spec:
  parentRefs:
  - name: edge
    namespace: platform
  hostnames: [shop.example.com]
  rules:
  - matches:
    - path: {type: PathPrefix, value: /api}
    backendRefs:
    - {name: web, port: 80}
",
    );
    assert_eq!(result.skipped, Vec::<String>::new());
    assert_eq!(result.design.cluster.ingress, None);
    let gateway = result.design.cluster.gateway.clone().unwrap();
    assert_eq!(gateway.mode, GatewayMode::Attach);
    assert_eq!(
        (
            gateway.gateway_name.as_str(),
            gateway.gateway_namespace.as_str()
        ),
        ("edge", "platform")
    );
    assert_eq!(gateway.hostnames, ["shop.example.com"]);
    assert!(check(&result.design).is_empty());
    // The review names the Ingress's fields that go and the route's that come.
    assert!(result
        .changes
        .iter()
        .any(|c| c.field == "cluster.ingress.host" && c.to == "none"));
    assert!(result
        .changes
        .iter()
        .any(|c| c.field == "cluster.gateway.gatewayName" && c.to == "edge"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_design_comes_back_from_its_manifests_and_dockerfile(design in common::design()) {
        let (imported, _) = round_trip(&design);
        prop_assert!(check(&imported).is_empty());
        prop_assert_eq!(sorted_vars(imported), importable(&design));
    }

    #[test]
    fn any_text_imports_without_panicking_into_a_valid_design(
        text in "(?s).{0,400}",
        name in prop_oneof![Just("Dockerfile"), Just("all.yaml"), Just("")],
    ) {
        let result = import(&Design::default(), name, &text);
        prop_assert!(check(&result.design).is_empty());
    }

    #[test]
    fn damaged_generated_files_import_into_a_valid_design(
        design in common::design(),
        cut in 0usize..4_000,
        junk in "[ :\\-\\[\\]{}#'\"&*!|>\\n]{0,8}",
    ) {
        let files = render(&design);
        for (path, name) in [("k8s/all.yaml", "all.yaml"), ("Dockerfile", "Dockerfile")] {
            let text = file(&files, path);
            let at = text.char_indices().map(|(i, _)| i).nth(cut % text.chars().count().max(1)).unwrap_or(0);
            let damaged = format!("{}{junk}{}", &text[..at], &text[at..]);
            let result = import(&Design::default(), name, &damaged);
            prop_assert!(check(&result.design).is_empty(), "{}", damaged);
        }
    }
}

/// The changes as `field = to`, sorted, for comparing with a table.
fn changes(result: &Import) -> Vec<String> {
    let mut rows: Vec<String> = result
        .changes
        .iter()
        .map(|c| format!("{} = {}", c.field, c.to))
        .collect();
    rows.sort();
    rows
}

fn assert_import(base: &Design, name: &str, text: &str, expected: &[&str], skipped: &[&str]) {
    let result = import(base, name, text);
    let mut expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(changes(&result), expected, "{text}");
    assert_eq!(result.skipped.len(), skipped.len(), "{:#?}", result.skipped);
    for (message, wanted) in result.skipped.iter().zip(skipped) {
        assert!(
            message.contains(wanted),
            "{message:?} should say {wanted:?}"
        );
    }
    assert!(check(&result.design).is_empty());
    for change in &result.changes {
        assert_ne!(change.from, change.to);
    }
}

#[test]
fn a_deployment_gives_the_service_and_pod_settings() {
    assert_import(
        &Design::default(),
        "deployment.yaml",
        r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders
  namespace: shop
spec:
  replicas: 3
  strategy:
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 10%
  template:
    spec:
      securityContext:
        runAsUser: 20000
      topologySpreadConstraints:
      - maxSkew: 1
        topologyKey: kubernetes.io/hostname
        whenUnsatisfiable: ScheduleAnyway
      containers:
      - name: orders
        image: registry.example.com/shop/orders:1.4.2
        ports:
        - containerPort: 9090
        env:
        - name: GIN_MODE
          value: debug
        - name: LOG_LEVEL
          value: info
        - name: API_KEY
          valueFrom:
            secretKeyRef: {name: orders-secrets, key: API_KEY}
        resources:
          requests: {cpu: 250m, memory: 256Mi}
          limits: {cpu: "1", memory: 512Mi}
        readinessProbe:
          periodSeconds: 5
          timeoutSeconds: 3
          failureThreshold: 4
        startupProbe:
          httpGet: {path: /healthz, port: 9090}
"#,
        &[
            "cluster.maxSurge = 1",
            "cluster.maxUnavailable = 10%",
            "cluster.namespace = shop",
            "cluster.probes.failureThreshold = 4",
            "cluster.probes.periodSeconds = 5",
            "cluster.probes.startup = true",
            "cluster.probes.timeoutSeconds = 3",
            "cluster.replicas = 3",
            "cluster.resources.cpuLimit = 1",
            "cluster.resources.cpuRequest = 250m",
            "cluster.resources.memoryLimit = 512Mi",
            "cluster.resources.memoryRequest = 256Mi",
            "cluster.spreadAcrossNodes = true",
            "config.vars[0].name = LOG_LEVEL",
            "config.vars[0].secret = false",
            "config.vars[0].value = info",
            "config.vars[1].name = API_KEY",
            "config.vars[1].secret = true",
            "container.userId = 20000",
            "delivery.image = registry.example.com/shop/orders:1.4.2",
            "service.ginMode = debug",
            "service.name = orders",
            "service.port = 9090",
        ],
        &[],
    );
}

#[test]
fn a_service_gives_its_type_and_ports() {
    assert_import(
        &Design::default(),
        "service.yaml",
        "apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  ports:
  - port: 8081
    targetPort: 8080
    nodePort: 30080
",
        &[
            "cluster.nodePort = 30080",
            "cluster.servicePort = 8081",
            "cluster.serviceType = NodePort",
            "service.name = web",
        ],
        &[],
    );
}

#[test]
fn an_ingress_inverts_the_prefix_regex_and_keeps_only_the_users_annotations() {
    assert_import(
        &unrouted(),
        "ingress.yaml",
        r#"apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations:
    nginx.ingress.kubernetes.io/use-regex: "true"
    nginx.ingress.kubernetes.io/rewrite-target: /$2
    nginx.ingress.kubernetes.io/proxy-body-size: 8m
spec:
  ingressClassName: public
  tls:
  - hosts: [shop.example.com]
    secretName: shop-tls
  rules:
  - host: shop.example.com
    http:
      paths:
      - path: /shop\.v2(/|$)(.*)
        pathType: ImplementationSpecific
        backend:
          service: {name: web, port: {number: 80}}
"#,
        &[
            "cluster.ingress.annotations.nginx.ingress.kubernetes.io/proxy-body-size = 8m",
            "cluster.ingress.className = public",
            "cluster.ingress.controllerNamespace = ingress-nginx",
            "cluster.ingress.host = shop.example.com",
            "cluster.ingress.pathPrefix = /shop.v2",
            "cluster.ingress.tlsSecret = shop-tls",
        ],
        &[],
    );
}

#[test]
fn an_ingress_with_prefix_paths_publishes_the_route_groups_without_tls() {
    let mut base = Design::default();
    base.cluster.gateway = None;
    base.cluster.ingress = Some(Ingress {
        tls_secret: "old-tls".into(),
        path_prefix: "/old".into(),
        ..Ingress::default()
    });
    assert_import(
        &base,
        "ingress.yaml",
        "apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  ingressClassName: nginx
  rules:
  - host: app.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service: {name: web, port: {number: 80}}
",
        &[
            "cluster.ingress.pathPrefix = ",
            "cluster.ingress.tlsSecret = ",
        ],
        &[],
    );
}

#[test]
fn a_config_map_gives_plain_variables_as_written() {
    let mut base = Design::default();
    base.config.vars.push(ConfigVar {
        name: "LOG_LEVEL".into(),
        value: "debug".into(),
        secret: false,
    });
    assert_import(
        &base,
        "configmap.yaml",
        "apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
data:
  LOG_LEVEL: info
  FEATURE: \"on\"
",
        &[
            "config.vars[0].value = info",
            "config.vars[1].name = FEATURE",
            "config.vars[1].secret = false",
            "config.vars[1].value = on",
        ],
        &[],
    );
}

#[test]
fn a_secret_gives_key_names_only_and_says_so() {
    let text = "apiVersion: v1
kind: Secret
metadata:
  name: web-secrets
data:
  DATABASE_URL: aHVudGVyMg==
stringData:
  JWT_SECRET: hunter2
";
    assert_import(
        &Design::default(),
        "secret.yaml",
        text,
        &[
            "config.vars[0].name = DATABASE_URL",
            "config.vars[0].secret = true",
            "config.vars[1].name = JWT_SECRET",
            "config.vars[1].secret = true",
        ],
        &["secret values are never imported: the keys of Secret/web-secrets"],
    );
    let result = import(&Design::default(), "secret.yaml", text);
    let shown = format!("{result:?}");
    assert!(
        !shown.contains("hunter2") && !shown.contains("aHVudGVyMg"),
        "{shown}"
    );
}

#[test]
fn a_secret_key_makes_an_existing_variable_secret_and_drops_its_value() {
    let mut base = Design::default();
    base.config.vars.push(ConfigVar {
        name: "API_KEY".into(),
        value: "local-dev-key".into(),
        secret: false,
    });
    let result = import(
        &base,
        "secret.yaml",
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  API_KEY: prod-key\n",
    );
    assert_eq!(
        changes(&result),
        [
            "config.vars[0].secret = true",
            "config.vars[0].value = none"
        ]
    );
    assert_eq!(result.design.config.vars[0].value, "");
}

#[test]
fn autoscaling_budget_and_network_policy_objects_turn_their_settings_on() {
    let mut base = Design::default();
    base.cluster.network_policy = false;
    base.cluster.replicas = 4;
    assert_import(
        &base,
        "cluster.yaml",
        "apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 3
  maxReplicas: 12
  metrics:
  - type: Resource
    resource:
      name: cpu
      target: {type: Utilization, averageUtilization: 60}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  minAvailable: 2
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
spec:
  podSelector: {}
",
        &[
            "cluster.autoscaling.cpuUtilization = 60",
            "cluster.autoscaling.maxReplicas = 12",
            "cluster.autoscaling.minReplicas = 3",
            "cluster.minAvailable = 2",
            "cluster.networkPolicy = true",
        ],
        &[],
    );
}

/// A design with an Ingress, autoscaling, a disruption budget and a NetworkPolicy.
fn published() -> Design {
    let mut base = Design::default();
    base.cluster.replicas = 3;
    base.cluster.gateway = None;
    base.cluster.ingress = Some(Ingress {
        tls_secret: "web-tls".into(),
        ..Ingress::default()
    });
    base.cluster.autoscaling = Some(Autoscaling {
        min_replicas: 3,
        ..Autoscaling::default()
    });
    base.cluster.min_available = Some(2);
    base.cluster.network_policy = true;
    assert_eq!(check(&base), []);
    base
}

#[test]
fn a_pasted_deployment_and_service_leave_the_other_objects_as_they_are() {
    // Reported: this paste switched off the Ingress, the PDB and the NetworkPolicy
    // because it had none, and the design then warned about the missing objects.
    let base = published();
    let paste = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders
spec:
  replicas: 4
  template:
    spec:
      containers:
      - name: orders
        image: registry.example.com/shop/orders:2.0.1
        ports:
        - containerPort: 9090
---
apiVersion: v1
kind: Service
metadata:
  name: orders
spec:
  ports:
  - port: 8081
    targetPort: 9090
";
    assert_import(
        &base,
        "all.yaml",
        paste,
        &[
            "cluster.replicas = 4",
            "cluster.servicePort = 8081",
            "delivery.image = registry.example.com/shop/orders:2.0.1",
            "service.name = orders",
            "service.port = 9090",
        ],
        &[],
    );
    let result = import(&base, "all.yaml", paste);
    let k = &result.design.cluster;
    assert_eq!(k.ingress, base.cluster.ingress);
    assert_eq!(k.autoscaling, base.cluster.autoscaling);
    assert_eq!(k.min_available, Some(2));
    assert!(k.network_policy);
    // The review names each row as the page labels the field.
    let rows: Vec<(&str, &str, &str)> = result
        .changes
        .iter()
        .map(|c| (c.label.as_str(), c.from.as_str(), c.to.as_str()))
        .collect();
    for row in [
        ("Cluster › Workload › Replicas", "3", "4"),
        ("Cluster › Service › Service port", "80", "8081"),
        ("Service › Go service › Service name", "hello-gin", "orders"),
        ("Service › Go service › Listen port", "8080", "9090"),
    ] {
        assert!(rows.contains(&row), "{row:?} in {rows:#?}");
    }
    for change in &result.changes {
        assert_ne!(change.label, change.field);
        assert!(!change.label.contains(['[', ']']), "{}", change.label);
    }
    // A Deployment alone changes the same Deployment fields, nothing more.
    let deployment_only = paste.split("---").next().unwrap();
    let alone = import(&base, "deployment.yaml", deployment_only);
    assert_eq!(alone.design.cluster.ingress, base.cluster.ingress);
    assert_eq!(alone.design.cluster.service_port, base.cluster.service_port);
}

#[test]
fn a_whole_bundle_pasted_into_a_published_design_changes_only_what_it_holds() {
    // The default design without routing: its manifests hold a PodDisruptionBudget
    // and a NetworkPolicy but no Ingress, HTTPRoute or HorizontalPodAutoscaler.
    let source = unrouted();
    let files = render(&source);
    let base = published();
    let result = import(&base, "all.yaml", file(&files, "k8s/all.yaml"));
    let k = &result.design.cluster;
    assert_eq!(k.ingress, base.cluster.ingress, "no Ingress in the paste");
    assert_eq!(
        k.autoscaling, base.cluster.autoscaling,
        "no HPA in the paste"
    );
    assert_eq!(k.min_available, source.cluster.min_available);
    assert_eq!(k.network_policy, source.cluster.network_policy);
    assert!(check(&result.design).is_empty());
}

#[test]
fn an_ingress_turned_on_shows_its_fields_not_an_object() {
    let result = import(
        &blank(),
        "ingress.yaml",
        "apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  ingressClassName: nginx
  rules:
  - host: shop.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service: {name: web, port: {number: 80}}
",
    );
    let rows: Vec<String> = result
        .changes
        .iter()
        .map(|c| format!("{}: {} → {}", c.label, c.from, c.to))
        .collect();
    assert!(
        rows.contains(&"Cluster › Routing › Ingress › Host: none → shop.example.com".to_owned()),
        "{rows:#?}"
    );
    assert!(rows.iter().all(|r| !r.contains('{')), "{rows:#?}");
}

#[test]
fn values_arrive_in_any_order_when_one_needs_another() {
    // The budget of 3 fits only once the replicas are 5, and it comes first. The
    // reserved PORT variable fails either way, so values go in one at a time.
    assert_import(
        &Design::default(),
        "all.yaml",
        "apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  minAvailable: 3
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 5
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
data:
  PORT: \"9000\"
",
        &[
            "cluster.minAvailable = 3",
            "cluster.replicas = 5",
            "service.name = web",
        ],
        &["variable PORT is not applied, the design would not pass its checks: config.vars[0].name: variable PORT is set by the generated files: choose another name (ConfigMap/web-config data.PORT)"],
    );
}

#[test]
fn kubernetes_values_the_field_parsers_refuse_are_skipped_with_their_reason() {
    for (text, skipped) in [
        (
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 0\n",
            "replicas 0 is out of range: use 1 to 1000 (Deployment/web spec.replicas)",
        ),
        (
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: Web_1\n",
            "name \"Web_1\" is not a valid DNS label",
        ),
        (
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        image: nginx:latest\n",
            "image \"nginx:latest\" is not pinned",
        ),
        (
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        ports:\n        - containerPort: 0\n",
            "port 0 is out of range: use 1 to 65535 (Deployment/web spec.template.spec.containers[0].ports[0].containerPort)",
        ),
        (
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        resources:\n          limits: {cpu: lots}\n",
            "CPU limit \"lots\" is not valid",
        ),
        (
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  ports:\n  - port: 80\n    nodePort: 8080\n",
            "node port 8080 is out of range: use 30000 to 32767",
        ),
        (
            "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  rules:\n  - host: Shop_Example\n",
            "host \"Shop_Example\" is not valid",
        ),
        (
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  log-level: info\n",
            "variable \"log-level\" is not valid",
        ),
    ] {
        assert_import(&unrouted(), "x.yaml", text, &changes_besides(text), &[skipped]);
    }
}

/// What a fixture changes besides the refused value: a Deployment's or Service's
/// name, a Service's type, an Ingress turned on with its defaults.
fn changes_besides(text: &str) -> Vec<&'static str> {
    let mut rows = Vec::new();
    if text.contains("name: web\n")
        && (text.contains("kind: Deployment") || text.contains("kind: Service"))
    {
        rows.push("service.name = web");
    }
    if text.contains("type: NodePort") {
        rows.push("cluster.serviceType = NodePort");
    }
    if text.contains("kind: Ingress") {
        rows.extend([
            "cluster.ingress.className = nginx",
            "cluster.ingress.controllerNamespace = ingress-nginx",
            "cluster.ingress.host = app.example.com",
            "cluster.ingress.pathPrefix = ",
            "cluster.ingress.tlsSecret = ",
        ]);
    }
    rows
}

#[test]
fn kubernetes_content_a_design_cannot_hold_is_skipped_with_a_reason() {
    for (text, skipped) in [
        (
            "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n",
            "kind Job has no place in a design: Job/migrate is not imported",
        ),
        (
            "- just\n- a list\n",
            "the document at line 1 is not a Kubernetes object",
        ),
        (
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: LoadBalancer\n",
            "service type LoadBalancer is not one a design offers",
        ),
        (
            "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  minAvailable: 50%\n",
            "minAvailable 50% is not imported: a design counts pods",
        ),
        (
            "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  maxUnavailable: 1\n",
            "a budget without minAvailable is not imported",
        ),
        (
            "key: [unclosed\n",
            "the objects there are not imported",
        ),
    ] {
        assert_import(&Design::default(), "x.yaml", text, &changes_besides(text), &[skipped]);
    }
}

#[test]
fn only_the_first_object_of_a_kind_is_imported() {
    assert_import(
        &Design::default(),
        "all.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: first\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: second\n",
        &["service.name = first"],
        &["only the first Deployment is imported: Deployment/second is not"],
    );
}

#[test]
fn a_value_the_whole_design_refuses_is_skipped_with_the_checks_reason() {
    assert_import(
        &Design::default(),
        "pdb.yaml",
        "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  minAvailable: 2\n",
        &[],
        &["minAvailable 2 is not applied, the design would not pass its checks: cluster.minAvailable: minAvailable 2 is not below the 2 replica(s)"],
    );
}

#[test]
fn a_dockerfile_gives_the_builder_runtime_user_port_and_mode() {
    assert_import(
        &Design::default(),
        "Dockerfile",
        r#"FROM golang:1.24.2-bookworm AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w -X main.version=2.0" -o /out/server .

FROM alpine:3.22.2
COPY --from=build /out/server /app/server
ENV GIN_MODE=test PORT=9090
EXPOSE 9090/tcp
USER 20001:20001
ENTRYPOINT ["/app/server"]
"#,
        &[
            "container.builderImage = golang:1.24.2-bookworm",
            "container.ldflags = -X main.version=2.0",
            "container.runtime = alpine",
            "container.userId = 20001",
            "service.ginMode = test",
            "service.goVersion = 1.24",
            "service.port = 9090",
        ],
        &[],
    );
}

#[test]
fn each_runtime_is_recognised_by_its_image() {
    for (from, runtime) in [
        ("scratch", Runtime::Scratch),
        (
            "gcr.io/distroless/static-debian12:nonroot",
            Runtime::Distroless,
        ),
        ("alpine:3.22.2", Runtime::Alpine),
    ] {
        let mut base = Design::default();
        base.container.runtime = Runtime::Alpine;
        if runtime == Runtime::Alpine {
            base.container.runtime = Runtime::Scratch;
        }
        let text = format!("FROM golang:1.25.4-alpine3.22 AS build\nRUN go build -o /out/server .\nFROM {from}\nCOPY --from=build /out/server /server\n");
        let result = import(&base, "Dockerfile", &text);
        assert_eq!(result.design.container.runtime, runtime, "{from}");
        assert_eq!(result.skipped, Vec::<String>::new(), "{from}");
    }
}

#[test]
fn dockerfile_values_the_parsers_refuse_are_skipped_with_their_reason() {
    let build = "FROM golang:1.25.4-alpine3.22 AS build\nRUN go build -o /out/server .\n";
    for (text, skipped) in [
        (
            "FROM golang:latest AS build\nRUN go build -o /out/server .\nFROM scratch\n".to_owned(),
            "image \"golang:latest\" is not pinned",
        ),
        (
            format!("{build}FROM scratch\nUSER nobody\n"),
            "user id \"nobody\" is not a whole number (USER, line 4)",
        ),
        (
            format!("{build}FROM scratch\nUSER 1000\n"),
            "user id 1000 is not applied, the design would not pass its checks: container.userId: user id 1000 may collide",
        ),
        (
            format!("{build}FROM scratch\nEXPOSE 70000\n"),
            "port 70000 is out of range: use 1 to 65535 (EXPOSE, line 4)",
        ),
        (
            format!("{build}FROM scratch\nENV GIN_MODE=fast\n"),
            "GIN_MODE \"fast\" is not a Gin mode",
        ),
        (
            "ARG GO\nFROM golang:${GO} AS build\nRUN go build -o /out/server .\nFROM scratch\n".to_owned(),
            "builder image golang:${GO} depends on an ARG without a default",
        ),
    ] {
        let result = import(&Design::default(), "Dockerfile", &text);
        assert!(
            result.skipped.iter().any(|m| m.contains(skipped)),
            "{text}\n{:#?}",
            result.skipped
        );
        assert!(check(&result.design).is_empty());
    }
}

#[test]
fn dockerfile_content_a_design_cannot_hold_is_skipped_with_a_reason() {
    let build = "FROM golang:1.25.4-alpine3.22 AS build\nRUN go build -o /out/server .\n";
    for (text, skipped) in [
        (
            format!("{build}FROM ubuntu:24.04\n"),
            "runtime image ubuntu:24.04 is not imported",
        ),
        (
            format!("{build}FROM alpine:3.20\n"),
            "runtime image alpine:3.20 is read as alpine, which the design writes as alpine:3.22.2",
        ),
        (
            format!("{build}FROM scratch\nRUN echo hi\n"),
            "RUN at line 4 is not imported",
        ),
        (
            format!("{build}FROM scratch\nENV LOG_LEVEL=info\n"),
            "ENV LOG_LEVEL is not imported: add it as a config variable",
        ),
        (
            format!("FROM node:22 AS web\n{build}FROM scratch\n"),
            "stage web (FROM node:22, line 1) is not imported",
        ),
        (
            format!("{build}FROM scratch\nUSER 20000:30000\n"),
            "group 30000 of USER 20000:30000 is not imported",
        ),
        ("FROM scratch\n".to_owned(), "no build stage"),
        (
            "# syntax=docker/dockerfile:1\n".to_owned(),
            "the Dockerfile has no FROM",
        ),
    ] {
        let result = import(&Design::default(), "Dockerfile", &text);
        assert!(
            result.skipped.iter().any(|m| m.contains(skipped)),
            "{text}\n{:#?}",
            result.skipped
        );
    }
}

#[test]
fn pasted_text_without_a_name_is_told_apart_by_its_content() {
    let result = import(
        &Design::default(),
        "",
        "FROM golang:1.24.1 AS build\nRUN go build .\nFROM scratch\n",
    );
    assert_eq!(result.design.service.go_version, "1.24");
    let result = import(
        &Design::default(),
        "",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: pasted\n",
    );
    assert_eq!(result.design.service.name, "pasted");
}

#[test]
fn a_runtime_digest_comes_along_only_with_the_tag_it_pins() {
    let digest = format!("sha256:{}", "5e".repeat(32));
    let base = Design::default();
    let body = "COPY --from=build /out/server /app/server\nUSER 65532:65532\n";
    // The tag the design writes, pinned: the digest is imported.
    let pinned = format!("FROM gcr.io/distroless/static-debian12:nonroot@{digest}\n{body}");
    let result = import(&base, "Dockerfile", &pinned);
    assert_eq!(result.design.container.runtime_digest, digest);
    assert!(check(&result.design).is_empty());
    // Another tag: its digest would put other bytes under the design's tag.
    let other = format!("FROM alpine:3.20@{digest}\n{body}");
    let result = import(&base, "Dockerfile", &other);
    assert_eq!(result.design.container.runtime, Runtime::Alpine);
    assert_eq!(result.design.container.runtime_digest, "");
    assert!(
        result
            .skipped
            .iter()
            .any(|s| s.contains("the digest of alpine:3.20@") && s.contains("not alpine:3.22.2")),
        "{:#?}",
        result.skipped
    );
    // Unpinned again: the design follows the file.
    let mut was_pinned = Design::default();
    was_pinned.container.runtime_digest = digest.clone();
    let unpinned = format!("FROM gcr.io/distroless/static-debian12:nonroot\n{body}");
    let result = import(&was_pinned, "Dockerfile", &unpinned);
    assert_eq!(result.design.container.runtime_digest, "");
}
