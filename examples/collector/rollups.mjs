// @ts-check
/**
 * Rollups: what the report and the map read instead of the raw events, kept up to date in the same
 * transaction as the events themselves, so they are exact (nothing sampled) and agree with the
 * events table at every commit.
 *
 * The unit is the session part (a shopper's session's events flagged automated or not, kept apart
 * so the report can leave automated traffic out): one row of `sessions` with what the session reached and
 * did, its first action per stage (`session_stages`: the touchpoints), its actions per stage and
 * type (`session_actions`), and its moves between stages (`session_moves`). Web vitals and page
 * engagement are kept per metric id and per page view (the largest value of each), and the stages
 * and page types a session measured (`session_measured`). Events whose
 * properties the report reads (orders, checkouts, searches without results, returns, support
 * contacts, surveys) are kept one row each in `facts`, their properties in columns.
 *
 * A session-scoped row carries a time inside its session's span (`ts`), so a time range takes the
 * rows of the sessions wholly inside it; sessions cut by the range's edges are folded again from
 * their raw events in the range (report/range.mjs), with the same code, into temporary tables.
 */

/** Events that are not something the shopper did: not actions, no move between stages. */
export const NOT_ACTIONS = ['page_engaged', 'web_vital', 'cart_abandoned', 'identify'];
/** Events that do not make a session interactive (bounce rate). */
const PASSIVE = new Set(['page_viewed', ...NOT_ACTIONS]);
const NOT_ACTION = new Set(NOT_ACTIONS);
/** The journey stages and the lifecycle stages, in order (the report and the map read them from here). */
export const STAGES = /** @type {const} */ (['awareness', 'consideration', 'purchase', 'retention', 'advocacy']);
export const LIFECYCLE = /** @type {const} */ (['acquisition', 'conversion', 'loyalty', 'advocacy']);

/** The rollup tables, in `schema` (`main`, or `temp` for a range's edge sessions). */
const ddl = (/** @type {string} */ s) => `
CREATE TABLE IF NOT EXISTS ${s}.sessions (
  session_id TEXT NOT NULL, automated INTEGER NOT NULL, anonymous_id TEXT NOT NULL,
  ts INTEGER NOT NULL, first_seq INTEGER NOT NULL, first_channel TEXT, last_ts INTEGER NOT NULL, events INTEGER NOT NULL,
  ${STAGES.map((st) => `${st} INTEGER NOT NULL`).join(', ')},
  views INTEGER NOT NULL, acts INTEGER NOT NULL, carted INTEGER NOT NULL, ordered INTEGER NOT NULL, abandoned_events INTEGER NOT NULL,
  cart_value REAL NOT NULL, cart_currency TEXT,
  ${LIFECYCLE.map((l) => `lc_${l} INTEGER`).join(', ')},
  first_action_ts INTEGER, first_action_seq INTEGER, first_stage TEXT, last_action_ts INTEGER, last_action_seq INTEGER, last_stage TEXT,
  PRIMARY KEY (anonymous_id, session_id, automated)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ${s}.session_stages (
  session_id TEXT NOT NULL, automated INTEGER NOT NULL, stage TEXT NOT NULL, anonymous_id TEXT NOT NULL,
  ts INTEGER NOT NULL, seq INTEGER NOT NULL, channel TEXT, source TEXT, page_type TEXT, path TEXT,
  PRIMARY KEY (session_id, automated, stage)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ${s}.session_actions (
  session_id TEXT NOT NULL, automated INTEGER NOT NULL, stage TEXT NOT NULL, type TEXT NOT NULL, anonymous_id TEXT NOT NULL,
  ts INTEGER NOT NULL, n INTEGER NOT NULL,
  PRIMARY KEY (session_id, automated, stage, type)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ${s}.session_moves (
  session_id TEXT NOT NULL, automated INTEGER NOT NULL, prev TEXT NOT NULL, stage TEXT NOT NULL, anonymous_id TEXT NOT NULL,
  ts INTEGER NOT NULL, n INTEGER NOT NULL,
  PRIMARY KEY (session_id, automated, prev, stage)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ${s}.vitals (
  id TEXT NOT NULL, name TEXT NOT NULL, automated INTEGER NOT NULL, session_id TEXT NOT NULL, anonymous_id TEXT NOT NULL,
  ts INTEGER NOT NULL, ts_max INTEGER NOT NULL, stage TEXT NOT NULL, page_type TEXT NOT NULL, value,
  PRIMARY KEY (id, name, automated)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ${s}.session_measured (
  session_id TEXT NOT NULL, automated INTEGER NOT NULL, stage TEXT NOT NULL, page_type TEXT NOT NULL, anonymous_id TEXT NOT NULL, ts INTEGER NOT NULL,
  PRIMARY KEY (session_id, automated, stage, page_type)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ${s}.page_views (
  id TEXT NOT NULL, automated INTEGER NOT NULL, session_id TEXT NOT NULL,
  ts INTEGER NOT NULL, ts_max INTEGER NOT NULL, page_type TEXT NOT NULL, active_ms,
  PRIMARY KEY (id, automated)) WITHOUT ROWID;
`;

