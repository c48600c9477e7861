//! How the cluster runs the service: workload, resources, probes, rollout, Service,
//! routing (Gateway API or Ingress), autoscaling, disruption budget and policies. The
//! routing layer is a select whose fields show for the layer chosen; the other
//! optional objects (HPA, PodDisruptionBudget) have a checkbox.

use yew::prelude::*;

use super::{docs, surface};
use crate::editor::{ClusterField as C, Field};
use crate::model::{GatewayMode, ServiceType};
use crate::names::Follower;
use crate::ui::fields::{CheckField, FollowsName, SelectField, TextField};
use crate::ui::use_editor;

#[derive(Properties, PartialEq)]
pub struct ClusterFormProps {
    /// The replicas field.
    #[prop_or_default]
    pub children: Html,
}

#[function_component]
pub fn ClusterForm(props: &ClusterFormProps) -> Html {
    let editor = use_editor();
    let k = &editor.design.cluster;
    let f = Field::Cluster;
    surface(
        "cluster-heading",
        "Cluster",
        "",
        html! {
            <>
            <fieldset>
                <legend>{ "Workload" }</legend>
                <TextField field={f(C::Namespace)} id="cluster-namespace" label="Namespace"
                    help="The namespace every object goes to; a DNS label."
                    doc={docs::K8S_NAMESPACES} />
                <FollowsName follower={Follower::Namespace} field={f(C::Namespace)} />
                { props.children.clone() }
                <SelectField field={f(C::KubernetesVersion)} id="cluster-kubernetes-version" label="Kubernetes version"
                    help="The release the manifests are checked against."
                    doc={docs::K8S_RELEASES} />
            </fieldset>
            <fieldset>
                <legend>{ "Resources per pod" }</legend>
                <div class="field-pair">
                    <TextField field={f(C::CpuRequest)} id="cluster-cpu-request" label="CPU request"
                        help="Reserved CPU, such as 100m (a tenth of a core)." doc={docs::K8S_RESOURCES} />
                    <TextField field={f(C::CpuLimit)} id="cluster-cpu-limit" label="CPU limit"
                        help="The CPU the container is throttled at." doc={docs::K8S_RESOURCES} />
                </div>
                <div class="field-pair">
                    <TextField field={f(C::MemoryRequest)} id="cluster-memory-request" label="Memory request"
                        help="Reserved memory, such as 128Mi." doc={docs::K8S_RESOURCES} />
                    <TextField field={f(C::MemoryLimit)} id="cluster-memory-limit" label="Memory limit"
                        help="Above this the container is killed (OOMKilled)." doc={docs::K8S_RESOURCES} />
                </div>
            </fieldset>
            <fieldset>
                <legend>{ "Probes" }</legend>
                <CheckField field={f(C::StartupProbe)} id="cluster-startup-probe" label="Startup probe"
                    help="Gives a slow start time before liveness checks may restart the pod."
                    doc={docs::K8S_PROBES} />
                <div class="field-pair">
                    <TextField field={f(C::ProbePeriod)} id="cluster-probe-period" label="Period (seconds)" input_mode="numeric"
                        help="How often the kubelet probes the health route." doc={docs::K8S_PROBES} />
                    <TextField field={f(C::ProbeTimeout)} id="cluster-probe-timeout" label="Timeout (seconds)" input_mode="numeric"
                        help="How long one probe may take." doc={docs::K8S_PROBES} />
                </div>
                <TextField field={f(C::ProbeFailureThreshold)} id="cluster-probe-failure-threshold" label="Failure threshold" input_mode="numeric"
                    help="Failed probes in a row before the pod is restarted or taken out of the Service."
                    doc={docs::K8S_PROBES} />
            </fieldset>
            <fieldset>
                <legend>{ "Rollout" }</legend>
                <div class="field-pair">
                    <TextField field={f(C::MaxSurge)} id="cluster-max-surge" label="Max surge"
                        help="Extra pods during a rollout: a count or a percentage such as 25%."
                        doc={docs::K8S_ROLLING_UPDATE} />
                    <TextField field={f(C::MaxUnavailable)} id="cluster-max-unavailable" label="Max unavailable"
                        help="Pods that may be down during a rollout; 0 keeps full capacity." doc={docs::K8S_ROLLING_UPDATE} />
                </div>
            </fieldset>
            <fieldset>
                <legend>{ "Service" }</legend>
                <SelectField field={f(C::ServiceType)} id="cluster-service-type" label="Service type"
                    help="ClusterIP for traffic through a Gateway or an Ingress; NodePort to reach pods on every node's port."
                    doc={docs::K8S_SERVICE_TYPES} />
                <TextField field={f(C::ServicePort)} id="cluster-service-port" label="Service port" input_mode="numeric"
                    help="The port clients of the Service use; it forwards to the listen port."
                    doc={docs::K8S_SERVICE} />
                if k.service_type == ServiceType::NodePort {
                    <TextField field={f(C::NodePort)} id="cluster-node-port" label="Node port" input_mode="numeric"
                        placeholder="picked by the cluster"
                        help="A fixed port from 30000 to 32767 on every node, or empty to let the cluster pick."
                        doc={docs::K8S_NODE_PORT} />
                }
            </fieldset>
            <fieldset>
                <legend>{ "Routing" }</legend>
                <SelectField field={f(C::Routing)} id="cluster-routing" label="Routing"
                    help="How HTTP(S) reaches the Service from outside: an HTTPRoute on a Gateway (Gateway API, for new clusters), an Ingress (ingress-nginx, retired in March 2026) or nothing."
                    doc={docs::GATEWAY_API} />
                if let Some(gateway) = &k.gateway {
                    <SelectField field={f(C::GatewayMode)} id="cluster-gateway-mode" label="Gateway"
                        help="Attach to a Gateway your platform team runs, or generate one with the bundle."
                        doc={docs::GATEWAY_API_GATEWAY} />
                    if gateway.mode == GatewayMode::Attach {
                        <div class="field-pair">
                            <TextField field={f(C::GatewayName)} id="cluster-gateway-name" label="Gateway name"
                                help="The existing Gateway the route attaches to." doc={docs::GATEWAY_API_GATEWAY} />
                            <TextField field={f(C::GatewayNamespace)} id="cluster-gateway-namespace" label="Gateway namespace"
                                help="Its listener must allow routes from this service's namespace."
                                doc={docs::GATEWAY_API_CROSS_NAMESPACE} />
                        </div>
                        <TextField field={f(C::GatewaySectionName)} id="cluster-gateway-section-name" label="Listener"
                            placeholder="every listener that accepts the route"
                            help="The listener (sectionName) to attach to, such as https; empty for all that accept it."
                            doc={docs::GATEWAY_API_GATEWAY} />
                    } else {
                        <TextField field={f(C::GatewayClass)} id="cluster-gateway-class" label="GatewayClass"
                            help="The implementation that serves it, such as eg (Envoy Gateway), cilium or istio."
                            doc={docs::GATEWAY_API_GATEWAY} />
                        <TextField field={f(C::GatewayTlsSecret)} id="cluster-gateway-tls-secret" label="TLS secret"
                            placeholder="no TLS"
                            help="A kubernetes.io/tls Secret for an HTTPS listener; plain HTTP then redirects to HTTPS."
                            doc={docs::GATEWAY_API_TLS} />
                    }
                    <TextField field={f(C::GatewayHostnames)} id="cluster-gateway-hostnames" label="Hostnames"
                        placeholder="every name the listener accepts"
                        help="DNS names the route answers, comma-separated; *.example.com for every name under it."
                        doc={docs::GATEWAY_API} />
                    <TextField field={f(C::GatewayPathPrefix)} id="cluster-gateway-path-prefix" label="Path prefix"
                        placeholder="/service-a"
                        help="Publish the service below this path; a URLRewrite filter cuts it before requests reach Gin."
                        doc={docs::GATEWAY_API_REWRITE} />
                    <TextField field={f(C::GatewayRequestTimeout)} id="cluster-gateway-request-timeout" label="Request timeout"
                        placeholder="the implementation's default"
                        help="The longest a request may take, such as 30s or 1m30s."
                        doc={docs::GATEWAY_API_TIMEOUTS} />
                    <TextField field={f(C::GatewayControllerNamespace)} id="cluster-gateway-controller-namespace" label="Proxy namespace"
                        help="Where the Gateway's proxy pods run (Envoy Gateway: envoy-gateway-system; Istio: the Gateway's namespace): the NetworkPolicy admits only them to the listen port."
                        doc={docs::K8S_NETWORK_POLICY} />
                }
                if k.ingress.is_some() {
                    <TextField field={f(C::IngressClass)} id="cluster-ingress-class" label="Ingress class"
                        help="The controller that serves it, such as nginx." doc={docs::K8S_INGRESS_CLASS} />
                    <TextField field={f(C::IngressHost)} id="cluster-ingress-host" label="Host"
                        help="The DNS name clients use, such as api.example.com." doc={docs::K8S_INGRESS} />
                    <TextField field={f(C::IngressTlsSecret)} id="cluster-ingress-tls-secret" label="TLS secret"
                        placeholder="no TLS"
                        help="A kubernetes.io/tls Secret with the host's certificate; empty for plain HTTP."
                        doc={docs::K8S_INGRESS_TLS} />
                    <TextField field={f(C::IngressPathPrefix)} id="cluster-ingress-path-prefix" label="Path prefix"
                        placeholder="/service-a"
                        help="Publish the service below this path; the prefix is cut before requests reach Gin."
                        doc={docs::K8S_INGRESS} />
                    <TextField field={f(C::IngressControllerNamespace)} id="cluster-ingress-controller-namespace" label="Controller namespace"
                        help="Where the ingress controller runs: the NetworkPolicy admits only its pods to the listen port."
                        doc={docs::K8S_NETWORK_POLICY} />
                }
            </fieldset>
            <fieldset>
                <legend>{ "Scaling and disruptions" }</legend>
                <CheckField field={f(C::Autoscaling)} id="cluster-autoscaling" label="Autoscale on CPU"
                    help="A HorizontalPodAutoscaler adds pods when CPU use passes the target."
                    doc={docs::K8S_HPA} />
                if k.autoscaling.is_some() {
                    <div class="field-pair">
                        <TextField field={f(C::MinReplicas)} id="cluster-min-replicas" label="Min replicas" input_mode="numeric"
                            help="The fewest pods it scales down to." doc={docs::K8S_HPA} />
                        <TextField field={f(C::MaxReplicas)} id="cluster-max-replicas" label="Max replicas" input_mode="numeric"
                            help="The most pods it scales up to." doc={docs::K8S_HPA} />
                    </div>
                    <TextField field={f(C::CpuUtilization)} id="cluster-cpu-utilization" label="Target CPU (%)" input_mode="numeric"
                        help="Average CPU use, as a share of the request, the autoscaler aims for." doc={docs::K8S_HPA} />
                }
                <CheckField field={f(C::Pdb)} id="cluster-pdb" label="Disruption budget"
                    help="A PodDisruptionBudget keeps pods up while nodes are drained."
                    doc={docs::K8S_PDB} />
                if k.min_available.is_some() {
                    <TextField field={f(C::MinAvailable)} id="cluster-min-available" label="Min available" input_mode="numeric"
                        help="Pods that must stay up; below the replica count, or drains would block." doc={docs::K8S_PDB} />
                }
            </fieldset>
            <fieldset>
                <legend>{ "Policies" }</legend>
                <CheckField field={f(C::NetworkPolicy)} id="cluster-network-policy" label="NetworkPolicy"
                    help="Admit traffic to the pods on the listen port only."
                    doc={docs::K8S_NETWORK_POLICY} />
                <TextField field={f(C::MonitoringNamespace)} id="cluster-monitoring-namespace" label="Monitoring namespace"
                    placeholder="none"
                    help="The namespace whose Prometheus may scrape the metrics port; empty admits none."
                    doc={docs::K8S_NETWORK_POLICY} />
                <CheckField field={f(C::SpreadAcrossNodes)} id="cluster-spread" label="Spread across nodes"
                    help="Place pods on different nodes so one node failing takes down only some."
                    doc={docs::K8S_SPREAD} />
            </fieldset>
            </>
        },
    )
}
