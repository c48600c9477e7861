// Starting points and finding one's way: a blank design, the preset menu saying
// "Custom" once the design is the user's, a question before a preset or a blank
// design replaces changes, Undo and Redo saying what they changed, a skip link to
// the output, an index of the design's sections and reorders read out.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { eventually, field, useApp, withApp } from './lib/harness.js';

const env = useApp();
const button = (page, name) => page.getByRole('button', { name, exact: true });
const menuText = (page) => page.locator('#preset').evaluate((s) => s.options[s.selectedIndex]?.text ?? '');

describe('the design menu and the way around the page (release build)', () => {
  test('a preset or a blank design asks before replacing changes; Undo says what it undid', { timeout: 120_000 }, async () => {
    await withApp(env, 'design menu', async (page) => {
      assert.equal(await menuText(page), 'Choose a preset…');
      await field(page, 'Replicas').fill('3');
      await field(page, 'Replicas').blur();
      await eventually(async () => assert.equal(await menuText(page), 'Custom (your changes)'));

      // Declined: nothing changes.
      await page.locator('#preset').selectOption('minimal-public-api');
      let asked = '';
      page.once('dialog', (dialog) => { asked = dialog.message(); dialog.dismiss(); });
      await button(page, 'Load preset').click();
      await eventually(async () => assert.match(asked, /Replace your design with the preset "Minimal public API"\? Undo brings yours back\./));
      await page.waitForTimeout(300);
      assert.equal(await field(page, 'Replicas').inputValue(), '3');

      // Accepted: the preset, named in the menu; Undo brings the user's design back
      // and says so; the menu says Custom again.
      page.once('dialog', (dialog) => dialog.accept());
      await button(page, 'Load preset').click();
      await page.getByRole('status').filter({ hasText: 'loaded preset "Minimal public API"' }).waitFor();
      await eventually(async () => assert.equal(await menuText(page), 'Minimal public API'));
      // A loaded preset, unchanged, is replaced without a question.
      let questions = 0;
      const count = (dialog) => { questions += 1; dialog.dismiss(); };
      page.on('dialog', count);
      await page.locator('#preset').selectOption('production-hardened');
      await button(page, 'Load preset').click();
      await page.getByRole('status').filter({ hasText: 'loaded preset "Production-hardened"' }).waitFor();
      page.off('dialog', count);
      assert.equal(questions, 0, 'no question over an unchanged preset');
      await button(page, 'Undo').click();
      await eventually(async () => assert.equal(await menuText(page), 'Custom (your changes)'));
      await button(page, 'Undo').click();
      await eventually(async () => assert.equal(await field(page, 'Replicas').inputValue(), '3'));
      const said = page.locator('.last-step');
      await eventually(async () => assert.match(await said.innerText(), /^Undid .+: .+ → .+/));
      await eventually(async () => assert.equal(await menuText(page), 'Custom (your changes)'));
      await button(page, 'Redo').click();
      await eventually(async () => assert.match(await said.innerText(), /^Redid /));
      await field(page, 'Replicas').fill('4');
      await eventually(async () => assert.equal(await said.innerText(), '', 'another action forgets it'));

      // Blank design: asked (changes since the preset), then one health route.
      page.once('dialog', (dialog) => dialog.accept());
      await button(page, 'Blank design').click();
      await page.getByRole('status').filter({ hasText: 'started a blank design' }).waitFor();
      await eventually(async () => assert.equal(await page.locator('button[aria-label^="Remove route"]').count(), 1));
      assert.equal(await page.locator('button[aria-label="Remove route GET /healthz"]').count(), 1);
      await button(page, 'Undo').click();
      await eventually(async () => assert.equal(await field(page, 'Replicas').inputValue(), '4'));
    });
  });

  test('an edit brings the file it changes to the front, with the change in view, unless a file is pinned', { timeout: 120_000 }, async () => {
    await withApp(env, 'file to front', async (page) => {
      await page.setViewportSize({ width: 1440, height: 900 });
      // The first check of the design's files is the "before" a change is shown against.
      await page.locator('section[aria-labelledby="diagnostics-heading"] .bundle-findings[aria-busy="false"]').waitFor({ state: 'attached' });
      const selected = () => page.locator('[role="tab"][aria-selected="true"]').innerText();
      const changedInView = () => page.locator('#file-panel').evaluate((panel) => {
        const line = panel.querySelector('.line.changed');
        if (!line) return null;
        const a = panel.getBoundingClientRect();
        const b = line.getBoundingClientRect();
        return { text: line.textContent, inside: b.top >= a.top && b.bottom <= a.bottom && b.bottom <= innerHeight };
      });
      // go.mod does not change with any field below.
      await page.getByRole('tab', { name: 'go.mod' }).click();

      await field(page, 'Replicas').fill('4');
      await eventually(async () => assert.equal(await selected(), 'k8s/deployment.yaml'));
      await eventually(async () => {
        const line = await changedInView();
        assert.ok(line && /replicas: 4/.test(line.text) && line.inside, JSON.stringify(line));
      });

      // The file shown changes too (containerPort): it stays, its change in view.
      await field(page, 'Listen port').fill('9090');
      await eventually(async () => assert.match((await changedInView())?.text ?? '', /9090/));
      assert.equal(await selected(), 'k8s/deployment.yaml');
      // A tab picked after that edit stays picked: the edit had its turn.
      await page.getByRole('tab', { name: 'go.mod' }).click();
      await page.waitForTimeout(500);
      assert.equal(await selected(), 'go.mod', 'a tab picked after an edit stays in front');
      // From a file the port does not touch, the Dockerfile comes to the front.
      await field(page, 'Listen port').fill('9091');
      await eventually(async () => assert.equal(await selected(), 'Dockerfile'));
      await eventually(async () => assert.match((await changedInView())?.text ?? '', /9091/));

      // Pinned, another file stays in front whatever is edited.
      await page.getByRole('tab', { name: 'go.mod' }).click();
      await page.getByLabel('Keep this file in front').check();
      await field(page, 'Runtime digest').fill(`sha256:${'ab'.repeat(32)}`);
      await page.waitForTimeout(500);
      assert.equal(await selected(), 'go.mod');
      await page.getByLabel('Keep this file in front').uncheck();
      await field(page, 'Runtime digest').fill(`sha256:${'cd'.repeat(32)}`);
      await eventually(async () => assert.equal(await selected(), 'Dockerfile'));
      await eventually(async () => assert.match((await changedInView())?.text ?? '', /@sha256:(cd){32}/));
      // A tab picked after the edit stays picked.
      await page.getByRole('tab', { name: '.dockerignore' }).click();
      await page.waitForTimeout(500);
      assert.equal(await selected(), '.dockerignore');
    });
  });

  test('a skip link leads to the files, the index to each section, and a reorder is read out', { timeout: 120_000 }, async () => {
    for (const [width, height] of [[1440, 900], [390, 844]]) {
      await withApp(env, `way around ${width}`, async (page) => {
        await page.setViewportSize({ width, height });
        // The first Tab reaches the skip link, which shows itself.
        await page.keyboard.press('Tab');
        const skip = page.getByRole('link', { name: 'Skip to the generated files' });
        assert.ok(await skip.evaluate((el) => el === document.activeElement), 'the first Tab stop');
        const box = await skip.boundingBox();
        assert.ok(box && box.x >= 0 && box.y >= 0, 'visible when focused');
        await page.keyboard.press('Enter');
        await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), 'files-heading'));
        assert.ok(await page.getByRole('tab', { name: 'Dockerfile' }).isVisible(), `${width}: the files are shown`);

        if (width < 900) await page.locator('label[for="view-design"]').click();
        const index = page.getByRole('navigation', { name: 'Design sections' });
        // A folded section unfolds when its entry is followed.
        await page.locator('section[aria-labelledby="cluster-heading"] summary').click();
        assert.equal(await page.locator('section[aria-labelledby="cluster-heading"] details').getAttribute('open'), null);
        await index.getByRole('link', { name: 'Cluster' }).click();
        await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), 'cluster-heading'));
        assert.notEqual(await page.locator('section[aria-labelledby="cluster-heading"] details').getAttribute('open'), null);
        assert.ok(await field(page, 'Replicas').isVisible(), 'the unfolded section shows its fields');

        await page.getByRole('button', { name: 'Move Logger up', exact: true }).click();
        const live = page.locator('section[aria-labelledby="middleware"] [role="status"]').first();
        await eventually(async () => assert.equal(await live.textContent(), 'Logger moved to position 1 of 2 in the global chain'));
      });
    }
  });
});
