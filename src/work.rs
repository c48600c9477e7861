//! The page's heavy work as requests and replies: checking the design's bundle,
//! validating, fixing and importing a pasted file, and the rule docs.
//!
//! A Web Worker serves these (`src/ui/worker_main.rs`), so the page's main thread never
//! runs a validator and the first load does not carry them; where no worker can
//! start, the page loads the same worker module and drives it a step at a time. Both
//! go through [`Job`], which does a request's work in steps and says after each what
//! to send back, so a server can yield between steps (to hear a cancel, or to keep a
//! page responsive) and the findings of a large stream appear before it is done.
//!
//! Pure: requests and replies are serde data (the wire format is JSON), and nothing
//! here touches the DOM or a worker.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use crate::bundle::GeneratedFile;
use crate::design_file::{read_design, DesignFileError, ReadDesign};
use crate::import::{import, Import};
use crate::model::Design;
use crate::validate::bundle::{validate_bundle, validate_input, InputKind};
use crate::validate::{all_rules, apply_line_fixes, line_fixes, Diagnostic, Severity};

/// How many findings one reply carries at most: a stream with tens of thousands of
/// findings reaches the page in slices it can render as they come.
pub const SLICE: usize = 500;

/// One piece of work for the worker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "camelCase")]
pub enum Request {
    /// The design's own bundle: the worker writes the files the page leaves to it
    /// (`bundle::worker_paths`: their generators are not in the page's module) and
    /// checks the bundle.
    Bundle { design: Box<Design> },
    /// A pasted or dropped file, checked against a Kubernetes release.
    Validate {
        name: String,
        text: String,
        kubernetes: String,
    },
    /// Apply the safe one-line fixes (those on `line`, or every one), then check the
    /// fixed text.
    Fix {
        name: String,
        text: String,
        kubernetes: String,
        line: Option<u32>,
    },
    /// What importing a file into `base` would change.
    Import {
        base: Box<Design>,
        name: String,
        text: String,
    },
    /// Every rule's documentation, by family.
    Rules,
    /// A design file in YAML (an imported file, a preset, an autosave from an
    /// earlier version): the page reads JSON only.
    ReadDesign { text: String },
    /// A preset's design, by id: the page's module does not carry their text.
    Preset { id: String },
    /// The pasted Ingress objects as Gateway API objects ([`crate::migrate`]).
    Migrate { text: String },
}

/// What a request gives back; a request gets one or more replies, the last being
/// [`Reply::Done`] (or the one reply of an import, the rule docs or a design file).
// Externally tagged, unlike requests: an internally tagged enum is read through a
// buffered copy of its content, which would give the page's module a second reader
// of every type a reply holds (the design among them), tens of kilobytes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Reply {
    /// The manifests of a bundle (`k8s/…`); its findings follow.
    Manifests {
        files: Vec<GeneratedFile>,
    },
    /// The text a fix made; the findings on it follow.
    Fixed {
        text: String,
        lines: usize,
    },
    /// Some findings; more may follow. `kind` is what a pasted file was checked as.
    Findings {
        kind: Option<InputKind>,
        findings: Vec<Diagnostic>,
    },
    /// Every finding has been sent.
    Done {
        total: usize,
    },
    Imported {
        import: Box<Import>,
    },
    Rules {
        families: Vec<RuleFamily>,
    },
    /// The design a file holds, or why it cannot be read.
    Design {
        read: Result<Box<ReadDesign>, Unreadable>,
    },
    /// A conversion to the Gateway API: the objects as YAML (empty when nothing
    /// converted), how many Ingress rules became routes, and the notes.
    Migrated {
        yaml: String,
        routes: usize,
        notes: Vec<crate::migrate::Note>,
    },
}

/// Why a design file could not be read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unreadable {
    /// The reader's message.
    pub message: String,
    /// The file's design version, when it is newer than this build reads.
    pub newer: Option<u64>,
}

impl From<DesignFileError> for Unreadable {
    fn from(error: DesignFileError) -> Unreadable {
        Unreadable {
            newer: match error {
                DesignFileError::NewerVersion { found } => Some(found),
                _ => None,
            },
            message: error.to_string(),
        }
    }
}

/// A family of rules for the docs panel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleFamily {
    pub name: String,
    pub rules: Vec<RuleDoc>,
}

/// One rule's documentation, as the docs panel shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleDoc {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub why: String,
    pub bad_example: String,
    pub good_example: String,
}

/// A request being worked on: [`Job::step`] does the next part of it.
pub struct Job {
    request: Option<Request>,
    /// Replies made and not yet handed out.
    queue: VecDeque<Reply>,
}

