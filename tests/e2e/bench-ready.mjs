// Benchmark (figures, not pass/fail): time from navigation to the app's first screen
// (`data-app-shown`) and to its whole page (`data-app-ready`) for the release build in
// dist/, served on loopback under a sub-path, in headless Debian Chromium.
//   node tests/e2e/bench-ready.mjs [runs]      (make bench runs it)
// "cold" opens each run in a fresh browser context (empty HTTP and code caches);
// "warm" reloads the page in one context.
import { launchBrowser, requireDist, DIST_DIR } from './lib/harness.js';
import { startStaticServer } from './lib/server.js';

const runs = Number(process.argv[2] ?? 20);

// Runs in the page before its scripts: when the app marks its whole page ready
// (`data-app-ready`), say so on the console.
//
// The wait goes by that console message, not by waitForSelector or evaluate: those
// make Playwright inject its own script into the page, and that script's compile and
// run (10–26 ms on this machine) landed in the middle of the app's start-up and was
// counted as ours.
function recordReady() {
  let sent = false;
  const mark = () => {
    if (!sent && document.documentElement.getAttribute('data-app-ready') === 'true') {
      sent = true;
      console.debug('app-ready-at', performance.now());
    }
  };
  // The script runs before <html> exists, so watch the whole document.
  new MutationObserver(mark).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-app-ready'] });
}

/**
 * Navigates and returns [first screen, whole page] in milliseconds since navigation
 * started, touching nothing in the page until it is ready. The first screen is the app's
 * own performance mark `app-shown` (taken when it set the attribute), the whole page
 * when the console message came; a build from before the page mounted in parts has no
 * mark, and its first screen came with the whole page.
 */
async function load(page, navigate) {
  const ready = page.waitForEvent('console', {
    predicate: (m) => m.text().startsWith('app-ready-at '),
    timeout: 30_000,
  });
  await navigate();
  const observed = Number((await ready).text().split(' ')[1]);
  const shown = await page.evaluate(() => performance.getEntriesByName('app-shown', 'mark')[0]?.startTime);
  return [Math.min(shown ?? observed, observed), observed];
}

function summary(name, times) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const f = (ms) => `${ms.toFixed(1)} ms`;
  return `ready ${name}: runs ${sorted.length}, median ${f(at(0.5))}, p95 ${f(at(0.95))}, min ${f(sorted[0])}, max ${f(sorted.at(-1))}`;
}

requireDist();
const server = await startStaticServer({ root: DIST_DIR });
const browser = await launchBrowser();
try {
  const cold = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.addInitScript(recordReady);
    cold.push(await load(page, () => page.goto(server.url, { waitUntil: 'commit' })));
    await context.close();
  }
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(recordReady);
  await load(page, () => page.goto(server.url, { waitUntil: 'commit' }));
  const warm = [];
  for (let i = 0; i < runs; i++) {
    warm.push(await load(page, () => page.reload({ waitUntil: 'commit' })));
  }
  await context.close();
  for (const [name, times] of [['cold', cold], ['warm', warm]]) {
    console.log(summary(`${name}, first screen (data-app-shown)`, times.map(([shown]) => shown)));
    console.log(summary(`${name}, whole page (data-app-ready)`, times.map(([, ready]) => ready)));
  }
} finally {
  await browser.close();
  await server.close();
}
