import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { startCollector, type RunningCollector } from '../../examples/collector/collector.mjs';

const SHOP = 'http://shop.test';
let n = 0;

/** A valid wire event (schema/wire.json). */
const event = (over: Record<string, unknown> = {}) => ({
  id: `e-${process.pid}-${++n}`,
  type: 'product_viewed',
  ts: Date.now(),
  stage: 'consideration',
  lifecycle: 'acquisition',
  anonymous_id: 'a-1',
  session_id: 's-1',
  seq: n,
  page: { url: 'https://shop.test/p', path: '/p', title: 'Mug', referrer: '', type: 'product' },
  touch: { channel: 'paid_search', source: 'google', medium: 'cpc', click_id: 'gclid' },
  first_touch: { channel: 'paid_search', source: 'google' },
  props: { id: 'sku-1', price: 12, currency: 'EUR' },
  ...over,
});
const batch = (events: unknown[], over: Record<string, unknown> = {}) => ({ v: 1, sent_at: Date.now(), events, ...over });

const post = (c: RunningCollector, body: unknown, headers: Record<string, string> = {}) =>
  fetch(c.url + '/collect', {
    method: 'POST',
    body: typeof body == 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
    headers: { 'Content-Type': 'text/plain;charset=UTF-8', ...headers },
  });

/** A read request with the collector's token. */
const read = (c: RunningCollector, route: string) => fetch(c.url + route, { headers: { Authorization: `Bearer ${c.readToken}` } });

const dir = mkdtempSync(path.join(tmpdir(), 'waymark-collector-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const running: RunningCollector[] = [];
const start = async (options: Parameters<typeof startCollector>[0] = {}) => {
  const c = await startCollector({ port: 0, quiet: true, origins: [SHOP], ...options });
  running.push(c);
  return c;
};
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.close()));
});

