//! Enough of Go's syntax to follow how a project builds its router: package clause,
//! imports, function, method, variable and constant declarations, statements and
//! expressions (calls, selectors, composite and function literals, operators).
//! Types are read to be skipped, except the names the evaluator needs (receivers,
//! composite literals). A statement or declaration that does not parse is skipped to
//! its end and reported; the rest of the file is still read.

use std::rc::Rc;

use super::token::{Kind, Token};

#[derive(Debug, Default)]
pub struct File {
    pub package: String,
    pub imports: Vec<Import>,
    pub funcs: Vec<Rc<FuncDecl>>,
    /// Package-level `var` and `const` specs, in order.
    pub values: Vec<ValueSpec>,
    /// Package-level struct types, with their fields.
    pub structs: Vec<StructDecl>,
    /// Lines this reader could not follow, with why.
    pub errors: Vec<(u32, String)>,
}

/// `type Name struct { … }`: its fields in order, for positional composite
/// literals and for methods promoted from embedded fields.
#[derive(Debug, Clone, PartialEq)]
pub struct StructDecl {
    pub name: String,
    pub fields: Vec<StructField>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StructField {
    /// The field's name; an embedded field's is its type's (`*gin.Engine`: `Engine`).
    pub name: String,
    pub embedded: bool,
}

#[derive(Debug)]
pub struct Import {
    /// The name given in the import (`_` and `.` included), if any.
    pub name: Option<String>,
    pub path: String,
}

#[derive(Debug, Clone)]
pub struct ValueSpec {
    pub names: Vec<String>,
    pub values: Vec<Expr>,
    pub constant: bool,
    /// `iota` for this spec of its `const` block.
    pub iota: i64,
    pub line: u32,
}

#[derive(Debug)]
pub struct FuncDecl {
    pub name: String,
    /// The receiver's name and its type's name (`(s *Server)`: `s`, `Server`).
    pub receiver: Option<(Option<String>, String)>,
    pub func: Rc<FuncLit>,
    pub line: u32,
}

#[derive(Debug)]
pub struct FuncLit {
    pub params: Vec<Param>,
    pub body: Option<Vec<Stmt>>,
    pub line: u32,
}

#[derive(Debug, Clone)]
pub struct Param {
    pub name: Option<String>,
    pub variadic: bool,
}

#[derive(Debug, Clone)]
pub enum Stmt {
    Expr(Expr),
    Assign {
        lhs: Vec<Expr>,
        op: &'static str,
        rhs: Vec<Expr>,
        line: u32,
    },
    Decl(Vec<ValueSpec>),
    Block(Vec<Stmt>),
    If {
        init: Option<Box<Stmt>>,
        cond: Expr,
        then: Vec<Stmt>,
        otherwise: Option<Box<Stmt>>,
        line: u32,
    },
    /// `for` in any form; `range` loops carry what they range over.
    For {
        init: Option<Box<Stmt>>,
        range: Option<Expr>,
        body: Vec<Stmt>,
        line: u32,
    },
    /// `switch`, type switch and `select`: each case's body.
    Switch {
        init: Option<Box<Stmt>>,
        tag: Option<Expr>,
        cases: Vec<Vec<Stmt>>,
        line: u32,
    },
    Return(Vec<Expr>, u32),
    Go(Expr),
    Defer(Expr),
    /// Branches, labels, sends, `++`, and statements that did not parse.
    Other,
}

#[derive(Debug, Clone)]
pub enum Expr {
    Ident(String, u32),
    Str(String, u32),
    Int(i64, u32),
    Selector(Box<Expr>, String, u32),
    Call {
        fun: Box<Expr>,
        args: Vec<Expr>,
        spread: bool,
        line: u32,
    },
    Composite {
        ty: Type,
        elems: Vec<(Option<Expr>, Expr)>,
        line: u32,
    },
    Func(Rc<FuncLit>),
    Unary(&'static str, Box<Expr>, u32),
    Binary(&'static str, Box<Expr>, Box<Expr>, u32),
    Index(Box<Expr>, u32),
    /// A type where an expression stands: a conversion's callee, `new`'s argument.
    Type(Type, u32),
    /// Any other literal or form (floats, runes, slices, type assertions).
    Other(u32),
}

impl Expr {
    pub fn line(&self) -> u32 {
        match self {
            Expr::Ident(_, l)
            | Expr::Str(_, l)
            | Expr::Int(_, l)
            | Expr::Selector(_, _, l)
            | Expr::Call { line: l, .. }
            | Expr::Composite { line: l, .. }
            | Expr::Unary(_, _, l)
            | Expr::Binary(_, _, _, l)
            | Expr::Index(_, l)
            | Expr::Type(_, l)
            | Expr::Other(l) => *l,
            Expr::Func(f) => f.line,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    /// `T` or `pkg.T`.
    Named(Option<String>, String),
    Pointer(Box<Type>),
    /// Slices, arrays, maps, channels, functions, structs, interfaces.
    Other,
}

impl Type {
    /// The type's name under any pointers.
    pub fn name(&self) -> Option<(Option<&str>, &str)> {
        match self {
            Type::Named(pkg, name) => Some((pkg.as_deref(), name)),
            Type::Pointer(inner) => inner.name(),
            Type::Other => None,
        }
    }
}

struct Bad(u32, String);

type Parsed<T> = Result<T, Bad>;

/// Reads a file's tokens. Never fails: what does not parse is skipped and listed in
/// [`File::errors`].
pub fn parse(tokens: &[Token]) -> File {
    let mut p = Parser {
        tokens,
        at: 0,
        no_composite: 0,
        depth: 0,
        errors: Vec::new(),
    };
    let mut file = File::default();
    if p.word("package") {
        p.at += 1;
        if let Some(name) = p.ident() {
            file.package = name;
        }
    }
    p.semis();
    while p.word("import") {
        p.at += 1;
        let mut spec = |p: &mut Parser| {
            let name = match &p.kind() {
                Kind::Ident(n) => {
                    let n = n.clone();
                    p.at += 1;
                    Some(n)
                }
                Kind::Op(".") => {
                    p.at += 1;
                    Some(".".to_owned())
                }
                _ => None,
            };
            if let Kind::Str(path) = p.kind() {
                file.imports.push(Import {
                    name,
                    path: path.clone(),
                });
                p.at += 1;
            }
        };
        if p.op("(") {
            p.at += 1;
            while !p.op(")") && !p.eof() {
                spec(&mut p);
                p.semis();
                if !matches!(p.kind(), Kind::Ident(_) | Kind::Str(_) | Kind::Op(".")) && !p.op(")")
                {
                    p.at += 1;
                }
            }
            p.at += 1;
        } else {
            spec(&mut p);
        }
        p.semis();
    }
    while !p.eof() {
        let start = p.at;
        let line = p.line();
        p.depth = 0;
        p.no_composite = 0;
        let result = p.top_level(&mut file);
        if let Err(Bad(line, message)) = result {
            file.errors.push((line, message));
            p.at = start.max(p.at);
            p.skip_to_top_level();
        } else if p.at == start {
            file.errors.push((line, "unexpected token".to_owned()));
            p.at += 1;
            p.skip_to_top_level();
        }
        p.semis();
    }
    file.errors.append(&mut p.errors);
    file.errors.sort();
    file
}

struct Parser<'t> {
    tokens: &'t [Token],
    at: usize,
    /// Inside a control clause's header, `T{` is not a composite literal.
    no_composite: u32,
    /// Nesting, bounded so hostile input cannot exhaust the stack.
    depth: u32,
    /// Statements skipped inside blocks: line and why.
    errors: Vec<(u32, String)>,
}

const MAX_DEPTH: u32 = 200;

impl<'t> Parser<'t> {
    fn kind(&self) -> &Kind {
        self.tokens.get(self.at).map_or(&Kind::Eof, |t| &t.kind)
    }

    fn kind_at(&self, ahead: usize) -> &Kind {
        self.tokens
            .get(self.at + ahead)
            .map_or(&Kind::Eof, |t| &t.kind)
    }

    fn line(&self) -> u32 {
        self.tokens
            .get(self.at)
            .or(self.tokens.last())
            .map_or(0, |t| t.line)
    }

    fn eof(&self) -> bool {
        matches!(self.kind(), Kind::Eof)
    }

    fn op(&self, op: &str) -> bool {
        matches!(self.kind(), Kind::Op(o) if *o == op)
    }

    fn word(&self, word: &str) -> bool {
        matches!(self.kind(), Kind::Ident(w) if w == word)
    }

    fn ident(&mut self) -> Option<String> {
        if let Kind::Ident(name) = self.kind() {
            let name = name.clone();
            self.at += 1;
            Some(name)
        } else {
            None
        }
    }

    fn semis(&mut self) {
        while matches!(self.kind(), Kind::Semi) {
            self.at += 1;
        }
    }

    fn bad<T>(&self, message: &str) -> Parsed<T> {
        Err(Bad(self.line(), message.to_owned()))
    }

    fn expect(&mut self, op: &str) -> Parsed<()> {
        if self.op(op) {
            self.at += 1;
            Ok(())
        } else {
            self.bad(&format!("expected {op}"))
        }
    }

    fn enter(&mut self) -> Parsed<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.bad("nested too deeply");
        }
        Ok(())
    }

    /// Skips a balanced `(…)`, `[…]` or `{…}` starting at the cursor.
    fn skip_balanced(&mut self) {
        let mut depth = 0usize;
        loop {
            match self.kind() {
                Kind::Eof => return,
                Kind::Op("(" | "[" | "{") => depth += 1,
                Kind::Op(")" | "]" | "}") => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        self.at += 1;
                        return;
                    }
                }
                _ => {}
            }
            self.at += 1;
        }
    }

