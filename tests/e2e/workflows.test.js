// End-to-end tests of the page's workflows on the release build: editing and the
// live previews, the request simulator, share links (and that secrets stay out of
// them), autosave and undo/redo, embed mode, paste-validate, diagnostics and the
// theme. Every test runs with the harness's guards: no console errors, no request
// that leaves 127.0.0.1.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';

import {
  ARTIFACTS_DIR,
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
  useApp,
  venvTool,
  waitForApp,
  withApp,
} from './lib/harness.js';

const TEST_TIMEOUT = 90_000;
const SECRET = 'super-secret-e2e';

const env = useApp();

const button = (page, name) => page.getByRole('button', { name, exact: true });
const section = (page, headingId) => page.locator(`section[aria-labelledby="${headingId}"]`);
const shot = (name) => path.join(ARTIFACTS_DIR, name);

/** The value the share or embed button wrote into #share-output. */
async function shareOutput(page, buttonName) {
  await button(page, buttonName).click();
  const out = page.locator('#share-output');
  await out.waitFor({ state: 'visible' });
  return out.inputValue();
}

/** Decode a `d1.` share fragment the way the app does (deflate-raw of JSON in base64url). */
function decodeFragment(fragment) {
  assert.match(fragment, /^d1\.[A-Za-z0-9_-]+$/, 'a d1. fragment of base64url text');
  const json = inflateRawSync(Buffer.from(fragment.slice(3), 'base64url')).toString('utf8');
  return { json, design: JSON.parse(json) };
}

/** Parse a YAML file with the venv's PyYAML (Node has no YAML parser here). */
function readYaml(file) {
  const r = run(venvTool('python'), ['-c', 'import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))', file]);
  assert.equal(r.status, 0, `${file} is YAML:\n${r.out}`);
  return JSON.parse(r.stdout);
}

/** Click "Export design" and return the saved design file's path and text. */
async function exportDesign(page, dir) {
  const saved = await download(page, button(page, 'Export design'), dir);
  return { ...saved, text: readFileSync(saved.file, 'utf8') };
}

/** A second fresh guarded context (next to withApp's), its guards checked too. */
async function withSecondPage(body) {
  const guard = await openGuardedPage(env.browser);
  try {
    await body(guard.page, guard);
    assertClean(guard);
  } catch (err) {
    throw explainFailure(err, guard);
  } finally {
    await guard.context.close();
  }
}

async function expectDiagramText(page, needle) {
  await eventually(async () => {
    const text = await page.locator('.diagram svg').textContent();
    assert.ok(text.includes(needle), `the diagram should show ${JSON.stringify(needle)}; it shows:\n${text}`);
  });
}

/** The design fields and the undo buttons; `values()` reads the fields. */
function designControls(page) {
  const name = field(page, 'Service name');
  const replicas = field(page, 'Replicas');
  const image = field(page, 'Image');
  return {
    name,
    replicas,
    image,
    undo: button(page, 'Undo'),
    redo: button(page, 'Redo'),
    values: async () => ({
      name: await name.inputValue(),
      replicas: await replicas.inputValue(),
      image: await image.inputValue(),
    }),
  };
}

/** WCAG contrast of an element's text colour against the first opaque
 * background behind it (run in the page). */
