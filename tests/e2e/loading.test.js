// First paint: index.html shows the page frame and a loading state with a progress
// bar before the wasm is there; the app replaces it when it mounts. Checked with the wasm held back, under the sub-path the
// server mounts the page at, and in embed mode.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { ARTIFACTS_DIR, assertClean, eventually, explainFailure, openGuardedPage, useApp, waitForApp } from './lib/harness.js';

const env = useApp();

/** Opens `url` with the app's wasm held back (as on a slow network: the page has its
 * HTML, CSS and JS, not yet the module), checks the loading state, then lets the wasm
 * through and checks that the app has replaced it. */
async function expectLoadingState(url, shot) {
  const guard = await openGuardedPage(env.browser);
  const { page, context } = guard;
  try {
    let release;
    const held = new Promise((resolve) => (release = resolve));
    let asked = false;
    await page.route(/\/app-[^/]*_bg\.wasm$/, async (route) => {
      asked = true;
      await held;
      await route.fallback();
    });
    await page.goto(url, { waitUntil: 'commit' });

    // Before the app: the frame and a visible loading state with a progress bar.
    await page.getByRole('heading', { name: 'Gin Deploy Playground', level: 1 }).waitFor({ state: 'visible' });
    const loading = page.getByRole('heading', { name: 'Loading the playground…' });
    await loading.waitFor({ state: 'visible' });
    await page.locator('#boot-progress').waitFor({ state: 'visible' });
    assert.equal(await page.locator('html[data-app-ready]').count(), 0, 'the app is not ready yet');
    assert.match(await page.getByRole('status').innerText(), /Fetching the app/);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, shot) });

    await eventually(async () => assert.ok(asked, 'the page asked for its wasm while showing the loading state'));
    release();
    await waitForApp(page);
    // The app replaced the loading state: one page title, no loading markup left.
    assert.equal(await loading.count(), 0, 'the loading heading is gone');
    assert.equal(await page.locator('#boot-progress, .layout.boot').count(), 0, 'the loading markup is gone');
    assert.equal(await page.getByRole('heading', { name: 'Gin Deploy Playground', level: 1 }).count(), 1);
    await page.getByRole('heading', { name: 'Generated files' }).waitFor({ state: 'visible' });
    assertClean(guard);
  } catch (err) {
    throw explainFailure(err, guard);
  } finally {
    await context.close();
  }
}

describe('first paint (release build, the wasm held back)', () => {
  test('the page frame and the loading progress show before the wasm arrives', { timeout: 90_000 }, async () => {
    assert.equal(new URL(env.server.url).pathname, '/docs/playground/');
    await expectLoadingState(env.server.url, 'loading.png');
  });

  test('embed mode shows the same loading state, then the embedded view', { timeout: 90_000 }, async () => {
    await expectLoadingState(`${env.server.url}?embed=1`, 'loading-embed.png');
  });
});

describe('first screen (release build)', () => {
  test('the first screen is rendered before the rest of the page, which follows in a task of its own', { timeout: 90_000 }, async () => {
    const guard = await openGuardedPage(env.browser);
    const { page, context } = guard;
    try {
      // When the app marks its first screen, note what is in the page at that moment
      // (the observer runs in the same task as the mark, before any later task).
      await page.addInitScript(() => {
        new MutationObserver((_, observer) => {
          if (document.documentElement.getAttribute('data-app-shown') !== 'true') return;
          observer.disconnect();
          const has = (selector) => document.querySelector(selector) !== null;
          window.__atShown = {
            ready: document.documentElement.hasAttribute('data-app-ready'),
            elements: document.querySelectorAll('*').length,
            first: ['#service-name', '#listen-port', '#files-heading', '[role="tab"]', '#diagnostics-heading'].filter(has),
            later: ['#routes-heading', '#middleware', '#replicas', '#image', '#diagram-heading', '#simulator-heading', '#paste-heading', '#rules-heading'].filter(has),
          };
        }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-app-shown'] });
      });
      await page.goto(env.server.url);
      await waitForApp(page);
      const atShown = await page.evaluate(() => window.__atShown);
      assert.ok(atShown, 'the app marked its first screen');
      assert.equal(atShown.ready, false, 'the first screen comes before the whole page');
      assert.deepEqual(atShown.first, ['#service-name', '#listen-port', '#files-heading', '[role="tab"]', '#diagnostics-heading']);
      assert.deepEqual(atShown.later, [], 'the parts below the first screen are not created with it');
      // Then everything, without anyone scrolling or clicking.
      for (const selector of ['#routes-heading', '#middleware', '#replicas', '#image', '#diagram-heading', '#simulator-heading', '#paste-heading', '#rules-heading']) {
        assert.equal(await page.locator(selector).count(), 1, `${selector} is on the page once it is ready`);
      }
      const elements = await page.evaluate(() => document.querySelectorAll('*').length);
      assert.ok(atShown.elements * 2 < elements, `the first screen had ${atShown.elements} of ${elements} elements`);
      assertClean(guard);
    } catch (err) {
      throw explainFailure(err, guard);
    } finally {
      await context.close();
    }
  });
});
