//! Importing a pasted Dockerfile or Kubernetes YAML stream into a design.
//!
//! [`import`] reads what the file says about the fields a design has and proposes
//! a new design, the [`Change`]s from the base, and what it left out and why.
//!
//! What it promises:
//! - Every value goes through the parser the design's form uses for that field
//!   ([`crate::fields`]); a value the parser refuses is not applied and
//!   [`Import::skipped`] carries the parser's reason and where the value was.
//! - The design returned passes [`crate::design_file::check`]. Values enter one at
//!   a time, as the editor admits typed ones: a value the whole design would refuse
//!   (a `minAvailable` not below the replicas) is skipped with the check's reason.
//!   Refused values are tried again once the others are in, so the order of the
//!   file does not matter.
//! - Secret values never enter: a Secret gives only its key names, which become
//!   secret config variables with empty values.
//! - [`Import::changes`] lists exactly the fields whose values differ from the
//!   base, leaf by leaf, each by its design-file path (`cluster.replicas`) and the
//!   label the page gives it ([`crate::field_labels`]), values as text (never a
//!   JSON object; secret values hidden).
//! - The import merges: only what the pasted objects say changes. A kind the paste
//!   does not hold changes nothing, so a pasted Deployment and Service leave the
//!   design's Ingress, autoscaling, disruption budget and NetworkPolicy as they
//!   are. An object that is pasted says what it holds: an Ingress without TLS
//!   turns TLS off, a Deployment whose pod has no spread constraints stops
//!   spreading. Config variables are only ever added or updated.
//! - It never fails and never panics; anything it cannot map is named in `skipped`.

mod dockerfile;
mod kube;

use serde_json::Value;

use crate::budget::Budget;
use crate::design_file::check;
use crate::fields::FieldError;
use crate::model::{ConfigVar, Design};
use crate::validate::bundle::{input_kind, InputKind};
use crate::yaml::{parse_stream, Stream};

/// One field whose value the import changes.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Change {
    /// The field's path in the design file, e.g. `cluster.replicas` or
    /// `config.vars[2].name`.
    pub field: String,
    /// The field as the page labels it, e.g. "Cluster › Workload › Replicas".
    pub label: String,
    /// The value before, as text; `none` when the field was absent.
    pub from: String,
    /// The value after, as text; `none` when the field is now absent.
    pub to: String,
}

/// The proposed design and how it came about.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Import {
    /// The base with every accepted value applied; it passes `design_file::check`.
    pub design: Design,
    /// Every field whose value differs from the base, keys in alphabetical order at
    /// each level and list items by index.
    pub changes: Vec<Change>,
    /// Lowercase messages naming what was not imported and why.
    pub skipped: Vec<String>,
}

/// Reads `text` (a Dockerfile or a Kubernetes YAML stream, told apart by
/// [`input_kind`]) and proposes the design it describes, starting from `base`.
pub fn import(base: &Design, file_name: &str, text: &str) -> Import {
    match input_kind(file_name, text) {
        InputKind::Dockerfile => import_with(base, |plan| dockerfile::read(file_name, text, plan)),
        InputKind::Kubernetes => import_stream(base, &parse_stream(text, &Budget::STREAM)),
    }
}

/// [`import`] of a Kubernetes stream already read (a part at a time, off the page's
/// main thread or between its tasks).
pub fn import_stream(base: &Design, stream: &Stream<'_>) -> Import {
    import_with(base, |plan| kube::read(stream, plan))
}

/// The design `read` plans from `base`, or `base` with why nothing was imported.
fn import_with(base: &Design, read: impl FnOnce(&mut Plan)) -> Import {
    let problems = check(base);
    if !problems.is_empty() {
        return Import {
            design: base.clone(),
            changes: Vec::new(),
            skipped: problems
                .into_iter()
                .map(|p| format!("the design itself has a problem, so nothing was imported: {p}"))
                .collect(),
        };
    }
    let mut plan = Plan::default();
    read(&mut plan);
    plan.apply(base)
}

