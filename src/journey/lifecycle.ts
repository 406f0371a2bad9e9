import type { LifecycleStage, Props } from '../types.js';
import type { Shape } from '../repair.js';
import { isCount, isFlag, maybe, oneOf } from '../repair.js';

/** What the browser remembers of the customer between visits. */
export interface CustomerMemory {
  /** Orders completed. */
  orders: number;
  /** Joined the loyalty programme. */
  loyal?: boolean;
  /** Reviewed, referred or shared. */
  advocate?: boolean;
  /** Set by the store through `identify` traits; wins over what the browser saw. */
  lifecycle?: LifecycleStage;
}

export const LIFECYCLES: readonly LifecycleStage[] = ['acquisition', 'conversion', 'loyalty', 'advocacy'];

/** What each remembered field must hold; a wrong `lifecycle` goes, and is worked out again. */
export const MEMORY: Shape = { orders: isCount, loyal: maybe(isFlag), advocate: maybe(isFlag), lifecycle: maybe(oneOf(LIFECYCLES)) };

/** Events that move the customer along: what each one records. */
const advocate = (m: CustomerMemory) => void (m.advocate = true);
const MOVES: Record<string, (m: CustomerMemory) => void> = {
  order_completed: (m) => void m.orders++,
  loyalty_joined: (m) => void (m.loyal = true),
  review_submitted: advocate,
  referral_sent: advocate,
  product_shared: advocate,
};

/**
 * Record what an event says about the customer. A move clears the store's word from `identify`:
 * what the browser saw since then is newer.
 */
export const recordEvent = (m: CustomerMemory, type: string): void => {
  const move = MOVES[type];
  if (move) {
    move(m);
    delete m.lifecycle;
  }
};

/** Take the store's word from `identify` traits: `lifecycle`, and `order_count` (or `orders_count`). */
export const recordTraits = (m: CustomerMemory, traits: Props): void => {
  const count = traits.order_count ?? traits.orders_count;
  if (typeof count == 'number' && count >= 0) m.orders = Math.floor(count);
  if (LIFECYCLES.includes(traits.lifecycle as LifecycleStage)) m.lifecycle = traits.lifecycle as LifecycleStage;
};

/**
 * acquisition before any order, conversion for the first order and until a second, loyalty after
 * repeat orders or joining loyalty, advocacy after a review, referral or share.
 */
export const classifyLifecycle = (m: CustomerMemory): LifecycleStage =>
  m.lifecycle ?? (m.advocate ? 'advocacy' : m.orders > 1 || m.loyal ? 'loyalty' : m.orders ? 'conversion' : 'acquisition');
