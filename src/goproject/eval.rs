//! Following a Go program from `main()` the way Gin's router would be built: an
//! interpreter of the parsed syntax over abstract values (strings and numbers that
//! are known, environment variables with their defaults, engines and groups with
//! their chains, middleware recognised by what they call), across the module's
//! files and packages. Anything else is unknown, and a route that depends on
//! something unknown is reported, never guessed.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use super::syntax::{self, Expr, FuncDecl, FuncLit, Stmt, Type};
use super::{
    read_go_mod, token, FoundMiddleware, FoundRoute, Place, Project, SourceFile, Unresolved,
};
use crate::model::{gin_join, Middleware};

/// Methods `Any` registers (Gin 1.8.1's `anyMethods`).
const ANY_METHODS: [&str; 9] = [
    "GET", "POST", "PUT", "PATCH", "HEAD", "OPTIONS", "DELETE", "CONNECT", "TRACE",
];

/// The router functions named after a method.
const METHOD_FUNCS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// Bounds on the interpretation, so no project (or hostile input) runs long.
const MAX_STEPS: u64 = 2_000_000;
const MAX_CALL_DEPTH: usize = 48;
/// How often one function may be on the stack at once (recursion).
const MAX_RECURSION: usize = 2;

const GIN: &str = "github.com/gin-gonic/gin";

type Cell = Rc<RefCell<Value>>;
type Scopes = Vec<HashMap<String, Cell>>;

#[derive(Clone, Debug)]
enum Value {
    Unknown,
    Nil,
    Str(String),
    Int(i64),
    Bool(bool),
    /// An environment variable with the default the program falls back to.
    Env {
        name: String,
        default: Option<String>,
    },
    /// A string built of parts, some from the environment.
    Concat(Vec<Value>),
    /// An engine or a group: an index into the routers.
    Router(usize),
    Func(Rc<FuncValue>),
    Struct(Rc<RefCell<StructValue>>),
    Slice(Rc<Vec<Value>>),
    Tuple(Vec<Value>),
}

#[derive(Debug, Default)]
struct StructValue {
    /// The package (directory for the module's own, import path otherwise) and name.
    ty: Option<(String, String)>,
    fields: HashMap<String, Value>,
}

#[derive(Debug)]
struct FuncValue {
    /// The Go name it was reached by (`Audit`, `gin.Logger`), if any.
    name: Option<String>,
    /// What it is as middleware, when recognised.
    middleware: Option<Recognised>,
    /// Code to run when called: the function, where it was declared, its closure.
    code: Option<Code>,
}

#[derive(Debug, Clone)]
struct Code {
    func: Rc<FuncLit>,
    name: String,
    package: usize,
    file: usize,
    captured: Option<Rc<Scopes>>,
    receiver: Option<(String, Value)>,
}

impl Code {
    /// A declared function or method, with its receiver bound when it is one.
    fn declared(
        (package, file): (usize, usize),
        decl: &FuncDecl,
        receiver: Option<(String, Value)>,
    ) -> Code {
        Code {
            func: decl.func.clone(),
            name: decl.name.clone(),
            package,
            file,
            captured: None,
            receiver,
        }
    }
}

#[derive(Debug, Clone)]
enum Recognised {
    Design(Middleware),
    BodyLimit(u64),
    BasicAuth,
}

struct Package {
    dir: String,
    name: String,
    import_path: Option<String>,
    files: Vec<ParsedFile>,
    funcs: HashMap<String, (usize, Rc<FuncDecl>)>,
    methods: HashMap<(String, String), (usize, Rc<FuncDecl>)>,
    /// Struct types by name: their fields in order, embedded ones marked.
    structs: HashMap<String, Rc<syntax::StructDecl>>,
    /// Package-level names: file, spec index, position in the spec.
    values: HashMap<String, (usize, usize, usize)>,
    globals: HashMap<String, Cell>,
}

struct ParsedFile {
    path: String,
    file: syntax::File,
    /// Import name → import path.
    imports: HashMap<String, String>,
}

#[derive(Debug)]
struct Router {
    engine: usize,
    /// The absolute base path; `None` when computed.
    base: Option<String>,
    chain: Vec<FoundMiddleware>,
}

#[derive(Debug, Default)]
struct Engine {
    routes: Vec<FoundRoute>,
    /// The engine's own router (its root group).
    root: usize,
    served: Vec<(Value, Place)>,
    no_route: bool,
}

struct Frame {
    package: usize,
    file: usize,
    scopes: Scopes,
    returns: Vec<(Value, bool)>,
    returned: bool,
    /// How many blocks that may not run (a branch, a loop body) enclose the cursor.
    conditional: u32,
}

/// What following one main package found.
#[derive(Default)]
struct Run {
    routers: Vec<Router>,
    engines: Vec<Engine>,
    unresolved: Vec<Unresolved>,
    env_vars: Vec<String>,
    out_of_steps: bool,
}

impl Run {
    /// The engine the program serves: of those served, the one with the most routes.
    fn served_engine(&self) -> Option<usize> {
        let served = (0..self.engines.len()).filter(|&e| !self.engines[e].served.is_empty());
        served.max_by_key(|&e| (self.engines[e].routes.len(), std::cmp::Reverse(e)))
    }

    /// How many routes the served engine registers.
    fn served_routes(&self) -> usize {
        self.served_engine()
            .map_or(0, |e| self.engines[e].routes.len())
    }
}

struct Machine {
    packages: Vec<Package>,
    run: Run,
    steps: u64,
    stack: Vec<String>,
    /// Why the code being followed may not run, or run many times, innermost last:
    /// calls made there inherit it.
    uncertain: Vec<String>,
}

