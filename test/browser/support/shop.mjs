// @ts-check
/** Helpers around the fixture shop page (`test/browser/fixtures/shop.html`), shared by tests and the benchmark. */

/**
 * URL of the fixture shop on `server`, loading `/waymark.js` by script tag behind the snippet stub.
 * @param {{ url: string, crossUrl: string }} server
 * @param {{ cross?: boolean, batch?: number, interval?: number, init?: object, manual?: boolean, trackPages?: boolean, endpoint?: string, offline?: boolean }} [o]
 *   `cross`: the collector is on the server's second origin (a cross-origin collector, as in production).
 *   `offline`: a service worker caches the page and the SDK, so the page also loads offline (`window.offlineReady`).
 */
export const shopUrl = (server, o = {}) => {
  const q = new URLSearchParams();
  q.set('endpoint', o.endpoint ?? (o.cross ? server.crossUrl : server.url) + '/collect');
  if (o.batch) q.set('batch', String(o.batch));
  if (o.interval) q.set('interval', String(o.interval));
  if (o.init) q.set('init', JSON.stringify(o.init));
  if (o.manual) q.set('manual', '1');
  if (o.trackPages === false) q.set('trackPages', 'false');
  if (o.offline) q.set('sw', '1');
  return `${server.url}/test/browser/fixtures/shop.html?${q}`;
};

/** URL of a page on `server` that does not load Waymark. */
export const otherUrl = (/** @type {{ url: string }} */ server) => `${server.url}/test/browser/fixtures/other.html`;

/**
 * Wait until the SDK has replaced the snippet stub (the script ran).
 * @param {import('playwright-core').Page} page
 */
export const sdkReady = (page) => page.waitForFunction(() => !!window.waymark && !('q' in window.waymark), null, { timeout: 10_000 });

/**
 * Events persisted in the page origin's localStorage queues (`wm.q.*`), all pages together.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<{ keys: number, events: number, bytes: number }>}
 */
export const storedQueue = (page) =>
  page.evaluate(() => {
    let keys = 0;
    let events = 0;
    let bytes = 0;
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (!k || !k.startsWith('wm.q.')) continue;
      const v = localStorage.getItem(k) || '[]';
      keys++;
      bytes += v.length;
      try {
        events += JSON.parse(v).length;
      } catch {
        // A corrupted queue counts as empty.
      }
    }
    return { keys, events, bytes };
  });

/**
 * Track `count` events from the page in one task: mixed commerce types, each tagged `props.n`
 * (from `start`) and `props.run` so a test can find exactly its own events.
 * @param {import('playwright-core').Page} page
 * @param {number} count
 * @param {{ run?: string, start?: number, thenGo?: string }} [o] `thenGo`: navigate there in the same task, right after the last call
 */
export const trackMixed = (page, count, o = {}) =>
  page.evaluate(
    ({ count, run, start, thenGo }) => {
      const make = [
        (n) => ['product_viewed', { id: 'p' + n, name: 'Mug ' + n, price: 12.5, currency: 'EUR' }],
        (n) => ['product_added_to_cart', { id: 'p' + n, price: 12.5, currency: 'EUR' }],
        (n) => ['search_submitted', { query: 'mug ' + n, result_count: n % 3 }],
        (n) => ['cart_viewed', { value: 25, currency: 'EUR', items: [{ id: 'p' + n }] }],
        (n) => ['checkout_started', { value: 25, currency: 'EUR' }],
        (n) => ['custom_event', { note: 'x'.repeat(n % 50) }],
      ];
      for (let i = 0; i < count; i++) {
        const n = start + i;
        const [type, props] = make[n % make.length](n);
        window.waymark('track', type, { ...props, n, run });
      }
      if (thenGo) location.href = thenGo;
    },
    { count, run: o.run ?? 'r', start: o.start ?? 0, thenGo: o.thenGo ?? '' },
  );
