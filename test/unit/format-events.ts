/**
 * Realistic Waymark events for the format tests: every event type of the taxonomy, `identify` and a
 * custom event, tracked through a real instance (validation, stages, touchpoints) on a jsdom page
 * that a paid-search ad opened. Each type comes twice: with the properties a full store sends, and
 * with only the required ones, so the formats' defaults are exercised too.
 */
import type { EventType, WaymarkEvent } from '../../src/types';
import { TAXONOMY } from '../../src/events/taxonomy';
import { openPage, settle, start } from './helpers';

const mug = { id: 'ridge-mug', sku: 'RM-01', name: 'Ridge Stoneware Mug', brand: 'Alder & Clay', category: 'Tableware/Mugs', variant: 'Moss', price: 24, currency: 'EUR', url: 'https://shop.example/products/ridge-mug', image_url: 'https://shop.example/img/ridge-mug.jpg' };
const bowl = { id: 'tide-bowl', name: 'Tide Bowl', price: 12.99, currency: 'EUR' };
const order = 'AC-1001';

/** Full properties of every taxonomy event (prices with cents that floating point cannot hold exactly). */
export const FULL: { [T in EventType]: [T, object] } = {
  page_viewed: ['page_viewed', {}],
  product_list_viewed: ['product_list_viewed', { list_id: 'mugs', list_name: 'Mugs', category: 'Tableware/Mugs', items: [{ ...mug, position: 1 }, { ...bowl, position: 2 }] }],
  search_submitted: ['search_submitted', { query: 'teapot', result_count: 3 }],
  product_viewed: ['product_viewed', mug],
  wishlist_added: ['wishlist_added', { id: 'pebble-vase', name: 'Pebble Vase', price: 48.9, currency: 'EUR' }],
  signed_up: ['signed_up', { method: 'newsletter' }],
  product_added_to_cart: ['product_added_to_cart', { ...mug, quantity: 2, cart_id: 'cart-7' }],
  product_removed_from_cart: ['product_removed_from_cart', { ...bowl, cart_id: 'cart-7' }],
  cart_viewed: ['cart_viewed', { cart_id: 'cart-7', value: 52.9, currency: 'EUR', items: [{ ...mug, quantity: 2 }, { ...bowl, quantity: 1 }] }],
  coupon_applied: ['coupon_applied', { coupon: 'WELCOME10', discount: 6.1, cart_id: 'cart-7' }],
  checkout_started: ['checkout_started', { checkout_id: 'co-3', value: 54.89, currency: 'EUR', items: [{ ...mug, quantity: 2 }] }],
  checkout_step_completed: ['checkout_step_completed', { step: 'shipping', option: 'express', checkout_id: 'co-3' }],
  order_completed: ['order_completed', { order_id: order, value: 60.07, currency: 'EUR', tax: 10.01, shipping: 12, discount: 6.1, coupon: 'WELCOME10', payment_method: 'paypal', items: [{ ...mug, quantity: 2 }, { ...bowl, quantity: 1 }] }],
  order_status_viewed: ['order_status_viewed', { order_id: order, status: 'shipped' }],
  return_requested: ['return_requested', { order_id: order, reason: 'chipped', items: [{ id: 'ridge-mug', quantity: 1 }] }],
  exchange_requested: ['exchange_requested', { order_id: order, reason: 'wrong glaze', items: [{ id: 'tide-bowl' }] }],
  order_refunded: ['order_refunded', { order_id: order, value: 24, currency: 'EUR', items: [{ ...mug, quantity: 1 }] }],
  support_contacted: ['support_contacted', { channel: 'chat', topic: 'delivery', order_id: order }],
  loyalty_joined: ['loyalty_joined', { program: 'Kiln Club', tier: 'clay' }],
  reward_redeemed: ['reward_redeemed', { reward: 'free-shipping', points: 500, value: 12, currency: 'EUR' }],
  review_submitted: ['review_submitted', { product_id: 'ridge-mug', rating: 4, review_id: 'rv-9' }],
  referral_sent: ['referral_sent', { channel: 'email', referral_code: 'ANN10' }],
  product_shared: ['product_shared', { network: 'pinterest', product_id: 'ridge-mug', url: mug.url }],
  survey_answered: ['survey_answered', { survey: 'nps', score: 9, comment: 'Lovely mugs' }],
};

/** Sample values of the properties the taxonomy requires. */
const REQUIRED: Record<string, unknown> = {
  query: 'spoon', result_count: 0, id: 'ridge-mug', method: 'account', coupon: 'SPRING', step: 'payment', order_id: order,
  value: 19.99, currency: 'EUR', channel: 'email', reward: 'mug', product_id: 'ridge-mug', rating: 5, network: 'x', survey: 'csat', score: 4,
};

/** Each taxonomy type with only its required properties. */
export const MINIMAL = Object.entries(TAXONOMY).map(
  ([type, [, ...required]]) => [type, Object.fromEntries(required.map((k) => [k, REQUIRED[k]]))] as [string, object],
);

/** Every kind of event, as the SDK makes it: the taxonomy twice, `identify` and a custom event. */
export const journeyEvents = async (): Promise<WaymarkEvent[]> => {
  localStorage.clear();
  openPage('https://shop.example/products/ridge-mug?utm_source=google&utm_medium=cpc&utm_campaign=autumn-kiln&gclid=abc', 'https://www.google.com/');
  document.title = 'Ridge Stoneware Mug · Alder & Clay';
  const { waymark, net } = start({ batchSize: 1000 });
  waymark.page('product');
  for (const [type, props] of [...Object.values(FULL), ...MINIMAL]) (waymark.track as any)(type, props);
  waymark.identify('u-42', { email: 'ann@example.com', order_count: 1 });
  waymark.track('gift_note_added', { length: 42, note: 'Happy birthday, Jo' });
  await waymark.flush();
  await settle();
  return net.events();
};
