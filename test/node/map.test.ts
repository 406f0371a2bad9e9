/**
 * The journey map on hand-made shoppers whose every number is known: per-stage shoppers,
 * touchpoints, actions, each pain point (count, shoppers, value, detail, sample), opportunities,
 * moves between stages, lifecycle step times, one shopper's journey, and automated traffic.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore } from '../../examples/collector/store.mjs';
import { computeReport, prepareReport } from '../../examples/collector/report/queries.mjs';
import { computeMap } from '../../examples/collector/report/map.mjs';
import { renderMapHtml } from '../../examples/collector/report/map-html.mjs';
import { renderMapText } from '../../examples/collector/report/map-text.mjs';
import { computeJourney, prepareJourney } from '../../examples/collector/report/journey.mjs';
import { renderJourneyHtml } from '../../examples/collector/report/journey-html.mjs';
import { duration } from '../../examples/collector/report/format.mjs';

const T0 = Date.parse('2026-11-10T10:00:00Z');
const MIN = 60_000;
const DAY = 86_400_000;
let n = 0;

interface Opts {
  v: string;
  s: string;
  at: number;
  stage: string;
  lifecycle?: string;
  channel?: string;
  page?: string;
  path?: string;
  props?: Record<string, unknown>;
  user?: string;
  automated?: boolean;
}
const ev = (type: string, o: Opts) => ({
  id: `m${++n}`,
  type,
  ts: o.at,
  stage: o.stage,
  lifecycle: o.lifecycle ?? 'acquisition',
  anonymous_id: o.v,
  session_id: o.s,
  seq: n,
  ...(o.user ? { user_id: o.user } : {}),
  ...(o.automated ? { automated: true } : {}),
  page: { url: `https://shop.example${o.path ?? '/x'}`, path: o.path ?? '/x', title: 'x', referrer: '', ...(o.page ? { type: o.page } : {}) },
  touch: { channel: o.channel ?? 'direct', source: o.channel == 'paid_search' ? 'google' : o.channel == 'email' ? 'newsletter' : o.channel == 'social' ? 'instagram' : '(direct)' },
  first_touch: { channel: o.channel ?? 'direct', source: '(direct)' },
  props: o.props ?? {},
});

const T1 = T0 + 2 * DAY;
const events = [
  // v1, from an ad: home, a product, a cart, a 6-minute checkout, an order; two days later from the
  // newsletter: order status, a return, a support chat, an NPS of 3.
  ev('page_viewed', { v: 'v1', s: 's1', at: T0, stage: 'awareness', channel: 'paid_search', page: 'home', path: '/' }),
  ev('product_viewed', { v: 'v1', s: 's1', at: T0 + MIN, stage: 'consideration', channel: 'paid_search', page: 'product', path: '/mug', props: { id: 'mug' } }),
  ev('product_added_to_cart', { v: 'v1', s: 's1', at: T0 + 2 * MIN, stage: 'purchase', channel: 'paid_search', page: 'product', path: '/mug', props: { id: 'mug', price: 20, quantity: 2 } }),
  ev('checkout_started', { v: 'v1', s: 's1', at: T0 + 3 * MIN, stage: 'purchase', channel: 'paid_search', page: 'checkout', path: '/checkout' }),
  ev('web_vital', { v: 'v1', s: 's1', at: T0 + 3 * MIN + 5, stage: 'purchase', channel: 'paid_search', page: 'checkout', path: '/checkout', props: { name: 'LCP', value: 3000, id: 'l1', page_type: 'checkout' } }),
  ev('order_completed', { v: 'v1', s: 's1', at: T0 + 9 * MIN, stage: 'purchase', lifecycle: 'conversion', channel: 'paid_search', page: 'confirmation', path: '/done', props: { order_id: 'o1', value: 44, currency: 'EUR' } }),
  ev('page_viewed', { v: 'v1', s: 's2', at: T1, stage: 'retention', lifecycle: 'conversion', channel: 'email', page: 'order_status', path: '/status', user: 'u1' }),
  ev('order_status_viewed', { v: 'v1', s: 's2', at: T1 + 1000, stage: 'retention', lifecycle: 'conversion', channel: 'email', page: 'order_status', path: '/status', user: 'u1', props: { order_id: 'o1' } }),
  ev('return_requested', { v: 'v1', s: 's2', at: T1 + 2000, stage: 'retention', lifecycle: 'conversion', channel: 'email', path: '/returns', user: 'u1', props: { order_id: 'o1', reason: 'too_small' } }),
  ev('support_contacted', { v: 'v1', s: 's2', at: T1 + 3000, stage: 'retention', lifecycle: 'conversion', channel: 'email', path: '/help', user: 'u1', props: { channel: 'chat', topic: 'sizing' } }),
  ev('survey_answered', { v: 'v1', s: 's2', at: T1 + 4000, stage: 'retention', lifecycle: 'conversion', channel: 'email', path: '/survey', user: 'u1', props: { survey: 'nps', score: 3 } }),
  // v2, direct: two searches that find nothing, a product, a cart left behind.
  ev('page_viewed', { v: 'v2', s: 's3', at: T0, stage: 'awareness', page: 'home', path: '/' }),
  ev('search_submitted', { v: 'v2', s: 's3', at: T0 + MIN, stage: 'consideration', page: 'search', path: '/search', props: { query: 'Blue Mug ', result_count: 0, zero_results: true } }),
  ev('search_submitted', { v: 'v2', s: 's3', at: T0 + 2 * MIN, stage: 'consideration', page: 'search', path: '/search', props: { query: 'blue mug', result_count: 0 } }),
  ev('product_viewed', { v: 'v2', s: 's3', at: T0 + 3 * MIN, stage: 'consideration', page: 'product', path: '/vase', props: { id: 'vase' } }),
  ev('product_added_to_cart', { v: 'v2', s: 's3', at: T0 + 4 * MIN, stage: 'purchase', page: 'product', path: '/vase', props: { id: 'vase', price: 36 } }),
  // v3, from a social post: straight to the cart, a quick order, a review.
  ev('page_viewed', { v: 'v3', s: 's4', at: T0, stage: 'awareness', channel: 'social', page: 'product', path: '/bowl' }),
  ev('product_added_to_cart', { v: 'v3', s: 's4', at: T0 + MIN, stage: 'purchase', channel: 'social', page: 'product', path: '/bowl', props: { id: 'bowl', price: 10 } }),
  ev('checkout_started', { v: 'v3', s: 's4', at: T0 + 90_000, stage: 'purchase', channel: 'social', page: 'checkout', path: '/checkout' }),
  ev('order_completed', { v: 'v3', s: 's4', at: T0 + 2 * MIN, stage: 'purchase', lifecycle: 'conversion', channel: 'social', page: 'confirmation', path: '/done', props: { order_id: 'o2', value: 10, currency: 'EUR' } }),
  ev('review_submitted', { v: 'v3', s: 's4', at: T0 + 3 * MIN, stage: 'advocacy', lifecycle: 'advocacy', channel: 'social', page: 'review', path: '/review', props: { product_id: 'bowl', rating: 5 } }),
  // v4: a crawler.
  ev('page_viewed', { v: 'v4', s: 's5', at: T0, stage: 'awareness', page: 'home', path: '/', automated: true }),
  ev('product_viewed', { v: 'v4', s: 's5', at: T0 + 1000, stage: 'consideration', page: 'product', path: '/mug', automated: true, props: { id: 'mug' } }),
];

const stores: { close(): void }[] = [];
const load = () => {
  const store = openStore(':memory:');
  stores.push(store);
  store.save({ v: 1, sent_at: Date.now(), events }, Date.now());
  prepareReport(store.db);
  prepareJourney(store.db);
  return store.db;
};
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

const column = (m: ReturnType<typeof computeMap>, stage: string) => m.stages.find((s) => s.stage == stage)!;
const painOf = (m: ReturnType<typeof computeMap>, id: string) => m.stages.flatMap((s) => s.painPoints).filter((p) => p.id == id);

describe('journey map', () => {
  it('per-stage shoppers are the report funnel\'s, automated traffic left out and counted', () => {
    const db = load();
    const m = computeMap(db);
    expect(m.stages.map((s) => [s.stage, s.shoppers])).toEqual([
      ['awareness', 3],
      ['consideration', 2],
      ['purchase', 3],
      ['retention', 1],
      ['advocacy', 1],
    ]);
    expect(m.stages.map((s) => s.shoppers)).toEqual(computeReport(db).funnel.map((f) => f.visitors));
    expect(m.automated).toEqual({ events: 2, included: false });
    const all = computeMap(db, {}, { includeAutomated: true });
    expect(all.automated).toEqual({ events: 2, included: true });
    expect(all.stages.map((s) => s.shoppers)).toEqual([4, 3, 3, 1, 1]);
  });

  it('touchpoints and actions per stage', () => {
    const m = computeMap(load());
    expect(column(m, 'awareness').touchpoints.channels).toEqual([
      { channel: 'direct', source: '(direct)', shoppers: 1, sessions: 1 },
      { channel: 'paid_search', source: 'google', shoppers: 1, sessions: 1 },
      { channel: 'social', source: 'instagram', shoppers: 1, sessions: 1 },
    ]);
    expect(column(m, 'awareness').touchpoints.entryPages).toEqual([
      { path: '/', shoppers: 2, sessions: 2 },
      { path: '/bowl', shoppers: 1, sessions: 1 },
    ]);
    expect(column(m, 'retention').touchpoints.channels).toEqual([{ channel: 'email', source: 'newsletter', shoppers: 1, sessions: 1 }]);
    expect(column(m, 'purchase').touchpoints.pageTypes).toEqual([{ pageType: 'product', shoppers: 3, sessions: 3 }]);
    expect(column(m, 'consideration').actions).toEqual([
      { type: 'product_viewed', count: 2, shoppers: 2 },
      { type: 'search_submitted', count: 2, shoppers: 1 },
    ]);
    // Measurements are not actions.
    expect(column(m, 'purchase').actions.map((a) => a.type)).not.toContain('web_vital');
  });

  it('every pain point measured: count, shoppers, value, detail and sample journeys', () => {
    const m = computeMap(load());
    expect(painOf(m, 'dropout').map((p) => [p.stage, p.shoppers])).toEqual([
      ['awareness', 1],
      ['purchase', 2],
    ]);
    expect(painOf(m, 'zeroResults')).toEqual([
      expect.objectContaining({ stage: 'consideration', count: 2, shoppers: 1, detail: [{ label: 'blue mug', n: 2 }], sample: ['v2'] }),
    ]);
    expect(painOf(m, 'slowPages')).toEqual([expect.objectContaining({ stage: 'purchase', title: 'slow checkout pages', count: 1, shoppers: 1, detail: [{ label: 'p75 LCP', n: 3000 }] })]);
    expect(painOf(m, 'slowCheckout')).toEqual([expect.objectContaining({ stage: 'purchase', count: 1, shoppers: 1, value: 44, currency: 'EUR' })]);
    expect(painOf(m, 'abandonedCarts')).toEqual([expect.objectContaining({ stage: 'purchase', count: 1, shoppers: 1, value: 36, currency: 'EUR', sample: ['v2'] })]);
    expect(painOf(m, 'returns')).toEqual([expect.objectContaining({ stage: 'retention', count: 1, shoppers: 1, value: null, detail: [{ label: 'return: too_small', n: 1 }], sample: ['v1'] })]);
    expect(painOf(m, 'support')).toEqual([expect.objectContaining({ stage: 'retention', count: 1, detail: [{ label: 'chat · sizing', n: 1 }] })]);
    expect(painOf(m, 'npsDetractors')).toEqual([expect.objectContaining({ stage: 'advocacy', count: 1, shoppers: 1, sample: ['v1'] })]);
    expect(painOf(m, 'csatUnsatisfied')).toEqual([]); // no CSAT answers: nothing to show
    // Ranked by shoppers within a column; opportunities: money first, largest first, then shoppers.
    expect(column(m, 'purchase').painPoints[0].id).toBe('dropout');
    expect(column(m, 'purchase').opportunities.map((o) => [o.id, o.value, o.shoppers])).toEqual([
      ['slowCheckout', 44, 1],
      ['abandonedCarts', 36, 1],
      ['dropout', null, 2],
      ['slowPages', null, 1],
    ]);
  });

  it('the stage metrics are the report\'s', () => {
    const db = load();
    const m = computeMap(db);
    const r = computeReport(db);
    const metric = (stage: string, name: string) => column(m, stage).metrics.find((x) => x.name == name)?.value;
    expect(metric('awareness', 'bounce rate')).toBe(r.bounce.rate);
    expect(metric('purchase', 'conversion rate')).toBe(r.conversion.sessionRate);
    expect(metric('purchase', 'average order value')).toBe(27);
    expect(metric('retention', 'repeat purchase rate')).toBe(0);
    expect(metric('advocacy', 'NPS')).toBe(-100);
  });

  it('moves between stages, within and across sessions, and lifecycle step times', () => {
    const m = computeMap(load());
    const moves = Object.fromEntries(m.flows.moves.map((x) => [`${x.from}>${x.to}`, [x.shoppers, x.moves, x.within, x.across]]));
    expect(moves).toEqual({
      'awareness>consideration': [2, 2, 2, 0],
      'consideration>purchase': [2, 2, 2, 0],
      'awareness>purchase': [1, 1, 1, 0],
      'purchase>advocacy': [1, 1, 1, 0],
      'purchase>retention': [1, 1, 0, 1],
    });
    expect(m.flows.entries).toEqual([{ stage: 'awareness', shoppers: 3 }]);
    expect(m.lifecycle.stages).toEqual([
      { stage: 'acquisition', shoppers: 3 },
      { stage: 'conversion', shoppers: 2 },
      { stage: 'loyalty', shoppers: 0 },
      { stage: 'advocacy', shoppers: 1 },
    ]);
    expect(m.lifecycle.steps).toEqual([
      { from: 'acquisition', to: 'conversion', shoppers: 2, medianMs: 5.5 * MIN },
      { from: 'conversion', to: 'advocacy', shoppers: 1, medianMs: MIN },
    ]);
  });

  it('renders as a page without script or inline style, and as text', () => {
    const m = computeMap(load());
    const html = renderMapHtml(m);
    expect(html).not.toMatch(/<script|style=|<style|\son\w+=/i);
    expect(html.match(/<section class="column/g)).toHaveLength(5);
    expect(html).toContain('<svg class="flow"');
    expect(html).toContain('<svg class="lifecycle"');
    expect(html).toContain('href="/journey?id=v2"');
    expect(html).toContain('2 automated events excluded');
    const text = renderMapText(m);
    for (const stage of ['AWARENESS', 'CONSIDERATION', 'PURCHASE', 'RETENTION', 'ADVOCACY']) expect(text).toContain(stage);
    expect(text).toContain('carts left without an order');
    expect(text).toContain('36.00 EUR');
    expect(text).toMatch(/acquisition → conversion\s+2 shoppers\s+median 5 min 30 s/);
    // Steps of hours and days read as such (a week, not 10,082 minutes).
    expect([119_999, 3_599_999, 90_061_000, 7 * DAY + 605_000].map(duration)).toEqual(['2 min 0 s', '1 h 0 min', '1 d 1 h', '7 d 0 h']);
  });
});

describe('one shopper\'s journey', () => {
  it('is found by anonymous id, user id or order id: sessions, touchpoints, stages, lifecycle moves', () => {
    const db = load();
    for (const [id, how] of [['v1', 'anonymous id'], ['u1', 'user id'], ['o1', 'order id']]) {
      const j = computeJourney(db, id);
      expect(j.foundBy, id).toBe(how);
      expect(j.shoppers).toEqual(['v1']);
      expect(j.sessions.map((s) => [s.id, s.touch.channel, s.entry, s.events.length])).toEqual([
        ['s1', 'paid_search', '/', 6],
        ['s2', 'email', '/status', 5],
      ]);
      expect(j.sessions[0].lifecycleMoves).toEqual([{ from: 'acquisition', to: 'conversion', ts: T0 + 9 * MIN, type: 'order_completed' }]);
    }
    expect(computeJourney(db, 'nobody').shoppers).toEqual([]);
    expect(computeJourney(db, 'v4').sessions).toEqual([]); // automated: left out
    expect(computeJourney(db, 'v4', { includeAutomated: true }).sessions).toHaveLength(1);
    const html = renderJourneyHtml(computeJourney(db, 'o1'), 'o1');
    expect(html).not.toMatch(/<script|style=|<style|\son\w+=/i);
    expect(html.match(/<section class="session"/g)).toHaveLength(2);
    expect(html).toContain('acquisition → conversion');
  });
});

describe('the map is exact for any range and any arrival order', () => {
  // A deterministic store: shoppers with one to three sessions over three days, every kind of event
  // the map reads, some automated; sessions that a range's edges cut in two.
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const KINDS = [
    ['page_viewed', 'awareness', 'acquisition', {}],
    ['product_viewed', 'consideration', 'acquisition', { id: 'mug' }],
    ['search_submitted', 'consideration', 'acquisition', { query: 'Vase', result_count: 0 }],
    ['product_added_to_cart', 'purchase', 'acquisition', { id: 'mug', price: 12.5, quantity: 2, currency: 'EUR' }],
    ['checkout_started', 'purchase', 'acquisition', {}],
    ['order_completed', 'purchase', 'conversion', { value: 30, currency: 'EUR' }],
    ['order_status_viewed', 'retention', 'conversion', {}],
    ['return_requested', 'retention', 'loyalty', { reason: 'damaged' }],
    ['order_refunded', 'retention', 'loyalty', { value: 12, currency: 'EUR', reason: 'damaged' }],
    ['support_contacted', 'retention', 'loyalty', { channel: 'chat', topic: 'delivery' }],
    ['survey_answered', 'advocacy', 'advocacy', { survey: 'nps', score: 4 }],
    ['survey_answered', 'retention', 'advocacy', { survey: 'csat', score: 2 }],
    ['review_submitted', 'advocacy', 'advocacy', { rating: 5 }],
    ['web_vital', 'consideration', 'acquisition', { name: 'LCP' }],
    ['web_vital', 'purchase', 'acquisition', { name: 'INP' }],
    ['page_engaged', 'consideration', 'acquisition', {}],
    ['cart_abandoned', 'purchase', 'acquisition', {}],
  ] as const;
  const many: any[] = [];
  for (let v = 0; v < 40; v++) {
    const automated = v % 9 == 0;
    const channel = pick(['direct', 'paid_search', 'email', 'social']);
    for (let k = 0; k < 1 + Math.floor(rnd() * 3); k++) {
      let at = T0 + Math.floor(rnd() * 3 * DAY);
      const s = `r${v}-${k}`;
      for (let i = 0; i < 3 + Math.floor(rnd() * 10); i++) {
        at += Math.floor(rnd() * 40 * MIN);
        const [type, stage, lifecycle, props] = pick(KINDS);
        const extra: Record<string, unknown> =
          type == 'web_vital' ? { value: Math.floor(rnd() * 4000), id: `${s}-w${i % 3}`, page_type: pick(['product', 'cart']) }
          : type == 'page_engaged' ? { active_ms: Math.floor(rnd() * 9000), page_view_id: `${s}-p${i % 2}` }
          : type == 'order_completed' ? { order_id: `${s}-o${i}`, checkout_duration_ms: Math.floor(rnd() * 8 * MIN) }
          : {};
        // One shopper's sessions mix automated events and others.
        const flagged = automated || (v == 5 && i % 2 == 0);
        many.push(ev(type, { v: `r${v}`, s, at, stage, lifecycle, channel, page: pick(['home', 'product', 'checkout']), path: pick(['/', '/mug', '/cart']), automated: flagged, props: { ...props, ...extra } }));
      }
    }
  }
  // A session with automated and other measurements: over everything with automated traffic counted,
  // it is folded again, and its values merge into the p75 walked along the indexes.
  for (let i = 0; i < 12; i++) {
    const props = { name: i % 2 ? 'LCP' : 'INP', value: 5000 + i * 97, id: `mix-${i}`, page_type: 'product' };
    many.push(ev('web_vital', { v: 'mix', s: 'mix', at: T0 + DAY + i * MIN, stage: 'consideration', page: 'product', automated: i % 3 == 0, props }));
  }
  const storeOf = (batches: any[][]) => {
    const store = openStore(':memory:');
    stores.push(store);
    for (const b of batches) store.save({ v: 1, sent_at: Date.now(), events: b }, Date.now());
    prepareReport(store.db);
    return store.db;
  };
  const { range: _, ...whole } = computeMap(storeOf([many]));
  const { range: __, ...wholeWithAutomated } = computeMap(storeOf([many]), {}, { includeAutomated: true });

  it('events sent out of time order, in any batches: the same map', () => {
    const shuffled = [...many].sort(() => rnd() - 0.5);
    const batches = Array.from({ length: Math.ceil(shuffled.length / 7) }, (_, i) => shuffled.slice(i * 7, i * 7 + 7));
    const db = storeOf(batches);
    const { range: r1, ...again } = computeMap(db);
    expect(again).toEqual(whole);
    const { range: r2, ...againWithAutomated } = computeMap(db, {}, { includeAutomated: true });
    expect(againWithAutomated).toEqual(wholeWithAutomated);
    expect(againWithAutomated.totals.events).toBeGreaterThan(again.totals.events);
  });

  it('a database from before the rollups: they are built from its events when it is opened', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'waymark-map-'));
    try {
      const file = path.join(dir, 'old.db');
      const old = openStore(file);
      old.save({ v: 1, sent_at: Date.now(), events: many }, Date.now());
      for (const t of ['facts', 'sessions', 'session_stages', 'session_actions', 'session_moves', 'session_measured', 'vitals', 'page_views']) old.db.exec(`DROP TABLE ${t}`);
      old.close();
      const reopened = openStore(file);
      stores.push(reopened);
      const { range: ___, ...rebuilt } = computeMap(reopened.db);
      expect(rebuilt).toEqual(whole);
    } finally {
      for (const s of stores.splice(0)) s.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('p75 over everything (along the indexes) equals p75 over a range that holds everything (sorted)', () => {
    const db = storeOf([many]);
    for (const includeAutomated of [false, true]) {
      const all = computeReport(db, {}, { includeAutomated }).vitals;
      expect(all).toEqual(computeReport(db, { from: 0, to: T0 + 10 * DAY }, { includeAutomated }).vitals);
      expect(all.byStageAndPageType.length).toBeGreaterThan(2);
    }
  });

  it('a range cutting sessions: the map of a store that holds only the range\'s events', () => {
    const db = storeOf([many]);
    for (const [from, to] of [[T0 + 5 * 3_600_000, T0 + 30 * 3_600_000], [T0 + DAY + 17 * MIN, T0 + 4 * DAY], [0, T0 + DAY / 2]]) {
      for (const includeAutomated of [false, true]) {
        const { range: r1, ...cut } = computeMap(db, { from, to }, { includeAutomated });
        const { range: r2, ...own } = computeMap(storeOf([many.filter((e) => e.ts >= from && e.ts < to)]), {}, { includeAutomated });
        expect(r1).toEqual({ from, to });
        expect(r2).toEqual({ from: null, to: null });
        expect(cut.totals.events).toBeGreaterThan(0);
        expect(cut, `${from}-${to} ${includeAutomated}`).toEqual(own);
      }
    }
  });
});
