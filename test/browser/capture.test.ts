/**
 * Capture modules end to end, in real headless Chromium: the built script-tag SDK (`/waymark.js`)
 * and the built module files (`dist/waymark.<module>.js`), each added by its own async script tag
 * as a store would, on fixture pages (`fixtures/capture-*.html`). Assertions are on what the
 * collector received.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { ROOT } from './support/server';
import { useChromium } from './support/harness';
import { otherUrl } from './support/shop';

const MODULES = ['vitals', 'checkout-timing', 'cart-abandonment', 'json-ld', 'data-layer', 'engagement', 'declarative'];

const chromium = useChromium(() => {
  for (const f of ['dist/waymark.js', ...MODULES.map((m) => `dist/waymark.${m}.js`)])
    if (!existsSync(path.join(ROOT, f))) throw new Error(`${f} is missing: run \`npx rollup -c --silent\` first`);
});

/** URL of a capture fixture that loads waymark.js and `modules`; the collector is cross-origin. */
const fixture = (name: string, modules: string[], query: Record<string, string> = {}) =>
  `${chromium.server.url}/test/browser/fixtures/capture-${name}.html?` +
  new URLSearchParams({ endpoint: chromium.server.crossUrl + '/collect', modules: modules.join(','), ...query });

/** Open `url` and wait until the SDK and every module script have run. */
const open = async (page: Page, url: string) => {
  await page.goto(url);
  await page.waitForFunction(() => (window as any).captureReady);
  await page.evaluate(() => (window as any).captureReady);
};

const received = (type: string) => chromium.server.collector.unique().filter((e) => e.type == type);
const waitFor = (type: string, count = 1, timeout = 10_000) =>
  chromium.server.collector.waitFor((c) => c.unique().filter((e) => e.type == type).length >= count, timeout, `${count} × ${type}`);
/** The server takes `ms` to answer: a slow resource is the scenario, not a wait of the test. */
const answerAfter = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Resolve once everything the page's SDK queued has reached the collector (`flush()` says nothing is left). */
const flushed = async (page: Page) => expect(await page.evaluate(() => (window as any).waymark('flush'))).toBe(true);

/**
 * Resolve once the page's performance timeline holds the slow image's largest contentful paint
 * and a layout shift: web-vitals observes the same entries (and was observing first), so leaving
 * the page then reports both.
 */
const paintedAndShifted = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        let painted = false;
        let shifted = false;
        const observer = new PerformanceObserver((list) => {
          for (const e of list.getEntries() as any[]) {
            if (e.entryType == 'largest-contentful-paint' && String(e.url).includes('capture-slow.png')) painted = true;
            if (e.entryType == 'layout-shift' && !e.hadRecentInput) shifted = true;
          }
          if (painted && shifted) observer.disconnect(), resolve();
        });
        observer.observe({ type: 'largest-contentful-paint', buffered: true });
        observer.observe({ type: 'layout-shift', buffered: true });
      }),
  );

/** A solid-colour PNG of `w`×`h` pixels. */
const png = (w: number, h: number): Buffer => {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(w, 0);
  header.writeUInt32BE(h, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(w * 3, 0x5a)]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: h }, () => row)));
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
};


