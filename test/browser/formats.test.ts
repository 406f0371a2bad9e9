/**
 * The wire formats end to end, in real headless Chromium: the Alder & Clay storefront
 * (`examples/storefront`) loads `waymark.js` with `data-format` and a format file beside it
 * (`dist/waymark.segment.js`, `dist/waymark.snowplow.js`) configured by `data-*` attributes, the
 * two async scripts arriving in either order, and a fixture page imports the npm build with a
 * format. A shopper goes from the home page to a completed order; the pipeline's
 * collector (its own origin, its own paths) must receive every event exactly once, in the
 * format's shape: Segment's batch call, or a Snowplow `tp2` body that passes the Iglu schemas. A
 * collector that fails first (503) must not cost or double any event.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { closeChromium, launchChromium } from './support/chromium';
import { ROOT, startServer, type TestServer } from './support/server';
import { startPipeline, type Pipeline } from './support/pipeline';
import { read, validateBody } from '../unit/format-iglu';

const AD = 'utm_source=google&utm_medium=cpc&utm_campaign=autumn-kiln&gclid=test-click-1';
const STOREFRONT = path.join(ROOT, 'examples/storefront');

/** The journey to the order: Waymark type and the name each format gives it. */
const JOURNEY: [type: string, segment: string, snowplow: string][] = [
  ['page_viewed', 'page', 'pv'],
  ['page_viewed', 'page', 'pv'],
  ['product_list_viewed', 'Product List Viewed', 'list_view'],
  ['page_viewed', 'page', 'pv'],
  ['product_viewed', 'Product Viewed', 'product_view'],
  ['product_added_to_cart', 'Product Added', 'add_to_cart'],
  ['page_viewed', 'page', 'pv'],
  ['cart_viewed', 'Cart Viewed', 'cart_viewed'],
  ['page_viewed', 'page', 'pv'],
  ['checkout_started', 'Checkout Started', 'checkout_step'],
  ['checkout_step_completed', 'Checkout Step Completed', 'checkout_step'],
  ['checkout_step_completed', 'Checkout Step Completed', 'checkout_step'],
  ['checkout_step_completed', 'Checkout Step Completed', 'checkout_step'],
  ['page_viewed', 'page', 'pv'],
  ['order_completed', 'Order Completed', 'transaction'],
];

let server: TestServer;
let pipeline: Pipeline;
let browser: Browser;
let context: BrowserContext | undefined;

beforeAll(async () => {
  for (const f of ['waymark.js', 'waymark.segment.js', 'waymark.snowplow.js', 'formats/segment.mjs', 'formats/snowplow.mjs'])
    if (!existsSync(path.join(ROOT, 'dist', f))) throw new Error(`dist/${f} is missing: run \`npx rollup -c --silent\` first`);
  server = await startServer();
  pipeline = await startPipeline();
  browser = await launchChromium();
});

afterAll(async () => {
  await context?.close().catch(() => {});
  await closeChromium(browser);
  await pipeline?.close();
  await server?.close();
});

beforeEach(async () => {
  await context?.close().catch(() => {});
  pipeline.collector.reset();
});

/** Serve the storefront with `tag` in place of its `/waymark.js` script tag, on every page. */
const installScript = (tag: string) => {
  for (const file of readdirSync(STOREFRONT).filter((f) => f.endsWith('.html'))) {
    const html = readFileSync(path.join(STOREFRONT, file), 'utf8');
    const swapped = html.replace(/<script async src="\/waymark\.js"[^>]*><\/script>/, tag);
    if (swapped == html) throw new Error(`${file}: no waymark.js script tag to replace`);
    server.page(`/examples/storefront/${file}`, swapped);
  }
};

/** The core told to wait for format `name`, and that format's file beside it: two async scripts. */
const formatTags = (name: string, formatData: string, coreData = '') =>
  `<script async src="/waymark.js" data-endpoint="${pipeline.url}" data-format="${name}" ${coreData}></script>` +
  `<script async src="/waymark.${name}.js" ${formatData}></script>`;

const openPage = async () => {
  context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, errors };
};

const go = async (page: Page, selector: string, url: RegExp) => {
  await Promise.all([page.waitForURL(url), page.click(selector)]);
};

