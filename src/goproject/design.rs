//! What was read from a project, as a design: the service (name, module, Go release,
//! port), the middleware every route passes, groups of routes with their own chains,
//! and `project` with the main package, so the bundle holds only deployment files.
//! Whatever the design cannot hold is said in a note, never dropped silently.

use super::{FoundMiddleware, FoundRoute, Project};
use crate::design_file::check;
use crate::model::{self, ConfigVar, Design, Method, Middleware, Route, RouteGroup};

/// A design made from a project, and what the reader and the mapping want said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    pub design: Design,
    /// What the design leaves out or assumed, one sentence each.
    pub notes: Vec<String>,
}

/// Environment variables the deployment sets itself, never config entries.
const OWN_ENV: [&str; 3] = ["PORT", "GIN_MODE", "SECRETS_DIR"];

/// The design for `project`. `folder` names the service when `go.mod` does not
/// (the dropped folder's or archive's name).
pub fn to_design(project: &Project, folder: &str) -> Imported {
    let mut notes = Vec::new();
    // A new design's cluster (routing through the Gateway API), without the
    // example's routes, settings and database: the project has its own.
    let mut design = Design::blank();
    design.cluster = Design::default().cluster;
    design.groups.clear();
    design.middleware.clear();
    design.config.vars.clear();
    design.database = None;
    design.project = Some(model::Project {
        main_package: project
            .main_package
            .clone()
            .unwrap_or_else(|| ".".to_owned()),
    });
    let module_name = project
        .module
        .as_deref()
        .and_then(|m| m.rsplit('/').find(|p| !is_major_version(p)));
    if let Some(name) = module_name
        .map(dns_label)
        .filter(|n| !n.is_empty())
        .or_else(|| Some(dns_label(folder)).filter(|n| !n.is_empty()))
    {
        // The namespace, image and module that follow the name follow it here too.
        crate::names::rename(&mut design, &name);
    }
    match &project.module {
        Some(module) => design.service.module = module.clone(),
        None => notes.push("go.mod was not found: the module path is the design's default".into()),
    }
    if let Some(go) = &project.go_version {
        // The design keeps major.minor; the builder image follows it.
        let minor: String = go.splitn(3, '.').take(2).collect::<Vec<_>>().join(".");
        design.service.go_version = minor;
        // The image builds with the release go.mod names, as the team does.
        design.container.builder_image = format!("golang:{go}-alpine");
    }
    match project.port {
        Some(port) => design.service.port = port,
        None => notes.push(format!(
            "the listen port was not found: the design uses {}; set it under Service",
            design.service.port
        )),
    }
    if let Some(limit) = project.max_body_bytes {
        design.service.max_body_bytes = limit;
    }
    let routes: Vec<&FoundRoute> = project.routes.iter().collect();
    let chains: Vec<Vec<&FoundMiddleware>> = routes
        .iter()
        .map(|r| {
            r.middleware
                .iter()
                .filter(|m| m.body_limit.is_none())
                .collect()
        })
        .collect();
    // The chain every route starts with is the design's global middleware.
    let common = chains.first().map_or(0, |first| {
        (0..first.len())
            .take_while(|&i| chains.iter().all(|c| c.get(i) == first.get(i)))
            .count()
    });
    if let Some(first) = chains.first() {
        design.middleware = first[..common].iter().map(|m| m.design.clone()).collect();
    } else {
        design.middleware = project
            .engine_middleware
            .iter()
            .filter(|m| m.body_limit.is_none())
            .map(|m| m.design.clone())
            .collect();
    }
    let mut left_out: Vec<String> = Vec::new();
    for (route, chain) in routes.iter().zip(&chains) {
        let Some(method) = Method::parse(&route.method).filter(|m| m.as_str() == route.method)
        else {
            left_out.push(format!("{} {}", route.method, route.path));
            continue;
        };
        if is_scaffold_preflight(route) {
            continue;
        }
        let prefix = if route.group == "/" {
            String::new()
        } else {
            route.group.clone()
        };
        let own: Vec<Middleware> = chain[common..].iter().map(|m| m.design.clone()).collect();
        let index = match design
            .groups
            .iter()
            .position(|g| g.prefix == prefix && g.middleware == own)
        {
            Some(i) => i,
            None => {
                design.groups.push(RouteGroup {
                    prefix: prefix.clone(),
                    middleware: own,
                    routes: Vec::new(),
                });
                design.groups.len() - 1
            }
        };
        // Gin joins `openapi.yaml` under a group as it joins `/openapi.yaml`; the
        // design takes the second form.
        let relative = if route.relative.is_empty() || route.relative.starts_with('/') {
            route.relative.clone()
        } else {
            format!("/{}", route.relative)
        };
        let relative = if model::join_path(&prefix, &relative) == route.path {
            relative
        } else {
            route.relative.clone()
        };
        let mut designed = Route::new(method, &relative);
        if !route.static_files && is_identifier(&route.handler) {
            designed.handler = route.handler.clone();
        }
        if route.static_files {
            designed.summary = "Static files".into();
        }
        design.groups[index].routes.push(designed);
    }
    if !left_out.is_empty() {
        notes.push(format!(
            "{} route(s) use a method the design has no entry for (they are still served, only not listed): {}",
            left_out.len(),
            left_out.join(", ")
        ));
    }
    let customs: Vec<String> = routes
        .iter()
        .flat_map(|r| r.middleware.iter())
        .filter(|m| matches!(m.design, Middleware::Custom { .. }))
        .map(|m| {
            if m.basic_auth {
                format!("{} (HTTP basic auth)", m.name)
            } else {
                m.name.clone()
            }
        })
        .fold(Vec::new(), |mut seen, name| {
            if !seen.contains(&name) {
                seen.push(name);
            }
            seen
        });
    if !customs.is_empty() {
        notes.push(format!(
            "middleware kept by name, as the project's own: {}",
            customs.join(", ")
        ));
    }
    if routes.iter().any(|r| r.own_middleware > 0) {
        notes.push(
            "routes with middleware of their own are in groups of their own, with the same prefix"
                .into(),
        );
    }
    add_config(&mut design, project, &mut notes);
    if design.probe_path().is_none() {
        notes.push("the project has no GET /healthz (or /readyz, /livez, /ping, /health) outside auth: the probes check the port only until you add one".into());
    }
    drop_refused(&mut design, &mut notes);
    Imported { design, notes }
}

