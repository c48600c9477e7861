//! The request-path diagram as data: boxes and arrows laid out on a grid, from the
//! client through Ingress, Service and pods to the middleware and handlers.
//!
//! The UI draws it as SVG; keeping layout here lets it be tested natively and keeps
//! the drawing code trivial.

use crate::model::{Design, Middleware};

/// What a box stands for; the UI colours boxes by kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    Client,
    Ingress,
    Service,
    Pods,
    Middleware,
    Group,
    Handler,
}

impl NodeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Client => "client",
            NodeKind::Ingress => "ingress",
            NodeKind::Service => "service",
            NodeKind::Pods => "pods",
            NodeKind::Middleware => "middleware",
            NodeKind::Group => "group",
            NodeKind::Handler => "handler",
        }
    }
}

/// One box.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub kind: NodeKind,
    pub title: String,
    /// A second, smaller line (host, ports, replica count…).
    pub detail: String,
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
    /// The id of the page element that edits what this box shows, if any.
    pub edits: Option<&'static str>,
}

/// An arrow from one box to another, by index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
}

/// The whole drawing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagram {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub width: u32,
    pub height: u32,
}

const BOX_W: u32 = 150;
const BOX_H: u32 = 46;
const GAP_X: u32 = 30;
const GAP_Y: u32 = 28;
const MARGIN: u32 = 10;
/// Handlers listed under one group before the rest are summarised.
const HANDLERS_SHOWN: usize = 6;

struct Builder {
    diagram: Diagram,
}

impl Builder {
    fn add(
        &mut self,
        kind: NodeKind,
        title: String,
        detail: String,
        column: u32,
        row_y: u32,
        edits: Option<&'static str>,
    ) -> usize {
        let x = MARGIN + column * (BOX_W + GAP_X);
        self.diagram.nodes.push(Node {
            kind,
            title,
            detail,
            x,
            y: row_y,
            width: BOX_W,
            height: BOX_H,
            edits,
        });
        self.diagram.width = self.diagram.width.max(x + BOX_W + MARGIN);
        self.diagram.height = self.diagram.height.max(row_y + BOX_H + MARGIN);
        self.diagram.nodes.len() - 1
    }

    fn link(&mut self, from: usize, to: usize) {
        self.diagram.edges.push(Edge { from, to });
    }

    /// Adds a chain of middleware boxes after `from`, returning the last box.
    fn chain<'a>(
        &mut self,
        mut from: usize,
        middleware: impl Iterator<Item = &'a Middleware>,
        mut column: u32,
        y: u32,
    ) -> (usize, u32) {
        for m in middleware {
            let node = self.add(
                NodeKind::Middleware,
                m.label(),
                middleware_detail(m),
                column,
                y,
                Some("middleware"),
            );
            self.link(from, node);
            from = node;
            column += 1;
        }
        (from, column)
    }
}

fn middleware_detail(m: &Middleware) -> String {
    match m {
        Middleware::RequestId { header } => header.clone(),
        Middleware::Cors { allow_origins, .. } => allow_origins.join(", "),
        Middleware::JwtAuth { header, .. } => format!("Bearer in {header}"),
        Middleware::RateLimit {
            requests_per_second,
            burst,
        } => format!("{requests_per_second}/s, burst {burst}"),
        Middleware::Timeout { millis } => format!("{millis} ms"),
        Middleware::Gzip { level } => format!("level {level}"),
        Middleware::Metrics { path } => path.clone(),
        _ => String::new(),
    }
}

