//! `config/config.go` and `config/database.go`: the settings the service reads at
//! start-up and the database pool.
//!
//! Plain settings come from the environment (`.env` locally, a ConfigMap in the
//! cluster) with the designed value as default. Secrets never appear in the code:
//! they come from the environment or, as checkov's CKV_K8S_35 asks, from the files a
//! Kubernetes Secret volume mounts in the directory `SECRETS_DIR` names.
//!
//! In release mode `Load` refuses to start on a secret that is a placeholder or the
//! published development JWT key, or a JWT signing key shorter than
//! [`MIN_JWT_KEY_BYTES`], naming the variable: a service that starts with such a key
//! lets anyone mint tokens. Debug and test runs keep working with `.env.example`'s
//! values, with a warning about the development key.

use std::fmt::Write;

use super::format::{aligned, fill, Imports};
use super::plan::Plan;
use super::quote::{comment_text, go_string};
use crate::model::DatabaseDriver;
use crate::secret_value::{MIN_JWT_KEY_BYTES, PLACEHOLDER_WORDS, WORD_SEPARATORS};

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

    if has_secrets {
        load.push_str(&release_checks(plan));
    }
    let jwt_keys: Vec<_> = plan.config.iter().filter(|f| f.jwt_key).collect();
    if !jwt_keys.is_empty() {
        imports.std("log");
    }
    // Release mode has refused the development key above, so this warning only
    // speaks to local debug and test runs, which may use it.
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
            "// devJWTSecret is the key .env.example suggests for local runs. It is public:
// Load refuses it in release mode and warns about it otherwise.
const devJWTSecret = {}

// minJWTKeyBytes is the shortest JWT signing key Load accepts in release mode:
// HS256 signs with a 256-bit HMAC, and RFC 7518 asks for a key at least as long.
const minJWTKeyBytes = {}

",
            go_string(super::DEV_JWT_SECRET),
            MIN_JWT_KEY_BYTES
        )
    } else {
        String::new()
    };
    let metrics_port = if plan.metrics_paths.is_empty() {
        String::new()
    } else {
        format!(
            "\n// MetricsPort is the port metrics are served on: METRICS_PORT, or {0} when it is\n\
// unset.\nfunc MetricsPort() string {{\n\treturn getenv(\"METRICS_PORT\", \"{0}\")\n}}\n",
            service.metrics_port
        )
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
            ("metrics_port", &metrics_port),
        ],
    );
    if has_secrets {
        out.push_str(SECRET_READER);
        out.push_str(&release_secret_check(plan));
    }
    out
}

/// The release-mode check of every secret: `checkReleaseSecret` for each, the JWT
/// signing keys with their minimum length.
fn release_checks(plan: &Plan) -> String {
    let mut out = String::from("\tif cfg.GinMode == \"release\" {\n");
    for f in plan.config.iter().filter(|f| f.secret) {
        let min = if plan.uses_jwt() {
            if f.jwt_key {
                ", minJWTKeyBytes"
            } else {
                ", 0"
            }
        } else {
            ""
        };
        let _ = write!(
            out,
            "\t\tif err := checkReleaseSecret({}, cfg.{}{min}); err != nil {{\n\t\t\treturn nil, err\n\t\t}}\n",
            go_string(&f.env),
            f.field
        );
    }
    out.push_str("\t}\n");
    out
}

/// `checkReleaseSecret` and `isPlaceholder`: the Go side of
/// [`crate::secret_value`], with its word list and separators rendered from there.
/// The development key and the key length are checked only when the service signs
/// tokens.
fn release_secret_check(plan: &Plan) -> String {
    let words: Vec<String> = PLACEHOLDER_WORDS.iter().map(|w| go_string(w)).collect();
    let separators: Vec<String> = WORD_SEPARATORS
        .iter()
        .map(|c| format!("{}, \"\"", go_string(&c.to_string())))
        .collect();
    let check = if plan.uses_jwt() {
        CHECK_WITH_JWT
    } else {
        CHECK
    };
    fill(
        IS_PLACEHOLDER,
        &[
            ("check", check),
            ("words", &words.join(", ")),
            ("separators", &separators.join(", ")),
        ],
    )
}

const CHECK_WITH_JWT: &str = r#"// checkReleaseSecret says why value cannot be the secret name in release mode,
// or returns nil. It refuses the published development key, a placeholder and a
// value shorter than minBytes; an empty value passes, since Load has already
// refused the secrets the service cannot start without.
func checkReleaseSecret(name, value string, minBytes int) error {
	switch {
	case value == devJWTSecret:
		return fmt.Errorf("%s is the published development key, so anyone can sign tokens: in release mode set a random key, e.g. from openssl rand -base64 48", name)
	case isPlaceholder(value):
		return fmt.Errorf("%s is the placeholder %q: in release mode it must hold the real value; create the Secret as the README says", name, value)
	case len(value) < minBytes:
		return fmt.Errorf("%s is %d bytes long: in release mode a JWT signing key needs at least %d random bytes, e.g. from openssl rand -base64 48", name, len(value), minBytes)
	}
	return nil
}
"#;

const CHECK: &str = r#"// checkReleaseSecret says why value cannot be the secret name in release mode,
// or returns nil. It refuses a placeholder; an empty value passes, since Load
// has already refused the secrets the service cannot start without.
func checkReleaseSecret(name, value string) error {
	if isPlaceholder(value) {
		return fmt.Errorf("%s is the placeholder %q: in release mode it must hold the real value; create the Secret as the README says", name, value)
	}
	return nil
}
"#;

const IS_PLACEHOLDER: &str = r#"
${check}
// placeholderWords stand in for a secret and never are one. isPlaceholder compares
// them with a whole value in lower case without wordSeparators.
var placeholderWords = []string{${words}}

// wordSeparators are dropped before comparing, so REPLACE_ME and replace-me match.
var wordSeparators = strings.NewReplacer(${separators})

// isPlaceholder reports whether value only stands in for a secret: one of
// placeholderWords, a run of three or more x, or an unfilled <...> or ${...}.
func isPlaceholder(value string) bool {
	value = strings.TrimSpace(value)
	if strings.HasPrefix(value, "<") && strings.HasSuffix(value, ">") {
		return true
	}
	if strings.HasPrefix(value, "${") && strings.HasSuffix(value, "}") {
		return true
	}
	word := strings.ToLower(wordSeparators.Replace(value))
	if len(word) >= 3 && strings.Trim(word, "x") == "" {
		return true
	}
	for _, placeholder := range placeholderWords {
		if word == placeholder {
			return true
		}
	}
	return false
}
"#;

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
${metrics_port}
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
