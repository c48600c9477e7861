//! Parsing of the text a user types into design fields.
//!
//! Each `parse_*` function turns raw input into a value the [`crate::model::Design`]
//! may hold, or explains in a [`FieldError`] what is wrong and what would be right.
//! Nothing here panics on any input.

use thiserror::Error;

/// Why a field's text cannot enter the design.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum FieldError {
    /// The field is required and holds nothing but white space.
    #[error("{field} is empty: enter a value")]
    Empty { field: &'static str },
    /// A whole number was expected.
    #[error("{field} {text:?} is not a whole number")]
    NotANumber { field: &'static str, text: String },
    /// A number outside the range the field accepts.
    #[error("{field} {value} is out of range: use {min} to {max}")]
    OutOfRange {
        field: &'static str,
        value: i64,
        min: i64,
        max: i64,
    },
    /// A Kubernetes Service name must be an RFC 1035 label.
    #[error(
        "name {0:?} is not a valid DNS label: use at most 63 lowercase letters, digits and '-', starting with a letter and ending with a letter or digit"
    )]
    NotDnsLabel(String),
    /// An image reference that does not follow `[registry/]path[:tag][@digest]`.
    #[error("image {image:?} is not a valid image reference: {why}")]
    BadImage { image: String, why: &'static str },
    /// A runtime image digest that is not `sha256:` and 64 lowercase hex digits.
    #[error("digest {0:?} is not an image digest: write sha256: and its 64 lowercase hex digits, as `docker buildx imagetools inspect IMAGE` prints them")]
    BadDigest(String),
    /// An image reference without a tag or digest, or with the moving `latest` tag.
    #[error("image {0:?} is not pinned: add a version tag such as :1.0.0 or a @sha256 digest")]
    UnpinnedImage(String),
    /// A route path Gin would reject or misread.
    #[error("path {path:?} is not a valid Gin route: {why}")]
    BadRoutePath { path: String, why: &'static str },
    /// A main package that `go build` would not read as a folder of the module.
    #[error("main package {package:?} is not a folder of the module: {why}")]
    BadMainPackage { package: String, why: &'static str },
    /// A value that must match a simple pattern, with what the pattern is.
    #[error("{field} {value:?} is not valid: {expected}")]
    Pattern {
        field: &'static str,
        value: String,
        expected: &'static str,
    },
    /// The design already has a route with this method and path; Gin would panic.
    #[error("route {method} {path} already exists: Gin rejects a second handler for the same method and path")]
    DuplicateRoute { method: &'static str, path: String },
    /// Another route group already has this prefix.
    #[error("group {0} already exists: add the routes to that group instead")]
    DuplicateGroup(String),
    /// The middleware is already in a chain that the same requests pass.
    #[error("{name} is already in {chain}: Gin would run it twice on the same request")]
    DuplicateMiddleware { name: String, chain: String },
    /// The variable is the key of a middleware or the database and cannot go away or
    /// stop being secret.
    #[error("variable {name} is used by {user}: point {user} at another secret variable first")]
    VarInUse { name: String, user: &'static str },
    /// A value typed for a secret variable: the design never holds one, so it cannot
    /// reach the autosave, an exported design file or a link.
    #[error("secret variable {name} holds no value here: set it in .env for local runs; in the cluster it comes from the Secret")]
    SecretValue { name: String },
    /// A trusted proxy that is neither a CIDR nor an IP address.
    #[error("trusted proxy {0:?} is not a network: use a CIDR such as 10.0.0.0/8 or fd00::/8, or one IP address")]
    NotCidr(String),
    /// A trusted proxy network that holds every address, so every client could pick
    /// its own IP with X-Forwarded-For.
    #[error("trusted proxy {0:?} holds every address, so any client could set its own IP: list the ingress controller's network, such as 10.0.0.0/8")]
    EveryAddress(String),
    /// The value parses, but the design as a whole would not pass its checks with it
    /// (the message is the design check's, naming the values that disagree).
    #[error("{0}")]
    Conflict(String),
}

/// Highest port number TCP allows.
const MAX_PORT: i64 = 65_535;
/// Upper bound on replicas: beyond this a design is almost certainly a typo.
const MAX_REPLICAS: i64 = 1_000;

fn parse_int(field: &'static str, text: &str, min: i64, max: i64) -> Result<i64, FieldError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(FieldError::Empty { field });
    }
    let value: i64 = trimmed.parse().map_err(|_| FieldError::NotANumber {
        field,
        text: trimmed.to_owned(),
    })?;
    if !(min..=max).contains(&value) {
        return Err(FieldError::OutOfRange {
            field,
            value,
            min,
            max,
        });
    }
    Ok(value)
}

/// A whole number from `min` to `max`, in the integer type the design holds.
pub fn parse_in_range<T>(field: &'static str, text: &str, min: T, max: T) -> Result<T, FieldError>
where
    T: Copy + Into<i64> + TryFrom<i64>,
{
    let (min, max) = (min.into(), max.into());
    let value = parse_int(field, text, min, max)?;
    T::try_from(value).map_err(|_| FieldError::OutOfRange {
        field,
        value,
        min,
        max,
    })
}

/// A TCP port the service listens on: 1 to 65535.
pub fn parse_port(text: &str) -> Result<u16, FieldError> {
    let value = parse_int("port", text, 1, MAX_PORT)?;
    Ok(u16::try_from(value).expect("range checked above"))
}

/// A replica count: 1 to 1000.
pub fn parse_replicas(text: &str) -> Result<i32, FieldError> {
    let value = parse_int("replicas", text, 1, MAX_REPLICAS)?;
    Ok(i32::try_from(value).expect("range checked above"))
}

/// A service name. Kubernetes Service names are RFC 1035 labels, which is stricter than
/// the RFC 1123 labels other objects accept, so one rule fits every object we name.
pub fn parse_name(text: &str) -> Result<String, FieldError> {
    let name = text.trim();
    if name.is_empty() {
        return Err(FieldError::Empty { field: "name" });
    }
    let bytes = name.as_bytes();
    let valid = bytes.len() <= 63
        && bytes[0].is_ascii_lowercase()
        && bytes[bytes.len() - 1].is_ascii_alphanumeric()
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-');
    if valid {
        Ok(name.to_owned())
    } else {
        Err(FieldError::NotDnsLabel(name.to_owned()))
    }
}

/// An image reference `[registry[:port]/]path[:tag][@sha256:digest]` with a pinned tag
/// other than `latest`, or a digest.
/// A digest to pin an image by: empty (not pinned) or `sha256:` followed by 64
/// lowercase hex digits; a leading `@`, as copied from a reference, is dropped.
pub fn parse_digest(text: &str) -> Result<String, FieldError> {
    let digest = text.trim();
    let digest = digest.strip_prefix('@').unwrap_or(digest);
    if digest.is_empty() {
        return Ok(String::new());
    }
    match digest.strip_prefix("sha256:") {
        Some(hex)
            if hex.len() == 64
                && hex
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) =>
        {
            Ok(digest.to_owned())
        }
        _ => Err(FieldError::BadDigest(digest.to_owned())),
    }
}

pub fn parse_image(text: &str) -> Result<String, FieldError> {
    let image = text.trim();
    if image.is_empty() {
        return Err(FieldError::Empty { field: "image" });
    }
    let bad = |why| FieldError::BadImage {
        image: image.to_owned(),
        why,
    };
    if image.chars().any(char::is_whitespace) {
        return Err(bad("it contains white space"));
    }
    let (name_and_tag, digest) = match image.split_once('@') {
        Some((rest, digest)) => (rest, Some(digest)),
        None => (image, None),
    };
    if let Some(digest) = digest {
        let hex = digest
            .strip_prefix("sha256:")
            .ok_or_else(|| bad("a digest must start with sha256:"))?;
        if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad("a sha256 digest has 64 hexadecimal digits"));
        }
    }
    // A tag follows the last ':' that comes after the last '/', so a registry port
    // (`host:5000/app`) is not mistaken for a tag.
    let last_slash = name_and_tag.rfind('/').map_or(0, |i| i + 1);
    let (name, tag) = match name_and_tag[last_slash..].rfind(':') {
        Some(i) => (
            &name_and_tag[..last_slash + i],
            Some(&name_and_tag[last_slash + i + 1..]),
        ),
        None => (name_and_tag, None),
    };
    let mut components = name.split('/').peekable();
    let mut first = true;
    while let Some(component) = components.next() {
        let is_registry = first
            && components.peek().is_some()
            && (component.contains('.') || component.contains(':') || component == "localhost");
        first = false;
        if is_registry {
            continue;
        }
        let valid = !component.is_empty()
            && component
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
            && component.as_bytes()[0].is_ascii_alphanumeric()
            && component.as_bytes()[component.len() - 1].is_ascii_alphanumeric();
        if !valid {
            return Err(bad(
                "repository path parts use lowercase letters, digits and . _ - between letters or digits",
            ));
        }
    }
    if let Some(tag) = tag {
        let valid = !tag.is_empty()
            && tag.len() <= 128
            && tag.as_bytes()[0] != b'.'
            && tag.as_bytes()[0] != b'-'
            && tag
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
        if !valid {
            return Err(bad(
                "a tag has at most 128 letters, digits, '.', '_' or '-' and does not start with '.' or '-'",
            ));
        }
    }
    if digest.is_none() && matches!(tag, None | Some("latest")) {
        return Err(FieldError::UnpinnedImage(image.to_owned()));
    }
    Ok(image.to_owned())
}

fn pattern(field: &'static str, value: &str, expected: &'static str) -> FieldError {
    FieldError::Pattern {
        field,
        value: value.to_owned(),
        expected,
    }
}

/// A DNS-1123 label, as namespaces and most object names must be.
pub fn parse_dns_label(field: &'static str, text: &str) -> Result<String, FieldError> {
    let b = text.as_bytes();
    let ok = !b.is_empty()
        && b.len() <= 63
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-');
    ok.then(|| text.to_owned()).ok_or_else(|| {
        pattern(field, text, "use at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit")
    })
}

/// A DNS-1123 subdomain: dot-separated labels, at most 253 characters (host names,
/// Secret names).
pub fn parse_dns_subdomain(field: &'static str, text: &str) -> Result<String, FieldError> {
    let ok = !text.is_empty()
        && text.len() <= 253
        && text
            .split('.')
            .all(|label| parse_dns_label(field, label).is_ok());
    ok.then(|| text.to_owned()).ok_or_else(|| {
        pattern(
            field,
            text,
            "use lowercase DNS labels separated by '.', such as app.example.com",
        )
    })
}

/// A Gateway API hostname: a DNS subdomain, optionally with a leading `*.` wildcard
/// label (`*.example.com`); not an IP address.
pub fn parse_gateway_hostname(text: &str) -> Result<String, FieldError> {
    let name = text.strip_prefix("*.").unwrap_or(text);
    let ip = name.split('.').all(|part| part.parse::<u8>().is_ok()) || name.contains(':');
    match parse_dns_subdomain("hostname", name) {
        Ok(_) if !ip => Ok(text.to_owned()),
        _ => Err(pattern(
            "hostname",
            text,
            "use a DNS name such as api.example.com, or *.example.com for every name under it (not an IP address)",
        )),
    }
}

/// A Gateway API duration such as `10s` or `1m30s` (units h, m, s, ms).
pub fn parse_gateway_duration(field: &'static str, text: &str) -> Result<String, FieldError> {
    if crate::gateway_api::is_duration(text) {
        Ok(text.to_owned())
    } else {
        Err(pattern(
            field,
            text,
            "use a duration such as 10s, 500ms or 1m30s (units h, m, s, ms; no spaces or decimals)",
        ))
    }
}

/// A Kubernetes object name such as a Secret's: a DNS-1123 subdomain, at most 253
/// characters of lowercase letters, digits, '-' and '.', each dot-separated part
/// starting and ending with a letter or digit. Unlike a host name, a part may be
/// longer than 63 characters: the API server does not limit it.
pub fn parse_object_name(field: &'static str, text: &str) -> Result<String, FieldError> {
    let part_ok = |part: &str| {
        let b = part.as_bytes();
        !b.is_empty()
            && b[0].is_ascii_alphanumeric()
            && b[b.len() - 1].is_ascii_alphanumeric()
            && b.iter()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
    };
    let ok = !text.is_empty() && text.len() <= 253 && text.split('.').all(part_ok);
    ok.then(|| text.to_owned()).ok_or_else(|| {
        pattern(
            field,
            text,
            "use at most 253 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit",
        )
    })
}

/// An environment variable name as shells and `.env` files accept it.
pub fn parse_env_name(field: &'static str, text: &str) -> Result<String, FieldError> {
    let b = text.as_bytes();
    let ok = !b.is_empty()
        && (b[0].is_ascii_alphabetic() || b[0] == b'_')
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_');
    ok.then(|| text.to_owned()).ok_or_else(|| {
        pattern(
            field,
            text,
            "use letters, digits and '_', not starting with a digit, such as LOG_LEVEL",
        )
    })
}

/// A Go identifier made of ASCII letters, digits and '_' (exported or not).
pub fn parse_go_identifier(field: &'static str, text: &str) -> Result<String, FieldError> {
    let b = text.as_bytes();
    let ok = !b.is_empty()
        && (b[0].is_ascii_alphabetic() || b[0] == b'_')
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_')
        && !crate::generate::go::GO_KEYWORDS.contains(&text);
    ok.then(|| text.to_owned())
        .ok_or_else(|| pattern(field, text, "use a Go identifier: letters, digits and '_', not starting with a digit, not a keyword"))
}

/// A Go module path such as `example.com/team/service`.
pub fn parse_module_path(text: &str) -> Result<String, FieldError> {
    let ok = !text.is_empty()
        && !text.starts_with('/')
        && !text.ends_with('/')
        && !text.contains("//")
        && text
            .split('/')
            .all(|part| !part.starts_with('.') && !part.ends_with('.'))
        && text
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || b"-._~/".contains(&c));
    ok.then(|| text.to_owned()).ok_or_else(|| {
        pattern("module", text, "use a Go module path of letters, digits and - . _ ~ separated by '/', such as example.com/team/service")
    })
}

