/**
 * The three promises under real timing, in real headless Chromium against the built script-tag
 * files: nothing is lost (leaving with a slow collector, a page open for a long time), nothing is
 * stored or sent without consent, nothing hurts the store (an off switch, hostile configuration,
 * secrets in URLs). Pages are made up per test and load `waymark.js` and capture modules by
 * script tag, as a store does.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { useChromium } from './support/harness';
import { startCollector } from '../../examples/collector/collector.mjs';

const MODULES = ['vitals', 'checkout-timing', 'cart-abandonment', 'json-ld', 'data-layer', 'engagement', 'declarative'];

const chromium = useChromium();
let pages = 0;

interface ShopPage {
  /** Capture modules to load, each by its own script tag. */
  modules?: string[];
  /** `waymark('init', …)` before the SDK loads; a string is taken as JavaScript. */
  init?: object | string;
  /** The collector; the test server's second origin by default. */
  endpoint?: string;
  body?: string;
  /** JavaScript run first, before the snippet. */
  head?: string;
  query?: string;
}

/** Serve a made-up shop page and return its URL. */
const shop = (o: ShopPage = {}): string => {
  const path = `/shop-${++pages}.html`;
  const init = typeof o.init == 'string' ? o.init : JSON.stringify(o.init ?? {});
  chromium.server.page(
    path,
    `<!doctype html><html lang="en" data-waymark-page="product"><head><meta charset="utf-8"><title>Shop</title>
<script>${o.head ?? ''}
window.waymark = function () { (waymark.q = waymark.q || []).push(arguments); };
waymark('init', ${init});</script>
${(o.modules ?? []).map((m) => `<script async src="/waymark.${m}.js"></script>`).join('\n')}
<script async src="/waymark.js" data-endpoint="${o.endpoint ?? chromium.server.crossUrl + '/collect'}"></script>
</head><body><h1>Ridge mug</h1><p style="height:3000px">A long story.</p>${o.body ?? ''}</body></html>`,
  );
  return chromium.server.url + path + (o.query ?? '');
};

/** Every request but a GET (sendBeacon and fetch POSTs) the page makes, as `METHOD url`. */
const requests = (page: Page) => {
  const seen: string[] = [];
  page.on('request', (r) => void (r.method() != 'GET' && seen.push(`${r.method()} ${r.url()}`)));
  return seen;
};

/** Open `url` and wait until every script of the page has run (async scripts hold `load`). */
const open = async (page: Page, url: string) => {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => !!(window as any).waymark && !('q' in (window as any).waymark));
};

