import type { Store } from '../storage.js';
import type { Shape } from '../repair.js';
import { shaped } from '../repair.js';

/**
 * What capture modules remember between page loads, under `wm.<name>` in Waymark's one store, so
 * consent and the `storage` option hold for them too. Storage that is missing, full or holds
 * garbage reads as nothing: the module then forgets, never fails. What does not fit `shape` is
 * forgotten, with one warning.
 */
export const recall = <T>(store: Store, key: string, shape: Shape): T | null =>
  store.read(key, shaped<T>(shape));

export const keep = (store: Store, key: string, value: unknown): void => store.set(key, value == null ? null : JSON.stringify(value));
