//! The Kubernetes manifests of three designs: snapshots of every file, and the
//! cross-object agreements a cluster relies on (selectors, ports, names, references,
//! namespace), read back from the generated text as typed objects.
//!
//! The designs: the default one; the article's (`/service-a` behind an Ingress with
//! TLS, plain config and secrets, HPA, PDB, NodePort, startup probe, spread); and one
//! with a database, an image by digest and no health route.

mod common;

use std::collections::BTreeMap;

use gin_deploy::bundle::GeneratedFile;
use gin_deploy::generate::kube::{files, secret};
use gin_deploy::model::{
    Autoscaling, ConfigVar, Database, Design, Ingress as IngressDesign, Method, Middleware, Route,
    RouteGroup, ServiceType,
};
use gin_deploy::yaml::from_yaml;
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler;
use k8s_openapi::api::core::v1::{ConfigMap, Container, Namespace, PodSpec, Probe, Service};
use k8s_openapi::api::networking::v1::{Ingress, NetworkPolicy};
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use serde::de::DeserializeOwned;

const DIGEST: &str = "sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";

fn jwt() -> Middleware {
    Middleware::JwtAuth {
        header: "Authorization".into(),
        secret_env: "JWT_SECRET".into(),
    }
}

fn var(name: &str, value: &str, secret: bool) -> ConfigVar {
    ConfigVar {
        name: name.into(),
        value: value.into(),
        secret,
    }
}

/// The article's service: published under `/service-a` on a TLS host, with every
/// optional object of the cluster.
fn article() -> Design {
    let mut design = Design::default();
    design.service.name = "service-a".into();
    design.service.port = 8081;
    design.groups = vec![
        RouteGroup {
            prefix: String::new(),
            middleware: Vec::new(),
            routes: vec![
                Route::new(Method::Get, "/ping"),
                Route::new(Method::Get, "/healthz"),
                Route::new(Method::Get, "/readyz"),
            ],
        },
        RouteGroup {
            prefix: "/api/v1/user".into(),
            middleware: vec![jwt()],
            routes: vec![
                Route::new(Method::Get, "/:id"),
                Route::new(Method::Post, ""),
            ],
        },
    ];
    design.config.vars = vec![
        var("LOG_LEVEL", "info", false),
        var("FEATURE_FLAG", "on", false),
        var("JWT_SECRET", "dev-only-jwt-signing-key", true),
        var("API_KEY", "sk-local-api-key-1234", true),
    ];
    let cluster = &mut design.cluster;
    cluster.namespace = "apps".into();
    cluster.replicas = 3;
    cluster.probes.startup = true;
    cluster.max_surge = "1".into();
    cluster.max_unavailable = "0".into();
    cluster.service_type = ServiceType::NodePort;
    cluster.node_port = Some(30081);
    cluster.gateway = None;
    cluster.ingress = Some(IngressDesign {
        class_name: "nginx".into(),
        host: "api.example.com".into(),
        tls_secret: "api-example-com-tls".into(),
        path_prefix: "/service-a".into(),
        annotations: BTreeMap::from([(
            "nginx.ingress.kubernetes.io/proxy-body-size".into(),
            "8m".into(),
        )]),
        ..IngressDesign::default()
    });
    cluster.autoscaling = Some(Autoscaling {
        min_replicas: 3,
        max_replicas: 10,
        cpu_utilization: 70,
    });
    cluster.min_available = Some(1);
    cluster.spread_across_nodes = true;
    design.delivery.image = "registry.example.com/team/service-a:1.4.2".into();
    design
}

