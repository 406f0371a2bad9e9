import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { judge, retryDelay } from '../../src/delivery/retry';
import { deps, fakeTransport, start, createWaymark } from './helpers';
import { MIN_GAP_MS } from '../../src/config';
import type { Plugin } from '../../src/types';

const product = (id: string) => ['product_viewed', { id }] as const;
const setOnline = (online: boolean) => {
  Object.defineProperty(navigator, 'onLine', { value: online, configurable: true });
  if (online) window.dispatchEvent(new Event('online'));
};
const hide = () => {
  Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
  Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
};
const queued = () => Object.keys(localStorage).filter((k) => k.startsWith('wm.q.')).flatMap((k) => JSON.parse(localStorage[k]));

beforeEach(() => {
  localStorage.clear();
  vi.useFakeTimers();
  setOnline(true);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('what to do with an answer', () => {
  it.each([
    [200, 'done'],
    [204, 'done'],
    [413, 'split'],
    [0, 'retry'],
    [408, 'retry'],
    [429, 'retry'],
    [500, 'retry'],
    [503, 'retry'],
    [400, 'reject'],
    [404, 'reject'],
  ] as const)('%i: %s', (status, verdict) => expect(judge(status)).toBe(verdict));

  it('backs off exponentially with jitter, up to the cap, and honours Retry-After', () => {
    vi.spyOn(Math, 'random').mockReturnValue(1);
    expect([1, 2, 3, 4, 10].map((n) => retryDelay(n, 60_000))).toEqual([1000, 2000, 4000, 8000, 60_000]);
    vi.spyOn(Math, 'random').mockReturnValue(0);
    expect(retryDelay(3, 60_000)).toBe(2000);
    expect(retryDelay(1, 60_000, '7')).toBe(7000);
    expect(retryDelay(1, 60_000, 'Wed, 01 Jan 2031 00:00:30 GMT', Date.parse('2031-01-01T00:00:00Z'))).toBe(30_000);
    vi.spyOn(Math, 'random').mockReturnValue(1);
    expect(retryDelay(2, 60_000, 'soon')).toBe(2000);
  });
});

describe('delivery', () => {
  it('sends a full batch at once and the rest after the flush interval, in order', async () => {
    const { waymark, net } = start({ batchSize: 5, flushInterval: 1000 });
    for (let i = 0; i < 7; i++) waymark.track(...product('p' + i));
    await vi.advanceTimersByTimeAsync(0);
    expect(net.posts.map((b) => b.events.length)).toEqual([5]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(net.posts.map((b) => b.events.length)).toEqual([5, 2]);
    expect(net.events().map((e) => e.props.id)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
    expect(net.posts[0]).toMatchObject({ v: 1, sent_at: expect.any(Number) });
    expect(queued()).toEqual([]);
  });

  it('sends an order at once', async () => {
    const { waymark, net } = start({ flushInterval: 60_000 });
    waymark.track('order_completed', { order_id: 'o1', value: 10, currency: 'EUR' });
    await vi.advanceTimersByTimeAsync(0);
    expect(net.posts).toHaveLength(1);
  });

  it('keeps events in storage until the collector answers 2xx, retrying 5xx with backoff', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1);
    const { waymark, net } = start({ flushInterval: 10 });
    net.answer((n) => ({ status: n < 4 ? 503 : 200 }));
    waymark.track(...product('a'));
    await vi.advanceTimersByTimeAsync(10);
    expect(net.posts).toHaveLength(1);
    expect(queued().map((e) => e.props.id)).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(999);
    expect(net.posts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1 + 2000 + 4000);
    expect(net.posts).toHaveLength(4);
    expect(queued()).toEqual([]);
  });

  it('honours Retry-After', async () => {
    const { waymark, net } = start({ flushInterval: 10 });
    net.answer((n) => (n == 1 ? { status: 429, retryAfter: '30' } : { status: 200 }));
    waymark.track(...product('a'));
    await vi.advanceTimersByTimeAsync(10 + 29_000);
    expect(net.posts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(net.posts).toHaveLength(2);
  });

  it('splits a batch the collector finds too large (413)', async () => {
    const { waymark, net } = start({ batchSize: 4 });
    net.answer((n) => ({ status: n == 1 ? 413 : 200 }));
    for (let i = 0; i < 4; i++) waymark.track(...product('p' + i));
    // Requests start at least MIN_GAP_MS apart.
    await vi.advanceTimersByTimeAsync(2 * MIN_GAP_MS);
    expect(net.posts.map((b) => b.events.length)).toEqual([4, 2, 2]);
  });

  it('a system clock set back an hour does not hold the next request back', async () => {
    const { waymark, net } = start({ flushInterval: 10 });
    waymark.track(...product('a'));
    await vi.advanceTimersByTimeAsync(10);
    expect(net.posts).toHaveLength(1);
    vi.setSystemTime(Date.now() - 3_600_000);
    waymark.track(...product('b'));
    await vi.advanceTimersByTimeAsync(MIN_GAP_MS);
    expect(net.posts.map((b) => b.events[0]!.props.id)).toEqual(['a', 'b']);
  });

  it('drops a batch the collector rejects (400) with a debug warning, and carries on', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.spyOn(console, 'debug').mockImplementation(() => {});
    const { waymark, net } = start({ debug: true, flushInterval: 10 });
    net.answer((n) => ({ status: n == 1 ? 400 : 200 }));
    waymark.track(...product('bad'));
    await vi.advanceTimersByTimeAsync(10);
    waymark.track(...product('good'));
    await vi.advanceTimersByTimeAsync(MIN_GAP_MS);
    expect(net.posts.map((b) => b.events[0]!.props.id)).toEqual(['bad', 'good']);
    expect(queued()).toEqual([]);
    expect(warn).toHaveBeenCalledWith('[waymark] collector rejected 1 event(s) with HTTP 400: dropped');
  });

  it('one event the collector refuses costs that event only: the rest of the batch is delivered once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.spyOn(console, 'debug').mockImplementation(() => {});
    const bodies: any[] = [];
    const transport = {
      post: async (_u: string, body: string) => {
        const batch = JSON.parse(body);
        bodies.push(batch);
        const bad = batch.events.find((e: any) => e.props.id == 'bad');
        return { status: 200, rejected: bad ? [{ id: bad.id, error: 'events[3].props.price must be number' }] : [] };
      },
      beacon: () => false,
    };
    const waymark = createWaymark({ endpoint: '/e', trackPages: false, debug: true, flushInterval: 10 }, deps(transport));
    const statuses: [string, string, string | undefined][] = [];
    waymark.on('status', (s) => s.ids.forEach((id) => statuses.push([id, s.status, s.reason])));
    for (const id of ['a', 'b', 'c', 'bad', 'd']) waymark.track(...product(id));
    await vi.advanceTimersByTimeAsync(10);
    expect(bodies).toHaveLength(1);
    const idOf = (name: string) => bodies[0].events.find((e: any) => e.props.id == name).id;
    expect(statuses.filter(([, s]) => s != 'queued')).toEqual([
      [idOf('bad'), 'dropped', 'events[3].props.price must be number'],
      ...['a', 'b', 'c', 'd'].map((n) => [idOf(n), 'sent', undefined]),
    ]);
    expect(queued()).toEqual([]);
    expect(warn).toHaveBeenCalledWith(`[waymark] collector rejected event ${idOf('bad')}: events[3].props.price must be number`);
    await vi.advanceTimersByTimeAsync(5000);
    expect(bodies).toHaveLength(1);
  });

  it('waits while offline and sends when the network returns', async () => {
    const { waymark, net } = start({ flushInterval: 10 });
    setOnline(false);
    waymark.track(...product('a'));
    await vi.advanceTimersByTimeAsync(5000);
    expect(net.posts).toHaveLength(0);
    setOnline(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(net.posts).toHaveLength(1);
  });

  it('stays within its bounds while the collector is down, and reports what it dropped', async () => {
    const { waymark, net } = start({ maxQueueEvents: 5, flushInterval: 10, maxRetries: 1 });
    net.answer(() => ({ status: 503 }));
    for (let i = 0; i < 8; i++) waymark.track(...product('p' + i));
    await vi.advanceTimersByTimeAsync(10);
    expect(queued().map((e) => e.props.id)).toEqual(['p3', 'p4', 'p5', 'p6', 'p7']);
    net.answer(() => ({ status: 200 }));
    const flushed = waymark.flush();
    await vi.advanceTimersByTimeAsync(MIN_GAP_MS);
    expect(await flushed).toBe(true);
    const last = net.posts.at(-1)!;
    expect(last.dropped).toBe(3);
    expect(last.events.map((e) => e.props.id)).toEqual(['p3', 'p4', 'p5', 'p6', 'p7']);
  });

  it('beacons what is queued when the page hides, and not while the collector fails', async () => {
    const { waymark, net } = start({ flushInterval: 60_000 });
    waymark.track(...product('a'));
    waymark.track(...product('b'));
    await vi.advanceTimersByTimeAsync(0);
    hide();
    expect(net.beacons.flatMap((b) => b.events.map((e) => e.props.id))).toEqual(['a', 'b']);
    await vi.advanceTimersByTimeAsync(0);
    expect(queued()).toEqual([]);

    net.answer(() => ({ status: 503 }));
    waymark.track('order_completed', { order_id: 'o', value: 1, currency: 'EUR' });
    await vi.advanceTimersByTimeAsync(0);
    hide();
    expect(net.beacons).toHaveLength(1);
    expect(queued().map((e) => e.type)).toEqual(['order_completed']);
  });

  it('falls back to keepalive fetch when the beacon is refused', async () => {
    const { waymark, net } = start({ flushInterval: 60_000 });
    net.refuseBeacons();
    waymark.track(...product('a'));
    hide();
    await vi.advanceTimersByTimeAsync(0);
    expect(net.posts.map((b) => b.events[0]!.props.id)).toEqual(['a']);
    expect(queued()).toEqual([]);
  });

  it('lets the next page adopt what a page could not send, and nothing twice', async () => {
    const first = fakeTransport();
    const page = createWaymark({ endpoint: '/e', trackPages: false, flushInterval: 60_000 }, { transport: first.transport });
    setOnline(false);
    page.track(...product('a'));
    page.track(...product('b'));
    window.dispatchEvent(new Event('pagehide'));
    page.destroy(); // The page is gone: it hears nothing more.
    setOnline(true);
    const next = fakeTransport();
    createWaymark({ endpoint: '/e', trackPages: false, flushInterval: 10 }, deps(next.transport));
    await vi.advanceTimersByTimeAsync(10);
    expect(next.events().map((e) => e.props.id)).toEqual(['a', 'b']);
    expect(first.events()).toEqual([]);
    expect(queued()).toEqual([]);
  });

  it('passes events through beforeSend, which can change or drop them, and survives it throwing', async () => {
    let n = 0;
    const { waymark, net } = start({
      beforeSend: (e) => {
        n++;
        if (n == 1) return { ...e, props: { ...e.props, tagged: true } };
        if (n == 2) return null;
        throw new Error('hook bug');
      },
    });
    waymark.track(...product('a'));
    waymark.track(...product('b'));
    waymark.track(...product('c'));
    await waymark.flush();
    expect(net.events().map((e) => [e.props.id, e.props.tagged])).toEqual([
      ['a', true],
      ['c', undefined],
    ]);
  });
});

describe('storage cost', () => {
  it('writes one small chunk per change, even with a full queue while the collector is down', async () => {
    const { waymark, net } = start({ flushInterval: 10, maxRetries: 1 });
    net.answer(() => ({ status: 503 }));
    for (let i = 0; i < 1000; i++) waymark.track(...product('p' + i));
    await vi.advanceTimersByTimeAsync(0);
    const writes: string[] = [];
    const real = Storage.prototype.setItem;
    const setItem = vi.spyOn(Storage.prototype, 'setItem').mockImplementation(function (this: Storage, k: string, v: string) {
      writes.push(v);
      real.call(this, k, v);
    });
    waymark.track(...product('one-more'));
    await vi.advanceTimersByTimeAsync(0);
    setItem.mockRestore();
    const written = writes.join('').length;
    const perEvent = JSON.stringify(queued()[0]).length;
    expect(written).toBeLessThan(perEvent * 45);
    expect(queued()).toHaveLength(1000);
  });
});

describe('leaving with a large queue', () => {
  it('hands one body under the 64 KB limit to the beacon and keeps the rest for the next page', async () => {
    const { waymark, net } = start({ flushInterval: 60_000, batchSize: 1000 });
    net.answer(() => new Promise(() => {}) as never);
    const blob = 'x'.repeat(500);
    for (let i = 0; i < 300; i++) waymark.track('product_viewed', { id: 'p' + i, description: blob } as never);
    hide();
    await vi.advanceTimersByTimeAsync(0);
    expect(net.beacons).toHaveLength(1);
    const sent = net.beacons[0]!.events.length;
    expect(JSON.stringify(net.beacons[0]).length).toBeLessThanOrEqual(60_000);
    expect(sent + queued().length).toBe(300);
  });
});

describe('a pipeline format', () => {
  it('carries its own headers and is split by the size of its own body', async () => {
    const bodies: string[] = [];
    const heads: unknown[] = [];
    const transport = {
      post: async (_u: string, body: string, headers?: Record<string, string>) => (bodies.push(body), heads.push(headers), { status: 200 }),
      beacon: () => false,
    };
    const fat = { headers: { 'Content-Type': 'application/json' }, body: (events: unknown[]) => JSON.stringify(events.map((e) => [e, 'y'.repeat(3000)])) };
    const waymark = createWaymark({ endpoint: '/e', trackPages: false, batchSize: 50, flushInterval: 10, format: fat }, deps(transport));
    for (let i = 0; i < 40; i++) waymark.track(...product('p' + i));
    await vi.advanceTimersByTimeAsync(10 * MIN_GAP_MS);
    expect(heads[0]).toEqual({ 'Content-Type': 'application/json' });
    expect(bodies.every((b) => b.length <= 60_000)).toBe(true);
    expect(bodies.reduce((n, b) => n + JSON.parse(b).length, 0)).toBe(40);
  });

  it('that throws drops its batch with a warning instead of throwing into the page', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.spyOn(console, 'debug').mockImplementation(() => {});
    const bad = { body: () => { throw new Error('broken'); } };
    const { waymark, net } = start({ debug: true, format: bad });
    waymark.track(...product('a'));
    expect(await waymark.flush()).toBe(true);
    expect(net.posts).toHaveLength(0);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('the wire format failed (Error: broken)'));
  });
});

