// Accessibility: axe-core (pinned in package.json, injected from node_modules, no
// network) on the main page, after loading each preset, with the editors that open
// on demand open, in the dark theme and in embed mode. Serious and critical violations fail the test; every violation is
// printed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import path from 'node:path';

import { ARTIFACTS_DIR, loadPreset, useApp, withApp } from './lib/harness.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const env = useApp();

/** Run axe on the page; return the violations as readable lines, worst first. */
async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    // Evaluated through the DevTools protocol: a <script> tag of axe's text would be
    // an inline script, which the page's Content-Security-Policy refuses.
    await page.evaluate(readFileSync(AXE, 'utf8'));
  }
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({
        target: n.target.join(' '),
        summary: n.failureSummary,
        inDiagram: n.target.length === 1 && !!document.querySelector(n.target[0])?.closest('.diagram'),
        selectedTab: n.target.length === 1 && !!document.querySelector(n.target[0])?.matches('.files-view [role="tab"][aria-selected="true"]'),
      })),
    }));
  });
  return violations;
}

function describeViolations(where, violations) {
  return violations
    .map((v) => `${where}: [${v.impact}] ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target}\n      ${(n.summary ?? '').replaceAll('\n', '\n      ')}`).join('\n')}`)
    .join('\n');
}

// Known app defects, reported and not excluded: a test that meets only these still
// fails, shown as TODO, until they are fixed.

/**
 * Runs axe on each view `visit(page, where)` reaches and prints every violation;
 * at the end, fails on the serious or critical ones of all views together.
 */
async function expectAccessible(t, page, views) {
  const bad = [];
  for (const [where, reach] of views) {
    await reach(page);
    const violations = await axe(page);
    if (violations.length) t.diagnostic(describeViolations(where, violations));
    bad.push(...violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ where, ...v })));
  }
  assert.deepEqual(
    bad.map((v) => `${v.where}: ${v.id} (${v.impact})`),
    [],
    `serious or critical axe violations:\n${bad.map((v) => describeViolations(v.where, [v])).join('\n')}`,
  );
}

describe('accessibility (axe-core)', () => {
  test('the main page, each preset and the dark theme', { timeout: 90_000 }, async (t) => {
    await withApp(env, 'axe main', (page) =>
      expectAccessible(t, page, [
        ['main page', async () => {}],
        ...['article-service', 'minimal-public-api', 'production-hardened'].map((preset) => [
          `preset ${preset}`,
          (p) => loadPreset(p, preset),
        ]),
        [
          'open editors: a route, middleware settings, a pasted file and its import review',
          async (p) => {
            await p.locator('#route-1-0-edit summary').click();
            await p.locator('#route-1-0-group').waitFor({ state: 'visible' });
            await p.getByRole('button', { name: /^Settings of JWT auth/ }).first().click();
            await p.locator('#paste-input').fill('FROM golang:1.25 AS build\nRUN go build -o /app .\nFROM alpine:latest\nUSER 65532\n');
            await p.getByRole('button', { name: 'Import into design', exact: true }).click();
            await p.locator('.import-review').waitFor({ state: 'visible' });
          },
        ],
        [
          'dark theme',
          async (p) => {
            await p.locator('#theme').selectOption('dark');
            await p.locator('html[data-theme="dark"]').waitFor({ state: 'attached' });
          },
        ],
      ]),
    );
  });

  test('each layout: 1440, 768 and 390 px wide, each part of the narrow switch', { timeout: 120_000 }, async (t) => {
    await withApp(env, 'axe layouts', (page) => {
      const views = [];
      for (const [width, height] of [[1440, 900], [768, 1024], [390, 844]]) {
        const parts = width > 900 ? [null] : ['design', 'files', 'diagram'];
        for (const part of parts) {
          const where = part ? `${width}×${height}, ${part}` : `${width}×${height}`;
          views.push([where, async (p) => {
            await p.setViewportSize({ width, height });
            if (part) await p.locator(`label[for="view-${part}"]`).click();
            await p.screenshot({ path: path.join(ARTIFACTS_DIR, `axe-layout-${width}${part ? `-${part}` : ''}.png`) });
          }]);
        }
      }
      return expectAccessible(t, page, views);
    });
  });

  test('the embed page', { timeout: 90_000 }, async (t) => {
    let link;
    await withApp(env, 'axe embed source', async (page) => {
      await loadPreset(page, 'article-service');
      await page.getByRole('button', { name: 'Share link', exact: true }).click();
      link = await page.locator('#share-output').inputValue();
    });
    const { hash } = new URL(link);
    await withApp(env, 'axe embed', (page) => expectAccessible(t, page, [['embed page', async () => {}]]), {
      url: `${env.server.url}?embed=1${hash}`,
    });
  });
});
