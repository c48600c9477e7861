// The paths where a user's work or secrets are at stake, each reproduced with the
// exact steps that once lost work or shipped a secret wrong, on the release build:
// share links, embeds, refused input, secret values, renames and saved designs the
// page cannot read. Every test runs with the harness's guards (no console errors,
// no request leaving 127.0.0.1).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import {
  assertClean,
  download,
  ensureArtifactsDir,
  eventually,
  expectPanelContains,
  explainFailure,
  field,
  loadPreset,
  openGuardedPage,
  panelText,
  run,
  showTab,
  unzipBundle,
  useApp,
  waitForApp,
  withApp,
} from './lib/harness.js';

const TEST_TIMEOUT = 120_000;
const AUTOSAVE_KEY = 'gin-deploy-playground/design';
const UNREADABLE_PREFIX = 'gin-deploy-playground/unreadable/';

const env = useApp();

const button = (page, name) => page.getByRole('button', { name, exact: true });
const section = (page, headingId) => page.locator(`section[aria-labelledby="${headingId}"]`);

/** A fresh guarded context of its own, with its pages' guards checked at the end. */
async function withContext(body) {
  const guard = await openGuardedPage(env.browser);
  try {
    await body(guard.context, guard.page, guard);
    assertClean(guard);
  } catch (err) {
    throw explainFailure(err, guard);
  } finally {
    await guard.context.close();
  }
}

async function open(page, url = env.server.url) {
  await page.goto(url, { waitUntil: 'load' });
  await waitForApp(page);
}

/** The share link of a design named `name` with `replicas` replicas, made in a
 * context of its own. */
async function makeLink(name, replicas) {
  let link;
  await withContext(async (_context, page) => {
    await open(page);
    await field(page, 'Service name').fill(name);
    await field(page, 'Replicas').fill(String(replicas));
    await button(page, 'Share link').click();
    link = await page.locator('#share-output').inputValue();
  });
  return link;
}

async function storedItem(page, key) {
  return page.evaluate((k) => window.localStorage.getItem(k), key);
}

async function expectValue(page, label, value) {
  await eventually(async () => assert.equal(await field(page, label).inputValue(), value, label));
}

