/**
 * A shopper's whole journey through the example shops, in real headless Chromium: the Alder & Clay
 * storefront (`examples/storefront`, script tag behind the snippet stub, served with a strict
 * Content-Security-Policy), the same shop as a client-side-routed SPA (`examples/spa-shop`,
 * `dist/waymark.mjs` imported as an ES module), and as a React app (`examples/react-shop`, built
 * by Vite against the package that `npm pack` makes, as a store would install it). The shopper arrives from a paid search ad, browses,
 * buys, tracks the order and writes a review; the collector must receive every event exactly once,
 * in order, with the right journey stage, lifecycle stage and touchpoint, in batches that match
 * the published wire format.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { closeChromium, launchChromium } from './support/chromium';
import { ROOT, startServer, type TestServer } from './support/server';
import { buildReactShop, installPacked, REACT_SHOP, typecheck, type Chunk } from './support/packed';
import { problemsOf } from '../../examples/collector/validate.mjs';

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'";
const AD = 'utm_source=google&utm_medium=cpc&utm_campaign=autumn-kiln&gclid=test-click-1';

/** The journey, event by event: type, page type (page views), journey stage, lifecycle stage. */
const JOURNEY: [type: string, page: string, stage: string, lifecycle: string][] = [
  ['page_viewed', 'home', 'awareness', 'acquisition'],
  ['page_viewed', 'category', 'consideration', 'acquisition'],
  ['product_list_viewed', 'category', 'consideration', 'acquisition'],
  ['page_viewed', 'product', 'consideration', 'acquisition'],
  ['product_viewed', 'product', 'consideration', 'acquisition'],
  ['product_added_to_cart', 'product', 'purchase', 'acquisition'],
  ['page_viewed', 'cart', 'purchase', 'acquisition'],
  ['cart_viewed', 'cart', 'purchase', 'acquisition'],
  ['page_viewed', 'checkout', 'purchase', 'acquisition'],
  ['checkout_started', 'checkout', 'purchase', 'acquisition'],
  ['checkout_step_completed', 'checkout', 'purchase', 'acquisition'],
  ['checkout_step_completed', 'checkout', 'purchase', 'acquisition'],
  ['checkout_step_completed', 'checkout', 'purchase', 'acquisition'],
  ['page_viewed', 'confirmation', 'purchase', 'acquisition'],
  ['order_completed', 'confirmation', 'purchase', 'conversion'],
  ['page_viewed', 'order_status', 'retention', 'conversion'],
  ['order_status_viewed', 'order_status', 'retention', 'conversion'],
  ['page_viewed', 'account', 'retention', 'conversion'],
  ['review_submitted', 'account', 'advocacy', 'advocacy'],
];

let server: TestServer;
let browser: Browser;
let context: BrowserContext | undefined;

beforeAll(async () => {
  if (!existsSync(path.join(ROOT, 'dist/waymark.js'))) throw new Error('dist/ is missing: run `npx rollup -c --silent` first');
  server = await startServer();
  for (const dir of ['storefront', 'spa-shop', 'react-shop']) server.setHeaders(`/examples/${dir}/*`, { 'Content-Security-Policy': CSP });
  browser = await launchChromium();
});

afterAll(async () => {
  await context?.close().catch(() => {});
  await closeChromium(browser);
  await server?.close();
});

beforeEach(async () => {
  await context?.close().catch(() => {});
  server.collector.reset();
});

/** A fresh profile; page errors and CSP violations of every page it opens are collected. */
const openPage = async () => {
  context = await browser.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  await page.exposeFunction('reportViolation', (v: string) => problems.push('CSP: ' + v));
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as any).reportViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    ),
  );
  return { page, problems };
};

/** Click and wait for the next page (multi-page shop) or route (SPA) whose URL matches. */
const go = async (page: Page, selector: string, url: RegExp) => {
  await Promise.all([page.waitForURL(url), page.click(selector)]);
};

