// The output stays next to the work: on wide screens the design and the output
// (files first) are two panes that each scroll, both on screen; on narrow screens
// a Design / Files / Diagram switch at the top shows one part at a time, the first
// file one tap away, nothing wider than the screen and the diagram at full size.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { ARTIFACTS_DIR, eventually, expectPanelContains, field, useApp, withApp } from './lib/harness.js';

const env = useApp();

/**
 * The part of an element the user can see: its box clipped by the window and by
 * every ancestor that clips (a file panel scrolled to its change shows only part
 * of the file). In the page, as a function's source.
 */
const SHOWN_BOX = `(el) => {
  const box = el.getBoundingClientRect();
  let [top, bottom, left, right] = [Math.max(box.top, 0), Math.min(box.bottom, innerHeight), box.left, box.right];
  for (let up = el.parentElement; up; up = up.parentElement) {
    if (getComputedStyle(up).overflowY === 'visible') continue;
    const clip = up.getBoundingClientRect();
    [top, bottom, left, right] = [Math.max(top, clip.top), Math.min(bottom, clip.bottom), Math.max(left, clip.left), Math.min(right, clip.right)];
  }
  return { top, bottom, left, right, height: Math.max(0, bottom - top) };
}`;

/** How much of `locator` is on screen, in px of height (0 when hidden or off screen). */
async function onScreen(page, locator) {
  return locator.evaluate((el, shown) => new Function(`return ${shown}`)()(el).height, SHOWN_BOX);
}

/** The file shown in the files panel is on screen, visibly (not covered), and its text. */
async function expectFileOnScreen(page, needle) {
  const file = page.getByRole('tabpanel').locator('pre');
  await file.waitFor({ state: 'visible' });
  await eventually(async () => {
    assert.ok((await onScreen(page, file)) >= 100, 'at least 100 px of the file are on screen');
    // A point in the part shown: what the browser finds there must be the file.
    const hit = await file.evaluate((el, shown) => {
      const box = new Function(`return ${shown}`)()(el);
      const found = document.elementFromPoint(box.left + 30, box.top + 20);
      const name = (e) => (e ? `${e.localName}${e.id ? `#${e.id}` : ''}${e.className ? `.${String(e.className).split(' ').join('.')}` : ''}` : 'nothing');
      return { ok: el.contains(found), found: name(found), at: Math.round(box.top + 20) };
    }, SHOWN_BOX);
    assert.ok(hit.ok, `the file is not covered by anything (at y ${hit.at} the page shows ${hit.found})`);
  });
  await expectPanelContains(page, needle);
}

async function expectNoSidewaysScroll(page, where) {
  const o = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: innerWidth }));
  assert.ok(o.scroll <= o.width, `${where}: the page scrolls sideways (${o.scroll} > ${o.width})`);
}

/** Press a part of the narrow-screen switch where a finger would: its label. */
async function tapView(page, name) {
  await page.locator('.view-switch label').filter({ hasText: new RegExp(`^${name}$`) }).click();
  await eventually(async () => assert.ok(await page.getByRole('radio', { name, exact: true }).isChecked(), `${name} is shown`));
}

