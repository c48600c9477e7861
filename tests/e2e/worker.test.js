// The worker path of the release build: pasted files are checked, fixed and
// imported by the Web Worker (never on the page's main thread), a newer paste
// cancels the older check, and without Web Workers the page does the same work
// itself. Every test runs with the harness's guards.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { assertClean, eventually, explainFailure, openGuardedPage, useApp, waitForApp, withApp } from './lib/harness.js';
import { careless, pasteInto } from './lib/streams.js';

const TEST_TIMEOUT = 120_000;
const env = useApp();

const section = (page, headingId) => page.locator(`section[aria-labelledby="${headingId}"]`);


/** Puts `text` in the paste box as one input event (a paste). */
async function paste(page, text) {
  await page.locator('#paste-input').evaluate((el, value) => {
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
}

/** Pastes `text` as a browser does (`pasteInto`, lib/streams.js): checked at once, without the
 * typing pause. */
async function pasteAsBrowser(page, text) {
  await page.locator('#paste-input').evaluate(pasteInto, text);
}

async function pasteStatus(page) {
  return section(page, 'paste-heading').getByRole('status').first().innerText();
}

describe('the worker (release build)', () => {
  test('pasted files are checked in a Web Worker, and a newer paste cancels the older check', { timeout: TEST_TIMEOUT }, async () => {
    await withApp(env, 'worker paste', async (page) => {
      const workers = page.workers().map((w) => w.url());
      page.on('worker', (w) => workers.push(w.url()));
      // The design's own bundle is checked by the worker from the start.
      await section(page, 'diagnostics-heading').locator('.bundle-findings[aria-busy="false"]').waitFor();
      await eventually(async () => assert.ok(workers.some((u) => u.endsWith('/worker_loader.js')), `workers: ${workers}`));

      // A big stream, then at once a small one: the small one's findings are what
      // the page ends with, and the big one's never land after them.
      await paste(page, careless(1500));
      await page.waitForTimeout(400);
      await paste(page, careless(1));
      await eventually(async () => assert.match(await pasteStatus(page), /Kubernetes YAML stream: \d+ finding\(s\)$/), { timeout: 30_000 });
      const small = await pasteStatus(page);
      const count = Number(small.match(/: (\d+) finding/)[1]);
      assert.ok(count > 0 && count < 30, `the one-document paste's findings: ${small}`);
      await page.waitForTimeout(1500);
      assert.equal(await pasteStatus(page), small, 'nothing of the cancelled check arrived later');

      // A fix goes through the worker too: the misspelt key is fixed in the box.
      await page.getByRole('button', { name: /^Apply fix for GK101 on line \d+$/ }).first().click();
      await eventually(async () => assert.match(await page.locator('#paste-input').inputValue(), /imagePullPolicy: Always/));
      await eventually(async () => assert.equal(await section(page, 'paste-heading').locator('.findings li').filter({ hasText: 'GK101' }).count(), 0));

      // And the import proposal.
      await page.getByRole('button', { name: 'Import into design', exact: true }).click();
      await page.locator('.import-review').waitFor();
      assert.match(await page.locator('.import-review').innerText(), /Service name: hello-gin → web-0/);
    });
  });

  test('a paste too long for the box is taken from the clipboard, never inserted; a short one is the browser\'s', { timeout: TEST_TIMEOUT }, async () => {
    await withApp(env, 'clipboard paste', async (page) => {
      const box = page.locator('#paste-input');
      await box.fill('# the team\'s stream\n');
      await box.evaluate((el) => {
        el.setSelectionRange(el.value.length, el.value.length);
        window.__inputs = [];
        el.addEventListener('input', (e) => window.__inputs.push(e.inputType), true);
      });
      const text = careless(2100, 3);
      await page.evaluate((t) => navigator.clipboard.writeText(t), text);
      await box.focus();
      await page.keyboard.press('Control+V');
      await eventually(async () => assert.match(await pasteStatus(page), /Kubernetes YAML stream: 39900 finding\(s\)$/), { timeout: 60_000 });
      // The whole text is what was there with the paste at the caret: one line more.
      const lines = text.split('\n').length - 1 + 1;
      assert.match(await page.locator('#paste-long').innerText(), new RegExp(`^${lines} lines \\(\\d+ KB\\): the box shows the first 200, read-only`));
      const shown = await box.inputValue();
      assert.equal(shown.split('\n').length - 1, 200);
      assert.ok(shown.startsWith('# the team\'s stream\napiVersion: apps/v1\n'), shown.slice(0, 80));
      assert.deepEqual(await page.evaluate(() => window.__inputs), [], 'the browser inserted the paste');

      // A short paste replaces the selection as the browser does it.
      await page.getByRole('button', { name: 'Clear to paste or type again' }).click();
      await box.fill('FROM alpine:3.20\nRUN echo XX\n');
      await box.evaluate((el) => { const at = el.value.indexOf('XX'); el.setSelectionRange(at, at + 2); });
      await page.evaluate(() => navigator.clipboard.writeText('hello'));
      await page.keyboard.press('Control+V');
      assert.equal(await box.inputValue(), 'FROM alpine:3.20\nRUN echo hello\n');
      assert.deepEqual(await page.evaluate(() => window.__inputs.slice(-1)), ['insertFromPaste']);
      await eventually(async () => assert.match(await pasteStatus(page), /Dockerfile: \d+ finding\(s\)$/));
    }, { prepare: (context) => context.grantPermissions(['clipboard-read', 'clipboard-write']) });
  });

  test('a 2,100-document paste stays out of the box, shows the first documents\' findings at once, then every finding', { timeout: TEST_TIMEOUT }, async () => {
    await withApp(env, 'long paste', async (page) => {
      await section(page, 'diagnostics-heading').locator('.bundle-findings[aria-busy="false"]').waitFor();
      const text = careless(2100, 3);
      const lines = text.split('\n').length - 1; // it ends with a line break
      // Every long task on the page from here on.
      await page.evaluate(() => {
        window.__longTasks = [];
        new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
      });
      // What the findings list shows first, and when, against when the check ends.
      const seen = page.evaluate(() => new Promise((resolve) => {
        const t0 = performance.now();
        const list = () => document.querySelector('section[aria-labelledby="paste-heading"] .findings');
        const status = () => document.querySelector('section[aria-labelledby="paste-heading"] [role=status]')?.textContent ?? '';
        let first = null;
        // The most findings one task added to the list.
        let added = 0;
        const observer = new MutationObserver((records) => {
          added = Math.max(added, records.reduce((n, r) => n + [...r.addedNodes].filter((node) => node.nodeName === 'LI').length, 0));
          if (first === null && list()?.children.length) first = { ms: performance.now() - t0, busy: /checking/.test(status()), rules: [...list().querySelectorAll('.rule')].map((r) => r.textContent) };
          if (/finding\(s\)$/.test(status()) && list()?.children.length === 200) {
            observer.disconnect();
            resolve({ first, done: performance.now() - t0, added });
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      }));
      await pasteAsBrowser(page, text);
      const { first, done, added } = await seen;
      // The list fills 50 findings a task: 200 at once was a 50-70 ms task.
      assert.ok(added <= 50, `${added} findings added to the list in one task`);
      // The first findings are the opening documents' own, shown while the rest is
      // checked; what needs the whole stream (no PodDisruptionBudget for 3 replicas:
      // GK421) comes with it.
      assert.ok(first.busy, 'the first findings came while the stream was still being checked');
      assert.ok(first.rules.length > 0 && !first.rules.includes('GK421'), `first rules: ${first.rules}`);
      assert.ok(first.ms < done, `first findings at ${first.ms} ms, all at ${done} ms`);
      const status = await pasteStatus(page);
      assert.match(status, /Kubernetes YAML stream: 39900 finding\(s\)$/);
      assert.match(await section(page, 'paste-heading').locator('.findings-summary').innerText(), /GK421 ×2100/);

      // The box holds the first 200 lines, read-only, and says why.
      const box = page.locator('#paste-input');
      assert.equal((await box.inputValue()).split('\n').length - 1, 200);
      assert.equal(await box.evaluate((el) => el.readOnly), true);
      assert.match(await page.locator('#paste-long').innerText(), new RegExp(`^${lines} lines \\(\\d+ KB\\): the box shows the first 200, read-only`));

      // Fixes apply to every line, not only the shown ones.
      await page.getByRole('button', { name: /^Apply fixes on 2100 lines$/ }).click();
      await eventually(async () => assert.match(await pasteStatus(page), /Kubernetes YAML stream: 37800 finding\(s\)$/), { timeout: 30_000 });
      assert.match(await box.inputValue(), /imagePullPolicy: Always/);
      assert.equal(await section(page, 'paste-heading').locator('.findings li').filter({ hasText: 'GK101' }).count(), 0);
      // Laying out 35,700 lines in the box froze the page for 400–650 ms here; what
      // is left is short (`make bench` reports the figure on a quiet machine, this
      // bound only catches the freeze on a busy one).
      const longest = await page.evaluate(() => Math.max(0, ...window.__longTasks));
      assert.ok(longest < 250, `a task of ${longest} ms while pasting and fixing`);

      // Clear gives back an empty box to type in.
      await page.getByRole('button', { name: 'Clear to paste or type again' }).click();
      assert.equal(await box.inputValue(), '');
      assert.equal(await box.evaluate((el) => el.readOnly), false);
      assert.equal(await page.locator('#paste-long').count(), 0);
      assert.equal(await pasteStatus(page), '');
      await box.fill('FROM golang:latest\n');
      await eventually(async () => assert.match(await pasteStatus(page), /Dockerfile: [1-9]\d* finding\(s\)$/));
    });
  });

  test('without Web Workers the page does the same work itself', { timeout: TEST_TIMEOUT }, async () => {
    const guard = await openGuardedPage(env.browser);
    try {
      await guard.context.addInitScript(() => {
        delete window.Worker;
      });
      const { page } = guard;
      await page.goto(env.server.url, { waitUntil: 'load' });
      await waitForApp(page);
      assert.equal(await page.evaluate(() => typeof window.Worker), 'undefined');
      await section(page, 'diagnostics-heading').locator('.bundle-findings[aria-busy="false"]').waitFor({ timeout: 30_000 });
      await paste(page, careless(3));
      await eventually(async () => assert.match(await pasteStatus(page), /Kubernetes YAML stream: [1-9]\d* finding\(s\)$/), { timeout: 30_000 });
      await section(page, 'rules-heading').locator('summary').first().waitFor();
      assertClean(guard);
    } catch (err) {
      throw explainFailure(err, guard);
    } finally {
      await guard.context.close();
    }
  });

  test('without Web Workers, a 2,100-document paste, its fixes and its import run in parts that never freeze the page', { timeout: TEST_TIMEOUT }, async () => {
    const guard = await openGuardedPage(env.browser);
    try {
      await guard.context.addInitScript(() => {
        delete window.Worker;
        window.__longTasks = [];
        new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
      });
      const { page } = guard;
      await page.goto(env.server.url, { waitUntil: 'load' });
      await waitForApp(page);
      await section(page, 'diagnostics-heading').locator('.bundle-findings[aria-busy="false"]').waitFor({ timeout: 30_000 });
      await page.evaluate(() => { window.__longTasks = []; });
      await pasteAsBrowser(page, careless(2100, 3));
      await eventually(async () => assert.match(await pasteStatus(page), /Kubernetes YAML stream: 39900 finding\(s\)$/), { timeout: 60_000 });
      assert.match(await section(page, 'paste-heading').locator('.findings-summary').innerText(), /GK421 ×2100/);
      await page.getByRole('button', { name: /^Apply fixes on 2100 lines$/ }).click();
      await eventually(async () => assert.match(await pasteStatus(page), /Kubernetes YAML stream: 37800 finding\(s\)$/), { timeout: 60_000 });
      await page.getByRole('button', { name: 'Import into design', exact: true }).click();
      await page.locator('.import-review').waitFor({ timeout: 30_000 });
      assert.match(await page.locator('.import-review').innerText(), /Service name: hello-gin → web-0/);
      // Checked whole, each of these was one task of 100–370 ms here; in parts, no
      // task reaches 50 ms on a quiet machine (`make bench`). This bound leaves room
      // for a busy one and still catches a whole-stream step.
      const longest = await page.evaluate(() => Math.max(0, ...window.__longTasks));
      assert.ok(longest < 150, `a task of ${longest} ms without a worker`);
      assertClean(guard);
    } catch (err) {
      throw explainFailure(err, guard);
    } finally {
      await guard.context.close();
    }
  });
});
