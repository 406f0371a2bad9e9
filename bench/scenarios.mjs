// The delivery scenarios of the benchmark, in real Chromium against the local collector. Each one
// returns what it measured; none asserts (the end-to-end tests in test/browser/ do).
import { closeContext, heapUsage } from '../test/browser/support/chromium.mjs';
import { otherUrl, sdkReady, shopUrl, storedQueue, trackMixed } from '../test/browser/support/shop.mjs';

let runs = 0;
// Letters only: digit runs in props can look like card numbers to the redaction and be replaced.
const letters = (n) => n.toString(26).replace(/./g, (c) => String.fromCharCode(97 + parseInt(c, 26)));
const newRun = (name) => `bench-${name}-${letters(++runs)}-${letters(Date.now())}`;
const ofRun = (run) => (e) => e?.props?.run === run;
const count = (server, run) => ({
  received: server.collector.unique().filter(ofRun(run)).length,
  duplicates: server.collector.events().filter(ofRun(run)).length - server.collector.unique().filter(ofRun(run)).length,
});
/** Wait for `n` unique events of `run`, or until `ms` passed; never throws. */
const settle = (server, run, n, ms) => server.collector.waitForUnique(n, ofRun(run), ms).catch(() => {});

/** A new profile with the shop open; the collector is cross-origin. */
const open = async (browser, server, o = {}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(shopUrl(server, { cross: true, ...o }));
  await sdkReady(page);
  return { context, page };
};

/** 20 mixed events, then navigate away in the same task. */
export const leave = async (browser, server) => {
  const { context, page } = await open(browser, server);
  const run = newRun('leave');
  await trackMixed(page, 20, { run, thenGo: otherUrl(server) }).catch(() => {});
  await settle(server, run, 20, 10_000);
  await new Promise((r) => setTimeout(r, 500));
  const modes = server.collector.batches().filter((b) => b.events.some(ofRun(run))).map((b) => (b.mode == 'no-cors' ? 'beacon' : 'fetch'));
  await closeContext(context);
  return { ...count(server, run), carriers: modes.join(' + ') || 'nothing' };
};

/** 10 events while the collector answers 503 for 10 s (or once, with `Retry-After`). */
export const outage = async (browser, server, o = {}) => {
  if (o.retryAfter) server.collector.respond(({ index }) => (index == 0 ? { status: 503, headers: { 'Retry-After': String(o.retryAfter) } } : 200));
  else server.collector.failFor(10_000, 503);
  const { context, page } = await open(browser, server);
  const run = newRun('outage');
  await trackMixed(page, 10, { run });
  await settle(server, run, 10, 40_000);
  const attempts = server.collector.attempts();
  const failed = attempts.filter((a) => a.status == 503);
  const ok = attempts.find((a) => a.status == 200);
  const times = [...failed, ok].filter(Boolean).map((a) => a.at);
  await closeContext(context);
  server.collector.up();
  return {
    ...count(server, run),
    failed: failed.length,
    gaps: times.slice(1).map((t, i) => t - times[i]),
    deliveredAfter: ok && failed[0] ? ok.at - failed[0].at : NaN,
  };
};

/** Offline: 10 events, reload (the page comes from the shop's service worker), back online. */
export const offlineReload = async (browser, server) => {
  const { context, page } = await open(browser, server, { offline: true });
  await page.evaluate(() => window.offlineReady);
  await page.waitForFunction(() => !!navigator.serviceWorker.controller);
  await server.collector.waitForUnique(1).catch(() => {});
  await context.setOffline(true);
  server.collector.respond(() => ({ destroy: true })); // offline for any request that slips past the emulation
  const run = newRun('offline');
  await trackMixed(page, 10, { run });
  await page.waitForTimeout(1_000);
  await page.reload();
  await sdkReady(page);
  await page.waitForTimeout(1_000);
  const whileOffline = server.collector.attempts().filter((a) => a.events.some(ofRun(run))).length;
  server.collector.up();
  await context.setOffline(false);
  await settle(server, run, 10, 15_000);
  // The page sees the collector's answer before it closes: a tab closed mid-request re-sends that
  // batch by beacon, which is the two-tab scenario's measure, not this one's.
  await page.evaluate(() => window.waymark('flush'));
  await closeContext(context);
  return { ...count(server, run), whileOffline };
};

