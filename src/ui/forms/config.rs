//! Configuration: environment variables (plain or secret) and the database the
//! service connects to.

use yew::prelude::*;

use super::{docs, surface};
use crate::editor::{Action, DatabaseField as D, Field, VarField};
use crate::ui::fields::{CheckField, SelectField, TextField};
use crate::ui::use_editor;

/// The promise made about secret variables: it holds because the design never
/// holds their values (see `ConfigVar::value`).
const SECRET_NOTE: &str = "Secret variables are named here, never valued: the page keeps no secret value, so none reaches its autosave, an exported design, a share link or a generated file. Set the values in .env for local runs; in the cluster they come from a Secret you create (the bundle README says how).";

#[function_component]
pub fn ConfigForm() -> Html {
    let editor = use_editor();
    let vars = &editor.design.config.vars;
    let on_add = {
        let editor = editor.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            editor.dispatch(Action::AddVar);
        })
    };
    let rows = vars.iter().enumerate().map(|(i, var)| {
        let on_remove = {
            let editor = editor.clone();
            Callback::from(move |_: MouseEvent| editor.dispatch(Action::RemoveVar(i)))
        };
        let name = if var.name.is_empty() { format!("variable {}", i + 1) } else { var.name.clone() };
        html! {
            <li key={i.to_string()} class={classes!("var", var.secret.then_some("secret"))}>
                <div class="field-pair">
                    <TextField field={Field::Var(i, VarField::Name)} id={format!("var-{i}-name")}
                        label="Name" context={format!("of variable {}", i + 1)} />
                    if var.secret {
                        <p class="secret-value" id={format!("var-{i}-value")}>
                            { "Value: set in .env and in the cluster's Secret, never here" }
                        </p>
                    } else {
                        <TextField field={Field::Var(i, VarField::Value)} id={format!("var-{i}-value")}
                            label="Value" context={format!("of {name}")} />
                    }
                </div>
                <div class="var-actions">
                    <CheckField field={Field::Var(i, VarField::Secret)} id={format!("var-{i}-secret")}
                        label="Secret" context={format!("variable {name}")} />
                    <button type="button" class="remove" onclick={on_remove}>
                        { "Remove" }<span class="visually-hidden">{ format!(" variable {name}") }</span>
                    </button>
                </div>
            </li>
        }
    });
    let database = editor.design.database.is_some();
    surface(
        "config-heading",
        "Configuration",
        "",
        html! {
            <>
            <fieldset>
                <legend>{ "Environment variables" }</legend>
                <p class="field-help">
                    { "Plain values go to .env and a ConfigMap; secret ones are read from a Secret in the cluster. " }
                    <a href={docs::K8S_CONFIGMAP.href} target="_blank" rel="noopener noreferrer">{ docs::K8S_CONFIGMAP.title }</a>
                    { " " }
                    <a href={docs::K8S_SECRET.href} target="_blank" rel="noopener noreferrer">{ docs::K8S_SECRET.title }</a>
                </p>
                <p class="secret-note" id="secret-note">{ SECRET_NOTE }</p>
                if vars.is_empty() {
                    <p class="empty">{ "No variables yet." }</p>
                }
                <ul class="var-list" aria-label="Environment variables">{ for rows }</ul>
                <form class="add-var" onsubmit={on_add}>
                    <TextField field={Field::NewVarName} id="new-var-name" label="New variable name"
                        placeholder="LOG_LEVEL"
                        help="Letters, digits and '_'; PORT, GIN_MODE and SECRETS_DIR are set for you."
                        doc={docs::K8S_ENV} />
                    <button type="submit">{ "Add variable" }</button>
                </form>
            </fieldset>
            <fieldset>
                <legend>{ "Database" }</legend>
                <CheckField field={Field::Database(D::Enabled)} id="database-enabled" label="Connect to a SQL database"
                    help="The scaffold opens a database/sql pool at start; its URL comes from a secret variable."
                    doc={docs::GO_DATABASE} />
                if database {
                    <SelectField field={Field::Database(D::Driver)} id="database-driver" label="Driver"
                        help="The database/sql driver the scaffold imports." doc={docs::GO_DATABASE} />
                    <SelectField field={Field::Database(D::UrlEnv)} id="database-url-env" label="URL variable"
                        help="The secret variable holding the connection string (DSN)."
                        doc={docs::K8S_SECRET} />
                    <div class="field-pair">
                        <TextField field={Field::Database(D::MaxOpenConns)} id="database-max-open" label="Max open connections"
                            input_mode="numeric" help="SetMaxOpenConns: the pool's upper bound." doc={docs::GO_DATABASE} />
                        <TextField field={Field::Database(D::MaxIdleConns)} id="database-max-idle" label="Max idle connections"
                            input_mode="numeric" help="SetMaxIdleConns: at most the open connections." doc={docs::GO_DATABASE} />
                    </div>
                    <TextField field={Field::Database(D::ConnMaxLifetime)} id="database-lifetime" label="Connection lifetime (seconds)"
                        input_mode="numeric" help="SetConnMaxLifetime: reuse a connection this long; 0 for ever." doc={docs::GO_DATABASE} />
                    <CheckField field={Field::Database(D::PingOnConnect)} id="database-ping" label="Ping on connect"
                        help="Fail at start when the database cannot be reached, instead of on the first request." doc={docs::GO_DATABASE} />
                }
            </fieldset>
            </>
        },
    )
}
