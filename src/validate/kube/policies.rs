//! Security and reliability policies (`GK4xx`), the checkov / kube-score /
//! kube-linter family. Where a rule means what a checkov check means, it honours
//! checkov's skip annotations (`checkov.io/skip1: CKV_K8S_43=reason`) so one
//! annotation silences both tools.
//!
//! Rules about companions of a workload (a PodDisruptionBudget, a NetworkPolicy)
//! judge a stream only when it holds more than one object: a single-object file is
//! a part of a bundle, and its companions live in other files.
//!
//! Every policy reads a value only where the object [`Object::trusts`] it, so a value
//! of the wrong type elsewhere hides nothing, and a placeholder is never judged.
//! RBAC and ServiceAccount policies are in [`super::rbac`].

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler;
use k8s_openapi::api::core::v1::{Container, PodSpec, Probe, Secret, ServiceAccount};
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::objects::{Kind, Object, PodTemplate};
use super::references::Index;
use super::values::{containers, join};
use super::{Cx, Seg};
use crate::secret_value;
use crate::validate::{Rule, Severity};

/// Our policy rules and the checkov check with the same meaning.
pub const CHECKOV_PEERS: &[(&str, &str)] = &[
    ("GK401", "CKV_K8S_10"),
    ("GK402", "CKV_K8S_11"),
    ("GK403", "CKV_K8S_12"),
    ("GK404", "CKV_K8S_13"),
    ("GK405", "CKV_K8S_14"),
    ("GK406", "CKV_K8S_43"),
    ("GK407", "CKV_K8S_15"),
    ("GK408", "CKV_K8S_9"),
    ("GK409", "CKV_K8S_8"),
    ("GK410", "CKV_K8S_23"),
    ("GK411", "CKV_K8S_20"),
    ("GK412", "CKV_K8S_22"),
    ("GK413", "CKV_K8S_37"),
    ("GK414", "CKV_K8S_16"),
    ("GK415", "CKV_K8S_17"),
    ("GK416", "CKV_K8S_18"),
    ("GK417", "CKV_K8S_19"),
    ("GK419", "CKV_K8S_35"),
    ("GK424", "CKV_K8S_21"),
    ("GK426", "CKV_K8S_38"),
    ("GK427", "CKV_K8S_31"),
    ("GK428", "CKV_K8S_26"),
    ("GK430", "CKV_K8S_25"),
    ("GK442", "CKV_K8S_42"),
    ("GK443", "CKV_K8S_41"),
];

/// Our rules that find all a checkov check finds and more (more capabilities, more
/// sockets, every rule of a Role rather than the first): their skip annotations are
/// not honoured, since they would silence more than the check they name.
pub const CHECKOV_SUPERSETS: &[(&str, &str)] = &[
    ("GK431", "CKV_K8S_39"),
    ("GK433", "CKV_K8S_27"),
    ("GK438", "CKV_K8S_49"),
];

const fn policy(
    id: &'static str,
    title: &'static str,
    severity: Severity,
    why: &'static str,
    bad_example: &'static str,
    good_example: &'static str,
) -> Rule {
    Rule {
        id,
        title,
        severity,
        why,
        bad_example,
        good_example,
    }
}

pub const GK401: Rule = policy(
    "GK401",
    "container without a CPU request",
    Severity::Warning,
    "Without a CPU request the scheduler places the pod as if it needed nothing and it \
     gets the least CPU under contention. Peers: checkov CKV_K8S_10, kube-linter \
     unset-cpu-requirements, kube-score container-resources.",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    resources:\n      requests:\n        cpu: 100m\n",
);

pub const GK402: Rule = policy(
    "GK402",
    "container without a CPU limit",
    Severity::Warning,
    "A container without a CPU limit can take every core of its node. Peers: checkov \
     CKV_K8S_11, kube-score container-resources.",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    resources:\n      limits:\n        cpu: 500m\n",
);

pub const GK403: Rule = policy(
    "GK403",
    "container without a memory request",
    Severity::Warning,
    "Without a memory request the pod is scheduled onto nodes without room for it and is \
     the first evicted under pressure. Peers: checkov CKV_K8S_12, kube-linter \
     unset-memory-requirements, kube-score container-resources.",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    resources:\n      requests:\n        memory: 128Mi\n",
);

pub const GK404: Rule = policy(
    "GK404",
    "container without a memory limit",
    Severity::Warning,
    "A leak in a container without a memory limit takes down its neighbours instead of \
     only itself. Peers: checkov CKV_K8S_13, kube-score container-resources.",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    resources:\n      limits:\n        memory: 256Mi\n",
);

pub const GK405: Rule = policy(
    "GK405",
    "image tag latest or missing",
    Severity::Warning,
    "`latest` (or no tag) moves under you: two nodes may run different code and a \
     rollback is impossible. Peers: checkov CKV_K8S_14, kube-linter latest-tag, \
     kube-score container-image-tag, hadolint DL3007 for Dockerfiles.",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:latest\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n",
);

pub const GK406: Rule = policy(
    "GK406",
    "image not pinned by digest",
    Severity::Info,
    "A tag can be re-pushed; only a digest (`@sha256:…`) names exactly one image. \
     Peer: checkov CKV_K8S_43 (its skip annotation silences this rule too).",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27@sha256:0000000000000000000000000000000000000000000000000000000000000000\n",
);

pub const GK407: Rule = policy(
    "GK407",
    "imagePullPolicy is not Always",
    Severity::Warning,
    "With IfNotPresent a node keeps running a stale image for a re-pushed tag and skips \
     the registry's pull-secret check. Images pinned by digest are exempt. Peer: checkov \
     CKV_K8S_15.",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    imagePullPolicy: IfNotPresent\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    imagePullPolicy: Always\n",
);

pub const GK408: Rule = policy(
    "GK408",
    "container without a readiness probe",
    Severity::Warning,
    "Without a readiness probe a pod receives traffic as soon as it starts, before it \
     can answer, and during every rollout. Peers: checkov CKV_K8S_9, kube-linter \
     no-readiness-probe, kube-score pod-probes.",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    readinessProbe:\n      httpGet:\n        path: /readyz\n        port: 80\n",
);

pub const GK409: Rule = policy(
    "GK409",
    "container without a liveness probe",
    Severity::Warning,
    "Without a liveness probe a deadlocked process is never restarted. Peers: checkov \
     CKV_K8S_8, kube-linter no-liveness-probe, kube-score pod-probes.",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    livenessProbe:\n      httpGet:\n        path: /healthz\n        port: 80\n",
);

pub const GK410: Rule = policy(
    "GK410",
    "container may run as root",
    Severity::Warning,
    "Neither `runAsNonRoot: true` nor a non-zero `runAsUser` is set for the pod or the \
     container, so an image whose user is root runs as root. Peers: checkov CKV_K8S_23, \
     kube-linter run-as-non-root, kube-score container-security-context-user-group-id.",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  securityContext:\n    runAsNonRoot: true\n  containers:\n  - name: web\n    image: nginx:1.27\n",
);

