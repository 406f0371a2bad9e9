/**
 * The Segment format against Segment's spec: every kind of event becomes a `track`, `page` or
 * `identify` call with the common fields Segment requires, and commerce events carry the event
 * and property names of Segment's e-commerce spec (not Waymark's).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { WaymarkEvent } from '../../src/types';
import { segment, SEGMENT_EVENTS } from '../../src/formats/segment';
import { TAXONOMY } from '../../src/events/taxonomy';
import { journeyEvents } from './format-events';
import { batchOf, deps, createWaymark } from './helpers';

/**
 * Per spec event: properties the spec names that the full journey provides, and Waymark names
 * that must not appear (the spec calls them otherwise).
 */
const SPEC: Record<string, [present: string[], absent: string[]]> = {
  'Product List Viewed': [['list_id', 'category', 'products'], ['items']],
  'Products Searched': [['query'], []],
  'Product Viewed': [['product_id', 'sku', 'category', 'name', 'brand', 'variant', 'price', 'currency', 'url', 'image_url'], ['id']],
  'Product Added to Wishlist': [['product_id', 'name', 'price', 'currency'], ['id']],
  'Signed Up': [['type'], ['method']],
  'Product Added': [['cart_id', 'product_id', 'name', 'price', 'quantity', 'currency'], ['id']],
  'Product Removed': [['cart_id', 'product_id', 'price', 'quantity'], ['id']],
  'Cart Viewed': [['cart_id', 'products'], ['items']],
  'Coupon Applied': [['cart_id', 'coupon_id', 'discount'], ['coupon']],
  'Checkout Started': [['value', 'currency', 'products'], ['items']],
  'Checkout Step Completed': [['checkout_id', 'step', 'shipping_method'], ['option']],
  'Order Completed': [['order_id', 'total', 'revenue', 'shipping', 'tax', 'discount', 'coupon', 'currency', 'products'], ['value', 'items']],
  'Order Refunded': [['order_id', 'total', 'currency', 'products'], ['value', 'items']],
  'Product Reviewed': [['product_id', 'review_id', 'rating'], []],
  'Product Shared': [['share_via', 'product_id', 'url'], ['network']],
};

const SENT_AT = Date.UTC(2026, 10, 23, 12, 0, 0, 250);
let events: WaymarkEvent[];
let body: any;
/** The full (first) message of `type`. */
const messageOf = (type: string) => body.batch[events.findIndex((e) => e.type == type)];

beforeAll(async () => {
  events = await journeyEvents();
  body = JSON.parse(segment({ writeKey: 'wk_123' }).body(events, batchOf(SENT_AT)));
});

describe('segment format: the batch call', () => {
  it('is { batch, sentAt, writeKey }, one message per event, in order', () => {
    expect(Object.keys(body).sort()).toEqual(['batch', 'sentAt', 'writeKey']);
    expect(body.sentAt).toBe('2026-11-23T12:00:00.250Z');
    expect(body.writeKey).toBe('wk_123');
    expect(body.batch.map((m: any) => m.messageId)).toEqual(events.map((e) => e.id));
    expect(JSON.parse(segment().body(events.slice(0, 1), batchOf(0)))).not.toHaveProperty('writeKey');
  });

  it('URL: an endpoint without a path gets /v1/batch; any other is used as given', () => {
    const url = segment().url!;
    expect(url('https://api.segment.io')).toBe('https://api.segment.io/v1/batch');
    expect(url('https://events.eu1.segmentapis.com/')).toBe('https://events.eu1.segmentapis.com/v1/batch');
    expect(url('https://shop.example/seg/v1/batch')).toBe('https://shop.example/seg/v1/batch');
    expect(url('/collect')).toBe('/collect');
  });

  it('every message stays under Segment’s 32 KB per call', () => {
    for (const m of body.batch) expect(JSON.stringify(m).length).toBeLessThan(32_000);
  });
});

