// @ts-check
/** One shopper's journey as a page: a timeline of sessions, events in stage bands. No script. */
import { STAGES } from './queries.mjs';
import { amount, date, esc } from './format.mjs';
import { REPORT_CSP } from './html.mjs';
import { computeJourney, prepareJourney } from './journey.mjs';

/** Measurements: counted under each session, not listed (a page has several). */
const MEASURES = new Set(['web_vital', 'page_engaged', 'identify']);
const plural = (/** @type {number} */ n, /** @type {string} */ word) => `${n} ${word}${n == 1 ? '' : 's'}`;

/** The props worth showing beside an event. */
const KEYS = ['order_id', 'value', 'currency', 'id', 'query', 'result_count', 'step', 'reason', 'score', 'rating', 'channel', 'name'];

const label = (/** @type {any} */ e) => {
  const p = KEYS.filter((k) => e.props?.[k] != null && typeof e.props[k] != 'object').map((k) => `${k}=${String(e.props[k]).slice(0, 40)}`);
  return `${e.type}${e.type == 'page_viewed' ? ` ${e.path}` : ''}${p.length ? ` (${p.join(', ')})` : ''}`;
};

/**
 * @param {import('./journey.mjs').Journey | null} j null: nothing asked yet
 * @param {string} asked
 */
export const renderJourneyHtml = (j, asked) => {
  const sessions = (j?.sessions ?? []).map((s, i) => {
    const t = s.touch ?? {};
    const touch = [t.channel, t.source, t.campaign].filter(Boolean).join(' / ');
    const bands = STAGES.map((stage) => {
      const evs = s.events.filter((/** @type {any} */ e) => e.stage == stage && !MEASURES.has(e.type));
      return `<div class="band">${esc(stage)}</div><div class="evs">${evs.map((/** @type {any} */ e) => `<span class="ev"><time>${esc(new Date(e.ts).toISOString().slice(11, 19))}</time>${esc(label(e))}</span>`).join('')}</div>`;
    });
    const measured = s.events.filter((/** @type {any} */ e) => MEASURES.has(e.type)).length;
    const moves = s.lifecycleMoves.map((/** @type {any} */ m) => `${esc(m.from)} → ${esc(m.to)} at ${esc(date(m.ts))} (${esc(m.type)})`);
    return `<section class="session">
<h2>Session ${i + 1} · ${esc(date(s.start))} · ${esc(touch || 'no touch')} · entry <code>${esc(s.entry)}</code></h2>
<div class="bands">${bands.join('')}</div>
${moves.length ? `<p class="moves">Lifecycle: ${moves.join(' · ')}</p>` : ''}
${measured ? `<p class="moves">${esc(plural(measured, 'measurement'))} (web vitals, engagement) not listed.</p>` : ''}
</section>`;
  });
  const orders = (j?.sessions ?? []).flatMap((s) => s.events.filter((/** @type {any} */ e) => e.type == 'order_completed'));
  const head = !j
    ? '<p class="muted">Find a shopper by anonymous id, user id or order id.</p>'
    : !j.shoppers.length
      ? `<p class="empty">No shopper with the id ${esc(asked)}.</p>`
      : `<p class="muted">Found by ${esc(j.foundBy)}: ${j.shoppers.map(esc).join(', ')} · ${plural(j.sessions.length, 'session')} · ${plural(j.events, 'event')}${j.truncated ? ' (the latest only)' : ''} · ${plural(orders.length, 'order')} ${orders.map((/** @type {any} */ o) => esc(amount(o.props.value, o.props.currency))).join(', ')}</p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Shopper journey — Waymark</title>
<link rel="stylesheet" href="/map.css">
<link rel="icon" href="/report-icon.svg" type="image/svg+xml">
</head>
<body>
<header class="top">
  <div><h1>Shopper journey</h1>${head}</div>
  <form class="find" method="get" action="/journey"><label>Shopper <input name="id" value="${esc(asked)}" placeholder="anonymous id, user id or order id"></label><button type="submit">Find</button> <a href="/map">Journey map</a></form>
</header>
<main class="timeline">
${sessions.join('\n')}
</main>
</body>
</html>
`;
};

/**
 * Serve `GET /journey?id=` (the page) and `GET /journey.json?id=`; false for anything else.
 * @param {URL} url
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {import('better-sqlite3').Database} db
 * @param {import('./queries.mjs').ReadOptions} [options]
 */
export const serveJourney = (url, req, res, db, options = {}) => {
  if (req.method != 'GET' && req.method != 'HEAD') return false;
  if (url.pathname != '/journey' && url.pathname != '/journey.json') return false;
  const id = (url.searchParams.get('id') ?? '').trim().slice(0, 200);
  const json = url.pathname == '/journey.json';
  if (json && !id) {
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('id: give an anonymous id, user id or order id');
    return true;
  }
  prepareJourney(db);
  const journey = id ? computeJourney(db, id, options) : null;
  res.writeHead(200, {
    'Content-Type': json ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...(json ? {} : { 'Content-Security-Policy': REPORT_CSP }),
  });
  res.end(req.method == 'HEAD' ? undefined : json ? JSON.stringify(journey) : renderJourneyHtml(journey, id));
  return true;
};
