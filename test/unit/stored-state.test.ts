/**
 * What Waymark reads back from storage is checked before it is used: a visitor is repaired and
 * keeps its id, a broken session ends, a stored event the wire schema would refuse is dropped,
 * module memory that does not fit is forgotten. Each case seeds storage through the browser seam,
 * tracks good events, and checks every request body against `schema/wire.json`.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import type { Plugin } from '../../src/types';
import { createWaymark, fakeBrowser, readBody } from './helpers';
import { expandBatch } from '../../examples/collector/decode.mjs';
import Ajv from 'ajv';
import { cartAbandonment } from '../../src/capture/cart-abandonment';
import { checkoutTiming } from '../../src/capture/checkout-timing';
import { CHANNELS } from '../../src/context/touchpoint';
import { LIFECYCLES } from '../../src/journey/lifecycle';
import schema from '../../schema/wire.json';
import stored from '../browser/fixtures/stored-event.json';

afterEach(() => void vi.restoreAllMocks());

// The collector's check (examples/collector/validate.mjs), compiled here: jsdom's URL cannot locate the schema file.
const ajv = new Ajv({ allErrors: true, strict: false });
const check = ajv.compile(schema);
const checkEvent = ajv.compile({ definitions: schema.definitions, $ref: '#/definitions/event' });
const errors = (fn: typeof check, value: unknown, at = '') => (fn(value) ? [] : fn.errors!.map((e) => `${at}${e.instancePath} ${e.message}`));
/**
 * What the collector's schema finds wrong with a request body: the batch as sent, and each event
 * once the batch's `shared` fields are back in it. Nothing, for a valid batch.
 */
const problemsOf = (body: any) => [...errors(check, body), ...(expandBatch(body).events ?? []).flatMap((e: unknown, i: number) => errors(checkEvent, e, `/events/${i}`))];

const DIRECT = { channel: 'direct', source: 'direct' };

/** An event as an earlier page of this version stored it. */
/** An event as an earlier page of this version stored it (the fixture), under its own id. */
const storedEvent = (id: string) => ({ ...stored, id, props: { id } });

/**
 * Seed storage with `seed` (strings as they are, anything else as JSON), start an instance on it,
 * track three good events and wait until they are delivered.
 */
const run = async (seed: Record<string, unknown>, plugins: Plugin[] = []) => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  for (const m of ['debug', 'groupCollapsed', 'groupEnd'] as const) vi.spyOn(console, m).mockImplementation(() => {});
  const fake = fakeBrowser();
  for (const [key, value] of Object.entries(seed)) fake.local.setItem(key, typeof value == 'string' ? value : JSON.stringify(value));
  const waymark = createWaymark({ endpoint: '/e', trackPages: false, debug: true, flushInterval: 1, plugins }, { browser: fake.browser });
  for (let i = 0; i < 3; i++) waymark.track('product_viewed', { id: 'good-' + i });
  const bodies = () => fake.sent.map((b) => JSON.parse(b));
  const events = () => fake.sent.flatMap((b) => readBody(b).events);
  await vi.waitFor(() => expect(events().map((e) => e.props.id)).toEqual(expect.arrayContaining(['good-0', 'good-1', 'good-2'])));
  return {
    fake,
    waymark,
    bodies,
    events,
    /** Debug warnings about a stored key. */
    warnings: (key: string) => warn.mock.calls.map(([m]) => String(m)).filter((m) => m.startsWith(`[waymark] stored ${key} `)),
  };
};

/** Every request body was a batch the collector's schema accepts. */
const allValid = (bodies: unknown[]) => {
  expect(bodies.length).toBeGreaterThan(0);
  for (const body of bodies) expect(problemsOf(body)).toEqual([]);
};

