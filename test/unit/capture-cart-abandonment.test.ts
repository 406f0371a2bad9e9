import { pluginContext } from './helpers';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Props, TrackOptions, Waymark, WaymarkEvent, Plugin } from '../../src/types';
import { abandoned, CART_KEY, cartAbandonment, updateCart } from '../../src/capture/cart-abandonment';

const ev = (type: string, props: Props = {}, session_id = 's1') => ({ type, props, session_id });

describe('the cart as events tell it', () => {
  it('add and remove change lines, quantities and the value', () => {
    let cart = updateCart(null, ev('product_added_to_cart', { id: 'a', price: 10, quantity: 2, currency: 'EUR' }));
    cart = updateCart(cart, ev('product_added_to_cart', { id: 'b', price: 5 }));
    cart = updateCart(cart, ev('product_added_to_cart', { id: 'a', price: 10 }));
    expect(cart).toMatchObject({ value: 35, currency: 'EUR', last_step: 'cart', items: [{ id: 'a', quantity: 3 }, { id: 'b', quantity: 1 }] });
    cart = updateCart(cart, ev('product_removed_from_cart', { id: 'b' }));
    expect(cart).toMatchObject({ value: 30, items: [{ id: 'a', quantity: 3 }] });
  });

  it('a cart view with items replaces the lines; checkout steps record how far the shopper got; an order clears it', () => {
    let cart = updateCart(null, ev('product_added_to_cart', { id: 'a', price: 10 }));
    cart = updateCart(cart, ev('cart_viewed', { value: 42, currency: 'USD', items: [{ id: 'x', quantity: 2, price: 21 }] }));
    expect(cart).toMatchObject({ value: 42, currency: 'USD', last_step: 'cart_viewed', items: [{ id: 'x', quantity: 2 }] });
    cart = updateCart(cart, ev('checkout_started', {}));
    cart = updateCart(cart, ev('checkout_step_completed', { step: 'shipping' }));
    expect(cart?.last_step).toBe('shipping');
    expect(updateCart(cart, ev('order_completed', { order_id: 'o' }))).toBeNull();
  });
});

describe('the abandonment rule', () => {
  const full = updateCart(null, ev('product_added_to_cart', { id: 'a', price: 10, currency: 'EUR' }, 's1'))!;

  it('a cart with items, found by a later session, is abandoned', () => {
    expect(abandoned(full, 's1')).toBeNull();
    expect(abandoned(full, 's2')).toEqual({ items: [{ id: 'a', quantity: 1, price: 10 }], value: 10, currency: 'EUR', last_step: 'cart', cart_session_id: 's1' });
  });

  it('not when empty, ordered or already reported', () => {
    expect(abandoned(updateCart(full, ev('product_removed_from_cart', { id: 'a' })), 's2')).toBeNull();
    expect(abandoned(updateCart(full, ev('order_completed', { order_id: 'o' })), 's2')).toBeNull();
    expect(abandoned({ ...full, reported: true }, 's2')).toBeNull();
  });
});

/** A stand-in for the instance whose session the test sets. */
const fakeWaymark = () => {
  const listeners = new Set<(e: WaymarkEvent) => void>();
  const events: WaymarkEvent[] = [];
  const state = { session: 's1' };
  let n = 0;
  const waymark: any = {
    use: (plugin: Plugin) => plugin(waymark, pluginContext()),
    track(type: string, props: Props = {}, options?: TrackOptions) {
      const e = { id: 'e' + ++n, type, ts: Date.now(), stage: options?.stage ?? 'consideration', session_id: state.session, page: {}, props: { ...props } };
      listeners.forEach((l) => l(e as unknown as WaymarkEvent));
      events.push(e as unknown as WaymarkEvent);
    },
    on: (_t: string, fn: (e: WaymarkEvent) => void) => (listeners.add(fn), () => listeners.delete(fn)),
  };
  return { waymark: waymark as unknown as Waymark, events, state };
};

describe('cartAbandonment plugin', () => {
  beforeEach(() => localStorage.clear());

  it('reports a left cart once, on the next visit, and never again', () => {
    const first = fakeWaymark();
    first.waymark.use(cartAbandonment());
    first.waymark.track('page_viewed');
    first.waymark.track('product_added_to_cart', { id: 'a', price: 10, currency: 'EUR' });
    first.waymark.track('checkout_started', { value: 10, currency: 'EUR' });
    expect(first.events.map((e) => e.type)).not.toContain('cart_abandoned');

    // The next page load, in a new session.
    const second = fakeWaymark();
    second.state.session = 's2';
    second.waymark.use(cartAbandonment());
    second.waymark.track('page_viewed');
    second.waymark.track('page_viewed');
    const reports = second.events.filter((e) => e.type == 'cart_abandoned');
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ stage: 'purchase', props: { value: 10, currency: 'EUR', last_step: 'checkout_started', cart_session_id: 's1' } });

    // A third visit: the same cart is not reported twice.
    const third = fakeWaymark();
    third.state.session = 's3';
    third.waymark.use(cartAbandonment());
    third.waymark.track('page_viewed');
    expect(third.events.filter((e) => e.type == 'cart_abandoned')).toHaveLength(0);
  });

  it('an order in between means no abandonment; corrupted storage is ignored', () => {
    const first = fakeWaymark();
    first.waymark.use(cartAbandonment());
    first.waymark.track('product_added_to_cart', { id: 'a', price: 10 });
    first.waymark.track('order_completed', { order_id: 'o1', value: 10, currency: 'EUR' });
    const second = fakeWaymark();
    second.state.session = 's2';
    second.waymark.use(cartAbandonment());
    second.waymark.track('page_viewed');
    expect(second.events.map((e) => e.type)).toEqual(['page_viewed']);

    localStorage.setItem(CART_KEY, '{oops');
    const third = fakeWaymark();
    third.state.session = 's3';
    third.waymark.use(cartAbandonment());
    expect(() => third.waymark.track('page_viewed')).not.toThrow();
    expect(third.events.map((e) => e.type)).toEqual(['page_viewed']);
  });
});
