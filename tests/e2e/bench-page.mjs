// Benchmark (figures, not pass/fail): how the release page in dist/ behaves under
// heavy work, in headless Debian Chromium.
//   node tests/e2e/bench-page.mjs [edits]      (make bench runs it)
// - A paste of 2,100 careless Deployments: time to the first findings on screen, to
//   the last, and the longest main-thread task meanwhile (PerformanceObserver
//   "longtask": every task over 50 ms); the same for "Apply fixes" and for "Import
//   into design"; and again where the page has no Web Worker (it then runs the
//   worker's module itself, a step per task).
// - A 40 MB project archive picked for "Start from your Gin project": the longest
//   main-thread task from the pick to the review.
// - Edit latency on a 200-route design: an input event on Replicas until the diagram
//   shows the new count (the page's own work), and until the Deployment manifest
//   does (a round trip through the worker); median and p95 over the edits, warm.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { launchBrowser, requireDist, DIST_DIR, REPO_ROOT } from './lib/harness.js';
import { startStaticServer } from './lib/server.js';
import { careless, pasteInto } from './lib/streams.js';

const edits = Number(process.argv[2] ?? 40);

/** A .tar.gz of the flat fixture project with `filler` random bytes under vendor/. */
function projectArchive(filler) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-project-'));
  cpSync(path.join(REPO_ROOT, 'tests', 'fixtures', 'gin-projects', 'flat'), path.join(dir, 'flat'), { recursive: true });
  mkdirSync(path.join(dir, 'flat', 'vendor', 'blob'), { recursive: true });
  writeFileSync(path.join(dir, 'flat', 'vendor', 'blob', 'blob.bin'), randomBytes(filler));
  const file = path.join(dir, 'flat.tar.gz');
  execFileSync('tar', ['-czf', file, '-C', dir, 'flat']);
  return file;
}
const DOCS = 2100;


/** A design of 200 routes: the two probes' routes and 198 under /api/v1. */
function bigDesign() {
  const routes = Array.from({ length: 198 }, (_, i) => ({ method: i % 2 ? 'POST' : 'GET', path: `/items${i}` }));
  return JSON.stringify({
    version: 1,
    groups: [
      { prefix: '', middleware: [], routes: [{ method: 'GET', path: '/ping' }, { method: 'GET', path: '/healthz' }] },
      { prefix: '/api/v1', middleware: [], routes },
    ],
  });
}

// In the page before its scripts: every long task, with its start and duration.
function recordLongTasks() {
  window.__long = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__long.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
}

/** Runs `act` in the page and resolves with the ms until `done()` holds (checked on
 * every DOM change) and `first()` first held, plus the longest task in between.
 * All three are the source of arrow functions, evaluated as one expression over the
 * DevTools protocol (the page's policy refuses `new Function`). */
async function timed(page, act, first, done) {
  return page.evaluate(`(${measure})(${act}, ${first}, ${done})`);
}

function measure(act, first, done) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    let firstAt = null;
    let observer;
    const check = () => {
      if (firstAt === null && first()) firstAt = performance.now() - t0;
      if (done()) {
        observer.disconnect();
        const end = performance.now();
        // Long tasks are reported after they end: give the observer a turn.
        setTimeout(() => {
          const during = window.__long.filter(([s, d]) => s + d >= t0 && s <= end);
          resolve({ first: firstAt, done: end - t0, longest: Math.max(0, ...during.map(([, d]) => d)), long: during.length });
        }, 100);
      }
    };
    observer = new MutationObserver(check);
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    act();
    check();
  });
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
const ms = (x) => `${x.toFixed(1)} ms`;

/** Pastes the 2,100 careless Deployments, applies every fix, asks for the import
 * proposal, and prints each one's times; `how` starts each line. */
async function pasteFixImport(page, how) {
  // The paste, as a browser does it (`pasteInto`: no typing pause).
  const text = careless(DOCS, 3);
  await page.evaluate((t) => { window.__paste = t; }, text);
  const status = `(() => document.querySelector('section[aria-labelledby="paste-heading"] [role=status]')?.textContent ?? '')`;
  const pasted = await timed(
    page,
    `() => (${pasteInto})(document.querySelector('#paste-input'), window.__paste)`,
    `() => document.querySelectorAll('section[aria-labelledby="paste-heading"] .findings li').length > 0`,
    `() => /finding\\(s\\)$/.test(${status}())`,
  );
  console.log(`${how}paste ${DOCS} Deployments (${text.length} bytes): first findings ${ms(pasted.first)}, all ${ms(pasted.done)}, longest task ${ms(pasted.longest)}, tasks over 50 ms: ${pasted.long}`);

  const label = await page.getByRole('button', { name: /^Apply fixes on \d+ lines$/ }).innerText();
  const fixed = await timed(
    page,
    `() => [...document.querySelectorAll('button')].find((b) => /^Apply fixes on \\d+ lines$/.test(b.textContent)).click()`,
    `() => document.querySelector('#paste-input').value.includes('imagePullPolicy')`,
    `() => document.querySelector('#paste-input').value.includes('imagePullPolicy') && /finding\\(s\\)$/.test(${status}())`,
  );
  console.log(`${how}"${label}": text fixed ${ms(fixed.first)}, rechecked ${ms(fixed.done)}, longest task ${ms(fixed.longest)}, tasks over 50 ms: ${fixed.long}`);

  const imported = await timed(
    page,
    `() => [...document.querySelectorAll('button')].find((b) => b.textContent === 'Import into design').click()`,
    `() => !!document.querySelector('.import-review')`,
    `() => !!document.querySelector('.import-review')`,
  );
  console.log(`${how}import proposal from the fixed stream: ${ms(imported.done)}, longest task ${ms(imported.longest)}, tasks over 50 ms: ${imported.long}`);
}

