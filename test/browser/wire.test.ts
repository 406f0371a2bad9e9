/**
 * The wire in Chromium, against the reference collector on another origin: ordinary batches leave
 * gzip-compressed (the browser's own CompressionStream) as simple requests, with what their events
 * say alike said once, and the collector stores each event exactly as the page made it, as it
 * does when the browser has no CompressionStream and the body goes as text.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useChromium } from './support/harness';
import { startCollector } from '../../examples/collector/collector.mjs';

const chromium = useChromium();
let collector: Awaited<ReturnType<typeof startCollector>>;
/** The collector behind a server of the test's own, which notes each request's method and content type. */
let front: http.Server;
let endpoint = '';
const requests: string[] = [];
beforeAll(async () => {
  collector = await startCollector({ port: 0, quiet: true });
  front = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.headers['content-type'] ?? ''}`);
    void collector.handle(req, res);
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  front.unref();
  endpoint = `http://127.0.0.1:${(front.address() as AddressInfo).port}/collect`;
});
afterAll(async () => {
  await new Promise((resolve) => {
    front?.close(resolve);
    front?.closeAllConnections();
  });
  await collector?.close();
});

let pages = 0;
/**
 * A shop page: it notes every body Waymark hands to `fetch` (gzip or text) and every event as
 * Waymark made it, before it is queued; `head` runs before Waymark loads.
 */
const shop = (head: string) => {
  const path = `/wire-${++pages}.html`;
  chromium.server.page(
    path,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ridge mug</title>
<script>${head}
window.bodies = [];
const fetch = window.fetch;
window.fetch = function (url, init) {
  const body = init && init.body;
  const type = init && init.headers && init.headers['content-type'];
  bodies.push(body instanceof ArrayBuffer ? 'bytes ' + type + ' ' + Array.from(new Uint8Array(body).slice(0, 2)).join() : typeof body);
  return fetch.apply(this, arguments);
};
window.made = {};
window.waymark = function () { (waymark.q = waymark.q || []).push(arguments); };
waymark('ready', (w) => w.on('track', (e) => (made[e.id] = JSON.parse(JSON.stringify(e)))));
</script>
<script async src="/waymark.js" data-endpoint="${endpoint}"></script>
</head><body><h1>Ridge mug</h1></body></html>`,
  );
  return `${chromium.server.url}${path}?utm_source=google&utm_medium=cpc&utm_campaign=autumn-kiln&gclid=g-1`;
};

/** A short journey, in one task: product, cart, checkout, order. */
const journey = (ref: string) => {
  const mug = { id: 'ridge-mug', name: 'Ridge mug', price: 24, currency: 'EUR', ref };
  return [
    ['product_viewed', mug],
    ['product_viewed', { ...mug, id: 'tide-bowl', name: 'Tide bowl', price: 58 }],
    ['product_added_to_cart', { ...mug, quantity: 2 }],
    ['cart_viewed', { value: 48, currency: 'EUR', items: [{ id: 'ridge-mug', price: 24, quantity: 2 }], ref }],
    ['checkout_started', { value: 48, currency: 'EUR', ref }],
    ['order_completed', { order_id: 'AC-1', value: 52.9, currency: 'EUR', shipping: 4.9, items: [{ id: 'ridge-mug', price: 24, quantity: 2 }], ref }],
  ] as const;
};

/** Stored events whose marker is `ref`, by id. */
const stored = (ref: string) =>
  Object.fromEntries(
    (collector.db.prepare('SELECT json FROM events').all() as { json: string }[]).map((r) => JSON.parse(r.json)).filter((e) => e.props?.ref == ref).map((e) => [e.id, e]),
  );

const run = async (head: string, ref: string) => {
  const page = await chromium.context.newPage();
  await page.goto(shop(head), { waitUntil: 'load' });
  await page.waitForFunction(() => !!(window as any).waymark && !('q' in (window as any).waymark));
  await page.evaluate((events) => {
    for (const [type, props] of events) (window as any).waymark('track', type, props);
    (window as any).waymark('flush');
  }, journey(ref) as unknown as [string, object][]);
  await vi.waitFor(() => expect(Object.keys(stored(ref))).toHaveLength(6), { timeout: 15_000, interval: 50 });
  const made = (await page.evaluate(() => (window as any).made)) as Record<string, any>;
  const bodies = (await page.evaluate(() => Promise.all((window as any).bodies))) as string[];
  await page.close();
  const mine = Object.fromEntries(Object.entries(made).filter(([, e]) => e.props?.ref == ref));
  return { mine, bodies };
};

describe('the wire in Chromium', () => {
  it('ordinary batches go gzip-compressed, as simple text/plain requests, and are stored exactly as the page made them', async () => {
    requests.length = 0;
    const { mine, bodies } = await run('', 'gzip');
    expect(Object.keys(mine)).toHaveLength(6);
    expect(stored('gzip')).toEqual(mine);
    expect(bodies.length).toBeGreaterThan(0);
    expect(bodies).toEqual(bodies.map(() => 'bytes text/plain 31,139'));
    // No preflight: the collector saw POSTs only, each text/plain.
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((r) => !/^POST text\/plain\b/.test(r))).toEqual([]);
  });

  it('without CompressionStream the same journey goes as text and is stored the same way', async () => {
    const { mine, bodies } = await run('delete window.CompressionStream;', 'text');
    expect(Object.keys(mine)).toHaveLength(6);
    expect(stored('text')).toEqual(mine);
    expect(bodies.length).toBeGreaterThan(0);
    expect(bodies).toEqual(bodies.map(() => 'string'));
    // Field for field, the two paths store the same events (ids, times, visitors and page addresses aside).
    const strip = ({ id, ts, anonymous_id, session_id, page, props: { ref, ...props }, ...rest }: any) => ({ ...rest, props });
    const bySeq = (o: Record<string, any>) => Object.values(o).sort((a, b) => a.seq - b.seq).map(strip);
    expect(bySeq(stored('text'))).toEqual(bySeq(stored('gzip')));
  });
});
