// @ts-check
/**
 * The reference collector: receives Waymark batches (`POST /collect`, `text/plain` or JSON, from
 * `fetch` or `sendBeacon`, gzip-compressed or not), puts back what a batch says once for all its
 * events, checks them against `schema/wire.json`, and stores each event once in SQLite. It
 * answers 2xx only after the batch is committed, so an event the SDK saw delivered is on disk; a
 * batch sent again is recognised by its event ids and not counted twice.
 *
 *   400 the body is not a valid batch (the answer says what is wrong; the SDK drops the batch)
 *   403 an Origin that is not one of the shop's
 *   413 a body over `maxBytes`, compressed or once decompressed (the SDK splits the batch)
 *   415 a content type other than text/plain or application/json
 *   429 too many requests from one client, with `Retry-After`
 *   503 the database failed, with `Retry-After` (the SDK retries)
 *
 * Ingest is public. Everything that reads data (`/events`, `/report`, `/map`, `/journey` and their
 * JSON) needs the read token (read-access.mjs) and is never shared across origins: CORS headers
 * are only ever sent for `/collect`.
 */
import http from 'node:http';
import { openStore } from './store.mjs';
import { nestedDeeperThan, problemsOf, verdictsOf, MAX_DEPTH } from './validate.mjs';
import { createRateLimit } from './rate-limit.mjs';
import { clean, formatEvent } from './format.mjs';
import { bodyText, expandBatch, TooLarge } from './decode.mjs';
import { serveReport } from './report/html.mjs';
import { serveMap } from './report/map-html.mjs';
import { serveJourney } from './report/journey-html.mjs';
import { createReadAccess, newReadToken, refuse } from './read-access.mjs';
import { clientAddressOf } from './client-address.mjs';

/** @typedef {{ v: 1, sent_at: number, dropped?: number, events: any[] }} WireBatch */

/**
 * @typedef {object} CollectorOptions
 * @property {number} [port] 8787 by default; 0 picks a free port.
 * @property {string} [host] 127.0.0.1 by default.
 * @property {string} [db] SQLite file, `:memory:` by default.
 * @property {string[] | '*'} [origins] Shop origins allowed to send (CORS); `'*'` (the default) allows any.
 * @property {number} [maxBytes] Largest body accepted, 1 MB by default; a compressed body may not be larger once decompressed.
 * @property {{ burst: number, perSecond: number }} [rateLimit] Requests per client: 120 at once, 20 a second after that.
 * @property {boolean | string[]} [trustProxy] Take the client address from `X-Forwarded-For` when the request comes
 *   through a trusted proxy: `true` trusts loopback peers, or list the proxies' addresses. Only for a collector
 *   whose own port shoppers cannot reach: anyone who can reach it from a trusted address can write the header.
 * @property {string} [readToken] The token readers send (`Authorization: Bearer …`); `WAYMARK_READ_TOKEN` by
 *   default, else a random one, printed at start and on the returned object.
 * @property {boolean} [includeAutomated] Count events flagged `automated` (crawlers, headless browsers) in the
 *   report and the map; `WAYMARK_INCLUDE_AUTOMATED=1` by default. They are always stored.
 * @property {boolean} [quiet] Print nothing.
 * @property {(line: string) => void} [log] Where lines go, `console.log` by default.
 */

/** Files with no data in them (the pages' styles and icon): served without the token. */
const PUBLIC_FILES = new Set(['/report.css', '/report-icon.svg', '/map.css']);

const TEXT_TYPES = /^(text\/plain|application\/json)?\s*(;|$)/i;
const MAX_LIMIT = 1000;

/**
 * Start a collector.
 * @param {CollectorOptions} [options]
 */
