/**
 * Waymark's own request body: what all the events of a batch say alike goes once into `shared`,
 * and the reference collector's reading (examples/collector/decode.mjs) gives back exactly the
 * events that were queued. Ordinary requests are gzip-compressed where the browser has
 * `CompressionStream` (jsdom has none: there the body goes as text).
 */
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gunzipSync } from 'node:zlib';
import { CompressionStream as NodeCompressionStream } from 'node:stream/web';
import { createWaymark, fakeBrowser, fakeTransport, openPage, readBody, settle } from './helpers';
import { browserTransport } from '../../src/delivery/transport';

afterEach(() => localStorage.clear());

/** The events as queued in storage, oldest first. */
const queued = () =>
  Object.keys(localStorage)
    .filter((k) => k.startsWith('wm.q.'))
    .flatMap((k) => JSON.parse(localStorage[k]!))
    .sort((a, b) => a.seq - b.seq);

describe('fields every event of a batch has alike are said once', () => {
  it('page, touch, first touch, visitor, session and lifecycle leave the events for `shared`', async () => {
    openPage('https://shop.example/p/ridge-mug?utm_source=google&utm_medium=cpc&utm_campaign=autumn-kiln&gclid=g1', 'https://www.google.com/');
    const net = fakeTransport();
    // A clock that moves on at every reading: events tracked in one millisecond would share `ts` too.
    let t = Date.now();
    const { browser } = fakeBrowser({ now: () => (t += 10) });
    const waymark = createWaymark({ endpoint: '/e', trackPages: true, flushInterval: 60_000 }, { transport: net.transport, browser });
    waymark.track('product_viewed', { id: 'ridge-mug', name: 'Ridge mug', price: 24, currency: 'EUR' });
    waymark.track('product_added_to_cart', { id: 'ridge-mug', price: 24, currency: 'EUR' });
    const bodies: string[] = [];
    const post = net.transport.post;
    net.transport.post = (url, body, ...rest) => (bodies.push(body), post(url, body, ...rest));
    await waymark.flush();
    expect(bodies).toHaveLength(1);
    const sent = JSON.parse(bodies[0]!);
    expect(sent.v).toBe(1);
    expect(Object.keys(sent.shared).sort()).toEqual(['anonymous_id', 'first_touch', 'lifecycle', 'page', 'session_id', 'touch']);
    for (const e of sent.events) expect(Object.keys(e)).toEqual(expect.arrayContaining(['id', 'type', 'ts', 'stage', 'seq', 'props']));
    for (const e of sent.events) for (const k of Object.keys(sent.shared)) expect(e).not.toHaveProperty(k);
    expect(net.events().map((e) => e.page.path)).toEqual(['/p/ridge-mug', '/p/ridge-mug', '/p/ridge-mug']);
  });

  it('a batch of one event says everything in the event, and no `shared`', async () => {
    const net = fakeTransport();
    const bodies: string[] = [];
    const waymark = createWaymark(
      { endpoint: '/e', trackPages: false, flushInterval: 60_000 },
      { transport: { ...net.transport, post: async (_u, body) => (bodies.push(body), { status: 200 }) } },
    );
    waymark.track('product_viewed', { id: 'ridge-mug' });
    await waymark.flush();
    expect(JSON.parse(bodies[0]!)).not.toHaveProperty('shared');
    expect(JSON.parse(bodies[0]!).events[0]).toHaveProperty('page');
  });

  it('round trip: whatever beforeSend puts in the events, the collector reads back exactly what was queued', async () => {
    const NAMES = ['page', 'touch', 'lifecycle', 'user_id', 'traits', 'extra', '__proto__', 'constructor', 'toString'];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.dictionary(fc.constantFrom(...NAMES), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }), { minLength: 1, maxLength: 6 }), async (extras) => {
        localStorage.clear();
        const net = fakeTransport();
        let i = 0;
        const waymark = createWaymark(
          // Each event takes its extra fields (or loses one: `undefined` leaves the JSON).
          { endpoint: '/e', trackPages: false, flushInterval: 60_000, beforeSend: (e) => Object.assign({ ...e }, extras[i++]) },
          { transport: net.transport },
        );
        for (const _ of extras) waymark.track('product_viewed', { id: 'ridge-mug', price: 24 });
        await settle();
        const stored = queued();
        expect(stored).toHaveLength(extras.length);
        await waymark.flush();
        // Field for field, as JSON (the collector may list the fields in another order).
        const fields = (e: object) => JSON.stringify(Object.entries(e).sort(([a], [b]) => (a < b ? -1 : 1)));
        expect(net.events().map(fields)).toEqual(stored.map(fields));
        waymark.destroy();
      }),
      { numRuns: 60 },
    );
  });
});

