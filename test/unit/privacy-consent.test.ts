import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { start } from './helpers';

const wmKeys = (s: Storage = localStorage) => Object.keys(s).filter((k) => k.startsWith('wm.')).sort();
const setNavigator = (name: string, value: unknown) => Object.defineProperty(navigator, name, { value, configurable: true });

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  setNavigator('globalPrivacyControl', undefined);
  setNavigator('doNotTrack', null);
});

describe('consent', () => {
  it('is granted by default: events are stored and sent', async () => {
    const { waymark, net } = start();
    waymark.track('product_viewed', { id: 'a' });
    await vi.advanceTimersByTimeAsync(0);
    expect(wmKeys()).toContain('wm.v');
    await vi.advanceTimersByTimeAsync(1000);
    expect(net.events().map((e) => e.props.id)).toEqual(['a']);
  });

  it('pending: nothing is sent or written; granting stores and sends what waited, in order', async () => {
    const { waymark, net } = start({ consent: 'pending' });
    const statuses: string[] = [];
    waymark.on('status', (s) => statuses.push(`${s.status}:${s.reason}`));
    waymark.track('product_viewed', { id: 'a' });
    waymark.track('order_completed', { order_id: 'o1', value: 1, currency: 'EUR' });
    await vi.advanceTimersByTimeAsync(5000);
    expect(net.posts).toEqual([]);
    expect(wmKeys()).toEqual([]);
    expect(statuses).toEqual(['queued:consent pending', 'queued:consent pending']);
    waymark.consent('granted');
    await vi.advanceTimersByTimeAsync(1000);
    expect(net.events().map((e) => e.type)).toEqual(['product_viewed', 'order_completed']);
    expect(wmKeys()).toEqual(expect.arrayContaining(['wm.s', 'wm.v']));
    expect(wmKeys()).not.toContain('wm.optout');
  });

  it('pending holds at most maxQueueEvents in memory, the newest', async () => {
    const { waymark, net } = start({ consent: 'pending', maxQueueEvents: 5 });
    for (let i = 0; i < 20; i++) waymark.track('product_viewed', { id: 'p' + i });
    waymark.consent('granted');
    await vi.advanceTimersByTimeAsync(1000);
    expect(net.events().map((e) => e.props.id)).toEqual(['p15', 'p16', 'p17', 'p18', 'p19']);
  });

  it('denied: drops what waited and what was queued, clears every wm.* key, remembers the opt-out', async () => {
    sessionStorage.setItem('wm.debug', '1');
    const { waymark, net } = start({ flushInterval: 60_000 });
    waymark.track('product_viewed', { id: 'a' });
    await vi.advanceTimersByTimeAsync(0);
    expect(wmKeys().length).toBeGreaterThan(2);
    const dropped: string[] = [];
    waymark.on('status', (s) => s.status == 'dropped' && dropped.push(s.reason!));
    waymark.consent('denied');
    waymark.track('product_viewed', { id: 'b' });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(net.posts).toEqual([]);
    expect(dropped).toEqual(['consent denied']);
    expect(wmKeys()).toEqual(['wm.optout']);
    expect(wmKeys(sessionStorage)).toEqual([]);
    expect(localStorage.getItem('wm.optout')).toBe('1');
  });

  it('a remembered opt-out holds on the next page, over the config default, until consent("granted")', async () => {
    localStorage.setItem('wm.optout', '1');
    localStorage.setItem('wm.v', '{"anonymous_id":"old","orders":2,"first_touch":{"channel":"direct","source":"direct"}}');
    const { waymark, net } = start({ consent: 'granted' });
    waymark.track('product_viewed', { id: 'a' });
    await vi.advanceTimersByTimeAsync(2000);
    expect(net.posts).toEqual([]);
    expect(wmKeys()).toEqual(['wm.optout']);
    waymark.consent('granted');
    waymark.track('product_viewed', { id: 'b' });
    await vi.advanceTimersByTimeAsync(2000);
    expect(net.events().map((e) => e.props.id)).toEqual(['b']);
    expect(net.events()[0]!.anonymous_id).not.toBe('old');
    expect(wmKeys()).not.toContain('wm.optout');
  });

  it.each([
    ['globalPrivacyControl', true],
    ['doNotTrack', '1'],
  ])('%s is a denial that consent("granted") cannot lift; respectPrivacySignals: false ignores it', async (name, value) => {
    setNavigator(name, value);
    localStorage.setItem('wm.s', '{}');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { waymark, net } = start({ debug: true });
    waymark.consent('granted');
    waymark.track('product_viewed', { id: 'a' });
    await vi.advanceTimersByTimeAsync(2000);
    expect(net.posts).toEqual([]);
    expect(wmKeys()).toEqual([]);
    expect(warn).toHaveBeenCalledWith('[waymark] consent: denied by a privacy signal');
    const other = start({ respectPrivacySignals: false });
    other.waymark.track('product_viewed', { id: 'b' });
    await vi.advanceTimersByTimeAsync(2000);
    expect(other.net.events().map((e) => e.props.id)).toEqual(['b']);
    warn.mockRestore();
  });

  it('an unknown state warns and changes nothing; an unknown config state waits (pending)', async () => {
    const { waymark, net } = start({ consent: 'yes' as never });
    waymark.track('product_viewed', { id: 'a' });
    waymark.consent('maybe' as never);
    await vi.advanceTimersByTimeAsync(2000);
    expect(net.posts).toEqual([]);
    waymark.consent('granted');
    await vi.advanceTimersByTimeAsync(2000);
    expect(net.events()).toHaveLength(1);
  });

  it('reset() forgets the user: a new anonymous id, no user id', async () => {
    const { waymark, net } = start();
    waymark.identify('customer-42', { order_count: 3 });
    waymark.reset();
    waymark.track('product_viewed', { id: 'a' });
    await vi.advanceTimersByTimeAsync(1000);
    const [identify, after] = net.events();
    expect(identify!.user_id).toBe('customer-42');
    expect(after!.user_id).toBeUndefined();
    expect(after!.anonymous_id).not.toBe(identify!.anonymous_id);
    expect(after!.lifecycle).toBe('acquisition');
    expect(localStorage.getItem('wm.v')).not.toContain('customer-42');
  });
});

