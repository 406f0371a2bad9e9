// @ts-check
/**
 * The journey map as a web page: five stage columns, then the flow diagrams. Drawn on the server,
 * styled by `map.css`, no script: it works under `default-src 'none'; style-src 'self'`.
 */
import { readFileSync } from 'node:fs';
import { STAGES, parseEdge, prepareReport } from './queries.mjs';
import { amount, automatedNote, date, duration, esc, int, pct } from './format.mjs';
import { PAIN_DEFINITIONS, computeMap } from './map.mjs';
import { flowSvg, lifecycleSvg } from './map-svg.mjs';
import { REPORT_CSP } from './html.mjs';

/** A metric's value as text. @param {{ value: number | null, kind: string }} m @param {string | null} [currency] */
export const metricText = (m, currency) =>
  m.value == null ? '–' : m.kind == 'rate' ? pct(m.value) : m.kind == 'money' ? amount(m.value, currency ?? '') : m.kind == 'ms' ? duration(m.value) : String(m.value);

/** What a pain point puts at stake, as text. @param {{ value: number | null, currency: string | null, shoppers: number }} x */
export const stakeText = (x) => (x.value != null ? `${amount(x.value, x.currency ?? '')} · ${int(x.shoppers)} shoppers` : `${int(x.shoppers)} shoppers`);

const journeyLink = (/** @type {string} */ id) => `<a href="/journey?id=${esc(encodeURIComponent(id))}">${esc(id.length > 14 ? id.slice(0, 13) + '…' : id)}</a>`;

const list = (/** @type {string} */ title, /** @type {string[]} */ items) =>
  `<h3>${esc(title)}</h3>${items.length ? `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>` : '<p class="empty">none</p>'}`;

/**
 * @param {import('./map.mjs').JourneyMap} m
 * @param {{ from?: string, to?: string }} [o]
 */