describe('gzip for ordinary requests', () => {
  /**
   * The jsdom page, with Node's own CompressionStream and Response standing in for the browser's
   * (bound, so that it reads as native code, as the browser's own does).
   */
  const withGzip = () => {
    const fetched: RequestInit[] = [];
    const fake = fakeBrowser({ fetch: async (_url, init) => (fetched.push(init), new Response('')) });
    fake.browser.window = { ...fake.browser.window, Response, CompressionStream: NodeCompressionStream.bind(null) } as any;
    return { browser: fake.browser, fetched, sent: fake.sent };
  };

  it('compresses a body that may be, into bytes starting with the gzip magic bytes, sent as text/plain', async () => {
    const { browser, fetched } = withGzip();
    const body = JSON.stringify({ v: 2, sent_at: 1, events: [{ id: 'a', props: { note: 'x'.repeat(500) } }] });
    expect(await browserTransport(browser).post('/c', body, undefined, false, true)).toMatchObject({ status: 200 });
    expect(fetched[0]!.headers).toEqual({ 'content-type': 'text/plain' });
    const bytes = Buffer.from(fetched[0]!.body as ArrayBuffer);
    expect([...bytes.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    expect(bytes.length).toBeLessThan(body.length / 3);
    expect(gunzipSync(bytes).toString()).toBe(body);
  });

  it('leaves as text: a body sent while leaving, a format that is not Waymark\'s, a browser without CompressionStream', async () => {
    const { browser, fetched } = withGzip();
    const transport = browserTransport(browser);
    await transport.post('/c', 'leaving', undefined, true, false);
    await transport.post('/c', 'segment', undefined, false, false);
    const plain = fakeBrowser({ fetch: async (_url, init) => (fetched.push(init), new Response('')) });
    await browserTransport(plain.browser).post('/c', 'no CompressionStream', undefined, false, true);
    expect(fetched.map((i) => i.body)).toEqual(['leaving', 'segment', 'no CompressionStream']);
  });

  it("a page's CompressionStream polyfill is never used, even one whose stream never ends", async () => {
    const { browser, fetched } = withGzip();
    (browser.window as any).CompressionStream = class {
      readable = new ReadableStream();
      writable = new WritableStream();
    };
    expect(await browserTransport(browser).post('/c', 'body', undefined, false, true)).toMatchObject({ status: 200 });
    expect(fetched.map((i) => i.body)).toEqual(['body']);
  });

  it('a CompressionStream that fails: the body goes as text', async () => {
    const { browser, fetched } = withGzip();
    // The browser's own (bound: it reads as native code), failing.
    (browser.window as any).CompressionStream = class {
      constructor() {
        throw new Error('out of memory');
      }
    }.bind(null);
    expect(await browserTransport(browser).post('/c', 'body', undefined, false, true)).toMatchObject({ status: 200 });
    expect(fetched.map((i) => i.body)).toEqual(['body']);
  });

  it('a batch being compressed when the page is left goes once, by beacon, not again by fetch', async () => {
    const fetched: RequestInit[] = [];
    const { browser, sent } = fakeBrowser({ fetch: async (_url, init) => (fetched.push(init), new Response('')) });
    // The page itself this time (its events are listened to), with Node's stream as its own.
    const before = { Response: (window as any).Response, CompressionStream: (window as any).CompressionStream };
    Object.assign(window, { Response, CompressionStream: NodeCompressionStream.bind(null) });
    try {
      const waymark = createWaymark({ endpoint: '/e', trackPages: false, flushInterval: 60_000 }, { browser });
      waymark.track('product_viewed', { id: 'a' });
      const flushed = waymark.flush();
      // The request is being compressed: the page goes before it can start.
      window.dispatchEvent(new Event('pagehide'));
      await flushed;
      expect(sent.map((b) => readBody(b).events.map((e) => e.props.id))).toEqual([['a']]);
      expect(fetched).toEqual([]);
    } finally {
      Object.assign(window, before);
    }
  });

  it('the outbox asks for gzip for its own format only, and never when the page is left', async () => {
    const calls: [string, boolean | undefined, boolean | undefined][] = [];
    const transport = { post: async (_u: string, body: string, _h: unknown, leaving?: boolean, gzip?: boolean) => (calls.push([JSON.parse(body).v ?? 'format', leaving, gzip]), { status: 200 }), beacon: () => false };
    const waymark = createWaymark({ endpoint: '/e', trackPages: false, flushInterval: 60_000 }, { transport });
    waymark.track('product_viewed', { id: 'a' });
    await waymark.flush();
    waymark.track('product_viewed', { id: 'b' });
    document.dispatchEvent(new Event('visibilitychange'));
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    await settle();
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    const formatted = createWaymark(
      { endpoint: '/e', trackPages: false, flushInterval: 60_000, format: { body: (events) => JSON.stringify({ list: events.length }) } },
      { transport },
    );
    formatted.track('product_viewed', { id: 'c' });
    await formatted.flush();
    expect(calls).toEqual([
      [1, false, true],
      [1, true, undefined],
      ['format', false, false],
    ]);
  });
});
