//! The presets: design files shipped in `presets/`, compiled into the app and the
//! command so both offer the same starting points.

use crate::design_file::{parse_design, DesignFileError};
use crate::model::Design;

/// One preset design file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    /// The file stem in `presets/`.
    pub id: &'static str,
    pub title: &'static str,
}

/// Every preset, the article's service first.
pub const PRESETS: [Preset; 3] = [
    Preset {
        id: "article-service",
        title: "The article's service",
    },
    Preset {
        id: "minimal-public-api",
        title: "Minimal public API",
    },
    Preset {
        id: "production-hardened",
        title: "Production-hardened",
    },
];

impl Preset {
    /// The design file's text. Only code that reads it links it in: the page's menu
    /// lists presets by id and title, and the worker reads their text.
    pub fn text(&self) -> &'static str {
        match self.id {
            "article-service" => include_str!("../presets/article-service.yaml"),
            "minimal-public-api" => include_str!("../presets/minimal-public-api.yaml"),
            "production-hardened" => include_str!("../presets/production-hardened.yaml"),
            _ => "",
        }
    }

    /// The preset's design; presets are tested to parse, so an error here is a bug in
    /// a preset file, reported rather than panicking.
    pub fn design(&self) -> Result<Design, DesignFileError> {
        parse_design(self.text())
    }
}

/// The preset with this id.
pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_is_a_valid_design() {
        for preset in PRESETS {
            let design = preset
                .design()
                .unwrap_or_else(|e| panic!("{}: {e}", preset.id));
            assert_ne!(design, Design::default(), "{}", preset.id);
        }
    }

    #[test]
    fn the_article_preset_comes_first_and_keeps_the_articles_shape() {
        let design = PRESETS[0].design().unwrap();
        assert_eq!(design.cluster.replicas, 3);
        assert_eq!(design.cluster.service_port, 80);
        assert_eq!(design.service.port, 8080);
        let ingress = design.cluster.ingress.as_ref().unwrap();
        assert_eq!(
            (ingress.host.as_str(), ingress.path_prefix.as_str()),
            ("app.example.com", "/service-a")
        );
        let user = design
            .groups
            .iter()
            .find(|g| g.prefix == "/api/v1/user")
            .unwrap();
        assert!(design.requires_auth(user));
        assert!(design.routes().any(|r| r.full_path == "/ping"));
        let plain: Vec<(&str, &str)> = design
            .config
            .vars
            .iter()
            .filter(|v| !v.secret)
            .map(|v| (v.name.as_str(), v.value.as_str()))
            .collect();
        assert_eq!(plain, [("LOG_LEVEL", "debug"), ("TIMEOUT", "30s")]);
    }

    #[test]
    fn find_by_id() {
        assert_eq!(
            find("minimal-public-api").map(|p| p.title),
            Some("Minimal public API")
        );
        assert_eq!(find("nope"), None);
    }
}