/// The package with `func main` as `go build` takes it from the module root: `.`, or
/// `./` and folder names (`./cmd/server`). It is written into the Dockerfile's `RUN`
/// and the README's commands, so folder names are kept to letters, digits, '-', '_'
/// and '.' (not first), which also keeps `..` and hidden folders out.
pub fn parse_main_package(text: &str) -> Result<String, FieldError> {
    let bad = |why| {
        Err(FieldError::BadMainPackage {
            package: text.to_owned(),
            why,
        })
    };
    if text.trim().is_empty() {
        return Err(FieldError::Empty {
            field: "main package",
        });
    }
    if text == "." {
        return Ok(text.to_owned());
    }
    let Some(folders) = text.strip_prefix("./") else {
        return bad("start it with ./ as go build takes a folder, such as ./cmd/server, or write . for the module root");
    };
    if folders.is_empty() || folders.ends_with('/') {
        return bad("remove the trailing '/', such as ./cmd/server");
    }
    for folder in folders.split('/') {
        if folder.is_empty() {
            return bad("remove the doubled '/'");
        }
        if folder == ".." {
            return bad("'..' leaves the module: name a folder inside it");
        }
        if folder.starts_with('.')
            || !folder
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || b"-_.".contains(&c))
        {
            return bad(
                "use folder names of letters, digits, '-', '_' and '.', not starting with '.'",
            );
        }
    }
    Ok(text.to_owned())
}

