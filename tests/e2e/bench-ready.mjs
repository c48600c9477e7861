// Benchmark (figures, not pass/fail): time from navigation to the app's first full
// render (`data-app-ready="true"` on <html>) for the release build in dist/, served
// on loopback under a sub-path, in headless Debian Chromium.
//   node tests/e2e/bench-ready.mjs [runs]      (make bench runs it)
// "cold" opens each run in a fresh browser context (empty HTTP and code caches);
// "warm" reloads the page in one context.
import { launchBrowser, requireDist, DIST_DIR } from './lib/harness.js';
import { startStaticServer } from './lib/server.js';

const runs = Number(process.argv[2] ?? 20);

// Runs in the page before its scripts: when the app marks itself ready, report
// performance.now() (milliseconds since navigation started) on the console.
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

/** Navigates and returns the ready time, touching nothing in the page until then. */
async function load(page, navigate) {
  const ready = page.waitForEvent('console', {
    predicate: (message) => message.text().startsWith('app-ready-at '),
    timeout: 30_000,
  });
  await navigate();
  return Number((await ready).text().split(' ')[1]);
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
  console.log(summary('cold', cold));
  console.log(summary('warm', warm));
} finally {
  await browser.close();
  await server.close();
}