pub const GK411: Rule = policy(
    "GK411",
    "privilege escalation not disabled",
    Severity::Warning,
    "Unless `allowPrivilegeEscalation: false`, a setuid binary in the image can gain more \
     privileges than the container started with. Peers: checkov CKV_K8S_20, kube-linter \
     privilege-escalation-container.",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    securityContext:\n      allowPrivilegeEscalation: false\n",
);

pub const GK412: Rule = policy(
    "GK412",
    "root filesystem is writable",
    Severity::Warning,
    "A read-only root filesystem stops an intruder from replacing binaries; write to \
     mounted volumes instead. Peers: checkov CKV_K8S_22, kube-linter \
     no-read-only-root-fs, kube-score container-security-context-readonlyrootfilesystem.",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    securityContext:\n      readOnlyRootFilesystem: true\n",
);

pub const GK413: Rule = policy(
    "GK413",
    "capabilities not dropped",
    Severity::Warning,
    "Containers start with a default set of Linux capabilities (NET_RAW among them); a \
     web service needs none. Drop ALL and add back only what is needed. Peers: checkov \
     CKV_K8S_37 (and CKV_K8S_28 for NET_RAW).",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    securityContext:\n      capabilities:\n        drop: [ALL]\n",
);

pub const GK414: Rule = policy(
    "GK414",
    "privileged container",
    Severity::Error,
    "A privileged container has every capability and the host's devices: escaping it is \
     trivial. Peers: checkov CKV_K8S_16, kube-linter privileged-container, kube-score \
     container-security-context-privileged.",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    securityContext:\n      privileged: true\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    securityContext:\n      privileged: false\n",
);

pub const GK415: Rule = policy(
    "GK415",
    "pod shares the host's process namespace",
    Severity::Error,
    "With `hostPID: true` the pod sees and can signal every process of the node. Peers: \
     checkov CKV_K8S_17, kube-linter host-pid.",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  hostPID: true\n  containers:\n  - name: web\n    image: nginx:1.27\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n",
);

pub const GK416: Rule = policy(
    "GK416",
    "pod shares the host's IPC namespace",
    Severity::Error,
    "With `hostIPC: true` the pod reads the shared memory of every process of the node. \
     Peers: checkov CKV_K8S_18, kube-linter host-ipc.",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  hostIPC: true\n  containers:\n  - name: web\n    image: nginx:1.27\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n",
);

pub const GK417: Rule = policy(
    "GK417",
    "pod uses the host's network",
    Severity::Error,
    "With `hostNetwork: true` the pod binds the node's interfaces and bypasses \
     NetworkPolicies. Peers: checkov CKV_K8S_19, kube-linter host-network.",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  hostNetwork: true\n  containers:\n  - name: web\n    image: nginx:1.27\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n",
);

pub const GK418: Rule = policy(
    "GK418",
    "secret written as a literal env value",
    Severity::Error,
    "An env var named like a secret (PASSWORD, TOKEN, SECRET, API_KEY…) with a literal \
     `value` puts the secret in the manifest, the repository and `kubectl describe`. Use \
     a Secret. Peer: kube-linter env-var-secret.",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    env:\n    - name: DB_PASSWORD\n      value: hunter2\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    volumeMounts:\n    - name: secrets\n      mountPath: /etc/web\n      readOnly: true\n  volumes:\n  - name: secrets\n    secret:\n      secretName: web\n",
);

pub const GK419: Rule = policy(
    "GK419",
    "Secret passed as environment variables",
    Severity::Warning,
    "Environment variables leak into crash dumps, child processes and logs; mounting the \
     Secret as files keeps it out of them and lets it rotate without a restart. Peer: \
     checkov CKV_K8S_35.",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    envFrom:\n    - secretRef:\n        name: web\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    volumeMounts:\n    - name: secrets\n      mountPath: /etc/web\n      readOnly: true\n  volumes:\n  - name: secrets\n    secret:\n      secretName: web\n",
);

/// The annotation that records why a workload runs a single replica.
pub const SINGLE_REPLICA_NOTE: &str = "gin-deploy.dev/single-replica";

pub const GK420: Rule = policy(
    "GK420",
    "single replica without a note",
    Severity::Warning,
    "One replica means downtime at every rollout, node drain or crash. When that is \
     intended, say why in the `gin-deploy.dev/single-replica` annotation; an HPA with \
     minReplicas of 2 or more also counts. Peer: kube-linter minimum-three-replicas \
     (with 3).",
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n",
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  annotations:\n    gin-deploy.dev/single-replica: a preview environment\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n",
);

pub const GK421: Rule = policy(
    "GK421",
    "replicated workload without a PodDisruptionBudget",
    Severity::Warning,
    "Without a PodDisruptionBudget a node drain may evict every replica at once. \
     Judged on streams of more than one object. Peer: kube-score \
     deployment-has-poddisruptionbudget.",
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n",
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  minAvailable: 2\n  selector:\n    matchLabels:\n      app: web\n",
);

pub const GK422: Rule = policy(
    "GK422",
    "Service exposed on every node (NodePort)",
    Severity::Warning,
    "A NodePort Service opens a port on every node, outside the Ingress and its TLS. \
     Peers: kube-score service-type, kube-linter exposed-services.",
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  ports:\n  - port: 80\n",
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: ClusterIP\n  ports:\n  - port: 80\n",
);

pub const GK423: Rule = policy(
    "GK423",
    "Ingress without TLS",
    Severity::Warning,
    "Without a `tls` section the Ingress serves plain HTTP: credentials and cookies \
     cross the network readable. No exact peer (checkov and kube-score do not check it).",
    "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  rules:\n  - host: web.example.com\n",
    "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  tls:\n  - hosts: [web.example.com]\n    secretName: web-tls\n  rules:\n  - host: web.example.com\n",
);

pub const GK424: Rule = policy(
    "GK424",
    "object in the default namespace",
    Severity::Warning,
    "Objects without a namespace (or in `default`) land wherever kubectl's context \
     points, mix with everything else there and escape namespace-scoped policies and \
     quotas. Peer: checkov CKV_K8S_21.",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  namespace: shop\n",
);

pub const GK425: Rule = policy(
    "GK425",
    "pods not selected by any NetworkPolicy",
    Severity::Warning,
    "Pods no NetworkPolicy selects accept traffic from every pod of the cluster. Judged \
     on streams of more than one object. Peer: kube-score pod-networkpolicy.",
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n",
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web\nspec:\n  podSelector:\n    matchLabels:\n      app: web\n  policyTypes: [Ingress]\n",
);

pub const GK426: Rule = policy(
    "GK426",
    "service account token mounted",
    Severity::Warning,
    "Pods get an API token mounted by default; a web service that never calls the \
     Kubernetes API should not carry one. Peer: checkov CKV_K8S_38.",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  automountServiceAccountToken: false\n  containers:\n  - name: web\n    image: nginx:1.27\n",
);