/// A service with a database, an image by digest, no top-level group (so no health
/// route and TCP probes) and a PodDisruptionBudget asking for more than it can have.
fn database() -> Design {
    let mut design = Design::default();
    design.service.name = "orders".into();
    design.groups = vec![
        RouteGroup {
            prefix: "/api/v1".into(),
            middleware: Vec::new(),
            routes: vec![Route::new(Method::Get, "/orders/:id")],
        },
        RouteGroup {
            prefix: "/api/v2".into(),
            middleware: Vec::new(),
            routes: vec![Route::new(Method::Get, "/orders")],
        },
        RouteGroup {
            prefix: "/admin".into(),
            middleware: vec![jwt()],
            routes: vec![Route::new(Method::Delete, "/orders/:id")],
        },
    ];
    design.config.vars = vec![
        var("APP_ENV", "production", false),
        var(
            "DATABASE_URL",
            "postgres://orders:s3cr3t@db:5432/orders",
            true,
        ),
    ];
    design.database = Some(Database::default());
    design.cluster.namespace = "orders".into();
    design.cluster.min_available = Some(5);
    design.cluster.gateway = None;
    design.cluster.ingress = Some(IngressDesign {
        host: "orders.example.com".into(),
        ..IngressDesign::default()
    });
    design.delivery.image = format!("registry.example.com/orders@{DIGEST}");
    design
}

/// The designs under test, by snapshot name.
pub fn designs() -> Vec<(&'static str, Design)> {
    vec![
        ("default", Design::default()),
        ("article", article()),
        ("database", database()),
    ]
}

/// The manifests of a design, read back as typed objects.
struct Objects {
    design: Design,
    files: Vec<GeneratedFile>,
    namespace: Namespace,
    config_map: Option<ConfigMap>,
    deployment: Deployment,
    service: Service,
    ingress: Option<Ingress>,
    hpa: Option<HorizontalPodAutoscaler>,
    pdb: Option<PodDisruptionBudget>,
    network_policy: Option<NetworkPolicy>,
}

fn text<'a>(files: &'a [GeneratedFile], name: &str) -> Option<&'a str> {
    let path = format!("k8s/{name}");
    files
        .iter()
        .find(|f| f.path == path)
        .map(|f| f.contents.as_str())
}

fn read<T: DeserializeOwned>(files: &[GeneratedFile], name: &str) -> Option<T> {
    text(files, name).map(|text| {
        from_yaml(text).unwrap_or_else(|e| panic!("k8s/{name} does not read back: {e}"))
    })
}

impl Objects {
    fn of(design: Design) -> Objects {
        let files = files(&design);
        Objects {
            namespace: read(&files, "namespace.yaml").expect("a Namespace"),
            config_map: read(&files, "configmap.yaml"),
            deployment: read(&files, "deployment.yaml").expect("a Deployment"),
            service: read(&files, "service.yaml").expect("a Service"),
            ingress: read(&files, "ingress.yaml"),
            hpa: read(&files, "horizontalpodautoscaler.yaml"),
            pdb: read(&files, "poddisruptionbudget.yaml"),
            network_policy: read(&files, "networkpolicy.yaml"),
            design,
            files,
        }
    }

    fn all() -> Vec<Objects> {
        designs()
            .into_iter()
            .map(|(_, design)| Objects::of(design))
            .collect()
    }

    fn pod(&self) -> &PodSpec {
        self.deployment.spec.template.spec.as_ref().unwrap()
    }

    fn container(&self) -> &Container {
        let pod = self.pod();
        assert_eq!(pod.containers.len(), 1);
        &pod.containers[0]
    }

    fn pod_labels(&self) -> &BTreeMap<String, String> {
        let metadata = self.deployment.spec.template.metadata.as_ref().unwrap();
        metadata.labels.as_ref().unwrap()
    }

    /// Whether a label selector picks this design's pods (and is not empty).
    fn selects_pods(&self, selector: &LabelSelector) -> bool {
        assert!(selector.match_expressions.is_none());
        let wanted = selector.match_labels.as_ref().unwrap();
        !wanted.is_empty()
            && wanted
                .iter()
                .all(|(k, v)| self.pod_labels().get(k) == Some(v))
    }

    fn service_name(&self) -> &str {
        self.service.metadata.name.as_deref().unwrap()
    }

    /// Metadata of every namespaced object, with its kind.
    fn namespaced(&self) -> Vec<(&'static str, &ObjectMeta)> {
        let mut all = vec![
            ("Deployment", &self.deployment.metadata),
            ("Service", &self.service.metadata),
        ];
        all.extend(self.config_map.iter().map(|o| ("ConfigMap", &o.metadata)));
        all.extend(self.ingress.iter().map(|o| ("Ingress", &o.metadata)));
        all.extend(self.hpa.iter().map(|o| ("HPA", &o.metadata)));
        all.extend(self.pdb.iter().map(|o| ("PDB", &o.metadata)));
        all.extend(
            self.network_policy
                .iter()
                .map(|o| ("NetworkPolicy", &o.metadata)),
        );
        all
    }
}