describe('capture modules in Chromium (script tag)', () => {
  it('web vitals: a slow image and a late banner report LCP and CLS, tagged with the checkout stage', async () => {
    const image = png(600, 400);
    await chromium.context.route('**/capture-slow.png', async (route) => {
      await answerAfter(800);
      await route.fulfill({ status: 200, contentType: 'image/png', body: image });
    });
    const page = await chromium.context.newPage();
    // A page of the store first, so the checkout page view is not the visit's landing (awareness).
    await open(page, fixture('checkout', []));
    await open(page, fixture('vitals', ['vitals']));
    await page.waitForFunction(() => document.getElementById('slot')!.childElementCount > 0);
    await paintedAndShifted(page);
    // Leaving hides the page: web-vitals reports the final LCP and CLS, Waymark beacons them.
    await page.goto(otherUrl(chromium.server));
    await chromium.server.collector.waitFor(
      (c) => ['LCP', 'CLS'].every((n) => c.unique().some((e) => e.type == 'web_vital' && e.props.name == n)),
      10_000,
      'LCP and CLS',
    );
    const vitals = received('web_vital');
    const lcp = vitals.find((e) => e.props.name == 'LCP');
    const cls = vitals.find((e) => e.props.name == 'CLS');
    expect(lcp.props).toMatchObject({ page_type: 'checkout', page_stage: 'purchase', navigation_type: 'navigate' });
    expect(lcp.props.value).toBeGreaterThanOrEqual(800);
    expect(['good', 'needs-improvement', 'poor']).toContain(lcp.props.rating);
    expect(cls.props.value).toBeGreaterThan(0);
    expect(cls.props).toMatchObject({ page_type: 'checkout', page_stage: 'purchase' });
    expect(lcp.stage).toBe('purchase');
    expect(cls.stage).toBe('purchase');
    // One event per metric of the page.
    const names = vitals.map((e) => e.props.name).sort();
    expect(names.filter((n) => n == 'LCP')).toHaveLength(1);
    expect(names.filter((n) => n == 'CLS')).toHaveLength(1);
    expect(new Set(vitals.map((e) => e.props.id)).size).toBe(vitals.length);
  });

  it('web vitals with attribution: the LCP element and image, the element that shifted', async () => {
    const image = png(600, 400);
    await chromium.context.route('**/capture-slow.png', async (route) => {
      await answerAfter(500);
      await route.fulfill({ status: 200, contentType: 'image/png', body: image });
    });
    const page = await chromium.context.newPage();
    await open(page, fixture('vitals', ['vitals-attribution']));
    await page.waitForFunction(() => document.getElementById('slot')!.childElementCount > 0);
    await paintedAndShifted(page);
    await page.goto(otherUrl(chromium.server));
    await chromium.server.collector.waitFor(
      (c) => ['LCP', 'CLS'].every((n) => c.unique().some((e) => e.type == 'web_vital' && e.props.name == n)),
      10_000,
      'LCP and CLS',
    );
    const vitals = received('web_vital');
    const lcp = vitals.find((e) => e.props.name == 'LCP');
    const cls = vitals.find((e) => e.props.name == 'CLS');
    expect(lcp.props.attribution.target).toContain('hero');
    expect(lcp.props.attribution.url).toContain('capture-slow.png');
    expect(lcp.props.attribution.resourceLoadDuration).toBeGreaterThanOrEqual(400);
    expect(cls.props.attribution.largestShiftTarget).toBeTruthy();
    // Summaries only: no DOM nodes or performance entries on the wire.
    expect(JSON.stringify(lcp.props.attribution).length).toBeLessThan(500);
  });

  it('checkout timing: a reload in the middle of checkout still gives the order its checkout duration', async () => {
    // The page's clock: the shopper's minutes pass at once, across the reload.
    await chromium.context.clock.install();
    const page = await chromium.context.newPage();
    await open(page, fixture('checkout', ['checkout-timing']));
    const started = await page.evaluate(() => {
      (window as any).waymark('track', 'checkout_started', { value: 25, currency: 'EUR' });
      return Date.now();
    });
    await page.clock.runFor(700);
    await page.reload();
    await page.evaluate(() => (window as any).captureReady);
    // The checkout page tracks checkout_started again on load: the clock keeps running.
    await page.evaluate(() => {
      const w = (window as any).waymark;
      w('track', 'checkout_started', { value: 25, currency: 'EUR' });
      w('track', 'checkout_step_completed', { step: 'shipping', option: 'standard' });
    });
    await page.clock.runFor(500);
    const elapsed =
      (await page.evaluate(() => {
        (window as any).waymark('track', 'order_completed', { order_id: 'o-1', value: 25, currency: 'EUR' });
        return Date.now();
      })) - started;
    await waitFor('order_completed');
    const [order] = received('order_completed');
    expect(order.props.checkout_duration_ms).toBeGreaterThanOrEqual(1200);
    expect(order.props.checkout_duration_ms).toBeLessThanOrEqual(elapsed + 50);
    expect(order.props.checkout_within_4min).toBe(true);
  });

  it('cart abandonment: leaving with a full cart yields exactly one cart_abandoned on the next visit', async () => {
    const page = await chromium.context.newPage();
    const cartPage = fixture('cart', ['cart-abandonment', 'declarative']);
    await open(page, cartPage);
    // Declarative tracking: the button's data-waymark-* attributes are the event.
    await page.click('#add');
    await waitFor('product_added_to_cart');
    await page.goto(otherUrl(chromium.server));
    // A new visit: forget the session (`wm.s`), as 30 minutes of absence would.
    const newVisit = () => page.evaluate(() => localStorage.removeItem('wm.s'));
    // The shopper browses. (A module added by script tag starts after the landing page view, so
    // it checks the cart on the next event: see the note on chromium.browser.ts in the module's docs.)
    const browse = async () => {
      await open(page, cartPage);
      await page.evaluate(() => (window as any).waymark('track', 'product_viewed', { id: 'MUG-2' }));
    };
    await newVisit();
    await browse();
    await waitFor('cart_abandoned');
    // The same visit again, then yet another visit: the cart is not reported twice.
    await browse();
    await page.goto(otherUrl(chromium.server));
    await newVisit();
    await browse();
    await waitFor('product_viewed', 3);
    // A report is tracked in the same task as the event that finds the cart: once the queue is
    // empty, every report there is has arrived.
    await flushed(page);
    const reports = received('cart_abandoned');
    expect(reports).toHaveLength(1);
    expect(reports[0].stage).toBe('purchase');
    expect(reports[0].props).toMatchObject({
      value: 12.5,
      currency: 'EUR',
      last_step: 'cart',
      items: [{ id: 'MUG-1', name: 'Blue mug', price: 12.5, quantity: 1 }],
    });
    const [added] = received('product_added_to_cart');
    expect(reports[0].props.cart_session_id).toBe(added.session_id);
    expect(reports[0].session_id).not.toBe(added.session_id);
  });

  it('JSON-LD: a product page yields one product_viewed; one tracked by hand wins', async () => {
    // The page's clock, so the module's moment for a product view by hand can be made to run out.
    await chromium.context.clock.install();
    const page = await chromium.context.newPage();
    await open(page, fixture('product', ['json-ld']));
    await waitFor('product_viewed');
    await flushed(page);
    const views = received('product_viewed');
    expect(views).toHaveLength(1);
    expect(views[0].props).toEqual({ id: 'MUG-1', name: 'Blue mug', brand: 'Acme', category: 'Kitchen', price: 9.9, currency: 'EUR' });

    chromium.server.collector.reset();
    await open(page, fixture('product', ['json-ld'], { manual: '1' }));
    await waitFor('product_viewed');
    // Past the module's moment (500 ms after DOMContentLoaded): it has read the JSON-LD and decided.
    await page.clock.runFor(1000);
    await flushed(page);
    const manual = received('product_viewed');
    expect(manual).toHaveLength(1);
    expect(manual[0].props.name).toBe('Blue mug (by hand)');
  });

  it('data layer: GA4 pushes before and after load become the matching Waymark events', async () => {
    const page = await chromium.context.newPage();
    await open(page, fixture('data-layer', ['data-layer']));
    await waitFor('product_added_to_cart');
    // Pushes after load; dataLayer.push still returns what the original push returned.
    const length = await page.evaluate(() => (window as any).checkout());
    expect(length).toBe(await page.evaluate(() => (window as any).dataLayer.length));
    await waitFor('order_completed');
    await flushed(page);
    const commerce = chromium.server.collector.unique().filter((e) => e.type != 'page_viewed');
    expect(commerce.map((e) => e.type)).toEqual([
      'product_viewed',
      'product_added_to_cart',
      'checkout_started',
      'checkout_step_completed',
      'checkout_step_completed',
      'order_completed',
    ]);
    const [view, add, checkout, shipping, payment, order] = commerce;
    expect(view.props).toEqual({ id: 'MUG-1', name: 'Blue mug', brand: 'Acme', category: 'Kitchen', variant: 'blue', price: 12.5, quantity: 1, currency: 'EUR' });
    expect(add.props).toMatchObject({ id: 'MUG-1', price: 12.5, quantity: 2, currency: 'EUR' });
    expect(checkout.props).toMatchObject({ value: 25, currency: 'EUR', coupon: 'SUMMER', items: [{ id: 'MUG-1', quantity: 2 }] });
    expect(shipping.props).toEqual({ step: 'shipping', option: 'Ground' });
    expect(payment.props).toEqual({ step: 'payment', option: 'Credit Card' });
    expect(order.props).toMatchObject({ order_id: 'T_12345', value: 30.4, tax: 4.9, shipping: 5.5, currency: 'EUR', coupon: 'SUMMER' });
    expect(order.props.items).toEqual([{ id: 'MUG-1', name: 'Blue mug', price: 12.5, quantity: 2, currency: 'EUR' }]);
    expect(order.stage).toBe('purchase');
    expect(commerce.every((e) => !e.invalid)).toBe(true);
  });

  it('engagement and declarative tracking: a click, a scroll, then leaving', async () => {
    // The page's clock, so the shopper's half second on the page passes at once.
    await chromium.context.clock.install();
    const page = await chromium.context.newPage();
    await open(page, fixture('engagement', ['engagement', 'declarative']));
    await page.mouse.move(100, 100);
    await page.mouse.wheel(0, 4000);
    // At the bottom, and a frame later: the module reads the scroll depth once a frame.
    await page.waitForFunction(() => scrollY + innerHeight >= document.documentElement.scrollHeight);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.click('#wish');
    await page.clock.runFor(500);
    await page.goto(otherUrl(chromium.server));
    await waitFor('page_engaged');
    const [engaged] = received('page_engaged');
    expect(engaged.props.active_ms).toBeGreaterThan(500);
    expect(engaged.props.max_scroll_pct).toBe(100);
    expect(engaged.props.interactions).toBeGreaterThanOrEqual(1);
    expect(engaged.props.page_type).toBe('product');
    expect(received('page_engaged')).toHaveLength(1);
    const [wish] = received('wishlist_added');
    expect(wish.props).toEqual({ id: 'MUG-1', price: 12.5 });
  });
});

