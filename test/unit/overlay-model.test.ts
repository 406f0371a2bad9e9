import { describe, expect, it } from 'vitest';
import type { WaymarkEvent } from '../../src/types';
import type { Entry, Journey, View, Vital } from '../../src/debug/model';
import { createModel, MAX_ENTRIES } from '../../src/debug/model';
import { plain, json } from '../../src/debug/plain';
import { status, time, touch } from '../../src/debug/format';

let n = 0;
const event = (over: Partial<WaymarkEvent> = {}): WaymarkEvent => ({
  id: 'e' + ++n,
  type: 'page_viewed',
  ts: 0,
  stage: 'awareness',
  lifecycle: 'acquisition',
  anonymous_id: 'a1',
  session_id: 's1',
  seq: n,
  page: { url: 'https://shop.test/', path: '/', title: 'Shop', referrer: '' },
  touch: { channel: 'email', source: 'newsletter', campaign: 'autumn' },
  first_touch: { channel: 'organic_search', source: 'google' },
  props: {},
  ...over,
});

/** A view that records what the model asks it to draw. */
const recorder = () => {
  const calls = { added: [] as Entry[], changed: [] as Entry[], removed: [] as Entry[], warned: [] as string[], counts: [0, 0], journey: undefined as Journey | undefined, vitals: new Map<string, Vital>() };
  const view: View = {
    added: (e) => calls.added.push(e),
    changed: (e) => calls.changed.push(e),
    removed: (e) => calls.removed.push(e),
    warned: (m) => calls.warned.push(m),
    journey: (j) => (calls.journey = j),
    vitals: (v) => (calls.vitals = new Map(v)),
    counts: (e, w) => (calls.counts = [e, w]),
  };
  return { calls, model: createModel(view) };
};