/** Home page from a paid-search ad to a completed order. */
const shop = async (page: Page) => {
  await page.goto(`${server.url}/examples/storefront/index.html?${AD}`);
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
};

/**
 * Wait for `count` events, then a moment for stray copies. Every event arrived; delivery is at
 * least once, so an event may come twice when a page hid while its request was under way (its
 * answer is never seen), but only as the same event: same id, same content but the send time
 * (`stm`), which is what Segment (by `messageId`) and Snowplow (by event id and fingerprint) drop.
 */
const arrived = async (count: number) => {
  await pipeline.collector.waitForUnique(count, undefined, 20_000);
  await new Promise((r) => setTimeout(r, 500));
  const events = pipeline.collector.unique();
  expect(events).toHaveLength(count);
  const first = new Map(events.map((e) => [e.messageId ?? e.eid, e]));
  for (const copy of pipeline.collector.events()) expect({ ...copy, stm: 0 }).toEqual({ ...first.get(copy.messageId ?? copy.eid), stm: 0 });
  return events;
};

describe('segment format in Chromium', () => {
  it('script tag: the storefront journey arrives as Segment batch calls, every event, same id same call', async () => {
    installScript(formatTags('segment', 'data-write-key="wk_test"', 'data-flush-interval="200"'));
    const { page, errors } = await openPage();
    await shop(page);
    const messages = await arrived(JOURNEY.length);
    expect(messages.map((m) => (m.type == 'page' ? 'page' : m.event))).toEqual(JOURNEY.map(([, name]) => name));
    for (const [i, a] of pipeline.collector.attempts().entries()) {
      expect(pipeline.collector.requests[i]!.path).toBe('/v1/batch');
      // No headers configured: text bodies, so beacons work and no preflight is needed.
      expect(a.contentType).toMatch(/^text\/plain/);
      expect(a.body.writeKey).toBe('wk_test');
      expect(Date.parse(a.body.sentAt)).toBeGreaterThan(0);
    }
    // Pages hide mid-batch on every navigation: some batches left by sendBeacon.
    expect(pipeline.collector.attempts().some((a) => a.mode == 'no-cors')).toBe(true);
    const anonymous = new Set(messages.map((m) => m.anonymousId));
    expect(anonymous.size).toBe(1);
    for (const m of messages) {
      expect(m.messageId).toMatch(/^[0-9a-f-]{36}$/);
      expect(Date.parse(m.timestamp)).toBeGreaterThan(0);
      expect(m.context.campaign).toEqual({ name: 'autumn-kiln', source: 'google', medium: 'cpc' });
      expect(m.properties.journey_stage).toBe(m.context.waymark.stage);
    }
    const order = messages.find((m) => m.event == 'Order Completed');
    expect(order.properties).toMatchObject({ total: 60, revenue: 38, tax: 10, shipping: 12, currency: 'EUR', payment_method: 'paypal', lifecycle_stage: 'conversion' });
    expect(order.properties.products).toEqual([expect.objectContaining({ product_id: 'ridge-mug', quantity: 2, price: 24 })]);
    expect(messages.find((m) => m.event == 'Product Added').properties).toMatchObject({ product_id: 'ridge-mug', variant: 'Moss', quantity: 2 });
    expect(errors).toEqual([]);
  });

  it('npm build: createWaymark with segment(), the collector answers 503 first, every event still arrives once', async () => {
    pipeline.collector.respond(({ index }) => (index == 0 ? 503 : 200));
    server.page(
      '/test/browser/fixtures/formats-segment.html',
      `<!doctype html><title>Segment (npm)</title><script type="module">
        const { createWaymark } = await import('/dist/waymark.mjs');
        const { segment } = await import('/dist/formats/segment.mjs');
        window.wm = createWaymark({ endpoint: '${pipeline.url}', flushInterval: 100, maxRetryDelay: 300, format: segment({ writeKey: 'wk_npm' }) });
        wm.track('product_viewed', { id: 'ridge-mug', price: 24, currency: 'EUR' });
        wm.track('product_added_to_cart', { id: 'ridge-mug', price: 24, currency: 'EUR' });
        wm.identify('u-42', { email: 'ann@example.com' });
        wm.track('order_completed', { order_id: 'AC-7', value: 24, currency: 'EUR' });
      </script>`,
    );
    const { page, errors } = await openPage();
    await page.goto(`${server.url}/test/browser/fixtures/formats-segment.html`);
    const messages = await arrived(5);
    expect(pipeline.collector.attempts()[0]!.status).toBe(503);
    expect(pipeline.collector.duplicates()).toBe(0);
    expect(messages.map((m) => m.event ?? m.type)).toEqual(['page', 'Product Viewed', 'Product Added', 'identify', 'Order Completed']);
    expect(messages.at(-1).userId).toBe('u-42');
    expect(pipeline.collector.batches().every((b) => b.body.writeKey == 'wk_npm')).toBe(true);
    expect(errors).toEqual([]);
  });
});

