// @ts-check
/**
 * The customer journey map, drawn from events: one column per journey stage with its touchpoints,
 * actions, pain points (measured, ranked), opportunities (the pain points' money or shoppers at
 * stake, largest first) and the report's metrics that belong to it; then the flows between stages
 * and through the lifecycle. The report's numbers (computeReport) are used as they are, so each
 * idea has one definition; the map adds what the report does not count.
 */
import { CHECKOUT_TARGET_MS, DEFINITIONS, STAGES, computeReport, countedEvents } from './queries.mjs';
import { NOT_ACTIONS, SAMPLE, SLOW, TOP } from './map-terms.mjs';
import { lifecycleFlow, stageFlows } from './flows.mjs';

/** Each pain point's definition, shown beside it on the page, in the text and in README. */
export const PAIN_DEFINITIONS = {
  dropout: `Shoppers (anonymous ids) who reached this stage minus those who reached the next one, as in the report's funnel: ${DEFINITIONS.funnel}`,
  zeroResults: 'search_submitted events with zero_results: true or result_count 0; shoppers who met one; the most frequent queries (trimmed, lower case).',
  slowPages: `Page types in the stage whose p75 LCP is over ${SLOW.LCP} ms or p75 INP over ${SLOW.INP} ms (Google's "good" thresholds), measured as in the report's page speed; shoppers with a measurement there.`,
  slowCheckout: `Orders whose checkout took longer than 4 minutes (${DEFINITIONS.checkout}); their order value is what a slow checkout put at risk.`,
  abandonedCarts: 'Sessions with a product_added_to_cart and no order_completed (the report\'s cart abandonment); value: price × quantity of the items added in those sessions.',
  returns: 'return_requested, exchange_requested and order_refunded events, by type and reason; value: order_refunded values.',
  support: 'support_contacted events and the shoppers who sent them, by channel and topic.',
  csatUnsatisfied: 'CSAT answers (1-5) of 3 or less: the answers the report\'s CSAT does not count as satisfied.',
  npsDetractors: 'NPS answers of 0 to 6, as in the report\'s NPS.',
};

/** The report's metrics, by the stage they belong to. */
const METRICS = /** @type {Record<string, (r: import('./queries.mjs').Report) => { name: string, value: number | null, kind: 'rate' | 'money' | 'ms' | 'score', of?: string }[]>} */ ({
  awareness: (r) => [{ name: 'bounce rate', value: r.bounce.rate, kind: 'rate', of: `${r.bounce.bounced} of ${r.bounce.sessions} sessions` }],
  consideration: (r) => [{ name: 'active time on page', value: r.activeTime.meanMs, kind: 'ms', of: `${r.activeTime.pages} page views` }],
  purchase: (r) => [
    { name: 'conversion rate', value: r.conversion.sessionRate, kind: 'rate', of: `${r.conversion.sessions} of ${r.totals.sessions} sessions` },
    { name: 'cart abandonment', value: r.cartAbandonment.rate, kind: 'rate', of: `${r.cartAbandonment.abandoned} of ${r.cartAbandonment.sessionsWithCart} carts` },
    { name: 'average order value', value: r.money[0]?.aov ?? null, kind: 'money', of: `${r.money[0]?.orders ?? 0} orders` },
    { name: 'median checkout', value: r.checkout.medianMs, kind: 'ms', of: `${r.checkout.orders} orders` },
  ],
  retention: (r) => [
    { name: 'repeat purchase rate', value: r.repeat.rate, kind: 'rate', of: `${r.repeat.repeaters} of ${r.repeat.customers} customers` },
    { name: 'customer lifetime value', value: r.money[0]?.clv ?? null, kind: 'money', of: `${r.money[0]?.customers ?? 0} customers` },
  ],
  advocacy: (r) => [
    { name: 'CSAT', value: r.csat.rate, kind: 'rate', of: `${r.csat.satisfied} of ${r.csat.answers} answers` },
    { name: 'NPS', value: r.nps.score, kind: 'score', of: `${r.nps.answers} answers` },
  ],
});

