//! `GK218`: an ingress-nginx `rewrite-target` that hands the pods the same path for
//! every request. The article this project started from publishes a service under
//! `/service-a(/|$)(.*)` with `rewrite-target: /$1`; capture 1 is `(/|$)`, which holds
//! only the separator, so every request reaches the pods as `/` or `//`.
//!
//! The check reads the path's regex with the request simulator's engine
//! ([`crate::simulate::ingress::route`] and [`crate::simulate::regex`]), sends it a few
//! requests under the path's literal prefix, and reports when two different requests
//! arrive as the same path, with what the pods see and the capture that would keep
//! the rest of the path.

use std::collections::BTreeMap;

use k8s_openapi::api::networking::v1::Ingress;

use super::objects::Object;
use super::values::node_at;
use super::{Cx, Seg};
use crate::simulate::ingress::{
    route, IngressPath, IngressRule, Outcome, PathType, REWRITE_TARGET,
};
use crate::simulate::regex::Regex;
use crate::validate::{Rule, Severity};

pub const GK218: Rule = Rule {
    id: "GK218",
    title: "rewrite-target drops the request path",
    severity: Severity::Error,
    why: "ingress-nginx replaces the whole path with `rewrite-target`, `$1`, `$2`… being \
          the path regex's capture groups. A target built from a group that holds the same \
          text for every request sends every request to one path: the article's \
          `/service-a(/|$)(.*)` with `/$1` hands the pods `/` or `//`, since capture 1 is \
          the separator and the rest of the path is capture 2.",
    bad_example: "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n  annotations:\n    nginx.ingress.kubernetes.io/use-regex: \"true\"\n    nginx.ingress.kubernetes.io/rewrite-target: /$1\nspec:\n  rules:\n  - http:\n      paths:\n      - path: /service-a(/|$)(.*)\n        pathType: ImplementationSpecific\n        backend:\n          service:\n            name: web\n            port:\n              number: 80\n",
    good_example: "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n  annotations:\n    nginx.ingress.kubernetes.io/use-regex: \"true\"\n    nginx.ingress.kubernetes.io/rewrite-target: /$2\nspec:\n  rules:\n  - http:\n      paths:\n      - path: /service-a(/|$)(.*)\n        pathType: ImplementationSpecific\n        backend:\n          service:\n            name: web\n            port:\n              number: 80\n",
};

/// Requests sent under a path's literal prefix: two different deep paths tell whether
/// the rewrite keeps the request path.
const TAILS: [&str; 4] = ["", "/", "/users/42", "/orders/7/items"];

/// Checks the rewrite of every path of the Ingress; one finding at most, on the
/// annotation.
pub fn check(cx: &mut Cx<'_, '_>, object: &Object<'_>, ingress: &Ingress) {
    let Some(target) = ingress
        .metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get(REWRITE_TARGET))
    else {
        return;
    };
    let at = [
        Seg::K("metadata"),
        Seg::K("annotations"),
        Seg::K(REWRITE_TARGET),
    ];
    let groups = referenced_groups(target);
    if groups.is_empty() || !object.trusts(&at) {
        return;
    }
    let paths = ingress
        .spec
        .iter()
        .flat_map(|s| s.rules.iter().flatten())
        .flat_map(|r| r.http.iter().flat_map(|h| h.paths.iter()));
    for path in paths {
        let pattern = path.path.as_deref().unwrap_or("/");
        if let Some((message, fix)) = judge(pattern, target, &groups) {
            let Some(value) = node_at(cx, object.root, &at) else {
                return;
            };
            let pos = cx.stream.pos(value);
            match fix {
                Fix::Replace {
                    target: better,
                    why,
                } => cx.at_replacing(
                    &GK218,
                    pos,
                    message,
                    format!("use rewrite-target {better}: {why}"),
                    (target, &better),
                ),
                Fix::Describe(description) => cx.at(&GK218, pos, message, Some(description)),
            }
            return;
        }
    }
}

enum Fix {
    /// A rewrite-target that keeps the rest of the path, and why.
    Replace { target: String, why: String },
    /// No group of the path holds the rest of it: how to write one.
    Describe(String),
}

