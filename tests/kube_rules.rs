//! The Kubernetes validator's rules: each fires on its documented bad example at the
//! expected line and stays quiet on its good example, plus fixtures for the edges
//! (recovery after a syntax error, optional references, skip annotations), an alias
//! bomb, no panics on mangled input, clean generated manifests, and the rule docs.

mod common;

use std::collections::BTreeSet;

use proptest::prelude::*;

use gin_deploy::bundle::render;
use gin_deploy::model::Design;
use gin_deploy::presets::PRESETS;
use gin_deploy::validate::kube::{rules, validate, validate_opening, Checking, Options};
use gin_deploy::validate::{Diagnostic, Location, Severity};

/// A `# target 1.x` first line picks the target release of an example.
fn options_for(example: &str) -> Options {
    example
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("# target "))
        .map_or_else(Options::default, Options::for_version)
}

fn line(d: &Diagnostic) -> u32 {
    match d.location {
        Location::Text { line, .. } => line,
        Location::Field { .. } => 0,
    }
}

fn lines_of(rule: &str, text: &str) -> Vec<u32> {
    validate("test.yaml", text, &options_for(text))
        .iter()
        .filter(|d| d.rule == rule)
        .map(line)
        .collect()
}

/// The line where each rule fires first in its own bad example.
const BAD_EXAMPLE_LINES: &[(&str, u32)] = &[
    ("GY001", 6),
    ("GY002", 5),
    ("GY003", 5),
    ("GY004", 6),
    ("GY005", 6),
    ("GK100", 1),
    ("GK101", 9),
    ("GK102", 6),
    ("GK103", 7),
    ("GK104", 1),
    ("GK105", 2),
    ("GK106", 2),
    ("GK107", 1),
    ("GK108", 2),
    ("GK201", 4),
    ("GK202", 6),
    ("GK203", 10),
    ("GK204", 6),
    ("GK205", 8),
    ("GK206", 10),
    ("GK207", 11),
    ("GK208", 11),
    ("GK209", 9),
    ("GK210", 12),
    ("GK211", 12),
    ("GK212", 7),
    ("GK213", 10),
    ("GK214", 8),
    ("GK215", 12),
    ("GK216", 7),
    ("GK217", 12),
    ("GK218", 7),
    ("GK301", 6),
    ("GK302", 10),
    ("GK303", 10),
    ("GK304", 17),
    ("GK305", 18),
    ("GK306", 8),
    ("GK307", 16),
    ("GK308", 16),
    ("GK309", 21),
    ("GK310", 15),
    ("GK311", 9),
    ("GK312", 6),
    ("GK313", 7),
    ("GK314", 9),
    ("GK401", 7),
    ("GK402", 7),
    ("GK403", 7),
    ("GK404", 7),
    ("GK405", 8),
    ("GK406", 8),
    ("GK407", 9),
    ("GK408", 7),
    ("GK409", 7),
    ("GK410", 7),
    ("GK411", 7),
    ("GK412", 7),
    ("GK413", 7),
    ("GK414", 10),
    ("GK415", 6),
    ("GK416", 6),
    ("GK417", 6),
    ("GK418", 11),
    ("GK419", 10),
    ("GK420", 6),
    ("GK421", 6),
    ("GK422", 6),
    ("GK423", 5),
    ("GK424", 3),
    ("GK425", 10),
    ("GK426", 5),
    ("GK427", 5),
    ("GK428", 11),
    ("GK429", 7),
    ("GK430", 11),
    ("GK431", 11),
    ("GK432", 12),
    ("GK433", 12),
    ("GK434", 13),
    ("GK435", 6),
    ("GK436", 10),
    ("GK437", 6),
    ("GK438", 8),
    ("GK439", 8),
    ("GK440", 7),
    ("GK441", 5),
    ("GK442", 12),
    ("GK443", 3),
    ("GK501", 10),
    ("GK502", 8),
    ("GK503", 11),
    ("GK504", 9),
    ("GK505", 11),
    ("GK506", 14),
    ("GK507", 7),
    ("GK508", 7),
    ("GK509", 11),
    ("GK510", 10),
    ("GK511", 9),
    ("GK512", 11),
    ("GK513", 10),
    ("GK514", 8),
    ("GK515", 19),
    ("GK516", 20),
    ("GK517", 20),
    ("GK518", 16),
    ("GK519", 18),
    ("GK520", 10),
    ("GK521", 7),
];