#[test]
fn every_manifest_file_of_every_design_snapshots() {
    for (name, design) in designs() {
        for file in files(&design) {
            insta::assert_snapshot!(
                format!("{name}__{}", file.path.replace('/', "__")),
                file.contents
            );
        }
    }
}

#[test]
fn files_are_named_after_their_kind_in_apply_order() {
    let paths =
        |design: &Design| -> Vec<String> { files(design).into_iter().map(|f| f.path).collect() };
    assert_eq!(
        paths(&article()),
        [
            "k8s/namespace.yaml",
            "k8s/configmap.yaml",
            "k8s/deployment.yaml",
            "k8s/service.yaml",
            "k8s/ingress.yaml",
            "k8s/horizontalpodautoscaler.yaml",
            "k8s/poddisruptionbudget.yaml",
            "k8s/networkpolicy.yaml",
            "k8s/all.yaml",
            "k8s/kustomization.yaml",
        ]
    );
    assert_eq!(
        paths(&Design::default()),
        [
            "k8s/namespace.yaml",
            "k8s/deployment.yaml",
            "k8s/service.yaml",
            "k8s/httproute.yaml",
            "k8s/poddisruptionbudget.yaml",
            "k8s/networkpolicy.yaml",
            "k8s/all.yaml",
            "k8s/kustomization.yaml",
        ]
    );
}

#[test]
fn every_namespaced_object_is_in_the_design_namespace() {
    for objects in Objects::all() {
        let namespace = &objects.design.cluster.namespace;
        assert_eq!(objects.namespace.metadata.name.as_ref(), Some(namespace));
        assert_eq!(objects.namespace.metadata.namespace, None);
        for (kind, metadata) in objects.namespaced() {
            assert_eq!(metadata.namespace.as_ref(), Some(namespace), "{kind}");
        }
    }
}

#[test]
fn service_pdb_and_network_policy_select_the_pods() {
    for objects in Objects::all() {
        let service_selector = objects.service.spec.as_ref().unwrap().selector.clone();
        assert!(objects.selects_pods(&LabelSelector {
            match_labels: service_selector,
            ..Default::default()
        }));
        assert!(objects.selects_pods(&objects.deployment.spec.selector));
        if let Some(pdb) = &objects.pdb {
            assert!(objects.selects_pods(pdb.spec.as_ref().unwrap().selector.as_ref().unwrap()));
        }
        if let Some(policy) = &objects.network_policy {
            let spec = policy.spec.as_ref().unwrap();
            assert!(objects.selects_pods(spec.pod_selector.as_ref().unwrap()));
        }
        for spread in objects.pod().topology_spread_constraints.iter().flatten() {
            assert!(objects.selects_pods(spread.label_selector.as_ref().unwrap()));
        }
    }
}

fn int(port: &IntOrString, place: &str) -> i32 {
    match port {
        IntOrString::Int(port) => *port,
        IntOrString::String(name) => panic!("{place} names the port {name:?}, not its number"),
    }
}

fn probe_port(probe: &Probe) -> &IntOrString {
    probe
        .http_get
        .as_ref()
        .map(|h| &h.port)
        .or(probe.tcp_socket.as_ref().map(|t| &t.port))
        .unwrap()
}

