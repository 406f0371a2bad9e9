/**
 * The journey report and the journey map equal the truth: simulated shoppers (examples/simulate.mjs)
 * walk the example storefront in real headless Chromium, each a new visitor with a known channel
 * and journey; the collector stores what the SDK sends; the report and the map computed from its
 * SQLite database must give exactly the counts, moves and money the simulation knows it produced.
 * Headless Chromium is automation (navigator.webdriver), so its events are counted on purpose.
 *
 * With WAYMARK_SCREENSHOTS=1 the report and the map are also saved as docs/report.png, docs/map.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { closeChromium, closeContext, launchChromium } from './support/chromium';
import { ROOT } from './support/server';
import { simulate, startShop, CHANNELS, JOURNEYS } from '../../examples/simulate.mjs';
import { STAGES, computeReport, prepareReport } from '../../examples/collector/report/queries.mjs';
import { computeMap } from '../../examples/collector/report/map.mjs';
import { TOP } from '../../examples/collector/report/map-terms.mjs';

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
    const counted = { includeAutomated: true };
    const r = computeReport(db, {}, counted);
    expect(r.automated.included).toBe(true);

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

    // Every checkout took the time the plan gave it (the browser's clock follows the plan): from the
    // checkout-timing module, or (when its async script arrived after the order was tracked) from
    // the session's checkout_started. One in four is over 4 minutes.
    expect(r.checkout).toMatchObject(truth.checkout);
    expect(r.checkout.fromModule + r.checkout.fromSession).toBe(truth.orders);
    expect(truth.checkout.within4min).toBeLessThan(truth.orders);

    // Measurements are there (their values are the machine's, not the simulation's).
    expect(r.vitals.byStage.map((g) => g.group)).toEqual(expect.arrayContaining(['awareness', 'consideration', 'purchase', 'retention']));
    for (const g of r.vitals.byStage) expect(g.LCP?.p75).toBeGreaterThan(0);
    expect(r.activeTime.pages).toBeGreaterThan(truth.sessions);

    // The map: every number the simulation knows.
    const m = computeMap(db, {}, counted);
    const t = truth.map;
    expect(m.stages.map((s) => ({ stage: s.stage, visitors: s.shoppers, sessions: s.sessions }))).toEqual(truth.funnel);
    const sortMoves = (rows: any[]) => rows.map(({ from, to, shoppers, moves, within, across }) => ({ from, to, shoppers, moves, within, across })).sort((a, b) => `${a.from}>${a.to}`.localeCompare(`${b.from}>${b.to}`));
    expect(sortMoves(m.flows.moves)).toEqual(sortMoves(t.moves));
    expect(m.flows.entries).toEqual(t.entries);
    expect(m.lifecycle.stages).toEqual(t.lifecycle);
    // Each lifecycle step: the shoppers who made it and the median time it took, to the millisecond.
    const sortSteps = (rows: any[]) => rows.map(({ from, to, shoppers, medianMs }) => ({ from, to, shoppers, medianMs })).sort((a, b) => `${a.from}>${a.to}`.localeCompare(`${b.from}>${b.to}`));
    expect(sortSteps(m.lifecycle.steps)).toEqual(sortSteps(t.lifecycleSteps));
    const perChannel = m.stages.flatMap((s) => {
      const by = new Map<string, { shoppers: number; sessions: number }>();
      for (const c of s.touchpoints.channels) {
        const x = by.get(c.channel) ?? { shoppers: 0, sessions: 0 };
        by.set(c.channel, { shoppers: x.shoppers + c.shoppers, sessions: x.sessions + c.sessions });
      }
      return [...by].map(([channel, x]) => ({ stage: s.stage, channel, ...x }));
    });
    // Each column lists its largest channels (one source each in this mix): each as in the truth.
    for (const row of perChannel) expect(t.channels).toContainEqual(row);
    for (const stage of STAGES) expect(perChannel.filter((c) => c.stage == stage)).toHaveLength(Math.min(TOP, t.channels.filter((c: any) => c.stage == stage).length));
    // What shoppers did in each stage (every action, with its count and shoppers), and where each
    // session entered each stage (the largest entry pages).
    const byCount = (a: any, b: any) => b.count - a.count || a.type.localeCompare(b.type);
    const byShoppers = (a: any, b: any) => b.shoppers - a.shoppers || b.sessions - a.sessions || a.path.localeCompare(b.path);
    for (const s of m.stages) {
      expect(s.actions, s.stage).toEqual(t.actions.filter((a: any) => a.stage == s.stage).map(({ stage: _, ...a }: any) => a).sort(byCount));
      expect(s.touchpoints.entryPages, s.stage).toEqual(t.entryPages.filter((p: any) => p.stage == s.stage).map(({ stage: _, ...p }: any) => p).sort(byShoppers).slice(0, TOP));
    }
    const pains = m.stages.flatMap((s) => s.painPoints);
    const one = (id: string) => pains.filter((p) => p.id == id);
    expect(one('dropout').map((p) => [p.stage, p.shoppers])).toEqual(
      truth.funnel.slice(0, -1).map((f: any, i: number) => [f.stage, f.visitors - truth.funnel[i + 1].visitors]).filter(([, n]: any) => n > 0),
    );
    expect(one('abandonedCarts')).toEqual([expect.objectContaining({ stage: 'purchase', ...t.abandonedCarts, currency: 'EUR' })]);
    expect(one('abandonedCarts')[0].sample).toHaveLength(t.abandonedCarts.shoppers);
    expect(one('returns')).toEqual([expect.objectContaining({ stage: 'retention', count: t.returns.count, shoppers: t.returns.shoppers, value: null })]);
    expect(Object.fromEntries(one('returns')[0].detail.map((d) => [d.label, d.n]))).toEqual(t.returns.reasons);
    expect(one('npsDetractors')).toEqual([expect.objectContaining({ stage: 'advocacy', ...t.npsDetractors })]);
    expect(one('slowCheckout')).toEqual([expect.objectContaining({ stage: 'purchase', ...t.slowCheckout, currency: 'EUR' })]);
    const { queries, ...searches } = t.zeroResults;
    expect(one('zeroResults')).toEqual([expect.objectContaining({ stage: 'consideration', ...searches })]);
    expect(Object.fromEntries(one('zeroResults')[0].detail.map((d) => [d.label, d.n]))).toEqual(queries);
    // No support contact or CSAT answer in these journeys.
    for (const none of ['support', 'csatUnsatisfied']) expect(one(none), none).toEqual([]);
    // The money at stake in the purchase column, largest first.
    const purchase = m.stages.find((s) => s.stage == 'purchase')!;
    expect(purchase.opportunities.filter((o) => o.value != null).map((o) => [o.id, o.value])).toEqual(
      [['abandonedCarts', t.abandonedCarts.value], ['slowCheckout', t.slowCheckout.value]].sort((a: any, b: any) => b[1] - a[1]),
    );

    // The report page: served under its strict CSP without a single violation, only with the token.
    const token = shop.collector.readToken;
    for (const route of ['/report', '/map', '/map.json', '/journey?id=x']) expect((await fetch(shop.collector.url + route)).status, route).toBe(401);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => m.type() == 'error' && problems.push(m.text()));
      page.on('pageerror', (e) => problems.push(e.message));
      // Without the token, from the browser's own context (no cookie yet): 401, nothing else.
      for (const route of ['/map', '/journey?id=x']) {
        const denied = await page.request.get(shop.collector.url + route);
        expect(denied.status()).toBe(401);
        expect(await denied.text()).toBe('');
      }
      // Once with the token: the page keeps it in a cookie and drops it from the address.
      await page.goto(`${shop.collector.url}/report?token=${encodeURIComponent(token)}`);
      expect(page.url()).toBe(`${shop.collector.url}/report`);
      expect(await page.locator('svg.funnel').count()).toBe(1);
      expect(await page.locator('.card').count()).toBe(10);
      const shown = await page.evaluate(() => getComputedStyle(document.querySelector('.card .value')!).fontWeight);
      expect(Number(shown)).toBeGreaterThanOrEqual(600); // the stylesheet applied
      expect(problems).toEqual([]);
      if (process.env.WAYMARK_SCREENSHOTS == '1') await page.screenshot({ path: path.join(ROOT, 'docs/report.png'), fullPage: true });

      // The map: five columns, the flow diagrams, the numbers; under the same strict CSP.
      const map = await page.goto(`${shop.collector.url}/map`);
      expect(map?.headers()['content-security-policy']).toMatch(/default-src 'none'/);
      expect(await page.locator('section.column').count()).toBe(5);
      expect(await page.locator('svg.flow .move').count()).toBe(t.moves.length);
      expect(await page.locator('svg.lifecycle .step').count()).toBe(t.lifecycleSteps.length);
      expect(await page.locator('section.column.stage-purchase .big').textContent()).toContain(String(truth.funnel[2].visitors));
      const columns = await page.evaluate(() => getComputedStyle(document.querySelector('.columns')!).display);
      expect(columns).toBe('grid'); // map.css (and the report's styles it imports) applied
      if (process.env.WAYMARK_SCREENSHOTS == '1') await page.screenshot({ path: path.join(ROOT, 'docs/map.png'), fullPage: true });

      // From an abandoned cart to that shopper's journey.
      await Promise.all([page.waitForURL(/\/journey\?id=/), page.locator('section.column.stage-purchase .pain .sample a').first().click()]);
      expect(await page.locator('section.session').count()).toBeGreaterThanOrEqual(1);
      expect(await page.locator('section.session .band').count()).toBeGreaterThanOrEqual(5);
      expect(await page.textContent('body')).toContain('product_added_to_cart');
      // And by order id, a buyer's journey with the lifecycle move at the order.
      await page.goto(`${shop.collector.url}/journey?id=${encodeURIComponent(known[0].id)}`);
      expect(await page.textContent('body')).toContain('acquisition → conversion');
      expect(problems).toEqual([]); // no CSP violation, no error, on the map and the journeys
    } finally {
      await closeContext(context);
    }
  });
});
