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
use crate::model::{Design, Method, Route, RouteGroup};

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
    /// Add the route described by the new-route method and path to the group whose
    /// prefix matches the path best.
    AddRoute,
    /// Remove a route, addressed by group index and route index within the group.
    RemoveRoute { group: usize, route: usize },
    /// Replace the whole design (a preset or an imported design file); undoable.
    Load(Box<Design>),
    /// Go back to the design before the last change.
    Undo,
    /// Re-apply a change that was undone.
    Redo,
}

/// How many earlier designs undo can return to.
const HISTORY_LIMIT: usize = 100;

/// The design, the text of each field and the problems with that text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Editor {
    pub design: Design,
    pub new_route_method: Method,
    drafts: BTreeMap<Field, String>,
    errors: BTreeMap<Field, FieldError>,
    /// Earlier designs, oldest first, for undo.
    past: Vec<Design>,
    /// Undone designs, most recently undone last, for redo.
    future: Vec<Design>,
    /// The field the last action typed into: keystrokes in one field make one undo step.
    last_edit: Option<Field>,
}

impl Editor {
    /// An editor whose fields show the design's values.
    pub fn new(design: Design) -> Editor {
        let mut editor = Editor {
            design,
            new_route_method: Method::Get,
            drafts: BTreeMap::new(),
            errors: BTreeMap::new(),
            past: Vec::new(),
            future: Vec::new(),
            last_edit: None,
        };
        editor.show_design();
        editor
    }

    /// Sets every field's text to the design's value and forgets field errors (after a
    /// load, undo or redo the design, not the old text, is what the user sees).
    fn show_design(&mut self) {
        let design = &self.design;
        self.drafts = BTreeMap::from([
            (Field::Name, design.service.name.clone()),
            (Field::Port, design.service.port.to_string()),
            (Field::Replicas, design.cluster.replicas.to_string()),
            (Field::Image, design.delivery.image.clone()),
            (Field::NewRoutePath, String::new()),
        ]);
        self.errors.clear();
        self.last_edit = None;
    }

    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }

    fn step(&self, back: bool) -> Editor {
        let mut next = self.clone();
        let (from, to) = if back {
            (&mut next.past, &mut next.future)
        } else {
            (&mut next.future, &mut next.past)
        };
        if let Some(design) = from.pop() {
            to.push(std::mem::replace(&mut next.design, design));
            next.show_design();
        }
        next
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
                .routes()
                .any(|r| r.route.method == method && r.full_path == path);
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
            let (group, relative) = group_for(design, &path);
            design.groups[group]
                .routes
                .push(Route::new(method, &relative));
        });
        if added {
            self.drafts.insert(Field::NewRoutePath, String::new());
        }
    }
}

/// The group a new route with this full path belongs to (the longest prefix that
/// ends at a segment boundary) and the path relative to it. A design without a
/// top-level group gets one.
fn group_for(design: &mut Design, full_path: &str) -> (usize, String) {
    let best = design
        .groups
        .iter()
        .enumerate()
        .filter(|(_, g)| !g.prefix.is_empty())
        .filter_map(|(i, g)| {
            let prefix = g.prefix.trim_end_matches('/');
            let rest = full_path.strip_prefix(prefix)?;
            (rest.is_empty() || rest.starts_with('/')).then(|| (i, prefix.len(), rest.to_owned()))
        })
        .max_by_key(|(_, len, _)| *len);
    if let Some((index, _, rest)) = best {
        return (index, rest);
    }
    let root = match design.groups.iter().position(|g| g.prefix.is_empty()) {
        Some(index) => index,
        None => {
            design.groups.insert(0, RouteGroup::default());
            0
        }
    };
    (root, full_path.to_owned())
}

impl Default for Editor {
    fn default() -> Self {
        Editor::new(Design::default())
    }
}

/// The state after one action. Never panics; an out-of-range index is ignored.
/// Every change of the design is one undo step, except that keystrokes into the
/// same field merge into one.
pub fn apply(editor: &Editor, action: Action) -> Editor {
    let typed = match &action {
        Action::Undo => return editor.step(true),
        Action::Redo => return editor.step(false),
        Action::Edit(field, _) => Some(*field),
        _ => None,
    };
    let mut next = editor.clone();
    change(&mut next, action);
    if next.design != editor.design {
        next.future.clear();
        if typed.is_none() || typed != editor.last_edit {
            next.past.push(editor.design.clone());
            if next.past.len() > HISTORY_LIMIT {
                next.past.remove(0);
            }
        }
        next.last_edit = typed;
    }
    next
}