const top = (/** @type {any[]} */ rows, /** @type {string} */ stage) => rows.filter((r) => r.stage == stage).slice(0, TOP).map(({ stage: _, ...r }) => r);
const round2 = (/** @type {number | null} */ n) => (n == null ? null : Math.round(n * 100) / 100);

/**
 * @typedef {{ id: keyof typeof PAIN_DEFINITIONS, stage: string, title: string, count: number, shoppers: number,
 *   value: number | null, currency: string | null, detail: { label: string, n: number }[], sample: string[] }} PainPoint
 */

/**
 * Compute the map.
 * @param {import('better-sqlite3').Database} db
 * @param {{ from?: number, to?: number }} [range]
 * @param {import('./queries.mjs').ReadOptions} [options]
 */
export const computeMap = (db, range = {}, options = {}) =>
  db.transaction(() => {
    const report = computeReport(db, range, options);
    const p = { from: range.from ?? 0, to: range.to ?? 8.64e15 };
    const EV = `ev AS (SELECT rowid AS rid, * FROM events WHERE ts >= @from AND ts < @to ${countedEvents(options)})`;
    const all = (/** @type {string} */ sql) => /** @type {any[]} */ (db.prepare(`WITH ${EV} ${sql}`).all(p));
    const sample = (/** @type {string} */ where) => all(`SELECT DISTINCT anonymous_id AS v FROM ev WHERE ${where} ORDER BY v LIMIT ${SAMPLE}`).map((r) => r.v);

    // Touchpoints: where each session entered each stage (its first action there), in one pass;
    // the row's JSON is read only for those first actions.
    const entered = all(`, f AS MATERIALIZED (SELECT * FROM (SELECT rid, anonymous_id, stage, channel, page_type, path,
        row_number() OVER (PARTITION BY session_id, stage ORDER BY ts, seq) AS rn FROM ev WHERE type NOT IN ${NOT_ACTIONS}) WHERE rn = 1)
      SELECT 'channel' AS dim, f.stage, f.channel AS a, coalesce(e.json ->> '$.touch.source', '') AS b, count(DISTINCT f.anonymous_id) AS shoppers, count(*) AS sessions
        FROM f JOIN events e ON e.rowid = f.rid GROUP BY f.stage, a, b
      UNION ALL SELECT 'page', stage, coalesce(page_type, 'unknown'), '', count(DISTINCT anonymous_id), count(*) FROM f GROUP BY stage, 3
      UNION ALL SELECT 'entry', stage, path, '', count(DISTINCT anonymous_id), count(*) FROM f GROUP BY stage, path`).sort(
      (x, y) => y.shoppers - x.shoppers || y.sessions - x.sessions || String(x.a).localeCompare(y.a) || String(x.b).localeCompare(y.b),
    );
    const of = (/** @type {string} */ dim) => entered.filter((r) => r.dim == dim);
    const channels = of('channel').map((r) => ({ stage: r.stage, channel: r.a, source: r.b, shoppers: r.shoppers, sessions: r.sessions }));
    const pageTypes = of('page').map((r) => ({ stage: r.stage, pageType: r.a, shoppers: r.shoppers, sessions: r.sessions }));
    const entryPages = of('entry').map((r) => ({ stage: r.stage, path: r.a, shoppers: r.shoppers, sessions: r.sessions }));
    const actions = all(`SELECT stage, type, count(*) AS count, count(DISTINCT anonymous_id) AS shoppers FROM ev WHERE type NOT IN ${NOT_ACTIONS}
      GROUP BY stage, type ORDER BY stage, count DESC, type`);

    /** @type {PainPoint[]} */
    const pains = [];
    const pain = (/** @type {Omit<PainPoint, 'value' | 'currency' | 'detail' | 'sample'> & Partial<PainPoint>} */ x) =>
      x.count > 0 && pains.push({ value: null, currency: null, detail: [], sample: [], ...x });

    report.funnel.forEach((f, i) => {
      const next = report.funnel[i + 1];
      if (next) pain({ id: 'dropout', stage: f.stage, title: `did not reach ${next.stage}`, count: Math.max(0, f.visitors - next.visitors), shoppers: Math.max(0, f.visitors - next.visitors) });
    });

    const ZERO = `type = 'search_submitted' AND (json ->> '$.props.zero_results' = 1 OR json ->> '$.props.result_count' = 0)`;
    for (const z of all(`SELECT stage, count(*) AS n, count(DISTINCT anonymous_id) AS shoppers FROM ev WHERE ${ZERO} GROUP BY stage`)) {
      const queries = all(`SELECT lower(trim(json ->> '$.props.query')) AS label, count(*) AS n FROM ev WHERE ${ZERO} AND stage = '${z.stage}' GROUP BY label ORDER BY n DESC, label LIMIT ${TOP}`);
      pain({ id: 'zeroResults', stage: z.stage, title: 'searches found nothing', count: z.n, shoppers: z.shoppers, detail: queries, sample: sample(`${ZERO} AND stage = '${z.stage}'`) });
    }

    const measured = all(`SELECT stage, coalesce(json ->> '$.props.page_type', page_type, 'unknown') AS pt, count(DISTINCT anonymous_id) AS shoppers
      FROM ev WHERE type = 'web_vital' GROUP BY stage, pt`);
    for (const g of report.vitals.byStageAndPageType) {
      const [stage, pageType] = g.group.split(' ');
      const slow = [['LCP', g.LCP], ['INP', g.INP]].filter(([name, v]) => v && /** @type {any} */ (v).p75 > SLOW[/** @type {'LCP' | 'INP'} */ (name)]);
      if (!slow.length) continue;
      const shoppers = measured.find((m) => m.stage == stage && m.pt == pageType)?.shoppers ?? 0;
      const detail = slow.map(([name, v]) => ({ label: `p75 ${name}`, n: Math.round(/** @type {any} */ (v).p75) }));
      pain({ id: 'slowPages', stage, title: `slow ${pageType} pages`, count: Math.max(...slow.map(([, v]) => /** @type {any} */ (v).n)), shoppers, detail });
    }

    const slowOrders = report.checkout.orders - report.checkout.within4min;
    pain({ id: 'slowCheckout', stage: 'purchase', title: 'checkouts over 4 minutes', count: slowOrders, shoppers: slowOrders, value: report.checkout.over4minRevenue, currency: report.money[0]?.currency ?? null });

    const carts = all(`, s AS (SELECT session_id FROM ev GROUP BY session_id HAVING max(type = 'product_added_to_cart') AND NOT max(type = 'order_completed'))
      SELECT count(DISTINCT e.session_id) AS n, count(DISTINCT e.anonymous_id) AS shoppers,
        sum(coalesce(e.json ->> '$.props.price', 0) * coalesce(e.json ->> '$.props.quantity', 1)) AS value, min(e.json ->> '$.props.currency') AS currency
      FROM ev e JOIN s USING (session_id) WHERE e.type = 'product_added_to_cart'`)[0];
    pain({
      id: 'abandonedCarts', stage: 'purchase', title: 'carts left without an order', count: carts.n, shoppers: carts.shoppers, value: round2(carts.value ?? 0), currency: carts.currency ?? report.money[0]?.currency ?? null,
      sample: carts.n ? all(`, s AS (SELECT session_id, min(anonymous_id) AS v FROM ev GROUP BY session_id HAVING max(type = 'product_added_to_cart') AND NOT max(type = 'order_completed'))
        SELECT DISTINCT v FROM s ORDER BY v LIMIT ${SAMPLE}`).map((r) => r.v) : [],
    });

    const RETURNS = `type IN ('return_requested', 'exchange_requested', 'order_refunded')`;
    for (const r of all(`SELECT stage, count(*) AS n, count(DISTINCT anonymous_id) AS shoppers, sum(CASE WHEN type = 'order_refunded' THEN json ->> '$.props.value' END) AS value,
        min(json ->> '$.props.currency') AS currency FROM ev WHERE ${RETURNS} GROUP BY stage`)) {
      const detail = all(`SELECT replace(type, '_requested', '') || ': ' || coalesce(json ->> '$.props.reason', 'no reason') AS label, count(*) AS n FROM ev
        WHERE ${RETURNS} AND stage = '${r.stage}' GROUP BY label ORDER BY n DESC, label LIMIT ${TOP}`);
      pain({ id: 'returns', stage: r.stage, title: 'returns, exchanges and refunds', count: r.n, shoppers: r.shoppers, value: r.value == null ? null : round2(r.value), currency: r.value == null ? null : r.currency, detail, sample: sample(`${RETURNS} AND stage = '${r.stage}'`) });
    }

    const SUPPORT = `type = 'support_contacted'`;
    for (const r of all(`SELECT stage, count(*) AS n, count(DISTINCT anonymous_id) AS shoppers FROM ev WHERE ${SUPPORT} GROUP BY stage`)) {
      const detail = all(`SELECT coalesce(json ->> '$.props.channel', '?') || coalesce(' · ' || (json ->> '$.props.topic'), '') AS label, count(*) AS n FROM ev
        WHERE ${SUPPORT} AND stage = '${r.stage}' GROUP BY label ORDER BY n DESC, label LIMIT ${TOP}`);
      pain({ id: 'support', stage: r.stage, title: 'support contacts', count: r.n, shoppers: r.shoppers, detail, sample: sample(`${SUPPORT} AND stage = '${r.stage}'`) });
    }

    const SURVEY = (/** @type {string} */ kind, /** @type {number} */ max) => `type = 'survey_answered' AND json ->> '$.props.survey' = '${kind}' AND json ->> '$.props.score' <= ${max}`;
    const unhappy = (/** @type {string} */ where) => all(`SELECT count(DISTINCT anonymous_id) AS shoppers FROM ev WHERE ${where}`)[0].shoppers;
    pain({ id: 'csatUnsatisfied', stage: 'advocacy', title: 'unsatisfied CSAT answers', count: report.csat.answers - report.csat.satisfied, shoppers: unhappy(SURVEY('csat', 3)), sample: sample(SURVEY('csat', 3)) });
    pain({ id: 'npsDetractors', stage: 'advocacy', title: 'NPS detractors', count: report.nps.detractors, shoppers: unhappy(SURVEY('nps', 6)), sample: sample(SURVEY('nps', 6)) });

    // Ranked: most shoppers first, then most occurrences.
    pains.sort((a, b) => b.shoppers - a.shoppers || b.count - a.count);
    const flows = stageFlows(all);
    const stages = STAGES.map((stage, i) => {
      const f = report.funnel[i];
      const own = pains.filter((x) => x.stage == stage);
      return {
        stage,
        shoppers: f.visitors,
        sessions: f.sessions,
        touchpoints: { channels: top(channels, stage), pageTypes: top(pageTypes, stage), entryPages: top(entryPages, stage) },
        actions: actions.filter((a) => a.stage == stage).map(({ stage: _, ...a }) => a),
        painPoints: own,
        // Money at stake first (largest first), then shoppers at stake.
        opportunities: own
          .map((x) => ({ id: x.id, title: x.title, value: x.value, currency: x.currency, shoppers: x.shoppers }))
          .sort((a, b) => (b.value ?? -1) - (a.value ?? -1) || b.shoppers - a.shoppers),
        metrics: METRICS[stage](report),
      };
    });
    return {
      range: report.range,
      totals: report.totals,
      automated: report.automated,
      checkoutTargetMs: CHECKOUT_TARGET_MS,
      stages,
      flows,
      lifecycle: lifecycleFlow(all),
    };
  }).deferred();

/** @typedef {ReturnType<typeof computeMap>} JourneyMap */
