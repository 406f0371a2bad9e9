/**
 * State left in localStorage by an older version or another script, in real Chromium, with the
 * script-tag build and with the npm build: each value that once made the collector refuse whole
 * batches is seeded before the SDK loads, three good events are tracked, and all three arrive in
 * batches the wire schema accepts, with no error in the page. The collector here is strict: it
 * refuses a whole batch when anything in it breaks the schema.
 */
import { describe, expect, it, vi } from 'vitest';
import { useChromium } from './support/harness';
import { problemsOf } from '../../examples/collector/validate.mjs';
import stored from './fixtures/stored-event.json';

const chromium = useChromium();
let pages = 0;

const DIRECT = { channel: 'direct', source: 'direct' };
/** An event as an earlier page of this version stored it (the fixture), under its own id. */
const storedEvent = (id: string) => ({ ...stored, id, props: { id } });

/** Stored state measured to sink every good event, and the key it sits under. */
const ROWS: [name: string, key: string, value: unknown][] = [
  ['a visitor with an unknown first_touch.channel', 'wm.v', { anonymous_id: 'visitor-1', orders: 0, first_touch: { channel: 'tv', source: 'ad' } }],
  ['a visitor with an empty anonymous_id', 'wm.v', { anonymous_id: '', orders: 0, first_touch: DIRECT }],
  ['a visitor with lifecycle "vip"', 'wm.v', { anonymous_id: 'visitor-1', orders: 0, lifecycle: 'vip', first_touch: DIRECT }],
  ['a session without touch.source and a fractional seq', 'wm.s', { id: 'session-1', last: Date.now(), seq: 2.5, pages: 1, touch: { channel: 'email' } }],
  ['a queue chunk with junk among good events', 'wm.q.gone.0', [storedEvent('kept-1'), null, { id: 'half' }, { ...storedEvent('vip'), lifecycle: 'vip' }, storedEvent('kept-2')]],
];

/** Each build as a store would load it; both expose `track(id)` and set `ready` once loaded. */
const BUILDS: Record<string, (endpoint: string) => string> = {
  'script tag': (endpoint) => `<script>
window.waymark = function () { (waymark.q = waymark.q || []).push(arguments); };
waymark('init', { debug: true, flushInterval: 50 });
window.track = (id) => waymark('track', 'product_viewed', { id });
</script>
<script async src="/waymark.js" data-endpoint="${endpoint}" onload="window.ready = true"></script>`,
  npm: (endpoint) => `<script type="importmap">{ "imports": { "web-vitals": "/node_modules/web-vitals/dist/web-vitals.js" } }</script>
<script type="module">
const { createWaymark } = await import('/dist/waymark.mjs');
const wm = createWaymark({ endpoint: '${endpoint}', debug: true, flushInterval: 50 });
window.track = (id) => wm.track('product_viewed', { id });
window.ready = true;
</script>`,
};

describe.each(Object.keys(BUILDS))('stored state, %s build', (build) => {
  it.each(ROWS)('%s: 3 of 3 good events delivered, schema-valid, no page error', async (_name, key, value) => {
    const { server } = chromium;
    // A strict collector: one bad event refuses the batch.
    server.collector.respond(({ body }) => (problemsOf(body).length ? 400 : 200));
    const path = `/stored-${++pages}.html`;
    server.page(path, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>${BUILDS[build]!(server.crossUrl + '/collect')}</head><body><h1>Ridge mug</h1></body></html>`);
    const page = await chromium.context.newPage();
    const errors: string[] = [];
    const warnings: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() == 'warning' && m.text().startsWith('[waymark] stored ') && warnings.push(m.text()));
    // Written before any script of the page runs, as an earlier page would have left it.
    await page.addInitScript(([k, v]) => localStorage.setItem(k, v), [key, JSON.stringify(value)] as const);
    await page.goto(server.url + path, { waitUntil: 'load' });
    await page.waitForFunction(() => (window as any).ready === true && (!(window as any).waymark || !('q' in (window as any).waymark)));
    await page.evaluate(() => ['good-0', 'good-1', 'good-2'].forEach((id) => (window as any).track(id)));
    const wanted = key.startsWith('wm.q.') ? ['good-0', 'good-1', 'good-2', 'kept-1', 'kept-2'] : ['good-0', 'good-1', 'good-2'];
    const ids = () => server.collector.unique().map((e) => e.props?.id ?? e.id);
    await server.collector.waitFor(() => wanted.every((id) => ids().includes(id)), 10_000, wanted.join(', '));
    expect(server.collector.attempts().map((a) => problemsOf(a.body))).toEqual(server.collector.attempts().map(() => []));
    expect(errors).toEqual([]);
    // Console messages reach the test on their own channel: wait for the one warning.
    await vi.waitFor(() => expect(warnings).toEqual([expect.stringContaining(`stored ${key} was invalid`)]), { timeout: 5000, interval: 50 });
    await page.close();
  });
});
