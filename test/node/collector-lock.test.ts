/**
 * The collector behind its lock, and not fooled: reading needs the token (ingest does not), read
 * routes are never shared across origins, a forged X-Forwarded-For buys no new rate-limit bucket,
 * no client string forges a console line, and odd input gets a 4xx, never a 5xx.
 */
import { afterEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import { startCollector, type RunningCollector } from '../../examples/collector/collector.mjs';
import { clean } from '../../examples/collector/format.mjs';
import { clientAddressOf } from '../../examples/collector/client-address.mjs';

let n = 0;
const event = (over: Record<string, unknown> = {}) => ({
  id: `lock-${process.pid}-${++n}`,
  type: 'product_viewed',
  ts: Date.now(),
  stage: 'consideration',
  lifecycle: 'acquisition',
  anonymous_id: 'a-1',
  session_id: 's-1',
  seq: n,
  page: { url: 'https://shop.test/p', path: '/p', title: 'Mug', referrer: '', type: 'product' },
  touch: { channel: 'direct', source: '(direct)' },
  first_touch: { channel: 'direct', source: '(direct)' },
  props: {},
  ...over,
});
const batch = (events: unknown[]) => ({ v: 1, sent_at: Date.now(), events });
const post = (c: RunningCollector, body: unknown, headers: Record<string, string> = {}) =>
  fetch(c.url + '/collect', { method: 'POST', body: typeof body == 'string' ? body : JSON.stringify(body), headers: { 'Content-Type': 'text/plain', ...headers } });

const running: RunningCollector[] = [];
const start = async (options: Parameters<typeof startCollector>[0] = {}) => {
  const c = await startCollector({ port: 0, quiet: true, ...options });
  running.push(c);
  return c;
};
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.close()));
});

const READ_ROUTES = ['/events', '/report', '/report.json', '/map', '/map.json', '/journey', '/journey?id=a-1', '/journey.json?id=a-1'];

