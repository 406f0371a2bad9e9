#!/usr/bin/env node
// @ts-check
/**
 * The journey report over the collector's SQLite database, as text tables:
 *   npm run report -- [--db .data/waymark.db] [--from 2026-11-01] [--to 2026-11-30] [--json] [--map] [--include-automated]
 * `--from` and `--to` are ISO dates or date-times (UTC); a date alone as `--to` includes that day.
 * `--map`: the customer journey map instead (stages, touchpoints, pain points, flows).
 * `--include-automated` (or WAYMARK_INCLUDE_AUTOMATED=1): count events flagged as automated.
 * It reads the file, so it needs no read token. The collector serves the same as pages:
 * GET /report?from=&to= and /map (and their .json), with the token.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { computeReport, parseEdge, prepareReport } from './report/queries.mjs';
import { renderText } from './report/text.mjs';
import { computeMap } from './report/map.mjs';
import { renderMapText } from './report/map-text.mjs';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: '.data/waymark.db' },
    from: { type: 'string' },
    to: { type: 'string' },
    json: { type: 'boolean', default: false },
    map: { type: 'boolean', default: false },
    'include-automated': { type: 'boolean', default: process.env.WAYMARK_INCLUDE_AUTOMATED == '1' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log('usage: node examples/collector/report.mjs [--db .data/waymark.db] [--from ISO date] [--to ISO date] [--json] [--map] [--include-automated]');
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
const options = { includeAutomated: values['include-automated'] };
const result = values.map ? computeMap(db, range, options) : computeReport(db, range, options);
db.close();
console.log(values.json ? JSON.stringify(result, null, 2) : values.map ? renderMapText(/** @type {any} */ (result)) : renderText(/** @type {any} */ (result)));
