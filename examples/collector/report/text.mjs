// @ts-check
/** The journey report as plain-text tables, for the terminal. */
import { DEFINITIONS, VITALS } from './queries.mjs';
import { amount, automatedNote, date, duration, int, pct, vital } from './format.mjs';

/**
 * A table with a header row; numbers (and dashes) are right-aligned.
 * @param {string[]} head
 * @param {(string | number)[][]} rows
 */
const table = (head, rows) => {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const right = head.map((_, i) => i > 0 && rows.every((r) => String(r[i]) == '' || (/^[-–+\d.,\s%a-zA-Z]*$/.test(String(r[i])) && /[\d–]/.test(String(r[i])))));
  const line = (/** @type {string[]} */ r) => r.map((c, i) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(head), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.slice(1).map(line)].map((l) => '  ' + l).join('\n');
};

/** Wrap a definition to the terminal's width, indented. */
const note = (/** @type {string} */ text, width = 96) => {
  const out = [];
  let line = '';
  for (const word of text.split(' ')) {
    if ((line + ' ' + word).length > width) (out.push(line), (line = word));
    else line = line ? line + ' ' + word : word;
  }
  if (line) out.push(line);
  return out.map((l) => '  ' + l).join('\n');
};

const section = (/** @type {string} */ title, /** @type {string} */ body, /** @type {string} */ definition) => `${title}\n${body}\n${note(definition)}\n`;

/** @param {import('./queries.mjs').Report} r */
export const renderText = (r) => {
  const range = `${r.range.from == null ? 'the beginning' : date(r.range.from)} → ${r.range.to == null ? 'now' : date(r.range.to)}`;
  const out = [
    `Waymark journey report, ${range}`,
    `${int(r.totals.events)} events, ${int(r.totals.visitors)} visitors, ${int(r.totals.sessions)} sessions${r.totals.first ? ` (events from ${date(r.totals.first)} to ${date(r.totals.last)})` : ''}; ${automatedNote(r.automated)}\n`,
    section(
      'Stage funnel',
      table(
        ['stage', 'visitors', 'drop-out', 'sessions', 'drop-out'],
        r.funnel.map((f, i) => [f.stage, int(f.visitors), i ? pct(f.dropVisitors) : '', int(f.sessions), i ? pct(f.dropSessions) : '']),
      ),
      DEFINITIONS.funnel,
    ),
    section(
      'Key metrics',
      table(
        ['metric', 'value', 'of'],
        [
          ['conversion rate (sessions)', pct(r.conversion.sessionRate), `${int(r.conversion.sessions)} of ${int(r.totals.sessions)} sessions`],
          ['conversion rate (visitors)', pct(r.conversion.visitorRate), `${int(r.conversion.visitors)} of ${int(r.totals.visitors)} visitors`],
          ['bounce rate', pct(r.bounce.rate), `${int(r.bounce.bounced)} of ${int(r.bounce.sessions)} sessions with a page view`],
          ['average active time on page', duration(r.activeTime.meanMs), `${int(r.activeTime.pages)} page views`],
          ['cart abandonment rate', pct(r.cartAbandonment.rate), `${int(r.cartAbandonment.abandoned)} of ${int(r.cartAbandonment.sessionsWithCart)} sessions with a cart; ${int(r.cartAbandonment.cartAbandonedEvents)} cart_abandoned events`],
          ['repeat purchase rate', pct(r.repeat.rate), `${int(r.repeat.repeaters)} of ${int(r.repeat.customers)} customers`],
          ['CSAT', pct(r.csat.rate), `${int(r.csat.satisfied)} of ${int(r.csat.answers)} answers`],
          ['NPS', r.nps.score == null ? '–' : String(r.nps.score), `${int(r.nps.promoters)} promoters, ${int(r.nps.passives)} passives, ${int(r.nps.detractors)} detractors`],
          ['median checkout duration', duration(r.checkout.medianMs), `${int(r.checkout.orders)} orders (${int(r.checkout.fromModule)} timed by the module, ${int(r.checkout.fromSession)} from checkout_started)`],
          ['checkouts within 4 minutes', pct(r.checkout.within4minRate), `${int(r.checkout.within4min)} of ${int(r.checkout.orders)} orders`],
        ],
      ),
      [
        `Conversion: ${DEFINITIONS.conversion}`,
        `Bounce: ${DEFINITIONS.bounce}`,
        `Active time: ${DEFINITIONS.activeTime}`,
        `Cart abandonment: ${DEFINITIONS.cartAbandonment}`,
        `Repeat purchase: ${DEFINITIONS.repeat}`,
        `CSAT: ${DEFINITIONS.csat}`,
        `NPS: ${DEFINITIONS.nps}`,
        `Checkout: ${DEFINITIONS.checkout}`,
      ].join(' '),
    ),
    section(
      'Orders',
      r.money.length
        ? table(
            ['currency', 'orders', 'revenue', 'AOV', 'customers', 'CLV'],
            r.money.map((m) => [m.currency, int(m.orders), amount(m.revenue), amount(m.aov), int(m.customers), amount(m.clv)]),
          )
        : '  no orders',
      `AOV: ${DEFINITIONS.aov} CLV: ${DEFINITIONS.clv}`,
    ),
    section(
      'Conversion by first-touch channel',
      r.channels.length
        ? table(
            ['channel', 'visitors', 'buyers', 'conversion', 'orders', 'revenue'],
            r.channels.map((c) => [c.channel, int(c.visitors), int(c.buyers), pct(c.rate), int(c.orders), amount(c.revenue)]),
          )
        : '  no visitors',
      DEFINITIONS.channels,
    ),
    section(
      'Page speed, p75',
      [
        ['stage', r.vitals.byStage],
        ['page type', r.vitals.byPageType],
      ]
        .map(([label, rows]) =>
          /** @type {any[]} */ (rows).length
            ? table([String(label), ...VITALS, 'samples'], /** @type {any[]} */ (rows).map((g) => [g.group, ...VITALS.map((v) => vital(v, g[v])), VITALS.map((v) => g[v]?.n ?? 0).join('/')]))
            : `  no web_vital events (by ${label})`,
        )
        .join('\n\n'),
      DEFINITIONS.vitals,
    ),
    r.activeTime.byPageType.length
      ? section(
          'Active time by page type',
          table(['page type', 'page views', 'mean active time'], r.activeTime.byPageType.map((a) => [a.pageType, int(a.pages), duration(a.meanMs)])),
          DEFINITIONS.activeTime,
        )
      : '',
  ];
  return out.filter(Boolean).join('\n');
};
