//! Live validation of the design's own bundle: the route and middleware rules on the
//! design, and the file validators on the files generated from it.

use crate::bundle::GeneratedFile;
use crate::model::Design;
use crate::validate::{dockerfile, routes, Diagnostic};

/// Every finding on a design and its generated files, design findings first.
pub fn validate_bundle(design: &Design, files: &[GeneratedFile]) -> Vec<Diagnostic> {
    let mut found = routes::validate(design);
    for file in files {
        if file.path == "Dockerfile" {
            let options = dockerfile::Options {
                expected_port: Some(design.service.port),
            };
            found.extend(dockerfile::validate(&file.path, &file.contents, &options));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::render;
    use crate::model::Middleware;
    use crate::presets::PRESETS;
    use crate::validate::{Location, Severity};

    #[test]
    fn presets_have_no_errors_or_warnings() {
        for preset in PRESETS {
            let design = preset.design().unwrap();
            let found: Vec<String> = validate_bundle(&design, &render(&design))
                .into_iter()
                .filter(|d| d.severity != Severity::Info)
                .map(|d| d.to_line())
                .collect();
            assert_eq!(found, Vec::<String>::new(), "{}", preset.id);
        }
    }

    #[test]
    fn a_design_mistake_is_reported_at_its_field() {
        let mut design = Design::default();
        design.middleware.insert(0, Middleware::Logger);
        let found = validate_bundle(&design, &render(&design));
        let recovery = found
            .iter()
            .find(|d| d.rule == "GR201")
            .expect("recovery-first rule fires");
        assert!(
            matches!(&recovery.location, Location::Field { path } if path.starts_with("middleware"))
        );
    }
}
