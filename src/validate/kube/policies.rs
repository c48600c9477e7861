//! Security and reliability policies (`GK4xx`), the checkov / kube-score /
//! kube-linter family. Where a rule means what a checkov check means, it honours
//! checkov's skip annotations (`checkov.io/skip1: CKV_K8S_43=reason`) so one
//! annotation silences both tools.
//!
//! Rules about companions of a workload (a PodDisruptionBudget, a NetworkPolicy)
//! judge a stream only when it holds more than one object: a single-object file is
//! a part of a bundle, and its companions live in other files.

use std::collections::{HashMap, HashSet};

use k8s_openapi::api::core::v1::{Container, Secret};

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

/// Runs the policies.
pub fn check(cx: &mut Cx<'_, '_>, objects: &[Object<'_>], index: &Index<'_>) {
    let whole_stream = objects.len() > 1;
    let (with_pdb, with_policy) = companions(objects, index);
    let min_by_hpa = hpa_minimums(objects);
    for (i, object) in objects.iter().enumerate() {
        let skips = Skips::of(cx, object);
        if NAMESPACED.contains(&object.kind)
            && matches!(object.namespace, None | Some("default"))
            && !(object.kind == "ServiceAccount" && object.name == Some("default"))
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
        // Policies read presence and flags, which a wrong type elsewhere in the
        // object does not change; replica counts and companions wait for clean types.
        if let Some(pod) = object.pod() {
            pod_policies(cx, &skips, object, &pod);
        }
        if !object.clean {
            continue;
        }
        if let Some(pod) = object.pod() {
            if whole_stream
                && !matches!(
                    object.typed,
                    Some(Kind::Pod(_)) | Some(Kind::Job(_)) | Some(Kind::CronJob(_))
                )
                && !with_policy.contains(&i)
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
        let replicas = match object.typed.as_ref() {
            Some(Kind::Deployment(d)) => d.spec.replicas,
            Some(Kind::StatefulSet(s)) => s.spec.replicas,
            _ => None,
        };
        if matches!(
            object.typed,
            Some(Kind::Deployment(_)) | Some(Kind::StatefulSet(_))
        ) {
            let hpa = object
                .name
                .and_then(|n| min_by_hpa.get(&(object.kind, n)).copied());
            // An unset `replicas` is the documented way to hand the count to an HPA;
            // in a lone file the HPA may simply be in another file, so only a
            // whole stream without one makes the default of 1 a finding.
            let managed_elsewhere = replicas.is_none() && hpa.is_none() && !whole_stream;
            let replicas = hpa.unwrap_or(replicas.unwrap_or(1));
            let noted = managed_elsewhere
                || cx
                    .stream
                    .get(object.root, "metadata")
                    .and_then(|m| cx.stream.get(m, "annotations"))
                    .and_then(|a| cx.stream.get_str(a, SINGLE_REPLICA_NOTE))
                    .is_some();
            if replicas < 2 && !noted {
                cx.on_fix(
                    &GK420,
                    object.root,
                    &[Seg::K("spec"), Seg::K("replicas")],
                    format!(
                        "{} runs {replicas} replica, so every rollout or drain is downtime",
                        object.display()
                    ),
                    format!("run 2 or more, or say why in the annotation {SINGLE_REPLICA_NOTE}"),
                );
            }
            if whole_stream && replicas >= 2 && !with_pdb.contains(&i) {
                cx.on(
                    &GK421,
                    object.root,
                    &[Seg::K("spec"), Seg::K("replicas")],
                    format!("{} runs {replicas} replicas but no PodDisruptionBudget of the stream selects its pods", object.display()),
                );
            }
        }
        match object.typed.as_ref() {
            Some(Kind::Secret(secret)) => unfit_secret_values(cx, object, secret),
            Some(Kind::Service(s))
                if s.spec.as_ref().and_then(|s| s.type_.as_deref()) == Some("NodePort") =>
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
                if !tls {
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
            _ => {}
        }
    }
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

/// The workloads a PodDisruptionBudget covers, and those a NetworkPolicy selects.
fn companions(objects: &[Object<'_>], index: &Index<'_>) -> (HashSet<usize>, HashSet<usize>) {
    let mut pdb = HashSet::new();
    let mut policy = HashSet::new();
    for object in objects {
        match object.typed.as_ref() {
            Some(Kind::PodDisruptionBudget(p)) => {
                if let Some(selector) = p.spec.as_ref().and_then(|s| s.selector.as_ref()) {
                    pdb.extend(index.select(object.namespace, selector));
                }
            }
            Some(Kind::NetworkPolicy(n)) => {
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
    (pdb, policy)
}

/// minReplicas of every HPA target, by (kind, name).
fn hpa_minimums<'o>(objects: &'o [Object<'o>]) -> HashMap<(&'o str, &'o str), i32> {
    objects
        .iter()
        .filter_map(|o| match o.typed.as_ref() {
            Some(Kind::HorizontalPodAutoscaler(h)) => {
                let target = &h.spec.scale_target_ref;
                Some((
                    (target.kind.as_str(), target.name.as_str()),
                    h.spec.min_replicas.unwrap_or(1),
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

fn pod_policies(cx: &mut Cx<'_, '_>, skips: &Skips, object: &Object<'_>, pod: &PodTemplate<'_>) {
    let spec = pod.spec;
    let spec_path = pod.spec_path;
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
    if spec.automount_service_account_token != Some(false) {
        skips.report(
            cx,
            &GK426,
            object,
            spec_path,
            format!(
                "{} mounts a service account token; set automountServiceAccountToken: false",
                object.display()
            ),
        );
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
    if pod_seccomp != Some("RuntimeDefault") && !(pod_seccomp.is_none() && containers_seccomp_ok) {
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
    let pod_non_root = pod_security.and_then(|s| s.run_as_non_root);
    let pod_user = pod_security.and_then(|s| s.run_as_user);
    for (container, path, init) in containers(pod) {
        let name = &container.name;
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
            (&GK401, has(|r| r.requests.as_ref(), "cpu"), "a CPU request"),
            (&GK402, has(|r| r.limits.as_ref(), "cpu"), "a CPU limit"),
            (
                &GK403,
                has(|r| r.requests.as_ref(), "memory"),
                "a memory request",
            ),
            (
                &GK404,
                has(|r| r.limits.as_ref(), "memory"),
                "a memory limit",
            ),
        ];
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
        image_policies(cx, skips, object, container, &path);
        if !init && !is_job {
            if container.readiness_probe.is_none() {
                skips.report(
                    cx,
                    &GK408,
                    object,
                    &path,
                    format!("container {name} has no readinessProbe"),
                );
            }
            if container.liveness_probe.is_none() {
                skips.report(
                    cx,
                    &GK409,
                    object,
                    &path,
                    format!("container {name} has no livenessProbe"),
                );
            }
        }
        let security = container.security_context.as_ref();
        let security_path = join(&path, &[Seg::K("securityContext")]);
        let non_root = security.and_then(|s| s.run_as_non_root).or(pod_non_root) == Some(true);
        let user = security.and_then(|s| s.run_as_user).or(pod_user);
        if !non_root && user.is_none_or(|u| u <= 0) {
            skips.report(
                cx,
                &GK410,
                object,
                &security_path,
                format!("container {name} may run as root: set runAsNonRoot: true"),
            );
        }
        if security.and_then(|s| s.allow_privilege_escalation) != Some(false) {
            skips.report(
                cx,
                &GK411,
                object,
                &security_path,
                format!("container {name} does not set allowPrivilegeEscalation: false"),
            );
        }
        if security.and_then(|s| s.read_only_root_filesystem) != Some(true) {
            skips.report(
                cx,
                &GK412,
                object,
                &security_path,
                format!("container {name} does not set readOnlyRootFilesystem: true"),
            );
        }
        let drops_all = security
            .and_then(|s| s.capabilities.as_ref())
            .and_then(|c| c.drop.as_ref())
            .is_some_and(|d| d.iter().any(|c| c.eq_ignore_ascii_case("ALL")));
        if !drops_all {
            skips.report(
                cx,
                &GK413,
                object,
                &security_path,
                format!("container {name} does not drop ALL capabilities"),
            );
        }
        if security.and_then(|s| s.privileged) == Some(true) {
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

fn image_policies(
    cx: &mut Cx<'_, '_>,
    skips: &Skips,
    object: &Object<'_>,
    container: &Container,
    path: &[Seg<'_>],
) {
    let Some(image) = container.image.as_deref().filter(|i| !i.is_empty()) else {
        return;
    };
    let at = join(path, &[Seg::K("image")]);
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
    if !digest && not_always {
        let at = join(path, &[Seg::K("imagePullPolicy")]);
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
