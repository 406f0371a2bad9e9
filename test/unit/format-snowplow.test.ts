/**
 * The Snowplow format against the schemas a Snowplow pipeline validates with: every kind of event,
 * sent as a batch, must pass `payload_data` 1-0-4, the `contexts` and `unstruct_event` envelopes,
 * the Iglu schema of every entity and self-describing event it names (Snowplow's e-commerce
 * schemas from Iglu Central, Waymark's own from `schema/iglu/`). Any error fails the test.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { WaymarkEvent } from '../../src/types';
import { snowplow, SNOWPLOW_HEADERS } from '../../src/formats/snowplow';
import { CHECKOUT_STEPS } from '../../src/formats/snowplow-entities';
import { TAXONOMY } from '../../src/events/taxonomy';
import { journeyEvents } from './format-events';
import { batchOf, deps, createWaymark } from './helpers';
import { ajv, decode, FIXTURES, problems, read, schemaFiles, SELF_DESC, validateBody, validators } from './format-iglu';

let events: WaymarkEvent[];
const SENT_AT = 1_795_000_000_123;

beforeAll(async () => {
  events = await journeyEvents();
});

describe('the schemas themselves', () => {
  it('every schema, Waymark’s included, is a valid self-describing schema', () => {
    expect(validators.size).toBe(schemaFiles.length);
    for (const file of schemaFiles) {
      const schema = JSON.parse(readFileSync(file, 'utf8'));
      expect(schema.$schema).toBe(SELF_DESC);
      expect(ajv.validateSchema(schema), file + ' ' + ajv.errorsText()).toBe(true);
    }
    expect(validators.has('iglu:com.waymark/journey/jsonschema/1-0-0')).toBe(true);
    expect(validators.has('iglu:com.waymark/journey/jsonschema/1-0-1')).toBe(true);
    expect(validators.has('iglu:com.waymark/event/jsonschema/1-0-0')).toBe(true);
  });

  it('no schema uses a draft-04 form that draft-07 reads differently', () => {
    for (const file of schemaFiles) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/"exclusive(Minimum|Maximum)"\s*:\s*(true|false)|"id"\s*:\s*"http/);
    }
  });

  it('the validator fails on an error (it is not a no-op)', () => {
    expect(problems('iglu:com.snowplowanalytics.snowplow.ecommerce/product/jsonschema/1-0-0', { id: 'x' }, 't')).not.toEqual([]);
    expect(problems('iglu:com.waymark/journey/jsonschema/1-0-0', { event: 'x', stage: 'shopping' }, 't')).not.toEqual([]);
    expect(problems('iglu:com.snowplowanalytics.snowplow.ecommerce/cart/jsonschema/1-0-0', { total_value: 12.345, currency: 'EUR' }, 't')).not.toEqual([]);
    expect(validateBody(JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4', data: [{ e: 'pv' }] }))).not.toEqual([]);
  });
});

describe('snowplow format: every event validates against the Iglu schemas', () => {
  it('the journey covers every type of the taxonomy, identify and a custom event', () => {
    const types = new Set(events.map((e) => e.type));
    for (const type of Object.keys(TAXONOMY)) expect(types).toContain(type);
    expect(types).toContain('identify');
    expect(types).toContain('gift_note_added');
  });

  it.each([
    ['JSON strings (co, ue_pr)', {}],
    ['base64url (cx, ue_px)', { base64: true }],
  ])('one batch of every event, %s, has no schema error', (_, options) => {
    const body = snowplow({ appId: 'alder-clay', ...options }).body(events, batchOf(SENT_AT));
    expect(validateBody(body)).toEqual([]);
  });

  it.each(['JSON', 'base64url'])('each event alone (%s) has no schema error', (mode) => {
    const format = snowplow({ base64: mode == 'base64url' });
    for (const e of events) expect(validateBody(format.body([e], batchOf(SENT_AT))), e.type).toEqual([]);
  });
});

describe('snowplow format: what each event says', () => {
  const sent = () =>
    (JSON.parse(snowplow({ appId: 'alder-clay' }).body(events, batchOf(SENT_AT))).data as Record<string, string>[]).map(read);

  it('tracker protocol fields: ids, times, page, as strings', () => {
    const out = sent();
    expect(out).toHaveLength(events.length);
    out.forEach(({ ev }, i) => {
      const e = events[i]!;
      expect(ev).toMatchObject({
        e: e.type == 'page_viewed' ? 'pv' : 'ue',
        eid: e.id,
        p: 'web',
        aid: 'alder-clay',
        tna: 'waymark',
        tv: expect.stringMatching(/^waymark-\d+\.\d+\.\d+/),
        dtm: String(e.ts),
        stm: String(SENT_AT),
        duid: e.anonymous_id,
        sid: e.session_id,
        url: e.page.url,
        page: e.page.title,
        refr: e.page.referrer,
      });
      expect(ev.uid).toBe(e.user_id);
      for (const v of Object.values(ev)) expect(typeof v).toBe('string');
    });
  });

  it('a journey entity on every event: stage, lifecycle, touchpoints', () => {
    sent().forEach(({ entities }, i) => {
      const e = events[i]!;
      expect(entities('journey')).toEqual([
        { event: e.type, stage: e.stage, lifecycle: e.lifecycle, seq: e.seq, page_type: 'product', touch: e.touch, first_touch: e.first_touch },
      ]);
      expect(entities('page')).toEqual([{ type: 'product' }]);
    });
    expect(events.find((e) => e.type == 'order_completed')!.lifecycle).toBe('conversion');
  });

  it('the journey entity carries the click id value and the automation flag, and validates', () => {
    const automated = events.map((e) => ({ ...e, automated: true as const }));
    const body = snowplow({ appId: 'alder-clay' }).body(automated, batchOf(SENT_AT));
    expect(validateBody(body)).toEqual([]);
    for (const { entities } of (JSON.parse(body).data as Record<string, string>[]).map(read)) {
      expect(entities('journey')[0]).toMatchObject({ automated: true, touch: { click_id: 'gclid', click_id_value: 'abc' } });
    }
    expect(sent().every(({ entities }) => !('automated' in entities('journey')[0]))).toBe(true);
  });

  it('commerce events are e-commerce actions with their entities', () => {
    const out = sent();
    const first = (type: string) => out[events.findIndex((e) => e.type == type)]!;
    const action = (type: string) => first(type).event;
    const ACTION = 'iglu:com.snowplowanalytics.snowplow.ecommerce/snowplow_ecommerce_action/jsonschema/1-0-2';
    expect(action('product_list_viewed')).toEqual({ schema: ACTION, data: { type: 'list_view', name: 'Mugs' } });
    expect(first('product_list_viewed').entities('product').map((p: any) => [p.id, p.position])).toEqual([['ridge-mug', 1], ['tide-bowl', 2]]);
    expect(action('product_viewed').data).toEqual({ type: 'product_view' });
    expect(first('product_viewed').entities('product')).toEqual([
      { id: 'ridge-mug', name: 'Ridge Stoneware Mug', category: 'Tableware/Mugs', price: 24, variant: 'Moss', brand: 'Alder & Clay', currency: 'EUR' },
    ]);
    expect(action('product_added_to_cart').data).toEqual({ type: 'add_to_cart' });
    expect(first('product_added_to_cart').entities('product')[0]).toMatchObject({ id: 'ridge-mug', quantity: 2 });
    expect(action('product_removed_from_cart').data).toEqual({ type: 'remove_from_cart' });
    expect(first('product_removed_from_cart').entities('product')[0]).toMatchObject({ id: 'tide-bowl', category: 'unknown', price: 12.99, quantity: 1 });
    expect(action('checkout_started').data).toEqual({ type: 'checkout_step' });
    expect(first('checkout_started').entities('checkout_step')).toEqual([{ step: 1 }]);
    expect(first('checkout_started').entities('cart')).toEqual([{ cart_id: 'co-3', total_value: 54.89, currency: 'EUR' }]);
    expect(first('checkout_step_completed').entities('checkout_step')).toEqual([{ step: CHECKOUT_STEPS.shipping, delivery_method: 'express' }]);
    expect(action('order_completed').data).toEqual({ type: 'transaction' });
    expect(first('order_completed').entities('transaction')).toEqual([
      { transaction_id: 'AC-1001', revenue: 60.07, currency: 'EUR', payment_method: 'paypal', total_quantity: 3, tax: 10.01, shipping: 12, discount_code: 'WELCOME10', discount_amount: 6.1 },
    ]);
    expect(first('order_completed').entities('product')).toHaveLength(2);
    expect(action('order_refunded').data).toEqual({ type: 'refund' });
    expect(first('order_refunded').entities('refund')).toEqual([{ transaction_id: 'AC-1001', currency: 'EUR', refund_amount: 24 }]);
  });

  it('required entity fields the store left out get the documented defaults', () => {
    const out = sent();
    const last = (type: string) => out[events.findLastIndex((e) => e.type == type)]!;
    expect(last('product_viewed').entities('product')).toEqual([{ id: 'ridge-mug', category: 'unknown', price: 0, currency: 'USD' }]);
    expect(last('order_completed').entities('transaction')).toEqual([
      { transaction_id: 'AC-1001', revenue: 19.99, currency: 'EUR', payment_method: 'unknown', total_quantity: 0 },
    ]);
    // A refund without a value: the sum of its items, else 0.
    expect(last('order_refunded').entities('refund')).toEqual([{ transaction_id: 'AC-1001', currency: 'USD', refund_amount: 0 }]);
    const refund = structuredClone(events.findLast((e) => e.type == 'order_refunded')!);
    refund.props.items = [{ id: 'a', price: 12.5, quantity: 2 }, { id: 'b', price: 3.1 }];
    expect(read(JSON.parse(snowplow().body([refund], batchOf(1))).data[0]).entities('refund')[0].refund_amount).toBe(28.1);
    // No cart value, no cart entity: the schema requires its total.
    expect(last('cart_viewed').entities('cart')).toEqual([]);
    const eur = JSON.parse(snowplow({ currency: 'EUR' }).body([events.findLast((e) => e.type == 'product_viewed')!], batchOf(1))).data[0];
    expect(read(eur).entities('product')[0].currency).toBe('EUR');
  });

  it('other events are com.waymark/event with their properties; identify carries the user', () => {
    const out = sent();
    for (const [i, e] of events.entries()) {
      if (e.type == 'page_viewed' || out[i]!.event.schema.includes('ecommerce')) continue;
      expect(out[i]!.event).toEqual({ schema: 'iglu:com.waymark/event/jsonschema/1-0-0', data: JSON.parse(JSON.stringify({ type: e.type, props: e.props, traits: e.traits })) });
    }
    const identify = out[events.findIndex((e) => e.type == 'identify')]!;
    expect(identify.ev.uid).toBe('u-42');
    expect(identify.event.data.traits).toEqual(events.find((e) => e.type == 'identify')!.traits);
    expect(identify.event.data.traits).toMatchObject({ order_count: 1 });
  });

  it('money is rounded to cents and capped at the schemas’ maximum', () => {
    const e = structuredClone(events.find((x) => x.type == 'cart_viewed')!);
    Object.assign(e.props, { value: 12.345, items: [{ id: 'a', price: 12.344, quantity: 1 }, { id: 'b', price: 1e12 }] });
    const body = snowplow().body([e], batchOf(1));
    expect(validateBody(body)).toEqual([]);
    const { entities } = read(JSON.parse(body).data[0]);
    expect(entities('cart')[0].total_value).toBe(12.35);
    expect(entities('product').map((p: any) => p.price)).toEqual([12.34, 9_999_999]);
  });
});

describe('snowplow format in an instance', () => {
  it('POSTs to <endpoint>/com.snowplowanalytics.snowplow/tp2 with JSON content type', async () => {
    const sentTo: { url: string; body: string; headers?: Record<string, string> }[] = [];
    const transport = { post: async (url: string, body: string, headers?: Record<string, string>) => (sentTo.push({ url, body, headers }), { status: 200 }), beacon: () => false };
    const waymark = createWaymark(
      { endpoint: 'https://collector.example.com/', trackPages: false, format: snowplow({ appId: 'shop' }) },
      deps(transport),
    );
    waymark.track('product_viewed', { id: 'ridge-mug', price: 24, currency: 'EUR' });
    await waymark.flush();
    expect(sentTo).toHaveLength(1);
    expect(sentTo[0]!.url).toBe('https://collector.example.com/com.snowplowanalytics.snowplow/tp2');
    expect(sentTo[0]!.headers).toEqual({ 'Content-Type': 'application/json; charset=utf-8' });
    expect(validateBody(sentTo[0]!.body)).toEqual([]);
    expect(snowplow({ postPath: '/r/tp2' }).url!('https://c.example.com')).toBe('https://c.example.com/r/tp2');
  });

  it('the fixtures are the ones the README names', () => {
    expect(existsSync(path.join(FIXTURES, 'com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4.json'))).toBe(true);
  });
});
