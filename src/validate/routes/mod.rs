//! Gin routing checks on the design: routes Gin refuses at start-up (`GR1xx`,
//! [`conflicts`]) and middleware chains in an order that answers some requests
//! wrongly (`GR2xx`, [`middleware_order`]).
//!
//! Both read only the design and never fail; findings sit at design fields such as
//! `groups[1].routes[0].path`. [`tree`] is the model of Gin's router they (and the
//! request simulator) share; `tests/gin_oracle.rs` holds it to the real Gin 1.8.1.

pub mod conflicts;
pub mod middleware_order;
pub mod tree;

use crate::model::Design;
use crate::validate::{Diagnostic, Location, Rule};

/// Every routing finding: start-up conflicts first, in registration order, then
/// middleware order.
pub fn validate(design: &Design) -> Vec<Diagnostic> {
    let mut found = conflicts::check(design);
    found.extend(middleware_order::check(design));
    found
}

/// Every `GR` rule, in id order.
pub fn rules() -> Vec<Rule> {
    conflicts::RULES
        .into_iter()
        .chain(middleware_order::RULES)
        .collect()
}

/// A finding of `rule` at design field `path`.
fn finding(rule: &Rule, path: &str, message: String) -> Diagnostic {
    Diagnostic {
        rule: rule.id,
        severity: rule.severity,
        message,
        location: Location::Field {
            path: path.to_owned(),
        },
        fix: None,
    }
}
