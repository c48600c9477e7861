import { launchBrowser } from './lib/harness.js';
import { startStaticServer } from './lib/server.js';
const server = await startStaticServer({ root: '/tmp/profdist', prefix: '/docs/playground/' });
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
await page.goto(server.url);
await page.waitForSelector('html[data-app-ready="true"]', { state: 'attached' });
const routes = Array.from({ length: 198 }, (_, i) => ({ method: i % 2 ? 'POST' : 'GET', path: `/items${i}` }));
const big = JSON.stringify({ version: 1, groups: [ { prefix: '', middleware: [], routes: [{ method: 'GET', path: '/ping' }, { method: 'GET', path: '/healthz' }] }, { prefix: '/api/v1', middleware: [], routes } ] });
await page.locator('#import-design').setInputFiles({ name: 'big.json', mimeType: 'application/json', buffer: Buffer.from(big) });
await page.locator('button[aria-label="Remove route POST /api/v1/items197"]').waitFor({ timeout: 30_000 });
await page.getByRole('tab', { name: 'k8s/deployment.yaml', exact: true }).click();
await page.locator('.bundle-findings[aria-busy="false"]').waitFor({ timeout: 60_000 });
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
await cdp.send('Profiler.start');
for (let i = 0; i < 20; i++) {
  const n = 3 + (i % 5);
  await page.evaluate((n) => { const el = document.querySelector('#replicas'); el.value = String(n); el.dispatchEvent(new Event('input', { bubbles: true })); }, n);
  await page.waitForFunction((n) => document.querySelector('.diagram').textContent.includes(`Pods ×${n}`), n);
  await page.waitForTimeout(150);
}
const { profile } = await cdp.send('Profiler.stop');
const self = new Map();
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const dt = profile.timeDeltas; let total = 0;
const counts = new Map();
profile.samples.forEach((id, i) => { counts.set(id, (counts.get(id) ?? 0) + (dt[i] ?? 0)); });
for (const [id, t] of counts) { const n = byId.get(id); const name = n.callFrame.functionName || n.callFrame.url.split('/').pop() || '(anon)'; if (name === '(idle)' || name === '(program)') continue; self.set(name, (self.get(name) ?? 0) + t); total += t; }
// inclusive: walk parents
const parent = new Map(); for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const incl = new Map();
for (const [id, t] of counts) { const seen = new Set(); let cur = id; while (cur !== undefined) { const n = byId.get(cur); const name = n.callFrame.functionName || '(anon)'; if (!seen.has(name)) { incl.set(name, (incl.get(name) ?? 0) + t); seen.add(name); } cur = parent.get(cur); } }
console.log('total busy ms', (total / 1000).toFixed(1));
console.log('SELF'); [...self].sort((a, b) => b[1] - a[1]).slice(0, 25).forEach(([n, t]) => console.log((t / 1000).toFixed(1).padStart(8), n.slice(0, 140)));
console.log('INCLUSIVE'); [...incl].sort((a, b) => b[1] - a[1]).filter(([n]) => !['(root)', '(program)', '(idle)', '(anon)'].includes(n)).slice(0, 45).forEach(([n, t]) => console.log((t / 1000).toFixed(1).padStart(8), n.slice(0, 140)));
await browser.close(); await server.close();
