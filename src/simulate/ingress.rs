//! The Ingress step: which rule of the design's Ingress answers a request, and the
//! path ingress-nginx hands the Service after `rewrite-target`.
//!
//! [`rules`] derives the Ingress from the design the way the generator does; the
//! matching follows ingress-nginx:
//! - Without regex: `Exact` paths match only themselves and beat everything;
//!   `Prefix` paths match element by element (`/foo` matches `/foo` and `/foo/bar`,
//!   not `/foobar`), the longest winning; `ImplementationSpecific` is a plain nginx
//!   prefix location (a string prefix).
//! - With `use-regex: "true"` or any `rewrite-target` on the Ingress, ingress-nginx
//!   makes *every* path of the host a case-insensitive regex location anchored at
//!   the start (`~* "^path"`) and writes them longest first; nginx takes the first
//!   that matches.
//! - `rewrite-target` replaces the whole path, `$1`, `$2`… being the path regex's
//!   capture groups (empty when a group did not take part).

use std::collections::BTreeMap;

use crate::model::Design;
use crate::simulate::regex::Regex;

/// ingress-nginx's annotation that makes paths regular expressions.
pub const USE_REGEX: &str = "nginx.ingress.kubernetes.io/use-regex";
/// ingress-nginx's annotation that rewrites the path before it reaches the pods.
pub const REWRITE_TARGET: &str = "nginx.ingress.kubernetes.io/rewrite-target";

/// An Ingress path's `pathType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathType {
    Exact,
    Prefix,
    ImplementationSpecific,
}

impl PathType {
    pub fn as_str(self) -> &'static str {
        match self {
            PathType::Exact => "Exact",
            PathType::Prefix => "Prefix",
            PathType::ImplementationSpecific => "ImplementationSpecific",
        }
    }
}

/// One path of the Ingress rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IngressPath {
    pub path: String,
    pub path_type: PathType,
}

/// The one rule the design's Ingress has: its host, paths and annotations (every
/// path goes to the design's Service).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IngressRule {
    /// No host: the rule answers every host.
    pub host: Option<String>,
    pub paths: Vec<IngressPath>,
    pub annotations: BTreeMap<String, String>,
    /// Whether the Ingress has a TLS certificate for the rule's host: ingress-nginx
    /// then redirects plain HTTP requests to HTTPS (308) unless `ssl-redirect` is
    /// `"false"`.
    pub tls: bool,
}

/// ingress-nginx's annotation that turns the HTTP to HTTPS redirect off.
pub const SSL_REDIRECT: &str = "nginx.ingress.kubernetes.io/ssl-redirect";

impl IngressRule {
    /// Whether ingress-nginx answers a plain HTTP request with a redirect to HTTPS.
    pub fn redirects_to_https(&self) -> bool {
        self.tls
            && self
                .annotations
                .get(SSL_REDIRECT)
                .is_none_or(|v| v.trim() != "false")
    }
}

/// The Ingress rule the generator writes for the design (read from the typed object
/// [`crate::generate::kube::ingress::ingress`] produces, so the simulation and the
/// manifest cannot disagree), or none without `cluster.ingress`.
pub fn rules(design: &Design) -> Option<IngressRule> {
    let ingress = crate::generate::kube::ingress::ingress(design)?;
    let spec = ingress.spec.as_ref()?;
    let rule = spec.rules.as_ref()?.first()?.clone();
    let tls = spec.tls.iter().flatten().any(|t| {
        t.hosts
            .as_ref()
            .is_none_or(|hosts| hosts.iter().any(|h| Some(h) == rule.host.as_ref()))
    });
    let host = rule
        .host
        .map(|h| h.trim().to_ascii_lowercase())
        .filter(|h| !h.is_empty());
    let paths = rule
        .http
        .map(|http| http.paths)
        .unwrap_or_default()
        .into_iter()
        .map(|p| IngressPath {
            path: p.path.unwrap_or_else(|| "/".into()),
            path_type: match p.path_type.as_str() {
                "Exact" => PathType::Exact,
                "Prefix" => PathType::Prefix,
                _ => PathType::ImplementationSpecific,
            },
        })
        .collect();
    Some(IngressRule {
        host,
        paths,
        annotations: ingress.metadata.annotations.unwrap_or_default(),
        tls,
    })
}