/// A Go release such as `1.25` (major.minor).
pub fn parse_go_version(text: &str) -> Result<String, FieldError> {
    let ok = matches!(text.split_once('.'), Some((major, minor))
        if major == "1" && !minor.is_empty() && minor.len() <= 3 && minor.bytes().all(|c| c.is_ascii_digit()));
    ok.then(|| text.to_owned())
        .ok_or_else(|| pattern("Go version", text, "use a Go release such as 1.25"))
}

/// A Kubernetes resource quantity in the plain forms people write: `100m`, `0.5`,
/// `128Mi`, `1G`.
pub fn parse_quantity(field: &'static str, text: &str) -> Result<String, FieldError> {
    const SUFFIXES: [&str; 14] = [
        "", "m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei",
    ];
    let digits_end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, suffix) = text.split_at(digits_end);
    let ok = !number.is_empty()
        && number.matches('.').count() <= 1
        && number != "."
        && SUFFIXES.contains(&suffix);
    ok.then(|| text.to_owned()).ok_or_else(|| {
        pattern(
            field,
            text,
            "use a quantity such as 100m, 0.5, 128Mi or 1Gi",
        )
    })
}

/// A rolling-update bound: a whole number or a percentage such as `25%`.
pub fn parse_count_or_percent(field: &'static str, text: &str) -> Result<String, FieldError> {
    let number = text.strip_suffix('%').unwrap_or(text);
    let ok = !number.is_empty() && number.len() <= 9 && number.bytes().all(|c| c.is_ascii_digit());
    ok.then(|| text.to_owned()).ok_or_else(|| {
        pattern(
            field,
            text,
            "use a whole number or a percentage such as 25%",
        )
    })
}