/** The same shopper steps in both shops: their markup shares ids and classes. */
const shop = async (page: Page) => {
  await go(page, 'text=Shop the collection', /collection/);
  await page.waitForSelector('[data-list] .card');
  await go(page, '[data-list] .card >> nth=0 >> a', /ridge-mug/);
  await page.click('text=Moss');
  await page.fill('#add-to-cart input[name=quantity]', '2');
  await page.click('#add-to-cart button[type=submit]');
  await page.waitForSelector('#go-to-cart:visible');
  await go(page, '#go-to-cart', /cart/);
  await page.waitForSelector('#cart-lines tr');
  await go(page, '#checkout-link', /checkout/);
  await page.fill('#step-contact input[name=email]', 'ann@example.com');
  await page.fill('#step-contact input[name=given]', 'Ann');
  await page.fill('#step-contact input[name=family]', 'Lee');
  await page.click('#step-contact button[type=submit]');
  await page.fill('#step-shipping input[name=address]', '1 Quay Street');
  await page.fill('#step-shipping input[name=city]', 'Galway');
  await page.fill('#step-shipping input[name=postcode]', 'H91 X2Y3');
  await page.check('#step-shipping input[value=express]');
  await page.click('#step-shipping button[type=submit]');
  await page.check('#step-payment input[value=paypal]');
  await go(page, '#step-payment button[type=submit]', /confirmation/);
  await page.waitForSelector('#track-link[href*="order="]');
  await go(page, '#track-link', /order-status/);
  await page.waitForSelector('#review-link[href*="product="]');
  await go(page, '#review-link', /review/);
  await page.fill('#review-form textarea[name=text]', 'Heavy in the hand and the glaze is beautiful.');
  await page.check('#review-form input[name=rating][value="4"]');
  await page.click('#review-form button[type=submit]');
  await page.waitForSelector('#review-done:visible');
};

/** What arrived, checked against the journey; returns the events for further checks. */
const expectJourney = async () => {
  await server.collector.waitForUnique(JOURNEY.length, undefined, 20_000);
  // Give stray copies (a beacon racing a fetch) a moment to show up.
  await new Promise((r) => setTimeout(r, 500));
  const events = server.collector.unique();
  expect(events.map((e) => e.type)).toEqual(JOURNEY.map(([type]) => type));
  expect(events.map((e) => [e.type, e.page.type, e.stage, e.lifecycle])).toEqual(JOURNEY);
  // One visitor, one session, in order, with nothing missing.
  expect(new Set(events.map((e) => e.anonymous_id)).size).toBe(1);
  expect(new Set(events.map((e) => e.session_id)).size).toBe(1);
  expect(events.map((e) => e.seq)).toEqual(JOURNEY.map((_, i) => i + 1));
  expect(events.map((e) => e.ts)).toEqual(events.map((e) => e.ts).sort((a, b) => a - b));
  // The ad click is the session's touch and the visitor's first touch, on every event.
  const ad = { channel: 'paid_search', source: 'google', medium: 'cpc', campaign: 'autumn-kiln', click_id: 'gclid', click_id_value: 'test-click-1' };
  for (const e of events) {
    expect(e.touch).toEqual(ad);
    expect(e.first_touch).toEqual(ad);
    expect(e.invalid).toBeUndefined();
    // Chromium driven by the test is automation, and every event says so.
    expect(e.automated).toBe(true);
  }
  // Every batch the shop sent is a valid batch of the wire format, and was accepted.
  for (const a of server.collector.attempts()) {
    expect(problemsOf(a.body)).toEqual([]);
    expect(a.status).toBe(200);
  }
  return events;
};

/** The commerce properties a store's reports need, on the events that carry them. */
const expectProps = (events: any[]) => {
  const of = (type: string) => events.filter((e) => e.type == type);
  const mug = { id: 'ridge-mug', name: 'Ridge Stoneware Mug', price: 24, currency: 'EUR' };
  expect(of('product_list_viewed')[0].props.items).toHaveLength(4);
  expect(of('product_viewed')[0].props).toMatchObject(mug);
  expect(of('product_added_to_cart')[0].props).toMatchObject({ ...mug, variant: 'Moss', quantity: 2 });
  expect(of('cart_viewed')[0].props).toMatchObject({ value: 52.9, currency: 'EUR', items: [{ ...mug, quantity: 2 }] });
  expect(of('checkout_started')[0].props).toMatchObject({ value: 52.9, currency: 'EUR' });
  expect(of('checkout_step_completed').map((e) => [e.props.step, e.props.option])).toEqual([
    ['contact', undefined],
    ['shipping', 'express'],
    ['payment', 'paypal'],
  ]);
  const order = of('order_completed')[0].props;
  // 2 × 24 + express delivery 12 = 60, VAT (20 %) included.
  expect(order).toMatchObject({ value: 60, currency: 'EUR', tax: 10, shipping: 12, payment_method: 'paypal', items: [{ ...mug, quantity: 2 }] });
  expect(order.order_id).toMatch(/^AC-\d+$/);
  expect(of('order_status_viewed')[0].props).toEqual({ order_id: order.order_id, status: 'shipped' });
  expect(of('review_submitted')[0].props).toMatchObject({ product_id: 'ridge-mug', rating: 4 });
};

