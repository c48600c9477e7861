//! Every name the bundle, the simulator and the diagram derive from the design,
//! computed in one place, and the rule by which some design fields follow the
//! service name.
//!
//! Three design fields are the user's to set but usually repeat the service name:
//! the namespace (`hello-gin`), the Go module path (`example.com/hello-gin`) and the
//! image (`registry.example.com/hello-gin:0.1.0`). Such a field *follows* the service
//! name while the name sits in its place (the whole namespace, the module's last
//! element, the image repository's last segment): renaming the service renames it
//! too, keeping the rest (registry, tag, module host) as the user wrote it. A value
//! set by hand to anything else stays as it is. The rule needs no marker in the
//! design file, so files written before it still mean what they meant.

use crate::model::Design;

/// The names of one design, borrowed from it where the design holds them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Names<'a> {
    /// The service name: the Deployment, Service, container, Ingress, HPA, PDB and
    /// NetworkPolicy are called this, and it is the `app.kubernetes.io/name` label.
    pub app: &'a str,
    /// The namespace every object lives in.
    pub namespace: &'a str,
    /// The Go module path.
    pub module: &'a str,
    /// The image the cluster runs, with its tag or digest.
    pub image: &'a str,
    /// The image without tag or digest: where the pipeline pushes.
    pub image_repository: &'a str,
    /// The ConfigMap of plain settings, `<app>-config`.
    pub config_map: String,
    /// The Secret the pods mount, `<app>-secrets`.
    pub secret: String,
    /// The HTTPRoute that only redirects plain HTTP to HTTPS, `<app>-https-redirect`
    /// (the HTTPRoute that routes is called `<app>`, like the generated Gateway).
    pub redirect_route: String,
}

/// The names of a design.
pub fn of(design: &Design) -> Names<'_> {
    let app = design.service.name.as_str();
    Names {
        app,
        namespace: &design.cluster.namespace,
        module: &design.service.module,
        image: &design.delivery.image,
        image_repository: design.image_repository(),
        config_map: format!("{app}-config"),
        secret: format!("{app}-secrets"),
        redirect_route: format!("{app}-https-redirect"),
    }
}

/// A design field that can follow the service name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Follower {
    Namespace,
    Module,
    Image,
}

impl Follower {
    pub const ALL: [Follower; 3] = [Follower::Namespace, Follower::Module, Follower::Image];

    fn get(self, design: &Design) -> &str {
        match self {
            Follower::Namespace => &design.cluster.namespace,
            Follower::Module => &design.service.module,
            Follower::Image => &design.delivery.image,
        }
    }

    fn get_mut(self, design: &mut Design) -> &mut String {
        match self {
            Follower::Namespace => &mut design.cluster.namespace,
            Follower::Module => &mut design.service.module,
            Follower::Image => &mut design.delivery.image,
        }
    }

    /// Where the service name sits in `value`: the byte range it must fill for the
    /// value to follow the name.
    fn name_slot(self, value: &str) -> std::ops::Range<usize> {
        match self {
            Follower::Namespace => 0..value.len(),
            Follower::Module => {
                let start = value.rfind('/').map_or(0, |i| i + 1);
                start..value.len()
            }
            Follower::Image => {
                let repository = repository_of(value);
                let start = repository.rfind('/').map_or(0, |i| i + 1);
                start..repository.len()
            }
        }
    }

    /// Whether the field's value in `design` follows the service name.
    pub fn follows(self, design: &Design) -> bool {
        let value = self.get(design);
        value.get(self.name_slot(value)) == Some(design.service.name.as_str())
    }

    /// The value the field would have if it followed the service name: the name put
    /// in its place, everything else as it is.
    pub fn derived(self, design: &Design) -> String {
        let value = self.get(design);
        let slot = self.name_slot(value);
        format!(
            "{}{}{}",
            &value[..slot.start],
            design.service.name,
            &value[slot.end..]
        )
    }
}