/// How many times refused values are tried again after others were admitted.
const MAX_ROUNDS: usize = 4;

/// One value to apply: what it is, where it came from, and how it sets the design.
struct Step {
    /// The value as a message names it: `replicas 3`.
    what: String,
    /// Where in the file it came from: `Deployment/web spec.replicas`.
    source: String,
    apply: Box<dyn Fn(&mut Design)>,
}

/// What a reader found: the values to apply, in file order, and what it skipped.
#[derive(Default)]
struct Plan {
    steps: Vec<Step>,
    skipped: Vec<String>,
}

impl Plan {
    fn skip(&mut self, message: impl Into<String>) {
        self.skipped.push(message.into());
    }

    /// A value to apply as it is.
    fn set(
        &mut self,
        what: impl Into<String>,
        source: impl Into<String>,
        apply: impl Fn(&mut Design) + 'static,
    ) {
        self.steps.push(Step {
            what: what.into(),
            source: source.into(),
            apply: Box::new(apply),
        });
    }

    /// A value a field parser read: applied when it parsed, skipped with the
    /// parser's reason when it did not.
    fn parsed<T: Clone + std::fmt::Display + 'static>(
        &mut self,
        what: &str,
        source: impl Into<String>,
        parsed: Result<T, FieldError>,
        apply: impl Fn(&mut Design, T) + 'static,
    ) {
        let source = source.into();
        match parsed {
            Ok(value) => self.set(format!("{what} {value}"), source, move |design| {
                apply(design, value.clone())
            }),
            Err(error) => self.skip(format!("{error} ({source})")),
        }
    }

    /// A config variable: a plain one with its value, or a secret one by name only.
    fn var(&mut self, name: &str, value: Option<String>, source: impl Into<String>) {
        let parsed = crate::fields::parse_env_name("variable", name);
        self.parsed("variable", source, parsed, move |design, name| {
            set_var(design, &name, value.clone())
        });
    }

    /// Applies the steps to `base` one at a time, each kept only when the design
    /// still passes its checks, in rounds until a round admits nothing more.
    fn apply(self, base: &Design) -> Import {
        let Plan { steps, mut skipped } = self;
        // Usually every value fits: one check of all of them at once says so.
        let mut design = base.clone();
        for step in &steps {
            (step.apply)(&mut design);
        }
        if check(&design).is_empty() {
            return Import {
                changes: changes(base, &design),
                design,
                skipped,
            };
        }
        let mut design = base.clone();
        let mut pending: Vec<(Step, String)> = steps
            .into_iter()
            .map(|step| (step, String::new()))
            .collect();
        // A value rarely waits for more than one other (a budget for its
        // replicas); the bound keeps a pathological paste from taking rounds
        // without end, each a check per pending value.
        for _ in 0..MAX_ROUNDS {
            let before = pending.len();
            let mut refused = Vec::new();
            for (step, _) in pending {
                let mut candidate = design.clone();
                (step.apply)(&mut candidate);
                match check(&candidate).into_iter().next() {
                    None => design = candidate,
                    Some(problem) => refused.push((step, problem.to_string())),
                }
            }
            pending = refused;
            if pending.is_empty() || pending.len() == before {
                break;
            }
        }
        skipped.extend(pending.into_iter().map(|(step, problem)| {
            format!(
                "{} is not applied, the design would not pass its checks: {problem} ({})",
                step.what, step.source
            )
        }));
        // Every admitted step kept the design valid; this is the promise itself,
        // checked once more rather than trusted.
        let problems = check(&design);
        if !problems.is_empty() {
            skipped.extend(
                problems
                    .iter()
                    .map(|p| format!("nothing was imported: {p}")),
            );
            design = base.clone();
        }
        Import {
            changes: changes(base, &design),
            design,
            skipped,
        }
    }
}

