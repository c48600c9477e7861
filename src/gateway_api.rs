//! The Gateway API objects (`gateway.networking.k8s.io`, standard channel): Gateway
//! and HTTPRoute (`v1`), ReferenceGrant (`v1beta1`). They are custom resources, not
//! part of k8s-openapi, so these are our own serde types with the fields of the
//! standard channel's CRDs; the generators build them and the validator types pasted
//! documents with them, so both read one definition.
//!
//! Every optional field is an `Option` (or an empty list) left out when written; the
//! serde names of the structs are the names the Gateway API reference uses, which is
//! what the validator's messages print. Enumerations the CRDs close are Rust enums,
//! so a value outside them is a typing finding with the allowed values.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::{Deserialize, Serialize};

/// The API group.
pub const GROUP: &str = "gateway.networking.k8s.io";
/// The apiVersion of Gateway and HTTPRoute.
pub const V1: &str = "gateway.networking.k8s.io/v1";
/// The apiVersion of ReferenceGrant in the standard channel.
pub const V1BETA1: &str = "gateway.networking.k8s.io/v1beta1";

/// A Gateway: listeners on addresses, served by the implementation its class names.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Gateway", rename_all = "camelCase", default)]
pub struct Gateway {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
    pub spec: GatewaySpec,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "GatewaySpec", rename_all = "camelCase", default)]
pub struct GatewaySpec {
    pub gateway_class_name: String,
    pub listeners: Vec<Listener>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<GatewaySpecAddress>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub infrastructure: Option<GatewayInfrastructure>,
    /// Which ListenerSets may attach (standard channel since v1.4); read, not checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_listeners: Option<serde_json::Value>,
    /// Client-certificate validation and backend TLS for the whole Gateway (standard
    /// channel since v1.4); read, not checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls: Option<serde_json::Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "GatewaySpecAddress", rename_all = "camelCase", default)]
pub struct GatewaySpecAddress {
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "GatewayInfrastructure", rename_all = "camelCase", default)]
pub struct GatewayInfrastructure {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<std::collections::BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<std::collections::BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters_ref: Option<LocalParametersReference>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "LocalParametersReference", rename_all = "camelCase", default)]
pub struct LocalParametersReference {
    pub group: String,
    pub kind: String,
    pub name: String,
}

/// One listener: a port, a protocol and (optionally) a hostname and TLS settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Listener", rename_all = "camelCase", default)]
pub struct Listener {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    pub port: i32,
    pub protocol: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls: Option<GatewayTlsConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_routes: Option<AllowedRoutes>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "GatewayTLSConfig", rename_all = "camelCase", default)]
pub struct GatewayTlsConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<TlsMode>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub certificate_refs: Vec<SecretObjectReference>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<std::collections::BTreeMap<String, String>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum TlsMode {
    Terminate,
    Passthrough,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "SecretObjectReference", rename_all = "camelCase", default)]
pub struct SecretObjectReference {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "AllowedRoutes", rename_all = "camelCase", default)]
pub struct AllowedRoutes {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespaces: Option<RouteNamespaces>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<RouteGroupKind>,
}

impl AllowedRoutes {
    /// Routes from the Gateway's own namespace only (also the CRD's default).
    pub fn same_namespace() -> AllowedRoutes {
        AllowedRoutes {
            namespaces: Some(RouteNamespaces {
                from: Some(FromNamespaces::Same),
                selector: None,
            }),
            kinds: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "RouteNamespaces", rename_all = "camelCase", default)]
pub struct RouteNamespaces {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<FromNamespaces>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum FromNamespaces {
    All,
    Selector,
    Same,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "RouteGroupKind", rename_all = "camelCase", default)]
pub struct RouteGroupKind {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    pub kind: String,
}

/// An HTTPRoute: hostnames and rules that send matching requests to backends,
/// attached to listeners of one or more Gateways.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "HTTPRoute", rename_all = "camelCase", default)]
pub struct HttpRoute {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
    pub spec: HttpRouteSpec,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "HTTPRouteSpec", rename_all = "camelCase", default)]
pub struct HttpRouteSpec {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parent_refs: Vec<ParentReference>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hostnames: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<HttpRouteRule>,
}