function contrastOnScreen(el) {
  const rgba = (c) => (c.match(/[\d.]+/g) ?? []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  let bg = [255, 255, 255];
  for (let n = el; n; n = n.parentElement) {
    const c = rgba(getComputedStyle(n).backgroundColor);
    if (c.length >= 3 && (c.length === 3 || c[3] > 0)) {
      bg = c.slice(0, 3);
      break;
    }
  }
  const [a, b] = [lum(rgba(getComputedStyle(el).color)), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}

/** Findings of the paste panel, once the debounced check has run on text of `kind`
 * ("Dockerfile" or "Kubernetes YAML stream", as the status line says). */
async function pasteFindings(page, kind) {
  const paste = section(page, 'paste-heading');
  await eventually(async () => {
    const status = await paste.getByRole('status').innerText();
    assert.ok(status.includes(`checked as a ${kind}: `) && /finding\(s\)$/.test(status), `paste status: ${status}`);
  });
  return paste.locator('.findings li');
}

describe('workflows (release build)', () => {
  test('an edit reaches the diagram and the generated files', { timeout: TEST_TIMEOUT }, async () => {
    await withApp(env, 'edit replicas', async (page) => {
      const replicas = field(page, 'Replicas');
      assert.equal(await replicas.inputValue(), '2');
      await expectDiagramText(page, 'Pods ×2');

      await replicas.fill('5');
      await expectDiagramText(page, 'Pods ×5');
      await showTab(page, 'k8s/deployment.yaml');
      await expectPanelContains(page, 'replicas: 5');
      assert.doesNotMatch(await panelText(page), /replicas: 2\b/);

      // The port moves every box and file that shows it.
      await field(page, 'Listen port').fill('9091');
      await expectDiagramText(page, 'Gin on :9091');
      await expectPanelContains(page, 'containerPort: 9091');
    });
  });

  test('dragging and keyboard-moving middleware changes the generated router order', { timeout: TEST_TIMEOUT }, async () => {
    await withApp(env, 'middleware reorder', async (page) => {
      // The order of the global chain as routers/router.go registers it.
      const routerOrder = async () => {
        const text = await panelText(page);
        const use = text.slice(text.indexOf('r.Use('));
        const [recovery, logger] = [use.indexOf('gin.Recovery()'), use.indexOf('gin.Logger()')];
        assert.ok(recovery > 0 && logger > 0, `router.go registers both:\n${use}`);
        return recovery < logger ? 'Recovery, Logger' : 'Logger, Recovery';
      };
      const expectOrder = (order) => eventually(async () => assert.equal(await routerOrder(), order));
      await showTab(page, 'routers/router.go');
      await expectOrder('Recovery, Logger');

      // A real mouse drag (HTML5 drag and drop in Chromium) of Logger onto Recovery.
      const chain = page.getByRole('group', { name: 'Global chain' });
      const item = (name) => chain.getByRole('listitem').filter({ hasText: name });
      await item('Logger').dragTo(item('Recovery'));
      await expectOrder('Logger, Recovery');
      await page.screenshot({ path: shot('middleware.png'), fullPage: false });

      // The keyboard: Alt+ArrowDown on the focused item moves it one place down.
      await item('Logger').focus();
      await page.keyboard.press('Alt+ArrowDown');
      await expectOrder('Recovery, Logger');
      // Focus stays on the moved item, so a second press needs no pointer either.
      await eventually(async () =>
        assert.equal(await page.evaluate(() => document.activeElement?.textContent.includes('Logger')), true),
      );

      // And the buttons, reached by Tab and pressed with Enter.
      await page.getByRole('button', { name: 'Move Logger up', exact: true }).focus();
      await page.keyboard.press('Enter');
      await expectOrder('Logger, Recovery');
    });
  });

  test('the page is usable 768 px wide: nothing overflows sideways and editing works', { timeout: TEST_TIMEOUT }, async () => {
    await withApp(env, '768 px layout', async (page) => {
      await page.setViewportSize({ width: 768, height: 1024 });
      // Every element that sticks out past the right edge (the page would scroll
      // sideways). Files and the diagram scroll sideways inside their own boxes.
      const overflowing = () =>
        page.evaluate(() => {
          const width = document.documentElement.clientWidth;
          const out = [];
          for (const el of document.querySelectorAll('body *')) {
            const box = el.getBoundingClientRect();
            if (box.width > 0 && box.right > width + 1 && !el.closest('pre, .tabs, .diagram')) {
              out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${el.className?.baseVal ?? el.className} right=${Math.round(box.right)}`);
            }
          }
          return { width, scrollWidth: document.documentElement.scrollWidth, out: out.slice(0, 20) };
        });
      // One part of the page at a time, chosen with the switch at the top: each part's
      // panels stack in one column, as wide as the page allows.
      const views = {
        Design: ['design-heading'],
        Files: ['files-heading', 'diagnostics-heading'],
        Diagram: ['diagram-heading', 'simulator-heading'],
      };
      const show = async (view) => {
        await page.locator('.view-switch label').filter({ hasText: new RegExp(`^${view}$`) }).click();
        await eventually(async () => assert.ok(await page.getByRole('radio', { name: view, exact: true }).isChecked()));
      };
      for (const [view, ids] of Object.entries(views)) {
        await show(view);
        await eventually(async () => {
          const o = await overflowing();
          assert.deepEqual(o.out, [], `${view}: elements wider than the ${o.width} px viewport`);
          assert.ok(o.scrollWidth <= o.width, `${view}: page scrolls sideways: ${o.scrollWidth} > ${o.width}`);
        });
        for (const id of ids) {
          const box = await section(page, id).boundingBox();
          assert.ok(box && box.x >= 0 && box.x + box.width <= 768, `${id} panel fits: ${JSON.stringify(box)}`);
          assert.ok(box.width >= 600, `${id} panel uses the width: ${box.width}`);
        }
      }
      // Editing, the diagram and the file view work at this width.
      await show('Design');
      await field(page, 'Replicas').fill('4');
      await show('Diagram');
      await expectDiagramText(page, 'Pods ×4');
      await show('Files');
      await showTab(page, 'k8s/deployment.yaml');
      await expectPanelContains(page, 'replicas: 4');
      // The file list is a short strip here: the file starts on the same screen as
      // the panel's heading.
      await page.locator('#files-heading').scrollIntoViewIfNeeded();
      const [heading, file] = [await page.locator('#files-heading').boundingBox(), await page.getByRole('tabpanel').boundingBox()];
      assert.ok(file.y - heading.y < 400, `the file starts ${Math.round(file.y - heading.y)} px below the panel heading`);
      await page.locator('#files-heading').evaluate((el) => el.scrollIntoView());
      await page.screenshot({ path: shot('narrow-768.png'), fullPage: false });
    });
  });

  test('every surface of the article preset, one screenshot each', { timeout: TEST_TIMEOUT }, async () => {
    await withApp(env, 'surfaces', async (page) => {
      await loadPreset(page, 'article-service');
      // Open the JWT middleware's settings so the side panel is in the picture.
      await page.getByRole('button', { name: /^Settings of JWT auth/ }).first().click();
      await page.locator('#middleware-settings').waitFor({ state: 'visible' });
      const surfaces = [
        ['service-heading', 'Service'],
        ['routes-heading', 'Routes'],
        ['middleware', 'Middleware'],
        ['config-heading', 'Configuration'],
        ['container-heading', 'Container'],
        ['cluster-heading', 'Cluster'],
        ['delivery-heading', 'Delivery'],
        ['diagram-heading', 'Request path'],
        ['files-heading', 'Generated files'],
        ['diagnostics-heading', 'Diagnostics'],
        ['simulator-heading', 'Request simulator'],
        ['paste-heading', 'Validate your own files'],
        ['rules-heading', 'Rules'],
      ];
      for (const [id, title] of surfaces) {
        const surface = section(page, id);
        assert.equal(await surface.count(), 1, `one ${title} surface`);
        assert.ok((await surface.locator(`[id="${id}"]`).innerText()).startsWith(title), `${id} is titled ${title}`);
        await surface.scrollIntoViewIfNeeded();
        await surface.screenshot({ path: shot(`surface-${id.replace(/-heading$/, '')}.png`) });
      }
    });
  });

  test("the simulator traces the article's rewrite and its auth", { timeout: TEST_TIMEOUT }, async () => {
    await withApp(env, 'simulator trace', async (page) => {
      await loadPreset(page, 'article-service');
      assert.equal(await field(page, 'Service name').inputValue(), 'gin-app');

      const url = page.locator('#sim-url');
      const status = page.locator('.trace-status');
      const trace = page.locator('.trace');

      await url.fill('https://app.example.com/service-a/ping');
      await eventually(async () => assert.match(await status.innerText(), /^200\b/, 'status of GET /service-a/ping'));
      const pingTrace = await trace.innerText();
      assert.ok(pingTrace.includes('/$2'), `the trace names the rewrite to /$2:\n${pingTrace}`);
      assert.match(pingTrace, /\/ping\b/, 'the pods see /ping');
      assert.match(await status.innerText(), /route \/ping/);

      await section(page, 'simulator-heading').screenshot({ path: shot('simulator.png') });

      // The article's Ingress has TLS: plain HTTP gets ingress-nginx's 308 to HTTPS.
      await url.fill('http://app.example.com/service-a/ping?x=1');
      await eventually(async () => assert.match(await status.innerText(), /^308 Permanent Redirect\b/, 'plain HTTP: 308'));
      assert.match(await trace.innerText(), /https:\/\/app\.example\.com\/service-a\/ping\?x=1/);

      await url.fill('https://app.example.com/service-a/api/v1/user/42');
      await eventually(async () => assert.match(await status.innerText(), /^401\b/, 'no token: 401'));

      // With a valid token the same request reaches GetUser.
      await page.getByLabel('Send a valid bearer token').check();
      await eventually(async () => assert.match(await status.innerText(), /^200\b/, 'with a token: 200'));
      assert.match(await status.innerText(), /\/api\/v1\/user\/:id/);
    });
  });

  test('a share link opens the same design in a fresh browser and never carries a secret', { timeout: TEST_TIMEOUT }, async () => {
    const dir = mkdtempSync(path.join(ensureArtifactsDir('downloads'), 'share-'));
    const designFile = path.join(dir, 'with-secret.design.yaml');
    writeFileSync(
      designFile,
      [
        'version: 1',
        'service:',
        '  name: share-e2e',
        '  port: 8181',
        'config:',
        '  vars:',
        '    - name: LOG_LEVEL',
        '      value: info',
        '    - name: API_TOKEN',
        `      value: ${SECRET}`,
        '      secret: true',
        'cluster:',
        '  replicas: 4',
        '',
      ].join('\n'),
    );

    let link;
    await withApp(env, 'share link', async (page) => {
      await page.setInputFiles('#import-design', designFile);
      await page.getByRole('status').filter({ hasText: 'imported with-secret.design.yaml' }).waitFor();
      assert.equal(await field(page, 'Service name').inputValue(), 'share-e2e');

      // The page never keeps a secret's value: the import says it dropped it, and
      // even the local export has none.
      await page.getByRole('status').filter({ hasText: 'the value of secret variable API_TOKEN was dropped' }).waitFor();
      const local = await exportDesign(page, dir);
      assert.equal(local.name, 'share-e2e.design.yaml');
      assert.ok(!local.text.includes(SECRET), `the local export has no secret value:\n${local.text}`);

      link = await shareOutput(page, 'Share link');
    });

    const url = new URL(link);
    assert.equal(`${url.origin}${url.pathname}`, env.server.url, 'the link points at the page it came from');
    assert.equal(url.search, '', 'no query in a share link');
    assert.ok(!link.includes(SECRET), 'the secret is not in the link text');
    const { json, design } = decodeFragment(url.hash.slice(1));
    assert.ok(!json.includes(SECRET), `the secret is not in the packed design:\n${json}`);
    const token = design.config.vars.find((v) => v.name === 'API_TOKEN');
    assert.deepEqual({ secret: token.secret, value: token.value ?? '' }, { secret: true, value: '' });

    // A new context: no autosave, nothing shared with the page that made the link.
    await withSecondPage(async (page) => {
      await page.goto(link, { waitUntil: 'load' });
      await waitForApp(page);
      await page.getByRole('status').filter({ hasText: 'opened the design from the link' }).waitFor();
      assert.equal(await field(page, 'Service name').inputValue(), 'share-e2e');
      assert.equal(await field(page, 'Listen port').inputValue(), '8181');
      assert.equal(await field(page, 'Replicas').inputValue(), '4');

      const opened = await exportDesign(page, mkdtempSync(path.join(dir, 'opened-')));
      assert.equal(opened.name, 'share-e2e.design.yaml');
      assert.ok(!opened.text.includes(SECRET), `the opened design has no secret value:\n${opened.text}`);
      const vars = readYaml(opened.file).config.vars;
      const byName = Object.fromEntries(vars.map((v) => [v.name, v]));
      assert.equal(byName.LOG_LEVEL?.value, 'info', 'plain values travel');
      assert.equal(byName.API_TOKEN?.secret, true, 'API_TOKEN is still a secret');
      assert.equal(byName.API_TOKEN?.value ?? '', '', 'and its value is empty');
    });
  });

  test('a reload restores the design; Undo and Redo step through the edits', { timeout: TEST_TIMEOUT }, async () => {
    await withApp(env, 'reload and undo', async (page) => {
      const { values, undo, redo, replicas, image } = designControls(page);

      await field(page, 'Service name').fill('reload-e2e');
      await replicas.fill('4');
      await showTab(page, 'k8s/deployment.yaml');
      await expectPanelContains(page, 'replicas: 4');
      const edited = await values();

      await page.reload({ waitUntil: 'load' });
      await waitForApp(page);
      assert.deepEqual(await values(), edited, 'the autosaved design comes back after a reload');
      await expectDiagramText(page, 'Pods ×4');
      await showTab(page, 'k8s/deployment.yaml');
      await expectPanelContains(page, 'name: reload-e2e');

      // Two undo steps: one per field (keystrokes into one field merge).
      const newImage = 'registry.example.com/reload-e2e:1.2.3';
      await replicas.fill('6');
      await image.fill(newImage);
      await eventually(async () => assert.ok(await undo.isEnabled(), 'Undo enabled after edits'));
      const latest = { ...edited, replicas: '6', image: newImage };

      await undo.click();
      await eventually(async () => assert.deepEqual(await values(), { ...edited, replicas: '6' }));
      await undo.click();
      await eventually(async () => assert.deepEqual(await values(), edited));
      await expectDiagramText(page, 'Pods ×4');
      await expectPanelContains(page, 'replicas: 4');
      assert.ok(await redo.isEnabled(), 'Redo enabled after undo');
      await redo.click();
      await redo.click();
      await eventually(async () => assert.deepEqual(await values(), latest));
      await expectDiagramText(page, 'Pods ×6');
      await expectPanelContains(page, `image: ${newImage}`);
      assert.equal(await redo.isEnabled(), false, 'nothing left to redo');
    });
  });

  test('a reload comes back to where the page was scrolled; a new visit starts at the top', { timeout: TEST_TIMEOUT }, async () => {
    await withApp(env, 'reload keeps the scroll', async (page) => {
      const { replicas } = designControls(page);
      // Leave the page only once the worker has answered: leaving it while the
      // worker's module is still on its way aborts that request, which the guard
      // reports as a failed request.
      const checked = () =>
        page.locator('section[aria-labelledby="diagnostics-heading"] .bundle-findings[aria-busy="false"]').waitFor({ state: 'attached', timeout: 30_000 });
      await replicas.fill('3');
      await checked();
      await replicas.evaluate((el) => el.scrollIntoView({ block: 'center' }));
      await page.waitForTimeout(200);
      const before = await page.evaluate(() => window.scrollY);
      assert.ok(before > 1000, `the replicas field is far down the page (${before} px)`);

      await page.reload({ waitUntil: 'load' });
      await waitForApp(page);
      await eventually(async () => {
        const after = await page.evaluate(() => window.scrollY);
        assert.ok(Math.abs(after - before) <= 2, `scrolled to ${after} px after the reload, was ${before} px`);
      });
      const box = await replicas.boundingBox();
      const height = page.viewportSize().height;
      assert.ok(box && box.y >= 0 && box.y + box.height <= height, 'the field that was on screen is on screen again');
      await checked();

      // Not a reload: the page opens at the top.
      await page.goto(page.url().split('#')[0] + '?visit=2', { waitUntil: 'load' });
      await waitForApp(page);
      await page.waitForTimeout(200);
      assert.equal(await page.evaluate(() => window.scrollY), 0, 'a new visit starts at the top');
    });
  });

  test('Ctrl+Z and Ctrl+Shift+Z undo and redo while focus is outside text fields', { timeout: TEST_TIMEOUT }, async (t) => {
    await withApp(env, 'undo keys', async (page, guard) => {
      const { values, replicas, image } = designControls(page);
      const start = await values();
      const newImage = 'registry.example.com/keys-e2e:1.0.0';
      await replicas.fill('7');
      await image.fill(newImage);
      const latest = { ...start, replicas: '7', image: newImage };
      await eventually(async () => assert.deepEqual(await values(), latest));

      // Focus on the page, not in a field.
      await page.getByRole('heading', { level: 1 }).click();
      await page.keyboard.press('Control+Z');
      await eventually(async () => assert.deepEqual(await values(), { ...latest, image: start.image }));
      await page.keyboard.press('Control+Z');
      await eventually(async () => assert.deepEqual(await values(), start));
      await expectDiagramText(page, `Pods ×${start.replicas}`);
      await page.keyboard.press('Control+Shift+Z');
      await eventually(async () => assert.deepEqual(await values(), { ...latest, image: start.image }));
      await expectDiagramText(page, 'Pods ×7');
      await page.keyboard.press('Control+Shift+Z');
      await eventually(async () => assert.deepEqual(await values(), latest));

    });
  });

  test('embed mode shows the shared design without the form, and the embed snippet loads', { timeout: TEST_TIMEOUT }, async () => {
    let fragment;
    let snippet;
    await withApp(env, 'embed source', async (page) => {
      await field(page, 'Service name').fill('embed-e2e');
      await field(page, 'Replicas').fill('3');
      await expectDiagramText(page, 'Pods ×3');
      fragment = new URL(await shareOutput(page, 'Share link')).hash.slice(1);
      snippet = await shareOutput(page, 'Copy embed snippet');
    });
    assert.equal(decodeFragment(fragment).design.service.name, 'embed-e2e');

    const checkEmbed = async (page) => {
      await page.locator('.diagram svg').waitFor({ state: 'visible' });
      await expectDiagramText(page, 'Pods ×3');
      assert.ok((await page.getByRole('tab').count()) >= 3, 'file tabs');
      await showTab(page, 'k8s/deployment.yaml');
      await expectPanelContains(page, 'name: embed-e2e');
      assert.equal(await page.locator('#service-name').count(), 0, 'no design form');
      assert.equal(await page.locator('#paste-input').count(), 0, 'no paste panel');
      assert.equal(await page.locator('#preset').count(), 0, 'no design menu');
    };

    await withApp(
      env,
      'embed mode',
      async (page) => {
        await checkEmbed(page);
        const open = page.getByRole('link', { name: 'Open in playground', exact: true });
        assert.equal(await open.getAttribute('href'), `${env.server.url}#${fragment}`, 'the full page, same fragment, no embed');
        await page.screenshot({ path: shot('embed.png'), fullPage: true });
      },
      { url: `${env.server.url}?embed=1#${fragment}` },
    );

    assert.match(snippet, /^<iframe\s[^>]*><\/iframe>$/, snippet);
    const src = snippet.match(/\ssrc="([^"]*)"/)?.[1]?.replaceAll('&amp;', '&').replaceAll('&quot;', '"');
    assert.ok(src, `the snippet has a src: ${snippet}`);
    assert.ok(src.startsWith(`${env.server.url}?embed=1#`), `src is the embed URL: ${src}`);
    assert.equal(new URL(src).hash.slice(1), fragment, 'the embed carries the same design');
    assert.match(snippet, /\stitle="[^"]+"/, 'the iframe has a title');

    // The src on its own, and the snippet itself in a documentation page of the
    // same site (served by a route: dist/ has no such page).
    await withApp(env, 'embed snippet src', checkEmbed, { url: src });
    await withSecondPage(async (host) => {
      const hostUrl = `${env.server.origin}/docs/embedding.html`;
      await host.route(hostUrl, (route) =>
        route.fulfill({ contentType: 'text/html; charset=utf-8', body: `<!doctype html><html lang="en"><title>docs</title><h1>Docs</h1>${snippet}</html>` }),
      );
      // A docs column 800 px wide.
      await host.setViewportSize({ width: 800, height: 1000 });
      await host.goto(hostUrl, { waitUntil: 'load' });
      const frame = host.frameLocator('iframe');
      await frame.locator('html[data-app-ready="true"]').waitFor({ state: 'attached', timeout: 30_000 });
      await frame.locator('.diagram svg').waitFor({ state: 'visible' });
      assert.ok((await frame.locator('.diagram svg').textContent()).includes('Pods ×3'));
      assert.equal(await frame.locator('#service-name').count(), 0);
      // There the files come with a compact picker, not a long list above the code.
      const picker = frame.getByLabel('File', { exact: true });
      await picker.waitFor({ state: 'visible' });
      assert.equal(await frame.getByRole('tab').first().isVisible(), false, 'no list of tabs');
      await picker.selectOption('k8s/deployment.yaml');
      await eventually(async () => assert.match(await frame.getByRole('tabpanel').innerText(), /name: embed-e2e/));
      await host.screenshot({ path: shot('embed-in-page.png'), fullPage: true });
    });
  });

  test('the page works when the browser refuses localStorage', { timeout: TEST_TIMEOUT }, async (t) => {
    // As with "block site data" settings, or a third-party iframe whose storage is
    // blocked: reading window.localStorage throws a SecurityError. The app says it
    // keeps working ("autosave failed…") and does not persist.
    const guard = await openGuardedPage(env.browser);
    try {
      await guard.context.addInitScript(() => {
        Object.defineProperty(window, 'localStorage', {
          configurable: true,
          get() {
            throw new DOMException("Failed to read the 'localStorage' property from 'Window': Access is denied for this document.", 'SecurityError');
          },
        });
      });
      await guard.page.goto(env.server.url, { waitUntil: 'load' });
      await waitForApp(guard.page, 5_000);
      await field(guard.page, 'Replicas').fill('3');
      await expectDiagramText(guard.page, 'Pods ×3');
      await guard.page.getByRole('alert').filter({ hasText: 'autosave failed' }).waitFor();
      assertClean(guard);
    } catch (err) {
      throw explainFailure(err, guard);
    } finally {
      await guard.context.close();
    }
  });

  test('pasted files are checked with line-accurate findings', { timeout: TEST_TIMEOUT }, async () => {
    await withApp(env, 'paste validate', async (page) => {
      const input = page.locator('#paste-input');
      assert.equal(await page.getByLabel('Paste a Dockerfile or Kubernetes YAML (or drop a file here)').count(), 1);

      await input.fill(['# a Dockerfile pasted by the e2e test', '# the base image is on line 3', 'FROM alpine:latest', 'CMD ["echo", "hi"]', ''].join('\n'));
      const docker = await pasteFindings(page, 'Dockerfile');
      const dl3007 = docker.filter({ hasText: 'DL3007' });
      assert.ok((await dl3007.count()) >= 1, `DL3007 among:\n${await docker.allInnerTexts()}`);
      assert.match(await dl3007.first().innerText(), /:3:/, 'DL3007 is on line 3');

      const deployment = [
        'apiVersion: apps/v1', //  1
        'kind: Deployment', //  2
        'metadata:', //  3
        '  name: web', //  4
        'spec:', //  5
        '  replicas: 2', //  6
        '  selector:', //  7
        '    matchLabels:', //  8
        '      app: web', //  9
        '  template:', // 10
        '    metadata:', // 11
        '      labels:', // 12
        '        app: web', // 13
        '    spec:', // 14
        '      containers:', // 15
        '        - name: web', // 16
        '          image: nginx:1.27.0', // 17
        '          imagePulPolicy: Always', // 18
        '',
      ].join('\n');
      await input.fill(deployment);
      const yaml = await pasteFindings(page, 'Kubernetes YAML stream');
      const typo = yaml.filter({ hasText: 'imagePullPolicy' }).filter({ hasText: ':18:' });
      assert.ok((await typo.count()) >= 1, `a finding at line 18 naming imagePullPolicy among:\n${(await yaml.allInnerTexts()).join('\n')}`);

      // Opening the finding shows the pasted text around that line.
      await typo.first().locator('button.link').click();
      const target = page.locator('.paste-view .line.target');
      await target.waitFor({ state: 'visible' });
      assert.match(await target.innerText(), /imagePulPolicy: Always/);
      // Lines 15 to 21 are shown, each numbered by its data-line (no style attribute,
      // which the page's policy refuses), so the target, the fourth shown line, is 18.
      assert.equal(await target.getAttribute('data-line'), '18');
      assert.equal(await page.locator('.paste-view .line').first().getAttribute('data-line'), '15');
      const number = await target.evaluate((el) => getComputedStyle(el, '::before').content);
      // Chromium reports either the number or the attr() it comes from.
      assert.ok(['"18"', 'attr(data-line)'].includes(number), number);
      const lines = await page.locator('.paste-view .line').allInnerTexts();
      assert.equal(lines.findIndex((l) => l.includes('imagePulPolicy')), 3);

      await section(page, 'paste-heading').screenshot({ path: shot('paste.png') });

      // "Import into design" shows what the Deployment would change, then applies it.
      await button(page, 'Import into design').click();
      const review = page.locator('.import-review');
      await review.waitFor({ state: 'visible' });
      const changes = await review.locator('.import-changes li').allInnerTexts();
      assert.ok(changes.includes('Service › Go service › Service name: hello-gin → web'), `changes:\n${changes.join('\n')}`);
      assert.ok(changes.includes('Delivery › Pipeline and image › Image: ' + (await field(page, 'Image').inputValue()) + ' → nginx:1.27.0'), `changes:\n${changes.join('\n')}`);
      assert.equal(await field(page, 'Service name').inputValue(), 'hello-gin', 'nothing changes before Apply');
      await review.screenshot({ path: shot('import.png') });
      await button(page, 'Apply to design').click();
      await eventually(async () => assert.equal(await field(page, 'Service name').inputValue(), 'web'));
      await showTab(page, 'k8s/deployment.yaml');
      await expectPanelContains(page, 'image: nginx:1.27.0');

      // The misspelt key has a one-line fix: applying it rewrites line 18 in the box.
      await button(page, 'Apply fix for GK101 on line 18').click();
      await eventually(async () => assert.match(await input.inputValue(), /\n {10}imagePullPolicy: Always\n/));
      await eventually(async () => assert.equal(await section(page, 'paste-heading').locator('.findings li').filter({ hasText: 'GK101' }).count(), 0));
    });
  });

  test('the diagnostics count matches the list, and a finding opens its file line', { timeout: TEST_TIMEOUT }, async () => {
    await withApp(env, 'diagnostics panel', async (page) => {
      for (const preset of [null, 'article-service', 'production-hardened']) {
        if (preset) await loadPreset(page, preset);
        const panel = section(page, 'diagnostics-heading');
        // The worker checks each design's files: wait until it has.
        await panel.locator('.bundle-findings[aria-busy="false"]').waitFor();
        const heading = await page.locator('#diagnostics-heading').innerText();
        const count = Number(heading.match(/^Diagnostics \((\d+)\)$/)?.[1]);
        assert.ok(Number.isInteger(count), `heading: ${heading}`);
        assert.equal(await panel.locator('.findings li').count(), count, `${preset ?? 'default'}: list = heading`);
        if (count === 0) assert.match(await panel.innerText(), /No findings/);
        // A finding in a file opens that file at its line (a design finding opens
        // its field instead: design: container.runtimeDigest).
        const opener = panel.locator('.findings li button').filter({ hasText: /^[^ ]+:\d+:\d+$/ });
        if (await opener.count()) {
          const where = await opener.first().innerText();
          const [, file, line] = where.match(/^(.+):(\d+):\d+$/);
          await opener.first().click();
          await eventually(async () => assert.equal(await page.getByRole('tab', { name: file }).getAttribute('aria-selected'), 'true'));
          await page.locator(`#file-panel #line-${line}.target`).waitFor({ state: 'visible' });
        }
      }
      await loadPreset(page, 'article-service');
      await section(page, 'diagnostics-heading').screenshot({ path: shot('diagnostics.png') });
    });
  });

  test('the selected file tab is legible in both themes; the paste box has a plain placeholder', { timeout: TEST_TIMEOUT }, async (t) => {
    await withApp(env, 'legible tabs', async (page) => {
      const problems = [];
      for (const theme of ['light', 'dark']) {
        await page.locator('#theme').selectOption(theme);
        await page.locator(`html[data-theme="${theme}"]`).waitFor({ state: 'attached' });
        await showTab(page, 'k8s/service.yaml');
        const ratio = await page.getByRole('tab', { name: 'k8s/service.yaml', exact: true }).evaluate(contrastOnScreen);
        if (!(ratio >= 4.5)) problems.push(`${theme}: the selected tab's text has a contrast of ${ratio.toFixed(2)}:1 against what is behind it`);
      }
      const placeholder = await page.locator('#paste-input').getAttribute('placeholder');
      if (/&#?\w+;/.test(placeholder)) problems.push(`the paste box's placeholder shows a character reference: ${JSON.stringify(placeholder)}`);

      assert.deepEqual(problems, []);
    });
  });

  test('the dark theme applies, changes the colours and survives a reload', { timeout: TEST_TIMEOUT }, async () => {
    await withApp(env, 'theme', async (page) => {
      const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      await page.locator('#theme').selectOption('light');
      await eventually(async () => assert.equal(await page.locator('html').getAttribute('data-theme'), 'light'));
      const light = await background();
      await page.locator('#theme').selectOption('dark');
      await eventually(async () => assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark'));
      await eventually(async () => assert.notEqual(await background(), light, 'dark differs from light'));
      await page.screenshot({ path: shot('dark.png'), fullPage: true });

      await page.reload({ waitUntil: 'load' });
      await waitForApp(page);
      assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
      assert.equal(await page.locator('#theme').inputValue(), 'dark');
    });
  });
});
