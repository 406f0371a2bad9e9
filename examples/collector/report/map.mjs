// @ts-check
/**
 * The customer journey map, drawn from events: one column per journey stage with its touchpoints,
 * actions, pain points (measured, ranked), opportunities (the pain points' money or shoppers at
 * stake, largest first) and the report's metrics that belong to it; then the flows between stages
 * and through the lifecycle. The report's numbers (computeReport) are used as they are, so each
 * idea has one definition; the map adds what the report does not count.
 */
import { CHECKOUT_TARGET_MS, DEFINITIONS, STAGES, reportIn } from './queries.mjs';
import { SAMPLE, SLOW, TOP } from './map-terms.mjs';
import { openRange } from './range.mjs';
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
 * Compute the map (from the rollups, like the report: see range.mjs).
 * @param {import('better-sqlite3').Database} db
 * @param {{ from?: number, to?: number }} [range]
 * @param {import('./queries.mjs').ReadOptions} [options]
 */
export const computeMap = (db, range = {}, options = {}) =>
  db.transaction(() => {
    const r = openRange(db, range, options);
    const report = reportIn(db, r, range, options);
    const all = (/** @type {string} */ sql) => /** @type {any[]} */ (db.prepare(sql).all(r.params));
    const SESSIONS = r.rows('sessions');
    const F = (/** @type {string[]} */ types) => r.facts(types);
    const sample = (/** @type {string} */ from) => all(`SELECT DISTINCT anonymous_id AS v FROM ${from} ORDER BY v LIMIT ${SAMPLE}`).map((x) => x.v);

    // Touchpoints: where each session entered each stage (its first action there).
    const ST = r.rows('session_stages');
    // Shoppers are counted per group after grouping by shopper: along an index, without a sort.
    const entered = all(`SELECT 'channel' AS dim, stage, a, b, count(*) AS shoppers, sum(n) AS sessions FROM
        (SELECT stage, channel AS a, coalesce(source, '') AS b, anonymous_id, count(*) AS n FROM ${ST} GROUP BY stage, channel, source, anonymous_id) GROUP BY stage, a, b
      UNION ALL SELECT 'page', stage, coalesce(a, 'unknown'), '', count(*), sum(n) FROM
        (SELECT stage, page_type AS a, anonymous_id, count(*) AS n FROM ${ST} GROUP BY stage, page_type, anonymous_id) GROUP BY stage, a
      UNION ALL SELECT 'entry', stage, a, '', count(*), sum(n) FROM
        (SELECT stage, path AS a, anonymous_id, count(*) AS n FROM ${ST} GROUP BY stage, path, anonymous_id) GROUP BY stage, a`).sort(
      (x, y) => y.shoppers - x.shoppers || y.sessions - x.sessions || String(x.a).localeCompare(y.a) || String(x.b).localeCompare(y.b),
    );
    const of = (/** @type {string} */ dim) => entered.filter((x) => x.dim == dim);
    const channels = of('channel').map((x) => ({ stage: x.stage, channel: x.a, source: x.b, shoppers: x.shoppers, sessions: x.sessions }));
    const pageTypes = of('page').map((x) => ({ stage: x.stage, pageType: x.a, shoppers: x.shoppers, sessions: x.sessions }));
    const entryPages = of('entry').map((x) => ({ stage: x.stage, path: x.a, shoppers: x.shoppers, sessions: x.sessions }));
    const actions = all(`SELECT stage, type, sum(n) AS count, count(*) AS shoppers FROM
        (SELECT stage, type, anonymous_id, sum(n) AS n FROM ${r.rows('session_actions')} GROUP BY stage, type, anonymous_id)
      GROUP BY stage, type ORDER BY stage, count DESC, type`);

    /** @type {PainPoint[]} */
    const pains = [];
    const pain = (/** @type {Omit<PainPoint, 'value' | 'currency' | 'detail' | 'sample'> & Partial<PainPoint>} */ x) =>
      x.count > 0 && pains.push({ value: null, currency: null, detail: [], sample: [], ...x });
    /** Each stage's facts of some types: count, shoppers, value, the most frequent labels and a sample of shoppers. */
    const byStage = (/** @type {string[]} */ types, /** @type {string} */ valued = '') =>
      all(`SELECT stage, count(*) AS n, count(DISTINCT anonymous_id) AS shoppers, sum(CASE WHEN type = '${valued}' THEN value END) AS value, min(currency) AS currency
        FROM ${F(types)} GROUP BY stage`).map((x) => ({
        ...x,
        detail: all(`SELECT label, count(*) AS n FROM ${F(types)} WHERE stage = '${x.stage}' GROUP BY label ORDER BY n DESC, label LIMIT ${TOP}`),
        sample: sample(`${F(types)} WHERE stage = '${x.stage}'`),
      }));

    report.funnel.forEach((f, i) => {
      const next = report.funnel[i + 1];
      if (next) pain({ id: 'dropout', stage: f.stage, title: `did not reach ${next.stage}`, count: Math.max(0, f.visitors - next.visitors), shoppers: Math.max(0, f.visitors - next.visitors) });
    });

    // A search is a fact only when it found nothing.
    for (const z of byStage(['search_submitted'])) pain({ id: 'zeroResults', stage: z.stage, title: 'searches found nothing', count: z.n, shoppers: z.shoppers, detail: z.detail, sample: z.sample });

    const measured = all(`SELECT stage || ' ' || page_type AS grp, count(*) AS shoppers FROM
      (SELECT stage, page_type, anonymous_id FROM ${r.rows('session_measured')} GROUP BY stage, page_type, anonymous_id) GROUP BY stage, page_type`);
    for (const g of report.vitals.byStageAndPageType) {
      const [stage, pageType] = g.group.split(' ');
      const slow = [['LCP', g.LCP], ['INP', g.INP]].filter(([name, v]) => v && /** @type {any} */ (v).p75 > SLOW[/** @type {'LCP' | 'INP'} */ (name)]);
      if (!slow.length) continue;
      const detail = slow.map(([name, v]) => ({ label: `p75 ${name}`, n: Math.round(/** @type {any} */ (v).p75) }));
      pain({ id: 'slowPages', stage, title: `slow ${pageType} pages`, count: Math.max(...slow.map(([, v]) => /** @type {any} */ (v).n)), shoppers: measured.find((m) => m.grp == g.group)?.shoppers ?? 0, detail });
    }

    const slowOrders = report.checkout.orders - report.checkout.within4min;
    pain({ id: 'slowCheckout', stage: 'purchase', title: 'checkouts over 4 minutes', count: slowOrders, shoppers: slowOrders, value: report.checkout.over4minRevenue, currency: report.money[0]?.currency ?? null });

    const ABANDONED = `${SESSIONS} WHERE carted AND NOT ordered`;
    const carts = all(`SELECT count(*) AS n, count(DISTINCT anonymous_id) AS shoppers, sum(cart_value) AS value, min(cart_currency) AS currency FROM ${ABANDONED}`)[0];
    pain({
      id: 'abandonedCarts', stage: 'purchase', title: 'carts left without an order', count: carts.n, shoppers: carts.shoppers, value: round2(carts.value ?? 0), currency: carts.currency ?? report.money[0]?.currency ?? null,
      sample: carts.n ? sample(ABANDONED) : [],
    });

    for (const x of byStage(['return_requested', 'exchange_requested', 'order_refunded'], 'order_refunded')) {
      pain({ id: 'returns', stage: x.stage, title: 'returns, exchanges and refunds', count: x.n, shoppers: x.shoppers, value: x.value == null ? null : round2(x.value), currency: x.value == null ? null : x.currency, detail: x.detail, sample: x.sample });
    }

    for (const x of byStage(['support_contacted'])) pain({ id: 'support', stage: x.stage, title: 'support contacts', count: x.n, shoppers: x.shoppers, detail: x.detail, sample: x.sample });

    const UNHAPPY = (/** @type {string} */ kind, /** @type {number} */ max) => `${F(['survey_answered'])} WHERE label = '${kind}' AND score <= ${max}`;
    const unhappy = (/** @type {string} */ from) => all(`SELECT count(DISTINCT anonymous_id) AS shoppers FROM ${from}`)[0].shoppers;
    pain({ id: 'csatUnsatisfied', stage: 'advocacy', title: 'unsatisfied CSAT answers', count: report.csat.answers - report.csat.satisfied, shoppers: unhappy(UNHAPPY('csat', 3)), sample: sample(UNHAPPY('csat', 3)) });
    pain({ id: 'npsDetractors', stage: 'advocacy', title: 'NPS detractors', count: report.nps.detractors, shoppers: unhappy(UNHAPPY('nps', 6)), sample: sample(UNHAPPY('nps', 6)) });

    // Ranked: most shoppers first, then most occurrences.
    pains.sort((a, b) => b.shoppers - a.shoppers || b.count - a.count);
    const flows = stageFlows(db, r);
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
      lifecycle: lifecycleFlow(db, r),
    };
  }).deferred();

/** @typedef {ReturnType<typeof computeMap>} JourneyMap */