/// Where a route attaches: a Gateway (by default), optionally one of its listeners.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "ParentReference", rename_all = "camelCase", default)]
pub struct ParentReference {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<i32>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "HTTPRouteRule", rename_all = "camelCase", default)]
pub struct HttpRouteRule {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub matches: Vec<HttpRouteMatch>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<HttpRouteFilter>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub backend_refs: Vec<HttpBackendRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeouts: Option<HttpRouteTimeouts>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "HTTPRouteMatch", rename_all = "camelCase", default)]
pub struct HttpRouteMatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<HttpPathMatch>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<HttpHeaderMatch>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub query_params: Vec<HttpQueryParamMatch>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<HttpMethod>,
}

/// A path match; the CRD's defaults are `PathPrefix` and `/`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "HTTPPathMatch", rename_all = "camelCase", default)]
pub struct HttpPathMatch {
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<PathMatchType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

impl HttpPathMatch {
    /// The match type with the CRD's default.
    pub fn kind(&self) -> PathMatchType {
        self.type_.unwrap_or(PathMatchType::PathPrefix)
    }

    /// The value with the CRD's default.
    pub fn value(&self) -> &str {
        self.value.as_deref().unwrap_or("/")
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum PathMatchType {
    Exact,
    PathPrefix,
    RegularExpression,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "HTTPHeaderMatch", rename_all = "camelCase", default)]
pub struct HttpHeaderMatch {
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<StringMatchType>,
    pub name: String,
    pub value: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "HTTPQueryParamMatch", rename_all = "camelCase", default)]
pub struct HttpQueryParamMatch {
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<StringMatchType>,
    pub name: String,
    pub value: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum StringMatchType {
    Exact,
    RegularExpression,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    Get,
    Head,
    Post,
    Put,
    Delete,
    Connect,
    Options,
    Trace,
    Patch,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Head => "HEAD",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Connect => "CONNECT",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Trace => "TRACE",
            HttpMethod::Patch => "PATCH",
        }
    }
}

/// A filter of a rule (or of a backend); `type_` says which of the other fields is set.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "HTTPRouteFilter", rename_all = "camelCase", default)]
pub struct HttpRouteFilter {
    #[serde(rename = "type")]
    pub type_: FilterType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_header_modifier: Option<HttpHeaderFilter>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_header_modifier: Option<HttpHeaderFilter>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_mirror: Option<HttpRequestMirrorFilter>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_redirect: Option<HttpRequestRedirectFilter>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url_rewrite: Option<HttpUrlRewriteFilter>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension_ref: Option<LocalObjectReference>,
}

impl HttpRouteFilter {
    /// A filter of `type_` with none of its settings.
    pub fn of(type_: FilterType) -> HttpRouteFilter {
        HttpRouteFilter {
            type_,
            request_header_modifier: None,
            response_header_modifier: None,
            request_mirror: None,
            request_redirect: None,
            url_rewrite: None,
            extension_ref: None,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum FilterType {
    #[default]
    RequestHeaderModifier,
    ResponseHeaderModifier,
    RequestMirror,
    RequestRedirect,
    URLRewrite,
    ExtensionRef,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "HTTPHeaderFilter", rename_all = "camelCase", default)]
pub struct HttpHeaderFilter {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub set: Vec<HttpHeader>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub add: Vec<HttpHeader>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remove: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "HTTPHeader", rename_all = "camelCase", default)]
pub struct HttpHeader {
    pub name: String,
    pub value: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "HTTPRequestMirrorFilter", rename_all = "camelCase", default)]
pub struct HttpRequestMirrorFilter {
    pub backend_ref: BackendObjectReference,
    /// The share of requests mirrored, 0–100; at most one of this and `fraction`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fraction: Option<Fraction>,
}

/// A share of requests as `numerator / denominator` (the denominator defaults to 100).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Fraction", rename_all = "camelCase", default)]
pub struct Fraction {
    pub numerator: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denominator: Option<i32>,
}

/// A redirect; the CRD's default status is 302.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(
    rename = "HTTPRequestRedirectFilter",
    rename_all = "camelCase",
    default
)]
pub struct HttpRequestRedirectFilter {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<HttpPathModifier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_code: Option<i32>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "HTTPURLRewriteFilter", rename_all = "camelCase", default)]
pub struct HttpUrlRewriteFilter {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<HttpPathModifier>,
}

