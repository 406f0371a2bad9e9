// @ts-check
/**
 * Where the collector keeps events: one SQLite file in WAL mode. The event id is the primary key,
 * so a batch the SDK sends again (its answer was lost) is ignored row by row, never counted twice.
 * The rollups the report and the map read (rollups.mjs) are updated in the same transaction.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { openRollups } from './rollups.mjs';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  id           TEXT PRIMARY KEY,
  type         TEXT NOT NULL,
  ts           INTEGER NOT NULL,
  received_at  INTEGER NOT NULL,
  stage        TEXT NOT NULL,
  lifecycle    TEXT NOT NULL,
  channel      TEXT NOT NULL,
  anonymous_id TEXT NOT NULL,
  user_id      TEXT,
  session_id   TEXT NOT NULL,
  seq          INTEGER NOT NULL,
  page_type    TEXT,
  path         TEXT,
  automated    INTEGER NOT NULL DEFAULT 0,
  json         TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_session ON events (session_id, seq);
CREATE INDEX IF NOT EXISTS events_type ON events (type, ts);
CREATE TABLE IF NOT EXISTS drops (
  received_at  INTEGER NOT NULL,
  count        INTEGER NOT NULL
);
`;

/**
 * Open (or create) the store. `file` may be `:memory:`.
 * @param {string} file
 */
export const openStore = (file) => {
  if (file != ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // FULL: a transaction is on disk when COMMIT returns, so a 2xx answer means the batch survives a power cut.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  // A database from before the automation flag: add the column (its events count as shoppers').
  if (!db.prepare(`SELECT 1 FROM pragma_table_info('events') WHERE name = 'automated'`).get()) db.exec('ALTER TABLE events ADD COLUMN automated INTEGER NOT NULL DEFAULT 0');

  const rollups = openRollups(db);
  const insert = db.prepare(`INSERT OR IGNORE INTO events
    (id, type, ts, received_at, stage, lifecycle, channel, anonymous_id, user_id, session_id, seq, page_type, path, automated, json)
    VALUES (@id, @type, @ts, @received_at, @stage, @lifecycle, @channel, @anonymous_id, @user_id, @session_id, @seq, @page_type, @path, @automated, @json)`);
  const drop = db.prepare('INSERT INTO drops (received_at, count) VALUES (?, ?)');
  const recent = db.prepare('SELECT json, received_at FROM (SELECT rowid, json, received_at FROM events ORDER BY rowid DESC LIMIT ?) ORDER BY rowid');
  const count = db.prepare('SELECT count(*) AS n FROM events');

  /** @type {(batch: import('./collector.mjs').WireBatch, at: number) => any[]} */
  const saveOne = (batch, at) => {
    const fresh = [];
    for (const e of batch.events) {
      const { changes } = insert.run({
        id: e.id,
        type: e.type,
        ts: Math.round(e.ts),
        received_at: at,
        stage: e.stage,
        lifecycle: e.lifecycle,
        channel: e.touch.channel,
        anonymous_id: e.anonymous_id,
        user_id: e.user_id ?? null,
        session_id: e.session_id,
        seq: e.seq,
        page_type: e.page.type ?? null,
        path: e.page.path,
        automated: e.automated === true ? 1 : 0,
        json: JSON.stringify(e),
      });
      if (changes) fresh.push(e);
    }
    if (batch.dropped) drop.run(at, batch.dropped);
    rollups.add(fresh);
    return fresh;
  };

  /**
   * Store the events of one valid batch in one transaction; returns the events that were new
   * (not stored before), in batch order.
   */
  const save = db.transaction(saveOne);
  /**
   * Store several batches in one transaction (one commit for all: the collector answers each only
   * after it); returns each batch's new events.
   * @type {(batches: { batch: import('./collector.mjs').WireBatch, at: number }[]) => any[][]}
   */
  const saveAll = db.transaction((batches) => batches.map((b) => saveOne(b.batch, b.at)));

  return {
    db,
    save,
    saveAll,
    /**
     * The latest `limit` events, oldest first, as received (plus `received_at`).
     * @param {number} limit
     */
    recent: (limit) =>
      /** @type {{ json: string, received_at: number }[]} */ (recent.all(limit)).map((r) => ({ ...JSON.parse(r.json), received_at: r.received_at })),
    count: () => /** @type {{ n: number }} */ (count.get()).n,
    close: () => db.open && db.close(),
  };
};
