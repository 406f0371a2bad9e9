import type { Warn } from '../log.js';
import { isArray, keys, stringify } from '../pristine.js';

/** Characters JSON must escape: quotes, backslashes, controls and unpaired surrogates. */
const UNSAFE = /["\\\u0000-\u001f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The quick test first: most strings hold none of these (nor any surrogate). */
const ANY = /["\\\u0000-\u001f\ud800-\udfff]/;

/** `s` as a JSON string; what must be escaped is written as `\uXXXX`, which every JSON reader takes. */
export const quote = (s: string): string =>
  '"' + (ANY.test(s) ? s.replace(UNSAFE, (c) => '\\u' + (c.charCodeAt(0) + 65536).toString(16).slice(1)) : s) + '"';

/**
 * JSON of an event, whatever the store or the page put in it, without `JSON.stringify` (a page
 * may have replaced it, and Prototype.js's `Array.prototype.toJSON` changes what it writes).
 * Numbers that are not finite are `null`, BigInts strings; functions, symbols and `undefined` are
 * left out, as are cycles, objects nested more than 9 deep (the event's fields' own 8 levels), and
 * any field whose getter, proxy trap or `toJSON` throws: that field costs nothing else. An
 * object's own `toJSON` (a `Date`'s) is used; an array's never.
 */
export const serialize = (value: unknown, warn?: Warn): string => {
  // The browser's own writer is several times faster, and writes the same JSON while no built-in
  // prototype has a `toJSON` (Prototype.js's) and nothing in `value` throws or cycles: it is tried
  // first, and anything it throws on takes the careful path below.
  try {
    if (stringify && !({} as any).toJSON && !([] as any).toJSON && !('' as any).toJSON && !(0 as any).toJSON && !(true as any).toJSON && depth(value, 0)) {
      const json = stringify(value);
      if (typeof json == 'string') return json;
    }
  } catch {
    // A throwing getter, a cycle, a BigInt: written below, with what can be kept.
  }
  let lost = false;
  /** The objects being written, outermost first: a cycle is one of them met again. */
  const path: object[] = [];
  const write = (v: unknown, json: boolean): string | undefined => {
    if (typeof v == 'string') return quote(v);
    if (typeof v == 'number') return v - v == 0 ? '' + v : 'null';
    if (typeof v == 'boolean') return v ? 'true' : 'false';
    if (typeof v == 'bigint') return '"' + v + '"';
    if (v === null) return 'null';
    if (typeof v != 'object') return undefined;
    for (let i = 0; i < path.length; i++) if (path[i] === v) return (lost = true), undefined;
    if (path.length > 9) return (lost = true), undefined;
    if (json && !isArray(v) && typeof (v as { toJSON?: unknown }).toJSON == 'function') return write((v as { toJSON(): unknown }).toJSON(), false);
    path.push(v);
    let out = '';
    try {
      if (isArray(v)) {
        for (let i = 0, n = v.length; i < n; i++) out += (i ? ',' : '') + (field(v, i) ?? 'null');
        return '[' + out + ']';
      }
      const names = keys(v);
      for (let i = 0; i < names.length; i++) {
        const s = field(v, names[i]!);
        if (s !== undefined) out += (out ? ',' : '') + quote(names[i]!) + ':' + s;
      }
      return '{' + out + '}';
    } finally {
      path.pop();
    }
  };
  const field = (o: any, k: string | number): string | undefined => {
    try {
      return write(o[k], true);
    } catch {
      lost = true;
      return undefined;
    }
  };
  const json = field([value], 0) ?? '{}';
  if (lost) warn?.('values JSON cannot carry were left out');
  return json;
};

/**
 * Whether `value` is nested no deeper than the careful writer keeps (10 levels), looking only at
 * plain objects and arrays (any `toJSON` on the way is left to the careful writer's rules).
 */
const depth = (value: unknown, level: number): boolean => {
  if (!value || typeof value != 'object') return true;
  if (level > 9 || typeof (value as { toJSON?: unknown }).toJSON == 'function') return false;
  for (const k in value) if (!depth((value as any)[k], level + 1)) return false;
  return true;
};
