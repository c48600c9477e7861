// The worker path of the release build: pasted files are checked, fixed and
// imported by the Web Worker (never on the page's main thread), a newer paste
// cancels the older check, and without Web Workers the page does the same work
// itself. Every test runs with the harness's guards.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { assertClean, eventually, explainFailure, openGuardedPage, useApp, waitForApp, withApp } from './lib/harness.js';
import { careless } from './lib/streams.js';

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
});