describe('collector: accepting batches', () => {
  it('stores a valid batch sent as text/plain (a beacon) or JSON, and answers 2xx', async () => {
    const c = await start();
    const a = await post(c, batch([event(), event()]));
    expect(a.status).toBe(200);
    expect(await a.json()).toEqual({ accepted: 2, duplicates: 0 });
    const b = await post(c, batch([event({ type: 'order_completed', stage: 'purchase', props: { order_id: 'o1', value: 30, currency: 'EUR' } })]), {
      'Content-Type': 'application/json',
    });
    expect(b.status).toBe(200);
    const listed = await (await read(c, '/events?limit=10')).json();
    expect(listed.count).toBe(3);
    expect(listed.events.map((e: any) => e.type)).toEqual(['product_viewed', 'product_viewed', 'order_completed']);
    expect(listed.events[2].props).toEqual({ order_id: 'o1', value: 30, currency: 'EUR' });
  });

  it('answers 400 naming what is wrong with a body that is not a batch', async () => {
    const c = await start();
    const cases: [unknown, RegExp][] = [
      ['{"v":1,', /not JSON/],
      [{ v: 2, sent_at: 1, events: [event()] }, /\bv must be 1, got 2/],
      [{ v: 1, sent_at: 1, shared: 'all', events: [event()] }, /\bshared must be object, got "all"/],
      [{ v: 1, sent_at: 1 }, /events is missing/],
      [batch([]), /events must NOT have fewer than 1 items/],
    ];
    for (const [body, message] of cases) {
      const r = await post(c, body);
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      const answer = await r.json();
      expect(answer.error).toMatch(message);
    }
    expect(c.store.count()).toBe(0);
  });

  it('judges events one by one: invalid ones are named with their reason, the rest stored', async () => {
    const c = await start();
    const cases: [any, RegExp][] = [
      [event({ stage: 'browsing' }), /events\[0\]\.stage must be one of awareness, consideration, purchase, retention, advocacy, got "browsing"/],
      [event({ seq: 0 }), /events\[0\]\.seq must be >= 1, got 0/],
      [event({ touch: { source: 'google' } }), /events\[0\]\.touch\.channel is missing/],
      [event({ id: 'x'.repeat(65) }), /events\[0\]\.id must NOT have more than 64 characters/],
      [event({ props: 'mug' }), /events\[0\]\.props must be object, got "mug"/],
    ];
    for (const [bad, message] of cases) {
      const r = await post(c, batch([bad]));
      expect(r.status).toBe(200);
      const answer = await r.json();
      expect(answer.accepted).toBe(0);
      expect(answer.rejected).toEqual([{ id: bad.id, error: expect.stringMatching(message) }]);
    }
    expect(c.store.count()).toBe(0);

    // One invalid event in a batch of 20: the other 19 are stored, once, and sending again adds nothing.
    const good = Array.from({ length: 19 }, () => event());
    const bad = event({ lifecycle: 'vip' });
    const mixed = batch([...good.slice(0, 7), bad, ...good.slice(7)]);
    const first = await (await post(c, mixed)).json();
    expect(first).toEqual({ accepted: 19, duplicates: 0, rejected: [{ id: bad.id, error: expect.stringContaining('events[7].lifecycle must be one of') }] });
    const again = await (await post(c, mixed)).json();
    expect(again).toMatchObject({ accepted: 0, duplicates: 19 });
    expect(c.store.count()).toBe(19);
  });

  it('answers 415 to a content type it does not read', async () => {
    const c = await start();
    const r = await post(c, batch([event()]), { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(r.status).toBe(415);
  });

  it('answers 413 to a body over the limit, and keeps serving', async () => {
    const c = await start();
    const big = batch([event({ props: { blob: 'x'.repeat(1_100_000) } })]);
    const r = await post(c, big);
    expect(r.status).toBe(413);
    expect((await r.json()).error).toMatch(/over the limit of 1000000 bytes/);
    const small = await start({ maxBytes: 2_000 });
    const huge = await post(small, 'x'.repeat(50_000));
    expect(huge.status).toBe(413);
    expect((await post(c, batch([event()]))).status).toBe(200);
    expect((await post(small, batch([event()]))).status).toBe(200);
  });

  it('answers 429 with Retry-After to a flood from one client, and not to others', async () => {
    const c = await start({ rateLimit: { burst: 5, perSecond: 1 }, trustProxy: true });
    const from = (ip: string) => post(c, batch([event()]), { 'X-Forwarded-For': ip, Origin: SHOP });
    const statuses = [];
    for (let i = 0; i < 8; i++) statuses.push((await from('10.0.0.1')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    const limited = await from('10.0.0.1');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // The SDK reads Retry-After across origins only if the collector exposes it.
    expect(limited.headers.get('access-control-expose-headers')).toMatch(/Retry-After/i);
    expect(limited.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect((await from('10.0.0.2')).status).toBe(200);
    expect(c.store.count()).toBe(6);
  });
});

describe('collector: what a batch says once, and compressed bodies', () => {
  /** The fields a browser's batch has alike: one page, one visit, one shopper. */
  const SHARED = ['lifecycle', 'anonymous_id', 'session_id', 'page', 'touch', 'first_touch'];
  /** `events` as the SDK sends them: the fields they all have alike said once, in `shared`. */
  const factored = (events: Record<string, unknown>[]) => ({
    v: 1,
    sent_at: Date.now(),
    shared: Object.fromEntries(SHARED.map((k) => [k, events[0]![k]])),
    events: events.map((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !SHARED.includes(k)))),
  });
  /** Every stored row, by id, its JSON read back, without the time it arrived. */
  const rows = (c: RunningCollector) =>
    c.db
      .prepare('SELECT * FROM events ORDER BY id')
      .all()
      .map(({ received_at, json, ...row }: any) => ({ ...row, json: JSON.parse(json) }));

  it('puts the shared fields back: the batch is stored exactly as the same events sent complete', async () => {
    const events = [event(), event({ type: 'product_added_to_cart', stage: 'purchase', props: { id: 'sku-1', quantity: 1 } }), event({ user_id: 'u-7' })];
    const complete = await start();
    const v2 = await start();
    expect(await (await post(complete, batch(events))).json()).toEqual({ accepted: 3, duplicates: 0 });
    const body = factored(events);
    expect(body.events[0]).not.toHaveProperty('page');
    expect(await (await post(v2, body)).json()).toEqual({ accepted: 3, duplicates: 0 });
    expect(rows(v2)).toEqual(rows(complete));
    expect(rows(v2).map((r) => r.json)).toEqual([...events].sort((a, b) => (a.id < b.id ? -1 : 1)));
  });

  it('an event keeps its own value of a shared field; one without it where shared has none is refused alone', async () => {
    const c = await start();
    const mine = event({ lifecycle: 'conversion' });
    const body = factored([event(), mine]);
    body.events[1]!.lifecycle = 'conversion';
    const lost = event();
    body.events.push(Object.fromEntries(Object.entries(lost).filter(([k]) => k != 'props' && !SHARED.includes(k))));
    const answer = await (await post(c, body)).json();
    expect(answer).toEqual({ accepted: 2, duplicates: 0, rejected: [{ id: lost.id, error: 'events[2].props is missing' }] });
    expect(rows(c).find((r) => r.id == mine.id)).toMatchObject({ lifecycle: 'conversion', json: mine });
  });

  it('reads a gzip body by its magic bytes, sent as text/plain, and stores what the plain body would', async () => {
    const events = [event(), event(), event({ type: 'cart_viewed', stage: 'purchase', props: { value: 24, currency: 'EUR', items: [{ id: 'sku-1' }] } })];
    const plain = await start();
    const zipped = await start();
    expect((await post(plain, factored(events))).status).toBe(200);
    const gz = gzipSync(JSON.stringify(factored(events)));
    expect([...gz.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    const r = await post(zipped, gz);
    expect(await r.json()).toEqual({ accepted: 3, duplicates: 0 });
    expect(rows(zipped)).toEqual(rows(plain));
    // A batch without `shared`, compressed.
    expect(await (await post(zipped, gzipSync(JSON.stringify(batch([event()]))))).json()).toEqual({ accepted: 1, duplicates: 0 });
  });

  it('answers 413 to a gzip body that inflates past the limit (a zip bomb), and keeps serving', async () => {
    const c = await start();
    // 1.5 KB on the wire, 2 MB of text once inflated: over the 1 MB limit.
    const bomb = gzipSync(Buffer.alloc(2_000_000, ' '), { level: 9 });
    expect(bomb.length).toBeLessThan(5_000);
    const r = await post(c, bomb);
    expect(r.status).toBe(413);
    expect((await r.json()).error).toMatch(/over the limit of 1000000 bytes once decompressed/);
    const broken = await post(c, Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]));
    expect(broken.status).toBe(400);
    expect((await broken.json()).error).toMatch(/not valid gzip/);
    expect(await (await post(c, gzipSync(JSON.stringify(factored([event(), event()]))))).json()).toEqual({ accepted: 2, duplicates: 0 });
  });
});

describe('collector: exactly once, durably', () => {
  it('stores a batch sent again only once', async () => {
    const c = await start();
    const sent = batch([event(), event(), event()]);
    expect(await (await post(c, sent)).json()).toEqual({ accepted: 3, duplicates: 0 });
    // The answer was lost and the SDK sends the same batch again, then a batch overlapping it.
    expect(await (await post(c, sent)).json()).toEqual({ accepted: 0, duplicates: 3 });
    const overlap = batch([sent.events[2], event()]);
    expect(await (await post(c, overlap)).json()).toEqual({ accepted: 1, duplicates: 1 });
    expect(c.store.count()).toBe(4);
    const rows = c.db.prepare('SELECT id, count(*) AS n FROM events GROUP BY id HAVING n > 1').all();
    expect(rows).toEqual([]);
  });

  it('keeps events across a restart on the same database file (WAL)', async () => {
    const file = path.join(dir, 'restart.db');
    const first = await start({ db: file });
    expect(first.db.pragma('journal_mode', { simple: true })).toBe('wal');
    const events = [event({ type: 'order_completed', stage: 'purchase' }), event({ type: 'review_submitted', stage: 'advocacy', lifecycle: 'advocacy' })];
    expect((await post(first, batch(events))).status).toBe(200);
    await first.close();

    const second = await start({ db: file });
    const listed = await (await read(second, '/events?limit=5')).json();
    expect(listed.events.map((e: any) => e.id)).toEqual(events.map((e) => e.id));
    expect(listed.events[1]).toMatchObject({ stage: 'advocacy', lifecycle: 'advocacy', touch: { channel: 'paid_search' } });
    // A retry that reaches the restarted collector is still recognised.
    expect(await (await post(second, batch(events))).json()).toEqual({ accepted: 0, duplicates: 2 });
    expect(second.store.count()).toBe(2);
  });
});

describe('collector: CORS', () => {
  it('answers a preflight from a shop origin, echoing the origin', async () => {
    const c = await start();
    const r = await fetch(c.url + '/collect', {
      method: 'OPTIONS',
      headers: { Origin: SHOP, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type, x-shop-key' },
    });
    expect(r.status).toBe(204);
    expect(r.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(r.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(r.headers.get('access-control-allow-headers')).toBe('content-type, x-shop-key');
    expect(r.headers.get('access-control-expose-headers')).toMatch(/Retry-After/i);
    expect(r.headers.get('vary')).toMatch(/Origin/);
  });

  it('echoes an allowed origin on POST and refuses other origins', async () => {
    const c = await start();
    const ok = await post(c, batch([event()]), { Origin: SHOP });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(SHOP);

    const pre = await fetch(c.url + '/collect', { method: 'OPTIONS', headers: { Origin: 'https://evil.test', 'Access-Control-Request-Method': 'POST' } });
    expect(pre.status).toBe(403);
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    const bad = await post(c, batch([event()]), { Origin: 'https://evil.test' });
    expect(bad.status).toBe(403);
    expect(bad.headers.get('access-control-allow-origin')).toBeNull();
    expect(c.store.count()).toBe(1);
  });

  it('allows any origin when configured with "*"', async () => {
    const c = await start({ origins: '*' });
    const r = await post(c, batch([event()]), { Origin: 'https://any.test' });
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBe('https://any.test');
  });
});

describe('collector: robustness', () => {
  let c: RunningCollector;
  beforeAll(async () => {
    c = await startCollector({ port: 0, quiet: true });
  });
  afterAll(() => c.close());

  it('survives garbage on the socket, a dropped upload and odd requests', async () => {
    const { port } = new URL(c.url);
    // Not HTTP at all.
    await new Promise<void>((resolve) => {
      const s = net.connect(Number(port), '127.0.0.1', () => s.end('\x00\x01 hello\r\n\r\n'));
      s.on('data', () => {});
      s.on('close', () => resolve());
      s.on('error', () => resolve());
    });
    // An upload cut off half way.
    await new Promise<void>((resolve) => {
      const s = net.connect(Number(port), '127.0.0.1', () => {
        s.write('POST /collect HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 5000\r\n\r\n{"v":1,');
        setTimeout(() => s.destroy(), 50);
      });
      s.on('close', () => resolve());
      s.on('error', () => resolve());
    });
    expect((await fetch(c.url + '/collect')).status).toBe(405);
    expect((await read(c, '/nope')).status).toBe(404);
    expect((await read(c, '/events?limit=abc')).status).toBe(200);
    expect((await post(c, 'null')).status).toBe(400);
    expect((await post(c, '[1,2]')).status).toBe(400);
    expect((await post(c, batch([event()]))).status).toBe(200);
    expect(await (await fetch(c.url + '/health')).json()).toEqual({ ok: true });
    expect(c.store.count()).toBe(1);
  });
});
