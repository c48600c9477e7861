//! The design a user builds: the single source every generated file is derived from.
//!
//! A [`Design`] only ever holds valid values; raw text the user is still typing lives in
//! [`crate::editor`], which admits a value into the design once [`crate::fields`]
//! accepts it.

use serde::{Deserialize, Serialize};

/// The version of the design layout this build writes.
pub const DESIGN_VERSION: u32 = 1;

/// One service, from its routes to the cluster objects that run it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Design {
    pub version: u32,
    pub service: Service,
    pub routes: Vec<Route>,
    pub container: Container,
    pub cluster: Cluster,
}

/// The Go service itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Service {
    /// A DNS-1123 label; names the image, the Deployment, the Service and the container.
    pub name: String,
    /// The port Gin listens on inside the container.
    pub port: u16,
}

/// One Gin route in the service's single route group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Route {
    pub method: Method,
    /// A Gin path such as `/api/v1/users/:id` or `/static/*filepath`.
    pub path: String,
}

/// The HTTP methods Gin registers with a dedicated router function.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
    Options,
}

impl Method {
    pub const ALL: [Method; 7] = [
        Method::Get,
        Method::Post,
        Method::Put,
        Method::Patch,
        Method::Delete,
        Method::Head,
        Method::Options,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
        }
    }

    /// Reads a method name in any letter case.
    pub fn parse(text: &str) -> Option<Method> {
        Method::ALL
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

/// The image the Dockerfile builds and the Deployment runs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Container {
    /// A full image reference with a pinned tag or digest, e.g. `registry.example.com/hello-gin:0.1.0`.
    pub image: String,
}

/// How the cluster runs the service.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Cluster {
    pub replicas: i32,
}

/// Paths the generators treat as health endpoints, in order of preference for probes.
pub const HEALTH_PATHS: [&str; 3] = ["/healthz", "/readyz", "/ping"];

impl Design {
    /// The path the kubelet probes: the first designed `GET` health route, if any.
    pub fn probe_path(&self) -> Option<&str> {
        HEALTH_PATHS.into_iter().find(|health| {
            self.routes
                .iter()
                .any(|r| r.method == Method::Get && r.path == *health)
        })
    }
}

impl Default for Design {
    fn default() -> Self {
        Design {
            version: DESIGN_VERSION,
            service: Service::default(),
            routes: vec![
                Route {
                    method: Method::Get,
                    path: "/ping".into(),
                },
                Route {
                    method: Method::Get,
                    path: "/healthz".into(),
                },
                Route {
                    method: Method::Get,
                    path: "/api/v1/users/:id".into(),
                },
            ],
            container: Container::default(),
            cluster: Cluster::default(),
        }
    }
}

impl Default for Service {
    fn default() -> Self {
        Service {
            name: "hello-gin".into(),
            port: 8080,
        }
    }
}

impl Default for Container {
    fn default() -> Self {
        Container {
            image: "registry.example.com/hello-gin:0.1.0".into(),
        }
    }
}

impl Default for Cluster {
    fn default() -> Self {
        Cluster { replicas: 2 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probe_path_prefers_healthz_and_ignores_other_methods() {
        let mut design = Design::default();
        assert_eq!(design.probe_path(), Some("/healthz"));
        design.routes.retain(|r| r.path != "/healthz");
        assert_eq!(design.probe_path(), Some("/ping"));
        design.routes = vec![Route {
            method: Method::Post,
            path: "/ping".into(),
        }];
        assert_eq!(design.probe_path(), None);
    }

    #[test]
    fn method_parse_accepts_any_case_and_rejects_unknown() {
        assert_eq!(Method::parse("get"), Some(Method::Get));
        assert_eq!(Method::parse(" Delete "), Some(Method::Delete));
        assert_eq!(Method::parse("BREW"), None);
    }
}