describe('never lose a user\'s work, never ship their secrets wrong (release build)', () => {
  test('scenario 2: a share link asks before replacing work, leaves the address bar, and a reload keeps later edits', { timeout: TEST_TIMEOUT }, async () => {
    const link = await makeLink('link-e2e', 4);
    const other = await makeLink('other-e2e', 3);

    await withContext(async (context, page) => {
      // The user's own work, autosaved.
      await open(page);
      await field(page, 'Service name').fill('mine-e2e');
      await expectValue(page, 'Service name', 'mine-e2e');

      // The link opened in a new tab of the same browser: the page asks first.
      const tab = await context.newPage();
      await open(tab, link);
      const question = tab.getByRole('alertdialog', { name: 'Open the shared design?' });
      await question.waitFor();
      assert.match(await question.innerText(), /link-e2e[\s\S]*mine-e2e/);
      assert.equal(await field(tab, 'Service name').inputValue(), 'mine-e2e', 'nothing replaced while the page asks');
      // Not answered yet: a reload asks again, and the saved design is untouched.
      await tab.reload({ waitUntil: 'load' });
      await waitForApp(tab);
      await question.waitFor();
      assert.match(await storedItem(tab, AUTOSAVE_KEY), /"name":"mine-e2e"/);

      await button(tab, "Open the link's design").click();
      await expectValue(tab, 'Service name', 'link-e2e');
      await expectValue(tab, 'Replicas', '4');
      assert.equal(new URL(tab.url()).hash, '', 'the fragment left the address bar');
      // The replaced design is one Undo away, and Redo brings the link's back.
      await button(tab, 'Undo').click();
      await expectValue(tab, 'Service name', 'mine-e2e');
      await button(tab, 'Redo').click();
      await expectValue(tab, 'Service name', 'link-e2e');

      // Later edits survive a reload: the link does not win again.
      await field(tab, 'Replicas').fill('5');
      await expectValue(tab, 'Replicas', '5');
      await tab.reload({ waitUntil: 'load' });
      await waitForApp(tab);
      await expectValue(tab, 'Replicas', '5');
      await expectValue(tab, 'Service name', 'link-e2e');
      assert.equal(await tab.getByRole('alertdialog').count(), 0, 'no question after the reload');

      // A link pasted into the address bar of the open page (a hashchange) is handled
      // the same way: asked, and "Keep my design" keeps it and clears the address bar.
      await tab.evaluate((hash) => { window.location.hash = hash; }, new URL(other).hash);
      await question.waitFor();
      assert.match(await question.innerText(), /other-e2e/);
      await button(tab, 'Keep my design').click();
      await eventually(async () => assert.equal(await tab.getByRole('alertdialog').count(), 0));
      await expectValue(tab, 'Service name', 'link-e2e');
      await expectValue(tab, 'Replicas', '5');
      assert.equal(new URL(tab.url()).hash, '');
      // An in-page anchor (a rule's doc) is not a link: nothing is asked or removed.
      await tab.evaluate(() => { window.location.hash = '#rule-GK101'; });
      await tab.waitForTimeout(300);
      assert.equal(new URL(tab.url()).hash, '#rule-GK101');
      assert.equal(await tab.getByRole('alertdialog').count(), 0);
      assert.equal(await tab.getByText('the link could not be opened').count(), 0);
      await tab.close();
    });

    // A first visit has no work to lose: the link opens at once, the fragment goes,
    // and Undo returns to the default design.
    await withContext(async (_context, page) => {
      await open(page, link);
      await expectValue(page, 'Service name', 'link-e2e');
      await page.getByRole('status').filter({ hasText: 'opened the design from the link' }).waitFor();
      assert.equal(new URL(page.url()).hash, '');
      await button(page, 'Undo').click();
      await expectValue(page, 'Service name', 'hello-gin');
    });
  });

  test('scenario 3: a docs page that embeds the playground never touches the reader\'s saved design', { timeout: TEST_TIMEOUT }, async () => {
    let snippet;
    await withContext(async (_context, page) => {
      await open(page);
      await field(page, 'Service name').fill('docs-e2e');
      await button(page, 'Copy embed snippet').click();
      snippet = await page.locator('#share-output').inputValue();
    });
    await withContext(async (context, page) => {
      await open(page);
      await field(page, 'Service name').fill('reader-e2e');
      await field(page, 'Replicas').fill('6');
      await expectValue(page, 'Replicas', '6');
      const saved = await storedItem(page, AUTOSAVE_KEY);
      assert.match(saved, /"name":"reader-e2e"/);

      const docs = await context.newPage();
      const docsUrl = `${env.server.origin}/docs/guide.html`;
      await docs.route(docsUrl, (route) =>
        route.fulfill({ contentType: 'text/html; charset=utf-8', body: `<!doctype html><html lang="en"><title>guide</title><h1>Guide</h1>${snippet}</html>` }),
      );
      await docs.goto(docsUrl, { waitUntil: 'load' });
      const frame = docs.frameLocator('iframe');
      await frame.locator('html[data-app-ready="true"]').waitFor({ state: 'attached', timeout: 30_000 });
      await frame.locator('.diagram svg').waitFor({ state: 'visible' });
      assert.ok((await frame.locator('.diagram svg').textContent()).includes('docs-e2e'));
      // Give a would-be autosave every chance to run.
      await docs.waitForTimeout(500);
      assert.equal(await storedItem(page, AUTOSAVE_KEY), saved, 'the saved design is byte for byte what it was');
      await docs.close();

      await page.reload({ waitUntil: 'load' });
      await waitForApp(page);
      await expectValue(page, 'Service name', 'reader-e2e');
      await expectValue(page, 'Replicas', '6');
    });
  });

  test('scenario 4: refused input never ships a value nobody typed, and survives a reload', { timeout: TEST_TIMEOUT }, async () => {
    const dir = mkdtempSync(path.join(ensureArtifactsDir('downloads'), 'refused-'));
    await withApp(env, 'refused port', async (page) => {
      const port = field(page, 'Listen port');
      await port.click();
      await port.press('Control+A');
      await port.press('Backspace');
      // One keystroke at a time: 9999 on the way is a valid port nobody meant.
      await port.pressSequentially('99999', { delay: 30 });
      await page.locator('#listen-port-error').waitFor();
      assert.match(await page.locator('#listen-port-error').innerText(), /99999 is out of range/);

      await showTab(page, 'Dockerfile');
      await expectPanelContains(page, 'EXPOSE 8080');
      assert.doesNotMatch(await panelText(page), /9999/);
      for (const heading of ['files-heading', 'diagram-heading', 'simulator-heading']) {
        const note = section(page, heading).locator('.not-applied');
        await note.waitFor();
        assert.match(await note.innerText(), /Listen port: "99999" is not applied[\s\S]*"8080" is used/);
      }
      assert.ok((await page.locator('.diagram svg').textContent()).includes('Gin on :8080'));
      const diagnostics = section(page, 'diagnostics-heading');
      assert.match(await diagnostics.getByRole('heading').innerText(), /Diagnostics \([1-9]/);
      assert.match(await diagnostics.locator('.not-applied-list').innerText(), /"99999" is not applied/);

      // The download asks first; declining downloads nothing.
      let asked = 0;
      page.once('dialog', (dialog) => { asked += 1; dialog.dismiss(); });
      let downloads = 0;
      page.on('download', () => { downloads += 1; });
      await button(page, 'Download bundle (.zip)').click();
      await eventually(async () => assert.equal(asked, 1, 'a question before the download'));
      await page.waitForTimeout(300);
      assert.equal(downloads, 0, 'declined: no download');
      page.once('dialog', (dialog) => {
        assert.match(dialog.message(), /Listen port: "99999" is not applied/);
        dialog.accept();
      });
      const zip = await download(page, button(page, 'Download bundle (.zip)'), dir);
      unzipBundle(zip.file, path.join(dir, 'bundle'));
      const dockerfile = readFileSync(path.join(dir, 'bundle', 'Dockerfile'), 'utf8');
      assert.match(dockerfile, /^EXPOSE 8080$/m, 'the zip holds the port from before the edit');

      // A reload brings back exactly what was typed, still refused.
      await page.reload({ waitUntil: 'load' });
      await waitForApp(page);
      await expectValue(page, 'Listen port', '99999');
      await page.locator('#listen-port-error').waitFor();
      await showTab(page, 'Dockerfile');
      await expectPanelContains(page, 'EXPOSE 8080');
    });
  });

  test('scenario 5: a secret variable has no value field, and no secret value is kept or exported', { timeout: TEST_TIMEOUT }, async () => {
    const dir = mkdtempSync(path.join(ensureArtifactsDir('downloads'), 'secret-'));
    const SECRET = 'hunter2-e2e-secret';
    await withContext(async (context, page) => {
      // An autosave from an earlier version that kept a secret's value.
      await context.addInitScript(([key, secret]) => {
        if (!window.sessionStorage.getItem('seeded')) {
          window.sessionStorage.setItem('seeded', '1');
          window.localStorage.setItem(key, `version: 1\nservice:\n  name: secret-e2e\nconfig:\n  vars:\n  - name: API_TOKEN\n    value: ${secret}\n    secret: true\n`);
        }
      }, [AUTOSAVE_KEY, SECRET]);
      await open(page);
      await expectValue(page, 'Service name', 'secret-e2e');
      await page.getByRole('status').filter({ hasText: 'no longer keeps them' }).waitFor();
      await eventually(async () => assert.ok(!(await storedItem(page, AUTOSAVE_KEY)).includes(SECRET), 'the value left storage'));
      // The earlier version's YAML autosave was read (by the worker) and is now kept as JSON.
      assert.match(await storedItem(page, AUTOSAVE_KEY), /^\{.*"name":"secret-e2e"/);

      // The secret variable shows no value input, a plain one does.
      const vars = page.getByRole('list', { name: 'Environment variables' });
      assert.equal(await vars.locator('#var-0-value').evaluate((el) => el.tagName), 'P');
      await field(page, 'New variable name').fill('LOG_LEVEL');
      await button(page, 'Add variable').click();
      await vars.locator('input#var-1-value').fill('debug');
      // Ticking "secret" lets go of the value.
      await page.locator('#var-1-secret').check();
      await eventually(async () => assert.equal(await vars.locator('input#var-1-value').count(), 0));

      const exported = await download(page, button(page, 'Export design'), dir);
      const text = readFileSync(exported.file, 'utf8');
      assert.ok(!text.includes(SECRET) && !text.includes('debug'), `no secret value in the export:\n${text}`);
      assert.ok(!(await storedItem(page, AUTOSAVE_KEY)).includes('debug'));
    });
  });

  test('scenario 6: renaming the service carries the namespace, image, module and CI with it', { timeout: TEST_TIMEOUT }, async () => {
    await withApp(env, 'rename follows', async (page) => {
      const name = field(page, 'Service name');
      await name.click();
      await name.press('Control+A');
      await name.pressSequentially('service-a', { delay: 20 });
      await expectValue(page, 'Namespace', 'service-a');
      await expectValue(page, 'Module path', 'example.com/service-a');
      await expectValue(page, 'Image', 'registry.example.com/service-a:0.1.0');
      assert.equal(await page.locator('.follows[data-follows="true"]').count(), 3, 'all three say they follow');

      await showTab(page, '.github/workflows/ci.yml');
      await expectPanelContains(page, 'NAMESPACE: service-a');
      await expectPanelContains(page, 'IMAGE_REPOSITORY: registry.example.com/service-a');
      await showTab(page, 'k8s/namespace.yaml');
      await expectPanelContains(page, 'name: service-a');
      // Through the design's Gateway route (its host), to the renamed Service.
      await page.locator('#sim-url').fill('https://app.example.com/ping');
      await eventually(async () => assert.match(await page.locator('.trace').innerText(), /Service service-a in namespace service-a/));
      await showTab(page, 'k8s/httproute.yaml');
      await expectPanelContains(page, 'namespace: service-a');

      // A namespace set by hand stays through the next rename, until asked to follow.
      await field(page, 'Namespace').fill('shop');
      await name.fill('orders');
      await expectValue(page, 'Image', 'registry.example.com/orders:0.1.0');
      await expectValue(page, 'Namespace', 'shop');
      await button(page, 'Follow the service name (orders)').click();
      await expectValue(page, 'Namespace', 'orders');
    });
  });

  test('scenario 9: a saved design that cannot be read is kept byte for byte and offered back', { timeout: TEST_TIMEOUT }, async () => {
    const dir = mkdtempSync(path.join(ensureArtifactsDir('downloads'), 'unreadable-'));
    const damaged = 'version: 1\nservice:\n  name: damaged-e2e\n  port: [8080\n';
    const newer = 'version: 7\nservice:\n  name: future-e2e\n  hologram: true\n';
    for (const [label, saved, why] of [
      ['damaged', damaged, /could not be opened/],
      ['newer', newer, /newer version of the playground \(design version 7/],
    ]) {
      await withContext(async (context, page) => {
        await context.addInitScript(([key, text]) => {
          if (!window.sessionStorage.getItem('seeded')) {
            window.sessionStorage.setItem('seeded', '1');
            window.localStorage.setItem(key, text);
          }
        }, [AUTOSAVE_KEY, saved]);
        await open(page);
        const kept = page.locator('.unreadable');
        await kept.waitFor();
        assert.match(await kept.innerText(), why, label);
        // The default design is shown and autosaved; the saved text is kept aside.
        await expectValue(page, 'Service name', 'hello-gin');
        const keys = await page.evaluate((prefix) => Object.keys(window.localStorage).filter((k) => k.startsWith(prefix)), UNREADABLE_PREFIX);
        assert.equal(keys.length, 1, `one kept copy: ${keys}`);
        assert.equal(await storedItem(page, keys[0]), saved, 'kept byte for byte');

        const file = await download(page, button(page, 'Download the saved design'), dir);
        assert.equal(readFileSync(file.file, 'utf8'), saved, 'the download is the saved text');

        // Editing and reloading do not lose it.
        await field(page, 'Replicas').fill('3');
        await page.reload({ waitUntil: 'load' });
        await waitForApp(page);
        await kept.waitFor();
        await expectValue(page, 'Replicas', '3');

        page.once('dialog', (dialog) => dialog.accept());
        await button(page, 'Discard it').click();
        await eventually(async () => assert.equal(await page.locator('.unreadable').count(), 0));
        assert.equal(await storedItem(page, keys[0]), null);
      });
    }
  });
  // Three throttled reloads, each allowed 60 s for the keystroke and 60 s for the
  // app: the test's own budget must hold them all (a busy machine took over 120 s).
  test('an edit made just before a reload survives on a slow machine', { timeout: 420_000 }, async () => {
    // On a slow CPU a render takes longer than Yew's 16 ms slice, and Yew hands the
    // rest (the autosave effect among it) to a later task: a reload in that gap lost
    // the last edit. The page also saves when it is left.
    await withContext(async (context, page) => {
      await open(page);
      // Throttled from a settled page (the first check of the files done), and with
      // time for a page running 20 times slower to take the keystrokes.
      await section(page, 'diagnostics-heading').locator('.bundle-findings[aria-busy="false"]').waitFor({ state: 'attached' });
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 20 });
      for (const replicas of ['3', '4', '5']) {
        await field(page, 'Replicas').fill(replicas, { timeout: 60_000 });
        await page.reload({ waitUntil: 'load' });
        await waitForApp(page, 60_000);
        await expectValue(page, 'Replicas', replicas);
      }
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    });
  });
  test('scenario 1: no preset bundle carries a Secret to the cluster, and release mode refuses a placeholder key', { timeout: 240_000 }, async () => {
    const dir = mkdtempSync(path.join(ensureArtifactsDir('downloads'), 'secrets-'));
    const bundles = {};
    await withApp(env, 'secrets bundles', async (page) => {
      for (const preset of ['article-service', 'minimal-public-api', 'production-hardened']) {
        await loadPreset(page, preset);
        const zip = await download(page, button(page, 'Download bundle (.zip)'), dir);
        const out = path.join(dir, preset);
        unzipBundle(zip.file, out);
        bundles[preset] = out;
      }
    });
    for (const [preset, out] of Object.entries(bundles)) {
      const k8s = path.join(out, 'k8s');
      assert.ok(!readdirSync(k8s).includes('secret.yaml'), `${preset}: no secret.yaml`);
      // What `kubectl apply -k k8s/` would send: a real kustomize build.
      const built = run('/usr/bin/kubectl', ['kustomize', k8s]);
      assert.equal(built.status, 0, `${preset}: kubectl kustomize failed:\n${built.out}`);
      assert.doesNotMatch(built.stdout, /^kind: Secret$/m, `${preset}: the applied stream holds a Secret:\n${built.stdout}`);
      assert.doesNotMatch(built.stdout, /REPLACE_ME/, `${preset}: a placeholder reaches the cluster`);
      assert.match(built.stdout, /^kind: Deployment$/m);
      assert.doesNotMatch(readFileSync(path.join(k8s, 'all.yaml'), 'utf8'), /^kind: Secret$/m, `${preset}: all.yaml`);
    }

    // The article's server, built from the downloaded bundle with Debian's Go and
    // Gin, refuses to start in release mode with the placeholder key.
    const gopath = path.join(dir, 'gopath');
    const module = 'example.com/gin-app';
    const src = path.join(gopath, 'src', ...module.split('/'));
    mkdirSync(path.dirname(src), { recursive: true });
    run('cp', ['-r', bundles['article-service'], src]);
    const goEnv = { ...process.env, GOPATH: `${gopath}:/usr/share/gocode`, GO111MODULE: 'off', GOCACHE: path.join(dir, 'gocache') };
    const build = run('go', ['build', '-o', path.join(dir, 'server'), '.'], { cwd: src, env: goEnv, timeout: 180_000 });
    assert.equal(build.status, 0, `go build of the downloaded bundle:\n${build.out}`);
    const started = run(path.join(dir, 'server'), [], {
      env: { PATH: process.env.PATH, GIN_MODE: 'release', PORT: '18093', JWT_SECRET: 'REPLACE_ME' },
      timeout: 10_000,
    });
    assert.notEqual(started.status, 0, `the server started with JWT_SECRET=REPLACE_ME:\n${started.out}`);
    assert.match(started.out, /JWT_SECRET/, `the refusal names the variable:\n${started.out}`);
  });

  test('scenario 7: importing a Deployment and a Service changes only what they say', { timeout: TEST_TIMEOUT }, async () => {
    await withApp(env, 'import merges', async (page) => {
      await loadPreset(page, 'production-hardened');
      assert.equal(await page.locator('#cluster-routing').inputValue(), 'gateway', 'Gateway API routing before the import');
      for (const id of ['#cluster-pdb', '#cluster-network-policy']) {
        assert.equal(await page.locator(id).isChecked(), true, `${id} on before the import`);
      }
      const paste = [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: orders',
        'spec:',
        '  replicas: 5',
        '  selector:',
        '    matchLabels: {app: orders}',
        '  template:',
        '    metadata:',
        '      labels: {app: orders}',
        '    spec:',
        '      containers:',
        '      - name: orders',
        '        image: registry.example.com/shop/orders:1.4.2',
        '---',
        'apiVersion: v1',
        'kind: Service',
        'metadata:',
        '  name: orders',
        'spec:',
        '  selector: {app: orders}',
        '  ports:',
        '  - port: 80',
        '    targetPort: 8080',
        '',
      ].join('\n');
      await page.locator('#paste-input').fill(paste);
      await eventually(async () => assert.match(await section(page, 'paste-heading').getByRole('status').innerText(), /checked as a Kubernetes YAML stream/));
      await button(page, 'Import into design').click();
      const review = page.locator('.import-review');
      await review.waitFor({ state: 'visible' });
      const rows = await review.locator('.import-changes li').allInnerTexts();
      assert.ok(rows.length > 0, 'the review lists changes');
      for (const row of rows) {
        assert.doesNotMatch(row, /[{}]/, `a raw JSON value in the review: ${row}`);
        assert.doesNotMatch(row, /\bnone\b.*\b(Ingress|Gateway)\b|(ingress|gateway).*→ none/i, `the import turns something off: ${row}`);
      }
      assert.ok(rows.some((r) => /Replicas/.test(r) && /→ 5/.test(r)), `a labelled replicas row:\n${rows.join('\n')}`);
      await button(page, 'Apply to design').click();
      await expectValue(page, 'Replicas', '5');
      assert.equal(await page.locator('#cluster-routing').inputValue(), 'gateway', 'still Gateway API routing after the import');
      for (const id of ['#cluster-pdb', '#cluster-network-policy']) {
        assert.equal(await page.locator(id).isChecked(), true, `${id} still on after the import`);
      }
      await showTab(page, 'k8s/httproute.yaml');
      await expectPanelContains(page, 'kind: HTTPRoute');
    });
  });

  test('scenario 8: routes Gin would panic on are refused in the page and in a design file', { timeout: TEST_TIMEOUT }, async () => {
    const dir = mkdtempSync(path.join(ensureArtifactsDir('downloads'), 'conflicts-'));
    await withApp(env, 'route conflicts', async (page) => {
      // The default design has GET /api/v1/users/:id.
      await page.locator('#new-route-path').fill('/api/v1/users/:name/posts');
      await button(page, 'Add route').click();
      const error = page.locator('#new-route-path-error');
      await error.waitFor();
      assert.match(await error.innerText(), /:name[\s\S]*:id|:id[\s\S]*:name/, 'the message names both parameters');
      await showTab(page, 'routers/router.go');
      assert.doesNotMatch(await panelText(page), /:name\/posts/, 'the refused route is not generated');

      // /healthz beside a catch-all at the root.
      await page.locator('#new-route-path').fill('/*any');
      await button(page, 'Add route').click();
      await eventually(async () => assert.match(await error.innerText(), /catch-all|\*any/));

      // A design file with a conflict is not imported; the design stays as it was.
      const file = path.join(dir, 'conflict.design.yaml');
      writeFileSync(file, 'version: 1\nservice:\n  name: conflict-e2e\ngroups:\n- routes:\n  - {method: GET, path: /users/:id}\n  - {method: GET, path: /users/:name/posts}\n');
      await page.setInputFiles('#import-design', file);
      const failed = page.getByRole('alert').filter({ hasText: 'conflict.design.yaml was not imported' });
      await failed.waitFor();
      assert.match(await failed.innerText(), /groups\[0\]\.routes\[1\]\.path/);
      await expectValue(page, 'Service name', 'hello-gin');
    });
  });
});
