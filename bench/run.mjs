// The benchmark of the script-tag build (`dist/waymark.js`): size, init cost, main-thread cost per
// event, and the delivery scenarios, in real headless Chromium against a local collector on
// 127.0.0.1. It prints a table; it asserts nothing. `npm run bench` builds first.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { launchChromium, closeChromium, closeContext } from '../test/browser/support/chromium.mjs';
import { startServer, ROOT } from '../test/browser/support/server.mjs';
import { otherUrl, sdkReady, shopUrl, storedQueue } from '../test/browser/support/shop.mjs';
import { leave, leaveBacklog, outage, offlineReload, twoTabs, soak, wireBytes, hugeProp } from './scenarios.mjs';
import { mainThreadMs, median } from './measure.mjs';

const rows = [];
/** One line of the table. */
const row = (metric, value, note = '') => {
  rows.push([metric, value, note]);
  if (process.env.BENCH_VERBOSE) console.error(`${metric}: ${value} ${note}`);
};
const kb = (n) => `${n} B (${(n / 1024).toFixed(2)} KiB)`;

// Size of the script-tag build.
const file = path.join(ROOT, 'dist/waymark.js');
const code = readFileSync(file);
row('dist/waymark.js min', kb(code.length));
row('dist/waymark.js gzip -9', kb(gzipSync(code, { level: 9 }).length));
row('dist/waymark.js brotli q11', kb(brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length), 'target < 5 KiB');