/// The scaffold's CORS preflight routes (`OPTIONS` to `middleware.Preflight`): the
/// generator adds them again from the groups' CORS middleware.
fn is_scaffold_preflight(route: &FoundRoute) -> bool {
    route.method == "OPTIONS" && route.handler == "Preflight"
}

/// Secrets the project reads (and the JWT key its middleware names) become secret
/// entries, so the deployment provides them; plain settings are listed in a note, as
/// their values are the team's to choose.
fn add_config(design: &mut Design, project: &Project, notes: &mut Vec<String>) {
    let mut plain = Vec::new();
    for name in &project.env_vars {
        if OWN_ENV.contains(&name.as_str()) || Some(name) == project.port_env.as_ref() {
            continue;
        }
        // A name no shell or ConfigMap key can carry is the project's own affair.
        if crate::fields::parse_env_name("variable", name).is_err() {
            continue;
        }
        if looks_secret(name) {
            push_secret(design, name);
        } else {
            plain.push(name.clone());
        }
    }
    let jwt = design.jwt().map(|(_, env)| env.to_owned());
    if let Some(env) = jwt {
        push_secret(design, &env);
    }
    if !plain.is_empty() {
        let them = if plain.len() == 1 { "it" } else { "them" };
        notes.push(format!(
            "the project reads {}: add {them} under Config with the values the cluster should set",
            plain.join(", ")
        ));
    }
}

fn push_secret(design: &mut Design, name: &str) {
    if !design.config.vars.iter().any(|v| v.name == name) {
        design.config.vars.push(ConfigVar {
            name: name.to_owned(),
            value: String::new(),
            secret: true,
        });
    }
}

fn looks_secret(name: &str) -> bool {
    [
        "SECRET",
        "TOKEN",
        "PASSWORD",
        "PASSWD",
        "KEY",
        "DSN",
        "DATABASE_URL",
        "CREDENTIALS",
    ]
    .iter()
    .any(|w| name.contains(w))
}

