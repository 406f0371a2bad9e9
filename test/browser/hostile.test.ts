/**
 * Hostile pages, in real headless Chromium, with the script-tag build and the npm build: legacy
 * libraries that patch built-ins (Prototype.js's `Array.prototype.toJSON`, replaced `JSON` and
 * array methods), a store's broken `fetch` wrapper, props no JSON can carry, hostile getters,
 * proxies and patterns, a 5 MB string. Each row: every good event reaches the reference
 * collector (which checks the wire schema) and nothing reaches the page as an error. How long
 * the main thread is busy with the 5 MB string is timing, so `npm run bench` measures it.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useChromium } from './support/harness';
import { startCollector } from '../../examples/collector/collector.mjs';

const chromium = useChromium();
let collector: Awaited<ReturnType<typeof startCollector>>;
beforeAll(async () => {
  collector = await startCollector({ port: 0, quiet: true });
});
afterAll(() => collector?.close());

interface Row {
  name: string;
  /** JavaScript run before Waymark loads. */
  head?: string;
  /** Options for `init` / `createWaymark`, as JavaScript. */
  init?: string;
  /**
   * JavaScript run once Waymark is ready: `T(props)` tracks a good `cart_viewed` event with these
   * properties and a marker of its own; the body may do anything else around it.
   */
  act: string;
}

const THROWS = (what: string) => `function () { throw new Error('${what}'); }`;

const ROWS: Row[] = [
  {
    name: 'Prototype.js 1.6 Array.prototype.toJSON',
    // What Prototype.js 1.6 defines: arrays (and strings) JSON-encode themselves, as strings.
    head: `Array.prototype.toJSON = function () { return '[' + this.join(', ') + ']'; };
      String.prototype.toJSON = function () { return '"' + this + '"'; };`,
    act: 'for (let i = 0; i < 5; i++) T({});',
  },
  { name: "page's fetch throws synchronously", head: `window.fetch = ${THROWS('fetch wrapper')};`, act: 'for (let i = 0; i < 3; i++) T({});' },
  { name: "page's fetch resolves to garbage", head: "window.fetch = function () { return Promise.resolve('garbage'); };", act: 'for (let i = 0; i < 3; i++) T({});' },
  { name: 'JSON.stringify throws', head: `JSON.stringify = ${THROWS('stringify')};`, act: 'for (let i = 0; i < 3; i++) T({});' },
  {
    name: 'Array.prototype.map/filter/forEach throw before load',
    head: `Array.prototype.map = ${THROWS('map')}; Array.prototype.filter = ${THROWS('filter')}; Array.prototype.forEach = ${THROWS('forEach')};`,
    act: 'for (let i = 0; i < 3; i++) T({});',
  },
  { name: 'Array.prototype.map throws after load', act: `T({}); Array.prototype.map = ${THROWS('map')}; for (let i = 0; i < 5; i++) T({});` },
  {
    name: 'cyclic props, BigInt, symbols, a toJSON that throws',
    act: `const cyclic = { a: 1 }; cyclic.self = cyclic;
      T({ cyclic }); T({ big: 10n ** 30n }); T({ sym: Symbol('s') }); T({ [Symbol('k')]: 1 });
      T({ odd: { toJSON: ${THROWS('toJSON')} } }); T({ list: [cyclic, 1n] }); T({});`,
  },
  {
    name: 'a getter that throws, a hostile Proxy',
    act: `const trap = new Proxy({}, { get: ${THROWS('get')}, ownKeys: ${THROWS('ownKeys')}, getOwnPropertyDescriptor: ${THROWS('gOPD')} });
      T(Object.defineProperty({}, 'price', { enumerable: true, get: ${THROWS('getter')} }));
      T({ nested: trap }); T({ items: trap }); T({ items: [trap, { id: 'mug' }] });
      const revoked = Proxy.revocable({}, {}); revoked.revoke(); T({ gone: revoked.proxy, items: revoked.proxy });
      T({});`,
  },
  {
    name: 'pageTypes getter throws, a RegExp whose test throws',
    init: `{ pageTypes: { get cart() { throw new Error('pageTypes getter'); }, product: Object.assign(/never/, { test: ${THROWS('test')} }) } }`,
    act: "T({}); history.pushState(null, '', location.pathname + '?moved'); T({}); T({});",
  },
  { name: 'a 5 MB string containing digits', act: "T({ note: '4111 1111 1111 111 '.repeat(260000) }); T({}); T({});" },
];

const BUILDS = {
  'script tag': (row: Row, endpoint: string) => `<script>
window.waymark = function () { (waymark.q = waymark.q || []).push(arguments); };
waymark('init', Object.assign(${row.init ?? '{}'}, { flushInterval: 50 }));
window.api = { track: function (t, p) { waymark('track', t, p); }, flush: function () { return waymark('flush'); } };
</script>
<script async src="/waymark.js" data-endpoint="${endpoint}"></script>`,
  npm: (row: Row, endpoint: string) => `<script type="module">
const { createWaymark } = await import('/dist/waymark.mjs');
const wm = createWaymark(Object.assign(${row.init ?? '{}'}, { endpoint: '${endpoint}', flushInterval: 50 }));
window.api = { track: wm.track, flush: wm.flush };
</script>`,
};

let pages = 0;
/** A made-up shop page: the row's hostile script, then the build. */
const shop = (row: Row, build: keyof typeof BUILDS): string => {
  const path = `/hostile-${++pages}.html`;
  chromium.server.page(
    path,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hostile</title>
<script>${row.head ?? ''}</script>
${BUILDS[build](row, collector.url + '/collect')}
</head><body><h1>Ridge mug</h1></body></html>`,
  );
  return chromium.server.url + path;
};

/** Stored `cart_viewed` events whose marker starts with `prefix`. */
const stored = (prefix: string) =>
  (collector.db.prepare("SELECT json FROM events WHERE type = 'cart_viewed'").all() as { json: string }[])
    .map((r) => JSON.parse(r.json))
    .filter((e) => String(e.props?.ref).startsWith(prefix));

describe.each(Object.keys(BUILDS) as (keyof typeof BUILDS)[])('%s build', (build) => {
  it.each(ROWS.map((row, i) => [row.name, row, i] as const))('%s', async (_name, row, n) => {
    const page = await chromium.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e.stack ?? e)));
    await page.goto(shop(row, build), { waitUntil: 'load' });
    await page.waitForFunction(() => !!(window as any).api);
    const prefix = `${build}-${n}-`;
    const tracked = await page.evaluate(
      ([act, prefix]) => {
        let tracked = 0;
        (window as any).T = (props: Record<string, unknown>) => (window as any).api.track('cart_viewed', Object.assign(props, { ref: prefix + tracked++, value: 12, currency: 'EUR', items: props.items ?? [{ id: 'mug', price: 12 }] }));
        new Function(act)();
        (window as any).api.flush();
        return tracked;
      },
      [row.act, prefix] as const,
    );
    await vi.waitFor(() => expect(stored(prefix).length).toBeGreaterThanOrEqual(tracked), { timeout: 15_000, interval: 50 });
    const events = stored(prefix);
    expect(events.length).toBe(tracked);
    for (const e of events) expect(e.props.items === undefined || Array.isArray(e.props.items)).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});