/// How a redirect or rewrite changes the path.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "HTTPPathModifier", rename_all = "camelCase", default)]
pub struct HttpPathModifier {
    #[serde(rename = "type")]
    pub type_: PathModifierType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replace_full_path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replace_prefix_match: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum PathModifierType {
    #[default]
    ReplaceFullPath,
    ReplacePrefixMatch,
}

/// A reference to an object in the route's namespace (an `ExtensionRef` filter).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
// Not "LocalObjectReference": k8s-openapi has a struct of that name with other
// required fields, and the validator looks required fields up by serde name.
#[serde(
    rename = "LocalObjectReference (Gateway API)",
    rename_all = "camelCase",
    default
)]
pub struct LocalObjectReference {
    pub group: String,
    pub kind: String,
    pub name: String,
}

/// A backend: by default a Service and its port.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "BackendObjectReference", rename_all = "camelCase", default)]
pub struct BackendObjectReference {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<i32>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "HTTPBackendRef", rename_all = "camelCase", default)]
pub struct HttpBackendRef {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<i32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<HttpRouteFilter>,
}

/// Timeouts as Gateway API durations (`10s`, `1m30s`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "HTTPRouteTimeouts", rename_all = "camelCase", default)]
pub struct HttpRouteTimeouts {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backend_request: Option<String>,
}

/// A ReferenceGrant: lets the listed kinds in other namespaces refer to objects here.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "ReferenceGrant", rename_all = "camelCase", default)]
pub struct ReferenceGrant {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
    pub spec: ReferenceGrantSpec,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "ReferenceGrantSpec", rename_all = "camelCase", default)]
pub struct ReferenceGrantSpec {
    pub from: Vec<ReferenceGrantFrom>,
    pub to: Vec<ReferenceGrantTo>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "ReferenceGrantFrom", rename_all = "camelCase", default)]
pub struct ReferenceGrantFrom {
    pub group: String,
    pub kind: String,
    pub namespace: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "ReferenceGrantTo", rename_all = "camelCase", default)]
pub struct ReferenceGrantTo {
    pub group: String,
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// `Deserialize` for a closed enumeration of the CRDs, read from its string: a value
/// outside it is an error naming the allowed values. Written out rather than derived
/// because a derived enum asks the deserializer for an enum, which the validator's
/// reader of the YAML tree does not offer (a Kubernetes value is a plain string).
macro_rules! closed_enum {
    ($ty:ident { $($variant:ident = $text:literal),* $(,)? }) => {
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<$ty, D::Error> {
                struct Text;
                impl serde::de::Visitor<'_> for Text {
                    type Value = $ty;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(f, "one of {}", $ty::ALLOWED.join(", "))
                    }
                    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<$ty, E> {
                        match text {
                            $($text => Ok($ty::$variant),)*
                            _ => Err(E::custom(format!(
                                "{text:?} is not one of {}",
                                $ty::ALLOWED.join(", ")
                            ))),
                        }
                    }
                }
                deserializer.deserialize_str(Text)
            }
        }

        impl $ty {
            /// The values the CRD allows, as written.
            pub const ALLOWED: &'static [&'static str] = &[$($text),*];
        }
    };
}

closed_enum!(TlsMode { Terminate = "Terminate", Passthrough = "Passthrough" });
closed_enum!(FromNamespaces { All = "All", Selector = "Selector", Same = "Same" });
closed_enum!(PathMatchType {
    Exact = "Exact",
    PathPrefix = "PathPrefix",
    RegularExpression = "RegularExpression",
});
closed_enum!(StringMatchType { Exact = "Exact", RegularExpression = "RegularExpression" });
closed_enum!(HttpMethod {
    Get = "GET",
    Head = "HEAD",
    Post = "POST",
    Put = "PUT",
    Delete = "DELETE",
    Connect = "CONNECT",
    Options = "OPTIONS",
    Trace = "TRACE",
    Patch = "PATCH",
});
closed_enum!(FilterType {
    RequestHeaderModifier = "RequestHeaderModifier",
    ResponseHeaderModifier = "ResponseHeaderModifier",
    RequestMirror = "RequestMirror",
    RequestRedirect = "RequestRedirect",
    URLRewrite = "URLRewrite",
    ExtensionRef = "ExtensionRef",
});
closed_enum!(PathModifierType {
    ReplaceFullPath = "ReplaceFullPath",
    ReplacePrefixMatch = "ReplacePrefixMatch",
});

