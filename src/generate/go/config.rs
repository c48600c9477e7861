//! `config/config.go` and `config/database.go`: the settings the service reads at
//! start-up and the database pool.
//!
//! Plain settings come from the environment (`.env` locally, a ConfigMap in the
//! cluster) with the designed value as default. Secrets never appear in the code:
//! they come from the environment or, as checkov's CKV_K8S_35 asks, from the files a
//! Kubernetes Secret volume mounts in the directory `SECRETS_DIR` names.

use std::fmt::Write;

use super::format::{aligned, fill, Imports};
use super::plan::Plan;
use super::quote::{comment_text, go_string};
use crate::model::DatabaseDriver;

pub fn config_go(plan: &Plan) -> String {
    let has_secrets = plan.config.iter().any(|f| f.secret);
    let mut imports = Imports::default();
    imports
        .std("errors")
        .std("fmt")
        .std("io/fs")
        .std("os")
        .external("github.com/joho/godotenv");
    if has_secrets {
        imports.std("path/filepath").std("strings");
    }
    if plan.database().is_some() {
        imports.std("database/sql");
    }

    let mut fields = String::new();
    for f in &plan.config {
        let kind = if f.secret { "a secret" } else { "a setting" };
        let _ = writeln!(
            fields,
            "\t// {} is {}, {kind}.\n\t{} string",
            f.field,
            comment_text(&f.env),
            f.field
        );
    }
    if let Some(url) = plan.database_url_field() {
        let _ = writeln!(
            fields,
            "\t// DB is the database pool main opens from {url}; nil until then.\n\tDB *sql.DB"
        );
    }

    let service = plan.service();
    let mut plain = vec![
        ("Port".to_owned(), "Port()".to_owned()),
        (
            "GinMode".to_owned(),
            format!(
                "getenv(\"GIN_MODE\", {})",
                go_string(service.gin_mode.as_str())
            ),
        ),
    ];
    for f in plan.config.iter().filter(|f| !f.secret) {
        plain.push((
            f.field.clone(),
            format!("getenv({}, {})", go_string(&f.env), go_string(&f.default)),
        ));
    }
    let mut load = format!(
        "\tcfg := &Config{{\n{}\t}}\n",
        aligned("\t\t", &plain, ":", ",")
    );
    if has_secrets {
        load.push_str("\tsecrets := secretReader{dir: os.Getenv(\"SECRETS_DIR\")}\n");
        for f in plan.config.iter().filter(|f| f.secret) {
            let _ = writeln!(
                load,
                "\tcfg.{} = secrets.read({})",
                f.field,
                go_string(&f.env)
            );
        }
        load.push_str("\tif secrets.err != nil {\n\t\treturn nil, secrets.err\n\t}\n");
    }
    load.push_str(GIN_MODE_CHECK);
    for f in plan.config.iter().filter(|f| f.required) {
        let message = format!(
            "{0} is empty: set it in the environment, in .env or in the file $SECRETS_DIR/{0}",
            f.env
        );
        let _ = write!(
            load,
            "\tif cfg.{} == \"\" {{\n\t\treturn nil, errors.New({})\n\t}}\n",
            f.field,
            go_string(&message)
        );
    }

    let jwt_keys: Vec<_> = plan.config.iter().filter(|f| f.jwt_key).collect();
    if !jwt_keys.is_empty() {
        imports.std("log");
    }
    for f in jwt_keys {
        let warning = format!(
            "warning: {} is the published development key, so anyone can sign tokens: set a random secret",
            f.env
        );
        let _ = write!(
            load,
            "	if cfg.{} == devJWTSecret {{
		log.Print({})
	}}
",
            f.field,
            go_string(&warning)
        );
    }
    let dev_key = if plan.uses_jwt() {
        format!(
            "// devJWTSecret is the key .env.example suggests for local runs; Load warns when
// a JWT key still holds it.
const devJWTSecret = {}

",
            go_string(super::DEV_JWT_SECRET)
        )
    } else {
        String::new()
    };
    let mut out = fill(
        CONFIG,
        &[
            ("imports", &imports.render()),
            ("dev_key", &dev_key),
            ("fields", &fields),
            ("load", &load),
            ("port", &go_string(&service.port.to_string())),
            ("port_text", &service.port.to_string()),
        ],
    );
    if has_secrets {
        out.push_str(SECRET_READER);
    }
    out
}

