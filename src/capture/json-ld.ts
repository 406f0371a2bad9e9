import type { Plugin, WaymarkEvent } from '../types.js';
import { readProduct } from './json-ld-product.js';

/** Options of the JSON-LD module. */
export interface JsonLdOptions {
  /**
   * Milliseconds after `DOMContentLoaded` (or after a route change) the store has to track the
   * product view by hand before it is tracked from JSON-LD. @defaultValue 500
   */
  delay?: number;
}

const SELECTOR = 'script[type="application/ld+json"]';

/**
 * `product_viewed` from the schema.org `Product` JSON-LD of product pages, for stores that do not
 * track product views by hand. A product view the store tracks itself on the same page (same id)
 * wins: the automatic one is then left out.
 *
 * @example
 * import { jsonLd } from 'waymark/capture/json-ld';
 * createWaymark({ endpoint: '/collect', plugins: [jsonLd()] });
 */
export const jsonLd =
  (options: JsonLdOptions = {}): Plugin =>
  (waymark, { env, warn }) => {
    const { document } = env;
    const delay = options.delay != null && options.delay >= 0 ? options.delay : 500;
    /** When each product was last viewed, by id. */
    const viewed = new Map<string, number>();
    /** When the current page began (a route change of a single-page shop begins a new one). */
    let since = env.now();
    let url = env.location.href;
    /** The JSON-LD the previous scan read: a single-page shop may leave the old one in place. */
    let scanned: string | undefined;
    let cancel = () => {};
    let pending = false;

    const scan = env.guard(() => {
      cancel();
      if (!pending) return;
      pending = false;
      const texts = Array.from(document.querySelectorAll(SELECTOR), (s) => s.textContent ?? '');
      const all = texts.join('\n');
      if (all == scanned) return;
      scanned = all;
      const { product, problems } = readProduct(texts);
      for (const p of problems) warn(p);
      // Apps often track the product view just before Waymark sees the route change: a second of grace.
      if (product && !((viewed.get(product.id) ?? -Infinity) >= since - 1000)) waymark.track('product_viewed', product);
    }, 'JSON-LD failed');
    const later = () => {
      pending = true;
      cancel();
      cancel = env.later(scan, delay);
    };
    // A page that hides before the moment is up still gets its product view.
    env.listen(env.window, 'pagehide', scan);
    // On `window`, capture phase: before Waymark's listener on `document` sends the queue.
    env.listen(env.window, 'visibilitychange', () => document.visibilityState == 'hidden' && scan());

    waymark.on(
      'track',
      env.guard((e: WaymarkEvent) => {
        if (e.type == 'product_viewed' && e.props.id != null) viewed.set(String(e.props.id), e.ts);
        // A route change of a single-page shop: a new page with, maybe, a new product.
        else if (e.type == 'page_viewed' && e.page.url != url) {
          url = e.page.url;
          since = e.ts;
          later();
        }
      }, 'JSON-LD failed'),
    );
    if (document.readyState == 'loading') env.listen(document, 'DOMContentLoaded', later, { once: true });
    else later();
  };
