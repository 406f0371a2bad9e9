// @ts-check
/**
 * How shoppers move: between journey stages (event by event, within and across sessions) and
 * through the lifecycle (acquisition → conversion → loyalty → advocacy), with the time each
 * lifecycle step takes.
 */
import { NOT_ACTIONS } from './map-terms.mjs';

export const LIFECYCLE = /** @type {const} */ (['acquisition', 'conversion', 'loyalty', 'advocacy']);

/** Median of a list (the mean of the two middle values for an even count); null when empty. */
export const median = (/** @type {number[]} */ xs) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Stage flows: for each shopper, the shopper's actions in time order; every change of stage
 * between two consecutive actions is a move (awareness → purchase is one move, not two). Each
 * move counts once per shopper (`shoppers`) and each time it happens (`moves`), split into moves
 * within a session and moves between sessions. `entries`: shoppers whose first action was in
 * that stage.
 * @param {(sql: string) => any[]} all runs SQL after the report's `WITH ev AS (…)`
 */
export const stageFlows = (all) => {
  const moves = all(`, a AS (SELECT anonymous_id, session_id, stage, lag(stage) OVER w AS prev, lag(session_id) OVER w AS prev_session
        FROM ev WHERE type NOT IN ${NOT_ACTIONS} WINDOW w AS (PARTITION BY anonymous_id ORDER BY ts, seq))
      SELECT prev AS "from", stage AS "to", count(DISTINCT anonymous_id) AS shoppers, count(*) AS moves,
        sum(prev_session = session_id) AS within, sum(prev_session <> session_id) AS across
      FROM a WHERE prev IS NOT NULL AND prev <> stage GROUP BY prev, stage ORDER BY shoppers DESC, moves DESC, prev, stage`);
  const entries = all(`, a AS (SELECT anonymous_id, stage, row_number() OVER (PARTITION BY anonymous_id ORDER BY ts, seq) AS rn FROM ev WHERE type NOT IN ${NOT_ACTIONS})
      SELECT stage, count(*) AS shoppers FROM a WHERE rn = 1 GROUP BY stage`);
  return { moves, entries };
};

/**
 * Lifecycle flow: each shopper's lifecycle stages in the order first reached (the first event
 * carrying each); a step is two consecutive ones, timed from the first event of one to the first
 * of the next. A shopper who reviews after a first order steps conversion → advocacy.
 * @param {(sql: string) => any[]} all
 */
export const lifecycleFlow = (all) => {
  const rows = all(`, f AS (SELECT anonymous_id, lifecycle, min(ts) AS t FROM ev GROUP BY anonymous_id, lifecycle),
      l AS (SELECT lifecycle, t, lag(lifecycle) OVER w AS prev, t - lag(t) OVER w AS ms FROM f WINDOW w AS (PARTITION BY anonymous_id ORDER BY t, lifecycle))
      SELECT prev AS "from", lifecycle AS "to", ms FROM l WHERE prev IS NOT NULL`);
  const reached = all(`SELECT lifecycle, count(DISTINCT anonymous_id) AS shoppers FROM ev GROUP BY lifecycle`);
  /** @type {Map<string, number[]>} */
  const by = new Map();
  for (const r of rows) {
    const k = `${r.from}>${r.to}`;
    by.set(k, [...(by.get(k) ?? []), r.ms]);
  }
  const steps = [...by].map(([k, ms]) => {
    const [from, to] = k.split('>');
    return { from, to, shoppers: ms.length, medianMs: median(ms) };
  });
  steps.sort((a, b) => LIFECYCLE.indexOf(/** @type {any} */ (a.from)) - LIFECYCLE.indexOf(/** @type {any} */ (b.from)) || LIFECYCLE.indexOf(/** @type {any} */ (a.to)) - LIFECYCLE.indexOf(/** @type {any} */ (b.to)));
  return {
    stages: LIFECYCLE.map((stage) => ({ stage, shoppers: reached.find((r) => r.lifecycle == stage)?.shoppers ?? 0 })),
    steps,
  };
};
