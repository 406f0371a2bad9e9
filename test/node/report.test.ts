/**
 * The journey report's SQL on hand-made events: each metric, its edge cases (no data, one
 * session, the bounce rules, duplicate orders, the time range), and the text and page renderings.
 */
import { afterEach, describe, expect, it } from 'vitest';

import { openStore } from '../../examples/collector/store.mjs';
import { computeReport, parseEdge, prepareReport } from '../../examples/collector/report/queries.mjs';
import { renderText } from '../../examples/collector/report/text.mjs';
import { renderHtml } from '../../examples/collector/report/html.mjs';
import { startCollector } from '../../examples/collector/collector.mjs';

const T0 = Date.parse('2026-11-10T10:00:00Z');
const MIN = 60_000;

let n = 0;
const STAGE: Record<string, string> = {
  product_viewed: 'consideration',
  product_list_viewed: 'consideration',
  product_added_to_cart: 'purchase',
  cart_viewed: 'purchase',
  checkout_started: 'purchase',
  order_completed: 'purchase',
  cart_abandoned: 'purchase',
  order_status_viewed: 'retention',
  review_submitted: 'advocacy',
};

const SOURCE: Record<string, string> = { direct: '(direct)', organic_search: 'www.google.com', paid_search: 'google', email: 'newsletter' };

interface Opts {
  v: string;
  s: string;
  at: number;
  stage?: string;
  page?: string;
  props?: Record<string, unknown>;
  first?: string;
  id?: string;
}

/** One wire event. */
const ev = (type: string, o: Opts) => ({
  id: o.id ?? `e${++n}`,
  type,
  ts: o.at,
  stage: o.stage ?? STAGE[type] ?? 'awareness',
  lifecycle: 'acquisition',
  anonymous_id: o.v,
  session_id: o.s,
  seq: ++n,
  page: { url: 'https://shop.example/x', path: '/x', title: 'x', referrer: '', ...(o.page ? { type: o.page } : {}) },
  touch: { channel: o.first ?? 'direct', source: SOURCE[o.first ?? 'direct'] ?? 'example' },
  first_touch: { channel: o.first ?? 'direct', source: SOURCE[o.first ?? 'direct'] ?? 'example' },
  props: o.props ?? {},
});

const stores: { close(): void }[] = [];
const load = (events: any[]) => {
  const store = openStore(':memory:');
  stores.push(store);
  store.save({ v: 1, sent_at: Date.now(), events }, Date.now());
  prepareReport(store.db);
  return store.db;
};
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

/** A purchase session: landing, product, cart, checkout, order (`duration`: the module's checkout_duration_ms). */
const buy = (v: string, s: string, at: number, value: number, o: { first?: string; order?: string; duration?: number; checkoutMs?: number } = {}) => [
  ev('page_viewed', { v, s, at, page: 'home', first: o.first }),
  ev('product_viewed', { v, s, at: at + 1000, page: 'product', first: o.first, props: { id: 'mug' } }),
  ev('product_added_to_cart', { v, s, at: at + 2000, page: 'product', first: o.first, props: { id: 'mug' } }),
  ev('checkout_started', { v, s, at: at + 3000, page: 'checkout', first: o.first }),
  ev('order_completed', {
    v,
    s,
    at: at + 3000 + (o.checkoutMs ?? 2 * MIN),
    page: 'confirmation',
    first: o.first,
    props: { order_id: o.order ?? `${s}-order`, value, currency: 'EUR', ...(o.duration != null ? { checkout_duration_ms: o.duration } : {}) },
  }),
];