describe('layout: the output next to the work', () => {
  test('1440×900: after editing a field far down the design, the output pane shows the file beside it', { timeout: 90_000 }, async () => {
    await withApp(env, 'layout 1440', async (page) => {
      await page.setViewportSize({ width: 1440, height: 900 });
      assert.equal(await page.locator('.view-switch').isVisible(), false, 'no switch on wide screens');
      // Once the first check is in, an edit's change is highlighted and its file panel
      // scrolls to it: the file's top is then above the panel's, out of sight.
      await page.locator('section[aria-labelledby="diagnostics-heading"] .bundle-findings[aria-busy="false"]').waitFor({ state: 'attached' });
      // The last field of the design: the page scrolls far down to reach it.
      const image = field(page, 'Image');
      await image.fill('registry.example.com/team/hello-gin:2.0.0');
      assert.ok((await page.evaluate(() => scrollY)) > 900, 'the page scrolled down to the field');
      assert.ok((await onScreen(page, image)) > 0, 'the edited field is on screen');
      // The output pane is beside it, on screen, and scrolls on its own.
      const output = page.locator('.layout > .column');
      assert.ok((await onScreen(page, output)) >= 700, 'the output pane fills the screen height');
      assert.ok(await output.evaluate((el) => el.scrollHeight > el.clientHeight && getComputedStyle(el).overflowY === 'auto'), 'the output pane scrolls');
      await page.getByRole('tab', { name: 'k8s/deployment.yaml', exact: true }).click();
      await expectFileOnScreen(page, 'image: registry.example.com/team/hello-gin:2.0.0');
      const change = page.locator('#file-panel .line.changed').filter({ hasText: 'image: registry.example.com/team/hello-gin:2.0.0' });
      await eventually(async () => assert.ok((await onScreen(page, change)) > 0, 'the changed line is shown in the panel'));
      assert.ok((await onScreen(page, image)) > 0, 'the edited field is still on screen');
      await expectNoSidewaysScroll(page, '1440');
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'layout-1440.png') });
    });
  });

  test('a slow worker: an edit, then a click elsewhere at once, still brings its file forward', { timeout: 90_000 }, async () => {
    // Every message from the worker reaches the page 800 ms late, as on a slow
    // phone or with a large design: the user has left the field long before the
    // worker's files of the edit are in.
    const slowWorker = (context) =>
      context.addInitScript(() => {
        const Real = window.Worker;
        window.Worker = class extends Real {
          set onmessage(handler) {
            super.onmessage = handler && ((event) => setTimeout(() => handler(event), 800));
          }
          get onmessage() {
            return super.onmessage;
          }
        };
      });
    await withApp(env, 'slow worker', async (page) => {
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.locator('section[aria-labelledby="diagnostics-heading"] .bundle-findings[aria-busy="false"]').waitFor({ state: 'attached' });
      await page.getByRole('tab', { name: '.dockerignore', exact: true }).click();
      await field(page, 'Listen port').fill('9393');
      await page.keyboard.press('Tab');
      assert.equal(await page.locator('.bundle-findings').first().getAttribute('aria-busy'), 'true', 'the worker has not answered yet');
      await eventually(async () => assert.equal(await page.locator('[role="tab"][aria-selected="true"]').innerText(), 'Dockerfile', 'Dockerfile in front'));
      await page.locator('#file-panel .line.changed').filter({ hasText: 'EXPOSE 9393' }).waitFor({ state: 'visible' });
      // A tab picked right after an edit, before the worker has answered, is the
      // user's choice: the edit's file does not take its place when the answer comes.
      await page.locator('section[aria-labelledby="diagnostics-heading"] .bundle-findings[aria-busy="false"]').waitFor({ state: 'attached' });
      await field(page, 'Listen port').fill('9494');
      await page.getByRole('tab', { name: 'go.mod', exact: true }).click();
      assert.equal(await page.locator('.bundle-findings').first().getAttribute('aria-busy'), 'true', 'the worker has not answered yet');
      await page.locator('section[aria-labelledby="diagnostics-heading"] .bundle-findings[aria-busy="false"]').waitFor({ state: 'attached' });
      await page.waitForTimeout(300);
      assert.equal(await page.locator('[role="tab"][aria-selected="true"]').innerText(), 'go.mod', 'the tab picked after the edit stays');
    }, { prepare: slowWorker });
  });

  for (const [width, height] of [[1440, 900], [768, 1024], [390, 844]]) {
    test(`${width}×${height}: an edit in each part of the design brings its file forward, the change in view`, { timeout: 120_000 }, async () => {
      await withApp(env, `front ${width}`, async (page) => {
        await page.setViewportSize({ width, height });
        // The first check of the design's files is the "before" a change is shown against.
        await page.locator('section[aria-labelledby="diagnostics-heading"] .bundle-findings[aria-busy="false"]').waitFor({ state: 'attached' });
        const narrow = width <= 900;
        const edits = [
          ['Service', 'Dockerfile', (p) => field(p, 'Listen port').fill('9292'), /EXPOSE 9292/],
          ['Routes', 'routers/router.go', async (p) => {
            await p.locator('#route-0-0-edit summary').click();
            await p.locator('#route-0-0-path').fill('/pong');
          }, /\/pong/],
          ['Middleware', 'routers/router.go', (p) => p.getByRole('button', { name: 'Move Logger up', exact: true }).click(), /Logger/],
          ['Configuration', 'config/database.go', (p) => p.getByLabel('Connect to a SQL database', { exact: true }).check(), /sql/i],
          ['Container', 'Dockerfile', (p) => field(p, 'Runtime digest').fill(`sha256:${'ef'.repeat(32)}`), /@sha256:(ef){32}/],
          ['Cluster', 'k8s/deployment.yaml', (p) => field(p, 'Replicas').fill('6'), /replicas: 6/],
          ['Delivery', 'k8s/deployment.yaml', (p) => field(p, 'Image').fill('registry.example.com/team/front:1.2.3'), /image: registry\.example\.com\/team\/front:1\.2\.3/],
        ];
        for (const [part, file, act, change] of edits) {
          if (narrow) await tapView(page, 'Design');
          // Start from a file no edit touches.
          if (narrow) await tapView(page, 'Files');
          await page.getByRole('tab', { name: '.dockerignore', exact: true }).click();
          if (narrow) await tapView(page, 'Design');
          await act(page);
          if (narrow) await tapView(page, 'Files');
          await eventually(async () => assert.equal(await page.locator('[role="tab"][aria-selected="true"]').innerText(), file, `${part}: ${file} in front`));
          const line = page.locator('#file-panel .line.changed').filter({ hasText: change }).first();
          await line.waitFor({ state: 'visible' });
          assert.ok((await onScreen(page, line)) > 0, `${part}: the changed line is on screen`);
          await expectNoSidewaysScroll(page, `${width} ${part}`);
        }
        await page.screenshot({ path: path.join(ARTIFACTS_DIR, `front-${width}.png`) });
      });
    });
  }

  for (const [width, height] of [[768, 1024], [390, 844]]) {
    test(`${width}×${height}: a switch shows Design, Files or Diagram; the first file is one tap away`, { timeout: 90_000 }, async () => {
      await withApp(env, `layout ${width}`, async (page) => {
        await page.setViewportSize({ width, height });
        const design = page.locator('section[aria-labelledby="design-heading"]');
        const files = page.locator('section[aria-labelledby="files-heading"]');
        const diagram = page.locator('.diagram');
        await expectNoSidewaysScroll(page, 'design');
        assert.ok(await design.isVisible(), 'the page opens on the design');
        assert.equal(await files.isVisible(), false, 'one part at a time');

        // Edit a field, then one tap shows the files, the edited one a tab away.
        await field(page, 'Listen port').fill('9191');
        await tapView(page, 'Files');
        assert.equal(await design.isVisible(), false, 'the design is put away');
        assert.ok((await onScreen(page, page.locator('.view-switch'))) > 0, 'the switch stays in sight');
        await expectFileOnScreen(page, 'FROM ');
        await expectNoSidewaysScroll(page, 'files');
        await page.screenshot({ path: path.join(ARTIFACTS_DIR, `layout-${width}-files.png`) });
        await expectFileOnScreen(page, 'EXPOSE 9191');

        // The diagram at its own size, scrolling sideways inside its panel.
        await tapView(page, 'Diagram');
        await diagram.waitFor({ state: 'visible' });
        const d = await diagram.evaluate((fig) => {
          const svg = fig.querySelector('svg');
          return { drawn: svg.getBoundingClientRect().width, natural: svg.width.baseVal.value, scrolls: fig.scrollWidth > fig.clientWidth };
        });
        assert.ok(d.drawn >= d.natural, `the diagram is not shrunk: drawn ${d.drawn} px of ${d.natural}`);
        if (d.natural > width) assert.ok(d.scrolls, 'a wide diagram scrolls sideways inside its panel');
        assert.match(await diagram.textContent(), /Gin on :9191/);
        await expectNoSidewaysScroll(page, 'diagram');
        await page.screenshot({ path: path.join(ARTIFACTS_DIR, `layout-${width}-diagram.png`) });

        // A diagram box takes you back to the design, to the field it stands for.
        await page.locator('.diagram .node.pods').click();
        await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), 'replicas'));
        assert.ok(await design.isVisible(), 'the design is shown again');
        assert.ok(await page.getByRole('radio', { name: 'Design', exact: true }).isChecked());
      });
    });
  }
});
