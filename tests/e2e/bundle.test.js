// The production-hardened preset's bundle, downloaded from the release build and
// checked by the real validators (hadolint, kubernetes-validate --strict, the Gateway
// API validator), as playground.test.js does for the default design; and an Ingress
// converted to the Gateway API in the page's worker, downloaded and checked.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import {
  REPO_ROOT,
  download,
  ensureArtifactsDir,
  field,
  loadPreset,
  run,
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
      for (const kind of ['Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'NetworkPolicy', 'Gateway', 'HTTPRoute']) {
        assert.ok(kinds.includes(kind), `a ${kind} in k8s/; kinds: ${kinds.join(', ')}`);
      }
      assert.ok(!kinds.includes('Ingress'), 'the production preset routes through the Gateway API, not an Ingress');

      // The Gateway, the route and the HTTP→HTTPS redirect route go to the Gateway API
      // validator, the rest to kubernetes-validate.
      const { gatewayApi } = validateUnzippedBundle(out);
      for (const f of ['gateway.yaml', 'httproute.yaml', 'httproute-redirect.yaml']) {
        assert.ok(gatewayApi.some((p) => p.endsWith(`k8s/${f}`)), `k8s/${f} checked by the Gateway API validator`);
      }
    });
  });

  test("a pasted Ingress converts to Gateway API objects the Gateway API validator accepts", { timeout: 120_000 }, async () => {
    await withApp(env, 'convert ingress', async (page) => {
      const ingress = [
        'apiVersion: networking.k8s.io/v1',
        'kind: Ingress',
        'metadata:',
        '  name: web',
        '  namespace: shop',
        '  annotations:',
        '    nginx.ingress.kubernetes.io/use-regex: "true"',
        '    nginx.ingress.kubernetes.io/rewrite-target: /$2',
        '    nginx.ingress.kubernetes.io/enable-cors: "true"',
        'spec:',
        '  ingressClassName: nginx',
        '  tls:',
        '  - hosts: [shop.example.com]',
        '    secretName: shop-tls',
        '  rules:',
        '  - host: shop.example.com',
        '    http:',
        '      paths:',
        '      - path: /shop(/|$)(.*)',
        '        pathType: ImplementationSpecific',
        '        backend:',
        '          service: {name: web, port: {number: 80}}',
        '',
      ].join('\n');
      await page.locator('#paste-input').fill(ingress);
      const convert = page.getByRole('button', { name: 'Convert to Gateway API', exact: true });
      await convert.waitFor({ state: 'visible', timeout: 30_000 });
      await convert.click();
      const review = page.locator('.convert-review');
      await review.waitFor({ state: 'visible' });
      const text = await review.innerText();
      assert.match(text, /1 Ingress rule\(s\) became HTTPRoutes/);
      assert.match(text, /enable-cors is not carried over/);
      const dir = ensureArtifactsDir('convert');
      const file = await download(page, page.getByRole('button', { name: 'Download gateway-api.yaml', exact: true }), dir);
      assert.equal(file.name, 'gateway-api.yaml');
      const yaml = readFileSync(file.file, 'utf8');
      for (const needle of ['kind: Gateway', 'kind: HTTPRoute', 'value: /shop', 'replacePrefixMatch: /', 'scheme: https']) {
        assert.ok(yaml.includes(needle), `${needle} in the converted YAML:\n${yaml}`);
      }
      const validator = path.join(REPO_ROOT, 'tests', 'tools', 'gateway-api-validate.mjs');
      const checked = run(process.execPath, [validator, '--require', file.file]);
      assert.equal(checked.status, 0, `the Gateway API validator refused the converted objects:\n${checked.out}`);
    });
  });
});
