// @ts-check
/** Batches are checked against the published wire format, `schema/wire.json`. */
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';

const schema = JSON.parse(readFileSync(new URL('../../schema/wire.json', import.meta.url), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
/** The batch around the events: its own fields, and a non-empty list of anything. */
const checkBatch = ajv.compile({ ...schema, properties: { ...schema.properties, events: { type: 'array', minItems: 1 } } });
/** One event, on its own. */
const checkEvent = ajv.compile({ $id: schema.$id + '#event', definitions: schema.definitions, $ref: '#/definitions/event' });

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
 * The errors of an ajv check of `body` as readable lines (at most `max`); `prefix` is where
 * `body` sits in the batch.
 * @param {import('ajv').ValidateFunction} check
 * @param {unknown} body
 * @param {number} max
 * @param {string} [prefix]
 * @returns {string[]}
 */
const linesOf = (check, body, max, prefix = '') => {
  if (check(body)) return [];
  const lines = [];
  for (const e of check.errors ?? []) {
    const path = where(prefix + e.instancePath);
    let line;
    if (e.keyword == 'required') line = `${path == 'batch' ? '' : path + '.'}${e.params.missingProperty} is missing`;
    else if (e.keyword == 'enum') line = `${path} must be one of ${e.params.allowedValues.join(', ')}, got ${show(at(body, e.instancePath))}`;
    else if (e.keyword == 'const') line = `${path} must be ${show(e.params.allowedValue)}, got ${show(at(body, e.instancePath))}`;
    else line = `${path} ${e.message}, got ${show(at(body, e.instancePath))}`;
    if (!lines.includes(line)) lines.push(line);
  }
  return lines.length > max ? [...lines.slice(0, max), `… and ${lines.length - max} more`] : lines;
};

/**
 * Problems of a parsed body as readable lines (at most `max`), or an empty list when it is a
 * batch. Its events are judged one by one by `verdictsOf`.
 * @param {unknown} body
 * @param {number} [max]
 * @returns {string[]}
 */
export const problemsOf = (body, max = 10) => linesOf(checkBatch, body, max);

/**
 * The events of a batch judged one by one: the valid ones, and the others with their id and
 * what is wrong, so one bad event never costs the rest of its batch.
 * @param {{ events: unknown[] }} batch
 * @returns {{ valid: any[], rejected: { id: string, error: string }[] }}
 */
export const verdictsOf = (batch) => {
  /** @type {any[]} */
  const valid = [];
  /** @type {{ id: string, error: string }[]} */
  const rejected = [];
  batch.events.forEach((event, i) => {
    const lines = linesOf(checkEvent, event, 5, `/events/${i}`);
    if (!lines.length) valid.push(event);
    else rejected.push({ id: String(/** @type {any} */ (event)?.id ?? ''), error: lines.join('; ') });
  });
  return { valid, rejected };
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