    fn skip_to_top_level(&mut self) {
        let mut depth = 0usize;
        while !self.eof() {
            match self.kind() {
                Kind::Op("(" | "[" | "{") => depth += 1,
                Kind::Op(")" | "]" | "}") => depth = depth.saturating_sub(1),
                Kind::Ident(w)
                    if depth == 0
                        && matches!(w.as_str(), "func" | "var" | "const" | "type")
                        && self.at > 0
                        && matches!(self.tokens[self.at - 1].kind, Kind::Semi) =>
                {
                    return
                }
                _ => {}
            }
            self.at += 1;
        }
    }

    /// Skips to the end of the statement at the cursor: its `;` at this depth, or
    /// before the `}` closing the enclosing block.
    fn skip_statement(&mut self) {
        let mut depth = 0usize;
        while !self.eof() {
            match self.kind() {
                Kind::Op("(" | "[" | "{") => depth += 1,
                // The enclosing block's end is not this statement's; a stray `)` or
                // `]` is.
                Kind::Op("}") if depth == 0 => return,
                Kind::Op(")" | "]" | "}") => depth = depth.saturating_sub(1),
                Kind::Semi if depth == 0 => return,
                _ => {}
            }
            self.at += 1;
        }
    }

    fn top_level(&mut self, file: &mut File) -> Parsed<()> {
        match self.kind() {
            Kind::Ident(w) if w == "func" => {
                let decl = self.func_decl()?;
                file.funcs.push(Rc::new(decl));
            }
            Kind::Ident(w) if w == "var" || w == "const" => {
                let specs = self.value_decl()?;
                file.values.extend(specs);
            }
            Kind::Ident(w) if w == "type" => file.structs.extend(self.type_decl()?),
            Kind::Ident(w) if w == "import" => {
                return self.bad("import after declarations");
            }
            _ => return self.bad("expected a declaration"),
        }
        Ok(())
    }

