import { pluginContext } from './helpers';
import { describe, expect, it, vi } from 'vitest';
import type { Props, TrackOptions, Waymark, Plugin } from '../../src/types';
import { mapDataLayer, mapItem } from '../../src/capture/ga4';
import { dataLayerBridge } from '../../src/capture/data-layer';

/** A stand-in for the instance: records what the module tracks. */
const fakeWaymark = () => {
  const tracked: [string, Props | undefined, TrackOptions | undefined][] = [];
  const waymark: any = { use: (plugin: Plugin) => plugin(waymark, pluginContext()), track: (type: string, props?: Props, options?: TrackOptions) => void tracked.push([type, props, options]), on: () => () => {} };
  return { waymark: waymark as unknown as Waymark, tracked };
};

const mug = { item_id: 'SKU_1', item_name: 'Mug', item_brand: 'Acme', item_category: 'Kitchen', item_variant: 'blue', price: 12.5, quantity: 2, index: 3 };

describe('GA4 data layer mapping', () => {
  it('maps a GA4 item to a Waymark product, numbers parsed and the event currency carried', () => {
    expect(mapItem({ ...mug, price: '12.50' }, 'EUR')).toEqual({
      id: 'SKU_1', name: 'Mug', brand: 'Acme', category: 'Kitchen', variant: 'blue', price: 12.5, quantity: 2, position: 3, currency: 'EUR',
    });
    expect(mapItem({ item_id: 42 })).toEqual({ id: '42' });
  });

  it('view_item (GTM form) -> product_viewed of the first item', () => {
    expect(mapDataLayer({ event: 'view_item', ecommerce: { currency: 'EUR', value: 12.5, items: [mug] } })).toEqual([
      { type: 'product_viewed', props: expect.objectContaining({ id: 'SKU_1', price: 12.5, currency: 'EUR', brand: 'Acme' }) },
    ]);
  });

  it('gtag form: the pushed arguments object', () => {
    const args = (function (..._a: unknown[]) {
      return arguments;
    })('event', 'add_to_cart', { currency: 'USD', items: [mug, { item_id: 'SKU_2', price: 3 }] });
    expect(mapDataLayer(args)).toEqual([
      { type: 'product_added_to_cart', props: expect.objectContaining({ id: 'SKU_1', quantity: 2, currency: 'USD' }) },
      { type: 'product_added_to_cart', props: { id: 'SKU_2', price: 3, currency: 'USD' } },
    ]);
    expect(mapDataLayer(['event', 'view_cart', { value: 25, currency: 'EUR', items: [mug] }])[0]).toMatchObject({
      type: 'cart_viewed',
      props: { value: 25, currency: 'EUR', items: [{ id: 'SKU_1' }] },
    });
  });

  it('purchase -> order_completed with order id, money and items', () => {
    const [order] = mapDataLayer({
      event: 'purchase',
      ecommerce: { transaction_id: 'T_1', value: 30.5, tax: 4.9, shipping: 5, currency: 'EUR', coupon: 'SUMMER', items: [mug] },
    });
    expect(order).toEqual({
      type: 'order_completed',
      props: { order_id: 'T_1', value: 30.5, currency: 'EUR', tax: 4.9, shipping: 5, coupon: 'SUMMER', items: [expect.objectContaining({ id: 'SKU_1' })] },
    });
  });

  it('checkout steps, list, refund, search, sign-up, share, wishlist', () => {
    const one = (e: unknown) => mapDataLayer(e)[0];
    expect(one({ event: 'begin_checkout', ecommerce: { value: 25, currency: 'EUR', items: [] } })).toMatchObject({ type: 'checkout_started', props: { value: 25 } });
    expect(one({ event: 'add_shipping_info', ecommerce: { shipping_tier: 'Ground' } })).toEqual({ type: 'checkout_step_completed', props: { step: 'shipping', option: 'Ground' } });
    expect(one({ event: 'add_payment_info', ecommerce: { payment_type: 'Card' } })).toEqual({ type: 'checkout_step_completed', props: { step: 'payment', option: 'Card' } });
    expect(one({ event: 'view_item_list', ecommerce: { item_list_id: 'mugs', item_list_name: 'Mugs', items: [mug] } })).toMatchObject({
      type: 'product_list_viewed',
      props: { list_id: 'mugs', list_name: 'Mugs', items: [{ id: 'SKU_1' }] },
    });
    expect(one({ event: 'refund', ecommerce: { transaction_id: 'T_1', value: 12.5, currency: 'EUR' } })).toEqual({
      type: 'order_refunded',
      props: { order_id: 'T_1', value: 12.5, currency: 'EUR' },
    });
    expect(one({ event: 'search', search_term: 'mug' })).toEqual({ type: 'search_submitted', props: { query: 'mug' } });
    expect(one({ event: 'sign_up', method: 'Google' })).toEqual({ type: 'signed_up', props: { method: 'account', provider: 'Google' } });
    expect(one({ event: 'share', method: 'Twitter', content_type: 'product', item_id: 'SKU_1' })).toEqual({
      type: 'product_shared',
      props: { network: 'Twitter', product_id: 'SKU_1', content_type: 'product' },
    });
    expect(one({ event: 'add_to_wishlist', ecommerce: { items: [mug] } })).toMatchObject({ type: 'wishlist_added', props: { id: 'SKU_1' } });
    expect(one({ event: 'select_item', ecommerce: { items: [mug] } })).toMatchObject({ type: 'product_selected', stage: 'consideration' });
  });

  it('ignores what is not a mapped GA4 event', () => {
    for (const e of [null, 'x', 42, { event: 'gtm.js' }, { ecommerce: null }, ['config', 'G-1'], { event: 'toString' }]) expect(mapDataLayer(e)).toEqual([]);
  });
});

describe('dataLayerBridge', () => {
  it('tracks pushes made before and after it started, and keeps the previous push working', () => {
    const w = window as unknown as { dataLayer?: unknown[] };
    w.dataLayer = [{ event: 'view_item', ecommerce: { currency: 'EUR', items: [mug] } }];
    // Another consumer (a tag manager) wrapped push before us.
    const seenByOther: unknown[] = [];
    const original = w.dataLayer.push;
    w.dataLayer.push = function (this: unknown[], ...a: unknown[]) {
      seenByOther.push(...a);
      return original.apply(this, a);
    };
    const { waymark, tracked } = fakeWaymark();
    waymark.use(dataLayerBridge());
    const result = w.dataLayer.push({ event: 'add_to_cart', ecommerce: { currency: 'EUR', items: [mug] } });
    expect(result).toBe(2);
    expect(seenByOther).toHaveLength(1);
    expect(tracked.map((t) => t[0])).toEqual(['product_viewed', 'product_added_to_cart']);
  });

  it('a push that makes the mapping throw is still pushed, and nothing reaches the page', () => {
    const w = window as unknown as { dataLayer?: unknown[] };
    w.dataLayer = [];
    const waymark: any = { use: (plugin: Plugin) => plugin(waymark, pluginContext()), track: vi.fn(() => { throw new Error('boom'); }), on: () => () => {} } as unknown as Waymark;
    waymark.use(dataLayerBridge());
    expect(() => w.dataLayer!.push({ event: 'view_item', ecommerce: { items: [mug] } })).not.toThrow();
    expect(w.dataLayer).toHaveLength(1);
  });
});
