import type { Check } from './storage.js';

/**
 * Checks for what Waymark reads back from storage. Anything stored may have been written by an
 * older version, by another script of the page, or by hand: each value is checked field by field
 * before it is used, so that nothing the collector's schema would refuse is built from it.
 */

/** A check of one field; it may be handed anything JSON can hold, or nothing. */
export type Test = (v: any) => boolean;

/** The test of each field of an object. */
export type Shape = Record<string, Test>;

export const isObject = (v: unknown): v is Record<string, any> => !!v && typeof v == 'object' && !Array.isArray(v);
export const isText = (v: unknown): v is string => typeof v == 'string';
export const isId = (v: unknown): v is string => isText(v) && !!v;
/** A whole number ≥ 0. */
export const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
export const isFlag = (v: unknown): v is boolean => typeof v == 'boolean';
export const oneOf =
  (values: readonly unknown[]): Test =>
  (v) =>
    values.includes(v);
/** Absent, or passing `test`. */
export const maybe =
  (test: Test): Test =>
  (v) =>
    v === undefined || test(v);

/** Whether `v` is an object whose fields pass the tests of `shape`. */
export const fits = (v: unknown, shape: Shape): boolean => isObject(v) && Object.keys(shape).every((k) => shape[k]!(v[k]));

/** A stored value that fits `shape`, or nothing: it is forgotten. */
export const shaped =
  <T>(shape: Shape): Check<T> =>
  (v, bad) =>
    fits(v, shape) ? (v as T) : (bad(), null);

/**
 * A stored value repaired in place rather than forgotten: each field that fails its test takes the
 * value of `fresh`, or is removed where `fresh` has none. Not an object at all: nothing.
 */
export const repair = <T>(v: unknown, shape: Shape, fresh: T, bad: (what?: string) => void): T | null => {
  if (!isObject(v)) return bad(), null;
  for (const k in shape)
    if (!shape[k]!(v[k])) {
      bad(k);
      v[k] = (fresh as any)[k];
      if (v[k] === undefined) delete v[k];
    }
  return v as T;
};
