/**
 * A pipeline with a format of its own: a `WireFormat` object is the whole escape hatch. This runs
 * the README's example ("Sending to your pipeline") as it is written there.
 */
import { expect, it } from 'vitest';
import type { WireFormat } from '../../src/types';
import { deps, createWaymark } from './helpers';

it('a custom WireFormat: its URL and its body, through the same delivery', async () => {
  const sent: { url: string; body: string }[] = [];
  const transport = { post: async (url: string, body: string) => (sent.push({ url, body }), { status: 200 }), beacon: () => false };
  const create = (config: Parameters<typeof createWaymark>[0]) => createWaymark({ ...config, trackPages: false }, deps(transport));

  // README: "Any other pipeline"
  const rows: WireFormat = {
    url: (endpoint) => endpoint + '/ingest',
    body: (events, { sent_at, json }) =>
      json({ sent: sent_at, rows: events.map((e) => ({ event_id: e.id, name: e.type, stage: e.stage, at: e.ts, props: e.props })) }),
  };
  const waymark = create({ endpoint: 'https://pipeline.example.com', format: rows });

  waymark.track('product_viewed', { id: 'ridge-mug', price: 24, currency: 'EUR' });
  await waymark.flush();
  expect(sent).toHaveLength(1);
  expect(sent[0]!.url).toBe('https://pipeline.example.com/ingest');
  const body = JSON.parse(sent[0]!.body);
  expect(body.sent).toBeGreaterThan(0);
  expect(body.rows).toEqual([
    { event_id: expect.any(String), name: 'product_viewed', stage: 'consideration', at: expect.any(Number), props: { id: 'ridge-mug', price: 24, currency: 'EUR' } },
  ]);
});

it("a format's `json` writes plain JSON on a page that gave arrays a `toJSON` (Prototype.js)", async () => {
  const sent: string[] = [];
  const transport = { post: async (_url: string, body: string) => (sent.push(body), { status: 200 }), beacon: () => false };
  const proto = Array.prototype as any;
  // Prototype.js writes arrays as JSON text inside the JSON.
  proto.toJSON = function (this: unknown[]) {
    return '[' + this.join() + ']';
  };
  try {
    const waymark = createWaymark({ endpoint: '/e', trackPages: false, format: { body: (events, { json }) => json({ ids: events.map((e) => e.id), tags: ['a', 'b'] }) } }, deps(transport));
    waymark.track('product_viewed', { id: 'ridge-mug' });
    await waymark.flush();
  } finally {
    delete proto.toJSON;
  }
  expect(JSON.parse(sent[0]!)).toEqual({ ids: [expect.any(String)], tags: ['a', 'b'] });
});
