// @ts-check
/**
 * The journey report: what stores measure (JOURNEY.md), computed with SQL over the rollups the
 * collector keeps at ingest (../rollups.mjs) for a time range of event times (`ts`, from
 * inclusive, to exclusive; exact, see range.mjs). Everything is one read transaction, so the
 * numbers agree with each other.
 */

import { openRange } from './range.mjs';
import { vitalsP75 } from './percentiles.mjs';
import { STAGES, openRollups } from '../rollups.mjs';

export { STAGES };
export const VITALS = /** @type {const} */ (['LCP', 'INP', 'CLS']);
/** Two shoppers in three expect checkout to take 4 minutes or less. */
export const CHECKOUT_TARGET_MS = 4 * 60_000;

/** Each metric's definition, shown next to it in the text report and on the page. */
export const DEFINITIONS = {
  funnel:
    'Visitors (anonymous ids) and sessions with at least one event in the stage. Drop-out: the share of the previous stage that did not reach this one. The journey is not linear, so a stage can be reached without the one before it.',
  conversion: 'Sessions with an order_completed ÷ sessions; per visitor: visitors with an order ÷ visitors.',
  bounce: 'Sessions with exactly one page_viewed and no interaction (any event other than page_viewed, page_engaged, web_vital, cart_abandoned, identify) ÷ sessions with a page view.',
  activeTime: 'Mean page_engaged active_ms (visible and active time, not wall time), keeping the last report of each page view.',
  cartAbandonment: 'Sessions with a product_added_to_cart and no order_completed in the same session ÷ sessions with a product_added_to_cart. cart_abandoned events (the cart-abandonment module, sent in a later session) are counted beside it.',
  aov: 'Mean order_completed value, one row per order_id, per currency.',
  clv: 'Order value summed per customer (user id, else anonymous id) over the range, averaged over customers with an order.',
  repeat: 'Customers with more than one order ÷ customers with an order.',
  csat: 'Share of CSAT answers (survey_answered, survey "csat", 1-5) that are 4 or 5.',
  nps: 'NPS answers (0-10): % promoters (9-10) − % detractors (0-6), from −100 to 100.',
  checkout: `Median checkout duration and share of orders checked out within 4 minutes: order_completed checkout_duration_ms (checkout-timing module), else the time from the session's first checkout_started to the order.`,
  channels: "Visitors by first-touch channel (the visitor's first_touch, remembered across visits), the visitors among them who ordered, and their orders and revenue.",
  vitals: 'p75 (nearest rank) of web_vital values, keeping the largest value per metric id, by the journey stage and the page type of the measured page. LCP and INP in ms, CLS unitless.',
};

/**
 * Parse a `--from` / `--to` value: an ISO date or date-time, or a number (ms since the epoch).
 * A date without a time as `to` means the end of that day (UTC).
 * @param {string | number | undefined | null} value
 * @param {'from' | 'to'} edge
 * @returns {number | undefined}
 */
export const parseEdge = (value, edge) => {
  if (value == null || value === '') return undefined;
  if (typeof value == 'number') {
    if (!Number.isFinite(value) || Math.abs(value) > MAX_TIME) throw new Error(`${edge}: not a date: ${value}`);
    return value;
  }
  const t = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  // A time a Date can hold (±8.64e15 ms), so every date shown of the range can be written.
  if (Number.isNaN(t) || Math.abs(t) > MAX_TIME) throw new Error(`${edge}: not a date: ${value.slice(0, 40)}`);
  return edge == 'to' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? Math.min(t + 86_400_000, MAX_TIME) : t;
};
const MAX_TIME = 8.64e15;

/**
 * Indexes the report's queries use (the collector creates the table and its own indexes).
 * @param {import('better-sqlite3').Database} db
 */
export const prepareReport = (db) => {
  // The report reads the rollups; of the events it only counts automated ones, and the map finds
  // the moves of the few shoppers whose sessions overlap in time by shopper.
  db.exec(`DROP INDEX IF EXISTS events_report;
    DROP INDEX IF EXISTS events_session_pass;
    CREATE INDEX IF NOT EXISTS events_automated ON events (ts) WHERE automated = 1;
    CREATE INDEX IF NOT EXISTS events_shopper ON events (anonymous_id, ts);`);
  openRollups(db);
};

