//! The Go scaffold: the seed article's layout (`main.go`, `routers/`, `controllers/`,
//! `middleware/`, `models/`, `config/`, `go.mod`, handler tests) for the designed
//! routes, middleware chains, settings and database.
//!
//! Promises: every file is exactly what gofmt prints; the code passes `go vet`, builds
//! with Go 1.19 against Debian's packages of its dependencies as well as with the
//! versions `go.mod` requires, and its tests pass; user text reaches Go source only
//! through [`go_string`] and comment sanitising. Gin answers every designed route,
//! health routes with their special handlers, and the JWT middleware never blocks a
//! CORS preflight.

mod config;
mod controllers;
mod format;
mod gomod;
mod ident;

pub use ident::GO_KEYWORDS;
mod main_go;
mod middleware;
mod models;
mod plan;
mod quote;
mod router;
mod router_test;

use crate::bundle::GeneratedFile;
use crate::model::Design;

pub use plan::handler_names;
pub use quote::go_string;
pub use router::{Origin, Registration};

/// The JWT key for local development, which `.env.example` suggests and the service
/// refuses in release mode; defined with the other judgements of secret values.
pub use crate::secret_value::DEV_JWT_SECRET;

/// Every route the generated `routers.Setup` registers, in its order.
pub fn registrations(design: &Design) -> Vec<Registration> {
    router::designed_only(design).unwrap_or_else(|| router::registrations(&plan::Plan::new(design)))
}

/// Every file of the Go scaffold, paths relative to the bundle root.
pub fn files(design: &Design) -> Vec<GeneratedFile> {
    let plan = plan::Plan::new(design);
    let mut files = vec![
        file("go.mod", gomod::go_mod(&plan)),
        file("main.go", main_go::main_go(&plan)),
        file("config/config.go", config::config_go(&plan)),
    ];
    if let Some(database) = config::database_go(&plan) {
        files.push(file("config/database.go", database));
    }
    files.push(file("routers/router.go", router::router_go(&plan)));
    files.push(file(
        "routers/router_test.go",
        router_test::router_test_go(&plan),
    ));
    files.extend(
        controllers::files(&plan)
            .into_iter()
            .map(|(path, contents)| file(&path, contents)),
    );
    if let Some(models) = models::models_go(&plan) {
        files.push(file("models/models.go", models));
    }
    files.extend(
        middleware::files(&plan)
            .into_iter()
            .map(|(path, contents)| file(&path, contents)),
    );
    files
}

fn file(path: &str, contents: String) -> GeneratedFile {
    GeneratedFile {
        path: path.to_owned(),
        contents,
    }
}
