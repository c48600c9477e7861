//! The editing state behind the page, as a pure reducer: [`apply`] takes the current
//! [`Editor`] and one user [`Action`] and returns the next state.
//!
//! The editor keeps the user's raw text for every field, so nothing typed is lost,
//! and admits a value into the [`Design`] only once it parses. While a field is
//! invalid the design keeps its last valid value, so every generated file stays
//! well-formed.

use std::collections::BTreeMap;

use crate::fields::{
    parse_image, parse_name, parse_port, parse_replicas, parse_route_path, FieldError,
};
use crate::model::{Design, Method, Route};

/// An input of the design form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Name,
    Port,
    Replicas,
    Image,
    /// The path of the route about to be added.
    NewRoutePath,
}

/// One thing a user does to the design.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// The text of a field changed.
    Edit(Field, String),
    /// The method picked for the route about to be added.
    SetNewRouteMethod(Method),
    /// Add the route described by the new-route method and path.
    AddRoute,
    /// Remove the route at this index of the design's route list.
    RemoveRoute(usize),
}

/// The design, the text of each field and the problems with that text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Editor {
    pub design: Design,
    pub new_route_method: Method,
    drafts: BTreeMap<Field, String>,
    errors: BTreeMap<Field, FieldError>,
}

impl Editor {
    /// An editor whose fields show the design's values.
    pub fn new(design: Design) -> Editor {
        let drafts = BTreeMap::from([
            (Field::Name, design.service.name.clone()),
            (Field::Port, design.service.port.to_string()),
            (Field::Replicas, design.cluster.replicas.to_string()),
            (Field::Image, design.container.image.clone()),
            (Field::NewRoutePath, String::new()),
        ]);
        Editor {
            design,
            new_route_method: Method::Get,
            drafts,
            errors: BTreeMap::new(),
        }
    }

    /// The text the user last typed into a field.
    pub fn draft(&self, field: Field) -> &str {
        self.drafts.get(&field).map_or("", String::as_str)
    }

    /// Why the field's text is not in the design, if it is not.
    pub fn error(&self, field: Field) -> Option<&FieldError> {
        self.errors.get(&field)
    }

    /// Every field whose text is not in the design, with the reason.
    pub fn errors(&self) -> impl Iterator<Item = (Field, &FieldError)> {
        self.errors.iter().map(|(field, error)| (*field, error))
    }

    fn record<T>(
        &mut self,
        field: Field,
        parsed: Result<T, FieldError>,
        admit: impl FnOnce(&mut Design, T),
    ) {
        match parsed {
            Ok(value) => {
                admit(&mut self.design, value);
                self.errors.remove(&field);
            }
            Err(error) => {
                self.errors.insert(field, error);
            }
        }
    }

    fn add_route(&mut self) {
        let method = self.new_route_method;
        let parsed = parse_route_path(self.draft(Field::NewRoutePath)).and_then(|path| {
            let exists = self
                .design
                .routes
                .iter()
                .any(|r| r.method == method && r.path == path);
            if exists {
                Err(FieldError::DuplicateRoute {
                    method: method.as_str(),
                    path,
                })
            } else {
                Ok(path)
            }
        });
        let added = parsed.is_ok();
        self.record(Field::NewRoutePath, parsed, |design, path| {
            design.routes.push(Route { method, path });
        });
        if added {
            self.drafts.insert(Field::NewRoutePath, String::new());
        }
    }
}

impl Default for Editor {
    fn default() -> Self {
        Editor::new(Design::default())
    }
}

