/**
 * Snowplow's wire format: each batch becomes the body a Snowplow collector takes at
 * `POST /com.snowplowanalytics.snowplow/tp2` (tracker protocol 2, a self-describing
 * `payload_data`). Page views are `e=pv`; commerce events are Snowplow e-commerce actions with
 * their product, cart, transaction, refund and checkout-step entities; every other event is a
 * self-describing `com.waymark/event`. Every event carries a `com.waymark/journey` entity with its
 * journey stage, lifecycle stage, touchpoints and the automation flag. The Waymark schemas are in
 * `schema/iglu/`.
 *
 * @example
 * import { snowplow } from 'waymark/formats/snowplow';
 * createWaymark({ endpoint: 'https://collector.example.com', format: snowplow({ appId: 'shop' }) });
 */
import type { Props, WaymarkEvent, WireFormat } from '../types.js';
import type { SelfDescribing } from './snowplow-entities.js';
import { cartEntity, checkoutStepEntity, currencyOf, defined, ecommerce, productEntity, refundEntity, text, transactionEntity } from './snowplow-entities.js';
import { VERSION } from './version.js';

export interface SnowplowOptions {
  /** The application id (`aid`) your pipeline knows the store by. */
  appId?: string;
  /** The tracker namespace (`tna`). @defaultValue 'waymark' */
  namespace?: string;
  /**
   * Encode entities and self-describing events as base64url (`cx`, `ue_px`) instead of JSON
   * strings (`co`, `ue_pr`). @defaultValue false
   */
  base64?: boolean;
  /** Currency of e-commerce entities whose event names none (Snowplow requires one). @defaultValue 'USD' */
  currency?: string;
  /** The collector path appended to the endpoint. @defaultValue '/com.snowplowanalytics.snowplow/tp2' */
  postPath?: string;
}

/**
 * The request headers a Snowplow pipeline needs: its enrichment rejects a `tp2` body sent as
 * `text/plain`. Headers make batches go by `fetch` (with a CORS preflight), never `sendBeacon`.
 */
export const SNOWPLOW_HEADERS: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8' };

const IGLU = 'iglu:com.snowplowanalytics.snowplow/';
export const PAYLOAD_DATA = IGLU + 'payload_data/jsonschema/1-0-4';
export const CONTEXTS = IGLU + 'contexts/jsonschema/1-0-1';
export const UNSTRUCT_EVENT = IGLU + 'unstruct_event/jsonschema/1-0-0';
export const JOURNEY_SCHEMA = 'iglu:com.waymark/journey/jsonschema/1-0-1';
export const EVENT_SCHEMA = 'iglu:com.waymark/event/jsonschema/1-0-0';

/** Waymark events that are Snowplow e-commerce actions, and the action type of each. */
export const ACTIONS: Record<string, string> = {
  product_list_viewed: 'list_view',
  product_viewed: 'product_view',
  product_added_to_cart: 'add_to_cart',
  product_removed_from_cart: 'remove_from_cart',
  checkout_started: 'checkout_step',
  checkout_step_completed: 'checkout_step',
  order_completed: 'transaction',
  order_refunded: 'refund',
};

/** Events whose properties are one product. */
const PRODUCT = /^(product_viewed|wishlist_added|product_(added_to|removed_from)_cart)$/;

/** UTF-8 text as base64url without padding, as the tracker protocol's `cx` and `ue_px` take it. */
const base64url = (s: string): string => {
  let bin = '';
  for (const b of new TextEncoder().encode(s)) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

/** The entities of one event: journey first, then page type and commerce. */
export const entities = (e: WaymarkEvent, fallbackCurrency: string): SelfDescribing[] => {
  const p = e.props;
  const currency = currencyOf(p.currency) ?? fallbackCurrency;
  const journey: Props = { event: e.type, stage: e.stage, lifecycle: e.lifecycle, seq: e.seq, page_type: e.page.type, touch: e.touch, first_touch: e.first_touch, invalid: e.invalid, automated: e.automated };
  const list: (SelfDescribing | undefined)[] = [{ schema: JOURNEY_SCHEMA, data: defined(journey) }];
  if (e.page.type) list.push(ecommerce('page', { type: e.page.type }));
  if (PRODUCT.test(e.type)) list.push(productEntity(p, currency));
  if (Array.isArray(p.items)) for (const i of p.items) if (i && typeof i == 'object') list.push(productEntity(i, currency));
  if (/^(cart_viewed|checkout_started)$/.test(e.type)) list.push(cartEntity(p, currency));
  if (/^checkout_st/.test(e.type)) list.push(checkoutStepEntity(p));
  if (e.type == 'order_completed') list.push(transactionEntity(p, currency));
  if (e.type == 'order_refunded') list.push(refundEntity(p, currency));
  return list.filter((x): x is SelfDescribing => !!x);
};

/** The self-describing event of anything but a page view. */
const unstruct = (e: WaymarkEvent): SelfDescribing => {
  const action = ACTIONS[e.type];
  const p = e.props;
  if (action)
    return ecommerce(
      'snowplow_ecommerce_action',
      { type: action, name: action == 'list_view' ? text(p.list_name ?? p.category ?? p.list_id, 128) : undefined },
      '1-0-2',
    );
  return { schema: EVENT_SCHEMA, data: defined({ type: e.type, props: p, traits: e.traits }) };
};

/** One Waymark event in the tracker protocol: every field a string; `json` writes the nested JSON. */
export const snowplowEvent = (e: WaymarkEvent, sentAt: number, o: SnowplowOptions, json: (value: unknown) => string): Record<string, string> => {
  const encode = (o.base64 ? base64url : String) as (s: string) => string;
  const pv = e.type == 'page_viewed';
  const fields: Record<string, string | undefined> = {
    e: pv ? 'pv' : 'ue',
    eid: e.id,
    tv: 'waymark-' + VERSION,
    tna: o.namespace ?? 'waymark',
    aid: o.appId,
    p: 'web',
    dtm: String(e.ts),
    stm: String(sentAt),
    duid: e.anonymous_id,
    sid: e.session_id,
    uid: e.user_id,
    url: e.page.url,
    page: e.page.title || undefined,
    refr: e.page.referrer || undefined,
  };
  fields[o.base64 ? 'cx' : 'co'] = encode(json({ schema: CONTEXTS, data: entities(e, o.currency ?? 'USD') }));
  if (!pv) fields[o.base64 ? 'ue_px' : 'ue_pr'] = encode(json({ schema: UNSTRUCT_EVENT, data: unstruct(e) }));
  return defined(fields) as Record<string, string>;
};

/** Send batches to a Snowplow collector (as JSON: Snowplow's enrichment refuses `text/plain` bodies). */
export const snowplow = (options: SnowplowOptions = {}): WireFormat => ({
  headers: SNOWPLOW_HEADERS,
  url: (endpoint) => endpoint.replace(/\/+$/, '') + (options.postPath ?? '/com.snowplowanalytics.snowplow/tp2'),
  body: (events, { sent_at, json }) => json({ schema: PAYLOAD_DATA, data: events.map((e) => snowplowEvent(e, sent_at, options, json)) }),
});