    fn func_decl(&mut self) -> Parsed<FuncDecl> {
        let line = self.line();
        self.at += 1;
        let receiver = if self.op("(") {
            self.at += 1;
            let name = match (self.kind(), self.kind_at(1)) {
                (Kind::Ident(n), Kind::Ident(_) | Kind::Op("*")) => {
                    let n = n.clone();
                    self.at += 1;
                    Some(n)
                }
                _ => None,
            };
            let ty = self.parse_type()?;
            let type_name = ty.name().map(|(_, n)| n.to_owned()).unwrap_or_default();
            while !self.op(")") && !self.eof() {
                self.at += 1;
            }
            self.expect(")")?;
            Some((name, type_name))
        } else {
            None
        };
        let Some(name) = self.ident() else {
            return self.bad("expected a function name");
        };
        if self.op("[") {
            self.skip_balanced();
        }
        let func = self.signature_and_body(line)?;
        Ok(FuncDecl {
            name,
            receiver,
            func: Rc::new(func),
            line,
        })
    }

    /// Parameters, results and (when present) the body of a function.
    fn signature_and_body(&mut self, line: u32) -> Parsed<FuncLit> {
        let params = self.params()?;
        // Results: a parenthesized list or one type, up to the body or the end.
        if self.op("(") {
            self.params()?;
        } else if !self.op("{")
            && !matches!(self.kind(), Kind::Semi | Kind::Eof)
            && !self.op(")")
            && !self.op(",")
            && !self.op("]")
            && !self.op("}")
        {
            self.parse_type()?;
        }
        let body = if self.op("{") {
            Some(self.block()?)
        } else {
            None
        };
        Ok(FuncLit { params, body, line })
    }

    /// A parameter list: names where the list has them (`a, b int`), else types only.
    fn params(&mut self) -> Parsed<Vec<Param>> {
        self.expect("(")?;
        // (name, variadic, named): a lone identifier may be a name or a type.
        let mut entries: Vec<(Option<String>, bool, bool)> = Vec::new();
        while !self.op(")") {
            if self.eof() {
                return self.bad("parameters not closed");
            }
            let lone = matches!(self.kind(), Kind::Ident(_))
                && matches!(self.kind_at(1), Kind::Op("," | ")"));
            if lone {
                let name = self.ident();
                entries.push((name, false, false));
            } else if matches!(self.kind(), Kind::Ident(w)
                    if !matches!(w.as_str(), "func" | "map" | "chan" | "struct" | "interface"))
                && !matches!(self.kind_at(1), Kind::Op("."))
            {
                let name = self.ident();
                let variadic = self.op("...");
                if variadic {
                    self.at += 1;
                }
                self.parse_type()?;
                entries.push((name, variadic, true));
            } else {
                let variadic = self.op("...");
                if variadic {
                    self.at += 1;
                }
                self.parse_type()?;
                entries.push((None, variadic, true));
            }
            if self.op(",") {
                self.at += 1;
                self.semis();
            } else if !self.op(")") {
                return self.bad("expected , or ) in parameters");
            }
        }
        self.at += 1;
        let named = entries
            .iter()
            .any(|(name, _, typed)| *typed && name.is_some());
        Ok(entries
            .into_iter()
            .map(|(name, variadic, _)| Param {
                name: if named { name } else { None },
                variadic,
            })
            .collect())
    }