/// The group numbers `$1`…`$9` a rewrite target uses.
fn referenced_groups(target: &str) -> Vec<usize> {
    let mut groups = Vec::new();
    let mut chars = target.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' {
            if let Some(n) = chars.peek().and_then(|d| d.to_digit(10)) {
                chars.next();
                if n > 0 && !groups.contains(&(n as usize)) {
                    groups.push(n as usize);
                }
            }
        }
    }
    groups
}

/// The literal text a regex path starts with: `/service-a` of `/service-a(/|$)(.*)`.
fn literal_prefix(pattern: &str) -> String {
    let mut prefix = String::new();
    let mut stop = pattern.len();
    let mut chars = pattern.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some((_, escaped)) if !escaped.is_ascii_alphanumeric() => prefix.push(escaped),
                _ => {
                    stop = at;
                    break;
                }
            },
            '(' | ')' | '[' | ']' | '{' | '}' | '|' | '^' | '$' | '.' | '*' | '+' | '?' => {
                stop = at;
                break;
            }
            c => prefix.push(c),
        }
    }
    // A quantifier applies to the character before it, which is then not literal.
    if matches!(pattern[stop..].chars().next(), Some('*' | '+' | '?' | '{')) {
        prefix.pop();
    }
    prefix
}

/// The source text of capture group `n` (1-based) of `pattern`, parentheses included.
fn group_source(pattern: &str, n: usize) -> Option<&str> {
    let bytes = pattern.as_bytes();
    let mut count = 0;
    let mut i = 0;
    let mut in_class = false;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'[' if !in_class => in_class = true,
            b']' if in_class => in_class = false,
            b'(' if !in_class => {
                let rest = &pattern[i + 1..];
                let capturing = !rest.starts_with('?')
                    || ((rest.starts_with("?P<") || rest.starts_with("?<"))
                        && !rest.starts_with("?<=")
                        && !rest.starts_with("?<!"));
                if capturing {
                    count += 1;
                    if count == n {
                        return closing(pattern, i).map(|end| &pattern[i..=end]);
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The index of the `)` that closes the `(` at `open`.
fn closing(pattern: &str, open: usize) -> Option<usize> {
    let bytes = pattern.as_bytes();
    let (mut depth, mut i, mut in_class) = (0usize, open, false);
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'[' if !in_class => in_class = true,
            b']' if in_class => in_class = false,
            b'(' if !in_class => depth += 1,
            b')' if !in_class => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// What the pods receive for `request` under the rewrite `target`, if the path matches.
fn rewritten(pattern: &str, target: &str, request: &str) -> Option<String> {
    let rule = IngressRule {
        host: None,
        paths: vec![IngressPath {
            path: pattern.to_owned(),
            path_type: PathType::ImplementationSpecific,
        }],
        annotations: BTreeMap::from([(REWRITE_TARGET.to_owned(), target.to_owned())]),
        tls: false,
    };
    match route(&rule, "", request) {
        Outcome::Matched { rewritten, .. } => Some(rewritten),
        _ => None,
    }
}

/// Whether the rewrite of `pattern` loses the request path: the message and the fix.
fn judge(pattern: &str, target: &str, groups: &[usize]) -> Option<(String, Fix)> {
    let regex = Regex::new(pattern).ok()?;
    let base = literal_prefix(pattern);
    let base = base.trim_end_matches('/');
    let requests: Vec<String> = TAILS
        .iter()
        .map(|tail| format!("{base}{tail}"))
        .filter(|r| r.starts_with('/'))
        .collect();
    // A path that does not start with `/` matches no request.
    if requests.len() < 3 {
        return None;
    }
    let deep = &requests[requests.len() - 2..];
    let seen: Vec<String> = requests
        .iter()
        .map(|r| rewritten(pattern, target, r))
        .collect::<Option<_>>()?;
    let (first, second) = (&seen[seen.len() - 2], &seen[seen.len() - 1]);
    if first != second {
        return None;
    }
    let mut outcomes: Vec<String> = Vec::new();
    for s in &seen {
        let quoted = format!("{s:?}");
        if !outcomes.contains(&quoted) {
            outcomes.push(quoted);
        }
    }
    let outcomes = match outcomes.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => outcomes.concat(),
    };
    // What each group the target uses holds, over every request.
    let holds_only_separator = |n: usize| {
        requests.iter().all(|r| {
            regex.match_start(r).is_some_and(|captures| {
                captures
                    .get(n)
                    .copied()
                    .flatten()
                    .is_none_or(|(s, e)| matches!(&r[s..e], "" | "/"))
            })
        })
    };
    let described: Vec<String> = groups
        .iter()
        .map(|n| match group_source(pattern, *n) {
            None => format!("{pattern} has no capture {n}, so ${n} is empty"),
            Some(source) if holds_only_separator(*n) => {
                format!("capture {n} of {pattern} is {source}, which holds only the separator")
            }
            Some(source) => {
                format!("capture {n} of {pattern} is {source}, which is the same for every request")
            }
        })
        .collect();
    let under = if base.is_empty() { "/" } else { base };
    let message = format!(
        "rewrite-target {target} hands the pods {outcomes} for every request under {under}: {}, so {} arrives as {first:?}",
        described.join("; "),
        deep[0],
    );
    let better = (1..=9).map(|k| format!("/${k}")).find(|candidate| {
        requests.iter().all(|r| {
            let tail = &r[base.len()..];
            let expected = if tail.is_empty() { "/" } else { tail };
            rewritten(pattern, candidate, r).as_deref() == Some(expected)
        })
    });
    let fix = match better {
        Some(better) => {
            let n = &better[2..];
            let source = n
                .parse()
                .ok()
                .and_then(|n| group_source(pattern, n))
                .unwrap_or_default();
            let why = format!(
                "capture {n} of {pattern} is {source}, which holds the rest of the path, so {} arrives as {}",
                deep[0],
                &deep[0][base.len()..]
            );
            Fix::Replace {
                target: better,
                why,
            }
        }
        None => Fix::Describe(format!(
            "capture the rest of the path and rewrite to it: path {under}(/|$)(.*) with rewrite-target /$2 hands the pods {} as {}",
            deep[0],
            &deep[0][base.len()..]
        )),
    };
    Some((message, fix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regex_reading() {
        assert_eq!(referenced_groups("/$1/x/$2$1"), [1, 2]);
        assert_eq!(referenced_groups("/"), Vec::<usize>::new());
        assert_eq!(literal_prefix("/service-a(/|$)(.*)"), "/service-a");
        assert_eq!(literal_prefix(r"/v1\.2/(.*)"), "/v1.2/");
        assert_eq!(literal_prefix("/apis?(/|$)(.*)"), "/api");
        assert_eq!(group_source("/a(/|$)(.*)", 1), Some("(/|$)"));
        assert_eq!(group_source("/a(?:x|y)([a-z(]+)(.*)", 1), Some("([a-z(]+)"));
        assert_eq!(group_source("/a(?:x|y)([a-z(]+)(.*)", 2), Some("(.*)"));
        assert_eq!(group_source("/a(.*)", 2), None);
    }

    #[test]
    fn the_article_rewrite_loses_the_path_and_its_fix_keeps_it() {
        let (message, fix) = judge("/service-a(/|$)(.*)", "/$1", &[1]).unwrap();
        assert_eq!(
            message,
            "rewrite-target /$1 hands the pods \"/\" or \"//\" for every request under /service-a: capture 1 of /service-a(/|$)(.*) is (/|$), which holds only the separator, so /service-a/users/42 arrives as \"//\""
        );
        assert!(matches!(fix, Fix::Replace { target, .. } if target == "/$2"));
        assert!(judge("/service-a(/|$)(.*)", "/$2", &[2]).is_none());
        assert!(judge("/api/(.*)", "/$1", &[1]).is_none());
        assert!(judge("api(/|$)(.*)", "/$1", &[1]).is_none());
        assert!(judge("(", "/$1", &[1]).is_none());
    }
}
