/**
 * Built-ins as they were when Waymark loaded. Stores run old libraries and tag managers that
 * replace `JSON` or patch `Array.prototype` later (Prototype.js 1.6 adds `Array.prototype.toJSON`,
 * which turns arrays into strings inside `JSON.stringify`): what the core must not lose to such a
 * patch it takes from here.
 */
export const isArray = Array.isArray;
export const keys = Object.keys;
export const parse = JSON.parse;
/** `f` is the browser's own function, not a page's replacement or polyfill. */
export const native = <F>(f: F): F | undefined => (typeof f == 'function' && /\[native code\]/.test(Function.prototype.toString.call(f)) ? f : undefined);
/** `JSON.stringify` if it was the browser's own when Waymark loaded. */
export const stringify = native(JSON.stringify);

/**
 * `list.map(fn)` with a plain loop: `Array.prototype.map`, `filter` and `forEach` are what pages
 * patch most (A/B tools, old polyfills), and Waymark's own arrays go through them on every event.
 */
export const each = <T, U = void>(list: readonly T[], fn: (item: T, i: number) => U): U[] => {
  const out: U[] = [];
  for (let i = 0; i < list.length; i++) out[i] = fn(list[i]!, i);
  return out;
};

/** `list.filter(test)` with a plain loop (see `each`). */
export const keep = <T>(list: readonly T[], test: (item: T) => unknown): T[] => {
  const out: T[] = [];
  for (let i = 0; i < list.length; i++) if (test(list[i]!)) out[out.length] = list[i]!;
  return out;
};