/** Two tabs of one profile; tab A closes while its request is in flight on a slow collector. */
export const twoTabs = async (browser, server) => {
  server.collector.respond(() => ({ status: 200, delay: 1_500 }));
  const { context, page: a } = await open(browser, server);
  const b = await context.newPage();
  await b.goto(shopUrl(server, { cross: true }));
  await sdkReady(b);
  const run = newRun('tabs');
  await trackMixed(a, 20, { run, start: 0 });
  await trackMixed(b, 15, { run, start: 20 });
  await server.collector.waitFor((c) => c.attempts().some((x) => x.events.some((e) => e.props?.run == run && e.props.n < 20)), 5_000).catch(() => {});
  await trackMixed(a, 10, { run, start: 35 });
  await a.close();
  await trackMixed(b, 5, { run, start: 45 });
  await settle(server, run, 50, 30_000);
  await new Promise((r) => setTimeout(r, 2_000));
  await closeContext(context);
  server.collector.up();
  return { sent: 50, ...count(server, run) };
};

/** 100,000 events with the collector down; then the collector comes back. */
export const soak = async (browser, server) => {
  server.collector.down(503);
  const { context, page } = await open(browser, server);
  await page.evaluate(() => {
    window.__long = 0;
    try {
      new PerformanceObserver((l) => (window.__long += l.getEntries().length)).observe({ type: 'longtask' });
    } catch {
      window.__long = NaN;
    }
  });
  const run = newRun('soak');
  const heapBefore = (await heapUsage(page)).used;
  const queueBefore = (await storedQueue(page)).events;
  const t0 = Date.now();
  for (let i = 0; i < 100; i++) await trackMixed(page, 1_000, { run, start: i * 1_000 });
  const seconds = (Date.now() - t0) / 1000;
  await page.waitForTimeout(200);
  const q = await storedQueue(page);
  const heapAfter = (await heapUsage(page)).used;
  const longTasks = await page.evaluate(() => window.__long);
  server.collector.up();
  await page.evaluate(() => window.waymark('flush'));
  await server.collector.waitFor((c) => c.unique().filter(ofRun(run)).length >= q.events - 1, 30_000).catch(() => {});
  await page.waitForTimeout(1_000);
  const dropped = server.collector.batches().reduce((n, b) => n + (b.body?.dropped ?? 0), 0);
  const received = server.collector.unique().length;
  await closeContext(context);
  return { queueBefore, queueAfter: q.events, storedBytes: q.bytes, heapBefore, heapAfter, seconds, longTasks, dropped, received, tracked: 100_001 };
};

/** 200 events queued in one task, then navigate away at once: more than one keepalive quota (64 KB). */
export const leaveBacklog = async (browser, server) => {
  const { context, page } = await open(browser, server);
  const run = newRun('backlog');
  await trackMixed(page, 200, { run, thenGo: otherUrl(server) }).catch(() => {});
  await page.waitForURL(/other\.html/);
  await page.waitForTimeout(2_000);
  const onLeave = count(server, run).received;
  const stored = (await storedQueue(page)).events;
  await page.goto(shopUrl(server, { cross: true }));
  await settle(server, run, 200, 15_000);
  await page.waitForTimeout(500);
  await closeContext(context);
  return { onLeave, stored, ...count(server, run) };
};

/**
 * A shopper's journey with the data of the other scenarios (products `p<n>` "Mug <n>" at 12.50 €,
 * a cart of 25 €): landing from a paid search ad, list, search, products, cart, checkout, order.
 * `spaced`: each event waits until the one before has reached the collector, as when a shopper
 * takes a few seconds between clicks (one event per request); otherwise all in one burst.
 * Returns the bytes of the requests that carried the journey: as sent, as JSON text (what a batch
 * says alike said once), and with every field in every event, uncompressed (as before `shared`
 * and gzip).
 */
