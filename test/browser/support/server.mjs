// @ts-check
/**
 * A local web server for end-to-end tests and the benchmark: it serves repository files and is a
 * programmable collector at `POST /collect`. It listens on 127.0.0.1 only, on two ports (two
 * origins, for cross-origin cases), and never keeps the process alive once closed.
 */
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { bodyText, expandBatch } from '../../../examples/collector/decode.mjs';

/** The repository root (three levels above this file). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** URL prefixes served from the repository, as is. */
const STATIC = ['/dist/', '/examples/', '/test/browser/fixtures/', '/schema/'];

/** Content types by file extension. */
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
  '.txt': 'text/plain; charset=utf-8',
});

/**
 * @typedef {object} Reply What the collector answers to one request.
 * @property {number} [status] HTTP status, 200 by default.
 * @property {Record<string, string>} [headers] Extra response headers (e.g. `Retry-After`).
 * @property {number} [delay] Milliseconds to wait before answering.
 * @property {boolean} [destroy] Drop the connection without an answer (a network error).
 */

/**
 * @typedef {object} Attempt One request that reached `POST /collect`, whatever the answer.
 * @property {number} index 0-based position among all requests.
 * @property {number} at Arrival, `Date.now()` on the server.
 * @property {string | undefined} origin The request's `Origin` header.
 * @property {string | undefined} contentType The request's `Content-Type` header.
 * @property {string | undefined} mode `Sec-Fetch-Mode`: `no-cors` for `sendBeacon` with a text body, `cors` for `fetch`.
 * @property {number} bytes Size of the body as it arrived.
 * @property {boolean} gzip Whether the body was gzip-compressed.
 * @property {any} body The parsed JSON body, decompressed (null if it did not parse).
 * @property {any[]} events `body.events`, with the batch's `shared` fields put back as the reference collector does, or `[]`.
 * @property {number} status What the collector answered (0: connection dropped).
 */

/**
 * @typedef {(request: { index: number, at: number, elapsed: number, body: any, events: any[] }) => Reply | number | void} Responder
 * Decides the answer to one request; `elapsed` is ms since the collector was created or reset.
 * Return a status number, a {@link Reply}, or nothing for 200.
 */

/**
 * A collector that records what it receives and answers as the test programs it.
 * Batches and events count as received only when answered 2xx (that is what the SDK treats as
 * delivered); every request, whatever the answer, is in `attempts()`.
 */
export class Collector {
  constructor() {
    /** @type {Attempt[]} */
    this._attempts = [];
    /** @type {Responder | null} */
    this._responder = null;
    /** @type {Set<() => void>} */
    this._watchers = new Set();
    this._start = Date.now();
  }

  /** Forget everything received and answer 200 again. */
  reset() {
    this._attempts = [];
    this._responder = null;
    this._start = Date.now();
  }

  /**
   * Program the answers: `fn` is asked for each request (see {@link Responder}); `null` restores 200.
   * @param {Responder | null} fn
   */
  respond(fn) {
    this._responder = fn;
    return this;
  }

  /**
   * Answer `status` (503 by default) for the next `ms` milliseconds, then 200.
   * @param {number} ms
   * @param {number} [status]
   * @param {Record<string, string>} [headers]
   */
  failFor(ms, status = 503, headers) {
    const until = Date.now() + ms;
    return this.respond(() => (Date.now() < until ? { status, headers } : 200));
  }

  /**
   * Answer `status` to every request until told otherwise (a collector that is down).
   * @param {number} [status]
   */
  down(status = 503) {
    return this.respond(() => status);
  }

  /** Answer 200 to everything. */
  up() {
    return this.respond(null);
  }

  /** Every request to `/collect`, in arrival order, with the answer it got. */
  attempts() {
    return this._attempts.slice();
  }

  /** Accepted (2xx) batches, in arrival order. */
  batches() {
    return this._attempts.filter((a) => a.status >= 200 && a.status < 300);
  }

  /** Events of accepted batches, in arrival order, duplicates included. */
  events() {
    return this.batches().flatMap((b) => b.events);
  }

