//! Image references as Docker reads them: `[registry[:port]/]path[:tag][@digest]`.

/// A parsed image reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageRef {
    /// Registry and path, without tag or digest: `gcr.io/distroless/static-debian12`.
    pub name: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
}

impl ImageRef {
    /// Splits a reference. The tag is what follows the last `:` after the last
    /// `/`, so a registry port (`localhost:5000/app`) is not mistaken for one.
    pub fn parse(reference: &str) -> ImageRef {
        let (rest, digest) = match reference.split_once('@') {
            Some((r, d)) => (r, Some(d.to_owned())),
            None => (reference, None),
        };
        let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
        let (name, tag) = match rest[last_slash..].rfind(':') {
            Some(colon) => {
                let at = last_slash + colon;
                (rest[..at].to_owned(), Some(rest[at + 1..].to_owned()))
            }
            None => (rest.to_owned(), None),
        };
        ImageRef { name, tag, digest }
    }

    /// The last path segment: `static-debian12`, `golang`.
    pub fn short_name(&self) -> &str {
        self.name.rsplit('/').next().unwrap_or(&self.name)
    }

    pub fn is_scratch(&self) -> bool {
        self.name.eq_ignore_ascii_case("scratch")
    }

    /// A runtime with no C library: scratch, distroless `static` and Chainguard's
    /// `static`. A cgo binary cannot start there.
    pub fn lacks_libc(&self) -> bool {
        let name = self.name.to_ascii_lowercase();
        self.is_scratch()
            || (name.contains("distroless/static") || name.ends_with("chainguard/static"))
    }

    /// An image whose default user is not root: distroless `nonroot` tags and
    /// Chainguard images.
    pub fn runs_as_non_root(&self) -> bool {
        self.tag.as_deref().is_some_and(|t| t.contains("nonroot"))
            || self
                .name
                .to_ascii_lowercase()
                .starts_with("cgr.dev/chainguard/")
    }
}

/// A pinned tag to suggest for well-known images whose tag is missing or moving.
pub fn suggested_tag(short_name: &str) -> Option<&'static str> {
    Some(match short_name {
        "alpine" => "3.22",
        "golang" => "1.25-alpine",
        "debian" => "bookworm-slim",
        "ubuntu" => "24.04",
        "busybox" => "1.37",
        "nginx" => "1.27-alpine",
        "postgres" => "17-alpine",
        "redis" => "8-alpine",
        "static-debian12" | "base-debian12" => "nonroot",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_registry_path_tag_and_digest() {
        let r = ImageRef::parse("gcr.io/distroless/static-debian12:nonroot");
        assert_eq!(r.name, "gcr.io/distroless/static-debian12");
        assert_eq!(r.tag.as_deref(), Some("nonroot"));
        assert_eq!(r.short_name(), "static-debian12");
        assert!(r.lacks_libc() && r.runs_as_non_root());
        let r = ImageRef::parse("localhost:5000/app");
        assert_eq!((r.name.as_str(), r.tag), ("localhost:5000/app", None));
        let r = ImageRef::parse("alpine:3.22@sha256:abc");
        assert_eq!(r.tag.as_deref(), Some("3.22"));
        assert_eq!(r.digest.as_deref(), Some("sha256:abc"));
        assert!(ImageRef::parse("scratch").lacks_libc());
        assert!(!ImageRef::parse("gcr.io/distroless/base-debian12").lacks_libc());
    }
}
