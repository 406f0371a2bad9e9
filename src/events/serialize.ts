import type { Warn } from '../log.js';
import { show } from './validate.js';

/** A copy of `obj` whose own properties were read one by one: a getter that throws is left out. */
const readSafely = (obj: object): Record<string, unknown> => {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(obj)) {
    try {
      copy[key] = (obj as Record<string, unknown>)[key];
    } catch {
      // Left out: the getter threw.
    }
  }
  return copy;
};

/**
 * JSON of an event, whatever the store put in it. The fast path is plain `JSON.stringify`; when
 * that throws (a cycle, a BigInt, a getter that throws) the event is written again with cycles cut,
 * BigInts as strings and failing values left out, so the event still goes.
 */
export const serialize = (value: unknown, warn: Warn): string => {
  try {
    return JSON.stringify(value);
  } catch (e) {
    warn(`an event held a value JSON cannot carry (${show(e)}): it was left out`);
    const seen = new WeakSet<object>();
    return JSON.stringify(readSafely(value as object), (_key, v: unknown) => {
      if (typeof v == 'bigint') return String(v);
      if (!v || typeof v != 'object') return v;
      if (seen.has(v)) return undefined;
      seen.add(v);
      return Array.isArray(v) ? v : readSafely(v);
    });
  }
};
