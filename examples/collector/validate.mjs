// @ts-check
/** Batches are checked against the published wire format, `schema/wire.json`. */
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';

const schema = JSON.parse(readFileSync(new URL('../../schema/wire.json', import.meta.url), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
const check = ajv.compile(schema);

/** `/events/0/stage` → `events[0].stage`. */
const where = (/** @type {string} */ pointer) =>
  pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((s, p) => (/^\d+$/.test(p) ? `${s}[${p}]` : s ? `${s}.${p}` : p), '') || 'batch';

const show = (/** @type {unknown} */ v) => {
  const s = JSON.stringify(v);
  return s === undefined ? 'nothing' : s.length > 60 ? s.slice(0, 60) + '…' : s;
};

/** A value inside `data` at a JSON pointer. */
const at = (/** @type {any} */ data, /** @type {string} */ pointer) =>
  pointer.split('/').slice(1).reduce((v, p) => (v == null ? v : v[p]), data);

/**
 * Problems of a parsed body as readable lines (at most `max`), or an empty list when it is a valid batch.
 * @param {unknown} body
 * @param {number} [max]
 * @returns {string[]}
 */
export const problemsOf = (body, max = 10) => {
  if (check(body)) return [];
  const lines = [];
  for (const e of check.errors ?? []) {
    const path = where(e.instancePath);
    let line;
    if (e.keyword == 'required') line = `${path == 'batch' ? '' : path + '.'}${e.params.missingProperty} is missing`;
    else if (e.keyword == 'enum') line = `${path} must be one of ${e.params.allowedValues.join(', ')}, got ${show(at(body, e.instancePath))}`;
    else if (e.keyword == 'const') line = `${path} must be ${show(e.params.allowedValue)}, got ${show(at(body, e.instancePath))}`;
    else line = `${path} ${e.message}, got ${show(at(body, e.instancePath))}`;
    if (!lines.includes(line)) lines.push(line);
  }
  return lines.length > max ? [...lines.slice(0, max), `… and ${lines.length - max} more`] : lines;
};

/** Deepest nesting a batch may have: a real event is a few levels deep (props.items[0].…). */
export const MAX_DEPTH = 32;

/**
 * Whether `value` nests objects or arrays deeper than `max` levels. Iterative, so a body of
 * `[[[[…]]]]` costs no stack (storing it would overflow `JSON.stringify`'s).
 * @param {unknown} value
 * @param {number} [max]
 */
export const nestedDeeperThan = (value, max = MAX_DEPTH) => {
  /** @type {[unknown, number][]} */
  const todo = [[value, 1]];
  while (todo.length) {
    const [v, depth] = /** @type {[unknown, number]} */ (todo.pop());
    if (v == null || typeof v != 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(v)) if (child != null && typeof child == 'object') todo.push([child, depth + 1]);
  }
  return false;
};
