// @ts-check
/**
 * The journey report as a web page: charts drawn on the server as inline SVG, styles in
 * `report.css`, no script. It works under `default-src 'none'; style-src 'self'`.
 */
import { readFileSync } from 'node:fs';
import { DEFINITIONS, STAGES, VITALS, computeReport, parseEdge, prepareReport } from './queries.mjs';
import { amount, automatedNote, date, duration, esc, int, pct, rating, vital } from './format.mjs';

const n1 = (/** @type {number} */ n) => Math.round(n * 10) / 10;

/** The content security policy the page is served with. */
export const REPORT_CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** @param {string} label @param {string} value @param {string} sub @param {string} definition */
const card = (label, value, sub, definition) => `<article class="card">
  <h3>${esc(label)}</h3>
  <p class="value">${esc(value)}</p>
  <p class="sub">${esc(sub)}</p>
  <p class="def">${esc(definition)}</p>
</article>`;

/** The stage funnel: one centred bar per stage (visitors), sessions in a lighter bar beneath, drop-out between. */
const funnelSvg = (/** @type {import('./queries.mjs').Report['funnel']} */ funnel) => {
  const W = 720;
  const row = 64;
  const H = funnel.length * row + 10;
  const max = Math.max(1, ...funnel.map((f) => Math.max(f.visitors, f.sessions)));
  const parts = funnel.map((f, i) => {
    const y = i * row + 6;
    const wv = Math.max(2, ((W - 280) * f.visitors) / max);
    const ws = Math.max(2, ((W - 280) * f.sessions) / max);
    const x0 = 150;
    const drop = f.dropVisitors == null ? '' : `<text class="drop" x="${W - 4}" y="${y + 8}" text-anchor="end">↓ ${esc(pct(f.dropVisitors))} of visitors drop out</text>`;
    return `<g class="stage stage-${esc(f.stage)}">
  <text class="label" x="0" y="${y + 24}">${esc(f.stage)}</text>
  <rect class="bar" x="${x0}" y="${y + 10}" width="${n1(wv)}" height="22" rx="3"><title>${esc(f.stage)}: ${f.visitors} visitors</title></rect>
  <text class="num" x="${n1(x0 + wv + 6)}" y="${y + 26}">${esc(int(f.visitors))} visitors</text>
  <rect class="bar2" x="${x0}" y="${y + 35}" width="${n1(ws)}" height="12" rx="2"><title>${esc(f.stage)}: ${f.sessions} sessions</title></rect>
  <text class="num small" x="${n1(x0 + ws + 6)}" y="${y + 46}">${esc(int(f.sessions))} sessions</text>
  ${drop}
</g>`;
  });
  return `<svg class="chart funnel" viewBox="0 0 ${W} ${H}" role="img" aria-label="Stage funnel">${parts.join('\n')}</svg>`;
};

/**
 * Horizontal bars: one row per item, the bar's length by `value`, the text beside it.
 * @param {{ label: string, value: number, text: string, cls?: string }[]} rows
 * @param {string} aria
 * @param {number} [max]
 */
const barsSvg = (rows, aria, max) => {
  const W = 720;
  const row = 30;
  const top = Math.max(1e-9, max ?? Math.max(0, ...rows.map((r) => r.value)));
  const body = rows.map((r, i) => {
    const y = i * row + 4;
    const w = Math.max(r.value > 0 ? 2 : 0, ((W - 360) * Math.min(r.value, top)) / top);
    return `<g><text class="label" x="0" y="${y + 16}">${esc(r.label)}</text>
  <rect class="track" x="170" y="${y + 3}" width="${W - 360}" height="18" rx="3"/>
  <rect class="bar ${esc(r.cls ?? '')}" x="170" y="${y + 3}" width="${n1(w)}" height="18" rx="3"><title>${esc(r.label)}: ${esc(r.text)}</title></rect>
  <text class="num" x="${W - 180}" y="${y + 16}">${esc(r.text)}</text></g>`;
  });
  return `<svg class="chart bars" viewBox="0 0 ${W} ${rows.length * row + 8}" role="img" aria-label="${esc(aria)}">${body.join('\n')}</svg>`;
};

