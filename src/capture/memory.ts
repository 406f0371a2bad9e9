import type { Store } from '../storage.js';

/**
 * What capture modules remember between page loads, under `wm.<name>` in Waymark's one store, so
 * consent and the `storage` option hold for them too. Storage that is missing, full or holds
 * garbage reads as nothing: the module then forgets, never fails.
 */
export const recall = <T>(store: Store, key: string): T | null => store.read<T>(key);

export const keep = (store: Store, key: string, value: unknown): void => store.set(key, value == null ? null : JSON.stringify(value));
