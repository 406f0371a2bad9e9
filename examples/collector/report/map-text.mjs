// @ts-check
/** The journey map as text, for the terminal: one block per stage, then the flows. */
import { automatedNote, date, duration, int } from './format.mjs';
import { PAIN_DEFINITIONS } from './map.mjs';
import { metricText, stakeText } from './map-html.mjs';

const line = (/** @type {string} */ label, /** @type {string[]} */ items) => `  ${label.padEnd(14)}${items.length ? items.join(', ') : '–'}`;

/** @param {import('./map.mjs').JourneyMap} m */
export const renderMapText = (m) => {
  const currency = m.stages.flatMap((s) => s.opportunities).find((x) => x.currency)?.currency ?? null;
  const range = `${m.range.from == null ? 'the beginning' : date(m.range.from)} → ${m.range.to == null ? 'now' : date(m.range.to)}`;
  const out = [`Waymark journey map, ${range}`, `${int(m.totals.visitors)} shoppers, ${int(m.totals.sessions)} sessions, ${int(m.totals.events)} events; ${automatedNote(m.automated)}`, ''];
  for (const s of m.stages) {
    const t = s.touchpoints;
    out.push(`${s.stage.toUpperCase()}  ${int(s.shoppers)} shoppers, ${int(s.sessions)} sessions`);
    out.push(line('channels', t.channels.map((c) => `${c.channel}${c.source && c.source != c.channel ? '/' + c.source : ''} ${int(c.shoppers)}`)));
    out.push(line('page types', t.pageTypes.map((c) => `${c.pageType} ${int(c.shoppers)}`)));
    out.push(line('entry pages', t.entryPages.map((c) => `${c.path} ${int(c.shoppers)}`)));
    out.push(line('actions', s.actions.map((a) => `${a.type} ${int(a.count)} (${int(a.shoppers)} shoppers)`)));
    out.push('  pain points');
    if (!s.painPoints.length) out.push('    –');
    for (const p of s.painPoints) {
      out.push(`    ${int(p.count)} ${p.title}: ${stakeText(p)}${p.detail.length ? ` · ${p.detail.map((d) => `${d.label} (${int(d.n)})`).join(', ')}` : ''}${p.sample.length ? ` · e.g. ${p.sample.join(' ')}` : ''}`);
    }
    out.push(line('opportunities', s.opportunities.map((o) => `${o.title}: ${stakeText(o)}`)));
    out.push(line('metrics', s.metrics.map((x) => `${x.name} ${metricText(x, currency)}`)));
    out.push('');
  }
  out.push('MOVES BETWEEN STAGES (shoppers, moves within / between sessions)');
  for (const x of m.flows.moves) out.push(`  ${`${x.from} → ${x.to}`.padEnd(30)}${String(int(x.shoppers)).padStart(6)} shoppers  ${int(x.within)} / ${int(x.across)}`);
  out.push(`  start: ${m.flows.entries.map((e) => `${e.stage} ${int(e.shoppers)}`).join(', ') || '–'}`, '');
  out.push('LIFECYCLE');
  out.push(`  ${m.lifecycle.stages.map((s) => `${s.stage} ${int(s.shoppers)}`).join(' · ')}`);
  for (const x of m.lifecycle.steps) out.push(`  ${`${x.from} → ${x.to}`.padEnd(30)}${int(x.shoppers)} shoppers  median ${duration(x.medianMs)}`);
  out.push('', 'Pain points:');
  for (const [id, d] of Object.entries(PAIN_DEFINITIONS)) out.push(`  ${id}: ${d}`);
  return out.join('\n');
};