/// Every place of the manifests that names the listen port, with its value.
fn listen_ports(objects: &Objects) -> Vec<(&'static str, i32)> {
    let container = objects.container();
    let mut found = Vec::new();
    for port in container.ports.iter().flatten() {
        found.push(("containerPort", port.container_port));
    }
    for env in container.env.iter().flatten().filter(|e| e.name == "PORT") {
        found.push(("env PORT", env.value.as_deref().unwrap().parse().unwrap()));
    }
    for (place, probe) in [
        ("readiness probe", &container.readiness_probe),
        ("liveness probe", &container.liveness_probe),
        ("startup probe", &container.startup_probe),
    ] {
        if let Some(probe) = probe {
            found.push((place, int(probe_port(probe), place)));
        }
    }
    for port in objects
        .service
        .spec
        .as_ref()
        .unwrap()
        .ports
        .iter()
        .flatten()
    {
        let target = port.target_port.as_ref().unwrap();
        found.push(("Service targetPort", int(target, "targetPort")));
    }
    if let Some(policy) = &objects.network_policy {
        for rule in policy.spec.as_ref().unwrap().ingress.iter().flatten() {
            for port in rule.ports.iter().flatten() {
                found.push((
                    "NetworkPolicy port",
                    int(port.port.as_ref().unwrap(), "policy"),
                ));
            }
        }
    }
    found
}

#[test]
fn the_listen_port_is_one_value_everywhere() {
    for (name, mut design) in designs() {
        for port in [design.service.port, 1, 65_535] {
            design.service.port = port;
            let objects = Objects::of(design.clone());
            let found = listen_ports(&objects);
            let places: Vec<&str> = found.iter().map(|(place, _)| *place).collect();
            let mut expected = vec![
                "containerPort",
                "env PORT",
                "readiness probe",
                "liveness probe",
            ];
            if design.cluster.probes.startup {
                expected.push("startup probe");
            }
            expected.push("Service targetPort");
            if design.cluster.network_policy {
                expected.push("NetworkPolicy port");
            }
            assert_eq!(places, expected, "{name}");
            for (place, value) in found {
                assert_eq!(value, i32::from(port), "{name}: {place}");
            }
        }
    }
}

#[test]
fn the_ingress_reaches_the_service_port_and_uses_the_tls_secret() {
    for objects in Objects::all() {
        let Some(ingress) = &objects.ingress else {
            assert!(objects.design.cluster.ingress.is_none());
            continue;
        };
        let design = objects.design.cluster.ingress.as_ref().unwrap();
        let spec = ingress.spec.as_ref().unwrap();
        let service_ports: Vec<i32> = objects
            .service
            .spec
            .as_ref()
            .unwrap()
            .ports
            .iter()
            .flatten()
            .map(|p| p.port)
            .collect();
        let rules = spec.rules.as_ref().unwrap();
        assert_eq!(rules.len(), 1);
        assert_eq!(rules[0].host.as_deref(), Some(design.host.as_str()));
        let paths = &rules[0].http.as_ref().unwrap().paths;
        assert!(!paths.is_empty());
        for path in paths {
            let backend = path.backend.service.as_ref().unwrap();
            assert_eq!(backend.name, objects.service_name());
            let number = backend.port.as_ref().unwrap().number.unwrap();
            assert!(service_ports.contains(&number), "backend port {number}");
        }
        assert_eq!(
            spec.ingress_class_name.as_deref(),
            Some(design.class_name.as_str())
        );
        match design.tls_secret.as_str() {
            "" => assert!(spec.tls.is_none()),
            secret => {
                let tls = spec.tls.as_ref().unwrap();
                assert_eq!(tls.len(), 1);
                assert_eq!(tls[0].secret_name.as_deref(), Some(secret));
                assert_eq!(
                    tls[0].hosts.as_deref(),
                    Some(std::slice::from_ref(&design.host))
                );
            }
        }
    }
}

#[test]
fn a_path_prefix_becomes_the_regex_and_rewrite_that_strip_it() {
    let objects = Objects::of(article());
    let ingress = objects.ingress.unwrap();
    let annotations = ingress.metadata.annotations.unwrap();
    assert_eq!(
        annotations
            .get("nginx.ingress.kubernetes.io/use-regex")
            .map(String::as_str),
        Some("true")
    );
    assert_eq!(
        annotations
            .get("nginx.ingress.kubernetes.io/rewrite-target")
            .map(String::as_str),
        Some("/$2")
    );
    assert_eq!(
        annotations
            .get("nginx.ingress.kubernetes.io/proxy-body-size")
            .map(String::as_str),
        Some("8m")
    );
    let rule = &ingress.spec.unwrap().rules.unwrap()[0];
    let paths = &rule.http.as_ref().unwrap().paths;
    assert_eq!(paths.len(), 1);
    assert_eq!(paths[0].path.as_deref(), Some("/service-a(/|$)(.*)"));
    assert_eq!(paths[0].path_type, "ImplementationSpecific");
}

