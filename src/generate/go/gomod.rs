//! `go.mod`: the module path, the Go release and the modules the code imports.
//!
//! No `go.sum` is generated: it holds hashes of downloaded modules, which a page
//! without network access cannot compute. The bundle's README has users run
//! `go mod tidy` first, which writes it and adds the indirect requirements.

use super::plan::Plan;
use super::quote::go_string;
use crate::model::{DatabaseDriver, Middleware};

/// Direct requirements with the versions the scaffold is written against. Debian
/// packages older releases of the same major versions (gin 1.8, jwt v4.4), and the
/// code uses only API both have.
pub const GIN: (&str, &str) = ("github.com/gin-gonic/gin", "v1.10.1");
pub const CORS: (&str, &str) = ("github.com/gin-contrib/cors", "v1.7.2");
pub const GZIP: (&str, &str) = ("github.com/gin-contrib/gzip", "v1.0.1");
/// v4, the major version Debian packages (`golang-github-golang-jwt-jwt-dev`).
pub const JWT: (&str, &str) = ("github.com/golang-jwt/jwt/v4", "v4.5.2");
pub const GODOTENV: (&str, &str) = ("github.com/joho/godotenv", "v1.5.1");
pub const PQ: (&str, &str) = ("github.com/lib/pq", "v1.10.9");
pub const MYSQL: (&str, &str) = ("github.com/go-sql-driver/mysql", "v1.8.1");

pub fn go_mod(plan: &Plan) -> String {
    let mut requires = vec![GIN, GODOTENV];
    if plan.uses(|m| matches!(m, Middleware::Cors { .. })) {
        requires.push(CORS);
    }
    if plan.uses(|m| matches!(m, Middleware::Gzip { .. })) {
        requires.push(GZIP);
    }
    if plan.uses_jwt() {
        requires.push(JWT);
    }
    match plan.driver() {
        Some(DatabaseDriver::Postgres) => requires.push(PQ),
        Some(DatabaseDriver::Mysql) => requires.push(MYSQL),
        None => {}
    }
    requires.sort();
    let lines: String = requires
        .iter()
        .map(|(path, version)| format!("\t{path} {version}\n"))
        .collect();
    format!(
        "module {}\n\ngo {}\n\nrequire (\n{lines})\n",
        module_path(&plan.module),
        plan.go_version()
    )
}

/// The module path as go.mod spells it: bare when it is a plain path, else quoted.
fn module_path(module: &str) -> String {
    let plain = !module.is_empty()
        && module
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._~/+".contains(c));
    if plain {
        module.to_owned()
    } else {
        go_string(module)
    }
}
