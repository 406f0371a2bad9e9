/**
 * Segment's wire format: each batch becomes the body of Segment's HTTP Tracking API batch call
 * (`POST /v1/batch`, `{ batch, sentAt, writeKey }`), with event and property names from Segment's
 * e-commerce spec, so Segment's destinations and its e-commerce reports understand the events.
 *
 * @example
 * import { segment } from 'waymark/formats/segment';
 * createWaymark({ endpoint: 'https://api.segment.io', format: segment({ writeKey: 'YOUR_WRITE_KEY' }) });
 */
import type { Props, WaymarkEvent, WireFormat } from '../types.js';
import { cents } from './money.js';
import { titleCase } from './title-case.js';
import { VERSION } from './version.js';

export interface SegmentOptions {
  /**
   * The source's write key, sent in the body as `writeKey` (Segment's body authentication: no
   * header, so batches can still leave by `sendBeacon`). Leave it out when a proxy adds it, or
   * when you send it by basic auth in `headers` instead.
   */
  writeKey?: string;
}

/** Segment's spec name of each Waymark event type; any other type gets its Title Case name. */
export const SEGMENT_EVENTS: Record<string, string> = {
  product_list_viewed: 'Product List Viewed',
  search_submitted: 'Products Searched',
  product_viewed: 'Product Viewed',
  wishlist_added: 'Product Added to Wishlist',
  signed_up: 'Signed Up',
  product_added_to_cart: 'Product Added',
  product_removed_from_cart: 'Product Removed',
  cart_viewed: 'Cart Viewed',
  coupon_applied: 'Coupon Applied',
  checkout_started: 'Checkout Started',
  checkout_step_completed: 'Checkout Step Completed',
  order_completed: 'Order Completed',
  order_refunded: 'Order Refunded',
  review_submitted: 'Product Reviewed',
  product_shared: 'Product Shared',
};

/** Checkout steps as the step numbers of Segment's `Checkout Step Completed`. */
const STEPS: Record<string, number> = { contact: 1, shipping: 2, payment: 3, review: 4 };

/** Events whose properties are one product: its `id` is Segment's `product_id`. */
const PRODUCT = /^(product_viewed|wishlist_added|product_(added_to|removed_from)_cart)$/;

/** A product with Segment's names: `id` is `product_id`. */
const product = ({ id, ...rest }: Props): Props => (id === undefined ? rest : { product_id: id, ...rest });

/** Segment's property names for the properties of an event of `type`. */
const properties = (type: string, input: Props): Props => {
  const { items, ...p } = PRODUCT.test(type) ? product(input) : input;
  if (Array.isArray(items)) p.products = items.map((i) => (i && typeof i == 'object' ? product(i) : i));
  else if (items !== undefined) p.items = items;
  const rename = (from: string, to: string) => {
    if (p[from] !== undefined) p[to] = p[from];
    delete p[from];
  };
  if (type == 'signed_up') rename('method', 'type');
  if (type == 'coupon_applied') rename('coupon', 'coupon_id');
  if (type == 'product_shared') rename('network', 'share_via');
  if (type == 'checkout_step_completed') {
    p.step_name = p.step;
    p.step = STEPS[p.step as string] ?? p.step;
    if (p.step_name == 'shipping' || p.step_name == 'payment') rename('option', p.step_name + '_method');
  }
  if (type == 'order_completed' || type == 'order_refunded') {
    rename('value', 'total');
    // Waymark's order value is what the shopper paid; Segment's revenue leaves out tax and shipping.
    const revenue = cents((p.total as number) - ((p.tax as number) || 0) - ((p.shipping as number) || 0));
    if (type == 'order_completed' && revenue !== undefined) p.revenue = revenue;
  }
  return p;
};

/** One Waymark event as a Segment `track`, `page` or `identify` call. */
export const segmentMessage = (e: WaymarkEvent): Props => {
  const { page, touch: t } = e;
  const waymark = { stage: e.stage, lifecycle: e.lifecycle, session_id: e.session_id, seq: e.seq, page_type: page.type, touch: t, first_touch: e.first_touch, invalid: e.invalid, automated: e.automated };
  const stages = { journey_stage: e.stage, lifecycle_stage: e.lifecycle };
  const m: Props = {
    type: e.type == 'page_viewed' ? 'page' : e.type == 'identify' ? 'identify' : 'track',
    messageId: e.id,
    timestamp: new Date(e.ts).toISOString(),
    anonymousId: e.anonymous_id,
    userId: e.user_id,
    context: {
      page: { path: page.path, referrer: page.referrer, search: /\?[^#]*/.exec(page.url)?.[0] ?? '', title: page.title, url: page.url },
      // Only a touch that came with campaign parameters is a campaign; a referrer or a direct visit is not.
      campaign: t.campaign || t.medium ? { name: t.campaign, source: t.source, medium: t.medium, term: t.term, content: t.content } : undefined,
      library: { name: 'waymark', version: VERSION },
      waymark,
    },
  };
  if (m.type == 'identify') m.traits = { ...e.traits, lifecycle_stage: e.lifecycle };
  else if (m.type == 'page') m.properties = { ...(m.context as Props).page as Props, page_type: page.type, ...stages };
  else {
    m.event = SEGMENT_EVENTS[e.type] ?? titleCase(e.type);
    m.properties = { ...properties(e.type, e.props), ...stages };
  }
  return m;
};

/**
 * Send batches to Segment's HTTP Tracking API (or a proxy of it). An endpoint with no path
 * (`https://api.segment.io`, `https://events.eu1.segmentapis.com`) gets `/v1/batch` appended;
 * any other endpoint is used as given.
 */
export const segment = (options: SegmentOptions = {}): WireFormat => ({
  url: (endpoint) => (/^https?:\/\/[^/?#]+\/?$/.test(endpoint) ? endpoint.replace(/\/?$/, '/v1/batch') : endpoint),
  body: (events, { sent_at, json }) =>
    json({ batch: events.map(segmentMessage), sentAt: new Date(sent_at).toISOString(), writeKey: options.writeKey }),
});