impl FilterType {
    /// The filter's own field, which its type requires and no other type allows.
    pub fn field(self) -> &'static str {
        match self {
            FilterType::RequestHeaderModifier => "requestHeaderModifier",
            FilterType::ResponseHeaderModifier => "responseHeaderModifier",
            FilterType::RequestMirror => "requestMirror",
            FilterType::RequestRedirect => "requestRedirect",
            FilterType::URLRewrite => "urlRewrite",
            FilterType::ExtensionRef => "extensionRef",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FilterType::RequestHeaderModifier => "RequestHeaderModifier",
            FilterType::ResponseHeaderModifier => "ResponseHeaderModifier",
            FilterType::RequestMirror => "RequestMirror",
            FilterType::RequestRedirect => "RequestRedirect",
            FilterType::URLRewrite => "URLRewrite",
            FilterType::ExtensionRef => "ExtensionRef",
        }
    }
}

impl HttpRouteFilter {
    /// The filter fields that are set, by their field names.
    pub fn set_fields(&self) -> Vec<&'static str> {
        [
            (
                self.request_header_modifier.is_some(),
                FilterType::RequestHeaderModifier,
            ),
            (
                self.response_header_modifier.is_some(),
                FilterType::ResponseHeaderModifier,
            ),
            (self.request_mirror.is_some(), FilterType::RequestMirror),
            (self.request_redirect.is_some(), FilterType::RequestRedirect),
            (self.url_rewrite.is_some(), FilterType::URLRewrite),
            (self.extension_ref.is_some(), FilterType::ExtensionRef),
        ]
        .into_iter()
        .filter(|(set, _)| *set)
        .map(|(_, t)| t.field())
        .collect()
    }
}

/// Whether `text` is a Gateway API duration: one to four `<1-5 digits><h|m|s|ms>`
/// parts, as the CRDs' pattern `^([0-9]{1,5}(h|m|s|ms)){1,4}$` says.
pub fn is_duration(text: &str) -> bool {
    let mut rest = text.as_bytes();
    let mut parts = 0;
    while !rest.is_empty() {
        let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 || digits > 5 {
            return false;
        }
        rest = &rest[digits..];
        let unit = if rest.starts_with(b"ms") {
            2
        } else if matches!(rest.first(), Some(b'h' | b'm' | b's')) {
            1
        } else {
            return false;
        };
        rest = &rest[unit..];
        parts += 1;
    }
    (1..=4).contains(&parts)
}

/// A duration's length in milliseconds, if it is one.
pub fn duration_millis(text: &str) -> Option<u64> {
    if !is_duration(text) {
        return None;
    }
    let mut total = 0u64;
    let mut number = 0u64;
    let mut bytes = text.bytes().peekable();
    while let Some(b) = bytes.next() {
        match b {
            b'0'..=b'9' => number = number * 10 + u64::from(b - b'0'),
            b'h' => (total, number) = (total + number * 3_600_000, 0),
            b's' => (total, number) = (total + number * 1000, 0),
            b'm' if bytes.peek() == Some(&b's') => {
                bytes.next();
                (total, number) = (total + number, 0);
            }
            b'm' => (total, number) = (total + number * 60_000, 0),
            _ => return None,
        }
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_follow_the_crd_pattern() {
        for good in ["10s", "1m30s", "500ms", "1h", "99999ms", "1h2m3s4ms", "0s"] {
            assert!(is_duration(good), "{good}");
        }
        for bad in [
            "",
            "10",
            "s",
            "1.5s",
            "100000s",
            "1h2m3s4ms5s",
            "10 s",
            "-1s",
            "1d",
        ] {
            assert!(!is_duration(bad), "{bad}");
        }
        assert_eq!(duration_millis("1m30s"), Some(90_000));
        assert_eq!(duration_millis("1h500ms"), Some(3_600_500));
        assert_eq!(duration_millis("x"), None);
    }

    #[test]
    fn closed_enumerations_refuse_other_values() {
        let bad: Result<HttpPathMatch, _> =
            serde_json::from_str(r#"{"type":"Prefix","value":"/"}"#);
        assert!(bad.unwrap_err().to_string().contains("PathPrefix"));
        let method: HttpMethod = serde_json::from_str(r#""PATCH""#).unwrap();
        assert_eq!(method.as_str(), "PATCH");
    }
}