#[test]
fn every_rule_fires_on_its_bad_example_at_the_expected_line() {
    let ids: Vec<&str> = rules().iter().map(|r| r.id).collect();
    let table: Vec<&str> = BAD_EXAMPLE_LINES.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids, table, "every rule needs a line in BAD_EXAMPLE_LINES");
    for (rule, (_, expected)) in rules().iter().zip(BAD_EXAMPLE_LINES) {
        let lines = lines_of(rule.id, rule.bad_example);
        assert_eq!(lines.first(), Some(expected), "{}: {lines:?}", rule.id);
    }
}

#[test]
fn every_rule_stays_quiet_on_its_good_example() {
    for rule in rules() {
        let lines = lines_of(rule.id, rule.good_example);
        assert!(
            lines.is_empty(),
            "{} fired on its good example at {lines:?}",
            rule.id
        );
    }
}

#[test]
fn rule_ids_are_unique_and_documented_rules_say_why() {
    let ids: BTreeSet<&str> = rules().iter().map(|r| r.id).collect();
    assert_eq!(ids.len(), rules().len());
    for rule in rules() {
        assert!(rule.why.len() > 40, "{}", rule.id);
        assert!(!rule.title.ends_with('.'), "{}", rule.id);
    }
}

const CONFIG_MAP: &str =
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  namespace: shop\ndata:\n";

