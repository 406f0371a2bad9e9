// @ts-check
/**
 * Real headless Chromium for end-to-end tests and the benchmark: the system's `/usr/bin/chromium`
 * driven by `playwright-core` (no browser download).
 */
import { chromium } from 'playwright-core';

/** Path of the Chromium binary; `CHROMIUM_PATH` overrides it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Command-line switches for a quiet, local-only headless Chromium. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launch headless Chromium. `bfcache: true` keeps the back/forward cache on (Playwright turns it
 * off by default with `--disable-back-forward-cache`).
 * @param {{ args?: string[], bfcache?: boolean }} [options] extra command-line switches
 * @returns {Promise<import('playwright-core').Browser>}
 */
export const launchChromium = (options = {}) =>
  chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
    ignoreDefaultArgs: options.bfcache ? ['--disable-back-forward-cache'] : undefined,
  });

/**
 * Close a browser, never throwing and never waiting more than `ms` (a stuck browser is killed).
 * @param {import('playwright-core').Browser | undefined} browser
 * @param {number} [ms]
 */
export const closeChromium = async (browser, ms = 10_000) => {
  if (!browser) return;
  let timer;
  const timeout = new Promise((resolve) => (timer = setTimeout(resolve, ms)));
  await Promise.race([browser.close().catch(() => {}), timeout]);
  clearTimeout(timer);
};

/**
 * Close a browser context, never throwing and never waiting more than `ms` (a page stuck in a
 * navigation can keep `context.close()` waiting).
 * @param {import('playwright-core').BrowserContext | undefined} context
 * @param {number} [ms]
 */
export const closeContext = async (context, ms = 10_000) => {
  if (!context) return;
  let timer;
  const timeout = new Promise((resolve) => (timer = setTimeout(resolve, ms)));
  await Promise.race([context.close().catch(() => {}), timeout]);
  clearTimeout(timer);
};

/**
 * JS heap of a page after a full garbage collection, in bytes (CDP `Runtime.getHeapUsage`).
 * @param {import('playwright-core').Page} page
 * @returns {Promise<{ used: number, total: number }>}
 */
export const heapUsage = async (page) => {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize, totalSize } = await cdp.send('Runtime.getHeapUsage');
    return { used: usedSize, total: totalSize };
  } finally {
    await cdp.detach().catch(() => {});
  }
};