pub(super) fn read(files: &[SourceFile]) -> Project {
    let mut project = Project::default();
    let mut unresolved = Vec::new();
    if let Some(go_mod) = files.iter().find(|f| f.path == "go.mod") {
        let (module, go) = read_go_mod(&go_mod.text);
        project.module = module;
        project.go_version = go;
    }
    project.has_go_sum = files.iter().any(|f| f.path == "go.sum");
    // Packages by directory.
    let mut packages: Vec<Package> = Vec::new();
    for f in files.iter().filter(|f| f.path.ends_with(".go")) {
        let (tokens, error) = token::tokenize(&f.text);
        if let Some(error) = error {
            unresolved.push(Unresolved {
                file: f.path.clone(),
                line: error.line,
                what: format!("not read past this line: {}", error.message),
            });
        }
        let file = syntax::parse(&tokens);
        for (line, message) in &file.errors {
            unresolved.push(Unresolved {
                file: f.path.clone(),
                line: *line,
                what: format!(
                    "skipped a declaration or statement the reader cannot follow ({message})"
                ),
            });
        }
        if file.package.is_empty() || file.package.ends_with("_test") {
            continue;
        }
        project.files_read += 1;
        let dir = f.path.rsplit_once('/').map_or("", |(d, _)| d).to_owned();
        let imports = file
            .imports
            .iter()
            .filter_map(|i| {
                let name = match i.name.as_deref() {
                    Some("_" | ".") => return None,
                    Some(n) => n.to_owned(),
                    None => default_import_name(&i.path),
                };
                Some((name, i.path.clone()))
            })
            .collect();
        let index = match packages
            .iter()
            .position(|p| p.dir == dir && p.name == file.package)
        {
            Some(i) => i,
            None => {
                let import_path = project.module.as_ref().map(|m| {
                    if dir.is_empty() {
                        m.clone()
                    } else {
                        format!("{m}/{dir}")
                    }
                });
                packages.push(Package {
                    dir: dir.clone(),
                    name: file.package.clone(),
                    import_path,
                    files: Vec::new(),
                    funcs: HashMap::new(),
                    methods: HashMap::new(),
                    structs: HashMap::new(),
                    values: HashMap::new(),
                    globals: HashMap::new(),
                });
                packages.len() - 1
            }
        };
        let package = &mut packages[index];
        let file_index = package.files.len();
        for decl in &file.funcs {
            match &decl.receiver {
                Some((_, ty)) => {
                    package
                        .methods
                        .insert((ty.clone(), decl.name.clone()), (file_index, decl.clone()));
                }
                None if decl.name == "init" => {}
                None => {
                    package
                        .funcs
                        .insert(decl.name.clone(), (file_index, decl.clone()));
                }
            }
        }
        for decl in &file.structs {
            package
                .structs
                .insert(decl.name.clone(), Rc::new(decl.clone()));
        }
        for (spec_index, spec) in file.values.iter().enumerate() {
            for (position, name) in spec.names.iter().enumerate() {
                package
                    .values
                    .insert(name.clone(), (file_index, spec_index, position));
            }
        }
        package.files.push(ParsedFile {
            path: f.path.clone(),
            file,
            imports,
        });
    }
    let mains: Vec<usize> = (0..packages.len())
        .filter(|&i| packages[i].name == "main" && packages[i].funcs.contains_key("main"))
        .collect();
    let mut machine = Machine {
        packages,
        run: Run::default(),
        steps: 0,
        stack: Vec::new(),
        uncertain: Vec::new(),
    };
    // Each main package is a program of its own: the one serving the most routes wins.
    let mut best: Option<(usize, Run)> = None;
    for main in mains {
        machine.reset();
        machine.run_main(main);
        if best
            .as_ref()
            .is_none_or(|(_, b)| machine.run.served_routes() > b.served_routes())
        {
            best = Some((main, std::mem::take(&mut machine.run)));
        }
    }
    let Some((main, finished)) = best else {
        unresolved.push(Unresolved {
            file: "go.mod".into(),
            line: 0,
            what: "no main package (package main with func main) was found".into(),
        });
        project.unresolved = unresolved;
        return project;
    };
    let dir = &machine.packages[main].dir;
    project.main_package = Some(if dir.is_empty() {
        ".".to_owned()
    } else {
        format!("./{dir}")
    });
    unresolved.extend(finished.unresolved.iter().cloned());
    if finished.out_of_steps {
        unresolved.push(Unresolved {
            file: machine.packages[main].files[0].path.clone(),
            line: 0,
            what: "the program was followed only in part: it runs longer than the reader allows"
                .into(),
        });
    }
    project.env_vars = finished.env_vars.clone();
    match finished.served_engine() {
        None => unresolved.push(Unresolved {
            file: machine.packages[main].files[0].path.clone(),
            line: 0,
            what: "no Gin engine is served from this main package (gin.New or gin.Default, then Run or an http.Server)".into(),
        }),
        Some(engine) => {
            let e = &finished.engines[engine];
            project.routes = e.routes.clone();
            project.no_route = e.no_route;
            project.engine_middleware = finished.routers[e.root].chain.clone();
            project.max_body_bytes = project
                .engine_middleware
                .iter()
                .find_map(|m| m.body_limit);
            if let Some((addr, place)) = e.served.first() {
                project.port_source = Some(place.clone());
                match port_of(addr) {
                    Some((0, _)) => unresolved.push(Unresolved {
                        file: place.file.clone(),
                        line: place.line,
                        what: "the server listens on port 0 (any free port), which no Service can reach: set the port in the design".into(),
                    }),
                    Some((port, env)) => {
                        project.port = Some(port);
                        project.port_env = env;
                    }
                    None => unresolved.push(Unresolved {
                        file: place.file.clone(),
                        line: place.line,
                        what: "the listen address is computed at run time: set the port in the design".into(),
                    }),
                }
            }
        }
    }
    unresolved.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    unresolved.dedup();
    project.unresolved = unresolved;
    project
}

/// The name a package is used by when the import gives none: the path's last
/// element, skipping a major-version suffix (`jwt/v5` → `jwt`) and `go-`/`.go`.
fn default_import_name(path: &str) -> String {
    let mut parts = path.rsplit('/');
    let mut last = parts.next().unwrap_or(path);
    if last.len() > 1 && last.starts_with('v') && last[1..].chars().all(|c| c.is_ascii_digit()) {
        last = parts.next().unwrap_or(last);
    }
    let last = last.strip_prefix("go-").unwrap_or(last);
    let last = last.strip_suffix(".go").unwrap_or(last);
    last.replace('-', "_")
}

/// The port of a listen address and the variable that can change it.
fn port_of(addr: &Value) -> Option<(u16, Option<String>)> {
    let mut env = None;
    let text = flatten(addr, &mut env)?;
    let port = match text.rsplit_once(':') {
        Some((_, port)) => port,
        None => &text,
    };
    let port = match port {
        "" | "http" => 80,
        "https" => 443,
        p => p.parse().ok()?,
    };
    Some((port, env))
}