requireDist();
const server = await startStaticServer({ root: DIST_DIR });
const browser = await launchBrowser();
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(recordLongTasks);
  await page.goto(server.url);
  await page.waitForSelector('html[data-app-ready="true"]', { state: 'attached', timeout: 30_000 });
  await page.locator('.bundle-findings[aria-busy="false"]').waitFor({ timeout: 60_000 });

  await pasteFixImport(page, '');

  // A Gin project picked as a 40 MB .tar.gz (the flat fixture, and 40 MB that do not
  // compress under vendor/, which the reader skips): its bytes go to the worker
  // beside the request, never through the page's own memory or JSON.
  const archive = projectArchive(40 << 20);
  await page.locator('.project-import > summary').click();
  await page.evaluate(() => { window.__archiveAt = performance.now(); });
  await page.locator('#project-archive').setInputFiles(archive);
  await page.locator('.project-headline').waitFor({ timeout: 60_000 });
  await page.waitForTimeout(100);
  const project = await page.evaluate(() => {
    const during = window.__long.filter(([s, d]) => s + d >= window.__archiveAt);
    return { longest: Math.max(0, ...during.map(([, d]) => d)), long: during.length };
  });
  console.log(`project archive of ${(statSync(archive).size / 2 ** 20).toFixed(0)} MiB picked: longest task from the pick to the review ${ms(project.longest)}, tasks over 50 ms: ${project.long}`);
  rmSync(path.dirname(archive), { recursive: true, force: true });

  // The 200-route design, imported as a design file.
  await page.locator('#import-design').setInputFiles({ name: 'big.json', mimeType: 'application/json', buffer: Buffer.from(bigDesign()) });
  await page.locator('button[aria-label="Remove route POST /api/v1/items197"]').waitFor({ timeout: 30_000 });
  await page.getByRole('tab', { name: 'k8s/deployment.yaml', exact: true }).click();
  await page.locator('.bundle-findings[aria-busy="false"]').waitFor({ timeout: 60_000 });
  const diagram = [], manifest = [], longest = [];
  for (let i = 0; i < edits; i++) {
    const n = 3 + (i % 5);
    const r = await timed(
      page,
      `() => { const el = document.querySelector('#replicas'); el.value = '${n}'; el.dispatchEvent(new Event('input', { bubbles: true })); }`,
      `() => document.querySelector('.diagram').textContent.includes('Pods ×${n}')`,
      `() => document.querySelector('[role=tabpanel]').textContent.includes('replicas: ${n}') && !!document.querySelector('.bundle-findings[aria-busy="false"]')`,
    );
    if (i >= 5) { // the first few warm the page up
      diagram.push(r.first);
      manifest.push(r.done);
      longest.push(r.longest);
    }
  }
  console.log(`edit latency, 200 routes, input → diagram: median ${ms(quantile(diagram, 0.5))}, p95 ${ms(quantile(diagram, 0.95))}; input → manifest and diagnostics (worker): median ${ms(quantile(manifest, 0.5))}, p95 ${ms(quantile(manifest, 0.95))}; longest task ${ms(Math.max(...longest))} (${diagram.length} edits)`);
  await context.close();

  // The same paste, fixes and import where the page cannot start a Web Worker: it
  // loads the worker's module itself and runs the same steps between its own tasks.
  const inPage = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const fallback = await inPage.newPage();
  await fallback.addInitScript(() => { delete window.Worker; });
  await fallback.addInitScript(recordLongTasks);
  await fallback.goto(server.url);
  await fallback.waitForSelector('html[data-app-ready="true"]', { state: 'attached', timeout: 30_000 });
  await fallback.locator('.bundle-findings[aria-busy="false"]').waitFor({ timeout: 60_000 });
  await pasteFixImport(fallback, 'without Web Workers: ');
  await inPage.close();
} finally {
  await browser.close();
  await server.close();
}
