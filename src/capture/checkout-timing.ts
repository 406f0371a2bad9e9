import type { Plugin, WaymarkEvent } from '../types.js';
import type { Shape } from '../repair.js';
import { keep, recall } from './memory.js';
import { isText, maybe } from '../repair.js';

/** Options of the checkout timing module. */
export interface CheckoutTimingOptions {
  /**
   * A checkout with no checkout activity for this long is over: the next `checkout_started`
   * starts the clock again. @defaultValue 1_800_000 (30 minutes)
   */
  idleMs?: number;
}

/** The running checkout, kept in localStorage so it survives reloads and page loads. */
export interface CheckoutClock {
  /** When `checkout_started` was tracked, ms since the epoch. */
  start: number;
  /** The latest checkout event, ms since the epoch. */
  last: number;
  checkout_id?: string;
}

export const CHECKOUT_KEY = 'wm.checkout';
/** What a remembered clock must hold to be used; anything else is forgotten. */
const CLOCK: Shape = { start: Number.isFinite, last: Number.isFinite, checkout_id: maybe(isText) };

/** Two shoppers in three expect a checkout to take 4 minutes or less. */
export const EXPECTED_MS = 240_000;

/**
 * The next state of the clock after `event`, and what to add to the event. Pure, for the tests:
 * - `checkout_started` starts the clock, unless a checkout with the same `checkout_id` (or none)
 *   is still running: reloading the first checkout page does not restart it;
 * - `checkout_step_completed` keeps the checkout alive;
 * - `order_completed` stops the clock and gets `checkout_duration_ms` and `checkout_within_4min`.
 */
export const timeCheckout = (
  clock: CheckoutClock | null,
  event: Pick<WaymarkEvent, 'type' | 'ts' | 'props'>,
  idleMs: number,
): { clock: CheckoutClock | null; add?: { checkout_duration_ms: number; checkout_within_4min: boolean } } => {
  const { type, ts, props } = event;
  const id = typeof props.checkout_id == 'string' ? props.checkout_id : undefined;
  const running = clock && ts - clock.last < idleMs && ts >= clock.start ? clock : null;
  if (type == 'checkout_started') {
    if (running && (!id || !running.checkout_id || id == running.checkout_id)) return { clock: { ...running, last: ts } };
    return { clock: id ? { start: ts, last: ts, checkout_id: id } : { start: ts, last: ts } };
  }
  if (type == 'checkout_step_completed') return { clock: running && { ...running, last: ts } };
  if (type == 'order_completed') {
    if (!running) return { clock: null };
    const ms = ts - running.start;
    return { clock: null, add: { checkout_duration_ms: ms, checkout_within_4min: ms <= EXPECTED_MS } };
  }
  return { clock };
};

/**
 * Checkout duration: the time from `checkout_started` to `order_completed`, across page loads and
 * reloads, added to the order event as `props.checkout_duration_ms` and
 * `props.checkout_within_4min`.
 *
 * @example
 * import { checkoutTiming } from 'waymark/capture/checkout-timing';
 * createWaymark({ endpoint: '/collect', plugins: [checkoutTiming()] });
 */
export const checkoutTiming =
  (options: CheckoutTimingOptions = {}): Plugin =>
  (_, { env, store, hook }) => {
    const idleMs = options.idleMs && options.idleMs > 0 ? options.idleMs : 1_800_000;
    hook(
      'enrich',
      env.guard((e: WaymarkEvent) => {
        if (!/^(checkout_started|checkout_step_completed|order_completed)$/.test(e.type)) return;
        const { clock, add } = timeCheckout(recall<CheckoutClock>(store, CHECKOUT_KEY, CLOCK), e, idleMs);
        if (add) Object.assign(e.props, add);
        keep(store, CHECKOUT_KEY, clock);
      }, 'checkout timing failed'),
    );
  };