    /// A `type` declaration; the struct types it declares.
    fn type_decl(&mut self) -> Parsed<Vec<StructDecl>> {
        self.at += 1;
        let one = |p: &mut Parser| -> Parsed<Option<StructDecl>> {
            let name = p.ident();
            if p.op("[") && !matches!(p.kind_at(1), Kind::Op("]")) {
                p.skip_balanced();
            }
            if p.op("=") {
                p.at += 1;
            }
            if matches!(p.kind(), Kind::Ident(w) if w == "struct")
                && matches!(p.kind_at(1), Kind::Op("{"))
            {
                p.at += 1;
                let fields = p.struct_fields()?;
                return Ok(name.map(|name| StructDecl { name, fields }));
            }
            p.parse_type()?;
            Ok(None)
        };
        let mut structs = Vec::new();
        if self.op("(") {
            self.at += 1;
            self.semis();
            while !self.op(")") && !self.eof() {
                structs.extend(one(self)?);
                self.semis();
            }
            self.at += 1;
        } else {
            structs.extend(one(self)?);
        }
        Ok(structs)
    }

    /// A struct type's `{ … }`: named fields (`A, B T`) and embedded ones (`T`,
    /// `*T`, `pkg.T`, `*pkg.T`), each with an optional tag.
    fn struct_fields(&mut self) -> Parsed<Vec<StructField>> {
        self.expect("{")?;
        self.semis();
        let mut fields = Vec::new();
        while !self.op("}") && !self.eof() {
            let embedded = matches!(
                (self.kind(), self.kind_at(1)),
                (Kind::Op("*"), _)
                    | (
                        Kind::Ident(_),
                        Kind::Op(".") | Kind::Semi | Kind::Str(_) | Kind::Op("}")
                    )
            );
            if embedded {
                let ty = self.parse_type()?;
                if let Some((_, name)) = ty.name() {
                    fields.push(StructField {
                        name: name.to_owned(),
                        embedded: true,
                    });
                }
            } else {
                loop {
                    let Some(name) = self.ident() else {
                        return self.bad("expected a field name");
                    };
                    fields.push(StructField {
                        name,
                        embedded: false,
                    });
                    if !self.op(",") {
                        break;
                    }
                    self.at += 1;
                }
                self.parse_type()?;
            }
            if matches!(self.kind(), Kind::Str(_)) {
                self.at += 1;
            }
            self.semis();
        }
        self.expect("}")?;
        Ok(fields)
    }

    fn value_decl(&mut self) -> Parsed<Vec<ValueSpec>> {
        let constant = self.word("const");
        self.at += 1;
        let mut specs = Vec::new();
        if self.op("(") {
            self.at += 1;
            self.semis();
            let mut iota = 0;
            let mut previous: Vec<Expr> = Vec::new();
            while !self.op(")") && !self.eof() {
                let mut spec = self.value_spec(constant, iota)?;
                // In a const block, a spec without values repeats the previous ones.
                if constant && spec.values.is_empty() {
                    spec.values = previous.clone();
                }
                previous = spec.values.clone();
                specs.push(spec);
                iota += 1;
                self.semis();
            }
            self.at += 1;
        } else {
            specs.push(self.value_spec(constant, 0)?);
        }
        Ok(specs)
    }

    fn value_spec(&mut self, constant: bool, iota: i64) -> Parsed<ValueSpec> {
        let line = self.line();
        let mut names = Vec::new();
        loop {
            let Some(name) = self.ident() else {
                return self.bad("expected a name");
            };
            names.push(name);
            if self.op(",") {
                self.at += 1;
            } else {
                break;
            }
        }
        if !self.op("=") && !matches!(self.kind(), Kind::Semi) && !self.op(")") {
            self.parse_type()?;
        }
        let values = if self.op("=") {
            self.at += 1;
            self.expr_list()?
        } else {
            Vec::new()
        };
        Ok(ValueSpec {
            names,
            values,
            constant,
            iota,
            line,
        })
    }

    fn parse_type(&mut self) -> Parsed<Type> {
        self.enter()?;
        let ty = self.parse_type_inner();
        self.depth = self.depth.saturating_sub(1);
        ty
    }

    fn parse_type_inner(&mut self) -> Parsed<Type> {
        match self.kind().clone() {
            Kind::Ident(w) if w == "func" => {
                self.at += 1;
                self.params()?;
                // Results of a function type: a list or one type, when one follows.
                if self.op("(") {
                    self.params()?;
                } else if self.starts_type() {
                    self.parse_type()?;
                }
                Ok(Type::Other)
            }
            Kind::Ident(w) if w == "struct" || w == "interface" => {
                self.at += 1;
                if !self.op("{") {
                    return self.bad("expected {");
                }
                self.skip_balanced();
                Ok(Type::Other)
            }
            Kind::Ident(w) if w == "map" => {
                self.at += 1;
                self.expect("[")?;
                self.parse_type()?;
                self.expect("]")?;
                self.parse_type()?;
                Ok(Type::Other)
            }
            Kind::Ident(w) if w == "chan" => {
                self.at += 1;
                if self.op("<-") {
                    self.at += 1;
                }
                self.parse_type()?;
                Ok(Type::Other)
            }
            Kind::Ident(name) => {
                self.at += 1;
                let ty = if self.op(".") {
                    self.at += 1;
                    let Some(member) = self.ident() else {
                        return self.bad("expected a type name");
                    };
                    Type::Named(Some(name), member)
                } else {
                    Type::Named(None, name)
                };
                // Type arguments.
                if self.op("[") && !matches!(self.kind_at(1), Kind::Op("]")) {
                    self.skip_balanced();
                }
                Ok(ty)
            }
            Kind::Op("*") => {
                self.at += 1;
                Ok(Type::Pointer(Box::new(self.parse_type()?)))
            }
            Kind::Op("<-") => {
                self.at += 1;
                self.parse_type()
            }
            Kind::Op("[") => {
                self.skip_balanced();
                self.parse_type()?;
                Ok(Type::Other)
            }
            Kind::Op("(") => {
                self.at += 1;
                let ty = self.parse_type()?;
                self.expect(")")?;
                Ok(ty)
            }
            _ => self.bad("expected a type"),
        }
    }

