//! The Go service: its name and listen port (passed in by the page, which owns their
//! long-standing ids), module path, Go release and Gin mode.

use yew::prelude::*;

use super::{docs, surface};
use crate::editor::Field;
use crate::names::Follower;
use crate::ui::fields::{FollowsName, SelectField, TextField};

#[derive(Properties, PartialEq)]
pub struct ServiceFormProps {
    /// The name and port fields.
    #[prop_or_default]
    pub children: Html,
}

#[function_component]
pub fn ServiceForm(props: &ServiceFormProps) -> Html {
    surface(
        "service-heading",
        "Service",
        "",
        html! {
            <>
            <fieldset>
                <legend>{ "Go service" }</legend>
                { props.children.clone() }
                <TextField field={Field::Module} id="service-module" label="Module path"
                    help="The module go.mod declares; imports in the scaffold start with it."
                    doc={docs::GO_MODULES} />
                <FollowsName follower={Follower::Module} field={Field::Module} />
                <TextField field={Field::GoVersion} id="service-go-version" label="Go version"
                    input_mode="decimal"
                    help="The Go release go.mod asks for, such as 1.25; match it in the builder image."
                    doc={docs::GO_RELEASES} />
                <SelectField field={Field::GinMode} id="service-gin-mode" label="Gin mode"
                    help="GIN_MODE: release in production, debug to log every route at start."
                    doc={docs::GIN_DEPLOYMENT} />
            </fieldset>
            <fieldset>
                <legend>{ "Abuse limits" }</legend>
                <TextField field={Field::TrustedProxies} id="service-trusted-proxies" label="Trusted proxies"
                    placeholder="none: the client is the TCP peer"
                    help="Networks whose X-Forwarded-For the service believes (the ingress controller's pods), comma-separated. Anyone else could pick the IP the rate limiter sees."
                    doc={docs::GIN_DEPLOYMENT} />
                <TextField field={Field::MaxBodyBytes} id="service-max-body-bytes" label="Body limit (bytes)"
                    input_mode="numeric" help="A larger request body gets 413." />
                <TextField field={Field::ReadTimeout} id="service-read-timeout" label="Read timeout (s)"
                    input_mode="numeric" help="Time to read a request, headers and body." />
                <TextField field={Field::WriteTimeout} id="service-write-timeout" label="Write timeout (s)"
                    input_mode="numeric" help="Time to answer; above every Timeout middleware's limit." />
                <TextField field={Field::IdleTimeout} id="service-idle-timeout" label="Idle timeout (s)"
                    input_mode="numeric" help="How long a keep-alive connection may wait for its next request." />
                <TextField field={Field::MetricsPort} id="service-metrics-port" label="Metrics port"
                    input_mode="numeric" help="Metrics are served here, never on the routed port." />
            </fieldset>
            </>
        },
    )
}
