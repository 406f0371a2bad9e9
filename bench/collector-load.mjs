#!/usr/bin/env node
// @ts-check
/**
 * The reference collector under load, and the journey report on a large database. Prints numbers;
 * asserts nothing; stops by itself.
 *
 *   node bench/collector-load.mjs [--clients 8] [--events 200000] [--seconds 15] [--report-events 1000000]
 *
 * 1. Ingest: the collector (examples/collector, SQLite file in a temp directory, WAL,
 *    synchronous = FULL, as shipped) runs in a worker thread; N concurrent clients on loopback
 *    POST batches of 20 valid, unique events with keep-alive until `--events` are accepted or
 *    `--seconds` have passed. Events per second = events stored ÷ wall time.
 * 2. Report and map: `--report-events` synthetic events (a realistic mix of journeys, with web
 *    vitals and engagement) are stored through the collector's store (so its rollups are built as
 *    at ingest) in a temp SQLite db; then the time of `computeReport` and of `computeMap` (the
 *    journey map) over all of them, cold (a freshly opened connection; the OS file cache is not
 *    dropped) and warm, and over one week.
 *
 * Why this engine and design: SQLite (better-sqlite3) stays the one embedded engine, with its
 * durable commit per request (WAL, synchronous = FULL). The map cannot scan a million events in a
 * second (window functions and JSON over every row took about 15 s), so the collector keeps
 * rollups in the same transaction as the insert (examples/collector/rollups.mjs): one row per
 * session (about 15 events each here), its first action per stage, its actions and moves, one row
 * per web-vital metric and page view, and one per order, search, return or survey. They are exact,
 * not sampled, and a time range stays exact: sessions wholly inside it are read from the rollups,
 * the few its edges cut are folded again from their raw events. An embedded columnar engine
 * (DuckDB) would scan raw events fast but brings a native dependency of its own and a second
 * store beside the one that commits each batch; rollups keep one file and one transaction. The
 * fsync per batch capped ingest (about 3,800 events/s from 8 clients), so batches that arrive
 * while one commits share the next commit (group commit): each answer still waits for its commit.
 */
import http from 'node:http';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { randomUUID } from 'node:crypto';

async function main() {
  const { values } = parseArgs({
    options: {
      clients: { type: 'string', default: '8' },
      events: { type: 'string', default: '200000' },
      seconds: { type: 'string', default: '15' },
      'report-events': { type: 'string', default: '1000000' },
      'skip-ingest': { type: 'boolean', default: false },
      'skip-report': { type: 'boolean', default: false },
    },
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'waymark-bench-'));
  console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
  try {
    if (!values['skip-ingest']) await ingest(dir, Number(values.clients), Number(values.events), Number(values.seconds));
    if (!values['skip-report']) await report(dir, Number(values['report-events']));
  } finally {
    if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
  else console.log(`kept ${dir}`);
  }
}

/** One event of the wire format. */
const event = (/** @type {string} */ type, /** @type {string} */ stage, /** @type {{ v: string, s: string, seq: number, ts: number, pageType: string, channel: string, props: object }} */ o) => ({
  id: randomUUID(),
  type,
  ts: o.ts,
  stage,
  lifecycle: 'acquisition',
  anonymous_id: o.v,
  session_id: o.s,
  seq: o.seq,
  page: { url: `https://shop.example/${o.pageType}`, path: `/${o.pageType}`, title: 'Alder & Clay', referrer: '', type: o.pageType },
  touch: { channel: o.channel, source: o.channel == 'direct' ? 'direct' : 'example' },
  first_touch: { channel: o.channel, source: o.channel == 'direct' ? 'direct' : 'example' },
  props: o.props,
});

