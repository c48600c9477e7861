// "Start from your Gin project" on the release build: a fixture project picked as a
// folder, and a .tar.gz of another, are read in the page and the worker (nothing
// leaves it: the harness fails on any foreign request), reviewed, used as the
// deploy-only design and downloaded as a bundle with no Go files; an archive that
// is not one says so and leaves the design as it was.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { REPO_ROOT, download, ensureArtifactsDir, eventually, field, run, unzipBundle, useApp, withApp } from './lib/harness.js';

const env = useApp();
const FIXTURES = path.join(REPO_ROOT, 'tests', 'fixtures', 'gin-projects');

/** A fresh .tar.gz of a fixture project, in the artifacts folder. */
function tarOf(fixture, name = `${fixture}.tar.gz`) {
  const archive = path.join(ensureArtifactsDir('project-import'), name);
  rmSync(archive, { force: true });
  const tar = run('tar', ['-czf', archive, '-C', FIXTURES, fixture]);
  assert.equal(tar.status, 0, tar.out);
  return archive;
}

/** Opens the disclosure; the pickers sit inside it. */
async function openImport(page) {
  await page.locator('.project-import > summary').click();
  await page.getByLabel('Choose project folder', { exact: true }).waitFor({ state: 'attached' });
}

async function review(page) {
  const section = page.locator('.project-review');
  await section.waitFor({ timeout: 30_000 });
  return section;
}

/** Uses the design read, downloads its bundle and unzips it. */
async function useAndDownload(page, name) {
  await page.getByRole('button', { name: 'Use as deploy-only design', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'the design is now the deploy-only design' }).waitFor();
  await eventually(async () => assert.equal(await field(page, 'Service name').inputValue(), name));
  const dir = ensureArtifactsDir('project-import');
  const zip = await download(page, page.getByRole('button', { name: 'Download bundle (.zip)', exact: true }), dir);
  assert.equal(zip.name, `${name}.zip`);
  const out = path.join(dir, name);
  const entries = unzipBundle(zip.file, out);
  for (const f of ['Dockerfile', 'k8s/deployment.yaml']) {
    assert.ok(entries.includes(f), `${f} in the zip; entries: ${entries.join(', ')}`);
  }
  assert.deepEqual(entries.filter((e) => e.endsWith('.go')), [], 'a deploy-only bundle holds no Go files');
  return { out, entries };
}