/** The journey through a single-page shop at `url`; returns the page's requested paths. */
const expectSinglePageJourney = async (url: string) => {
  const { page, problems } = await openPage();
  const fetched: string[] = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto(url);
  await shop(page);
  const events = await expectJourney();
  expectProps(events);
  // One document, so every page view after the landing came from a route change.
  expect(new Set(events.map((e) => e.page.path)).size).toBe(8);
  expect(server.collector.duplicates()).toBe(0);
  expect(problems).toEqual([]);
  return fetched;
};

describe('the example shops, end to end in Chromium', () => {
  it('storefront (script tag, strict CSP): paid-search visitor to reviewer, every event once, staged', async () => {
    const { page, problems } = await openPage();
    await page.goto(`${server.url}/examples/storefront/index.html?${AD}`);
    await shop(page);
    const events = await expectJourney();
    expectProps(events);
    // Delivery is at least once: a page left while its request was under way (a loaded machine
    // makes that likely) sends that batch again by beacon. A copy is the same event, dropped by id.
    const first = new Map(events.map((e) => [e.id, e]));
    for (const copy of server.collector.events()) expect(copy).toEqual(first.get(copy.id));
    expect(problems).toEqual([]);
  });

  it("storefront: the snippet's calls made before waymark.js arrives settle after it, and ready fires once", async () => {
    const { page, problems } = await openPage();
    // Hold the SDK back until the page has made its calls, so they go through the snippet's queue.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/waymark.js', async (route) => (await held, route.continue()));
    await page.goto(`${server.url}/examples/storefront/index.html`, { waitUntil: 'domcontentloaded' });
    const result = page.evaluate(() => {
      const w = window as any;
      const queued = !w.waymark.loaded;
      w.readyCalls = 0;
      w.waymark('ready', () => w.readyCalls++);
      const flushed = w.waymark('flush');
      w.calledBeforeLoad = true;
      return flushed.then((flushed: boolean) => ({ queued, flushed, readyCalls: w.readyCalls, loaded: w.waymark.loaded }));
    });
    await page.waitForFunction(() => (window as any).calledBeforeLoad);
    release();
    expect(await result).toEqual({ queued: true, flushed: true, readyCalls: 1, loaded: true });
    expect(server.collector.unique().map((e) => e.type)).toEqual(['page_viewed']);
    // Once live, a new ready callback runs at once, and the first one does not run again.
    const again = await page.evaluate(() => {
      const w = window as any;
      let kind = '';
      w.waymark('ready', (instance: any) => (kind = typeof instance.track));
      return { kind, readyCalls: w.readyCalls };
    });
    expect(again).toEqual({ kind: 'function', readyCalls: 1 });
    expect(problems).toEqual([]);
  });

  it('SPA shop (ES module, pushState routes): the same journey gives the same events and stages', async () => {
    await expectSinglePageJourney(`${server.url}/examples/spa-shop/index.html?${AD}`);
  });
});

describe('the React shop: Vite + React + TypeScript, with the package as npm packs it', () => {
  const URL_PATH = '/examples/react-shop/dist/index.html';
  let chunks: Chunk[] = [];

  beforeAll(async () => {
    installPacked();
    chunks = await buildReactShop();
  }, 180_000);

  /** The chunk that holds the debug overlay (the only code that defines its element). */
  const overlayChunks = () => chunks.filter((c) => c.code.includes('waymark-debug'));

  it('type-checks against the types in the tarball', () => {
    expect(typecheck(REACT_SHOP)).toBe('');
  });

  it('the same journey gives the same events and stages, and never fetches the overlay', async () => {
    const fetched = await expectSinglePageJourney(`${server.url}${URL_PATH}?${AD}`);
    expect(fetched.filter((p) => overlayChunks().some((c) => p.endsWith('/' + c.fileName)))).toEqual([]);
  });

  it('keeps the debug overlay out of the main chunk, and loads it on ?waymark_debug=1', async () => {
    const main = chunks.filter((c) => c.isEntry);
    expect(main).toHaveLength(1);
    expect(main[0]!.moduleIds.some((id) => id.includes('/node_modules/waymark/dist/'))).toBe(true);
    expect(main[0]!.code).not.toContain('waymark-debug');
    const overlay = overlayChunks();
    expect(overlay.map((c) => c.isDynamicEntry)).toEqual([true]);

    const { page, problems } = await openPage();
    const loaded = page.waitForRequest((r) => r.url().endsWith('/' + overlay[0]!.fileName));
    await page.goto(`${server.url}${URL_PATH}?waymark_debug=1`);
    await loaded;
    await page.locator('waymark-debug .ty', { hasText: /^page_viewed$/ }).first().waitFor();
    expect(problems).toEqual([]);
  });
});