/// An HTTP header name (an RFC 9110 token).
pub fn parse_header_name(field: &'static str, text: &str) -> Result<String, FieldError> {
    let ok = !text.is_empty()
        && text
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&c));
    ok.then(|| text.to_owned()).ok_or_else(|| {
        pattern(
            field,
            text,
            "use a header name of letters, digits and '-', such as X-Request-ID",
        )
    })
}

/// A list typed as comma- or line-separated items; blanks between separators are
/// ignored, and the first item `parse_item` refuses is the list's error.
pub fn parse_list(
    text: &str,
    parse_item: impl Fn(&str) -> Result<String, FieldError>,
) -> Result<Vec<String>, FieldError> {
    text.split([',', '\n'])
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(parse_item)
        .collect()
}

/// A trusted proxy network, as Gin's `SetTrustedProxies` takes it: a CIDR (`10.0.0.0/8`,
/// `fd00::/8`) or one IP address. A network of every address is refused: it would
/// let any client choose the IP the service sees.
pub fn parse_cidr(text: &str) -> Result<String, FieldError> {
    let bad = || FieldError::NotCidr(text.to_owned());
    let (address, prefix) = match text.split_once('/') {
        Some((address, prefix)) => (address, Some(prefix)),
        None => (text, None),
    };
    let ip: std::net::IpAddr = address.parse().map_err(|_| bad())?;
    let bits = if ip.is_ipv4() { 32 } else { 128 };
    if let Some(prefix) = prefix {
        // Go's net.ParseCIDR takes decimal digits only, without a sign or leading zero.
        let digits_only = !prefix.is_empty()
            && prefix.bytes().all(|b| b.is_ascii_digit())
            && (prefix == "0" || !prefix.starts_with('0'));
        let length: u32 = prefix
            .parse()
            .ok()
            .filter(|_| digits_only)
            .ok_or_else(bad)?;
        if length > bits {
            return Err(bad());
        }
        if length == 0 {
            return Err(FieldError::EveryAddress(text.to_owned()));
        }
    }
    Ok(text.to_owned())
}

