/**
 * Snowplow's e-commerce entities (`iglu:com.snowplowanalytics.snowplow.ecommerce/*`) built from
 * Waymark's event properties. Fields the schemas require get a documented default when the store
 * did not provide them: product `category` "unknown", `price` 0; transaction `payment_method`
 * "unknown"; `currency` the event's, else the format's `currency` option. Money is rounded to cents
 * and capped at the schemas' maximum; a string longer than its schema allows is cut.
 */
import type { Props } from '../types.js';
import { cents } from './money.js';
import { keys } from '../pristine.js';

export interface SelfDescribing {
  schema: string;
  data: Props;
}

const ECOMMERCE = 'iglu:com.snowplowanalytics.snowplow.ecommerce/';

/** The default of a required text field the store did not fill. */
export const UNKNOWN = 'unknown';

/**
 * `data` without its undefined fields. Shallow is enough: what a format is given was read back
 * from JSON, so nothing deeper is undefined.
 */
export const defined = <T extends object>(data: T): T => {
  const out = {} as T;
  for (const k of keys(data)) if ((data as any)[k] !== undefined) (out as any)[k] = (data as any)[k];
  return out;
};

/** A self-describing entity of the e-commerce vendor, with undefined fields left out. */
export const ecommerce = (name: string, data: Props, version = '1-0-0'): SelfDescribing => ({
  schema: `${ECOMMERCE}${name}/jsonschema/${version}`,
  data: defined(data),
});

/** Money as the schemas take it: cents, from 0 to 9,999,999. */
export const money = (v: unknown): number | undefined => {
  const c = cents(v);
  return c === undefined ? c : Math.min(c, 9_999_999);
};

/** A value as text of at most `max` characters, or undefined. */
export const text = (v: unknown, max: number): string | undefined => (v == null || typeof v == 'object' ? undefined : String(v).slice(0, max));

/** A whole number from 0 to 9,999,999, or undefined. */
const count = (v: unknown): number | undefined => (Number.isInteger(v) && (v as number) >= 0 ? Math.min(v as number, 9_999_999) : undefined);

/** An ISO 4217 code, or undefined. */
export const currencyOf = (v: unknown): string | undefined => (typeof v == 'string' && /^[A-Z]{3}$/.test(v) ? v : undefined);

/** The `product` entity of a Waymark product. */
export const productEntity = (p: Props, currency: string): SelfDescribing =>
  ecommerce('product', {
    id: text(p.id ?? p.product_id, 4096) ?? '',
    name: text(p.name, 4096),
    category: text(p.category, 4096) ?? UNKNOWN,
    price: money(p.price) ?? 0,
    quantity: count(p.quantity),
    variant: text(p.variant, 256),
    brand: text(p.brand, 256),
    position: count(p.position),
    currency: currencyOf(p.currency) ?? currency,
  });

/** The `cart` entity, only when the event knows the cart's value (the schema requires it). */
export const cartEntity = (p: Props, currency: string): SelfDescribing | undefined => {
  const total_value = money(p.value);
  return total_value === undefined ? undefined : ecommerce('cart', { cart_id: text(p.cart_id ?? p.checkout_id, 4096), total_value, currency });
};

/** Items of an order, each counted once unless it says otherwise. */
const quantity = (items: unknown): number =>
  Array.isArray(items) ? items.reduce((n: number, i) => n + (count(i?.quantity) ?? 1), 0) : 0;

/** The `transaction` entity of `order_completed`. */
export const transactionEntity = (p: Props, currency: string): SelfDescribing =>
  ecommerce('transaction', {
    transaction_id: text(p.order_id, 4096) ?? '',
    revenue: money(p.value) ?? 0,
    currency,
    payment_method: text(p.payment_method, 128) ?? UNKNOWN,
    total_quantity: Math.min(quantity(p.items), 9_999_999),
    tax: money(p.tax),
    shipping: money(p.shipping),
    discount_code: text(p.coupon, 99),
    discount_amount: money(p.discount),
  });

/** The `refund` entity of `order_refunded`: the refunded value, else the sum of the items, else 0. */
export const refundEntity = (p: Props, currency: string): SelfDescribing => {
  const items = Array.isArray(p.items) ? p.items : [];
  const sum = items.reduce((s: number, i) => s + (money(i?.price) ?? 0) * (count(i?.quantity) ?? 1), 0);
  return ecommerce('refund', {
    transaction_id: text(p.order_id, 4096) ?? '',
    currency,
    refund_amount: money(p.value) ?? money(sum) ?? 0,
    refund_reason: text(p.reason, 4096),
  });
};

/** Checkout steps as Snowplow step numbers: 1 is entering the checkout (`checkout_started`). */
export const CHECKOUT_STEPS: Record<string, number> = { contact: 2, shipping: 3, payment: 4, review: 5 };

/** The `checkout_step` entity of `checkout_started` (step 1) and `checkout_step_completed`. */
export const checkoutStepEntity = (p: Props): SelfDescribing => {
  const option = text(p.option, 128);
  return ecommerce('checkout_step', {
    step: CHECKOUT_STEPS[p.step as string] ?? 1,
    delivery_method: p.step == 'shipping' ? option : undefined,
    payment_method: p.step == 'payment' ? option : undefined,
    coupon_code: text(p.coupon, 128),
  });
};