/// A string value with every environment variable at its default.
fn flatten(value: &Value, env: &mut Option<String>) -> Option<String> {
    match value {
        Value::Str(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        Value::Env { name, default } => {
            *env = Some(name.clone());
            default.clone()
        }
        Value::Concat(parts) => {
            let mut text = String::new();
            for p in parts {
                text.push_str(&flatten(p, env)?);
            }
            Some(text)
        }
        _ => None,
    }
}

fn known_string(value: &Value) -> Option<String> {
    match value {
        Value::Str(s) => Some(s.clone()),
        _ => None,
    }
}

impl Machine {
    fn reset(&mut self) {
        self.run = Run::default();
        self.steps = 0;
        self.stack.clear();
        self.uncertain.clear();
        for p in &mut self.packages {
            p.globals.clear();
        }
    }

    fn place(&self, frame: &Frame, line: u32) -> Place {
        Place {
            file: self.packages[frame.package].files[frame.file].path.clone(),
            line,
        }
    }

    fn report(&mut self, frame: &Frame, line: u32, what: String) {
        let place = self.place(frame, line);
        self.run.unresolved.push(Unresolved {
            file: place.file,
            line: place.line,
            what,
        });
    }

    fn run_main(&mut self, package: usize) {
        // init functions first, in file order, then main.
        let inits: Vec<(usize, Rc<FuncDecl>)> = self.packages[package]
            .files
            .iter()
            .enumerate()
            .flat_map(|(i, f)| {
                f.file
                    .funcs
                    .iter()
                    .filter(|d| d.name == "init" && d.receiver.is_none())
                    .map(move |d| (i, d.clone()))
            })
            .collect();
        for (file, decl) in inits {
            self.call_decl(package, file, &decl, None, Vec::new());
        }
        if let Some((file, decl)) = self.packages[package].funcs.get("main").cloned() {
            self.call_decl(package, file, &decl, None, Vec::new());
        }
    }

    fn call_decl(
        &mut self,
        package: usize,
        file: usize,
        decl: &Rc<FuncDecl>,
        receiver: Option<(String, Value)>,
        args: Vec<Value>,
    ) -> Value {
        self.call_code(&Code::declared((package, file), decl, receiver), args)
    }

    fn call_code(&mut self, code: &Code, args: Vec<Value>) -> Value {
        let Some(body) = &code.func.body else {
            return Value::Unknown;
        };
        let key = format!("{}.{}", self.packages[code.package].dir, code.name);
        if self.stack.len() >= MAX_CALL_DEPTH
            || self.stack.iter().filter(|k| **k == key).count() >= MAX_RECURSION
        {
            return Value::Unknown;
        }
        let mut scope = HashMap::new();
        if let Some((name, value)) = &code.receiver {
            scope.insert(name.clone(), Rc::new(RefCell::new(value.clone())));
        }
        let mut args = args.into_iter();
        for param in &code.func.params {
            let value = if param.variadic {
                Value::Slice(Rc::new(args.by_ref().collect()))
            } else {
                args.next().unwrap_or(Value::Unknown)
            };
            if let Some(name) = &param.name {
                scope.insert(name.clone(), Rc::new(RefCell::new(value)));
            }
        }
        let mut scopes = code.captured.as_deref().cloned().unwrap_or_default();
        scopes.push(scope);
        let mut frame = Frame {
            package: code.package,
            file: code.file,
            scopes,
            returns: Vec::new(),
            returned: false,
            conditional: 0,
        };
        self.stack.push(key);
        let body = body.clone();
        self.block(&mut frame, &body);
        self.stack.pop();
        merge_returns(frame.returns)
    }

    fn block(&mut self, frame: &mut Frame, stmts: &[Stmt]) {
        frame.scopes.push(HashMap::new());
        for stmt in stmts {
            if frame.returned || self.run.out_of_steps {
                break;
            }
            self.stmt(frame, stmt);
        }
        frame.scopes.pop();
    }

    fn stmt(&mut self, frame: &mut Frame, stmt: &Stmt) {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            self.run.out_of_steps = true;
            return;
        }
        match stmt {
            Stmt::Expr(e) => {
                self.expr(frame, e);
            }
            Stmt::Assign { lhs, op, rhs, .. } => self.assign(frame, lhs, op, rhs),
            Stmt::Decl(specs) => {
                for spec in specs {
                    let values = self.values(frame, &spec.values, spec.names.len());
                    let scope = frame.scopes.last_mut().expect("a scope");
                    for (name, value) in spec.names.iter().zip(values) {
                        scope.insert(name.clone(), Rc::new(RefCell::new(value)));
                    }
                }
            }
            Stmt::Block(stmts) => self.block(frame, stmts),
            Stmt::If {
                init,
                cond,
                then,
                otherwise,
                line,
            } => {
                frame.scopes.push(HashMap::new());
                if let Some(init) = init {
                    self.stmt(frame, init);
                }
                let decided = match self.expr(frame, cond) {
                    Value::Bool(b) => Some(b),
                    _ => None,
                };
                match decided {
                    Some(true) => self.block(frame, then),
                    Some(false) => {
                        if let Some(other) = otherwise {
                            self.stmt(frame, other);
                        }
                    }
                    None => {
                        let why = format!("under the condition at {}", self.place(frame, *line));
                        self.may_run(frame, why, |m, frame| {
                            let env_check = env_default_check(frame, cond);
                            m.uncertain_block(frame, then, env_check.as_ref());
                            if let Some(other) = otherwise {
                                let saved = frame.returned;
                                m.stmt(frame, other);
                                frame.returned = saved;
                            }
                        });
                    }
                }
                frame.scopes.pop();
            }
            Stmt::For {
                init,
                range,
                body,
                line,
            } => {
                self.clause(frame, init, range.as_ref());
                let why = format!("in the loop at {}", self.place(frame, *line));
                self.may_run(frame, why, |m, frame| m.uncertain_block(frame, body, None));
                frame.scopes.pop();
            }
            Stmt::Switch {
                init,
                tag,
                cases,
                line,
            } => {
                self.clause(frame, init, tag.as_ref());
                let why = format!("in a case of the switch at {}", self.place(frame, *line));
                self.may_run(frame, why, |m, frame| {
                    for case in cases {
                        m.uncertain_block(frame, case, None);
                    }
                });
                frame.scopes.pop();
            }
            Stmt::Return(values, _) => {
                let values = self.values(frame, values, values.len());
                let value = match values.len() {
                    0 => Value::Nil,
                    1 => values.into_iter().next().unwrap_or(Value::Unknown),
                    _ => Value::Tuple(values),
                };
                let conditional = frame.conditional > 0;
                frame.returns.push((value, conditional));
                if !conditional {
                    frame.returned = true;
                }
            }
            Stmt::Go(call) => {
                // The goroutine runs: servers are usually started this way.
                self.expr(frame, call);
            }
            Stmt::Defer(_) | Stmt::Other => {}
        }
    }

    /// A control clause's header in a scope of its own (which the caller pops):
    /// its init statement, then the expression it evaluates.
    fn clause(&mut self, frame: &mut Frame, init: &Option<Box<Stmt>>, expr: Option<&Expr>) {
        frame.scopes.push(HashMap::new());
        if let Some(init) = init {
            self.stmt(frame, init);
        }
        if let Some(expr) = expr {
            self.expr(frame, expr);
        }
    }

    /// Runs `f` over code that may not run, or may run many times: registrations
    /// there are reported with `why`, returns there are conditional.
    fn may_run(&mut self, frame: &mut Frame, why: String, f: impl FnOnce(&mut Self, &mut Frame)) {
        self.uncertain.push(why);
        frame.conditional += 1;
        f(self, frame);
        frame.conditional -= 1;
        self.uncertain.pop();
    }

    /// A block that may or may not run (a branch the reader cannot decide, a loop
    /// body, a case): its effects are followed, routes registered in it reported.
    /// `env_check` is `Some(name)` when the condition is `name == ""` for a variable
    /// holding an environment value: assigning a string there is its default.
    fn uncertain_block(&mut self, frame: &mut Frame, stmts: &[Stmt], env_check: Option<&String>) {
        let saved = frame.returned;
        frame.scopes.push(HashMap::new());
        for stmt in stmts {
            if frame.returned || self.run.out_of_steps {
                break;
            }
            if let (
                Some(var),
                Stmt::Assign {
                    lhs, op: "=", rhs, ..
                },
            ) = (env_check, stmt)
            {
                if let ([Expr::Ident(name, _)], [value]) = (lhs.as_slice(), rhs.as_slice()) {
                    if name == var {
                        let value = self.expr(frame, value);
                        if let (Some(cell), Value::Str(default)) = (lookup(frame, name), value) {
                            let current = cell.borrow().clone();
                            if let Value::Env {
                                name,
                                default: None,
                            } = current
                            {
                                *cell.borrow_mut() = Value::Env {
                                    name,
                                    default: Some(default),
                                };
                            }
                        }
                        continue;
                    }
                }
            }
            self.stmt(frame, stmt);
        }
        frame.scopes.pop();
        // A return inside may not happen.
        frame.returned = saved;
    }

    fn values(&mut self, frame: &mut Frame, exprs: &[Expr], want: usize) -> Vec<Value> {
        if exprs.len() == 1 && want > 1 {
            return match self.expr(frame, &exprs[0]) {
                Value::Tuple(values) => values,
                _ => vec![Value::Unknown; want],
            };
        }
        exprs.iter().map(|e| self.expr(frame, e)).collect()
    }

    fn assign(&mut self, frame: &mut Frame, lhs: &[Expr], op: &str, rhs: &[Expr]) {
        let values = self.values(frame, rhs, lhs.len());
        for (target, value) in lhs.iter().zip(values) {
            let value = if op == "+=" {
                let current = self.expr(frame, target);
                concat(current, value)
            } else if op == "=" || op == ":=" {
                value
            } else {
                Value::Unknown
            };
            match target {
                Expr::Ident(name, _) if name == "_" => {}
                Expr::Ident(name, _) => {
                    let existing = if op == ":=" {
                        frame.scopes.last().and_then(|s| s.get(name)).cloned()
                    } else {
                        lookup(frame, name).or_else(|| self.global(frame.package, name))
                    };
                    let value = if frame.conditional == 0 || op == ":=" {
                        value
                    } else {
                        // Under a condition: the old value or the new one.
                        match existing.as_ref().map(|c| c.borrow().clone()) {
                            Some(Value::Router(r)) => Value::Router(r),
                            _ => Value::Unknown,
                        }
                    };
                    match existing {
                        Some(cell) => *cell.borrow_mut() = value,
                        None => {
                            frame
                                .scopes
                                .last_mut()
                                .expect("a scope")
                                .insert(name.clone(), Rc::new(RefCell::new(value)));
                        }
                    }
                }
                Expr::Selector(inner, field, _) => {
                    if let Value::Struct(s) = self.expr(frame, inner) {
                        s.borrow_mut().fields.insert(field.clone(), value);
                    }
                }
                _ => {}
            }
        }
    }

    /// A package-level variable or constant, evaluated on first use.
    fn global(&mut self, package: usize, name: &str) -> Option<Cell> {
        if let Some(cell) = self.packages[package].globals.get(name) {
            return Some(cell.clone());
        }
        let (file, spec_index, position) = *self.packages[package].values.get(name)?;
        // Set before evaluating, so a cycle reads unknown instead of looping.
        let cell = Rc::new(RefCell::new(Value::Unknown));
        self.packages[package]
            .globals
            .insert(name.to_owned(), cell.clone());
        let spec = self.packages[package].files[file].file.values[spec_index].clone();
        let mut frame = Frame {
            package,
            file,
            scopes: vec![HashMap::from([(
                "iota".to_owned(),
                Rc::new(RefCell::new(Value::Int(spec.iota))),
            )])],
            returns: Vec::new(),
            returned: false,
            conditional: 0,
        };
        let values = self.values(&mut frame, &spec.values, spec.names.len());
        if let Some(value) = values.into_iter().nth(position) {
            *cell.borrow_mut() = value;
        }
        Some(cell)
    }

    fn package_by_import(&self, path: &str) -> Option<usize> {
        self.packages
            .iter()
            .position(|p| p.import_path.as_deref() == Some(path))
    }

    fn import_of(&self, frame: &Frame, name: &str) -> Option<String> {
        if lookup(frame, name).is_some() {
            return None;
        }
        self.packages[frame.package].files[frame.file]
            .imports
            .get(name)
            .cloned()
    }

    fn expr(&mut self, frame: &mut Frame, e: &Expr) -> Value {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            self.run.out_of_steps = true;
            return Value::Unknown;
        }
        match e {
            Expr::Str(s, _) => Value::Str(s.clone()),
            Expr::Int(i, _) => Value::Int(*i),
            Expr::Ident(name, _) => self.ident(frame, name),
            Expr::Selector(inner, name, _) => {
                if let Expr::Ident(pkg, _) = inner.as_ref() {
                    if let Some(path) = self.import_of(frame, pkg) {
                        return self.package_member(&path, pkg, name);
                    }
                }
                let value = self.expr(frame, inner);
                self.member(&value, name)
            }
            Expr::Call {
                fun,
                args,
                spread,
                line,
            } => self.call(frame, fun, args, *spread, *line),
            Expr::Composite { ty, elems, .. } => {
                let keyed = elems.iter().any(|(k, _)| k.is_some());
                let struct_type = self.type_of(frame, ty);
                if keyed && struct_type.is_some() {
                    let mut fields = HashMap::new();
                    for (key, value) in elems {
                        let value = self.expr(frame, value);
                        if let Some(Expr::Ident(k, _)) = key {
                            fields.insert(k.clone(), value);
                        }
                    }
                    Value::Struct(Rc::new(RefCell::new(StructValue {
                        ty: struct_type,
                        fields,
                    })))
                } else if keyed {
                    for (_, value) in elems {
                        self.expr(frame, value);
                    }
                    Value::Unknown
                } else {
                    let values: Vec<Value> =
                        elems.iter().map(|(_, v)| self.expr(frame, v)).collect();
                    let decl = struct_type
                        .as_ref()
                        .and_then(|(dir, name)| self.struct_decl(dir, name));
                    if let (Some(decl), false) = (&decl, values.is_empty()) {
                        // Positional: every field, in order.
                        if decl.fields.len() != values.len() {
                            return Value::Unknown;
                        }
                        let fields = decl
                            .fields
                            .iter()
                            .map(|f| f.name.clone())
                            .zip(values)
                            .collect();
                        Value::Struct(Rc::new(RefCell::new(StructValue {
                            ty: struct_type,
                            fields,
                        })))
                    } else if struct_type.is_some() && !values.is_empty() {
                        Value::Unknown
                    } else if struct_type.is_some() {
                        Value::Struct(Rc::new(RefCell::new(StructValue {
                            ty: struct_type,
                            fields: HashMap::new(),
                        })))
                    } else {
                        Value::Slice(Rc::new(values))
                    }
                }
            }
            Expr::Func(func) => Value::Func(Rc::new(FuncValue {
                name: None,
                middleware: None,
                code: Some(Code {
                    func: func.clone(),
                    name: "func".into(),
                    package: frame.package,
                    file: frame.file,
                    captured: Some(Rc::new(frame.scopes.clone())),
                    receiver: None,
                }),
            })),
            Expr::Unary(op, inner, _) => {
                let value = self.expr(frame, inner);
                match (*op, value) {
                    ("&" | "*", v) => v,
                    ("!", Value::Bool(b)) => Value::Bool(!b),
                    ("-", Value::Int(i)) => Value::Int(i.wrapping_neg()),
                    ("+", v @ Value::Int(_)) => v,
                    _ => Value::Unknown,
                }
            }
            Expr::Binary(op, left, right, _) => {
                let l = self.expr(frame, left);
                let r = self.expr(frame, right);
                binary(op, l, r)
            }
            Expr::Index(inner, _) => {
                self.expr(frame, inner);
                Value::Unknown
            }
            Expr::Type(..) | Expr::Other(_) => Value::Unknown,
        }
    }

    /// The package and name of a composite literal's type, when it is a named type.
    fn type_of(&self, frame: &Frame, ty: &Type) -> Option<(String, String)> {
        match ty.name()? {
            (None, name) => Some((self.packages[frame.package].dir.clone(), name.to_owned())),
            (Some(pkg), name) => {
                let path = self.import_of(frame, pkg)?;
                let dir = self
                    .package_by_import(&path)
                    .map(|p| self.packages[p].dir.clone())
                    .unwrap_or(path);
                Some((dir, name.to_owned()))
            }
        }
    }

    fn ident(&mut self, frame: &mut Frame, name: &str) -> Value {
        if let Some(cell) = lookup(frame, name) {
            return cell.borrow().clone();
        }
        match name {
            "true" => return Value::Bool(true),
            "false" => return Value::Bool(false),
            "nil" => return Value::Nil,
            _ => {}
        }
        if let Some(cell) = self.global(frame.package, name) {
            return cell.borrow().clone();
        }
        if let Some((file, decl)) = self.packages[frame.package].funcs.get(name).cloned() {
            return self.func_value((frame.package, file), &decl, name.to_owned(), None);
        }
        Value::Unknown
    }

    /// A declared function or method as a value, named as the program reached it.
    fn func_value(
        &self,
        (package, file): (usize, usize),
        decl: &Rc<FuncDecl>,
        name: String,
        receiver: Option<(String, Value)>,
    ) -> Value {
        Value::Func(Rc::new(FuncValue {
            name: Some(name),
            middleware: None,
            code: Some(Code::declared((package, file), decl, receiver)),
        }))
    }

    /// `pkg.Name` not called: a function of the module, or a constant of a package.
    fn package_member(&mut self, path: &str, alias: &str, name: &str) -> Value {
        if let Some(package) = self.package_by_import(path) {
            if let Some(cell) = self.global(package, name) {
                return cell.borrow().clone();
            }
            if let Some((file, decl)) = self.packages[package].funcs.get(name).cloned() {
                return self.func_value((package, file), &decl, format!("{alias}.{name}"), None);
            }
            return Value::Unknown;
        }
        match (path, name) {
            ("net/http", method) if method.starts_with("Method") => {
                Value::Str(method["Method".len()..].to_ascii_uppercase())
            }
            ("time", unit) => match unit {
                "Nanosecond" => Value::Int(1),
                "Microsecond" => Value::Int(1_000),
                "Millisecond" => Value::Int(1_000_000),
                "Second" => Value::Int(1_000_000_000),
                "Minute" => Value::Int(60_000_000_000),
                "Hour" => Value::Int(3_600_000_000_000),
                _ => Value::Unknown,
            },
            (GIN, "DebugMode") => Value::Str("debug".into()),
            (GIN, "ReleaseMode") => Value::Str("release".into()),
            (GIN, "TestMode") => Value::Str("test".into()),
            _ => Value::Func(Rc::new(FuncValue {
                name: Some(format!("{alias}.{name}")),
                middleware: None,
                code: None,
            })),
        }
    }

    /// `value.name` not called: a struct field, or a method value.
    fn member(&mut self, value: &Value, name: &str) -> Value {
        if let Some(inner) = self.promoted(value, name, 0) {
            return self.member(&inner, name);
        }
        match value {
            Value::Struct(s) => {
                if let Some(v) = s.borrow().fields.get(name) {
                    return v.clone();
                }
                let ty = s.borrow().ty.clone();
                if let Some((dir, type_name)) = ty {
                    if let Some((package, file, decl)) = self.method(&dir, &type_name, name) {
                        let receiver = decl
                            .receiver
                            .as_ref()
                            .and_then(|(r, _)| r.clone())
                            .map(|r| (r, value.clone()));
                        return self.func_value(
                            (package, file),
                            &decl,
                            format!("{type_name}.{name}"),
                            receiver,
                        );
                    }
                }
                Value::Func(Rc::new(FuncValue {
                    name: Some(name.to_owned()),
                    middleware: None,
                    code: None,
                }))
            }
            Value::Router(r) if name == "BasePath" => match &self.run.routers[*r].base {
                Some(b) => Value::Str(b.clone()),
                None => Value::Unknown,
            },
            _ => Value::Func(Rc::new(FuncValue {
                name: Some(name.to_owned()),
                middleware: None,
                code: None,
            })),
        }
    }

    /// The declaration of struct type `name` of the module's package in `dir`.
    fn struct_decl(&self, dir: &str, name: &str) -> Option<Rc<syntax::StructDecl>> {
        self.packages
            .iter()
            .filter(|p| p.dir == dir)
            .find_map(|p| p.structs.get(name).cloned())
    }

    /// What a struct value's selector `name` reaches through its embedded fields,
    /// when the struct has no field or method of that name itself: an embedded
    /// engine or group (`type App struct{ *gin.Engine }`: `app.GET` is the engine's),
    /// or a struct value embedded in it that has it, as Go promotes them.
    fn promoted(&self, value: &Value, name: &str, depth: usize) -> Option<Value> {
        let Value::Struct(s) = value else {
            return None;
        };
        let s = s.borrow();
        if depth > 4 || self.has_own(&s, name) {
            return None;
        }
        let (dir, type_name) = s.ty.as_ref()?;
        let decl = self.struct_decl(dir, type_name)?;
        decl.fields.iter().filter(|f| f.embedded).find_map(|f| {
            let inner = s.fields.get(&f.name)?;
            match inner {
                Value::Router(_) => Some(inner.clone()),
                Value::Struct(t) if self.has_own(&t.borrow(), name) => Some(inner.clone()),
                Value::Struct(_) => self.promoted(inner, name, depth + 1),
                _ => None,
            }
        })
    }

    /// Whether a struct value has a field or a method `name` of its own.
    fn has_own(&self, s: &StructValue, name: &str) -> bool {
        s.fields.contains_key(name)
            || s.ty
                .as_ref()
                .is_some_and(|(dir, type_name)| self.method(dir, type_name, name).is_some())
    }

    /// A value served as a handler: an engine, or a struct embedding one.
    fn handler_router(&self, value: &Value) -> Option<usize> {
        match value {
            Value::Router(r) => Some(*r),
            Value::Struct(_) => match self.promoted(value, "ServeHTTP", 0)? {
                Value::Router(r) => Some(r),
                _ => None,
            },
            _ => None,
        }
    }

    fn method(
        &self,
        dir: &str,
        type_name: &str,
        name: &str,
    ) -> Option<(usize, usize, Rc<FuncDecl>)> {
        self.packages.iter().enumerate().find_map(|(i, p)| {
            if p.dir != dir {
                return None;
            }
            p.methods
                .get(&(type_name.to_owned(), name.to_owned()))
                .map(|(file, decl)| (i, *file, decl.clone()))
        })
    }

    fn call(
        &mut self,
        frame: &mut Frame,
        fun: &Expr,
        args: &[Expr],
        spread: bool,
        line: u32,
    ) -> Value {
        // Conversions and builtins.
        if let Expr::Type(..) = fun {
            return args.first().map_or(Value::Unknown, |a| self.expr(frame, a));
        }
        if let Expr::Ident(name, _) = fun {
            if lookup(frame, name).is_none()
                && !self.packages[frame.package].funcs.contains_key(name)
            {
                match name.as_str() {
                    "string" | "int" | "int64" | "uint" | "float64" | "byte" | "rune" => {
                        return args.first().map_or(Value::Unknown, |a| self.expr(frame, a));
                    }
                    "append" => {
                        let mut values: Vec<Value> = Vec::new();
                        for (i, a) in args.iter().enumerate() {
                            match self.expr(frame, a) {
                                Value::Slice(s) if i == 0 || spread => {
                                    values.extend(s.iter().cloned())
                                }
                                v if i > 0 => values.push(v),
                                _ => {}
                            }
                        }
                        return Value::Slice(Rc::new(values));
                    }
                    "panic" | "len" | "cap" | "make" | "new" | "copy" | "delete" | "print"
                    | "println" | "close" | "recover" => {
                        for a in args {
                            self.expr(frame, a);
                        }
                        return Value::Unknown;
                    }
                    _ => {}
                }
            }
        }
        // Package functions.
        if let Expr::Selector(inner, name, _) = fun {
            if let Expr::Ident(pkg, _) = inner.as_ref() {
                if let Some(path) = self.import_of(frame, pkg) {
                    let values = self.args(frame, args, spread);
                    return self.call_package(frame, &path, pkg, name, values, line);
                }
            }
            let mut receiver = self.expr(frame, inner);
            if let Some(inner) = self.promoted(&receiver, name, 0) {
                receiver = inner;
            }
            if let Value::Router(router) = receiver {
                let values = self.args(frame, args, spread);
                return self.router_call(frame, router, name, values, line);
            }
            if let Value::Struct(s) = &receiver {
                let ty = s.borrow().ty.clone();
                if let Some((dir, type_name)) = &ty {
                    if dir == "net/http"
                        && type_name == "Server"
                        && name.starts_with("ListenAndServe")
                    {
                        let fields = &s.borrow().fields;
                        let handler = fields.get("Handler").cloned().unwrap_or(Value::Unknown);
                        let addr = fields
                            .get("Addr")
                            .cloned()
                            .unwrap_or(Value::Str(String::new()));
                        self.serve(frame, handler, addr, line);
                        return Value::Unknown;
                    }
                    if dir == "github.com/appleboy/gin-jwt" && name == "MiddlewareFunc" {
                        return recognised(
                            "jwt.MiddlewareFunc",
                            Recognised::Design(jwt_auth("Authorization")),
                        );
                    }
                }
            }
            let callee = self.member(&receiver, name);
            let values = self.args(frame, args, spread);
            return self.call_value(callee, values);
        }
        let callee = self.expr(frame, fun);
        let values = self.args(frame, args, spread);
        self.call_value(callee, values)
    }

    fn args(&mut self, frame: &mut Frame, args: &[Expr], spread: bool) -> Vec<Value> {
        let mut values: Vec<Value> = args.iter().map(|a| self.expr(frame, a)).collect();
        if spread {
            if let Some(Value::Slice(last)) = values.last().cloned() {
                values.pop();
                values.extend(last.iter().cloned());
            }
        }
        values
    }

    fn call_value(&mut self, callee: Value, values: Vec<Value>) -> Value {
        let Value::Func(func) = callee else {
            return Value::Unknown;
        };
        let Some(code) = &func.code else {
            return Value::Unknown;
        };
        let result = self.call_code(code, values.clone());
        let name = func.name.clone().unwrap_or_default();
        self.name_result(result, &name, &values)
    }

    /// What a call of the module's own function returned: a function returned by a
    /// named constructor (`Audit()`) takes its name, and the scaffold's own
    /// middleware constructors are recognised with their settings.
    fn name_result(&mut self, result: Value, name: &str, values: &[Value]) -> Value {
        if name.is_empty() {
            return result;
        }
        let scaffold = scaffold_middleware(name, values);
        match result {
            Value::Func(f) if f.middleware.is_none() => {
                let middleware = scaffold.or_else(|| {
                    f.code
                        .as_ref()
                        .filter(|c| self.calls_jwt(c))
                        .map(|_| Recognised::Design(jwt_auth("Authorization")))
                });
                // A closure takes the name of the constructor that returned it; a
                // declared function keeps its own.
                let closure = f.code.as_ref().is_some_and(|c| c.name == "func");
                let own = f.name.clone().filter(|_| !closure);
                Value::Func(Rc::new(FuncValue {
                    name: Some(own.unwrap_or_else(|| name.to_owned())),
                    middleware,
                    code: f.code.clone(),
                }))
            }
            // A constructor whose result depends on its arguments at run time is
            // still known by its name.
            Value::Unknown => Value::Func(Rc::new(FuncValue {
                name: Some(name.to_owned()),
                middleware: scaffold,
                code: None,
            })),
            other => other,
        }
    }

    /// Whether a function's body calls a JWT package (golang-jwt, dgrijalva, lestrrat).
    fn calls_jwt(&self, code: &Code) -> bool {
        let imports = &self.packages[code.package].files[code.file].imports;
        let jwt_names: Vec<&String> = imports
            .iter()
            .filter(|(_, path)| path.contains("jwt"))
            .map(|(name, _)| name)
            .collect();
        if jwt_names.is_empty() {
            return false;
        }
        fn walk(stmts: &[Stmt], names: &[&String]) -> bool {
            stmts.iter().any(|s| stmt_uses(s, names))
        }
        fn stmt_uses(s: &Stmt, names: &[&String]) -> bool {
            match s {
                Stmt::Expr(e) | Stmt::Go(e) | Stmt::Defer(e) => expr_uses(e, names),
                Stmt::Assign { rhs, .. } => rhs.iter().any(|e| expr_uses(e, names)),
                Stmt::Decl(specs) => specs
                    .iter()
                    .any(|s| s.values.iter().any(|e| expr_uses(e, names))),
                Stmt::Block(b) => walk(b, names),
                Stmt::If {
                    init,
                    cond,
                    then,
                    otherwise,
                    ..
                } => {
                    init.as_deref().is_some_and(|s| stmt_uses(s, names))
                        || expr_uses(cond, names)
                        || walk(then, names)
                        || otherwise.as_deref().is_some_and(|s| stmt_uses(s, names))
                }
                Stmt::For { body, .. } => walk(body, names),
                Stmt::Switch { cases, .. } => cases.iter().any(|c| walk(c, names)),
                Stmt::Return(values, _) => values.iter().any(|e| expr_uses(e, names)),
                Stmt::Other => false,
            }
        }
        fn expr_uses(e: &Expr, names: &[&String]) -> bool {
            match e {
                Expr::Selector(inner, _, _) => match inner.as_ref() {
                    Expr::Ident(n, _) => names.contains(&n),
                    other => expr_uses(other, names),
                },
                Expr::Call { fun, args, .. } => {
                    expr_uses(fun, names) || args.iter().any(|a| expr_uses(a, names))
                }
                Expr::Func(f) => f.body.as_ref().is_some_and(|b| walk(b, names)),
                Expr::Unary(_, inner, _) | Expr::Index(inner, _) => expr_uses(inner, names),
                Expr::Binary(_, l, r, _) => expr_uses(l, names) || expr_uses(r, names),
                Expr::Composite { elems, .. } => elems.iter().any(|(_, v)| expr_uses(v, names)),
                _ => false,
            }
        }
        code.func.body.as_ref().is_some_and(|b| walk(b, &jwt_names))
    }

    fn call_package(
        &mut self,
        frame: &mut Frame,
        path: &str,
        alias: &str,
        name: &str,
        values: Vec<Value>,
        line: u32,
    ) -> Value {
        if let Some(package) = self.package_by_import(path) {
            let Some((file, decl)) = self.packages[package].funcs.get(name).cloned() else {
                return Value::Unknown;
            };
            let result = self.call_decl(package, file, &decl, None, values.clone());
            return self.name_result(result, &format!("{alias}.{name}"), &values);
        }
        let label = format!("{alias}.{name}");
        let arg = |i: usize| values.get(i).cloned().unwrap_or(Value::Unknown);
        match (path, name) {
            (GIN, "New") => Value::Router(self.new_engine(Vec::new())),
            (GIN, "Default") => {
                let chain = vec![
                    found("gin.Logger", Recognised::Design(Middleware::Logger)),
                    found("gin.Recovery", Recognised::Design(Middleware::Recovery)),
                ];
                Value::Router(self.new_engine(chain))
            }
            (GIN, "Logger" | "LoggerWithConfig" | "LoggerWithFormatter" | "LoggerWithWriter") => {
                recognised(&label, Recognised::Design(Middleware::Logger))
            }
            (
                GIN,
                "Recovery" | "CustomRecovery" | "RecoveryWithWriter" | "CustomRecoveryWithWriter",
            ) => recognised(&label, Recognised::Design(Middleware::Recovery)),
            (GIN, "BasicAuth" | "BasicAuthForRealm") => recognised(&label, Recognised::BasicAuth),
            ("github.com/gin-contrib/cors", "New" | "Default") => {
                let settings = match arg(0) {
                    Value::Struct(s) => cors_settings(&s.borrow().fields),
                    _ => cors_settings(&HashMap::new()),
                };
                recognised(&label, Recognised::Design(settings))
            }
            ("github.com/gin-contrib/gzip", "Gzip") => {
                let level = match arg(0) {
                    Value::Int(l) => l.clamp(-2, 9) as i8,
                    _ => -1,
                };
                recognised(&label, Recognised::Design(Middleware::Gzip { level }))
            }
            ("github.com/gin-contrib/gzip", "DefaultCompression") => Value::Int(-1),
            ("github.com/gin-contrib/gzip", "BestCompression") => Value::Int(9),
            ("github.com/gin-contrib/gzip", "BestSpeed") => Value::Int(1),
            ("os", "Getenv") => match known_string(&arg(0)) {
                Some(env) => {
                    self.note_env(&env);
                    Value::Env {
                        name: env,
                        default: None,
                    }
                }
                None => Value::Unknown,
            },
            ("os", "LookupEnv") => match known_string(&arg(0)) {
                Some(env) => {
                    self.note_env(&env);
                    Value::Tuple(vec![
                        Value::Env {
                            name: env,
                            default: None,
                        },
                        Value::Unknown,
                    ])
                }
                None => Value::Tuple(vec![Value::Unknown, Value::Unknown]),
            },
            ("fmt", "Sprintf") => sprintf(&values),
            ("fmt", "Sprint") => values.into_iter().fold(Value::Str(String::new()), concat),
            ("strconv", "Itoa" | "FormatInt") => match arg(0) {
                Value::Int(i) => Value::Str(i.to_string()),
                _ => Value::Unknown,
            },
            ("strings", "TrimSpace") => arg(0),
            ("net", "JoinHostPort") => concat(concat(arg(0), Value::Str(":".into())), arg(1)),
            ("net/http", "ListenAndServe" | "ListenAndServeTLS") => {
                self.serve(frame, arg(1), arg(0), line);
                Value::Unknown
            }
            ("github.com/appleboy/gin-jwt" | "github.com/appleboy/gin-jwt/v2", "New") => {
                Value::Tuple(vec![
                    Value::Struct(Rc::new(RefCell::new(StructValue {
                        ty: Some((
                            "github.com/appleboy/gin-jwt".into(),
                            "GinJWTMiddleware".into(),
                        )),
                        fields: HashMap::new(),
                    }))),
                    Value::Nil,
                ])
            }
            (
                "log",
                "Fatal" | "Fatalf" | "Fatalln" | "Panic" | "Panicf" | "Println" | "Printf"
                | "Print",
            ) => Value::Unknown,
            _ => Value::Func(Rc::new(FuncValue {
                name: Some(label),
                middleware: None,
                code: None,
            })),
        }
    }

    fn note_env(&mut self, name: &str) {
        if !self.run.env_vars.iter().any(|v| v == name) {
            self.run.env_vars.push(name.to_owned());
        }
    }

    fn new_engine(&mut self, chain: Vec<FoundMiddleware>) -> usize {
        let engine = self.run.engines.len();
        let root = self.run.routers.len();
        self.run.routers.push(Router {
            engine,
            base: Some("/".into()),
            chain,
        });
        self.run.engines.push(Engine {
            root,
            ..Engine::default()
        });
        root
    }

    fn serve(&mut self, frame: &mut Frame, handler: Value, addr: Value, line: u32) {
        if let Some(r) = self.handler_router(&handler) {
            let engine = self.run.routers[r].engine;
            let place = self.place(frame, line);
            self.run.engines[engine].served.push((addr, place));
        }
    }

    fn router_call(
        &mut self,
        frame: &mut Frame,
        router: usize,
        name: &str,
        values: Vec<Value>,
        line: u32,
    ) -> Value {
        let engine = self.run.routers[router].engine;
        let is_engine = self.run.engines[engine].root == router;
        if let Some(why) = self.uncertain.last().cloned() {
            if matches!(
                name,
                "Use"
                    | "Group"
                    | "Handle"
                    | "Any"
                    | "Static"
                    | "StaticFS"
                    | "StaticFile"
                    | "StaticFileFS"
            ) || METHOD_FUNCS.contains(&name)
            {
                if name == "Group" {
                    // A group made under a condition: its routes are reported.
                    let r = self.run.routers.len();
                    self.run.routers.push(Router {
                        engine,
                        base: None,
                        chain: Vec::new(),
                    });
                    return Value::Router(r);
                }
                self.report(
                    frame,
                    line,
                    format!("`{name}` {why} is not followed: the reader does not run the program"),
                );
                return Value::Router(router);
            }
        }
        match name {
            "Use" => {
                let chain = self.chain_of(&values);
                self.run.routers[router].chain.extend(chain);
                Value::Router(router)
            }
            "Group" => {
                let base = match (&self.run.routers[router].base, values.first()) {
                    (Some(base), Some(Value::Str(rel))) => Some(gin_join(base, rel)),
                    _ => None,
                };
                if base.is_none() {
                    self.report(
                        frame,
                        line,
                        "a group whose path is computed at run time: its routes are not followed"
                            .into(),
                    );
                }
                let mut chain = self.run.routers[router].chain.clone();
                chain.extend(self.chain_of(values.get(1..).unwrap_or(&[])));
                let r = self.run.routers.len();
                self.run.routers.push(Router {
                    engine,
                    base,
                    chain,
                });
                Value::Router(r)
            }
            "Handle" => {
                match values.first() {
                    Some(Value::Str(method))
                        if !method.is_empty() && method.bytes().all(|b| b.is_ascii_uppercase()) =>
                    {
                        let method = method.clone();
                        self.register(frame, router, &[&method], &values[1..], line, false);
                    }
                    _ => self.report(
                        frame,
                        line,
                        "a route whose method is computed at run time: not followed".into(),
                    ),
                }
                Value::Router(router)
            }
            "Any" => {
                self.register(frame, router, &ANY_METHODS, &values, line, false);
                Value::Router(router)
            }
            m if METHOD_FUNCS.contains(&m) => {
                self.register(frame, router, &[m], &values, line, false);
                Value::Router(router)
            }
            "Static" | "StaticFS" => {
                if let Some(Value::Str(rel)) = values.first() {
                    let pattern = gin_join(rel, "/*filepath");
                    let args = [Value::Str(pattern), static_handler()];
                    self.register(frame, router, &["GET", "HEAD"], &args, line, true);
                } else {
                    self.report(
                        frame,
                        line,
                        "a static route whose path is computed at run time: not followed".into(),
                    );
                }
                Value::Router(router)
            }
            "StaticFile" | "StaticFileFS" => {
                if let Some(Value::Str(rel)) = values.first() {
                    let args = [Value::Str(rel.clone()), static_handler()];
                    self.register(frame, router, &["GET", "HEAD"], &args, line, true);
                } else {
                    self.report(
                        frame,
                        line,
                        "a static file whose path is computed at run time: not followed".into(),
                    );
                }
                Value::Router(router)
            }
            "NoRoute" if is_engine => {
                self.run.engines[engine].no_route = true;
                Value::Unknown
            }
            "Run" | "RunTLS" => {
                let addr = match (name, values.first()) {
                    ("Run", None) => Value::Env {
                        name: "PORT".into(),
                        default: Some("8080".into()),
                    },
                    (_, Some(addr)) => addr.clone(),
                    _ => Value::Unknown,
                };
                let place = self.place(frame, line);
                self.run.engines[engine].served.push((addr, place));
                Value::Unknown
            }
            "Handler" => Value::Router(router),
            "BasePath" => match &self.run.routers[router].base {
                Some(b) => Value::Str(b.clone()),
                None => Value::Unknown,
            },
            _ => Value::Unknown,
        }
    }

    fn chain_of(&mut self, values: &[Value]) -> Vec<FoundMiddleware> {
        values.iter().map(middleware_of).collect()
    }

    fn register(
        &mut self,
        frame: &mut Frame,
        router: usize,
        methods: &[&str],
        values: &[Value],
        line: u32,
        static_files: bool,
    ) {
        let Some(base) = self.run.routers[router].base.clone() else {
            self.report(
                frame,
                line,
                "a route of a group whose path is computed at run time: not followed".into(),
            );
            return;
        };
        let relative = match values.first() {
            Some(Value::Str(p)) => p.clone(),
            _ => {
                let method = methods.first().copied().unwrap_or("");
                self.report(
                    frame,
                    line,
                    format!("a {method} route whose path is computed at run time: not followed"),
                );
                return;
            }
        };
        let handlers = values.get(1..).unwrap_or(&[]);
        let own: Vec<FoundMiddleware> = handlers
            .iter()
            .take(handlers.len().saturating_sub(1))
            .map(middleware_of)
            .collect();
        let handler = handlers.last().map(handler_name).unwrap_or_default();
        let mut middleware = self.run.routers[router].chain.clone();
        let own_middleware = own.len();
        middleware.extend(own);
        let path = gin_join(&base, &relative);
        let place = self.place(frame, line);
        let engine = self.run.routers[router].engine;
        for method in methods {
            self.run.engines[engine].routes.push(FoundRoute {
                method: (*method).to_owned(),
                path: path.clone(),
                handlers: middleware.len() + 1,
                group: base.clone(),
                relative: relative.clone(),
                handler: handler.clone(),
                middleware: middleware.clone(),
                own_middleware,
                static_files,
                place: place.clone(),
            });
        }
    }
}