describe('storage option', () => {
  it("'none': nothing in localStorage or sessionStorage, events still go; a new visitor on each load", async () => {
    const one = start({ storage: 'none' });
    one.waymark.identify('u1');
    one.waymark.track('product_viewed', { id: 'a' });
    await vi.advanceTimersByTimeAsync(1000);
    const two = start({ storage: 'none' });
    two.waymark.track('product_viewed', { id: 'b' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(wmKeys()).toEqual([]);
    expect(wmKeys(sessionStorage)).toEqual([]);
    expect(one.net.events()).toHaveLength(2);
    expect(two.net.events()[0]!.anonymous_id).not.toBe(one.net.events()[0]!.anonymous_id);
    // A denial is not remembered without storage: the store passes consent on each load.
    two.waymark.consent('denied');
    expect(wmKeys()).toEqual([]);
  });

  it("'session': ids and queue in sessionStorage (this tab), nothing in localStorage", async () => {
    const one = start({ storage: 'session', flushInterval: 60_000 });
    one.waymark.track('product_viewed', { id: 'a' });
    await vi.advanceTimersByTimeAsync(0);
    expect(wmKeys()).toEqual([]);
    expect(wmKeys(sessionStorage)).toEqual(expect.arrayContaining(['wm.s', 'wm.v']));
    expect(wmKeys(sessionStorage).some((k) => k.startsWith('wm.q.'))).toBe(true);
    const two = start({ storage: 'session' });
    two.waymark.track('product_viewed', { id: 'b' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(two.net.events().at(-1)!.anonymous_id).toBe(JSON.parse(sessionStorage.getItem('wm.v')!).anonymous_id);
  });
});

describe('the script-tag stub', () => {
  const posts: any[] = [];
  const load = async (before: unknown[][]) => {
    vi.resetModules();
    const w = window as any;
    w.waymark = function (...a: unknown[]) {
      (w.waymark.q = w.waymark.q || []).push(a);
    };
    for (const c of before) w.waymark(...c);
    await import('../../src/browser');
    return (...a: unknown[]) => w.waymark(...a);
  };
  beforeEach(() => {
    posts.length = 0;
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => (posts.push(JSON.parse(String(init.body))), new Response('')));
    Object.defineProperty(navigator, 'sendBeacon', { value: () => false, configurable: true });
  });
  afterEach(() => {
    (window as any).waymark?.('destroy');
    vi.unstubAllGlobals();
  });
  const sent = () => posts.flatMap((b) => b.events.map((e: any) => e.props.id ?? e.type));

  it.each([
    ['consent before init', [['consent', 'pending'], ['init', { endpoint: '/c' }]]],
    ['consent after init', [['init', { endpoint: '/c' }], ['consent', 'pending']]],
  ])('%s: queued calls wait for consent, the landing page view included', async (_name, calls) => {
    const waymark = await load([...calls, ['track', 'product_viewed', { id: 'a' }]]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(posts).toEqual([]);
    expect(wmKeys()).toEqual([]);
    waymark('consent', 'granted');
    await vi.advanceTimersByTimeAsync(2000);
    expect(sent()).toEqual(['page_viewed', 'a']);
  });

  it('a denial queued before load tracks nothing and is remembered', async () => {
    const waymark = await load([['consent', 'denied'], ['init', { endpoint: '/c' }], ['track', 'product_viewed', { id: 'a' }]]);
    waymark('track', 'product_viewed', { id: 'b' });
    await vi.advanceTimersByTimeAsync(2000);
    expect(posts).toEqual([]);
    expect(wmKeys()).toEqual(['wm.optout']);
  });

  it('consent after load, before init (no endpoint yet), in any order', async () => {
    const waymark = await load([]);
    waymark('track', 'product_viewed', { id: 'a' });
    waymark('consent', 'pending');
    waymark('init', { endpoint: '/c' });
    await vi.advanceTimersByTimeAsync(2000);
    expect(posts).toEqual([]);
    waymark('consent', 'granted');
    await vi.advanceTimersByTimeAsync(2000);
    expect(sent()).toEqual(['page_viewed', 'a']);
  });
});

describe('back from the back/forward cache', () => {
  const back = () => window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));

  it.each([
    ["storage: 'none'", { storage: 'none' as const }],
    ["consent: 'pending', then granted", { consent: 'pending' as const }],
  ])('%s: queued events in memory are kept', async (_name, config) => {
    const { waymark, net } = start({ ...config, flushInterval: 60_000 });
    net.answer(() => ({ status: 503 }));
    waymark.track('product_viewed', { id: 'a' });
    back();
    net.answer(() => ({ status: 200 }));
    waymark.consent('granted');
    back();
    await waymark.flush();
    expect(net.events().map((e) => e.props.id)).toContain('a');
  });
});
