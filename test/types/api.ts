// Compiled by `npm run typecheck` (and by test/node/types.test.ts under the newest TypeScript):
// the public API accepts what the README shows and refuses the rest.
import { createWaymark } from '../../src/index.js';
import type { UntypedEvent, WaymarkEvent } from '../../src/index.js';

declare module '../../src/index.js' {
  interface CustomEvents {
    wishlist_shared: { list_id: string; channel?: string };
    size_guide_opened: { size?: string };
  }
}

const waymark = createWaymark({ endpoint: '/collect', pageTypes: { product: '/products/*' } });

waymark.track('product_viewed', { id: 'sku-1', name: 'Mug', price: 12, currency: 'EUR' });
waymark.track('order_completed', { order_id: 'o1', value: 30, currency: 'EUR', items: [{ id: 'sku-1', quantity: 2 }] });
waymark.track('checkout_step_completed', { step: 'shipping', option: 'express' });
waymark.track('cart_viewed');
waymark.track('wishlist_shared', { list_id: 'w1' }, { stage: 'advocacy' });
waymark.track('size_guide_opened');
waymark.track('size_guide_opened', { size: 'M' }, { stage: 'consideration' });
waymark.track('quiz_answered' as UntypedEvent, { answer: 3 });
waymark.track(String(Date.now()) as UntypedEvent);
waymark.identify('customer-42', { order_count: 3 });
waymark.on('track', (event: WaymarkEvent) => event.stage);
void waymark.flush().then((empty: boolean) => empty);

// @ts-expect-error order_id and currency are required
waymark.track('order_completed', { value: 10 });
// @ts-expect-error order_completed has required properties
waymark.track('order_completed');
// @ts-expect-error a product needs its id
waymark.track('product_viewed', { name: 'Mug' });
// @ts-expect-error steps are contact, shipping, payment or review
waymark.track('checkout_step_completed', { step: 'delivery' });
// @ts-expect-error a near miss of a built-in event is not a custom event
waymark.track('order_complete', { order_id: 'o1', value: 10, currency: 'EUR' });
// @ts-expect-error an undeclared custom event needs `as UntypedEvent`
waymark.track('quiz_answered', { answer: 3 });
// @ts-expect-error a declared custom event is checked like the taxonomy's
waymark.track('wishlist_shared', { list: 'w1' });
// @ts-expect-error no such stage
waymark.track('size_guide_opened', {}, { stage: 'shopping' });
// @ts-expect-error the endpoint is required
createWaymark({});
