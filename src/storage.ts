import type { Browser } from './env.js';
import type { Warn } from './log.js';
import { serialize } from './events/serialize.js';
import { parse } from './pristine.js';

/**
 * The one store of everything Waymark keeps: the core's ids and queue, what capture modules
 * remember, the overlay's place on the screen. It never throws, and it is consent-aware: writes
 * always land in memory, and reach the browser's storage only while `persist` is true (consent
 * granted and the `storage` option is not `'none'`). So while consent is pending or denied nothing
 * at all is written, yet the page works as before; a grant writes what was kept in memory.
 */
export interface Store {
  /** Writes reach storage only while this is true; setting it true writes what memory holds. */
  persist: boolean;
  /** The value of `key` (memory first, then storage), or null. */
  get(key: string): string | null;
  /** Set `key`, or remove it with null. */
  set(key: string, value: string | null): void;
  /**
   * Parsed JSON, or null; a corrupted value is removed. With `check`, the value is checked too:
   * what `check` repairs (or forgets, returning null) is written back. Each key warns once.
   */
  read<T>(key: string, check?: Check<T>): T | null;
  /** Keys in storage; none while not persisting, so that nothing is adopted or reclaimed. */
  keys(): string[];
  /** Written whatever `persist` says: the shopper's own opt-out, which must outlive the page. */
  remember(key: string, value: string | null): void;
  /** Forget every `wm.*` key but `keep`, in memory, localStorage and sessionStorage. */
  clear(keep: string): void;
  /** The same store over `sessionStorage`: what belongs to this tab only (the overlay's state). */
  tab: Store;
}

/** Checks a stored value: returns it repaired (or null to forget it), telling `bad` what was wrong. */
export type Check<T> = (v: unknown, bad: (what?: string) => void) => T | null;

/**
 * `key`'s JSON value as `check` accepts it (null when missing). What is corrupted or does not fit
 * is written back repaired (or removed), and `warn` says which and how.
 */
const readChecked = <T>(store: Store, key: string, check: Check<T> | undefined, warn: (what: string) => void): T | null => {
  const raw = store.get(key);
  let v: unknown = null;
  let wrong = '';
  try {
    v = raw == null ? null : parse(raw);
  } catch {
    wrong = 'corrupted';
  }
  if (check && v != null) v = check(v, (what) => void (wrong ||= what ? `invalid (${what})` : 'invalid'));
  if (wrong) {
    store.set(key, v == null ? null : serialize(v));
    warn(`${wrong} and has been ${v == null ? 'reset' : 'repaired'}`);
  }
  return v as T | null;
};

export const createStore = (browser: Browser, warn: Warn, kind: 'local' | 'session' | 'none'): Store => {
  let warned = false;
  let granted = false;
  /** Keys warned about: a key written wrong again (by another tab) warns once. */
  const warnedKeys = new Set<string>();
  /** Each area's write of what it holds in memory. */
  const flushes: (() => void)[] = [];
  const area = (name: 'local' | 'session' | null): Store => {
    const memory = new Map<string, string | null>();
    const disk = (): Storage => (name ? browser.storage(name) : null!);
    const write = (key: string, value: string | null) => {
      try {
        value == null ? disk().removeItem(key) : disk().setItem(key, value);
      } catch {
        if (!warned && name && value != null) warn('storage unavailable or full: events are kept in memory only');
        warned = true;
      }
    };
    const store: Store = {
      get persist() {
        return granted && !!name;
      },
      set persist(on) {
        granted = on;
        for (const flush of flushes) flush();
      },
      get(key) {
        if (memory.has(key)) return memory.get(key)!;
        try {
          return disk().getItem(key);
        } catch {
          return null;
        }
      },
      set(key, value) {
        if (store.persist) write(key, value);
        else memory.set(key, value);
      },
      read: <T>(key: string, check?: Check<T>) => readChecked<T>(store, key, check, (what) => warnedKeys.has(key) || (warnedKeys.add(key), warn(`stored ${key} was ${what}`))),
      keys() {
        try {
          return store.persist ? Object.keys(disk()) : [];
        } catch {
          return [];
        }
      },
      remember: (key, value) => (memory.delete(key), write(key, value)),
      clear(keep) {
        for (const k of [...memory.keys()]) if (k != keep) memory.delete(k);
        for (const kind of ['local', 'session'] as const)
          try {
            const s = browser.storage(kind);
            for (const k of Object.keys(s)) if (k.startsWith('wm.') && k != keep) s.removeItem(k);
          } catch {
            // That storage is not there: nothing of ours in it.
          }
      },
      tab: null!,
    };
    flushes.push(() => store.persist && (memory.forEach((v, k) => write(k, v)), memory.clear()));
    return store;
  };
  const store = area(kind == 'none' ? null : kind);
  store.tab = kind == 'local' ? area('session') : store;
  store.tab.tab = store.tab;
  return store;
};
