// @ts-check
/**
 * How shoppers move: between journey stages (event by event, within and across sessions) and
 * through the lifecycle (acquisition → conversion → loyalty → advocacy), with the time each
 * lifecycle step takes.
 */
import { NOT_ACTIONS } from './map-terms.mjs';
import { LIFECYCLE, STAGES } from '../rollups.mjs';

export { LIFECYCLE };

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
 *
 * Read from the rollups: each session's own moves, and its first and last action, so a shopper's
 * sessions in time order add the moves between them. A shopper whose sessions overlap in time
 * (their actions interleave) is read from the raw events instead.
 * @param {import('better-sqlite3').Database} db
 * @param {import('./range.mjs').RangeView} r
 */
export const stageFlows = (db, r) => {
  const all = (/** @type {string} */ sql, /** @type {object} */ more = {}) => /** @type {any[]} */ (db.prepare(sql).all({ ...r.params, ...more }));
  const SESSIONS = `s AS MATERIALIZED (SELECT anonymous_id, first_action_ts AS t0, first_action_seq AS q0, first_stage, last_stage,
      row_number() OVER w AS rn, lag(last_stage) OVER w AS prev, (first_action_ts, first_action_seq) < (lag(last_action_ts) OVER w, lag(last_action_seq) OVER w) AS tangled
    FROM ${r.rows('sessions')} WHERE first_stage IS NOT NULL WINDOW w AS (PARTITION BY anonymous_id ORDER BY first_action_ts, first_action_seq)),
    t AS MATERIALIZED (SELECT DISTINCT anonymous_id FROM s WHERE tangled)`;
  const rolled = all(`WITH ${SESSIONS}, mv AS (
      SELECT anonymous_id, prev, stage, n AS moves, n AS within, 0 AS across FROM ${r.rows('session_moves')} WHERE anonymous_id NOT IN t
      UNION ALL SELECT anonymous_id, prev, first_stage, 1, 0, 1 FROM s WHERE rn > 1 AND prev <> first_stage AND anonymous_id NOT IN t)
    SELECT 'move' AS kind, prev AS "from", stage AS "to", count(DISTINCT anonymous_id) AS shoppers, sum(moves) AS moves, sum(within) AS within, sum(across) AS across
      FROM mv GROUP BY prev, stage
    UNION ALL SELECT 'entry', NULL, first_stage, count(*), 0, 0, 0 FROM s WHERE rn = 1 AND anonymous_id NOT IN t GROUP BY first_stage
    UNION ALL SELECT 'tangled', NULL, anonymous_id, 0, 0, 0, 0 FROM t`);
  const tangled = JSON.stringify(rolled.filter((x) => x.kind == 'tangled').map((x) => x.to));
  const ACTS = `a AS (SELECT anonymous_id, session_id, stage, lag(stage) OVER w AS prev, lag(session_id) OVER w AS prev_session, row_number() OVER w AS rn
      FROM ${r.events} WHERE anonymous_id IN (SELECT value FROM json_each(@tangled)) AND type NOT IN ${NOT_ACTIONS} WINDOW w AS (PARTITION BY anonymous_id ORDER BY ts, seq))`;
  const raw = tangled == '[]' ? [] : all(`WITH ${ACTS}
      SELECT 'move' AS kind, prev AS "from", stage AS "to", count(DISTINCT anonymous_id) AS shoppers, count(*) AS moves,
        sum(prev_session = session_id) AS within, sum(prev_session <> session_id) AS across FROM a WHERE prev IS NOT NULL AND prev <> stage GROUP BY prev, stage
      UNION ALL SELECT 'entry', NULL, stage, count(*), 0, 0, 0 FROM a WHERE rn = 1 GROUP BY stage`, { tangled });
  /** @type {Map<string, { from: string, to: string, shoppers: number, moves: number, within: number, across: number }>} */
  const moves = new Map();
  /** @type {Map<string, number>} */
  const entries = new Map();
  // The two sets of shoppers are apart: their counts add up.
  for (const x of [...rolled, ...raw]) {
    if (x.kind == 'entry') entries.set(x.to, (entries.get(x.to) ?? 0) + x.shoppers);
    if (x.kind != 'move') continue;
    const m = moves.get(`${x.from}>${x.to}`) ?? { from: x.from, to: x.to, shoppers: 0, moves: 0, within: 0, across: 0 };
    for (const k of /** @type {const} */ (['shoppers', 'moves', 'within', 'across'])) m[k] += x[k];
    moves.set(`${x.from}>${x.to}`, m);
  }
  return {
    moves: [...moves.values()].sort((a, b) => b.shoppers - a.shoppers || b.moves - a.moves || a.from.localeCompare(b.from) || a.to.localeCompare(b.to)),
    entries: [...entries].map(([stage, shoppers]) => ({ stage, shoppers })).sort((a, b) => STAGES.indexOf(/** @type {any} */ (a.stage)) - STAGES.indexOf(/** @type {any} */ (b.stage))),
  };
};

/**
 * Lifecycle flow: each shopper's lifecycle stages in the order first reached (the first event
 * carrying each); a step is two consecutive ones, timed from the first event of one to the first
 * of the next. A shopper who reviews after a first order steps conversion → advocacy.
 * @param {import('better-sqlite3').Database} db
 * @param {import('./range.mjs').RangeView} r
 */
export const lifecycleFlow = (db, r) => {
  const firsts = db.prepare(`SELECT ${LIFECYCLE.map((l) => `min(lc_${l})`).join(', ')} FROM ${r.rows('sessions')} GROUP BY anonymous_id`).raw();
  const reached = LIFECYCLE.map(() => 0);
  /** @type {Map<string, number[]>} */
  const by = new Map();
  for (const row of /** @type {Iterable<(number | null)[]>} */ (firsts.iterate(r.params))) {
    const seen = [];
    for (let i = 0; i < LIFECYCLE.length; i++) {
      const t = row[i];
      if (t != null) reached[i]++, seen.push({ stage: LIFECYCLE[i], t });
    }
    // First reached first; at the same moment, by name.
    seen.sort((a, b) => a.t - b.t || a.stage.localeCompare(b.stage));
    for (let i = 1; i < seen.length; i++) {
      const k = `${seen[i - 1].stage}>${seen[i].stage}`;
      const ms = by.get(k);
      if (ms) ms.push(seen[i].t - seen[i - 1].t);
      else by.set(k, [seen[i].t - seen[i - 1].t]);
    }
  }
  const steps = [...by].map(([k, ms]) => {
    const [from, to] = k.split('>');
    return { from, to, shoppers: ms.length, medianMs: median(ms) };
  });
  steps.sort((a, b) => LIFECYCLE.indexOf(/** @type {any} */ (a.from)) - LIFECYCLE.indexOf(/** @type {any} */ (b.from)) || LIFECYCLE.indexOf(/** @type {any} */ (a.to)) - LIFECYCLE.indexOf(/** @type {any} */ (b.to)));
  return { stages: LIFECYCLE.map((stage, i) => ({ stage, shoppers: reached[i] })), steps };
};