async function ingest(/** @type {string} */ dir, /** @type {number} */ clients, /** @type {number} */ target, /** @type {number} */ seconds) {
  const worker = new Worker(new URL(import.meta.url), { workerData: { db: path.join(dir, 'ingest.db') } });
  /** @type {(m: any) => boolean} */
  let want = () => false;
  /** @type {(m: any) => void} */
  let got = () => {};
  worker.on('message', (m) => want(m) && got(m));
  const ask = (/** @type {string | null} */ msg, /** @type {(m: any) => boolean} */ pred) =>
    new Promise((resolve) => {
      want = pred;
      got = resolve;
      if (msg) worker.postMessage(msg);
    });
  const { url } = /** @type {any} */ (await ask(null, (m) => !!m.url));
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const endpoint = new URL('/collect', url);
  const deadline = Date.now() + seconds * 1000;
  let sent = 0;
  let accepted = 0;
  let failed = 0;
  /** @type {number[]} */
  const latencies = [];
  const post = (/** @type {string} */ body) =>
    new Promise((resolve) => {
      const t = performance.now();
      const req = http.request(endpoint, { method: 'POST', agent, headers: { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          latencies.push(performance.now() - t);
          resolve(res.statusCode == 200 ? JSON.parse(text).accepted : -1);
        });
      });
      req.on('error', () => resolve(-1));
      req.end(body);
    });
  const types = [
    ['page_viewed', 'consideration'],
    ['product_viewed', 'consideration'],
    ['product_added_to_cart', 'purchase'],
    ['web_vital', 'consideration'],
    ['page_engaged', 'consideration'],
  ];
  const client = async (/** @type {number} */ c) => {
    const v = randomUUID();
    const s = randomUUID();
    let seq = 0;
    while (sent < target && Date.now() < deadline) {
      sent += 20;
      const events = Array.from({ length: 20 }, (_, i) => {
        const [type, stage] = types[(seq + i) % types.length];
        return event(type, stage, { v, s, seq: ++seq, ts: Date.now(), pageType: 'product', channel: 'organic_search', props: type == 'web_vital' ? { name: 'LCP', value: 1200 } : type == 'page_engaged' ? { active_ms: 4000 } : { id: 'ridge-mug', price: 24, currency: 'EUR' } });
      });
      const n = /** @type {number} */ (await post(JSON.stringify({ v: 1, sent_at: Date.now(), events })));
      if (n < 0) failed++;
      else accepted += n;
    }
    void c;
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
  const wall = (performance.now() - t0) / 1000;
  const { count } = /** @type {any} */ (await ask('count', (m) => m.count != null));
  await ask('close', (m) => !!m.closed);
  agent.destroy();
  await worker.terminate();
  latencies.sort((a, b) => a - b);
  const q = (/** @type {number} */ p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]?.toFixed(1);
  console.log(`\nIngest: ${clients} clients, batches of 20 events, loopback, SQLite synchronous = FULL`);
  console.log(`  ${count.toLocaleString('en-GB')} events stored (${accepted.toLocaleString('en-GB')} accepted, ${failed} failed requests) in ${wall.toFixed(1)} s`);
  console.log(`  ${Math.round(count / wall).toLocaleString('en-GB')} events/s (${Math.round(count / 20 / wall).toLocaleString('en-GB')} batches/s); request latency p50 ${q(0.5)} ms, p99 ${q(0.99)} ms`);
}

