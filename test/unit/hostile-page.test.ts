/**
 * A hostile page, piece by piece: Waymark's own JSON writer against patched built-ins and values
 * JSON cannot carry, a page's broken `fetch` (through the injected browser), bounded redaction
 * work, and configuration whose getters and patterns throw. The same rows run end to end in real
 * Chromium in test/browser/hostile.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { serialize } from '../../src/events/serialize';
import { checkProps as validate } from '../../src/events/validate';
import { createProtector } from '../../src/privacy/redact';
import { MAX_EVENT_BYTES, MAX_STRING, fitEvent } from '../../src/privacy/size-limit';
import { compilePatterns, detectPageType } from '../../src/context/page';
import { browserTransport, FETCH_TIMEOUT } from '../../src/delivery/transport';
import { createWaymark, fakeBrowser } from './helpers';

const THROW = () => {
  throw new Error('hostile');
};
const { stringify } = JSON;
const { map, filter, forEach } = Array.prototype;
afterEach(() => {
  JSON.stringify = stringify;
  Object.assign(Array.prototype, { map, filter, forEach });
  delete (Array.prototype as any).toJSON;
  delete (Boolean.prototype as any).toJSON;
});

describe("Waymark's JSON writer", () => {
  it('writes what JSON.stringify writes, for any JSON value (read back, the same value)', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => stringify(JSON.parse(serialize({ v }))) === stringify({ v })), { numRuns: 500 });
  });

  it('takes the careful path whenever a built-in prototype has a toJSON, and writes the same JSON there', () => {
    // JSON.stringify never asks a boolean for `toJSON`: this patch changes nothing but the path taken.
    (Boolean.prototype as any).toJSON = function () {
      return this;
    };
    fc.assert(fc.property(fc.jsonValue(), (v) => stringify(JSON.parse(serialize({ v }))) === stringify({ v })), { numRuns: 300 });
    expect(serialize({ ok: true, list: [false] })).toBe('{"ok":true,"list":[false]}');
  });

  it('escapes as JSON does: quotes, controls, unpaired surrogates, while pairs stay', () => {
    const s = 'a"b\\c\n\t\u0001\u001f\ud800x\udc00 😀 é';
    const json = serialize({ s });
    expect(json).not.toMatch(/[\u0000-\u001f]|\ud800x|x\udc00/);
    expect(json).toContain('😀 é');
    expect(JSON.parse(json).s).toBe(s);
  });

  it('ignores Array.prototype.toJSON (Prototype.js) and a replaced JSON.stringify', () => {
    (Array.prototype as any).toJSON = function () {
      return '[' + this.join(', ') + ']';
    };
    JSON.stringify = THROW;
    expect(serialize({ items: [1, 'a'] })).toBe('{"items":[1,"a"]}');
  });

  it('settles what JSON cannot carry; a throwing getter, proxy or toJSON costs that field only', () => {
    const cyclic: any = { a: 1 };
    cyclic.self = cyclic;
    const proxy = new Proxy({}, { ownKeys: THROW, get: THROW });
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    let deep: any = { end: 1 };
    for (let i = 0; i < 12; i++) deep = { deep };
    const value = {
      n: NaN,
      inf: -Infinity,
      big: 10n ** 20n,
      f: () => 1,
      sym: Symbol('s'),
      u: undefined,
      list: [undefined, () => 1, 2],
      cyclic,
      proxy,
      gone: revoked.proxy,
      date: new Date(0),
      odd: { toJSON: THROW },
      shared: [cyclic, cyclic],
      deep,
      ok: 'yes',
      [Symbol('k')]: 1,
    };
    Object.defineProperty(value, 'getter', { enumerable: true, get: THROW });
    const warned: string[] = [];
    const out = JSON.parse(serialize(value, (m) => warned.push(m)));
    expect(out).toMatchObject({ n: null, inf: null, big: '100000000000000000000', list: [null, null, 2], cyclic: { a: 1 }, date: '1970-01-01T00:00:00.000Z', shared: [{ a: 1 }, { a: 1 }], ok: 'yes' });
    for (const gone of ['f', 'sym', 'u', 'proxy', 'gone', 'odd', 'getter']) expect(out).not.toHaveProperty(gone);
    // Nine levels of objects below the top: the rest is cut.
    expect(JSON.stringify(out.deep).match(/deep/g)!.length).toBe(8);
    expect(warned.length).toBe(1);
  });

  it('fits a large event without JSON.stringify', () => {
    JSON.stringify = THROW;
    const json = fitEvent(serialize({ id: 'e', props: { note: 'x'.repeat(40_000) } }), () => {});
    expect(JSON.parse(json!)).toMatchObject({ props: { note: 'x'.repeat(MAX_STRING) + '…' }, invalid: ['note'] });
  });
});

describe('the store data is walked with plain loops', () => {
  it('validates and protects items while map, filter and forEach throw', () => {
    Object.assign(Array.prototype, { map: THROW, filter: THROW, forEach: THROW });
    const checked = validate('cart_viewed', { value: 2, currency: 'EUR', items: [{ id: 'a', price: 1 }, { price: -1 }] });
    const props = createProtector({})(checked.props);
    Object.assign(Array.prototype, { map, filter, forEach });
    expect(props.items).toEqual([{ id: 'a', price: 1 }, {}]);
    expect(checked.invalid.sort()).toEqual(['items[1].id', 'items[1].price']);
  });

  it('a revoked proxy as items, or as the whole properties, is an invalid field, not an error', () => {
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    expect(validate('cart_viewed', { value: 1, items: revoked.proxy }).invalid).toEqual(['items']);
    expect(validate('cart_viewed', revoked.proxy).props).toEqual({});
    expect(createProtector({})(revoked.proxy)).toEqual({});
  });
});

describe('bounded redaction', () => {
  it('a 5 MB string meets the patterns only as far as an event can carry it; a card at its start is still redacted', () => {
    const protect = createProtector({});
    const long = '4111 1111 1111 1111 ' + '12345 '.repeat(900_000);
    const out = protect({ a: long, b: long, c: long });
    expect(out.a.startsWith('[card] 12345')).toBe(true);
    expect(out.a.length).toBeLessThanOrEqual(MAX_EVENT_BYTES + 1);
    expect(out.b.length).toBeLessThanOrEqual(MAX_EVENT_BYTES + 1);
    // Past the event's size together, later strings keep only what fitEvent would keep, plus a margin.
    expect(out.c.length).toBeLessThanOrEqual(MAX_STRING + 99);
    expect(out.c.length).toBeGreaterThan(MAX_STRING);
    const json = fitEvent(serialize({ props: out }), () => {});
    expect(JSON.parse(json!).invalid).toEqual(['a', 'b', 'c']);
  });
});

describe('configuration that throws', () => {
  it('a pageTypes getter that throws costs that type; a RegExp whose test throws matches nothing', () => {
    const bad = /^\/cart/;
    bad.test = THROW;
    const patterns = compilePatterns({
      get product(): string {
        throw new Error('getter');
      },
      cart: [bad, '/basket*'],
      search: new Proxy([], { get: THROW }) as any,
    } as any);
    const { browser } = fakeBrowser();
    expect(detectPageType(browser, patterns, '/cart')).toBeUndefined();
    expect(detectPageType(browser, patterns, '/basket/1')).toBe('cart');
  });
});

describe("a page's broken fetch", () => {
  /** A browser whose timers the test runs by hand. */
  const browserWith = (fetch: (url: string, init: RequestInit) => any) => {
    const timers: (() => void)[] = [];
    const fake = fakeBrowser({ fetch, setTimeout: (fn, ms) => (timers.push(ms == FETCH_TIMEOUT || !ms ? fn : () => {}), timers.length) });
    return { ...fake, timers };
  };

  it('throws at once, or resolves to something that is not a Response: the body goes by beacon', async () => {
    for (const fetch of [THROW, () => Promise.resolve('garbage'), () => Promise.resolve({ status: 200 })]) {
      const { browser, sent } = browserWith(fetch);
      expect(await browserTransport(browser).post('/c', 'body')).toEqual({ status: 202 });
      expect(sent).toEqual(['body']);
    }
  });

  it('with headers a beacon cannot carry, or a refused beacon: a network error, kept for a retry', async () => {
    const { browser, sent } = browserWith(THROW);
    expect(await browserTransport(browser).post('/c', 'body', { authorization: 'x' })).toEqual({ status: 0 });
    expect(sent).toEqual([]);
    const refused = browserWith(THROW);
    refused.browser.beacon = () => false;
    expect(await browserTransport(refused.browser).post('/c', 'body')).toEqual({ status: 0 });
  });

  it('never settles: aborted after FETCH_TIMEOUT; a fetch that ignores the abort is bypassed by beacon', async () => {
    const { browser, sent, timers } = browserWith(() => new Promise(() => {}));
    const answer = browserTransport(browser).post('/c', 'body');
    timers.shift()!();
    timers.shift()!();
    expect(await answer).toEqual({ status: 202 });
    expect(sent).toEqual(['body']);
  });

  it('a timeout that fires after destroy() sends nothing', async () => {
    const { browser, sent, timers } = browserWith(() => new Promise(() => {}));
    const answer = browserTransport(browser, () => false).post('/c', 'body');
    timers.shift()!();
    timers.shift()!();
    expect(await answer).toEqual({ status: 0 });
    expect(sent).toEqual([]);
  });

  it('a real network error, or a slow request that honours the abort, is status 0 without a beacon', async () => {
    const slow = browserWith((_u, init) => new Promise((_r, reject) => init.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))));
    const answer = browserTransport(slow.browser).post('/c', 'body');
    slow.timers.shift()!();
    expect(await answer).toEqual({ status: 0 });
    const offline = browserWith(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(await browserTransport(offline.browser).post('/c', 'body')).toEqual({ status: 0 });
    expect([...slow.sent, ...offline.sent]).toEqual([]);
  });

  it('end to end: events tracked with a throwing fetch are delivered, and nothing throws', async () => {
    const { browser, sent } = fakeBrowser({ fetch: THROW });
    const waymark = createWaymark({ endpoint: '/collect', trackPages: false }, { browser });
    for (let i = 0; i < 3; i++) waymark.track('product_viewed', { id: 'p' + i });
    expect(await waymark.flush()).toBe(true);
    expect(sent.flatMap((b) => JSON.parse(b).events.map((e: any) => e.props.id))).toEqual(['p0', 'p1', 'p2']);
  });
});
