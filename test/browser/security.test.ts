/**
 * Browser security rules, in real Chromium: the Alder & Clay storefront served with a strict
 * Content-Security-Policy that also requires Trusted Types. The shopper's journey is tracked (the
 * collector is same-origin at /collect), the debug overlay opens, and the browser reports no CSP or
 * Trusted Types violation, no page error and no console error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { closeChromium, launchChromium } from './support/chromium';
import { ROOT, startServer, type TestServer } from './support/server';

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; require-trusted-types-for 'script'";

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  if (!existsSync(path.join(ROOT, 'dist/waymark.js'))) throw new Error('dist/ is missing: run `npx rollup -c --silent` first');
  server = await startServer();
  server.setHeaders('/examples/storefront/*', { 'Content-Security-Policy': CSP });
  // The script-tag build loads the overlay from next to itself: /waymark-debug.mjs.
  server.page('/waymark-debug.mjs', readFileSync(path.join(ROOT, 'dist/waymark-debug.mjs'), 'utf8'), {
    'Content-Type': 'text/javascript; charset=utf-8',
  });
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await closeChromium(browser);
  await server?.close();
});

/** A fresh profile whose pages report every violation, page error and console error. */
const openPage = async () => {
  const context = await browser.newContext();
  contexts.push(context);
  await context.addInitScript(() => {
    const seen: string[] = ((window as any).__violations = []);
    addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`), true);
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('console', (m) => m.type() == 'error' && problems.push('console: ' + m.text()));
  return { page, problems };
};

const violations = (page: Page): Promise<string[]> => page.evaluate(() => (window as any).__violations);
const go = (page: Page, selector: string, url: RegExp) => Promise.all([page.waitForURL(url), page.click(selector)]);

describe(`storefront under "${CSP}"`, () => {
  it('tracks the journey with no CSP or Trusted Types violation', async () => {
    server.collector.reset();
    const { page, problems } = await openPage();
    await page.goto(`${server.url}/examples/storefront/index.html`);
    expect(await page.evaluate(() => document.querySelector('meta[http-equiv]'))).toBeNull();
    await go(page, 'text=Shop the collection', /collection/);
    await page.waitForSelector('[data-list] .card');
    await go(page, '[data-list] .card >> nth=0 >> a', /ridge-mug/);
    await page.click('#add-to-cart button[type=submit]');
    await page.waitForSelector('#go-to-cart:visible');
    await go(page, '#go-to-cart', /cart/);
    await page.waitForSelector('#cart-lines tr');
    const types = ['page_viewed', 'page_viewed', 'product_list_viewed', 'page_viewed', 'product_viewed', 'product_added_to_cart', 'page_viewed', 'cart_viewed'];
    await server.collector.waitForUnique(types.length, undefined, 20_000);
    expect(server.collector.unique().map((e) => e.type)).toEqual(types);
    expect(await violations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('opens the debug overlay (?waymark_debug=1) with no violation: import() of the chunk passes Trusted Types', async () => {
    const { page, problems } = await openPage();
    await page.goto(`${server.url}/examples/storefront/index.html?waymark_debug=1`);
    await page.waitForSelector('waymark-debug', { state: 'attached', timeout: 10_000 });
    await expect.poll(() => page.locator('waymark-debug .ev .ty').allTextContents()).toContain('page_viewed');
    const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
    expect(loaded).toContain('/waymark-debug.mjs');
    expect(await violations(page)).toEqual([]);
    expect(problems).toEqual([]);

    // The policy is in force and the listener works: a string into an HTML sink is refused and reported.
    const refused = await page.evaluate(() => {
      try {
        document.body.insertAdjacentHTML('beforeend', '<b>x</b>');
        return false;
      } catch (e) {
        return e instanceof TypeError;
      }
    });
    expect(refused).toBe(true);
    await expect.poll(() => violations(page)).toEqual([expect.stringMatching(/^require-trusted-types-for/)]);
  });
});