describe('snowplow format in Chromium', () => {
  it('script tag: the storefront journey arrives as tp2 bodies that pass the Iglu schemas, every event, same id same event', async () => {
    installScript(formatTags('snowplow', 'data-app-id="alder-clay"', 'data-flush-interval="200"'));
    const { page, errors } = await openPage();
    await shop(page);
    const events = (await arrived(JOURNEY.length)).map(read);
    const names = events.map(({ ev, event }) => (ev.e == 'pv' ? 'pv' : event.data.type));
    expect(names).toEqual(JOURNEY.map(([, , name]) => name));
    for (const [i, a] of pipeline.collector.attempts().entries()) {
      expect(pipeline.collector.requests[i]!.path).toBe('/com.snowplowanalytics.snowplow/tp2');
      // The JSON content type a Snowplow pipeline needs: sent by fetch (never a beacon), preflighted.
      expect(a.contentType).toBe('application/json; charset=utf-8');
      expect(a.mode).toBe('cors');
      expect(validateBody(JSON.stringify(a.body))).toEqual([]);
    }
    for (const { ev, entities } of events) {
      expect(ev).toMatchObject({ aid: 'alder-clay', p: 'web', tna: 'waymark' });
      expect(entities('journey')[0].touch).toEqual({ channel: 'paid_search', source: 'google', medium: 'cpc', campaign: 'autumn-kiln', click_id: 'gclid', click_id_value: 'test-click-1' });
    }
    expect(new Set(events.map(({ ev }) => ev.duid)).size).toBe(1);
    expect(new Set(events.map(({ ev }) => ev.sid)).size).toBe(1);
    const order = events.find(({ event }) => event?.data.type == 'transaction')!;
    expect(order.entities('transaction')[0]).toMatchObject({ revenue: 60, currency: 'EUR', payment_method: 'paypal', total_quantity: 2, tax: 10, shipping: 12 });
    expect(order.entities('journey')[0]).toMatchObject({ event: 'order_completed', stage: 'purchase', lifecycle: 'conversion' });
    expect(errors).toEqual([]);
  });

  it('npm build: the collector answers 503 first, every event still arrives once and validates', async () => {
    pipeline.collector.respond(({ index }) => (index == 0 ? 503 : 200));
    server.page(
      '/test/browser/fixtures/formats-snowplow.html',
      `<!doctype html><title>Snowplow (npm)</title><script type="module">
        const { createWaymark } = await import('/dist/waymark.mjs');
        const { snowplow } = await import('/dist/formats/snowplow.mjs');
        window.wm = createWaymark({ endpoint: '${pipeline.url}', flushInterval: 100, maxRetryDelay: 300, format: snowplow({ appId: 'npm-shop', base64: true }) });
        wm.track('product_viewed', { id: 'ridge-mug', price: 24, currency: 'EUR' });
        wm.track('search_submitted', { query: 'spoon', result_count: 0 });
        wm.track('order_completed', { order_id: 'AC-7', value: 24, currency: 'EUR' });
      </script>`,
    );
    const { page, errors } = await openPage();
    await page.goto(`${server.url}/test/browser/fixtures/formats-snowplow.html`);
    const events = (await arrived(4)).map(read);
    expect(pipeline.collector.attempts()[0]!.status).toBe(503);
    expect(pipeline.collector.duplicates()).toBe(0);
    expect(events.map(({ ev, event }) => (ev.e == 'pv' ? 'pv' : event.data.type))).toEqual(['pv', 'product_view', 'search_submitted', 'transaction']);
    expect(events.every(({ ev }) => ev.cx && !ev.co)).toBe(true);
    for (const a of pipeline.collector.attempts()) expect(validateBody(JSON.stringify(a.body))).toEqual([]);
    expect(errors).toEqual([]);
  });
});

