/**
 * The README's platform guides, run as written: the Shopify theme snippet rendered as Liquid, the
 * Google Tag Manager Custom HTML tag inserted the way GTM inserts it, and the WooCommerce header
 * scripts, each in headless Chromium against the local collector with the built script files; the
 * Next.js, Vue and Nuxt files type-checked against the package as `npm pack` makes it.
 * The files here are the ones the README shows (test/node/readme-snippets.test.ts holds it to them).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { closeChromium, launchChromium } from './support/chromium';
import { ROOT, startServer, type TestServer } from './support/server';
import { renderLiquid } from './support/liquid';
import { EXAMPLES, installPacked, typecheck } from './support/packed';

const guide = (file: string) => readFileSync(path.join(ROOT, 'examples/guides', file), 'utf8');

let server: TestServer;
let browser: Browser;
let context: BrowserContext | undefined;

beforeAll(async () => {
  server = await startServer();
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

/** A fresh profile whose page errors are collected. */
const openPage = async () => {
  context = await browser.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  return { page, problems };
};

const page = (head: string, body = '') =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ridge mug</title>${head}</head><body>${body}</body></html>`;

/** GA4 e-commerce, as a store's tag or plugin pushes it. */
const PURCHASE = {
  event: 'purchase',
  ecommerce: { transaction_id: 'T-1001', value: 60, currency: 'EUR', tax: 10, shipping: 12, items: [{ item_id: 'ridge-mug', item_name: 'Ridge mug', price: 24, quantity: 2 }] },
};

/** The events that arrived, as [type, page type, stage, lifecycle]. */
const arrived = async (count: number) => {
  await server.collector.waitForUnique(count);
  // Until the page has seen the collector's answers, closing it beacons what was in flight again:
  // that copy would land in the next test. flush() resolves once nothing is queued or in flight.
  for (const tab of context?.pages() ?? []) await tab.evaluate(() => (window as any).waymark?.loaded && (window as any).waymark('flush'));
  return server.collector.unique().map((e) => [e.type, e.page.type, e.stage, e.lifecycle]);
};

describe('platform guides, as the README gives them', () => {
  it('Next.js, Vue and Nuxt: the files type-check against the types in the tarball', () => {
    installPacked();
    expect(typecheck(path.join(EXAMPLES, 'guides'))).toBe('');
  });

  it('Self-hosting: the integrity hash the README computes lets waymark.js run, and a wrong one stops it', async () => {
    const dist = path.join(ROOT, 'dist');
    const integrity = execFileSync('sh', [path.join(ROOT, 'examples/guides/sri.sh')], { cwd: dist, encoding: 'utf8' }).trim();
    expect(integrity).toBe('sha384-' + createHash('sha384').update(readFileSync(path.join(dist, 'waymark.js'))).digest('base64'));
    const tag = (hash: string) => `<script async src="/waymark.js" integrity="${hash}" crossorigin="anonymous" data-endpoint="/collect"></script>`;
    server.page('/wrong', page(tag('sha384-' + createHash('sha384').update('another file').digest('base64'))));
    server.page('/right', page(tag(integrity)));
    const { page: tab } = await openPage();
    const refused = tab.waitForEvent('console', (m) => /integrity/i.test(m.text()));
    await tab.goto(server.url + '/wrong');
    await refused;
    expect(await tab.evaluate(() => 'waymark' in window)).toBe(false);
    await tab.goto(server.url + '/right');
    expect(await arrived(1)).toEqual([['page_viewed', undefined, 'awareness', 'acquisition']]);
  });

  it('Shopify: the theme snippet tracks page views with page types and the product it renders', async () => {
    const html = renderLiquid(guide('shopify/snippets/waymark.liquid'), {
      settings: { waymark_endpoint: server.url + '/collect' },
      template: { name: 'product' },
      product: { id: 8950526378201, title: 'Ridge "Moss" mug', vendor: 'Alder & Clay', selected_or_first_available_variant: { price: 2450 } },
      cart: { currency: { iso_code: 'EUR' } },
    });
    server.page('/products/ridge-mug', page(html));
    const { page: tab, problems } = await openPage();
    await tab.goto(server.url + '/products/ridge-mug');
    expect(await arrived(2)).toEqual([
      ['page_viewed', 'product', 'awareness', 'acquisition'],
      ['product_viewed', 'product', 'consideration', 'acquisition'],
    ]);
    expect(server.collector.unique()[1].props).toEqual({ id: '8950526378201', name: 'Ridge "Moss" mug', brand: 'Alder & Clay', price: 24.5, currency: 'EUR' });
    expect(problems).toEqual([]);
  });

  it('Shopify: on other templates the snippet tracks the page view only', async () => {
    const html = renderLiquid(guide('shopify/snippets/waymark.liquid'), {
      settings: { waymark_endpoint: server.url + '/collect' },
      template: { name: 'collection' },
    });
    expect(html).not.toContain('product_viewed');
    server.page('/collections/mugs', page(html));
    const { page: tab } = await openPage();
    await tab.goto(server.url + '/collections/mugs');
    expect(await arrived(1)).toEqual([['page_viewed', 'category', 'awareness', 'acquisition']]);
  });

  it('Google Tag Manager: the Custom HTML tag, inserted as GTM inserts it, turns GA4 pushes into journey events', async () => {
    // GTM puts a variable's value where `{{Name}}` stands, as a JavaScript value.
    const tag = guide('gtm/custom-html.html').replace('{{Waymark endpoint}}', JSON.stringify(server.url + '/collect'));
    server.page('/products/ridge-mug', page('<script>window.dataLayer = window.dataLayer || [];</script>'));
    const { page: tab, problems } = await openPage();
    await tab.goto(server.url + '/products/ridge-mug');
    // GTM parses the tag's HTML and recreates each script element, so external scripts load async.
    await tab.evaluate((html) => {
      const parsed = document.createElement('div');
      parsed.innerHTML = html;
      for (const old of Array.from(parsed.querySelectorAll('script'))) {
        const script = document.createElement('script');
        for (const a of Array.from(old.attributes)) script.setAttribute(a.name, a.value);
        script.text = old.text;
        document.body.append(script);
      }
    }, tag);
    await tab.evaluate(() => (window as any).dataLayer.push({ event: 'view_item', ecommerce: { currency: 'EUR', value: 24, items: [{ item_id: 'ridge-mug', item_name: 'Ridge mug', price: 24 }] } }));
    await tab.evaluate((purchase) => (window as any).dataLayer.push(purchase), PURCHASE);
    expect(await arrived(3)).toEqual([
      ['page_viewed', undefined, 'awareness', 'acquisition'],
      ['product_viewed', undefined, 'consideration', 'acquisition'],
      ['order_completed', undefined, 'purchase', 'conversion'],
    ]);
    expect(server.collector.unique()[2].props).toMatchObject({ order_id: 'T-1001', value: 60, currency: 'EUR' });
    expect(problems).toEqual([]);
  });

  it('WooCommerce: the header scripts give the order-received page its type and the purchase its order', async () => {
    const head = guide('woocommerce/header.html').replace('https://collect.example.com/events', server.url + '/collect');
    const body = `<script>window.dataLayer = window.dataLayer || []; dataLayer.push(${JSON.stringify(PURCHASE)});</script>`;
    server.page('/checkout/order-received/1001/', page(head, body));
    const { page: tab, problems } = await openPage();
    await tab.goto(server.url + '/checkout/order-received/1001/?key=wc_order_abc');
    expect(await arrived(2)).toEqual([
      ['page_viewed', 'confirmation', 'awareness', 'acquisition'],
      ['order_completed', 'confirmation', 'purchase', 'conversion'],
    ]);
    expect(server.collector.unique()[1].props).toMatchObject({ order_id: 'T-1001', value: 60, tax: 10, shipping: 12 });
    expect(problems).toEqual([]);
  });
});
