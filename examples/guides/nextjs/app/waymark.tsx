'use client';

import { useEffect } from 'react';
import { createWaymark, type Product } from 'waymark';

// Runs in the browser when the layout renders <Waymark />; during server rendering createWaymark
// returns an instance whose calls do nothing, so importing this module is safe everywhere.
export const waymark = createWaymark({
  endpoint: '/collect',
  pageTypes: { home: '/', category: '/collections/*', product: '/products/*', cart: '/cart', checkout: '/checkout' },
});

/** Rendered once in the root layout: loads Waymark on every page. Route changes are page views. */
export function Waymark(): null {
  return null;
}

/** Rendered by a product page (a server component) with the product it shows. */
export function ProductViewed({ product }: { product: Product }): null {
  useEffect(() => {
    waymark.track('product_viewed', product);
  }, [product.id]);
  return null;
}
