//! The documentation pages field help links to: Kubernetes and Gin first, Go and the
//! CI services where neither covers the field. Plain links; the page requests none.

use crate::ui::fields::Doc;

const fn doc(href: &'static str, title: &'static str) -> Doc {
    Doc { href, title }
}

pub const GIN_QUICKSTART: Doc = doc(
    "https://gin-gonic.com/en/docs/quickstart/",
    "Gin: quickstart",
);
pub const GIN_DEPLOYMENT: Doc = doc(
    "https://gin-gonic.com/en/docs/deployment/",
    "Gin: deployment and run modes",
);
pub const GIN_GROUPS: Doc = doc(
    "https://gin-gonic.com/en/docs/routing/grouping-routes/",
    "Gin: grouping routes",
);
pub const GIN_PARAMS: Doc = doc(
    "https://gin-gonic.com/en/docs/routing/param-in-path/",
    "Gin: parameters in path",
);
pub const GIN_MIDDLEWARE: Doc = doc(
    "https://gin-gonic.com/en/docs/middleware/",
    "Gin: middleware",
);
pub const GIN_CUSTOM_MIDDLEWARE: Doc = doc(
    "https://gin-gonic.com/en/docs/examples/custom-middleware/",
    "Gin: custom middleware",
);
pub const GO_MODULES: Doc = doc("https://go.dev/ref/mod#module-path", "Go: module paths");
pub const GO_RELEASES: Doc = doc("https://go.dev/doc/devel/release", "Go: release history");
pub const GO_LINKER: Doc = doc("https://pkg.go.dev/cmd/link", "Go: linker flags");
pub const GO_DATABASE: Doc = doc(
    "https://go.dev/doc/database/manage-connections",
    "Go: managing database connections",
);

pub const K8S_NAMESPACES: Doc = doc(
    "https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/",
    "Kubernetes: namespaces",
);
pub const K8S_DEPLOYMENT: Doc = doc(
    "https://kubernetes.io/docs/concepts/workloads/controllers/deployment/",
    "Kubernetes: Deployments",
);
pub const K8S_ROLLING_UPDATE: Doc = doc("https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#rolling-update-deployment", "Kubernetes: rolling updates");
pub const K8S_RESOURCES: Doc = doc(
    "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
    "Kubernetes: resource requests and limits",
);
pub const K8S_PROBES: Doc = doc("https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/", "Kubernetes: probes");
pub const K8S_SERVICE: Doc = doc(
    "https://kubernetes.io/docs/concepts/services-networking/service/",
    "Kubernetes: Services",
);
pub const K8S_SERVICE_TYPES: Doc = doc("https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types", "Kubernetes: Service types");
pub const K8S_NODE_PORT: Doc = doc(
    "https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport",
    "Kubernetes: NodePort",
);
pub const K8S_INGRESS: Doc = doc(
    "https://kubernetes.io/docs/concepts/services-networking/ingress/",
    "Kubernetes: Ingress",
);
pub const K8S_INGRESS_CLASS: Doc = doc(
    "https://kubernetes.io/docs/concepts/services-networking/ingress/#ingress-class",
    "Kubernetes: IngressClass",
);
pub const K8S_INGRESS_TLS: Doc = doc(
    "https://kubernetes.io/docs/concepts/services-networking/ingress/#tls",
    "Kubernetes: Ingress TLS",
);
pub const GATEWAY_API: Doc = doc(
    "https://gateway-api.sigs.k8s.io/guides/http-routing/",
    "Gateway API: HTTP routing",
);
pub const GATEWAY_API_GATEWAY: Doc = doc(
    "https://gateway-api.sigs.k8s.io/api-types/gateway/",
    "Gateway API: Gateway",
);
pub const GATEWAY_API_TLS: Doc = doc(
    "https://gateway-api.sigs.k8s.io/guides/tls/",
    "Gateway API: TLS",
);
pub const GATEWAY_API_REWRITE: Doc = doc(
    "https://gateway-api.sigs.k8s.io/guides/http-redirect-rewrite/",
    "Gateway API: redirects and rewrites",
);
pub const GATEWAY_API_TIMEOUTS: Doc = doc(
    "https://gateway-api.sigs.k8s.io/api-types/httproute/#timeouts-optional",
    "Gateway API: HTTPRoute timeouts",
);
pub const GATEWAY_API_CROSS_NAMESPACE: Doc = doc(
    "https://gateway-api.sigs.k8s.io/guides/multiple-ns/",
    "Gateway API: routes across namespaces",
);
pub const K8S_HPA: Doc = doc(
    "https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/",
    "Kubernetes: HorizontalPodAutoscaler",
);
pub const K8S_PDB: Doc = doc(
    "https://kubernetes.io/docs/tasks/run-application/configure-pdb/",
    "Kubernetes: PodDisruptionBudget",
);
pub const K8S_NETWORK_POLICY: Doc = doc(
    "https://kubernetes.io/docs/concepts/services-networking/network-policies/",
    "Kubernetes: NetworkPolicy",
);
pub const K8S_SPREAD: Doc = doc(
    "https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/",
    "Kubernetes: topology spread",
);
pub const K8S_RELEASES: Doc = doc("https://kubernetes.io/releases/", "Kubernetes: releases");
pub const K8S_ENV: Doc = doc("https://kubernetes.io/docs/tasks/inject-data-application/define-environment-variable-container/", "Kubernetes: environment variables");
pub const K8S_CONFIGMAP: Doc = doc(
    "https://kubernetes.io/docs/concepts/configuration/configmap/",
    "Kubernetes: ConfigMaps",
);
pub const K8S_SECRET: Doc = doc(
    "https://kubernetes.io/docs/concepts/configuration/secret/",
    "Kubernetes: Secrets",
);
pub const K8S_SECURITY_CONTEXT: Doc = doc(
    "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
    "Kubernetes: security context",
);
pub const K8S_IMAGES: Doc = doc(
    "https://kubernetes.io/docs/concepts/containers/images/",
    "Kubernetes: images",
);
pub const CI_GITHUB: Doc = doc("https://docs.github.com/en/actions", "GitHub Actions docs");