async function report(/** @type {string} */ dir, /** @type {number} */ total) {
  const { openStore } = await import('../examples/collector/store.mjs');
  const { computeReport, prepareReport } = await import('../examples/collector/report/queries.mjs');
  const { computeMap } = await import('../examples/collector/report/map.mjs');
  const file = path.join(dir, 'report.db');
  let store = openStore(file);
  store.db.pragma('synchronous = OFF'); // loading the fixture only; not what is measured
  const rows = /** @type {any[]} */ ([]);
  const flush = () => {
    store.save({ v: 1, sent_at: Date.now(), events: rows }, Date.now());
    rows.length = 0;
  };

  // A deterministic mix: 45 % bounce, 30 % browse, 13 % abandon, 9 % buy, 3 % buy and come back
  // after it (order status, a review or a survey); every page has 3 web vitals and an engagement report.
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const CH = ['organic_search', 'organic_search', 'paid_search', 'social', 'email', 'referral', 'direct', 'direct'];
  const T0 = Date.parse('2026-10-01T00:00:00Z');
  let n = 0;
  let visitors = 0;
  let orders = 0;
  const t0 = performance.now();
  while (n < total) {
    const v = `v${++visitors}`;
    const s = `s${visitors}`;
    const channel = CH[Math.floor(rnd() * CH.length)];
    let ts = T0 + Math.floor(rnd() * 60 * 86_400_000);
    let seq = 0;
    const push = (/** @type {string} */ type, /** @type {string} */ stage, /** @type {string} */ pageType, /** @type {object} */ props = {}) => {
      rows.push(event(type, stage, { v, s, seq: ++seq, ts: (ts += 500 + Math.floor(rnd() * 20_000)), pageType, channel, props }));
      n++;
    };
    const page = (/** @type {string} */ pageType, /** @type {string} */ stage) => {
      push('page_viewed', stage, pageType);
      const pv = randomUUID();
      push('web_vital', stage, pageType, { name: 'LCP', value: Math.round(600 + rnd() * 3000), id: pv + 'l', page_type: pageType });
      push('web_vital', stage, pageType, { name: 'CLS', value: Math.round(rnd() * 0.3 * 1e4) / 1e4, id: pv + 'c', page_type: pageType });
      push('web_vital', stage, pageType, { name: 'INP', value: Math.round(40 + rnd() * 400), id: pv + 'i', page_type: pageType });
      push('page_engaged', stage, pageType, { active_ms: Math.round(rnd() * 60_000), page_view_id: pv, page_type: pageType, interactions: 2 });
    };
    const r = rnd();
    page('home', 'awareness');
    if (r >= 0.45) {
      page('category', 'consideration');
      push('product_list_viewed', 'consideration', 'category', { list_id: 'all', items: [] });
      page('product', 'consideration');
      push('product_viewed', 'consideration', 'product', { id: 'ridge-mug', price: 24, currency: 'EUR' });
    }
    if (r >= 0.75) {
      push('product_added_to_cart', 'purchase', 'product', { id: 'ridge-mug', price: 24, currency: 'EUR', quantity: 1 });
      page('cart', 'purchase');
      push('cart_viewed', 'purchase', 'cart', { value: 28.9, currency: 'EUR' });
    }
    if (r >= 0.88) {
      page('checkout', 'purchase');
      push('checkout_started', 'purchase', 'checkout', { value: 28.9, currency: 'EUR' });
      for (const step of ['contact', 'shipping', 'payment']) push('checkout_step_completed', 'purchase', 'checkout', { step });
      page('confirmation', 'purchase');
      const value = Math.round((24 + rnd() * 150) * 100) / 100;
      push('order_completed', 'purchase', 'confirmation', { order_id: `AC-${++orders}`, value, currency: 'EUR', checkout_duration_ms: Math.round(60_000 + rnd() * 300_000) });
    }
    if (r >= 0.97) {
      page('order_status', 'retention');
      push('order_status_viewed', 'retention', 'order_status', { order_id: `AC-${orders}`, status: 'shipped' });
      const score = Math.floor(rnd() * 11);
      push('survey_answered', score >= 9 ? 'advocacy' : 'retention', 'account', { survey: 'nps', score });
      if (rnd() < 0.5) push('review_submitted', 'advocacy', 'account', { product_id: 'ridge-mug', rating: 5 });
    }
    if (rows.length >= 20_000) flush();
  }
  flush();
  const load = (performance.now() - t0) / 1000;
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
  const size = statSync(file).size;
  const rollups = /** @type {{ name: string, n: number }[]} */ ([]);
  const time = (/** @type {() => any} */ f) => {
    const t = performance.now();
    const result = f();
    return { ms: performance.now() - t, result };
  };
  // Cold: a new connection, nothing prepared, the database's pages not in SQLite's cache.
  store = openStore(file);
  const db = store.db;
  for (const name of ['sessions', 'session_stages', 'session_actions', 'session_moves', 'vitals', 'page_views', 'facts']) rollups.push({ name, n: /** @type {any} */ (db.prepare(`SELECT count(*) AS n FROM ${name}`).get()).n });
  prepareReport(db);
  const coldMap = time(() => computeMap(db));
  const warmMap = [time(() => computeMap(db)), time(() => computeMap(db))];
  const week = { from: Date.parse('2026-10-01'), to: Date.parse('2026-10-08') };
  const weekMap = time(() => computeMap(db, week));
  const midWeek = time(() => computeMap(db, { from: Date.parse('2026-10-10T12:34:56Z'), to: Date.parse('2026-10-17T08:00:00Z') }));
  const report = [time(() => computeReport(db)), time(() => computeReport(db))];
  const weekReport = time(() => computeReport(db, week));
  store.close();
  // The map as the collector serves it: GET /map.json and GET /map over all events.
  const { startCollector } = await import('../examples/collector/collector.mjs');
  const collector = await startCollector({ port: 0, db: file, quiet: true, readToken: 'bench' });
  const served = [];
  for (const route of ['/map.json', '/map', '/map.json', '/map']) {
    const t = performance.now();
    const res = await fetch(collector.url + route, { headers: { Authorization: 'Bearer bench' } });
    const body = await res.text();
    served.push({ route, status: res.status, ms: performance.now() - t, bytes: body.length });
  }
  await collector.close();
  const map = warmMap[0].result;
  const result = report[0].result;
  const s = (/** @type {number} */ ms) => (ms / 1000).toFixed(2) + ' s';
  console.log(`\nReport and map: ${n.toLocaleString('en-GB')} synthetic events (${visitors.toLocaleString('en-GB')} visitors, ${orders.toLocaleString('en-GB')} orders), database ${(size / 1e6).toFixed(0)} MB, stored in ${load.toFixed(1)} s`);
  console.log(`  rollup rows: ${rollups.map((r) => `${r.name} ${r.n.toLocaleString('en-GB')}`).join(', ')}`);
  console.log(`  computeMap over all events: cold ${s(coldMap.ms)}, warm ${warmMap.map((t) => s(t.ms)).join(', ')}`);
  console.log(`  computeMap over one week (from and to at midnight): ${s(weekMap.ms)}; over a week cut mid-day: ${s(midWeek.ms)}`);
  console.log(`  GET over HTTP, all events (first is cold): ${served.map((h) => `${h.route} ${h.status} ${s(h.ms)}`).join(', ')}`);
  console.log(`  computeReport over all events: ${report.map((t) => s(t.ms)).join(', ')}; over one week: ${s(weekReport.ms)}`);
  console.log(`  map check: ${map?.stages.map((/** @type {any} */ x) => `${x.stage} ${x.shoppers.toLocaleString('en-GB')}`).join(', ')}; ${map?.flows.moves.length} kinds of move`);
  console.log(`  check: ${result?.totals.sessions.toLocaleString('en-GB')} sessions, conversion ${((result?.conversion.sessionRate ?? 0) * 100).toFixed(1)} %, AOV ${result?.money[0]?.aov} EUR`);
}

// Last, so that everything above is defined.
if (!isMainThread) {
  // The collector, on its own thread (the machine's other core), as a shop would run it.
  const { startCollector } = await import('../examples/collector/collector.mjs');
  const collector = await startCollector({ port: 0, db: workerData.db, quiet: true, rateLimit: { burst: 1e9, perSecond: 1e9 } });
  parentPort?.postMessage({ url: collector.url });
  parentPort?.on('message', async (m) => {
    if (m == 'count') parentPort?.postMessage({ count: collector.store.count() });
    if (m == 'close') {
      await collector.close();
      parentPort?.postMessage({ closed: true });
    }
  });
} else {
  await main();
}