/** A share against a target (a bar with a marker), e.g. checkouts within 4 minutes against the two in three shoppers expect. */
const targetSvg = (/** @type {number | null} */ share, /** @type {number} */ target, /** @type {string} */ aria) => {
  const W = 720;
  const w = ((W - 20) * (share ?? 0));
  const t = 10 + (W - 20) * target;
  return `<svg class="chart target" viewBox="0 0 ${W} 54" role="img" aria-label="${esc(aria)}">
  <rect class="track" x="10" y="10" width="${W - 20}" height="20" rx="4"/>
  <rect class="bar ${share != null && share >= target ? 'good' : 'poor'}" x="10" y="10" width="${n1(w)}" height="20" rx="4"/>
  <line class="marker" x1="${n1(t)}" x2="${n1(t)}" y1="4" y2="36"/>
  <text class="num small" x="${n1(t)}" y="50" text-anchor="middle">expected: ${esc(pct(target))}</text>
</svg>`;
};

/** @param {string} title @param {any[]} rows */
const vitalsTable = (title, rows) =>
  rows.length
    ? `<table class="vitals"><thead><tr><th scope="col">${esc(title)}</th>${VITALS.map((v) => `<th scope="col">p75 ${v}</th>`).join('')}<th scope="col">samples</th></tr></thead><tbody>
${rows
  .map(
    (g) =>
      `<tr><th scope="row">${esc(g.group)}</th>${VITALS.map((v) => (g[v] ? `<td class="${rating(v, g[v].p75)}">${esc(vital(v, g[v]))}</td>` : '<td class="none">–</td>')).join('')}<td class="muted">${VITALS.map((v) => g[v]?.n ?? 0).join(' / ')}</td></tr>`,
  )
  .join('\n')}</tbody></table>`
    : `<p class="empty">No web_vital events in this range: load the vitals module (<code>waymark.vitals.js</code>).</p>`;

/**
 * The page.
 * @param {import('./queries.mjs').Report} r
 * @param {{ from?: string, to?: string, css?: string }} [o] the range as typed, the stylesheet URL
 */