fn static_handler() -> Value {
    Value::Func(Rc::new(FuncValue {
        name: Some("static".into()),
        middleware: None,
        code: None,
    }))
}

fn lookup(frame: &Frame, name: &str) -> Option<Cell> {
    frame.scopes.iter().rev().find_map(|s| s.get(name)).cloned()
}

/// `if name == "" {` where `name` holds an environment variable without default.
fn env_default_check(frame: &Frame, cond: &Expr) -> Option<String> {
    let Expr::Binary("==", left, right, _) = cond else {
        return None;
    };
    let (Expr::Ident(name, _), Expr::Str(empty, _)) = (left.as_ref(), right.as_ref()) else {
        return None;
    };
    if !empty.is_empty() {
        return None;
    }
    let cell = lookup(frame, name)?;
    let holds_env = matches!(&*cell.borrow(), Value::Env { default: None, .. });
    holds_env.then(|| name.clone())
}

/// A function's value from its returns. Returns on an error path (a tuple whose
/// error is not `nil`) are left out: a program that goes on after the call took the
/// other path. A string after a conditional environment value is that value's
/// default (`getenv(k, fallback)`); any other return that may differ makes the
/// value unknown, never a guess.
fn merge_returns(returns: Vec<(Value, bool)>) -> Value {
    let error_path = |v: &Value| match v {
        Value::Tuple(values) => !matches!(values.last(), Some(Value::Nil)),
        _ => false,
    };
    let conditional: Vec<&Value> = returns
        .iter()
        .filter(|(v, c)| *c && !error_path(v))
        .map(|(v, _)| v)
        .collect();
    let Some((value, _)) = returns.iter().find(|(_, c)| !c) else {
        return match conditional.as_slice() {
            [only] => (*only).clone(),
            _ => Value::Unknown,
        };
    };
    if let Value::Str(fallback) = value {
        if let [Value::Env {
            name,
            default: None,
        }] = conditional.as_slice()
        {
            return Value::Env {
                name: name.clone(),
                default: Some(fallback.clone()),
            };
        }
    }
    if conditional.iter().all(|c| same(c, value)) {
        value.clone()
    } else {
        Value::Unknown
    }
}

