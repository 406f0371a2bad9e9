/**
 * The debug overlay in real Chromium, loaded from the built script-tag files: it opens on
 * `?waymark_debug=1`, shows what the instance records, renders hostile data as text, works under a
 * strict CSP and can be minimised and closed.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { closeChromium, launchChromium } from './support/chromium';
import { ROOT, startServer, type TestServer } from './support/server';

const FIXTURE = '/test/browser/fixtures/overlay.html';
const STOREFRONT = '/examples/storefront/index.html';
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'";

let server: TestServer;
let browser: Browser;
let contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
});

beforeEach(() => void server.collector.reset());
afterEach(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => {})));
  contexts = [];
});

afterAll(async () => {
  await closeChromium(browser);
  await server?.close();
});

/** A fresh tab (fresh storage) that records CSP violations and page errors. */
const open = async (url: string, options: { colorScheme?: 'light' | 'dark' } = {}) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  contexts.push(context);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  await context.addInitScript(() => {
    const seen: string[] = ((window as any).__violations = []);
    addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`), true);
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push('pageerror: ' + e.message));
  page.on('console', (m) => /Content Security Policy|Refused to/i.test(m.text()) && problems.push('console: ' + m.text()));
  await page.goto(server.url + url);
  return { page, problems };
};

/** Locators inside the overlay (Playwright CSS pierces open shadow roots). */
const overlay = (page: Page) => {
  const $ = (s: string) => page.locator('waymark-debug ' + s);
  return {
    $,
    rows: () => $('.ev:not([hidden]) .ty').allTextContents(),
    row: (type: string) => $('.ev').filter({ has: page.locator('.ty', { hasText: new RegExp(`^${type}$`) }) }).first(),
    button: (label: string) => $(`button[aria-label^="${label}"]`),
  };
};

const call = (page: Page, ...args: unknown[]) => page.evaluate((a) => (window as any).waymark(...a), args);
const stageLit = (page: Page) =>
  page.locator('waymark-debug .sg li:not(.off)').allTextContents();

describe('debug overlay', () => {
  it('follows a storefront journey: rows, stage badges, delivery status, warnings (screenshot)', async () => {
    const shop = existsSync(path.join(ROOT, STOREFRONT));
    // A slow collector keeps events "queued" long enough to see them change to "sent".
    server.collector.respond(() => ({ delay: 1200 }));
    const { page, problems } = await open((shop ? STOREFRONT : FIXTURE) + '?waymark_debug=1');
    const o = overlay(page);
    await expect.poll(o.rows).toEqual(['page_viewed']);
    await expect(o.row('page_viewed').locator('.b').textContent()).resolves.toBe('awareness');
    await expect(o.$('[role=region]').getAttribute('aria-label')).resolves.toBe('Waymark debug overlay');

    if (shop) {
      // Next page: the tab remembers the overlay, no query parameter needed.
      await page.click('a[href="product-ridge-mug.html"]');
      await page.waitForURL(/product-ridge-mug/);
      await expect.poll(o.rows).toEqual(['product_viewed', 'page_viewed']);
      await page.click('#add-to-cart [type=submit]');
    } else {
      await call(page, 'track', 'product_viewed', { id: 'ridge-mug', name: 'Ridge Stoneware Mug', price: 24, currency: 'EUR' });
      await call(page, 'track', 'product_added_to_cart', { id: 'ridge-mug', name: 'Ridge Stoneware Mug', price: 24, currency: 'EUR' });
    }
    const added = o.row('product_added_to_cart');
    await expect(added.locator('.b').textContent()).resolves.toBe('purchase');
    await expect(added.locator('.st').textContent()).resolves.toBe('queued');
    await expect.poll(() => added.locator('.st').textContent(), { timeout: 10_000 }).toBe('sent');
    await expect(o.row('product_viewed').locator('.b').textContent()).resolves.toBe('consideration');
    expect(await stageLit(page)).toEqual(['awareness', 'consideration', 'purchase']);
    await expect(o.$('.lf [aria-current=step]').textContent()).resolves.toBe('acquisition');
    const sent = server.collector.unique().find((e) => e.type == 'product_added_to_cart');
    await expect(o.$('.jr dd').first().textContent()).resolves.toBe(sent.session_id);

    // A bad event: the validation warning sits beside it.
    await call(page, 'track', 'product_viewed', { id: 'ridge-mug', price: 'abc' });
    const bad = o.$('.ev').first();
    await expect(bad.locator('.ws').textContent()).resolves.toContain('price should be a number');
    await expect(o.$('[aria-live]').first().textContent()).resolves.toMatch(/ · 1 warning$/);

    // The payload of an event, as a tree, and as JSON on the clipboard.
    await added.locator('.row').click();
    await expect(added.locator('.row').getAttribute('aria-expanded')).resolves.toBe('true');
    await expect(added.locator('.pl').textContent()).resolves.toContain(`session_id: "${sent.session_id}"`);

    // `WAYMARK_SCREENSHOTS=1 npm test` refreshes the picture in the README; a normal run leaves it be.
    await page.evaluate(() => scrollTo(0, 0));
    if (process.env.WAYMARK_SCREENSHOTS) {
      mkdirSync(path.join(ROOT, 'docs'), { recursive: true });
      await page.screenshot({ path: path.join(ROOT, 'docs/overlay.png') });
    }

    await added.getByRole('button', { name: 'Copy this event as JSON' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText()).then((t) => JSON.parse(t).id)).toBe(sent.id);
    expect(problems).toEqual([]);
  });

  it('shows retrying with the next attempt, then dropped with the reason', async () => {
    server.collector.down(503);
    const { page } = await open(FIXTURE + '?waymark_debug=1');
    const o = overlay(page);
    const status = o.row('page_viewed').locator('.st');
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/^retrying at \d\d:\d\d:\d\d \(HTTP 503\)$/);
    server.collector.up();
    await call(page, 'flush');
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toBe('sent');

    server.collector.respond(() => 400);
    await call(page, 'track', 'cart_viewed', {});
    await expect
      .poll(() => o.row('cart_viewed').locator('.st').textContent(), { timeout: 10_000 })
      .toMatch(/^dropped \(.*HTTP 400.*\)$/);
    await expect(o.$('.gw').textContent()).resolves.toMatch(/rejected .*HTTP 400/);
  });

  it('renders hostile strings as text and keeps the store CSS out', async () => {
    const { page, problems } = await open(FIXTURE + '?waymark_debug=1');
    const o = overlay(page);
    await expect.poll(o.rows).toEqual(['page_viewed']);
    // Store CSS that tries hard to restyle or hide whatever it can reach.
    await page.addStyleTag({
      content: 'html > *, waymark-debug { display: none !important; font: 40px serif !important; color: red !important; visibility: hidden !important; } #text { font: 15px monospace }',
    });
    const bad = '<img src=x onerror="window.__pwned=1">';
    await page.evaluate((b) => (document.title = b), bad);
    await call(page, 'page');
    await call(page, 'track', bad, { [bad]: bad, note: '<script>window.__pwned=2</script>' });
    await o.row(bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).locator('.row').click();
    await o.$('.ev').nth(1).locator('.row').click();
    // A probe with the same broken src: once its error has fired, an <img src=x> the overlay had
    // let into the page would have fired its onerror too.
    await page.evaluate(() => new Promise((done) => Object.assign(new Image(), { onerror: done, src: 'x' })));

    expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
    expect(await o.$('img').count()).toBe(0);
    expect(await o.$('script').count()).toBe(0);
    expect(await o.$('.ev .ty').first().textContent()).toBe(bad);
    expect(await o.$('.ev .pl').first().textContent()).toContain(bad);
    expect(await o.$('.ev').nth(1).locator('.pl').textContent()).toContain(`title: ${JSON.stringify(bad)}`);

    const look = await page.evaluate(() => {
      const panel = document.querySelector('waymark-debug')!.shadowRoot!.querySelector('.p')!;
      const s = getComputedStyle(panel);
      return { display: getComputedStyle(document.querySelector('waymark-debug')!).display, font: s.fontSize, color: s.color, visible: s.visibility };
    });
    expect(look).toEqual({ display: 'block', font: '12px', color: expect.not.stringMatching(/^rgb\(255, 0, 0\)$/), visible: 'visible' });
    // The overlay did not restyle the page: the fixture's own rule still decides.
    expect(await page.evaluate(() => getComputedStyle(document.getElementById('text')!).fontFamily)).toBe('monospace');
    expect(problems).toEqual([]);
  });

  it(`works under a strict CSP (${CSP}) with no violation`, async () => {
    server.page('/csp/overlay.html', readFileSync(path.join(ROOT, FIXTURE.slice(1)), 'utf8'), { 'Content-Security-Policy': CSP });
    const { page, problems } = await open('/csp/overlay.html?waymark_debug=1');
    const o = overlay(page);
    await expect.poll(o.rows).toEqual(['page_viewed']);
    await call(page, 'track', 'product_viewed', { id: 'mug', price: 'abc' });
    await call(page, 'track', 'web_vital', { name: 'LCP', value: 1234.4, rating: 'good' });
    await o.$('.ev .row').first().click();
    await o.button('Copy this event').first().click();
    await o.button('Move to the next corner').click();
    await o.button('Minimise').click();
    await o.$('.bd').click();
    await expect(o.$('.vt').textContent()).resolves.toMatch(/^Web vitalsLCP 1234 ms/);
    await expect.poll(() => o.row('page_viewed').locator('.st').textContent()).toBe('sent');
    // The panel is styled (constructable stylesheet): its own background, not transparent.
    const bg = await page.evaluate(() => getComputedStyle(document.querySelector('waymark-debug')!.shadowRoot!.querySelector('.p')!).backgroundColor);
    expect(bg).not.toBe('rgba(0, 0, 0, 0)');
    expect(await page.evaluate(() => (window as any).__violations)).toEqual([]);
    expect(problems).toEqual([]);

    // The listener works: an inline style attribute is reported as a violation under this CSP.
    await page.evaluate(() => document.body.setAttribute('style', 'color: red'));
    await expect.poll(() => page.evaluate(() => (window as any).__violations.length)).toBeGreaterThan(0);
  });

  it('loads as a chunk of the npm build (ESM), under the same CSP', async () => {
    server.page('/esm/app.mjs', "import { createWaymark } from '/dist/waymark.mjs';\nwindow.wm = createWaymark({ endpoint: '/collect', overlay: true });", {
      'Content-Type': 'text/javascript; charset=utf-8',
    });
    server.page('/esm/index.html', '<!doctype html><title>ESM</title><script type="module" src="/esm/app.mjs"></script>', {
      'Content-Security-Policy': CSP,
    });
    const { page, problems } = await open('/esm/index.html');
    const o = overlay(page);
    await expect.poll(o.rows).toEqual(['page_viewed']);
    const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
    expect(loaded).toContainEqual(expect.stringMatching(/^\/dist\/chunks\/overlay-[\w-]+\.mjs$/));
    await expect.poll(() => o.row('page_viewed').locator('.st').textContent()).toBe('sent');
    await page.evaluate(() => (window as any).wm.debug(false));
    await expect.poll(() => page.locator('waymark-debug').count()).toBe(0);
    expect(await page.evaluate(() => (window as any).__violations)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('filters by stage and type, pauses, copies without the Clipboard API, clears', async () => {
    const { page } = await open(FIXTURE + '?waymark_debug=1');
    const o = overlay(page);
    await expect.poll(o.rows).toEqual(['page_viewed']);
    await call(page, 'track', 'product_viewed', { id: 'mug' });
    await call(page, 'track', 'product_added_to_cart', { id: 'mug' });
    await o.$('select[aria-label="Filter by stage"]').selectOption('purchase');
    expect(await o.rows()).toEqual(['product_added_to_cart']);
    await o.$('select[aria-label="Filter by stage"]').selectOption('');
    await o.$('select[aria-label="Filter by type"]').selectOption('product_viewed');
    expect(await o.rows()).toEqual(['product_viewed']);
    await o.$('select[aria-label="Filter by type"]').selectOption('');

    await o.button('Pause').click();
    await call(page, 'track', 'cart_viewed', {});
    await expect(o.button('Pause').textContent()).resolves.toBe('Resume (1)');
    expect(await o.rows()).toEqual(['product_added_to_cart', 'product_viewed', 'page_viewed']);
    await o.button('Pause').click();
    expect(await o.rows()).toEqual(['cart_viewed', 'product_added_to_cart', 'product_viewed', 'page_viewed']);

    // Copy without the Clipboard API (an insecure origin, an old browser): the fallback copies.
    await page.evaluate(() => Object.defineProperty(navigator, 'clipboard', { value: undefined }));
    await o.$('.ev .row').first().click();
    await o.button('Copy this event').first().click();
    await expect(o.button('Copy this event').first().textContent()).resolves.toBe('Copied');

    await o.button('Clear').click();
    expect(await o.rows()).toEqual([]);
    await expect(o.$('[aria-live]').first().textContent()).resolves.toBe('0 events · 0 warnings');
  });

  it('has its own colours, light or dark as the shopper prefers', async () => {
    const background = async (colorScheme: 'light' | 'dark') => {
      const { page } = await open(FIXTURE + '?waymark_debug=1', { colorScheme });
      await expect.poll(overlay(page).rows).toEqual(['page_viewed']);
      return page.evaluate(() => getComputedStyle(document.querySelector('waymark-debug')!.shadowRoot!.querySelector('.p')!).backgroundColor);
    };
    expect(await background('light')).toBe('rgb(255, 255, 255)');
    expect(await background('dark')).toBe('rgb(27, 28, 34)');
  });

  it('minimises to a badge (Escape), moves corner, closes and forgets for the tab', async () => {
    const { page } = await open(FIXTURE + '?waymark_debug=1');
    const o = overlay(page);
    await expect.poll(o.rows).toEqual(['page_viewed']);
    await call(page, 'track', 'product_viewed', { id: 'mug', price: 'abc' });

    const host = page.locator('waymark-debug');
    const right = (await host.boundingBox())!;
    await o.button('Move to the next corner').click();
    const left = (await host.boundingBox())!;
    expect(right.x).toBeGreaterThan(600);
    expect(left.x).toBeLessThan(20);

    // Keyboard: Escape minimises and focus follows to the badge; Enter opens again.
    await o.button('Minimise').focus();
    await page.keyboard.press('Escape');
    await expect(o.$('.p').isHidden()).resolves.toBe(true);
    await expect(o.$('.bd').textContent()).resolves.toBe('Waymark 2 · ⚠ 1');
    const focused = () => page.evaluate(() => document.querySelector('waymark-debug')!.shadowRoot!.activeElement?.getAttribute('aria-label'));
    expect(await focused()).toBe('Show the Waymark debug overlay: 2 events · 1 warning');
    await page.keyboard.press('Enter');
    await expect(o.$('.p').isVisible()).resolves.toBe(true);
    expect(await focused()).toBe('Minimise (Escape)');
    const outline = await page.evaluate(() => getComputedStyle(document.querySelector('waymark-debug')!.shadowRoot!.activeElement!).outlineStyle);
    expect(outline).toBe('solid');

    // Remembered for the tab...
    await page.goto(server.url + FIXTURE);
    await expect.poll(o.rows).toEqual(['page_viewed']);
    // ...until closed.
    await o.button('Close').click();
    await expect(host.count()).resolves.toBe(0);
    expect(await page.evaluate(() => sessionStorage.getItem('wm.debug'))).toBeNull();
    await page.reload();
    // Had the SDK asked for the overlay chunk as it started, its mount would run before this import
    // of the same module settles, and a task later the overlay would be there.
    await page.waitForFunction(() => !!(window as any).waymark?.loaded);
    // (As a string: the test runner would rewrite an import() in a function.)
    await page.evaluate(`import(new URL('waymark-debug.mjs', document.querySelector('script[src*="waymark.js"]').src).href).then(() => new Promise((r) => setTimeout(r, 0)))`);
    await expect(host.count()).resolves.toBe(0);

    // The API opens and closes it too.
    await call(page, 'debug');
    await expect.poll(o.rows).toEqual(['page_viewed']);
    await call(page, 'debug', false);
    await expect.poll(() => host.count()).toBe(0);
  });
});
