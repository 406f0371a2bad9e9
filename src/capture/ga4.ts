import type { JourneyStage, Props } from '../types.js';

/** A Waymark event made from one GA4 event. */
export interface Mapped {
  type: string;
  props: Props;
  stage?: JourneyStage;
}

type Params = Record<string, unknown>;

const isObject = (v: unknown): v is Params => !!v && typeof v == 'object' && !Array.isArray(v);

/** A GA4 number: a number, or a numeric string ("12.50"). */
const num = (v: unknown): number | undefined => {
  const n = typeof v == 'number' ? v : typeof v == 'string' && v.trim() ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
};
const str = (v: unknown): string | undefined =>
  typeof v == 'string' && v ? v : typeof v == 'number' && Number.isFinite(v) ? String(v) : undefined;

/** GA4 item field -> Waymark product field, and whether it holds a number. */
const ITEM: [string, string, boolean?][] = [
  ['item_id', 'id'],
  ['item_name', 'name'],
  ['item_brand', 'brand'],
  ['item_category', 'category'],
  ['item_variant', 'variant'],
  ['price', 'price', true],
  ['quantity', 'quantity', true],
  ['coupon', 'coupon'],
  ['discount', 'discount', true],
  ['index', 'position', true],
  ['currency', 'currency'],
  ['item_list_id', 'list_id'],
  ['item_list_name', 'list_name'],
];

/** A GA4 item as a Waymark product. */
export const mapItem = (item: unknown, currency?: string): Props => {
  const out: Props = {};
  if (!isObject(item)) return out;
  for (const [from, to, numeric] of ITEM) {
    const v = numeric ? num(item[from]) : str(item[from]);
    if (v != null) out[to] = v;
  }
  if (currency && out.currency == null && out.price != null) out.currency = currency;
  return out;
};

/** Event-level GA4 field -> Waymark field, for the events that carry money. */
const MONEY: [string, string][] = [
  ['transaction_id', 'order_id'],
  ['value', 'value'],
  ['currency', 'currency'],
  ['tax', 'tax'],
  ['shipping', 'shipping'],
  ['coupon', 'coupon'],
];

const basket = (p: Params): Props => {
  const out: Props = {};
  for (const [from, to] of MONEY) {
    const v = from == 'currency' || from == 'coupon' || from == 'transaction_id' ? str(p[from]) : num(p[from]);
    if (v != null) out[to] = v;
  }
  const currency = str(p.currency);
  if (Array.isArray(p.items)) out.items = p.items.map((i) => mapItem(i, currency));
  return out;
};

const items = (p: Params): Props[] =>
  (Array.isArray(p.items) ? p.items : []).map((i) => mapItem(i, str(p.currency)));

const defined = (props: Props): Props => {
  for (const k in props) if (props[k] === undefined) delete props[k];
  return props;
};

/** Events made of the first item (a product view) or of each item (a cart change). */
const perItem =
  (type: string, all: boolean, stage?: JourneyStage) =>
  (p: Params): Mapped[] =>
    (all ? items(p) : items(p).slice(0, 1)).map((props) => (stage ? { type, props, stage } : { type, props }));

/**
 * GA4 recommended e-commerce (and a few other) events, as Waymark events. One table: event name ->
 * what it becomes. An add or remove with several items becomes one Waymark event per item.
 */
export const GA4: Record<string, (p: Params) => Mapped[]> = {
  view_item_list: (p) => [
    { type: 'product_list_viewed', props: defined({ list_id: str(p.item_list_id), list_name: str(p.item_list_name), items: items(p) }) },
  ],
  // A click on a product of a list: not a product view (view_item follows on the product page).
  select_item: perItem('product_selected', false, 'consideration'),
  view_item: perItem('product_viewed', false),
  add_to_wishlist: perItem('wishlist_added', true),
  add_to_cart: perItem('product_added_to_cart', true),
  remove_from_cart: perItem('product_removed_from_cart', true),
  view_cart: (p) => [{ type: 'cart_viewed', props: basket(p) }],
  begin_checkout: (p) => [{ type: 'checkout_started', props: basket(p) }],
  add_shipping_info: (p) => [{ type: 'checkout_step_completed', props: defined({ step: 'shipping', option: str(p.shipping_tier) }) }],
  add_payment_info: (p) => [{ type: 'checkout_step_completed', props: defined({ step: 'payment', option: str(p.payment_type) }) }],
  purchase: (p) => [{ type: 'order_completed', props: basket(p) }],
  refund: (p) => [{ type: 'order_refunded', props: basket(p) }],
  // GA4 has no result count; a store that pushes `result_count` (or `search_results`) gets it through.
  search: (p) => [
    { type: 'search_submitted', props: defined({ query: str(p.search_term) ?? '', result_count: num(p.result_count ?? p.search_results) }) },
  ],
  // GA4's method is the sign-up provider ("Google", "email"); Waymark's is what was signed up for.
  sign_up: (p) => [{ type: 'signed_up', props: defined({ method: 'account', provider: str(p.method) }) }],
  share: (p) => [
    { type: 'product_shared', props: defined({ network: str(p.method), product_id: str(p.item_id), content_type: str(p.content_type) }) },
  ],
};

/**
 * One `dataLayer` entry as Waymark events: the GTM form `{ event: 'view_item', ecommerce: {...} }`
 * (parameters outside `ecommerce` count too) or the gtag form `['event', 'view_item', {...}]`
 * (gtag pushes its `arguments`). Anything else maps to nothing.
 */
export const mapDataLayer = (entry: unknown): Mapped[] => {
  if (!entry || typeof entry != 'object') return [];
  let name: unknown;
  let params: Params;
  const args = entry as ArrayLike<unknown>;
  if (typeof args.length == 'number' && args[0] == 'event') {
    name = args[1];
    params = isObject(args[2]) ? args[2] : {};
  } else if (isObject(entry)) {
    name = entry.event;
    params = isObject(entry.ecommerce) ? { ...entry, ...entry.ecommerce } : entry;
  } else return [];
  const map = typeof name == 'string' && Object.prototype.hasOwnProperty.call(GA4, name) ? GA4[name] : undefined;
  return map ? map(params) : [];
};
