import type { Warn } from './log';

/**
 * localStorage that never throws. Everything the SDK keeps lives in memory first; storage only
 * makes it outlast the page. Where the browser refuses (disabled, missing, full), we warn once
 * and carry on in memory for the life of the page.
 */
export interface Store {
  set(key: string, value: string): void;
  del(key: string): void;
  keys(): string[];
  /** Parsed JSON, or null; a corrupted value is removed. */
  read<T>(key: string): T | null;
  get(key: string): string | null;
}

export const createStore = (warn: Warn): Store => {
  let warned = false;
  const disk = (): Storage => window.localStorage;
  const get = (key: string) => {
    try {
      return disk().getItem(key);
    } catch {
      return null;
    }
  };
  return {
    get,
    set(key, value) {
      try {
        disk().setItem(key, value);
      } catch {
        if (!warned) warn('storage unavailable or full: events are kept in memory only');
        warned = true;
      }
    },
    del(key) {
      try {
        disk().removeItem(key);
      } catch {
        // Nothing stored, nothing to remove.
      }
    },
    keys() {
      try {
        return Object.keys(disk());
      } catch {
        return [];
      }
    },
    read<T>(key: string) {
      const raw = get(key);
      try {
        return raw == null ? null : (JSON.parse(raw) as T);
      } catch {
        this.del(key);
        warn(`stored ${key} was corrupted and has been reset`);
        return null;
      }
    },
  };
};
