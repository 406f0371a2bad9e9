/**
 * The script-tag function, behind the snippet exactly as the README gives it: every call returns
 * what the instance returns (before the SDK loads, a promise that settles with it once the call is
 * replayed), and `waymark('ready', fn)` hands the live instance to `fn` once.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Waymark } from '../../src/types';
import { deps, fakeTransport } from './helpers';

/** The fake transport of the current test, and what the entry's instance is created with. */
const net = vi.hoisted(() => ({ current: undefined as any, deps: undefined as any }));
// The entry's instance gets the fake transport and the test's signal, so it is detached after each test.
vi.mock('../../src/waymark', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/waymark')>();
  return { ...real, createWaymark: (config: any, options: any) => real.createWaymark(config, { ...options, ...net.deps }) };
});

/** The snippet's line in the README's script-tag section. */
const SNIPPET = /^ {2}(window\.waymark = .*)$/m.exec(readFileSync('README.md', 'utf8'))![1]!;
/** The snippet of earlier versions: it returns nothing, and must keep working. */
const OLD_SNIPPET = 'window.waymark = window.waymark || function () { (waymark.q = waymark.q || []).push(arguments); };';

const w = window as unknown as { waymark: ((...args: unknown[]) => any) & { loaded?: boolean } };
const CONFIG = { endpoint: 'https://collect.test/e', trackPages: false };
const load = () => import('../../src/browser');

beforeEach(() => {
  vi.resetModules();
  net.current = fakeTransport();
  net.deps = deps(net.current.transport);
  localStorage.clear();
});
afterEach(() => void delete (window as any).waymark);

describe('the script-tag function', () => {
  it('before the SDK loads, returns promises that settle with what each call returned once replayed', async () => {
    window.eval(SNIPPET);
    const init = w.waymark('init', CONFIG);
    const tracked = w.waymark('track', 'cart_viewed', { value: 12, currency: 'EUR' });
    const flushed = w.waymark('flush');
    expect(flushed).toBeInstanceOf(Promise);
    await load();
    expect(w.waymark.loaded).toBe(true);
    await expect(init).resolves.toBeUndefined();
    await expect(tracked).resolves.toBeUndefined();
    await expect(flushed).resolves.toBe(true);
    expect(net.current.events().map((e) => e.type)).toEqual(['cart_viewed']);
  });

  it('once loaded, returns what the instance returns', async () => {
    window.eval(SNIPPET);
    w.waymark('init', CONFIG);
    await load();
    expect(w.waymark('track', 'signed_up', { method: 'newsletter' })).toBeUndefined();
    await expect(w.waymark('flush')).resolves.toBe(true);
    const unsubscribe = w.waymark('on', 'track', () => {});
    expect(unsubscribe).toBeTypeOf('function');
    expect(net.current.events().map((e) => e.type)).toEqual(['signed_up']);
  });

  it('loaded without an endpoint, holds calls and settles them when init gives one', async () => {
    window.eval(SNIPPET);
    await load();
    const tracked = w.waymark('track', 'loyalty_joined');
    const flushed = w.waymark('flush');
    w.waymark('init', CONFIG);
    await expect(flushed).resolves.toBe(true);
    await expect(tracked).resolves.toBeUndefined();
    expect(net.current.events().map((e) => e.type)).toEqual(['loyalty_joined']);
  });

  it('works behind the snippet of earlier versions, which returns nothing', async () => {
    window.eval(OLD_SNIPPET);
    expect(w.waymark('init', CONFIG)).toBeUndefined();
    w.waymark('track', 'cart_viewed');
    await load();
    await expect(w.waymark('flush')).resolves.toBe(true);
    expect(net.current.events().map((e) => e.type)).toEqual(['cart_viewed']);
  });
});

describe("waymark('ready', fn)", () => {
  it('calls fn once with the instance when the SDK goes live, and at once after that', async () => {
    window.eval(SNIPPET);
    const before: Waymark[] = [];
    w.waymark('ready', (instance: Waymark) => before.push(instance));
    w.waymark('init', CONFIG);
    expect(before).toEqual([]);
    await load();
    expect(before).toHaveLength(1);
    const after: Waymark[] = [];
    w.waymark('ready', (instance: Waymark) => after.push(instance));
    expect(after).toEqual(before);
    w.waymark('track', 'cart_viewed');
    await w.waymark('flush');
    expect([before.length, after.length]).toEqual([1, 1]);
    // The instance is the one the function calls: what fn tracks arrives.
    before[0]!.track('referral_sent');
    await expect(before[0]!.flush()).resolves.toBe(true);
    expect(net.current.events().map((e) => e.type)).toEqual(['cart_viewed', 'referral_sent']);
  });

  it('keeps what fn throws from the page, and warns about it in debug mode', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    window.eval(SNIPPET);
    w.waymark('ready', () => {
      throw new Error('store bug');
    });
    w.waymark('init', { ...CONFIG, debug: true });
    await load();
    expect(() =>
      w.waymark('ready', () => {
        throw new Error('store bug');
      }),
    ).not.toThrow();
    expect(() => w.waymark('ready', 'not a function')).not.toThrow();
    await expect(w.waymark('flush')).resolves.toBe(true);
    expect(warn.mock.calls.map(([m]) => m)).toEqual([
      '[waymark] ready callback failed: Error: store bug',
      '[waymark] ready callback failed: Error: store bug',
      '[waymark] ready needs a function',
    ]);
    warn.mockRestore();
  });
});

describe('a format file beside the script', () => {
  /** The Segment calls that left, by name, in order. */
  const calls = () => [...net.current.posts, ...net.current.beacons].flatMap((b) => b.batch.map((m: any) => m.event ?? m.type));
  const loadFormat = () => import('../../src/formats/scripts/segment');

  it.each([['arriving first', true], ['arriving after events were tracked', false]])(
    '%s: with data-format, every event leaves once and only in its format',
    async (_, first) => {
      window.eval(SNIPPET);
      w.waymark('init', { ...CONFIG, format: 'segment' });
      w.waymark('track', 'cart_viewed');
      if (first) await loadFormat();
      await load();
      w.waymark('track', 'signed_up', { method: 'newsletter' });
      if (!first) {
        await expect(w.waymark('flush')).resolves.toBe(false);
        expect(net.current.posts).toEqual([]);
        await loadFormat();
      }
      await expect(w.waymark('flush')).resolves.toBe(true);
      expect(calls()).toEqual(['Cart Viewed', 'Signed Up']);
    },
  );
});