describe('journey report: edge cases', () => {
  it('no data: zeros and "no data" (null), never NaN', () => {
    const r = computeReport(load([]));
    expect(r.totals).toMatchObject({ events: 0, visitors: 0, sessions: 0 });
    expect(r.funnel.map((f) => [f.stage, f.visitors, f.sessions])).toEqual([
      ['awareness', 0, 0],
      ['consideration', 0, 0],
      ['purchase', 0, 0],
      ['retention', 0, 0],
      ['advocacy', 0, 0],
    ]);
    expect(r.funnel[1].dropVisitors).toBeNull();
    expect(r.conversion).toMatchObject({ sessionRate: null, visitorRate: null, orders: 0 });
    expect(r.bounce).toEqual({ sessions: 0, bounced: 0, rate: null });
    expect(r.activeTime.meanMs).toBeNull();
    expect(r.cartAbandonment).toEqual({ sessionsWithCart: 0, abandoned: 0, rate: null, cartAbandonedEvents: 0 });
    expect(r.money).toEqual([]);
    expect(r.repeat).toEqual({ customers: 0, repeaters: 0, rate: null });
    expect(r.csat.rate).toBeNull();
    expect(r.nps.score).toBeNull();
    expect(r.checkout).toMatchObject({ orders: 0, medianMs: null, within4minRate: null });
    expect(r.channels).toEqual([]);
    expect(r.vitals).toEqual({ byStage: [], byPageType: [], byStageAndPageType: [] });
    expect(r.automated).toEqual({ events: 0, included: false });
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
    expect(renderText(r)).toContain('no orders');
    expect(renderHtml(r)).toContain('No orders in this range');
  });

  it('one session, one page view: a bounce, no conversion', () => {
    const r = computeReport(load([ev('page_viewed', { v: 'v1', s: 's1', at: T0, page: 'home', first: 'organic_search' })]));
    expect(r.totals).toMatchObject({ events: 1, visitors: 1, sessions: 1 });
    expect(r.funnel[0]).toMatchObject({ stage: 'awareness', visitors: 1, sessions: 1 });
    expect(r.funnel[1]).toMatchObject({ visitors: 0, dropVisitors: 1, dropSessions: 1 });
    expect(r.bounce).toEqual({ sessions: 1, bounced: 1, rate: 1 });
    expect(r.conversion).toMatchObject({ sessionRate: 0, visitorRate: 0 });
    expect(r.channels).toEqual([{ channel: 'organic_search', visitors: 1, buyers: 0, orders: 0, revenue: 0, rate: 0 }]);
  });

  it('bounce rules: one page view and only measurements is a bounce; any interaction or a second page is not', () => {
    const r = computeReport(
      load([
        // a: one page, its vitals and engagement: bounce
        ev('page_viewed', { v: 'a', s: 'a', at: T0, page: 'home' }),
        ev('web_vital', { v: 'a', s: 'a', at: T0 + 1, page: 'home', props: { name: 'LCP', value: 900, id: 'a1' } }),
        ev('page_engaged', { v: 'a', s: 'a', at: T0 + 2, page: 'home', props: { active_ms: 4000, page_view_id: 'pa' } }),
        // b: one page and a product view: not a bounce
        ev('page_viewed', { v: 'b', s: 'b', at: T0, page: 'product', stage: 'consideration' }),
        ev('product_viewed', { v: 'b', s: 'b', at: T0 + 1, page: 'product' }),
        // c: two pages: not a bounce
        ev('page_viewed', { v: 'c', s: 'c', at: T0, page: 'home' }),
        ev('page_viewed', { v: 'c', s: 'c', at: T0 + 1, page: 'category', stage: 'consideration' }),
        // d: a newsletter sign-up on the only page: an interaction
        ev('page_viewed', { v: 'd', s: 'd', at: T0, page: 'home' }),
        ev('signed_up', { v: 'd', s: 'd', at: T0 + 1, page: 'home', props: { method: 'newsletter' } }),
        // e: no page view at all (a single-page shop without page tracking): not counted
        ev('product_viewed', { v: 'e', s: 'e', at: T0, page: 'product' }),
        // f: a later session whose only event besides the landing is cart_abandoned: still a bounce,
        //    and cart_abandoned does not put it in the purchase stage
        ev('page_viewed', { v: 'f', s: 'f', at: T0, page: 'home' }),
        ev('cart_abandoned', { v: 'f', s: 'f', at: T0 + 1, page: 'home', props: { value: 24, currency: 'EUR' } }),
      ]),
    );
    expect(r.bounce).toEqual({ sessions: 5, bounced: 2, rate: 0.4 });
    expect(r.funnel.find((f) => f.stage == 'purchase')).toMatchObject({ visitors: 0, sessions: 0 });
    expect(r.cartAbandonment.cartAbandonedEvents).toBe(1);
  });

  it('orders: one per order_id (a reload that tracks it again is no second sale); an order without a value counts for conversion only', () => {
    const events = [...buy('v', 's', T0, 60, { order: 'AC-1' })];
    events.push(ev('order_completed', { v: 'v', s: 's', at: T0 + 10 * MIN, page: 'confirmation', props: { order_id: 'AC-1', value: 60, currency: 'EUR' } }));
    events.push(...buy('w', 't', T0, 0, { order: 'AC-2' }));
    delete (events[events.length - 1].props as any).value; // invalid value, left out by the SDK
    const r = computeReport(load(events));
    expect(r.conversion).toMatchObject({ orders: 2, sessions: 2, visitors: 2, sessionRate: 1 });
    expect(r.money).toEqual([{ currency: 'EUR', orders: 1, revenue: 60, aov: 60, customers: 1, clv: 60 }]);
    expect(r.repeat).toEqual({ customers: 2, repeaters: 0, rate: 0 });
  });

  it('time range: from inclusive, to exclusive; a date alone as "to" includes that day', () => {
    const db = load([
      ev('page_viewed', { v: 'a', s: 'a', at: Date.parse('2026-11-09T23:59:59Z'), page: 'home' }),
      ev('page_viewed', { v: 'b', s: 'b', at: Date.parse('2026-11-10T00:00:00Z'), page: 'home' }),
      ev('page_viewed', { v: 'c', s: 'c', at: Date.parse('2026-11-10T23:59:59Z'), page: 'home' }),
      ev('page_viewed', { v: 'd', s: 'd', at: Date.parse('2026-11-11T00:00:00Z'), page: 'home' }),
    ]);
    expect(computeReport(db, { from: parseEdge('2026-11-10', 'from'), to: parseEdge('2026-11-10', 'to') }).totals.visitors).toBe(2);
    expect(computeReport(db, { from: parseEdge('2026-11-10T00:00:00Z', 'from'), to: parseEdge('2026-11-11T00:00:00Z', 'to') }).totals.visitors).toBe(2);
    expect(computeReport(db, { from: parseEdge('2026-11-11', 'from') }).totals.visitors).toBe(1);
    expect(computeReport(db).totals.visitors).toBe(4);
    expect(() => parseEdge('last tuesday', 'from')).toThrow(/not a date/);
  });
});