describe('start from your Gin project (release build)', () => {
  test('a picked project folder becomes a deploy-only design whose bundle builds its main package', { timeout: 120_000 }, async () => {
    await withApp(env, 'project import folder', async (page) => {
      await openImport(page);
      await page.locator('#project-folder').setInputFiles(path.join(FIXTURES, 'cmd-internal'));
      const section = await review(page);
      await eventually(async () => {
        assert.equal(await section.locator('.project-headline').innerText(), '6 routes in main package ./cmd/server, port 8081, Go 1.22');
      });
      const routes = await section.getByRole('list', { name: 'Routes found' }).locator('li').allInnerTexts();
      assert.equal(routes.length, 6, routes.join('\n'));
      assert.ok(routes.some((r) => /^PATCH \/api\/items\/:sku → Update \(internal\/http\/router\.go:\d+\)$/.test(r)), routes.join('\n'));

      const { out } = await useAndDownload(page, 'inventory');
      const dockerfile = readFileSync(path.join(out, 'Dockerfile'), 'utf8');
      assert.match(dockerfile, /go build .*\.\/cmd\/server\b/, dockerfile);
      assert.match(dockerfile, /EXPOSE 8081/, dockerfile);

      // One Undo brings the page's own design back.
      await page.getByRole('button', { name: /^Undo/ }).first().click();
      await eventually(async () => assert.notEqual(await field(page, 'Service name').inputValue(), 'inventory'));
    });
  });

  test('a .tar.gz of a project reads the same way, and pasted Go files too', { timeout: 120_000 }, async () => {
    const archive = tarOf('flat');
    await withApp(env, 'project import tgz', async (page) => {
      await openImport(page);
      await page.locator('#project-archive').setInputFiles(archive);
      const section = await review(page);
      await eventually(async () => {
        assert.match(await section.locator('.project-headline').innerText(), /^6 routes in main package \., port 9090\b/);
      });
      // The service is named after go.mod's module (example.com/flat-todo).
      await useAndDownload(page, 'flat-todo');

      // Pasted: one file is main.go.
      const main = readFileSync(path.join(FIXTURES, 'flat', 'main.go'), 'utf8');
      await page.locator('#project-paste').fill(main);
      await page.getByRole('button', { name: 'Read pasted files', exact: true }).click();
      await eventually(async () => {
        assert.equal(await page.locator('.project-review h3').innerText(), 'Read from the pasted files');
        assert.match(await page.locator('.project-headline').innerText(), /^6 routes in main package \., port 9090$/);
      }, { timeout: 30_000 });
    });
  });

  test('without Web Workers, a picked archive is read in the page the same way', { timeout: 120_000 }, async () => {
    // The page then runs the worker's module itself, handing it the archive's bytes
    // beside the request's JSON as it would post them to the worker.
    const archive = tarOf('flat', 'flat-no-worker.tar.gz');
    const noWorker = (context) => context.addInitScript(() => delete window.Worker);
    await withApp(env, 'project import no worker', async (page) => {
      assert.equal(await page.evaluate(() => typeof window.Worker), 'undefined');
      await openImport(page);
      await page.locator('#project-archive').setInputFiles(archive);
      const section = await review(page);
      await eventually(async () => {
        assert.match(await section.locator('.project-headline').innerText(), /^6 routes in main package \., port 9090\b/);
      }, { timeout: 30_000 });
    }, { prepare: noWorker });
  });

  test('a dropped folder is walked like the browser gives it: every batch, skipped folders never entered', { timeout: 120_000 }, async () => {
    // Playwright cannot drag a real folder, so the drop carries entries that behave
    // as Chromium's do: a directory's reader hands out at most 100 entries per call
    // until an empty batch, and each file entry gives a File. The tree is the
    // cmd-internal fixture with, added, 120 notes in internal/ listed before its Go
    // folders, and vendor/, node_modules/ and .git/ holding Go files that would
    // break the read.
    const walk = (dir) => readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory()
      ? { name: e.name, children: walk(path.join(dir, e.name)) }
      : { name: e.name, text: readFileSync(path.join(dir, e.name), 'utf8') }));
    const tree = { name: 'cmd-internal', children: walk(path.join(FIXTURES, 'cmd-internal')) };
    const internal = tree.children.find((c) => c.name === 'internal');
    internal.children.unshift(...Array.from({ length: 120 }, (_, i) => ({ name: `note-${i}.txt`, text: 'a note\n' })));
    const poison = { name: 'x.go', text: 'package main\n\nfunc main() { r := gin.New(); r.GET("/vendored", nil); r.Run(":1") }\n' };
    for (const name of ['vendor', 'node_modules', '.git']) tree.children.push({ name, children: [poison] });
    await withApp(env, 'project import folder drop', async (page) => {
      await openImport(page);
      await page.evaluate((tree) => {
        window.__entered = [];
        const entry = (node, parent) => {
          const fullPath = `${parent}/${node.name}`;
          if (!node.children) {
            return {
              isFile: true, isDirectory: false, name: node.name, fullPath,
              file: (ok) => setTimeout(() => ok(new File([node.text], node.name))),
            };
          }
          return {
            isFile: false, isDirectory: true, name: node.name, fullPath,
            createReader() {
              window.__entered.push(fullPath);
              const left = node.children.map((child) => entry(child, fullPath));
              return { readEntries: (ok) => setTimeout(() => ok(left.splice(0, 100))) };
            },
          };
        };
        const root = entry(tree, '');
        const drop = new Event('drop', { bubbles: true, cancelable: true });
        const items = [{ kind: 'file', webkitGetAsEntry: () => root }];
        Object.defineProperty(drop, 'dataTransfer', { value: { items, files: [] } });
        document.querySelector('.project-drop').dispatchEvent(drop);
      }, tree);
      const section = await review(page);
      await eventually(async () => {
        assert.equal(await section.locator('.project-headline').innerText(), '6 routes in main package ./cmd/server, port 8081, Go 1.22');
      });
      const entered = await page.evaluate(() => window.__entered);
      assert.ok(entered.includes('/cmd-internal/internal/http'), entered.join(', '));
      assert.deepEqual(entered.filter((p) => /vendor|node_modules|\.git/.test(p)), [], 'skipped folders are never entered');
    });
  });

  test('a project archive dropped on the drop zone is read and downloads as a deploy-only bundle', { timeout: 120_000 }, async () => {
    // A dropped file without entries travels the same drop handler (its files).
    const archive = tarOf('cmd-internal');
    const bytes = [...readFileSync(archive)];
    await withApp(env, 'project import drop', async (page) => {
      await openImport(page);
      const transfer = await page.evaluateHandle((data) => {
        const dt = new DataTransfer();
        dt.items.add(new File([new Uint8Array(data)], 'cmd-internal.tar.gz', { type: 'application/gzip' }));
        return dt;
      }, bytes);
      await page.locator('.project-drop').dispatchEvent('drop', { dataTransfer: transfer });
      const section = await review(page);
      await eventually(async () => {
        assert.equal(await section.locator('.project-headline').innerText(), '6 routes in main package ./cmd/server, port 8081, Go 1.22');
      });
      const { out } = await useAndDownload(page, 'inventory');
      const dockerfile = readFileSync(path.join(out, 'Dockerfile'), 'utf8');
      assert.match(dockerfile, /go build .*\.\/cmd\/server\b/, dockerfile);
    });
  });

  test('a chosen folder is the project whatever its name: one named _flat is read like any other', { timeout: 120_000 }, async () => {
    // The reader skips folders named _x or .x inside a project, as Go does; the
    // folder the user chose is the project itself.
    const dir = ensureArtifactsDir('project-import');
    const chosen = path.join(dir, '_flat');
    rmSync(chosen, { recursive: true, force: true });
    cpSync(path.join(FIXTURES, 'flat'), chosen, { recursive: true });
    await withApp(env, 'project import underscore folder', async (page) => {
      await openImport(page);
      await page.locator('#project-folder').setInputFiles(chosen);
      const section = await review(page);
      await eventually(async () => {
        assert.match(await section.locator('.project-headline').innerText(), /^6 routes in main package \., port 9090\b/);
      });
      assert.equal(await section.locator('h3').innerText(), 'Read from _flat');
    });
  });

  test('an archive that is not one says so and leaves the design as it was', { timeout: 120_000 }, async () => {
    const dir = ensureArtifactsDir('project-import');
    const broken = path.join(dir, 'broken.zip');
    writeFileSync(broken, 'PK\x03\x04 this is no zip archive');
    await withApp(env, 'project import broken', async (page) => {
      await field(page, 'Service name').fill('my-own-service');
      await field(page, 'Service name').blur();
      await openImport(page);
      await page.locator('#project-archive').setInputFiles(broken);
      const alert = page.locator('.project-import [role="alert"]');
      await alert.waitFor({ timeout: 30_000 });
      assert.match(await alert.innerText(), /^broken\.zip cannot be read: /);
      assert.equal(await page.locator('.project-review').count(), 0);
      assert.equal(await field(page, 'Service name').inputValue(), 'my-own-service');
    });
  });
});
