/**
 * Delivery end to end, in real headless Chromium, against the built script-tag SDK
 * (`dist/waymark.js`) loaded behind the snippet stub by the fixture shop page. The collector is on a
 * second origin, as in production. Every scenario asserts that each event tracked arrives exactly
 * once after de-duplication by id; duplicates (allowed: delivery is at least once) are reported.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { closeChromium, closeContext, heapUsage, launchChromium } from './support/chromium';
import { ROOT, startServer, type TestServer } from './support/server';
import { otherUrl, sdkReady, shopUrl, storedQueue, trackMixed } from './support/shop';

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let runs = 0;

/** A tag unique to one scenario, so it counts only its own events. */
// Letters only: digit runs in props can look like card numbers to the redaction and be replaced.
const letters = (n: number) => n.toString(26).replace(/./g, (c) => String.fromCharCode(97 + parseInt(c, 26)));
const newRun = () => `run-${letters(++runs)}-${letters(Date.now())}`;
const ofRun = (run: string) => (e: any) => e?.props?.run === run;
const received = (run: string) => server.collector.unique().filter(ofRun(run));
const copies = (run: string) => server.collector.events().filter(ofRun(run));

/** A fresh profile (empty storage) with one page on the shop. */
const openShop = async (o: Parameters<typeof shopUrl>[1] = {}): Promise<Page> => {
  context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(shopUrl(server, { cross: true, ...o }));
  if (!o.manual) await sdkReady(page);
  return page;
};

/** Each of `expected` (values of `props.n`) arrived exactly once after de-duplication. */
const expectExactlyOnce = (run: string, count: number) => {
  const ns = received(run).map((e) => e.props.n).sort((a, b) => a - b);
  expect(ns).toEqual(Array.from({ length: count }, (_, i) => i));
};

beforeAll(async () => {
  if (!existsSync(path.join(ROOT, 'dist/waymark.js'))) throw new Error('dist/waymark.js is missing: run `npx rollup -c --silent` first');
  server = await startServer();
  browser = await launchChromium();
});

afterAll(async () => {
  await closeChromium(browser);
  await server?.close();
});

beforeEach(async () => {
  await closeContext(context);
  server.collector.reset();
});