impl Job {
    pub fn new(request: Request) -> Job {
        Job {
            request: Some(request),
            queue: VecDeque::new(),
        }
    }

    /// Does the next part of the work and returns what to send back, or `None` when
    /// the job is over.
    pub fn step(&mut self) -> Option<Reply> {
        if let Some(request) = self.request.take() {
            self.run(request);
        }
        self.queue.pop_front()
    }

    /// Queues findings in slices, then the end of them.
    fn findings(&mut self, kind: Option<InputKind>, findings: Vec<Diagnostic>) {
        let total = findings.len();
        let mut rest = findings.into_iter().peekable();
        while rest.peek().is_some() {
            let slice: Vec<Diagnostic> = rest.by_ref().take(SLICE).collect();
            self.queue.push_back(Reply::Findings {
                kind,
                findings: slice,
            });
        }
        if total == 0 {
            self.queue.push_back(Reply::Findings {
                kind,
                findings: Vec::new(),
            });
        }
        self.queue.push_back(Reply::Done { total });
    }

    fn run(&mut self, request: Request) {
        match request {
            Request::Bundle { design } => {
                let whole = crate::bundle::render(&design);
                self.queue.push_back(Reply::Manifests {
                    files: crate::bundle::worker_files(&design, &whole),
                });
                self.findings(None, validate_bundle(&design, &whole));
            }
            Request::Validate {
                name,
                text,
                kubernetes,
            } => {
                let (kind, found) = validate_input(&name, &text, &kubernetes);
                self.findings(Some(kind), found);
            }
            Request::Fix {
                name,
                text,
                kubernetes,
                line,
            } => {
                let (_, found) = validate_input(&name, &text, &kubernetes);
                let chosen: Vec<Diagnostic> = match line {
                    Some(line) => found
                        .into_iter()
                        .filter(|d| d.line() == Some(line))
                        .collect(),
                    None => found,
                };
                let lines = line_fixes(&name, &chosen).len();
                let (fixed, _) = apply_line_fixes(&text, &name, &chosen);
                let (kind, found) = validate_input(&name, &fixed, &kubernetes);
                self.queue.push_back(Reply::Fixed { text: fixed, lines });
                self.findings(Some(kind), found);
            }
            Request::Import { base, name, text } => {
                self.queue.push_back(Reply::Imported {
                    import: Box::new(import(&base, &name, &text)),
                });
            }
            Request::Migrate { text } => {
                let migration = crate::migrate::migrate(&text);
                self.queue.push_back(Reply::Migrated {
                    yaml: if migration.is_empty() {
                        String::new()
                    } else {
                        migration.yaml()
                    },
                    routes: migration.converted.len(),
                    notes: migration.notes,
                });
            }
            Request::ReadDesign { text } => {
                self.queue.push_back(Reply::Design {
                    read: read_design(&text).map(Box::new).map_err(Unreadable::from),
                });
            }
            Request::Preset { id } => {
                let read = match crate::presets::find(&id) {
                    Some(preset) => read_design(preset.text())
                        .map(Box::new)
                        .map_err(Unreadable::from),
                    None => Err(Unreadable {
                        message: format!("there is no preset {id:?}"),
                        newer: None,
                    }),
                };
                self.queue.push_back(Reply::Design { read });
            }
            Request::Rules => {
                let families = all_rules()
                    .into_iter()
                    .map(|(name, rules)| RuleFamily {
                        name: name.to_owned(),
                        rules: rules
                            .into_iter()
                            .map(|r| RuleDoc {
                                id: r.id.to_owned(),
                                title: r.title.to_owned(),
                                severity: r.severity,
                                why: r.why.to_owned(),
                                bad_example: r.bad_example.to_owned(),
                                good_example: r.good_example.to_owned(),
                            })
                            .collect(),
                    })
                    .collect();
                self.queue.push_back(Reply::Rules { families });
            }
        }
    }
}

/// A message to the worker: a request with the id its replies carry, or the end of
/// one the page no longer wants.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Message {
    Start { id: u32, request: Request },
    Cancel { id: u32 },
}

/// What the worker posts once it listens: messages posted to a worker before its
/// module has started would find no handler and be lost, so the page holds its
/// requests until it hears this.
pub const READY: &str = "ready";

/// Reads a worker's reply (or anything else the page reads as JSON) through
/// `serde_json::Value`, the one reader the page's module carries for its types.
pub fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Option<T> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    T::deserialize(&value).ok()
}