/// Adds or updates a config variable. A plain variable takes the file's value; a
/// secret one holds none, as no design does (a variable that becomes secret lets go
/// of the value it had, as ticking "secret" in the page does).
fn set_var(design: &mut Design, name: &str, value: Option<String>) {
    let vars = &mut design.config.vars;
    let secret = value.is_none();
    match vars.iter_mut().find(|v| v.name == name) {
        Some(var) => {
            var.secret = secret;
            var.value = value.unwrap_or_default();
        }
        None => vars.push(ConfigVar {
            name: name.to_owned(),
            value: value.unwrap_or_default(),
            secret,
        }),
    }
}

/// Shown instead of a secret variable's value.
const HIDDEN: &str = "(secret value, hidden)";

/// The fields whose values differ between two designs, by design-file path (secret
/// values hidden): what an import would change, or what an undo changed.
pub fn changes(base: &Design, design: &Design) -> Vec<Change> {
    let mut rows = Vec::new();
    // A design is plain data with string keys, so it always has a JSON form.
    if let (Ok(before), Ok(after)) = (serde_json::to_value(base), serde_json::to_value(design)) {
        diff(String::new(), Some(&before), Some(&after), &mut rows);
    }
    rows.into_iter()
        .map(|(field, gone, from, to)| {
            // A field the import removes is named as the base has it.
            let label = crate::field_labels::label(if gone { base } else { design }, &field);
            let hide = |d: &Design, value: String| match value_of_var(d, &field) {
                Some(var) if var.secret && !var.value.is_empty() => HIDDEN.to_owned(),
                _ => value,
            };
            Change {
                from: hide(base, from),
                to: hide(design, to),
                label,
                field,
            }
        })
        .collect()
}

/// The variable of `design` whose value `field` is, if it is one.
fn value_of_var<'d>(design: &'d Design, field: &str) -> Option<&'d ConfigVar> {
    field
        .strip_prefix("config.vars[")
        .and_then(|rest| rest.strip_suffix("].value"))
        .and_then(|i| i.parse::<usize>().ok())
        .and_then(|i| design.config.vars.get(i))
}

/// The parts of an object or list, by their paths below `path`.
fn parts<'v>(path: &str, value: Option<&'v Value>) -> Vec<(String, &'v Value)> {
    match value {
        Some(Value::Object(map)) => map
            .iter()
            .map(|(key, value)| {
                let at = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                (at, value)
            })
            .collect(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, value)| (format!("{path}[{i}]"), value))
            .collect(),
        _ => Vec::new(),
    }
}

/// The rows `(path, gone, from, to)` of two values at `path`. Objects and lists are
/// shown by their parts on both sides, so an Ingress turned on or off is its
/// fields, never a JSON object; `gone` marks a field the new design lacks.
fn diff(
    path: String,
    before: Option<&Value>,
    after: Option<&Value>,
    rows: &mut Vec<(String, bool, String, String)>,
) {
    let at = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    let container = |v: Option<&Value>| matches!(v, Some(Value::Object(_) | Value::Array(_)));
    let plain = |v: Option<&Value>| !container(v) && !matches!(v, None | Some(Value::Null));
    match (before, after) {
        (Some(Value::Object(a)), Some(Value::Object(b))) => {
            for key in a.keys().chain(b.keys().filter(|k| !a.contains_key(*k))) {
                diff(at(key), a.get(key), b.get(key), rows);
            }
        }
        (Some(Value::Array(a)), Some(Value::Array(b))) => {
            for i in 0..a.len().max(b.len()) {
                diff(format!("{path}[{i}]"), a.get(i), b.get(i), rows);
            }
        }
        // One side has parts the other lacks: each part against nothing.
        (a, b) if container(a) || container(b) => {
            for (at, value) in parts(&path, a) {
                diff(at, Some(value), None, rows);
            }
            for (at, value) in parts(&path, b) {
                diff(at, None, Some(value), rows);
            }
            // A plain value facing parts is not a shape a design has; shown anyway.
            if plain(a) {
                rows.push((path.clone(), b.is_none(), show(a), "none".to_owned()));
            }
            if plain(b) {
                rows.push((path, false, "none".to_owned(), show(b)));
            }
        }
        (a, b) if a != b => rows.push((path, b.is_none(), show(a), show(b))),
        _ => {}
    }
}