/// (what, text, rule, the line it fires at or `None` for quiet)
const FIXTURES: &[(&str, &str, &str, Option<u32>)] = &[
    (
        "unquoted y in an env value",
        r#"apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    env:
    - name: VERBOSE
      value: y
"#,
        "GY004",
        Some(11),
    ),
    (
        "unquoted yes as a label value",
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: web
  labels:
    public: yes
"#,
        "GY004",
        Some(6),
    ),
    (
        "uppercase OFF in an annotation",
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: web
  annotations:
    example.com/cache: OFF
"#,
        "GY004",
        Some(6),
    ),
    (
        "a quoted on is a string",
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: web
data:
  FLAG: 'on'
"#,
        "GY004",
        None,
    ),
    (
        "an !!str tag keeps a string",
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: web
data:
  FLAG: !!str on
"#,
        "GY004",
        None,
    ),
    (
        "a boolean where a boolean belongs",
        r#"apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  automountServiceAccountToken: no
  containers:
  - name: web
    image: nginx:1.27
"#,
        "GY004",
        None,
    ),
    (
        "hex in an annotation",
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: web
  annotations:
    example.com/mask: 0x1F
"#,
        "GY005",
        Some(6),
    ),
    (
        "a version number in ConfigMap data",
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: web
data:
  GO_VERSION: 1.25
"#,
        "GY005",
        Some(6),
    ),
    (
        "a quantity may be a number",
        r#"apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    resources:
      requests:
        cpu: 0.5
"#,
        "GY005",
        None,
    ),
    (
        "a broken document does not hide the next one",
        r#"apiVersion: v1
kind: ConfigMap
metadata: [name: web
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: api
dta:
  a: b
"#,
        "GK101",
        Some(9),
    ),
    (
        "the broken document itself",
        r#"apiVersion: v1
kind: ConfigMap
metadata: [name: web
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: api
"#,
        "GY001",
        Some(3),
    ),
    (
        "a top-level typo",
        r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
sepc:
  replicas: 2
"#,
        "GK101",
        Some(5),
    ),
    (
        "a list where a mapping belongs",
        r#"apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    name: web
    image: nginx:1.27
"#,
        "GK102",
        Some(7),
    ),
    (
        "Secret data must be base64",
        r#"apiVersion: v1
kind: Secret
metadata:
  name: web
data:
  password: not base64!
"#,
        "GK102",
        Some(6),
    ),
    (
        "a container without a name",
        r#"apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - image: nginx:1.27
"#,
        "GK103",
        Some(7),
    ),
    (
        "a ConfigMap without a name",
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  labels:
    app: web
"#,
        "GK103",
        Some(3),
    ),
    (
        "merge keys are followed",
        r#"apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - &base
    name: web
    image: nginx:1.27
  - <<: *base
    name: sidecar
    imagePulPolicy: Always
"#,
        "GK101",
        Some(12),
    ),
    (
        "an optional ConfigMap may be absent",
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: web
---
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    envFrom:
    - configMapRef:
        name: extra
        optional: true
"#,
        "GK308",
        None,
    ),
    (
        "a lone workload may name ConfigMaps from other files",
        r#"apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    envFrom:
    - configMapRef:
        name: extra
"#,
        "GK308",
        None,
    ),
    (
        "a Secret volume item key",
        r#"apiVersion: v1
kind: Secret
metadata:
  name: web
stringData:
  password: x
---
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
  volumes:
  - name: secrets
    secret:
      secretName: web
      items:
      - key: passwd
        path: password
"#,
        "GK309",
        Some(21),
    ),
    (
        "a Service in another namespace selects nothing",
        r#"apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: a
spec:
  selector:
    app: web
  ports:
  - port: 80
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: b
  labels:
    app: web
spec:
  containers:
  - name: web
    image: nginx:1.27
"#,
        "GK301",
        Some(7),
    ),
    (
        "an Ingress backend by port name",
        r#"apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
  - name: http
    port: 80
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
  - http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              name: https
"#,
        "GK305",
        Some(23),
    ),
    (
        "a checkov skip annotation silences the digest rule",
        r#"apiVersion: v1
kind: Pod
metadata:
  name: web
  annotations:
    checkov.io/skip1: CKV_K8S_43=tags are immutable in our registry
spec:
  containers:
  - name: web
    image: nginx:1.27
"#,
        "GK406",
        None,
    ),
    (
        "an HPA's minimum counts as replicas",
        r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 2
  maxReplicas: 4
"#,
        "GK420",
        None,
    ),
    (
        "the same name in two namespaces is not a duplicate",
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: web
  namespace: a
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: web
  namespace: b
"#,
        "GK314",
        None,
    ),
    (
        "a numeric probe port need not be declared",
        r#"apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    livenessProbe:
      tcpSocket:
        port: 8080
"#,
        "GK310",
        None,
    ),
    (
        "the API an older target still serves",
        r#"# target 1.21
apiVersion: networking.k8s.io/v1beta1
kind: Ingress
metadata:
  name: web
"#,
        "GK104",
        None,
    ),
    (
        "a default-namespace ServiceAccount named default",
        r#"apiVersion: v1
kind: ServiceAccount
metadata:
  name: default
"#,
        "GK424",
        None,
    ),
    (
        "a document that is a list",
        r#"- apiVersion: v1
  kind: ConfigMap
"#,
        "GK100",
        Some(1),
    ),
    (
        "a changeme password beside a real value",
        r#"apiVersion: v1
kind: Secret
metadata:
  name: web
  namespace: shop
stringData:
  API_KEY: 9c1f7e0b5a2d4c8e
  DB_PASSWORD: changeme
"#,
        "GK429",
        Some(8),
    ),
    (
        "REPLACE_ME base64-encoded in data",
        r#"apiVersion: v1
kind: Secret
metadata:
  name: web
  namespace: shop
data:
  JWT_SECRET: UkVQTEFDRV9NRQ==
"#,
        "GK429",
        Some(7),
    ),
    (
        "the published development key in data",
        r#"apiVersion: v1
kind: Secret
metadata:
  name: web
  namespace: shop
data:
  JWT_SECRET: ZGV2LW9ubHktaW5zZWN1cmUtand0LXNlY3JldC1jaGFuZ2UtbWU=
"#,
        "GK429",
        Some(7),
    ),
    (
        "an unfilled angle-bracket template",
        r#"apiVersion: v1
kind: Secret
metadata:
  name: web
  namespace: shop
stringData:
  DATABASE_URL: <your database url>
"#,
        "GK429",
        Some(7),
    ),
    (
        "an unexpanded shell variable",
        r#"apiVersion: v1
kind: Secret
metadata:
  name: web
  namespace: shop
stringData:
  DB_PASSWORD: ${DB_PASSWORD}
"#,
        "GK429",
        Some(7),
    ),
    (
        "TODO in any case",
        r#"apiVersion: v1
kind: Secret
metadata:
  name: web
  namespace: shop
stringData:
  API_KEY: Todo
"#,
        "GK429",
        Some(7),
    ),
    (
        "a run of x",
        r#"apiVersion: v1
kind: Secret
metadata:
  name: web
  namespace: shop
stringData:
  API_KEY: XXXXXXXX
"#,
        "GK429",
        Some(7),
    ),
    (
        "a real value that contains a placeholder word",
        r#"apiVersion: v1
kind: Secret
metadata:
  name: web
  namespace: shop
stringData:
  DB_PASSWORD: todo-app-db-7Hq2
"#,
        "GK429",
        None,
    ),
    (
        "binary data is never a placeholder",
        r#"apiVersion: v1
kind: Secret
metadata:
  name: web
  namespace: shop
data:
  keystore: /wD+3q2+7w==
"#,
        "GK429",
        None,
    ),
    (
        "an empty value is not a placeholder",
        r#"apiVersion: v1
kind: Secret
metadata:
  name: web
  namespace: shop
stringData:
  OPTIONAL_TOKEN: ""
"#,
        "GK429",
        None,
    ),
    (
        "a Job without restartPolicy defaults to Always, which a Job rejects",
        r#"apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      containers:
      - name: migrate
        image: migrate:1.0
"#,
        "GK214",
        Some(7),
    ),
    (
        "a Deployment whose pods would not restart",
        r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      restartPolicy: Never
      containers:
      - name: web
        image: nginx:1.27
"#,
        "GK214",
        Some(14),
    ),
    (
        "a Pod may restart on failure",
        r#"apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  restartPolicy: OnFailure
  containers:
  - name: web
    image: nginx:1.27
"#,
        "GK214",
        None,
    ),
    (
        "the same port name in two containers is the API server's warning, not an error",
        r#"apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    ports:
    - name: http
      containerPort: 8080
  - name: sidecar
    image: envoy:1.30
    ports:
    - name: http
      containerPort: 9090
"#,
        "GK215",
        None,
    ),
    (
        "a misspelt whenUnsatisfiable",
        r#"apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: kubernetes.io/hostname
    whenUnsatisfiable: DoNotschedule
  containers:
  - name: web
    image: nginx:1.27
"#,
        "GK216",
        Some(9),
    ),
    (
        "minDomains only goes with DoNotSchedule",
        r#"apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  topologySpreadConstraints:
  - maxSkew: 1
    minDomains: 3
    topologyKey: topology.kubernetes.io/zone
    whenUnsatisfiable: ScheduleAnyway
  containers:
  - name: web
    image: nginx:1.27
"#,
        "GK216",
        Some(8),
    ),
    (
        "minDomains 0",
        r#"apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  topologySpreadConstraints:
  - maxSkew: 1
    minDomains: 0
    topologyKey: topology.kubernetes.io/zone
    whenUnsatisfiable: DoNotSchedule
  containers:
  - name: web
    image: nginx:1.27
"#,
        "GK216",
        Some(8),
    ),
    (
        "a rewrite without capture groups is not judged",
        r#"apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /
spec:
  rules:
  - http:
      paths:
      - path: /healthz
        pathType: Exact
        backend:
          service:
            name: web
            port:
              number: 80
"#,
        "GK218",
        None,
    ),
    (
        "a group the path does not have",
        r#"apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /$2
spec:
  rules:
  - http:
      paths:
      - path: /service-a/?(.*)
        pathType: ImplementationSpecific
        backend:
          service:
            name: web
            port:
              number: 80
"#,
        "GK218",
        Some(6),
    ),
    (
        "a bare Pod in a stream needs a NetworkPolicy too",
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: web
  namespace: shop
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
  labels:
    app: web
spec:
  containers:
  - name: web
    image: nginx:1.27
"#,
        "GK425",
        Some(9),
    ),
    (
        "CAP_ spelling of a dangerous capability",
        r#"apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    securityContext:
      capabilities:
        add: [NET_BIND_SERVICE, CAP_NET_ADMIN]
"#,
        "GK431",
        Some(11),
    ),
    (
        "NET_BIND_SERVICE is added, not dangerous",
        r#"apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    securityContext:
      capabilities:
        add: [NET_BIND_SERVICE]
"#,
        "GK431",
        None,
    ),
    (
        "the folder that holds the runtime socket",
        r#"apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
  volumes:
  - name: run
    hostPath:
      path: /var/run/
"#,
        "GK433",
        Some(12),
    ),
    (
        "a PodDisruptionBudget as high as the replicas",
        r#"apiVersion: apps/v1
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
      containers:
      - name: web
        image: nginx:1.27
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
  namespace: shop
spec:
  minAvailable: 2
  selector:
    matchLabels:
      app: web
"#,
        "GK437",
        Some(26),
    ),
    (
        "minAvailable 100%",
        r#"apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  minAvailable: 100%
  selector:
    matchLabels:
      app: web
"#,
        "GK437",
        Some(6),
    ),
    (
        "a wildcard in a Role's second rule (checkov reads only the first)",
        r#"apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: reader
rules:
- apiGroups: [""]
  resources: [configmaps]
  verbs: [get]
- apiGroups: ["*"]
  resources: [deployments]
  verbs: [get]
"#,
        "GK438",
        Some(9),
    ),
    (
        "the built-in cluster-admin ClusterRole as kubectl prints it",
        r#"apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: cluster-admin
rules:
- apiGroups: ["*"]
  resources: ["*"]
  verbs: ["*"]
"#,
        "GK438",
        None,
    ),
    (
        "a binding to a Role of the stream that grants everything",
        r#"apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: all
  namespace: shop
rules:
- apiGroups: ["*"]
  resources: ["*"]
  verbs: ["*"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: web
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: all
subjects:
- kind: ServiceAccount
  name: web
"#,
        "GK439",
        Some(19),
    ),
    (
        "the built-in cluster-admin binding",
        r#"apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: cluster-admin
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
subjects:
- apiGroup: rbac.authorization.k8s.io
  kind: Group
  name: system:masters
"#,
        "GK439",
        None,
    ),
    (
        "attach with get",
        r#"apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: debug
rules:
- apiGroups: [""]
  resources: [pods/attach]
  verbs: [get]
"#,
        "GK440",
        Some(7),
    ),
    (
        "a pod that does not mount the token may keep the default ServiceAccount",
        r#"apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  automountServiceAccountToken: false
  containers:
  - name: web
    image: nginx:1.27
"#,
        "GK441",
        None,
    ),
    (
        "a ClusterRoleBinding to a namespace's default ServiceAccount",
        r#"apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: web
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
subjects:
- kind: ServiceAccount
  name: default
  namespace: shop
"#,
        "GK442",
        Some(11),
    ),
    (
        "a ReplicaSet is checked like a Deployment",
        r#"apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web
spec:
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
"#,
        "GK204",
        Some(6),
    ),
    (
        "a ReplicationController's selector is a label map",
        r#"apiVersion: v1
kind: ReplicationController
metadata:
  name: web
spec:
  selector:
    app: web
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
      - name: web
        image: nginx:1.27
"#,
        "GK204",
        Some(6),
    ),
    (
        "an autoscaling/v1 HorizontalPodAutoscaler is typed",
        r#"apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 5
  maxReplicas: 3
  targetCPUUtilisationPercentage: 70
"#,
        "GK101",
        Some(12),
    ),
    (
        "autoscaling/v1 bounds",
        r#"apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 5
  maxReplicas: 3
  targetCPUUtilizationPercentage: 70
"#,
        "GK213",
        Some(10),
    ),
    (
        "a Deployment under the wrong apiVersion is still checked",
        r#"apiVersion: v1
kind: Deployment
metadata:
  name: web
spec:
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
"#,
        "GK417",
        Some(14),
    ),
    (
        "a removed apiVersion is still checked, with the selector it could leave out",
        r#"apiVersion: extensions/v1beta1
kind: Deployment
metadata:
  name: web
spec:
  rollbackTo:
    revision: 1
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
        securityContext:
          privileged: true
"#,
        "GK414",
        Some(17),
    ),
    (
        "what extensions/v1beta1 allowed is no finding",
        r#"apiVersion: extensions/v1beta1
kind: Deployment
metadata:
  name: web
spec:
  rollbackTo:
    revision: 1
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
"#,
        "GK103",
        None,
    ),
    (
        "a List item of a List",
        r#"apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMapList
  items:
  - apiVersion: v1
    kind: ConfigMap
    metadata:
      name: web
    dta:
      a: b
"#,
        "GK101",
        Some(11),
    ),
    (
        "a List with a field it does not have",
        r#"apiVersion: v1
kind: List
itmes: []
"#,
        "GK101",
        Some(3),
    ),
    (
        "placeholders outside a Secret are another rule's business",
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: web
  namespace: shop
data:
  GREETING: TODO
"#,
        "GK429",
        None,
    ),
];

#[test]
fn fixtures() {
    for (what, text, rule, expected) in FIXTURES {
        let lines = lines_of(rule, text);
        match expected {
            Some(line) => assert_eq!(lines.first(), Some(line), "{what}: {rule} at {lines:?}"),
            None => assert!(lines.is_empty(), "{what}: {rule} fired at {lines:?}"),
        }
    }
}

#[test]
fn a_placeholder_secret_value_names_its_key_and_value_and_says_what_to_do() {
    let text = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: web\n  namespace: shop\nstringData:\n  JWT_SECRET: REPLACE_ME\n";
    let found: Vec<Diagnostic> = validate("secret.yaml", text, &Options::default())
        .into_iter()
        .filter(|d| d.rule == "GK429")
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    let d = &found[0];
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(
        d.message,
        "key JWT_SECRET of Secret/web holds a placeholder \"REPLACE_ME\", which would replace the real value wherever this is applied"
    );
    assert_eq!(
        d.location,
        Location::Text {
            file: "secret.yaml".into(),
            line: 7,
            column: 3
        }
    );
    let fix = d.fix.as_ref().unwrap();
    assert!(fix.description.contains("kubectl create secret"), "{fix:?}");
    assert_eq!(fix.replacement_line, None);
}

#[test]
fn an_empty_config_map_data_section_is_fine() {
    let found = validate("cm.yaml", CONFIG_MAP, &Options::default());
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn an_alias_bomb_is_a_finding_not_a_hang() {
    let mut text = String::from("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\nx:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        text.push_str(&format!("  a{i}: &a{i} [{refs}]\n"));
    }
    text.push_str(
        "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: after\ndata:\n  k: on\n",
    );
    let found = validate("bomb.yaml", &text, &Options::default());
    assert!(found.iter().any(|d| d.rule == "GY002"), "{found:?}");
    assert!(
        found.iter().any(|d| d.rule == "GY004" && line(d) == 22),
        "the document after the bomb is still checked: {found:?}"
    );
}

#[test]
fn deep_nesting_is_a_finding() {
    let text = format!("a: {}{}\n", "[".repeat(500), "]".repeat(500));
    let found = validate("deep.yaml", &text, &Options::default());
    assert!(
        found.iter().any(|d| d.rule == "GY002" || d.rule == "GY001"),
        "{found:?}"
    );
}

#[test]
fn every_diagnostic_has_a_line_and_column() {
    for rule in rules() {
        for d in validate("x.yaml", rule.bad_example, &options_for(rule.bad_example)) {
            match d.location {
                Location::Text { line, column, .. } => assert!(line >= 1 && column >= 1, "{d:?}"),
                Location::Field { .. } => panic!("{d:?} has no text position"),
            }
            assert!(!d.message.ends_with('.'), "{}", d.message);
        }
    }
}

/// Every `k8s/*.yaml` file of a design, one by one and as one stream.
fn manifest_streams(design: &Design) -> Vec<(String, String)> {
    let files: Vec<(String, String)> = render(design)
        .into_iter()
        .filter(|f| {
            f.path.starts_with("k8s/")
                && f.path.ends_with(".yaml")
                && !f.path.ends_with("kustomization.yaml")
        })
        .map(|f| (f.path, f.contents))
        .collect();
    let all = files
        .iter()
        .filter(|(path, _)| path != "k8s/all.yaml")
        .map(|(_, text)| text.trim_end().trim_start_matches("---\n").to_owned())
        .collect::<Vec<_>>()
        .join("\n---\n");
    let mut streams = files;
    streams.push(("k8s/*.yaml as one stream".into(), all));
    streams
}

#[test]
fn generated_manifests_have_no_errors_or_warnings() {
    let mut designs = vec![("default".to_owned(), Design::default())];
    for preset in PRESETS {
        designs.push((
            preset.id.to_owned(),
            preset.design().expect("presets parse"),
        ));
    }
    for (name, design) in &designs {
        let version = design.cluster.kubernetes_version.clone();
        for (path, text) in manifest_streams(design) {
            for d in validate(&path, &text, &Options::for_version(&version)) {
                if d.severity == Severity::Info {
                    continue;
                }
                panic!("{name}: {}", d.to_line());
            }
        }
    }
}

#[test]
fn docs_list_every_rule() {
    let docs = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/rules/kubernetes.md"
    ))
    .unwrap();
    for rule in rules() {
        assert!(
            docs.contains(&format!("### {}", rule.id)),
            "{} is not documented",
            rule.id
        );
        // The section says what the rule says: its why and both examples, as written.
        let section = docs
            .split(&format!("### {}\n", rule.id))
            .nth(1)
            .and_then(|rest| rest.split("\n### ").next())
            .unwrap_or_default();
        for part in [rule.title, rule.bad_example, rule.good_example] {
            assert!(
                section.contains(part),
                "{}: the docs differ from {part:?}",
                rule.id
            );
        }
        let why: String = rule.why.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(section.contains(&why), "{}: the docs' why differs", rule.id);
    }
    for (ours, theirs) in gin_deploy::validate::kube::checkov_peers() {
        assert!(
            docs.contains(&format!("| {theirs} | {ours} |")),
            "the mapping {theirs} ↔ {ours} is not in the docs table"
        );
    }
    for (ours, theirs) in gin_deploy::validate::kube::checkov_supersets() {
        assert!(
            docs.contains(&format!("| {theirs} | {ours} |")),
            "the superset {theirs} ⊆ {ours} is not in the docs table"
        );
    }
}

/// Valid YAML with characters deleted, duplicated or swapped.
fn mangled() -> impl Strategy<Value = String> {
    let seeds: Vec<&'static str> = rules().iter().map(|r| r.bad_example).collect();
    (
        prop::sample::select(seeds),
        prop::collection::vec((any::<prop::sample::Index>(), 0u8..4, any::<char>()), 0..12),
    )
        .prop_map(|(seed, edits)| {
            let mut chars: Vec<char> = seed.chars().collect();
            for (at, op, c) in edits {
                if chars.is_empty() {
                    break;
                }
                let i = at.index(chars.len());
                match op {
                    0 => {
                        chars.remove(i);
                    }
                    1 => chars.insert(i, c),
                    2 => chars.insert(i, chars[i]),
                    _ => {
                        let j = (i + 1) % chars.len();
                        chars.swap(i, j);
                    }
                }
            }
            chars.into_iter().collect()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn no_text_makes_it_panic(text in "\\PC{0,200}") {
        let _ = validate("random.yaml", &text, &Options::default());
    }

    #[test]
    fn no_mangled_manifest_makes_it_panic(text in mangled()) {
        for d in validate("mangled.yaml", &text, &Options::default()) {
            let Location::Text { line, column, .. } = d.location else { panic!("{d:?}") };
            prop_assert!(line >= 1 && column >= 1);
            prop_assert!(line as usize <= text.lines().count() + 1, "{d:?}");
        }
    }

    #[test]
    fn any_design_generates_manifests_without_errors(design in common::design()) {
        for (path, text) in manifest_streams(&design) {
            let found = validate(&path, &text, &Options::for_version(&design.cluster.kubernetes_version));
            let errors: Vec<String> = found
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(Diagnostic::to_line)
                .collect();
            prop_assert!(errors.is_empty(), "{errors:?}\n{text}");
        }
    }
}

/// The line a finding's automatic fix puts in place of its own line, if it has one.
fn fixed_line(rule: &str, text: &str) -> Option<String> {
    validate("test.yaml", text, &Options::default())
        .into_iter()
        .find(|d| d.rule == rule)
        .and_then(|d| d.fix)
        .and_then(|f| f.replacement_line)
}

#[test]
fn misspelt_keys_and_yaml_1_1_traps_have_automatic_line_fixes() {
    let deployment = |container: &str| {
        format!(
            "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
    legacy: {container}
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27.0
          imagePulPolicy: Always
"
        )
    };
    let text = deployment("yes");
    assert_eq!(
        fixed_line("GK101", &text).as_deref(),
        Some("          imagePullPolicy: Always")
    );
    assert_eq!(
        fixed_line("GY004", &text).as_deref(),
        Some("    legacy: \"yes\"")
    );
    // Applying both fixes leaves neither finding, and nothing else changes.
    let found = validate("test.yaml", &text, &Options::default());
    let (fixed, changed) = gin_deploy::validate::apply_line_fixes(&text, "test.yaml", &found);
    assert_eq!(changed, 2);
    let left: Vec<&str> = validate("test.yaml", &fixed, &Options::default())
        .iter()
        .map(|d| d.rule)
        .filter(|r| ["GK101", "GY004"].contains(r))
        .collect();
    assert_eq!(left, Vec::<&str>::new(), "{fixed}");
    assert_eq!(fixed.lines().count(), text.lines().count());
}

#[test]
fn a_status_written_by_the_cluster_is_accepted_unchecked_while_the_spec_is_typed() {
    let text = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: \"2\"
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27.0
status:
  observedGeneration: 3
  conditions:
    - type: Available
      status: \"True\"
      lastTransitionTime: \"2026-11-27T10:00:00Z\"
  somethingNew: {a: 1}
";
    let found = validate("test.yaml", text, &Options::default());
    let typing: Vec<(u32, &str)> = found
        .iter()
        .filter(|d| ["GK101", "GK102", "GK103"].contains(&d.rule))
        .map(|d| (line(d), d.rule))
        .collect();
    assert_eq!(typing, [(7, "GK102")], "{found:#?}");
}

/// Found by `make fuzz` (kubernetes target): lone CRs are line breaks to YAML, so a
/// finding after them sits on a line that counting LFs alone would not reach. Every
/// finding stays within the text's lines as YAML counts them (CR LF, CR or LF).
#[test]
fn lone_carriage_returns_count_as_yaml_line_breaks() {
    let text = "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: web}\nrules:\n- apiGroups: [\"\"]\n  resources: [pods\r\r\r\r\r\rverbs: [get, list]\n";
    let found = validate("role.yaml", text, &Options::for_version("1.37"));
    let lines = 1 + text.replace("\r\n", "\n").matches(['\r', '\n']).count() as u32;
    assert!(!found.is_empty());
    for d in &found {
        let at = line(d);
        assert!(at >= 1 && at <= lines, "{d:?} outside {lines} lines");
    }
}

/// The streams a user pastes, for the opening's test: every fixture, every rule's
/// examples, every preset's manifests, and all the fixtures as one stream (where
/// objects refer to objects of other fixtures).
fn pasted_streams() -> Vec<(String, String)> {
    let mut streams = Vec::new();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/kube");
    // The streams, not the tools' recorded findings or the script that records them.
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    let mut all = String::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        all.push_str(&text);
        all.push_str("\n---\n");
        streams.push((path.display().to_string(), text));
    }
    streams.push(("every fixture".into(), all));
    // Streams whose first document could read otherwise once cut off: a quote or a
    // flow left open across the marker, directives before a marker, anchors.
    let cm = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: x}\n";
    for first in [
        "data: [1, 2\n",
        "data: \"abc\n",
        "data: 'abc\n",
        "data: &a {k: v}\n",
        "data:\n  k: |\n    text\n",
        "...\n%TAG ! tag:x,2000:\n",
        "...\n%YAML 1.2\n# a comment\n\n",
    ] {
        streams.push((
            format!("a ConfigMap with {first:?}"),
            format!("{cm}{first}---\n{cm}data: *a\n---\n{cm}"),
        ));
    }
    streams.push((
        "directives first".into(),
        format!("%YAML 1.2\n---\n{cm}---\n{cm}"),
    ));
    for rule in rules() {
        for (which, text) in [("bad", rule.bad_example), ("good", rule.good_example)] {
            streams.push((format!("{} {which} example", rule.id), text.to_owned()));
        }
    }
    for preset in PRESETS {
        let design = preset.design().unwrap();
        // k8s/all.yaml: every object of the bundle, once, as `kubectl apply` reads it.
        let all = render(&design)
            .into_iter()
            .find(|f| f.path == "k8s/all.yaml")
            .unwrap();
        streams.push((format!("preset {}", preset.id), all.contents));
    }
    streams
}

/// While a long pasted stream is checked, the page shows the findings of its first
/// documents checked on their own: every one of them must be a finding of the whole
/// stream, wherever the opening is cut.
#[test]
fn the_opening_of_a_stream_shows_only_findings_of_the_whole_stream() {
    let mut openings = 0;
    for (what, text) in pasted_streams() {
        let options = options_for(&text);
        let whole = validate("pasted.yaml", &text, &options);
        let mut from = 0;
        while let Some(opening) = validate_opening("pasted.yaml", &text, &options, from) {
            openings += 1;
            for d in &opening {
                assert!(
                    whole.contains(d),
                    "{what}, opening from byte {from}: {d:?} is not a finding of the whole stream"
                );
            }
            from = text[from..]
                .find("\n---")
                .map(|at| from + at + 2)
                .unwrap_or(text.len());
        }
    }
    assert!(openings > 100, "only {openings} openings checked");
}

/// Off the main thread or not, a long stream is checked a part at a time; in parts
/// of any size it must find what the check at once finds, in the same order.
#[test]
fn a_stream_checked_in_parts_finds_what_the_whole_check_finds() {
    let mut parts_checked = 0;
    for (what, text) in pasted_streams() {
        let options = options_for(&text);
        let whole = validate("pasted.yaml", &text, &options);
        for work in [1, 7, 60] {
            let mut checking = Checking::new("pasted.yaml".into(), text.clone(), &options);
            let mut parts = 1;
            while !checking.step(work) {
                parts += 1;
            }
            parts_checked += parts;
            assert_eq!(
                checking.finish().unwrap(),
                whole,
                "{what}, parts of {work} ({parts} parts)"
            );
        }
    }
    assert!(parts_checked > 10_000, "only {parts_checked} parts");
}

#[test]
fn a_stream_with_no_document_marker_after_the_opening_has_none() {
    let one = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: x}\n";
    let two = format!("{one}---\n{one}");
    assert_eq!(
        validate_opening("a.yaml", one, &Options::default(), 0),
        None
    );
    assert_eq!(
        validate_opening("a.yaml", &two, &Options::default(), two.len()),
        None
    );
    // The cut is the marker's line: the opening is the first document alone.
    let opening = validate_opening("a.yaml", &format!("{two}kind: [\n"), &Options::default(), 1);
    assert!(opening.is_some_and(|found| found.iter().all(|d| line(d) <= 3)));
}

#[test]
fn the_opening_keeps_directives_with_their_document_and_skips_a_stream_that_does_not_read() {
    let cm = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: x}\n";
    // The marker after `%YAML` opens the directives' document: the cut is the next.
    let directives = format!("%YAML 1.2\n---\n{cm}---\n{cm}");
    assert_eq!(
        validate_opening("a.yaml", &directives, &Options::default(), 1),
        Some(Vec::new())
    );
    // A quote left open runs on past the cut: the whole stream's check says how.
    let open_quote = format!("{cm}data: \"abc\n---\n{cm}");
    assert_eq!(
        validate_opening("a.yaml", &open_quote, &Options::default(), 1),
        None
    );
}