pub const GK427: Rule = policy(
    "GK427",
    "seccomp profile not RuntimeDefault",
    Severity::Warning,
    "Without a seccomp profile every system call is allowed; RuntimeDefault blocks the \
     ones containers never need. Peer: checkov CKV_K8S_31.",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n  containers:\n  - name: web\n    image: nginx:1.27\n",
);

pub const GK428: Rule = policy(
    "GK428",
    "container binds a host port",
    Severity::Warning,
    "A hostPort ties the pod to nodes where the port is free and exposes it on the node's \
     address. Peer: checkov CKV_K8S_26.",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    ports:\n    - containerPort: 80\n      hostPort: 80\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    ports:\n    - containerPort: 80\n",
);

pub const GK429: Rule = policy(
    "GK429",
    "Secret value is a placeholder or a published key",
    Severity::Error,
    "A Secret whose value stands in for a real one (`REPLACE_ME`, `changeme`, `TODO`, \
     `xxx`, `<...>`, `${...}`) or is the development JWT key Gin Deploy Playground \
     publishes replaces the real Secret each time it is applied, and a service that does \
     not check its keys then starts with a credential anyone can guess: anyone can mint \
     tokens, database logins fail. Create the Secret once from your secret store \
     (`kubectl create secret`, External Secrets, Sealed Secrets) and keep it out of the \
     manifests a deploy applies. Whole values are compared, case, spaces, `-`, `_` and \
     `.` ignored; `data` values are decoded first. No checkov peer: its secrets \
     framework looks for real credentials, the opposite mistake.",
    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: web\n  namespace: shop\nstringData:\n  JWT_SECRET: REPLACE_ME\n",
    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: web\n  namespace: shop\ndata:\n  JWT_SECRET: K0tmZWdQYnFPeEwrU3BwcnpYY2N0WExENlBJcW1HUzBtWUJxMEtJbHduND0=\n",
);

pub const GK430: Rule = policy(
    "GK430",
    "container adds capabilities",
    Severity::Warning,
    "The default capability set is already more than a web service needs; every added \
     capability widens what an intruder can do from inside the container. Peer: checkov \
     CKV_K8S_25.",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    securityContext:\n      capabilities:\n        add: [NET_BIND_SERVICE]\n        drop: [ALL]\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    securityContext:\n      capabilities:\n        drop: [ALL]\n",
);

pub const GK431: Rule = policy(
    "GK431",
    "container adds a capability as strong as root",
    Severity::Error,
    "`SYS_ADMIN` mounts filesystems and is the usual way out of a container, \
     `NET_ADMIN` rewrites the node's routes and firewall, `ALL` is every capability: \
     each makes the container root's equal on the node. Peers: Polaris \
     dangerousCapabilities (the same three); checkov CKV_K8S_39 (SYS_ADMIN only).",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    securityContext:\n      capabilities:\n        add: [SYS_ADMIN]\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    securityContext:\n      capabilities:\n        drop: [ALL]\n",
);

pub const GK432: Rule = policy(
    "GK432",
    "hostPath volume",
    Severity::Warning,
    "A hostPath volume reads (and, unless read-only, writes) the node's own files, ties \
     the pod to whatever that node holds and bypasses storage quotas; use a ConfigMap, a \
     Secret, an emptyDir or a PersistentVolumeClaim. Peers: Polaris hostPathSet (as the \
     issue names it), kube-linter sensitive-host-mounts.",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n  volumes:\n  - name: logs\n    hostPath:\n      path: /var/log\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n  volumes:\n  - name: logs\n    emptyDir: {}\n",
);

pub const GK433: Rule = policy(
    "GK433",
    "container runtime socket mounted",
    Severity::Error,
    "Whoever reaches the Docker, containerd or CRI-O socket starts containers on the node \
     as root: mounting it (or the folder that holds it) hands the node to the pod, \
     read-only or not. Peers: checkov CKV_K8S_27 (/var/run/docker.sock only), \
     kube-linter docker-sock.",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n  volumes:\n  - name: docker\n    hostPath:\n      path: /var/run/docker.sock\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n  volumes:\n  - name: cache\n    emptyDir: {}\n",
);

pub const GK434: Rule = policy(
    "GK434",
    "liveness probe repeats the readiness probe",
    Severity::Warning,
    "When the liveness probe asks what the readiness probe asks and fails as soon, a pod \
     that is only overloaded is restarted instead of resting out of rotation, and the \
     restarts cascade through the replicas. Kubernetes' own advice: reuse the endpoint \
     if you like, with a higher failureThreshold for liveness. Peer: kube-score \
     pod-probes (identical probes).",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    readinessProbe:\n      httpGet:\n        path: /healthz\n        port: 80\n    livenessProbe:\n      httpGet:\n        path: /healthz\n        port: 80\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    readinessProbe:\n      httpGet:\n        path: /healthz\n        port: 80\n    livenessProbe:\n      httpGet:\n        path: /healthz\n        port: 80\n      failureThreshold: 6\n",
);

pub const GK435: Rule = policy(
    "GK435",
    "replicas set on a workload an autoscaler scales",
    Severity::Warning,
    "The HorizontalPodAutoscaler owns the replica count; a `replicas` in the manifest \
     resets it at every apply, scaling a busy service down until the autoscaler reacts. \
     Peer: kube-score deployment-targeted-by-hpa-does-not-have-replicas-configured.",
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n  minReplicas: 2\n  maxReplicas: 5\n",
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n  minReplicas: 2\n  maxReplicas: 5\n",
);

pub const GK436: Rule = policy(
    "GK436",
    "autoscaler may scale down to one pod",
    Severity::Warning,
    "With minReplicas 1 (the default) a quiet hour leaves one pod, and the next rollout, \
     node drain or crash is downtime. When that is intended, say why in the \
     `gin-deploy.dev/single-replica` annotation. Peer: Polaris hpaMinAvailability.",
    "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n  minReplicas: 1\n  maxReplicas: 5\n",
    "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n  minReplicas: 2\n  maxReplicas: 5\n",
);

pub const GK437: Rule = policy(
    "GK437",
    "PodDisruptionBudget allows no disruption",
    Severity::Warning,
    "`maxUnavailable: 0`, `minAvailable: 100%`, or a minAvailable as high as the pods \
     the workload runs (its replicas, or its autoscaler's minimum) lets no pod be evicted: \
     `kubectl drain` waits forever and node upgrades stall. Peers: Polaris \
     pdbDisruptionsIsZero (read from the cluster's status) and \
     pdbMinAvailableGreaterThanHPAMinReplicas.",
    "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  maxUnavailable: 0\n  selector:\n    matchLabels:\n      app: web\n",
    "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app: web\n",
);

pub const GK441: Rule = policy(
    "GK441",
    "workload runs as the default ServiceAccount with its token",
    Severity::Warning,
    "Every pod of a namespace that names no ServiceAccount runs as `default`, so a \
     binding granted to it for one workload is granted to all of them, and a pod with \
     the token mounted can use it. Give a workload that calls the API a ServiceAccount \
     of its own; one that does not should not mount a token (`GK426`). Peers: kube-linter \
     default-service-account; checkov CKV_K8S_41/CKV_K8S_42 judge the ServiceAccount \
     and its bindings (`GK443`, `GK442`).",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  serviceAccountName: web\n  containers:\n  - name: web\n    image: nginx:1.27\n",
);

