//! The Kubernetes validator against the findings of the peer-fixture run (the test
//! fixtures Polaris, checkov, kube-score and hadolint ship): each bug's smallest
//! repro, exactly as it was reported, with what a user should see instead.

use std::collections::BTreeSet;
use std::process::Command;

use gin_deploy::validate::kube::{validate, Options};
use gin_deploy::validate::{Diagnostic, Location};

fn line(d: &Diagnostic) -> u32 {
    match d.location {
        Location::Text { line, .. } => line,
        Location::Field { .. } => 0,
    }
}

fn found(text: &str, version: &str) -> Vec<Diagnostic> {
    validate("test.yaml", text, &Options::for_version(version))
}

/// (rule, line) of every finding.
fn rules_at(text: &str, version: &str) -> BTreeSet<(&'static str, u32)> {
    found(text, version)
        .iter()
        .map(|d| (d.rule, line(d)))
        .collect()
}

fn has(found: &[Diagnostic], rule: &str, at: u32) -> bool {
    found.iter().any(|d| d.rule == rule && line(d) == at)
}

fn messages(found: &[Diagnostic], rule: &str) -> Vec<String> {
    found
        .iter()
        .filter(|d| d.rule == rule)
        .map(|d| d.message.clone())
        .collect()
}

const CRONJOB: &str = r#"apiVersion: batch/v1beta1
kind: CronJob
metadata:
  name: report
  namespace: jobs
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          hostNetwork: true
          restartPolicy: OnFailure
          automountServiceAccountToken: false
          containers:
          - name: report
            image: registry.example.com/report:1.2.0
            imagePulPolicy: Always
            securityContext:
              privileged: true
"#;

const HPA: &str = r#"apiVersion: autoscaling/v2beta2
kind: HorizontalPodAutoscaler
metadata:
  name: web
  namespace: shop
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 5
  maxReplicas: 3
  metrics:
  - type: Resource
    resource:
      name: cpu
      target:
        type: Utilization
        averageUtilisation: 70
"#;

const INGRESS: &str = r#"apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
  ports:
  - name: http
    port: 80
---
apiVersion: networking.k8s.io/v1beta1
kind: Ingress
metadata:
  name: web
  namespace: shop
spec:
  tsl:
  - secretName: web-tls
  rules:
  - host: web.example.com
    http:
      paths:
      - path: /
        backend:
          serviceName: web
          servicePort: 8080
"#;

/// Issue item 1: a deprecated, still served apiVersion is reported, and every other
/// check still runs on the object: the same findings as under the current apiVersion.
#[test]
fn a_deprecated_api_version_does_not_turn_off_the_other_checks() {
    for (text, version, old, current, expected) in [
        (
            CRONJOB,
            "1.24",
            "batch/v1beta1",
            "batch/v1",
            &[("GK417", 12), ("GK101", 18), ("GK414", 20)][..],
        ),
        (
            HPA,
            "1.24",
            "autoscaling/v2beta2",
            "autoscaling/v2",
            &[("GK213", 11), ("GK101", 19)][..],
        ),
    ] {
        let old_findings = found(text, version);
        assert!(has(&old_findings, "GK105", 1), "{old}: {old_findings:#?}");
        for (rule, at) in expected {
            assert!(
                has(&old_findings, rule, *at),
                "{old}: {rule} at {at}: {old_findings:#?}"
            );
        }
        let mut without_deprecation = rules_at(text, version);
        without_deprecation.remove(&("GK105", 1));
        assert_eq!(
            without_deprecation,
            rules_at(&text.replacen(old, current, 1), version),
            "{old} is checked as {current} is"
        );
    }
    let ingress = found(INGRESS, "1.20");
    for (rule, at) in [("GK105", 13), ("GK101", 19), ("GK423", 18), ("GK305", 28)] {
        assert!(has(&ingress, rule, at), "{rule} at {at}: {ingress:#?}");
    }
    assert_eq!(
        messages(&ingress, "GK101"),
        ["spec.tsl is not a field of IngressSpec"],
        "typed with the v1beta1 schema: serviceName and servicePort are fields"
    );
}