/// Removes what the design's own checks refuse (a route Gin would accept but the
/// design cannot hold, a setting out of range), one field at a time, with a note.
fn drop_refused(design: &mut Design, notes: &mut Vec<String>) {
    for _ in 0..64 {
        let problems = check(design);
        let Some(problem) = problems.first() else {
            return;
        };
        if let Some((g, r)) = route_at(&problem.field) {
            if let Some(route) = design.groups.get(g).and_then(|grp| grp.routes.get(r)) {
                let full = model::join_path(&design.groups[g].prefix, &route.path);
                notes.push(format!(
                    "{} {full} is not in the design: {}",
                    route.method.as_str(),
                    problem.message
                ));
                design.groups[g].routes.remove(r);
                continue;
            }
        }
        if problem.field.starts_with("service.goVersion")
            || problem.field.starts_with("container.builderImage")
        {
            notes.push(format!(
                "the Go release in go.mod is not one the design takes ({}): it uses {}",
                problem.message,
                Design::default().service.go_version
            ));
            design.service.go_version = Design::default().service.go_version;
            design.container.builder_image = Design::default().container.builder_image;
            continue;
        }
        if problem.field == "service.port" {
            notes.push(format!(
                "{}; the design listens on the default port",
                problem.message
            ));
            design.service.port = Design::default().service.port;
            continue;
        }
        if problem.field.starts_with("service.name") || problem.field.starts_with("service.module")
        {
            notes.push(format!(
                "{}: {}; the default is used",
                problem.field, problem.message
            ));
            let defaults = Design::default().service;
            design.service.name = defaults.name;
            design.service.module = defaults.module;
            continue;
        }
        let note = match group_at(&problem.field).and_then(|g| design.groups.get(g)) {
            Some(group) if problem.field.ends_with("].prefix") => format!(
                "the {} route(s) under {:?} are not in the design: {}",
                group.routes.len(),
                group.prefix,
                problem.message
            ),
            _ => format!("{}: {}", problem.field, problem.message),
        };
        notes.push(note);
        // Anything else: the entry at fault goes, the rest stays.
        if let Some(i) = index_in(&problem.field, "config.vars[") {
            if i < design.config.vars.len() {
                design.config.vars.remove(i);
                continue;
            }
        }
        if let Some(g) = group_at(&problem.field) {
            if g < design.groups.len() {
                // A prefix the design refuses takes its routes with it; a chain it
                // refuses goes alone.
                if problem.field.ends_with("].prefix") {
                    design.groups.remove(g);
                } else {
                    design.groups[g].middleware.clear();
                }
                continue;
            }
        }
        if problem.field.starts_with("middleware") {
            design.middleware.clear();
            continue;
        }
        // Nothing of the project's own is at fault: the defaults are.
        return;
    }
}

fn route_at(field: &str) -> Option<(usize, usize)> {
    let rest = field.strip_prefix("groups[")?;
    let (g, rest) = rest.split_once(']')?;
    let rest = rest.strip_prefix(".routes[")?;
    let (r, _) = rest.split_once(']')?;
    Some((g.parse().ok()?, r.parse().ok()?))
}

fn group_at(field: &str) -> Option<usize> {
    index_in(field, "groups[")
}

/// The index after `list` (`config.vars[`) at the start of a field path.
fn index_in(field: &str, list: &str) -> Option<usize> {
    let rest = field.strip_prefix(list)?;
    rest.split_once(']')?.0.parse().ok()
}

fn is_major_version(part: &str) -> bool {
    part.len() > 1 && part.starts_with('v') && part[1..].bytes().all(|b| b.is_ascii_digit())
}

fn is_identifier(text: &str) -> bool {
    text.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && text.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// A DNS label from a name: lower case, runs of other characters as one `-`.
fn dns_label(text: &str) -> String {
    let mut label = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            label.push(c.to_ascii_lowercase());
        } else if !label.ends_with('-') {
            label.push('-');
        }
    }
    let label = label.trim_matches('-');
    let label: String = label.chars().take(63).collect();
    let label = label.trim_end_matches('-');
    match label.chars().next() {
        Some(c) if c.is_ascii_digit() => format!("svc-{label}"),
        _ => label.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_dns_labels() {
        assert_eq!(dns_label("My_Shop.API"), "my-shop-api");
        assert_eq!(dns_label("2fa"), "svc-2fa");
        assert_eq!(dns_label("--"), "");
    }

    #[test]
    fn field_paths_name_routes() {
        assert_eq!(route_at("groups[2].routes[10].path"), Some((2, 10)));
        assert_eq!(route_at("groups[2].prefix"), None);
        assert_eq!(group_at("groups[3].middleware[0]"), Some(3));
    }
}