/// The state after one action. Never panics; an out-of-range index is ignored.
pub fn apply(editor: &Editor, action: Action) -> Editor {
    let mut next = editor.clone();
    match action {
        Action::Edit(field, text) => {
            let parsed_text = text.clone();
            next.drafts.insert(field, text);
            match field {
                Field::Name => {
                    next.record(field, parse_name(&parsed_text), |d, v| d.service.name = v)
                }
                Field::Port => {
                    next.record(field, parse_port(&parsed_text), |d, v| d.service.port = v)
                }
                Field::Replicas => next.record(field, parse_replicas(&parsed_text), |d, v| {
                    d.cluster.replicas = v
                }),
                Field::Image => next.record(field, parse_image(&parsed_text), |d, v| {
                    d.container.image = v
                }),
                // The path is checked when the route is added, not on every keystroke.
                Field::NewRoutePath => {
                    next.errors.remove(&field);
                }
            }
        }
        Action::SetNewRouteMethod(method) => next.new_route_method = method,
        Action::AddRoute => next.add_route(),
        Action::RemoveRoute(index) => {
            if index < next.design.routes.len() {
                next.design.routes.remove(index);
            }
        }
    }
    next
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(editor: &Editor, field: Field, text: &str) -> Editor {
        apply(editor, Action::Edit(field, text.into()))
    }

    #[test]
    fn a_valid_port_enters_the_design() {
        let editor = edit(&Editor::default(), Field::Port, "9090");
        assert_eq!(editor.design.service.port, 9090);
        assert_eq!(editor.error(Field::Port), None);
    }

    #[test]
    fn an_invalid_port_keeps_the_text_and_the_last_valid_design() {
        let editor = edit(&Editor::default(), Field::Port, "9090");
        let editor = edit(&editor, Field::Port, "70000");
        assert_eq!(editor.draft(Field::Port), "70000");
        assert_eq!(editor.design.service.port, 9090);
        assert_eq!(
            editor
                .error(Field::Port)
                .map(ToString::to_string)
                .as_deref(),
            Some("port 70000 is out of range: use 1 to 65535")
        );
        let fixed = edit(&editor, Field::Port, "8081");
        assert_eq!(fixed.error(Field::Port), None);
        assert_eq!(fixed.design.service.port, 8081);
    }

    #[test]
    fn each_field_reaches_its_design_value() {
        let mut editor = Editor::default();
        for (field, text) in [
            (Field::Name, "orders"),
            (Field::Replicas, "4"),
            (Field::Image, "example.org/orders:1.0.0"),
        ] {
            editor = edit(&editor, field, text);
        }
        assert_eq!(editor.design.service.name, "orders");
        assert_eq!(editor.design.cluster.replicas, 4);
        assert_eq!(editor.design.container.image, "example.org/orders:1.0.0");
        assert_eq!(editor.errors().count(), 0);
    }

    #[test]
    fn routes_are_added_with_the_chosen_method_and_cleared_input() {
        let editor = apply(&Editor::default(), Action::SetNewRouteMethod(Method::Post));
        let editor = edit(&editor, Field::NewRoutePath, "/api/v1/users");
        let editor = apply(&editor, Action::AddRoute);
        assert_eq!(
            editor.design.routes.last(),
            Some(&Route {
                method: Method::Post,
                path: "/api/v1/users".into()
            })
        );
        assert_eq!(editor.draft(Field::NewRoutePath), "");
    }

    #[test]
    fn a_duplicate_or_malformed_route_is_refused_with_a_reason() {
        let before = edit(&Editor::default(), Field::NewRoutePath, "/ping");
        let after = apply(&before, Action::AddRoute);
        assert_eq!(after.design.routes, before.design.routes);
        assert_eq!(after.draft(Field::NewRoutePath), "/ping");
        assert!(matches!(
            after.error(Field::NewRoutePath),
            Some(FieldError::DuplicateRoute { .. })
        ));
        let bad = apply(&edit(&after, Field::NewRoutePath, "ping"), Action::AddRoute);
        assert!(matches!(
            bad.error(Field::NewRoutePath),
            Some(FieldError::BadRoutePath { .. })
        ));
    }

    #[test]
    fn removing_a_route_by_index_ignores_stale_indexes() {
        let editor = Editor::default();
        let count = editor.design.routes.len();
        let removed = apply(&editor, Action::RemoveRoute(0));
        assert_eq!(removed.design.routes.len(), count - 1);
        assert_eq!(apply(&removed, Action::RemoveRoute(99)), removed);
    }
}