/** Per format: its file's `data-*`, the path its requests go to, and the name it gives each event. */
const FORMAT_FILES: [name: string, data: string, path: string, call: (e: any) => string][] = [
  ['segment', 'data-write-key="wk_test"', '/v1/batch', (m) => m.event ?? m.type],
  ['snowplow', 'data-app-id="alder-clay"', '/com.snowplowanalytics.snowplow/tp2', (e) => (e.e == 'pv' ? 'pv' : read(e).event.data.type)],
];

/** What each format calls a page view, a product view and an order. */
const NAMES: Record<string, string[]> = { segment: ['page', 'Product Viewed', 'Order Completed'], snowplow: ['pv', 'product_view', 'transaction'] };

describe.each(FORMAT_FILES)('%s format file and waymark.js, two async scripts in any order', (name, data, formatPath, call) => {
  /** A page with the snippet, one call queued before either script, and both script tags. */
  const fixture = (page: string) => {
    server.page(
      `/test/browser/fixtures/${page}.html`,
      `<!doctype html><title>${page}</title>
      <script>window.waymark = window.waymark || function () { var a = arguments; return new Promise(function (r) { a.r = r; (waymark.q = waymark.q || []).push(a); }); };
      waymark('track', 'product_viewed', { id: 'ridge-mug', price: 24, currency: 'EUR' });</script>
      ${formatTags(name, data, 'data-flush-interval="100"')}`,
    );
    return `${server.url}/test/browser/fixtures/${page}.html`;
  };
  /** Hold back every request for `pattern` until `release()`. */
  const hold = async (page: Page, pattern: string) => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route(pattern, async (route) => (await held, route.continue()));
    return release;
  };
  const order = () => (window as any).waymark('track', 'order_completed', { order_id: 'AC-7', value: 24, currency: 'EUR' });
  /**
   * The names of `count` events once they arrived. Every request went to the format's path (none
   * left in Waymark's own format), and the page saw no error.
   */
  const delivered = async (count: number, errors: string[]) => {
    const names = (await arrived(count)).map(call);
    expect(pipeline.collector.requests.map((r) => r.path).filter((p) => p != formatPath)).toEqual([]);
    expect(errors).toEqual([]);
    return names;
  };

  it('the format file first: every event leaves once, in the format', async () => {
    const { page, errors } = await openPage();
    const release = await hold(page, '**/waymark.js');
    await page.goto(fixture('format-first'), { waitUntil: 'domcontentloaded' });
    // The format file has run: its registration waits in the snippet's queue.
    await page.waitForFunction(() => (window as any).waymark.q.some((c: IArguments) => c[0] == 'use'));
    release();
    await page.waitForFunction(() => (window as any).waymark.loaded);
    await page.evaluate(order);
    expect(await delivered(3, errors)).toEqual(NAMES[name]);
  });

  it('waymark.js first and the format file late, after events were tracked: nothing leaves before it, then every event once', async () => {
    const { page, errors } = await openPage();
    const release = await hold(page, `**/waymark.${name}.js`);
    await page.goto(fixture('core-first'), { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => (window as any).waymark.loaded);
    await page.evaluate(order);
    // An order is sent at once, and flush sends now: both wait for the format.
    expect(await page.evaluate(() => (window as any).waymark('flush'))).toBe(false);
    expect(pipeline.collector.requests).toEqual([]);
    release();
    expect(await delivered(3, errors)).toEqual(NAMES[name]);
  });

  it('a page whose format file never arrived keeps its events, even through leaving; the next page sends them in the format', async () => {
    const { page, errors } = await openPage();
    await page.route(`**/waymark.${name}.js`, (route) => route.abort());
    await page.goto(fixture('never'), { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => (window as any).waymark.loaded);
    await page.evaluate(order);
    await page.unroute(`**/waymark.${name}.js`);
    // Leaving the page: pagehide and its beacon, which must not carry Waymark's own format.
    await page.goto(fixture('next'));
    // Three from the first page, two from the next; the adopted queue and the page's own may interleave.
    const [view, product, completed] = NAMES[name]!;
    expect((await delivered(5, errors)).sort()).toEqual([view, view, product, product, completed].sort());
  });
});