const CONFIG: &str = r#"// Package config reads the service's settings: .env for local runs, then the
// environment (a ConfigMap in the cluster) and, for secrets, the files a Kubernetes
// Secret volume mounts in the directory SECRETS_DIR names.
package config

${imports}${dev_key}// Config holds every setting the service reads at start-up.
type Config struct {
	// Port is PORT, the port to listen on.
	Port string
	// GinMode is GIN_MODE: debug, release or test.
	GinMode string
${fields}}

// Load reads .env when there is one (variables already set win), then every
// setting, and checks the ones the service cannot start without.
func Load() (*Config, error) {
	if err := godotenv.Load(); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("reading .env: %w", err)
	}
${load}	return cfg, nil
}

// Port is the port to listen on: PORT, or ${port_text} when it is unset.
func Port() string {
	return getenv("PORT", ${port})
}

// getenv is the environment variable name, or fallback when it is unset or empty.
func getenv(name, fallback string) string {
	if value := os.Getenv(name); value != "" {
		return value
	}
	return fallback
}
"#;

const GIN_MODE_CHECK: &str = r#"	switch cfg.GinMode {
	case "debug", "release", "test":
	default:
		return nil, fmt.Errorf("GIN_MODE is %q: use debug, release or test", cfg.GinMode)
	}
"#;

const SECRET_READER: &str = r#"
// secretReader reads secrets and keeps the first error.
type secretReader struct {
	dir string
	err error
}

// read returns the secret name from the environment or, when it is not set there
// and dir is, from the file of that name in dir, without trailing newlines. A
// missing file is an empty secret.
func (s *secretReader) read(name string) string {
	if value := os.Getenv(name); value != "" {
		return value
	}
	if s.dir == "" || s.err != nil {
		return ""
	}
	data, err := os.ReadFile(filepath.Join(s.dir, name))
	if errors.Is(err, fs.ErrNotExist) {
		return ""
	}
	if err != nil {
		s.err = fmt.Errorf("reading secret %s: %w", name, err)
		return ""
	}
	return strings.TrimRight(string(data), "\r\n")
}
"#;

/// `config/database.go` when a database is designed.
pub fn database_go(plan: &Plan) -> Option<String> {
    let db = plan.database()?;
    let (driver_name, package, label, dsn_hint) = match db.driver {
        DatabaseDriver::Postgres => (
            "postgres",
            "github.com/lib/pq",
            "PostgreSQL",
            "a URL such as postgres://user:password@host:5432/db?sslmode=require",
        ),
        DatabaseDriver::Mysql => (
            "mysql",
            "github.com/go-sql-driver/mysql",
            "MySQL",
            "the driver's form user:password@tcp(host:3306)/db, not a URL",
        ),
    };
    let mut imports = Imports::default();
    imports
        .std("database/sql")
        .std("time")
        .external_blank(package);
    if db.ping_on_connect {
        imports.std("context").std("fmt");
    }
    let (timeout, ping) = if db.ping_on_connect {
        (PING_TIMEOUT, PING)
    } else {
        (
            "",
            "\t// The design does not ping on connect: the first query opens a connection.\n",
        )
    };
    Some(fill(
        DATABASE,
        &[
            ("imports", &imports.render()),
            ("timeout", timeout),
            ("label", label),
            ("driver", &go_string(driver_name)),
            ("hint", dsn_hint),
            ("open", &db.max_open_conns.to_string()),
            ("idle", &db.max_idle_conns.to_string()),
            ("lifetime", &db.conn_max_lifetime_seconds.to_string()),
            ("ping", ping),
        ],
    ))
}

const DATABASE: &str = r#"package config

${imports}${timeout}// OpenDatabase opens the ${label} pool with the designed limits. The DSN is
// ${hint}.
func OpenDatabase(dsn string) (*sql.DB, error) {
	db, err := sql.Open(${driver}, dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(${open})
	db.SetMaxIdleConns(${idle})
	db.SetConnMaxLifetime(${lifetime} * time.Second)
${ping}	return db, nil
}
"#;

const PING_TIMEOUT: &str = r#"// pingTimeout bounds the start-up ping, so an unreachable database fails fast.
const pingTimeout = 5 * time.Second

"#;

const PING: &str = r#"	ctx, cancel := context.WithTimeout(context.Background(), pingTimeout)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("ping: %w", err)
	}
"#;