/// Whether two values are known to be equal.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Nil, Value::Nil) => true,
        (Value::Router(x), Value::Router(y)) => x == y,
        (Value::Func(x), Value::Func(y)) => Rc::ptr_eq(x, y),
        (Value::Struct(x), Value::Struct(y)) => Rc::ptr_eq(x, y),
        _ => false,
    }
}

fn concat(left: Value, right: Value) -> Value {
    let is_text = |v: &Value| matches!(v, Value::Str(_) | Value::Env { .. } | Value::Concat(_));
    if !(is_text(&left) && is_text(&right)) {
        return Value::Unknown;
    }
    match (left, right) {
        (Value::Str(a), Value::Str(b)) => Value::Str(a + &b),
        (l, r) => {
            let mut parts = Vec::new();
            for v in [l, r] {
                match v {
                    Value::Concat(p) => parts.extend(p),
                    other => parts.push(other),
                }
            }
            Value::Concat(parts)
        }
    }
}

fn binary(op: &str, l: Value, r: Value) -> Value {
    match (op, l, r) {
        ("+", l, r) if !matches!(l, Value::Int(_)) => concat(l, r),
        ("+", Value::Int(a), Value::Int(b)) => Value::Int(a.wrapping_add(b)),
        ("-", Value::Int(a), Value::Int(b)) => Value::Int(a.wrapping_sub(b)),
        ("*", Value::Int(a), Value::Int(b)) => Value::Int(a.wrapping_mul(b)),
        ("/", Value::Int(a), Value::Int(b)) if b != 0 => Value::Int(a / b),
        ("<<", Value::Int(a), Value::Int(b)) if (0..63).contains(&b) => Value::Int(a << b),
        ("==", Value::Str(a), Value::Str(b)) => Value::Bool(a == b),
        ("!=", Value::Str(a), Value::Str(b)) => Value::Bool(a != b),
        ("==", Value::Int(a), Value::Int(b)) => Value::Bool(a == b),
        ("!=", Value::Int(a), Value::Int(b)) => Value::Bool(a != b),
        ("&&", Value::Bool(a), Value::Bool(b)) => Value::Bool(a && b),
        ("||", Value::Bool(a), Value::Bool(b)) => Value::Bool(a || b),
        _ => Value::Unknown,
    }
}

