// @ts-check
/**
 * The rollups (../rollups.mjs) seen through a time range, exactly: the rows of the sessions wholly
 * inside the range, plus the sessions the range's edges cut, folded again from their raw events in
 * the range into temporary tables by the same code. Facts are one row per event: the range filters
 * them as it filters events. Automated traffic is left out unless asked for; when it is counted, a
 * session with both kinds of events is folded again as one.
 *
 * A web-vital metric or a page view belongs to the session of its first report: one whose reports
 * span two sessions (a page left open past the session's end) and the range's edge is counted when
 * its reports are all inside the range.
 */
import { rollupsIn } from '../rollups.mjs';

const MAX_TIME = 8.64e15;
const SESSION_TABLES = ['sessions', 'session_stages', 'session_actions', 'session_moves', 'session_measured', 'vitals', 'page_views'];

/**
 * Open a range view for one read transaction.
 * @param {import('better-sqlite3').Database} db
 * @param {{ from?: number, to?: number }} range ms since the epoch; from inclusive, to exclusive
 * @param {{ includeAutomated?: boolean }} [options]
 */
export const openRange = (db, range, options = {}) => {
  const from = range.from ?? -MAX_TIME;
  const to = range.to ?? MAX_TIME;
  const whole = range.from == null && range.to == null;
  const include = !!options.includeAutomated;
  const human = include ? '' : 'AND automated = 0';
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS edge (session_id TEXT PRIMARY KEY) WITHOUT ROWID; DELETE FROM temp.edge;`);
  for (const t of SESSION_TABLES) if (db.prepare(`SELECT 1 FROM temp.sqlite_master WHERE name = ?`).get(t)) db.exec(`DELETE FROM temp.${t}`);
  const p = { from, to };
  // Sessions the range cuts, and (when automated traffic counts) sessions with both kinds of events.
  if (!whole) {
    db.prepare(`INSERT OR IGNORE INTO temp.edge SELECT session_id FROM main.sessions WHERE ts < @to AND last_ts >= @from AND (ts < @from OR last_ts >= @to) ${human}`).run(p);
  }
  if (include) db.exec(`INSERT OR IGNORE INTO temp.edge SELECT session_id FROM main.sessions GROUP BY anonymous_id, session_id HAVING count(*) > 1`);
  const edges = /** @type {string[]} */ (db.prepare('SELECT session_id FROM temp.edge').pluck().all());
  if (edges.length) {
    const temp = rollupsIn(db, 'temp');
    const of = db.prepare(`SELECT json, automated FROM main.events WHERE session_id = ? AND ts >= ? AND ts < ? ${human}`);
    for (const s of edges) {
      const events = /** @type {{ json: string, automated: number }[]} */ (of.all(s, from, to)).map((r) => ({ ...JSON.parse(r.json), automated: r.automated == 1 }));
      if (events.length) temp.add(events, { merge: true });
    }
  }
  const inRange = `${whole ? '' : 'AND ts >= @from AND ts < @to'} ${human}`;
  const spans = `${whole ? '' : 'AND ts >= @from AND ts_max < @to'} ${human}`;
  const notEdge = edges.length ? 'AND session_id NOT IN (SELECT session_id FROM temp.edge)' : '';
  /** @typedef {'sessions' | 'session_stages' | 'session_actions' | 'session_moves' | 'session_measured' | 'vitals' | 'page_views'} Table */
  /** The condition on the main table's rows (after `WHERE 1`). @param {Table} table */
  const own = (table) => `${table == 'vitals' || table == 'page_views' ? spans : inRange} ${notEdge}`;
  return {
    /** Parameters of the SQL below. */
    params: p,
    /** No `from` or `to`: every row of the main tables counts (but automated traffic, unless asked for). */
    whole,
    /** Sessions folded again into the temporary tables. */
    edges: edges.length,
    own,
    /** A rollup table as seen in the range (a subquery). @param {Table} table */
    rows: (table) => {
      const rows = `SELECT * FROM main.${table} WHERE 1 ${own(table)}`;
      return `(${edges.length ? `${rows} UNION ALL SELECT * FROM temp.${table}` : rows})`;
    },
    /** The facts of the range, of some types (a subquery). */
    facts: (/** @type {string[]} */ types) => `(SELECT * FROM main.facts WHERE type IN (${types.map((t) => `'${t}'`).join(', ')}) ${inRange})`,
    /** The events of the range (for what only raw events answer). */
    events: `(SELECT * FROM main.events WHERE 1 ${inRange})`,
  };
};

/** @typedef {ReturnType<typeof openRange>} RangeView */