export const renderMapHtml = (m, o = {}) => {
  const currency = m.stages.flatMap((s) => s.opportunities).find((x) => x.currency)?.currency ?? null;
  const range = `${m.range.from == null ? 'the beginning' : date(m.range.from)} → ${m.range.to == null ? 'now' : date(m.range.to)}`;
  const columns = m.stages.map((s) => {
    const t = s.touchpoints;
    const pains = s.painPoints.map(
      (x) => `<li class="pain"><span class="what">${esc(int(x.count))} ${esc(x.title)}</span> <span class="who">${esc(stakeText(x))}</span>
  ${x.detail.length ? `<span class="detail">${x.detail.map((d) => `${esc(d.label)} (${esc(int(d.n))})`).join(', ')}</span>` : ''}
  ${x.sample.length ? `<span class="sample">journeys: ${x.sample.map(journeyLink).join(' ')}</span>` : ''}
  <span class="def">${esc(PAIN_DEFINITIONS[x.id])}</span></li>`,
    );
    return `<section class="column stage-${esc(s.stage)}">
<header><h2>${esc(s.stage)}</h2><p class="big">${esc(int(s.shoppers))} <span>shoppers</span></p><p class="muted">${esc(int(s.sessions))} sessions</p></header>
${list('Touchpoints: channels', t.channels.map((c) => `${esc(c.channel)}${c.source && c.source != c.channel ? ` / ${esc(c.source)}` : ''} <b>${esc(int(c.shoppers))}</b>`))}
${list('Touchpoints: pages', t.pageTypes.map((c) => `${esc(c.pageType)} <b>${esc(int(c.shoppers))}</b>`))}
${list('Entry pages', t.entryPages.map((c) => `<code>${esc(c.path)}</code> <b>${esc(int(c.shoppers))}</b>`))}
${list('Actions', s.actions.map((a) => `${esc(a.type)} <b>${esc(int(a.count))}</b> <span class="muted">${esc(int(a.shoppers))} shoppers</span>`))}
<h3>Pain points</h3>${pains.length ? `<ol class="pains">${pains.join('\n')}</ol>` : '<p class="empty">none measured</p>'}
${list('Opportunities', s.opportunities.map((x) => `${esc(x.title)}: <b>${esc(stakeText(x))}</b>`))}
${list('Metrics', s.metrics.map((x) => `${esc(x.name)} <b>${esc(metricText(x, currency))}</b> <span class="muted">${esc(x.of ?? '')}</span>`))}
</section>`;
  });
  const q = new URLSearchParams(Object.entries({ from: o.from ?? '', to: o.to ?? '' }).filter(([, v]) => v)).toString();
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Journey map — Waymark</title>
<link rel="stylesheet" href="/map.css">
<link rel="icon" href="/report-icon.svg" type="image/svg+xml">
</head>
<body>
<header class="top">
  <div>
    <h1>Customer journey map</h1>
    <p class="muted">${esc(range)} · ${esc(int(m.totals.visitors))} shoppers · ${esc(int(m.totals.sessions))} sessions · ${esc(int(m.totals.events))} events · ${esc(automatedNote(m.automated))}</p>
  </div>
  <form class="range" method="get" action="/map">
    <label>From <input type="date" name="from" value="${esc(o.from ?? '')}"></label>
    <label>To <input type="date" name="to" value="${esc(o.to ?? '')}"></label>
    <button type="submit">Show</button>
    <a href="/report${q ? '?' + esc(q) : ''}">Report</a> <a href="/map.json${q ? '?' + esc(q) : ''}">JSON</a>
  </form>
  <form class="find" method="get" action="/journey"><label>Shopper <input name="id" placeholder="anonymous id, user id or order id"></label><button type="submit">Find</button></form>
</header>
<main>
<div class="columns">
${columns.join('\n')}
</div>
<section class="flows">
<h2>Moves between stages</h2>
${flowSvg(m.stages, m.flows)}
<p class="def">Each shopper's actions in time order (measurements and cart_abandoned left out); a change of stage between two consecutive actions is one move, within a session or between two. The number on an arc is the shoppers who made that move; hover for moves within and between sessions. "Start here": shoppers whose first action was in the stage.</p>
<h2>Lifecycle</h2>
${lifecycleSvg(m.lifecycle)}
<p class="def">Each shopper's lifecycle stages in the order first reached; a step's time runs from the first event in one stage to the first in the next, and the median is over the shoppers who made the step.</p>
</section>
</main>
<footer class="muted">Waymark reference collector · ${STAGES.map(esc).join(' → ')}</footer>
</body>
</html>
`;
};

const CSS = new URL('./map.css', import.meta.url);

/**
 * Serve `GET /map` (the page), `GET /map.json` and `GET /map.css`; false for anything else.
 * @param {URL} url
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {import('better-sqlite3').Database} db
 * @param {import('./queries.mjs').ReadOptions} [options]
 */
export const serveMap = (url, req, res, db, options = {}) => {
  if (req.method != 'GET' && req.method != 'HEAD') return false;
  if (url.pathname == '/map.css') {
    const css = readFileSync(CSS);
    res.writeHead(200, { 'Content-Type': 'text/css; charset=utf-8', 'Content-Length': css.length, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' });
    res.end(req.method == 'HEAD' ? undefined : css);
    return true;
  }
  if (url.pathname != '/map' && url.pathname != '/map.json') return false;
  const from = url.searchParams.get('from') ?? '';
  const to = url.searchParams.get('to') ?? '';
  let range;
  try {
    range = { from: parseEdge(from, 'from'), to: parseEdge(to, 'to') };
  } catch (e) {
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(/** @type {Error} */ (e).message);
    return true;
  }
  prepareReport(db);
  const map = computeMap(db, range, options);
  const json = url.pathname == '/map.json';
  res.writeHead(200, {
    'Content-Type': json ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...(json ? {} : { 'Content-Security-Policy': REPORT_CSP }),
  });
  res.end(req.method == 'HEAD' ? undefined : json ? JSON.stringify(map) : renderMapHtml(map, { from, to }));
  return true;
};