    fn starts_type(&self) -> bool {
        match self.kind() {
            Kind::Ident(_) => true,
            Kind::Op(op) => matches!(*op, "*" | "[" | "(" | "<-"),
            _ => false,
        }
    }

    fn block(&mut self) -> Parsed<Vec<Stmt>> {
        self.expect("{")?;
        self.enter()?;
        let saved = self.no_composite;
        self.no_composite = 0;
        let mut stmts = Vec::new();
        self.semis();
        while !self.op("}") {
            if self.eof() {
                return self.bad("block not closed");
            }
            let start = self.at;
            let depth = self.depth;
            match self.statement() {
                Ok(stmt) => stmts.push(stmt),
                Err(Bad(line, message)) => {
                    self.errors.push((line, message));
                    self.depth = depth;
                    self.at = self.at.max(start);
                    self.skip_statement();
                    stmts.push(Stmt::Other);
                }
            }
            if self.at == start {
                self.at += 1;
            }
            self.semis();
        }
        self.at += 1;
        self.no_composite = saved;
        self.depth = self.depth.saturating_sub(1);
        Ok(stmts)
    }

    fn statement(&mut self) -> Parsed<Stmt> {
        let line = self.line();
        let word = match self.kind() {
            Kind::Ident(w) => w.clone(),
            Kind::Op("{") => return Ok(Stmt::Block(self.block()?)),
            _ => String::new(),
        };
        match word.as_str() {
            "var" | "const" => Ok(Stmt::Decl(self.value_decl()?)),
            // Types declared in a function are not followed.
            "type" => {
                self.type_decl()?;
                Ok(Stmt::Other)
            }
            "return" => {
                self.at += 1;
                let values = if matches!(self.kind(), Kind::Semi) || self.op("}") {
                    Vec::new()
                } else {
                    self.expr_list()?
                };
                Ok(Stmt::Return(values, line))
            }
            "go" | "defer" => {
                self.at += 1;
                let call = self.expr()?;
                Ok(if word == "go" {
                    Stmt::Go(call)
                } else {
                    Stmt::Defer(call)
                })
            }
            "break" | "continue" | "goto" | "fallthrough" => {
                self.skip_statement();
                Ok(Stmt::Other)
            }
            "if" => self.if_statement(),
            "for" => self.for_statement(),
            "switch" | "select" => self.switch_statement(),
            _ => {
                // A label.
                if matches!(self.kind(), Kind::Ident(_)) && matches!(self.kind_at(1), Kind::Op(":"))
                {
                    self.at += 2;
                    self.semis();
                    if self.op("}") {
                        return Ok(Stmt::Other);
                    }
                    return self.statement();
                }
                self.simple_statement()
            }
        }
    }

    fn simple_statement(&mut self) -> Parsed<Stmt> {
        let line = self.line();
        let lhs = self.expr_list()?;
        match self.kind().clone() {
            Kind::Op(op)
                if matches!(
                    op,
                    ":=" | "="
                        | "+="
                        | "-="
                        | "*="
                        | "/="
                        | "%="
                        | "&="
                        | "|="
                        | "^="
                        | "<<="
                        | ">>="
                        | "&^="
                ) =>
            {
                self.at += 1;
                if self.word("range") {
                    self.at += 1;
                    let over = self.expr()?;
                    return Ok(Stmt::For {
                        init: None,
                        range: Some(over),
                        body: Vec::new(),
                        line,
                    });
                }
                let rhs = self.expr_list()?;
                Ok(Stmt::Assign { lhs, op, rhs, line })
            }
            Kind::Op("++" | "--") => {
                self.at += 1;
                Ok(Stmt::Other)
            }
            Kind::Op("<-") => {
                self.at += 1;
                self.expr()?;
                Ok(Stmt::Other)
            }
            _ => {
                let mut lhs = lhs;
                if lhs.len() != 1 {
                    return self.bad("expected one expression");
                }
                Ok(Stmt::Expr(lhs.remove(0)))
            }
        }
    }

    /// A control clause's header: statements where `T{` is not a literal.
    fn header<T>(&mut self, f: impl FnOnce(&mut Self) -> Parsed<T>) -> Parsed<T> {
        let saved = self.no_composite;
        self.no_composite += 1;
        let result = f(self);
        self.no_composite = saved;
        result
    }

