import { each } from './pristine.js';

/**
 * The browser as Waymark sees it: every global the core and its modules touch comes through here,
 * so unit tests hand in a fake instead of patching globals, and one instance can be switched off
 * completely (`destroy()`): its timers and listeners are all known here.
 */
export interface Browser {
  window: Window;
  document: Document;
  location: Location;
  history: History;
  navigator: Navigator;
  /** `localStorage` or `sessionStorage`; may throw, as the browser's own do when refused. */
  storage(kind: 'local' | 'session'): Storage;
  fetch(url: string, init: RequestInit): Promise<Response>;
  /** `navigator.sendBeacon`; may throw. */
  beacon(url: string, body: string): boolean;
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(id: unknown): void;
}

/** The page's own browser, read when each piece is used (a page may replace `fetch` later). */
export const pageBrowser = (): Browser => {
  const w = window;
  return {
    window: w,
    document: w.document,
    location: w.location,
    history: w.history,
    navigator: w.navigator,
    storage: (kind) => (kind == 'session' ? w.sessionStorage : w.localStorage),
    fetch: (url, init) => w.fetch(url, init),
    beacon: (url, body) => w.navigator.sendBeacon(url, body),
    now: () => Date.now(),
    setTimeout: (fn, ms) => w.setTimeout(fn, ms),
    clearTimeout: (id) => w.clearTimeout(id as number),
    setInterval: (fn, ms) => w.setInterval(fn, ms),
    clearInterval: (id) => w.clearInterval(id as number),
  };
};

/**
 * Wraps a callback so that nothing it throws reaches the store's page: it becomes a warning
 * (`name: error`, `internal error: error` without a name).
 */
export type Guard = <F extends (...a: any[]) => unknown>(fn: F, name?: string) => (...a: Parameters<F>) => void;

/**
 * One instance's hold on the browser: the browser itself, plus timers and listeners that run
 * inside the instance's error guard and all end with `stop()`. After `stop()` nothing new starts.
 */
export interface Env extends Browser {
  /** False once stopped. */
  readonly live: boolean;
  /** The instance's one error guard: for promise callbacks and calls into the store's code. */
  guard: Guard;
  /** Run `fn` once after `ms`; returns the cancel function. */
  later(fn: () => void, ms: number): () => void;
  /** Run `fn` every `ms`; returns the cancel function. */
  every(fn: () => void, ms: number): () => void;
  /** `addEventListener` (capture phase unless told otherwise), removed on `stop()`. */
  listen(target: EventTarget, type: string, fn: (e: any) => void, options?: AddEventListenerOptions): void;
  /** Run `fn` on `stop()`, before timers and listeners end (last registered, first run). */
  onStop(fn: () => void): void;
  stop(): void;
}

export const createEnv = (browser: Browser, guard: Guard): Env => {
  let live = true;
  const timers = new Map<unknown, boolean>();
  const stops: (() => void)[] = [];
  const listeners = new AbortController();
  const clear = (id: unknown) => {
    timers.get(id) ? browser.clearInterval(id) : browser.clearTimeout(id);
    timers.delete(id);
  };
  const env: Env = {
    ...browser,
    guard,
    get live() {
      return live;
    },
    later(fn, ms) {
      if (!live) return () => {};
      const id = browser.setTimeout(
        guard(() => (timers.delete(id), fn())),
        ms,
      );
      timers.set(id, false);
      return () => clear(id);
    },
    every(fn, ms) {
      if (!live) return () => {};
      const id = browser.setInterval(guard(fn), ms);
      timers.set(id, true);
      return () => clear(id);
    },
    listen(target, type, fn, options = { capture: true }) {
      if (live) target.addEventListener(type, guard(fn), { ...options, signal: listeners.signal });
    },
    onStop: (fn) => void stops.unshift(guard(fn)),
    stop() {
      if (!live) return;
      each(stops, (fn) => fn());
      live = false;
      each([...timers.keys()], clear);
      listeners.abort();
    },
  };
  return env;
};

/** RFC 4122 version 4 id, from 4 KB of random bytes at a time (`crypto.randomUUID` costs more, and needs a secure context). */
const HEX = Array.from({ length: 256 }, (_, i) => (i + 256).toString(16).slice(1));
let pool = new Uint8Array(0);
let used = 0;
export const uuid = (): string => {
  if (used + 16 > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(4096));
    used = 0;
  }
  const b = pool.subarray(used, (used += 16));
  b[6] = (b[6]! & 15) | 64;
  b[8] = (b[8]! & 63) | 128;
  let id = '';
  for (let i = 0; i < 16; i++) id += (i == 4 || i == 6 || i == 8 || i == 10 ? '-' : '') + HEX[b[i]!];
  return id;
};

/** Run `fn` once at the end of the current task: coalesces many writes into one. What it throws stays here. */
export const soon = (fn: () => void): void => void Promise.resolve().then(fn).catch(() => {});