/// `fmt.Sprintf` for `%s`, `%d`, `%v` and `%%` over known values.
fn sprintf(values: &[Value]) -> Value {
    let Some(Value::Str(format)) = values.first() else {
        return Value::Unknown;
    };
    let mut result = Value::Str(String::new());
    let mut args = values[1..].iter();
    let mut chars = format.chars();
    let mut literal = String::new();
    while let Some(c) = chars.next() {
        if c != '%' {
            literal.push(c);
            continue;
        }
        match chars.next() {
            Some('%') => literal.push('%'),
            Some('s' | 'd' | 'v') => {
                result = concat(result, Value::Str(std::mem::take(&mut literal)));
                let arg = match args.next() {
                    Some(Value::Int(i)) => Value::Str(i.to_string()),
                    Some(v) => v.clone(),
                    None => Value::Unknown,
                };
                result = concat(result, arg);
            }
            _ => return Value::Unknown,
        }
    }
    concat(result, Value::Str(literal))
}

fn recognised(name: &str, what: Recognised) -> Value {
    Value::Func(Rc::new(FuncValue {
        name: Some(name.to_owned()),
        middleware: Some(what),
        code: None,
    }))
}

fn found(name: &str, what: Recognised) -> FoundMiddleware {
    let mut m = FoundMiddleware {
        name: name.to_owned(),
        design: Middleware::Custom {
            name: go_name(name),
        },
        body_limit: None,
        basic_auth: false,
    };
    match what {
        Recognised::Design(d) => m.design = d,
        Recognised::BodyLimit(n) => m.body_limit = Some(n),
        Recognised::BasicAuth => m.basic_auth = true,
    }
    m
}