describe('the stored visitor (wm.v)', () => {
  it('with an unknown first_touch.channel: the first touch becomes direct, the id is kept', async () => {
    const { bodies, events, warnings, fake } = await run({ 'wm.v': { anonymous_id: 'visitor-1', orders: 2, first_touch: { channel: 'tv', source: 'ad' } } });
    allValid(bodies());
    expect(events().map((e) => [e.anonymous_id, e.first_touch, e.lifecycle])).toEqual(Array(3).fill(['visitor-1', DIRECT, 'loyalty']));
    expect(warnings('wm.v')).toEqual(['[waymark] stored wm.v was invalid (first_touch) and has been repaired']);
    await vi.waitFor(() => expect(JSON.parse(fake.local.getItem('wm.v')!).first_touch).toEqual(DIRECT));
  });

  it('with an empty anonymous_id: a new id', async () => {
    const { bodies, events, warnings } = await run({ 'wm.v': { anonymous_id: '', orders: 0, first_touch: DIRECT } });
    allValid(bodies());
    expect(new Set(events().map((e) => e.anonymous_id)).size).toBe(1);
    expect(events()[0].anonymous_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(warnings('wm.v')).toHaveLength(1);
  });

  it('with lifecycle "vip": the lifecycle is worked out again from what was seen', async () => {
    const { bodies, events, warnings } = await run({ 'wm.v': { anonymous_id: 'visitor-1', orders: 1, lifecycle: 'vip', user_id: 7, loyal: 'yes', first_touch: DIRECT } });
    allValid(bodies());
    expect(events().map((e) => [e.anonymous_id, e.lifecycle, e.user_id])).toEqual(Array(3).fill(['visitor-1', 'conversion', undefined]));
    expect(warnings('wm.v')).toHaveLength(1);
  });

  it('that is no object at all: a new visitor', async () => {
    const { bodies, warnings } = await run({ 'wm.v': [1, 2] });
    allValid(bodies());
    expect(warnings('wm.v')).toEqual(['[waymark] stored wm.v was invalid and has been reset']);
  });

  it('written wrong again by another tab: repaired again, still one warning', async () => {
    const { fake, waymark, bodies, events, warnings } = await run({ 'wm.v': { anonymous_id: 'visitor-1', orders: 0, first_touch: { channel: 'tv', source: 'ad' } } });
    fake.local.setItem('wm.v', JSON.stringify({ anonymous_id: 'visitor-1', orders: -1, first_touch: DIRECT }));
    window.dispatchEvent(new StorageEvent('storage', { key: 'wm.v' }));
    waymark.track('product_viewed', { id: 'later' });
    await vi.waitFor(() => expect(events().map((e) => e.props.id)).toContain('later'));
    allValid(bodies());
    expect(warnings('wm.v')).toHaveLength(1);
  });
});

describe('the stored session (wm.s)', () => {
  it('without touch.source and with a fractional seq: a new session', async () => {
    const session = { id: 'session-1', last: Date.now(), seq: 2.5, pages: 1, touch: { channel: 'email' } };
    const { bodies, events, warnings } = await run({ 'wm.s': session });
    allValid(bodies());
    expect(events().map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(events().every((e) => e.session_id != 'session-1')).toBe(true);
    expect(warnings('wm.s')).toEqual(['[waymark] stored wm.s was invalid and has been reset']);
  });

  it('a whole one goes on', async () => {
    const session = { id: 'session-1', last: Date.now(), seq: 4, pages: 1, touch: { channel: 'email', source: 'newsletter' } };
    const { bodies, events, warnings } = await run({ 'wm.s': session });
    allValid(bodies());
    expect(events().map((e) => [e.session_id, e.seq])).toEqual([['session-1', 5], ['session-1', 6], ['session-1', 7]]);
    expect(warnings('wm.s')).toEqual([]);
  });
});

describe('stored queue chunks (wm.q.*)', () => {
  it('junk mixed with good events: the good ones are delivered, the junk is dropped with one warning', async () => {
    const junk = [
      null,
      'x',
      { id: 1 },
      { ...storedEvent('bad-lifecycle'), lifecycle: 'vip' },
      { ...storedEvent('bad-seq'), seq: 1.5 },
      { ...storedEvent('bad-touch'), touch: { channel: 'email' } },
      { ...storedEvent('bad-page'), page: { url: 'u' } },
      { ...storedEvent('bad-props'), props: [] },
      { ...storedEvent('x'.repeat(65)) },
    ];
    const chunk = [storedEvent('kept-1'), ...junk, storedEvent('kept-2')];
    const { bodies, events, warnings } = await run({ 'wm.q.gone.0': chunk, 'wm.q.gone.1': { not: 'a list' } });
    await vi.waitFor(() => expect(events().map((e) => e.id)).toEqual(expect.arrayContaining(['kept-1', 'kept-2'])));
    allValid(bodies());
    expect(events()).toHaveLength(5);
    expect(warnings('wm.q.gone.0')).toEqual(['[waymark] stored wm.q.gone.0 was invalid (event) and has been repaired']);
    expect(warnings('wm.q.gone.1')).toEqual(['[waymark] stored wm.q.gone.1 was invalid and has been reset']);
  });
});

describe("capture modules' memory", () => {
  it('junk cart and checkout memory is forgotten with a warning; the modules go on working', async () => {
    const { waymark, bodies, events, warnings, fake } = await run(
      {
        'wm.cart': { items: [null, { id: 5 }], last_step: 'cart', session: 'old' },
        'wm.checkout': { start: 'yesterday', last: null },
      },
      [cartAbandonment(), checkoutTiming()],
    );
    waymark.track('product_added_to_cart', { id: 'mug', price: 12, currency: 'EUR' });
    waymark.track('checkout_started', { value: 12, currency: 'EUR' });
    waymark.track('order_completed', { order_id: 'o-1', value: 12, currency: 'EUR' });
    await vi.waitFor(() => expect(events().map((e) => e.type)).toContain('order_completed'));
    allValid(bodies());
    // Nothing came of the junk: no abandoned cart, and the checkout was timed from its real start.
    expect(events().map((e) => e.type)).not.toContain('cart_abandoned');
    expect(events().find((e) => e.type == 'order_completed').props.checkout_duration_ms).toBeGreaterThanOrEqual(0);
    expect(warnings('wm.cart')).toEqual(['[waymark] stored wm.cart was invalid and has been reset']);
    expect(warnings('wm.checkout')).toEqual(['[waymark] stored wm.checkout was invalid and has been reset']);
    expect(fake.local.getItem('wm.checkout')).toBeNull();
  });
});

describe('the checks follow the wire format', () => {
  it('every channel and lifecycle stage of schema/wire.json, and no other', () => {
    expect([...CHANNELS].sort()).toEqual([...schema.definitions.touch.properties.channel.enum].sort());
    expect([...LIFECYCLES].sort()).toEqual([...schema.definitions.lifecycle.enum].sort());
  });

  it('the stored event of these tests is one the schema accepts', () => {
    expect(problemsOf({ v: 1, sent_at: 1, events: [storedEvent('a')] })).toEqual([]);
  });
});

/** JSON-ish junk: what another script, an older version or a person at the console might leave. */
const junk = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.anything({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'undefined'),
    fc.string(),
    fc.constantFrom('{"broken', 'null', '[]', '{}', '""', 'NaN', '[null]', '{"anonymous_id":""}', '[{"id":"x"}]'),
    // Almost right: a valid value with one field replaced by anything.
    fc
      .tuple(
        fc.constantFrom<Record<string, unknown>>(
          { anonymous_id: 'visitor-1', orders: 1, first_touch: DIRECT },
          { id: 'session-1', last: Date.now(), seq: 3, pages: 1, touch: DIRECT },
          storedEvent('near'),
          { items: [{ id: 'mug', quantity: 1 }], last_step: 'cart', session: 'old' },
          { start: 1, last: 2 },
        ),
        fc.constantFrom('anonymous_id', 'orders', 'first_touch', 'lifecycle', 'id', 'last', 'seq', 'touch', 'page', 'props', 'items', 'session', 'start', 'user_id', 'traits'),
        fc.anything({ maxDepth: 2 }),
      )
      .map(([value, field, v]) => JSON.stringify({ ...value, [field]: v }) ?? '{}'),
    fc.constantFrom(storedEvent('near')).map((e) => JSON.stringify([e, { ...e, id: 'near-2', seq: 0 }])),
  );

describe('random junk in every wm.* key before start', () => {
  it('never throws, never loses a later good event, and every batch passes the schema', async () => {
    const KEYS = ['wm.v', 'wm.s', 'wm.q.gone.0', 'wm.q.gone.1', 'wm.h.gone', 'wm.cart', 'wm.checkout', 'wm.optout', 'wm.debug'];
    await fc.assert(
      fc.asyncProperty(fc.record(Object.fromEntries(KEYS.map((k) => [k, junk()])), { requiredKeys: [] }), async (seed) => {
        vi.restoreAllMocks();
        // An opt-out remembered as '1' is the shopper's word: it rightly stops everything.
        if (seed['wm.optout'] == '1') delete seed['wm.optout'];
        const thrown: unknown[] = [];
        const onError = (e: ErrorEvent) => thrown.push(e.error);
        window.addEventListener('error', onError);
        try {
          const { waymark, bodies } = await run(seed, [cartAbandonment(), checkoutTiming()]);
          waymark.destroy();
          allValid(bodies());
        } catch (e) {
          thrown.push(e);
        } finally {
          window.removeEventListener('error', onError);
        }
        expect(thrown).toEqual([]);
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});