describe('capture modules in Chromium (npm build, ES modules)', () => {
  it('all modules as plugins: vitals with attribution tagged by the page view, declarative, engagement per route', async () => {
    // The shop's bundler resolves `web-vitals`; here an import map points at node_modules.
    await chromium.context.route('**/node_modules/web-vitals/dist/*.js', (route) =>
      route.fulfill({
        contentType: 'text/javascript',
        body: readFileSync(path.join(ROOT, new URL(route.request().url()).pathname)),
      }),
    );
    const page = await chromium.context.newPage();
    // A page of the store first, so the checkout page view is not the visit's landing.
    await open(page, fixture('checkout', []));
    await open(page, `${chromium.server.url}/test/browser/fixtures/capture-esm.html?endpoint=${encodeURIComponent(chromium.server.crossUrl + '/collect')}`);
    await page.click('#pay');
    await page.evaluate(() => (window as any).dataLayer.push({ event: 'view_item', ecommerce: { currency: 'EUR', items: [{ item_id: 'MUG-1', price: 12.5 }] } }));
    // A route change of a single-page shop ends the first page view's engagement.
    await page.evaluate(() => history.pushState({}, '', '?step=review'));
    await waitFor('page_engaged');
    await page.goto(otherUrl(chromium.server));
    await chromium.server.collector.waitFor((c) => c.unique().filter((e) => e.type == 'page_engaged').length >= 2, 10_000, 'two page_engaged');
    await chromium.server.collector.waitFor((c) => c.unique().some((e) => e.type == 'web_vital' && e.props.name == 'LCP'), 10_000, 'LCP');

    const views = received('page_viewed').filter((e) => e.page.path.endsWith('capture-esm.html'));
    expect(views.map((e) => e.stage)).toEqual(['purchase', 'purchase']);
    const lcp = received('web_vital').find((e) => e.props.name == 'LCP');
    expect(lcp.stage).toBe('purchase');
    expect(lcp.props).toMatchObject({ page_type: 'checkout', page_stage: 'purchase', rating: 'good' });
    expect(lcp.props.attribution.target).toBeTruthy();
    expect(received('checkout_step_completed')[0].props).toEqual({ step: 'payment', option: 'card' });
    expect(received('product_viewed')[0].props).toMatchObject({ id: 'MUG-1', price: 12.5, currency: 'EUR' });
    const engaged = received('page_engaged');
    expect(engaged.map((e) => e.props.page_view_id)).toEqual([views[0].id, views[1].id]);
    expect(engaged[0].props.interactions).toBeGreaterThanOrEqual(1);
    expect(engaged.every((e) => e.stage == 'purchase' && e.props.page_type == 'checkout')).toBe(true);
  });
});