const server = await startServer();
const browser = await launchChromium();
const version = browser.version();
try {
  // Init: from the start of the script's evaluation (parse, compile, run) to the instance being
  // ready, landing page view included; a fresh profile each time, the source already in memory.
  // "cold" includes the browser opening localStorage for the origin on first use; "warm" touched it first.
  {
    const source = code.toString('utf8');
    for (const warm of [false, true]) {
      const times = [];
      for (let i = 0; i < 15; i++) {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(otherUrl(server));
        times.push(
          await page.evaluate(
            ({ source, endpoint, warm }) => {
              if (warm) localStorage.getItem('warm-up');
              window.waymark = function () {
                (window.waymark.q = window.waymark.q || []).push(arguments);
              };
              const s = document.createElement('script');
              s.dataset.endpoint = endpoint;
              s.textContent = source;
              const t0 = performance.now();
              document.head.appendChild(s); // an inline classic script runs synchronously here
              const t1 = performance.now();
              return window.waymark.q ? NaN : t1 - t0;
            },
            { source, endpoint: server.crossUrl + '/collect', warm },
          ),
        );
        await closeContext(context);
      }
      row(
        `init, ${warm ? 'warm' : 'cold'} storage (eval -> ready)`,
        `${median(times).toFixed(2)} ms`,
        `median of ${times.length} fresh profiles (min ${Math.min(...times).toFixed(2)}, max ${Math.max(...times).toFixed(2)}); parse+compile+run+landing page view${warm ? '; localStorage opened before' : '; includes the first localStorage access'}`,
      );
    }
  }

  // Main-thread cost of track.
  {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(shopUrl(server, { cross: true }));
    await sdkReady(page);
    await server.collector.waitForUnique(1);
    const sync = [];
    const total = [];
    for (let r = 0; r < 5; r++) {
      server.collector.reset();
      const run = `cost-${r}`;
      await page.waitForTimeout(300);
      const idleMs = await mainThreadMs(cdp, () => page.waitForTimeout(1000));
      let loopMs = 0;
      let span = 0;
      const t0 = Date.now();
      const busy = await mainThreadMs(cdp, async () => {
        loopMs = await page.evaluate((run) => {
          const w = window.waymark;
          const t = performance.now();
          for (let n = 0; n < 1000; n++) w('track', 'product_viewed', { id: 'p' + n, name: 'Mug', price: 12.5, currency: 'EUR', n, run });
          return performance.now() - t;
        }, run);
        await server.collector.waitForUnique(1000, (e) => e.props?.run == run, 30_000);
        await new Promise((r) => setTimeout(r, 200)); // the last answer is handled, the queue removed from storage
        span = Date.now() - t0;
      });
      sync.push((loopMs * 1000) / 1000);
      total.push((Math.max(0, busy - (idleMs * span) / 1000) * 1000) / 1000);
    }
    row('track, synchronous call', `${median(sync).toFixed(1)} µs/event`, 'median of 5 runs; each run = mean of 1,000 back-to-back calls (performance.now)');
    row(
      'track, incl. deferred work',
      `${median(total).toFixed(1)} µs/event`,
      'median of 5; main-thread task time (CDP TaskDuration) from the 1st call until 1,000 events delivered (+200 ms), idle baseline subtracted; includes persisting, serializing, 50 fetches',
    );

    // One call per task (as from separate event handlers), collector healthy.
    const perTask = (count, run) =>
      page.evaluate(
        ({ count, run }) =>
          new Promise((resolve) => {
            let n = 0;
            const ch = new MessageChannel();
            ch.port1.onmessage = () => {
              window.waymark('track', 'product_viewed', { id: 'p' + n, price: 1, currency: 'EUR', n, run });
              if (++n < count) ch.port2.postMessage(0);
              else resolve();
            };
            ch.port2.postMessage(0);
          }),
        { count, run },
      );
    {
      server.collector.reset();
      const idleMs = await mainThreadMs(cdp, () => page.waitForTimeout(1000));
      const t0 = Date.now();
      const busy = await mainThreadMs(cdp, async () => {
        await perTask(200, 'healthy');
        await server.collector.waitForUnique(200, (e) => e.props?.run == 'healthy', 30_000);
        await new Promise((r) => setTimeout(r, 200));
      });
      const net = Math.max(0, busy - (idleMs * (Date.now() - t0)) / 1000);
      row('track, one call per task, incl. deferred', `${((net * 1000) / 200).toFixed(0)} µs/event`, '200 calls each in its own task, collector healthy; main-thread task time until delivered, idle baseline subtracted');
    }

    // One call per task again, while the collector is down and the persisted queue is at its cap:
    // each task pays for re-writing the whole stored queue.
    server.collector.down(503);
    await page.evaluate(() => {
      for (let n = 0; n < 1000; n++) window.waymark('track', 'fill', { n });
    });
    await page.waitForTimeout(200);
    const idleMs = await mainThreadMs(cdp, () => page.waitForTimeout(1000));
    const t0 = Date.now();
    const busy = await mainThreadMs(cdp, async () => {
      await perTask(200, 'outage');
      await new Promise((r) => setTimeout(r, 100));
    });
    const outageMs = Math.max(0, busy - (idleMs * (Date.now() - t0)) / 1000);
    const q = await storedQueue(page);
    row('track, one call per task, collector down', `${((outageMs * 1000) / 200).toFixed(0)} µs/event`, `200 calls, queue at cap (${q.events} events, ${(q.bytes / 1e3).toFixed(0)} kB stored): main-thread time incl. re-persisting the queue`);
    await closeContext(context);
  }

  // Bytes on the wire per event, for one shopper's journey (target ≤ 150 B).
  for (const spaced of [false, true]) {
    const w = await wireBytes(browser, server, { spaced });
    const per = (n) => `${Math.round(n / w.events)} B`;
    const how = spaced ? 'journey, one event per request' : 'journey in one burst';
    const note = `${w.events} events in ${w.requests} request(s), ${w.gzipped} gzip`;
    row(`wire bytes/event, ${how}: as sent`, per(w.sent), `${note}; target ≤ 150 B`);
    row(`wire bytes/event, ${how}: JSON text`, per(w.text), 'uncompressed; what a batch says alike said once');
    row(`wire bytes/event, ${how}: every field in every event`, per(w.whole), 'the same events as sent before `shared` and gzip');
  }

  // Delivery scenarios.
  server.collector.reset();
  const l = await leave(browser, server);
  row('leave (20 events, navigate at once)', `${l.received}/20`, `duplicates ${l.duplicates}; carried by ${l.carriers}`);

  server.collector.reset();
  const lb = await leaveBacklog(browser, server);
  row('leave with 200 queued (> 64 KB)', `${lb.onLeave}/200 at once`, `${lb.stored} left in storage; ${lb.received}/200 after the next page view, duplicates ${lb.duplicates}`);

  server.collector.reset();
  const o = await outage(browser, server);
  row('outage (503 for 10 s), after 40 s', `${o.received}/10`, `delivered ${(o.deliveredAfter / 1000).toFixed(1)} s after 1st try; ${o.failed} failed attempts, gaps ${o.gaps.map((g) => (g / 1000).toFixed(1)).join(', ')} s; duplicates ${o.duplicates}`);

  server.collector.reset();
  const r = await outage(browser, server, { retryAfter: 3 });
  row('Retry-After: 3 (cross-origin), 1st retry after', `${(r.gaps[0] / 1000).toFixed(2)} s`, `received ${r.received}/10`);

  server.collector.reset();
  const off = await offlineReload(browser, server);
  row('offline + reload, then online', `${off.received}/10`, `duplicates ${off.duplicates}; requests reaching the collector while offline: ${off.whileOffline}`);

  server.collector.reset();
  const t = await twoTabs(browser, server);
  row('two tabs, one closed mid-flush', `${t.received}/${t.sent}`, `duplicates by id ${t.duplicates}`);

  server.collector.reset();
  const h = await hugeProp(browser, server);
  row('hostile prop: 5 MB string of card-like digits', `${h.longTasks ? Math.round(h.longest) + ' ms' : 'no'} long task`, `longest main-thread task ≥50 ms while it is tracked and sent (${h.longTasks}); received ${h.received}/1`);

  server.collector.reset();
  const s = await soak(browser, server);
  row('soak 100,000 events, collector down: queue', `${s.queueBefore} -> ${s.queueAfter} events`, `cap 1000; ${(s.storedBytes / 1e3).toFixed(0)} kB in localStorage; ${(s.seconds).toFixed(1)} s to track`);
  row('soak: JS heap (after GC)', `${(s.heapBefore / 1e6).toFixed(2)} -> ${(s.heapAfter / 1e6).toFixed(2)} MB`, `CDP Runtime.getHeapUsage; long tasks ≥50 ms while tracking: ${s.longTasks}`);
  row('soak: collector back', `${s.received} received + ${s.dropped} reported dropped`, `= ${s.received + s.dropped} of ${s.tracked} tracked`);
} finally {
  await closeChromium(browser);
  await server.close();
}

const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length), ['metric', 'value', 'note'][i].length));
const line = (cells) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
console.log(`Waymark bench: dist/waymark.js, headless Chromium ${version}, ${new Date().toISOString()}`);
console.log(line(['metric', 'value', 'note']));
console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
for (const r of rows) console.log(line(r));