/// Kinds checkov's CKV_K8S_21 judges (namespaced kinds users write).
const NAMESPACED: &[&str] = &[
    "Pod",
    "Deployment",
    "DaemonSet",
    "StatefulSet",
    "ReplicaSet",
    "ReplicationController",
    "Job",
    "CronJob",
    "Service",
    "Secret",
    "ServiceAccount",
    "Role",
    "RoleBinding",
    "ConfigMap",
    "Ingress",
];

/// Runs the policies on the objects of `run`, with every object of the stream in view.
pub fn check(cx: &mut Cx<'_, '_>, objects: &[Object<'_>], index: &Index<'_>, run: Range<usize>) {
    let whole_stream = objects.len() > 1;
    let (with_pdb, with_policy, policy_unsure) = companions(objects, index);
    let hpas = hpa_targets(objects);
    for (i, object) in objects.iter().enumerate().take(run.end).skip(run.start) {
        let skips = Skips::of(cx, object);
        if NAMESPACED.contains(&object.kind)
            && matches!(object.namespace, None | Some("default"))
            && !built_in_default(object)
        {
            skips.report(
                cx,
                &GK424,
                object,
                &[Seg::K("metadata")],
                match object.namespace {
                    Some(_) => format!("{} is in the default namespace", object.display()),
                    None => format!(
                        "{} has no namespace, so it lands in the current (often default) one",
                        object.display()
                    ),
                },
            );
        }
        if let Some(pod) = object.pod() {
            let account = account_of(objects, index, object, &pod);
            pod_policies(cx, &skips, object, &pod, account);
            if whole_stream
                && !with_policy.contains(&i)
                && !policy_unsure
                && object.trusts(&join(pod.metadata_path, &[Seg::K("labels")]))
            {
                cx.on(
                    &GK425,
                    object.root,
                    pod.metadata_path,
                    format!(
                        "no NetworkPolicy of the stream selects the pods of {}",
                        object.display()
                    ),
                );
            }
        }
        replica_policies(cx, object, i, whole_stream, &with_pdb, &hpas);
        match object.typed.as_ref() {
            Some(Kind::Secret(secret)) => unfit_secret_values(cx, object, secret),
            Some(Kind::Service(s))
                if s.spec.as_ref().and_then(|s| s.type_.as_deref()) == Some("NodePort")
                    && object.trusts(&[Seg::K("spec"), Seg::K("type")]) =>
            {
                cx.on(
                    &GK422,
                    object.root,
                    &[Seg::K("spec"), Seg::K("type")],
                    format!(
                        "{} is a NodePort Service, open on every node",
                        object.display()
                    ),
                );
            }
            Some(Kind::Ingress(ing)) => {
                let tls = ing
                    .spec
                    .as_ref()
                    .and_then(|s| s.tls.as_ref())
                    .is_some_and(|t| !t.is_empty());
                if !tls && object.trusts(&[Seg::K("spec"), Seg::K("tls")]) {
                    cx.on(
                        &GK423,
                        object.root,
                        &[Seg::K("spec")],
                        format!(
                            "{} has no tls section: it serves plain HTTP",
                            object.display()
                        ),
                    );
                }
            }
            Some(Kind::HorizontalPodAutoscaler(h)) => hpa_floor(cx, object, h),
            Some(Kind::PodDisruptionBudget(p)) => {
                pdb_allows_nothing(cx, objects, index, object, p, &hpas)
            }
            _ => {}
        }
    }
}

/// Objects the API server creates in the default namespace itself: the `default`
/// ServiceAccount and the `kubernetes` Service (as `kubectl get -o yaml` prints them).
fn built_in_default(object: &Object<'_>) -> bool {
    match (object.kind, object.name) {
        ("ServiceAccount", Some("default")) => true,
        ("Service", Some("kubernetes")) => object.namespace == Some("default"),
        _ => false,
    }
}

/// The ServiceAccount of the stream the pods run as, if the stream holds it.
fn account_of<'x>(
    objects: &'x [Object<'x>],
    index: &Index<'_>,
    object: &Object<'_>,
    pod: &PodTemplate<'_>,
) -> Option<&'x ServiceAccount> {
    if !index.has_kind("ServiceAccount") {
        return None;
    }
    let name = service_account_name(pod.spec);
    match index
        .find(objects, "ServiceAccount", object.namespace, name)?
        .typed
        .as_ref()?
    {
        Kind::ServiceAccount(account) => Some(account),
        _ => None,
    }
}

/// The ServiceAccount a pod runs as: `serviceAccountName`, the deprecated
/// `serviceAccount`, or `default`.
pub(crate) fn service_account_name(spec: &PodSpec) -> &str {
    #[allow(deprecated)]
    let old = spec.service_account.as_deref();
    spec.service_account_name
        .as_deref()
        .or(old)
        .filter(|n| !n.is_empty())
        .unwrap_or("default")
}

/// `GK420`, `GK421`, `GK435`: the replica count of Deployments and StatefulSets.
fn replica_policies(
    cx: &mut Cx<'_, '_>,
    object: &Object<'_>,
    i: usize,
    whole_stream: bool,
    with_pdb: &HashSet<usize>,
    hpas: &HashMap<(&str, &str), Hpa>,
) {
    let replicas = match object.typed.as_ref() {
        Some(Kind::Deployment(d)) => d.spec.replicas,
        Some(Kind::StatefulSet(s)) => s.spec.replicas,
        _ => return,
    };
    let at = [Seg::K("spec"), Seg::K("replicas")];
    if !object.trusts(&at) {
        return;
    }
    let hpa = object.name.and_then(|n| hpas.get(&(object.kind, n)));
    if let (Some(hpa), Some(replicas)) = (hpa, replicas) {
        cx.on_fix(
            &GK435,
            object.root,
            &at,
            format!(
                "{} sets replicas: {replicas} although {} scales it: every apply resets the count the autoscaler chose",
                object.display(),
                hpa.display
            ),
            "leave replicas out and let the HorizontalPodAutoscaler own the count".into(),
        );
    }
    let Some(count) = hpa.map(|h| h.min).or(replicas) else {
        // An unset `replicas` is the documented way to hand the count to an HPA; in
        // a lone file the HPA may simply be in another file, so only a whole stream
        // without one makes the default of 1 a finding.
        if whole_stream {
            single_replica(cx, object, 1);
        }
        return;
    };
    if hpa.is_none() && count < 2 {
        // An HPA's own floor is GK436's to judge, on the HPA.
        single_replica(cx, object, count);
    }
    if whole_stream && count >= 2 && !with_pdb.contains(&i) {
        cx.on(
            &GK421,
            object.root,
            &at,
            format!(
                "{} runs {count} replicas but no PodDisruptionBudget of the stream selects its pods",
                object.display()
            ),
        );
    }
}