describe('collector: the read lock', () => {
  it('answers 401 with an empty body to every read route without the token or with a wrong one, 200 with it', async () => {
    const c = await start({ readToken: 'right-token-123' });
    expect((await post(c, batch([event()]))).status).toBe(200); // ingest stays public
    for (const route of READ_ROUTES) {
      for (const headers of [{}, { Authorization: 'Bearer wrong-token-123' }, { Authorization: 'Bearer right-token-12' }, { Authorization: 'Basic right-token-123' }, { Cookie: 'waymark_read=nope' }]) {
        const r = await fetch(c.url + route, { headers });
        expect(r.status, `${route} ${JSON.stringify(headers)}`).toBe(401);
        expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
        expect(await r.text()).toBe('');
      }
      const ok = await fetch(c.url + route, { headers: { Authorization: 'Bearer right-token-123' } });
      expect(ok.status, route).toBe(200);
    }
    // Unknown routes say nothing either.
    expect((await fetch(c.url + '/nope')).status).toBe(401);
  });

  it('generates a random token when none is given, prints it, and exposes it', async () => {
    const lines: string[] = [];
    const previous = process.env.WAYMARK_READ_TOKEN;
    delete process.env.WAYMARK_READ_TOKEN;
    try {
      const a = await start({ quiet: false, log: (l) => lines.push(l) });
      const b = await start({ quiet: true });
      expect(a.readToken).toMatch(/^[\w-]{40,}$/);
      expect(a.readToken).not.toBe(b.readToken);
      expect(lines.some((l) => l.includes(a.readToken))).toBe(true);
      expect((await fetch(a.url + '/events', { headers: { Authorization: `Bearer ${b.readToken}` } })).status).toBe(401);
      expect((await fetch(a.url + '/events', { headers: { Authorization: `Bearer ${a.readToken}` } })).status).toBe(200);
    } finally {
      if (previous != null) process.env.WAYMARK_READ_TOKEN = previous;
    }
  });

  it('takes the token from WAYMARK_READ_TOKEN', async () => {
    const previous = process.env.WAYMARK_READ_TOKEN;
    process.env.WAYMARK_READ_TOKEN = 'from-the-environment';
    try {
      const c = await start();
      expect(c.readToken).toBe('from-the-environment');
      expect((await fetch(c.url + '/map.json', { headers: { Authorization: 'Bearer from-the-environment' } })).status).toBe(200);
    } finally {
      if (previous == null) delete process.env.WAYMARK_READ_TOKEN;
      else process.env.WAYMARK_READ_TOKEN = previous;
    }
  });

  it('trades ?token= on a page for an HttpOnly, SameSite=Strict cookie and a redirect without the token', async () => {
    const c = await start({ readToken: 'cookie-token' });
    const r = await fetch(c.url + '/map?from=2026-01-01&token=cookie-token', { redirect: 'manual' });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/map?from=2026-01-01');
    const cookie = r.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const pair = cookie.split(';')[0];
    expect((await fetch(c.url + '/map?from=2026-01-01', { headers: { Cookie: pair } })).status).toBe(200);
    const wrong = await fetch(c.url + '/map?token=cookie-tokeN', { redirect: 'manual' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('serves the pages\' stylesheets (no data in them) without the token', async () => {
    const c = await start({ readToken: 'x-token' });
    for (const f of ['/report.css', '/map.css']) expect((await fetch(c.url + f)).status).toBe(200);
    expect(await (await fetch(c.url + '/health')).json()).toEqual({ ok: true });
  });
});

describe('collector: not fooled', () => {
  it('never sends CORS headers on read routes, whatever `origins` says', async () => {
    const c = await start({ origins: '*', readToken: 't0k3n' });
    const auth = { Authorization: 'Bearer t0k3n', Origin: 'https://evil.test' };
    for (const route of READ_ROUTES) {
      const r = await fetch(c.url + route, { headers: auth });
      expect(r.status).toBe(200);
      expect(r.headers.get('access-control-allow-origin'), route).toBeNull();
      const pre = await fetch(c.url + route, { method: 'OPTIONS', headers: { Origin: 'https://evil.test', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' } });
      expect(pre.status).toBe(403);
      expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    }
    // /collect still answers the shop.
    const ok = await post(c, batch([event()]), { Origin: 'https://shop.test' });
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://shop.test');
  });

  it('a forged X-Forwarded-For does not avoid 429 without trustProxy', async () => {
    const c = await start({ rateLimit: { burst: 3, perSecond: 0.01 } });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await post(c, batch([event()]), { 'X-Forwarded-For': `10.0.0.${i}` })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
  });

  it('with trustProxy, the client is the rightmost address a trusted proxy did not write', async () => {
    const c = await start({ rateLimit: { burst: 3, perSecond: 0.01 }, trustProxy: true });
    const statuses = [];
    // The shopper's own proxy chain is the same each time; what it forges on the left changes.
    for (let i = 0; i < 5; i++) statuses.push((await post(c, batch([event()]), { 'X-Forwarded-For': `1.2.3.${i}, 203.0.113.9` })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect((await post(c, batch([event()]), { 'X-Forwarded-For': '203.0.113.10' })).status).toBe(200);

    const peer = (remoteAddress: string, xff: string) => ({ socket: { remoteAddress }, headers: { 'x-forwarded-for': xff } }) as unknown as http.IncomingMessage;
    const loopback = clientAddressOf(true);
    expect(loopback(peer('127.0.0.1', '9.9.9.9, 127.0.0.1'))).toBe('9.9.9.9');
    expect(loopback(peer('198.51.100.7', '9.9.9.9'))).toBe('198.51.100.7'); // not a trusted peer: the header is ignored
    expect(loopback(peer('127.0.0.1', 'not-an-ip'))).toBe('127.0.0.1');
    const listed = clientAddressOf(['10.1.1.1', '10.1.1.2']);
    expect(listed(peer('10.1.1.1', '5.5.5.5, 6.6.6.6, 10.1.1.2'))).toBe('6.6.6.6');
    expect(listed(peer('127.0.0.1', '5.5.5.5'))).toBe('127.0.0.1');
  });

  it('prints no forged line: newlines, ANSI codes and long strings from a client are neutralised', async () => {
    const lines: string[] = [];
    const c = await start({ quiet: false, log: (l) => lines.push(l), readToken: 'quiet-please' });
    const forged = 'x\n20:14:03  order_completed   purchase · conversion  \x1b[32mpaid\x1b[0m\u2028';
    const r = await post(c, batch([event({ type: forged, page: { url: 'https://s/x', path: '/x\r\nfake', title: 't', referrer: '', type: 'a\x1b[2J' }, touch: { channel: 'direct', source: 'y\n'.repeat(250) }, props: { order_id: 'o\n1' } })]));
    expect(r.status, await r.clone().text()).toBe(200);
    const out = lines.join('\n');
    expect(lines.length).toBe(1);
    expect(out).not.toMatch(/[\n\r\u2028\u2029]/);
    // eslint-disable-next-line no-control-regex
    expect(out.replace(/\x1b\[\d+m/g, '')).not.toMatch(/[\x00-\x1f\x7f]/); // only the collector's own colours, if any
    expect(out.length).toBeLessThan(400);
    expect(clean('a\u202eb\x07c', 10)).toBe('a?b?c');
    expect(clean('z'.repeat(100), 10)).toBe('z'.repeat(9) + '…');
  });

  it('answers 400 (not 503) to deeply nested JSON, and keeps serving', async () => {
    const c = await start();
    const one = JSON.stringify(batch([event({ props: { deep: 0 } })]));
    const deep = one.replace('"deep":0', '"deep":' + '{"a":'.repeat(5000) + '1' + '}'.repeat(5000));
    const r = await post(c, deep);
    expect(r.status).toBe(400);
    expect((await r.json()).error).toMatch(/nested deeper than/);
    const arrays = '{"v":1,"sent_at":1,"events":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}';
    expect((await post(c, arrays)).status).toBe(400);
    expect((await post(c, batch([event({ props: { items: [{ id: 'a', tags: [['x']] }] } })]))).status).toBe(200);
  });

  it('answers 4xx, never 500, to a malformed % in a path and to absurd ranges', async () => {
    const c = await start({ readToken: 'pct' });
    const auth = { headers: { Authorization: 'Bearer pct' } };
    for (const route of ['/%E0%A4%A', '/map%', '/journey?id=%E0%A4%A', '/report?from=%zz']) {
      const r = await fetch(c.url + route, auth);
      expect(r.status, route).toBeLessThan(500);
    }
    for (const route of ['/report?from=' + '1'.repeat(30), '/map?from=' + '1'.repeat(30), '/map.json?to=-' + '9'.repeat(20), '/report.json?to=1e400']) {
      const r = await fetch(c.url + route, auth);
      expect(r.status, route).toBe(400);
    }
  });
});