/// A plain value as a change shows it: strings as they are, `none` for nothing.
fn show(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => "none".to_owned(),
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Ingress;

    #[test]
    fn changes_name_leaf_fields_and_show_whole_objects_by_their_parts() {
        let base = Design::default();
        let mut design = base.clone();
        design.cluster.replicas = 3;
        design.cluster.gateway = None;
        design.cluster.ingress = Some(Ingress::default());
        design.cluster.min_available = None;
        let rows: Vec<(String, String, String, String)> = changes(&base, &design)
            .into_iter()
            .map(|c| (c.field, c.label, c.from, c.to))
            .collect();
        let row = |f: &str, l: &str, a: &str, b: &str| {
            (f.to_owned(), l.to_owned(), a.to_owned(), b.to_owned())
        };
        assert!(
            rows.contains(&row(
                "cluster.replicas",
                "Cluster › Workload › Replicas",
                "2",
                "3"
            )),
            "{rows:?}"
        );
        assert!(rows.contains(&row(
            "cluster.minAvailable",
            "Cluster › Scaling and disruptions › Min available",
            "1",
            "none"
        )));
        assert!(rows.contains(&row(
            "cluster.ingress.host",
            "Cluster › Routing › Ingress › Host",
            "none",
            "app.example.com"
        )));
        assert!(!rows.iter().any(|r| r.0 == "cluster.ingress"), "{rows:?}");
        assert_eq!(changes(&base, &base), []);
        // An Ingress turned off is its fields going, not a JSON object.
        let gone: Vec<(String, String, String, String)> = changes(&design, &base)
            .into_iter()
            .filter(|c| c.field.starts_with("cluster.ingress"))
            .map(|c| (c.field, c.label, c.from, c.to))
            .collect();
        assert!(gone.len() >= 4, "{gone:?}");
        assert!(gone.contains(&row(
            "cluster.ingress.host",
            "Cluster › Routing › Ingress › Host",
            "app.example.com",
            "none"
        )));
        for (_, label, from, to) in &gone {
            assert!(
                label.starts_with("Cluster › Routing › Ingress › "),
                "{label}"
            );
            assert!(!from.starts_with('{') && to == "none", "{from} → {to}");
        }
    }

    #[test]
    fn secret_values_are_hidden_in_the_changes() {
        let mut base = Design::default();
        base.config.vars.push(ConfigVar {
            name: "API_KEY".into(),
            value: "local-secret".into(),
            secret: true,
        });
        let mut design = base.clone();
        design.config.vars[0].secret = false;
        design.config.vars[0].value = "plain".into();
        let rows = changes(&base, &design);
        let value = rows
            .iter()
            .find(|c| c.field == "config.vars[0].value")
            .unwrap();
        assert_eq!(
            (value.label.as_str(), value.from.as_str(), value.to.as_str()),
            (
                "Configuration › Environment variables › API_KEY › Value",
                HIDDEN,
                "plain"
            )
        );
        assert!(!format!("{rows:?}").contains("local-secret"));
    }

    #[test]
    fn a_design_that_fails_its_checks_is_returned_unchanged() {
        let mut base = Design::default();
        base.cluster.namespace = "Team A".into();
        let result = import(
            &base,
            "deploy.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n",
        );
        assert_eq!(result.design, base);
        assert_eq!(result.changes, []);
        assert_eq!(result.skipped.len(), 1);
        assert!(
            result.skipped[0].contains("cluster.namespace"),
            "{:?}",
            result.skipped
        );
    }
}