/// `GK420`, unless the object says why it runs one replica.
fn single_replica(cx: &mut Cx<'_, '_>, object: &Object<'_>, count: i32) {
    let noted = cx
        .stream
        .get(object.root, "metadata")
        .and_then(|m| cx.stream.get(m, "annotations"))
        .and_then(|a| cx.stream.get_str(a, SINGLE_REPLICA_NOTE))
        .is_some();
    if noted {
        return;
    }
    let runs = match count {
        1 => "runs 1 replica".to_owned(),
        n => format!("runs {n} replicas"),
    };
    cx.on_fix(
        &GK420,
        object.root,
        &[Seg::K("spec"), Seg::K("replicas")],
        format!(
            "{} {runs}, so every rollout or drain is downtime",
            object.display()
        ),
        format!("run 2 or more, or say why in the annotation {SINGLE_REPLICA_NOTE}"),
    );
}

/// `GK436`: an autoscaler that may scale down to one pod.
fn hpa_floor(cx: &mut Cx<'_, '_>, object: &Object<'_>, hpa: &HorizontalPodAutoscaler) {
    let at = [Seg::K("spec"), Seg::K("minReplicas")];
    let min = hpa.spec.min_replicas.unwrap_or(1);
    let noted = cx
        .stream
        .get(object.root, "metadata")
        .and_then(|m| cx.stream.get(m, "annotations"))
        .and_then(|a| cx.stream.get_str(a, SINGLE_REPLICA_NOTE))
        .is_some();
    if min != 1 || noted || !object.trusts(&at) {
        return;
    }
    let how = if hpa.spec.min_replicas.is_some() {
        "minReplicas 1"
    } else {
        "no minReplicas (1 by default)"
    };
    cx.on_fix(
        &GK436,
        object.root,
        &at,
        format!(
            "{} has {how}: when load is low one pod serves, so every rollout or node drain is downtime",
            object.display()
        ),
        format!("set minReplicas: 2 or more, or say why in the annotation {SINGLE_REPLICA_NOTE}"),
    );
}

