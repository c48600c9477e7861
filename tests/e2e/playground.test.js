// End-to-end tests of the release build (dist/) in headless Chromium.
// Run with `node --test tests/e2e/` (make test runs them as tier 3).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import path from 'node:path';

import {
  ARTIFACTS_DIR,
  download,
  ensureArtifactsDir,
  eventually,
  expectPanelContains,
  field,
  panelText,
  showTab,
  unzipBundle,
  useApp,
  validateUnzippedBundle,
  withApp as withAppIn,
} from './lib/harness.js';

const FILES = ['Dockerfile', 'k8s/deployment.yaml', 'k8s/service.yaml'];
const TEST_TIMEOUT = 90_000;

const env = useApp();
const withApp = (name, body) => withAppIn(env, name, body);

describe('Gin Deploy Playground (release build served under /docs/playground/)', () => {
  test('loads from a sub-path with relative asset URLs and the right MIME types', { timeout: TEST_TIMEOUT }, async () => {
    await withApp('loads from a sub-path', async (page, { responses }) => {
      assert.equal(new URL(page.url()).pathname, '/docs/playground/');
      const wasm = responses.filter((r) => new URL(r.url).pathname.endsWith('.wasm'));
      assert.ok(wasm.length >= 1, `the app's .wasm was fetched; responses:\n${responses.map((r) => r.url).join('\n')}`);
      for (const r of wasm) {
        assert.equal(r.status, 200, r.url);
        assert.ok(new URL(r.url).pathname.startsWith('/docs/playground/'), `${r.url} is under the sub-path`);
        assert.equal(r.type, 'application/wasm', `${r.url} content-type`);
      }
      const outside = env.server.log.filter((e) => !e.path.startsWith('/docs/playground/'));
      assert.deepEqual(outside, [], 'every request stays under /docs/playground/');
    });
  });

  test('edits the design, keeps the last valid preview on errors, and the bundle validates', { timeout: TEST_TIMEOUT }, async () => {
    await withApp('design and bundle', async (page) => {
      const name = field(page, 'Service name');
      const port = field(page, 'Listen port');
      const replicas = field(page, 'Replicas');
      const image = field(page, 'Image');

      // Default design.
      assert.equal(await name.inputValue(), 'hello-gin');
      assert.equal(await port.inputValue(), '8080');
      assert.equal(await replicas.inputValue(), '2');
      assert.ok((await image.inputValue()).length > 0, 'Image has a default');

      await showTab(page, 'Dockerfile');
      await expectPanelContains(page, 'EXPOSE 8080');

      // A valid change reaches the previews.
      await port.fill('9090');
      await showTab(page, 'k8s/service.yaml');
      await expectPanelContains(page, 'targetPort: 9090');

      // An invalid value: an alert names it, the input is marked invalid,
      // the preview keeps the last valid design.
      await port.fill('70000');
      const alert = page.getByRole('alert').filter({ hasText: '70000' });
      await alert.first().waitFor({ state: 'visible', timeout: 10_000 });
      await eventually(async () => assert.equal(await port.getAttribute('aria-invalid'), 'true'));
      await expectPanelContains(page, 'targetPort: 9090');
      assert.ok(!(await panelText(page)).includes('70000'), 'the invalid port does not reach the preview');

      // Back to valid: the alert goes away.
      await port.fill('9090');
      await eventually(async () => assert.equal(await alert.count(), 0, 'alert gone after fixing the port'));
      await eventually(async () => assert.notEqual(await port.getAttribute('aria-invalid'), 'true'));
      await expectPanelContains(page, 'targetPort: 9090');

      await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'main.png'), fullPage: true });

      // The bundle.
      const dir = ensureArtifactsDir('bundle');
      const zip = await download(page, page.getByRole('button', { name: 'Download bundle (.zip)', exact: true }), dir);
      assert.equal(zip.name, 'hello-gin.zip');

      const out = path.join(dir, 'hello-gin');
      const entries = unzipBundle(zip.file, out);
      for (const f of FILES) assert.ok(entries.includes(f), `${f} in the zip; entries: ${entries.join(', ')}`);

      const read = (f) => readFileSync(path.join(out, f), 'utf8');
      assert.match(read('Dockerfile'), /^EXPOSE 9090$/m);
      assert.match(read('k8s/deployment.yaml'), /containerPort: 9090\b/);
      assert.match(read('k8s/deployment.yaml'), /replicas: 2\b/);
      assert.match(read('k8s/service.yaml'), /targetPort: 9090\b/);

      validateUnzippedBundle(out);
    });
  });

  test('"Download file" saves the selected tab under its base name', { timeout: TEST_TIMEOUT }, async () => {
    await withApp('download file', async (page) => {
      const dir = mkdtempSync(path.join(ensureArtifactsDir('downloads'), 'file-'));
      const button = page.getByRole('button', { name: 'Download file', exact: true });

      await showTab(page, 'Dockerfile');
      await expectPanelContains(page, 'EXPOSE 8080');
      const docker = await download(page, button, dir);
      assert.equal(docker.name, 'Dockerfile');
      assert.equal(readFileSync(docker.file, 'utf8').trim(), (await panelText(page)).trim(), 'file = preview');

      await showTab(page, 'k8s/service.yaml');
      await expectPanelContains(page, 'targetPort: 8080');
      const svc = await download(page, button, dir);
      assert.equal(svc.name, 'service.yaml');
      assert.match(readFileSync(svc.file, 'utf8'), /targetPort: 8080\b/);
    });
  });

  test('routes can be added and removed', { timeout: TEST_TIMEOUT }, async () => {
    await withApp('routes', async (page) => {
      const remove = page.getByRole('button', { name: 'Remove route POST /api/v1/users', exact: true });
      assert.equal(await remove.count(), 0, 'route not there to begin with');
      // The routes' own list: the findings list elsewhere grows as the worker checks.
      const routes = page.locator('section[aria-labelledby="routes-heading"]');
      const before = await routes.getByRole('listitem').count();

      await field(page, 'Method').selectOption('POST');
      await field(page, 'Path').fill('/api/v1/users');
      await page.getByRole('button', { name: 'Add route', exact: true }).click();

      await remove.waitFor({ state: 'visible', timeout: 10_000 });
      const item = routes.getByRole('listitem').filter({ has: remove });
      await eventually(async () => assert.equal(await item.count(), 1, 'the route is listed once'));
      assert.match(await item.innerText(), /POST[\s\S]*\/api\/v1\/users/);
      assert.equal(await routes.getByRole('listitem').count(), before + 1, 'one more route');

      await remove.click();
      await eventually(async () => {
        assert.equal(await remove.count(), 0, 'remove button gone');
        assert.equal(await routes.getByRole('listitem').count(), before, 'back to the routes it had');
      });
    });
  });
});
