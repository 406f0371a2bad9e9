import type { Plugin, UntypedEvent } from '../types.js';
import { mapDataLayer } from './ga4.js';

/** Options of the data-layer bridge. */
export interface DataLayerOptions {
  /** Name of the data layer on `window`. @defaultValue 'dataLayer' */
  name?: string;
}

type Push = (...entries: unknown[]) => unknown;

/**
 * The data-layer bridge: GA4 e-commerce events pushed into `window.dataLayer` (by the store, by
 * gtag, before or after Waymark loaded) become Waymark events. `dataLayer.push` is wrapped: the
 * push that was there (Google Tag Manager's, another wrapper) runs first and its result is
 * returned, so the store's other tags see every push as before.
 *
 * @example
 * import { dataLayerBridge } from 'waymark/capture/data-layer';
 * createWaymark({ endpoint: '/collect', plugins: [dataLayerBridge()] });
 */
export const dataLayerBridge =
  (options: DataLayerOptions = {}): Plugin =>
  (waymark, { env }) => {
    const w = env.window as unknown as Record<string, unknown>;
    const name = options.name || 'dataLayer';
    const layer = (Array.isArray(w[name]) ? w[name] : (w[name] = [])) as { push: Push; forEach: unknown[]['forEach'] };
    const handle = env.guard((entry: unknown) => {
      for (const { type, props, stage } of mapDataLayer(entry)) waymark.track(type as UntypedEvent, props, stage && { stage });
    }, 'dataLayer failed');
    // Pushes made before Waymark loaded.
    layer.forEach(handle);
    const previous = layer.push;
    const push = function (this: unknown, ...entries: unknown[]) {
      const result = previous.apply(this, entries);
      if (env.live) entries.forEach(handle);
      return result;
    };
    layer.push = push;
    // Switched off: the layer's own push again, unless another script wrapped ours since.
    env.onStop(() => layer.push === push && (layer.push = previous));
  };