describe('nothing lost', () => {
  it('leaving while a slow collector (1.5 s an answer) holds a batch: every event arrives within 2 s of the next page, 20 times out of 20', async () => {
    chromium.server.collector.respond(() => ({ status: 200, delay: 1500 }));
    // The page writes every id it tracks to its own sessionStorage: the list outlives the page.
    const from = shop({
      modules: ['engagement', 'vitals'],
      init: { flushInterval: 50 },
      head: `addEventListener('DOMContentLoaded', function () {
        waymark('on', 'track', function (e) { sessionStorage.setItem('tracked', (sessionStorage.getItem('tracked') || '') + ' ' + e.id); });
      });`,
    });
    const to = shop();
    const late: string[] = [];
    for (let round = 0; round < 20; round++) {
      const page = await chromium.context.newPage();
      await open(page, from);
      await page.evaluate(() => {
        for (let i = 0; i < 5; i++) (window as any).waymark('track', 'product_viewed', { id: 'mug-' + i });
      });
      // A batch is on its way and unanswered when the shopper moves on.
      await chromium.server.collector.waitFor((c) => c.attempts().some((a) => a.status == 0), 10_000, 'a batch in flight');
      await page.mouse.wheel(0, 500);
      await page.goto(to, { waitUntil: 'load' });
      const arrived = Date.now();
      const tracked: string[] = (await page.evaluate(() => sessionStorage.getItem('tracked') ?? '')).trim().split(' ');
      expect(tracked.length).toBeGreaterThanOrEqual(7);
      const got = (id: string) => chromium.server.collector.attempts().find((a) => a.events.some((e) => e.id == id));
      await chromium.server.collector.waitFor(() => tracked.every(got), 10_000, `round ${round}: ${tracked.length} events`);
      // Arrived at the collector within 2 s of the next page (the answer may take 1.5 s more).
      const last = Math.max(...tracked.map((id) => got(id)!.at));
      if (last - arrived > 2000) late.push(`round ${round}: ${last - arrived} ms`);
      await chromium.server.collector.waitFor((c) => tracked.every((id) => c.unique().some((e) => e.id == id)), 10_000, 'answered 2xx');
      await page.close();
      chromium.server.collector.reset();
      chromium.server.collector.respond(() => ({ status: 200, delay: 1500 }));
    }
    expect(late).toEqual([]);
  }, 300_000);

  it('a single page open for 5 minutes, 3 events a second, against the reference collector: all delivered while it is open', async () => {
    const collector = await startCollector({ port: 0, quiet: true });
    try {
      const page = await chromium.context.newPage();
      // The page's clock is the test's: five minutes pass without five minutes of waiting.
      await page.clock.install();
      await open(page, shop({ endpoint: collector.url + '/collect', init: { flushInterval: 1000 } }));
      const count = () => (collector.db.prepare("SELECT count(*) AS n FROM events WHERE type = 'product_viewed'").get() as { n: number }).n;
      for (let second = 0; second < 300; second++) {
        await page.evaluate((s) => {
          for (let i = 0; i < 3; i++) (window as any).waymark('track', 'product_viewed', { id: `mug-${s}-${i}`, name: 'Ridge mug '.repeat(20), price: 12, currency: 'EUR' });
        }, second);
        await page.clock.runFor(1000);
        // Every ten seconds the delivered count catches up before time goes on: no stall.
        if (second % 10 == 9) await vi.waitFor(() => expect(count()).toBe(3 * (second + 1)), { timeout: 15_000, interval: 50 });
      }
      expect(count()).toBe(900);
      expect(page.isClosed()).toBe(false);
    } finally {
      await collector.close();
    }
  }, 300_000);
});

describe('one bad event never sinks a batch', () => {
  it('one invalid event in a batch of 20: the reference collector stores the other 19, the SDK delivers them once and drops only that one', async () => {
    const collector = await startCollector({ port: 0, quiet: true });
    try {
      const page = await chromium.context.newPage();
      // beforeSend breaks one event the way stale stored state or a faulty hook would.
      await open(
        page,
        shop({
          endpoint: collector.url + '/collect',
          init: "{ batchSize: 20, flushInterval: 60000, beforeSend: function (e) { if (e.props.n === 7) e.lifecycle = 'vip'; return e; } }",
          head: `window.statuses = []; addEventListener('DOMContentLoaded', function () { waymark('on', 'status', function (s) { if (s.status != 'queued') window.statuses.push([s.status, s.ids.length, s.reason]); }); });`,
        }),
      );
      // The landing page view went on its own; these 20 go as one batch.
      await page.evaluate(() => (window as any).waymark('flush'));
      await page.evaluate(() => {
        for (let n = 0; n < 20; n++) (window as any).waymark('track', 'product_viewed', { id: 'mug', n });
        return (window as any).waymark('flush');
      });
      const stored = () => collector.db.prepare("SELECT json_extract(json, '$.props.n') AS n FROM events WHERE type = 'product_viewed' ORDER BY n").all().map((r: any) => r.n);
      expect(stored()).toEqual([...Array(20).keys()].filter((n) => n != 7));
      const statuses = await page.evaluate(() => (window as any).statuses);
      expect(statuses).toContainEqual(['dropped', 1, expect.stringContaining('lifecycle must be one of')]);
      expect(statuses.filter((s: any) => s[0] == 'sent').reduce((n: number, s: any) => n + s[1], 0)).toBe(1 + 19);
      expect(statuses.filter((s: any) => s[0] == 'retrying')).toEqual([]);
    } finally {
      await collector.close();
    }
  });
});

