/**
 * Hostile and broken input: random values thrown at every public method and at the snippet queue,
 * a page that wraps platform functions, and storage that throws, is full or holds garbage.
 * Nothing may throw into the page; memory stays bounded; good events around bad ones still go.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { fakeTransport, settle, start } from './helpers';

/** Errors that reached the page in any way: thrown by a call, uncaught, or an unhandled rejection. */
const escaped: unknown[] = [];
const onError = (e: ErrorEvent) => escaped.push(e.error ?? e.message);
const onRejection = (e: unknown) => escaped.push(e);
addEventListener('error', onError);
process.on('unhandledRejection', onRejection);
afterAll(() => {
  removeEventListener('error', onError);
  process.off('unhandledRejection', onRejection);
});

/** Tally of the property runs, printed once at the end. */
const tally = { runs: 0, calls: 0, thrown: 0 };
afterAll(() => console.log(`[hostile] ${tally.runs} runs, ${tally.calls} calls, ${tally.thrown} thrown, ${escaped.length} escaped`));

/** Values that break naive code. */
const nasty = () => {
  const circular: any = { a: 1, list: [] };
  circular.self = circular;
  circular.list.push(circular);
  const getter = Object.defineProperty({ id: 'g' }, 'price', {
    enumerable: true,
    get() {
      throw new Error('getter');
    },
  });
  const proxy = new Proxy({}, {
    ownKeys() {
      throw new Error('ownKeys');
    },
    get() {
      throw new Error('get');
    },
  });
  const toPrimitive = { [Symbol.toPrimitive]: () => { throw new Error('toPrimitive'); }, toString: () => { throw new Error('toString'); } };
  return fc.constantFrom<unknown>(
    circular,
    getter,
    proxy,
    toPrimitive,
    JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"id":"x"}'),
    { constructor: 'x', __proto__: null, toString: 5, valueOf: 'no', hasOwnProperty: 1 },
    10n ** 30n,
    Symbol('s'),
    NaN,
    Infinity,
    -Infinity,
    -0,
    'x'.repeat(200_000),
    Array.from({ length: 20_000 }, (_, i) => ({ id: i })),
    new Date(NaN),
    Object.create(null),
    () => {
      throw new Error('called');
    },
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
  );
};

const value = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.anything({ withBigInt: true, withNullPrototype: true, withObjectString: true, withBoxedValues: true, withSparseArray: true, withTypedArray: true, withDate: true, withMap: true, withSet: true, maxDepth: 3 }) },
    { weight: 2, arbitrary: nasty() },
  );
const METHODS = ['track', 'page', 'identify', 'reset', 'flush', 'on', 'use', 'debug', 'consent'] as const;
const methodName = fc.oneof(fc.constantFrom(...METHODS), fc.constantFrom('init', 'q', '__proto__', 'constructor', 'toString', 'valueOf'), fc.anything());
const aCall = fc.tuple(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...METHODS) }, { weight: 1, arbitrary: methodName }), fc.array(value(), { maxLength: 4 }));

let pollution: string[];
beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
  pollution = Object.getOwnPropertyNames(Object.prototype);
});
afterEach(() => {
  // No input may add to Object.prototype.
  expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(pollution);
  expect(({} as any).polluted).toBeUndefined();
});