    fn if_statement(&mut self) -> Parsed<Stmt> {
        let line = self.line();
        self.at += 1;
        let (init, cond) = self.header(|p| {
            let first = p.simple_statement()?;
            if matches!(p.kind(), Kind::Semi) {
                p.at += 1;
                let cond = p.expr()?;
                Ok((Some(Box::new(first)), cond))
            } else {
                match first {
                    Stmt::Expr(cond) => Ok((None, cond)),
                    _ => p.bad("expected a condition"),
                }
            }
        })?;
        let then = self.block()?;
        let otherwise = if self.word("else") {
            self.at += 1;
            if self.word("if") {
                Some(Box::new(self.if_statement()?))
            } else {
                Some(Box::new(Stmt::Block(self.block()?)))
            }
        } else {
            None
        };
        Ok(Stmt::If {
            init,
            cond,
            then,
            otherwise,
            line,
        })
    }

    fn for_statement(&mut self) -> Parsed<Stmt> {
        let line = self.line();
        self.at += 1;
        let (init, range) = self.header(|p| {
            if p.op("{") {
                return Ok((None, None));
            }
            if p.word("range") {
                p.at += 1;
                return Ok((None, Some(p.expr()?)));
            }
            let mut init = None;
            if !matches!(p.kind(), Kind::Semi) {
                let first = p.simple_statement()?;
                if let Stmt::For { range, .. } = first {
                    return Ok((None, range));
                }
                init = Some(Box::new(first));
            }
            // `init; cond; post`, or a lone condition.
            while !p.op("{") && !p.eof() {
                if matches!(p.kind(), Kind::Semi) {
                    p.at += 1;
                    continue;
                }
                p.simple_statement()?;
            }
            Ok((init, None))
        })?;
        let body = self.block()?;
        Ok(Stmt::For {
            init,
            range,
            body,
            line,
        })
    }

    fn switch_statement(&mut self) -> Parsed<Stmt> {
        let line = self.line();
        let select = self.word("select");
        self.at += 1;
        let (init, tag) = if select {
            (None, None)
        } else {
            self.header(|p| {
                if p.op("{") {
                    return Ok((None, None));
                }
                let mut init = None;
                let mut tag = None;
                if !matches!(p.kind(), Kind::Semi) {
                    let first = p.simple_statement()?;
                    if matches!(p.kind(), Kind::Semi) {
                        init = Some(Box::new(first));
                    } else if let Stmt::Expr(e) = first {
                        tag = Some(e);
                    }
                }
                if matches!(p.kind(), Kind::Semi) {
                    p.at += 1;
                    if !p.op("{") {
                        if let Stmt::Expr(e) = p.simple_statement()? {
                            tag = Some(e);
                        }
                    }
                }
                Ok((init, tag))
            })?
        };
        self.expect("{")?;
        self.enter()?;
        let mut cases = Vec::new();
        self.semis();
        while !self.op("}") {
            if !(self.word("case") || self.word("default")) {
                return self.bad("expected case or default");
            }
            // The case's expressions are not needed: skip to its colon.
            let mut depth = 0usize;
            loop {
                match self.kind() {
                    Kind::Eof => return self.bad("case not closed"),
                    Kind::Op("(" | "[" | "{") => depth += 1,
                    Kind::Op(")" | "]" | "}") => depth = depth.saturating_sub(1),
                    Kind::Op(":") if depth == 0 => break,
                    _ => {}
                }
                self.at += 1;
            }
            self.at += 1;
            self.semis();
            let mut body = Vec::new();
            while !(self.word("case") || self.word("default") || self.op("}")) {
                if self.eof() {
                    return self.bad("switch not closed");
                }
                let start = self.at;
                let depth = self.depth;
                match self.statement() {
                    Ok(stmt) => body.push(stmt),
                    Err(Bad(line, message)) => {
                        self.errors.push((line, message));
                        self.depth = depth;
                        self.at = self.at.max(start);
                        self.skip_statement();
                    }
                }
                if self.at == start {
                    self.at += 1;
                }
                self.semis();
            }
            cases.push(body);
        }
        self.at += 1;
        self.depth = self.depth.saturating_sub(1);
        Ok(Stmt::Switch {
            init,
            tag,
            cases,
            line,
        })
    }

    fn expr_list(&mut self) -> Parsed<Vec<Expr>> {
        let mut list = vec![self.expr()?];
        while self.op(",") {
            self.at += 1;
            list.push(self.expr()?);
        }
        Ok(list)
    }

    pub fn expr(&mut self) -> Parsed<Expr> {
        self.enter()?;
        let e = self.binary(1);
        self.depth = self.depth.saturating_sub(1);
        e
    }

    fn binary(&mut self, min: u8) -> Parsed<Expr> {
        let mut left = self.unary()?;
        loop {
            let (op, prec) = match self.kind() {
                Kind::Op(op) => match *op {
                    "||" => (*op, 1),
                    "&&" => (*op, 2),
                    "==" | "!=" | "<" | "<=" | ">" | ">=" => (*op, 3),
                    "+" | "-" | "|" | "^" => (*op, 4),
                    "*" | "/" | "%" | "<<" | ">>" | "&" | "&^" => (*op, 5),
                    _ => return Ok(left),
                },
                _ => return Ok(left),
            };
            if prec < min {
                return Ok(left);
            }
            let line = self.line();
            self.at += 1;
            self.enter()?;
            let right = self.binary(prec + 1);
            self.depth = self.depth.saturating_sub(1);
            left = Expr::Binary(op, Box::new(left), Box::new(right?), line);
        }
    }

