import { pluginContext } from './helpers';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Props } from '../../src/types';
import { CHECKOUT_KEY, checkoutTiming, timeCheckout } from '../../src/capture/checkout-timing';
import type { CheckoutClock } from '../../src/capture/checkout-timing';

const IDLE = 30 * 60_000;
const at = (type: string, ts: number, props: Props = {}) => ({ type, ts, props });

describe('timeCheckout', () => {
  it('measures from checkout_started to order_completed', () => {
    let clock: CheckoutClock | null = timeCheckout(null, at('checkout_started', 1000), IDLE).clock;
    clock = timeCheckout(clock, at('checkout_step_completed', 60_000, { step: 'shipping' }), IDLE).clock;
    const done = timeCheckout(clock, at('order_completed', 181_000), IDLE);
    expect(done).toEqual({ clock: null, add: { checkout_duration_ms: 180_000, checkout_within_4min: true } });
  });

  it('a reload of the first checkout page (checkout_started again) does not restart the clock', () => {
    let clock = timeCheckout(null, at('checkout_started', 0), IDLE).clock;
    clock = timeCheckout(clock, at('checkout_started', 100_000), IDLE).clock;
    expect(timeCheckout(clock, at('order_completed', 300_000), IDLE).add).toEqual({ checkout_duration_ms: 300_000, checkout_within_4min: false });
  });

  it('a stale checkout or another checkout_id starts again; an order without a checkout gets nothing', () => {
    const old = timeCheckout(null, at('checkout_started', 0, { checkout_id: 'c1' }), IDLE).clock;
    expect(timeCheckout(old, at('checkout_started', IDLE + 1), IDLE).clock?.start).toBe(IDLE + 1);
    expect(timeCheckout(old, at('checkout_started', 10, { checkout_id: 'c2' }), IDLE).clock).toEqual({ start: 10, last: 10, checkout_id: 'c2' });
    expect(timeCheckout(null, at('order_completed', 5), IDLE)).toEqual({ clock: null });
  });
});

describe('checkoutTiming plugin', () => {
  beforeEach(() => localStorage.clear());

  it('adds the duration to the order event, across page loads (the clock lives in localStorage)', () => {
    const listen = () => {
      let fn: (e: any) => void = () => {};
      checkoutTiming()({} as any, pluginContext((_point, f) => void (fn = f)));
      return (e: any) => (fn(e), e);
    };
    const page1 = listen();
    page1({ type: 'checkout_started', ts: 1_000, props: {} });
    expect(JSON.parse(localStorage.getItem(CHECKOUT_KEY)!)).toMatchObject({ start: 1_000 });
    const page2 = listen();
    const order = page2({ type: 'order_completed', ts: 91_000, props: { order_id: 'o', value: 1, currency: 'EUR' } });
    expect(order.props).toMatchObject({ checkout_duration_ms: 90_000, checkout_within_4min: true });
    expect(localStorage.getItem(CHECKOUT_KEY)).toBeNull();
  });
});