#[test]
fn without_a_prefix_the_ingress_paths_are_the_groups_first_segments() {
    let ingress = Objects::of(database()).ingress.unwrap();
    assert!(ingress.metadata.annotations.is_none());
    let rule = &ingress.spec.unwrap().rules.unwrap()[0];
    let paths: Vec<(&str, &str)> = rule
        .http
        .as_ref()
        .unwrap()
        .paths
        .iter()
        .map(|p| (p.path.as_deref().unwrap(), p.path_type.as_str()))
        .collect();
    assert_eq!(paths, [("/admin", "Prefix"), ("/api", "Prefix")]);
}

#[test]
fn config_map_and_secret_references_resolve() {
    for objects in Objects::all() {
        let container = objects.container();
        let pod = objects.pod();
        let config_refs: Vec<&str> = container
            .env_from
            .iter()
            .flatten()
            .map(|e| {
                assert!(e.secret_ref.is_none(), "a Secret in envFrom");
                e.config_map_ref.as_ref().unwrap().name.as_str()
            })
            .collect();
        match &objects.config_map {
            Some(config_map) => {
                assert_eq!(config_refs, [config_map.metadata.name.as_deref().unwrap()])
            }
            None => assert!(config_refs.is_empty()),
        }
        for env in container.env.iter().flatten() {
            assert!(
                env.value_from.is_none(),
                "env {} takes a value from elsewhere",
                env.name
            );
        }
        let volumes = pod.volumes.as_deref().unwrap_or_default();
        for mount in container.volume_mounts.iter().flatten() {
            assert!(
                volumes.iter().any(|v| v.name == mount.name),
                "mount {}",
                mount.name
            );
        }
        let secret_volumes: Vec<&str> = volumes
            .iter()
            .filter_map(|v| v.secret.as_ref())
            .map(|s| s.secret_name.as_deref().unwrap())
            .collect();
        let secrets_dir = container
            .env
            .iter()
            .flatten()
            .find(|e| e.name == "SECRETS_DIR")
            .map(|e| e.value.clone().unwrap());
        if !secret::keys(&objects.design).is_empty() {
            assert_eq!(secret_volumes, [secret::name(&objects.design)]);
            let mount = container
                .volume_mounts
                .iter()
                .flatten()
                .find(|m| m.mount_path == "/var/run/secrets/app")
                .expect("the Secret mounted at /var/run/secrets/app");
            assert_eq!(mount.read_only, Some(true));
            assert_eq!(secrets_dir.as_deref(), Some("/var/run/secrets/app"));
            // The Secret is created outside the manifests; until it exists the pods
            // must wait, not start without their keys.
            let volume = volumes.iter().find_map(|v| v.secret.as_ref()).unwrap();
            assert_eq!(volume.optional, None);
        } else {
            assert!(secret_volumes.is_empty());
            assert_eq!(secrets_dir, None);
        }
    }
}

/// Every document of a manifest file, parsed.
fn documents(file: &GeneratedFile) -> Vec<serde_json::Value> {
    serde_saphyr::from_str_multiple(&file.contents)
        .unwrap_or_else(|e| panic!("{} is not a YAML stream: {e}", file.path))
}

#[test]
fn no_manifest_holds_a_secret_or_a_secret_value() {
    for objects in Objects::all() {
        let design = &objects.design;
        let secret_values: Vec<&str> = design
            .config
            .vars
            .iter()
            .filter(|v| v.secret)
            .map(|v| v.value.as_str())
            .collect();
        for file in &objects.files {
            for value in &secret_values {
                assert!(
                    !file.contents.contains(value),
                    "{} holds {value}",
                    file.path
                );
            }
            // Whatever k8s/ holds, every `kubectl apply -k k8s/` applies again: a
            // Secret here would overwrite the one the team created.
            assert!(!file.contents.contains("REPLACE_ME"), "{}", file.path);
            for document in documents(file) {
                assert_ne!(document["kind"], "Secret", "{}", file.path);
                for resource in document["resources"].as_array().into_iter().flatten() {
                    assert_ne!(resource, "secret.yaml", "{}", file.path);
                }
            }
        }
    }
}

