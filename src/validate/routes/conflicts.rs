//! Routes Gin refuses at start-up (`GR1xx`): registering, on a model of Gin 1.8.1's
//! router, every route the generated `routers.Setup` registers in its order (groups
//! in order, each group's routes in order followed by the CORS preflight routes it
//! adds, see [`crate::generate::go::registrations`]), every route Gin would panic on
//! is an error. Metrics are served by an engine of their own, on the metrics port.
//!
//! Gin stops at the first panic; these checks go on, leaving the refused route out,
//! so one pass shows every route that needs fixing.

use std::collections::HashMap;

use crate::generate::go::{registrations, Origin, Registration};
use crate::model::Design;
use crate::validate::routes::finding;
use crate::validate::routes::tree::{Conflict, Router, Syntax};
use crate::validate::{Diagnostic, Rule, Severity};

pub const DUPLICATE_ROUTE: Rule = Rule {
    id: "GR101",
    title: "route registered twice",
    severity: Severity::Error,
    why: "Gin keeps one handler chain per method and path; registering a second one \
          panics with \"handlers are already registered for path\" and the service never starts.",
    bad_example: "groups:
- routes:
  - {method: GET, path: /users/:id}
  - {method: GET, path: /users/:id}
",
    good_example: "groups:
- routes:
  - {method: GET, path: /users/:id}
  - {method: PUT, path: /users/:id}
",
};

pub const PARAM_NAME_CONFLICT: Rule = Rule {
    id: "GR102",
    title: "two parameter names at one position",
    severity: Severity::Error,
    why: "Gin's tree has one parameter node per position, so `/users/:id` and \
          `/users/:name/posts` cannot both exist (nor `:id` and `:ids`); Gin panics with \
          \"conflicts with existing wildcard\". Static segments beside a parameter \
          (`/users/new`) are fine since Gin 1.8.",
    bad_example: "groups:
- routes:
  - {method: GET, path: /users/:id}
  - {method: GET, path: /users/:name/posts}
",
    good_example: "groups:
- routes:
  - {method: GET, path: /users/:id}
  - {method: GET, path: /users/:id/posts}
  - {method: GET, path: /users/new}
",
};

