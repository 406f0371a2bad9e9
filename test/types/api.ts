// Compiled by `npm run typecheck`: the public API accepts what the README shows and refuses the rest.
import { createWaymark } from '../../src/index';
import type { WaymarkEvent } from '../../src/index';

const waymark = createWaymark({ endpoint: '/collect', pageTypes: { product: '/products/*' } });

waymark.track('product_viewed', { id: 'sku-1', name: 'Mug', price: 12, currency: 'EUR' });
waymark.track('order_completed', { order_id: 'o1', value: 30, currency: 'EUR', items: [{ id: 'sku-1', quantity: 2 }] });
waymark.track('checkout_step_completed', { step: 'shipping', option: 'express' });
waymark.track('cart_viewed');
waymark.track('size_guide_opened', { size: 'M' }, { stage: 'consideration' });
waymark.identify('customer-42', { order_count: 3 });
waymark.on('track', (event: WaymarkEvent) => event.stage);
void waymark.flush().then((empty: boolean) => empty);

// @ts-expect-error order_id and currency are required
waymark.track('order_completed', { value: 10 });
// @ts-expect-error a product needs its id
waymark.track('product_viewed', { name: 'Mug' });
// @ts-expect-error steps are contact, shipping, payment or review
waymark.track('checkout_step_completed', { step: 'delivery' });
// @ts-expect-error no such stage
waymark.track('size_guide_opened', {}, { stage: 'shopping' });
// @ts-expect-error the endpoint is required
createWaymark({});
