// @ts-check
/**
 * One shopper's journey: found by anonymous id, user id or order id; the shopper's sessions in
 * time order, each with its touchpoint, its events by journey stage, and the lifecycle moves.
 */
import { countedEvents } from './queries.mjs';

/** Most events one journey page shows (the latest are kept). */
export const JOURNEY_LIMIT = 2000;

/**
 * Indexes that find a shopper without reading every event.
 * @param {import('better-sqlite3').Database} db
 */
export const prepareJourney = (db) => {
  db.exec(`CREATE INDEX IF NOT EXISTS events_shopper ON events (anonymous_id, ts);
    CREATE INDEX IF NOT EXISTS events_user ON events (user_id) WHERE user_id IS NOT NULL;
    CREATE INDEX IF NOT EXISTS events_order ON events (json_extract(json, '$.props.order_id')) WHERE type = 'order_completed';`);
};

/**
 * @param {import('better-sqlite3').Database} db
 * @param {string} id an anonymous id, a user id or an order id
 * @param {import('./queries.mjs').ReadOptions} [options]
 */
export const computeJourney = (db, id, options = {}) =>
  db.transaction(() => {
    const ids = /** @type {{ v: string, how: string }[]} */ (
      db
        .prepare(`SELECT DISTINCT anonymous_id AS v, 'anonymous id' AS how FROM events WHERE anonymous_id = @id
          UNION SELECT DISTINCT anonymous_id, 'user id' FROM events WHERE user_id = @id
          UNION SELECT DISTINCT anonymous_id, 'order id' FROM events WHERE json_extract(json, '$.props.order_id') = @id AND type = 'order_completed'`)
        .all({ id })
    );
    const shoppers = [...new Set(ids.map((r) => r.v))];
    if (!shoppers.length) return { id, foundBy: null, shoppers, sessions: [], events: 0, truncated: false };
    const rows = /** @type {any[]} */ (
      db
        .prepare(`SELECT * FROM (SELECT ts, seq, type, stage, lifecycle, session_id, anonymous_id, user_id, channel, page_type, path, json
          FROM events WHERE anonymous_id IN (SELECT value FROM json_each(@ids)) ${countedEvents(options)} ORDER BY ts DESC, seq DESC LIMIT ${JOURNEY_LIMIT + 1}) ORDER BY ts, seq`)
        .all({ ids: JSON.stringify(shoppers) })
    );
    const truncated = rows.length > JOURNEY_LIMIT;
    if (truncated) rows.shift();
    /** @type {Map<string, any>} */
    const sessions = new Map();
    let lifecycle = null;
    for (const r of rows) {
      const e = JSON.parse(r.json);
      let s = sessions.get(r.session_id);
      if (!s) {
        s = { id: r.session_id, shopper: r.anonymous_id, start: r.ts, end: r.ts, touch: e.touch, entry: r.path, events: [], lifecycleMoves: [] };
        sessions.set(r.session_id, s);
      }
      s.end = r.ts;
      if (lifecycle != null && r.lifecycle != lifecycle) s.lifecycleMoves.push({ from: lifecycle, to: r.lifecycle, ts: r.ts, type: r.type });
      lifecycle = r.lifecycle;
      s.events.push({ ts: r.ts, type: r.type, stage: r.stage, lifecycle: r.lifecycle, path: r.path, pageType: r.page_type, props: e.props, userId: r.user_id });
    }
    return { id, foundBy: ids[0].how, shoppers, sessions: [...sessions.values()], events: rows.length, truncated };
  }).deferred();

/** @typedef {ReturnType<typeof computeJourney>} Journey */