/// Lays out the request path of a design.
pub fn layout(design: &Design) -> Diagram {
    let mut b = Builder {
        diagram: Diagram {
            nodes: Vec::new(),
            edges: Vec::new(),
            width: 0,
            height: 0,
        },
    };
    let mut y = MARGIN;
    let client = b.add(
        NodeKind::Client,
        "Client".into(),
        "HTTP request".into(),
        0,
        y,
        None,
    );
    let mut column = 1;
    let mut last = client;
    if let Some(ingress) = &design.cluster.ingress {
        let scheme = if ingress.tls_secret.is_empty() {
            "http"
        } else {
            "https"
        };
        let path = if ingress.path_prefix.is_empty() {
            "/"
        } else {
            ingress.path_prefix.as_str()
        };
        let node = b.add(
            NodeKind::Ingress,
            format!("Ingress ({})", ingress.class_name),
            format!("{scheme}://{}{path}", ingress.host),
            column,
            y,
            Some("cluster-ingress-host"),
        );
        b.link(last, node);
        last = node;
        column += 1;
    }
    let service = b.add(
        NodeKind::Service,
        format!("Service {}", crate::names::of(design).app),
        format!(
            "{} {} → {}",
            design.cluster.service_type.as_str(),
            design.cluster.service_port,
            design.service.port
        ),
        column,
        y,
        Some("cluster-service-port"),
    );
    b.link(last, service);
    let pods = b.add(
        NodeKind::Pods,
        format!("Pods ×{}", design.cluster.replicas),
        format!("Gin on :{}", design.service.port),
        column + 1,
        y,
        Some("replicas"),
    );
    b.link(service, pods);

    y += BOX_H + GAP_Y;
    let (after_global, _) = b.chain(pods, design.middleware.iter(), 0, y);
    for group in &design.groups {
        y += BOX_H + GAP_Y;
        let prefix = if group.prefix.is_empty() {
            "/"
        } else {
            group.prefix.as_str()
        };
        let group_node = b.add(
            NodeKind::Group,
            format!("Group {prefix}"),
            format!("{} route(s)", group.routes.len()),
            0,
            y,
            Some("new-route-path"),
        );
        b.link(after_global, group_node);
        let (last, column) = b.chain(group_node, group.middleware.iter(), 1, y);
        let mut handlers: Vec<String> = group
            .routes
            .iter()
            .take(HANDLERS_SHOWN)
            .map(|r| {
                format!(
                    "{} {}",
                    r.method.as_str(),
                    crate::model::join_path(&group.prefix, &r.path)
                )
            })
            .collect();
        if group.routes.len() > HANDLERS_SHOWN {
            handlers.push(format!("… {} more", group.routes.len() - HANDLERS_SHOWN));
        }
        let handler = b.add(
            NodeKind::Handler,
            "Handlers".into(),
            handlers.join("\n"),
            column,
            y,
            Some("new-route-path"),
        );
        // A handler box grows with its list; the next row starts below it.
        let lines = handlers.len().max(1) as u32;
        let grown = BOX_H.max(22 + 14 * lines);
        b.diagram.nodes[handler].height = grown;
        b.diagram.height = b.diagram.height.max(y + grown + MARGIN);
        y += grown - BOX_H;
        b.link(last, handler);
    }
    b.diagram
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets::PRESETS;

    fn titles(diagram: &Diagram) -> Vec<&str> {
        diagram.nodes.iter().map(|n| n.title.as_str()).collect()
    }

    #[test]
    fn the_article_service_reads_client_to_handler() {
        let design = PRESETS[0].design().unwrap();
        let diagram = layout(&design);
        assert_eq!(
            titles(&diagram),
            [
                "Client",
                "Ingress (nginx)",
                "Service gin-app",
                "Pods ×3",
                "Recovery",
                "Logger",
                "Group /",
                "Handlers",
                "Group /api/v1/user",
                "JWT auth",
                "JSON validation",
                "Handlers"
            ]
        );
        assert_eq!(diagram.nodes[1].detail, "https://app.example.com/service-a");
        assert_eq!(diagram.nodes[2].detail, "ClusterIP 80 → 8080");
        // A box leads to the field that edits what it shows: the Ingress to its
        // routing, the Service to its port, the pods to the replica count.
        let edits: Vec<_> = diagram.nodes[1..4].iter().map(|n| n.edits).collect();
        assert_eq!(
            edits,
            [
                Some("cluster-ingress-host"),
                Some("cluster-service-port"),
                Some("replicas")
            ]
        );
        // Every edge joins existing boxes, and every box but the client has an arrow in.
        for edge in &diagram.edges {
            assert!(edge.from < diagram.nodes.len() && edge.to < diagram.nodes.len());
        }
        for i in 1..diagram.nodes.len() {
            assert!(
                diagram.edges.iter().any(|e| e.to == i),
                "{} has no arrow in",
                diagram.nodes[i].title
            );
        }
    }

    #[test]
    fn boxes_never_overlap_and_fit_the_canvas() {
        for preset in PRESETS {
            let diagram = layout(&preset.design().unwrap());
            for (i, a) in diagram.nodes.iter().enumerate() {
                assert!(a.x + a.width <= diagram.width && a.y + a.height <= diagram.height);
                for b in &diagram.nodes[i + 1..] {
                    let apart = a.x + a.width <= b.x
                        || b.x + b.width <= a.x
                        || a.y + a.height <= b.y
                        || b.y + b.height <= a.y;
                    assert!(apart, "{} overlaps {}", a.title, b.title);
                }
            }
        }
    }

    #[test]
    fn long_route_lists_are_summarised_and_no_ingress_means_client_to_service() {
        let mut design = Design::default();
        design.groups[1].routes = (0..10)
            .map(|i| crate::model::Route::new(crate::model::Method::Get, &format!("/r{i}")))
            .collect();
        let diagram = layout(&design);
        let handlers = diagram
            .nodes
            .iter()
            .rfind(|n| n.kind == NodeKind::Handler)
            .unwrap();
        assert!(handlers.detail.ends_with("… 4 more"), "{}", handlers.detail);
        assert_eq!(diagram.edges[0], Edge { from: 0, to: 1 });
        assert_eq!(diagram.nodes[1].kind, NodeKind::Service);
    }
}