pub const CATCH_ALL_CONFLICT: Rule = Rule {
    id: "GR103",
    title: "catch-all shares its position with other routes",
    severity: Severity::Error,
    why: "a catch-all (`*filepath`) takes everything after its '/', so Gin refuses any \
          other route below that '/' in either order: `/src/x` with `/src/*filepath`, \
          `/*any` with `/ping`, `:id` with `*rest`. Gin panics at start-up.",
    bad_example: "groups:
- routes:
  - {method: GET, path: /ping}
  - {method: GET, path: /*any}
",
    good_example: "groups:
- routes:
  - {method: GET, path: /ping}
  - {method: GET, path: /static/*any}
",
};

pub const CATCH_ALL_NOT_LAST: Rule = Rule {
    id: "GR104",
    title: "catch-all is not the last segment",
    severity: Severity::Error,
    why: "a catch-all matches the rest of the path, so nothing can follow it; Gin \
          panics with \"catch-all routes are only allowed at the end of the path\".",
    bad_example: "groups:
- routes:
  - {method: GET, path: /files/*path/raw}
",
    good_example: "groups:
- routes:
  - {method: GET, path: /files/raw/*path}
",
};

pub const UNNAMED_WILDCARD: Rule = Rule {
    id: "GR105",
    title: "wildcard without a name",
    severity: Severity::Error,
    why: "handlers read parameters by name (`c.Param(\"id\")`); Gin panics with \
          \"wildcards must be named with a non-empty name\" on a bare ':' or '*'.",
    bad_example: "groups:
- routes:
  - {method: GET, path: '/users/:'}
",
    good_example: "groups:
- routes:
  - {method: GET, path: /users/:id}
",
};

pub const TWO_WILDCARDS_IN_SEGMENT: Rule = Rule {
    id: "GR106",
    title: "two wildcards in one segment",
    severity: Severity::Error,
    why: "Gin cannot tell where one wildcard ends and the next begins inside a \
          segment; it panics with \"only one wildcard per path segment is allowed\".",
    bad_example: "groups:
- routes:
  - {method: GET, path: /files/:name:ext}
",
    good_example: "groups:
- routes:
  - {method: GET, path: /files/:name/:ext}
",
};

pub const NO_SLASH_BEFORE_CATCH_ALL: Rule = Rule {
    id: "GR107",
    title: "catch-all does not start a segment",
    severity: Severity::Error,
    why: "Gin stores a catch-all together with the '/' before it; `/files*path` \
          panics with \"no / before catch-all\" (or an index error when other routes \
          share the prefix).",
    bad_example: "groups:
- routes:
  - {method: GET, path: /files*path}
",
    good_example: "groups:
- routes:
  - {method: GET, path: /files/*path}
",
};

/// The `GR1xx` rules.
pub const RULES: [Rule; 7] = [
    DUPLICATE_ROUTE,
    PARAM_NAME_CONFLICT,
    CATCH_ALL_CONFLICT,
    CATCH_ALL_NOT_LAST,
    UNNAMED_WILDCARD,
    TWO_WILDCARDS_IN_SEGMENT,
    NO_SLASH_BEFORE_CATCH_ALL,
];

/// Where a registered route comes from, for messages: its design field (written
/// only for a finding, as the editor runs this on every keystroke) and what it is
/// when the design does not list it as a route.
fn field(r: &Registration) -> String {
    match &r.origin {
        Origin::Route { group, route } | Origin::Preflight { group, route } => {
            format!("groups[{group}].routes[{route}].path")
        }
    }
}

/// `GET /users/:id`, saying what the generated router adds it for when the design
/// does not list it; with `at`, also where it comes from.
fn title(r: &Registration, at: bool) -> String {
    let route = format!("{} {}", r.method.as_str(), r.full_path);
    match (&r.origin, at) {
        (Origin::Route { .. }, false) => route,
        (Origin::Route { .. }, true) => format!("{route} ({})", field(r)),
        (Origin::Preflight { .. }, false) => {
            format!("{route} (the CORS preflight route the router adds)")
        }
        (Origin::Preflight { .. }, true) => format!(
            "{route} (the CORS preflight route the router adds for {})",
            field(r)
        ),
    }
}

/// Every route Gin would refuse, at the design field it comes from.
pub fn check(design: &Design) -> Vec<Diagnostic> {
    let routes = registrations(design);
    let mut router = Router::new();
    let mut registered: HashMap<(&str, &str), usize> = HashMap::new();
    let mut found = Vec::new();
    for (id, route) in routes.iter().enumerate() {
        // Gin reports some repeats (a catch-all registered twice) as wildcard
        // conflicts; naming them as repeats is what helps.
        let method = route.method.as_str();
        let result = match registered.get(&(method, route.full_path.as_str())) {
            Some(&existing) => Err(Conflict::Duplicate { existing }),
            None => router.insert(method, &route.full_path, id),
        };
        match result {
            Ok(()) => {
                registered.insert((method, &route.full_path), id);
            }
            Err(conflict) => found.push(diagnostic(&conflict, route, &routes)),
        }
    }
    found
}

fn diagnostic(conflict: &Conflict, new: &Registration, routes: &[Registration]) -> Diagnostic {
    let route = title(new, false);
    let other = |id: usize| title(&routes[id], true);
    let panics = "Gin panics at start-up";
    let (rule, message, fix) = match conflict {
        Conflict::Duplicate { existing } => (
            &DUPLICATE_ROUTE,
            format!("route {route} is registered twice, first as {}: {panics}", other(*existing)),
            "remove one of them, or change its method or path".to_owned(),
        ),
        Conflict::ParamName { new: param, existing_param, existing } => (
            &PARAM_NAME_CONFLICT,
            format!(
                "parameter {param} in {route} conflicts with parameter {existing_param} of {}: one position holds one parameter name, so {panics}",
                other(*existing)
            ),
            format!("name it {existing_param} in both routes"),
        ),
        Conflict::CatchAll { new: part, existing_part, existing } => {
            (
                &CATCH_ALL_CONFLICT,
                format!(
                    "{} in {route} conflicts with {} of {}: a catch-all must be alone below its '/', so {panics}",
                    describe(part),
                    describe(existing_part),
                    other(*existing)
                ),
                "give the catch-all a prefix of its own, such as /static/*filepath, or serve the other path from the catch-all's handler".to_owned(),
            )
        }
        Conflict::Syntax(syntax) => match syntax {
            Syntax::TwoWildcards { segment } => (
                &TWO_WILDCARDS_IN_SEGMENT,
                format!("segment {segment} of {route} holds two wildcards: {panics}"),
                "give each wildcard a segment of its own, such as /:name/:ext".to_owned(),
            ),
            Syntax::Unnamed { wildcard } => (
                &UNNAMED_WILDCARD,
                format!("wildcard '{wildcard}' in {route} has no name: {panics}"),
                format!(
                    "name it, such as {}",
                    if wildcard == "*" { "*filepath" } else { ":id" }
                ),
            ),
            Syntax::CatchAllNotLast { wildcard } => (
                &CATCH_ALL_NOT_LAST,
                format!("catch-all {wildcard} in {route} is not the last segment: {panics}"),
                format!("end the path with {wildcard}, or use a parameter :{} instead", &wildcard[1..]),
            ),
            Syntax::NoSlashBeforeCatchAll { wildcard } => (
                &NO_SLASH_BEFORE_CATCH_ALL,
                format!("catch-all {wildcard} in {route} does not follow a '/': {panics}"),
                format!("put a '/' before {wildcard}"),
            ),
        },
    };
    finding(rule, &field(new), message).with_fix(fix)
}

/// Names a piece of a path for a message: `catch-all *filepath`, `segment x`.
fn describe(part: &str) -> String {
    match part.as_bytes().first() {
        None => "the trailing '/'".to_owned(),
        Some(b'*') => format!("catch-all {part}"),
        Some(b':') => format!("parameter {part}"),
        Some(_) => format!("segment {part}"),
    }
}