    fn unary(&mut self) -> Parsed<Expr> {
        let line = self.line();
        if let Kind::Op(op @ ("+" | "-" | "!" | "^" | "*" | "&" | "<-")) = self.kind() {
            let op = *op;
            self.at += 1;
            self.enter()?;
            let inner = self.unary();
            self.depth = self.depth.saturating_sub(1);
            return Ok(Expr::Unary(op, Box::new(inner?), line));
        }
        self.primary()
    }

    fn primary(&mut self) -> Parsed<Expr> {
        let line = self.line();
        let mut e = match self.kind().clone() {
            Kind::Str(s) => {
                self.at += 1;
                Expr::Str(s, line)
            }
            Kind::Int(Some(v)) => {
                self.at += 1;
                Expr::Int(v, line)
            }
            Kind::Int(None) | Kind::Float | Kind::Rune(_) => {
                self.at += 1;
                Expr::Other(line)
            }
            Kind::Ident(w) if w == "func" => {
                self.at += 1;
                let saved = self.no_composite;
                self.no_composite = 0;
                let func = self.signature_and_body(line);
                self.no_composite = saved;
                let func = func?;
                if func.body.is_some() {
                    Expr::Func(Rc::new(func))
                } else {
                    Expr::Type(Type::Other, line)
                }
            }
            Kind::Ident(w) if matches!(w.as_str(), "struct" | "interface" | "map" | "chan") => {
                Expr::Type(self.parse_type()?, line)
            }
            Kind::Ident(name) => {
                self.at += 1;
                Expr::Ident(name, line)
            }
            Kind::Op("[") => Expr::Type(self.parse_type()?, line),
            Kind::Op("(") => {
                self.at += 1;
                let saved = self.no_composite;
                self.no_composite = 0;
                let inner = self.expr();
                self.no_composite = saved;
                let inner = inner?;
                self.expect(")")?;
                inner
            }
            _ => return self.bad("expected an expression"),
        };
        loop {
            let line = self.line();
            match self.kind() {
                Kind::Op(".") => {
                    self.at += 1;
                    if self.op("(") {
                        // A type assertion or type switch guard.
                        self.skip_balanced();
                        e = Expr::Other(line);
                        continue;
                    }
                    let Some(name) = self.ident() else {
                        return self.bad("expected a name after .");
                    };
                    e = Expr::Selector(Box::new(e), name, line);
                }
                Kind::Op("(") => {
                    self.at += 1;
                    let saved = self.no_composite;
                    self.no_composite = 0;
                    let mut args = Vec::new();
                    let mut spread = false;
                    self.semis();
                    while !self.op(")") {
                        if self.eof() {
                            self.no_composite = saved;
                            return self.bad("call not closed");
                        }
                        args.push(self.expr()?);
                        if self.op("...") {
                            spread = true;
                            self.at += 1;
                        }
                        if self.op(",") {
                            self.at += 1;
                            self.semis();
                        } else if !self.op(")") {
                            self.no_composite = saved;
                            return self.bad("expected , or ) in a call");
                        }
                    }
                    self.at += 1;
                    self.no_composite = saved;
                    e = Expr::Call {
                        fun: Box::new(e),
                        args,
                        spread,
                        line,
                    };
                }
                Kind::Op("[") => {
                    self.skip_balanced();
                    e = Expr::Index(Box::new(e), line);
                }
                Kind::Op("{") if self.composite_allowed(&e) => {
                    let ty = match &e {
                        Expr::Ident(name, _) => Type::Named(None, name.clone()),
                        Expr::Selector(inner, name, _) => match inner.as_ref() {
                            Expr::Ident(pkg, _) => Type::Named(Some(pkg.clone()), name.clone()),
                            _ => Type::Other,
                        },
                        _ => Type::Other,
                    };
                    let elems = self.composite_elems()?;
                    e = Expr::Composite { ty, elems, line };
                }
                _ => return Ok(e),
            }
        }
    }

    fn composite_allowed(&self, e: &Expr) -> bool {
        match e {
            Expr::Type(..) => true,
            Expr::Ident(..) | Expr::Selector(..) | Expr::Index(..) => self.no_composite == 0,
            _ => false,
        }
    }

    /// `{k: v, …}` of a composite literal; elements whose type is elided (`{…}`)
    /// are literals of their own.
    fn composite_elems(&mut self) -> Parsed<Vec<(Option<Expr>, Expr)>> {
        self.expect("{")?;
        self.enter()?;
        let saved = self.no_composite;
        self.no_composite = 0;
        let mut elems = Vec::new();
        self.semis();
        while !self.op("}") {
            if self.eof() {
                return self.bad("literal not closed");
            }
            let mut value = self.element()?;
            let mut key = None;
            if self.op(":") {
                self.at += 1;
                key = Some(value);
                value = self.element()?;
            }
            elems.push((key, value));
            if self.op(",") {
                self.at += 1;
            }
            self.semis();
            if !self.op("}") && !matches!(self.kind_at(0), Kind::Eof) && elems.len() > 100_000 {
                return self.bad("literal too long");
            }
        }
        self.at += 1;
        self.no_composite = saved;
        self.depth = self.depth.saturating_sub(1);
        Ok(elems)
    }