/**
 * The filter on events that the report and the map count: automated traffic (crawlers, headless
 * browsers, flagged by the SDK) is left out unless asked for.
 * @param {ReadOptions} [options]
 */
export const countedEvents = (options = {}) => (options.includeAutomated ? '' : 'AND automated = 0');

/** @typedef {{ includeAutomated?: boolean }} ReadOptions */

/**
 * Automated events in the range: left out of the numbers unless `includeAutomated`.
 * @param {import('better-sqlite3').Database} db
 * @param {{ from?: number, to?: number }} range
 * @param {ReadOptions} [options]
 */
export const automatedIn = (db, range, options = {}) => ({
  events: /** @type {{ n: number }} */ (db.prepare('SELECT count(*) AS n FROM events WHERE automated = 1 AND ts >= ? AND ts < ?').get(range.from ?? 0, range.to ?? MAX_TIME)).n,
  included: !!options.includeAutomated,
});

/** Division that says "no data" (null) rather than NaN. */
const ratio = (/** @type {number} */ a, /** @type {number} */ b) => (b ? a / b : null);
const num = (/** @type {any} */ v) => (v == null ? null : Number(v));

/**
 * Compute the report.
 * @param {import('better-sqlite3').Database} db
 * @param {{ from?: number, to?: number }} [range] ms since the epoch; from inclusive, to exclusive
 * @param {ReadOptions} [options]
 */
export const computeReport = (db, range = {}, options = {}) => db.transaction(() => reportIn(db, openRange(db, range, options), range, options)).deferred();

/**
 * The report over a range view of the rollups (one read transaction: the numbers agree).
 * @param {import('better-sqlite3').Database} db
 * @param {import('./range.mjs').RangeView} r
 * @param {{ from?: number, to?: number }} range
 * @param {ReadOptions} options
 */