describe('nothing stored or sent without consent', () => {
  /** Records every write to Storage, cookies and IndexedDB, and every request the page makes. */
  const RECORDER = `
    window.__writes = [];
    const note = (w) => window.__writes.push(w);
    for (const m of ['setItem', 'removeItem', 'clear']) {
      const f = Storage.prototype[m];
      Storage.prototype[m] = function (...a) { note(m + ' ' + (a[0] ?? '')); return f.apply(this, a); };
    }
    const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
    Object.defineProperty(Document.prototype, 'cookie', { get() { return cookie.get.call(this); }, set(v) { note('cookie ' + v); cookie.set.call(this, v); } });
    const idb = indexedDB.open.bind(indexedDB);
    indexedDB.open = (...a) => (note('indexedDB ' + a[0]), idb(...a));
  `;
  /** A shopping journey through the core and every capture module. */
  const play = async (page: Page) => {
    await page.evaluate(() => {
      const w = (window as any).waymark;
      w('track', 'product_viewed', { id: 'mug', price: 12, currency: 'EUR' });
      (window as any).dataLayer.push({ event: 'add_to_cart', ecommerce: { currency: 'EUR', items: [{ item_id: 'mug', price: 12 }] } });
      w('track', 'cart_viewed', { value: 12, currency: 'EUR', items: [{ id: 'mug', price: 12 }] });
      w('track', 'checkout_started', { value: 12, currency: 'EUR' });
      w('track', 'checkout_step_completed', { step: 'shipping' });
      w('identify', 'user-1', { email: 'ann@example.com' });
      w('track', 'order_completed', { order_id: 'o-1', value: 12, currency: 'EUR' });
    });
    await page.click('#share');
    await page.mouse.wheel(0, 800);
    await page.evaluate(() => history.pushState(null, '', '/cart'));
    await page.evaluate(() => (window as any).waymark('flush'));
  };
  const everything = (init: object, head = '') =>
    shop({
      modules: MODULES,
      init: { ...init, flushInterval: 50 },
      head: RECORDER + head + 'window.dataLayer = [];',
      body: '<button id="share" data-waymark-event="product_shared" data-waymark-network="x">Share</button>',
      query: '?waymark_debug=1',
    });

  it('pending, then denied: no storage write but the opt-out, no request, with the core, every module and the overlay', async () => {
    const page = await chromium.context.newPage();
    const sent = requests(page);
    await open(page, everything({ consent: 'pending' }));
    await page.waitForSelector('waymark-debug');
    await play(page);
    expect(await page.evaluate(() => (window as any).__writes)).toEqual([]);
    await page.evaluate(() => (window as any).waymark('consent', 'denied'));
    await play(page);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
    expect(await page.evaluate(() => (window as any).__writes)).toEqual(['setItem wm.optout']);
    expect(sent).toEqual([]);
    expect(chromium.server.collector.attempts()).toEqual([]);
  });

  it('a page with Global Privacy Control: nothing written, nothing sent', async () => {
    const page = await chromium.context.newPage();
    const sent = requests(page);
    await open(page, everything({}, "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true });"));
    await page.waitForSelector('waymark-debug');
    await play(page);
    await page.evaluate(() => (window as any).waymark('consent', 'granted'));
    await play(page);
    expect(await page.evaluate(() => (window as any).__writes)).toEqual([]);
    expect(sent).toEqual([]);
    expect(chromium.server.collector.attempts()).toEqual([]);
  });
});