/// A CORS origin: `*`, or scheme and host (and port) without a path or trailing '/'.
pub fn parse_origin(text: &str) -> Result<String, FieldError> {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"));
    let ok = text == "*"
        || rest.is_some_and(|host| {
            !host.is_empty()
                && host
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || b"-.:[]".contains(&c))
        });
    ok.then(|| text.to_owned()).ok_or_else(|| {
        pattern(
            "origin",
            text,
            "use scheme and host without a path or trailing '/', such as https://app.example.com, or *",
        )
    })
}

/// An HTTP method name in any letter case, written the way Gin and CORS headers spell it.
pub fn parse_method(text: &str) -> Result<String, FieldError> {
    crate::model::Method::parse(text)
        .map(|m| m.as_str().to_owned())
        .ok_or_else(|| {
            pattern(
                "method",
                text,
                "use GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS",
            )
        })
}

/// A route group prefix such as `/api/v1`: a route path with at least one segment,
/// kept without a trailing '/' (Gin joins the group's routes to it either way).
pub fn parse_group_prefix(text: &str) -> Result<String, FieldError> {
    let path = parse_route_path(text)?;
    let prefix = path.trim_end_matches('/');
    if prefix.is_empty() {
        return Err(pattern(
            "prefix",
            &path,
            "use a path with at least one segment, such as /api/v1; routes at / belong to the top-level group",
        ));
    }
    Ok(prefix.to_owned())
}

