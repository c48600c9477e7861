//! A model of Gin 1.8.1's router: one radix tree per HTTP method, built the way
//! `tree.go` builds it, so that registering routes fails exactly where Gin panics
//! and looking a path up finds exactly the handler (or trailing-slash redirect) Gin
//! finds.
//!
//! The tree's *shape* matters, not only the set of paths: whether a catch-all may be
//! added depends on whether the node it lands on ends in `/`, and lookups backtrack
//! over the nodes that were split while inserting. So this keeps Gin's node layout
//! (edge-compressed byte paths, `indices` of static children, at most one wildcard
//! child kept last) and leaves out only what cannot change an outcome: child
//! priorities, which reorder static children but never change which one a byte
//! selects.
//!
//! Paths are bytes, as in Go: a multi-byte character may be split between nodes.
//! Nothing here panics; where Gin's own code would crash at run time, the result says
//! so ([`LookupPanic`], and [`Conflict`] for registration).

/// What a node is, as Gin's `nodeType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Static,
    /// The tree's root once a route is in; lookups treat it specially.
    Root,
    /// `:name`: one path segment.
    Param,
    /// `*name`: the rest of the path (two nodes: an empty one, then `/*name`).
    CatchAll,
}

#[derive(Clone, Debug)]
struct Node {
    /// The edge label: bytes this node consumes.
    path: Vec<u8>,
    /// The first byte of each static child, in the same order as `children`.
    indices: Vec<u8>,
    /// The last child is a parameter or catch-all node.
    wild_child: bool,
    kind: Kind,
    children: Vec<usize>,
    /// The route registered at exactly this node.
    route: Option<usize>,
    /// The route whose registration created this node: the "existing" route a
    /// conflict names.
    owner: usize,
}

impl Node {
    fn new(kind: Kind, path: &[u8], owner: usize) -> Node {
        Node {
            path: path.to_vec(),
            indices: Vec::new(),
            wild_child: false,
            kind,
            children: Vec::new(),
            route: None,
            owner,
        }
    }
}

/// Why Gin refuses a route: each variant is one of the panics in Gin's `addRoute`
/// or `insertChild`. `existing` is the id of the route already in the tree that the
/// new one collides with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Conflict {
    /// The same path is already registered for this method.
    Duplicate { existing: usize },
    /// A parameter at a position where another route has a parameter of another
    /// name (`:id` vs `:name`, or `:id` vs `:ids`).
    ParamName {
        new: String,
        existing_param: String,
        existing: usize,
    },
    /// A catch-all and anything else at one position: the new route is, or lands
    /// under, a catch-all (`*filepath`) while other routes use that position, or the
    /// other way round.
    CatchAll {
        /// What of the new path collides (`*filepath`, or a segment like `x`).
        new: String,
        /// What of the existing route it collides with.
        existing_part: String,
        existing: usize,
    },
    /// The path itself is malformed; Gin panics whatever else is registered.
    Syntax(Syntax),
}

/// A malformed wildcard, whatever the other routes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// `/:a:b` or `/:a*b`: a segment holds two wildcards.
    TwoWildcards { segment: String },
    /// `/:` or `/*/x`: a wildcard without a name.
    Unnamed { wildcard: String },
    /// `/*path/more`: something follows a catch-all.
    CatchAllNotLast { wildcard: String },
    /// `/files*path`: a catch-all not at the start of a segment.
    NoSlashBeforeCatchAll { wildcard: String },
}

/// The result of looking a path up, as Gin's `getValue` returns it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Found {
    /// The matched route's id.
    pub route: Option<usize>,
    /// Parameter and catch-all values, in path order.
    pub params: Vec<(String, String)>,
    /// No route matches, but one would with a trailing slash added or removed:
    /// Gin redirects there (its `RedirectTrailingSlash` is on by default).
    pub tsr: bool,
}

/// Gin 1.8.1 crashes while looking this path up: it backtracks over more
/// static-versus-parameter branch points than the stack it sized from the routes'
/// slash counts (only possible with parameters inside a segment, such as `/a:x`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LookupPanic;

/// One method's tree.
#[derive(Clone, Debug)]
pub struct Tree {
    nodes: Vec<Node>,
}

impl Default for Tree {
    fn default() -> Self {
        // Gin's root starts as an empty static node and becomes `root` with the
        // first route.
        Tree {
            nodes: vec![Node::new(Kind::Static, b"", 0)],
        }
    }
}