/// A reply with the id of its request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Envelope {
    pub id: u32,
    pub reply: Reply,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::render;
    use crate::presets::PRESETS;

    fn drain(request: Request) -> Vec<Reply> {
        let mut job = Job::new(request);
        std::iter::from_fn(|| job.step()).collect()
    }

    fn wire(reply: &Reply) -> Reply {
        serde_json::from_str(&serde_json::to_string(reply).unwrap()).unwrap()
    }

    #[test]
    fn a_bundle_gets_its_manifests_and_findings_and_survives_the_wire() {
        let design = PRESETS[0].design().unwrap();
        let files = render(&design);
        let expected = validate_bundle(&design, &files);
        let replies = drain(Request::Bundle {
            design: Box::new(design.clone()),
        });
        let mut found = Vec::new();
        for reply in &replies {
            assert_eq!(&wire(reply), reply);
            if let Reply::Findings { findings, .. } = reply {
                found.extend(findings.iter().cloned());
            }
        }
        assert_eq!(
            replies[0],
            Reply::Manifests {
                files: crate::bundle::worker_files(&design, &files)
            }
        );
        assert_eq!(found, expected);
        assert_eq!(
            replies.last(),
            Some(&Reply::Done {
                total: expected.len()
            })
        );
    }

    #[test]
    fn many_findings_come_back_in_slices() {
        let doc = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n      - name: web\n        image: nginx\n";
        let text = (0..200).map(|_| doc).collect::<Vec<_>>().join("---\n");
        let (_, expected) = validate_input("all.yaml", &text, "1.37");
        assert!(expected.len() > SLICE, "{} findings", expected.len());
        let replies = drain(Request::Validate {
            name: "all.yaml".into(),
            text,
            kubernetes: "1.37".into(),
        });
        let slices: Vec<usize> = replies
            .iter()
            .filter_map(|r| match r {
                Reply::Findings { findings, kind } => {
                    assert_eq!(*kind, Some(InputKind::Kubernetes));
                    Some(findings.len())
                }
                _ => None,
            })
            .collect();
        assert!(
            slices.len() > 1 && slices.iter().all(|n| *n <= SLICE),
            "{slices:?}"
        );
        assert_eq!(slices.iter().sum::<usize>(), expected.len());
    }

    #[test]
    fn a_fix_sends_the_fixed_text_then_what_is_left() {
        let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27.0\n        imagePulPolicy: Always\n";
        let replies = drain(Request::Fix {
            name: "web.yaml".into(),
            text: text.into(),
            kubernetes: "1.37".into(),
            line: None,
        });
        let Some(Reply::Fixed { text: fixed, lines }) = replies.first() else {
            panic!("{replies:?}");
        };
        assert_eq!(*lines, 1);
        assert!(fixed.contains("imagePullPolicy: Always"), "{fixed}");
        let left: Vec<&Diagnostic> = replies
            .iter()
            .filter_map(|r| match r {
                Reply::Findings { findings, .. } => Some(findings),
                _ => None,
            })
            .flatten()
            .collect();
        assert!(left.iter().all(|d| d.rule != "GK101"), "{left:?}");
    }

    #[test]
    fn rule_docs_and_imports_travel_whole() {
        let rules = drain(Request::Rules);
        let [Reply::Rules { families }] = rules.as_slice() else {
            panic!("{rules:?}");
        };
        let count: usize = families.iter().map(|f| f.rules.len()).sum();
        assert_eq!(
            count,
            all_rules().iter().map(|(_, r)| r.len()).sum::<usize>()
        );
        assert_eq!(&wire(&rules[0]), &rules[0]);
        let replies = drain(Request::Import {
            base: Box::new(Design::default()),
            name: "d.yaml".into(),
            text: "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 3\n".into(),
        });
        let [Reply::Imported { import }] = replies.as_slice() else {
            panic!("{replies:?}");
        };
        assert_eq!(import.design.cluster.replicas, 3);
        assert_eq!(&wire(&replies[0]), &replies[0]);
        let replies = drain(Request::Migrate {
            text: "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\nspec:\n  rules:\n  - host: a.example.com\n    http:\n      paths:\n      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}\n".into(),
        });
        let [Reply::Migrated { yaml, routes, .. }] = replies.as_slice() else {
            panic!("{replies:?}");
        };
        assert_eq!(*routes, 1);
        assert!(yaml.contains("kind: HTTPRoute"), "{yaml}");
        assert_eq!(&wire(&replies[0]), &replies[0]);
    }

    #[test]
    fn messages_are_json_the_worker_reads() {
        let start = Message::Start {
            id: 7,
            request: Request::Rules,
        };
        let text = serde_json::to_string(&start).unwrap();
        assert_eq!(text, r#"{"start":{"id":7,"request":{"op":"rules"}}}"#);
        assert_eq!(serde_json::from_str::<Message>(&text).unwrap(), start);
    }
}