/// A Gin route path: starts with `/`, has no empty segment, `:name` parameters fill a
/// whole segment and a `*name` catch-all may only be the last segment.
pub fn parse_route_path(text: &str) -> Result<String, FieldError> {
    let path = text.trim();
    let bad = |why| FieldError::BadRoutePath {
        path: path.to_owned(),
        why,
    };
    if path.is_empty() {
        return Err(FieldError::Empty { field: "path" });
    }
    if !path.starts_with('/') {
        return Err(bad("it must start with '/'"));
    }
    if let Some(c) = path
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || matches!(c, '?' | '#' | '%' | '\\'))
    {
        return Err(match c {
            '?' | '#' => bad("query strings and fragments are not part of a route"),
            '%' => bad("write the path unescaped, without percent-encoding"),
            _ => bad("it contains white space, a control character or '\\'"),
        });
    }
    let segments: Vec<&str> = path[1..].split('/').collect();
    let last = segments.len() - 1;
    for (i, segment) in segments.iter().enumerate() {
        // Only a trailing slash may leave a segment empty.
        if segment.is_empty() && i != last {
            return Err(bad("it has an empty segment ('//')"));
        }
        let is_name =
            |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if let Some(name) = segment.strip_prefix(':') {
            if !is_name(name) {
                return Err(bad(
                    "a ':' parameter needs a name of letters, digits or '_'",
                ));
            }
        } else if let Some(name) = segment.strip_prefix('*') {
            if !is_name(name) {
                return Err(bad(
                    "a '*' catch-all needs a name of letters, digits or '_'",
                ));
            }
            if i != last {
                return Err(bad("a '*' catch-all must be the last segment"));
            }
        } else if segment.contains([':', '*']) {
            return Err(bad("':' and '*' may only start a segment"));
        }
    }
    Ok(path.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn main_packages_are_folders_of_the_module() {
        for ok in [
            ".",
            "./cmd/server",
            "./server",
            "./cmd/api-v2",
            "./internal/app_main",
            "./cmd/v1.2",
        ] {
            assert_eq!(parse_main_package(ok), Ok(ok.to_owned()));
        }
        assert_eq!(
            parse_main_package(" "),
            Err(FieldError::Empty {
                field: "main package"
            })
        );
        for (bad, why) in [
            ("cmd/server", "start it with ./"),
            ("/cmd/server", "start it with ./"),
            ("..", "start it with ./"),
            ("./", "trailing '/'"),
            ("./cmd/server/", "trailing '/'"),
            ("./cmd//server", "doubled '/'"),
            ("./../other", "'..' leaves the module"),
            ("./cmd/../..", "'..' leaves the module"),
            ("./.", "not starting with '.'"),
            ("./.hidden", "not starting with '.'"),
            ("./cmd/server && curl x", "letters, digits"),
            ("./cmd/\u{e9}t\u{e9}", "letters, digits"),
            ("./cmd/server\n", "letters, digits"),
        ] {
            let message = parse_main_package(bad).unwrap_err().to_string();
            assert!(
                message.starts_with(&format!(
                    "main package {bad:?} is not a folder of the module: "
                )),
                "{bad:?}: {message}"
            );
            assert!(message.contains(why), "{bad:?}: {message}");
        }
    }

    #[test]
    fn trusted_proxies_are_networks_short_of_every_address() {
        for ok in [
            "10.0.0.0/8",
            "10.42.0.0/16",
            "127.0.0.1",
            "fd00::/8",
            "::1",
            "192.168.1.7/32",
        ] {
            assert_eq!(parse_cidr(ok), Ok(ok.to_owned()));
        }
        for bad in [
            "",
            "10.0.0.0/",
            "10.0.0.0/33",
            "10.0.0.0/08",
            "10.0.0.0/+8",
            "10/8",
            "fd00::/129",
            "proxy",
        ] {
            assert_eq!(
                parse_cidr(bad),
                Err(FieldError::NotCidr(bad.to_owned())),
                "{bad}"
            );
        }
        for every in ["0.0.0.0/0", "::/0"] {
            assert_eq!(
                parse_cidr(every),
                Err(FieldError::EveryAddress(every.to_owned()))
            );
        }
        assert_eq!(
            parse_cidr("10/8").unwrap_err().to_string(),
            "trusted proxy \"10/8\" is not a network: use a CIDR such as 10.0.0.0/8 or fd00::/8, or one IP address"
        );
    }

    #[test]
    fn ports_accept_the_tcp_range_only() {
        for (text, expected) in [("8080", Ok(8080)), (" 1 ", Ok(1)), ("65535", Ok(65535))] {
            assert_eq!(parse_port(text), expected, "{text}");
        }
        for (text, message) in [
            ("0", "port 0 is out of range: use 1 to 65535"),
            ("70000", "port 70000 is out of range: use 1 to 65535"),
            ("-1", "port -1 is out of range: use 1 to 65535"),
            ("80a", "port \"80a\" is not a whole number"),
            (
                "99999999999999999999",
                "port \"99999999999999999999\" is not a whole number",
            ),
            ("", "port is empty: enter a value"),
        ] {
            assert_eq!(parse_port(text).unwrap_err().to_string(), message, "{text}");
        }
    }

    #[test]
    fn replicas_accept_one_to_a_thousand() {
        assert_eq!(parse_replicas("3"), Ok(3));
        assert!(parse_replicas("0").is_err());
        assert!(parse_replicas("1001").is_err());
    }

    #[test]
    fn names_must_be_dns_labels_starting_with_a_letter() {
        for good in ["a", "hello-gin", "svc2", &"a".repeat(63)] {
            assert_eq!(parse_name(good), Ok(good.to_string()), "{good}");
        }
        for bad in [
            "Hello",
            "1svc",
            "-a",
            "a-",
            "a_b",
            "a.b",
            "héllo",
            &"a".repeat(64),
        ] {
            assert_eq!(
                parse_name(bad),
                Err(FieldError::NotDnsLabel(bad.to_string())),
                "{bad}"
            );
        }
        assert_eq!(parse_name("  "), Err(FieldError::Empty { field: "name" }));
    }

    #[test]
    fn images_must_be_pinned_references() {
        for good in [
            "hello-gin:0.1.0",
            "registry.example.com/team/hello-gin:1.2.3",
            "localhost:5000/hello:dev",
            "ghcr.io/acme/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        ] {
            assert_eq!(parse_image(good), Ok(good.to_string()), "{good}");
        }
        for unpinned in ["hello-gin", "hello-gin:latest", "localhost:5000/hello"] {
            assert_eq!(
                parse_image(unpinned),
                Err(FieldError::UnpinnedImage(unpinned.to_string())),
                "{unpinned}"
            );
        }
        for bad in [
            "Hello:1",
            "a b:1",
            "app:",
            "app:-x",
            "app@md5:00",
            "/app:1",
            "app@sha256:12",
        ] {
            assert!(
                matches!(parse_image(bad), Err(FieldError::BadImage { .. })),
                "{bad}: {:?}",
                parse_image(bad)
            );
        }
    }

    #[test]
    fn simple_patterns_accept_and_refuse() {
        assert!(parse_dns_label("namespace", "team-a").is_ok());
        assert!(parse_dns_label("namespace", "Team").is_err());
        assert!(parse_dns_subdomain("host", "app.example.com").is_ok());
        assert!(parse_dns_subdomain("host", "app..example.com").is_err());
        assert!(parse_env_name("variable", "LOG_LEVEL").is_ok());
        assert!(parse_env_name("variable", "1X").is_err());
        assert!(parse_go_identifier("handler", "GetUser").is_ok());
        assert!(parse_go_identifier("handler", "func").is_err());
        assert!(parse_module_path("example.com/team/svc").is_ok());
        assert!(parse_module_path("example.com//svc").is_err());
        assert!(parse_module_path("exa mple").is_err());
        assert!(parse_go_version("1.25").is_ok());
        assert!(parse_go_version("2.0").is_err());
        for good in ["100m", "0.5", "128Mi", "1G", "2"] {
            assert!(parse_quantity("cpu", good).is_ok(), "{good}");
        }
        for bad in ["", "m", "1.2.3", "12XB", "-1"] {
            assert!(parse_quantity("cpu", bad).is_err(), "{bad}");
        }
        assert!(parse_count_or_percent("maxSurge", "25%").is_ok());
        assert!(parse_count_or_percent("maxSurge", "x%").is_err());
        assert!(parse_header_name("header", "X-Request-ID").is_ok());
        assert!(parse_header_name("header", "X Request").is_err());
    }

    #[test]
    fn ranges_fit_the_design_type() {
        assert_eq!(parse_in_range("gzip level", "-1", -1_i8, 9), Ok(-1));
        assert_eq!(parse_in_range("burst", " 20 ", 1_u32, 1_000_000), Ok(20));
        assert_eq!(
            parse_in_range("gzip level", "10", -1_i8, 9)
                .unwrap_err()
                .to_string(),
            "gzip level 10 is out of range: use -1 to 9"
        );
        assert!(parse_in_range("status", "2xx", 200_u16, 599).is_err());
    }

    #[test]
    fn lists_split_on_commas_and_lines_and_name_the_bad_item() {
        assert_eq!(
            parse_list(
                "https://a.example.com, http://localhost:3000\n*",
                parse_origin
            ),
            Ok(vec![
                "https://a.example.com".to_owned(),
                "http://localhost:3000".to_owned(),
                "*".to_owned()
            ])
        );
        assert_eq!(parse_list(" , ", parse_origin), Ok(vec![]));
        for bad in [
            "app.example.com",
            "https://app.example.com/",
            "https://a b",
            "https://",
        ] {
            assert!(parse_origin(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse_list("get, Post", parse_method),
            Ok(vec!["GET".to_owned(), "POST".to_owned()])
        );
        let error = parse_list("GET, BREW", parse_method).unwrap_err();
        assert!(error.to_string().contains("\"BREW\""), "{error}");
    }

    #[test]
    fn group_prefixes_need_a_segment_and_lose_the_trailing_slash() {
        assert_eq!(parse_group_prefix("/api/v2/"), Ok("/api/v2".to_owned()));
        assert_eq!(
            parse_group_prefix("/users/:id"),
            Ok("/users/:id".to_owned())
        );
        assert!(parse_group_prefix("/").is_err());
        assert!(parse_group_prefix("api").is_err());
    }

    #[test]
    fn route_paths_follow_gin_syntax() {
        for good in [
            "/",
            "/ping",
            "/api/v1/users/:id",
            "/static/*filepath",
            "/api/",
        ] {
            assert_eq!(parse_route_path(good), Ok(good.to_string()), "{good}");
        }
        for (bad, why) in [
            ("ping", "it must start with '/'"),
            ("/a//b", "it has an empty segment ('//')"),
            (
                "/users/:",
                "a ':' parameter needs a name of letters, digits or '_'",
            ),
            ("/files/*path/x", "a '*' catch-all must be the last segment"),
            ("/a:b", "':' and '*' may only start a segment"),
            (
                "/a?b=1",
                "query strings and fragments are not part of a route",
            ),
            (
                "/a b",
                "it contains white space, a control character or '\\'",
            ),
        ] {
            assert_eq!(
                parse_route_path(bad),
                Err(FieldError::BadRoutePath {
                    path: bad.to_string(),
                    why
                }),
                "{bad}"
            );
        }
    }
}