export const wireBytes = async (browser, server, { spaced = false } = {}) => {
  const run = newRun(spaced ? 'wire-spaced' : 'wire');
  const landing = shopUrl(server, { cross: true }) + '&utm_source=google&utm_medium=cpc&utm_campaign=autumn-kiln&gclid=bench-click';
  const context = await browser.newContext();
  const page = await context.newPage();
  server.collector.reset();
  await page.goto(landing);
  await sdkReady(page);
  await server.collector.waitForUnique(1);
  const mug = (n) => ({ id: 'p' + n, name: 'Mug ' + n, price: 12.5, currency: 'EUR' });
  const items = [{ ...mug(1), quantity: 1 }, { ...mug(2), quantity: 1 }];
  const steps = [
    ['product_list_viewed', { list_id: 'mugs', items: [mug(1), mug(2), mug(3)] }],
    ['search_submitted', { query: 'mug', result_count: 3 }],
    ['product_viewed', mug(1)],
    ['product_added_to_cart', mug(1)],
    ['product_viewed', mug(2)],
    ['product_added_to_cart', mug(2)],
    ['cart_viewed', { value: 25, currency: 'EUR', items }],
    ['checkout_started', { value: 25, currency: 'EUR', items }],
    ['checkout_step_completed', { step: 'shipping', option: 'standard' }],
    ['checkout_step_completed', { step: 'payment', option: 'card' }],
    ['order_completed', { order_id: 'AC-1001', value: 29.9, currency: 'EUR', shipping: 4.9, items }],
  ];
  const track = (list) => page.evaluate(({ list, run }) => list.forEach(([type, props]) => window.waymark('track', type, { ...props, run })), { list, run });
  if (spaced) {
    for (let i = 0; i < steps.length; i++) {
      await track([steps[i]]);
      await settle(server, run, i + 1, 10_000);
    }
  } else {
    await track(steps);
    await settle(server, run, steps.length, 10_000);
  }
  // The page has seen every answer: closing it re-sends nothing that was still in flight.
  await page.evaluate(() => window.waymark('flush'));
  await closeContext(context);
  // Every request of this shopper: the landing page view, then the journey.
  const carried = server.collector.batches();
  const events = carried.reduce((n, b) => n + b.events.length, 0);
  const text = carried.reduce((n, b) => n + Buffer.byteLength(JSON.stringify(b.body)), 0);
  const whole = carried.reduce((n, b) => n + Buffer.byteLength(JSON.stringify({ v: 1, sent_at: b.body.sent_at, events: b.events })), 0);
  const sent = carried.reduce((n, b) => n + b.bytes, 0);
  return { events, requests: carried.length, gzipped: carried.filter((b) => b.gzip).length, sent, text, whole };
};

/**
 * A hostile prop: a 5 MB string full of digit runs that look like card numbers, so redaction has
 * work to do. The longest main-thread task while it is tracked and sent (long tasks are ≥ 50 ms).
 */
export const hugeProp = async (browser, server) => {
  const { context, page } = await open(browser, server);
  const run = newRun('huge');
  const since = await page.evaluate(() => {
    window.__tasks = [];
    new PerformanceObserver((l) => window.__tasks.push(...l.getEntries().map((e) => [e.startTime, e.duration]))).observe({ type: 'longtask' });
    return performance.now();
  });
  await page.evaluate((run) => {
    window.waymark('track', 'cart_viewed', { run, note: '4111 1111 1111 111 '.repeat(260_000), value: 12, currency: 'EUR' });
    window.waymark('flush');
  }, run);
  await settle(server, run, 1, 15_000);
  const tasks = (await page.evaluate(() => window.__tasks)).filter(([start]) => start >= since);
  await closeContext(context);
  return { received: count(server, run).received, longest: Math.max(0, ...tasks.map(([, d]) => d)), longTasks: tasks.length };
};