/// `GK437`: a PodDisruptionBudget that lets no pod be evicted.
fn pdb_allows_nothing(
    cx: &mut Cx<'_, '_>,
    objects: &[Object<'_>],
    index: &Index<'_>,
    object: &Object<'_>,
    pdb: &PodDisruptionBudget,
    hpas: &HashMap<(&str, &str), Hpa>,
) {
    let Some(spec) = pdb.spec.as_ref() else {
        return;
    };
    let blocks = |field: &'static str, why: String| (field, why);
    let finding = match (&spec.max_unavailable, &spec.min_available) {
        (Some(IntOrString::Int(0)), _) => Some(blocks(
            "maxUnavailable",
            "maxUnavailable 0 lets no pod be evicted".into(),
        )),
        (Some(IntOrString::String(p)), _) if percent(p) == Some(0) => Some(blocks(
            "maxUnavailable",
            format!("maxUnavailable {p} lets no pod be evicted"),
        )),
        (_, Some(IntOrString::String(p))) if percent(p) == Some(100) => Some(blocks(
            "minAvailable",
            format!("minAvailable {p} keeps every pod"),
        )),
        (_, Some(IntOrString::Int(min))) if *min > 0 => {
            // Against the fewest pods each selected workload runs, when the stream says.
            let selector = spec
                .selector
                .as_ref()
                .filter(|_| object.trusts(&[Seg::K("spec"), Seg::K("selector")]));
            selector
                .into_iter()
                .flat_map(|s| index.select(object.namespace, s))
                .filter_map(|w| fewest_pods(&objects[w], hpas).map(|n| (w, n)))
                .find(|(_, n)| *min >= *n)
                .map(|(w, n)| {
                    blocks(
                        "minAvailable",
                        format!(
                            "minAvailable {min} is not below the {n} pods {} runs at its fewest",
                            objects[w].display()
                        ),
                    )
                })
        }
        _ => None,
    };
    let Some((field, why)) = finding else { return };
    let at = [Seg::K("spec"), Seg::K(field)];
    if object.trusts(&at) {
        cx.on_fix(
            &GK437,
            object.root,
            &at,
            format!(
                "{} allows no disruption: {why}, so kubectl drain waits forever and node upgrades stall",
                object.display()
            ),
            "let at least one pod move: maxUnavailable 1, or minAvailable below the replica count".into(),
        );
    }
}

/// The whole percentage of an IntOrString written as `50%`.
fn percent(text: &str) -> Option<u32> {
    text.trim().strip_suffix('%')?.trim().parse().ok()
}

/// The fewest pods a Deployment or StatefulSet runs: its HPA's minimum or replicas.
fn fewest_pods(object: &Object<'_>, hpas: &HashMap<(&str, &str), Hpa>) -> Option<i32> {
    if !object.trusts(&[Seg::K("spec"), Seg::K("replicas")]) {
        return None;
    }
    let replicas = match object.typed.as_ref()? {
        Kind::Deployment(d) => d.spec.replicas,
        Kind::StatefulSet(s) => s.spec.replicas,
        Kind::ReplicaSet(r) => r.spec.replicas,
        _ => return None,
    };
    object
        .name
        .and_then(|n| hpas.get(&(object.kind, n)))
        .map(|h| h.min)
        .or(replicas)
        .or(Some(1))
}

/// GK429: every `stringData` value, and every `data` value once decoded, that is a
/// placeholder or the published development key. A `data` value that is not UTF-8
/// text is binary, so never a placeholder.
fn unfit_secret_values(cx: &mut Cx<'_, '_>, object: &Object<'_>, secret: &Secret) {
    let string_data = secret
        .string_data
        .iter()
        .flatten()
        .map(|(key, value)| ("stringData", key, Some(value.as_str())));
    let data = secret
        .data
        .iter()
        .flatten()
        .map(|(key, value)| ("data", key, std::str::from_utf8(&value.0).ok()));
    for (field, key, value) in string_data.chain(data) {
        if !object.trusts(&[Seg::K(field), Seg::K(key)]) {
            continue;
        }
        let Some(why) = value.and_then(secret_value::unfit) else {
            continue;
        };
        let what = match value {
            Some(value) if secret_value::is_placeholder(value) => format!("{why} {value:?}"),
            _ => why.to_owned(),
        };
        cx.on_fix(
            &GK429,
            object.root,
            &[Seg::K(field), Seg::K(key)],
            format!(
                "key {key} of {} holds {what}, which would replace the real value wherever this is applied",
                object.display()
            ),
            "create the Secret in the cluster from your secret store (kubectl create secret, \
             External Secrets or Sealed Secrets) and leave it out of the applied manifests"
                .into(),
        );
    }
}

/// The workloads a PodDisruptionBudget covers, those a NetworkPolicy selects, and
/// whether a NetworkPolicy's selector is a placeholder (so any pod may be selected).
fn companions(objects: &[Object<'_>], index: &Index<'_>) -> (HashSet<usize>, HashSet<usize>, bool) {
    let mut pdb = HashSet::new();
    let mut policy = HashSet::new();
    let mut policy_unsure = false;
    for object in objects {
        match object.typed.as_ref() {
            Some(Kind::PodDisruptionBudget(p)) => {
                if let Some(selector) = p.spec.as_ref().and_then(|s| s.selector.as_ref()) {
                    pdb.extend(index.select(object.namespace, selector));
                }
            }
            Some(Kind::NetworkPolicy(n)) => {
                if !object.trusts(&[Seg::K("spec"), Seg::K("podSelector")]) {
                    policy_unsure = true;
                }
                let selector = n
                    .spec
                    .as_ref()
                    .and_then(|s| s.pod_selector.clone())
                    .unwrap_or_default();
                policy.extend(index.select(object.namespace, &selector));
            }
            _ => {}
        }
    }
    (pdb, policy, policy_unsure)
}

/// An autoscaler of the stream, as its target sees it.
struct Hpa {
    min: i32,
    /// `HorizontalPodAutoscaler/name`, for messages.
    display: String,
}

/// Every HPA target by (kind, name), with the autoscaler's minimum.
fn hpa_targets<'o>(objects: &'o [Object<'o>]) -> HashMap<(&'o str, &'o str), Hpa> {
    objects
        .iter()
        .filter_map(|o| match o.typed.as_ref() {
            Some(Kind::HorizontalPodAutoscaler(h))
                if o.trusts(&[Seg::K("spec"), Seg::K("scaleTargetRef")]) =>
            {
                let target = &h.spec.scale_target_ref;
                let min = if o.trusts(&[Seg::K("spec"), Seg::K("minReplicas")]) {
                    h.spec.min_replicas.unwrap_or(1)
                } else {
                    // Unknown while it is of the wrong type; 2 says nothing of it.
                    2
                };
                Some((
                    (target.kind.as_str(), target.name.as_str()),
                    Hpa {
                        min,
                        display: o.display(),
                    },
                ))
            }
            _ => None,
        })
        .collect()
}

/// The checkov checks an object's annotations skip.
struct Skips {
    checks: Vec<String>,
}

impl Skips {
    fn of(cx: &Cx<'_, '_>, object: &Object<'_>) -> Skips {
        let stream = cx.stream;
        let annotations = stream
            .get(object.root, "metadata")
            .and_then(|m| stream.get(m, "annotations"));
        let checks = annotations
            .map(|a| {
                stream
                    .entries(a)
                    .iter()
                    .filter(|(k, _)| {
                        stream
                            .text(*k)
                            .is_some_and(|k| k.starts_with("checkov.io/skip"))
                    })
                    .filter_map(|(_, v)| stream.text(*v))
                    .map(|v| v.split('=').next().unwrap_or_default().trim().to_owned())
                    .collect()
            })
            .unwrap_or_default();
        Skips { checks }
    }

    fn skips(&self, rule: &Rule) -> bool {
        CHECKOV_PEERS
            .iter()
            .any(|(ours, theirs)| *ours == rule.id && self.checks.iter().any(|c| c == theirs))
    }

    fn report(
        &self,
        cx: &mut Cx<'_, '_>,
        rule: &Rule,
        object: &Object<'_>,
        path: &[Seg<'_>],
        message: String,
    ) {
        if !self.skips(rule) {
            cx.on(rule, object.root, path, message);
        }
    }
}

/// Splits an image reference into (tag, has digest).
fn image_tag(image: &str) -> (Option<&str>, bool) {
    let (name, digest) = match image.split_once('@') {
        Some((n, _)) => (n, true),
        None => (image, false),
    };
    let last = name.rsplit('/').next().unwrap_or(name);
    (last.split_once(':').map(|(_, tag)| tag), digest)
}

/// Container runtime sockets (and the folders that hold them): whoever reaches one
/// starts containers on the node as root.
const RUNTIME_SOCKETS: &[&str] = &[
    "/var/run/docker.sock",
    "/run/docker.sock",
    "/var/run/containerd/containerd.sock",
    "/run/containerd/containerd.sock",
    "/var/run/crio/crio.sock",
    "/run/crio/crio.sock",
    "/var/run/cri-dockerd.sock",
    "/var/run",
    "/run",
    "/var/run/containerd",
    "/run/containerd",
    "/var/run/crio",
    "/run/crio",
];

/// Capabilities that make a container as strong as root on the node (Polaris'
/// dangerousCapabilities).
const DANGEROUS_CAPABILITIES: &[&str] = &["ALL", "SYS_ADMIN", "NET_ADMIN"];

/// A capability as the kernel names it without `CAP_`, in capitals.
fn capability(name: &str) -> String {
    let upper = name.trim().to_ascii_uppercase();
    upper
        .strip_prefix("CAP_")
        .map_or(upper.clone(), str::to_owned)
}

fn pod_policies(
    cx: &mut Cx<'_, '_>,
    skips: &Skips,
    object: &Object<'_>,
    pod: &PodTemplate<'_>,
    account: Option<&ServiceAccount>,
) {
    let spec = pod.spec;
    let spec_path = pod.spec_path;
    let trusts = |more: &[Seg<'_>]| object.trusts(&join(spec_path, more));
    let is_job = matches!(object.typed, Some(Kind::Job(_)) | Some(Kind::CronJob(_)));
    for (flag, rule, what) in [
        (spec.host_pid, &GK415, "hostPID"),
        (spec.host_ipc, &GK416, "hostIPC"),
        (spec.host_network, &GK417, "hostNetwork"),
    ] {
        if flag == Some(true) {
            skips.report(
                cx,
                rule,
                object,
                &join(spec_path, &[Seg::K(what)]),
                format!("{} sets {what}: true", object.display()),
            );
        }
    }
    // The pod's own setting wins; without one, the ServiceAccount's (when the stream
    // holds it) decides.
    let automount = spec
        .automount_service_account_token
        .or(account.and_then(|a| a.automount_service_account_token));
    let token_mounted = automount != Some(false);
    if token_mounted && trusts(&[Seg::K("automountServiceAccountToken")]) {
        let account_name = service_account_name(spec);
        let why = match account {
            Some(_) => format!(
                "neither it nor ServiceAccount {account_name} sets automountServiceAccountToken: false"
            ),
            None => "set automountServiceAccountToken: false".to_owned(),
        };
        skips.report(
            cx,
            &GK426,
            object,
            spec_path,
            format!("{} mounts a service account token; {why}", object.display()),
        );
        if account_name == "default"
            && trusts(&[Seg::K("serviceAccountName")])
            && trusts(&[Seg::K("serviceAccount")])
        {
            cx.on_fix(
                &GK441,
                object.root,
                spec_path,
                format!(
                    "{} runs as the default ServiceAccount with its token mounted, so it holds whatever any binding grants every pod of the namespace",
                    object.display()
                ),
                "create a ServiceAccount for it and set serviceAccountName, or set automountServiceAccountToken: false if it never calls the API".into(),
            );
        }
    }
    let pod_security = spec.security_context.as_ref();
    let pod_seccomp = pod_security
        .and_then(|s| s.seccomp_profile.as_ref())
        .map(|p| p.type_.as_str());
    let containers_seccomp_ok = !spec.containers.is_empty()
        && spec.containers.iter().all(|c| {
            c.security_context
                .as_ref()
                .and_then(|s| s.seccomp_profile.as_ref())
                .map(|p| p.type_.as_str())
                == Some("RuntimeDefault")
        });
    // Only the seccomp profiles are read: a placeholder elsewhere in a container says
    // nothing about them.
    let seccomp_trusted = trusts(&[Seg::K("securityContext"), Seg::K("seccompProfile")])
        && (0..spec.containers.len()).all(|i| {
            trusts(&[
                Seg::K("containers"),
                Seg::I(i),
                Seg::K("securityContext"),
                Seg::K("seccompProfile"),
            ])
        });
    if pod_seccomp != Some("RuntimeDefault")
        && !(pod_seccomp.is_none() && containers_seccomp_ok)
        && seccomp_trusted
    {
        skips.report(
            cx,
            &GK427,
            object,
            &join(spec_path, &[Seg::K("securityContext")]),
            format!(
                "{} does not set seccompProfile type RuntimeDefault",
                object.display()
            ),
        );
    }
    host_paths(cx, skips, object, pod);
    let pod_non_root = pod_security.and_then(|s| s.run_as_non_root);
    let pod_user = pod_security.and_then(|s| s.run_as_user);
    let pod_user_trusted = trusts(&[Seg::K("securityContext"), Seg::K("runAsNonRoot")])
        && trusts(&[Seg::K("securityContext"), Seg::K("runAsUser")]);
    for (container, path, init) in containers(pod) {
        let name = &container.name;
        let trusts = |more: &[Seg<'_>]| object.trusts(&join(&path, more));
        let resources = container.resources.as_ref();
        let has = |field: fn(
            &k8s_openapi::api::core::v1::ResourceRequirements,
        ) -> Option<
            &std::collections::BTreeMap<
                String,
                k8s_openapi::apimachinery::pkg::api::resource::Quantity,
            >,
        >,
                   key: &str| {
            resources
                .and_then(field)
                .is_some_and(|m| m.contains_key(key))
        };
        let resource_rules = [
            (&GK401, has(|r| r.requests.as_ref(), "cpu"), "CPU request"),
            (&GK402, has(|r| r.limits.as_ref(), "cpu"), "CPU limit"),
            (
                &GK403,
                has(|r| r.requests.as_ref(), "memory"),
                "memory request",
            ),
            (&GK404, has(|r| r.limits.as_ref(), "memory"), "memory limit"),
        ];
        if trusts(&[Seg::K("resources")]) {
            for (rule, present, what) in resource_rules {
                if !present {
                    skips.report(
                        cx,
                        rule,
                        object,
                        &join(&path, &[Seg::K("resources")]),
                        format!("container {name} has no {what}"),
                    );
                }
            }
        }
        image_policies(cx, skips, object, container, &path);
        if !init && !is_job {
            if container.readiness_probe.is_none() && trusts(&[Seg::K("readinessProbe")]) {
                skips.report(
                    cx,
                    &GK408,
                    object,
                    &path,
                    format!("container {name} has no readinessProbe"),
                );
            }
            if container.liveness_probe.is_none() && trusts(&[Seg::K("livenessProbe")]) {
                skips.report(
                    cx,
                    &GK409,
                    object,
                    &path,
                    format!("container {name} has no livenessProbe"),
                );
            }
            identical_probes(cx, object, container, &path);
        }
        let security = container.security_context.as_ref();
        let security_path = join(&path, &[Seg::K("securityContext")]);
        let trusts_security = |field: &str| object.trusts(&join(&security_path, &[Seg::K(field)]));
        let non_root = security.and_then(|s| s.run_as_non_root).or(pod_non_root) == Some(true);
        let user = security.and_then(|s| s.run_as_user).or(pod_user);
        if !non_root
            && user.is_none_or(|u| u <= 0)
            && pod_user_trusted
            && trusts_security("runAsNonRoot")
            && trusts_security("runAsUser")
        {
            skips.report(
                cx,
                &GK410,
                object,
                &security_path,
                format!("container {name} may run as root: set runAsNonRoot: true"),
            );
        }
        if security.and_then(|s| s.allow_privilege_escalation) != Some(false)
            && trusts_security("allowPrivilegeEscalation")
        {
            skips.report(
                cx,
                &GK411,
                object,
                &security_path,
                format!("container {name} does not set allowPrivilegeEscalation: false"),
            );
        }
        if security.and_then(|s| s.read_only_root_filesystem) != Some(true)
            && trusts_security("readOnlyRootFilesystem")
        {
            skips.report(
                cx,
                &GK412,
                object,
                &security_path,
                format!("container {name} does not set readOnlyRootFilesystem: true"),
            );
        }
        let capabilities = security.and_then(|s| s.capabilities.as_ref());
        let drops_all = capabilities
            .and_then(|c| c.drop.as_ref())
            .is_some_and(|d| d.iter().any(|c| c.eq_ignore_ascii_case("ALL")));
        let capabilities_trusted = trusts_security("capabilities");
        if !drops_all && capabilities_trusted {
            skips.report(
                cx,
                &GK413,
                object,
                &security_path,
                format!("container {name} does not drop ALL capabilities"),
            );
        }
        let added = capabilities
            .and_then(|c| c.add.as_deref())
            .unwrap_or_default();
        if !added.is_empty() && capabilities_trusted {
            let add_path = join(&security_path, &[Seg::K("capabilities"), Seg::K("add")]);
            skips.report(
                cx,
                &GK430,
                object,
                &add_path,
                format!(
                    "container {name} adds the capabilities {}; the default set is already more than a web service needs",
                    added.join(", ")
                ),
            );
            for (i, cap) in added.iter().enumerate() {
                let normal = capability(cap);
                if DANGEROUS_CAPABILITIES.contains(&normal.as_str()) {
                    let what = match normal.as_str() {
                        "ALL" => "every capability, root's power over the node",
                        "SYS_ADMIN" => "SYS_ADMIN, which mounts filesystems and escapes the container",
                        _ => "NET_ADMIN, which rewrites the node's network: routes, firewall, interfaces",
                    };
                    cx.on_fix(
                        &GK431,
                        object.root,
                        &join(&add_path, &[Seg::I(i)]),
                        format!("container {name} adds {cap}: {what}"),
                        format!("remove {cap} from capabilities.add; if a tool needs it, run that tool outside the pod"),
                    );
                }
            }
        }
        if security.and_then(|s| s.privileged) == Some(true) && trusts_security("privileged") {
            skips.report(
                cx,
                &GK414,
                object,
                &join(&security_path, &[Seg::K("privileged")]),
                format!("container {name} is privileged"),
            );
        }
        for (i, port) in container.ports.iter().flatten().enumerate() {
            if port.host_port.is_some_and(|p| p != 0) {
                skips.report(
                    cx,
                    &GK428,
                    object,
                    &join(&path, &[Seg::K("ports"), Seg::I(i), Seg::K("hostPort")]),
                    format!(
                        "container {name} binds host port {}",
                        port.host_port.unwrap_or_default()
                    ),
                );
            }
        }
        env_policies(cx, skips, object, container, &path);
    }
}

/// `GK432`, `GK433`: hostPath volumes, and container runtime sockets among them.
fn host_paths(cx: &mut Cx<'_, '_>, skips: &Skips, object: &Object<'_>, pod: &PodTemplate<'_>) {
    for (i, volume) in pod.spec.volumes.iter().flatten().enumerate() {
        let Some(host) = volume.host_path.as_ref() else {
            continue;
        };
        let at = join(
            pod.spec_path,
            &[
                Seg::K("volumes"),
                Seg::I(i),
                Seg::K("hostPath"),
                Seg::K("path"),
            ],
        );
        if !object.trusts(&at) {
            continue;
        }
        let path = host.path.trim_end_matches('/');
        let path = if path.is_empty() { "/" } else { path };
        if RUNTIME_SOCKETS.contains(&path) {
            skips.report(
                cx,
                &GK433,
                object,
                &at,
                format!(
                    "volume {} of {} mounts {path}, the container runtime's socket: whoever reaches it runs containers on the node as root",
                    volume.name,
                    object.display()
                ),
            );
        } else {
            skips.report(
                cx,
                &GK432,
                object,
                &at,
                format!(
                    "volume {} of {} mounts the node's {path}: the pod reads (or writes) the node's files and is tied to what that node holds",
                    volume.name,
                    object.display()
                ),
            );
        }
    }
}

/// `GK434`: a liveness probe that asks what the readiness probe asks, and gives up no
/// later: an overloaded pod is then restarted exactly when it would only be taken out
/// of rotation, and restarts cascade under load.
fn identical_probes(
    cx: &mut Cx<'_, '_>,
    object: &Object<'_>,
    container: &Container,
    path: &[Seg<'_>],
) {
    let (Some(live), Some(ready)) = (&container.liveness_probe, &container.readiness_probe) else {
        return;
    };
    let live_at = join(path, &[Seg::K("livenessProbe")]);
    if !object.trusts(&live_at) || !object.trusts(&join(path, &[Seg::K("readinessProbe")])) {
        return;
    }
    let same_handler = live.http_get.is_some() && live.http_get == ready.http_get
        || live.tcp_socket.is_some() && live.tcp_socket == ready.tcp_socket
        || live.grpc.is_some() && live.grpc == ready.grpc
        || live.exec.is_some() && live.exec == ready.exec;
    // How long each probe fails before it acts: failureThreshold × periodSeconds.
    let window = |p: &Probe| p.failure_threshold.unwrap_or(3) * p.period_seconds.unwrap_or(10);
    if same_handler && window(live) <= window(ready) {
        cx.on_fix(
            &GK434,
            object.root,
            &live_at,
            format!(
                "the livenessProbe of container {} asks what its readinessProbe asks and gives up no later (after {}s; the readinessProbe after {}s): a pod that is only busy is restarted instead of resting out of rotation",
                container.name,
                window(live),
                window(ready)
            ),
            "give the livenessProbe a higher failureThreshold than the readinessProbe, or a cheaper check of its own".into(),
        );
    }
}

fn image_policies(
    cx: &mut Cx<'_, '_>,
    skips: &Skips,
    object: &Object<'_>,
    container: &Container,
    path: &[Seg<'_>],
) {
    let at = join(path, &[Seg::K("image")]);
    let Some(image) = container
        .image
        .as_deref()
        .filter(|i| !i.is_empty() && object.trusts(&at))
    else {
        return;
    };
    let name = &container.name;
    let (tag, digest) = image_tag(image);
    let moving = !digest && matches!(tag, None | Some("latest"));
    if moving {
        skips.report(
            cx,
            &GK405,
            object,
            &at,
            format!("container {name} runs {image}, a moving tag: pin a version"),
        );
    }
    if !digest {
        skips.report(
            cx,
            &GK406,
            object,
            &at,
            format!("container {name} runs {image}, not pinned by digest"),
        );
    }
    let policy = container.image_pull_policy.as_deref();
    let not_always = match policy {
        Some(p) => p != "Always",
        None => !moving,
    };
    let at = join(path, &[Seg::K("imagePullPolicy")]);
    if !digest && not_always && object.trusts(&at) {
        skips.report(
            cx,
            &GK407,
            object,
            &at,
            format!(
                "container {name} pulls {image} with policy {}; use Always",
                policy.unwrap_or("IfNotPresent (the default)")
            ),
        );
    }
}

fn env_policies(
    cx: &mut Cx<'_, '_>,
    skips: &Skips,
    object: &Object<'_>,
    container: &Container,
    path: &[Seg<'_>],
) {
    let name = &container.name;
    for (i, var) in container.env.iter().flatten().enumerate() {
        let at = join(path, &[Seg::K("env"), Seg::I(i)]);
        if !object.trusts(&at) {
            continue;
        }
        if crate::validate::secret_like_name(&var.name)
            && var.value.as_deref().is_some_and(|v| !v.is_empty())
        {
            cx.on_fix(
                &GK418,
                object.root,
                &join(&at, &[Seg::K("value")]),
                format!(
                    "env var {} of container {name} holds a literal secret",
                    var.name
                ),
                "move the value into a Secret and mount it as a file".into(),
            );
        }
        if var
            .value_from
            .as_ref()
            .is_some_and(|f| f.secret_key_ref.is_some())
        {
            skips.report(
                cx,
                &GK419,
                object,
                &at,
                format!(
                    "container {name} reads Secret values into env var {}",
                    var.name
                ),
            );
        }
    }
    for (i, from) in container.env_from.iter().flatten().enumerate() {
        if from.secret_ref.is_some() {
            skips.report(
                cx,
                &GK419,
                object,
                &join(path, &[Seg::K("envFrom"), Seg::I(i)]),
                format!("container {name} reads a whole Secret into its environment"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_tags() {
        assert_eq!(image_tag("nginx"), (None, false));
        assert_eq!(image_tag("nginx:1.27"), (Some("1.27"), false));
        assert_eq!(image_tag("registry:5000/team/app"), (None, false));
        assert_eq!(
            image_tag("registry:5000/team/app:v1@sha256:ab"),
            (Some("v1"), true)
        );
    }

    #[test]
    fn secret_names() {
        assert!(crate::validate::secret_like_name("DB_PASSWORD"));
        assert!(crate::validate::secret_like_name("github_token"));
        assert!(!crate::validate::secret_like_name("LOG_LEVEL"));
        assert!(!crate::validate::secret_like_name("SECRETS_DIR"));
        assert!(!crate::validate::secret_like_name("API_TOKEN_FILE"));
    }
}