    fn element(&mut self) -> Parsed<Expr> {
        if self.op("{") {
            let line = self.line();
            let elems = self.composite_elems()?;
            return Ok(Expr::Composite {
                ty: Type::Other,
                elems,
                line,
            });
        }
        self.expr()
    }
}

#[cfg(test)]
mod tests {
    use super::super::token::tokenize;
    use super::*;

    fn file(text: &str) -> File {
        let (tokens, error) = tokenize(text);
        assert_eq!(error, None);
        parse(&tokens)
    }

    #[test]
    fn struct_types_keep_their_fields_in_order_and_which_are_embedded() {
        let f = file(
            "package x\n\ntype (\n\tApp struct {\n\t\t*gin.Engine\n\t\tname, addr string `json:\"n\"`\n\t\tStore\n\t\tlog func(string) error\n\t\tgin.RouterGroup \"tag\"\n\t}\n\tID int\n)\n\ntype One struct{ *Engine }\ntype Empty struct{}\n\nfunc f() {\n\ttype local struct{ a int }\n}\n",
        );
        assert!(f.errors.is_empty(), "{:?}", f.errors);
        let field = |name: &str, embedded| StructField {
            name: name.into(),
            embedded,
        };
        assert_eq!(
            f.structs,
            [
                StructDecl {
                    name: "App".into(),
                    fields: vec![
                        field("Engine", true),
                        field("name", false),
                        field("addr", false),
                        field("Store", true),
                        field("log", false),
                        field("RouterGroup", true),
                    ],
                },
                StructDecl {
                    name: "One".into(),
                    fields: vec![field("Engine", true)],
                },
                StructDecl {
                    name: "Empty".into(),
                    fields: vec![],
                },
            ]
        );
    }

    #[test]
    fn a_router_file_reads_whole() {
        let f = file(
            r#"package routers

import (
	"net/http"
	api "example.com/x/internal/api"
	"github.com/gin-gonic/gin"
)

const base = "/api"

type Server struct {
	router *gin.Engine
	items  map[string][]int
}

func (s *Server) routes(rg *gin.RouterGroup, extra ...gin.HandlerFunc) {
	v1 := rg.Group(base + "/v1", extra...)
	{
		v1.GET("/items/:id", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"a": 1}) })
	}
	if x := len(s.items); x > 0 {
		v1.POST("", api.Create)
	} else if y {
	} else {
	}
	for _, rt := range []struct{ m, p string }{{"GET", "/a"}} {
		rg.Handle(rt.m, rt.p)
	}
	srv := &http.Server{Addr: ":8080", Handler: s.router}
	switch v := srv.Handler.(type) {
	case *gin.Engine:
		_ = v
	default:
	}
	go func() { _ = srv.ListenAndServe() }()
}
"#,
        );
        assert_eq!(f.errors, vec![]);
        assert_eq!(f.package, "routers");
        assert_eq!(f.imports.len(), 3);
        assert_eq!(f.imports[1].name.as_deref(), Some("api"));
        assert_eq!(f.values[0].names, ["base"]);
        let routes = &f.funcs[0];
        assert_eq!(
            routes.receiver,
            Some((Some("s".to_owned()), "Server".to_owned()))
        );
        let params = &routes.func.params;
        assert_eq!(params[0].name.as_deref(), Some("rg"));
        assert!(params[1].variadic);
        let body = routes.func.body.as_ref().unwrap();
        assert_eq!(body.len(), 7);
        assert!(matches!(body[2], Stmt::If { .. }));
        assert!(matches!(body[3], Stmt::For { range: Some(_), .. }));
        assert!(matches!(body[5], Stmt::Switch { .. }));
    }

    #[test]
    fn broken_statements_are_skipped_not_fatal() {
        let f = file("package main\nfunc a() {\n\tx := )\n\ty()\n}\nfunc b() {}\n");
        assert_eq!(f.funcs.len(), 2);
        let body = f.funcs[0].func.body.as_ref().unwrap();
        assert!(matches!(body[1], Stmt::Expr(Expr::Call { .. })));
        let f = file("package main\nvar = 3\nfunc c() {}\n");
        assert_eq!(f.errors.len(), 1);
        assert_eq!(f.funcs[0].name, "c");
    }

    #[test]
    fn unnamed_parameters_are_types() {
        let f = file("package p\nfunc f(int, string) {}\nfunc g(a, b int) {}\n");
        assert!(f.funcs[0].func.params.iter().all(|p| p.name.is_none()));
        let names: Vec<_> = f.funcs[1]
            .func
            .params
            .iter()
            .map(|p| p.name.clone())
            .collect();
        assert_eq!(names, [Some("a".into()), Some("b".into())]);
    }

    #[test]
    fn deep_nesting_is_refused_without_overflow() {
        let text = format!(
            "package p\nvar x = {}1{}\n",
            "(".repeat(5000),
            ")".repeat(5000)
        );
        let f = file(&text);
        assert_eq!(f.errors.len(), 1);
    }
}