/// What the Ingress did with a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The rule is for another host: ingress-nginx's default backend answers 404.
    OtherHost { rule_host: String },
    /// The host matches but no path does: the default backend answers 404.
    NoPath,
    /// A path matched; `rewritten` is the path the Service receives.
    Matched {
        path: IngressPath,
        /// `~* "^…"` when regex matching was on, else how the path type matched.
        how: String,
        /// The rewrite applied, as `rewrite-target /$2`, if any.
        rewrite: Option<String>,
        rewritten: String,
    },
    /// A path is a regex this simulator cannot read.
    BadRegex { path: String, reason: String },
    /// nginx refuses the request target (400) before it looks for a location.
    BadRequest { reason: String },
}

/// The path nginx matches locations and rewrites against (`ngx_http_parse_complex_uri`
/// with `merge_slashes on`, which ingress-nginx never turns off): `%XX` escapes
/// decoded, `//` merged, `.` and `..` segments resolved. A bad escape, an escaped NUL
/// or a `..` above the root is a 400. Decoded bytes are kept one char per byte
/// (U+0000–U+00FF), as nginx's byte-wise matching sees them, so [`escape_uri`] writes
/// them back byte for byte.
pub fn normalize(path: &str) -> Result<String, String> {
    let bytes = path.as_bytes();
    let mut decoded = String::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let byte = if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            let Some(byte) = hex else {
                return Err(format!("{path} has a malformed percent escape"));
            };
            if byte == 0 {
                return Err(format!("{path} has an escaped NUL byte"));
            }
            i += 3;
            byte
        } else {
            i += 1;
            bytes[i - 1]
        };
        decoded.push(char::from(byte));
    }
    let parts: Vec<&str> = decoded
        .strip_prefix('/')
        .unwrap_or(&decoded)
        .split('/')
        .collect();
    let mut kept: Vec<&str> = Vec::new();
    for part in &parts {
        match *part {
            "" | "." => {}
            ".." => {
                if kept.pop().is_none() {
                    return Err(format!("{path} climbs above the root with .."));
                }
            }
            segment => kept.push(segment),
        }
    }
    let mut out = format!("/{}", kept.join("/"));
    if !kept.is_empty() && matches!(parts.last(), Some(&("" | "." | ".."))) {
        out.push('/');
    }
    Ok(out)
}