describe('random input at every public method', () => {
  it('never throws, keeps the queue bounded, delivers the good events around the bad ones', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(aCall, { minLength: 1, maxLength: 12 }), fc.boolean(), async (calls, collectorDown) => {
        tally.runs++;
        localStorage.clear();
        const { waymark, net } = start({ maxQueueEvents: 20, flushInterval: 1 });
        if (collectorDown) net.answer(() => ({ status: 503 }));
        const run = (method: unknown, args: unknown[]) => {
          tally.calls++;
          // Odd method names are the snippet queue's business (below): here, only the instance's methods.
          if (typeof method != 'string' || !Object.hasOwn(waymark, method)) return;
          try {
            const fn = (waymark as any)[method];
            {
              const out = fn(...args);
              if (out instanceof Promise) out.catch((e) => escaped.push(e));
            }
          } catch (e) {
            tally.thrown++;
            escaped.push(e);
          }
        };
        run('track', ['product_viewed', { id: 'before' }]);
        for (const [method, args] of calls) run(method, args);
        // Whatever happened, a consented shopper's good event still goes.
        run('consent', ['granted']);
        run('track', ['product_viewed', { id: 'after' }]);
        await settle();
        await settle();
        const stored = Object.keys(localStorage)
          .filter((k) => k.startsWith('wm.q.'))
          .flatMap((k) => JSON.parse(localStorage[k]!));
        expect(stored.length).toBeLessThanOrEqual(20);
        expect(escaped).toEqual([]);
        if (!collectorDown) {
          await waymark.flush();
          const ids = net.events().map((e) => e.props.id);
          expect(ids).toContain('after');
          // `before` goes unless a denial or a reset in between dropped it.
          if (!calls.some(([m]) => m === 'consent' || m === 'reset')) expect(ids).toContain('before');
        }
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});

describe('random configuration', () => {
  it('createWaymark never throws, nor does anything it starts (timers, storage writes, page views)', async () => {
    const junk = fc.option(value(), { nil: undefined });
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          pageTypes: junk, domains: junk, plugins: junk, beforeSend: junk, format: junk, headers: junk, stripParams: junk,
          storage: junk, consent: junk, redact: junk, respectPrivacySignals: junk, sessionMinutes: junk, batchSize: junk,
          flushInterval: junk, maxQueueEvents: junk, maxQueueBytes: junk, maxRetries: junk, maxRetryDelay: junk, debug: fc.constant(false),
        }, { requiredKeys: [] }),
        async (config) => {
          tally.runs++;
          tally.calls++;
          localStorage.clear();
          const net = fakeTransport();
          try {
            const { createWaymark } = await import('../../src/index');
            const waymark = createWaymark({ endpoint: '/collect', ...(config as object) });
            waymark.track('product_viewed', { id: 'a' });
            waymark.page();
            await settle();
            waymark.destroy();
            void net;
          } catch (e) {
            tally.thrown++;
            escaped.push(e);
          }
          await settle();
          expect(escaped.map((e: any) => String(e) + (e?.stack ?? '').split('\n').slice(1, 4).join(' '))).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  }, 120_000);
});

describe('random input at the snippet queue, before and after load', () => {
  const posts: any[] = [];
  beforeEach(() => {
    posts.length = 0;
    vi.stubGlobal('fetch', async (_u: string, init: RequestInit) => (posts.push(JSON.parse(String(init.body))), new Response('')));
    Object.defineProperty(navigator, 'sendBeacon', { value: () => false, configurable: true });
  });
  afterEach(() => void vi.unstubAllGlobals());

  it('never throws, and the good calls are tracked', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(methodName, fc.array(value(), { maxLength: 3 })), { maxLength: 8 }),
        fc.array(fc.tuple(methodName, fc.array(value(), { maxLength: 3 })), { maxLength: 8 }),
        async (before, after) => {
          tally.runs++;
          posts.length = 0;
          localStorage.clear();
          vi.resetModules();
          const w = window as any;
          w.waymark = function () {
            // The stub as the README gives it.
            // eslint-disable-next-line prefer-rest-params
            (w.waymark.q = w.waymark.q || []).push(arguments);
          };
          const safely = (args: unknown[]) => {
            tally.calls++;
            try {
              w.waymark(...args);
            } catch (e) {
              tally.thrown++;
              escaped.push(e);
            }
          };
          safely(['track', 'product_viewed', { id: 'first' }]);
          // Config junk may disable tracking (an endpoint of the wrong type, a denial): not this test's point.
          for (const [m, a] of before) if (!['init', 'consent'].includes(m as string)) safely([m, ...a]);
          safely(['init', { endpoint: '/collect', flushInterval: 1 }]);
          try {
            await import('../../src/browser');
          } catch (e) {
            tally.thrown++;
            escaped.push(e);
          }
          for (const [m, a] of after) if (!['init', 'consent', 'reset'].includes(m as string)) safely([m, ...a]);
          safely(['track', 'product_viewed', { id: 'last' }]);
          safely(['flush']);
          const ids = () => posts.flatMap((b) => b.events.map((e: any) => e.props.id));
          await vi.waitFor(() => expect(ids()).toEqual(expect.arrayContaining(['first', 'last'])));
          // Switched off, so nothing of this run outlives it.
          safely(['destroy']);
          expect(escaped).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);

  it('survives junk as init config and junk in the queue itself', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(value(), { maxLength: 3 }), value(), async (configs, q) => {
        tally.runs++;
        vi.resetModules();
        const w = window as any;
        w.waymark = function () {
          // eslint-disable-next-line prefer-rest-params
          (w.waymark.q = w.waymark.q || []).push(arguments);
        };
        for (const c of configs) w.waymark('init', c);
        if (Math.random() < 0.3) w.waymark.q = q;
        try {
          await import('../../src/browser');
          tally.calls++;
          w.waymark('init', { endpoint: '/collect' });
          w.waymark('track', 'x', {});
        } catch (e) {
          tally.thrown++;
          escaped.push(e);
        }
        await settle();
        w.waymark('destroy');
        expect(escaped).toEqual([]);
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});

describe('a hostile page', () => {
  afterEach(() => vi.restoreAllMocks());

  it('wrappers around JSON.stringify, Array.prototype.push and map, and fetch do not break delivery', async () => {
    const calls = { stringify: 0, push: 0, map: 0, fetch: 0 };
    const { stringify } = JSON;
    const { push, map } = Array.prototype;
    // Plain wrappers, as another script would install them (a spy would record its own calls).
    JSON.stringify = function (this: unknown, ...a: any[]) {
      calls.stringify++;
      return (stringify as any).apply(this, a);
    };
    Array.prototype.push = function (this: unknown[], ...a: unknown[]) {
      calls.push++;
      return push.apply(this, a);
    };
    Array.prototype.map = function (this: unknown[], ...a: any[]) {
      calls.map++;
      return (map as any).apply(this, a);
    } as typeof map;
    const posts: any[] = [];
    vi.stubGlobal('fetch', async (_u: string, init: RequestInit) => (calls.fetch++, posts.push(JSON.parse(String(init.body))), new Response('')));
    vi.resetModules();
    const { createWaymark } = await import('../../src/waymark');
    const waymark = createWaymark({ endpoint: '/collect', trackPages: false });
    waymark.track('product_viewed', { id: 'a', items: [{ id: 'b' }] });
    try {
      await waymark.flush();
    } finally {
      Object.assign(JSON, { stringify });
      Object.assign(Array.prototype, { push, map });
      vi.unstubAllGlobals();
    }
    waymark.destroy();
    expect(posts.flatMap((b) => b.events.map((e: any) => e.props.id))).toEqual(['a']);
    // The page's fetch is used; JSON and array methods are not needed for the event to go.
    expect(calls.fetch).toBeGreaterThan(0);
  });

  it('a fetch that throws at once is a network error: retried later, nothing thrown', async () => {
    vi.stubGlobal('fetch', () => {
      throw new TypeError('blocked by an extension');
    });
    vi.resetModules();
    const { createWaymark } = await import('../../src/waymark');
    const waymark = createWaymark({ endpoint: '/collect', trackPages: false });
    waymark.track('product_viewed', { id: 'a' });
    await expect(waymark.flush()).resolves.toBe(false);
    waymark.destroy();
    vi.unstubAllGlobals();
    expect(escaped).toEqual([]);
  });

  it("chains with other scripts' history.pushState wrappers, installed before and after it", async () => {
    const ran: string[] = [];
    const wrap = (name: string) => {
      const previous = history.pushState;
      history.pushState = function (this: History, ...a: Parameters<History['pushState']>) {
        ran.push(name);
        return previous.apply(this, a);
      };
    };
    const original = history.pushState;
    wrap('before');
    const { waymark, net } = start({ trackPages: true });
    wrap('after');
    history.pushState(null, '', '/products/ridge-mug');
    await settle();
    await waymark.flush();
    history.pushState = original;
    expect(ran).toEqual(['after', 'before']);
    expect(net.events().map((e) => e.page.path)).toEqual(['/', '/products/ridge-mug']);
    history.replaceState(null, '', '/');
  });
});

describe('broken storage', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each([
    ['throws on read and write', { getItem: true, setItem: true, removeItem: true, key: true }],
    ['is full (QuotaExceededError on write)', { setItem: true }],
  ])('storage that %s: events go from memory, one warning in debug mode', async (_name, broken) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    for (const m of Object.keys(broken) as (keyof Storage)[])
      vi.spyOn(Storage.prototype, m as any).mockImplementation(() => {
        throw new DOMException('no', 'QuotaExceededError');
      });
    const { waymark, net } = start({ debug: true });
    for (let i = 0; i < 5; i++) waymark.track('product_viewed', { id: 'p' + i });
    await settle();
    await waymark.flush();
    expect(net.events().map((e) => e.props.id)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
    expect(warn.mock.calls.filter(([m]) => /storage unavailable/.test(m))).toHaveLength(1);
  });

  it('corrupted JSON in every key: reset with a warning, tracking goes on', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    for (const k of ['wm.v', 'wm.s', 'wm.q.old.0', 'wm.h.old']) localStorage.setItem(k, '{"broken');
    const direct = { channel: 'direct', source: 'direct' };
    const ok = { id: 'ok', type: 'product_viewed', ts: 1, stage: 'consideration', lifecycle: 'acquisition', anonymous_id: 'a', session_id: 's', seq: 1, page: { url: '/', path: '/', title: '', referrer: '' }, touch: direct, first_touch: direct, props: {} };
    localStorage.setItem('wm.q.other.3', JSON.stringify([{ id: 1 }, null, 'x', { id: 'half', type: 'product_viewed', props: {} }, ok]));
    const { waymark, net } = start({ debug: true });
    waymark.track('product_viewed', { id: 'a' });
    await settle();
    await waymark.flush();
    expect(net.events().map((e) => e.id)).toEqual(expect.arrayContaining(['ok']));
    // Half an event would be refused by the collector: it is not sent.
    expect(net.events().map((e) => e.id)).not.toContain('half');
    expect(net.events().some((e) => e.props?.id == 'a')).toBe(true);
    expect(warn.mock.calls.map(([m]) => m)).toEqual(expect.arrayContaining([expect.stringMatching(/wm\.v was corrupted/), expect.stringMatching(/wm\.s was corrupted/)]));
    expect(JSON.parse(localStorage.getItem('wm.v')!).anonymous_id).toEqual(expect.any(String));
  });

  it('no localStorage at all (blocked): works in memory', async () => {
    const desc = Object.getOwnPropertyDescriptor(window, 'localStorage')!;
    Object.defineProperty(window, 'localStorage', { get: () => { throw new DOMException('denied', 'SecurityError'); }, configurable: true });
    try {
      const { waymark, net } = start();
      waymark.track('product_viewed', { id: 'a' });
      waymark.consent('denied');
      waymark.consent('granted');
      waymark.track('product_viewed', { id: 'b' });
      await waymark.flush();
      expect(net.events().map((e) => e.props.id)).toEqual(['b']);
    } finally {
      Object.defineProperty(window, 'localStorage', desc);
    }
  });
});

// Keep the import used: the fake transport is what `start` wires in.
void fakeTransport;
