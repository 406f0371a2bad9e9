/**
 * The journey report equals the truth: simulated shoppers (examples/simulate.mjs) walk the example
 * storefront in real headless Chromium, each a new visitor with a known channel and journey; the
 * collector stores what the SDK sends; the report computed from its SQLite database must give
 * exactly the counts and money the simulation knows it produced.
 *
 * With WAYMARK_SCREENSHOTS=1 the report page is also saved as docs/report.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { closeChromium, closeContext, launchChromium } from './support/chromium';
import { ROOT } from './support/server';
import { simulate, startShop, CHANNELS, JOURNEYS } from '../../examples/simulate.mjs';
import { computeReport, prepareReport } from '../../examples/collector/report/queries.mjs';

const SHOPPERS = 18;

let browser: Browser;
let shop: Awaited<ReturnType<typeof startShop>>;

beforeAll(async () => {
  if (!existsSync(path.join(ROOT, 'dist/waymark.js'))) throw new Error('dist/ is missing: run `npx rollup -c --silent` first');
  shop = await startShop();
  browser = await launchChromium();
});

afterAll(async () => {
  await closeChromium(browser);
  await shop?.close();
});

describe('simulated shoppers: the journey report equals the truth', () => {
  it(`${SHOPPERS} shoppers, ${JOURNEYS.length} journeys, ${CHANNELS.length} channels`, async () => {
    const { shoppers, summary: truth } = await simulate({ shop: shop.url, shoppers: SHOPPERS, concurrency: 3, browser });
    await shop.settle();
    const db = shop.collector.db;
    prepareReport(db);
    const r = computeReport(db);

    // The mix is what it claims: every journey twice, every channel.
    expect(Object.values(truth.journeys)).toEqual(JOURNEYS.map(() => SHOPPERS / JOURNEYS.length));
    expect(truth.channels.map((c: any) => c.channel).sort()).toEqual(CHANNELS.map((c) => c.channel).sort());

    // Every event arrived once: no duplicates by id, nothing refused.
    expect(db.prepare('SELECT count(*) AS n FROM drops').get().n).toBe(0);

    expect(r.totals).toMatchObject({ visitors: truth.visitors, sessions: truth.sessions });
    expect(r.funnel.map((f) => ({ stage: f.stage, visitors: f.visitors, sessions: f.sessions }))).toEqual(truth.funnel);

    expect(r.conversion).toMatchObject({
      orders: truth.orders,
      sessions: truth.convertedSessions,
      visitors: truth.convertedVisitors,
      sessionRate: truth.convertedSessions / truth.sessions,
      visitorRate: truth.convertedVisitors / truth.visitors,
    });
    expect(r.bounce).toEqual({ sessions: truth.sessions, bounced: truth.bounced, rate: truth.bounced / truth.sessions });
    expect(r.cartAbandonment).toMatchObject({
      sessionsWithCart: truth.cartSessions,
      abandoned: truth.abandonedSessions,
      rate: truth.abandonedSessions / truth.cartSessions,
    });

    // Orders: the same ids and values, so the same AOV, CLV and repeat rate.
    const stored = db
      .prepare(`SELECT json_extract(json, '$.props.order_id') AS id, json_extract(json, '$.props.value') AS value FROM events WHERE type = 'order_completed' ORDER BY 1`)
      .all();
    const known = shoppers.flatMap((s: any) => s.orders).sort((a: any, b: any) => (a.id < b.id ? -1 : 1));
    expect(stored).toEqual(known);
    expect(r.money).toEqual([{ currency: 'EUR', orders: truth.orders, revenue: truth.revenue, aov: truth.aov, customers: truth.customers, clv: truth.clv }]);
    expect(r.repeat).toEqual({ customers: truth.customers, repeaters: truth.repeaters, rate: truth.repeaters / truth.customers });

    // Channels (first touch): visitors, buyers and orders per channel.
    const byChannel = (rows: any[]) => rows.map((c) => ({ channel: c.channel, visitors: c.visitors, buyers: c.buyers, orders: c.orders })).sort((a, b) => a.channel.localeCompare(b.channel));
    expect(byChannel(r.channels)).toEqual(byChannel(truth.channels));

    // Surveys: NPS only in this shop.
    expect(r.nps).toMatchObject(truth.nps);
    expect(r.csat.answers).toBe(0);

    // Every checkout has a duration, each well within 4 minutes: from the checkout-timing module, or
    // (when its async script arrived after the order was tracked) from the session's checkout_started.
    expect(r.checkout).toMatchObject({ orders: truth.orders, within4min: truth.orders });
    expect(r.checkout.fromModule + r.checkout.fromSession).toBe(truth.orders);
    expect(r.checkout.medianMs).toBeGreaterThan(0);

    // Measurements are there (their values are the machine's, not the simulation's).
    expect(r.vitals.byStage.map((g) => g.group)).toEqual(expect.arrayContaining(['awareness', 'consideration', 'purchase', 'retention']));
    for (const g of r.vitals.byStage) expect(g.LCP?.p75).toBeGreaterThan(0);
    expect(r.activeTime.pages).toBeGreaterThan(truth.sessions);

    // The report page: served under its strict CSP without a single violation.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => m.type() == 'error' && problems.push(m.text()));
      page.on('pageerror', (e) => problems.push(e.message));
      await page.goto(`${shop.collector.url}/report`);
      expect(await page.locator('svg.funnel').count()).toBe(1);
      expect(await page.locator('.card').count()).toBe(10);
      const shown = await page.evaluate(() => getComputedStyle(document.querySelector('.card .value')!).fontWeight);
      expect(Number(shown)).toBeGreaterThanOrEqual(600); // the stylesheet applied
      expect(problems).toEqual([]);
      if (process.env.WAYMARK_SCREENSHOTS == '1') await page.screenshot({ path: path.join(ROOT, 'docs/report.png'), fullPage: true });
    } finally {
      await closeContext(context);
    }
  });
});
