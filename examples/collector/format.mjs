// @ts-check
/** One readable line per event, for the collector's console. */

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (/** @type {number} */ code, /** @type {string} */ s) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);

const STAGE_COLORS = /** @type {Record<string, number>} */ ({ awareness: 36, consideration: 34, purchase: 32, retention: 33, advocacy: 35 });

/** The props worth a glance, in a short `key=value` list. */
const KEYS = ['order_id', 'id', 'product_id', 'value', 'currency', 'quantity', 'step', 'option', 'query', 'result_count', 'zero_results', 'rating', 'survey', 'score', 'method', 'network', 'channel', 'status', 'reason', 'list_id', 'coupon'];

/**
 * Text a client sent, made safe to print: control characters (newlines, ANSI escapes), line and
 * paragraph separators and bidirectional overrides become `?`, and it is cut to `max` characters,
 * so no event can forge or hide a line on the console.
 * @param {unknown} v
 * @param {number} [max]
 */
export const clean = (v, max = 64) => {
  const s = (typeof v == 'string' ? v : JSON.stringify(v) ?? String(v)).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, '?');
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
};

const short = (/** @type {unknown} */ v) => clean(v, 32);

/**
 * e.g. `20:14:03  order_completed         purchase · conversion  paid_search/google  /confirmation.html  order_id=AC-1 value=57.8`
 * @param {any} e a valid wire event
 */
export const formatEvent = (e) => {
  const time = new Date(e.ts).toTimeString().slice(0, 8);
  const props = KEYS.filter((k) => e.props[k] != null).map((k) => `${k}=${short(e.props[k])}`);
  if (Array.isArray(e.props.items)) props.push(`items=${e.props.items.length}`);
  if (e.invalid?.length) props.push(paint(31, `invalid=${clean(e.invalid.join(','))}`));
  if (e.automated) props.push(paint(2, '(automated)'));
  const touch = clean(e.touch.source && e.touch.source != e.touch.channel ? `${e.touch.channel}/${e.touch.source}` : e.touch.channel, 40);
  return [
    paint(2, time),
    clean(e.type, 40).padEnd(26),
    paint(STAGE_COLORS[e.stage] ?? 0, e.stage.padEnd(13)) + ' · ' + e.lifecycle.padEnd(11),
    touch.padEnd(22),
    paint(2, clean(e.page.path, 80) + (e.page.type ? ` (${clean(e.page.type, 24)})` : '')),
    props.join(' '),
  ]
    .join('  ')
    .trimEnd();
};