/// The image without tag or digest (`registry:5000/team/app` of
/// `registry:5000/team/app:1.0@sha256:…`).
pub fn repository_of(image: &str) -> &str {
    let without_digest = image.split('@').next().unwrap_or(image);
    let name_start = without_digest.rfind('/').map_or(0, |i| i + 1);
    match without_digest[name_start..].rfind(':') {
        Some(i) => &without_digest[..name_start + i],
        None => without_digest,
    }
}

/// Renames the service to `name`, and with it every field that followed the old name.
pub fn rename(design: &mut Design, name: &str) {
    let following: Vec<Follower> = Follower::ALL
        .into_iter()
        .filter(|f| f.follows(design))
        .collect();
    design.service.name = name.to_owned();
    for follower in following {
        *follower.get_mut(design) = follower.derived(design);
    }
}

/// Makes the followers a design file left out follow the file's service name: their
/// defaults hold the default service name, which a file naming its own service means
/// to replace.
pub fn follow_omitted(design: &mut Design, omitted: &[Follower]) {
    // A name that is not valid is reported once, at the name, rather than again in
    // every field that would follow it.
    let name = &design.service.name;
    if crate::fields::parse_name(name).ok().as_ref() != Some(name) {
        return;
    }
    for follower in omitted {
        *follower.get_mut(design) = follower.derived(design);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_design_follows_its_name_everywhere() {
        let design = Design::default();
        for follower in Follower::ALL {
            assert!(follower.follows(&design), "{follower:?}");
        }
        let names = of(&design);
        assert_eq!(names.secret, "hello-gin-secrets");
        assert_eq!(names.config_map, "hello-gin-config");
        assert_eq!(names.image_repository, "registry.example.com/hello-gin");
    }

    #[test]
    fn a_rename_carries_the_followers_and_keeps_registry_tag_and_host() {
        let mut design = Design::default();
        design.service.module = "github.com/acme/hello-gin".into();
        design.delivery.image = "localhost:5000/team/hello-gin:1.2.0@sha256:abc".into();
        rename(&mut design, "service-a");
        assert_eq!(design.service.name, "service-a");
        assert_eq!(design.cluster.namespace, "service-a");
        assert_eq!(design.service.module, "github.com/acme/service-a");
        assert_eq!(
            design.delivery.image,
            "localhost:5000/team/service-a:1.2.0@sha256:abc"
        );
    }

    #[test]
    fn a_value_set_by_hand_stays_through_a_rename() {
        let mut design = Design::default();
        design.cluster.namespace = "shop".into();
        design.delivery.image = "ghcr.io/acme/api:2".into();
        rename(&mut design, "orders");
        assert_eq!(design.cluster.namespace, "shop");
        assert_eq!(design.delivery.image, "ghcr.io/acme/api:2");
        // The module still held the old name, so it followed.
        assert_eq!(design.service.module, "example.com/orders");
        assert!(!Follower::Namespace.follows(&design));
        assert_eq!(Follower::Namespace.derived(&design), "orders");
        assert_eq!(Follower::Image.derived(&design), "ghcr.io/acme/orders:2");
    }

    #[test]
    fn a_name_that_only_starts_a_segment_is_not_followed() {
        let mut design = Design::default();
        design.delivery.image = "registry.example.com/hello-gin-web:1".into();
        design.service.module = "example.com/hello-gin/v2".into();
        rename(&mut design, "web");
        assert_eq!(
            design.delivery.image,
            "registry.example.com/hello-gin-web:1"
        );
        assert_eq!(design.service.module, "example.com/hello-gin/v2");
    }

    #[test]
    fn repositories_drop_tag_and_digest_but_not_a_registry_port() {
        for (image, repository) in [
            ("registry.example.com/app:0.1.0", "registry.example.com/app"),
            ("localhost:5000/app:1", "localhost:5000/app"),
            ("app@sha256:abc", "app"),
            ("localhost:5000/app", "localhost:5000/app"),
        ] {
            assert_eq!(repository_of(image), repository, "{image}");
        }
    }
}
