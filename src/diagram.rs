//! The request-path diagram as data: boxes and arrows laid out on a grid, from the
//! client through Ingress, Service and pods to the middleware and handlers.
//!
//! The UI draws it as SVG; keeping layout here lets it be tested natively and keeps
//! the drawing code trivial.

use crate::model::{Design, GatewayMode, Middleware};

/// What a box stands for; the UI colours boxes by kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    Client,
    Ingress,
    /// A Gateway with the design's HTTPRoute.
    Gateway,
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
            NodeKind::Gateway => "gateway",
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

/// Average glyph widths of the SVG's fonts (12 px bold titles, 11 px details),
/// rounded up so a fitted line never runs past its box.
const TITLE_CHAR_W: f32 = 7.4;
const DETAIL_CHAR_W: f32 = 6.6;
/// Room a line of text has inside a box.
const TEXT_INSET: u32 = 8;

/// `text` cut to `chars` characters, the cut marked with an ellipsis.
fn fit(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        text.to_owned()
    } else {
        let kept: String = text.chars().take(chars.saturating_sub(1)).collect();
        format!("{kept}…")
    }
}

impl Node {
    fn chars(&self, char_w: f32) -> usize {
        ((self.width - 2 * TEXT_INSET) as f32 / char_w) as usize
    }

    /// The title as drawn: cut to fit the box (the full text is the box's tooltip).
    pub fn shown_title(&self) -> String {
        fit(&self.title, self.chars(TITLE_CHAR_W))
    }

    /// The detail lines as drawn, each cut to fit the box.
    pub fn shown_detail(&self) -> Vec<String> {
        let chars = self.chars(DETAIL_CHAR_W);
        self.detail.lines().map(|l| fit(l, chars)).collect()
    }
}

impl Diagram {
    /// The points of an edge's line: on one row, from the right side to the left
    /// side; otherwise down into the gap under the source's row, left to the lane
    /// along the diagram's left edge, down the lane and right into the target, so no
    /// line crosses a box.
    pub fn route(&self, edge: &Edge) -> Vec<(u32, u32)> {
        let (a, b) = (&self.nodes[edge.from], &self.nodes[edge.to]);
        if a.y == b.y {
            // Every box is at least BOX_H tall: the line runs at the row's middle.
            let y = a.y + BOX_H / 2;
            return vec![(a.x + a.width, y), (b.x, y)];
        }
        let gap = a.y + a.height + GAP_Y / 2;
        let lane = LANE / 2;
        vec![
            (a.x + a.width / 2, a.y + a.height),
            (a.x + a.width / 2, gap),
            (lane, gap),
            (lane, b.y + BOX_H / 2),
            (b.x, b.y + BOX_H / 2),
        ]
    }
}

/// The whole drawing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagram {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub width: u32,
    pub height: u32,
}

const BOX_W: u32 = 190;
/// The strip left of the first column where lines between rows run.
const LANE: u32 = 16;
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
        let x = LANE + MARGIN + column * (BOX_W + GAP_X);
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
        let tls = if ingress.tls_secret.is_empty() {
            ""
        } else {
            ", TLS"
        };
        let path = if ingress.path_prefix.is_empty() {
            "/"
        } else {
            ingress.path_prefix.as_str()
        };
        let node = b.add(
            NodeKind::Ingress,
            format!("Ingress ({}{tls})", ingress.class_name),
            format!("{}{path}", ingress.host),
            column,
            y,
            Some("cluster-ingress-host"),
        );
        b.link(last, node);
        last = node;
        column += 1;
    }
    if let Some(gateway) = &design.cluster.gateway {
        let (title, edits) = match gateway.mode {
            GatewayMode::Attach => (
                format!("Gateway {} (HTTPRoute)", gateway.gateway_name),
                "cluster-gateway-name",
            ),
            GatewayMode::Generate if gateway.tls_secret.is_empty() => (
                format!("Gateway ({})", gateway.class_name),
                "cluster-gateway-class",
            ),
            GatewayMode::Generate => (
                format!("Gateway ({}, TLS)", gateway.class_name),
                "cluster-gateway-class",
            ),
        };
        let host = match gateway.hostnames.as_slice() {
            [] => "any host",
            [one, ..] => one.as_str(),
        };
        let more = match gateway.hostnames.len() {
            0 | 1 => String::new(),
            n => format!(" +{}", n - 1),
        };
        let path = if gateway.path_prefix.is_empty() {
            "/"
        } else {
            gateway.path_prefix.as_str()
        };
        let node = b.add(
            NodeKind::Gateway,
            title,
            format!("{host}{path}{more}"),
            column,
            y,
            Some(edits),
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
                "Ingress (nginx, TLS)",
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
        assert_eq!(diagram.nodes[1].detail, "app.example.com/service-a");
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

    /// Whether the segment from `p` to `q` (horizontal or vertical) passes through
    /// the inside of `n`.
    fn crosses(p: (u32, u32), q: (u32, u32), n: &Node) -> bool {
        let (x0, x1) = (p.0.min(q.0), p.0.max(q.0));
        let (y0, y1) = (p.1.min(q.1), p.1.max(q.1));
        x0 < n.x + n.width && x1 > n.x && y0 < n.y + n.height && y1 > n.y
    }

    #[test]
    fn lines_never_cross_a_box_and_text_fits_its_box() {
        let mut designs: Vec<Design> = PRESETS.iter().map(|p| p.design().unwrap()).collect();
        let mut busy = PRESETS[2].design().unwrap();
        busy.groups[1]
            .middleware
            .push(Middleware::Gzip { level: 5 });
        busy.groups[1].routes[0].path = "/a/very/long/path/:with/:params/and/more".into();
        designs.push(busy);
        designs.push(Design::default());
        for design in designs {
            let diagram = layout(&design);
            for edge in &diagram.edges {
                let points = diagram.route(edge);
                for pair in points.windows(2) {
                    let (p, q) = (pair[0], pair[1]);
                    assert!(p.0 == q.0 || p.1 == q.1, "segments are straight");
                    for (i, node) in diagram.nodes.iter().enumerate() {
                        if i != edge.from && i != edge.to {
                            assert!(
                                !crosses(p, q, node),
                                "{} → {} crosses {}",
                                diagram.nodes[edge.from].title,
                                diagram.nodes[edge.to].title,
                                node.title
                            );
                        }
                    }
                }
                let last = points[points.len() - 1];
                let target = &diagram.nodes[edge.to];
                assert_eq!(last.0, target.x, "arrows end on the target's left side");
            }
            for node in &diagram.nodes {
                let room = (node.width - 2 * TEXT_INSET) as f32;
                assert!(node.shown_title().chars().count() as f32 * TITLE_CHAR_W <= room);
                for line in node.shown_detail() {
                    assert!(
                        line.chars().count() as f32 * DETAIL_CHAR_W <= room,
                        "{line}"
                    );
                }
            }
        }
        let article = layout(&PRESETS[0].design().unwrap());
        assert_eq!(
            article.nodes[1].shown_detail(),
            ["app.example.com/service-a"]
        );
        let long = Node {
            detail: "a-very-long-host-name.example.com/prefix".into(),
            ..article.nodes[1].clone()
        };
        assert_eq!(long.shown_detail(), ["a-very-long-host-name.exa…"]);
    }

    #[test]
    fn long_route_lists_are_summarised_and_no_routing_means_client_to_service() {
        let mut design = Design::default();
        assert_eq!(layout(&design).nodes[1].kind, NodeKind::Gateway);
        design.cluster.gateway = None;
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
