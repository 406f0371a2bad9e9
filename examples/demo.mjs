#!/usr/bin/env node
// @ts-check
/**
 * The Waymark demo: the Alder & Clay storefront (script tag), the SPA shop (ES module) and the
 * reference collector, on this machine only.
 *
 *   npm run demo                      build, then start everything
 *   node examples/demo.mjs [--port 8080] [--collector-port 8787] [--db .data/waymark.db] [--no-csp]
 *
 * The shop server serves examples/storefront at /, examples/spa-shop at /spa/, the SDK from dist/
 * (/waymark.js, /dist/…), and hands /collect to the collector in-process, so the shop sends its
 * events to its own origin and the rate limit sees each shopper's own address (no X-Forwarded-For
 * to trust: the collector's port is reachable too, and anyone could write that header). Pages are
 * served with a strict Content-Security-Policy (no inline script or style).
 *
 * The report, the map and journeys need the collector's read token: the demo prints links that
 * carry it once (the page then keeps it in a cookie). WAYMARK_READ_TOKEN sets it;
 * WAYMARK_INCLUDE_AUTOMATED=1 counts events from automation (such as `npm run simulate`).
 */
import http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import path from 'node:path';
import { startCollector } from './collector/collector.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    'collector-port': { type: 'string', default: '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    db: { type: 'string', default: path.join(ROOT, '.data/waymark.db') },
    'no-csp': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log('usage: node examples/demo.mjs [--port 8080] [--collector-port 8787] [--host 127.0.0.1] [--db .data/waymark.db] [--no-csp]');
  process.exit(0);
}

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES = /** @type {Record<string, string>} */ ({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
});

/** URL path → file: the SDK from dist/, the SPA under /spa/ (unknown routes get its index.html), the storefront at /. */
const resolve = (/** @type {string} */ p) => {
  if (/^\/waymark[\w.-]*\.m?js(\.map)?$/.test(p)) return { file: path.join(ROOT, 'dist', p) };
  if (p.startsWith('/dist/')) return { file: path.join(ROOT, p) };
  if (p == '/spa') return { redirect: '/spa/' };
  if (p.startsWith('/spa/')) {
    const rel = p.slice('/spa/'.length);
    // A route of the app (no file extension) gets its page, which then shows that route.
    return path.extname(rel) ? { file: path.join(ROOT, 'examples/spa-shop', rel) } : { file: path.join(ROOT, 'examples/spa-shop/index.html'), app: true };
  }
  // The SPA borrows the storefront's stylesheet, images and catalogue as `../storefront/…`.
  if (p.startsWith('/storefront/')) return { file: path.join(ROOT, 'examples', p) };
  return { file: path.join(ROOT, 'examples/storefront', p.endsWith('/') ? p + 'index.html' : p) };
};

const inside = (/** @type {string} */ file) =>
  [path.join(ROOT, 'dist'), path.join(ROOT, 'examples/storefront'), path.join(ROOT, 'examples/spa-shop')].some((d) => file.startsWith(d + path.sep));

const collector = await startCollector({
  port: Number(values['collector-port']),
  host: values.host,
  db: values.db,
  origins: [`http://${values.host}:${values.port}`, `http://localhost:${values.port}`],
  // Printed below, in the links.
  quiet: false,
  log: (line) => !line.startsWith('Read token') && console.log(line),
});

const shop = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url ?? '/', 'http://shop');
    if (url.pathname == '/collect') return void collector.handle(req, res);
    if (req.method != 'GET' && req.method != 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' });
      return res.end();
    }
    let decoded;
    try {
      decoded = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
      return res.end('bad path');
    }
    const found = resolve(decoded);
    if (found.redirect) {
      res.writeHead(301, { Location: found.redirect });
      return res.end();
    }
    const file = path.resolve(found.file ?? '');
    const ok = inside(file) && (await stat(file).catch(() => null))?.isFile();
    if (!ok) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      return res.end(url.pathname.startsWith('/waymark') ? 'not built yet: run `npm run build` (or `npm run demo`)' : 'not found');
    }
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    let data = await readFile(file);
    // On a deep link such as /spa/product/ridge-mug the page's relative URLs must still resolve from /spa/.
    if (found.app) data = Buffer.from(data.toString('utf8').replace('<head>', '<head>\n<base href="/spa/">'));
    res.writeHead(200, {
      'Content-Type': type,
      'Content-Length': data.length,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      ...(type.startsWith('text/html') && !values['no-csp'] ? { 'Content-Security-Policy': CSP } : {}),
    });
    res.end(req.method == 'HEAD' ? undefined : data);
  } catch (e) {
    if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
    res.end(String(e));
  }
});
shop.keepAliveTimeout = 2_000;
await new Promise((ok, fail) => shop.once('error', fail).listen(Number(values.port), values.host, () => ok(undefined)));

const base = `http://${values.host}:${values.port}`;
const built = await stat(path.join(ROOT, 'dist/waymark.js')).catch(() => null);
console.log(`
  Waymark demo
  Storefront (script tag)     ${base}/
  … with the debug overlay    ${base}/?waymark_debug=1
  … arriving from an ad       ${base}/?utm_source=google&utm_medium=cpc&utm_campaign=autumn-kiln&gclid=demo
  SPA shop (ES module)        ${base}/spa/
  Journey map                 ${collector.url}/map?token=${collector.readToken}
  Journey report              ${collector.url}/report?token=${collector.readToken}
  Events so far               curl -H 'Authorization: Bearer ${collector.readToken}' ${collector.url}/events?limit=50
  Fill them                   npm run simulate -- --shop ${base}   (headless shoppers are automated traffic:
                              start the demo with WAYMARK_INCLUDE_AUTOMATED=1 to count them)
  Database                    ${path.relative(process.cwd(), values.db).startsWith('..') ? values.db : path.relative(process.cwd(), values.db)}
${built ? '' : '\n  ! dist/waymark.js is missing: run `npm run demo` (it builds first).\n'}
  Every event the collector receives is printed below. Ctrl-C stops.
`);

let stopping = false;
const stop = async () => {
  if (stopping) return process.exit(1);
  stopping = true;
  console.log('\n  Stopping…');
  shop.closeAllConnections();
  await Promise.all([new Promise((ok) => shop.close(() => ok(undefined))), collector.close()]);
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
