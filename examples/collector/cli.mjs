#!/usr/bin/env node
// @ts-check
/**
 * Run the reference collector:
 *   node examples/collector/cli.mjs [--port 8787] [--host 127.0.0.1] [--db .data/waymark.db]
 *                                   [--origin http://127.0.0.1:8080 ...] [--max-bytes 1000000] [--quiet]
 * Reading (/map, /report, /journey, /events) needs the read token: WAYMARK_READ_TOKEN, else a random
 * one printed at start. WAYMARK_INCLUDE_AUTOMATED=1 counts automated traffic in the report and map.
 */
import { parseArgs } from 'node:util';
import { startCollector } from './collector.mjs';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    db: { type: 'string', default: '.data/waymark.db' },
    origin: { type: 'string', multiple: true },
    'max-bytes': { type: 'string', default: '1000000' },
    'trust-proxy': { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log('usage: node examples/collector/cli.mjs [--port 8787] [--host 127.0.0.1] [--db .data/waymark.db] [--origin URL]... [--max-bytes N] [--trust-proxy] [--quiet]');
  process.exit(0);
}

const collector = await startCollector({
  port: Number(values.port),
  host: values.host,
  db: values.db,
  origins: values.origin?.length ? values.origin : '*',
  maxBytes: Number(values['max-bytes']),
  trustProxy: values['trust-proxy'],
  quiet: values.quiet,
});
console.log(`Waymark collector on ${collector.url}/collect  (db: ${values.db})`);
console.log(`Journey map: ${collector.url}/map  report: ${collector.url}/report  (send Authorization: Bearer <read token>, or open once with ?token=)`);

const stop = () => collector.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
