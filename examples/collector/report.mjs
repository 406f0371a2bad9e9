#!/usr/bin/env node
// @ts-check
/**
 * The journey report over the collector's SQLite database, as text tables:
 *   npm run report -- [--db .data/waymark.db] [--from 2026-11-01] [--to 2026-11-30] [--json]
 * `--from` and `--to` are ISO dates or date-times (UTC); a date alone as `--to` includes that day.
 * The collector serves the same report as a page: GET /report?from=&to= (and /report.json).
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { computeReport, parseEdge, prepareReport } from './report/queries.mjs';
import { renderText } from './report/text.mjs';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: '.data/waymark.db' },
    from: { type: 'string' },
    to: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log('usage: node examples/collector/report.mjs [--db .data/waymark.db] [--from ISO date] [--to ISO date] [--json]');
  process.exit(0);
}
if (!existsSync(values.db)) {
  console.error(`no database at ${values.db}: run the demo (npm run demo) or pass --db`);
  process.exit(1);
}
let range;
try {
  range = { from: parseEdge(values.from, 'from'), to: parseEdge(values.to, 'to') };
} catch (e) {
  console.error(/** @type {Error} */ (e).message);
  process.exit(1);
}
const db = new Database(values.db);
db.pragma('busy_timeout = 5000');
prepareReport(db);
const report = computeReport(db, range);
db.close();
console.log(values.json ? JSON.stringify(report, null, 2) : renderText(report));
