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

use crate::budget::Budget;
use crate::bundle::GeneratedFile;
use crate::design_file::{read_design, DesignFileError, ReadDesign};
use crate::goproject::design::to_design;
use crate::goproject::{read_project, Intake, SourceFile};
use crate::import::{import, import_stream, Import};
use crate::model::Design;
use crate::unpack::{Progress, Unpacker};
use crate::validate::bundle::{input_kind, validate_bundle, InputChecking, InputKind};
use crate::validate::{all_rules, apply_line_fixes, line_fixes, Diagnostic, Severity};
use crate::yaml::Reading;

/// How many findings one reply carries at most: a stream with tens of thousands of
/// findings reaches the page in slices it can render as they come.
pub const SLICE: usize = 500;

/// A pasted Kubernetes stream longer than this many bytes shows the findings of its
/// first documents ([`OPENING`] bytes of them, checked on their own) before the whole
/// stream is checked: a paste of thousands of documents takes the worker half a
/// second to check, its first documents a few milliseconds.
pub const LONG_STREAM: usize = 64 * 1024;
/// How many bytes of a long stream open it: up to the first document marker after.
pub const OPENING: usize = 16 * 1024;
/// How much of a pasted file's check one step does ([`InputChecking::step`]: about
/// as many nodes typed): under 10 ms of WebAssembly in Chromium on these machines
/// (a careless Deployment's nodes cost ~4 µs each), so a page that runs the check
/// itself (no worker) has time left in a task to show what came.
pub const WORK: usize = 2_000;

/// One piece of work for the worker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "camelCase")]
pub enum Request {
    /// The design's own bundle: the worker writes the files the page leaves to it
    /// (`bundle::worker_paths`: their generators are not in the page's module) and
    /// checks the bundle. `go_paths` are the paths of the Go files the page made
    /// (the README lists them; the worker's module has no Go generator).
    Bundle {
        design: Box<Design>,
        go_paths: Vec<String>,
    },
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
    /// One request through the design's routing layer, Service and router
    /// ([`crate::simulate`]): `url` as typed (`https://host/path?query`, the scheme
    /// optional), with a valid bearer token and a JSON body when asked.
    Simulate {
        design: Box<Design>,
        method: crate::model::Method,
        url: String,
        token: bool,
        json: bool,
    },
    /// A team's Gin project, read into a deploy-only design ([`crate::goproject`]).
    /// `folder` is the project folder's or archive's name (it names the service when
    /// `go.mod` does not).
    ImportProject {
        folder: String,
        files: Vec<ProjectFile>,
    },
}

impl Request {
    /// The bytes that travel beside the request's JSON, not in it: a picked
    /// archive's. Spelled out in JSON they would be text several times their size,
    /// built and then read back on the page's main thread; beside it, the browser
    /// copies them to the worker as they are.
    pub fn attachment(&self) -> Option<&[u8]> {
        let Request::ImportProject { files, .. } = self else {
            return None;
        };
        files.iter().find_map(|file| match file {
            ProjectFile::Archive { bytes, .. } => Some(bytes.as_slice()),
            _ => None,
        })
    }

    /// Puts back the bytes that travelled beside the JSON of the request
    /// ([`Request::attachment`]); a request without an archive has no place for them.
    pub fn attach(&mut self, data: Vec<u8>) {
        if let Request::ImportProject { files, .. } = self {
            if let Some(ProjectFile::Archive { bytes, .. }) = files
                .iter_mut()
                .find(|file| matches!(file, ProjectFile::Archive { .. }))
            {
                *bytes = data;
            }
        }
    }
}

/// Part of a project the page hands over.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ProjectFile {
    /// A file of a picked or dropped folder, its path relative to the folder's parent.
    Source { path: String, text: String },
    /// A file the page did not read, by its size: the intake says why.
    Unread { path: String, size: u64 },
    /// An archive (`.zip`, `.tar.gz`, `.tgz`). Its bytes are not in the request's
    /// JSON: they travel beside it ([`Request::attachment`]), as bytes.
    Archive {
        name: String,
        #[serde(skip)]
        bytes: Vec<u8>,
    },
    /// Go files pasted as text: one file, or several in txtar form.
    Pasted { text: String },
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
    /// The findings of the first documents of a long pasted stream, checked on
    /// their own (`kube::validate_opening`): every one is a finding of the whole
    /// stream, whose findings follow and replace these.
    Opening {
        kind: Option<InputKind>,
        findings: Vec<Diagnostic>,
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
    /// How many of a project's files have been read so far; more replies follow.
    ProjectProgress {
        files: usize,
    },
    /// What a project holds, or (in `error`) why it could not be read.
    ProjectRead {
        summary: Box<ProjectSummary>,
    },
    /// A simulated request's way, hop by hop, and the line saying how it ended
    /// ("401 Unauthorized — route /api/v1/user/:id").
    Simulated {
        hops: Vec<SimulatedHop>,
        status: String,
    },
}