/// Item 1 from the command line: the errors the deprecation used to hide make the
/// exit status 1.
#[test]
fn a_deprecated_api_version_with_errors_exits_1() {
    let dir = std::env::temp_dir().join(format!("kube-issue-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("cronjob.yaml");
    std::fs::write(&path, CRONJOB).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gin-deploy"))
        .args(["validate", "--kubernetes", "1.24", path.to_str().unwrap()])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("error[GK414]"), "{stdout}");
    std::fs::remove_dir_all(&dir).unwrap();
}

const LIST: &str = r#"apiVersion: v1
kind: List
metadata:
  resourceVersion: ""
items:
- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
    namespace: shop
  spec:
    replicas: 2
    selector:
      matchLabels:
        app: web
    template:
      metadata:
        labels:
          app: web
      spec:
        hostNetwork: true
        containers:
        - name: web
          image: nginx:1.27
- apiVersion: v1
  kind: Service
  metadata:
    name: web
    namespace: shop
  spec:
    selector:
      app: wbe
    ports:
    - port: 80
- just a string
"#;

/// Item 2: `kind: List` is what `kubectl get -o yaml` prints and `kubectl apply`
/// accepts; its items are objects of the stream, checked one by one and against each
/// other.
#[test]
fn a_list_is_expanded_into_its_items() {
    let found = found(LIST, "1.37");
    assert!(
        messages(&found, "GK103").is_empty(),
        "a List needs no name: {found:#?}"
    );
    assert!(has(&found, "GK417", 21), "{found:#?}");
    assert!(has(&found, "GK301", 31), "{found:#?}");
    assert_eq!(
        messages(&found, "GK100"),
        ["this item of List is a scalar, not a Kubernetes object with apiVersion and kind"]
    );
    assert!(has(&found, "GK100", 35), "{found:#?}");
    assert!(!found.iter().any(|d| d.rule == "GK106"), "{found:#?}");
}

fn pod_with_account(account: Option<&str>, automount: Option<bool>) -> String {
    let mut text = String::from(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\nspec:\n",
    );
    if let Some(account) = account {
        text.push_str(&format!("  serviceAccountName: {account}\n"));
    }
    if let Some(automount) = automount {
        text.push_str(&format!("  automountServiceAccountToken: {automount}\n"));
    }
    text.push_str("  containers:\n  - name: web\n    image: nginx:1.27\n");
    text
}

fn account(name: &str, namespace: &str) -> String {
    format!("apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: {name}\n  namespace: {namespace}\nautomountServiceAccountToken: false\n---\n")
}

/// Item 3: a ServiceAccount of the stream that does not automount its token decides
/// for the pods that use it, unless a pod asks for the token itself.
#[test]
fn the_service_account_of_the_stream_decides_whether_the_token_is_mounted() {
    let mounts = |text: &str| found(text, "1.37").iter().any(|d| d.rule == "GK426");
    assert!(!mounts(
        &(account("web", "shop") + &pod_with_account(Some("web"), None))
    ));
    assert!(!mounts(
        &(account("default", "shop") + &pod_with_account(None, None))
    ));
    assert!(mounts(
        &(account("web", "shop") + &pod_with_account(Some("web"), Some(true)))
    ));
    assert!(mounts(
        &(account("web", "other") + &pod_with_account(Some("web"), None))
    ));
    assert!(mounts(
        &(account("api", "shop") + &pod_with_account(Some("web"), None))
    ));
    assert!(mounts(&pod_with_account(Some("web"), None)));
}

const TYPE_ERROR_AND_MORE: &str = r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: "3"
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - name: http
          containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: api
  ports:
  - port: 80
    targetPort: 80
"#;

/// Item 4: one paste shows every independent finding; a value of the wrong type
/// hides only the checks that would read it.
#[test]
fn a_type_error_hides_nothing_independent_of_it() {
    let found = found(TYPE_ERROR_AND_MORE, "1.37");
    assert!(has(&found, "GK102", 7), "{found:#?}");
    assert!(has(&found, "GK204", 8), "{found:#?}");
    assert!(has(&found, "GK303", 33), "{found:#?}");
    let selector = messages(&found, "GK204").join("\n");
    assert!(
        selector.contains("app=web") && selector.contains("app=api"),
        "the selector message names the labels that differ: {selector}"
    );
    // The replica count is unknown while it is a string: no finding reads it.
    assert!(
        !found.iter().any(|d| ["GK420", "GK421"].contains(&d.rule)),
        "{found:#?}"
    );
}

/// Item 5: a field left out or empty is reported as missing, and no check judges the
/// placeholder that stands in for it.
#[test]
fn a_missing_field_is_not_judged_as_its_default() {
    let port = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    ports:\n    - name: http\n      containerPort:\n";
    let found_port = found(port, "1.37");
    assert!(has(&found_port, "GK103", 11), "{found_port:#?}");
    assert!(
        !found_port.iter().any(|d| d.rule == "GK205"),
        "{found_port:#?}"
    );
    let selector = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  replicas: 2\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n";
    let found_selector = found(selector, "1.37");
    assert!(has(&found_selector, "GK103", 7), "{found_selector:#?}");
    assert!(
        !found_selector
            .iter()
            .any(|d| ["GK203", "GK204"].contains(&d.rule)),
        "{found_selector:#?}"
    );
}

/// Item 9: the API server's own `default/kubernetes` Service is where it must be.
#[test]
fn the_built_in_kubernetes_service_is_not_flagged_for_the_default_namespace() {
    let service = |name: &str| {
        format!("apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\n  namespace: default\nspec:\n  ports:\n  - name: https\n    port: 443\n    targetPort: 6443\n")
    };
    assert!(!found(&service("kubernetes"), "1.37")
        .iter()
        .any(|d| d.rule == "GK424"));
    assert!(found(&service("web"), "1.37")
        .iter()
        .any(|d| d.rule == "GK424"));
}

/// Item 10: messages are sentences: no "has no a CPU request", no "0 replica".
#[test]
fn messages_read_as_english() {
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n";
    let found = found(pod, "1.37");
    assert_eq!(
        messages(&found, "GK401"),
        ["container web has no CPU request"]
    );
    assert_eq!(
        messages(&found, "GK404"),
        ["container web has no memory limit"]
    );
    let zero = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  replicas: 0\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n";
    for message in messages(&validate("z.yaml", zero, &Options::default()), "GK420") {
        assert!(!message.contains(" 0 replica,"), "{message}");
    }
    for rule in gin_deploy::validate::kube::rules() {
        for d in validate("x.yaml", rule.bad_example, &Options::default()) {
            for broken in [" no a ", " no an ", " 1 replicas", " 1 handlers", "  "] {
                assert!(!d.message.contains(broken), "{}: {}", d.rule, d.message);
            }
        }
    }
}

fn article_ingress(rewrite: &str) -> String {
    format!(
        r#"apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: service-a
  namespace: apps
  annotations:
    nginx.ingress.kubernetes.io/use-regex: "true"
    nginx.ingress.kubernetes.io/rewrite-target: {rewrite}
spec:
  ingressClassName: nginx
  tls:
  - hosts: [app.example.com]
    secretName: tls-secret
  rules:
  - host: app.example.com
    http:
      paths:
      - path: /service-a(/|$)(.*)
        pathType: ImplementationSpecific
        backend:
          service:
            name: service-a
            port:
              number: 80
"#
    )
}

/// Item 12: the article's `/service-a(/|$)(.*)` with `rewrite-target: /$1` hands the
/// pods `/` or `//` for every request; say so, and say `/$2`.
#[test]
fn a_rewrite_to_the_separator_group_is_reported_with_what_the_pods_see() {
    let found = found(&article_ingress("/$1"), "1.37");
    let rewrite: Vec<&Diagnostic> = found.iter().filter(|d| d.rule == "GK218").collect();
    assert_eq!(rewrite.len(), 1, "{found:#?}");
    assert_eq!(line(rewrite[0]), 8);
    let message = &rewrite[0].message;
    assert!(message.contains("/service-a/users/42"), "{message}");
    assert!(message.contains("\"//\""), "{message}");
    let fix = rewrite[0].fix.as_ref().unwrap();
    assert!(fix.description.contains("/$2"), "{fix:?}");
    assert_eq!(
        fix.replacement_line.as_deref(),
        Some("    nginx.ingress.kubernetes.io/rewrite-target: /$2")
    );
    assert!(
        !validate("t.yaml", &article_ingress("/$2"), &Options::default())
            .iter()
            .any(|d| d.rule == "GK218")
    );
}