describe('nothing hurts the store', () => {
  it("destroy(): no timer fires, no listener runs, history.pushState is the page's own again, no request leaves", async () => {
    const page = await chromium.context.newPage();
    await page.clock.install();
    const sent = requests(page);
    await open(page, shop({ modules: MODULES, init: { flushInterval: 1000 }, head: 'window.dataLayer = [];', body: '<button id="share" data-waymark-event="product_shared" data-waymark-network="x">Share</button>' }));
    await page.evaluate(() => (window as any).waymark('track', 'product_viewed', { id: 'mug' }));
    await page.evaluate(() => (window as any).waymark('destroy'));
    const before = sent.length;
    expect(await page.evaluate(() => history.pushState.toString())).toContain('[native code]');
    await page.evaluate(() => {
      history.pushState(null, '', '/elsewhere');
      (window as any).dataLayer.push({ event: 'add_to_cart', ecommerce: { items: [{ item_id: 'x' }] } });
      (window as any).waymark('track', 'product_viewed', { id: 'after' });
      for (const type of ['pagehide', 'visibilitychange', 'online']) dispatchEvent(new Event(type));
    });
    await page.click('#share');
    await page.mouse.wheel(0, 500);
    // Ten minutes of timers: the heartbeat, retries, flushes, the JSON-LD scan would all have run.
    await page.clock.runFor(600_000);
    const flushed = await page.evaluate(() => (window as any).waymark('flush'));
    expect(flushed === undefined || flushed === false).toBe(true);
    await page.evaluate(() => fetch('/test/browser/fixtures/other.html').then((r) => r.text()));
    expect(sent.length).toBe(before);
    expect(chromium.server.collector.unique().map((e) => e.props.id ?? e.type)).not.toContain('after');
  });

  it('hostile configuration against a failing collector for 30 s: requests stay under the ceiling, nothing throws', async () => {
    chromium.server.collector.down(503);
    const page = await chromium.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.clock.install();
    await open(page, shop({ init: '{ maxRetries: 1e308, maxRetryDelay: 0, batchSize: -1, flushInterval: NaN, maxQueueEvents: "5", sessionMinutes: "x", debug: true }' }));
    for (let second = 0; second < 30; second++) {
      await page.evaluate(() => {
        for (let i = 0; i < 3; i++) (window as any).waymark('track', 'product_viewed', { id: 'mug' });
        for (let i = 0; i < 20; i++) (window as any).waymark('flush');
      });
      await page.clock.runFor(1000);
    }
    // One request per 200 ms at most (MIN_GAP_MS): 150 in 30 s.
    expect(chromium.server.collector.attempts().length).toBeGreaterThan(0);
    expect(chromium.server.collector.attempts().length).toBeLessThanOrEqual(150);
    expect(errors).toEqual([]);
  });

  it('secrets in URLs: a fragment token, ?token=, encoded card and phone numbers and a numeric card in a data attribute never leave', async () => {
    const page = await chromium.context.newPage();
    const target = shop({
      modules: ['declarative'],
      body: '<button id="share" data-waymark-event="product_shared" data-waymark-network="x" data-waymark-card="4111111111111111" data-waymark-url="https://shop.example/p?token=tok#access_token=SECRET">Share</button>',
      query: '?token=TOKEN&c=4111+1111+1111+1111&t=415%20555%200102#access_token=SECRET',
    });
    const from = shop({ query: '?session=SESSION&phone=415%20555%200102', body: `<a id="go" href="${target}">go</a>` });
    await open(page, from);
    await page.click('#go');
    await page.waitForURL(/token=TOKEN/);
    await page.waitForFunction(() => !!(window as any).waymark && !('q' in (window as any).waymark));
    await page.click('#share');
    await page.evaluate(() => (window as any).waymark('flush'));
    await chromium.server.collector.waitFor((c) => c.unique().some((e) => e.type == 'product_shared'), 10_000, 'the share');
    const events = chromium.server.collector.unique();
    const shared = events.find((e) => e.type == 'product_shared');
    expect(shared.props.card).toBe('[card]');
    const text = JSON.stringify(events.map((e) => [e.page, e.props]));
    for (const secret of ['SECRET', 'TOKEN', 'SESSION', '4111', '555']) expect(text).not.toContain(secret);
  });
});