describe('delivery in Chromium (script tag)', () => {
  it('leave: 20 events fired just before navigating away all arrive', async () => {
    const page = await openShop();
    const run = newRun();
    await trackMixed(page, 20, { run, thenGo: otherUrl(server) }).catch(() => {});
    await page.waitForURL(/other\.html/);
    await server.collector.waitForUnique(20, ofRun(run), 10_000);
    expectExactlyOnce(run, 20);
    // At least once: on a loaded machine the batch's fetch can reach the collector just before the
    // page goes, and the leave beacon carries those events again: never more than twice each.
    const dup = copies(run).length - 20;
    if (dup) console.info(`leave: ${dup} duplicate(s) dropped by id`);
    for (const e of received(run)) expect(copies(run).filter((c) => c.id == e.id).length).toBeLessThanOrEqual(2);
    // Text bodies, so no CORS preflight: the collector never saw an OPTIONS request for them.
    expect(server.collector.attempts().every((a) => a.contentType?.startsWith('text/plain'))).toBe(true);
  });

  it('leave: a partial batch goes by sendBeacon when the page hides', async () => {
    // No flush timer before the page hides, however slow the machine makes the navigation.
    const page = await openShop({ interval: 60_000 });
    const run = newRun();
    await trackMixed(page, 7, { run, thenGo: otherUrl(server) }).catch(() => {});
    await server.collector.waitForUnique(7, ofRun(run), 10_000);
    expectExactlyOnce(run, 7);
    const carriers = server.collector.batches().filter((b) => b.events.some(ofRun(run)));
    expect(carriers.map((b) => b.mode)).toEqual(['no-cors']);
  });

  it('leave with a backlog over the 64 KB keepalive quota: what the browser refuses stays stored for the next page', async () => {
    const page = await openShop();
    const run = newRun();
    await trackMixed(page, 200, { run, thenGo: otherUrl(server) }).catch(() => {});
    await page.waitForURL(/other\.html/);
    // Until every event is accounted for: arrived, or stored for the next page.
    let onLeave = 0;
    let left = 0;
    await vi.waitFor(
      async () => {
        onLeave = received(run).length;
        left = (await storedQueue(page)).events;
        expect(onLeave + left).toBeGreaterThanOrEqual(200);
      },
      { timeout: 10_000, interval: 100 },
    );
    console.info(`leave with 200 queued: ${onLeave} arrived as the page left, ${left} stayed in storage`);
    expect(onLeave + left).toBeGreaterThanOrEqual(200);
    await page.goto(shopUrl(server, { cross: true })); // the shopper goes on: the next page adopts the rest
    await server.collector.waitForUnique(200, ofRun(run), 15_000);
    expectExactlyOnce(run, 200);
  });

  it('a crashed tab: its stored events are adopted by another tab', async () => {
    server.collector.down(503);
    const a = await openShop();
    const run = newRun();
    await trackMixed(a, 10, { run });
    // A failed attempt; the events are in storage.
    await server.collector.waitFor((c) => c.attempts().some((x) => x.status == 503 && x.events.some(ofRun(run))), 10_000, 'a failed attempt');
    await vi.waitFor(async () => expect((await storedQueue(a)).events).toBeGreaterThanOrEqual(10), { timeout: 10_000, interval: 100 });
    const crashed = a.waitForEvent('crash', { timeout: 10_000 });
    await a.goto('chrome://crash').catch(() => {}); // the renderer dies: no pagehide, the heartbeat stays
    await crashed;
    server.collector.up();
    const b = await context.newPage();
    await b.goto(shopUrl(server, { cross: true }));
    await sdkReady(b);
    expect(received(run)).toHaveLength(0); // the crashed tab's heartbeat is still fresh
    // Time passes: the crashed tab's heartbeat goes stale (another page ages it), and b adopts.
    const c = await context.newPage();
    await c.goto(otherUrl(server));
    await c.evaluate(() => {
      for (const k of Object.keys(localStorage)) if (k.startsWith('wm.h.')) localStorage.setItem(k, '1');
    });
    await server.collector.waitForUnique(10, ofRun(run), 15_000);
    expectExactlyOnce(run, 10);
    expect(copies(run)).toHaveLength(10);
  });

  it('outage: 10 events survive 10 s of 503, with backoff between attempts', async () => {
    server.collector.failFor(10_000, 503);
    const page = await openShop();
    const run = newRun();
    await trackMixed(page, 10, { run });
    await server.collector.waitForUnique(10, ofRun(run), 40_000);
    expectExactlyOnce(run, 10);
    expect(copies(run)).toHaveLength(10);

    const attempts = server.collector.attempts();
    const failed = attempts.filter((a) => a.status == 503);
    const firstOk = attempts.find((a) => a.status == 200)!;
    // Backoff from 1 s, doubling, with equal jitter: attempt k waits within [2^(k-2), 2^(k-1)] s.
    const times = [...failed, firstOk].map((a) => a.at);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    gaps.forEach((gap, i) => expect(gap, `gap ${i + 1} of ${gaps.join(', ')} ms`).toBeGreaterThanOrEqual(500 * 2 ** i - 150));
    expect(failed.length, 'attempts during a 10 s outage').toBeLessThanOrEqual(6);
    expect(firstOk.at - failed[0]!.at).toBeLessThan(40_000);
  });

  it('outage: Retry-After from a cross-origin collector is honoured', async () => {
    server.collector.respond(({ index }) => (index == 0 ? { status: 503, headers: { 'Retry-After': '3' } } : 200));
    const page = await openShop();
    const run = newRun();
    await trackMixed(page, 3, { run });
    await server.collector.waitForUnique(3, ofRun(run), 15_000);
    expectExactlyOnce(run, 3);
    const [first, second] = server.collector.attempts();
    // Without the header the first retry would come after 0.5 to 1 s.
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(2_900);
    expect(second!.at - first!.at).toBeLessThan(6_000);
  });

  it('offline + reload: events tracked offline survive a reload and leave once online', async () => {
    const page = await openShop({ offline: true });
    await page.evaluate(() => (window as any).offlineReady);
    await page.waitForFunction(() => !!navigator.serviceWorker.controller);
    await server.collector.waitForUnique(1); // the landing page view
    await context.setOffline(true);
    // Emulated offline is not watertight around a reload: the collector also fails every request, as it would offline.
    server.collector.respond(() => ({ destroy: true }));
    const run = newRun();
    await trackMixed(page, 10, { run });
    await vi.waitFor(async () => expect((await storedQueue(page)).events).toBeGreaterThanOrEqual(10), { timeout: 10_000, interval: 100 });
    await page.reload(); // served by the shop's service worker from its cache
    await sdkReady(page);
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    const tried = server.collector.attempts().filter((a) => a.events.some(ofRun(run))).length;
    if (tried) console.info(`offline + reload: ${tried} request(s) reached the collector while emulated offline`);
    server.collector.up();
    await context.setOffline(false);
    await server.collector.waitForUnique(10, ofRun(run), 15_000);
    expectExactlyOnce(run, 10);
    expect(copies(run)).toHaveLength(10);
  });

  it('two tabs: one closes while its request is in flight; nothing is lost', async () => {
    // A slow collector, so that a request is in flight when the tab closes.
    server.collector.respond(() => ({ status: 200, delay: 1_500 }));
    const a = await openShop();
    const b = await context.newPage();
    await b.goto(shopUrl(server, { cross: true }));
    await sdkReady(b);
    const run = newRun();
    await trackMixed(a, 20, { run, start: 0 }); // a full batch: sent at once
    await trackMixed(b, 15, { run, start: 20 });
    await server.collector.waitFor((c) => c.attempts().some((x) => x.events.some((e) => e.props?.run == run && e.props.n < 20)), 5_000);
    await trackMixed(a, 10, { run, start: 35 }); // queued behind the request in flight
    await a.close();
    await trackMixed(b, 5, { run, start: 45 });
    await server.collector.waitForUnique(50, ofRun(run), 30_000);
    expectExactlyOnce(run, 50);
    const dup = copies(run).length - received(run).length;
    console.info(`two tabs: 50 tracked, ${received(run).length} received, ${dup} duplicate(s) dropped by id`);
    expect(dup).toBeLessThanOrEqual(20);
  });

  it('413 splits a batch until the collector takes it', async () => {
    server.collector.respond(({ events }) => (events.length > 5 ? 413 : 200));
    const page = await openShop();
    const run = newRun();
    await trackMixed(page, 20, { run });
    await server.collector.waitForUnique(20, ofRun(run), 15_000);
    expectExactlyOnce(run, 20);
    expect(copies(run)).toHaveLength(20);
    expect(server.collector.attempts().some((a) => a.status == 413)).toBe(true);
    expect(Math.max(...server.collector.batches().map((b) => b.events.length))).toBeLessThanOrEqual(5);
  });

  it('400 drops the batch; later events still go', async () => {
    server.collector.respond(({ events }) => (events.some((e) => e.props?.poison) ? 400 : 200));
    const page = await openShop();
    await server.collector.waitForUnique(1);
    const run = newRun();
    await page.evaluate((run) => {
      (window as any).waymark('track', 'bad_event', { poison: true, run });
      (window as any).waymark('flush');
    }, run);
    await server.collector.waitFor((c) => c.attempts().some((a) => a.status == 400), 5_000);
    await trackMixed(page, 5, { run });
    await server.collector.waitForUnique(5, ofRun(run), 10_000);
    await vi.waitFor(async () => expect((await storedQueue(page)).events).toBe(0), { timeout: 10_000, interval: 100 });
    expectExactlyOnce(run, 5);
    const poisoned = server.collector.attempts().filter((a) => a.events.some((e) => e.props?.poison));
    expect(poisoned).toHaveLength(1); // never retried
    expect(poisoned[0]!.events).toHaveLength(1);
    expect((await storedQueue(page)).events).toBe(0);
  });

  it('calls made to the snippet stub before the script loaded are delivered, in order', async () => {
    const page = await openShop({ manual: true });
    const run = newRun();
    await page.evaluate((run) => {
      const w = (window as any).waymark;
      for (let n = 0; n < 10; n++) w('track', 'queued_event', { n, run });
      w('flush');
      return (window as any).loadWaymark();
    }, run);
    await server.collector.waitForUnique(10, ofRun(run), 10_000);
    expectExactlyOnce(run, 10);
    const arrived = received(run);
    expect(arrived.map((e) => e.props.n)).toEqual([...Array(10).keys()]);
    const seqs = arrived.map((e) => e.seq);
    expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
  });

  it('stays eligible for the back/forward cache and adds no unload listener', async () => {
    const bf = await launchChromium({ bfcache: true });
    try {
      const ctx = await bf.newContext();
      await ctx.addInitScript(() => {
        const seen: string[] = ((window as any).__listeners = []);
        const add = EventTarget.prototype.addEventListener;
        EventTarget.prototype.addEventListener = function (type: string, ...rest: any[]) {
          seen.push(type);
          return (add as any).call(this, type, ...rest);
        };
      });
      const page = await ctx.newPage();
      const cdp = await ctx.newCDPSession(page);
      await cdp.send('Page.enable');
      const blocked: unknown[] = [];
      cdp.on('Page.backForwardCacheNotUsed', (e) => blocked.push(e.notRestoredExplanations));
      await page.goto(shopUrl(server, { cross: true }));
      await sdkReady(page);
      const run = newRun();
      await trackMixed(page, 5, { run });
      await page.evaluate(() => addEventListener('pageshow', (e) => ((window as any).__persisted = e.persisted)));
      await page.goto(otherUrl(server));
      await page.goBack({ waitUntil: 'commit' });
      await page.waitForFunction(() => (window as any).__persisted !== undefined, null, { timeout: 5_000 });
      expect(await page.evaluate(() => (window as any).__persisted), JSON.stringify(blocked)).toBe(true);
      expect(blocked).toEqual([]);
      const listeners: string[] = await page.evaluate(() => (window as any).__listeners);
      expect(listeners).not.toContain('unload');
      expect(listeners).not.toContain('beforeunload');
      expect(await page.evaluate(() => window.onunload)).toBeNull();
      // Restored pages keep tracking.
      await trackMixed(page, 5, { run, start: 5 });
      await server.collector.waitForUnique(10, ofRun(run), 10_000);
      expectExactlyOnce(run, 10);
    } finally {
      await closeChromium(bf);
    }
  });

  it('soak: 100,000 events with the collector down stay within the queue cap and a bounded heap', async () => {
    server.collector.down(503);
    const page = await openShop();
    const run = newRun();
    const heap0 = await heapUsage(page);
    for (let i = 0; i < 100; i++) await trackMixed(page, 1_000, { run, start: i * 1_000 });
    // The queue is written at the end of each task.
    await vi.waitFor(async () => expect((await storedQueue(page)).events).toBeGreaterThan(900), { timeout: 10_000, interval: 100 });
    const stored = await storedQueue(page);
    const heap1 = await heapUsage(page);
    console.info(
      `soak: stored ${stored.events} events (${stored.bytes} B); heap ${(heap0.used / 1e6).toFixed(1)} MB -> ${(heap1.used / 1e6).toFixed(1)} MB`,
    );
    expect(stored.events).toBeLessThanOrEqual(1_000);
    expect(stored.events).toBeGreaterThan(900);
    expect(heap1.used - heap0.used).toBeLessThan(20e6);
    // The collector comes back: the newest events arrive, and the drop count covers the rest.
    server.collector.up();
    await page.evaluate(() => (window as any).waymark('flush'));
    const dropped = () => server.collector.batches().reduce((n, b) => n + (b.body.dropped ?? 0), 0);
    await server.collector.waitFor((c) => c.unique().length + dropped() >= 100_001, 30_000, 'the capped queue and its drop count');
    const got = received(run);
    expect(got.at(-1).props.n).toBe(99_999);
    expect(copies(run).length).toBe(got.length);
    // Every event tracked (the 100,000 and the landing page view) either arrived or was counted as dropped.
    expect(server.collector.unique().length + dropped()).toBe(100_001);
  });
});