fn change(next: &mut Editor, action: Action) {
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
                    d.delivery.image = v
                }),
                // The path is checked when the route is added, not on every keystroke.
                Field::NewRoutePath => {
                    next.errors.remove(&field);
                }
            }
        }
        Action::SetNewRouteMethod(method) => next.new_route_method = method,
        Action::AddRoute => next.add_route(),
        Action::RemoveRoute { group, route } => {
            if let Some(group) = next.design.groups.get_mut(group) {
                if route < group.routes.len() {
                    group.routes.remove(route);
                }
            }
        }
        Action::Load(design) => {
            next.design = *design;
            next.show_design();
        }
        Action::Undo | Action::Redo => {}
    }
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
        assert_eq!(editor.design.delivery.image, "example.org/orders:1.0.0");
        assert_eq!(editor.errors().count(), 0);
    }

    #[test]
    fn routes_join_the_group_with_the_longest_matching_prefix() {
        let editor = apply(&Editor::default(), Action::SetNewRouteMethod(Method::Post));
        let editor = edit(&editor, Field::NewRoutePath, "/api/v1/users");
        let editor = apply(&editor, Action::AddRoute);
        let api = &editor.design.groups[1];
        assert_eq!(api.prefix, "/api/v1");
        assert_eq!(api.routes.last(), Some(&Route::new(Method::Post, "/users")));
        assert_eq!(editor.draft(Field::NewRoutePath), "");
        // "/api/v10" shares characters with "/api/v1" but not a segment boundary.
        let editor = apply(
            &edit(&editor, Field::NewRoutePath, "/api/v10"),
            Action::AddRoute,
        );
        assert_eq!(
            editor.design.groups[0].routes.last(),
            Some(&Route::new(Method::Post, "/api/v10"))
        );
    }

    #[test]
    fn a_design_without_a_top_level_group_gets_one() {
        let mut design = Design::default();
        design.groups.remove(0);
        let editor = apply(
            &edit(&Editor::new(design), Field::NewRoutePath, "/ping"),
            Action::AddRoute,
        );
        assert_eq!(editor.design.groups[0].prefix, "");
        assert_eq!(
            editor.design.groups[0].routes,
            [Route::new(Method::Get, "/ping")]
        );
    }

    #[test]
    fn a_duplicate_or_malformed_route_is_refused_with_a_reason() {
        let before = edit(&Editor::default(), Field::NewRoutePath, "/api/v1/users/:id");
        let after = apply(&before, Action::AddRoute);
        assert_eq!(after.design, before.design);
        assert_eq!(after.draft(Field::NewRoutePath), "/api/v1/users/:id");
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
    fn removing_a_route_ignores_stale_indexes() {
        let editor = Editor::default();
        let removed = apply(&editor, Action::RemoveRoute { group: 0, route: 0 });
        assert_eq!(
            removed.design.groups[0].routes.len(),
            editor.design.groups[0].routes.len() - 1
        );
        assert_eq!(
            apply(
                &removed,
                Action::RemoveRoute {
                    group: 0,
                    route: 99
                }
            ),
            removed
        );
        assert_eq!(
            apply(
                &removed,
                Action::RemoveRoute {
                    group: 99,
                    route: 0
                }
            ),
            removed
        );
    }

    #[test]
    fn undo_and_redo_walk_the_history_and_typing_is_one_step() {
        let start = Editor::default();
        let typed = ["9", "90", "909", "9090"]
            .into_iter()
            .fold(start.clone(), |e, text| edit(&e, Field::Port, text));
        let renamed = edit(&typed, Field::Name, "orders");
        assert!(renamed.can_undo() && !renamed.can_redo());
        let back = apply(&renamed, Action::Undo);
        assert_eq!(back.design.service.name, "hello-gin");
        assert_eq!(back.design.service.port, 9090);
        let back = apply(&back, Action::Undo);
        assert_eq!(back.design, start.design);
        assert_eq!(back.draft(Field::Port), "8080");
        assert!(!back.can_undo());
        let forward = apply(&apply(&back, Action::Redo), Action::Redo);
        assert_eq!(forward.design, renamed.design);
        assert_eq!(forward.draft(Field::Name), "orders");
        // A new change after undo drops the redo branch.
        let branched = edit(&apply(&forward, Action::Undo), Field::Replicas, "5");
        assert!(!branched.can_redo());
    }

    #[test]
    fn invalid_text_and_failed_actions_make_no_undo_step() {
        let editor = edit(&Editor::default(), Field::Port, "70000");
        assert!(!editor.can_undo());
        let editor = apply(&editor, Action::AddRoute);
        assert!(!editor.can_undo());
        assert_eq!(apply(&editor, Action::Undo).design, editor.design);
        // The first valid text after an invalid one is its own step.
        let fixed = edit(&editor, Field::Port, "9090");
        assert_eq!(apply(&fixed, Action::Undo).design.service.port, 8080);
    }

    #[test]
    fn history_is_bounded() {
        let mut editor = Editor::default();
        for i in 0..(HISTORY_LIMIT + 20) {
            let field = if i % 2 == 0 {
                Field::Port
            } else {
                Field::Replicas
            };
            editor = edit(&editor, field, &(i % 900 + 1).to_string());
        }
        assert_eq!(editor.past.len(), HISTORY_LIMIT);
    }

    #[test]
    fn a_loaded_design_can_be_undone() {
        let preset = crate::presets::PRESETS[2].design().unwrap();
        let editor = apply(&Editor::default(), Action::Load(Box::new(preset)));
        assert_eq!(apply(&editor, Action::Undo).design, Design::default());
    }

    #[test]
    fn loading_a_design_resets_the_fields_to_it() {
        let mut design = Design::default();
        design.service.port = 7000;
        let editor = edit(&Editor::default(), Field::Port, "abc");
        let loaded = apply(&editor, Action::Load(Box::new(design.clone())));
        assert_eq!(loaded.design, design);
        assert_eq!(loaded.draft(Field::Port), "7000");
        assert_eq!(loaded.errors().count(), 0);
    }
}
