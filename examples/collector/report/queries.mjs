// @ts-check
/**
 * The journey report: what stores measure (JOURNEY.md), computed with SQL over the collector's
 * `events` table for a time range of event times (`ts`, from inclusive, to exclusive).
 * Everything is one read transaction, so the numbers agree with each other.
 */

export const STAGES = /** @type {const} */ (['awareness', 'consideration', 'purchase', 'retention', 'advocacy']);
export const VITALS = /** @type {const} */ (['LCP', 'INP', 'CLS']);
/** Two shoppers in three expect checkout to take 4 minutes or less. */
export const CHECKOUT_TARGET_MS = 4 * 60_000;

/**
 * Events that are not something the shopper did: measurements and inferences. They do not make a
 * session interactive (bounce rate), and `cart_abandoned`, sent in a later session, does not put
 * that session in the purchase stage.
 */
const PASSIVE = "('page_viewed', 'page_engaged', 'web_vital', 'cart_abandoned', 'identify')";

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
  // Covers the session-level pass (funnel, bounce, carts, totals) without reading the JSON.
  db.exec(`DROP INDEX IF EXISTS events_report;
    CREATE INDEX IF NOT EXISTS events_session_pass ON events (session_id, ts, type, stage, anonymous_id, automated);
    CREATE INDEX IF NOT EXISTS events_automated ON events (ts) WHERE automated = 1;`);
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
export const computeReport = (db, range = {}, options = {}) => {
  const from = range.from ?? 0;
  const to = range.to ?? MAX_TIME;
  const p = { from, to };
  const counted = countedEvents(options);
  // Every query reads the range through this CTE.
  const EV = `ev AS (SELECT * FROM events WHERE ts >= @from AND ts < @to ${counted})`;
  // The session pass reads only the covering index (when prepareReport made it), never the JSON.
  const covered = !!db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'events_session_pass'`).get();
  const EVS = `evs AS (SELECT rowid AS rid, session_id, ts, type, stage, anonymous_id FROM events ${covered ? 'INDEXED BY events_session_pass' : ''} WHERE ts >= @from AND ts < @to ${counted})`;
  const all = (/** @type {string} */ sql) => /** @type {any[]} */ (db.prepare(`WITH ${EV} ${sql}`).all(p));
  const get = (/** @type {string} */ sql) => /** @type {any} */ (db.prepare(`WITH ${EV} ${sql}`).get(p));

  return db.transaction(() => {
    // One pass over the sessions: what each reached and did.
    const sess = get(`, ${EVS}, s AS MATERIALIZED (SELECT session_id, min(anonymous_id) AS v, count(*) AS n, min(ts) AS first, max(ts) AS last,
        ${STAGES.map((st) => `max(stage = '${st}' AND type <> 'cart_abandoned') AS ${st}`).join(', ')},
        sum(type = 'page_viewed') AS views, sum(type NOT IN ${PASSIVE}) AS acts,
        max(type = 'product_added_to_cart') AS carted, max(type = 'order_completed') AS ordered,
        sum(type = 'cart_abandoned') AS abandoned_events
      FROM evs GROUP BY session_id)
      SELECT coalesce(sum(n), 0) AS events, count(DISTINCT v) AS visitors, count(*) AS sessions, min(first) AS first, max(last) AS last,
        ${STAGES.map((st) => `coalesce(sum(${st}), 0) AS s_${st}, count(DISTINCT CASE WHEN ${st} THEN v END) AS v_${st}`).join(', ')},
        coalesce(sum(views > 0), 0) AS viewed, coalesce(sum(views = 1 AND acts = 0), 0) AS bounced,
        coalesce(sum(carted), 0) AS carts, coalesce(sum(carted AND NOT ordered), 0) AS abandoned, coalesce(sum(abandoned_events), 0) AS abandoned_events
      FROM s`);
    const totals = { events: sess.events, visitors: sess.visitors, sessions: sess.sessions, first: sess.first, last: sess.last };
    const reached = STAGES.map((stage) => ({ stage, visitors: sess['v_' + stage], sessions: sess['s_' + stage] }));
    const funnel = STAGES.map((stage, i) => {
      const r = reached.find((x) => x.stage == stage) ?? { visitors: 0, sessions: 0 };
      const prev = i ? reached.find((x) => x.stage == STAGES[i - 1]) ?? { visitors: 0, sessions: 0 } : null;
      return {
        stage,
        visitors: r.visitors,
        sessions: r.sessions,
        dropVisitors: prev ? ratio(prev.visitors - r.visitors, prev.visitors) : null,
        dropSessions: prev ? ratio(prev.sessions - r.sessions, prev.sessions) : null,
      };
    });

    // Orders: one row per order id (the first event that carried it).
    const ORDERS = `orders AS MATERIALIZED (
      SELECT coalesce(json_extract(json, '$.props.order_id'), id) AS order_id, anonymous_id, session_id, min(ts) AS ts,
        coalesce(user_id, anonymous_id) AS customer,
        json_extract(json, '$.props.value') AS value, json_extract(json, '$.props.currency') AS currency,
        json_extract(json, '$.props.checkout_duration_ms') AS duration
      FROM ev WHERE type = 'order_completed' GROUP BY 1)`;
    const conv = get(`, ${ORDERS} SELECT count(*) AS orders, count(DISTINCT session_id) AS sessions, count(DISTINCT anonymous_id) AS visitors,
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
    // (The props are extracted once per event, then read: one parse of the whole event.)
    const engaged = all(`, e AS MATERIALIZED (SELECT id, page_type, json_extract(json, '$.props') AS p FROM ev WHERE type = 'page_engaged'),
      pv AS (SELECT max(p ->> '$.active_ms') AS ms, coalesce(p ->> '$.page_type', page_type, 'unknown') AS page_type
        FROM e GROUP BY coalesce(p ->> '$.page_view_id', id))
      SELECT page_type, count(ms) AS pages, sum(ms) AS total FROM pv GROUP BY page_type ORDER BY page_type`);
    const pages = engaged.reduce((n, r) => n + r.pages, 0);
    const activeTime = {
      pages,
      meanMs: ratio(engaged.reduce((n, r) => n + (r.total ?? 0), 0), pages),
      byPageType: engaged.filter((r) => r.pages).map((r) => ({ pageType: r.page_type, pages: r.pages, meanMs: ratio(r.total, r.pages) })),
    };

    // Cart abandonment, by session.
    const cartAbandonment = { sessionsWithCart: sess.carts, abandoned: sess.abandoned, rate: ratio(sess.abandoned, sess.carts), cartAbandonedEvents: sess.abandoned_events };

    // Money, per currency: average order value, lifetime value, repeat purchases.
    const money = all(`, ${ORDERS}, c AS (SELECT currency, customer, count(*) AS n, sum(value) AS total FROM orders WHERE value IS NOT NULL GROUP BY currency, customer)
      SELECT currency, sum(n) AS orders, sum(total) AS revenue, count(*) AS customers, sum(n > 1) AS repeaters FROM c GROUP BY currency ORDER BY sum(n) DESC, currency`).map((r) => ({
      currency: r.currency ?? '?',
      orders: r.orders,
      revenue: round2(r.revenue),
      aov: round2(ratio(r.revenue, r.orders)),
      customers: r.customers,
      clv: round2(ratio(r.revenue, r.customers)),
    }));
    const rp = get(`, ${ORDERS}, c AS (SELECT customer, count(*) AS n FROM orders GROUP BY customer) SELECT count(*) AS customers, coalesce(sum(n > 1), 0) AS repeaters FROM c`);
    const repeat = { customers: rp.customers, repeaters: rp.repeaters, rate: ratio(rp.repeaters, rp.customers) };

    // Surveys.
    const SURVEY = (/** @type {string} */ kind) =>
      `a AS (SELECT json_extract(json, '$.props.score') AS score FROM ev WHERE type = 'survey_answered' AND json_extract(json, '$.props.survey') = '${kind}' AND json_extract(json, '$.props.score') IS NOT NULL)`;
    const cs = get(`, ${SURVEY('csat')} SELECT count(*) AS answers, coalesce(sum(score >= 4), 0) AS satisfied FROM a`);
    const np = get(`, ${SURVEY('nps')} SELECT count(*) AS answers, coalesce(sum(score >= 9), 0) AS promoters, coalesce(sum(score <= 6), 0) AS detractors FROM a`);
    const csat = { answers: cs.answers, satisfied: cs.satisfied, rate: ratio(cs.satisfied, cs.answers) };
    const nps = {
      answers: np.answers,
      promoters: np.promoters,
      detractors: np.detractors,
      passives: np.answers - np.promoters - np.detractors,
      score: np.answers ? round1((100 * (np.promoters - np.detractors)) / np.answers) : null,
    };

    // Checkout duration.
    const DUR = `, ${ORDERS}, d AS MATERIALIZED (
      SELECT o.order_id, CASE WHEN o.duration IS NOT NULL THEN 'module' ELSE 'session' END AS source,
        coalesce(o.duration, o.ts - (SELECT min(c.ts) FROM ev c WHERE c.session_id = o.session_id AND c.type = 'checkout_started' AND c.ts <= o.ts)) AS ms
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

    // Conversion by first-touch channel.
    const channels = all(`, ${ORDERS}, ${EVS}, f AS MATERIALIZED (SELECT anonymous_id, min(ts) AS t, rid FROM evs GROUP BY anonymous_id),
      v AS (SELECT f.anonymous_id, coalesce(json_extract(e.json, '$.first_touch.channel'), e.channel) AS ch FROM f JOIN events e ON e.rowid = f.rid),
      o AS (SELECT anonymous_id, count(*) AS n, sum(value) AS revenue FROM orders GROUP BY anonymous_id)
      SELECT v.ch AS channel, count(*) AS visitors, count(o.anonymous_id) AS buyers, coalesce(sum(o.n), 0) AS orders, coalesce(sum(o.revenue), 0) AS revenue
      FROM v LEFT JOIN o USING (anonymous_id) GROUP BY v.ch ORDER BY count(*) DESC, v.ch`).map((r) => ({
      channel: r.channel,
      visitors: r.visitors,
      buyers: r.buyers,
      orders: r.orders,
      revenue: round2(r.revenue),
      rate: ratio(r.buyers, r.visitors),
    }));

    // p75 web vitals by stage and by page type, in one pass over the web_vital events.
    const p75 = all(`, w AS MATERIALIZED (SELECT id, stage, page_type, json_extract(json, '$.props') AS p FROM ev WHERE type = 'web_vital'),
      m AS MATERIALIZED (SELECT stage, coalesce(p ->> '$.page_type', page_type, 'unknown') AS pt, p ->> '$.name' AS name, max(p ->> '$.value') AS value
        FROM w GROUP BY coalesce(p ->> '$.id', id), name),
      g AS (SELECT 'stage' AS dim, stage AS grp, name, value FROM m UNION ALL SELECT 'page', pt, name, value FROM m
        UNION ALL SELECT 'stage_page', stage || ' ' || pt, name, value FROM m),
      k AS (SELECT dim, grp, name, value, row_number() OVER (PARTITION BY dim, grp, name ORDER BY value) AS rn, count(*) OVER (PARTITION BY dim, grp, name) AS n
        FROM g WHERE name IN ('LCP', 'INP', 'CLS') AND value IS NOT NULL)
      SELECT dim, grp, name, value, n FROM k WHERE rn = (3 * n + 3) / 4 ORDER BY dim, grp, name`);
    const pivot = (/** @type {any[]} */ rows, /** @type {readonly string[]} */ order) => {
      const groups = [...new Set(rows.map((r) => r.grp))].sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99) || String(a).localeCompare(b));
      return groups.map((g) => {
        /** @type {Record<string, { p75: number, n: number } | null>} */
        const by = {};
        for (const v of VITALS) {
          const r = rows.find((x) => x.grp == g && x.name == v);
          by[v] = r ? { p75: r.value, n: r.n } : null;
        }
        return { group: g, ...by };
      });
    };
    const vitals = {
      byStage: pivot(p75.filter((r) => r.dim == 'stage'), STAGES),
      byPageType: pivot(p75.filter((r) => r.dim == 'page'), ['home', 'content', 'category', 'search', 'product', 'cart', 'checkout', 'confirmation', 'order_status', 'account']),
      /** By stage and page type together (`group`: "purchase checkout"): where the map finds slow pages. */
      byStageAndPageType: pivot(p75.filter((r) => r.dim == 'stage_page'), []),
    };

    return {
      range: { from: range.from ?? null, to: range.to ?? null },
      totals: { events: totals.events, visitors: totals.visitors, sessions: totals.sessions, first: totals.first, last: totals.last },
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
  }).deferred();
};

function round2(/** @type {number | null} */ n) {
  return n == null ? null : Math.round(n * 100) / 100;
}
function round1(/** @type {number} */ n) {
  return Math.round(n * 10) / 10;
}

/** @typedef {ReturnType<typeof computeReport>} Report */