/** The main database's own tables and indexes: facts, and what a time range looks up. */
const MAIN = `
CREATE TABLE IF NOT EXISTS facts (
  id TEXT PRIMARY KEY, type TEXT NOT NULL, ts INTEGER NOT NULL, automated INTEGER NOT NULL, session_id TEXT NOT NULL,
  anonymous_id TEXT NOT NULL, customer TEXT NOT NULL, stage TEXT NOT NULL,
  order_id TEXT, value, currency TEXT, duration_ms, label TEXT, score) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS facts_type ON facts (type, ts);
CREATE INDEX IF NOT EXISTS facts_session ON facts (session_id, type, ts);
CREATE INDEX IF NOT EXISTS sessions_ts ON sessions (ts);
CREATE INDEX IF NOT EXISTS sessions_last ON sessions (last_ts);
-- Each stage's entries and actions by shopper in order: counting shoppers is a walk, not a sort.
CREATE INDEX IF NOT EXISTS session_stages_channel ON session_stages (stage, channel, source, anonymous_id, automated, ts);
CREATE INDEX IF NOT EXISTS session_stages_page ON session_stages (stage, page_type, anonymous_id, automated, ts);
CREATE INDEX IF NOT EXISTS session_stages_path ON session_stages (stage, path, anonymous_id, automated, ts);
CREATE INDEX IF NOT EXISTS session_actions_shopper ON session_actions (stage, type, anonymous_id, automated, n, ts);
CREATE INDEX IF NOT EXISTS session_measured_shopper ON session_measured (stage, page_type, anonymous_id, automated, ts);
CREATE INDEX IF NOT EXISTS page_views_type ON page_views (page_type, automated, active_ms, ts, ts_max);
-- Each metric's values in order, by stage, page type and both: a percentile is a step to its rank.
CREATE INDEX IF NOT EXISTS vitals_stage ON vitals (name, stage, value, automated);
CREATE INDEX IF NOT EXISTS vitals_page ON vitals (name, page_type, value, automated);
CREATE INDEX IF NOT EXISTS vitals_stage_page ON vitals (name, stage, page_type, value, automated);
-- A range's values without reading the others.
CREATE INDEX IF NOT EXISTS vitals_time ON vitals (ts, ts_max, automated, name, stage, page_type, value);
`;

/** A JSON value as SQLite can hold it: numbers and strings as they are, the rest not at all. */
const scalar = (/** @type {unknown} */ v) => (typeof v == 'number' || typeof v == 'string' ? v : typeof v == 'boolean' ? Number(v) : null);

/**
 * The facts kept of each event type that has them: its properties in the fact's columns. A search
 * is a fact only when it found nothing.
 * @type {Record<string, (p: any, e: any) => Record<string, unknown> | null>}
 */