/// The last element of a Go name (`middleware.Audit` → `Audit`).
fn go_name(name: &str) -> String {
    let short = name.rsplit('.').next().unwrap_or(name);
    if short.is_empty() {
        "middleware".to_owned()
    } else {
        short.to_owned()
    }
}

fn middleware_of(value: &Value) -> FoundMiddleware {
    match value {
        Value::Func(f) => {
            let name = f.name.clone().unwrap_or_else(|| "func".to_owned());
            match &f.middleware {
                Some(what) => found(&name, what.clone()),
                None => found(
                    &name,
                    Recognised::Design(Middleware::Custom {
                        name: go_name(&name),
                    }),
                ),
            }
        }
        _ => found(
            "middleware",
            Recognised::Design(Middleware::Custom {
                name: "middleware".into(),
            }),
        ),
    }
}

fn handler_name(value: &Value) -> String {
    match value {
        Value::Func(f) => match (&f.name, &f.code) {
            (Some(name), _) => go_name(name),
            _ => String::new(),
        },
        _ => String::new(),
    }
}

fn jwt_auth(header: &str) -> Middleware {
    Middleware::JwtAuth {
        header: header.to_owned(),
        secret_env: "JWT_SECRET".into(),
    }
}

/// The middleware constructors of the scaffold this tool generates, recognised by
/// name and arguments: a project that started from a bundle reads back to its design.
fn scaffold_middleware(name: &str, values: &[Value]) -> Option<Recognised> {
    if name.ends_with("Metrics.Middleware") {
        return Some(Recognised::Design(Middleware::Metrics {
            path: "/metrics".into(),
        }));
    }
    let name = name.rsplit('.').next().unwrap_or(name);
    let int = |i: usize| match values.get(i) {
        Some(Value::Int(v)) => Some(*v),
        _ => None,
    };
    let text = |i: usize| match values.get(i) {
        Some(Value::Str(v)) => Some(v.clone()),
        _ => None,
    };
    let design = match name {
        "RequestID" => Middleware::RequestId { header: text(0)? },
        "RateLimit" => Middleware::RateLimit {
            requests_per_second: u32::try_from(int(0)?).ok()?,
            burst: u32::try_from(int(1)?).ok()?,
        },
        "Timeout" => Middleware::Timeout {
            millis: u32::try_from(int(0)? / 1_000_000).ok()?,
        },
        "JWTAuth" => jwt_auth(&text(0)?),
        "ValidateJSON" => Middleware::ValidateJson,
        "BodyLimit" => return Some(Recognised::BodyLimit(u64::try_from(int(0)?).ok()?)),
        _ => return None,
    };
    Some(Recognised::Design(design))
}

/// A `cors.Config` literal's settings, with gin-contrib/cors's defaults for what it
/// leaves out.
fn cors_settings(fields: &HashMap<String, Value>) -> Middleware {
    let strings = |name: &str| -> Option<Vec<String>> {
        match fields.get(name)? {
            Value::Slice(values) => values.iter().map(known_string).collect(),
            _ => None,
        }
    };
    let allow_all = matches!(fields.get("AllowAllOrigins"), Some(Value::Bool(true)));
    let max_age = match fields.get("MaxAge") {
        Some(Value::Int(ns)) => u32::try_from(ns / 1_000_000_000).unwrap_or(u32::MAX),
        _ => 43_200,
    };
    Middleware::Cors {
        allow_origins: if allow_all {
            vec!["*".into()]
        } else {
            strings("AllowOrigins").unwrap_or_default()
        },
        allow_methods: strings("AllowMethods").unwrap_or_else(|| {
            ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
                .map(String::from)
                .to_vec()
        }),
        allow_headers: strings("AllowHeaders").unwrap_or_default(),
        allow_credentials: matches!(fields.get("AllowCredentials"), Some(Value::Bool(true))),
        max_age_seconds: max_age,
    }
}
