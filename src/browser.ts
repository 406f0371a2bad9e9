/**
 * The script-tag entry. The snippet defines `window.waymark` as a function that queues its calls
 * in `waymark.q` until this file arrives; here we replay them in order, settle the promises the
 * snippet returned for them, and replace the stub with one that calls the instance directly and
 * returns what it returns. `waymark('ready', fn)` hands the instance to `fn` once it is live.
 * Configuration: the script tag's `data-*` attributes (`data-endpoint`, `data-debug`,
 * `data-batch-size`, `data-track-pages="false"`, `data-domains` ...: any numeric or boolean
 * option), overridden by a `waymark('init', config)` call.
 */
import type { Waymark, WaymarkConfig } from './types.js';
import { createWaymark } from './waymark.js';
import { each } from './pristine.js';

import type { QueuedCall as Call, Stub } from './stub.js';

const w = window as unknown as { waymark?: Stub };
const script = document.currentScript as HTMLScriptElement | null;
// A theme that includes the script twice gets one instance, not every event twice.
if (!w.waymark?.loaded) start();

function start() {
  let config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(script?.dataset ?? {}))
    config[key] = /^(domains|stripParams)$/.test(key) ? value!.split(/[\s,]+/) : value == 'true' || value == '' || (value != 'false' && (+value! || value));

  let instance: Waymark | undefined;
  const waiting: Call[] = [];
  /** The latest consent answer given before the instance existed: its starting state. */
  let consent: unknown;

  const call = (args: Call): unknown => {
    const [method, ...rest] = Array.from(args) as [keyof Waymark | 'init' | 'ready', ...any[]];
    if (method === 'init') {
      config = { ...config, ...rest[0] };
      if (!instance && config.endpoint) {
        instance = createWaymark(config as unknown as WaymarkConfig, {
          // The overlay is a module next to this file, fetched only when it is opened.
          overlay: () => import(new URL('waymark-debug.mjs', script?.src || location.href).href).then((m) => m.default),
          consent,
        });
        // Consent calls are replayed too, in their place among the others.
        each(waiting.splice(0), settle);
      }
    } else if (!instance) {
      if (method === 'consent') consent = rest[0];
      // Settles with the call's result once the instance exists and has made it.
      return new Promise((r) => waiting.push(Object.assign(Array.from(args), { r })));
    } else if (method === 'ready') {
      // Through a plugin, for the instance's guard: what the callback throws is a warning.
      if (typeof rest[0] == 'function') instance.use((_, { env }) => env.guard(rest[0], 'ready callback failed')(instance));
      else if (config.debug) console.warn('[waymark] ready needs a function');
    } else if (Object.hasOwn(instance, method)) return (instance[method] as (...a: unknown[]) => unknown)(...rest);
    else if (config.debug) console.warn('[waymark] unknown call: ' + String(method));
  };
  /** Make a queued call and settle the promise its caller holds with what the call returned. */
  const settle = (args: Call) => {
    const result = stub(...Array.from(args));
    args.r?.(result);
  };

  const queued = Array.isArray(w.waymark?.q) ? w.waymark.q : [];
  const stub: Stub = (...args) => {
    try {
      return call(args);
    } catch {
      // A bad call must never reach the store's page.
    }
  };
  stub.loaded = true;
  w.waymark = stub;
  // `init` first, wherever it stands in the queue, so everything else is tracked in order.
  // Modules queued with `use` start with the instance, so they see the landing page view.
  const plugins: unknown[] = [];
  for (const args of queued)
    try {
      if (args[0] === 'init') config = { ...config, ...(args[1] as object) };
      else if (args[0] === 'consent') consent = args[1];
      else if (args[0] === 'use') plugins.push(args[1]);
    } catch {
      // Not a call: skipped below as well.
    }
  if (plugins.length) config.plugins = [...(Array.isArray(config.plugins) ? config.plugins : []), ...plugins];
  call(['init']);
  for (const args of queued)
    try {
      if (args[0] === 'init' || args[0] === 'use') args.r?.(undefined);
      else settle(args);
    } catch {
      // Not a call.
    }
}
