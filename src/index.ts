import type { Waymark, WaymarkConfig } from './types.js';
import { createWaymark as create } from './waymark.js';

const noop = () => {};

/**
 * Create a Waymark instance: it tracks the landing page view at once (unless `trackPages` is
 * false) and every route change of a single-page shop after it.
 *
 * Safe anywhere: on a server (SSR), or without an `endpoint`, it returns an instance whose calls
 * do nothing (with a warning in debug mode).
 *
 * @example
 * const waymark = createWaymark({ endpoint: 'https://collect.example.com/events' });
 * waymark.track('product_viewed', { id: 'sku-1', name: 'Mug', price: 12, currency: 'EUR' });
 */
export const createWaymark = (config: WaymarkConfig): Waymark => {
  try {
    if (typeof window == 'object' && typeof config?.endpoint == 'string' && config.endpoint)
      return create(config, { overlay: () => import('./debug/overlay.js').then((m) => m.default) });
  } catch {
    // A configuration that cannot be read (a getter that throws): nothing is tracked.
  }
  if (typeof window == 'object' && config?.debug) console.warn('[waymark] createWaymark needs { endpoint }: nothing is tracked');
  return { track: noop, page: noop, identify: noop, reset: noop, flush: async () => true, on: () => noop, use: noop, debug: noop, consent: noop, destroy: noop };
};

export { TAXONOMY } from './events/taxonomy.js';
export type * from './types.js';
