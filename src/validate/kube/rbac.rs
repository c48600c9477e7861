//! RBAC and ServiceAccount policies (`GK438`–`GK440`, `GK442`, `GK443`): wildcards in
//! Roles, bindings to `cluster-admin`, `pods/exec` and `pods/attach`, and the
//! namespace's `default` ServiceAccount.
//!
//! Objects the API server writes itself (`cluster-admin`, `admin`, `edit`, `view` and
//! every `system:` Role and binding), as `kubectl get -o yaml` prints them, are not
//! the user's to change and are not judged.

use k8s_openapi::api::rbac::v1::{PolicyRule, RoleRef, Subject};

use super::objects::{Kind, Object};
use super::references::Index;
use super::{Cx, Seg};
use crate::validate::{Rule, Severity};

pub const GK438: Rule = Rule {
    id: "GK438",
    title: "wildcard in a Role",
    severity: Severity::Warning,
    why: "A `*` in a rule's apiGroups, resources or verbs grants everything of that kind, \
          including what later releases add (new resources, `escalate`, `impersonate`): \
          name what the workload needs. Peer: checkov CKV_K8S_49 (which reads only a \
          Role's first rule).",
    bad_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: web\nrules:\n- apiGroups: [\"\"]\n  resources: [configmaps]\n  verbs: [\"*\"]\n",
    good_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: web\nrules:\n- apiGroups: [\"\"]\n  resources: [configmaps]\n  verbs: [get, list, watch]\n",
};

pub const GK439: Rule = Rule {
    id: "GK439",
    title: "binding grants cluster-admin",
    severity: Severity::Error,
    why: "`cluster-admin` (or a Role of the stream that grants `*` on `*` in `*`) is full \
          control of every object: whoever holds the bound account's token owns the \
          cluster, Secrets included. Bind a Role with only the verbs and resources needed. \
          Peers: Polaris clusterrolebindingClusterAdmin, rolebindingClusterAdminClusterRole, \
          rolebindingClusterAdminRole.",
    bad_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: web\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: cluster-admin\nsubjects:\n- kind: ServiceAccount\n  name: web\n  namespace: shop\n",
    good_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: web\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: view\nsubjects:\n- kind: ServiceAccount\n  name: web\n  namespace: shop\n",
};

pub const GK440: Rule = Rule {
    id: "GK440",
    title: "Role grants exec or attach into pods",
    severity: Severity::Warning,
    why: "`pods/exec` and `pods/attach` (with `create`, or `get` for the websocket form) \
          run commands in any pod the Role reaches, with that pod's identity and Secrets. \
          Keep them to people, not workloads. Peers: Polaris rolePodExecAttach, \
          clusterrolePodExecAttach.",
    bad_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: web\nrules:\n- apiGroups: [\"\"]\n  resources: [pods, pods/exec]\n  verbs: [get, create]\n",
    good_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: web\nrules:\n- apiGroups: [\"\"]\n  resources: [pods]\n  verbs: [get, list]\n",
};

pub const GK442: Rule = Rule {
    id: "GK442",
    title: "binding grants permissions to a default ServiceAccount",
    severity: Severity::Warning,
    why: "Every pod of a namespace that names no ServiceAccount runs as `default`: \
          permissions bound to it go to all of them. Bind a ServiceAccount of the workload's \
          own. Peer: checkov CKV_K8S_42.",
    bad_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: web\n  namespace: shop\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: web\nsubjects:\n- kind: ServiceAccount\n  name: default\n  namespace: shop\n",
    good_example: "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: web\n  namespace: shop\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: web\nsubjects:\n- kind: ServiceAccount\n  name: web\n  namespace: shop\n",
};

pub const GK443: Rule = Rule {
    id: "GK443",
    title: "default ServiceAccount mounts its token",
    severity: Severity::Warning,
    why: "Pods that name no ServiceAccount run as `default`, and unless it says \
          `automountServiceAccountToken: false` each gets its API token mounted, whether it \
          calls the API or not. Peer: checkov CKV_K8S_41.",
    bad_example: "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: default\n  namespace: shop\n",
    good_example: "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: default\n  namespace: shop\nautomountServiceAccountToken: false\n",
};

/// Roles and bindings the API server keeps itself.
fn built_in(name: Option<&str>) -> bool {
    name.is_some_and(|n| {
        matches!(n, "cluster-admin" | "admin" | "edit" | "view") || n.starts_with("system:")
    })
}

fn wildcard(values: Option<&Vec<String>>) -> bool {
    values.is_some_and(|v| v.iter().any(|s| s.contains('*')))
}

fn grants(values: Option<&Vec<String>>, wanted: &[&str]) -> bool {
    values.is_some_and(|v| v.iter().any(|s| wanted.contains(&s.as_str())))
}

/// Runs the RBAC and ServiceAccount policies.
pub fn check(cx: &mut Cx<'_, '_>, objects: &[Object<'_>], index: &Index<'_>) {
    for object in objects {
        match object.typed.as_ref() {
            Some(Kind::Role(role)) => rules(cx, object, role.rules.as_deref()),
            Some(Kind::ClusterRole(role)) => rules(cx, object, role.rules.as_deref()),
            Some(Kind::RoleBinding(binding)) => bind(
                cx,
                objects,
                index,
                object,
                &binding.role_ref,
                binding.subjects.as_deref(),
            ),
            Some(Kind::ClusterRoleBinding(binding)) => bind(
                cx,
                objects,
                index,
                object,
                &binding.role_ref,
                binding.subjects.as_deref(),
            ),
            Some(Kind::ServiceAccount(account)) => {
                let at = [Seg::K("automountServiceAccountToken")];
                if object.name == Some("default")
                    && account.automount_service_account_token != Some(false)
                    && object.trusts(&at)
                {
                    cx.on_fix(
                        &GK443,
                        object.root,
                        &[Seg::K("metadata")],
                        format!(
                            "ServiceAccount default{} mounts its token into every pod that names no ServiceAccount and does not opt out",
                            object.namespace.map_or_else(String::new, |n| format!(" of {n}"))
                        ),
                        "set automountServiceAccountToken: false on it; pods that call the API get a ServiceAccount of their own".into(),
                    );
                }
            }
            _ => {}
        }
    }
}

/// `GK438` and `GK440` on each rule of a Role or ClusterRole.
fn rules(cx: &mut Cx<'_, '_>, object: &Object<'_>, rules: Option<&[PolicyRule]>) {
    if built_in(object.name) {
        return;
    }
    for (i, rule) in rules.unwrap_or_default().iter().enumerate() {
        let at = [Seg::K("rules"), Seg::I(i)];
        if !object.trusts(&at) {
            continue;
        }
        let fields = [
            ("apiGroups", rule.api_groups.as_ref()),
            ("resources", rule.resources.as_ref()),
            ("verbs", Some(&rule.verbs)),
        ];
        let wild: Vec<&str> = fields
            .iter()
            .filter(|(_, values)| wildcard(*values))
            .map(|(field, _)| *field)
            .collect();
        if let Some(first) = wild.first() {
            cx.on_fix(
                &GK438,
                object.root,
                &[Seg::K("rules"), Seg::I(i), Seg::K(first)],
                format!(
                    "rule {i} of {} grants * in {}: everything of that kind, including what later releases add",
                    object.display(),
                    wild.join(" and ")
                ),
                "list the apiGroups, resources and verbs the workload uses".into(),
            );
        }
        let core = grants(rule.api_groups.as_ref(), &["", "*"]);
        let exec = rule
            .resources
            .iter()
            .flatten()
            .find(|r| matches!(r.as_str(), "pods/exec" | "pods/attach" | "pods/*"));
        let verbs = grants(Some(&rule.verbs), &["create", "get", "*"]);
        if let (true, Some(resource), true) = (core, exec, verbs) {
            cx.on(
                &GK440,
                object.root,
                &[Seg::K("rules"), Seg::I(i), Seg::K("resources")],
                format!(
                    "rule {i} of {} grants {resource}: whoever holds it runs commands in the pods it reaches, with their Secrets",
                    object.display()
                ),
            );
        }
    }
}

/// `GK439` and `GK442` on a RoleBinding or ClusterRoleBinding.
fn bind(
    cx: &mut Cx<'_, '_>,
    objects: &[Object<'_>],
    index: &Index<'_>,
    object: &Object<'_>,
    role: &RoleRef,
    subjects: Option<&[Subject]>,
) {
    if built_in(object.name) {
        return;
    }
    let subjects = subjects.unwrap_or_default();
    let role_at = [Seg::K("roleRef")];
    if object.trusts(&role_at) && grants_everything(objects, index, object, role) {
        let who: Vec<String> = subjects
            .iter()
            .map(|s| match s.namespace.as_deref() {
                Some(ns) => format!("{} {ns}/{}", s.kind, s.name),
                None => format!("{} {}", s.kind, s.name),
            })
            .collect();
        let who = if who.is_empty() {
            "its subjects".to_owned()
        } else {
            who.join(", ")
        };
        cx.on_fix(
            &GK439,
            object.root,
            &[Seg::K("roleRef"), Seg::K("name")],
            format!(
                "{} gives {who} {} {}: full control of every object, Secrets included",
                object.display(),
                role.kind,
                role.name
            ),
            "bind a Role with only the verbs and resources the subjects need".into(),
        );
    }
    for (i, subject) in subjects.iter().enumerate() {
        let at = [Seg::K("subjects"), Seg::I(i)];
        if subject.kind == "ServiceAccount" && subject.name == "default" && object.trusts(&at) {
            let namespace = subject
                .namespace
                .as_deref()
                .or(object.namespace)
                .map_or_else(String::new, |n| format!(" of {n}"));
            cx.on_fix(
                &GK442,
                object.root,
                &[Seg::K("subjects"), Seg::I(i), Seg::K("name")],
                format!(
                    "{} grants {} {} to the default ServiceAccount{namespace}, so to every pod there that names no ServiceAccount",
                    object.display(),
                    role.kind,
                    role.name
                ),
                "bind a ServiceAccount of the workload's own and set it as the pods' serviceAccountName".into(),
            );
        }
    }
}

/// Whether `role` is `cluster-admin`, or a Role of the stream with a rule that grants
/// every verb on every resource of every group.
fn grants_everything(
    objects: &[Object<'_>],
    index: &Index<'_>,
    object: &Object<'_>,
    role: &RoleRef,
) -> bool {
    if role.kind == "ClusterRole" && role.name == "cluster-admin" {
        return true;
    }
    let namespace = if role.kind == "ClusterRole" {
        None
    } else {
        object.namespace
    };
    let rules = match index
        .find(objects, &role.kind, namespace, &role.name)
        .and_then(|o| o.typed.as_ref())
    {
        Some(Kind::Role(r)) => r.rules.as_deref(),
        Some(Kind::ClusterRole(r)) => r.rules.as_deref(),
        _ => None,
    };
    let all = |values: Option<&Vec<String>>| values.is_some_and(|v| v.iter().any(|s| s == "*"));
    rules.unwrap_or_default().iter().any(|rule| {
        all(rule.api_groups.as_ref()) && all(rule.resources.as_ref()) && all(Some(&rule.verbs))
    })
}