#[test]
fn the_secret_the_pods_mount_has_every_key_the_service_reads() {
    for objects in Objects::all() {
        let design = &objects.design;
        let keys = secret::keys(design);
        for name in design
            .config
            .vars
            .iter()
            .filter(|v| v.secret)
            .map(|v| &v.name)
        {
            assert!(keys.contains(name), "{name}");
        }
        if let Some(database) = &design.database {
            assert!(keys.contains(&database.url_env));
        }
        if let Some((_, secret_env)) = design.jwt() {
            assert!(keys.contains(secret_env));
        }
        for key in objects
            .config_map
            .iter()
            .flat_map(|c| c.data.iter().flatten().map(|(k, _)| k))
        {
            assert!(!keys.contains(key), "{key} is both plain and secret");
        }
    }
    let keys: Vec<String> = secret::keys(&database()).into_iter().collect();
    assert_eq!(keys, ["DATABASE_URL", "JWT_SECRET"]);
}

#[test]
fn the_config_map_holds_the_plain_variables() {
    let objects = Objects::of(article());
    let data = objects.config_map.unwrap().data.unwrap();
    let expected = BTreeMap::from([
        ("FEATURE_FLAG".to_owned(), "on".to_owned()),
        ("LOG_LEVEL".to_owned(), "info".to_owned()),
    ]);
    assert_eq!(data, expected);
    let text = text(&objects.files, "configmap.yaml").unwrap();
    assert!(text.contains("FEATURE_FLAG: \"on\""), "{text}");
}

#[test]
fn the_hpa_owns_the_replicas_of_the_deployment_it_targets() {
    for objects in Objects::all() {
        let Some(hpa) = &objects.hpa else {
            assert_eq!(
                objects.deployment.spec.replicas,
                Some(objects.design.cluster.replicas)
            );
            continue;
        };
        let target = &hpa.spec.scale_target_ref;
        assert_eq!(target.api_version.as_deref(), Some("apps/v1"));
        assert_eq!(target.kind, "Deployment");
        assert_eq!(
            Some(&target.name),
            objects.deployment.metadata.name.as_ref()
        );
        assert_eq!(objects.deployment.spec.replicas, None);
        assert!(hpa.spec.min_replicas.unwrap() >= 1);
        assert!(hpa.spec.max_replicas >= hpa.spec.min_replicas.unwrap());
    }
}

#[test]
fn the_pdb_always_lets_one_pod_move() {
    for objects in Objects::all() {
        let Some(pdb) = &objects.pdb else { continue };
        let floor = objects
            .hpa
            .as_ref()
            .map_or(objects.deployment.spec.replicas, |h| h.spec.min_replicas)
            .unwrap();
        let min_available = pdb.spec.as_ref().unwrap().min_available.as_ref().unwrap();
        assert!(int(min_available, "minAvailable") < floor);
    }
    let clamped = Objects::of(database()).pdb.unwrap();
    assert_eq!(
        clamped.spec.unwrap().min_available,
        Some(IntOrString::Int(1))
    );
    let kept = Objects::of(article()).pdb.unwrap();
    assert_eq!(kept.spec.unwrap().min_available, Some(IntOrString::Int(1)));
}

#[test]
fn probes_ask_designed_health_routes_or_the_tcp_port() {
    let container = |design: Design| Objects::of(design).container().clone();
    let path = |probe: &Option<Probe>| {
        probe
            .as_ref()
            .unwrap()
            .http_get
            .as_ref()
            .unwrap()
            .path
            .clone()
    };
    let article = container(article());
    assert_eq!(path(&article.readiness_probe).as_deref(), Some("/readyz"));
    assert_eq!(path(&article.liveness_probe).as_deref(), Some("/healthz"));
    assert_eq!(path(&article.startup_probe).as_deref(), Some("/healthz"));
    let default = container(Design::default());
    assert_eq!(path(&default.readiness_probe).as_deref(), Some("/healthz"));
    assert!(default.startup_probe.is_none());
    let database = container(database());
    for probe in [&database.readiness_probe, &database.liveness_probe] {
        let probe = probe.as_ref().unwrap();
        assert!(probe.http_get.is_none());
        assert!(probe.tcp_socket.is_some());
    }
}

