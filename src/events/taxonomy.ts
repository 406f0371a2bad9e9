import type { EventType, JourneyStage } from '../types.js';

/**
 * The taxonomy in one table: each event type, its default journey stage, then the properties it
 * cannot do without. `page_viewed` and `survey_answered` are staged by context (classifyStage);
 * their stage here is the fallback.
 */
export const TAXONOMY: Record<EventType, readonly [JourneyStage, ...string[]]> = {
  page_viewed: ['consideration'],
  product_list_viewed: ['consideration'],
  search_submitted: ['consideration', 'query', 'result_count'],
  product_viewed: ['consideration', 'id'],
  wishlist_added: ['consideration', 'id'],
  signed_up: ['awareness', 'method'],
  product_added_to_cart: ['purchase', 'id'],
  product_removed_from_cart: ['purchase', 'id'],
  cart_viewed: ['purchase'],
  coupon_applied: ['purchase', 'coupon'],
  checkout_started: ['purchase'],
  checkout_step_completed: ['purchase', 'step'],
  order_completed: ['purchase', 'order_id', 'value', 'currency'],
  order_status_viewed: ['retention', 'order_id'],
  return_requested: ['retention', 'order_id'],
  exchange_requested: ['retention', 'order_id'],
  order_refunded: ['retention', 'order_id'],
  support_contacted: ['retention', 'channel'],
  loyalty_joined: ['retention'],
  reward_redeemed: ['retention', 'reward'],
  review_submitted: ['advocacy', 'product_id', 'rating'],
  referral_sent: ['advocacy'],
  product_shared: ['advocacy', 'network'],
  survey_answered: ['retention', 'survey', 'score'],
};

export const STAGES: readonly JourneyStage[] = ['awareness', 'consideration', 'purchase', 'retention', 'advocacy'];

/** The taxonomy entry of `type`, if it is one of ours (not an inherited property name). */
export const entryOf = (type: string): readonly [JourneyStage, ...string[]] | undefined =>
  Object.hasOwn(TAXONOMY, type) ? TAXONOMY[type as EventType] : undefined;
