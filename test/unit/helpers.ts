import type { WaymarkConfig, WaymarkEvent, WireBatch } from '../../src/types';
import { expandBatch } from '../../examples/collector/decode.mjs';
import type { Response, Transport } from '../../src/delivery/transport';
import type { Waymark } from '../../src/types';
import { afterEach } from 'vitest';
import type { HookStage, PageContext, Plugin, PluginContext, Props, StageHook, TrackOptions } from '../../src/types';
import { createWaymark as create } from '../../src/waymark';
import type { Browser } from '../../src/env';
import { createEnv, pageBrowser } from '../../src/env';
import { createStore } from '../../src/storage';
import { serialize } from '../../src/events/serialize';

/** Instances of the current test: each is switched off after it, so no timer outlives its test. */
const running: Waymark[] = [];
afterEach(() => running.splice(0).forEach((w) => w.destroy()));

/**
 * What an instance hands its plugins, for a capture module tested on its own: the jsdom page as
 * the browser (stopped after the test) and a store with consent granted.
 */
export const pluginContext = (hook: PluginContext['hook'] = () => {}, warn: PluginContext['warn'] = () => {}): PluginContext => {
  const env = createEnv(pageBrowser(), (fn) => (...a) => {
    try {
      fn(...a);
    } catch {
      // As the instance's guard: nothing reaches the page.
    }
  });
  const store = createStore(env, () => {}, 'local');
  store.persist = true;
  running.push({ destroy: env.stop } as Waymark);
  // Capture modules never change the wire format.
  return { env, store, hook, warn, format: () => {} };
};

/**
 * A stand-in for the instance, for a capture module tested on its own: `track` builds the event
 * with the page `pageOf` says (stage `consideration` unless told), runs the module's pipeline
 * hooks in their order (enrich, classify, protect), then tells the `on('track')` listeners, as
 * Waymark does; `events` is what would be queued, `warnings` what the module warned.
 */
export const fakeWaymark = (pageOf: () => Partial<PageContext> = () => ({ url: location.href, path: location.pathname, title: '', referrer: '' })) => {
  const listeners = new Set<(e: WaymarkEvent) => void>();
  const hooks: [HookStage, StageHook][] = [];
  const order: HookStage[] = ['enrich', 'classify', 'protect'];
  const events: WaymarkEvent[] = [];
  const warnings: string[] = [];
  let n = 0;
  const waymark: any = {
    use: (plugin: Plugin) => plugin(waymark, pluginContext((point, fn) => void hooks.push([point, fn]), (m) => void warnings.push(m))),
    track(type: string, props: Props = {}, options?: TrackOptions) {
      const e = { id: 'e' + ++n, type, ts: Date.now(), stage: options?.stage ?? 'consideration', session_id: 's', page: pageOf(), props: { ...props } } as WaymarkEvent;
      for (const point of order) for (const [at, fn] of hooks) if (at == point) fn(e);
      listeners.forEach((l) => l(e));
      events.push(e);
    },
    on: (_t: string, fn: (e: WaymarkEvent) => void) => (listeners.add(fn), () => listeners.delete(fn)),
  };
  return { waymark: waymark as Waymark, events, warnings };
};

/** `createWaymark`, with the instance switched off when the test ends. */
export const createWaymark: typeof create = (config, deps) => {
  const w = create(config, deps);
  running.push(w);
  return w;
};

/** A batch as a collector reads it: `shared` fields put back into every event. */
export type Batch = Omit<WireBatch, 'shared' | 'events'> & { events: WaymarkEvent[] };

/** A request body read as the reference collector reads it (Waymark's own format). */
export const readBody = (body: string): Batch => expandBatch(JSON.parse(body));

/** What the outbox hands a wire format's `body` with the events: the send time and its JSON writer. */
export const batchOf = (sent_at: number, dropped = 0) => ({ sent_at, dropped, json: (v: unknown) => serialize(v) });

/** A transport that records what leaves, read as a collector reads it, and answers as the test says (200 by default). */
export const fakeTransport = () => {
  const posts: Batch[] = [];
  const beacons: Batch[] = [];
  let answer: (n: number) => Response = () => ({ status: 200 });
  let beaconOk = true;
  const transport: Transport = {
    post: async (_url, body) => {
      posts.push(readBody(body));
      return answer(posts.length);
    },
    beacon: (_url, body) => {
      if (beaconOk) beacons.push(readBody(body));
      return beaconOk;
    },
  };
  return {
    transport,
    posts,
    beacons,
    /** Events of every request and beacon, in the order they left. */
    events: (): WaymarkEvent[] => [...posts, ...beacons].flatMap((b) => b.events),
    answer: (fn: (n: number) => Response) => void (answer = fn),
    refuseBeacons: () => void (beaconOk = false),
  };
};

/** Dependencies for a Waymark instance created by hand in a test. */
export const deps = (transport: Transport) => ({ transport });

/** A Waymark instance on the current jsdom page with a fake transport; page views off by default. */
export const start = (config: Partial<WaymarkConfig> = {}) => {
  const net = fakeTransport();
  const waymark = createWaymark(
    { endpoint: 'https://collect.test/e', trackPages: false, ...config },
    { transport: net.transport },
  );
  return { waymark, net };
};

/** Let promises and zero-delay timers run. */
export const settle = () => new Promise((r) => setTimeout(r, 0));

/** Pretend the jsdom page was opened at `url` coming from `referrer`. */
export const openPage = (url: string, referrer = '') => {
  history.replaceState(null, '', url);
  Object.defineProperty(document, 'referrer', { value: referrer, configurable: true });
};

/** A `Storage` in memory that records every write, for tests that count what Waymark stores. */
export const recordingStorage = (writes: string[]): Storage => {
  const data = new Map<string, string>();
  const s = {
    get length() {
      return data.size;
    },
    key: (i: number) => [...data.keys()][i] ?? null,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void (writes.push(`set ${k}`), data.set(k, String(v))),
    removeItem: (k: string) => void (data.has(k) && (writes.push(`remove ${k}`), data.delete(k))),
    clear: () => void (writes.push('clear'), data.clear()),
  };
  // `Object.keys(storage)` lists the stored keys, as it does for the browser's own.
  return new Proxy(s, { ownKeys: () => [...data.keys()], getOwnPropertyDescriptor: (_t, k) => (data.has(String(k)) ? { enumerable: true, configurable: true, value: data.get(String(k)) } : undefined) }) as unknown as Storage;
};

/**
 * A browser seam over the jsdom page whose network, storage and timers the test sees: every
 * request and beacon body, every live timer, every storage write. `over` replaces any piece.
 */
export const fakeBrowser = (over: Partial<Browser> = {}) => {
  const page = pageBrowser();
  const timers = new Set<unknown>();
  const sent: string[] = [];
  const writes: string[] = [];
  const local = recordingStorage(writes);
  const session = recordingStorage(writes);
  const browser: Browser = {
    ...page,
    storage: (kind) => (kind == 'session' ? session : local),
    fetch: async (_url, init) => (sent.push(String(init.body)), new Response('')),
    beacon: (_url, body) => (sent.push(body), true),
    setTimeout: (fn, ms) => {
      const id = page.setTimeout(() => (timers.delete(id), fn()), ms);
      timers.add(id);
      return id;
    },
    clearTimeout: (id) => (timers.delete(id), page.clearTimeout(id)),
    setInterval: (fn, ms) => {
      const id = page.setInterval(fn, ms);
      timers.add(id);
      return id;
    },
    clearInterval: (id) => (timers.delete(id), page.clearInterval(id)),
    ...over,
  };
  return { browser, timers, sent, writes, local, session };
};
