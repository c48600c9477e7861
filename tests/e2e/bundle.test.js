// The production-hardened preset's bundle, downloaded from the release build and
// checked by the real validators (hadolint, kubernetes-validate --strict), as
// playground.test.js does for the default design.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import {
  download,
  ensureArtifactsDir,
  field,
  loadPreset,
  unzipBundle,
  useApp,
  validateUnzippedBundle,
  withApp,
} from './lib/harness.js';

const env = useApp();

describe('bundles of the presets (release build)', () => {
  test('the production-hardened bundle passes hadolint and kubernetes-validate --strict', { timeout: 120_000 }, async () => {
    await withApp(env, 'production bundle', async (page) => {
      await loadPreset(page, 'production-hardened');
      assert.equal(await field(page, 'Service name').inputValue(), 'orders');

      const dir = ensureArtifactsDir('bundle');
      const zip = await download(page, page.getByRole('button', { name: 'Download bundle (.zip)', exact: true }), dir);
      assert.equal(zip.name, 'orders.zip');

      const out = path.join(dir, 'orders');
      const entries = unzipBundle(zip.file, out);
      for (const f of ['Dockerfile', 'k8s/deployment.yaml', 'k8s/service.yaml']) {
        assert.ok(entries.includes(f), `${f} in the zip; entries: ${entries.join(', ')}`);
      }
      // What makes this preset "hardened" is in the bundle.
      const kinds = entries
        .filter((f) => /^k8s\/.*\.ya?ml$/.test(f))
        .flatMap((f) => [...readFileSync(path.join(out, f), 'utf8').matchAll(/^kind: (\w+)$/gm)].map((m) => m[1]));
      for (const kind of ['Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'NetworkPolicy']) {
        assert.ok(kinds.includes(kind), `a ${kind} in k8s/; kinds: ${kinds.join(', ')}`);
      }

      validateUnzippedBundle(out);
    });
  });
});