  /** Accepted events, first copy of each id, in arrival order. */
  unique() {
    const seen = new Set();
    return this.events().filter((e) => !seen.has(e?.id) && seen.add(e?.id));
  }

  /** How many accepted events repeated an id already accepted. */
  duplicates() {
    return this.events().length - this.unique().length;
  }

  /** One line for failure messages: each request as `+ms:status×events`, and the totals. */
  summary() {
    const parts = this._attempts.map((a) => `+${a.at - this._start}:${a.status}x${a.events.length}`);
    return `requests [${parts.join(' ')}], ${this.events().length} events accepted, ${this.unique().length} unique`;
  }

  /**
   * Resolve once `predicate(this)` is true; reject after `timeout` ms with `message`.
   * @param {(c: Collector) => boolean} predicate
   * @param {number} [timeout]
   * @param {string} [message]
   * @returns {Promise<void>}
   */
  waitFor(predicate, timeout = 10_000, message = 'condition') {
    return new Promise((resolve, reject) => {
      const check = () => {
        let ok = false;
        try {
          ok = predicate(this);
        } catch {
          ok = false;
        }
        if (!ok) return;
        done();
        resolve();
      };
      const done = () => {
        clearTimeout(timer);
        this._watchers.delete(check);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`collector: timed out after ${timeout} ms waiting for ${message}; ${this.summary()}`));
      }, timeout);
      this._watchers.add(check);
      check();
    });
  }

  /**
   * Resolve once the unique accepted events that pass `filter` number at least `count`.
   * @param {number} count
   * @param {(event: any) => boolean} [filter]
   * @param {number} [timeout]
   */
  waitForUnique(count, filter = () => true, timeout = 10_000) {
    return this.waitFor((c) => c.unique().filter(filter).length >= count, timeout, `${count} unique events`);
  }

  /**
   * Record one request and answer it.
   * @param {http.IncomingMessage} req
   * @param {http.ServerResponse} res
   * @param {Record<string, string>} cors
   */
  async _handle(req, res, cors) {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const raw = Buffer.concat(chunks);
    let body = null;
    try {
      body = JSON.parse(await bodyText(raw, 10_000_000));
    } catch {
      body = null;
    }
    const expanded = expandBatch(body);
    const events = Array.isArray(expanded?.events) ? expanded.events : [];
    const at = Date.now();
    /** @type {Attempt} */
    const attempt = {
      index: this._attempts.length,
      at,
      origin: req.headers.origin,
      contentType: req.headers['content-type'],
      mode: /** @type {string | undefined} */ (req.headers['sec-fetch-mode']),
      bytes: raw.length,
      gzip: raw[0] == 0x1f && raw[1] == 0x8b,
      body,
      events,
      status: 0,
    };
    this._attempts.push(attempt);
    let reply = /** @type {Reply} */ ({ status: 200 });
    if (this._responder) {
      const r = this._responder({ index: attempt.index, at, elapsed: at - this._start, body, events });
      reply = typeof r == 'number' ? { status: r } : r ?? { status: 200 };
    }
    if (reply.delay) await new Promise((r) => setTimeout(r, reply.delay));
    if (reply.destroy) {
      attempt.status = 0;
      req.socket.destroy();
    } else {
      attempt.status = reply.status ?? 200;
      res.writeHead(attempt.status, { ...cors, 'Content-Type': 'text/plain', ...reply.headers });
      res.end();
    }
    for (const w of [...this._watchers]) w();
  }
}

/**
 * @typedef {object} TestServer
 * @property {string} url Main origin, e.g. `http://127.0.0.1:41234`.
 * @property {string} crossUrl A second origin served by the same handler (other port).
 * @property {Collector} collector The collector at `POST /collect` on both origins.
 * @property {(urlPath: string, headers: Record<string, string>) => void} setHeaders
 *   Extra response headers for a static path (exact path, or a prefix ending in `*`), e.g. a CSP.
 * @property {(urlPath: string, html: string, headers?: Record<string, string>) => void} page
 *   Serve `html` at `urlPath` (a page made up by a test).
 * @property {() => Promise<void>} close Stop both listeners and drop open connections.
 */