describe('segment format: every event matches the spec’s required fields', () => {
  it('the journey covers every type of the taxonomy, identify and a custom event', () => {
    const types = new Set(events.map((e) => e.type));
    for (const type of [...Object.keys(TAXONOMY), 'identify', 'gift_note_added']) expect(types).toContain(type);
  });

  it('common fields: messageId, type, anonymousId, userId, ISO timestamp, context', () => {
    body.batch.forEach((m: any, i: number) => {
      const e = events[i]!;
      expect(m.messageId).toBe(e.id);
      expect(m.type).toBe(e.type == 'page_viewed' ? 'page' : e.type == 'identify' ? 'identify' : 'track');
      expect(m.anonymousId || m.userId).toBeTruthy();
      expect(m.anonymousId).toBe(e.anonymous_id);
      expect(m.userId).toBe(e.user_id);
      expect(m.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(Date.parse(m.timestamp)).toBe(e.ts);
      expect(m.context.page).toEqual({ path: e.page.path, referrer: e.page.referrer, search: '?utm_source=google&utm_medium=cpc&utm_campaign=autumn-kiln&gclid=abc', title: e.page.title, url: e.page.url });
      expect(m.context.campaign).toEqual({ name: 'autumn-kiln', source: 'google', medium: 'cpc' });
      expect(m.context.library).toEqual({ name: 'waymark', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
      expect(m.context.waymark).toMatchObject({ stage: e.stage, lifecycle: e.lifecycle, session_id: e.session_id, seq: e.seq, page_type: 'product', touch: e.touch });
      if (m.type == 'identify') expect(m).not.toHaveProperty('properties');
      else expect(m.properties).toMatchObject({ journey_stage: e.stage, lifecycle_stage: e.lifecycle });
      if (m.type == 'track') expect(typeof m.event).toBe('string');
      else expect(m).not.toHaveProperty('event');
    });
  });

  it('context.waymark carries the click id value, and the automation flag only when it is set', () => {
    expect(body.batch[0].context.waymark.touch).toMatchObject({ click_id: 'gclid', click_id_value: 'abc' });
    expect(body.batch.every((m: any) => !('automated' in m.context.waymark))).toBe(true);
    const robot = JSON.parse(segment().body([{ ...events[0]!, automated: true }], batchOf(SENT_AT)));
    expect(robot.batch[0].context.waymark.automated).toBe(true);
  });

  it('track events carry the spec’s event names; others a Title Case name', () => {
    const names = body.batch.filter((m: any) => m.type == 'track').map((m: any) => m.event);
    for (const name of Object.keys(SPEC)) expect(names).toContain(name);
    expect(names).toEqual(expect.arrayContaining(['Order Status Viewed', 'Return Requested', 'Survey Answered', 'Gift Note Added']));
    expect(Object.values(SEGMENT_EVENTS).sort()).toEqual(Object.keys(SPEC).sort());
  });

  it.each(Object.entries(SPEC))('%s: properties with the spec’s names', (name, [present, absent]) => {
    const type = Object.keys(SEGMENT_EVENTS).find((t) => SEGMENT_EVENTS[t] == name)!;
    const m = messageOf(type);
    expect(m.event).toBe(name);
    for (const p of present) expect(m.properties, p).toHaveProperty(p);
    for (const p of absent) expect(m.properties, p).not.toHaveProperty(p);
    for (const product of m.properties.products ?? []) {
      expect(product).toHaveProperty('product_id');
      expect(product).not.toHaveProperty('id');
    }
  });

  it('orders: total is what the shopper paid, revenue leaves out tax and shipping; steps are numbers', () => {
    expect(messageOf('order_completed').properties).toMatchObject({ order_id: 'AC-1001', total: 60.07, revenue: 38.06, tax: 10.01, shipping: 12, currency: 'EUR' });
    expect(messageOf('order_refunded').properties).toMatchObject({ order_id: 'AC-1001', total: 24, currency: 'EUR' });
    expect(messageOf('checkout_step_completed').properties).toMatchObject({ step: 2, step_name: 'shipping', shipping_method: 'express', checkout_id: 'co-3' });
    const payment = body.batch.findLast((m: any) => m.event == 'Checkout Step Completed');
    expect(payment.properties).toMatchObject({ step: 3, step_name: 'payment' });
  });

  it('page and identify calls', () => {
    const page = body.batch[0];
    expect(page.properties).toMatchObject({ path: '/products/ridge-mug', title: 'Ridge Stoneware Mug · Alder & Clay', url: events[0]!.page.url, page_type: 'product' });
    const identify = messageOf('identify');
    expect(identify.userId).toBe('u-42');
    const e = events.find((x) => x.type == 'identify')!;
    expect(e.traits).toMatchObject({ order_count: 1 });
    expect(identify.traits).toEqual({ ...e.traits, lifecycle_stage: e.lifecycle });
  });

  it('a custom event keeps its properties as they are', () => {
    expect(messageOf('gift_note_added').properties).toMatchObject({ length: 42, note: 'Happy birthday, Jo' });
  });
});

describe('segment format in an instance', () => {
  it("a page whose JSON.stringify throws still gets its events to the pipeline", async () => {
    const sent: string[] = [];
    const transport = { post: async (_url: string, body: string) => (sent.push(body), { status: 200 }), beacon: () => false };
    const { stringify } = JSON;
    JSON.stringify = () => {
      throw new Error('replaced by the page');
    };
    try {
      const waymark = createWaymark({ endpoint: 'https://api.segment.io', trackPages: false, format: segment({ writeKey: 'wk_123' }) }, deps(transport));
      waymark.track('product_viewed', { id: 'ridge-mug', price: 24, currency: 'EUR' });
      await waymark.flush();
    } finally {
      JSON.stringify = stringify;
    }
    expect(sent.map((b) => JSON.parse(b).batch[0].properties.product_id)).toEqual(['ridge-mug']);
  });

  it('sends the batch call to the endpoint, with no headers unless configured', async () => {
    const sent: { url: string; body: string; headers?: Record<string, string> }[] = [];
    const transport = { post: async (url: string, body: string, headers?: Record<string, string>) => (sent.push({ url, body, headers }), { status: 200 }), beacon: () => false };
    const waymark = createWaymark({ endpoint: 'https://api.segment.io', trackPages: false, format: segment({ writeKey: 'wk_123' }) }, deps(transport));
    waymark.track('product_viewed', { id: 'ridge-mug', price: 24, currency: 'EUR' });
    await waymark.flush();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.url).toBe('https://api.segment.io/v1/batch');
    expect(sent[0]!.headers).toBeUndefined();
    const call = JSON.parse(sent[0]!.body);
    expect(call.writeKey).toBe('wk_123');
    expect(call.batch[0]).toMatchObject({ type: 'track', event: 'Product Viewed', properties: { product_id: 'ridge-mug', price: 24, currency: 'EUR', journey_stage: 'consideration' } });
  });
});