export const renderHtml = (r, o = {}) => {
  const main = r.money[0];
  const money = r.money.length > 1 ? ` (${r.money.length} currencies; the table below has each)` : '';
  const range = `${r.range.from == null ? 'the beginning' : date(r.range.from)} → ${r.range.to == null ? 'now' : date(r.range.to)}`;
  const cards = [
    card('Conversion rate', pct(r.conversion.sessionRate), `${int(r.conversion.sessions)} of ${int(r.totals.sessions)} sessions · visitors: ${pct(r.conversion.visitorRate)}`, DEFINITIONS.conversion),
    card('Bounce rate', pct(r.bounce.rate), `${int(r.bounce.bounced)} of ${int(r.bounce.sessions)} sessions`, DEFINITIONS.bounce),
    card('Cart abandonment', pct(r.cartAbandonment.rate), `${int(r.cartAbandonment.abandoned)} of ${int(r.cartAbandonment.sessionsWithCart)} sessions with a cart · ${int(r.cartAbandonment.cartAbandonedEvents)} cart_abandoned`, DEFINITIONS.cartAbandonment),
    card('Average order value', main ? amount(main.aov, main.currency) : '–', `${int(main?.orders ?? 0)} orders${money}`, DEFINITIONS.aov),
    card('Customer lifetime value', main ? amount(main.clv, main.currency) : '–', `${int(main?.customers ?? 0)} customers`, DEFINITIONS.clv),
    card('Repeat purchase rate', pct(r.repeat.rate), `${int(r.repeat.repeaters)} of ${int(r.repeat.customers)} customers`, DEFINITIONS.repeat),
    card('Active time on page', duration(r.activeTime.meanMs), `mean of ${int(r.activeTime.pages)} page views`, DEFINITIONS.activeTime),
    card('Checkout duration', duration(r.checkout.medianMs), `median of ${int(r.checkout.orders)} orders · ${pct(r.checkout.within4minRate)} within 4 min`, DEFINITIONS.checkout),
    card('CSAT', pct(r.csat.rate), `${int(r.csat.satisfied)} of ${int(r.csat.answers)} answers`, DEFINITIONS.csat),
    card('NPS', r.nps.score == null ? '–' : String(r.nps.score), `${int(r.nps.promoters)} promoters · ${int(r.nps.passives)} passives · ${int(r.nps.detractors)} detractors`, DEFINITIONS.nps),
  ];
  const channels = r.channels.length
    ? `<div class="stack">
  <div><h3>Visitors</h3>${barsSvg(r.channels.map((c) => ({ label: c.channel, value: c.visitors, text: `${int(c.visitors)} visitors` })), 'Visitors by first-touch channel')}</div>
  <div><h3>Conversion (visitors who ordered)</h3>${barsSvg(r.channels.map((c) => ({ label: c.channel, value: c.rate ?? 0, text: `${pct(c.rate)} · ${int(c.orders)} orders`, cls: 'alt' })), 'Conversion by first-touch channel', Math.max(0.01, ...r.channels.map((c) => c.rate ?? 0)))}</div>
</div>
<table><thead><tr><th scope="col">first-touch channel</th><th scope="col">visitors</th><th scope="col">buyers</th><th scope="col">conversion</th><th scope="col">orders</th><th scope="col">revenue</th></tr></thead><tbody>
${r.channels.map((c) => `<tr><th scope="row">${esc(c.channel)}</th><td>${int(c.visitors)}</td><td>${int(c.buyers)}</td><td>${pct(c.rate)}</td><td>${int(c.orders)}</td><td>${amount(c.revenue)}</td></tr>`).join('\n')}
</tbody></table>`
    : '<p class="empty">No visitors in this range.</p>';
  const lcpByStage = r.vitals.byStage.filter((g) => g.LCP);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Journey report — Waymark</title>
<link rel="stylesheet" href="${esc(o.css ?? '/report.css')}">
<link rel="icon" href="/report-icon.svg" type="image/svg+xml">
</head>
<body>
<header class="top">
  <div>
    <h1>Journey report</h1>
    <p class="muted">${esc(range)} · ${esc(int(r.totals.events))} events · ${esc(int(r.totals.visitors))} visitors · ${esc(int(r.totals.sessions))} sessions · ${esc(automatedNote(r.automated))}</p>
  </div>
  <form class="range" method="get" action="/report">
    <label>From <input type="date" name="from" value="${esc(o.from ?? '')}"></label>
    <label>To <input type="date" name="to" value="${esc(o.to ?? '')}"></label>
    <button type="submit">Show</button>
    <a href="/map">Journey map</a>
    <a href="/report.json${o.from || o.to ? '?' + esc(new URLSearchParams(Object.entries({ from: o.from ?? '', to: o.to ?? '' }).filter(([, v]) => v)).toString()) : ''}">JSON</a>
  </form>
</header>
<main>
<section>
  <h2>Where shoppers drop out</h2>
  ${funnelSvg(r.funnel)}
  <p class="def">${esc(DEFINITIONS.funnel)}</p>
</section>
<section>
  <h2>Key metrics</h2>
  <div class="cards">
${cards.join('\n')}
  </div>
</section>
<section>
  <h2>Checkout within 4 minutes</h2>
  ${targetSvg(r.checkout.within4minRate, 2 / 3, 'Share of checkouts within 4 minutes')}
  <p class="sub">${esc(int(r.checkout.within4min))} of ${esc(int(r.checkout.orders))} orders (${esc(int(r.checkout.fromModule))} timed by the checkout-timing module, ${esc(int(r.checkout.fromSession))} from checkout_started). Two shoppers in three expect 4 minutes or less.</p>
  <p class="def">${esc(DEFINITIONS.checkout)}</p>
</section>
<section>
  <h2>Conversion by first-touch channel</h2>
  ${channels}
  <p class="def">${esc(DEFINITIONS.channels)}</p>
</section>
<section>
  <h2>Orders</h2>
  ${
    r.money.length
      ? `<table><thead><tr><th scope="col">currency</th><th scope="col">orders</th><th scope="col">revenue</th><th scope="col">AOV</th><th scope="col">customers</th><th scope="col">CLV</th></tr></thead><tbody>
${r.money.map((m) => `<tr><th scope="row">${esc(m.currency)}</th><td>${int(m.orders)}</td><td>${amount(m.revenue)}</td><td>${amount(m.aov)}</td><td>${int(m.customers)}</td><td>${amount(m.clv)}</td></tr>`).join('\n')}
</tbody></table>`
      : '<p class="empty">No orders in this range.</p>'
  }
  <p class="def">AOV: ${esc(DEFINITIONS.aov)} CLV: ${esc(DEFINITIONS.clv)}</p>
</section>
<section>
  <h2>Page speed by journey stage</h2>
  ${lcpByStage.length ? barsSvg(lcpByStage.map((g) => ({ label: g.group, value: g.LCP?.p75 ?? 0, text: `LCP ${vital('LCP', g.LCP)}`, cls: rating('LCP', g.LCP?.p75 ?? 0) })), 'p75 LCP by stage', Math.max(4000, ...lcpByStage.map((g) => g.LCP?.p75 ?? 0))) : ''}
  <div class="two">
    <div>${vitalsTable('stage', r.vitals.byStage)}</div>
    <div>${vitalsTable('page type', r.vitals.byPageType)}</div>
  </div>
  <p class="def">${esc(DEFINITIONS.vitals)} Colours: good / needs improvement / poor by the Core Web Vitals thresholds (LCP 2.5 s / 4 s, INP 200 / 500 ms, CLS 0.1 / 0.25).</p>
</section>
${
  r.activeTime.byPageType.length
    ? `<section>
  <h2>Active time by page type</h2>
  ${barsSvg(r.activeTime.byPageType.map((a) => ({ label: a.pageType, value: a.meanMs ?? 0, text: `${duration(a.meanMs)} · ${int(a.pages)} views`, cls: 'alt' })), 'Mean active time by page type')}
  <p class="def">${esc(DEFINITIONS.activeTime)}</p>
</section>`
    : ''
}
</main>
<footer class="muted">Waymark reference collector · stages: ${STAGES.map(esc).join(' → ')}</footer>
</body>
</html>
`;
};

const CSS = new URL('./report.css', import.meta.url);
/** A funnel, as the page's icon. */
const ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><path fill="#2f6f73" d="M1 2h14l-5 6v6l-4-2V8z"/></svg>';

/**
 * Serve `GET /report` (the page), `GET /report.json` and `GET /report.css`. Returns false for any
 * other request, so the caller goes on.
 * @param {URL} url
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {import('better-sqlite3').Database} db
 * @param {import('./queries.mjs').ReadOptions} [options]
 */
export const serveReport = (url, req, res, db, options = {}) => {
  if (req.method != 'GET' && req.method != 'HEAD') return false;
  if (url.pathname == '/report.css') {
    const css = readFileSync(CSS);
    res.writeHead(200, { 'Content-Type': 'text/css; charset=utf-8', 'Content-Length': css.length, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' });
    res.end(req.method == 'HEAD' ? undefined : css);
    return true;
  }
  if (url.pathname == '/report-icon.svg') {
    res.writeHead(200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'max-age=86400', 'X-Content-Type-Options': 'nosniff' });
    res.end(req.method == 'HEAD' ? undefined : ICON);
    return true;
  }
  if (url.pathname != '/report' && url.pathname != '/report.json') return false;
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
  const report = computeReport(db, range, options);
  const json = url.pathname == '/report.json';
  const body = json ? JSON.stringify(report) : renderHtml(report, { from, to });
  res.writeHead(200, {
    'Content-Type': json ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...(json ? {} : { 'Content-Security-Policy': REPORT_CSP }),
  });
  res.end(req.method == 'HEAD' ? undefined : body);
  return true;
};
