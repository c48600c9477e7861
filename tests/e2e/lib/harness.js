// Shared helpers for the end-to-end tests: paths, Chromium launch, a guarded
// page that records console errors and blocks every non-loopback request,
// polling assertions, downloads and the external validators.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { after, before } from 'node:test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { startStaticServer } from './server.js';

export const E2E_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = path.resolve(E2E_DIR, '..', '..');
export const DIST_DIR = process.env.E2E_DIST_DIR ?? path.join(REPO_ROOT, 'dist');
export const ARTIFACTS_DIR = path.join(E2E_DIR, 'artifacts');
export const VENV_BIN = path.join(REPO_ROOT, '.venv', 'bin');
export const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
export const ALLOWED_HOST = '127.0.0.1';

// Without the background-networking flags Chromium tries to reach Google's
// hosts at start-up; this machine's network refuses them.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function requireDist() {
  const index = path.join(DIST_DIR, 'index.html');
  if (!existsSync(index)) {
    throw new Error(`${index} is missing: build the app first (make dist)`);
  }
}

export function ensureArtifactsDir(...sub) {
  const dir = path.join(ARTIFACTS_DIR, ...sub);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Launch Debian's Chromium. playwright's launch() gives it a new, empty
 * profile (--user-data-dir in a fresh temp dir) every time. */
export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (run make setup)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
}

/**
 * A fresh browser context and page with guards:
 * - every request whose host is not 127.0.0.1 is aborted and recorded;
 * - console errors, uncaught page errors, failed requests and HTTP >= 400
 *   responses are recorded.
 * Call assertClean(guard) at the end of each test.
 */