/// How nginx writes a rewritten path upstream (`ngx_escape_uri`, `NGX_ESCAPE_URI`):
/// control characters, space, `" # % < > ? \ ^ ` { | }` and bytes from 0x7F escaped
/// in upper-case hex. Chars stand for bytes, as [`normalize`] leaves them.
pub fn escape_uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        let byte = u32::from(c);
        let escaped = byte <= 0x20
            || byte >= 0x7f
            || matches!(
                c,
                '"' | '#' | '%' | '<' | '>' | '?' | '\\' | '^' | '`' | '{' | '|' | '}'
            );
        if escaped {
            // Chars from `normalize` are bytes; anything wider is written as UTF-8.
            let mut buffer = [0; 4];
            let bytes: &[u8] = if byte <= 0xff {
                buffer[0] = byte as u8;
                &buffer[..1]
            } else {
                c.encode_utf8(&mut buffer).as_bytes()
            };
            for b in bytes {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether `host` (a Host header, perhaps with a port) is the rule's host; a
/// `*.example.com` rule host matches exactly one more label.
fn host_matches(rule_host: &str, host: &str) -> bool {
    let host = host.trim().trim_end_matches('.');
    let host = host.rsplit_once(':').map_or(host, |(name, port)| {
        if port.bytes().all(|b| b.is_ascii_digit()) {
            name
        } else {
            host
        }
    });
    let host = host.to_ascii_lowercase();
    match rule_host.strip_prefix("*.") {
        Some(domain) => host
            .split_once('.')
            .is_some_and(|(label, rest)| !label.is_empty() && rest == domain),
        None => host == rule_host,
    }
}

/// Whether a `Prefix` path matches element-wise: `/foo` (or `/foo/`) matches
/// `/foo`, `/foo/` and `/foo/bar`, never `/foobar`.
fn prefix_matches(prefix: &str, path: &str) -> bool {
    let prefix = prefix.trim_end_matches('/');
    prefix.is_empty()
        || path == prefix
        || path
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// Replaces `$1`…`$9` in `target` with the captures (empty when missing).
fn substitute(target: &str, path: &str, captures: &[Option<(usize, usize)>]) -> String {
    let mut out = String::new();
    let mut chars = target.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek().and_then(|d| d.to_digit(10))) {
            ('$', Some(n)) => {
                chars.next();
                if let Some(Some((s, e))) = captures.get(n as usize) {
                    out.push_str(&path[*s..*e]);
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// Routes `raw` (the path as sent, without the query) for `host` through `rule`.
/// Locations and rewrites see the [`normalize`]d path; without a rewrite nginx
/// passes the path upstream as it was sent, with one it writes the rewritten path
/// escaped ([`escape_uri`]).
pub fn route(rule: &IngressRule, host: &str, raw: &str) -> Outcome {
    let normalized = match normalize(raw) {
        Ok(normalized) => normalized,
        Err(reason) => return Outcome::BadRequest { reason },
    };
    let path = normalized.as_str();
    if let Some(rule_host) = &rule.host {
        if !host_matches(rule_host, host) {
            return Outcome::OtherHost {
                rule_host: rule_host.clone(),
            };
        }
    }
    let rewrite_target = rule.annotations.get(REWRITE_TARGET);
    let regex_mode = rule
        .annotations
        .get(USE_REGEX)
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
        || rewrite_target.is_some();
    if regex_mode {
        let mut paths: Vec<&IngressPath> = rule.paths.iter().collect();
        paths.sort_by_key(|p| std::cmp::Reverse(p.path.len()));
        for candidate in paths {
            let regex = match Regex::new(&candidate.path) {
                Ok(regex) => regex,
                Err(reason) => {
                    return Outcome::BadRegex {
                        path: candidate.path.clone(),
                        reason,
                    }
                }
            };
            if let Some(captures) = regex.match_start(path) {
                let (rewrite, rewritten) = match rewrite_target {
                    Some(target) => (
                        Some(format!("rewrite-target {target}")),
                        escape_uri(&substitute(target, path, &captures)),
                    ),
                    None => (None, raw.to_owned()),
                };
                return Outcome::Matched {
                    path: candidate.clone(),
                    how: format!("regex ~* \"^{}\"", candidate.path),
                    rewrite,
                    rewritten,
                };
            }
        }
        return Outcome::NoPath;
    }
    let exact = rule
        .paths
        .iter()
        .find(|p| p.path_type == PathType::Exact && p.path == path);
    let matched = exact.map(|p| (p, "Exact")).or_else(|| {
        rule.paths
            .iter()
            .filter_map(|p| match p.path_type {
                PathType::Prefix if prefix_matches(&p.path, path) => {
                    Some((p, "Prefix, element by element"))
                }
                PathType::ImplementationSpecific if path.starts_with(&p.path) => {
                    Some((p, "nginx prefix location"))
                }
                _ => None,
            })
            .max_by_key(|(p, _)| p.path.trim_end_matches('/').len())
    });
    match matched {
        Some((p, how)) => Outcome::Matched {
            path: p.clone(),
            how: how.to_owned(),
            rewrite: None,
            rewritten: raw.to_owned(),
        },
        None => Outcome::NoPath,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_ignore_case_and_port_and_wildcards_take_one_label() {
        assert!(host_matches("app.example.com", "App.Example.com:443"));
        assert!(!host_matches("app.example.com", "example.com"));
        assert!(host_matches("*.example.com", "a.example.com"));
        assert!(!host_matches("*.example.com", "a.b.example.com"));
    }

    #[test]
    fn nginx_normalizes_before_it_matches_and_escapes_what_it_rewrote() {
        assert_eq!(normalize("//service-a//ping").unwrap(), "/service-a/ping");
        assert_eq!(normalize("/a/./b/../c/").unwrap(), "/a/c/");
        assert_eq!(normalize("/a/b/..").unwrap(), "/a/");
        assert_eq!(normalize("/%73ervice-a%2Fping").unwrap(), "/service-a/ping");
        assert!(normalize("/../x").is_err());
        assert!(normalize("/a/%zz").is_err());
        assert!(normalize("/a%00b").is_err());
        assert_eq!(
            escape_uri(&normalize("/caf%C3%A9 %FF").unwrap()),
            "/caf%C3%A9%20%FF"
        );
        assert_eq!(escape_uri("/!\"$<>^`{|}~"), "/!%22$%3C%3E%5E%60%7B%7C%7D~");
    }

    #[test]
    fn substitution_leaves_missing_groups_empty() {
        let caps = [Some((0, 4)), Some((1, 2)), None];
        assert_eq!(substitute("/$1/$2/$9", "/abc", &caps), "/a//");
    }
}