const FACTS = {
  order_completed: (p, e) => ({ order_id: scalar(p.order_id) ?? e.id, value: scalar(p.value), currency: scalar(p.currency), duration_ms: scalar(p.checkout_duration_ms) }),
  checkout_started: () => ({}),
  search_submitted: (p) =>
    p.zero_results === true || p.zero_results === 1 || p.result_count === 0 ? { label: typeof p.query == 'string' ? p.query.trim().toLowerCase() : scalar(p.query) } : null,
  return_requested: (p) => ({ label: `return: ${scalar(p.reason) ?? 'no reason'}`, currency: scalar(p.currency) }),
  exchange_requested: (p) => ({ label: `exchange: ${scalar(p.reason) ?? 'no reason'}`, currency: scalar(p.currency) }),
  order_refunded: (p) => ({ label: `order_refunded: ${scalar(p.reason) ?? 'no reason'}`, value: scalar(p.value), currency: scalar(p.currency) }),
  support_contacted: (p) => ({ label: `${scalar(p.channel) ?? '?'}${p.topic != null ? ` · ${scalar(p.topic)}` : ''}` }),
  survey_answered: (p) => ({ label: scalar(p.survey), score: scalar(p.score) }),
};

/** (a, b) in time order: by ts, then seq. */
const before = (/** @type {number} */ ta, /** @type {number} */ qa, /** @type {number} */ tb, /** @type {number} */ qb) => ta < tb || (ta == tb && qa < qb);

/**
 * Create the rollup tables in `schema` and return what folds events into them.
 * @param {import('better-sqlite3').Database} db
 * @param {'main' | 'temp'} [schema]
 */
