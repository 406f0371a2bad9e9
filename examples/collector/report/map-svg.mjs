// @ts-check
/** The map's two diagrams, drawn on the server as SVG with the numbers on them (no script). */
import { STAGES } from './queries.mjs';
import { duration, esc, int } from './format.mjs';
import { LIFECYCLE } from './flows.mjs';

const W = 1000;
const BOX = 164;
const x = (/** @type {number} */ i, /** @type {number} */ n) => 20 + i * ((W - 40 - BOX) / (n - 1));

/**
 * Stages as boxes in a row; each move between two stages an arc labelled with its shoppers:
 * forward moves above the row, moves back below it. The arc's width grows with its shoppers.
 * @param {import('./map.mjs').JourneyMap['stages']} stages
 * @param {import('./map.mjs').JourneyMap['flows']} flows
 */
export const flowSvg = (stages, flows) => {
  const max = Math.max(1, ...flows.moves.map((m) => m.shoppers));
  const centre = (/** @type {string} */ s) => x(STAGES.indexOf(/** @type {any} */ (s)), STAGES.length) + BOX / 2;
  const spanOf = (/** @type {{ from: string, to: string }} */ m) => Math.abs(STAGES.indexOf(/** @type {any} */ (m.to)) - STAGES.indexOf(/** @type {any} */ (m.from)));
  const liftOf = (/** @type {{ from: string, to: string }} */ m, /** @type {boolean} */ forward) => 36 + spanOf(m) * 38 + (forward ? 0 : 14);
  // As tall as the highest arc above and the deepest below need (a quadratic arc reaches half its lift).
  const above = Math.max(0, ...flows.moves.filter((m) => centre(m.to) > centre(m.from)).map((m) => liftOf(m, true) / 2));
  const below = Math.max(0, ...flows.moves.filter((m) => centre(m.to) < centre(m.from)).map((m) => liftOf(m, false) / 2));
  const mid = 28 + 28 + above + 10;
  const H = mid + 28 + below + 24;
  const arcs = flows.moves.map((m, k) => {
    const a = centre(m.from);
    const b = centre(m.to);
    const forward = b > a;
    // Moves back sit a little further out than moves forward over the same span, so labels do not meet.
    const lift = liftOf(m, forward);
    const y0 = forward ? mid - 28 : mid + 28;
    const cy = forward ? y0 - lift : y0 + lift;
    const ly = forward ? y0 - lift / 2 - 4 + (k % 2) * 9 : y0 + lift / 2 + 12 - (k % 2) * 9;
    const w = 1.5 + (8 * m.shoppers) / max;
    return `<g class="move ${forward ? 'fwd' : 'back'}"><path d="M${a + (forward ? 8 : -8)} ${y0} Q${(a + b) / 2} ${cy} ${b + (forward ? -8 : 8)} ${y0}" stroke-width="${w.toFixed(1)}"><title>${esc(m.from)} → ${esc(m.to)}: ${m.shoppers} shoppers, ${m.moves} moves (${m.within} within a session, ${m.across} between sessions)</title></path>
  <text x="${(a + b) / 2}" y="${ly}" text-anchor="middle">${int(m.shoppers)}</text></g>`;
  });
  const boxes = stages.map((s, i) => {
    const entry = flows.entries.find((e) => e.stage == s.stage)?.shoppers ?? 0;
    return `<g class="node stage-${esc(s.stage)}"><rect x="${x(i, STAGES.length)}" y="${mid - 28}" width="${BOX}" height="56" rx="6"/>
  <text class="name" x="${x(i, STAGES.length) + BOX / 2}" y="${mid - 6}" text-anchor="middle">${esc(s.stage)}</text>
  <text class="num" x="${x(i, STAGES.length) + BOX / 2}" y="${mid + 14}" text-anchor="middle">${int(s.shoppers)} shoppers · ${int(entry)} start here</text></g>`;
  });
  return `<svg class="flow" viewBox="0 0 ${W} ${H}" role="img" aria-label="Moves between journey stages">
<text class="legend" x="10" y="16">above: moves forward · below: moves back · number: shoppers who made the move</text>
${arcs.join('\n')}
${boxes.join('\n')}
</svg>`;
};

/**
 * The lifecycle as a row of boxes, each step an arrow with its shoppers and median time.
 * @param {import('./map.mjs').JourneyMap['lifecycle']} life
 */
export const lifecycleSvg = (life) => {
  const mid = 60;
  const centre = (/** @type {string} */ s) => x(LIFECYCLE.indexOf(/** @type {any} */ (s)), LIFECYCLE.length) + BOX / 2;
  const steps = life.steps.map((s, k) => {
    const a = centre(s.from);
    const b = centre(s.to);
    const adjacent = Math.abs(LIFECYCLE.indexOf(/** @type {any} */ (s.to)) - LIFECYCLE.indexOf(/** @type {any} */ (s.from))) == 1 && b > a;
    const label = `${int(s.shoppers)} shoppers · median ${duration(s.medianMs)}`;
    if (adjacent) {
      // The label sits above the boxes: the gap between two boxes is narrower than the text.
      return `<g class="step"><line x1="${a + BOX / 2}" y1="${mid}" x2="${b - BOX / 2 - 4}" y2="${mid}"/><text x="${(a + b) / 2}" y="${mid - 34}" text-anchor="middle">${esc(label)}</text></g>`;
    }
    const y = mid + 30;
    const cy = y + 40 + (k % 3) * 18;
    return `<g class="step skip"><path d="M${a} ${y} Q${(a + b) / 2} ${cy} ${b} ${y}"/><text x="${(a + b) / 2}" y="${(y + cy) / 2 + 14}" text-anchor="middle">${esc(s.from)} → ${esc(s.to)}: ${esc(label)}</text></g>`;
  });
  const boxes = life.stages.map(
    (s, i) => `<g class="node"><rect x="${x(i, LIFECYCLE.length)}" y="${mid - 26}" width="${BOX}" height="52" rx="6"/>
  <text class="name" x="${x(i, LIFECYCLE.length) + BOX / 2}" y="${mid - 4}" text-anchor="middle">${esc(s.stage)}</text>
  <text class="num" x="${x(i, LIFECYCLE.length) + BOX / 2}" y="${mid + 15}" text-anchor="middle">${int(s.shoppers)} shoppers</text></g>`,
  );
  return `<svg class="lifecycle" viewBox="0 0 ${W} 180" role="img" aria-label="Lifecycle flow">
${boxes.join('\n')}
${steps.join('\n')}
</svg>`;
};
