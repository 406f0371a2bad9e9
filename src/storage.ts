import type { Warn } from './log.js';

/**
 * localStorage (or sessionStorage, or nothing: the `storage` option) that never throws. Everything
 * the SDK keeps lives in memory first; storage only makes it outlast the page. Where the browser
 * refuses (disabled, missing, full), we warn once and carry on in memory for the life of the page.
 */
export interface Store {
  /** Writes reach storage only while this is true (consent granted, storage not `none`); reads always do. */
  persist: boolean;
  /** Write; `always`: even while not persisting (the opt-out flag). */
  set(key: string, value: string, always?: boolean): void;
  del(key: string, always?: boolean): void;
  /** Keys in storage; none while not persisting, so that nothing is adopted or reclaimed. */
  keys(): string[];
  /** Parsed JSON, or null; a corrupted value is removed. */
  read<T>(key: string): T | null;
  get(key: string): string | null;
  /** Remove every `wm.*` key but `keep`, from localStorage and sessionStorage alike. */
  clear(keep: string): void;
}

export const createStore = (warn: Warn, kind?: unknown): Store => {
  let warned = false;
  let granted = false;
  // Strict comparisons: the option may be anything, even an object whose conversion throws.
  const none = kind === 'none';
  // `storage: 'none'`: a null disk, whose every use throws and is caught below.
  const disk = (): Storage => (none ? null! : kind === 'session' ? sessionStorage : localStorage);
  const get = (key: string) => {
    try {
      return disk().getItem(key);
    } catch {
      return null;
    }
  };
  const store: Store = {
    get persist() {
      return granted && !none;
    },
    set persist(on) {
      granted = on;
    },
    get,
    set(key, value, always) {
      if (none || !(granted || always)) return;
      try {
        disk().setItem(key, value);
      } catch {
        if (!warned) warn('storage unavailable or full: events are kept in memory only');
        warned = true;
      }
    },
    del(key, always) {
      try {
        if (store.persist || always) disk().removeItem(key);
      } catch {
        // Nothing stored, nothing to remove.
      }
    },
    keys() {
      try {
        return store.persist ? Object.keys(disk()) : [];
      } catch {
        return [];
      }
    },
    read<T>(key: string) {
      const raw = get(key);
      try {
        return raw == null ? null : (JSON.parse(raw) as T);
      } catch {
        store.del(key);
        warn(`stored ${key} was corrupted and has been reset`);
        return null;
      }
    },
    clear(keep) {
      for (const name of ['localStorage', 'sessionStorage'] as const)
        try {
          const s = window[name];
          for (const k of Object.keys(s)) if (k.startsWith('wm.') && k != keep) s.removeItem(k);
        } catch {
          // That storage is not there: nothing of ours in it.
        }
    },
  };
  return store;
};
