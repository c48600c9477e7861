#!/usr/bin/env node
// The independent check of Gateway API objects: every document of the named YAML
// files whose apiVersion is in gateway.networking.k8s.io (or the experimental
// gateway.networking.x-k8s.io) is built as the matching model class of
// @kubernetes-models/gateway-api, chosen by apiVersion and kind, and its validate()
// run. Used by the tools tier (tests/tools.rs); installed by scripts/setup.sh.
//
//   node tests/tools/gateway-api-validate.mjs [--require] FILE...
//
// Prints one line per finding, `FILE: document N: Kind namespace/name: message`, and
// on stderr how many objects it checked. Exits 1 when there is a finding: an object
// the validator refuses, a field the schema does not know, a kind it has no model
// for, a YAML error, an unreadable file, no Gateway API object in any file, or
// (with --require) a file that holds none; exits 2 on a usage error.
//
// What the validator is: @kubernetes-models/gateway-api 2.0.0 holds ajv validators
// compiled from the OpenAPI schemas of recent Gateway API Go types (its v1 already
// has ListenerSet and TLSRoute), every channel's fields together, so experimental
// fields pass too. It checks types, required fields, enums, patterns, lengths and
// item counts. Documents are read as YAML 1.1, as kubectl reads them (`n` is false).
// Tried on hand-made objects, it refuses:
//   - a path match `type: Prefix` (enum: Exact, PathPrefix, RegularExpression)
//   - a parentRef without `name`; `rules: []` (minItems 1)
//   - a `timeouts.request` of `10 seconds` (the duration pattern)
//   - a hostname `Foo_bar` (the hostname pattern); 17 hostnames (maxItems 16)
//   - a backendRef port `"80"` (a string) and a listener port 0 (minimum 1)
//   - a Gateway without listeners; `allowedRoutes.namespaces.from: Mine`
// and it accepts, because these are CEL rules (x-kubernetes-validations), list-map
// keys or API-server checks that a schema validator does not run:
//   - a PathPrefix value without a leading '/' or with a trailing '/', or with
//     characters outside RFC 3986 paths
//   - a URLRewrite `ReplacePrefixMatch` on a rule whose match is not PathPrefix
//   - a filter whose `type` does not name the field set (URLRewrite with
//     requestRedirect); a Service backendRef without a port
//   - two listeners of one name; an HTTPS listener without `tls`
//   - an IP address as a hostname; a redirect statusCode of 307 (the Go types allow
//     301, 302, 303, 307 and 308; the standard channel's CRD only 301 and 302)
//   - anything in metadata: an invalid name, a missing name (it reads the field
//     types of ObjectMeta only)
//   - fields the schema does not know: the models' schemas allow additional
//     properties. The API server prunes such a field and `kubectl apply` (strict
//     field validation) refuses it, so this script finds them itself: it runs the
//     same compiled validator once more over a view of the object that records every
//     field the validator reads, and reports the fields it never read. A map's keys
//     (labels, annotations) count as read.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const GROUPS = ["gateway.networking.k8s.io", "gateway.networking.x-k8s.io"];

/** The model classes of one apiVersion, by kind; null when the package has none. */
const modules = new Map();
async function modelsOf(apiVersion) {
  if (!modules.has(apiVersion)) {
    let models = null;
    try {
      const exported = await import(`@kubernetes-models/gateway-api/${apiVersion}`);
      models = new Map(
        Object.values(exported)
          .filter((c) => typeof c === "function" && c.apiVersion === apiVersion && c.kind)
          .map((c) => [c.kind, c]),
      );
    } catch {
      models = null;
    }
    modules.set(apiVersion, models);
  }
  return modules.get(apiVersion);
}

/**
 * A view of `value` that notes in `read` the path of every field read through it;
 * `all` receives the path of every field it has.
 */
function watched(value, path, read, all) {
  if (Array.isArray(value)) {
    return value.map((item, i) => watched(item, `${path}/${i}`, read, all));
  }
  if (value === null || typeof value !== "object") {
    return value;
  }
  const copy = {};
  for (const [key, item] of Object.entries(value)) {
    all.add(`${path}/${key}`);
    copy[key] = watched(item, `${path}/${key}`, read, all);
  }
  return new Proxy(copy, {
    get(target, key, receiver) {
      if (typeof key === "string") read.add(`${path}/${key}`);
      return Reflect.get(target, key, receiver);
    },
    // A validator that walks a map's keys (labels) reads them all.
    ownKeys(target) {
      for (const key of Reflect.ownKeys(target)) {
        if (typeof key === "string") read.add(`${path}/${key}`);
      }
      return Reflect.ownKeys(target);
    },
  });
}

/** The findings of one object: the validator's errors, then unknown fields. */
function check(Model, object) {
  const messages = [];
  try {
    new Model(object).validate();
  } catch (error) {
    if (!Array.isArray(error.errors)) throw error;
    for (const e of error.errors) {
      messages.push(`${e.instancePath || "/"} ${e.message}`);
    }
  }
  const read = new Set();
  const all = new Set();
  try {
    Model.prototype.validate.call(watched(object, "", read, all));
  } catch {
    // Reported above.
  }
  // Parents come before their fields in `all`: report an unknown field, not its own.
  const unknown = [];
  for (const path of all) {
    if (!read.has(path) && !unknown.some((u) => path.startsWith(`${u}/`))) {
      unknown.push(path);
      messages.push(`${path} is not a field of ${object.kind}`);
    }
  }
  return [...new Set(messages)];
}

async function main(args) {
  const require = args[0] === "--require";
  const files = require ? args.slice(1) : args;
  if (files.length === 0 || files.some((f) => f.startsWith("--"))) {
    console.error("usage: gateway-api-validate.mjs [--require] FILE...");
    return 2;
  }
  const findings = [];
  let objects = 0;
  for (const file of files) {
    let text;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      findings.push(`${file}: cannot read: ${error.message}`);
      continue;
    }
    let found = 0;
    // Kubernetes reads manifests as YAML 1.1 (sigs.k8s.io/yaml), so `on` is true.
    const documents = parseAllDocuments(text, { version: "1.1", prettyErrors: false });
    for (const [index, document] of documents.entries()) {
      const at = `${file}: document ${index + 1}`;
      if (document.errors.length > 0) {
        for (const e of document.errors) findings.push(`${at}: YAML: ${e.message}`);
        continue;
      }
      let object;
      try {
        object = document.toJS({ maxAliasCount: 100 });
      } catch (error) {
        findings.push(`${at}: YAML: ${error.message}`);
        continue;
      }
      const apiVersion = object?.apiVersion;
      if (typeof apiVersion !== "string" || !GROUPS.includes(apiVersion.split("/")[0])) {
        continue;
      }
      found += 1;
      const meta = object.metadata ?? {};
      const name = `${object.kind} ${meta.namespace ? `${meta.namespace}/` : ""}${meta.name ?? "(no name)"}`;
      const Model = (await modelsOf(apiVersion))?.get(object.kind);
      if (!Model) {
        findings.push(`${at}: ${name}: no model for kind ${object.kind} in ${apiVersion}`);
        continue;
      }
      for (const message of check(Model, object)) {
        findings.push(`${at}: ${name}: ${message}`);
      }
    }
    if (require && found === 0) {
      findings.push(`${file}: no Gateway API object`);
    }
    objects += found;
  }
  if (objects === 0) {
    findings.push(`no Gateway API object in ${files.join(", ")}`);
  }
  for (const finding of findings) console.log(finding);
  console.error(`checked ${objects} Gateway API object(s) in ${files.length} file(s), ${findings.length} finding(s)`);
  return findings.length === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