export const rollupsIn = (db, schema = 'main') => {
  db.exec(ddl(schema) + (schema == 'main' ? MAIN : ''));
  const s = schema;
  const cols = /** @type {string[]} */ (db.prepare(`SELECT name FROM pragma_table_info('sessions', '${s}')`).all().map((r) => /** @type {any} */ (r).name));
  // By shopper first: what is counted per shopper is read in that order, without a sort.
  const getSession = db.prepare(`SELECT * FROM ${s}.sessions WHERE anonymous_id = ? AND session_id = ? AND automated = ?`);
  const putSession = db.prepare(`INSERT OR REPLACE INTO ${s}.sessions (${cols.join(', ')}) VALUES (${cols.map((c) => '@' + c).join(', ')})`);
  const stageFirst = db.prepare(`INSERT INTO ${s}.session_stages VALUES (@session_id, @automated, @stage, @anonymous_id, @ts, @seq, @channel, @source, @page_type, @path)
    ON CONFLICT DO UPDATE SET ts = excluded.ts, seq = excluded.seq, channel = excluded.channel, source = excluded.source, page_type = excluded.page_type, path = excluded.path
    WHERE (excluded.ts, excluded.seq) < (ts, seq)`);
  const action = db.prepare(`INSERT INTO ${s}.session_actions VALUES (?, ?, ?, ?, ?, ?, 1) ON CONFLICT DO UPDATE SET n = n + 1`);
  const move = db.prepare(`INSERT INTO ${s}.session_moves VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n`);
  const clearMoves = db.prepare(`DELETE FROM ${s}.session_moves WHERE session_id = ? AND automated = ?`);
  const actionsOf = db.prepare(`SELECT ts, seq, stage FROM main.events WHERE session_id = ? AND anonymous_id = ? AND automated = ? AND type NOT IN (${NOT_ACTIONS.map((t) => `'${t}'`).join(', ')}) ORDER BY ts, seq`);
  // The largest value wins, with the stage and page type of the event that carried it.
  const larger = (/** @type {string} */ col) => `CASE WHEN excluded.value > value OR (value IS NULL AND excluded.value IS NOT NULL) THEN excluded.${col} ELSE ${col} END`;
  const vital = db.prepare(`INSERT INTO ${s}.vitals VALUES (@id, @name, @automated, @session_id, @anonymous_id, @ts, @ts, @stage, @page_type, @value)
    ON CONFLICT DO UPDATE SET ts = min(ts, excluded.ts), ts_max = max(ts_max, excluded.ts_max), stage = ${larger('stage')}, page_type = ${larger('page_type')}, value = ${larger('value')}`);
  const measured = db.prepare(`INSERT OR IGNORE INTO ${s}.session_measured VALUES (?, ?, ?, ?, ?, ?)`);
  const engaged = db.prepare(`INSERT INTO ${s}.page_views VALUES (@id, @automated, @session_id, @ts, @ts, @page_type, @value)
    ON CONFLICT DO UPDATE SET ts = min(ts, excluded.ts), ts_max = max(ts_max, excluded.ts_max),
      page_type = CASE WHEN excluded.active_ms > active_ms OR (active_ms IS NULL AND excluded.active_ms IS NOT NULL) THEN excluded.page_type ELSE page_type END,
      active_ms = CASE WHEN excluded.active_ms > active_ms OR active_ms IS NULL THEN excluded.active_ms ELSE active_ms END`);
  const fact = schema == 'main' ? db.prepare(`INSERT OR IGNORE INTO facts VALUES (@id, @type, @ts, @automated, @session_id, @anonymous_id, @customer, @stage,
    @order_id, @value, @currency, @duration_ms, @label, @score)`) : null;

  /** A session part's row before its first event. @returns {Record<string, any>} */
  const fresh = (/** @type {any} */ e, /** @type {number} */ automated) => ({
    ...Object.fromEntries(cols.map((c) => [c, null])),
    session_id: e.session_id, automated, anonymous_id: e.anonymous_id, ts: e.ts, first_seq: e.seq, last_ts: e.ts, events: 0,
    ...Object.fromEntries(STAGES.map((st) => [st, 0])),
    views: 0, acts: 0, carted: 0, ordered: 0, abandoned_events: 0, cart_value: 0,
  });

  /** Fold the session's moves again from its stored actions (an action arrived out of time order). */
  const refold = (/** @type {Record<string, any>} */ row) => {
    clearMoves.run(row.session_id, row.automated);
    const acts = /** @type {{ ts: number, seq: number, stage: string }[]} */ (actionsOf.all(row.session_id, row.anonymous_id, row.automated));
    /** @type {Map<string, number>} */
    const moves = new Map();
    acts.forEach((a, i) => {
      const p = acts[i - 1];
      if (p && p.stage != a.stage) moves.set(`${p.stage}>${a.stage}`, (moves.get(`${p.stage}>${a.stage}`) ?? 0) + 1);
    });
    for (const [k, n] of moves) move.run(row.session_id, row.automated, ...k.split('>'), row.anonymous_id, row.ts, n);
    const [f, l] = [acts[0], acts[acts.length - 1]];
    Object.assign(row, { first_action_ts: f.ts, first_action_seq: f.seq, first_stage: f.stage, last_action_ts: l.ts, last_action_seq: l.seq, last_stage: l.stage });
  };

  /**
   * Fold stored events into the rollups (events already in main.events; each once).
   * @param {any[]} events wire events
   * @param {{ merge?: boolean }} [o] `merge`: one part per session whatever the automated flag (a range that counts automated traffic)
   */
  const add = (events, o = {}) => {
    /** @type {Map<string, Record<string, any>>} */
    const rows = new Map();
    /** @type {Set<Record<string, any>>} */
    const stale = new Set();
    // In time order (as stored: whole milliseconds), so moves are appended, not refolded.
    const sorted = events.map((e) => ({ e, ts: Math.round(e.ts) })).sort((a, b) => a.ts - b.ts || a.e.seq - b.e.seq);
    for (const { e, ts } of sorted) {
      const automated = !o.merge && e.automated === true ? 1 : 0;
      const key = `${automated}:${e.session_id}:${e.anonymous_id}`;
      let row = rows.get(key);
      if (!row) {
        row = /** @type {Record<string, any>} */ (getSession.get(e.anonymous_id, e.session_id, automated)) ?? fresh(e, automated);
        rows.set(key, row);
      }
      const { type, stage, seq } = e;
      const props = e.props ?? {};
      if (row.events == 0 || before(ts, seq, row.ts, row.first_seq)) Object.assign(row, { ts, first_seq: seq, first_channel: e.first_touch?.channel ?? e.touch.channel });
      if (ts > row.last_ts) row.last_ts = ts;
      row.events++;
      if (type != 'cart_abandoned' && STAGES.includes(/** @type {any} */ (stage))) row[stage] = 1;
      if (type == 'page_viewed') row.views++;
      if (!PASSIVE.has(type)) row.acts++;
      if (type == 'order_completed') row.ordered = 1;
      if (type == 'cart_abandoned') row.abandoned_events++;
      if (type == 'product_added_to_cart') {
        row.carted = 1;
        const price = Number(scalar(props.price) ?? 0);
        const quantity = Number(scalar(props.quantity) ?? 1);
        row.cart_value += (Number.isFinite(price) ? price : 0) * (Number.isFinite(quantity) ? quantity : 1);
        const currency = scalar(props.currency);
        if (currency != null && (row.cart_currency == null || String(currency) < row.cart_currency)) row.cart_currency = String(currency);
      }
      const lc = `lc_${e.lifecycle}`;
      if (lc in row && (row[lc] == null || ts < row[lc])) row[lc] = ts;

      if (!NOT_ACTION.has(type)) {
        stageFirst.run({ session_id: e.session_id, automated, stage, anonymous_id: e.anonymous_id, ts, seq, channel: e.touch.channel, source: e.touch.source ?? '', page_type: e.page.type ?? null, path: e.page.path });
        action.run(e.session_id, automated, stage, type, e.anonymous_id, row.ts);
        if (row.last_action_ts == null) Object.assign(row, { first_action_ts: ts, first_action_seq: seq, first_stage: stage, last_action_ts: ts, last_action_seq: seq, last_stage: stage });
        else if (before(row.last_action_ts, row.last_action_seq, ts, seq)) {
          if (stage != row.last_stage) move.run(e.session_id, automated, row.last_stage, stage, row.anonymous_id, row.ts, 1);
          Object.assign(row, { last_action_ts: ts, last_action_seq: seq, last_stage: stage });
        } else stale.add(row);
      }
      if (type == 'web_vital') {
        const pageType = scalar(props.page_type) ?? e.page.type ?? 'unknown';
        vital.run({ id: String(scalar(props.id) ?? e.id), name: String(scalar(props.name) ?? ''), automated, session_id: e.session_id, anonymous_id: e.anonymous_id, ts, stage, page_type: pageType, value: scalar(props.value) });
        measured.run(e.session_id, automated, stage, pageType, e.anonymous_id, row.ts);
      }
      if (type == 'page_engaged') {
        const pageType = scalar(props.page_type) ?? e.page.type ?? 'unknown';
        engaged.run({ id: String(scalar(props.page_view_id) ?? e.id), automated, session_id: e.session_id, ts, page_type: pageType, value: scalar(props.active_ms) });
      }
      const facts = fact && FACTS[type]?.(props, e);
      if (facts) {
        fact?.run({ order_id: null, value: null, currency: null, duration_ms: null, label: null, score: null, ...facts, id: e.id, type, ts, automated, session_id: e.session_id, anonymous_id: e.anonymous_id, customer: e.user_id ?? e.anonymous_id, stage });
      }
    }
    for (const row of stale) refold(row);
    for (const row of rows.values()) putSession.run(row);
  };

  return { add };
};

/**
 * The rollups of the main database: created, and filled from the stored events when they are new
 * (a database from before them).
 * @param {import('better-sqlite3').Database} db
 */
export const openRollups = (db) => {
  const open = opened.get(db);
  if (open) return open;
  const existed = !!db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'facts'`).get();
  const rollups = rollupsIn(db, 'main');
  if (!existed && db.prepare('SELECT 1 FROM events LIMIT 1').get()) {
    const sessions = db.prepare('SELECT DISTINCT session_id FROM events').pluck().all();
    const of = db.prepare('SELECT json, automated FROM events WHERE session_id = ?');
    db.transaction(() => {
      for (const s of sessions) rollups.add(of.all(s).map((/** @type {any} */ r) => ({ ...JSON.parse(r.json), automated: r.automated == 1 })));
    })();
  }
  opened.set(db, rollups);
  return rollups;
};
/** @type {WeakMap<import('better-sqlite3').Database, ReturnType<typeof rollupsIn>>} */
const opened = new WeakMap();
