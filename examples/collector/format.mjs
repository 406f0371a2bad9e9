// @ts-check
/** One readable line per event, for the collector's console. */

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (/** @type {number} */ code, /** @type {string} */ s) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);

const STAGE_COLORS = /** @type {Record<string, number>} */ ({ awareness: 36, consideration: 34, purchase: 32, retention: 33, advocacy: 35 });

/** The props worth a glance, in a short `key=value` list. */
const KEYS = ['order_id', 'id', 'product_id', 'value', 'currency', 'quantity', 'step', 'option', 'query', 'result_count', 'zero_results', 'rating', 'survey', 'score', 'method', 'network', 'channel', 'status', 'reason', 'list_id', 'coupon'];

const short = (/** @type {unknown} */ v) => {
  const s = typeof v == 'string' ? v : JSON.stringify(v);
  return s.length > 32 ? s.slice(0, 31) + '…' : s;
};

/**
 * e.g. `20:14:03  order_completed         purchase · conversion  paid_search/google  /confirmation.html  order_id=AC-1 value=57.8`
 * @param {any} e a valid wire event
 */
export const formatEvent = (e) => {
  const time = new Date(e.ts).toTimeString().slice(0, 8);
  const props = KEYS.filter((k) => e.props[k] != null).map((k) => `${k}=${short(e.props[k])}`);
  if (Array.isArray(e.props.items)) props.push(`items=${e.props.items.length}`);
  if (e.invalid?.length) props.push(paint(31, `invalid=${e.invalid.join(',')}`));
  const touch = e.touch.source && e.touch.source != e.touch.channel ? `${e.touch.channel}/${e.touch.source}` : e.touch.channel;
  return [
    paint(2, time),
    e.type.padEnd(26),
    paint(STAGE_COLORS[e.stage] ?? 0, e.stage.padEnd(13)) + ' · ' + e.lifecycle.padEnd(11),
    touch.padEnd(22),
    paint(2, e.page.path + (e.page.type ? ` (${e.page.type})` : '')),
    props.join(' '),
  ]
    .join('  ')
    .trimEnd();
};