describe('journey report: every metric on a small store', () => {
  // v1 (organic search): buys twice in two sessions (60 and 40), then tracks an order and reviews.
  // v2 (paid search): adds to cart and leaves. v3 (direct): bounces. v4 (email): buys once (100), slowly.
  const events = [
    ...buy('v1', 's1', T0, 60, { first: 'organic_search', duration: 2 * MIN }),
    ...buy('v1', 's2', T0 + 60 * MIN, 40, { first: 'organic_search', checkoutMs: 3 * MIN }), // no module: 3 min from checkout_started
    ev('order_status_viewed', { v: 'v1', s: 's2', at: T0 + 70 * MIN, page: 'order_status', first: 'organic_search' }),
    ev('review_submitted', { v: 'v1', s: 's2', at: T0 + 71 * MIN, page: 'account', first: 'organic_search', props: { product_id: 'mug', rating: 5 } }),
    ev('page_viewed', { v: 'v2', s: 's3', at: T0, page: 'home', first: 'paid_search' }),
    ev('product_viewed', { v: 'v2', s: 's3', at: T0 + 1, page: 'product', first: 'paid_search' }),
    ev('product_added_to_cart', { v: 'v2', s: 's3', at: T0 + 2, page: 'product', first: 'paid_search' }),
    ev('page_viewed', { v: 'v3', s: 's4', at: T0, page: 'home' }),
    ...buy('v4', 's5', T0, 100, { first: 'email', duration: 5 * MIN }),
    // surveys: CSAT 5, 4, 2; NPS 10, 9, 7, 3
    ...[5, 4, 2].map((score, i) => ev('survey_answered', { v: 'v1', s: 's2', at: T0 + 72 * MIN + i, stage: score >= 4 ? 'advocacy' : 'retention', props: { survey: 'csat', score } })),
    ...[10, 9, 7, 3].map((score, i) => ev('survey_answered', { v: 'v4', s: 's5', at: T0 + 10 * MIN + i, stage: score >= 9 ? 'advocacy' : 'retention', props: { survey: 'nps', score } })),
    // engagement: one page view reported twice (running totals), another once
    ev('page_engaged', { v: 'v1', s: 's1', at: T0 + 5, page: 'home', props: { active_ms: 1000, page_view_id: 'p1', page_type: 'home' } }),
    ev('page_engaged', { v: 'v1', s: 's1', at: T0 + 6, page: 'home', props: { active_ms: 3000, page_view_id: 'p1', page_type: 'home' } }),
    ev('page_engaged', { v: 'v2', s: 's3', at: T0 + 5, page: 'product', stage: 'consideration', props: { active_ms: 1000, page_view_id: 'p2', page_type: 'product' } }),
    // vitals: LCP on checkout 100..400 (p75 = 300), CLS growing on one page (keep 0.2)
    ...[100, 200, 300, 400].map((value, i) =>
      ev('web_vital', { v: 'v1', s: 's1', at: T0 + 10 + i, page: 'checkout', stage: 'purchase', props: { name: 'LCP', value, id: `lcp${i}`, page_type: 'checkout' } }),
    ),
    ev('web_vital', { v: 'v1', s: 's1', at: T0 + 20, page: 'home', props: { name: 'CLS', value: 0.05, id: 'cls1', page_type: 'home' } }),
    ev('web_vital', { v: 'v1', s: 's1', at: T0 + 21, page: 'home', props: { name: 'CLS', value: 0.2, id: 'cls1', page_type: 'home' } }),
  ];

  it('funnel, conversion, cart abandonment, money, repeat purchases', () => {
    const r = computeReport(load(events));
    expect(r.totals).toMatchObject({ visitors: 4, sessions: 5 });
    expect(r.funnel.map((f) => [f.stage, f.visitors, f.sessions])).toEqual([
      ['awareness', 4, 5],
      ['consideration', 3, 4],
      ['purchase', 3, 4],
      ['retention', 2, 2], // v1: order status, CSAT 2; v4: NPS 7 and 3
      ['advocacy', 2, 2], // v1: review, CSAT 5, 4; v4: NPS 10, 9
    ]);
    expect(r.funnel[1].dropVisitors).toBeCloseTo(0.25);
    expect(r.funnel[3].dropSessions).toBeCloseTo(0.5);
    expect(r.conversion).toMatchObject({ orders: 3, sessions: 3, visitors: 2, sessionRate: 3 / 5, visitorRate: 2 / 4 });
    expect(r.bounce).toMatchObject({ sessions: 5, bounced: 1 });
    expect(r.cartAbandonment).toMatchObject({ sessionsWithCart: 4, abandoned: 1, rate: 0.25 });
    expect(r.money).toEqual([{ currency: 'EUR', orders: 3, revenue: 200, aov: 66.67, customers: 2, clv: 100 }]);
    expect(r.repeat).toEqual({ customers: 2, repeaters: 1, rate: 0.5 });
  });

  it('surveys, checkout duration, channels, active time, web vitals', () => {
    const r = computeReport(load(events));
    expect(r.csat).toEqual({ answers: 3, satisfied: 2, rate: 2 / 3 });
    expect(r.nps).toEqual({ answers: 4, promoters: 2, detractors: 1, passives: 1, score: 25 });
    // 2 min (module), 3 min (from checkout_started), 5 min (module): median 3 min, 2 of 3 within 4 min
    // The one over 4 minutes is v4's order of 100.
    expect(r.checkout).toEqual({ orders: 3, fromModule: 2, fromSession: 1, medianMs: 3 * MIN, within4min: 2, within4minRate: 2 / 3, over4minRevenue: 100 });
    expect(r.channels).toEqual([
      { channel: 'direct', visitors: 1, buyers: 0, orders: 0, revenue: 0, rate: 0 },
      { channel: 'email', visitors: 1, buyers: 1, orders: 1, revenue: 100, rate: 1 },
      { channel: 'organic_search', visitors: 1, buyers: 1, orders: 2, revenue: 100, rate: 1 },
      { channel: 'paid_search', visitors: 1, buyers: 0, orders: 0, revenue: 0, rate: 0 },
    ]);
    expect(r.activeTime).toEqual({
      pages: 2,
      meanMs: 2000,
      byPageType: [
        { pageType: 'home', pages: 1, meanMs: 3000 },
        { pageType: 'product', pages: 1, meanMs: 1000 },
      ],
    });
    expect(r.vitals.byStage).toEqual([
      { group: 'awareness', LCP: null, INP: null, CLS: { p75: 0.2, n: 1 } },
      { group: 'purchase', LCP: { p75: 300, n: 4 }, INP: null, CLS: null },
    ]);
    expect(r.vitals.byPageType.map((g) => g.group)).toEqual(['home', 'checkout']);
  });

  it('median of an even count is the mean of the two middle values', () => {
    const r = computeReport(load([...buy('a', 'a', T0, 10, { duration: 1 * MIN }), ...buy('b', 'b', T0, 10, { duration: 2 * MIN })]));
    expect(r.checkout.medianMs).toBe(1.5 * MIN);
  });

  it('text and page: every section with its definition; the page has no inline style or script', () => {
    const r = computeReport(load(events));
    const text = renderText(r);
    for (const s of ['Stage funnel', 'Key metrics', 'Orders', 'Conversion by first-touch channel', 'Page speed, p75']) expect(text).toContain(s);
    expect(text).toMatch(/conversion rate \(sessions\)\s+60\.0 %/);
    expect(text).toMatch(/NPS\s+25/);
    const html = renderHtml(r);
    expect(html).not.toMatch(/style=|<style|<script|\son\w+=|https?:\/\//i);
    expect(html).toContain('<svg class="chart funnel"');
    expect(html).toContain('66.67 EUR');
    expect(html).toContain('% promoters (9-10)');
  });
});

describe('journey report: served by the collector', () => {
  it('GET /report (strict CSP), /report.json and /report.css', async () => {
    const collector = await startCollector({ port: 0, quiet: true });
    try {
      const body = JSON.stringify({ v: 1, sent_at: Date.now(), events: buy('v', 's', T0, 42) });
      const post = await fetch(collector.url + '/collect', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body });
      expect(post.status, await post.clone().text()).toBe(200);
      const auth = { headers: { Authorization: `Bearer ${collector.readToken}` } };
      const page = await fetch(collector.url + '/report?from=2026-11-01&to=2026-11-30', auth);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'; style-src 'self'/);
      const html = await page.text();
      expect(html).toContain('42.00 EUR');
      const json = await (await fetch(collector.url + '/report.json', auth)).json();
      expect(json.money[0]).toMatchObject({ orders: 1, aov: 42 });
      const outside = await (await fetch(collector.url + '/report.json?from=2026-12-01', auth)).json();
      expect(outside.totals.events).toBe(0);
      const css = await fetch(collector.url + '/report.css');
      expect(css.headers.get('content-type')).toMatch(/text\/css/);
      expect((await fetch(collector.url + '/report?from=nonsense', auth)).status).toBe(400);
      // A time no date can hold is a bad request, not a crash.
      expect((await fetch(collector.url + '/report?from=' + '9'.repeat(30), auth)).status).toBe(400);
      expect((await fetch(collector.url + '/map.json?to=' + '9'.repeat(30), auth)).status).toBe(400);
    } finally {
      await collector.close();
    }
  });
});


