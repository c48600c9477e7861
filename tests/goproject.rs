//! The Go project reader against the scaffold this tool generates and the fixture
//! projects' committed routes (which the tools tier holds to real Gin).

use gin_deploy::bundle::render;
use gin_deploy::goproject::{read_project, FoundRoute, Project, SourceFile};
use gin_deploy::model::Design;
use gin_deploy::presets::PRESETS;

fn scaffold(design: &Design) -> Vec<SourceFile> {
    render(design)
        .into_iter()
        .map(|f| SourceFile {
            path: f.path,
            text: f.contents,
        })
        .collect()
}

fn routes(project: &Project) -> Vec<(String, String)> {
    let mut r: Vec<(String, String)> = project
        .routes
        .iter()
        .map(|r: &FoundRoute| (r.method.clone(), r.path.clone()))
        .collect();
    r.sort();
    r
}

#[test]
fn every_preset_scaffold_reads_back_its_routes_and_port() {
    for preset in PRESETS {
        let design = preset.design().unwrap();
        let project = read_project(&scaffold(&design));
        let mut expected: Vec<(String, String)> = design
            .routes()
            .map(|r| (r.route.method.as_str().to_owned(), r.full_path))
            .collect();
        expected.sort();
        let found: Vec<(String, String)> = routes(&project)
            .into_iter()
            .filter(|(m, p)| m != "OPTIONS" || expected.contains(&(m.clone(), p.clone())))
            .collect();
        assert_eq!(found, expected, "{}", preset.id);
        assert_eq!(project.port, Some(design.service.port), "{}", preset.id);
        assert_eq!(project.main_package.as_deref(), Some("."));
        assert_eq!(project.unresolved, vec![], "{}", preset.id);
    }
}

mod common;

use gin_deploy::goproject::design::to_design;
use gin_deploy::model::Middleware;
use proptest::prelude::*;

/// A middleware as the round trip must keep it: custom ones by kind only (their Go
/// function names are derived from the designed names), metrics by kind (the path
/// lives on the metrics engine).
fn kept(m: &Middleware) -> Middleware {
    match m {
        Middleware::Custom { .. } => Middleware::Custom {
            name: String::new(),
        },
        Middleware::Metrics { .. } => Middleware::Metrics {
            path: String::new(),
        },
        other => other.clone(),
    }
}

/// Every route with its whole chain, sorted.
fn routes_with_chains(design: &Design) -> Vec<(String, String, Vec<Middleware>)> {
    let mut all: Vec<_> = design
        .routes()
        .map(|r| {
            (
                r.route.method.as_str().to_owned(),
                r.full_path.clone(),
                design.chain(r.group).map(kept).collect(),
            )
        })
        .collect();
    all.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    all
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// import(generate(design)) keeps the routes, every route's middleware in order,
    /// and the port.
    #[test]
    fn importing_a_generated_scaffold_gives_back_its_design(design in common::design()) {
        let project = read_project(&scaffold(&design));
        prop_assert_eq!(&project.unresolved, &vec![]);
        let imported = to_design(&project, "x");
        prop_assert_eq!(routes_with_chains(&imported.design), routes_with_chains(&design));
        prop_assert_eq!(imported.design.service.port, design.service.port);
        prop_assert_eq!(&imported.design.service.module, &design.service.module);
        prop_assert_eq!(imported.design.service.max_body_bytes, design.service.max_body_bytes);
        prop_assert_eq!(imported.design.project.as_ref().map(|p| p.main_package.as_str()), Some("."));
        prop_assert!(gin_deploy::design_file::check(&imported.design).is_empty());
    }
}

/// A fixture project's files as a dropped folder gives them: under the folder's
/// name, `vendor/` and `node_modules/` included.
fn fixture(name: &str) -> Vec<SourceFile> {
    common::fixture_project(name)
        .into_iter()
        .map(|f| SourceFile {
            path: format!("{name}/{}", f.path),
            text: f.text,
        })
        .collect()
}