describe('overlay model', () => {
  it('lists events and follows their delivery status', () => {
    const { calls, model } = recorder();
    const e = event();
    model.apply(['track', e]);
    model.apply(['status', { ids: [e.id], status: 'queued' }]);
    model.apply(['status', { ids: [e.id], status: 'retrying', reason: 'HTTP 503', retryAt: 5000 }]);
    expect(calls.added.map((x) => x.event)).toEqual([e]);
    expect(calls.changed.at(-1)).toMatchObject({ status: 'retrying', reason: 'HTTP 503', retryAt: 5000 });
    model.apply(['status', { ids: [e.id], status: 'sent' }]);
    expect(calls.changed.at(-1)).toMatchObject({ status: 'sent', reason: undefined, retryAt: undefined });
    expect(calls.counts).toEqual([1, 0]);
  });

  it('puts a validation warning beside its event, though it is reported before the event', () => {
    const { calls, model } = recorder();
    const e = event({ type: 'product_viewed' });
    model.apply(['warn', { message: 'price should be a number', id: e.id }]);
    model.apply(['track', e]);
    model.settle();
    expect(calls.added[0]!.warnings).toEqual(['price should be a number']);
    expect(calls.warned).toEqual([]);
    expect(calls.counts).toEqual([1, 1]);
    model.apply(['warn', { message: 'beforeSend threw', id: e.id }]);
    expect(calls.changed.at(-1)!.warnings).toEqual(['price should be a number', 'beforeSend threw']);
  });

  it('shows general warnings, and warnings whose event never came, on their own', () => {
    const { calls, model } = recorder();
    model.apply(['warn', { message: 'config.batchSize should be a number' }]);
    model.apply(['warn', { message: 'bad stage', id: 'gone' }]);
    model.apply(['status', { ids: ['gone'], status: 'dropped', reason: 'beforeSend' }]);
    model.settle();
    expect(calls.warned).toEqual([
      'config.batchSize should be a number',
      '1 event(s) not in the list dropped: beforeSend',
      'bad stage (event gone)',
    ]);
    expect(calls.counts).toEqual([0, 3]);
  });

  it('ignores statuses of events it never listed unless they are dropped', () => {
    const { calls, model } = recorder();
    model.apply(['status', { ids: ['old'], status: 'sent' }]);
    expect(calls.warned).toEqual([]);
    expect(calls.changed).toEqual([]);
  });

  it('lights the stages reached in this session and starts again with a new session', () => {
    const { calls, model } = recorder();
    model.apply(['track', event({ stage: 'awareness' })]);
    model.apply(['track', event({ stage: 'purchase', lifecycle: 'conversion', user_id: 'u7' })]);
    expect([...calls.journey!.stages]).toEqual(['awareness', 'purchase']);
    expect(calls.journey).toMatchObject({ session: 's1', anonymous: 'a1', user: 'u7', lifecycle: 'conversion' });
    expect(calls.journey!.first).toEqual({ channel: 'organic_search', source: 'google' });
    model.apply(['track', event({ stage: 'retention', session_id: 's2' })]);
    expect([...calls.journey!.stages]).toEqual(['retention']);
  });

  it('keeps the latest web vital of each name', () => {
    const { calls, model } = recorder();
    model.apply(['track', event({ type: 'web_vital', props: { name: 'LCP', value: 3000, rating: 'needs-improvement' } })]);
    model.apply(['track', event({ type: 'web_vital', props: { name: 'LCP', value: 1200, rating: 'good' } })]);
    model.apply(['track', event({ type: 'web_vital', props: { name: 'CLS', value: 0.02 } })]);
    expect([...calls.vitals]).toEqual([
      ['LCP', { value: 1200, rating: 'good' }],
      ['CLS', { value: 0.02, rating: undefined }],
    ]);
  });

  it(`keeps the latest ${MAX_ENTRIES} events`, () => {
    const { calls, model } = recorder();
    const first = event();
    model.apply(['track', first]);
    for (let i = 0; i < MAX_ENTRIES; i++) model.apply(['track', event()]);
    expect(calls.removed.map((x) => x.event)).toEqual([first]);
    expect(model.entries().size).toBe(MAX_ENTRIES);
    expect(calls.counts[0]).toBe(MAX_ENTRIES + 1);
  });

  it('clear empties the list and counts but keeps the journey', () => {
    const { calls, model } = recorder();
    model.apply(['track', event({ stage: 'consideration' })]);
    model.apply(['warn', { message: 'x' }]);
    model.clear();
    expect(model.entries().size).toBe(0);
    expect(calls.counts).toEqual([0, 0]);
    expect([...model.journey.stages]).toEqual(['consideration']);
  });

  it('survives events that are not objects', () => {
    const { calls, model } = recorder();
    model.apply(['track', null as unknown as WaymarkEvent]);
    expect(calls.added).toEqual([]);
  });
});

describe('overlay helpers', () => {
  it('plain copies cycles, bigints, functions and throwing getters without throwing', () => {
    const a: Record<string, unknown> = { n: 10n, f: () => 1, shared: { x: 1 } };
    a.self = a;
    a.again = a.shared;
    const hostile = Object.defineProperty({}, 'bad', { enumerable: true, get: () => { throw new Error('no'); } });
    expect(plain({ hostile })).toEqual({ hostile: '[Error: no]' });
    expect(plain(a)).toEqual({ n: '10', f: '[function]', shared: { x: 1 }, self: '[circular]', again: { x: 1 } });
    expect(JSON.parse(json({ list: [1, 'two', null] }))).toEqual({ list: [1, 'two', null] });
  });

  it('formats statuses, touchpoints and times', () => {
    const retryAt = new Date(2026, 0, 1, 9, 5, 7).getTime();
    const e = { event: event(), warnings: [] };
    expect(status({ ...e, status: 'retrying', reason: 'HTTP 503', retryAt })).toBe('retrying at 09:05:07 (HTTP 503)');
    expect(status({ ...e, status: 'dropped', reason: 'queue full' })).toBe('dropped (queue full)');
    expect(status({ ...e, status: 'sent' })).toBe('sent');
    expect(status(e)).toBe('unknown');
    expect(touch({ channel: 'email', source: 'newsletter', campaign: 'autumn' })).toBe('email · newsletter · autumn');
    expect(touch(undefined)).toBe('–');
    expect(time('nope')).toBe('--:--:--');
  });
});
