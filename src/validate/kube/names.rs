//! The name syntaxes of Kubernetes (apimachinery's `validation` package): DNS-1123
//! labels and subdomains, RFC 1035 labels, label keys and values, and IANA service
//! names for named ports. Each returns why a name is invalid, or `None`.

fn is_alnum_lower(c: u8) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

/// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, at most 63 characters.
pub fn dns1123_label(name: &str) -> Option<String> {
    if name.len() > 63 {
        return Some(format!("{} characters, more than 63", name.len()));
    }
    let b = name.as_bytes();
    let ok = !b.is_empty()
        && is_alnum_lower(b[0])
        && is_alnum_lower(b[b.len() - 1])
        && b.iter().all(|c| is_alnum_lower(*c) || *c == b'-');
    (!ok).then(|| {
        "a DNS-1123 label has lowercase letters, digits and '-', starting and ending with a letter or digit".into()
    })
}

/// Dot-separated DNS-1123 labels, at most 253 characters.
pub fn dns1123_subdomain(name: &str) -> Option<String> {
    if name.len() > 253 {
        return Some(format!("{} characters, more than 253", name.len()));
    }
    let ok = name.split('.').all(|part| {
        let b = part.as_bytes();
        !b.is_empty()
            && is_alnum_lower(b[0])
            && is_alnum_lower(b[b.len() - 1])
            && b.iter().all(|c| is_alnum_lower(*c) || *c == b'-')
    });
    (!ok).then(|| {
        "a DNS-1123 subdomain has lowercase letters, digits, '-' and '.', each part starting and ending with a letter or digit".into()
    })
}

/// `[a-z]([-a-z0-9]*[a-z0-9])?`, at most 63 characters (Service names).
pub fn rfc1035_label(name: &str) -> Option<String> {
    if let Some(why) = dns1123_label(name) {
        return Some(why.replace("a DNS-1123", "an RFC 1035").replace(
            "starting and ending with a letter or digit",
            "starting with a letter and ending with a letter or digit",
        ));
    }
    (!name.as_bytes()[0].is_ascii_lowercase())
        .then(|| "an RFC 1035 label (a Service name) must start with a letter".into())
}

/// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`, at most 63 characters.
fn qualified_part(name: &str) -> bool {
    let b = name.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
}

/// A label or annotation key: an optional DNS subdomain prefix and `/`, then a name of
/// at most 63 alphanumerics, `-`, `_` and `.`, starting and ending alphanumeric.
pub fn qualified_name(key: &str) -> Option<String> {
    let (prefix, name) = match key.split_once('/') {
        Some((p, n)) => (Some(p), n),
        None => (None, key),
    };
    if let Some(p) = prefix {
        if p.is_empty() || dns1123_subdomain(p).is_some() {
            return Some(format!(
                "the prefix {p:?} must be a DNS subdomain such as example.com"
            ));
        }
    }
    (!qualified_part(name)).then(|| {
        "the name part must be at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit".into()
    })
}

/// A label value: empty, or like the name part of a key.
pub fn label_value(value: &str) -> Option<String> {
    (!value.is_empty() && !qualified_part(value)).then(|| {
        "a label value must be empty or at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit".into()
    })
}

/// A named port: at most 15 lowercase letters, digits and '-', with at least one
/// letter, no leading, trailing or doubled '-'.
pub fn iana_svc_name(name: &str) -> Option<String> {
    let b = name.as_bytes();
    if b.is_empty() || b.len() > 15 {
        return Some(format!("{} characters; a port name has 1 to 15", b.len()));
    }
    let ok = b.iter().all(|c| is_alnum_lower(*c) || *c == b'-')
        && b.iter().any(|c| c.is_ascii_lowercase())
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
        && !name.contains("--");
    (!ok).then(|| {
        "a port name has lowercase letters, digits and single '-' between them, with at least one letter".into()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(dns1123_label("web-1").is_none());
        assert!(dns1123_label("Web").is_some());
        assert!(dns1123_label("-web").is_some());
        assert!(dns1123_label(&"a".repeat(64)).is_some());
        assert!(dns1123_subdomain("web.example.com").is_none());
        assert!(dns1123_subdomain("web..x").is_some());
        assert!(rfc1035_label("1web").is_some());
        assert!(rfc1035_label("web1").is_none());
        assert!(qualified_name("app.kubernetes.io/name").is_none());
        assert!(qualified_name("app/").is_some());
        assert!(qualified_name("Bad_Prefix/x").is_some());
        assert!(label_value("").is_none());
        assert!(label_value("v1.2_3").is_none());
        assert!(label_value("a b").is_some());
        assert!(iana_svc_name("http").is_none());
        assert!(iana_svc_name("8080").is_some());
        assert!(iana_svc_name("http-metrics-port").is_some());
        assert!(iana_svc_name("a--b").is_some());
    }
}