fn fixture_names() -> Vec<String> {
    common::fixture_project_names()
}

fn lines(name: &str, file: &str) -> Vec<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/gin-projects")
        .join(name)
        .join(file);
    let mut lines: Vec<String> = std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect();
    lines.sort();
    lines
}

/// The fixtures' routes as real Gin registers them (`routes.txt`, which the tools
/// tier rebuilds from a Gin run of each fixture), method, path and chain length.
#[test]
fn fixture_projects_read_to_the_routes_gin_registers() {
    let names = fixture_names();
    assert!(names.len() >= 10, "{names:?}");
    for name in names {
        let project = read_project(&fixture(&name));
        let mut found: Vec<String> = project
            .routes
            .iter()
            .map(|r| format!("{} {} {}", r.method, r.path, r.handlers))
            .collect();
        found.sort();
        let expected_file = if name == "dynamic" {
            "static-routes.txt"
        } else {
            "routes.txt"
        };
        assert_eq!(found, lines(&name, expected_file), "{name}");
        let port: Vec<u16> = lines(&name, "port.txt")
            .iter()
            .map(|p| p.parse().unwrap())
            .collect();
        assert_eq!(project.port, port.first().copied(), "{name}");
        let mut unresolved: Vec<String> = project
            .unresolved
            .iter()
            .map(|u| format!("{}:{}", u.file, u.line))
            .collect();
        unresolved.sort();
        unresolved.dedup();
        assert_eq!(
            unresolved,
            lines(&name, "unresolved.txt"),
            "{name}: {:#?}",
            project.unresolved
        );
        let imported = to_design(&project, &name);
        assert!(
            gin_deploy::design_file::check(&imported.design).is_empty(),
            "{name}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The reader never panics and never runs long, whatever the files hold: random
    /// text, and fixture sources cut and spliced at random places.
    #[test]
    fn any_text_reads_without_panic(
        text in "\\PC{0,400}",
        name in proptest::sample::select(fixture_names()),
        cuts in proptest::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), "[(){}\\[\\]\"`'/*a-z.:=, \n]{0,6}"), 1..6),
    ) {
        let mut files = vec![SourceFile { path: "main.go".into(), text: format!("package main\n{text}") }];
        read_project(&files);
        files = fixture(&name);
        for (file, at, insert) in &cuts {
            let count = files.len();
            let f = &mut files[file.index(count)];
            let mut chars: Vec<char> = f.text.chars().collect();
            let at = at.index(chars.len() + 1);
            let end = (at + 3).min(chars.len());
            chars.splice(at..end, insert.chars());
            f.text = chars.into_iter().collect();
        }
        let project = read_project(&files);
        let imported = to_design(&project, &name);
        prop_assert_eq!(gin_deploy::design_file::check(&imported.design), vec![]);
    }
}

/// Recursion in the project (a function calling itself, package variables defined
/// by each other) and deep nesting end, with what could be read.
#[test]
fn recursion_and_nesting_end() {
    let text = format!(
        "package main\nimport \"github.com/gin-gonic/gin\"\nvar a = b\nvar b = a\nfunc reg(r *gin.Engine) {{ r.GET(\"/x\", h); reg(r) }}\nfunc main() {{ r := gin.New(); reg(r); x := {}1{}; _ = x; r.Run() }}\n",
        "(".repeat(3000),
        ")".repeat(3000)
    );
    let project = read_project(&[SourceFile {
        path: "main.go".into(),
        text,
    }]);
    assert!(project.routes.iter().all(|r| r.path == "/x"));
    assert!(!project.routes.is_empty());
}

/// Inputs the fuzzer (`make fuzz`, target go_project) once crashed the reader with.
#[test]
fn inputs_that_once_crashed_the_reader() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/go-reader");
    for entry in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let project = read_project(&[SourceFile {
            path: "main.go".into(),
            text,
        }]);
        let imported = to_design(&project, "crash");
        assert_eq!(gin_deploy::design_file::check(&imported.design), vec![]);
    }
}