export async function openGuardedPage(browser) {
  const context = await browser.newContext({
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    serviceWorkers: 'block',
  });
  const problems = {
    foreignRequests: [],
    consoleErrors: [],
    pageErrors: [],
    failedRequests: [],
    badResponses: [],
  };
  const responses = [];
  const isLocal = (rawUrl) => {
    let u;
    try {
      u = new URL(rawUrl);
    } catch {
      return false;
    }
    if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:') return true;
    return u.hostname === ALLOWED_HOST;
  };
  const noteForeign = (rawUrl) => {
    if (!problems.foreignRequests.includes(rawUrl)) problems.foreignRequests.push(rawUrl);
  };

  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    noteForeign(url);
    return route.abort('blockedbyclient');
  });
  // Also observe requests that might bypass routing.
  context.on('request', (req) => {
    if (!isLocal(req.url())) noteForeign(req.url());
  });

  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      problems.consoleErrors.push(`${msg.text()}${loc?.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (err) => problems.pageErrors.push(String(err?.stack ?? err)));
  page.on('websocket', (ws) => {
    if (!isLocal(ws.url())) noteForeign(ws.url());
  });
  page.on('requestfailed', (req) => {
    if (!isLocal(req.url())) return; // already recorded as foreign
    problems.failedRequests.push(`${req.method()} ${req.url()}: ${req.failure()?.errorText}`);
  });
  page.on('response', (res) => {
    responses.push({ url: res.url(), status: res.status(), type: res.headers()['content-type'] });
    if (res.status() >= 400) problems.badResponses.push(`${res.status()} ${res.url()}`);
  });

  return { context, page, problems, responses };
}

export function assertClean({ problems }) {
  assert.deepEqual(problems.foreignRequests, [], 'requests to hosts other than 127.0.0.1');
  assert.deepEqual(problems.pageErrors, [], 'uncaught page errors');
  assert.deepEqual(problems.consoleErrors, [], 'console errors');
  assert.deepEqual(problems.failedRequests, [], 'failed requests');
  assert.deepEqual(problems.badResponses, [], 'HTTP error responses');
}

/** Retry `fn` (which throws on failure) until it passes or `timeout` ms pass. */
export async function eventually(fn, { timeout = 10_000, interval = 100 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() >= deadline) throw err;
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** The app sets <html data-app-shown="true"> once its first screen is rendered and
 * <html data-app-ready="true"> once the whole page is. */
export async function waitForApp(page, timeout = 30_000) {
  await page.waitForSelector('html[data-app-ready="true"]', { state: 'attached', timeout });
}

export function field(page, label) {
  return page.getByLabel(label, { exact: true });
}

export function tab(page, name) {
  return page.getByRole('tab', { name, exact: true });
}

/** The file shown in the tab panel, without the line-number gutter (which is
 * aria-hidden and user-select: none, so not part of what a person copies). */
export async function panelText(page) {
  const pre = page.getByRole('tabpanel').locator('pre');
  await pre.waitFor({ state: 'visible', timeout: 5_000 });
  return pre.evaluate((el) => {
    const copy = el.cloneNode(true);
    for (const n of copy.querySelectorAll('.ln')) n.remove();
    return copy.textContent;
  });
}

export async function expectPanelContains(page, needle, timeout = 10_000) {
  await eventually(async () => {
    const text = await panelText(page);
    assert.ok(text.includes(needle), `tabpanel should contain ${JSON.stringify(needle)}; it shows:\n${text}`);
  }, { timeout });
}

export async function showTab(page, name) {
  await tab(page, name).click();
  // The panel must be showing this file: the name of the selected tab is the path.
  await eventually(async () => {
    assert.equal(await tab(page, name).count(), 1, `one tab named ${name}`);
    await page.getByRole('tabpanel').locator('pre').waitFor({ state: 'visible', timeout: 2_000 });
  });
}

/** Click `locator`, wait for the download it starts and save it into `dir`. */
export async function download(page, locator, dir) {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), locator.click()]);
  const name = dl.suggestedFilename();
  const file = path.join(dir, name);
  await dl.saveAs(file);
  const failure = await dl.failure();
  assert.equal(failure, null, `download of ${name} failed: ${failure}`);
  return { name, file };
}

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 120_000, ...opts });
  if (r.error) throw new Error(`could not run ${cmd}: ${r.error.message}`);
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

export function venvTool(name) {
  const bin = path.join(VENV_BIN, name);
  if (!existsSync(bin)) throw new Error(`${bin} is missing (run make setup)`);
  return bin;
}

export function slug(name) {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/**
 * The per-file set-up every e2e test file shares: the static server on dist/
 * under /docs/playground/ and one Chromium, started in `before` and stopped in
 * `after`. Returns an object whose `server` and `browser` are filled in by then.
 * Test files run as separate processes (possibly at once), so nothing here
 * deletes artifacts another file may be writing.
 */
export function useApp() {
  const env = { server: undefined, browser: undefined };
  before(async () => {
    requireDist();
    ensureArtifactsDir();
    env.server = await startStaticServer({ root: DIST_DIR, prefix: '/docs/playground/' });
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/** Adds whatever the page reported to a failure: it is usually the cause. */
export function explainFailure(err, ...guards) {
  const seen = guards.flatMap((g) => Object.entries(g.problems).filter(([, v]) => v.length));
  if (seen.length && err && typeof err === 'object') {
    const extra = `\n\nThe page also reported:\n${seen.map(([k, v]) => `  ${k}:\n    ${v.join('\n    ')}`).join('\n')}`;
    err.message += extra;
    if (typeof err.stack === 'string') err.stack += extra;
  }
  return err;
}

/**
 * Open `url` (default: the app's root) in a fresh guarded context (after
 * `prepare(context)`, if given), wait until the app is ready and hand the guarded
 * page to `body`; check the guards at the end,
 * and save a full-page screenshot named after the test whatever happened.
 */
export async function withApp(env, name, body, { url, prepare } = {}) {
  const guard = await openGuardedPage(env.browser);
  const { page, context } = guard;
  try {
    // Say, an init script that changes the page's world before its scripts run.
    await prepare?.(context);
    await page.goto(url ?? env.server.url, { waitUntil: 'load' });
    await waitForApp(page);
    await body(page, guard);
    assertClean(guard);
  } catch (err) {
    throw explainFailure(err, guard);
  } finally {
    await page
      .screenshot({ path: path.join(ARTIFACTS_DIR, `${slug(name)}.png`), fullPage: true })
      .catch(() => {});
    await context.close();
  }
}

/** Choose a preset in #preset and load it. */
export async function loadPreset(page, id) {
  // Over changes of the user's the page asks first; a test that loads a preset means it.
  const accept = (dialog) => dialog.accept();
  page.on('dialog', accept);
  try {
    await page.locator('#preset').selectOption(id);
    await page.getByRole('button', { name: 'Load preset', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'loaded preset' }).first().waitFor({ state: 'visible' });
  } finally {
    page.off('dialog', accept);
  }
}

/**
 * Unzip a downloaded bundle: it must hold one top-level folder named like the zip
 * (`hello-gin.zip` holds `hello-gin/`). That folder's contents end up in a clean
 * `dir`; returns its file list, relative to the folder.
 */
export function unzipBundle(zipFile, dir) {
  const folder = path.basename(zipFile, '.zip');
  const listing = run('unzip', ['-Z1', zipFile]);
  assert.equal(listing.status, 0, listing.out);
  const entries = listing.stdout.split('\n').filter(Boolean);
  const outside = entries.filter((e) => !e.startsWith(`${folder}/`));
  assert.deepEqual(outside, [], `every entry is inside the one folder ${folder}/`);
  const staging = `${dir}.unzip`;
  rmSync(dir, { recursive: true, force: true });
  rmSync(staging, { recursive: true, force: true });
  const unzip = run('unzip', ['-q', '-o', zipFile, '-d', staging]);
  assert.equal(unzip.status, 0, unzip.out);
  assert.deepEqual(readdirSync(staging), [folder], 'unzipping makes one folder');
  renameSync(path.join(staging, folder), dir);
  rmSync(staging, { recursive: true, force: true });
  return entries.map((e) => e.slice(folder.length + 1)).filter(Boolean);
}

/**
 * Run the real validators over an unzipped bundle: hadolint on the Dockerfile
 * (no findings at all) and kubernetes-validate --strict on every k8s/*.yaml
 * (no WARN or ERROR). kustomization.yaml is kustomize's own config, not an API
 * object (kubernetes-validate has no schema for it): check instead that every
 * resource it lists is in the bundle.
 */
export function validateUnzippedBundle(out, { kubernetesVersion = '1.37.0' } = {}) {
  const hadolint = run(venvTool('hadolint'), ['--no-color', path.join(out, 'Dockerfile')]);
  assert.equal(hadolint.status, 0, `hadolint failed:\n${hadolint.out}`);
  assert.equal(hadolint.out.trim(), '', `hadolint printed findings:\n${hadolint.out}`);

  const KUSTOMIZATION = /^kustomization\.ya?ml$/;
  const k8sFiles = readdirSync(path.join(out, 'k8s')).filter((f) => /\.ya?ml$/.test(f));
  const yamls = k8sFiles.filter((f) => !KUSTOMIZATION.test(f)).map((f) => path.join(out, 'k8s', f));
  assert.ok(yamls.length >= 2, 'k8s/*.yaml files');
  for (const k of k8sFiles.filter((f) => KUSTOMIZATION.test(f))) {
    const check = run(venvTool('python'), [
      '-c',
      'import os, sys, yaml\n' +
        'path = sys.argv[1]\n' +
        'doc = yaml.safe_load(open(path))\n' +
        'assert isinstance(doc, dict) and doc.get("kind") == "Kustomization", "not a Kustomization"\n' +
        'res = doc.get("resources") or []\n' +
        'assert res, "no resources listed"\n' +
        'missing = [r for r in res if not os.path.isfile(os.path.join(os.path.dirname(path), r))]\n' +
        'assert not missing, f"listed but not in the bundle: {missing}"\n',
      path.join(out, 'k8s', k),
    ]);
    assert.equal(check.status, 0, `k8s/${k}:\n${check.out}`);
  }
  // Gateway API objects are custom resources kubernetes-validate has no schema for:
  // they go to the npm validator built from the Gateway API CRDs
  // (tests/tools/gateway-api-validate.mjs), and a stream that mixes them with core
  // kinds goes to kubernetes-validate without them.
  const GATEWAY_API = /^apiVersion:\s*gateway\.networking\.k8s\.io\//m;
  const core = [];
  const gatewayApi = [];
  for (const file of yamls) {
    const documents = readFileSync(file, 'utf8').split(/^---$/m);
    const routed = documents.filter((d) => GATEWAY_API.test(d));
    if (routed.length === 0) {
      core.push(file);
      continue;
    }
    gatewayApi.push(file);
    const rest = documents.filter((d) => !GATEWAY_API.test(d) && d.trim() !== '');
    if (rest.length > 0) {
      // Beside the bundle, not in it: the bundle stays as it was downloaded.
      const copy = path.join(path.dirname(out), `${path.basename(out)}-${path.basename(file, '.yaml')}.core-kinds.yaml`);
      writeFileSync(copy, rest.join('---'));
      core.push(copy);
    }
  }
  if (gatewayApi.length > 0) {
    const validator = path.join(REPO_ROOT, 'tests', 'tools', 'gateway-api-validate.mjs');
    const gw = run(process.execPath, [validator, '--require', ...gatewayApi]);
    assert.equal(gw.status, 0, `the Gateway API validator refused:\n${gw.out}`);
  }
  const kv = run(venvTool('kubernetes-validate'), ['--strict', '-k', kubernetesVersion, ...core]);
  const flagged = kv.out.split('\n').filter((l) => /WARN|ERROR/.test(l));
  assert.equal(kv.status, 0, `kubernetes-validate failed:\n${kv.out}`);
  assert.deepEqual(flagged, [], `kubernetes-validate reported:\n${kv.out}`);
  const passed = kv.out.split('\n').filter((l) => / passed /.test(l));
  assert.ok(passed.length >= core.length, `every manifest validated:\n${kv.out}`);
  return { yamls, k8sFiles, gatewayApi };
}