/// One hop of a simulated request, as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimulatedHop {
    pub title: String,
    pub detail: String,
}

/// What was read from a project, as the page's review shows it. The worker writes
/// every line, so the page's module carries no reader for the parts (a `Result`, a
/// route record): they cost it kilobytes on the first load.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProjectSummary {
    /// Why nothing could be read (no Go files, an archive that is not one); empty
    /// when the project was read.
    pub error: String,
    /// The deploy-only design, when a Gin router was found.
    pub design: Option<Box<Design>>,
    /// "6 routes in main package ./cmd/server, port 8081, Go 1.22", or that no
    /// router was found.
    pub headline: String,
    /// "5 Go files read, module example.com/inventory".
    pub read: String,
    /// "GET /api/items → List (internal/http/routes.go:14)", in registration order.
    pub routes: Vec<String>,
    /// What could not be resolved without running the program, with file:line.
    pub unresolved: Vec<String>,
    /// What the design leaves out or assumed.
    pub notes: Vec<String>,
    /// Files left out, with why.
    pub skipped: Vec<String>,
}

impl ProjectSummary {
    fn failed(error: String) -> ProjectSummary {
        ProjectSummary {
            error,
            ..ProjectSummary::default()
        }
    }
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

/// A request being worked on: [`Job::advance`] does the next part of it.
pub struct Job {
    request: Option<Request>,
    /// Replies made and not yet handed out.
    queue: VecDeque<Reply>,
    /// The work the request left to do a part per step, if any.
    ongoing: Option<Ongoing>,
    /// The opening of a long stream has been sent: the next step checks it whole.
    opened: bool,
}

/// What one step of a [`Job`] came to.
#[derive(Debug)]
pub enum Step {
    /// A reply to send back; more may follow.
    Reply(Reply),
    /// Work done, nothing to send yet.
    Working,
    /// The job is over.
    Over,
}

/// Work a request leaves to do a part per step.
enum Ongoing {
    /// A pasted file being checked.
    Check(Box<Checking>),
    /// A pasted stream being read for an import.
    Import(Box<Importing>),
    /// A project being read, a slice per step.
    Project(Box<ProjectReading>),
}

/// A pasted Kubernetes stream read for [`import_stream`] onto `base`.
struct Importing {
    base: Box<Design>,
    reading: Reading,
}

/// A pasted file's check, and what follows it.
struct Checking {
    input: InputChecking,
    then: AfterCheck,
}

enum AfterCheck {
    /// Send the findings.
    Findings,
    /// Apply the fixes of the findings (those on `line`, or all), send the fixed
    /// text and check it.
    Fix {
        name: String,
        kubernetes: String,
        line: Option<u32>,
    },
}

impl Job {
    pub fn new(request: Request) -> Job {
        Job {
            request: Some(request),
            queue: VecDeque::new(),
            ongoing: None,
            opened: false,
        }
    }

    /// Does the next part of the work: a reply to send back, work done with nothing
    /// to send yet, or the end of the job. No step is long: a server that yields
    /// between steps hears a cancel, or keeps its page responsive, within one.
    pub fn advance(&mut self) -> Step {
        self.advance_by(WORK)
    }

    /// [`Job::advance`] with `work` in place of [`WORK`], for a server that can be
    /// busy longer between turns (a worker, which only listens for a cancel).
    pub fn advance_by(&mut self, work: usize) -> Step {
        if let Some(request) = self.request.take() {
            self.run(request);
        }
        if let Some(reply) = self.queue.pop_front() {
            return Step::Reply(reply);
        }
        match self.ongoing.as_mut() {
            None => Step::Over,
            Some(Ongoing::Check(checking)) => {
                if checking.input.step(work) {
                    if let Some(Ongoing::Check(checking)) = self.ongoing.take() {
                        self.checked(*checking);
                    }
                }
                match self.queue.pop_front() {
                    Some(reply) => Step::Reply(reply),
                    None => Step::Working,
                }
            }
            Some(Ongoing::Import(importing)) => {
                if !importing.reading.read_some(work.saturating_mul(4)) {
                    return Step::Working;
                }
                let import = importing
                    .reading
                    .with(|_, stream| import_stream(&importing.base, stream));
                self.ongoing = None;
                Step::Reply(Reply::Imported {
                    import: Box::new(import),
                })
            }
            Some(Ongoing::Project(reading)) => {
                let reply = reading.step();
                if matches!(reply, Reply::ProjectRead { .. }) {
                    self.ongoing = None;
                }
                Step::Reply(reply)
            }
        }
    }

