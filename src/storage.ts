import type { Warn } from './log';
import { warnOnce } from './log';

/**
 * Key-value storage that never throws. localStorage when the browser lets us use it; whatever it
 * refuses (disabled, missing, full) lives on in memory for the life of the page, so tracking
 * carries on and a later write can still reach disk.
 */
export interface Store {
  get(key: string): string | null;
  set(key: string, value: string): void;
  del(key: string): void;
  keys(): string[];
  /** Parsed JSON, or null; a corrupted value is removed. */
  read<T>(key: string): T | null;
}

const local = (): Storage | null => {
  try {
    const s = window.localStorage;
    s.getItem('wm');
    return s;
  } catch {
    return null;
  }
};

export const createStore = (warn: Warn, disk: Storage | null = local()): Store => {
  const memory = new Map<string, string>();
  const store: Store = {
    get(key) {
      if (memory.has(key)) return memory.get(key)!;
      try {
        return disk ? disk.getItem(key) : null;
      } catch {
        return null;
      }
    },
    set(key, value) {
      try {
        if (!disk) throw 0;
        disk.setItem(key, value);
        memory.delete(key);
      } catch {
        memory.set(key, value);
        warnOnce(warn, 'storage is unavailable or full: keeping data in memory for this page');
      }
    },
    del(key) {
      memory.delete(key);
      try {
        disk?.removeItem(key);
      } catch {
        // Nothing to recover: the key is gone from memory and the disk refuses us.
      }
    },
    keys() {
      const keys = new Set(memory.keys());
      try {
        for (let i = 0; disk && i < disk.length; i++) keys.add(disk.key(i)!);
      } catch {
        // An unreadable disk lists no keys.
      }
      return [...keys];
    },
    read<T>(key: string) {
      const raw = store.get(key);
      if (raw == null) return null;
      try {
        return JSON.parse(raw) as T;
      } catch {
        store.del(key);
        warn(`stored value "${key}" was corrupted and has been reset`);
        return null;
      }
    },
  };
  return store;
};