export const startCollector = async (options = {}) => {
  const { host = '127.0.0.1', origins = '*', maxBytes = 1_000_000, trustProxy = false, quiet = false } = options;
  const log = quiet ? () => {} : options.log ?? console.log;
  const readToken = options.readToken || process.env.WAYMARK_READ_TOKEN || newReadToken();
  const access = createReadAccess(readToken);
  const includeAutomated = options.includeAutomated ?? process.env.WAYMARK_INCLUDE_AUTOMATED == '1';
  const store = openStore(options.db ?? ':memory:');
  const limiter = createRateLimit(options.rateLimit ?? { burst: 120, perSecond: 20 });
  const clientOf = clientAddressOf(trustProxy);
  /**
   * Group commit: the batches that arrive while a transaction is being written wait for the next
   * one and share its commit (one fsync for all), so throughput grows with concurrent senders while
   * each sender still gets its answer only after its batch is on disk. A group that fails is
   * written again batch by batch, so one bad batch fails alone.
   * @type {{ batch: WireBatch, at: number, done: (fresh: any[] | Error) => void }[]}
   */
  let waiting = [];
  const flush = () => {
    const group = waiting;
    waiting = [];
    try {
      store.saveAll(group).forEach((fresh, i) => group[i].done(fresh));
    } catch {
      for (const g of group) {
        try {
          g.done(store.save(g.batch, g.at));
        } catch (e) {
          g.done(/** @type {Error} */ (e));
        }
      }
    }
  };
  const commit = (/** @type {WireBatch} */ batch, /** @type {number} */ at) =>
    new Promise((resolve, reject) => {
      waiting.push({ batch, at, done: (fresh) => (fresh instanceof Error ? reject(fresh) : resolve(fresh)) });
      if (waiting.length == 1) setImmediate(flush);
    });
  const allowed = (/** @type {string | undefined} */ origin) => !origin || origins == '*' || origins.includes(origin);

  /**
   * @param {http.ServerResponse} res
   * @param {number} status
   * @param {unknown} body
   * @param {Record<string, string>} [headers]
   */
  const send = (res, status, body, headers = {}) => {
    if (res.headersSent) return;
    const json = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
    res.end(json);
  };

  /**
   * Read the body up to `maxBytes`; null when it is larger (the rest is read and thrown away).
   * @param {http.IncomingMessage} req
   * @returns {Promise<Buffer | null>}
   */
  const readBody = (req) =>
    new Promise((resolve, reject) => {
      /** @type {Buffer[]} */
      const chunks = [];
      let size = 0;
      req.on('data', (/** @type {Buffer} */ c) => {
        size += c.length;
        if (size <= maxBytes) chunks.push(c);
      });
      req.on('end', () => resolve(size > maxBytes ? null : Buffer.concat(chunks)));
      req.on('error', reject);
    });

  /**
   * @param {http.IncomingMessage} req
   * @param {http.ServerResponse} res
   * @param {Record<string, string>} cors
   */
  const collect = async (req, res, cors) => {
    const wait = limiter.take(clientOf(req));
    if (wait) {
      req.resume();
      return send(res, 429, { error: `too many requests: retry in ${wait} s` }, { ...cors, 'Retry-After': String(wait) });
    }
    const length = Number(req.headers['content-length']);
    if (length > maxBytes * 4) {
      // Far too large to be worth reading: answer now and close the connection.
      send(res, 413, { error: `body of ${length} bytes is over the limit of ${maxBytes}` }, { ...cors, Connection: 'close' });
      return void res.on('finish', () => req.destroy());
    }
    const raw = await readBody(req);
    if (raw == null) return send(res, 413, { error: `body is over the limit of ${maxBytes} bytes` }, cors);
    const type = String(req.headers['content-type'] ?? '');
    if (!TEXT_TYPES.test(type)) return send(res, 415, { error: `content type ${type} not accepted: send text/plain or application/json` }, cors);
    let body;
    try {
      body = await bodyText(raw, maxBytes);
    } catch (e) {
      if (e instanceof TooLarge) return send(res, 413, { error: e.message }, cors);
      return send(res, 400, { error: `body is not valid gzip: ${/** @type {Error} */ (e).message}` }, cors);
    }
    let batch;
    try {
      batch = JSON.parse(body);
    } catch (e) {
      return send(res, 400, { error: `body is not JSON: ${/** @type {Error} */ (e).message}` }, cors);
    }
    if (nestedDeeperThan(batch)) return send(res, 400, { error: `invalid batch: nested deeper than ${MAX_DEPTH} levels` }, cors);
    const problems = problemsOf(batch);
    if (problems.length) return send(res, 400, { error: `invalid batch: ${problems.join('; ')}`, problems }, cors);
    batch = expandBatch(batch);
    // Each event on its own merits: the valid ones are stored, the others named in the answer.
    const { valid, rejected } = verdictsOf(batch);
    for (const r of rejected) log(`! rejected event ${clean(r.id, 64)}: ${clean(r.error, 200)}`);

    const at = Date.now();
    let fresh = [];
    try {
      if (valid.length) fresh = /** @type {any[]} */ (await commit({ ...batch, events: valid }, at));
    } catch (e) {
      log(`! could not store a batch: ${clean(/** @type {Error} */ (e).message, 200)}`);
      return send(res, 503, { error: 'storage unavailable' }, { ...cors, 'Retry-After': '5' });
    }
    for (const e of fresh) log(formatEvent(e));
    const duplicates = valid.length - fresh.length;
    if (duplicates) log(`  (${duplicates} event${duplicates > 1 ? 's' : ''} already stored: ignored)`);
    if (batch.dropped) log(`  ! the client's queue was full: ${batch.dropped} event(s) lost before this batch`);
    send(res, 200, rejected.length ? { accepted: fresh.length, duplicates, rejected } : { accepted: fresh.length, duplicates }, cors);
  };

  /** @type {http.RequestListener} */
  const handler = async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://collector');
      const origin = req.headers.origin;
      const ingest = url.pathname == '/collect' || url.pathname == '/';
      // CORS is for shops posting events, never for reading them.
      /** @type {Record<string, string>} */
      const cors = ingest && origin && allowed(origin) ? { 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': 'Retry-After', Vary: 'Origin' } : { Vary: 'Origin' };

      if (req.method == 'OPTIONS') {
        if (!ingest || !origin || !allowed(origin)) return send(res, 403, { error: 'not allowed' }, { Vary: 'Origin' });
        res.writeHead(204, {
          ...cors,
          'Access-Control-Allow-Methods': 'POST, OPTIONS',
          'Access-Control-Allow-Headers': String(req.headers['access-control-request-headers'] ?? 'Content-Type').slice(0, 500),
          'Access-Control-Max-Age': '86400',
        });
        return res.end();
      }
      if (ingest) {
        if (req.method != 'POST') {
          if (url.pathname == '/' && req.method == 'GET') return send(res, 200, { collector: 'waymark', post: '/collect', read: ['/report', '/map', '/journey', '/events'] });
          return send(res, 405, { error: 'POST batches to /collect' }, { ...cors, Allow: 'POST, OPTIONS' });
        }
        if (!allowed(origin)) {
          req.resume();
          return send(res, 403, { error: `origin ${origin} not allowed` }, cors);
        }
        return await collect(req, res, cors);
      }
      if (url.pathname == '/health') return send(res, 200, { ok: true });
      if (PUBLIC_FILES.has(url.pathname)) {
        if (serveReport(url, req, res, store.db) || serveMap(url, req, res, store.db)) return;
      }
      // Past this point every route reads data.
      if (access.redeem(url, res)) return;
      if (!access.allows(req)) return refuse(res);
      if (url.pathname == '/events' && req.method == 'GET') {
        const n = Math.floor(Number(url.searchParams.get('limit') ?? 100));
        const limit = Number.isFinite(n) ? Math.min(Math.max(n, 1), MAX_LIMIT) : 100;
        return send(res, 200, { count: store.count(), events: store.recent(limit) });
      }
      const reading = { includeAutomated };
      // The journey report: GET /report?from=&to= (a page), /report.json; the map: /map, /map.json; one shopper: /journey.
      if (serveReport(url, req, res, store.db, reading) || serveMap(url, req, res, store.db, reading) || serveJourney(url, req, res, store.db, reading)) return;
      send(res, 404, { error: 'not found' });
    } catch (e) {
      // Whatever went wrong, this request fails alone: the server keeps serving.
      if (req.destroyed || req.aborted) return void res.destroy(); // the client went away mid-upload
      log(`! ${clean(req.method, 10)} ${clean(req.url, 120)}: ${clean(/** @type {Error} */ (e).message, 200)}`);
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
      else res.destroy();
    }
  };

  const server = http.createServer(handler);
  server.requestTimeout = 15_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8787, host, () => resolve(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  if (!options.readToken && !process.env.WAYMARK_READ_TOKEN) log(`Read token (report, map, journeys, /events): ${readToken}`);

  let closing;
  return {
    url,
    port: address.port,
    /** The better-sqlite3 database (read it in tests and reports). */
    db: store.db,
    store,
    /** The token readers send: `Authorization: Bearer <readToken>`, or `?token=` once in a browser. */
    readToken,
    /** The request handler, for a shop server that hands its own `/collect` to the collector in-process. */
    handle: handler,
    /** Stop listening, drop open connections, close the database. */
    close: () =>
      (closing ??= new Promise((resolve) => {
        server.close(() => resolve(undefined));
        server.closeAllConnections();
      }).then(() => store.close())),
  };
};