#[test]
fn only_an_image_without_digest_skips_the_digest_check() {
    for objects in Objects::all() {
        let annotations = objects
            .deployment
            .metadata
            .annotations
            .clone()
            .unwrap_or_default();
        let skip = annotations.get("checkov.io/skip1");
        if objects.design.delivery.image.contains("@sha256:") {
            assert_eq!(skip, None);
        } else {
            assert!(skip.unwrap().starts_with("CKV_K8S_43="), "{skip:?}");
        }
        assert!(
            annotations.keys().all(|k| k == "checkov.io/skip1"),
            "{annotations:?}"
        );
    }
}

#[test]
fn the_pods_are_hardened() {
    for objects in Objects::all() {
        let user = i64::from(objects.design.container.user_id);
        let pod = objects.pod();
        assert_eq!(pod.automount_service_account_token, Some(false));
        let pod_context = pod.security_context.as_ref().unwrap();
        assert_eq!(pod_context.run_as_non_root, Some(true));
        assert_eq!(pod_context.run_as_user, Some(user));
        assert_eq!(pod_context.run_as_group, Some(user));
        assert_eq!(
            pod_context.seccomp_profile.as_ref().unwrap().type_,
            "RuntimeDefault"
        );
        let container = objects.container();
        assert_eq!(
            container.image.as_ref(),
            Some(&objects.design.delivery.image)
        );
        assert_eq!(container.image_pull_policy.as_deref(), Some("Always"));
        let context = container.security_context.as_ref().unwrap();
        assert_eq!(context.allow_privilege_escalation, Some(false));
        assert_eq!(context.read_only_root_filesystem, Some(true));
        assert_eq!(context.run_as_non_root, Some(true));
        let drop = context
            .capabilities
            .as_ref()
            .unwrap()
            .drop
            .as_ref()
            .unwrap();
        assert_eq!(drop, &["ALL".to_owned()]);
    }
}

/// The documents of `all.yaml`, parsed as a YAML stream on their own.
fn stream_documents(text: &str) -> Vec<serde_json::Value> {
    serde_saphyr::from_str_multiple(text).expect("all.yaml is a YAML stream")
}

#[test]
fn all_yaml_holds_the_object_files_in_order_and_kustomize_lists_them() {
    for objects in Objects::all() {
        let object_files: Vec<&GeneratedFile> = objects
            .files
            .iter()
            .filter(|f| !f.path.ends_with("/all.yaml") && !f.path.ends_with("/kustomization.yaml"))
            .collect();
        let singles: Vec<serde_json::Value> = object_files
            .iter()
            .map(|f| from_yaml(&f.contents).unwrap())
            .collect();
        let stream = stream_documents(text(&objects.files, "all.yaml").unwrap());
        assert_eq!(stream, singles);
        let kinds: Vec<&str> = stream.iter().map(|d| d["kind"].as_str().unwrap()).collect();
        for (file, kind) in object_files.iter().zip(&kinds) {
            assert_eq!(file.file_name(), format!("{}.yaml", kind.to_lowercase()));
        }
        let kustomization: serde_json::Value = read(&objects.files, "kustomization.yaml").unwrap();
        assert_eq!(
            kustomization["apiVersion"],
            "kustomize.config.k8s.io/v1beta1"
        );
        assert_eq!(kustomization["kind"], "Kustomization");
        assert_eq!(
            kustomization["namespace"],
            objects.design.cluster.namespace.as_str()
        );
        let resources: Vec<&str> = kustomization["resources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        let names: Vec<&str> = object_files.iter().map(|f| f.file_name()).collect();
        assert_eq!(resources, names);
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// The page lists the manifests before the worker writes them: the paths it
    /// decides from the design alone are the files the worker writes, in order.
    #[test]
    fn the_listed_manifest_paths_are_the_written_ones(design in common::design()) {
        let written: Vec<String> = files(&design).into_iter().map(|f| f.path).collect();
        proptest::prop_assert_eq!(gin_deploy::generate::kube::paths(&design), written);
    }
}