/**
 * Start the server: static files under `/dist/`, `/examples/`, `/schema/` and
 * `/test/browser/fixtures/`, `/waymark.js` for `dist/waymark.js`, and the collector at `/collect`.
 * @param {{ root?: string }} [options]
 * @returns {Promise<TestServer>}
 */
export const startServer = async (options = {}) => {
  const root = options.root ?? ROOT;
  const collector = new Collector();
  /** @type {[string, Record<string, string>][]} */
  const extra = [];
  /** @type {Map<string, { html: string, headers?: Record<string, string> }>} */
  const pages = new Map();

  /** @param {string} p */
  const headersFor = (p) =>
    Object.assign({}, ...extra.filter(([k]) => (k.endsWith('*') ? p.startsWith(k.slice(0, -1)) : p == k)).map(([, h]) => h));

  /** @type {http.RequestListener} */
  const handler = async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const p = decodeURIComponent(url.pathname);
      const origin = req.headers.origin;
      const cors = {
        'Access-Control-Allow-Origin': origin ?? '*',
        'Access-Control-Allow-Methods': 'POST, GET, OPTIONS',
        'Access-Control-Allow-Headers': String(req.headers['access-control-request-headers'] ?? 'Content-Type'),
        'Access-Control-Expose-Headers': 'Retry-After',
        'Access-Control-Max-Age': '600',
        Vary: 'Origin',
      };
      if (req.method == 'OPTIONS') {
        res.writeHead(204, cors);
        return res.end();
      }
      if (p == '/collect') {
        if (req.method != 'POST') {
          res.writeHead(405, cors);
          return res.end();
        }
        return await collector._handle(req, res, cors);
      }
      if (req.method != 'GET' && req.method != 'HEAD') {
        res.writeHead(405);
        return res.end();
      }
      if (p == '/favicon.ico') {
        res.writeHead(204);
        return res.end();
      }
      const made = pages.get(p);
      if (made) {
        res.writeHead(200, { 'Content-Type': TYPES['.html'], 'Cache-Control': 'no-cache', ...headersFor(p), ...made.headers });
        return res.end(req.method == 'HEAD' ? undefined : made.html);
      }
      // The script-tag files (waymark.js, the overlay module beside it, the capture and format builds) sit at the root, as a store serves them.
      const rel = /^\/waymark[\w.-]*\.m?js(\.map)?$/.test(p) ? '/dist' + p : p;
      const file = path.resolve(root, '.' + rel);
      if (!STATIC.some((s) => rel.startsWith(s)) || !file.startsWith(root + path.sep)) {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        return res.end('not found');
      }
      const data = await readFile(file).catch(() => null);
      if (!data) {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        return res.end('not found');
      }
      res.writeHead(200, {
        'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'Content-Length': data.length,
        'Cache-Control': 'no-cache',
        'Access-Control-Allow-Origin': '*',
        ...headersFor(p),
      });
      res.end(req.method == 'HEAD' ? undefined : data);
    } catch (e) {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(e));
    }
  };

  /** @returns {Promise<http.Server>} */
  const listen = () =>
    new Promise((resolve, reject) => {
      const server = http.createServer(handler);
      server.keepAliveTimeout = 1000;
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.unref();
        resolve(server);
      });
    });
  const servers = [await listen(), await listen()];
  const urlOf = (/** @type {http.Server} */ s) => `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (s.address()).port}`;

  return {
    url: urlOf(servers[0]),
    crossUrl: urlOf(servers[1]),
    collector,
    setHeaders: (urlPath, headers) => void extra.push([urlPath, headers]),
    page: (urlPath, html, headers) => void pages.set(urlPath, { html, headers }),
    close: () =>
      Promise.all(
        servers.map(
          (s) =>
            new Promise((resolve) => {
              s.close(() => resolve(undefined));
              s.closeAllConnections();
            }),
        ),
      ).then(() => {}),
  };
};