describe('a format given by name', () => {
  /** A format that marks its bodies, so the test sees which format each request used. */
  const tagged = { body: (events: unknown[]) => JSON.stringify({ format: 'tagged', events }) };
  const registers = (name: string): Plugin => (_, context) => context.format(tagged, name);

  it('holds every event in storage, beacons included, until the format of that name registers; then sends each once in it', async () => {
    const { waymark, net } = start({ format: 'tagged', flushInterval: 10 });
    waymark.track(...product('a'));
    waymark.track(...product('b'));
    waymark.track('order_completed', { order_id: 'o1', value: 10, currency: 'EUR' });
    await vi.advanceTimersByTimeAsync(10 * MIN_GAP_MS);
    hide();
    expect(await waymark.flush()).toBe(false);
    // Another format file does not end the wait.
    waymark.use(registers('snowplow'));
    await vi.advanceTimersByTimeAsync(10 * MIN_GAP_MS);
    expect([...net.posts, ...net.beacons]).toEqual([]);
    expect(queued().map((e) => e.props.id ?? e.props.order_id)).toEqual(['a', 'b', 'o1']);

    waymark.use(registers('tagged'));
    await vi.advanceTimersByTimeAsync(MIN_GAP_MS);
    expect(net.posts.map((b: any) => b.format)).toEqual(['tagged']);
    expect(net.events().map((e) => e.props.id ?? e.props.order_id)).toEqual(['a', 'b', 'o1']);
    expect(queued()).toEqual([]);
  });

  it('keeps what a page tracked without its format for the next page, which sends it in the format', async () => {
    const first = fakeTransport();
    const page = createWaymark({ endpoint: '/e', trackPages: false, format: 'tagged' }, deps(first.transport));
    page.track(...product('a'));
    window.dispatchEvent(new Event('pagehide'));
    page.destroy();
    expect(queued().map((e) => e.props.id)).toEqual(['a']);
    const next = fakeTransport();
    // The format file arrived first: the script-tag entry hands it over as a plugin.
    const later = createWaymark({ endpoint: '/e', trackPages: false, format: 'tagged', plugins: [registers('tagged')] }, deps(next.transport));
    later.track(...product('b'));
    expect(await later.flush()).toBe(true);
    expect(first.events()).toEqual([]);
    expect(next.posts.every((b: any) => b.format == 'tagged')).toBe(true);
    expect(next.events().map((e) => e.props.id)).toEqual(['a', 'b']);
  });
});

describe('storage that misbehaves', () => {
  it('recovers from corrupted values and warns in debug mode', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.spyOn(console, 'debug').mockImplementation(() => {});
    localStorage.setItem('wm.v', '{not json');
    localStorage.setItem('wm.q.dead-tab.0', '[{"id":');
    const { waymark, net } = start({ debug: true });
    waymark.track(...product('a'));
    await waymark.flush();
    expect(net.events().map((e) => e.props.id)).toEqual(['a']);
    expect(localStorage.getItem('wm.q.dead-tab.0')).toBeNull();
    expect(warn).toHaveBeenCalledWith('[waymark] stored wm.v was corrupted and has been reset');
  });

  it('keeps working in memory when storage throws, warning once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.spyOn(console, 'debug').mockImplementation(() => {});
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    const { waymark, net } = start({ debug: true });
    for (let i = 0; i < 3; i++) waymark.track(...product('p' + i));
    await waymark.flush();
    expect(net.events()).toHaveLength(3);
    expect(warn.mock.calls.filter(([m]) => String(m).includes('storage'))).toHaveLength(1);
  });
});