    /// Works until the next reply, or `None` when the job is over.
    pub fn step(&mut self) -> Option<Reply> {
        loop {
            match self.advance() {
                Step::Reply(reply) => return Some(reply),
                Step::Working => {}
                Step::Over => return None,
            }
        }
    }

    /// Sends what a finished check found, or goes on to the fixes it asked for.
    fn checked(&mut self, checking: Checking) {
        match checking.then {
            AfterCheck::Findings => {
                let (kind, found) = checking.input.finish();
                self.findings(Some(kind), found);
            }
            AfterCheck::Fix {
                name,
                kubernetes,
                line,
            } => {
                let text = checking.input.text().to_owned();
                let (_, found) = checking.input.finish();
                let chosen: Vec<Diagnostic> = match line {
                    Some(line) => found
                        .into_iter()
                        .filter(|d| d.line() == Some(line))
                        .collect(),
                    None => found,
                };
                let lines = line_fixes(&name, &chosen).len();
                let (fixed, _) = apply_line_fixes(&text, &name, &chosen);
                self.queue.push_back(Reply::Fixed {
                    text: fixed.clone(),
                    lines,
                });
                self.check(&name, fixed, &kubernetes, AfterCheck::Findings);
            }
        }
    }

    /// Starts checking a pasted file, a part per step.
    fn check(&mut self, name: &str, text: String, kubernetes: &str, then: AfterCheck) {
        self.ongoing = Some(Ongoing::Check(Box::new(Checking {
            input: InputChecking::new(name, text, kubernetes),
            then,
        })));
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
            Request::Bundle { design, go_paths } => {
                let whole = crate::bundle::render_with_go_paths(&design, &go_paths);
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
                if !self.opened && text.len() > LONG_STREAM {
                    self.opened = true;
                    if let Some(opening) = opening(&name, &text, &kubernetes) {
                        self.queue.push_back(opening);
                        // The whole stream is the next step's: a newer paste cancels it.
                        self.request = Some(Request::Validate {
                            name,
                            text,
                            kubernetes,
                        });
                        return;
                    }
                }
                self.check(&name, text, &kubernetes, AfterCheck::Findings);
            }
            Request::Fix {
                name,
                text,
                kubernetes,
                line,
            } => {
                let then = AfterCheck::Fix {
                    name: name.clone(),
                    kubernetes: kubernetes.clone(),
                    line,
                };
                self.check(&name, text, &kubernetes, then);
            }
            Request::Import { base, name, text } => match input_kind(&name, &text) {
                InputKind::Kubernetes => {
                    self.ongoing = Some(Ongoing::Import(Box::new(Importing {
                        base,
                        reading: Reading::new(text, &Budget::STREAM),
                    })));
                }
                InputKind::Dockerfile => self.queue.push_back(Reply::Imported {
                    import: Box::new(import(&base, &name, &text)),
                }),
            },
            Request::Simulate {
                design,
                method,
                url,
                token,
                json,
            } => {
                let (https, host, path) = crate::simulate::split_url(&url);
                let mut request = crate::simulate::Request::new(method, &host, &path);
                if https {
                    request = request.over_https();
                }
                if token {
                    request = request.with_token();
                }
                if json {
                    request = request.with_json();
                }
                let trace = crate::simulate::simulate(&design, &request);
                let route = trace
                    .route
                    .as_ref()
                    .map(|r| format!(" — route {}", r.full_path))
                    .unwrap_or_default();
                self.queue.push_back(Reply::Simulated {
                    status: format!("{}{route}", trace.summary()),
                    hops: trace
                        .hops
                        .into_iter()
                        .map(|h| SimulatedHop {
                            title: h.title,
                            detail: h.detail,
                        })
                        .collect(),
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
            Request::ImportProject { folder, files } => {
                self.ongoing = Some(Ongoing::Project(Box::new(ProjectReading {
                    folder,
                    pending: files.into(),
                    unpacking: None,
                    intake: Intake::default(),
                    files: Vec::new(),
                })));
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

/// The findings of the first documents of a long Kubernetes stream, at most a slice
/// of them; `None` for other input or a stream with no document marker after its
/// opening.
fn opening(name: &str, text: &str, kubernetes: &str) -> Option<Reply> {
    let kind = input_kind(name, text);
    if kind != InputKind::Kubernetes {
        return None;
    }
    let options = crate::validate::kube::Options::for_version(kubernetes);
    let mut findings = crate::validate::kube::validate_opening(name, text, &options, OPENING)?;
    findings.truncate(SLICE);
    Some(Reply::Opening {
        kind: Some(kind),
        findings,
    })
}

/// A project's files on their way in: archives are unpacked a slice per step, every
/// file passes the intake (the command's bounds), then the project is read.
struct ProjectReading {
    folder: String,
    pending: VecDeque<ProjectFile>,
    unpacking: Option<Unpacker>,
    intake: Intake,
    files: Vec<SourceFile>,
}

impl ProjectReading {
    /// The next slice: a progress reply, or the last reply with what was read.
    fn step(&mut self) -> Reply {
        match self.take_in() {
            Ok(true) => Reply::ProjectProgress {
                files: self.files.len(),
            },
            Ok(false) => Reply::ProjectRead {
                summary: Box::new(self.read().unwrap_or_else(ProjectSummary::failed)),
            },
            Err(message) => Reply::ProjectRead {
                summary: Box::new(ProjectSummary::failed(message)),
            },
        }
    }

    /// Takes in the next part; `Ok(false)` once everything is in.
    fn take_in(&mut self) -> Result<bool, String> {
        if let Some(unpacker) = &mut self.unpacking {
            let progress = unpacker
                .step(&mut self.intake, &mut self.files)
                .map_err(|e| e.to_string())?;
            if progress == Progress::Done {
                self.unpacking = None;
            }
            return Ok(true);
        }
        let Some(next) = self.pending.pop_front() else {
            return Ok(false);
        };
        match next {
            ProjectFile::Source { .. } | ProjectFile::Unread { .. } => {
                // Files a folder gave are in memory already: all of them at once.
                let mut file = Some(next);
                while let Some(next) = file.take() {
                    match next {
                        ProjectFile::Source { path, text } => {
                            let admitted = self.intake.admit(&path, text.len() as u64)?;
                            if admitted {
                                self.files.push(SourceFile { path, text });
                            }
                        }
                        ProjectFile::Unread { path, size } => {
                            self.intake.admit(&path, size)?;
                        }
                        other => {
                            self.pending.push_front(other);
                            break;
                        }
                    }
                    file = self.pending.pop_front();
                }
            }
            ProjectFile::Archive { name, bytes } => {
                self.unpacking = Some(Unpacker::open(&name, bytes).map_err(|e| e.to_string())?);
            }
            ProjectFile::Pasted { text } => {
                for file in crate::unpack::pasted(&text) {
                    match crate::unpack::project_path(&file.path) {
                        Some(path) => {
                            if self.intake.admit(&path, file.text.len() as u64)? {
                                self.files.push(SourceFile {
                                    path,
                                    text: file.text,
                                });
                            }
                        }
                        None => self.intake.skipped.push(format!(
                            "{}: the name leaves the project's folder",
                            file.path
                        )),
                    }
                }
            }
        }
        Ok(true)
    }

    /// Reads the project that came in.
    fn read(&mut self) -> Result<ProjectSummary, String> {
        let files = std::mem::take(&mut self.files);
        let project = read_project(&files);
        if project.files_read == 0 {
            let name = if self.folder.is_empty() {
                "the project".to_owned()
            } else {
                self.folder.clone()
            };
            return Err(format!(
                "{name} holds no Go files (tests, vendor/ and other skipped folders are not read): choose the folder with go.mod"
            ));
        }
        let plural = |n: usize, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
        let (design, notes, headline) = if project.found_router() {
            let imported = to_design(&project, &self.folder);
            let mut headline = vec![format!(
                "{} in main package {}",
                plural(project.routes.len(), "route"),
                project.main_package.as_deref().unwrap_or(".")
            )];
            headline.extend(project.port.map(|p| format!("port {p}")));
            headline.extend(project.go_version.as_ref().map(|g| format!("Go {g}")));
            (
                Some(Box::new(imported.design)),
                imported.notes,
                headline.join(", "),
            )
        } else {
            let headline = format!(
                "no Gin router was found: {} read, none serving a gin.New() or gin.Default() engine from package main; the design is unchanged",
                plural(project.files_read, "Go file")
            );
            (None, Vec::new(), headline)
        };
        let place = |file: &str, line: u32| match line {
            0 => file.to_owned(),
            line => format!("{file}:{line}"),
        };
        Ok(ProjectSummary {
            error: String::new(),
            design,
            headline,
            read: format!(
                "{} read{}",
                plural(project.files_read, "Go file"),
                project
                    .module
                    .as_deref()
                    .map(|m| format!(", module {m}"))
                    .unwrap_or_default()
            ),
            routes: project
                .routes
                .iter()
                .map(|r| {
                    let handler = if r.handler.is_empty() {
                        "a function literal"
                    } else {
                        &r.handler
                    };
                    format!(
                        "{} {} → {handler} ({})",
                        r.method,
                        r.path,
                        place(&r.place.file, r.place.line)
                    )
                })
                .collect(),
            unresolved: project
                .unresolved
                .iter()
                .map(|u| format!("{}: {}", place(&u.file, u.line), u.what))
                .collect(),
            notes,
            skipped: std::mem::take(&mut self.intake.skipped),
        })
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

/// The worker's [`from_json`]: typed by [`crate::yaml::tracked`], as the worker
/// types design files, so its module carries one typed reader of the design
/// (serde_json's reader of text, instantiated for every request, cost it 5.4 KB
/// brotli more). An error says what did not fit and where.
pub fn read_message<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    crate::yaml::tracked::from_value(&value).map_err(|failure| {
        format!(
            "{}: {}",
            crate::yaml::tracked::path_text(&failure.path),
            failure.message
        )
    })
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
    use crate::validate::bundle::validate_input;

    fn drain(request: Request) -> Vec<Reply> {
        let mut job = Job::new(request);
        std::iter::from_fn(|| job.step()).collect()
    }

    /// Every finding the replies carry, in order.
    fn findings_in(replies: &[Reply]) -> Vec<Diagnostic> {
        replies
            .iter()
            .filter_map(|r| match r {
                Reply::Findings { findings, .. } => Some(findings.iter().cloned()),
                _ => None,
            })
            .flatten()
            .collect()
    }

    fn wire(reply: &Reply) -> Reply {
        serde_json::from_str(&serde_json::to_string(reply).unwrap()).unwrap()
    }

    #[test]
    fn the_worker_reads_the_messages_the_page_writes_and_says_where_one_is_wrong() {
        let design = PRESETS[0].design().unwrap();
        let message = Message::Start {
            id: 7,
            request: Request::Bundle {
                design: Box::new(design.clone()),
                go_paths: vec!["main.go".into()],
            },
        };
        let text = serde_json::to_string(&message).unwrap();
        assert_eq!(read_message::<Message>(&text), Ok(message));
        let wrong = text.replacen("\"main.go\"", "7", 1);
        let error = read_message::<Message>(&wrong).unwrap_err();
        assert!(
            // The request is tagged by its `op`: serde reads it whole, so the path
            // ends there.
            error == "start.request: invalid type: integer `7`, expected a string",
            "{error}"
        );
        assert!(read_message::<Message>("{").is_err());
    }

    #[test]
    fn a_simulated_request_answers_as_the_simulator_does() {
        let design = PRESETS[0].design().unwrap();
        let replies = drain(Request::Simulate {
            design: Box::new(design.clone()),
            method: crate::model::Method::Get,
            url: "https://app.example.com/service-a/api/v1/user/42".into(),
            token: false,
            json: false,
        });
        let [reply @ Reply::Simulated { hops, status }] = replies.as_slice() else {
            panic!("{replies:?}");
        };
        assert_eq!(&wire(reply), reply);
        let request = crate::simulate::Request::new(
            crate::model::Method::Get,
            "app.example.com",
            "/service-a/api/v1/user/42",
        )
        .over_https();
        let trace = crate::simulate::simulate(&design, &request);
        assert_eq!(hops.len(), trace.hops.len());
        assert!(status.starts_with("401"), "{status}");
        assert!(status.ends_with(" — route /api/v1/user/:id"), "{status}");
    }

    #[test]
    fn a_bundle_gets_its_manifests_and_findings_and_survives_the_wire() {
        let design = PRESETS[0].design().unwrap();
        let files = render(&design);
        let expected = validate_bundle(&design, &files);
        let replies = drain(Request::Bundle {
            design: Box::new(design.clone()),
            go_paths: crate::bundle::go_files(&design)
                .into_iter()
                .map(|f| f.path)
                .collect(),
        });
        for reply in &replies {
            assert_eq!(&wire(reply), reply);
        }
        assert_eq!(
            replies[0],
            Reply::Manifests {
                files: crate::bundle::worker_files(&design, &files)
            }
        );
        assert_eq!(findings_in(&replies), expected);
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
        // A stream this short is checked whole at once.
        assert!(!replies.iter().any(|r| matches!(r, Reply::Opening { .. })));
    }

    /// A page without a worker runs the job itself, a step per turn: a long
    /// stream's check, and the check of its fixes, take many steps of bounded work.
    #[test]
    fn a_long_stream_and_its_fixes_are_checked_a_part_per_step() {
        let doc = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n      - name: web\n        image: nginx\n        imagePulPolicy: Always\n";
        let text = (0..600).map(|_| doc).collect::<Vec<_>>().join("---\n");
        for request in [
            Request::Validate {
                name: "all.yaml".into(),
                text: text.clone(),
                kubernetes: "1.37".into(),
            },
            Request::Fix {
                name: "all.yaml".into(),
                text: text.clone(),
                kubernetes: "1.37".into(),
                line: None,
            },
        ] {
            let fix = matches!(request, Request::Fix { .. });
            let mut job = Job::new(request);
            let mut replies = Vec::new();
            // Steps between one reply and the next, for each reply.
            let mut working = Vec::new();
            let mut since = 0;
            loop {
                match job.advance() {
                    Step::Reply(reply) => {
                        replies.push(reply);
                        working.push(since);
                        since = 0;
                    }
                    Step::Working => since += 1,
                    Step::Over => break,
                }
            }
            let checked = match replies.iter().find_map(|r| match r {
                Reply::Fixed { text, .. } => Some(text.clone()),
                _ => None,
            }) {
                Some(fixed) => fixed,
                None => text.clone(),
            };
            assert_eq!(fix, checked != text, "a fix changes the text");
            let (_, expected) = validate_input("all.yaml", &checked, "1.37");
            assert_eq!(findings_in(&replies), expected);
            // The stream is ~7,800 nodes and ~16,000 events: parts of WORK each.
            let parts: usize = working.iter().sum();
            assert!(parts >= 6, "{parts} parts: {working:?}");
        }
    }

    /// An import of a long stream reads it a part per step too, and proposes what
    /// reading it at once proposes.
    #[test]
    fn a_long_stream_is_read_for_import_a_part_per_step() {
        let doc = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n";
        let text = (0..2000).map(|_| doc).collect::<Vec<_>>().join("---\n");
        let base = Design::default();
        let mut job = Job::new(Request::Import {
            base: Box::new(base.clone()),
            name: "all.yaml".into(),
            text: text.clone(),
        });
        let mut parts = 0;
        let reply = loop {
            match job.advance() {
                Step::Working => parts += 1,
                Step::Reply(reply) => break reply,
                Step::Over => panic!("no reply"),
            }
        };
        assert!(parts >= 4, "{parts} parts");
        let Reply::Imported { import: imported } = reply else {
            panic!("{reply:?}");
        };
        assert_eq!(*imported, import(&base, "all.yaml", &text));
        assert_eq!(imported.design.cluster.replicas, 3);
        assert!(matches!(job.advance(), Step::Over));
    }

    #[test]
    fn a_long_stream_opens_with_its_first_documents_then_sends_every_finding() {
        let doc = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n      - name: web\n        image: nginx\n        imagePulPolicy: Always\n";
        let text = (0..600).map(|_| doc).collect::<Vec<_>>().join("---\n");
        assert!(text.len() > LONG_STREAM);
        let (_, expected) = validate_input("all.yaml", &text, "1.37");
        let mut job = Job::new(Request::Validate {
            name: "all.yaml".into(),
            text: text.clone(),
            kubernetes: "1.37".into(),
        });
        // The first step checks only the opening: its findings, all of the whole
        // stream's, within the first OPENING bytes' documents.
        let Some(Reply::Opening { kind, findings }) = job.step().map(|r| wire(&r)) else {
            panic!("the first reply is not the opening");
        };
        assert_eq!(kind, Some(InputKind::Kubernetes));
        assert!(!findings.is_empty());
        let last_line = text[..OPENING + doc.len()].lines().count() as u32;
        for d in &findings {
            assert!(expected.contains(d), "{d:?}");
            assert!(d.line().is_some_and(|l| l <= last_line), "{d:?}");
        }
        // Cross-object findings (no PodDisruptionBudget for 3 replicas) wait for the
        // whole stream.
        assert!(findings.iter().all(|d| d.rule != "GK421"));
        assert!(expected.iter().any(|d| d.rule == "GK421"));
        let rest: Vec<Reply> = std::iter::from_fn(|| job.step()).collect();
        assert_eq!(findings_in(&rest), expected);
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
        let left = findings_in(&replies);
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

    /// The files of a fixture project under `tests/fixtures/gin-projects/`, their
    /// paths starting with the fixture's folder, as a folder picker gives them.
    fn fixture(name: &str) -> Vec<(String, String)> {
        fn walk(root: &std::path::Path, dir: &std::path::Path, out: &mut Vec<(String, String)>) {
            let mut entries: Vec<_> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            entries.sort();
            for path in entries {
                if path.is_dir() {
                    walk(root, &path, out);
                } else {
                    let relative = path
                        .strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/");
                    out.push((relative, std::fs::read_to_string(&path).unwrap()));
                }
            }
        }
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gin-projects");
        let mut out = Vec::new();
        walk(&root, &root.join(name), &mut out);
        out
    }

    /// Sends a request through the wire as the page does and drains its job: the
    /// progress replies, then what was read.
    fn read_project_replies(
        folder: &str,
        files: Vec<ProjectFile>,
    ) -> (usize, Result<Box<ProjectSummary>, String>) {
        // The page tells a failure by its `error`; here a `Result` says it.
        let sent = Request::ImportProject {
            folder: folder.into(),
            files,
        };
        // As on the way to the worker: JSON, and an archive's bytes beside it.
        let message = serde_json::to_string(&Message::Start {
            id: 1,
            request: sent.clone(),
        })
        .unwrap();
        let Message::Start { mut request, .. } = serde_json::from_str(&message).unwrap() else {
            panic!("{message}");
        };
        if let Some(bytes) = sent.attachment() {
            request.attach(bytes.to_vec());
        }
        assert_eq!(request, sent);
        let replies = drain(request);
        let (last, progress) = replies.split_last().unwrap();
        assert!(
            progress
                .iter()
                .all(|r| matches!(r, Reply::ProjectProgress { .. })),
            "{progress:?}"
        );
        assert_eq!(&wire(last), last);
        let Reply::ProjectRead { summary } = last.clone() else {
            panic!("{last:?}");
        };
        let read = match summary.error.as_str() {
            "" => Ok(summary),
            error => Err(error.to_owned()),
        };
        (progress.len(), read)
    }

    fn check_cmd_internal(summary: &ProjectSummary) {
        assert_eq!(
            summary.headline,
            "6 routes in main package ./cmd/server, port 8081, Go 1.22"
        );
        assert_eq!(
            summary.read,
            "5 Go files read, module example.com/inventory"
        );
        let mut routes: Vec<&str> = summary
            .routes
            .iter()
            .map(|r| r.split(" → ").next().unwrap())
            .collect();
        routes.sort();
        assert_eq!(
            routes,
            [
                "GET /api/items",
                "GET /api/items/:sku",
                "GET /healthz",
                "GET /readyz",
                "PATCH /api/items/:sku",
                "POST /api/items"
            ]
        );
        assert!(
            summary.routes.iter().all(|r| r.contains(".go:")),
            "{:?}",
            summary.routes
        );
        let design = summary.design.as_ref().expect("a router was found");
        assert_eq!(
            design.project.as_ref().unwrap().main_package,
            "./cmd/server"
        );
        assert_eq!(design.service.port, 8081);
        assert_eq!(design.service.module, "example.com/inventory");
    }

    #[test]
    fn a_picked_folder_reads_into_a_deploy_only_design() {
        let mut files: Vec<ProjectFile> = fixture("cmd-internal")
            .into_iter()
            .map(|(path, text)| ProjectFile::Source { path, text })
            .collect();
        files.push(ProjectFile::Unread {
            path: "cmd-internal/internal/gen/big.go".into(),
            size: crate::goproject::MAX_FILE_BYTES + 1,
        });
        // A picker lists files under skipped folders too; the intake drops them.
        files.push(ProjectFile::Source {
            path: "cmd-internal/vendor/x/y.go".into(),
            text: "package y\n\nfunc init() { panic(1) }\n".into(),
        });
        let (_, read) = read_project_replies("cmd-internal", files);
        let summary = read.unwrap();
        check_cmd_internal(&summary);
        assert_eq!(
            summary.skipped,
            ["cmd-internal/internal/gen/big.go: 1048577 bytes, over the 1048576-byte limit for one file"]
        );
        assert_eq!(summary.design.unwrap().service.name, "inventory");
    }

    #[test]
    fn an_archive_travels_beside_the_json_of_its_request() {
        let bytes: Vec<u8> = (0..=255).cycle().take(100_000).collect();
        let request = Request::ImportProject {
            folder: "p".into(),
            files: vec![
                ProjectFile::Pasted {
                    text: "package main\n".into(),
                },
                ProjectFile::Archive {
                    name: "p.tar.gz".into(),
                    bytes: bytes.clone(),
                },
            ],
        };
        assert_eq!(request.attachment(), Some(bytes.as_slice()));
        let json = serde_json::to_string(&request).unwrap();
        assert!(json.len() < 200, "{json}");
        let mut read: Request = serde_json::from_str(&json).unwrap();
        assert_eq!(read.attachment(), Some(&[][..]));
        read.attach(bytes);
        assert_eq!(read, request);
        // Other requests carry nothing beside their JSON.
        let mut other = Request::ReadDesign {
            text: "name: x\n".into(),
        };
        assert_eq!(other.attachment(), None);
        let before = other.clone();
        other.attach(vec![1, 2, 3]);
        assert_eq!(other, before);
    }

    #[test]
    fn an_archive_reads_like_the_folder_a_slice_at_a_time() {
        use std::io::Write;
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (path, text) in fixture("cmd-internal") {
            writer
                .start_file(path, zip::write::SimpleFileOptions::default())
                .unwrap();
            writer.write_all(text.as_bytes()).unwrap();
        }
        let bytes = writer.finish().unwrap().into_inner();
        let (progress, read) = read_project_replies(
            "cmd-internal",
            vec![ProjectFile::Archive {
                name: "cmd-internal.zip".into(),
                bytes,
            }],
        );
        check_cmd_internal(&read.unwrap());
        assert!(progress >= 2, "{progress} progress replies");
    }

    #[test]
    fn pasted_go_files_read_as_a_project() {
        let main = "package main\n\nimport \"github.com/gin-gonic/gin\"\n\nfunc main() {\n\tr := gin.Default()\n\tr.GET(\"/ping\", ping)\n\tr.Run(\":9090\")\n}\n\nfunc ping(c *gin.Context) {}\n";
        let (_, read) = read_project_replies("", vec![ProjectFile::Pasted { text: main.into() }]);
        let summary = read.unwrap();
        assert_eq!(summary.routes, ["GET /ping → ping (main.go:7)"]);
        assert_eq!(summary.design.unwrap().service.port, 9090);
        let txtar =
            format!("-- go.mod --\nmodule example.com/pasted\n\ngo 1.23\n-- main.go --\n{main}");
        let (_, read) = read_project_replies("", vec![ProjectFile::Pasted { text: txtar }]);
        let summary = read.unwrap();
        let design = summary.design.unwrap();
        assert_eq!(design.service.module, "example.com/pasted");
        assert_eq!(design.service.name, "pasted");
    }

    #[test]
    fn what_cannot_be_read_is_said_and_no_design_is_made() {
        // No router: what was read, and no design.
        let (_, read) = read_project_replies(
            "lib",
            vec![ProjectFile::Pasted {
                text: "package lib\n\nfunc A() {}\n".into(),
            }],
        );
        let summary = read.unwrap();
        assert_eq!((summary.design.is_none(), summary.routes.len()), (true, 0));
        assert!(
            summary
                .headline
                .starts_with("no Gin router was found: 1 Go file read"),
            "{}",
            summary.headline
        );
        // No Go files at all.
        let (_, read) = read_project_replies(
            "docs",
            vec![ProjectFile::Source {
                path: "docs/README.md".into(),
                text: "# hi\n".into(),
            }],
        );
        assert_eq!(
            read.unwrap_err(),
            "docs holds no Go files (tests, vendor/ and other skipped folders are not read): choose the folder with go.mod"
        );
        // An archive that is not one.
        let (_, read) = read_project_replies(
            "p",
            vec![ProjectFile::Archive {
                name: "p.zip".into(),
                bytes: b"PK\x03\x04 not really".to_vec(),
            }],
        );
        assert!(read.unwrap_err().starts_with("p.zip cannot be read: "));
        // A project over the limits.
        let files = (0..=crate::goproject::MAX_FILES)
            .map(|i| ProjectFile::Source {
                path: format!("p/f{i}.go"),
                text: "package p\n".into(),
            })
            .collect();
        let (_, read) = read_project_replies("p", files);
        assert_eq!(
            read.unwrap_err(),
            "the project has more than 5000 Go files: choose the service's own folder"
        );
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