/// The first wildcard of `path`: its start and end (the next `/` or the end) and
/// whether it is well formed (no second `:` or `*` before its end).
fn find_wildcard(path: &[u8]) -> Option<(usize, usize, bool)> {
    let start = path.iter().position(|&b| b == b':' || b == b'*')?;
    let end = path[start + 1..]
        .iter()
        .position(|&b| b == b'/')
        .map_or(path.len(), |i| start + 1 + i);
    let valid = !path[start + 1..end].iter().any(|&b| b == b':' || b == b'*');
    Some((start, end, valid))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Checks a path's wildcards on their own.
///
/// Gin validates wildcards only in the part of a path it inserts as new nodes, but a
/// malformed wildcard can never match an existing (well formed) one, so a malformed
/// path panics whatever is already registered. Checking it first gives the real
/// cause instead of whichever conflict Gin trips over.
pub fn check_syntax(path: &[u8]) -> Result<(), Syntax> {
    let mut from = 0;
    while let Some((start, end, valid)) = find_wildcard(&path[from..]) {
        let (start, end) = (from + start, from + end);
        let wildcard = text(&path[start..end]);
        if !valid {
            return Err(Syntax::TwoWildcards { segment: wildcard });
        }
        if end - start < 2 {
            return Err(Syntax::Unnamed { wildcard });
        }
        if path[start] == b'*' {
            if end != path.len() {
                return Err(Syntax::CatchAllNotLast { wildcard });
            }
            if start == 0 || path[start - 1] != b'/' {
                return Err(Syntax::NoSlashBeforeCatchAll { wildcard });
            }
        }
        from = end;
    }
    Ok(())
}

impl Tree {
    fn push(&mut self, node: Node) -> usize {
        self.nodes.push(node);
        self.nodes.len() - 1
    }

    /// Adds a child, keeping the wildcard child last.
    fn add_child(&mut self, parent: usize, child: usize) {
        let p = &mut self.nodes[parent];
        if p.wild_child && !p.children.is_empty() {
            let at = p.children.len() - 1;
            p.children.insert(at, child);
        } else {
            p.children.push(child);
        }
    }

    /// Splits node `n` after `at` bytes: the tail and everything below move to a new
    /// static child, `n` keeps the common head and loses its route.
    fn split(&mut self, n: usize, at: usize) {
        let node = &mut self.nodes[n];
        let tail = Node {
            path: node.path.split_off(at),
            indices: std::mem::take(&mut node.indices),
            wild_child: node.wild_child,
            kind: Kind::Static,
            children: std::mem::take(&mut node.children),
            route: node.route.take(),
            owner: node.owner,
        };
        let first = tail.path[0];
        node.wild_child = false;
        let child = self.push(tail);
        let node = &mut self.nodes[n];
        node.indices = vec![first];
        node.children = vec![child];
    }

    /// Registers route `id` at `path`, or says why Gin would panic. On an error the
    /// tree still holds every earlier route and means the same as before, so further
    /// routes can be checked (Gin itself stops at the first panic).
    pub fn insert(&mut self, path: &[u8], id: usize) -> Result<(), Conflict> {
        check_syntax(path).map_err(Conflict::Syntax)?;
        let root = &self.nodes[0];
        if root.path.is_empty() && root.children.is_empty() {
            self.insert_child(0, path, id)?;
            self.nodes[0].kind = Kind::Root;
            return Ok(());
        }
        let mut n = 0;
        let mut rest = path;
        loop {
            let label = &self.nodes[n].path;
            let common = rest.iter().zip(label).take_while(|(a, b)| a == b).count();
            if common < label.len() {
                self.split(n, common);
            }
            if common == rest.len() {
                let node = &mut self.nodes[n];
                if let Some(existing) = node.route {
                    return Err(Conflict::Duplicate { existing });
                }
                node.route = Some(id);
                return Ok(());
            }
            rest = &rest[common..];
            let c = rest[0];
            let node = &self.nodes[n];
            // A '/' after a parameter continues into its only child.
            if node.kind == Kind::Param && c == b'/' && node.children.len() == 1 {
                n = node.children[0];
                continue;
            }
            if let Some(i) = node.indices.iter().position(|&b| b == c) {
                n = node.children[i];
                continue;
            }
            if c != b':' && c != b'*' && node.kind != Kind::CatchAll {
                // A new static branch: Gin 1.8 allows it beside a parameter, so
                // `/users/new` and `/users/:id` coexist (httprouter refused this).
                let child = self.push(Node::new(Kind::Static, b"", id));
                self.nodes[n].indices.push(c);
                self.add_child(n, child);
                return self.insert_child(child, rest, id);
            }
            if node.wild_child {
                let w = *node.children.last().unwrap_or(&n);
                let wild = &self.nodes[w];
                let fits = rest.starts_with(&wild.path)
                    && wild.kind != Kind::CatchAll
                    && (rest.len() == wild.path.len() || rest[wild.path.len()] == b'/');
                if fits {
                    n = w;
                    continue;
                }
                return Err(self.wildcard_conflict(w, rest));
            }
            return self.insert_child(n, rest, id);
        }
    }

    /// The conflict of `rest` (which starts where wildcard node `w` sits) with `w`.
    fn wildcard_conflict(&self, w: usize, rest: &[u8]) -> Conflict {
        let wild = &self.nodes[w];
        let segment = rest.split(|&b| b == b'/').next().unwrap_or_default();
        let existing = self.first_route_under(w);
        if wild.kind == Kind::CatchAll {
            // `rest` starts with the '/' the catch-all node also holds.
            let new = rest[1..].split(|&b| b == b'/').next().unwrap_or_default();
            Conflict::CatchAll {
                new: text(new),
                existing_part: text(&wild.path[1..]),
                existing,
            }
        } else if rest.first() == Some(&b'*') {
            Conflict::CatchAll {
                new: text(rest),
                existing_part: text(&wild.path),
                existing,
            }
        } else {
            Conflict::ParamName {
                new: text(segment),
                existing_param: text(&wild.path),
                existing,
            }
        }
    }

    /// A route registered at or below node `n` (its owner when none is).
    fn first_route_under(&self, n: usize) -> usize {
        let mut stack = vec![n];
        while let Some(at) = stack.pop() {
            let node = &self.nodes[at];
            if let Some(route) = node.route {
                return route;
            }
            stack.extend(node.children.iter().rev());
        }
        self.nodes[n].owner
    }

    /// Hangs `path` (already known to be new below `n`) under node `n`, creating
    /// parameter and catch-all nodes for its wildcards.
    fn insert_child(&mut self, mut n: usize, path: &[u8], id: usize) -> Result<(), Conflict> {
        let mut rest = path;
        while let Some((start, end, _)) = find_wildcard(rest) {
            let wildcard = &rest[start..end];
            if wildcard[0] == b':' {
                if start > 0 {
                    self.nodes[n].path = rest[..start].to_vec();
                    rest = &rest[start..];
                }
                let wildcard = &rest[..end - start];
                let param = self.push(Node::new(Kind::Param, wildcard, id));
                self.add_child(n, param);
                self.nodes[n].wild_child = true;
                n = param;
                if wildcard.len() < rest.len() {
                    // More follows the parameter, starting with '/'.
                    rest = &rest[wildcard.len()..];
                    let child = self.push(Node::new(Kind::Static, b"", id));
                    self.add_child(n, child);
                    n = child;
                    continue;
                }
                self.nodes[n].route = Some(id);
                return Ok(());
            }
            // A catch-all cannot share a node ending in '/' with the children already
            // there: `/src/x` then `/src/*filepath`. (With no child at all, as after
            // `/src/`, Gin crashes on an index out of range instead; a panic all
            // the same.)
            let node = &self.nodes[n];
            if node.path.last() == Some(&b'/') {
                let (existing_part, existing) = match node.children.first() {
                    Some(&child) => {
                        let label = &self.nodes[child].path;
                        let segment = label.split(|&b| b == b'/').next().unwrap_or_default();
                        (text(segment), self.first_route_under(child))
                    }
                    // Only the route ending in this '/' is there.
                    None => (String::new(), node.route.unwrap_or(node.owner)),
                };
                return Err(Conflict::CatchAll {
                    new: text(wildcard),
                    existing_part,
                    existing,
                });
            }
            if start == 0 || rest[start - 1] != b'/' {
                return Err(Conflict::Syntax(Syntax::NoSlashBeforeCatchAll {
                    wildcard: text(wildcard),
                }));
            }
            // The node keeps the path up to the '/', then an empty catch-all node
            // (indexed by '/') holds a `/*name` node with the route.
            let slash = start - 1;
            self.nodes[n].path = rest[..slash].to_vec();
            let mut holder = Node::new(Kind::CatchAll, b"", id);
            holder.wild_child = true;
            let holder = self.push(holder);
            self.add_child(n, holder);
            self.nodes[n].indices = vec![b'/'];
            let mut leaf = Node::new(Kind::CatchAll, &rest[slash..], id);
            leaf.route = Some(id);
            let leaf = self.push(leaf);
            self.nodes[holder].children = vec![leaf];
            return Ok(());
        }
        let node = &mut self.nodes[n];
        node.path = rest.to_vec();
        node.route = Some(id);
        Ok(())
    }

    /// Looks `path` up as Gin's `getValue` does: static children first, then the
    /// parameter or catch-all child, backtracking to the last branch point when a
    /// static branch leads nowhere. `max_sections` is the most slashes in any
    /// registered path (of any method): Gin sizes its backtracking stack with it.
    pub fn lookup(&self, path: &[u8], max_sections: usize) -> Result<Found, LookupPanic> {
        /// A branch point to come back to: the path left there, the node, how many
        /// parameters were taken by then.
        struct Skipped {
            path: Vec<u8>,
            node: usize,
            params: usize,
        }
        let mut found = Found::default();
        let mut skipped: Vec<Skipped> = Vec::new();
        let mut n = 0;
        let mut path: Vec<u8> = path.to_vec();
        // After backtracking to a branch point, its static children are no longer
        // tried (Gin restores a copy of the node without its `indices`).
        let mut statics_done = false;

        // Pops branch points until one whose remaining path ends with `path`.
        let backtrack = |skipped: &mut Vec<Skipped>,
                         path: &mut Vec<u8>,
                         n: &mut usize,
                         found: &mut Found|
         -> bool {
            while let Some(s) = skipped.pop() {
                if s.path.ends_with(path) {
                    *path = s.path;
                    *n = s.node;
                    found.params.truncate(s.params);
                    return true;
                }
            }
            false
        };

        loop {
            let node = &self.nodes[n];
            let indices: &[u8] = if statics_done { &[] } else { &node.indices };
            statics_done = false;
            let prefix = node.path.as_slice();
            if path.len() > prefix.len() && path.starts_with(prefix) {
                let whole = path.clone();
                path.drain(..prefix.len());
                if let Some(i) = indices.iter().position(|&b| b == path[0]) {
                    if node.wild_child {
                        if skipped.len() + 1 > max_sections {
                            return Err(LookupPanic);
                        }
                        skipped.push(Skipped {
                            path: whole,
                            node: n,
                            params: found.params.len(),
                        });
                    }
                    n = node.children[i];
                    continue;
                }
                if !node.wild_child {
                    if path != b"/" && backtrack(&mut skipped, &mut path, &mut n, &mut found) {
                        statics_done = true;
                        continue;
                    }
                    found.tsr = path == b"/" && node.route.is_some();
                    return Ok(found);
                }
                let Some(&w) = node.children.last() else {
                    return Ok(found);
                };
                n = w;
                let node = &self.nodes[n];
                match node.kind {
                    Kind::Param => {
                        let end = path.iter().position(|&b| b == b'/').unwrap_or(path.len());
                        found
                            .params
                            .push((text(&node.path[1..]), text(&path[..end])));
                        if end < path.len() {
                            if let Some(&child) = node.children.first() {
                                path.drain(..end);
                                n = child;
                                continue;
                            }
                            found.tsr = path.len() == end + 1;
                            return Ok(found);
                        }
                        if node.route.is_some() {
                            found.route = node.route;
                            return Ok(found);
                        }
                        if let [child] = node.children[..] {
                            let child = &self.nodes[child];
                            found.tsr = (child.path == b"/" && child.route.is_some())
                                || (child.path.is_empty() && child.indices == b"/");
                        }
                        return Ok(found);
                    }
                    Kind::CatchAll => {
                        let name = node.path.get(2..).unwrap_or_default();
                        found.params.push((text(name), text(&path)));
                        found.route = node.route;
                        return Ok(found);
                    }
                    // Gin panics with "invalid node type"; its trees never get here.
                    Kind::Static | Kind::Root => return Err(LookupPanic),
                }
            }
            if path == prefix {
                if node.route.is_none()
                    && path != b"/"
                    && backtrack(&mut skipped, &mut path, &mut n, &mut found)
                {
                    statics_done = true;
                    continue;
                }
                if node.route.is_some() {
                    found.route = node.route;
                    return Ok(found);
                }
                if path == b"/" && node.wild_child && node.kind != Kind::Root {
                    found.tsr = true;
                    return Ok(found);
                }
                if let Some(i) = indices.iter().position(|&b| b == b'/') {
                    let child = &self.nodes[node.children[i]];
                    found.tsr = (child.path.len() == 1 && child.route.is_some())
                        || (child.kind == Kind::CatchAll
                            && child
                                .children
                                .first()
                                .is_some_and(|&c| self.nodes[c].route.is_some()));
                }
                return Ok(found);
            }
            found.tsr = path == b"/"
                || (prefix.len() == path.len() + 1
                    && prefix[path.len()] == b'/'
                    && path == prefix[..path.len()]
                    && node.route.is_some());
            if !found.tsr && path != b"/" && backtrack(&mut skipped, &mut path, &mut n, &mut found)
            {
                statics_done = true;
                continue;
            }
            return Ok(found);
        }
    }
}

/// Every method's tree, as a Gin engine holds them.
#[derive(Clone, Debug, Default)]
pub struct Router {
    trees: Vec<(String, Tree)>,
    max_sections: usize,
}

impl Router {
    pub fn new() -> Router {
        Router::default()
    }

    /// Registers route `id` for `method` at `path`.
    pub fn insert(&mut self, method: &str, path: &str, id: usize) -> Result<(), Conflict> {
        let at = match self.trees.iter().position(|(m, _)| m == method) {
            Some(at) => at,
            None => {
                self.trees.push((method.to_owned(), Tree::default()));
                self.trees.len() - 1
            }
        };
        self.trees[at].1.insert(path.as_bytes(), id)?;
        // Gin counts slashes only for routes that went in.
        let sections = path.bytes().filter(|&b| b == b'/').count();
        self.max_sections = self.max_sections.max(sections);
        Ok(())
    }

    /// Looks `path` up in `method`'s tree; no tree means no route.
    pub fn lookup(&self, method: &str, path: &str) -> Result<Found, LookupPanic> {
        match self.trees.iter().find(|(m, _)| m == method) {
            Some((_, tree)) => tree.lookup(path.as_bytes(), self.max_sections),
            None => Ok(Found::default()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn router(paths: &[&str]) -> Router {
        let mut r = Router::new();
        for (id, path) in paths.iter().enumerate() {
            r.insert("GET", path, id).unwrap();
        }
        r
    }

    #[test]
    fn static_beats_param_and_backtracks_to_it() {
        let r = router(&["/users/new", "/users/:id", "/users/new/x"]);
        assert_eq!(r.lookup("GET", "/users/new").unwrap().route, Some(0));
        let found = r.lookup("GET", "/users/42").unwrap();
        assert_eq!(found.route, Some(1));
        assert_eq!(found.params, [("id".to_owned(), "42".to_owned())]);
        // `/users/newer` starts like the static branch, which leads nowhere.
        assert_eq!(r.lookup("GET", "/users/newer").unwrap().route, Some(1));
    }

    #[test]
    fn trailing_slash_recommendations() {
        let r = router(&["/a/", "/b", "/c/:id/"]);
        assert!(r.lookup("GET", "/a").unwrap().tsr);
        assert!(r.lookup("GET", "/b/").unwrap().tsr);
        assert!(r.lookup("GET", "/c/1").unwrap().tsr);
        assert!(!r.lookup("GET", "/d").unwrap().tsr);
    }

    #[test]
    fn conflicts_name_the_existing_route() {
        let mut r = router(&["/users/:id", "/src/x"]);
        assert_eq!(
            r.insert("GET", "/users/:name", 9),
            Err(Conflict::ParamName {
                new: ":name".into(),
                existing_param: ":id".into(),
                existing: 0
            })
        );
        assert_eq!(
            r.insert("GET", "/src/*filepath", 9),
            Err(Conflict::CatchAll {
                new: "*filepath".into(),
                existing_part: "x".into(),
                existing: 1
            })
        );
        assert_eq!(
            r.insert("GET", "/users/:id", 9),
            Err(Conflict::Duplicate { existing: 0 })
        );
        // A failed insert leaves the tree as it was.
        assert_eq!(r.lookup("GET", "/users/7").unwrap().route, Some(0));
        assert_eq!(r.insert("POST", "/users/:name", 9), Ok(()));
    }

    #[test]
    fn odd_bytes_never_panic() {
        let mut r = Router::new();
        for (id, path) in ["", "/", "é", "/é/:ü", "/é/x", "::", "/a/*", "*", "/*x"]
            .iter()
            .enumerate()
        {
            let _ = r.insert("GET", path, id);
        }
        for path in ["", "/", "/é", "/é/1", "//", "/a/b/c"] {
            let _ = r.lookup("GET", path);
        }
    }
}
