/**
 * The script-tag entry. The snippet defines `window.waymark` as a function that queues its calls
 * in `waymark.q` until this file arrives; here we replay them in order and replace the stub with
 * one that calls the instance directly. Configuration comes from the script tag's `data-*`
 * attributes and from any `waymark('init', config)` call, in that order of precedence (init wins).
 */
import type { Waymark, WaymarkConfig } from './types';
import { createWaymark } from './waymark';

type Call = ArrayLike<unknown>;
type Stub = ((...args: unknown[]) => void) & { q?: Call[] };

const w = window as unknown as { waymark?: Stub };
const script = document.currentScript as HTMLScriptElement | null;

/** `data-endpoint`, `data-debug`, `data-track-pages`, `data-batch-size`, `data-flush-interval`, `data-domains`. */
const fromScript = (): Partial<WaymarkConfig> => {
  const d = script?.dataset ?? {};
  const config: Partial<WaymarkConfig> = {};
  if (d.endpoint) config.endpoint = d.endpoint;
  if (d.debug != null) config.debug = d.debug != 'false';
  if (d.trackPages == 'false') config.trackPages = false;
  if (d.batchSize) config.batchSize = +d.batchSize;
  if (d.flushInterval) config.flushInterval = +d.flushInterval;
  if (d.domains) config.domains = d.domains.split(/[\s,]+/);
  return config;
};

let instance: Waymark | undefined;
let config = fromScript();
const waiting: Call[] = [];

const call = (args: Call): void => {
  const [method, ...rest] = Array.from(args);
  if (method == 'init') {
    config = { ...config, ...(rest[0] as Partial<WaymarkConfig>) };
    start();
  } else if (!instance) waiting.push(args);
  else if (typeof method == 'string' && method != 'on' && typeof (instance as any)[method] == 'function')
    (instance as any)[method](...rest);
  else if (config.debug) console.warn(`[waymark] unknown call waymark(${JSON.stringify(method)})`);
};

const start = () => {
  if (instance || !config.endpoint) return;
  instance = createWaymark(config as WaymarkConfig);
  waiting.splice(0).forEach(call);
};

const queued = w.waymark?.q ?? [];
const stub: Stub = (...args) => {
  try {
    call(args);
  } catch {
    // A bad call must never reach the store's page.
  }
};
w.waymark = stub;
// `init` calls first, wherever they stand in the queue, so everything else is tracked in order.
for (const args of queued) if (args[0] == 'init') stub(...Array.from(args));
start();
for (const args of queued) if (args[0] != 'init') stub(...Array.from(args));