export const reportIn = (db, r, range, options) => {
  const all = (/** @type {string} */ sql) => /** @type {any[]} */ (db.prepare(sql).all(r.params));
  const get = (/** @type {string} */ sql) => /** @type {any} */ (db.prepare(sql).get(r.params));

  // One pass over the sessions: what each reached and did.
  // Per shopper first (the table is in that order), then over shoppers.
  const sess = get(`SELECT coalesce(sum(events), 0) AS events, count(*) AS visitors, coalesce(sum(n), 0) AS sessions, min(first) AS first, max(last) AS last,
      ${STAGES.map((st) => `coalesce(sum(s_${st}), 0) AS s_${st}, coalesce(sum(v_${st}), 0) AS v_${st}`).join(', ')},
      coalesce(sum(viewed), 0) AS viewed, coalesce(sum(bounced), 0) AS bounced, coalesce(sum(carts), 0) AS carts, coalesce(sum(abandoned), 0) AS abandoned,
      coalesce(sum(abandoned_events), 0) AS abandoned_events
    FROM (SELECT count(*) AS n, sum(events) AS events, min(ts) AS first, max(last_ts) AS last, ${STAGES.map((st) => `sum(${st}) AS s_${st}, max(${st}) AS v_${st}`).join(', ')},
      sum(views > 0) AS viewed, sum(views = 1 AND acts = 0) AS bounced, sum(carted) AS carts, sum(carted AND NOT ordered) AS abandoned, sum(abandoned_events) AS abandoned_events
      FROM ${r.rows('sessions')} GROUP BY anonymous_id)`);
  const totals = { events: sess.events, visitors: sess.visitors, sessions: sess.sessions, first: sess.first, last: sess.last };
  const funnel = STAGES.map((stage, i) => {
    const prev = i ? STAGES[i - 1] : null;
    return {
      stage,
      visitors: sess['v_' + stage],
      sessions: sess['s_' + stage],
      dropVisitors: prev ? ratio(sess['v_' + prev] - sess['v_' + stage], sess['v_' + prev]) : null,
      dropSessions: prev ? ratio(sess['s_' + prev] - sess['s_' + stage], sess['s_' + prev]) : null,
    };
  });

  // Orders: one row per order id (the first event that carried it).
  const ORDERS = `orders AS MATERIALIZED (SELECT order_id, anonymous_id, session_id, min(ts) AS ts, customer, value, currency, duration_ms AS duration
    FROM ${r.facts(['order_completed'])} GROUP BY order_id)`;
  const conv = get(`WITH ${ORDERS} SELECT count(*) AS orders, count(DISTINCT session_id) AS sessions, count(DISTINCT anonymous_id) AS visitors,
    count(DISTINCT customer) AS customers FROM orders`);
  const conversion = {
    orders: conv.orders,
    sessions: conv.sessions,
    visitors: conv.visitors,
    sessionRate: ratio(conv.sessions, totals.sessions),
    visitorRate: ratio(conv.visitors, totals.visitors),
  };

  // Bounce rate.
  const bounce = { sessions: sess.viewed, bounced: sess.bounced, rate: ratio(sess.bounced, sess.viewed) };

  // Active time on page: the last (largest) running total of each page view.
  const engaged = all(`SELECT page_type, count(active_ms) AS pages, sum(active_ms) AS total FROM ${r.rows('page_views')} GROUP BY page_type ORDER BY page_type`);
  const pages = engaged.reduce((n, x) => n + x.pages, 0);
  const activeTime = {
    pages,
    meanMs: ratio(engaged.reduce((n, x) => n + (x.total ?? 0), 0), pages),
    byPageType: engaged.filter((x) => x.pages).map((x) => ({ pageType: x.page_type, pages: x.pages, meanMs: ratio(x.total, x.pages) })),
  };

  // Cart abandonment, by session.
  const cartAbandonment = { sessionsWithCart: sess.carts, abandoned: sess.abandoned, rate: ratio(sess.abandoned, sess.carts), cartAbandonedEvents: sess.abandoned_events };

  // Money, per currency: average order value, lifetime value, repeat purchases.
  const money = all(`WITH ${ORDERS}, c AS (SELECT currency, customer, count(*) AS n, sum(value) AS total FROM orders WHERE value IS NOT NULL GROUP BY currency, customer)
    SELECT currency, sum(n) AS orders, sum(total) AS revenue, count(*) AS customers, sum(n > 1) AS repeaters FROM c GROUP BY currency ORDER BY sum(n) DESC, currency`).map((x) => ({
    currency: x.currency ?? '?',
    orders: x.orders,
    revenue: round2(x.revenue),
    aov: round2(ratio(x.revenue, x.orders)),
    customers: x.customers,
    clv: round2(ratio(x.revenue, x.customers)),
  }));
  const rp = get(`WITH ${ORDERS}, c AS (SELECT customer, count(*) AS n FROM orders GROUP BY customer) SELECT count(*) AS customers, coalesce(sum(n > 1), 0) AS repeaters FROM c`);
  const repeat = { customers: rp.customers, repeaters: rp.repeaters, rate: ratio(rp.repeaters, rp.customers) };

  // Surveys.
  const SURVEY = (/** @type {string} */ kind) => `a AS (SELECT score FROM ${r.facts(['survey_answered'])} WHERE label = '${kind}' AND score IS NOT NULL)`;
  const cs = get(`WITH ${SURVEY('csat')} SELECT count(*) AS answers, coalesce(sum(score >= 4), 0) AS satisfied FROM a`);
  const np = get(`WITH ${SURVEY('nps')} SELECT count(*) AS answers, coalesce(sum(score >= 9), 0) AS promoters, coalesce(sum(score <= 6), 0) AS detractors FROM a`);
  const csat = { answers: cs.answers, satisfied: cs.satisfied, rate: ratio(cs.satisfied, cs.answers) };
  const nps = {
    answers: np.answers,
    promoters: np.promoters,
    detractors: np.detractors,
    passives: np.answers - np.promoters - np.detractors,
    score: np.answers ? round1((100 * (np.promoters - np.detractors)) / np.answers) : null,
  };

  // Checkout duration.
  const DUR = `WITH ${ORDERS}, d AS MATERIALIZED (
    SELECT o.order_id, CASE WHEN o.duration IS NOT NULL THEN 'module' ELSE 'session' END AS source,
      coalesce(o.duration, o.ts - (SELECT min(c.ts) FROM ${r.facts(['checkout_started'])} c WHERE c.session_id = o.session_id AND c.ts <= o.ts)) AS ms
    FROM orders o), k AS (SELECT ms, row_number() OVER (ORDER BY ms) AS rn, count(*) OVER () AS n FROM d WHERE ms IS NOT NULL)`;
  const cd = get(`${DUR} SELECT count(ms) AS orders, coalesce(sum(ms IS NOT NULL AND source = 'module'), 0) AS fromModule,
    coalesce(sum(ms <= ${CHECKOUT_TARGET_MS}), 0) AS within, (SELECT avg(ms) FROM k WHERE rn IN ((n + 1) / 2, (n + 2) / 2)) AS median,
    (SELECT sum(o.value) FROM d JOIN orders o USING (order_id) WHERE d.ms > ${CHECKOUT_TARGET_MS}) AS slowRevenue FROM d`);
  const checkout = {
    orders: cd.orders,
    fromModule: cd.fromModule,
    fromSession: cd.orders - cd.fromModule,
    medianMs: num(cd.median),
    within4min: cd.within,
    within4minRate: ratio(cd.within, cd.orders),
    /** Order value of the checkouts that took longer than 4 minutes. */
    over4minRevenue: round2(cd.slowRevenue ?? 0),
  };

  // Conversion by first-touch channel: each visitor's first session in the range.
  const channels = all(`WITH ${ORDERS}, v AS (SELECT anonymous_id, first_channel AS ch, min(ts) FROM ${r.rows('sessions')} GROUP BY anonymous_id),
    o AS (SELECT anonymous_id, count(*) AS n, sum(value) AS revenue FROM orders GROUP BY anonymous_id)
    SELECT v.ch AS channel, count(*) AS visitors, count(o.anonymous_id) AS buyers, coalesce(sum(o.n), 0) AS orders, coalesce(sum(o.revenue), 0) AS revenue
    FROM v LEFT JOIN o USING (anonymous_id) GROUP BY v.ch ORDER BY count(*) DESC, v.ch`).map((x) => ({
    channel: x.channel,
    visitors: x.visitors,
    buyers: x.buyers,
    orders: x.orders,
    revenue: round2(x.revenue),
    rate: ratio(x.buyers, x.visitors),
  }));

  // p75 web vitals by stage, by page type, and by both.
  const p75 = vitalsP75(db, r);
  const pivot = (/** @type {any[]} */ rows, /** @type {readonly string[]} */ order) => {
    const names = [...new Set(rows.map((x) => x.grp))].sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99) || String(a).localeCompare(b));
    return names.map((g) => {
      /** @type {Record<string, { p75: number, n: number } | null>} */
      const by = {};
      for (const v of VITALS) {
        const x = rows.find((y) => y.grp == g && y.name == v);
        by[v] = x ? { p75: x.value, n: x.n } : null;
      }
      return { group: g, ...by };
    });
  };
  const vitals = {
    byStage: pivot(p75.filter((x) => x.dim == 'stage'), STAGES),
    byPageType: pivot(p75.filter((x) => x.dim == 'page'), ['home', 'content', 'category', 'search', 'product', 'cart', 'checkout', 'confirmation', 'order_status', 'account']),
    /** By stage and page type together (`group`: "purchase checkout"): where the map finds slow pages. */
    byStageAndPageType: pivot(p75.filter((x) => x.dim == 'stage_page'), []),
  };

  return {
    range: { from: range.from ?? null, to: range.to ?? null },
    totals,
    automated: automatedIn(db, range, options),
    funnel,
    conversion,
    bounce,
    activeTime,
    cartAbandonment,
    money,
    repeat,
    csat,
    nps,
    checkout,
    channels,
    vitals,
  };
};

function round2(/** @type {number | null} */ n) {
  return n == null ? null : Math.round(n * 100) / 100;
}
function round1(/** @type {number} */ n) {
  return Math.round(n * 10) / 10;
}

/** @typedef {ReturnType<typeof computeReport>} Report */
