/**
 * The script-tag entry. The snippet defines `window.waymark` as a function that queues its calls
 * in `waymark.q` until this file arrives; here we replay them in order and replace the stub with
 * one that calls the instance directly. Configuration: the script tag's `data-*` attributes
 * (`data-endpoint`, `data-debug`, `data-batch-size`, `data-track-pages="false"`, `data-domains`
 * ...: any numeric or boolean option), overridden by a `waymark('init', config)` call.
 */
import type { Waymark, WaymarkConfig } from './types';
import { createWaymark } from './waymark';
import { each } from './pristine';

import type { Stub } from './stub';

type Call = ArrayLike<unknown>;

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

  const call = (args: Call): void => {
    const [method, ...rest] = Array.from(args) as [keyof Waymark | 'init', ...any[]];
    if (method === 'init') {
      config = { ...config, ...rest[0] };
      if (!instance && config.endpoint) {
        instance = createWaymark(config as unknown as WaymarkConfig, {
          // The overlay is a module next to this file, fetched only when it is opened.
          overlay: () => import(new URL('waymark-debug.mjs', script?.src || location.href).href).then((m) => m.default),
          consent,
        });
        // Consent calls are replayed too, in their place among the others.
        each(waiting.splice(0), call);
      }
    } else if (!instance) {
      if (method === 'consent') consent = rest[0];
      waiting.push(args);
    } else if (Object.hasOwn(instance, method)) (instance[method] as (...a: unknown[]) => void)(...rest);
    else if (config.debug) console.warn('[waymark] unknown call: ' + String(method));
  };

  const queued = Array.isArray(w.waymark?.q) ? w.waymark.q : [];
  const stub: Stub = (...args) => {
    try {
      call(args);
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
  for (const args of queued) if (args?.[0] !== 'init' && args?.[0] !== 'use') stub(...Array.from(args ?? []));
}
