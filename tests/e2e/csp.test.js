// The page locks itself down: dist/index.html carries a Content-Security-Policy that
// allows only the page's own files, and the app works under it — the worker, the
// in-page fallback, embed mode — without one policy violation. An injected inline
// script is refused.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { assertClean, eventually, explainFailure, openGuardedPage, useApp, waitForApp } from './lib/harness.js';

const TEST_TIMEOUT = 120_000;
const env = useApp();

/** Records every `securitypolicyviolation` from the first script on. */
function recordViolations() {
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__violations.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'}`);
  });
}

const violations = (page) => page.evaluate(() => window.__violations);

/** A guarded page with the recorder, at `url`; `before` may change the context first. */
async function open(url, before = async () => {}) {
  const guard = await openGuardedPage(env.browser);
  await guard.context.addInitScript(recordViolations);
  await before(guard.context);
  await guard.page.goto(url, { waitUntil: 'load' });
  await waitForApp(guard.page);
  return guard;
}

async function exercise(page, embedded) {
  // A manifest, which the worker (or the page's fallback) writes.
  await page.getByRole('tab', { name: 'k8s/deployment.yaml', exact: true }).click();
  await eventually(async () => assert.match(await page.locator('[role=tabpanel]').first().innerText(), /kind: Deployment/), { timeout: 30_000 });
  if (embedded) return;
  // The bundle's diagnostics, and a paste whose finding opens the numbered view of
  // the pasted lines.
  await page.locator('section[aria-labelledby="diagnostics-heading"] .bundle-findings[aria-busy="false"]').waitFor({ timeout: 30_000 });
  await page.locator('#paste-input').fill('FROM golang:latest\nMAINTAINER me\n');
  const paste = page.locator('section[aria-labelledby="paste-heading"]');
  await paste.locator('.findings li button.link').first().waitFor({ timeout: 30_000 });
  await paste.locator('.findings li button.link').first().click();
  // The lines around the finding carry their numbers without a style attribute.
  await page.locator('.paste-view .line[data-line="1"]').waitFor();
}

async function run(name, url, before) {
  const guard = await open(url, before);
  try {
    const { page } = guard;
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(policy, /default-src 'self'/);
    assert.match(policy, /script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
    assert.match(policy, /object-src 'none'/);
    assert.match(policy, /base-uri 'none'/);
    await exercise(page, url.includes('embed=1'));
    assert.deepEqual(await violations(page), [], `${name}: policy violations`);
    assertClean(guard);
  } catch (err) {
    throw explainFailure(err, guard);
  } finally {
    await guard.context.close();
  }
}

describe('Content-Security-Policy', () => {
  test('the page, its worker and embed mode run without one violation', { timeout: TEST_TIMEOUT }, async () => {
    await run('page', env.server.url);
    await run('embed', `${env.server.url}?embed=1`);
  });

  test('without Web Workers the page loads the worker module itself, within the policy', { timeout: TEST_TIMEOUT }, async () => {
    await run('no worker', env.server.url, (context) => context.addInitScript(() => delete window.Worker));
  });

  test('an injected inline script is refused', { timeout: TEST_TIMEOUT }, async () => {
    const guard = await open(env.server.url);
    try {
      const { page } = guard;
      await page.evaluate(() => {
        const script = document.createElement('script');
        script.textContent = 'window.__injected = true;';
        document.body.append(script);
      });
      await eventually(async () => assert.deepEqual(await violations(page), ['script-src-elem blocked inline']));
      assert.equal(await page.evaluate(() => window.__injected), undefined, 'the inline script ran');
      // Chromium reports the refusal on the console; that is the one error expected.
      const refused = guard.problems.consoleErrors.filter((e) => /Content Security Policy/.test(e));
      assert.equal(refused.length, 1, guard.problems.consoleErrors.join('\n'));
      guard.problems.consoleErrors = guard.problems.consoleErrors.filter((e) => !refused.includes(e));
      assertClean(guard);
    } catch (err) {
      throw explainFailure(err, guard);
    } finally {
      await guard.context.close();
    }
  });
});
